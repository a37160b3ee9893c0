"""Donor figures on the coordinators' page: the donor summary files and tables, and who registered by sex and age.

Stories: a data coordinator of «جمعية المثال الأولى» held a workshop in Basra (ten people
registered: six men, three women, one who preferred not to say) and a seminar in Baghdad (five
women). Another organisation had seven women in Basra. She downloads the donor summary for
November as CSV and XLSX, reads the same figures on the programme page, and sees her workshop's
registered people by sex and by age group. Three women is a group too small to show: the page and
the files say «أقل من ٥», never «٣». The other organisation's people are never counted; an
organizer cannot download the summary.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime

import openpyxl
from sqlalchemy import select

from storage.models import AuditLog, Contact, Event, Registration
from storage.models_questions import ContactAnswer, EventQuestions
from tests.conftest import FakeClock
from tests.dashboard_fixtures import organization, page_client, sign_in, staff
from tests.helpers import plain

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FEWER = "أقل من ٥"
# A group that would give a small one away with the total.
WITHHELD = "محجوب"
NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}
# Columns of the donor summary file: governorate, events, registered, attended, reached, then
# registered by sex (male, female, not said), attended by sex, registered by age (6 + not said)...
REGISTERED, ATTENDED = 2, 3
SEX_REGISTERED = {"male": 5, "female": 6, "not_said": 7}
SEX_ATTENDED = {"male": 8, "female": 9, "not_said": 10}
AGE_REGISTERED = {"18_24": 12, "25_34": 13, "not_said": 17}


@dataclass(slots=True)
class World:
    """Our organisation with a Basra workshop and a Baghdad seminar; theirs with a Basra event."""

    ours: int
    theirs: int
    workshop: int
    seminar: int
    foreign_event: int


async def _event(db, organization_id: int, title: str, governorate: str, day: int) -> int:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        event = Event(organization_id=organization_id, title=title, kind="workshop", governorate=governorate,
                      organizer_name="منظمة", venue="قاعة", starts_at=datetime(2026, 11, day, 9), capacity=40,
                      status="published")
        session.add(event)
        await session.flush()
        session.add(EventQuestions(event_id=event.id, standard=["sex", "age"], custom=[]))
        return event.id


async def _people(db, event_id: int, sex: str | None, age: str | None, count: int, came: int) -> None:  # type: ignore[no-untyped-def]
    """`count` confirmed people with these answers (None: no answer), the first `came` checked in."""
    async with db.transaction() as session:
        for index in range(count):
            contact = Contact(language="ar", governorate="basra", consent_at=datetime(2026, 11, 1))
            session.add(contact)
            await session.flush()
            for question, answer in (("sex", sex), ("age", age)):
                if answer is not None:
                    session.add(ContactAnswer(contact_id=contact.id, question=question, answer=answer))
            session.add(Registration(event_id=event_id, contact_id=contact.id, status="confirmed",
                                     ticket_code=f"D{contact.id}", created_at=datetime(2026, 11, 2),
                                     checked_in_at=datetime(2026, 11, 10, 10) if index < came else None))


async def _world(db) -> World:  # type: ignore[no-untyped-def]
    ours = await organization(db, "جمعية المثال الأولى")
    theirs = await organization(db, "منظمة أخرى")
    workshop = await _event(db, ours, "ورشة الحوكمة المحلية", "basra", 10)
    seminar = await _event(db, ours, "ندوة تمكين المرأة", "baghdad", 12)
    foreign_event = await _event(db, theirs, "فعالية منظمة أخرى", "basra", 11)
    await _people(db, workshop, "male", "25_34", 6, came=5)
    await _people(db, workshop, "female", "18_24", 3, came=2)
    await _people(db, workshop, "prefer_not", None, 1, came=0)
    await _people(db, seminar, "female", "25_34", 5, came=5)
    await _people(db, foreign_event, "female", "18_24", 7, came=7)
    return World(ours, theirs, workshop, seminar, foreign_event)


def _rows_by_name(rows: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row for row in rows if row}


async def test_the_donor_summary_csv_opens_with_the_counts_and_hides_the_three_women(db, clock: FakeClock) -> None:
    world = await _world(db)
    sara = await staff(db, "sara", world.ours, "coordinator")
    async with page_client(db) as client:
        await sign_in(client, db, sara)
        response = await client.get("/dashboard/programme/donor-summary.csv", params=NOVEMBER)
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/csv")
        assert response.headers["Cache-Control"] == "no-store"
        disposition = response.headers["Content-Disposition"]
        assert disposition == (f'attachment; filename="musharaka-donor-summary-org{world.ours}'
                               f'-2026-11-01_2026-11-30.csv"')
        raw = await response.read()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "المحافظة" and "الجنس" not in rows[0][0]
    table = _rows_by_name(rows[1:])
    basra, baghdad, total = table["البصرة"], table["بغداد"], table["المجموع"]
    assert [basra[REGISTERED], basra[ATTENDED]] == ["10", "7"]
    assert [basra[SEX_REGISTERED[g]] for g in ("male", "female", "not_said")] == ["6", FEWER, FEWER]
    # 7 attended: 5 men and 2 women. The 5 is withheld too, or 7 − 5 would tell the 2.
    assert [basra[SEX_ATTENDED[g]] for g in ("male", "female", "not_said")] == [WITHHELD, FEWER, "0"]
    assert [basra[AGE_REGISTERED[g]] for g in ("18_24", "25_34", "not_said")] == [FEWER, "6", FEWER]
    assert [baghdad[REGISTERED], baghdad[SEX_REGISTERED["female"]], baghdad[AGE_REGISTERED["25_34"]]] == [
        "5", "5", "5"]
    # The other organisation's seven women in Basra are not counted anywhere.
    # One person did not say: the 6 men are withheld with them, or 15 − 8 − 6 would tell the one.
    assert [total[REGISTERED], total[SEX_REGISTERED["female"]], total[SEX_REGISTERED["male"]]] == ["15", "8", WITHHELD]
    assert "3" not in (basra[SEX_REGISTERED["female"]], basra[AGE_REGISTERED["18_24"]])
    async with db.transaction() as session:
        entries = (await session.scalars(select(AuditLog).where(AuditLog.action == "export"))).all()
    assert [(e.actor, e.organization_id, e.details["exporter"], e.details["format"]) for e in entries] == [
        (f"staff:{sara.contact_id}", world.ours, "donor-summary", "csv")]


async def test_the_donor_summary_xlsx_opens_right_to_left_with_the_same_figures(db, clock: FakeClock) -> None:
    world = await _world(db)
    sara = await staff(db, "sara", world.ours, "coordinator")
    async with page_client(db) as client:
        await sign_in(client, db, sara)
        response = await client.get("/dashboard/programme/donor-summary.xlsx", params=NOVEMBER)
        assert response.status == 200
        assert response.headers["Content-Type"] == XLSX
        assert response.headers["Content-Disposition"].endswith('-2026-11-01_2026-11-30.xlsx"')
        workbook = openpyxl.load_workbook(io.BytesIO(await response.read()))
    sheet = workbook.worksheets[0]
    assert sheet.sheet_view.rightToLeft
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    basra = next(row for row in values if row and row[0] == "البصرة")
    assert basra[REGISTERED] == 10 and basra[SEX_REGISTERED["male"]] == 6
    assert basra[SEX_REGISTERED["female"]] == FEWER and basra[SEX_REGISTERED["female"]] != 3


async def test_an_english_coordinator_gets_the_file_in_english(db, clock: FakeClock) -> None:
    world = await _world(db)
    sam = await staff(db, "sam", world.ours, "coordinator", language="en")
    async with page_client(db) as client:
        await sign_in(client, db, sam)
        body = (await (await client.get("/dashboard/programme/donor-summary.csv", params=NOVEMBER)).read()).decode(
            "utf-8-sig")
    table = _rows_by_name(list(csv.reader(io.StringIO(body)))[1:])
    assert table["Basra"][SEX_REGISTERED["female"]] == "fewer than 5"
    assert table["Total"][REGISTERED] == "15"


async def test_the_programme_page_shows_the_donor_tables_with_small_groups_hidden(db, clock: FakeClock) -> None:
    world = await _world(db)
    sara = await staff(db, "sara", world.ours, "coordinator")
    async with page_client(db) as client:
        await sign_in(client, db, sara)
        html = await (await client.get("/dashboard/programme", params=NOVEMBER)).text()
    assert 'id="donor-summary"' in html and 'data-exporter="donor-summary"' in html
    assert f"/dashboard/programme/donor-summary.xlsx?from=2026-11-01&amp;to=2026-11-30&amp;org={world.ours}" in html
    by_sex = re.search(rf'<table[^>]*id="donor-{world.ours}-by-sex".*?</table>', html, re.S)
    assert by_sex
    basra = re.search(r"<tr><th scope=\"row\">البصرة</th>(.*?)</tr>", by_sex.group(0), re.S)
    assert basra
    cells = re.findall(r'<td class="num">([^<]*)</td>', basra.group(1))
    # Registered, attended, then (registered, attended) for male, female, not said.
    assert cells == ["١٠", "٧", "٦", WITHHELD, FEWER, FEWER, FEWER, "٠"]
    assert "٣" not in plain(by_sex.group(0)) and "١٥" in by_sex.group(0)
    assert f'id="donor-{world.ours}-by-age"' in html
    assert f"donor-{world.theirs}-" not in html


async def test_the_event_page_shows_registered_people_by_sex_and_age_without_small_groups(
        db, clock: FakeClock) -> None:
    world = await _world(db)
    sara = await staff(db, "sara", world.ours, "coordinator")
    async with page_client(db) as client:
        await sign_in(client, db, sara)
        html = await (await client.get(f"/dashboard/events/{world.workshop}")).text()
    sex = re.search(r'<figure class="chart" id="registered-by-sex">.*?</figure>', html, re.S)
    age = re.search(r'<figure class="chart" id="registered-by-age">.*?</figure>', html, re.S)
    assert sex and age
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">([^<]+)</td></tr>', sex.group(0)))
    assert rows == {"ذكر": "٦", "أنثى": FEWER, "لم يُذكر": FEWER}
    assert "<svg" in sex.group(0) and "<title" in sex.group(0)
    # The three women are neither a number in the table nor a bar in the chart.
    svg = sex.group(0).split("</svg>")[0]
    assert "أنثى" not in svg and ">٣<" not in sex.group(0)
    ages = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">([^<]+)</td></tr>', age.group(0)))
    assert ages["١٨–٢٤"] == FEWER and ages["٢٥–٣٤"] == "٦" and ages["لم يُذكر"] == FEWER


async def test_an_event_without_questions_shows_no_breakdown(db, clock: FakeClock) -> None:
    world = await _world(db)
    async with db.transaction() as session:
        config = await session.get(EventQuestions, world.seminar)
        await session.delete(config)
    sara = await staff(db, "sara", world.ours, "coordinator")
    async with page_client(db) as client:
        await sign_in(client, db, sara)
        html = await (await client.get(f"/dashboard/events/{world.seminar}")).text()
    assert 'id="registered-by"' not in html


async def test_another_organisations_figures_are_never_given(db, clock: FakeClock) -> None:
    world = await _world(db)
    sara = await staff(db, "sara", world.ours, "coordinator")
    async with page_client(db) as client:
        await sign_in(client, db, sara)
        foreign_file = await client.get("/dashboard/programme/donor-summary.csv",
                                        params={**NOVEMBER, "org": str(world.theirs)})
        assert foreign_file.status == 404
        for bad in ("abc", "٣", "99999999"):
            assert (await client.get("/dashboard/programme/donor-summary.csv",
                                     params={**NOVEMBER, "org": bad})).status == 404
        assert (await client.get("/dashboard/programme/donor-summary.pdf", params=NOVEMBER)).status == 404
        foreign_event = await client.get(f"/dashboard/events/{world.foreign_event}")
        assert foreign_event.status == 404
    async with db.transaction() as session:
        assert (await session.scalars(select(AuditLog).where(AuditLog.action == "export"))).all() == []


async def test_an_organizer_cannot_download_the_donor_summary(db, clock: FakeClock) -> None:
    world = await _world(db)
    omar = await staff(db, "omar", world.ours, "organizer")
    async with page_client(db) as client:
        await sign_in(client, db, omar)
        for fmt in ("csv", "xlsx"):
            response = await client.get(f"/dashboard/programme/donor-summary.{fmt}", params=NOVEMBER)
            assert response.status == 403
            assert "البصرة" not in await response.text()
    async with db.transaction() as session:
        assert (await session.scalars(select(AuditLog).where(AuditLog.action == "export"))).all() == []
