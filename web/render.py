"""What templates need to speak the viewer's language: catalog text, digits, dates, labels of stored keys.

Every word on the page comes from messages/<lang>/ (dashboard.ftl and the bot's own keys for
governorates, kinds, roles and statuses); digits and dates go through messages/formatting.py,
so Arabic pages show Iraqi month names and Arabic-Indic digits exactly as the bot writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

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
from storage.services.donor_summary import suppressed


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
        return catalog.text(key, self.lang, **args)

    def maybe(self, key: str, fallback: str, **args: Any) -> str:
        """A catalog entry if it exists, else `fallback` (a stored key nobody named yet)."""
        return self.t(key, **args) if catalog.has_message(key) else fallback

    def number(self, value: int | None) -> str:
        """A count in the viewer's digits (Arabic-Indic for ar and ckb)."""
        return format_number(int(value or 0), self.locale)

    def people(self, count: int) -> str:
        """A count of people as the donor summary shows it: "fewer than 5" for a group of 1-4, else the number."""
        shown = suppressed(int(count or 0), self.lang)
        return shown if isinstance(shown, str) else self.number(shown)

    def decimal(self, value: float | None, places: int = 1) -> str:
        """A rating or average with one decimal in the viewer's digits; «—» when there is none."""
        if value is None:
            return "—"
        text = format_decimal(round(value, places), format="0." + "0" * places, locale=self.locale)
        return localise_digits(text, self.locale)

    def percent(self, rate: float | None) -> str:
        """A rate (0..1) as a whole percentage in the viewer's digits; a dash when there is none."""
        if rate is None:
            return "—"
        return localise_digits(format_percent(rate, locale=self.locale), self.locale)

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
        clock, period = format_time(moment, self.locale)
        return self.t("dash-date-time", date=format_date(moment, self.locale), time=clock,
                      period=self.t(f"period-{period}"))

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
