"""Flood control: one person sending dozens of messages a second is slowed, nobody else is.

In memory per worker: a flood is a burst, and a burst lands on one worker anyway. Messages
over the limit are dropped before any database work; the person gets one polite notice per
burst, in their language (the one read of the burst).
"""

from __future__ import annotations

import time
from collections import deque

from handlers.person_language import person_language
from handlers.types import Inbound, Outbound
from messages import catalog
from storage.db import Database


class FloodGuard:
    """At most `limit` messages per person in any `window` seconds."""

    def __init__(self, limit: int, window: float, max_people: int = 50000) -> None:
        self.limit = limit
        self.window = window
        self.max_people = max_people
        self._recent: dict[str, deque[float]] = {}
        self._warned: dict[str, float] = {}

    def check(self, key: str, now: float | None = None) -> str:
        """"ok" to handle the message, "warn" to send the one notice, "drop" to ignore it."""
        now = time.monotonic() if now is None else now
        recent = self._recent.get(key)
        if recent is None:
            if len(self._recent) >= self.max_people:
                self._forget_idle(now)
            recent = self._recent[key] = deque()
        while recent and now - recent[0] >= self.window:
            recent.popleft()
        if len(recent) < self.limit:
            recent.append(now)
            self._warned.pop(key, None)
            return "ok"
        warned_at = self._warned.get(key)
        if warned_at is not None and now - warned_at < self.window:
            return "drop"
        self._warned[key] = now
        return "warn"

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, q in self._recent.items() if not q or now - q[-1] >= self.window]:
            del self._recent[key]
            self._warned.pop(key, None)


async def flood_notice(db: Database, inbound: Inbound) -> Outbound:
    """'Slow down a little' in the person's language (stored, else their app's, else Arabic)."""
    lang = await person_language(db, inbound.channel, inbound.external_id, inbound.language_hint)
    return Outbound(catalog.text("flood-notice", lang), language=lang)
