"""What every exporter shares: the selection, the feedback totals, cell helpers and the Exporter base.

An exporter never writes a file; it yields plain cells (str, int, float, Baghdad-aware
datetime or None) and `storage.exports.writers` turns them into CSV or XLSX. Rows are read
with `session.stream(...)` and `yield_per`, so an export of any size uses constant memory.
Only columns are selected (never ORM objects), which keeps the identity map empty and the
export fast.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, ClassVar

from sqlalchemy import ColumnElement, Select, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from messages import catalog
from messages.formatting import BAGHDAD, to_baghdad, to_utc
from storage.models import Contact, Event, Identity

# Rows fetched from the database per round trip while streaming.
CHUNK = 1000
RATINGS = (1, 2, 3, 4, 5)

Cell = str | int | float | datetime | None


@dataclass(frozen=True, slots=True)
class Selection:
    """What to export: one event, or every event starting within a Baghdad date range, and how much of it.

    Phone numbers and cancelled registrations are left out unless asked for: a file holds the
    least the coordinator needs, and one with numbers in it is audited as sensitive.
    """

    event_id: int | None = None
    # Inclusive Baghdad calendar dates; either may be open.
    since: date | None = None
    until: date | None = None
    lang: str = catalog.DEFAULT_LANGUAGE
    # Add the phone-number columns (exporters with `offers_phone` only).
    with_phone: bool = False
    # Keep cancelled registrations (exporters with `offers_cancelled` only).
    include_cancelled: bool = False

    def utc_bounds(self) -> tuple[datetime | None, datetime | None]:
        """The period as naive UTC [start, end) bounds, as the database stores times."""
        start = end = None
        if self.since is not None:
            start = to_utc(datetime.combine(self.since, time(), BAGHDAD)).replace(tzinfo=None)
        if self.until is not None:
            end = to_utc(datetime.combine(self.until + timedelta(days=1), time(), BAGHDAD)).replace(tzinfo=None)
        return start, end

    def slug(self) -> str:
        """A short ASCII description for file names: «event12», «2026-01-01_2026-03-31», «event12-phones»."""
        if self.event_id is not None:
            base = f"event{self.event_id}"
        else:
            base = f"{self.since or 'start'}_{self.until or 'now'}"
        # The name itself warns whoever finds the file in Downloads that it holds phone numbers.
        return f"{base}-phones" if self.with_phone else base

    @property
    def spans_events(self) -> bool:
        """True for a period, whose rows may come from several events and so carry an event column."""
        return self.event_id is None

    def event_filter(self) -> ColumnElement[bool]:
        """The WHERE clause on Event that this selection means."""
        clause: ColumnElement[bool] = true()
        if self.event_id is not None:
            clause = clause & (Event.id == self.event_id)
        start, end = self.utc_bounds()
        if start is not None:
            clause = clause & (Event.starts_at >= start)
        if end is not None:
            clause = clause & (Event.starts_at < end)
        return clause


@dataclass(slots=True)
class Summary:
    """Feedback totals: complete and in-progress responses and the 1–5 rating distribution."""

    complete: int = 0
    in_progress: int = 0
    distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(RATINGS, 0))
    # Complete responses per choice question: question title -> answer -> count (storage/exports/feedback.py).
    choices: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def rated(self) -> int:
        """How many complete responses carry a rating."""
        return sum(self.distribution.values())

    @property
    def average(self) -> float | None:
        """The mean rating of complete responses, None when nobody rated."""
        if not self.rated:
            return None
        return sum(r * n for r, n in self.distribution.items()) / self.rated

    def count(self, complete: bool, rating: int | None) -> None:
        """Count one response (only complete ones contribute to the rating distribution)."""
        if not complete:
            self.in_progress += 1
            return
        self.complete += 1
        if rating is not None:
            self.distribution[rating] += 1

    def add(self, other: Summary) -> None:
        """Fold another survey's totals into this one (period exports span several events)."""
        self.complete += other.complete
        self.in_progress += other.in_progress
        for rating, count in other.distribution.items():
            self.distribution[rating] += count
        for title, counts in other.choices.items():
            row = self.choices.setdefault(title, {})
            for choice, count in counts.items():
                row[choice] = row.get(choice, 0) + count


def baghdad(moment: datetime | None) -> datetime | None:
    """A stored UTC time as Baghdad wall time (aware), or None."""
    return None if moment is None else to_baghdad(moment)


def in_catalog(key: str, lang: str) -> bool:
    """Whether `key` can be rendered in `lang` (directly or through the Arabic fallback)."""
    for candidate in (lang, catalog.DEFAULT_LANGUAGE):
        try:
            if catalog.has_message(key, candidate):
                return True
        except KeyError:  # no catalog folder for that language
            continue
    return False


@lru_cache(maxsize=2048)
def label(key: str, lang: str, fallback: str | None = None) -> str:
    """A catalog entry without arguments, or `fallback` (default: the key) when it is missing.

    Cached: exports render the same few words (statuses, governorates) on every row.
    """
    if in_catalog(key, lang):
        return catalog.text(key, lang)
    return key if fallback is None else fallback


def channels_label(joined: str | None, lang: str) -> str:
    """The Arabic names of a contact's channels (e.g. Telegram, WhatsApp) from their aggregated codes."""
    codes = sorted({c for c in (joined or "").split(",") if c})
    return label("export-list-separator", lang, ", ").join(label(f"export-channel-{c}", lang, c) for c in codes)


def channels_of_contact() -> Any:
    """The contact's channel codes joined with commas, as a correlated subquery (see `channels_label`)."""
    # One correlated subquery per row; identities.contact_id is indexed.
    return (
        select(func.aggregate_strings(Identity.channel, ","))
        .where(Identity.contact_id == Contact.id)
        .scalar_subquery()
    )


async def stream_rows(session: AsyncSession, query: Select[Any]) -> AsyncIterator[Any]:
    """The query's rows, fetched CHUNK at a time."""
    result = await session.stream(query.execution_options(yield_per=CHUNK))
    # Whole partitions per await: one greenlet switch per chunk instead of one per row.
    async for partition in result.partitions():
        for row in partition:
            yield row


class Exporter:
    """A list exporter: a header and rows for a selection. Subclasses fill the hooks."""

    identifier: ClassVar[str]
    name_key: ClassVar[str]
    # True when the XLSX file gets the summary sheet with the rating chart.
    has_summary: ClassVar[bool] = False
    # True when the coordinator may ask for the phone-number columns (Selection.with_phone).
    offers_phone: ClassVar[bool] = False
    # True when cancelled rows exist and are left out unless asked for (Selection.include_cancelled).
    offers_cancelled: ClassVar[bool] = False

    def name(self, lang: str = catalog.DEFAULT_LANGUAGE) -> str:
        """The exporter's name in `lang` (menu labels, sheet titles)."""
        return catalog.text(self.name_key, lang)

    async def header(self, session: AsyncSession, selection: Selection) -> list[str]:
        """The column titles, in the selection's language."""
        raise NotImplementedError

    def rows(
        self, session: AsyncSession, selection: Selection, tally: Summary | None = None
    ) -> AsyncIterator[list[Cell]]:
        """The data rows, streamed from the database in chunks.

        Exporters with `has_summary` add every row's totals to `tally` as they go, so the summary
        sheet costs no second pass over the data; it is complete once the rows are exhausted.
        """
        raise NotImplementedError

    async def count(self, session: AsyncSession, selection: Selection) -> int:
        """How many rows `rows` will yield (for progress bars)."""
        raise NotImplementedError


def titles(keys: Iterable[str], lang: str) -> list[str]:
    """The catalog titles (export-col-<key>) of some columns."""
    return [catalog.text(f"export-col-{key}", lang) for key in keys]


def event_column(selection: Selection) -> tuple[str, ...]:
    """The leading event column of a period's file; none for one event's file."""
    # Like pretix: one event's file needs no column repeating its title on every row.
    return ("event",) if selection.spans_events else ()
