"""What a channel gives the inbox worker (a Processor), and the two ways an item can be refused.

Kept apart from the worker so the channel adapters and the webhook routes import these few names
without the worker's machinery.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from storage.services.inbox import Claimed


class Unavailable(Exception):
    """Items could not be written down (database unreachable, shutting down): answer 503."""


class Unreadable(Exception):
    """A stored item cannot be turned into something to handle: set aside as failed, not retried."""


@dataclass(slots=True)
class Handled:
    """What a processor did with a row: the replies it recorded, and what it needs to send them."""

    replies: list[Any] = field(default_factory=list)
    context: Any = None


class Processor(Protocol):
    """A channel's part: rebuild an item, handle it (effects and done together), send replies.

    A processor may also name `batch_kinds` (e.g. WhatsApp statuses) and offer
    `handle_batch(items)`, which handles many rows of those kinds in one transaction.
    """

    name: str

    async def handle(self, item: Claimed) -> Handled:
        """Handle one row: effects, done and the replies in one transaction (see dispatch)."""
        ...

    async def deliver(self, item: Claimed, replies: list[Any], context: Any) -> None:
        """Send the replies of a row (raises on failure)."""
        ...

    def decode(self, replies: list[Any]) -> list[Any]:
        """Replies recorded as JSON, back into what `deliver` takes."""
        ...
