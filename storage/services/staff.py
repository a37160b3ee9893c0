"""Organisations, staff roles and one-time invite codes: granted, changed, removed and revoked, each audited."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from messages.normalize import parse_id, to_ascii_digits
from storage.clock import utcnow
from storage.models import AuditLog, Contact, Identity, Invite, Organization, Staff
from storage.services.audit import SYSTEM, audit, contact_actor, last_actions
from storage.vocab import ROLES

INVITE_TTL = timedelta(days=7)
_INVITE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# Which identity names a person in the team list when they have several.
_CHANNEL_ORDER = {"telegram": 0, "whatsapp": 1, "console": 2}


class StaffError(ValueError):
    """A staff operation that cannot be done (unknown role, organisation exists…)."""


class LastAdminError(StaffError):
    """The change would leave the organisation without an admin (refused in the bot)."""


async def add_organization(session: AsyncSession, name: str, *, actor: str = SYSTEM) -> Organization:
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
    ref = ref.strip()
    organization_id = parse_id(ref)  # «²» or thirty digits are names, not ids the database could hold
    if organization_id is not None:
        found = await session.get(Organization, organization_id)
        if found is not None:
            return found
    return await session.scalar(select(Organization).where(Organization.name == ref))


async def get_organization(session: AsyncSession, organization_id: int | None) -> Organization | None:
    """An organisation by id; None when missing."""
    return await session.get(Organization, organization_id) if organization_id is not None else None


async def organization_names(session: AsyncSession, organization_ids: list[int]) -> dict[int, str]:
    """The names of these organisations by id (missing ones are left out)."""
    if not organization_ids:
        return {}
    rows = await session.execute(
        select(Organization.id, Organization.name).where(Organization.id.in_(organization_ids))
    )
    return {organization_id: name for organization_id, name in rows.all()}


async def contact_by_identity(session: AsyncSession, channel: str, external_id: str) -> int | None:
    """The contact id behind a channel identity, or None when nobody with it ever reached the bot."""
    query = select(Identity.contact_id).where(Identity.channel == channel, Identity.external_id == external_id)
    return await session.scalar(query)


async def has_admin(session: AsyncSession, organization_id: int) -> bool:
    """Whether anyone holds the admin role in the organisation."""
    query = select(Staff.id).where(Staff.organization_id == organization_id, Staff.role == "admin").limit(1)
    return await session.scalar(query) is not None


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise StaffError(f"unknown role {role!r} (one of {', '.join(ROLES)})")


async def grant_role(session: AsyncSession, organization_id: int, contact_id: int, role: str, *,
                     actor: str, actor_contact_id: int | None = None, via: str | None = None) -> Staff:
    """Give a contact a role in an organisation (idempotent) and audit it; `via` says how (invite, env)."""
    _check_role(role)
    existing = await session.scalar(
        select(Staff).where(Staff.organization_id == organization_id, Staff.contact_id == contact_id,
                            Staff.role == role)
    )
    if existing is not None:
        return existing
    staff = Staff(organization_id=organization_id, contact_id=contact_id, role=role)
    session.add(staff)
    await session.flush()
    details: dict[str, object] = {"contact_id": contact_id, "role": role}
    if via:
        details["via"] = via
    await audit(session, actor=actor, actor_contact_id=actor_contact_id, action="staff.grant",
                organization_id=organization_id, details=details)
    return staff


async def roles_of(session: AsyncSession, contact_id: int) -> dict[int, set[str]]:
    """organization id -> roles the contact holds there."""
    query = select(Staff.organization_id, Staff.role).where(Staff.contact_id == contact_id)
    rows = (await session.execute(query)).all()
    roles: dict[int, set[str]] = {}
    for organization_id, role in rows:
        roles.setdefault(organization_id, set()).add(role)
    return roles


async def roles_in(session: AsyncSession, organization_id: int, contact_id: int) -> list[str]:
    """The roles a contact holds in one organisation, in ROLES order."""
    query = select(Staff.role).where(Staff.organization_id == organization_id, Staff.contact_id == contact_id)
    held = set((await session.scalars(query)).all())
    return [role for role in ROLES if role in held]


async def _admins_besides(session: AsyncSession, organization_id: int, contact_id: int) -> int:
    query = select(func.count()).select_from(Staff).where(
        Staff.organization_id == organization_id, Staff.role == "admin", Staff.contact_id != contact_id)
    return await session.scalar(query) or 0


async def remove_role(session: AsyncSession, organization_id: int, contact_id: int, role: str | None = None, *,
                      actor: str, actor_contact_id: int | None = None, keep_an_admin: bool = False) -> list[str]:
    """Take one role (or, with role None, every role) of a person in an organisation; returns what was removed.

    With `keep_an_admin` (the bot) the last admin cannot be removed; the shell may do it.
    """
    if role is not None:
        _check_role(role)
    held = await roles_in(session, organization_id, contact_id)
    removed = [r for r in held if role is None or r == role]
    if not removed:
        return []
    if keep_an_admin and "admin" in removed and not await _admins_besides(session, organization_id, contact_id):
        raise LastAdminError("the organisation's last admin cannot be removed")
    await session.execute(delete(Staff).where(Staff.organization_id == organization_id,
                                              Staff.contact_id == contact_id, Staff.role.in_(removed)))
    await audit(session, actor=actor, actor_contact_id=actor_contact_id, action="staff.remove",
                organization_id=organization_id, details={"contact_id": contact_id, "roles": removed})
    return removed


async def change_role(session: AsyncSession, organization_id: int, contact_id: int, role: str, *,
                      actor: str, actor_contact_id: int | None = None, keep_an_admin: bool = True) -> bool:
    """Make `role` the person's only role in the organisation; False when nothing changed.

    Only for current members: a role is given to someone new by an invite (or the shell).
    """
    _check_role(role)
    held = await roles_in(session, organization_id, contact_id)
    if not held:
        raise StaffError("not a member of this organisation")
    if held == [role]:
        return False
    if keep_an_admin and "admin" in held and role != "admin" \
            and not await _admins_besides(session, organization_id, contact_id):
        raise LastAdminError("the organisation's last admin cannot stop being admin")
    await session.execute(delete(Staff).where(Staff.organization_id == organization_id,
                                              Staff.contact_id == contact_id, Staff.role != role))
    if role not in held:
        session.add(Staff(organization_id=organization_id, contact_id=contact_id, role=role))
        await session.flush()
    await audit(session, actor=actor, actor_contact_id=actor_contact_id, action="staff.role",
                organization_id=organization_id, details={"contact_id": contact_id, "from": held, "to": role})
    return True


@dataclass(slots=True)
class TeamMember:
    """One person of an organisation's team, as the team screen and `staff list` show them."""

    contact_id: int
    roles: list[str]
    since: datetime
    # channel, external id, display name of each identity, the preferred one first
    identities: list[tuple[str, str, str | None]] = field(default_factory=list)
    last_action: AuditLog | None = None


async def list_team(session: AsyncSession, organization_id: int) -> list[TeamMember]:
    """The organisation's staff, admins first, each with roles, identities and last action."""
    rows = (await session.execute(
        select(Staff.contact_id, Staff.role, Staff.created_at).where(Staff.organization_id == organization_id)
    )).all()
    members: dict[int, TeamMember] = {}
    for contact_id, role, created_at in rows:
        member = members.setdefault(contact_id, TeamMember(contact_id, [], created_at))
        member.roles.append(role)
        member.since = min(member.since, created_at)
    if not members:
        return []
    identities = (await session.execute(
        select(Identity.contact_id, Identity.channel, Identity.external_id, Identity.display_name, Identity.id)
        .where(Identity.contact_id.in_(members))
    )).all()
    for contact_id, channel, external_id, display_name, _ in sorted(
            identities, key=lambda row: (_CHANNEL_ORDER.get(row[1], 9), row[4])):
        members[contact_id].identities.append((channel, external_id, display_name))
    latest = await last_actions(session, list(members))
    for member in members.values():
        member.roles.sort(key=ROLES.index)
        member.last_action = latest.get(member.contact_id)
    return sorted(members.values(), key=lambda m: (ROLES.index(m.roles[0]), m.since, m.contact_id))


async def create_invite(session: AsyncSession, organization_id: int, role: str, created_by: int | None,
                        *, actor: str, ttl: timedelta = INVITE_TTL) -> Invite:
    """A one-time invite code for a role, valid for `ttl`; the plaintext is on `invite.code`, once."""
    _check_role(role)
    code = "".join(secrets.choice(_INVITE_ALPHABET) for _ in range(10))
    invite = Invite(code_hash=invite_code_hash(code), organization_id=organization_id, role=role,
                    created_by=created_by, expires_at=utcnow() + ttl)
    session.add(invite)
    await session.flush()
    # Shown once to whoever created it; only the hash is stored.
    invite.code = code  # type: ignore[attr-defined]
    await audit(session, actor=actor, actor_contact_id=created_by, action="invite.create",
                organization_id=organization_id, details={"role": role, "invite_id": invite.id})
    return invite


async def pending_invites(session: AsyncSession, organization_id: int) -> list[Invite]:
    """Invites of the organisation that can still be used (not used, revoked or expired), oldest first."""
    query = select(Invite).where(Invite.organization_id == organization_id, Invite.used_at.is_(None),
                                 Invite.revoked_at.is_(None), Invite.expires_at > utcnow())
    return list((await session.scalars(query.order_by(Invite.id))).all())


async def revoke_invite(session: AsyncSession, organization_id: int, invite_id: int, *, actor: str,
                        actor_contact_id: int | None = None) -> bool:
    """Revoke a pending invite of this organisation; False if it is not pending (or not this organisation's)."""
    invite = await session.scalar(select(Invite).where(Invite.id == invite_id).with_for_update())
    if invite is None or invite.organization_id != organization_id or invite.used_at is not None \
            or invite.revoked_at is not None or invite.expires_at <= utcnow():
        return False
    invite.revoked_at = utcnow()
    invite.revoked_by = actor_contact_id
    await audit(session, actor=actor, actor_contact_id=actor_contact_id, action="invite.revoke",
                organization_id=organization_id, details={"role": invite.role, "invite_id": invite.id})
    return True


def invite_code_hash(code: str) -> str:
    """The stored form of an invite code: SHA-256 of the code as typed, upper-cased, without separators."""
    normalized = "".join(ch for ch in to_ascii_digits(code).upper() if ch.isascii() and ch.isalnum())
    return hashlib.sha256(normalized.encode()).hexdigest()


@dataclass(slots=True)
class JoinOutcome:
    """What happened when someone sent /join CODE."""

    # joined / unknown / expired / used / revoked
    result: str
    organization: Organization | None = None
    role: str | None = None


async def redeem_invite(session: AsyncSession, code: str, contact: Contact) -> JoinOutcome:
    """Use an invite code: once, before it expires, unless it was revoked."""
    invite = await session.scalar(
        select(Invite).where(Invite.code_hash == invite_code_hash(code)).with_for_update()
    )
    if invite is None:
        return JoinOutcome("unknown")
    if invite.used_at is not None:
        return JoinOutcome("used")
    if invite.revoked_at is not None:
        return JoinOutcome("revoked")
    if invite.expires_at <= utcnow():
        return JoinOutcome("expired")
    invite.used_at = utcnow()
    invite.used_by = contact.id
    # Joining is the person's own act: they hold no role of this organisation yet.
    await grant_role(session, invite.organization_id, contact.id, invite.role, actor=contact_actor(contact.id),
                     actor_contact_id=contact.id, via=f"invite:{invite.id}")
    return JoinOutcome("joined", await session.get(Organization, invite.organization_id), invite.role)
