"""Browsing events: upcoming in my governorate or all, filtered by kind, paged, and details
(with «follow this organisation» when the event has one)."""

from __future__ import annotations

from handlers.context import Ctx
from handlers.menu import DEEP_LINKS, main_menu
from handlers.options import Decoded
from handlers.router import action, keywords
from handlers.settings_menu import followable, toggle_follow
from handlers.types import Outbound
from handlers.views import event_details, event_label, my_status_line, short_date, short_title, titled
from messages.normalize import parse_id
from storage.services import audiences
from storage.services.events import event_with_counts, get_event, upcoming_events
from storage.services.registration import waitlist_position
from storage.vocab import EVENT_KINDS

PAGE_SIZE = 5


@action("el")
async def list_events(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """A page of upcoming events; args: page, scope (m = my governorate, a = all), kind or x."""
    page = decoded.int_arg(0) or 0
    scope = decoded.args[1] if len(decoded.args) > 1 and decoded.args[1] in ("m", "a") else "m"
    kind = decoded.args[2] if len(decoded.args) > 2 and decoded.args[2] in EVENT_KINDS else None
    return [await events_page(ctx, page, scope, kind)]


async def events_page(ctx: Ctx, page: int, scope: str, kind: str | None) -> Outbound:
    """Render one page of the events list with its navigation options."""
    governorate = ctx.contact.governorate if scope == "m" else None
    result = await upcoming_events(ctx.session, governorate=governorate, kind=kind, page=page, page_size=PAGE_SIZE)
    kind_code = kind or "x"
    where = ctx.t(f"gov-{governorate}") if governorate else ctx.t("all-governorates")
    kind_name = ctx.t(f"kind-{kind}") if kind else ctx.t("all-kinds")
    if not result.events:
        text = ctx.t("events-empty", where=where, kind=kind_name)
    else:
        lines = [
            ctx.t("events-line", index=result.page * PAGE_SIZE + i + 1, title=titled(ctx, e),
                  date=short_date(e.starts_at, ctx.locale), governorate=ctx.t(f"gov-{e.governorate}"))
            for i, e in enumerate(result.events)
        ]
        text = ctx.t("events-header", where=where, kind=kind_name, page=result.page + 1, pages=result.pages,
                     total=result.total) + "\n\n" + "\n".join(lines)
    # The list's page and filters ride in each event's option, so «back» returns to this very page.
    options = [ctx.option(event_label(ctx, e), "ev", e.id, result.page, scope, kind_code) for e in result.events]
    if result.page + 1 < result.pages:
        options.append(ctx.opt("events-next", "el", result.page + 1, scope, kind_code))
    if result.page > 0:
        options.append(ctx.opt("events-prev", "el", result.page - 1, scope, kind_code))
    if scope == "m":
        options.append(ctx.opt("events-all-governorates", "el", 0, "a", kind_code))
    elif ctx.contact.governorate:
        options.append(ctx.opt("events-my-governorate", "el", 0, "m", kind_code,
                               governorate=ctx.t(f"gov-{ctx.contact.governorate}")))
    options.append(ctx.opt("events-filter-kind", "ek", scope))
    options.append(ctx.opt("back-to-menu", "mm"))
    return Outbound(text, options, replace=True)


@action("ek")
async def choose_kind(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Offer the event kinds to filter by."""
    scope = decoded.args[0] if decoded.args and decoded.args[0] in ("m", "a") else "m"
    options = [ctx.opt(f"kind-{k}", "el", 0, scope, k) for k in EVENT_KINDS]
    options.append(ctx.opt("all-kinds", "el", 0, scope, "x"))
    return [ctx.reply("choose-kind", options, replace=True)]


@keywords("kw-events")
async def events_word(ctx: Ctx) -> list[Outbound]:
    """Typed 'events': the first page of events in my governorate."""
    return [await events_page(ctx, 0, "m", None)]


@action("ev")
async def show_event(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Event details with register (or cancel) options."""
    event_id = decoded.int_arg(0)
    return await event_card(ctx, event_id, list_place(decoded, 1))


# Where «back to events» leads by default: the first page of my governorate, every kind.
FIRST_PAGE: tuple[int, str, str] = (0, "m", "x")


def list_place(decoded: Decoded, start: int) -> tuple[int, str, str]:
    """The events list page, scope and kind carried in an option from `start` on (the first page if absent)."""
    page = decoded.int_arg(start)
    scope = decoded.args[start + 1] if len(decoded.args) > start + 1 else ""
    kind = decoded.args[start + 2] if len(decoded.args) > start + 2 else ""
    if page is None or page < 0 or scope not in ("m", "a") or kind not in (*EVENT_KINDS, "x"):
        return FIRST_PAGE
    return page, scope, kind


async def event_card(ctx: Ctx, event_id: int | None,
                     back: tuple[int, str, str] = FIRST_PAGE) -> list[Outbound]:
    """The details of one event as a person sees them, or a polite note if it is gone."""
    card = await event_with_counts(ctx.session, event_id, ctx.contact.id)
    if card is None or card[0].status != "published":
        return [ctx.reply("event-unavailable"), main_menu(ctx)]
    event, counts, mine = card
    options = []
    if mine is not None and mine.status == "confirmed":
        options.append(ctx.opt("ticket-item", "kT", mine.id, title=short_title(ctx, event, 40)))
    elif mine is None and event.registration_open:
        # A full event says what pressing does: a place on the waiting list, not a seat.
        full = counts.seats_left == 0
        options.append(ctx.opt("register-waitlist-button" if full else "register-button", "rg", event.id))
    if event.organization_id is not None:
        following = await audiences.is_following(ctx.session, ctx.contact.id, event.organization_id)
        options.append(ctx.opt("event-unfollow" if following else "event-follow", "fwE", event.id, *back))
    options.append(ctx.opt("events-back", "el", *back))
    options.append(ctx.opt("back-to-menu", "mm"))
    text = event_details(ctx, event, counts)
    if mine is not None:
        position = await waitlist_position(ctx.session, mine)
        text += "\n\n" + (my_status_line(ctx, mine, position) or "")
        # Last, never where «register» was: typing the same number twice must not give the seat away.
        cancel_key = "cancel-waitlist-place" if mine.status == "waitlisted" else "cancel-registration"
        options.append(ctx.opt(cancel_key, "cx", mine.id, "e"))
    return [Outbound(text, options, replace=True)]


@action("fwE")
async def follow_from_event(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """«Follow this organisation» (or «unfollow») under an event's details, then the details again."""
    event_id = decoded.int_arg(0)
    event = await get_event(ctx.session, event_id)
    organization = await followable(ctx, event.organization_id) if event is not None else None
    if event is None or event.status != "published" or organization is None:
        return [ctx.reply("event-unavailable"), main_menu(ctx)]
    return [await toggle_follow(ctx, organization), *await event_card(ctx, event.id, list_place(decoded, 1))]


async def _deep_link_event(ctx: Ctx, rest: str) -> list[Outbound]:
    # parse_id: «ev_²» or thirty digits would raise in int() or in the database; both are "no such event".
    return await event_card(ctx, parse_id(rest))


DEEP_LINKS["ev"] = _deep_link_event
