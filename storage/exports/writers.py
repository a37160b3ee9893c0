"""One CSV writer and one XLSX writer for every exporter, and the render API the bot and CLI share.

Both writers consume the exporter's rows one at a time and never hold the table in memory:
CSV goes straight through a text wrapper, XLSX uses xlsxwriter's constant_memory mode (each
row is flushed to a temporary file as soon as the next one starts). Every export, whatever
asked for it, is written to the audit log in the caller's transaction: as `export`, or as
`export.sensitive` when the file carries phone numbers.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any, NamedTuple

import xlsxwriter
import xlsxwriter.workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from messages import bidi, catalog
from storage.exports.choice_tally import write_choice_tallies
from storage.exports.registry import RATINGS, Cell, Selection, Summary, get_exporter
from storage.models import Event
from storage.services.audit import audit

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS: dict[str, str] = {"csv": "text/csv", "xlsx": XLSX_MIME}
# How often (in rows) the progress callback is told how far the export got.
PROGRESS_EVERY = 1000
XLSX_DATETIME = "yyyy-mm-dd hh:mm"
# Column widths in Excel character units: wide enough to read, capped so free text stays usable.
MIN_WIDTH, MAX_WIDTH, DATETIME_WIDTH = 8, 60, 17
# Widths are measured on the first rows only: enough to size the columns, and cheap on 100,000 rows.
WIDTH_SAMPLE_ROWS = 2000
# Deflate level of the XLSX zip (see _fast_deflate): fast, at the cost of a somewhat larger file.
ZIP_LEVEL = 1
# Excel forbids these in sheet names and allows at most 31 characters.
_SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# ...except a phone number (E.164, only in a file asked for with phones), which is data, not a formula.
_E164 = re.compile(r"\+\d{6,15}")

Progress = Callable[[int], None]
# The audit actions of an export without and with phone numbers.
EXPORT_ACTION, SENSITIVE_EXPORT_ACTION = "export", "export.sensitive"


@dataclass(slots=True)
class ExportOutput:
    """What an exporter produced for one selection, ready for a writer."""

    title: str
    header: list[str]
    rows: AsyncIterator[list[Cell]]
    # Filled while the rows stream (see Exporter.rows): read it only after the last row.
    summary: Summary | None
    lang: str = catalog.DEFAULT_LANGUAGE


class ExportResult(NamedTuple):
    """A finished export: its file name, MIME type, bytes (empty when written to a file) and row count."""

    filename: str
    mimetype: str
    data: bytes
    rows: int


async def open_output(session: AsyncSession, identifier: str, selection: Selection) -> ExportOutput:
    """Ask exporter `identifier` for its header, rows and summary over `selection`.

    ValueError when the selection asks for something the exporter does not have (phone
    numbers in a survey file, cancelled rows of a list that has none).
    """
    exporter = get_exporter(identifier)
    if selection.with_phone and not exporter.offers_phone:
        raise ValueError(f"the {identifier} export has no phone numbers")
    if selection.include_cancelled and not exporter.offers_cancelled:
        raise ValueError(f"the {identifier} export has no cancelled rows")
    tally = Summary() if exporter.has_summary else None
    return ExportOutput(
        title=exporter.name(selection.lang),
        header=await exporter.header(session, selection),
        rows=exporter.rows(session, selection, tally),
        summary=tally,
        lang=selection.lang,
    )


def filename_for(identifier: str, fmt: str, selection: Selection) -> str:
    """An ASCII file name every client accepts, e.g. «musharaka-registrations-event12-phones.xlsx»."""
    return f"musharaka-{identifier}-{selection.slug()}.{fmt}"


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        # isoformat is several times faster than strftime, and this runs for every date cell.
        return value.replace(tzinfo=None).isoformat(" ", "minutes")
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _E164.fullmatch(value):
        # Free text typed by citizens must not become a formula when a coordinator opens the file.
        return "'" + value
    return str(value)


async def write_csv(output: ExportOutput, fileobj: IO[bytes], progress: Progress | None = None) -> int:
    """Write the export as CSV (UTF-8 with a BOM, so Excel shows Arabic) to a binary file; return the rows.

    Only the table: CSV has a single sheet, and the feedback-summary exporter gives the totals.
    """
    text = io.TextIOWrapper(fileobj, encoding="utf-8-sig", newline="")
    count = 0
    try:
        writer = csv.writer(text)
        writer.writerow(output.header)
        async for row in output.rows:
            writer.writerow([_csv_cell(value) for value in row])
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count)
    finally:
        text.flush()
        # Leave the caller's file open: only the wrapper goes away.
        text.detach()
    return count


def sheet_name(title: str) -> str:
    """A title made safe for an Excel sheet name."""
    return title.translate(_SHEET_NAME_FORBIDDEN).strip()[:31] or "Sheet1"


class _ColumnWidths:
    """Tracks the widest value of each column while rows stream past (O(columns) memory)."""

    def __init__(self, header: list[str]) -> None:
        self.widths = [len(h) + 2 for h in header]

    def see(self, col: int, value: Cell) -> None:
        if isinstance(value, datetime):
            width = DATETIME_WIDTH
        elif isinstance(value, str):
            # Long answers are capped: a 60-character column with the rest visible on selection.
            width = min(len(value), MAX_WIDTH)
        else:
            width = len(str(value)) + 1
        if col >= len(self.widths):
            self.widths.extend([MIN_WIDTH] * (col + 1 - len(self.widths)))
        if width > self.widths[col]:
            self.widths[col] = width

    def apply(self, worksheet: Any) -> None:
        for col, width in enumerate(self.widths):
            worksheet.set_column(col, col, max(MIN_WIDTH, min(width + 1, MAX_WIDTH)))


async def write_xlsx(output: ExportOutput, target: str | IO[bytes], progress: Progress | None = None) -> int:
    """Write the export as an XLSX workbook (plus a summary sheet with a chart); return the rows.

    Sheets read right to left in Arabic and Kurdish, left to right in English.

    `target` is a path or a binary file object. Rows are streamed in constant memory.
    """
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True})
    try:
        styles = _styles(workbook)
        sheet = workbook.add_worksheet(sheet_name(output.title))
        if bidi.is_rtl(output.lang):
            sheet.right_to_left()
        widths = _ColumnWidths(output.header)
        for col, title in enumerate(output.header):
            sheet.write_string(0, col, title, styles["header"])
        sheet.freeze_panes(1, 0)
        count = 0
        async for row in output.rows:
            count += 1
            sample = count <= WIDTH_SAMPLE_ROWS
            for col, value in enumerate(row):
                _write_cell(sheet, count, col, value, styles)
                if sample and value is not None:
                    widths.see(col, value)
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count)
        # Widths and the filter range are written when the workbook closes, so knowing them last is fine.
        widths.apply(sheet)
        sheet.autofilter(0, 0, count, max(len(output.header) - 1, 0))
        if output.summary is not None:
            _summary_sheet(workbook, output.summary, output.lang, styles)
    finally:
        with _fast_deflate():
            workbook.close()
    return count


@contextmanager
def _fast_deflate() -> Iterator[None]:
    """Let xlsxwriter deflate at level 1 while it zips the workbook.

    xlsxwriter has no option for the level, and its default (6) spends about 3 s on the 160 MB
    sheet of a 100,000-row export; level 1 takes under 1 s for a file about 1.7 times as large.
    The swap lasts only for this synchronous call, during which the event loop runs nothing else.
    """
    original = xlsxwriter.workbook.ZipFile
    xlsxwriter.workbook.ZipFile = functools.partial(original, compresslevel=ZIP_LEVEL)  # type: ignore[misc]
    try:
        yield
    finally:
        xlsxwriter.workbook.ZipFile = original  # type: ignore[misc]


def _styles(workbook: Any) -> dict[str, Any]:
    return {
        "header": workbook.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "bottom": 1, "valign": "vcenter", "text_wrap": True}
        ),
        "datetime": workbook.add_format({"num_format": XLSX_DATETIME, "align": "right"}),
        "decimal": workbook.add_format({"num_format": "0.00"}),
        "bold": workbook.add_format({"bold": True}),
    }


def _write_cell(sheet: Any, row: int, col: int, value: Cell, styles: dict[str, Any]) -> None:
    if value is None:
        return
    if isinstance(value, str):
        # write_string, not write(): citizen text must never turn into a formula or a link.
        sheet.write_string(row, col, value)
    elif isinstance(value, datetime):
        # Exporters hand over Baghdad-aware times; Excel has no time zones, so store the wall time.
        sheet.write_datetime(row, col, value.replace(tzinfo=None), styles["datetime"])
    elif isinstance(value, float):
        sheet.write_number(row, col, value, styles["decimal"])
    else:
        sheet.write_number(row, col, value)


def _summary_sheet(workbook: Any, summary: Summary, lang: str, styles: dict[str, Any]) -> None:
    """The summary sheet: totals, the rating distribution and a native column chart of it."""
    name = sheet_name(catalog.text("export-summary-sheet", lang))
    sheet = workbook.add_worksheet(name)
    if bidi.is_rtl(lang):
        sheet.right_to_left()
    totals = (
        ("export-summary-complete", summary.complete),
        ("export-summary-in-progress", summary.in_progress),
        ("export-summary-average", None if summary.average is None else round(summary.average, 2)),
    )
    for row, (key, value) in enumerate(totals):
        sheet.write_string(row, 0, catalog.text(key, lang), styles["bold"])
        _write_cell(sheet, row, 1, value, styles)
    first = 4
    sheet.write_string(first, 0, catalog.text("export-summary-rating", lang), styles["header"])
    sheet.write_string(first, 1, catalog.text("export-summary-count", lang), styles["header"])
    for offset, rating in enumerate(RATINGS, start=1):
        sheet.write_number(first + offset, 0, rating)
        sheet.write_number(first + offset, 1, summary.distribution[rating])
    # Each choice question's answers and counts, below the rating table (rows only go down).
    write_choice_tallies(sheet, summary.choices, first + len(RATINGS) + 2, lang, styles)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 12)
    last = first + len(RATINGS)
    chart = workbook.add_chart({"type": "column"})
    chart.add_series({
        "name": catalog.text("export-summary-count", lang),
        # List form: xlsxwriter quotes the Arabic sheet name itself.
        "categories": [name, first + 1, 0, last, 0],
        "values": [name, first + 1, 1, last, 1],
        "data_labels": {"value": True},
    })
    chart.set_title({"name": catalog.text("export-summary-chart-title", lang)})
    chart.set_x_axis({"name": catalog.text("export-summary-rating", lang)})
    chart.set_y_axis({"name": catalog.text("export-summary-count", lang), "min": 0})
    chart.set_legend({"none": True})
    sheet.insert_chart(0, 3, chart)


WRITERS = {"csv": write_csv, "xlsx": write_xlsx}


async def export_to_file(
    session: AsyncSession,
    identifier: str,
    fmt: str,
    selection: Selection,
    target: IO[bytes],
    *,
    actor: str,
    actor_contact_id: int | None = None,
    progress: Progress | None = None,
    record: bool = True,
) -> ExportResult:
    """Write one export into a binary file object and (unless `record` is False, for a caller that
    reads in a read-only session and records afterwards) record it in the audit log.

    The returned result carries no bytes (they are in `target`). Raises KeyError for an unknown
    exporter and ValueError for an unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    output = await open_output(session, identifier, selection)
    rows = await WRITERS[fmt](output, target, progress)
    if record:
        await record_export(session, identifier, fmt, selection, rows, actor=actor,
                            actor_contact_id=actor_contact_id)
    return ExportResult(filename_for(identifier, fmt, selection), FORMATS[fmt], b"", rows)


async def record_export(session: AsyncSession, identifier: str, fmt: str, selection: Selection, rows: int, *,
                        actor: str, actor_contact_id: int | None = None) -> None:
    """Write the audit-log entry of one export (who, what, for which organisation, how many rows).

    A file with phone numbers is recorded as `export.sensitive`, so `musharaka audit --action
    export.sensitive` lists exactly who took numbers out (and `--action export` still finds all).
    """
    organization_id = None
    if selection.event_id is not None:
        organization_id = await session.scalar(select(Event.organization_id).where(Event.id == selection.event_id))
    action = SENSITIVE_EXPORT_ACTION if selection.with_phone else EXPORT_ACTION
    await audit(
        session, actor=actor, action=action, actor_contact_id=actor_contact_id, organization_id=organization_id,
        details={"exporter": identifier, "event": selection.event_id,
                 "since": selection.since.isoformat() if selection.since else None,
                 "until": selection.until.isoformat() if selection.until else None,
                 "format": fmt, "rows": rows, "with_phone": selection.with_phone,
                 "include_cancelled": selection.include_cancelled},
    )
    await session.flush()


async def render(
    session: AsyncSession,
    identifier: str,
    fmt: str,
    selection: Selection,
    *,
    actor: str,
    actor_contact_id: int | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Render one export to bytes (for sending as a document) and record it in the audit log."""
    buffer = io.BytesIO()
    result = await export_to_file(session, identifier, fmt, selection, buffer, actor=actor,
                                  actor_contact_id=actor_contact_id, progress=progress)
    return result._replace(data=buffer.getvalue())
