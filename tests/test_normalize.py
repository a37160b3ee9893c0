"""What people type should match what the bot offers, however their keyboard spells it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from messages.normalize import (
    keyword_match,
    matches_any,
    normalize_arabic,
    parse_int,
    strip_definite_article,
    to_ascii_digits,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),  # Arabic-Indic, from an Arabic keyboard
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),  # Persian, from a Kurdish or Persian keyboard
        ("0123456789", "0123456789"),
        ("القاعة ٣ الطابق ۲", "القاعة 3 الطابق 2"),
        ("بدون أرقام", "بدون أرقام"),
    ],
)
def test_digits_from_any_keyboard_become_ascii(typed: str, expected: str) -> None:
    assert to_ascii_digits(typed) == expected


@pytest.mark.parametrize(
    ("typed", "offered", "why"),
    [
        ("١", "1", "Arabic-Indic digit"),
        ("۱", "1", "Persian digit"),
        ("الأنتخابات", "الانتخابات", "hamza on alef"),
        ("الإنتخابات", "الانتخابات", "hamza under alef"),
        ("آذار", "اذار", "madda alef"),
        ("ٱلانتخابات", "الانتخابات", "alef wasla"),
        ("الانتـــخابات", "الانتخابات", "tatweel"),
        ("الانْتِخَابات", "الانتخابات", "harakat"),
        ("انتخاباتٌ", "انتخابات", "tanween"),
        ("هٰذا", "هذا", "dagger alef"),
        ("مدرسة", "مدرسه", "taa marbuta"),
        ("الى", "إلى", "alef maqsura"),
        ("مؤتمر", "موتمر", "hamza on waw"),
        ("مسائل", "مسايل", "hamza on yeh"),
        ("کربلاء", "كربلاء", "Persian keheh"),
        ("دیالى", "ديالى", "Persian yeh"),
        ("\u200fالانتخابات\u200e", "الانتخابات", "RLM / LRM around the word"),
        ("\u2067الانتخابات\u2069", "الانتخابات", "RLI ... PDI isolate"),
        ("\u202bالانتخابات\u202c", "الانتخابات", "RLE ... PDF embedding"),
        ("الانتخا\u200dبات\u200d", "الانتخابات", "ZWJ (a ZWNJ separates words: tests/test_languages.py)"),
        ("\ufeffالانتخابات", "الانتخابات", "byte order mark pasted from a file"),
        ("  ورشة \n\t عمل  ", "ورشة عمل", "extra whitespace"),
        ("ورشة\u00a0عمل", "ورشة عمل", "no-break space"),
        ("NPA", "npa", "Latin case"),
        ("ﻻ", "لا", "presentation form of lam-alef"),
    ],
)
def test_spelling_variants_normalise_to_the_same_key(typed: str, offered: str, why: str) -> None:
    assert normalize_arabic(typed) == normalize_arabic(offered), why


def test_hamza_alef_and_plain_alef_match() -> None:
    assert normalize_arabic("الأنتخابات") == normalize_arabic("الانتخابات") == "الانتخابات"


def test_school_with_taa_marbuta_equals_school_with_heh() -> None:
    assert normalize_arabic("مدرسة") == normalize_arabic("مدرسه")


def test_different_words_stay_different() -> None:
    assert normalize_arabic("بغداد") != normalize_arabic("البصرة")
    assert normalize_arabic("12") != normalize_arabic("١")


def test_bare_hamza_is_kept() -> None:
    # Only seated hamzas are folded; «ء» at the end of «كربلاء» is part of the spelling people see.
    assert normalize_arabic("كربلاء").endswith("ء")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("الانتخابات", "انتخابات"),
        ("انتخابات", "انتخابات"),
        ("الف", "الف"),  # too short: «ال» is part of the word
        ("ال", "ال"),
        ("", ""),
    ],
)
def test_definite_article_is_dropped_only_from_real_words(word: str, expected: str) -> None:
    assert strip_definite_article(word) == expected


@pytest.mark.parametrize("typed", ["انتخابات", "الانتخابات", "الأنتخابات", " الإنتخابات ", "الانتـخابات"])
def test_elections_keyword_matches_with_or_without_article(typed: str) -> None:
    assert keyword_match(typed, ["الانتخابات"])


def test_keyword_without_article_matches_typed_word_with_article() -> None:
    assert keyword_match("الانتخابات", ["انتخابات"])


@pytest.mark.parametrize(
    ("typed", "keywords", "expected"),
    [
        ("الفعاليات القادمة", ["الفعاليات القادمة"], True),
        ("الفعاليات القادمه", ["الفعاليات القادمة"], True),
        ("فعاليات القادمة", ["الفعاليات القادمة"], False),  # multi-word labels are typed whole
        ("الفعاليات", ["الفعاليات القادمة"], False),
        ("انتخاب", ["الانتخابات"], False),  # no fuzzy matching
        ("الانتخابات", ["مساعدة", "الانتخابات"], True),
        ("", ["الانتخابات"], False),
        ("\u200f", [""], False),
        ("مساعدة", [], False),
    ],
)
def test_menu_labels_match_only_when_typed_whole(typed: str, keywords: list[str], expected: bool) -> None:
    assert keyword_match(typed, keywords) is expected


def test_matches_any_compares_normalised_text() -> None:
    assert matches_any("نَعَم", ["لا", "نعم"])
    assert matches_any("١", ("1", "2"))
    assert not matches_any("نعم", ["لا"])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3", 3),
        ("٣", 3),
        ("۳", 3),
        (" ١٢ ", 12),
        ("\u200f١٠\u200f", 10),  # RLM that phones add around numbers in Arabic text
        ("\u20661\u2069", 1),
        ("007", 7),
        ("1٢", 12),
        ("", None),
        ("  ", None),
        ("-1", None),
        ("+1", None),
        ("1.5", None),
        ("1,000", None),
        ("1_000", None),
        ("ثلاثة", None),
        ("٣ تذاكر", None),
        ("१२", None),  # Devanagari digits: int() would accept them, people here do not type them
        ("9" * 5000, None),
    ],
)
def test_choice_numbers_are_read_from_any_digits(typed: str, expected: int | None) -> None:
    assert parse_int(typed) == expected


_arabic_heavy_text = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.sampled_from(
            list(" \n\t\u00a0\u200b\u200c\u200d\u200e\u200f\u061c\u202b\u202c\u2067\u2069\ufeff")
        ),
        st.characters(),
    )
)


@given(_arabic_heavy_text)
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalize_arabic(text)
    assert normalize_arabic(once) == once


@given(st.text())
def test_normalising_never_fails_and_leaves_no_edge_whitespace(text: str) -> None:
    key = normalize_arabic(text)
    assert key == key.strip()
    assert "  " not in key
