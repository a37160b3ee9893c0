"""End to end on WhatsApp: `musharaka run`'s machinery, signed webhooks in, a fake Graph API out.

The whole citizen story — greeting, consent, governorate from a paged list, events, register,
my registrations, cancel — asserted on the requests the fake Graph API receives. The fake
rejects anything over Meta's limits, so long Arabic titles from the test documents prove the rendering.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from bot.runner import RunningBot, start_bot
from bot.settings import Settings
from bot.whatsapp.pager import Pager
from bot.whatsapp.render import DocumentUpload, Stash, page_body, render_options, render_reply
from handlers.types import Document, Option, Outbound
from messages.textsplit import split_text
from storage.clock import utcnow
from storage.db import Database
from storage.models import Contact
from tests.arabic_samples import document_texts, samples
from tests.conftest import database_url, free_port, fresh_database
from tests.fakes.fake_whatsapp import FakeWhatsAppServer, signed_request, validate_message
from tests.helpers import add_event

APP_SECRET = "e2e-app-secret"
VERIFY_TOKEN = "e2e-verify-token"
PERSON = "9647701234567"
# The project's own long Arabic samples (tests/data/arabic), present on every clone.
SEED_TITLE_SOURCE = samples()["01_workshop_announcement"]
SEED_DESCRIPTION_SOURCE = samples()["02_closing_session_report"]


def long_seed_title() -> str:
    """The first sentence of a sample announcement, ~250 characters of Arabic: far over every WhatsApp limit."""
    first_line = SEED_TITLE_SOURCE.splitlines()[0]
    return split_text(first_line, 250)[0]


def visible(body: dict[str, Any]) -> str:
    """What the person sees of a message: its text, or «document:<file name>»."""
    kind = body["type"]
    if kind == "text":
        return body["text"]["body"]
    if kind == "interactive":
        return body["interactive"]["body"]["text"]
    if kind == "document":
        return f"document:{body['document'].get('filename', '')}"
    return f"{kind}:"


@dataclass
class WhatsAppPerson:
    """Plays the person's side: signed webhook posts in, the fake's recorded messages out."""

    wa: FakeWhatsAppServer
    webhook_url: str
    wa_id: str = PERSON
    # Only messages after the person's latest action count as answers to it.
    mark: int = 0

    async def _post(self, payload: dict[str, Any]) -> None:
        self.mark = len(self.wa.sent_messages(self.wa_id))
        body, headers = signed_request(payload, APP_SECRET)
        async with aiohttp.ClientSession() as http, http.post(self.webhook_url, data=body, headers=headers) as response:
            assert response.status == 200

    async def say(self, text: str) -> None:
        """Type a message."""
        await self._post(self.wa.text_message(self.wa_id, text))

    def last_interactive(self) -> dict[str, Any]:
        """The last buttons or list message the person got."""
        for body in reversed(self.wa.messages(self.wa_id)):
            if body["type"] == "interactive":
                return body["interactive"]
        raise AssertionError(f"no interactive message; got {self.wa.texts(self.wa_id)}")

    async def press(self, title_part: str) -> None:
        """Tap the button or list row whose title contains `title_part`."""
        interactive = self.last_interactive()
        options = self.wa.last_options(self.wa_id)
        found = next(((i, t) for i, t in options if title_part in t), None)
        assert found is not None, f"no option {title_part!r} among {[t for _, t in options]}"
        option_id, title = found
        if interactive["type"] == "button":
            await self._post(self.wa.button_reply(self.wa_id, option_id, title))
        else:
            await self._post(self.wa.list_reply(self.wa_id, option_id, title))

    async def expect(self, contains: str, timeout: float = 10.0) -> dict[str, Any]:
        """Wait for a new message whose visible text contains `contains`; return its body."""
        deadline = time.monotonic() + timeout
        while True:
            for body in self.fresh():
                if contains in visible(body):
                    return body
            if time.monotonic() > deadline:
                raise AssertionError(f"no message with {contains!r}; got {[visible(b)[:80] for b in self.fresh()]}")
            await asyncio.sleep(0.02)

    def fresh(self) -> list[dict[str, Any]]:
        """The bodies sent since the person's latest action."""
        return [m.body for m in self.wa.sent_messages(self.wa_id)[self.mark:]]


async def start_whatsapp_bot(tmp_path: Path, wa: FakeWhatsAppServer, *, port: int | None = None,
                             **extra_env: Any) -> tuple[RunningBot, str]:
    """Start the bot with WhatsApp pointed at the fake (plus `extra_env`); returns it and the webhook URL."""
    db = await fresh_database(tmp_path)
    starts = utcnow() + timedelta(days=5)
    # Over the 1024 characters of an interactive body (the catalog takes at most 2500 per value).
    description = split_text(SEED_DESCRIPTION_SOURCE, 2400)[0]
    await add_event(db, title=long_seed_title(), starts_at=starts, capacity=30, governorate="kirkuk",
                    description=description)
    await add_event(db, title="ورشة عمل: دور الشباب في الانتخابات", starts_at=starts + timedelta(days=1),
                    capacity=20, governorate="kirkuk", kind="workshop")
    await db.dispose()
    port = port or free_port()
    env: dict[str, Any] = {
        "DATABASE_URL": database_url(tmp_path),
        "MUSHARAKA_SECRET_KEY": "e2e-secret",
        "WHATSAPP_ACCESS_TOKEN": wa.access_token,
        "WHATSAPP_PHONE_NUMBER_ID": wa.phone_number_id,
        "WHATSAPP_APP_SECRET": APP_SECRET,
        "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
        "WHATSAPP_API_BASE_URL": wa.base_url,
        "WEBHOOK_HOST": "127.0.0.1",
        "WEBHOOK_PORT": port,
        **extra_env,
    }
    running = await start_bot(Settings(**env))
    return running, f"http://127.0.0.1:{port}/whatsapp/webhook"


@pytest.fixture
async def whatsapp_bot(tmp_path: Path) -> AsyncIterator[tuple[FakeWhatsAppServer, RunningBot, WhatsAppPerson]]:
    """The running bot, the fake Graph API and a person on WhatsApp."""
    async with FakeWhatsAppServer() as wa:
        running, url = await start_whatsapp_bot(tmp_path, wa)
        try:
            yield wa, running, WhatsAppPerson(wa, url)
        finally:
            await running.stop()
        assert not wa.internal_errors


async def test_citizen_registers_and_cancels_on_whatsapp(whatsapp_bot) -> None:  # type: ignore[no-untyped-def]
    wa, running, person = whatsapp_bot
    title = long_seed_title()

    await person.say("السلام عليكم")
    welcome = await person.expect("أهلاً بك")
    assert welcome["interactive"]["type"] == "button"
    await person.press("أوافق")

    # 19 governorates: nine rows and «المزيد», then the other ten.
    picker = await person.expect("اختر محافظتك")
    rows = picker["interactive"]["action"]["sections"][0]["rows"]
    assert [r["title"] for r in rows][:2] == ["بغداد", "البصرة"] and len(rows) == 10
    assert rows[-1]["title"] == "المزيد"
    assert picker["interactive"]["action"]["button"] == "اختر"
    await person.press("المزيد")
    second = await person.expect("الصفحة ٢ من ٢")
    assert [r["title"] for r in second["interactive"]["action"]["sections"][0]["rows"]][-1] == "حلبجة"
    await person.press("كركوك")
    await person.expect("تم حفظ محافظتك: كركوك")
    await person.expect("القائمة الرئيسية — ماذا")

    await person.press("الفعاليات القادمة")
    events = await person.expect("الفعاليات القادمة — كركوك")
    rows = events["interactive"]["action"]["sections"][0]["rows"]
    long_row = rows[0]
    # The long seed title: a row title cut at a word boundary, the rest in the description.
    assert len(long_row["title"]) <= 24 and long_row["title"].endswith("…")
    assert title.startswith(long_row["title"].removesuffix("…"))
    assert long_row["description"].startswith("…") and len(long_row["description"]) <= 72
    await person.press(long_row["title"])

    # The event card with a long seed description: the text first, then the buttons.
    await person.expect("اختر من الخيارات")
    card = person.fresh()
    assert [m["type"] for m in card] == ["text", "interactive"]
    assert "الجهة المنظمة" in card[0]["text"]["body"] and "بقي ٣٠ مقعداً" in card[0]["text"]["body"]
    assert card[1]["interactive"]["type"] == "button"
    await person.press("سجّلني")

    confirmed = await person.expect("رمز تذكرتك")
    ticket = confirmed["interactive"]["body"]["text"].split("رمز تذكرتك:")[1].split()[0]
    document = await person.expect("document:")
    assert document["document"]["filename"].endswith(".ics")
    [upload] = wa.uploads()
    assert upload.filename.endswith(".ics") and upload.id == document["document"]["id"]
    assert b"BEGIN:VCALENDAR" in upload.data

    await person.say("تسجيلاتي")
    mine = await person.expect(ticket)
    assert "مؤكد" in mine["interactive"]["body"]["text"]
    buttons = [b["reply"]["title"] for b in mine["interactive"]["action"]["buttons"]]
    # «إلغاء: <long title>» does not fit a button: numbered, the full label kept in the body; cancelling
    # comes last, after the ticket and the menu.
    assert buttons[0].startswith("١. 🎟 تذكرتي") and buttons[2].startswith("٣. إلغاء")
    assert all(len(b) <= 20 for b in buttons)
    assert "٣. إلغاء: " in mine["interactive"]["body"]["text"]
    await person.press("إلغاء")
    await person.expect("هل تريد إلغاء تسجيلك")
    await person.press("نعم")
    await person.expect("تم إلغاء تسجيلك")

    await person.say("تسجيلاتي")
    await person.expect("ليس لديك تسجيلات قادمة")

    # Every request the bot made was within Meta's limits, and the number is on the contact.
    rejected = [(r.path, r.response) for r in wa.requests if not r.ok]
    assert not rejected, rejected
    async with running.db.transaction() as session:
        contact = await session.scalar(select(Contact))
    assert contact is not None and contact.phone_e164 == f"+{PERSON}"


async def test_meta_can_verify_the_webhook_of_the_running_bot(whatsapp_bot) -> None:  # type: ignore[no-untyped-def]
    _, _, person = whatsapp_bot
    query = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "4242"}
    async with aiohttp.ClientSession() as http:
        async with http.get(person.webhook_url, params=query) as response:
            assert (response.status, await response.text()) == (200, "4242")
        async with http.get(person.webhook_url, params={**query, "hub.verify_token": "no"}) as response:
            assert response.status == 403
        async with http.get(person.webhook_url.replace("/whatsapp/webhook", "/healthz")) as response:
            assert response.status == 200


async def test_a_redelivered_webhook_has_one_effect(whatsapp_bot) -> None:  # type: ignore[no-untyped-def]
    wa, _, person = whatsapp_bot
    payload = wa.text_message(PERSON, "مرحبا", wamid="wamid.REDELIVERED")
    await person._post(payload)
    await person._post(payload)
    await person.say("مرحبا")
    await person.expect("أهلاً بك")
    await asyncio.sleep(0.3)
    assert len([t for t in wa.texts(PERSON) if "أهلاً بك" in t]) == 2  # one for the duplicate pair, one after


# ---------------------------------------------------------------- every shape within Meta's limits

def _seed_sentences() -> list[str]:
    words = " ".join(document_texts()).split()
    return [" ".join(words[i:i + 9 + i % 7]) for i in range(0, 400, 16)]


def _options(count: int) -> list[Option]:
    return [Option(f"ev.{i}~AbCdEfGh", label) for i, label in enumerate(_seed_sentences()[:count])]


SEED_001 = SEED_DESCRIPTION_SOURCE
# The samples, then the real seeds when present.
ALL_SEEDS = "\n\n".join(document_texts())
ALL_SEEDS_CHUNKS = len(split_text(ALL_SEEDS, 4096))
RENDER_CASES: list[tuple[str, Outbound, list[str]]] = [
    ("every seed as one long text", Outbound(ALL_SEEDS), ["text"] * ALL_SEEDS_CHUNKS),
    ("three long labels as numbered buttons", Outbound("اختر فعالية:", _options(3)), ["button"]),
    ("ten long labels as one list", Outbound("الفعاليات القادمة", _options(10)), ["list"]),
    ("a long body before a list", Outbound(ALL_SEEDS, _options(5)), ["text"] * ALL_SEEDS_CHUNKS + ["list"]),
    ("a long body before buttons", Outbound(SEED_001[:1500], _options(2)), ["text", "button"]),
    ("25 options: the first page", Outbound("اختر:", _options(25)), ["list"]),
]


def keep_in_memory(kept: list[list[Option]]) -> Stash:
    """A stash for rendering alone: the rest of a long list is only noted (the pager tests store it)."""

    async def stash(rest: list[Option], page: int, pages: int) -> str:
        kept.append(rest)
        return f"wa-more:page{len(kept)}"

    return stash


def _shape(body: dict[str, Any]) -> str:
    return body["interactive"]["type"] if body["type"] == "interactive" else body["type"]


@pytest.mark.parametrize(("name", "reply", "shapes"), RENDER_CASES, ids=[c[0] for c in RENDER_CASES])
async def test_long_arabic_content_fits_every_whatsapp_limit(name: str, reply: Outbound, shapes: list[str]) -> None:
    parts = await render_reply(reply, keep_in_memory([]))
    bodies = [p for p in parts if isinstance(p, dict)]
    assert [_shape(b) for b in bodies] == shapes
    for body in bodies:
        assert validate_message({"messaging_product": "whatsapp", "to": PERSON, **body}) is None
    # Split text loses nothing but whitespace.
    texts = [b["text"]["body"] for b in bodies if b["type"] == "text"]
    if texts:
        assert "".join("".join(texts).split()) == "".join(reply.text.split())
    # Shortened titles are a prefix of their label cut at a word boundary, never mid-word.
    labels = {o.id: " ".join(o.label.split()) for o in reply.options}
    for option_id, title in _titles(bodies):
        label = labels.get(option_id)
        if label is None or title == label:
            continue
        head = title.removesuffix("…").split(". ", 1)[-1]
        assert title.endswith("…") and label.startswith(head) and not label[len(head)].isalnum()


def _titles(bodies: list[dict[str, Any]]) -> list[tuple[str, str]]:
    found = []
    for body in bodies:
        if body["type"] != "interactive":
            continue
        action = body["interactive"]["action"]
        found += [(b["reply"]["id"], b["reply"]["title"]) for b in action.get("buttons", [])]
        found += [(r["id"], r["title"]) for s in action.get("sections", []) for r in s["rows"]]
    return found


async def test_25_options_page_through_three_lists(db: Database) -> None:
    pager = Pager(db)

    async def stash(rest: list[Option], page: int, pages: int) -> str:
        return await pager.stash(PERSON, rest, page, pages)

    options = _options(25)
    seen: list[str] = []
    parts = await render_options("اختر:", options, stash)
    for expected_page in (2, 3):
        rows = _titles([p for p in parts if isinstance(p, dict)])
        assert rows[-1][1] == "المزيد"
        seen += [row_id for row_id, _ in rows[:-1]]
        page = await pager.take(PERSON, rows[-1][0])
        assert page is not None and (page.page, page.pages) == (expected_page, 3)
        assert await pager.take("9647800000000", rows[-1][0]) is None, "another person's «المزيد» shows nothing"
        parts = await render_options(page_body(page.page, page.pages), page.options, stash, page=page.page)
    seen += [row_id for row_id, _ in _titles([p for p in parts if isinstance(p, dict)])]
    assert seen == [o.id for o in options]


async def test_a_document_with_a_long_caption_sends_the_text_first() -> None:
    reply = Outbound(SEED_001[:1500], document=Document("تسجيلات.csv", b"a,b\n", "text/csv"))
    kept: list[list[Option]] = []
    parts = await render_reply(reply, keep_in_memory(kept))
    assert kept == [], "no list, nothing kept for «المزيد»"
    assert [type(p).__name__ for p in parts] == ["dict", "DocumentUpload"]
    upload = parts[-1]
    assert isinstance(upload, DocumentUpload) and upload.caption is None
