"""The database goes away for a few seconds while people write: nothing is acknowledged meanwhile,
and everything that was acknowledged is handled once it is back — without restarting the bot.

A TCP proxy sits between the bot and PostgreSQL; the test cuts it (open connections break, new
ones are refused) and restores it. During the cut the webhooks answer 503 (Meta and Telegram
deliver again later), polling keeps its offset, and /healthz says the database is unreachable.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.runner import start_bot
from bot.settings import Settings
from storage.db import Database
from storage.models import Identity, InboxItem
from tests.conftest import POSTGRES_URL, USE_POSTGRES, free_port
from tests.fakes.fake_telegram import FakeTelegramServer
from tests.fakes.fake_whatsapp import FakeWhatsAppServer, signed_request
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.skipif(
    not USE_POSTGRES,
    reason="a database outage is cut with a TCP proxy in front of PostgreSQL (SQLite is a file); "
           "run with DATABASE_URL=postgresql+asyncpg://…",
)

TOKEN = "123:ABC"
APP_SECRET = "outage-app-secret"
CUT_SECONDS = 5.0
PATIENCE = 30.0


class Platforms:
    """Telegram and Meta as the bot sees them: they deliver until they get a 200."""

    def __init__(self, tg: FakeTelegramServer, wa: FakeWhatsAppServer, port: int, polling: bool) -> None:
        self.tg, self.wa, self.polling = tg, wa, polling
        self.base = f"http://127.0.0.1:{port}"
        self.waiting: list[tuple[str, dict[str, Any]]] = []
        self.people: list[tuple[str, str]] = []
        self.statuses: list[int] = []
        self._n = 0

    async def new_messages(self) -> None:
        """One new person on each channel writes a first message; delivered once now."""
        self._n += 1
        user, wa_id = 8_000_000 + self._n, f"96478{self._n:08d}"
        self.people += [("telegram", str(user)), ("whatsapp", wa_id)]
        update = self.tg.build_command_update(user, "/start")
        if self.polling:
            self.tg.push_raw(update)  # stays in Telegram's queue until an offset confirms it
        else:
            await self._deliver("telegram", update)
        await self._deliver("whatsapp", self.wa.text_message(wa_id, "مرحبا"))

    async def _deliver(self, channel: str, payload: dict[str, Any]) -> None:
        status = await self._post(channel, payload)
        self.statuses.append(status)
        if status != 200:
            self.waiting.append((channel, payload))

    async def _post(self, channel: str, payload: dict[str, Any]) -> int:
        try:
            if channel == "telegram":
                return await self.tg.post_to_webhook(payload)
            body, headers = signed_request(payload, APP_SECRET)
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as http, \
                    http.post(f"{self.base}/whatsapp/webhook", data=body, headers=headers) as response:
                return response.status
        except (aiohttp.ClientError, TimeoutError):
            return 0

    async def deliver_again(self) -> None:
        """Everything that did not get a 200 is delivered again (until it does)."""
        waiting, self.waiting = self.waiting, []
        for channel, payload in waiting:
            await self._deliver(channel, payload)

    async def health(self) -> tuple[int, dict[str, Any]]:
        """GET /healthz."""
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http, \
                http.get(f"{self.base}/healthz") as response:
            return response.status, await response.json()


@pytest.mark.parametrize("telegram", ["webhook", "polling"])
async def test_during_an_outage_nothing_is_acknowledged_and_afterwards_everything_is_handled(
        db: Database, tmp_path: Path, telegram: str) -> None:
    target = make_url(POSTGRES_URL)
    port = free_port()
    async with TcpProxy(target.host or "127.0.0.1", target.port or 5432) as proxy, \
            FakeTelegramServer(TOKEN, max_poll_wait=0.3) as tg, FakeWhatsAppServer() as wa:
        through_proxy = target.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        env: dict[str, Any] = {
            "DATABASE_URL": through_proxy, "MUSHARAKA_SECRET_KEY": "outage-secret",
            "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": tg.base_url,
            "WHATSAPP_ACCESS_TOKEN": wa.access_token, "WHATSAPP_PHONE_NUMBER_ID": wa.phone_number_id,
            "WHATSAPP_APP_SECRET": APP_SECRET, "WHATSAPP_VERIFY_TOKEN": "verify", "WHATSAPP_API_BASE_URL": wa.base_url,
            "WEBHOOK_HOST": "127.0.0.1", "WEBHOOK_PORT": port,
        }
        if telegram == "webhook":
            env["TELEGRAM_WEBHOOK_URL"] = f"http://127.0.0.1:{port}/telegram/webhook"
        running = await start_bot(Settings(**env))
        platforms = Platforms(tg, wa, port, polling=telegram == "polling")
        try:
            assert await platforms.health() == (200, {"status": "ok", "database": "ok"})
            # Acknowledged just before the cut: handled during it or after it, never lost.
            for _ in range(3):
                await platforms.new_messages()
            assert set(platforms.statuses) == {200}
            proxy.cut()
            cut_at = time.monotonic()
            during: list[int] = []
            while time.monotonic() - cut_at < CUT_SECONDS:
                before = len(platforms.statuses)
                await platforms.new_messages()
                during += platforms.statuses[before:]
                await asyncio.sleep(0.3)
            status, body = await platforms.health()
            assert (status, body["database"]) == (503, "unreachable")
            assert during and set(during) == {503}, f"nothing is acknowledged while the database is away: {during}"
            if telegram == "polling":
                assert len(tg.pending_updates) >= len(during), "polling kept its offset"
            proxy.restore()

            deadline = time.monotonic() + PATIENCE
            while (await platforms.health())[0] != 200:
                assert time.monotonic() < deadline, "the bot did not notice the database came back"
                await asyncio.sleep(0.2)
            await platforms.deliver_again()
            assert not platforms.waiting, "everything is acknowledged once the database is back"
            while not await _all_answered(db, platforms):
                assert time.monotonic() < deadline, f"not everything was handled: {await _states(db)}"
                await asyncio.sleep(0.2)
        finally:
            await running.stop()
        telegram_replies = [str(r.chat_id) for r in tg.calls("sendMessage") if r.ok]
        whatsapp_replies = [m.to for m in wa.sent_messages()]

    expected = {person for channel, person in platforms.people}
    assert sorted(telegram_replies + whatsapp_replies) == sorted(expected), "one answer each, none twice"
    async with db.reading() as session:
        identities = sorted((await session.execute(select(Identity.channel, Identity.external_id))).all())
    assert identities == sorted(platforms.people)


async def _all_answered(db: Database, platforms: Platforms) -> bool:
    async with db.reading() as session:
        people = await session.scalar(select(func.count()).select_from(Identity)) or 0
        open_rows = await session.scalar(select(func.count()).select_from(InboxItem).where(
            InboxItem.state.in_(("pending", "processing")) | InboxItem.reply_state.in_(("pending", "sending"))))
    return people == len(platforms.people) and not open_rows and not platforms.tg.pending_updates


async def _states(db: Database) -> list[tuple[str, str]]:
    async with db.reading() as session:
        return list((await session.execute(select(InboxItem.state, InboxItem.reply_state))).all())
