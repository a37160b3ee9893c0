"""Opt-out of announcements ('stop', 'unsubscribe', stop, /stop) and the way back.

- Stopping right after an announcement (one delivered in the last RECENT_ANNOUNCEMENT) asks
  what to stop: that announcement's organisation only (an organization_optouts row, and its
  follow is dropped) or every announcement. With no recent announcement, or when that
  organisation is already stopped, it stops everything at once, as the words say.
- Stopping everything sets contact.opted_out: broadcasts leave the person out (audiences exclude
  them and the sender drops any queued one). Reminders and surveys of events they registered for
  keep coming unless they also turn those off in settings (contact.reminders_off).
- 'subscribe' brings every announcement back: the full stop and each organisation's stop are
  lifted. A bare /start, and the settings switch, lift the full stop only (a /start that carries
  a deep link, such as an event or a ticket, only opens the link: it is not a wish to subscribe);
  an organisation stopped on purpose comes back by following it again.
- The stop words work even in the middle of a pending question (a survey answer, a form).
- Before consent 'stop' and /stop record the stop too (contact.opted_out); keeping it means
  keeping the channel id, which is all there is of them, until the purge of people who never
  consented (UNCONSENTED_RETENTION_DAYS) or «delete my data». The reply says so.
- Linking two channels keeps the stop (storage.services.linking: any stop wins).
"""

from __future__ import annotations

from datetime import timedelta

from handlers.context import Ctx
from handlers.menu import BEFORE_CONSENT_COMMANDS, BEFORE_CONSENT_WORDS, main_menu, start_command
from handlers.options import Decoded
from handlers.router import CONTEXT_HOOKS, action, command, keywords
from handlers.settings_menu import SETTINGS_EXTRAS, settings
from handlers.types import InboundKind, Option, Outbound
from messages.normalize import keyword_match
from messages.textsplit import shorten_label
from storage.clock import utcnow
from storage.models import Organization
from storage.services import audiences
from storage.services.staff import get_organization

STOP_WORDS_KEY = "kw-optout"
# A stop word this soon after an announcement is taken as an answer to it.
RECENT_ANNOUNCEMENT = timedelta(days=30)
NAME_IN_LABEL = 40


async def _stop_words_win_over_questions(ctx: Ctx) -> None:
    # A pending question would otherwise swallow 'stop' as its answer; "at any time" means
    # the stop words are never an answer. Dropping the question lets the keyword route.
    if ctx.inbound.kind != InboundKind.TEXT or not (ctx.contact.state or {}).get("await"):
        return
    if keyword_match(ctx.inbound.text, ctx.words(STOP_WORDS_KEY)):
        ctx.clear_state()


CONTEXT_HOOKS.append(_stop_words_win_over_questions)


def _stopped_reply(ctx: Ctx, key: str) -> Outbound:
    return ctx.reply(key, [ctx.opt("optin-button", "oI"), ctx.opt("back-to-menu", "mm")])


def stop_organization_option(ctx: Ctx, organization: Organization) -> Option:
    """«stop announcements from X only»."""
    return ctx.opt("optout-this-organization", "oX", organization.id,
                   organization=shorten_label(organization.name, NAME_IN_LABEL))


async def opt_out(ctx: Ctx) -> list[Outbound]:
    """Stop announcements: after a recent announcement, ask whether from its organisation only or all."""
    ctx.clear_state()
    if not ctx.contact.opted_out:
        since = utcnow() - RECENT_ANNOUNCEMENT
        organization = await audiences.last_announcement_organization(ctx.session, ctx.contact.id, since)
        if organization is not None and organization.id not in await audiences.stopped_ids(ctx.session,
                                                                                          ctx.contact.id):
            options = [stop_organization_option(ctx, organization), ctx.opt("optout-everything", "oY"),
                       ctx.opt("optout-nothing", "mm")]
            return [ctx.reply("optout-choose", options, organization=organization.name)]
    return stop_everything(ctx)


def stop_everything(ctx: Ctx) -> list[Outbound]:
    """Stop every announcement; one message confirms it and says how to come back."""
    already = bool(ctx.contact.opted_out)
    ctx.contact.opted_out = True
    return [_stopped_reply(ctx, "optout-already" if already else "optout-done")]


@action("oY")
async def stop_all_chosen(ctx: Ctx, _: Decoded) -> list[Outbound]:
    """'stop all announcements', chosen after a stop word."""
    return stop_everything(ctx)


@action("oX")
async def stop_one_organization(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """'stop announcements from X only': X's announcements stop (and its follow), the others stay."""
    organization_id = decoded.int_arg(0)
    organization = await get_organization(ctx.session, organization_id)
    if organization is None:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    await audiences.stop_organization(ctx.session, ctx.contact.id, organization.id)
    options = [ctx.opt("optout-everything", "oY"), ctx.opt("back-to-menu", "mm")]
    return [ctx.reply("optout-organization-done", options, organization=organization.name)]


@command("stop")
async def stop_command(ctx: Ctx, _: str) -> list[Outbound]:
    """/stop."""
    return await opt_out(ctx)


@keywords(STOP_WORDS_KEY)
async def stop_word(ctx: Ctx) -> list[Outbound]:
    """Typed 'stop', 'unsubscribe' or stop."""
    return await opt_out(ctx)


async def stop_before_consent(ctx: Ctx, _: str = "") -> list[Outbound]:
    """'stop' or /stop from someone who has not agreed yet: nothing is sent to them; the stop is noted."""
    ctx.contact.opted_out = True
    return [ctx.reply("optout-before-consent")]


BEFORE_CONSENT_WORDS.append((STOP_WORDS_KEY, stop_before_consent))
BEFORE_CONSENT_COMMANDS["stop"] = stop_before_consent


@keywords("kw-optin")
async def subscribe_word(ctx: Ctx) -> list[Outbound]:
    """Typed 'subscribe': announcements again."""
    return await opt_in(ctx)


@action("oI")
async def opt_in(ctx: Ctx, _: Decoded | None = None) -> list[Outbound]:
    """Receive announcements again: the full stop and every organisation's stop are lifted."""
    resumed = await audiences.resume_organizations(ctx.session, ctx.contact.id)
    if not ctx.contact.opted_out and not resumed:
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
