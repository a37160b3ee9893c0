"""A recording channel for sender tests that do not need a fake HTTP server."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from handlers.types import Outbound


@dataclass
class SentMessage:
    """One send() call as the channel saw it."""

    external_id: str
    replies: list[Outbound]
    purpose: str
    last_inbound_at: datetime | None

    @property
    def text(self) -> str:
        """All reply texts joined."""
        return "\n".join(r.text for r in self.replies)


@dataclass
class RecordingChannel:
    """Records what the sender delivers; can be told to fail for some people."""

    name: str = "console"
    sent: list[SentMessage] = field(default_factory=list)
    failures: dict[str, Exception] = field(default_factory=dict)

    async def send(self, external_id: str, replies: list[Outbound], *, purpose: str = "reply",
                   last_inbound_at: datetime | None = None) -> list[str]:
        """Record the delivery (or raise the failure configured for this person)."""
        if external_id in self.failures:
            raise self.failures[external_id]
        self.sent.append(SentMessage(external_id, replies, purpose, last_inbound_at))
        return [f"m{len(self.sent)}"]

    def to(self, external_id: str) -> list[SentMessage]:
        """Everything sent to one person."""
        return [m for m in self.sent if m.external_id == external_id]
