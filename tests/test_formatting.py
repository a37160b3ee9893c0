"""Dates, times and numbers look the way people in Iraq write them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from messages import catalog
from messages.formatting import (
    BAGHDAD,
    DAY_PERIODS,
    baghdad_now,
    day_period,
    format_date,
    format_number,
    format_time,
    locale_of,
    parse_baghdad_datetime,
    to_arabic_digits,
    to_baghdad,
    to_utc,
)

IRAQI_MONTHS = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
]


def test_ascii_digits_become_arabic_indic() -> None:
    assert to_arabic_digits("تذكرة 2024-0135") == "تذكرة ٢٠٢٤-٠١٣٥"
    assert to_arabic_digits("0123456789") == "٠١٢٣٤٥٦٧٨٩"


@pytest.mark.parametrize(
    ("n", "locale", "expected"),
    [
        (0, "ar_IQ", "٠"),
        (7, "ar_IQ", "٧"),
        (50, "ar_IQ", "٥٠"),
        (1234, "ar_IQ", "١٬٢٣٤"),
        (1234567, "ar_IQ", "١٬٢٣٤٬٥٦٧"),
        (1234, "en", "1,234"),
        (1234, "ckb", "١٬٢٣٤"),
    ],
)
def test_counts_use_the_locales_own_digits(n: int, locale: str, expected: str) -> None:
    assert format_number(n, locale) == expected


@pytest.mark.parametrize(
    ("utc_moment", "expected_date", "expected_time"),
    [
        # The closing session of seed 001: Saturday 7 December 2024, 10:00 in Baghdad.
        (datetime(2024, 12, 7, 7, 0, tzinfo=UTC), "السبت ٧ كانون الأول ٢٠٢٤", ("١٠:٠٠", "morning")),
        # Naive datetimes come from the database, which stores UTC.
        (datetime(2024, 12, 7, 7, 0), "السبت ٧ كانون الأول ٢٠٢٤", ("١٠:٠٠", "morning")),
        (datetime(2024, 12, 7, 12, 0, tzinfo=UTC), "السبت ٧ كانون الأول ٢٠٢٤", ("٣:٠٠", "afternoon")),
        (datetime(2025, 1, 1, 21, 30, tzinfo=UTC), "الخميس ٢ كانون الثاني ٢٠٢٥", ("١٢:٣٠", "night")),
        (datetime(2025, 7, 14, 9, 15, tzinfo=UTC), "الاثنين ١٤ تموز ٢٠٢٥", ("١٢:١٥", "noon")),
    ],
)
def test_event_moment_is_shown_in_baghdad_time(
    utc_moment: datetime, expected_date: str, expected_time: tuple[str, str]
) -> None:
    assert format_date(utc_moment) == expected_date
    assert format_time(utc_moment) == expected_time


def test_reminder_date_is_shown_in_baghdad_time_across_midnight() -> None:
    late_friday_utc = datetime(2024, 12, 6, 22, 30, tzinfo=UTC)
    assert format_date(late_friday_utc) == "السبت ٧ كانون الأول ٢٠٢٤"
    assert format_time(late_friday_utc) == ("١:٣٠", "night")


def test_a_time_given_in_another_zone_is_converted_to_baghdad() -> None:
    london_winter = timezone(timedelta(hours=0))
    berlin = timezone(timedelta(hours=1))
    assert format_time(datetime(2024, 12, 7, 8, 0, tzinfo=berlin)) == ("١٠:٠٠", "morning")
    assert format_time(datetime(2024, 12, 7, 7, 0, tzinfo=london_winter)) == ("١٠:٠٠", "morning")


@pytest.mark.parametrize(
    ("baghdad_hour", "minute", "expected"),
    [
        (0, 30, ("١٢:٣٠", "night")),
        (9, 5, ("٩:٠٥", "morning")),
        (11, 59, ("١١:٥٩", "morning")),
        (12, 15, ("١٢:١٥", "noon")),
        (15, 0, ("٣:٠٠", "afternoon")),
        (23, 0, ("١١:٠٠", "evening")),
    ],
)
def test_times_use_a_twelve_hour_clock_with_a_period(
    baghdad_hour: int, minute: int, expected: tuple[str, str]
) -> None:
    assert format_time(datetime(2025, 3, 1, baghdad_hour, minute, tzinfo=BAGHDAD)) == expected


@pytest.mark.parametrize(("month", "name"), list(enumerate(IRAQI_MONTHS, start=1)))
def test_every_month_has_its_iraqi_name(month: int, name: str) -> None:
    shown = format_date(datetime(2025, month, 15, 9, 0, tzinfo=BAGHDAD))
    assert f"١٥ {name} ٢٠٢٥" in shown


def test_english_dates_use_latin_digits_and_english_names() -> None:
    moment = datetime(2024, 12, 7, 7, 0, tzinfo=UTC)
    assert format_date(moment, "en") == "Saturday 7 December 2024"
    assert format_time(moment, "en") == ("10:00", "morning")


@pytest.mark.parametrize(
    ("utc_moment", "baghdad_hour"),
    [
        (datetime(2026, 1, 15, 7, 0, tzinfo=UTC), 10),  # winter
        (datetime(2026, 7, 15, 7, 0, tzinfo=UTC), 10),  # summer: still +3, Iraq has no DST
    ],
)
def test_baghdad_is_utc_plus_three_all_year(utc_moment: datetime, baghdad_hour: int) -> None:
    local = to_baghdad(utc_moment)
    assert local.hour == baghdad_hour
    assert local.utcoffset() == timedelta(hours=3)


def test_naive_times_are_taken_as_utc_both_ways() -> None:
    naive = datetime(2026, 7, 15, 7, 0)
    assert to_baghdad(naive) == datetime(2026, 7, 15, 10, 0, tzinfo=BAGHDAD)
    assert to_utc(naive) == datetime(2026, 7, 15, 7, 0, tzinfo=UTC)
    assert to_utc(naive).tzinfo is UTC


def test_baghdad_time_is_stored_as_utc() -> None:
    stored = to_utc(datetime(2026, 12, 7, 10, 0, tzinfo=BAGHDAD))
    assert stored == datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
    assert stored.utcoffset() == timedelta(0)


def test_baghdad_now_follows_the_given_clock() -> None:
    now = baghdad_now(lambda: datetime(2026, 3, 1, 22, 0, tzinfo=UTC))
    assert (now.day, now.hour) == (2, 1)
    assert now.tzinfo == BAGHDAD


def test_baghdad_now_without_a_clock_is_the_real_time() -> None:
    before = datetime.now(UTC)
    now = baghdad_now()
    assert before - timedelta(seconds=1) <= now <= datetime.now(UTC) + timedelta(seconds=1)
    assert now.utcoffset() == timedelta(hours=3)


SEMINAR_UTC = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-12-07 10:00", SEMINAR_UTC),
        ("٢٠٢٦-١٢-٠٧ ١٠:٠٠", SEMINAR_UTC),
        ("2026/12/07 10:00", SEMINAR_UTC),
        ("07/12/2026 10:00", SEMINAR_UTC),  # day first, as Iraqis write it
        ("7/12/2026 10:00", SEMINAR_UTC),
        ("٧/١٢/٢٠٢٦ ١٠:٠٠", SEMINAR_UTC),
        ("۷/۱۲/۲۰۲۶ ۱۰:۰۰", SEMINAR_UTC),
        ("\u200f٧/١٢/٢٠٢٦\u200f  ١٠:٠٠ ", SEMINAR_UTC),
        ("2026-12-07T10:00", SEMINAR_UTC),
        ("07/12/2026 00:30", datetime(2026, 12, 6, 21, 30, tzinfo=UTC)),  # the UTC day before
        ("15/07/2026 18:45", datetime(2026, 7, 15, 15, 45, tzinfo=UTC)),  # summer, still +3
        ("07/12/26 10:00", SEMINAR_UTC),  # a two-digit year is this century's
        ("2026-12-07 07:00 مساءً", SEMINAR_UTC + timedelta(hours=9)),  # 19:00 Baghdad
    ],
)
def test_organiser_types_event_time_in_baghdad(typed: str, expected: datetime) -> None:
    parsed = parse_baghdad_datetime(typed)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "typed",
    [
        "31/02/2026 10:00",  # no 31 February
        "29/02/2026 10:00",  # 2026 is not a leap year
        "2026-13-01 10:00",
        "12/31/2026 10:00",  # month/day order is not the Iraqi one
        "07/12/2026 24:00",
        "07/12/2026 10:60",
        "07/12/2026",  # the time is needed
        "07/12/202 10:00",  # a three-digit year is a typo
        "غداً الساعة ١٠",
        "",
        "2026-12-07 16:00 صباحاً",  # 16:00 is not in the morning
        "0000-01-01 10:00",
    ],
)
def test_impossible_or_unclear_dates_are_refused(typed: str) -> None:
    assert parse_baghdad_datetime(typed) is None


def test_leap_day_is_accepted_in_a_leap_year() -> None:
    assert parse_baghdad_datetime("29/02/2028 09:00") == datetime(2028, 2, 29, 6, 0, tzinfo=UTC)


def test_parsed_time_is_shown_back_the_same() -> None:
    parsed = parse_baghdad_datetime("٧/١٢/٢٠٢٦ ١٠:٠٠")
    assert parsed is not None
    assert format_date(parsed) == "الاثنين ٧ كانون الأول ٢٠٢٦"
    assert format_time(parsed) == ("١٠:٠٠", "morning")


# --- the part of the day, as Iraqis say it --------------------------------------------------------

# Baghdad wall time → the words shown after it, in Arabic, Kurdish and English.
TIMES_OF_DAY = [
    ((0, 0), "١٢:٠٠ منتصف الليل", "١٢:٠٠ نیوەشەو", "12:00 am"),
    ((0, 30), "١٢:٣٠ فجراً", "١٢:٣٠ شەو", "12:30 am"),
    ((5, 0), "٥:٠٠ فجراً", "٥:٠٠ شەو", "5:00 am"),
    ((9, 0), "٩:٠٠ صباحاً", "٩:٠٠ بەیانی", "9:00 am"),
    ((12, 0), "١٢:٠٠ ظهراً", "١٢:٠٠ نیوەڕۆ", "12:00 pm"),
    ((13, 30), "١:٣٠ ظهراً", "١:٣٠ نیوەڕۆ", "1:30 pm"),
    ((15, 0), "٣:٠٠ عصراً", "٣:٠٠ دوای نیوەڕۆ", "3:00 pm"),
    ((17, 59), "٥:٥٩ عصراً", "٥:٥٩ دوای نیوەڕۆ", "5:59 pm"),
    ((18, 0), "٦:٠٠ مساءً", "٦:٠٠ ئێوارە", "6:00 pm"),
    ((23, 59), "١١:٥٩ مساءً", "١١:٥٩ ئێوارە", "11:59 pm"),
]


def _clock_with_words(wall: tuple[int, int], lang: str) -> str:
    clock, period = format_time(datetime(2026, 12, 7, *wall, tzinfo=BAGHDAD), locale_of(lang))
    return f"{clock} {catalog.text(f'period-{period}', lang)}"


@pytest.mark.parametrize(("wall", "arabic", "kurdish", "english"), TIMES_OF_DAY,
                         ids=[f"{h:02}:{m:02}" for (h, m), *_ in TIMES_OF_DAY])
def test_a_time_is_followed_by_the_part_of_the_day_iraqis_name(
    wall: tuple[int, int], arabic: str, kurdish: str, english: str
) -> None:
    assert _clock_with_words(wall, "ar") == arabic
    assert _clock_with_words(wall, "ckb") == kurdish
    assert _clock_with_words(wall, "en") == english


def test_every_minute_of_the_day_has_a_part_of_the_day_with_words_in_every_language() -> None:
    parts = {day_period(hour, minute) for hour in range(24) for minute in range(60)}
    assert parts == set(DAY_PERIODS)
    for lang in catalog.available_languages():
        assert all(catalog.has_message(f"period-{part}", lang) for part in DAY_PERIODS), lang


def test_noon_is_not_evening_in_a_full_date() -> None:
    noon = datetime(2026, 12, 6, 9, 0)  # naive UTC: 12:00 in Baghdad
    clock, period = format_time(noon)
    shown = catalog.text("datetime", date=format_date(noon), time=clock, period=catalog.text(f"period-{period}"))
    assert shown == "الأحد ٦ كانون الأول ٢٠٢٦، الساعة ١٢:٠٠ ظهراً"
