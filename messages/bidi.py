"""Keep mixed-direction text in the right visual order: Latin runs in Arabic and Kurdish, Arabic in English.

The Unicode bidi algorithm lays out a right-to-left line well as long as it holds only Arabic
script; a command, a URL, a ticket code or an ISO date inside it is broken up by the neutral
characters around it («/menu» shows as «menu/», «2026-12-07» after an Arabic word as
«07-12-2026»), and a line whose first letter is Latin (an event titled «TEDx …», a button
«CSV …») becomes a left-to-right paragraph. Fluent's blanket isolation (FSI/PDI around every
placeable) would also wrap Arabic titles and numbers that need nothing, and add invisible
characters to every label; so the catalog decides per placeable instead:

- ``argument(value)`` marks a string argument while Fluent formats the message (it still
  compares as itself, so a string selector such as ``$on -> [yes]`` keeps working);
- ``finish(text, rtl)`` then wraps each marked value that needs it in an isolate and starts
  each right-to-left line that would otherwise begin left-to-right with RLM (U+200F).

In a right-to-left message a value is isolated when it holds a Latin letter, starts with «/», or
holds European digits other than one plain number (which reads as an Arabic number after an
Arabic letter): in LRI (U+2066) for commands, URLs, ticket codes, ISO dates, phone numbers,
«TEDx Baghdad»; in RLI (U+2067) when it is Arabic-script text with a Latin letter or European
numbers joined by separators in it (an organiser's «TEDx بغداد» must read «TEDx» first from the
right, which FSI's first-letter guess would turn around). In a left-to-right message a value
holding Arabic script is isolated in FSI (U+2068), so that «عنوان (in Arabic)» keeps its own
direction. Each isolate is closed by PDI (U+2069). Numbers formatted with Arabic-Indic digits and
values in the message's own script need nothing; nor does what a nested catalog message already
isolated, nor a value inside a left-to-right isolate of the catalog text (``{ -lri }/join
{ $code }{ -pdi }``). An argument that fills its own line (a title on a line of its own) is not
isolated, and one of several lines (an announcement, a description) is left exactly as its author
wrote it, lines unmarked. Literal Latin runs of the .ftl texts are isolated in the catalogs
themselves (messages/ar/main.ftl explains how).

Telegram still detects commands next to isolates: tdlib's ``match_bot_commands`` only refuses a
«/» preceded by a letter, a digit, «_», «/», «<» or «>», and isolates are format characters
(tests/test_bidi.py reimplements the rule and checks every message).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from babel import Locale
from fluent.runtime.types import FluentType

from messages.formatting import locale_of

__all__ = [
    "CONTROLS", "LRI", "LRM", "PDI", "RLI", "RLM",
    "argument", "finish", "fit_label", "is_rtl", "plain", "strip_isolates",
]

LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
_EMBEDDINGS = "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
ISOLATES = LRI + RLI + FSI + PDI
CONTROLS = LRM + RLM + ALM + ISOLATES + _EMBEDDINGS

# Private-use characters around an argument between Fluent's formatting and finish(): no
# catalog text contains them, and they are removed from argument values.
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKED = re.compile(f"{_OPEN}(.*?){_CLOSE}", re.DOTALL)
_NO_MARKERS = str.maketrans({_OPEN: None, _CLOSE: None})
_NO_ISOLATES = str.maketrans(dict.fromkeys(map(ord, ISOLATES + _EMBEDDINGS)))
_NO_CONTROLS = str.maketrans(dict.fromkeys(map(ord, CONTROLS)))

# Right-to-left script lives in a few blocks: Hebrew to Arabic Extended-A, the presentation
# forms and their supplementary-plane counterparts. Every letter there is strong right-to-left
# (bidi class R or AL); its digits (AN, or EN for ۰-۹) and marks are not letters, so they are
# excluded by "a letter of these blocks" below. A short class is kept on purpose: the exact list
# of R and AL code points made each scan a hundred times slower.
_RTL_BLOCKS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff"
_LETTER = "(?=[^\\W\\d_])"  # lookahead: the next character is a letter (\\w minus digits and «_»)
# European digits (ASCII, the Persian/Kurdish ۰-۹, superscripts, full width): weak, but after an
# Arabic letter they are read as Arabic numbers, so «2026-12-07» turns into «07-12-2026».
_EN = "0-9\u06f0-\u06f9\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\uff10-\uff19"
_RTL_LETTER = re.compile(f"{_LETTER}[{_RTL_BLOCKS}]")
_RTL_STRONG = re.compile(f"{_LETTER}[{_RTL_BLOCKS}]|[{RLM}{ALM}]")
# Any other letter is strong left-to-right (Latin, Cyrillic, Greek, CJK…).
_LTR_STRONG = re.compile(f"(?![{_RTL_BLOCKS}{_EN}])[^\\W\\d_]|{LRM}")
_LTR_OR_EUROPEAN = re.compile(f"(?![{_RTL_BLOCKS}])[^\\W\\d_]|[{_EN}{LRM}]")
# Lines that do not start in the message's direction: after the characters that decide nothing
# (spaces, punctuation, emoji, digits), the next one is not a right-to-left letter or mark (an
# isolate opening counts as the start: clients that do not skip isolates read it so), or, for
# left-to-right messages, it is a right-to-left letter or an isolate.
_UNDECIDED = f"(?:[^\\w\\n{LRI}{RLI}{FSI}{LRM}{RLM}{ALM}]|[\\d_])*+"  # possessive: no backtracking
_NOT_STARTING_RTL = re.compile(f"{_UNDECIDED}(?![{_RTL_BLOCKS}{RLM}{ALM}])")
_NOT_STARTING_LTR = re.compile(f"{_UNDECIDED}(?=[{_RTL_BLOCKS}{RLM}{ALM}{LRI}{RLI}{FSI}])")
_EUROPEAN_GROUPS = re.compile(f"[{_EN}][-+/:.,\\s]+[{_EN}]")
_HAS_ISOLATE = re.compile(f"[{ISOLATES}]")
# An isolate and its content (nested ones end at the first PDI: close enough to tell what is outside).
_ISOLATED_SPAN = re.compile(f"[{LRI}{RLI}{FSI}][^{PDI}\\n]*(?:{PDI}|$)")
_CONTENT = re.compile(f"[^\\W_]|[{LRI}{RLI}{FSI}]")  # a letter, a digit or an isolate


@cache
def is_rtl(lang: str) -> bool:
    """Whether a catalog language is written right to left (CLDR: ar and ckb are, en is not)."""
    return Locale.parse(locale_of(lang)).character_order == "right-to-left"


class Argument(str, FluentType):
    """A string argument: equal to its value (selectors), formatted between markers for finish()."""

    def format(self, locale: Any) -> str:  # noqa: D102 - Fluent hook
        return _OPEN + self.translate(_NO_MARKERS) + _CLOSE


def argument(value: str) -> Argument:
    """Mark a string argument so that finish() can decide whether it needs an isolate."""
    return Argument(value)


def _wrap(piece: str, rtl: bool, inside_ltr_isolate: bool) -> str:
    """`piece` (one line of an argument) inside the isolate it needs in a message of direction `rtl`."""
    if not rtl:
        # English: only Arabic script needs isolating; its first letter decides («Title (in Arabic)»).
        return piece if piece.isascii() or not _RTL_LETTER.search(piece) else FSI + piece + PDI
    # A line that the catalog already rendered (a nested message) carries its own isolates and
    # its RLM: only what stands outside them counts, and the RLM is the outer line's business.
    piece = piece[1:] if piece.startswith(RLM) else piece
    outside = _ISOLATED_SPAN.sub("", piece) if _HAS_ISOLATE.search(piece) else piece
    if _RTL_LETTER.search(outside):
        # Arabic-script text: a Latin letter, or European numbers joined by separators («2026-12-07»,
        # «770 123»), which an Arabic letter before them would turn around; a lone «11» reads fine.
        if not (_LTR_STRONG.search(outside) or _EUROPEAN_GROUPS.search(outside)):
            return piece
        return RLI + piece + PDI  # «TEDx بغداد» included: right to left
    if not (_LTR_OR_EUROPEAN.search(outside) or outside.lstrip().startswith("/")) or outside.strip().isdigit():
        # Arabic-Indic digits, punctuation, emoji, nothing left outside isolates, or one plain
        # number (read as an Arabic number after an Arabic letter: «4567» stays «4567»).
        return piece
    return piece if inside_ltr_isolate else LRI + piece + PDI


def _innermost_isolate(stack: list[str], template: str) -> None:
    """Follow the isolates the catalog text itself opens and closes (a line break closes them all)."""
    for char in template:
        if char == "\n":
            stack.clear()
        elif char in (LRI, RLI, FSI):
            stack.append(char)
        elif char == PDI and stack:
            stack.pop()


def _resolve_arguments(text: str, rtl: bool) -> tuple[str, set[int], set[int]]:
    """The text with each argument isolated as needed; the lines that are the author's, and those of one argument.

    An argument of several lines (an announcement, a description) is inserted as written and its
    lines are not marked: they are the author's paragraphs. A one-line argument that is alone on
    its line is not isolated either (an isolate would change nothing inside it); its line is
    marked only when it holds Arabic script.
    """
    parts: list[str] = []
    stack: list[str] = []
    authors: set[int] = set()
    alone: set[int] = set()
    line = 0
    position = 0
    for match in _MARKED.finditer(text):
        template = text[position:match.start()]
        parts.append(template)
        if "\n" in template or _HAS_ISOLATE.search(template):
            _innermost_isolate(stack, template)
        line += template.count("\n")
        value = match.group(1)
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        first_on_line = not text[start:match.start()].strip()
        by_itself = first_on_line and not text[match.end():None if end < 0 else end].strip()
        if "\n" in value:
            parts.append(value)
            breaks = value.count("\n")
            authors.update(range(line if first_on_line else line + 1, line + breaks + 1))
            line += breaks
            stack.clear()
        elif by_itself:
            parts.append(value)
            alone.add(line)
        else:
            parts.append(_wrap(value, rtl, bool(stack) and stack[-1] == LRI))
        position = match.end()
    parts.append(text[position:])
    return "".join(parts), authors, alone


def _mark_lines(text: str, rtl: bool, authors: set[int] | frozenset[int] = frozenset(),
                alone: set[int] | frozenset[int] = frozenset()) -> str:
    """Start each line that would lay out against the message's direction with RLM (or LRM)."""
    lines = text.split("\n")
    several = len(lines) > 1
    candidate = _NOT_STARTING_RTL if rtl else _NOT_STARTING_LTR
    changed = False
    for index, line in enumerate(lines):
        if index in authors or not candidate.match(line):
            continue  # the usual case: the line starts in the message's own direction
        if rtl:
            # A line of its own (a label, a code, a number, one argument) is marked only when it
            # holds Arabic script; in a longer message every line that says something reads
            # right to left.
            if not (_CONTENT.search(line) if several and index not in alone else _RTL_STRONG.search(line)):
                continue
        elif not _LTR_STRONG.search(line):
            continue  # no Latin letter: nothing here is English (a lone Arabic name, a number)
        lines[index] = (RLM if rtl else LRM) + line
        changed = True
    return "\n".join(lines) if changed else text


def finish(text: str, rtl: bool) -> str:
    """The formatted message with its marked arguments isolated as needed and its lines started right."""
    if _OPEN not in text:
        return _mark_lines(text, rtl)
    text, authors, alone = _resolve_arguments(text, rtl)
    return _mark_lines(text, rtl, authors, alone)


def strip_isolates(text: str) -> str:
    """`text` without isolates and embeddings (a one-direction button label), marks kept."""
    return text.translate(_NO_ISOLATES)


def plain(text: str) -> str:
    """`text` without any bidi control character (comparisons, typed words, character counts)."""
    return text.translate(_NO_CONTROLS)


def fit_label(label: str, limit: int) -> str:
    """A button title: isolates removed, and a leading RLM/LRM kept only while it fits in `limit`."""
    label = strip_isolates(label)
    if len(label) > limit and label[:1] in (RLM, LRM):
        label = label[1:]
    return label
