"""Per-event surveys (issue 15): an organisation's saved surveys, chosen per event, answered and exported.

Choosing a saved survey copies its questions into the event, so what people are asked never
changes under them; the conversation handles several choices (toggle, then done), short and
long text, and keeps the old rules: typed skip / later / menu words are never stored as answers.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from handlers.core import BotCore
from scheduler.jobs import run_tick
from scheduler.sender import Sender
from storage.exports import Selection, render
from storage.models import Event, SurveyResponse
from storage.services import saved_surveys as service
from storage.services.saved_surveys import SurveyInputError, SurveyLocked, make_question
from storage.services.staff import add_organization
from tests.channels import RecordingChannel
from tests.conftest import FakeClock
from tests.helpers import Person, add_event

HOPE = "جمعية المثال الأولى"
OTHER = "مركز المشاركة المجتمعي في ميسان"
TOPICS = ["قانون الانتخابات", "دور المرأة في المشاركة السياسية", "الحوكمة المحلية", "حقوق النازحين"]
WORKSHOP_QUESTIONS = [
    make_question(1, "rating", "كيف تقيّم الورشة؟", required=True),
    make_question(2, "multi", "ما المواضيع التي تريد التوسع فيها؟", TOPICS),
    make_question(3, "short", "من أي قضاء جئت؟"),
    make_question(4, "long", "ما مقترحاتك لتحسين الورش القادمة؟"),
    make_question(5, "choice", "هل كانت مدة الورشة مناسبة؟", ["قصيرة", "مناسبة", "طويلة"]),
]


async def organisation(core: BotCore, name: str = HOPE) -> int:
    async with core.db.transaction() as session:
        return (await add_organization(session, name)).id


async def save(core: BotCore, organization_id: int, name: str = "استبيان الورشة",
               questions: list[dict] | None = None) -> int:
    async with core.db.transaction() as session:
        saved = await service.create_saved(session, organization_id, name, questions or WORKSHOP_QUESTIONS,
                                           actor="test")
        return saved.id


async def choose(core: BotCore, event_id: int, saved_id: int | None) -> None:
    async with core.db.transaction() as session:
        event = await session.get(Event, event_id)
        saved = await service.get_saved(session, event.organization_id, saved_id) if saved_id else None
        await service.choose_for_event(session, event, saved, actor="test")


async def event_questions(core: BotCore, event_id: int) -> list[dict]:
    async with core.db.transaction() as session:
        return await service.event_questions(session, event_id)


async def attended(core: BotCore, clock: FakeClock, organization_id: int, *people: Person,
                   title: str = "ورشة عمل: الانتخابات المحلية") -> int:
    """An event of the organisation that `people` registered for and whose survey invitation went out."""
    event_id = await add_event(core.db, title=title, starts_at=clock.now + timedelta(days=1), capacity=None,
                               organization_id=organization_id)
    for person in people:
        await person.onboard()
        await person.text("الفعاليات")
        await person.choose(title.split(":")[0])
        await person.choose("سجّلني")
    return event_id


async def invite(core: BotCore, clock: FakeClock) -> None:
    clock.advance(days=1, hours=4, minutes=1)
    await run_tick(core.db)
    await Sender(core, {"console": RecordingChannel()}).drain()


async def the_answers(core: BotCore) -> dict:
    async with core.db.transaction() as session:
        response = await session.scalar(select(SurveyResponse))
        return dict(response.answers) if response is not None else {}


async def feedback_rows(core: BotCore, selection: Selection) -> list[list[str]]:
    async with core.db.transaction() as session:
        result = await render(session, "feedback", "csv", selection, actor="test:coordinator")
    return list(csv.reader(io.StringIO(result.data.decode("utf-8-sig"))))


# --- choosing -------------------------------------------------------------------------------------


async def test_a_chosen_survey_is_copied_so_later_changes_never_reach_the_event(core: BotCore, clock) -> None:
    hope = await organisation(core)
    saved_id = await save(core, hope)
    event_id = await add_event(core.db, starts_at=clock.now + timedelta(days=3), organization_id=hope)
    assert [q["key"] for q in await event_questions(core, event_id)] == ["rating", "lessons", "challenges", "plans"]
    await choose(core, event_id, saved_id)
    assert await event_questions(core, event_id) == WORKSHOP_QUESTIONS
    async with core.db.transaction() as session:
        saved = await service.get_saved(session, hope, saved_id)
        saved.questions = WORKSHOP_QUESTIONS[:1]
    assert await event_questions(core, event_id) == WORKSHOP_QUESTIONS, "the event keeps its copy"
    await choose(core, event_id, None)
    assert [q["key"] for q in await event_questions(core, event_id)][0] == "rating"
    async with core.db.transaction() as session:
        assert (await session.get(Event, event_id)).saved_survey_id is None


async def test_deleting_a_saved_survey_leaves_the_events_that_chose_it_their_questions(core: BotCore, clock) -> None:
    hope = await organisation(core)
    saved_id = await save(core, hope)
    event_id = await add_event(core.db, starts_at=clock.now + timedelta(days=3), organization_id=hope)
    await choose(core, event_id, saved_id)
    async with core.db.transaction() as session:
        assert await service.delete_saved(session, hope, saved_id, actor="test")
    async with core.db.transaction() as session:
        assert (await session.get(Event, event_id)).saved_survey_id is None
        assert await service.list_saved(session, hope) == []
    assert await event_questions(core, event_id) == WORKSHOP_QUESTIONS


async def test_an_organisation_cannot_see_or_use_another_organisations_survey(core: BotCore, clock) -> None:
    hope, other = await organisation(core), await organisation(core, OTHER)
    saved_id = await save(core, other)
    event_id = await add_event(core.db, starts_at=clock.now + timedelta(days=3), organization_id=hope)
    async with core.db.transaction() as session:
        assert await service.get_saved(session, hope, saved_id) is None
        assert await service.list_saved(session, hope) == []
        assert not await service.delete_saved(session, hope, saved_id, actor="test")
        foreign = await service.get_saved(session, other, saved_id)
        with pytest.raises(ValueError):
            await service.choose_for_event(session, await session.get(Event, event_id), foreign, actor="test")
    # The same name is free in another organisation, taken in the same one.
    await save(core, hope)
    with pytest.raises(SurveyInputError) as taken:
        await save(core, hope)
    assert taken.value.problem.code == "name-taken"


async def test_the_survey_cannot_change_once_the_invitations_went_out(core: BotCore, clock) -> None:
    hope = await organisation(core)
    saved_id = await save(core, hope)
    event_id = await attended(core, clock, hope, Person(core, "1"))
    await invite(core, clock)
    with pytest.raises(SurveyLocked):
        await choose(core, event_id, saved_id)
    assert [q["key"] for q in await event_questions(core, event_id)][0] == "rating"


def test_the_rules_of_a_question_are_checked() -> None:
    with pytest.raises(SurveyInputError) as few:
        make_question(1, "choice", "هل كانت المدة مناسبة؟", ["نعم"])
    assert few.value.problem.code == "choice-count"
    with pytest.raises(SurveyInputError) as repeated:
        make_question(1, "multi", "ما المواضيع؟", ["أ", "ب", "أ"])
    assert repeated.value.problem.code == "choice-repeated"
    with pytest.raises(SurveyInputError) as stray:
        make_question(1, "short", "من أين جئت؟", ["بغداد", "البصرة"])
    assert stray.value.problem.code == "choices-not-allowed"
    assert service.split_choices("قصيرة، مناسبة، طويلة") == ["قصيرة", "مناسبة", "طويلة"]
    assert service.split_choices("نعم، بالتأكيد\nلا") == ["نعم، بالتأكيد", "لا"]


# --- answering ------------------------------------------------------------------------------------


async def open_survey(core: BotCore, clock: FakeClock) -> tuple[Person, int]:
    hope = await organisation(core)
    saved_id = await save(core, hope)
    person = Person(core, "1")
    event_id = await attended(core, clock, hope, person)
    await choose(core, event_id, saved_id)
    await invite(core, clock)
    await person.text("القائمة")
    await person.choose("استبيان بانتظارك")
    assert "السؤال ١ من ٥" in person.texts
    await person.choose("٥ ⭐")
    assert "ما المواضيع التي تريد التوسع فيها؟" in person.texts
    return person, event_id


async def test_several_choices_are_ticked_and_unticked_then_done(core: BotCore, clock) -> None:
    person, _ = await open_survey(core, clock)
    await person.choose("الحوكمة المحلية")
    assert person.replies[0].replace, "the question is redrawn in place with its marks"
    assert "✅ الحوكمة المحلية" in [o.label for o in person.replies[0].options]
    await person.choose("قانون الانتخابات")
    await person.choose("✅ الحوكمة المحلية")  # untick
    await person.choose("حقوق النازحين")
    await person.choose("تم (٢)")
    assert "من أي قضاء جئت؟" in person.texts
    assert (await the_answers(core))["q2"] == ["قانون الانتخابات", "حقوق النازحين"]


async def test_several_choices_can_be_typed_as_numbers(core: BotCore, clock) -> None:
    person, _ = await open_survey(core, clock)
    await person.text("كلام غير مفهوم")
    assert "لم أفهم اختيارك" in person.texts
    await person.text("١ و٣")
    assert (await the_answers(core))["q2"] == ["قانون الانتخابات", "الحوكمة المحلية"]


async def test_short_and_long_text_have_their_own_limits_and_words_are_never_answers(core: BotCore, clock) -> None:
    person, event_id = await open_survey(core, clock)
    await person.text("تخطي")
    assert "من أي قضاء جئت؟" in person.texts, "typed skip skipped the several-choices question"
    await person.text("ق" * 201)
    assert "الحد الأقصى" in person.texts, "a short answer has a short limit"
    await person.text("قضاء المجر الكبير")
    assert "ما مقترحاتك لتحسين الورش القادمة؟" in person.texts
    await person.text("لاحقاً")
    assert "استبيان بانتظارك" in [o.label for r in person.replies for o in r.options]
    await person.choose("استبيان بانتظارك")
    long_answer = "ورش أطول في الأقضية البعيدة. " * 40
    await person.text(long_answer)
    assert "هل كانت مدة الورشة مناسبة؟" in person.texts
    await person.text("القائمة")
    await person.choose("استبيان بانتظارك")
    await person.text("٢")
    assert "شكراً لك" in person.texts
    answers = await the_answers(core)
    assert answers == {"q1": 5, "q3": "قضاء المجر الكبير", "q4": long_answer, "q5": "مناسبة"}
    assert not {"تخطي", "لاحقاً", "القائمة"} & {str(v) for v in answers.values()}


async def test_the_export_has_one_column_per_question_of_each_events_survey(core: BotCore, clock) -> None:
    person, event_id = await open_survey(core, clock)
    await person.choose("قانون الانتخابات")
    await person.choose("حقوق النازحين")
    await person.choose("تم")
    await person.text("قضاء المجر الكبير")
    await person.choose("تخطي")
    await person.choose("طويلة")
    rows = await feedback_rows(core, Selection(event_id=event_id))
    assert rows[0][3:] == [q["text"] for q in WORKSHOP_QUESTIONS]
    assert rows[1][3:] == ["5", "قانون الانتخابات، حقوق النازحين", "قضاء المجر الكبير", "", "طويلة"]


async def test_two_surveys_with_the_same_keys_get_separate_columns_over_a_period(core: BotCore, clock) -> None:
    hope = await organisation(core)
    first = await save(core, hope, "استبيان أ", [make_question(1, "short", "ما اسم منظمتك؟")])
    second = await save(core, hope, "استبيان ب", [make_question(1, "short", "ما عمرك؟")])
    events = []
    for number, saved_id in ((1, first), (2, second)):
        person = Person(core, str(number))
        event_id = await attended(core, clock, hope, person, title=f"ورشة عمل رقم {number}: المشاركة")
        await choose(core, event_id, saved_id)
        events.append((person, event_id))
    await invite(core, clock)
    for (person, _), answer in zip(events, ("منظمة الأمل", "٢٣"), strict=True):
        await person.text("القائمة")
        await person.choose("استبيان بانتظارك")
        await person.text(answer)
    rows = await feedback_rows(core, Selection(since=clock.now.date() - timedelta(days=3)))
    assert rows[0][-2:] == ["ما اسم منظمتك؟", "ما عمرك؟"]
    by_event = {row[0]: row[-2:] for row in rows[1:]}
    assert by_event == {"ورشة عمل رقم 1: المشاركة": ["منظمة الأمل", ""], "ورشة عمل رقم 2: المشاركة": ["", "٢٣"]}


async def test_an_old_done_button_after_leaving_the_question_asks_again(core: BotCore, clock) -> None:
    person, _ = await open_survey(core, clock)
    await person.choose("الحوكمة المحلية")
    done = person.option_id("تم (١)")
    await person.text("القائمة")
    await person.choose_id(done)
    assert "ما المواضيع التي تريد التوسع فيها؟" in person.texts, "the question again, not skipped"
    assert "q2" not in await the_answers(core)
    await person.choose("حقوق النازحين")
    await person.choose("تم (١)")
    assert (await the_answers(core))["q2"] == ["حقوق النازحين"]
    await person.choose_id(done)
    assert "من أي قضاء جئت؟" in person.texts, "a button of a question already answered shows where they are"
