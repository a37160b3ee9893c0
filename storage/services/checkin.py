"""Check-in at the door: signed ticket tokens, ticket codes, and the once-only check-in.

A ticket's QR code carries ``<registration id>-<signature>``: the signature is an HMAC
(96 bits) over the registration id with a per-deployment secret, so a token cannot be
guessed or edited into someone else's. The token is short enough for a Telegram deep link
(``/start ci_<token>``, at most 64 characters of ``[A-Za-z0-9_-]``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import unquote_plus

from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from messages.normalize import to_ascii_digits
from storage.clock import utcnow
from storage.models import AppSecret, Event, Registration
from storage.services.audit import SYSTEM, audit, staff_actor

SECRET_NAME = "checkin"
_SIGNATURE_BYTES = 12
_TOKEN = re.compile(r"^([1-9][0-9]{0,17})-([A-Za-z0-9_-]{16})$")
# Ticket codes use this alphabet (storage.services.registration); anything else is typing noise.
_CODE_NOISE = re.compile(r"[\s\-_.]+")
# A token anywhere in pasted text: a t.me or wa.me link, «/start ci_…», «musharaka:ci_…» or bare.
_TOKEN_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])(?:ci_)?([1-9][0-9]{0,17}-[A-Za-z0-9_-]{16})(?![A-Za-z0-9_-])")
# The door opens events.checkin_opens_minutes_before (changeable per event, this by default)
# before the start and closes at the end (start + duration).
OPENS_BEFORE_DEFAULT_MINUTES = 120
# Events listed for a door: not ended longer ago than this (late check-ins are recorded after the end).
DOOR_GRACE = timedelta(hours=12)
DOOR_EVENTS_SHOWN = 6


@dataclass(slots=True)
class CheckInOutcome:
    """What a check-in attempt did: checked_in / already / event_cancelled / not_confirmed."""

    result: str
    registration: Registration
    # When the person was checked in (now, or the earlier time for "already").
    at: datetime | None = None


async def checkin_key(session: AsyncSession) -> bytes:
    """The signing key of check-in tokens, created in the caller's transaction on first use.

    It is read through the caller's session (not storage.services.secrets, which opens its own
    transactions) because a handler already holds SQLite's write lock.
    """
    stored = await session.get(AppSecret, SECRET_NAME)
    if stored is None:
        try:
            async with session.begin_nested():
                session.add(AppSecret(name=SECRET_NAME, value=secrets.token_urlsafe(32)))
                await session.flush()
        except IntegrityError:
            pass  # another worker created it at the same moment; use theirs
        stored = await session.get(AppSecret, SECRET_NAME, populate_existing=True)
        assert stored is not None
    return stored.value.encode()


def _signature(key: bytes, registration_id: int) -> str:
    digest = hmac.new(key, f"checkin|{registration_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:_SIGNATURE_BYTES]).decode()


def make_token(key: bytes, registration_id: int) -> str:
    """The check-in token of one registration."""
    return f"{registration_id}-{_signature(key, registration_id)}"


def read_token(key: bytes, token: str) -> int | None:
    """The registration id a token was issued for; None when it is malformed or tampered with."""
    match = _TOKEN.match(token or "")
    if match is None:
        return None
    registration_id = int(match.group(1))
    if not hmac.compare_digest(match.group(2), _signature(key, registration_id)):
        return None
    return registration_id


async def ticket_token(session: AsyncSession, registration_id: int) -> str:
    """The token to put in a registration's QR code."""
    return make_token(await checkin_key(session), registration_id)


async def registration_for_token(session: AsyncSession, token: str) -> Registration | None:
    """The registration a genuine token points at (None if forged or the row is gone)."""
    registration_id = read_token(await checkin_key(session), token)
    if registration_id is None:
        return None
    return await session.get(Registration, registration_id)


def normalize_ticket_code(text: str) -> str:
    """A typed ticket code as stored: Arabic-Indic digits to ASCII, no spaces or dashes, upper case."""
    return _CODE_NOISE.sub("", to_ascii_digits(text)).upper()


async def find_by_code(session: AsyncSession, typed: str) -> Registration | None:
    """The registration with this ticket code (as a person typed it), or None."""
    code = normalize_ticket_code(typed)
    if not code or len(code) > 16:
        return None
    return await session.scalar(select(Registration).where(Registration.ticket_code == code))


def token_in(text: str) -> str | None:
    """The check-in token inside any form a person pastes: a link (URL-encoded or not), ci_<token>, the token."""
    decoded = unquote_plus(to_ascii_digits(text or "")).strip()
    match = _TOKEN_IN_TEXT.search(decoded)
    return match.group(1) if match else None


async def find_ticket(session: AsyncSession, typed: str) -> Registration | None:
    """The registration behind any form of a ticket: a QR link or token (checked signature), or its code."""
    token = token_in(typed)
    if token is not None:
        return await registration_for_token(session, token)
    return await find_by_code(session, typed)


async def registration_of_event(session: AsyncSession, registration_id: int, event_id: int) -> Registration | None:
    """A registration, only if it belongs to this event (ids in options are checked against each other)."""
    registration = await session.get(Registration, registration_id)
    return registration if registration is not None and registration.event_id == event_id else None


def opens_before(event: Event) -> timedelta:
    """How long before the start this event's door opens (its own setting, 2 hours unless changed)."""
    minutes = event.checkin_opens_minutes_before
    return timedelta(minutes=OPENS_BEFORE_DEFAULT_MINUTES if minutes is None else minutes)


def window(event: Event) -> tuple[datetime, datetime]:
    """When check-in for an event opens and closes (naive UTC): its opening time before the start until its end."""
    return event.starts_at - opens_before(event), event.starts_at + timedelta(minutes=event.duration_minutes or 0)


def outside_window(event: Event, now: datetime | None = None) -> str | None:
    """"early" before the door opens, "late" after the event ended, None while check-in is open."""
    opens, closes = window(event)
    now = now or utcnow()
    if now < opens:
        return "early"
    if now > closes:
        return "late"
    return None


async def door_events(session: AsyncSession, organization_id: int, limit: int = DOOR_EVENTS_SHOWN) -> list[Event]:
    """The organisation's published events a door can be opened for: not ended (or just ended), soonest first."""
    now = utcnow()
    # Durations are at most a week, so this bound on the start keeps every event that has not ended.
    rows = await session.scalars(
        select(Event).where(Event.organization_id == organization_id, Event.status == "published",
                            Event.starts_at > now - timedelta(days=7) - DOOR_GRACE)
        .order_by(Event.starts_at, Event.id)
    )
    return [event for event in rows if window(event)[1] > now - DOOR_GRACE][:limit]


async def check_in(session: AsyncSession, registration_id: int, by_contact_id: int | None, *,
                   override: str | None = None) -> CheckInOutcome:
    """Check a confirmed registration in, once.

    One conditional UPDATE does it, so two scans of the same ticket at the same moment check
    the person in once: the second finds checked_in_at already set and reports "already".
    The check-in is audited (actor staff:<by_contact_id>) in the caller's transaction; with
    `override` ("early" / "late": outside the window, confirmed by the organizer) a
    `checkin.override` entry is written beside it.
    """
    now = utcnow()
    # A cancelled event has no door: its tickets are refused in the same conditional UPDATE.
    live_event = exists().where(Event.id == Registration.event_id, Event.status != "cancelled")
    result = await session.execute(
        update(Registration)
        .where(Registration.id == registration_id, Registration.status == "confirmed",
               Registration.checked_in_at.is_(None), live_event)
        .values(checked_in_at=now, checked_in_by=by_contact_id)
        .execution_options(synchronize_session=False)
    )
    registration = await session.get(Registration, registration_id, populate_existing=True)
    assert registration is not None
    if result.rowcount == 1:
        # Only a check-in that happened is audited: a second scan changes nothing.
        organization_id = await session.scalar(select(Event.organization_id).where(Event.id == registration.event_id))
        actor = staff_actor(by_contact_id) if by_contact_id is not None else SYSTEM
        details = {"event_id": registration.event_id, "registration_id": registration.id}
        if override is not None:
            # Checked in outside the window after the organizer confirmed: "early" or "late".
            await audit(session, actor=actor, actor_contact_id=by_contact_id, action="checkin.override",
                        organization_id=organization_id, details={**details, "reason": override})
        await audit(session, actor=actor, actor_contact_id=by_contact_id, action="checkin",
                    organization_id=organization_id, details=details)
        return CheckInOutcome("checked_in", registration, now)
    if registration.status == "confirmed" and registration.checked_in_at is not None:
        return CheckInOutcome("already", registration, registration.checked_in_at)
    if await session.scalar(select(Event.status).where(Event.id == registration.event_id)) == "cancelled":
        return CheckInOutcome("event_cancelled", registration)
    return CheckInOutcome("not_confirmed", registration)
