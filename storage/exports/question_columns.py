"""The answered registration questions as columns of the registrations and attendance exports.

One column per question asked at the exported event(s): the standard questions once, then each
event's own. A cell holds the person's answer in the file's language ("Female", "25–34", "I prefer
not to say") or the text they typed; it is empty when they skipped the question. Each column is a
correlated subquery on the indexed contact_answers table, so the export still streams.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.exports.base import Cell, Selection, label
from storage.models import Contact, Event
from storage.models_questions import ContactAnswer
from storage.services.registration_questions import CHOICE, PREFER_NOT, Question, questions_of_events


async def asked_questions(session: AsyncSession, selection: Selection) -> list[Question]:
    """The questions asked at the selection's events (none when no event asks any)."""
    event_ids = list((await session.scalars(select(Event.id).where(selection.event_filter()))).all())
    return await questions_of_events(session, event_ids)


def question_titles(questions: Sequence[Question], lang: str) -> list[str]:
    """Column titles: the short name of a standard question, an own question's wording."""
    return [label(f"rq-short-{q.key}", lang, q.key) if q.standard else q.text for q in questions]


def answer_columns(questions: Sequence[Question]) -> list[Any]:
    """One correlated subquery per question: the contact's stored answer, or NULL."""
    return [
        select(ContactAnswer.answer)
        .where(ContactAnswer.contact_id == Contact.id, ContactAnswer.question == q.key)
        .scalar_subquery()
        for q in questions
    ]


def answer_cells(questions: Sequence[Question], values: Sequence[Any], lang: str) -> list[Cell]:
    """The answers of one row as the file shows them."""
    cells: list[Cell] = []
    for question, value in zip(questions, values, strict=True):
        if value is None:
            cells.append(None)
        elif value == PREFER_NOT:
            cells.append(label("rq-prefer-not", lang))
        elif question.standard and question.kind == CHOICE:
            cells.append(label(f"rq-a-{question.key}-{value}", lang, value))
        else:
            cells.append(str(value))
    return cells
