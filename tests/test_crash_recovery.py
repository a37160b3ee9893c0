"""A sender process dies mid-delivery (SIGKILL) and comes back: nobody gets a message twice.

The sender is the real `musharaka worker` in its own OS process, pointed at the fake Telegram
Bot API that runs in the test. The message goes to 2,000 people (Telegram identities): an
organisation's broadcast to everyone in Baghdad, and the 24-hour reminder of an event they all
registered for, each with its real renderer. Rows that were on the wire when the process died
(at most the sender's concurrency) are recorded `unknown` and never resent: those people got
the message at most once; everyone else exactly once. Then: reminders that came due while the sender was down.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from scheduler.jobs import run_tick
from scheduler.sender import SenderConfig
from storage import clock as clock_module
from storage.clock import utcnow
from storage.db import Database
from storage.models import Contact, Delivery, Event, Follow, Identity, Organization, Registration
from storage.services import broadcasts
from tests.conftest import database_url
from tests.fakes.fake_telegram import FakeTelegramServer
from tests.helpers import add_event

TOKEN = "123:ABC"
# Long enough for a loaded 2-core machine to start Python, migrate and drain everything.
PATIENCE = 90.0
# A dead worker's rows are taken back after this lease: the default `musharaka worker` runs with.
LEASE_SECONDS = SenderConfig().lease_seconds
WORKER_CODE = "import sys; from bot.cli import main; sys.exit(main(sys.argv[1:]))"


# --- a `musharaka worker` process ---------------------------------------------------------------


class WorkerProcess:
    """One `musharaka worker` OS process; its stdout and stderr go to files for the assertions."""

    def __init__(self, tmp_path: Path, tg: FakeTelegramServer, name: str, *, rate_per_second: float,
                 lease_seconds: float = LEASE_SECONDS) -> None:
        self.tmp_path = tmp_path
        self.name = name
        self.stdout_path = tmp_path / f"{name}.out"
        self.stderr_path = tmp_path / f"{name}.err"
        self.args = ["worker", "--lease-seconds", str(lease_seconds)]
        self.env = worker_env(tmp_path, tg, rate_per_second)
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> WorkerProcess:
        """Start the process (it runs in tmp_path, so no developer .env is picked up)."""
        with self.stdout_path.open("wb") as out, self.stderr_path.open("wb") as err:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-c", WORKER_CODE, *self.args, cwd=self.tmp_path, env=self.env,
                stdout=out, stderr=err,
            )
        return self

    @property
    def log(self) -> str:
        """What the worker logged so far (stderr)."""
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    @property
    def printed(self) -> str:
        """What the worker printed to stdout (it should print nothing)."""
        return self.stdout_path.read_text(encoding="utf-8", errors="replace")

    async def started(self) -> None:
        """Wait until the worker says it is running (database migrated, channels open)."""
        await wait_until(lambda: _says_started(self), f"{self.name} to start", self)

    def kill(self) -> None:
        """SIGKILL: no clean-up, no final write — a power cut for this process."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)

    async def stop(self) -> int:
        """SIGTERM, then wait for the exit code."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), PATIENCE)

    async def ensure_gone(self) -> None:
        """Kill the process if a failed test left it running."""
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


async def _says_started(worker: WorkerProcess) -> bool:
    assert worker.process is not None
    if worker.process.returncode is not None:
        raise AssertionError(f"{worker.name} exited with {worker.process.returncode}:\n{worker.log[-3000:]}")
    return " started (channels: telegram)" in worker.log


def worker_env(tmp_path: Path, tg: FakeTelegramServer, rate_per_second: float) -> dict[str, str]:
    """The environment of `musharaka worker`: the test database and the fake Bot API, nothing else."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WHATSAPP_", "TELEGRAM_", "WEBHOOK_"))}
    env |= {
        "DATABASE_URL": database_url(tmp_path),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": tg.base_url,
        "TELEGRAM_RATE_PER_SECOND": str(rate_per_second),
        # Everyone gets one message, so the per-chat limit never binds; 0 turns it off.
        "TELEGRAM_RATE_PER_CHAT": "0",
        "MUSHARAKA_SECRET_KEY": "crash-secret",
        "LOG_LEVEL": "INFO",
    }
    return env


def _real_utcnow() -> datetime:
    """The wall clock in naive UTC, whatever the project's clock is set to."""
    return datetime.now(UTC).replace(tzinfo=None)


async def wait_until(condition: Callable[[], Awaitable[bool]], what: str, *workers: WorkerProcess) -> None:
    """Poll `condition` until it holds; on timeout fail with the workers' logs."""
    deadline = time.monotonic() + PATIENCE
    while not await condition():
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {w.name} ---\n{w.log[-3000:]}" for w in workers)
            raise AssertionError(f"timed out waiting for {what}\n{logs}")
        await asyncio.sleep(0.2)


# --- the people and what they received ------------------------------------------------------------


async def add_audience(db: Database, event_id: int, chat_ids: list[int], registered_at: datetime) -> None:
    """People with a Telegram identity and a confirmed seat at the event, registered at `registered_at`."""
    async with db.transaction() as session:
        contacts = [Contact(language="ar", governorate="baghdad", interests=[], state={}, consent_at=registered_at)
                    for _ in chat_ids]
        session.add_all(contacts)
        await session.flush()
        for contact, chat_id in zip(contacts, chat_ids, strict=True):
            session.add(Identity(contact_id=contact.id, channel="telegram", external_id=str(chat_id)))
            session.add(Registration(event_id=event_id, contact_id=contact.id, status="confirmed",
                                     ticket_code=f"T{chat_id}", created_at=registered_at,
                                     confirmed_at=registered_at))


async def delivery_states(db: Database) -> Counter[str]:
    """How many outbox rows are in each state (a read: on SQLite it never waits for the workers' write lock)."""
    async with db.reading() as session:
        rows = await session.execute(select(Delivery.state, func.count()).group_by(Delivery.state))
        return Counter(dict(rows.all()))


async def state_by_chat(db: Database, event_id: int | None = None, *, purpose: str | None = None) -> dict[int, str]:
    """The state of each person's delivery (of one event's reminders, one purpose, or every row), by chat id."""
    async with db.reading() as session:
        query = select(Identity.external_id, Delivery.state).join(Identity, Identity.contact_id == Delivery.contact_id)
        if event_id is not None:
            query = query.where(Delivery.purpose.like(f"reminder:{event_id}:%"))
        if purpose is not None:
            query = query.where(Delivery.purpose == purpose)
        return {int(chat): state for chat, state in (await session.execute(query)).all()}


async def queue_broadcast(db: Database, text: str) -> str:
    """An organisation announces `text` to everyone in Baghdad; returns the outbox purpose."""
    async with db.transaction() as session:
        organization = Organization(name="جمعية المثال الأولى")
        session.add(organization)
        await session.flush()
        # Everyone here follows it: an organisation reaches only people related to it.
        session.add_all([Follow(contact_id=contact, organization_id=organization.id)
                         for contact in await session.scalars(select(Contact.id))])
        broadcast = await broadcasts.create_draft(session, organization.id, None, text)  # type: ignore[arg-type]
        broadcasts.toggle_segment(broadcast, "g-baghdad")
        await broadcasts.start_sending(session, broadcast, actor="test", actor_contact_id=None)
        return broadcasts.purpose(broadcast.id)


async def queue_reminders(db: Database) -> str:
    """The 24-hour reminder of the event everyone registered for is due; returns the purpose prefix."""
    result = await run_tick(db)
    async with db.transaction() as session:
        [purpose] = set(await session.scalars(select(Delivery.purpose)))
    assert result.reminders > 0
    return purpose


def received(tg: FakeTelegramServer) -> Counter[int]:
    """How many messages the fake Telegram accepted for each chat."""
    return Counter(int(r.chat_id) for r in tg.calls("sendMessage") if r.ok)


def reminder_texts(tg: FakeTelegramServer, chat_id: int) -> list[str]:
    """The texts one person received."""
    return [str(r.params["text"]) for r in tg.calls("sendMessage") if r.ok and int(r.chat_id) == chat_id]


async def nothing_left(db: Database) -> bool:
    """No row waits to be sent and none is stuck on the wire."""
    states = await delivery_states(db)
    return not states["pending"] and not states["sending"]


# --- the stories --------------------------------------------------------------------------------------


@pytest.mark.parametrize("message", ["broadcast", "reminder"])
async def test_sender_killed_mid_delivery_resumes_and_nobody_gets_the_message_twice(
    db: Database, tmp_path: Path, message: str
) -> None:
    people = [7_000_000 + n for n in range(2000)]
    # For the broadcast the event is far off, so no reminder of it comes due meanwhile.
    starts_in = timedelta(hours=20) if message == "reminder" else timedelta(days=10)
    event_id = await add_event(db, title="ندوة حوارية حول قانون الانتخابات", starts_at=utcnow() + starts_in,
                               capacity=None)
    await add_audience(db, event_id, people, registered_at=utcnow() - timedelta(days=3))
    if message == "broadcast":
        purpose = await queue_broadcast(db, "تذكير عام: التسجيل في سجل الناخبين مفتوح حتى نهاية الشهر")
        expected_text = "التسجيل في سجل الناخبين مفتوح"
    else:
        purpose = await queue_reminders(db)
        expected_text = "تذكير: موعدك غداً"
    assert len(await state_by_chat(db, purpose=purpose)) == len(people)

    async with FakeTelegramServer(TOKEN) as tg:
        # 400 a second: the first worker is well into the list, not done, when it is killed mid-batch.
        first = await WorkerProcess(tmp_path, tg, "first", rate_per_second=400).start()
        second = WorkerProcess(tmp_path, tg, "second", rate_per_second=400)
        try:
            await tg.wait_for("sendMessage", count=750, timeout=PATIENCE)
            first.kill()
            assert await asyncio.wait_for(first.process.wait(), PATIENCE) == -signal.SIGKILL  # type: ignore[union-attr]
            seen_at_kill = len(tg.calls("sendMessage"))
            assert seen_at_kill < len(people), "the worker was killed midway, not after it finished"

            await second.start()
            await wait_until(lambda: nothing_left(db), "the restarted worker to finish", first, second)
            assert await second.stop() == 0, second.log[-3000:]
        finally:
            await first.ensure_gone()
            await second.ensure_gone()

        states = await state_by_chat(db, purpose=purpose)
        got = received(tg)
        # Requests cut off by the kill show up as lost connections in the fake; nothing else may.
        assert [e for e in tg.internal_errors if not isinstance(e, ConnectionError)] == []

    assert len(states) == len(people), "the restart queued nothing twice"
    assert set(states.values()) <= {"sent", "unknown"}, Counter(states.values())
    unknown = [chat for chat, state in states.items() if state == "unknown"]
    # Only the sends that were on the wire at the kill can be unknown, never the whole claimed batch.
    assert len(unknown) <= SenderConfig().concurrency
    assert all(got[chat] == 1 for chat, state in states.items() if state == "sent"), "sent means exactly once"
    assert all(got[chat] <= 1 for chat in unknown), "in flight at the kill: at most once, never resent"
    assert sum(got.values()) == len(people) - sum(1 for chat in unknown if got[chat] == 0), "nothing else was sent"
    assert expected_text in reminder_texts(tg, people[-1])[0]
    assert first.printed == second.printed == "", "the worker prints nothing to stdout"
    assert "worker" in second.log and "stopped" in second.log


async def test_reminders_due_while_the_sender_was_down_are_sent_only_before_the_event(
    db: Database, tmp_path: Path, clock
) -> None:  # type: ignore[no-untyped-def]
    now = _real_utcnow()
    long_ago = now - timedelta(days=7)

    # The worker's last tick, 65 minutes ago, queued the one-hour reminder of an event that started
    # five minutes ago; the worker died before sending it and stayed down until now.
    started_meanwhile = await add_event(db, title="طاولة حوارية بدأت أثناء التوقف",
                                        starts_at=now - timedelta(minutes=5))
    await add_audience(db, started_meanwhile, [8_100_001, 8_100_002], registered_at=long_ago)
    clock.now = now - timedelta(minutes=65)
    assert (await run_tick(db)).reminders == 2
    clock_module.set_clock(None)  # from here on the real clock, the same one the worker reads

    # Both reminders of these events came due during the downtime and were never queued.
    soon = await add_event(db, title="ورشة عمل تبدأ بعد أربعين دقيقة", starts_at=now + timedelta(minutes=40))
    await add_audience(db, soon, [8_200_001, 8_200_002, 8_200_003], registered_at=long_ago)
    already_started = await add_event(db, title="ندوة بدأت قبل عشرين دقيقة", starts_at=now - timedelta(minutes=20))
    await add_audience(db, already_started, [8_300_001, 8_300_002], registered_at=long_ago)

    async with FakeTelegramServer(TOKEN) as tg:
        worker = await WorkerProcess(tmp_path, tg, "restarted", rate_per_second=100).start()
        try:
            async def caught_up() -> bool:
                states = await state_by_chat(db)
                return (await nothing_left(db)) and sorted(states.values()).count("sent") == 3

            await wait_until(caught_up, "the restarted worker to catch up", worker)
            assert await worker.stop() == 0, worker.log[-3000:]
        finally:
            await worker.ensure_gone()
        got = received(tg)
        soon_texts = {chat: reminder_texts(tg, chat) for chat in (8_200_001, 8_200_002, 8_200_003)}

    # Still useful: one reminder each — the nearest stage, not the 24-hour one as well.
    assert all(len(texts) == 1 and "بعد ساعة" in texts[0] for texts in soon_texts.values()), soon_texts
    # Too late: the event started, so nothing at all, and the stale queued rows are closed.
    assert not any(got[chat] for chat in (8_100_001, 8_100_002, 8_300_001, 8_300_002))
    assert set((await state_by_chat(db, started_meanwhile)).values()) == {"cancelled"}
    assert await state_by_chat(db, already_started) == {}
    async with db.transaction() as session:
        event = await session.get(Event, soon)
        assert event is not None and len(event.reminder_stages_done) == 2, "both stages remembered as done"


async def test_a_day_reminder_still_queued_when_the_hour_reminder_is_due_is_not_sent(
    db: Database, tmp_path: Path, clock
) -> None:  # type: ignore[no-untyped-def]
    now = _real_utcnow()
    event_id = await add_event(db, title="ورشة عمل", starts_at=now + timedelta(minutes=40))
    await add_audience(db, event_id, [8_400_001], registered_at=now - timedelta(days=7))
    # The 24-hour reminder was queued on time, then the sender was down for almost a day.
    clock.now = now - timedelta(hours=23, minutes=20)
    assert (await run_tick(db)).reminders == 1
    clock_module.set_clock(None)

    async with FakeTelegramServer(TOKEN) as tg:
        worker = await WorkerProcess(tmp_path, tg, "restarted", rate_per_second=100).start()
        try:
            async def caught_up() -> bool:
                return (await nothing_left(db)) and sum((await delivery_states(db)).values()) == 2

            await wait_until(caught_up, "the restarted worker to catch up", worker)
            await worker.stop()
        finally:
            await worker.ensure_gone()
        texts = reminder_texts(tg, 8_400_001)

    assert len(texts) == 1 and "بعد ساعة" in texts[0], texts
