"""The periodic jobs that turn time into outbox rows (reminders, survey invitations) and forget what is due.

Each tick looks only at events whose reminder or survey moment has come (indexed on
status and start time) and remembers on the event which stages it queued, so a tick with
nothing due costs one small query, and running a tick twice queues nothing twice. It also
deletes people who never consented and have been silent for UNCONSENTED_RETENTION_DAYS, and
WhatsApp list pages whose hour is up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import JSON, DateTime, Integer, String, exists, func, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select

from bot import metrics
from storage.clock import utcnow
from storage.db import Database
from storage.models import Contact, Delivery, Event, Registration, Survey
from storage.services import list_pages
from storage.services.contacts import purge_unconsented
from storage.services.surveys import default_questions

# The largest reminder lead time we look ahead for (hours).
MAX_REMINDER_HOURS = 24 * 7
# Invitations are not sent for events that ended longer ago than this.
SURVEY_MAX_AGE = timedelta(days=3)
# Longest event we expect; bounds the survey query on start time.
MAX_EVENT_LENGTH = timedelta(days=2)
# Days a person who never consented is kept after their last message (the UNCONSENTED_RETENTION_DAYS default).
UNCONSENTED_RETENTION_DAYS = 7
# More work of a tick, registered by other modules (e.g. releasing scheduled broadcasts):
# async fn(session), run at the end of the tick inside its transaction.
EXTRA_TICKS: list[Callable[[AsyncSession], Awaitable[object]]] = []


@dataclass(slots=True)
class TickResult:
    """What one tick queued."""

    reminders: int = 0
    surveys: int = 0
    purged: int = 0


def stage_key(hours: int, event: Event) -> str:
    """The name of one reminder stage of an event at its current start time."""
    return f"{hours}@{event.starts_at.isoformat()}"


async def queue_due_reminders(session: AsyncSession) -> int:
    """Queue the reminders whose moment has come; returns how many rows were queued."""
    now = utcnow()
    events = (
        await session.scalars(
            select(Event)
            .where(Event.status == "published", Event.starts_at > now,
                   Event.starts_at <= now + timedelta(hours=MAX_REMINDER_HOURS))
            .with_for_update(skip_locked=True)
        )
    ).all()
    queued = 0
    for event in events:
        due = sorted(h for h in (event.reminder_hours or []) if event.starts_at - timedelta(hours=h) <= now)
        done = set(event.reminder_stages_done or [])
        new_stages = [h for h in due if stage_key(h, event) not in done]
        if not new_stages:
            continue
        # When several stages came due together (e.g. after downtime) only the nearest is sent.
        send_hours = due[0]
        if stage_key(send_hours, event) not in done:
            queued += await _queue_reminder_stage(session, event, send_hours)
        event.reminder_stages_done = sorted(done | {stage_key(h, event) for h in due})
    return queued


async def _queue_reminder_stage(session: AsyncSession, event: Event, hours: int) -> int:
    moment = event.starts_at - timedelta(hours=hours)
    # A stage stops being worth sending when the next (nearer) stage is due, or at the start.
    nearer = [h for h in (event.reminder_hours or []) if h < hours]
    expires = event.starts_at - timedelta(hours=max(nearer)) if nearer else event.starts_at
    people = (
        select(Registration.id, Registration.contact_id)
        .join(Contact, Contact.id == Registration.contact_id)
        .where(Registration.event_id == event.id, Registration.status == "confirmed",
               # A person who registered after this stage's moment gets only later reminders.
               Registration.confirmed_at <= moment, Contact.reminders_off.is_(False))
    )
    build = func.json_build_object if session.bind.dialect.name == "postgresql" else func.json_object
    payload = build("registration_id", Registration.id, "event_id", literal(event.id, Integer),
                    "hours", literal(hours, Integer), "expires_at", literal(expires.isoformat(), String))
    purpose = f"reminder:{event.id}:{hours}:{event.starts_at.isoformat()}"
    return await _enqueue_select(session, people.with_only_columns(
        literal(purpose, String), literal("reminder", String), Registration.contact_id, payload))


async def _enqueue_select(session: AsyncSession, rows: Select) -> int:
    """Queue the rows of a SELECT of (purpose, kind, contact_id, payload) in one INSERT ... SELECT.

    At 10,000 registrations building the rows in Python cost seconds; the database copies them
    in tens of milliseconds. Rows already queued are skipped; returns how many were new.
    """
    now = utcnow()
    rows = rows.add_columns(literal(now, DateTime), literal("pending", String), literal(0, Integer),
                            literal(now, DateTime))
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    statement = insert(Delivery).from_select(
        ["purpose", "kind", "contact_id", "payload", "due_at", "state", "attempts", "created_at"], rows,
    ).on_conflict_do_nothing(index_elements=["purpose", "contact_id"])
    return (await session.execute(statement)).rowcount or 0


async def queue_due_surveys(session: AsyncSession) -> int:
    """Invite attendees (or, if nobody was checked in, confirmed registrants) N hours after the end."""
    now = utcnow()
    candidates = (
        await session.scalars(
            select(Event)
            .where(Event.status == "published", Event.survey_queued_at.is_(None),
                   Event.starts_at <= now, Event.starts_at > now - SURVEY_MAX_AGE - MAX_EVENT_LENGTH)
            .with_for_update(skip_locked=True)
        )
    ).all()
    queued = 0
    for event in candidates:
        ends = event.starts_at + timedelta(minutes=event.duration_minutes)
        if ends + timedelta(hours=event.survey_delay_hours) > now:
            continue
        event.survey_queued_at = now
        if ends < now - SURVEY_MAX_AGE:
            continue
        survey = await ensure_survey(session, event)
        queued += await _invite(session, event, survey)
    return queued


async def ensure_survey(session: AsyncSession, event: Event) -> Survey:
    """The event's survey, created with the default questions if the organizer made none."""
    survey = await session.scalar(select(Survey).where(Survey.event_id == event.id))
    if survey is None:
        survey = Survey(event_id=event.id, questions=default_questions())
        session.add(survey)
        await session.flush()
    return survey


async def _invite(session: AsyncSession, event: Event, survey: Survey) -> int:
    attended = await session.scalar(
        select(exists().where(Registration.event_id == event.id, Registration.checked_in_at.is_not(None)))
    )
    query = (
        select(Registration.contact_id)
        .join(Contact, Contact.id == Registration.contact_id)
        .where(Registration.event_id == event.id, Registration.status == "confirmed",
               Contact.reminders_off.is_(False))
    )
    if attended:
        query = query.where(Registration.checked_in_at.is_not(None))
    payload = literal({"survey_id": survey.id, "event_id": event.id}, JSON)
    return await _enqueue_select(session, query.with_only_columns(
        literal(f"survey:{survey.id}", String), literal("survey", String), Registration.contact_id, payload))


@metrics.timed_tick
async def run_tick(db: Database, *, unconsented_retention_days: int = UNCONSENTED_RETENTION_DAYS) -> TickResult:
    """One scheduler tick: queue due reminders and survey invitations, in one transaction; then the purges."""
    async with db.transaction() as session:
        reminders = await queue_due_reminders(session)
        surveys = await queue_due_surveys(session)
        for extra in EXTRA_TICKS:
            await extra(session)
    # Its own transaction: a purge that fails (a lock, a bug) must not hold back reminders.
    async with db.transaction() as session:
        purged = await purge_unconsented(session, unconsented_retention_days)
        await list_pages.delete_expired(session)
    return TickResult(reminders, surveys, purged)


async def count_pending(session: AsyncSession) -> int:
    """Outbox rows waiting to be sent (for logs and progress)."""
    from storage.models import Delivery

    return await session.scalar(select(func.count()).where(Delivery.state == "pending")) or 0
