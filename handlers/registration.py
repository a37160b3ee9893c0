"""Register, cancel (after a yes/no question), and 'my registrations'.

Actions:
  rg.<event>            register (a seat, or a place on the waiting list)
  cx.<reg>.<e|m>        ask «do you want to cancel …?» (from event details or my registrations)
  cX.<reg>.<e|m>        yes: cancel;  cN.<reg>.<e|m>  no: back where it was asked
  cR.<reg>              take an event the organizer cancelled off «my registrations»
"""

from __future__ import annotations

from handlers import registration_questions
from handlers.calendar_file import event_calendar
from handlers.context import Ctx
from handlers.events import event_card
from handlers.menu import main_menu
from handlers.options import Decoded
from handlers.router import action, keywords
from handlers.types import Outbound
from handlers.views import registration_status, short_date, short_title, titled, when
from messages.textsplit import shorten_label
from storage.services import registration as service
from storage.services.events import get_event


@action("rg")
async def register(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Take a seat (with a ticket code and a calendar file) or a place on the waiting list."""
    event_id = decoded.int_arg(0)
    if event_id is None:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    outcome = await service.register(ctx.session, ctx.contact.id, event_id)
    event = await get_event(ctx.session, event_id)
    menu = [ctx.opt("menu-my", "my"), ctx.opt("back-to-menu", "mm")]
    if outcome.result == "confirmed":
        assert event is not None and outcome.registration is not None
        menu = [ctx.opt("ticket-item", "kT", outcome.registration.id, title=shorten_label(event.title, 40)), *menu]
        confirmed = ctx.reply("registered", menu, title=titled(ctx, event), when=when(ctx, event.starts_at),
                              venue=event.venue, ticket=outcome.registration.ticket_code)
        calendar = Outbound(ctx.t("calendar-caption"), document=event_calendar(ctx, event, outcome.registration))
        return [confirmed, calendar, *await registration_questions.follow_up(ctx, event.id)]
    if outcome.result == "waitlisted":
        assert event is not None
        return [ctx.reply("waitlisted", menu, title=titled(ctx, event), position=outcome.position or 0),
                *await registration_questions.follow_up(ctx, event.id)]
    if outcome.result == "already":
        assert outcome.registration is not None
        if outcome.registration.status == "waitlisted":
            # No ticket code for a waiting-list place: it opens no door until a seat is given.
            return [ctx.reply("already-waitlisted", menu, position=outcome.position or 0)]
        status = registration_status(ctx, outcome.registration, outcome.position)
        return [ctx.reply("already-registered", menu, status=status, ticket=outcome.registration.ticket_code)]
    return [ctx.reply(f"register-{outcome.result}"), main_menu(ctx)]


# Where a cancellation was asked from, to go back there on «no»: e = event details, m = my registrations.
_FROM = ("e", "m")


def _origin(decoded: Decoded, index: int) -> str:
    return decoded.args[index] if len(decoded.args) > index and decoded.args[index] in _FROM else "m"


@action("cx")
async def ask_to_cancel(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Ask «do you want to cancel …?» with yes/no; nothing changes before the answer."""
    registration = await service.own_registration(ctx.session, ctx.contact.id, decoded.int_arg(0))
    if registration is None:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    if registration.status not in service.ACTIVE:
        return [ctx.reply("cancel-nothing"), main_menu(ctx)]
    event = await get_event(ctx.session, registration.event_id)
    origin = _origin(decoded, 1)
    # Typed yes / no words answer too: they choose the one offered option starting with them (typed_words).
    waiting = registration.status == "waitlisted"
    options = [ctx.opt("cancel-waitlist-yes" if waiting else "cancel-yes", "cX", registration.id, origin),
               ctx.opt("cancel-waitlist-no" if waiting else "cancel-no", "cN", registration.id, origin)]
    title = titled(ctx, event) if event is not None else ""
    return [ctx.reply("cancel-waitlist-confirm" if waiting else "cancel-confirm", options, title=title)]


@action("cX")
async def cancel(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """«Yes»: cancel one of my registrations; someone else's id is refused and changes nothing."""
    registration = await service.own_registration(ctx.session, ctx.contact.id, decoded.int_arg(0))
    if registration is None:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    event = await get_event(ctx.session, registration.event_id)
    was_waiting = registration.status == "waitlisted"
    outcome = await service.cancel(ctx.session, registration)
    if not outcome.cancelled:
        return [ctx.reply("cancel-nothing"), main_menu(ctx)]
    return [ctx.reply("cancelled-waitlist" if was_waiting else "cancelled",
                      [ctx.opt("menu-my", "my"), ctx.opt("back-to-menu", "mm")],
                      title=titled(ctx, event) if event else "")]


@action("cN")
async def keep(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """«No»: nothing changes; back to where the question was asked."""
    registration = await service.own_registration(ctx.session, ctx.contact.id, decoded.int_arg(0))
    if registration is None:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    kept = ctx.reply("cancel-kept")
    if _origin(decoded, 1) == "e":
        return [kept, *await event_card(ctx, registration.event_id)]
    return [kept, *await my_registrations(ctx)]


@action("cR")
async def remove_from_list(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """«Remove from the list»: a cancelled event leaves «my registrations» (nothing else changes)."""
    registration = await service.own_registration(ctx.session, ctx.contact.id, decoded.int_arg(0))
    event = await get_event(ctx.session, registration.event_id) if registration is not None else None
    if registration is None or event is None or event.status != "cancelled":
        return [ctx.reply("option-stale"), main_menu(ctx)]
    removed = await service.remove_cancelled_event(ctx.session, registration)
    notes = [ctx.reply("my-removed", title=titled(ctx, event))] if removed else []
    return [*notes, *await my_registrations(ctx)]


@action("my")
async def my_registrations(ctx: Ctx, _: Decoded | None = None) -> list[Outbound]:
    """My upcoming registrations: status, the ticket of a seat, a cancelled event marked so (and removable)."""
    rows = await service.active_registrations(ctx.session, ctx.contact.id, with_cancelled_events=True)
    if not rows:
        return [ctx.reply("my-empty", [ctx.opt("menu-events", "el", 0, "m", "x"), ctx.opt("back-to-menu", "mm")],
                          replace=True)]
    lines = []
    tickets, cancels, removals = [], [], []
    for index, (registration, event) in enumerate(rows, start=1):
        title, short = titled(ctx, event), short_title(ctx, event, 40)
        if event.status == "cancelled":
            # Cancelled by the organizer: when, and no ticket; the person may take it off the list.
            lines.append(ctx.t("my-line-event-cancelled", index=index, title=title, when=when(ctx, event.starts_at),
                               cancelled=when(ctx, event.updated_at)))
            removals.append(ctx.opt("remove-item", "cR", registration.id, title=short))
            continue
        position = await service.waitlist_position(ctx.session, registration)
        status = registration_status(ctx, registration, position)
        if registration.status == "waitlisted":
            lines.append(ctx.t("my-line-waitlisted", index=index, title=title, when=when(ctx, event.starts_at),
                               status=status))
        else:
            lines.append(ctx.t("my-line", index=index, title=title, date=short_date(event.starts_at, ctx.locale),
                               when=when(ctx, event.starts_at), status=status, ticket=registration.ticket_code))
            tickets.append(ctx.opt("ticket-item", "kT", registration.id, title=short))
        cancels.append(ctx.opt("cancel-item", "cx", registration.id, "m", title=short))
    # Destructive options come after the others, so option 1 is never «cancel».
    options = [*tickets, ctx.opt("back-to-menu", "mm"), *cancels, *removals]
    return [Outbound(ctx.t("my-header", count=len(rows)) + "\n\n" + "\n\n".join(lines), options, replace=True)]


@keywords("kw-my")
async def my_word(ctx: Ctx) -> list[Outbound]:
    """Typed 'my registrations'."""
    return await my_registrations(ctx)
