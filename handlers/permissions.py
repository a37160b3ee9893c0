"""Who may do staff things. Every staff action asks here, on the server side, every time.

Roles are per organisation: admin (everything, including the team and invites), organizer (events,
broadcasts, check-in), coordinator (exports and counts, read-only). They are read from the database
for every message (a context hook), so a role removed a second ago is gone at the next tap: an old
button only proves whom it was issued to, never what that person may still do.
"""

from __future__ import annotations

from typing import Any

from handlers.context import Ctx
from handlers.router import CONTEXT_HOOKS
from storage.services.audit import staff_actor
from storage.services.staff import roles_of
from storage.services.staff_bootstrap import apply_bootstrap_staff, entries_for

PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset({"staff.invite", "staff.manage", "events.manage", "broadcast", "checkin", "export",
                        "counts"}),
    "organizer": frozenset({"events.manage", "broadcast", "checkin", "counts"}),
    "coordinator": frozenset({"export", "counts"}),
}


async def _load_roles(ctx: Ctx) -> None:
    entries = ctx.core.config.staff_ids
    if entries and ctx.contact.consent_at is not None:
        # MUSHARAKA_STAFF: the first admin of an organisation that has none (storage/services/staff_bootstrap.py).
        mine = entries_for(f"{ctx.inbound.channel}:{ctx.inbound.external_id}", entries)
        if mine and await apply_bootstrap_staff(ctx.session, ctx.contact.id, mine):
            ctx.holds_roles = True
    # Read in this transaction for every staff member's message: a role removed a second ago is gone.
    ctx.staff_roles = await roles_of(ctx.session, ctx.contact.id) if ctx.holds_roles else {}


CONTEXT_HOOKS.append(_load_roles)


def is_staff(ctx: Ctx) -> bool:
    """The person holds any role anywhere."""
    return bool(ctx.staff_roles)


def may(ctx: Ctx, organization_id: int | None, permission: str) -> bool:
    """May this person do `permission` for that organisation?"""
    if organization_id is None:
        return False
    roles = ctx.staff_roles.get(organization_id, set())
    return any(permission in PERMISSIONS.get(role, ()) for role in roles)


def organizations_with(ctx: Ctx, permission: str) -> list[int]:
    """The organisations where the person may do `permission`."""
    return sorted(org for org in ctx.staff_roles if may(ctx, org, permission))


def staff_audit(ctx: Ctx) -> dict[str, Any]:
    """The audit keywords (actor, actor_contact_id) of a staff action done in the bot."""
    return {"actor": staff_actor(ctx.contact.id), "actor_contact_id": ctx.contact.id}
