"""`musharaka events import|list|export`: events in and out of the shell.

`import FILE` reads a CSV (header row) or YAML file and creates every event or none: with any bad
row it prints `line N: reason` for each problem on stderr and exits 2. `list` prints one line per
event with its live counts; `export` writes the import's own format, so the file imports again.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from sqlalchemy import select

from bot.cli import EXTRA_COMMANDS, open_database, plural
from bot.cli_errors import operator_name, output_path_problem
from bot.settings import Settings
from messages.formatting import to_baghdad
from storage.clock import utcnow
from storage.event_io import FORMATS, ImportFailed, export_events, import_events
from storage.models import Event
from storage.services.event_admin import counts_for
from storage.services.staff import find_organization

EXIT_USAGE = 2


def _fail(*lines: str) -> int:
    for line in lines:
        sys.stderr.write(f"error: {line}\n")
    return EXIT_USAGE



async def events_import(settings: Settings, args: argparse.Namespace) -> int:
    """musharaka events import FILE."""
    path = Path(args.file)
    if not path.is_file():
        return _fail(f"{path} is not a file")
    db = await open_database(settings)
    try:
        async with db.transaction() as session:
            imported = await import_events(session, path, actor=f"cli:{operator_name()}")
    except ImportFailed as failed:
        # The transaction was rolled back: nothing of the file is in the database.
        return _fail(*(str(e) for e in failed.errors), f"nothing imported from {path.name}")
    finally:
        await db.dispose()
    line = f"imported {plural(len(imported.events), 'event')} from {path.name}"
    if imported.samples_present:
        # Sample events already in the database are the same samples: skipped, not doubled.
        present = imported.samples_present
        line += f" ({plural(present, 'sample event was', 'sample events were')} already loaded)"
    print(line)
    return 0


async def events_list(settings: Settings, args: argparse.Namespace) -> int:
    """musharaka events list [--org ORG] [--all]: id, status, Baghdad start, governorate, title, counts."""
    db = await open_database(settings)
    try:
        async with db.transaction() as session:
            query = select(Event).order_by(Event.starts_at, Event.id)
            if args.org:
                organization = await find_organization(session, args.org)
                if organization is None:
                    return _fail(f"no organisation {args.org!r} (see `musharaka org list`)")
                query = query.where(Event.organization_id == organization.id)
            if not args.all:
                query = query.where(Event.starts_at > utcnow(), Event.status != "cancelled")
            events = list((await session.scalars(query)).all())
            counts = await counts_for(session, events)
        print("id\tstatus\tstarts (Baghdad)\tgovernorate\ttitle\tconfirmed\twaiting\tchecked_in\tseats_left")
        for event in events:
            c = counts[event.id]
            seats = "unlimited" if c.seats_left is None else str(c.seats_left)
            print(f"{event.id}\t{event.status}\t{to_baghdad(event.starts_at):%Y-%m-%d %H:%M}\t{event.governorate}\t"
                  f"{event.title}\t{c.confirmed}\t{c.waitlisted}\t{c.checked_in}\t{seats}")
        return 0
    finally:
        await db.dispose()


async def events_export(settings: Settings, args: argparse.Namespace) -> int:
    """musharaka events export --format csv|yaml [-o FILE] [--org ORG] [--all]."""
    target = Path(args.output) if args.output and args.output != "-" else None
    problem = output_path_problem(target) if target is not None else None
    if problem:
        return _fail(problem)
    db = await open_database(settings)
    try:
        async with db.transaction() as session:
            organization_id = None
            if args.org:
                organization = await find_organization(session, args.org)
                if organization is None:
                    return _fail(f"no organisation {args.org!r} (see `musharaka org list`)")
                organization_id = organization.id
            text = await export_events(session, args.format, organization_id=organization_id, include_past=args.all)
    finally:
        await db.dispose()
    if target is None:
        sys.stdout.write(text)
        return 0
    try:
        _write_atomically(target, text)
    except OSError as error:
        return _fail(f"cannot write {target}: {error.strerror or error}")
    print(f"wrote {target}")
    return 0


def _write_atomically(target: Path, text: str) -> None:
    # A failed write never leaves half a file; utf-8-sig so Excel opens the Arabic CSV correctly.
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8-sig", newline="", dir=target.parent,
                                         prefix=".musharaka-events-", delete=False)
    try:
        with handle:
            # Already 0600 (mkstemp); said here so no later change loosens it: every file the bot writes is 0600.
            os.fchmod(handle.fileno(), 0o600)
            handle.write(text)
        os.replace(handle.name, target)
    except BaseException:
        os.unlink(handle.name)
        raise


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `events import|list|export`."""
    events = sub.add_parser("events", help="import, list and export events").add_subparsers(
        dest="events_command", required=True)
    load = events.add_parser("import", help="create events from a CSV or YAML file (all or nothing)")
    load.add_argument("file", help="a .csv file with a header row, or a .yaml file")
    load.set_defaults(func=events_import)

    show = events.add_parser("list", help="events with their live counts")
    show.add_argument("--org", help="only this organisation (id or exact name)")
    show.add_argument("--all", action="store_true", help="include past and cancelled events")
    show.set_defaults(func=events_list)

    dump = events.add_parser("export", help="write events in the import's format (samples marked sample=yes)")
    dump.add_argument("--format", choices=FORMATS, default="csv")
    dump.add_argument("-o", "--output", help="the file to write (default: standard output)")
    dump.add_argument("--org", help="only this organisation (id or exact name)")
    dump.add_argument("--all", action="store_true", help="include events that already started")
    dump.set_defaults(func=events_export)


EXTRA_COMMANDS.append(add_commands)
