"""Onboarding (welcome, consent, governorate), the main menu, help and the not-understood reply."""

from __future__ import annotations

from handlers.context import Ctx
from handlers.options import Decoded
from handlers.router import MENU_HOOKS, action, command, keywords
from handlers.types import Outbound
from storage.clock import utcnow
from storage.vocab import GOVERNORATES


async def welcome(ctx: Ctx) -> list[Outbound]:
    """The first message: what the bot is for, what it keeps, and the consent button."""
    return [ctx.reply("welcome", [ctx.opt("consent-button", "ok")])]


def governorate_picker(ctx: Ctx, *, onboarding: bool) -> Outbound:
    """All 19 governorates as options; used at onboarding and from settings."""
    options = [ctx.opt(f"gov-{code}", "gv", code) for code in GOVERNORATES]
    return ctx.reply("choose-governorate" if onboarding else "settings-choose-governorate", options, replace=True)


def main_menu(ctx: Ctx, *, replace: bool = False) -> Outbound:
    """The main menu; staff and people with pending surveys see extra entries."""
    options = [
        ctx.opt("menu-events", "el", 0, "m", "x"),
        ctx.opt("menu-elections", "et"),
        ctx.opt("menu-my", "my"),
        ctx.opt("menu-settings", "st"),
        ctx.opt("menu-help", "hp"),
    ]
    for extra in MENU_EXTRAS:
        options.extend(extra(ctx))
    menu = ctx.reply("main-menu", options, replace=replace)
    menu.is_main_menu = True
    return menu


async def complete_menus(ctx: Ctx, replies: list[Outbound]) -> None:
    """Run the menu hooks and rebuild any main menu among the replies with its optional entries."""
    if not any(reply.is_main_menu for reply in replies):
        return
    for hook in MENU_HOOKS:
        await hook(ctx)
    for reply in replies:
        if reply.is_main_menu:
            reply.options = main_menu(ctx).options


# Feature modules (surveys, staff panel) add entries here: fn(ctx) -> list[Option].
MENU_EXTRAS: list = []


async def not_understood(ctx: Ctx) -> list[Outbound]:
    """A polite reply with the menu for anything the bot cannot read."""
    return [ctx.reply("not-understood"), main_menu(ctx)]


@command("start")
async def start_command(ctx: Ctx, payload: str) -> list[Outbound]:
    """/start [payload]: welcome a new person, or open the deep-linked item for a known one."""
    payload = payload.strip()
    if ctx.contact.consent_at is None or ctx.contact.governorate is None:
        if payload:
            ctx.set_state(start_payload=payload[:64])
        if ctx.contact.consent_at is None:
            return await welcome(ctx)
        return [governorate_picker(ctx, onboarding=True)]
    if payload:
        return await open_deep_link(ctx, payload)
    return [ctx.reply("welcome-back"), main_menu(ctx)]


# Deep-link prefixes (ev_12) -> handler(ctx, rest); feature modules register theirs.
DEEP_LINKS: dict = {}


async def open_deep_link(ctx: Ctx, payload: str) -> list[Outbound]:
    """Open what a t.me/bot?start=… link points at, or the menu if it is unknown."""
    prefix, _, rest = payload.partition("_")
    handler = DEEP_LINKS.get(prefix)
    if handler is None:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    return await handler(ctx, rest)


@action("ok", before_consent=True)
async def consent(ctx: Ctx, _: Decoded) -> list[Outbound]:
    """Record consent and ask for the governorate."""
    if ctx.contact.consent_at is None:
        ctx.contact.consent_at = utcnow()
    if ctx.contact.governorate is None:
        return [governorate_picker(ctx, onboarding=True)]
    return [main_menu(ctx)]


@action("gv", before_consent=True)
async def choose_governorate(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Store the chosen governorate, then continue onboarding or return to settings."""
    if ctx.contact.consent_at is None:
        return await welcome(ctx)
    code = decoded.args[0] if decoded.args else ""
    if code not in GOVERNORATES:
        return [ctx.reply("option-stale"), governorate_picker(ctx, onboarding=ctx.contact.governorate is None)]
    first_time = ctx.contact.governorate is None
    ctx.contact.governorate = code
    saved = ctx.reply("governorate-saved", governorate=ctx.t(f"gov-{code}"))
    pending = (ctx.contact.state or {}).get("start_payload")
    if first_time and pending:
        ctx.clear_state()
        return [saved, *await open_deep_link(ctx, pending)]
    return [saved, main_menu(ctx)]


@command("menu")
@action("mm")
async def show_menu(ctx: Ctx, _: object = None) -> list[Outbound]:
    """/menu or the menu button: the main menu, dropping any pending question."""
    ctx.clear_state()
    return [main_menu(ctx, replace=True)]


@keywords("kw-menu")
async def menu_word(ctx: Ctx) -> list[Outbound]:
    """Typed 'menu': the main menu."""
    return await show_menu(ctx)


@command("help")
@action("hp")
async def show_help(ctx: Ctx, _: object = None) -> list[Outbound]:
    """/help: what the bot does and how to use it."""
    return [ctx.reply("help", [ctx.opt("back-to-menu", "mm")], replace=True)]


@keywords("kw-help")
async def help_word(ctx: Ctx) -> list[Outbound]:
    """Typed 'help': help."""
    return await show_help(ctx)
