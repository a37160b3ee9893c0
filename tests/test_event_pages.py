"""The upcoming events list: a page and the number of all matching events, from one query.

On the real storage: pages of five, soonest first, only published events still to come, the
governorate filter, an empty list, and a page that no longer exists (the list shrank after the
«next» button was drawn) showing the last page instead.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from storage.clock import utcnow
from storage.db import Database
from storage.services.events import upcoming_events
from tests.helpers import add_event

SIZE = 5


async def page_of(db: Database, page: int, governorate: str | None = None) -> tuple[list[str], int, int, int]:
    """(titles, page shown, pages, total) of one page."""
    async with db.reading() as session:
        result = await upcoming_events(session, governorate=governorate, kind=None, page=page, page_size=SIZE)
    return [e.title for e in result.events], result.page, result.pages, result.total


async def test_seven_events_make_two_pages_soonest_first(db: Database) -> None:
    now = utcnow()
    for day in (3, 1, 7, 2, 6, 4, 5):
        await add_event(db, title=f"ندوة اليوم {day}", starts_at=now + timedelta(days=day))
    await add_event(db, title="انتهت", starts_at=now - timedelta(days=1))
    await add_event(db, title="مسودة", starts_at=now + timedelta(days=1), status="draft")
    await add_event(db, title="في البصرة", starts_at=now + timedelta(days=1), governorate="basra")
    statements: list[str] = []
    event.listen(db.engine.sync_engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    first = await page_of(db, 0, "baghdad")
    assert [s for s in statements if s.lstrip().upper().startswith("SELECT")].__len__() == 1, "one query"
    assert first == ([f"ندوة اليوم {day}" for day in range(1, 6)], 0, 2, 7)
    assert await page_of(db, 1, "baghdad") == (["ندوة اليوم 6", "ندوة اليوم 7"], 1, 2, 7)
    assert (await page_of(db, 0))[3] == 8, "every governorate: Basra's too"


async def test_a_page_past_the_end_shows_the_last_one(db: Database) -> None:
    now = utcnow()
    for day in range(1, 8):
        await add_event(db, title=f"ندوة اليوم {day}", starts_at=now + timedelta(days=day))
    assert await page_of(db, 4, "baghdad") == (["ندوة اليوم 6", "ندوة اليوم 7"], 1, 2, 7)


async def test_no_events_is_one_empty_page(db: Database) -> None:
    assert await page_of(db, 0, "baghdad") == ([], 0, 1, 0)
    assert await page_of(db, 3, "baghdad") == ([], 0, 1, 0)
