"""Content files an organisation edits: elections information and the demo events."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import func, select

from storage.clock import utcnow
from storage.db import Database
from storage.models import Event, Organization
from storage.services.event_admin import NewEvent, check_description, check_title, check_venue
from storage.vocab import EVENT_KINDS, GOVERNORATES

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
# The language of a content file's plain fields (title, body, source).
DEFAULT_CONTENT_LANGUAGE = "ar"
_BAGHDAD = ZoneInfo("Asia/Baghdad")


class ContentError(ValueError):
    """A content file is missing a field or has a wrong value."""


@dataclass(frozen=True, slots=True)
class TopicText:
    """What a topic says in one language; `translated` is False when it is the Arabic for want of a translation."""

    title: str
    body: str
    source: str
    translated: bool


# Per-language fields of a topic: title_en, body_en, source_en, title_ckb, … (source optional).
_LOCALIZED_FIELD = re.compile(r"(title|body|source)_([a-z]{2,3})")


@dataclass(frozen=True, slots=True)
class Topic:
    """One elections-information topic (title, body and source in Arabic, optionally in other languages)."""

    id: str
    title: str
    body: str
    source: str
    updated: date
    # Language code -> {"title", "body", and optionally "source"}.
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, hash=False)

    def in_language(self, lang: str) -> TopicText:
        """The topic in `lang`; the Arabic text (translated=False) when it has no translation for it."""
        fields = self.translations.get(lang)
        if lang == DEFAULT_CONTENT_LANGUAGE:
            return TopicText(self.title, self.body, self.source, True)
        if not fields:
            return TopicText(self.title, self.body, self.source, False)
        return TopicText(fields["title"], fields["body"], fields.get("source") or self.source, True)


@dataclass(frozen=True, slots=True)
class ElectionsContent:
    """All elections topics, and whether they are only sample content."""

    sample: bool
    topics: tuple[Topic, ...]

    def topic(self, topic_id: str) -> Topic | None:
        """The topic with this id, if any."""
        return next((t for t in self.topics if t.id == topic_id), None)


def _read_yaml(path: Path) -> dict:
    """A content file's mapping; a missing or malformed file is a ContentError naming it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ContentError(f"content file {path} is missing") from None
    except OSError as error:
        raise ContentError(f"cannot read content file {path}: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "unreadable"
        raise ContentError(f"content file {path} is not valid YAML{where} ({problem})") from None
    if not isinstance(data, dict):
        raise ContentError(f"content file {path} should be a mapping of keys to values")
    return data


def load_elections(content_dir: Path = CONTENT_DIR) -> ElectionsContent:
    """Read content/elections.yaml, checking every topic has its source and update date."""
    path = content_dir / "elections.yaml"
    data = _read_yaml(path)
    topics = []
    for index, raw in enumerate(data.get("topics") or [], start=1):
        if not isinstance(raw, dict):
            raise ContentError(f"{path}: topic {index} should have id, title, body, source and updated")
        missing = [k for k in ("id", "title", "body", "source", "updated") if not raw.get(k)]
        if missing:
            raise ContentError(f"{path}: topic {index} lacks {', '.join(missing)}")
        updated = raw["updated"]
        if not isinstance(updated, date):
            try:
                updated = date.fromisoformat(str(updated))
            except ValueError:
                raise ContentError(f"{path}: topic {index} updated {updated!r} is not a date like 2026-01-31") from None
        topics.append(Topic(str(raw["id"]), str(raw["title"]), str(raw["body"]), str(raw["source"]), updated,
                            _translations(raw, f"{path}: topic {index}")))
    return ElectionsContent(bool(data.get("sample", False)), tuple(topics))


def _translations(raw: dict, where: str) -> dict[str, dict[str, str]]:
    """The per-language fields of a topic (title_en, body_en, source_en …); a title needs its body and back."""
    found: dict[str, dict[str, str]] = {}
    for key, value in raw.items():
        match = _LOCALIZED_FIELD.fullmatch(str(key))
        if match and value:
            found.setdefault(match[2], {})[match[1]] = str(value)
    for lang, fields in found.items():
        missing = [name for name in ("title", "body") if not fields.get(name)]
        if missing:
            raise ContentError(f"{where} has {lang} fields but lacks {', '.join(f'{m}_{lang}' for m in missing)}")
    return found


def demo_event_rows(content_dir: Path = CONTENT_DIR, today: date | None = None) -> list[Event]:
    """Build the sample events of content/demo_events.yaml, dated relative to today (Baghdad)."""
    path = content_dir / "demo_events.yaml"
    data = _read_yaml(path)
    today = today or utcnow().replace(tzinfo=ZoneInfo("UTC")).astimezone(_BAGHDAD).date()
    events = []
    for index, raw in enumerate(data.get("events") or [], start=1):
        if raw.get("kind") not in EVENT_KINDS or raw.get("governorate") not in GOVERNORATES:
            raise ContentError(f"{path}: event {index} has an unknown kind or governorate")
        hour, minute = (int(x) for x in str(raw.get("time", "10:00")).split(":"))
        local = datetime.combine(today + timedelta(days=int(raw["days_from_now"])), time(hour, minute), _BAGHDAD)
        starts_at = local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
        events.append(
            Event(
                title=raw["title"],
                kind=raw["kind"],
                governorate=raw["governorate"],
                organizer_name=raw["organizer"],
                venue=raw["venue"],
                description=raw.get("description", ""),
                starts_at=starts_at,
                duration_minutes=int(raw.get("duration_minutes", 120)),
                capacity=raw.get("capacity"),
                status="published",
                is_sample=True,
                reminder_hours=[24, 1],
            )
        )
    return events


def sample_key(title: str) -> str:
    """What makes a sample event the same sample: its title, spaces collapsed (dates move with the load day)."""
    return " ".join(title.split())


def sample_event(new: NewEvent, organization: Organization | None) -> Event:
    """A sample event from checked fields (as `events import` brings one back); it may have no organisation."""
    return Event(
        organization_id=organization.id if organization else None,
        organizer_name=(new.organizer_name or (organization.name if organization else "")).strip()[:300],
        title=check_title(new.title), kind=new.kind, governorate=new.governorate, venue=check_venue(new.venue),
        map_url=new.map_url or None, description=check_description(new.description), starts_at=new.starts_at,
        duration_minutes=new.duration_minutes, capacity=new.capacity, status=new.status,
        registration_open=new.registration_open, is_sample=True, reminder_hours=[24, 1],
    )


@dataclass(frozen=True, slots=True)
class DemoLoad:
    """What loading the sample events did: how many were added and how many were there already."""

    added: int
    present: int


async def load_demo_events(db: Database, *, only_if_empty: bool = False) -> DemoLoad:
    """Add the sample events not loaded yet (known by title); with only_if_empty, only into an empty database."""
    async with db.transaction() as session:
        if only_if_empty and await session.scalar(select(func.count()).select_from(Event)):
            return DemoLoad(0, 0)
        # A sample the organisation moved, edited or cancelled is still that sample: loading the
        # file again must not bring a second copy of it back.
        loaded = {sample_key(t) for t in (await session.scalars(select(Event.title).where(Event.is_sample))).all()}
        rows = demo_event_rows()
        new = [row for row in rows if sample_key(row.title) not in loaded]
        session.add_all(new)
    return DemoLoad(len(new), len(rows) - len(new))
