"""Downloading data in the bot: staff pick an event, an exporter and a format, and get a document.

Who: people with the "export" permission (admin, coordinator), for their organisations' events
only. Checked on the server at every step, since an option id only proves whom it was issued to,
not what that person may do. Actions:
  xe.<page>                      recent and upcoming events, paged
  xk.<event>                     the exporters for one event
  xf.<event>.<exporter>[.<with>]         the formats, and what the file holds
  xd.<event>.<exporter>.<fmt>[.<with>]   render, audit and send the file
<with> is what the coordinator asked to add: "p" phone numbers, "c" cancelled registrations
(both "pc"; none "n"). Phone numbers are never in a file unless asked for here, and such a
download is audited as export.sensitive.
"""

from __future__ import annotations

from datetime import timedelta

from handlers.context import Ctx
from handlers.menu import MENU_EXTRAS, main_menu
from handlers.options import Decoded
from handlers.permissions import organizations_with, staff_audit
from handlers.router import action
from handlers.types import Document, Option, Outbound
from handlers.views import LABEL_LIMIT, short_date
from messages.textsplit import shorten_label
from storage.clock import utcnow
from storage.exports.registry import EXPORTERS, Selection
from storage.exports.writers import FORMATS, render
from storage.services.exports import exportable_event, exportable_events

# Five events plus previous, next and back stay within eight options (WhatsApp lists allow ten).
PAGE_SIZE = 5
# How far back "recent" events reach: feedback arrives in the days after an event.
RECENT_DAYS = 120
TITLE_LIMIT = 40
FORMAT_LABELS = {"csv": "export-format-csv", "xlsx": "export-format-xlsx"}
PHONES, CANCELLED, NOTHING_ADDED = "p", "c", "n"


def may_export(ctx: Ctx) -> bool:
    """Whether this person may download any data: an admin/coordinator role somewhere."""
    return bool(organizations_with(ctx, "export"))


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
    found = await exportable_events(ctx.session, organizations_with(ctx, "export"),
                                    since=utcnow() - timedelta(days=RECENT_DAYS), page=decoded.int_arg(0) or 0,
                                    page_size=PAGE_SIZE)
    if not found.total:
        # The donor summary (handlers/donor_summary_menu.py) covers older periods too.
        return [ctx.reply("export-no-events", [ctx.opt("donor-menu-entry", "xS"), ctx.opt("back-to-menu", "mm")],
                          replace=True)]
    page, pages = found.page, found.pages
    options = [
        ctx.option(
            shorten_label(ctx.t("export-event-option", title=shorten_label(event.title, TITLE_LIMIT),
                                date=short_date(event.starts_at, ctx.locale)), LABEL_LIMIT),
            "xk", event.id,
        )
        for event in found.events
    ]
    if page + 1 < pages:
        options.append(ctx.opt("export-next", "xe", page + 1))
    if page > 0:
        options.append(ctx.opt("export-prev", "xe", page - 1))
    options += [ctx.opt("donor-menu-entry", "xS"), ctx.opt("back-to-menu", "mm")]
    return [ctx.reply("export-choose-event", options, replace=True, page=page + 1, pages=pages)]


async def _chosen_event(ctx: Ctx, decoded: Decoded) -> tuple[int, str] | list[Outbound]:
    """The event id and title an option points at, or the replies for a missing or foreign event."""
    event_id = decoded.int_arg(0)
    row = None
    if event_id is not None:
        row = await exportable_event(ctx.session, organizations_with(ctx, "export"), event_id)
    if row is None:
        return [ctx.reply("export-event-missing",
                          [ctx.opt("export-back-events", "xe", 0), ctx.opt("back-to-menu", "mm")])]
    title, allowed = row
    if not allowed:
        # Another organisation's event: the same refusal as any forged option.
        return _refused(ctx)
    return event_id, title


@action("xk")
async def choose_exporter(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """What to download for the chosen event: registrations, attendance, feedback, summary."""
    if not may_export(ctx):
        return _refused(ctx)
    found = await _chosen_event(ctx, decoded)
    if isinstance(found, list):
        return found
    event_id, title = found
    options = [ctx.opt(exporter.name_key, "xf", event_id, identifier) for identifier, exporter in EXPORTERS.items()]
    options += [ctx.opt("export-back-events", "xe", 0), ctx.opt("back-to-menu", "mm")]
    return [ctx.reply("export-choose-exporter", options, replace=True, event=title)]


def _additions(identifier: str, code: str | None) -> frozenset[str] | None:
    """What an option asks to add to the file ("p", "c"), or None when the exporter has no such thing."""
    if code is None or code == NOTHING_ADDED:
        return frozenset()
    added = frozenset(code)
    exporter = EXPORTERS[identifier]
    offered = {PHONES} if exporter.offers_phone else set()
    offered |= {CANCELLED} if exporter.offers_cancelled else set()
    if len(added) != len(code) or not added <= offered:
        return None
    return added


def _code(added: frozenset[str]) -> str:
    # Sorted, so the same choice is always the same option id.
    return "".join(sorted(added, reverse=True)) or NOTHING_ADDED


@action("xf")
async def choose_format(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """CSV or XLSX for the chosen exporter, and the switches for phone numbers and cancelled registrations."""
    if not may_export(ctx):
        return _refused(ctx)
    identifier = decoded.args[1] if len(decoded.args) > 1 else ""
    if identifier not in EXPORTERS:
        return _refused(ctx)
    added = _additions(identifier, decoded.args[2] if len(decoded.args) > 2 else None)
    if added is None:
        return _refused(ctx)
    found = await _chosen_event(ctx, decoded)
    if isinstance(found, list):
        return found
    event_id, _ = found
    exporter = EXPORTERS[identifier]
    code = _code(added)
    options = [ctx.opt(FORMAT_LABELS[fmt], "xd", event_id, identifier, fmt, code) for fmt in FORMATS]
    lines = [ctx.t("export-choose-format", exporter=exporter.name(ctx.lang))]
    # Each switch offers the opposite of the current choice and comes back to this screen.
    if exporter.offers_phone:
        on = PHONES in added
        lines.append(ctx.t("export-phones-state", on="yes" if on else "no"))
        options.append(ctx.opt("export-without-phones" if on else "export-with-phones", "xf", event_id,
                               identifier, _code(added ^ {PHONES})))
    if exporter.offers_cancelled:
        on = CANCELLED in added
        lines.append(ctx.t("export-cancelled-state", on="yes" if on else "no"))
        options.append(ctx.opt("export-without-cancelled" if on else "export-with-cancelled", "xf", event_id,
                               identifier, _code(added ^ {CANCELLED})))
    options += [ctx.opt("export-back-events", "xe", 0), ctx.opt("back-to-menu", "mm")]
    return [Outbound("\n".join(lines), options, replace=True)]


@action("xd")
async def download(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Render the file in this message's transaction (so the audit row commits with it) and send it."""
    if not may_export(ctx):
        return _refused(ctx)
    identifier = decoded.args[1] if len(decoded.args) > 1 else ""
    fmt = decoded.args[2] if len(decoded.args) > 2 else ""
    if identifier not in EXPORTERS or fmt not in FORMATS:
        return _refused(ctx)
    added = _additions(identifier, decoded.args[3] if len(decoded.args) > 3 else None)
    if added is None:
        return _refused(ctx)
    found = await _chosen_event(ctx, decoded)
    if isinstance(found, list):
        return found
    event_id, title = found
    selection = Selection(event_id=event_id, lang=ctx.lang, with_phone=PHONES in added,
                          include_cancelled=CANCELLED in added)
    result = await render(ctx.session, identifier, fmt, selection, **staff_audit(ctx))
    caption = ctx.t("export-caption", exporter=EXPORTERS[identifier].name(ctx.lang), event=title, rows=result.rows)
    if selection.with_phone:
        caption += "\n" + ctx.t("export-caption-phones")
    document = Document(result.filename, result.data, result.mimetype)
    more = [ctx.opt("export-another", "xk", event_id), ctx.opt("back-to-menu", "mm")]
    return [Outbound(caption, document=document), ctx.reply("export-more", more)]
