"""Routes one Inbound to the feature handler, in one database transaction.

Order: idempotency (same platform update -> one effect), the person, onboarding (consent
and governorate), then commands, pressed options, pending questions and typed menu words.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from handlers import features  # noqa: F401 - registers every feature's handlers
from handlers.context import Ctx
from handlers.core import BotCore
from handlers.menu import complete_menus, governorate_picker, main_menu, not_understood, welcome
from handlers.router import ACTIONS, AWAITING, COMMANDS, CONTEXT_HOOKS, KEYWORDS, PRE_CONSENT_ACTIONS, PREFIXES
from handlers.types import Inbound, InboundKind, Outbound
from messages import catalog
from messages.normalize import keyword_match, normalize_arabic
from storage.clock import utcnow
from storage.models import ProcessedUpdate
from storage.services.contacts import get_or_create_identity

log = logging.getLogger(__name__)


async def dispatch(core: BotCore, inbound: Inbound) -> list[Outbound]:
    """Handle one inbound message and return the replies; a duplicate update returns []."""
    if "\x00" in inbound.text:
        # NUL means nothing to a person, and PostgreSQL text cannot hold it at all.
        inbound = replace(inbound, text=inbound.text.replace("\x00", ""))
    try:
        async with core.db.transaction() as session:
            if inbound.update_key and not await _first_time(session, inbound):
                log.info("duplicate update ignored channel=%s", inbound.channel)
                return []
            identity, contact, _ = await get_or_create_identity(
                session, inbound.channel, inbound.external_id, inbound.display_name
            )
            ctx = Ctx(core, session, contact, identity, inbound)
            for hook in CONTEXT_HOOKS:
                await hook(ctx)
            replies = await route(ctx)
            await complete_menus(ctx, replies)
            return replies
    except Exception:
        # Everything the handler wrote was rolled back; the person gets a polite message.
        log.exception("handler failed channel=%s kind=%s", inbound.channel, inbound.kind)
        return [Outbound(catalog.text("error-generic"))]


async def _first_time(session, inbound: Inbound) -> bool:  # type: ignore[no-untyped-def]
    # One INSERT … ON CONFLICT DO NOTHING: cheaper than a savepoint, and safe between workers.
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    statement = insert(ProcessedUpdate).values(
        channel=inbound.channel, update_key=inbound.update_key, created_at=utcnow()
    ).on_conflict_do_nothing(index_elements=["channel", "update_key"])
    return bool((await session.execute(statement)).rowcount)


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
        return await welcome(ctx)
    if ctx.contact.governorate is None and not (decoded and decoded.action in PRE_CONSENT_ACTIONS):
        return [governorate_picker(ctx, onboarding=True)]
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
        # The menu words always lead out of a pending question (a survey resumes where it stopped).
        if waiting_for in AWAITING and not keyword_match(inbound.text, _keyword_list(ctx, "kw-menu")):
            return await AWAITING[waiting_for](ctx, inbound.text)
    if inbound.kind == InboundKind.TEXT and normalize_arabic(inbound.text):
        first, _, rest = inbound.text.strip().partition(" ")
        for catalog_key, prefixed in PREFIXES:
            if rest.strip() and keyword_match(first, _keyword_list(ctx, catalog_key)):
                return await prefixed(ctx, rest.strip())
        for catalog_key, handler in KEYWORDS:
            if keyword_match(inbound.text, _keyword_list(ctx, catalog_key)):
                return await handler(ctx)
    return await not_understood(ctx)


def _keyword_list(ctx: Ctx, catalog_key: str) -> list[str]:
    return [word.strip() for word in ctx.t(catalog_key).split(",") if word.strip()]
