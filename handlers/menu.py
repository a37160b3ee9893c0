"""Onboarding (welcome, consent, governorate), the main menu, help and the not-understood reply.

Before consent (least data) the person is only their channel id; what they came with — a deep
link (/start ev_12) or an invite code (/join CODE) — waits in their state and is opened once
they have agreed and chosen a governorate. «delete my data» and the stop words work before
consent too; anything else shows the welcome, which is the consent text.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from handlers.context import Ctx
from handlers.options import Decoded
from handlers.router import COMMANDS, MENU_HOOKS, action, command, keywords
from handlers.types import InboundKind, Outbound
from messages import catalog
from messages.normalize import keyword_match
from storage.services.contact_state import reads_without_state_write
from storage.services.contacts import delete_contact, record_consent
from storage.vocab import GOVERNORATES

# Typed words that work before consent too: (catalog key of the words, handler(ctx)).
BEFORE_CONSENT_WORDS: list[tuple[str, Callable[[Ctx], Awaitable[list[Outbound]]]]] = []
# Commands that work before consent too (besides /start and /join): name -> handler(ctx, payload).
BEFORE_CONSENT_COMMANDS: dict[str, Callable[[Ctx, str], Awaitable[list[Outbound]]]] = {}
JOIN_WORDS_KEY = "kw-join"
# The longest deep-link payload or invite code kept for after consent.
PENDING_LIMIT = 64


async def welcome(ctx: Ctx, *, replace: bool = False) -> list[Outbound]:
    """The first message: what the bot is for, what it keeps (on WhatsApp: the number), and the consent button.

    It is written in the language proposed (the app's language, or the one pressed), and offers
    the other languages, each named in its own language; consent stores the language it was given in.
    """
    lang = ctx.lang
    agree = [ctx.opt("consent-button", "ok", lang)]
    # At most two other languages: with the consent button they fit WhatsApp's three buttons.
    others = [ctx.option(catalog.language_name(code), "wl", code) for code in catalog.available_languages()
              if code != lang]
    if ctx.identity.channel == "whatsapp":
        # There the chat's id is the phone number: this version says it is kept from consent on.
        return [ctx.reply("welcome-whatsapp", agree + others, replace=replace)]
    return [ctx.reply("welcome", agree + others, replace=replace)]


@action("wl", before_consent=True)
async def welcome_in(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """A language pressed under the welcome: the welcome again in that language (nothing stored yet)."""
    code = decoded.args[0] if decoded.args else ""
    if code in catalog.available_languages():
        ctx.language = code
    if ctx.contact.consent_at is not None:  # an old welcome pressed after consent: store the choice
        ctx.contact.language = ctx.lang
        return [ctx.reply("language-saved"), main_menu(ctx)]
    return await welcome(ctx, replace=True)


def _words(ctx: Ctx, catalog_key: str) -> tuple[str, ...]:
    return ctx.words(catalog_key)


def _remember(ctx: Ctx, **pending: Any) -> None:
    """Keep what the person came with (deep link, invite code) beside anything already kept."""
    ctx.set_state(**{**(ctx.contact.state or {}), **pending})


async def before_consent(ctx: Ctx) -> list[Outbound]:
    """A message from someone who has not agreed yet: stop, delete and an invite code work; the rest welcomes."""
    inbound = ctx.inbound
    if inbound.kind == InboundKind.COMMAND:
        name = (inbound.command or "").lower()
        if name == "join":
            return await _keep_invite(ctx, inbound.payload or "")
        if name in BEFORE_CONSENT_COMMANDS:
            return await BEFORE_CONSENT_COMMANDS[name](ctx, inbound.payload or "")
    elif inbound.kind == InboundKind.TEXT:
        for catalog_key, handler in BEFORE_CONSENT_WORDS:
            if keyword_match(inbound.text, _words(ctx, catalog_key)):
                return await handler(ctx)
        first, _, rest = inbound.text.strip().partition(" ")
        if rest.strip() and keyword_match(first, _words(ctx, JOIN_WORDS_KEY)):
            return await _keep_invite(ctx, rest)
    return await welcome(ctx)


async def _keep_invite(ctx: Ctx, code: str) -> list[Outbound]:
    # No role before consent (a staff row is data about the person): the code waits, and is
    # redeemed like a typed /join once they have agreed and chosen a governorate.
    if not code.strip():
        return await welcome(ctx)
    _remember(ctx, join_code=code.strip()[:PENDING_LIMIT])
    return [ctx.reply("join-kept-until-consent"), *await welcome(ctx)]


async def delete_before_consent(ctx: Ctx) -> list[Outbound]:
    """«delete my data» before consent: only the channel id is kept, so it goes at once, without asking."""
    lang = ctx.lang
    await delete_contact(ctx.session, ctx.contact, audited=False)
    return [Outbound(catalog.text("deleted-before-consent", lang))]


BEFORE_CONSENT_WORDS.append(("kw-delete", delete_before_consent))


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
    # The hooks read tickets and surveys, not the person's state: it is written once, at the end.
    with reads_without_state_write(ctx.session, ctx.contact):
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
            _remember(ctx, start_payload=payload[:PENDING_LIMIT])
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
async def consent(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Record consent (on WhatsApp the number is kept from now on) and ask for the governorate."""
    if ctx.contact.consent_at is None:
        # The language the welcome was read in (its button carries it) becomes the person's.
        chosen = decoded.args[0] if decoded.args else ""
        ctx.contact.language = chosen if chosen in catalog.available_languages() else ctx.lang
    await record_consent(ctx.session, ctx.contact, ctx.identity)
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
    if (ctx.contact.state or {}).get("await") == "governorate":  # the settings question (governorate_words)
        ctx.clear_state()
    ctx.contact.governorate = code
    saved = ctx.reply("governorate-saved", governorate=ctx.t(f"gov-{code}"))
    state = ctx.contact.state or {}
    pending, join_code = state.get("start_payload"), state.get("join_code")
    if first_time and (pending or join_code):
        ctx.clear_state()
        replies = [saved]
        if join_code and "join" in COMMANDS:
            replies += await COMMANDS["join"](ctx, join_code)
        if pending:
            replies += await open_deep_link(ctx, pending)
        elif not any(reply.is_main_menu for reply in replies):
            replies.append(main_menu(ctx))  # the code was refused: the person still gets somewhere
        return replies
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


@keywords("kw-greeting")
async def greeting_word(ctx: Ctx) -> list[Outbound]:
    """Typed greetings (hello, peace be upon you…): a warm greeting and the menu, not «not understood»."""
    return [ctx.reply("greeting-reply"), main_menu(ctx)]


async def consent_word(ctx: Ctx) -> list[Outbound]:
    """"I agree" typed under the welcome: the same as pressing the consent button."""
    return await consent(ctx, Decoded("ok", (ctx.lang,)))


BEFORE_CONSENT_WORDS.append(("kw-consent", consent_word))
