"""A person's conversation state (`contacts.state`): written once per message, with the inbox's own write.

Nearly every message changes the state (the options just offered, the question awaited), and
nothing else about the person. Left to the ORM, that change costs an UPDATE of its own at commit,
and a second one when a query ran in between (autoflush) and the state changed again after it.
Here the change rides in the statement that marks the inbox row done (the same transaction, so
both happen or neither), and queries that cannot see it do not flush it early. Whenever anything
else is pending (a new registration, another column of the person), the ORM writes as usual.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import attributes

from storage.models import Contact

STATE = "state"


def _only_state_changed(contact: Contact) -> bool:
    record = attributes.instance_state(contact)
    return record.persistent and set(record.committed_state) <= {STATE}


def _others_pending(session: AsyncSession, contact: Contact | None) -> bool:
    """Whether the ORM holds anything to write besides this person: new, deleted or changed objects."""
    sync = session.sync_session
    # (An object set to the values it had is "dirty" without anything to write.)
    return bool(sync.new or sync.deleted) or any(obj is not contact and sync.is_modified(obj) for obj in sync.dirty)


@contextmanager
def reads_without_state_write(session: AsyncSession, contact: Contact) -> Iterator[None]:
    """Run queries that read nothing of the person's state without flushing the state first.

    Anything else pending (new rows, deleted rows, other changed objects or columns) is still
    flushed by the queries as usual, so they see it.
    """
    if _others_pending(session, contact) or not _only_state_changed(contact):
        yield
        return
    with session.sync_session.no_autoflush:
        yield


def nothing_else_pending(session: AsyncSession, contact: Contact | None) -> bool:
    """Whether the ORM has nothing to write at commit but, at most, the person's state."""
    return not _others_pending(session, contact) and (contact is None or _only_state_changed(contact))


def take_state_change(contact: Contact) -> tuple[int, Any] | None:
    """(contact id, new state) when the state is the person's only unwritten change, else None.

    The caller writes it in its own statement of the same transaction, then calls `settle`.
    """
    if not _only_state_changed(contact):
        return None
    history = attributes.get_history(contact, STATE, attributes.PASSIVE_NO_INITIALIZE)
    if not history.added:
        return None
    return contact.id, history.added[0]


def settle(contact: Contact, value: Any) -> None:
    """The state was written by other means: the ORM has nothing left to write for it."""
    attributes.set_committed_value(contact, STATE, value)
    record = attributes.instance_state(contact)
    if record.modified and not record.committed_state:
        # Still marked modified, the person would send the commit through the whole unit of work
        # (a tenth of a message's CPU) only to find nothing to write. SQLAlchemy has no public
        # call for "this object is clean": this is what its own flush does afterwards.
        record._commit_all(record.dict, record._instance_dict())
