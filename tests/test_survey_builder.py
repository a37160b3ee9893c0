"""Organizers build surveys in the bot and choose one per event (issue 15).

From the panel's «الاستبيانات» an organizer names a survey and adds up to eight questions; from
an event's card they choose the default, a saved survey, or build a new one for that event.
Typed mistakes are explained with the same rules as the YAML import, and nobody but the
organisation's organizers and admins can touch its surveys.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from handlers.core import BotCore
from scheduler.jobs import run_tick
from scheduler.sender import Sender
from storage.models import Event, Survey
from storage.models_surveys import SavedSurvey
from storage.services import saved_surveys as service
from storage.services.staff import remove_role
from tests.channels import RecordingChannel
from tests.conftest import FakeClock
from tests.helpers import Person, add_event
from tests.test_saved_surveys import OTHER, WORKSHOP_QUESTIONS, organisation, save
from tests.test_staff_events import contact_id, open_panel_entry, staff_member

NAME = "استبيان ورش الشباب"


async def saved_surveys(core: BotCore) -> list[SavedSurvey]:
    async with core.db.transaction() as session:
        return list((await session.scalars(select(SavedSurvey).order_by(SavedSurvey.id))).all())


async def the_event(core: BotCore, event_id: int) -> tuple[Event, list[dict]]:
    async with core.db.transaction() as session:
        event = await session.get(Event, event_id)
        return event, await service.event_questions(session, event_id)


async def build(person: Person) -> None:
    """Name the survey, then a rating, a one-choice and a several-choices question, and save."""
    await person.text(NAME)
    assert "السؤال ١ من ٨ كحد أقصى" in person.texts
    await person.choose("تقييم ١–٥")
    await person.text("كيف تقيّم الورشة؟")
    assert "أُضيف السؤال" in person.texts and "السؤال ٢ من ٨" in person.texts
    await person.choose("اختيار واحد")
    await person.text("هل كانت مدة الورشة مناسبة؟")
    assert "كل خيار في سطر" in person.texts
    await person.text("قصيرة\nمناسبة\nطويلة")
    await person.choose("عدة اختيارات")
    await person.text("ما المواضيع التي تهمك؟")
    await person.text("الانتخابات، البلدية، البيئة")
    await person.choose("حفظ الاستبيان")
    assert f"حُفظ استبيان «{NAME}» (٣ أسئلة)" in person.texts


async def test_an_organizer_builds_a_survey_from_the_panel(core: BotCore) -> None:
    hope = await organisation(core)
    organizer = await staff_member(core, "100", (hope, "organizer"))
    await open_panel_entry(organizer, "الاستبيانات")
    assert "لا توجد استبيانات محفوظة بعد" in organizer.texts
    await organizer.choose("استبيان جديد")
    await build(organizer)
    [saved] = await saved_surveys(core)
    assert saved.organization_id == hope and saved.name == NAME
    assert [(q["kind"], q["text"], q.get("choices")) for q in saved.questions] == [
        ("rating", "كيف تقيّم الورشة؟", None),
        ("choice", "هل كانت مدة الورشة مناسبة؟", ["قصيرة", "مناسبة", "طويلة"]),
        ("multi", "ما المواضيع التي تهمك؟", ["الانتخابات", "البلدية", "البيئة"]),
    ]
    await organizer.choose("رجوع إلى الاستبيانات")
    await organizer.choose(NAME)
    assert "١. (تقييم ١–٥ ⭐) كيف تقيّم الورشة؟" in organizer.texts
    assert "الخيارات: قصيرة، مناسبة، طويلة" in organizer.texts


async def test_typed_mistakes_are_explained_and_nothing_is_saved_on_cancel(core: BotCore) -> None:
    hope = await organisation(core)
    await save(core, hope, NAME)
    organizer = await staff_member(core, "100", (hope, "organizer"))
    await open_panel_entry(organizer, "الاستبيانات")
    await organizer.choose("استبيان جديد")
    await organizer.text("أ")
    assert "يجب أن يكون الاسم بين ٢ و٨٠ حرفاً" in organizer.texts
    await organizer.text(NAME)
    assert f"يوجد في منظمتك استبيان باسم «{NAME}»" in organizer.texts
    await organizer.text("استبيان آخر")
    await organizer.text("سؤال بلا نوع")
    assert "اختر نوع السؤال من الأزرار" in organizer.texts
    await organizer.choose("اختيار واحد")
    await organizer.text("هل كانت المدة مناسبة؟")
    await organizer.text("نعم")
    assert "أرسل من ٢ إلى ٧ خيارات" in organizer.texts
    await organizer.text("نعم\nلا\nنعم")
    assert "الخيار «نعم» مكرر" in organizer.texts
    await organizer.choose("إلغاء")
    assert "لم يُحفظ شيء" in organizer.texts
    assert [s.name for s in await saved_surveys(core)] == [NAME]


async def test_the_ninth_question_is_never_asked(core: BotCore) -> None:
    hope = await organisation(core)
    organizer = await staff_member(core, "100", (hope, "organizer"))
    await open_panel_entry(organizer, "الاستبيانات")
    await organizer.choose("استبيان جديد")
    await organizer.text(NAME)
    for number in range(1, 9):
        await organizer.choose("نص قصير")
        await organizer.text(f"السؤال القصير رقم {number}؟")
    assert "حُفظ استبيان" in organizer.texts and "(٨ أسئلة)" in organizer.texts, "saved at the eighth"
    [saved] = await saved_surveys(core)
    assert len(saved.questions) == 8 == service.MAX_QUESTIONS


async def test_an_event_gets_a_survey_built_from_its_card(core: BotCore, clock: FakeClock) -> None:
    hope = await organisation(core)
    event_id = await add_event(core.db, starts_at=clock.now + timedelta(days=3), organization_id=hope)
    organizer = await staff_member(core, "100", (hope, "organizer"))
    await open_panel_entry(organizer, "فعاليات منظمتي")
    await organizer.choose("ندوة حوارية حول الانتخابات")
    await organizer.choose("استبيان الفعالية")
    assert "استبيان هذه الفعالية: الاستبيان الافتراضي" in organizer.texts
    assert "ما أهم الدروس المستفادة؟" in organizer.texts
    await organizer.choose("استبيان جديد")
    await build(organizer)
    assert f"ستُرسل فعالية «ندوة حوارية حول الانتخابات» الاستبيان: {NAME}" in organizer.texts
    event, questions = await the_event(core, event_id)
    [saved] = await saved_surveys(core)
    assert event.saved_survey_id == saved.id and questions == saved.questions
    await organizer.choose("رجوع إلى الفعالية")
    await organizer.choose("استبيان الفعالية")
    assert f"استبيان هذه الفعالية: {NAME}" in organizer.texts
    await organizer.choose("الاستبيان الافتراضي")
    event, questions = await the_event(core, event_id)
    assert event.saved_survey_id is None and questions[0]["text_key"] == "survey-q-rating"


async def test_a_saved_survey_is_chosen_for_an_event_and_locked_once_sent(core: BotCore, clock: FakeClock) -> None:
    hope = await organisation(core)
    await save(core, hope)
    event_id = await add_event(core.db, starts_at=clock.now + timedelta(days=1), capacity=None, organization_id=hope)
    citizen = Person(core, "7")
    await citizen.onboard()
    await citizen.text("الفعاليات")
    await citizen.choose("ندوة")
    await citizen.choose("سجّلني")
    organizer = await staff_member(core, "100", (hope, "organizer"))
    await open_panel_entry(organizer, "فعاليات منظمتي")
    await organizer.choose("ندوة حوارية حول الانتخابات")
    await organizer.choose("استبيان الفعالية")
    await organizer.choose("استبيان الورشة")
    assert "ستُرسل فعالية" in organizer.texts
    assert (await the_event(core, event_id))[1] == WORKSHOP_QUESTIONS
    choose_default = organizer.option_id("رجوع إلى الفعالية")
    clock.advance(days=1, hours=4, minutes=1)
    await run_tick(core.db)
    await Sender(core, {"console": RecordingChannel()}).drain()
    await organizer.choose_id(choose_default)
    await organizer.choose("استبيان الفعالية")
    assert "لا يمكن تغييره الآن" in organizer.texts
    assert all("الاستبيان الافتراضي" not in o.label for r in organizer.replies for o in r.options)
    async with core.db.transaction() as session:
        survey = await session.scalar(select(Survey).where(Survey.event_id == event_id))
    assert survey.questions == WORKSHOP_QUESTIONS


async def test_only_the_organisations_organizers_touch_its_surveys(core: BotCore, clock: FakeClock) -> None:
    hope, other = await organisation(core), await organisation(core, OTHER)
    saved_id = await save(core, hope)
    event_id = await add_event(core.db, starts_at=clock.now + timedelta(days=3), organization_id=hope)
    organizer = await staff_member(core, "100", (hope, "organizer"))
    await open_panel_entry(organizer, "الاستبيانات")
    delete_id = organizer.option_id("استبيان الورشة")
    await open_panel_entry(organizer, "فعاليات منظمتي")
    await organizer.choose("ندوة حوارية حول الانتخابات")
    await organizer.choose("استبيان الفعالية")
    pick_id = organizer.option_id("استبيان الورشة")
    # The organizer loses the role: the same buttons now do nothing.
    async with core.db.transaction() as session:
        await remove_role(session, hope, await contact_id(core, organizer), "organizer", actor="test")
    await organizer.choose_id(pick_id)
    await organizer.choose_id(delete_id)
    assert (await the_event(core, event_id))[0].saved_survey_id is None
    assert [s.id for s in await saved_surveys(core)] == [saved_id]
    # An organizer of another organisation sees none of them; a coordinator has no survey entry.
    stranger = await staff_member(core, "200", (other, "organizer"))
    await open_panel_entry(stranger, "الاستبيانات")
    assert "استبيان الورشة" not in [o.label for r in stranger.replies for o in r.options]
    coordinator = await staff_member(core, "300", (hope, "coordinator"))
    await coordinator.text("القائمة")
    await coordinator.choose("لوحة المنظمين")
    assert all("الاستبيانات" not in o.label for r in coordinator.replies for o in r.options)
    # Someone pressing an option issued to another person changes nothing.
    await stranger.choose_id(pick_id)
    assert (await the_event(core, event_id))[0].saved_survey_id is None
