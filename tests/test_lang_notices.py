"""What is said outside a handled message speaks the person's language: the flood notice, the
'temporary error', WhatsApp's own words around menus ('more', 'choose'), and the «(in Arabic)» note."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from bot.whatsapp.pager import Page
from handlers import dispatcher
from handlers.core import BotCore, CoreConfig
from handlers.flood import flood_notice
from handlers.person_language import error_reply, person_language
from handlers.types import Inbound, InboundKind, Option
from messages import catalog
from storage.clock import utcnow
from storage.content import load_elections
from storage.db import Database
from storage.models import Contact, Identity
from tests.helpers import Person, plain
from tests.test_whatsapp_pages import WA_ID, bot_process, governorate_list


async def person_in(db: Database, lang: str, channel: str = "console", external_id: str = "1",
                    consented: bool = True) -> int:
    """A person who chose `lang` (and Baghdad); returns the contact id."""
    async with db.transaction() as session:
        contact = Contact(language=lang, interests=[], state={}, governorate="baghdad",
                          consent_at=utcnow() if consented else None)
        session.add(contact)
        await session.flush()
        session.add(Identity(contact_id=contact.id, channel=channel, external_id=external_id,
                             last_inbound_at=utcnow()))
        return contact.id


def typed(external_id: str = "1", hint: str | None = None, channel: str = "console") -> Inbound:
    return Inbound(channel, external_id, InboundKind.TEXT, text="مرحبا", language_hint=hint)


@pytest.mark.parametrize("lang", ["ar", "en", "ckb"])
async def test_the_flood_notice_is_in_the_language_the_person_chose(db: Database, lang: str) -> None:
    await person_in(db, lang)
    notice = await flood_notice(db, typed())
    assert notice.text == catalog.text("flood-notice", lang) and notice.language == lang


async def test_before_consent_the_flood_notice_follows_the_app_language(db: Database) -> None:
    await person_in(db, "ar", consented=False)
    assert (await flood_notice(db, typed(hint="en-GB"))).text == catalog.text("flood-notice", "en")
    assert (await flood_notice(db, typed("stranger", hint="ckb"))).text == catalog.text("flood-notice", "ckb")
    assert (await flood_notice(db, typed("stranger2"))).text == catalog.text("flood-notice", "ar")


async def test_the_temporary_error_is_in_the_person_s_language_even_when_the_database_is_down(
        db: Database, tmp_path: Path) -> None:
    await person_in(db, "ckb", channel="whatsapp", external_id=WA_ID)
    reply = await error_reply(db, "whatsapp", WA_ID)
    assert reply.text == catalog.text("error-generic", "ckb")
    # No database answers: the app's language, then Arabic; never an exception instead of the apology.
    broken = Database(f"sqlite+aiosqlite:///{tmp_path / 'missing' / 'x.db'}")
    try:
        assert await person_language(broken, "telegram", "5", "en") == "en"
        assert (await error_reply(broken, "whatsapp", WA_ID)).text == catalog.text("error-generic", "ar")
    finally:
        await broken.dispose()


async def test_an_english_person_flooding_the_bot_is_told_in_english(db: Database) -> None:
    await person_in(db, "en")
    core = await BotCore.create(db, CoreConfig(secret_key="s", flood_limit=2, flood_window=60.0))
    results = [await core.handle(typed()) for _ in range(4)]
    notices = [r[0].text for r in results if r and r[0].text == catalog.text("flood-notice", "en")]
    assert len(notices) == 1


async def test_a_kurdish_whatsapp_person_gets_more_and_choose_in_kurdish(db: Database) -> None:
    from tests.fakes.fake_whatsapp import FakeWhatsAppServer

    contact_id = await person_in(db, "ckb", channel="whatsapp", external_id=WA_ID)
    async with FakeWhatsAppServer() as wa, bot_process(db.url, wa) as bot:
        await bot.press(WA_ID, bot.core.codec.encode(contact_id, "sg"), "x")
        rows = wa.last_options(WA_ID)
        assert rows[-1][1] == catalog.text("wa-more", "ckb")
        lists = [m for m in wa.messages(WA_ID) if m.get("type") == "interactive"]
        assert lists[-1]["interactive"]["action"]["button"] == catalog.text("wa-list-button", "ckb")
        await bot.press(WA_ID, rows[-1][0], rows[-1][1])
        assert catalog.text("wa-more-body", "ckb", page=2, pages=2) in wa.texts(WA_ID)[-1]
        assert "المزيد" not in str(wa.messages(WA_ID)) and "الصفحة" not in str(wa.messages(WA_ID))
        assert not wa.internal_errors


async def test_an_english_person_s_expired_more_is_explained_in_english(db: Database) -> None:
    from tests.fakes.fake_whatsapp import FakeWhatsAppServer

    await person_in(db, "en", channel="whatsapp", external_id=WA_ID)
    async with FakeWhatsAppServer() as wa, bot_process(db.url, wa) as bot:
        await bot.press(WA_ID, "wa-more:" + "x" * 12, "More")
        assert catalog.text("wa-more-stale", "en") in wa.texts(WA_ID)[0]


STAMPED = "reply.language = reply.language or ctx.lang" in inspect.getsource(dispatcher)


@pytest.mark.skipif(not STAMPED, reason="waits for the dispatcher change in /work/notes/requests/lang.md (7)")
async def test_an_english_welcome_on_whatsapp_says_choose_in_english(db: Database) -> None:
    from tests.fakes.fake_whatsapp import FakeWhatsAppServer, WebhookPayloads, signed_request
    from tests.test_whatsapp_pages import APP_SECRET, WHATSAPP_PATH

    payloads = WebhookPayloads()
    async with FakeWhatsAppServer() as wa, bot_process(db.url, wa) as bot:
        body, headers = signed_request(payloads.text_message(WA_ID, "hello"), APP_SECRET)
        assert (await bot.http.post(WHATSAPP_PATH, data=body, headers=headers)).status == 200
        await bot.adapter.idle()
        english = next(row_id for row_id, title in wa.last_options(WA_ID) if title == "English")
        body, headers = signed_request(payloads.button_reply(WA_ID, english, "English"), APP_SECRET)
        assert (await bot.http.post(WHATSAPP_PATH, data=body, headers=headers)).status == 200
        await bot.adapter.idle()
        buttons = [m for m in wa.messages(WA_ID) if m.get("type") == "interactive"][-1]
        assert buttons["interactive"]["body"]["text"].startswith(catalog.text("wa-choose", "en"))
        assert not wa.internal_errors


async def test_an_arabic_whatsapp_list_still_says_more_in_arabic(db: Database) -> None:
    from tests.fakes.fake_whatsapp import FakeWhatsAppServer

    contact_id = await person_in(db, "ar", channel="whatsapp", external_id=WA_ID)
    async with FakeWhatsAppServer() as wa, bot_process(db.url, wa) as bot:
        rows = await governorate_list(bot, wa, WA_ID, contact_id)
        assert rows[-1][1] == "المزيد"


def test_a_page_of_options_is_a_plain_value() -> None:
    # The adapter passes the person's language beside the page: a Page itself carries none.
    assert Page([Option("a", "b")], 2, 3) == Page([Option("a", "b")], 2, 3)


# --- «(in Arabic)» after an untranslated title ----------------------------------------------------


def test_the_in_arabic_note_follows_an_arabic_title_in_english() -> None:
    from bidi import get_display

    title = catalog.text("content-title-in-arabic", "en", title="انتخابات مجلس المحافظة")
    assert plain(title) == "انتخابات مجلس المحافظة (in Arabic)"
    # Laid out left to right: the title (its letters reversed by the layout) first, the note after it.
    shown = plain(get_display(title))
    assert shown.endswith("(in Arabic)") and shown.startswith("ةظفاحملا")
    line = catalog.text("elections-topic", "en", title=title, body="x", source="y", updated="1").split("\n")[0]
    assert plain(get_display(line)).endswith("(in Arabic)")
    assert catalog.text("content-title-in-arabic", "ckb", title="عنوان") == "عنوان (بە عەرەبی)"


async def test_an_english_reader_sees_untranslated_topics_with_the_note_after_the_title(
        core: BotCore, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bidi import get_display

    (tmp_path / "elections.yaml").write_text(
        "topics:\n  - {id: b, title: موضوع ثان, body: نص ثان, source: مصدر, updated: 2026-11-01}\n", encoding="utf-8")
    core.elections = load_elections(tmp_path)
    contact_id = await person_in(core.db, "en")
    person = Person(core, "1")
    await person.choose_id(core.codec.encode(contact_id, "et"))
    label = person.replies[0].options[0].label
    assert plain(get_display(label)).endswith("(in Arabic)")
    await person.choose("(in Arabic)")
    first_line = person.replies[0].text.split("\n")[0]
    assert plain(get_display(first_line)).endswith("(in Arabic)")


async def test_a_handler_failure_apologises_in_the_person_s_language(db: Database, core: BotCore,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from handlers import dispatcher

    async def broken(ctx):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")

    await person_in(db, "ckb")
    monkeypatch.setattr(dispatcher, "route", broken)
    replies = await core.handle(typed())
    assert [reply.text for reply in replies] == [catalog.text("error-generic", "ckb")]
