"""A coordinator uses the web page in a real browser (Debian Chromium, headless, driven by Playwright).

The page is served by `musharaka web` as a subprocess over the test database; sign-in links come
from `musharaka web-link`, exactly as a coordinator gets them. Each page is saved as a screenshot
under the test's folder (the paths are printed: run with -s to see them).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from messages import catalog
from storage.db import Database
from storage.models import Contact, Event, Identity, Organization, Registration, Staff, Survey, SurveyResponse
from storage.models_dashboard import DashboardLink
from storage.services.dashboard_auth import token_hash
from storage.services.surveys import default_questions
from tests.browser import (
    Server,
    browser_fixture,  # noqa: F401  (the "browser" fixture)
    chromium_path,
    page_fixture,  # noqa: F401  (the "page" fixture)
    platform_fonts,
    right_gap,
    run_async,
    screenshot,
    start_server,
    stop_server,
)
from tests.conftest import database_url, fresh_database

WORKSHOP = "ورشة الحوكمة المحلية"
SEMINAR = "ندوة مشاركة الشباب"
OTHER_ORGANISATIONS_EVENT = "لقاء منظمة أخرى"
LESSON = "التنظيم الجيد"


@dataclass
class Site:
    """The running page and the ids of its data."""

    server: Server
    workshop: int
    other_event: int


async def _seed(db: Database) -> tuple[int, int]:
    """Organisation A (coordinator console:coord-a) with a past workshop and an upcoming seminar; B with one event."""
    now = datetime.now(UTC).replace(tzinfo=None)
    async with db.transaction() as s:
        a, b = Organization(name="منظمة الأمل"), Organization(name="منظمة النور")
        coordinator, other_coordinator = Contact(language="ar"), Contact(language="ar")
        citizens = [Contact(language="ar", governorate=g) for g in ("baghdad", "basra", "baghdad", "najaf")]
        s.add_all([a, b, coordinator, other_coordinator, *citizens])
        await s.flush()
        s.add_all([
            Identity(contact_id=coordinator.id, channel="console", external_id="coord-a", display_name="منسق"),
            Identity(contact_id=other_coordinator.id, channel="console", external_id="coord-b"),
            Staff(organization_id=a.id, contact_id=coordinator.id, role="coordinator"),
            Staff(organization_id=b.id, contact_id=other_coordinator.id, role="coordinator"),
        ])

        def event(org: int, title: str, starts: datetime) -> Event:
            return Event(organization_id=org, organizer_name="x", title=title, kind="workshop",
                         governorate="baghdad", venue="قاعة", starts_at=starts)

        workshop = event(a.id, WORKSHOP, now - timedelta(days=10))
        seminar = event(a.id, SEMINAR, now + timedelta(days=10))
        other = event(b.id, OTHER_ORGANISATIONS_EVENT, now - timedelta(days=5))
        s.add_all([workshop, seminar, other])
        await s.flush()
        for i, person in enumerate(citizens):
            s.add(Registration(event_id=workshop.id, contact_id=person.id, ticket_code=f"W{i}",
                               status="waitlisted" if i == 3 else "confirmed",
                               created_at=now - timedelta(days=20 - i),
                               checked_in_at=workshop.starts_at if i < 2 else None))
        s.add(Registration(event_id=seminar.id, contact_id=citizens[0].id, ticket_code="S0", status="confirmed"))
        s.add(Registration(event_id=other.id, contact_id=citizens[1].id, ticket_code="O0", status="confirmed"))
        survey = Survey(event_id=workshop.id, questions=default_questions())
        s.add(survey)
        await s.flush()
        for person, rating in ((citizens[0], 5), (citizens[1], 4)):
            s.add(SurveyResponse(survey_id=survey.id, contact_id=person.id, completed_at=now, current_question=4,
                                 answers={"rating": rating, "lessons": LESSON}))
        return workshop.id, other.id


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """`musharaka web` over a freshly seeded test database, for the whole module."""
    chromium_path()  # skip (or fail under CI) before doing any work
    folder = tmp_path_factory.mktemp("dashboard-site")

    async def prepare() -> tuple[int, int]:
        db = await fresh_database(folder)
        try:
            return await _seed(db)
        finally:
            await db.dispose()

    workshop, other = run_async(prepare)
    server = start_server(database_url(folder), folder)
    try:
        yield Site(server, workshop, other)
    finally:
        stop_server(server)


def _sign_in(page: Any, site: Site, user: str = "coord-a") -> None:
    link = site.server.sign_in_link(user)
    assert link.startswith(f"{site.server.base_url}/dashboard/login/")
    response = page.goto(link)
    assert response is not None and response.ok, site.server.log_text()
    assert page.url.rstrip("/").endswith("/dashboard"), page.url


def _check_right_to_left(page: Any) -> None:
    """The page is Arabic and laid out right to left: the heading's words start at the right of the page."""
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    text = page.evaluate("""() => {
        const heading = document.querySelector('#page-title');
        const range = document.createRange();
        range.selectNodeContents(heading);
        const words = range.getBoundingClientRect();
        const box = heading.getBoundingClientRect();
        const padding = parseFloat(getComputedStyle(heading).paddingRight) || 0;
        return {left: words.left, right: words.right, boxRight: box.right - padding,
                width: document.documentElement.clientWidth};
    }""")
    # The words end at the heading's right edge (text-align: start in rtl)…
    assert abs(text["boxRight"] - text["right"]) < 2, text
    # …the heading's box reaches the right of the page (the centred column's right side)…
    assert right_gap(page) < text["width"] * 0.1, text
    # …and a short heading stays in the right half.
    assert text["left"] > text["width"] / 2, text


def _check_arabic_font(page: Any) -> None:
    """The heading is drawn with a real Arabic font (Noto, from fonts-noto-core), all glyphs from it."""
    fonts = platform_fonts(page, "#page-title")
    assert fonts, "no font reported for the heading"
    families = {f["familyName"] for f in fonts}
    assert all(name.startswith("Noto") and "Arabic" in name for name in families), families
    assert sum(f["glyphCount"] for f in fonts) >= len(page.inner_text("#page-title").replace(" ", "")) - 2


def test_coordinator_signs_in_reads_figures_downloads_xlsx_and_logs_out(page: Any, site: Site,
                                                                        tmp_path: Path) -> None:
    _sign_in(page, site)
    page.wait_for_selector("#page-title")
    screenshot(page, tmp_path, "1-overview")
    _check_right_to_left(page)
    _check_arabic_font(page)
    recent, upcoming = page.inner_text("#recent"), page.inner_text("#upcoming")
    assert WORKSHOP in recent and SEMINAR in upcoming
    assert OTHER_ORGANISATIONS_EVENT not in page.content()
    # Events, registered (3 + 1), attended, survey answers, distinct people: in Arabic-Indic digits.
    assert page.locator("#totals dd").all_inner_texts()[:5] == ["٢", "٤", "٢", "٢", "٣"]

    page.get_by_role("link", name=WORKSHOP).click()
    page.wait_for_url(f"**/dashboard/events/{site.workshop}")
    screenshot(page, tmp_path, "2-event")
    assert page.inner_text("#page-title") == WORKSHOP
    _check_right_to_left(page)
    assert page.locator("svg.chart[role=img]").count() >= 3
    assert LESSON in page.inner_text("#answers-lessons")

    with page.expect_download() as info:
        page.click('a.export[data-format="xlsx"][data-exporter="registrations"]')
    download = info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    print(f"download: {saved}")
    assert saved.suffix == ".xlsx" and zipfile.is_zipfile(saved)
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(saved.read_bytes()), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    tickets = {str(cell) for row in rows[1:] for cell in row if cell is not None}
    # The workshop's four registrations (three seats, one on the waiting list), by ticket.
    assert {"W0", "W1", "W2", "W3"} <= tickets, rows
    assert "S0" not in tickets and "O0" not in tickets

    page.get_by_role("navigation").get_by_role("link", name=catalog.text("dash-nav-programme", "ar")).click()
    page.wait_for_url("**/dashboard/programme**")
    screenshot(page, tmp_path, "3-programme")
    _check_right_to_left(page)
    # The workshop is the period's one event held: three people reached, from two governorates.
    assert "٣" in page.inner_text("#programme-totals")
    assert page.locator("#people-by-governorate-table tbody tr").count() == 2
    with page.expect_download() as info:
        page.click('a.export[data-format="csv"]')
    programme_csv = info.value.path().read_text(encoding="utf-8-sig")
    assert "بغداد" in programme_csv

    with page.expect_navigation():
        page.click("form.logout button")
    screenshot(page, tmp_path, "4-logged-out")
    again = page.goto(f"{site.server.base_url}/dashboard/")
    assert again is not None and again.status == 401
    assert WORKSHOP not in page.content()


def test_another_organisations_event_is_refused(page: Any, site: Site, tmp_path: Path) -> None:
    _sign_in(page, site)
    response = page.goto(f"{site.server.base_url}/dashboard/events/{site.other_event}")
    screenshot(page, tmp_path, "other-organisation")
    assert response is not None and response.status in (403, 404)
    assert OTHER_ORGANISATIONS_EVENT not in page.content()
    download = page.request.get(f"{site.server.base_url}/dashboard/events/{site.other_event}/export/registrations.xlsx")
    assert download.status in (403, 404)


def test_expired_or_used_link_is_refused(page: Any, site: Site, tmp_path: Path) -> None:
    link = site.server.sign_in_link("coord-a")
    token = link.rsplit("/", 1)[1]

    async def expire() -> None:
        db = Database(site.server.database_url)
        try:
            async with db.transaction() as s:
                await s.execute(update(DashboardLink).where(DashboardLink.token_hash == token_hash(token))
                                .values(expires_at=datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=1)))
        finally:
            await db.dispose()

    run_async(expire)
    response = page.goto(link)
    screenshot(page, tmp_path, "expired-link")
    assert response is not None and response.status == 410
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.context.cookies() == []
    after = page.goto(f"{site.server.base_url}/dashboard/")
    assert after is not None and after.status == 401

    fresh = site.server.sign_in_link("coord-a")
    first = page.goto(fresh)
    assert first is not None and first.ok
    page.context.clear_cookies()
    used = page.goto(fresh)
    assert used is not None and used.status == 410
