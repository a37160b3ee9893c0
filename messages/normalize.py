"""Normalise what people type before matching it against menus, keywords and numbers.

Everything here is for *matching* only. The text a person sent is stored as sent; these
functions produce a comparison key so that «١» and «1», «الأنتخابات» and «الانتخابات»,
«مدرسة» and «مدرسه» are treated as the same answer.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "keyword_match",
    "label_key",
    "matches_any",
    "normalize_arabic",
    "parse_id",
    "parse_int",
    "strip_definite_article",
    "strip_edge_punctuation",
    "to_ascii_digits",
]

_ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"  # U+0660..U+0669
_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"  # U+06F0..U+06F9, what Persian and Kurdish keyboards type

_DIGITS_TO_ASCII = str.maketrans(_ARABIC_INDIC_DIGITS + _PERSIAN_DIGITS, "0123456789" * 2)

_TATWEEL = "\u0640"
_DIACRITICS = (
    "".join(chr(c) for c in range(0x064B, 0x0660))  # tanween, harakat, shadda, sukun, hamza marks
    + "\u0670"  # superscript (dagger) alef
    + "".join(chr(c) for c in range(0x06D6, 0x06EE))  # Quranic annotation marks
)
_BIDI_CONTROLS = (
    "\u200e\u200f\u061c"  # LRM, RLM, ALM
    + "".join(chr(c) for c in range(0x202A, 0x202F))  # LRE, RLE, PDF, LRO, RLO
    + "".join(chr(c) for c in range(0x2066, 0x206A))  # LRI, RLI, FSI, PDI
)
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"  # ZWSP, ZWNJ, ZWJ, word joiner, BOM
_INVISIBLE = _BIDI_CONTROLS + _ZERO_WIDTH
# Emoji variation selectors, ZWJ and the keycap mark are marks (Mn/Me) but belong to the emoji.
_EMOJI_JOINERS = re.compile("[\ufe00-\ufe0f\u200d\u20e3]")

_LETTER_MAP = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",  # alef wasla
    "ى": "ي",  # alef maqsura: «الى» / «إلى» are typed both ways
    "ة": "ه",  # taa marbuta: «مدرسة» / «مدرسه»
    "ؤ": "و",
    # Hamza on a yeh seat is folded to plain yeh rather than to a bare hamza: people who skip
    # hamzas type «مسايل» for «مسائل», and the yeh seat is what they see on the keyboard.
    "ئ": "ي",
    # Persian / Kurdish keyboards (common in the Kurdistan region) produce Farsi yeh and keheh
    # for what Arabic spells with ي and ك; both look identical on screen.
    "ی": "ي",
    "ک": "ك",
    # Kurdish (Sorani) letters folded to the Arabic letter they extend, so a name or a menu
    # word typed on a Kurdish keyboard, or without the Kurdish marks, is the same answer:
    # «هەولێر» / «ھەولیر», «دهۆک» / «دهوك», «هەڵەبجە» / «ههلهبجه».
    "ە": "ه",  # ae
    "ھ": "ه",  # heh doachashmee
    "ێ": "ي",  # yeh with small v
    "ۆ": "و",  # oe
    "ڵ": "ل",  # lam with small v
    "ڕ": "ر",  # reh with small v below
}
# Before Unicode had «ە», Kurdish was typed as «ه» + ZWNJ: that pair is the letter, not a gap.
_LEGACY_AE = re.compile("[\u0647\u06be]\u200c")
_ZWNJ = "\u200c"

_MATCH_TABLE = str.maketrans(
    {
        **_DIGITS_TO_ASCII,
        **{ch: None for ch in _TATWEEL + _DIACRITICS + _INVISIBLE},
        # A zero-width non-joiner separates words on Persian and Kurdish keyboards
        # («القائمة‌الرئيسية» is two words); elsewhere it is invisible.
        _ZWNJ: " ",
        **_LETTER_MAP,
    }
)
_INVISIBLE_TABLE = str.maketrans({ch: None for ch in _INVISIBLE})

_DEFINITE_ARTICLE = "ال"
_ASCII_INT = re.compile(r"[0-9]+")


def to_ascii_digits(text: str) -> str:
    """Turn Arabic-Indic (٠-٩) and Persian (۰-۹) digits into ASCII 0-9, leaving all else as is."""
    return text.translate(_DIGITS_TO_ASCII)


def normalize_arabic(text: str) -> str:
    """Return the comparison key of ``text``: use it to compare answers, never to store them.

    NFKC, digits to ASCII, tatweel / harakat / Quranic marks removed, alef forms unified,
    ى→ي, ة→ه, ؤ→و, ئ→ي, Kurdish letters folded (ە/ھ→ه, ێ/ی→ي, ۆ→و, ڵ→ل, ڕ→ر, ک→ك), bidi and
    zero-width characters removed except ZWNJ, which separates words (a space; after «ه» it is
    the old way of typing «ە»), lower case, whitespace collapsed to single spaces and stripped.
    The result is a fixed point: normalising it again changes nothing.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _LEGACY_AE.sub("\u0647", text)
    text = text.lower().translate(_MATCH_TABLE)
    # Removing marks and invisible characters can bring a base letter next to a combining
    # accent it now composes with, so compose once more to make the key a fixed point.
    text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())


def matches_any(text: str, candidates: Iterable[str]) -> bool:
    """True if ``text`` equals one of ``candidates`` once both are normalised."""
    key = normalize_arabic(text)
    return any(key == normalize_arabic(candidate) for candidate in candidates)


def strip_definite_article(word: str) -> str:
    """Drop a leading «ال» from a (normalised) word, e.g. «الانتخابات» → «انتخابات».

    Words that would be left with fewer than two letters («الف», «ال») are returned unchanged,
    since there the «ال» is part of the word rather than the article.
    """
    if word.startswith(_DEFINITE_ARTICLE) and len(word) - len(_DEFINITE_ARTICLE) >= 2:
        return word[len(_DEFINITE_ARTICLE) :]
    return word


def keyword_match(text: str, keywords: Iterable[str]) -> bool:
    """True if what a person typed is one of ``keywords`` (menu words or labels).

    A match is equality after normalisation; for single words the definite article is also
    ignored on both sides, so «انتخابات», «الانتخابات» and «الأنتخابات» all match
    «الانتخابات». Multi-word labels must be typed whole. Nothing fuzzier, on purpose: a
    near miss should get the menu again, not a guess.
    """
    # Short texts (what menu words and labels are) come from a cache: its size stays bounded.
    key, single_word, bare_key = _typed_key(text) if len(text) <= _CACHED_TEXT else _typed_key.__wrapped__(text)
    if not key:
        return False
    for keyword in keywords:
        candidate, bare_candidate = _keyword_key(keyword)
        if key == candidate:
            return True
        if single_word and bare_candidate is not None and bare_key == bare_candidate:
            return True
    return False


_CACHED_TEXT = 200


@functools.lru_cache(maxsize=4096)
def _typed_key(text: str) -> tuple[str, bool, str]:
    # A message is tried against one word list after the other: its key is worked out once
    # (and people type the same menu words again and again).
    key = strip_edge_punctuation(normalize_arabic(text))
    return key, " " not in key, strip_definite_article(key)


@functools.lru_cache(maxsize=8192)
def _keyword_key(keyword: str) -> tuple[str, str | None]:
    # The catalog's words and the labels of buttons, normalised once rather than at every message
    # (the menu words are tried one after the other for whatever a person types).
    candidate = strip_edge_punctuation(normalize_arabic(keyword))
    return candidate, (strip_definite_article(candidate) if " " not in candidate else None)


def parse_int(text: str) -> int | None:
    """Read a whole non-negative number typed in ASCII, Arabic-Indic or Persian digits.

    Surrounding whitespace and bidi / zero-width marks (which phones insert around digits in
    right-to-left text) are ignored; anything else (signs, separators, words) gives None.
    """
    digits = to_ascii_digits(text.translate(_INVISIBLE_TABLE)).strip()
    if not _ASCII_INT.fullmatch(digits):
        return None
    try:
        return int(digits)
    except ValueError:  # longer than Python's int-from-str digit limit
        return None


# PostgreSQL's INTEGER, which every id column is: a larger number is no row, and asking the
# database for it raises instead of finding nothing.
ID_MAX = 2**31 - 1
_ARABIC_INDIC_TO_ASCII = str.maketrans(_ARABIC_INDIC_DIGITS, "0123456789")


def parse_id(text: str) -> int | None:
    """Read a row id a person or a payload sent (a deep link, an option, a typed number).

    Only ASCII (0-9) and Arabic-Indic (٠-٩) digits count, so a superscript «²» or any other
    character that passes ``str.isdigit()`` gives None, as do 0 and anything above
    ``ID_MAX``. Surrounding whitespace and bidi / zero-width marks are ignored.
    """
    if not isinstance(text, str):
        return None
    digits = text.translate(_INVISIBLE_TABLE).strip().translate(_ARABIC_INDIC_TO_ASCII)
    if not _ASCII_INT.fullmatch(digits):
        return None
    significant = digits.lstrip("0")
    # Checked by length first: int() of a 5,000-digit string is refused by Python itself.
    if not significant or len(significant) > len(str(ID_MAX)) or int(significant) > ID_MAX:
        return None
    return int(significant)


# Punctuation people type around a word: «الانتخابات؟», «،القائمة», "help!". The slash stays:
# «/join» and «/stop» are words in the catalog.
_EDGE_PUNCTUATION = "؟?،,؛;«»\"'“”‘’.…!:()[]{}-–—_*~"


def strip_edge_punctuation(text: str) -> str:
    """Drop punctuation before and after what was typed («الانتخابات؟» → «الانتخابات»), keeping inner text."""
    return " ".join(text.strip().strip(_EDGE_PUNCTUATION + " ").split())


def label_key(text: str) -> str:
    """The comparison key of an option label or a typed word: normalised, emoji, symbols and punctuation gone.

    «سجّلني ✅» and «سجلني», «الصفحة التالية ◀» and «الصفحة التالية», «نعم، احذف» and «نعم احذف» share one key.
    """
    kept = [ch if unicodedata.category(ch)[0] in "LNM" else " "
            for ch in normalize_arabic(_EMOJI_JOINERS.sub(" ", text))]
    return " ".join("".join(kept).split())
