"""The layers stay where the design puts them: handlers/ talk to people, storage/services/ talk to the database.

Handlers are channel-agnostic (no Telegram, WhatsApp or HTTP library) and build no SQL: every
event, registration, check-in, audience and export query goes through storage/services/, which
take the organisation, so the walls between organisations are enforced in one place.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HANDLERS = ROOT / "handlers"
# Libraries a handler must not import: the database toolkit and the platform/HTTP libraries.
FORBIDDEN_IMPORTS = ("sqlalchemy", "telegram", "aiohttp", "pywa")
# Building or running SQL: a SELECT, a table object, or the session's query and write methods.
SQL = re.compile(
    r"\bselect\(|__table__|\bsession\.(execute|scalars?|get|add|add_all|delete|merge|flush|refresh|stream)\("
)


def offences(source: str) -> list[str]:
    """What a handler module does that only storage/services/ may do, one line each."""
    found = []
    for number, line in enumerate(source.splitlines(), start=1):
        match = SQL.search(line)
        if match:
            found.append(f"line {number}: {match.group(0)}")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            continue
        for module in modules:
            if module.split(".")[0] in FORBIDDEN_IMPORTS:
                found.append(f"line {node.lineno}: imports {module}")
    return found


def test_handlers_build_no_sql_and_import_no_platform_library() -> None:
    modules = sorted(HANDLERS.glob("*.py"))
    assert len(modules) > 10, "handlers/ not found"
    report = {
        path.name: problems for path in modules if (problems := offences(path.read_text(encoding="utf-8")))
    }
    assert report == {}, "handlers/ must call storage/services/ instead: " + "; ".join(
        f"{name} {', '.join(problems)}" for name, problems in report.items()
    )


def test_the_layer_check_recognises_sql_and_platform_imports() -> None:
    # The check above would pass on anything if these went unnoticed.
    assert offences("from sqlalchemy import select\n")
    assert offences("import sqlalchemy.orm\n")
    assert offences("from telegram import Update\n")
    assert offences("import aiohttp\n")
    assert offences("from pywa import WhatsApp\n")
    assert offences("rows = await ctx.session.execute(query)\n")
    assert offences("event = await ctx.session.get(Event, 1)\n")
    assert offences("ctx.session.add(row)\n")
    assert offences("query = select(Event.id)\n")
    assert offences("query = Registration.__table__.select()\n")
    # What handlers legitimately do is not flagged.
    assert offences(
        "from storage.services.events import get_event\n"
        "event = await get_event(ctx.session, event_id)\n"
        "options = multi_select(ctx)\n"
        "state.update(draft)\n"
    ) == []


# --- module size -------------------------------------------------------------------------------------

# A module longer than this is split into cohesive modules (the design's "under ~400 lines", with room).
MODULE_LINES_MAX = 450
SIZED_PACKAGES = ("handlers", "storage", "bot", "messages", "web")
# Modules allowed to be longer, each with the reason. Migrations are a record of the schema, not code to split.
SIZE_EXCEPTIONS: dict[str, str] = {}


def oversized_modules() -> dict[str, int]:
    """Every .py under the sized packages longer than MODULE_LINES_MAX lines, with its length."""
    found = {}
    for package in SIZED_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or relative in SIZE_EXCEPTIONS:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MODULE_LINES_MAX:
                found[relative] = lines
    return found


def test_every_module_stays_small_enough_to_read() -> None:
    assert (ROOT / "handlers").is_dir() and (ROOT / "storage").is_dir()
    assert oversized_modules() == {}, f"split these into cohesive modules of under ~400 lines: {oversized_modules()}"


def test_size_exceptions_name_modules_that_exist_and_say_why() -> None:
    for relative, reason in SIZE_EXCEPTIONS.items():
        assert (ROOT / relative).is_file(), f"{relative} is listed as an exception but does not exist"
        assert reason.strip(), f"{relative} needs a reason"
