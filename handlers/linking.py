"""'link my phone number': a Telegram user shares their own number to become one person with their WhatsApp.

Only a contact card the person shared themselves counts (the Telegram adapter turns someone
else's card into an unsupported message); a typed number never links anything, because
typing a number proves nothing about owning it.
"""

from __future__ import annotations

import logging

from handlers.context import Ctx
from handlers.menu import main_menu, not_understood
from handlers.options import Decoded
from handlers.router import action, awaiting
from handlers.settings_menu import SETTINGS_EXTRAS
from handlers.types import InboundKind, Option, Outbound
from storage.phones import normalize_phone
from storage.services.linking import share_phone

log = logging.getLogger(__name__)

# Only Telegram can prove a number: WhatsApp already knows it, the console cannot.
LINKING_CHANNELS = frozenset({"telegram"})


def link_option(ctx: Ctx) -> list[Option]:
    """The settings entry 'link my phone number', on the channels that can share a number."""
    if ctx.inbound.channel not in LINKING_CHANNELS:
        return []
    return [ctx.opt("link-phone", "lp")]


SETTINGS_EXTRAS.append(link_option)


@action("lp")
async def ask_for_phone(ctx: Ctx, _: Decoded) -> list[Outbound]:
    """Explains why and shows the share-my-number button."""
    if ctx.inbound.channel not in LINKING_CHANNELS:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    # The option's label is the button text; pressing it shares the contact, it never comes back as a choice.
    share = ctx.opt("link-phone-share", "st")
    return [Outbound(ctx.t("link-phone-ask"), [share], request_contact=True)]


@awaiting("contact")
async def phone_shared(ctx: Ctx, phone: str) -> list[Outbound]:
    """Stores the shared number and merges with the contact that already has it."""
    if ctx.inbound.kind != InboundKind.CONTACT or ctx.inbound.channel not in LINKING_CHANNELS:
        return await not_understood(ctx)
    e164 = normalize_phone(phone)
    if e164 is None:
        return [ctx.reply("link-phone-invalid"), main_menu(ctx)]
    result = await share_phone(ctx.session, ctx.contact, e164)
    # From here on the person is the kept contact: options must be issued to it.
    ctx.contact = result.contact
    ctx.clear_state()
    log.info("phone linked channel=%s merged=%s", ctx.inbound.channel, result.merged)
    return [ctx.reply("link-phone-merged" if result.merged else "link-phone-saved"), main_menu(ctx)]
