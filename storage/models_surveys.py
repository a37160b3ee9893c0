"""Tables of per-event surveys saved by an organisation (issue 15).

An event points at the saved survey its organizer chose (`events.saved_survey_id`, NULL = the
default survey); choosing copies the questions into the event's own `surveys` row, so editing
or deleting a saved survey later never changes a survey people were already asked.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.clock import utcnow
from storage.models import Base


class SavedSurvey(Base):
    """A named survey of one organisation, reusable for any of its events."""

    __tablename__ = "saved_surveys"
    __table_args__ = (UniqueConstraint("organization_id", "name", name="uq_saved_surveys_org_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    # Same shape as Survey.questions: [{"key", "kind", "text", "choices", "required"}], at most eight.
    questions: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
