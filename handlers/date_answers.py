"""Dates typed in a conversation: a precise reason when one cannot be read, and "did you mean the evening?".

The event start (handlers/staff_events.py) and the broadcast time (handlers/broadcasts.py) ask
for a Baghdad date and time, read by messages.dates_input. A time from 00:00 to 06:59 typed
without an am/pm word is kept in the person's state as [as typed, twelve hours later] while the bot asks
whether the evening was meant: the yes option or a typed yes-word takes the evening, the no
option or a no-word the time as typed. The rest of the state (what question it answers) is kept.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from babel.dates import format_date as babel_format_date

from handlers.context import Ctx
from handlers.types import Option, Outbound
from messages.dates_input import DateReading, read_date_time
from messages.formatting import BAGHDAD, DEFAULT_LOCALE, baghdad_now, format_time, localise_digits
from messages.normalize import keyword_match
from storage.clock import utcnow

# State key of a pending evening question: [as typed, evening] as naive-UTC ISO strings.
EVENING = "evening"
# The option argument answering it: the evening (yes) or the time as typed (no).
EVENING_YES, EVENING_NO = "pm", "am"
CHOICES = (EVENING_YES, EVENING_NO)
_TWELVE_HOURS = timedelta(hours=12)


def naive_utc(wall: datetime) -> datetime:
    """Baghdad wall time as naive UTC, the way the database stores times."""
    try:
        return wall.replace(tzinfo=BAGHDAD).astimezone(UTC).replace(tzinfo=None)
    except OverflowError:
        # «0001-01-01 01:00» falls before the first UTC day Python holds: it is in the past anyway.
        return datetime.min


def problem_args(reading: DateReading, locale: str = DEFAULT_LOCALE) -> dict[str, object]:
    """Catalog arguments of a reading's problem: for a day the month lacks, the month's name and length."""
    details = reading.details
    if reading.problem != "day":
        return {}
    month = babel_format_date(date(details["year"], details["month"], 1), "MMMM y", locale=locale)
    return {"day": details["day"], "days": details["days"], "month": localise_digits(month, locale)}


def problem_reply(ctx: Ctx, reading: DateReading, options: list[Option] | None = None) -> Outbound:
    """What is wrong with a typed date, precisely ("write the year with four digits")."""
    return ctx.reply(f"date-error-{reading.problem}", options, **problem_args(reading, ctx.locale))


def remember_evening(ctx: Ctx, typed: datetime) -> None:
    """Keep both readings of an early-morning time in the state, beside the question it answers."""
    state = dict(ctx.contact.state or {})
    state[EVENING] = [typed.isoformat(), (typed + _TWELVE_HOURS).isoformat()]
    ctx.set_state(**state)


def forget_evening(ctx: Ctx) -> None:
    """Drop a pending evening question (a new date was typed instead of an answer)."""
    state = ctx.contact.state or {}
    if EVENING in state:
        ctx.set_state(**{k: v for k, v in state.items() if k != EVENING})


def evening_pending(ctx: Ctx) -> bool:
    """True while the person has been asked "did you mean the evening?"."""
    return EVENING in (ctx.contact.state or {})


def evening_typed(ctx: Ctx, text: str) -> str | None:
    """EVENING_YES / EVENING_NO when a yes- or no-word answers a pending evening question; else None."""
    if not evening_pending(ctx):
        return None
    if keyword_match(text, _words(ctx, "date-kw-evening")):
        return EVENING_YES
    if keyword_match(text, _words(ctx, "date-kw-morning")):
        return EVENING_NO
    return None


def evening_pick(ctx: Ctx, choice: str) -> datetime | None:
    """The moment the answer chose (naive UTC), forgetting the question; None when none is pending."""
    pending = (ctx.contact.state or {}).get(EVENING)
    forget_evening(ctx)
    if not isinstance(pending, list) or len(pending) != 2 or choice not in CHOICES:
        return None
    try:
        return datetime.fromisoformat(pending[0 if choice == EVENING_NO else 1])
    except (TypeError, ValueError):
        return None


def evening_question(ctx: Ctx, typed: datetime, action: str, *args: str | int,
                     extra: list[Option] | None = None) -> Outbound:
    """«You wrote 4:00 — did you mean 4:00 in the evening?» with yes / no options (action, *args, pm|am)."""
    clock, typed_period = format_time(typed, ctx.locale)
    evening_clock, evening_period = format_time(typed + _TWELVE_HOURS, ctx.locale)
    options = [
        ctx.opt("date-evening-yes", action, *args, EVENING_YES, time=evening_clock,
                period=ctx.t(f"period-{evening_period}")),
        ctx.opt("date-evening-no", action, *args, EVENING_NO, time=clock, period=ctx.t(f"period-{typed_period}")),
        *(extra or []),
    ]
    return ctx.reply("date-evening-question", options, time=clock, evening=evening_clock,
                     period=ctx.t(f"period-{evening_period}"))


def typed_moment(ctx: Ctx, text: str, action: str, *args: str | int, extra: list[Option] | None = None,
                 choice: str | None = None) -> datetime | list[Outbound]:
    """The moment (naive UTC) a person typed, or chose by answering the evening question, or the replies instead.

    The replies are a precise problem ("the month is between 1 and 12") or the evening question,
    whose options carry `action`, `args` and pm|am; `extra` options go under either.
    """
    choice = choice or evening_typed(ctx, text)
    if choice is not None:
        moment = evening_pick(ctx, choice)
        return moment if moment is not None else [ctx.reply("option-stale", extra)]
    forget_evening(ctx)
    reading = read_date_time(text, today=baghdad_now(utcnow).date())
    if reading.wall is None:
        return [problem_reply(ctx, reading, extra)]
    typed = naive_utc(reading.wall)
    if reading.maybe_evening:
        remember_evening(ctx, typed)
        return [evening_question(ctx, typed, action, *args, extra=extra)]
    return typed


def _words(ctx: Ctx, key: str) -> list[str]:
    return list(ctx.words(key))  # the person's language, then Arabic
