"""The pages of a long WhatsApp menu live in the database: «المزيد» works after a restart.

A person asks to change their governorate (19 choices: nine, then «المزيد»); the bot process
that showed the list stops, and another one, on the same database, receives the press on
«المزيد». It shows the next page. Someone else's «المزيد», or one older than an hour, gets
the polite "this list has expired" note and the main menu instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from bot.webserver import WHATSAPP_PATH, build_app
from bot.whatsapp import GraphClient, WhatsAppAdapter, WhatsAppChannel, add_whatsapp_routes
from bot.whatsapp.pager import PAGES_PER_PERSON, Pager
from handlers.core import BotCore, CoreConfig
from handlers.types import Option
from scheduler.jobs import run_tick
from storage.clock import utcnow
from storage.db import Database
from storage.models import Contact, Identity, ListPage
from tests.fakes.fake_whatsapp import FakeWhatsAppServer, WebhookPayloads, signed_request

APP_SECRET = "test-app-secret"
WA_ID = "9647701234567"
OTHER_WA_ID = "9647809876543"
PAYLOADS = WebhookPayloads()
EXPIRED = "انتهت صلاحية"
MAIN_MENU = "القائمة الرئيسية — ماذا"


@dataclass
class BotProcess:
    """One bot process's WhatsApp side: its own Database object, core, channel, pager and webhook."""

    core: BotCore
    adapter: WhatsAppAdapter
    http: TestClient

    async def press(self, wa_id: str, row_id: str, title: str) -> None:
        """The person picks a row of a list (signed like Meta); waits until it is answered."""
        body, headers = signed_request(PAYLOADS.list_reply(wa_id, row_id, title), APP_SECRET)
        response = await self.http.post(WHATSAPP_PATH, data=body, headers=headers)
        assert response.status == 200
        await self.adapter.idle()


@asynccontextmanager
async def bot_process(url: str, wa: FakeWhatsAppServer) -> AsyncIterator[BotProcess]:
    """Start a bot on the database at `url` and stop it (connections closed) at the end."""
    db = Database(url)
    core = await BotCore.create(db, CoreConfig(secret_key="test-secret"))
    channel = WhatsAppChannel(GraphClient(wa.base_url, wa.phone_number_id, wa.access_token), pager=Pager(db))
    adapter = WhatsAppAdapter(core, channel)
    app = build_app()
    add_whatsapp_routes(app, adapter, app_secret=APP_SECRET, verify_token="verify")
    try:
        async with TestClient(TestServer(app)) as http:
            yield BotProcess(core, adapter, http)
        await adapter.stop()
    finally:
        await db.dispose()


async def known_person(db: Database, wa_id: str) -> int:
    """A WhatsApp person who already consented and chose Baghdad; returns the contact id."""
    async with db.transaction() as session:
        contact = Contact(language="ar", interests=[], state={}, consent_at=utcnow(), governorate="baghdad",
                          phone_e164=f"+{wa_id}")
        session.add(contact)
        await session.flush()
        session.add(Identity(contact_id=contact.id, channel="whatsapp", external_id=wa_id, last_inbound_at=utcnow()))
        return contact.id


async def governorate_list(bot: BotProcess, wa: FakeWhatsAppServer, wa_id: str,
                          contact_id: int) -> list[tuple[str, str]]:
    """The person opens «تغيير المحافظة»; returns the first list page's rows (id, title)."""
    await bot.press(wa_id, bot.core.codec.encode(contact_id, "sg"), "تغيير المحافظة")
    rows = wa.last_options(wa_id)
    assert len(rows) == 10 and rows[-1][1] == "المزيد"
    return rows


async def page_rows(db: Database) -> int:
    """How many list pages are kept."""
    async with db.transaction() as session:
        return await session.scalar(select(func.count()).select_from(ListPage)) or 0


async def test_more_pressed_after_a_restart_shows_the_next_page(db: Database) -> None:
    contact_id = await known_person(db, WA_ID)
    async with FakeWhatsAppServer() as wa:
        async with bot_process(db.url, wa) as before:
            first = await governorate_list(before, wa, WA_ID, contact_id)
        # The process that showed the list is gone; a new one answers «المزيد».
        async with bot_process(db.url, wa) as after:
            await after.press(WA_ID, first[-1][0], "المزيد")
            second = wa.last_options(WA_ID)
            assert len(second) == 10 and second[-1][1] == "حلبجة"
            assert "الصفحة ٢ من ٢" in wa.texts(WA_ID)[-1]
            assert not any(EXPIRED in text for text in wa.texts(WA_ID))
            # A choice from the page that survived the restart works like any other.
            kirkuk = next(row_id for row_id, title in second if title == "كركوك")
            await after.press(WA_ID, kirkuk, "كركوك")
            assert any("تم حفظ محافظتك: كركوك" in text for text in wa.texts(WA_ID))
        assert not wa.internal_errors


async def test_someone_elses_more_gets_the_list_expired_note_and_the_menu(db: Database) -> None:
    contact_id = await known_person(db, WA_ID)
    await known_person(db, OTHER_WA_ID)
    async with FakeWhatsAppServer() as wa:
        async with bot_process(db.url, wa) as bot:
            first = await governorate_list(bot, wa, WA_ID, contact_id)
            # The row id reached another person (forwarded, guessed): it shows them nothing of it.
            await bot.press(OTHER_WA_ID, first[-1][0], "المزيد")
        texts = wa.texts(OTHER_WA_ID)
        assert EXPIRED in texts[0] and any(MAIN_MENU in text for text in texts[1:])
        assert all(title != "حلبجة" for _, title in wa.last_options(OTHER_WA_ID))
        assert not wa.internal_errors


async def test_more_older_than_an_hour_gets_the_list_expired_note_and_is_cleaned_up(
    db: Database, clock  # type: ignore[no-untyped-def]
) -> None:
    contact_id = await known_person(db, WA_ID)
    async with FakeWhatsAppServer() as wa:
        async with bot_process(db.url, wa) as bot:
            first = await governorate_list(bot, wa, WA_ID, contact_id)
            assert await page_rows(db) == 1
            clock.advance(minutes=61)
            before = len(wa.texts(WA_ID))
            await bot.press(WA_ID, first[-1][0], "المزيد")
        texts = wa.texts(WA_ID)[before:]
        assert EXPIRED in texts[0] and any(MAIN_MENU in text for text in texts[1:])
        assert not wa.internal_errors
    # The scheduler's tick deletes pages whose hour is up.
    await run_tick(db)
    assert await page_rows(db) == 0


async def test_a_person_keeps_their_newest_eight_pages(db: Database) -> None:
    pager = Pager(db)
    options = [Option(f"gv.{n}", f"محافظة {n}") for n in range(10)]
    row_ids = [await pager.stash(WA_ID, options, 2, 2) for _ in range(PAGES_PER_PERSON + 2)]
    other = await pager.stash(OTHER_WA_ID, options, 2, 2)
    assert await page_rows(db) == PAGES_PER_PERSON + 1
    assert [await pager.take(WA_ID, row_id) for row_id in row_ids[:2]] == [None, None], "the oldest were dropped"
    newest = await pager.take(WA_ID, row_ids[-1])
    assert newest is not None and newest.options == options and (newest.page, newest.pages) == (2, 2)
    assert await pager.take(OTHER_WA_ID, other) is not None, "another person's pages are their own"
    assert await pager.take(WA_ID, "wa-more:" + "x" * 12) is None
    # Pressing the same «المزيد» twice shows the same page twice.
    assert await pager.take(WA_ID, row_ids[-1]) == newest
