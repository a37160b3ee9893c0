"""Every option label fits a WhatsApp reply button (20 characters) in English and Kurdish too.

And the WhatsApp renderer's own words («المزيد», «اختر») are written in the person's language.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.whatsapp.render import BUTTON_TITLE_LIMIT, ROW_TITLE_LIMIT, page_body, render_options, render_reply
from handlers.types import Option, Outbound
from messages import catalog
from messages.formatting import format_time, locale_of
from storage.vocab import GOVERNORATES, INTERESTS
from tests.helpers import plain
from tests.test_arabic_review import BUTTON_LIMIT, FREE_TEXT, _carries_a_value, _option_keys

LANGUAGES = ("en", "ckb")  # Arabic: tests/test_arabic_review.py


def _evening_answers(lang: str) -> list[dict[str, object]]:
    """The «yes, 4:00 in the afternoon» answers for every time the date question asks about, in `lang`."""
    answers = []
    for minutes in range(60, 7 * 60, 5):
        typed = datetime(2026, 12, 7) + timedelta(minutes=minutes) - timedelta(hours=3)
        for moment in (typed, typed + timedelta(hours=12)):
            clock, period = format_time(moment, locale_of(lang))
            answers.append({"time": clock, "period": catalog.text(f"period-{period}", lang)})
    return answers


def arguments(lang: str) -> dict[str, list[dict[str, object]]]:
    """Labels built from a bounded set of values, with every value written in `lang`."""
    interests = [{"name": catalog.text(f"interest-short-{code}", lang)} for code in INTERESTS]
    governorates = [{"name": catalog.text(f"gov-{code}", lang)} for code in GOVERNORATES]
    return {
        "interest-on": interests,
        "interest-off": interests,
        "broadcast-toggle-on": governorates + interests,
        "broadcast-toggle-off": governorates + interests,
        "events-my-governorate": [{"governorate": catalog.text(f"gov-{code}", lang)} for code in GOVERNORATES],
        "team-invites": [{"count": n} for n in range(100)],
        "menu-surveys": [{"count": n} for n in range(1, 1000)],
        "ea-duration-hours": [{"hours": n} for n in range(1, 25)],
        "date-evening-yes": _evening_answers(lang),
        "date-evening-no": _evening_answers(lang),
    }


def renderings(key: str, lang: str, samples: dict[str, list[dict[str, object]]]) -> list[str]:
    """Every way label `key` can read in `lang` (bidi marks dropped, as the renderer drops them)."""
    if key in samples:
        return [plain(catalog.text(key, lang, **args)) for args in samples[key]]
    return [plain(catalog.text(key, lang))]


def test_the_renderer_and_the_test_agree_on_the_button_limit() -> None:
    # A label that fits a reply button fits a list row too (24): the tighter limit is the one checked.
    assert BUTTON_LIMIT == BUTTON_TITLE_LIMIT <= ROW_TITLE_LIMIT


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_option_label_fits_a_whatsapp_button_in_every_language(lang: str) -> None:
    keys, _ = _option_keys()
    samples = arguments(lang)
    too_long: dict[str, list[str]] = {}
    for key in sorted(keys - FREE_TEXT):
        if not catalog.has_message(key) or (key not in samples and _carries_a_value(key)):
            continue  # a missing key is test_catalog's to report; a label with a name or title cannot promise a length
        long = sorted({label for label in renderings(key, lang, samples) if len(label) > BUTTON_LIMIT})
        if long:
            too_long[key] = long[:3]
    assert too_long == {}


def _words(parts: list[object]) -> str:
    return repr(parts)


@pytest.mark.parametrize("lang", ["en", "ckb"])
async def test_a_long_list_says_more_and_choose_in_the_person_s_language(lang: str) -> None:
    stashed: list[list[Option]] = []

    async def stash(options: list[Option], page: int, pages: int) -> str:
        stashed.append(options)
        return "more:1"

    options = [Option(f"id{n}", catalog.text(f"gov-{code}", lang)) for n, code in enumerate(GOVERNORATES)]
    parts = await render_reply(Outbound("x", options), stash, lang)
    action = parts[-1]["interactive"]["action"]  # type: ignore[index]
    assert action["button"] == catalog.text("wa-list-button", lang) != catalog.text("wa-list-button", "ar")
    more = action["sections"][0]["rows"][-1]
    assert more["title"] == catalog.text("wa-more", lang)
    assert more["description"] == catalog.text("wa-more-description", lang)
    assert "المزيد" not in _words(parts) and "اختر" not in _words(parts)
    assert page_body(2, 3, lang) == catalog.text("wa-more-body", lang, page=2, pages=3)


async def test_a_reply_the_outbox_rendered_in_english_keeps_english_words_whatever_the_default() -> None:
    async def stash(options: list[Option], page: int, pages: int) -> str:
        return "more:1"

    options = [Option(f"id{n}", f"Choice {n}") for n in range(5)]
    parts = await render_reply(Outbound("Hello", options, language="en"), stash)
    assert parts[-1]["interactive"]["action"]["button"] == catalog.text("wa-list-button", "en")  # type: ignore[index]


async def test_numbered_buttons_use_the_person_s_digits() -> None:
    async def stash(options: list[Option], page: int, pages: int) -> str:
        raise AssertionError("buttons need no pages")

    long = "A label much longer than twenty characters"
    english = await render_options("Pick one", [Option("a", long), Option("b", long + " too")], stash, lang="en")
    titles = [b["reply"]["title"] for b in english[-1]["interactive"]["action"]["buttons"]]  # type: ignore[index]
    assert titles[0].startswith("1.") and titles[1].startswith("2.")
    kurdish = await render_options("x", [Option("a", long), Option("b", long + " too")], stash, lang="ckb")
    titles = [b["reply"]["title"] for b in kurdish[-1]["interactive"]["action"]["buttons"]]  # type: ignore[index]
    assert titles[0].startswith("١.")
