"""Fill a PostgreSQL database with a country-sized data set for bench/scale_bench.py (issue 16).

Default size: 1,000,000 consented contacts (19 governorates, interests, ar/ckb/en), identities on
telegram and whatsapp, follows, 20 organisations with 3 staff each, 2,000 events and 3,000,000
registrations (event 1 of organisation 1 has 100,000 of them, for the export figure). Rows are
generated in Python and loaded with COPY (asyncpg's binary copy_records_to_table); the secondary
indexes and constraints of the big tables are dropped first and built again afterwards, as a bulk
load into an indexed table is several times slower.

    .venv/bin/python bench/seed_scale.py --database-url postgresql://postgres@127.0.0.1:5432/scale_bench
    .venv/bin/python bench/seed_scale.py --database-url ... --scale 0.1     # a tenth of every count

The database is created if missing and must otherwise be empty of these rows (use --reset to drop
and recreate it). Event times: past events ended 6 to 365 days ago (surveys marked as queued),
upcoming ones start 2 to 180 days from now with reminders at 24 h and 1 h, so a scheduler tick
right after seeding finds nothing due.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage.db import Database  # noqa: E402
from storage.vocab import EVENT_KINDS, GOVERNORATES, INTERESTS, ROLES  # noqa: E402

BIG_TABLES = ("contacts", "identities", "follows", "events", "registrations", "staff")
# Rough population weights (Baghdad largest), so governorate segments differ in size.
GOV_WEIGHTS = (8, 3, 4, 2, 1.5, 1.3, 1.1, 1.4, 1.9, 2.2, 2.2, 1.7, 1.7, 1.6, 0.8, 1.3, 1.3, 2.3, 0.1)
FIRST = ("أحمد", "محمد", "علي", "حسين", "زينب", "فاطمة", "مريم", "نور", "كاروان", "شيلان", "سارا", "عمر")
LAST = ("الجبوري", "العبيدي", "الربيعي", "الساعدي", "كريم", "عبدالله", "حسن", "محمود")


def dsn_of(url: str) -> tuple[str, str]:
    """(asyncpg DSN of the maintenance database `postgres`, database name) for a SQLAlchemy-style URL."""
    parsed = make_url(url)
    name = parsed.database or "scale_bench"
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    return admin, name


def pg_dsn(url: str) -> str:
    """The plain libpq DSN of the benchmark database."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def ensure_database(url: str, reset: bool) -> None:
    """Create the database (dropping it first with --reset)."""
    admin, name = dsn_of(url)
    conn = await asyncpg.connect(admin)
    try:
        if reset:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def drop_secondary(conn: asyncpg.Connection) -> list[str]:
    """Drop the big tables' foreign keys, unique constraints and indexes; return the SQL that restores them."""
    restore: list[str] = []
    fkeys: list[str] = []
    rows = await conn.fetch(
        "SELECT conrelid::regclass::text AS tbl, conname, contype, pg_get_constraintdef(oid) AS def "
        "FROM pg_constraint WHERE contype IN ('u', 'f') AND conrelid::regclass::text = ANY($1::text[])",
        list(BIG_TABLES))
    for row in rows:
        await conn.execute(f'ALTER TABLE {row["tbl"]} DROP CONSTRAINT "{row["conname"]}"')
        sql = f'ALTER TABLE {row["tbl"]} ADD CONSTRAINT "{row["conname"]}" {row["def"]}'
        (fkeys if row["contype"] == "f" else restore).append(sql)
    indexes = await conn.fetch(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1::text[]) "
        "AND indexname NOT LIKE '%_pkey'", list(BIG_TABLES))
    for row in indexes:
        await conn.execute(f'DROP INDEX "{row["indexname"]}"')
        restore.append(row["indexdef"])
    # Foreign keys last: their checks use the unique indexes built before them.
    return restore + fkeys


def _r(cid: int) -> float:
    """A fixed pseudo-random number in [0, 1) per contact, so contacts and identities agree without a list."""
    return ((cid * 2654435761) % 4294967296) / 4294967296


def contact_rows(n: int, rng: random.Random, now: datetime):  # type: ignore[no-untyped-def]
    """Yield contacts 1..n: consented, with governorate, 0-3 interests and a language."""
    interest_sets = [json.dumps(sorted(rng.sample(INTERESTS, k))) for k in (0, 1, 1, 2, 2, 3) for _ in range(50)]
    for start in range(1, n + 1, 100_000):
        size = min(100_000, n + 1 - start)
        govs = rng.choices(GOVERNORATES, weights=GOV_WEIGHTS, k=size)
        langs = rng.choices(("ar", "ckb", "en"), weights=(80, 15, 5), k=size)
        for i in range(size):
            cid = start + i
            created = now - timedelta(days=400 - (cid * 395) // n, seconds=cid % 86400)
            r = _r(cid)
            phone = f"+9647{700000000 + cid:09d}" if r >= 0.55 else None
            yield (cid, langs[i], govs[i], interest_sets[rng.randrange(300)], created,
                   r < 0.01, r > 0.97, phone, "{}", created, created + timedelta(days=r * 30))


def identity_rows(n: int, now: datetime):  # type: ignore[no-untyped-def]
    """Yield identities: telegram for three in four people, WhatsApp for those with a phone number."""
    identity_id = 0
    for cid in range(1, n + 1):
        created = now - timedelta(days=400 - (cid * 395) // n, seconds=cid % 86400)
        r = _r(cid)
        name = f"{FIRST[cid % 12]} {LAST[(cid // 12) % 8]}"
        if r < 0.75:  # telegram (every one without a WhatsApp number, and some of the others)
            identity_id += 1
            yield (identity_id, cid, "telegram", str(100_000_000 + cid), name, False, None, created)
        if r >= 0.55:
            identity_id += 1
            yield (identity_id, cid, "whatsapp", f"9647{700000000 + cid:09d}", name, False,
                   created + timedelta(days=r * 30), created)


def event_rows(n_events: int, n_orgs: int, rng: random.Random, now: datetime) -> list[tuple]:
    """Events 1..n: organisation (i-1) % n_orgs + 1; two in three in the past, the rest upcoming."""
    rows = []
    for eid in range(1, n_events + 1):
        org = (eid - 1) % n_orgs + 1
        past = eid == 1 or rng.random() < 0.66
        if past:
            starts = (now - timedelta(days=rng.uniform(6, 365))).replace(microsecond=0, second=0)
            survey_queued = starts + timedelta(hours=4)
        else:
            starts = (now + timedelta(days=rng.uniform(2, 180))).replace(microsecond=0, second=0)
            survey_queued = None
        gov = GOVERNORATES[eid % len(GOVERNORATES)]
        rows.append((eid, org, f"منظمة {org}", f"ندوة رقم {eid}", EVENT_KINDS[eid % len(EVENT_KINDS)], gov,
                     f"قاعة {eid}", None, "ندوة حوارية مفتوحة للجميع", starts, 120, None, "published", True,
                     False, "[24, 1]", 2, 120, "[]", survey_queued, None, starts - timedelta(days=20), now))
    return rows


def registration_counts(n_events: int, total: int, first: int, rng: random.Random) -> list[int]:
    """How many registrations each event gets: `first` for event 1, the rest spread unevenly."""
    weights = [rng.uniform(0.2, 1.8) for _ in range(n_events - 1)]
    rest = total - first
    scale = rest / sum(weights)
    counts = [first] + [int(w * scale) for w in weights]
    counts[-1] += total - sum(counts)
    return counts


def registration_rows(events: list[tuple], counts: list[int], n_contacts: int, rng: random.Random, now: datetime):  # type: ignore[no-untyped-def]
    """Yield registrations: unique (event, contact); 85 % confirmed, 8 % waitlisted, 7 % cancelled."""
    rid = 0
    for event, count in zip(events, counts, strict=True):
        eid, starts, is_past = event[0], event[9], event[9] < now
        opened = starts - timedelta(days=20)
        for contact in rng.sample(range(1, n_contacts + 1), min(count, n_contacts)):
            rid += 1
            r = rng.random()
            created = opened + timedelta(seconds=int(r * 1_500_000))
            if created > now:
                created = now - timedelta(seconds=rid % 3600)
            status = "confirmed" if r < 0.85 else ("waitlisted" if r < 0.93 else "cancelled")
            confirmed = created if status != "waitlisted" else None
            waitlisted = created if status == "waitlisted" else None
            cancelled = created + timedelta(hours=1) if status == "cancelled" else None
            checked = starts + timedelta(minutes=int(r * 60)) if is_past and r < 0.55 else None
            yield (rid, eid, contact, status, f"T{rid:010d}", created, waitlisted, confirmed, cancelled,
                   checked, None, "yes" if r < 0.2 else None)


async def copy(conn: asyncpg.Connection, table: str, columns: list[str], records, batch: int = 200_000) -> int:  # type: ignore[no-untyped-def]
    """COPY records into the table in batches (a generator is not held in memory whole)."""
    total = 0
    chunk: list[tuple] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= batch:
            await conn.copy_records_to_table(table, records=chunk, columns=columns)
            total += len(chunk)
            chunk = []
    if chunk:
        await conn.copy_records_to_table(table, records=chunk, columns=columns)
        total += len(chunk)
    return total


async def seed(url: str, n_contacts: int, n_events: int, n_orgs: int, n_regs: int, big_event: int) -> None:
    """Create, migrate and fill the database, printing the time of each step."""
    started = time.perf_counter()
    db = Database(url)
    await db.migrate()
    await db.dispose()
    print(f"migrated in {time.perf_counter() - started:.1f} s", flush=True)
    rng = random.Random(16)
    now = datetime.utcnow().replace(microsecond=0)  # naive UTC, as the application stores times
    conn = await asyncpg.connect(pg_dsn(url))
    try:
        await conn.execute("SET synchronous_commit = off")
        await conn.execute("SET maintenance_work_mem = '256MB'")
        if await conn.fetchval("SELECT count(*) FROM contacts"):
            raise SystemExit("error: the database already has contacts; use --reset")
        restore = await drop_secondary(conn)

        def step(label: str, count: int, since: float) -> None:
            print(f"{label:<14} {count:>10,} rows  {time.perf_counter() - since:6.1f} s", flush=True)

        t = time.perf_counter()
        await copy(conn, "organizations", ["id", "name", "created_at"],
                   [(o, f"منظمة رقم {o}", now - timedelta(days=500)) for o in range(1, n_orgs + 1)])
        n = await copy(conn, "contacts", ["id", "language", "governorate", "interests", "consent_at", "opted_out",
                                          "reminders_off", "phone_e164", "state", "created_at", "last_seen_at"],
                       contact_rows(n_contacts, rng, now))
        step("contacts", n, t)
        t = time.perf_counter()
        n = await copy(conn, "identities", ["id", "contact_id", "channel", "external_id", "display_name",
                                            "unreachable", "last_inbound_at", "created_at"],
                       identity_rows(n_contacts, now))
        step("identities", n, t)
        t = time.perf_counter()
        # A fifth of the people follow one organisation, some of them two.
        follows = {}
        for cid in rng.sample(range(1, n_contacts + 1), n_contacts // 5):
            follows[(cid, rng.randint(1, n_orgs))] = None
            if cid % 4 == 0:
                follows[(cid, rng.randint(1, n_orgs))] = None
        n = await copy(conn, "follows", ["contact_id", "organization_id", "created_at"],
                       ((c, o, now - timedelta(days=30)) for c, o in follows))
        staff = [(i, (i - 1) // 3 + 1, i, ROLES[(i - 1) % 3], now - timedelta(days=300))
                 for i in range(1, 3 * n_orgs + 1)]
        await copy(conn, "staff", ["id", "organization_id", "contact_id", "role", "created_at"], staff)
        step("follows+staff", n + len(staff), t)
        t = time.perf_counter()
        events = event_rows(n_events, n_orgs, rng, now)
        await copy(conn, "events", [
            "id", "organization_id", "organizer_name", "title", "kind", "governorate", "venue", "map_url",
            "description", "starts_at", "duration_minutes", "capacity", "status", "registration_open", "is_sample",
            "reminder_hours", "survey_delay_hours", "checkin_opens_minutes_before", "reminder_stages_done",
            "survey_queued_at", "saved_survey_id", "created_at", "updated_at"], events)
        counts = registration_counts(n_events, n_regs, min(big_event, n_regs // 2), rng)
        n = await copy(conn, "registrations", [
            "id", "event_id", "contact_id", "status", "ticket_code", "created_at", "waitlisted_at", "confirmed_at",
            "cancelled_at", "checked_in_at", "checked_in_by", "rsvp"],
            registration_rows(events, counts, n_contacts, rng, now))
        step("registrations", n, t)
        t = time.perf_counter()
        for sql in restore:
            await conn.execute(sql)
        for table in ("organizations", "contacts", "identities", "staff", "events", "registrations"):
            await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        step("indexes", len(restore), t)
        t = time.perf_counter()
        await conn.execute("VACUUM (ANALYZE)")
        step("vacuum/analyze", 0, t)
    finally:
        await conn.close()
    print(f"total: {time.perf_counter() - started:.1f} s", flush=True)


def main() -> None:
    """Parse the arguments and seed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=2_000)
    parser.add_argument("--orgs", type=int, default=20)
    parser.add_argument("--registrations", type=int, default=3_000_000)
    parser.add_argument("--big-event", type=int, default=100_000, help="registrations of event 1")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply contacts, events and registrations")
    parser.add_argument("--reset", action="store_true", help="drop and recreate the database first")
    args = parser.parse_args()
    s = args.scale
    asyncio.run(ensure_database(args.database_url, args.reset))
    asyncio.run(seed(args.database_url, int(args.contacts * s), max(args.orgs, int(args.events * s)), args.orgs,
                     int(args.registrations * s), int(args.big_event * s)))


if __name__ == "__main__":
    main()
