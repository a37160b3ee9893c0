"""Surveys an organisation saves and chooses per event (issue 15).

A saved survey is a name and up to eight questions (rating 1–5, one choice, several choices,
short text, long text). Choosing one for an event copies its questions into the event's own
`surveys` row: what people are asked never changes under them, and once invitations went out
(or anyone answered) the event's survey is locked. Every function takes the organisation and
touches only its surveys and events. The rules here are shared by the bot's builder and
`musharaka surveys import`, which word the same problems for their readers.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Event, Survey, SurveyResponse
from storage.models_surveys import SavedSurvey
from storage.services.audit import audit
from storage.services.surveys import default_questions

KINDS = ("rating", "choice", "multi", "short", "long")
CHOICE_KINDS = ("choice", "multi")
TEXT_KINDS = ("short", "long", "text")
MAX_QUESTIONS = 8
NAME_MIN, NAME_MAX = 2, 80
QUESTION_MIN, QUESTION_MAX = 3, 300
CHOICE_MAX = 60
# Seven choices plus done, skip and later stay within a WhatsApp list's ten rows.
CHOICES_MIN, CHOICES_MAX = 2, 7
# Short answers (a name, a word) are refused beyond this; long ones share the default survey's limit.
SHORT_ANSWER_MAX = 200
# How many saved surveys the bot lists on one screen (the CLI lists all).
LIST_LIMIT = 6


@dataclass(frozen=True, slots=True)
class SurveyProblem:
    """One broken rule: a stable code and the numbers that explain it (worded by the caller)."""

    code: str
    args: dict[str, Any] = field(default_factory=dict)


class SurveyInputError(ValueError):
    """The survey (or its name) breaks a rule; `problem` says which."""

    def __init__(self, problem: SurveyProblem) -> None:
        super().__init__(problem.code)
        self.problem = problem


class SurveyLocked(Exception):
    """The event's survey was already sent or answered: it can no longer change."""


def _problem(code: str, **args: Any) -> SurveyProblem:
    return SurveyProblem(code, args)


def name_problems(name: str) -> list[SurveyProblem]:
    """What is wrong with a survey's name (its length)."""
    length = len(name.strip())
    if not NAME_MIN <= length <= NAME_MAX:
        return [_problem("name-length", min=NAME_MIN, max=NAME_MAX, length=length)]
    return []


def text_problems(text: str) -> list[SurveyProblem]:
    """What is wrong with a question's wording."""
    length = len(text.strip())
    if not QUESTION_MIN <= length <= QUESTION_MAX:
        return [_problem("question-length", min=QUESTION_MIN, max=QUESTION_MAX, length=length)]
    return []


def choice_problems(choices: list[str]) -> list[SurveyProblem]:
    """What is wrong with a choice question's answers: their number, length and repeats."""
    found: list[SurveyProblem] = []
    if not CHOICES_MIN <= len(choices) <= CHOICES_MAX:
        found.append(_problem("choice-count", min=CHOICES_MIN, max=CHOICES_MAX, count=len(choices)))
    for number, choice in enumerate(choices, start=1):
        if not 1 <= len(choice) <= CHOICE_MAX:
            found.append(_problem("choice-length", number=number, max=CHOICE_MAX, length=len(choice)))
    seen: set[str] = set()
    for choice in choices:
        if choice in seen:
            found.append(_problem("choice-repeated", choice=choice))
        seen.add(choice)
    return found


def split_choices(text: str) -> list[str]:
    """The choices of one typed message: one per line, or separated by commas (Arabic or Latin) on one line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) == 1:
        lines = [part.strip() for part in lines[0].replace("\u060c", ",").split(",") if part.strip()]
    return lines


def make_question(number: int, kind: str, text: str, choices: Iterable[str] = (), *,
                  required: bool = False) -> dict[str, Any]:
    """A question in the stored shape (key q<number>); SurveyInputError on the first broken rule."""
    if kind not in KINDS:
        raise SurveyInputError(_problem("kind-unknown", kind=kind, kinds=", ".join(KINDS)))
    problems = text_problems(text)
    cleaned = [str(c).strip() for c in choices]
    if kind in CHOICE_KINDS:
        problems += choice_problems(cleaned)
    elif cleaned:
        problems.append(_problem("choices-not-allowed", kind=kind))
    if problems:
        raise SurveyInputError(problems[0])
    question: dict[str, Any] = {"key": f"q{number}", "kind": kind, "text": text.strip(), "required": required}
    if kind in CHOICE_KINDS:
        question["choices"] = cleaned
    return question


def count_problems(count: int) -> list[SurveyProblem]:
    """A survey has one to MAX_QUESTIONS questions."""
    if not 1 <= count <= MAX_QUESTIONS:
        return [_problem("question-count", max=MAX_QUESTIONS, count=count)]
    return []


async def list_saved(session: AsyncSession, organization_id: int) -> list[SavedSurvey]:
    """The organisation's saved surveys by name."""
    query = select(SavedSurvey).where(SavedSurvey.organization_id == organization_id).order_by(SavedSurvey.name)
    return list((await session.scalars(query)).all())


async def get_saved(session: AsyncSession, organization_id: int, saved_id: int | None) -> SavedSurvey | None:
    """One of the organisation's saved surveys by id (None for another organisation's)."""
    if saved_id is None:
        return None
    saved = await session.get(SavedSurvey, saved_id)
    return saved if saved is not None and saved.organization_id == organization_id else None


async def find_saved(session: AsyncSession, organization_id: int, name: str) -> SavedSurvey | None:
    """One of the organisation's saved surveys by its exact name."""
    return await session.scalar(select(SavedSurvey).where(SavedSurvey.organization_id == organization_id,
                                                          SavedSurvey.name == name.strip()))


async def create_saved(session: AsyncSession, organization_id: int, name: str, questions: list[dict[str, Any]],
                       *, actor: str, actor_contact_id: int | None = None) -> SavedSurvey:
    """Save a new survey; SurveyInputError for a bad or taken name or a wrong number of questions."""
    for problem in name_problems(name) + count_problems(len(questions)):
        raise SurveyInputError(problem)
    if await find_saved(session, organization_id, name) is not None:
        raise SurveyInputError(_problem("name-taken", name=name.strip()))
    saved = SavedSurvey(organization_id=organization_id, name=name.strip(), questions=copy.deepcopy(questions))
    session.add(saved)
    await session.flush()
    await audit(session, actor=actor, actor_contact_id=actor_contact_id, action="survey.save",
                organization_id=organization_id, details={"survey": saved.id, "questions": len(questions)})
    return saved


async def delete_saved(session: AsyncSession, organization_id: int, saved_id: int, *, actor: str,
                       actor_contact_id: int | None = None) -> bool:
    """Delete a saved survey; events that chose it keep their copy of its questions."""
    saved = await get_saved(session, organization_id, saved_id)
    if saved is None:
        return False
    await session.execute(update(Event).where(Event.saved_survey_id == saved.id).values(saved_survey_id=None))
    await session.delete(saved)
    await audit(session, actor=actor, actor_contact_id=actor_contact_id, action="survey.delete",
                organization_id=organization_id, details={"survey": saved_id})
    return True


async def is_locked(session: AsyncSession, event: Event) -> bool:
    """Whether the event's survey went out or has answers (then it must not change)."""
    if event.survey_queued_at is not None:
        return True
    answered = await session.scalar(
        select(exists().where(SurveyResponse.survey_id == Survey.id, Survey.event_id == event.id)))
    return bool(answered)


async def choose_for_event(session: AsyncSession, event: Event, saved: SavedSurvey | None, *, actor: str,
                           actor_contact_id: int | None = None) -> None:
    """Give the event a copy of `saved`'s questions (None: the default survey); SurveyLocked once sent."""
    if saved is not None and saved.organization_id != event.organization_id:
        raise ValueError("a survey of another organisation")
    if await is_locked(session, event):
        raise SurveyLocked
    questions = default_questions() if saved is None else copy.deepcopy(saved.questions)
    survey = await session.scalar(select(Survey).where(Survey.event_id == event.id))
    if survey is None:
        session.add(Survey(event_id=event.id, questions=questions))
    else:
        survey.questions = questions
    event.saved_survey_id = None if saved is None else saved.id
    await session.flush()
    await audit(session, actor=actor, actor_contact_id=actor_contact_id, action="survey.choose",
                organization_id=event.organization_id,
                details={"event": event.id, "survey": None if saved is None else saved.id})


async def chosen_for_event(session: AsyncSession, event: Event) -> SavedSurvey | None:
    """The saved survey the event uses (None: the default, or one since deleted)."""
    return await get_saved(session, event.organization_id or 0, event.saved_survey_id)


async def event_questions(session: AsyncSession, event_id: int) -> list[dict[str, Any]]:
    """The questions the event's survey asks (its own copy, else the default)."""
    questions = await session.scalar(select(Survey.questions).where(Survey.event_id == event_id))
    return list(questions) if questions else default_questions()


async def usage_counts(session: AsyncSession, organization_id: int) -> dict[int, int]:
    """How many of the organisation's events use each saved survey."""
    rows = await session.execute(
        select(Event.saved_survey_id, func.count()).where(Event.organization_id == organization_id,
                                                          Event.saved_survey_id.is_not(None))
        .group_by(Event.saved_survey_id))
    return {int(saved_id): int(n) for saved_id, n in rows}
