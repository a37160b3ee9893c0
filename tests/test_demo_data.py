"""The sample events: `demo-data` loads them once, `events export` carries them marked as samples,
and `events import` brings them back as samples without doubling them.

The commands run in-process through the real argument parser, except `musharaka chat`, which runs
as the real command (it is what fills an empty database with the samples first).
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select, update

from bot import cli
from bot.settings import Settings
from storage.content import CONTENT_DIR
from storage.db import Database
from storage.models import Event, Organization
from storage.services.staff import add_organization
from tests.conftest import fresh_database

ROOT = Path(__file__).resolve().parents[1]
HOPE = "جمعية المثال الأولى"
SAMPLE_TITLES = [e["title"] for e in yaml.safe_load((CONTENT_DIR / "demo_events.yaml").read_text("utf-8"))["events"]]
OWN_EVENT = {
    "organization": HOPE, "title": "طاولة حوارية: القوانين التي تنتظرها المحافظة", "kind": "roundtable",
    "governorate": "najaf", "venue": "النجف — مقر المركز", "starts": "2026-12-11 17:30", "capacity": "20",
    "description": "حوار بين شباب وأكاديميين وإعلاميين ومسؤولين محليين.",
}


async def musharaka(db: Database, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`musharaka …` in-process against `db`: (exit code, stdout, stderr)."""
    cli._load_extra_commands()
    args = cli.build_parser().parse_args(list(argv))
    handler = cli.COMMANDS.get(args.command) or args.func
    capsys.readouterr()
    code = await handler(Settings(DATABASE_URL=db.url), args)
    out, err = capsys.readouterr()
    return code, out, err


async def events_in(db: Database) -> list[Event]:
    """Every event, in id order."""
    async with db.transaction() as session:
        return list((await session.scalars(select(Event).order_by(Event.id))).all())


def write_own_event(path: Path, header: list[str], **changes: str) -> None:
    """Append one organisation's event (not a sample) to a CSV file (written with `header` if new)."""
    new = not path.exists()
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, restval="")
        if new:
            writer.writeheader()
        writer.writerow({**OWN_EVENT, **changes})


async def samples_and_own_event(db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The samples (`demo-data`) and one event of HOPE imported from a file."""
    await musharaka(db, capsys, "demo-data")
    async with db.transaction() as session:
        await add_organization(session, HOPE)
    own = tmp_path / "own.csv"
    write_own_event(own, list(OWN_EVENT))
    assert (await musharaka(db, capsys, "events", "import", str(own)))[1] == "imported 1 event from own.csv\n"


# --- demo-data is idempotent ----------------------------------------------------------------------


async def test_demo_data_after_chat_and_twice_more_leaves_one_set_of_samples(db, capsys, tmp_path) -> None:
    # The real chat on an empty database loads the samples; Ctrl+D (end of input) ends it at once.
    env = {**os.environ, "DATABASE_URL": db.url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "chat", "--jsonl"], input="", cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert sorted(e.title for e in await events_in(db)) == sorted(SAMPLE_TITLES)

    for _ in range(2):
        code, out, err = await musharaka(db, capsys, "demo-data")
        assert (code, err) == (0, "")
        assert out == f"sample events already loaded ({len(SAMPLE_TITLES)}); nothing added\n"

    events = await events_in(db)
    assert sorted(e.title for e in events) == sorted(SAMPLE_TITLES) and all(e.is_sample for e in events)


async def test_demo_data_loads_the_samples_once_on_a_fresh_database(db, clock, capsys) -> None:
    code, out, _ = await musharaka(db, capsys, "demo-data")
    assert (code, out) == (0, f"loaded {len(SAMPLE_TITLES)} sample events\n")
    code, out, _ = await musharaka(db, capsys, "demo-data")
    assert (code, out) == (0, f"sample events already loaded ({len(SAMPLE_TITLES)}); nothing added\n")
    assert [e.title for e in await events_in(db)] == SAMPLE_TITLES


async def test_samples_edited_moved_or_cancelled_stay_single_and_a_missing_one_comes_back(db, clock, capsys) -> None:
    await musharaka(db, capsys, "demo-data")
    first, second, third, *_ = await events_in(db)
    async with db.transaction() as session:
        await session.execute(update(Event).where(Event.id == first.id).values(status="cancelled"))
        await session.execute(update(Event).where(Event.id == second.id).values(
            starts_at=datetime(2027, 1, 20, 7, 0), capacity=80, venue="أربيل — قاعة أكبر"))
        await session.delete(await session.get(Event, third.id))
    clock.advance(days=3)  # a later day: the file's dates are relative to the day it is loaded

    code, out, _ = await musharaka(db, capsys, "demo-data")

    assert (code, out) == (0, f"loaded 1 sample event ({len(SAMPLE_TITLES) - 1} already loaded)\n")
    events = await events_in(db)
    assert sorted(e.title for e in events) == sorted(SAMPLE_TITLES)
    assert (events[0].status, events[1].capacity) == ("cancelled", 80)
    assert events[-1].title == third.title and events[-1].is_sample


# --- export carries the samples, import brings them back ------------------------------------------


async def test_export_lists_the_samples_marked_as_samples(db, clock, capsys, tmp_path) -> None:
    await samples_and_own_event(db, capsys, tmp_path)

    code, out, _ = await musharaka(db, capsys, "events", "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == len(SAMPLE_TITLES) + 1
    samples = [r for r in rows if r["sample"] == "yes"]
    assert sorted(r["title"] for r in samples) == sorted(SAMPLE_TITLES)
    assert all(r["organization"] == "" and r["organizer"] for r in samples)
    [mine] = [r for r in rows if r["sample"] == "no"]
    assert (mine["organization"], mine["title"]) == (HOPE, OWN_EVENT["title"])

    code, out, _ = await musharaka(db, capsys, "events", "export", "--format", "yaml")
    records = yaml.safe_load(out)["events"]
    assert [r["title"] for r in records] == [r["title"] for r in rows]
    assert [r["sample"] for r in records] == [r["sample"] for r in rows]
    # --org means that organisation's events only: samples belong to none.
    code, out, _ = await musharaka(db, capsys, "events", "export", "--org", HOPE)
    assert [r["title"] for r in csv.DictReader(io.StringIO(out))] == [OWN_EVENT["title"]]


def comparable(event: Event, names: dict[int, str]) -> tuple:
    """What an export → import must keep: everything an organizer sees, and the sample mark."""
    return (names.get(event.organization_id), event.title, event.kind, event.governorate, event.venue,
            event.starts_at, event.duration_minutes, event.capacity, event.status, event.registration_open,
            event.organizer_name, event.description, event.is_sample)


def by_start(rows: list[tuple]) -> list[tuple]:
    """Comparable rows in start order (ids differ between the two databases)."""
    return sorted(rows, key=lambda row: (row[5], row[1]))


async def organization_names(db: Database) -> dict[int, str]:
    """Organisation id → name."""
    async with db.transaction() as session:
        return {o.id: o.name for o in (await session.scalars(select(Organization))).all()}


@pytest.mark.parametrize("fmt", ["csv", "yaml"])
async def test_export_then_import_into_a_fresh_database_keeps_the_samples(db, clock, capsys, tmp_path,
                                                                          fmt: str) -> None:
    await samples_and_own_event(db, capsys, tmp_path)
    exported = tmp_path / f"events.{fmt}"
    assert (await musharaka(db, capsys, "events", "export", "--format", fmt, "-o", str(exported)))[0] == 0
    before = by_start([comparable(e, await organization_names(db)) for e in await events_in(db)])

    # On PostgreSQL the fresh database is the same one, emptied; on SQLite a new file.
    (tmp_path / "fresh").mkdir()
    fresh = await fresh_database(tmp_path / "fresh")
    try:
        async with fresh.transaction() as session:
            await add_organization(session, HOPE)
        code, out, err = await musharaka(fresh, capsys, "events", "import", str(exported))
        assert (code, err) == (0, "")
        assert out == f"imported {len(SAMPLE_TITLES) + 1} events from {exported.name}\n"
        after = by_start([comparable(e, await organization_names(fresh)) for e in await events_in(fresh)])
        assert after == before
        assert [row[0] for row in after if row[-1]] == [None] * len(SAMPLE_TITLES)

        # demo-data on the imported database finds its samples there already.
        code, out, _ = await musharaka(fresh, capsys, "demo-data")
        assert out == f"sample events already loaded ({len(SAMPLE_TITLES)}); nothing added\n"
    finally:
        await fresh.dispose()


async def test_importing_samples_already_loaded_skips_them_and_adds_the_rest(db, clock, capsys, tmp_path) -> None:
    await musharaka(db, capsys, "demo-data")
    async with db.transaction() as session:
        await add_organization(session, HOPE)
    exported = tmp_path / "events.csv"
    await musharaka(db, capsys, "events", "export", "-o", str(exported))
    header = next(csv.reader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
    write_own_event(exported, header)

    code, out, err = await musharaka(db, capsys, "events", "import", str(exported))

    assert (code, err) == (0, "")
    assert out == f"imported 1 event from events.csv ({len(SAMPLE_TITLES)} sample events were already loaded)\n"
    events = await events_in(db)
    assert len(events) == len(SAMPLE_TITLES) + 1 and sum(e.is_sample for e in events) == len(SAMPLE_TITLES)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"sample": "maybe"}, "sample «maybe» must be yes or no"),
        ({"sample": "yes", "organization": "", "organizer": ""},
         "line 2: organizer is empty (a sample event without an organization names its organizer)"),
        ({"sample": "no", "organization": ""}, "line 2: organization is empty"),
        ({"sample": "yes", "organization": "منظمة لا وجود لها"}, "line 2: unknown organization"),
    ],
    ids=["bad-flag", "sample-without-organizer", "own-event-without-organization", "unknown-organization"],
)
async def test_a_bad_sample_row_imports_nothing(db, clock, capsys, tmp_path, changes: dict[str, str],
                                                reason: str) -> None:
    path = tmp_path / "events.csv"
    write_own_event(path, [*OWN_EVENT, "organizer", "sample"], **changes)
    code, out, err = await musharaka(db, capsys, "events", "import", str(path))
    assert code == 2 and out == "" and reason in err
    assert await events_in(db) == []


async def test_a_sample_row_with_an_organisation_imports_as_that_organisations_sample(db, clock, capsys,
                                                                                     tmp_path) -> None:
    async with db.transaction() as session:
        hope = (await add_organization(session, HOPE)).id
    path = tmp_path / "events.yaml"
    path.write_text(yaml.safe_dump([{**OWN_EVENT, "sample": True}], allow_unicode=True), encoding="utf-8")
    code, _, err = await musharaka(db, capsys, "events", "import", str(path))
    assert code == 0, err
    [event] = await events_in(db)
    assert (event.organization_id, event.organizer_name, event.is_sample) == (hope, HOPE, True)
