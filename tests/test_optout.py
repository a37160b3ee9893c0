"""Opt-out: «إيقاف» at any time stops announcements, «اشتراك» or /start brings them back,
reminders and surveys stay unless turned off in settings, and linking channels keeps the stop."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from handlers.core import BotCore
from scheduler.jobs import run_tick
from scheduler.sender import Sender
from storage.models import Contact, SurveyResponse
from storage.services import broadcasts
from storage.services.contacts import get_or_create_identity
from storage.services.linking import merge_contacts
from storage.services.staff import add_organization
from tests.channels import RecordingChannel
from tests.helpers import Person, add_event
from tests.test_checkin import contact_id
from tests.test_survey import _attended_event, _invite


async def contact(core: BotCore, person: Person) -> Contact:
    async with core.db.transaction() as session:
        found = await session.get(Contact, await contact_id(core, person))
        assert found is not None
        return found


@pytest.fixture
async def person(core) -> Person:  # type: ignore[no-untyped-def]
    someone = Person(core, "citizen")
    await someone.onboard()
    return someone


@pytest.mark.parametrize("typed", ["إيقاف", "ايقاف", "الغاء الاشتراك", "إلغاء الاشتراك", "stop", "STOP", "/stop",
                                   " إيقـــاف "])
async def test_stop_words_opt_out_in_one_message_that_says_how_to_come_back(core, person: Person, typed: str) -> None:
    await person.text(typed)
    assert (await contact(core, person)).opted_out
    [reply] = person.replies
    assert "تم إيقاف الإعلانات" in reply.text
    assert "«اشتراك»" in reply.text and "/start" in reply.text
    assert "تذكيرات" in reply.text  # reminders and surveys continue, and where to stop them


async def test_the_stop_command_opts_out(core, person: Person) -> None:
    await person.command("stop")
    assert (await contact(core, person)).opted_out
    assert "تم إيقاف الإعلانات" in person.texts


async def test_subscribe_brings_announcements_back(core, person: Person) -> None:
    await person.text("إيقاف")
    await person.text("إيقاف")
    assert "متوقفة لديك مسبقاً" in person.texts
    await person.text("اشتراك")
    assert not (await contact(core, person)).opted_out
    assert "ستصلك إعلانات المنظمات من جديد" in person.texts
    await person.text("الاشتراك")
    assert "مشترك في الإعلانات بالفعل" in person.texts


async def test_the_button_under_the_confirmation_subscribes_again(core, person: Person) -> None:
    await person.text("stop")
    await person.choose("اشتراك")
    assert not (await contact(core, person)).opted_out


async def test_a_bare_start_brings_announcements_back_and_says_so(core, person: Person) -> None:
    await person.text("إيقاف")
    await person.command("start")
    assert not (await contact(core, person)).opted_out
    assert "عادت الإعلانات إليك" in person.texts and "القائمة الرئيسية" in person.texts


async def test_a_start_that_opens_a_link_does_not_subscribe(core, person: Person, clock) -> None:
    event_id = await add_event(core.db, starts_at=clock.now + timedelta(days=2))
    await person.text("إيقاف")
    await person.command("start", f"ev_{event_id}")
    assert (await contact(core, person)).opted_out
    assert "عادت الإعلانات" not in person.texts


async def test_a_stop_word_in_the_middle_of_a_survey_question_is_not_taken_as_the_answer(core, clock) -> None:
    person = Person(core, "1")
    await _attended_event(core, clock, [person])
    await _invite(core, clock, RecordingChannel())
    await person.text("القائمة")
    await person.choose("استبيان بانتظارك")
    await person.choose("٥ ⭐")
    assert "ما أهم الدروس" in person.texts
    await person.text("إيقاف")
    assert "تم إيقاف الإعلانات" in person.texts
    assert (await contact(core, person)).opted_out
    async with core.db.transaction() as session:
        response = await session.scalar(select(SurveyResponse))
    assert "إيقاف" not in response.answers.values()


async def test_opted_out_people_get_no_announcement_but_still_get_their_reminder(core, person: Person, clock) -> None:
    async with core.db.transaction() as session:
        org = (await add_organization(session, "جمعية المثال الأولى")).id
    await add_event(core.db, starts_at=clock.now + timedelta(hours=30), organization_id=org)
    await person.text("الفعاليات")
    await person.choose("ندوة")
    await person.choose("سجّلني")
    me = await contact_id(core, person)
    async with core.db.transaction() as session:
        announcement = await broadcasts.create_draft(session, org, me, "إعلان")
        broadcasts.toggle_segment(announcement, "all")
        # Queued while the person was still subscribed…
        assert await broadcasts.start_sending(session, announcement, actor="test", actor_contact_id=None) == 1
    await person.text("إيقاف")  # …and they stopped before it went out.
    clock.advance(hours=7)
    await run_tick(core.db)  # the 24-hour reminder is due
    channel = RecordingChannel()
    await Sender(core, {"console": channel}).drain()
    assert [m.purpose for m in channel.to("citizen")] == ["reminder"]
    async with core.db.transaction() as session:
        later = await broadcasts.create_draft(session, org, me, "إعلان ثانٍ")
        broadcasts.toggle_segment(later, "all")
        assert await broadcasts.audience_size(session, later) == 0


async def test_reminders_and_surveys_stop_only_when_turned_off_in_settings(core, person: Person, clock) -> None:
    await add_event(core.db, starts_at=clock.now + timedelta(hours=30))
    await person.text("الفعاليات")
    await person.choose("ندوة")
    await person.choose("سجّلني")
    await person.text("الإعدادات")
    await person.choose("إيقاف التذكيرات")
    assert "لن تصلك تذكيرات الفعاليات" in person.texts
    assert (await contact(core, person)).reminders_off
    assert person.option_id("تشغيل التذكيرات")
    assert not (await contact(core, person)).opted_out  # announcements are a separate choice
    clock.advance(hours=7)
    await run_tick(core.db)
    channel = RecordingChannel()
    await Sender(core, {"console": channel}).drain()
    assert channel.sent == []
    await person.choose("تشغيل التذكيرات")
    assert not (await contact(core, person)).reminders_off


async def test_announcements_can_be_switched_in_settings_too(core, person: Person) -> None:
    await person.text("الإعدادات")
    await person.choose("إيقاف الإعلانات")
    assert (await contact(core, person)).opted_out
    await person.choose("تشغيل الإعلانات")
    assert not (await contact(core, person)).opted_out


async def test_linking_two_channels_keeps_the_stop(core) -> None:
    async with core.db.transaction() as session:
        _, on_telegram, _ = await get_or_create_identity(session, "telegram", "501")
        _, on_whatsapp, _ = await get_or_create_identity(session, "whatsapp", "9647701112233")
        on_whatsapp.opted_out = True
        await merge_contacts(session, keep=on_telegram, absorb=on_whatsapp)
        assert on_telegram.opted_out
