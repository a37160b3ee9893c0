"""A pending question never swallows a command (issue 12, item 5): skip, later, help, menu, stop and
delete do what they say during the survey and the organizers' questions, and none is stored as an answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from handlers.core import BotCore
from messages import catalog
from scheduler.jobs import run_tick
from scheduler.sender import Sender
from storage.exports import Selection, render
from storage.models import Broadcast, Contact, Event, SurveyResponse
from tests.channels import RecordingChannel
from tests.conftest import FakeClock
from tests.helpers import Person, add_event
from tests.test_staff_events import open_panel_entry, organisation, staff_member

COMMAND_WORDS = ("تخطي", "لاحقاً", "مساعدة", "القائمة", "إيقاف", "حذف بياناتي")


async def in_survey(core: BotCore, clock: FakeClock, channel_name: str = "telegram") -> tuple[Person, int]:
    """A person who attended an event and opened its survey, at question 2 (optional free text)."""
    event_id = await add_event(core.db, starts_at=clock.now + timedelta(days=1), capacity=None)
    person = Person(core, "901", channel=channel_name)
    await person.onboard()
    await person.text("الفعاليات")
    await person.choose("ندوة")
    await person.choose("سجّلني")
    clock.advance(days=1, hours=4, minutes=1)
    await run_tick(core.db)
    await Sender(core, {channel_name: RecordingChannel()}).drain()
    await person.text("القائمة")
    await person.choose("استبيان بانتظارك")
    await person.choose("٤ ⭐")
    assert "ما أهم الدروس المستفادة؟" in person.texts
    return person, event_id


async def answers(core: BotCore) -> dict:
    async with core.db.transaction() as session:
        response = await session.scalar(select(SurveyResponse))
        return dict(response.answers) if response is not None else {}


async def feedback_export(core: BotCore, event_id: int) -> str:
    async with core.db.transaction() as session:
        result = await render(session, "feedback", "csv", Selection(event_id=event_id), actor="test:coordinator")
    return result.data.decode("utf-8-sig")


async def test_typed_skip_and_later_skip_or_postpone_and_are_never_answers(core: BotCore, clock: FakeClock) -> None:
    person, event_id = await in_survey(core, clock)
    await person.text("تخطي")
    assert "ما التحديات التي واجهتها؟" in person.texts, "«تخطي» skipped the optional question"
    await person.text("مساعدة")
    assert catalog.text("help").splitlines()[0] in person.texts
    await person.text("لاحقاً")
    assert catalog.text("pending-postponed") in person.texts
    await person.choose("استبيان بانتظارك")
    assert "ما التحديات التي واجهتها؟" in person.texts, "resumed where it stopped"
    await person.text("تخطى")
    await person.text("ورش أكثر")
    assert "شكراً لك" in person.texts
    stored = await answers(core)
    assert stored["rating"] == 4 and stored["plans"] == "ورش أكثر"
    assert not set(COMMAND_WORDS + ("تخطى",)) & {str(v) for v in stored.values()}
    exported = await feedback_export(core, event_id)
    assert not any(word in exported for word in COMMAND_WORDS)


@pytest.mark.parametrize("word", COMMAND_WORDS)
async def test_each_command_word_during_the_survey_is_not_stored(core: BotCore, clock: FakeClock, word: str) -> None:
    person, event_id = await in_survey(core, clock)
    replies = await person.text(word)
    assert replies, "the person always gets an answer"
    assert word not in {str(v) for v in (await answers(core)).values()}
    assert word not in await feedback_export(core, event_id)
    if word == "إيقاف":
        async with core.db.transaction() as session:
            assert (await session.scalar(select(Contact))).opted_out
    if word == "حذف بياناتي":
        assert "نعم، احذف بياناتي" in [o.label for r in replies for o in r.options]
    if word == "القائمة":
        assert replies[-1].is_main_menu


@pytest.mark.parametrize("word", ["لاحقاً", "مساعدة", "القائمة", "تخطي"])
async def test_command_words_during_event_creation_are_not_taken_as_the_title(core: BotCore, clock: FakeClock,
                                                                            word: str) -> None:
    hope = await organisation(core, "جمعية المثال الأولى")
    organizer = await staff_member(core, "950", (hope, "organizer"))
    await open_panel_entry(organizer, "فعالية جديدة")
    await organizer.text(word)
    async with core.db.transaction() as session:
        contact = await session.scalar(select(Contact).where(Contact.state.is_not(None)).order_by(Contact.id.desc()))
        assert await session.scalar(select(Event)) is None
    draft = (contact.state or {}).get("draft") or {}
    assert word not in {str(v) for v in draft.values()}, "the command word is not the event's title"
    if word == "مساعدة":
        assert catalog.text("help").splitlines()[0] in organizer.texts
    if word == "تخطي":
        assert catalog.text("pending-cannot-skip") in organizer.texts


async def test_later_during_the_check_in_code_question_leaves_it(core: BotCore, clock: FakeClock) -> None:
    person, _ = await in_survey(core, clock)
    async with core.db.transaction() as session:
        contact = await session.scalar(select(Contact))
        contact.state = {"await": "checkin_code", "org": 1, "door": 1}
    replies = await person.text("لاحقاً")
    assert replies[0].text == catalog.text("pending-postponed")
    async with core.db.transaction() as session:
        assert (await session.scalar(select(Contact))).state.get("await") is None


async def test_later_during_the_broadcast_text_question_stores_no_broadcast(core: BotCore, clock: FakeClock) -> None:
    person, _ = await in_survey(core, clock)
    async with core.db.transaction() as session:
        contact = await session.scalar(select(Contact))
        contact.state = {"await": "broadcast_text", "org": 1}
    replies = await person.text("لاحقاً")
    assert replies[0].text == catalog.text("pending-postponed")
    async with core.db.transaction() as session:
        assert await session.scalar(select(Broadcast)) is None
