"""Tables of the optional registration questions (issue 15): what each event asks, what people answered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.clock import utcnow
from storage.models import Base


class EventQuestions(Base):
    """The optional questions one event asks after registration: standard keys and its own (up to three)."""

    __tablename__ = "event_questions"
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    # Keys of storage.services.registration_questions.STANDARD, in the order they are asked.
    standard: Mapped[list] = mapped_column(default=list)
    # [{"text": literal question, "kind": "choice"|"text", "choices": [literal, ...]}], at most three.
    custom: Mapped[list] = mapped_column(default=list)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ContactAnswer(Base):
    """One person's answer to one question; a standard answer is reused at the next event.

    `question` is a standard key ("sex") or an event's own question ("e12.c1"); `answer` is a
    stable code ("female", "prefer_not") or, for short-text questions, the text as typed.
    Deleted with the contact ("delete my data").
    """

    __tablename__ = "contact_answers"
    __table_args__ = (UniqueConstraint("contact_id", "question"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(String(40))
    answer: Mapped[str] = mapped_column(String(300))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
