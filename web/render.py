"""What templates need to speak the viewer's language: catalog text, digits, dates, labels of stored keys.

Every word on the page comes from messages/<lang>/ (dashboard.ftl and the bot's own keys for
governorates, kinds, roles and statuses); digits and dates go through messages/formatting.py,
so Arabic pages show Iraqi month names and Arabic-Indic digits exactly as the bot writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.numbers import format_decimal, format_percent

from messages import bidi, catalog
from messages.formatting import (
    BAGHDAD,
    format_date,
    format_number,
    format_time,
    locale_of,
    localise_digits,
    to_baghdad,
)
from storage.services.dashboard_stats import governorate_label, kind_label
from storage.services.donor_summary import shown_count, suppressed


# A page of 200 events formats the same words, rates and dates again and again: Fluent and Babel
# cost 50-500 us a call, the lookups below about 1 us (bench/dashboard_bench.py, overview page).
# The catalog does not change while the process runs, so a rendered text never goes stale.
@lru_cache(maxsize=4096)
def _plain_text(key: str, lang: str) -> str:
    return catalog.text(key, lang)


@lru_cache(maxsize=16)
def babel_locale(locale: str) -> Locale:
    """The parsed Babel locale (parsing a locale string on every call is most of Babel's cost)."""
    return Locale.parse(locale)


@lru_cache(maxsize=4096)
def _maybe(key: str, fallback: str, lang: str) -> str:
    return _plain_text(key, lang) if catalog.has_message(key) else fallback


@lru_cache(maxsize=8192)
def _percent(rate: float, locale: str) -> str:
    return localise_digits(format_percent(rate, locale=babel_locale(locale)), locale)


@lru_cache(maxsize=8192)
def _decimal(value: float, places: int, locale: str) -> str:
    text = format_decimal(round(value, places), format="0." + "0" * places, locale=babel_locale(locale))
    return localise_digits(text, locale)


@lru_cache(maxsize=4096)
def _when(moment: datetime, lang: str, locale: str) -> str:
    clock, period = format_time(moment, locale)
    return catalog.text("dash-date-time", lang, date=format_date(moment, locale), time=clock,
                        period=_plain_text(f"period-{period}", lang))


@dataclass(frozen=True, slots=True)
class Speaker:
    """The catalog and formatting of one language, handed to templates as `say`."""

    lang: str

    @property
    def locale(self) -> str:
        """The Babel locale (ar → ar_IQ)."""
        return locale_of(self.lang)

    @property
    def direction(self) -> str:
        """"rtl" for Arabic and Kurdish, "ltr" for English."""
        return "rtl" if bidi.is_rtl(self.lang) else "ltr"

    def t(self, key: str, **args: Any) -> str:
        """A catalog entry in the viewer's language."""
        return catalog.text(key, self.lang, **args) if args else _plain_text(key, self.lang)

    def maybe(self, key: str, fallback: str, **args: Any) -> str:
        """A catalog entry if it exists, else `fallback` (a stored key nobody named yet)."""
        if not args:
            return _maybe(key, fallback, self.lang)
        return self.t(key, **args) if catalog.has_message(key) else fallback

    def number(self, value: int | None) -> str:
        """A count in the viewer's digits (Arabic-Indic for ar and ckb)."""
        return format_number(int(value or 0), self.locale)

    def people(self, count: int) -> str:
        """A count of people as the donor summary shows it: "fewer than 5" for a group of 1-4, else the number."""
        shown = suppressed(int(count or 0), self.lang)
        return shown if isinstance(shown, str) else self.number(shown)

    def split_people(self, count: int, hidden: bool) -> str:
        """One group of a split: "fewer than 5", "withheld" (it would give a small group away), or the number."""
        shown = shown_count(int(count or 0), hidden, self.lang)
        return shown if isinstance(shown, str) else self.number(shown)

    def decimal(self, value: float | None, places: int = 1) -> str:
        """A rating or average with one decimal in the viewer's digits; «—» when there is none."""
        if value is None:
            return "—"
        return _decimal(float(value), places, self.locale)

    def percent(self, rate: float | None) -> str:
        """A rate (0..1) as a whole percentage in the viewer's digits; a dash when there is none."""
        if rate is None:
            return "—"
        return _percent(float(rate), self.locale)

    def day(self, moment: datetime | date | None) -> str:
        """The Baghdad date in words: weekday, day, Iraqi month name, year."""
        if moment is None:
            return "—"
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, time(12), BAGHDAD)
        return format_date(moment, self.locale)

    def when(self, moment: datetime | None) -> str:
        """Date and Baghdad time, with the part of the day as Iraqis say it."""
        if moment is None:
            return "—"
        return _when(moment, self.lang, self.locale)

    def iso_day(self, moment: datetime | date | None) -> str:
        """YYYY-MM-DD (Baghdad) for form fields and machine-readable attributes."""
        if moment is None:
            return ""
        if isinstance(moment, datetime):
            return to_baghdad(moment).date().isoformat()
        return moment.isoformat()

    def governorate(self, code: str | None) -> str:
        """A stored governorate code in words."""
        return governorate_label(code, self.lang) if code else "—"

    def kind(self, code: str | None) -> str:
        """A stored event kind in words."""
        return kind_label(code, self.lang) if code else "—"

    def role(self, code: str) -> str:
        """A staff role in words."""
        return self.maybe(f"role-{code}", code)

    def status(self, code: str | None) -> str:
        """An event status (draft, published, cancelled) in words."""
        return self.maybe(f"dash-status-{code}", code or "—") if code else "—"

    def question(self, key: str) -> str:
        """A survey question key in words (the bot's own question text when there is one)."""
        return self.maybe(f"survey-q-{key}", key)
