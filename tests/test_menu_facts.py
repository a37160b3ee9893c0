"""The main menu learns in one query whether to offer «تذاكري» (an upcoming confirmed seat) and
which surveys wait for the person (invited, not finished): on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, select

from handlers.core import BotCore
from storage.clock import utcnow
from storage.models import Contact, Delivery, Identity, Registration, Survey, SurveyResponse
from storage.services.menu_facts import menu_facts
from tests.helpers import Person, add_event


async def holder_of_a_seat(core: BotCore, days_ahead: int = 2) -> tuple[Person, int]:
    """A citizen who agreed, with a confirmed seat at a seminar `days_ahead` days from now."""
    person = Person(core, "55")
    await person.onboard()
    event_id = await add_event(core.db, starts_at=utcnow() + timedelta(days=days_ahead))
    async with core.db.transaction() as session:
        contact_id = await session.scalar(select(Identity.contact_id).where(Identity.external_id == "55"))
        session.add(Registration(event_id=event_id, contact_id=contact_id, status="confirmed", ticket_code="T55"))
    return person, contact_id


async def invite(core: BotCore, contact_id: int, *, finished: bool) -> int:
    """A survey of a past event the person was invited to (and answered to the end, or not)."""
    event_id = await add_event(core.db, title="ورشة سابقة", starts_at=utcnow() - timedelta(days=3))
    async with core.db.transaction() as session:
        survey = Survey(event_id=event_id, questions=[{"key": "rating", "kind": "rating", "required": True}])
        session.add(survey)
        await session.flush()
        session.add(Delivery(purpose=f"survey:{survey.id}", kind="survey", contact_id=contact_id,
                             payload={"survey_id": survey.id}, state="sent"))
        if finished:
            session.add(SurveyResponse(survey_id=survey.id, contact_id=contact_id, answers={"rating": 5},
                                       current_question=1, completed_at=utcnow()))
        return survey.id


def labels(person: Person) -> list[str]:
    """The labels of the buttons under the last replies."""
    return [option.label for reply in person.replies for option in reply.options]


async def test_a_main_menu_asks_about_tickets_and_surveys_in_one_query(core: BotCore) -> None:
    person, _ = await holder_of_a_seat(core)
    asked: list[str] = []

    def listener(_connection, _cursor, statement, *_rest) -> None:  # type: ignore[no-untyped-def]
        asked.append(statement.upper())

    event.listen(core.db.engine.sync_engine, "before_cursor_execute", listener)
    try:
        await person.text("القائمة")
    finally:
        event.remove(core.db.engine.sync_engine, "before_cursor_execute", listener)
    about = [s for s in asked if "REGISTRATIONS" in s or "DELIVERIES" in s]
    assert len(about) == 1, about
    assert "تذاكري 🎟" in labels(person)


async def test_two_invitations_and_a_ticket_each_count_once(core: BotCore) -> None:
    person, contact_id = await holder_of_a_seat(core)
    answered = await invite(core, contact_id, finished=True)
    waiting = await invite(core, contact_id, finished=False)
    async with core.db.transaction() as session:
        facts = await menu_facts(session, contact_id)
    assert facts.has_ticket is True
    assert facts.pending_surveys == [waiting] and answered not in facts.pending_surveys
    await person.text("القائمة")
    assert "تذاكري 🎟" in labels(person)
    assert [label for label in labels(person) if "استبيان" in label] == ["استبيان بانتظارك"]


async def test_a_past_seat_and_no_invitation_offer_neither(core: BotCore) -> None:
    person, contact_id = await holder_of_a_seat(core, days_ahead=-1)
    async with core.db.transaction() as session:
        facts = await menu_facts(session, contact_id)
        assert await session.get(Contact, contact_id) is not None
    assert (facts.has_ticket, facts.pending_surveys) == (False, [])
    await person.text("القائمة")
    assert "تذاكري 🎟" not in labels(person)
    assert not [label for label in labels(person) if "استبيان" in label]
