"""Opt-out of announcements ('stop', 'unsubscribe', stop, /stop) and the way back.

- Stopping sets contact.opted_out: broadcasts leave the person out (audiences exclude them and
  the sender cancels any queued one). Reminders and surveys of events they registered for keep
  coming unless they also turn those off in settings (contact.reminders_off).
- 'subscribe' brings announcements back; so does a bare /start (a /start that carries a deep
  link, such as an event or a ticket, only opens the link: it is not a wish to subscribe).
- The stop words work even in the middle of a pending question (a survey answer, a form).
- Linking two channels keeps the stop (storage.services.linking: any stop wins).
"""

from __future__ import annotations

from handlers.context import Ctx
from handlers.menu import main_menu, start_command
from handlers.options import Decoded
from handlers.router import CONTEXT_HOOKS, action, command, keywords
from handlers.settings_menu import SETTINGS_EXTRAS, settings
from handlers.types import InboundKind, Option, Outbound
from messages.normalize import keyword_match

STOP_WORDS_KEY = "kw-optout"


async def _stop_words_win_over_questions(ctx: Ctx) -> None:
    # A pending question would otherwise swallow 'stop' as its answer; "at any time" means
    # the stop words are never an answer. Dropping the question lets the keyword route.
    if ctx.inbound.kind != InboundKind.TEXT or not (ctx.contact.state or {}).get("await"):
        return
    words = [w.strip() for w in ctx.t(STOP_WORDS_KEY).split(",") if w.strip()]
    if keyword_match(ctx.inbound.text, words):
        ctx.clear_state()


CONTEXT_HOOKS.append(_stop_words_win_over_questions)


def _stopped_reply(ctx: Ctx, key: str) -> Outbound:
    return ctx.reply(key, [ctx.opt("optin-button", "oI"), ctx.opt("back-to-menu", "mm")])


async def opt_out(ctx: Ctx) -> list[Outbound]:
    """Stop announcements; one message confirms it and says how to come back."""
    already = bool(ctx.contact.opted_out)
    ctx.contact.opted_out = True
    ctx.clear_state()
    return [_stopped_reply(ctx, "optout-already" if already else "optout-done")]


@command("stop")
async def stop_command(ctx: Ctx, _: str) -> list[Outbound]:
    """/stop."""
    return await opt_out(ctx)


@keywords(STOP_WORDS_KEY)
async def stop_word(ctx: Ctx) -> list[Outbound]:
    """Typed 'stop', 'unsubscribe' or stop."""
    return await opt_out(ctx)


@keywords("kw-optin")
async def subscribe_word(ctx: Ctx) -> list[Outbound]:
    """Typed 'subscribe': announcements again."""
    return await opt_in(ctx)


@action("oI")
async def opt_in(ctx: Ctx, _: Decoded | None = None) -> list[Outbound]:
    """Receive announcements again."""
    if not ctx.contact.opted_out:
        return [ctx.reply("optin-already"), main_menu(ctx)]
    ctx.contact.opted_out = False
    return [ctx.reply("optin-done"), main_menu(ctx)]


# Wraps the menu's /start (registered again under the same name) rather than editing it:
# a bare /start from someone who stopped announcements brings them back, and says so.
@command("start")
async def start_and_return(ctx: Ctx, payload: str) -> list[Outbound]:
    """/start: the usual welcome; a bare /start also ends an opt-out."""
    returning = bool(ctx.contact.opted_out and ctx.contact.consent_at and not payload.strip())
    if returning:
        ctx.contact.opted_out = False
    replies = await start_command(ctx, payload)
    return [ctx.reply("optin-by-start"), *replies] if returning else replies


def _settings_entries(ctx: Ctx) -> list[Option]:
    announcements = "settings-announcements-on" if ctx.contact.opted_out else "settings-announcements-off"
    reminders = "settings-reminders-on" if ctx.contact.reminders_off else "settings-reminders-off"
    return [ctx.opt(announcements, "oA"), ctx.opt(reminders, "oR")]


SETTINGS_EXTRAS.append(_settings_entries)


@action("oA")
async def toggle_announcements(ctx: Ctx, _: Decoded) -> list[Outbound]:
    """Settings: announcements on / off (the same as 'subscribe' / 'stop')."""
    ctx.contact.opted_out = not ctx.contact.opted_out
    key = "settings-announcements-stopped" if ctx.contact.opted_out else "settings-announcements-started"
    return [ctx.reply(key), *await settings(ctx)]


@action("oR")
async def toggle_reminders(ctx: Ctx, _: Decoded) -> list[Outbound]:
    """Settings: reminders and post-event surveys on / off."""
    ctx.contact.reminders_off = not ctx.contact.reminders_off
    key = "settings-reminders-stopped" if ctx.contact.reminders_off else "settings-reminders-started"
    return [ctx.reply(key), *await settings(ctx)]
