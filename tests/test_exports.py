"""Exports for coordinators: every exporter to CSV and XLSX, reopened with csv and openpyxl; the CLI; the bot flow."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from handlers.core import BotCore, CoreConfig
from messages import catalog
from storage.db import Database
from storage.exports import EXPORTERS, Selection, render
from storage.exports.registry import question_title
from storage.models import AuditLog, Contact, Identity, Registration, Survey, SurveyResponse
from tests.arabic_samples import long_paragraphs
from tests.helpers import Person, add_event

ROOT = Path(__file__).resolve().parents[1]
BOM = b"\xef\xbb\xbf"

DEFAULT_QUESTIONS = [
    {"key": "rating", "kind": "rating", "text_key": "survey-q-rating", "required": True},
    {"key": "lessons", "kind": "text", "text_key": "survey-q-lessons", "required": False},
    {"key": "challenges", "kind": "text", "text_key": "survey-q-challenges", "required": False},
    {"key": "plans", "kind": "text", "text_key": "survey-q-plans", "required": False},
]


@dataclass
class Data:
    """Ids and the answers the fixture stored."""

    event_id: int
    other_event_id: int
    answers: list[str]
    plans: str


# The numbers of the fixture's people. A WhatsApp id is the number's digits with the country code.
LINKED_WA = "9647701234567"        # writes on WhatsApp, linked to Telegram by sharing this same number
SHARED_ON_TELEGRAM = "+9647809876543"  # Telegram only, shared their number
CANCELLED_WA = "9647501112233"     # WhatsApp only, cancelled their registration
ALL_DIGITS = (LINKED_WA, SHARED_ON_TELEGRAM[1:], CANCELLED_WA)


async def _contact(session, governorate: str, channels: list[str], phone: str | None = None,  # type: ignore[no-untyped-def]
                   wa_id: str | None = None) -> Contact:
    contact = Contact(language="ar", governorate=governorate, interests=[], state={}, phone_e164=phone,
                      consent_at=datetime(2026, 11, 1))
    session.add(contact)
    await session.flush()
    for n, channel in enumerate(channels):
        external_id = wa_id if channel == "whatsapp" and wa_id else f"{contact.id}-{n}"
        session.add(Identity(contact_id=contact.id, channel=channel, external_id=external_id))
    return contact


async def make_data(db: Database) -> Data:
    """Two events; the first has five registrations of every kind and a survey with five responses."""
    # 07:00 UTC is 10:00 in Baghdad.
    event_id = await add_event(db, title="جلسة ختامية: حصد النتائج والدروس المستفادة",
                               starts_at=datetime(2026, 12, 7, 7, 0), kind="closing")
    other_id = await add_event(db, title="ندوة حوارية في ميسان", starts_at=datetime(2027, 1, 20, 9, 0),
                               governorate="maysan")
    # Long Arabic lines (punctuation, quotes, mixed digits, URLs): the project's samples, and
    # from the end of the list the real seeds when they are present.
    paragraphs = long_paragraphs()
    answers = [paragraphs[1], paragraphs[len(paragraphs) // 2], paragraphs[-4],
               "=HYPERLINK(\"http://x\") " + paragraphs[2]]
    plans = paragraphs[-1]
    async with db.transaction() as session:
        contacts = [
            await _contact(session, "baghdad", ["telegram"]),
            # Kept at consent on WhatsApp (the number is the address), and shared on Telegram too.
            await _contact(session, "basra", ["whatsapp", "telegram"], phone="+" + LINKED_WA, wa_id=LINKED_WA),
            await _contact(session, "maysan", ["console"]),
            await _contact(session, "najaf", ["telegram"], phone=SHARED_ON_TELEGRAM),
            await _contact(session, "nineveh", ["whatsapp"], phone="+" + CANCELLED_WA, wa_id=CANCELLED_WA),
        ]
        rows = [
            # (status, created UTC, checked in UTC); 22:30 UTC on 30 Nov is 01:30 on 1 Dec in Baghdad.
            ("confirmed", datetime(2026, 11, 30, 22, 30), datetime(2026, 12, 7, 6, 50)),
            ("confirmed", datetime(2026, 12, 1, 8, 0), None),
            ("waitlisted", datetime(2026, 12, 2, 8, 0), None),
            ("waitlisted", datetime(2026, 12, 3, 8, 0), None),
            ("cancelled", datetime(2026, 12, 1, 9, 0), None),
        ]
        for n, (contact, (status, created, checked_in)) in enumerate(zip(contacts, rows, strict=True)):
            session.add(Registration(
                event_id=event_id, contact_id=contact.id, status=status, ticket_code=f"TCKT{n:04d}",
                created_at=created, confirmed_at=created if status == "confirmed" else None,
                waitlisted_at=created if status == "waitlisted" else None,
                cancelled_at=created if status == "cancelled" else None, checked_in_at=checked_in,
            ))
        session.add(Registration(event_id=other_id, contact_id=contacts[0].id, status="confirmed",
                                 ticket_code="OTHER001", created_at=datetime(2026, 12, 1, 10, 0)))
        survey = Survey(event_id=event_id, questions=DEFAULT_QUESTIONS)
        session.add(survey)
        await session.flush()
        ratings = [5, 4, 4, 1]
        for n, (contact, rating, answer) in enumerate(zip(contacts, ratings, answers, strict=False)):
            session.add(SurveyResponse(
                survey_id=survey.id, contact_id=contact.id, current_question=4,
                answers={"rating": rating, "lessons": answer, "plans": plans if n == 0 else ""},
                started_at=datetime(2026, 12, 7, 21, 0),
                # 21:15 UTC on 7 Dec is 00:15 on 8 Dec in Baghdad.
                completed_at=datetime(2026, 12, 7, 21, 15),
            ))
        # In progress: its rating is exported but not counted in the summary.
        session.add(SurveyResponse(survey_id=survey.id, contact_id=contacts[4].id, current_question=1,
                                   answers={"rating": 2}, started_at=datetime(2026, 12, 8, 5, 0)))
    return Data(event_id, other_id, answers, plans)


@pytest.fixture
async def data(db: Database) -> Data:
    """The shared test data in the test database."""
    return await make_data(db)


async def export(db: Database, identifier: str, fmt: str, selection: Selection):  # type: ignore[no-untyped-def]
    """Render one export as the CLI or bot would."""
    async with db.transaction() as session:
        return await render(session, identifier, fmt, selection, actor="test:coordinator")


def read_csv(payload: bytes) -> list[list[str]]:
    """Parse a CSV export the way Excel would (BOM stripped)."""
    assert payload.startswith(BOM)
    return list(csv.reader(io.StringIO(payload.decode("utf-8-sig"), newline="")))


def read_xlsx(payload: bytes) -> openpyxl.Workbook:
    """Reopen an XLSX export with openpyxl."""
    return openpyxl.load_workbook(io.BytesIO(payload))


def titles(*keys: str) -> list[str]:
    """Column titles as the catalog has them."""
    return [catalog.text(f"export-col-{key}") for key in keys]


def by_column(header: list, row: list | tuple) -> dict[str, object]:
    """One row as {column key: value}, for the column keys of the catalog (export-col-*)."""
    keys = {catalog.text(f"export-col-{key}"): key for key in COLUMN_KEYS}
    return {keys.get(title, title): value for title, value in zip(header, row, strict=True)}


COLUMN_KEYS = ("event", "event-date", "ticket", "status", "waitlist-position", "registered-at", "confirmed-at",
               "cancelled-at", "checked-in-at", "channels", "governorate", "whatsapp-number", "shared-number",
               "response-status",
               "started-at", "completed-at", "complete", "in-progress", "average")
EVENT_TITLE = "جلسة ختامية: حصد النتائج والدروس المستفادة"


def sheet_rows(sheet) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """The data rows of a worksheet as {column key: value}."""
    header, *rows = list(sheet.iter_rows(values_only=True))
    return [by_column(list(header), row) for row in rows]


# --- registry -------------------------------------------------------------------------------------


def test_the_registry_has_the_four_exporters_with_arabic_names() -> None:
    assert list(EXPORTERS) == ["registrations", "attendance", "feedback", "feedback-summary"]
    for exporter in EXPORTERS.values():
        name = exporter.name()
        assert name and all("\u0600" <= ch <= "\u06ff" or ch == " " for ch in name)


def test_a_period_is_read_as_baghdad_calendar_days() -> None:
    start, end = Selection(since=date(2026, 12, 7), until=date(2026, 12, 7)).utc_bounds()
    # Midnight in Baghdad is 21:00 UTC the day before.
    assert start == datetime(2026, 12, 6, 21, 0)
    assert end == datetime(2026, 12, 7, 21, 0)


# --- registrations --------------------------------------------------------------------------------


async def test_registrations_csv_has_a_bom_arabic_statuses_baghdad_times_and_no_phone_numbers(db, data) -> None:
    result = await export(db, "registrations", "csv", Selection(event_id=data.event_id))
    assert result.mimetype == "text/csv"
    assert result.filename == f"musharaka-registrations-event{data.event_id}.csv"
    header, *rows = read_csv(result.data)
    # One event's file: no event column repeating its title; no phones and no cancellations unless asked.
    assert header == titles("ticket", "status", "waitlist-position", "registered-at", "confirmed-at",
                            "checked-in-at", "channels", "governorate")
    assert result.rows == len(rows) == 4
    by_ticket = {row["ticket"]: row for row in (by_column(header, r) for r in rows)}
    assert "OTHER001" not in by_ticket
    first = by_ticket["TCKT0000"]
    assert first["status"] == "مؤكد"
    assert first["registered-at"] == "2026-12-01 01:30"
    assert first["checked-in-at"] == "2026-12-07 09:50"
    assert first["channels"] == "تيليغرام"
    assert first["governorate"] == "بغداد"
    assert by_ticket["TCKT0001"]["channels"] == "تيليغرام، واتساب"
    assert by_ticket["TCKT0002"]["status"] == "على قائمة الانتظار"
    assert by_ticket["TCKT0002"]["waitlist-position"] == "1"
    assert by_ticket["TCKT0003"]["waitlist-position"] == "2"
    # The cancelled registration is left out.
    assert "TCKT0004" not in by_ticket


async def test_a_whatsapp_registrant_s_number_is_nowhere_in_a_file_asked_for_without_phones(db, data) -> None:
    for fmt in ("csv", "xlsx"):
        for identifier in ("registrations", "attendance"):
            everything = Selection(since=date(2026, 1, 1), include_cancelled=identifier == "registrations")
            payload = (await export(db, identifier, fmt, everything)).data
            text = payload.decode("utf-8-sig") if fmt == "csv" else _xlsx_text(payload)
            for digits in ALL_DIGITS:
                # Not the number, nor its local part (0770…, 770…).
                assert digits not in text and digits[3:] not in text, (identifier, fmt, digits)
            assert catalog.text("export-col-whatsapp-number") not in text
            assert catalog.text("export-col-shared-number") not in text


def _xlsx_text(payload: bytes) -> str:
    """Every XML part of a workbook (cells, shared strings, names) as one string."""
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml"))


async def test_with_phones_each_number_sits_once_under_a_header_that_says_where_it_comes_from(db, data) -> None:
    result = await export(db, "registrations", "csv", Selection(event_id=data.event_id, with_phone=True))
    assert result.filename == f"musharaka-registrations-event{data.event_id}-phones.csv"
    header, *rows = read_csv(result.data)
    assert header[-2:] == ["رقم واتساب", "الرقم المشارَك"]
    assert header[:-2] == titles("ticket", "status", "waitlist-position", "registered-at", "confirmed-at",
                                 "checked-in-at", "channels", "governorate")
    phones = {row[0]: (row[-2], row[-1]) for row in rows}
    assert phones == {
        "TCKT0000": ("", ""),                       # Telegram, shared nothing
        "TCKT0001": ("+" + LINKED_WA, ""),          # the WhatsApp number (also shared on Telegram): once
        "TCKT0002": ("", ""),                       # the terminal chat
        "TCKT0003": ("", SHARED_ON_TELEGRAM),       # shared on Telegram, no WhatsApp
    }
    # XLSX keeps the «+» and every digit: the numbers are text cells, not numbers.
    sheet = read_xlsx((await export(db, "registrations", "xlsx",
                                    Selection(event_id=data.event_id, with_phone=True))).data).active
    cells = {row[0].value: row[-2] for row in sheet.iter_rows(min_row=2)}
    assert cells["TCKT0001"].value == "+" + LINKED_WA and cells["TCKT0001"].data_type == "s"
    assert [c.value for c in sheet[1]][-2:] == ["رقم واتساب", "الرقم المشارَك"]


def test_a_number_shared_on_telegram_that_is_not_the_whatsapp_number_gets_its_own_column() -> None:
    from storage.exports.people import phone_cells

    assert phone_cells("9647701234567", "+9647809876543", "ar") == ["+9647701234567", "+9647809876543"]
    assert phone_cells("9647701234567", "+9647701234567", "ar") == ["+9647701234567", None]
    assert phone_cells(None, "+9647809876543", "ar") == [None, "+9647809876543"]
    assert phone_cells(None, None, "ar") == [None, None]


async def test_attendance_gives_phones_only_when_asked(db, data) -> None:
    header, *rows = read_csv((await export(db, "attendance", "csv",
                                           Selection(event_id=data.event_id, with_phone=True))).data)
    assert header == titles("ticket", "checked-in-at", "registered-at", "channels", "governorate",
                            "whatsapp-number", "shared-number")
    assert rows == [["TCKT0000", "2026-12-07 09:50", "2026-12-01 01:30", "تيليغرام", "بغداد", "", ""]]


async def test_cancelled_registrations_come_back_with_their_time_only_when_asked(db, data) -> None:
    selection = Selection(event_id=data.event_id, include_cancelled=True, with_phone=True)
    result = await export(db, "registrations", "csv", selection)
    header, *rows = read_csv(result.data)
    assert header[:9] == titles("ticket", "status", "waitlist-position", "registered-at", "confirmed-at",
                                "cancelled-at", "checked-in-at", "channels", "governorate")
    assert result.rows == len(rows) == 5
    cancelled = by_column(header, next(row for row in rows if row[0] == "TCKT0004"))
    assert cancelled["status"] == "ملغى"
    assert cancelled["cancelled-at"] == "2026-12-01 12:00"
    assert cancelled["waitlist-position"] == ""
    assert cancelled["whatsapp-number"] == "+" + CANCELLED_WA
    # The waiting list is numbered the same with or without the cancelled rows.
    assert by_column(header, next(row for row in rows if row[0] == "TCKT0003"))["waitlist-position"] == "2"
    async with db.transaction() as session:
        counted = await EXPORTERS["registrations"].count(session, selection)
        default = await EXPORTERS["registrations"].count(session, Selection(event_id=data.event_id))
    assert (counted, default) == (5, 4)


async def test_a_survey_file_never_takes_phone_numbers(db, data) -> None:
    for identifier in ("feedback", "feedback-summary"):
        with pytest.raises(ValueError, match="no phone numbers"):
            await export(db, identifier, "csv", Selection(event_id=data.event_id, with_phone=True))
    with pytest.raises(ValueError, match="no cancelled rows"):
        await export(db, "attendance", "csv", Selection(event_id=data.event_id, include_cancelled=True))
    assert await _audit_count(db) == 0


async def test_registrations_xlsx_is_right_to_left_with_a_bold_frozen_header_filter_and_real_dates(db, data) -> None:
    result = await export(db, "registrations", "xlsx", Selection(event_id=data.event_id))
    assert result.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = read_xlsx(result.data)
    sheet = workbook.worksheets[0]
    assert sheet.title == catalog.text("export-name-registrations")
    assert sheet.sheet_view.rightToLeft is True
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:H5"
    assert sheet["A1"].font.b is True
    assert sheet.max_row == 5
    rows = {row["ticket"]: row for row in sheet_rows(sheet)}
    first = rows["TCKT0000"]
    assert first["status"] == "مؤكد"
    assert first["registered-at"] == datetime(2026, 12, 1, 1, 30)
    assert sheet.cell(row=2, column=4).is_date
    assert first["checked-in-at"] == datetime(2026, 12, 7, 9, 50)
    assert rows["TCKT0002"]["waitlist-position"] == 1
    # Sensible widths: the governorate column is narrower than a date column, nothing is absurdly wide.
    widths = {col: dim.width for col, dim in sheet.column_dimensions.items()}
    assert widths["D"] >= 15 and widths["H"] < widths["D"]
    assert max(widths.values()) <= 61


# --- attendance -----------------------------------------------------------------------------------


async def test_attendance_lists_only_checked_in_people_with_their_baghdad_time(db, data) -> None:
    result = await export(db, "attendance", "csv", Selection(event_id=data.event_id))
    header, *rows = read_csv(result.data)
    assert header == titles("ticket", "checked-in-at", "registered-at", "channels", "governorate")
    assert rows == [["TCKT0000", "2026-12-07 09:50", "2026-12-01 01:30", "تيليغرام", "بغداد"]]
    sheet = read_xlsx((await export(db, "attendance", "xlsx", Selection(event_id=data.event_id))).data).active
    assert sheet.sheet_view.rightToLeft is True
    assert sheet["B2"].value == datetime(2026, 12, 7, 9, 50)
    assert sheet.auto_filter.ref == "A1:E2"


# --- feedback -------------------------------------------------------------------------------------


async def test_feedback_csv_has_one_row_per_response_and_one_column_per_question(db, data) -> None:
    result = await export(db, "feedback", "csv", Selection(event_id=data.event_id))
    header, *rows = read_csv(result.data)
    questions = [question_title(q, "ar") for q in DEFAULT_QUESTIONS]
    assert header == titles("response-status", "started-at", "completed-at") + questions
    # The question texts come from the survey catalog (messages/ar/survey.ftl).
    assert questions[1] == catalog.text("survey-q-lessons")
    assert result.rows == len(rows) == 5
    complete = [row for row in rows if row[0] == "مكتملة"]
    assert len(complete) == 4
    assert [row[3] for row in rows] == ["5", "4", "4", "1", "2"]
    assert rows[0][1] == "2026-12-08 00:00"
    assert rows[0][2] == "2026-12-08 00:15"
    # The Arabic free text comes back exactly as it was typed.
    assert [row[4] for row in rows[:3]] == data.answers[:3]
    assert rows[0][6] == data.plans
    in_progress = rows[4]
    assert in_progress[0] == "قيد الإجابة"
    assert in_progress[2] == "" and in_progress[4] == ""


async def test_citizen_text_never_becomes_a_formula(db, data) -> None:
    rows = read_csv((await export(db, "feedback", "csv", Selection(event_id=data.event_id))).data)
    assert rows[4][4] == "'" + data.answers[3]
    sheet = read_xlsx((await export(db, "feedback", "xlsx", Selection(event_id=data.event_id))).data).active
    assert sheet["E5"].data_type == "s"
    assert sheet["E5"].value == data.answers[3]


async def test_feedback_xlsx_has_a_summary_sheet_with_totals_distribution_and_a_chart(db, data) -> None:
    result = await export(db, "feedback", "xlsx", Selection(event_id=data.event_id))
    workbook = read_xlsx(result.data)
    assert workbook.sheetnames == [catalog.text("export-name-feedback"), "الملخص"]
    main, summary = workbook.worksheets
    assert main.sheet_view.rightToLeft is True and summary.sheet_view.rightToLeft is True
    assert main.freeze_panes == "A2"
    assert main.auto_filter.ref == "A1:G6"
    assert main["E2"].value == data.answers[0]
    assert main["B2"].value == datetime(2026, 12, 8, 0, 0)
    assert main["C2"].value == datetime(2026, 12, 8, 0, 15)
    assert main["D2"].value == 5
    values = {row[0]: row[1] for row in summary.iter_rows(max_row=3, values_only=True)}
    assert values == {
        catalog.text("export-summary-complete"): 4,
        catalog.text("export-summary-in-progress"): 1,
        catalog.text("export-summary-average"): 3.5,
    }
    distribution = [tuple(row[:2]) for row in summary.iter_rows(min_row=6, max_row=10, values_only=True)]
    assert distribution == [(1, 1), (2, 0), (3, 0), (4, 2), (5, 1)]
    assert len(summary._charts) == 1
    with zipfile.ZipFile(io.BytesIO(result.data)) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
    assert "<c:barChart>" in chart and "$B$6:$B$10" in chart and "الملخص" in chart


async def test_feedback_summary_counts_only_complete_responses(db, data) -> None:
    header, *rows = read_csv((await export(db, "feedback-summary", "csv", Selection(event_id=data.event_id))).data)
    assert header[:5] == titles("event", "event-date", "complete", "in-progress", "average")
    assert header[5:] == ["التقييم ١", "التقييم ٢", "التقييم ٣", "التقييم ٤", "التقييم ٥"]
    assert rows == [[EVENT_TITLE, "2026-12-07 10:00", "4", "1", "3.50", "1", "0", "0", "2", "1"]]
    workbook = read_xlsx((await export(db, "feedback-summary", "xlsx", Selection(event_id=data.event_id))).data)
    assert len(workbook.worksheets) == 2
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[2]][2:] == [4, 1, 3.5, 1, 0, 0, 2, 1]
    assert sheet["B2"].value == datetime(2026, 12, 7, 10, 0)
    assert workbook.worksheets[1]["B3"].value == 3.5


async def test_an_event_without_survey_exports_an_empty_table_and_a_zero_summary(db, data) -> None:
    result = await export(db, "feedback", "xlsx", Selection(event_id=data.other_event_id))
    workbook = read_xlsx(result.data)
    assert result.rows == 0
    assert workbook.worksheets[0].max_row == 1
    assert workbook.worksheets[1]["B1"].value == 0
    assert workbook.worksheets[1]["B3"].value is None


async def test_a_period_selects_the_events_starting_in_it(db, data) -> None:
    december = Selection(since=date(2026, 12, 1), until=date(2026, 12, 31))
    result = await export(db, "registrations", "csv", december)
    assert result.filename == "musharaka-registrations-2026-12-01_2026-12-31.csv"
    assert result.rows == 4
    everything = await export(db, "registrations", "csv", Selection(since=date(2026, 1, 1)))
    assert everything.rows == 5
    header, *rows = read_csv(everything.data)
    # A period spans events: each row says which one.
    assert header[0] == catalog.text("export-col-event")
    assert {(row[0], row[1]) for row in rows} >= {(EVENT_TITLE, "TCKT0000"), ("ندوة حوارية في ميسان", "OTHER001")}
    # 7 Dec 10:00 Baghdad is inside 7 Dec even though it is 07:00 UTC.
    assert (await export(db, "feedback", "csv", Selection(since=date(2026, 12, 7), until=date(2026, 12, 7)))).rows == 5
    assert (await export(db, "feedback", "csv", Selection(until=date(2026, 12, 6)))).rows == 0


async def test_every_export_is_written_to_the_audit_log(db, data) -> None:
    for identifier in EXPORTERS:
        for fmt in ("csv", "xlsx"):
            await export(db, identifier, fmt, Selection(event_id=data.event_id))
    async with db.transaction() as session:
        entries = (await session.scalars(select(AuditLog).order_by(AuditLog.id))).all()
    assert len(entries) == 8
    assert all(e.action == "export" and e.actor == "test:coordinator" for e in entries)
    assert entries[0].details == {"exporter": "registrations", "event": data.event_id, "since": None,
                                  "until": None, "format": "csv", "rows": 4, "with_phone": False,
                                  "include_cancelled": False}
    assert entries[-1].details["exporter"] == "feedback-summary"
    assert entries[-1].details["rows"] == 1


async def test_an_export_with_phones_is_audited_as_sensitive(db, data) -> None:
    from storage.services.audit import entries_since

    await export(db, "registrations", "xlsx", Selection(event_id=data.event_id))
    await export(db, "registrations", "xlsx", Selection(event_id=data.event_id, with_phone=True,
                                                         include_cancelled=True))
    async with db.transaction() as session:
        every_export = await entries_since(session, datetime(2000, 1, 1), action_prefix="export")
        sensitive = await entries_since(session, datetime(2000, 1, 1), action_prefix="export.sensitive")
    assert [e.action for e in every_export] == ["export", "export.sensitive"]
    [entry] = sensitive
    assert entry.details["with_phone"] is True and entry.details["include_cancelled"] is True
    assert entry.details["rows"] == 5 and entry.actor == "test:coordinator"


async def test_an_unknown_exporter_or_format_is_refused(db, data) -> None:
    with pytest.raises(KeyError):
        await export(db, "phones", "csv", Selection(event_id=data.event_id))
    with pytest.raises(ValueError):
        await export(db, "feedback", "pdf", Selection(event_id=data.event_id))


# --- the CLI --------------------------------------------------------------------------------------


def run_cli(tmp_path: Path, *args: str, command: str = "export", umask: int = -1) -> subprocess.CompletedProcess[str]:
    """`musharaka export …` (or another `command`) in a fresh interpreter over the SQLite file tmp_path/x.db."""
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "bot.cli", command, *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120, umask=umask)


@pytest.fixture
async def cli_data(tmp_path: Path) -> Data:
    """The test data in a SQLite file the CLI subprocess opens."""
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    await database.migrate()
    try:
        return await make_data(database)
    finally:
        await database.dispose()


async def test_the_cli_writes_the_file_and_audits_it(tmp_path: Path, cli_data: Data) -> None:
    target = tmp_path / "out" / "feedback.xlsx"
    target.parent.mkdir()
    done = run_cli(tmp_path, "feedback", "--event", str(cli_data.event_id), "--format", "xlsx", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert "wrote 5 rows" in done.stdout
    # Not a terminal: no progress bar.
    assert "[#" not in done.stderr
    workbook = openpyxl.load_workbook(target)
    assert workbook.worksheets[0].max_row == 6
    assert workbook.worksheets[0].sheet_view.rightToLeft is True
    assert os.stat(target).st_mode & 0o077 == 0
    assert [p.name for p in target.parent.iterdir()] == ["feedback.xlsx"]
    csv_target = tmp_path / "regs.csv"
    done = run_cli(tmp_path, "registrations", "--since", "٢٠٢٦-١٢-٠١", "--until", "2026-12-31",
                   "--format", "csv", "-o", str(csv_target))
    assert done.returncode == 0, done.stderr
    assert csv_target.read_bytes().startswith(BOM)
    # The header and four registrations: the cancelled one is left out, and the operator is told.
    assert len(read_csv(csv_target.read_bytes())) == 5
    assert "left out 1 cancelled registration (add them with --include-cancelled)" in done.stdout
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    try:
        async with database.transaction() as session:
            audits = (await session.scalars(select(AuditLog))).all()
    finally:
        await database.dispose()
    assert [a.details["exporter"] for a in audits] == ["feedback", "registrations"]
    assert all(a.actor.startswith("cli:") for a in audits)


async def _cli_audits(tmp_path: Path) -> list[AuditLog]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    try:
        async with database.transaction() as session:
            return list((await session.scalars(select(AuditLog).order_by(AuditLog.id))).all())
    finally:
        await database.dispose()


async def test_the_cli_adds_phone_numbers_only_with_with_phone_and_audits_that_as_sensitive(
        tmp_path: Path, cli_data: Data) -> None:
    plain, phones = tmp_path / "plain.csv", tmp_path / "phones.xlsx"
    done = run_cli(tmp_path, "registrations", "--event", str(cli_data.event_id), "--format", "csv", "-o", str(plain))
    assert done.returncode == 0, done.stderr
    assert "holds phone numbers" not in done.stdout
    text = plain.read_bytes().decode("utf-8-sig")
    assert not any(digits in text for digits in ALL_DIGITS)
    done = run_cli(tmp_path, "registrations", "--event", str(cli_data.event_id), "--with-phone",
                   "--include-cancelled", "-o", str(phones))
    assert done.returncode == 0, done.stderr
    assert "wrote 5 rows" in done.stdout and "holds phone numbers (audited as export.sensitive)" in done.stdout
    assert "left out" not in done.stdout
    sheet = openpyxl.load_workbook(phones).active
    header = [cell.value for cell in sheet[1]]
    assert header[-2:] == ["رقم واتساب", "الرقم المشارَك"] and catalog.text("export-col-cancelled-at") in header
    numbers = {row[0]: row[-2:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert numbers["TCKT0001"] == ("+" + LINKED_WA, None)
    assert numbers["TCKT0003"] == (None, SHARED_ON_TELEGRAM)
    assert numbers["TCKT0004"] == ("+" + CANCELLED_WA, None)
    audits = await _cli_audits(tmp_path)
    assert [(a.action, a.details["with_phone"], a.details["include_cancelled"]) for a in audits] == [
        ("export", False, False), ("export.sensitive", True, True)]


async def test_every_file_the_shell_and_the_terminal_chat_write_is_0600(tmp_path: Path, cli_data: Data) -> None:
    from bot.console_files import FileSaver
    from handlers.types import Document

    # Even with a umask that would let everyone read what is created.
    for exporter, fmt in (("registrations", "csv"), ("attendance", "xlsx"), ("feedback", "xlsx")):
        target = tmp_path / f"{exporter}.{fmt}"
        done = run_cli(tmp_path, exporter, "--event", str(cli_data.event_id), "--format", fmt, "-o", str(target),
                       umask=0)
        assert done.returncode == 0, done.stderr
        assert stat.S_IMODE(target.stat().st_mode) == 0o600, exporter
    # An export over an existing, world-readable file replaces it with a private one.
    old = tmp_path / "old.csv"
    old.write_text("x")
    old.chmod(0o644)
    assert run_cli(tmp_path, "registrations", "--event", str(cli_data.event_id), "--format", "csv",
                   "-o", str(old), umask=0).returncode == 0
    assert stat.S_IMODE(old.stat().st_mode) == 0o600
    events_file = tmp_path / "events.csv"
    done = run_cli(tmp_path, "export", "--format", "csv", "--all", "-o", str(events_file), command="events", umask=0)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(events_file.stat().st_mode) == 0o600
    # Files the terminal chat saves (tickets, exports), including one a previous version left 0644.
    saver = FileSaver(tmp_path / "musharaka-files")
    previous_umask = os.umask(0)
    try:
        saved = saver.save(Document("musharaka-registrations-event1-phones.csv", b"data"))
        assert saved is not None and stat.S_IMODE(saved.stat().st_mode) == 0o600
        saved.chmod(0o644)
        assert saver.save(Document(saved.name, b"data")) == saved
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    finally:
        os.umask(previous_umask)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["feedback", "--event", "999", "-o", "x.csv"], "no event with id 999"),
        (["feedback", "--event", "1", "--format", "pdf"], "invalid choice"),
        (["feedback", "--event", "1", "-o", "missing-dir/x.csv"], "does not exist"),
        (["feedback", "--event", "1", "-o", "."], "is a folder"),
        (["feedback"], "choose what to export"),
        (["feedback", "--since", "yesterday"], "not a date"),
        (["feedback", "--event", "1", "--with-phone", "-o", "x.csv"],
         "the feedback export has no phone numbers; --with-phone is for registrations, attendance"),
        (["attendance", "--event", "1", "--include-cancelled", "-o", "x.csv"],
         "the attendance export has no cancelled registrations; --include-cancelled is for registrations"),
    ],
    ids=["unknown-event", "bad-format", "missing-directory", "directory", "no-selection", "bad-date",
         "phones-in-a-survey", "cancelled-attendance"],
)
async def test_the_cli_fails_cleanly(tmp_path: Path, cli_data: Data, args: list[str], message: str) -> None:
    done = run_cli(tmp_path, *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.csv").exists()
    assert not list(tmp_path.glob(".musharaka-export-*"))


async def test_the_cli_refuses_an_unwritable_directory(tmp_path: Path, cli_data: Data) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    # root may write into a read-only directory; /proc accepts no new files from anyone.
    target = Path("/proc/musharaka.xlsx") if os.geteuid() == 0 else locked / "a.xlsx"
    done = run_cli(tmp_path, "attendance", "--event", str(cli_data.event_id), "-o", str(target))
    assert done.returncode == 2
    assert "cannot write" in done.stderr and "Traceback" not in done.stderr


def test_the_progress_bar_draws_on_a_terminal_stream() -> None:
    from bot.cli_export import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(2000, "feedback", stream)
    bar.update(1000, force=True)
    bar.finish(2000)
    assert "50%" in stream.getvalue() and "100%" in stream.getvalue() and stream.getvalue().endswith("\n")


# --- the bot flow ---------------------------------------------------------------------------------


@pytest.fixture
async def staff_core(db: Database) -> BotCore:
    """A core where console user staff1 is the coordinator of the organisation that runs the events."""
    from storage.models import Organization, Staff
    from storage.services.contacts import get_or_create_identity

    # Rows written directly, so the audit log holds only what the tests do.
    async with db.transaction() as session:
        organization = Organization(name="منظمة المنسق")
        session.add(organization)
        _, contact, _ = await get_or_create_identity(session, "console", "staff1")
        await session.flush()
        session.add(Staff(organization_id=organization.id, contact_id=contact.id, role="coordinator"))
    return await BotCore.create(db, CoreConfig(secret_key="test-secret"))


async def _run_by_staff1(db: Database) -> None:
    """Give every event without an organisation to staff1's (staff see only their organisations' events)."""
    from sqlalchemy import update

    from storage.models import Event, Organization

    async with db.transaction() as session:
        organization_id = await session.scalar(select(Organization.id).where(Organization.name == "منظمة المنسق"))
        await session.execute(update(Event).where(Event.organization_id.is_(None))
                              .values(organization_id=organization_id))


async def _audit_count(db: Database) -> int:
    async with db.transaction() as session:
        return await session.scalar(select(func.count()).select_from(AuditLog)) or 0


async def test_staff_choose_an_event_an_exporter_and_a_format_and_get_the_file(db, staff_core, data, clock) -> None:
    await _run_by_staff1(db)
    staff = Person(staff_core, "staff1")
    await staff.onboard()
    await staff.command("menu")
    await staff.choose("تنزيل البيانات")
    assert len(staff.replies[-1].options) <= 8
    await staff.choose("جلسة ختامية")
    await staff.choose(catalog.text("export-name-feedback"))
    await staff.choose("مع الملخص")
    document = staff.replies[0].document
    assert document is not None
    assert document.filename == f"musharaka-feedback-event{data.event_id}.xlsx"
    assert document.mime_type.endswith("spreadsheetml.sheet")
    assert "٥ صفوف" in staff.replies[0].text
    assert read_xlsx(document.data).worksheets[0]["E2"].value == data.answers[0]
    await staff.choose(catalog.text("export-another"))
    await staff.choose(catalog.text("export-name-registrations"))
    await staff.choose("CSV")
    assert read_csv(staff.replies[0].document.data)[1][0].startswith("TCKT")
    async with db.transaction() as session:
        audits = (await session.scalars(select(AuditLog).order_by(AuditLog.id))).all()
    staff_id = audits[0].actor_contact_id
    assert [(a.actor, a.details["exporter"], a.details["format"]) for a in audits] == [
        (f"staff:{staff_id}", "feedback", "xlsx"), (f"staff:{staff_id}", "registrations", "csv")]
    assert audits[0].actor_contact_id is not None


async def test_staff_add_phone_numbers_and_cancelled_registrations_only_by_choosing_them(
        db, staff_core, data, clock) -> None:
    await _run_by_staff1(db)
    staff = Person(staff_core, "staff1")
    await staff.onboard()
    await staff.command("menu")
    await staff.choose("تنزيل البيانات")
    await staff.choose("جلسة ختامية")
    await staff.choose(catalog.text("export-name-registrations"))
    screen = staff.replies[-1]
    assert catalog.text("export-phones-state", on="no") in screen.text
    assert catalog.text("export-cancelled-state", on="no") in screen.text
    assert len(screen.options) <= 8
    # The plain file first: no numbers, no cancelled row.
    await staff.choose("CSV")
    header, *rows = read_csv(staff.replies[0].document.data)
    assert "رقم واتساب" not in header and len(rows) == 4
    assert catalog.text("export-caption-phones") not in staff.replies[0].text
    await staff.choose(catalog.text("export-another"))
    await staff.choose(catalog.text("export-name-registrations"))
    await staff.choose(catalog.text("export-with-phones"))
    assert catalog.text("export-phones-state", on="yes") in staff.replies[-1].text
    await staff.choose(catalog.text("export-with-cancelled"))
    screen = staff.replies[-1]
    assert catalog.text("export-cancelled-state", on="yes") in screen.text
    labels = [o.label for o in screen.options]
    assert catalog.text("export-without-phones") in labels and catalog.text("export-without-cancelled") in labels
    await staff.choose("مع الملخص")
    document = staff.replies[0].document
    assert document.filename == f"musharaka-registrations-event{data.event_id}-phones.xlsx"
    assert catalog.text("export-caption-phones") in staff.replies[0].text
    sheet = read_xlsx(document.data).active
    assert [c.value for c in sheet[1]][-2:] == ["رقم واتساب", "الرقم المشارَك"]
    numbers = {row[0]: row[-2:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert len(numbers) == 5 and numbers["TCKT0001"] == ("+" + LINKED_WA, None)
    async with db.transaction() as session:
        audits = (await session.scalars(select(AuditLog).order_by(AuditLog.id))).all()
    assert [(a.action, a.details["with_phone"], a.details["include_cancelled"]) for a in audits] == [
        ("export", False, False), ("export.sensitive", True, True)]
    assert audits[1].actor == f"staff:{audits[1].actor_contact_id}"


async def test_a_survey_file_offers_no_phone_numbers_and_a_forged_phone_option_gets_no_file(
        db, staff_core, data, clock) -> None:
    await _run_by_staff1(db)
    staff = Person(staff_core, "staff1")
    await staff.onboard()
    await staff.command("menu")
    await staff.choose("تنزيل البيانات")
    await staff.choose("جلسة ختامية")
    await staff.choose(catalog.text("export-name-feedback"))
    labels = [o.label for o in staff.replies[-1].options]
    assert catalog.text("export-with-phones") not in labels and catalog.text("export-with-cancelled") not in labels
    assert "أرقام الهواتف" not in staff.replies[-1].text
    async with db.transaction() as session:
        contact_id = await session.scalar(select(Identity.contact_id).where(Identity.external_id == "staff1"))
    for forged in (staff_core.codec.encode(contact_id, "xd", data.event_id, "feedback", "csv", "p"),
                   staff_core.codec.encode(contact_id, "xd", data.event_id, "attendance", "csv", "c"),
                   staff_core.codec.encode(contact_id, "xd", data.event_id, "registrations", "csv", "pp")):
        replies = await staff.choose_id(forged)
        assert replies[0].text == catalog.text("option-stale") and all(r.document is None for r in replies)
    assert await _audit_count(db) == 0


async def test_the_event_list_is_paged(db, staff_core, clock) -> None:
    for n in range(12):
        await add_event(db, title=f"ورشة عمل {n}", starts_at=datetime(2026, 12, 10 + n, 7, 0))
    await _run_by_staff1(db)
    staff = Person(staff_core, "staff1")
    await staff.onboard()
    await staff.command("menu")
    await staff.choose("تنزيل البيانات")
    labels = [o.label for o in staff.replies[-1].options]
    assert len(labels) <= 8 and "ورشة عمل 11 — " in labels[0]
    await staff.choose(catalog.text("export-next"))
    await staff.choose(catalog.text("export-next"))
    labels = [o.label for o in staff.replies[-1].options]
    assert any("ورشة عمل 0" in label for label in labels) and len(labels) <= 8


async def test_a_citizen_sees_no_export_entry_and_a_forged_option_gets_no_file(db, staff_core, data, clock) -> None:
    citizen = Person(staff_core, "citizen1")
    await citizen.onboard()
    await citizen.command("menu")
    assert "تنزيل البيانات" not in [o.label for r in citizen.replies for o in r.options]
    async with db.transaction() as session:
        contact_id = await session.scalar(select(Identity.contact_id).where(Identity.external_id == "citizen1"))
    codec = staff_core.codec
    for forged in (codec.encode(contact_id, "xd", data.event_id, "registrations", "csv"),
                   codec.encode(contact_id, "xe", 0), codec.encode(contact_id, "xk", data.event_id),
                   codec.encode(contact_id, "xf", data.event_id, "feedback")):
        replies = await citizen.choose_id(forged)
        assert replies[0].text == catalog.text("option-stale")
        assert all(r.document is None for r in replies)
        assert "TCKT" not in citizen.texts
    assert await _audit_count(db) == 0


async def test_staff_forging_a_bad_exporter_or_a_missing_event_get_no_file(db, staff_core, data, clock) -> None:
    staff = Person(staff_core, "staff1")
    await staff.onboard()
    async with db.transaction() as session:
        contact_id = await session.scalar(select(Identity.contact_id).where(Identity.external_id == "staff1"))
    codec = staff_core.codec
    replies = await staff.choose_id(codec.encode(contact_id, "xd", data.event_id, "phones", "csv"))
    assert replies[0].text == catalog.text("option-stale")
    replies = await staff.choose_id(codec.encode(contact_id, "xd", 999, "feedback", "csv"))
    assert replies[0].text == catalog.text("export-event-missing")
    assert all(r.document is None for r in replies)
    assert await _audit_count(db) == 0



async def test_a_coordinator_exports_only_the_events_of_their_organisation(db, core, data, clock) -> None:
    from storage.models import Organization
    from storage.services.staff import grant_role

    async with db.transaction() as session:
        mine, theirs = Organization(name="جمعية المثال الأولى"), Organization(
            name="مركز المثال الثاني لدعم الديمقراطية")
        session.add_all([mine, theirs])
        await session.flush()
        mine_id, theirs_id = mine.id, theirs.id
    own_event = await add_event(db, title="طاولة حوارية عن الموازنة", starts_at=datetime(2026, 12, 9, 7, 0),
                                organization_id=mine_id)
    foreign_event = await add_event(db, title="ورشة عمل في النجف", starts_at=datetime(2026, 12, 10, 7, 0),
                                    organization_id=theirs_id)
    coordinator = Person(core, "coord1")
    await coordinator.onboard()
    async with db.transaction() as session:
        contact_id = await session.scalar(select(Identity.contact_id).where(Identity.external_id == "coord1"))
        await grant_role(session, mine_id, contact_id, "coordinator", actor="test")
    await coordinator.command("menu")
    await coordinator.choose("تنزيل البيانات")
    labels = [o.label for o in coordinator.replies[-1].options]
    assert any("طاولة حوارية عن الموازنة" in label for label in labels)
    assert not any("ورشة عمل في النجف" in label or "جلسة ختامية" in label for label in labels)
    forged = core.codec.encode(contact_id, "xd", foreign_event, "registrations", "csv")
    replies = await coordinator.choose_id(forged)
    assert replies[0].text == catalog.text("option-stale") and all(r.document is None for r in replies)
    await coordinator.choose_id(core.codec.encode(contact_id, "xd", own_event, "registrations", "xlsx"))
    assert coordinator.replies[0].document is not None
    async with db.transaction() as session:
        exports = (await session.scalars(select(AuditLog).where(AuditLog.action == "export"))).all()
    assert [(e.organization_id, e.details["event"]) for e in exports] == [(mine_id, own_event)]
