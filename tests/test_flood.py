"""One person flooding the bot is slowed with one polite notice; others are not delayed."""

from __future__ import annotations

import asyncio
import time

from handlers.core import BotCore, CoreConfig
from handlers.flood import FloodGuard
from tests.helpers import Person


async def test_fifty_messages_in_a_second_get_one_notice_and_others_are_answered(db) -> None:
    core = await BotCore.create(db, CoreConfig(secret_key="s", flood_limit=10, flood_window=5.0))
    flooder, neighbour = Person(core, "flooder"), Person(core, "neighbour")
    results = await asyncio.gather(*(core.handle(flooder_inbound(flooder, i)) for i in range(50)))
    notices = [r for r in results if r and "تمهّل" in r[0].text]
    answered = [r for r in results if r and "تمهّل" not in r[0].text]
    silent = [r for r in results if not r]
    assert len(notices) == 1 and len(answered) == 10 and len(silent) == 39
    started = time.monotonic()
    await neighbour.command("start")
    assert "أهلاً بك" in neighbour.texts
    assert time.monotonic() - started < 2


def flooder_inbound(person: Person, index: int):  # type: ignore[no-untyped-def]
    from handlers.types import Inbound, InboundKind

    return Inbound(person.channel, person.external_id, InboundKind.TEXT, text=f"رسالة {index}")


def test_flood_guard_lets_the_person_back_after_the_window() -> None:
    guard = FloodGuard(limit=3, window=1.0)
    assert [guard.check("p", t) for t in (0.0, 0.1, 0.2, 0.3, 0.4)] == ["ok", "ok", "ok", "warn", "drop"]
    assert guard.check("p", 1.5) == "ok"
    assert guard.check("other", 0.3) == "ok"
