"""Events in and out of files: CSV (with a header row) or YAML, for `musharaka events import|export`.

Import is all or nothing: every row is read and checked first (the same rules as the bot, from
storage.services.event_admin), every problem is reported with its line number, and only a file
without problems is written, in the caller's one transaction. Governorates and kinds may be
given as codes (``maysan``) or Arabic names ('Maysan', 'dialogue seminar'); organisations by id or
name. `export_events` writes the same columns, so an export imports again unchanged.

Sample events (`musharaka demo-data`) travel too, with `sample: yes` and no organisation: they
import as samples again, and one already in the database (the same title) is skipped, not doubled.

Messages here are for the operator at a shell and are English like the rest of the CLI.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from messages import catalog
from messages.formatting import BAGHDAD, parse_baghdad_datetime, to_baghdad

# normalize is pure text handling with no handler machinery: the same matching as the bot's.
from messages.normalize import keyword_match, normalize_arabic, parse_int
from storage.clock import utcnow
from storage.content import sample_event, sample_key
from storage.models import Event, Organization
from storage.services.audit import audit
from storage.services.event_admin import CAPACITY_MAX, EventInputError, NewEvent, create_event, problems
from storage.vocab import EVENT_KINDS, GOVERNORATES

COLUMNS = (
    "organization", "title", "kind", "governorate", "venue", "starts", "duration_minutes", "capacity",
    "status", "registration_open", "map_url", "organizer", "sample", "description",
)
REQUIRED = ("organization", "title", "kind", "governorate", "venue", "starts", "description")
FORMATS = ("csv", "yaml")
_FORMULA_START = ("=", "+", "-", "@")
_TRUE = {"yes", "true", "1", "y", "open"}
_FALSE = {"no", "false", "0", "n", "closed"}
_UNLIMITED = {"", "unlimited", "none", "null"}

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
    "kind-unknown": "unknown kind {value!r}",
    "governorate-unknown": "unknown governorate {value!r}",
    "status-unknown": "status must be published or draft, not {value!r}",
}


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem of the file: where it is and why."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import created, and the sample events it skipped because they were already loaded."""

    events: list[Event]
    samples_present: int


@dataclass(frozen=True, slots=True)
class CheckedRow:
    """A row ready to create: the event, its organisation, and whether it is a sample (which may have none)."""

    event: NewEvent
    organization: Organization | None
    sample: bool


class ImportFailed(Exception):
    """The file was not imported; `errors` says where and why."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def reason(error: EventInputError) -> str:
    """An event rule broken, in English."""
    template = _REASONS.get(error.code, error.code)
    return template.format(**error.args_)


# --- reading files --------------------------------------------------------------------------------


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """The rows of a .csv or .yaml/.yml file with the line each starts on; ImportFailed if unreadable."""
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFailed([RowError(0, f"cannot read {path}: {error}")]) from None
    if suffix == ".csv":
        return _csv_rows(text)
    if suffix in (".yaml", ".yml"):
        return _yaml_rows(text)
    raise ImportFailed([RowError(0, f"{path.name}: use a .csv or .yaml file")])


def _csv_rows(text: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ImportFailed([RowError(1, "the file is empty (a header row is needed)")]) from None
    except csv.Error as error:
        raise ImportFailed([RowError(1, f"not valid CSV: {error}")]) from None
    unknown = [h for h in header if h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if unknown or missing:
        parts = [f"unknown column {h!r}" for h in unknown] + [f"missing column {c!r}" for c in missing]
        raise ImportFailed([RowError(1, "; ".join(parts) + f" (columns: {', '.join(COLUMNS)})")])
    rows = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            # A quoted description may span lines: the row starts where the previous one ended.
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                rows.append((start, {"__error__": f"has {len(cells)} cells, the header has {len(header)}"}))
                continue
            rows.append((start, {h: _unescape(c) for h, c in zip(header, cells, strict=True)}))
    except csv.Error as error:
        raise ImportFailed([RowError(reader.line_num, f"not valid CSV: {error}")]) from None
    return rows


def _unescape(cell: str) -> str:
    # Undo the apostrophe the export puts before a leading = + - @ (so Excel shows text, not a formula).
    if cell.startswith("'") and cell[1:2] in _FORMULA_START:
        return cell[1:]
    return cell


def _yaml_rows(text: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ImportFailed([RowError(mark.line + 1 if mark else 1, f"not valid YAML: {error}")]) from None
    items_node = node
    if isinstance(data, dict):
        items_node = next((v for k, v in node.value if k.value == "events"), None)  # type: ignore[union-attr]
        data = data.get("events")
    if not isinstance(data, list) or items_node is None:
        raise ImportFailed([RowError(1, "expected a list of events (or 'events:' with a list)")])
    rows = []
    for item, item_node in zip(data, items_node.value, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            rows.append((line, {"__error__": "an event must be a mapping of field: value"}))
            continue
        unknown = [str(k) for k in item if str(k) not in COLUMNS]
        if unknown:
            rows.append((line, {"__error__": "; ".join(f"unknown field {k!r}" for k in unknown)}))
            continue
        rows.append((line, {str(k): v for k, v in item.items()}))
    return rows


# --- checking rows --------------------------------------------------------------------------------


class _Vocabulary:
    """Codes or Arabic names of governorates and kinds, as the bot matches typed words."""

    def __init__(self, codes: Iterable[str], prefix: str) -> None:
        self.names = {code: [code, catalog.text(f"{prefix}-{code}")] for code in codes}

    def find(self, value: str) -> str | None:
        key = normalize_arabic(value)
        for code, names in self.names.items():
            if key == code or keyword_match(value, names):
                return code
        return None


_GOVERNORATES = _Vocabulary(GOVERNORATES, "gov")
_KINDS = _Vocabulary(EVENT_KINDS, "kind")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _starts(value: Any) -> datetime | str:
    """Naive UTC from «2026-12-07 10:00» Baghdad time (a YAML datetime is Baghdad wall time too)."""
    if isinstance(value, datetime):
        local = value.replace(tzinfo=BAGHDAD) if value.tzinfo is None else value
        return local.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, date):
        return f"starts {value.isoformat()!r} has no time (write it like 2026-12-07 10:00)"
    moment = parse_baghdad_datetime(_text(value))
    if moment is None:
        return f"starts {_text(value)!r} is not a date and time like 2026-12-07 10:00 (Baghdad time)"
    return moment.astimezone(UTC).replace(tzinfo=None)


def _number(value: Any, name: str, default: int | None) -> int | None | str:
    text = _text(value)
    if not text:
        return default
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = parse_int(text)
    return number if number is not None else f"{name} {text!r} is not a whole number"


def _capacity(value: Any) -> int | None | str:
    if _text(value).lower() in _UNLIMITED or keyword_match(_text(value), catalog.text("ea-kw-unlimited").split(",")):
        return None
    number = _number(value, "capacity", None)
    if isinstance(number, str) and _text(value).lstrip().startswith("-"):
        return reason(EventInputError("capacity-range", max=CAPACITY_MAX))
    return number


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
    return f"{name} {text!r} must be yes or no"


async def _organization(session: AsyncSession, ref: str, cache: dict[str, Organization | None]) -> Organization | None:
    if ref not in cache:
        found = await session.get(Organization, int(ref)) if ref.isdigit() else None
        if found is None:
            found = await session.scalar(select(Organization).where(Organization.name == " ".join(ref.split())))
        cache[ref] = found
    return cache[ref]


async def check_row(session: AsyncSession, raw: dict[str, Any],
                    cache: dict[str, Organization | None]) -> CheckedRow | list[str]:
    """A row as an event to create, or every reason it cannot be one."""
    if "__error__" in raw:
        return [raw["__error__"]]
    flag = _flag(raw.get("sample"), "sample", False)
    sample = flag is True
    # A sample event may belong to no organisation (as `demo-data` loads it); then it names its organizer.
    needed = [name for name in REQUIRED if not (sample and name == "organization")]
    reasons = ([flag] if isinstance(flag, str) else []) + [f"{n} is empty" for n in needed if not _text(raw.get(n))]
    if sample and not _text(raw.get("organization")) and not _text(raw.get("organizer")):
        reasons.append("organizer is empty (a sample event without an organization names its organizer)")
    if reasons:
        return reasons
    organization = None
    if _text(raw.get("organization")):
        organization = await _organization(session, _text(raw["organization"]), cache)
        if organization is None:
            reasons.append(f"unknown organization {_text(raw['organization'])!r}")
    governorate = _GOVERNORATES.find(_text(raw["governorate"]))
    kind = _KINDS.find(_text(raw["kind"]))
    starts = _starts(raw["starts"])
    duration = _number(raw.get("duration_minutes"), "duration_minutes", 120)
    capacity = _capacity(raw.get("capacity"))
    is_open = _flag(raw.get("registration_open"), "registration_open", True)
    for problem in (starts, duration, capacity, is_open):
        if isinstance(problem, str):
            reasons.append(problem)
    new = NewEvent(
        organization_id=organization.id if organization else 0,
        title=_text(raw["title"]), kind=kind or _text(raw["kind"]),
        governorate=governorate or _text(raw["governorate"]),
        # An unreadable start was reported above; a placeholder that breaks no rule stands in for it.
        venue=_text(raw["venue"]), starts_at=starts if isinstance(starts, datetime) else utcnow() + timedelta(days=1),
        duration_minutes=duration if isinstance(duration, int) else 120,
        capacity=capacity if not isinstance(capacity, str) else None,
        description=_text(raw.get("description")),
        map_url=_text(raw.get("map_url")) or None, status=_text(raw.get("status")).lower() or "published",
        registration_open=is_open if isinstance(is_open, bool) else True,
        organizer_name=_text(raw.get("organizer")) or None,
    )
    reasons.extend(reason(error) for error in problems(new))
    return reasons or CheckedRow(new, organization, sample)


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
            errors.extend(RowError(line, r) for r in result)
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
            await session.flush()
        else:
            events.append(await create_event(session, row.event, actor=actor, audit_it=False))
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
    records = [_record(event, name) for event, name in (await session.execute(query)).all()]
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
        "description": event.description,
    }


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    # Staff text must not become a formula when the file is opened in Excel; import undoes this.
    return "'" + text if text.startswith(_FORMULA_START) else text
