"""Dates, times and numbers look the way people in Iraq write them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from messages.formatting import (
    BAGHDAD,
    baghdad_now,
    format_date,
    format_number,
    format_time,
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
        (datetime(2024, 12, 7, 7, 0, tzinfo=UTC), "السبت ٧ كانون الأول ٢٠٢٤", ("١٠:٠٠", "am")),
        # Naive datetimes come from the database, which stores UTC.
        (datetime(2024, 12, 7, 7, 0), "السبت ٧ كانون الأول ٢٠٢٤", ("١٠:٠٠", "am")),
        (datetime(2024, 12, 7, 12, 0, tzinfo=UTC), "السبت ٧ كانون الأول ٢٠٢٤", ("٣:٠٠", "pm")),
        (datetime(2025, 1, 1, 21, 30, tzinfo=UTC), "الخميس ٢ كانون الثاني ٢٠٢٥", ("١٢:٣٠", "am")),
        (datetime(2025, 7, 14, 9, 15, tzinfo=UTC), "الاثنين ١٤ تموز ٢٠٢٥", ("١٢:١٥", "pm")),
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
    assert format_time(late_friday_utc) == ("١:٣٠", "am")


def test_a_time_given_in_another_zone_is_converted_to_baghdad() -> None:
    london_winter = timezone(timedelta(hours=0))
    berlin = timezone(timedelta(hours=1))
    assert format_time(datetime(2024, 12, 7, 8, 0, tzinfo=berlin)) == ("١٠:٠٠", "am")
    assert format_time(datetime(2024, 12, 7, 7, 0, tzinfo=london_winter)) == ("١٠:٠٠", "am")


@pytest.mark.parametrize(
    ("baghdad_hour", "minute", "expected"),
    [
        (0, 30, ("١٢:٣٠", "am")),
        (9, 5, ("٩:٠٥", "am")),
        (11, 59, ("١١:٥٩", "am")),
        (12, 15, ("١٢:١٥", "pm")),
        (15, 0, ("٣:٠٠", "pm")),
        (23, 0, ("١١:٠٠", "pm")),
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
    assert format_time(moment, "en") == ("10:00", "am")


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
        "07/12/26 10:00",  # the year is needed in full
        "غداً الساعة ١٠",
        "",
        "2026-12-07 10:00 مساءً",
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
    assert format_time(parsed) == ("١٠:٠٠", "am")
