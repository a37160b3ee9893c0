"""End to end on Telegram: the real PTB application against a fake Bot API on 127.0.0.1.

The whole citizen story — /start, consent, governorate, events, register, my registrations,
cancel — in long-polling and in webhook mode, asserted on the requests the fake receives.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.runner import RunningBot, start_bot
from bot.settings import Settings
from storage.clock import utcnow
from storage.db import Database
from storage.models import Contact
from tests.conftest import database_url, free_port, fresh_database
from tests.fakes.fake_telegram import FakeTelegramServer
from tests.helpers import add_event

TOKEN = "123:ABC"
USER = 5551


class TelegramDriver:
    """Plays the person's side through the fake server, in polling or webhook mode."""

    def __init__(self, tg: FakeTelegramServer, webhook: bool) -> None:
        self.tg = tg
        self.webhook = webhook
        # Only requests after the person's latest action count as answers to it.
        self.mark = 0

    async def _deliver(self, update: dict[str, Any]) -> None:
        self.mark = len(self.tg.requests)
        if self.webhook:
            assert await self.tg.post_to_webhook(update) == 200
        else:
            self.tg.push_raw(update)

    async def command(self, text: str) -> None:
        """Type a command such as /start."""
        name, _, payload = text.partition(" ")
        await self._deliver(self.tg.build_command_update(USER, name, payload or None))

    async def text(self, text: str) -> None:
        """Type free text."""
        await self._deliver(self.tg.build_text_update(USER, text))

    async def press(self, label: str) -> None:
        """Press the button whose label contains `label` in the last keyboard."""
        message = self.tg.last_message(USER)
        keyboard = self.tg.last_keyboard(USER)
        buttons = [b for row in keyboard for b in row]
        chosen = next((b for b in buttons if label in b["text"]), None)
        assert chosen is not None, f"no button {label!r} in {[b['text'] for b in buttons]}"
        message_id = None
        for record in reversed(self.tg.requests):
            markup = record.params.get("reply_markup") or {}
            if record.ok and chosen in [b for row in markup.get("inline_keyboard", []) for b in row]:
                message_id = record.params.get("message_id") or (record.result or {}).get("message_id")
                break
        assert message is not None
        await self._deliver(self.tg.build_callback_update(USER, chosen["callback_data"], message_id))

    async def onboard(self, governorate: str) -> None:
        """/start, consent, choose a governorate, and wait for the main menu."""
        await self.command("/start")
        await self.expect("sendMessage", "أهلاً بك")
        await self.press("أوافق")
        await self.expect("editMessageText", "اختر محافظتك")
        await self.press(governorate)
        await self.expect("sendMessage", "القائمة الرئيسية")

    async def expect(self, method: str, contains: str, timeout: float = 10.0) -> dict[str, Any]:
        """Wait for a request of `method` to the user whose text contains `contains`."""
        fresh = {id(r) for r in self.tg.requests[: self.mark]}
        found = await self.tg.wait_for(
            method, timeout=timeout,
            predicate=lambda r: r.ok and id(r) not in fresh
            and contains in str(r.params.get("text", r.params.get("caption", ""))),
        )
        return found[-1].params


async def start_telegram_bot(tmp_path, tg: FakeTelegramServer, *, webhook: bool) -> RunningBot:  # type: ignore[no-untyped-def]
    """Start `musharaka run`'s machinery against the fake server."""
    db = await fresh_database(tmp_path)
    await add_event(db, title="ندوة حوارية حول الانتخابات في بغداد", starts_at=utcnow() + timedelta(days=5),
                    capacity=30)
    await db.dispose()
    env: dict[str, Any] = {
        "DATABASE_URL": database_url(tmp_path),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": tg.base_url,
        "MUSHARAKA_SECRET_KEY": "e2e-secret",
    }
    if webhook:
        port = free_port()
        env |= {"TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/webhook",
                "WEBHOOK_HOST": "127.0.0.1", "WEBHOOK_PORT": port}
    return await start_bot(Settings(**env))


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
async def test_citizen_registers_and_cancels_on_telegram(tmp_path, webhook: bool) -> None:
    async with FakeTelegramServer(TOKEN, max_poll_wait=0.2) as tg:
        running = await start_telegram_bot(tmp_path, tg, webhook=webhook)
        person = TelegramDriver(tg, webhook)
        try:
            if webhook:
                assert tg.webhook_url.endswith("/telegram/webhook")
                assert tg.webhook_secret
            await person.command("/start")
            await person.expect("sendMessage", "أهلاً بك")
            await person.press("أوافق")
            await tg.wait_for("answerCallbackQuery")
            # The governorate question replaces the welcome message in place.
            await person.expect("editMessageText", "اختر محافظتك")
            assert len([b for row in tg.last_keyboard(USER) for b in row]) == 19
            await person.press("بغداد")
            await person.expect("sendMessage", "القائمة الرئيسية")
            await person.press("الفعاليات القادمة")
            await person.expect("editMessageText", "ندوة حوارية حول الانتخابات في بغداد")
            await person.press("ندوة حوارية حول الانتخابات")
            details = await person.expect("editMessageText", "الجهة المنظمة")
            assert "بقي ٣٠ مقعداً" in details["text"]
            await person.press("سجّلني")
            confirmed = await person.expect("sendMessage", "رمز تذكرتك")
            ticket = confirmed["text"].split("رمز تذكرتك:")[1].split()[0]
            documents = await tg.wait_for("sendDocument")
            assert documents[-1].files["document"][0].endswith(".ics")
            await person.text("تسجيلاتي")
            mine = await person.expect("sendMessage", ticket)
            assert "مؤكد" in mine["text"]
            await person.press("إلغاء")
            await person.expect("sendMessage", "هل تريد إلغاء تسجيلك")
            await person.text("نعم")  # typed, not pressed: the one «yes» option on screen
            await person.expect("sendMessage", "تم إلغاء تسجيلك")
            await person.text("تسجيلاتي")
            await person.expect("sendMessage", "ليس لديك تسجيلات قادمة")
            # Every callback query was answered, so no spinner is left on the person's phone.
            presses = [u for u in tg.requests if u.method == "answerCallbackQuery"]
            assert presses and all(p.ok for p in presses)
            # Every keyboard button carries short opaque callback data.
            for record in tg.requests:
                for row in (record.params.get("reply_markup") or {}).get("inline_keyboard", []):
                    for button in row:
                        assert len(button["callback_data"].encode()) <= 64
        finally:
            await running.stop()
        assert not tg.internal_errors


async def test_duplicate_telegram_update_has_one_effect(tmp_path) -> None:
    async with FakeTelegramServer(TOKEN, max_poll_wait=0.2) as tg:
        running = await start_telegram_bot(tmp_path, tg, webhook=True)
        try:
            update = tg.build_command_update(USER, "/start")
            assert await tg.post_to_webhook(update) == 200
            assert await tg.post_to_webhook(update) == 200
            await tg.wait_for("sendMessage")
            await tg.post_to_webhook(tg.build_text_update(USER, "مرحبا"))
            await tg.wait_for("sendMessage", count=2)
            welcomes = [t for t in tg.sent_texts(USER) if "أهلاً بك" in t]
            assert len(welcomes) == 2  # one for /start (not two), one for the greeting
        finally:
            await running.stop()


async def test_webhook_with_a_wrong_secret_is_refused(tmp_path) -> None:
    import aiohttp

    async with FakeTelegramServer(TOKEN, max_poll_wait=0.2) as tg:
        running = await start_telegram_bot(tmp_path, tg, webhook=True)
        try:
            update = tg.build_command_update(USER, "/start")
            async with aiohttp.ClientSession() as http:
                async with http.post(tg.webhook_url, json=update,
                                     headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}) as response:
                    assert response.status == 403
                async with http.post(tg.webhook_url, data=b"{not json",
                                     headers={"X-Telegram-Bot-Api-Secret-Token": tg.webhook_secret}) as response:
                    assert response.status == 400
                health = tg.webhook_url.replace("/telegram/webhook", "/healthz")
                async with http.get(health) as response:
                    assert response.status == 200
            assert not tg.sent_texts(USER)
        finally:
            await running.stop()


async def test_stickers_photos_and_edits_get_a_polite_reply(tmp_path) -> None:
    async with FakeTelegramServer(TOKEN, max_poll_wait=0.2) as tg:
        running = await start_telegram_bot(tmp_path, tg, webhook=False)
        person = TelegramDriver(tg, webhook=False)
        try:
            await person.onboard("ميسان")
            for push in (tg.push_sticker, tg.push_photo):
                before = len([t for t in tg.sent_texts(USER) if "لم أفهم" in t])
                push(USER)
                await tg.wait_for("sendMessage", predicate=lambda r: "لم أفهم" in r.params.get("text", ""),
                                  count=before + 1)
            tg.push_edited_text(USER, "تعديل")
            await tg.wait_for("sendMessage", predicate=lambda r: "لم أفهم" in r.params.get("text", ""), count=3)
        finally:
            await running.stop()


async def test_forged_callback_changes_nothing(tmp_path) -> None:
    async with FakeTelegramServer(TOKEN, max_poll_wait=0.2) as tg:
        running = await start_telegram_bot(tmp_path, tg, webhook=False)
        person = TelegramDriver(tg, webhook=False)
        try:
            await person.onboard("بغداد")
            tg.push_callback(USER, "cx.1~AAAAAAAA")
            await person.expect("sendMessage", "لم يعد متاحاً")
        finally:
            await running.stop()


class HeldAnswers(FakeTelegramServer):
    """The fake Bot API, holding every answerCallbackQuery until the test lets it go."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.release = asyncio.Event()

    async def _m_answercallbackquery(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        await self.release.wait()
        return await super()._m_answercallbackquery(params, files)


async def test_a_press_is_handled_while_its_spinner_is_being_stopped(tmp_path) -> None:  # type: ignore[no-untyped-def]
    async with HeldAnswers(TOKEN, max_poll_wait=0.2) as tg:
        running = await start_telegram_bot(tmp_path, tg, webhook=False)
        person = TelegramDriver(tg, webhook=False)
        try:
            await person.command("/start")
            await person.expect("sendMessage", "أهلاً بك")
            await person.press("أوافق")
            db = Database(database_url(tmp_path))
            try:
                # Telegram has not answered the spinner call yet, and the consent is stored already.
                for _ in range(200):
                    async with db.reading() as session:
                        if await session.scalar(select(Contact.consent_at)) is not None:
                            break
                    await asyncio.sleep(0.05)
                else:
                    pytest.fail("the press waited for the spinner's answer before being handled")
            finally:
                await db.dispose()
            tg.release.set()
            await person.expect("editMessageText", "اختر محافظتك")
        finally:
            tg.release.set()
            await running.stop()
