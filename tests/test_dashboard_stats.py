"""The figures behind the coordinators' web page, on a small data set counted by hand.

Organisation A has a past workshop (E1), an upcoming seminar (E2), a cancelled event (E3) and a
draft (E4); organisation B has one past event (E5). "Now" is 2026-12-01 09:00 UTC.

E1 (2026-11-20): c1 confirmed + checked in, c2 confirmed, c3 confirmed + checked in, c4 waitlisted,
c5 cancelled. Survey: c1 and c3 completed (ratings 5 and 4), c2 started but did not finish.
E2 (2026-12-10): c1 and c4 confirmed. E3 (cancelled): c2 cancelled. E5 (B): c5 confirmed + checked in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from storage.db import Database
from storage.models import Contact, Event, Organization, Registration, Survey, SurveyResponse
from storage.services import dashboard_stats as stats
from storage.services.surveys import default_questions

NOW = datetime(2026, 12, 1, 9, 0)


@dataclass
class Data:
    """Ids of the hand-made data set."""

    org_a: int
    org_b: int
    e1: int
    e2: int
    e3: int
    e4: int
    e5: int


def _event(org: int, title: str, starts: datetime, *, kind: str = "workshop", gov: str = "baghdad",
           status: str = "published") -> Event:
    return Event(organization_id=org, organizer_name="x", title=title, kind=kind, governorate=gov, venue="v",
                 starts_at=starts, status=status)


@pytest.fixture
async def data(db: Database) -> Data:
    """The data set described in the module docstring."""
    async with db.transaction() as s:
        a, b = Organization(name="A"), Organization(name="B")
        s.add_all([a, b])
        await s.flush()
        people = [Contact(governorate=g) for g in ("baghdad", "basra", "baghdad", None, "erbil")]
        s.add_all(people)
        e1 = _event(a.id, "ورشة الحوكمة", datetime(2026, 11, 20, 7, 0))
        e2 = _event(a.id, "ندوة الشباب", datetime(2026, 12, 10, 7, 0), kind="seminar", gov="basra")
        e3 = _event(a.id, "ملغاة", datetime(2026, 11, 25, 7, 0), status="cancelled")
        e4 = _event(a.id, "مسودة", datetime(2026, 12, 20, 7, 0), status="draft")
        e5 = _event(b.id, "فعالية منظمة أخرى", datetime(2026, 11, 21, 7, 0), gov="erbil")
        s.add_all([e1, e2, e3, e4, e5])
        await s.flush()
        c1, c2, c3, c4, c5 = (p.id for p in people)
        checked = datetime(2026, 11, 20, 7, 5)
        rows = [
            # 22:00 UTC on 10 Nov is 01:00 on 11 Nov in Baghdad.
            (e1.id, c1, "confirmed", datetime(2026, 11, 10, 22, 0), checked),
            (e1.id, c2, "confirmed", datetime(2026, 11, 11, 10, 0), None),
            (e1.id, c3, "confirmed", datetime(2026, 11, 12, 10, 0), checked),
            (e1.id, c4, "waitlisted", datetime(2026, 11, 12, 12, 0), None),
            (e1.id, c5, "cancelled", datetime(2026, 11, 12, 13, 0), None),
            (e2.id, c1, "confirmed", datetime(2026, 11, 30, 10, 0), None),
            (e2.id, c4, "confirmed", datetime(2026, 11, 30, 11, 0), None),
            (e3.id, c2, "cancelled", datetime(2026, 11, 20, 10, 0), None),
            (e5.id, c5, "confirmed", datetime(2026, 11, 15, 10, 0), checked),
        ]
        s.add_all(Registration(event_id=e, contact_id=c, status=st, created_at=at, checked_in_at=ci,
                               ticket_code=f"T{i}") for i, (e, c, st, at, ci) in enumerate(rows))
        survey = Survey(event_id=e1.id, questions=default_questions())
        other_survey = Survey(event_id=e5.id, questions=default_questions())
        s.add_all([survey, other_survey])
        await s.flush()
        done = datetime(2026, 11, 21, 10, 0)
        s.add_all([
            SurveyResponse(survey_id=survey.id, contact_id=c1, completed_at=done,
                           answers={"rating": 5, "lessons": "  التنظيم الجيد ", "challenges": "الوقت"}),
            SurveyResponse(survey_id=survey.id, contact_id=c3, completed_at=done,
                           answers={"rating": 4, "lessons": "التنظيم   الجيد", "plans": "ورشة ثانية"}),
            SurveyResponse(survey_id=survey.id, contact_id=c2, completed_at=None, answers={"rating": 1}),
            SurveyResponse(survey_id=other_survey.id, contact_id=c5, completed_at=done, answers={"rating": 1}),
        ])
        return Data(a.id, b.id, e1.id, e2.id, e3.id, e4.id, e5.id)


async def test_overview_lists_upcoming_and_recent_events_with_their_counts(db: Database, data: Data) -> None:
    async with db.reading() as s:
        view = await stats.overview(s, [data.org_a], period_start=None, period_end=None, now=NOW)
    assert [f.event_id for f in view.upcoming] == [data.e2]  # the draft is not listed
    assert [f.event_id for f in view.recent] == [data.e3, data.e1]  # newest first, cancelled shown as such
    e1 = view.recent[1]
    assert (e1.registered, e1.waiting, e1.attended, e1.survey_answers) == (3, 1, 2, 2)
    assert e1.attendance_rate == pytest.approx(2 / 3)
    assert (e1.title, e1.kind, e1.governorate, e1.status) == ("ورشة الحوكمة", "workshop", "baghdad", "published")
    e2 = view.upcoming[0]
    assert (e2.registered, e2.waiting, e2.attended, e2.attendance_rate) == (2, 0, 0, None)
    assert view.recent[0].status == "cancelled" and view.recent[0].registered == 0
    # Totals: E1 and E2 (not the cancelled one, not the draft); the rate only over events already held.
    assert view.totals == stats.Totals(events=2, registered=5, attended=2, survey_answers=2, distinct_people=4,
                                       attendance_rate=pytest.approx(2 / 3))


async def test_overview_period_narrows_lists_and_totals(db: Database, data: Data) -> None:
    async with db.reading() as s:
        view = await stats.overview(s, [data.org_a], period_start=datetime(2026, 11, 1),
                                    period_end=datetime(2026, 11, 22), now=NOW)
    assert view.upcoming == []
    assert [f.event_id for f in view.recent] == [data.e1]
    assert (view.totals.events, view.totals.registered, view.totals.distinct_people) == (1, 3, 3)


async def test_viewer_without_organisations_sees_nothing(db: Database, data: Data) -> None:
    async with db.reading() as s:
        view = await stats.overview(s, [], period_start=None, period_end=None, now=NOW)
        report = await stats.event_figures(s, [], data.e1)
    assert view.upcoming == [] and view.recent == [] and view.totals.events == 0
    assert view.totals.attendance_rate is None
    assert report is None


async def test_event_page_figures_per_day_governorate_ratings_and_answers(db: Database, data: Data) -> None:
    async with db.reading() as s:
        report = await stats.event_figures(s, [data.org_a], data.e1)
    assert report is not None
    assert report.figures.registered == 3
    # Baghdad days; the cancelled registration is not counted, the waitlisted one is.
    assert report.per_day == [(date(2026, 11, 11), 2), (date(2026, 11, 12), 2)]
    assert report.by_governorate == [("baghdad", 2), ("basra", 1)]
    assert report.ratings == {1: 0, 2: 0, 3: 0, 4: 1, 5: 1}  # the unfinished answer (1) is left out
    assert report.average_rating == pytest.approx(4.5)
    assert report.free_text == {
        "lessons": [("التنظيم الجيد", 2)],
        "challenges": [("الوقت", 1)],
        "plans": [("ورشة ثانية", 1)],
    }


async def test_event_of_another_organisation_is_refused(db: Database, data: Data) -> None:
    async with db.reading() as s:
        assert await stats.event_figures(s, [data.org_a], data.e5) is None
        assert await stats.event_figures(s, [data.org_a], 999_999) is None
        both = await stats.event_figures(s, [data.org_a, data.org_b], data.e5)
    assert both is not None and both.figures.attended == 1
    assert both.by_governorate == [("erbil", 1)]


async def test_event_without_survey_or_registrations_has_empty_figures(db: Database, data: Data) -> None:
    async with db.reading() as s:
        report = await stats.event_figures(s, [data.org_a], data.e4)
    assert report is not None
    assert (report.per_day, report.by_governorate, report.free_text) == ([], [], {})
    assert report.average_rating is None and sum(report.ratings.values()) == 0


async def test_custom_survey_questions_are_read_from_the_survey_itself(db: Database, data: Data) -> None:
    async with db.transaction() as s:
        survey = Survey(event_id=data.e2, questions=[{"key": "score", "kind": "rating"},
                                                     {"key": "idea", "kind": "text"},
                                                     {"key": "where", "kind": "choice", "choices": ["a", "b"]}])
        s.add(survey)
        await s.flush()
        contact = Contact()
        s.add(contact)
        await s.flush()
        s.add(SurveyResponse(survey_id=survey.id, contact_id=contact.id, completed_at=NOW,
                             answers={"score": "3", "idea": "دورة ثانية", "where": "a"}))
    async with db.reading() as s:
        report = await stats.event_figures(s, [data.org_a], data.e2)
    assert report is not None
    assert report.ratings[3] == 1 and report.average_rating == pytest.approx(3.0)
    assert report.free_text == {"idea": [("دورة ثانية", 1)]}  # choice answers are not free text


async def test_programme_counts_people_reached_in_the_period(db: Database, data: Data) -> None:
    async with db.reading() as s:
        figures = await stats.programme(s, [data.org_a], datetime(2026, 11, 1), datetime(2027, 1, 1), now=NOW)
    # Only E1 was held by now (E2 is still to come, E3 was cancelled).
    assert figures == stats.Programme(
        distinct_people=3, events_held=1, events_by_kind=[("workshop", 1)],
        events_by_governorate=[("baghdad", 1)], people_by_governorate=[("baghdad", 2), ("basra", 1)],
        registered=3, attended=2, average_rating=pytest.approx(4.5),
    )


async def test_programme_counts_a_person_once_across_events(db: Database, data: Data) -> None:
    async with db.reading() as s:
        later = datetime(2026, 12, 31)
        figures = await stats.programme(s, [data.org_a, data.org_b], datetime(2026, 11, 1), later, now=later)
    # E1, E2 and E5 held; c1 came to two events but is one person; c4 has no governorate.
    assert (figures.events_held, figures.registered, figures.distinct_people) == (3, 6, 5)
    assert figures.people_by_governorate == [("baghdad", 2), ("basra", 1), ("erbil", 1), ("unknown", 1)]
    assert figures.average_rating == pytest.approx((5 + 4 + 1) / 3)


async def test_programme_download_rows_are_labelled_in_the_language(db: Database, data: Data) -> None:
    async with db.reading() as s:
        figures = await stats.programme(s, [data.org_a], datetime(2026, 11, 1), datetime(2027, 1, 1), now=NOW)
    arabic = stats.programme_rows(figures, "ar")
    english = stats.programme_rows(figures, "en")
    assert arabic[0] == ["المؤشر", "التفصيل", "القيمة"]
    assert ["People reached", "", 3] in english
    assert ["People by governorate", "Baghdad", 2] in english
    assert any(row[1] == "بغداد" and row[2] == 2 for row in arabic)
    assert ["Average rating", "", 4.5] in english


def test_chart_escapes_labels_and_names_itself_for_screen_readers() -> None:
    from xml.etree import ElementTree

    from web import charts

    items = [("<script>alert(1)</script>", 3), ("بغداد & البصرة", 1)]
    svg = str(charts.bar_chart(items, chart_id="by gov", title="المحافظات <1>", fmt=charts.number_formatter("ar")))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = ElementTree.fromstring(svg)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.get("aria-label") == "المحافظات <1>"
    assert root.find(f"{ns}title").text == "المحافظات <1>" and root.find(f"{ns}desc") is not None
    widths = [float(r.get("width")) for r in root.iter(f"{ns}rect")]
    assert widths[0] == pytest.approx(3 * widths[1])  # bars scale with the values
    assert "٣" in svg  # numbers in Arabic-Indic digits
    # Right to left: the labels sit at the right edge, the bars to their left.
    first_label = root.find(f"{ns}g/{ns}text")
    assert float(first_label.get("x")) > charts.WIDTH / 2 and first_label.get("text-anchor") == "end"


def test_chart_table_repeats_the_figures_in_order() -> None:
    from web import charts

    data = charts.table_data([("lessons", 2), ("x<y", 1)], chart_id="answers", caption="c",
                             label_header="Answer", value_header="Count", fmt=charts.number_formatter("en"))
    assert data.rows == [("lessons", "2"), ("x<y", "1")]
    html = str(charts.table_html(data))
    assert 'class="figures" id="answers-table"' in html and "x&lt;y" in html
    empty = str(charts.chart_with_table([], chart_id="e", title="t", label_header="a", value_header="b"))
    assert "<svg" in empty and "<table" in empty
