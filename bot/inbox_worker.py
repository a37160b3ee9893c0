"""The inbox worker: handles what the inbox holds, in order per person, and sends the replies.

Webhooks and polling write items down with `accept` (the platform is told "received" only
after that commit) and wake the worker; it also looks every second for rows stored by another
process. Each claimed row goes to its channel's processor (Telegram, WhatsApp), which rebuilds
the update and runs the handlers — effects and "done" in one transaction — and the worker then
sends the recorded replies: `sending` committed just before the HTTP call, `sent` after it.

Rows left by a process that died are taken back: those of a dead process on this host at once
(at start-up too), others when their claim is older than a short lease (a live worker refreshes
its claims every few seconds). While the database cannot be reached nothing is acknowledged
(`Unavailable`: the webhooks answer 503) and the worker retries with a growing pause.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Coroutine
from typing import Any, TypeVar

from bot import metrics
from bot.channel import DeliveryError
from bot.inbox_channel import Processor, Unavailable, Unreadable
from bot.inbox_owners import LIVE, new_worker_id, owner_gone
from bot.inbox_replies import SENT_FLUSH_SECONDS, ReplyBook
from handlers.person_language import error_reply
from handlers.reply_codec import replies_to_json
from storage.db import Database
from storage.services import inbox, inbox_upkeep
from storage.services.inbox import Claimed, LostClaim, NewItem
from storage.services.inbox_lane import InboxLane

log = logging.getLogger(__name__)

# Rows handled at once, each of a different person (one person's rows wait for each other).
CAPACITY = 32
POLL_SECONDS = 1.0
RECOVER_SECONDS = 2.0
HEARTBEAT_SECONDS = 3.0
# A claim not refreshed for this long belongs to a worker that is gone (live ones refresh every 3 s).
LEASE_SECONDS = 10.0
PRUNE_SECONDS = 3600.0
FIRST_PRUNE_SECONDS = 60.0
MAX_ATTEMPTS = 3
STORE_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0
MAX_BACKOFF = 5.0
T = TypeVar("T")


class InboxWorker:
    """Writes items down, handles the inbox rows of its channels, sends their replies."""

    def __init__(self, db: Database, *, worker_id: str | None = None, capacity: int = CAPACITY,
                 poll_seconds: float = POLL_SECONDS, lease_seconds: float = LEASE_SECONDS,
                 retention_days: int = inbox.DEFAULT_RETENTION_DAYS) -> None:
        self.db = db
        self.worker_id = worker_id or new_worker_id()
        self.capacity = capacity
        self.poll_seconds = poll_seconds
        self.lease_seconds = lease_seconds
        self.retention_days = retention_days
        self.processors: dict[str, Processor] = {}
        # The connection the hot-path writes go through (see storage.services.inbox_lane).
        self.lane = InboxLane(db)
        # Set when shutting down: nothing more is accepted (the webhooks answer 503).
        self.closing = False
        self._wake = asyncio.Event()
        self._stop = asyncio.Event()
        self._wakes = 0
        self._quiet_at = -1
        # Pending rows may be waiting (left at intake, put back after a failure): claim when a slot frees.
        self._backlog = True
        self._runner: asyncio.Task[None] | None = None
        # asyncio keeps only weak references to tasks: without these, one could vanish mid-way.
        self._tasks: set[asyncio.Task[None]] = set()
        self._busy: set[int] = set()
        self.replies = ReplyBook(db, self.lane, self.worker_id)
        self._trouble = False
        self._next_recover = 0.0
        self._next_heartbeat = 0.0
        self._next_prune = 0.0

    def add(self, processor: Processor) -> None:
        """Handle the rows of `processor.name`'s channel with this processor."""
        self.processors[processor.name] = processor

    # --- writing down ------------------------------------------------------------------------------

    async def accept(self, items: list[NewItem]) -> int:
        """Commit items to the inbox (Unavailable if they could not be written), then handle them.

        When the worker runs, the rows it may handle at once are claimed in the same transaction
        and handled straight away; the others wait for the worker's next look.
        """
        if self.closing:
            raise Unavailable("shutting down")
        if not items:
            return 0
        running = self._runner is not None and not self._stop.is_set()
        limit = max(0, self.capacity - len(self._busy)) if running else 0
        sent = self.replies.take() if running else {}
        try:
            async with asyncio.timeout(STORE_TIMEOUT):
                stored = await inbox.store_and_claim(self.db, items, worker=self.worker_id, limit=limit, sent=sent,
                                                     lane=self.lane)
        except Exception as error:
            self.replies.give_back(sent)
            if not inbox.database_unavailable(error):
                raise
            self._database_trouble(error)
            raise Unavailable("the database cannot be reached") from error
        self._start_items(stored.claimed)
        if len(stored.claimed) < len(stored.added):
            self._backlog = True
            self.wake()
        return len(stored.added)

    def wake(self) -> None:
        """Look at the inbox now (starting the worker if it was not running)."""
        self._wakes += 1
        self._wake.set()
        if self._runner is None and not self.closing:
            self.start()

    # --- running -----------------------------------------------------------------------------------

    def start(self) -> None:
        """Start handling in the background (idempotent)."""
        if self._runner is None:
            LIVE.add(self.worker_id)
            self._stop.clear()
            self._runner = asyncio.get_running_loop().create_task(self._run())

    def close(self) -> None:
        """Accept nothing more (webhooks answer 503 from now on); rows already stored are still handled."""
        self.closing = True

    async def stop(self) -> None:
        """Stop claiming, let the rows in hand finish (a few seconds at most), record what was sent."""
        self.closing = True
        self._stop.set()
        self._wake.set()
        if self._runner is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._runner), STOP_TIMEOUT)
            except TimeoutError:
                # Stuck on an unresponsive database: nothing in hand is lost, the next start takes it back.
                self._runner.cancel()
                await asyncio.gather(self._runner, return_exceptions=True)
        if self._tasks:
            _, late = await asyncio.wait(set(self._tasks), timeout=STOP_TIMEOUT)
            for task in late:
                # Left `processing` or with replies `pending`: the next start takes them back.
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        await self._quietly(self.replies.write())
        await self._quietly(self.lane.close())
        LIVE.discard(self.worker_id)
        self._runner = None

    async def run(self, stop: asyncio.Event) -> None:
        """Run until `stop` is set (for `musharaka worker`), then stop cleanly."""
        self.start()
        await stop.wait()
        await self.stop()

    async def idle(self, timeout: float = STOP_TIMEOUT) -> None:
        """Wait until everything stored so far was handled and answered (or `timeout` passed)."""
        deadline = time.monotonic() + timeout
        self.wake()
        while time.monotonic() < deadline and self._runner is not None:
            if not self._tasks:
                if not self.replies.outcomes and self._quiet_at == self._wakes:
                    return
                if not self._wake.is_set():
                    # One more look (it also records what was sent) once nothing is in hand.
                    self.wake()
            await asyncio.sleep(0.005)

    async def _run(self) -> None:
        self._next_prune = time.monotonic() + FIRST_PRUNE_SECONDS
        backoff = 0.0
        next_poll = 0.0
        while not self._stop.is_set():
            await self._housekeeping()
            free = self.capacity - len(self._busy)
            due = self._wake.is_set() or time.monotonic() >= next_poll
            if free > 0 and self.processors and due:
                wakes = self._wakes
                self._wake.clear()
                sent = self.replies.take()
                try:
                    claimed = await inbox.claim(self.db, self.worker_id, free, self.processors, sent=sent,
                                                lane=self.lane)
                except Exception as error:
                    self.replies.give_back(sent)
                    self._note_failure(error, "inbox claim")
                    backoff = min(MAX_BACKOFF, backoff * 2 or 0.25)
                    await self._pause(backoff)
                    continue
                backoff = 0.0
                next_poll = time.monotonic() + self.poll_seconds
                self._database_back()
                self._start_items(claimed)
                if len(claimed) < free and not self._tasks:
                    self._backlog = False
                if not claimed and not self._tasks:
                    self._quiet_at = wakes
            pause = max(0.0, next_poll - time.monotonic())
            await self._pause(min(pause, SENT_FLUSH_SECONDS) if self.replies.outcomes else pause)

    async def _pause(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._wake.wait(), seconds)
        except TimeoutError:
            pass

    def _start_items(self, claimed: list[Claimed]) -> None:
        batches: dict[str, list[Claimed]] = {}
        for item in claimed:
            processor = self.processors[item.channel]
            if item.kind in getattr(processor, "batch_kinds", ()):
                batches.setdefault(item.channel, []).append(item)
            else:
                self._spawn(self._process(processor, item), [item.id])
        for channel, items in batches.items():
            self._spawn(self._process_batch(self.processors[channel], items), [i.id for i in items])

    def _spawn(self, work: Coroutine[Any, Any, None], ids: list[int]) -> None:
        self._busy.update(ids)
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)

        def finished(done: asyncio.Task[None]) -> None:
            self._tasks.discard(done)
            self._busy.difference_update(ids)
            if self._backlog:
                # A slot is free, and a row waiting behind this one may be claimable now.
                self.wake()

        task.add_done_callback(finished)

    # --- one row -----------------------------------------------------------------------------------

    async def _process(self, processor: Processor, item: Claimed) -> None:
        try:
            handled = await metrics.timed_handling(item.channel, processor.handle(item))
        except LostClaim:
            log.info("inbox item %s was taken over by another worker", item.id)
            return
        except Unreadable as error:
            log.warning("inbox item %s (%s) cannot be read, set aside as failed: %s", item.id, item.channel, error)
            await self._quietly(inbox.fail(self.db, item, str(error)))
            return
        except Exception as error:
            await self._handling_failed(processor, item, error)
            return
        if handled.replies:
            await self._send(processor, item, handled.replies, handled.context)

    async def _process_batch(self, processor: Any, items: list[Claimed]) -> None:
        try:
            await processor.handle_batch(items)
        except LostClaim:
            # Someone took one of them over: handle the rest one by one.
            for item in items:
                await self._process(processor, item)
        except Exception as error:
            if inbox.database_unavailable(error):
                self._database_trouble(error)
                for item in items:
                    await self._quietly(inbox.retry_later(self.db, item, None, counted=False))
                return
            # One bad row must not hold the others back.
            for item in items:
                await self._process(processor, item)

    async def _handling_failed(self, processor: Processor, item: Claimed, error: Exception) -> None:
        self._backlog = True
        if inbox.database_unavailable(error):
            self._database_trouble(error)
            # Not the item's fault: back to pending now, or through recovery once the database answers.
            await self._quietly(inbox.retry_later(self.db, item, None, counted=False))
            return
        attempt = item.attempts + 1
        log.exception("inbox item %s (%s) failed, attempt %d of %d", item.id, item.channel, attempt, MAX_ATTEMPTS,
                      exc_info=error)
        description = inbox.error_text(error)
        if attempt < MAX_ATTEMPTS:
            await self._quietly(inbox.retry_later(self.db, item, description, counted=True))
            return
        # Given up: the row waits for an operator, and the person is told something went wrong.
        recorded = (replies_to_json([await error_reply(self.db, item.channel, item.external_id)])
                    if item.person_key else [])
        failed = await self._quietly(inbox.fail(self.db, item, description, recorded))
        if failed and recorded:
            await self._send(processor, item, processor.decode(recorded), None)

    async def _send(self, processor: Processor, item: Claimed, replies: list[Any], context: Any) -> None:
        try:
            if not item.sending and not await self.replies.start(item.id):
                return
        except Exception as error:
            # Still `pending`: sent by recovery once the database answers.
            self._note_failure(error, "reply")
            return
        outcome = inbox.SENT
        try:
            await processor.deliver(item, replies, context)
        except DeliveryError as error:
            outcome = inbox.REPLY_FAILED
            log.warning("inbox item %s (%s): reply not delivered (%s)", item.id, item.channel, type(error).__name__)
        except Exception:
            outcome = inbox.REPLY_FAILED
            log.exception("inbox item %s (%s): reply could not be sent", item.id, item.channel)
        self.replies.finished(item.id, outcome)

    async def _send_recorded(self, processor: Processor, item: Claimed) -> None:
        try:
            replies = processor.decode(item.replies or [])
        except Exception:
            log.exception("inbox item %s: recorded replies cannot be read", item.id)
            replies = []
        if not replies:
            if await self._quietly(self.replies.start(item.id)):
                self.replies.finished(item.id, inbox.REPLY_FAILED)
            return
        await self._send(processor, item, replies, None)

    # --- recovery, heartbeat, retention -------------------------------------------------------------

    async def _housekeeping(self) -> None:
        now = time.monotonic()
        try:
            if self.replies.overdue:
                # No other write came along to carry them.
                await self.replies.write()
            if now >= self._next_recover:
                self._next_recover = now + RECOVER_SECONDS
                await self._recover()
            if now >= self._next_heartbeat:
                self._next_heartbeat = now + HEARTBEAT_SECONDS
                await inbox.heartbeat(self.db, self.worker_id, self._busy | set(self.replies.outcomes))
            if now >= self._next_prune:
                self._next_prune = now + PRUNE_SECONDS
                rows, keys = await inbox_upkeep.prune(self.db, self.retention_days)
                if rows or keys:
                    log.info("retention: %d inbox rows and %d idempotency keys deleted", rows, keys)
        except Exception as error:
            self._note_failure(error, "inbox housekeeping")

    async def _recover(self) -> None:
        if not self.processors:
            return
        rows = await inbox_upkeep.open_rows(self.db, self.processors)
        gone = [row for row in rows if row.id not in self._busy and row.id not in self.replies.outcomes
                and owner_gone(row.claimed_by, row.claimed_at, self.worker_id, self.lease_seconds)]
        if not gone:
            return
        mine = await inbox_upkeep.take_back(self.db, self.worker_id, gone)
        log.info("took back %d inbox rows whose worker stopped (%d with replies to send)", len(gone), len(mine))
        for item in await inbox_upkeep.load_for_sending(self.db, self.worker_id, mine):
            self._spawn(self._send_recorded(self.processors[item.channel], item), [item.id])
        self._backlog = True
        self.wake()

    # --- database trouble ---------------------------------------------------------------------------

    async def _quietly(self, work: Awaitable[T]) -> T | None:
        try:
            return await work
        except Exception as error:
            self._note_failure(error, "inbox update")
            return None

    def _note_failure(self, error: BaseException, what: str) -> None:
        if inbox.database_unavailable(error):
            self._database_trouble(error)
        else:
            log.error("%s failed: %s", what, inbox.error_text(error), exc_info=error)

    def _database_trouble(self, error: BaseException) -> None:
        if not self._trouble:
            self._trouble = True
            log.warning("database unreachable (%s): nothing is acknowledged until it answers again",
                        inbox.error_text(error))

    def _database_back(self) -> None:
        if self._trouble:
            self._trouble = False
            log.warning("database reachable again: handling what was received")
