"""The options that did not fit in a WhatsApp list, kept per person until 'more' is pressed.

A list holds ten rows; longer menus (19 governorates) show nine and 'more'. The rest waits
here, in memory, for a while: after a restart or the time limit a stale 'more' gets a polite
message and the main menu instead. Nothing here is worth a database table — the menu can always
be asked for again.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from handlers.types import Option

MORE_PREFIX = "wa-more:"
DEFAULT_TTL_SECONDS = 3600.0
# A person rarely has more than a few long menus open; older ones are dropped first.
PAGES_PER_PERSON = 8


@dataclass(frozen=True, slots=True)
class Page:
    """The options of one follow-up page and where it stands (page 2 of 3)."""

    options: list[Option]
    page: int
    pages: int


def is_more(choice: str | None) -> bool:
    """Whether a pressed row is a 'more' row (not an option id of the handlers)."""
    return bool(choice) and choice.startswith(MORE_PREFIX)  # type: ignore[union-attr]


class Pager:
    """Remaining options per person, each behind a short random row id, with a time limit."""

    def __init__(self, ttl: float = DEFAULT_TTL_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._pages: dict[str, OrderedDict[str, tuple[float, Page]]] = {}
        self._stashes = 0

    def stash(self, person: str, options: list[Option], page: int, pages: int) -> str:
        """Keep `options` for `person` and return the row id of the 'more' row that shows them."""
        self._stashes += 1
        if self._stashes % 256 == 0:
            self._sweep()
        token = secrets.token_urlsafe(9)
        kept = self._pages.setdefault(person, OrderedDict())
        kept[token] = (self._clock() + self.ttl, Page(list(options), page, pages))
        while len(kept) > PAGES_PER_PERSON:
            kept.popitem(last=False)
        return MORE_PREFIX + token

    def take(self, person: str, row_id: str | None) -> Page | None:
        """The page behind a 'more' row of this person, or None if unknown, foreign or expired.

        The page stays available, so pressing 'more' of the same list again shows it again.
        """
        if not is_more(row_id):
            return None
        kept = self._pages.get(person)
        if not kept:
            return None
        found = kept.get(row_id[len(MORE_PREFIX):])  # type: ignore[index]
        if found is None:
            return None
        expires, page = found
        if expires <= self._clock():
            return None
        return page

    def _sweep(self) -> None:
        now = self._clock()
        for person in list(self._pages):
            kept = self._pages[person]
            for token in [t for t, (expires, _) in kept.items() if expires <= now]:
                del kept[token]
            if not kept:
                del self._pages[person]
