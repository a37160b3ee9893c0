"""The .ics file a citizen gets on registering: Baghdad times with the VTIMEZONE RFC 5545 requires."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from handlers.core import BotCore
from storage.models import Registration
from tests.conftest import FakeClock
from tests.helpers import Person, add_event

BAGHDAD_OFFSET = timedelta(hours=3)


async def calendar_file_for(core: BotCore, starts_at: datetime, duration_minutes: int = 120) -> tuple[bytes, str]:
    """Register for an event starting at `starts_at` (naive UTC); the .ics bytes and the ticket code."""
    await add_event(core.db, title="ندوة حوارية حول المشاركة في الانتخابات", starts_at=starts_at,
                    duration_minutes=duration_minutes)
    person = Person(core)
    await person.onboard()
    await person.choose("الفعاليات القادمة")
    await person.choose("ندوة حوارية")
    replies = await person.choose("سجّلني")
    [document] = [r.document for r in replies if r.document is not None and r.document.filename.endswith(".ics")]
    async with core.db.transaction() as session:
        ticket = await session.scalar(select(Registration.ticket_code))
    return document.data, ticket


@pytest.mark.parametrize(
    ("starts_at", "duration", "local_start"),
    [
        (datetime(2026, 12, 5, 7, 0), 120, "20261205T100000"),
        # Starts late on New Year's Eve in Baghdad and runs into the next year.
        (datetime(2026, 12, 31, 19, 30), 180, "20261231T223000"),
    ],
    ids=["ordinary", "across-new-year"],
)
async def test_the_calendar_file_carries_the_baghdad_timezone_it_refers_to(
        core: BotCore, clock: FakeClock, starts_at: datetime, duration: int, local_start: str) -> None:
    data, ticket = await calendar_file_for(core, starts_at, duration)
    text = data.decode()

    # The event says TZID=Asia/Baghdad and the VTIMEZONE of that TZID comes before it.
    assert f"DTSTART;TZID=Asia/Baghdad:{local_start}" in text.replace("\r\n ", "")
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")
    calendar = Calendar.from_ical(data)
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["tzid"]) == "Asia/Baghdad"
    assert calendar.get_missing_tzids() == set()
    offsets = [(part.decoded("tzoffsetfrom"), part.decoded("tzoffsetto")) for part in timezone.walk("STANDARD")]
    assert offsets and all(offset == (BAGHDAD_OFFSET, BAGHDAD_OFFSET) for offset in offsets)
    assert not timezone.walk("DAYLIGHT"), "Iraq has had no daylight saving time since 2008"

    # The VTIMEZONE alone (not the name looked up in a database) gives the right instant.
    [item] = calendar.walk("VEVENT")
    own_rules = timezone.to_tz(lookup_tzid=False)
    start, end = item.decoded("dtstart"), item.decoded("dtend")
    assert start.utcoffset() == BAGHDAD_OFFSET
    assert start.replace(tzinfo=own_rules).utcoffset() == BAGHDAD_OFFSET
    assert end.replace(tzinfo=own_rules).utcoffset() == BAGHDAD_OFFSET
    assert start == starts_at.replace(tzinfo=UTC) and end - start == timedelta(minutes=duration)

    # What RFC 5545 requires of the calendar and the event, and a clean round trip.
    assert (str(calendar["version"]), bool(calendar.get("prodid"))) == ("2.0", True)
    assert all(item.get(name) is not None for name in ("uid", "dtstamp", "dtstart", "summary"))
    assert not calendar.errors and not item.errors and not timezone.errors
    assert ticket in str(item["description"])
    assert Calendar.from_ical(calendar.to_ical()) == calendar
