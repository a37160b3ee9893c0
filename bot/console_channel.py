"""The terminal as an outbox channel: what the sender delivers to console people waits here for the chat.

The chat registers a ConsoleChannel with the same scheduler.sender.Sender that Telegram and
WhatsApp use, so promotions, reminders, event notices, survey invitations and announcements to
console identities go through the real outbox (the `deliveries` table) and are shown in the
terminal instead of ending as `blocked | no reachable channel`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from handlers.types import Outbound

CHANNEL = "console"


@dataclass(frozen=True, slots=True)
class Pushed:
    """Messages the bot sent on its own to one console person (not a reply to what they typed)."""

    external_id: str
    replies: list[Outbound]
    purpose: str


class ConsoleChannel:
    """A ChannelAdapter that never fails: each delivery is kept, in order, until the chat takes it."""

    name = CHANNEL

    def __init__(self) -> None:
        self._pushed: list[Pushed] = []

    async def send(self, external_id: str, replies: list[Outbound], *, purpose: str = "reply",
                   last_inbound_at: datetime | None = None) -> list[str]:
        """Keep the replies for the chat to show; returns one message id per reply."""
        self._pushed.append(Pushed(external_id, list(replies), purpose))
        # Unique across sessions, like a platform's message ids.
        return [f"console-{uuid.uuid4().hex[:16]}" for _ in replies]

    def take(self) -> list[Pushed]:
        """Everything delivered since the last call, oldest first."""
        pushed, self._pushed = self._pushed, []
        return pushed
