"""Post-event feedback surveys: the default questions and storing answers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.clock import utcnow
from storage.models import Registration, Survey, SurveyResponse

# Free-text answers longer than this are refused with a clear message (not cut).
MAX_TEXT_ANSWER = 2000


def default_questions() -> list[dict[str, Any]]:
    """The default survey of seed 001's working groups: a 1–5 rating and three open questions."""
    return [
        {"key": "rating", "kind": "rating", "text_key": "survey-q-rating", "required": True},
        {"key": "lessons", "kind": "text", "text_key": "survey-q-lessons", "required": False},
        {"key": "challenges", "kind": "text", "text_key": "survey-q-challenges", "required": False},
        {"key": "plans", "kind": "text", "text_key": "survey-q-plans", "required": False},
    ]


async def get_survey(session: AsyncSession, survey_id: int | None) -> Survey | None:
    """A survey by id; None when missing."""
    return await session.get(Survey, survey_id) if survey_id is not None else None


async def may_answer(session: AsyncSession, survey: Survey, contact_id: int) -> bool:
    """Only people who were registered (confirmed or attended) may answer an event's survey."""
    found = await session.scalar(
        select(Registration.id).where(Registration.event_id == survey.event_id,
                                      Registration.contact_id == contact_id, Registration.status == "confirmed")
    )
    return found is not None


async def response_for(session: AsyncSession, survey: Survey, contact_id: int) -> SurveyResponse:
    """The person's response to the survey, started now if they had none."""
    response = await session.scalar(
        select(SurveyResponse).where(SurveyResponse.survey_id == survey.id, SurveyResponse.contact_id == contact_id)
    )
    if response is None:
        response = SurveyResponse(survey_id=survey.id, contact_id=contact_id, answers={}, current_question=0)
        session.add(response)
        await session.flush()
    return response


def record_answer(survey: Survey, response: SurveyResponse, index: int, value: Any) -> None:
    """Store the answer to question `index` (None = skipped) and move to the next question."""
    question = survey.questions[index]
    answers = dict(response.answers or {})
    if value is None:
        answers.pop(question["key"], None)
    else:
        answers[question["key"]] = value
    response.answers = answers
    response.current_question = index + 1
    if response.current_question >= len(survey.questions):
        response.completed_at = utcnow()


