"""The sender's journal: the per-row writes around each send, group-committed by one loop.

Just before a row's HTTP call it is marked `sending` (a compare-and-set on this worker's claim,
so a row taken over by another worker, cancelled or deleted is not sent); right after the call
its result is queued. Whatever was queued while a write was in flight goes in the next
transaction, results before marks, so no send waits for more than one commit and a mark never
commits before a result queued earlier: a crash leaves at most the sends really in flight
`sending`. The same loop refreshes this worker's claims (the heartbeat), so a live worker's
rows are never taken over, and keeps results it could not write (database down) until it can.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import DateTime, String, Table, bindparam, func, or_, update

from storage.clock import utcnow
from storage.db import Database
from storage.models import Delivery, Identity

log = logging.getLogger(__name__)

_DELIVERIES: Table = Delivery.__table__  # type: ignore[assignment]

# Pauses between tries while the database cannot be written.
RETRY_PAUSE = 0.5
MAX_RETRY_PAUSE = 5.0
# After a stop was asked for, results wait this long for the database before being given up.
SHUTDOWN_PATIENCE = 10.0
# How long flush() waits for the database (it only delays a progress report).
FLUSH_PATIENCE = 5.0


@dataclass(slots=True)
class Result:
    """What became of one delivery (its new state and what to record with it)."""

    delivery_id: int
    state: str
    error: str | None = None
    message_id: str | None = None
    retry_at: datetime | None = None
    identity_unreachable: int | None = None
    broadcast_id: int | None = None


class Journal:
    """Writes one worker's marks, results, given-back claims and heartbeats, batched."""

    def __init__(self, db: Database, worker_id: str, *, heartbeat_seconds: float) -> None:
        self.db = db
        self.worker_id = worker_id
        self.heartbeat_seconds = heartbeat_seconds
        self._marks: dict[int, asyncio.Future[bool]] = {}
        # The channel each mark records (the one the row goes out on), when given.
        self._mark_channels: dict[int, str | None] = {}
        # Claimed rows that need no send (cancelled, no reachable channel…), with their final state.
        self._settled: dict[int, Result] = {}
        # Kept until written: a result is never dropped because one write failed.
        self._results: dict[int, Result] = {}
        self._released: set[int] = set()
        self._held: set[int] = set()
        self._changed_broadcasts: set[int] = set()
        self._wake: asyncio.Event | None = None
        # Set after each write (and when the loop ends): flush() waits on it.
        self._written = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self._last_beat = 0.0
        self._statements = _Statements(worker_id)

    @property
    def unwritten(self) -> int:
        """Results still waiting for the database."""
        return len(self._results) + len(self._settled)

    def start(self, claimed: list[int]) -> None:
        """Begin a batch: hold these claims (the heartbeat refreshes them) and run the write loop."""
        self._held.update(claimed)
        self._closing = False
        self._last_beat = time.monotonic()
        if self._task is None or self._task.done():
            self._wake = asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(self._run())
            self._task.add_done_callback(self._ended)

    async def mark_sending(self, delivery_id: int, channel: str | None = None) -> bool:
        """Mark the row `sending` (committed, with the channel it goes out on) before its HTTP call;
        False: do not send it."""
        if self._task is None or self._task.done():
            return False
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._marks[delivery_id] = future
        self._mark_channels[delivery_id] = channel
        self._poke()
        return await future

    def settle(self, results: list[Result]) -> None:
        """Record the final state of claimed rows that need no send (kept until written)."""
        for result in results:
            self._held.discard(result.delivery_id)
            self._settled[result.delivery_id] = result
        self._poke()

    def finish(self, result: Result) -> None:
        """Queue the result of a send (written by the loop, kept until it is)."""
        self._held.discard(result.delivery_id)
        self._results[result.delivery_id] = result
        self._poke()

    def release(self, delivery_id: int) -> None:
        """Give back a claimed row that was not sent (stopping, or its mark could not be written)."""
        self._held.discard(delivery_id)
        self._released.add(delivery_id)
        self._poke()

    async def flush(self, patience: float = FLUSH_PATIENCE) -> None:
        """Wait (at most `patience` seconds) until the results queued so far are written."""
        queued = set(self._results) | set(self._settled)
        deadline = time.monotonic() + patience
        while (queued & (self._results.keys() | self._settled.keys()) and self._task is not None
               and not self._task.done() and time.monotonic() < deadline):
            self._written.clear()
            try:
                await asyncio.wait_for(self._written.wait(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                return

    def take_changed_broadcasts(self) -> set[int]:
        """Broadcasts whose deliveries got a result written since the last call."""
        changed, self._changed_broadcasts = self._changed_broadcasts, set()
        return changed

    async def stop(self, stopping: asyncio.Event | None = None) -> None:
        """End the batch once everything queued is written; waits for the database to come back,
        unless `stopping` is set: then at most SHUTDOWN_PATIENCE seconds more."""
        self._held.clear()
        self._closing = True
        self._poke()
        task = self._task
        deadline: float | None = None
        while task is not None and not task.done():
            if deadline is None and stopping is not None and stopping.is_set():
                deadline = time.monotonic() + SHUTDOWN_PATIENCE
            if deadline is not None and time.monotonic() >= deadline:
                task.cancel()
                await asyncio.wait({task})
                log.error("%d send results could not be recorded before stopping; those rows will be "
                          "marked unknown", len(self._results))
                break
            await asyncio.wait({task}, timeout=0.5)

    def abandon(self) -> None:
        """Stop writing at once (the batch was cancelled: the process is going away)."""
        self._held.clear()
        if self._task is not None:
            self._task.cancel()
        for future in self._marks.values():
            if not future.done():
                future.set_result(False)
        self._marks.clear()
        self._mark_channels.clear()

    def _ended(self, task: asyncio.Task[None]) -> None:
        # Whatever ended the loop, no send may wait for a mark that will never be written.
        if not task.cancelled() and task.exception() is not None:
            log.error("sender journal stopped", exc_info=task.exception())
        self._written.set()
        for future in self._marks.values():
            if not future.done():
                future.set_result(False)
        self._marks.clear()

    def _poke(self) -> None:
        if self._wake is not None:
            self._wake.set()

    def _beat_due(self) -> bool:
        return bool(self._held) and time.monotonic() - self._last_beat >= self.heartbeat_seconds

    async def _run(self) -> None:
        assert self._wake is not None
        pause = RETRY_PAUSE
        while True:
            beat = self._beat_due()
            if not (self._marks or self._results or self._settled or self._released or beat):
                if self._closing:
                    return
                self._wake.clear()
                wait = max(0.0, self._last_beat + self.heartbeat_seconds - time.monotonic()) if self._held else None
                try:
                    await asyncio.wait_for(self._wake.wait(), wait)
                except TimeoutError:
                    pass
                continue
            # Taken together, with no await in between: the ordering promise in the docstring.
            marks, self._marks = self._marks, {}
            channels, self._mark_channels = self._mark_channels, {}
            results = list(self._results.values())
            settled = list(self._settled.values())
            released = set(self._released)
            held = sorted(self._held) if beat else []
            by_channel: dict[str | None, list[int]] = {}
            for delivery_id in sorted(marks):
                by_channel.setdefault(channels.get(delivery_id), []).append(delivery_id)
            try:
                marked = await self._write(results, settled, released, held, by_channel)
            except Exception as error:
                # The traceback once per outage, not at every retry.
                log.warning("sender journal could not write (%s); retrying in %.1f s", type(error).__name__, pause,
                            exc_info=pause == RETRY_PAUSE)
                for delivery_id, future in marks.items():
                    # Not sent; the claim goes back once the database answers again.
                    if not future.done():
                        future.set_result(False)
                    self.release(delivery_id)
                await asyncio.sleep(pause)
                pause = min(pause * 2, MAX_RETRY_PAUSE)
                continue
            pause = RETRY_PAUSE
            for result in settled:
                if self._settled.get(result.delivery_id) is result:
                    del self._settled[result.delivery_id]
            for result in results + settled:
                if self._results.get(result.delivery_id) is result:
                    del self._results[result.delivery_id]
                if result.broadcast_id is not None:
                    self._changed_broadcasts.add(result.broadcast_id)
            self._released -= released
            self._written.set()
            if beat:
                self._last_beat = time.monotonic()
            for delivery_id, future in marks.items():
                if delivery_id not in marked:
                    self._held.discard(delivery_id)
                if not future.done():
                    future.set_result(delivery_id in marked)

    async def _write(self, results: list[Result], settled: list[Result], released: set[int], held: list[int],
                     marks: dict[str | None, list[int]]) -> set[int]:
        # Core statements on the table, built once: no ORM objects, no session bookkeeping per row.
        now = utcnow()
        statements = self._statements
        async with self.db.transaction() as session:
            # The session's connection itself: Core statements need none of the ORM's execute path.
            connection = await session.connection()
            if results:
                await connection.execute(statements.results, [
                    {"b_id": r.delivery_id, "b_state": r.state, "b_error": r.error,
                     "b_sent_at": now if r.state == "sent" else None,
                     "b_message_id": r.message_id if r.state == "sent" else None, "b_due_at": r.retry_at}
                    for r in results
                ])
            if settled:
                await connection.execute(statements.settled, [
                    {"b_id": r.delivery_id, "b_state": r.state, "b_error": r.error} for r in settled])
            unreachable = [r.identity_unreachable for r in results if r.identity_unreachable is not None]
            if unreachable:
                await connection.execute(statements.unreachable, {"ids": unreachable})
            if released:
                await connection.execute(statements.release, {"ids": sorted(released)})
            if held:
                await connection.execute(statements.beat, {"ids": held, "now": now})
            marked: set[int] = set()
            for channel, ids in marks.items():
                rows = await connection.execute(statements.mark, {"ids": ids, "now": now, "channel": channel})
                marked.update(rows.scalars().all())
            return marked


class _Statements:
    """The journal's statements for one worker (its id is bound in them)."""

    def __init__(self, worker_id: str) -> None:
        table = _DELIVERIES
        mine = table.c.claimed_by == worker_id
        ids = bindparam("ids", expanding=True)
        now = bindparam("now", type_=DateTime)
        # One executemany. `unknown` is accepted too: a send whose answer came late (this worker was
        # stalled and another one's recovery gave up on it) is recorded as what it really was.
        self.results = (
            update(table)
            .where(table.c.id == bindparam("b_id"), mine,
                   or_(table.c.state == "sending", table.c.state == "unknown"))  # no IN in an executemany
            .values(state=bindparam("b_state"), last_error=bindparam("b_error"), claimed_at=None,
                    sent_at=func.coalesce(bindparam("b_sent_at", type_=DateTime), table.c.sent_at),
                    platform_message_id=func.coalesce(bindparam("b_message_id", type_=String),
                                                      table.c.platform_message_id),
                    due_at=func.coalesce(bindparam("b_due_at", type_=DateTime), table.c.due_at))
        )
        # Claimed rows that need no send: never marked `sending`, so still `pending` and ours.
        self.settled = (
            update(table).where(table.c.id == bindparam("b_id"), mine, table.c.state == "pending")
            .values(state=bindparam("b_state"), last_error=bindparam("b_error"), claimed_at=None)
        )
        identities = Identity.__table__
        self.unreachable = update(identities).where(identities.c.id.in_(ids)).values(unreachable=True)
        # Never sent by this worker: back to the queue, claimable at once.
        self.release = (update(table).where(table.c.id.in_(ids), mine, table.c.state.in_(("pending", "sending")))
                        .values(state="pending", claimed_at=None))
        self.beat = (update(table).where(table.c.id.in_(ids), mine, table.c.state.in_(("pending", "sending")))
                     .values(claimed_at=now))
        self.mark = (
            update(table).where(table.c.id.in_(ids), mine, table.c.state == "pending")
            .values(state="sending", claimed_at=now, attempts=table.c.attempts + 1,
                    channel=func.coalesce(bindparam("channel", type_=String), table.c.channel))
            .returning(table.c.id)
        )
