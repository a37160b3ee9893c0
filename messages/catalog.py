"""The message catalog: Fluent (.ftl) files under messages/<lang>/, with CLDR plural rules.

Adding a language is a data-only change: a new folder messages/<lang>/ with the same keys.
Integers passed as arguments choose the plural form (zero/one/two/few/many/other for
Arabic) and are shown in the locale's own digits (Arabic-Indic for ar).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime import resolver as _resolver
from fluent.runtime.resolver import CurrentEnvironment, ResolverEnvironment
from fluent.runtime.types import FluentInt

from messages.formatting import format_number

MESSAGES_DIR = Path(__file__).resolve().parent
DEFAULT_LANGUAGE = "ar"
# Fluent/CLDR locale for each catalog folder: ar_IQ carries the Iraqi month names.
_LOCALES = {"ar": "ar-IQ", "en": "en", "ckb": "ckb"}


# Fluent refuses arguments over 2,500 characters; event descriptions are longer (the adapters
# split long messages at word boundaries).
_resolver.MAX_PART_LENGTH = 100_000


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
    """The catalog folders present (each one a language the bot can speak); read once."""
    return tuple(sorted(p.name for p in MESSAGES_DIR.iterdir() if p.is_dir() and any(p.glob("*.ftl"))))


@cache
def _bundle(lang: str) -> FluentBundle:
    folder = MESSAGES_DIR / lang
    if not folder.is_dir():
        raise KeyError(f"no catalog for language {lang!r}")
    bundle = _Bundle([_LOCALES.get(lang, lang)], use_isolating=False)
    for path in sorted(folder.glob("*.ftl")):
        bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    return bundle


def has_message(key: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    """Tell whether the catalog of `lang` defines `key`."""
    return _bundle(lang).has_message(key)


def message_keys(lang: str = DEFAULT_LANGUAGE) -> set[str]:
    """All keys the catalog of `lang` defines (for completeness tests)."""
    return set(_bundle(lang)._messages)  # noqa: SLF001 - FluentBundle exposes no public listing


def text(key: str, lang: str = DEFAULT_LANGUAGE, /, **args: Any) -> str:
    """Render catalog entry `key` in `lang` (falling back to Arabic) with named arguments."""
    if lang not in available_languages() or not _bundle(lang).has_message(key):
        lang = DEFAULT_LANGUAGE
    bundle = _bundle(lang)
    if not bundle.has_message(key):
        raise KeyError(f"message {key!r} is missing from the catalog")
    babel_locale = _LOCALES.get(lang, lang).replace("-", "_")
    # Strings pass through; everything else must already be a Fluent type for _Bundle.
    prepared: dict[str, Any] = {}
    for name, value in args.items():
        if isinstance(value, int) and not isinstance(value, bool):
            number = _LocalInt(value)
            number.babel_locale = babel_locale
            prepared[name] = number
        else:
            prepared[name] = "" if value is None else value
    message = bundle.get_message(key)
    if message.value is None:
        raise KeyError(f"message {key!r} has no value")
    rendered, errors = bundle.format_pattern(message.value, prepared)
    if errors:
        raise ValueError(f"message {key!r}: {errors}")
    return rendered
