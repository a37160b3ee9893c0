"""`musharaka run`: start the configured channels, the webhook server and the scheduler."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web
from telegram import Update

from bot.channel import ChannelAdapter
from bot.settings import Settings
from bot.telegram import TelegramAdapter, TelegramChannel, build_application, build_sender_bot
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
    telegram: TelegramAdapter | None = None
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
    db = Database(settings.database_url)
    await db.migrate()
    core = await BotCore.create(db, settings.core_config())
    running = RunningBot(db, core)
    app = build_app()
    serve_http = bool(settings.telegram_webhook_url) or settings.whatsapp_enabled
    if settings.telegram_enabled:
        await _start_telegram(running, settings, app)
    for starter in STARTERS:
        await starter(running, settings, app)
    if serve_http:
        running.web_runner = await start_site(app, settings.webhook_host, settings.webhook_port)
        # Appended last so it stops first: no new webhook calls while the channels shut down.
        running.stoppers.append(running.web_runner.cleanup)
    return running


async def _start_telegram(running: RunningBot, settings: Settings, app: web.Application) -> None:
    assert settings.telegram_bot_token
    webhook = bool(settings.telegram_webhook_url)
    application = build_application(settings.telegram_bot_token, settings.telegram_api_base_url, webhook=webhook)
    adapter = TelegramAdapter(running.core, application)
    running.telegram = adapter
    await application.initialize()
    # QR tickets and deep links need the bot's @username, which getMe told us.
    running.core.config = dataclasses.replace(running.core.config, bot_username=application.bot.username)
    await application.start()
    running.stoppers.append(_stop_application(application))
    sender_bot = build_sender_bot(settings.telegram_bot_token, settings.telegram_api_base_url)
    await sender_bot.initialize()
    running.stoppers.append(sender_bot.shutdown)
    running.channels["telegram"] = TelegramChannel(sender_bot)
    if webhook:
        secret = telegram_webhook_secret(settings)

        async def sink(data: dict) -> None:
            await application.update_queue.put(Update.de_json(data, application.bot))

        add_telegram_route(app, secret, sink)
        await application.bot.set_webhook(settings.telegram_webhook_url, secret_token=secret,
                                          allowed_updates=Update.ALL_TYPES)
        log.info("telegram webhook set (path %s)", TELEGRAM_PATH)
    else:
        await application.bot.delete_webhook()
        assert application.updater is not None
        await application.updater.start_polling(allowed_updates=Update.ALL_TYPES)
        log.info("telegram long polling started")


def _stop_application(application) -> Callable[[], Awaitable[None]]:  # type: ignore[no-untyped-def]
    async def stop() -> None:
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        await application.stop()
        await application.shutdown()

    return stop


async def run_bot(settings: Settings) -> int:
    """Run until SIGINT/SIGTERM; with no channel configured, say what to set and start nothing."""
    if not settings.telegram_enabled and not settings.whatsapp_enabled:
        sys.stderr.write(NO_CHANNEL_HELP)
        return 2
    running = await start_bot(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
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
