"""The replies' Telegram client keeps Telegram's limits the way PTB's rate limiter did.

Replies to people no longer go through PTB's Bot (bot/telegram_api.py): the same 30 calls a
second in all, a 429 waited out and retried (at most twice), and errors in the delivery
vocabulary; the outbox sender's unlimited client leaves a 429 to its caller.
"""

from __future__ import annotations

import pytest

from bot.channel import ContactStopped, SendFailed, Throttled, Transient
from bot.telegram import TelegramChannel, api_base_urls
from bot.telegram_api import BotApi
from handlers.types import Option, Outbound
from tests.fakes.fake_telegram import FakeTelegramServer

TOKEN = "123:ABC"


def client(tg: FakeTelegramServer, *, limited: bool = True) -> TelegramChannel:
    """The replies' channel against the fake Bot API."""
    return TelegramChannel(BotApi(f"{api_base_urls(tg.base_url)[0]}{TOKEN}/", limited=limited))


async def test_replies_never_exceed_thirty_a_second_so_telegram_never_says_slow_down() -> None:
    async with FakeTelegramServer(TOKEN, enforce_rate_per_second=30) as tg:
        channel = client(tg)
        try:
            for person in range(45):
                await channel.send(str(7000 + person), [Outbound("مرحباً")])
        finally:
            await channel.close()
        sends = tg.calls("sendMessage")
        assert len(sends) == 45 and all(record.ok for record in sends)
        # 45 calls at 30 a second cannot all fit in the first second.
        assert sends[-1].time - sends[0].time >= 0.45


async def test_a_reply_told_to_wait_is_retried_after_the_time_telegram_gave() -> None:
    async with FakeTelegramServer(TOKEN) as tg:
        tg.fail_next("sendMessage", 429, retry_after=1)
        channel = client(tg)
        try:
            ids = await channel.send("7001", [Outbound("مرحباً", [Option("x:1", "نعم")])])
        finally:
            await channel.close()
        attempts = tg.calls("sendMessage")
        assert len(ids) == 1 and [record.ok for record in attempts] == [False, True]
        assert attempts[1].time - attempts[0].time >= 0.9
        assert attempts[1].params["reply_markup"] == {"inline_keyboard": [[{"text": "نعم", "callback_data": "x:1"}]]}


async def test_the_outbox_client_leaves_a_429_to_the_sender_that_paces_itself() -> None:
    async with FakeTelegramServer(TOKEN) as tg:
        tg.fail_next("sendMessage", 429, retry_after=5)
        channel = client(tg, limited=False)
        try:
            with pytest.raises(Throttled) as caught:
                await channel.send("7001", [Outbound("مرحباً")])
        finally:
            await channel.close()
        assert caught.value.retry_after == 5 and len(tg.calls("sendMessage")) == 1


async def test_a_person_who_blocked_the_bot_is_reported_as_stopped() -> None:
    async with FakeTelegramServer(TOKEN) as tg:
        tg.block_user(7002)
        channel = client(tg)
        try:
            with pytest.raises(ContactStopped):
                await channel.send("7002", [Outbound("مرحباً")])
        finally:
            await channel.close()


async def test_an_unchanged_message_counts_as_edited_and_a_missing_one_is_sent_anew() -> None:
    async with FakeTelegramServer(TOKEN) as tg:
        channel = client(tg)
        try:
            [first] = await channel.send("7003", [Outbound("القائمة", [Option("m:1", "الفعاليات")])])
            markup = {"inline_keyboard": [[{"text": "الفعاليات", "callback_data": "m:1"}]]}
            assert await channel.edit(7003, int(first), "القائمة", markup)  # not modified: already shows it
            assert await channel.edit(7003, int(first), "القائمة الجديدة", markup)
            assert not await channel.edit(7003, 999_999, "لا توجد", None)
        finally:
            await channel.close()
        assert tg.sent_texts(7003)[-1] == "القائمة الجديدة"


async def test_polling_reads_telegrams_refusals_and_slowdowns_in_the_delivery_vocabulary() -> None:
    from bot.telegram_polling import build_polling_bot

    async with FakeTelegramServer(TOKEN) as tg:
        bot = build_polling_bot(TOKEN, tg.base_url)
        try:
            tg.fail_next("getUpdates", 409, "Conflict: terminated by other getUpdates request")
            with pytest.raises(SendFailed, match="terminated by other getUpdates"):
                await bot.fetch_updates(None, 0)
            tg.fail_next("getUpdates", 429, retry_after=3)
            with pytest.raises(Throttled) as caught:
                await bot.fetch_updates(None, 0)
            assert caught.value.retry_after == 3
            tg.fail_next("getUpdates", 502)
            with pytest.raises(Transient):
                await bot.fetch_updates(None, 0)
            tg.push_text(7005, "مرحبا")
            [update] = await bot.fetch_updates(None, 0)
            assert update["message"]["text"] == "مرحبا"
        finally:
            await bot.shutdown()
