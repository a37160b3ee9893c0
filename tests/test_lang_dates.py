"""Dates typed in Kurdish and English: month names (CLDR ckb and the usual spellings), weekdays,
today / tomorrow, and the parts of the day; and what the bot itself writes reads back."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from messages import catalog
from messages.dates_input import read_date_time
from messages.formatting import format_date, format_time, locale_of, parse_baghdad_datetime

SUNDAY = date(2026, 12, 6)


@pytest.mark.parametrize(("typed", "meant"), [
    # Kurdish: the month names the bot shows (CLDR) and the spellings people type.
    ("٧ی کانوونی یەکەم ٢٠٢٦ ١٠:٠٠", datetime(2026, 12, 7, 10, 0)),
    ("٧ کانونی یەکەم ٢٠٢٦ کاتژمێر ١٠ی بەیانی", datetime(2026, 12, 7, 10, 0)),
    ("دووشەممە ٧ی کانوونی یەکەم ٢٠٢٦، ٦ی ئێوارە", datetime(2026, 12, 7, 18, 0)),
    ("١٥ی ئازار ٢٠٢٧ ٤ی دوای نیوەڕۆ", datetime(2027, 3, 15, 16, 0)),
    ("٣ شوبات ٢٠٢٧ ١٢ی نیوەڕۆ", datetime(2027, 2, 3, 12, 0)),
    ("٢٠ی تشرینی دووەم ٢٠٢٧ ٩ی شەو", datetime(2027, 11, 20, 21, 0)),
    ("١ی ئەیلوول ٢٠٢٧ ١٨:٣٠", datetime(2027, 9, 1, 18, 30)),
    ("ڕۆژی ١٠ی حوزەیران ٢٠٢٧ لە کاتژمێر ١٧:٠٠", datetime(2027, 6, 10, 17, 0)),
    # Kurdish letters typed with Arabic ones (no ە/ێ/ۆ on the keyboard).
    ("٧ی كانووني يهكهم ٢٠٢٦ ٦ی ئيواره", datetime(2026, 12, 7, 18, 0)),
    # English, day first or month first, ordinals, dotted periods.
    ("7 December 2026 10:00", datetime(2026, 12, 7, 10, 0)),
    ("Monday 7 December 2026, 10:00 am", datetime(2026, 12, 7, 10, 0)),
    ("December 7, 2026 6pm", datetime(2026, 12, 7, 18, 0)),
    ("Dec 7th 2026 at 6 p.m.", datetime(2026, 12, 7, 18, 0)),
    ("the 7th of December 2026 at 12 noon", datetime(2026, 12, 7, 12, 0)),
    ("Sept 1 2027 9 in the evening", datetime(2027, 9, 1, 21, 0)),
    ("1 may 2027 12 midnight", datetime(2027, 5, 1, 0, 0)),
])
def test_a_kurdish_or_english_date_is_read(typed: str, meant: datetime) -> None:
    assert read_date_time(typed).wall == meant


@pytest.mark.parametrize(("typed", "meant"), [
    ("ئەمڕۆ ١٨:٣٠", datetime(2026, 12, 6, 18, 30)),
    ("سبەی ٦ی ئێوارە", datetime(2026, 12, 7, 18, 0)),
    ("سبەینێ کاتژمێر ١٠ی بەیانی", datetime(2026, 12, 7, 10, 0)),
    ("دووسبەی ١٢:٠٠", datetime(2026, 12, 8, 12, 0)),
    ("today at 18:30", datetime(2026, 12, 6, 18, 30)),
    ("tomorrow 6pm", datetime(2026, 12, 7, 18, 0)),
    ("the day after tomorrow at 10 am", datetime(2026, 12, 8, 10, 0)),
    ("غداً الساعة ١٠ صباحاً", datetime(2026, 12, 7, 10, 0)),
    ("باجر ٦ مساءً", datetime(2026, 12, 7, 18, 0)),
    ("بعد غد ١٠ ص", datetime(2026, 12, 8, 10, 0)),
])
def test_today_and_tomorrow_count_from_the_baghdad_date(typed: str, meant: datetime) -> None:
    assert read_date_time(typed, today=SUNDAY).wall == meant


def test_tomorrow_across_the_end_of_a_month_and_a_year() -> None:
    assert read_date_time("سبەی ١٠:٠٠", today=date(2026, 12, 31)).wall == datetime(2027, 1, 1, 10, 0)


@pytest.mark.parametrize(("typed", "problem"), [
    ("سبەی", "time"),                          # a day without a time
    ("tomorrow 7/12/2026 10:00", "format"),   # two dates
    ("سبەی ئەمڕۆ ١٠:٠٠", "format"),            # two days
    ("٧ی کانوونی یەکەم ١٠:٠٠", "year"),        # the year is missing, as in Arabic
    ("٣١ی شوبات ٢٠٢٧ ١٠:٠٠", "day"),
])
def test_what_cannot_be_read_in_kurdish_or_english_says_why(typed: str, problem: str) -> None:
    assert read_date_time(typed, today=SUNDAY).problem == problem


def test_an_early_kurdish_hour_without_a_part_of_the_day_asks_about_the_evening() -> None:
    reading = read_date_time("سبەینێ لە کاتژمێر ٤", today=SUNDAY)
    assert reading.wall == datetime(2026, 12, 7, 4, 0) and reading.maybe_evening


def test_without_today_tomorrow_is_refused_as_a_file_would_have_it() -> None:
    # A file imported later must not move «tomorrow»: only the bot, which passes today, reads it.
    assert read_date_time("tomorrow 10:00").problem == "format"
    assert parse_baghdad_datetime("سبەی ١٠:٠٠") is None


@pytest.mark.parametrize("lang", ["ar", "ckb", "en"])
@pytest.mark.parametrize("month", range(1, 13))
def test_a_date_the_bot_wrote_in_any_language_reads_back(lang: str, month: int) -> None:
    # 07:00 UTC is 10:00 in Baghdad; the bot shows «دووشەممە ٧ کانونی یەکەم ٢٠٢٦» and «١٠:٠٠ بەیانی».
    moment = datetime(2027, month, 7, 7, 0)
    clock, period = format_time(moment, locale_of(lang))
    typed = f"{format_date(moment, locale_of(lang))} {clock} {catalog.text(f'period-{period}', lang)}"
    assert read_date_time(typed).wall == datetime(2027, month, 7, 10, 0), typed


# --- in the conversation: the organiser types «tomorrow» ----------------------------------------


@pytest.fixture
async def organizer(core, clock):  # type: ignore[no-untyped-def]
    """An organiser of an association (the clock stands at 1 December 2026, 12:00 in Baghdad)."""
    from tests.test_staff_events import HOPE, organisation, staff_member

    return await staff_member(core, "100", (await organisation(core, HOPE), "organizer"))


@pytest.mark.parametrize("typed", ["سبەی ٦ی ئێوارە", "tomorrow 6 pm", "غداً ٦ مساءً", "باجر الساعة ٦ م"])
async def test_an_organiser_who_types_tomorrow_gets_tomorrow_at_baghdad_time(core, clock, organizer,  # type: ignore[no-untyped-def]
                                                                          typed: str) -> None:
    from tests.test_staff_events import create_until, state_of

    await create_until(organizer, "starts")
    await organizer.text(typed)
    # 2 December 18:00 in Baghdad is 15:00 UTC; the next question (the duration) follows.
    assert (await state_of(core, organizer))["draft"]["starts_at"] == "2026-12-02T15:00:00"


async def test_just_after_midnight_in_baghdad_tomorrow_is_the_next_baghdad_day(core, clock, organizer) -> None:  # type: ignore[no-untyped-def]
    from tests.test_staff_events import create_until, state_of

    clock.now = datetime(2026, 12, 1, 21, 30)  # 00:30 on 2 December in Baghdad, still 1 December in UTC
    await create_until(organizer, "starts")
    await organizer.text("سبەی ١٠ی بەیانی")
    assert (await state_of(core, organizer))["draft"]["starts_at"] == "2026-12-03T07:00:00"
