"""At LOG_LEVEL=DEBUG too, the logs hold no phone number, message text, name or token.

The same logging setup as `musharaka run` (bot.logging_setup) at DEBUG, a story on each channel
(Telegram through the fake Bot API, WhatsApp through signed webhooks, survey answers through the
scheduler and the sender), then every line written is searched. The records are searched as they
were logged as well (before redaction): names and texts cannot be redacted, only never logged.
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from bot.logging_setup import CAPPED, redact, setup_logging
from bot.runner import start_bot
from bot.settings import Settings
from handlers.core import BotCore
from scheduler.jobs import run_tick
from scheduler.sender import Sender
from storage.clock import utcnow
from storage.models import Contact, SurveyResponse
from storage.services.contacts import get_or_create_identity
from tests.channels import RecordingChannel
from tests.conftest import FakeClock, database_url, free_port, fresh_database
from tests.fakes.fake_telegram import FakeTelegramServer
from tests.fakes.fake_whatsapp import FakeWhatsAppServer, signed_request
from tests.helpers import Person, add_event

TOKEN = "1234567890:AAHdebugLogsTokenForTests_0123456789abcdef"
TG_USER = 5551
TG_NAME = "زينب عبد الحسين"
TG_TEXT = "أريد أن أعرف أين أصوّت في حي الجهاد"
TG_PHONE = "07701234567"
WA_ID = "9647801112233"
WA_NAME = "حيدر الساعدي"
WA_TEXT = "هل توجد ورشة للشباب في الكرادة"
SURVEY_TEXT = "ورش أكثر في ميسان عن المراقبة الانتخابية"
APP_SECRET = "debug-logs-app-secret"
# Every form a number takes: local, national, with and without the country code, spaced, Arabic-Indic.
TG_PHONE_FORMS = ["07701234567", "7701234567", "9647701234567", "+9647701234567", "770 123 4567", "٠٧٧٠١٢٣٤٥٦٧"]
WA_PHONE_FORMS = ["9647801112233", "+9647801112233", "07801112233", "7801112233", "780 111 2233"]
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


@dataclass
class Captured:
    """What the root handler wrote, and the records as they were logged."""

    written: io.StringIO
    caplog: pytest.LogCaptureFixture

    def leaks(self, secrets: list[str]) -> list[str]:
        """Lines (written, or raw records) holding a secret; digits are also compared without separators."""
        lines = self.written.getvalue().splitlines() + [f"raw {line}" for line in self.caplog.text.splitlines()]
        found = []
        for line in lines:
            digits = re.sub(r"\D", "", line.translate(_ARABIC_DIGITS))
            for secret in secrets:
                plain = re.sub(r"\D", "", secret.translate(_ARABIC_DIGITS))
                as_number = len(plain) >= 9 and not re.search(r"[^\d\s+]", secret.translate(_ARABIC_DIGITS))
                if secret in line or (as_number and plain in digits):
                    found.append(f"{secret!r} in: {line[:300]}")
        return found


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[Captured]:
    """`musharaka run`'s logging at LOG_LEVEL=DEBUG, writing to a buffer; restored afterwards."""
    root = logging.getLogger()
    saved_root = root.level
    saved = {name: logging.getLogger(name).level for name in CAPPED}
    written = io.StringIO()
    caplog.set_level(logging.DEBUG)
    handler = setup_logging("DEBUG", stream=written)
    try:
        yield Captured(written, caplog)
    finally:
        if handler is not None:
            root.removeHandler(handler)
        root.setLevel(saved_root)
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


async def until(check: Any, what: str, timeout: float = 10.0) -> None:
    """Wait until `check()` is true."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def told(tg: FakeTelegramServer, text: str) -> bool:
    """Whether the bot has sent (or edited in) a message containing `text`."""
    return any(r.ok and text in str(r.params.get("text", "")) for r in tg.requests)


def press(tg: FakeTelegramServer, label: str) -> None:
    """Press the button whose label contains `label` in the person's last keyboard."""
    buttons = [b for row in tg.last_keyboard(TG_USER) for b in row]
    chosen = next(b for b in buttons if label in b["text"])
    message = tg.last_message(TG_USER)
    tg.push_raw(tg.build_callback_update(TG_USER, chosen["callback_data"], message and message.get("message_id"),
                                         first_name=TG_NAME))


async def test_a_telegram_story_at_debug_logs_no_token_name_text_or_number(tmp_path: Path,
                                                                           debug_logs: Captured) -> None:
    db = await fresh_database(tmp_path)
    await add_event(db, title="ندوة حوارية حول الانتخابات", starts_at=utcnow() + timedelta(days=5))
    await db.dispose()
    async with FakeTelegramServer(TOKEN, max_poll_wait=0.2) as tg:
        running = await start_bot(Settings(DATABASE_URL=database_url(tmp_path), TELEGRAM_BOT_TOKEN=TOKEN,
                                           TELEGRAM_API_BASE_URL=tg.base_url, MUSHARAKA_SECRET_KEY="debug-logs"))
        try:
            tg.push_raw(tg.build_command_update(TG_USER, "/start", first_name=TG_NAME))
            await until(lambda: told(tg, "أهلاً بك"), "the welcome")
            press(tg, "أوافق")
            await until(lambda: told(tg, "اختر محافظتك"), "the governorates")
            press(tg, "بغداد")
            await until(lambda: told(tg, "القائمة الرئيسية"), "the main menu")
            tg.push_raw(tg.build_text_update(TG_USER, TG_TEXT, first_name=TG_NAME))
            await until(lambda: told(tg, "لم أفهم"), "the answer to free text")
            tg.push_raw(tg.build_contact_update(TG_USER, TG_PHONE, first_name=TG_NAME))
            await until(lambda: told(tg, "رقمك"), "the shared number acknowledged")
            async with running.db.transaction() as session:
                assert await session.scalar(select(Contact.phone_e164)) == "+9647701234567"
        finally:
            await running.stop()

    assert any(r.levelno == logging.DEBUG for r in debug_logs.caplog.records), "DEBUG was on"
    assert debug_logs.written.getvalue(), "the story did log"
    assert debug_logs.leaks([TOKEN, TOKEN.split(":")[1], TG_NAME, TG_TEXT, *TG_PHONE_FORMS]) == []


async def test_a_whatsapp_story_at_debug_logs_no_name_text_or_number(tmp_path: Path, debug_logs: Captured) -> None:
    db = await fresh_database(tmp_path)
    await db.dispose()
    async with FakeWhatsAppServer() as wa:
        port = free_port()
        running = await start_bot(Settings(
            DATABASE_URL=database_url(tmp_path), MUSHARAKA_SECRET_KEY="debug-logs",
            WHATSAPP_ACCESS_TOKEN=wa.access_token, WHATSAPP_PHONE_NUMBER_ID=wa.phone_number_id,
            WHATSAPP_APP_SECRET=APP_SECRET, WHATSAPP_VERIFY_TOKEN="debug-logs-verify",
            WHATSAPP_API_BASE_URL=wa.base_url, WEBHOOK_HOST="127.0.0.1", WEBHOOK_PORT=port))
        url = f"http://127.0.0.1:{port}/whatsapp/webhook"

        async def post(payload: dict[str, Any], replies: int) -> None:
            body, headers = signed_request(payload, APP_SECRET)
            async with aiohttp.ClientSession() as http, http.post(url, data=body, headers=headers) as response:
                assert response.status == 200
            await until(lambda: len(wa.sent_messages(WA_ID)) >= replies, f"{replies} messages to the person")

        try:
            # The verification handshake carries the verify token in its query string.
            handshake = {"hub.mode": "subscribe", "hub.verify_token": "debug-logs-verify", "hub.challenge": "42"}
            async with aiohttp.ClientSession() as http, http.get(url, params=handshake) as response:
                assert response.status == 200
            await post(wa.text_message(WA_ID, "السلام عليكم", name=WA_NAME), 1)
            option_id, title = next((i, t) for i, t in wa.last_options(WA_ID) if "أوافق" in t)
            await post(wa.button_reply(WA_ID, option_id, title, name=WA_NAME), 2)
            sent = len(wa.sent_messages(WA_ID))
            await post(wa.text_message(WA_ID, WA_TEXT, name=WA_NAME), sent + 1)
            async with running.db.transaction() as session:
                assert await session.scalar(select(Contact.phone_e164)) == f"+{WA_ID}"
        finally:
            await running.stop()

    assert debug_logs.written.getvalue(), "the story did log"
    assert debug_logs.leaks([WA_NAME, WA_TEXT, wa.access_token, "debug-logs-verify", *WA_PHONE_FORMS]) == []


async def test_survey_answers_at_debug_stay_out_of_the_logs(core: BotCore, clock: FakeClock,
                                                             debug_logs: Captured) -> None:
    await add_event(core.db, title="ندوة حوارية حول الانتخابات", starts_at=clock.now + timedelta(days=1),
                    capacity=None)
    person = Person(core, "1")
    await person.onboard()
    await person.text("الفعاليات")
    await person.choose("ندوة")
    await person.choose("سجّلني")
    clock.advance(days=1, hours=4, minutes=1)
    await run_tick(core.db)
    await Sender(core, {"console": RecordingChannel()}).drain()
    await person.text("القائمة")
    await person.choose("استبيان بانتظارك")
    await person.choose("٤ ⭐")
    await person.text(SURVEY_TEXT)
    async with core.db.transaction() as session:
        answers = (await session.scalars(select(SurveyResponse.answers))).one()
    assert SURVEY_TEXT in str(answers), "the answer was stored (and so went through the SQL layer)"

    assert debug_logs.leaks([SURVEY_TEXT]) == []


async def test_without_the_caps_the_sql_layer_would_log_the_number(db, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    # Why the caps exist: with the SQL loggers open (as LOG_LEVEL=DEBUG alone would leave them),
    # every statement is written with its parameters.
    caplog.set_level(logging.DEBUG)
    for name in ("sqlalchemy.engine", "aiosqlite", "asyncpg"):
        caplog.set_level(logging.DEBUG, logger=name)
    async with db.transaction() as session:
        _, contact, _ = await get_or_create_identity(session, "console", "amal")
        contact.phone_e164 = "+9647701234567"
    assert "+9647701234567" in caplog.text


def test_the_redaction_catches_tokens_and_numbers_in_every_form() -> None:
    line = (f"POST https://api.telegram.org/bot{TOKEN}/sendMessage to +9647701234567, 07701234567, "
            "0770 123 4567, ٠٧٧٠١٢٣٤٥٦٧, 009647701234567, 9647801112233 and +447911123456; "
            "EAAGm0PX4ZCpsBAJZC1234567890abcd")
    cleaned = redact(line)
    assert cleaned == ("POST https://api.telegram.org/bot[token]/sendMessage to [phone], [phone], [phone], [phone], "
                       "[phone], [phone] and [phone]; [token]")
    assert redact("event 12 at 2026-12-01 09:00, 30 seats, update 123456789") == (
        "event 12 at 2026-12-01 09:00, 30 seats, update 123456789")


def test_a_record_is_redacted_in_its_arguments_and_its_traceback(debug_logs: Captured) -> None:
    log = logging.getLogger("handlers.example")
    log.info("sending to %s", "+9647701234567")
    try:
        raise ValueError(f"bad URL https://api.telegram.org/bot{TOKEN}/getMe")
    except ValueError:
        log.exception("request failed")
    written = debug_logs.written.getvalue()
    assert "sending to [phone]" in written and "bot[token]/getMe" in written
    assert "9647701234567" not in written and TOKEN not in written
