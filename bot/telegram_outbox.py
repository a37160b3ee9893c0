"""The outbox's Telegram client: Bot API calls over one pooled aiohttp session, no PTB on the path.

The Bot API is plain HTTPS and JSON, so the sender does not need PTB's object model: each
delivery is one or a few POSTs of the same payloads TelegramChannel sends (text chunks, the
inline or contact keyboard, documents as multipart), over a keep-alive connection pool sized to
the sender's concurrency. Errors are mapped exactly as bot.telegram.map_error maps PTB's:
`parameters.retry_after` -> Throttled, 403 -> ContactStopped, 5xx / other statuses / network
-> Transient (with `.status`), 400 / 401 / 404 / 409 / migrated chats -> SendFailed.
Interactive replies (edits, callback answers) keep going through PTB in bot.telegram.
"""

from __future__ import annotations

import json
import mimetypes
from datetime import datetime
from typing import TYPE_CHECKING, Any

import aiohttp

from bot.telegram_api import (  # noqa: F401 - map_response is this module's name too
    CAPTION_LIMIT,
    CHANNEL,
    MESSAGE_LIMIT,
    api_base_urls,
    map_response,
    message_id,
    post,
    reply_markup,
)
from messages.textsplit import split_text

if TYPE_CHECKING:
    from bot.settings import Settings
    from handlers.types import Outbound

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


# The reply_markup JSON of a reply (the name the outbox had first).
keyboard_dict = reply_markup


class TelegramOutbox:
    """A ChannelAdapter for the outbox sender: sendMessage / sendDocument over pooled aiohttp."""

    name = CHANNEL

    def __init__(self, token: str, api_base_url: str = "https://api.telegram.org", *, connections: int = 64,
                 paid_broadcast: bool = False, read_timeout: float = 15.0, connect_timeout: float = 5.0) -> None:

        base_url, _ = api_base_urls(api_base_url)
        self.url = f"{base_url}{token}/"
        self.connections = connections
        self.paid_broadcast = paid_broadcast
        self.timeout = aiohttp.ClientTimeout(total=None, connect=connect_timeout + 10, sock_connect=connect_timeout,
                                             sock_read=read_timeout)
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        # Created on first use, inside the running loop (aiohttp requires one).
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self.connections, limit_per_host=self.connections,
                                             keepalive_timeout=60, ttl_dns_cache=300)
            # No cookies in the Bot API: a dummy jar spares every request and answer the cookie handling.
            self._session = aiohttp.ClientSession(connector=connector, timeout=self.timeout,
                                                  json_serialize=_dumps, raise_for_status=False,
                                                  cookie_jar=aiohttp.DummyCookieJar())
        return self._session

    async def close(self) -> None:
        """Close the connection pool."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> TelegramOutbox:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def send(self, external_id: str, replies: list[Outbound], *, purpose: str = "reply",
                   last_inbound_at: datetime | None = None) -> list[str]:
        """Send replies to a chat as TelegramChannel does; returns message ids or raises a DeliveryError."""
        chat_id = int(external_id)
        ids: list[str] = []
        for reply in replies:
            markup = keyboard_dict(reply)
            if reply.document is not None:
                ids.append(await self._send_document(chat_id, reply, markup))
                continue
            chunks = split_text(reply.text, MESSAGE_LIMIT) or [" "]
            last = len(chunks) - 1
            for position, chunk in enumerate(chunks):
                ids.append(await self.send_message(chat_id, chunk, markup if position == last else None))
        return ids

    async def send_message(self, chat_id: int, text: str, markup: dict[str, Any] | None = None) -> str:
        """One sendMessage; returns the message id."""
        payload: dict[str, Any] = {"chat_id": chat_id, "text": text}
        if markup is not None:
            payload["reply_markup"] = markup
        if self.paid_broadcast:
            payload["allow_paid_broadcast"] = True
        return await self._call("sendMessage", json=payload)

    async def _send_document(self, chat_id: int, reply: Outbound, markup: dict[str, Any] | None) -> str:
        assert reply.document is not None
        caption = reply.text if len(reply.text) <= CAPTION_LIMIT else None
        if caption is None and reply.text:
            await self.send_message(chat_id, reply.text[:MESSAGE_LIMIT])
        form = aiohttp.FormData(quote_fields=False)
        form.add_field("chat_id", str(chat_id))
        if caption is not None:
            form.add_field("caption", caption)
        if markup is not None:
            form.add_field("reply_markup", _dumps(markup))
        if self.paid_broadcast:
            form.add_field("allow_paid_broadcast", "true")
        # The type PTB's InputFile gives the upload: guessed from the file name.
        mime = mimetypes.guess_type(reply.document.filename, strict=False)[0] or "application/octet-stream"
        form.add_field("document", reply.document.data, filename=reply.document.filename, content_type=mime)
        return await self._call("sendDocument", data=form)

    async def _call(self, method: str, **body: Any) -> str:
        # Errors as bot.telegram_api maps them: Transient ones are retried with backoff by the sender.
        return str(message_id(await post(self._client(), self.url + method, **body)))


def outbox_channel(settings: Settings, connections: int | None = None) -> TelegramOutbox:
    """The outbox's Telegram channel from the settings (token, API root, paid broadcasts)."""
    assert settings.telegram_bot_token
    from scheduler.runner import sender_config

    size = connections or sender_config(settings).concurrency
    return TelegramOutbox(settings.telegram_bot_token, settings.telegram_api_base_url, connections=size,
                          paid_broadcast=settings.telegram_paid_broadcast)
