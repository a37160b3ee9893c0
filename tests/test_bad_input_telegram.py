"""Hostile input over the real Telegram adapter: awkward texts, malformed updates, oversized bodies."""

from __future__ import annotations

import aiohttp

from messages import catalog
from tests.corpus import corpus
from tests.fakes.fake_telegram import FakeTelegramServer
from tests.test_telegram_e2e import TOKEN, start_telegram_bot


async def test_every_awkward_text_gets_a_polite_reply_on_telegram(tmp_path) -> None:
    cases = corpus()
    async with FakeTelegramServer(TOKEN, max_poll_wait=0.2) as tg:
        running = await start_telegram_bot(tmp_path, tg, webhook=True)
        try:
            for index, text in enumerate(cases.values()):
                assert await tg.post_to_webhook(tg.build_text_update(9000 + index, text)) == 200
            await tg.wait_for("sendMessage", count=len(cases), timeout=30)
        finally:
            await running.stop()
        texts = tg.sent_texts()
        assert len(texts) == len(cases)
        assert all(catalog.text("error-generic") not in t for t in texts)
        assert all(r.ok for r in tg.requests if r.method == "sendMessage")


async def test_malformed_updates_are_rejected_and_the_server_keeps_serving(tmp_path, caplog) -> None:
    async with FakeTelegramServer(TOKEN, max_poll_wait=0.2) as tg:
        running = await start_telegram_bot(tmp_path, tg, webhook=True)
        headers = {"X-Telegram-Bot-Api-Secret-Token": tg.webhook_secret}
        bad_bodies = [
            b"", b"null", b"[]", b'{"update_id": "x"}', b'{"no_update_id": 1}',
            b'{"update_id": 1, "message": {"text": "no chat or sender"}}',
            b'{"update_id": 2, "message": {"message_id": 1, "date": 0, "chat": {"id": 5}}}',
            b'{"update_id": 3, "callback_query": {"id": "1"}}',
            b'{"update_id": 4, "some_future_update_type": {"x": 1}}',
            b"\xff\xfe not utf-8",
        ]
        try:
            async with aiohttp.ClientSession() as http:
                statuses = []
                for body in bad_bodies:
                    async with http.post(tg.webhook_url, data=body, headers=headers) as response:
                        statuses.append(response.status)
                async with http.post(tg.webhook_url, data=b"x" * (2 * 1024 * 1024), headers=headers) as response:
                    assert response.status == 413
                assert all(status in (200, 400) for status in statuses), statuses
                assert statuses[:5] == [400, 400, 400, 400, 400]
                # Still serving people after all that.
                assert await tg.post_to_webhook(tg.build_command_update(77, "/start")) == 200
                await tg.wait_for("sendMessage", predicate=lambda r: "أهلاً بك" in r.params.get("text", ""))
        finally:
            await running.stop()
