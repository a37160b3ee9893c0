"""The check-in door: one event at a time, a time window with an audited override, every form of a ticket.

The organizer first chooses the event («تسجيل الحضور: …»); a ticket for another event is
refused with that event's name; check-in is open from 2 hours before the start until the end,
and outside it a ticket is checked in only after the organizer confirms (audited as
`checkin.override`). QR tickets of a WhatsApp deployment are wa.me links; whatever form of the
ticket the organizer types or pastes is read.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from bot.settings import Settings
from handlers.checkin import qr_png
from handlers.core import BotCore, CoreConfig
from storage.models import AuditLog, Event, Registration
from storage.services.checkin import ticket_token, token_in
from tests.helpers import Person, add_event
from tests.test_checkin import Door, build_door, contact_id, documents

TITLE = "ندوة حوارية حول الانتخابات"
WORKSHOP = "ورشة عمل: كيف تقرأ ورقة الاقتراع"
NUMBER = "9647701234567"


@pytest.fixture
async def door(core, clock) -> Door:  # type: ignore[no-untyped-def]
    """The seminar (tomorrow 12:00 Baghdad, two hours) of the check-in stories, and a workshop the day after."""
    built = await build_door(core, clock)
    await add_event(core.db, title=WORKSHOP, starts_at=clock.now + timedelta(days=2), organization_id=built.org,
                    kind="workshop")
    return built


async def open_door(person: Person, title: str = TITLE) -> None:
    """Panel → «تسجيل الحضور» → the event."""
    await person.text("القائمة")
    await person.choose("لوحة المنظمين")
    await person.choose("تسجيل الحضور")
    assert "اختر الفعالية التي تسجّل حضورها" in person.texts
    await person.choose(title[:12])
    assert f"تسجيل الحضور: «{title}»" in person.texts


async def set_code(door: Door, code: str) -> None:
    async with door.core.db.transaction() as session:
        (await session.get(Registration, door.registration_id)).ticket_code = code


async def overrides(door: Door) -> list[AuditLog]:
    async with door.core.db.transaction() as session:
        return list((await session.scalars(select(AuditLog).where(AuditLog.action == "checkin.override"))).all())


async def test_the_organizer_chooses_the_event_and_its_window_is_shown(door: Door, clock) -> None:
    clock.now += timedelta(hours=23)  # 11:00 in Baghdad, an hour before the seminar
    organizer = door.people["organizer"]
    await open_door(organizer)
    # From two hours before the noon start until its end, two hours later (Baghdad time).
    assert "الأربعاء ٢ كانون الأول ٢٠٢٦، الساعة ١٠:٠٠ صباحاً" in organizer.texts
    assert "الأربعاء ٢ كانون الأول ٢٠٢٦، الساعة ٢:٠٠ ظهراً" in organizer.texts
    await organizer.text((await door.registration()).ticket_code)
    assert "تم تسجيل الحضور" in organizer.texts


async def test_a_ticket_for_another_event_of_the_organisation_is_refused_with_its_name(door: Door, clock) -> None:
    clock.now += timedelta(hours=23)  # the seminar's door would be open, but this organizer is at the workshop's
    organizer = door.people["organizer"]
    await open_door(organizer, WORKSHOP)
    await organizer.text((await door.registration()).ticket_code)
    assert f"هذه التذكرة لفعالية أخرى: «{TITLE}»" in organizer.texts and WORKSHOP in organizer.texts
    await organizer.command("start", f"ci_{await door.token()}")  # the QR follows the same rule
    assert f"هذه التذكرة لفعالية أخرى: «{TITLE}»" in organizer.texts
    assert (await door.registration()).checked_in_at is None


async def test_sixteen_days_early_needs_a_confirmed_override_that_is_audited(door: Door, clock) -> None:
    organizer = door.people["organizer"]
    await open_door(organizer)
    assert "لم يبدأ وقت تسجيل الحضور بعد" in organizer.texts
    ticket = (await door.registration()).ticket_code
    await organizer.text(ticket)
    assert "لم يبدأ تسجيل الحضور" in organizer.texts and "رغم ذلك؟" in organizer.texts
    assert (await door.registration()).checked_in_at is None
    await organizer.choose("لا")
    assert "لم يُسجَّل الحضور" in organizer.texts
    assert (await door.registration()).checked_in_at is None and await overrides(door) == []

    await organizer.text(ticket)  # the door is still open after «لا»
    await organizer.choose("رغم ذلك")
    assert "تم تسجيل الحضور" in organizer.texts
    [entry] = await overrides(door)
    staff = await contact_id(door.core, organizer)
    assert entry.actor == f"staff:{staff}" and entry.organization_id == door.org
    assert entry.details == {"event_id": door.event_id, "registration_id": door.registration_id, "reason": "early"}
    assert (await door.registration()).checked_in_by == staff


async def test_after_the_end_a_scan_asks_before_checking_in_late(door: Door, clock) -> None:
    organizer = door.people["organizer"]
    await open_door(organizer)
    clock.now += timedelta(days=1, hours=2, minutes=1)  # the seminar ended a minute ago
    await organizer.command("start", f"ci_{await door.token()}")
    assert "انتهى وقت تسجيل الحضور" in organizer.texts
    assert (await door.registration()).checked_in_at is None
    await organizer.choose("رغم ذلك")
    assert "تم تسجيل الحضور" in organizer.texts
    assert [e.details["reason"] for e in await overrides(door)] == ["late"]


async def test_an_override_for_another_door_or_another_person_does_nothing(door: Door, clock) -> None:
    organizer = door.people["organizer"]
    await open_door(organizer)
    await organizer.text((await door.registration()).ticket_code)
    confirm = organizer.option_id("رغم ذلك")
    await open_door(organizer, WORKSHOP)  # the door moved on: the old confirmation is stale
    await organizer.choose_id(confirm)
    assert "تم تسجيل الحضور" not in organizer.texts
    admin = door.people["admin"]
    await admin.choose_id(confirm)  # issued to the organizer: worthless to anyone else
    assert (await door.registration()).checked_in_at is None and await overrides(door) == []


async def test_a_cancelled_event_refuses_check_in(door: Door, clock) -> None:
    clock.now += timedelta(hours=23)
    organizer = door.people["organizer"]
    await open_door(organizer)
    async with door.core.db.transaction() as session:
        (await session.get(Event, door.event_id)).status = "cancelled"
    await organizer.text((await door.registration()).ticket_code)
    assert "ملغاة" in organizer.texts
    assert (await door.registration()).checked_in_at is None


async def test_a_scan_with_no_door_open_proposes_the_tickets_event(door: Door, clock) -> None:
    clock.now += timedelta(hours=23)
    organizer = door.people["organizer"]
    await organizer.command("start", f"ci_{await door.token()}")
    assert f"هذه التذكرة لفعالية «{TITLE}»" in organizer.texts
    assert (await door.registration()).checked_in_at is None
    await organizer.choose("نعم، ابدأ")
    assert f"تسجيل الحضور: «{TITLE}»" in organizer.texts and "تم تسجيل الحضور" in organizer.texts
    # The door stays open: the next code is read without asking again.
    await organizer.text("ZZZZ9999")
    assert "لا توجد تذكرة بالرمز" in organizer.texts


FORMS = [
    "AB23CD45", "ab23cd45", "AB23-CD45", "ab 23 cd 45", "AB٢٣CD٤٥", " AB23 CD45 ",
    "{token}", "ci_{token}", "/start ci_{token}", "musharaka:ci_{token}",
    "https://t.me/musharaka_test_bot?start=ci_{token}",
    "https://wa.me/" + NUMBER + "?text=%2Fstart%20ci_{token}",
    "https://wa.me/" + NUMBER + "?text=/start ci_{token}",
    "تذكرة: ci_{token}",
]


@pytest.mark.parametrize("form", FORMS)
async def test_every_form_of_the_ticket_is_accepted_at_the_door(door: Door, clock, form: str) -> None:
    clock.now += timedelta(hours=23)
    await set_code(door, "AB23CD45")
    organizer = door.people["organizer"]
    await open_door(organizer)
    await organizer.text(form.format(token=await door.token()))
    assert "تم تسجيل الحضور" in organizer.texts
    assert (await door.registration()).checked_in_at == clock.now


async def test_a_forged_token_in_a_link_is_not_accepted(door: Door, clock) -> None:
    clock.now += timedelta(hours=23)
    organizer = door.people["organizer"]
    await open_door(organizer)
    token = await door.token()
    forged = f"{door.registration_id + 1}-{token.split('-', 1)[1]}"
    await organizer.text(f"https://wa.me/{NUMBER}?text=%2Fstart%20ci_{forged}")
    assert "لا توجد تذكرة" in organizer.texts
    assert (await door.registration()).checked_in_at is None


async def test_a_whatsapp_deployment_puts_a_wa_me_link_with_the_code_typed_in_the_qr(db, clock) -> None:
    core = await BotCore.create(db, CoreConfig(secret_key="test-secret", whatsapp_number=NUMBER))
    door = await build_door(core, clock)
    await door.owner.text("تذاكري")
    [document] = documents(door.owner.replies)
    link = f"https://wa.me/{NUMBER}?text=%2Fstart%20ci_{await door.token()}"
    assert document.data == qr_png(link)
    assert unquote(link.split("text=")[1]) == f"/start ci_{await door.token()}"  # what WhatsApp types
    assert token_in(link) == await door.token()


async def test_with_both_channels_a_whatsapp_ticket_holder_gets_the_wa_me_link(db, clock) -> None:
    core = await BotCore.create(db, CoreConfig(secret_key="test-secret", bot_username="musharaka_test_bot",
                                               whatsapp_number=NUMBER))
    door = await build_door(core, clock)
    await door.owner.text("تذاكري")
    telegram_link = f"https://t.me/musharaka_test_bot?start=ci_{await door.token()}"
    assert documents(door.owner.replies)[0].data == qr_png(telegram_link)
    holder = Person(core, "9647709876543", channel="whatsapp")
    await holder.onboard()
    await holder.text("الفعاليات")
    await holder.choose("ندوة حوارية")
    await holder.choose("سجّلني")
    await holder.text("تذاكري")
    [document] = documents(holder.replies)
    async with core.db.transaction() as session:
        registration = await session.scalar(select(Registration).order_by(Registration.id.desc()))
        token = await ticket_token(session, registration.id)
    assert document.data == qr_png(f"https://wa.me/{NUMBER}?text=%2Fstart%20ci_{token}")


def test_the_whatsapp_display_number_is_read_as_digits(monkeypatch) -> None:
    monkeypatch.setenv("WHATSAPP_DISPLAY_NUMBER", "+964 770 123 4567")
    assert Settings(_env_file=None).core_config().whatsapp_number == NUMBER  # type: ignore[call-arg]
    monkeypatch.setenv("WHATSAPP_DISPLAY_NUMBER", "٩٦٤٧٧٠١٢٣٤٥٦٧")
    assert Settings(_env_file=None).core_config().whatsapp_number == NUMBER  # type: ignore[call-arg]
    monkeypatch.delenv("WHATSAPP_DISPLAY_NUMBER")
    assert Settings(_env_file=None).core_config().whatsapp_number is None  # type: ignore[call-arg]
