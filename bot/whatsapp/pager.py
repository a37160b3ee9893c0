"""The options that did not fit in a WhatsApp list, kept per person until 'more' is pressed.

A list holds ten rows; longer menus (19 governorates) show nine and 'more'. The rest waits in
the database (storage.services.list_pages) for an hour, so 'more' works after a restart and
whichever process receives the press. A 'more' that is too old, or another person's, gets a
polite message and the main menu instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from handlers.types import Option
from storage.db import Database
from storage.services import list_pages
from storage.services.list_pages import MORE_PREFIX, PAGES_PER_PERSON, is_more

__all__ = ["MORE_PREFIX", "PAGES_PER_PERSON", "Page", "Pager", "is_more", "person_key"]

DEFAULT_TTL_SECONDS = 3600.0


@dataclass(frozen=True, slots=True)
class Page:
    """The options of one follow-up page and where it stands (page 2 of 3)."""

    options: list[Option]
    page: int
    pages: int


def person_key(wa_id: str) -> str:
    """The key list pages are kept under for one WhatsApp person."""
    return f"whatsapp:{wa_id}"


class Pager:
    """Remaining options per person, each behind a short random row id, in the database."""

    def __init__(self, db: Database, ttl: float = DEFAULT_TTL_SECONDS) -> None:
        self.db = db
        self.ttl = timedelta(seconds=ttl)

    async def stash(self, person: str, options: list[Option], page: int, pages: int) -> str:
        """Keep `options` for `person` (a wa_id) and return the row id of the 'more' row that shows them."""
        rows = [{"id": o.id, "label": o.label, "description": o.description} for o in options]
        async with self.db.transaction() as session:
            return await list_pages.stash(session, person_key(person), rows, page, pages, ttl=self.ttl)

    async def take(self, person: str, row_id: str | None) -> Page | None:
        """The page behind a 'more' row of this person, or None if unknown, foreign or expired."""
        if not is_more(row_id):
            return None
        # A read: on SQLite it need not wait for the write lock.
        async with self.db.reading() as session:
            stored = await list_pages.take(session, person_key(person), row_id)
        if stored is None:
            return None
        options = [Option(o["id"], o["label"], o.get("description")) for o in stored.options]
        return Page(options, stored.page, stored.pages)
