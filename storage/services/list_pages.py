"""WhatsApp list pages: the options of a long menu that wait behind its 'more' row.

A WhatsApp list holds ten rows, so the 19 governorates show nine and 'more'; the rest is a row
of `list_pages` until the person presses 'more'. Kept in the database (not in the process), so
'more' still works after a restart or when another process answers the press.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.clock import utcnow
from storage.models import ListPage

# The row id of a 'more' row: this prefix and the page's token.
MORE_PREFIX = "wa-more:"
# A person rarely has more than a few long menus open; older pages are dropped first.
PAGES_PER_PERSON = 8
DEFAULT_TTL = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class StoredPage:
    """The options of one follow-up page ({id, label, description} each) and where it stands."""

    options: list[dict[str, Any]]
    page: int
    pages: int


def is_more(row_id: str | None) -> bool:
    """Whether a pressed row id is a 'more' row (not an option id of the handlers)."""
    return bool(row_id) and row_id.startswith(MORE_PREFIX)  # type: ignore[union-attr]


async def stash(session: AsyncSession, person_key: str, options: list[dict[str, Any]], page: int, pages: int,
                *, ttl: timedelta = DEFAULT_TTL) -> str:
    """Keep `options` for `person_key` until `ttl` has passed; returns the row id of the 'more' row."""
    now = utcnow()
    token = secrets.token_urlsafe(9)
    session.add(ListPage(token=token, person_key=person_key, options=options, page=page, pages=pages,
                         expires_at=now + ttl, created_at=now))
    await session.flush()
    older = (await session.scalars(
        select(ListPage.id).where(ListPage.person_key == person_key)
        .order_by(ListPage.id.desc()).offset(PAGES_PER_PERSON)
    )).all()
    if older:
        await session.execute(delete(ListPage).where(ListPage.id.in_(older)))
    return MORE_PREFIX + token


async def take(session: AsyncSession, person_key: str, row_id: str | None) -> StoredPage | None:
    """The page behind a 'more' row of this person; None when unknown, another person's or expired.

    The page stays, so pressing 'more' of the same list again shows the same page again.
    """
    if not is_more(row_id):
        return None
    row = await session.scalar(select(ListPage).where(ListPage.token == row_id[len(MORE_PREFIX):]))  # type: ignore[index]
    if row is None or row.person_key != person_key or row.expires_at <= utcnow():
        return None
    return StoredPage(list(row.options), row.page, row.pages)


async def delete_expired(session: AsyncSession) -> int:
    """Delete the pages whose time is up (run by the scheduler's tick); returns how many."""
    result = await session.execute(delete(ListPage).where(ListPage.expires_at <= utcnow()))
    return result.rowcount or 0
