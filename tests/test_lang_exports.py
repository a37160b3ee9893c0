"""Exports in the coordinator's language: `musharaka export --lang`, and the bot's export for an English coordinator."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select, update

from messages import catalog
from storage.db import Database
from storage.exports import Selection
from storage.models import Contact, Identity
from tests.helpers import Person
from tests.test_exports import (
    Data,
    _run_by_staff1,
    export,
    make_data,
    read_csv,
    run_cli,
    staff_core,  # noqa: F401 - a fixture
)


@pytest.fixture
async def data(db: Database) -> Data:
    """The export tests' data in the test database."""
    return await make_data(db)


@pytest.fixture
async def cli_data(tmp_path: Path) -> Data:
    """The export tests' data in a SQLite file the CLI subprocess opens."""
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    await database.migrate()
    try:
        return await make_data(database)
    finally:
        await database.dispose()


def _sheet_direction(payload: bytes) -> list[bool]:
    """rightToLeft of every worksheet, read from the XLSX XML itself (what Excel reads)."""
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        sheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
        return ['rightToLeft="1"' in archive.read(name).decode() for name in sheets]


async def test_the_cli_writes_english_headers_in_a_left_to_right_sheet_with_lang_en(tmp_path: Path,
                                                                                    cli_data: Data) -> None:
    target = tmp_path / "feedback-en.xlsx"
    done = run_cli(tmp_path, "feedback", "--event", str(cli_data.event_id), "--lang", "en", "-o", str(target))
    assert done.returncode == 0, done.stderr
    workbook = openpyxl.load_workbook(target)
    table, summary = workbook.worksheets
    assert table.title == catalog.text("export-name-feedback", "en")
    header = [cell.value for cell in table[1]]
    assert catalog.text("export-col-started-at", "en") in header
    assert not any(ch for title in header if title for ch in title if "\u0600" <= ch <= "\u06ff")
    assert summary.title == catalog.text("export-summary-sheet", "en")
    assert _sheet_direction(target.read_bytes()) == [False, False]
    assert table.sheet_view.rightToLeft in (None, False)


async def test_the_cli_writes_kurdish_headers_right_to_left_with_lang_ckb(tmp_path: Path, cli_data: Data) -> None:
    target = tmp_path / "registrations-ckb.xlsx"
    done = run_cli(tmp_path, "registrations", "--event", str(cli_data.event_id), "--lang", "ckb", "-o", str(target))
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(target).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[0] == catalog.text("export-col-ticket", "ckb") != catalog.text("export-col-ticket", "ar")
    statuses = {row[header.index(catalog.text("export-col-status", "ckb"))]
                for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert catalog.text("export-status-confirmed", "ckb") in statuses
    assert _sheet_direction(target.read_bytes()) == [True]


async def test_the_cli_stays_arabic_by_default_and_refuses_an_unknown_language(tmp_path: Path, cli_data: Data) -> None:
    target = tmp_path / "attendance.csv"
    done = run_cli(tmp_path, "attendance", "--event", str(cli_data.event_id), "--format", "csv", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert read_csv(target.read_bytes())[0][0] == catalog.text("export-col-ticket", "ar")
    done = run_cli(tmp_path, "attendance", "--event", str(cli_data.event_id), "--lang", "fr", "-o", str(target))
    assert done.returncode == 2 and "invalid choice" in done.stderr and "Traceback" not in done.stderr


async def test_an_english_csv_has_english_statuses_and_governorates(db: Database, data: Data) -> None:
    result = await export(db, "registrations", "csv", Selection(event_id=data.event_id, lang="en"))
    header, *rows = read_csv(result.data)
    assert header[0] == catalog.text("export-col-ticket", "en") == "Ticket code"
    cells = {cell for row in rows for cell in row}
    assert catalog.text("export-status-confirmed", "en") in cells
    assert catalog.text("gov-basra", "en") in cells


async def test_an_english_coordinator_downloads_english_headers_from_the_bot(db: Database, staff_core,  # noqa: F811
                                                                              data: Data, clock) -> None:
    await _run_by_staff1(db)
    staff = Person(staff_core, "staff1")
    await staff.onboard()
    async with db.transaction() as session:
        contact_id = await session.scalar(select(Identity.contact_id).where(Identity.external_id == "staff1"))
        await session.execute(update(Contact).where(Contact.id == contact_id).values(language="en"))
    await staff.command("menu")
    await staff.choose(catalog.text("export-menu-entry", "en"))
    await staff.choose("جلسة ختامية")
    await staff.choose(catalog.text("export-name-registrations", "en"))
    await staff.choose(catalog.text("export-format-xlsx", "en"))
    document = next(r.document for r in staff.replies if r.document is not None)
    sheet = openpyxl.load_workbook(io.BytesIO(document.data)).worksheets[0]
    assert sheet["A1"].value == catalog.text("export-col-ticket", "en")
    assert _sheet_direction(document.data) == [False]
