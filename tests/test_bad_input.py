"""No input breaks the bot: every awkward text through every free-text entry point.

The person always gets a polite reply (never the generic error, never a traceback), and
where the text is stored it is stored exactly as typed.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.console import ConsoleSession
from messages import catalog
from scheduler.jobs import run_tick
from scheduler.sender import Sender
from storage.models import SurveyResponse
from storage.services.surveys import MAX_TEXT_ANSWER
from tests.channels import RecordingChannel
from tests.corpus import corpus
from tests.helpers import Person, add_event

CASES = corpus()
ERROR = catalog.text("error-generic")


def assert_polite(replies, caplog) -> None:  # type: ignore[no-untyped-def]
    assert replies, "no reply at all"
    assert all(ERROR not in r.text for r in replies)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("name", list(CASES))
async def test_any_text_before_consent_gets_the_welcome(core, name: str, caplog) -> None:
    person = Person(core, "p")
    replies = await person.text(CASES[name])
    assert_polite(replies, caplog)
    assert "أوافق" in replies[0].options[0].label


@pytest.mark.parametrize("name", list(CASES))
async def test_any_text_at_the_menu_gets_a_polite_reply(core, name: str, caplog) -> None:
    person = Person(core, "p")
    await person.onboard()
    replies = await person.text(CASES[name])
    assert_polite(replies, caplog)


@pytest.mark.parametrize("name", list(CASES))
async def test_any_invite_code_is_refused_politely(core, name: str, caplog) -> None:
    person = Person(core, "p")
    await person.onboard()
    assert_polite(await person.command("join", CASES[name]), caplog)
    assert_polite(await person.text(f"انضمام {CASES[name]}"), caplog)


@pytest.mark.parametrize("name", list(CASES))
async def test_any_command_payload_is_handled(core, name: str, caplog) -> None:
    person = Person(core, "p")
    await person.onboard()
    assert_polite(await person.command("start", CASES[name]), caplog)


async def test_survey_answers_are_stored_exactly_as_typed(core, clock, caplog) -> None:
    event_id = await add_event(core.db, starts_at=clock.now + timedelta(hours=1), capacity=None)
    assert event_id
    people = {}
    for index, name in enumerate(CASES):
        person = people[name] = Person(core, f"s{index}")
        await person.onboard()
        await person.text("الفعاليات")
        await person.choose("ندوة")
        await person.choose("سجّلني")
    clock.advance(hours=6)
    await run_tick(core.db)
    await Sender(core, {"console": RecordingChannel()}).drain()
    for name, person in people.items():
        await person.text("القائمة")
        await person.choose("استبيان بانتظارك")
        await person.choose("٤ ⭐")
        replies = await person.text(CASES[name])
        assert_polite(replies, caplog)
    async with core.db.transaction() as session:
        responses = {r.contact_id: r for r in (await session.scalars(select(SurveyResponse))).all()}
    for index, (name, typed) in enumerate(CASES.items()):
        text = typed.replace("\x00", "")  # NUL is dropped on the way in (PostgreSQL cannot store it)
        answers = responses[index + 1].answers
        if text.strip() and len(text) <= MAX_TEXT_ANSWER:
            assert answers.get("lessons") == text, name
        else:
            assert "lessons" not in answers, name


@pytest.mark.parametrize("name", list(CASES))
async def test_the_terminal_chat_survives_any_line(core, name: str, caplog) -> None:
    session = ConsoleSession(core, "t")
    for line in ("/start", "1", "1"):
        await session.send(line)
    for line in CASES[name].split("\n") or [""]:
        assert_polite(await session.send(line), caplog)
