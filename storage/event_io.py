"""Events in and out of files: CSV (with a header row) or YAML, for `musharaka events import|export`.

Import is all or nothing: every row is read and checked first (the same rules as the bot, from
storage.services.event_admin), every problem of every row is reported on that row's line, and
only a file without problems is written, in the caller's one transaction. Governorates may be
given as codes (``maysan``), names or the cities people use (Amarah, Mosul, in Arabic script);
kinds as codes or Arabic names; organisations by id or name; `starts` as the bot reads a typed
date («2026-12-07 10:00», or 7/12/2026 4 pm in Arabic-Indic digits with the Arabic pm letter);
`reminder_hours` as «24,1» (empty: the default, «none»: no reminders). A CSV saved by Excel in
an Arabic locale (`;`, CRLF, UTF-16 or a BOM) reads as well (storage.event_files).
`export_events` writes the same columns, so an export imports again.

Sample events (`musharaka demo-data`) travel too, with `sample: yes` and no organisation: they
import as samples again, and one already in the database (the same title) is skipped, not doubled.

Messages here are for the operator at a shell and are English like the rest of the CLI.
"""

from __future__ import annotations

import calendar
import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from messages import catalog
from messages.dates_input import read_date_time
from messages.formatting import BAGHDAD, to_baghdad

# normalize is pure text handling with no handler machinery: the same matching as the bot's.
from messages.normalize import keyword_match, normalize_arabic, parse_id, parse_int
from messages.normalize_places import match_governorate
from storage.clock import utcnow
from storage.content import sample_event, sample_key
from storage.event_files import ImportFailed, RowError
from storage.event_files import read_rows as _read_rows
from storage.models import Event, Organization
from storage.services.audit import audit
from storage.services.event_admin import (
    CAPACITY_MAX,
    REMINDER_COUNT_MAX,
    REMINDER_HOURS_MAX,
    EventInputError,
    NewEvent,
    check_reminder_hours,
    create_event,
    problems,
)
from storage.services.registration_questions import parse_questions_cell, questions_cells, replace_config
from storage.vocab import EVENT_KINDS, GOVERNORATES

__all__ = ["COLUMNS", "FORMATS", "CheckedRow", "ImportFailed", "Imported", "RowError", "check_row",
           "export_events", "import_events", "read_rows", "reason"]

COLUMNS = (
    "organization", "title", "kind", "governorate", "venue", "starts", "duration_minutes", "capacity",
    "status", "registration_open", "map_url", "organizer", "sample", "reminder_hours", "description",
    # Optional registration questions (issue 15): see registration_questions.parse_questions_cell.
    "questions",
)
REQUIRED = ("organization", "title", "kind", "governorate", "venue", "starts", "description")
FORMATS = ("csv", "yaml")
_FORMULA_START = ("=", "+", "-", "@")
_TRUE = {"yes", "true", "1", "y", "open"}
_FALSE = {"no", "false", "0", "n", "closed"}
_UNLIMITED = {"", "unlimited", "none", "null"}
DEFAULT_REMINDER_HOURS = (24, 1)
_NO_REMINDERS = {"none", "no", "null", "-"}
# Between reminder hours: commas, semicolons (Arabic ones too) and spaces.
_REMINDER_SEPARATORS = re.compile(r"[\s,;\u060c\u061b]+")

# English wording of each rule of event_admin, for row errors.
_REASONS = {
    "title-length": "title must be {min}-{max} characters (has {length})",
    "venue-length": "venue must be {min}-{max} characters (has {length})",
    "description-empty": "description is empty",
    "description-length": "description is longer than {max} characters (has {length})",
    "map-url": "map_url must be a full http(s) link without spaces, at most {max} characters",
    "starts-past": "starts is in the past",
    "starts-too-far": "starts is more than {days} days ahead (check the year)",
    "duration-range": "duration_minutes must be between {min} and {max}",
    "capacity-range": "capacity must be 1-{max} or empty for unlimited",
    "kind-unknown": "unknown kind {value} (one of: {kinds})",
    "governorate-unknown": "unknown governorate {value} (a governorate or city name, or one of: {governorates})",
    "status-unknown": "status must be published or draft, not {value}",
}
# The column each rule is about, so that a column already reported empty is not reported twice.
_RULE_COLUMN = {"duration-range": "duration_minutes", "map-url": "map_url"}
# Why a `starts` text is not a date, after "starts «…» is not a date and time like …".
_STARTS_PROBLEMS = {
    "format": "",
    "year": ": write the year with four digits",
    "month": ": the month is between 1 and 12 (day/month/year)",
    "day": ": {month_name} {year} has {days} days",
    "time": ": write the time like 10:00 or 16:30",
}


def _quoted(value: Any) -> str:
    """A value as typed, in «», with line breaks and control characters made visible."""
    text = repr(str(value))[1:-1]
    return f"\u00ab{text}\u00bb"


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import created, and the sample events it skipped because they were already loaded."""

    events: list[Event]
    samples_present: int


@dataclass(frozen=True, slots=True)
class CheckedRow:
    """A row ready to create: the event, its organisation, whether it is a sample, and its reminders."""

    event: NewEvent
    organization: Organization | None
    sample: bool
    reminder_hours: list[int] = field(default_factory=lambda: list(DEFAULT_REMINDER_HOURS))
    # (standard question keys, own questions) asked after registration.
    questions: tuple[list[str], list[dict]] = field(default_factory=lambda: ([], []))


def reason(error: EventInputError) -> str:
    """An event rule broken, in English."""
    template = _REASONS.get(error.code, error.code)
    args = dict(error.args_)
    if "value" in args:
        args["value"] = _quoted(args["value"])
    return template.format(**args, kinds=_KIND_CHOICES, governorates=", ".join(GOVERNORATES))


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """The rows of a .csv or .yaml/.yml file with the line each starts on; ImportFailed if unreadable."""
    return _read_rows(path, COLUMNS, REQUIRED)


# --- checking rows --------------------------------------------------------------------------------


class _Vocabulary:
    """Codes or Arabic names of event kinds, as the bot matches typed words."""

    def __init__(self, codes: Iterable[str], prefix: str) -> None:
        self.names = {code: [code, catalog.text(f"{prefix}-{code}")] for code in codes}

    def find(self, value: str) -> str | None:
        key = normalize_arabic(value)
        for code, names in self.names.items():
            if key == code or keyword_match(value, names):
                return code
        return None


_KINDS = _Vocabulary(EVENT_KINDS, "kind")
_KIND_CHOICES = ", ".join(f"{code} ({names[1]})" for code, names in _KINDS.names.items())


def _governorate(value: str) -> str | None:
    """A governorate code from its code, its name or a city in it (Mosul → nineveh)."""
    return value if value in GOVERNORATES else match_governorate(value)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _starts(value: Any) -> datetime | str:
    """Naive UTC from «2026-12-07 10:00» Baghdad time (a YAML datetime is Baghdad wall time too)."""
    if isinstance(value, datetime):
        local = value.replace(tzinfo=BAGHDAD) if value.tzinfo is None else value
        return local.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, date):
        return f"starts {_quoted(value.isoformat())} has no time (write it like 2026-12-07 10:00)"
    reading = read_date_time(_text(value))
    if reading.wall is None:
        details = dict(reading.details)
        if reading.problem == "day":
            details["month_name"] = calendar.month_name[details["month"]]
        why = _STARTS_PROBLEMS.get(reading.problem or "format", "").format(**details)
        return f"starts {_quoted(_text(value))} is not a date and time like 2026-12-07 10:00 (Baghdad time){why}"
    try:
        return reading.wall.replace(tzinfo=BAGHDAD).astimezone(UTC).replace(tzinfo=None)
    except OverflowError:
        return "starts is in the past"


def _number(value: Any, name: str, default: int | None) -> int | None | str:
    text = _text(value)
    if not text:
        return default
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = parse_int(text)
    return number if number is not None else f"{name} {_quoted(text)} is not a whole number"


def _capacity(value: Any) -> int | None | str:
    if _text(value).lower() in _UNLIMITED or keyword_match(_text(value), catalog.text("ea-kw-unlimited").split(",")):
        return None
    number = _number(value, "capacity", None)
    if isinstance(number, str) and _text(value).lstrip().startswith("-"):
        return reason(EventInputError("capacity-range", max=CAPACITY_MAX))
    return number


def _reminder_hours(value: Any) -> list[int] | str:
    """Hours before the start, latest first: «24,1» (any digits, Arabic comma too) or a YAML list; empty: default."""
    if isinstance(value, list):
        items = [_text(item) for item in value]
    elif isinstance(value, int) and not isinstance(value, bool):
        items = [str(value)]
    else:
        text = _text(value)
        if not text:
            return list(DEFAULT_REMINDER_HOURS)
        if text.lower() in _NO_REMINDERS or keyword_match(text, catalog.text("ea-kw-no-reminders").split(",")):
            return []
        items = [item for item in _REMINDER_SEPARATORS.split(text) if item]
    hours = [parse_int(item) for item in items]
    try:
        if None in hours:
            raise EventInputError("reminders-invalid")
        return check_reminder_hours([h for h in hours if h is not None])  # the bot's rule, latest first
    except EventInputError:
        return (f"reminder_hours {_quoted(_text(value) if not isinstance(value, list) else ','.join(items))} "
                f"must be up to {REMINDER_COUNT_MAX} whole hours from 1 to {REMINDER_HOURS_MAX} separated by "
                "commas (like 24,1), empty for 24,1, or none")


def _flag(value: Any, name: str, default: bool) -> bool | str:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if not text:
        return default
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return f"{name} {_quoted(text)} must be yes or no"


async def _organization(session: AsyncSession, ref: str, cache: dict[str, Organization | None]) -> Organization | None:
    if ref not in cache:
        organization_id = parse_id(ref)
        found = await session.get(Organization, organization_id) if organization_id is not None else None
        if found is None:
            found = await session.scalar(select(Organization).where(Organization.name == " ".join(ref.split())))
        cache[ref] = found
    return cache[ref]


async def check_row(session: AsyncSession, raw: dict[str, Any],
                    cache: dict[str, Organization | None]) -> CheckedRow | list[str]:
    """A row as an event to create, or every reason it cannot be one (all of them, not the first)."""
    if "__error__" in raw:
        return [raw["__error__"]]
    flag = _flag(raw.get("sample"), "sample", False)
    sample = flag is True
    # A sample event may belong to no organisation (as `demo-data` loads it); then it names its organizer.
    needed = [name for name in REQUIRED if not (sample and name == "organization")]
    empty = {n for n in needed if not _text(raw.get(n))}
    # (column, reason): sorted by column at the end, so a row reads left to right like the file.
    reasons: list[tuple[str, str]] = [(n, f"{n} is empty") for n in needed if n in empty]
    if isinstance(flag, str):
        reasons.append(("sample", flag))
    if sample and not _text(raw.get("organization")) and not _text(raw.get("organizer")):
        reasons.append(("organizer", "organizer is empty (a sample event without an organization names its organizer)"))
    organization = None
    if _text(raw.get("organization")):
        organization = await _organization(session, _text(raw["organization"]), cache)
        if organization is None:
            reasons.append(("organization", f"unknown organization {_quoted(_text(raw['organization']))}"))
    governorate = _governorate(_text(raw.get("governorate")))
    kind = _KINDS.find(_text(raw.get("kind")))
    starts = _starts(raw.get("starts")) if "starts" not in empty else None
    duration = _number(raw.get("duration_minutes"), "duration_minutes", 120)
    capacity = _capacity(raw.get("capacity"))
    is_open = _flag(raw.get("registration_open"), "registration_open", True)
    reminders = _reminder_hours(raw.get("reminder_hours"))
    questions = parse_questions_cell(raw.get("questions"))
    if isinstance(questions, str):
        reasons.append(("questions", questions))
    read = {"starts": starts, "duration_minutes": duration, "capacity": capacity, "registration_open": is_open,
            "reminder_hours": reminders}
    reasons.extend((column, problem) for column, problem in read.items() if isinstance(problem, str))
    new = NewEvent(
        organization_id=organization.id if organization else 0,
        title=_text(raw.get("title")), kind=kind or _text(raw.get("kind")),
        governorate=governorate or _text(raw.get("governorate")),
        # An unreadable start was reported above; a placeholder that breaks no rule stands in for it.
        venue=_text(raw.get("venue")),
        starts_at=starts if isinstance(starts, datetime) else utcnow() + timedelta(days=1),
        duration_minutes=duration if isinstance(duration, int) else 120,
        capacity=capacity if not isinstance(capacity, str) else None,
        description=_text(raw.get("description")),
        map_url=_text(raw.get("map_url")) or None, status=_text(raw.get("status")).lower() or "published",
        registration_open=is_open if isinstance(is_open, bool) else True,
        organizer_name=_text(raw.get("organizer")) or None,
    )
    for error in problems(new):
        column = _RULE_COLUMN.get(error.code, error.code.split("-")[0])
        if column not in empty:
            reasons.append((column, reason(error)))
    if reasons:
        order = {column: position for position, column in enumerate(COLUMNS)}
        return [text for _, text in sorted(reasons, key=lambda item: order.get(item[0], -1))]
    return CheckedRow(new, organization, sample, reminders if isinstance(reminders, list) else [],
                      questions if isinstance(questions, tuple) else ([], []))


async def import_events(session: AsyncSession, path: Path, *, actor: str) -> Imported:
    """Create every event of the file, or none: raises ImportFailed listing each bad row."""
    rows = read_rows(path)
    if not rows:
        raise ImportFailed([RowError(1, "no events in the file")])
    cache: dict[str, Organization | None] = {}
    errors: list[RowError] = []
    checked: list[CheckedRow] = []
    seen: dict[tuple[int | None, str, datetime | None], int] = {}
    samples_present = 0
    for line, raw in rows:
        result = await check_row(session, raw, cache)
        if isinstance(result, list):
            errors.append(RowError(line, "; ".join(result)))
            continue
        new = result.event
        # A sample is known by its title alone (see storage.content.sample_key); other events by
        # organisation, title and start.
        key = (None, sample_key(new.title), None) if result.sample else (
            new.organization_id, normalize_arabic(new.title), new.starts_at)
        if key in seen:
            errors.append(RowError(line, f"the same event as line {seen[key]}"))
            continue
        seen[key] = line
        if result.sample:
            if await session.scalar(select(Event.id).where(Event.is_sample, Event.title == sample_key(new.title))):
                samples_present += 1
                continue
        else:
            existing = await session.scalar(select(Event.id).where(
                Event.organization_id == new.organization_id, Event.title == new.title,
                Event.starts_at == new.starts_at, Event.status != "cancelled"))
            if existing is not None:
                errors.append(RowError(line, f"already imported as event {existing}"))
                continue
        checked.append(result)
    if errors:
        raise ImportFailed(errors)
    events: list[Event] = []
    for row in checked:
        if row.sample:
            events.append(sample_event(row.event, row.organization))
            session.add(events[-1])
        else:
            events.append(await create_event(session, row.event, actor=actor, audit_it=False))
        events[-1].reminder_hours = list(row.reminder_hours)
        await session.flush()
        if row.questions[0] or row.questions[1]:
            await replace_config(session, events[-1].id, *row.questions)
    by_organization: dict[int | None, list[int]] = {}
    for event in events:
        by_organization.setdefault(event.organization_id, []).append(event.id)
    for organization_id, ids in by_organization.items():
        await audit(session, actor=actor, action="event.import", organization_id=organization_id,
                    details={"file": path.name, "event_ids": ids, "count": len(ids)})
    return Imported(events, samples_present)


# --- writing files --------------------------------------------------------------------------------


async def export_events(session: AsyncSession, fmt: str, *, organization_id: int | None = None,
                        include_past: bool = False) -> str:
    """Published and draft events, samples included (upcoming unless include_past), in the import's own format."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    # Sample events have no organisation: an outer join keeps them. Any other event without one (its
    # organisation was deleted) could not be imported again, so it stays out as before.
    query = select(Event, Organization.name).outerjoin(Organization, Organization.id == Event.organization_id) \
        .where(Event.status.in_(("published", "draft")), or_(Event.is_sample, Organization.id.is_not(None))) \
        .order_by(Event.starts_at, Event.id)
    if organization_id is not None:
        query = query.where(Event.organization_id == organization_id)
    if not include_past:
        query = query.where(Event.starts_at > utcnow())
    rows = (await session.execute(query)).all()
    asked = await questions_cells(session, [event.id for event, _ in rows])
    records = [{**_record(event, name), "questions": asked.get(event.id, "")} for event, name in rows]
    if fmt == "yaml":
        return yaml.safe_dump({"events": records}, allow_unicode=True, sort_keys=False, width=1000)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow([_csv_cell(record[c]) for c in COLUMNS])
    return out.getvalue()


def _record(event: Event, organization: str | None) -> dict[str, Any]:
    return {
        "organization": organization, "title": event.title, "kind": event.kind, "governorate": event.governorate,
        "venue": event.venue, "starts": to_baghdad(event.starts_at).strftime("%Y-%m-%d %H:%M"),
        "duration_minutes": event.duration_minutes, "capacity": event.capacity, "status": event.status,
        "registration_open": "yes" if event.registration_open else "no", "map_url": event.map_url,
        "organizer": event.organizer_name, "sample": "yes" if event.is_sample else "no",
        "reminder_hours": ",".join(str(h) for h in event.reminder_hours) if event.reminder_hours else "none",
        "description": event.description,
    }


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    # Staff text must not become a formula when the file is opened in Excel; import undoes this.
    return "'" + text if text.startswith(_FORMULA_START) else text
