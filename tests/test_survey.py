"""The post-event survey: invitations to attendees, answering as a conversation, resume and skip."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from scheduler.jobs import run_tick
from scheduler.sender import Sender
from storage.models import Registration, SurveyResponse
from tests.channels import RecordingChannel
from tests.helpers import Person, add_event

SEED_ANSWER = "تعزيز شراكة المجتمع المدني وأصحاب القرار، ثانيا: تعزيز التنسيق والتواصل ✅ {0} %s"


async def _attended_event(core, clock, people: list[Person], checked_in: set[str] | None = None) -> int:  # type: ignore[no-untyped-def]
    event_id = await add_event(core.db, starts_at=clock.now + timedelta(days=1), capacity=None)
    for person in people:
        await person.onboard()
        await person.text("الفعاليات")
        await person.choose("ندوة")
        await person.choose("سجّلني")
    if checked_in is not None:
        async with core.db.transaction() as session:
            for registration in (await session.scalars(select(Registration))).all():
                if str(registration.contact_id) in checked_in:
                    registration.checked_in_at = clock.now + timedelta(days=1)
    return event_id


async def _invite(core, clock, channel: RecordingChannel) -> None:  # type: ignore[no-untyped-def]
    # The event lasts 2 h; invitations go 2 h after it ends.
    clock.advance(days=1, hours=4, minutes=1)
    await run_tick(core.db)
    await Sender(core, {"console": channel}).drain()


async def test_only_attendees_are_invited_when_someone_was_checked_in(core, clock) -> None:
    people = [Person(core, str(i)) for i in (1, 2)]
    await _attended_event(core, clock, people, checked_in={"1"})
    channel = RecordingChannel()
    await _invite(core, clock, channel)
    assert [m.external_id for m in channel.sent] == ["1"]
    assert "شكراً لمشاركتك" in channel.sent[0].text


async def test_confirmed_registrants_are_invited_when_nobody_was_checked_in(core, clock) -> None:
    people = [Person(core, str(i)) for i in (1, 2)]
    await _attended_event(core, clock, people)
    channel = RecordingChannel()
    await _invite(core, clock, channel)
    assert sorted(m.external_id for m in channel.sent) == ["1", "2"]
    await run_tick(core.db)
    await Sender(core, {"console": channel}).drain()
    assert len(channel.sent) == 2


async def test_survey_is_answered_skipped_and_resumed(core, clock) -> None:
    person = Person(core, "1")
    await _attended_event(core, clock, [person])
    channel = RecordingChannel()
    await _invite(core, clock, channel)
    await person.text("القائمة")
    await person.choose("استبيان بانتظارك")
    assert "السؤال ١ من ٤" in person.texts
    await person.choose("٤ ⭐")
    assert "ما أهم الدروس المستفادة؟" in person.texts
    await person.choose("تخطي")
    assert "ما التحديات التي واجهتها؟" in person.texts
    await person.text(SEED_ANSWER)
    assert "ما مقترحاتك للخطط المستقبلية؟" in person.texts
    # Stops here; later (after a restart, since the place is in the database) resumes from the menu.
    await person.choose("لاحقاً")
    await person.choose("استبيان بانتظارك")
    assert "نكمل الاستبيان" in person.texts and "ما مقترحاتك" in person.texts
    await person.text("  ورش أكثر في ميسان  ")
    assert "شكراً لك" in person.texts
    async with core.db.transaction() as session:
        response = await session.scalar(select(SurveyResponse))
    assert response.completed_at is not None
    assert response.answers == {"rating": 4, "challenges": SEED_ANSWER, "plans": "  ورش أكثر في ميسان  "}
    await person.text("القائمة")
    assert all("استبيان" not in o.label for r in person.replies for o in r.options)


async def test_required_rating_cannot_be_skipped_and_bad_input_is_explained(core, clock) -> None:
    person = Person(core, "1")
    await _attended_event(core, clock, [person])
    await _invite(core, clock, RecordingChannel())
    await person.text("القائمة")
    await person.choose("استبيان بانتظارك")
    assert all("تخطي" not in o.label for r in person.replies for o in r.options)
    await person.text("ممتاز جداً")
    assert "اختر تقييماً من ١ إلى ٥" in person.texts
    await person.text("٥")
    assert "ما أهم الدروس" in person.texts
    await person.text("س" * 2001)
    assert "الحد الأقصى" in person.texts
    await person.text("   ")
    assert "الإجابة فارغة" in person.texts


async def test_one_response_per_person(core, clock) -> None:
    person = Person(core, "1")
    await _attended_event(core, clock, [person])
    channel = RecordingChannel()
    await _invite(core, clock, channel)
    start_id = channel.sent[0].replies[0].options[0].id
    await person.choose_id(start_id)
    for _ in range(1):
        await person.choose("٣ ⭐")
    for _ in range(3):
        await person.choose("تخطي")
    assert "شكراً لك" in person.texts
    await person.choose_id(start_id)
    assert "أجبت على هذا الاستبيان من قبل" in person.texts
    async with core.db.transaction() as session:
        assert len((await session.scalars(select(SurveyResponse))).all()) == 1


async def test_someone_who_was_not_registered_cannot_answer(core, clock) -> None:
    person, stranger = Person(core, "1"), Person(core, "2")
    await _attended_event(core, clock, [person])
    channel = RecordingChannel()
    await _invite(core, clock, channel)
    await stranger.onboard()
    # The survey id is in the person's button; the stranger forges an id for it.
    survey_id = core.codec.decode(1, channel.sent[0].replies[0].options[0].id).args[0]
    await stranger.choose_id(core.codec.encode(2, "sv", survey_id))
    assert "لم يعد متاحاً" in stranger.texts
