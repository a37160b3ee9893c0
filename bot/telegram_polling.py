"""Telegram long polling of our own: a batch is written down before the next offset is asked for.

Telegram forgets every update below the offset of a getUpdates call, so the loop commits the
whole raw batch to the inbox first and only then moves the offset. Each update is read on its
own: one PTB cannot turn into an Update is stored `failed` with its error, logged once and
skipped — it never holds the others back. While the database cannot be reached the offset
stays where it is, and the same updates are fetched again after a pause. The getUpdates call
itself goes through bot.telegram_api's JSON client, like the replies (PTB reads each update).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Bot, Update
from telegram.error import Conflict, InvalidToken, RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from bot.channel import DeliveryError, SendFailed, Throttled
from bot.inbox_channel import Unavailable
from bot.inbox_worker import InboxWorker
from bot.telegram import TelegramAdapter, api_base_urls
from bot.telegram_api import BotApi

log = logging.getLogger(__name__)

# Seconds Telegram holds a getUpdates call open when there is nothing to deliver.
POLL_TIMEOUT = 10
BATCH_LIMIT = 100
MAX_BACKOFF = 30.0
# While the database is down: try again often, so polling resumes within seconds of its return.
DATABASE_BACKOFF = 5.0


class PollingBot(Bot):
    """A Bot that fetches updates as raw JSON (PTB's get_updates drops a whole batch on one bad update)."""

    def __init__(self, *args: Any, api: BotApi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with self._unfrozen():  # PTB freezes a Bot's attributes once it is built
            self.api = api

    async def fetch_updates(self, offset: int | None, timeout: int) -> list[Any]:
        """The raw update dicts after `offset`, waiting up to `timeout` seconds for one."""
        data: dict[str, Any] = {"timeout": timeout, "limit": BATCH_LIMIT, "allowed_updates": list(Update.ALL_TYPES)}
        if offset is not None:
            data["offset"] = offset
        result = await self.api.call("getUpdates", data)
        return result if isinstance(result, list) else []

    async def shutdown(self) -> None:
        """Close the getUpdates connection too."""
        await self.api.close()
        await super().shutdown()


def build_polling_bot(token: str, api_base_url: str) -> PollingBot:
    """The Bot polling uses: its own one-connection pool, a read timeout longer than the poll."""
    base_url, base_file_url = api_base_urls(api_base_url)
    api = BotApi(f"{base_url}{token}/", connections=1, limited=False, read_timeout=POLL_TIMEOUT + 10)
    return PollingBot(token, base_url=base_url, base_file_url=base_file_url, api=api,
                      get_updates_request=HTTPXRequest(connection_pool_size=1, read_timeout=POLL_TIMEOUT + 10))


class TelegramPoller:
    """Fetches updates, writes each batch to the inbox, then asks for the next offset."""

    def __init__(self, bot: PollingBot, adapter: TelegramAdapter, worker: InboxWorker, *,
                 timeout: int = POLL_TIMEOUT) -> None:
        self.bot = bot
        self.adapter = adapter
        self.worker = worker
        self.timeout = timeout
        self.offset: int | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Poll in the background."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """Stop polling (a batch fetched but not yet written down is fetched again next time)."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        backoff = 0.0
        while True:
            if backoff:
                await asyncio.sleep(backoff)
            try:
                await self.poll_once()
                backoff = 0.0
            except asyncio.CancelledError:
                raise
            except Unavailable:
                # Nothing was acknowledged: the same updates come again once the database answers.
                backoff = min(DATABASE_BACKOFF, backoff * 2 or 0.5)
            except Throttled as error:
                backoff = error.retry_after
            except SendFailed as error:
                # 401 (token revoked), 404, 409 (a webhook is set, or another poller runs).
                log.error("telegram polling refused: %s", error)
                backoff = MAX_BACKOFF
            except DeliveryError as error:
                log.warning("telegram polling failed (%s), retrying", type(error).__name__)
                backoff = min(MAX_BACKOFF, backoff * 2 or 1.0)
            except RetryAfter as error:
                retry = error.retry_after
                backoff = retry.total_seconds() if hasattr(retry, "total_seconds") else float(retry)
            except (Conflict, InvalidToken) as error:
                log.error("telegram polling refused: %s", error.message)
                backoff = MAX_BACKOFF
            except TelegramError as error:
                log.warning("telegram polling failed (%s), retrying", type(error).__name__)
                backoff = min(MAX_BACKOFF, backoff * 2 or 1.0)
            except Exception:
                log.exception("telegram polling failed, retrying")
                backoff = min(MAX_BACKOFF, backoff * 2 or 1.0)

    async def poll_once(self) -> int:
        """One getUpdates call: write its batch down, then move the offset; returns the updates received."""
        raw = await self.bot.fetch_updates(self.offset, self.timeout)
        ids = [u["update_id"] for u in raw if isinstance(u, dict) and isinstance(u.get("update_id"), int)]
        if not ids:
            if raw:
                log.error("telegram sent %d updates without an update_id; ignored", len(raw))
            return 0
        items = [self.adapter.item_or_failed(u) for u in raw
                 if isinstance(u, dict) and isinstance(u.get("update_id"), int)]
        await self.worker.accept(items)
        for item in items:
            if item.error:
                log.warning("telegram update %s could not be read, set aside as failed: %s", item.platform_key,
                            item.error)
        # Only now: the next call with this offset tells Telegram it may forget the batch.
        self.offset = max(ids) + 1
        return len(ids)
