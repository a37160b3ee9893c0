"""The message catalog: Fluent (.ftl) files under messages/<lang>/, with CLDR plural rules.

One catalog per language folder (ar, the default; en; ckb, Kurdish Sorani, once its folder
exists). Adding a language is a data-only change: a new folder messages/<lang>/ with the same
keys (messages/check_catalogs.py lists what is missing). Integers passed as arguments choose
the plural form (zero/one/two/few/many/other for Arabic, one/other for English and Kurdish)
and are shown in the locale's own digits (Arabic-Indic for ar and ckb, Western for en).

A key missing from a ckb or en catalog, or a translation that cannot be rendered, falls back
to Arabic with one warning in the log per key: the person always gets an answer.

Fluent's blanket isolation stays off: messages/bidi.py isolates, per placeable, the string
arguments whose direction differs from the message's (a command, a URL or «TEDx …» in Arabic
and Kurdish, an Arabic title in English) and starts right-to-left lines that would begin
left-to-right with RLM.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime import resolver as _resolver
from fluent.runtime.resolver import CurrentEnvironment, ResolverEnvironment
from fluent.runtime.types import FluentInt

from messages import bidi
from messages.formatting import format_number, locale_of

log = logging.getLogger(__name__)

MESSAGES_DIR = Path(__file__).resolve().parent
DEFAULT_LANGUAGE = "ar"
# The catalog a platform's language code proposes (Telegram's language_code, an IETF tag such
# as "en-GB"): Kurdish for ckb and ku (Sorani is what Iraq's Kurdistan region writes), English
# for en; anything else, or a language without a catalog yet, gets Arabic.
_HINTS = {"ckb": "ckb", "ku": "ckb", "en": "en", "ar": "ar"}
# The order languages are offered in (menus); folders not listed here come after, sorted.
_MENU_ORDER = ("ar", "ckb", "en")

# Fluent refuses arguments over 2,500 characters; event descriptions are longer (the adapters
# split long messages at word boundaries).
_resolver.MAX_PART_LENGTH = 100_000

# (language, key) pairs already reported as falling back to Arabic: one warning each.
_warned: set[tuple[str, str]] = set()

# Texts rendered so far, by key, language and arguments (each with its type: 1 and True render
# differently). The same labels, dates and titles are rendered for every reminder of an event and
# every button of a menu; a rendering depends on nothing else (reload() forgets them). Emptied
# when full, which is rare: the entries that matter are the ones asked for again and again.
_MEMO_SIZE = 4096
# The argument types a rendering is memoised for: values that cannot change after the call.
_PLAIN = frozenset({str, int, float, bool, type(None)})
_memo: dict[tuple[Any, ...], str] = {}


class _LocalInt(FluentInt):
    """An integer that selects plural forms by value and prints in the locale's digits."""

    babel_locale = "ar_IQ"

    def format(self, locale: Any) -> str:  # noqa: D102 - Fluent hook
        return format_number(int(self), self.babel_locale)


class _Bundle(FluentBundle):
    """A FluentBundle that keeps our number type (FluentBundle turns every int into its own)."""

    def format_pattern(self, pattern: Any, args: dict[str, Any] | None = None) -> tuple[Any, list[Exception]]:
        errors: list[Exception] = []
        env = ResolverEnvironment(context=self, current=CurrentEnvironment(args=args or {}), errors=errors)
        try:
            result = pattern(env)
        except ValueError as error:
            errors.append(error)
            result = "{???}"
        return result, errors


@cache
def available_languages() -> tuple[str, ...]:
    """The catalog folders present (each one a language the bot can speak), Arabic first; read once."""
    found = {p.name for p in MESSAGES_DIR.iterdir() if p.is_dir() and any(p.glob("*.ftl"))}
    return tuple(code for code in _MENU_ORDER if code in found) + tuple(sorted(found - set(_MENU_ORDER)))


@cache
def _bundle(lang: str) -> FluentBundle:
    folder = MESSAGES_DIR / lang
    if not folder.is_dir():
        raise KeyError(f"no catalog for language {lang!r}")
    bundle = _Bundle([locale_of(lang).replace("_", "-")], use_isolating=False)
    for path in sorted(folder.glob("*.ftl")):
        bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    return bundle


def reload() -> None:
    """Forget the catalogs read so far (tests that add or change a language folder)."""
    available_languages.cache_clear()
    _bundle.cache_clear()
    words.cache_clear()
    _warned.clear()
    _memo.clear()


def has_message(key: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    """Tell whether the catalog of `lang` itself defines `key` (no fallback); KeyError if there is no such catalog."""
    return _bundle(lang).has_message(key)


def message_keys(lang: str = DEFAULT_LANGUAGE) -> set[str]:
    """All keys the catalog of `lang` defines (for completeness tests)."""
    return set(_bundle(lang)._messages)  # noqa: SLF001 - FluentBundle exposes no public listing


def language_for_hint(hint: str | None) -> str:
    """The catalog a platform's language code proposes: "ckb"/"ku" → ckb, "en-GB" → en, else ar."""
    primary = (hint or "").strip().lower().replace("_", "-").split("-")[0]
    proposed = _HINTS.get(primary, DEFAULT_LANGUAGE)
    return proposed if proposed in available_languages() else DEFAULT_LANGUAGE


def language_name(code: str) -> str:
    """A language's name written in that language («English», «کوردی»), for language menus."""
    # Looked up in the language's own catalog (falling back to Arabic's, which names every
    # language), so each label reads right whatever language the menu is shown in.
    try:
        return text(f"language-{code}", code)
    except KeyError:  # a new folder nobody has named yet: its code still lets people pick it
        _warn_once(code, f"language-{code}", "is missing from every catalog")
        return code


@cache
def words(key: str, lang: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """The comma-separated words of catalog entry `key` in `lang`, then Arabic's (typed menu words)."""
    # Arabic words work in every language: Iraq's signs, posters and organisers use them.
    found: list[str] = []
    for source in dict.fromkeys((lang, DEFAULT_LANGUAGE)):
        # Words are compared with what people type, never shown: no bidi marks in them.
        for word in bidi.plain(text(key, source)).split(","):
            if word.strip() and word.strip() not in found:
                found.append(word.strip())
    return tuple(found)


def _warn_once(lang: str, key: str, why: str) -> None:
    if (lang, key) in _warned:
        return
    _warned.add((lang, key))
    log.warning("catalog %s: %s %s; the Arabic text is used", lang, key or "(whole catalog)", why)


def _render(bundle: FluentBundle, lang: str, key: str, args: dict[str, Any]) -> tuple[str, list[Exception]]:
    babel_locale = locale_of(lang)
    # Strings are marked for messages/bidi.py (they still select variants as themselves);
    # everything else must already be a Fluent type for _Bundle.
    prepared: dict[str, Any] = {}
    for name, value in args.items():
        if isinstance(value, int) and not isinstance(value, bool):
            number = _LocalInt(value)
            number.babel_locale = babel_locale
            prepared[name] = number
        elif isinstance(value, str):
            prepared[name] = bidi.argument(value)
        else:
            prepared[name] = "" if value is None else value
    message = bundle.get_message(key)
    if message.value is None:
        raise KeyError(f"message {key!r} has no value")
    rendered, errors = bundle.format_pattern(message.value, prepared)
    return (bidi.finish(rendered, bidi.is_rtl(lang)) if isinstance(rendered, str) else rendered), errors


def text(key: str, lang: str = DEFAULT_LANGUAGE, /, **args: Any) -> str:
    """Render catalog entry `key` in `lang` with named arguments (Arabic when `lang` lacks it)."""
    if not all(type(value) in _PLAIN for value in args.values()):
        return _text(key, lang, args)  # a Fluent type or another object: rendered every time
    memo = (key, lang, *[(name, type(value), value) for name, value in args.items()])
    found = _memo.get(memo)
    if found is not None:
        return found
    rendered = _text(key, lang, args)
    if len(_memo) >= _MEMO_SIZE:
        _memo.clear()
    _memo[memo] = rendered
    return rendered


def _text(key: str, lang: str, args: dict[str, Any]) -> str:
    if lang != DEFAULT_LANGUAGE:
        if lang not in available_languages():
            _warn_once(lang, "", "has no folder")
            lang = DEFAULT_LANGUAGE
        elif not _bundle(lang).has_message(key):
            _warn_once(lang, key, "is missing")
            lang = DEFAULT_LANGUAGE
    bundle = _bundle(lang)
    if not bundle.has_message(key):
        raise KeyError(f"message {key!r} is missing from the catalog")
    rendered, errors = _render(bundle, lang, key, args)
    if errors:
        if lang != DEFAULT_LANGUAGE:
            # A translation that lost a variable or a selector: the Arabic text says it right.
            _warn_once(lang, key, f"cannot be rendered ({errors[0]})")
            return text(key, DEFAULT_LANGUAGE, **args)
        raise ValueError(f"message {key!r}: {errors}")
    return rendered
