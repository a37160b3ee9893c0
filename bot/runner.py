"""`musharaka run`: start the configured channels, the webhook server, the inbox worker and the scheduler.

Everything that comes in is written to the inbox before it is acknowledged (webhooks, our own
Telegram polling) and handled by one InboxWorker; stopping refuses new items first (503), then
stops the server and polling, lets the worker finish the rows in hand, and closes the rest.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import hashlib
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web
from telegram import Update
from telegram.error import BadRequest, InvalidToken, NetworkError

from bot.channel import ChannelAdapter
from bot.cli import open_database
from bot.cli_errors import (
    OperatorError,
    check_http_url,
    listen_errors,
    telegram_token_problem,
    telegram_unreachable,
    with_retries,
)
from bot.inbox_worker import InboxWorker
from bot.settings import Settings
from bot.telegram import TelegramAdapter, build_reply_bot
from bot.telegram_api import BotApi
from bot.telegram_outbox import outbox_channel
from bot.telegram_polling import TelegramPoller, build_polling_bot
from bot.webserver import TELEGRAM_PATH, add_telegram_route, build_app, start_site
from handlers.core import BotCore
from storage.db import Database

log = logging.getLogger(__name__)

NO_CHANNEL_HELP = """No channel is configured, so nothing was started.

Set one of:
  TELEGRAM_BOT_TOKEN                      Telegram (long polling)
  TELEGRAM_BOT_TOKEN + TELEGRAM_WEBHOOK_URL   Telegram via webhook (WEBHOOK_HOST, WEBHOOK_PORT)
  WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN
                                          WhatsApp Cloud API webhook
To try the bot without any token: musharaka chat
"""


def telegram_webhook_secret(settings: Settings) -> str:
    """The secret token Telegram sends back with each webhook call (derived from the token if unset)."""
    if settings.telegram_webhook_secret:
        return settings.telegram_webhook_secret
    assert settings.telegram_bot_token
    return hashlib.sha256(b"musharaka-webhook:" + settings.telegram_bot_token.encode()).hexdigest()[:48]


@dataclass
class RunningBot:
    """Everything `musharaka run` started, so it can be stopped in the right order."""

    db: Database
    core: BotCore
    # Writes down and handles everything that comes in (every channel's rows).
    inbox: InboxWorker = None  # type: ignore[assignment]
    telegram: TelegramAdapter | None = None
    poller: TelegramPoller | None = None
    web_runner: web.AppRunner | None = None
    # Channels the outbox sender delivers through, by name ("telegram", "whatsapp").
    channels: dict[str, ChannelAdapter] = field(default_factory=dict)
    stoppers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    async def stop(self) -> None:
        """Stop channels, the server and the scheduler, then close the database."""
        for stop in reversed(self.stoppers):
            try:
                await stop()
            except Exception:
                log.exception("error while stopping")
        await self.db.dispose()


# Extra start-up steps (WhatsApp, scheduler) register here: async fn(running, settings, app).
STARTERS: list[Callable[[RunningBot, Settings, web.Application], Awaitable[None]]] = []


async def start_bot(settings: Settings) -> RunningBot:
    """Start everything that is configured and return a handle to stop it."""
    _load_starters()
    if settings.telegram_enabled:
        # A typo in a URL is reported at once, before anything starts (and is never retried).
        check_http_url("TELEGRAM_API_BASE_URL", settings.telegram_api_base_url)
        if settings.telegram_webhook_url:
            check_http_url("TELEGRAM_WEBHOOK_URL", settings.telegram_webhook_url)
    db = await open_database(settings)
    try:
        core = await BotCore.create(db, settings.core_config())
        await settings.warn_about_staff_bootstrap(db)
    except BaseException:
        await db.dispose()
        raise
    running = RunningBot(db, core, InboxWorker(db, retention_days=settings.inbox_retention_days))
    try:
        app = build_app(db, metrics_token=settings.metrics_token, settings=settings)
        serve_http = (bool(settings.telegram_webhook_url) or settings.whatsapp_enabled
                      or bool(settings.dashboard_url))
        if settings.telegram_enabled:
            await _start_telegram(running, settings, app)
        for starter in STARTERS:
            await starter(running, settings, app)
        # Stoppers run last-added first: refuse new items, stop the server and polling, let the
        # worker finish what it holds, then the scheduler, the channels and the database.
        running.inbox.start()
        running.stoppers.append(running.inbox.stop)
        if running.poller is not None:
            running.poller.start()
            running.stoppers.append(running.poller.stop)
            log.info("telegram long polling started")
        if serve_http:
            with listen_errors(settings.webhook_host, settings.webhook_port):
                running.web_runner = await start_site(app, settings.webhook_host, settings.webhook_port)
            running.stoppers.append(running.web_runner.cleanup)
        if settings.metrics_port:
            from bot.metrics import start_metrics_server
            running.stoppers.append(await start_metrics_server(db, settings.metrics_host, settings.metrics_port,
                                                               settings.metrics_token))
        running.stoppers.append(_as_async(running.inbox.close))
    except BaseException:
        # Whatever started before the failure (polling, the scheduler) stops cleanly, without a traceback.
        await running.stop()
        raise
    return running


def settle_startup_objects() -> None:
    """Keep what start-up built (libraries, catalogs, compiled statements) out of the garbage collector's scans.

    Otherwise a full collection walks every one of them again: 0.2 s with the bot frozen, seen in
    bench/update_bench.py. They live as long as the process anyway.
    """
    gc.collect()
    gc.freeze()


async def _start_telegram(running: RunningBot, settings: Settings, app: web.Application) -> None:
    assert settings.telegram_bot_token
    token, api = settings.telegram_bot_token, settings.telegram_api_base_url
    reply_bot = build_reply_bot(token, api)
    await _initialize_telegram(reply_bot, settings)
    running.stoppers.append(reply_bot.shutdown)
    # QR tickets and deep links need the bot's @username, which getMe told us.
    running.core.config = dataclasses.replace(running.core.config, bot_username=reply_bot.username)
    # Replies go out through the Bot API client of bot.telegram_api, under the reply bot's limits.
    adapter = TelegramAdapter(running.core, reply_bot, BotApi.for_bot(reply_bot))
    running.stoppers.append(adapter.channel.close)
    running.telegram = adapter
    running.inbox.add(adapter)
    outbox = outbox_channel(settings)
    running.stoppers.append(outbox.close)
    running.channels["telegram"] = outbox
    if settings.telegram_webhook_url:
        secret = telegram_webhook_secret(settings)

        async def sink(data: dict) -> None:
            # Read first (a body PTB cannot read is a 400), then written down before the 200.
            await running.inbox.accept([adapter.item(data)])

        add_telegram_route(app, secret, sink)
        try:
            await reply_bot.set_webhook(settings.telegram_webhook_url, secret_token=secret,
                                        allowed_updates=Update.ALL_TYPES)
        except BadRequest as error:
            raise OperatorError(f"Telegram refused TELEGRAM_WEBHOOK_URL {settings.telegram_webhook_url} "
                                f"({error.message}): give a public https URL that reaches this server") from error
        log.info("telegram webhook set (path %s)", TELEGRAM_PATH)
    else:
        await reply_bot.delete_webhook()
        polling_bot = build_polling_bot(token, api)
        await polling_bot.initialize()
        running.stoppers.append(polling_bot.shutdown)
        # Started with the inbox worker, once every channel is ready.
        running.poller = TelegramPoller(polling_bot, adapter, running.inbox)


async def _initialize_telegram(bot, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    """PTB's initialize (it asks getMe): a few tries if the Bot API is unreachable, one line if the token is wrong."""
    try:
        await with_retries(
            f"the Telegram Bot API at {settings.telegram_api_base_url}", bot.initialize,
            attempts=settings.startup_attempts, delay=settings.startup_retry_seconds,
            retry_on=(NetworkError,), give_up=(BadRequest,),
            on_failure=lambda error, tries: telegram_unreachable(settings.telegram_api_base_url, error, tries),
        )
    except InvalidToken as error:
        raise OperatorError(telegram_token_problem(error)) from error


def _as_async(fn: Callable[[], None]) -> Callable[[], Awaitable[None]]:
    async def call() -> None:
        fn()

    return call


async def run_bot(settings: Settings) -> int:
    """Run until SIGINT/SIGTERM; with no channel configured, say what to set and start nothing."""
    if not settings.telegram_enabled and not settings.whatsapp_enabled:
        sys.stderr.write(NO_CHANNEL_HELP)
        return 2
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # A SIGTERM while starting (systemd restarting a slow start) stops cleanly once started,
    # instead of killing the process with the scheduler and the inbox half way through their work.
    # (SIGINT still interrupts a start that hangs, at the terminal.)
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    running = await start_bot(settings)
    settle_startup_objects()
    loop.add_signal_handler(signal.SIGINT, stop.set)
    log.info("musharaka run started (channels: %s)", ", ".join(sorted(running.channels)) or "none")
    try:
        await stop.wait()
    finally:
        await running.stop()
    return 0


def _load_starters() -> None:
    """Import the modules that add start-up steps (WhatsApp channel, scheduler)."""
    for module in ("bot.whatsapp_runner", "scheduler.runner"):
        try:
            __import__(module)
        except ModuleNotFoundError as error:
            if error.name != module:
                raise
