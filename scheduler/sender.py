"""The outbox sender: drains due deliveries per channel, within the platforms' limits.

A batch is claimed and rendered in one transaction (on PostgreSQL with FOR UPDATE SKIP LOCKED):
the rows stay `pending` with this worker's id and the claim time. Each row is marked `sending`
just before its own HTTP call and gets its result right after (scheduler.send_journal writes
both, group-committed, and refreshes the claims while the batch works). So a crash leaves at
most the sends really in flight (the concurrency) `sending`; they become `unknown` and are never
sent blindly again, so nobody gets the same message twice. Claimed rows that had not started
are claimable again once the lease (a few seconds without a heartbeat) has passed.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

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
from storage.models import Contact, Delivery, Event, Identity, Registration

log = logging.getLogger(__name__)

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
        self.journal = Journal(self.db, self.worker_id, heartbeat_seconds=max(0.05, self.config.lease_seconds / 4))
        # Set by run(): once it is, rows not yet started are given back instead of sent.
        self._stopping: asyncio.Event | None = None
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

    async def drain_once(self) -> int:
        """Claim, send and record one batch of due deliveries; returns how many were processed."""
        if self._recovery_due():
            # Here as well as in run(): a busy worker also takes over a dead one's rows in time.
            await self.recover_stale()
        jobs, finished = await self._claim_and_render()
        if not jobs and not finished:
            if self.journal.unwritten:
                # Results an earlier batch could not write (database away when it stopped waiting).
                self.journal.start([])
                await self._finish_batch(set())
            return 0
        self.journal.start([job.delivery_id for job in jobs])
        try:
            await asyncio.gather(*(self._send(job) for job in jobs))
        except BaseException:
            # Cancelled: the process is going away. Like a crash, nothing more is written.
            self.journal.abandon()
            raise
        await self._finish_batch({r.broadcast_id for r in finished if r.broadcast_id is not None})
        return len(jobs) + len(finished)

    def _recovery_due(self) -> bool:
        # The project's clock (as the leases are), so a test can move it.
        last, now = self._last_recovery, utcnow()
        return last is None or not last <= now < last + timedelta(seconds=self.config.lease_seconds / 4)

    async def _finish_batch(self, broadcasts: set[int]) -> None:
        """Wait until the batch's results are written, then tell the AFTER_BATCH hooks."""
        await self.journal.stop(self._stopping)
        broadcasts |= self.journal.take_changed_broadcasts()
        for hook in AFTER_BATCH:
            if broadcasts:
                await hook(broadcasts)

    async def drain(self, *, max_batches: int | None = None) -> int:
        """Drain until nothing is due (or `max_batches` batches); returns how many were processed."""
        total = 0
        batches = 0
        while max_batches is None or batches < max_batches:
            done = await self.drain_once()
            if not done:
                break
            total += done
            batches += 1
        return total

    async def run(self, stop: asyncio.Event) -> None:
        """Loop until `stop` is set: recover orphans, drain, sleep when idle."""
        self._stopping = stop
        await self.recover_stale()
        while not stop.is_set():
            try:
                processed = await self.drain_once()
            except Exception:
                log.exception("sender batch failed; retrying after a pause")
                processed = 0
            if not processed:
                try:
                    await asyncio.wait_for(stop.wait(), self.config.poll_interval)
                except TimeoutError:
                    await self.recover_stale()

    async def _claim_and_render(self) -> tuple[list[_Job], list[_Result]]:
        """Claim a batch (rows stay `pending`, with our id and time) and render it; rows that need
        no send (cancelled, no reachable channel…) get their final state in the same transaction."""
        now = utcnow()
        stale = now - timedelta(seconds=self.config.lease_seconds)
        async with self.db.transaction() as session:
            rows = (
                await session.scalars(
                    select(Delivery)
                    .where(Delivery.state == "pending", Delivery.due_at <= now,
                           or_(Delivery.claimed_at.is_(None), Delivery.claimed_at <= stale))
                    .order_by(Delivery.due_at, Delivery.id)
                    .limit(self.config.batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            jobs: list[_Job] = []
            finished: list[_Result] = []
            identities = await self._load_people(session, {delivery.contact_id for delivery in rows})
            # Held until the batch is rendered: the session's identity map only keeps weak references.
            loaded = await self._preload(session, rows)  # noqa: F841
            for delivery in rows:
                delivery.claimed_by = self.worker_id
                delivery.claimed_at = now
                outcome = await self._prepare(session, delivery, now, identities.get(delivery.contact_id, []))
                if isinstance(outcome, _Job):
                    delivery.channel = outcome.channel
                    jobs.append(outcome)
                else:
                    outcome.broadcast_id = delivery.broadcast_id
                    delivery.state, delivery.last_error, delivery.claimed_at = outcome.state, outcome.error, None
                    finished.append(outcome)
        return jobs, finished

    async def _load_people(self, session: AsyncSession, contact_ids: set[int]) -> dict[int, list[Identity]]:
        """The reachable identities of a batch's contacts, in one query (the contacts: _preload)."""
        if not contact_ids:
            return {}
        identities: dict[int, list[Identity]] = {}
        for identity in (
            await session.scalars(
                select(Identity).where(Identity.contact_id.in_(contact_ids), Identity.unreachable.is_(False))
            )
        ).all():
            identities.setdefault(identity.contact_id, []).append(identity)
        return identities

    async def _preload(self, session: AsyncSession, rows: Sequence[Delivery]) -> list[object]:
        """Load what rendering the batch reads by primary key (contacts, registrations, events) in
        three queries, so each row's session.get() is an identity-map hit: no query, no autoflush."""
        if not rows:
            return []
        loaded: list[object] = list(
            (await session.scalars(select(Contact).where(Contact.id.in_({d.contact_id for d in rows})))).all())
        registration_ids = {_int(d.payload.get("registration_id")) for d in rows} - {None}
        registrations = (await session.scalars(
            select(Registration).where(Registration.id.in_(registration_ids)))).all() if registration_ids else []
        event_ids = ({_int(d.payload.get("event_id")) for d in rows} | {r.event_id for r in registrations}) - {None}
        if event_ids:
            loaded.extend((await session.scalars(select(Event).where(Event.id.in_(event_ids)))).all())
        return loaded + list(registrations)

    async def _prepare(self, session: AsyncSession, delivery: Delivery, now: datetime,
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
        replies = await render_delivery(ctx, delivery)
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
        async with self._semaphore, chat_limiter.slot(), self._limiter(job.channel).slot():
            if self._stopping is not None and self._stopping.is_set():
                self.journal.release(job.delivery_id)
                return
            # Committed before the call: only what is really on the wire can be left `sending`.
            if not await self.journal.mark_sending(job.delivery_id):
                return  # taken over, cancelled or deleted meanwhile, or the database is away
            result = await self._call(channel, job)
            result.broadcast_id = job.broadcast_id
            metrics.record_send(job.channel, result.state)
            # Queued while the slot is still held, so the next mark commits after this result.
            self.journal.finish(result)

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


def _int(value: object) -> int | None:
    """A payload id as an int (None when absent or not a number)."""
    try:
        return int(value) if value is not None else None  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
