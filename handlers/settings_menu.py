"""Settings: governorate, interests, language, and 'delete my data'."""

from __future__ import annotations

from handlers.context import Ctx
from handlers.menu import governorate_picker, main_menu
from handlers.options import Decoded
from handlers.router import action, keywords
from handlers.types import Outbound
from messages import catalog
from storage.services.contacts import delete_contact
from storage.vocab import INTERESTS

# Entries feature modules add to the settings menu: fn(ctx) -> list[Option].
SETTINGS_EXTRAS: list = []


@action("st")
async def settings(ctx: Ctx, _: Decoded | None = None) -> list[Outbound]:
    """The settings menu with the current governorate and interests."""
    interests = ctx.t("list-separator").join(ctx.t(f"interest-{code}") for code in ctx.contact.interests or [])
    interests = interests or ctx.t("none")
    options = [
        ctx.opt("settings-governorate", "sg"),
        ctx.opt("settings-interests", "si"),
        ctx.opt("settings-language", "sl"),
    ]
    for extra in SETTINGS_EXTRAS:
        options.extend(extra(ctx))
    options += [ctx.opt("settings-delete", "dd"), ctx.opt("back-to-menu", "mm")]
    governorate = ctx.t(f"gov-{ctx.contact.governorate}") if ctx.contact.governorate else ctx.t("none")
    return [ctx.reply("settings", options, replace=True, governorate=governorate, interests=interests)]


@keywords("kw-settings")
async def settings_word(ctx: Ctx) -> list[Outbound]:
    """Typed 'settings'."""
    return await settings(ctx)


@action("sg")
async def change_governorate(ctx: Ctx, _: Decoded) -> list[Outbound]:
    """Offer the governorates again."""
    return [governorate_picker(ctx, onboarding=False)]


@action("si")
async def interests(ctx: Ctx, _: Decoded | None = None) -> list[Outbound]:
    """Interests as toggles: a tick marks the ones chosen."""
    chosen = set(ctx.contact.interests or [])
    options = [
        ctx.opt("interest-on" if code in chosen else "interest-off", "it", code, name=ctx.t(f"interest-{code}"))
        for code in INTERESTS
    ]
    options += [ctx.opt("interests-done", "st")]
    return [ctx.reply("choose-interests", options, replace=True)]


@action("it")
async def toggle_interest(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Add or remove one interest."""
    code = decoded.args[0] if decoded.args else ""
    if code not in INTERESTS:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    current = list(ctx.contact.interests or [])
    current = [c for c in current if c != code] if code in current else [*current, code]
    # A new list object, so the JSON column is seen as changed.
    ctx.contact.interests = [c for c in INTERESTS if c in current]
    return await interests(ctx)


@action("sl")
async def language(ctx: Ctx, _: Decoded) -> list[Outbound]:
    """Offer the languages that have a catalog."""
    options = [ctx.opt(f"language-{code}", "lg", code) for code in catalog.available_languages()]
    return [ctx.reply("choose-language", options, replace=True)]


@action("lg")
async def set_language(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Store the chosen language."""
    code = decoded.args[0] if decoded.args else ""
    if code not in catalog.available_languages():
        return [ctx.reply("option-stale"), main_menu(ctx)]
    ctx.contact.language = code
    return [ctx.reply("language-saved"), main_menu(ctx)]


@action("dd")
async def delete_ask(ctx: Ctx, _: Decoded) -> list[Outbound]:
    """Ask for confirmation before deleting the person's data."""
    return [ctx.reply("delete-confirm", [ctx.opt("delete-yes", "dD"), ctx.opt("delete-no", "st")], replace=True)]


@keywords("kw-delete")
async def delete_word(ctx: Ctx) -> list[Outbound]:
    """Typed 'delete my data'."""
    return await delete_ask(ctx, Decoded("dd", ()))


@action("dD")
async def delete_confirmed(ctx: Ctx, _: Decoded) -> list[Outbound]:
    """Delete the contact, identities and registrations (seats freed, waiting list promoted)."""
    lang = ctx.lang
    cancelled = await delete_contact(ctx.session, ctx.contact)
    return [Outbound(catalog.text("deleted", lang, count=cancelled))]
