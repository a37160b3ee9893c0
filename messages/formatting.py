"""Dates, times and numbers the Iraqi way, from Babel's CLDR data.

The database stores UTC; everything shown to people is Asia/Baghdad wall time (UTC+3, no
daylight saving since 2008) with the locale's own digits (Arabic-Indic for ``ar_IQ``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.numbers import format_decimal

__all__ = [
    "BAGHDAD",
    "baghdad_now",
    "format_date",
    "format_number",
    "format_time",
    "parse_baghdad_datetime",
    "to_arabic_digits",
    "to_baghdad",
    "to_utc",
]

BAGHDAD = ZoneInfo("Asia/Baghdad")
DEFAULT_LOCALE = "ar_IQ"

_ASCII_DIGITS = "0123456789"
# Babel tells which numbering system a locale uses ("arab" for ar_IQ) and formats with that
# system's symbols, but it always emits ASCII digits and ships no digit table, so the zero
# of each numbering system is needed here (CLDR numberingSystems.xml; digits are contiguous).
_NUMBERING_SYSTEM_ZERO = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0"}

_TO_ARABIC_INDIC = str.maketrans(_ASCII_DIGITS, "٠١٢٣٤٥٦٧٨٩")
# Input side: people type Arabic-Indic or Persian digits; kept local rather than imported from
# handlers so that messages/ does not depend on handlers/.
_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", _ASCII_DIGITS * 2)
# Bidi and zero-width marks that phones insert around digits in right-to-left text.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\ufeff",
    )
)

_DATE_PATTERN = "EEEE d MMMM y"
_TIME_PATTERN = "h:mm"

# «2026-12-07 10:00», «2026/12/07 10:00», «07/12/2026 10:00», «٧/١٢/٢٠٢٦ ١٠:٠٠»; the Arabic
# date separator «؍» is accepted where «/» is.
_SEP = r"[-/.\u060d]"
_TIME = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
_YMD = re.compile(
    rf"(?P<year>\d{{4}}){_SEP}(?P<month>\d{{1,2}}){_SEP}(?P<day>\d{{1,2}})(?:\s+|T){_TIME}", re.ASCII
)
_DMY = re.compile(rf"(?P<day>\d{{1,2}}){_SEP}(?P<month>\d{{1,2}}){_SEP}(?P<year>\d{{4}})\s+{_TIME}", re.ASCII)


@lru_cache(maxsize=32)
def _digit_table(locale: str) -> dict[int, str]:
    """Translation table from ASCII digits to the default digits of ``locale``."""
    system = Locale.parse(locale).default_numbering_system
    zero = _NUMBERING_SYSTEM_ZERO.get(system, "0")
    return str.maketrans(_ASCII_DIGITS, "".join(chr(ord(zero) + i) for i in range(10)))


def _localise_digits(text: str, locale: str) -> str:
    return text.translate(_digit_table(locale))


def to_arabic_digits(text: str) -> str:
    """Replace ASCII digits with Arabic-Indic ones (٠١٢٣٤٥٦٧٨٩), e.g. for ticket numbers in text."""
    return text.translate(_TO_ARABIC_INDIC)


def format_number(n: int, locale: str = DEFAULT_LOCALE) -> str:
    """Format a count for display: ``1234`` → «١٬٢٣٤» in ar_IQ, "1,234" in en."""
    formatted = format_decimal(n, locale=locale, numbering_system="default")
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
    local = to_baghdad(dt)
    text = babel_format_date(local.date(), _DATE_PATTERN, locale=locale)
    return _localise_digits(text, locale)


def format_time(dt: datetime, locale: str = DEFAULT_LOCALE) -> tuple[str, str]:
    """Show the Baghdad time of ``dt`` on a 12-hour clock: ("١٠:٠٠", "am").

    The period is returned as "am" or "pm" so that the caller takes its word (صباحاً / مساءً)
    from the message catalog instead of CLDR's terse «ص» / «م».
    """
    local = to_baghdad(dt)
    wall = time(local.hour, local.minute)
    text = babel_format_time(wall, _TIME_PATTERN, locale=locale)
    return _localise_digits(text, locale), ("am" if local.hour < 12 else "pm")


def parse_baghdad_datetime(text: str) -> datetime | None:
    """Read a date and 24-hour time an organiser typed as Baghdad time; return it in UTC.

    Accepts year-first («2026-12-07 10:00», «2026/12/07 10:00») and, for slashed dates that
    start with the day, day/month/year as Iraqis write it («07/12/2026 10:00»,
    «٧/١٢/٢٠٢٦ ١٠:٠٠»), in ASCII, Arabic-Indic or Persian digits. Returns None for anything
    else, including dates that do not exist such as 31/02/2026.
    """
    cleaned = " ".join(text.translate(_INVISIBLE).translate(_TO_ASCII).split())
    match = _YMD.fullmatch(cleaned) or _DMY.fullmatch(cleaned)
    if match is None:
        return None
    parts = {name: int(value) for name, value in match.groupdict(default="0").items()}
    try:
        wall = datetime(
            parts["year"],
            parts["month"],
            parts["day"],
            parts["hour"],
            parts["minute"],
            parts["second"],
            tzinfo=BAGHDAD,
        )
        return wall.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
