"""The bots update_bench.py measures, each run in a child process of its own.

  echo: PTB's Application and Updater with one handler that sends the text back;
  direct: `musharaka run` with each polled update handled at once, in memory (DirectIntake);
  musharaka: `musharaka run` as it is (every update through the inbox).

PTB's AIORateLimiter stays in every bot's reply path without its 30 messages/s platform cap.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

TOKEN = "123:ABC"


def _limiter(max_retries: int = 0):  # type: ignore[no-untyped-def]
    from telegram.ext import AIORateLimiter

    return AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=max_retries)


def _lift_platform_cap() -> None:
    """Keep PTB's AIORateLimiter in the path but without its 30/s cap (see the module docstring)."""
    import bot.telegram as telegram_module
    import bot.telegram_api as telegram_api

    telegram_module.AIORateLimiter = _limiter  # type: ignore[assignment]
    # The replies' own client keeps the same limits as AIORateLimiter: lifted the same way.
    telegram_api.OVERALL_PER_SECOND = 0.0
    telegram_api.GROUP_PER_MINUTE = 0.0


async def _wait_for_sigterm() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


async def serve_echo(api: str) -> None:
    """The baseline: PTB with the same application set-up and a handler that echoes."""
    from telegram import Update
    from telegram.ext import ApplicationBuilder, ContextTypes, TypeHandler

    from bot.telegram import api_base_urls

    base_url, base_file_url = api_base_urls(api)
    application = (ApplicationBuilder().token(TOKEN).base_url(base_url).base_file_url(base_file_url)
                   .rate_limiter(_limiter(max_retries=2)).concurrent_updates(64).connection_pool_size(64)
                   .pool_timeout(10).build())

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.callback_query is not None:
            await update.callback_query.answer()
            await context.bot.send_message(update.callback_query.from_user.id, update.callback_query.data or "?")
        elif update.message is not None and update.message.text:
            await context.bot.send_message(update.message.chat_id, update.message.text)

    application.add_handler(TypeHandler(Update, echo))
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(allowed_updates=Update.ALL_TYPES)
    await _wait_for_sigterm()
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


async def serve_musharaka(api: str, database_url: str, *, inbox: bool = True) -> None:
    """The full path, started exactly as `musharaka run` starts it (without the inbox: see DirectIntake)."""
    from bot.runner import settle_startup_objects, start_bot
    from bot.settings import Settings

    _lift_platform_cap()
    # Under load the scheduler's once-a-second drain may still be running when the next is due;
    # APScheduler says so at WARNING for every skipped run, which would bury the figures.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    settings = Settings(DATABASE_URL=database_url, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=api,
                        MUSHARAKA_SECRET_KEY="bench-secret", LOG_LEVEL="WARNING")
    running = await start_bot(settings)
    settle_startup_objects()  # as `musharaka run` does
    if not inbox:
        assert running.poller is not None and running.telegram is not None
        running.poller.worker = DirectIntake(running.telegram)  # type: ignore[assignment]
    await _wait_for_sigterm()
    await running.stop()


class DirectIntake:
    """Stands in for the inbox worker: each polled update is handled at once, nothing written down.

    The same parsing, core and rendering as the inbox path, one person at a time (a KeyedLock):
    Musharaka before the inbox, for the comparison.
    """

    def __init__(self, adapter: Any) -> None:
        from bot.keyed_lock import KeyedLock

        self.adapter = adapter
        self.locks = KeyedLock()
        self.tasks: set[asyncio.Task[None]] = set()

    async def accept(self, items: list[Any]) -> int:
        """Handle every update of the batch in the background; returns at once."""
        for item in items:
            task = asyncio.get_running_loop().create_task(self._handle(item.payload, item.context))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
        return len(items)

    async def _handle(self, data: dict[str, Any], update: Any) -> None:
        from telegram import Message

        from bot.telegram import parse_update

        bot = self.adapter.bot  # the update was read once, by polling
        inbound = parse_update(update, bot.username)
        query = update.callback_query
        if query is not None:
            await self.adapter._answer(query)
        if inbound is None:
            return
        async with self.locks.hold(inbound.external_id):
            replies = await self.adapter.core.handle(inbound)
            edit = query.message if query is not None and isinstance(query.message, Message) else None
            if replies:
                await self.adapter.channel.send(inbound.external_id, replies, edit=edit)
