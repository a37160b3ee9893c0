"""APScheduler inside `musharaka run`: the periodic jobs and the outbox sender.

The database is the source of truth; APScheduler only keeps a few in-memory interval jobs
(its job stores are synchronous and cannot be shared between processes).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

import scheduler.broadcast_jobs  # noqa: F401 - the tick also releases scheduled broadcasts
from bot.runner import STARTERS, RunningBot
from bot.settings import Settings
from scheduler.broadcast_progress import attach as attach_progress
from scheduler.jobs import run_tick
from scheduler.sender import Sender, SenderConfig

log = logging.getLogger(__name__)
TICK_SECONDS = 30
SEND_SECONDS = 1
RECOVER_SECONDS = 60


def sender_config(settings: Settings) -> SenderConfig:
    """Sender limits from the settings (TELEGRAM_RATE_PER_SECOND, WHATSAPP_RATE_PER_SECOND, …)."""
    return SenderConfig(
        rates={"telegram": settings.telegram_rate_per_second, "whatsapp": settings.whatsapp_rate_per_second},
        per_chat_rates={"telegram": settings.telegram_rate_per_chat},
    )


def tick_options(settings: Settings) -> dict[str, int]:
    """The tick's settings (how long people who never consented are kept)."""
    return {"unconsented_retention_days": settings.unconsented_retention_days}


class JobTracker:
    """Remembers the jobs running right now, so shutting down can let them finish first.

    APScheduler's shutdown cancels the asyncio jobs that are running; a batch cut off mid-way would
    leave rows `sending` (they would become `unknown`) and could hold the database while it closes.
    """

    def __init__(self) -> None:
        self.running: set[asyncio.Task] = set()
        self.closed = False

    def wrap(self, job: Callable[..., Awaitable[object]]) -> Callable[..., Awaitable[object]]:
        """The job, registered while it runs; nothing once shutting down has begun."""

        async def tracked(*args: object) -> object:
            if self.closed:
                # APScheduler made this job's task just before shutting down, and it starts only
                # now: running it would work on a database being closed, and be cancelled mid-way.
                return None
            task = asyncio.current_task()
            assert task is not None
            self.running.add(task)
            try:
                return await job(*args)
            finally:
                self.running.discard(task)

        return tracked

    async def close(self, timeout: float = 30.0) -> None:
        """Start no more jobs, and wait (at most `timeout` seconds) for those running to finish."""
        self.closed = True
        if self.running:
            await asyncio.wait(set(self.running), timeout=timeout)


def build_scheduler(running: RunningBot, settings: Settings,
                    tracker: JobTracker | None = None) -> tuple[AsyncIOScheduler, Sender]:
    """The scheduler with its three jobs: queue due work, send, recover orphaned sends."""
    tracker = tracker or JobTracker()
    sender = Sender(running.core, running.channels, sender_config(settings))
    # Organizers see their broadcast's progress message update as batches go out.
    editors = {"telegram": running.telegram.channel} if running.telegram is not None else {}
    running.stoppers.append(_as_async(attach_progress(sender, editors=editors)))
    scheduler = AsyncIOScheduler(timezone="UTC")
    common = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 30}
    tick = functools.partial(run_tick, **tick_options(settings))
    scheduler.add_job(tracker.wrap(tick), "interval", seconds=TICK_SECONDS, args=[running.db], id="tick", **common)
    scheduler.add_job(tracker.wrap(sender.drain), "interval", seconds=SEND_SECONDS, id="send", **common)
    scheduler.add_job(tracker.wrap(sender.recover_stale), "interval", seconds=RECOVER_SECONDS, id="recover",
                      **common)
    return scheduler, sender


async def start_scheduler(running: RunningBot, settings: Settings, _: web.Application) -> None:
    """Start the jobs (after the channels, so the sender knows them)."""
    tracker = JobTracker()
    scheduler, sender = build_scheduler(running, settings, tracker)
    await sender.recover_stale()
    await run_tick(running.db, **tick_options(settings))
    scheduler.start()
    log.info("scheduler started with channels %s", ", ".join(sorted(running.channels)) or "none")

    running.stoppers.append(functools.partial(stop_scheduler, scheduler, tracker, sender))


async def stop_scheduler(scheduler: AsyncIOScheduler, tracker: JobTracker, sender: Sender | None = None) -> None:
    """Stop the jobs: the sends on the wire finish and their results are recorded first.

    Paused, the scheduler submits nothing new; only then is it shut down, because its shutdown
    cancels the jobs still running. The sender gives back the rows it claimed but did not send.
    """
    scheduler.pause()
    if sender is not None:
        sender.stop_claiming()
    await tracker.close()
    scheduler.shutdown(wait=False)


def _as_async(fn):  # type: ignore[no-untyped-def]
    async def call() -> None:
        fn()

    return call


STARTERS.append(start_scheduler)
