"""Read a date and time as organizers type them, or say precisely what is wrong with it.

Pure text handling (no clock, no database): `read_date_time` returns a `DateReading` holding
either the Baghdad wall time that was meant or the reason it cannot be read, so that the bot
can answer "write the year with four digits" instead of "not in the calendar".

Accepted, in ASCII, Arabic-Indic or Persian digits, with any spacing, commas (, ،) and
weekday names around: day first as Iraqis write it («٧/١٢/٢٠٢٦», «٧ / ١٢ / ٢٠٢٦»,
«٧-١٢-٢٠٢٦», «7.12.2026») or year first («2026-12-07»), a two-digit year («٧/١٢/٢٦» is
2026), a month name in Arabic, Kurdish or English («٧ كانون الأول ٢٠٢٦», «٧ی کانوونی یەکەم
٢٠٢٦», «7 December 2026», «December 7th, 2026»), or today / tomorrow / the day after
(«غداً», «باجر», «سبەی», «ئەمڕۆ», «tomorrow»: counted from `today`, which the bot passes; a file
or a caller without it gets "format", since «tomorrow» means nothing later); a 24-hour time
(«18:30»), a 12-hour one with its period («٤:٠٠ م», «١٠ صباحاً», «٢ ظهراً», «٩ ليلاً»,
«٦ی ئێوارە», «6pm», «6 p.m.»), «الساعة ١٠», «کاتژمێر ١٠», and «١٠٫٣٠» or «10.30» for 10:30.
A time from 00:00 to 06:59 without a period is read as typed and flagged
`maybe_evening`: people who write «الساعة ٤» usually mean the afternoon, so the bot asks.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from messages.normalize import normalize_arabic
from messages.normalize_dates import (
    AND_PREFIX,
    ERA_WORDS,
    FILLER_WORDS,
    HOUR_WORDS,
    MONTH_WORDS,
    OF_WORDS,
    PERIOD_WORDS,
    RELATIVE_DAY_WORDS,
)

__all__ = ["PROBLEMS", "DateReading", "read_date_time"]

# Why a text is not a date and time, most specific first in the order they are checked.
PROBLEMS = ("format", "year", "month", "day", "time")
# Longer than any date a person types: refused before any work is done.
MAX_LENGTH = 200
# Hours before 07:00 typed without a period may be meant as the evening.
EVENING_BEFORE = 7

_DATE_SEPARATORS = frozenset("-/.\\\u060d")
# Separators that cannot be a time's: «٧/١٢» is a date without its year, «7.12» may be 7:12.
_PARTIAL_DATE_SEPARATORS = frozenset("-/\\\u060d")
_TIME_SEPARATORS = frozenset(":.\u066b")
_TOKEN = re.compile(r"\d+|[^\W\d_]+|\S", re.UNICODE)
_ISO_T = re.compile(r"(?<=\d)t(?=\d)")
_COMMAS = str.maketrans({",": " ", "\u060c": " ", "\u061b": " ", ";": " "})
# «6 p.m.», «6 a.m»: one word before tokenising (the dots would split it into letters).
_DOTTED_PERIOD = re.compile(r"(?<![^\W\d_])([ap])\.\s?m\b\.?")
# The longest phrase of any table, in words («the day after tomorrow»).
_LONGEST_PHRASE = 4


def _phrases(words: dict) -> dict[tuple[str, ...], object]:
    table: dict[tuple[str, ...], object] = {}
    for meaning, spellings in words.items():
        for spelling in spellings:
            table[tuple(normalize_arabic(spelling).split())] = meaning
    return table


_PERIODS = _phrases(PERIOD_WORDS)
_MONTHS = _phrases(MONTH_WORDS)
_RELATIVE_DAYS = _phrases(RELATIVE_DAY_WORDS)
_HOUR_WORDS = frozenset(w for word in HOUR_WORDS for w in _TOKEN.findall(normalize_arabic(word)) if w.isalpha())
_FILLERS = frozenset(normalize_arabic(w) for w in FILLER_WORDS)
_ERAS = frozenset(normalize_arabic(w) for w in ERA_WORDS)
_OF = frozenset(normalize_arabic(w) for w in OF_WORDS)
_KNOWN_WORDS = (frozenset(w for phrase in (*_PERIODS, *_MONTHS, *_RELATIVE_DAYS) for w in phrase)
                | _HOUR_WORDS | _FILLERS)


@dataclass(frozen=True, slots=True)
class DateReading:
    """What a typed text means: `wall` (naive Baghdad time) or `problem` with its `details`."""

    wall: datetime | None = None
    problem: str | None = None
    details: dict[str, int] = field(default_factory=dict)
    maybe_evening: bool = False

    @property
    def evening(self) -> datetime | None:
        """The same time twelve hours later (the answer to "did you mean the evening?")."""
        return self.wall + timedelta(hours=12) if self.wall is not None else None


@dataclass(slots=True)
class _Found:
    """The pieces collected while reading the tokens."""

    date: tuple[str, str, str | None] | None = None  # day, month, year as typed (year may be missing)
    month_number: int | None = None  # when the month was a name
    time: tuple[str, str, str] | None = None  # hour, minute, second as typed
    bare: list[str] = field(default_factory=list)  # lone numbers: the hour, or noise
    period: str | None = None
    relative_days: int | None = None  # today (0), tomorrow (1), the day after (2)
    extra: bool = False  # a second date or time, or an unknown word


def read_date_time(text: str, today: date | None = None) -> DateReading:
    """Read `text` as a Baghdad date and time; never raises. «Tomorrow» counts from `today` (Baghdad's date)."""
    if not text or len(text) > MAX_LENGTH:
        return DateReading(problem="format")
    key = _ISO_T.sub(" ", normalize_arabic(text).translate(_COMMAS))
    key = _DOTTED_PERIOD.sub(r"\1m", key)
    found = _scan(_TOKEN.findall(key))
    if found.relative_days is not None and found.date is None and not found.extra and today is not None:
        day = today + timedelta(days=found.relative_days)
        found.date = (str(day.day), str(day.month), str(day.year))
    elif found.relative_days is not None:
        # «tomorrow 7/12/2026» is two dates, nothing to guess between; without `today`, no date at all.
        found.extra = True
    if found.extra or found.date is None:
        return DateReading(problem="format")
    day_text, month_text, year_text = found.date
    year = _year(year_text)
    if year is None:
        return DateReading(problem="year")
    month = found.month_number or int(month_text)
    if not 1 <= month <= 12:
        return DateReading(problem="month", details={"month": min(month, 10**6)})
    day, days = int(day_text), calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return DateReading(problem="day", details={"day": min(day, 10**6), "month": month, "year": year,
                                                   "days": days})
    clock = _clock(found)
    if clock is None:
        return DateReading(problem="time")
    hour, minute, second, ambiguous = clock
    return DateReading(wall=datetime(year, month, day, hour, minute, second), maybe_evening=ambiguous)


def _scan(tokens: list[str]) -> _Found:
    found = _Found()
    after_year = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        just_read_year = False
        if token.isdigit():
            i, just_read_year = _number(tokens, i, found)
        elif token.isalpha():
            i = _word(tokens, i, found, after_year)
        else:
            i += 1  # stray punctuation («-», «؟», brackets) between the parts
        after_year = just_read_year
        if found.extra:
            break
    return found


def _number(tokens: list[str], i: int, found: _Found) -> tuple[int, bool]:
    """Read the number at `i` (a date, a time or a lone number); the next index, and whether a year ended it."""
    nums = tokens[i::2]
    seps = tokens[i + 1::2]
    # day/month/year or year-month-day
    if len(nums) >= 3 and all(n.isdigit() for n in nums[:3]) and all(s in _DATE_SEPARATORS for s in seps[:2]):
        first, second, third = nums[:3]
        year_first = len(first) >= 3
        _set(found, "date", (third, second, first) if year_first else (first, second, third))
        return i + 5, not year_first
    # «٧ كانون الأول ٢٠٢٦», «٧ من كانون الأول ٢٠٢٦», «٧ی کانوونی یەکەم», «7th of December»
    at = i + 1
    while at < len(tokens) and at <= i + 2 and tokens[at] in _OF:
        at += 1
    month = _phrase(tokens, at, _MONTHS)
    if month is not None:
        number, width = month
        return _month_name_date(tokens, found, tokens[i], int(number), at + width)  # type: ignore[call-overload]
    if len(nums) >= 2 and nums[1].isdigit() and seps[:1] and seps[0] in _PARTIAL_DATE_SEPARATORS:
        _set(found, "date", (nums[0], nums[1], None))  # «٧/١٢»: the year is missing
        return i + 3, False
    if len(nums) >= 2 and nums[1].isdigit() and seps[:1] and seps[0] in _TIME_SEPARATORS:
        if len(nums) >= 3 and nums[2].isdigit() and seps[1:2] == [":"] and seps[0] == ":":
            _set(found, "time", (nums[0], nums[1], nums[2]))
            return i + 5, False
        _set(found, "time", (nums[0], nums[1], "00"))
        return i + 3, False
    found.bare.append(tokens[i])
    return i + 1, False


def _word(tokens: list[str], i: int, found: _Found, after_year: bool) -> int:
    """Read the word (or two-word phrase) at `i`; the next index."""
    token = tokens[i]
    if after_year and token in _ERAS:
        return i + 1
    relative = _phrase(tokens, i, _RELATIVE_DAYS)
    if relative is not None:
        days, width = relative
        if found.relative_days is not None:
            found.extra = True
        found.relative_days = int(days)  # type: ignore[call-overload]
        return i + width
    month = _phrase(tokens, i, _MONTHS)
    if month is not None:
        # «December 7, 2026», «Dec 7th»: the month name first, the day right after it (one or two digits).
        number, width = month
        at = i + width
        if at < len(tokens) and tokens[at].isdigit() and len(tokens[at]) <= 2:
            end = at + 1
            while end < len(tokens) and tokens[end] in _OF:
                end += 1
            return _month_name_date(tokens, found, tokens[at], int(number), end)[0]  # type: ignore[call-overload]
    period = _phrase(tokens, i, _PERIODS)
    if period is not None:
        meaning, width = period
        if found.period not in (None, meaning):
            found.extra = True
        found.period = str(meaning)
        return i + width
    if token in _HOUR_WORDS or token in _FILLERS or token == AND_PREFIX:
        return i + 1
    if token.startswith(AND_PREFIX) and token[1:] in _KNOWN_WORDS:
        tokens[i] = token[1:]  # «والساعة» is «و» + «الساعة»
        return _word(tokens, i, found, after_year)
    found.extra = True
    return i + 1


def _month_name_date(tokens: list[str], found: _Found, day: str, month: int, end: int) -> tuple[int, bool]:
    """Record a date written with a month name; the index after it (and its year), and whether a year ended it."""
    # Only four digits make a year here: in «٧ كانون الأول ١٠ صباحاً» the ١٠ is the hour.
    year = tokens[end] if end < len(tokens) and tokens[end].isdigit() and len(tokens[end]) == 4 else None
    _set(found, "date", (day, "0", year))
    found.month_number = month
    return (end + 1, True) if year is not None else (end, False)


def _phrase(tokens: list[str], i: int, table: dict[tuple[str, ...], object]) -> tuple[object, int] | None:
    """The meaning of the longest phrase of `table` starting at token `i`, and how many words it took."""
    for width in range(_LONGEST_PHRASE, 0, -1):
        words = tuple(tokens[i:i + width])
        if len(words) == width and words in table:
            return table[words], width
    return None


def _set(found: _Found, name: str, value: object) -> None:
    if getattr(found, name) is not None:
        found.extra = True  # two dates, or two times: not something to guess between
    setattr(found, name, value)


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    if len(text) == 2:
        return 2000 + int(text)
    if len(text) == 4 and int(text) >= 1:
        return int(text)
    return None


def _clock(found: _Found) -> tuple[int, int, int, bool] | None:
    """Hour, minute, second and whether it may be meant as the evening; None when unreadable."""
    if found.time is not None:
        if found.bare:
            return None
        hour_text, minute_text, second_text = found.time
    elif len(found.bare) == 1:
        hour_text, minute_text, second_text = found.bare[0], "00", "00"
    else:
        return None
    if len(hour_text) > 2 or len(minute_text) != 2 or len(second_text) != 2:
        return None
    hour, minute, second = int(hour_text), int(minute_text), int(second_text)
    if minute > 59 or second > 59:
        return None
    hour = _twenty_four(hour, found.period)
    if hour is None:
        return None
    return hour, minute, second, found.period is None and hour < EVENING_BEFORE


def _twenty_four(hour: int, period: str | None) -> int | None:
    """The 24-hour hour of `hour` said with `period` (am, pm, noon, night or nothing)."""
    if period is None:
        return hour if hour <= 23 else None
    if hour > 12:
        # «١٦:٠٠ م» is consistent; «١٦:٠٠ ص» is not.
        return hour if period in ("pm", "noon") and hour <= 23 else None
    if period == "am":
        return 0 if hour == 12 else hour
    if period == "night":
        # «١٢ ليلاً» is midnight, «٢ ليلاً» after it, «٩ ليلاً» the evening.
        return 0 if hour == 12 else hour if hour < 6 else hour + 12
    if hour == 0:
        return None
    if period == "noon":
        # «١٢ ظهراً» is noon and «٢ ظهراً» 14:00; «١١ ظهراً» is late morning.
        return hour if hour >= 11 else hour + 12
    return 12 if hour == 12 else hour + 12
