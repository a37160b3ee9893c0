"""Delivery statuses from the webhook -> the outbox rows they belong to.

The sender stores the wamid of each delivery in `platform_message_id`. `sent`, `delivered` and
`read` confirm it went out (a row the sender could not confirm after a crash becomes `sent`);
`failed` records the error: 131047 (the 24-hour window had closed) as `needs_template`, anything
else as `failed`. Statuses of direct replies match no row and change nothing.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.whatsapp.errors import REENGAGEMENT
from bot.whatsapp.parse import StatusUpdate
from storage.clock import utcnow
from storage.db import Database
from storage.models import Delivery

log = logging.getLogger(__name__)

CONFIRMING = frozenset({"sent", "delivered", "read"})
# Rows in these states had been handed to Meta without a confirmed result.
_UNCONFIRMED = frozenset({"sending", "unknown"})


def _error_text(update: StatusUpdate) -> str:
    code = f"({update.error_code}) " if update.error_code is not None else ""
    return f"whatsapp {code}{update.error_title or 'failed'}"[:500]


async def apply_statuses(db: Database, updates: list[StatusUpdate]) -> int:
    """Update the deliveries whose platform_message_id matches; returns how many rows changed."""
    changed = 0
    async with db.transaction() as session:
        for update in updates:
            changed += await apply_status(session, update)
    return changed


async def apply_status(session: AsyncSession, update: StatusUpdate) -> int:
    """One status, in the caller's transaction (the inbox marks its row done in the same one)."""
    delivery = await session.scalar(
        select(Delivery).where(Delivery.platform_message_id == update.message_id).limit(1)
    )
    if delivery is None:
        return 0
    if update.status in CONFIRMING:
        if delivery.state in _UNCONFIRMED:
            delivery.state = "sent"
            delivery.sent_at = delivery.sent_at or utcnow()
            return 1
        return 0
    if update.status == "failed":
        delivery.state = "needs_template" if update.error_code == REENGAGEMENT else "failed"
        delivery.last_error = _error_text(update)
        log.info("whatsapp delivery failed delivery=%s code=%s", delivery.id, update.error_code)
        return 1
    return 0
