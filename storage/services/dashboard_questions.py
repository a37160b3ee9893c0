"""Who registered for one event, by their answers to the standard registration questions (dashboard).

Counted in the database (one grouped query), over the event's confirmed registrations, and only
for an event of the viewer's organisations. Each person counts once; no answer and «prefer not
to say» are both "not said". The page shows these counts through donor_summary.suppressed, so a
group of 1-4 people is never shown as a number.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Event, Registration
from storage.models_questions import ContactAnswer, EventQuestions
from storage.services.donor_summary import NOT_SAID
from storage.services.registration import CONFIRMED
from storage.services.registration_questions import STANDARD


@dataclass(frozen=True, slots=True)
class QuestionBreakdown:
    """One standard choice question: (answer code or "not_said", people) in the question's order."""

    key: str
    groups: list[tuple[str, int]]


def choice_questions(asked: list[str] | None) -> list[str]:
    """The standard questions with answer codes (not short text) among `asked`, in the standard order."""
    chosen = set(asked or [])
    return [key for key, choices in STANDARD.items() if choices and key in chosen]


async def registered_by_answer(session: AsyncSession, organization_ids: list[int],
                               event_id: int) -> list[QuestionBreakdown]:
    """Registered people of one event of these organisations by their answers; [] when it asked none."""
    config = await session.scalar(
        select(EventQuestions).join(Event, Event.id == EventQuestions.event_id)
        .where(EventQuestions.event_id == event_id, Event.organization_id.in_(organization_ids)))
    keys = choice_questions(config.standard if config is not None else None)
    if not keys:
        return []
    registered = (Registration.event_id == event_id) & (Registration.status == CONFIRMED)
    total = await session.scalar(select(func.count(distinct(Registration.contact_id))).where(registered)) or 0
    rows = await session.execute(
        select(ContactAnswer.question, ContactAnswer.answer, func.count(distinct(ContactAnswer.contact_id)))
        .join(Registration, Registration.contact_id == ContactAnswer.contact_id)
        .where(registered, ContactAnswer.question.in_(keys))
        .group_by(ContactAnswer.question, ContactAnswer.answer))
    answered: dict[str, dict[str, int]] = {key: {} for key in keys}
    for question, answer, count in rows.all():
        answered[question][answer] = int(count)
    breakdowns = []
    for key in keys:
        codes = STANDARD[key] or ()
        groups = [(code, answered[key].get(code, 0)) for code in codes]
        # Whoever gave no usable answer (none, «prefer not», or a code no longer offered) is "not said".
        groups.append((NOT_SAID, int(total) - sum(count for _, count in groups)))
        breakdowns.append(QuestionBreakdown(key, groups))
    return breakdowns


__all__ = ["QuestionBreakdown", "choice_questions", "registered_by_answer"]
