"""Check-in at the door: QR tickets, the organizer's scan, typed codes, and who may do what."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from handlers.checkin import qr_png
from handlers.core import BotCore, CoreConfig
from handlers.types import Outbound
from scheduler.jobs import run_tick
from scheduler.sender import Sender
from storage.models import Contact, Registration
from storage.services.checkin import make_token, read_token, ticket_token
from storage.services.contacts import find_identity
from storage.services.staff import add_organization, grant_role
from tests.channels import RecordingChannel
from tests.helpers import Person, add_event

BOT_USERNAME = "musharaka_test_bot"
ROLES = ("citizen", "coordinator", "other_organizer", "organizer", "admin")


async def contact_id(core: BotCore, person: Person) -> int:
    """The contact id behind a test person."""
    async with core.db.transaction() as session:
        identity = await find_identity(session, person.channel, person.external_id)
        assert identity is not None
        return identity.contact_id


async def make_staff(core: BotCore, external_id: str, organization_id: int, role: str,
                     governorate: str = "بغداد") -> Person:
    """Someone who onboarded and holds `role` in the organisation."""
    person = Person(core, external_id)
    await person.onboard(governorate)
    async with core.db.transaction() as session:
        identity = await find_identity(session, person.channel, external_id)
        await grant_role(session, organization_id, identity.contact_id, role, actor="test")
    await person.text("القائمة")
    return person


@dataclass
class Door:
    """Two organisations, their staff, a seminar of the first, and a citizen with a seat at it."""

    core: BotCore
    org: int
    other_org: int
    event_id: int
    people: dict[str, Person]
    owner: Person
    registration_id: int

    async def token(self) -> str:
        async with self.core.db.transaction() as session:
            return await ticket_token(session, self.registration_id)

    async def registration(self) -> Registration:
        async with self.core.db.transaction() as session:
            registration = await session.get(Registration, self.registration_id)
            assert registration is not None
            return registration


async def build_door(core: BotCore, clock) -> Door:  # type: ignore[no-untyped-def]
    """The cast of the check-in stories."""
    async with core.db.transaction() as session:
        org = (await add_organization(session, "جمعية المثال الأولى")).id
        other_org = (await add_organization(session, "شبكة شباب أربيل")).id
    event_id = await add_event(core.db, title="ندوة حوارية حول الانتخابات", starts_at=clock.now + timedelta(days=1),
                               organization_id=org)
    people = {"citizen": Person(core, "citizen")}
    await people["citizen"].onboard()
    people["coordinator"] = await make_staff(core, "coordinator", org, "coordinator")
    people["other_organizer"] = await make_staff(core, "other-organizer", other_org, "organizer")
    people["organizer"] = await make_staff(core, "organizer", org, "organizer")
    people["admin"] = await make_staff(core, "admin", org, "admin")
    owner = Person(core, "owner")
    await owner.onboard()
    await owner.text("الفعاليات")
    await owner.choose("ندوة حوارية")
    await owner.choose("سجّلني")
    assert "تم تسجيلك" in owner.texts
    async with core.db.transaction() as session:
        registration_id = await session.scalar(select(Registration.id))
    return Door(core, org, other_org, event_id, people, owner, registration_id)


@pytest.fixture
async def named_core(db) -> BotCore:  # type: ignore[no-untyped-def]
    """The core of a deployment whose Telegram bot username is known (t.me links)."""
    return await BotCore.create(db, CoreConfig(secret_key="test-secret", bot_username=BOT_USERNAME))


@pytest.fixture
async def door(named_core, clock) -> Door:  # type: ignore[no-untyped-def]
    return await build_door(named_core, clock)


def documents(replies: list[Outbound]) -> list:  # type: ignore[type-arg]
    return [r.document for r in replies if r.document is not None]


async def open_the_door(door: Door, person: Person, clock=None) -> None:  # type: ignore[no-untyped-def]
    """Panel → «تسجيل الحضور» (the organisation's one event opens at once), an hour before the start."""
    if clock is not None:
        clock.now = clock.now.replace(hour=8) + timedelta(days=1)  # 11:00 in Baghdad, the seminar starts at 12:00
    await person.text("القائمة")
    await person.choose("لوحة المنظمين")
    await person.choose("تسجيل الحضور")
    assert "تسجيل الحضور: «ندوة حوارية حول الانتخابات»" in person.texts


# --- the ticket -----------------------------------------------------------------------------


async def test_a_citizen_gets_a_qr_ticket_that_opens_the_bot_with_a_signed_token(door: Door) -> None:
    ticket = (await door.registration()).ticket_code
    await door.owner.text("القائمة")
    await door.owner.choose("تذاكري")
    [document] = documents(door.owner.replies)
    token = await door.token()
    assert document.mime_type == "image/png" and document.data.startswith(b"\x89PNG")
    # The QR code is exactly the one for the t.me deep link with this registration's token.
    assert document.data == qr_png(f"https://t.me/{BOT_USERNAME}?start=ci_{token}")
    assert ticket in door.owner.texts and "ندوة حوارية حول الانتخابات" in door.owner.texts
    # A deep-link payload is at most 64 characters of [A-Za-z0-9_-].
    payload = f"ci_{token}"
    assert len(payload) <= 64 and payload.replace("_", "").replace("-", "").isalnum() and payload.isascii()


async def test_without_a_known_bot_username_the_qr_still_carries_the_token(core, clock) -> None:
    door = await build_door(core, clock)
    await door.owner.text("تذاكري")
    [document] = documents(door.owner.replies)
    assert document.data == qr_png(f"musharaka:ci_{await door.token()}")


async def test_tokens_are_unguessable_and_tamper_evident() -> None:
    key = b"k" * 32
    token = make_token(key, 41)
    assert read_token(key, token) == 41
    _, signature = token.split("-", 1)
    assert read_token(key, f"42-{signature}") is None
    assert read_token(key, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert read_token(b"x" * 32, token) is None
    assert read_token(key, "41") is None and read_token(key, "") is None
    assert len(signature) == 16  # 96 bits


# --- scanning at the door -------------------------------------------------------------------


async def test_the_organizer_scans_the_qr_and_the_person_is_checked_in_once(door: Door, clock) -> None:
    organizer = door.people["organizer"]
    await open_the_door(door, organizer)
    clock.now = datetime(2026, 12, 2, 7, 4)  # 10:04 in Baghdad, two hours before the start
    token = await door.token()
    await organizer.command("start", f"ci_{token}")
    assert "تم تسجيل الحضور" in organizer.texts
    registration = await door.registration()
    assert registration.checked_in_at == clock.now
    assert registration.checked_in_by == await contact_id(door.core, organizer)

    clock.advance(minutes=20)
    await organizer.command("start", f"ci_{token}")
    assert "سُجّل حضوره مسبقاً الساعة ١٠:٠٤ صباحاً" in organizer.texts
    assert (await door.registration()).checked_in_at == datetime(2026, 12, 2, 7, 4)


async def test_two_doors_scanning_the_same_ticket_at_once_check_it_in_once(door: Door, clock) -> None:
    second = await make_staff(door.core, "organizer-2", door.org, "organizer")
    token = await door.token()
    first = door.people["organizer"]
    await open_the_door(door, first, clock)
    await open_the_door(door, second)
    await asyncio.gather(first.command("start", f"ci_{token}"), second.command("start", f"ci_{token}"))
    outcomes = sorted(["done" if "تم تسجيل الحضور" in p.texts else "already" if "مسبقاً" in p.texts else p.texts
                       for p in (first, second)])
    assert outcomes == ["already", "done"]


async def test_an_organizer_of_another_organisation_is_refused(door: Door) -> None:
    stranger = door.people["other_organizer"]
    await stranger.command("start", f"ci_{await door.token()}")
    assert "منظمة أخرى" in stranger.texts
    assert (await door.registration()).checked_in_at is None


async def test_the_ticket_owner_who_opens_the_link_sees_only_their_ticket(door: Door) -> None:
    await door.owner.command("start", f"ci_{await door.token()}")
    assert len(documents(door.owner.replies)) == 1
    assert (await door.registration()).checked_in_at is None


async def test_another_citizen_who_opens_the_link_gets_a_polite_message_and_no_ticket(door: Door) -> None:
    citizen = door.people["citizen"]
    await citizen.command("start", f"ci_{await door.token()}")
    assert "ليست لك" in citizen.texts
    assert documents(citizen.replies) == []
    assert (await door.registration()).ticket_code not in citizen.texts
    assert (await door.registration()).checked_in_at is None


async def test_a_tampered_token_is_refused(door: Door) -> None:
    organizer = door.people["organizer"]
    token = await door.token()
    _, signature = token.split("-", 1)
    for forged in (f"{door.registration_id + 1}-{signature}", token[:-2] + "xx", "1", "garbage"):
        await organizer.command("start", f"ci_{forged}")
        assert "غير صالح" in organizer.texts
    assert (await door.registration()).checked_in_at is None


async def test_a_replayed_token_of_a_cancelled_seat_does_not_check_in(door: Door, clock) -> None:
    await door.owner.text("تسجيلاتي")
    await door.owner.choose("إلغاء")
    if "هل تريد إلغاء" in door.owner.texts:
        await door.owner.choose("نعم")
    organizer = door.people["organizer"]
    await open_the_door(door, organizer, clock)
    await organizer.command("start", f"ci_{await door.token()}")
    assert "غير مؤكدة" in organizer.texts
    assert (await door.registration()).checked_in_at is None
    await door.owner.command("start", f"ci_{await door.token()}")
    assert documents(door.owner.replies) == []


async def test_a_newcomer_organizer_scanning_before_onboarding_is_checked_in_after_it(door: Door, clock) -> None:
    # Someone invited as organizer who scans before ever talking to the bot: onboarding first.
    fresh = Person(door.core, "fresh-organizer")
    await fresh.command("start", f"ci_{await door.token()}")
    assert "أهلاً بك" in fresh.texts
    async with door.core.db.transaction() as session:
        contact = (await session.scalars(select(Contact).order_by(Contact.id.desc()))).first()
        await grant_role(session, door.org, contact.id, "organizer", actor="test")
    await fresh.choose("أوافق")
    await fresh.choose("بغداد")
    # No door is open yet: the scanned ticket proposes its event's door, and opening it checks the ticket in.
    assert "هذه التذكرة لفعالية «ندوة حوارية حول الانتخابات»" in fresh.texts
    assert (await door.registration()).checked_in_at is None
    clock.now += timedelta(hours=23)
    await fresh.choose("نعم، ابدأ")
    assert "تم تسجيل الحضور" in fresh.texts


async def test_only_people_checked_in_at_the_door_are_invited_to_the_survey(door: Door, clock) -> None:
    latecomer = door.people["citizen"]
    await latecomer.text("الفعاليات")
    await latecomer.choose("ندوة حوارية")
    await latecomer.choose("سجّلني")
    await open_the_door(door, door.people["organizer"], clock)
    await door.people["organizer"].command("start", f"ci_{await door.token()}")
    assert "تم تسجيل الحضور" in door.people["organizer"].texts
    clock.advance(hours=5, minutes=1)  # two hours after the two-hour seminar ended
    await run_tick(door.core.db)
    channel = RecordingChannel()
    await Sender(door.core, {"console": channel}).drain()
    assert [(m.external_id, m.purpose) for m in channel.sent if m.purpose == "survey"] == [("owner", "survey")]


# --- typing codes ---------------------------------------------------------------------------


async def test_the_organizer_types_codes_in_any_digits_and_case_one_after_another(door: Door, clock) -> None:
    async with door.core.db.transaction() as session:
        registration = await session.get(Registration, door.registration_id)
        registration.ticket_code = "AB23CD45"
    organizer = door.people["organizer"]
    await open_the_door(door, organizer, clock)
    assert "اكتب رمز التذكرة" in organizer.texts
    await organizer.text("ab ٢٣ cd ٤٥")
    assert "تم تسجيل الحضور" in organizer.texts and "AB23CD45" in organizer.texts
    await organizer.text("AB23CD45")
    assert "سُجّل حضوره مسبقاً" in organizer.texts
    await organizer.text("ZZZZ9999")
    assert "لا توجد تذكرة بالرمز" in organizer.texts
    await organizer.text("القائمة")
    assert "القائمة الرئيسية" in organizer.texts
    await organizer.text("AB23CD45")
    assert "لم أفهم" in organizer.texts


async def test_typed_codes_of_another_organisation_or_an_unconfirmed_seat_are_not_checked_in(door: Door,
                                                                                             clock) -> None:
    other_event = await add_event(door.core.db, title="ورشة عمل في أربيل", starts_at=clock.now + timedelta(days=2),
                                  organization_id=door.other_org, governorate="erbil")
    citizen_id = await contact_id(door.core, door.people["citizen"])
    async with door.core.db.transaction() as session:
        session.add(Registration(event_id=other_event, contact_id=citizen_id, status="confirmed",
                                 ticket_code="ERBL2345", confirmed_at=clock.now))
        session.add(Registration(event_id=door.event_id, contact_id=citizen_id, status="waitlisted",
                                 ticket_code="WAIT2345", waitlisted_at=clock.now))
    organizer = door.people["organizer"]
    await open_the_door(door, organizer, clock)
    await organizer.text("erbl2345")
    assert "منظمة أخرى" in organizer.texts
    await organizer.text("WAIT 2345")
    assert "غير مؤكدة" in organizer.texts
    async with door.core.db.transaction() as session:
        checked = (await session.scalars(select(Registration).where(Registration.checked_in_at.is_not(None)))).all()
    assert checked == []


async def test_a_coordinator_sees_no_check_in_entry(door: Door) -> None:
    coordinator = door.people["coordinator"]
    await coordinator.choose("لوحة المنظمين")
    assert not [o for r in coordinator.replies for o in r.options if "تسجيل الحضور" in o.label]
    organizer = door.people["organizer"]
    await organizer.choose("لوحة المنظمين")
    assert organizer.option_id("تسجيل الحضور")


# --- authorization matrix: check-in actions x roles, with ids signed for the attacker --------

MAY_CHECK_IN = {"organizer", "admin"}


@pytest.mark.parametrize("role", ROLES)
async def test_matrix_typing_codes_needs_the_checkin_permission_of_that_organisation(door: Door, role: str,
                                                                                       clock) -> None:
    clock.now += timedelta(hours=23)  # an hour before the start
    person = door.people[role]
    forged = door.core.codec.encode(await contact_id(door.core, person), "kC", door.org)
    await person.choose_id(forged)
    asks = "اكتب رمز التذكرة" in person.texts
    assert asks == (role in MAY_CHECK_IN)
    await person.text((await door.registration()).ticket_code)
    assert ((await door.registration()).checked_in_at is not None) == (role in MAY_CHECK_IN)


@pytest.mark.parametrize("role", ROLES)
async def test_matrix_scanning_checks_in_only_for_organizers_of_the_event(door: Door, role: str, clock) -> None:
    clock.now += timedelta(hours=23)
    person = door.people[role]
    await person.command("start", f"ci_{await door.token()}")
    assert ("بدء تسجيل الحضور لهذه الفعالية" in person.texts) == (role in MAY_CHECK_IN)
    if role in MAY_CHECK_IN:
        await person.choose("نعم، ابدأ")
    assert ((await door.registration()).checked_in_at is not None) == (role in MAY_CHECK_IN)
    assert documents(person.replies) == []


@pytest.mark.parametrize("role", ROLES)
async def test_matrix_nobody_gets_someone_elses_ticket_with_a_forged_id(door: Door, role: str) -> None:
    person = door.people[role]
    forged = door.core.codec.encode(await contact_id(door.core, person), "kT", door.registration_id)
    await person.choose_id(forged)
    assert documents(person.replies) == []
    assert "لم يعد متاحاً" in person.texts


@pytest.mark.parametrize("role", ROLES)
async def test_matrix_an_option_issued_to_the_organizer_is_worthless_to_anyone_else(door: Door, role: str) -> None:
    organizer_id = await contact_id(door.core, door.people["organizer"])
    person = door.people[role]
    stolen = door.core.codec.encode(organizer_id, "kC", door.org)
    await person.choose_id(stolen)
    if role == "organizer":
        assert "اكتب رمز التذكرة" in person.texts
    else:
        assert "لم يعد متاحاً" in person.texts
        async with door.core.db.transaction() as session:
            contact = await session.get(Contact, await contact_id(door.core, person))
            assert not (contact.state or {}).get("await")
