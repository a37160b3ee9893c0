"""Which events a person may download data for: their organisations' events, paged, and one by id.

The organisations are always passed in (those where the person holds the "export" permission),
so an event of another organisation is never listed and is recognised as foreign when an old or
forged option points at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Event


@dataclass(slots=True)
class ExportableEvent:
    """What the export menu shows of one event."""

    id: int
    title: str
    starts_at: datetime


@dataclass(slots=True)
class ExportablePage:
    """One page of the events whose data may be downloaded, newest first."""

    events: list[ExportableEvent]
    page: int
    pages: int
    total: int


async def exportable_events(session: AsyncSession, organization_ids: list[int], *, since: datetime, page: int,
                            page_size: int) -> ExportablePage:
    """The organisations' events starting from `since` on, newest first, one page (clamped to the last)."""
    recent = (Event.starts_at >= since) & Event.organization_id.in_(organization_ids)
    total = await session.scalar(select(func.count()).select_from(Event).where(recent)) or 0
    if not total:
        return ExportablePage([], 0, 0, 0)
    pages = -(-total // page_size)
    page = min(max(page, 0), pages - 1)
    rows = (
        await session.execute(
            select(Event.id, Event.title, Event.starts_at)
            .where(recent)
            .order_by(Event.starts_at.desc(), Event.id.desc())
            .offset(page * page_size)
            .limit(page_size)
        )
    ).all()
    return ExportablePage([ExportableEvent(*row) for row in rows], page, pages, total)


async def exportable_event(session: AsyncSession, organization_ids: list[int],
                           event_id: int) -> tuple[str, bool] | None:
    """An event's title and whether it belongs to one of the organisations; None when there is no such event."""
    row = (
        await session.execute(
            select(Event.title, Event.organization_id.in_(organization_ids)).where(Event.id == event_id)
        )
    ).first()
    if row is None:
        return None
    title, allowed = row
    return title, bool(allowed)
