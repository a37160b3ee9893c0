"""«تنزيل البيانات»: staff pick an event, an exporter and a format, and get the file as a document.

Actions (all staff-only, checked on the server at every step, since option ids only prove
who an option was issued to, not what that person may do):
  xe.<page>                      recent and upcoming events, paged
  xk.<event>                     the exporters for one event
  xf.<event>.<exporter>          the formats
  xd.<event>.<exporter>.<fmt>    render, audit and send the file
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from handlers.context import Ctx
from handlers.menu import MENU_EXTRAS, main_menu
from handlers.options import Decoded
from handlers.permissions import is_configured_staff
from handlers.router import action
from handlers.types import Document, Option, Outbound
from handlers.views import LABEL_LIMIT, short_date
from messages.textsplit import shorten_label
from storage.clock import utcnow
from storage.exports.registry import EXPORTERS, Selection
from storage.exports.writers import FORMATS, render
from storage.models import Event

# Five events plus previous, next and back stay within eight options (WhatsApp lists allow ten).
PAGE_SIZE = 5
# How far back "recent" events reach: feedback arrives in the days after an event.
RECENT_DAYS = 120
TITLE_LIMIT = 40
FORMAT_LABELS = {"csv": "export-format-csv", "xlsx": "export-format-xlsx"}


def may_export(ctx: Ctx) -> bool:
    """Whether this person may download data (configured staff until roles arrive)."""
    return is_configured_staff(ctx)


def _menu_entry(ctx: Ctx) -> list[Option]:
    return [ctx.opt("export-menu-entry", "xe", 0)] if may_export(ctx) else []


MENU_EXTRAS.append(_menu_entry)


def _refused(ctx: Ctx) -> list[Outbound]:
    # The same polite words as any stale option: a citizen learns nothing about staff features.
    return [ctx.reply("option-stale"), main_menu(ctx)]


@action("xe")
async def choose_event(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """A page of recent and upcoming events, newest first."""
    if not may_export(ctx):
        return _refused(ctx)
    recent = Event.starts_at >= utcnow() - timedelta(days=RECENT_DAYS)
    total = await ctx.session.scalar(select(func.count()).select_from(Event).where(recent)) or 0
    if not total:
        return [ctx.reply("export-no-events", [ctx.opt("back-to-menu", "mm")], replace=True)]
    pages = -(-total // PAGE_SIZE)
    page = min(max(decoded.int_arg(0) or 0, 0), pages - 1)
    events = (
        await ctx.session.execute(
            select(Event.id, Event.title, Event.starts_at)
            .where(recent)
            .order_by(Event.starts_at.desc(), Event.id.desc())
            .offset(page * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
    ).all()
    options = [
        ctx.option(
            shorten_label(ctx.t("export-event-option", title=shorten_label(title, TITLE_LIMIT),
                                date=short_date(starts_at)), LABEL_LIMIT),
            "xk", event_id,
        )
        for event_id, title, starts_at in events
    ]
    if page + 1 < pages:
        options.append(ctx.opt("export-next", "xe", page + 1))
    if page > 0:
        options.append(ctx.opt("export-prev", "xe", page - 1))
    options.append(ctx.opt("back-to-menu", "mm"))
    return [ctx.reply("export-choose-event", options, replace=True, page=page + 1, pages=pages)]


async def _event_title(ctx: Ctx, decoded: Decoded) -> tuple[int, str] | None:
    event_id = decoded.int_arg(0)
    if event_id is None:
        return None
    title = await ctx.session.scalar(select(Event.title).where(Event.id == event_id))
    return None if title is None else (event_id, title)


def _missing_event(ctx: Ctx) -> list[Outbound]:
    return [ctx.reply("export-event-missing", [ctx.opt("export-back-events", "xe", 0), ctx.opt("back-to-menu", "mm")])]


@action("xk")
async def choose_exporter(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """What to download for the chosen event: registrations, attendance, feedback, summary."""
    if not may_export(ctx):
        return _refused(ctx)
    found = await _event_title(ctx, decoded)
    if found is None:
        return _missing_event(ctx)
    event_id, title = found
    options = [ctx.opt(exporter.name_key, "xf", event_id, identifier) for identifier, exporter in EXPORTERS.items()]
    options += [ctx.opt("export-back-events", "xe", 0), ctx.opt("back-to-menu", "mm")]
    return [ctx.reply("export-choose-exporter", options, replace=True, event=title)]


@action("xf")
async def choose_format(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """CSV or XLSX for the chosen exporter."""
    if not may_export(ctx):
        return _refused(ctx)
    identifier = decoded.args[1] if len(decoded.args) > 1 else ""
    if identifier not in EXPORTERS:
        return _refused(ctx)
    found = await _event_title(ctx, decoded)
    if found is None:
        return _missing_event(ctx)
    event_id, _ = found
    options = [ctx.opt(FORMAT_LABELS[fmt], "xd", event_id, identifier, fmt) for fmt in FORMATS]
    options += [ctx.opt("export-back-events", "xe", 0), ctx.opt("back-to-menu", "mm")]
    return [ctx.reply("export-choose-format", options, replace=True,
                      exporter=EXPORTERS[identifier].name(ctx.lang))]


@action("xd")
async def download(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Render the file in this message's transaction (so the audit row commits with it) and send it."""
    if not may_export(ctx):
        return _refused(ctx)
    identifier = decoded.args[1] if len(decoded.args) > 1 else ""
    fmt = decoded.args[2] if len(decoded.args) > 2 else ""
    if identifier not in EXPORTERS or fmt not in FORMATS:
        return _refused(ctx)
    found = await _event_title(ctx, decoded)
    if found is None:
        return _missing_event(ctx)
    event_id, title = found
    result = await render(
        ctx.session, identifier, fmt, Selection(event_id=event_id, lang=ctx.lang),
        actor=f"{ctx.inbound.channel}:{ctx.inbound.external_id}", actor_contact_id=ctx.contact.id,
    )
    caption = ctx.t("export-caption", exporter=EXPORTERS[identifier].name(ctx.lang), event=title, rows=result.rows)
    document = Document(result.filename, result.data, result.mimetype)
    more = [ctx.opt("export-another", "xk", event_id), ctx.opt("back-to-menu", "mm")]
    return [Outbound(caption, document=document), ctx.reply("export-more", more)]
