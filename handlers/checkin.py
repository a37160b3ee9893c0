"""Tickets with a QR code, and checking people in at the door.

Actions:
  kM            my tickets (confirmed upcoming seats); one seat opens its ticket at once
  kT.<reg>      the QR ticket of one of my registrations
  kC[.<org>]    organizer: 'check-in', then ticket codes are typed one after another
Deep link ``/start ci_<token>`` (the QR code): an organizer of the event's organisation checks
the person in; the ticket's owner sees their ticket; anyone else gets a polite message.
"""

from __future__ import annotations

import io

import segno
from sqlalchemy import exists, select

from handlers.context import Ctx
from handlers.menu import DEEP_LINKS, MENU_EXTRAS, main_menu
from handlers.options import Decoded
from handlers.permissions import may
from handlers.router import MENU_HOOKS, action, awaiting, keywords
from handlers.staff import PANEL_ENTRIES, organization_for, refuse
from handlers.types import Document, Option, Outbound
from handlers.views import LABEL_LIMIT, when
from messages.formatting import format_time
from messages.textsplit import shorten_label
from storage.clock import utcnow
from storage.models import Event, Registration
from storage.services import checkin as service
from storage.services.registration import active_registrations

DEEP_LINK_PREFIX = "ci"
# How many tickets 'my tickets' lists (more than anyone holds for upcoming events in practice).
TICKETS_SHOWN = 8


async def _prefetch_has_ticket(ctx: Ctx) -> None:
    # One indexed EXISTS when a menu is shown, so it offers 'my tickets' only to ticket holders.
    if ctx.contact.consent_at is None:
        return
    ctx.extras["has_ticket"] = await ctx.session.scalar(
        select(
            exists().where(
                Registration.contact_id == ctx.contact.id,
                Registration.status == "confirmed",
                Registration.event_id == Event.id,
                Event.starts_at > utcnow(),
            )
        )
    )


def _menu_entry(ctx: Ctx) -> list[Option]:
    return [ctx.opt("ticket-menu-entry", "kM")] if ctx.extras.get("has_ticket") else []


MENU_HOOKS.append(_prefetch_has_ticket)
MENU_EXTRAS.append(_menu_entry)


def ticket_link(ctx: Ctx, token: str) -> str:
    """What the QR code encodes: a t.me deep link when the bot's username is known."""
    username = ctx.core.config.bot_username
    if username:
        return f"https://t.me/{username.lstrip('@')}?start={DEEP_LINK_PREFIX}_{token}"
    return f"musharaka:{DEEP_LINK_PREFIX}_{token}"


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
    registration = await ctx.session.get(Registration, registration_id) if registration_id is not None else None
    if registration is None or registration.contact_id != ctx.contact.id:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    event = await ctx.session.get(Event, registration.event_id)
    if event is None or registration.status != "confirmed":
        return [ctx.reply("ticket-not-confirmed"), main_menu(ctx)]
    return await ticket_replies(ctx, registration, event)


async def open_ticket_link(ctx: Ctx, token: str) -> list[Outbound]:
    """``/start ci_<token>``: check in (organizer of that event), the own ticket (owner), or a refusal."""
    registration = await service.registration_for_token(ctx.session, token)
    event = await ctx.session.get(Event, registration.event_id) if registration is not None else None
    if registration is None or event is None:
        return [ctx.reply("checkin-invalid-token"), main_menu(ctx)]
    if may(ctx, event.organization_id, "checkin"):
        return await _check_in(ctx, registration, event, more=_more_codes(ctx, event))
    if registration.contact_id == ctx.contact.id:
        if registration.status != "confirmed":
            return [ctx.reply("ticket-not-confirmed"), main_menu(ctx)]
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


def _more_codes(ctx: Ctx, event: Event) -> list[Option]:
    return [ctx.opt("checkin-type-code", "kC", event.organization_id or 0), ctx.opt("menu-staff-panel", "op")]


async def _check_in(ctx: Ctx, registration: Registration, event: Event, more: list[Option]) -> list[Outbound]:
    if event.status == "cancelled":
        return [ctx.reply("checkin-event-cancelled", more, title=event.title)]
    outcome = await service.check_in(ctx.session, registration.id, ctx.contact.id)
    ticket = registration.ticket_code
    if outcome.result == "checked_in":
        return [ctx.reply("checkin-done", more, ticket=ticket, title=event.title)]
    if outcome.result == "already":
        assert outcome.at is not None
        clock, period = format_time(outcome.at)
        return [ctx.reply("checkin-already", more, ticket=ticket, title=event.title, time=clock,
                          period=ctx.t(f"period-{period}"))]
    return [ctx.reply("checkin-not-confirmed", more, ticket=ticket, title=event.title)]


def _panel_entry(ctx: Ctx) -> list[Option]:
    return [ctx.opt("checkin-panel-entry", "kC")]


PANEL_ENTRIES.append(("checkin", _panel_entry))


@action("kC")
async def start_typing_codes(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Organizer: ask for ticket codes; each typed code is checked in until 'menu'."""
    organization_id = await organization_for(ctx, decoded, "checkin", "kC")
    if isinstance(organization_id, list):
        return organization_id
    ctx.set_state(**{"await": "checkin_code", "org": organization_id})
    return [ctx.reply("checkin-ask-code", [ctx.opt("checkin-finish", "op")])]


@awaiting("checkin_code")
async def typed_code(ctx: Ctx, text: str) -> list[Outbound]:
    """A ticket code typed at the door (any digits, any case, with or without spaces)."""
    organization_id = (ctx.contact.state or {}).get("org")
    # Roles are checked again for every code: a role taken away stops the door at once.
    if not may(ctx, organization_id, "checkin"):
        ctx.clear_state()
        return refuse(ctx)
    more = [ctx.opt("checkin-finish", "op")]
    registration = await service.find_by_code(ctx.session, text)
    event = await ctx.session.get(Event, registration.event_id) if registration is not None else None
    if registration is None or event is None:
        return [ctx.reply("checkin-unknown-code", more, code=shorten_label(text.strip(), 24))]
    if not may(ctx, event.organization_id, "checkin"):
        return _not_my_door(ctx, event, more)
    return await _check_in(ctx, registration, event, more)
