"""The two commonest Telegram updates read without PTB's objects: a private text message and a press.

PTB's `Update.de_json` builds a dozen objects for every update (about a tenth of the bot's CPU
per message), and for these two shapes the bot needs six fields of them. Only an update whose
every field is of the expected type and whose keys are all known is read here; anything else
(another shape, an unexpected field, a value of the wrong type) is left to PTB, which also sets
unreadable updates aside. `tests/test_telegram_quick.py` checks that both readings agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.telegram_api import CHANNEL

# Keys a plain private text message may carry and still be read here (others go to PTB).
_MESSAGE_KEYS = frozenset({"message_id", "from", "chat", "date", "text", "entities"})
_CALLBACK_KEYS = frozenset({"id", "from", "message", "chat_instance", "data"})
# The bot's own message under a pressed button: what PTB would read of it (others go to PTB).
_PRESSED_MESSAGE_KEYS = frozenset({"message_id", "from", "chat", "date", "text", "entities", "reply_markup",
                                   "edit_date"})


@dataclass(frozen=True, slots=True)
class PressedMessage:
    """The message whose button was pressed (what a reply that replaces it needs)."""

    chat_id: int
    message_id: int
    text: str | None


@dataclass(frozen=True, slots=True)
class QuickUpdate:
    """A private text message (`text`) or a button press (`data`, `callback_id`), read from the JSON."""

    update_id: int
    user_id: int
    language_code: str | None
    text: str | None = None
    data: str | None = None
    callback_id: str | None = None
    pressed: PressedMessage | None = None

    @property
    def person_key(self) -> str:
        """"telegram:<user id>", as for PTB's updates."""
        return f"{CHANNEL}:{self.user_id}"


def quick_read(data: Any) -> QuickUpdate | None:
    """The update as a QuickUpdate, or None when it is anything but the two plain shapes."""
    if not isinstance(data, dict) or not _is_int(data.get("update_id")) or len(data) != 2:
        return None
    message = data.get("message")
    if message is not None:
        return _text_message(data["update_id"], message)
    query = data.get("callback_query")
    if query is not None:
        return _press(data["update_id"], query)
    return None


def _text_message(update_id: int, message: Any) -> QuickUpdate | None:
    if not isinstance(message, dict) or not message.keys() <= _MESSAGE_KEYS:
        return None
    user, chat, text = message.get("from"), message.get("chat"), message.get("text")
    if not (_is_int(message.get("message_id")) and _is_int(message.get("date")) and isinstance(text, str)
            and _is_user(user) and _is_chat(chat) and chat["type"] == "private"
            and _are_entities(message.get("entities", []))):
        return None
    return QuickUpdate(update_id, user["id"], user.get("language_code"), text=text)


def _press(update_id: int, query: Any) -> QuickUpdate | None:
    if not isinstance(query, dict) or not query.keys() <= _CALLBACK_KEYS:
        return None
    user, callback_id, data = query.get("from"), query.get("id"), query.get("data")
    if not (isinstance(callback_id, str) and isinstance(data, str) and isinstance(query.get("chat_instance"), str)
            and _is_user(user)):
        return None
    pressed = None
    if "message" in query:
        message = query["message"]
        if not (isinstance(message, dict) and message.keys() <= _PRESSED_MESSAGE_KEYS
                and _is_int(message.get("message_id")) and _is_int(message.get("date"))
                and _is_chat(message.get("chat")) and isinstance(message.get("text", ""), str)
                and _is_user(message.get("from", {"id": 0, "is_bot": True, "first_name": "-"}))
                and _are_entities(message.get("entities", [])) and _is_int(message.get("edit_date", 0))
                and isinstance(message.get("reply_markup", {}), dict)):
            return None
        if message["date"] == 0:
            return None  # a message Telegram no longer shows: PTB decides what it is
        pressed = PressedMessage(message["chat"]["id"], message["message_id"], message.get("text"))
    return QuickUpdate(update_id, user["id"], user.get("language_code"), data=data, callback_id=callback_id,
                       pressed=pressed)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_user(user: Any) -> bool:
    return (isinstance(user, dict) and _is_int(user.get("id")) and isinstance(user.get("is_bot"), bool)
            and isinstance(user.get("first_name"), str) and isinstance(user.get("language_code", ""), str))


def _is_chat(chat: Any) -> bool:
    return isinstance(chat, dict) and _is_int(chat.get("id")) and isinstance(chat.get("type"), str)


def _are_entities(entities: Any) -> bool:
    return isinstance(entities, list) and all(
        isinstance(e, dict) and isinstance(e.get("type"), str) and _is_int(e.get("offset"))
        and _is_int(e.get("length")) for e in entities)
