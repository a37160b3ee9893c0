"""The `musharaka` command: chat, run, migrate, demo-data and the staff tools."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from bot.settings import Settings
from handlers.core import BotCore
from storage.content import load_demo_events
from storage.db import Database

log = logging.getLogger("musharaka")

# Subcommands added by other modules (exports, organisations…): each function adds its subparser
# and sets `func=async (settings, args) -> exit code` as the parser's default.
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []
EXTRA_MODULES = ("bot.cli_export", "bot.cli_staff", "bot.cli_worker", "bot.cli_events")


def configure_logging(level: str, *, quiet: bool = False) -> None:
    """Log to stderr; the terminal chat only shows warnings so its output stays clean."""
    logging.basicConfig(
        level=logging.WARNING if quiet else getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # httpx logs full request URLs at INFO, and Telegram's contain the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)


async def open_database(settings: Settings) -> Database:
    """Connect and bring the schema up to date (a fresh SQLite file migrates itself)."""
    db = Database(settings.database_url)
    await db.migrate()
    return db


async def _chat(settings: Settings, args: argparse.Namespace) -> int:
    from bot.console import run_chat

    db = await open_database(settings)
    try:
        await load_demo_events(db, only_if_empty=True)
        core = await BotCore.create(db, settings.core_config())
        await run_chat(core, user_id=args.user, jsonl=args.jsonl)
    finally:
        await db.dispose()
    return 0


async def _migrate(settings: Settings, _: argparse.Namespace) -> int:
    db = await open_database(settings)
    await db.dispose()
    print("migrated")
    return 0


async def _demo_data(settings: Settings, _: argparse.Namespace) -> int:
    db = await open_database(settings)
    try:
        count = await load_demo_events(db)
    finally:
        await db.dispose()
    print(f"loaded {count} sample events")
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
    chat.add_argument("--user", default="1", help="who you are (a console user id; default 1)")
    chat.add_argument("--jsonl", action="store_true", help="machine-readable: one JSON line per input line")
    sub.add_parser("run", help="run the Telegram and/or WhatsApp bot and the scheduler")
    sub.add_parser("migrate", help="apply database migrations")
    sub.add_parser("demo-data", help="load the sample events")
    for add in EXTRA_COMMANDS:
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `musharaka` command."""
    _load_extra_commands()
    args = build_parser().parse_args(argv)
    settings = Settings()
    configure_logging(settings.log_level, quiet=args.command == "chat")
    handler = COMMANDS.get(args.command) or args.func
    try:
        return asyncio.run(handler(settings, args))
    except KeyboardInterrupt:
        return 130


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
