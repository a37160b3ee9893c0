"""What /metrics reads from the database at scrape time: the inbox backlog and the outbox by state.

Each query walks an index (inbox: state, id; deliveries: state, due_at) and reads no payload, so
a scrape every few seconds costs little even with hundreds of thousands of rows waiting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, case, func, select

from storage.clock import utcnow
from storage.db import Database
from storage.models import Delivery, InboxItem

# Outbox states an operator watches: waiting, on the wire now, and cut off mid-send (never resent).
OUTBOX_STATES = ("pending", "sending", "unknown")
INBOX_STATES = ("pending", "processing", "failed")
# A delivery is routed to a channel when the sender claims it; before that it has none.
UNROUTED = "unrouted"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The database side of the metrics at one moment."""

    # Inbox rows by state (pending / processing / failed).
    inbox: dict[str, int] = field(default_factory=dict)
    # Seconds since the oldest pending inbox row arrived (0 when none waits).
    inbox_oldest_age: float = 0.0
    # (state, channel) -> deliveries; channel is UNROUTED until the sender picked one.
    outbox: dict[tuple[str, str], int] = field(default_factory=dict)
    # Pending deliveries already due, and how late the most overdue one is (seconds).
    outbox_due: int = 0
    outbox_oldest_due_age: float = 0.0


def _age(now: datetime, then: datetime | None) -> float:
    return max(0.0, (now - then).total_seconds()) if then is not None else 0.0


async def snapshot(db: Database) -> Snapshot:
    """Count the inbox and outbox rows an operator watches, in one short read transaction."""
    now = utcnow()
    async with db.reading() as session:
        inbox_rows = await session.execute(
            select(InboxItem.state, func.count()).where(InboxItem.state.in_(INBOX_STATES)).group_by(InboxItem.state)
        )
        inbox = {state: 0 for state in INBOX_STATES}
        inbox.update({state: count for state, count in inbox_rows.all()})
        # The lowest pending id is the oldest arrival (ids grow with arrival), found through (state, id).
        oldest = await session.scalar(
            select(InboxItem.received_at).where(InboxItem.state == "pending").order_by(InboxItem.id).limit(1)
        )
        # One pass over the rows an operator watches (through ix_deliveries_state_due): the counts by
        # state and channel, and among pending rows those already due and the most overdue.
        due = and_(Delivery.state == "pending", Delivery.due_at <= now)
        outbox_rows = await session.execute(
            select(Delivery.state, Delivery.channel, func.count(), func.count().filter(due),
                   func.min(case((due, Delivery.due_at))))
            .where(Delivery.state.in_(OUTBOX_STATES)).group_by(Delivery.state, Delivery.channel)
        )
        outbox: dict[tuple[str, str], int] = {}
        due_count, oldest_due = 0, None
        for state, channel, count, due_here, oldest_here in outbox_rows.all():
            key = (state, channel or UNROUTED)
            outbox[key] = outbox.get(key, 0) + count
            due_count += due_here or 0
            if oldest_here is not None and (oldest_due is None or oldest_here < oldest_due):
                oldest_due = oldest_here
    return Snapshot(inbox=inbox, inbox_oldest_age=_age(now, oldest), outbox=outbox, outbox_due=due_count,
                    outbox_oldest_due_age=_age(now, oldest_due))
