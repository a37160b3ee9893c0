"""The Arabic catalog: every word the bot says is there, with the right plural form and digits."""

from __future__ import annotations

import io
import re
import tokenize
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from messages import catalog
from messages.formatting import DAY_PERIODS
from storage.vocab import EVENT_KINDS, GOVERNORATES, INTERESTS

ROOT = Path(__file__).resolve().parents[1]

# --- plurals -------------------------------------------------------------------------------

# CLDR Arabic: 0 zero, 1 one, 2 two, n%100 in 3..10 few, n%100 in 11..99 many, else other.
SEATS_LEFT = [
    (0, "لم يبقَ أي مقعد"),
    (1, "بقي مقعد واحد"),
    (2, "بقي مقعدان"),
    (3, "بقيت ٣ مقاعد"),
    (10, "بقيت ١٠ مقاعد"),
    (11, "بقي ١١ مقعداً"),
    (99, "بقي ٩٩ مقعداً"),
    (100, "بقي ١٠٠ مقعد"),
    (103, "بقيت ١٠٣ مقاعد"),
    (1000, "بقي ١٬٠٠٠ مقعد"),
]


@pytest.mark.parametrize(("count", "expected"), SEATS_LEFT, ids=[str(c) for c, _ in SEATS_LEFT])
def test_seats_left_uses_the_arabic_plural_form_and_arabic_indic_digits(count: int, expected: str) -> None:
    assert catalog.text("seats-left", count=count) == expected


WAITING = [
    (0, "لا أحد على قائمة الانتظار بعد"),
    (1, "شخص واحد على قائمة الانتظار"),
    (2, "شخصان على قائمة الانتظار"),
    (3, "٣ أشخاص على قائمة الانتظار"),
    (11, "١١ شخصاً على قائمة الانتظار"),
    (100, "١٠٠ شخص على قائمة الانتظار"),
]


@pytest.mark.parametrize(("waiting", "expected"), WAITING, ids=[str(w) for w, _ in WAITING])
def test_full_event_tells_how_many_wait_with_the_right_plural(waiting: int, expected: str) -> None:
    assert catalog.text("seats-full", waiting=waiting) == f"اكتمل العدد — {expected}"


DELETED = [
    (0, "تم حذف بياناتك."),
    (1, "تم حذف بياناتك وإلغاء تسجيل واحد."),
    (2, "تم حذف بياناتك وإلغاء تسجيلين."),
    (3, "تم حذف بياناتك وإلغاء ٣ تسجيلات."),
    (11, "تم حذف بياناتك وإلغاء ١١ تسجيلاً."),
    (100, "تم حذف بياناتك وإلغاء ١٠٠ تسجيل."),
]


@pytest.mark.parametrize(("count", "expected"), DELETED, ids=[str(c) for c, _ in DELETED])
def test_deleting_my_data_counts_the_cancelled_registrations_in_arabic(count: int, expected: str) -> None:
    assert catalog.text("deleted", count=count).startswith(expected)


def test_plain_numbers_in_messages_use_arabic_indic_digits() -> None:
    text = catalog.text("waitlisted", title="ندوة", position=12)
    assert "١٢" in text and "12" not in text


def test_a_missing_key_is_an_error_not_an_empty_message() -> None:
    with pytest.raises(KeyError):
        catalog.text("no-such-key-anywhere")


def test_an_unknown_language_falls_back_to_arabic() -> None:
    assert catalog.text("menu-my", "xx") == catalog.text("menu-my") == "تسجيلاتي"


# --- keys used in code exist ---------------------------------------------------------------

# A literal key passed to ctx.t / ctx.reply / ctx.opt / catalog.text, or to the @keywords decorator.
_KEY_CALL = re.compile(
    r"""(?:\bctx\.(?:t|reply|opt)|\bcatalog\.text|@keywords)\(\s*["']([A-Za-z0-9_-]+)["']""",
)
# f"prefix-{...}": a family of keys whose members are checked below.
_KEY_FAMILY = re.compile(r"""(?:\bctx\.(?:t|reply|opt)|\bcatalog\.text)\(\s*f["']([A-Za-z0-9_-]+)\{""")


def _code_files() -> list[Path]:
    return sorted(p for folder in ("handlers", "bot") for p in (ROOT / folder).rglob("*.py"))


def _keys_used_in_code() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for path in _code_files():
        for key in _KEY_CALL.findall(path.read_text(encoding="utf-8")):
            used.setdefault(key, []).append(path.relative_to(ROOT).as_posix())
    return used


def test_the_scan_finds_the_keys_of_the_main_screens() -> None:
    used = _keys_used_in_code()
    assert {"welcome", "main-menu", "option-stale", "seats-left", "kw-elections", "console-banner"} <= set(used)


def test_every_key_used_in_code_exists_in_the_arabic_catalog() -> None:
    missing = {key: files for key, files in _keys_used_in_code().items() if not catalog.has_message(key)}
    assert missing == {}


def test_every_key_family_used_in_code_has_entries_in_the_catalog() -> None:
    families = {
        prefix for path in _code_files() for prefix in _KEY_FAMILY.findall(path.read_text(encoding="utf-8"))
    }
    assert {"gov-", "kind-", "interest-", "status-"} <= families, "the scan sees f-string keys"
    keys = catalog.message_keys()
    assert {prefix for prefix in families if not any(key.startswith(prefix) for key in keys)} == set()


@pytest.mark.parametrize(
    "key",
    [
        *(f"register-{result}" for result in ("unavailable", "past", "closed")),
        *(f"status-{status}" for status in ("confirmed", "cancelled")),
        *(f"period-{part}" for part in DAY_PERIODS),
        *(f"language-{code}" for code in catalog.available_languages()),
    ],
)
def test_every_member_of_a_key_family_exists(key: str) -> None:
    assert catalog.has_message(key)


@pytest.mark.parametrize(
    "key",
    [f"gov-{code}" for code in GOVERNORATES]
    + [f"kind-{code}" for code in EVENT_KINDS]
    + [f"interest-{code}" for code in INTERESTS]
    + [f"interest-short-{code}" for code in INTERESTS],
)
def test_every_vocabulary_code_has_an_arabic_label(key: str) -> None:
    assert catalog.has_message(key)
    label = catalog.text(key)
    assert label.strip() and re.search(r"[\u0600-\u06ff]", label)


def test_there_are_nineteen_governorates_with_their_arabic_names() -> None:
    labels = [catalog.text(f"gov-{code}") for code in GOVERNORATES]
    assert labels == [
        "بغداد", "البصرة", "نينوى", "أربيل", "النجف", "كربلاء", "ميسان", "واسط", "الأنبار", "ذي قار",
        "بابل", "ديالى", "صلاح الدين", "كركوك", "المثنى", "القادسية", "دهوك", "السليمانية", "حلبجة",
    ]


def test_event_kinds_and_interests_have_the_names_of_the_seeds() -> None:
    assert [catalog.text(f"kind-{k}") for k in EVENT_KINDS] == [
        "ندوة حوارية", "طاولة حوارية", "ورشة عمل", "جلسة ختامية", "مؤتمر", "حملة",
    ]
    assert [catalog.text(f"interest-{i}") for i in INTERESTS] == [
        "تعزيز الديمقراطية والانتخابات", "الشباب", "تمكين المرأة", "السلم المجتمعي ونبذ العنف",
        "مكافحة الفساد", "التربية والتعليم", "الصحة", "مساندة النازحين",
    ]


# --- no user-facing Arabic in code ---------------------------------------------------------

_ARABIC_BLOCKS = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# The same folders the before-stop hook exempts: benchmarks build realistic Arabic input too.
_EXEMPT_FOLDERS = ("messages", "tests", "bench", ".venv", "venv", "build", "dist", ".git")


def _is_arabic_letter(char: str) -> bool:
    return bool(_ARABIC_BLOCKS.match(char)) and unicodedata.category(char).startswith("L")


def _is_arabic_punctuation(char: str) -> bool:
    return bool(_ARABIC_BLOCKS.match(char)) and unicodedata.category(char).startswith("P")


def _python_files_under_the_rule(*folders: str) -> list[Path]:
    files = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in _EXEMPT_FOLDERS or relative.parts[0].endswith(".egg-info"):
            continue
        if folders and relative.parts[0] not in folders:
            continue
        if "normali" in path.name:
            continue
        files.append(path)
    return files


def _string_literals_with(source: str, wanted: Callable[[str], bool]) -> list[str]:
    """Lines of string literals (not docstrings, not comments) holding a character that is `wanted`.

    Docstrings and comments may quote the interface for the reader; only literals the program
    uses can reach what people see, and those belong in messages/.
    """
    found = []
    statement_start = True
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.COMMENT, tokenize.NL):
            continue
        if token.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            statement_start = True
            continue
        is_string = token.type == tokenize.STRING or token.type == getattr(tokenize, "FSTRING_MIDDLE", -1)
        # A docstring (or any bare string statement) starts a statement.
        if is_string and not statement_start and any(wanted(char) for char in token.string):
            found.append(f"{token.start[0]}: {token.line.strip()}")
        statement_start = False
    return found


def _params(files: list[Path], known_offenders: dict[str, str]) -> list:  # type: ignore[type-arg]
    params = []
    for path in files:
        relative = path.relative_to(ROOT).as_posix()
        reason = known_offenders.get(relative)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(path, id=relative, marks=marks))
    return params


@pytest.mark.parametrize("path", _params(_python_files_under_the_rule(), {}))
def test_no_arabic_letters_in_code(path: Path) -> None:
    """The project rule: user-facing words live in messages/, never in .py files."""
    assert _string_literals_with(path.read_text(encoding="utf-8"), _is_arabic_letter) == []


def test_the_list_separator_in_settings_comes_from_the_catalog() -> None:
    source = (ROOT / "handlers" / "settings_menu.py").read_text(encoding="utf-8")
    assert _string_literals_with(source, _is_arabic_punctuation) == []


def test_the_arabic_scan_sees_literals_and_skips_docstrings_and_comments() -> None:
    source = '"""«القائمة» in a docstring."""\n\n\ndef f():\n    """«مساعدة»."""\n    # «تعليق»\n    return "نص"\n'
    assert _string_literals_with(source, _is_arabic_letter) == ['7: return "نص"']
    assert _string_literals_with('x = "، "\n', _is_arabic_letter) == []
    assert _string_literals_with('x = "، "\n', _is_arabic_punctuation) == ['1: x = "، "']
