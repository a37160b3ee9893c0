"""The append-only audit log of sensitive staff actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditLog


async def audit(session: AsyncSession, *, actor: str, action: str, actor_contact_id: int | None = None,
                organization_id: int | None = None, details: dict[str, Any] | None = None) -> None:
    """Append one entry (who, what, for which organisation, details) in the caller's transaction."""
    session.add(AuditLog(actor=actor[:120], actor_contact_id=actor_contact_id, action=action,
                         organization_id=organization_id, details=details or {}))


async def entries_since(session: AsyncSession, since: datetime) -> list[AuditLog]:
    """Audit entries from `since` (UTC) on, oldest first."""
    return list((await session.scalars(select(AuditLog).where(AuditLog.at >= since).order_by(AuditLog.id))).all())
