"""Choosing the audience of a draft announcement: everyone, governorates, interests, an event's people.

Actions:
  bA.<b>             the audience menu
  bS.<b>.<segment>   tick / untick a segment (see storage.services.broadcasts)
  bG.<b> / bI.<b>    governorates / interests as toggles
  bV.<b>.<r|a|w>     pick events for registrants / attendees / waiting list
"""

from __future__ import annotations

from datetime import timedelta

from handlers.broadcast_card import draft
from handlers.context import Ctx
from handlers.options import Decoded
from handlers.router import action
from handlers.staff import refuse
from handlers.types import Option, Outbound
from handlers.views import LABEL_LIMIT, short_date
from messages.textsplit import shorten_label
from storage.clock import utcnow
from storage.models import Broadcast
from storage.services import broadcasts as service
from storage.vocab import GOVERNORATES, INTERESTS

# Events offered for event segments.
EVENTS_SHOWN = 6
# Attendees and registrants of events up to this long ago can still be reached.
PAST_EVENTS = timedelta(days=90)


async def _segment_labels(ctx: Ctx, broadcast: Broadcast) -> list[str]:
    labels = []
    for key in service.segments(broadcast):
        kind, value = service.parse_segment(key)  # type: ignore[misc]
        if kind == "all":
            labels.append(ctx.t("broadcast-segment-all"))
        elif kind == "g":
            labels.append(ctx.t("broadcast-segment-governorate", governorate=ctx.t(f"gov-{value}")))
        elif kind == "i":
            labels.append(ctx.t("broadcast-segment-interest", interest=ctx.t(f"interest-{value}")))
        else:
            event = await service.organization_event(ctx.session, broadcast, int(value))
            title = shorten_label(event.title, 40) if event is not None else value
            labels.append(ctx.t(f"broadcast-segment-{kind}", title=title))
    return labels


async def chosen_line(ctx: Ctx, broadcast: Broadcast) -> str:
    """The chosen segments in one line (or 'nobody yet')."""
    labels = await _segment_labels(ctx, broadcast)
    return ctx.t("broadcast-list-separator").join(labels) if labels else ctx.t("broadcast-segment-none")


async def audience_menu_replies(ctx: Ctx, broadcast: Broadcast) -> list[Outbound]:
    """The audience menu: the segments chosen, the audience size and the ways to add more."""
    chosen = service.segments(broadcast)
    b = broadcast.id
    options = [
        ctx.opt("broadcast-toggle-on" if "all" in chosen else "broadcast-toggle-off", "bS", b, "all",
                name=ctx.t("broadcast-segment-all")),
        ctx.opt("broadcast-by-governorate", "bG", b),
        ctx.opt("broadcast-by-interest", "bI", b),
        ctx.opt("broadcast-by-registrants", "bV", b, "r"),
        ctx.opt("broadcast-by-attendees", "bV", b, "a"),
        ctx.opt("broadcast-by-waitlist", "bV", b, "w"),
        ctx.opt("broadcast-preview", "bW", b),
        ctx.opt("broadcast-discard", "bC", b),
    ]
    return [ctx.reply("broadcast-audience", options, replace=True, chosen=await chosen_line(ctx, broadcast),
                      count=await service.audience_size(ctx.session, broadcast))]


@action("bA")
async def audience_menu(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """The audience menu of a draft."""
    broadcast = await draft(ctx, decoded)
    if isinstance(broadcast, list):
        return broadcast
    return await audience_menu_replies(ctx, broadcast)


def _toggle(ctx: Ctx, broadcast: Broadcast, key: str, name: str) -> Option:
    on = key in service.segments(broadcast)
    return ctx.opt("broadcast-toggle-on" if on else "broadcast-toggle-off", "bS", broadcast.id, key, name=name)


def _governorates(ctx: Ctx, broadcast: Broadcast) -> list[Outbound]:
    options = [_toggle(ctx, broadcast, f"g-{code}", ctx.t(f"gov-{code}")) for code in GOVERNORATES]
    options.append(ctx.opt("broadcast-segments-done", "bA", broadcast.id))
    return [ctx.reply("broadcast-choose-governorates", options, replace=True)]


def _interests(ctx: Ctx, broadcast: Broadcast) -> list[Outbound]:
    options = [_toggle(ctx, broadcast, f"i-{code}", ctx.t(f"interest-short-{code}")) for code in INTERESTS]
    options.append(ctx.opt("broadcast-segments-done", "bA", broadcast.id))
    return [ctx.reply("broadcast-choose-interests", options, replace=True)]


async def _events_for_segment(ctx: Ctx, broadcast: Broadcast, kind: str) -> list[Outbound]:
    events = await service.segment_events(ctx.session, broadcast.organization_id, utcnow() - PAST_EVENTS,
                                          EVENTS_SHOWN)
    if not events:
        return [ctx.reply("broadcast-no-events", [ctx.opt("broadcast-segments-done", "bA", broadcast.id)])]
    options = [
        _toggle(ctx, broadcast, f"{kind}-{event.id}",
                shorten_label(ctx.t("broadcast-event-option", title=event.title,
                                    date=short_date(event.starts_at, ctx.locale)), LABEL_LIMIT - 2))
        for event in events
    ]
    options.append(ctx.opt("broadcast-segments-done", "bA", broadcast.id))
    return [ctx.reply(f"broadcast-choose-events-{kind}", options, replace=True)]


@action("bG")
async def governorates(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Governorates as toggles (one or several)."""
    broadcast = await draft(ctx, decoded)
    return broadcast if isinstance(broadcast, list) else _governorates(ctx, broadcast)


@action("bI")
async def interests(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Interests as toggles."""
    broadcast = await draft(ctx, decoded)
    return broadcast if isinstance(broadcast, list) else _interests(ctx, broadcast)


@action("bV")
async def event_segments(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """The organisation's recent and upcoming events, to reach their registrants / attendees / waiting list."""
    broadcast = await draft(ctx, decoded)
    if isinstance(broadcast, list):
        return broadcast
    kind = decoded.args[1] if len(decoded.args) > 1 else ""
    if kind not in service.EVENT_SEGMENTS:
        return refuse(ctx)
    return await _events_for_segment(ctx, broadcast, kind)


@action("bS")
async def toggle_segment(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Tick or untick one segment, then show the list it belongs to again."""
    broadcast = await draft(ctx, decoded)
    if isinstance(broadcast, list):
        return broadcast
    key = decoded.args[1] if len(decoded.args) > 1 else ""
    if not await service.segment_allowed(ctx.session, broadcast, key):
        return refuse(ctx)
    service.toggle_segment(broadcast, key)
    kind = key.partition("-")[0]
    if kind == "g":
        return _governorates(ctx, broadcast)
    if kind == "i":
        return _interests(ctx, broadcast)
    if kind in service.EVENT_SEGMENTS:
        return await _events_for_segment(ctx, broadcast, kind)
    return await audience_menu_replies(ctx, broadcast)
