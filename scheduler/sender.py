"""The outbox sender: drains due deliveries per channel, within the platforms' limits.

A batch is claimed in one short statement (UPDATE … RETURNING; on PostgreSQL the rows are
picked with FOR UPDATE SKIP LOCKED): the rows stay `pending` with this worker's id and the
claim time, and are rendered afterwards in a read-only session, so on SQLite no write lock is
held while Python renders. Each row is marked `sending` just before its own HTTP call and gets
its result right after (scheduler.send_journal writes both, group-committed, and refreshes the
claims while the rows wait). So a crash leaves at most the sends really in flight (the
concurrency) `sending`; they become `unknown` and are never sent blindly again, so nobody gets
the same message twice. Claimed rows that had not started are claimable again once the lease (a
few seconds without a heartbeat) has passed. The next batch is claimed while the last one is
still being sent, once few of its rows still wait for a slot, so the sends never pause between
batches.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Row, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import handlers.features  # noqa: F401 - registers every delivery renderer
from bot import metrics
from bot.channel import ChannelAdapter, ContactStopped, NeedsTemplate, SendFailed, Throttled, Transient
from handlers.core import BotCore
from handlers.notifications import PURPOSES, delivery_context, render_delivery
from handlers.types import Outbound
from scheduler.ratelimit import PerChatLimiter, SlidingWindowLimiter
from scheduler.send_journal import Journal
from scheduler.send_journal import Result as _Result
from storage.clock import utcnow
from storage.db import READ_ONLY
from storage.models import Contact, Delivery, Identity
from storage.services.outbox import RenderSession, claim_due, preload_for_rendering, reachable_identities

log = logging.getLogger(__name__)

# Rows rendered between two looks at the event loop (the sends in flight are not held up by a batch).
_RENDER_SLICE = 10

# Kinds that an opted-out person still receives: they concern events they registered for.
PERSONAL_KINDS = {"reminder", "promoted", "event-moved", "event-cancelled", "survey"}


@dataclass
class SenderConfig:
    """Limits and sizes of the sender (rates are messages per second; None = unlimited)."""

    rates: dict[str, float | None] = field(default_factory=lambda: {"telegram": 25.0, "whatsapp": 70.0})
    per_chat_rates: dict[str, float | None] = field(default_factory=lambda: {"telegram": 1.0})
    batch_size: int = 100
    concurrency: int = 32
    max_attempts: int = 5
    # A claim or a send whose worker has not refreshed it for this long belonged to a worker that
    # died: a claimed row is taken by another worker, a row `sending` becomes `unknown`. Claims
    # are refreshed every quarter of it while a batch works, so it bounds how long a restarted
    # or another process waits before taking over.
    lease_seconds: float = 6.0
    poll_interval: float = 1.0


@dataclass(slots=True)
class _Job:
    delivery_id: int
    channel: str
    external_id: str
    replies: list[Outbound]
    purpose: str
    last_inbound_at: datetime | None
    identity_id: int
    attempts: int
    broadcast_id: int | None = None


# Called after each batch with the ids of broadcasts that changed (progress messages).
AFTER_BATCH: list[Callable[[set[int]], Awaitable[None]]] = []


class Sender:
    """Sends outbox rows through the configured channels."""

    def __init__(self, core: BotCore, channels: dict[str, ChannelAdapter], config: SenderConfig | None = None,
                 worker_id: str | None = None) -> None:
        self.core = core
        self.db = core.db
        self.channels = channels
        self.config = config or SenderConfig()
        self.worker_id = worker_id or uuid.uuid4().hex[:12]
        self.limiters: dict[str, SlidingWindowLimiter] = {}
        self.chat_limiters: dict[str, PerChatLimiter] = {}
        self._semaphore = asyncio.Semaphore(self.config.concurrency)
        # Read-only sessions (on SQLite they take no write lock) whose get() of a preloaded row costs no greenlet.
        self._render_sessions = async_sessionmaker(self.db.engine.execution_options(**{READ_ONLY: True}),
                                                   class_=RenderSession, expire_on_commit=False)
        self.journal = Journal(self.db, self.worker_id, heartbeat_seconds=max(0.05, self.config.lease_seconds / 4))
        # Set by run(): once it is, rows not yet started are given back instead of sent.
        self._stopping: asyncio.Event | None = None
        # Claimed rows whose send has not got a slot yet; `_room` is set when they run low.
        self._waiting = 0
        self._room = asyncio.Event()
        self._last_recovery: datetime | None = None

    def _limiter(self, channel: str) -> SlidingWindowLimiter:
        # Created on first use, so channels added after the sender was built are limited too.
        if channel not in self.limiters:
            self.limiters[channel] = SlidingWindowLimiter(self.config.rates.get(channel))
        return self.limiters[channel]

    def _chat_limiter(self, channel: str) -> PerChatLimiter:
        if channel not in self.chat_limiters:
            self.chat_limiters[channel] = PerChatLimiter(self.config.per_chat_rates.get(channel))
        return self.chat_limiters[channel]

    async def recover_stale(self, lease_seconds: float | None = None) -> int:
        """Mark rows left `sending` by a dead worker as `unknown` (never resent blindly).

        (Rows a dead worker had only claimed need nothing: the claim query takes them once stale.)
        """
        lease = self.config.lease_seconds if lease_seconds is None else lease_seconds
        self._last_recovery = utcnow()
        cutoff = self._last_recovery - timedelta(seconds=lease)
        async with self.db.transaction() as session:
            result = await session.execute(
                update(Delivery)
                .where(Delivery.state == "sending", Delivery.claimed_at <= cutoff,
                       Delivery.platform_message_id.is_(None))
                .values(state="unknown", last_error="worker stopped while sending")
            )
            # A row whose platform answer was stored was delivered; it only lacked the final write.
            await session.execute(
                update(Delivery)
                .where(Delivery.state == "sending", Delivery.claimed_at <= cutoff,
                       Delivery.platform_message_id.is_not(None))
                .values(state="sent")
            )
        if result.rowcount:
            log.warning("%d deliveries were in flight when a worker stopped; marked unknown", result.rowcount)
        return result.rowcount or 0

    def stop_claiming(self) -> None:
        """Shutting down: the drain running now sends what is on the wire, records it, gives the
        rest of its rows back and ends; nothing more is claimed."""
        if self._stopping is None:
            self._stopping = asyncio.Event()
        self._stopping.set()

    async def drain_once(self) -> int:
        """Claim, send and record one batch of due deliveries; returns how many were processed."""
        return await self._drain(1)

    async def drain(self, *, max_batches: int | None = None) -> int:
        """Drain until nothing is due (or `max_batches` batches); returns how many were processed.

        The next batch is claimed and rendered while the last one's sends are still going, as soon
        as fewer than `low_water` of its rows wait for a send slot: the slots never run dry between
        batches, and only rows about to be sent are claimed.
        """
        return await self._drain(max_batches)

    @property
    def low_water(self) -> int:
        """Claim the next batch once this few claimed rows still wait for a send slot."""
        return max(self.config.concurrency, self.config.batch_size // 2)

    async def _drain(self, max_batches: int | None) -> int:
        total = 0
        tasks: set[asyncio.Task[None]] = set()
        # Each batch's sends, in claim order: the AFTER_BATCH hooks hear of a batch once it is done.
        batches: list[asyncio.Future[list[None]]] = []
        claimed = 0
        try:
            while max_batches is None or claimed < max_batches:
                await self._wait_for_room()
                await self._report_done(batches)
                if self._stopping is not None and self._stopping.is_set():
                    break
                if self._recovery_due():
                    # Here as well as in run(): a busy worker also takes over a dead one's rows in time.
                    await self.recover_stale()
                rows = await self._claim()
                if not rows:
                    if not tasks:
                        break
                    # Nothing more is due now: let the sends in flight end, then look once more.
                    await asyncio.wait(set(tasks))
                    continue
                claimed += 1
                total += len(rows)
                # Held (its claims refreshed) from now on, rendered or not.
                self.journal.start([row.id for row in rows])
                jobs, finished = await self._render(rows)
                if finished:
                    self.journal.settle(finished)
                self._waiting += len(jobs)
                batch = [asyncio.get_running_loop().create_task(self._send(job)) for job in jobs]
                for task in batch:
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
                batches.append(asyncio.gather(*batch))
            if tasks:
                await asyncio.gather(*tasks)
        except Exception:
            # The database went away while claiming: the sends already on the wire end and are recorded.
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)
            for batch_done in batches:
                if batch_done.done() and not batch_done.cancelled():
                    batch_done.exception()  # retrieved: the error is logged once, by whoever catches it
            await self._finish_batch()
            raise
        except BaseException:
            # Cancelled: the process is going away. Like a crash, nothing more is written.
            for batch_done in batches:
                batch_done.cancel()
            for task in list(tasks):
                task.cancel()
            self.journal.abandon()
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)
            raise
        if claimed or self.journal.unwritten:
            if not claimed:
                # Results an earlier batch could not write (database away when it stopped waiting).
                self.journal.start([])
            await self._finish_batch()
        return total

    async def _report_done(self, batches: list[asyncio.Future[list[None]]]) -> None:
        """Tell the AFTER_BATCH hooks about the batches whose sends all ended, once their results are written."""
        done = 0
        while done < len(batches) and batches[done].done():
            done += 1
        if not done:
            return
        del batches[:done]
        if AFTER_BATCH:
            await self.journal.flush()
            await self._report()

    async def _wait_for_room(self) -> None:
        while self._waiting > self.low_water:
            self._room.clear()
            await self._room.wait()

    def _slot_taken(self) -> None:
        self._waiting -= 1
        if self._waiting <= self.low_water:
            self._room.set()

    def _recovery_due(self) -> bool:
        # The project's clock (as the leases are), so a test can move it.
        last, now = self._last_recovery, utcnow()
        return last is None or not last <= now < last + timedelta(seconds=self.config.lease_seconds / 4)

    async def _finish_batch(self) -> None:
        """Wait until the batch's results are written, then tell the AFTER_BATCH hooks."""
        await self.journal.stop(self._stopping)
        await self._report()

    async def _report(self) -> None:
        broadcasts = self.journal.take_changed_broadcasts()
        for hook in AFTER_BATCH if broadcasts else ():
            await hook(broadcasts)

    async def run(self, stop: asyncio.Event) -> None:
        """Loop until `stop` is set: recover orphans, drain, sleep when idle."""
        self._stopping = stop
        await self.recover_stale()
        while not stop.is_set():
            try:
                processed = await self._drain(None)
            except Exception:
                log.exception("sender batch failed; retrying after a pause")
                processed = 0
            if not processed:
                try:
                    await asyncio.wait_for(stop.wait(), self.config.poll_interval)
                except TimeoutError:
                    await self.recover_stale()

    async def _claim(self) -> Sequence[Row]:
        """Claim a batch in one statement: due rows stay `pending`, with our id and the claim time."""
        async with self.db.transaction() as session:
            return await claim_due(session, self.worker_id, utcnow(), self.config.lease_seconds,
                                   self.config.batch_size)

    async def _render(self, rows: Sequence[Row]) -> tuple[list[_Job], list[_Result]]:
        """Render claimed rows in a read-only session (on SQLite it holds no write lock, so the
        sends' marks and results go on meanwhile); rows that need no send (cancelled, no reachable
        channel…) get the result to record instead."""
        now = utcnow()
        jobs: list[_Job] = []
        finished: list[_Result] = []
        async with self._render_sessions() as session, session.begin():
            identities = await reachable_identities(session, {row.contact_id for row in rows})
            # Held until the batch is rendered: the session's identity map only keeps weak references.
            loaded = await preload_for_rendering(session, rows)  # noqa: F841
            for number, row in enumerate(rows, 1):
                outcome = await self._prepare(session, row, now, identities.get(row.contact_id, []))
                if isinstance(outcome, _Job):
                    jobs.append(outcome)
                else:
                    outcome.broadcast_id = row.broadcast_id
                    finished.append(outcome)
                if number % _RENDER_SLICE == 0:
                    await asyncio.sleep(0)  # the answers of the sends in flight are read meanwhile
        return jobs, finished

    async def _prepare(self, session: AsyncSession, delivery: Row, now: datetime,
                       identities: list[Identity]) -> _Job | _Result:
        expires = delivery.payload.get("expires_at")
        if expires and datetime.fromisoformat(expires) <= now:
            return _Result(delivery.id, "cancelled", "expired")
        contact = await session.get(Contact, delivery.contact_id)
        if contact is None:
            return _Result(delivery.id, "cancelled", "contact deleted")
        if delivery.kind not in PERSONAL_KINDS and contact.opted_out:
            return _Result(delivery.id, "cancelled", "opted out")
        if delivery.kind in PERSONAL_KINDS and contact.reminders_off and delivery.kind in ("reminder", "survey"):
            return _Result(delivery.id, "cancelled", "reminders off")
        identity = self._pick_identity(identities)
        if identity is None:
            return _Result(delivery.id, "blocked", "no reachable channel")
        ctx = delivery_context(self.core, session, contact, identity)
        # The renderers read the row's columns by name (kind, payload, broadcast_id…), as they would a Delivery.
        replies = await render_delivery(ctx, delivery)  # type: ignore[arg-type]
        if not replies:
            return _Result(delivery.id, "cancelled", "no longer relevant")
        # The attempt about to be made (the 'sending' mark counts it).
        return _Job(delivery.id, identity.channel, identity.external_id, replies,
                    PURPOSES.get(delivery.kind, "announcement"), identity.last_inbound_at, identity.id,
                    delivery.attempts + 1, delivery.broadcast_id)

    def _pick_identity(self, identities: list[Identity]) -> Identity | None:
        usable = [i for i in identities if i.channel in self.channels]
        if not usable:
            return None
        # The channel the person used last is the one they are most likely to read.
        return max(usable, key=lambda i: (i.last_inbound_at or datetime.min, i.id))

    async def _send(self, job: _Job) -> None:
        channel = self.channels[job.channel]
        chat_limiter = self._chat_limiter(job.channel).for_chat(job.external_id)
        waiting = True
        try:
            async with self._semaphore, chat_limiter.slot(), self._limiter(job.channel).slot():
                waiting = False
                self._slot_taken()
                if self._stopping is not None and self._stopping.is_set():
                    self.journal.release(job.delivery_id)
                    return
                # Committed before the call: only what is really on the wire can be left `sending`.
                if not await self.journal.mark_sending(job.delivery_id, job.channel):
                    return  # taken over, cancelled or deleted meanwhile, or the database is away
                result = await self._call(channel, job)
                result.broadcast_id = job.broadcast_id
                metrics.record_send(job.channel, result.state)
                # Queued while the slot is still held, so the next mark commits after this result.
                self.journal.finish(result)
        finally:
            if waiting:
                self._slot_taken()

    async def _call(self, channel: ChannelAdapter, job: _Job) -> _Result:
        try:
            ids = await channel.send(job.external_id, job.replies, purpose=job.purpose,
                                     last_inbound_at=job.last_inbound_at)
        except ContactStopped as error:
            return _Result(job.delivery_id, "blocked", str(error)[:500], identity_unreachable=job.identity_id)
        except Throttled as error:
            metrics.record_platform_error(job.channel, error)
            self._limiter(job.channel).pause(error.retry_after)
            retry_at = utcnow() + timedelta(seconds=error.retry_after)
            return _Result(job.delivery_id, "pending", f"throttled: {error}"[:500], retry_at=retry_at)
        except Transient as error:
            metrics.record_platform_error(job.channel, error)
            if job.attempts >= self.config.max_attempts:
                return _Result(job.delivery_id, "failed", f"gave up: {error}"[:500])
            backoff = min(300, 2 ** job.attempts)
            return _Result(job.delivery_id, "pending", str(error)[:500],
                           retry_at=utcnow() + timedelta(seconds=backoff))
        except NeedsTemplate as error:
            return _Result(job.delivery_id, "needs_template", str(error)[:500])
        except SendFailed as error:
            return _Result(job.delivery_id, "failed", str(error)[:500])
        except Exception as error:  # a bug must not lose the row or stop the batch
            log.exception("unexpected error while sending delivery %s", job.delivery_id)
            return _Result(job.delivery_id, "failed", f"{type(error).__name__}")
        return _Result(job.delivery_id, "sent", message_id=ids[0] if ids else None)
