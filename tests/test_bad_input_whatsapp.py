"""Hostile input over the real WhatsApp webhook: every awkward text gets a polite reply within limits."""

from __future__ import annotations

import aiohttp

from messages import catalog
from tests.corpus import corpus
from tests.fakes.fake_whatsapp import FakeWhatsAppServer, signed_request
from tests.test_whatsapp_e2e import APP_SECRET, start_whatsapp_bot, visible


async def test_every_awkward_text_gets_a_polite_reply_on_whatsapp(tmp_path) -> None:
    cases = corpus()
    async with FakeWhatsAppServer() as wa:
        running, url = await start_whatsapp_bot(tmp_path, wa)
        try:
            async with aiohttp.ClientSession() as http:
                for index, text in enumerate(cases.values()):
                    body, headers = signed_request(wa.text_message(f"96477000{index:05d}", text), APP_SECRET)
                    async with http.post(url, data=body, headers=headers) as response:
                        assert response.status == 200
            await wa.wait_for_messages(len(cases), timeout=30)
        finally:
            await running.stop()
        people = {m.to for m in wa.sent_messages()}
        assert len(people) == len(cases)
        seen = [visible(m.body) for m in wa.sent_messages()]
        assert all(catalog.text("error-generic") not in text for text in seen)
        rejected = [r for r in wa.requests if r.path.endswith("/messages") and r.status != 200]
        assert rejected == []
        assert not wa.internal_errors
