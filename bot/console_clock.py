"""The terminal chat's simulated clock: `/clock`, `/clock +26h`, `/clock 2026-12-07 12:00`.

The clock starts at the real time and keeps running; moving it forward adds an offset, installed
with storage.clock.set_clock, so the handlers, the scheduler's tick and the sender all see the
simulated time. It never goes back: rows written at a later time would otherwise look like the
future.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from messages import catalog
from messages.formatting import format_date, format_time, parse_baghdad_datetime
from messages.normalize import to_ascii_digits
from scheduler.jobs import MAX_EVENT_LENGTH, MAX_REMINDER_HOURS, SURVEY_MAX_AGE
from storage.models import Broadcast, Event

# One move may not go further than this (a typo such as +3000d, or a year 9999 overflow).
MAX_MOVE = timedelta(days=3660)
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}
_RELATIVE = re.compile(r"([+-])((?:\d{1,7}[dhm])+)", re.ASCII)
_PART = re.compile(r"(\d{1,7})([dhm])", re.ASCII)


class ClockInputError(ValueError):
    """A `/clock` argument that cannot be used; `key` is the catalog message that says why."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _real_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class SimulatedClock:
    """Naive-UTC time as the simulation sees it: a base clock (the real one) plus an offset."""

    def __init__(self, base: Callable[[], datetime] = _real_now) -> None:
        self.base = base
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return self.base() + self.offset

    def move_to(self, moment: datetime) -> None:
        """Jump to `moment` (naive UTC); a moment in the past leaves the clock where it is."""
        if moment > self():
            self.offset = moment - self.base()


def parse_clock_target(text: str, now: datetime) -> datetime:
    """The naive-UTC moment `/clock TEXT` asks for: `+26h`, `+3d`, `+90m`, `+1d2h`, or a Baghdad date and time.

    Raises ClockInputError("console-clock-back") for a moment before `now` (or `-3d`),
    "console-clock-too-far" beyond MAX_MOVE and "console-clock-usage" for anything else.
    """
    cleaned = " ".join(to_ascii_digits(text).split())
    relative = _RELATIVE.fullmatch(cleaned.replace(" ", "").lower())
    if relative is not None:
        sign, parts = relative.groups()
        if sign == "-":
            raise ClockInputError("console-clock-back")
        delta = sum((timedelta(**{_UNITS[unit]: int(amount)}) for amount, unit in _PART.findall(parts)),
                    timedelta(0))
        if delta > MAX_MOVE:
            raise ClockInputError("console-clock-too-far")
        return now + delta
    absolute = parse_baghdad_datetime(cleaned)
    if absolute is None:
        raise ClockInputError("console-clock-usage")
    target = absolute.replace(tzinfo=None)
    if target < now.replace(second=0, microsecond=0):
        raise ClockInputError("console-clock-back")
    if target - now > MAX_MOVE:
        raise ClockInputError("console-clock-too-far")
    # "12:00" typed during the minute 12:00 means now, not a few seconds back.
    return max(target, now)


def simulated_when(moment: datetime) -> str:
    """A naive-UTC moment as the bot shows dates: Baghdad time, Iraqi month names, Arabic-Indic digits."""
    clock, period = format_time(moment)
    return catalog.text("datetime", date=format_date(moment), time=clock, period=catalog.text(f"period-{period}"))


async def checkpoints(session: AsyncSession, start: datetime, end: datetime) -> list[datetime]:
    """The moments strictly between `start` and `end` at which the scheduler would find work.

    Reminder stages, survey moments and scheduled announcements: the chat runs a tick at each of
    them in turn, so a jump of three days delivers the day-before and hour-before reminders at
    their own times, as a scheduler that never stopped would, instead of only the nearest one.
    """
    moments: set[datetime] = set()
    events = (
        await session.execute(
            select(Event.starts_at, Event.duration_minutes, Event.reminder_hours, Event.survey_delay_hours)
            .where(Event.status == "published", Event.starts_at > start - SURVEY_MAX_AGE - MAX_EVENT_LENGTH,
                   Event.starts_at <= end + timedelta(hours=MAX_REMINDER_HOURS))
        )
    ).all()
    for starts_at, duration, reminder_hours, survey_delay in events:
        moments.update(starts_at - timedelta(hours=h) for h in reminder_hours or [])
        moments.add(starts_at + timedelta(minutes=duration or 0, hours=survey_delay or 0))
    moments.update(
        (
            await session.scalars(
                select(Broadcast.scheduled_at)
                .where(Broadcast.status == "scheduled", Broadcast.scheduled_at > start, Broadcast.scheduled_at < end)
            )
        ).all()
    )
    return sorted(moment for moment in moments if start < moment < end)
