"""The Bot API as plain JSON: the replies' client, and what it shares with the outbox's.

Both clients (BotApi here, bot.telegram_outbox for the outbox) lay keyboards out the same way
(button_rows, reply_markup) and map errors the same way (map_response); this module imports no
other Telegram module of ours, so both can import it.

PTB still reads updates (`Update.de_json`) and makes the start-up calls (getMe, setWebhook);
what answers people — sendMessage, editMessageText, answerCallbackQuery, sendDocument — goes
through here, as the outbox's deliveries go through bot.telegram_outbox: building PTB's objects
and form-encoding every request cost more CPU than handling the update itself (bench/README.md,
"Update handling", issue 16). Errors get the same vocabulary (bot.telegram_outbox.map_response).

Telegram's limits are kept as PTB's AIORateLimiter kept them — 30 calls a second in all, 20 a
minute into one group chat, a 429's `retry_after` waited out at most twice before the call is
given up as Throttled — but counted as a sliding window (scheduler.ratelimit), as Telegram
counts: a leaky bucket lets a burst through at the start of each second and can go over.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable
from contextlib import AsyncExitStack
from typing import Any

import aiohttp

from bot.channel import ContactStopped, SendFailed, Throttled, Transient
from handlers.types import Option, Outbound
from scheduler.ratelimit import SlidingWindowLimiter

CHANNEL = "telegram"
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
# Buttons with labels this short go two to a row; longer ones get a row each.
_SHORT_LABEL = 18


def api_base_urls(api_base_url: str) -> tuple[str, str]:
    """PTB's base_url and base_file_url for a Bot API server root (TELEGRAM_API_BASE_URL)."""
    root = api_base_url.rstrip("/")
    return f"{root}/bot", f"{root}/file/bot"


# Statuses PTB raises as something other than NetworkError (see telegram.request.BaseRequest).
_PERMANENT = frozenset({400, 401, 404, 409})

# Telegram's documented ceilings for one bot (module constants so a benchmark can lift them).
OVERALL_PER_SECOND = 30.0
GROUP_PER_MINUTE = 20.0
MAX_RETRIES = 2
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class BotApi:
    """One bot's Bot API client for interactive replies: limits, retries on 429, mapped errors."""

    def __init__(self, method_url: str, *, connections: int = 64, limited: bool = True,
                 read_timeout: float = 15.0, connect_timeout: float = 5.0) -> None:
        # method_url ends with the token and a slash: "https://api.telegram.org/bot<token>/".
        self.url = method_url if method_url.endswith("/") else method_url + "/"
        self.connections = connections
        self.limited = limited
        self.overall = SlidingWindowLimiter(OVERALL_PER_SECOND if limited and OVERALL_PER_SECOND else None)
        self.groups: dict[int, SlidingWindowLimiter] = {}
        self.timeout = aiohttp.ClientTimeout(total=None, connect=connect_timeout + 10, sock_connect=connect_timeout,
                                             sock_read=read_timeout)
        self._session: aiohttp.ClientSession | None = None

    @classmethod
    def for_bot(cls, bot: Any) -> BotApi:
        """The client for a PTB Bot's token and server, limited when the Bot had a rate limiter."""
        return cls(f"{bot.base_url}/", limited=getattr(bot, "rate_limiter", None) is not None)

    def _client(self) -> aiohttp.ClientSession:
        # Created on first use, inside the running loop (aiohttp requires one).
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self.connections, keepalive_timeout=60, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(connector=connector, timeout=self.timeout,
                                                  json_serialize=_dumps, raise_for_status=False)
        return self._session

    async def close(self) -> None:
        """Close the connection pool."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def call(self, method: str, payload: dict[str, Any], *,
                   files: Callable[[], aiohttp.FormData] | None = None) -> Any:
        """One Bot API call; returns its `result` or raises a DeliveryError.

        `files` builds a multipart body instead of the JSON `payload` (a form can be sent once,
        so each retry builds it again).
        """
        attempt = 0
        while True:
            try:
                return await self._limited(method, payload, files)
            except Throttled as error:
                attempt += 1
                # Unlimited (a sender that paces itself) means its caller handles the 429 too.
                if not self.limited or attempt > MAX_RETRIES:
                    raise
                # Every call waits, not only this one: Telegram holds the whole bot back.
                self.overall.pause(error.retry_after)

    async def _limited(self, method: str, payload: dict[str, Any],
                       files: Callable[[], aiohttp.FormData] | None) -> Any:
        async with AsyncExitStack() as limits:
            chat_id = payload.get("chat_id")
            if self.limited and GROUP_PER_MINUTE and isinstance(chat_id, int) and chat_id < 0:
                group = self.groups.setdefault(chat_id, SlidingWindowLimiter(GROUP_PER_MINUTE, 60))
                await limits.enter_async_context(group.slot())
            await limits.enter_async_context(self.overall.slot())
            return await self._post(method, payload, files)

    async def _post(self, method: str, payload: dict[str, Any],
                    files: Callable[[], aiohttp.FormData] | None) -> Any:
        body: dict[str, Any] = {"data": files()} if files is not None else {"json": payload}
        return await post(self._client(), self.url + method, **body)


async def post(session: aiohttp.ClientSession, url: str, **body: Any) -> Any:
    """One Bot API call over `session`: its `result`, or the DeliveryError its answer means."""
    try:
        async with session.post(url, **body) as response:
            status, raw = response.status, await response.read()
    except (TimeoutError, aiohttp.ClientError, OSError) as error:
        # Never reached Telegram, or its answer was lost: temporary.
        raise Transient(f"{type(error).__name__}: {error}") from error
    if 200 <= status <= 299:
        try:
            return json.loads(raw)["result"]
        except (ValueError, KeyError, TypeError) as error:
            raise SendFailed("Invalid server response") from error
    raise map_response(status, raw)


def message_id(result: Any) -> int:
    """The message id in a sendMessage / sendDocument / editMessageText result."""
    try:
        return int(result["message_id"])
    except (KeyError, TypeError, ValueError) as error:
        raise SendFailed("Invalid server response") from error


def document_form(fields: dict[str, Any], filename: str, data: bytes) -> Callable[[], aiohttp.FormData]:
    """A sendDocument body: the fields (objects as JSON) and the file, typed by its name as PTB types it."""
    mime = mimetypes.guess_type(filename, strict=False)[0] or "application/octet-stream"

    def build() -> aiohttp.FormData:
        form = aiohttp.FormData(quote_fields=False)
        for name, value in fields.items():
            if isinstance(value, (dict, list)):
                value = _dumps(value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            form.add_field(name, str(value))
        form.add_field("document", data, filename=filename, content_type=mime)
        return form

    return build


def reply_markup(reply: Outbound) -> dict[str, Any] | None:
    """The Bot API reply_markup of a reply: what keyboard(reply).to_dict() gives, without PTB's objects."""
    if reply.request_contact:
        label = reply.options[0].label if reply.options else "📱"
        return {"keyboard": [[{"text": label, "request_contact": True}]], "one_time_keyboard": True,
                "resize_keyboard": True}
    if not reply.options:
        return None
    return {"inline_keyboard": [[{"text": option.label, "callback_data": option.id} for option in row]
                                for row in button_rows(reply.options)]}


def button_rows(options: list[Option]) -> list[list[Option]]:
    """Options laid out as the chat shows them: short labels two to a row, a long one alone."""
    rows: list[list[Option]] = []
    pending: list[Option] = []
    for option in options:
        if len(option.label) <= _SHORT_LABEL:
            pending.append(option)
            if len(pending) == 2:
                rows.append(pending)
                pending = []
            continue
        if pending:
            rows.append(pending)
            pending = []
        rows.append([option])
    if pending:
        rows.append(pending)
    return rows


def _ptb_text(description: str) -> str:
    """The message PTB's TelegramError would carry (it drops a leading "Bad Request: ")."""
    for prefix in ("Error: ", "[Error]: ", "Bad Request: "):
        if description.startswith(prefix):
            rest = description[len(prefix):]
            return rest[:1].upper() + rest[1:]
    return description


def map_response(status: int, body: bytes) -> Exception:
    """The delivery error of a Bot API answer that is not a success (PTB's rules, our vocabulary)."""
    try:
        phrase = f"{status}"
        data = json.loads(body.decode("utf-8", "replace"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except ValueError:
        data = {}
        phrase = f"HTTP {status}, unreadable answer"
    description = str(data.get("description") or phrase)
    parameters = data.get("parameters") or {}
    if isinstance(parameters, dict):
        if parameters.get("migrate_to_chat_id"):
            return SendFailed(f"Group migrated to supergroup. New chat id: {parameters['migrate_to_chat_id']}")
        retry_after = parameters.get("retry_after")
        if retry_after:
            return Throttled(float(retry_after), f"Flood control exceeded. Retry in {retry_after} seconds")
    text = _ptb_text(description)
    if status == 403:
        return ContactStopped(text)
    if status in _PERMANENT:
        return SendFailed(text)
    error = Transient(text)
    if status >= 500:
        error.status = status
    return error
