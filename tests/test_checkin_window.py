"""The check-in window belongs to each event and the organizer can change it (issue 12, item 10).

By default the door opens two hours before the start; an organizer who edits the event to open
check-in 30 minutes before sees it on the event's card and at the door, and a ticket shown 40
minutes before the start then needs a confirmed override, while 30 minutes before it goes through.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers.core import BotCore
from storage.models import Event
from storage.services.checkin import window
from storage.services.event_admin import EventInputError, check_checkin_opens
from tests.conftest import FakeClock
from tests.helpers import Person
from tests.test_checkin import Door, build_door, open_the_door
from tests.test_checkin_door import TITLE


@pytest.fixture
async def door(core: BotCore, clock: FakeClock) -> Door:
    """The seminar (tomorrow 12:00 Baghdad, two hours) and a citizen holding a ticket for it."""
    return await build_door(core, clock)


async def event_of(door: Door) -> Event:
    async with door.core.db.transaction() as session:
        event = await session.get(Event, door.event_id)
        assert event is not None
        return event


async def open_edit(person: Person) -> None:
    """Menu → panel → my organisation's events → the seminar → edit."""
    await person.text("القائمة")
    await person.choose("لوحة المنظمين")
    await person.choose("فعاليات منظمتي")
    await person.choose(TITLE[:12])
    await person.choose("تعديل")


async def test_the_door_opens_two_hours_before_by_default(door: Door) -> None:
    event = await event_of(door)
    assert event.checkin_opens_minutes_before == 120
    opens, _ = window(event)
    assert event.starts_at - opens == timedelta(hours=2)


async def test_set_to_thirty_minutes_the_door_refuses_forty_minutes_before_and_opens_at_thirty(
        door: Door, clock: FakeClock) -> None:
    organizer = door.people["organizer"]
    await open_edit(organizer)
    await organizer.choose("وقت بدء تسجيل الحضور")
    assert "قبل البدء بساعتين" in organizer.texts, "the current value is shown first"
    await organizer.text("٣٠ دقيقة")
    assert "تم حفظ التعديل" in organizer.texts
    assert "🚪 يُفتح تسجيل الحضور: قبل البدء بـ٣٠ دقيقة" in organizer.texts
    assert (await event_of(door)).checkin_opens_minutes_before == 30

    ticket = (await door.registration()).ticket_code
    clock.now += timedelta(days=1, minutes=-40)  # 11:20 in Baghdad, forty minutes before the start
    await open_the_door(door, organizer)
    assert "الساعة ١١:٣٠ صباحاً" in organizer.texts, "the door says when it opens"
    await organizer.text(ticket)
    assert "لم يبدأ تسجيل الحضور" in organizer.texts
    assert (await door.registration()).checked_in_at is None

    clock.now += timedelta(minutes=10)  # 11:30, thirty minutes before
    await organizer.text(ticket)
    assert "تم تسجيل الحضور" in organizer.texts
    assert (await door.registration()).checked_in_at is not None


async def test_the_window_is_chosen_by_option_and_shown_on_the_card(door: Door) -> None:
    organizer = door.people["organizer"]
    await open_edit(organizer)
    await organizer.choose("وقت بدء تسجيل الحضور")
    await organizer.choose("قبل البدء بساعة")
    assert (await event_of(door)).checkin_opens_minutes_before == 60
    assert "🚪 يُفتح تسجيل الحضور: قبل البدء بساعة" in organizer.texts


@pytest.mark.parametrize(("typed", "problem"), [
    ("بعد قليل", "لم أفهم المدة"), ("٣٠ ساعة", "حتى يوم كامل"), ("-5", "لم أفهم المدة"),
])
async def test_an_impossible_window_is_refused_and_asked_again(door: Door, typed: str, problem: str) -> None:
    organizer = door.people["organizer"]
    await open_edit(organizer)
    await organizer.choose("وقت بدء تسجيل الحضور")
    await organizer.text(typed)
    assert problem in organizer.texts
    assert "قبل كم من بدء الفعالية" in organizer.texts, "the question is asked again"
    assert (await event_of(door)).checkin_opens_minutes_before == 120


def test_the_rule_takes_the_start_itself_up_to_a_day_before() -> None:
    assert check_checkin_opens(0) == 0 and check_checkin_opens(24 * 60) == 24 * 60
    for bad in (-1, 24 * 60 + 1):
        with pytest.raises(EventInputError):
            check_checkin_opens(bad)
