"""Organisations, roles, invite codes and the organizers' panel."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from storage.models import AuditLog, Staff
from storage.services.contacts import get_or_create_identity
from storage.services.staff import add_organization, grant_role
from tests.helpers import Person


async def staff_person(core, external_id: str, role: str | None, organization: str = "جمعية المثال الأولى") -> Person:  # type: ignore[no-untyped-def]
    """An onboarded person who holds `role` in `organization` (None: a citizen)."""
    person = Person(core, external_id)
    await person.onboard()
    if role is not None:
        async with core.db.transaction() as session:
            from storage.services.staff import find_organization

            org = await find_organization(session, organization) or await add_organization(session, organization)
            _, contact, _ = await get_or_create_identity(session, "console", external_id)
            await grant_role(session, org.id, contact.id, role, actor="cli:test")
    return person


async def test_citizens_never_see_the_organizers_panel(core) -> None:
    citizen = await staff_person(core, "c1", None)
    await citizen.text("القائمة")
    assert all("لوحة المنظمين" not in o.label for r in citizen.replies for o in r.options)


@pytest.mark.parametrize("role", ["admin", "organizer", "coordinator"])
async def test_staff_see_the_panel_with_their_role(core, role: str) -> None:
    member = await staff_person(core, "s1", role)
    await member.text("القائمة")
    await member.choose("لوحة المنظمين")
    assert "أدوارك" in member.texts and "جمعية المثال الأولى" in member.texts


async def test_admin_invites_and_the_code_works_once(core) -> None:
    admin = await staff_person(core, "a1", "admin")
    await admin.text("القائمة")
    await admin.choose("لوحة المنظمين")
    await admin.choose("فريق المنظمة")
    await admin.choose("دعوة عضو جديد")
    await admin.choose("منظم فعاليات")
    code = admin.texts.split("رمز الدعوة:")[1].split()[0]
    newcomer, latecomer = Person(core, "n1"), Person(core, "n2")
    await newcomer.onboard()
    await newcomer.text(f"انضمام {code.lower()}")
    assert "أهلاً بك في فريق" in newcomer.texts
    assert any("لوحة المنظمين" in o.label for r in newcomer.replies for o in r.options)
    await latecomer.onboard()
    await latecomer.command("join", code)
    assert "استُخدم رمز الدعوة" in latecomer.texts
    async with core.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Staff)) == 2
        actions = (await session.scalars(select(AuditLog.action))).all()
    assert "invite.create" in actions and actions.count("staff.grant") == 2


async def test_expired_and_unknown_codes_are_refused_politely(core, clock) -> None:
    admin = await staff_person(core, "a1", "admin")
    await admin.text("القائمة")
    await admin.choose("لوحة المنظمين")
    await admin.choose("فريق المنظمة")
    await admin.choose("دعوة عضو جديد")
    await admin.choose("منسق بيانات")
    code = admin.texts.split("رمز الدعوة:")[1].split()[0]
    clock.advance(days=8)
    person = Person(core, "p1")
    await person.onboard()
    await person.command("join", code)
    assert "انتهت صلاحية" in person.texts
    for attempt in ("ZZZZ", "'; DROP TABLE staff; --", "١٢٣", "%s{0}"):
        await person.command("join", attempt)
        assert "رمز الدعوة غير صحيح" in person.texts
    await person.command("join")
    assert "اكتب رمز الدعوة" in person.texts


@pytest.mark.parametrize("who", ["citizen", "coordinator", "organizer", "admin of another organisation"])
async def test_only_an_admin_of_the_organisation_can_create_invites(core, who: str) -> None:
    admin = await staff_person(core, "a1", "admin")
    role = {"citizen": None, "coordinator": "coordinator", "organizer": "organizer",
            "admin of another organisation": "admin"}[who]
    org = "منظمة أخرى" if who.startswith("admin of another") else "جمعية المثال الأولى"
    attacker = await staff_person(core, "x1", role, org)
    async with core.db.transaction() as session:
        _, victim_admin, _ = await get_or_create_identity(session, "console", "a1")
        _, attacker_contact, _ = await get_or_create_identity(session, "console", "x1")
        query = select(Staff.organization_id).where(Staff.contact_id == victim_admin.id)
        target_org = (await session.scalars(query)).one()
        before = await session.scalar(select(func.count()).select_from(AuditLog))
    # A correctly signed id, issued to the attacker, for the other organisation's invite.
    forged = core.codec.encode(attacker_contact.id, "iR", target_org, "admin")
    await attacker.choose_id(forged)
    assert "متاح للمنظمين المخوّلين فقط" in attacker.texts
    async with core.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(AuditLog)) == before
    assert admin is not None


def run_cli(tmp_path, *args: str) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    env = dict(os.environ, DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=60)


def test_bootstrap_from_the_shell(tmp_path) -> None:
    assert run_cli(tmp_path, "org", "add", "مركز المثال الثاني لدعم الديمقراطية").returncode == 0
    duplicate = run_cli(tmp_path, "org", "add", "مركز المثال الثاني لدعم الديمقراطية")
    assert duplicate.returncode == 2 and "already exists" in duplicate.stderr
    added = run_cli(tmp_path, "staff", "add", "--org", "مركز المثال الثاني لدعم الديمقراطية", "--channel", "telegram",
                    "--user", "42", "--role", "organizer")
    assert added.returncode == 0, added.stderr
    missing = run_cli(tmp_path, "staff", "add", "--org", "99", "--channel", "telegram", "--user", "1",
                      "--role", "admin")
    assert missing.returncode == 2 and "no organisation" in missing.stderr and "Traceback" not in missing.stderr
    listed = run_cli(tmp_path, "staff", "list")
    assert listed.stdout.startswith("مركز المثال الثاني لدعم الديمقراطية\ttelegram:42\torganizer\t")
    audit = run_cli(tmp_path, "audit", "--since", "2000-01-01")
    assert '"action": "org.add"' in audit.stdout and '"action": "staff.grant"' in audit.stdout
    bad = run_cli(tmp_path, "audit", "--since", "yesterday")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


async def test_audit_since_filters_by_date(db, clock) -> None:
    from storage.services.audit import audit, entries_since

    async with db.transaction() as session:
        await audit(session, actor="staff:1", action="export")
    clock.advance(days=2)
    async with db.transaction() as session:
        await audit(session, actor="staff:2", action="broadcast.send")
        entries = await entries_since(session, clock.now - timedelta(days=1))
    assert [e.actor for e in entries] == ["staff:2"]
