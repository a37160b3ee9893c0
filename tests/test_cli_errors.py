"""Operator mistakes end in one `error: …` line that says what to fix, exit code 2, never a traceback.

Each case runs `musharaka` in a fresh interpreter, as an operator would. The cases start together
(each waits mostly on its own interpreter starting), and each is then checked on its own.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from storage.db import Database
from tests.fakes.fake_telegram import FakeTelegramServer

ROOT = Path(__file__).resolve().parent.parent
WRONG_TOKEN = "999:not-the-token-botfather-gave"
PG_URL = os.environ.get("DATABASE_URL", "") if os.environ.get("DATABASE_URL", "").startswith("postgres") else ""
WHATSAPP = {"WHATSAPP_ACCESS_TOKEN": "wa-token", "WHATSAPP_PHONE_NUMBER_ID": "1060",
            "WHATSAPP_APP_SECRET": "app-secret", "WHATSAPP_VERIFY_TOKEN": "verify"}


@dataclass
class World:
    """What the cases point at: a scratch folder, a fake Bot API, a port that is taken, one that is closed."""

    tmp: Path
    telegram: FakeTelegramServer
    busy_port: int
    closed_port: int

    @property
    def telegram_url(self) -> str:
        return self.telegram.base_url

    def sqlite(self, name: str = "bot.db") -> str:
        return f"sqlite+aiosqlite:///{self.tmp / name}"


@dataclass
class Case:
    """One operator mistake: the command, its environment, and the words the error line must hold."""

    name: str
    argv: list[str]
    env: Callable[[World], dict[str, str]]
    mentions: tuple[str, ...]
    warnings: int = 0  # lines before the error: the retries' notes
    needs_postgres: bool = False


CASES = [
    Case("wrong_bot_token", ["run"],
         lambda w: {"TELEGRAM_BOT_TOKEN": WRONG_TOKEN, "TELEGRAM_API_BASE_URL": w.telegram_url},
         ("Telegram rejected TELEGRAM_BOT_TOKEN", "401 Unauthorized", "@BotFather")),
    Case("wrong_bot_token_in_the_worker", ["worker"],
         lambda w: {"TELEGRAM_BOT_TOKEN": WRONG_TOKEN, "TELEGRAM_API_BASE_URL": w.telegram_url},
         ("TELEGRAM_BOT_TOKEN", "@BotFather")),
    Case("bot_api_unreachable_after_retries", ["run"],
         lambda w: {"TELEGRAM_BOT_TOKEN": WRONG_TOKEN, "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{w.closed_port}",
                    "STARTUP_ATTEMPTS": "3", "STARTUP_RETRY_SECONDS": "0.05"},
         ("cannot reach the Telegram Bot API", "127.0.0.1:{closed_port}", "after 3 tries", "TELEGRAM_API_BASE_URL"),
         warnings=2),
    Case("bot_api_url_not_a_url", ["run"],
         lambda w: {"TELEGRAM_BOT_TOKEN": WRONG_TOKEN, "TELEGRAM_API_BASE_URL": "api.telegram.org"},
         ("TELEGRAM_API_BASE_URL", "not an http(s) URL")),
    Case("graph_api_url_not_a_url", ["run"],
         lambda w: {**WHATSAPP, "WHATSAPP_API_BASE_URL": "graph.facebook.com/v21.0"},
         ("WHATSAPP_API_BASE_URL", "not an http(s) URL")),
    Case("webhook_port_taken", ["run"],
         lambda w: {**WHATSAPP, "WHATSAPP_API_BASE_URL": "http://127.0.0.1:9", "WEBHOOK_HOST": "127.0.0.1",
                    "WEBHOOK_PORT": str(w.busy_port)},
         ("port {busy_port}", "already in use", "WEBHOOK_PORT")),
    Case("webhook_port_not_a_number", ["migrate"], lambda w: {"WEBHOOK_PORT": "eighty"},
         ("WEBHOOK_PORT", "eighty")),
    Case("database_url_bogus", ["migrate"], lambda w: {"DATABASE_URL": "bogus"},
         ("DATABASE_URL", "'bogus'", "sqlite:///", "postgresql://")),
    Case("database_url_unsupported", ["org", "list"], lambda w: {"DATABASE_URL": "mysql://root@127.0.0.1/bot"},
         ("DATABASE_URL", "mysql")),
    Case("postgres_unreachable", ["migrate"],
         lambda w: {"DATABASE_URL": f"postgresql://postgres:s3cret-pw@127.0.0.1:{w.closed_port}/x"},
         ("cannot reach PostgreSQL", "127.0.0.1:{closed_port}", "DATABASE_URL")),
    Case("postgres_database_missing", ["migrate"],
         lambda w: {"DATABASE_URL": _other_database(PG_URL, "musharaka_no_such_database")},
         ('"musharaka_no_such_database" does not exist', "createdb", "DATABASE_URL"), needs_postgres=True),
    Case("sqlite_read_only_file", ["org", "add", "Tammuz"],
         lambda w: {"DATABASE_URL": f"sqlite+aiosqlite:///file:{w.tmp / 'migrated.db'}?mode=ro&uri=true"},
         ("migrated.db", "read-only", "writable")),
    Case("sqlite_read_only_unmigrated_file", ["migrate"],
         lambda w: {"DATABASE_URL": f"sqlite+aiosqlite:///file:{w.tmp / 'empty.db'}?mode=ro&uri=true"},
         ("empty.db", "read-only", "writable")),
    Case("sqlite_cannot_open", ["events", "list"],
         lambda w: {"DATABASE_URL": f"sqlite+aiosqlite:///file:{w.tmp / 'absent.db'}?mode=ro&uri=true"},
         ("cannot open the SQLite database", "absent.db", "writable")),
    Case("sqlite_path_is_a_folder", ["migrate"], lambda w: {"DATABASE_URL": w.sqlite("a-folder")},
         ("a-folder", "is a folder", "DATABASE_URL")),
    Case("sqlite_folder_is_a_file", ["migrate"], lambda w: {"DATABASE_URL": w.sqlite("a-file/bot.db")},
         ("a-file", "is a file, not a folder", "DATABASE_URL")),
    Case("content_folder_empty", ["run"],
         lambda w: {**WHATSAPP, "WEBHOOK_PORT": str(w.closed_port),
                    "WEBHOOK_HOST": "127.0.0.1", "MUSHARAKA_CONTENT_DIR": str(w.tmp / "a-folder")},
         ("elections.yaml", "missing", "MUSHARAKA_CONTENT_DIR")),
    Case("elections_yaml_malformed", ["run"],
         lambda w: {**WHATSAPP, "WEBHOOK_PORT": str(w.closed_port), "WEBHOOK_HOST": "127.0.0.1",
                    "MUSHARAKA_CONTENT_DIR": str(w.tmp / "bad-content")},
         ("elections.yaml", "not valid YAML", "line 4")),
    Case("export_into_missing_folder", ["export", "registrations", "--event", "1", "-o", "{tmp}/nowhere/r.xlsx"],
         lambda w: {}, ("nowhere", "does not exist", "-o")),
    Case("events_export_into_a_file_as_folder", ["events", "export", "-o", "{tmp}/a-file/events.csv"],
         lambda w: {}, ("folder", "a-file", "does not exist", "-o")),
]


def _other_database(url: str, name: str) -> str:
    if not url:
        return ""
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The scratch files, a fake Bot API that knows only its own token, and the two ports."""
    tmp = tmp_path_factory.mktemp("operator")
    (tmp / "a-folder").mkdir()
    (tmp / "a-file").write_text("not a folder\n")
    (tmp / "bad-content").mkdir()
    # The title is indented one space too far: the typo a hand edit makes.
    (tmp / "bad-content" / "elections.yaml").write_text("sample: true\ntopics:\n  - id: a\n   title: ب\n",
                                                          encoding="utf-8")
    sqlite3.connect(tmp / "empty.db").execute("PRAGMA user_version = 1").connection.close()
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{tmp / 'migrated.db'}"))
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        closed_port = closed.getsockname()[1]
    with _fake_telegram_in_a_thread() as telegram:
        yield World(tmp, telegram, busy.getsockname()[1], closed_port)
    busy.close()


async def _migrate(url: str) -> None:
    db = Database(url)
    try:
        await db.migrate()
    finally:
        await db.dispose()


class _fake_telegram_in_a_thread:
    """The fake Bot API on its own event loop, so it answers while the test waits on subprocesses."""

    def __enter__(self) -> FakeTelegramServer:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server = FakeTelegramServer(token="123:ABC")
        asyncio.run_coroutine_threadsafe(self.server.start(), self.loop).result(10)
        return self.server

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


def _environment(world: World, case: Case, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "WHATSAPP_", "WEBHOOK_", "MUSHARAKA_", "STARTUP_"))}
    # INFO start-up logs of `run` would sit beside the error line; the operator error must be alone.
    # Each case its own copy of a migrated database: no case waits on another's lock or migrations.
    own = world.tmp / f"{case.name}.db"
    if not own.exists():
        shutil.copyfile(world.tmp / "migrated.db", own)
    env.update({"DATABASE_URL": world.sqlite(own.name), "LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)})
    env.update(case.env(world))
    env.update(more)
    return env


def _start(world: World, case: Case, **more: str) -> subprocess.Popen[str]:
    argv = [arg.replace("{tmp}", str(world.tmp)) for arg in case.argv]
    return subprocess.Popen([sys.executable, "-m", "bot.cli", *argv], cwd=world.tmp,
                            env=_environment(world, case, **more), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _problems(case: Case, world: World, code: int, stderr: str) -> list[str]:
    """What is wrong with one case's outcome (nothing, when the operator got one good line)."""
    lines = stderr.splitlines()
    problems = []
    if "Traceback" in stderr:
        problems.append("a traceback")
    if code != 2:
        problems.append(f"exit code {code}")
    if len(lines) != case.warnings + 1 or not all(line.startswith("warning: ") for line in lines[:-1]):
        problems.append(f"{len(lines)} lines on stderr instead of {case.warnings} warnings and the error")
    error = lines[-1] if lines else ""
    if not error.startswith("error: "):
        problems.append("no `error: ` line last")
    for words in case.mentions:
        if words.format(busy_port=world.busy_port, closed_port=world.closed_port) not in error:
            problems.append(f"the error does not mention {words!r}")
    if any(secret in stderr for secret in (WRONG_TOKEN, "s3cret-pw", "wa-token", "app-secret")):
        problems.append("a secret on stderr")
    return problems


def test_every_operator_mistake_is_one_error_line_and_exit_2(world: World) -> None:
    # All cases start at once (one test, so the fixtures and processes are not repeated per worker).
    cases = [case for case in CASES if PG_URL or not case.needs_postgres]
    running = [(case, _start(world, case)) for case in cases]
    failures = []
    for case, process in running:
        _, stderr = process.communicate(timeout=120)
        problems = _problems(case, world, process.returncode, stderr)
        if problems:
            failures.append(f"{case.name}: {', '.join(problems)}\n{stderr}")
    assert not failures, "\n\n".join(failures)
    # The 401 came from the Bot API's getMe, and nothing went further (no polling, no webhook).
    calls = {(request.method, request.status) for request in world.telegram.requests}
    assert calls == {("getMe", 401)}, calls


def test_debug_log_level_shows_the_traceback_then_the_same_line(world: World) -> None:
    case = next(c for c in CASES if c.name == "postgres_unreachable")
    _, err = _start(world, case, LOG_LEVEL="DEBUG").communicate(timeout=120)
    assert "Traceback (most recent call last)" in err
    assert "ConnectionRefusedError" in err
    last = err.splitlines()[-1]
    assert last.startswith("error: cannot reach PostgreSQL at 127.0.0.1:"), err
    assert "s3cret-pw" not in err, "the DEBUG traceback masks the database password"


def test_counts_in_cli_lines_are_singular_or_plural() -> None:
    from bot.cli import plural

    assert [plural(n, "row") for n in (0, 1, 2)] == ["0 rows", "1 row", "2 rows"]
    assert plural(1, "sample event") == "1 sample event" and plural(3, "try", "tries") == "3 tries"


def test_debug_output_of_a_wrong_token_never_shows_the_token(world: World) -> None:
    # PTB's InvalidToken quotes the token in its message: the DEBUG traceback shows it masked.
    case = next(c for c in CASES if c.name == "wrong_bot_token")
    _, err = _start(world, case, LOG_LEVEL="DEBUG").communicate(timeout=120)
    assert "Traceback (most recent call last)" in err and "InvalidToken: The token `***`" in err, err
    assert WRONG_TOKEN not in err
    assert err.splitlines()[-1].startswith("error: Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized)")
