"""Registries that map actions, commands, menu words and pending questions to handlers.

Feature modules register themselves with the decorators below; the dispatcher imports them
in a fixed order (handlers.features) and looks handlers up here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from handlers.context import Ctx
from handlers.options import Decoded
from handlers.types import Outbound

Replies = list[Outbound]
ActionHandler = Callable[[Ctx, Decoded], Awaitable[Replies]]
CommandHandler = Callable[[Ctx, str], Awaitable[Replies]]
TextHandler = Callable[[Ctx, str], Awaitable[Replies]]
MenuHandler = Callable[[Ctx], Awaitable[Replies]]

ACTIONS: dict[str, ActionHandler] = {}
COMMANDS: dict[str, CommandHandler] = {}
AWAITING: dict[str, TextHandler] = {}
# (catalog key holding comma-separated keywords, handler), tried in registration order.
KEYWORDS: list[tuple[str, MenuHandler]] = []
# Typed commands with an argument, like 'join CODE' (in Arabic): (catalog key of the words, handler(ctx, rest)).
PREFIXES: list[tuple[str, CommandHandler]] = []
# Async hooks run before routing, to prefetch what menus show (pending surveys, staff roles).
CONTEXT_HOOKS: list[Callable[[Ctx], Awaitable[None]]] = []
# Async hooks run only when a reply shows the main menu, to prefetch its optional entries
# (pending surveys, tickets): most messages show no menu and skip these queries.
MENU_HOOKS: list[Callable[[Ctx], Awaitable[None]]] = []
# Actions allowed before the person has consented (onboarding).
PRE_CONSENT_ACTIONS: set[str] = set()


def action(name: str, *, before_consent: bool = False) -> Callable[[ActionHandler], ActionHandler]:
    """Register the handler of option ids whose action is `name`."""

    def register(fn: ActionHandler) -> ActionHandler:
        if name in ACTIONS:
            raise ValueError(f"action {name!r} registered twice")
        ACTIONS[name] = fn
        if before_consent:
            PRE_CONSENT_ACTIONS.add(name)
        return fn

    return register


def command(*names: str) -> Callable[[CommandHandler], CommandHandler]:
    """Register a slash command (/menu) handler; it receives the text after the command."""

    def register(fn: CommandHandler) -> CommandHandler:
        for name in names:
            COMMANDS[name] = fn
        return fn

    return register


def awaiting(name: str) -> Callable[[TextHandler], TextHandler]:
    """Register the handler of free text while the person's state waits for `name`."""

    def register(fn: TextHandler) -> TextHandler:
        AWAITING[name] = fn
        return fn

    return register


def keywords(catalog_key: str) -> Callable[[MenuHandler], MenuHandler]:
    """Register a handler for typed menu words listed in catalog entry `catalog_key`."""

    def register(fn: MenuHandler) -> MenuHandler:
        KEYWORDS.append((catalog_key, fn))
        return fn

    return register


def prefix(catalog_key: str) -> Callable[[CommandHandler], CommandHandler]:
    """Register a handler for text that starts with one of the words in catalog entry `catalog_key`."""

    def register(fn: CommandHandler) -> CommandHandler:
        PREFIXES.append((catalog_key, fn))
        return fn

    return register
