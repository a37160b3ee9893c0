"""Content files an organisation edits: elections information and the demo events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import func, select

from storage.clock import utcnow
from storage.db import Database
from storage.models import Event
from storage.vocab import EVENT_KINDS, GOVERNORATES

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
_BAGHDAD = ZoneInfo("Asia/Baghdad")


class ContentError(ValueError):
    """A content file is missing a field or has a wrong value."""


@dataclass(frozen=True, slots=True)
class Topic:
    """One elections-information topic."""

    id: str
    title: str
    body: str
    source: str
    updated: date


@dataclass(frozen=True, slots=True)
class ElectionsContent:
    """All elections topics, and whether they are only sample content."""

    sample: bool
    topics: tuple[Topic, ...]

    def topic(self, topic_id: str) -> Topic | None:
        """The topic with this id, if any."""
        return next((t for t in self.topics if t.id == topic_id), None)


def load_elections(content_dir: Path = CONTENT_DIR) -> ElectionsContent:
    """Read content/elections.yaml, checking every topic has its source and update date."""
    path = content_dir / "elections.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    topics = []
    for index, raw in enumerate(data.get("topics") or [], start=1):
        missing = [k for k in ("id", "title", "body", "source", "updated") if not raw.get(k)]
        if missing:
            raise ContentError(f"{path}: topic {index} lacks {', '.join(missing)}")
        updated = raw["updated"]
        if not isinstance(updated, date):
            updated = date.fromisoformat(str(updated))
        topics.append(Topic(str(raw["id"]), str(raw["title"]), str(raw["body"]), str(raw["source"]), updated))
    return ElectionsContent(bool(data.get("sample", False)), tuple(topics))


def demo_event_rows(content_dir: Path = CONTENT_DIR, today: date | None = None) -> list[Event]:
    """Build the sample events of content/demo_events.yaml, dated relative to today (Baghdad)."""
    path = content_dir / "demo_events.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
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


async def load_demo_events(db: Database, *, only_if_empty: bool = False) -> int:
    """Insert the sample events; with only_if_empty, only into a database with no events. Returns count."""
    async with db.transaction() as session:
        if only_if_empty and await session.scalar(select(func.count()).select_from(Event)):
            return 0
        rows = demo_event_rows()
        session.add_all(rows)
    return len(rows)
