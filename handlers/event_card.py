"""The admin card of one event: the event as citizens see it, then status, live counts and the admin options.

Option ids only prove to whom an option was issued, not what that person may do now, so every
action loads the event and asks `may(ctx, event.organization_id, "events.manage")` again
(`managed_event`).

Actions:
  ma.<event>   the admin card with live counts
"""

from __future__ import annotations

from collections.abc import Callable

from handlers.context import Ctx
from handlers.event_input import EDITING, PERMISSION
from handlers.menu import main_menu
from handlers.options import Decoded
from handlers.permissions import may, organizations_with
from handlers.router import action
from handlers.staff import refuse
from handlers.types import Option, Outbound
from handlers.views import event_details
from storage.models import Event
from storage.services import event_admin as service
from storage.services.checkin import opens_before
from storage.services.events import get_event

# More options of the card, added by feature modules (survey, registration questions):
# fn(ctx, event) -> options, shown before «refresh».
CARD_EXTRAS: list[Callable[[Ctx, Event], list[Option]]] = []


async def managed_event(ctx: Ctx, decoded: Decoded) -> Event | list[Outbound]:
    """The event an option points at, if this person may manage it now; else the replies to send."""
    event_id = decoded.int_arg(0)
    event = await get_event(ctx.session, event_id)
    if event is None:
        if not organizations_with(ctx, PERMISSION):
            return refuse(ctx)
        return [ctx.reply("event-unavailable"), main_menu(ctx)]
    if not may(ctx, event.organization_id, PERMISSION):
        return refuse(ctx)
    return event


def checkin_opens_text(ctx: Ctx, event: Event) -> str:
    """How long before the start the check-in door opens, as a person says it ("2 hours before the start")."""
    return checkin_minutes_text(ctx, int(opens_before(event).total_seconds() // 60))


def checkin_minutes_text(ctx: Ctx, minutes: int) -> str:
    """A check-in opening time in minutes, said as "30 minutes / 2 hours before the start" or "at the start"."""
    if minutes == 0:
        return ctx.t("conv-checkin-at-start")
    if minutes % 60 == 0:
        return ctx.t("conv-checkin-before-hours", hours=minutes // 60)
    return ctx.t("conv-checkin-before-minutes", minutes=minutes)


@action("ma")
async def admin_card(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """The event as citizens see it, then status, registration and live counts with the admin options."""
    event = await managed_event(ctx, decoded)
    if isinstance(event, list):
        return event
    if (ctx.contact.state or {}).get("await") == EDITING:
        ctx.clear_state()
    return await card(ctx, event)


async def card(ctx: Ctx, event: Event, notes: list[Outbound] | None = None) -> list[Outbound]:
    """Render the admin card of `event` (after optional notes such as 'saved')."""
    counts = await service.live_counts(ctx.session, event)
    seats = ctx.t("ea-seats-unlimited") if counts.seats_left is None else counts.seats_left
    registration = "ea-registration-is-open" if event.registration_open else "ea-registration-is-closed"
    admin = ctx.t("ea-card", status=ctx.t(f"ea-status-{event.status}"), registration=ctx.t(registration),
                  confirmed=counts.confirmed, waiting=counts.waitlisted, checked_in=counts.checked_in, seats=seats)
    if event.status != "cancelled":
        admin += "\n" + ctx.t("conv-card-checkin", when=checkin_opens_text(ctx, event))
    options: list[Option] = []
    if event.status != "cancelled":
        options.append(ctx.opt("ea-edit", "me", event.id))
        if event.status == "draft":
            options.append(ctx.opt("ea-publish-draft", "mp", event.id))
        elif event.registration_open:
            options.append(ctx.opt("ea-close-registration", "mr", event.id, 0))
        else:
            options.append(ctx.opt("ea-reopen-registration", "mr", event.id, 1))
        options.append(ctx.opt("ea-cancel-event", "mx", event.id))
    for extra in CARD_EXTRAS:
        options.extend(extra(ctx, event))
    options.append(ctx.opt("ea-refresh", "ma", event.id))
    if event.organization_id is not None:
        options.append(ctx.opt("ea-back-to-list", "ml", event.organization_id, 0))
    return [*(notes or []), Outbound(event_details(ctx, event, counts)), Outbound(admin, options)]
