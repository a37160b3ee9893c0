"""Governorates by the names people use: «الموصل» is Nineveh, «بصره» is Basra.

First the matcher (messages/normalize_places.py), then the places a governorate is typed:
onboarding, settings, event creation; an unknown word gets a hint and the list again.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from messages import catalog
from messages.normalize_places import GOVERNORATE_NAMES, _table, match_governorate
from storage.models import Contact, Identity
from storage.vocab import GOVERNORATES
from tests.helpers import Person
from tests.test_staff_events import HOPE, create_until, organisation, staff_member, state_of

HINT = "لم أتعرّف على هذه المحافظة"

CITIES = [
    ("الموصل", "nineveh"), ("الناصرية", "dhiqar"), ("العمارة", "maysan"), ("الكوت", "wasit"), ("الحلة", "babil"),
    ("الديوانية", "qadisiyah"), ("السماوة", "muthanna"), ("الرمادي", "anbar"), ("بعقوبة", "diyala"),
    ("تكريت", "salahaddin"), ("الفلوجة", "anbar"), ("الزبير", "basra"), ("سامراء", "salahaddin"),
    ("الكوفة", "najaf"), ("زاخو", "duhok"), ("كربلا", "karbala"), ("عين كاوة", "erbil"), ("عينكاوة", "erbil"),
    ("مدينة الصدر", "baghdad"), ("الحويجة", "kirkuk"), ("رانية", "sulaymaniyah"), ("تلعفر", "nineveh"),
]

SPELLINGS = [
    ("بصره", "basra"), ("نجف", "najaf"), ("البصرة", "basra"), ("البصره", "basra"), ("الأنبار", "anbar"),
    ("انبار", "anbar"), ("ذيقار", "dhiqar"), ("ذى قار", "dhiqar"), ("صلاحالدين", "salahaddin"),
    ("ناصريه", "dhiqar"), ("موصل", "nineveh"), ("اربيل", "erbil"), ("إربيل", "erbil"), ("هولير", "erbil"),
    ("هەولێر", "erbil"), ("دهۆک", "duhok"), ("السليمانيه", "sulaymaniyah"), ("ديالا", "diyala"),
    ("البصرة؟", "basra"), ("«النجف»", "najaf"), ("  الحلة  ", "babil"), ("النجف!", "najaf"),
    ("محافظة البصرة", "basra"), ("مدينة الموصل", "nineveh"), ("انا من الحلة", "babil"), ("اني من العمارة", "maysan"),
    ("Mosul", "nineveh"), ("BASRA", "basra"), ("Erbil", "erbil"), ("dhi qar", "dhiqar"), ("salahaddin", "salahaddin"),
    ("الـبـصـرة", "basra"), ("النَّجَف", "najaf"),
]

NOT_GOVERNORATES = ["", "   ", "بغدادد", "مدينة", "محافظة", "من", "الفعاليات", "مرحبا", "٣", "البصرة الموصل",
                    "x" * 61, "تكريتي", "نعم"]


@pytest.mark.parametrize(("typed", "code"), CITIES, ids=[t for t, _ in CITIES])
def test_a_city_chooses_its_governorate(typed: str, code: str) -> None:
    assert match_governorate(typed) == code


@pytest.mark.parametrize(("typed", "code"), SPELLINGS, ids=[t for t, _ in SPELLINGS])
def test_names_without_the_article_and_other_spellings_match(typed: str, code: str) -> None:
    assert match_governorate(typed) == code


@pytest.mark.parametrize("typed", NOT_GOVERNORATES, ids=[t[:20] or "empty" for t in NOT_GOVERNORATES])
def test_anything_else_matches_nothing(typed: str) -> None:
    assert match_governorate(typed) is None


@pytest.mark.parametrize("code", GOVERNORATES)
def test_every_governorate_is_chosen_by_its_code_and_its_catalog_name(code: str) -> None:
    assert match_governorate(code) == code
    assert match_governorate(catalog.text(f"gov-{code}")) == code


def test_the_table_has_exactly_the_nineteen_governorates_and_no_name_for_two() -> None:
    assert list(GOVERNORATE_NAMES) == list(GOVERNORATES)
    table = _table()  # raises if one name chose two governorates
    assert set(table.values()) == set(GOVERNORATES)


# --- onboarding -----------------------------------------------------------------------------------


async def governorate_of(core, person: Person) -> str | None:  # type: ignore[no-untyped-def]
    async with core.db.transaction() as session:
        contact_id = await session.scalar(select(Identity.contact_id).where(Identity.external_id == person.external_id))
        return (await session.get(Contact, contact_id)).governorate


async def consented(core, external_id: str = "p") -> Person:  # type: ignore[no-untyped-def]
    person = Person(core, external_id)
    await person.command("start")
    await person.choose("أوافق")
    assert "اختر محافظتك" in person.texts
    return person


@pytest.mark.parametrize(("typed", "code", "label"), [("الموصل", "nineveh", "نينوى"), ("بصره", "basra", "البصرة"),
                                                      ("الناصرية", "dhiqar", "ذي قار")])
async def test_a_new_person_types_their_city_and_it_chooses_the_governorate(core, typed: str, code: str,
                                                                            label: str) -> None:
    person = await consented(core)
    await person.text(typed)
    assert f"تم حفظ محافظتك: {label}" in person.texts and "القائمة الرئيسية" in person.texts
    assert await governorate_of(core, person) == code


async def test_an_unknown_word_at_the_governorate_question_gets_a_hint_and_the_list(core) -> None:
    person = await consented(core)
    replies = await person.text("مدينتي الجميلة")
    assert HINT in replies[0].text
    assert "اختر محافظتك" in replies[-1].text and len(replies[-1].options) == len(GOVERNORATES)
    assert await governorate_of(core, person) is None
    await person.text("كربلاء")
    assert await governorate_of(core, person) == "karbala"


async def test_a_deep_link_waits_through_a_typed_governorate(core, clock) -> None:
    person = Person(core, "p")
    await person.command("start", "ev_999")
    await person.choose("أوافق")
    await person.text("الكوت")
    assert "تم حفظ محافظتك: واسط" in person.texts
    assert "هذه الفعالية لم تعد متاحة" in person.texts  # the deep link was opened after onboarding


# --- settings -------------------------------------------------------------------------------------


async def test_in_settings_a_typed_city_changes_the_governorate(core) -> None:
    person = Person(core, "p")
    await person.onboard()
    await person.text("الإعدادات")
    await person.choose("تغيير المحافظة")
    await person.text("السماوة")
    assert "تم حفظ محافظتك: المثنى" in person.texts
    assert await governorate_of(core, person) == "muthanna"
    await person.text("مرحبا")  # the question is over: no governorate hint any more
    assert HINT not in person.texts


async def test_in_settings_an_unknown_word_gets_the_hint_and_a_menu_word_leaves(core) -> None:
    person = Person(core, "p")
    await person.onboard()
    await person.text("الإعدادات")
    await person.choose("تغيير المحافظة")
    await person.text("بغدادد")
    assert HINT in person.texts and "اختر محافظتك الجديدة" in person.texts
    await person.text("الفعاليات")
    assert "فعاليات قادمة" in person.texts and HINT not in person.texts
    assert await governorate_of(core, person) == "baghdad"


async def test_a_governorate_pressed_in_settings_ends_the_typed_question(core) -> None:
    person = Person(core, "p")
    await person.onboard()
    await person.text("الإعدادات")
    await person.choose("تغيير المحافظة")
    await person.choose("أربيل")
    await person.text("كلمة")
    assert HINT not in person.texts and await governorate_of(core, person) == "erbil"


# --- event creation -------------------------------------------------------------------------------


async def test_an_organizer_types_a_city_for_the_event_governorate(core, clock) -> None:
    organizer = await staff_member(core, "100", (await organisation(core, HOPE), "organizer"))
    await create_until(organizer, "governorate")
    await organizer.text("العمارة")
    assert (await state_of(core, organizer))["draft"]["governorate"] == "maysan"
