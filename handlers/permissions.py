"""Who may do staff things. Every staff action asks here, on the server side, every time.

Roles are per organisation: admin (everything, including inviting staff), organizer (events,
broadcasts, check-in), coordinator (exports and counts, read-only).
"""

from __future__ import annotations

from handlers.context import Ctx
from handlers.router import CONTEXT_HOOKS
from storage.services.staff import roles_of

PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset({"staff.invite", "events.manage", "broadcast", "checkin", "export", "counts"}),
    "organizer": frozenset({"events.manage", "broadcast", "checkin", "counts"}),
    "coordinator": frozenset({"export", "counts"}),
}


def is_configured_staff(ctx: Ctx) -> bool:
    """True for people listed in MUSHARAKA_STAFF as channel:external_id (bootstrap staff)."""
    return f"{ctx.inbound.channel}:{ctx.inbound.external_id}" in ctx.core.config.staff_ids


async def _load_roles(ctx: Ctx) -> None:
    ctx.staff_roles = await roles_of(ctx.session, ctx.contact.id)


CONTEXT_HOOKS.append(_load_roles)


def is_staff(ctx: Ctx) -> bool:
    """The person holds any role anywhere (or is bootstrap staff)."""
    return bool(ctx.staff_roles) or is_configured_staff(ctx)


def may(ctx: Ctx, organization_id: int | None, permission: str) -> bool:
    """May this person do `permission` for that organisation?"""
    if organization_id is None:
        return False
    roles = ctx.staff_roles.get(organization_id, set())
    return any(permission in PERMISSIONS.get(role, ()) for role in roles)


def organizations_with(ctx: Ctx, permission: str) -> list[int]:
    """The organisations where the person may do `permission`."""
    return sorted(org for org in ctx.staff_roles if may(ctx, org, permission))
