"""The one clock the project reads, so tests can move time without patching datetime."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

_now: Callable[[], datetime] | None = None


def utcnow() -> datetime:
    """Return the current time as a naive UTC datetime (how the database stores times)."""
    if _now is not None:
        return _now()
    return datetime.now(UTC).replace(tzinfo=None)


def set_clock(now: Callable[[], datetime] | None) -> None:
    """Replace the clock (tests); None restores the real one. `now` returns naive UTC."""
    global _now
    _now = now
