"""Least data: before consent the bot keeps the chat's id and what the person came with, nothing else.

No name (Telegram first name, WhatsApp profile name), no phone number on the contact (on
WhatsApp it is kept from consent on, because it is the address), no settings. «delete my
data» and the stop words work before consent; people who never consent are deleted after
UNCONSENTED_RETENTION_DAYS. (The audit log after «delete my data»: test_audit_pseudonyms.py.)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select
from telegram import Update

from bot.runner import RunningBot, start_bot
from bot.settings import Settings
from bot.telegram import parse_update
from handlers.core import BotCore
from handlers.types import Inbound, InboundKind
from messages import catalog
from scheduler.jobs import run_tick
from scheduler.runner import tick_options
from storage.clock import utcnow
from storage.db import Database
from storage.models import AuditLog, Base, Contact, Identity, InboxItem, Registration, Staff
from storage.services.contacts import get_or_create_identity
from storage.services.staff import add_organization, create_invite, grant_role
from tests.conftest import FakeClock, database_url, fresh_database
from tests.fakes.fake_telegram import FakeTelegramServer
from tests.fakes.fake_whatsapp import FakeWhatsAppServer, signed_request
from tests.helpers import Person, add_event

TITLE = "ندوة حوارية حول قانون الانتخابات"
TG_USER = 5551
TG_NAME = "زينب"
WA_ID = "9647701234567"
WA_NAME = "زينب عبد الحسين"
APP_SECRET = "least-data-app-secret"


# --- helpers -------------------------------------------------------------------------------------


async def everything_stored(db: Database) -> str:
    """Every value of every table as text: where a name or a number would show if it were kept."""
    async with db.transaction() as session:
        rows = []
        for table in Base.metadata.sorted_tables:
            rows += [f"{table.name}: {tuple(row)!r}" for row in (await session.execute(select(table))).all()]
    return "\n".join(rows)


async def person_rows(db: Database, channel: str, external_id: str) -> tuple[Contact | None, list[Identity]]:
    """The contact behind a channel address, and all of that contact's identities."""
    async with db.transaction() as session:
        identity = await session.scalar(
            select(Identity).where(Identity.channel == channel, Identity.external_id == external_id))
        if identity is None:
            return None, []
        contact = await session.get(Contact, identity.contact_id)
        identities = (await session.scalars(select(Identity).where(Identity.contact_id == identity.contact_id))).all()
        return contact, list(identities)


async def count(db: Database, model: type) -> int:
    """How many rows a table has."""
    async with db.transaction() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def audit_rows(db: Database) -> list[AuditLog]:
    """The whole audit log, oldest first."""
    async with db.transaction() as session:
        return list((await session.scalars(select(AuditLog).order_by(AuditLog.id))).all())


async def until(check: Any, what: str, timeout: float = 10.0) -> None:
    """Wait until the async `check()` is true (work done by the bot's own tasks)."""
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def payloads_dropped(db: Database) -> bool:
    """True once every handled inbox row has dropped its raw payload (which holds names)."""
    async with db.transaction() as session:
        return not await session.scalar(select(func.count()).where(InboxItem.payload.is_not(None)))


# --- the pre-consent table: what a first message stores on each channel --------------------------


def conversation(state: dict | None) -> dict:
    """The conversation state, without the bot's memory of the options it last showed (labels and ids only)."""
    return {k: v for k, v in (state or {}).items() if k not in ("offered", "offered_menu")}


async def test_a_first_message_on_the_console_keeps_the_id_and_the_deep_link_only(core: BotCore,
                                                                                   clock: FakeClock) -> None:
    event_id = await add_event(core.db, title=TITLE, starts_at=clock.now + timedelta(days=3))
    person = Person(core, "amal")
    # An adapter that did pass a display name: it is still not stored.
    await person.send(Inbound("console", "amal", InboundKind.COMMAND, text=f"/start ev_{event_id}", command="start",
                              payload=f"ev_{event_id}", display_name="أمل الموسوي"))

    contact, identities = await person_rows(core.db, "console", "amal")
    assert contact is not None
    assert [(i.channel, i.external_id, i.display_name) for i in identities] == [("console", "amal", None)]
    assert (contact.consent_at, contact.phone_e164, contact.governorate, contact.interests, contact.language,
            contact.opted_out) == (None, None, None, [], "ar", False)
    assert contact.state == {"start_payload": f"ev_{event_id}"}
    assert "أمل الموسوي" not in await everything_stored(core.db)

    await person.choose("أوافق")
    replies = await person.choose("بغداد")
    assert TITLE in person.texts, "the deep link is opened once the person agreed"
    assert any("سجّلني" in o.label for r in replies for o in r.options)
    contact, _ = await person_rows(core.db, "console", "amal")
    assert contact is not None and conversation(contact.state) == {} and contact.phone_e164 is None


async def test_a_first_telegram_message_keeps_no_first_name(tmp_path: Path) -> None:
    db = await fresh_database(tmp_path)
    event_id = await add_event(db, title=TITLE, starts_at=utcnow() + timedelta(days=5))
    async with FakeTelegramServer("123456:least-data", max_poll_wait=0.2) as tg:
        running = await start_bot(Settings(DATABASE_URL=database_url(tmp_path), TELEGRAM_BOT_TOKEN="123456:least-data",
                                           TELEGRAM_API_BASE_URL=tg.base_url, MUSHARAKA_SECRET_KEY="least-data"))
        try:
            tg.push_raw(tg.build_command_update(TG_USER, "/start", f"ev_{event_id}", first_name=TG_NAME))
            await tg.wait_for("sendMessage", predicate=lambda r: "أهلاً بك" in str(r.params.get("text")))
            await until(lambda: payloads_dropped(db), "the update's payload to be dropped")

            contact, identities = await person_rows(db, "telegram", str(TG_USER))
            assert contact is not None and contact.consent_at is None and contact.phone_e164 is None
            assert [(i.external_id, i.display_name) for i in identities] == [(str(TG_USER), None)]
            assert contact.state == {"start_payload": f"ev_{event_id}"}
            assert TG_NAME not in await everything_stored(db)

            await press(tg, "أوافق")
            await tg.wait_for("editMessageText", predicate=lambda r: "اختر محافظتك" in str(r.params.get("text")))
            await press(tg, "بغداد")
            await until(lambda: _told(tg, TITLE), "the deep-linked event after consent")
            await until(lambda: payloads_dropped(db), "the payloads to be dropped")
            assert TG_NAME not in await everything_stored(db), "consent does not bring the name in either"
        finally:
            await running.stop()
    await db.dispose()


async def _told(tg: FakeTelegramServer, text: str) -> bool:
    return any(r.ok and text in str(r.params.get("text", "")) for r in tg.requests)


async def press(tg: FakeTelegramServer, label: str) -> None:
    """Press the button whose label contains `label` in the person's last keyboard."""
    buttons = [b for row in tg.last_keyboard(TG_USER) for b in row]
    chosen = next((b for b in buttons if label in b["text"]), None)
    assert chosen is not None, f"no button {label!r} in {[b['text'] for b in buttons]}"
    message = tg.last_message(TG_USER)
    tg.push_raw(tg.build_callback_update(TG_USER, chosen["callback_data"], message and message.get("message_id")))


@pytest.fixture
async def whatsapp(tmp_path: Path) -> AsyncIterator[tuple[FakeWhatsAppServer, RunningBot, str]]:
    """The bot with WhatsApp pointed at the fake Graph API; yields the fake, the bot and the webhook URL."""
    from tests.conftest import free_port

    db = await fresh_database(tmp_path)
    await db.dispose()
    async with FakeWhatsAppServer() as wa:
        port = free_port()
        running = await start_bot(Settings(
            DATABASE_URL=database_url(tmp_path), MUSHARAKA_SECRET_KEY="least-data",
            WHATSAPP_ACCESS_TOKEN=wa.access_token, WHATSAPP_PHONE_NUMBER_ID=wa.phone_number_id,
            WHATSAPP_APP_SECRET=APP_SECRET, WHATSAPP_VERIFY_TOKEN="least-data-verify",
            WHATSAPP_API_BASE_URL=wa.base_url, WEBHOOK_HOST="127.0.0.1", WEBHOOK_PORT=port))
        try:
            yield wa, running, f"http://127.0.0.1:{port}/whatsapp/webhook"
        finally:
            await running.stop()


async def post(url: str, payload: dict[str, Any]) -> None:
    """One signed webhook post, as Meta sends it."""
    body, headers = signed_request(payload, APP_SECRET)
    async with aiohttp.ClientSession() as http, http.post(url, data=body, headers=headers) as response:
        assert response.status == 200


async def wait_for_text(wa: FakeWhatsAppServer, contains: str, after: int = 0) -> dict[str, Any]:
    """The first message to the person, from index `after`, whose visible text contains `contains`."""
    found: dict[str, Any] = {}

    async def arrived() -> bool:
        for message in wa.sent_messages(WA_ID)[after:]:
            body = message.body
            text = body.get("text", {}).get("body") or body.get("interactive", {}).get("body", {}).get("text", "")
            if contains in text:
                found.update(body)
                return True
        return False

    await until(arrived, f"a message with {contains!r}")
    return found


async def test_a_first_whatsapp_message_keeps_no_profile_name_and_no_number_until_consent(whatsapp) -> None:  # type: ignore[no-untyped-def]
    wa, running, url = whatsapp
    await post(url, wa.text_message(WA_ID, "السلام عليكم", name=WA_NAME))
    welcome = await wait_for_text(wa, "أهلاً بك")
    assert "وهو رقمك" in welcome["interactive"]["body"]["text"], "the WhatsApp consent text says the number is kept"
    # A second message before consent: the number is still not kept.
    await post(url, wa.text_message(WA_ID, "مرحبا", name=WA_NAME))
    await until(lambda: _sent_at_least(wa, 2), "the second welcome")
    await until(lambda: payloads_dropped(running.db), "the payloads to be dropped")

    contact, identities = await person_rows(running.db, "whatsapp", WA_ID)
    assert contact is not None and contact.consent_at is None and contact.phone_e164 is None
    assert [(i.external_id, i.display_name) for i in identities] == [(WA_ID, None)]
    assert WA_NAME not in await everything_stored(running.db)

    option_id, title = next((i, t) for i, t in wa.last_options(WA_ID) if "أوافق" in t)
    sent = len(wa.sent_messages(WA_ID))
    await post(url, wa.button_reply(WA_ID, option_id, title))
    await wait_for_text(wa, "اختر محافظتك", after=sent)
    contact, _ = await person_rows(running.db, "whatsapp", WA_ID)
    assert contact is not None and contact.consent_at is not None
    assert contact.phone_e164 == f"+{WA_ID}", "from consent on the number is kept: it is the address"
    assert WA_NAME not in await everything_stored(running.db)


async def _sent_at_least(wa: FakeWhatsAppServer, n: int) -> bool:
    return len(wa.sent_messages(WA_ID)) >= n


async def test_an_invite_code_sent_before_consent_waits_until_the_person_agreed(core: BotCore,
                                                                                 clock: FakeClock) -> None:
    async with core.db.transaction() as session:
        organization = await add_organization(session, "جمعية المثال الأولى")
        invite = await create_invite(session, organization.id, "organizer", None, actor="cli:operator")
    person = Person(core, "rasha")

    replies = await person.command("join", invite.code)

    assert [r.text for r in replies] == [catalog.text("join-kept-until-consent"), catalog.text("welcome")]
    contact, _ = await person_rows(core.db, "console", "rasha")
    assert contact is not None and contact.state == {"join_code": invite.code}
    assert await count(core.db, Staff) == 0, "no role (no data about the person) before consent"
    await person.choose("أوافق")
    await person.choose("بغداد")
    assert "أهلاً بك في فريق «جمعية المثال الأولى»" in person.texts
    assert await count(core.db, Staff) == 1
    contact, _ = await person_rows(core.db, "console", "rasha")
    assert contact is not None and conversation(contact.state) == {}


async def test_a_typed_join_word_before_consent_is_kept_too(core: BotCore, clock: FakeClock) -> None:
    async with core.db.transaction() as session:
        organization = await add_organization(session, "منظمة تموز")
        invite = await create_invite(session, organization.id, "coordinator", None, actor="cli:operator")
    person = Person(core, "rasha")
    await person.text(f"انضمام {invite.code}")
    await person.onboard()  # /start again, then consent and governorate
    assert "أهلاً بك في فريق «منظمة تموز»" in person.texts


async def test_nobody_registers_before_consenting(core: BotCore, clock: FakeClock) -> None:
    event_id = await add_event(core.db, title=TITLE, starts_at=clock.now + timedelta(days=3))
    person = Person(core, "amal")
    await person.command("start")
    contact, _ = await person_rows(core.db, "console", "amal")
    assert contact is not None

    # Even a genuine, signed register option for this very person only shows the welcome.
    replies = await person.choose_id(core.codec.encode(contact.id, "rg", event_id))

    assert [r.text for r in replies] == [catalog.text("welcome")]
    assert await count(core.db, Registration) == 0


# --- delete and stop before consent ------------------------------------------------------------------


@pytest.mark.parametrize(("channel", "external_id"), [("console", "amal"), ("telegram", "5551"), ("whatsapp", WA_ID)])
async def test_delete_my_data_before_consent_deletes_at_once(core: BotCore, clock: FakeClock, channel: str,
                                                             external_id: str) -> None:
    person = Person(core, external_id, channel)
    await person.command("start", "ev_3")

    replies = await person.text("حذف بياناتي")

    assert [r.text for r in replies] == [catalog.text("deleted-before-consent")]
    assert await count(core.db, Contact) == 0 and await count(core.db, Identity) == 0
    again = await person.text("مرحبا")
    assert "أهلاً بك" in again[0].text, "writing again starts from the beginning"


@pytest.mark.parametrize("how", ["إيقاف", "/stop"])
async def test_stop_before_consent_is_recorded_and_says_the_id_is_kept(core: BotCore, clock: FakeClock,
                                                                       how: str) -> None:
    person = Person(core, "amal")
    await person.command("start")

    if how.startswith("/"):
        replies = await person.command(how[1:])
    else:
        replies = await person.text(how)

    assert [r.text for r in replies] == [catalog.text("optout-before-consent")]
    assert "نحتفظ بمعرّف هذه المحادثة فقط" in replies[0].text
    contact, identities = await person_rows(core.db, "console", "amal")
    assert contact is not None and contact.opted_out and contact.consent_at is None and len(identities) == 1
    # Agreeing later does not undo the stop: announcements stay off until they say 'subscribe'.
    await person.onboard()
    contact, _ = await person_rows(core.db, "console", "amal")
    assert contact is not None and contact.opted_out and contact.consent_at is not None


# --- the purge of people who never consented -------------------------------------------------------------


async def test_people_who_never_consent_are_deleted_after_seven_silent_days(core: BotCore, clock: FakeClock) -> None:
    await Person(core, "silent-8").command("start", "ev_1")
    agreed = Person(core, "agreed")
    await agreed.onboard()
    async with core.db.transaction() as session:
        organization = await add_organization(session, "جمعية المثال الأولى")
        # Named by `musharaka staff add` before they ever wrote: a role, no consent yet.
        _, boss, _ = await get_or_create_identity(session, "console", "boss")
        await grant_role(session, organization.id, boss.id, "admin", actor="cli:operator")
    clock.advance(days=2)
    await Person(core, "silent-6").command("start")
    clock.advance(days=6, hours=1)

    result = await run_tick(core.db)

    assert result.purged == 1
    async with core.db.transaction() as session:
        left = set((await session.scalars(select(Identity.external_id))).all())
    assert left == {"silent-6", "agreed", "boss"}
    purges = [row for row in await audit_rows(core.db) if row.action == "contact.purge-unconsented"]
    assert [(row.actor, row.details) for row in purges] == [("system", {"count": 1, "days": 7})]

    clock.advance(days=1)
    assert (await run_tick(core.db)).purged == 1, "six days plus one more: the other one goes too"
    assert await count(core.db, Contact) == 2


async def test_writing_again_restarts_the_seven_days(core: BotCore, clock: FakeClock) -> None:
    person = Person(core, "amal")
    await person.command("start")
    clock.advance(days=5)
    await person.text("مرحبا")
    clock.advance(days=5)

    assert (await run_tick(core.db)).purged == 0
    assert await count(core.db, Contact) == 1


async def test_the_retention_is_a_setting(core: BotCore, clock: FakeClock) -> None:
    settings = Settings(UNCONSENTED_RETENTION_DAYS="3")
    await Person(core, "amal").command("start")
    clock.advance(days=4)

    assert (await run_tick(core.db, **tick_options(settings))).purged == 1
    assert await count(core.db, Identity) == 0


async def test_telegram_updates_never_carry_a_name_into_the_core() -> None:
    async with FakeTelegramServer() as tg:
        for raw in (tg.build_command_update(TG_USER, "/start", first_name=TG_NAME),
                    tg.build_text_update(TG_USER, "مرحبا", first_name=TG_NAME),
                    tg.build_callback_update(TG_USER, "ok.1~x", first_name=TG_NAME)):
            inbound = parse_update(Update.de_json(raw, None))
            assert inbound is not None and inbound.display_name is None
