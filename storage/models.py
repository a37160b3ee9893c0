"""SQLAlchemy 2 models: the whole data model of DESIGN.md.

Times are stored as naive UTC datetimes (SQLite has no time zones); they are shown
in Asia/Baghdad by messages.formatting.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.clock import utcnow


class Base(DeclarativeBase):
    """Declarative base of every table."""

    type_annotation_map = {dict: JSON, list: JSON}


class Organization(Base):
    """A civil-society organisation that runs events on the shared bot."""

    __tablename__ = "organizations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Staff(Base):
    """A role held by a contact in one organisation (admin / organizer / coordinator)."""

    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("organization_id", "contact_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Invite(Base):
    """A one-time code that grants a staff role when sent with /join."""

    __tablename__ = "invites"
    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 (hex) of the normalised code: the code itself is shown once and never stored.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_by: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))


class Follow(Base):
    """A person chose to follow an organisation: they are in its audience without registering."""

    __tablename__ = "follows"
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class OrganizationOptOut(Base):
    """A person stopped announcements from one organisation only ("stop" pressed on one of its messages)."""

    __tablename__ = "organization_optouts"
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Contact(Base):
    """A person (citizen or staff), whatever channels they use."""

    __tablename__ = "contacts"
    # Never reuse a deleted person's id: option ids are bound to it.
    __table_args__ = (
        # The scheduler's purge of people who never consented (every tick) reads only those rows.
        Index("ix_contacts_unconsented", "id", postgresql_where=text("consent_at IS NULL"),
              sqlite_where=text("consent_at IS NULL")),
        # Broadcast previews and sends of a governorate segment, from the index alone.
        Index("ix_contacts_reachable_governorate", "governorate", "id",
              postgresql_where=text("consent_at IS NOT NULL AND opted_out IS false"),
              sqlite_where=text("consent_at IS NOT NULL AND opted_out IS 0")),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    language: Mapped[str] = mapped_column(String(8), default="ar")
    governorate: Mapped[str | None] = mapped_column(String(40))
    interests: Mapped[list] = mapped_column(JSON, default=list)
    consent_at: Mapped[datetime | None] = mapped_column(DateTime)
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    # Reminders and surveys can be stopped separately from announcements.
    reminders_off: Mapped[bool] = mapped_column(Boolean, default=False)
    phone_e164: Mapped[str | None] = mapped_column(String(20), index=True)
    # Conversation state: survives restarts and works across workers.
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime)

    identities: Mapped[list[Identity]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", passive_deletes=True
    )


class Identity(Base):
    """One channel address of a contact (telegram user id, WhatsApp wa_id, console user)."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str | None] = mapped_column(String(200))
    unreachable: Mapped[bool] = mapped_column(Boolean, default=False)
    # WhatsApp's 24-hour customer-service window starts at the last inbound message.
    last_inbound_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    contact: Mapped[Contact] = relationship(back_populates="identities")


class Event(Base):
    """A seminar, round table, workshop… that citizens register for."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_status_starts", "status", "starts_at"), {"sqlite_autoincrement": True})
    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"))
    organizer_name: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(40))
    governorate: Mapped[str] = mapped_column(String(40), index=True)
    venue: Mapped[str] = mapped_column(String(300))
    map_url: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=120)
    capacity: Mapped[int | None] = mapped_column(Integer)
    # draft / published / cancelled
    status: Mapped[str] = mapped_column(String(16), default="published")
    registration_open: Mapped[bool] = mapped_column(Boolean, default=True)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    # Hours before the start at which reminders go out; [] means none.
    reminder_hours: Mapped[list] = mapped_column(JSON, default=lambda: [24, 1])
    survey_delay_hours: Mapped[int] = mapped_column(Integer, default=2)
    # How long before the start the door (check-in) opens for this event.
    checkin_opens_minutes_before: Mapped[int] = mapped_column(Integer, default=120, server_default="120")
    # Reminder stages already queued, as "24@<starts_at iso>": moving the event starts new stages.
    reminder_stages_done: Mapped[list] = mapped_column(JSON, default=list)
    survey_queued_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The saved survey chosen for this event (storage/models_surveys.py); NULL = the default. No ON DELETE
    # rule (SQLite cannot add one to a column): storage/services/saved_surveys.py clears it before a delete.
    saved_survey_id: Mapped[int | None] = mapped_column(ForeignKey("saved_surveys.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Registration(Base):
    """A contact's seat (or waiting-list place) at an event."""

    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "contact_id"),
        # (event_id, status) first for the registration queries; the rest for the dashboard's counts.
        Index("ix_registrations_event_figures", "event_id", "status", "checked_in_at", "contact_id"),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    # confirmed / waitlisted / cancelled (attendance is checked_in_at on a confirmed row)
    status: Mapped[str] = mapped_column(String(16))
    ticket_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Waiting-list order: the order in which people joined it (re-joining goes to the back).
    waitlisted_at: Mapped[datetime | None] = mapped_column(DateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    checked_in_by: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    # The contact's answer to a reminder: "yes" (will come) or None.
    rsvp: Mapped[str | None] = mapped_column(String(8))


class Survey(Base):
    """A feedback survey attached to an event."""

    __tablename__ = "surveys"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    # [{"key": "rating", "kind": "rating"|"choice"|"text", "text_key": catalog key or "text": literal,
    #   "choices": [...], "required": bool}]
    questions: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SurveyResponse(Base):
    """One person's answers to one survey (complete or in progress)."""

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("survey_id", "contact_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    current_question: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)


class Broadcast(Base):
    """An announcement composed by an organizer for an audience."""

    __tablename__ = "broadcasts"
    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    audience: Mapped[dict] = mapped_column(JSON, default=dict)
    # draft / scheduled / sending / done / stopped / cancelled
    status: Mapped[str] = mapped_column(String(16), default="draft")
    scheduled_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Where the organizer's live progress message is, to update it.
    progress_channel: Mapped[str | None] = mapped_column(String(16))
    progress_chat: Mapped[str | None] = mapped_column(String(64))
    progress_message: Mapped[str | None] = mapped_column(String(64))


class Delivery(Base):
    """An outbox row: one message of one purpose to one contact, sent by the scheduler."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("purpose", "contact_id"),
        Index("ix_deliveries_state_due", "state", "due_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # e.g. "reminder:24:reg:15", "survey:3", "broadcast:7", "event-cancelled:4"
    purpose: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    broadcast_id: Mapped[int | None] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="CASCADE"), index=True
    )
    # pending / sending / sent / failed / blocked / needs_template / unknown / cancelled
    state: Mapped[str] = mapped_column(String(16), default="pending")
    due_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    channel: Mapped[str | None] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    platform_message_id: Mapped[str | None] = mapped_column(String(128), index=True)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ProcessedUpdate(Base):
    """Platform update ids already handled, so a redelivered update has one effect."""

    __tablename__ = "processed_updates"
    __table_args__ = (UniqueConstraint("channel", "update_key"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    update_key: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class InboxItem(Base):
    """An inbound item (Telegram update, WhatsApp message or status) written down before it is acknowledged.

    Rows are handled in arrival order per person; the raw payload is dropped once handled and
    the row itself after INBOX_RETENTION_DAYS. Failed rows stay for an operator to look at.
    """

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("channel", "platform_key"),
        Index("ix_inbox_state_id", "state", "id"),
        # person_key is cleared once a row is handled and answered, so this index holds only the rows
        # still open (and failed ones): a person's earlier open rows, replies still to send.
        Index("ix_inbox_person_key", "person_key"),
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    # The platform's own id: Telegram update_id, WhatsApp message id, or status id + status.
    platform_key: Mapped[str] = mapped_column(String(160))
    # "channel:external id" of the person the item is from, so one person's items stay in order.
    person_key: Mapped[str | None] = mapped_column(String(160))
    # update / message / status
    kind: Mapped[str] = mapped_column(String(16), default="update")
    payload: Mapped[dict | None] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # pending / processing / done / failed
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The replies decided when the item was handled, sent after the commit:
    # none / pending / sending / sent / unknown (cut off mid-send) / failed (the platform refused)
    reply_state: Mapped[str] = mapped_column(String(16), default="none")
    replies: Mapped[list | None] = mapped_column(JSON)
    # What the replies answer, when they need it after the payload is gone (Telegram: the message
    # a pressed button was on, which a reply may replace).
    reply_to: Mapped[dict | None] = mapped_column(JSON)


class ListPage(Base):
    """WhatsApp: the options that did not fit in one list, kept until 'more' is pressed."""

    __tablename__ = "list_pages"
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(40), unique=True)
    person_key: Mapped[str] = mapped_column(String(160), index=True)
    options: Mapped[list] = mapped_column(JSON, default=list)
    page: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditLog(Base):
    """Append-only record of sensitive staff actions (exports, broadcasts, role changes)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_contact_id: Mapped[int | None] = mapped_column(Integer)
    # Indexed: `staff list` shows each person's last action.
    actor: Mapped[str] = mapped_column(String(120), index=True)
    organization_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(60))
    details: Mapped[dict] = mapped_column(JSON, default=dict)


class AppSecret(Base):
    """Secrets generated on first run (e.g. the option-id signing key), kept across restarts."""

    __tablename__ = "app_secrets"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


# Tables of later features live in their own modules; importing them here puts them in Base.metadata.
from storage import models_dashboard, models_questions, models_surveys  # noqa: E402,F401
