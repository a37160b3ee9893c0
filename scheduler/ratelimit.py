"""Rate limits that hold over every window as the platform counts them.

A sliding log: at most `capacity` sends in any `period` seconds. A send occupies its slot
from the moment it starts until `period` after it finished, so however long the request
takes on the network, the platform can never see more than `capacity` arrivals in one
window. (A leaky bucket lets a full burst through at the start of each second and can
double the rate over a window that straddles two bursts.)
"""

from __future__ import annotations

import asyncio
import time
from collections import deque


class SlidingWindowLimiter:
    """At most `rate` sends in any window of `period` seconds; None means no limit."""

    def __init__(self, rate: float | None, period: float = 1.0) -> None:
        self.capacity = None if rate is None or rate <= 0 else max(1, int(rate * period))
        self.period = period
        self._finished: deque[float] = deque()
        self._in_flight = 0
        self._changed = asyncio.Condition()
        self._paused_until = 0.0

    def pause(self, seconds: float) -> None:
        """Hold every new send for `seconds` (the platform said RetryAfter)."""
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    def _wait_time(self, now: float) -> float:
        if now < self._paused_until:
            return self._paused_until - now
        if self.capacity is None:
            return 0.0
        while self._finished and now - self._finished[0] >= self.period:
            self._finished.popleft()
        if self._in_flight + len(self._finished) < self.capacity:
            return 0.0
        if self._finished:
            return self.period - (now - self._finished[0]) + 1e-4
        return -1.0  # all slots in flight: wait for one to finish

    def slot(self) -> _Slot | _Free:
        """Hold one send slot for the duration of the block (`async with limiter.slot():`)."""
        if self.capacity is None and time.monotonic() >= self._paused_until:
            # No limit and no pause: nothing to count or wait for (the sender's unlimited path).
            return _FREE
        return _Slot(self)

    async def _acquire(self) -> None:
        async with self._changed:
            while True:
                wait = self._wait_time(time.monotonic())
                if wait == 0.0:
                    break
                try:
                    await asyncio.wait_for(self._changed.wait(), None if wait < 0 else wait)
                except TimeoutError:
                    pass
            self._in_flight += 1

    async def _release(self) -> None:
        async with self._changed:
            self._in_flight -= 1
            if self.capacity is not None:
                self._finished.append(time.monotonic())
            self._changed.notify_all()


class _Slot:
    """One counted slot of a limiter."""

    __slots__ = ("_limiter",)

    def __init__(self, limiter: SlidingWindowLimiter) -> None:
        self._limiter = limiter

    async def __aenter__(self) -> None:
        await self._limiter._acquire()  # noqa: SLF001 - the limiter's own helper

    async def __aexit__(self, *exc: object) -> None:
        await self._limiter._release()  # noqa: SLF001


class _Free:
    """The slot of an unlimited, unpaused limiter: nothing to hold."""

    __slots__ = ()

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, *exc: object) -> None:
        return None


_FREE = _Free()


class PerChatLimiter:
    """One SlidingWindowLimiter per chat (Telegram allows about one message a second per chat)."""

    def __init__(self, rate: float | None, period: float = 1.0, max_chats: int = 10000) -> None:
        self.rate = rate
        self.period = period
        self.max_chats = max_chats
        self._chats: dict[str, SlidingWindowLimiter] = {}
        # Per-chat limiters are never paused (a RetryAfter pauses the channel's), so without a
        # rate every chat can share one.
        self._unlimited = SlidingWindowLimiter(None, period) if rate is None or rate <= 0 else None

    def for_chat(self, chat: str) -> SlidingWindowLimiter:
        """The limiter of one chat."""
        if self._unlimited is not None:
            return self._unlimited  # no per-chat limit: one shared limiter that never waits
        limiter = self._chats.get(chat)
        if limiter is None:
            if len(self._chats) >= self.max_chats:
                # Forget the oldest chats; their windows have long passed at this volume.
                for key in list(self._chats)[: self.max_chats // 2]:
                    del self._chats[key]
            limiter = self._chats[chat] = SlidingWindowLimiter(self.rate, self.period)
        return limiter
