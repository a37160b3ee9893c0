"""Many people at the same moment, through the bot: what each is told matches what is stored.

tests/test_registration_services.py already proves the storage services under a burst (200
registrations for 50 seats, 50 cancellations at once). These stories add what it leaves out:
the replies people read when they press the button together (ticket codes, waiting-list
places), double taps from two devices or two webhook workers (the per-person lock of one
adapter process does not cover that), registrations and cancellations racing each other, and
a busy door where both scanners read every ticket at once. Run on SQLite and, with
DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from handlers.core import BotCore
from handlers.types import Outbound
from messages import catalog
from messages.normalize import to_ascii_digits
from storage.db import Database
from storage.models import Delivery, Registration
from storage.services import checkin
from storage.services import registration as service
from tests.conftest import FakeClock
from tests.helpers import Person, add_event

REGISTERED = "تم تسجيلك"
WAITLISTED = "قائمة الانتظار"
_POSITION = re.compile(r"ترتيبك: (\S+)\.")


# --- helpers --------------------------------------------------------------------------------------


async def people_looking_at(core: BotCore, event_title: str, count: int, *, prefix: str) -> list[Person]:
    """`count` people who started the bot, chose Baghdad and opened the event's details."""
    people = [Person(core, f"{prefix}{n}") for n in range(count)]

    async def open_details(person: Person) -> None:
        await person.onboard()
        await person.text("الفعاليات")
        await person.choose(event_title)
        # The button is there: «register me», or «join the waiting list» once the event is full.
        assert person.replies[0].options[0].label in (catalog.text("register-button"),
                                                      catalog.text("register-waitlist-button"))

    # Getting there is not the race under test: one after another.
    for person in people:
        await open_details(person)
    return people


async def press_together(people: list[Person], label: str) -> list[list[Outbound]]:
    """Everyone presses the button labelled `label` (issued to them earlier) at the same moment."""
    ids = [p.option_id(label) for p in people]
    return list(await asyncio.gather(*(p.choose_id(i) for p, i in zip(people, ids, strict=True))))


def told_position(replies: list[Outbound]) -> int | None:
    """The waiting-list place a reply announced, if any."""
    for reply in replies:
        found = _POSITION.search(reply.text)
        if found:
            return int(to_ascii_digits(found.group(1)))
    return None


def text_of(replies: list[Outbound]) -> str:
    """All reply texts of one turn."""
    return "\n".join(r.text for r in replies)


async def seats(db: Database, event_id: int) -> Counter[str]:
    """Registrations of an event by status."""
    async with db.transaction() as session:
        return Counter(await session.scalars(select(Registration.status).where(Registration.event_id == event_id)))


async def queue_of(db: Database, event_id: int) -> list[int]:
    """Contact ids waiting for a seat, in the order the service ranks them (positions must be 1..n)."""
    async with db.transaction() as session:
        waiting = (await session.scalars(
            select(Registration).where(Registration.event_id == event_id, Registration.status == "waitlisted")
        )).all()
        ranked = sorted([(await service.waitlist_position(session, r), r.contact_id) for r in waiting])
    assert [p for p, _ in ranked] == list(range(1, len(ranked) + 1)), "waiting-list places are 1..n"
    return [contact_id for _, contact_id in ranked]


async def registration_of(db: Database, event_id: int, contact_id: int) -> Registration | None:
    """One person's registration for an event."""
    async with db.transaction() as session:
        return await session.scalar(
            select(Registration).where(Registration.event_id == event_id, Registration.contact_id == contact_id)
        )


async def promoted_in_order(db: Database) -> list[int]:
    """Contact ids told «توفر مقعد لك», in the order the messages were queued."""
    async with db.transaction() as session:
        return list(await session.scalars(
            select(Delivery.contact_id).where(Delivery.kind == "promoted").order_by(Delivery.id)
        ))


async def contact_id_of(person: Person) -> int:
    """The contact id behind a person (from an option id issued to them)."""
    async with person.core.db.transaction() as session:
        from storage.services.contacts import find_identity

        identity = await find_identity(session, person.channel, person.external_id)
        assert identity is not None
        return identity.contact_id


# --- the stories ------------------------------------------------------------------------------------


async def test_two_hundred_people_pressing_register_together_are_each_told_the_truth(
    core: BotCore, clock: FakeClock
) -> None:
    event_id = await add_event(core.db, title="ندوة حوارية حول قانون الانتخابات", capacity=50,
                               starts_at=clock.now + timedelta(days=7))
    people = await people_looking_at(core, "ندوة حوارية", 200, prefix="r")

    replies = await press_together(people, "سجّلني")

    confirmed = [r for r in replies if REGISTERED in text_of(r)]
    waiting = [r for r in replies if WAITLISTED in text_of(r)]
    assert (len(confirmed), len(waiting)) == (50, 150)
    tickets = {re.search(r"رمز تذكرتك: (\S+)", text_of(r)).group(1) for r in confirmed}  # type: ignore[union-attr]
    assert len(tickets) == 50, "fifty different ticket codes"
    assert all(r[-1].document is not None for r in confirmed), "each seat comes with its calendar file"
    assert sorted(told_position(r) for r in waiting) == list(range(1, 151)), "each told a different place"  # type: ignore[type-var]
    assert await seats(core.db, event_id) == Counter({"confirmed": 50, "waitlisted": 150})
    # The place each person was told is the place they really hold.
    queue = await queue_of(core.db, event_id)
    for person, reply in zip(people, replies, strict=True):
        if WAITLISTED in text_of(reply):
            assert queue.index(await contact_id_of(person)) + 1 == told_position(reply)


async def test_a_double_tap_on_register_from_two_devices_takes_one_seat(core: BotCore, clock: FakeClock) -> None:
    event_id = await add_event(core.db, title="ورشة عمل المشاركة المدنية", capacity=1,
                               starts_at=clock.now + timedelta(days=3))
    amal, basim = await people_looking_at(core, "ورشة عمل", 2, prefix="d")

    # Amal taps twice (phone and desktop, served by two workers); Basim taps once, all together.
    amal_again = Person(core, amal.external_id)
    amal_again.replies = amal.replies
    replies = await press_together([amal, amal_again, basim], "سجّلني")

    amal_row = await registration_of(core.db, event_id, await contact_id_of(amal))
    assert amal_row is not None
    assert await seats(core.db, event_id) == Counter({"confirmed": 1, "waitlisted": 1})
    amal_texts = [text_of(r) for r in replies[:2]]
    assert sum("مسبقاً" in t for t in amal_texts) == 1, "the second tap is told she is already registered"
    if amal_row.status == "confirmed":
        assert WAITLISTED in text_of(replies[2])
    else:
        assert REGISTERED in text_of(replies[2])


async def test_cancelling_one_seat_twice_at_once_frees_it_for_one_person(core: BotCore, clock: FakeClock) -> None:
    event_id = await add_event(core.db, title="طاولة حوارية للشباب", capacity=1,
                               starts_at=clock.now + timedelta(days=3))
    amal, basim, chiman = await people_looking_at(core, "طاولة حوارية", 3, prefix="x")
    for person in (amal, basim, chiman):
        await person.choose("سجّلني")
        clock.advance(seconds=1)
    await amal.text("تسجيلاتي")
    await amal.choose("إلغاء")  # «do you want to cancel …?»
    amal_again = Person(core, amal.external_id)
    amal_again.replies = amal.replies

    replies = await press_together([amal, amal_again], "نعم")

    assert sorted("ملغى مسبقاً" in text_of(r) for r in replies) == [False, True]
    assert await promoted_in_order(core.db) == [await contact_id_of(basim)], "one seat, one promotion"
    assert await queue_of(core.db, event_id) == [await contact_id_of(chiman)]
    assert await seats(core.db, event_id) == Counter({"confirmed": 1, "waitlisted": 1, "cancelled": 1})


async def test_cancellations_and_new_registrations_racing_never_leave_a_seat_empty_or_jump_the_queue(
    core: BotCore, clock: FakeClock
) -> None:
    event_id = await add_event(core.db, title="مؤتمر المشاركة السياسية للمرأة", capacity=20,
                               starts_at=clock.now + timedelta(days=10))
    early = await people_looking_at(core, "مؤتمر", 60, prefix="e")
    for person in early:  # one after another: 20 seats, then a queue of 40 in arrival order
        await person.choose("سجّلني")
        clock.advance(seconds=1)
    queue = await queue_of(core.db, event_id)
    late = await people_looking_at(core, "مؤتمر", 30, prefix="l")
    clock.advance(minutes=5)
    leaving = early[:15] + early[-10:]
    for person in leaving:
        await person.text("تسجيلاتي")
        await person.choose("إلغاء")  # «do you want to cancel …?»: the «yes» is pressed below

    # At once: 15 seat holders give up their seats, the last 10 in the queue give up waiting,
    # and 30 newcomers ask for a seat.
    # The event is full when the newcomers open it: they are offered the waiting list.
    join = catalog.text("register-waitlist-button")
    await asyncio.gather(press_together(leaving, "نعم"), press_together(late, join))

    assert (await seats(core.db, event_id))["confirmed"] == 20, "no freed seat stays empty while people wait"
    assert await promoted_in_order(core.db) == queue[:15], "the first fifteen waiting, in their order"
    now_waiting = await queue_of(core.db, event_id)
    assert now_waiting[:15] == queue[15:30], "those still waiting kept their order"
    assert set(now_waiting[15:]) == {await contact_id_of(p) for p in late}, "newcomers queue behind, none jumps"


async def test_a_busy_door_checks_every_ticket_in_once_when_both_scanners_read_it_together(
    core: BotCore, clock: FakeClock
) -> None:
    # tests/test_checkin.py scans one ticket at two doors through the bot; here twenty tickets
    # are each read by both scanners at once, straight through storage.services.checkin.
    event_id = await add_event(core.db, title="جلسة ختامية", capacity=30, starts_at=clock.now + timedelta(hours=1))
    attendees = await people_looking_at(core, "جلسة ختامية", 20, prefix="t")
    door = [await contact_id_of(p) for p in await people_looking_at(core, "جلسة ختامية", 2, prefix="staff")]
    seats_taken = []
    for person in attendees:
        await person.choose("سجّلني")
        row = await registration_of(core.db, event_id, await contact_id_of(person))
        assert row is not None
        seats_taken.append(row.id)

    async def scan(registration_id: int, staff_id: int) -> str:
        async with core.db.transaction() as session:
            return (await checkin.check_in(session, registration_id, staff_id)).result

    results = await asyncio.gather(*(scan(seat, staff) for seat in seats_taken for staff in door))

    per_ticket = [sorted(results[i:i + 2]) for i in range(0, len(results), 2)]
    assert per_ticket == [["already", "checked_in"]] * len(seats_taken), "one check-in per ticket, one «already»"
    async with core.db.transaction() as session:
        rows = (await session.scalars(select(Registration).where(Registration.event_id == event_id))).all()
    assert all(r.checked_in_at == clock.now and r.checked_in_by in door for r in rows)
