"""Routes one Inbound to the feature handler, in one database transaction.

Order: idempotency (same platform update -> one effect), the person, onboarding (consent
and governorate), then commands, pressed options, pending questions and typed menu words.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from handlers import features  # noqa: F401 - registers every feature's handlers
from handlers.context import Ctx
from handlers.core import BotCore
from handlers.governorate_words import onboarding_answer
from handlers.menu import before_consent, complete_menus, main_menu, not_understood
from handlers.person_language import error_reply
from handlers.reply_codec import replies_to_json
from handlers.router import ACTIONS, AWAITING, COMMANDS, CONTEXT_HOOKS, KEYWORDS, PRE_CONSENT_ACTIONS, PREFIXES
from handlers.typed_words import command_during_question, remember_offered, reshow_submenu, typed_choice
from handlers.types import Inbound, InboundKind, Outbound
from messages.normalize import keyword_match, normalize_arabic
from storage.db import AsyncSession
from storage.services import idempotency
from storage.services import inbox as inbox_rows
from storage.services.contacts import identify_writer

log = logging.getLogger(__name__)


async def dispatch(core: BotCore, inbound: Inbound, *, inbox: inbox_rows.Claimed | None = None,
                   lead: list[Outbound] | None = None) -> list[Outbound]:
    """Handle one inbound message and return the replies; a duplicate update returns [].

    With `inbox` (the inbox row the message came from) the row is marked done, with the replies
    to send, in the same transaction as the effects: both happen or neither. Errors are then
    raised for the inbox worker to decide (retry later, or set the row aside), not answered
    here. `lead` replies go before the handler's own (and are recorded with them).
    """
    if "\x00" in inbound.text:
        # NUL means nothing to a person, and PostgreSQL text cannot hold it at all.
        inbound = replace(inbound, text=inbound.text.replace("\x00", ""))
    try:
        async with core.db.transaction() as session:
            # Through the inbox, its row's unique platform key (written before the platform was
            # answered, done in this transaction) makes the update count once; processed_updates
            # keeps the keys of the paths without an inbox (the terminal chat, WhatsApp's «more»).
            if inbound.update_key and inbox is None and not await first_time(session, inbound):
                log.info("duplicate update ignored channel=%s", inbound.channel)
                if inbox is not None:
                    await inbox_rows.finish(session, inbox, None, last=True)
                return []
            # Least data: only the channel id; a display name the platform sends is never stored.
            identity, contact, _, staff = await identify_writer(session, inbound.channel, inbound.external_id)
            ctx = Ctx(core, session, contact, identity, inbound, holds_roles=staff)
            for hook in CONTEXT_HOOKS:
                await hook(ctx)
            replies = await route(ctx)
            await complete_menus(ctx, replies)
            remember_offered(ctx, replies)  # what they type next can name one of these options
            for reply in replies:
                # WhatsApp writes its own words ("more", "choose") in it, before consent too.
                reply.language = reply.language or ctx.lang
            if lead:
                replies = [*lead, *replies]
            if inbox is not None:
                await inbox_rows.finish(session, inbox, replies_to_json(replies), ctx.contact, last=True)
            return replies
    except Exception:
        if inbox is not None:
            raise
        # Everything the handler wrote was rolled back; the person gets a polite message.
        log.exception("handler failed channel=%s kind=%s", inbound.channel, inbound.kind)
        return [await error_reply(core.db, inbound.channel, inbound.external_id, inbound.language_hint)]


async def record_replies(core: BotCore, inbox: inbox_rows.Claimed, replies: list[Outbound]) -> None:
    """Mark an inbox row done with these replies when nothing else is to be done (flood, not a person)."""
    async with core.db.transaction() as session:
        await inbox_rows.finish(session, inbox, replies_to_json(replies), last=True)


async def first_time(session: AsyncSession, inbound: Inbound) -> bool:
    """Record the inbound's update key in the caller's transaction; False when it was seen before."""
    return await idempotency.first_time(session, inbound.channel, inbound.update_key)


async def route(ctx: Ctx) -> list[Outbound]:
    """Choose the handler for the message in `ctx` (also used for the deep-link replay)."""
    inbound = ctx.inbound
    if inbound.kind == InboundKind.COMMAND:
        handler = COMMANDS.get((inbound.command or "").lower())
        if handler is not None and (ctx.contact.consent_at or (inbound.command or "").lower() == "start"):
            return await handler(ctx, inbound.payload or "")
    decoded = ctx.codec.decode(ctx.contact.id, inbound.choice) if inbound.kind == InboundKind.CHOICE else None
    if ctx.contact.consent_at is None:
        if decoded is not None and decoded.action in PRE_CONSENT_ACTIONS:
            return await ACTIONS[decoded.action](ctx, decoded)
        return await before_consent(ctx)
    if ctx.contact.governorate is None and not (decoded and decoded.action in PRE_CONSENT_ACTIONS):
        return await onboarding_answer(ctx)  # a typed name (a city too) chooses; anything else gets a hint
    if inbound.kind == InboundKind.COMMAND:
        return await not_understood(ctx)
    if inbound.kind == InboundKind.CHOICE:
        if decoded is None or decoded.action not in ACTIONS:
            log.info("stale or forged option id refused channel=%s", inbound.channel)
            return [ctx.reply("option-stale"), main_menu(ctx)]
        return await ACTIONS[decoded.action](ctx, decoded)
    if inbound.kind == InboundKind.CONTACT and "contact" in AWAITING:
        return await AWAITING["contact"](ctx, inbound.phone or "")
    if inbound.kind == InboundKind.TEXT:
        waiting_for = (ctx.contact.state or {}).get("await")
        # Commands, «skip» and «later» are never an answer (a survey resumes where it stopped).
        if waiting_for in AWAITING and (done := await command_during_question(ctx, inbound.text, waiting_for)):
            return done
        if (choice := typed_choice(ctx, inbound.text)) is not None:
            # A button's label typed (without its emoji), or the yes / no / back words: as if pressed.
            ctx.inbound = replace(inbound, kind=InboundKind.CHOICE, choice=choice)
            return await route(ctx)
        if waiting_for in AWAITING:
            return await AWAITING[waiting_for](ctx, inbound.text)
    if inbound.kind == InboundKind.TEXT and normalize_arabic(inbound.text):
        first, _, rest = inbound.text.strip().partition(" ")
        for catalog_key, prefixed in PREFIXES:
            if rest.strip() and keyword_match(first, _keyword_list(ctx, catalog_key)):
                return await prefixed(ctx, rest.strip())
        for catalog_key, handler in KEYWORDS:
            if keyword_match(inbound.text, _keyword_list(ctx, catalog_key)):
                return await handler(ctx)
        if (again := reshow_submenu(ctx)) is not None:
            return again  # a typo inside a submenu keeps the person there
    return await not_understood(ctx)


def _keyword_list(ctx: Ctx, catalog_key: str) -> tuple[str, ...]:
    return ctx.words(catalog_key)  # the person's language, then Arabic
