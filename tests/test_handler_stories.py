"""User stories through BotCore.handle: what a citizen types or presses, and what the bot answers.

No adapter is involved: these are the channel-agnostic conversations every channel shares.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import select

from handlers.core import BotCore
from handlers.types import Inbound, InboundKind, Outbound
from messages import catalog
from storage.db import Database
from storage.models import Contact, Delivery, Event, Identity, Registration
from storage.vocab import GOVERNORATES
from tests.conftest import FakeClock
from tests.helpers import Person, add_event, plain

MAIN_MENU = ["الفعاليات القادمة", "معلومات الانتخابات", "تسجيلاتي", "الإعدادات", "المساعدة"]
GOVERNORATE_NAMES = [catalog.text(f"gov-{code}") for code in GOVERNORATES]
TITLE = "ندوة حوارية حول المشاركة في الانتخابات"
# The welcome offers the languages other than Arabic under the consent button.
OTHER_LANGUAGES = [catalog.language_name(code) for code in catalog.available_languages() if code != "ar"]


# --- helpers -------------------------------------------------------------------------------


def labels(replies: list[Outbound]) -> list[str]:
    return [option.label for reply in replies for option in reply.options]


def assert_within_platform_limits(replies: list[Outbound], *, text_limit: int | None = 4096) -> None:
    """Telegram: 4096 characters a message, 64 bytes of callback data; labels fit a button."""
    for reply in replies:
        if text_limit is not None:
            assert len(reply.text) <= text_limit, f"reply of {len(reply.text)} characters"
        for option in reply.options:
            assert len(option.id.encode()) <= 64, option.id
            assert 0 < len(option.label) <= 64, option.label


def shows(replies: list[Outbound], key: str, **args: Any) -> bool:
    """True if one of the replies is exactly catalog entry `key`."""
    expected = catalog.text(key, **args)
    return any(reply.text == expected for reply in replies)


def ends_with_main_menu(replies: list[Outbound]) -> bool:
    return bool(replies) and replies[-1].text == catalog.text("main-menu") and [
        o.label for o in replies[-1].options
    ][:5] == MAIN_MENU


async def contact_of(db: Database, person: Person) -> Contact | None:
    async with db.transaction() as session:
        identity = await session.scalar(
            select(Identity).where(Identity.channel == person.channel, Identity.external_id == person.external_id)
        )
        return await session.get(Contact, identity.contact_id) if identity else None


async def contact_id(db: Database, person: Person) -> int:
    contact = await contact_of(db, person)
    assert contact is not None
    return contact.id


async def registrations(db: Database, event_id: int) -> dict[int, str]:
    """contact id -> status for one event."""
    async with db.transaction() as session:
        found = await session.scalars(select(Registration).where(Registration.event_id == event_id))
        return {r.contact_id: r.status for r in found}


_VOLATILE = {"last_seen_at", "last_inbound_at"}


async def snapshot(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Every row that a refused option must leave alone (minus 'last seen' times)."""
    tables = {}
    async with db.transaction() as session:
        for model in (Contact, Identity, Event, Registration, Delivery):
            columns = [c for c in model.__table__.columns if c.name not in _VOLATILE]
            result = await session.execute(select(*columns).order_by(model.__table__.primary_key.columns[0]))
            tables[model.__tablename__] = [_without_offered(dict(row._mapping)) for row in result]
    return tables


def _without_offered(row: dict[str, Any]) -> dict[str, Any]:
    # The memory of the options last shown (handlers/typed_words.py) follows every reply; it is not an effect.
    if isinstance(row.get("state"), dict):
        row["state"] = {k: v for k, v in row["state"].items() if k not in ("offered", "offered_menu")}
    return row


async def event_in(db: Database, clock: FakeClock, *, days: float = 4, **fields: Any) -> int:
    fields.setdefault("title", TITLE)
    return await add_event(db, starts_at=clock.now + timedelta(days=days), **fields)


async def onboarded(core: BotCore, external_id: str = "1", governorate: str = "بغداد") -> Person:
    person = Person(core, external_id)
    await person.onboard(governorate)
    return person


async def take_place(person: Person) -> list[Outbound]:
    """Press «register me», or «join the waiting list» when the event is full."""
    offered = labels(person.replies)
    join = catalog.text("register-waitlist-button")
    return await person.choose("سجّلني" if any("سجّلني" in label for label in offered) else join)


async def open_event(person: Person, title: str = TITLE) -> list[Outbound]:
    await person.text("الفعاليات")
    if not any(title[:20] in label for label in labels(person.replies)):
        await person.choose("كل المحافظات")
    return await person.choose(title[:20])


# --- onboarding ----------------------------------------------------------------------------


async def test_start_welcomes_and_asks_for_consent(core: BotCore, clock: FakeClock) -> None:
    person = Person(core)

    replies = await person.command("start")

    assert [r.text for r in replies] == [catalog.text("welcome")]
    # Then the other languages, each in its own language (tests/test_languages.py).
    assert labels(replies) == ["أوافق وأبدأ", *OTHER_LANGUAGES]
    assert "حذف بياناتي" in replies[0].text, "the welcome says how to delete one's data"


BEFORE_CONSENT = [
    ("typed text", Inbound("console", "1", InboundKind.TEXT, text="مرحبا")),
    ("menu word", Inbound("console", "1", InboundKind.TEXT, text="الانتخابات")),
    ("menu command", Inbound("console", "1", InboundKind.COMMAND, text="/menu", command="menu")),
    ("help command", Inbound("console", "1", InboundKind.COMMAND, text="/help", command="help")),
    ("unknown command", Inbound("console", "1", InboundKind.COMMAND, text="/foo", command="foo")),
    ("sticker", Inbound("console", "1", InboundKind.UNSUPPORTED)),
    ("garbage option", Inbound("console", "1", InboundKind.CHOICE, choice="rg.1~AAAAAAAA")),
    ("shared phone", Inbound("console", "1", InboundKind.CONTACT, phone="+9647701234567")),
]


@pytest.mark.parametrize("inbound", [i for _, i in BEFORE_CONSENT], ids=[why for why, _ in BEFORE_CONSENT])
async def test_anything_before_consent_shows_the_welcome_again(core: BotCore, clock: FakeClock,
                                                                inbound: Inbound) -> None:
    replies = await core.handle(inbound)

    assert [r.text for r in replies] == [catalog.text("welcome")]
    assert labels(replies) == ["أوافق وأبدأ", *OTHER_LANGUAGES]
    contact = await contact_of(core.db, Person(core))
    assert contact is not None and contact.consent_at is None and contact.phone_e164 is None


async def test_consent_leads_to_the_nineteen_governorates(core: BotCore, clock: FakeClock) -> None:
    person = Person(core)
    await person.command("start")

    replies = await person.choose("أوافق")

    assert [r.text for r in replies] == [catalog.text("choose-governorate")]
    assert labels(replies) == GOVERNORATE_NAMES
    assert len(GOVERNORATE_NAMES) == 19
    contact = await contact_of(core.db, person)
    assert contact is not None and contact.consent_at == clock.now


async def test_choosing_a_governorate_opens_the_main_menu(core: BotCore, clock: FakeClock) -> None:
    person = Person(core)
    await person.command("start")
    await person.choose("أوافق")

    replies = await person.choose("ميسان")

    assert shows(replies, "governorate-saved", governorate="ميسان")
    assert ends_with_main_menu(replies)
    assert labels(replies) == MAIN_MENU
    contact = await contact_of(core.db, person)
    assert contact is not None and contact.governorate == "maysan"


async def test_after_consent_without_a_governorate_the_bot_asks_for_it_again(core: BotCore, clock: FakeClock) -> None:
    person = Person(core)
    await person.command("start")
    await person.choose("أوافق")

    replies = await person.text("الفعاليات")

    # Not a governorate (nor a city in one): a short hint, then the list again.
    assert [r.text for r in replies] == [catalog.text("governorate-not-recognised"), catalog.text("choose-governorate")]
    assert labels(replies) == GOVERNORATE_NAMES


async def test_start_again_welcomes_a_known_person_back_with_the_menu(core: BotCore, clock: FakeClock) -> None:
    person = await onboarded(core)

    replies = await person.command("start")

    assert shows(replies, "welcome-back")
    assert ends_with_main_menu(replies)


# --- deep links ----------------------------------------------------------------------------


async def test_deep_link_opens_the_event_right_after_a_new_person_chooses_a_governorate(
    core: BotCore, clock: FakeClock
) -> None:
    event_id = await event_in(core.db, clock, governorate="najaf")
    person = Person(core)

    first = await person.command("start", f"ev_{event_id}")
    assert [r.text for r in first] == [catalog.text("welcome")]
    await person.choose("أوافق")
    replies = await person.choose("البصرة")

    assert shows(replies, "governorate-saved", governorate="البصرة")
    assert replies[-1].text.startswith(f"📌 {TITLE}")
    assert "سجّلني ✅" in labels(replies)


async def test_deep_link_waits_for_the_governorate_of_someone_who_stopped_half_way(
    core: BotCore, clock: FakeClock
) -> None:
    event_id = await event_in(core.db, clock)
    person = Person(core)
    await person.command("start")
    await person.choose("أوافق")

    picker = await person.command("start", f"ev_{event_id}")
    assert labels(picker) == GOVERNORATE_NAMES
    replies = await person.choose("بابل")

    assert replies[-1].text.startswith(f"📌 {TITLE}")


async def test_deep_link_opens_the_event_at_once_for_a_known_person(core: BotCore, clock: FakeClock) -> None:
    event_id = await event_in(core.db, clock)
    person = await onboarded(core)

    replies = await person.command("start", f"ev_{event_id}")

    assert len(replies) == 1 and replies[0].text.startswith(f"📌 {TITLE}")
    await person.choose("سجّلني")
    assert shows(person.replies, "calendar-caption")


async def test_deep_link_to_a_missing_event_says_it_is_unavailable(core: BotCore, clock: FakeClock) -> None:
    person = await onboarded(core)

    replies = await person.command("start", "ev_999")

    assert shows(replies, "event-unavailable")
    assert ends_with_main_menu(replies)


async def test_deep_link_of_an_unknown_kind_is_refused_politely(core: BotCore, clock: FakeClock) -> None:
    person = await onboarded(core)

    replies = await person.command("start", "zz_12")

    assert shows(replies, "option-stale")
    assert ends_with_main_menu(replies)


# --- typed menu words ----------------------------------------------------------------------

TYPED = [
    ("الانتخابات", "elections-header"),
    ("الأنتخابات", "elections-header"),
    ("انتخابات", "elections-header"),
    ("الانتـخابات", "elections-header"),
    ("  الانتخابات  ", "elections-header"),
    ("تسجيلاتي", "my-empty"),
    ("القائمة", "main-menu"),
    ("مساعدة", "help"),
    ("المساعدة", "help"),
    ("الإعدادات", "settings"),
    ("الفعاليات", "events-empty"),
    ("حذف بياناتي", "delete-confirm"),
]


@pytest.mark.parametrize(("typed", "screen"), TYPED, ids=[f"{t.strip()}->{s}" for t, s in TYPED])
async def test_typed_menu_words_reach_the_right_screen(core: BotCore, clock: FakeClock, typed: str,
                                                       screen: str) -> None:
    person = await onboarded(core, governorate="حلبجة")

    replies = await person.text(typed)

    first_line = catalog.text(screen, where="حلبجة", kind="كل الأنواع", governorate="حلبجة",
                              interests="لا شيء").split("\n")[0]
    assert replies[0].text.startswith(first_line), replies[0].text


@pytest.mark.parametrize(("command", "screen"), [("menu", "main-menu"), ("help", "help")])
async def test_menu_and_help_commands_work_at_any_time(core: BotCore, clock: FakeClock, command: str,
                                                       screen: str) -> None:
    person = await onboarded(core)
    await person.choose("الإعدادات")

    replies = await person.command(command)

    assert replies[0].text == catalog.text(screen)


async def test_help_offers_the_way_back_to_the_menu(core: BotCore, clock: FakeClock) -> None:
    person = await onboarded(core)
    await person.choose("المساعدة")

    replies = await person.choose("القائمة الرئيسية")

    assert ends_with_main_menu(replies)


# --- browsing events -----------------------------------------------------------------------


async def test_events_in_my_governorate_come_first_with_a_choice_of_all(core: BotCore, clock: FakeClock) -> None:
    db = core.db
    await event_in(db, clock, title="ندوة في البصرة", governorate="basra", days=2)
    await event_in(db, clock, title="ورشة في بغداد", governorate="baghdad", days=3)
    await event_in(db, clock, title="طاولة في أربيل", governorate="erbil", days=1)
    await add_event(db, title="ندوة مضت في البصرة", governorate="basra", starts_at=clock.now - timedelta(days=1))
    await event_in(db, clock, title="ندوة ملغاة في البصرة", governorate="basra", status="cancelled")
    person = await onboarded(core, governorate="البصرة")

    mine = await person.choose("الفعاليات القادمة")

    assert mine[0].text.startswith("الفعاليات القادمة — البصرة — كل الأنواع")
    assert "ندوة في البصرة" in labels(mine)
    assert not {"ورشة في بغداد", "طاولة في أربيل", "ندوة مضت في البصرة", "ندوة ملغاة في البصرة"} & set(labels(mine))

    everywhere = await person.choose("كل المحافظات")

    assert everywhere[0].text.startswith("الفعاليات القادمة — كل المحافظات")
    assert labels(everywhere)[:3] == ["طاولة في أربيل", "ندوة في البصرة", "ورشة في بغداد"], "soonest first"
    back = await person.choose("فعاليات البصرة")
    assert labels(back)[0] == "ندوة في البصرة"


async def test_no_events_in_my_governorate_says_so_and_offers_all(core: BotCore, clock: FakeClock) -> None:
    await event_in(core.db, clock, governorate="basra")
    person = await onboarded(core, governorate="حلبجة")

    replies = await person.choose("الفعاليات القادمة")

    assert shows(replies, "events-empty", where="حلبجة", kind="كل الأنواع")
    assert "كل المحافظات" in labels(replies)


async def test_events_can_be_filtered_by_kind(core: BotCore, clock: FakeClock) -> None:
    db = core.db
    await event_in(db, clock, title="ورشة عمل للشباب", kind="workshop", days=1)
    await event_in(db, clock, title="ندوة عن النزاهة", kind="seminar", days=2)
    await event_in(db, clock, title="ورشة عمل للنساء", kind="workshop", days=3)
    person = await onboarded(core)
    await person.choose("الفعاليات القادمة")

    kinds = await person.choose("تصفية حسب النوع")
    assert labels(kinds) == ["ندوة حوارية", "طاولة حوارية", "ورشة عمل", "جلسة ختامية", "مؤتمر", "حملة", "كل الأنواع"]
    workshops = await person.choose("ورشة عمل")

    assert workshops[0].text.startswith("الفعاليات القادمة — بغداد — ورشة عمل")
    assert [label for label in labels(workshops) if label.startswith(("ورشة", "ندوة"))] == [
        "ورشة عمل للشباب", "ورشة عمل للنساء",
    ]
    everything = await person.choose("تصفية حسب النوع")
    assert labels(everything)
    all_kinds = await person.choose("كل الأنواع")
    assert "ندوة عن النزاهة" in labels(all_kinds)


async def test_twelve_events_are_paged_five_at_a_time(core: BotCore, clock: FakeClock, seed_texts: list[str]) -> None:
    long_tail = " ".join(seed_texts[0].split())[:250]
    titles = [f"فعالية رقم {n} — {long_tail}" for n in range(1, 13)]
    for n, title in enumerate(titles, start=1):
        await event_in(core.db, clock, title=title, days=n, description=seed_texts[n % len(seed_texts)])
    person = await onboarded(core)

    seen: list[str] = []
    pages = [await person.choose("الفعاليات القادمة")]
    pages.append(await person.choose("الصفحة التالية"))
    pages.append(await person.choose("الصفحة التالية"))

    for number, page in enumerate(pages, start=1):
        assert_within_platform_limits(page)
        assert f"الصفحة {'١٢٣'[number - 1]} من ٣ (١٢ فعالية)" in page[0].text
        seen += [label for label in labels(page) if label.startswith("فعالية رقم")]
    assert [len([x for x in labels(p) if x.startswith("فعالية رقم")]) for p in pages] == [5, 5, 2]
    assert "الصفحة التالية ◀" in labels(pages[0]) and "▶ الصفحة السابقة" not in labels(pages[0])
    assert "الصفحة التالية ◀" in labels(pages[1]) and "▶ الصفحة السابقة" in labels(pages[1])
    assert "الصفحة التالية ◀" not in labels(pages[2]) and "▶ الصفحة السابقة" in labels(pages[2])
    assert len(seen) == 12 and len(set(seen)) == 12, "every event once, labels still tell them apart"
    assert all(label.endswith("…") for label in seen), "long titles are shortened for buttons"

    back = await person.choose("الصفحة السابقة")
    assert "الصفحة ٢ من ٣" in back[0].text
    details = await person.choose("فعالية رقم 7 ")
    assert plain(details[0].text).startswith(f"📌 {titles[6]}")


# --- event details -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_at", "expected"),
    [
        (datetime(2026, 12, 5, 7, 0), "السبت ٥ كانون الأول ٢٠٢٦، الساعة ١٠:٠٠ صباحاً"),
        (datetime(2026, 12, 5, 15, 30), "السبت ٥ كانون الأول ٢٠٢٦، الساعة ٦:٣٠ مساءً"),
        (datetime(2027, 1, 2, 21, 0), "الأحد ٣ كانون الثاني ٢٠٢٧، الساعة ١٢:٠٠ منتصف الليل"),
    ],
    ids=["morning", "evening", "after-midnight-in-baghdad"],
)
async def test_event_details_show_the_iraqi_date_in_baghdad_time(core: BotCore, clock: FakeClock,
                                                                 starts_at: datetime, expected: str) -> None:
    await add_event(core.db, title=TITLE, starts_at=starts_at)
    person = await onboarded(core)

    replies = await open_event(person)

    assert f"🗓 الموعد: {expected} (بتوقيت بغداد)" in replies[0].text


async def test_event_details_show_title_kind_organiser_venue_and_description(core: BotCore, clock: FakeClock) -> None:
    await event_in(core.db, clock, kind="roundtable", description="نقاش مفتوح عن دور الشباب.")
    person = await onboarded(core)

    text = (await open_event(person))[0].text

    for part in (f"📌 {TITLE}", "النوع: طاولة حوارية", "الجهة المنظمة: جمعية المثال الأولى",
                 "📍 المكان: بغداد — قاعة", "نقاش مفتوح عن دور الشباب."):
        assert part in text


SEATS = [(1, "بقي مقعد واحد"), (2, "بقي مقعدان"), (3, "بقيت ٣ مقاعد"), (11, "بقي ١١ مقعداً"),
         (100, "بقي ١٠٠ مقعد"), (None, "المقاعد غير محدودة")]


@pytest.mark.parametrize(("capacity", "expected"), SEATS, ids=[str(c) for c, _ in SEATS])
async def test_event_details_tell_the_seats_left_with_the_right_plural(core: BotCore, clock: FakeClock,
                                                                       capacity: int | None, expected: str) -> None:
    await event_in(core.db, clock, capacity=capacity)
    person = await onboarded(core)

    replies = await open_event(person)

    assert f"🎟 {expected}\n" in replies[0].text


async def test_seats_left_go_down_as_people_register(core: BotCore, clock: FakeClock) -> None:
    await event_in(core.db, clock, capacity=3)
    first = await onboarded(core, "1")
    await open_event(first)
    await first.choose("سجّلني")
    second = await onboarded(core, "2")

    replies = await open_event(second)

    assert "🎟 بقي مقعدان\n" in replies[0].text


async def test_a_full_event_says_so_and_how_many_wait(core: BotCore, clock: FakeClock) -> None:
    await event_in(core.db, clock, capacity=1)
    for n in ("1", "2"):
        person = await onboarded(core, n)
        await open_event(person)
        await take_place(person)
    third = await onboarded(core, "3")

    replies = await open_event(third)

    assert "🎟 اكتمل العدد — شخص واحد على قائمة الانتظار" in replies[0].text
    join = catalog.text("register-waitlist-button")
    assert labels(replies)[0] == join, "one can join the waiting list, and is told so"
    assert "سجّلني ✅" not in labels(replies)


async def test_a_sample_event_is_marked_as_sample(core: BotCore, clock: FakeClock) -> None:
    await event_in(core.db, clock, is_sample=True)
    person = await onboarded(core)
    assert "محتوى تجريبي" in (await open_event(person))[0].text


# --- registering and cancelling ------------------------------------------------------------


async def test_register_gives_a_ticket_and_a_calendar_file(core: BotCore, clock: FakeClock) -> None:
    event_id = await add_event(core.db, title=TITLE, starts_at=datetime(2026, 12, 5, 7, 0))
    person = await onboarded(core)
    await open_event(person)

    replies = await person.choose("سجّلني")

    async with core.db.transaction() as session:
        registration = await session.scalar(select(Registration).where(Registration.event_id == event_id))
    assert registration is not None and registration.status == "confirmed"
    confirmed, calendar = replies
    assert confirmed.text.startswith("تم تسجيلك ✅")
    assert f"🎟 رمز تذكرتك: {registration.ticket_code}" in plain(confirmed.text)
    assert "السبت ٥ كانون الأول ٢٠٢٦، الساعة ١٠:٠٠ صباحاً" in confirmed.text
    # The QR ticket is one tap away from the confirmation.
    assert labels([confirmed]) == ["🎟 تذكرتي: ندوة حوارية حول المشاركة في الانتخابات", "تسجيلاتي", "القائمة الرئيسية"]
    assert calendar.document is not None
    assert calendar.document.filename == f"event-{event_id}.ics"
    assert calendar.document.mime_type == "text/calendar"
    ics = Calendar.from_ical(calendar.document.data)
    [item] = ics.walk("VEVENT")
    assert str(item["summary"]) == TITLE
    start = item.decoded("dtstart")
    assert (start.hour, start.minute, start.utcoffset()) == (10, 0, timedelta(hours=3))
    assert registration.ticket_code in str(item["description"])


async def test_register_twice_says_already(core: BotCore, clock: FakeClock) -> None:
    event_id = await event_in(core.db, clock)
    person = await onboarded(core)
    await open_event(person)
    register_id = person.option_id("سجّلني")
    await person.choose_id(register_id)

    replies = await person.choose_id(register_id)

    assert replies[0].text.startswith("أنت مسجّل في هذه الفعالية مسبقاً — الحالة: مؤكد")
    assert len(await registrations(core.db, event_id)) == 1


async def test_after_registering_the_event_offers_cancel_instead_of_register(core: BotCore, clock: FakeClock) -> None:
    await event_in(core.db, clock)
    person = await onboarded(core)
    await open_event(person)
    await person.choose("سجّلني")

    replies = await open_event(person)

    assert labels(replies)[-1] == "إلغاء تسجيلي ❌" and "سجّلني ✅" not in labels(replies)
    assert labels(replies)[0].startswith("🎟 تذكرتي"), "option 1 is no longer register, and never cancel"


async def test_a_full_event_puts_me_on_the_waiting_list_with_my_position(core: BotCore, clock: FakeClock) -> None:
    await event_in(core.db, clock, capacity=1)
    people = [await onboarded(core, str(n)) for n in range(1, 4)]
    for person in people:
        await open_event(person)
        await take_place(person)
        clock.advance(seconds=1)

    assert people[1].replies[0].text == catalog.text("waitlisted", title=TITLE, position=1)
    assert "ترتيبك: ٢." in people[2].replies[0].text
    my = await people[2].text("تسجيلاتي")
    assert "الحالة: على قائمة الانتظار (الترتيب ٢)" in my[0].text


async def test_my_registrations_list_status_and_ticket_with_a_cancel_option(core: BotCore, clock: FakeClock) -> None:
    db = core.db
    first = await event_in(db, clock, title="ورشة عمل للشباب", days=2)
    second = await event_in(db, clock, title="ندوة عن النزاهة", days=5)
    person = await onboarded(core)
    for title in ("ورشة عمل للشباب", "ندوة عن النزاهة"):
        await open_event(person, title)
        await person.choose("سجّلني")

    replies = await person.choose("تسجيلاتي")

    async with db.transaction() as session:
        tickets = {r.event_id: r.ticket_code for r in await session.scalars(select(Registration))}
    text = replies[0].text
    assert text.startswith("لديك تسجيلان قادمان:")
    assert text.index("ورشة عمل للشباب") < text.index("ندوة عن النزاهة"), "soonest first"
    assert text.count("الحالة: مؤكد") == 2
    assert tickets[first] in text and tickets[second] in text
    # Cancelling comes after everything else: option 1 is never destructive.
    assert labels(replies) == ["🎟 تذكرتي: ورشة عمل للشباب", "🎟 تذكرتي: ندوة عن النزاهة", "القائمة الرئيسية",
                               "إلغاء: ورشة عمل للشباب", "إلغاء: ندوة عن النزاهة"]


async def test_my_registrations_when_i_have_none(core: BotCore, clock: FakeClock) -> None:
    person = await onboarded(core)
    replies = await person.choose("تسجيلاتي")
    assert shows(replies, "my-empty")
    assert "الفعاليات القادمة" in labels(replies)


async def test_cancel_promotes_the_first_person_waiting(core: BotCore, clock: FakeClock) -> None:
    event_id = await event_in(core.db, clock, capacity=1)
    amal, basim, chiman = [await onboarded(core, n) for n in ("1", "2", "3")]
    for person in (amal, basim, chiman):
        await open_event(person)
        await take_place(person)
        clock.advance(seconds=1)

    await amal.choose("تسجيلاتي")
    await amal.choose("إلغاء:")
    replies = await amal.choose("نعم")

    assert shows(replies, "cancelled", title=TITLE)
    statuses = await registrations(core.db, event_id)
    assert statuses[await contact_id(core.db, amal)] == "cancelled"
    assert statuses[await contact_id(core.db, basim)] == "confirmed"
    assert statuses[await contact_id(core.db, chiman)] == "waitlisted"
    basim_sees = await basim.text("تسجيلاتي")
    assert "الحالة: مؤكد" in basim_sees[0].text
    chiman_sees = await chiman.text("تسجيلاتي")
    assert "الحالة: على قائمة الانتظار (الترتيب ١)" in chiman_sees[0].text
    assert await amal.text("تسجيلاتي") and shows(amal.replies, "my-empty")


async def test_cancelling_the_same_registration_twice_says_it_is_already_cancelled(
    core: BotCore, clock: FakeClock
) -> None:
    await event_in(core.db, clock)
    person = await onboarded(core)
    await open_event(person)
    await person.choose("سجّلني")
    await person.choose("تسجيلاتي")
    await person.choose("إلغاء:")
    yes_id = person.option_id("نعم")
    await person.choose_id(yes_id)

    replies = await person.choose_id(yes_id)

    assert shows(replies, "cancel-nothing")


async def test_register_for_an_event_that_has_started_is_refused(core: BotCore, clock: FakeClock) -> None:
    event_id = await event_in(core.db, clock, days=1)
    person = await onboarded(core)
    await open_event(person)
    register_id = person.option_id("سجّلني")
    clock.advance(days=2)

    replies = await person.choose_id(register_id)

    assert shows(replies, "register-past")
    assert await registrations(core.db, event_id) == {}


# --- settings ------------------------------------------------------------------------------


async def test_change_my_governorate(core: BotCore, clock: FakeClock) -> None:
    person = await onboarded(core)
    await person.choose("الإعدادات")
    picker = await person.choose("تغيير المحافظة")
    assert labels(picker) == GOVERNORATE_NAMES

    replies = await person.choose("كربلاء")

    assert shows(replies, "governorate-saved", governorate="كربلاء")
    contact = await contact_of(core.db, person)
    assert contact is not None and contact.governorate == "karbala"
    settings = await person.choose("الإعدادات")
    assert "المحافظة: كربلاء" in settings[0].text


async def test_interests_toggle_with_tick_marks(core: BotCore, clock: FakeClock) -> None:
    person = await onboarded(core)
    await person.choose("الإعدادات")

    first = await person.choose("اهتماماتي")
    assert all(label.startswith("⬜ ") for label in labels(first)[:-1])
    assert labels(first)[-1] == "تم ✔"
    await person.choose("⬜ الشباب")
    ticked = await person.choose("⬜ الصحة")
    assert "✅ الشباب" in labels(ticked) and "✅ الصحة" in labels(ticked)
    contact = await contact_of(core.db, person)
    assert contact is not None and contact.interests == ["youth", "health"]

    unticked = await person.choose("✅ الشباب")
    assert "⬜ الشباب" in labels(unticked) and "✅ الصحة" in labels(unticked)
    done = await person.choose("تم ✔")
    assert "الاهتمامات: الصحة" in done[0].text
    contact = await contact_of(core.db, person)
    assert contact is not None and contact.interests == ["health"]


async def test_choose_the_language(core: BotCore, clock: FakeClock) -> None:
    person = await onboarded(core)
    await person.choose("الإعدادات")
    languages = await person.choose("اللغة")
    assert "العربية" in labels(languages)

    replies = await person.choose("العربية")

    assert shows(replies, "language-saved")
    assert ends_with_main_menu(replies)
    contact = await contact_of(core.db, person)
    assert contact is not None and contact.language == "ar"


async def test_delete_my_data_asks_first_and_no_keeps_everything(core: BotCore, clock: FakeClock) -> None:
    event_id = await event_in(core.db, clock)
    person = await onboarded(core)
    await open_event(person)
    await person.choose("سجّلني")
    await person.choose("القائمة الرئيسية")
    await person.choose("الإعدادات")

    asked = await person.choose("حذف بياناتي")
    assert shows(asked, "delete-confirm")
    assert labels(asked) == ["نعم، احذف بياناتي", "لا، تراجع"]
    before = await snapshot(core.db)
    replies = await person.choose("لا، تراجع")

    assert replies[0].text.startswith("الإعدادات")
    assert await snapshot(core.db) == before
    assert len(await registrations(core.db, event_id)) == 1


async def test_delete_my_data_frees_my_seat_and_starts_over(core: BotCore, clock: FakeClock) -> None:
    event_id = await event_in(core.db, clock, capacity=2)
    person = await onboarded(core)
    await open_event(person)
    await person.choose("سجّلني")
    await person.text("حذف بياناتي")

    replies = await person.choose("نعم، احذف بياناتي")

    assert replies[0].text.startswith(catalog.text("deleted", count=1).split(" إذا")[0])
    assert await registrations(core.db, event_id) == {}
    assert await contact_of(core.db, person) is None
    again = await person.text("مرحبا")
    assert [r.text for r in again] == [catalog.text("welcome")], "the next message starts onboarding again"
    other = await onboarded(core, "2")
    assert "🎟 بقي مقعدان\n" in (await open_event(other))[0].text


async def test_delete_my_data_gives_my_seat_to_the_first_person_waiting(core: BotCore, clock: FakeClock) -> None:
    event_id = await event_in(core.db, clock, capacity=1)
    amal = await onboarded(core, "1")
    basim = await onboarded(core, "2")
    for person in (amal, basim):
        await open_event(person)
        await take_place(person)
    await amal.text("حذف بياناتي")
    await amal.choose("نعم")

    assert list((await registrations(core.db, event_id)).values()) == ["confirmed"]
    assert "الحالة: مؤكد" in (await basim.text("تسجيلاتي"))[0].text
    async with core.db.transaction() as session:
        promoted = (await session.scalars(select(Delivery).where(Delivery.kind == "promoted"))).all()
    assert [d.contact_id for d in promoted] == [await contact_id(core.db, basim)]


# --- what the bot does not understand ------------------------------------------------------

UNKNOWN = [
    ("random text", Inbound("console", "1", InboundKind.TEXT, text="كم الساعة الآن؟")),
    ("latin text", Inbound("console", "1", InboundKind.TEXT, text="asdf qwerty")),
    ("only spaces", Inbound("console", "1", InboundKind.TEXT, text="   ")),
    ("only punctuation", Inbound("console", "1", InboundKind.TEXT, text="؟؟؟")),
    ("sticker or photo", Inbound("console", "1", InboundKind.UNSUPPORTED)),
    ("unknown command", Inbound("console", "1", InboundKind.COMMAND, text="/foo", command="foo")),
    ("shared phone without being asked", Inbound("console", "1", InboundKind.CONTACT, phone="+9647701234567")),
]


@pytest.mark.parametrize("inbound", [i for _, i in UNKNOWN], ids=[why for why, _ in UNKNOWN])
async def test_anything_not_understood_gets_a_polite_reply_with_the_menu(core: BotCore, clock: FakeClock,
                                                                         inbound: Inbound) -> None:
    await onboarded(core)

    replies = await core.handle(inbound)

    assert [r.text for r in replies] == [catalog.text("not-understood"), catalog.text("main-menu")]
    assert ends_with_main_menu(replies)


# --- forged and stale option ids -----------------------------------------------------------


async def _forgery_scene(core: BotCore, clock: FakeClock) -> dict[str, Any]:
    """Amal and Basim are each registered for an event; a third event was deleted."""
    db = core.db
    event_id = await event_in(db, clock, capacity=5)
    gone_id = await event_in(db, clock, title="فعالية ستحذف")
    amal = await onboarded(core, "1")
    basim = await onboarded(core, "2")
    for person in (amal, basim):
        await open_event(person)
        await person.choose("سجّلني")
    async with db.transaction() as session:
        await session.delete(await session.get(Event, gone_id))
        regs = {r.contact_id: r.id for r in await session.scalars(select(Registration))}
    amal_id, basim_id = await contact_id(db, amal), await contact_id(db, basim)
    await amal.choose("تسجيلاتي")
    return {
        "amal": amal, "amal_id": amal_id, "basim_id": basim_id, "event_id": event_id, "gone_id": gone_id,
        "amal_cancel": amal.option_id("إلغاء:"), "amal_reg": regs[amal_id], "basim_reg": regs[basim_id],
    }


def _signature_edited(core: BotCore, s: dict[str, Any]) -> str:
    payload, signature = s["amal_cancel"].split("~")
    return f"{payload}~{'B' if signature[0] == 'A' else 'A'}{signature[1:]}"


FORGED = [
    ("edited signature", _signature_edited),
    ("edited argument", lambda core, s: s["amal_cancel"].replace(f"cx.{s['amal_reg']}.", f"cx.{s['basim_reg']}.")),
    ("basim's own cancel button", lambda core, s: core.codec.encode(s["basim_id"], "cx", s["basim_reg"])),
    ("basim's own «yes, cancel»", lambda core, s: core.codec.encode(s["basim_id"], "cX", s["basim_reg"], "m")),
    ("«yes, cancel» signed for amal, basim's registration",
     lambda core, s: core.codec.encode(s["amal_id"], "cX", s["basim_reg"], "m")),
    ("«yes, cancel» of a registration that never was", lambda core, s: core.codec.encode(s["amal_id"], "cX", 9999)),
    ("«remove from list» of basim's registration",
     lambda core, s: core.codec.encode(s["amal_id"], "cR", s["basim_reg"])),
    ("signed for amal, basim's registration", lambda core, s: core.codec.encode(s["amal_id"], "cx", s["basim_reg"])),
    ("cancel of a registration that never was", lambda core, s: core.codec.encode(s["amal_id"], "cx", 9999)),
    ("cancel with a non-number", lambda core, s: core.codec.encode(s["amal_id"], "cx", "abc")),
    ("register with a non-number", lambda core, s: core.codec.encode(s["amal_id"], "rg", "abc")),
    ("unknown action", lambda core, s: core.codec.encode(s["amal_id"], "zz", 1)),
    ("unknown governorate", lambda core, s: core.codec.encode(s["amal_id"], "gv", "atlantis")),
    ("unknown interest", lambda core, s: core.codec.encode(s["amal_id"], "it", "football")),
    ("unknown language", lambda core, s: core.codec.encode(s["amal_id"], "lg", "fr")),
    ("unknown elections topic", lambda core, s: core.codec.encode(s["amal_id"], "eT", "nope")),
    ("garbage", lambda core, s: "hello"),
    ("garbage with a separator", lambda core, s: "cx.1~12345678"),
    ("empty", lambda core, s: ""),
    ("sql in the id", lambda core, s: "cx.1;DROP TABLE registrations~xxxxxxxx"),
    ("65 bytes", lambda core, s: "a" * 65),
    ("a real id padded past 64 bytes", lambda core, s: s["amal_cancel"] + "x" * (65 - len(s["amal_cancel"]))),
    ("arabic", lambda core, s: "سجلني في الفعالية"),
]


@pytest.mark.parametrize("forge", [f for _, f in FORGED], ids=[why for why, _ in FORGED])
async def test_forged_or_stale_options_are_refused_and_change_nothing(core: BotCore, clock: FakeClock,
                                                                      forge: Any) -> None:
    scene = await _forgery_scene(core, clock)
    forged = forge(core, scene)
    before = await snapshot(core.db)

    replies = await scene["amal"].choose_id(forged)

    assert replies[0].text == catalog.text("option-stale")
    assert len(replies) >= 2 and replies[1].options, "the person is offered a way on"
    assert await snapshot(core.db) == before


DELETED_EVENT = [
    ("open a deleted event", "ev", "event-unavailable"),
    ("register for a deleted event", "rg", "register-unavailable"),
]


@pytest.mark.parametrize(("action", "says"), [(a, s) for _, a, s in DELETED_EVENT],
                         ids=[why for why, _, _ in DELETED_EVENT])
async def test_options_for_a_deleted_event_say_it_is_gone_and_change_nothing(core: BotCore, clock: FakeClock,
                                                                             action: str, says: str) -> None:
    scene = await _forgery_scene(core, clock)
    stale = core.codec.encode(scene["amal_id"], action, scene["gone_id"])
    before = await snapshot(core.db)

    replies = await scene["amal"].choose_id(stale)

    assert replies[0].text == catalog.text(says)
    assert ends_with_main_menu(replies)
    assert await snapshot(core.db) == before


async def test_an_option_with_an_arabic_signature_is_refused_as_stale(core: BotCore, clock: FakeClock) -> None:
    scene = await _forgery_scene(core, clock)
    before = await snapshot(core.db)

    replies = await scene["amal"].choose_id(f"cx.{scene['amal_reg']}~مقعدمقعد")

    assert await snapshot(core.db) == before
    assert replies[0].text == catalog.text("option-stale")


async def test_amal_cannot_cancel_basims_seat_even_with_a_well_signed_id(core: BotCore, clock: FakeClock) -> None:
    scene = await _forgery_scene(core, clock)

    await scene["amal"].choose_id(core.codec.encode(scene["amal_id"], "cx", scene["basim_reg"]))
    await scene["amal"].choose_id(core.codec.encode(scene["amal_id"], "cX", scene["basim_reg"], "m"))

    statuses = await registrations(core.db, scene["event_id"])
    assert statuses[scene["basim_id"]] == "confirmed"


async def test_an_option_pressed_by_someone_else_does_nothing(core: BotCore, clock: FakeClock) -> None:
    scene = await _forgery_scene(core, clock)
    basim = Person(core, "2")
    before = await snapshot(core.db)

    replies = await basim.choose_id(scene["amal_cancel"])

    assert replies[0].text == catalog.text("option-stale")
    assert await snapshot(core.db) == before


# --- duplicate updates ---------------------------------------------------------------------


async def test_the_same_update_twice_has_one_effect(core: BotCore, clock: FakeClock) -> None:
    event_id = await event_in(core.db, clock, capacity=1)
    person = await onboarded(core)
    await open_event(person)
    press = Inbound("console", "1", InboundKind.CHOICE, choice=person.option_id("سجّلني"), update_key="update-42")

    first = await core.handle(press)
    before = await snapshot(core.db)
    second = await core.handle(press)

    assert first and first[0].text.startswith("تم تسجيلك")
    assert second == []
    assert await snapshot(core.db) == before
    assert list((await registrations(core.db, event_id)).values()) == ["confirmed"]


async def test_a_new_update_with_the_same_press_is_handled_again(core: BotCore, clock: FakeClock) -> None:
    await event_in(core.db, clock)
    person = await onboarded(core)
    await open_event(person)
    choice = person.option_id("سجّلني")

    await core.handle(Inbound("console", "1", InboundKind.CHOICE, choice=choice, update_key="1"))
    again = await core.handle(Inbound("console", "1", InboundKind.CHOICE, choice=choice, update_key="2"))

    assert again[0].text.startswith("أنت مسجّل في هذه الفعالية مسبقاً")


async def test_update_keys_of_different_channels_do_not_collide(core: BotCore, clock: FakeClock) -> None:
    on_console = await core.handle(Inbound("console", "1", InboundKind.COMMAND, command="start", update_key="7"))
    on_telegram = await core.handle(Inbound("telegram", "1", InboundKind.COMMAND, command="start", update_key="7"))
    assert on_console and on_telegram


async def test_the_same_update_delivered_twice_at_once_has_one_effect(core: BotCore, clock: FakeClock) -> None:
    event_id = await event_in(core.db, clock)
    person = await onboarded(core)
    await open_event(person)
    press = Inbound("console", "1", InboundKind.CHOICE, choice=person.option_id("سجّلني"), update_key="update-7")

    answers = await asyncio.gather(core.handle(press), core.handle(press), core.handle(press))

    assert sorted(len(a) for a in answers) == [0, 0, 2]
    assert len(await registrations(core.db, event_id)) == 1


async def test_a_double_tap_on_register_takes_one_seat(core: BotCore, clock: FakeClock) -> None:
    event_id = await event_in(core.db, clock, capacity=5)
    person = await onboarded(core)
    await open_event(person)
    choice = person.option_id("سجّلني")

    answers = await asyncio.gather(
        *(core.handle(Inbound("console", "1", InboundKind.CHOICE, choice=choice, update_key=f"tap-{n}"))
          for n in range(2))
    )

    texts = sorted(a[0].text[:10] for a in answers)
    assert texts[0].startswith("أنت مسجّل") and texts[1].startswith("تم تسجيلك")
    assert len(await registrations(core.db, event_id)) == 1


async def test_people_pressing_register_at_once_never_overbook(core: BotCore, clock: FakeClock) -> None:
    event_id = await event_in(core.db, clock, capacity=3)
    people = [await onboarded(core, str(n)) for n in range(10)]
    for person in people:
        await open_event(person)

    answers = await asyncio.gather(*(person.choose("سجّلني") for person in people))

    confirmed = [a for a in answers if a[0].text.startswith("تم تسجيلك")]
    waiting = sorted(a[0].text for a in answers if a[0].text.startswith("اكتمل العدد"))
    assert len(confirmed) == 3 and len(waiting) == 7
    assert waiting == sorted(catalog.text("waitlisted", title=TITLE, position=n) for n in range(1, 8))
    assert sorted((await registrations(core.db, event_id)).values()) == ["confirmed"] * 3 + ["waitlisted"] * 7


# --- elections information -----------------------------------------------------------------


async def test_elections_topics_are_marked_as_sample_content(core: BotCore, clock: FakeClock) -> None:
    person = await onboarded(core)

    replies = await person.choose("معلومات الانتخابات")

    assert replies[0].text.startswith(catalog.text("elections-header"))
    assert "محتوى تجريبي" in replies[0].text
    assert [t.title for t in core.elections.topics][:3] == labels(replies)[:3]
    assert labels(replies)[-1] == "القائمة الرئيسية"
    assert_within_platform_limits(replies)


async def test_an_elections_topic_shows_its_source_and_last_update(core: BotCore, clock: FakeClock) -> None:
    person = await onboarded(core)
    await person.choose("معلومات الانتخابات")
    topic = core.elections.topics[0]

    replies = await person.choose(topic.title)

    text = replies[0].text
    assert text.startswith(f"🗳 {topic.title}")
    assert f"المصدر: {topic.source}" in text
    assert "آخر تحديث: " in text
    assert "تشرين الثاني ٢٠٢٦" in text  # the sample content was last checked on 2026-11-01
    assert "محتوى تجريبي" in text
    back = await person.choose("مواضيع الانتخابات")
    assert back[0].text.startswith(catalog.text("elections-header"))
