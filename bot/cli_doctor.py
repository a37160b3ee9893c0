"""`musharaka doctor`: what an operator runs after configuring, one line per check.

It reads and asks, and changes nothing: the database (reachable, writable, migrated to the
newest revision — it never migrates), this machine's clock against the database server's,
the content files, and each configured channel (bot.doctor_channels: the Telegram token and
webhook, the WhatsApp number and templates). Each check prints `ok   <what>: <found>` or
`FAIL <what>: <what is wrong and what to fix>`; the exit code is 1 when anything failed.
No line shows a token or a password.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.cli import EXTRA_COMMANDS
from bot.cli_errors import OperatorError, check_database_url, describe_database_error, settings_secrets
from bot.doctor_check import Check, failed, passed, short
from bot.settings import Settings

if TYPE_CHECKING:
    from storage.db import Database

EXIT_PROBLEMS = 1
# Beyond this, leases (a few seconds) and reminder times go wrong between this machine and the database.
MAX_CLOCK_SKEW = timedelta(seconds=5)
DATABASE_TIMEOUT = 10.0


# --- database, migrations, clock -------------------------------------------------------------------


def _where(url: str) -> str:
    """The database as the operator knows it: the SQLite file, or PostgreSQL host:port/name."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        return f"SQLite {parsed.database}"
    return f"PostgreSQL {parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database}"


def _sqlite_missing(url: str) -> Path | None:
    """The SQLite file DATABASE_URL names when it does not exist (doctor must not create it)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.query.get("uri"):
        return None
    name = parsed.database or ""
    if not name or name == ":memory:":
        return None
    path = Path(name)
    return None if path.exists() else path


def _read_state(sync_connection) -> tuple[str | None, datetime]:  # type: ignore[no-untyped-def]
    """The schema revision and the database server's clock (naive UTC), on a sync connection."""
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import text

    revision = MigrationContext.configure(sync_connection).get_current_revision()
    if sync_connection.dialect.name == "sqlite":
        value = sync_connection.execute(text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")).scalar_one()
        now = datetime.fromisoformat(value)
    else:
        now = sync_connection.execute(text("SELECT now() AT TIME ZONE 'UTC'")).scalar_one()
    return revision, now


def _head_revision() -> str:
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _known_revision(revision: str) -> bool:
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # alembic raises for an id it has never heard of
        return False


async def check_database(settings: Settings) -> list[Check]:
    """Reachable, writable, migrated to the newest revision, and on the same time as this machine."""
    from storage.clock import utcnow
    from storage.db import Database

    url = settings.database_url
    try:
        check_database_url(url)
    except OperatorError as error:
        return [failed("database", str(error))]
    missing = _sqlite_missing(url)
    if missing is not None:
        return [failed("database", f"the SQLite database {missing} does not exist yet: run `musharaka migrate` "
                                   "to create it, or fix the path in DATABASE_URL")]
    checks: list[Check] = []
    try:
        db = Database(url)
    except Exception as error:
        return [failed("database", describe_database_error(error, url, connecting=True) or short(error))]
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT):
            before = utcnow()
            async with db.engine.connect() as conn:
                revision, server_now = await conn.run_sync(_read_state)
            after = utcnow()
            head = _head_revision()
            # The write that changes nothing goes to alembic_version, which a database never migrated lacks.
            writable = await _writable(db, url) if revision is not None else None
        if writable is None:
            checks.append(passed("database", f"{_where(db.url)} reachable"
                                             + (" and writable" if revision is not None else "")))
        else:
            checks.append(failed("database", writable))
        checks.append(_migrations(revision, head))
        checks.append(_clock(before + (after - before) / 2, server_now))
    except Exception as error:
        checks.append(failed("database", _unusable(error, url, db.url)))
    finally:
        await db.dispose()
    return checks


async def _writable(db: Database, url: str) -> str | None:
    """None when the database takes writes (a write that changes nothing), else what is wrong."""
    try:
        await db.check_writable()
    except Exception as error:
        return _unusable(error, url, db.url)
    return None


def _unusable(error: BaseException, url: str, normalized: str) -> str:
    reason = describe_database_error(error, url, connecting=True)
    if reason is not None:
        return reason
    if isinstance(error, TimeoutError):
        return (f"{_where(normalized)} did not answer within {DATABASE_TIMEOUT:g} s: check DATABASE_URL and that "
                "the database server is running")
    return f"cannot use {_where(normalized)} ({short(error)}): check DATABASE_URL and that the server is running"


def _migrations(revision: str | None, head: str) -> Check:
    if revision == head:
        return passed("migrations", f"schema at the newest revision ({head})")
    if revision is None:
        return failed("migrations", f"the database has no schema yet (this version needs {head}): "
                                    "run `musharaka migrate`")
    if not _known_revision(revision):
        return failed("migrations", f"the database is at revision {revision}, which this version does not know "
                                    f"(it needs {head}): a newer Musharaka migrated it; upgrade this installation")
    return failed("migrations", f"the database is at revision {revision}, this version needs {head}: "
                                "run `musharaka migrate` (then restart the bot and the workers)")


def _clock(here: datetime, server: datetime) -> Check:
    skew = here - server
    seconds = abs(skew.total_seconds())
    if abs(skew) <= MAX_CLOCK_SKEW:
        return passed("clock", f"this machine and the database agree (within {max(seconds, 0.1):.1f} s)")
    direction = "ahead of" if skew > timedelta(0) else "behind"
    amount = f"{seconds / 60:.0f} min" if seconds >= 120 else f"{seconds:.0f} s"
    return failed("clock", f"this machine's clock is {amount} {direction} the database server's "
                           f"(this machine says {here:%Y-%m-%d %H:%M:%S} UTC): turn on time sync "
                           "(timedatectl set-ntp true, or chrony) on both machines")


# --- content -----------------------------------------------------------------------------------------


def check_content(settings: Settings) -> list[Check]:
    """The elections topics load (and the demo events, when that file is there)."""
    from bot.cli_errors import explain
    from storage.content import ContentError, demo_event_rows, load_elections

    folder = settings.content_dir
    checks: list[Check] = []
    try:
        content = load_elections(folder)
    except ContentError as error:
        problem = explain(error, None)
        checks.append(failed("content", str(problem or error)))
    else:
        count = len(content.topics)
        detail = f"{folder / 'elections.yaml'}: {count} topic{'' if count == 1 else 's'}"
        if not count:
            checks.append(failed("content", f"{detail}: add your organisation's elections information"))
        else:
            if content.sample:
                detail += " (still the sample content, shown marked as an example: replace it with your own)"
            checks.append(passed("content", detail))
    if (folder / "demo_events.yaml").exists():
        try:
            rows = demo_event_rows(folder)
        except (ContentError, ValueError) as error:
            checks.append(failed("sample events", f"{error}: fix the file (`musharaka demo-data` reads it)"))
        else:
            checks.append(passed("sample events", f"{folder / 'demo_events.yaml'}: {len(rows)} events"))
    return checks


# --- the command -------------------------------------------------------------------------------------


async def run_checks(settings: Settings) -> list[Check]:
    """Every check that applies to these settings, in the order they are printed."""
    # Imported here: every `musharaka` command loads this module to register the subcommand.
    from bot.doctor_channels import check_channels

    checks = await check_database(settings)
    checks += check_content(settings)
    checks += await check_channels(settings)
    return checks


def _masked(line: str, secrets: tuple[str | None, ...]) -> str:
    # Never on screen, whatever an error message quoted: tokens, secrets, the database password.
    for secret in secrets:
        if secret and len(secret) >= 4:
            line = line.replace(secret, "***")
    return line


async def doctor(settings: Settings, stream: TextIO | None = None) -> int:
    """Run the checks, print one line each, return 0 when all passed and 1 otherwise."""
    stream = stream or sys.stdout
    checks = await run_checks(settings)
    secrets = settings_secrets(settings) + (settings.metrics_token, settings.telegram_webhook_secret,
                                            settings.whatsapp_verify_token)
    for check in checks:
        stream.write(_masked(check.line(), secrets) + "\n")
    stream.flush()
    return 0 if all(check.ok for check in checks) else EXIT_PROBLEMS


async def _doctor(settings: Settings, _: argparse.Namespace) -> int:
    return await doctor(settings)


def add_doctor_command(sub: argparse._SubParsersAction) -> None:
    """Add `musharaka doctor`."""
    parser = sub.add_parser("doctor", help="check the configuration: database, clock, content files and each "
                                           "channel; one line per check, exit code 1 when something is wrong")
    parser.set_defaults(func=_doctor)


EXTRA_COMMANDS.append(add_doctor_command)
