"""Outbound -> WhatsApp Cloud API message bodies, within every limit of the platform.

- no options: text messages, split at word boundaries (4096 characters each);
- 1–3 options: reply buttons (title ≤ 20, body ≤ 1024); when a title had to be shortened, the
  titles are numbered and the body lists the full labels under the same numbers;
- 4–10 options: a list (row title ≤ 24, the rest of a long label in the row description ≤ 72);
- more than 10: nine rows and 'more', the rest kept by the pager for the next page.
A body too long for an interactive message goes first as text messages, then the buttons or the
list follow with a short body. Labels are shortened with messages.textsplit, never mid-word.

Bodies here have no recipient: the client adds ``messaging_product`` and ``to``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from handlers.types import Document, Option, Outbound
from messages import catalog
from messages.bidi import fit_label
from messages.formatting import format_number, locale_of
from messages.textsplit import ELLIPSIS, shorten_label, split_text

log = logging.getLogger(__name__)

TEXT_LIMIT = 4096
BODY_LIMIT = 1024
CAPTION_LIMIT = 1024
BUTTON_TITLE_LIMIT = 20
MAX_BUTTONS = 3
ROW_TITLE_LIMIT = 24
ROW_DESCRIPTION_LIMIT = 72
LIST_BUTTON_LIMIT = 20
MAX_ROWS = 10
FILENAME_LIMIT = 240
# Template variables may not contain line breaks; the approved template's own words share the
# 1024-character body with the variable, so the variable stays well below it.
TEMPLATE_PARAM_LIMIT = 900

# stash(remaining options, their page number, total pages) -> the row id of 'more' (kept in the database).
Stash = Callable[[list[Option], int, int], Awaitable[str]]
Message = dict[str, Any]


@dataclass(frozen=True, slots=True)
class DocumentUpload:
    """A file to upload to /media first, then send as a document message."""

    document: Document
    caption: str | None


Part = Message | DocumentUpload


def _fit(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word boundary (for bodies that must be one message)."""
    if len(text) <= limit:
        return text
    return split_text(text, limit - len(ELLIPSIS))[0] + ELLIPSIS


def text_messages(text: str) -> list[Message]:
    """Plain text messages, split at paragraph, sentence or word boundaries."""
    return [{"type": "text", "text": {"body": chunk}} for chunk in split_text(text, TEXT_LIMIT)]


async def render_reply(reply: Outbound, stash: Stash, lang: str = catalog.DEFAULT_LANGUAGE) -> list[Part]:
    """Every message one reply becomes, in order; the channel's own words in `lang` (or the reply's language)."""
    lang = reply.language or lang
    options = _unique(reply.options)
    if reply.request_contact:
        # WhatsApp already knows the number: a contact request has nothing to ask here.
        options = []
    parts: list[Part] = []
    text = reply.text.strip()
    if reply.document is not None:
        caption = text if text and len(text) <= CAPTION_LIMIT else None
        if text and caption is None:
            parts.extend(text_messages(text))
        parts.append(DocumentUpload(reply.document, caption))
        text = ""
    if not options:
        if text:
            parts.extend(text_messages(text))
        return parts
    return parts + await render_options(text, options, stash, lang=lang)


async def render_options(text: str, options: list[Option], stash: Stash, *, page: int = 1,
                         lang: str = catalog.DEFAULT_LANGUAGE) -> list[Part]:
    """Buttons for up to three options, a (paged) list for more; the channel's own words in `lang`."""
    if len(options) <= MAX_BUTTONS:
        return _buttons(text, options, lang)
    return await _list(text, options, stash, page, lang)


def _unique(options: list[Option]) -> list[Option]:
    seen: set[str] = set()
    unique = []
    for option in options:
        if option.id in seen:
            continue
        seen.add(option.id)
        unique.append(option)
    if len(unique) != len(options):
        log.info("duplicate option ids dropped on whatsapp")
    return unique


def _interactive(kind: str, body: str, action: dict[str, Any]) -> Message:
    return {"type": "interactive", "interactive": {"type": kind, "body": {"text": body}, "action": action}}


def _with_body(text: str, extra: str, build: Callable[[str], Message], lang: str) -> list[Part]:
    """The interactive message with `text` (+ `extra`) as its body, or the text sent first."""
    full = f"{text}\n\n{extra}" if text and extra else (text or extra)
    if full and len(full) <= BODY_LIMIT:
        return [build(full)]
    short = catalog.text("wa-choose", lang)
    body = f"{short}\n{extra}" if extra else short
    parts: list[Part] = text_messages(text) if text else []
    return parts + [build(_fit(body, BODY_LIMIT))]


def _buttons(text: str, options: list[Option], lang: str) -> list[Part]:
    # Titles are counted in characters: the catalog's bidi isolates are dropped from them (a label
    # reads in one direction), a leading RLM only where it still fits.
    labels = [fit_label(" ".join(o.label.split()), BUTTON_TITLE_LIMIT) for o in options]
    titles = [shorten_label(label, BUTTON_TITLE_LIMIT) for label in labels]
    numbered = titles != labels or len(set(titles)) < len(titles)
    extra = ""
    if numbered:
        # Short titles lose words: the numbers tie each button to its full label in the body
        # (and keep two titles that shortened alike apart, as Meta requires unique titles).
        numbers = [format_number(i, locale_of(lang)) for i in range(1, len(options) + 1)]
        titles = [shorten_label(f"{n}. {label}", BUTTON_TITLE_LIMIT) for n, label in zip(numbers, labels, strict=True)]
        extra = "\n".join(f"{n}. {label}" for n, label in zip(numbers, labels, strict=True))
    buttons = [{"type": "reply", "reply": {"id": o.id, "title": t}} for o, t in zip(options, titles, strict=True)]
    return _with_body(text, extra, lambda body: _interactive("button", body, {"buttons": buttons}), lang)


# Spaces and punctuation (Arabic comma and semicolon included) left dangling where a label was cut.
_SEPARATORS = " \u060c,\u061b;:-\u2013\u2014"


def _row(option: Option) -> dict[str, str]:
    label = fit_label(" ".join(option.label.split()), ROW_TITLE_LIMIT)
    title = shorten_label(label, ROW_TITLE_LIMIT)
    row = {"id": option.id, "title": title}
    description = option.description or ""
    if title != label:
        # shorten_label keeps a prefix of the label: the description carries on where it stopped.
        rest = label[len(title.removesuffix(ELLIPSIS)):].strip(_SEPARATORS)
        description = f"{ELLIPSIS}{rest}" + (f" — {description}" if description else "")
    if description:
        row["description"] = shorten_label(description, ROW_DESCRIPTION_LIMIT)
    return row


def page_count(total: int) -> int:
    """How many list pages `total` options take (nine per page plus 'more', ten on the last)."""
    if total <= MAX_ROWS:
        return 1
    return 1 + -(-(total - MAX_ROWS) // (MAX_ROWS - 1))


async def _list(text: str, options: list[Option], stash: Stash, page: int, lang: str) -> list[Part]:
    rows = [_row(o) for o in options[:MAX_ROWS]]
    if len(options) > MAX_ROWS:
        pages = page - 1 + page_count(len(options))
        more_id = await stash(options[MAX_ROWS - 1:], page + 1, pages)
        more = {"id": more_id, "title": shorten_label(catalog.text("wa-more", lang), ROW_TITLE_LIMIT),
                "description": shorten_label(catalog.text("wa-more-description", lang), ROW_DESCRIPTION_LIMIT)}
        rows = rows[: MAX_ROWS - 1] + [more]
    button = shorten_label(catalog.text("wa-list-button", lang), LIST_BUTTON_LIMIT)
    action = {"button": button, "sections": [{"rows": rows}]}
    return _with_body(text, "", lambda body: _interactive("list", body, action), lang)


def template_message(name: str, language: str, text: str) -> Message:
    """An approved template whose one body variable {{1}} carries the message text."""
    flat = " ".join(text.split())  # no line breaks or runs of spaces in a template variable
    return {
        "type": "template",
        "template": {
            "name": name,
            "language": {"code": language},
            "components": [
                {"type": "body", "parameters": [{"type": "text", "text": shorten_label(flat, TEMPLATE_PARAM_LIMIT)}]}
            ],
        },
    }


def page_body(page: int, pages: int, lang: str = catalog.DEFAULT_LANGUAGE) -> str:
    """The body of a follow-up list page: 'more choices — page 2 of 3:'."""
    return catalog.text("wa-more-body", lang, page=page, pages=pages)
