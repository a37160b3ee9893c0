"""The `musharaka` command: chat, run, migrate, demo-data and the staff tools."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import sys
import threading
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.cli_errors import (
    check_database_url,
    database_errors,
    debug_requested,
    explain,
    report,
    settings_problem,
    settings_secrets,
)
from bot.logging_setup import setup_logging
from bot.settings import Settings
from handlers.core import BotCore
from storage.content import load_demo_events
from storage.db import Database

log = logging.getLogger("musharaka")

# Subcommands added by other modules (exports, organisations…): each function adds its subparser
# and sets `func=async (settings, args) -> exit code` as the parser's default.
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []
EXTRA_MODULES = ("bot.cli_export", "bot.cli_staff", "bot.cli_worker", "bot.cli_events", "bot.cli_inbox",
                 "bot.cli_surveys", "bot.cli_web", "bot.cli_doctor")


def configure_logging(level: str, *, quiet: bool = False, log_format: str | None = None) -> None:
    """Log to stderr, redacted and with chatty libraries capped (bot.logging_setup); the chat shows warnings only."""
    setup_logging(level, quiet=quiet, log_format=log_format)


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """«1 event», «3 events»: a count with its English noun in the right number."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


async def open_database(settings: Settings) -> Database:
    """Connect, bring the schema up to date and check it takes writes; a problem is one OperatorError."""
    check_database_url(settings.database_url)
    with database_errors(settings.database_url):
        db = Database(settings.database_url)
        try:
            await db.migrate()
            await db.check_writable()
        except BaseException:
            await db.dispose()
            raise
    return db


async def _chat(settings: Settings, args: argparse.Namespace) -> int:
    from bot.console import run_chat
    from bot.console_sim import valid_name

    if not valid_name(args.user):
        sys.stderr.write(f"error: --user {args.user!r} must be 1-64 characters without spaces, not starting with /\n")
        return 2
    files_dir = Path(args.files_dir)
    if files_dir.exists() and not files_dir.is_dir():
        sys.stderr.write(f"error: --files-dir {files_dir} is a file, not a folder\n")
        return 2
    db = await open_database(settings)
    try:
        await load_demo_events(db, only_if_empty=True)
        # No flood control in the terminal: a pasted walkthrough is one person typing fast on purpose.
        await settings.warn_about_staff_bootstrap(db)
        config = dataclasses.replace(settings.core_config(), flood_limit=None)
        core = await BotCore.create(db, config)
        return await run_chat(core, user_id=args.user, jsonl=args.jsonl, files_dir=files_dir)
    finally:
        await db.dispose()


async def _migrate(settings: Settings, _: argparse.Namespace) -> int:
    db = await open_database(settings)
    await db.dispose()
    print("migrated")
    return 0


async def _demo_data(settings: Settings, _: argparse.Namespace) -> int:
    db = await open_database(settings)
    try:
        loaded = await load_demo_events(db)
    finally:
        await db.dispose()
    # Running it again is harmless: samples already in the database are not added twice.
    if not loaded.added:
        print(f"sample events already loaded ({loaded.present}); nothing added")
    elif loaded.present:
        print(f"loaded {plural(loaded.added, 'sample event')} ({loaded.present} already loaded)")
    else:
        print(f"loaded {plural(loaded.added, 'sample event')}")
    return 0


async def _run(settings: Settings, _: argparse.Namespace) -> int:
    from bot.runner import run_bot

    return await run_bot(settings)


COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]]] = {
    "chat": _chat,
    "migrate": _migrate,
    "demo-data": _demo_data,
    "run": _run,
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="musharaka", description="Musharaka — citizen engagement bot")
    sub = parser.add_subparsers(dest="command", required=True)
    chat = sub.add_parser("chat", help="talk to the bot in the terminal")
    chat.add_argument("--user", default="1", help="who you are at first (a console name; default 1); /as NAME switches")
    chat.add_argument("--jsonl", action="store_true", help="machine-readable: one JSON line per input line")
    chat.add_argument("--files-dir", default="musharaka-files", metavar="DIR",
                      help="where files the bot sends (tickets, .ics, exports) are saved (default: musharaka-files)")
    sub.add_parser("run", help="run the Telegram and/or WhatsApp bot and the scheduler")
    sub.add_parser("migrate", help="apply database migrations")
    sub.add_parser("demo-data", help="load the sample events (those not loaded yet)")
    for add in EXTRA_COMMANDS:
        add(sub)
    return parser


def _ignore_closed_loop_in_database_threads(args: threading.ExceptHookArgs) -> None:
    # A SQLite connection that failed to open is garbage-collected as the process exits, after the
    # event loop closed; its aiosqlite thread then cannot hand back the result of closing it. The
    # one `error: …` line has been printed by then: that notice is noise, anything else is not.
    closed_loop = isinstance(args.exc_value, RuntimeError) and "Event loop is closed" in str(args.exc_value)
    if closed_loop and args.thread is not None and "_connection_worker_thread" in args.thread.name:
        return
    _DEFAULT_THREAD_HOOK(args)


_DEFAULT_THREAD_HOOK = threading.excepthook


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `musharaka` command."""
    threading.excepthook = _ignore_closed_loop_in_database_threads
    _load_extra_commands()
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        return report(settings_problem(error), error, debug=debug_requested(None))
    configure_logging(settings.log_level, quiet=args.command == "chat", log_format=settings.log_format)
    handler = COMMANDS.get(args.command) or args.func
    try:
        return asyncio.run(handler(settings, args))
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        # Operator mistakes become one `error: …` line; anything else is a bug and keeps its traceback.
        problem = explain(error, settings)
        if problem is None:
            raise
        return report(problem, error, debug=debug_requested(settings), secrets=settings_secrets(settings))


def _load_extra_commands() -> None:
    """Import the modules that register more subcommands (kept out of the chat's start-up path)."""
    for module in EXTRA_MODULES:
        try:
            __import__(module)
        except ModuleNotFoundError as error:
            if error.name != module:
                raise


if __name__ == "__main__":
    # Run through the imported module, where the extra subcommands register themselves.
    from bot.cli import main as package_main

    sys.exit(package_main())
