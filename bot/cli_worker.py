"""`musharaka worker`: the scheduler ticks, the outbox sender and the inbox, with no webhooks.

`musharaka run` takes the webhooks (or polls Telegram), writes everything to the inbox and
handles it; a worker handles inbox rows too, sends the outbox and queues due reminders and
surveys, so several of them can share the inbox and the outbox on PostgreSQL (claims use
FOR UPDATE SKIP LOCKED) next to one `run` process. Channels come from the same environment
variables as `musharaka run`, but nothing polls Telegram and no HTTP server is started. The
worker prints nothing to stdout (logs go to stderr) and stops on SIGTERM / SIGINT after the
batch in flight, so a normal stop never leaves a row `sending`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from bot.cli import EXTRA_COMMANDS, open_database
from bot.settings import Settings

if TYPE_CHECKING:  # the worker's own imports wait until it runs: every `musharaka` command loads this module
    from bot.channel import ChannelAdapter
    from bot.inbox_worker import InboxWorker
    from bot.runner import RunningBot
    from handlers.core import BotCore
    from scheduler.sender import Sender

log = logging.getLogger(__name__)

NO_CHANNEL_HELP = """No channel is configured, so the worker has nothing to send through.

Set TELEGRAM_BOT_TOKEN and/or the four WHATSAPP_* variables, as for `musharaka run`.
"""

Closer = Callable[[], Awaitable[None]]


async def open_channels(settings: Settings, core: BotCore,
                        inbox: InboxWorker) -> tuple[dict[str, ChannelAdapter], list[Closer]]:
    """The outbound channels the settings configure (also handling their inbox rows), and their closers."""
    import dataclasses

    from bot.telegram import TelegramAdapter, build_reply_bot
    from bot.telegram_api import BotApi

    channels: dict[str, ChannelAdapter] = {}
    closers: list[Closer] = []
    try:
        if settings.telegram_enabled:
            assert settings.telegram_bot_token
            from bot.telegram_outbox import outbox_channel

            outbox = outbox_channel(settings)
            closers.append(outbox.close)
            channels["telegram"] = outbox
            # Replies to inbox rows keep Telegram's limits (bot.telegram_api), as in `musharaka run`.
            reply_bot = build_reply_bot(settings.telegram_bot_token, settings.telegram_api_base_url)
            await reply_bot.initialize()
            closers.append(reply_bot.shutdown)
            core.config = dataclasses.replace(core.config, bot_username=reply_bot.username)
            adapter = TelegramAdapter(core, reply_bot, BotApi.for_bot(reply_bot))
            closers.append(adapter.channel.close)
            inbox.add(adapter)
        if settings.whatsapp_enabled:
            # The WhatsApp modules are imported only when configured.
            from bot.whatsapp import WhatsAppAdapter
            from bot.whatsapp_runner import build_channel

            whatsapp = build_channel(settings, core.db)
            closers.append(whatsapp.client.close)
            channels[whatsapp.name] = whatsapp
            WhatsAppAdapter(core, whatsapp, inbox)
    except BaseException:
        for close in reversed(closers):
            await close()
        raise
    return channels, closers


def _editors(inbox: InboxWorker) -> dict[str, Any]:
    """The reply channels that can edit a broadcast's progress message in place, by channel name."""
    from bot.telegram import TelegramAdapter

    return {name: processor.channel for name, processor in inbox.processors.items()
            if isinstance(processor, TelegramAdapter)}


async def start_worker(settings: Settings, *, lease_seconds: float | None = None) -> tuple[RunningBot, Sender]:
    """Open the database and channels; returns the handle to stop them and the sender to run."""
    from bot.inbox_worker import InboxWorker
    from bot.runner import RunningBot
    from handlers.core import BotCore
    from scheduler.broadcast_progress import attach as attach_progress
    from scheduler.runner import sender_config
    from scheduler.sender import Sender

    db = await open_database(settings)
    try:
        core = await BotCore.create(db, settings.core_config())
        await settings.warn_about_staff_bootstrap(db)
        inbox = InboxWorker(db, retention_days=settings.inbox_retention_days)
        channels, closers = await open_channels(settings, core, inbox)
    except BaseException:
        await db.dispose()
        raise
    running = RunningBot(db, core, inbox, channels=channels, stoppers=list(closers))
    config = sender_config(settings)
    if lease_seconds is not None:
        config.lease_seconds = lease_seconds
    sender = Sender(core, channels, config)
    # As in `musharaka run`: organizers see their broadcast's progress whichever process sends it.
    detach = attach_progress(sender, editors=_editors(inbox))

    async def stop_reporting() -> None:
        detach()

    running.stoppers.append(stop_reporting)
    return running, sender


async def tick_until(running: RunningBot, stop: asyncio.Event, seconds: float | None = None,
                     options: dict[str, int] | None = None) -> None:
    """Queue due reminders and surveys now and every `seconds` (the scheduler's tick) until `stop` is set."""
    from scheduler.jobs import run_tick
    from scheduler.runner import TICK_SECONDS

    seconds = TICK_SECONDS if seconds is None else seconds
    while not stop.is_set():
        try:
            await run_tick(running.db, **(options or {}))
        except Exception:
            # A failed tick (database restarting…) is retried at the next one; nothing is lost.
            log.exception("scheduler tick failed")
        try:
            await asyncio.wait_for(stop.wait(), seconds)
        except TimeoutError:
            pass


async def run_worker(settings: Settings, *, lease_seconds: float | None = None) -> int:
    """Tick and send until SIGTERM / SIGINT; exit code 2 when no channel is configured."""
    if not settings.telegram_enabled and not settings.whatsapp_enabled:
        sys.stderr.write(NO_CHANNEL_HELP)
        return 2
    from bot.runner import settle_startup_objects
    from scheduler.runner import tick_options

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # As in `musharaka run`: a SIGTERM while starting stops cleanly once started.
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    running, sender = await start_worker(settings, lease_seconds=lease_seconds)
    settle_startup_objects()
    if settings.metrics_port:
        from bot.metrics import start_metrics_server
        running.stoppers.append(await start_metrics_server(running.db, settings.metrics_host,
                                                           settings.metrics_port, settings.metrics_token))
    loop.add_signal_handler(signal.SIGINT, stop.set)
    log.info("worker %s started (channels: %s)", sender.worker_id, ", ".join(sorted(running.channels)))
    # Sender.run checks `stop` between batches, so the batch in flight is finished and recorded;
    # the inbox worker finishes the rows in hand.
    ticks = tick_until(running, stop, options=tick_options(settings))
    tasks = [asyncio.create_task(sender.run(stop)), asyncio.create_task(ticks),
             asyncio.create_task(running.inbox.run(stop))]
    try:
        await asyncio.gather(*tasks)
    finally:
        stop.set()  # if one task failed, the other stops too before the database closes
        await asyncio.gather(*tasks, return_exceptions=True)
        await running.stop()
    log.info("worker %s stopped", sender.worker_id)
    return 0


async def _worker(settings: Settings, args: argparse.Namespace) -> int:
    return await run_worker(settings, lease_seconds=args.lease_seconds)


def add_worker_command(sub: argparse._SubParsersAction) -> None:
    """Add `musharaka worker [--lease-seconds N]`."""
    parser = sub.add_parser("worker", help="handle the inbox, send the outbox and run the scheduler ticks "
                                           "(no webhooks, no polling)")
    parser.add_argument(
        "--lease-seconds", type=float, default=None, metavar="N",
        help="a claim or send not refreshed for N seconds belonged to a worker that died: claimed rows "
             "are taken by another worker, a row still 'sending' is marked 'unknown' and never resent "
             "(default: the sender's own lease, 6 seconds; workers refresh theirs every N/4 seconds)",
    )
    parser.set_defaults(func=_worker)


EXTRA_COMMANDS.append(add_worker_command)
