"""Typed words: option labels typed without their emoji, yes/no/back, and command words during a question.

Telegram and WhatsApp show options as buttons, but people also type what a button says
(a register label without its emoji, "next page", "yes"). The options a person was last offered are kept in their
state (label key, option id, label), so typed text can choose one of them, a typo inside a
submenu can show that submenu again, and a pending question never takes a command as its answer.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable

from handlers.context import Ctx
from handlers.menu import main_menu, show_help
from handlers.router import KEYWORDS
from handlers.types import Option, Outbound
from messages.normalize import keyword_match, label_key, strip_definite_article
from storage.services.contacts import still_stored

OFFERED = "offered"
OFFERED_MENU = "offered_menu"
# Enough for the longest list we show (19 governorates and their navigation), small in the row.
OFFERED_LIMIT = 30
# Words that choose the one offered option starting with them ("yes, delete my data", "back to …").
LEADING_WORDS = ("kw-yes", "kw-no", "kw-back")
# Words that do what they say even while a question waits for an answer (the stop words are
# handled by their own context hook, the menu words here too).
COMMAND_WORDS = ("kw-menu", "kw-help", "kw-delete")
SKIP, LATER = "skip", "later"
# Emoji variation selectors and joiners («✏️» is U+270F U+FE0F): label_key keeps combining marks, so
# without this an "edit ✏️" label and the typed word "edit" would have different keys.
_EMOJI_JOINERS = re.compile("[\ufe00-\ufe0f\u200d\u20e3]")
# A pending question that can take «skip» / «later» registers here: await name -> handler(ctx, signal).
PENDING_SIGNALS: dict[str, Callable[[Ctx, str], Awaitable[list[Outbound]]]] = {}


def option_key(text: str) -> str:
    """The comparison key of a label or of typed text: label_key without emoji variation selectors."""
    return label_key(_EMOJI_JOINERS.sub(" ", text))


@functools.lru_cache(maxsize=4096)
def _label_key(label: str) -> str:
    # Button labels (catalog texts, event titles) repeat from message to message: keyed once.
    return option_key(label)


def remember_offered(ctx: Ctx, replies: list[Outbound]) -> None:
    """Keep the options of these replies in the person's state, for what they type next."""
    if ctx.contact.consent_at is None or not still_stored(ctx.contact):
        return  # before consent only what they came with is kept; a deleted person has no state
    options = [option for reply in replies for option in reply.options]
    if not options:
        return  # a note without options: the buttons above it are still the ones on screen
    offered = [[_label_key(o.label), o.id, o.label] for o in options[-OFFERED_LIMIT:]]
    is_menu = any(reply.is_main_menu for reply in replies)
    current = ctx.contact.state or {}
    if current.get(OFFERED) == offered and bool(current.get(OFFERED_MENU)) == is_menu:
        return
    updated = {**current, OFFERED: offered}
    updated.pop(OFFERED_MENU, None)
    if is_menu:
        updated[OFFERED_MENU] = True
    ctx.contact.state = updated


def _offered(ctx: Ctx) -> list[tuple[str, str, str]]:
    entries = (ctx.contact.state or {}).get(OFFERED) or []
    return [(str(e[0]), str(e[1]), str(e[2])) for e in entries if isinstance(e, list) and len(e) == 3]


def _same_word(typed: str, key: str) -> bool:
    if typed == key:
        return True
    # One word: the Arabic definite article does not matter, as with the menu words.
    return " " not in typed and " " not in key and strip_definite_article(typed) == strip_definite_article(key)


def typed_choice(ctx: Ctx, text: str) -> str | None:
    """The id of the one offered option the typed text names, by its label or by the yes / no / back words."""
    offered = _offered(ctx)
    typed = option_key(text)
    if not offered or not typed:
        return None
    ids = {option_id for key, option_id, _ in offered if _same_word(typed, key)}
    if len(ids) == 1:
        return ids.pop()
    if ids:
        return None  # two options with the same label: ask again rather than guess
    for catalog_key in LEADING_WORDS:
        words = ctx.words(catalog_key)
        if keyword_match(text, words):
            ids = {option_id for key, option_id, _ in offered if key and keyword_match(key.split()[0], words)}
            return ids.pop() if len(ids) == 1 else None
    return None


def reshow_submenu(ctx: Ctx) -> list[Outbound] | None:
    """A word that matched nothing inside a submenu: a short hint and that submenu's options again."""
    state = ctx.contact.state or {}
    offered = _offered(ctx)
    if not offered or state.get(OFFERED_MENU):
        return None  # at the main menu the usual «not understood» and menu answer
    return [Outbound(ctx.t("typo-hint"), [Option(option_id, label) for _, option_id, label in offered])]


async def command_during_question(ctx: Ctx, text: str, waiting_for: str) -> list[Outbound] | None:
    """The reply when a pending question got a command word, skip or later; None when it is an answer."""
    for catalog_key in COMMAND_WORDS:
        if keyword_match(text, ctx.words(catalog_key)):
            if catalog_key == "kw-help":
                return await show_help(ctx)  # the question still waits: help, then the answer
            handler = next(h for key, h in KEYWORDS if key == catalog_key)
            if catalog_key == "kw-menu":
                ctx.clear_state()
            return await handler(ctx)
    for catalog_key, signal in (("kw-skip", SKIP), ("kw-later", LATER)):
        if keyword_match(text, ctx.words(catalog_key)):
            if waiting_for in PENDING_SIGNALS:
                return await PENDING_SIGNALS[waiting_for](ctx, signal)
            if signal == SKIP:
                return [ctx.reply("pending-cannot-skip")]
            ctx.clear_state()
            return [ctx.reply("pending-postponed"), main_menu(ctx)]
    return None
