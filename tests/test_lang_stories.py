"""A Kurdish reader's whole path through the dispatcher, from a Kurdish phone to a Kurdish reminder."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select

from handlers.core import BotCore
from handlers.notifications import delivery_context, render_delivery
from messages import catalog
from storage.models import Contact, Delivery, Identity, Registration
from tests.conftest import FakeClock
from tests.helpers import add_event, plain
from tests.test_languages import Speaker, labels, stored_contact

MONDAY_TEN = datetime(2026, 12, 7, 7, 0)  # 10:00 in Baghdad
ARABIC_ONLY_LETTERS = re.compile("[ةىأإؤ]")  # letters Kurdish never writes


def ckb(key: str, **args: object) -> str:
    return plain(catalog.text(key, "ckb", **args))


async def kurdish_person(core: BotCore) -> Speaker:
    """Someone whose phone is set to Kurdish: the welcome, consent and Erbil, all in Kurdish."""
    person = Speaker(core, "ckb")
    welcome = await person.command("start")
    assert plain(welcome[0].text).startswith(ckb("welcome").split("\n")[0][:20])
    assert {plain(label) for label in labels(welcome)} >= {ckb("consent-button"), "العربية", "English"}
    await person.choose(catalog.text("consent-button", "ckb"))
    saved = await person.choose("هەولێر")
    assert ckb("gov-erbil") in plain(saved[0].text)
    return person


async def test_a_kurdish_phone_gets_a_kurdish_welcome_and_keeps_kurdish(core: BotCore, clock: FakeClock) -> None:
    person = await kurdish_person(core)
    assert (await stored_contact(core.db)).language == "ckb"
    menu = person.replies[-1]
    assert plain(menu.text) == ckb("main-menu")
    assert not ARABIC_ONLY_LETTERS.search(plain(menu.text))


async def test_a_kurdish_reader_registers_sees_kurdish_dates_and_gets_a_kurdish_reminder(
        core: BotCore, clock: FakeClock) -> None:
    await add_event(core.db, title="کۆڕی گفتوگۆی گەنجان", starts_at=MONDAY_TEN, governorate="erbil")
    person = await kurdish_person(core)
    await person.choose(catalog.text("menu-events", "ckb"))
    assert "دووشەممە ٧ کانونی یەکەم ٢٠٢٦" in plain(person.texts)
    details = await person.choose("کۆڕی گفتوگۆ")
    assert "١٠:٠٠ بەیانی" in plain(details[0].text)
    registered = await person.choose(catalog.text("register-button", "ckb"))
    assert plain(registered[0].text).startswith("ناوت تۆمار کرا ✅")
    mine = await person.text("تۆمارەکانم")
    assert "کۆڕی گفتوگۆی گەنجان" in plain(mine[0].text)
    assert (await person.text("تسجيلاتي"))[0].text == mine[0].text, "the Arabic words work too"

    async with core.db.transaction() as session:
        identity = await session.scalar(select(Identity).where(Identity.external_id == "1"))
        contact = await session.get(Contact, identity.contact_id)
        registration = await session.scalar(select(Registration).where(Registration.contact_id == contact.id))
        delivery = Delivery(kind="reminder", purpose="test", contact_id=contact.id,
                            payload={"registration_id": registration.id, "hours": 24})
        replies = await render_delivery(delivery_context(core, session, contact, identity), delivery)
    assert replies is not None and replies[0].language == "ckb"
    assert "دووشەممە ٧ کانونی یەکەم ٢٠٢٦" in plain(replies[0].text)
    # Everything but what the organiser typed (the title, the venue «بغداد — قاعة») is Kurdish.
    assert not ARABIC_ONLY_LETTERS.search(plain(replies[0].text).replace("بغداد — قاعة", ""))


async def test_a_kurdish_reader_types_a_date_word_and_a_kurdish_place(core: BotCore, clock: FakeClock) -> None:
    person = await kurdish_person(core)
    await person.choose(catalog.text("menu-settings", "ckb"))
    await person.choose(catalog.text("settings-governorate", "ckb"))
    saved = await person.text("سلێمانی")
    assert ckb("gov-sulaymaniyah") in plain(saved[0].text)


async def test_an_announcement_reaches_an_english_and_a_kurdish_reader_each_in_their_language(
        core: BotCore, clock: FakeClock) -> None:
    from storage.models import Broadcast, Organization

    async with core.db.transaction() as session:
        organization = Organization(name="منتدى الحوار")
        session.add(organization)
        await session.flush()
        broadcast = Broadcast(organization_id=organization.id, text="ندوة جديدة الأسبوع القادم", status="sending")
        session.add(broadcast)
        readers = []
        for n, lang in enumerate(("en", "ckb")):
            contact = Contact(language=lang, interests=[], state={}, governorate="erbil", consent_at=clock.now)
            session.add(contact)
            await session.flush()
            identity = Identity(contact_id=contact.id, channel="console", external_id=f"r{n}")
            session.add(identity)
            readers.append((lang, contact, identity))
        await session.flush()
        rendered = {}
        for lang, contact, identity in readers:
            delivery = Delivery(kind="broadcast", purpose=f"broadcast:{broadcast.id}", contact_id=contact.id,
                                broadcast_id=broadcast.id, payload={"broadcast_id": broadcast.id})
            rendered[lang] = await render_delivery(delivery_context(core, session, contact, identity), delivery)
    for lang in ("en", "ckb"):
        replies = rendered[lang]
        assert replies is not None and replies[0].language == lang
        # The organiser's text as written, the bot's own footer in the reader's language.
        assert "ندوة جديدة الأسبوع القادم" in plain(replies[0].text)
        footer = plain(catalog.text("broadcast-message", lang, organization="x", text="y")).split("\n")[-1]
        assert plain(replies[0].text).endswith(footer)
