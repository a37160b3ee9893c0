"""The inbox at the edges: polling that a bad update cannot stall, webhooks that say 503 when
nothing could be written down, /healthz, and the operator's `musharaka inbox failed|retry`.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.cli import main
from bot.runner import RunningBot, start_bot
from bot.settings import Settings
from handlers.core import BotCore
from storage.db import Database
from storage.models import Identity, InboxItem
from storage.services import inbox
from storage.services.inbox import NewItem
from tests.conftest import database_url, free_port, fresh_database
from tests.fakes.fake_telegram import FakeTelegramServer
from tests.fakes.fake_whatsapp import FakeWhatsAppServer, signed_request
from tests.telegram_inbox import telegram_polling

TOKEN = "123:ABC"
APP_SECRET = "channels-app-secret"
WA_ID = "9647701234567"


def poison(update_id: int, user: int) -> dict[str, Any]:
    """Valid JSON that PTB cannot turn into an Update: the message's chat is a string."""
    return {"update_id": update_id, "message": {"message_id": 99, "date": 1764576000, "chat": "not a chat",
                                                "from": {"id": user, "is_bot": False, "first_name": "س"},
                                                "text": "رقمي 07701234567"}}


async def inbox_rows(db: Database) -> list[InboxItem]:
    """Every inbox row in id order."""
    async with db.reading() as session:
        return list(await session.scalars(select(InboxItem).order_by(InboxItem.id)))


async def test_a_poison_update_between_two_good_ones_is_set_aside_and_polling_goes_on(
        core: BotCore, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    async with FakeTelegramServer(TOKEN, max_poll_wait=0.3) as tg, telegram_polling(core, tg):
        await tg.wait_for("getUpdates")
        # Queued together, so one getUpdates call returns all three.
        first = tg.push_raw(tg.build_command_update(501, "/start"))
        bad = tg.push_raw(poison(first["update_id"] + 1, 502))
        tg.push_raw(tg.build_command_update(503, "/start"))
        for user in (501, 503):
            await tg.wait_for("sendMessage", predicate=lambda r, u=user: r.chat_id == u)
        later = tg.push_raw(tg.build_command_update(504, "/start"))
        await tg.wait_for("sendMessage", predicate=lambda r: r.chat_id == 504)
        batches = [r.result for r in tg.calls("getUpdates") if r.ok and r.result]
        offsets = [r.params.get("offset") for r in tg.calls("getUpdates")]
    assert [u["update_id"] for u in batches[0]] == [first["update_id"], bad["update_id"], bad["update_id"] + 1]
    # The call after the batch asked for what follows it: Telegram forgets the bad update too.
    assert bad["update_id"] + 2 in offsets
    assert later["update_id"] > bad["update_id"], "and polling went on"
    rows = {r.platform_key: r for r in await inbox_rows(core.db)}
    failed = rows[str(bad["update_id"])]
    assert failed.state == "failed" and "TypeError" in (failed.last_error or "")
    assert {r.state for key, r in rows.items() if key != str(bad["update_id"])} == {"done"}
    mentions = [r for r in caplog.records if "could not be read" in r.getMessage()]
    assert len(mentions) == 1 and mentions[0].levelno == logging.WARNING, "logged once"
    assert f"update {bad['update_id']} " in mentions[0].getMessage()
    assert "07701234567" not in caplog.text and "رقمي" not in caplog.text


async def _start(tmp_path: Path, tg: FakeTelegramServer, wa: FakeWhatsAppServer, **extra: Any) -> RunningBot:
    port = free_port()
    db = await fresh_database(tmp_path)
    await db.dispose()
    return await start_bot(Settings(
        DATABASE_URL=database_url(tmp_path), MUSHARAKA_SECRET_KEY="channels-secret",
        TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=tg.base_url,
        TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram/webhook",
        WHATSAPP_ACCESS_TOKEN=wa.access_token, WHATSAPP_PHONE_NUMBER_ID=wa.phone_number_id,
        WHATSAPP_APP_SECRET=APP_SECRET, WHATSAPP_VERIFY_TOKEN="verify", WHATSAPP_API_BASE_URL=wa.base_url,
        WEBHOOK_HOST="127.0.0.1", WEBHOOK_PORT=port, **extra))


async def post_whatsapp(tg: FakeTelegramServer, payload: dict[str, Any]) -> int:
    """POST a signed WhatsApp webhook next to the Telegram one; the HTTP status."""
    url = tg.webhook_url.replace("/telegram/", "/whatsapp/")
    body, headers = signed_request(payload, APP_SECRET)
    async with aiohttp.ClientSession() as http, http.post(url, data=body, headers=headers) as response:
        return response.status


async def health(tg: FakeTelegramServer) -> tuple[int, dict[str, Any]]:
    """GET /healthz: status and body."""
    async with aiohttp.ClientSession() as http, http.get(tg.webhook_url.replace("/telegram/webhook",
                                                                                  "/healthz")) as response:
        return response.status, await response.json()


async def test_webhooks_answer_503_when_the_update_cannot_be_written_down_and_200_once_it_can(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with FakeTelegramServer(TOKEN) as tg, FakeWhatsAppServer() as wa:
        running = await _start(tmp_path, tg, wa)
        try:
            assert await health(tg) == (200, {"status": "ok", "database": "ok"})
            real_store = inbox.store_and_claim

            async def database_gone(*args: Any, **kwargs: Any) -> int:
                raise OperationalError("INSERT INTO inbox", {}, ConnectionRefusedError("connection refused"))

            monkeypatch.setattr(inbox, "store_and_claim", database_gone)
            update = tg.build_command_update(601, "/start")
            message = wa.text_message(WA_ID, "مرحبا")
            assert await tg.post_to_webhook(update) == 503
            assert await post_whatsapp(tg, message) == 503
            assert not tg.calls("sendMessage") and not wa.sent_messages(), "nothing acknowledged, nothing handled"

            monkeypatch.setattr(inbox, "store_and_claim", real_store)
            # The platforms deliver again; now it is written down, acknowledged and answered.
            assert await tg.post_to_webhook(update) == 200
            assert await post_whatsapp(tg, message) == 200
            await running.inbox.idle()
            assert [r.chat_id for r in tg.calls("sendMessage") if r.ok] == [601]
            assert [m.to for m in wa.sent_messages()] == [WA_ID]

            running.inbox.close()  # shutting down: nothing new is accepted
            assert await tg.post_to_webhook(tg.build_command_update(602, "/start")) == 503
            assert await post_whatsapp(tg, wa.text_message("9647709876543", "مرحبا")) == 503
        finally:
            await running.stop()
    async with _reopen(tmp_path) as db:
        async with db.reading() as session:
            people = sorted((await session.execute(select(Identity.channel, Identity.external_id))).all())
    assert people == [("telegram", "601"), ("whatsapp", WA_ID)]


class _reopen:
    """The test's database again, after the bot closed it."""

    def __init__(self, tmp_path: Path) -> None:
        self.db = Database(database_url(tmp_path))

    async def __aenter__(self) -> Database:
        return self.db

    async def __aexit__(self, *exc_info: object) -> None:
        await self.db.dispose()


async def test_healthz_says_when_the_database_does_not_answer(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    async with FakeTelegramServer(TOKEN) as tg, FakeWhatsAppServer() as wa:
        running = await _start(tmp_path, tg, wa)
        try:
            async def never_answers() -> None:
                await asyncio.sleep(60)

            real_reading = running.db.reading
            monkeypatch.setattr(running.db, "reading", lambda: _Stuck(never_answers))
            assert await health(tg) == (503, {"status": "unavailable", "database": "unreachable"})
            monkeypatch.setattr(running.db, "reading", real_reading)
            assert await health(tg) == (200, {"status": "ok", "database": "ok"})
        finally:
            await running.stop()


class _Stuck:
    """A session that never opens: a database that does not answer."""

    def __init__(self, wait: Any) -> None:
        self.wait = wait

    async def __aenter__(self) -> None:
        await self.wait()

    async def __aexit__(self, *exc_info: object) -> None:
        return None


# --- the operator ----------------------------------------------------------------------------------------


def test_an_operator_lists_failed_items_without_personal_data_and_hands_one_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    async def setup() -> int:
        db = await fresh_database(tmp_path)
        await inbox.store(db, [NewItem("telegram", "77", "telegram:502", "update", poison(77, 502),
                                       error="TypeError: Chat() argument after ** must be a mapping, not str")])
        [row] = await inbox_rows(db)
        await db.dispose()
        return row.id

    item_id = asyncio.run(setup())
    monkeypatch.setenv("DATABASE_URL", database_url(tmp_path))
    assert main(["inbox", "failed"]) == 0
    listed = capsys.readouterr().out
    assert f"{item_id}\ttelegram\tupdate\t" in listed and "TypeError: Chat()" in listed
    assert "07701234567" not in listed and "رقمي" not in listed and "502" not in listed

    assert main(["inbox", "retry", str(item_id + 100)]) == 2
    assert capsys.readouterr().err == f"error: no failed inbox item with id {item_id + 100} " \
                                      "(see `musharaka inbox failed`)\n"
    assert main(["inbox", "retry", str(item_id)]) == 0
    assert "will be handled again" in capsys.readouterr().out
    assert main(["inbox", "failed"]) == 0
    assert capsys.readouterr().out == "no failed inbox items\n"

    async def state() -> str:
        db = Database(database_url(tmp_path))
        try:
            [row] = await inbox_rows(db)
            return row.state
        finally:
            await db.dispose()

    assert asyncio.run(state()) == "pending"


async def test_musharaka_worker_answers_what_another_process_wrote_down(db: Database, tmp_path: Path) -> None:
    from tests.test_crash_recovery import WorkerProcess

    async with FakeTelegramServer(TOKEN) as tg:
        update = tg.build_command_update(701, "/start")
        await inbox.store(db, [NewItem("telegram", str(update["update_id"]), "telegram:701", "update", update)])
        worker = await WorkerProcess(tmp_path, tg, "inbox-worker", rate_per_second=30).start()
        try:
            await worker.started()
            await tg.wait_for("sendMessage", predicate=lambda r: r.chat_id == 701, timeout=60)
            assert await worker.stop() == 0, worker.log[-3000:]
        finally:
            await worker.ensure_gone()
    [row] = await inbox_rows(db)
    assert (row.state, row.reply_state) == ("done", "sent")


async def test_a_reply_taken_over_after_a_crash_still_replaces_the_message_its_button_was_on(core: BotCore) -> None:
    from sqlalchemy import update

    from tests.test_inbox import _dead_pid

    async with FakeTelegramServer(TOKEN, max_poll_wait=0.3) as tg, telegram_polling(core, tg):
        tg.push_raw(tg.build_command_update(801, "/start"))
        [welcome] = await tg.wait_for("sendMessage", predicate=lambda r: r.chat_id == 801)
        message_id = welcome.result["message_id"]
        # A worker handled a pressed button on that message and died before sending the reply.
        await inbox.store(core.db, [NewItem("telegram", "9001", "telegram:801", "update", None)])
        dead = f"{socket.gethostname()[:40]}:{_dead_pid()}:0dead"
        async with core.db.transaction() as session:
            await session.execute(update(InboxItem).where(InboxItem.platform_key == "9001").values(
                state="done", claimed_by=dead, reply_state="pending",
                replies=[{"text": "القائمة الرئيسية", "replace": True, "options": [["mm~1", "الفعاليات", None]]}],
                reply_to={"chat_id": 801, "message_id": message_id, "text": True}))
        [edit] = await tg.wait_for("editMessageText", timeout=15)
    assert edit.params["message_id"] == message_id and edit.params["text"] == "القائمة الرئيسية"
    assert len([r for r in tg.calls("sendMessage") if r.ok]) == 1, "replaced in place, not sent anew"
    [row] = [r for r in await inbox_rows(core.db) if r.platform_key == "9001"]
    assert row.reply_state == "sent" and row.reply_to is None
