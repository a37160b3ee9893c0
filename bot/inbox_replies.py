"""The inbox worker's book of replies: `sending` before each HTTP call, the outcome after it.

`sending` must be committed before the reply goes out — after a crash a `sending` reply may have
reached the person, so it is never sent again — and replies that became ready at the same moment
share that one write. Outcomes (`sent`, `failed`) only matter after a crash and for the next
message of the same person, so they travel with the worker's next write (writing down a new
item, claiming, the next `sending`), or on their own after a moment.
"""

from __future__ import annotations

import asyncio
import time

from storage.db import Database
from storage.services import inbox
from storage.services.inbox_lane import InboxLane

# Outcomes wait at most this long for a write to travel with.
SENT_FLUSH_SECONDS = 0.2


class ReplyBook:
    """Marks replies `sending` (together when they can) and keeps outcomes until they are written."""

    def __init__(self, db: Database, lane: InboxLane, worker_id: str) -> None:
        self.db = db
        self.lane = lane
        self.worker_id = worker_id
        # Replies sent whose outcome is not written yet (row id -> sent / failed).
        self.outcomes: dict[int, str] = {}
        self._oldest = 0.0
        self._waiting: dict[int, asyncio.Future[bool]] = {}
        self._writing = False

    async def start(self, item_id: int) -> bool:
        """pending → sending, committed; False when the replies are not this worker's to send.

        The first caller writes for everyone waiting; replies that become ready while that write
        is under way wait for the next one, written by the first of them.
        """
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting[item_id] = future
        if self._writing:
            return await future
        self._writing = True
        try:
            while self._waiting:
                await self._mark()
        finally:
            self._writing = False
        return await future

    async def _mark(self) -> None:
        waiting, self._waiting = self._waiting, {}
        outcomes = self.take()
        try:
            marked = await inbox.start_sending_many(self.db, self.worker_id, waiting, sent=outcomes, lane=self.lane)
        except Exception as error:
            self.give_back(outcomes)
            for future in waiting.values():
                if not future.done():
                    future.set_exception(error)
        else:
            for item_id, future in waiting.items():
                if not future.done():
                    future.set_result(item_id in marked)

    def finished(self, item_id: int, outcome: str) -> None:
        """The HTTP call is over: remember its outcome until the next write."""
        if not self.outcomes:
            self._oldest = time.monotonic()
        self.outcomes[item_id] = outcome

    def take(self) -> dict[int, str]:
        """The outcomes to write with the caller's transaction (give_back if it fails)."""
        outcomes, self.outcomes = self.outcomes, {}
        return outcomes

    def give_back(self, outcomes: dict[int, str]) -> None:
        """Outcomes whose write failed: kept for the next one."""
        if outcomes and not self.outcomes:
            self._oldest = time.monotonic()
        self.outcomes.update(outcomes)

    @property
    def overdue(self) -> bool:
        """Outcomes waited long enough for another write: time to write them on their own."""
        return bool(self.outcomes) and time.monotonic() - self._oldest >= SENT_FLUSH_SECONDS

    async def write(self) -> None:
        """Write the outcomes now (kept if the database does not answer)."""
        outcomes = self.take()
        if not outcomes:
            return
        try:
            await inbox.record_sent(self.db, self.worker_id, outcomes, lane=self.lane)
        except BaseException:
            self.give_back(outcomes)
            raise
