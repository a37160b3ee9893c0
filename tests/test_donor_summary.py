"""The donor summary (issue 15): distinct people per governorate by sex and age, checked by hand on fixed data."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from handlers.core import BotCore, CoreConfig
from messages import catalog
from storage.db import Database
from storage.exports.donor import render_donor_summary, table
from storage.models import AuditLog, Contact, Event, Identity, Organization, Registration, Staff, Survey, SurveyResponse
from storage.models_questions import ContactAnswer
from storage.services.donor_summary import SMALL_GROUP, donor_summary, is_small_group, suppressed
from storage.services.registration import new_ticket_code
from tests.helpers import Person

ROOT = Path(__file__).resolve().parents[1]
SINCE, UNTIL = date(2026, 11, 1), date(2026, 11, 30)
FEWER = "أقل من ٥"
# sex and age of people 1..12 (None: never answered). 6 preferred not to say their sex, 11 their age.
SEX = {1: "female", 2: "female", 3: "female", 4: "male", 5: "male", 6: "prefer_not", 7: None, 8: "female",
       9: "male", 10: "male", 11: "female", 12: "female"}
AGE = {1: "18_24", 2: "18_24", 3: "25_34", 4: "25_34", 5: "60plus", 6: None, 7: None, 8: "18_24", 9: None,
       10: "under18", 11: "prefer_not", 12: "45_59"}


@dataclass
class Data:
    organization_id: int
    other_organization_id: int


async def make_data(db: Database) -> Data:
    """Organisation A's November in Baghdad and Basra, plus events that must not count.

    Counted: E1 Baghdad seminar (seats 1-7, check-ins 1-5, ratings 5 4 4 3 5 and an unfinished 1),
    E2 Baghdad workshop (seats 1 2 8, check-ins 1 8, waiting list 9), E3 Basra seminar on
    1 November just after midnight Baghdad time (seats 1 10 11 12, check-ins 10 11, person 3
    cancelled, rating 2). Not counted: October, 1 December 00:30 Baghdad, a draft, a cancelled
    event, and another organisation's event (each with someone checked in).
    """
    async with db.transaction() as session:
        mine, other = Organization(name="منظمة المانحين"), Organization(name="منظمة أخرى")
        session.add_all([mine, other])
        await session.flush()
        people: dict[int, int] = {}
        for number in range(1, 15):
            contact = Contact(language="ar", governorate="baghdad", interests=[], state={},
                              consent_at=datetime(2026, 10, 1))
            session.add(contact)
            await session.flush()
            people[number] = contact.id
            for question, answers in (("sex", SEX), ("age", AGE)):
                if answers.get(number):
                    session.add(ContactAnswer(contact_id=contact.id, question=question, answer=answers[number]))

        async def event(governorate: str, kind: str, starts: datetime, organization: Organization = mine,
                        status: str = "published") -> int:
            row = Event(organization_id=organization.id, organizer_name=organization.name, title=f"{kind} {starts}",
                        kind=kind, governorate=governorate, venue="قاعة", description="وصف", starts_at=starts,
                        status=status)
            session.add(row)
            await session.flush()
            return row.id

        def seat(event_id: int, number: int, status: str = "confirmed", came: bool = False) -> None:
            session.add(Registration(event_id=event_id, contact_id=people[number], status=status,
                                     ticket_code=new_ticket_code(),
                                     checked_in_at=datetime(2026, 11, 5, 10) if came else None))

        e1 = await event("baghdad", "seminar", datetime(2026, 11, 5, 10))
        e2 = await event("baghdad", "workshop", datetime(2026, 11, 20, 10))
        e3 = await event("basra", "seminar", datetime(2026, 10, 31, 21, 30))  # 1 Nov 00:30 in Baghdad
        for number in range(1, 8):
            seat(e1, number, came=number <= 5)
        for number, came in ((1, True), (2, False), (8, True)):
            seat(e2, number, came=came)
        seat(e2, 9, "waitlisted")
        for number in (1, 10, 11, 12):
            seat(e3, number, came=number in (10, 11))
        seat(e3, 3, "cancelled")
        for starts, status, organization in ((datetime(2026, 10, 20, 10), "published", mine),
                                             (datetime(2026, 11, 30, 21, 30), "published", mine),
                                             (datetime(2026, 11, 15, 10), "draft", mine),
                                             (datetime(2026, 11, 16, 10), "cancelled", mine),
                                             (datetime(2026, 11, 6, 10), "published", other)):
            outside = await event("baghdad", "conference", starts, organization, status)
            seat(outside, 13, came=True)
            seat(outside, 14, came=True)
        for event_id, ratings in ((e1, {1: 5, 2: 4, 3: 4, 4: 3, 5: 5, 6: 1}), (e3, {10: 2})):
            survey = Survey(event_id=event_id, questions=[])
            session.add(survey)
            await session.flush()
            for number, rating in ratings.items():
                session.add(SurveyResponse(survey_id=survey.id, contact_id=people[number], answers={"rating": rating},
                                           completed_at=None if number == 6 else datetime(2026, 11, 21)))
        return Data(mine.id, other.id)


@pytest.fixture
async def data(db: Database) -> Data:
    return await make_data(db)


async def _summary(db: Database, organization_id: int):  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        organization = await session.get(Organization, organization_id)
        return await donor_summary(session, organization, SINCE, UNTIL)


async def test_the_counts_of_a_fixed_data_set_match_the_hand_count(db, data) -> None:
    summary = await _summary(db, data.organization_id)
    assert [code for code, _ in summary.governorates] == ["baghdad", "basra"]
    baghdad, basra = (figures for _, figures in summary.governorates)
    total = summary.total
    # Baghdad: seats 1-8 (8 people, 1 and 2 counted once for two events), check-ins 1-5 and 8, waiting list 9.
    assert (baghdad.events, baghdad.registered, baghdad.attended, baghdad.reached) == (2, 8, 6, 9)
    assert baghdad.events_by_kind == {"seminar": 1, "workshop": 1}
    assert baghdad.registered_by_sex == {"male": 2, "female": 4, "not_said": 2}  # 6 declined, 7 never answered
    assert baghdad.attended_by_sex == {"male": 2, "female": 4, "not_said": 0}
    assert baghdad.registered_by_age == {"under18": 0, "18_24": 3, "25_34": 2, "35_44": 0, "45_59": 0, "60plus": 1,
                                         "not_said": 2}
    assert baghdad.attended_by_age == {"under18": 0, "18_24": 3, "25_34": 2, "35_44": 0, "45_59": 0, "60plus": 1,
                                       "not_said": 0}
    assert (baghdad.ratings, baghdad.average_rating) == (5, pytest.approx(21 / 5))  # the unfinished 1 left out
    # Basra: seats 1 10 11 12 (3 cancelled), check-ins 10 11.
    assert (basra.events, basra.registered, basra.attended, basra.reached) == (1, 4, 2, 4)
    assert basra.registered_by_sex == {"male": 1, "female": 3, "not_said": 0}
    assert basra.attended_by_age == {"under18": 1, "18_24": 0, "25_34": 0, "35_44": 0, "45_59": 0, "60plus": 0,
                                     "not_said": 1}
    assert (basra.ratings, basra.average_rating) == (1, 2.0)
    # The total counts person 1 (Baghdad and Basra) once: 11 registered, not 8 + 4.
    assert (total.events, total.registered, total.attended, total.reached) == (3, 11, 8, 12)
    assert total.events_by_kind == {"seminar": 2, "workshop": 1}
    assert total.registered_by_sex == {"male": 3, "female": 6, "not_said": 2}
    assert total.attended_by_sex == {"male": 3, "female": 5, "not_said": 0}
    assert total.registered_by_age == {"under18": 1, "18_24": 3, "25_34": 2, "35_44": 0, "45_59": 1, "60plus": 1,
                                       "not_said": 3}
    assert total.average_rating == pytest.approx(23 / 6)


async def test_another_organisation_sees_only_its_own_events(db, data) -> None:
    summary = await _summary(db, data.other_organization_id)
    assert [code for code, _ in summary.governorates] == ["baghdad"]
    assert (summary.total.events, summary.total.registered, summary.total.attended) == (1, 2, 2)


def test_groups_of_one_to_four_people_are_never_shown_as_a_number() -> None:
    assert SMALL_GROUP == 5
    assert [is_small_group(n) for n in (0, 1, 4, 5, 40)] == [False, True, True, False, False]
    assert suppressed(3) == FEWER and suppressed(3, "en") == "fewer than 5"
    assert suppressed(0) == 0 and suppressed(5) == 5


async def test_the_table_suppresses_small_groups_and_thin_averages(db, data) -> None:
    summary = await _summary(db, data.organization_id)
    baghdad, basra, total = table(summary, "ar")
    assert baghdad[:5] == ["بغداد", 2, 8, 6, 9]
    # registered by sex: male 2, female 4, not said 2 -> all fewer than 5
    assert baghdad[5:8] == [FEWER, FEWER, FEWER]
    assert basra[:5] == ["البصرة", 1, FEWER, FEWER, FEWER]
    # The rating follows the 5 leading columns and the splits (sex 3 + 3, age 7 + 7): column 25.
    assert baghdad[25] == 4.2 and basra[25] == FEWER  # one Basra rating: no average that tells it
    assert total[:5] == ["المجموع", 3, 11, 8, 12]
    assert total[6] == 6 and total[-2:] == [2, 1]  # women registered; seminars, workshops


async def test_the_csv_has_a_bom_the_table_the_total_and_the_notes(db, data) -> None:
    summary = await _summary(db, data.organization_id)
    async with db.transaction() as session:
        result = await render_donor_summary(session, summary, "csv", lang="ar", actor="test")
        audits = (await session.scalars(select(AuditLog))).all()
    assert result.data.startswith(b"\xef\xbb\xbf")
    assert result.filename == f"musharaka-donor-summary-org{data.organization_id}-2026-11-01_2026-11-30.csv"
    rows = list(csv.reader(io.StringIO(result.data.decode("utf-8-sig"))))
    header = rows[0]
    assert header[:5] == ["المحافظة", "الفعاليات", "مسجّلون (أشخاص)", "حضروا (أشخاص)", "أشخاص وصلنا إليهم"]
    assert "مسجّلون (أشخاص) — أنثى" in header and "حضروا (أشخاص) — لم يُذكر" in header
    assert "مسجّلون (أشخاص) — ٦٠ فأكثر" in header and header[-2:] == ["فعاليات: ندوة حوارية", "فعاليات: ورشة عمل"]
    assert [row[0] for row in rows[1:4]] == ["بغداد", "البصرة", "المجموع"]
    assert rows[3][header.index("مسجّلون (أشخاص) — أنثى")] == "6"
    assert rows[-1][0].startswith("كيف حُسبت الأرقام") and "أشخاص مختلفون" in rows[-1][0]
    assert [a.details["exporter"] for a in audits] == ["donor-summary"]
    assert audits[0].organization_id == data.organization_id


async def test_the_xlsx_is_right_to_left_with_a_native_chart_and_a_notes_row(db, data) -> None:
    summary = await _summary(db, data.organization_id)
    async with db.transaction() as session:
        result = await render_donor_summary(session, summary, "xlsx", lang="ar", actor="test")
    workbook = openpyxl.load_workbook(io.BytesIO(result.data))
    sheet = workbook.worksheets[0]
    assert sheet.sheet_view.rightToLeft
    assert "منظمة المانحين" in sheet["A1"].value and "2026-11-01" in sheet["A1"].value
    assert [sheet.cell(row=3, column=c).value for c in (1, 2, 3)] == ["المحافظة", "الفعاليات", "مسجّلون (أشخاص)"]
    assert [sheet.cell(row=r, column=3).value for r in (4, 5, 6)] == [8, FEWER, 11]
    assert sheet.cell(row=6, column=1).value == "المجموع"
    assert sheet.cell(row=8, column=1).value.startswith("كيف حُسبت الأرقام")
    with zipfile.ZipFile(io.BytesIO(result.data)) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
    assert "<c:barChart>" in chart and "المسجّلون والحاضرون حسب المحافظة" in chart


async def test_an_english_file_reads_left_to_right(db, data) -> None:
    summary = await _summary(db, data.organization_id)
    async with db.transaction() as session:
        result = await render_donor_summary(session, summary, "xlsx", lang="en", actor="test")
    sheet = openpyxl.load_workbook(io.BytesIO(result.data)).worksheets[0]
    assert not sheet.sheet_view.rightToLeft
    assert sheet.cell(row=5, column=3).value == "fewer than 5"


# --- the CLI --------------------------------------------------------------------------------------


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`musharaka export …` in a fresh interpreter over the SQLite file tmp_path/x.db."""
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "bot.cli", "export", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
async def cli_data(tmp_path: Path) -> Data:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    await database.migrate()
    try:
        return await make_data(database)
    finally:
        await database.dispose()


async def test_the_cli_writes_the_donor_summary_and_audits_it(tmp_path: Path, cli_data: Data) -> None:
    target = tmp_path / "donor.xlsx"
    done = run_cli(tmp_path, "donor-summary", "--org", "منظمة المانحين", "--from", "2026-11-01", "--to", "٢٠٢٦-١١-٣٠",
                   "--format", "xlsx", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert "wrote the donor summary" in done.stdout and "3 events" in done.stdout
    sheet = openpyxl.load_workbook(target).worksheets[0]
    assert sheet.cell(row=6, column=3).value == 11
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    done = run_cli(tmp_path, "donor-summary", "--org", str(cli_data.organization_id), "--from", "2026-11-01",
                   "--to", "2026-11-30", "--format", "csv", "-o", str(tmp_path / "donor.csv"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "donor.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    try:
        async with database.transaction() as session:
            audits = (await session.scalars(select(AuditLog).where(AuditLog.action == "export"))).all()
    finally:
        await database.dispose()
    assert [(a.details["exporter"], a.details["format"]) for a in audits] == [("donor-summary", "xlsx"),
                                                                              ("donor-summary", "csv")]


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2026-11-01", "--to", "2026-11-30"], "error: donor-summary needs --org"),
    (["--org", "لا توجد", "--from", "2026-11-01", "--to", "2026-11-30"], "error: no organisation 'لا توجد'"),
    (["--org", "1", "--from", "2026-12-01", "--to", "2026-11-30"], "error: --from is after --to"),
    (["--org", "1", "--from", "2026-11-01", "--to", "2026-11-30", "--event", "3"], "error: donor-summary takes"),
])
async def test_the_cli_fails_with_one_clear_line(tmp_path: Path, cli_data: Data, args: list[str],
                                                 message: str) -> None:
    done = run_cli(tmp_path, "donor-summary", *args, "-o", str(tmp_path / "x.csv"))
    assert done.returncode == 2
    assert done.stderr.strip().startswith(message), done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.csv").exists()


# --- the bot --------------------------------------------------------------------------------------


async def _coordinator(db: Database, organization_id: int, external_id: str = "coord") -> BotCore:
    from storage.services.contacts import get_or_create_identity

    async with db.transaction() as session:
        _, contact, _ = await get_or_create_identity(session, "console", external_id)
        await session.flush()
        session.add(Staff(organization_id=organization_id, contact_id=contact.id, role="coordinator"))
    return await BotCore.create(db, CoreConfig(secret_key="test-secret"))


async def test_a_coordinator_gets_the_donor_summary_from_the_downloads_menu(db, data, clock) -> None:
    clock.now = datetime(2026, 11, 30, 9)
    core = await _coordinator(db, data.organization_id)
    staff = Person(core, "coord")
    await staff.onboard()
    await staff.command("menu")
    await staff.choose("تنزيل البيانات")
    await staff.choose("ملخص للمانحين")
    assert "منظمة المانحين" in staff.texts
    await staff.choose("آخر ٣ أشهر")
    assert "٢٠٢٦-٠٨-٣١" in staff.texts and "٢٠٢٦-١١-٣٠" in staff.texts
    await staff.choose("CSV")
    document = staff.replies[0].document
    assert document is not None and document.filename.endswith("2026-08-31_2026-11-30.csv")
    rows = list(csv.reader(io.StringIO(document.data.decode("utf-8-sig"))))
    # 31 August to 30 November: the October event counts now (1 December 00:30 in Baghdad still not).
    assert rows[1][:2] == ["بغداد", "3"]
    assert catalog.text("donor-notes").split(":")[0] in rows[-1][0]


async def test_another_organisation_s_summary_is_refused(db, data, clock) -> None:
    core = await _coordinator(db, data.organization_id)
    staff = Person(core, "coord")
    await staff.onboard()
    async with db.transaction() as session:
        contact_id = await session.scalar(select(Identity.contact_id).where(Identity.external_id == "coord"))
    await staff.choose_id(core.codec.encode(contact_id, "xS", data.other_organization_id, "y", "csv"))
    assert all(reply.document is None for reply in staff.replies)
    citizen = Person(core, "citizen")
    await citizen.onboard()
    async with db.transaction() as session:
        citizen_id = await session.scalar(select(Identity.contact_id).where(Identity.external_id == "citizen"))
    await citizen.choose_id(core.codec.encode(citizen_id, "xS", data.organization_id, "y", "csv"))
    assert all(reply.document is None for reply in citizen.replies)


def test_a_lone_small_group_takes_the_next_smallest_with_it_so_the_total_cannot_give_it_away() -> None:
    from storage.services.donor_summary import hidden_groups, shown_count

    # 9 registered: 6 men, 3 women. Showing the 6 beside the total would tell the 3.
    assert hidden_groups({"male": 6, "female": 3, "not_said": 0}) == {"female", "male"}
    # Two small groups already hide each other; large ones stay visible.
    assert hidden_groups({"male": 20, "female": 3, "not_said": 2}) == {"female", "not_said"}
    assert hidden_groups({"male": 20, "female": 7, "not_said": 0}) == set()
    assert shown_count(6, True, "en") == "withheld" and shown_count(3, True, "en") == "fewer than 5"
    assert shown_count(20, False, "en") == 20
