"""A native reader's review of the Arabic: times of day, plurals, one spelling, short labels, places
and sample content, each kept by a test that would fail if the old wording came back."""

from __future__ import annotations

import ast
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml
from fluent.syntax import FluentParser
from fluent.syntax import ast as fl

from handlers.exports_menu import FORMAT_LABELS
from messages import catalog
from messages.formatting import format_date, format_time
from scheduler.jobs import run_tick
from scheduler.sender import Sender
from storage.content import CONTENT_DIR
from storage.exports.registry import EXPORTERS
from storage.models import Event
from storage.vocab import GOVERNORATES, INTERESTS
from tests.channels import RecordingChannel
from tests.helpers import Person, add_event

ROOT = Path(__file__).resolve().parents[1]
AR = ROOT / "messages" / "ar"
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """What a reader sees: the text without invisible bidi controls."""
    return _BIDI_CONTROLS.sub("", text)


def ar(key: str, **args: object) -> str:
    """An Arabic message as the reader sees it."""
    return plain(catalog.text(key, **args))


def _messages() -> dict[str, fl.Message]:
    found = {}
    for path in sorted(AR.glob("*.ftl")):
        for entry in FluentParser().parse(path.read_text(encoding="utf-8")).body:
            if isinstance(entry, fl.Message | fl.Term) and entry.value is not None:
                found[entry.id.name] = entry
    return found


# --- plurals: every counted noun agrees with its number -------------------------------------------

COUNTS = [0, 1, 2, 3, 11, 100, 201]
COUNT_IDS = [str(count) for count in COUNTS]

CHARACTERS_TYPED = ["٠ حرف", "حرف واحد", "حرفان", "٣ أحرف", "١١ حرفاً", "١٠٠ حرف", "٢٠١ حرف"]
HOURS = ["٠ ساعة", "ساعة واحدة", "ساعتان", "٣ ساعات", "١١ ساعةً", "١٠٠ ساعة", "٢٠١ ساعة"]
PEOPLE_REACHED = ["لن يصل الإعلان الآن إلى أحد", "سيصل الإعلان الآن إلى شخص واحد", "سيصل الإعلان الآن إلى شخصين",
                  "سيصل الإعلان الآن إلى ٣ أشخاص", "سيصل الإعلان الآن إلى ١١ شخصاً",
                  "سيصل الإعلان الآن إلى ١٠٠ شخص", "سيصل الإعلان الآن إلى ٢٠١ شخص"]


@pytest.mark.parametrize(("count", "expected"), list(zip(COUNTS, CHARACTERS_TYPED, strict=True)), ids=COUNT_IDS)
def test_a_typed_length_counts_characters_in_the_right_form(count: int, expected: str) -> None:
    assert f"طولها {expected} والحد الأقصى ٢٠٠ حرف." in ar("survey-too-long", length=count, limit=200)
    assert f"طوله {expected} والحد الأقصى" in ar("broadcast-text-too-long", length=count, limit=4000)
    assert f"وما كتبته {expected}." in ar("ea-error-title-length", min=3, max=200, length=count)
    assert f"والحد الأقصى {expected}." in ar("survey-too-long", length=500, limit=count)


def test_the_title_question_says_from_three_to_two_hundred_characters() -> None:
    assert ar("ea-ask-title", min=3, max=200) == "ما عنوان الفعالية؟ (من ٣ إلى ٢٠٠ حرف)"
    assert ar("ea-ask-title", min=3, max=80) == "ما عنوان الفعالية؟ (من ٣ إلى ٨٠ حرفاً)"
    assert ar("ea-ask-description", max=2000).endswith("(حتى ٢٬٠٠٠ حرف).")
    assert ar("broadcast-ask-text", limit=10).startswith("اكتب نص الإعلان كما تريد أن يصل إلى الناس (حتى ١٠ أحرف).")


@pytest.mark.parametrize(("count", "expected"), list(zip(COUNTS, HOURS, strict=True)), ids=COUNT_IDS)
def test_hours_agree_with_their_number(count: int, expected: str) -> None:
    assert ar("ea-duration-hours", hours=count) == expected


@pytest.mark.parametrize(("count", "expected"), list(zip(COUNTS, PEOPLE_REACHED, strict=True)), ids=COUNT_IDS)
def test_the_audience_count_says_nobody_rather_than_zero_people(count: int, expected: str) -> None:
    assert ar("broadcast-audience", chosen="الكل", count=count).splitlines()[2].startswith(f"{expected} (")


def test_a_preview_for_nobody_says_the_announcement_reaches_no_one() -> None:
    assert "لن يصل الإعلان إلى أحد الآن." in ar("broadcast-preview-summary", chosen="الكل", count=0)
    assert "٠" not in ar("broadcast-preview-summary", chosen="الكل", count=0)


# Nouns that change with their number: right after a number they must come from a plural select.
_COUNTED = ("حرف", "أحرف", "ساعة", "ساعات", "يوم", "أيام", "دقيقة", "دقائق", "شخص", "أشخاص", "مقعد", "مقاعد",
            "تسجيل", "فعالية", "رسالة", "سؤال", "أسئلة", "استبيان", "عضو", "دعوة", "صف", "مسجّل", "أعداد")


def _bare_counts(pattern: fl.Pattern) -> list[str]:
    """Text that follows a variable directly in `pattern` (not inside a select variant)."""
    found = []
    for before, after in zip(pattern.elements, pattern.elements[1:], strict=False):
        if (isinstance(before, fl.Placeable) and isinstance(before.expression, fl.VariableReference)
                and isinstance(after, fl.TextElement)):
            words = after.value.split()
            if words and words[0].strip("()،.") in _COUNTED:
                found.append(f"{{ ${before.expression.id.name} }} {words[0]}")
    return found


def test_no_counted_noun_follows_a_number_outside_a_plural_select() -> None:
    offenders = {key: bare for key, message in _messages().items() if (bare := _bare_counts(message.value))}
    assert offenders == {}


def test_the_bare_count_scan_sees_a_noun_after_a_number() -> None:
    pattern = FluentParser().parse("x = بقي { $count } مقعداً\n").body[0].value
    assert _bare_counts(pattern) == []  # «مقعداً» is a form, not the bare noun: the scan keys on the stems
    pattern = FluentParser().parse("x = بقي { $count } مقعد\n").body[0].value
    assert _bare_counts(pattern) == ["{ $count } مقعد"]


# --- «يوم» before a weekday inside a sentence ------------------------------------------------------

# Variables that hold a date starting with its weekday («الأحد ٧ كانون الأول …»).
_DATES = {"when", "expires", "date", "updated", "since", "opens", "closes"}


def _dates_after_a_word(pattern: fl.Pattern) -> list[str]:
    """Date placeables that follow an Arabic word other than «يوم» (after a colon or emoji they stand alone)."""
    found = []
    for before, after in zip(pattern.elements, pattern.elements[1:], strict=False):
        if (isinstance(after, fl.Placeable) and isinstance(after.expression, fl.VariableReference)
                and after.expression.id.name in _DATES and isinstance(before, fl.TextElement)):
            words = before.value.split()
            if words and re.fullmatch(r"[\u0621-\u064a\u0670]+", words[-1]) and words[-1] != "يوم":
                found.append(f"{words[-1]} {{ ${after.expression.id.name} }}")
    return found


def test_a_date_inside_a_sentence_is_introduced_by_yawm() -> None:
    offenders = {key: found for key, message in _messages().items() if (found := _dates_after_a_word(message.value))}
    assert offenders == {}


def test_a_scheduled_announcement_is_sent_on_yawm_sunday() -> None:
    moment = datetime(2026, 12, 6, 15, 30)  # naive UTC: Sunday 18:30 in Baghdad
    clock, period = format_time(moment)
    when = catalog.text("datetime", date=format_date(moment), time=clock, period=catalog.text(f"period-{period}"))
    assert ar("broadcast-scheduled", when=when).startswith(
        "🕓 سيُرسل الإعلان يوم الأحد ٦ كانون الأول ٢٠٢٦، الساعة ٦:٣٠ مساءً.")
    assert "كانت مقررة يوم الأحد" in ar("event-cancelled-notice", title="ندوة", when=when)
    assert "تنتهي يوم الأحد" in ar("team-invite-line", index=1, role="مدير", expires=when)


# --- wording ---------------------------------------------------------------------------------------


def _arabic_catalog_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(AR.glob("*.ftl")))


def test_telegram_is_spelled_one_way() -> None:
    spellings = set(re.findall(r"ت[يی]?ل[يی]?[غجگ]را?م", _arabic_catalog_text()))
    assert spellings == {"تيليغرام"}
    assert ar("export-channel-telegram") == "تيليغرام"


def test_stopped_announcements_are_mutawaqqifa_not_mawqufa() -> None:
    # In Iraq «موقوف» is said of a person held by the police.
    assert "موقوف" not in _arabic_catalog_text()
    assert "الإعلانات متوقفة لديك مسبقاً." in ar("optout-already")


def test_reviewed_sentences_read_as_a_native_writes_them() -> None:
    assert "«مشاركة» بوت لمنظمات المجتمع المدني في العراق:" in ar("help")
    assert ar("ea-wizard-intro", organization="منتدى").startswith("لنُنشئ فعالية جديدة تنظّمها «منتدى».")
    assert ar("option-stale") == "هذا الزر قديم أو لم يعد متاحاً. لم يتغير شيء."
    assert ar("export-format-csv") == "CSV (يُفتح في Excel)"
    assert ar("broadcast-when-invalid").startswith("لم أفهم التاريخ أو الوقت. اكتبهما هكذا:")
    invite = ar("staff-invite-created", code="ABCD234567", role="مدير", organization="منتدى")
    assert "أرسل الرمز إلى الشخص، واطلب منه أن يرسل إلى «مشاركة»: /join ABCD234567" in invite
    assert "يكتب:" not in invite


def test_no_comma_splices_before_a_consequence() -> None:
    source = _arabic_catalog_text()
    assert re.findall(r"، ف(?:لا|لم|لن|قد)\b[^\n]*", source) == []
    assert re.findall(r"[؛،] لم يتغير شيء", source) == []


# --- labels fit a WhatsApp button (20 characters) -------------------------------------------------

BUTTON_LIMIT = 20
# The first argument of ctx.opt that is not a literal key, and the keys it stands for.
_INDIRECT = {
    "FORMAT_LABELS[fmt]": sorted(FORMAT_LABELS.values()),
    "exporter.name_key": sorted(exporter.name_key for exporter in EXPORTERS.values()),
    "announcements": ["settings-announcements-on", "settings-announcements-off"],
    "reminders": ["settings-reminders-on", "settings-reminders-off"],
    "key": ["follow-on", "follow-off", "follow-stopped"],
    "cancel_key": ["cancel-waitlist-place", "cancel-registration"],
}


def _evening_answers() -> list[dict[str, object]]:
    """The «yes, 4:00 in the afternoon» / «no, 4:00 at dawn» answers for every time the question asks about."""
    answers = []
    for minutes in range(60, 7 * 60, 5):  # typed 1:00–6:55 without am/pm
        typed = datetime(2026, 12, 7) + timedelta(minutes=minutes) - timedelta(hours=3)  # naive UTC
        for moment in (typed, typed + timedelta(hours=12)):
            clock, period = format_time(moment)
            answers.append({"time": clock, "period": catalog.text(f"period-{period}")})
    return answers


# Keys that share an option family's prefix but are messages, not labels.
_NOT_OPTIONS = {"survey-rating-invalid"}
# Labels built from a bounded set of values: every value is tried.
ARGUMENTS: dict[str, list[dict[str, object]]] = {
    "interest-on": [{"name": catalog.text(f"interest-short-{code}")} for code in INTERESTS],
    "interest-off": [{"name": catalog.text(f"interest-short-{code}")} for code in INTERESTS],
    "broadcast-toggle-on": [{"name": catalog.text(f"gov-{code}")} for code in GOVERNORATES]
    + [{"name": catalog.text(f"interest-short-{code}")} for code in INTERESTS],
    "broadcast-toggle-off": [{"name": catalog.text(f"gov-{code}")} for code in GOVERNORATES]
    + [{"name": catalog.text(f"interest-short-{code}")} for code in INTERESTS],
    "events-my-governorate": [{"governorate": catalog.text(f"gov-{code}")} for code in GOVERNORATES],
    "team-invites": [{"count": n} for n in range(100)],
    "menu-surveys": [{"count": n} for n in range(1, 1000)],
    "ea-duration-hours": [{"hours": n} for n in range(1, 25)],
    "date-evening-yes": _evening_answers(),
    "date-evening-no": _evening_answers(),
}
# Labels that carry a name or a title someone typed: no length can be promised; the name comes
# right after a short word so that two such buttons differ early (see the story below).
FREE_TEXT = {"cancel-item", "ticket-item", "remove-item", "optout-this-organization", "follow-on", "follow-off",
             "follow-stopped"}


def _option_keys() -> tuple[set[str], set[str]]:
    """The label keys ctx.opt is called with in handlers/ and bot/, and the expressions not understood."""
    keys: set[str] = set()
    unknown: set[str] = set()
    for path in sorted((ROOT / "handlers").glob("*.py")) + sorted((ROOT / "bot").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "opt"
                    and node.args):
                continue
            first = node.args[0]
            for branch in (first.body, first.orelse) if isinstance(first, ast.IfExp) else (first,):
                if isinstance(branch, ast.Constant) and isinstance(branch.value, str):
                    keys.add(branch.value)
                elif isinstance(branch, ast.JoinedStr) and isinstance(branch.values[0], ast.Constant):
                    prefix = str(branch.values[0].value)
                    keys |= {key for key in catalog.message_keys() if key.startswith(prefix)} - _NOT_OPTIONS
                elif ast.unparse(branch) in _INDIRECT:
                    keys |= set(_INDIRECT[ast.unparse(branch)])
                else:
                    unknown.add(ast.unparse(branch))
    return keys, unknown


def test_the_label_scan_understands_every_option() -> None:
    keys, unknown = _option_keys()
    assert unknown == set()
    assert {"settings-reminders-off", "interest-on", "gov-basra", "export-format-xlsx", "cancel-item"} <= keys


def _renderings(key: str, lang: str) -> list[str]:
    if key in ARGUMENTS:
        return [plain(catalog.text(key, lang, **args)) for args in ARGUMENTS[key]]
    return [plain(catalog.text(key, lang))]


def _carries_a_value(key: str) -> bool:
    """A label with an argument that `ARGUMENTS` does not sample: it cannot render without one."""
    try:
        catalog.text(key)
    except ValueError:
        return True
    return False


def test_every_option_label_fits_a_whatsapp_button_in_arabic() -> None:
    keys, _ = _option_keys()
    too_long = {
        key: sorted({label for label in _renderings(key, "ar") if len(label) > BUTTON_LIMIT})
        for key in sorted(keys - FREE_TEXT)
        # A missing key is test_catalog's to report; a label with a value nobody listed in
        # ARGUMENTS (a question's title) carries free text, like FREE_TEXT.
        if catalog.has_message(key) and (key in ARGUMENTS or not _carries_a_value(key))
    }
    assert {key: labels for key, labels in too_long.items() if labels} == {}


def test_settings_and_interest_labels_are_whole_words_people_recognise() -> None:
    assert ar("settings-reminders-off") == "إيقاف التذكيرات"
    assert ar("settings-organizations") == "منظمات أتابعها"
    assert "«منظمات أتابعها»" in ar("follow-started", organization="منتدى")
    assert ar("interest-on", name=ar("interest-short-democracy")) == "✅ الديمقراطية"
    assert ar("interest-peace") == "السلم المجتمعي ونبذ العنف"  # the full name stays where there is room


# --- stories: places, sample events, distinguishable buttons --------------------------------------


async def _event_at(core, title: str, governorate: str, venue: str, day: int) -> None:  # type: ignore[no-untyped-def]
    event_id = await add_event(core.db, title=title, governorate=governorate, starts_at=datetime(2026, 12, day, 7, 0))
    async with core.db.transaction() as session:
        (await session.get(Event, event_id)).venue = venue


async def _details(person: Person, title: str) -> str:
    await person.text("الفعاليات")
    await person.choose("كل المحافظات")
    await person.choose(title)
    return plain(person.texts)


async def test_the_venue_does_not_repeat_the_governorate_it_already_names(core, clock) -> None:
    await _event_at(core, "جلسة في البصرة", "basra", "البصرة — قاعة صغيرة", 7)
    await _event_at(core, "ندوة في العمارة", "maysan", "العمارة — قاعة مجلس المحافظة", 8)
    await _event_at(core, "ورشة في اربيل", "erbil", "فندق في اربيل", 9)
    person = Person(core, "venue")
    await person.onboard("البصرة")
    assert "📍 المكان: البصرة — قاعة صغيرة\n" in await _details(person, "جلسة في البصرة")
    assert "📍 المكان: العمارة — قاعة مجلس المحافظة — ميسان\n" in await _details(person, "ندوة في العمارة")
    # «أربيل» typed without its hamza is still the governorate's name.
    assert "📍 المكان: فندق في اربيل\n" in await _details(person, "ورشة في اربيل")


async def test_a_sample_event_says_so_in_the_list_the_confirmation_and_the_reminder(core, clock) -> None:
    await add_event(core.db, title="ندوة تجريبية عن المشاركة", starts_at=datetime(2026, 12, 7, 7, 0), is_sample=True)
    person = Person(core, "sample")
    await person.onboard()
    await person.text("الفعاليات")
    assert "ندوة تجريبية عن المشاركة (تجريبي)" in plain(person.texts)
    await person.choose("ندوة تجريبية")
    await person.choose("سجّلني")
    assert "تم تسجيلك ✅\nندوة تجريبية عن المشاركة (تجريبي)" in plain(person.texts)
    channel = RecordingChannel()
    clock.now = datetime(2026, 12, 6, 7, 0)
    await run_tick(core.db)
    await Sender(core, {"console": channel}).drain()
    [reminder] = channel.to("sample")
    assert "ندوة تجريبية عن المشاركة (تجريبي)" in plain(reminder.text)


async def test_an_own_event_is_not_marked_as_a_sample(core, clock) -> None:
    await add_event(core.db, title="ندوة حقيقية", starts_at=datetime(2026, 12, 7, 7, 0))
    person = Person(core, "own")
    await person.onboard()
    await person.text("الفعاليات")
    assert "ندوة حقيقية" in person.texts and "تجريبي" not in person.texts


async def test_cancel_buttons_of_two_seminars_differ_within_twenty_characters(core, clock) -> None:
    titles = ["ندوة حوارية: لماذا نشارك في الانتخابات؟", "ندوة حوارية: القوانين التي تنتظرها المحافظة"]
    for day, title in enumerate(titles, start=7):
        await add_event(core.db, title=title, starts_at=datetime(2026, 12, day, 7, 0))
    person = Person(core, "two")
    await person.onboard()
    for title in titles:
        await person.text("الفعاليات")
        await person.choose(title)
        await person.choose("سجّلني")
    await person.text("تسجيلاتي")
    cancels = [plain(o.label) for o in person.replies[0].options if plain(o.label).startswith("إلغاء:")]
    assert cancels == ["إلغاء: لماذا نشارك في الانتخابات؟", "إلغاء: القوانين التي تنتظرها المحافظة"]
    assert len({label[:BUTTON_LIMIT] for label in cancels}) == 2


# --- the sample content names no real organisation -------------------------------------------------

# Real Iraqi organisations and bodies the first version of the samples named.
REAL_ORGANISATIONS = ["الأمل العراقية", "عشتار", "النجدة الشعبية", "دائرة المنظمات غير الحكومية",
                      "المنتدى الاجتماعي الكردستاني", "التضامن مع المجتمع المدني العراقي"]


def test_sample_events_are_run_by_invented_organisations_that_say_so() -> None:
    text = (CONTENT_DIR / "demo_events.yaml").read_text(encoding="utf-8")
    assert [name for name in REAL_ORGANISATIONS if name in text] == []
    events = yaml.safe_load(text)["events"]
    assert events and all(event["organizer"].endswith("(تجريبي)") for event in events)
