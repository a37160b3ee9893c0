"""Browsing events: upcoming in my governorate or all, filtered by kind, paged, and details."""

from __future__ import annotations

from handlers.context import Ctx
from handlers.menu import DEEP_LINKS, main_menu
from handlers.options import Decoded
from handlers.router import action, keywords
from handlers.types import Outbound
from handlers.views import event_details, event_label, short_date
from storage.models import Event, Registration
from storage.services.events import event_counts, upcoming_events
from storage.services.registration import ACTIVE
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
            ctx.t("events-line", index=result.page * PAGE_SIZE + i + 1, title=e.title, date=short_date(e.starts_at),
                  governorate=ctx.t(f"gov-{e.governorate}"))
            for i, e in enumerate(result.events)
        ]
        text = ctx.t("events-header", where=where, kind=kind_name, page=result.page + 1, pages=result.pages,
                     total=result.total) + "\n\n" + "\n".join(lines)
    options = [ctx.option(event_label(ctx, e), "ev", e.id) for e in result.events]
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
    return await event_card(ctx, event_id)


async def event_card(ctx: Ctx, event_id: int | None) -> list[Outbound]:
    """The details of one event as a person sees them, or a polite note if it is gone."""
    event = await ctx.session.get(Event, event_id) if event_id is not None else None
    if event is None or event.status != "published":
        return [ctx.reply("event-unavailable"), main_menu(ctx)]
    counts = await event_counts(ctx.session, event)
    mine = await ctx.session.scalar(
        Registration.__table__.select()
        .with_only_columns(Registration.id)
        .where(Registration.event_id == event.id, Registration.contact_id == ctx.contact.id,
               Registration.status.in_(ACTIVE))
    )
    options = []
    if mine is not None:
        options.append(ctx.opt("cancel-registration", "cx", mine))
    elif event.registration_open:
        options.append(ctx.opt("register-button", "rg", event.id))
    options.append(ctx.opt("events-back", "el", 0, "m", "x"))
    options.append(ctx.opt("back-to-menu", "mm"))
    return [Outbound(event_details(ctx, event, counts), options, replace=True)]


async def _deep_link_event(ctx: Ctx, rest: str) -> list[Outbound]:
    return await event_card(ctx, int(rest) if rest.isdigit() else None)


DEEP_LINKS["ev"] = _deep_link_event
