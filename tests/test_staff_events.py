"""Organizers create, publish, edit, close and cancel their organisation's events in the bot.

Stories through BotCore.handle with people who talk and press options, then the authorization
matrix: every action of handlers.staff_events for a citizen, a coordinator, an organizer of
another organisation, the organizer and an admin, with correctly signed ids — those who may
not get the polite refusal and not one database row changes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete, select

import handlers.staff_events  # noqa: F401 - registers the actions (handlers.features does not list it yet)
from handlers.core import BotCore
from scheduler.jobs import run_tick
from scheduler.sender import Sender
from storage.models import AuditLog, Contact, Delivery, Event, Identity, Registration, Staff
from storage.services.registration import new_ticket_code
from storage.services.staff import add_organization, grant_role
from tests.channels import RecordingChannel
from tests.helpers import Person, add_event

HOPE = "جمعية المثال الأولى"
MAYSAN_CENTRE = "مركز المشاركة المجتمعي في ميسان"
TITLE = "ندوة حوارية: لماذا نشارك في الانتخابات؟"
VENUE = "العمارة — قاعة مجلس المحافظة"
# From the seeds: a long description with Arabic punctuation and digits.
DESCRIPTION = (
    "لقاء مفتوح مع مستشار قانوني وأعضاء من مركز المشاركة المجتمعي عن دور المواطن في العملية الانتخابية، "
    "وكيف تربط المراكز المجتمعية بين الأهالي والسلطات المحلية (٣ محاور، ٩٠ دقيقة).\n"
    "يتبع العرض نقاش مفتوح لأسئلة الحضور حول التسجيل والتصويت وأسباب العزوف عن المشاركة؟!"
)
REFUSED = "متاح للمنظمين المخوّلين فقط"


# --- people and organisations -------------------------------------------------------------------


async def contact_id(core: BotCore, person: Person) -> int:
    """The contact id behind a person's channel identity."""
    async with core.db.transaction() as session:
        return await session.scalar(
            select(Identity.contact_id).where(Identity.channel == person.channel,
                                              Identity.external_id == person.external_id)
        )


async def organisation(core: BotCore, name: str) -> int:
    """Create an organisation and return its id."""
    async with core.db.transaction() as session:
        return (await add_organization(session, name)).id


async def staff_member(core: BotCore, external_id: str, *roles: tuple[int, str]) -> Person:
    """An onboarded person holding `roles` ((organisation id, role) pairs)."""
    person = Person(core, external_id)
    await person.onboard("ميسان")
    cid = await contact_id(core, person)
    async with core.db.transaction() as session:
        for organization_id, role in roles:
            await grant_role(session, organization_id, cid, role, actor="test")
    return person


@pytest.fixture
async def hope(core) -> int:  # type: ignore[no-untyped-def]
    """The Baghdad association that organises the events of these stories."""
    return await organisation(core, HOPE)


@pytest.fixture
async def organizer(core, clock, hope) -> Person:  # type: ignore[no-untyped-def]
    """An organizer of جمعية المثال الأولى."""
    return await staff_member(core, "100", (hope, "organizer"))


async def open_panel_entry(person: Person, entry: str) -> None:
    """Menu → organizers' panel → an entry."""
    await person.text("القائمة")
    await person.choose("لوحة المنظمين")
    await person.choose(entry)


async def create_until(person: Person, step: str) -> None:
    """Answer the creation questions up to (not including) `step`."""
    await open_panel_entry(person, "فعالية جديدة")
    answers = [
        ("title", lambda: person.text(TITLE)),
        ("kind", lambda: person.choose("ندوة حوارية")),
        ("governorate", lambda: person.choose("ميسان")),
        ("venue", lambda: person.text(VENUE)),
        ("map", lambda: person.choose("بدون خريطة")),
        ("starts", lambda: person.text("٧/١٢/٢٠٢٦ ١٠:٠٠")),
        ("duration", lambda: person.choose("ساعتان")),
        ("capacity", lambda: person.text("٤٠")),
        ("description", lambda: person.text(DESCRIPTION)),
    ]
    for name, answer in answers:
        if name == step:
            return
        await answer()


async def state_of(core: BotCore, person: Person) -> dict:
    """The conversation state the bot keeps for a person (without the memory of the options last shown)."""
    async with core.db.transaction() as session:
        state = (await session.get(Contact, await contact_id(core, person))).state or {}
    return {key: value for key, value in state.items() if key not in ("offered", "offered_menu")}


async def only_event(core: BotCore) -> Event:
    """The one event in the database."""
    async with core.db.transaction() as session:
        [event] = (await session.scalars(select(Event))).all()
        return event


async def register_citizen(core: BotCore, external_id: str, title_part: str, governorate: str = "ميسان") -> Person:
    """A citizen who finds the event in their governorate and registers."""
    citizen = Person(core, external_id)
    await citizen.onboard(governorate)
    await citizen.text("الفعاليات")
    await citizen.choose(title_part)
    await citizen.choose_id(citizen.replies[0].options[0].id)  # «register me», or «join the waiting list» when full
    assert "تم تسجيلك" in citizen.texts or "قائمة الانتظار" in citizen.texts
    return citizen


# --- guided creation ------------------------------------------------------------------------------


async def test_an_organizer_creates_and_publishes_an_event_that_citizens_then_see_exactly_as_previewed(
        core, clock, organizer, hope) -> None:
    await open_panel_entry(organizer, "فعالية جديدة")
    assert HOPE in organizer.texts and "الخطوة ١ من ٩" in organizer.texts
    await organizer.text(TITLE)
    assert "ما نوع الفعالية" in organizer.texts
    await organizer.choose("ندوة حوارية")
    assert "في أي محافظة" in organizer.texts
    await organizer.choose("ميسان")
    await organizer.text(VENUE)
    assert "رابط الموقع على الخريطة" in organizer.texts
    await organizer.text("https://maps.app.goo.gl/abc123")
    assert "متى تبدأ" in organizer.texts
    await organizer.text("٧/١٢/٢٠٢٦ ١٠:٠٠")
    assert "كم تستغرق" in organizer.texts
    await organizer.text("٩٠ دقيقة")
    assert "كم عدد المقاعد" in organizer.texts
    await organizer.text("٤٠")
    assert "اكتب وصفاً" in organizer.texts
    await organizer.text(DESCRIPTION)
    assert "معاينة" in organizer.texts
    preview = organizer.replies[1].text
    assert TITLE in preview and "الاثنين ٧ كانون الأول ٢٠٢٦، الساعة ١٠:٠٠ صباحاً" in preview
    assert "بقي ٤٠ مقعد" in preview and "maps.app.goo.gl" in preview and HOPE in preview
    await organizer.choose("نشر")
    assert "نُشرت الفعالية" in organizer.texts

    event = await only_event(core)
    assert (event.organization_id, event.organizer_name, event.status) == (hope, HOPE, "published")
    assert event.starts_at == datetime(2026, 12, 7, 7, 0)  # 10:00 in Baghdad is 07:00 UTC
    assert (event.kind, event.governorate, event.venue) == ("seminar", "maysan", VENUE)
    assert (event.duration_minutes, event.capacity, event.description) == (90, 40, DESCRIPTION)
    assert await state_of(core, organizer) == {}

    citizen = Person(core, "1")
    await citizen.onboard("ميسان")
    await citizen.text("الفعاليات")
    await citizen.choose("ندوة حوارية")
    assert citizen.replies[0].text == preview
    async with core.db.transaction() as session:
        actions = (await session.scalars(select(AuditLog.action).where(AuditLog.action.like("event.%")))).all()
    assert actions == ["event.create"]


async def test_the_draft_lives_in_the_database_between_messages(core, clock, organizer) -> None:
    await create_until(organizer, "venue")
    state = await state_of(core, organizer)
    assert state["await"] == "event_create" and state["step"] == "venue"
    assert state["draft"] == {"title": TITLE, "kind": "seminar", "governorate": "maysan"}
    # A second core over the same database (a restart, another worker) carries on.
    restarted = Person(await BotCore.create(core.db, core.config), organizer.external_id)
    await restarted.text(VENUE)
    assert "رابط الموقع على الخريطة" in restarted.texts


async def test_an_organizer_of_several_organisations_chooses_one_first(core, clock, hope) -> None:
    maysan = await organisation(core, MAYSAN_CENTRE)
    person = await staff_member(core, "100", (hope, "organizer"), (maysan, "admin"))
    await open_panel_entry(person, "فعالية جديدة")
    assert "لأي منظمة" in person.texts
    await person.choose(MAYSAN_CENTRE)
    assert MAYSAN_CENTRE in person.texts and "ما عنوان الفعالية" in person.texts
    assert (await state_of(core, person))["org"] == maysan


BAD_DATES = [
    ("٣٠/١١/٢٠٢٦ ١٠:٠٠", "قد مضى"),
    ("2026-12-01 11:00", "قد مضى"),  # earlier today in Baghdad (it is 12:00 there)
    ("٣١/٢/٢٠٢٧ ١٠:٠٠", "لا يوجد يوم ٣١ في شباط ٢٠٢٧"),
    ("31/02/2027 10:00", "لا يوجد يوم ٣١ في شباط ٢٠٢٧"),
    ("2026-12-07 25:00", "اكتب الساعة هكذا"),
    ("٧/١٣/٢٠٢٦ ١٠:٠٠", "الشهر رقم من ١ إلى ١٢"),
    ("غداً", "اكتب الساعة هكذا"),  # a day without a time
    ("25:00", "لم أفهم التاريخ"),
    ("   ", "لم أفهم التاريخ"),
    ("؟؟ asdf ١٢", "لم أفهم التاريخ"),
    ("٧/١٢/٢٠٢٦", "اكتب الساعة هكذا"),  # no time
    ("7 كانون الأول 10 صباحاً", "اكتب السنة بأربعة أرقام"),
    ("٧/١٢/٢٠٣٠ ١٠:٠٠", "بعيد جداً"),
]


@pytest.mark.parametrize(("typed", "message"), BAD_DATES, ids=[t for t, _ in BAD_DATES])
async def test_a_bad_start_is_explained_and_asked_again(core, clock, organizer, typed: str, message: str) -> None:
    await create_until(organizer, "starts")
    await organizer.text(typed)
    assert message in organizer.texts
    assert "متى تبدأ الفعالية" in organizer.texts
    assert (await state_of(core, organizer))["step"] == "starts"


GOOD_DATES = [
    ("٧/١٢/٢٠٢٦ ١٠:٠٠", datetime(2026, 12, 7, 7, 0)),
    ("۷/۱۲/۲۰۲۶ ۱۰:۰۰", datetime(2026, 12, 7, 7, 0)),  # Persian digits
    ("2026-12-07 10:00", datetime(2026, 12, 7, 7, 0)),
    ("07/12/2026 18:30", datetime(2026, 12, 7, 15, 30)),
    ("2026-12-01 12:30", datetime(2026, 12, 1, 9, 30)),  # half an hour from now
]


@pytest.mark.parametrize(("typed", "stored"), GOOD_DATES, ids=[t for t, _ in GOOD_DATES])
async def test_a_start_in_any_digits_is_read_as_baghdad_time(core, clock, organizer, typed: str,
                                                            stored: datetime) -> None:
    await create_until(organizer, "starts")
    await organizer.text(typed)
    assert "كم تستغرق" in organizer.texts
    assert (await state_of(core, organizer))["draft"]["starts_at"] == stored.isoformat()


BAD_CAPACITIES = [
    ("0", "من ١ إلى ١٠٠٬٠٠٠"),
    ("٠", "من ١ إلى ١٠٠٬٠٠٠"),
    ("-5", "من ١ إلى ١٠٠٬٠٠٠"),
    ("100001", "من ١ إلى ١٠٠٬٠٠٠"),
    ("عشرة", "بالأرقام"),
    ("ten", "بالأرقام"),
    ("3.5", "بالأرقام"),
    ("", "بالأرقام"),
]


@pytest.mark.parametrize(("typed", "message"), BAD_CAPACITIES, ids=[t or "empty" for t, _ in BAD_CAPACITIES])
async def test_a_bad_capacity_is_explained_and_asked_again(core, clock, organizer, typed: str, message: str) -> None:
    await create_until(organizer, "capacity")
    await organizer.text(typed)
    assert message in organizer.texts
    assert "كم عدد المقاعد" in organizer.texts
    assert (await state_of(core, organizer))["step"] == "capacity"


GOOD_CAPACITIES = [("١٥", 15), ("15", 15), ("۱۵", 15), ("100000", 100000), ("1,000", 1000), ("غير محدود", None),
                   ("غير محدوده", None)]


@pytest.mark.parametrize(("typed", "stored"), GOOD_CAPACITIES, ids=[t for t, _ in GOOD_CAPACITIES])
async def test_a_capacity_is_a_number_or_unlimited(core, clock, organizer, typed: str, stored: int | None) -> None:
    await create_until(organizer, "capacity")
    await organizer.text(typed)
    assert "اكتب وصفاً" in organizer.texts
    assert (await state_of(core, organizer))["draft"]["capacity"] == stored


async def test_unlimited_can_be_pressed_and_the_preview_says_so(core, clock, organizer) -> None:
    await create_until(organizer, "capacity")
    await organizer.choose("غير محدود")
    await organizer.text(DESCRIPTION)
    assert "المقاعد غير محدودة" in organizer.replies[1].text


@pytest.mark.parametrize(("typed", "minutes"), [("90", 90), ("١٫٥ ساعة", 90), ("2 ساعات", 120), ("ساعتين", 120),
                                                ("٤٥ دقيقة", 45)])
async def test_a_duration_is_typed_in_minutes_or_hours(core, clock, organizer, typed: str, minutes: int) -> None:
    await create_until(organizer, "duration")
    await organizer.text(typed)
    assert (await state_of(core, organizer))["draft"]["duration_minutes"] == minutes


@pytest.mark.parametrize(("typed", "message"), [("5", "بين ١٥ دقيقةً وأسبوع"), ("طويلة", "لم أفهم المدة")])
async def test_a_bad_duration_is_explained(core, clock, organizer, typed: str, message: str) -> None:
    await create_until(organizer, "duration")
    await organizer.text(typed)
    assert message in organizer.texts and "كم تستغرق" in organizer.texts


async def test_too_short_titles_bad_links_and_too_long_descriptions_are_refused(core, clock, organizer) -> None:
    await open_panel_entry(organizer, "فعالية جديدة")
    await organizer.text("ند")
    assert "من ٣ إلى ٢٠٠ حرف، وما كتبته حرفان." in organizer.texts and "ما عنوان الفعالية" in organizer.texts
    await organizer.text(TITLE)
    await organizer.text("ندوه حواريه")  # typed instead of pressed: the kind by its name works too
    assert "في أي محافظة" in organizer.texts
    await organizer.text("البصره")
    assert "أين تُقام" in organizer.texts
    await organizer.text(VENUE)
    await organizer.text("قرب الجسر")
    assert "لا يبدو رابط خريطة" in organizer.texts
    await organizer.choose("بدون خريطة")
    await organizer.text("2026-12-20 17:00")
    await organizer.choose("ساعة واحدة")
    await organizer.text("٢٥")
    await organizer.text("س" * 2501)
    assert "طوله ٢٬٥٠١ حرف والحد الأقصى ٢٬٥٠٠ حرف" in organizer.texts
    assert (await state_of(core, organizer))["step"] == "description"
    await organizer.text("س" * 2500)
    assert "معاينة" in organizer.texts and "س" * 2500 in organizer.replies[1].text


async def test_cancelling_the_conversation_saves_nothing(core, clock, organizer) -> None:
    await create_until(organizer, "starts")
    await organizer.choose("إلغاء")
    assert "لم يُحفظ شيء" in organizer.texts
    assert await state_of(core, organizer) == {}
    async with core.db.transaction() as session:
        assert (await session.scalars(select(Event))).all() == []


async def test_an_old_button_from_an_earlier_step_brings_back_the_current_question(core, clock, organizer) -> None:
    await open_panel_entry(organizer, "فعالية جديدة")
    await organizer.text(TITLE)
    old_kind = organizer.option_id("ورشة عمل")
    await organizer.choose("ندوة حوارية")
    await organizer.choose_id(old_kind)
    assert "من خطوة سابقة" in organizer.texts and "في أي محافظة" in organizer.texts
    assert (await state_of(core, organizer))["draft"]["kind"] == "seminar"


async def test_a_draft_is_hidden_from_citizens_until_published(core, clock, organizer) -> None:
    await create_until(organizer, "description")
    await organizer.text(DESCRIPTION)
    await organizer.choose("حفظ كمسودة")
    assert "كمسودة" in organizer.texts
    event = await only_event(core)
    assert event.status == "draft"

    citizen = Person(core, "1")
    await citizen.onboard("ميسان")
    await citizen.text("الفعاليات")
    assert "لا توجد فعاليات قادمة" in citizen.texts
    await citizen.choose_id(core.codec.encode(await contact_id(core, citizen), "ev", event.id))
    assert "لم تعد متاحة" in citizen.texts
    await citizen.choose_id(core.codec.encode(await contact_id(core, citizen), "rg", event.id))
    async with core.db.transaction() as session:
        assert (await session.scalars(select(Registration))).all() == []

    await open_panel_entry(organizer, "فعاليات منظمتي")
    assert "[مسودة]" in organizer.texts
    await organizer.choose(TITLE[:10])
    assert "مسودة (لا يراها المواطنون)" in organizer.texts
    await organizer.choose("نشر الفعالية")
    assert "يراها المواطنون الآن" in organizer.texts
    await citizen.text("الفعاليات")
    await citizen.choose("ندوة حوارية")
    assert "سجّلني" in [o.label for o in citizen.replies[0].options][0]


async def test_the_start_time_passing_during_the_preview_asks_for_a_new_one(core, clock, organizer) -> None:
    await create_until(organizer, "starts")
    await organizer.text("2026-12-01 12:30")
    await organizer.choose("ساعة واحدة")
    await organizer.choose("غير محدود")
    await organizer.text(DESCRIPTION)
    clock.advance(hours=1)
    await organizer.choose("نشر")
    assert "قد مضى" in organizer.texts and "متى تبدأ" in organizer.texts
    await organizer.text("2026-12-02 12:30")
    assert "كم تستغرق" in organizer.texts  # the rest of the answers are kept and asked again in order


# --- managing: list, card, counts ------------------------------------------------------------------


async def test_my_organisations_events_are_paged_and_other_organisations_are_not_listed(core, clock, hope) -> None:
    maysan = await organisation(core, MAYSAN_CENTRE)
    person = await staff_member(core, "100", (hope, "organizer"))
    for day in range(1, 9):
        await add_event(core.db, title=f"ورشة رقم {day}", starts_at=clock.now + timedelta(days=day),
                        organization_id=hope)
    await add_event(core.db, title="فعالية منظمة أخرى", starts_at=clock.now + timedelta(days=2),
                    organization_id=maysan)
    await add_event(core.db, title="ورشة مضت", starts_at=clock.now - timedelta(days=2), organization_id=hope)
    await open_panel_entry(person, "فعاليات منظمتي")
    assert "الصفحة ١ من ٢" in person.texts
    labels = [o.label for o in person.replies[0].options]
    assert [label for label in labels if label.startswith("ورشة")] == [f"ورشة رقم {d}" for d in range(1, 7)]
    assert len(labels) <= 10
    await person.choose("الصفحة التالية")
    labels = [o.label for o in person.replies[0].options]
    assert [label for label in labels if label.startswith("ورشة")] == ["ورشة رقم 7", "ورشة رقم 8"]
    assert "فعالية منظمة أخرى" not in person.texts and "مضت" not in person.texts


async def test_the_admin_card_shows_live_counts(core, clock, hope, organizer) -> None:
    event_id = await add_event(core.db, title=TITLE, governorate="maysan", starts_at=clock.now + timedelta(days=3),
                               capacity=1, organization_id=hope)
    first = await register_citizen(core, "1", "ندوة حوارية")
    await register_citizen(core, "2", "ندوة حوارية")
    async with core.db.transaction() as session:
        registration = await session.scalar(
            select(Registration).where(Registration.contact_id == await contact_id(core, first)))
        registration.checked_in_at = clock.now
    await organizer.choose_id(core.codec.encode(await contact_id(core, organizer), "ma", event_id))
    card = organizer.texts
    assert "✅ مؤكد: ١" in card and "⏳ على قائمة الانتظار: ١" in card and "🎫 حضروا: ١" in card
    assert "💺 المقاعد المتبقية: ٠" in card and "التسجيل: مفتوح" in card


# --- edits registrants hear about -------------------------------------------------------------------


async def _published_with_registrant(core, clock, hope, organizer, **fields):  # type: ignore[no-untyped-def]
    event_id = await add_event(core.db, title=TITLE, governorate="maysan", starts_at=clock.now + timedelta(days=3),
                               organization_id=hope, **fields)
    citizen = await register_citizen(core, "1", "ندوة حوارية")
    await open_panel_entry(organizer, "فعاليات منظمتي")
    await organizer.choose(TITLE[:10])
    return event_id, citizen


async def test_moving_the_start_tells_registrants_and_moves_their_reminders(core, clock, hope, organizer) -> None:
    event_id, citizen = await _published_with_registrant(core, clock, hope, organizer)
    old_start = clock.now + timedelta(days=3)
    await organizer.choose("تعديل")
    await organizer.choose("الموعد")
    assert "القيمة الحالية" in organizer.texts and "متى تبدأ" in organizer.texts
    await organizer.text("٣١/٢/٢٠٢٧ ١٠:٠٠")
    assert "لا يوجد يوم ٣١ في شباط ٢٠٢٧" in organizer.texts
    await organizer.text("٩/١٢/٢٠٢٦ ١٨:٠٠")
    assert "تم حفظ التعديل" in organizer.texts and "مسجّل واحد" in organizer.texts
    new_start = datetime(2026, 12, 9, 15, 0)
    assert (await only_event(core)).starts_at == new_start

    citizen_id = await contact_id(core, citizen)
    async with core.db.transaction() as session:
        moved = await session.scalar(select(Delivery).where(Delivery.kind == "event-moved"))
        edits = (await session.scalars(select(AuditLog).where(AuditLog.action == "event.edit"))).all()
    assert moved.contact_id == citizen_id
    assert [(a.details["field"], a.details["notified"]) for a in edits] == [("starts_at", 1)]

    channel = RecordingChannel()
    sender = Sender(core, {"console": channel})
    await sender.drain()
    assert "تغيّر موعد" in channel.to("1")[0].text
    clock.now = old_start - timedelta(hours=24)  # the old reminder moment: nothing
    await run_tick(core.db)
    await sender.drain()
    assert len(channel.to("1")) == 1
    clock.now = new_start - timedelta(hours=24)
    await run_tick(core.db)
    await sender.drain()
    assert len(channel.to("1")) == 2 and "تذكير" in channel.to("1")[1].text


async def test_a_new_venue_is_sent_to_registrants(core, clock, hope, organizer) -> None:
    await _published_with_registrant(core, clock, hope, organizer)
    await organizer.choose("تعديل")
    await organizer.choose("المكان")
    await organizer.text("العمارة — قاعة الجامعة")
    assert "تم حفظ التعديل" in organizer.texts and "مسجّل واحد" in organizer.texts
    channel = RecordingChannel()
    await Sender(core, {"console": channel}).drain()
    [notice] = channel.to("1")
    assert "تغيّر مكان" in notice.text and "المكان الجديد: العمارة — قاعة الجامعة" in notice.text
    assert "(كان: بغداد — قاعة)" in notice.text


async def test_a_new_title_or_description_is_saved_and_audited_without_notices(core, clock, hope, organizer) -> None:
    await _published_with_registrant(core, clock, hope, organizer)
    await organizer.choose("تعديل")
    await organizer.choose("الوصف")
    await organizer.text("وصف جديد للفعالية.")
    await organizer.choose("تعديل")
    await organizer.choose("العنوان")
    await organizer.text(TITLE)
    assert "لم يتغير شيء" in organizer.texts
    event = await only_event(core)
    assert event.description == "وصف جديد للفعالية."
    async with core.db.transaction() as session:
        assert (await session.scalars(select(Delivery.kind))).all() == []
        assert len((await session.scalars(select(AuditLog).where(AuditLog.action == "event.edit"))).all()) == 1


async def _edit(organizer: Person, field: str) -> None:
    await organizer.choose("تعديل")
    await organizer.choose(field)
    assert "القيمة الحالية" in organizer.texts


async def _edits(core: BotCore) -> list[tuple[str, object]]:
    async with core.db.transaction() as session:
        rows = (await session.scalars(select(AuditLog).where(AuditLog.action == "event.edit").order_by(AuditLog.id)))
        return [(a.details["field"], a.details["new"]) for a in rows.all()]


async def test_the_kind_is_changed_by_option_or_by_typing_its_name(core, clock, hope, organizer) -> None:
    await _published_with_registrant(core, clock, hope, organizer)
    await _edit(organizer, "نوع الفعالية")
    assert "ندوة حوارية" in organizer.texts  # the current kind, by name
    await organizer.choose("ورشة عمل")
    assert "تم حفظ التعديل" in organizer.texts and (await only_event(core)).kind == "workshop"
    await _edit(organizer, "نوع الفعالية")
    await organizer.text("مؤتمر")
    await _edit(organizer, "نوع الفعالية")
    await organizer.text("حفلة")
    assert "اختر أحد الخيارات" in organizer.texts
    assert await _edits(core) == [("kind", "workshop"), ("kind", "conference")]
    async with core.db.transaction() as session:
        assert (await session.scalars(select(Delivery.kind))).all() == []  # nobody is told about a kind


async def test_a_new_governorate_is_saved_and_sent_to_registrants(core, clock, hope, organizer) -> None:
    await _published_with_registrant(core, clock, hope, organizer)
    await _edit(organizer, "المحافظة")
    assert "القيمة الحالية: ميسان" in organizer.texts
    await organizer.text("الناصرية")  # a city chooses its governorate
    assert "تم حفظ التعديل" in organizer.texts and "مسجّل واحد" in organizer.texts
    assert (await only_event(core)).governorate == "dhiqar"
    channel = RecordingChannel()
    await Sender(core, {"console": channel}).drain()
    [notice] = channel.to("1")
    assert "تغيّرت محافظة" in notice.text and "المحافظة الجديدة: ذي قار" in notice.text
    assert "(كانت: ميسان)" in notice.text
    await _edit(organizer, "المحافظة")
    await organizer.choose("بغداد")
    assert (await only_event(core)).governorate == "baghdad"
    assert await _edits(core) == [("governorate", "dhiqar"), ("governorate", "baghdad")]


async def test_the_map_link_is_set_and_removed(core, clock, hope, organizer) -> None:
    await _published_with_registrant(core, clock, hope, organizer)
    await _edit(organizer, "رابط الخريطة")
    await organizer.text("خريطة")
    assert "لا يبدو رابط خريطة" in organizer.texts
    await organizer.text("https://maps.app.goo.gl/Amara123")
    assert (await only_event(core)).map_url == "https://maps.app.goo.gl/Amara123"
    await _edit(organizer, "رابط الخريطة")
    assert "https://maps.app.goo.gl/Amara123" in organizer.texts
    await organizer.choose("بدون خريطة")
    assert (await only_event(core)).map_url is None
    assert await _edits(core) == [("map_url", "https://maps.app.goo.gl/Amara123"), ("map_url", None)]


async def test_the_duration_is_typed_or_chosen_and_checked(core, clock, hope, organizer) -> None:
    await _published_with_registrant(core, clock, hope, organizer)
    await _edit(organizer, "المدة")
    assert "١٢٠ دقيقة" in organizer.texts
    await organizer.text("٥")
    assert "يجب أن تكون المدة بين ١٥" in organizer.texts
    await organizer.text("٩٠ دقيقة")
    assert (await only_event(core)).duration_minutes == 90
    await _edit(organizer, "المدة")
    await organizer.choose("٣ ساعات")
    assert (await only_event(core)).duration_minutes == 180
    assert await _edits(core) == [("duration_minutes", 90), ("duration_minutes", 180)]


async def test_reminder_hours_are_typed_or_chosen_and_none_sends_none(core, clock, hope, organizer) -> None:
    event_id, _ = await _published_with_registrant(core, clock, hope, organizer)
    await _edit(organizer, "التذكيرات")
    assert "قبل البدء بهذه الساعات: ٢٤، ١" in organizer.texts
    await organizer.text("٤٨ و ٢")
    assert "تم حفظ التعديل" in organizer.texts
    assert (await only_event(core)).reminder_hours == [48, 2]
    await _edit(organizer, "التذكيرات")
    await organizer.text("ألف")
    assert "مفصولة بفواصل" in organizer.texts
    await organizer.text("٩٩٩٩")
    assert "مفصولة بفواصل" in organizer.texts
    await organizer.choose("بدون تذكير")
    assert (await only_event(core)).reminder_hours == []
    clock.now += timedelta(days=2, hours=23)  # an hour before the start: no reminder at all
    await run_tick(core.db)
    async with core.db.transaction() as session:
        assert (await session.scalars(select(Delivery.kind).where(Delivery.kind == "reminder"))).all() == []
    await organizer.choose_id(core.codec.encode(await contact_id(core, organizer), "me", event_id, "reminder_hours",
                                                "d"))
    assert (await only_event(core)).reminder_hours == [24, 1]
    # The day-before moment has passed: it is not sent late; the hour-before one is due now and goes.
    await run_tick(core.db)
    async with core.db.transaction() as session:
        purposes = (await session.scalars(select(Delivery.purpose).where(Delivery.kind == "reminder"))).all()
    assert [p.split(":")[2] for p in purposes] == ["1"]
    assert await _edits(core) == [("reminder_hours", [48, 2]), ("reminder_hours", []), ("reminder_hours", [24, 1])]


async def test_every_field_of_an_event_is_offered_for_editing(core, clock, hope, organizer) -> None:
    await _published_with_registrant(core, clock, hope, organizer)
    await organizer.choose("تعديل")
    labels = [o.label for r in organizer.replies for o in r.options]
    for field in ("العنوان", "نوع الفعالية", "المحافظة", "المكان", "رابط الخريطة", "الموعد", "المدة", "عدد المقاعد",
                  "التذكيرات", "الوصف"):
        assert any(field == label or label.startswith(field) for label in labels), field


async def test_more_seats_promote_the_waiting_list_and_fewer_than_confirmed_are_refused(
        core, clock, hope, organizer) -> None:
    event_id = await add_event(core.db, title=TITLE, governorate="maysan", starts_at=clock.now + timedelta(days=3),
                               capacity=1, organization_id=hope)
    await register_citizen(core, "1", "ندوة حوارية")
    await register_citizen(core, "2", "ندوة حوارية")
    await register_citizen(core, "3", "ندوة حوارية")
    await organizer.choose_id(core.codec.encode(await contact_id(core, organizer), "me", event_id, "capacity"))
    await organizer.text("٢")
    assert "انتقل شخص واحد من قائمة الانتظار" in organizer.texts
    await organizer.choose("تعديل")
    await organizer.choose("عدد المقاعد")
    await organizer.text("١")
    assert "أقل من عدد المسجلين المؤكدين (٢)" in organizer.texts
    await organizer.choose("غير محدود")
    assert "انتقل شخص واحد" in organizer.texts
    async with core.db.transaction() as session:
        statuses = (await session.scalars(select(Registration.status).order_by(Registration.id))).all()
        promoted = (await session.scalars(select(Delivery.kind).where(Delivery.kind == "promoted"))).all()
    assert statuses == ["confirmed"] * 3 and len(promoted) == 2
    assert (await only_event(core)).capacity is None


async def test_closing_registration_stops_new_registrations_and_reopening_allows_them(
        core, clock, hope, organizer) -> None:
    await _published_with_registrant(core, clock, hope, organizer)
    late = Person(core, "2")
    await late.onboard("ميسان")
    await late.text("الفعاليات")
    await late.choose("ندوة حوارية")
    register_id = late.option_id("سجّلني")
    await organizer.choose("إغلاق التسجيل")
    assert "أُغلق التسجيل" in organizer.texts and "التسجيل: مغلق" in organizer.texts
    await late.choose_id(register_id)
    assert "أُغلق التسجيل في هذه الفعالية" in late.texts
    await late.text("الفعاليات")
    await late.choose("ندوة حوارية")
    assert not any("سجّلني" in o.label for o in late.replies[0].options)
    await organizer.choose("إعادة فتح التسجيل")
    await late.choose_id(register_id)
    assert "تم تسجيلك" in late.texts


async def test_cancelling_asks_first_then_tells_registrants(core, clock, hope, organizer) -> None:
    await _published_with_registrant(core, clock, hope, organizer)
    await organizer.choose("إلغاء الفعالية")
    assert "هل أنت متأكد" in organizer.texts and "مسجّل واحد" in organizer.texts
    await organizer.choose("لا، تراجع")
    assert (await only_event(core)).status == "published"
    await organizer.choose("إلغاء الفعالية")
    await organizer.choose("نعم، ألغِ الفعالية")
    assert "أُلغيت" in organizer.texts and "الحالة: ملغاة" in organizer.texts
    assert not any("تعديل" in o.label for r in organizer.replies for o in r.options)
    assert (await only_event(core)).status == "cancelled"
    channel = RecordingChannel()
    await Sender(core, {"console": channel}).drain()
    assert "أُلغيت" in channel.to("1")[0].text
    async with core.db.transaction() as session:
        cancelled = await session.scalar(select(AuditLog).where(AuditLog.action == "event.cancel"))
    assert cancelled.details["notified"] == 1


async def test_a_role_taken_away_mid_conversation_stops_it(core, clock, hope, organizer) -> None:
    await create_until(organizer, "venue")
    async with core.db.transaction() as session:
        await session.execute(delete(Staff))
    await organizer.text(VENUE)
    assert REFUSED in organizer.texts
    assert await state_of(core, organizer) == {}


# --- the authorization matrix ----------------------------------------------------------------------

ROLES = ["citizen", "coordinator", "other-organizer", "organizer", "admin"]
ALLOWED = {"organizer", "admin"}
# (action, args): E = the published event, D = the draft, O = their organisation.
ACTIONS = [
    ("ne", ("O",)),
    ("nw", ("x", "x")),
    ("ml", ("O", 0)),
    ("ma", ("E",)),
    ("me", ("E",)),
    ("me", ("E", "title")),
    ("me", ("E", "capacity", "u")),
    ("me", ("E", "governorate", "basra")),
    ("me", ("E", "reminder_hours", "none")),
    ("mp", ("D",)),
    ("mr", ("E", 0)),
    ("mx", ("E",)),
    ("mX", ("E",)),
]


async def _snapshot(core: BotCore) -> dict[str, list[tuple]]:
    """Every row that matters, to compare before and after an attempt."""
    tables = {"events": Event, "registrations": Registration, "deliveries": Delivery, "audit": AuditLog,
              "staff": Staff}
    rows: dict[str, list[tuple]] = {}
    async with core.db.transaction() as session:
        for name, model in tables.items():
            columns = [c for c in model.__table__.columns]
            result = await session.execute(select(*columns).order_by(columns[0]))
            rows[name] = [tuple(r) for r in result.all()]
        # The memory of the options last shown (handlers/typed_words.py) is not an effect of an action.
        rows["states"] = [(contact, {k: v for k, v in (state or {}).items() if k not in ("offered", "offered_menu")})
                          for contact, state in (await session.execute(
                              select(Contact.id, Contact.state).order_by(Contact.id))).all()]
    return rows


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args"), ACTIONS, ids=[f"{n}.{'.'.join(map(str, a))}" for n, a in ACTIONS])
async def test_authorization_matrix(core, clock, hope, name: str, args: tuple, role: str) -> None:
    other = await organisation(core, MAYSAN_CENTRE)
    event_id = await add_event(core.db, title=TITLE, starts_at=clock.now + timedelta(days=3), organization_id=hope,
                               capacity=1)
    draft_id = await add_event(core.db, title="مسودة ورشة", starts_at=clock.now + timedelta(days=4),
                               organization_id=hope, status="draft")
    registrant = Person(core, "1")
    await registrant.onboard()
    async with core.db.transaction() as session:
        session.add(Registration(event_id=event_id, contact_id=await contact_id(core, registrant),
                                 status="confirmed", ticket_code=new_ticket_code(), confirmed_at=clock.now))
    roles = {"citizen": (), "coordinator": ((hope, "coordinator"),), "other-organizer": ((other, "organizer"),),
             "organizer": ((hope, "organizer"),), "admin": ((hope, "admin"),)}[role]
    person = await staff_member(core, "200", *roles)
    real = {"E": event_id, "D": draft_id, "O": hope}
    forged = core.codec.encode(await contact_id(core, person), name, *(real.get(a, a) for a in args))
    before = await _snapshot(core)

    await person.choose_id(forged)

    if role in ALLOWED:
        assert REFUSED not in person.texts
        assert "حدث خطأ" not in person.texts
    else:
        # nw only acts on the presser's own conversation: someone who manages events elsewhere
        # but has no conversation open is told the option is stale.
        stale = name == "nw" and role == "other-organizer"
        assert ("لم يعد متاحاً" if stale else REFUSED) in person.texts
        assert await _snapshot(core) == before


async def test_an_option_issued_to_the_organizer_does_nothing_for_someone_else(core, clock, hope, organizer) -> None:
    other = await organisation(core, MAYSAN_CENTRE)
    await _published_with_registrant(core, clock, hope, organizer)
    await organizer.choose("إلغاء الفعالية")
    confirm = organizer.option_id("نعم، ألغِ")
    intruder = await staff_member(core, "300", (other, "organizer"))
    before = await _snapshot(core)
    await intruder.choose_id(confirm)
    assert "لم يعد متاحاً" in intruder.texts
    assert await _snapshot(core) == before


async def test_the_panel_shows_event_entries_only_to_those_who_manage_events(core, clock, hope) -> None:
    coordinator = await staff_member(core, "300", (hope, "coordinator"))
    await coordinator.text("القائمة")
    await coordinator.choose("لوحة المنظمين")
    labels = [o.label for r in coordinator.replies for o in r.options]
    assert not any("فعالية جديدة" in label or "فعاليات منظمتي" in label for label in labels)
    organizer = await staff_member(core, "301", (hope, "organizer"))
    await organizer.text("القائمة")
    await organizer.choose("لوحة المنظمين")
    labels = [o.label for r in organizer.replies for o in r.options]
    assert any("فعالية جديدة" in label for label in labels) and any("فعاليات منظمتي" in label for label in labels)


async def test_a_citizen_typing_during_nothing_gets_no_staff_screen(core, clock) -> None:
    citizen = Person(core, "1")
    await citizen.onboard()
    await citizen.text("فعالية جديدة")
    assert "لم أفهم" in citizen.texts
    # And a citizen's own (forged) state cannot create anything either.
    async with core.db.transaction() as session:
        contact = await session.get(Contact, await contact_id(core, citizen))
        contact.state = {"await": "event_create", "org": 1, "step": "title", "draft": {}}
    await citizen.text(TITLE)
    assert REFUSED in citizen.texts
    assert await state_of(core, citizen) == {}
