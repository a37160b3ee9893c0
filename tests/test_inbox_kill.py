"""`musharaka run` is killed (SIGKILL) while people write to it: nothing it acknowledged is lost.

The bot runs as its own OS process against the fake Telegram Bot API and the fake Graph API of
this test. A stream of first messages arrives through Telegram (long polling, then the webhook)
and the WhatsApp webhook; at a random moment the process is killed and started again on the
same database. Like the platforms, the test delivers again whatever did not get a 200 (and
Telegram keeps whatever was not confirmed by a getUpdates offset). In the end every message has
exactly one effect (its person) and exactly one reply — except replies that were on the wire at
a kill, recorded `unknown`: those reached the person at most once, and there are at most as
many as the worker sends at a time.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.inbox_worker import CAPACITY
from storage.db import Database
from storage.models import Identity, InboxItem
from tests.conftest import database_url, free_port
from tests.fakes.fake_telegram import FakeTelegramServer
from tests.fakes.fake_whatsapp import FakeWhatsAppServer, signed_request

TOKEN = "123:ABC"
APP_SECRET = "kill-app-secret"
PATIENCE = 60.0
# People who write in each phase at least, whatever the random moment of the kill.
MIN_PER_PHASE = 8
RUN_CODE = "import sys; from bot.cli import main; sys.exit(main(['run']))"


@dataclass
class Message:
    """One first message of a new person, and whether the platform was told it arrived."""

    channel: str
    person: str
    payload: dict[str, Any]
    acknowledged: bool = False
    # Telegram only: put in Telegram's queue for getUpdates (not posted to the webhook).
    queued: bool = False


class BotProcess:
    """`musharaka run` in its own process, Telegram by polling or webhook, WhatsApp by webhook."""

    def __init__(self, tmp_path: Path, tg: FakeTelegramServer, wa: FakeWhatsAppServer, port: int, name: str,
                 *, webhook: bool) -> None:
        self.name = name
        self.port = port
        self.log_path = tmp_path / f"{name}.err"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("WHATSAPP_", "TELEGRAM_", "WEBHOOK_"))}
        env |= {
            "DATABASE_URL": database_url(tmp_path), "MUSHARAKA_SECRET_KEY": "kill-secret", "LOG_LEVEL": "INFO",
            "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": tg.base_url,
            "WHATSAPP_ACCESS_TOKEN": wa.access_token, "WHATSAPP_PHONE_NUMBER_ID": wa.phone_number_id,
            "WHATSAPP_APP_SECRET": APP_SECRET, "WHATSAPP_VERIFY_TOKEN": "kill-verify",
            "WHATSAPP_API_BASE_URL": wa.base_url, "WEBHOOK_HOST": "127.0.0.1", "WEBHOOK_PORT": str(port),
        }
        if webhook:
            env["TELEGRAM_WEBHOOK_URL"] = f"http://127.0.0.1:{port}/telegram/webhook"
        self.env = env
        self.cwd = tmp_path
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> BotProcess:
        """Start the process and wait until its webhook server answers /healthz."""
        with self.log_path.open("wb") as err:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-c", RUN_CODE, cwd=self.cwd, env=self.env, stdout=asyncio.subprocess.DEVNULL,
                stderr=err)
        deadline = time.monotonic() + PATIENCE
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as http:
            while True:
                assert self.process.returncode is None, f"{self.name} exited:\n{self.log[-3000:]}"
                try:
                    async with http.get(f"http://127.0.0.1:{self.port}/healthz") as response:
                        if response.status == 200:
                            return self
                except (aiohttp.ClientError, TimeoutError):
                    pass
                assert time.monotonic() < deadline, f"{self.name} did not start:\n{self.log[-3000:]}"
                await asyncio.sleep(0.05)

    @property
    def log(self) -> str:
        """What the process logged."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def kill(self) -> None:
        """SIGKILL: no clean-up at all."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await asyncio.wait_for(self.process.wait(), PATIENCE)

    async def stop(self) -> int:
        """SIGTERM and the exit code."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), PATIENCE)

    async def ensure_gone(self) -> None:
        """Kill the process if a failed test left it running."""
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


class People:
    """Writes first messages from new people and delivers them the way the platforms do."""

    def __init__(self, tg: FakeTelegramServer, wa: FakeWhatsAppServer, port: int) -> None:
        self.tg = tg
        self.wa = wa
        self.whatsapp_url = f"http://127.0.0.1:{port}/whatsapp/webhook"
        self.messages: list[Message] = []
        self._next = 0

    def _person(self) -> int:
        self._next += 1
        return self._next

    async def stream(self, mode: str) -> None:
        """New people keep writing: one Telegram and one WhatsApp first message every 40 ms."""
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=3)) as http:
            while True:
                n = self._person()
                update = self.tg.build_command_update(7_000_000 + n, "/start")
                telegram = Message("telegram", str(7_000_000 + n), update)
                whatsapp = Message("whatsapp", f"96477{n:08d}", self.wa.text_message(f"96477{n:08d}", "مرحبا"))
                self.messages += [telegram, whatsapp]
                await asyncio.gather(self.deliver(http, telegram, mode), self.deliver(http, whatsapp, mode))
                await asyncio.sleep(0.04)

    async def deliver(self, http: aiohttp.ClientSession, message: Message, mode: str) -> None:
        """Deliver once; `acknowledged` only on a 200 (polling: once Telegram's offset passed it)."""
        if message.channel == "telegram" and mode == "polling":
            self.tg.push_raw(message.payload)
            message.queued = True
            return
        try:
            if message.channel == "telegram":
                status = await self.tg.post_to_webhook(message.payload)
            else:
                body, headers = signed_request(message.payload, APP_SECRET)
                async with http.post(self.whatsapp_url, data=body, headers=headers) as response:
                    status = response.status
        except (aiohttp.ClientError, TimeoutError, ConnectionError):
            status = 0
        message.acknowledged = message.acknowledged or status == 200

    async def deliver_again(self, mode: str, channel: str | None = None) -> None:
        """What the platforms do after an outage: everything not acknowledged comes again."""
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=3)) as http:
            for message in self.messages:
                if message.acknowledged or channel not in (None, message.channel):
                    continue
                if message.queued:
                    continue  # in Telegram's queue: polling fetches it
                await self.deliver(http, message, mode)

    def polled(self) -> None:
        """Telegram forgets updates below the offset the bot asked for: those were acknowledged."""
        queued = {u["update_id"] for u in self.tg.pending_updates}
        for message in self.messages:
            if message.queued and message.payload["update_id"] not in queued:
                message.acknowledged = True


async def open_rows(db: Database) -> int:
    """Inbox rows not yet handled, or with replies not yet sent."""
    async with db.reading() as session:
        return await session.scalar(select(func.count()).select_from(InboxItem).where(
            (InboxItem.state.in_(("pending", "processing"))) | InboxItem.reply_state.in_(("pending", "sending")))) or 0


@pytest.mark.parametrize("seed", [11, 29])
async def test_every_acknowledged_message_has_one_effect_and_one_reply_after_kills(
        db: Database, tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    port = free_port()
    async with FakeTelegramServer(TOKEN, max_poll_wait=0.3) as tg, FakeWhatsAppServer() as wa:
        people = People(tg, wa, port)
        processes: list[BotProcess] = []
        try:
            for phase, mode in enumerate(("polling", "webhook")):
                bot = BotProcess(tmp_path, tg, wa, port, f"run-{phase}", webhook=mode == "webhook")
                processes.append(await bot.start())
                await people.deliver_again(mode)
                before = len(people.messages)
                stream = asyncio.create_task(people.stream(mode))
                await asyncio.sleep(rng.uniform(0.4, 1.2))
                while len(people.messages) < before + 2 * MIN_PER_PHASE:  # a slow machine still sends some
                    await asyncio.sleep(0.02)
                await bot.kill()
                stream.cancel()
                await asyncio.gather(stream, return_exceptions=True)
                people.polled()
            # The webhook is replaced by polling: Telegram's queue holds, in order, what it could not deliver.
            await people.deliver_again("polling", "telegram")
            last = BotProcess(tmp_path, tg, wa, port, "run-last", webhook=False)
            processes.append(await last.start())
            await people.deliver_again("polling")
            deadline = time.monotonic() + PATIENCE
            while True:
                people.polled()
                done = all(m.acknowledged for m in people.messages) and not await open_rows(db)
                if done and await _count(db, InboxItem, InboxItem.kind != "status",
                                         InboxItem.state == "done") == len(people.messages):
                    break
                assert time.monotonic() < deadline, await _what_is_left(db, people, processes)
                await asyncio.sleep(0.1)
            assert await last.stop() == 0, last.log[-3000:]
        finally:
            for process in processes:
                await process.ensure_gone()
        telegram_replies = Counter(str(r.chat_id) for r in tg.calls("sendMessage") if r.ok)
        whatsapp_replies = Counter(m.to for m in wa.sent_messages())
        assert [e for e in tg.internal_errors if not isinstance(e, ConnectionError)] == []

    messages = people.messages
    assert len(messages) >= 4 * MIN_PER_PHASE, "the stream ran"
    # One effect each: the person exists once, and each message was handled once.
    async with db.reading() as session:
        identities = Counter((channel, external) for channel, external in
                             (await session.execute(select(Identity.channel, Identity.external_id))).all())
        reply_states = Counter((await session.execute(
            select(InboxItem.reply_state).where(InboxItem.kind != "status"))).scalars())
        unknown = set((await session.execute(select(InboxItem.channel, InboxItem.platform_key)
                                             .where(InboxItem.reply_state == "unknown"))).all())
    assert identities == Counter({(m.channel, m.person): 1 for m in messages})
    assert await _count(db, InboxItem, InboxItem.kind != "status", InboxItem.state == "done") == len(messages)
    assert await _count(db, InboxItem, InboxItem.kind != "status") == len(messages), "each written down once"
    assert set(reply_states) <= {"sent", "unknown"}, reply_states
    # One reply each; a reply that was on the wire at a kill reached the person at most once.
    assert len(unknown) <= 2 * CAPACITY
    for message in messages:
        got = (telegram_replies if message.channel == "telegram" else whatsapp_replies)[message.person]
        if (message.channel, _key(message)) in unknown:
            assert got <= 1, f"{message.channel} {message.person} got {got} replies"
        else:
            assert got == 1, f"{message.channel} {message.person} got {got} replies"


async def _count(db: Database, model: type, *where: Any) -> int:
    async with db.reading() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where)) or 0


async def _what_is_left(db: Database, people: People, processes: list[BotProcess]) -> str:
    unacknowledged = Counter(m.channel for m in people.messages if not m.acknowledged)
    async with db.reading() as session:
        states = Counter((await session.execute(select(InboxItem.state, InboxItem.reply_state))).all())
    async with db.reading() as session:
        stored = set((await session.execute(select(InboxItem.channel, InboxItem.platform_key))).all())
    missing = [(m.channel, m.person, m.acknowledged) for m in people.messages
               if (m.channel, _key(m)) not in stored]
    logs = f"not in the inbox: {missing}\n" + "\n".join(f"--- {p.name} ---\n" + "\n".join(
        line for line in p.log.splitlines() if "apscheduler" not in line)[-2500:] for p in processes)
    return (f"not everything was handled: {len(people.messages)} messages, not acknowledged {unacknowledged}, "
            f"handled {await _count(db, InboxItem, InboxItem.state == 'done')}, inbox {states}\n{logs}")


def _key(message: Message) -> str:
    if message.channel == "telegram":
        return str(message.payload["update_id"])
    return message.payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
