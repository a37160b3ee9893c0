"""What a person sees is in the right order: Latin inside Arabic and Kurdish, Arabic inside English.

Every right-to-left message is rendered with Latin arguments (commands, URLs, ticket codes, ISO
dates, «TEDx Baghdad»…) and laid out with the Unicode bidi algorithm (python-bidi): each Latin
run must keep its visual order and each line must stay a right-to-left paragraph. Every message
of every language must keep its /commands tappable on Telegram.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import pytest
from bidi import get_base_level, get_display

from bot.whatsapp.render import BUTTON_TITLE_LIMIT, ROW_TITLE_LIMIT, render_options
from handlers.types import Option
from messages import catalog
from messages.bidi import FSI, LRI, PDI, RLI, RLM
from messages.check_catalogs import SOURCE_LANGUAGE, read_catalog
from messages.normalize import keyword_match, normalize_arabic
from tests.helpers import plain

RTL_LANGUAGES = ["ar", "ckb"]
LATIN_SAMPLES = [
    "/menu",
    "https://example.org/e/7",
    "ABCD234567",
    "2026-12-07 10:00",
    "TEDx Baghdad",
    "+964 770 123 4567",
    "info@example.org",
    "90 min",
]
ARABIC_SAMPLES = ["ندوة حوارية", "TEDx بغداد"]
COUNTS = (0, 1, 2, 3, 11, 100, 1000)

# A Latin run as it must show: words of ASCII letters, digits and the punctuation inside
# commands, URLs, dates and numbers, joined by single spaces; it never starts or ends with
# sentence punctuation (a full stop after «/start» belongs to the Arabic sentence).
_TOKEN = r"[A-Za-z0-9/+][A-Za-z0-9/:.+@_-]*[A-Za-z0-9/]|[A-Za-z0-9]"
LATIN_RUN = re.compile(rf"(?:{_TOKEN})(?: (?:{_TOKEN}))*")


def _is_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L")


def has_rtl_letter(text: str) -> bool:
    """Whether `text` holds an Arabic-script (right-to-left) letter, not just «،» or «١»."""
    return any(_is_letter(char) and unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def bot_commands(text: str) -> list[str]:
    """The bot_command entities Telegram finds in `text`, as tdlib computes them.

    A reimplementation of tdlib's match_bot_commands (td/telegram/MessageEntity.cpp, the regex
    '/(?<!\\b|[\\/<>])\\/([a-zA-Z0-9_]{1,64})(?:@([a-zA-Z0-9_]{3,32}))?(?!\\B|[\\/<>])/u'): a «/»
    not preceded by a word character (is_word_character: a Unicode letter, a decimal or other
    number, or «_») nor by «/», «<», «>»; then 1-64 ASCII letters, digits or «_», optionally
    @username (3-32); then no word character and no «/», «<», «>». Bidi isolates and marks are
    format characters (Cf), not word characters, so they never stop a command.
    """

    def is_word(char: str) -> bool:
        return char == "_" or _is_letter(char) or unicodedata.category(char) in ("Nd", "Nl", "No")

    def is_command_char(char: str) -> bool:
        return char.isascii() and (char.isalnum() or char == "_")

    found = []
    for start in (i for i, char in enumerate(text) if char == "/"):
        if start and (is_word(text[start - 1]) or text[start - 1] in "/<>"):
            continue
        end = start + 1
        while end < len(text) and is_command_char(text[end]):
            end += 1
        if not 1 <= end - start - 1 <= 64:
            continue
        if end < len(text) and text[end] == "@":
            mention_end = end + 1
            while mention_end < len(text) and is_command_char(text[mention_end]):
                mention_end += 1
            if not 3 <= mention_end - end - 1 <= 32:
                continue
            end = mention_end
        if end < len(text) and (is_word(text[end]) or text[end] in "/<>"):
            continue
        found.append(text[start:end])
    return found


def written_commands(text: str) -> list[str]:
    """Every «/command» a reader sees in `text`: a «/» then a letter, not inside a URL, a date or «/a/b»."""
    return re.findall(r"(?<![A-Za-z0-9_:/\u0660-\u0669])/[A-Za-z][A-Za-z0-9_]*(?![A-Za-z0-9_/])", plain(text))


def first_strong(line: str) -> str | None:
    """The bidi class of the first strong character, read as clients that ignore isolates read it."""
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind in ("L", "R", "AL"):
            return kind
    return None


def rendered(lang: str, samples: list[str]) -> Iterator[tuple[str, str]]:
    """(key, text) for every message of `lang`, string arguments taking each sample in turn."""
    source = read_catalog(SOURCE_LANGUAGE).entries
    bundle = catalog._bundle(lang)  # noqa: SLF001 - no Arabic fallback: each language is checked itself
    for key, entry in sorted(read_catalog(lang).entries.items()):
        if key.startswith("kw-") or "-kw-" in key:
            continue  # typed words, never shown (matching drops bidi marks)
        variables = source[key].variables if key in source else entry.variables
        plurals = entry.plural_selectors | (source[key].plural_selectors if key in source else set())
        choices = {name: sorted(keys) for name, keys in entry.choices.items()}
        rounds = max([len(samples), len(COUNTS) if plurals else 1, *(len(keys) for keys in choices.values())])
        for turn in range(rounds):
            args: dict[str, object] = {name: samples[turn % len(samples)] for name in variables}
            for name in plurals:
                args[name] = COUNTS[turn % len(COUNTS)]
            for name, keys in choices.items():
                args[name] = keys[turn % len(keys)]
            text, errors = catalog._render(bundle, lang, key, args)  # noqa: SLF001
            assert errors == [], f"{lang} {key}: {errors}"
            yield key, text


# --- the examples ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", RTL_LANGUAGES)
def test_the_menu_command_reads_slash_first_in_the_help(lang: str) -> None:
    last_line = catalog.text("help", lang).split("\n")[-1]
    shown = plain(get_display(last_line))
    assert "/menu" in shown and "menu/" not in shown


@pytest.mark.parametrize("lang", RTL_LANGUAGES)
def test_the_invite_command_and_its_code_read_as_typed(lang: str) -> None:
    shown = plain(get_display(catalog.text("join-usage", lang)))
    assert "/join ABCD234567" in shown


@pytest.mark.parametrize("lang", RTL_LANGUAGES)
def test_the_map_link_example_shows_https_unreversed(lang: str) -> None:
    shown = plain(get_display(catalog.text("ea-ask-map", lang)))
    assert "https://" in shown and "//:https" not in shown


@pytest.mark.parametrize("lang", RTL_LANGUAGES)
def test_iso_date_examples_keep_year_month_day_order(lang: str) -> None:
    for key in ("broadcast-when-invalid", "ea-ask-starts", "broadcast-ask-when"):
        shown = [plain(get_display(line)) for line in catalog.text(key, lang).split("\n")]
        assert any(re.search(r"2026-12-07 1\d:\d\d", line) for line in shown), key
        assert not any("07-12-2026" in line for line in shown), key


@pytest.mark.parametrize("lang", RTL_LANGUAGES)
@pytest.mark.parametrize("key", ["export-format-csv", "export-format-xlsx"])
def test_export_buttons_starting_with_csv_or_excel_read_right_to_left(lang: str, key: str) -> None:
    label = catalog.text(key, lang)
    assert label.startswith(RLM), "a label whose first word is Latin starts with RLM"
    assert get_base_level(label) == 1 and first_strong(label) == "R"
    shown = plain(get_display(label))
    for run in LATIN_RUN.findall(plain(label)):
        assert run in shown
    if "(XLSX)" in label:
        assert "Excel (XLSX)" in shown
    elif "(" in label:
        # python-bidi does not mirror glyphs: laid out right to left, the «(» that opens the note
        # stays at its right, next to «CSV» (left to right it would come after the Arabic words).
        assert re.fullmatch(r"\)[^()]+\( CSV", shown), shown


@pytest.mark.parametrize("lang", RTL_LANGUAGES)
def test_a_latin_event_title_keeps_its_line_right_to_left(lang: str) -> None:
    text = catalog.text("ticket-item", lang, title="TEDx Baghdad")
    assert f"{LRI}TEDx Baghdad{PDI}" in text
    assert get_base_level(text) == 1 and first_strong(text) == "AL"
    line = catalog.text("broadcast-event-option", lang, title="TEDx Baghdad", date="٧ كانون الأول")
    assert line.startswith(RLM + LRI), "a line that starts with a Latin title starts with RLM"
    assert get_base_level(line) == 1 and "TEDx Baghdad" in get_display(line)


def test_an_arabic_title_that_starts_with_a_brand_stays_right_to_left_inside_arabic() -> None:
    text = catalog.text("checkin-done", "ar", ticket="AB23CD45", title="TEDx بغداد")
    assert f"{RLI}TEDx بغداد{PDI}" in text and f"{LRI}AB23CD45{PDI}" in text


def test_arabic_digits_and_arabic_titles_need_no_isolates() -> None:
    text = catalog.text("broadcast-segment-r", "ar", title="ندوة حوارية")
    assert text == plain(text)
    assert catalog.text("seats-left", "ar", count=11) == "بقي ١١ مقعداً"


def test_a_string_selector_still_chooses_its_variant() -> None:
    assert "مضمّنة" in catalog.text("export-phones-state", "ar", on="yes")
    assert "غير مضمّنة" in catalog.text("export-phones-state", "ar", on="no")


def test_an_english_sentence_isolates_only_arabic_arguments() -> None:
    arabic = catalog.text("checkin-done", "en", ticket="AB23CD45", title="ندوة حوارية")
    assert f"{FSI}ندوة حوارية{PDI}" in arabic and f"{LRI}AB23CD45" not in arabic
    latin = catalog.text("checkin-done", "en", ticket="AB23CD45", title="TEDx Baghdad")
    assert latin == plain(latin)


# --- every message -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", RTL_LANGUAGES)
def test_every_right_to_left_message_keeps_latin_runs_in_visual_order(lang: str) -> None:
    problems = []
    for key, text in rendered(lang, LATIN_SAMPLES):
        for line in text.split("\n"):
            shown = plain(get_display(line))
            for run in LATIN_RUN.findall(plain(line)):
                if run not in shown:
                    problems.append(f"{key}: {run!r} shows as {shown!r}")
    assert problems == []


@pytest.mark.parametrize("lang", RTL_LANGUAGES)
def test_every_right_to_left_line_stays_a_right_to_left_paragraph(lang: str) -> None:
    problems = []
    for key, text in rendered(lang, LATIN_SAMPLES):
        lines = text.split("\n")
        for line in lines:
            if plain(line).strip() in LATIN_SAMPLES:
                continue  # an argument alone on its line is laid out as written (a Latin title)
            says_something = any(char.isalnum() for char in line)
            if has_rtl_letter(line) or (len(lines) > 1 and says_something):
                # Both readings: the bidi algorithm's (isolates skipped) and a naive client's.
                if get_base_level(line) != 1 or first_strong(line) not in ("R", "AL"):
                    problems.append(f"{key}: {line!r}")
    assert problems == []


@pytest.mark.parametrize("lang", catalog.available_languages())
def test_every_command_in_every_message_stays_tappable_on_telegram(lang: str) -> None:
    samples = LATIN_SAMPLES if lang in RTL_LANGUAGES else LATIN_SAMPLES + ARABIC_SAMPLES
    checked = 0
    for key, text in rendered(lang, samples):
        written, detected = written_commands(text), bot_commands(text)
        assert all(detected.count(command) >= written.count(command) for command in written), f"{lang} {key}: {text!r}"
        checked += len(written)
    assert checked > 20, "the help, the invitation, the opt-out and the console name commands"


def test_english_arabic_arguments_are_isolated_and_latin_ones_are_not() -> None:
    for key, text in rendered("en", ARABIC_SAMPLES):
        for line in text.split("\n"):
            if line.strip() in ARABIC_SAMPLES:
                continue  # an argument alone on its line is its own paragraph
            for sample in ARABIC_SAMPLES:
                assert line.count(sample) == line.count(f"{FSI}{sample}{PDI}"), f"{key}: {line!r}"
    for key, text in rendered("en", LATIN_SAMPLES):
        assert text == plain(text), f"{key}: English with Latin arguments has no bidi marks"


def test_english_lines_that_start_with_an_arabic_title_stay_left_to_right() -> None:
    for key, text in rendered("en", ARABIC_SAMPLES):
        for line in text.split("\n"):
            if re.search("[A-Za-z]", plain(line).replace("TEDx", "")):
                assert get_base_level(line) == 0 and first_strong(line) == "L", f"{key}: {line!r}"


# --- the reimplemented Telegram rule itself ------------------------------------------------------


def test_the_telegram_rule_finds_commands_next_to_isolates_but_not_glued_to_a_word() -> None:
    assert bot_commands(f"اكتب {LRI}/menu{PDI} الآن") == ["/menu"]
    assert bot_commands(f"{RLM}/start.") == ["/start"]
    assert bot_commands("بـ/menu") == [], "an Arabic letter right before «/» stops the command"
    assert bot_commands("https://example.org/e/menu") == []
    assert bot_commands("/join@musharaka_bot ABC") == ["/join@musharaka_bot"]


# --- labels, matching -------------------------------------------------------------------------------


async def _titles(labels: list[str]) -> list[str]:
    async def stash(rest: list[Option], page: int, pages: int) -> str:
        return "more"

    parts = await render_options("", [Option(f"o{i}", label) for i, label in enumerate(labels)], stash)
    action = parts[-1]["interactive"]["action"]
    if "buttons" in action:
        return [button["reply"]["title"] for button in action["buttons"]]
    return [row["title"] for row in action["sections"][0]["rows"]]


@pytest.mark.parametrize("lang", RTL_LANGUAGES)
async def test_whatsapp_button_titles_hold_no_isolates_and_fit_their_limit(lang: str) -> None:
    labels = [catalog.text("export-format-csv", lang), catalog.text("export-format-xlsx", lang),
              catalog.text("ticket-item", lang, title="TEDx")]
    titles = await _titles(labels)
    assert all(len(title) <= BUTTON_TITLE_LIMIT for title in titles)
    assert not any(char in title for title in titles for char in (LRI, RLI, FSI, PDI))
    assert titles[-1].endswith(plain(labels[-1]))


async def test_isolates_do_not_count_against_a_button_title() -> None:
    label = catalog.text("ticket-item", "ar", title="TEDx")
    title = "TEDx" + "B" * (BUTTON_TITLE_LIMIT - len(plain(label)))
    label = catalog.text("ticket-item", "ar", title=title)
    assert len(plain(label)) == BUTTON_TITLE_LIMIT and len(label) > BUTTON_TITLE_LIMIT
    assert await _titles([label, "نعم"]) == [plain(label), "نعم"], "the whole title fits once its isolates are dropped"


async def test_isolates_do_not_count_against_a_list_row_title() -> None:
    title = "TEDx " + "B" * 20
    label = catalog.text("ticket-item", "ar", title=title)
    while len(plain(label)) > ROW_TITLE_LIMIT:
        title = title[:-1]
        label = catalog.text("ticket-item", "ar", title=title)
    assert len(plain(label)) == ROW_TITLE_LIMIT and len(label) > ROW_TITLE_LIMIT
    rows = await _titles([label] + [f"خيار {n}" for n in range(4)])
    assert rows[0] == plain(label), "the whole title fits once its isolates are dropped"


def test_typed_words_and_matching_ignore_isolates() -> None:
    assert normalize_arabic(f"{LRI}/menu{PDI}") == "/menu"
    assert keyword_match(f"{RLM}{LRI}ticket{PDI}", catalog.words("kw-tickets"))
    assert all(word == plain(word) for lang in catalog.available_languages()
               for key in ("kw-menu", "kw-join", "kw-optout") for word in catalog.words(key, lang))
