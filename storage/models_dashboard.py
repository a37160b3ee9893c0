"""Tables of the coordinators' web page (issue 14): one-time sign-in links and sessions.

Neither table holds a usable secret: links and session cookies are stored as SHA-256 hashes of
random tokens, so a copy of the database lets nobody sign in.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.clock import utcnow
from storage.models import Base


class DashboardLink(Base):
    """A one-time sign-in link sent to one staff member; valid for 15 minutes, used once."""

    __tablename__ = "dashboard_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)


class DashboardSession(Base):
    """A signed-in browser: the cookie's hash, whose it is, its CSRF token, and until when it is valid."""

    __tablename__ = "dashboard_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    # Sent back in every form; it only matters together with the cookie, so it is kept as it is.
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
