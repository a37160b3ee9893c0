"""Wires the WhatsApp webhook to the core through the inbox.

The webhook route writes every message and status of a post down (`items`, then the inbox
worker's `accept`) before answering Meta. The inbox worker hands each stored message back
here (`handle`): rebuilt from its raw JSON, answered by the core (effects and done in one
transaction), its replies rendered and sent (`deliver`). Statuses are applied to the outbox
rows many at a time (`handle_batch`). One person's messages are handled in arrival order.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.channel import ContactStopped
from bot.inbox_channel import Handled, Unreadable
from bot.inbox_worker import InboxWorker
from bot.whatsapp.channel import WhatsAppChannel
from bot.whatsapp.pager import Page, is_more
from bot.whatsapp.parse import CHANNEL, parse_message, parse_status
from bot.whatsapp.statuses import apply_status
from handlers.core import BotCore
from handlers.dispatcher import dispatch, first_time, record_replies
from handlers.person_language import person_language
from handlers.reply_codec import reply_from_json
from handlers.types import Inbound, InboundKind, Option, Outbound
from messages import catalog
from storage.clock import utcnow
from storage.services import inbox
from storage.services.contacts import find_identity
from storage.services.inbox import Claimed, NewItem
from storage.services.linking import attach_whatsapp_identity, remember_whatsapp_number

log = logging.getLogger(__name__)
MESSAGE, STATUS = "message", "status"
# A recorded reply that is a follow-up page of a long list (not an Outbound).
_PAGE = "wa_page"


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def webhook_items(data: dict[str, Any]) -> list[NewItem]:
    """The messages and statuses of one webhook body, raw, as inbox items (the same walk as parse_envelope)."""
    items: list[NewItem] = []
    if data.get("object") not in (None, "whatsapp_business_account"):
        return items
    for entry in _dicts(data.get("entry")):
        for change in _dicts(entry.get("changes")):
            if change.get("field", "messages") != "messages" or not isinstance(change.get("value"), dict):
                continue
            value = change["value"]
            for message in _dicts(value.get("messages")):
                wa_id, wamid = _text(message.get("from")), _text(message.get("id"))
                if wa_id and wamid:
                    # The wamid is Meta's own key: a message delivered twice is written down once.
                    items.append(NewItem(CHANNEL, wamid, f"{CHANNEL}:{wa_id}", MESSAGE, message))
            for status in _dicts(value.get("statuses")):
                wamid, state = _text(status.get("id")), _text(status.get("status"))
                if wamid and state:
                    items.append(NewItem(CHANNEL, f"{wamid}:{state}", None, STATUS, status))
    return items


def _page_to_json(page: Page) -> dict[str, Any]:
    return {_PAGE: {"options": [[o.id, o.label, o.description] for o in page.options],
                    "page": page.page, "pages": page.pages}}


def _page_from_json(data: dict[str, Any]) -> Page:
    return Page([Option(*option) for option in data["options"]], data["page"], data["pages"])


class WhatsAppAdapter:
    """The inbox worker's WhatsApp part; with no worker given it runs one of its own."""

    name = CHANNEL
    batch_kinds = frozenset({STATUS})

    def __init__(self, core: BotCore, channel: WhatsAppChannel, worker: InboxWorker | None = None) -> None:
        self.core = core
        self.channel = channel
        self._own_worker = worker is None
        self.worker = worker or InboxWorker(core.db)
        self.worker.add(self)

    @property
    def closing(self) -> bool:
        """True once shutting down: posts are answered 503 (Meta delivers them again)."""
        return self.worker.closing

    async def idle(self, timeout: float = 10.0) -> None:
        """Wait until every message received so far has been handled and answered."""
        await self.worker.idle(timeout)

    async def stop(self) -> None:
        """Stop the worker if it is this adapter's own, then close the HTTP session."""
        if self._own_worker:
            await self.worker.stop()
        await self.channel.client.close()

    # --- handling -----------------------------------------------------------------------------------

    async def handle(self, item: Claimed) -> Handled:
        """One stored message: rebuilt, answered by the core (effects and done in one transaction)."""
        if item.kind == STATUS:
            # A status handled on its own (its batch failed): applied the same way.
            await self.handle_batch([item])
            return Handled()
        inbound = parse_message(item.payload) if isinstance(item.payload, dict) else None
        if inbound is None:
            if not isinstance(item.payload, dict):
                raise Unreadable("no message payload")
            # A system notice, or nothing a person said: done, nothing to answer.
            await record_replies(self.core, item, [])
            return Handled()
        if inbound.kind == InboundKind.CHOICE and is_more(inbound.choice):
            return await self._next_page(inbound, item)
        return Handled(await self._answer(inbound, item))

    async def handle_batch(self, items: list[Claimed]) -> None:
        """Delivery statuses -> the outbox rows they belong to, and the rows done, in one transaction."""
        updates = [parse_status(item.payload) if isinstance(item.payload, dict) else None for item in items]
        async with self.core.db.transaction() as session:
            for update in updates:
                if update is not None:
                    await apply_status(session, update)
            await inbox.finish_many(session, items)

    async def _answer(self, inbound: Inbound, item: Claimed) -> list[Outbound]:
        # Linking by number is a nicety: if it fails, the person still gets their answer.
        new_contact = False
        try:
            async with self.core.db.transaction() as session:
                new_contact = await attach_whatsapp_identity(session, inbound.external_id)
        except Exception as error:
            if inbox.database_unavailable(error):
                raise
            log.exception("whatsapp number could not be checked")
        replies = await self.core.handle(inbound, inbox=item)
        if new_contact:
            try:
                async with self.core.db.transaction() as session:
                    await remember_whatsapp_number(session, inbound.external_id)
            except Exception:
                # The next message checks the number again (attach_whatsapp_identity).
                log.exception("whatsapp number could not be stored")
        return replies

    async def _next_page(self, inbound: Inbound, item: Claimed) -> Handled:
        page = await self.channel.pager.take(inbound.external_id, inbound.choice)
        if page is None:
            # Too old or another person's: say so and show the main menu (the core decides what it holds).
            menu = Inbound(CHANNEL, inbound.external_id, InboundKind.COMMAND, text="/menu", command="menu",
                           update_key=inbound.update_key)
            lang = await person_language(self.core.db, CHANNEL, inbound.external_id)
            lead = [Outbound(catalog.text("wa-more-stale", lang))]
            return Handled(await dispatch(self.core, menu, inbox=item, lead=lead))
        async with self.core.db.transaction() as session:
            # 'more' does not pass the dispatcher: its own idempotency key, and it counts as contact.
            if inbound.update_key and not await first_time(session, inbound):
                await inbox.finish(session, item, None, last=True)
                return Handled()
            identity = await find_identity(session, CHANNEL, inbound.external_id)
            if identity is not None:
                identity.last_inbound_at = utcnow()
            await inbox.finish(session, item, [_page_to_json(page)], last=True)
        return Handled([page])

    # --- replies ------------------------------------------------------------------------------------

    async def deliver(self, item: Claimed, replies: list[Any], context: Any) -> None:
        """Send the replies in order: Outbound messages, and follow-up pages after 'more'."""
        wa_id = item.external_id
        assert wa_id is not None
        # The replies say their language when the dispatcher stamped it; otherwise (a 'more' page,
        # replies recorded before) it is read after the message's transaction, so a language
        # chosen in this very message already counts.
        lang = next((r.language for r in replies if isinstance(r, Outbound) and r.language), None)
        lang = lang or await person_language(self.core.db, CHANNEL, wa_id)
        try:
            pending: list[Outbound] = []
            for reply in [*replies, None]:
                if isinstance(reply, Outbound):
                    pending.append(reply)
                    continue
                if pending:
                    await self.channel.reply(wa_id, pending, lang)
                    pending = []
                if isinstance(reply, Page):
                    await self.channel.send_page(wa_id, reply, lang)
        except ContactStopped:
            await self._mark_unreachable(wa_id)
            raise

    def decode(self, replies: list[Any]) -> list[Any]:
        """Recorded replies back into Outbound (and Page for follow-up pages)."""
        return [_page_from_json(r[_PAGE]) if _PAGE in r else reply_from_json(r) for r in replies]

    async def _mark_unreachable(self, wa_id: str) -> None:
        """Remember that messages cannot reach this person, so the outbox skips them."""
        async with self.core.db.transaction() as session:
            identity = await find_identity(session, CHANNEL, wa_id)
            if identity is not None:
                identity.unreachable = True

