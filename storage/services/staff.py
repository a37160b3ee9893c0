"""Organisations, staff roles and one-time invite codes."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from messages.normalize import to_ascii_digits
from storage.clock import utcnow
from storage.models import Contact, Invite, Organization, Staff
from storage.services.audit import audit
from storage.vocab import ROLES

INVITE_TTL = timedelta(days=7)
_INVITE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class StaffError(ValueError):
    """A staff operation that cannot be done (unknown role, organisation exists…)."""


async def add_organization(session: AsyncSession, name: str, *, actor: str = "cli") -> Organization:
    """Create an organisation; its name must be unique."""
    name = name.strip()
    if not name:
        raise StaffError("organisation name is empty")
    if await session.scalar(select(Organization).where(Organization.name == name)):
        raise StaffError(f"organisation {name!r} already exists")
    organization = Organization(name=name)
    session.add(organization)
    await session.flush()
    await audit(session, actor=actor, action="org.add", organization_id=organization.id, details={"name": name})
    return organization


async def find_organization(session: AsyncSession, ref: str) -> Organization | None:
    """An organisation by id or exact name."""
    if ref.isdigit():
        found = await session.get(Organization, int(ref))
        if found is not None:
            return found
    return await session.scalar(select(Organization).where(Organization.name == ref.strip()))


async def grant_role(session: AsyncSession, organization_id: int, contact_id: int, role: str, *,
                     actor: str, actor_contact_id: int | None = None) -> Staff:
    """Give a contact a role in an organisation (idempotent) and audit it."""
    if role not in ROLES:
        raise StaffError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    existing = await session.scalar(
        select(Staff).where(Staff.organization_id == organization_id, Staff.contact_id == contact_id,
                            Staff.role == role)
    )
    if existing is not None:
        return existing
    staff = Staff(organization_id=organization_id, contact_id=contact_id, role=role)
    session.add(staff)
    await session.flush()
    await audit(session, actor=actor, actor_contact_id=actor_contact_id, action="staff.grant",
                organization_id=organization_id, details={"contact_id": contact_id, "role": role})
    return staff


async def roles_of(session: AsyncSession, contact_id: int) -> dict[int, set[str]]:
    """organization id -> roles the contact holds there."""
    query = select(Staff.organization_id, Staff.role).where(Staff.contact_id == contact_id)
    rows = (await session.execute(query)).all()
    roles: dict[int, set[str]] = {}
    for organization_id, role in rows:
        roles.setdefault(organization_id, set()).add(role)
    return roles


async def create_invite(session: AsyncSession, organization_id: int, role: str, created_by: int | None,
                        *, ttl: timedelta = INVITE_TTL) -> Invite:
    """A one-time invite code for a role, valid for `ttl`."""
    if role not in ROLES:
        raise StaffError(f"unknown role {role!r}")
    code = "".join(secrets.choice(_INVITE_ALPHABET) for _ in range(10))
    invite = Invite(code_hash=invite_code_hash(code), organization_id=organization_id, role=role,
                    created_by=created_by, expires_at=utcnow() + ttl)
    session.add(invite)
    await session.flush()
    # Shown once to whoever created it; only the hash is stored.
    invite.code = code  # type: ignore[attr-defined]
    await audit(session, actor=f"contact:{created_by}", actor_contact_id=created_by, action="invite.create",
                organization_id=organization_id, details={"role": role, "invite_id": invite.id})
    return invite


def invite_code_hash(code: str) -> str:
    """The stored form of an invite code: SHA-256 of the code as typed, upper-cased, without separators."""
    normalized = "".join(ch for ch in to_ascii_digits(code).upper() if ch.isascii() and ch.isalnum())
    return hashlib.sha256(normalized.encode()).hexdigest()


@dataclass(slots=True)
class JoinOutcome:
    """What happened when someone sent /join CODE."""

    # joined / unknown / expired / used
    result: str
    organization: Organization | None = None
    role: str | None = None


async def redeem_invite(session: AsyncSession, code: str, contact: Contact) -> JoinOutcome:
    """Use an invite code: once, before it expires."""
    invite = await session.scalar(
        select(Invite).where(Invite.code_hash == invite_code_hash(code)).with_for_update()
    )
    if invite is None:
        return JoinOutcome("unknown")
    if invite.used_at is not None:
        return JoinOutcome("used")
    if invite.expires_at <= utcnow():
        return JoinOutcome("expired")
    invite.used_at = utcnow()
    invite.used_by = contact.id
    await grant_role(session, invite.organization_id, contact.id, invite.role, actor=f"invite:{invite.id}",
                     actor_contact_id=contact.id)
    return JoinOutcome("joined", await session.get(Organization, invite.organization_id), invite.role)
