"""APScheduler inside `musharaka run`: the periodic jobs and the outbox sender.

The database is the source of truth; APScheduler only keeps a few in-memory interval jobs
(its job stores are synchronous and cannot be shared between processes).
"""

from __future__ import annotations

import logging

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


def build_scheduler(running: RunningBot, settings: Settings) -> tuple[AsyncIOScheduler, Sender]:
    """The scheduler with its three jobs: queue due work, send, recover orphaned sends."""
    sender = Sender(running.core, running.channels, sender_config(settings))
    # Organizers see their broadcast's progress message update as batches go out.
    running.stoppers.append(_as_async(attach_progress(sender)))
    scheduler = AsyncIOScheduler(timezone="UTC")
    common = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 30}
    scheduler.add_job(run_tick, "interval", seconds=TICK_SECONDS, args=[running.db], id="tick", **common)
    scheduler.add_job(sender.drain, "interval", seconds=SEND_SECONDS, id="send", **common)
    scheduler.add_job(sender.recover_stale, "interval", seconds=RECOVER_SECONDS, id="recover", **common)
    return scheduler, sender


async def start_scheduler(running: RunningBot, settings: Settings, _: web.Application) -> None:
    """Start the jobs (after the channels, so the sender knows them)."""
    scheduler, sender = build_scheduler(running, settings)
    await sender.recover_stale()
    await run_tick(running.db)
    scheduler.start()
    log.info("scheduler started with channels %s", ", ".join(sorted(running.channels)) or "none")

    async def stop() -> None:
        scheduler.shutdown(wait=False)

    running.stoppers.append(stop)


def _as_async(fn):  # type: ignore[no-untyped-def]
    async def call() -> None:
        fn()

    return call


STARTERS.append(start_scheduler)
