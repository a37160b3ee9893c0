"""The survey exporters: every response with one column per question, and the rating summary per event.

Free text is exported exactly as typed (the writers keep it from turning into a formula);
ratings are counted in SQL, and only complete responses count in the summary.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from messages import catalog
from storage.exports.base import (
    RATINGS,
    Cell,
    Exporter,
    Selection,
    Summary,
    baghdad,
    event_column,
    label,
    stream_rows,
    titles,
)
from storage.models import Event, Survey, SurveyResponse


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


async def survey_summary(session: AsyncSession, survey: SurveyInfo, lang: str = catalog.DEFAULT_LANGUAGE) -> Summary:
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
    counts = _choice_tally(summary)
    counters = choice_counters(survey, lang) if counts is not None else []
    if counts is not None and counters:
        count_choices(counts, counters, {})
        # Several choices live in one JSON list: counted here, one complete response at a time.
        query = (select(SurveyResponse.answers)
                 .where(SurveyResponse.survey_id == survey.id, SurveyResponse.completed_at.is_not(None))
                 .order_by(SurveyResponse.survey_id, SurveyResponse.contact_id))
        async for (answers,) in stream_rows(session, query):
            count_choices(counts, counters, answers or {})
    return summary


async def selection_summary(session: AsyncSession, selection: Selection) -> Summary:
    """The totals over every survey in the selection."""
    total = Summary()
    for survey in await surveys_in(session, selection):
        total.add(await survey_summary(session, survey, selection.lang))
    return total


def _column_id(question: dict[str, Any]) -> tuple[str, str]:
    # Built-in questions are one column in every survey (their catalog key); an organisation's own
    # question is its key and wording, so «q1» of two different surveys gets two columns.
    return str(question.get("key")), str(question.get("text_key") or question.get("text") or "")


def _question_columns(surveys: list[SurveyInfo]) -> list[dict[str, Any]]:
    # A period may span surveys with different questions: the union, in first-seen order.
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for survey in surveys:
        for question in survey.questions:
            seen.setdefault(_column_id(question), question)
    return list(seen.values())


def _survey_columns(survey: SurveyInfo, columns: list[dict[str, Any]]) -> list[str | None]:
    # For each export column, the answer key this survey stores it under (None: not asked by this survey).
    own = {_column_id(q) for q in survey.questions}
    return [str(q.get("key")) if _column_id(q) in own else None for q in columns]


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
    if kind == "multi":
        # Several choices in one cell, in the survey's order, joined like any list of the export.
        separator = label("export-list-separator", lang, ", ")
        return lambda value: separator.join(map(str, value)) if isinstance(value, list) and value else None
    return _free_text


def _choice_tally(tally: Summary | None) -> dict[str, dict[str, int]] | None:
    # Summary.choices (question title -> answer -> complete responses) is added by the request in
    # notes/requests/surveys.md; without it nothing is tallied and the summary sheet shows ratings only.
    return getattr(tally, "choices", None) if tally is not None else None


def choice_counters(survey: SurveyInfo, lang: str) -> list[tuple[str, str, list[str]]]:
    """The survey's choice questions as (answer key, column title, choices in order), for tallies."""
    return [(str(q.get("key")), question_title(q, lang), [str(c) for c in q.get("choices") or []])
            for q in survey.questions if q.get("kind") in ("choice", "multi")]


def count_choices(counts: dict[str, dict[str, int]], counters: list[tuple[str, str, list[str]]],
                  answers: dict[str, Any]) -> None:
    """Add one complete response's choice answers (each ticked choice once) to `counts`."""
    for key, title, choices in counters:
        row = counts.setdefault(title, {})
        for choice in choices:
            row.setdefault(choice, 0)
        value = answers.get(key)
        for picked in value if isinstance(value, list) else [value] if value not in (None, "") else []:
            row[str(picked)] = row.get(str(picked), 0) + 1


class FeedbackExporter(Exporter):
    """One row per survey response (complete or not), one column per question."""

    identifier = "feedback"
    name_key = "export-name-feedback"
    has_summary = True

    async def header(self, session: AsyncSession, selection: Selection) -> list[str]:
        """Fixed columns, then each question's text."""
        questions = _question_columns(await surveys_in(session, selection))
        fixed = titles(event_column(selection) + ("response-status", "started-at", "completed-at"), selection.lang)
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
        converters = [answer_converter(q, lang) for q in questions]
        many = selection.spans_events
        counts = _choice_tally(tally)
        for survey in surveys:
            rated = rating_key(survey)
            pairs = list(zip(_survey_columns(survey, questions), converters, strict=True))
            counters = choice_counters(survey, lang) if counts is not None else []
            if counts is not None:
                count_choices(counts, counters, {})  # every choice listed, even if nobody picked it
            # Ordered by the unique (survey_id, contact_id) index: no sort of the whole survey in SQL.
            query = (
                select(SurveyResponse.started_at, SurveyResponse.completed_at, SurveyResponse.answers)
                .where(SurveyResponse.survey_id == survey.id)
                .order_by(SurveyResponse.survey_id, SurveyResponse.contact_id)
            )
            async for started, completed, answers in stream_rows(session, query):
                answers = answers or {}
                if tally is not None:
                    tally.count(completed is not None, _as_rating(answers.get(rated)) if rated else None)
                if counts is not None and completed is not None:
                    count_choices(counts, counters, answers)
                cells: list[Cell] = [
                    done if completed else pending, baghdad(started), baghdad(completed),
                    *[None if key is None else convert(answers.get(key)) for key, convert in pairs],
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
        fixed = titles(("event", "event-date", "complete", "in-progress", "average"), lang)
        return fixed + [catalog.text("export-col-rating-n", lang, n=r) for r in RATINGS]

    async def rows(
        self, session: AsyncSession, selection: Selection, tally: Summary | None = None
    ) -> AsyncIterator[list[Cell]]:
        """One aggregated row per survey (there are few: no streaming needed beyond this)."""
        for survey in await surveys_in(session, selection):
            totals = await survey_summary(session, survey, selection.lang)
            if tally is not None:
                tally.add(totals)
            average = None if totals.average is None else round(totals.average, 2)
            yield [survey.event_title, baghdad(survey.event_starts_at), totals.complete, totals.in_progress,
                   average, *(totals.distribution[r] for r in RATINGS)]

    async def count(self, session: AsyncSession, selection: Selection) -> int:
        """Number of surveys in the selection."""
        query = select(func.count()).select_from(Survey).join(Event, Event.id == Survey.event_id)
        return await session.scalar(query.where(selection.event_filter())) or 0
