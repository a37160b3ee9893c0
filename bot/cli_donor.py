"""`musharaka export donor-summary --org ORG --from DATE --to DATE --format csv|xlsx -o FILE`.

The donor summary is an `export` like the others but counts a whole organisation over a period,
so it takes an organisation and a period instead of an event (bot/cli_export.py hands it over
here). The file is written next to the target and moved into place at the end (created 0600 by
tempfile), and the export is audited. Operator-facing messages are English like the rest of the CLI.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from bot.cli import open_database, plural
from bot.cli_errors import discard, operator_name, output_path_problem
from bot.settings import Settings
from messages.catalog import DEFAULT_LANGUAGE
from messages.normalize import to_ascii_digits

DONOR_SUMMARY = "donor-summary"
EXIT_USAGE = 2


class DonorCliError(Exception):
    """A problem the operator can fix; shown as one `error: …` line, exit code 2."""


def _date(text: str) -> date:
    """An argparse type: a YYYY-MM-DD Baghdad date (Arabic-Indic digits accepted)."""
    try:
        return date.fromisoformat(to_ascii_digits(text.strip()))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def add_donor_arguments(parser: argparse.ArgumentParser) -> None:
    """The options only `export donor-summary` takes (added to the `export` parser)."""
    parser.add_argument("--org", help="donor-summary: the organisation (id or exact name)")
    parser.add_argument("--from", dest="date_from", type=_date, metavar="DATE",
                        help="donor-summary: first day (YYYY-MM-DD, Baghdad)")
    parser.add_argument("--to", dest="date_to", type=_date, metavar="DATE",
                        help="donor-summary: last day (YYYY-MM-DD, Baghdad)")


def _check(args: argparse.Namespace) -> Path:
    missing = [flag for flag, value in (("--org", args.org), ("--from", args.date_from), ("--to", args.date_to))
               if value is None]
    if missing:
        raise DonorCliError(f"donor-summary needs {', '.join(missing)} (like --org 3 --from 2026-01-01 "
                            "--to 2026-03-31)")
    if args.event is not None or args.with_phone or args.include_cancelled:
        raise DonorCliError("donor-summary takes --org, --from and --to, not --event, --with-phone or "
                            "--include-cancelled")
    if args.date_from > args.date_to:
        raise DonorCliError("--from is after --to")
    target = (args.output or Path(f"musharaka-{DONOR_SUMMARY}-{args.date_from}_{args.date_to}.{args.format}"))
    target = target.expanduser()
    problem = output_path_problem(target)
    if problem:
        raise DonorCliError(problem)
    return target


async def run_donor_summary(settings: Settings, args: argparse.Namespace) -> int:
    """Write the donor summary of one organisation over a period; one-line errors, exit code 2."""
    from storage.exports.donor import record_donor_export, write_donor_summary
    from storage.services.donor_summary import donor_summary, find_organization

    try:
        target = _check(args)
        try:
            handle = tempfile.NamedTemporaryFile(dir=target.parent, prefix=".musharaka-export-", delete=False)
        except OSError as error:
            raise DonorCliError(f"cannot write to {target.parent}: {error.strerror or error}") from None
    except DonorCliError as error:
        return _fail(error)
    actor = f"cli:{operator_name()}"
    try:
        db = await open_database(settings)
    except BaseException:
        handle.close()
        discard(handle.name)
        raise
    try:
        with handle:
            async with db.reading() as session:
                organization = await find_organization(session, args.org)
                if organization is None:
                    raise DonorCliError(f"no organisation {args.org!r} (give its id or exact name)")
                summary = await donor_summary(session, organization, args.date_from, args.date_to)
                # `export --lang` (when the parser has it) chooses the language of titles and labels.
                lang = getattr(args, "lang", None) or DEFAULT_LANGUAGE
                lines = await write_donor_summary(session, summary, args.format, handle, lang=lang,
                                                  actor=actor, record=False)
        os.replace(handle.name, target)
        async with db.transaction() as session:
            await record_donor_export(session, summary, args.format, lines, actor=actor)
    except DonorCliError as error:
        discard(handle.name)
        return _fail(error)
    except OSError as error:
        discard(handle.name)
        return _fail(DonorCliError(f"cannot write {target}: {error.strerror or error}"))
    except BaseException:
        discard(handle.name)
        raise
    finally:
        await db.dispose()
    print(f"wrote the donor summary of {summary.organization_name!r} "
          f"({plural(summary.total.events, 'event')}, {plural(len(summary.governorates), 'governorate')}) "
          f"to {target}")
    return 0




def _fail(error: DonorCliError) -> int:
    print(f"error: {error}", file=sys.stderr)
    return EXIT_USAGE
