"""One person, two channels: phone numbers in E.164, and linking Telegram to WhatsApp by number.

A WhatsApp contact carries its number; a Telegram user shares theirs from «الإعدادات» →
«ربط رقم هاتفي». Same number, one contact: registrations merged without duplicates (the
duplicate seat freed for the waiting list), settings merged, an opt-out kept. Nothing is linked
without the person's own action on Telegram.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from telegram import Update

import handlers.linking  # noqa: F401 - registers «ربط رقم هاتفي» (the runner imports it too)
from bot.runner import RunningBot
from bot.telegram import parse_update
from handlers.core import BotCore
from handlers.types import Inbound, InboundKind
from storage.clock import utcnow
from storage.models import (
    Contact,
    Delivery,
    Identity,
    Organization,
    Registration,
    Staff,
    Survey,
    SurveyResponse,
)
from storage.phones import normalize_phone, wa_id_to_e164
from storage.services.linking import merge_contacts, remember_whatsapp_number
from storage.services.registration import new_ticket_code
from tests.conftest import free_port
from tests.fakes.fake_telegram import FakeTelegramServer
from tests.fakes.fake_whatsapp import FakeWhatsAppServer
from tests.helpers import Person, add_event
from tests.test_whatsapp_e2e import WhatsAppPerson, start_whatsapp_bot

WA_ID = "9647701234567"
E164 = "+9647701234567"
TG_USER = "5551"

# ---------------------------------------------------------------- E.164

E164_CASES = [
    ("07701234567", E164),
    ("0770 123 4567", E164),
    ("٠٧٧٠ ١٢٣ ٤٥٦٧", E164),
    ("۰۷۷۰۱۲۳۴۵۶۷", E164),
    ("0770-123-4567", E164),
    ("+964 770 123 4567", E164),
    ("009647701234567", E164),
    ("9647701234567", E164),  # how Telegram shares an Iraqi number
    ("07501234567", "+9647501234567"),
    ("+447911123456", "+447911123456"),
    ("447911123456", "+447911123456"),  # how Telegram shares a foreign number
    ("0770", None),
    ("12345", None),
    ("رقمي", None),
    ("", None),
    (None, None),
    ("0" * 60, None),
]


@pytest.mark.parametrize(("raw", "expected"), E164_CASES, ids=[repr(c[0]) for c in E164_CASES])
def test_numbers_are_normalised_to_e164(raw: str | None, expected: str | None) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(("wa_id", "expected"), [(WA_ID, E164), ("447911123456", "+447911123456"),
                                                 ("+9647701234567", None), ("abc", None), ("", None)])
def test_a_wa_id_is_a_number_with_its_country_code(wa_id: str, expected: str | None) -> None:
    assert wa_id_to_e164(wa_id) == expected


# ---------------------------------------------------------------- helpers

async def whatsapp_person(core: BotCore, governorate: str = "بغداد") -> Person:
    """A person onboarded on WhatsApp whose contact carries the number (as the adapter stores it)."""
    person = Person(core, WA_ID, channel="whatsapp")
    await person.onboard(governorate)
    async with core.db.transaction() as session:
        await remember_whatsapp_number(session, WA_ID)
    return person


async def share_contact(person: Person, phone: str = WA_ID) -> None:
    """The Telegram person shares their own contact card."""
    await person.send(Inbound("telegram", person.external_id, InboundKind.CONTACT, phone=phone))


async def rows(core: BotCore, model: type, *where: Any) -> list[Any]:
    """All rows of a table (matching `where`)."""
    async with core.db.transaction() as session:
        return list((await session.scalars(select(model).where(*where))).all())


async def count(core: BotCore, model: type) -> int:
    """How many rows a table has."""
    async with core.db.transaction() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def soon(core: BotCore, title: str, capacity: int | None = 10) -> int:
    """An event in five days."""
    return await add_event(core.db, title=title, starts_at=utcnow() + timedelta(days=5), capacity=capacity)


# ---------------------------------------------------------------- stories

async def test_sharing_the_number_of_a_whatsapp_contact_makes_one_person(core: BotCore) -> None:
    both = await soon(core, "ندوة حوارية حول الانتخابات")
    only_whatsapp = await soon(core, "طاولة حوارية عن السلم المجتمعي")
    only_telegram = await soon(core, "ورشة عمل لتمكين المرأة")

    whatsapp = await whatsapp_person(core)
    for event_id in (both, only_whatsapp):
        await whatsapp.choose_id(core.codec.encode((await whatsapp_contact(core)).id, "rg", event_id))
    async with core.db.transaction() as session:
        contact = await session.scalar(select(Contact).where(Contact.phone_e164 == E164))
        assert contact is not None
        contact.interests = ["youth"]
        contact.opted_out = True  # stopped announcements on WhatsApp

    telegram = Person(core, TG_USER, channel="telegram")
    await telegram.onboard("البصرة")
    tg_contact_id = (await rows(core, Identity, Identity.channel == "telegram"))[0].contact_id
    for event_id in (both, only_telegram):
        await telegram.choose_id(core.codec.encode(tg_contact_id, "rg", event_id))
    await telegram.choose_id(core.codec.encode(tg_contact_id, "it", "women"))

    await telegram.choose_id(core.codec.encode(tg_contact_id, "st"))
    await telegram.choose("ربط رقم هاتفي")
    [ask] = telegram.replies
    assert ask.request_contact and [o.label for o in ask.options] == ["📱 مشاركة رقمي"]
    await share_contact(telegram)
    assert "تم ربط حسابك" in telegram.texts

    [person] = await rows(core, Contact)
    assert person.phone_e164 == E164 and person.consent_at is not None
    assert person.governorate == "baghdad", "the contact that had the number keeps its settings"
    assert person.interests == ["youth", "women"]
    assert person.opted_out, "an opt-out on either channel survives the merge"
    assert {(i.channel, i.contact_id) for i in await rows(core, Identity)} == {
        ("whatsapp", person.id), ("telegram", person.id)}
    registrations = await rows(core, Registration)
    assert sorted(r.event_id for r in registrations) == sorted([both, only_whatsapp, only_telegram])
    assert {r.status for r in registrations} == {"confirmed"}

    # Both channels now show the same three registrations; the Telegram menu issued after the merge works.
    await telegram.choose("تسجيلاتي")
    assert "لديك ٣ تسجيلات قادمة" in telegram.texts
    await whatsapp.text("تسجيلاتي")
    assert "لديك ٣ تسجيلات قادمة" in whatsapp.texts


async def whatsapp_contact(core: BotCore) -> Contact:
    """The contact of the WhatsApp identity."""
    [identity] = await rows(core, Identity, Identity.channel == "whatsapp")
    async with core.db.transaction() as session:
        contact = await session.get(Contact, identity.contact_id)
        assert contact is not None
        return contact


async def test_a_shared_number_nobody_has_is_kept_for_later(core: BotCore) -> None:
    telegram = Person(core, TG_USER, channel="telegram")
    await telegram.onboard()
    await share_contact(telegram, "0770 123 4567")
    assert "تم حفظ رقمك" in telegram.texts
    [contact] = await rows(core, Contact)
    assert contact.phone_e164 == E164


async def test_someone_elses_contact_card_links_nothing(core: BotCore) -> None:
    await whatsapp_person(core)
    telegram = Person(core, TG_USER, channel="telegram")
    await telegram.onboard()
    async with FakeTelegramServer() as tg:
        update = Update.de_json(tg.build_contact_update(int(TG_USER), WA_ID, contact_user_id=999), None)
    inbound = parse_update(update)
    assert inbound is not None and inbound.kind == InboundKind.UNSUPPORTED
    await telegram.send(inbound)
    assert "لم أفهم" in telegram.texts
    # Typing the number is no proof of owning it either.
    await telegram.text("07701234567")
    assert "لم أفهم" in telegram.texts
    assert await count(core, Contact) == 2
    telegram_contact = [c for c in await rows(core, Contact) if c.phone_e164 is None]
    assert len(telegram_contact) == 1


async def test_the_link_entry_is_only_in_telegram_settings(core: BotCore) -> None:
    whatsapp = await whatsapp_person(core)
    await whatsapp.text("الإعدادات")
    assert all("ربط رقم" not in o.label for r in whatsapp.replies for o in r.options)
    contact = await whatsapp_contact(core)
    await whatsapp.choose_id(core.codec.encode(contact.id, "lp"))
    assert "لم يعد متاحاً" in whatsapp.texts


# ---------------------------------------------------------------- the merge rules, table-driven

MERGE_CASES = [
    # (WhatsApp side, Telegram side, kept status, someone on the waiting list promoted?)
    ("confirmed", "confirmed", "confirmed", True),
    ("waitlisted", "confirmed", "confirmed", False),
    ("confirmed", "waitlisted", "confirmed", False),
    ("cancelled", "waitlisted", "waitlisted", False),
    ("waitlisted", "waitlisted", "waitlisted", False),
    ("cancelled", "cancelled", "cancelled", False),
]


@pytest.mark.parametrize(("kept_side", "absorbed_side", "survivor", "promoted"), MERGE_CASES,
                         ids=[f"{a}+{b}" for a, b, _, _ in MERGE_CASES])
async def test_one_registration_per_event_survives_and_a_freed_seat_goes_to_the_waiting_list(
        core: BotCore, kept_side: str, absorbed_side: str, survivor: str, promoted: bool) -> None:
    event_id = await soon(core, "ندوة حوارية", capacity=[kept_side, absorbed_side].count("confirmed"))
    async with core.db.transaction() as session:
        keep, absorb, stranger = (Contact(language="ar", interests=[], state={}) for _ in range(3))
        session.add_all([keep, absorb, stranger])
        await session.flush()
        base = utcnow() - timedelta(hours=3)
        for contact, status, minutes in ((keep, kept_side, 0), (absorb, absorbed_side, 1), (stranger, "waitlisted", 2)):
            moment = base + timedelta(minutes=minutes)
            session.add(Registration(
                event_id=event_id, contact_id=contact.id, status=status, ticket_code=new_ticket_code(),
                confirmed_at=moment if status == "confirmed" else None,
                waitlisted_at=moment if status == "waitlisted" else None,
                cancelled_at=moment if status == "cancelled" else None,
            ))
        await session.flush()
        await merge_contacts(session, keep=keep, absorb=absorb)
        keep_id, stranger_id = keep.id, stranger.id
    ours = await rows(core, Registration, Registration.contact_id == keep_id)
    assert [r.status for r in ours] == [survivor]
    [theirs] = await rows(core, Registration, Registration.contact_id == stranger_id)
    assert theirs.status == ("confirmed" if promoted else "waitlisted")
    confirmed = len(await rows(core, Registration, Registration.status == "confirmed"))
    assert confirmed <= max(1, [kept_side, absorbed_side].count("confirmed")), "never overbooked"
    notices = await rows(core, Delivery, Delivery.kind == "promoted")
    assert len(notices) == (1 if promoted else 0)


async def test_surveys_roles_and_deliveries_move_without_duplicates(core: BotCore) -> None:
    event_id = await soon(core, "ورشة عمل")
    async with core.db.transaction() as session:
        organization = Organization(name="جمعية المثال الأولى")
        keep, absorb = Contact(language="ar", interests=[], state={}), Contact(language="ar", interests=[], state={})
        session.add_all([organization, keep, absorb])
        await session.flush()
        survey = Survey(event_id=event_id, questions=[{"key": "rating", "kind": "rating"}])
        other_survey = Survey(event_id=await _another_event(session), questions=[])
        session.add_all([survey, other_survey])
        await session.flush()
        session.add_all([
            SurveyResponse(survey_id=survey.id, contact_id=keep.id, answers={}, current_question=0),
            SurveyResponse(survey_id=survey.id, contact_id=absorb.id, answers={"rating": 5},
                           completed_at=utcnow()),
            SurveyResponse(survey_id=other_survey.id, contact_id=absorb.id, answers={}),
            Staff(organization_id=organization.id, contact_id=keep.id, role="organizer"),
            Staff(organization_id=organization.id, contact_id=absorb.id, role="organizer"),
            Staff(organization_id=organization.id, contact_id=absorb.id, role="coordinator"),
            Delivery(purpose="broadcast:1", kind="broadcast", contact_id=keep.id, state="pending"),
            Delivery(purpose="broadcast:1", kind="broadcast", contact_id=absorb.id, state="sent",
                     platform_message_id="wamid.SENT"),
            Delivery(purpose="broadcast:2", kind="broadcast", contact_id=absorb.id, state="pending"),
        ])
        await session.flush()
        await merge_contacts(session, keep=keep, absorb=absorb)
        keep_id = keep.id
    assert await count(core, Contact) == 1
    responses = await rows(core, SurveyResponse)
    assert len(responses) == 2 and {r.contact_id for r in responses} == {keep_id}
    assert [r.answers for r in responses if r.survey_id == survey.id] == [{"rating": 5}], "the finished answer kept"
    assert sorted(s.role for s in await rows(core, Staff)) == ["coordinator", "organizer"]
    deliveries = {d.purpose: d for d in await rows(core, Delivery)}
    assert set(deliveries) == {"broadcast:1", "broadcast:2"}
    assert deliveries["broadcast:1"].state == "sent", "what already went out is not sent again"
    assert {d.contact_id for d in deliveries.values()} == {keep_id}


async def _another_event(session) -> int:  # type: ignore[no-untyped-def]
    from storage.models import Event

    event = Event(title="جلسة ختامية", kind="closing", governorate="baghdad", organizer_name="جمعية",
                  venue="قاعة", starts_at=utcnow() + timedelta(days=9))
    session.add(event)
    await session.flush()
    return event.id


# ---------------------------------------------------------------- both channels in one process

async def test_telegram_and_whatsapp_in_one_process_become_one_person(tmp_path: Path) -> None:
    async with FakeWhatsAppServer() as wa, FakeTelegramServer("123:ABC", max_poll_wait=0.2) as tg:
        running, url = await _start_both(tmp_path, wa, tg)
        try:
            person = WhatsAppPerson(wa, url)
            await person.say("مرحبا")
            await person.expect("أهلاً بك")
            await person.press("أوافق")
            await person.expect("اختر محافظتك")
            await person.press("المزيد")
            await person.expect("الصفحة ٢ من ٢")
            await person.press("كركوك")
            await person.expect("القائمة الرئيسية — ماذا")
            await person.press("الفعاليات القادمة")
            await person.expect("الفعاليات القادمة — كركوك")
            await person.press("ورشة عمل")
            await person.expect("الجهة المنظمة")
            await person.press("سجّلني")
            confirmed = await person.expect("رمز تذكرتك")
            ticket = confirmed["interactive"]["body"]["text"].split("رمز تذكرتك:")[1].split()[0]

            user = 5551
            assert await tg.post_to_webhook(tg.build_command_update(user, "/start")) == 200
            await tg.wait_for("sendMessage", predicate=lambda r: "أهلاً بك" in str(r.params.get("text")))
            assert await tg.post_to_webhook(tg.build_callback_update(user, _button(tg, user, "أوافق"))) == 200
            await tg.wait_for("editMessageText", predicate=lambda r: "اختر محافظتك" in str(r.params.get("text")))
            assert await tg.post_to_webhook(tg.build_callback_update(user, _button(tg, user, "بغداد"))) == 200
            await tg.wait_for("sendMessage", predicate=lambda r: "القائمة الرئيسية" in str(r.params.get("text")))
            assert await tg.post_to_webhook(tg.build_callback_update(user, _button(tg, user, "الإعدادات"))) == 200
            await tg.wait_for("editMessageText", predicate=lambda r: "الاهتمامات" in str(r.params.get("text")))
            assert await tg.post_to_webhook(tg.build_callback_update(user, _button(tg, user, "ربط رقم"))) == 200
            [ask] = await tg.wait_for("sendMessage", predicate=lambda r: "شارك رقم هاتفك" in str(r.params.get("text")))
            [[share_button]] = ask.params["reply_markup"]["keyboard"]
            assert share_button["request_contact"] is True
            assert await tg.post_to_webhook(tg.build_contact_update(user, WA_ID)) == 200
            await tg.wait_for("sendMessage", predicate=lambda r: "تم ربط حسابك" in str(r.params.get("text")))
            assert await tg.post_to_webhook(tg.build_text_update(user, "تسجيلاتي")) == 200
            await tg.wait_for("sendMessage", predicate=lambda r: ticket in str(r.params.get("text")))
            async with running.db.transaction() as session:
                assert await session.scalar(select(func.count()).select_from(Contact)) == 1
        finally:
            await running.stop()


def _button(tg: FakeTelegramServer, user: int, label: str) -> str:
    buttons = [b for row in tg.last_keyboard(user) for b in row]
    chosen = next((b for b in buttons if label in b["text"]), None)
    assert chosen is not None, f"no button {label!r} in {[b['text'] for b in buttons]}"
    return chosen["callback_data"]


async def _start_both(tmp_path: Path, wa: FakeWhatsAppServer, tg: FakeTelegramServer) -> tuple[RunningBot, str]:
    """The bot with Telegram (webhook) and WhatsApp on one aiohttp server."""
    port = free_port()
    return await start_whatsapp_bot(
        tmp_path, wa, port=port, TELEGRAM_BOT_TOKEN="123:ABC", TELEGRAM_API_BASE_URL=tg.base_url,
        TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram/webhook",
    )
