"""Staff come and go: the team screen, `musharaka staff remove|list`, hashed revocable invites,
MUSHARAKA_STAFF only for an organisation without an admin, and one audit vocabulary.

A removed person's old buttons are pressed again after the removal and must change nothing
(every watched table compared before and after); every audit row of the stories names its actor
as staff:<id>, contact:<id>, system or cli:<os user>, never a channel id or a phone number.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.cli import _load_extra_commands, build_parser
from bot.settings import Settings
from handlers.core import BotCore, CoreConfig
from handlers.router import ACTIONS
from handlers.types import Outbound
from messages import catalog
from scheduler.jobs import run_tick
from storage.clock import utcnow
from storage.models import AuditLog, Base, Identity, Invite, Registration, Staff
from storage.services.audit import ACTOR_PATTERN, cli_actor
from storage.services.checkin import check_in, ticket_token
from storage.services.contacts import get_or_create_identity
from storage.services.staff import add_organization, find_organization, grant_role, remove_role
from storage.services.staff_bootstrap import split_entries
from tests.conftest import USE_POSTGRES, database_url, fresh_database
from tests.helpers import Person, add_event
from tests.helpers import plain as without_bidi_marks

HOPE = "جمعية المثال الأولى"
ISHTAR = "مركز المثال الثاني لدعم الديمقراطية"
REFUSED = catalog.text("staff-not-allowed")
STALE = catalog.text("option-stale")
WHATSAPP_NUMBER = "9647701234567"
# Tables whose rows a refused action must leave as they were (contacts keep their conversation state).
WATCHED = ("organizations", "staff", "invites", "events", "registrations", "broadcasts", "deliveries", "audit_log",
           "surveys", "survey_responses", "follows", "organization_optouts")


# --- people, organisations, the database --------------------------------------------------------------


class Collector(Person):
    """A person who remembers every option id the bot ever offered them (to press them again later)."""

    def __init__(self, core: BotCore, external_id: str, channel: str = "console") -> None:
        super().__init__(core, external_id, channel)
        self.seen: list[str] = []

    async def send(self, inbound: Any) -> list[Outbound]:  # noqa: D102 - Person.send, remembering options
        replies = await super().send(inbound)
        self.seen += [option.id for reply in replies for option in reply.options if option.id not in self.seen]
        return replies


async def organisation(core: BotCore, name: str) -> int:
    """Create an organisation (as the shell would) and return its id."""
    async with core.db.transaction() as session:
        return (await add_organization(session, name, actor=cli_actor())).id


async def contact_id(core: BotCore, person: Person) -> int:
    """The contact behind a person's channel identity."""
    async with core.db.transaction() as session:
        _, contact, _ = await get_or_create_identity(session, person.channel, person.external_id)
        return contact.id


async def member(core: BotCore, external_id: str, organization_id: int | None, *roles: str,
                 cls: type[Person] = Person) -> Person:
    """An onboarded person holding `roles` in the organisation (given from the shell)."""
    person = cls(core, external_id)
    await person.onboard()
    if organization_id is not None:
        cid = await contact_id(core, person)
        async with core.db.transaction() as session:
            for role in roles:
                await grant_role(session, organization_id, cid, role, actor=cli_actor())
    return person


async def roles_in(core: BotCore, person: Person, organization_id: int) -> list[str]:
    """The person's roles in the organisation, sorted."""
    cid = await contact_id(core, person)
    async with core.db.transaction() as session:
        query = select(Staff.role).where(Staff.contact_id == cid, Staff.organization_id == organization_id)
        return sorted((await session.scalars(query)).all())


async def audit_rows(core: BotCore) -> list[AuditLog]:
    """Every audit entry, oldest first."""
    async with core.db.transaction() as session:
        return list((await session.scalars(select(AuditLog).order_by(AuditLog.id))).all())


async def snapshot(core: BotCore) -> dict[str, list[str]]:
    """Every row of the watched tables, as text, sorted."""
    tables = [t for t in Base.metadata.sorted_tables if t.name in WATCHED]
    async with core.db.transaction() as session:
        return {t.name: sorted(repr(tuple(row)) for row in (await session.execute(select(t))).all()) for t in tables}


async def open_team(person: Person) -> None:
    """Menu → organizers' panel → the organisation's team."""
    await person.text("القائمة")
    await person.choose("لوحة المنظمين")
    await person.choose("فريق المنظمة")


async def make_invite(admin: Person, role_label: str) -> str:
    """From the team screen, a new invite for a role; returns the code shown (once)."""
    await open_team(admin)
    await admin.choose("دعوة عضو جديد")
    await admin.choose(role_label)
    return admin.texts.split("رمز الدعوة:")[1].split()[0]


def labels(person: Person) -> list[str]:
    """The labels of the options of the last turn."""
    return [option.label for reply in person.replies for option in reply.options]


@pytest.fixture
async def hope(core: BotCore) -> int:
    """The organisation of these stories."""
    return await organisation(core, HOPE)


# --- the team screen ------------------------------------------------------------------------------------


async def test_an_admin_sees_the_team_with_roles_and_names_shown_safely(core, clock, hope) -> None:
    admin = await member(core, "boss", hope, "admin")
    await member(core, "sara", hope, "organizer", "coordinator")
    async with core.db.transaction() as session:
        # A name as its owner typed it: a right-to-left override and a line break must not reach the screen.
        await session.execute(update(Identity).where(Identity.external_id == "sara")
                              .values(display_name="سارة\u202e العلي\nمنسقة"))
        _, whatsapp, _ = await get_or_create_identity(session, "whatsapp", WHATSAPP_NUMBER)
        await grant_role(session, hope, whatsapp.id, "coordinator", actor=cli_actor())
    await open_team(admin)
    text = admin.texts
    assert f"فريق «{HOPE}»: ٣ أعضاء" in text
    assert "boss (أنت) — مدير" in without_bidi_marks(text).replace("مستخدم الطرفية ", "")
    assert "سارة العلي منسقة — منظم فعاليات، منسق بيانات" in text
    assert "رقم واتساب ينتهي بـ 4567" in text
    everything = text + "".join(labels(admin))
    assert WHATSAPP_NUMBER not in everything and "\u202e" not in everything
    assert {"دعوات معلّقة (٠)", "دعوة عضو جديد ➕", "لوحة المنظمين 🛠"} <= set(labels(admin))


async def test_an_admin_changes_a_role_and_the_change_is_audited(core, clock, hope) -> None:
    admin = await member(core, "boss", hope, "admin")
    sara = await member(core, "sara", hope, "organizer")
    await open_team(admin)
    await admin.choose("sara")
    assert "الدور: منظم فعاليات" in admin.texts and "آخر نشاط: لا نشاط مسجّل بعد" in admin.texts
    await admin.choose("تغيير الدور")
    await admin.choose("منسق بيانات")
    assert "أصبح دور" in admin.texts and "الدور: منسق بيانات" in admin.texts
    assert await roles_in(core, sara, hope) == ["coordinator"]
    entry = (await audit_rows(core))[-1]
    assert entry.action == "staff.role" and entry.actor == f"staff:{await contact_id(core, admin)}"
    assert entry.organization_id == hope
    assert entry.details == {"contact_id": await contact_id(core, sara), "from": ["organizer"], "to": "coordinator"}
    # Choosing the role they already have changes (and audits) nothing.
    await admin.choose("تغيير الدور")
    await admin.choose("منسق بيانات")
    assert "لم يتغير شيء" in admin.texts
    assert [e.action for e in await audit_rows(core)].count("staff.role") == 1


async def test_an_admin_removes_someone_only_after_saying_yes(core, clock, hope) -> None:
    admin = await member(core, "boss", hope, "admin")
    sara = await member(core, "sara", hope, "organizer", "coordinator")
    await open_team(admin)
    await admin.choose("sara")
    await admin.choose("إزالة من الفريق")
    assert "هل تريد إزالة" in admin.texts and HOPE in admin.texts
    before = await snapshot(core)
    await admin.choose("لا، تراجع")
    assert await snapshot(core) == before and "الدور:" in admin.texts
    await admin.choose("إزالة من الفريق")
    await admin.choose("نعم، أزِله")
    assert "أُزيل" in admin.texts and "عضو واحد" in admin.texts
    assert await roles_in(core, sara, hope) == []
    entry = (await audit_rows(core))[-1]
    assert (entry.action, entry.actor) == ("staff.remove", f"staff:{await contact_id(core, admin)}")
    assert entry.details == {"contact_id": await contact_id(core, sara), "roles": ["organizer", "coordinator"]}
    # Sara's next message: no panel any more.
    await sara.text("القائمة")
    assert "لوحة المنظمين 🛠" not in labels(sara)


async def test_the_last_admin_can_be_neither_removed_nor_demoted_in_the_bot(core, clock, hope) -> None:
    admin = await member(core, "boss", hope, "admin")
    await open_team(admin)
    await admin.choose("boss")
    before = await snapshot(core)
    await admin.choose("إزالة من الفريق")
    await admin.choose("نعم، أزِله")
    assert "آخر مدير" in admin.texts
    await admin.choose("تغيير الدور")
    await admin.choose("منظم فعاليات")
    assert "آخر مدير" in admin.texts
    assert await snapshot(core) == before
    # With a second admin, the first may step down to organizer and loses the team screen.
    await member(core, "deputy", hope, "admin")
    await open_team(admin)
    await admin.choose("boss")
    await admin.choose("تغيير الدور")
    await admin.choose("منظم فعاليات")
    assert "أصبح دور" in admin.texts and "فريق المنظمة 👥" not in labels(admin)
    assert await roles_in(core, admin, hope) == ["organizer"]


async def test_an_admin_revokes_a_pending_invite_and_its_code_stops_working(core, clock, hope) -> None:
    admin = await member(core, "boss", hope, "admin")
    code = await make_invite(admin, "منسق بيانات")
    assert "لن يظهر الرمز مرة أخرى" in admin.texts
    await open_team(admin)
    await admin.choose("دعوات معلّقة (١)")
    assert "منسق بيانات — تنتهي" in admin.texts and "كانون الأول" in admin.texts
    assert code not in admin.texts + "".join(labels(admin))
    await admin.choose("إلغاء الدعوة ١")
    assert "أُلغيت الدعوة" in admin.texts and "لا توجد دعوات معلّقة" in admin.texts
    entry = (await audit_rows(core))[-1]
    assert (entry.action, entry.actor) == ("invite.revoke", f"staff:{await contact_id(core, admin)}")
    async with core.db.transaction() as session:
        [invite] = (await session.scalars(select(Invite))).all()
    assert invite.revoked_at == clock.now and invite.revoked_by == await contact_id(core, admin)
    newcomer = await member(core, "new", None)
    await newcomer.command("join", code)
    assert "أُلغي رمز الدعوة" in newcomer.texts
    assert await roles_in(core, newcomer, hope) == []


async def test_used_and_expired_invites_leave_the_pending_list_and_cannot_be_used_again(core, clock, hope) -> None:
    admin = await member(core, "boss", hope, "admin")
    used = await make_invite(admin, "منظم فعاليات")
    await make_invite(admin, "منسق بيانات")
    await open_team(admin)
    invites_button = admin.option_id("دعوات معلّقة (٢)")
    await admin.choose("دعوات معلّقة (٢)")
    revoke_used = admin.option_id("إلغاء الدعوة ١")
    first, second = await member(core, "n1", None), await member(core, "n2", None)
    await first.text(f"انضمام {used}")
    assert "أهلاً بك في فريق" in first.texts
    await second.command("join", used)
    assert "استُخدم رمز الدعوة" in second.texts and await roles_in(core, second, hope) == []
    before = await snapshot(core)
    await admin.choose_id(revoke_used)
    assert "لم تعد معلّقة" in admin.texts and await snapshot(core) == before
    assert "دعوة معلّقة واحدة" in admin.texts and "منسق بيانات" in admin.texts
    clock.advance(days=8)
    await admin.choose_id(invites_button)
    assert "لا توجد دعوات معلّقة" in admin.texts


async def test_invite_codes_are_stored_only_as_hashes(core, db, clock, hope, tmp_path) -> None:
    admin = await member(core, "boss", hope, "admin")
    codes = [await make_invite(admin, "منظم فعاليات") for _ in range(3)]
    async with core.db.transaction() as session:
        rows = (await session.execute(select(Invite.__table__))).all()
        details = [e.details for e in (await session.scalars(select(AuditLog))).all()]
    stored = repr(rows) + repr(details)
    for code in codes:
        assert code not in stored and code.lower() not in stored
    assert all(len(row.code_hash) == 64 for row in rows)
    if not USE_POSTGRES:
        await db.dispose()
        # Every byte SQLite keeps: the file and its write-ahead log.
        files = [path for path in tmp_path.glob("test.db*") if path.is_file()]
        raw = b"".join(path.read_bytes() for path in files)
        with sqlite3.connect(tmp_path / "test.db") as conn:
            raw += repr(conn.execute("SELECT * FROM invites").fetchall()).encode()
        for code in codes:
            assert code.encode() not in raw


@pytest.mark.parametrize("who", ["organizer", "coordinator", "citizen", "admin of another organisation"])
async def test_only_an_admin_of_the_organisation_opens_the_team(core, clock, hope, who: str) -> None:
    admin = await member(core, "boss", hope, "admin")
    await make_invite(admin, "منظم فعاليات")
    victim = await contact_id(core, admin)
    ishtar = await organisation(core, ISHTAR)
    org, role = {"organizer": (hope, "organizer"), "coordinator": (hope, "coordinator"), "citizen": (None, None),
                 "admin of another organisation": (ishtar, "admin")}[who]
    attacker = await member(core, "x", org, *([role] if role else []))
    await attacker.text("القائمة")
    if role:
        await attacker.choose("لوحة المنظمين")
    if who != "admin of another organisation":
        assert "فريق المنظمة 👥" not in labels(attacker)
    async with core.db.transaction() as session:
        invite_id = await session.scalar(select(Invite.id))
    me = await contact_id(core, attacker)
    forged = [("Tm", hope, 0), ("Tp", hope, victim), ("Tr", hope, victim), ("TR", hope, victim, "coordinator"),
              ("TR", hope, me, "admin"), ("Tx", hope, victim), ("TX", hope, victim), ("Ti", hope),
              ("Tv", hope, invite_id), ("iv", hope), ("iR", hope, "admin")]
    before = await snapshot(core)
    for action_name, *args in forged:
        await attacker.choose_id(core.codec.encode(me, action_name, *args))
        assert REFUSED in attacker.texts, (action_name, attacker.texts)
        assert "boss" not in attacker.texts
    assert await snapshot(core) == before


# --- a removed person's old buttons ---------------------------------------------------------------------

# Feature modules whose actions are staff actions (a citizen's own ticket buttons excepted).
STAFF_MODULES = {"handlers.staff": "team", "handlers.staff_team": "team", "handlers.staff_events": "events",
                 "handlers.event_card": "events", "handlers.event_create": "events", "handlers.event_edit": "events",
                 "handlers.broadcasts": "broadcasts", "handlers.broadcast_card": "broadcasts",
                 "handlers.broadcast_audience": "broadcasts", "handlers.checkin": "checkin",
                 "handlers.exports_menu": "exports"}
CITIZEN_ACTIONS = {"kM", "kT"}


def staff_kind(core: BotCore, person_id: int, option_id: str) -> str | None:
    """Which kind of staff button an option id is (None for a citizen's button)."""
    decoded = core.codec.decode(person_id, option_id)
    if decoded is None or decoded.action in CITIZEN_ACTIONS or decoded.action not in ACTIONS:
        return None
    return STAFF_MODULES.get(ACTIONS[decoded.action].__module__)


async def seat(core: BotCore, event_id: int, external_id: str, code: str) -> int:
    """A citizen with a confirmed seat (ticket `code`) at the event; returns the registration id."""
    citizen = await member(core, external_id, None)
    async with core.db.transaction() as session:
        registration = Registration(event_id=event_id, contact_id=await contact_id(core, citizen), status="confirmed",
                                    ticket_code=code, confirmed_at=utcnow())
        session.add(registration)
        await session.flush()
        return registration.id


async def collect_every_kind_of_button(core: BotCore, ex: Collector, event_id: int) -> None:
    """Walk the panel as an admin would, stopping short of every final step."""
    await ex.text("القائمة")
    await ex.choose("لوحة المنظمين")
    await ex.choose("فعاليات منظمتي")
    await ex.choose("ندوة حوارية")
    await ex.choose("تعديل")
    await ex.choose("رجوع إلى الفعالية")
    await ex.choose("إلغاء الفعالية")
    await ex.text("القائمة")
    await ex.choose("لوحة المنظمين")
    await ex.choose("إعلان جديد")
    await ex.text("اجتماع الفريق القادم يوم الخميس")
    if "هل تريد ربط الإعلان" in ex.texts:
        await ex.choose("بدون فعالية")
    await ex.choose("جميع مشتركي المنظمة")
    await ex.choose("معاينة الإعلان")
    await ex.text("القائمة")
    await ex.choose("لوحة المنظمين")
    await ex.choose("الإعلانات")
    await ex.text("القائمة")
    await ex.choose("تنزيل البيانات")
    await ex.choose("ندوة حوارية")
    await ex.choose(catalog.text("export-name-registrations"))
    await ex.text("القائمة")
    await ex.choose("لوحة المنظمين")
    await ex.choose("فريق المنظمة")
    await ex.choose("boss")
    await ex.choose("تغيير الدور")
    await ex.choose("رجوع")
    await ex.choose("إزالة من الفريق")
    await make_invite(ex, "منظم فعاليات")
    await open_team(ex)
    await ex.choose("دعوات معلّقة")
    await ex.text("القائمة")
    await ex.choose("لوحة المنظمين")
    await ex.choose("تسجيل الحضور")
    await ex.text("القائمة")


async def test_a_removed_admin_s_old_buttons_of_every_kind_do_nothing(core, clock, hope) -> None:
    boss = await member(core, "boss", hope, "admin")
    event_id = await add_event(core.db, title="ندوة حوارية حول الانتخابات", starts_at=clock.now + timedelta(days=2),
                               organization_id=hope)
    await seat(core, event_id, "citizen", "TCKT0001")
    ex = await member(core, "ex", hope, "admin", cls=Collector)
    assert isinstance(ex, Collector)
    ex_id = await contact_id(core, ex)
    await collect_every_kind_of_button(core, ex, event_id)
    buttons = [(option, staff_kind(core, ex_id, option)) for option in ex.seen]
    buttons = [(option, kind) for option, kind in buttons if kind is not None]
    assert {kind for _, kind in buttons} == {"team", "events", "broadcasts", "checkin", "exports"}

    assert len(buttons) > 40

    await open_team(boss)
    await boss.choose("ex")
    await boss.choose("إزالة من الفريق")
    await boss.choose("نعم، أزِله")
    assert await roles_in(core, ex, hope) == []

    before = await snapshot(core)
    for option, kind in buttons:
        replies = await ex.choose_id(option)
        assert REFUSED in ex.texts or STALE in ex.texts, (kind, ACTIONS[core.codec.decode(ex_id, option).action],
                                                          ex.texts)
        assert all(reply.document is None for reply in replies)
    await ex.text("TCKT0001")  # a ticket code typed at the door after the removal
    async with core.db.transaction() as session:
        token = await ticket_token(session, await session.scalar(select(Registration.id)))
    await ex.command("start", f"ci_{token}")  # a ticket's QR code scanned after the removal
    assert await snapshot(core) == before
    await ex.text("القائمة")
    assert "لوحة المنظمين 🛠" not in labels(ex) and "تنزيل البيانات" not in "".join(labels(ex))


@pytest.mark.parametrize("flow", ["broadcast text", "ticket code", "event title"])
async def test_a_removed_organizer_half_way_through_a_question_changes_nothing(core, clock, hope, flow: str) -> None:
    event_id = await add_event(core.db, title="ندوة حوارية حول الانتخابات", starts_at=clock.now + timedelta(days=2),
                               organization_id=hope)
    await seat(core, event_id, "citizen", "TCKT0001")
    organizer = await member(core, "org", hope, "organizer")
    await organizer.text("القائمة")
    await organizer.choose("لوحة المنظمين")
    if flow == "broadcast text":
        await organizer.choose("إعلان جديد")
    elif flow == "ticket code":
        await organizer.choose("تسجيل الحضور")
    else:
        await organizer.choose("فعاليات منظمتي")
        await organizer.choose("ندوة حوارية")
        await organizer.choose("تعديل")
        await organizer.choose("العنوان")
    async with core.db.transaction() as session:
        await remove_role(session, hope, await contact_id(core, organizer), actor=cli_actor())
    before = await snapshot(core)
    await organizer.text("TCKT0001" if flow == "ticket code" else "ندوة معدّلة عن المشاركة")
    assert REFUSED in organizer.texts
    assert await snapshot(core) == before


# --- the shell ------------------------------------------------------------------------------------------


def cli_env(url: str) -> dict[str, str]:
    """The environment of a shell command against the test database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MUSHARAKA_", "TELEGRAM_", "WHATSAPP_"))}
    env["DATABASE_URL"] = url
    return env


async def cli(capsys, tmp_path: Path, *argv: str, **env: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    """Run a `musharaka` subcommand in this process; returns (exit code, stdout, stderr)."""
    _load_extra_commands()
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:
        out = capsys.readouterr()
        return int(stop.code or 0), out.out, out.err
    settings = Settings(DATABASE_URL=database_url(tmp_path), **env)  # type: ignore[call-arg]
    code = await args.func(settings, args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
async def staffed(core: BotCore, clock, hope) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """HOPE with an admin (boss) and an organizer-coordinator (sara) who did something; ISHTAR with one admin."""
    boss = await member(core, "boss", hope, "admin")
    sara = await member(core, "sara", hope, "organizer", "coordinator")
    ishtar = await organisation(core, ISHTAR)
    await member(core, "ali", ishtar, "admin")
    clock.advance(hours=1)
    await make_invite(boss, "منسق بيانات")
    return {"boss": boss, "sara": sara, "ishtar": ishtar}


def test_staff_remove_from_the_shell_takes_one_role_and_is_audited_as_the_os_user(tmp_path: Path) -> None:
    url = database_url(tmp_path)
    if USE_POSTGRES:
        asyncio.run(_truncate(tmp_path))

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True,
                              env=cli_env(url), cwd=tmp_path, timeout=60)

    assert run("org", "add", HOPE).returncode == 0
    for role in ("organizer", "coordinator"):
        added = run("staff", "add", "--org", HOPE, "--channel", "telegram", "--user", "42", "--role", role)
        assert added.returncode == 0, added.stderr
    removed = run("staff", "remove", "--org", HOPE, "--channel", "telegram", "--user", "42", "--role", "organizer")
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout == f"telegram:42 is no longer organizer of {HOPE}\n"
    listed = run("staff", "list")
    assert listed.stdout.startswith(f"{HOPE}\ttelegram:42\tcoordinator\t-\n")
    audit = run("audit", "--action", "staff.remove")
    assert f'"actor": "{cli_actor()}"' in audit.stdout and '"roles": ["organizer"]' in audit.stdout
    assert len(audit.stdout.splitlines()) == 1


async def _truncate(tmp_path: Path) -> None:
    await (await fresh_database(tmp_path)).dispose()


async def test_staff_remove_without_a_role_takes_every_role_and_warns_when_no_admin_is_left(
        core, staffed, capsys, tmp_path) -> None:
    hope_id = await organisation_id(core, HOPE)
    code, out, err = await cli(capsys, tmp_path, "staff", "remove", "--org", HOPE, "--channel", "console",
                               "--user", "sara")
    assert code == 0 and out == f"console:sara is no longer organizer or coordinator of {HOPE}\n" and err == ""
    assert await roles_in(core, staffed["sara"], hope_id) == []
    code, out, err = await cli(capsys, tmp_path, "staff", "remove", "--org", str(hope_id), "--channel", "console",
                               "--user", "boss", "--role", "admin")
    assert code == 0 and f"warning: {HOPE} has no admin now" in err
    entries = [e for e in await audit_rows(core) if e.action == "staff.remove"]
    assert [e.actor for e in entries] == [cli_actor(), cli_actor()]


async def organisation_id(core: BotCore, name: str) -> int:
    """An organisation's id by name."""
    async with core.db.transaction() as session:
        organization = await find_organization(session, name)
        assert organization is not None
        return organization.id


@pytest.mark.parametrize(("argv", "message"), [
    (("--org", "منظمة لا وجود لها", "--channel", "console", "--user", "sara"), "error: no organisation"),
    (("--org", HOPE, "--channel", "console", "--user", "nobody"), "error: console:nobody has no role in"),
    (("--org", ISHTAR, "--channel", "console", "--user", "sara"), "error: console:sara has no role in"),
    (("--org", HOPE, "--channel", "console", "--user", "sara", "--role", "boss"), "error: unknown role 'boss'"),
    (("--org", HOPE, "--channel", "console", "--user", "sara", "--role", "admin"),
     "error: console:sara is not admin of"),
    (("--org", HOPE, "--channel", "sms", "--user", "sara"), "error: unknown channel 'sms'"),
])
async def test_staff_remove_mistakes_are_one_error_line_and_change_nothing(
        core, staffed, capsys, tmp_path, argv: tuple[str, ...], message: str) -> None:
    before = await snapshot(core)
    code, out, err = await cli(capsys, tmp_path, "staff", "remove", *argv)
    assert code == 2 and out == "" and err.startswith(message) and err.count("\n") == 1
    assert "Traceback" not in err
    assert await snapshot(core) == before


async def test_staff_list_shows_each_person_s_roles_and_last_action(core, staffed, capsys, tmp_path, clock) -> None:
    code, out, _ = await cli(capsys, tmp_path, "staff", "list")
    assert code == 0
    lines = out.splitlines()
    when = (clock.now).strftime("%Y-%m-%d %H:%M")
    assert lines == [
        f"{HOPE}\tconsole:boss\tadmin\t{when}Z invite.create",
        f"{HOPE}\tconsole:sara\torganizer,coordinator\t-",
        f"{ISHTAR}\tconsole:ali\tadmin\t-",
    ]
    code, out, _ = await cli(capsys, tmp_path, "staff", "list", "--org", ISHTAR)
    assert out.splitlines() == [f"{ISHTAR}\tconsole:ali\tadmin\t-"]
    code, out, err = await cli(capsys, tmp_path, "staff", "list", "--org", "99")
    assert code == 2 and err == "error: no organisation '99' (see `musharaka org list`)\n"


async def test_the_audit_command_filters_by_organisation_and_action(core, staffed, capsys, tmp_path) -> None:
    code, out, _ = await cli(capsys, tmp_path, "audit", "--org", HOPE, "--action", "staff")
    entries = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [e["action"] for e in entries] == ["staff.grant"] * 3
    hope_id = await organisation_id(core, HOPE)
    assert {e["organization_id"] for e in entries} == {hope_id}
    code, out, _ = await cli(capsys, tmp_path, "audit", "--org", str(staffed["ishtar"]))
    assert [json.loads(line)["action"] for line in out.splitlines()] == ["org.add", "staff.grant"]
    code, out, _ = await cli(capsys, tmp_path, "audit", "--action", "invite.", "--since", "2026-12-01")
    assert [json.loads(line)["action"] for line in out.splitlines()] == ["invite.create"]
    code, out, _ = await cli(capsys, tmp_path, "audit", "--action", "staff_")  # a prefix, not a pattern
    assert code == 0 and out == ""
    code, _, err = await cli(capsys, tmp_path, "audit", "--org", "منظمة لا وجود لها")
    assert code == 2 and err.startswith("error: no organisation") and err.count("\n") == 1


# --- MUSHARAKA_STAFF ------------------------------------------------------------------------------------


async def test_musharaka_staff_makes_the_first_admin_of_an_organisation_without_one_and_nothing_else(
        db, clock) -> None:
    plain = await BotCore.create(db, CoreConfig(secret_key="test-secret"))
    hope = await organisation(plain, HOPE)
    ishtar = await organisation(plain, ISHTAR)
    await member(plain, "ali", ishtar, "admin")
    entries = split_entries(f"console:boss@{HOPE}, console:boss@{ishtar}, console:nobody, console:late@{HOPE}")
    core = await BotCore.create(db, CoreConfig(secret_key="test-secret", staff_ids=entries))
    await add_event(db, title="ندوة حوارية في بغداد", starts_at=clock.now + timedelta(days=1),
                                organization_id=hope)
    await add_event(db, title="ورشة عمل في أربيل", starts_at=clock.now + timedelta(days=1), organization_id=ishtar)
    boss = Person(core, "boss")
    await boss.command("start")
    assert await roles_in(core, boss, hope) == []  # nothing before consent
    await boss.choose("أوافق")
    await boss.choose("بغداد")
    assert await roles_in(core, boss, hope) == ["admin"] and await roles_in(core, boss, ishtar) == []
    [grant] = [e for e in await audit_rows(core) if e.action == "staff.grant" and e.organization_id == hope]
    assert grant.actor == "system" and grant.details["via"] == "MUSHARAKA_STAFF"
    # A real role: the team lists it, and exports show this organisation's events only.
    await open_team(boss)
    assert "boss (أنت) — مدير" in without_bidi_marks(boss.texts)
    await boss.text("القائمة")
    await boss.choose("تنزيل البيانات")
    assert any("ندوة حوارية في بغداد" in label for label in labels(boss))
    assert not any("ورشة عمل في أربيل" in label for label in labels(boss))
    late, nobody = await member(core, "late", None), await member(core, "nobody", None)
    assert await roles_in(core, late, hope) == [] and await roles_in(core, nobody, hope) == []
    async with core.db.transaction() as session:
        assert len((await session.scalars(select(Staff))).all()) == 2


async def test_the_bot_warns_at_every_start_while_musharaka_staff_is_set(core, clock, hope, caplog) -> None:
    await member(core, "ali", hope, "admin")
    await organisation(core, ISHTAR)
    raw = f"whatsapp:{WHATSAPP_NUMBER}@{HOPE},telegram:42@{ISHTAR},telegram:43,console:x@منظمة لم تنشأ بعد"
    settings = Settings(MUSHARAKA_STAFF=raw, DATABASE_URL="sqlite://")  # type: ignore[call-arg]
    with caplog.at_level(logging.WARNING):
        await settings.warn_about_staff_bootstrap(core.db)
    logged = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert logged[0].startswith("MUSHARAKA_STAFF is set")
    assert any(f"{HOPE!r} already has an admin" in line and "whatsapp entry is ignored" in line for line in logged)
    assert any("telegram entry without @ORG is ignored" in line for line in logged)
    assert any("no organisation 'منظمة لم تنشأ بعد'" in line for line in logged)
    assert not any(f"{ISHTAR!r}" in line for line in logged)  # no admin there yet: the entry is fine
    assert not any(WHATSAPP_NUMBER in line or "42" in line or "43" in line for line in logged)
    caplog.clear()
    await Settings(DATABASE_URL="sqlite://").warn_about_staff_bootstrap(core.db)  # type: ignore[call-arg]
    assert not caplog.records


def test_the_terminal_chat_warns_at_start_while_musharaka_staff_is_set(tmp_path: Path) -> None:
    env = cli_env(f"sqlite:///{tmp_path / 'chat.db'}")
    env["MUSHARAKA_STAFF"] = "console:1"
    result = subprocess.run([sys.executable, "-m", "bot.cli", "chat"], input="", capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "MUSHARAKA_STAFF is set" in result.stderr and "without @ORG is ignored" in result.stderr


# --- one audit vocabulary -------------------------------------------------------------------------------


async def test_every_audited_action_names_its_actor_in_one_vocabulary(db, clock, capsys, tmp_path) -> None:
    from tests.test_broadcasts import compose

    core = await BotCore.create(db, CoreConfig(secret_key="test-secret",
                                               staff_ids=split_entries(f"console:boss@{HOPE}")))
    assert (await cli(capsys, tmp_path, "org", "add", HOPE))[0] == 0
    hope = await organisation_id(core, HOPE)
    boss = await member(core, "boss", None)  # admin through MUSHARAKA_STAFF: a system grant
    event_id = await add_event(db, title="ندوة حوارية حول الانتخابات", starts_at=clock.now + timedelta(days=3),
                               organization_id=hope, status="draft")
    await seat(core, event_id, "citizen", "TCKT0001")
    async with core.db.transaction() as session:
        _, whatsapp, _ = await get_or_create_identity(session, "whatsapp", WHATSAPP_NUMBER)
        whatsapp.consent_at = clock.now
    assert (await cli(capsys, tmp_path, "staff", "add", "--org", HOPE, "--channel", "whatsapp", "--user",
                      WHATSAPP_NUMBER, "--role", "coordinator"))[0] == 0
    # Team: an invite used (contact:<id> joins), another revoked, a role changed, someone removed.
    code = await make_invite(boss, "منظم فعاليات")
    organizer = await member(core, "org", None)
    await organizer.command("join", code)
    await make_invite(boss, "منسق بيانات")
    await open_team(boss)
    await boss.choose("دعوات معلّقة")
    await boss.choose("إلغاء الدعوة ١")
    await open_team(boss)
    await boss.choose("رقم واتساب")
    await boss.choose("تغيير الدور")
    await boss.choose("منظم فعاليات")
    await boss.choose("إزالة من الفريق")
    await boss.choose("نعم، أزِله")
    # Events: publish, edit, close registration.
    await boss.text("القائمة")
    await boss.choose("لوحة المنظمين")
    await boss.choose("فعاليات منظمتي")
    await boss.choose("ندوة حوارية")
    await boss.choose("نشر")
    await boss.choose("إغلاق التسجيل")
    await boss.choose("تعديل")
    await boss.choose("العنوان")
    await boss.text("ندوة حوارية حول المشاركة في الانتخابات")
    # Check-in at the door, an export in the bot and one from the shell.
    await organizer.text("القائمة")
    await organizer.choose("لوحة المنظمين")
    await organizer.choose("تسجيل الحضور")
    await organizer.text("TCKT0001")
    await organizer.choose("رغم ذلك")  # days before the start: an audited override
    assert "تم تسجيل حضور" in organizer.texts or "✅" in organizer.texts
    await boss.text("القائمة")
    await boss.choose("تنزيل البيانات")
    await boss.choose("ندوة حوارية")
    await boss.choose(catalog.text("export-name-registrations"))
    await boss.choose("CSV")
    assert (await cli(capsys, tmp_path, "export", "attendance", "--event", str(event_id), "--format", "csv",
                      "-o", str(tmp_path / "a.csv")))[0] == 0
    # Broadcasts: sent now and stopped; scheduled and sent by the scheduler; scheduled and cancelled.
    await compose(organizer, event=None)
    await organizer.choose("معاينة الإعلان")
    await organizer.choose("إرسال الآن")
    await organizer.choose("إيقاف الإرسال")
    for when, cancel in (("١/١٢/٢٠٢٦ ١٨:٣٠", False), ("٢/١٢/٢٠٢٦ ١٨:٣٠", True)):
        await compose(organizer, event=None)
        await organizer.choose("معاينة الإعلان")
        await organizer.choose("جدولة")
        await organizer.text(when)
        if cancel:
            await organizer.choose("إلغاء هذا الإعلان")
    clock.advance(hours=7)
    await run_tick(core.db)
    # Cancelling the event last (it tells the registrants).
    await boss.text("القائمة")
    await boss.choose("لوحة المنظمين")
    await boss.choose("فعاليات منظمتي")
    await boss.choose("ندوة حوارية")
    await boss.choose("إلغاء الفعالية")
    await boss.choose("نعم")
    # The citizen deletes their data: the audit keeps a pseudonym.
    citizen = Person(core, "citizen")
    citizen_id = await contact_id(core, citizen)
    await citizen.text("حذف بياناتي")
    await citizen.choose("نعم، احذف بياناتي")

    rows = await audit_rows(core)
    actions = {row.action for row in rows}
    assert {"org.add", "staff.grant", "invite.create", "invite.revoke", "staff.role", "staff.remove",
            "event.publish", "event.registration-close", "event.edit", "event.cancel", "checkin", "export",
            "broadcast.send", "broadcast.stop", "broadcast.schedule", "broadcast.cancel", "contact.delete"} <= actions
    bad = [(row.action, row.actor) for row in rows if not ACTOR_PATTERN.fullmatch(row.actor)]
    assert bad == []
    assert not [row for row in rows if WHATSAPP_NUMBER in repr(row.details) + row.actor or "console:" in row.actor]
    boss_id, organizer_id = await contact_id(core, boss), await contact_id(core, organizer)
    by_action = {(row.action, row.actor) for row in rows}
    assert {("staff.grant", "system"), ("staff.grant", cli_actor()), ("staff.grant", f"contact:{organizer_id}"),
            ("org.add", cli_actor()), ("export", cli_actor()), ("export", f"staff:{boss_id}"),
            ("checkin", f"staff:{organizer_id}"), ("broadcast.send", "system"),
            ("broadcast.send", f"staff:{organizer_id}"), ("event.edit", f"staff:{boss_id}"),
            ("contact.delete", f"deleted-person-{citizen_id}")} <= by_action
    assert all(row.organization_id == hope for row in rows if row.action != "contact.delete")


def test_the_actor_pattern_accepts_the_vocabulary_and_nothing_else() -> None:
    for good in ("staff:12", "contact:3", "system", "cli:root", "cli:unknown", "deleted-person-17"):
        assert ACTOR_PATTERN.fullmatch(good)
    for bad in ("contact:x", "console:boss", "invite:3", "telegram:42", f"whatsapp:{WHATSAPP_NUMBER}", "scheduler",
                "cli", "staff:"):
        assert not ACTOR_PATTERN.fullmatch(bad)


async def test_a_check_in_is_audited_once_and_a_second_scan_is_not(core, clock, hope) -> None:
    event_id = await add_event(core.db, starts_at=clock.now + timedelta(hours=1), organization_id=hope)
    registration_id = await seat(core, event_id, "citizen", "TCKT0001")
    organizer = await member(core, "org", hope, "organizer")
    oid = await contact_id(core, organizer)
    for _ in range(2):
        async with core.db.transaction() as session:
            await check_in(session, registration_id, oid)
    [entry] = [e for e in await audit_rows(core) if e.action == "checkin"]
    assert entry.actor == f"staff:{oid}" and entry.organization_id == hope
    assert entry.details == {"event_id": event_id, "registration_id": registration_id}
