"""Figures for the coordinators' web page: aggregate SQL only, scoped to the viewer's organisations.

Counting rules (documented in the README section of the dashboard):
- registered = confirmed registrations (cancelled ones do not count, waitlisted ones are "waiting");
- attended = confirmed registrations with a check-in time;
- survey answers = completed responses to the event's survey;
- distinct people = distinct contacts with a confirmed registration;
- attendance rate = attended / registered, only for events that have started (None before);
- overview and programme totals leave out drafts and cancelled events; the lists leave out drafts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.clock import utcnow
from storage.exports.base import label
from storage.models import Contact, Event, Registration, Survey, SurveyResponse

# Iraq keeps UTC+3 all year (no daylight saving since 2008): days are Baghdad days.
BAGHDAD_OFFSET = timedelta(hours=3)
# Contacts who never gave a governorate are grouped under this key.
UNKNOWN_GOVERNORATE = "unknown"
# How many events each overview list shows at most (the programme page covers whole periods).
LIST_LIMIT = 50
RATINGS = (1, 2, 3, 4, 5)
COUNTED_STATUSES = ("published",)


@dataclass(frozen=True)
class EventFigures:
    """The headline counts of one event."""

    event_id: int
    title: str
    starts_at: datetime
    status: str
    kind: str
    governorate: str
    registered: int
    waiting: int
    attended: int
    survey_answers: int
    attendance_rate: float | None


@dataclass(frozen=True)
class Totals:
    """Counts summed over the events of a period."""

    events: int
    registered: int
    attended: int
    survey_answers: int
    distinct_people: int
    attendance_rate: float | None


@dataclass(frozen=True)
class Overview:
    """The overview page: upcoming and recent events and the period's totals."""

    upcoming: list[EventFigures]
    recent: list[EventFigures]
    totals: Totals


@dataclass(frozen=True)
class EventReport:
    """Everything the event page shows."""

    figures: EventFigures
    per_day: list[tuple[date, int]]
    by_governorate: list[tuple[str, int]]
    ratings: dict[int, int]
    average_rating: float | None
    # question key -> (answer text, how many gave it), most frequent first
    free_text: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Programme:
    """A period across events: the figures an NGO reports to its donor."""

    distinct_people: int
    events_held: int
    events_by_kind: list[tuple[str, int]]
    events_by_governorate: list[tuple[str, int]]
    people_by_governorate: list[tuple[str, int]]
    registered: int
    attended: int
    average_rating: float | None


async def overview(
    session: AsyncSession,
    organization_ids: list[int],
    *,
    period_start: datetime | None,
    period_end: datetime | None,
    now: datetime,
) -> Overview:
    """Upcoming and recent events of the organisations with their counts, and totals for the period."""
    scope = _in_scope(organization_ids)
    period = _in_period(period_start, period_end)
    listed = and_(scope, period, Event.status != "draft")
    rows = (await session.execute(
        select(Event.id, Event.title, Event.starts_at, Event.status, Event.kind, Event.governorate).where(listed)
    )).all()
    # One pass over the registrations of every listed event serves both the lists and the totals.
    figures = await _figures_of(session, rows, listed, now)
    upcoming = sorted((f for f in figures if f.starts_at >= now), key=lambda f: (f.starts_at, f.event_id))
    recent = sorted((f for f in figures if f.starts_at < now), key=lambda f: (f.starts_at, f.event_id), reverse=True)
    counted = [f for f in figures if f.status in COUNTED_STATUSES]
    people = await _distinct_people(session, and_(scope, period, Event.status.in_(COUNTED_STATUSES)))
    return Overview(upcoming[:LIST_LIMIT], recent[:LIST_LIMIT], _sum_totals(counted, people, now))


async def event_figures(session: AsyncSession, organization_ids: list[int], event_id: int) -> EventReport | None:
    """The event page's figures; None when the event is missing or belongs to another organisation."""
    row = (await session.execute(
        select(Event.id, Event.title, Event.starts_at, Event.status, Event.kind, Event.governorate)
        .where(Event.id == event_id, _in_scope(organization_ids))
    )).first()
    if row is None:
        return None
    (figures,) = await _figures_of(session, [row], Event.id == event_id, utcnow())
    kept = Registration.status.in_(("confirmed", "waitlisted"))
    day = _baghdad_day(session, Registration.created_at)
    per_day = [
        (_as_date(d), n) for d, n in await session.execute(
            select(day, func.count()).where(Registration.event_id == event_id, kept).group_by(day).order_by(day)
        )
    ]
    governorate = func.coalesce(Contact.governorate, UNKNOWN_GOVERNORATE)
    by_governorate = _most_first(await session.execute(
        select(governorate, func.count()).select_from(Registration)
        .join(Contact, Contact.id == Registration.contact_id)
        .where(Registration.event_id == event_id, Registration.status == "confirmed").group_by(governorate)
    ))
    ratings = {r: 0 for r in RATINGS}
    free_text: dict[str, list[tuple[str, int]]] = {}
    survey = (await session.execute(select(Survey.id, Survey.questions).where(Survey.event_id == event_id))).first()
    if survey is not None:
        rating = _rating_key(survey.questions)
        texts = [str(q["key"]) for q in survey.questions or [] if q.get("kind") == "text" and q.get("key")]
        grouped = await _grouped_answer_sets(session, survey.id, [*([rating] if rating else []), *texts])
        if rating is not None:
            _add_ratings(ratings, grouped[rating])
        free_text = {key: _normalised_texts(grouped[key]) for key in texts}
    return EventReport(figures, per_day, by_governorate, ratings, _average(ratings), free_text)


async def programme(
    session: AsyncSession,
    organization_ids: list[int],
    period_start: datetime,
    period_end: datetime,
    *,
    now: datetime | None = None,
) -> Programme:
    """Programme figures over the published events held in [period_start, period_end) before `now`."""
    now = utcnow() if now is None else now
    held = and_(_in_scope(organization_ids), _in_period(period_start, period_end),
                Event.status.in_(COUNTED_STATUSES), Event.starts_at < now)
    rows = (await session.execute(select(Event.id, Event.title, Event.starts_at, Event.status, Event.kind,
                                          Event.governorate).where(held))).all()
    # Events are few (hundreds): counted from the rows already read.
    events_by_kind = _most_first(Counter(row.kind for row in rows).items())
    events_by_governorate = _most_first(Counter(row.governorate for row in rows).items())
    # Each person once: contacts whose id is among the confirmed registrations (one probe per person,
    # however many contacts the database holds); the per-governorate counts add up to the people reached.
    governorate = func.coalesce(Contact.governorate, UNKNOWN_GOVERNORATE)
    people_by_governorate = _most_first(await session.execute(
        select(governorate, func.count()).where(Contact.id.in_(_confirmed_contacts(held))).group_by(governorate)
    ))
    people = sum(n for _, n in people_by_governorate)
    totals = _sum_totals(await _figures_of(session, rows, held, now), people, now)
    ratings = {r: 0 for r in RATINGS}
    surveys = (await session.execute(
        select(Survey.id, Survey.questions).join(Event, Event.id == Survey.event_id).where(held))).all()
    by_key: dict[str, list[int]] = {}
    for survey_id, questions in surveys:
        key = _rating_key(questions)
        if key is not None:
            by_key.setdefault(key, []).append(survey_id)
    for key, survey_ids in by_key.items():
        _add_ratings(ratings, await _grouped_answers(session, survey_ids, key))
    return Programme(
        distinct_people=totals.distinct_people,
        events_held=totals.events,
        events_by_kind=events_by_kind,
        events_by_governorate=events_by_governorate,
        people_by_governorate=people_by_governorate,
        registered=totals.registered,
        attended=totals.attended,
        average_rating=_average(ratings),
    )


def programme_rows(programme: Programme, language: str = "ar") -> list[list]:
    """Rows for the CSV/XLSX download of the programme figures: a header row first."""
    def t(key: str) -> str:
        return label(f"dashboard-stats-{key}", language)

    rows: list[list[Any]] = [[t("col-figure"), t("col-detail"), t("col-value")]]
    rows += [
        [t("distinct-people"), "", programme.distinct_people],
        [t("events-held"), "", programme.events_held],
        [t("registered"), "", programme.registered],
        [t("attended"), "", programme.attended],
        [t("average-rating"), "", round(programme.average_rating, 2) if programme.average_rating is not None else ""],
    ]
    rows += [[t("events-by-kind"), kind_label(k, language), n] for k, n in programme.events_by_kind]
    rows += [[t("events-by-governorate"), governorate_label(g, language), n]
             for g, n in programme.events_by_governorate]
    rows += [[t("people-by-governorate"), governorate_label(g, language), n]
             for g, n in programme.people_by_governorate]
    return rows


def governorate_label(key: str, language: str) -> str:
    """The catalog name of a stored governorate key (or of the unknown group)."""
    if key == UNKNOWN_GOVERNORATE:
        return label("dashboard-stats-governorate-unknown", language)
    return label(f"gov-{key}", language, key)


def kind_label(key: str, language: str) -> str:
    """The catalog name of a stored event kind."""
    return label(f"kind-{key}", language, key)


def _in_scope(organization_ids: Iterable[int]) -> ColumnElement[bool]:
    # An empty list must match nothing (not everything): IN () is false on both databases.
    return Event.organization_id.in_(list(organization_ids))


def _in_period(start: datetime | None, end: datetime | None) -> ColumnElement[bool]:
    conditions = []
    if start is not None:
        conditions.append(Event.starts_at >= start)
    if end is not None:
        conditions.append(Event.starts_at < end)
    return and_(True, *conditions)


async def _figures_of(
    session: AsyncSession, rows: list[Any], events: ColumnElement[bool], now: datetime
) -> list[EventFigures]:
    """The counts of the given event rows; `events` selects the same events, for the subqueries."""
    if not rows:
        return []
    chosen = select(Event.id).where(events)
    counts: dict[int, dict[str, tuple[int, int]]] = {}
    # Grouped by (event, status) in index order (ix_registrations_event_status): no sort, no CASE per row.
    for event_id, status, n, checked_in in await session.execute(
        select(Registration.event_id, Registration.status, func.count(), func.count(Registration.checked_in_at))
        .where(Registration.event_id.in_(chosen)).group_by(Registration.event_id, Registration.status)
    ):
        counts.setdefault(event_id, {})[status] = (int(n), int(checked_in))
    answers: dict[int, int] = {}
    for event_id, n in await session.execute(
        select(Survey.event_id, func.count()).join(SurveyResponse, SurveyResponse.survey_id == Survey.id)
        .where(Survey.event_id.in_(chosen), SurveyResponse.completed_at.is_not(None)).group_by(Survey.event_id)
    ):
        answers[event_id] = int(n)
    figures = []
    for row in rows:
        by_status = counts.get(row.id, {})
        registered, attended = by_status.get("confirmed", (0, 0))
        waiting = by_status.get("waitlisted", (0, 0))[0]
        rate = (attended / registered if registered else None) if row.starts_at <= now else None
        figures.append(EventFigures(row.id, row.title, row.starts_at, row.status, row.kind, row.governorate,
                                    registered, waiting, attended, answers.get(row.id, 0), rate))
    return figures


def _confirmed_contacts(events: ColumnElement[bool]) -> Select[tuple[int]]:
    """Contact ids of the confirmed registrations at the selected events (repeats included)."""
    return select(Registration.contact_id).where(
        Registration.event_id.in_(select(Event.id).where(events)), Registration.status == "confirmed")


async def _distinct_people(session: AsyncSession, events: ColumnElement[bool]) -> int:
    """How many different contacts hold a confirmed registration at the selected events."""
    return int(await session.scalar(
        _confirmed_contacts(events).with_only_columns(func.count(func.distinct(Registration.contact_id)))
    ) or 0)


def _sum_totals(figures: list[EventFigures], people: int, now: datetime) -> Totals:
    """Totals of the events' figures; the attendance rate only over events that have started."""
    started = [f for f in figures if f.starts_at <= now]
    registered_started = sum(f.registered for f in started)
    rate = sum(f.attended for f in started) / registered_started if registered_started else None
    return Totals(len(figures), sum(f.registered for f in figures), sum(f.attended for f in figures),
                  sum(f.survey_answers for f in figures), people, rate)


def _baghdad_day(session: AsyncSession, column: Any) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "sqlite":
        return func.date(column, "+3 hours")
    return func.date(column + BAGHDAD_OFFSET)


def _as_date(value: Any) -> date:
    # SQLite's date() gives text, PostgreSQL's gives a date.
    return date.fromisoformat(value) if isinstance(value, str) else value


def _most_first(rows: Iterable[Any]) -> list[tuple[str, int]]:
    return sorted(((str(k), int(n)) for k, n in rows), key=lambda kn: (-kn[1], kn[0]))


def _rating_key(questions: list[dict[str, Any]] | None) -> str | None:
    for question in questions or []:
        if question.get("kind") == "rating" and question.get("key"):
            return str(question["key"])
    return None


async def _grouped_answers(session: AsyncSession, survey_ids: list[int], key: str) -> list[tuple[Any, int]]:
    value = SurveyResponse.answers[key].as_string()
    rows = await session.execute(
        select(value, func.count())
        .where(SurveyResponse.survey_id.in_(survey_ids), SurveyResponse.completed_at.is_not(None),
               value.is_not(None))
        .group_by(value)
    )
    return [(v, int(n)) for v, n in rows]


async def _grouped_answer_sets(
    session: AsyncSession, survey_id: int, keys: list[str]
) -> dict[str, list[tuple[Any, int]]]:
    """Per question key, (answer, how many) over the survey's completed responses, in one grouped scan."""
    result: dict[str, Counter[Any]] = {key: Counter() for key in keys}
    if not keys:
        return {}
    values = [SurveyResponse.answers[key].as_string() for key in keys]
    # Grouping by every answer at once reads each response once (instead of once per question).
    for *answers, n in await session.execute(
        select(*values, func.count())
        .where(SurveyResponse.survey_id == survey_id, SurveyResponse.completed_at.is_not(None))
        .group_by(*values)
    ):
        for key, answer in zip(keys, answers, strict=True):
            if answer is not None:
                result[key][answer] += int(n)
    return {key: list(counter.items()) for key, counter in result.items()}


def _add_ratings(ratings: dict[int, int], grouped: list[tuple[Any, int]]) -> None:
    for raw, n in grouped:
        # SQLite returns JSON integers as int, PostgreSQL's ->> returns text.
        try:
            rating = int(raw)
        except (TypeError, ValueError):
            continue
        if rating in ratings:
            ratings[rating] += n


def _average(ratings: dict[int, int]) -> float | None:
    count = sum(ratings.values())
    return sum(r * n for r, n in ratings.items()) / count if count else None


_SPACES = re.compile(r"\s+")


def _normalised_texts(grouped: list[tuple[Any, int]]) -> list[tuple[str, int]]:
    # Light normalisation only: answers differing just in spacing are one answer; wording is kept.
    counter: Counter[str] = Counter()
    for raw, n in grouped:
        text = _SPACES.sub(" ", str(raw)).strip()
        if text:
            counter[text] += n
    return sorted(counter.items(), key=lambda tn: (-tn[1], tn[0]))
