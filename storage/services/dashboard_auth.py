"""Signing in to the coordinators' web page: one-time links, sessions and their CSRF tokens.

A link is made for one staff member (the bot's data-dashboard button or `musharaka web-link`),
works once and for 15 minutes; opening it starts a 12-hour session. Only SHA-256 hashes of the
link and cookie tokens are stored. A session proves who the browser is, never what they may do:
the caller reads the person's roles afresh (storage.services.staff.roles_of) at every request, so
a removed staff member's session stops at the next click.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.clock import utcnow
from storage.models import Contact
from storage.models_dashboard import DashboardLink, DashboardSession
from storage.services.audit import audit, staff_actor
from storage.services.staff import roles_of

LINK_TTL = timedelta(minutes=15)
SESSION_TTL = timedelta(hours=12)
# 32 random bytes, URL-safe: unguessable, and short enough for a chat message.
_TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    """The stored form of a link or session token."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True, slots=True)
class Login:
    """What opening a link gave: "ok" with a new session, or why not ("unknown", "used", "expired")."""

    result: str
    contact_id: int | None = None
    session_token: str | None = None
    csrf_token: str | None = None
    expires_at: datetime | None = None
    # The language of the person the link was made for (for the "used" and "expired" pages).
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Viewer:
    """A signed-in staff member as one request sees them: roles read now, language, CSRF token."""

    contact_id: int
    session_id: int
    csrf_token: str
    language: str
    # organisation id -> roles held there, read from the database for this request
    roles: dict[int, frozenset[str]]

    @property
    def actor(self) -> str:
        """The audit-log actor of what this person does on the page (the same as in the bot)."""
        return staff_actor(self.contact_id)


async def create_link(session: AsyncSession, contact_id: int, *, actor: str) -> str:
    """A new one-time sign-in link token for this staff member (returned once, stored hashed)."""
    now = utcnow()
    # Old links and sessions of this person that can no longer be used are cleared on the way.
    await session.execute(delete(DashboardLink).where(
        DashboardLink.contact_id == contact_id,
        or_(DashboardLink.expires_at <= now, DashboardLink.used_at.is_not(None))))
    await session.execute(delete(DashboardSession).where(
        DashboardSession.contact_id == contact_id, DashboardSession.expires_at <= now))
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    session.add(DashboardLink(token_hash=token_hash(token), contact_id=contact_id, created_at=now,
                              expires_at=now + LINK_TTL))
    await audit(session, actor=actor, action="dashboard.link", actor_contact_id=contact_id,
                details={"contact_id": contact_id})
    await session.flush()
    return token


async def _language(session: AsyncSession, contact_id: int) -> str | None:
    return await session.scalar(select(Contact.language).where(Contact.id == contact_id))


async def redeem_link(session: AsyncSession, token: str) -> Login:
    """Use a link: once, within 15 minutes, by someone who is still staff; starts a session and audits it."""
    link = await session.scalar(
        select(DashboardLink).where(DashboardLink.token_hash == token_hash(token)).with_for_update())
    if link is None:
        return Login("unknown")
    language = await _language(session, link.contact_id)
    now = utcnow()
    if link.used_at is not None:
        return Login("used", link.contact_id, language=language)
    if link.expires_at <= now:
        return Login("expired", link.contact_id, language=language)
    link.used_at = now
    roles = await roles_of(session, link.contact_id)
    if not roles:
        # Removed between the link and the click: the link is spent and opens nothing.
        return Login("used", link.contact_id, language=language)
    session_token = secrets.token_urlsafe(_TOKEN_BYTES)
    csrf_token = secrets.token_urlsafe(_TOKEN_BYTES)
    expires_at = now + SESSION_TTL
    session.add(DashboardSession(token_hash=token_hash(session_token), contact_id=link.contact_id,
                                 csrf_token=csrf_token, created_at=now, expires_at=expires_at))
    actor = staff_actor(link.contact_id)
    for organization_id in sorted(roles):
        # One row per organisation, so `musharaka audit --org X` shows who looked at X's figures.
        await audit(session, actor=actor, action="dashboard.login", actor_contact_id=link.contact_id,
                    organization_id=organization_id)
    await session.flush()
    return Login("ok", link.contact_id, session_token, csrf_token, expires_at, language)


async def viewer_for(session: AsyncSession, session_token: str | None) -> Viewer | None:
    """The staff member behind a session cookie with their current roles; None when signed out or no longer staff."""
    if not session_token:
        return None
    row = (await session.execute(
        select(DashboardSession.id, DashboardSession.contact_id, DashboardSession.csrf_token,
               DashboardSession.expires_at, Contact.language)
        .join(Contact, Contact.id == DashboardSession.contact_id)
        .where(DashboardSession.token_hash == token_hash(session_token))
    )).first()
    if row is None:
        return None
    session_id, contact_id, csrf_token, expires_at, language = row
    if expires_at <= utcnow():
        return None
    roles = await roles_of(session, contact_id)
    if not roles:
        return None
    frozen = {organization_id: frozenset(held) for organization_id, held in roles.items()}
    return Viewer(contact_id, session_id, csrf_token, language or "ar", frozen)


async def end_session(session: AsyncSession, session_token: str | None) -> int | None:
    """Sign out: the session is deleted and the logout audited; returns whose it was (None if none)."""
    if not session_token:
        return None
    found = await session.scalar(
        select(DashboardSession).where(DashboardSession.token_hash == token_hash(session_token)))
    if found is None:
        return None
    contact_id = found.contact_id
    await session.delete(found)
    await audit(session, actor=staff_actor(contact_id), action="dashboard.logout", actor_contact_id=contact_id)
    return contact_id


def csrf_matches(expected: str, given: str | None) -> bool:
    """Compare a form's CSRF token with the session's in constant time."""
    return bool(given) and secrets.compare_digest(expected.encode(), (given or "").encode())


DEFAULT_BASE_URL = "http://127.0.0.1:8080"


def login_url(base_url: str | None, token: str) -> str:
    """The link a staff member opens: <DASHBOARD_URL or the local default>/dashboard/login/<token>."""
    return f"{(base_url or DEFAULT_BASE_URL).rstrip('/')}/dashboard/login/{token}"
