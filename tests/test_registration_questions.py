"""Optional registration questions (issue 15): asked after registering, skippable, reused, editable, deletable."""

from __future__ import annotations

import csv
import io
import logging
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.logging_setup import CAPPED
from handlers.types import Inbound, InboundKind
from messages import catalog
from storage.event_io import ImportFailed, export_events, import_events
from storage.exports.registry import Selection
from storage.exports.writers import render
from storage.models import Contact, Organization, Registration, Staff
from storage.models_questions import ContactAnswer
from storage.services import registration_questions as rq
from storage.services.contacts import get_or_create_identity
from tests.helpers import Person, add_event, plain

SECRET_ORGANISATION = "جمعية الفجر السرية للتنمية"


async def _organization(db) -> int:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        organization = Organization(name="جمعية المثال الأولى")
        session.add(organization)
        await session.flush()
        return organization.id


async def _event_asking(db, clock, *keys: str, custom: list[tuple[str, list[str]]] | None = None,  # type: ignore[no-untyped-def]
                        title: str = "ندوة حوارية حول الانتخابات", capacity: int | None = 10,
                        organization_id: int | None = None) -> int:
    organization_id = organization_id or await _organization(db)
    event_id = await add_event(db, title=title, starts_at=clock.now + timedelta(days=2), capacity=capacity,
                               organization_id=organization_id)
    async with db.transaction() as session:
        await rq.set_standard(session, event_id, list(keys))
        for text, choices in custom or []:
            await rq.add_custom(session, event_id, text, choices)
    return event_id


async def _register(person: Person, title_part: str = "ندوة", button: str = "سجّلني") -> None:
    await person.text("الفعاليات")
    await person.choose(title_part)
    await person.choose(button)


async def press(person: Person, label: str) -> None:
    """Press the option of the last message whose label is exactly `label` (a ticket label holds «ذكر» too)."""
    options = [o for o in person.replies[-1].options if o.label == label]
    assert len(options) == 1, [o.label for o in person.replies[-1].options]
    await person.choose_id(options[0].id)


async def _answers(db, external_id: str = "1") -> dict[str, str]:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        _, contact, _ = await get_or_create_identity(session, "console", external_id)
        return await rq.known_answers(session, contact.id)


def _texts(person: Person) -> str:
    return plain(person.texts)


async def test_questions_come_right_after_registering_and_each_can_be_skipped(core, clock) -> None:
    await _event_asking(core.db, clock, "sex", "age", "organisation",
                        custom=[("كيف عرفت بالفعالية؟", ["فيسبوك", "صديق"])])
    person = Person(core)
    await person.onboard()
    await _register(person)
    assert "تم تسجيلك" in _texts(person)
    assert "أسئلة اختيارية" in _texts(person) and "سؤال اختياري ١ من ٤" in _texts(person)
    assert "الجنس؟" in _texts(person)
    labels = [o.label for o in person.replies[-1].options]
    assert labels[:3] == ["ذكر", "أنثى", "أفضّل عدم الإجابة"]
    assert "⏭ تخطي هذا السؤال" in labels
    await person.choose("أنثى")
    assert "ما فئتك العمرية؟" in _texts(person)
    assert [o.label for o in person.replies[-1].options][:6] == ["أقل من ١٨", "١٨–٢٤", "٢٥–٣٤", "٣٥–٤٤", "٤٥–٥٩",
                                                                  "٦٠ فأكثر"]
    await person.choose("تخطي")
    assert "ما اسم الجهة" in _texts(person)
    await person.text("تخطي")  # typed «skip» skips a text question too
    assert "كيف عرفت بالفعالية؟" in _texts(person)
    await press(person, "صديق")
    assert "شكراً لك، حفظنا إجاباتك" in _texts(person)
    # Stable codes are stored, text as typed (trimmed); skipped questions store nothing.
    assert await _answers(core.db) == {"sex": "female", "e1.c1": "صديق"}


async def test_prefer_not_to_say_is_offered_at_every_question_and_stored_as_a_code(core, clock) -> None:
    await _event_asking(core.db, clock, "role", "disability", "displaced", "organisation")
    person = Person(core)
    await person.onboard()
    await _register(person)
    assert [o.label for o in person.replies[-1].options][:6] == [
        "بصفة شخصية", "منظمة مجتمع مدني", "جهة حكومية", "جامعة أو طالب", "إعلام", "أخرى"]
    for _ in range(4):
        assert "أفضّل عدم الإجابة" in [o.label for o in person.replies[-1].options]
        await person.choose("أفضّل عدم الإجابة")
    assert "شكراً لك" in _texts(person)
    assert await _answers(core.db) == dict.fromkeys(("role", "disability", "displaced", "organisation"),
                                                    rq.PREFER_NOT)


async def test_a_waiting_list_place_is_followed_by_the_questions_too(core, clock) -> None:
    await _event_asking(core.db, clock, "displaced", capacity=1)
    first, second = Person(core, "1"), Person(core, "2")
    for person in (first, second):
        await person.onboard()
        await _register(person, button="سجّلني" if person is first else "انضمّ للانتظار")
    assert "قائمة الانتظار" in _texts(second)
    assert "هل أنت نازح؟" in _texts(second)
    await press(second, "نعم")
    assert await _answers(core.db, "2") == {"displaced": "yes"}


async def test_an_event_without_questions_asks_nothing(core, clock) -> None:
    await add_event(core.db, starts_at=clock.now + timedelta(days=2))
    person = Person(core)
    await person.onboard()
    await _register(person)
    assert "تم تسجيلك" in _texts(person) and "سؤال اختياري" not in _texts(person)


async def test_stopping_keeps_what_was_answered(core, clock) -> None:
    await _event_asking(core.db, clock, "sex", "age")
    person = Person(core)
    await person.onboard()
    await _register(person)
    await press(person, "ذكر")
    await person.choose("لاحقاً")
    assert "لا مزيد من الأسئلة الآن" in _texts(person)
    assert await _answers(core.db) == {"sex": "male"}


async def test_an_answer_given_once_is_shown_at_the_next_event_with_change(core, clock) -> None:
    organization_id = await _organization(core.db)
    await _event_asking(core.db, clock, "sex", title="ندوة أولى", organization_id=organization_id)
    person = Person(core)
    await person.onboard()
    await _register(person, "ندوة أولى")
    await person.choose("أنثى")
    await _event_asking(core.db, clock, "sex", "age", title="ورشة ثانية", organization_id=organization_id)
    await _register(person, "ورشة ثانية")
    text = _texts(person)
    # The known answer is shown, not asked again; only the new question is asked.
    assert "إجاباتك السابقة" in text and "• الجنس: أنثى" in text
    assert "الجنس؟" not in text and "ما فئتك العمرية؟" in text
    await person.choose("تغيير: الجنس")
    assert "الجنس؟" in _texts(person)
    await person.choose("أفضّل عدم الإجابة")
    assert "ما فئتك العمرية؟" in _texts(person)
    await person.choose("٢٥–٣٤")
    assert await _answers(core.db) == {"sex": rq.PREFER_NOT, "age": "25_34"}


async def test_every_known_answer_reused_asks_nothing_new(core, clock) -> None:
    organization_id = await _organization(core.db)
    await _event_asking(core.db, clock, "sex", title="ندوة أولى", organization_id=organization_id)
    await _event_asking(core.db, clock, "sex", title="ورشة ثانية", organization_id=organization_id)
    person = Person(core)
    await person.onboard()
    await _register(person, "ندوة أولى")
    await press(person, "ذكر")
    await _register(person, "ورشة ثانية")
    assert "• الجنس: ذكر" in _texts(person)
    await person.choose("لا تغيير")
    assert await _answers(core.db) == {"sex": "male"}


async def test_answers_can_be_changed_and_deleted_in_settings(core, clock) -> None:
    person = Person(core)
    await person.onboard()
    await person.text("الإعدادات")
    await person.choose("إجاباتي الاختيارية")
    assert "الجنس: لم تُجب" in _texts(person)
    await person.choose("تغيير: الفئة العمرية")
    await person.choose("٦٠ فأكثر")
    assert "تم الحفظ" in _texts(person) and "الفئة العمرية: ٦٠ فأكثر" in _texts(person)
    await person.choose("تغيير: الجهة")
    await person.text(SECRET_ORGANISATION)
    assert await _answers(core.db) == {"age": "60plus", "organisation": SECRET_ORGANISATION}
    await person.choose("حذف إجاباتي")
    await person.choose("نعم، احذفها")
    assert "حُذفت إجاباتك" in _texts(person)
    assert await _answers(core.db) == {}


async def test_a_too_long_typed_answer_is_refused_and_not_stored(core, clock) -> None:
    await _event_asking(core.db, clock, "organisation")
    person = Person(core)
    await person.onboard()
    await _register(person)
    await person.text("م" * (rq.MAX_TEXT_ANSWER + 1))
    assert "الإجابة طويلة" in _texts(person)
    assert await _answers(core.db) == {}


async def test_delete_my_data_removes_the_answers(core, clock) -> None:
    await _event_asking(core.db, clock, "sex")
    person = Person(core)
    await person.onboard()
    await _register(person)
    await person.choose("أنثى")
    await person.text("حذف بياناتي")
    await person.choose("نعم")
    async with core.db.transaction() as session:
        assert (await session.scalars(select(ContactAnswer))).all() == []
        assert (await session.scalars(select(Contact))).all() == []


@pytest.fixture
def capped_libraries():  # type: ignore[no-untyped-def]
    """The caps the bot's own logging setup puts on chatty libraries (SQL parameters among them)."""
    before = {name: logging.getLogger(name).level for name in CAPPED}
    for name, level in CAPPED.items():
        logging.getLogger(name).setLevel(level)
    yield
    for name, level in before.items():
        logging.getLogger(name).setLevel(level)


async def test_answers_never_reach_the_logs(core, clock, caplog: pytest.LogCaptureFixture, capped_libraries) -> None:
    caplog.set_level(logging.DEBUG)
    await _event_asking(core.db, clock, "sex", "organisation", custom=[("سؤال خاص؟", ["خيار أول", "خيار ثان"])])
    person = Person(core)
    await person.onboard()
    await _register(person)
    await person.choose("أنثى")
    await person.text(SECRET_ORGANISATION)
    await person.choose("خيار ثان")
    await person.text("الإعدادات")
    await person.choose("إجاباتي الاختيارية")
    assert await _answers(core.db) == {"sex": "female", "organisation": SECRET_ORGANISATION,
                                       "e1.c1": "خيار ثان"}
    # A redelivered update is logged: proof that this test sees what the bot logs.
    for _ in range(2):
        await person.send(Inbound("console", "1", InboundKind.TEXT, text=SECRET_ORGANISATION, update_key="u-7"))
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert "duplicate update ignored" in logged
    for secret in (SECRET_ORGANISATION, "أنثى", "female", "خيار ثان"):
        assert secret not in logged


async def _organizer(db, external_id: str = "org1", role: str = "organizer") -> tuple[int, int]:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        organization = Organization(name="منظمة المنظِّم")
        session.add(organization)
        _, contact, _ = await get_or_create_identity(session, "console", external_id)
        await session.flush()
        session.add(Staff(organization_id=organization.id, contact_id=contact.id, role=role))
        return organization.id, contact.id


async def test_an_organizer_ticks_standard_questions_and_adds_own_ones_from_the_event_card(core, clock) -> None:
    organization_id, contact_id = await _organizer(core.db)
    event_id = await add_event(core.db, starts_at=clock.now + timedelta(days=3), organization_id=organization_id)
    staff = Person(core, "org1")
    await staff.onboard()
    await staff.choose_id(core.codec.encode(contact_id, "ma", event_id))
    await staff.choose("أسئلة التسجيل")
    assert "⬜ الجنس" in [o.label for o in staff.replies[-1].options]
    await staff.choose("⬜ الجنس")
    await staff.choose("⬜ الفئة العمرية")
    assert {"✅ الجنس", "✅ الفئة العمرية", "⬜ نازح"} <= {o.label for o in staff.replies[-1].options}
    await staff.choose("سؤال خاص بكم")
    await staff.text("ما القطاع الذي تعمل فيه؟\nتعليم\nصحة\nأخرى")
    assert "أضفنا السؤال" in _texts(staff) and "اختيارات: تعليم، صحة، أخرى" in _texts(staff)
    await staff.choose("سؤال خاص بكم")
    await staff.text("سؤال باختيار واحد فقط | وحيد")
    assert "الاختيارات من ٢ إلى ٦" in _texts(staff)
    await staff.text("ما توقعاتك من الورشة؟")
    assert "ما توقعاتك من الورشة؟ — نص قصير" in _texts(staff)
    await staff.choose("⬜ الفئة العمرية".replace("⬜", "✅"))  # ask it no more
    async with core.db.transaction() as session:
        asked = await rq.event_questions(session, event_id)
    assert [q.key for q in asked] == ["sex", f"e{event_id}.c1", f"e{event_id}.c2"]
    assert asked[1].choices == ("تعليم", "صحة", "أخرى") and asked[2].kind == rq.TEXT
    await staff.choose("حذف السؤال 1".replace("1", "١"))
    async with core.db.transaction() as session:
        assert [q.text for q in await rq.event_questions(session, event_id) if not q.standard] == [
            "ما توقعاتك من الورشة؟"]


async def test_an_organisation_has_at_most_three_own_questions(core, clock) -> None:
    event_id = await _event_asking(core.db, clock, custom=[("س١؟", []), ("س٢؟", []), ("س٣؟", [])])
    async with core.db.transaction() as session:
        with pytest.raises(rq.QuestionInputError):
            await rq.add_custom(session, event_id, "س٤؟", [])


async def test_a_coordinator_cannot_choose_the_questions(core, clock) -> None:
    organization_id, contact_id = await _organizer(core.db, "coord", role="coordinator")
    event_id = await add_event(core.db, starts_at=clock.now + timedelta(days=3), organization_id=organization_id)
    staff = Person(core, "coord")
    await staff.onboard()
    await staff.choose_id(core.codec.encode(contact_id, "qT", event_id, 0))
    async with core.db.transaction() as session:
        assert await rq.event_questions(session, event_id) == []


def _events_csv(path: Path, questions: str) -> Path:
    header = ["organization", "title", "kind", "governorate", "venue", "starts", "description", "questions"]
    row = ["جمعية المثال الأولى", "ندوة عن المشاركة", "seminar", "بغداد", "قاعة المدينة", "2026-12-20 10:00",
           "وصف", questions]
    out = io.StringIO()
    csv.writer(out).writerows([header, row])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


async def test_events_import_reads_the_questions_column_and_export_writes_it_back(db, clock, tmp_path) -> None:
    await _organization(db)
    path = _events_csv(tmp_path / "events.csv", "sex, age; النازحين؟; text: ما توقعاتك؟; "
                                                "choice: كيف عرفت بنا؟ | فيسبوك | صديق")
    async with db.transaction() as session:
        with pytest.raises(ImportFailed) as failed:
            await import_events(session, path, actor="test")
    assert "line 2: questions: unknown question «النازحين؟»" in str(failed.value)
    path = _events_csv(tmp_path / "events.csv", "sex, age; نازح; text: ما توقعاتك؟; "
                                                "choice: كيف عرفت بنا؟ | فيسبوك | صديق")
    async with db.transaction() as session:
        imported = await import_events(session, path, actor="test")
        event_id = imported.events[0].id
        asked = await rq.event_questions(session, event_id)
        exported = await export_events(session, "csv")
    assert [q.key for q in asked] == ["sex", "age", "displaced", f"e{event_id}.c1", f"e{event_id}.c2"]
    assert asked[4].choices == ("فيسبوك", "صديق")
    row = list(csv.DictReader(io.StringIO(exported)))[0]
    assert row["questions"] == "sex; age; displaced; text: ما توقعاتك؟; choice: كيف عرفت بنا؟ | فيسبوك | صديق"
    assert rq.parse_questions_cell(row["questions"]) == rq.parse_questions_cell(
        "sex, age; نازح; text: ما توقعاتك؟; choice: كيف عرفت بنا؟ | فيسبوك | صديق")


def test_the_questions_cell_explains_what_is_wrong() -> None:
    assert rq.parse_questions_cell("") == ([], [])
    assert rq.parse_questions_cell("all")[0] == list(rq.STANDARD)
    assert "has no choices" in str(rq.parse_questions_cell("choice: لون؟"))
    assert "at most 3" in str(rq.parse_questions_cell("text: أ؟; text: ب؟; text: ج؟; text: د؟"))
    assert rq.parse_questions_cell([{"text": "سؤال؟", "choices": ["أ", "ب"]}, "gender"]) == (
        ["sex"], [{"text": "سؤال؟", "kind": "choice", "choices": ["أ", "ب"]}])


async def test_registrations_and_attendance_exports_carry_the_answers_as_columns(core, clock) -> None:
    event_id = await _event_asking(core.db, clock, "sex", "organisation", custom=[("سؤال خاص؟", ["نعم", "كلا"])])
    first, second = Person(core, "1"), Person(core, "2")
    for person in (first, second):
        await person.onboard()
        await _register(person)
    await first.choose("أنثى")
    await first.text("=جمعية")  # citizen text: never a formula in the file
    await first.choose("كلا")
    await second.choose("أفضّل عدم الإجابة")
    async with core.db.transaction() as session:
        for registration in (await session.scalars(select(Registration))).all():
            registration.checked_in_at = clock.now
    async with core.db.transaction() as session:
        registrations = await render(session, "registrations", "csv", Selection(event_id=event_id), actor="test")
        attendance = await render(session, "attendance", "csv", Selection(event_id=event_id), actor="test")
    for result in (registrations, attendance):
        rows = list(csv.reader(io.StringIO(result.data.decode("utf-8-sig"))))
        assert rows[0][-3:] == ["الجنس", "الجهة", "سؤال خاص؟"]
        assert rows[1][-3:] == ["أنثى", "'=جمعية", "كلا"]
        assert rows[2][-3:] == ["أفضّل عدم الإجابة", "", ""]


def test_the_consent_text_names_the_optional_answers() -> None:
    assert "أسئلة التسجيل الاختيارية" in catalog.text("welcome", "ar")
    assert "أسئلة التسجيل الاختيارية" in catalog.text("welcome-whatsapp", "ar")
    assert "optional registration questions" in catalog.text("welcome", "en")
    assert "پرسیارە ئارەزوومەندانەی تۆمارکردن" in catalog.text("welcome", "ckb")


async def test_pressing_something_else_leaves_a_waiting_text_question(core, clock) -> None:
    await _event_asking(core.db, clock, "organisation")
    person = Person(core)
    await person.onboard()
    await _register(person)
    assert "ما اسم الجهة" in _texts(person)
    await person.choose("تسجيلاتي")
    await person.text("الفعاليات")
    assert "ما اسم الجهة" not in _texts(person)
    assert await _answers(core.db) == {}


async def test_right_after_creating_an_event_the_organizer_is_offered_its_questions(core, clock) -> None:
    from tests.test_staff_events import create_until, organisation, staff_member

    organizer = await staff_member(core, "100", (await organisation(core, "جمعية الأسئلة"), "organizer"))
    await create_until(organizer, "none")  # every step answered: the preview is shown
    await organizer.choose("نشر ✅")
    assert "نُشرت الفعالية" in _texts(organizer)
    await organizer.choose("أسئلة التسجيل")
    await organizer.choose("⬜ نازح")
    assert "✅ نازح" in [o.label for o in organizer.replies[-1].options]
