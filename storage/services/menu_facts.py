"""What a main menu needs to know about the person, in one query: a ticket to show, surveys to answer.

The menu offers "my tickets" only to someone holding a confirmed seat for an event still to come,
and the surveys entry only to someone invited to a survey they have not finished. Asked
separately, the two were two round trips on every menu shown (most messages end with one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, bindparam, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.clock import utcnow
from storage.models import Contact, Delivery, Event, Registration, SurveyResponse


@dataclass(frozen=True, slots=True)
class MenuFacts:
    """Whether the person holds an upcoming ticket, and the surveys they were invited to and not finished."""

    has_ticket: bool
    pending_surveys: list[int] = field(default_factory=list)


# Built once: asked whenever a main menu is shown.
_HAS_TICKET = exists().where(
    Registration.contact_id == bindparam("contact_id"),
    Registration.status == "confirmed",
    Registration.event_id == Event.id,
    Event.status == "published",
    Event.starts_at > bindparam("now"),
)
_FACTS = (
    select(_HAS_TICKET.label("has_ticket"), Delivery.payload)
    .select_from(Contact)
    .outerjoin(Delivery, and_(Delivery.contact_id == Contact.id, Delivery.kind == "survey"))
    .where(Contact.id == bindparam("contact_id"))
)


async def menu_facts(session: AsyncSession, contact_id: int) -> MenuFacts:
    """The person's ticket and survey facts for a main menu (one query; a second only for the invited)."""
    rows = (await session.execute(_FACTS, {"contact_id": contact_id, "now": utcnow()})).all()
    if not rows:
        return MenuFacts(False)
    invited = [p.get("survey_id") for _, p in rows if isinstance(p, dict) and p.get("survey_id")]
    return MenuFacts(bool(rows[0][0]), await _unfinished(session, contact_id, invited) if invited else [])


async def _unfinished(session: AsyncSession, contact_id: int, survey_ids: list[int]) -> list[int]:
    finished = set(
        (
            await session.scalars(
                select(SurveyResponse.survey_id).where(SurveyResponse.contact_id == contact_id,
                                                       SurveyResponse.survey_id.in_(survey_ids),
                                                       SurveyResponse.completed_at.is_not(None))
            )
        ).all()
    )
    return [s for s in survey_ids if s not in finished]
