"""Option ids: what comes back from a button is exactly what the bot issued to that person, or nothing."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from handlers.options import MAX_ID_BYTES, Decoded, OptionCodec

CODEC = OptionCodec(b"test-secret")
AMAL, BASIM = 7, 8


def test_an_issued_id_decodes_to_its_action_and_arguments() -> None:
    option_id = CODEC.encode(AMAL, "rg", 12)
    assert CODEC.decode(AMAL, option_id) == Decoded("rg", ("12",))


def test_an_action_without_arguments_round_trips() -> None:
    assert CODEC.decode(AMAL, CODEC.encode(AMAL, "mm")) == Decoded("mm", ())


def test_several_arguments_keep_their_order() -> None:
    option_id = CODEC.encode(AMAL, "el", 2, "a", "seminar")
    decoded = CODEC.decode(AMAL, option_id)
    assert decoded == Decoded("el", ("2", "a", "seminar"))
    assert decoded.int_arg(0) == 2
    assert decoded.int_arg(1) is None  # not a number
    assert decoded.int_arg(5) is None  # missing


def test_an_id_issued_to_one_person_does_not_work_for_another() -> None:
    option_id = CODEC.encode(AMAL, "cx", 31)
    assert CODEC.decode(BASIM, option_id) is None


def test_an_id_signed_with_another_deployments_key_is_refused() -> None:
    other = OptionCodec(b"another-secret")
    assert CODEC.decode(AMAL, other.encode(AMAL, "cx", 31)) is None


def _tampered_ids() -> list[tuple[str, str]]:
    genuine = CODEC.encode(AMAL, "cx", 31)
    payload, signature = genuine.split("~")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return [
        ("argument changed", f"cx.32~{signature}"),
        ("action changed", f"rg.31~{signature}"),
        ("argument added", f"cx.31.1~{signature}"),
        ("signature edited", f"{payload}~{flipped}"),
        ("signature shortened", f"{payload}~{signature[:-1]}"),
        ("signature lengthened", f"{payload}~{signature}A"),
        ("signature missing", payload),
        ("signature alone", f"~{signature}"),
        ("two separators", f"{payload}~{signature}~{signature}"),
        ("empty", ""),
        ("spaces around", f" {genuine} "),
        ("arabic digits in the argument", f"cx.٣١~{signature}"),
        ("garbage", "hello world"),
        ("over 64 bytes", genuine + "x" * (MAX_ID_BYTES + 1 - len(genuine))),
    ]


@pytest.mark.parametrize(("why", "option_id"), _tampered_ids(), ids=[why for why, _ in _tampered_ids()])
def test_a_tampered_id_is_refused(why: str, option_id: str) -> None:
    assert CODEC.decode(AMAL, option_id) is None


def test_none_is_refused() -> None:
    assert CODEC.decode(AMAL, None) is None


def test_ids_stay_within_telegrams_64_byte_callback_limit() -> None:
    longest = CODEC.encode(2**63 - 1, "a" * 24, "b" * 24)
    assert len(longest.encode()) <= MAX_ID_BYTES
    typical = CODEC.encode(10**9, "el", 10**6, "a", "conference")
    assert len(typical.encode()) <= MAX_ID_BYTES


def test_issuing_an_id_that_would_be_too_long_fails_loudly() -> None:
    with pytest.raises(ValueError):
        CODEC.encode(AMAL, "a" * 24, "b" * 24, "c" * 24)


@pytest.mark.parametrize(
    "part",
    ["", "مقعد", "a.b", "a~b", "a b", "a|b", "x" * 25],
    ids=["empty", "arabic", "dot", "tilde", "space", "pipe", "too long"],
)
def test_issuing_an_id_with_a_part_that_is_not_short_ascii_fails(part: str) -> None:
    with pytest.raises(ValueError):
        CODEC.encode(AMAL, "ev", part)


def test_a_part_with_a_trailing_newline_is_not_short_ascii() -> None:
    with pytest.raises(ValueError):
        CODEC.encode(AMAL, "ev\n", 1)


# --- properties ----------------------------------------------------------------------------

PART = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", min_size=1, max_size=8)
CONTACT = st.integers(min_value=1, max_value=10**9)


@settings(max_examples=300, deadline=None)
@given(contact=CONTACT, action=PART, args=st.lists(PART, max_size=3))
def test_every_issued_id_decodes_back_for_the_same_person(contact: int, action: str, args: list[str]) -> None:
    option_id = CODEC.encode(contact, action, *args)
    assert len(option_id.encode()) <= MAX_ID_BYTES
    assert CODEC.decode(contact, option_id) == Decoded(action, tuple(args))


@settings(max_examples=300, deadline=None)
@given(contact=CONTACT, other=CONTACT, action=PART, args=st.lists(PART, max_size=3))
def test_an_issued_id_never_decodes_for_someone_else(contact: int, other: int, action: str, args: list[str]) -> None:
    option_id = CODEC.encode(contact, action, *args)
    if other != contact:
        assert CODEC.decode(other, option_id) is None


ASCII_TEXT = st.text(alphabet=st.characters(max_codepoint=127))


@settings(max_examples=500, deadline=None)
@given(contact=CONTACT, action=PART, args=st.lists(PART, max_size=3), typed=ASCII_TEXT)
@example(contact=7, action="cx", args=["31"], typed="cx.31~AAAAAAAA")
@example(contact=7, action="cx", args=["31"], typed="cx.31~")
def test_arbitrary_ascii_text_never_decodes_unless_it_is_an_issued_id(
    contact: int, action: str, args: list[str], typed: str
) -> None:
    issued = CODEC.encode(contact, action, *args)
    decoded = CODEC.decode(contact, typed)
    if typed == issued:
        assert decoded == Decoded(action, tuple(args))
    else:
        assert decoded is None


@settings(max_examples=500, deadline=None)
@given(contact=CONTACT, action=PART, args=st.lists(PART, max_size=3), typed=st.text())
@example(contact=7, action="cx", args=["31"], typed="cx.31~مقعدمقعد")
def test_arbitrary_text_never_decodes_unless_it_is_an_issued_id(
    contact: int, action: str, args: list[str], typed: str
) -> None:
    issued = CODEC.encode(contact, action, *args)
    decoded = CODEC.decode(contact, typed)
    if typed == issued:
        assert decoded == Decoded(action, tuple(args))
    else:
        assert decoded is None


def test_a_signature_with_arabic_letters_is_refused() -> None:
    assert CODEC.decode(AMAL, "cx.31~مقعدمقعد") is None


@settings(max_examples=300, deadline=None)
@given(contact=CONTACT, action=PART, args=st.lists(PART, min_size=1, max_size=3), data=st.data())
def test_changing_any_character_of_an_issued_id_breaks_it(
    contact: int, action: str, args: list[str], data: st.DataObject
) -> None:
    issued = CODEC.encode(contact, action, *args)
    index = data.draw(st.integers(min_value=0, max_value=len(issued) - 1))
    replacement = data.draw(st.characters(max_codepoint=127).filter(lambda c: c != issued[index]))
    forged = issued[:index] + replacement + issued[index + 1 :]
    assert CODEC.decode(contact, forged) is None
