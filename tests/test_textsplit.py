"""Long Arabic announcements fit platform limits without cutting a word or losing a letter."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from messages.textsplit import ELLIPSIS, shorten_label, split_text
from tests.arabic_samples import documents

# The project's own Arabic samples always, the real ../shared/seeds too when present.
DOCUMENTS = documents()


def _visible(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _assert_split_is_faithful(text: str, chunks: list[str], limit: int) -> None:
    assert all(0 < len(chunk) <= limit for chunk in chunks)
    assert all(chunk == chunk.strip() for chunk in chunks)
    assert _visible("".join(chunks)) == _visible(text)


def test_long_documents_need_splitting_at_every_platform_limit() -> None:
    # Otherwise the tests below would pass without ever cutting anything.
    assert max(len(text) for text in DOCUMENTS.values()) > 4096
    assert max(len(line) for text in DOCUMENTS.values() for line in text.splitlines()) > 1024


@pytest.mark.parametrize("limit", [4096, 1024, 300])
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_long_announcement_is_split_into_whole_words_within_the_limit(name: str, limit: int) -> None:
    text = DOCUMENTS[name]
    chunks = split_text(text, limit)

    _assert_split_is_faithful(text, chunks, limit)
    original_words = set(text.split())
    for chunk in chunks:
        assert set(chunk.split()) <= original_words, "a chunk starts or ends inside a word"
    if len(text.strip()) <= limit:
        assert chunks == [text.strip()]


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_chunks_read_in_the_original_order(name: str) -> None:
    text = DOCUMENTS[name]
    chunks = split_text(text, 300)
    position = 0
    for chunk in chunks:
        found = text.find(chunk, position)
        assert found >= position
        position = found + len(chunk)


def test_short_message_is_sent_as_it_is() -> None:
    assert split_text("  أهلاً بكم في مشاركة  ") == ["أهلاً بكم في مشاركة"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"])
def test_blank_text_gives_no_message(text: str) -> None:
    assert split_text(text) == []


def test_paragraph_break_is_preferred_to_a_sentence_end() -> None:
    text = "ندوة حوارية. في بغداد\n\nورشة عمل في البصرة"
    assert split_text(text, 30) == ["ندوة حوارية. في بغداد", "ورشة عمل في البصرة"]


def test_line_break_is_preferred_to_a_sentence_end() -> None:
    text = "ندوة حوارية. في بغداد\nورشة عمل في البصرة"
    assert split_text(text, 30) == ["ندوة حوارية. في بغداد", "ورشة عمل في البصرة"]


@pytest.mark.parametrize("mark", [".", "؟", "!", "،"])
def test_sentence_end_is_preferred_to_a_space(mark: str) -> None:
    text = f"هل شاركت في الانتخابات{mark} شارك الآن معنا"
    assert split_text(text, 30) == [f"هل شاركت في الانتخابات{mark}", "شارك الآن معنا"]


def test_decimal_point_is_not_a_sentence_end() -> None:
    text = "نسبة المشاركة 3.5 بالمئة في المحافظة"
    chunks = split_text(text, 20)
    assert all("3.5" in chunk or "3" not in chunk for chunk in chunks)


def test_spaces_are_used_when_there_is_no_punctuation() -> None:
    assert split_text("واحد اثنان ثلاثة اربعة", 11) == ["واحد اثنان", "ثلاثة اربعة"]


def test_a_word_longer_than_the_limit_is_cut_as_a_last_resort() -> None:
    chunks = split_text("https://example.org/" + "a" * 30, 10)
    _assert_split_is_faithful("https://example.org/" + "a" * 30, chunks, 10)
    assert len(chunks) == 5


def test_forced_cut_does_not_separate_a_letter_from_its_harakat() -> None:
    word = "مُشَارَكَةٌ"
    chunks = split_text(word, 4)
    _assert_split_is_faithful(word, chunks, 4)
    assert all(chunk[0] not in "\u064b\u064c\u064e\u064f\u0650\u0651\u0652" for chunk in chunks)


def test_limit_must_be_positive() -> None:
    with pytest.raises(ValueError):
        split_text("نص", 0)


@pytest.mark.parametrize(
    ("label", "limit", "expected"),
    [
        # WhatsApp button titles stop at 20 characters, list rows at 24.
        ("ندوة حوارية حول دور الشباب في الانتخابات المحلية", 20, "ندوة حوارية حول دور…"),
        ("ندوة حوارية حول دور الشباب في الانتخابات المحلية", 24, "ندوة حوارية حول دور…"),
        ("طاولة حوارية لمنظمات المجتمع المدني في نينوى", 20, "طاولة حوارية…"),
        ("طاولة حوارية لمنظمات المجتمع المدني في نينوى", 24, "طاولة حوارية لمنظمات…"),
        ("جلسة ختامية، حصد النتائج والدروس المستفادة", 20, "جلسة ختامية، حصد…"),
        ("ورشة عمل: الرقابة على الانتخابات", 12, "ورشة عمل…"),
        ("جلسة ختامية، حصد النتائج", 12, "جلسة ختامية…"),  # no dangling «،» before «…»
        ("الاستراتيجيةالوطنيةللشباب", 20, "الاستراتيجيةالوطنية…"),  # one long word: hard cut
        ("ورشة عمل", 20, "ورشة عمل"),
        ("ورشة عمل", 8, "ورشة عمل"),
        ("ورشة عمل", 1, ELLIPSIS),
    ],
)
def test_long_labels_are_shortened_at_a_word_boundary(label: str, limit: int, expected: str) -> None:
    assert shorten_label(label, limit) == expected


@pytest.mark.parametrize("limit", [20, 24])
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_headlines_fit_button_labels(name: str, limit: int) -> None:
    lines = [line.strip() for line in DOCUMENTS[name].splitlines() if line.strip()]
    words = set(" ".join(lines).split())
    words |= {word.rstrip("،,؛;:") for word in words}  # a label does not end in a dangling comma
    for line in lines[:10]:
        label = shorten_label(line, limit)
        assert len(label) <= limit
        if label != line and len(line.split()[0]) < limit:
            assert label.endswith(ELLIPSIS)
            assert set(label.removesuffix(ELLIPSIS).split()) <= words


_words = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0621, max_codepoint=0x064A),
        st.sampled_from(list("abc019٠٩")),
    ),
    min_size=1,
    max_size=12,
)
_separators = st.sampled_from([" ", "  ", "\n", "\n\n", ". ", "؟ ", "، ", "! ", "\t", "\u00a0"])
_documents = st.lists(st.tuples(_words, _separators), max_size=60).map(
    lambda pairs: "".join(word + sep for word, sep in pairs)
)


@given(st.one_of(_documents, st.text()), st.integers(min_value=1, max_value=80))
def test_any_text_splits_within_the_limit_and_loses_nothing(text: str, limit: int) -> None:
    _assert_split_is_faithful(text, split_text(text, limit), limit)


@given(_documents, st.integers(min_value=12, max_value=80))
def test_words_are_kept_whole_when_they_fit(text: str, limit: int) -> None:
    original_words = set(text.split())
    assume(all(len(word) <= limit for word in original_words))
    for chunk in split_text(text, limit):
        assert set(chunk.split()) <= original_words


@given(st.text(), st.integers(min_value=1, max_value=40))
def test_any_label_fits_its_limit(label: str, limit: int) -> None:
    assert len(shorten_label(label, limit)) <= limit
