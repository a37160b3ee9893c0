"""The Telegram adapter: raw updates -> inbox items -> Inbound, Outbound -> Bot API calls.

It decides nothing: every update goes to the channel-agnostic core, and every reply is
rendered as text with an inline keyboard (or a document, or a contact-request keyboard).
Updates arrive through the inbox (webhook or bot.telegram_polling), which the inbox worker
hands to TelegramAdapter.handle; the replies go out through TelegramChannel.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import HTTPXRequest

from bot.channel import ContactStopped, DeliveryError, SendFailed, Throttled, Transient
from bot.inbox_channel import Handled, Unreadable
from bot.telegram_api import (  # noqa: F401 - CHANNEL … button_rows are bot.telegram's names too
    CAPTION_LIMIT,
    CHANNEL,
    MESSAGE_LIMIT,
    BotApi,
    api_base_urls,
    button_rows,
    document_form,
    message_id,
    reply_markup,
)
from bot.telegram_quick import PressedMessage, QuickUpdate, quick_read
from handlers.core import BotCore
from handlers.dispatcher import record_replies
from handlers.reply_codec import reply_from_json
from handlers.types import Inbound, InboundKind, Outbound
from messages.textsplit import split_text
from storage.services.inbox import Claimed, NewItem, error_text

log = logging.getLogger(__name__)
def build_reply_bot(token: str, api_base_url: str) -> ExtBot:
    """The Bot that answers people: PTB's rate limiter (Telegram's limits), a pool for concurrent replies."""
    base_url, base_file_url = api_base_urls(api_base_url)
    request = HTTPXRequest(connection_pool_size=64, pool_timeout=10)
    return ExtBot(token, base_url=base_url, base_file_url=base_file_url, request=request,
                  rate_limiter=AIORateLimiter(max_retries=2))


def build_sender_bot(token: str, api_base_url: str) -> Bot:
    """A Bot for the outbox sender: no PTB rate limiter (the sender paces itself), a larger pool."""
    base_url, base_file_url = api_base_urls(api_base_url)
    request = HTTPXRequest(connection_pool_size=64, pool_timeout=10, read_timeout=15)
    return Bot(token, base_url=base_url, base_file_url=base_file_url, request=request)


def person_key(update: Update) -> str | None:
    """"telegram:<user id>" of whoever sent the update (their items are handled in order)."""
    user = update.effective_user
    return f"{CHANNEL}:{user.id}" if user is not None else None


def parse_update(update: Update, bot_username: str | None = None) -> Inbound | None:
    """Turn a Telegram update into an Inbound; None for updates that are not a person talking."""
    key = str(update.update_id)
    if update.callback_query is not None:
        query = update.callback_query
        return Inbound(CHANNEL, str(query.from_user.id), InboundKind.CHOICE, choice=query.data or "",
                       display_name=None, update_key=key, language_hint=query.from_user.language_code)
    if update.edited_message is not None:
        message = update.edited_message
        if message.from_user is None or message.chat.type != "private":
            return None
        return Inbound(CHANNEL, str(message.from_user.id), InboundKind.UNSUPPORTED, update_key=key)
    message = update.message
    if message is None or message.from_user is None or message.chat.type != "private":
        return None
    user_id = str(message.from_user.id)
    hint = message.from_user.language_code  # proposes the welcome's language; never stored
    if message.contact is not None:
        # Only the person's own number counts; a forwarded contact card is not theirs.
        own = message.contact.user_id == message.from_user.id
        if own:
            return Inbound(CHANNEL, user_id, InboundKind.CONTACT, phone=message.contact.phone_number, update_key=key)
        return Inbound(CHANNEL, user_id, InboundKind.UNSUPPORTED, update_key=key)
    if message.text is None:
        return Inbound(CHANNEL, user_id, InboundKind.UNSUPPORTED, update_key=key, language_hint=hint)
    return _typed(user_id, message.text, key, hint, bot_username)


def parse_quick(update: QuickUpdate, bot_username: str | None = None) -> Inbound | None:
    """The same for an update read without PTB (bot.telegram_quick): a text message or a press."""
    key, user_id = str(update.update_id), str(update.user_id)
    if update.data is not None:
        return Inbound(CHANNEL, user_id, InboundKind.CHOICE, choice=update.data, update_key=key,
                       language_hint=update.language_code)
    assert update.text is not None
    return _typed(user_id, update.text, key, update.language_code, bot_username)


def _typed(user_id: str, text: str, key: str, hint: str | None, bot_username: str | None) -> Inbound | None:
    if text.startswith("/") and len(text) > 1:
        head, _, payload = text[1:].partition(" ")
        name, _, mention = head.partition("@")
        if mention and bot_username and mention.lower() != bot_username.lower():
            return None
        return Inbound(CHANNEL, user_id, InboundKind.COMMAND, text=text, command=name.lower(),
                       payload=payload.strip() or None, update_key=key, language_hint=hint)
    return Inbound(CHANNEL, user_id, InboundKind.TEXT, text=text, update_key=key, language_hint=hint)


def keyboard(reply: Outbound) -> InlineKeyboardMarkup | ReplyKeyboardMarkup | None:
    """The inline keyboard for a reply's options (short labels paired, long ones alone)."""
    if reply.request_contact:
        return ReplyKeyboardMarkup(
            [[KeyboardButton(reply.options[0].label if reply.options else "📱", request_contact=True)]],
            one_time_keyboard=True,
            resize_keyboard=True,
        )
    if not reply.options:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(option.label, callback_data=option.id) for option in row]
                                 for row in button_rows(reply.options)])


def map_error(error: TelegramError) -> Exception:
    """Translate a PTB error into the shared delivery vocabulary."""
    if isinstance(error, Forbidden):
        return ContactStopped(str(error))
    if isinstance(error, RetryAfter):
        retry = error.retry_after
        seconds = retry.total_seconds() if hasattr(retry, "total_seconds") else float(retry)
        return Throttled(seconds, str(error))
    if isinstance(error, (TimedOut, NetworkError)) and not isinstance(error, BadRequest):
        return Transient(str(error))
    return SendFailed(str(error))


@dataclass(frozen=True, slots=True)
class EditTarget:
    """The message a reply may replace, when only its ids are known (replies sent after a restart)."""

    chat_id: int
    message_id: int
    # None when the message has no text (a document): it cannot be edited into text.
    text: str | None


class TelegramChannel:
    """Sends rendered replies to one chat over the Bot API (bot.telegram_api); direct replies and the progress card."""

    name = CHANNEL

    def __init__(self, api: BotApi | Bot) -> None:
        # A PTB Bot (tests, older callers) stands for its token and server, and its rate limiter.
        self.api = api if isinstance(api, BotApi) else BotApi.for_bot(api)

    async def close(self) -> None:
        """Close the connection pool."""
        await self.api.close()

    async def send(self, external_id: str, replies: list[Outbound], *, purpose: str = "reply",
                   last_inbound_at: datetime | None = None,
                   edit: Message | EditTarget | PressedMessage | None = None) -> list[str]:
        """Send replies to a chat (editing `edit` with the first replaceable one); raises DeliveryErrors."""
        chat_id = int(external_id)
        ids: list[str] = []
        for index, reply in enumerate(replies):
            markup = reply_markup(reply)
            if reply.document is not None:
                ids.append(str(await self._send_document(chat_id, reply, markup)))
                continue
            chunks = split_text(reply.text, MESSAGE_LIMIT) or [" "]
            if index == 0 and edit is not None and reply.replace and len(chunks) == 1 and edit.text is not None:
                if await self.edit(edit.chat_id, edit.message_id, chunks[0], markup):
                    ids.append(str(edit.message_id))
                    continue
            last = len(chunks) - 1
            for position, chunk in enumerate(chunks):
                payload: dict[str, Any] = {"chat_id": chat_id, "text": chunk}
                if position == last and markup is not None:
                    payload["reply_markup"] = markup
                ids.append(str(message_id(await self.api.call("sendMessage", payload))))
        return ids

    async def edit(self, chat_id: int, message: int, text: str, markup: dict[str, Any] | None) -> bool:
        """Replace a message's text and inline keyboard; False when it cannot be (send anew instead)."""
        if markup is not None and "inline_keyboard" not in markup:
            return False
        payload: dict[str, Any] = {"chat_id": chat_id, "message_id": message, "text": text}
        if markup is not None:
            payload["reply_markup"] = markup
        try:
            await self.api.call("editMessageText", payload)
            return True
        except SendFailed as error:
            # "message is not modified" means it already shows this; anything else: send anew.
            return "not modified" in str(error).lower()

    async def answer(self, callback_query_id: str) -> None:
        """Stop the pressed button's spinner (best effort: the reply itself matters more)."""
        try:
            await self.api.call("answerCallbackQuery", {"callback_query_id": callback_query_id})
        except DeliveryError as error:
            log.info("callback answer failed: %s", type(error).__name__)

    async def _send_document(self, chat_id: int, reply: Outbound, markup: dict[str, Any] | None) -> int:
        assert reply.document is not None
        caption = reply.text if len(reply.text) <= CAPTION_LIMIT else None
        if caption is None and reply.text:
            await self.api.call("sendMessage", {"chat_id": chat_id, "text": reply.text[:MESSAGE_LIMIT]})
        fields: dict[str, Any] = {"chat_id": chat_id}
        if caption is not None:
            fields["caption"] = caption
        if markup is not None:
            fields["reply_markup"] = markup
        form = document_form(fields, reply.document.filename, reply.document.data)
        return message_id(await self.api.call("sendDocument", fields, files=form))


class TelegramAdapter:
    """The inbox worker's Telegram part: raw update -> Inbound -> core, replies rendered and sent."""

    name = CHANNEL

    def __init__(self, core: BotCore, bot: Bot, api: BotApi | None = None) -> None:
        # `bot` reads updates (and knows the bot's @username); `api` sends the replies.
        self.core = core
        self.bot = bot
        self.channel = TelegramChannel(api or bot)

    def item(self, data: dict[str, Any]) -> NewItem:
        """The inbox item of one raw update; raises (TypeError, ValueError…) when PTB cannot read it."""
        quick = quick_read(data)
        if quick is not None:
            return NewItem(CHANNEL, str(quick.update_id), quick.person_key, "update", data, context=quick)
        update = Update.de_json(data, self.bot)
        if update is None:
            raise ValueError("empty update")
        return NewItem(CHANNEL, str(update.update_id), person_key(update), "update", data, context=update)

    def item_or_failed(self, data: dict[str, Any]) -> NewItem:
        """The same for polling: an update PTB cannot read is written down too, as failed with its error."""
        try:
            return self.item(data)
        except Exception as error:  # noqa: BLE001 - whatever PTB raised, the update is set aside
            return NewItem(CHANNEL, str(data.get("update_id")), None, "update", data, error=error_text(error))

    def _update(self, payload: Any) -> Update | QuickUpdate:
        quick = quick_read(payload)
        if quick is not None:
            return quick
        try:
            update = Update.de_json(payload, self.bot)
        except Exception as error:  # noqa: BLE001
            raise Unreadable(error_text(error)) from error
        if update is None:
            raise Unreadable("no payload")
        return update

    async def handle(self, item: Claimed) -> Handled:
        """One update: answer a pressed button, ask the core (effects and done together)."""
        # Read once when it arrived, if this process wrote it down; else read again from the row.
        update = item.context if isinstance(item.context, (Update, QuickUpdate)) else self._update(item.payload)
        try:
            if isinstance(update, QuickUpdate):
                inbound, callback_id, edit = parse_quick(update, self.bot.username), update.callback_id, update.pressed
            else:
                inbound = parse_update(update, self.bot.username)
                callback_id = update.callback_query.id if update.callback_query is not None else None
                edit = _edit_target(update)
        except Exception as error:  # noqa: BLE001 - an update of a shape we do not know
            raise Unreadable(error_text(error)) from error
        # The button's spinner is stopped while the core works: its round trip to Telegram no
        # longer waits in front of the answer. (An old callback cannot be answered any more, or
        # was, before a restart; the reply still goes out.)
        answering = (asyncio.get_running_loop().create_task(self.channel.answer(callback_id))
                     if callback_id is not None else None)
        try:
            if inbound is None:
                await record_replies(self.core, item, [])
                return Handled()
            if edit is not None:
                # Recorded with the replies: after a restart they still replace the right message.
                item.reply_to = {"chat_id": edit.chat_id, "message_id": edit.message_id,
                                 "text": edit.text is not None}
            replies = await self.core.handle(inbound, inbox=item)
            return Handled(replies, edit)
        finally:
            if answering is not None:
                for error in await asyncio.gather(answering, return_exceptions=True):
                    if isinstance(error, Exception):
                        log.warning("callback answer failed: %s", error_text(error))

    async def deliver(self, item: Claimed, replies: list[Outbound], context: Any) -> None:
        """Send the replies (editing the message whose button was pressed, where they replace it)."""
        assert item.external_id is not None
        edit = context
        if edit is None and item.reply_to:
            # Replies taken over after a restart: what they replace was recorded with them.
            edit = EditTarget(item.reply_to["chat_id"], item.reply_to["message_id"],
                              "" if item.reply_to.get("text") else None)
        try:
            await self.channel.send(item.external_id, replies, edit=edit)
        except ContactStopped:
            await mark_unreachable(self.core, item.external_id)
            raise

    def decode(self, replies: list[Any]) -> list[Outbound]:
        """Recorded replies back into Outbound."""
        return [reply_from_json(reply) for reply in replies]



def _edit_target(update: Update) -> Message | None:
    query = update.callback_query
    if query is not None and isinstance(query.message, Message):
        return query.message
    return None


async def mark_unreachable(core: BotCore, external_id: str) -> None:
    """Remember that a Telegram user blocked the bot, so the sender skips them."""
    from storage.services.contacts import find_identity

    async with core.db.transaction() as session:
        identity = await find_identity(session, CHANNEL, external_id)
        if identity is not None:
            identity.unreachable = True
