"""Register, cancel, and 'my registrations' (my registrations)."""

from __future__ import annotations

from handlers.calendar_file import event_calendar
from handlers.context import Ctx
from handlers.menu import main_menu
from handlers.options import Decoded
from handlers.router import action, keywords
from handlers.types import Outbound
from handlers.views import registration_status, short_date, when
from messages.textsplit import shorten_label
from storage.models import Event, Registration
from storage.services import registration as service


@action("rg")
async def register(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Take a seat (with a ticket code and a calendar file) or a place on the waiting list."""
    event_id = decoded.int_arg(0)
    if event_id is None:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    outcome = await service.register(ctx.session, ctx.contact.id, event_id)
    event = await ctx.session.get(Event, event_id)
    menu = [ctx.opt("menu-my", "my"), ctx.opt("back-to-menu", "mm")]
    if outcome.result == "confirmed":
        assert event is not None and outcome.registration is not None
        menu = [ctx.opt("ticket-item", "kT", outcome.registration.id, title=shorten_label(event.title, 40)), *menu]
        confirmed = ctx.reply("registered", menu, title=event.title, when=when(ctx, event.starts_at),
                              venue=event.venue, ticket=outcome.registration.ticket_code)
        calendar = Outbound(ctx.t("calendar-caption"), document=event_calendar(ctx, event, outcome.registration))
        return [confirmed, calendar]
    if outcome.result == "waitlisted":
        assert event is not None
        return [ctx.reply("waitlisted", menu, title=event.title, position=outcome.position or 0)]
    if outcome.result == "already":
        assert outcome.registration is not None
        status = registration_status(ctx, outcome.registration, outcome.position)
        return [ctx.reply("already-registered", menu, status=status, ticket=outcome.registration.ticket_code)]
    return [ctx.reply(f"register-{outcome.result}"), main_menu(ctx)]


@action("cx")
async def cancel(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Cancel one of my registrations; someone else's id is refused and changes nothing."""
    registration_id = decoded.int_arg(0)
    registration = await ctx.session.get(Registration, registration_id) if registration_id is not None else None
    if registration is None or registration.contact_id != ctx.contact.id:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    event = await ctx.session.get(Event, registration.event_id)
    outcome = await service.cancel(ctx.session, registration)
    if not outcome.cancelled:
        return [ctx.reply("cancel-nothing"), main_menu(ctx)]
    return [ctx.reply("cancelled", [ctx.opt("menu-my", "my"), ctx.opt("back-to-menu", "mm")],
                      title=event.title if event else "")]


@action("my")
async def my_registrations(ctx: Ctx, _: Decoded | None = None) -> list[Outbound]:
    """My upcoming registrations with status, ticket code and a cancel option each."""
    rows = await service.active_registrations(ctx.session, ctx.contact.id)
    if not rows:
        return [ctx.reply("my-empty", [ctx.opt("menu-events", "el", 0, "m", "x"), ctx.opt("back-to-menu", "mm")],
                          replace=True)]
    lines = []
    options = []
    for index, (registration, event) in enumerate(rows, start=1):
        position = await service.waitlist_position(ctx.session, registration)
        lines.append(ctx.t("my-line", index=index, title=event.title, date=short_date(event.starts_at),
                           when=when(ctx, event.starts_at), status=registration_status(ctx, registration, position),
                           ticket=registration.ticket_code))
        short = shorten_label(event.title, 40)
        if registration.status == "confirmed":
            options.append(ctx.opt("ticket-item", "kT", registration.id, title=short))
        options.append(ctx.opt("cancel-item", "cx", registration.id, title=short))
    options.append(ctx.opt("back-to-menu", "mm"))
    return [Outbound(ctx.t("my-header", count=len(rows)) + "\n\n" + "\n\n".join(lines), options, replace=True)]


@keywords("kw-my")
async def my_word(ctx: Ctx) -> list[Outbound]:
    """Typed 'my registrations'."""
    return await my_registrations(ctx)
