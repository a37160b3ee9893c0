"""Arabic, English and Kurdish: every catalog complete, the person's language everywhere, the choice of it.

The Kurdish catalog (messages/ckb/) is checked like the others once its folder exists; until
then the stories that need a third language use a copy of the catalogs with a small ckb folder.
"""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from telegram import Update

from bot.settings import Settings
from bot.telegram import parse_update
from bot.whatsapp.channel import Templates, WhatsAppChannel
from bot.whatsapp.client import GraphClient
from bot.whatsapp.pager import Pager
from handlers.core import BotCore
from handlers.notifications import delivery_context, render_delivery
from handlers.types import Inbound, Outbound
from messages import catalog
from messages.check_catalogs import SOURCE_LANGUAGE, compare, languages, read_catalog
from messages.formatting import format_date, format_number, locale_of
from messages.normalize import keyword_match, normalize_arabic
from messages.normalize_places import match_governorate
from storage.content import load_elections
from storage.db import Database
from storage.exports.base import titles
from storage.models import Contact, Delivery, Identity, Registration
from tests.conftest import FakeClock
from tests.fakes.fake_whatsapp import FakeWhatsAppServer
from tests.helpers import Person, add_event, plain

ROOT = Path(__file__).resolve().parents[1]
ARABIC_INDIC = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
# 2026-12-07 07:00 UTC: Monday, 10:00 in Baghdad.
MONDAY_TEN = datetime(2026, 12, 7, 7, 0)
# A small Kurdish catalog for the stories that need three languages before messages/ckb/ exists.
KURDISH_SAMPLE = """\
language-ckb = کوردی
language-en = English
choose-language = زمانێک هەڵبژێرە:
seats-left = { $count ->
        [one] یەک کورسی ماوە
       *[other] { $count } کورسی ماوە
    }
kw-menu = لیستی سەرەکی, لیست
"""


class Speaker(Person):
    """A person whose app is set to a language (Telegram's language_code), on the console channel."""

    def __init__(self, core: BotCore, hint: str | None, external_id: str = "1") -> None:
        super().__init__(core, external_id)
        self.hint = hint

    async def send(self, inbound: Inbound) -> list[Outbound]:  # noqa: D102 - adds the hint
        return await super().send(replace(inbound, language_hint=self.hint))


def labels(replies: list[Outbound]) -> list[str]:
    return [option.label for reply in replies for option in reply.options]


async def stored_contact(db: Database, external_id: str = "1") -> Contact:
    async with db.transaction() as session:
        identity = await session.scalar(select(Identity).where(Identity.external_id == external_id))
        assert identity is not None
        contact = await session.get(Contact, identity.contact_id)
        assert contact is not None
        return contact


@pytest.fixture
def three_languages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The catalogs with a Kurdish folder: the real one when it exists, else KURDISH_SAMPLE."""
    folder = tmp_path / "messages"
    for lang in ("ar", "en", "ckb"):
        if (catalog.MESSAGES_DIR / lang).is_dir():
            shutil.copytree(catalog.MESSAGES_DIR / lang, folder / lang)
    if not (folder / "ckb").is_dir():
        (folder / "ckb").mkdir()
        (folder / "ckb" / "main.ftl").write_text(KURDISH_SAMPLE, encoding="utf-8")
    monkeypatch.setattr(catalog, "MESSAGES_DIR", folder)
    catalog.reload()
    yield folder
    monkeypatch.undo()
    catalog.reload()


# --- completeness ---------------------------------------------------------------------------------


def test_english_exists_and_every_language_folder_is_offered() -> None:
    assert {"ar", "en"} <= set(catalog.available_languages())
    assert catalog.available_languages()[0] == "ar"


@pytest.mark.parametrize("lang", languages())
def test_every_catalog_has_the_arabic_keys_variables_and_plural_selectors(lang: str) -> None:
    """What `python -m messages.check_catalogs` reports: nothing missing, extra or different."""
    problems = compare(read_catalog(SOURCE_LANGUAGE), read_catalog(lang))
    assert problems == [], "\n".join(problems)


def test_the_comparison_sees_a_lost_variable_and_a_lost_plural(tmp_path: Path) -> None:
    for lang, text in (("ar", "seats-left = { $count ->\n    [one] مقعد\n   *[other] { $count } مقعد\n}\n"),
                       ("en", "seats-left = seats left\n")):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "main.ftl").write_text(text, encoding="utf-8")
    problems = compare(read_catalog("ar", tmp_path), read_catalog("en", tmp_path))
    assert any(p.startswith("variables seats-left") for p in problems)
    assert any(p.startswith("plural seats-left") for p in problems)


@pytest.mark.parametrize("lang", ["ar", *languages()])
def test_every_catalog_names_every_language(lang: str) -> None:
    keys = read_catalog(lang).entries.keys()
    assert {"language-ar", "language-ckb", "language-en"} - keys <= ({"language-ar"} if lang != "ar" else set())


def _sample_arguments(lang: str) -> Iterator[tuple[str, dict[str, object]]]:
    """Each message with the arguments the code passes (the Arabic variables), every plural and choice tried."""
    source = read_catalog(SOURCE_LANGUAGE).entries
    own = read_catalog(lang).entries
    for key, entry in sorted(own.items()):
        variables = source[key].variables if key in source else entry.variables
        choices = {name: sorted(keys) for name, keys in entry.choices.items()}
        rounds = max([7 if entry.plural_selectors else 1, *(len(keys) for keys in choices.values())])
        for turn in range(rounds):
            args: dict[str, object] = {name: f"«{name}»" for name in variables}
            for name in entry.plural_selectors | source.get(key, entry).plural_selectors:
                args[name] = (0, 1, 2, 3, 11, 100, 1000)[turn % 7]
            for name, keys in choices.items():
                args[name] = keys[turn % len(keys)]
            yield key, args


@pytest.mark.parametrize("lang", catalog.available_languages())
def test_every_message_renders_in_every_language_with_sample_arguments(lang: str) -> None:
    bundle = catalog._bundle(lang)  # noqa: SLF001 - the fallback would hide a broken translation
    for key, args in _sample_arguments(lang):
        text, errors = catalog._render(bundle, lang, key, args)  # noqa: SLF001
        assert errors == [], f"{lang} {key} {args}: {errors}"
        assert text.strip() and "{???}" not in text
        if lang == "en":
            assert not ARABIC_INDIC.search(text), f"{key}: English uses Western digits"
            assert key.startswith("language-") or not ARABIC_LETTER.search(text), f"{key}: Arabic in English"


# --- plurals, digits, dates -----------------------------------------------------------------------


@pytest.mark.parametrize(("count", "expected"), [(0, "no seats left"), (1, "one seat left"), (2, "2 seats left"),
                                                 (11, "11 seats left"), (1000, "1,000 seats left")])
def test_english_counts_use_one_and_other_with_western_digits(count: int, expected: str) -> None:
    assert catalog.text("seats-left", "en", count=count) == expected


def test_kurdish_counts_use_one_and_other_with_its_own_digits(three_languages: Path) -> None:
    assert catalog.text("seats-left", "ckb", count=1) != catalog.text("seats-left", "ckb", count=2)
    assert "٣" in catalog.text("seats-left", "ckb", count=3)


def test_dates_in_each_language_use_its_months_and_digits() -> None:
    assert format_date(MONDAY_TEN, locale_of("en")) == "Monday 7 December 2026"
    assert format_date(MONDAY_TEN, locale_of("ar")) == "الاثنين ٧ كانون الأول ٢٠٢٦"
    kurdish = format_date(MONDAY_TEN, locale_of("ckb"))
    assert "کانونی یەکەم" in kurdish and "٧" in kurdish and "7" not in kurdish
    assert format_number(1234, locale_of("en")) == "1,234"


def test_handlers_format_every_date_and_time_in_the_persons_language() -> None:
    """A date formatted without a locale would be Arabic for everyone: each call passes one."""
    call = re.compile(r"\b(short_date|format_date|format_time)\(([^()]*)\)")
    bare = [f"{path.name}: {m.group(0)}" for path in sorted((ROOT / "handlers").glob("*.py"))
            for m in call.finditer(path.read_text(encoding="utf-8")) if "," not in m.group(2)]
    assert bare == []


# --- missing keys fall back to Arabic --------------------------------------------------------------


def test_a_key_missing_in_a_translation_falls_back_to_arabic_with_one_warning(
        three_languages: Path, caplog: pytest.LogCaptureFixture) -> None:
    (three_languages / "ar" / "zz-new.ftl").write_text("zz-new = مفتاح جديد لم يُترجم بعد\n", encoding="utf-8")
    catalog.reload()
    with caplog.at_level(logging.WARNING, logger="messages.catalog"):
        shown = [catalog.text("zz-new", lang) for lang in ("ckb", "en", "ckb", "en")]
    assert shown == ["مفتاح جديد لم يُترجم بعد"] * 4
    warnings = [r for r in caplog.records if "zz-new" in r.getMessage()]
    assert len(warnings) == 2 and {r.levelno for r in warnings} == {logging.WARNING}, "one per language and key"


def test_an_unrenderable_translation_falls_back_to_arabic(three_languages: Path) -> None:
    (three_languages / "en" / "zz-broken.ftl").write_text("zz-broken = { $missing } and { -no-term }\n")
    (three_languages / "ar" / "zz-broken.ftl").write_text("zz-broken = نص\n")
    catalog.reload()
    assert catalog.text("zz-broken", "en") == "نص"


def test_a_new_folder_nobody_has_named_yet_is_offered_by_its_code(three_languages: Path) -> None:
    (three_languages / "tr").mkdir()
    (three_languages / "tr" / "main.ftl").write_text("menu-my = Kayıtlarım\n", encoding="utf-8")
    catalog.reload()
    assert catalog.available_languages()[-1] == "tr" and catalog.language_name("tr") == "tr"


# --- choosing the language -------------------------------------------------------------------------


@pytest.mark.parametrize(("hint", "expected"), [("en", "en"), ("en-GB", "en"), ("ar", "ar"), ("fr", "ar"),
                                                (None, "ar"), ("", "ar")])
def test_the_app_language_proposes_the_catalog(hint: str | None, expected: str) -> None:
    assert catalog.language_for_hint(hint) == expected


@pytest.mark.parametrize("hint", ["ckb", "ku", "ckb-IQ"])
def test_kurdish_app_languages_propose_kurdish_once_it_exists(hint: str, three_languages: Path) -> None:
    assert catalog.language_for_hint(hint) == "ckb"


def test_telegram_passes_the_apps_language_code() -> None:
    user = {"id": 42, "is_bot": False, "first_name": "x", "language_code": "en"}
    raw = {"update_id": 7, "message": {"message_id": 1, "date": 0, "text": "hello", "from": user,
                                       "chat": {"id": 42, "type": "private"}}}
    inbound = parse_update(Update.de_json(raw, None))
    assert inbound is not None and inbound.language_hint == "en"


async def test_an_english_app_gets_the_welcome_in_english_and_arabic_offered(core: BotCore, clock: FakeClock) -> None:
    person = Speaker(core, "en")
    replies = await person.command("start")
    assert [r.text for r in replies] == [catalog.text("welcome", "en")]
    others = [catalog.language_name(code) for code in catalog.available_languages() if code != "en"]
    assert labels(replies) == ["I agree, let's start", *others] and others[0] == "العربية"
    contact = await stored_contact(core.db)
    assert (contact.language, contact.state, contact.consent_at) == ("ar", {}, None), "nothing stored before consent"


async def test_a_language_pressed_under_the_welcome_is_the_one_consent_stores(core: BotCore, clock: FakeClock) -> None:
    person = Speaker(core, None)
    await person.command("start")
    english = await person.choose("English")
    assert english[0].text == catalog.text("welcome", "en") and english[0].replace
    assert (await stored_contact(core.db)).language == "ar"
    picker = await person.choose("I agree")
    assert picker[0].text == catalog.text("choose-governorate", "en") and "Baghdad" in labels(picker)
    assert (await stored_contact(core.db)).language == "en"


async def test_the_welcome_offers_three_languages_each_in_its_own_words(core: BotCore, clock: FakeClock,
                                                                        three_languages: Path) -> None:
    replies = await Speaker(core, "en").command("start")
    assert labels(replies) == ["I agree, let's start", "العربية", "کوردی"]


async def test_the_language_screen_with_three_languages_names_each_in_its_own(core: BotCore, clock: FakeClock,
                                                                              three_languages: Path) -> None:
    person = Speaker(core, None)
    await person.onboard()
    await person.choose("الإعدادات")
    screen = await person.choose("اللغة")
    assert labels(screen)[:3] == ["العربية", "کوردی", "English"]
    saved = await person.choose("کوردی")
    assert (await stored_contact(core.db)).language == "ckb"
    assert saved[-1].is_main_menu, "a catalog without these keys still answers (in Arabic)"
    kurdish = next(w for w in catalog.words("kw-menu", "ckb") if re.search("[ەێۆڵڕکی]", w))
    assert (await person.text(kurdish))[-1].is_main_menu, "Kurdish menu words work"
    plain = kurdish.translate(str.maketrans("ەێۆڵڕکی", "هيولركي"))
    assert (await person.text(plain))[-1].is_main_menu, "typed without the Kurdish letters"
    assert (await person.text("القائمة"))[-1].is_main_menu, "and the Arabic ones too"


# --- stories in English through the dispatcher -----------------------------------------------------


async def english_person(core: BotCore) -> Speaker:
    person = Speaker(core, "en")
    await person.command("start")
    await person.choose("I agree")
    saved = await person.choose("Baghdad")
    assert saved[0].text == "Your governorate is saved: Baghdad ✅"
    assert saved[-1].text == catalog.text("main-menu", "en")
    return person


async def test_an_english_person_browses_registers_and_sees_their_registrations(core: BotCore,
                                                                                clock: FakeClock) -> None:
    await add_event(core.db, title="Youth dialogue on elections", starts_at=MONDAY_TEN)
    person = await english_person(core)
    assert (await stored_contact(core.db)).language == "en"

    events = await person.choose("Upcoming events")
    assert "Monday 7 December 2026" in person.texts and "Page 1 of 1 (one event)" in person.texts
    assert not ARABIC_INDIC.search(events[0].text)
    details = await person.choose("Youth dialogue")
    assert "When: Monday 7 December 2026, 10:00 am (Baghdad time)" in details[0].text
    assert "10 seats left" in details[0].text
    registered = await person.choose("Register me")
    assert registered[0].text.startswith("You're registered ✅")

    mine = await person.text("my registrations")
    assert "You have one upcoming registration:" in mine[0].text
    assert "Status: confirmed" in person.texts
    assert (await person.text("تسجيلاتي"))[0].text == mine[0].text, "the Arabic words work too"


async def test_an_english_reminder_is_rendered_in_english_for_its_template(core: BotCore, clock: FakeClock) -> None:
    await add_event(core.db, title="Youth dialogue on elections", starts_at=MONDAY_TEN)
    person = await english_person(core)
    await person.choose("Upcoming events")
    await person.choose("Youth dialogue")
    await person.choose("Register me")
    async with core.db.transaction() as session:
        identity = await session.scalar(select(Identity).where(Identity.external_id == "1"))
        contact = await session.get(Contact, identity.contact_id)
        registration = await session.scalar(select(Registration).where(Registration.contact_id == contact.id))
        delivery = Delivery(kind="reminder", purpose="test", contact_id=contact.id,
                            payload={"registration_id": registration.id, "hours": 24})
        replies = await render_delivery(delivery_context(core, session, contact, identity), delivery)
    assert replies is not None
    assert replies[0].text.startswith("⏰ Reminder: your event is tomorrow")
    assert "Monday 7 December 2026, 10:00 am" in replies[0].text and replies[0].language == "en"
    assert labels(replies) == ["I'll be there ✅", "I can't make it"]


async def test_elections_topics_fall_back_to_arabic_with_a_note(core: BotCore, clock: FakeClock,
                                                                tmp_path: Path) -> None:
    (tmp_path / "elections.yaml").write_text(
        "topics:\n"
        "  - {id: a, title: عنوان, body: نص, source: مصدر, updated: 2026-11-01, title_en: Title, body_en: Text}\n"
        "  - {id: b, title: موضوع ثان, body: نص ثان, source: مصدر, updated: 2026-11-01}\n", encoding="utf-8")
    core.elections = load_elections(tmp_path)
    person = await english_person(core)
    topics = await person.choose("About the elections")
    assert [plain(label) for label in labels(topics)[:2]] == ["Title", "موضوع ثان (in Arabic)"]
    topic = await person.choose("(in Arabic)")
    assert "🗳 موضوع ثان (in Arabic)" in plain(topic[0].text) and "Last updated: Sunday 1 November 2026" in topic[0].text


# --- typed input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "offered"), [
    ("هەولێر", "ھەولیر"), ("هه\u200cولێر", "هەولێر"), ("دهۆک", "دهوك"), ("هەڵەبجە", "ههلهبجه"),
    ("ڕێکخراو", "ريكخراو"), ("کەرکووک", "كهركووك"), ("سلێمانی", "سليماني"), ("٣", "۳"),
])
def test_kurdish_letters_fold_for_matching(typed: str, offered: str) -> None:
    assert normalize_arabic(typed) == normalize_arabic(offered)


def test_a_zero_width_non_joiner_separates_words() -> None:
    assert normalize_arabic("القائمة\u200cالرئيسية") == normalize_arabic("القائمة الرئيسية")
    assert keyword_match("القائمة\u200cالرئيسية", catalog.words("kw-menu"))


@pytest.mark.parametrize(("typed", "code"), [
    ("هەولێر", "erbil"), ("سلێمانی", "sulaymaniyah"), ("دهۆک", "duhok"), ("هەڵەبجە", "halabja"),
    ("کەرکووک", "kirkuk"), ("پارێزگای هەولێر", "erbil"), ("ڕانیە", "sulaymaniyah"), ("Erbil", "erbil"),
    ("I am from Sulaymaniyah", "sulaymaniyah"), ("زاخۆ", "duhok"),
])
def test_kurdish_and_english_place_names_choose_the_governorate(typed: str, code: str) -> None:
    assert match_governorate(typed) == code


def test_menu_words_are_the_persons_language_then_arabic() -> None:
    words = catalog.words("kw-menu", "en")
    assert words[0] == "menu" and "القائمة" in words


# --- what staff and the outbox get ----------------------------------------------------------------


def test_export_headers_come_in_the_coordinators_language() -> None:
    assert titles(("event", "ticket"), "en") == ["Event", "Ticket code"]
    assert titles(("event",), "ar") == [catalog.text("export-col-event")]


def test_english_whatsapp_templates_are_configured_per_purpose() -> None:
    settings = Settings(WHATSAPP_TEMPLATE_REMINDER="reminder_ar", WHATSAPP_TEMPLATE_REMINDER_EN="reminder_en")
    assert settings.whatsapp_localized_templates() == {"en": ({"reminder": "reminder_en"}, "en"), "ckb": ({}, "ar")}
    templates = Templates(reminder="reminder_ar", survey="survey_ar",
                          localized=settings.whatsapp_localized_templates())
    assert templates.choose("reminder", "en") == ("reminder_en", "en")
    assert templates.choose("survey", "en") == ("survey_ar", "ar"), "no English survey template: the plain one"
    assert templates.choose("reminder", "ckb") == ("reminder_ar", "ar"), "no Kurdish template: the plain one"
    assert templates.choose("announcement", "en") is None


def test_kurdish_whatsapp_templates_are_chosen_for_kurdish_readers() -> None:
    # Meta has no Kurdish template language: the operator names the code the template was approved under.
    settings = Settings(WHATSAPP_TEMPLATE_REMINDER="reminder_ar", WHATSAPP_TEMPLATE_REMINDER_CKB="reminder_ckb",
                        WHATSAPP_TEMPLATE_SURVEY_CKB="survey_ckb", WHATSAPP_TEMPLATE_LANGUAGE_CKB="fa")
    templates = Templates(reminder="reminder_ar", localized=settings.whatsapp_localized_templates())
    assert templates.choose("reminder", "ckb") == ("reminder_ckb", "fa")
    assert templates.choose("survey", "ckb") == ("survey_ckb", "fa")
    assert templates.choose("reminder", "ar") == ("reminder_ar", "ar")
    assert templates.choose("reminder", "en") == ("reminder_ar", "ar")


async def test_a_reminder_outside_the_window_uses_the_readers_template(db: Database) -> None:
    templates = Templates(reminder="reminder_ar", localized={"en": ({"reminder": "reminder_en"}, "en_GB")})
    async with FakeWhatsAppServer() as wa:
        channel = WhatsAppChannel(GraphClient(wa.base_url, wa.phone_number_id, wa.access_token), templates,
                                  pager=Pager(db))
        long_ago = datetime.now() - timedelta(days=2)
        try:
            for lang in ("en", "ckb"):
                await channel.send("9647701234567", [Outbound("Reminder", language=lang)], purpose="reminder",
                                   last_inbound_at=long_ago)
        finally:
            await channel.client.close()
        sent = [m["template"] for m in wa.messages("9647701234567")]
    assert [(t["name"], t["language"]["code"]) for t in sent] == [("reminder_en", "en_GB"), ("reminder_ar", "ar")]
