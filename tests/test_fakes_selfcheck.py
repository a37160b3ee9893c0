"""Self-checks of the fake Telegram and WhatsApp API servers used by the end-to-end tests."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from tests.fakes.fake_telegram import FakeTelegramServer
from tests.fakes.fake_whatsapp import FakeWhatsAppServer, combine, sign, signed_request, validate_message

TOKEN = "123:ABC"


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(token=TOKEN) as server:
        yield server


@pytest.fixture
async def bot(tg: FakeTelegramServer) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=tg.api_url, base_file_url=tg.file_url) as client:
        yield client


@pytest.fixture
async def wa() -> AsyncIterator[FakeWhatsAppServer]:
    async with FakeWhatsAppServer(phone_number_id="PNID1", access_token="WA-TOKEN") as server:
        yield server


# ---------------------------------------------------------------------------------------- Telegram


async def test_get_me_and_send_message_with_keyboard(tg: FakeTelegramServer, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == 1000 and me.username == "musharaka_test_bot" and me.is_bot

    markup = InlineKeyboardMarkup([[InlineKeyboardButton("سجّلني", callback_data="reg:12")]])
    msg = await bot.send_message(chat_id=42, text="مرحبا", reply_markup=markup)
    assert msg.text == "مرحبا" and msg.chat.id == 42 and msg.from_user is not None
    assert msg.reply_markup is not None
    assert msg.reply_markup.inline_keyboard[0][0].callback_data == "reg:12"

    call = (await tg.wait_for("sendMessage"))[0]
    assert call.params["chat_id"] == 42
    assert call.params["reply_markup"] == {"inline_keyboard": [[{"text": "سجّلني", "callback_data": "reg:12"}]]}
    assert tg.sent_texts(42) == ["مرحبا"]
    assert tg.last_keyboard(42)[0][0]["callback_data"] == "reg:12"

    edited = await bot.edit_message_text("تم", chat_id=42, message_id=msg.message_id)
    assert not isinstance(edited, bool) and edited.text == "تم"
    assert tg.sent_texts(42) == ["مرحبا", "تم"]
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("تم", chat_id=42, message_id=msg.message_id)


async def test_send_document_records_upload(tg: FakeTelegramServer, bot: Bot) -> None:
    data = "الاسم,الهاتف\n".encode("utf-8-sig")
    msg = await bot.send_document(chat_id=7, document=data, filename="registrations.csv", caption="التسجيلات")
    assert msg.document is not None and msg.document.file_name == "registrations.csv"
    assert msg.document.file_size == len(data)

    call = tg.calls("senddocument")[0]
    assert call.files["document"] == ("registrations.csv", data)
    assert call.params["caption"] == "التسجيلات"
    docs = tg.sent_documents(7)
    assert [(d.filename, d.data) for d in docs] == [("registrations.csv", data)]


async def test_get_updates_parses_text_and_callback(tg: FakeTelegramServer, bot: Bot) -> None:
    sent = await bot.send_message(chat_id=55, text="اختر", reply_markup=InlineKeyboardMarkup(
        [[InlineKeyboardButton("نعم", callback_data="yes")]]
    ))
    tg.push_text(55, "السلام عليكم", first_name="علي")
    tg.push_button(55, "نعم")
    tg.push_command(55, "/start", payload="ev_12")

    updates = await bot.get_updates(offset=0, timeout=0)
    assert len(updates) == 3
    assert updates[0].message is not None and updates[0].message.text == "السلام عليكم"
    assert updates[0].effective_user is not None and updates[0].effective_user.first_name == "علي"
    query = updates[1].callback_query
    assert isinstance(query, CallbackQuery) and query.data == "yes"
    assert query.message is not None and query.message.message_id == sent.message_id
    assert updates[2].message is not None and updates[2].message.text == "/start ev_12"
    assert updates[2].message.parse_entities() and list(updates[2].message.parse_entities().values()) == ["/start"]
    assert await bot.answer_callback_query(query.id) is True
    with pytest.raises(BadRequest, match="(?i)query id is invalid"):
        await bot.answer_callback_query(query.id)

    # confirming by offset drops the old updates; long polling is capped at max_poll_wait
    started = time.monotonic()
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=10) == ()
    assert time.monotonic() - started < 3


async def test_long_poll_wakes_on_push(tg: FakeTelegramServer, bot: Bot) -> None:
    tg.max_poll_wait = 5.0
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    started = time.monotonic()
    tg.push_sticker(9)
    updates = await poll
    assert time.monotonic() - started < 1
    assert len(updates) == 1 and updates[0].message is not None and updates[0].message.sticker is not None


async def test_other_update_kinds_parse(tg: FakeTelegramServer, bot: Bot) -> None:
    tg.push_contact(5, "+9647701234567")
    tg.push_photo(5, caption="صورة")
    tg.push_edited_text(5, "نص معدل")
    updates = await bot.get_updates()
    contact = updates[0].message.contact if updates[0].message else None
    assert contact is not None and contact.user_id == 5 and contact.phone_number == "+9647701234567"
    assert updates[1].message is not None and updates[1].message.photo
    assert updates[2].edited_message is not None and updates[2].edited_message.text == "نص معدل"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # PTB 22's RetryAfter.retry_after int deprecation
async def test_failure_injection(tg: FakeTelegramServer, bot: Bot) -> None:
    tg.fail_next("sendMessage", 429, retry_after=3)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(chat_id=1, text="x")
    assert "3" in str(info.value)
    assert tg.calls("sendMessage")[0].response["parameters"] == {"retry_after": 3}
    await bot.send_message(chat_id=1, text="x")  # only the next call failed

    tg.block_user(2)
    for _ in range(2):
        with pytest.raises(Forbidden, match="blocked"):
            await bot.send_message(chat_id=2, text="y")
    assert tg.sent_texts() == ["x"]

    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(chat_id=1, text="ا" * 4097)
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await bot.send_message(chat_id=1, text="1 < 2", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        too_long = InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="d" * 65)]])
        await bot.send_message(chat_id=1, text="z", reply_markup=too_long)


async def test_wrong_token_and_unknown_method(tg: FakeTelegramServer) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{tg.base_url}/bot999:WRONG/getMe") as resp:
            assert resp.status == 401
            assert await resp.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
        async with session.post(f"{tg.base_url}/bot{TOKEN}/SENDMESSAGE", json={"chat_id": 3, "text": "hi"}) as resp:
            assert resp.status == 200 and (await resp.json())["result"]["text"] == "hi"
        async with session.post(f"{tg.base_url}/bot{TOKEN}/doSomething") as resp:
            assert resp.status == 404
    assert [r.method for r in tg.requests] == ["getMe", "sendMessage", "doSomething"]
    with pytest.raises(AssertionError, match="doSomething"):
        await tg.wait_for("sendDocument", timeout=0.1)


async def test_application_polling_round_trip(tg: FakeTelegramServer) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"وصلني: {update.effective_message.text}")

    app: Application[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder().token(TOKEN).base_url(tg.api_url).base_file_url(tg.file_url).build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    await app.initialize()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    await app.start()
    try:
        tg.push_text(77, "مرحبا")
        await tg.wait_for("sendMessage", predicate=lambda r: r.chat_id == 77)
        assert tg.sent_texts(77) == ["وصلني: مرحبا"]
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    assert tg.pending_updates == []


async def test_webhook_methods(tg: FakeTelegramServer, bot: Bot) -> None:
    assert await bot.set_webhook("https://example.invalid/tg", secret_token="s3cret") is True
    info = await bot.get_webhook_info()
    assert info.url == "https://example.invalid/tg"
    assert tg.webhook_secret == "s3cret"
    assert await bot.delete_webhook() is True
    assert (await bot.get_webhook_info()).url == ""
    update = tg.build_text_update(3, "hi")
    assert update["message"]["text"] == "hi" and tg.pending_updates == []


# ---------------------------------------------------------------------------------------- WhatsApp


def _button_message(title: str, to: str = "9647701234567") -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "interactive",
        "interactive": {
            "type": "button",
            "body": {"text": "هل تريد التسجيل؟"},
            "action": {"buttons": [{"type": "reply", "reply": {"id": "reg:1", "title": title}}]},
        },
    }


def _list_message(rows: int) -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "to": "9647701234567",
        "type": "interactive",
        "interactive": {
            "type": "list",
            "body": {"text": "الفعاليات"},
            "action": {
                "button": "اختر",
                "sections": [
                    {"title": "بغداد", "rows": [{"id": f"ev:{i}", "title": f"فعالية {i}"} for i in range(rows)]}
                ],
            },
        },
    }


async def _post(wa: FakeWhatsAppServer, body: dict[str, Any], token: str = "WA-TOKEN") -> tuple[int, Any]:
    async with aiohttp.ClientSession() as session:
        headers = {"Authorization": f"Bearer {token}"}
        async with session.post(wa.messages_url, json=body, headers=headers) as resp:
            return resp.status, await resp.json()


async def test_whatsapp_button_message_accepted(wa: FakeWhatsAppServer) -> None:
    status, data = await _post(wa, _button_message("نعم"))
    assert status == 200
    assert data["messaging_product"] == "whatsapp"
    assert data["contacts"] == [{"input": "9647701234567", "wa_id": "9647701234567"}]
    assert data["messages"][0]["id"].startswith("wamid.")
    assert wa.texts("9647701234567") == ["هل تريد التسجيل؟"]
    assert wa.last_options() == [("reg:1", "نعم")]
    assert wa.last_wamid() == data["messages"][0]["id"]
    assert len(await wa.wait_for_messages(1, to="9647701234567")) == 1


async def test_whatsapp_limits_enforced(wa: FakeWhatsAppServer) -> None:
    status, data = await _post(wa, _button_message("ا" * 21))
    assert status == 400
    assert data["error"]["code"] == 100 and "Button title" in data["error"]["error_data"]["details"]
    assert (await _post(wa, _button_message("ا" * 20)))[0] == 200

    status, data = await _post(wa, _list_message(11))
    assert status == 400 and data["error"]["code"] == 100
    assert (await _post(wa, _list_message(10)))[0] == 200
    assert validate_message(_list_message(11)) is not None
    assert validate_message({"messaging_product": "whatsapp", "to": "964770", "text": {"body": "x" * 4097}})
    assert len(wa.messages()) == 2


async def test_whatsapp_auth_media_and_failures(wa: FakeWhatsAppServer) -> None:
    status, data = await _post(wa, _button_message("نعم"), token="WRONG")
    assert status == 401 and data["error"]["code"] == 190 and data["error"]["type"] == "OAuthException"

    form = aiohttp.FormData()
    form.add_field("messaging_product", "whatsapp")
    form.add_field("type", "text/csv")
    form.add_field("file", b"a,b\n1,2\n", filename="report.csv", content_type="text/csv")
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{wa.base_url}/PNID1/media", data=form, headers={"Authorization": "Bearer WA-TOKEN"}
        ) as resp:
            assert resp.status == 200
            media_id = (await resp.json())["id"]
    upload = wa.media[media_id]
    assert (upload.filename, upload.mime_type, upload.data) == ("report.csv", "text/csv", b"a,b\n1,2\n")

    doc = {"messaging_product": "whatsapp", "to": "9647701234567", "type": "document",
           "document": {"id": media_id, "filename": "report.csv"}}
    assert (await _post(wa, doc))[0] == 200
    assert wa.texts() == ["document:report.csv"]
    doc_bad = {**doc, "document": {"id": "999", "filename": "x.csv"}}
    assert (await _post(wa, doc_bad))[0] == 400

    wa.fail_next(400, 131047, "Re-engagement message")
    status, data = await _post(wa, _button_message("نعم"))
    assert status == 400 and data["error"]["code"] == 131047
    assert data["error"]["message"] == "(#131047) Re-engagement message"
    assert (await _post(wa, _button_message("نعم")))[0] == 200


def test_whatsapp_webhook_payloads(wa: FakeWhatsAppServer) -> None:
    text = wa.text_message("9647701234567", "مرحبا")
    value = text["entry"][0]["changes"][0]["value"]
    assert text["object"] == "whatsapp_business_account"
    assert value["metadata"]["phone_number_id"] == "PNID1"
    assert value["contacts"][0]["wa_id"] == "9647701234567"
    message = value["messages"][0]
    assert message["type"] == "text" and message["text"]["body"] == "مرحبا" and message["id"].startswith("wamid.")
    assert message["timestamp"].isdigit()

    failed = wa.status_update("9647701234567", "wamid.X", "failed", errors=[{"code": 131047}])
    status = failed["entry"][0]["changes"][0]["value"]["statuses"][0]
    assert status["errors"][0]["title"] == "Re-engagement message"

    both = combine(text, wa.button_reply("9647700000000", "reg:1", "نعم"), failed)
    merged = both["entry"][0]["changes"][0]["value"]
    assert len(merged["messages"]) == 2 and len(merged["contacts"]) == 2 and len(merged["statuses"]) == 1

    body, headers = signed_request(text, "app-secret")
    assert headers["X-Hub-Signature-256"] == sign(body, "app-secret") and json.loads(body) == text
    assert sign(b"{}", "k").startswith("sha256=") and len(sign(b"{}", "k")) == 7 + 64
