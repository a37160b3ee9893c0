"""The donor summary as a file: CSV (UTF-8 with a BOM, like the other exports) or a right-to-left XLSX
with the table, a native column chart and a notes row saying how the figures were counted.

Counts of people go through `donor_summary.suppressed`, so no group of fewer than 5 people is
shown as a number. Every file is written to the audit log as an `export` of `donor-summary`.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from typing import IO, Any

import xlsxwriter
from sqlalchemy.ext.asyncio import AsyncSession

from messages import catalog
from messages.bidi import is_rtl
from storage.exports.base import Cell, label
from storage.exports.writers import FORMATS, ExportOutput, ExportResult, sheet_name, write_csv
from storage.services.audit import audit
from storage.services.donor_summary import (
    AGE_GROUPS,
    NOT_SAID,
    SEX_GROUPS,
    DonorSummary,
    Figures,
    hidden_groups,
    shown_count,
    suppressed,
)
from storage.vocab import EVENT_KINDS

IDENTIFIER = "donor-summary"
# Leading columns before the splits: governorate, events, registered, attended, reached.
LEADING = 5


def _group_label(question: str, group: str, lang: str) -> str:
    if group == NOT_SAID:
        return catalog.text("donor-not-said", lang)
    return catalog.text(f"rq-a-{question}-{group}", lang)


def _kinds(summary: DonorSummary) -> list[str]:
    return [kind for kind in EVENT_KINDS if summary.total.events_by_kind.get(kind)]


def header(summary: DonorSummary, lang: str) -> list[str]:
    """The column titles of the summary table, in `lang`."""
    registered = catalog.text("donor-col-registered", lang)
    attended = catalog.text("donor-col-attended", lang)
    titles = [catalog.text(f"donor-col-{key}", lang) for key in ("governorate", "events")]
    titles += [registered, attended, catalog.text("donor-col-reached", lang)]
    for question, groups in (("sex", SEX_GROUPS), ("age", AGE_GROUPS)):
        for measure in (registered, attended):
            titles += [catalog.text("donor-col-split", lang, measure=measure, group=_group_label(question, g, lang))
                       for g in groups]
    titles.append(catalog.text("donor-col-rating", lang))
    titles += [catalog.text("donor-col-kind", lang, kind=label(f"kind-{kind}", lang, kind)) for kind in _kinds(summary)]
    return titles


def row(name: str, figures: Figures, kinds: list[str], lang: str) -> list[Cell]:
    """One line of the table: counts of people suppressed below 5, events and the rating as they are."""
    def people(count: int) -> Cell:
        return suppressed(count, lang)

    cells: list[Cell] = [name, figures.events, people(figures.registered), people(figures.attended),
                         people(figures.reached)]
    for by_registered, by_attended, groups in (
            (figures.registered_by_sex, figures.attended_by_sex, SEX_GROUPS),
            (figures.registered_by_age, figures.attended_by_age, AGE_GROUPS)):
        for split in (by_registered, by_attended):
            counts = {g: split.get(g, 0) for g in groups}
            hidden = hidden_groups(counts)
            cells += [shown_count(counts[g], g in hidden, lang) for g in groups]
    if figures.average_rating is None:
        cells.append(None)
    elif figures.ratings < 5:
        # An average of one to four ratings would tell what those people said.
        cells.append(suppressed(figures.ratings, lang))
    else:
        cells.append(round(figures.average_rating, 2))
    cells += [figures.events_by_kind.get(kind, 0) for kind in kinds]
    return cells


def table(summary: DonorSummary, lang: str) -> list[list[Cell]]:
    """Every line of the table: one per governorate, then the total."""
    kinds = _kinds(summary)
    lines = [row(label(f"gov-{code}", lang, code), figures, kinds, lang) for code, figures in summary.governorates]
    lines.append(row(catalog.text("donor-total", lang), summary.total, kinds, lang))
    return lines


def filename(summary: DonorSummary, fmt: str) -> str:
    """An ASCII file name, e.g. «musharaka-donor-summary-org3-2026-01-01_2026-03-31.xlsx»."""
    return f"musharaka-{IDENTIFIER}-org{summary.organization_id}-{summary.since}_{summary.until}.{fmt}"


async def _rows(lines: list[list[Cell]], notes: str) -> AsyncIterator[list[Cell]]:
    for line in lines:
        yield line
    yield []
    yield [notes]


async def write_donor_csv(summary: DonorSummary, target: IO[bytes], lang: str) -> int:
    """The table as CSV (UTF-8 with a BOM), then an empty line and the notes; returns the table's lines."""
    lines = table(summary, lang)
    output = ExportOutput(catalog.text("donor-title", lang), header(summary, lang),
                          _rows(lines, catalog.text("donor-notes", lang)), None, lang)
    await write_csv(output, target)
    return len(lines)


def write_donor_xlsx(summary: DonorSummary, target: IO[bytes], lang: str) -> int:
    """The table as an XLSX sheet (right to left for Arabic and Kurdish) with a chart and notes."""
    lines = table(summary, lang)
    titles = header(summary, lang)
    workbook = xlsxwriter.Workbook(target, {"in_memory": True})
    try:
        bold = workbook.add_format({"bold": True, "font_size": 13})
        head = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "bottom": 1, "text_wrap": True,
                                    "valign": "vcenter"})
        decimal = workbook.add_format({"num_format": "0.00"})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top", "italic": True})
        name = sheet_name(catalog.text("donor-title", lang))
        sheet = workbook.add_worksheet(name)
        if is_rtl(lang):
            sheet.right_to_left()
        sheet.write_string(0, 0, catalog.text("donor-heading", lang, organization=summary.organization_name,
                                              **{"from": summary.since.isoformat(), "to": summary.until.isoformat()}),
                           bold)
        first = 2
        for col, title in enumerate(titles):
            sheet.write_string(first, col, title, head)
        for offset, line in enumerate(lines, start=1):
            for col, value in enumerate(line):
                _cell(sheet, first + offset, col, value, decimal)
        last = first + len(lines)
        notes_row = last + 2
        sheet.merge_range(notes_row, 0, notes_row, min(len(titles) - 1, 10), catalog.text("donor-notes", lang), wrap)
        sheet.set_row(notes_row, 90)
        sheet.set_row(first, 45)
        sheet.set_column(0, 0, 18)
        sheet.set_column(1, len(titles) - 1, 13)
        sheet.freeze_panes(first + 1, 1)
        if len(lines) > 1:
            _chart(workbook, sheet, name, first, last - 1, lang)
    finally:
        workbook.close()
    return len(lines)


def _cell(sheet: Any, row_: int, col: int, value: Cell, decimal: Any) -> None:
    if value is None:
        return
    if isinstance(value, str):
        sheet.write_string(row_, col, value)
    elif isinstance(value, float):
        sheet.write_number(row_, col, value, decimal)
    else:
        sheet.write_number(row_, col, value)


def _chart(workbook: Any, sheet: Any, name: str, first: int, last: int, lang: str) -> None:
    """A native clustered column chart: registered and attended people per governorate (not the total)."""
    chart = workbook.add_chart({"type": "column"})
    for col, color in ((2, "#5B9BD5"), (3, "#70AD47")):
        chart.add_series({
            # List form: xlsxwriter quotes the Arabic sheet name itself.
            "name": [name, first, col],
            "categories": [name, first + 1, 0, last, 0],
            "values": [name, first + 1, col, last, col],
            "fill": {"color": color},
            "data_labels": {"value": True},
        })
    chart.set_title({"name": catalog.text("donor-chart-title", lang)})
    chart.set_y_axis({"name": catalog.text("donor-chart-people", lang), "min": 0})
    chart.set_legend({"position": "bottom"})
    sheet.insert_chart(last + 5, 0, chart, {"x_scale": 1.6, "y_scale": 1.2})


async def write_donor_summary(session: AsyncSession, summary: DonorSummary, fmt: str, target: IO[bytes], *,
                              lang: str = catalog.DEFAULT_LANGUAGE, actor: str,
                              actor_contact_id: int | None = None, record: bool = True) -> int:
    """Write the summary file into `target` and (unless `record` is False) audit it; returns the table's lines."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    lines = await write_donor_csv(summary, target, lang) if fmt == "csv" else write_donor_xlsx(summary, target, lang)
    if record:
        await record_donor_export(session, summary, fmt, lines, actor=actor, actor_contact_id=actor_contact_id)
    return lines


async def record_donor_export(session: AsyncSession, summary: DonorSummary, fmt: str, lines: int, *, actor: str,
                              actor_contact_id: int | None = None) -> None:
    """The audit-log entry of one donor-summary file."""
    await audit(session, actor=actor, action="export", actor_contact_id=actor_contact_id,
                organization_id=summary.organization_id,
                details={"exporter": IDENTIFIER, "since": summary.since.isoformat(),
                         "until": summary.until.isoformat(), "format": fmt, "rows": lines})
    await session.flush()


async def render_donor_summary(session: AsyncSession, summary: DonorSummary, fmt: str, *, lang: str, actor: str,
                               actor_contact_id: int | None = None) -> ExportResult:
    """The summary file as bytes (for the bot), audited."""
    buffer = io.BytesIO()
    lines = await write_donor_summary(session, summary, fmt, buffer, lang=lang, actor=actor,
                                      actor_contact_id=actor_contact_id)
    return ExportResult(filename(summary, fmt), FORMATS[fmt], buffer.getvalue(), lines)


__all__ = ["IDENTIFIER", "filename", "header", "record_donor_export", "render_donor_summary",
           "row", "table", "write_donor_summary"]
