"""Releasing scheduled broadcasts: part of every scheduler tick.

Importing this module registers the step in scheduler.jobs.EXTRA_TICKS and loads the
handlers' renderers (the "broadcast" kind), so a sender process that has not handled any
message yet can still render announcements.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

import handlers.features  # noqa: F401 - registers the delivery renderers, among them "broadcast"
from scheduler.jobs import EXTRA_TICKS
from storage.db import Database
from storage.services.broadcasts import finish_quiet, release_due


async def release_due_in_tick(session: AsyncSession) -> int:
    """The tick step: start the scheduled broadcasts whose time has come, and close finished ones."""
    await finish_quiet(session)
    return await release_due(session)


async def release_due_broadcasts(db: Database) -> int:
    """Release due scheduled broadcasts in one transaction; returns how many started sending."""
    async with db.transaction() as session:
        return await release_due(session)


if release_due_in_tick not in EXTRA_TICKS:
    EXTRA_TICKS.append(release_due_in_tick)
