"""Reminders 24 h and 1 h before, in Baghdad time, through the outbox — with a clock the test moves."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from scheduler.jobs import run_tick
from scheduler.sender import Sender
from storage.models import Delivery, Event
from storage.services.event_changes import cancel_event, move_event
from tests.channels import RecordingChannel
from tests.helpers import Person, add_event


async def _registered(core, clock, starts_at: datetime, who: str = "1", **event_fields):  # type: ignore[no-untyped-def]
    event_id = await add_event(core.db, starts_at=starts_at, **event_fields)
    person = Person(core, who)
    await person.onboard()
    await person.text("الفعاليات")
    await person.choose("ندوة")
    await person.choose("سجّلني")
    assert "تم تسجيلك" in person.texts
    return event_id, person


async def _tick_and_send(core, channel: RecordingChannel) -> int:  # type: ignore[no-untyped-def]
    await run_tick(core.db)
    return await Sender(core, {"console": channel}).drain()


async def test_reminder_is_sent_24h_before_in_baghdad_time(core, clock) -> None:
    # 07:00 UTC is 10:00 in Baghdad (UTC+3 all year).
    await _registered(core, clock, datetime(2026, 12, 7, 7, 0))
    channel = RecordingChannel()
    clock.now = datetime(2026, 12, 6, 6, 59)
    assert await _tick_and_send(core, channel) == 0
    clock.now = datetime(2026, 12, 6, 7, 0)
    await _tick_and_send(core, channel)
    [reminder] = channel.to("1")
    assert "تذكير" in reminder.text
    assert "الاثنين ٧ كانون الأول ٢٠٢٦، الساعة ١٠:٠٠ صباحاً" in reminder.text
    labels = [o.label for o in reminder.replies[0].options]
    assert any("سأحضر" in label for label in labels) and any("لن أتمكن" in label for label in labels)
    assert reminder.purpose == "reminder"
    clock.now = datetime(2026, 12, 7, 6, 0)
    await _tick_and_send(core, channel)
    assert len(channel.to("1")) == 2
    assert "بعد ساعة" in channel.to("1")[1].text


async def test_reminder_across_midnight_shows_the_baghdad_date(core, clock) -> None:
    # 21:30 UTC on 7 Dec is 00:30 on Tuesday 8 Dec in Baghdad.
    await _registered(core, clock, datetime(2026, 12, 7, 21, 30))
    channel = RecordingChannel()
    clock.now = datetime(2026, 12, 6, 21, 30)
    await _tick_and_send(core, channel)
    [reminder] = channel.to("1")
    assert "الثلاثاء ٨ كانون الأول ٢٠٢٦، الساعة ١٢:٣٠ فجراً" in reminder.text


async def test_late_registration_gets_only_the_one_hour_reminder(core, clock) -> None:
    starts = clock.now + timedelta(hours=3)
    await _registered(core, clock, starts)
    channel = RecordingChannel()
    await _tick_and_send(core, channel)
    assert channel.to("1") == []
    clock.now = starts - timedelta(hours=1)
    await _tick_and_send(core, channel)
    clock.now += timedelta(minutes=30)
    await _tick_and_send(core, channel)
    assert len(channel.to("1")) == 1
    assert "بعد ساعة" in channel.to("1")[0].text


async def test_cancelled_registration_gets_no_reminder(core, clock) -> None:
    starts = clock.now + timedelta(days=3)
    _, person = await _registered(core, clock, starts)
    await person.text("تسجيلاتي")
    await person.choose("إلغاء")
    await person.choose("نعم")
    channel = RecordingChannel()
    for hours in (24, 1):
        clock.now = starts - timedelta(hours=hours)
        await _tick_and_send(core, channel)
    assert channel.sent == []


async def test_moved_event_reschedules_reminders_and_tells_registrants(core, clock) -> None:
    starts = clock.now + timedelta(days=3)
    event_id, _ = await _registered(core, clock, starts)
    channel = RecordingChannel()
    new_start = starts + timedelta(days=2)
    async with core.db.transaction() as session:
        event = await session.get(Event, event_id)
        assert await move_event(session, event, new_start) == 1
    await _tick_and_send(core, channel)
    [notice] = channel.to("1")
    assert "تغيّر موعد" in notice.text
    clock.now = starts - timedelta(hours=24)  # the old reminder moment: nothing
    await _tick_and_send(core, channel)
    assert len(channel.to("1")) == 1
    clock.now = new_start - timedelta(hours=24)
    await _tick_and_send(core, channel)
    assert len(channel.to("1")) == 2 and "تذكير" in channel.to("1")[1].text


async def test_cancelled_event_sends_a_notice_instead_of_reminders(core, clock) -> None:
    starts = clock.now + timedelta(days=3)
    event_id, _ = await _registered(core, clock, starts)
    channel = RecordingChannel()
    async with core.db.transaction() as session:
        await cancel_event(session, await session.get(Event, event_id))
    for moment in (clock.now, starts - timedelta(hours=24), starts - timedelta(hours=1)):
        clock.now = moment
        await _tick_and_send(core, channel)
    assert [("أُلغيت" in m.text) for m in channel.to("1")] == [True]


async def test_restarting_the_scheduler_sends_nothing_twice(core, clock) -> None:
    starts = clock.now + timedelta(days=2)
    await _registered(core, clock, starts)
    channel = RecordingChannel()
    clock.now = starts - timedelta(hours=24)
    for _ in range(3):
        # Each loop is a fresh scheduler and sender, as after a restart.
        await _tick_and_send(core, channel)
    assert len(channel.to("1")) == 1
    async with core.db.transaction() as session:
        rows = (await session.scalars(select(Delivery).where(Delivery.kind == "reminder"))).all()
    assert [r.state for r in rows] == ["sent"]


async def test_reminders_due_during_downtime_are_sent_if_still_useful(core, clock) -> None:
    starts = clock.now + timedelta(days=2)
    await _registered(core, clock, starts)
    channel = RecordingChannel()
    # Down from before the 24 h moment until 2 h before the event: one reminder, late but useful.
    clock.now = starts - timedelta(hours=2)
    await _tick_and_send(core, channel)
    assert len(channel.to("1")) == 1 and "تذكير" in channel.to("1")[0].text


async def test_reminder_queued_before_downtime_is_not_sent_after_the_event_started(core, clock) -> None:
    starts = clock.now + timedelta(days=2)
    await _registered(core, clock, starts)
    channel = RecordingChannel()
    clock.now = starts - timedelta(minutes=30)
    await run_tick(core.db)  # queued, then the sender was down until after the start
    clock.now = starts + timedelta(minutes=5)
    await Sender(core, {"console": channel}).drain()
    assert channel.sent == []
    async with core.db.transaction() as session:
        states = {r.state for r in (await session.scalars(select(Delivery).where(Delivery.kind == "reminder")))}
    assert states == {"cancelled"}


async def test_event_with_no_reminders_configured_sends_none(core, clock) -> None:
    starts = clock.now + timedelta(days=2)
    await _registered(core, clock, starts, reminder_hours=[])
    channel = RecordingChannel()
    for hours in (24, 1):
        clock.now = starts - timedelta(hours=hours)
        await _tick_and_send(core, channel)
    assert channel.sent == []
