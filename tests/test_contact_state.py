"""A person's conversation state is written once per message, in the inbox row's own "done" write.

On the real storage (SQLite, and PostgreSQL when DATABASE_URL says so): the state a menu leaves
is in the database afterwards, no ORM UPDATE of the person is sent for it, a row another worker
took over keeps nothing of the late handler's state, and anything else pending is still written
by the ORM and seen by the queries in between.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from handlers.core import BotCore
from handlers.dispatcher import dispatch
from handlers.typed_words import OFFERED, OFFERED_MENU
from handlers.types import Inbound, InboundKind
from storage.clock import utcnow
from storage.db import Database
from storage.models import Contact, Identity, InboxItem
from storage.services import contact_state, inbox
from storage.services.inbox import NewItem

PERSON = "4711"


async def consented_person(db: Database) -> int:
    """A citizen of Baghdad who agreed earlier, known on the console channel; returns the contact id."""
    async with db.transaction() as session:
        contact = Contact(language="ar", governorate="baghdad", interests=[], state={}, consent_at=utcnow(),
                          last_seen_at=utcnow())
        session.add(contact)
        await session.flush()
        session.add(Identity(contact_id=contact.id, channel="console", external_id=PERSON, last_inbound_at=utcnow()))
        return contact.id


async def stored_state(db: Database, contact_id: int) -> dict[str, Any]:
    """The person's state as the database holds it."""
    async with db.reading() as session:
        return await session.scalar(select(Contact.state).where(Contact.id == contact_id))


async def claimed(db: Database, key: str, worker: str = "w") -> inbox.Claimed:
    """One console message written down and claimed by `worker`."""
    await inbox.store(db, [NewItem("console", key, f"console:{PERSON}", "update", {})])
    [row] = await inbox.claim(db, worker, 10, ["console"])
    return row


def statements_of(db: Database) -> list[str]:
    """Every statement SQLAlchemy sends from now on (the driver-level inbox writes are not among them)."""
    seen: list[str] = []
    event.listen(db.engine.sync_engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_: seen.append(" ".join(statement.split()).upper()))
    return seen


def menu_word(key: str) -> Inbound:
    """The person types «القائمة»."""
    return Inbound("console", PERSON, InboundKind.TEXT, text="القائمة", update_key=key)


async def test_the_state_a_menu_leaves_is_stored_without_an_update_of_its_own(core: BotCore) -> None:
    db = core.db
    contact_id = await consented_person(db)
    row = await claimed(db, "m1")
    statements = statements_of(db)
    replies = await dispatch(core, menu_word("m1"), inbox=row)
    assert replies and replies[-1].is_main_menu
    assert not [s for s in statements if s.startswith("UPDATE CONTACTS")], statements
    state = await stored_state(db, contact_id)
    assert state[OFFERED_MENU] is True
    assert [label for _, _, label in state[OFFERED]] == [o.label for o in replies[-1].options]
    async with db.reading() as session:
        done = await session.scalar(select(InboxItem.state).where(InboxItem.id == row.id))
    assert done == "done"


async def test_the_next_message_reads_the_state_the_last_one_left(core: BotCore) -> None:
    db = core.db
    await consented_person(db)
    first = await claimed(db, "m1")
    menu = await dispatch(core, menu_word("m1"), inbox=first)
    # (On SQLite the replies were marked `sending` with the done write already.)
    assert first.sending or await inbox.start_sending(db, first.id, "w")
    assert await inbox.end_sending(db, first.id, "w", inbox.SENT)
    # Typing a label of the menu just shown is as good as pressing it: only the stored state knows it.
    label = menu[-1].options[0].label
    typed = Inbound("console", PERSON, InboundKind.TEXT, text=label, update_key="m2")
    replies = await dispatch(core, typed, inbox=await claimed(db, "m2"))
    pressed = await dispatch(core, Inbound("console", PERSON, InboundKind.CHOICE, choice=menu[-1].options[0].id))
    assert [r.text for r in replies] == [r.text for r in pressed], "the typed label did what the button does"


async def test_a_row_another_worker_took_over_keeps_the_state_it_had(core: BotCore) -> None:
    db = core.db
    contact_id = await consented_person(db)
    row = await claimed(db, "m1", worker="slow-worker")
    async with db.transaction() as session:
        await session.execute(update(InboxItem).values(claimed_by="another-worker"))
    with pytest.raises(inbox.LostClaim):
        await dispatch(core, menu_word("m1"), inbox=row)
    assert await stored_state(db, contact_id) == {}


async def test_a_change_beyond_the_state_is_left_to_the_orm(db: Database) -> None:
    contact_id = await consented_person(db)
    async with db.transaction() as session:
        contact = await session.get(Contact, contact_id)
        contact.state = {"await": "governorate"}
        assert contact_state.take_state_change(contact) == (contact_id, {"await": "governorate"})
        contact.governorate = "basra"
        assert contact_state.take_state_change(contact) is None
    async with db.reading() as session:
        stored = await session.get(Contact, contact_id)
        assert (stored.state, stored.governorate) == ({"await": "governorate"}, "basra")


async def test_queries_between_still_see_everything_else_pending(db: Database) -> None:
    contact_id = await consented_person(db)
    async with db.transaction() as session:
        contact = await session.get(Contact, contact_id)
        contact.state = {"await": "name"}
        session.add(Contact(language="en", interests=[], state={}))
        with contact_state.reads_without_state_write(session, contact):
            people = await session.scalar(select(func.count()).select_from(Contact))
        assert people == 2, "the new person was flushed before the count"
    async with db.transaction() as session:
        contact = await session.get(Contact, contact_id)
        contact.state = {"await": "phone"}
        with contact_state.reads_without_state_write(session, contact):
            await session.scalar(select(func.count()).select_from(Contact))
        assert contact_state.take_state_change(contact) == (contact_id, {"await": "phone"}), \
            "the state alone waited for the end of the transaction"
    assert await stored_state(db, contact_id) == {"await": "phone"}, "and the ORM wrote it at commit"


async def test_a_menu_message_commits_without_walking_the_unit_of_work(core: BotCore) -> None:
    db = core.db
    await consented_person(db)
    row = await claimed(db, "m1")
    flushes: list[int] = []

    def count(session: Any, _context: Any, _instances: Any) -> None:
        flushes.append(len(session.dirty) + len(session.new) + len(session.deleted))

    event.listen(Session, "before_flush", count)
    try:
        replies = await dispatch(core, menu_word("m1"), inbox=row)
    finally:
        event.remove(Session, "before_flush", count)
    assert replies and replies[-1].is_main_menu
    assert flushes == [], "the state went with the inbox row: nothing was left for the ORM to look at"


async def test_a_change_after_the_state_was_settled_is_still_written(db: Database) -> None:
    contact_id = await consented_person(db)
    async with db.transaction() as session:
        contact = await session.get(Contact, contact_id)
        contact.state = {"await": "governorate"}
        change = contact_state.take_state_change(contact)
        assert change is not None
        await session.execute(update(Contact).where(Contact.id == contact_id).values(state=change[1]))
        contact_state.settle(contact, change[1])
        assert contact not in session.dirty
        contact.governorate = "najaf"
    async with db.reading() as session:
        stored = await session.get(Contact, contact_id)
        assert (stored.state, stored.governorate) == ({"await": "governorate"}, "najaf")
