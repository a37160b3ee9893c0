"""`musharaka surveys import|list|export`: an organisation's saved surveys in and out of YAML files.

`import FILE --org ORG` saves every survey of the file or none: with any problem it prints
`line N: reason` for each on stderr and exits 2. `list` prints one line per saved survey;
`export NAME` writes the import's own YAML, so the file imports again (say, into another organisation).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from bot.cli import EXTRA_COMMANDS, open_database, plural
from bot.cli_errors import operator_name, output_path_problem
from bot.cli_events import _fail
from bot.settings import Settings
from messages.formatting import to_baghdad
from storage.services.saved_surveys import find_saved, list_saved, usage_counts
from storage.services.staff import find_organization
from storage.survey_yaml import ImportFailed, dump_survey, import_surveys


def _no_organization(ref: str) -> int:
    return _fail(f"no organisation {ref!r} (see `musharaka org list`)")


async def surveys_import(settings: Settings, args: argparse.Namespace) -> int:
    """musharaka surveys import FILE --org ORG."""
    path = Path(args.file)
    if not path.is_file():
        return _fail(f"{path} is not a file")
    db = await open_database(settings)
    try:
        async with db.transaction() as session:
            organization = await find_organization(session, args.org)
            if organization is None:
                return _no_organization(args.org)
            saved = await import_surveys(session, path, organization.id, actor=f"cli:{operator_name()}")
    except ImportFailed as failed:
        # The transaction was rolled back: nothing of the file is saved.
        return _fail(*(str(e) for e in failed.errors), f"nothing imported from {path.name}")
    finally:
        await db.dispose()
    print(f"imported {plural(len(saved), 'survey')} from {path.name}: " + ", ".join(s.name for s in saved))
    return 0


async def surveys_list(settings: Settings, args: argparse.Namespace) -> int:
    """musharaka surveys list --org ORG: id, name, questions, events using it, last change (Baghdad)."""
    db = await open_database(settings)
    try:
        async with db.transaction() as session:
            organization = await find_organization(session, args.org)
            if organization is None:
                return _no_organization(args.org)
            surveys = await list_saved(session, organization.id)
            used = await usage_counts(session, organization.id)
        print("id\tname\tquestions\tevents\tupdated (Baghdad)")
        for saved in surveys:
            print(f"{saved.id}\t{saved.name}\t{len(saved.questions)}\t{used.get(saved.id, 0)}\t"
                  f"{to_baghdad(saved.updated_at):%Y-%m-%d %H:%M}")
        return 0
    finally:
        await db.dispose()


async def surveys_export(settings: Settings, args: argparse.Namespace) -> int:
    """musharaka surveys export NAME --org ORG [-o FILE]."""
    target = Path(args.output) if args.output and args.output != "-" else None
    problem = output_path_problem(target) if target is not None else None
    if problem:
        return _fail(problem)
    db = await open_database(settings)
    try:
        async with db.transaction() as session:
            organization = await find_organization(session, args.org)
            if organization is None:
                return _no_organization(args.org)
            saved = await find_saved(session, organization.id, args.name)
            if saved is None:
                return _fail(f"no saved survey {args.name!r} in {organization.name} "
                             f"(see `musharaka surveys list --org {args.org}`)")
            text = dump_survey(saved)
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
    # A failed write never leaves half a file; plain UTF-8 (no BOM): YAML tools expect none.
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=target.parent, prefix=".musharaka-survey-",
                                         delete=False)
    try:
        with handle:
            os.fchmod(handle.fileno(), 0o600)  # every file the bot writes is 0600
            handle.write(text)
        os.replace(handle.name, target)
    except BaseException:
        os.unlink(handle.name)
        raise


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `surveys import|list|export`."""
    surveys = sub.add_parser("surveys", help="an organisation's saved surveys: import, list, export").add_subparsers(
        dest="surveys_command", required=True)
    load = surveys.add_parser("import", help="save surveys from a YAML file (all or nothing)")
    load.add_argument("file", help="a .yaml file (see docs/sample-survey.yaml)")
    load.add_argument("--org", required=True, help="the organisation (id or exact name)")
    load.set_defaults(func=surveys_import)

    show = surveys.add_parser("list", help="the organisation's saved surveys")
    show.add_argument("--org", required=True, help="the organisation (id or exact name)")
    show.set_defaults(func=surveys_list)

    dump = surveys.add_parser("export", help="write one saved survey as YAML (imports again)")
    dump.add_argument("name", help="the survey's exact name")
    dump.add_argument("--org", required=True, help="the organisation (id or exact name)")
    dump.add_argument("-o", "--output", help="the file to write (default: standard output)")
    dump.set_defaults(func=surveys_export)


EXTRA_COMMANDS.append(add_commands)
