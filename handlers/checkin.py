"""Tickets with a QR code, and checking people in at the door.

Actions:
  kM                  my tickets (confirmed upcoming seats); one seat opens its ticket at once
  kT.<reg>            the QR ticket of one of my registrations
  kC[.<org>]          organizer: 'check-in': choose the event (the door), then codes one after another
  kE.<event>[.<reg>]  open the door of one event (and check in the scanned ticket that proposed it)
  kO.<event>.<reg>    check a ticket in outside the window, after the organizer confirmed (audited)
Deep link ``/start ci_<token>`` (the QR code): an organizer of the event's organisation checks
the person in at the open door (or is offered that event's door); the ticket's owner sees their
ticket; anyone else gets a polite message.

The door is the organizer's contact state ``{"await": "checkin_code", "org", "door": <event>}``:
a ticket for another event is refused with that event's name, and outside the window (from the
event's own opening time before the start, 2 hours unless the organizer changed it, until the end:
storage.services.checkin.window) a ticket is checked in only after a confirmation.
"""

from __future__ import annotations

import io
from urllib.parse import quote

import segno

from handlers.context import Ctx
from handlers.menu import DEEP_LINKS, MENU_EXTRAS, main_menu
from handlers.options import Decoded
from handlers.permissions import may
from handlers.router import MENU_HOOKS, action, awaiting, keywords
from handlers.staff import PANEL_ENTRIES, organization_for, refuse
from handlers.types import Document, Option, Outbound
from handlers.views import LABEL_LIMIT, short_date, when
from messages.formatting import format_time
from messages.textsplit import shorten_label
from storage.models import Event, Registration
from storage.services import checkin as service
from storage.services.events import get_event
from storage.services.registration import active_registrations, own_registration

DEEP_LINK_PREFIX = "ci"
AWAITING = "checkin_code"
# How many tickets 'my tickets' lists (more than anyone holds for upcoming events in practice).
TICKETS_SHOWN = 8


async def _prefetch_has_ticket(ctx: Ctx) -> None:
    # One indexed EXISTS when a menu is shown (with the survey facts), so it offers 'my tickets'
    # only to ticket holders.
    if ctx.contact.consent_at is None:
        return
    ctx.extras["has_ticket"] = (await ctx.menu_facts()).has_ticket


def _menu_entry(ctx: Ctx) -> list[Option]:
    return [ctx.opt("ticket-menu-entry", "kM")] if ctx.extras.get("has_ticket") else []


MENU_HOOKS.append(_prefetch_has_ticket)
MENU_EXTRAS.append(_menu_entry)


def ticket_link(ctx: Ctx, token: str) -> str:
    """What the QR code encodes: a link a phone camera opens in the organizer's messenger.

    A wa.me link (WhatsApp with «/start ci_<token>» typed, which the bot reads like the t.me deep
    link) for people on WhatsApp or when there is no Telegram username; a t.me deep link otherwise.
    """
    config = ctx.core.config
    username = (config.bot_username or "").lstrip("@")
    payload = f"{DEEP_LINK_PREFIX}_{token}"
    if config.whatsapp_number and (ctx.inbound.channel == "whatsapp" or not username):
        return f"https://wa.me/{config.whatsapp_number}?text={quote('/start ' + payload, safe='')}"
    if username:
        return f"https://t.me/{username}?start={payload}"
    return f"musharaka:{payload}"


def qr_png(content: str) -> bytes:
    """A QR code PNG, large enough to scan from a phone screen held up at the door."""
    buffer = io.BytesIO()
    segno.make(content, error="m", micro=False).save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


async def ticket_replies(ctx: Ctx, registration: Registration, event: Event) -> list[Outbound]:
    """The ticket: a QR code image (with the event in its caption) and the code as text."""
    token = await service.ticket_token(ctx.session, registration.id)
    document = Document(f"ticket-{registration.ticket_code}.png", qr_png(ticket_link(ctx, token)), "image/png")
    caption = ctx.t("ticket-caption", title=event.title, when=when(ctx, event.starts_at), venue=event.venue,
                    ticket=registration.ticket_code)
    code = ctx.reply("ticket-code", [ctx.opt("menu-my", "my"), ctx.opt("back-to-menu", "mm")],
                     ticket=registration.ticket_code)
    return [Outbound(caption, document=document), code]


@action("kM")
async def my_tickets(ctx: Ctx, _: Decoded | None = None) -> list[Outbound]:
    """My confirmed upcoming seats as ticket options (or the ticket itself when there is one)."""
    rows = [(r, e) for r, e in await active_registrations(ctx.session, ctx.contact.id) if r.status == "confirmed"]
    if not rows:
        return [ctx.reply("ticket-none", [ctx.opt("menu-events", "el", 0, "m", "x"), ctx.opt("back-to-menu", "mm")])]
    if len(rows) == 1:
        return await ticket_replies(ctx, *rows[0])
    options = [ctx.option(ctx.t("ticket-item", title=shorten_label(event.title, LABEL_LIMIT - 4)), "kT", reg.id)
               for reg, event in rows[:TICKETS_SHOWN]]
    options.append(ctx.opt("back-to-menu", "mm"))
    return [ctx.reply("ticket-choose", options, replace=True)]


@keywords("kw-tickets")
async def tickets_word(ctx: Ctx) -> list[Outbound]:
    """Typed 'my tickets'."""
    return await my_tickets(ctx)


@action("kT")
async def show_ticket(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """The QR ticket of one of my own confirmed registrations."""
    registration_id = decoded.int_arg(0)
    registration = await own_registration(ctx.session, ctx.contact.id, registration_id)
    if registration is None:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    event = await get_event(ctx.session, registration.event_id)
    if event is None or registration.status != "confirmed":
        return [ctx.reply("ticket-not-confirmed"), main_menu(ctx)]
    if event.status == "cancelled":  # no QR for a door that will not open
        return [ctx.reply("ticket-event-cancelled", title=event.title), main_menu(ctx)]
    return await ticket_replies(ctx, registration, event)


async def open_ticket_link(ctx: Ctx, token: str) -> list[Outbound]:
    """``/start ci_<token>``: check in at the door (organizer of that event), the own ticket (owner), or a refusal."""
    registration = await service.registration_for_token(ctx.session, token)
    event = await get_event(ctx.session, registration.event_id) if registration is not None else None
    if registration is None or event is None:
        return [ctx.reply("checkin-invalid-token"), main_menu(ctx)]
    if may(ctx, event.organization_id, "checkin"):
        door = await _open_door(ctx)
        if door is None:
            return _propose_door(ctx, registration, event)
        return await _at_door(ctx, registration, event, door)
    if registration.contact_id == ctx.contact.id:
        if registration.status != "confirmed":
            return [ctx.reply("ticket-not-confirmed"), main_menu(ctx)]
        if event.status == "cancelled":
            return [ctx.reply("ticket-event-cancelled", title=event.title), main_menu(ctx)]
        return await ticket_replies(ctx, registration, event)
    if ctx.staff_roles:
        return _not_my_door(ctx, event, [ctx.opt("back-to-menu", "mm")])
    return [ctx.reply("checkin-not-yours"), main_menu(ctx)]


def _not_my_door(ctx: Ctx, event: Event, more: list[Option]) -> list[Outbound]:
    """Staff who may not check this ticket in: their own organisation (a coordinator) or another."""
    if event.organization_id in ctx.staff_roles:
        return refuse(ctx)
    return [ctx.reply("checkin-other-organization", more)]


DEEP_LINKS[DEEP_LINK_PREFIX] = open_ticket_link


# --- the door: one event at a time ----------------------------------------------------------


async def _open_door(ctx: Ctx) -> Event | None:
    """The event whose door this organizer has open (still theirs to check in), or None."""
    state = ctx.contact.state or {}
    door_id = state.get("door")
    if state.get("await") != AWAITING or not isinstance(door_id, int):
        return None
    event = await get_event(ctx.session, door_id)
    if event is None or not may(ctx, event.organization_id, "checkin"):
        return None
    return event


def _door_options(ctx: Ctx, event: Event) -> list[Option]:
    return [ctx.opt("checkin-change-event", "kC", event.organization_id or 0), ctx.opt("checkin-finish", "op")]


def _window_args(ctx: Ctx, event: Event) -> dict[str, str]:
    opens, closes = service.window(event)
    return {"opens": when(ctx, opens), "closes": when(ctx, closes)}


def _propose_door(ctx: Ctx, registration: Registration, event: Event) -> list[Outbound]:
    """A ticket scanned with no door open: offer that event's door (and this ticket's check-in) first."""
    options = [ctx.opt("checkin-propose-yes", "kE", event.id, registration.id), ctx.opt("checkin-finish", "op")]
    return [ctx.reply("checkin-propose-door", options, title=event.title, **_window_args(ctx, event))]


async def _at_door(ctx: Ctx, registration: Registration, event: Event, door: Event) -> list[Outbound]:
    """A ticket presented at the door of `door`: checked in, or refused / questioned saying why."""
    more = _door_options(ctx, door)
    if not may(ctx, event.organization_id, "checkin"):
        return _not_my_door(ctx, event, more)
    if event.id != door.id:
        return [ctx.reply("checkin-wrong-event", more, title=event.title, door=door.title)]
    if event.status == "cancelled":
        return [ctx.reply("checkin-event-cancelled", more, title=event.title)]
    outside = service.outside_window(event)
    if outside is not None and registration.status == "confirmed" and registration.checked_in_at is None:
        options = [ctx.opt("checkin-override-yes", "kO", event.id, registration.id),
                   ctx.opt("checkin-override-no", "kC", event.organization_id or 0, event.id)]
        return [ctx.reply(f"checkin-too-{outside}", options, title=event.title, ticket=registration.ticket_code,
                          **_window_args(ctx, event))]
    return await _check_in(ctx, registration, event, more)


async def _check_in(ctx: Ctx, registration: Registration, event: Event, more: list[Option],
                    override: str | None = None) -> list[Outbound]:
    outcome = await service.check_in(ctx.session, registration.id, ctx.contact.id, override=override)
    ticket = registration.ticket_code
    if outcome.result == "checked_in":
        return [ctx.reply("checkin-done", more, ticket=ticket, title=event.title)]
    if outcome.result == "already":
        assert outcome.at is not None
        clock, period = format_time(outcome.at, ctx.locale)
        return [ctx.reply("checkin-already", more, ticket=ticket, title=event.title, time=clock,
                          period=ctx.t(f"period-{period}"))]
    return [ctx.reply("checkin-not-confirmed", more, ticket=ticket, title=event.title)]


def _panel_entry(ctx: Ctx) -> list[Option]:
    return [ctx.opt("checkin-panel-entry", "kC")]


PANEL_ENTRIES.append(("checkin", _panel_entry))


@action("kC")
async def choose_door(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Organizer: choose the event to check people in for (the only one opens at once).

    With an event id as second argument (the 'no' of an override question) the same door stays open.
    """
    organization_id = await organization_for(ctx, decoded, "checkin", "kC")
    if isinstance(organization_id, list):
        return organization_id
    kept = decoded.int_arg(1)
    if kept is not None:
        door = await _open_door(ctx)
        if door is not None and door.id == kept:
            return [ctx.reply("checkin-override-declined", _door_options(ctx, door))]
    events = await service.door_events(ctx.session, organization_id)
    if not events:
        ctx.clear_state()
        return [ctx.reply("checkin-no-events", [ctx.opt("menu-staff-panel", "op")])]
    if len(events) == 1:
        return _door_opened(ctx, events[0])
    options = [ctx.option(shorten_label(ctx.t("checkin-event-option", title=event.title,
                                              date=short_date(event.starts_at, ctx.locale)), LABEL_LIMIT),
                          "kE", event.id) for event in events]
    options.append(ctx.opt("menu-staff-panel", "op"))
    return [ctx.reply("checkin-choose-event", options)]


def _door_opened(ctx: Ctx, event: Event) -> list[Outbound]:
    ctx.set_state(**{"await": AWAITING, "org": event.organization_id, "door": event.id})
    replies = [ctx.reply("checkin-door-open", title=event.title, **_window_args(ctx, event))]
    if event.status == "cancelled":
        replies.append(ctx.reply("checkin-event-cancelled", title=event.title))
    elif (outside := service.outside_window(event)) is not None:
        replies.append(ctx.reply(f"checkin-door-{outside}", **_window_args(ctx, event)))
    replies.append(ctx.reply("checkin-ask-code", _door_options(ctx, event)))
    return replies


async def _managed_event(ctx: Ctx, decoded: Decoded) -> Event | list[Outbound]:
    event_id = decoded.int_arg(0)
    event = await get_event(ctx.session, event_id) if event_id is not None else None
    if event is None:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    if not may(ctx, event.organization_id, "checkin"):
        return refuse(ctx)
    return event


@action("kE")
async def open_door(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Open the door of one event; with a registration (a scanned ticket that proposed it), check it in."""
    event = await _managed_event(ctx, decoded)
    if isinstance(event, list):
        return event
    replies = _door_opened(ctx, event)
    registration_id = decoded.int_arg(1)
    if registration_id is None:
        return replies
    registration = await service.registration_of_event(ctx.session, registration_id, event.id)
    if registration is None:
        return [ctx.reply("option-stale"), *replies]
    return [replies[0], *await _at_door(ctx, registration, event, event)]


@action("kO")
async def override(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """'check in anyway' outside the window, for the door that is open: audited as checkin.override."""
    event = await _managed_event(ctx, decoded)
    if isinstance(event, list):
        return event
    door = await _open_door(ctx)
    registration_id = decoded.int_arg(1)
    registration = (await service.registration_of_event(ctx.session, registration_id, event.id)
                    if registration_id is not None else None)
    if door is None or door.id != event.id or registration is None:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    more = _door_options(ctx, door)
    if event.status == "cancelled":
        return [ctx.reply("checkin-event-cancelled", more, title=event.title)]
    return await _check_in(ctx, registration, event, more, override=service.outside_window(event))


@awaiting(AWAITING)
async def typed_code(ctx: Ctx, text: str) -> list[Outbound]:
    """A ticket typed or pasted at the door: its code (any digits, case, spaces, dashes), token or QR link."""
    organization_id = (ctx.contact.state or {}).get("org")
    # Roles are checked again for every code: a role taken away stops the door at once.
    if not may(ctx, organization_id, "checkin"):
        ctx.clear_state()
        return refuse(ctx)
    door = await _open_door(ctx)
    if door is None:
        return await choose_door(ctx, Decoded("kC", (str(organization_id),)))
    more = _door_options(ctx, door)
    registration = await service.find_ticket(ctx.session, text)
    event = await get_event(ctx.session, registration.event_id) if registration is not None else None
    if registration is None or event is None:
        return [ctx.reply("checkin-unknown-code", more, code=shorten_label(text.strip(), 24))]
    return await _at_door(ctx, registration, event, door)
