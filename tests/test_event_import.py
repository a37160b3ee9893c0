"""`musharaka events import|list|export`: all or nothing, with the line and reason of every bad row.

The commands run in-process through the real argument parser (so the test clock applies), and
once as a real `python -m bot.cli` subprocess to show the exit code and stderr an operator sees.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import delete, select

from bot import cli
from bot.settings import Settings
from storage.content import CONTENT_DIR
from storage.db import Database
from storage.models import AuditLog, Contact, Event, Organization, Registration
from storage.services.registration import new_ticket_code
from storage.services.staff import add_organization

ROOT = Path(__file__).resolve().parents[1]
HOPE = "جمعية المثال الأولى"
MAYSAN_CENTRE = "مركز المشاركة المجتمعي في ميسان"
HEADER = ["organization", "title", "kind", "governorate", "venue", "starts", "duration_minutes", "capacity",
          "status", "registration_open", "map_url", "organizer", "description"]


def good_row(**changes: str) -> dict[str, str]:
    """A row that imports, with some fields changed."""
    row = {
        "organization": HOPE, "title": "طاولة حوارية: القوانين التي تنتظرها المحافظة", "kind": "طاولة حوارية",
        "governorate": "النجف", "venue": "النجف — مقر المركز", "starts": "2026-12-11 17:30",
        "duration_minutes": "120", "capacity": "20", "status": "published", "registration_open": "yes",
        "map_url": "", "organizer": "", "description": "حوار بين شباب وأكاديميين وإعلاميين ومسؤولين محليين.",
    }
    row.update(changes)
    return row


def write_csv(path: Path, rows: list[dict[str, str]], header: list[str] = HEADER) -> Path:
    """A CSV file as Excel saves it (UTF-8 with a BOM)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


async def run(db: Database, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`musharaka events …` in-process against `db`: (exit code, stdout, stderr)."""
    cli._load_extra_commands()
    args = cli.build_parser().parse_args(["events", *argv])
    capsys.readouterr()
    code = await args.func(Settings(DATABASE_URL=db.url), args)
    out, err = capsys.readouterr()
    return code, out, err


async def events_in(db: Database) -> list[Event]:
    """Every event, in id order."""
    async with db.transaction() as session:
        return list((await session.scalars(select(Event).order_by(Event.id))).all())


@pytest.fixture
async def orgs(db: Database) -> dict[str, int]:
    """The two organisations the files refer to."""
    async with db.transaction() as session:
        return {name: (await add_organization(session, name)).id for name in (HOPE, MAYSAN_CENTRE)}


# --- happy paths ----------------------------------------------------------------------------------


async def test_a_csv_with_arabic_names_codes_and_seed_text_imports(db, orgs, clock, capsys, tmp_path,
                                                                     seed_texts) -> None:
    # A real paragraph from the seeds: commas, quotes, line breaks and Arabic-Indic digits.
    seed = seed_texts[1][:900].strip()
    path = write_csv(tmp_path / "events.csv", [
        good_row(title="جلسة ختامية: ما الذي تعلمناه من برنامج تعزيز الديمقراطية", kind="جلسة ختامية",
                 governorate="بغداد", starts="2026-12-13 10:00", duration_minutes="180", capacity="50",
                 description=seed),
        good_row(organization=str(orgs[MAYSAN_CENTRE]), kind="seminar", governorate="ميسان",
                 title="ندوة حوارية: لماذا نشارك في الانتخابات؟", starts="٦/١٢/٢٠٢٦ ١٠:٠٠", capacity="غير محدود",
                 status="draft", registration_open="no", map_url="https://maps.app.goo.gl/xyz",
                 organizer="ملتقى نخلة ميسان المدني (تجريبي)"),
        good_row(governorate="ذي قار", kind="workshop", capacity=""),
    ])
    code, out, err = await run(db, capsys, "import", str(path))
    assert (code, err) == (0, "")
    assert "imported 3 events" in out

    closing, seminar, workshop = await events_in(db)
    assert (closing.organization_id, closing.organizer_name, closing.kind, closing.governorate) == (
        orgs[HOPE], HOPE, "closing", "baghdad")
    assert closing.starts_at == datetime(2026, 12, 13, 7, 0) and closing.description == seed
    assert (closing.duration_minutes, closing.capacity, closing.status) == (180, 50, "published")
    assert (seminar.organization_id, seminar.status, seminar.registration_open) == (orgs[MAYSAN_CENTRE], "draft", False)
    assert seminar.starts_at == datetime(2026, 12, 6, 7, 0) and seminar.capacity is None
    assert seminar.organizer_name == "ملتقى نخلة ميسان المدني (تجريبي)"
    assert seminar.map_url == "https://maps.app.goo.gl/xyz"
    assert (workshop.governorate, workshop.kind, workshop.capacity) == ("dhiqar", "workshop", None)
    async with db.transaction() as session:
        imports = (await session.scalars(select(AuditLog).where(AuditLog.action == "event.import"))).all()
    assert sorted(a.details["count"] for a in imports) == [1, 2]
    assert all(a.actor.startswith("cli:") for a in imports)


def demo_events_as_import(organization: str, today: datetime) -> dict:
    """content/demo_events.yaml rewritten with absolute Baghdad start times and an organisation."""
    data = yaml.safe_load((CONTENT_DIR / "demo_events.yaml").read_text(encoding="utf-8"))
    events = []
    for raw in data["events"]:
        day = today + timedelta(days=raw.pop("days_from_now"))
        raw["starts"] = f"{day:%Y-%m-%d} {raw.pop('time')}"
        events.append({"organization": organization, **raw})
    return {"events": events}


async def test_the_demo_events_import_from_yaml_with_absolute_baghdad_times(db, orgs, clock, capsys,
                                                                            tmp_path) -> None:
    document = demo_events_as_import(HOPE, datetime(2026, 12, 1))
    path = tmp_path / "events.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, err = await run(db, capsys, "import", str(path))
    assert code == 0, err
    events = await events_in(db)
    assert [e.title for e in events] == [e["title"] for e in document["events"]]
    first = events[0]
    assert first.starts_at == datetime(2026, 12, 6, 7, 0)  # 5 days on, 10:00 Baghdad
    assert first.organizer_name == "ملتقى نخلة ميسان المدني (تجريبي)"
    assert [e.capacity for e in events] == [40, 50, 25, 20, None, None]
    assert all(e.organization_id == orgs[HOPE] and not e.is_sample for e in events)


# --- bad rows: nothing is imported ---------------------------------------------------------------

BAD_ROWS = [
    ({"governorate": "بغدادد"}, "unknown governorate «بغدادد»"),
    ({"kind": "محاضرة"}, "unknown kind «محاضرة» (one of: seminar (ندوة حوارية), roundtable (طاولة حوارية)"),
    ({"organization": "منظمة لا وجود لها"}, "unknown organization «منظمة لا وجود لها»"),
    ({"organization": "999"}, "unknown organization «999»"),
    ({"organization": "9" * 30}, "unknown organization «" + "9" * 30 + "»"),
    ({"organization": "²"}, "unknown organization «²»"),
    ({"starts": "2026-11-30 10:00"}, "starts is in the past"),
    ({"starts": "31/02/2027 10:00"}, "starts «31/02/2027 10:00» is not a date and time like 2026-12-07 10:00 "
                                     "(Baghdad time): February 2027 has 28 days"),
    ({"starts": "7/13/2027 10:00"}, "starts «7/13/2027 10:00» is not a date and time like 2026-12-07 10:00 "
                                    "(Baghdad time): the month is between 1 and 12"),
    ({"starts": "7/12/202 10:00"}, "starts «7/12/202 10:00» is not a date and time like 2026-12-07 10:00 "
                                   "(Baghdad time): write the year with four digits"),
    ({"starts": "7/12/2026"}, "starts «7/12/2026» is not a date and time like 2026-12-07 10:00 "
                              "(Baghdad time): write the time like 10:00"),
    ({"starts": "غداً"}, "starts «غداً» is not a date and time like 2026-12-07 10:00 (Baghdad time)"),
    ({"starts": "2030-12-01 10:00"}, "starts is more than 730 days ahead"),
    ({"capacity": "0"}, "capacity must be 1-100000"),
    ({"capacity": "-5"}, "capacity must be 1-100000"),
    ({"capacity": "100001"}, "capacity must be 1-100000"),
    ({"capacity": "عشرة"}, "capacity «عشرة» is not a whole number"),
    ({"duration_minutes": "5"}, "duration_minutes must be between 15 and 10080"),
    ({"title": ""}, "title is empty"),
    ({"description": "س" * 2501}, "description is longer than 2500 characters"),
    ({"status": "cancelled"}, "status must be published or draft, not «cancelled»"),
    ({"registration_open": "maybe"}, "registration_open «maybe» must be yes or no"),
    ({"map_url": "قرب الجسر"}, "map_url must be a full http(s) link"),
    ({"reminder_hours": "0"}, "reminder_hours «0» must be up to 6 whole hours from 1 to 720"),
    ({"reminder_hours": "24,ساعة"}, "reminder_hours «24,ساعة» must be up to 6 whole hours"),
    ({"reminder_hours": "1000"}, "reminder_hours «1000» must be up to 6 whole hours from 1 to 720"),
]


@pytest.mark.parametrize(("changes", "reason"), BAD_ROWS,
                         ids=[f"{next(iter(c))}-{n}" for n, (c, _) in enumerate(BAD_ROWS)])
async def test_one_bad_row_among_good_ones_imports_nothing_and_says_where_and_why(
        db, orgs, clock, capsys, tmp_path, changes: dict[str, str], reason: str) -> None:
    path = write_csv(tmp_path / "events.csv", [
        good_row(), good_row(title="ورشة عمل للشباب", kind="ورشة عمل"), good_row(**{"title": "ندوة ثالثة", **changes}),
        good_row(title="حملة: صوتك لا يُباع", kind="حملة", governorate="البصرة"),
    ], header=HEADER + ["reminder_hours"])
    code, out, err = await run(db, capsys, "import", str(path))
    assert code == 2
    assert f"line 4: {reason}" in err
    assert "nothing imported" in err and "Traceback" not in err and out == ""
    assert await events_in(db) == []
    async with db.transaction() as session:
        assert (await session.scalars(select(AuditLog).where(AuditLog.action.like("event.%")))).all() == []


async def test_every_bad_row_is_reported_with_the_line_it_starts_on(db, orgs, clock, capsys, tmp_path) -> None:
    path = write_csv(tmp_path / "events.csv", [
        good_row(description="سطر أول،\nسطر ثانٍ \"مقتبس\"،\nسطر ثالث"),  # lines 2-4
        good_row(title="ورشة", governorate="بغدادد", capacity="0"),  # line 5
        good_row(title="ندوة أخرى"),  # line 6
        good_row(title="ندوة أخرى"),  # line 7: the same event twice
    ])
    code, _, err = await run(db, capsys, "import", str(path))
    assert code == 2
    assert err.splitlines() == [
        "error: line 5: unknown governorate «بغدادد» (a governorate or city name, or one of: baghdad, basra, nineveh,"
        " erbil, najaf, karbala, maysan, wasit, anbar, dhiqar, babil, diyala, salahaddin, kirkuk, muthanna, qadisiyah,"
        " duhok, sulaymaniyah, halabja); capacity must be 1-100000 or empty for unlimited",
        "error: line 7: the same event as line 6",
        "error: nothing imported from events.csv",
    ]
    assert await events_in(db) == []


async def test_a_yaml_bad_event_is_reported_at_its_line(db, orgs, clock, capsys, tmp_path) -> None:
    document = demo_events_as_import(HOPE, datetime(2026, 12, 1))
    document["events"][2]["governorate"] = "اربيلل"
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    third = [n for n, line in enumerate(text.splitlines(), start=1) if line.startswith("- ")][2]
    code, _, err = await run(db, capsys, "import", str(path))
    assert code == 2
    assert f"line {third}: unknown governorate «اربيلل»" in err
    assert await events_in(db) == []


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("events.csv", "", "line 1: the file is empty"),
        ("events.csv", "organization,title,colour\n", "unknown column 'colour'"),
        ("events.csv", "organization,title\n", "missing column 'kind'"),
        ("events.yaml", "events: [1, 2", "not valid YAML"),
        ("events.yaml", "title: x\n", "expected a list of events"),
        ("events.yaml", "- title: x\n  colour: red\n", "line 1: unknown field 'colour'"),
        ("events.txt", "x", "use a .csv or .yaml file"),
    ],
    ids=["empty", "unknown-column", "missing-column", "bad-yaml", "not-a-list", "unknown-field", "extension"],
)
async def test_unreadable_files_are_refused_cleanly(db, orgs, clock, capsys, tmp_path, name: str, content: str,
                                                    reason: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, _, err = await run(db, capsys, "import", str(path))
    assert code == 2 and reason in err and "Traceback" not in err


async def test_importing_the_same_file_twice_does_not_duplicate(db, orgs, clock, capsys, tmp_path) -> None:
    path = write_csv(tmp_path / "events.csv", [good_row(), good_row(title="ورشة عمل للشباب")])
    assert (await run(db, capsys, "import", str(path)))[0] == 0
    code, _, err = await run(db, capsys, "import", str(path))
    assert code == 2 and "line 2: already imported as event 1" in err
    assert len(await events_in(db)) == 2


# --- a row says everything at once -----------------------------------------------------------------


async def test_a_row_with_several_problems_lists_them_all_on_its_line_in_column_order(db, orgs, clock, capsys,
                                                                                   tmp_path) -> None:
    path = write_csv(tmp_path / "events.csv", [
        good_row(),
        good_row(title="", kind="محاضرة", starts="31/02/2027 10:00", capacity="عشرة", registration_open="maybe",
                 reminder_hours="كل يوم"),
    ], header=HEADER + ["reminder_hours"])
    code, out, err = await run(db, capsys, "import", str(path))
    assert code == 2 and out == ""
    kinds = ("seminar (ندوة حوارية), roundtable (طاولة حوارية), workshop (ورشة عمل), closing (جلسة ختامية), "
             "conference (مؤتمر), campaign (حملة)")
    assert err.splitlines() == [
        "error: line 3: title is empty; "
        f"unknown kind «محاضرة» (one of: {kinds}); "
        "starts «31/02/2027 10:00» is not a date and time like 2026-12-07 10:00 (Baghdad time): "
        "February 2027 has 28 days; "
        "capacity «عشرة» is not a whole number; "
        "registration_open «maybe» must be yes or no; "
        "reminder_hours «كل يوم» must be up to 6 whole hours from 1 to 720 separated by commas (like 24,1), "
        "empty for 24,1, or none",
        "error: nothing imported from events.csv",
    ]
    assert await events_in(db) == []


# --- files as Excel saves them in an Arabic locale -------------------------------------------------

EXCEL_ROWS = [
    good_row(governorate="ميسان", venue="العمارة؛ قاعة المجلس, الطابق الأول",
             description="حوار مفتوح؛ أسئلة, وأجوبة.\nسطر ثانٍ «مقتبس»"),
    # ASCII digits: the Windows Arabic code page has no Arabic-Indic ones.
    good_row(title="ورشة عمل للشباب", kind="ورشة عمل", governorate="الموصل", starts="7/12/26 4 م"),
]


def excel_bytes(encoding: str, delimiter: str, bom: bytes = b"") -> bytes:
    """The rows as Excel writes them: CRLF, every cell of the header, the chosen delimiter and encoding."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(EXCEL_ROWS)
    return bom + out.getvalue().encode(encoding)


EXCEL_FILES = {
    "utf-8 with a bom, semicolons": excel_bytes("utf-8", ";", b"\xef\xbb\xbf"),
    "utf-16 le with a bom, semicolons": excel_bytes("utf-16-le", ";", b"\xff\xfe"),
    "utf-16 be with a bom, semicolons": excel_bytes("utf-16-be", ";", b"\xfe\xff"),
    "unicode text: utf-16 le, tabs": excel_bytes("utf-16-le", "\t", b"\xff\xfe"),
    "utf-16 le without a bom": excel_bytes("utf-16-le", ";"),
    "windows arabic code page, semicolons": excel_bytes("cp1256", ";"),
    "utf-8 without a bom, commas": excel_bytes("utf-8", ","),
}


@pytest.mark.parametrize("name", list(EXCEL_FILES))
async def test_a_csv_saved_by_excel_in_an_arabic_locale_imports(db, orgs, clock, capsys, tmp_path, name: str) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(EXCEL_FILES[name])
    code, out, err = await run(db, capsys, "import", str(path))
    assert (code, err) == (0, ""), err
    assert "imported 2 events" in out
    seminar, workshop = await events_in(db)
    assert (seminar.governorate, seminar.venue) == ("maysan", "العمارة؛ قاعة المجلس, الطابق الأول")
    assert seminar.description == "حوار مفتوح؛ أسئلة, وأجوبة.\nسطر ثانٍ «مقتبس»"
    assert (workshop.governorate, workshop.kind) == ("nineveh", "workshop")
    assert workshop.starts_at == datetime(2026, 12, 7, 13, 0)  # 4 pm Baghdad


async def test_a_header_with_a_trailing_separator_and_padded_rows_imports(db, orgs, clock, capsys,
                                                                          tmp_path) -> None:
    text = ";".join(HEADER) + ";\r\n" + ";".join(good_row().values()) + ";;\r\n"
    path = tmp_path / "events.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    code, _, err = await run(db, capsys, "import", str(path))
    assert (code, err) == (0, "")
    assert [e.title for e in await events_in(db)] == [good_row()["title"]]


# --- governorates, dates and reminders as people write them --------------------------------------


@pytest.mark.parametrize(("typed", "code"), [
    ("الموصل", "nineveh"), ("الناصرية", "dhiqar"), ("بصره", "basra"), ("نجف", "najaf"), ("محافظة الأنبار", "anbar"),
    ("الفلوجة", "anbar"), ("sulaymaniyah", "sulaymaniyah"), ("Mosul", "nineveh"),
])
async def test_a_governorate_may_be_a_city_or_a_name_without_its_article(db, orgs, clock, capsys, tmp_path,
                                                                         typed: str, code: str) -> None:
    path = write_csv(tmp_path / "events.csv", [good_row(governorate=typed)])
    assert (await run(db, capsys, "import", str(path)))[0] == 0
    assert [e.governorate for e in await events_in(db)] == [code]


@pytest.mark.parametrize(("typed", "stored"), [
    ("٧/١٢/٢٦ ٤ م", datetime(2026, 12, 7, 13, 0)),
    ("2026-12-07 10.30", datetime(2026, 12, 7, 7, 30)),
    ("٧ / ١٢ / ٢٠٢٦ الساعة ١٠", datetime(2026, 12, 7, 7, 0)),
    ("الاثنين ٧ كانون الأول ٢٠٢٦، الساعة ١٠:٠٠ صباحاً", datetime(2026, 12, 7, 7, 0)),
    ("2026-12-07 05:00", datetime(2026, 12, 7, 2, 0)),  # a file means what it says: no evening question
])
async def test_starts_is_read_as_the_bot_reads_a_typed_date(db, orgs, clock, capsys, tmp_path, typed: str,
                                                            stored: datetime) -> None:
    path = write_csv(tmp_path / "events.csv", [good_row(starts=typed)])
    code, _, err = await run(db, capsys, "import", str(path))
    assert code == 0, err
    assert [e.starts_at for e in await events_in(db)] == [stored]


@pytest.mark.parametrize(("typed", "hours"), [
    ("24,1", [24, 1]), ("٢٤؛١", [24, 1]), ("٤٨، ٢٤ ، ١", [48, 24, 1]), ("1;24", [24, 1]), ("", [24, 1]),
    ("none", []), ("لا", []), ("بدون تذكير", []), ("3", [3]),
])
async def test_reminder_hours_column_sets_when_registrants_are_reminded(db, orgs, clock, capsys, tmp_path,
                                                                         typed: str, hours: list[int]) -> None:
    path = write_csv(tmp_path / "events.csv", [good_row(reminder_hours=typed)], header=HEADER + ["reminder_hours"])
    code, _, err = await run(db, capsys, "import", str(path))
    assert code == 0, err
    assert [e.reminder_hours for e in await events_in(db)] == [hours]


async def test_reminder_hours_may_be_a_yaml_list(db, orgs, clock, capsys, tmp_path) -> None:
    events = [{**good_row(), "reminder_hours": [2, 72]}, {**good_row(title="بلا تذكير"), "reminder_hours": []}]
    path = tmp_path / "events.yaml"
    path.write_text(yaml.safe_dump({"events": events}, allow_unicode=True), encoding="utf-8")
    code, _, err = await run(db, capsys, "import", str(path))
    assert code == 0, err
    assert [e.reminder_hours for e in await events_in(db)] == [[72, 2], []]


# --- list and export ------------------------------------------------------------------------------


async def test_list_shows_baghdad_times_and_live_counts(db, orgs, clock, capsys, tmp_path) -> None:
    path = write_csv(tmp_path / "events.csv", [good_row(), good_row(title="ندوة مسودة", status="draft",
                                                                    capacity="")])
    await run(db, capsys, "import", str(path))
    async with db.transaction() as session:
        citizen = Contact(governorate="najaf")
        session.add(citizen)
        await session.flush()
        session.add(Registration(event_id=1, contact_id=citizen.id, status="confirmed", ticket_code=new_ticket_code()))
    code, out, _ = await run(db, capsys, "list")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("id\tstatus\tstarts (Baghdad)")
    assert lines[1].split("\t") == ["1", "published", "2026-12-11 17:30", "najaf",
                                    "طاولة حوارية: القوانين التي تنتظرها المحافظة", "1", "0", "0", "19"]
    assert lines[2].split("\t")[1] == "draft" and lines[2].endswith("unlimited")
    code, out, _ = await run(db, capsys, "list", "--org", MAYSAN_CENTRE)
    assert out.splitlines()[1:] == []


@pytest.mark.parametrize("fmt", ["csv", "yaml"])
async def test_export_then_import_gives_the_same_events(db, orgs, clock, capsys, tmp_path, seed_texts,
                                                        fmt: str) -> None:
    source = write_csv(tmp_path / "source.csv", [
        good_row(description=seed_texts[0][:1200].strip()),
        good_row(title="=SUM(A1) ليس صيغة", venue="-الطابق الثاني", status="draft", registration_open="no",
                 map_url="https://maps.example.org/x", organizer="جهتان معاً", organization=MAYSAN_CENTRE),
        good_row(title="بلا حد للمقاعد", capacity="", kind="مؤتمر", governorate="السليمانية",
                 reminder_hours="none"),
        good_row(title="تذكيران بعيدان", reminder_hours="72,3"),
    ], header=HEADER + ["reminder_hours"])
    assert (await run(db, capsys, "import", str(source)))[0] == 0
    assert [e.reminder_hours for e in await events_in(db)] == [[24, 1], [24, 1], [], [72, 3]]
    exported = tmp_path / f"events.{fmt}"
    code, out, _ = await run(db, capsys, "export", "--format", fmt, "-o", str(exported))
    assert code == 0 and "wrote" in out
    if fmt == "csv":
        assert exported.read_bytes().startswith("\ufeff".encode())
        # Opened in Excel, a cell starting with = is text, not a formula.
        assert "'=SUM(A1)" in exported.read_text(encoding="utf-8-sig")

    # Import the export into an empty events table (the organisations are matched by name).
    before = [_comparable(e, await _org_names(db)) for e in await events_in(db)]
    async with db.transaction() as session:
        await session.execute(delete(Event))
    code, _, err = await run(db, capsys, "import", str(exported))
    assert code == 0, err
    assert [_comparable(e, await _org_names(db)) for e in await events_in(db)] == before


async def _org_names(db: Database) -> dict[int, str]:
    async with db.transaction() as session:
        return {o.id: o.name for o in (await session.scalars(select(Organization))).all()}


def _comparable(event: Event, names: dict[int, str]) -> tuple:
    return (names[event.organization_id], event.title, event.kind, event.governorate, event.venue, event.map_url,
            event.starts_at, event.duration_minutes, event.capacity, event.status, event.registration_open,
            event.organizer_name, event.description, event.reminder_hours)


async def test_export_to_standard_output_and_by_organisation(db, orgs, clock, capsys, tmp_path) -> None:
    path = write_csv(tmp_path / "events.csv", [good_row(), good_row(title="ورشة ميسان", organization=MAYSAN_CENTRE)])
    await run(db, capsys, "import", str(path))
    code, out, _ = await run(db, capsys, "export", "--format", "csv", "--org", MAYSAN_CENTRE)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["title"] for r in rows] == ["ورشة ميسان"]
    code, _, err = await run(db, capsys, "export", "--org", "لا أحد")
    assert code == 2 and "no organisation" in err


# --- the real command -----------------------------------------------------------------------------


async def test_the_musharaka_command_exits_2_with_the_errors_on_stderr(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
    database = Database(url)
    await database.migrate()
    async with database.transaction() as session:
        await add_organization(session, HOPE)
    await database.dispose()
    # The subprocess runs on the real clock: a start two months from now.
    starts = (datetime.now(UTC) + timedelta(days=60)).strftime("%Y-%m-%d 10:00")
    path = write_csv(tmp_path / "events.csv", [good_row(starts=starts), good_row(starts=starts, title="ثانية"),
                                               good_row(starts=starts, title="ثالثة", governorate="بغدادد")])
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "events", "import", str(path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "error: line 4: unknown governorate «بغدادد»" in done.stderr and "Traceback" not in done.stderr
    done = subprocess.run([sys.executable, "-m", "bot.cli", "events", "list"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.splitlines()[1:] == []
