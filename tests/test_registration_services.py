"""Seats, waiting lists and «حذف بياناتي», straight through the storage services.

Every story here is a citizen asking for a seat, giving it up, or deleting their data, and
what the other people on the waiting list see as a result.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select

from storage.db import Database
from storage.models import Contact, Delivery, Event, Identity, Registration
from storage.services import registration as service
from storage.services.contacts import delete_contact, get_or_create_identity
from tests.conftest import FakeClock
from tests.helpers import add_event

# --- small helpers -------------------------------------------------------------------------


async def new_people(db: Database, count: int, *, prefix: str = "p") -> list[int]:
    """Create `count` people (each with a console identity) and return their contact ids."""
    ids = []
    async with db.transaction() as session:
        for n in range(count):
            _, contact, _ = await get_or_create_identity(session, "console", f"{prefix}{n}")
            ids.append(contact.id)
    return ids


async def register(db: Database, contact_id: int, event_id: int) -> service.RegisterOutcome:
    async with db.transaction() as session:
        return await service.register(session, contact_id, event_id)


async def cancel(db: Database, registration_id: int) -> service.CancelOutcome:
    async with db.transaction() as session:
        registration = await session.get(Registration, registration_id)
        assert registration is not None
        return await service.cancel(session, registration)


async def rows(db: Database, event_id: int) -> dict[int, Registration]:
    """The registrations of an event by contact id."""
    async with db.transaction() as session:
        found = await session.scalars(select(Registration).where(Registration.event_id == event_id))
        return {r.contact_id: r for r in found}


async def waiting_order(db: Database, event_id: int) -> list[int]:
    """Contact ids on the waiting list, in the order the service ranks them."""
    async with db.transaction() as session:
        waiting = (
            await session.scalars(
                select(Registration).where(Registration.event_id == event_id, Registration.status == "waitlisted")
            )
        ).all()
        ranked = [(await service.waitlist_position(session, r), r.contact_id) for r in waiting]
    positions = sorted(p for p, _ in ranked)
    assert positions == list(range(1, len(ranked) + 1)), f"waiting-list positions are not 1..n: {positions}"
    return [contact_id for _, contact_id in sorted(ranked)]


async def promotion_messages(db: Database) -> list[Delivery]:
    async with db.transaction() as session:
        return list(await session.scalars(select(Delivery).where(Delivery.kind == "promoted").order_by(Delivery.id)))


async def soon_event(db: Database, clock: FakeClock, **fields) -> int:  # type: ignore[no-untyped-def]
    return await add_event(db, starts_at=clock.now + timedelta(days=7), **fields)


# --- registering ---------------------------------------------------------------------------


async def test_registering_gives_a_confirmed_seat_with_a_ticket_code(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, capacity=10)
    [amal] = await new_people(db, 1)

    outcome = await register(db, amal, event_id)

    assert outcome.result == "confirmed"
    assert outcome.registration is not None
    ticket = outcome.registration.ticket_code
    assert len(ticket) == 8 and ticket.isalnum() and ticket.isascii() and ticket.isupper()
    assert not set(ticket) & set("01IO"), "ticket codes avoid characters people confuse"
    stored = (await rows(db, event_id))[amal]
    assert (stored.status, stored.ticket_code) == ("confirmed", ticket)


async def test_two_people_get_different_ticket_codes(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, capacity=None)
    people = await new_people(db, 20)
    tickets = {(await register(db, p, event_id)).registration.ticket_code for p in people}  # type: ignore[union-attr]
    assert len(tickets) == 20


async def test_registering_twice_says_already_and_keeps_one_seat(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, capacity=10)
    [amal] = await new_people(db, 1)
    first = await register(db, amal, event_id)

    second = await register(db, amal, event_id)

    assert second.result == "already"
    assert second.registration is not None and first.registration is not None
    assert second.registration.ticket_code == first.registration.ticket_code
    assert len(await rows(db, event_id)) == 1


async def test_registering_twice_while_waiting_says_already_with_the_position(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, capacity=1)
    first, second = await new_people(db, 2)
    await register(db, first, event_id)
    await register(db, second, event_id)

    again = await register(db, second, event_id)

    assert (again.result, again.position) == ("already", 1)


async def test_full_event_puts_people_on_the_waiting_list_with_their_position(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, capacity=2)
    people = await new_people(db, 5)

    outcomes = []
    for person in people:
        outcomes.append(await register(db, person, event_id))
        clock.advance(seconds=1)

    assert [o.result for o in outcomes] == ["confirmed", "confirmed", "waitlisted", "waitlisted", "waitlisted"]
    assert [o.position for o in outcomes[2:]] == [1, 2, 3]
    assert all(o.registration.ticket_code for o in outcomes)  # type: ignore[union-attr]


async def test_unlimited_event_never_fills(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, capacity=None)
    people = await new_people(db, 30)
    outcomes = [await register(db, p, event_id) for p in people]
    assert {o.result for o in outcomes} == {"confirmed"}


async def test_registration_for_an_event_that_already_started_is_refused(db: Database, clock: FakeClock) -> None:
    event_id = await add_event(db, starts_at=clock.now - timedelta(hours=1))
    [amal] = await new_people(db, 1)

    assert (await register(db, amal, event_id)).result == "past"
    assert await rows(db, event_id) == {}


async def test_registration_at_the_very_start_time_is_refused(db: Database, clock: FakeClock) -> None:
    event_id = await add_event(db, starts_at=clock.now)
    [amal] = await new_people(db, 1)
    assert (await register(db, amal, event_id)).result == "past"


async def test_registration_for_a_cancelled_event_is_refused(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, status="cancelled")
    [amal] = await new_people(db, 1)

    assert (await register(db, amal, event_id)).result == "unavailable"
    assert await rows(db, event_id) == {}


async def test_registration_for_a_draft_event_is_refused(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, status="draft")
    [amal] = await new_people(db, 1)
    assert (await register(db, amal, event_id)).result == "unavailable"


async def test_registration_for_an_event_that_does_not_exist_is_refused(db: Database, clock: FakeClock) -> None:
    [amal] = await new_people(db, 1)
    assert (await register(db, amal, 424242)).result == "unavailable"


async def test_registration_when_registration_is_closed_is_refused(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, registration_open=False)
    [amal] = await new_people(db, 1)

    assert (await register(db, amal, event_id)).result == "closed"
    assert await rows(db, event_id) == {}


# --- cancelling and the waiting list -------------------------------------------------------


async def test_cancel_frees_the_seat(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, capacity=1)
    amal, basim = await new_people(db, 2)
    seat = await register(db, amal, event_id)

    outcome = await cancel(db, seat.registration.id)  # type: ignore[union-attr]

    assert outcome.cancelled and outcome.promoted == []
    assert (await rows(db, event_id))[amal].status == "cancelled"
    assert (await register(db, basim, event_id)).result == "confirmed"


async def test_cancel_promotes_the_first_person_waiting(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, capacity=1)
    amal, basim, chiman = await new_people(db, 3)
    seat = await register(db, amal, event_id)
    clock.advance(seconds=5)
    await register(db, basim, event_id)
    clock.advance(seconds=5)
    await register(db, chiman, event_id)

    outcome = await cancel(db, seat.registration.id)  # type: ignore[union-attr]

    assert [r.contact_id for r in outcome.promoted] == [basim]
    now = await rows(db, event_id)
    assert (now[amal].status, now[basim].status, now[chiman].status) == ("cancelled", "confirmed", "waitlisted")
    assert now[basim].confirmed_at == clock.now
    assert await waiting_order(db, event_id) == [chiman]


async def test_promoted_person_gets_a_promoted_message_queued(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, capacity=1)
    amal, basim = await new_people(db, 2)
    seat = await register(db, amal, event_id)
    waiting = await register(db, basim, event_id)

    await cancel(db, seat.registration.id)  # type: ignore[union-attr]

    [message] = await promotion_messages(db)
    assert message.contact_id == basim
    assert message.state == "pending"
    assert message.payload == {"registration_id": waiting.registration.id, "event_id": event_id}  # type: ignore[union-attr]
    assert message.due_at <= clock.now


async def test_waitlist_order_is_the_order_people_joined(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, capacity=1)
    people = await new_people(db, 6)
    for person in people:
        await register(db, person, event_id)
        clock.advance(minutes=1)
    assert await waiting_order(db, event_id) == people[1:]

    promoted_in_turn = []
    for holder in people[:-1]:
        seat = (await rows(db, event_id))[holder]
        outcome = await cancel(db, seat.id)
        promoted_in_turn += [r.contact_id for r in outcome.promoted]

    assert promoted_in_turn == people[1:]


async def test_people_who_joined_in_the_same_instant_keep_their_arrival_order(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, capacity=1)
    people = await new_people(db, 5)
    for person in people:  # the clock does not move: a burst of registrations
        await register(db, person, event_id)
    assert await waiting_order(db, event_id) == people[1:]


async def test_cancelling_a_waitlisted_registration_promotes_nobody(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, capacity=1)
    amal, basim, chiman = await new_people(db, 3)
    await register(db, amal, event_id)
    clock.advance(seconds=1)
    waiting = await register(db, basim, event_id)
    clock.advance(seconds=1)
    await register(db, chiman, event_id)

    outcome = await cancel(db, waiting.registration.id)  # type: ignore[union-attr]

    assert outcome.cancelled and outcome.promoted == []
    now = await rows(db, event_id)
    assert (now[amal].status, now[basim].status, now[chiman].status) == ("confirmed", "cancelled", "waitlisted")
    assert await waiting_order(db, event_id) == [chiman]
    assert await promotion_messages(db) == []


async def test_cancelling_twice_does_nothing_the_second_time(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, capacity=1)
    amal, basim, chiman = await new_people(db, 3)
    seat = await register(db, amal, event_id)
    await register(db, basim, event_id)
    await register(db, chiman, event_id)
    await cancel(db, seat.registration.id)  # type: ignore[union-attr]

    again = await cancel(db, seat.registration.id)  # type: ignore[union-attr]

    assert not again.cancelled and again.promoted == []
    now = await rows(db, event_id)
    assert (now[basim].status, now[chiman].status) == ("confirmed", "waitlisted")


async def test_cancelling_after_the_event_started_promotes_nobody(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, capacity=1)
    amal, basim = await new_people(db, 2)
    seat = await register(db, amal, event_id)
    await register(db, basim, event_id)
    clock.advance(days=8)

    outcome = await cancel(db, seat.registration.id)  # type: ignore[union-attr]

    assert outcome.cancelled and outcome.promoted == []
    assert (await rows(db, event_id))[basim].status == "waitlisted"


async def test_registering_again_after_cancelling_goes_to_the_back_of_the_queue(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, capacity=1)
    amal, basim, chiman = await new_people(db, 3)
    await register(db, amal, event_id)
    clock.advance(seconds=1)
    waiting = await register(db, basim, event_id)
    clock.advance(seconds=1)
    await register(db, chiman, event_id)
    clock.advance(seconds=1)
    await cancel(db, waiting.registration.id)  # type: ignore[union-attr]
    clock.advance(seconds=1)

    again = await register(db, basim, event_id)

    assert (again.result, again.position) == ("waitlisted", 2)
    assert again.registration.ticket_code == waiting.registration.ticket_code  # type: ignore[union-attr]
    assert await waiting_order(db, event_id) == [chiman, basim]


async def test_my_registrations_lists_only_upcoming_active_ones_soonest_first(db: Database, clock: FakeClock) -> None:
    later = await add_event(db, title="بعيدة", starts_at=clock.now + timedelta(days=20))
    sooner = await add_event(db, title="قريبة", starts_at=clock.now + timedelta(days=2))
    dropped = await add_event(db, title="ألغيتها", starts_at=clock.now + timedelta(days=5))
    [amal] = await new_people(db, 1)
    for event_id in (later, sooner, dropped):
        await register(db, amal, event_id)
    await cancel(db, (await rows(db, dropped))[amal].id)

    async with db.transaction() as session:
        listed = await service.active_registrations(session, amal)

    assert [event.id for _, event in listed] == [sooner, later]


# --- «حذف بياناتي» -------------------------------------------------------------------------


async def test_delete_my_data_frees_my_seats_and_promotes_the_waiting_list(db: Database, clock: FakeClock) -> None:
    first_event = await soon_event(db, clock, capacity=1)
    second_event = await soon_event(db, clock, capacity=1)
    amal, basim, chiman = await new_people(db, 3)
    await register(db, amal, first_event)
    await register(db, basim, first_event)
    await register(db, chiman, second_event)
    await register(db, amal, second_event)  # amal waits here

    async with db.transaction() as session:
        contact = await session.get(Contact, amal)
        assert contact is not None
        cancelled = await delete_contact(session, contact)

    assert cancelled == 2
    first = await rows(db, first_event)
    assert amal not in first and first[basim].status == "confirmed"
    second = await rows(db, second_event)
    assert amal not in second and second[chiman].status == "confirmed"
    assert [m.contact_id for m in await promotion_messages(db)] == [basim]
    async with db.transaction() as session:
        assert await session.get(Contact, amal) is None
        assert await session.scalar(select(func.count()).select_from(Identity).where(Identity.contact_id == amal)) == 0
        assert (
            await session.scalar(
                select(func.count()).select_from(Registration).where(Registration.contact_id == amal)
            )
            == 0
        )
        # The others keep their data.
        assert await session.scalar(select(func.count()).select_from(Identity)) == 2


async def test_delete_my_data_also_removes_cancelled_registrations(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock)
    [amal] = await new_people(db, 1)
    seat = await register(db, amal, event_id)
    await cancel(db, seat.registration.id)  # type: ignore[union-attr]

    async with db.transaction() as session:
        contact = await session.get(Contact, amal)
        assert contact is not None
        assert await delete_contact(session, contact) == 0

    assert await rows(db, event_id) == {}


async def test_after_deleting_my_data_the_same_address_is_a_new_person(db: Database, clock: FakeClock) -> None:
    [amal] = await new_people(db, 1, prefix="amal")
    async with db.transaction() as session:
        contact = await session.get(Contact, amal)
        assert contact is not None
        contact.consent_at, contact.governorate, contact.interests = clock.now, "basra", ["youth"]
    async with db.transaction() as session:
        contact = await session.get(Contact, amal)
        assert contact is not None
        await delete_contact(session, contact)

    async with db.transaction() as session:
        _, again, created = await get_or_create_identity(session, "console", "amal0")

    assert created
    assert (again.consent_at, again.governorate, again.interests) == (None, None, [])


# --- concurrency ---------------------------------------------------------------------------


async def test_last_seat_is_not_overbooked(db: Database, clock: FakeClock) -> None:
    event_id = await soon_event(db, clock, capacity=50)
    people = await new_people(db, 200)

    outcomes = await asyncio.gather(*(register(db, person, event_id) for person in people))

    results = [o.result for o in outcomes]
    assert results.count("confirmed") == 50
    assert results.count("waitlisted") == 150
    told_positions = sorted(o.position for o in outcomes if o.result == "waitlisted")  # type: ignore[type-var]
    assert told_positions == list(range(1, 151)), "each waiting person was told a distinct place in the queue"
    stored = await rows(db, event_id)
    assert len(stored) == 200
    assert sum(r.status == "confirmed" for r in stored.values()) == 50
    assert len(await waiting_order(db, event_id)) == 150
    assert len({r.ticket_code for r in stored.values()}) == 200
    async with db.transaction() as session:
        event = await session.get(Event, event_id)
        assert event is not None and event.capacity == 50


async def test_concurrent_cancellations_promote_exactly_the_first_people_waiting(
    db: Database, clock: FakeClock
) -> None:
    event_id = await soon_event(db, clock, capacity=50)
    people = await new_people(db, 200)
    await asyncio.gather(*(register(db, person, event_id) for person in people))
    before = await rows(db, event_id)
    queue = await waiting_order(db, event_id)
    seats = [r.id for r in before.values() if r.status == "confirmed"]

    outcomes = await asyncio.gather(*(cancel(db, registration_id) for registration_id in seats))

    assert all(o.cancelled for o in outcomes)
    promoted = [r.contact_id for o in outcomes for r in o.promoted]
    assert sorted(promoted) == sorted(queue[:50]), "the first fifty waiting got the freed seats"
    assert len(promoted) == len(set(promoted)) == 50
    after = await rows(db, event_id)
    assert sum(r.status == "confirmed" for r in after.values()) == 50
    assert {c for c, r in after.items() if r.status == "confirmed"} == set(queue[:50])
    assert await waiting_order(db, event_id) == queue[50:]
    # Cancellations run one after another: each promotes whoever is at the head at that moment.
    messages = await promotion_messages(db)
    assert [m.contact_id for m in messages] == queue[:50], "promoted in waiting-list order"
