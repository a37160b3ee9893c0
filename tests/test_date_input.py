"""Dates as organizers type them: «٤:٠٠ م», «الساعة ١٠», «٧ / ١٢ / ٢٠٢٦», «١٠٫٣٠», a two-digit year.

First the reader itself, table-driven: every accepted way of writing the seminar's start, and
every refusal with the precise reason the bot gives. Then the stories: the event start and the
broadcast time say precisely what is wrong, and a time from 00:00 to 06:59 without ص/م asks
"did you mean the evening?" — kept in the person's state, answered by option or typed word.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from messages.dates_input import DateReading, read_date_time
from messages.formatting import parse_baghdad_datetime
from tests.helpers import Person
from tests.test_broadcasts import broadcast_row, build_town, compose
from tests.test_checkin import make_staff
from tests.test_staff_events import (
    HOPE,
    _published_with_registrant,
    create_until,
    only_event,
    organisation,
    staff_member,
    state_of,
)


@pytest.fixture
async def hope(core) -> int:  # type: ignore[no-untyped-def]
    """The association whose organizer creates the event."""
    return await organisation(core, HOPE)


@pytest.fixture
async def organizer(core, clock, hope) -> Person:  # type: ignore[no-untyped-def]
    """An organizer of the association."""
    return await staff_member(core, "100", (hope, "organizer"))


@pytest.fixture
async def broadcaster(core, clock) -> Person:  # type: ignore[no-untyped-def]
    """An organizer of the town of tests/test_broadcasts.py, with people to announce to."""
    town = await build_town(core.db, clock)
    return await make_staff(core, "organizer", town.org, "organizer", governorate="ذي قار")


TEN = datetime(2026, 12, 7, 10, 0)
FOUR_PM = datetime(2026, 12, 7, 16, 0)

# (typed, Baghdad wall time meant)
READ = [
    ("2026-12-07 10:00", TEN),
    ("2026/12/07 10:00", TEN),
    ("2026-12-07T10:00", TEN),
    ("٢٠٢٦-١٢-٠٧ ١٠:٠٠", TEN),
    ("7/12/2026 10:00", TEN),
    ("07/12/2026 10:00", TEN),
    ("٧/١٢/٢٠٢٦ ١٠:٠٠", TEN),
    ("۷/۱۲/۲۰۲۶ ۱۰:۰۰", TEN),  # Persian digits
    ("٧ / ١٢ / ٢٠٢٦ ١٠:٠٠", TEN),
    ("٧-١٢-٢٠٢٦ ١٠:٠٠", TEN),
    ("7.12.2026 10:00", TEN),
    ("٧؍١٢؍٢٠٢٦ ١٠:٠٠", TEN),  # the Arabic date separator
    ("7/12/26 10:00", TEN),  # a two-digit year is this century's
    ("٧/١٢/٢٦ ١٠:٠٠", TEN),
    ("   ٧/١٢/٢٠٢٦     ١٠:٠٠  ", TEN),  # extra spaces
    ("\u200f٧/١٢/٢٠٢٦\u200f ١٠:٠٠", TEN),  # right-to-left marks a phone inserts
    ("٧/١٢/٢٠٢٦، ١٠:٠٠", TEN),  # Arabic comma
    ("7/12/2026, 10:00", TEN),
    ("١٠:٠٠ ٧/١٢/٢٠٢٦", TEN),  # time first
    ("٧/١٢/٢٠٢٦ ١٠٫٣٠", datetime(2026, 12, 7, 10, 30)),  # Arabic decimal separator as a time
    ("7/12/2026 10.30", datetime(2026, 12, 7, 10, 30)),
    ("٧/١٢/٢٠٢٦ ١٠:٣٠:١٥", datetime(2026, 12, 7, 10, 30, 15)),
    ("٧/١٢/٢٠٢٦ الساعة ١٠", TEN),
    ("الساعة ١٠ ٧/١٢/٢٠٢٦", TEN),
    ("٧/١٢/٢٠٢٦ والساعة ١٠", TEN),
    ("٧/١٢/٢٠٢٦ ١٠", TEN),  # a lone number after the date is the hour
    ("٧/١٢/٢٠٢٦ ٤:٠٠ م", FOUR_PM),
    ("٧/١٢/٢٠٢٦ ٤:٠٠م", FOUR_PM),
    ("٧/١٢/٢٠٢٦ ٤ مساءً", FOUR_PM),
    ("٧/١٢/٢٠٢٦ الساعة ٤ عصراً", FOUR_PM),
    ("٧/١٢/٢٠٢٦ ٤ بعد الظهر", FOUR_PM),
    ("٧/١٢/٢٠٢٦ ١٠:٠٠ ص", TEN),
    ("٧/١٢/٢٠٢٦ ١٠ صباحاً", TEN),
    ("٧/١٢/٢٠٢٦ ١٠ الصبح", TEN),
    ("7/12/2026 4 pm", FOUR_PM),
    ("7/12/2026 4pm", FOUR_PM),
    ("٧/١٢/٢٠٢٦ ١٢ ظهراً", datetime(2026, 12, 7, 12, 0)),
    ("٧/١٢/٢٠٢٦ ٢ ظهراً", datetime(2026, 12, 7, 14, 0)),
    ("٧/١٢/٢٠٢٦ ١٢:٣٠ ص", datetime(2026, 12, 7, 0, 30)),
    ("٧/١٢/٢٠٢٦ ١٢ م", datetime(2026, 12, 7, 12, 0)),
    ("٧/١٢/٢٠٢٦ ٩ ليلاً", datetime(2026, 12, 7, 21, 0)),
    ("٧/١٢/٢٠٢٦ ١٢ ليلاً", datetime(2026, 12, 7, 0, 0)),
    ("٧/١٢/٢٠٢٦ ١٦:٠٠ م", FOUR_PM),  # a 24-hour time with its period is consistent
    ("٧/١٢/٢٠٢٦م الساعة ٤ م", FOUR_PM),  # the first «م» is the era after the year
    ("٧ كانون الأول ٢٠٢٦ ١٠:٠٠", TEN),
    ("الاثنين ٧ كانون الأول ٢٠٢٦، الساعة ١٠:٠٠ صباحاً", TEN),  # as the bot itself writes it
    ("٧ ديسمبر ٢٠٢٦ الساعة ٤ م", FOUR_PM),
    ("يوم السبت ٧ من كانون الأول ٢٠٢٦ الساعة ١٠", TEN),
    ("29/02/2028 09:00", datetime(2028, 2, 29, 9, 0)),  # a leap day in a leap year
    ("2026-12-07 18:30", datetime(2026, 12, 7, 18, 30)),
]


@pytest.mark.parametrize(("typed", "meant"), READ, ids=[typed for typed, _ in READ])
def test_a_date_and_time_typed_the_way_people_write_it_is_read(typed: str, meant: datetime) -> None:
    reading = read_date_time(typed)
    assert (reading.wall, reading.problem) == (meant, None)
    assert not reading.maybe_evening


# (typed, problem, details)
REFUSED = [
    ("", "format", {}),
    ("   ", "format", {}),
    ("غداً الساعة ١٠", "format", {}),
    ("؟؟ asdf ١٢", "format", {}),
    ("25:00", "format", {}),  # no date at all
    ("٧/١٢/٢٠٢٦ ٧/١٢/٢٠٢٦ ١٠:٠٠", "format", {}),  # two dates: not something to guess between
    ("٧/١٢/٢٠٢٦ ١٠:٠٠ ١١:٠٠", "format", {}),
    ("٧/١٢/٢٠٢٦ ١٠:٠٠ هـ", "format", {}),  # a Hijri date is not read as Gregorian
    ("x" * 201, "format", {}),
    ("7/12/202 10:00", "year", {}),
    ("7/12/2 10:00", "year", {}),
    ("٧/١٢ ١٠:٠٠", "year", {}),  # no year
    ("٧ كانون الأول ١٠ صباحاً", "year", {}),
    ("0000-01-01 10:00", "year", {}),
    ("٧/١٣/٢٠٢٦ ١٠:٠٠", "month", {"month": 13}),
    ("12/31/2026 10:00", "month", {"month": 31}),  # month first is not the Iraqi order
    ("2026-00-07 10:00", "month", {"month": 0}),
    ("31/02/2027 10:00", "day", {"day": 31, "month": 2, "year": 2027, "days": 28}),
    ("29/02/2026 10:00", "day", {"day": 29, "month": 2, "year": 2026, "days": 28}),
    ("31/04/2026 10:00", "day", {"day": 31, "month": 4, "year": 2026, "days": 30}),
    ("0/12/2026 10:00", "day", {"day": 0, "month": 12, "year": 2026, "days": 31}),
    ("٧/١٢/٢٠٢٦", "time", {}),  # no time
    ("2026-12-07 25:00", "time", {}),
    ("٧/١٢/٢٠٢٦ ٢٤:٠٠", "time", {}),
    ("٧/١٢/٢٠٢٦ ١٠:٦٠", "time", {}),
    ("٧/١٢/٢٠٢٦ ١٠:٥", "time", {}),
    ("٧/١٢/٢٠٢٦ ١٦:٠٠ ص", "time", {}),  # 16:00 is not in the morning
    ("٧/١٢/٢٠٢٦ ١٠ ١١", "time", {}),
    ("٧/١٢/٢٠٢٦ ١٠٠٠", "time", {}),
]


@pytest.mark.parametrize(("typed", "problem", "details"), REFUSED, ids=[t[:40] for t, _, _ in REFUSED])
def test_what_cannot_be_read_says_precisely_why(typed: str, problem: str, details: dict) -> None:
    reading = read_date_time(typed)
    assert (reading.wall, reading.problem, reading.details) == (None, problem, details)
    assert parse_baghdad_datetime(typed) is None


@pytest.mark.parametrize(("typed", "hour"), [
    ("٧/١٢/٢٠٢٦ ٤:٠٠", 4), ("٧/١٢/٢٠٢٦ الساعة ٤", 4), ("٧/١٢/٢٠٢٦ ٠٠:٣٠", 0), ("٧/١٢/٢٠٢٦ ٦:٥٩", 6),
    ("7/12/2026 05:00", 5),
])
def test_an_early_morning_time_without_a_period_may_be_the_evening(typed: str, hour: int) -> None:
    reading = read_date_time(typed)
    assert reading.maybe_evening and reading.wall is not None and reading.wall.hour == hour
    assert reading.evening is not None and reading.evening.hour == hour + 12


@pytest.mark.parametrize("typed", ["٧/١٢/٢٠٢٦ ٤:٠٠ ص", "٧/١٢/٢٠٢٦ ٧:٠٠", "٧/١٢/٢٠٢٦ ٤ م", "٧/١٢/٢٠٢٦ ٢ ليلاً"])
def test_a_period_or_a_daytime_hour_asks_nothing(typed: str) -> None:
    assert not read_date_time(typed).maybe_evening


def test_any_text_at_all_gives_a_reading_and_never_raises() -> None:
    for text in ["\x00", "٠" * 5000, "/" * 300, "9" * 60 + "/1/2026 10:00", "1/1/" + "9" * 150 + " 1:00", "²/¹²/²⁰²⁶"]:
        assert isinstance(read_date_time(text), DateReading)


def test_the_file_reader_keeps_an_early_time_as_typed() -> None:
    # A file means what it says; only the conversation asks about the evening.
    assert parse_baghdad_datetime("2026-12-07 05:00") == datetime(2026, 12, 7, 2, 0, tzinfo=UTC)


# --- the event start in the conversation ----------------------------------------------------------


async def test_an_early_start_asks_about_the_evening_and_yes_takes_it(core, clock, organizer) -> None:
    await create_until(organizer, "starts")
    await organizer.text("٧/١٢/٢٠٢٦ الساعة ٤")
    assert "هل تقصد الساعة ٤:٠٠ عصراً" in organizer.texts  # 16:00, in the bot's own words
    state = await state_of(core, organizer)
    assert (state["step"], state["evening"]) == ("starts", ["2026-12-07T01:00:00", "2026-12-07T13:00:00"])
    await organizer.choose("نعم")
    assert "كم تستغرق" in organizer.texts
    state = await state_of(core, organizer)
    assert state["draft"]["starts_at"] == "2026-12-07T13:00:00" and "evening" not in state


@pytest.mark.parametrize(("answer", "stored"), [("لا", "2026-12-07T01:00:00"), ("نعم", "2026-12-07T13:00:00"),
                                                ("مساءً", "2026-12-07T13:00:00"), ("صباحاً", "2026-12-07T01:00:00")])
async def test_the_evening_question_can_be_answered_by_typing(core, clock, organizer, answer: str,
                                                              stored: str) -> None:
    await create_until(organizer, "starts")
    await organizer.text("٧/١٢/٢٠٢٦ ٤:٠٠")
    await organizer.text(answer)
    assert "كم تستغرق" in organizer.texts
    assert (await state_of(core, organizer))["draft"]["starts_at"] == stored


async def test_a_new_date_instead_of_an_answer_is_read_afresh(core, clock, organizer) -> None:
    await create_until(organizer, "starts")
    await organizer.text("٧/١٢/٢٠٢٦ ٤:٠٠")
    await organizer.text("٨/١٢/٢٠٢٦ ٦:٠٠ م")
    assert "كم تستغرق" in organizer.texts
    assert (await state_of(core, organizer))["draft"]["starts_at"] == "2026-12-08T15:00:00"


async def test_no_to_the_evening_of_today_says_the_morning_is_past(core, clock, organizer) -> None:
    # It is 12:00 in Baghdad: 05:00 today is past, 17:00 is not.
    await create_until(organizer, "starts")
    await organizer.text("١/١٢/٢٠٢٦ ٥:٠٠")
    assert "هل تقصد الساعة ٥:٠٠" in organizer.texts
    await organizer.choose("لا")
    assert "قد مضى" in organizer.texts and "متى تبدأ الفعالية" in organizer.texts
    assert (await state_of(core, organizer))["step"] == "starts"


async def test_an_old_evening_button_after_the_answer_changes_nothing(core, clock, organizer) -> None:
    await create_until(organizer, "starts")
    await organizer.text("٧/١٢/٢٠٢٦ ٤:٠٠")
    yes = organizer.option_id("نعم")
    await organizer.choose("لا")
    await organizer.choose_id(yes)
    assert "من خطوة سابقة" in organizer.texts
    assert (await state_of(core, organizer))["draft"]["starts_at"] == "2026-12-07T01:00:00"


@pytest.mark.parametrize(("typed", "message"), [
    ("٧/١٢/٢٠٢ ١٠:٠٠", "اكتب السنة بأربعة أرقام"),
    ("٧/١٣/٢٠٢٦ ١٠:٠٠", "الشهر رقم من ١ إلى ١٢"),
    ("٣١/٤/٢٠٢٧ ١٠:٠٠", "لا يوجد يوم ٣١ في نيسان ٢٠٢٧ (فيه ٣٠ يوماً)"),
    ("٧/١٢/٢٠٢٦", "اكتب الساعة هكذا: ١٠:٠٠"),
    ("بعد العيد", "لم أفهم التاريخ والساعة"),
])
async def test_a_bad_start_says_precisely_what_is_wrong(core, clock, organizer, typed: str, message: str) -> None:
    await create_until(organizer, "starts")
    await organizer.text(typed)
    assert message in organizer.texts and "غير موجود في التقويم" not in organizer.texts
    assert "متى تبدأ الفعالية" in organizer.texts


async def test_editing_the_start_asks_about_the_evening_too(core, clock, hope, organizer) -> None:
    await _published_with_registrant(core, clock, hope, organizer)
    await organizer.choose("تعديل")
    await organizer.choose("الموعد")
    await organizer.text("٩/١٢/٢٠٢٦ ٦:٣٠")
    assert "هل تقصد الساعة ٦:٣٠ مساءً" in organizer.texts
    await organizer.choose("نعم")
    assert "تم حفظ التعديل" in organizer.texts
    assert (await only_event(core)).starts_at == datetime(2026, 12, 9, 15, 30)
    assert "evening" not in (await state_of(core, organizer))


# --- the broadcast time ---------------------------------------------------------------------------


async def test_a_broadcast_time_is_read_the_same_way_and_asks_about_the_evening(broadcaster, core) -> None:
    organizer = broadcaster
    await compose(organizer)
    await organizer.choose("معاينة الإعلان")
    await organizer.choose("جدولة")
    await organizer.text("٣١/١٢/٢٠٢٦ ٢٥:٠٠")
    assert "اكتب الساعة هكذا" in organizer.texts
    await organizer.text("٢/١٢/٢٠٢٦ الساعة ٦")
    assert "هل تقصد الساعة ٦:٠٠ مساءً" in organizer.texts
    await organizer.choose("نعم")
    assert "سيُرسل الإعلان" in organizer.texts and "٦:٠٠ مساءً" in organizer.texts
    broadcast = await broadcast_row(core.db)
    assert broadcast.status == "scheduled" and broadcast.scheduled_at == datetime(2026, 12, 2, 15, 0)


async def test_a_broadcast_evening_question_answered_no_keeps_the_morning(broadcaster, core) -> None:
    organizer = broadcaster
    await compose(organizer)
    await organizer.choose("معاينة الإعلان")
    await organizer.choose("جدولة")
    await organizer.text("٢/١٢/٢٠٢٦ ٦:٣٠")
    await organizer.text("لا")
    assert "سيُرسل الإعلان" in organizer.texts and "٦:٣٠ صباحاً" in organizer.texts
    assert (await broadcast_row(core.db)).scheduled_at == datetime(2026, 12, 2, 3, 30)


async def test_a_person_who_is_not_asked_gets_no_evening_answer(core, clock) -> None:
    person = Person(core, "citizen")
    await person.onboard()
    await person.text("نعم")
    assert "هل تقصد" not in person.texts
