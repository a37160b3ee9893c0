"""What every channel adapter offers, and the one vocabulary of delivery failures.

Provider errors are mapped here so the sender and storage never see platform types:
Telegram 403 "blocked" and WhatsApp's equivalents are ContactStopped; 429 / RetryAfter are
Throttled; network errors and 5xx are Transient; anything else is SendFailed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from handlers.types import Outbound


class DeliveryError(Exception):
    """A message could not be delivered."""


class ContactStopped(DeliveryError):
    """The person blocked the bot or cannot be reached any more: stop sending to them."""


class Throttled(DeliveryError):
    """The platform asked us to slow down; retry after `retry_after` seconds."""

    def __init__(self, retry_after: float, message: str = "throttled") -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Transient(DeliveryError):
    """A temporary failure (network, 5xx): retry with backoff, a bounded number of times."""

    # The platform's HTTP status when it answered (5xx), for the metrics; None for a network error.
    status: int | None = None


class SendFailed(DeliveryError):
    """A permanent failure; the reason is recorded."""


class NeedsTemplate(DeliveryError):
    """WhatsApp: outside the 24-hour window and no approved template is configured."""


class ChannelAdapter(Protocol):
    """A channel the sender can deliver to (Telegram, WhatsApp, the console)."""

    name: str

    async def send(self, external_id: str, replies: list[Outbound], *, purpose: str = "reply",
                   last_inbound_at: datetime | None = None) -> list[str]:
        """Deliver replies to one person; returns platform message ids or raises a DeliveryError.

        `purpose` is "reply", "reminder", "survey" or "announcement"; `last_inbound_at` lets
        WhatsApp decide whether its 24-hour window is still open.
        """
        ...
