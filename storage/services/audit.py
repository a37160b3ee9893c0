"""The append-only audit log of sensitive actions, and the one vocabulary its actors are written in.

Who did it (`actor`) is always one of:
  staff:<contact id>   a staff member acting in the bot (export, broadcast, event edit, check-in, team changes)
  contact:<contact id> a person acting for themselves, without a staff role (joining with an invite code)
  system               the scheduler and other automatic work (a scheduled broadcast going out,
                       MUSHARAKA_STAFF making someone the first admin)
  cli:<os user>        a shell command (`musharaka staff add`, exports, imports)
  deleted-person-<id>  a person who deleted their data: every mention of them is rewritten to this
                       (storage.services.audit_pseudonyms)
Never a channel id or a phone number.
"""

from __future__ import annotations

import getpass
import re
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditLog

SYSTEM = "system"
ACTOR_PATTERN = re.compile(r"^(staff:\d+|system|cli:.+|contact:\d+|deleted-person-\d+)$")


def staff_actor(contact_id: int) -> str:
    """The actor of something a staff member did in the bot."""
    return f"staff:{contact_id}"


def contact_actor(contact_id: int) -> str:
    """The actor of something a person did for themselves (no staff role needed)."""
    return f"contact:{contact_id}"


def cli_actor() -> str:
    """The actor of a shell command: the operating-system user who ran it."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        # A container may run as a uid with no login name.
        user = "unknown"
    return f"cli:{user or 'unknown'}"


async def audit(session: AsyncSession, *, actor: str, action: str, actor_contact_id: int | None = None,
                organization_id: int | None = None, details: dict[str, Any] | None = None) -> None:
    """Append one entry (who, what, for which organisation, details) in the caller's transaction."""
    session.add(AuditLog(actor=actor[:120], actor_contact_id=actor_contact_id, action=action,
                         organization_id=organization_id, details=details or {}))


async def entries_since(session: AsyncSession, since: datetime, *, organization_id: int | None = None,
                        action_prefix: str | None = None) -> list[AuditLog]:
    """Audit entries from `since` (UTC) on, oldest first; optionally of one organisation and action prefix."""
    query = select(AuditLog).where(AuditLog.at >= since)
    if organization_id is not None:
        query = query.where(AuditLog.organization_id == organization_id)
    if action_prefix:
        # A prefix: "staff" finds staff.grant, staff.role, staff.remove; "export" every export.
        query = query.where(AuditLog.action.startswith(action_prefix, autoescape=True))
    return list((await session.scalars(query.order_by(AuditLog.id))).all())


async def last_actions(session: AsyncSession, contact_ids: list[int]) -> dict[int, AuditLog]:
    """contact id -> the latest entry they did themselves (as staff:<id> or contact:<id>)."""
    if not contact_ids:
        return {}
    actors = {staff_actor(c): c for c in contact_ids} | {contact_actor(c): c for c in contact_ids}
    newest = select(func.max(AuditLog.id)).where(AuditLog.actor.in_(actors)).group_by(AuditLog.actor)
    latest: dict[int, AuditLog] = {}
    for entry in (await session.scalars(select(AuditLog).where(AuditLog.id.in_(newest)))).all():
        contact_id = actors[entry.actor]
        if contact_id not in latest or entry.id > latest[contact_id].id:
            latest[contact_id] = entry
    return latest
