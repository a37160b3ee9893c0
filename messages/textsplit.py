"""Fit text into platform limits without cutting words.

Telegram messages stop at 4096 characters and captions at 1024; WhatsApp button titles at 20
and list rows at 24. Long event descriptions are split into several messages and long labels
are shortened with «…», always at a word boundary when one exists.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ELLIPSIS", "TELEGRAM_MESSAGE_LIMIT", "shorten_label", "split_text"]

TELEGRAM_MESSAGE_LIMIT = 4096
ELLIPSIS = "…"

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
_LINE_BREAK = re.compile(r"\n")
# Full stop, question and exclamation marks (Arabic and Latin), Arabic comma and semicolon,
# counted only when followed by whitespace so that «3.5» and «د.علي» stay whole.
_SENTENCE_END = re.compile(r"[.!?؟،؛…](?=\s)")
_SPACE = re.compile(r"\s")
# A label may also be cut right before these («جلسة ختامية، حصد» → «جلسة ختامية…»), and they
# are dropped when they would dangle before the ellipsis.
_LABEL_BREAKS = "،,؛;:"
_LABEL_TRAILING = " " + _LABEL_BREAKS + "-–—"


def _last_cut(window: str, limit: int) -> int | None:
    """Where to end the next chunk inside ``window`` (the next ``limit + 1`` characters).

    Tries paragraph breaks, then line breaks, then sentence ends, then spaces, and takes the
    last one of the first kind found so that each chunk holds as much as fits.
    """
    for pattern, cut_after_match in (
        (_PARAGRAPH_BREAK, False),
        (_LINE_BREAK, False),
        (_SENTENCE_END, True),
        (_SPACE, False),
    ):
        best = None
        for match in pattern.finditer(window):
            cut = match.end() if cut_after_match else match.start()
            if 0 < cut <= limit:
                best = cut
        if best is not None:
            return best
    return None


def _hard_cut(text: str, start: int, limit: int) -> int:
    """End of a forced cut of an over-long word, kept off combining marks (harakat, accents)."""
    cut = start + limit
    while cut > start + 1 and unicodedata.combining(text[cut]):
        cut -= 1
    return cut


def split_text(text: str, limit: int = TELEGRAM_MESSAGE_LIMIT) -> list[str]:
    """Split ``text`` into stripped, non-empty chunks of at most ``limit`` characters each.

    Breaks are preferred at paragraph breaks, then line breaks, then sentence ends («.», «؟»,
    «!», «،» followed by a space), then spaces; a word longer than ``limit`` is cut as a last
    resort. Each chunk is a slice of the original text, so only whitespace is ever lost.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    chunks: list[str] = []
    start = 0
    length = len(text)
    while True:
        while start < length and text[start].isspace():
            start += 1
        if start >= length:
            return chunks
        if length - start <= limit:
            chunks.append(text[start:].rstrip())
            return chunks
        cut = _last_cut(text[start : start + limit + 1], limit)
        end = start + cut if cut is not None else _hard_cut(text, start, limit)
        chunks.append(text[start:end].rstrip())
        start = end


def shorten_label(text: str, limit: int) -> str:
    """Fit a button or list label into ``limit`` characters, ending with «…» when shortened.

    The cut is made at the last word boundary that leaves room for the ellipsis; only when the
    first word alone is too long is it cut inside the word.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    if len(text) <= limit:
        return text
    # Labels are one line: a shortened one gets its whitespace tidied too.
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    head = text[:room]
    if not (text[room].isspace() or text[room] in _LABEL_BREAKS):
        last_space = head.rfind(" ")
        head = head[:last_space] if last_space > 0 else ""
    head = head.rstrip(_LABEL_TRAILING)
    if not head and room > 0:
        head = text[: _hard_cut(text, 0, room)]
    return head + ELLIPSIS
