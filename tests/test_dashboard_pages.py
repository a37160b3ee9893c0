"""The coordinators' web page itself: what each role sees, the walls between organisations, headers, files.

Stories: a data coordinator of «جمعية المثال الأولى» opens the overview (Arabic, right to left,
Arabic-Indic digits, Iraqi month names), opens her workshop's page, searches the written answers,
downloads the registrations as XLSX; she cannot open another organisation's event, an organizer
cannot open the page at all, and only an admin sees the team and the audit log, removes a member
(whose session stops) and creates an invite.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime

import openpyxl
from sqlalchemy import select

from storage.models import AuditLog, Contact, Event, Registration, Survey, SurveyResponse
from storage.services.surveys import default_questions
from tests.conftest import FakeClock
from tests.dashboard_fixtures import Person, csrf_of, organization, page_client, sign_in, staff
from tests.helpers import plain

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(slots=True)
class World:
    """Two organisations, each with a held event; ours also has an upcoming one."""

    ours: int
    theirs: int
    workshop: int
    upcoming: int
    foreign_event: int


async def _event(db, organization_id: int, title: str, starts_at: datetime) -> int:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        event = Event(organization_id=organization_id, title=title, kind="workshop", governorate="baghdad",
                      organizer_name="منظمة", venue="قاعة", starts_at=starts_at, capacity=20)
        session.add(event)
        await session.flush()
        return event.id


async def _attendees(db, event_id: int) -> None:  # type: ignore[no-untyped-def]
    """Three confirmed people (two checked in), one on the waiting list, and their survey answers."""
    people = [("baghdad", True, {"rating": 5, "lessons": "تعلمنا كتابة المطالب بوضوح"}),
              ("basra", True, {"rating": 4, "lessons": "تعلمنا كتابة المطالب بوضوح", "plans": "ورشة ثانية"}),
              ("basra", False, {"rating": 4, "lessons": "الحوار مع المجلس مهم"})]
    async with db.transaction() as session:
        survey = Survey(event_id=event_id, questions=default_questions())
        session.add(survey)
        await session.flush()
        for index, (governorate, came, answers) in enumerate(people):
            contact = Contact(language="ar", governorate=governorate, consent_at=datetime(2026, 11, 1))
            session.add(contact)
            await session.flush()
            session.add(Registration(event_id=event_id, contact_id=contact.id, status="confirmed",
                                     ticket_code=f"T{event_id}X{index}", created_at=datetime(2026, 11, 10 + index),
                                     checked_in_at=datetime(2026, 11, 20, 10) if came else None))
            session.add(SurveyResponse(survey_id=survey.id, contact_id=contact.id, answers=answers,
                                       current_question=4, completed_at=datetime(2026, 11, 21)))
        waiting = Contact(language="ar", governorate="najaf", consent_at=datetime(2026, 11, 1))
        session.add(waiting)
        await session.flush()
        session.add(Registration(event_id=event_id, contact_id=waiting.id, status="waitlisted",
                                 ticket_code=f"T{event_id}W", waitlisted_at=datetime(2026, 11, 12)))


async def _world(db) -> World:  # type: ignore[no-untyped-def]
    ours = await organization(db, "جمعية المثال الأولى")
    theirs = await organization(db, "منظمة أخرى")
    workshop = await _event(db, ours, "ورشة: كيف نكتب مطالب الحي؟", datetime(2026, 11, 20, 9))
    upcoming = await _event(db, ours, "طاولة حوارية عن الانتخابات", datetime(2026, 12, 7, 7))
    foreign_event = await _event(db, theirs, "فعالية منظمة أخرى", datetime(2026, 11, 25, 9))
    await _attendees(db, workshop)
    await _attendees(db, foreign_event)
    return World(ours, theirs, workshop, upcoming, foreign_event)


async def test_the_overview_is_arabic_right_to_left_with_iraqi_dates_and_digits(db, clock: FakeClock) -> None:
    world = await _world(db)
    sara = await staff(db, "sara", world.ours, "coordinator")
    async with page_client(db) as client:
        await sign_in(client, db, sara)
        response = await client.get("/dashboard/")
        assert response.status == 200
        html = await response.text()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'id="page-title"' in html and 'id="upcoming"' in html and 'id="recent"' in html
    text = plain(html)
    assert "ورشة: كيف نكتب مطالب الحي؟" in text and "طاولة حوارية عن الانتخابات" in text
    assert "فعالية منظمة أخرى" not in text
    assert "تشرين الثاني" in text and "كانون الأول" in text  # Iraqi month names
    assert "٢٠٢٦" in text and "2026" not in re.sub(r"<[^>]+>", "", html).replace('value="2026', "")


async def test_an_english_speaker_gets_the_page_left_to_right(db, clock: FakeClock) -> None:
    world = await _world(db)
    sam = await staff(db, "sam", world.ours, "coordinator", language="en")
    async with page_client(db) as client:
        await sign_in(client, db, sam)
        html = await (await client.get("/dashboard/")).text()
    assert '<html lang="en" dir="ltr">' in html
    assert "Upcoming events" in html and "December 2026" in plain(html)


async def test_the_event_page_shows_counts_ratings_answers_and_export_buttons(db, clock: FakeClock) -> None:
    world = await _world(db)
    sara = await staff(db, "sara", world.ours, "coordinator")
    async with page_client(db) as client:
        await sign_in(client, db, sara)
        response = await client.get(f"/dashboard/events/{world.workshop}")
        assert response.status == 200
        html = await response.text()
        figures = await (await client.get(f"/dashboard/events/{world.workshop}/figures.json")).json()
    text = plain(html)
    assert "ورشة: كيف نكتب مطالب الحي؟" in text
    assert figures["counts"] == {"registered": 3, "waiting": 1, "attended": 2, "survey_answers": 3}
    assert figures["shown"]["registered"] == "٣"
    assert 'data-figure="registered">٣<' in html
    # Two people wrote the same lesson: one row, counted twice.
    assert re.search(r"تعلمنا كتابة المطالب بوضوح</td><td class=\"num\">٢<", html)
    assert "<svg" in html and "<title" in html  # server-drawn charts, each with a title
    for fmt in ("csv", "xlsx"):
        assert f'class="export" data-format="{fmt}"' in html
    assert 'id="answers-lessons"' in html and 'id="ratings-table"' in html


async def test_free_text_answers_are_searchable_the_way_people_type(db, clock: FakeClock) -> None:
    world = await _world(db)
    sara = await staff(db, "sara", world.ours, "coordinator")
    async with page_client(db) as client:
        await sign_in(client, db, sara)
        # «الحوار» typed with a different alef and tatweel still finds «الحوار».
        html = await (await client.get(f"/dashboard/events/{world.workshop}", params={"q": "ألحـوار"})).text()
    assert "الحوار مع المجلس مهم" in html
    assert "تعلمنا كتابة المطالب بوضوح" not in html


async def test_a_coordinator_downloads_the_registrations_as_xlsx_and_it_is_audited(db, clock: FakeClock) -> None:
    world = await _world(db)
    sara = await staff(db, "sara", world.ours, "coordinator")
    async with page_client(db) as client:
        await sign_in(client, db, sara)
        response = await client.get(f"/dashboard/events/{world.workshop}/export/registrations.xlsx")
        assert response.status == 200
        assert response.headers["Content-Type"] == XLSX
        assert "attachment" in response.headers["Content-Disposition"]
        assert response.headers["Cache-Control"] == "no-store"
        workbook = openpyxl.load_workbook(io.BytesIO(await response.read()))
        csv = await client.get(f"/dashboard/events/{world.workshop}/export/feedback.csv")
        assert csv.status == 200 and (await csv.read()).startswith(b"\xef\xbb\xbf")
    sheet = workbook.worksheets[0]
    assert sheet.max_row == 1 + 4  # header + three confirmed + one waiting (cancelled left out)
    async with db.transaction() as session:
        exports = (await session.scalars(select(AuditLog).where(AuditLog.action == "export"))).all()
    assert [(e.actor, e.organization_id, e.details["exporter"]) for e in exports] == [
        (f"staff:{sara.contact_id}", world.ours, "registrations"), (f"staff:{sara.contact_id}", world.ours, "feedback")]


async def test_another_organisations_event_is_not_found_anywhere(db, clock: FakeClock) -> None:
    world = await _world(db)
    sara = await staff(db, "sara", world.ours, "coordinator")
    async with page_client(db) as client:
        await sign_in(client, db, sara)
        for path in (f"/dashboard/events/{world.foreign_event}",
                     f"/dashboard/events/{world.foreign_event}/figures.json",
                     f"/dashboard/events/{world.foreign_event}/export/registrations.xlsx",
                     "/dashboard/events/999999", "/dashboard/events/abc",
                     f"/dashboard/events/{world.workshop}/export/nonsense.xlsx",
                     f"/dashboard/events/{world.workshop}/export/registrations.pdf"):
            response = await client.get(path)
            assert response.status == 404, path
            assert "فعالية منظمة أخرى" not in await response.text()
    async with db.transaction() as session:
        assert (await session.scalars(select(AuditLog).where(AuditLog.action == "export"))).all() == []


async def _status(db, person: Person, path: str) -> int:  # type: ignore[no-untyped-def]
    async with page_client(db) as client:
        await sign_in(client, db, person)
        return (await client.get(path)).status


async def test_the_role_matrix_is_the_bots(db, clock: FakeClock) -> None:
    world = await _world(db)
    admin = await staff(db, "boss", world.ours, "admin")
    coordinator = await staff(db, "sara", world.ours, "coordinator")
    organizer = await staff(db, "omar", world.ours, "organizer")
    other_admin = await staff(db, "zaid", world.theirs, "admin")
    event = f"/dashboard/events/{world.workshop}"
    expected: dict[tuple[Person, str], int] = {
        # (person, path): status — figures and files for "export" (admin, coordinator), team for admins.
        (admin, "/dashboard/"): 200, (admin, event): 200, (admin, "/dashboard/admin"): 200,
        (coordinator, "/dashboard/"): 200, (coordinator, event): 200, (coordinator, "/dashboard/admin"): 403,
        (coordinator, "/dashboard/programme"): 200,
        (organizer, "/dashboard/"): 403, (organizer, event): 403, (organizer, "/dashboard/programme.csv"): 403,
        (other_admin, event): 404, (other_admin, "/dashboard/admin"): 200,
    }
    seen = {(person.name, path): await _status(db, person, path) for person, path in expected}
    assert seen == {(person.name, path): status for (person, path), status in expected.items()}


async def test_every_page_carries_the_security_headers_and_no_inline_code(db, clock: FakeClock) -> None:
    world = await _world(db)
    boss = await staff(db, "boss", world.ours, "admin")
    async with page_client(db) as client:
        await sign_in(client, db, boss)
        for path in ("/dashboard/", f"/dashboard/events/{world.workshop}", "/dashboard/programme",
                     "/dashboard/admin", "/dashboard/login/nothing", "/dashboard/no-such-page"):
            response = await client.get(path)
            headers = response.headers
            assert headers["Content-Security-Policy"].startswith("default-src 'self'"), path
            assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
            assert headers["X-Frame-Options"] == "DENY"
            assert headers["Referrer-Policy"] == "no-referrer"
            assert headers["Cache-Control"] == "no-store"
            html = await response.text()
            assert " style=" not in html and "<style" not in html, path
            assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
            # Nothing from elsewhere (the SVG namespace is a name, not a request).
            outside = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
            assert "http://" not in outside and "https://" not in outside, path
        css = await client.get("/dashboard/static/dashboard.css")
        assert css.status == 200 and "@media print" in await css.text()
        js = await client.get("/dashboard/static/dashboard.js")
        assert js.status == 200 and "figures.json" not in (await js.text()).split("data-refresh-url")[0][-1:]


async def test_the_programme_gives_donor_figures_and_files(db, clock: FakeClock) -> None:
    world = await _world(db)
    sara = await staff(db, "sara", world.ours, "coordinator")
    period = {"from": "2026-11-01", "to": "2026-11-30"}
    async with page_client(db) as client:
        await sign_in(client, db, sara)
        html = await (await client.get("/dashboard/programme", params=period)).text()
        csv = await client.get("/dashboard/programme.csv", params=period)
        xlsx = await client.get("/dashboard/programme.xlsx", params=period)
        assert csv.status == 200 and xlsx.status == 200
        body = (await csv.read()).decode("utf-8-sig")
        openpyxl.load_workbook(io.BytesIO(await xlsx.read()))
    assert 'id="programme-totals"' in html and 'id="events-by-kind-table"' in html
    assert "ورشة عمل" in html and "البصرة" in html
    assert "عدد الأشخاص الذين وصلنا إليهم" in body and ",3" in body
    async with db.transaction() as session:
        entry = (await session.scalars(select(AuditLog).where(AuditLog.action == "export"))).all()
    assert [(e.details["exporter"], e.details["format"]) for e in entry] == [("programme", "csv"),
                                                                            ("programme", "xlsx")]


async def test_an_admin_removes_a_member_whose_session_stops_and_invites_another(db, clock: FakeClock) -> None:
    world = await _world(db)
    boss = await staff(db, "boss", world.ours, "admin")
    sara = await staff(db, "sara", world.ours, "coordinator")
    async with page_client(db) as sara_client, page_client(db) as boss_client:
        await sign_in(sara_client, db, sara)
        await sign_in(boss_client, db, boss)
        csrf = await csrf_of(boss_client, "/dashboard/admin")
        html = await (await boss_client.get("/dashboard/admin")).text()
        assert f'data-contact-id="{sara.contact_id}"' in html and "منسق بيانات" in html
        unticked = await boss_client.post(f"/dashboard/admin/staff/{sara.contact_id}/remove",
                                          data={"csrf": csrf, "org": str(world.ours)})
        assert "لم يُزَل أحد" in await unticked.text()
        assert (await sara_client.get("/dashboard/")).status == 200
        removed = await boss_client.post(f"/dashboard/admin/staff/{sara.contact_id}/remove",
                                         data={"csrf": csrf, "org": str(world.ours), "confirm": "yes"})
        assert removed.status == 200 and "أُزيل العضو" in await removed.text()
        assert (await sara_client.get("/dashboard/")).status == 401
        # The last admin stays.
        last = await boss_client.post(f"/dashboard/admin/staff/{boss.contact_id}/remove",
                                      data={"csrf": csrf, "org": str(world.ours), "confirm": "yes"})
        assert "آخر مدير" in await last.text()
        invited = await boss_client.post("/dashboard/admin/invite",
                                         data={"csrf": csrf, "org": str(world.ours), "role": "coordinator"})
        assert invited.status == 200
        code = re.search(r'id="invite-code">([A-Z0-9]{10})<', await invited.text())
        assert code
        # An admin of one organisation cannot act on another's team.
        foreign = await boss_client.post(f"/dashboard/admin/staff/{boss.contact_id}/remove",
                                         data={"csrf": csrf, "org": str(world.theirs), "confirm": "yes"})
        assert foreign.status == 403
    async with db.transaction() as session:
        actions = [(e.actor, e.action) for e in (await session.scalars(
            select(AuditLog).where(AuditLog.action.in_(("staff.remove", "invite.create"))))).all()]
    assert actions == [(f"staff:{boss.contact_id}", "staff.remove"), (f"staff:{boss.contact_id}", "invite.create")]


async def test_the_audit_log_can_be_filtered_by_action(db, clock: FakeClock) -> None:
    world = await _world(db)
    boss = await staff(db, "boss", world.ours, "admin")
    async with page_client(db) as client:
        await sign_in(client, db, boss)
        await client.get(f"/dashboard/events/{world.workshop}/export/attendance.csv")
        everything = await (await client.get("/dashboard/admin")).text()
        exports = await (await client.get("/dashboard/admin", params={"action": "export"})).text()
    assert "<code>dashboard.login</code>" in everything and "<code>export</code>" in everything
    assert "<code>dashboard.login</code>" not in exports and "<code>export</code>" in exports


async def test_a_kurdish_speaker_gets_the_page_right_to_left_in_kurdish(db, clock: FakeClock) -> None:
    world = await _world(db)
    hawre = await staff(db, "hawre", world.ours, "coordinator", language="ckb")
    async with page_client(db) as client:
        await sign_in(client, db, hawre)
        html = await (await client.get("/dashboard/")).text()
    assert '<html lang="ckb" dir="rtl">' in html
    assert "چالاکییە داهاتووەکان" in html and "٢٠٢٦" in plain(html)
