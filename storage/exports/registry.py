"""Exporters as a registry: each one has an identifier, an Arabic name, a header and streamed rows.

An exporter never writes a file; it yields plain cells (str, int, float, Baghdad-aware
datetime or None) and `storage.exports.writers` turns them into CSV or XLSX. Rows are read
with `session.stream(...)` and `yield_per`, so an export of any size uses constant memory.
Only columns are selected (never ORM objects), which keeps the identity map empty and the
export fast.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, ClassVar

from sqlalchemy import ColumnElement, Select, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from messages import catalog
from messages.formatting import BAGHDAD, to_baghdad, to_utc
from storage.models import Contact, Event, Identity, Registration, Survey, SurveyResponse

# Rows fetched from the database per round trip while streaming.
CHUNK = 1000
RATINGS = (1, 2, 3, 4, 5)

Cell = str | int | float | datetime | None


@dataclass(frozen=True, slots=True)
class Selection:
    """What to export: one event, or every event starting within a Baghdad date range."""

    event_id: int | None = None
    # Inclusive Baghdad calendar dates; either may be open.
    since: date | None = None
    until: date | None = None
    lang: str = catalog.DEFAULT_LANGUAGE

    def utc_bounds(self) -> tuple[datetime | None, datetime | None]:
        """The period as naive UTC [start, end) bounds, as the database stores times."""
        start = end = None
        if self.since is not None:
            start = to_utc(datetime.combine(self.since, time(), BAGHDAD)).replace(tzinfo=None)
        if self.until is not None:
            end = to_utc(datetime.combine(self.until + timedelta(days=1), time(), BAGHDAD)).replace(tzinfo=None)
        return start, end

    def slug(self) -> str:
        """A short ASCII description for file names: «event12» or «2026-01-01_2026-03-31»."""
        if self.event_id is not None:
            return f"event{self.event_id}"
        return f"{self.since or 'start'}_{self.until or 'now'}"

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


def _channels_of_contact() -> Any:
    # One correlated subquery per row; identities.contact_id is indexed.
    return (
        select(func.aggregate_strings(Identity.channel, ","))
        .where(Identity.contact_id == Contact.id)
        .scalar_subquery()
    )


async def _stream(session: AsyncSession, query: Select[Any]) -> AsyncIterator[Any]:
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


def _titles(keys: Iterable[str], lang: str) -> list[str]:
    return [catalog.text(f"export-col-{key}", lang) for key in keys]


def _event_column(selection: Selection) -> tuple[str, ...]:
    # Like pretix: one event's file needs no column repeating its title on every row.
    return ("event",) if selection.spans_events else ()


class RegistrationsExporter(Exporter):
    """Every registration: ticket, status, waiting-list place, times, channels, governorate."""

    identifier = "registrations"
    name_key = "export-name-registrations"
    columns = ("ticket", "status", "waitlist-position", "registered-at", "confirmed-at",
               "cancelled-at", "checked-in-at", "channels", "governorate", "phone")

    async def header(self, session: AsyncSession, selection: Selection) -> list[str]:
        """Column titles of the registrations export."""
        return _titles(_event_column(selection) + self.columns, selection.lang)

    def _query(self, selection: Selection) -> Select[Any]:
        # Waiting-list place computed in SQL, the same order the promotion service uses.
        place = func.row_number().over(
            partition_by=(Registration.event_id, Registration.status),
            order_by=(Registration.waitlisted_at, Registration.id),
        )
        return (
            select(
                Event.title, Registration.ticket_code, Registration.status, place, Registration.created_at,
                Registration.confirmed_at, Registration.cancelled_at, Registration.checked_in_at,
                _channels_of_contact(), Contact.governorate, Contact.phone_e164,
            )
            .join(Event, Event.id == Registration.event_id)
            .join(Contact, Contact.id == Registration.contact_id)
            .where(selection.event_filter())
            .order_by(Event.starts_at, Event.id, Registration.created_at, Registration.id)
        )

    async def rows(
        self, session: AsyncSession, selection: Selection, tally: Summary | None = None
    ) -> AsyncIterator[list[Cell]]:
        """One row per registration, oldest first within each event."""
        lang, many = selection.lang, selection.spans_events
        async for (title, ticket, status, place, created, confirmed, cancelled, checked_in,
                   channels, governorate, phone) in _stream(session, self._query(selection)):
            cells: list[Cell] = [
                ticket, label(f"export-status-{status}", lang, status),
                place if status == "waitlisted" else None,
                baghdad(created), baghdad(confirmed), baghdad(cancelled), baghdad(checked_in),
                channels_label(channels, lang),
                label(f"gov-{governorate}", lang, governorate) if governorate else None,
                # Only set when the person chose to share their number with the bot.
                phone,
            ]
            yield [title, *cells] if many else cells

    async def count(self, session: AsyncSession, selection: Selection) -> int:
        """Number of registrations in the selection."""
        query = select(func.count()).select_from(Registration).join(Event, Event.id == Registration.event_id)
        return await session.scalar(query.where(selection.event_filter())) or 0


class AttendanceExporter(Exporter):
    """The people checked in at the door, in the order they arrived."""

    identifier = "attendance"
    name_key = "export-name-attendance"
    columns = ("ticket", "checked-in-at", "registered-at", "channels", "governorate")

    async def header(self, session: AsyncSession, selection: Selection) -> list[str]:
        """Column titles of the attendance export."""
        return _titles(_event_column(selection) + self.columns, selection.lang)

    def _where(self, selection: Selection) -> ColumnElement[bool]:
        return selection.event_filter() & Registration.checked_in_at.is_not(None)

    async def rows(
        self, session: AsyncSession, selection: Selection, tally: Summary | None = None
    ) -> AsyncIterator[list[Cell]]:
        """One row per checked-in registration."""
        query = (
            select(Event.title, Registration.ticket_code, Registration.checked_in_at, Registration.created_at,
                   _channels_of_contact(), Contact.governorate)
            .join(Event, Event.id == Registration.event_id)
            .join(Contact, Contact.id == Registration.contact_id)
            .where(self._where(selection))
            .order_by(Event.starts_at, Event.id, Registration.checked_in_at, Registration.id)
        )
        lang, many = selection.lang, selection.spans_events
        async for title, ticket, checked_in, created, channels, governorate in _stream(session, query):
            cells: list[Cell] = [ticket, baghdad(checked_in), baghdad(created), channels_label(channels, lang),
                                 label(f"gov-{governorate}", lang, governorate) if governorate else None]
            yield [title, *cells] if many else cells

    async def count(self, session: AsyncSession, selection: Selection) -> int:
        """Number of checked-in people in the selection."""
        query = select(func.count()).select_from(Registration).join(Event, Event.id == Registration.event_id)
        return await session.scalar(query.where(self._where(selection))) or 0


@dataclass(frozen=True, slots=True)
class SurveyInfo:
    """The few survey fields an export needs (no ORM objects kept around)."""

    id: int
    questions: list[dict[str, Any]]
    event_title: str
    event_starts_at: datetime


async def surveys_in(session: AsyncSession, selection: Selection) -> list[SurveyInfo]:
    """The surveys of the selected events, in event order."""
    rows = await session.execute(
        select(Survey.id, Survey.questions, Event.title, Event.starts_at)
        .join(Event, Event.id == Survey.event_id)
        .where(selection.event_filter())
        .order_by(Event.starts_at, Event.id)
    )
    return [SurveyInfo(sid, list(questions or []), title, starts) for sid, questions, title, starts in rows]


def question_title(question: dict[str, Any], lang: str) -> str:
    """A question's column title: its catalog text, else its literal text, else its key."""
    literal = question.get("text") or str(question.get("key", ""))
    key = question.get("text_key")
    return label(key, lang, literal) if key else literal


def rating_key(survey: SurveyInfo) -> str | None:
    """The key of the survey's (first) 1–5 rating question."""
    for question in survey.questions:
        if question.get("kind") == "rating":
            return str(question.get("key"))
    return None


def _as_rating(value: Any) -> int | None:
    # SQLite returns JSON integers as int, PostgreSQL's ->> returns text.
    if value is None:
        return None
    try:
        rating = int(value)
    except (TypeError, ValueError):
        return None
    return rating if rating in RATINGS else None


async def survey_summary(session: AsyncSession, survey: SurveyInfo) -> Summary:
    """Counts and the rating distribution of one survey, aggregated in SQL."""
    summary = Summary()
    counts = await session.execute(
        select(SurveyResponse.completed_at.is_not(None), func.count())
        .where(SurveyResponse.survey_id == survey.id)
        .group_by(SurveyResponse.completed_at.is_not(None))
    )
    for complete, n in counts:
        if complete:
            summary.complete += n
        else:
            summary.in_progress += n
    key = rating_key(survey)
    if key is not None:
        value = SurveyResponse.answers[key].as_string()
        grouped = await session.execute(
            select(value, func.count())
            .where(SurveyResponse.survey_id == survey.id, SurveyResponse.completed_at.is_not(None))
            .group_by(value)
        )
        for raw, n in grouped:
            rating = _as_rating(raw)
            if rating is not None:
                summary.distribution[rating] += n
    return summary


async def selection_summary(session: AsyncSession, selection: Selection) -> Summary:
    """The totals over every survey in the selection."""
    total = Summary()
    for survey in await surveys_in(session, selection):
        total.add(await survey_summary(session, survey))
    return total


def _question_columns(surveys: list[SurveyInfo]) -> list[dict[str, Any]]:
    # A period may span surveys with different questions: the union, in first-seen order.
    seen: dict[str, dict[str, Any]] = {}
    for survey in surveys:
        for question in survey.questions:
            seen.setdefault(str(question.get("key")), question)
    return list(seen.values())


def _free_text(value: Any) -> Cell:
    # Kept exactly as typed; a skipped question is an empty cell.
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def answer_converter(question: dict[str, Any], lang: str) -> Callable[[Any], Cell]:
    """How one question's stored answer becomes a cell (chosen once per export, not per row)."""
    kind = question.get("kind")
    if kind == "rating":
        return _as_rating
    if kind == "choice":
        # A choice may be stored as a catalog key.
        return lambda value: None if value is None or value == "" else label(str(value), lang, str(value))
    return _free_text


class FeedbackExporter(Exporter):
    """One row per survey response (complete or not), one column per question."""

    identifier = "feedback"
    name_key = "export-name-feedback"
    has_summary = True

    async def header(self, session: AsyncSession, selection: Selection) -> list[str]:
        """Fixed columns, then each question's text."""
        questions = _question_columns(await surveys_in(session, selection))
        fixed = _titles(_event_column(selection) + ("response-status", "started-at", "completed-at"), selection.lang)
        return fixed + [question_title(q, selection.lang) for q in questions]

    async def rows(
        self, session: AsyncSession, selection: Selection, tally: Summary | None = None
    ) -> AsyncIterator[list[Cell]]:
        """Responses survey by survey, in the order the respondents first wrote to the bot."""
        lang = selection.lang
        surveys = await surveys_in(session, selection)
        questions = _question_columns(surveys)
        done = catalog.text("export-response-complete", lang)
        pending = catalog.text("export-response-in-progress", lang)
        converters = [(str(q.get("key")), answer_converter(q, lang)) for q in questions]
        many = selection.spans_events
        for survey in surveys:
            rated = rating_key(survey)
            # Ordered by the unique (survey_id, contact_id) index: no sort of the whole survey in SQL.
            query = (
                select(SurveyResponse.started_at, SurveyResponse.completed_at, SurveyResponse.answers)
                .where(SurveyResponse.survey_id == survey.id)
                .order_by(SurveyResponse.survey_id, SurveyResponse.contact_id)
            )
            async for started, completed, answers in _stream(session, query):
                answers = answers or {}
                if tally is not None:
                    tally.count(completed is not None, _as_rating(answers.get(rated)) if rated else None)
                cells: list[Cell] = [
                    done if completed else pending, baghdad(started), baghdad(completed),
                    *[convert(answers.get(key)) for key, convert in converters],
                ]
                yield [survey.event_title, *cells] if many else cells

    async def count(self, session: AsyncSession, selection: Selection) -> int:
        """Number of responses in the selection."""
        query = (
            select(func.count())
            .select_from(SurveyResponse)
            .join(Survey, Survey.id == SurveyResponse.survey_id)
            .join(Event, Event.id == Survey.event_id)
        )
        return await session.scalar(query.where(selection.event_filter())) or 0



class FeedbackSummaryExporter(Exporter):
    """One row per event: responses, average rating and how many gave each rating 1–5."""

    identifier = "feedback-summary"
    name_key = "export-name-feedback-summary"
    has_summary = True

    async def header(self, session: AsyncSession, selection: Selection) -> list[str]:
        """Event, date, counts, average and one column per rating."""
        lang = selection.lang
        fixed = _titles(("event", "event-date", "complete", "in-progress", "average"), lang)
        return fixed + [catalog.text("export-col-rating-n", lang, n=r) for r in RATINGS]

    async def rows(
        self, session: AsyncSession, selection: Selection, tally: Summary | None = None
    ) -> AsyncIterator[list[Cell]]:
        """One aggregated row per survey (there are few: no streaming needed beyond this)."""
        for survey in await surveys_in(session, selection):
            totals = await survey_summary(session, survey)
            if tally is not None:
                tally.add(totals)
            average = None if totals.average is None else round(totals.average, 2)
            yield [survey.event_title, baghdad(survey.event_starts_at), totals.complete, totals.in_progress,
                   average, *(totals.distribution[r] for r in RATINGS)]

    async def count(self, session: AsyncSession, selection: Selection) -> int:
        """Number of surveys in the selection."""
        query = select(func.count()).select_from(Survey).join(Event, Event.id == Survey.event_id)
        return await session.scalar(query.where(selection.event_filter())) or 0


EXPORTERS: dict[str, Exporter] = {
    exporter.identifier: exporter
    for exporter in (RegistrationsExporter(), AttendanceExporter(), FeedbackExporter(), FeedbackSummaryExporter())
}


def get_exporter(identifier: str) -> Exporter:
    """The exporter registered under `identifier`; KeyError for an unknown one."""
    return EXPORTERS[identifier]
