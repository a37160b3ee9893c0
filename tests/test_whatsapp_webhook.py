"""The WhatsApp webhook, table by table over real-shaped Meta payloads (the fake's builders).

Each story posts a signed webhook to the real aiohttp routes, lets the background task run,
and looks at what the fake Graph API received and what the database holds.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from bot.webserver import WHATSAPP_PATH, build_app
from bot.whatsapp import GraphClient, WhatsAppAdapter, WhatsAppChannel, add_whatsapp_routes
from bot.whatsapp.pager import Pager
from bot.whatsapp.parse import parse_envelope
from handlers.core import BotCore
from handlers.types import InboundKind
from storage.clock import utcnow
from storage.models import Contact, Delivery, Identity, InboxItem
from tests.fakes.fake_whatsapp import FakeWhatsAppServer, WebhookPayloads, sign, signed_request

APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"
WA_ID = "9647701234567"
OTHER_WA_ID = "9647809876543"
PAYLOADS = WebhookPayloads()


@dataclass
class Harness:
    """The bot's WhatsApp routes on a test server, the fake Graph API, and the core behind them."""

    core: BotCore
    wa: FakeWhatsAppServer
    http: TestClient
    adapter: WhatsAppAdapter

    async def post(self, payload: dict[str, Any] | None = None, *, body: bytes | None = None,
                   headers: dict[str, str] | None = None) -> int:
        """POST a webhook (signed like Meta unless body/headers are given) and let it be handled."""
        if payload is not None:
            body, signed = signed_request(payload, APP_SECRET)
            headers = signed if headers is None else headers
        response = await self.http.post(WHATSAPP_PATH, data=body, headers=headers or {})
        await self.adapter.idle()
        return response.status

    async def count(self, model: type, *where: Any) -> int:
        """Rows of a table (that match `where`)."""
        async with self.core.db.transaction() as session:
            return await session.scalar(select(func.count()).select_from(model).where(*where)) or 0

    def texts(self, wa_id: str = WA_ID) -> list[str]:
        """What the person saw, in order."""
        return self.wa.texts(wa_id)


@pytest.fixture
async def harness(core: BotCore) -> AsyncIterator[Harness]:
    """A running webhook with a fresh database and a fake Graph API."""
    async with FakeWhatsAppServer() as wa:
        channel = WhatsAppChannel(GraphClient(wa.base_url, wa.phone_number_id, wa.access_token),
                                  pager=Pager(core.db))
        adapter = WhatsAppAdapter(core, channel)
        app = build_app()
        add_whatsapp_routes(app, adapter, app_secret=APP_SECRET, verify_token=VERIFY_TOKEN)
        async with TestClient(TestServer(app)) as http:
            yield Harness(core, wa, http, adapter)
        await adapter.stop()
        assert not wa.internal_errors


async def known_person(core: BotCore, wa_id: str = WA_ID) -> int:
    """A WhatsApp person who already consented and chose Baghdad; returns the contact id."""
    async with core.db.transaction() as session:
        contact = Contact(language="ar", interests=[], state={}, consent_at=utcnow(), governorate="baghdad",
                          phone_e164=f"+{wa_id}")
        session.add(contact)
        await session.flush()
        session.add(Identity(contact_id=contact.id, channel="whatsapp", external_id=wa_id, last_inbound_at=utcnow()))
        return contact.id


# ---------------------------------------------------------------- parsing, one payload per type

PARSE_CASES: list[tuple[str, Callable[[], dict[str, Any]], InboundKind, dict[str, Any]]] = [
    ("text", lambda: PAYLOADS.text_message(WA_ID, "مرحبا"), InboundKind.TEXT, {"text": "مرحبا"}),
    ("slash command", lambda: PAYLOADS.text_message(WA_ID, "/start"), InboundKind.COMMAND, {"command": "start"}),
    ("button_reply", lambda: PAYLOADS.button_reply(WA_ID, "rg.3~AbCdEfGh", "سجّلني ✅"), InboundKind.CHOICE,
     {"choice": "rg.3~AbCdEfGh"}),
    ("list_reply", lambda: PAYLOADS.list_reply(WA_ID, "gv.basra~AbCdEfGh", "البصرة"), InboundKind.CHOICE,
     {"choice": "gv.basra~AbCdEfGh"}),
    ("template button carrying an option id", lambda: PAYLOADS.template_button(WA_ID, "mm~AbCdEfGh", "القائمة"),
     InboundKind.CHOICE, {"choice": "mm~AbCdEfGh"}),
    ("static template button", lambda: PAYLOADS.template_button(WA_ID, "القائمة الرئيسية", "القائمة الرئيسية"),
     InboundKind.TEXT, {"text": "القائمة الرئيسية"}),
    ("image", lambda: PAYLOADS.image_message(WA_ID, caption="صورة القاعة"), InboundKind.UNSUPPORTED, {"text": ""}),
    ("location", lambda: PAYLOADS.location_message(WA_ID), InboundKind.UNSUPPORTED, {}),
    ("sticker", lambda: PAYLOADS.sticker_message(WA_ID), InboundKind.UNSUPPORTED, {}),
    ("reaction", lambda: PAYLOADS.reaction_message(WA_ID, "wamid.ours"), InboundKind.UNSUPPORTED, {}),
    ("unknown type", lambda: PAYLOADS.unknown_message(WA_ID), InboundKind.UNSUPPORTED, {}),
]


@pytest.mark.parametrize(("name", "build", "kind", "fields"), PARSE_CASES, ids=[c[0] for c in PARSE_CASES])
def test_every_message_type_becomes_a_neutral_inbound(name: str, build: Callable[[], dict[str, Any]],
                                                      kind: InboundKind, fields: dict[str, Any]) -> None:
    payload = build()
    [inbound] = parse_envelope(payload).messages
    wamid = payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
    assert (inbound.channel, inbound.external_id, inbound.kind, inbound.update_key) == ("whatsapp", WA_ID, kind, wamid)
    for field_name, value in fields.items():
        assert getattr(inbound, field_name) == value
    # Privacy: the profile name Meta sends is not kept.
    assert inbound.display_name is None


def test_statuses_become_status_updates_with_their_error() -> None:
    payload = PAYLOADS.combine(
        PAYLOADS.status_update(WA_ID, "wamid.A", "delivered"),
        PAYLOADS.status_update(WA_ID, "wamid.B", "failed", [{"code": 131047}]),
    )
    delivered, failed = parse_envelope(payload).statuses
    assert (delivered.message_id, delivered.status, delivered.error_code) == ("wamid.A", "delivered", None)
    assert (failed.message_id, failed.status, failed.error_code) == ("wamid.B", "failed", 131047)
    assert "Re-engagement" in (failed.error_title or "")


# ---------------------------------------------------------------- what the person gets back

REPLY_CASES: list[tuple[str, Callable[[dict[str, str]], dict[str, Any]], str]] = [
    ("typed menu word", lambda ids: PAYLOADS.text_message(WA_ID, "القائمة"), "القائمة الرئيسية — ماذا"),
    ("button_reply", lambda ids: PAYLOADS.button_reply(WA_ID, ids["my"], "تسجيلاتي"), "ليس لديك تسجيلات"),
    ("list_reply", lambda ids: PAYLOADS.list_reply(WA_ID, ids["st"], "الإعدادات"), "المحافظة: بغداد"),
    ("template button with an option id", lambda ids: PAYLOADS.template_button(WA_ID, ids["hp"], "المساعدة"),
     "بوت لمنظمات المجتمع المدني"),
    ("static template button", lambda ids: PAYLOADS.template_button(WA_ID, "القائمة الرئيسية", "القائمة الرئيسية"),
     "القائمة الرئيسية — ماذا"),
    ("image", lambda ids: PAYLOADS.image_message(WA_ID), "لم أفهم"),
    ("location", lambda ids: PAYLOADS.location_message(WA_ID), "لم أفهم"),
    ("sticker", lambda ids: PAYLOADS.sticker_message(WA_ID), "لم أفهم"),
    ("reaction", lambda ids: PAYLOADS.reaction_message(WA_ID, "wamid.ours"), "لم أفهم"),
    ("unknown type", lambda ids: PAYLOADS.unknown_message(WA_ID), "لم أفهم"),
    ("forged option id", lambda ids: PAYLOADS.button_reply(WA_ID, "cx.1~AAAAAAAA", "إلغاء"), "لم يعد متاحاً"),
]


@pytest.mark.parametrize(("name", "build", "expected"), REPLY_CASES, ids=[c[0] for c in REPLY_CASES])
async def test_a_known_person_gets_the_right_answer(harness: Harness, name: str,
                                                    build: Callable[[dict[str, str]], dict[str, Any]],
                                                    expected: str) -> None:
    contact_id = await known_person(harness.core)
    ids = {action: harness.core.codec.encode(contact_id, action) for action in ("my", "st", "hp")}
    assert await harness.post(build(ids)) == 200
    assert any(expected in text for text in harness.texts()), harness.texts()
    # Whatever arrived, the person is offered a way on (buttons or a list).
    assert harness.wa.last_options(WA_ID)


async def test_a_new_person_is_welcomed_and_their_number_waits_for_consent(harness: Harness) -> None:
    assert await harness.post(PAYLOADS.text_message(WA_ID, "السلام عليكم")) == 200
    [welcome] = harness.wa.messages(WA_ID)
    assert welcome["type"] == "interactive" and "أهلاً بك" in welcome["interactive"]["body"]["text"]
    # Consent first, then the other two languages, each written in its own language.
    assert [title for _, title in harness.wa.last_options(WA_ID)] == ["أوافق وأبدأ", "کوردی", "English"]
    async with harness.core.db.transaction() as session:
        contact = await session.scalar(select(Contact))
        identity = await session.scalar(select(Identity))
    # Least data: before consent only the identity (the wa_id is the address); the number is kept from consent on.
    assert contact is not None and contact.phone_e164 is None
    assert identity is not None and identity.display_name is None and identity.last_inbound_at is not None


async def test_several_messages_in_one_post_are_each_answered_in_order(harness: Harness) -> None:
    await known_person(harness.core)
    payload = PAYLOADS.combine(
        PAYLOADS.text_message(WA_ID, "القائمة"),
        PAYLOADS.text_message(OTHER_WA_ID, "مرحبا"),
        PAYLOADS.text_message(WA_ID, "تسجيلاتي"),
        PAYLOADS.sticker_message(WA_ID),
    )
    assert await harness.post(payload) == 200
    mine = harness.texts(WA_ID)
    menu = next(i for i, t in enumerate(mine) if "القائمة الرئيسية — ماذا" in t)
    empty = next(i for i, t in enumerate(mine) if "ليس لديك تسجيلات" in t)
    sorry = next(i for i, t in enumerate(mine) if "لم أفهم" in t)
    assert menu < empty < sorry
    assert any("أهلاً بك" in t for t in harness.texts(OTHER_WA_ID))
    assert await harness.count(InboxItem) == 4 and await harness.count(InboxItem, InboxItem.state == "done") == 4


async def test_the_same_wamid_twice_has_one_effect(harness: Harness) -> None:
    payload = PAYLOADS.text_message(WA_ID, "مرحبا", wamid="wamid.SAME")
    assert await harness.post(payload) == 200
    assert await harness.post(payload) == 200
    assert await harness.post(PAYLOADS.combine(payload, payload)) == 200
    assert len([t for t in harness.texts() if "أهلاً بك" in t]) == 1
    assert await harness.count(Contact) == 1
    assert await harness.count(InboxItem) == 1


async def test_a_stale_more_row_gets_a_polite_note_and_the_menu(harness: Harness) -> None:
    await known_person(harness.core)
    assert await harness.post(PAYLOADS.list_reply(WA_ID, "wa-more:gone", "المزيد")) == 200
    texts = harness.texts()
    assert "انتهت صلاحية" in texts[0]
    assert any("القائمة الرئيسية — ماذا" in t for t in texts[1:])


async def test_more_shows_the_rest_of_a_long_menu(harness: Harness) -> None:
    contact_id = await known_person(harness.core)
    change = harness.core.codec.encode(contact_id, "sg")
    assert await harness.post(PAYLOADS.list_reply(WA_ID, change, "تغيير المحافظة")) == 200
    first = harness.wa.last_options(WA_ID)
    assert len(first) == 10 and first[-1][1] == "المزيد"
    assert [title for _, title in first[:3]] == ["بغداد", "البصرة", "نينوى"]
    assert await harness.post(PAYLOADS.list_reply(WA_ID, first[-1][0], "المزيد")) == 200
    second = harness.wa.last_options(WA_ID)
    assert len(second) == 10 and second[-1][1] == "حلبجة"
    assert "الصفحة ٢ من ٢" in harness.texts()[-1]
    # Picking from the second page works like any option.
    kirkuk = next(row_id for row_id, title in second if title == "كركوك")
    assert await harness.post(PAYLOADS.list_reply(WA_ID, kirkuk, "كركوك")) == 200
    assert any("تم حفظ محافظتك: كركوك" in t for t in harness.texts())


# ---------------------------------------------------------------- statuses -> deliveries

STATUS_CASES: list[tuple[str, str, str, list[dict[str, Any]] | None, str, str | None]] = [
    # (name, state before, status, errors, state after, text expected in last_error)
    ("sent", "sent", "sent", None, "sent", None),
    ("delivered", "sent", "delivered", None, "sent", None),
    ("read", "sent", "read", None, "sent", None),
    ("delivered confirms a send left unknown", "unknown", "delivered", None, "sent", None),
    ("failed: undeliverable", "sent", "failed", [{"code": 131026}], "failed", "131026"),
    ("failed: window closed", "sent", "failed", [{"code": 131047}], "needs_template", "131047"),
]


@pytest.mark.parametrize(("name", "before", "status", "errors", "after", "error_text"), STATUS_CASES,
                         ids=[c[0] for c in STATUS_CASES])
async def test_statuses_update_the_matching_delivery(harness: Harness, name: str, before: str, status: str,
                                                     errors: list[dict[str, Any]] | None, after: str,
                                                     error_text: str | None) -> None:
    contact_id = await known_person(harness.core)
    async with harness.core.db.transaction() as session:
        for purpose, wamid in (("broadcast:1", "wamid.OURS"), ("broadcast:2", "wamid.OTHER")):
            session.add(Delivery(purpose=purpose, kind="broadcast", contact_id=contact_id, state=before,
                                 platform_message_id=wamid))
    assert await harness.post(PAYLOADS.status_update(WA_ID, "wamid.OURS", status, errors)) == 200
    async with harness.core.db.transaction() as session:
        ours = await session.scalar(select(Delivery).where(Delivery.platform_message_id == "wamid.OURS"))
        other = await session.scalar(select(Delivery).where(Delivery.platform_message_id == "wamid.OTHER"))
    assert ours is not None and other is not None
    assert ours.state == after
    if error_text:
        assert error_text in (ours.last_error or "")
    assert other.state == before, "only the matching delivery changes"
    assert not harness.wa.messages(), "a status is not a message: nobody is answered"


async def test_a_status_of_a_direct_reply_changes_nothing(harness: Harness) -> None:
    assert await harness.post(PAYLOADS.status_update(WA_ID, "wamid.UNKNOWN", "failed")) == 200
    assert await harness.count(Delivery) == 0


# ---------------------------------------------------------------- signature and verification

def _one_byte_changed(body: bytes) -> bytes:
    index = body.index("مرحبا".encode())
    return body[:index] + bytes([body[index] ^ 1]) + body[index + 1:]


SIGNATURE_CASES: list[tuple[str, Callable[[bytes], tuple[bytes, dict[str, str]]], int]] = [
    ("valid", lambda body: (body, {"X-Hub-Signature-256": sign(body, APP_SECRET)}), 200),
    ("missing", lambda body: (body, {}), 401),
    ("empty", lambda body: (body, {"X-Hub-Signature-256": ""}), 401),
    ("signed with another secret", lambda body: (body, {"X-Hub-Signature-256": sign(body, "not-the-secret")}), 403),
    ("without the sha256= prefix", lambda body: (body, {"X-Hub-Signature-256": sign(body, APP_SECRET)[7:]}), 403),
    ("body changed by one byte",
     lambda body: (_one_byte_changed(body), {"X-Hub-Signature-256": sign(body, APP_SECRET)}), 403),
    ("non-ASCII garbage", lambda body: (body, {"X-Hub-Signature-256": "sha256=ظظظ"}), 403),
]


@pytest.mark.parametrize(("name", "tamper", "status"), SIGNATURE_CASES, ids=[c[0] for c in SIGNATURE_CASES])
async def test_only_posts_signed_by_meta_are_read(harness: Harness, name: str,
                                                  tamper: Callable[[bytes], tuple[bytes, dict[str, str]]],
                                                  status: int) -> None:
    body, _ = signed_request(PAYLOADS.text_message(WA_ID, "مرحبا"), APP_SECRET)
    sent_body, headers = tamper(body)
    headers = {"Content-Type": "application/json", **headers}
    assert await harness.post(body=sent_body, headers=headers) == status
    stored = await harness.count(Contact) + await harness.count(InboxItem)
    if status == 200:
        assert stored == 2 and harness.wa.messages(WA_ID)
    else:
        assert stored == 0 and not harness.wa.requests, "a refused post stores and sends nothing"


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe", b"[1, 2]", b""], ids=["broken", "binary", "list", "empty"])
async def test_malformed_json_with_a_valid_signature_is_refused_and_logged(
        harness: Harness, body: bytes, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="bot.whatsapp")
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body, APP_SECRET)}
    assert await harness.post(body=body, headers=headers) == 400
    assert any(r.levelno == logging.WARNING and "whatsapp webhook" in r.getMessage() for r in caplog.records)
    assert await harness.count(InboxItem) == 0 and await harness.count(Contact) == 0


VERIFY_CASES: list[tuple[str, dict[str, str], int]] = [
    ("good token", {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}, 200),
    ("wrong token", {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1158201444"}, 403),
    ("wrong mode", {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"}, 403),
    ("no token", {"hub.mode": "subscribe", "hub.challenge": "1158201444"}, 403),
    ("no challenge", {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN}, 403),
]


@pytest.mark.parametrize(("name", "query", "status"), VERIFY_CASES, ids=[c[0] for c in VERIFY_CASES])
async def test_meta_verifies_the_webhook_with_the_token(harness: Harness, name: str, query: dict[str, str],
                                                        status: int) -> None:
    response = await harness.http.get(WHATSAPP_PATH, params=query)
    assert response.status == status
    if status == 200:
        assert await response.text() == query["hub.challenge"]


# ---------------------------------------------------------------- privacy

async def test_no_phone_number_and_no_message_text_in_info_logs(harness: Harness,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    secret_text = "رقمي السري ٤٤٢٢ وعنواني في الكرادة"
    await harness.post(PAYLOADS.text_message(WA_ID, secret_text, name="علي الكرادي"))
    consent = harness.wa.last_options(WA_ID)[0][0]
    await harness.post(PAYLOADS.button_reply(WA_ID, consent, "أوافق وأبدأ"))
    await harness.post(PAYLOADS.text_message(WA_ID, secret_text))
    await harness.post(PAYLOADS.image_message(WA_ID, caption=secret_text))
    harness.wa.fail_next(400, 131026, to=WA_ID)
    await harness.post(PAYLOADS.text_message(WA_ID, secret_text))
    await harness.post(PAYLOADS.status_update(WA_ID, "wamid.X", "failed", [{"code": 131026}]))
    body = json.dumps({"entry": secret_text}).encode()[:-3]
    await harness.post(body=body, headers={"X-Hub-Signature-256": sign(body, APP_SECRET)})
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records if r.levelno >= logging.INFO)
    assert logged, "the path does log (without personal data)"
    for private in (WA_ID, WA_ID[3:], f"+{WA_ID}", secret_text, "٤٤٢٢", "الكرادي"):
        assert private not in logged


async def test_an_oversized_post_is_refused_before_it_is_read(harness: Harness) -> None:
    from bot.webserver import MAX_BODY_BYTES

    body = b'{"entry": "' + b"x" * MAX_BODY_BYTES + b'"}'
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body, APP_SECRET)}
    assert await harness.post(body=body, headers=headers) == 413
    assert await harness.count(InboxItem) == 0
