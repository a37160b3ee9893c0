"""Who an organisation may reach: its audience, the segments inside it, follows and per-organisation stops.

A person is in organisation X's audience only through a relationship with X:
  - they registered for one of X's events (in any status: confirmed, waiting, attended or
    cancelled — the consent text promises data goes to "the organisations whose events you
    register for"), or
  - they chose to follow X (settings, or the event details),
and they consented, did not stop every announcement (contacts.opted_out) and did not stop X's
(organization_optouts). Being staff of another organisation gives no relationship: staff are
ordinary people here.

Every segment an organizer can pick (all, governorate, interest, an event's registrants /
attendees / waiting list) is cut down to that audience by `audience_query`, the one query both
the preview counts and the enqueueing of a broadcast use, so what is counted is what is sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    DateTime,
    Integer,
    String,
    cast,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select

from messages.normalize import parse_id
from storage.clock import utcnow
from storage.models import Broadcast, Contact, Delivery, Event, Follow, Organization, OrganizationOptOut, Registration
from storage.vocab import GOVERNORATES, INTERESTS

# all | g-<governorate> | i-<interest> | r-<event> registrants | a-<event> attendees | w-<event> waiting list
EVENT_SEGMENTS = ("r", "a", "w")
# The outbox kind of announcements (storage.services.broadcasts writes it).
ANNOUNCEMENT_KIND = "broadcast"


def parse_segment(key: str) -> tuple[str, str] | None:
    """("all", "") / ("g", code) / ("i", code) / ("r"|"a"|"w", event id); None for anything else."""
    if key == "all":
        return "all", ""
    kind, _, value = key.partition("-")
    if kind == "g" and value in GOVERNORATES:
        return kind, value
    if kind == "i" and value in INTERESTS:
        return kind, value
    if kind in EVENT_SEGMENTS and value.isascii() and parse_id(value) is not None:
        return kind, value
    return None


def _reachable(organization_id: int) -> list[ColumnElement[bool]]:
    """Conditions on Contact: consented, not stopped (at all, or for this organisation), and related."""
    stopped_here = exists().where(OrganizationOptOut.contact_id == Contact.id,
                                  OrganizationOptOut.organization_id == organization_id)
    registered = (select(Registration.contact_id)
                  .join(Event, Event.id == Registration.event_id)
                  .where(Event.organization_id == organization_id))
    following = select(Follow.contact_id).where(Follow.organization_id == organization_id)
    # Two IN tests, not one IN over a UNION: PostgreSQL hashes each list once and probes it per
    # contact, instead of de-duplicating and joining 200,000 ids (about half the work at 1,000,000
    # contacts, see bench/scale_bench.py).
    return [
        Contact.consent_at.is_not(None),
        Contact.opted_out.is_(False),
        ~stopped_here,
        or_(Contact.id.in_(registered), Contact.id.in_(following)),
    ]


def _segment(organization_id: int, kind: str, values: list[str]) -> ColumnElement[bool]:
    """The condition on Contact of one segment kind (the audience conditions are added by the caller)."""
    if kind == "all":
        return true()
    if kind == "g":
        return Contact.governorate.in_(values)
    if kind == "i":
        # Interests are a JSON list of fixed ASCII codes: matching the quoted code in the stored
        # text works the same on SQLite and PostgreSQL, without JSON functions that differ.
        text = cast(Contact.interests, String)
        return or_(*(text.like(f'%"{code}"%') for code in values))
    # Event segments only ever look at the organisation's own events, whatever id was asked for.
    query = (select(Registration.contact_id)
             .join(Event, Event.id == Registration.event_id)
             .where(Registration.event_id.in_([int(v) for v in values]), Event.organization_id == organization_id))
    if kind == "r":
        query = query.where(Registration.status == "confirmed")
    elif kind == "a":
        query = query.where(Registration.status == "confirmed", Registration.checked_in_at.is_not(None))
    else:
        query = query.where(Registration.status == "waitlisted")
    return Contact.id.in_(query)


def audience_query(organization_id: int, segment_keys: Iterable[str]) -> Select | None:
    """Distinct contact ids, in order, of the chosen segments within the organisation's audience.

    None when no valid segment is chosen. The one query behind every count and every send.
    """
    grouped: dict[str, list[str]] = {}
    for key in segment_keys:
        parsed = parse_segment(key)
        if parsed is not None:
            grouped.setdefault(parsed[0], []).append(parsed[1])
    if not grouped:
        return None
    # The union of the segments is the OR of their conditions on the same contacts row.
    chosen = or_(*(_segment(organization_id, kind, values) for kind, values in grouped.items()))
    return select(Contact.id).where(chosen, *_reachable(organization_id)).order_by(Contact.id)


async def audience_count(session: AsyncSession, organization_id: int, segment_keys: Iterable[str]) -> int:
    """How many people the chosen segments reach now (what a preview shows)."""
    query = audience_query(organization_id, segment_keys)
    if query is None:
        return 0
    return await session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


async def audience_ids(session: AsyncSession, organization_id: int, segment_keys: Iterable[str]) -> list[int]:
    """The contact ids the chosen segments reach now (what is enqueued)."""
    query = audience_query(organization_id, segment_keys)
    return list((await session.scalars(query)).all()) if query is not None else []


async def enqueue_audience(session: AsyncSession, organization_id: int, segment_keys: Iterable[str], *,
                           purpose: str, kind: str, payload: dict[str, Any], broadcast_id: int | None,
                           due_at: datetime | None = None) -> int:
    """Queue one delivery per person of the audience in one INSERT ... SELECT; returns how many were new.

    The ids never travel to Python: at 200,000 people, building and sending the rows from the
    application took minutes; the database does it in seconds. Rows already queued are skipped.
    """
    query = audience_query(organization_id, segment_keys)
    if query is None:
        return 0
    now = utcnow()
    # In contact order, as ids are given: the outbox sends (and a stop cuts) in a predictable order.
    rows = query.order_by(None).order_by(Contact.id).with_only_columns(
        literal(purpose, String), literal(kind, String), Contact.id, literal(payload, JSON),
        literal(due_at or now, DateTime), literal(broadcast_id, Integer), literal("pending", String),
        literal(0, Integer), literal(now, DateTime))
    statement = _insert(session)(Delivery).from_select(
        ["purpose", "kind", "contact_id", "payload", "due_at", "broadcast_id", "state", "attempts", "created_at"],
        rows).on_conflict_do_nothing(index_elements=["purpose", "contact_id"])
    return (await session.execute(statement)).rowcount or 0


async def in_audience(session: AsyncSession, organization_id: int, contact_id: int) -> bool:
    """Whether one person is in the organisation's audience now."""
    query = select(Contact.id).where(Contact.id == contact_id, *_reachable(organization_id))
    return await session.scalar(query) is not None


async def announcement_allowed(session: AsyncSession, contact_id: int, organization_id: int) -> bool:
    """Send-time check of an announcement already queued: False once the person stopped this organisation."""
    stopped = await session.get(OrganizationOptOut, (contact_id, organization_id))
    return stopped is None


# --- follows ---------------------------------------------------------------------------------


async def publishing_organizations(session: AsyncSession) -> list[Organization]:
    """Organisations that have published events (past or upcoming): the ones a person can follow."""
    published = exists().where(Event.organization_id == Organization.id, Event.status == "published")
    return list((await session.scalars(select(Organization).where(published)
                                       .order_by(Organization.name, Organization.id))).all())


async def publishes(session: AsyncSession, organization_id: int) -> bool:
    """Whether the organisation has published events (so it can be followed)."""
    query = select(Event.id).where(Event.organization_id == organization_id, Event.status == "published").limit(1)
    return await session.scalar(query) is not None


async def followed_ids(session: AsyncSession, contact_id: int) -> set[int]:
    """The organisations this person follows."""
    return set((await session.scalars(select(Follow.organization_id).where(Follow.contact_id == contact_id))).all())


async def stopped_ids(session: AsyncSession, contact_id: int) -> set[int]:
    """The organisations whose announcements this person stopped."""
    query = select(OrganizationOptOut.organization_id).where(OrganizationOptOut.contact_id == contact_id)
    return set((await session.scalars(query)).all())


async def is_following(session: AsyncSession, contact_id: int, organization_id: int) -> bool:
    """Whether this person follows the organisation."""
    return await session.get(Follow, (contact_id, organization_id)) is not None


def _insert(session: AsyncSession):  # type: ignore[no-untyped-def]
    return pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert


async def follow(session: AsyncSession, contact_id: int, organization_id: int) -> bool:
    """Follow the organisation (which also lifts a stop of its announcements); False if already following."""
    # Following is asking for its announcements: a stop of this organisation no longer stands.
    await session.execute(delete(OrganizationOptOut).where(OrganizationOptOut.contact_id == contact_id,
                                                           OrganizationOptOut.organization_id == organization_id))
    statement = _insert(session)(Follow).values(contact_id=contact_id, organization_id=organization_id,
                                                created_at=utcnow()).on_conflict_do_nothing()
    return bool((await session.execute(statement)).rowcount)


async def unfollow(session: AsyncSession, contact_id: int, organization_id: int) -> bool:
    """Stop following the organisation; False if not following."""
    result = await session.execute(delete(Follow).where(Follow.contact_id == contact_id,
                                                        Follow.organization_id == organization_id))
    return bool(result.rowcount)


# --- stopping one organisation -----------------------------------------------------------------


async def stop_organization(session: AsyncSession, contact_id: int, organization_id: int) -> bool:
    """Stop this organisation's announcements (and stop following it); False if already stopped.

    Announcements of it already queued are dropped when the sender renders them
    (`announcement_allowed`), the way a full stop is honoured at send time.
    """
    await unfollow(session, contact_id, organization_id)
    statement = _insert(session)(OrganizationOptOut).values(
        contact_id=contact_id, organization_id=organization_id, created_at=utcnow()).on_conflict_do_nothing()
    return bool((await session.execute(statement)).rowcount)


async def resume_organizations(session: AsyncSession, contact_id: int) -> int:
    """Lift every per-organisation stop of this person; returns how many there were."""
    result = await session.execute(delete(OrganizationOptOut).where(OrganizationOptOut.contact_id == contact_id))
    return result.rowcount or 0


async def last_announcement_organization(session: AsyncSession, contact_id: int,
                                         since: datetime) -> Organization | None:
    """The organisation of the latest announcement delivered to this person since `since`, if any."""
    query = (select(Organization)
             .join(Broadcast, Broadcast.organization_id == Organization.id)
             .join(Delivery, Delivery.broadcast_id == Broadcast.id)
             .where(Delivery.contact_id == contact_id, Delivery.kind == ANNOUNCEMENT_KIND, Delivery.state == "sent",
                    Delivery.sent_at >= since)
             .order_by(Delivery.sent_at.desc(), Delivery.id.desc())
             .limit(1))
    return await session.scalar(query)


# --- two contacts becoming one (linking channels) ------------------------------------------------


async def merge_relationships(session: AsyncSession, keep_id: int, absorb_id: int) -> None:
    """Move follows and per-organisation stops of `absorb` to `keep`: follows united, any stop kept."""
    for model in (Follow, OrganizationOptOut):
        mine = select(model.organization_id).where(model.contact_id == keep_id)
        await session.execute(update(model)
                              .where(model.contact_id == absorb_id, model.organization_id.not_in(mine))
                              .values(contact_id=keep_id).execution_options(synchronize_session=False))
        await session.execute(delete(model).where(model.contact_id == absorb_id))
    # A stop wins over a follow of the same organisation, as stopping unfollows.
    stopped = select(OrganizationOptOut.organization_id).where(OrganizationOptOut.contact_id == keep_id)
    await session.execute(delete(Follow).where(Follow.contact_id == keep_id, Follow.organization_id.in_(stopped)))
