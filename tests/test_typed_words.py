"""Typed words are understood (issue 12, items 4, 6 and 8): labels without emoji, yes/no, consent, greetings,
punctuation, a typo inside a submenu, «back» to the same page, and an invite sent as the first message."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from handlers.core import BotCore
from messages import catalog
from messages.normalize import keyword_match, label_key
from storage.models import Contact, Event, Registration, Staff
from storage.services.staff import add_organization, create_invite, grant_role
from tests.conftest import FakeClock
from tests.helpers import Person, add_event

TITLE = "ندوة حوارية حول الانتخابات"


def labels(person: Person) -> list[str]:
    return [o.label for r in person.replies for o in r.options]


async def telegram_person(core: BotCore, external_id: str = "501") -> Person:
    """Someone on Telegram, onboarded by pressing the buttons."""
    person = Person(core, external_id, channel="telegram")
    await person.onboard()
    return person


async def registrations(core: BotCore) -> list[Registration]:
    async with core.db.transaction() as session:
        return list((await session.scalars(select(Registration))).all())


@pytest.mark.parametrize(("typed", "expected"), [
    ("الانتخابات؟", True), ("،القائمة", True), ("«مساعدة»", True), ("المساعدة!", True), ("الانتخابات", True),
    ("الانتخابات الان", False),
])
def test_arabic_punctuation_around_a_word_does_not_stop_it_matching(typed: str, expected: bool) -> None:
    words = ("الانتخابات", "القائمة", "مساعدة")
    assert keyword_match(typed, words) is expected


@pytest.mark.parametrize(("label", "typed"), [
    ("سجّلني ✅", "سجلني"), ("الصفحة التالية ◀", "الصفحة التالية"), ("▶ الصفحة السابقة", "الصفحة السابقه"),
    ("نعم، احذف بياناتي", "نعم احذف بياناتي"), ("تم ✔", "تم"),
])
def test_a_label_typed_without_its_emoji_has_the_same_key(label: str, typed: str) -> None:
    assert label_key(label) == label_key(typed)


@pytest.mark.parametrize("typed", ["الفعاليات القادمة", "الفعاليات القادمه", "الفعاليات القادمة!"])
async def test_a_main_menu_label_typed_on_telegram_opens_it(core: BotCore, clock: FakeClock, typed: str) -> None:
    await add_event(core.db, title=TITLE, starts_at=clock.now + timedelta(days=3))
    person = await telegram_person(core)
    await person.text(typed)
    assert TITLE in person.texts


async def test_typed_labels_register_page_and_go_back(core: BotCore, clock: FakeClock) -> None:
    await add_event(core.db, title=TITLE, starts_at=clock.now + timedelta(days=3))
    person = await telegram_person(core)
    await person.text("الفعاليات")
    await person.text("ندوة حوارية حول الانتخابات")
    assert person.texts.startswith("📌") or TITLE in person.texts
    await person.text("سجلني")
    assert len(await registrations(core)) == 1, "«سجلني» typed registers like the button"


async def test_typed_next_page_label_turns_the_page(core: BotCore, clock: FakeClock) -> None:
    for number in range(7):
        await add_event(core.db, title=f"فعالية رقم {number + 1}", starts_at=clock.now + timedelta(days=2 + number))
    person = await telegram_person(core)
    await person.text("الفعاليات")
    assert "الصفحة ١ من ٢" in person.texts
    await person.text("الصفحة التالية")
    assert "الصفحة ٢ من ٢" in person.texts


async def test_yes_and_no_answer_the_delete_confirmation(core: BotCore, clock: FakeClock) -> None:
    person = await telegram_person(core)
    await person.text("الإعدادات")
    await person.text("حذف بياناتي")
    assert "نعم، احذف بياناتي" in labels(person)
    await person.text("لا")
    assert any("اللغة" in label for label in labels(person)), "«لا» goes back to the settings"
    await person.text("حذف بياناتي")
    await person.text("نعم")
    async with core.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Contact)) == 0, "«نعم» deleted the data"


@pytest.mark.parametrize("word", ["اوافق", "موافق", "أوافق", "أوافق وأبدأ"])
async def test_consent_can_be_typed(core: BotCore, word: str) -> None:
    person = Person(core, "601", channel="telegram")
    await person.command("start")
    await person.text(word)
    assert catalog.text("choose-governorate") in person.texts
    async with core.db.transaction() as session:
        contact = await session.scalar(select(Contact))
    assert contact is not None and contact.consent_at is not None


@pytest.mark.parametrize("greeting", ["مرحبا", "مرحباً!", "السلام عليكم", "هلو", "شلونكم", "هلا", "hello"])
async def test_greetings_get_a_warm_greeting_and_the_menu(core: BotCore, greeting: str) -> None:
    person = await telegram_person(core)
    replies = await person.text(greeting)
    assert replies[0].text == catalog.text("greeting-reply")
    assert catalog.text("not-understood") not in person.texts
    assert replies[-1].is_main_menu


async def test_greetings_in_english_and_kurdish(core: BotCore) -> None:
    person = await telegram_person(core)
    await person.text("الإعدادات")
    await person.text("اللغة")
    await person.choose("کوردی")
    replies = await person.text("سڵاو")
    assert replies[0].text == catalog.text("greeting-reply", "ckb")


async def test_a_typo_inside_a_submenu_shows_that_submenu_again(core: BotCore) -> None:
    person = await telegram_person(core)
    await person.text("الإعدادات")
    settings = labels(person)
    replies = await person.text("لغهه")
    assert replies[0].text == catalog.text("typo-hint")
    assert labels(person) == settings, "the same submenu, not the main menu"
    await person.text("اللغة")
    assert "English" in labels(person), "and its options still work when typed"


async def test_a_typo_at_the_main_menu_still_says_not_understood(core: BotCore) -> None:
    person = await telegram_person(core)
    await person.text("القائمة")
    replies = await person.text("كلام غير مفهوم")
    assert replies[0].text == catalog.text("not-understood")


async def test_back_from_an_event_returns_to_the_same_page_and_filter(core: BotCore, clock: FakeClock) -> None:
    for number in range(7):
        await add_event(core.db, title=f"فعالية البصرة {number + 1}", governorate="basra",
                        starts_at=clock.now + timedelta(days=2 + number))
    person = Person(core, "700")
    await person.onboard()
    await person.text("الفعاليات")
    await person.choose("كل المحافظات")
    await person.choose("الصفحة التالية")
    assert "كل المحافظات" in person.texts and "الصفحة ٢ من ٢" in person.texts
    await person.choose("فعالية البصرة 7")
    await person.choose("العودة إلى الفعاليات")
    assert "كل المحافظات" in person.texts and "الصفحة ٢ من ٢" in person.texts


async def test_typed_back_returns_to_the_same_page_on_telegram(core: BotCore, clock: FakeClock) -> None:
    for number in range(7):
        await add_event(core.db, title=f"فعالية البصرة {number + 1}", governorate="basra",
                        starts_at=clock.now + timedelta(days=2 + number))
    person = await telegram_person(core)
    await person.text("الفعاليات")
    await person.text("كل المحافظات")
    await person.text("الصفحة التالية")
    await person.text("فعالية البصرة 6")
    await person.text("رجوع")
    assert "كل المحافظات" in person.texts and "الصفحة ٢ من ٢" in person.texts


@pytest.mark.parametrize("first_message", ["command", "word"])
async def test_an_invite_sent_as_the_first_message_is_applied_after_onboarding(core: BotCore,
                                                                                first_message: str) -> None:
    async with core.db.transaction() as session:
        organization = await add_organization(session, "جمعية المثال الأولى")
        invite = await create_invite(session, organization.id, "organizer", None, actor="cli:operator")
    person = Person(core, "800", channel="telegram")
    if first_message == "command":
        await person.command("join", invite.code)
    else:
        await person.text(f"انضمام {invite.code}")
    async with core.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Staff)) == 0
    await person.choose("أوافق")
    await person.choose("بغداد")
    assert "جمعية المثال الأولى" in person.texts
    async with core.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Staff)) == 1


async def test_yes_and_no_answer_the_organizers_cancel_confirmation(core: BotCore, clock: FakeClock) -> None:
    async with core.db.transaction() as session:
        organization = await add_organization(session, "جمعية المثال الأولى")
    await add_event(core.db, title=TITLE, governorate="maysan", starts_at=clock.now + timedelta(days=3),
                    organization_id=organization.id)
    organizer = Person(core, "960", channel="telegram")
    await organizer.onboard("ميسان")
    async with core.db.transaction() as session:
        contact = await session.scalar(select(Contact))
        await grant_role(session, organization.id, contact.id, "organizer", actor="test")
    await organizer.text("القائمة")
    await organizer.text("لوحة المنظمين")
    await organizer.text("فعاليات منظمتي")
    await organizer.choose(TITLE[:10])
    await organizer.choose("إلغاء الفعالية")
    assert any(label.startswith("نعم") for label in labels(organizer))
    await organizer.text("لا")
    async with core.db.transaction() as session:
        assert (await session.scalar(select(Event))).status == "published", "«لا» kept the event"
    await organizer.choose("إلغاء الفعالية")
    await organizer.text("نعم")
    async with core.db.transaction() as session:
        assert (await session.scalar(select(Event))).status == "cancelled", "«نعم» cancelled it"
