"""Dates, times and numbers the Iraqi way, from Babel's CLDR data.

The database stores UTC; everything shown to people is Asia/Baghdad wall time (UTC+3, no
daylight saving since 2008) with the locale's own digits (Arabic-Indic for ``ar_IQ``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.numbers import format_decimal

from messages.dates_input import read_date_time

__all__ = [
    "BAGHDAD",
    "DAY_PERIODS",
    "baghdad_now",
    "day_period",
    "format_date",
    "format_number",
    "format_time",
    "localise_digits",
    "locale_of",
    "parse_baghdad_datetime",
    "to_arabic_digits",
    "to_baghdad",
    "to_utc",
]

BAGHDAD = ZoneInfo("Asia/Baghdad")
DEFAULT_LOCALE = "ar_IQ"
# The CLDR locale of each catalog language (messages/<lang>/): ar_IQ has the Iraqi month names
# and Arabic-Indic digits; ckb (Sorani) its own month names and, by default, Arabic-Indic digits;
# en Gregorian month names and Western digits.
LANGUAGE_LOCALES = {"ar": "ar_IQ", "ckb": "ckb", "en": "en"}

_ASCII_DIGITS = "0123456789"
# Babel tells which numbering system a locale uses ("arab" for ar_IQ) and formats with that
# system's symbols, but it always emits ASCII digits and ships no digit table, so the zero
# of each numbering system is needed here (CLDR numberingSystems.xml; digits are contiguous).
_NUMBERING_SYSTEM_ZERO = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0"}

_TO_ARABIC_INDIC = str.maketrans(_ASCII_DIGITS, "٠١٢٣٤٥٦٧٨٩")

_DATE_PATTERN = "EEEE d MMMM y"
_TIME_PATTERN = "h:mm"


@lru_cache(maxsize=32)
def _digit_table(locale: str) -> dict[int, str]:
    """Translation table from ASCII digits to the default digits of ``locale``."""
    system = Locale.parse(locale).default_numbering_system
    zero = _NUMBERING_SYSTEM_ZERO.get(system, "0")
    return str.maketrans(_ASCII_DIGITS, "".join(chr(ord(zero) + i) for i in range(10)))


def locale_of(lang: str | None) -> str:
    """The Babel locale for a catalog language ("en" → "en"); unknown languages get Arabic's."""
    return LANGUAGE_LOCALES.get(lang or "", DEFAULT_LOCALE)


def localise_digits(text: str, locale: str = DEFAULT_LOCALE) -> str:
    """Write the ASCII digits of ``text`` in the default digits of ``locale`` (Arabic-Indic for ar_IQ and ckb)."""
    return text.translate(_digit_table(locale))


_localise_digits = localise_digits


def to_arabic_digits(text: str) -> str:
    """Replace ASCII digits with Arabic-Indic ones (٠١٢٣٤٥٦٧٨٩), e.g. for ticket numbers in text."""
    return text.translate(_TO_ARABIC_INDIC)


@lru_cache(maxsize=16)
def _babel_locale(locale: str) -> Locale:
    # Babel parses a locale string on every call; a page of figures formats hundreds of values.
    return Locale.parse(locale)


@lru_cache(maxsize=8192)
def format_number(n: int, locale: str = DEFAULT_LOCALE) -> str:
    """Format a count for display: ``1234`` → «١٬٢٣٤» in ar_IQ, "1,234" in en."""
    formatted = format_decimal(n, locale=_babel_locale(locale), numbering_system="default")
    return _localise_digits(formatted, locale)


def to_baghdad(dt: datetime) -> datetime:
    """Convert to Baghdad wall time; a naive datetime is taken as UTC, as the database stores it."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(BAGHDAD)


def to_utc(dt: datetime) -> datetime:
    """Convert to an aware UTC datetime for storing; a naive datetime is taken as already UTC."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def baghdad_now(clock: Callable[[], datetime] | None = None) -> datetime:
    """The current Baghdad time; ``clock`` (returning an aware or UTC-naive now) is for tests."""
    now = clock() if clock is not None else datetime.now(UTC)
    return to_baghdad(now)


def format_date(dt: datetime, locale: str = DEFAULT_LOCALE) -> str:
    """Show the Baghdad date of ``dt``: «السبت ٧ كانون الأول ٢٠٢٤» in ar_IQ.

    Weekday and month names come from Babel's CLDR data for ``locale`` (ar_IQ has the Iraqi
    month names كانون الثاني … كانون الأول); digits are the locale's own.
    """
    return _format_day(to_baghdad(dt).date(), locale)


@lru_cache(maxsize=4096)
def _format_day(day: date, locale: str) -> str:
    text = babel_format_date(day, _DATE_PATTERN, locale=_babel_locale(locale))
    return _localise_digits(text, locale)


def day_period(hour: int, minute: int) -> str:
    """The part of the day a Baghdad wall time falls in, as Iraqis name it: the ``period-…`` catalog key suffix.

    morning 06:00–11:59 (صباحاً), noon 12:00–14:59 (ظهراً), afternoon 15:00–17:59 (عصراً),
    evening 18:00–23:59 (مساءً), midnight at 00:00 exactly (منتصف الليل), night 00:01–05:59
    (فجراً). «فجراً» rather than «بعد منتصف الليل» for the small hours: it is how Arabic news and
    people write them («الثانية فجراً»), and it is short enough for a 20-character WhatsApp button
    («لا، ٤:٠٠ فجراً»). English says am/pm and Kurdish has its own word for each part.
    """
    if hour == 0 and minute == 0:
        return "midnight"
    if hour < 6:
        return "night"
    if hour < 12:
        return "morning"
    if hour < 15:
        return "noon"
    if hour < 18:
        return "afternoon"
    return "evening"


# Every value day_period returns; each is a catalog key ``period-<value>`` in every language.
DAY_PERIODS = ("morning", "noon", "afternoon", "evening", "midnight", "night")


def format_time(dt: datetime, locale: str = DEFAULT_LOCALE) -> tuple[str, str]:
    """Show the Baghdad time of ``dt`` on a 12-hour clock with its part of the day: ("١٠:٠٠", "morning").

    The part of the day (see day_period) is returned as a key so that the caller takes its word
    from the message catalog (``period-morning`` → صباحاً, ``period-noon`` → ظهراً …) instead of
    CLDR's terse «ص» / «م», which cannot tell noon from evening.
    """
    local = to_baghdad(dt)
    return _format_wall_time(local.hour, local.minute, locale)


@lru_cache(maxsize=4096)
def _format_wall_time(hour: int, minute: int, locale: str) -> tuple[str, str]:
    text = babel_format_time(time(hour, minute), _TIME_PATTERN, locale=_babel_locale(locale))
    return _localise_digits(text, locale), day_period(hour, minute)


def parse_baghdad_datetime(text: str) -> datetime | None:
    """Read a date and time typed as Baghdad time; return it in UTC, or None when it cannot be read.

    Everything messages.dates_input reads is accepted («2026-12-07 10:00», «٧/١٢/٢٠٢٦ ١٠:٠٠»,
    «٧ / ١٢ / ٢٦ ٤ م», «الساعة ١٠ …», in any digits), day first for slashed dates as Iraqis write
    them. A time before 07:00 without ص/م is taken as typed: a file means what it says; the bot
    asks about the evening itself. For why a text was refused, use read_date_time.
    """
    reading = read_date_time(text)
    if reading.wall is None:
        return None
    try:
        return reading.wall.replace(tzinfo=BAGHDAD).astimezone(UTC)
    except OverflowError:  # «0001-01-01 01:00» is before the first UTC day Python can hold
        return None
