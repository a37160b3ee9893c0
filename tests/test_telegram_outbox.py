"""The outbox's own Telegram client against the fake Bot API: the same requests as PTB, the same errors."""

from __future__ import annotations

import pytest

from bot.channel import ContactStopped, SendFailed, Throttled, Transient
from bot.settings import Settings
from bot.telegram import TelegramChannel, build_sender_bot, keyboard
from bot.telegram_outbox import TelegramOutbox, keyboard_dict, map_response
from handlers.types import Document, Option, Outbound
from tests.fakes.fake_telegram import FakeTelegramServer

TOKEN = "123:ABC"

REPLIES = [
    [Outbound("تذكير: موعدك غداً", [Option("rv.1~AAAA", "سأحضر ✅"), Option("cx.1~AAAA", "لن أتمكن من الحضور أبداً")])],
    [Outbound("أرسل رقمك", [Option("phone", "📱 مشاركة الرقم")], request_contact=True)],
    [Outbound("ن" * 5000, [Option("ok", "حسناً"), Option("no", "لا"), Option("later", "لاحقاً")])],
    [Outbound("القائمة"), Outbound("الملف", [Option("x", "تم")], document=Document("list.xlsx", b"PK\x03\x04data"))],
    [Outbound("ط" * 1100, document=Document("tickets.csv", b"a,b\n1,2\n"))],
]


def requests(tg: FakeTelegramServer) -> list[tuple[str, dict, dict]]:
    """What the fake received, without the chat (each client writes to its own)."""
    return [(r.method, {k: v for k, v in r.params.items() if k != "chat_id"},
             {k: (name, data) for k, (name, data) in r.files.items()}) for r in tg.requests if r.method != "getMe"]


@pytest.mark.parametrize("replies", REPLIES)
async def test_the_outbox_client_sends_what_the_ptb_channel_sends(replies: list[Outbound]) -> None:
    async with FakeTelegramServer(TOKEN) as tg:
        bot = build_sender_bot(TOKEN, tg.base_url)
        await bot.initialize()
        try:
            ptb_ids = await TelegramChannel(bot).send("501", replies)
        finally:
            await bot.shutdown()
        by_ptb = requests(tg)
        tg.clear()
        async with TelegramOutbox(TOKEN, tg.base_url) as outbox:
            ids = await outbox.send("502", replies)
        assert requests(tg) == by_ptb
        assert len(ids) == len(ptb_ids) and all(i.isdigit() for i in ids)


def test_keyboards_are_built_as_ptb_builds_them() -> None:
    for replies in REPLIES:
        for reply in replies:
            markup = keyboard(reply)
            assert keyboard_dict(reply) == (markup.to_dict() if markup is not None else None)


async def test_a_person_who_blocked_the_bot_stops_the_sends() -> None:
    async with FakeTelegramServer(TOKEN) as tg, TelegramOutbox(TOKEN, tg.base_url) as outbox:
        tg.block_user(77)
        with pytest.raises(ContactStopped, match="blocked"):
            await outbox.send("77", [Outbound("مرحباً")])


async def test_a_deactivated_account_stops_the_sends_too() -> None:
    async with FakeTelegramServer(TOKEN) as tg, TelegramOutbox(TOKEN, tg.base_url) as outbox:
        tg.fail_next("sendMessage", 403, "Forbidden: user is deactivated")
        with pytest.raises(ContactStopped, match="deactivated"):
            await outbox.send("78", [Outbound("مرحباً")])


async def test_too_many_requests_says_how_long_to_wait() -> None:
    async with FakeTelegramServer(TOKEN) as tg, TelegramOutbox(TOKEN, tg.base_url) as outbox:
        tg.fail_next("sendMessage", 429, retry_after=7)
        with pytest.raises(Throttled) as caught:
            await outbox.send("79", [Outbound("مرحباً")])
        assert caught.value.retry_after == 7.0


async def test_an_unknown_chat_is_a_permanent_failure_as_with_ptb() -> None:
    async with FakeTelegramServer(TOKEN) as tg, TelegramOutbox(TOKEN, tg.base_url) as outbox:
        tg.fail_next("sendMessage", 400, "Bad Request: chat not found")
        with pytest.raises(SendFailed, match="^Chat not found$"):
            await outbox.send("80", [Outbound("مرحباً")])


async def test_a_server_error_is_transient_and_keeps_its_status() -> None:
    async with FakeTelegramServer(TOKEN) as tg, TelegramOutbox(TOKEN, tg.base_url) as outbox:
        tg.fail_next("sendMessage", 502, "Bad Gateway")
        with pytest.raises(Transient) as caught:
            await outbox.send("81", [Outbound("مرحباً")])
        assert caught.value.status == 502


async def test_an_unreachable_server_is_transient_without_a_status() -> None:
    async with FakeTelegramServer(TOKEN) as tg:
        url = tg.base_url
    async with TelegramOutbox(TOKEN, url, connect_timeout=1) as outbox:
        with pytest.raises(Transient) as caught:
            await outbox.send("82", [Outbound("مرحباً")])
    assert caught.value.status is None


def test_error_answers_map_as_ptb_maps_them() -> None:
    assert isinstance(map_response(401, b'{"ok":false,"description":"Unauthorized"}'), SendFailed)
    assert isinstance(map_response(409, b'{"ok":false,"description":"Conflict"}'), SendFailed)
    migrated = map_response(400, b'{"ok":false,"description":"x","parameters":{"migrate_to_chat_id":-100}}')
    assert isinstance(migrated, SendFailed)
    unreadable = map_response(503, b"<html>busy</html>")
    assert isinstance(unreadable, Transient) and unreadable.status == 503
    throttled = map_response(400, b'{"ok":false,"description":"x","parameters":{"retry_after":3}}')
    assert isinstance(throttled, Throttled) and throttled.retry_after == 3.0


async def test_paid_broadcasts_are_allowed_on_every_outbox_send() -> None:
    async with FakeTelegramServer(TOKEN) as tg, TelegramOutbox(TOKEN, tg.base_url, paid_broadcast=True) as outbox:
        await outbox.send("83", [Outbound("إعلان"), Outbound("ملف", document=Document("a.csv", b"1"))])
        assert [r.params.get("allow_paid_broadcast") for r in tg.requests] == [True, True]


def test_paid_broadcasts_raise_the_default_telegram_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_PAID_BROADCAST", "1")
    monkeypatch.delenv("TELEGRAM_RATE_PER_SECOND", raising=False)
    assert Settings(_env_file=None).telegram_rate_per_second == 1000.0
    monkeypatch.setenv("TELEGRAM_RATE_PER_SECOND", "300")
    assert Settings(_env_file=None).telegram_rate_per_second == 300.0
    monkeypatch.delenv("TELEGRAM_PAID_BROADCAST")
    monkeypatch.delenv("TELEGRAM_RATE_PER_SECOND")
    assert Settings(_env_file=None).telegram_rate_per_second == 25.0
