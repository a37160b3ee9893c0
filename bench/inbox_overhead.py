"""What the inbox costs one update, measured in one process with no HTTP around it.

The end-to-end runs of update_bench.py compare whole bot processes, and on a busy shared machine
their CPU figures move by a few milliseconds from run to run. Here the same handler work is done
in blocks, alternately:

  direct: `BotCore.handle(inbound)` — what a polled update cost before the inbox;
  inbox:  the item is written down (and claimed) by `InboxWorker.accept`, handled by the worker
          (`BotCore.handle(inbound, inbox=row)`: effects and done in one transaction), and its
          reply marked `sending` and then `sent` — the reply itself goes to a channel that only
          counts it, so no HTTP is measured on either side.

The difference of the two CPU times per update is what the inbox adds. Used by update_bench.py;
`.venv/bin/python bench/inbox_overhead.py [--database-url URL]` runs it alone.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Typed menu words of returning citizens: a realistic reply with a keyboard, a few queries.
TEXTS = ("القائمة", "الفعاليات", "الانتخابات")


@dataclass
class CountingChannel:
    """The inbox worker's part for the measurement: the core's answer, replies only counted."""

    core: Any
    name: str = "telegram"
    answered: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, item: Any) -> Any:
        """Rebuild the Inbound from the stored payload and let the core handle it."""
        from bot.inbox_channel import Handled
        from handlers.types import Inbound, InboundKind

        inbound = Inbound("telegram", item.payload["user"], InboundKind.TEXT, text=item.payload["text"],
                          update_key=item.payload["key"])
        return Handled(await self.core.handle(inbound, inbox=item))

    async def deliver(self, item: Any, replies: list[Any], context: Any) -> None:
        """Count the reply instead of sending it."""
        self.answered.set()

    def decode(self, replies: list[Any]) -> list[Any]:
        """Not needed here (nothing is recovered)."""
        return replies


@dataclass
class Overhead:
    """CPU milliseconds per update: direct, through the inbox, and the difference (medians of blocks)."""

    direct_ms: float
    inbox_ms: float
    blocks: int

    @property
    def added_ms(self) -> float:
        """What the inbox adds to one update."""
        return self.inbox_ms - self.direct_ms


async def measure(database_url: str, *, people: int, first_user: int, blocks: int = 16, per_block: int = 60
                  ) -> Overhead:
    """Alternate blocks of direct and inbox updates; medians of their CPU time per update."""
    from bot.inbox_worker import InboxWorker
    from handlers.core import BotCore, CoreConfig
    from handlers.types import Inbound, InboundKind
    from storage.db import Database
    from storage.services.inbox import NewItem

    db = Database(database_url)
    core = await BotCore.create(db, CoreConfig(secret_key="bench-secret"))
    channel = CountingChannel(core)
    worker = InboxWorker(db)
    worker.add(channel)
    worker.start()
    direct: list[float] = []
    inbox: list[float] = []
    counter = 0

    def next_update() -> tuple[str, str, str]:
        nonlocal counter
        counter += 1
        return str(first_user + counter % people), TEXTS[counter % len(TEXTS)], f"bench-{counter}"

    try:
        for block in range(blocks + 1):  # the first block of each warms caches and is not counted
            started = time.process_time()
            for _ in range(per_block):
                user, text, key = next_update()
                await core.handle(Inbound("telegram", user, InboundKind.TEXT, text=text, update_key=key))
            if block:
                direct.append(1000 * (time.process_time() - started) / per_block)
            started = time.process_time()
            for _ in range(per_block):
                user, text, key = next_update()
                channel.answered.clear()
                await worker.accept([NewItem("telegram", key, f"telegram:{user}", "update",
                                             {"user": user, "text": text, "key": key})])
                await channel.answered.wait()
            if block:
                inbox.append(1000 * (time.process_time() - started) / per_block)
        await worker.idle()
    finally:
        await worker.stop()
        await db.dispose()
    return Overhead(statistics.median(direct), statistics.median(inbox), blocks)


def main() -> int:
    """Measure on a fresh SQLite file (or --database-url) and print the figures."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from update_bench import FIRST_USER, PEOPLE, prepare_database

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="musharaka-inbox-") as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{tmp}/inbox.db"
        asyncio.run(prepare_database(url))
        result = asyncio.run(measure(url, people=PEOPLE, first_user=FIRST_USER))
    print(f"direct {result.direct_ms:.2f} ms, through the inbox {result.inbox_ms:.2f} ms per update: "
          f"the inbox adds {result.added_ms:.2f} ms (median of {result.blocks} blocks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
