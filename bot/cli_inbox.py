"""`musharaka inbox failed|retry`: the inbound items the bot set aside, for an operator.

An item ends `failed` when it could not be read at all (a Telegram update PTB cannot parse) or
when handling it failed three times. `failed` lists them — id, channel, when it arrived and the
error, never what the person wrote or their number — and `retry ID` hands one back to the bot,
which handles it at its next look at the inbox (within a second or two).
"""

from __future__ import annotations

import argparse
import sys

from bot.cli import EXTRA_COMMANDS, open_database, plural
from bot.settings import Settings
from messages.formatting import to_baghdad
from messages.normalize import parse_id
from storage.services import inbox_upkeep

EXIT_USAGE = 2


async def inbox_failed(settings: Settings, _: argparse.Namespace) -> int:
    """musharaka inbox failed: one line per failed item."""
    db = await open_database(settings)
    try:
        rows = await inbox_upkeep.list_failed(db)
    finally:
        await db.dispose()
    if not rows:
        print("no failed inbox items")
        return 0
    print("id\tchannel\tkind\treceived (Baghdad)\tattempts\terror")
    for row in rows:
        error = " ".join((row.last_error or "").split())
        print(f"{row.id}\t{row.channel}\t{row.kind}\t{to_baghdad(row.received_at):%Y-%m-%d %H:%M:%S}\t"
              f"{row.attempts}\t{error}")
    print(f"{plural(len(rows), 'failed item')}; `musharaka inbox retry ID` hands one back to the bot")
    return 0


async def inbox_retry(settings: Settings, args: argparse.Namespace) -> int:
    """musharaka inbox retry ID: set one failed item back to pending."""
    db = await open_database(settings)
    try:
        retried = await inbox_upkeep.retry(db, args.id)
    finally:
        await db.dispose()
    if not retried:
        sys.stderr.write(f"error: no failed inbox item with id {args.id} (see `musharaka inbox failed`)\n")
        return EXIT_USAGE
    print(f"inbox item {args.id} will be handled again by the running bot")
    return 0


def _item_id(value: str) -> int:
    # parse_id: «²» or twenty digits would pass int() and then make the database raise.
    number = parse_id(value)
    if number is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not an inbox item id (a positive number)")
    return number


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `inbox failed|retry`."""
    commands = sub.add_parser("inbox", help="inbound items the bot set aside: list and retry them").add_subparsers(
        dest="inbox_command", required=True)
    failed = commands.add_parser("failed", help="list failed items (id, channel, received, error)")
    failed.set_defaults(func=inbox_failed)
    retry = commands.add_parser("retry", help="hand one failed item back to the bot")
    retry.add_argument("id", type=_item_id, help="the item's id (from `musharaka inbox failed`)")
    retry.set_defaults(func=inbox_retry)


EXTRA_COMMANDS.append(add_commands)
