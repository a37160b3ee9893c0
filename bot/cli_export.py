"""`musharaka export …`: download registrations, attendance or feedback as CSV/XLSX from the shell.

The file is written to a temporary file next to the target and moved into place at the end,
so a failed export never leaves half a file (and the data, being personal, is created 0600).
Phone numbers are added only with --with-phone (the export is then audited as export.sensitive),
and cancelled registrations only with --include-cancelled.
Operator-facing messages here are English like the rest of the CLI; the file's headers and labels
are Arabic unless --lang asks for English or Kurdish (sheets then read in that language's direction).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TextIO

from bot.cli import EXTRA_COMMANDS, open_database, plural
from bot.cli_donor import DONOR_SUMMARY, add_donor_arguments, run_donor_summary
from bot.cli_errors import discard, operator_name, output_path_problem
from bot.settings import Settings
from messages import catalog
from messages.normalize import to_ascii_digits
from storage.exports.registry import EXPORTERS, Selection
from storage.exports.writers import record_export
from storage.models import Event

EXIT_USAGE = 2


class CliError(Exception):
    """A problem the operator can fix; shown as one line, exit code 2."""


class ProgressBar:
    """A dependency-free progress bar on a terminal stream, redrawn at most ten times a second."""

    def __init__(self, total: int, label: str, stream: TextIO, width: int = 30) -> None:
        self.total = max(total, 0)
        self.label = label
        self.stream = stream
        self.width = width
        self._last_draw = 0.0

    def update(self, done: int, *, force: bool = False) -> None:
        """Show that `done` rows of `total` are written."""
        now = time.monotonic()
        if not force and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        fraction = min(done / self.total, 1.0) if self.total else 1.0
        filled = int(self.width * fraction)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {fraction:4.0%} {done:,}/{self.total:,}")
        self.stream.flush()

    def finish(self, done: int) -> None:
        """Draw the final state and end the line."""
        self.update(done, force=True)
        self.stream.write("\n")
        self.stream.flush()


def parse_date(text: str) -> date:
    """An argparse type: a YYYY-MM-DD date (Arabic-Indic digits accepted), read as a Baghdad date."""
    try:
        return date.fromisoformat(to_ascii_digits(text.strip()))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def add_export_command(sub: argparse._SubParsersAction) -> None:
    """Register `musharaka export` with the main parser."""
    parser = sub.add_parser(
        "export",
        help="download registrations, attendance or feedback as CSV or XLSX",
        description="Export one event (--event) or every event starting in a period (--since/--until, "
                    "Baghdad dates, inclusive). Every export is written to the audit log.",
    )
    parser.add_argument("exporter", choices=[*EXPORTERS, DONOR_SUMMARY], help="what to export")
    parser.add_argument("--event", type=int, help="the event id")
    parser.add_argument("--since", type=parse_date, help="first day of the period (YYYY-MM-DD, Baghdad)")
    parser.add_argument("--until", type=parse_date, help="last day of the period (YYYY-MM-DD, Baghdad)")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="xlsx", help="file format (default xlsx)")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: a name in this directory)")
    parser.add_argument("--with-phone", action="store_true",
                        help="add the phone-number columns (registrations, attendance); audited as sensitive")
    parser.add_argument("--include-cancelled", action="store_true",
                        help="keep cancelled registrations (left out by default)")
    parser.add_argument("--lang", choices=catalog.available_languages(), default=catalog.DEFAULT_LANGUAGE,
                        help="language of the column titles and labels (default ar; ckb is Kurdish Sorani)")
    add_donor_arguments(parser)
    parser.set_defaults(func=run_export)


def _offering(attribute: str) -> str:
    return ", ".join(name for name, exporter in EXPORTERS.items() if getattr(exporter, attribute))


def _selection(args: argparse.Namespace) -> Selection:
    if args.event is None and args.since is None and args.until is None:
        raise CliError("choose what to export: --event ID, or a period with --since and/or --until")
    if args.since and args.until and args.since > args.until:
        raise CliError("--since is after --until")
    exporter = EXPORTERS[args.exporter]
    if args.with_phone and not exporter.offers_phone:
        raise CliError(f"the {args.exporter} export has no phone numbers; --with-phone is for "
                       f"{_offering('offers_phone')}")
    if args.include_cancelled and not exporter.offers_cancelled:
        raise CliError(f"the {args.exporter} export has no cancelled registrations; --include-cancelled is for "
                       f"{_offering('offers_cancelled')}")
    return Selection(event_id=args.event, since=args.since, until=args.until, with_phone=args.with_phone,
                     include_cancelled=args.include_cancelled, lang=getattr(args, "lang", catalog.DEFAULT_LANGUAGE))


def _check_target(path: Path) -> None:
    problem = output_path_problem(path)
    if problem:
        raise CliError(problem)


async def run_export(settings: Settings, args: argparse.Namespace) -> int:
    """Run one export; a clear one-line error and exit code 2 for anything the operator can fix."""
    from storage.exports.writers import export_to_file, filename_for

    if args.exporter == DONOR_SUMMARY:
        return await run_donor_summary(settings, args)

    try:
        selection = _selection(args)
        target = (args.output or Path(filename_for(args.exporter, args.format, selection))).expanduser()
        _check_target(target)
        # Creating the temporary file first proves the directory is writable before any work.
        try:
            handle = tempfile.NamedTemporaryFile(dir=target.parent, prefix=".musharaka-export-", delete=False)
        except OSError as error:
            raise CliError(f"cannot write to {target.parent}: {error.strerror or error}") from None
    except CliError as error:
        return _fail(error)
    try:
        db = await open_database(settings)
    except BaseException:
        handle.close()
        discard(handle.name)
        raise
    try:
        with handle:
            # A read-only session: on SQLite a long export must not hold the bot's write lock.
            async with db.reading() as session:
                if selection.event_id is not None and await session.get(Event, selection.event_id) is None:
                    raise CliError(f"no event with id {selection.event_id}")
                exporter = EXPORTERS[args.exporter]
                bar = None
                if sys.stderr.isatty():
                    bar = ProgressBar(await exporter.count(session, selection), args.exporter, sys.stderr)
                result = await export_to_file(
                    session, args.exporter, args.format, selection, handle,
                    actor=f"cli:{operator_name()}", progress=bar.update if bar else None, record=False,
                )
                if bar is not None:
                    bar.finish(result.rows)
                left_out = 0
                if exporter.offers_cancelled and not selection.include_cancelled:
                    everything = await exporter.count(session, replace(selection, include_cancelled=True))
                    left_out = max(everything - result.rows, 0)
        os.replace(handle.name, target)
        async with db.transaction() as session:
            await record_export(session, args.exporter, args.format, selection, result.rows,
                                actor=f"cli:{operator_name()}")
    except CliError as error:
        discard(handle.name)
        return _fail(error)
    except OSError as error:
        discard(handle.name)
        return _fail(CliError(f"cannot write {target}: {error.strerror or error}"))
    except BaseException:
        discard(handle.name)
        raise
    finally:
        await db.dispose()
    print(f"wrote {plural(result.rows, 'row')} to {target}")
    if selection.with_phone:
        print("the file holds phone numbers (audited as export.sensitive): keep it safe, share it with nobody "
              "who does not need it")
    if left_out:
        print(f"left out {plural(left_out, 'cancelled registration')} (add them with --include-cancelled)")
    return 0




def _fail(error: CliError) -> int:
    print(f"error: {error}", file=sys.stderr)
    return EXIT_USAGE


EXTRA_COMMANDS.append(add_export_command)
