"""`musharaka run`'s Telegram intake for in-process tests: our own polling into the inbox, and its worker."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.inbox_worker import InboxWorker
from bot.telegram import TelegramAdapter, build_reply_bot
from bot.telegram_polling import TelegramPoller, build_polling_bot
from handlers.core import BotCore
from tests.fakes.fake_telegram import FakeTelegramServer


@asynccontextmanager
async def telegram_polling(core: BotCore, tg: FakeTelegramServer) -> AsyncIterator[InboxWorker]:
    """Poll the fake Bot API into the inbox and handle it, as `musharaka run` does in polling mode."""
    reply_bot = build_reply_bot(tg.token, tg.base_url)
    polling_bot = build_polling_bot(tg.token, tg.base_url)
    await reply_bot.initialize()
    await polling_bot.initialize()
    worker = InboxWorker(core.db, poll_seconds=0.2)
    adapter = TelegramAdapter(core, reply_bot)
    worker.add(adapter)
    poller = TelegramPoller(polling_bot, adapter, worker, timeout=1)
    worker.start()
    poller.start()
    try:
        yield worker
    finally:
        await poller.stop()
        await worker.stop()
        await polling_bot.shutdown()
        await reply_bot.shutdown()
