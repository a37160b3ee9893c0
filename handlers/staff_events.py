"""Organizers manage their organisation's events from the panel: the list, publish, registration, cancel.

'my organisation's events' lists the organisation's upcoming events and drafts, each with an admin
card of live counts (handlers/event_card.py), edits (handlers/event_edit.py), publish, close/reopen
registration and cancel; 'new event' is a guided conversation (handlers/event_create.py).

Option ids only prove to whom an option was issued, not what that person may do now, so every
action loads the event and asks `may(ctx, event.organization_id, "events.manage")` again.

Actions:
  ml.<org>.<page>               the organisation's events, paged
  mp.<event>                    publish a draft
  mr.<event>.<0|1>              close (0) or reopen (1) registration
  mx.<event> / mX.<event>       ask to confirm cancelling / cancel
(ne / nw: handlers/event_create.py; ma: handlers/event_card.py; me: handlers/event_edit.py)
"""

from __future__ import annotations

from handlers import event_create, event_edit  # noqa: F401 - registers creating and editing
from handlers.context import Ctx
from handlers.event_card import card, managed_event
from handlers.event_input import PERMISSION, actor, error
from handlers.notifications import renderer
from handlers.options import Decoded
from handlers.router import action
from handlers.staff import PANEL_ENTRIES, organization_for
from handlers.types import Option, Outbound
from handlers.views import LABEL_LIMIT, place, short_date, when
from messages.textsplit import shorten_label
from storage.clock import utcnow
from storage.models import Delivery, Event
from storage.services import event_admin as service
from storage.services.event_admin import EventInputError
from storage.services.events import active_registration_id, get_event
from storage.services.staff import get_organization
from storage.vocab import GOVERNORATES

# Six events plus previous, next, new and back stay within a WhatsApp list's ten rows.
PAGE_SIZE = 6


def _new_entry(ctx: Ctx) -> list[Option]:
    return [ctx.opt("ea-panel-new", "ne")]


def _mine_entry(ctx: Ctx) -> list[Option]:
    return [ctx.opt("ea-panel-mine", "ml")]


PANEL_ENTRIES.append((PERMISSION, _new_entry))
PANEL_ENTRIES.append((PERMISSION, _mine_entry))


# --- the organisation's events ----------------------------------------------------------------------


@action("ml")
async def list_events(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """A page of the organisation's upcoming events and drafts."""
    organization_id = await organization_for(ctx, decoded, PERMISSION, "ml")
    if isinstance(organization_id, list):
        return organization_id
    organization = await get_organization(ctx.session, organization_id)
    name = organization.name if organization else ""
    result = await service.organization_events(ctx.session, organization_id, page=decoded.int_arg(1) or 0,
                                               page_size=PAGE_SIZE)
    options: list[Option] = []
    if not result.events:
        text = ctx.t("ea-list-empty", organization=name)
    else:
        counts = await service.counts_for(ctx.session, result.events)
        lines = []
        for index, event in enumerate(result.events, start=result.page * PAGE_SIZE + 1):
            draft = event.status == "draft"
            marker = ctx.t("ea-draft-marker") + " " if draft else ""
            lines.append(ctx.t("ea-list-line", index=index, marker=marker, title=event.title,
                               date=short_date(event.starts_at, ctx.locale), confirmed=counts[event.id].confirmed,
                               waiting=counts[event.id].waitlisted))
            label = shorten_label(event.title, LABEL_LIMIT)
            options.append(ctx.option(ctx.t("ea-draft-label", title=label) if draft else label, "ma", event.id))
        header = ctx.t("ea-list-header", organization=name, page=result.page + 1, pages=result.pages)
        text = header + "\n\n" + "\n".join(lines)
    if result.page + 1 < result.pages:
        options.append(ctx.opt("events-next", "ml", organization_id, result.page + 1))
    if result.page > 0:
        options.append(ctx.opt("events-prev", "ml", organization_id, result.page - 1))
    options.append(ctx.opt("ea-panel-new", "ne", organization_id))
    options.append(ctx.opt("menu-staff-panel", "op"))
    return [Outbound(text, options, replace=True)]


# --- publish, registration, cancel --------------------------------------------------------------------


@action("mp")
async def publish(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Publish a draft so citizens see it."""
    event = await managed_event(ctx, decoded)
    if isinstance(event, list):
        return event
    try:
        done = await service.publish_event(ctx.session, event, **actor(ctx))
    except EventInputError as problem:
        return [error(ctx, problem), *await card(ctx, event)]
    return await card(ctx, event, [ctx.reply("ea-published" if done else "ea-already-published", title=event.title)])


@action("mr")
async def registration(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Close (0) or reopen (1) registration; people already registered stay registered."""
    event = await managed_event(ctx, decoded)
    if isinstance(event, list):
        return event
    flag = decoded.int_arg(1)
    if flag not in (0, 1):
        return [ctx.reply("option-stale"), *await card(ctx, event)]
    try:
        await service.set_registration_open(ctx.session, event, bool(flag), **actor(ctx))
    except EventInputError as problem:
        return [error(ctx, problem), *await card(ctx, event)]
    key = "ea-registration-opened-done" if flag else "ea-registration-closed-done"
    return await card(ctx, event, [ctx.reply(key, title=event.title)])


@action("mx")
async def cancel_ask(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Ask for confirmation before cancelling, saying how many people will be told."""
    event = await managed_event(ctx, decoded)
    if isinstance(event, list):
        return event
    if event.status == "cancelled":
        return await card(ctx, event, [ctx.reply("ea-already-cancelled", title=event.title)])
    registrants = await _registrants(ctx, event)
    options = [ctx.opt("ea-cancel-yes", "mX", event.id), ctx.opt("ea-cancel-no", "ma", event.id)]
    return [ctx.reply("ea-cancel-confirm", options, title=event.title, count=registrants)]


@action("mX")
async def cancel_confirmed(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Cancel the event; registrants get a cancellation notice through the outbox."""
    event = await managed_event(ctx, decoded)
    if isinstance(event, list):
        return event
    if event.status == "cancelled":
        return await card(ctx, event, [ctx.reply("ea-already-cancelled", title=event.title)])
    told = await service.cancel(ctx.session, event, **actor(ctx))
    return await card(ctx, event, [ctx.reply("ea-cancelled-done", title=event.title, count=told)])


async def _registrants(ctx: Ctx, event: Event) -> int:
    counts = await service.live_counts(ctx.session, event)
    return counts.confirmed + counts.waitlisted


# --- what registrants receive -----------------------------------------------------------------------


@renderer(service.EVENT_CHANGED, "reminder")
async def event_changed(ctx: Ctx, delivery: Delivery) -> list[Outbound] | None:
    """Tell a registrant the venue or governorate of their event changed (nothing if they left or it is over)."""
    event = await get_event(ctx.session, delivery.payload.get("event_id"))
    if event is None or event.status != "published" or event.starts_at <= utcnow():
        return None
    still_registered = await active_registration_id(ctx.session, event.id, ctx.contact.id)
    field = delivery.payload.get("field")
    if still_registered is None or field not in service.NOTIFY_FIELDS:
        return None
    if field == "governorate":
        old = delivery.payload.get("old", "")
        return [ctx.reply("ea-changed-governorate-notice", [ctx.opt("menu-my", "my")], title=event.title,
                          governorate=ctx.t(f"gov-{event.governorate}"), venue=place(ctx, event),
                          old=ctx.t(f"gov-{old}") if old in GOVERNORATES else old, when=when(ctx, event.starts_at))]
    return [ctx.reply("ea-changed-venue-notice", [ctx.opt("menu-my", "my")], title=event.title, venue=place(ctx, event),
                      old=delivery.payload.get("old", ""),
                      when=when(ctx, event.starts_at))]
