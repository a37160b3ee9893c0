"""A fake Telegram Bot API server for end-to-end tests.

The server is a small aiohttp application listening on ``127.0.0.1`` on a free port.  The real
python-telegram-bot (PTB) is pointed at it with::

    async with FakeTelegramServer(token="123:ABC") as tg:
        app = (
            ApplicationBuilder()
            .token("123:ABC")
            .base_url(f"{tg.base_url}/bot")
            .base_file_url(f"{tg.base_url}/file/bot")
            .build()
        )

Every request is recorded as a :class:`RecordedRequest` (``tg.requests``) so tests can assert on
what the bot sent.  User actions are injected with the ``push_*`` methods (queued for
``getUpdates``) or built without queueing with the ``build_*`` methods (for webhook tests, see
:meth:`FakeTelegramServer.post_to_webhook`).  Failures are injected with
:meth:`FakeTelegramServer.fail_next` and :meth:`FakeTelegramServer.block_user`.

The fake validates what the real Bot API validates for the calls the bot makes (message length,
empty text, callback data length, HTML / MarkdownV2 entity parsing, "message is not modified",
unknown callback query ids, ...), so bugs surface in tests instead of in production.
"""

from __future__ import annotations

import asyncio
import copy
import json
import re
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import aiohttp
from aiohttp import web

__all__ = [
    "BOT_USER",
    "FakeTelegramServer",
    "RecordedRequest",
    "SentDocument",
    "TelegramApiError",
]

BOT_ID = 1000
BOT_USERNAME = "musharaka_test_bot"

#: The ``User`` object returned by ``getMe`` and used as ``from`` of every bot message.
BOT_USER: dict[str, Any] = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "Musharaka",
    "username": BOT_USERNAME,
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
    "can_connect_to_business": False,
    "has_main_web_app": False,
}

_BOT_FROM: dict[str, Any] = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "Musharaka",
    "username": BOT_USERNAME,
}

#: Methods the fake implements, in their canonical spelling.
KNOWN_METHODS: tuple[str, ...] = (
    "getMe",
    "getUpdates",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "deleteMessage",
    "answerCallbackQuery",
    "sendDocument",
    "getFile",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "setMyCommands",
    "deleteMyCommands",
    "getMyCommands",
    "setMyDescription",
    "setMyShortDescription",
    "setChatMenuButton",
    "sendChatAction",
    "close",
    "logOut",
)
_CANONICAL: dict[str, str] = {name.lower(): name for name in KNOWN_METHODS}

#: Methods that fail with 403 for a chat whose user blocked the bot (see ``block_user``).
_BLOCKABLE: frozenset[str] = frozenset(
    {"sendmessage", "senddocument", "sendphoto", "sendchataction", "sendsticker", "sendlocation"}
)

#: Parameters that are always strings in the Bot API and must never be JSON-decoded.
_STRING_PARAMS: frozenset[str] = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "secret_token",
        "ip_address",
        "description",
        "short_description",
        "language_code",
        "action",
        "document",
        "photo",
        "sticker",
        "file_id",
        "business_connection_id",
        "message_effect_id",
    }
)

#: Parameters carrying JSON objects/arrays that may arrive JSON-encoded even inside a JSON body.
_JSON_PARAMS: frozenset[str] = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "allowed_updates",
        "commands",
        "scope",
        "menu_button",
    }
)

_DEFAULT_DESCRIPTIONS: dict[int, str] = {
    400: "Bad Request: message text is empty",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}

_BLOCKED_DESCRIPTION = "Forbidden: bot was blocked by the user"
_MAX_TEXT = 4096
_MAX_CAPTION = 1024
_MAX_CALLBACK_DATA_BYTES = 64
_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
_HTML_TAGS: frozenset[str] = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")


class TelegramApiError(Exception):
    """Raised inside the fake to produce a Bot API error response."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        """The JSON body the real Bot API returns for this error."""
        result: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            result["parameters"] = self.parameters
        return result


@dataclass
class RecordedRequest:
    """One HTTP request received by the fake Bot API.

    ``method`` is the canonical method name (``"sendMessage"``); ``params`` the decoded parameters
    (``reply_markup`` and other JSON-valued fields decoded to dicts/lists, numeric fields to
    ints); ``files`` maps multipart field names to ``(filename, bytes)``; ``time`` is the
    ``time.monotonic()`` of arrival.  ``status`` and ``response`` are the HTTP status and JSON
    body the fake answered with.
    """

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    time: float = 0.0
    http_method: str = "POST"
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the fake answered this request successfully."""
        return self.status == 200

    @property
    def chat_id(self) -> Any:
        """The ``chat_id`` parameter, or ``None``."""
        return self.params.get("chat_id")

    @property
    def result(self) -> Any:
        """The ``result`` field of a successful response (e.g. the sent Message dict)."""
        return self.response.get("result")


@dataclass
class SentDocument:
    """A document the bot sent with ``sendDocument``."""

    chat_id: Any
    filename: str
    data: bytes
    caption: str | None
    file_id: str


@dataclass
class _FailRule:
    method: str  # lower-case method name, or "*" for any method
    status: int
    description: str
    retry_after: int | None
    remaining: int
    chat_id: Any


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_name: str
    mime_type: str
    data: bytes
    file_path: str


class _Signal:
    """A re-armable broadcast notification for 'something changed' waits."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()

    async def wait(self, timeout: float) -> None:
        """Wait until the next ``notify`` or ``timeout`` seconds, whichever is first."""
        if timeout <= 0:
            return
        event = self._event
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            pass


def _same_chat(a: Any, b: Any) -> bool:
    return a is not None and b is not None and str(a) == str(b)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode_param(key: str, value: Any) -> Any:
    """Decode a form/query value the way the Bot API types it."""
    if not isinstance(value, str) or key in _STRING_PARAMS:
        return value
    try:
        decoded = json.loads(value)
    except ValueError:
        return value
    if isinstance(decoded, (dict, list, bool, int, float)):
        return decoded
    return value


class _HtmlChecker(HTMLParser):
    """Approximates the Bot API's HTML entity parser to catch 'can't parse entities' errors."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.error: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.error:
            return
        if tag not in _HTML_TAGS:
            self.error = f'Unsupported start tag "{tag}"'
            return
        if tag == "a" and not dict(attrs).get("href"):
            self.error = 'Can\'t find end tag corresponding to start tag "a"'
            return
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.error:
            return
        if not self.stack or self.stack[-1] != tag:
            expected = self.stack[-1] if self.stack else None
            self.error = (
                f'Can\'t find end tag corresponding to start tag "{expected}"'
                if expected
                else f'Unexpected end tag "{tag}"'
            )
            return
        self.stack.pop()


def _check_html(text: str) -> str | None:
    """Return a Bot API style error for malformed Telegram HTML, or ``None``."""
    # A '<' must always start a tag; the real parser rejects e.g. "1 < 2" and "<غير>".
    for match in re.finditer(r"<", text):
        rest = text[match.start() :]
        if not re.match(r"</?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?>", rest):
            offset = len(text[: match.start()].encode("utf-8"))
            return f"Unsupported start tag \"{rest[1:10]}\" at byte offset {offset}"
    checker = _HtmlChecker()
    checker.feed(text)
    checker.close()
    if checker.error:
        return checker.error
    if checker.stack:
        return f'Can\'t find end tag corresponding to start tag "{checker.stack[-1]}"'
    return None


def _check_markdown_v2(text: str) -> str | None:
    """Return a Bot API style error for unescaped reserved MarkdownV2 characters, or ``None``."""
    i = 0
    in_code = False
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "`":
            in_code = not in_code
        elif not in_code and ch in "#+-={}.!":
            return f"Character '{ch}' is reserved and must be escaped with the preceding '\\'"
        i += 1
    return None


class FakeTelegramServer:
    """A fake Telegram Bot API on 127.0.0.1, recording every request.

    Use as ``async with FakeTelegramServer(token="123:ABC") as tg: ...`` or call
    :meth:`start` / :meth:`stop` explicitly.
    """

    def __init__(
        self,
        token: str = "123:ABC",
        *,
        max_poll_wait: float = 1.0,
        latency: float = 0.0,
        enforce_rate_per_second: float | None = None,
    ) -> None:
        """Create the server (not yet listening).

        ``max_poll_wait`` caps the long-polling ``timeout`` of ``getUpdates`` so tests stay fast;
        ``latency`` adds an artificial delay (seconds) to every request.  With
        ``enforce_rate_per_second`` N, a ``sendMessage`` arriving when N were already accepted in
        the last second is answered 429 "Too Many Requests: retry after 1", like Telegram's
        overall limit (see :attr:`throttled`).
        """
        self.token = token
        self.max_poll_wait = max_poll_wait
        self.latency = latency
        self.enforce_rate_per_second = enforce_rate_per_second
        self._accepted_sends: deque[float] = deque()
        self.requests: list[RecordedRequest] = []
        #: Exceptions raised by the fake itself (bugs in the fake, not in the bot).
        self.internal_errors: list[BaseException] = []
        self.webhook_url: str = ""
        self.webhook_secret: str | None = None
        self.webhook_allowed_updates: list[str] | None = None
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.blocked_chats: set[str] = set()

        self._port: int | None = None
        self._runner: web.AppRunner | None = None
        self._stopping = False
        self._updates: list[dict[str, Any]] = []
        self._allowed_updates: list[str] = []
        self._next_update_id = 1
        self._next_message_id = 1
        self._next_callback_id = 1
        self._messages: dict[str, dict[int, dict[str, Any]]] = {}
        self._users: dict[int, dict[str, Any]] = {}
        self._callback_ids: dict[str, bool] = {}  # id -> answered
        self._files: dict[str, _StoredFile] = {}
        self._fail_rules: list[_FailRule] = []
        self._updates_signal = _Signal()
        self._records_signal = _Signal()

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> FakeTelegramServer:
        """Start listening on a free port of 127.0.0.1 and return ``self``."""
        app = web.Application(client_max_size=_MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])
        self._stopping = False
        return self

    async def stop(self) -> None:
        """Stop the server; pending long polls return immediately."""
        self._stopping = True
        self._updates_signal.notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegramServer:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        if self._port is None:
            raise RuntimeError("FakeTelegramServer is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """The value for PTB's ``base_url``: ``{base_url}/bot``."""
        return f"{self.base_url}/bot"

    @property
    def file_url(self) -> str:
        """The value for PTB's ``base_file_url``: ``{base_url}/file/bot``."""
        return f"{self.base_url}/file/bot"

    # ------------------------------------------------------------------ inspection helpers

    def calls(self, method: str) -> list[RecordedRequest]:
        """All recorded requests of ``method`` (case-insensitive), successful or not."""
        wanted = method.lower()
        return [r for r in self.requests if r.method.lower() == wanted]

    def sent_texts(self, chat_id: Any = None) -> list[str]:
        """Texts of successful ``sendMessage`` and ``editMessageText`` calls, in order."""
        texts: list[str] = []
        for rec in self.requests:
            if rec.ok and rec.method in ("sendMessage", "editMessageText"):
                if chat_id is None or _same_chat(rec.chat_id, chat_id):
                    texts.append(str(rec.params.get("text", "")))
        return texts

    def sent_documents(self, chat_id: Any = None) -> list[SentDocument]:
        """Documents sent successfully with ``sendDocument``, in order."""
        docs: list[SentDocument] = []
        for rec in self.requests:
            if not (rec.ok and rec.method == "sendDocument"):
                continue
            if chat_id is not None and not _same_chat(rec.chat_id, chat_id):
                continue
            document = rec.result["document"]
            stored = self._files.get(document["file_id"])
            docs.append(
                SentDocument(
                    chat_id=rec.chat_id,
                    filename=document.get("file_name", ""),
                    data=stored.data if stored else b"",
                    caption=rec.params.get("caption"),
                    file_id=document["file_id"],
                )
            )
        return docs

    def _last_keyboard_record(self, chat_id: Any) -> tuple[list[list[dict[str, Any]]], int | None]:
        for rec in reversed(self.requests):
            if not rec.ok or not _same_chat(rec.chat_id, chat_id):
                continue
            if rec.method not in ("sendMessage", "editMessageText", "editMessageReplyMarkup", "sendDocument"):
                continue
            markup = rec.params.get("reply_markup")
            if isinstance(markup, dict) and markup.get("inline_keyboard"):
                result = rec.result
                message_id = result.get("message_id") if isinstance(result, dict) else None
                return copy.deepcopy(markup["inline_keyboard"]), message_id
        return [], None

    def last_keyboard(self, chat_id: Any) -> list[list[dict[str, Any]]]:
        """The ``inline_keyboard`` of the last message sent/edited to ``chat_id`` that had one.

        Returns ``[]`` when no message to that chat carried an inline keyboard.
        """
        return self._last_keyboard_record(chat_id)[0]

    def last_message(self, chat_id: Any) -> dict[str, Any] | None:
        """The current state (after edits) of the last message the bot sent to ``chat_id``."""
        stored = self._messages.get(str(chat_id))
        if not stored:
            return None
        return copy.deepcopy(stored[max(stored)])

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,
        predicate: Callable[[RecordedRequest], bool] | None = None,
    ) -> list[RecordedRequest]:
        """Wait until at least ``count`` requests of ``method`` matching ``predicate`` arrived.

        Returns the matching requests; raises ``AssertionError`` listing what was recorded on
        timeout.
        """
        deadline = time.monotonic() + timeout
        while True:
            matching = [r for r in self.calls(method) if predicate is None or predicate(r)]
            if len(matching) >= count:
                return matching
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {count} x {method}"
                    f"{' matching predicate' if predicate else ''}: got {len(matching)}. "
                    f"{self._describe()}"
                )
            await self._records_signal.wait(remaining)

    def _describe(self) -> str:
        counts: dict[str, int] = {}
        for rec in self.requests:
            if rec.method != "getUpdates":
                key = rec.method if rec.ok else f"{rec.method}[{rec.status}]"
                counts[key] = counts.get(key, 0) + 1
        texts = self.sent_texts()[-5:]
        return f"Recorded methods (without getUpdates): {counts or 'none'}; last texts: {texts}"

    def clear(self) -> None:
        """Forget recorded requests (queued updates, messages and failure rules are kept)."""
        self.requests.clear()

    # ------------------------------------------------------------------ failure injection

    def fail_next(
        self,
        method: str,
        status: int,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: Any = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (``"*"`` = any) fail with a Bot API error.

        ``status`` 429 answers ``"Too Many Requests: retry after N"`` with
        ``parameters.retry_after`` (N = ``retry_after`` or 1); 403 defaults to "bot was blocked by
        the user"; other statuses use ``description`` or a generic text.  With ``chat_id`` only
        calls to that chat match.
        """
        if status == 429:
            retry_after = 1 if retry_after is None else retry_after
            description = description or f"Too Many Requests: retry after {retry_after}"
        else:
            description = description or _DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
        self._fail_rules.append(
            _FailRule(
                method=method.lower(),
                status=status,
                description=description,
                retry_after=retry_after,
                remaining=times,
                chat_id=chat_id,
            )
        )

    def block_user(self, chat_id: Any) -> None:
        """From now on every send to ``chat_id`` fails with 403 "bot was blocked by the user"."""
        self.blocked_chats.add(str(chat_id))

    def unblock_user(self, chat_id: Any) -> None:
        """Undo :meth:`block_user`."""
        self.blocked_chats.discard(str(chat_id))

    def _take_failure(self, method_lower: str, params: dict[str, Any]) -> TelegramApiError | None:
        if method_lower in _BLOCKABLE and str(params.get("chat_id")) in self.blocked_chats:
            return TelegramApiError(403, _BLOCKED_DESCRIPTION)
        for rule in self._fail_rules:
            if rule.method not in ("*", method_lower):
                continue
            if rule.chat_id is not None and not _same_chat(rule.chat_id, params.get("chat_id")):
                continue
            rule.remaining -= 1
            if rule.remaining <= 0:
                self._fail_rules.remove(rule)
            parameters = {"retry_after": rule.retry_after} if rule.retry_after is not None else None
            return TelegramApiError(rule.status, rule.description, parameters)
        return None

    def _over_rate(self, method: str) -> TelegramApiError | None:
        """429 when ``enforce_rate_per_second`` sends were already accepted in the last second."""
        if self.enforce_rate_per_second is None or method != "sendMessage":
            return None
        # Counted when the call is checked (not at arrival): checks run in order, so the log stays sorted.
        now = time.monotonic()
        window = self._accepted_sends
        while window and now - window[0] >= 1.0:
            window.popleft()
        if len(window) >= self.enforce_rate_per_second:
            return TelegramApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        window.append(now)
        return None

    @property
    def throttled(self) -> list[RecordedRequest]:
        """``sendMessage`` calls answered 429 (by ``enforce_rate_per_second`` or ``fail_next``)."""
        return [r for r in self.calls("sendMessage") if r.status == 429]

    # ------------------------------------------------------------------ update builders

    def _user(self, user_id: int, first_name: str | None = None) -> dict[str, Any]:
        user = self._users.get(user_id)
        if user is None or first_name is not None:
            user = {
                "id": user_id,
                "is_bot": False,
                "first_name": first_name or (user or {}).get("first_name") or "مستخدم",
                "language_code": "ar",
            }
            self._users[user_id] = user
        return copy.deepcopy(user)

    def _chat(self, chat_id: Any) -> dict[str, Any]:
        if isinstance(chat_id, int) and chat_id < 0:
            kind = "supergroup" if str(chat_id).startswith("-100") else "group"
            return {"id": chat_id, "type": kind, "title": "مجموعة"}
        user = self._users.get(chat_id) if isinstance(chat_id, int) else None
        first_name = user["first_name"] if user else "مستخدم"
        return {"id": chat_id, "type": "private", "first_name": first_name}

    def _new_update_id(self) -> int:
        update_id = self._next_update_id
        self._next_update_id += 1
        return update_id

    def _new_message_id(self) -> int:
        message_id = self._next_message_id
        self._next_message_id += 1
        return message_id

    def _user_message(self, user_id: int, first_name: str | None, **content: Any) -> dict[str, Any]:
        user = self._user(user_id, first_name)
        return {
            "message_id": self._new_message_id(),
            "from": user,
            "chat": {"id": user_id, "type": "private", "first_name": user["first_name"]},
            "date": int(time.time()),
            **content,
        }

    def build_text_update(self, user_id: int, text: str, first_name: str | None = None) -> dict[str, Any]:
        """A ``message`` update with plain ``text`` from ``user_id`` (not queued)."""
        message = self._user_message(user_id, first_name, text=text)
        return {"update_id": self._new_update_id(), "message": message}

    def build_command_update(
        self, user_id: int, command: str, payload: str | None = None, first_name: str | None = None
    ) -> dict[str, Any]:
        """A ``message`` update with a ``bot_command`` entity, e.g. ``"/start ev_12"`` (not queued)."""
        if not command.startswith("/"):
            command = f"/{command}"
        text = command if not payload else f"{command} {payload}"
        entity = {"type": "bot_command", "offset": 0, "length": _utf16_len(command)}
        message = self._user_message(user_id, first_name, text=text, entities=[entity])
        return {"update_id": self._new_update_id(), "message": message}

    def build_callback_update(
        self, user_id: int, data: str, message_id: int | None = None, first_name: str | None = None
    ) -> dict[str, Any]:
        """A ``callback_query`` update pressing a button with ``data`` (not queued).

        ``message`` is the bot's message ``message_id`` in that chat (current state after edits),
        by default the last message the bot sent to the user, or a minimal message if none.
        """
        stored = self._messages.get(str(user_id), {})
        if message_id is None and stored:
            message_id = max(stored)
        if message_id is not None and message_id in stored:
            message = copy.deepcopy(stored[message_id])
        else:
            message = {
                "message_id": message_id if message_id is not None else self._new_message_id(),
                "from": dict(_BOT_FROM),
                "chat": self._chat(user_id),
                "date": int(time.time()),
                "text": "…",
            }
        query_id = f"{secrets.randbits(40)}{self._next_callback_id}"
        self._next_callback_id += 1
        self._callback_ids[query_id] = False
        query = {
            "id": query_id,
            "from": self._user(user_id, first_name),
            "message": message,
            "chat_instance": str(-(abs(user_id) * 7919 + BOT_ID)),
            "data": data,
        }
        return {"update_id": self._new_update_id(), "callback_query": query}

    def build_contact_update(
        self,
        user_id: int,
        phone_number: str,
        first_name: str | None = None,
        contact_user_id: int | None = None,
    ) -> dict[str, Any]:
        """A ``message`` update sharing a contact; by default the sender's own (``user_id`` equal)."""
        user = self._user(user_id, first_name)
        contact = {
            "phone_number": phone_number,
            "first_name": user["first_name"],
            "user_id": user_id if contact_user_id is None else contact_user_id,
        }
        message = self._user_message(user_id, first_name, contact=contact)
        return {"update_id": self._new_update_id(), "message": message}

    def build_sticker_update(self, user_id: int, first_name: str | None = None) -> dict[str, Any]:
        """A ``message`` update with a sticker (not queued)."""
        sticker = {
            "file_id": f"CAACAgIAAxkBAAI{secrets.token_hex(8)}",
            "file_unique_id": f"AgAD{secrets.token_hex(4)}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
            "file_size": 12345,
        }
        message = self._user_message(user_id, first_name, sticker=sticker)
        return {"update_id": self._new_update_id(), "message": message}

    def build_photo_update(
        self, user_id: int, caption: str | None = None, first_name: str | None = None
    ) -> dict[str, Any]:
        """A ``message`` update with a photo (two sizes) and optional caption (not queued)."""
        base = secrets.token_hex(8)
        photo = [
            {
                "file_id": f"AgACAgIAAxkBAAI{base}{suffix}",
                "file_unique_id": f"AQAD{base[:6]}{suffix}",
                "width": width,
                "height": width * 3 // 4,
                "file_size": size,
            }
            for suffix, width, size in (("s", 90, 1500), ("m", 800, 60000))
        ]
        content: dict[str, Any] = {"photo": photo}
        if caption:
            content["caption"] = caption
        message = self._user_message(user_id, first_name, **content)
        return {"update_id": self._new_update_id(), "message": message}

    def build_edited_text_update(
        self, user_id: int, text: str, message_id: int | None = None, first_name: str | None = None
    ) -> dict[str, Any]:
        """An ``edited_message`` update (the user edited an earlier text message; not queued)."""
        message = self._user_message(user_id, first_name, text=text)
        if message_id is not None:
            message["message_id"] = message_id
        message["date"] = int(time.time()) - 60
        message["edit_date"] = int(time.time())
        return {"update_id": self._new_update_id(), "edited_message": message}

    # ------------------------------------------------------------------ queueing user actions

    def push_raw(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue ``update`` for ``getUpdates`` (``update_id`` assigned when missing) and return it."""
        if "update_id" not in update:
            update = {"update_id": self._new_update_id(), **update}
        else:
            self._next_update_id = max(self._next_update_id, int(update["update_id"]) + 1)
        query = update.get("callback_query")
        if isinstance(query, dict) and "id" in query:
            self._callback_ids.setdefault(str(query["id"]), False)
        self._updates.append(update)
        self._updates.sort(key=lambda u: int(u["update_id"]))
        self._updates_signal.notify()
        return update

    def push_text(self, user_id: int, text: str, first_name: str | None = None) -> dict[str, Any]:
        """Queue a text message from ``user_id``; returns the update dict."""
        return self.push_raw(self.build_text_update(user_id, text, first_name))

    def push_command(
        self, user_id: int, command: str, payload: str | None = None, first_name: str | None = None
    ) -> dict[str, Any]:
        """Queue a command such as ``/start`` with an optional deep-link ``payload``."""
        return self.push_raw(self.build_command_update(user_id, command, payload, first_name))

    def push_callback(
        self, user_id: int, data: str, message_id: int | None = None, first_name: str | None = None
    ) -> dict[str, Any]:
        """Queue a button press with callback ``data`` (see :meth:`build_callback_update`)."""
        return self.push_raw(self.build_callback_update(user_id, data, message_id, first_name))

    def push_button(self, user_id: int, label: str) -> dict[str, Any]:
        """Press the button labelled ``label`` (exact, else substring) in the last keyboard sent to
        ``user_id``; raises ``AssertionError`` listing the buttons if there is no such button.
        """
        keyboard, message_id = self._last_keyboard_record(user_id)
        buttons = [button for row in keyboard for button in row]
        chosen = next((b for b in buttons if b.get("text") == label), None)
        if chosen is None:
            chosen = next((b for b in buttons if label in str(b.get("text", ""))), None)
        if chosen is None or "callback_data" not in chosen:
            labels = [b.get("text") for b in buttons]
            raise AssertionError(f"no callback button {label!r} in the last keyboard to {user_id}: {labels}")
        return self.push_callback(user_id, chosen["callback_data"], message_id=message_id)

    def push_contact(
        self,
        user_id: int,
        phone_number: str,
        first_name: str | None = None,
        contact_user_id: int | None = None,
    ) -> dict[str, Any]:
        """Queue a shared contact (the sender's own unless ``contact_user_id`` is given)."""
        return self.push_raw(self.build_contact_update(user_id, phone_number, first_name, contact_user_id))

    def push_sticker(self, user_id: int, first_name: str | None = None) -> dict[str, Any]:
        """Queue a sticker message."""
        return self.push_raw(self.build_sticker_update(user_id, first_name))

    def push_photo(self, user_id: int, caption: str | None = None, first_name: str | None = None) -> dict[str, Any]:
        """Queue a photo message."""
        return self.push_raw(self.build_photo_update(user_id, caption, first_name))

    def push_edited_text(
        self, user_id: int, text: str, message_id: int | None = None, first_name: str | None = None
    ) -> dict[str, Any]:
        """Queue an ``edited_message`` update."""
        return self.push_raw(self.build_edited_text_update(user_id, text, message_id, first_name))

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Queued updates not yet confirmed by an ``offset``."""
        return list(self._updates)

    async def post_to_webhook(self, update: dict[str, Any], url: str | None = None) -> int:
        """POST ``update`` to the webhook set with ``setWebhook`` (or ``url``) like Telegram does,
        including the ``X-Telegram-Bot-Api-Secret-Token`` header; returns the HTTP status.
        """
        target = url or self.webhook_url
        if not target:
            raise AssertionError("no webhook set: the bot never called setWebhook and no url was given")
        headers = {"Content-Type": "application/json"}
        if self.webhook_secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook_secret
        query = update.get("callback_query")
        if isinstance(query, dict) and "id" in query:
            self._callback_ids.setdefault(str(query["id"]), False)
        async with aiohttp.ClientSession() as session:
            async with session.post(target, data=json.dumps(update).encode(), headers=headers) as resp:
                await resp.read()
                return resp.status

    # ------------------------------------------------------------------ HTTP plumbing

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        arrived = time.monotonic()
        path = request.path
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        if path.startswith("/file/bot"):
            return await self._handle_file(request, path[len("/file/bot") :])
        match = re.fullmatch(r"/bot([^/]*)/([^/]*)", path)
        method_raw = match.group(2) if match else path
        method = _CANONICAL.get(method_raw.lower(), method_raw)
        record = RecordedRequest(method=method, params={}, time=arrived, http_method=request.method)
        try:
            try:
                record.params, record.files = await self._read_params(request)
                if match is None or not method_raw:
                    raise TelegramApiError(404, "Not Found")
                if match.group(1) != self.token:
                    raise TelegramApiError(401, "Unauthorized")
                failure = self._take_failure(method.lower(), record.params) or self._over_rate(method)
                if failure is not None:
                    raise failure
                handler = getattr(self, f"_m_{method.lower()}", None) if method.lower() in _CANONICAL else None
                if handler is None:
                    raise TelegramApiError(404, "Not Found")
                result = await handler(record.params, record.files)
                record.status, record.response = 200, {"ok": True, "result": result}
            except TelegramApiError as exc:
                record.status, record.response = exc.status, exc.body()
        except Exception as exc:  # a bug in the fake: report it loudly but keep serving
            self.internal_errors.append(exc)
            record.status = 500
            record.response = {
                "ok": False,
                "error_code": 500,
                "description": f"Internal Server Error: fake crashed: {exc!r}",
            }
        self.requests.append(record)
        self._records_signal.notify()
        return web.json_response(record.response, status=record.status)

    async def _read_params(self, request: web.Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
        params: dict[str, Any] = {k: _decode_param(k, v) for k, v in request.query.items()}
        files: dict[str, tuple[str, bytes]] = {}
        ctype = request.content_type
        if ctype == "application/json":
            raw = await request.read()
            if raw.strip():
                try:
                    body = json.loads(raw)
                except ValueError as exc:
                    raise TelegramApiError(400, "Bad Request: can't parse JSON object") from exc
                if not isinstance(body, dict):
                    raise TelegramApiError(400, "Bad Request: JSON object expected")
                for key, value in body.items():
                    if key in _JSON_PARAMS and isinstance(value, str):
                        value = _decode_param(key, value)
                    params[key] = value
        elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            post = await request.post()
            for key, value in post.items():
                if isinstance(value, web.FileField):
                    files[key] = (value.filename, value.file.read())
                else:
                    text = value.decode() if isinstance(value, (bytes, bytearray)) else str(value)
                    params[key] = _decode_param(key, text)
        return params, files

    async def _handle_file(self, request: web.Request, rest: str) -> web.StreamResponse:
        token, _, file_path = rest.partition("/")
        record = RecordedRequest(method="file", params={"file_path": file_path}, time=time.monotonic())
        record.http_method = request.method
        stored = next((f for f in self._files.values() if f.file_path == file_path), None)
        if token != self.token:
            record.status, record.response = 401, TelegramApiError(401, "Unauthorized").body()
        elif stored is None:
            record.status, record.response = 404, TelegramApiError(404, "Not Found").body()
        self.requests.append(record)
        self._records_signal.notify()
        if record.status != 200 or stored is None:
            return web.json_response(record.response, status=record.status)
        return web.Response(body=stored.data, content_type=stored.mime_type)

    # ------------------------------------------------------------------ validation helpers

    @staticmethod
    def _require(params: dict[str, Any], name: str) -> Any:
        value = params.get(name)
        if value is None or value == "":
            raise TelegramApiError(400, f"Bad Request: parameter \"{name}\" is required")
        return value

    def _check_chat(self, params: dict[str, Any]) -> Any:
        chat_id = self._require(params, "chat_id")
        if isinstance(chat_id, str):
            raise TelegramApiError(400, "Bad Request: chat not found")
        if isinstance(chat_id, bool) or not isinstance(chat_id, int):
            raise TelegramApiError(400, "Bad Request: invalid chat_id")
        return chat_id

    @staticmethod
    def _check_entities(text: str, parse_mode: Any) -> None:
        if not parse_mode:
            return
        mode = str(parse_mode).lower()
        error: str | None = None
        if mode == "html":
            error = _check_html(text)
        elif mode == "markdownv2":
            error = _check_markdown_v2(text)
        elif mode != "markdown":
            raise TelegramApiError(400, f"Bad Request: unsupported parse_mode \"{parse_mode}\"")
        if error:
            raise TelegramApiError(400, f"Bad Request: can't parse entities: {error}")

    @staticmethod
    def _check_reply_markup(markup: Any) -> dict[str, Any] | None:
        """Validate ``reply_markup``; return it if it is an inline keyboard (echoed in Message)."""
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise TelegramApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            if "keyboard" in markup and not isinstance(markup["keyboard"], list):
                raise TelegramApiError(400, "Bad Request: field \"keyboard\" must be an Array")
            return None
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise TelegramApiError(400, "Bad Request: field \"inline_keyboard\" must be an Array of Array")
        actions = ("callback_data", "url", "switch_inline_query", "switch_inline_query_current_chat",
                   "web_app", "login_url", "pay", "callback_game", "copy_text", "switch_inline_query_chosen_chat")
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not str(button.get("text", "")).strip():
                    raise TelegramApiError(
                        400, "Bad Request: can't parse inline keyboard button: Text must be non-empty"
                    )
                if not any(key in button for key in actions):
                    raise TelegramApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
                if "callback_data" in button:
                    data = button["callback_data"]
                    if not isinstance(data, str) or not 1 <= len(data.encode()) <= _MAX_CALLBACK_DATA_BYTES:
                        raise TelegramApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup

    def _store_message(self, message: dict[str, Any]) -> None:
        self._messages.setdefault(str(message["chat"]["id"]), {})[message["message_id"]] = copy.deepcopy(message)

    def _bot_message(self, chat_id: Any, **content: Any) -> dict[str, Any]:
        message = {
            "message_id": self._new_message_id(),
            "from": dict(_BOT_FROM),
            "chat": self._chat(chat_id),
            "date": int(time.time()),
            **{k: v for k, v in content.items() if v is not None},
        }
        self._store_message(message)
        return message

    def _find_message(self, params: dict[str, Any]) -> dict[str, Any] | None:
        """The stored message targeted by an edit; ``None`` for inline messages."""
        if params.get("inline_message_id"):
            return None
        chat_id = self._check_chat(params)
        message_id = self._require(params, "message_id")
        stored = self._messages.get(str(chat_id), {}).get(message_id if isinstance(message_id, int) else -1)
        if stored is None:
            raise TelegramApiError(400, "Bad Request: message to edit not found")
        return stored

    # ------------------------------------------------------------------ Bot API methods

    async def _m_getme(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        return dict(BOT_USER)

    async def _m_getupdates(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        if self.webhook_url:
            raise TelegramApiError(
                409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete it"
            )
        offset = int(params.get("offset") or 0)
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = max(0.0, float(params.get("timeout") or 0))
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(a) for a in allowed]
        if offset > 0:
            self._updates = [u for u in self._updates if int(u["update_id"]) >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        deadline = time.monotonic() + min(timeout, self.max_poll_wait)
        while True:
            pending = [u for u in self._updates if self._is_allowed(u)]
            remaining = deadline - time.monotonic()
            if pending or self._stopping or remaining <= 0:
                return copy.deepcopy(pending[:limit])
            await self._updates_signal.wait(remaining)

    def _is_allowed(self, update: dict[str, Any]) -> bool:
        if not self._allowed_updates:
            return True
        return any(key in self._allowed_updates for key in update if key != "update_id")

    async def _m_sendmessage(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        chat_id = self._check_chat(params)
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise TelegramApiError(400, "Bad Request: message text is empty")
        if _utf16_len(text) > _MAX_TEXT:
            raise TelegramApiError(400, "Bad Request: message is too long")
        self._check_entities(text, params.get("parse_mode"))
        inline = self._check_reply_markup(params.get("reply_markup"))
        return self._bot_message(chat_id, text=text, reply_markup=inline)

    async def _m_editmessagetext(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise TelegramApiError(400, "Bad Request: message text is empty")
        if _utf16_len(text) > _MAX_TEXT:
            raise TelegramApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._check_entities(text, params.get("parse_mode"))
        inline = self._check_reply_markup(params.get("reply_markup"))
        stored = self._find_message(params)
        if stored is None:
            return True
        if "text" not in stored:
            raise TelegramApiError(400, "Bad Request: there is no text in the message to edit")
        if stored.get("text") == text and stored.get("reply_markup") == inline:
            raise TelegramApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message",
            )
        stored["text"] = text
        stored["edit_date"] = int(time.time())
        if inline is None:
            stored.pop("reply_markup", None)
        else:
            stored["reply_markup"] = copy.deepcopy(inline)
        return copy.deepcopy(stored)

    async def _m_editmessagereplymarkup(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        inline = self._check_reply_markup(params.get("reply_markup"))
        stored = self._find_message(params)
        if stored is None:
            return True
        if stored.get("reply_markup") == inline:
            raise TelegramApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message",
            )
        if inline is None:
            stored.pop("reply_markup", None)
        else:
            stored["reply_markup"] = copy.deepcopy(inline)
        stored["edit_date"] = int(time.time())
        return copy.deepcopy(stored)

    async def _m_deletemessage(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        chat_id = self._check_chat(params)
        message_id = self._require(params, "message_id")
        stored = self._messages.get(str(chat_id), {})
        if stored.pop(message_id, None) is None:
            raise TelegramApiError(400, "Bad Request: message to delete not found")
        return True

    async def _m_answercallbackquery(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        query_id = str(self._require(params, "callback_query_id"))
        if self._callback_ids.get(query_id, True):
            raise TelegramApiError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        text = params.get("text")
        if isinstance(text, str) and len(text) > 200:
            raise TelegramApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._callback_ids[query_id] = True
        return True

    async def _m_senddocument(self, params: dict[str, Any], files: dict[str, tuple[str, bytes]]) -> Any:
        chat_id = self._check_chat(params)
        caption = params.get("caption")
        if isinstance(caption, str):
            if _utf16_len(caption) > _MAX_CAPTION:
                raise TelegramApiError(400, "Bad Request: message caption is too long")
            self._check_entities(caption, params.get("parse_mode"))
        inline = self._check_reply_markup(params.get("reply_markup"))
        stored = self._resolve_document(params, files)
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": stored.file_name,
            "mime_type": stored.mime_type,
            "file_size": len(stored.data),
        }
        return self._bot_message(chat_id, document=document, caption=caption or None, reply_markup=inline)

    def _resolve_document(self, params: dict[str, Any], files: dict[str, tuple[str, bytes]]) -> _StoredFile:
        value = params.get("document")
        if "document" in files or (isinstance(value, str) and value.startswith("attach://")):
            field_name = value[len("attach://") :] if isinstance(value, str) else "document"
            if field_name not in files:
                raise TelegramApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
            filename, data = files[field_name]
            if not data:
                raise TelegramApiError(400, "Bad Request: file must be non-empty")
            if len(data) > _MAX_UPLOAD_BYTES:
                raise TelegramApiError(413, "Request Entity Too Large")
            return self._store_file(filename or "document", data)
        if isinstance(value, str) and value in self._files:
            return self._files[value]
        if isinstance(value, str) and re.match(r"https?://", value):
            return self._store_file(value.rstrip("/").rsplit("/", 1)[-1] or "document", b"")
        if not value:
            raise TelegramApiError(400, "Bad Request: there is no document in the request")
        raise TelegramApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    def _store_file(self, filename: str, data: bytes) -> _StoredFile:
        suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        mime = {
            "csv": "text/csv",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "pdf": "application/pdf",
            "ics": "text/calendar",
            "png": "image/png",
            "txt": "text/plain",
            "json": "application/json",
        }.get(suffix, "application/octet-stream")
        index = len(self._files) + 1
        stored = _StoredFile(
            file_id=f"BQACAgIAAxkDAAI{secrets.token_hex(10)}",
            file_unique_id=f"AgAD{secrets.token_hex(5)}",
            file_name=filename,
            mime_type=mime,
            data=data,
            file_path=f"documents/file_{index}.{suffix or 'bin'}",
        )
        self._files[stored.file_id] = stored
        return stored

    async def _m_getfile(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        file_id = str(self._require(params, "file_id"))
        stored = self._files.get(file_id)
        if stored is None:
            raise TelegramApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    async def _m_setwebhook(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        url = params.get("url") or ""
        if url and not re.match(r"https?://", str(url)):
            raise TelegramApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise TelegramApiError(400, "Bad Request: secret token contains unallowed characters")
        self.webhook_url = str(url)
        self.webhook_secret = str(secret) if secret else None
        allowed = params.get("allowed_updates")
        self.webhook_allowed_updates = allowed if isinstance(allowed, list) else None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _m_deletewebhook(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        self.webhook_url = ""
        self.webhook_secret = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _m_getwebhookinfo(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        info: dict[str, Any] = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook_url:
            info["max_connections"] = 40
            info["ip_address"] = "127.0.0.1"
            if self.webhook_allowed_updates:
                info["allowed_updates"] = list(self.webhook_allowed_updates)
        return info

    @staticmethod
    def _commands_key(params: dict[str, Any]) -> str:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)

    async def _m_setmycommands(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise TelegramApiError(400, "Bad Request: can't parse commands JSON object")
        for command in commands:
            name = command.get("command") if isinstance(command, dict) else None
            description = command.get("description") if isinstance(command, dict) else None
            if not isinstance(name, str) or not _COMMAND_RE.match(name.lower()):
                raise TelegramApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description) <= 256:
                raise TelegramApiError(400, "Bad Request: command description is empty or too long")
        self.commands[self._commands_key(params)] = copy.deepcopy(commands)
        return True

    async def _m_deletemycommands(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        self.commands.pop(self._commands_key(params), None)
        return True

    async def _m_getmycommands(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        return copy.deepcopy(self.commands.get(self._commands_key(params), []))

    async def _m_setmydescription(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        return True

    async def _m_setmyshortdescription(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        return True

    async def _m_setchatmenubutton(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        return True

    async def _m_sendchataction(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        self._check_chat(params)
        self._require(params, "action")
        return True

    async def _m_close(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        return True

    async def _m_logout(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        return True

