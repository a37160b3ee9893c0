"""The 24-hour window and the error vocabulary of WhatsApp sends, against the fake Graph API.

What the bot starts on its own (reminders, survey invitations, announcements) may only be a
free-form message within 24 hours of the person's last message; after that it is an approved
template, or `needs_template` when none is configured — never silently dropped.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.channel import ContactStopped, NeedsTemplate, SendFailed, Throttled, Transient
from bot.whatsapp import channel as channel_module
from bot.whatsapp.channel import Templates, WhatsAppChannel, window_open
from bot.whatsapp.client import GraphClient
from bot.whatsapp.errors import map_graph_error
from bot.whatsapp.pager import Pager
from bot.whatsapp.render import TEMPLATE_PARAM_LIMIT
from handlers.core import BotCore
from handlers.types import Option, Outbound
from storage.clock import utcnow
from storage.db import Database
from storage.models import Contact, Delivery, Identity
from storage.services.outbox import enqueue
from storage.services.registration import register
from tests.arabic_samples import documents
from tests.fakes.fake_whatsapp import FakeWhatsAppServer
from tests.helpers import add_event

WA_ID = "9647701234567"
TEMPLATES = Templates(reminder="musharaka_reminder", survey="musharaka_survey",
                      announcement="musharaka_announcement", language="ar")
REMINDER = Outbound("تذكير: ندوة حوارية حول الانتخابات غداً\nالساعة ١٠:٠٠ صباحاً", [Option("rv.1~AbCdEfGh", "سأحضر")])


@pytest.fixture
async def wa() -> AsyncIterator[FakeWhatsAppServer]:
    """The fake Graph API."""
    async with FakeWhatsAppServer() as server:
        yield server
        assert not server.internal_errors


@pytest.fixture
def pager(db: Database) -> Pager:
    """Where a channel keeps the next pages of long menus: the test database."""
    return Pager(db)


def make_channel(wa: FakeWhatsAppServer, pager: Pager, templates: Templates | None = TEMPLATES) -> WhatsAppChannel:
    """A channel pointed at the fake, with the given templates."""
    return WhatsAppChannel(GraphClient(wa.base_url, wa.phone_number_id, wa.access_token), templates, pager=pager)


def hours_ago(hours: float):  # type: ignore[no-untyped-def]
    """A last-inbound time `hours` ago (naive UTC, like the database)."""
    return utcnow() - timedelta(hours=hours)


async def test_a_reminder_to_someone_last_seen_25_hours_ago_goes_out_as_the_template(wa: FakeWhatsAppServer,
                                                                                    pager: Pager) -> None:
    channel = make_channel(wa, pager)
    try:
        wamids = await channel.send(WA_ID, [REMINDER], purpose="reminder", last_inbound_at=hours_ago(25))
    finally:
        await channel.client.close()
    [message] = wa.messages(WA_ID)
    assert wamids == [wa.last_wamid(WA_ID)]
    assert message["type"] == "template"
    template = message["template"]
    assert template["name"] == "musharaka_reminder" and template["language"] == {"code": "ar"}
    [body] = template["components"]
    [parameter] = body["parameters"]
    # Template variables cannot hold line breaks: the text is flattened, words intact.
    assert parameter == {"type": "text", "text": "تذكير: ندوة حوارية حول الانتخابات غداً الساعة ١٠:٠٠ صباحاً"}


@pytest.mark.parametrize(("purpose", "template"), [("survey", "musharaka_survey"),
                                                  ("announcement", "musharaka_announcement")])
async def test_each_purpose_uses_its_own_template(wa: FakeWhatsAppServer, pager: Pager, purpose: str,
                                                  template: str) -> None:
    channel = make_channel(wa, pager)
    try:
        await channel.send(WA_ID, [Outbound("نص")], purpose=purpose, last_inbound_at=None)
    finally:
        await channel.client.close()
    assert wa.texts(WA_ID) == [f"template:{template}"]


async def test_inside_the_window_the_reminder_keeps_its_buttons(wa: FakeWhatsAppServer, pager: Pager) -> None:
    channel = make_channel(wa, pager)
    try:
        await channel.send(WA_ID, [REMINDER], purpose="reminder", last_inbound_at=hours_ago(2))
    finally:
        await channel.client.close()
    [message] = wa.messages(WA_ID)
    assert message["type"] == "interactive"
    assert wa.last_options(WA_ID) == [("rv.1~AbCdEfGh", "سأحضر")]


async def test_a_reply_is_never_a_template(wa: FakeWhatsAppServer, pager: Pager) -> None:
    channel = make_channel(wa, pager)
    try:
        await channel.send(WA_ID, [REMINDER], purpose="reply", last_inbound_at=hours_ago(25))
    finally:
        await channel.client.close()
    assert wa.messages(WA_ID)[0]["type"] == "interactive"


async def test_without_a_template_the_send_says_needs_template(wa: FakeWhatsAppServer, pager: Pager) -> None:
    channel = make_channel(wa, pager, Templates(survey="musharaka_survey"))
    try:
        with pytest.raises(NeedsTemplate):
            await channel.send(WA_ID, [REMINDER], purpose="reminder", last_inbound_at=hours_ago(25))
    finally:
        await channel.client.close()
    assert not wa.requests, "nothing is sent and nothing is dropped silently"


async def test_api_error_131047_means_needs_template(wa: FakeWhatsAppServer, pager: Pager) -> None:
    wa.fail_next(400, 131047)
    channel = make_channel(wa, pager, Templates())
    try:
        with pytest.raises(NeedsTemplate):
            await channel.send(WA_ID, [REMINDER], purpose="reminder", last_inbound_at=hours_ago(1))
    finally:
        await channel.client.close()


async def test_api_error_131047_falls_back_to_the_template_when_there_is_one(wa: FakeWhatsAppServer,
                                                                              pager: Pager) -> None:
    # Our clock said the window was open, Meta's did not: the same message goes as the template.
    wa.fail_next(400, 131047)
    channel = make_channel(wa, pager)
    try:
        await channel.send(WA_ID, [REMINDER], purpose="reminder", last_inbound_at=hours_ago(20))
    finally:
        await channel.client.close()
    assert wa.texts(WA_ID) == ["template:musharaka_reminder"]


@pytest.mark.parametrize("name", list(documents()))
async def test_the_template_variable_stays_short_with_a_whole_seed_text(wa: FakeWhatsAppServer, pager: Pager,
                                                                       name: str) -> None:
    seed = documents()[name]
    channel = make_channel(wa, pager)
    try:
        await channel.send(WA_ID, [Outbound(seed)], purpose="announcement", last_inbound_at=hours_ago(30))
    finally:
        await channel.client.close()
    text = wa.messages(WA_ID)[0]["template"]["components"][0]["parameters"][0]["text"]
    assert len(text) <= TEMPLATE_PARAM_LIMIT <= 1024
    assert "\n" not in text and text.endswith("…")
    # Cut at a word boundary: what is kept is a prefix of the flattened text, ending with a whole word.
    flat = " ".join(seed.split())
    kept = text.removesuffix("…")
    assert flat.startswith(kept) and not flat[len(kept)].isalnum()


ERROR_CASES = [
    ("429 rate limit", 429, 130429, Throttled),
    ("pair rate limit", 400, 131056, Throttled),
    ("server error", 500, 1, Transient),
    ("service unavailable", 503, 2, Transient),
    ("undeliverable", 400, 131026, ContactStopped),
    ("invalid parameter", 400, 100, SendFailed),
]


@pytest.mark.parametrize(("name", "status", "code", "expected"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
async def test_api_errors_map_to_the_shared_vocabulary(wa: FakeWhatsAppServer, pager: Pager, name: str, status: int,
                                                       code: int, expected: type[Exception]) -> None:
    wa.fail_next(status, code)
    channel = make_channel(wa, pager)
    try:
        with pytest.raises(expected) as caught:
            await channel.send(WA_ID, [Outbound("إعلان")], purpose="announcement", last_inbound_at=hours_ago(1))
    finally:
        await channel.client.close()
    assert f"#{code}" in str(caught.value), "the API's message is kept as the reason"
    if isinstance(caught.value, Throttled):
        assert caught.value.retry_after > 0


def test_retry_after_header_wins_over_the_default_wait() -> None:
    error = map_graph_error(429, {"error": {"code": 130429, "message": "(#130429) Rate limit hit"}}, "17")
    assert isinstance(error, Throttled) and error.retry_after == 17.0
    blocked = map_graph_error(400, {"error": {"code": 131045, "message": "Recipient has blocked this business"}})
    assert isinstance(blocked, ContactStopped)
    unknown = map_graph_error(502, None)
    assert isinstance(unknown, Transient)


async def test_an_unreachable_api_is_transient(pager: Pager) -> None:
    async with FakeWhatsAppServer() as wa:
        base_url = wa.base_url
    channel = WhatsAppChannel(GraphClient(base_url, "PNID1", "WA-TOKEN", timeout=2), pager=pager)
    try:
        with pytest.raises(Transient):
            await channel.send(WA_ID, [Outbound("نص")], purpose="reminder", last_inbound_at=hours_ago(1))
    finally:
        await channel.client.close()


async def test_a_direct_reply_is_retried_after_a_short_throttle(wa: FakeWhatsAppServer, pager: Pager,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(channel_module, "MAX_RETRY_WAIT", 0.01)
    wa.fail_next(429, 130429)
    channel = make_channel(wa, pager)
    try:
        await channel.reply(WA_ID, [Outbound("أهلاً")])
    finally:
        await channel.client.close()
    assert wa.texts(WA_ID) == ["أهلاً"]
    assert len(wa.requests) == 2


def test_the_window_closes_a_little_before_24_hours() -> None:
    now = utcnow()
    assert window_open(now - timedelta(hours=23), now)
    assert not window_open(now - timedelta(hours=24), now)
    assert not window_open(now - timedelta(hours=25), now)
    assert not window_open(None, now)


# ---------------------------------------------------------------- through the outbox sender

async def _whatsapp_registrant(core: BotCore, last_seen_hours: float) -> int:
    event_id = await add_event(core.db, title="ندوة حوارية حول الانتخابات", starts_at=utcnow() + timedelta(hours=20))
    async with core.db.transaction() as session:
        contact = Contact(language="ar", interests=[], state={}, consent_at=utcnow(), governorate="baghdad")
        session.add(contact)
        await session.flush()
        session.add(Identity(contact_id=contact.id, channel="whatsapp", external_id=WA_ID,
                             last_inbound_at=hours_ago(last_seen_hours)))
        outcome = await register(session, contact.id, event_id)
        assert outcome.registration is not None
        await enqueue(session, purpose=f"reminder:24:reg:{outcome.registration.id}", kind="reminder",
                      contact_id=contact.id, payload={"registration_id": outcome.registration.id, "hours": 24})
        return contact.id


@pytest.mark.parametrize(("templates", "state", "texts"), [
    (TEMPLATES, "sent", ["template:musharaka_reminder"]),
    (Templates(), "needs_template", []),
], ids=["with a template", "without a template"])
async def test_the_outbox_sends_the_template_or_records_needs_template(
        core: BotCore, wa: FakeWhatsAppServer, pager: Pager, templates: Templates, state: str,
        texts: list[str]) -> None:
    sender_module = pytest.importorskip("scheduler.sender")
    contact_id = await _whatsapp_registrant(core, last_seen_hours=25)
    channel = make_channel(wa, pager, templates)
    try:
        await sender_module.Sender(core, {"whatsapp": channel}).drain()
    finally:
        await channel.client.close()
    async with core.db.transaction() as session:
        delivery = await session.scalar(select(Delivery).where(Delivery.contact_id == contact_id))
    assert delivery is not None and delivery.state == state
    assert wa.texts(WA_ID) == texts
    if state == "sent":
        assert delivery.platform_message_id == wa.last_wamid(WA_ID)
