"""Signing in to the coordinators' web page: one-time links, the session cookie, CSRF, rate limits, audit.

Stories: a coordinator presses «لوحة البيانات» in the bot (or an operator runs `musharaka
web-link`), opens the link once and is signed in for 12 hours; the same link a second time, or
after 15 minutes, gets a page that says so and how to get a new one; a removed staff member's
session stops at the next click.
"""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.models import AuditLog
from storage.models_dashboard import DashboardLink, DashboardSession
from storage.services.audit import SYSTEM
from storage.services.dashboard_auth import token_hash
from storage.services.staff import remove_role
from tests.conftest import FakeClock, database_url, fresh_database
from tests.dashboard_fixtures import (
    LOGIN_PATH,
    csrf_of,
    link_token,
    organization,
    page_client,
    sign_in,
    staff,
)
from tests.helpers import Person as Chatter


async def _audit(db, action: str) -> list[AuditLog]:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        return list((await session.scalars(select(AuditLog).where(AuditLog.action == action))).all())


async def test_a_link_signs_in_once_with_a_safe_cookie_and_then_says_it_was_used(db, clock: FakeClock) -> None:
    org = await organization(db, "جمعية المثال الأولى")
    sara = await staff(db, "sara", org, "coordinator")
    token = await link_token(db, sara)
    async with page_client(db) as client:
        first = await client.get(LOGIN_PATH + token, allow_redirects=False)
        assert first.status == 303
        assert first.headers["Location"] == "/dashboard/"
        cookie = first.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/dashboard" in cookie
        assert "Max-Age=43200" in cookie
        assert "Secure" not in cookie  # DASHBOARD_URL is not https here
        assert (await client.get("/dashboard/")).status == 200

        again = await client.get(LOGIN_PATH + token, allow_redirects=False)
        assert again.status == 410
        html = await again.text()
        assert "استُخدم" in html and "لوحة البيانات" in html and "web-link" in html


async def test_an_expired_link_is_refused_with_a_page_saying_how_to_get_a_new_one(db, clock: FakeClock) -> None:
    org = await organization(db, "جمعية المثال الأولى")
    sara = await staff(db, "sara", org, "coordinator")
    token = await link_token(db, sara)
    clock.advance(minutes=15, seconds=1)
    async with page_client(db) as client:
        response = await client.get(LOGIN_PATH + token, allow_redirects=False)
        assert response.status == 410
        html = await response.text()
        assert "انتهت صلاحية" in html and "لوحة المنظمين" in html
        assert "Set-Cookie" not in response.headers
        # Not signed in: the overview asks for a link.
        assert (await client.get("/dashboard/")).status == 401


async def test_links_and_sessions_are_stored_only_as_hashes(db, clock: FakeClock) -> None:
    org = await organization(db, "جمعية المثال الأولى")
    sara = await staff(db, "sara", org, "admin")
    token = await link_token(db, sara)
    async with page_client(db) as client:
        response = await client.get(LOGIN_PATH + token, allow_redirects=False)
        cookie = re.search(r"musharaka_dashboard=([^;]+)", response.headers["Set-Cookie"]).group(1)
    async with db.transaction() as session:
        link = (await session.scalars(select(DashboardLink))).one()
        stored = (await session.scalars(select(DashboardSession))).one()
    assert link.token_hash == token_hash(token) and token not in link.token_hash
    assert stored.token_hash == token_hash(cookie) and cookie != stored.token_hash
    assert link.contact_id == stored.contact_id == sara.contact_id


async def test_the_cookie_is_secure_when_the_public_url_is_https(db, clock: FakeClock) -> None:
    org = await organization(db, "جمعية المثال الأولى")
    sara = await staff(db, "sara", org, "coordinator")
    async with page_client(db, dashboard_url="https://bot.example.org") as client:
        response = await client.get(LOGIN_PATH + await link_token(db, sara), allow_redirects=False)
        assert "Secure" in response.headers["Set-Cookie"]


async def test_a_session_lasts_twelve_hours(db, clock: FakeClock) -> None:
    org = await organization(db, "جمعية المثال الأولى")
    sara = await staff(db, "sara", org, "coordinator")
    async with page_client(db) as client:
        await sign_in(client, db, sara)
        clock.advance(hours=11, minutes=59)
        assert (await client.get("/dashboard/")).status == 200
        clock.advance(minutes=2)
        response = await client.get("/dashboard/")
        assert response.status == 401
        assert "لوحة البيانات" in await response.text()


async def test_logout_needs_the_csrf_token_and_ends_the_session(db, clock: FakeClock) -> None:
    org = await organization(db, "جمعية المثال الأولى")
    sara = await staff(db, "sara", org, "coordinator")
    async with page_client(db) as client:
        await sign_in(client, db, sara)
        csrf = await csrf_of(client)
        forged = await client.post("/dashboard/logout", data={"csrf": "not-the-token"})
        assert forged.status == 403
        assert (await client.get("/dashboard/")).status == 200
        done = await client.post("/dashboard/logout", data={"csrf": csrf})
        assert done.status == 200
        assert "تم تسجيل خروجك" in await done.text()
        assert (await client.get("/dashboard/")).status == 401
    assert len(await _audit(db, "dashboard.logout")) == 1


async def test_a_form_posted_without_the_csrf_token_changes_nothing(db, clock: FakeClock) -> None:
    org = await organization(db, "جمعية المثال الأولى")
    boss = await staff(db, "boss", org, "admin")
    ali = await staff(db, "ali", org, "coordinator")
    async with page_client(db) as client:
        await sign_in(client, db, boss)
        for data in ({"org": str(org)}, {"org": str(org), "csrf": "forged"}):
            response = await client.post(f"/dashboard/admin/staff/{ali.contact_id}/remove", data=data)
            assert response.status == 403
            invite = await client.post("/dashboard/admin/invite", data={**data, "role": "admin"})
            assert invite.status == 403
    assert await _audit(db, "staff.remove") == []
    assert await _audit(db, "invite.create") == []


async def test_repeated_bad_links_are_rate_limited(db, clock: FakeClock) -> None:
    org = await organization(db, "جمعية المثال الأولى")
    sara = await staff(db, "sara", org, "coordinator")
    async with page_client(db) as client:
        for attempt in range(10):
            response = await client.get(LOGIN_PATH + f"guess-{attempt}", allow_redirects=False)
            assert response.status == 404
        limited = await client.get(LOGIN_PATH + "guess-11", allow_redirects=False)
        assert limited.status == 429
        assert "Retry-After" in limited.headers
        # While limited, even a good link is not tried (guessing cannot go on).
        good = await client.get(LOGIN_PATH + await link_token(db, sara), allow_redirects=False)
        assert good.status == 429


async def test_a_chat_app_link_preview_does_not_spend_the_link(db, clock: FakeClock) -> None:
    org = await organization(db, "جمعية المثال الأولى")
    sara = await staff(db, "sara", org, "coordinator")
    token = await link_token(db, sara)
    async with page_client(db) as client:
        preview = await client.get(LOGIN_PATH + token, headers={"User-Agent": "TelegramBot (like TwitterBot)"},
                                   allow_redirects=False)
        assert preview.status == 200 and "Set-Cookie" not in preview.headers
        assert (await client.head(LOGIN_PATH + token, allow_redirects=False)).status == 405
        assert (await client.get(LOGIN_PATH + token, allow_redirects=False)).status == 303


async def test_removed_staff_session_stops_at_once(db, clock: FakeClock) -> None:
    org = await organization(db, "جمعية المثال الأولى")
    sara = await staff(db, "sara", org, "coordinator")
    async with page_client(db) as client:
        await sign_in(client, db, sara)
        assert (await client.get("/dashboard/")).status == 200
        async with db.transaction() as session:
            await remove_role(session, org, sara.contact_id, actor=SYSTEM)
        assert (await client.get("/dashboard/")).status == 401
        assert (await client.get("/dashboard/programme.csv")).status == 401


async def test_a_link_made_before_the_person_was_removed_opens_nothing(db, clock: FakeClock) -> None:
    org = await organization(db, "جمعية المثال الأولى")
    sara = await staff(db, "sara", org, "coordinator")
    token = await link_token(db, sara)
    async with db.transaction() as session:
        await remove_role(session, org, sara.contact_id, actor=SYSTEM)
    async with page_client(db) as client:
        response = await client.get(LOGIN_PATH + token, allow_redirects=False)
        assert response.status == 410 and "Set-Cookie" not in response.headers


async def test_logins_are_audited_as_the_staff_member(db, clock: FakeClock) -> None:
    org = await organization(db, "جمعية المثال الأولى")
    sara = await staff(db, "sara", org, "coordinator")
    async with page_client(db) as client:
        await sign_in(client, db, sara)
    logins = await _audit(db, "dashboard.login")
    assert [(entry.actor, entry.organization_id) for entry in logins] == [(f"staff:{sara.contact_id}", org)]


async def test_the_panel_button_sends_a_link_that_signs_the_coordinator_in(db, core, clock: FakeClock) -> None:
    org = await organization(db, "جمعية المثال الأولى")
    boss = Chatter(core, "boss")
    await boss.onboard()
    await staff(db, "boss", org, "coordinator")
    await boss.command("menu")
    await boss.choose("لوحة المنظمين")
    await boss.choose("لوحة البيانات")
    url = re.search(r"http://127\.0\.0\.1:8080(/dashboard/login/[\w-]+)", boss.texts)
    assert url, boss.texts
    async with page_client(db) as client:
        response = await client.get(url.group(1), allow_redirects=False)
        assert response.status == 303
        assert (await client.get("/dashboard/")).status == 200


async def test_people_without_an_export_role_get_no_dashboard_button(db, core, clock: FakeClock) -> None:
    org = await organization(db, "جمعية المثال الأولى")
    organizer = Chatter(core, "omar")
    await organizer.onboard()
    await staff(db, "omar", org, "organizer")
    await organizer.command("menu")
    await organizer.choose("لوحة المنظمين")
    assert all("لوحة البيانات" not in option.label for reply in organizer.replies for option in reply.options)


def test_web_link_prints_only_the_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    async def prepare() -> None:
        db = await fresh_database(tmp_path)
        try:
            org = await organization(db, "جمعية المثال الأولى")
            await staff(db, "sara", org, "coordinator")
            await staff(db, "omar", org, "organizer")
        finally:
            await db.dispose()

    asyncio.run(prepare())
    monkeypatch.setenv("DATABASE_URL", database_url(tmp_path))
    monkeypatch.setenv("DASHBOARD_URL", "https://bot.example.org/")
    assert main(["web-link", "--channel", "console", "--user", "sara"]) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(r"https://bot\.example\.org/dashboard/login/[\w-]{40,}\n", out), out

    assert main(["web-link", "--channel", "console", "--user", "omar"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("error: ") and captured.err.count("\n") == 1


def test_link_lifetimes_are_fifteen_minutes_and_twelve_hours() -> None:
    from storage.services.dashboard_auth import LINK_TTL, SESSION_TTL

    assert (LINK_TTL.total_seconds(), SESSION_TTL.total_seconds()) == (15 * 60, 12 * 3600)
    assert datetime(2026, 1, 1) + LINK_TTL == datetime(2026, 1, 1, 0, 15)
