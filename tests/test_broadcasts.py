"""Broadcasts: audiences, compose and confirm, send once per person, stop midway, schedule, who may.

The Telegram stories run the real PTB adapter and the outbox sender against the fake Bot API;
the scheduler's tick and the sender are run by hand, with the test's clock.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

import scheduler.broadcast_jobs  # noqa: F401 - registers the tick step that releases scheduled broadcasts
from bot.telegram import TelegramChannel, api_base_urls
from bot.telegram_api import BotApi
from bot.telegram_outbox import TelegramOutbox
from handlers.core import BotCore
from scheduler import broadcast_progress
from scheduler.jobs import run_tick
from scheduler.sender import Sender, SenderConfig
from storage.models import AuditLog, Broadcast, Contact, Delivery, Registration
from storage.services import audiences
from storage.services import broadcasts as service
from storage.services.contacts import get_or_create_identity
from storage.services.staff import add_organization, grant_role
from tests.channels import RecordingChannel
from tests.fakes.fake_telegram import FakeTelegramServer
from tests.helpers import Person, add_event
from tests.telegram_inbox import telegram_polling
from tests.test_checkin import ROLES, contact_id, make_staff
from tests.test_sender import HangingChannel, send_started

TOKEN = "123:ABC"
TEXT = "ندعوكم إلى ندوة حوارية حول مشاركة الشباب في الانتخابات يوم ٧/١٢ في بغداد.\nالدعوة عامة والحضور مجاني."


async def citizen(db, channel: str, external_id: str, *, governorate: str | None = "baghdad",  # type: ignore[no-untyped-def]
                  interests: list[str] | None = None, opted_out: bool = False, consent: bool = True,
                  now: datetime | None = None) -> int:
    """A contact created directly in the database (someone who onboarded earlier)."""
    async with db.transaction() as session:
        _, contact, _ = await get_or_create_identity(session, channel, external_id)
        contact.consent_at = (now or datetime(2026, 11, 1)) if consent else None
        contact.governorate = governorate
        contact.interests = interests or []
        contact.opted_out = opted_out
        return contact.id


async def register(db, contact: int, event_id: int, status: str = "confirmed", *,  # type: ignore[no-untyped-def]
                   checked_in: bool = False) -> None:
    async with db.transaction() as session:
        session.add(Registration(event_id=event_id, contact_id=contact, status=status,
                                 ticket_code=f"T{contact:03d}E{event_id:03d}",
                                 confirmed_at=datetime(2026, 11, 20) if status == "confirmed" else None,
                                 waitlisted_at=datetime(2026, 11, 20) if status == "waitlisted" else None,
                                 checked_in_at=datetime(2026, 11, 25) if checked_in else None))


async def deliveries(db, broadcast_id: int | None = None) -> list[Delivery]:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        query = select(Delivery).order_by(Delivery.id)
        if broadcast_id is not None:
            query = query.where(Delivery.broadcast_id == broadcast_id)
        return list((await session.scalars(query)).all())


async def broadcast_row(db, broadcast_id: int | None = None) -> Broadcast:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        query = select(Broadcast).order_by(Broadcast.id.desc())
        if broadcast_id is not None:
            query = query.where(Broadcast.id == broadcast_id)
        broadcast = (await session.scalars(query)).first()
        assert broadcast is not None
        return broadcast


async def audit_actions(db) -> list[AuditLog]:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        return list((await session.scalars(
            select(AuditLog).where(AuditLog.action.like("broadcast.%")).order_by(AuditLog.id))).all())


# --- who is in the audience -----------------------------------------------------------------


@dataclass
class Town:
    """Two organisations and people related to them in different ways (or not at all)."""

    org: int
    other_org: int
    upcoming: int
    past: int
    other_event: int
    ids: dict[str, int]


async def build_town(db, clock) -> Town:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        org = (await add_organization(session, "جمعية المثال الأولى")).id
        other_org = (await add_organization(session, "شبكة شباب أربيل")).id
    upcoming = await add_event(db, starts_at=clock.now + timedelta(days=5), organization_id=org)
    past = await add_event(db, title="جلسة ختامية", starts_at=clock.now - timedelta(days=5), organization_id=org,
                           kind="closing")
    other_event = await add_event(db, title="ورشة عمل في أربيل", starts_at=clock.now + timedelta(days=3),
                                  organization_id=other_org, governorate="erbil")
    ids = {
        "registrant": await citizen(db, "console", "registrant"),
        "waiting": await citizen(db, "console", "waiting", governorate="basra", interests=["youth"]),
        # Lives in Baghdad with the right interests, but never registered with us nor follows us.
        "baghdadi": await citizen(db, "console", "baghdadi", interests=["women", "democracy"]),
        "follower": await citizen(db, "console", "follower", interests=["democracy"]),
        "elsewhere": await citizen(db, "console", "elsewhere", governorate="erbil"),
        "stopped": await citizen(db, "console", "stopped", opted_out=True),
        "unconsented": await citizen(db, "console", "unconsented", consent=False),
        "attendee": await citizen(db, "console", "attendee", governorate="maysan"),
    }
    await register(db, ids["registrant"], upcoming)
    await register(db, ids["waiting"], upcoming, "waitlisted")
    await register(db, ids["elsewhere"], other_event)
    await register(db, ids["stopped"], upcoming)
    await register(db, ids["attendee"], past, checked_in=True)
    async with db.transaction() as session:
        await audiences.follow(session, ids["follower"], org)
        await audiences.follow(session, ids["elsewhere"], other_org)
    return Town(org, other_org, upcoming, past, other_event, ids)


async def audience_of(db, town: Town, *segments: str) -> set[str]:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        broadcast = Broadcast(organization_id=town.org, text="x", audience={"segments": list(segments)})
        session.add(broadcast)
        await session.flush()
        ids = set((await session.scalars(service.audience_query(broadcast))).all())
        size = await service.audience_size(session, broadcast)
        await session.rollback()
    assert size == len(ids)
    names = {v: k for k, v in town.ids.items()}
    return {names[i] for i in ids}


@pytest.mark.parametrize(("segments", "expected"), [
    (("all",), {"registrant", "waiting", "attendee", "follower"}),
    (("g-baghdad",), {"registrant", "follower"}),
    (("g-baghdad", "g-maysan"), {"registrant", "follower", "attendee"}),
    (("i-youth",), {"waiting"}),
    (("i-democracy", "i-youth"), {"follower", "waiting"}),
    (("i-women",), set()),
    (("r-{upcoming}",), {"registrant"}),
    (("a-{past}",), {"attendee"}),
    (("w-{upcoming}",), {"waiting"}),
    (("all", "g-baghdad", "i-youth"), {"registrant", "waiting", "attendee", "follower"}),
    (("r-{other_event}",), set()),
    (("g-erbil",), set()),
], ids=["all-subscribers", "governorate", "two-governorates", "interest", "two-interests", "unrelated-interest",
        "registrants", "attendees", "waiting-list", "overlapping-segments", "another-organisations-event",
        "another-organisations-people"])
async def test_the_audience_is_the_union_of_segments_within_the_organisations_audience(
        db, clock, segments: tuple[str, ...], expected: set[str]) -> None:
    town = await build_town(db, clock)
    keys = [s.format(upcoming=town.upcoming, past=town.past, other_event=town.other_event) for s in segments]
    assert await audience_of(db, town, *keys) == expected


async def test_event_segments_accept_only_the_organisations_own_events(db, clock) -> None:
    town = await build_town(db, clock)
    async with db.transaction() as session:
        broadcast = Broadcast(organization_id=town.org, text="x", audience={"segments": []})
        session.add(broadcast)
        await session.flush()
        assert await service.segment_allowed(session, broadcast, f"r-{town.upcoming}")
        assert not await service.segment_allowed(session, broadcast, f"r-{town.other_event}")
        assert not await service.segment_allowed(session, broadcast, "g-atlantis")
        assert not await service.segment_allowed(session, broadcast, "everyone")


# --- composing and confirming (console) -----------------------------------------------------


@pytest.fixture
async def town_team(core, clock):  # type: ignore[no-untyped-def]
    town = await build_town(core.db, clock)
    # The organizer lives in Dhi Qar, outside the Baghdad segment used below.
    organizer = await make_staff(core, "organizer", town.org, "organizer", governorate="ذي قار")
    return town, organizer


async def compose(organizer: Person, text: str = TEXT, *, event: str | None = "ندوة حوارية",
                  segments: tuple[str, ...] = ("جميع مشتركي المنظمة",)) -> None:
    """Panel → «إعلان جديد» → text → event (or none) → tick segments on the audience menu."""
    await organizer.text("القائمة")
    await organizer.choose("لوحة المنظمين")
    await organizer.choose("إعلان جديد")
    await organizer.text(text)
    if "هل تريد ربط الإعلان" in organizer.texts:
        await organizer.choose(event or "بدون فعالية")
    for label in segments:
        await organizer.choose(label)


async def test_an_organizer_composes_previews_and_confirms_and_everyone_is_queued_once(town_team, core) -> None:
    town, organizer = town_team
    await compose(organizer, segments=("جميع مشتركي المنظمة", "حسب المحافظة", "بغداد", "تم ✔"))
    assert "جميع مشتركي المنظمة، المقيمون في بغداد" in organizer.texts
    await organizer.choose("معاينة الإعلان")
    preview, message, summary = organizer.replies
    assert "هكذا سيصل الإعلان" in preview.text
    assert TEXT in message.text and "جمعية المثال الأولى" in message.text
    assert [o.label for o in message.options] == ["سجّلني ✅"]
    assert "سيصل إلى ٤ أشخاص" in summary.text  # registrant, waiting, attendee, follower (not baghdadi)
    assert await deliveries(core.db) == []  # nothing before «إرسال الآن»

    await organizer.choose("إرسال الآن")
    assert "بدأ إرسال الإعلان إلى ٤ أشخاص" in organizer.texts
    rows = await deliveries(core.db)
    assert sorted(r.contact_id for r in rows) == sorted(town.ids[n] for n in ("registrant", "waiting", "attendee",
                                                                               "follower"))
    broadcast = await broadcast_row(core.db)
    assert broadcast.status == "sending" and broadcast.text == TEXT and broadcast.event_id == town.upcoming
    [entry] = await audit_actions(core.db)
    assert entry.action == "broadcast.send" and entry.details["size"] == 4
    assert entry.details["audience"] == ["all", "g-baghdad"]
    assert entry.actor == f"staff:{await contact_id(core, organizer)}"

    # Pressing «إرسال الآن» again (a double tap, a replayed update) queues nothing more.
    await organizer.choose_id(core.codec.encode(await contact_id(core, organizer), "bY", broadcast.id))
    assert "لم يعد مسودة" in organizer.texts
    assert len(await deliveries(core.db)) == 4

    channel = RecordingChannel()
    await Sender(core, {"console": channel}).drain()
    assert sorted(m.external_id for m in channel.sent) == ["attendee", "follower", "registrant", "waiting"]
    assert all(TEXT in m.text and m.purpose == "announcement" for m in channel.sent)
    await organizer.choose("التقدم")
    assert "تم الإرسال ٤ من ٤ — فشل ٠ — غير متاح ٠ — يحتاج قالباً ٠" in organizer.texts
    assert "اكتمل الإرسال" in organizer.texts


async def test_the_register_button_in_the_preview_is_only_a_preview(town_team, core) -> None:
    town, organizer = town_team
    await compose(organizer)
    await organizer.choose("معاينة الإعلان")
    await organizer.choose("سجّلني")
    assert "هذه معاينة" in organizer.texts
    async with core.db.transaction() as session:
        mine = await session.scalar(select(func.count()).select_from(Registration).where(
            Registration.contact_id == await contact_id(core, organizer)))
    assert mine == 0
    await organizer.choose("العودة إلى المعاينة")
    assert "هكذا سيصل الإعلان" in organizer.texts
    # The delivered announcement keeps the real register button.
    await organizer.choose("إرسال الآن")
    channel = RecordingChannel()
    await Sender(core, {"console": channel}).drain()
    [button] = [o for r in channel.to("follower")[0].replies for o in r.options]
    assert button.label == "سجّلني ✅"
    assert core.codec.decode(town.ids["follower"], button.id).action == "rg"


async def test_the_text_is_kept_exactly_as_typed_and_too_long_or_empty_text_is_asked_again(town_team, core) -> None:
    _, organizer = town_team
    await organizer.text("القائمة")
    await organizer.choose("لوحة المنظمين")
    await organizer.choose("إعلان جديد")
    await organizer.text("أ" * (service.TEXT_LIMIT + 1))
    assert "أطول من المسموح" in organizer.texts and "٩٠١" in organizer.texts
    await organizer.text("   ")
    assert "فارغ" in organizer.texts
    typed = "  سطر أول ١٢٣\n\nسطر ثانٍ — «اقتباس» {not a placeholder} $x  "
    await organizer.text(typed)
    assert (await broadcast_row(core.db)).text == typed
    await organizer.choose("بدون فعالية")
    await organizer.choose("معاينة الإعلان")
    assert "اختر جمهور الإعلان أولاً" in organizer.texts
    await organizer.choose("حسب الاهتمام")
    await organizer.choose("الشباب")
    await organizer.choose("تم ✔")
    await organizer.choose("معاينة الإعلان")
    assert typed in organizer.replies[1].text and organizer.replies[1].options == []


async def test_stop_midway_cancels_what_is_not_sent_and_the_rest_never_goes(town_team, core) -> None:
    town, organizer = town_team
    await compose(organizer, segments=("جميع مشتركي المنظمة", "حسب المحافظة", "بغداد", "تم ✔"))
    await organizer.choose("معاينة الإعلان")
    await organizer.choose("إرسال الآن")
    channel = RecordingChannel()
    sender = Sender(core, {"console": channel}, SenderConfig(batch_size=2, concurrency=1))
    await sender.drain_once()
    assert len(channel.sent) == 2
    await organizer.choose("إيقاف الإرسال")
    assert "أُوقف الإرسال" in organizer.texts and "أُلغيت رسالتان" in organizer.texts
    await sender.drain()
    assert len(channel.sent) == 2
    assert Counter(d.state for d in await deliveries(core.db)) == Counter({"sent": 2, "cancelled": 2})
    assert (await broadcast_row(core.db)).status == "stopped"
    assert [a.action for a in await audit_actions(core.db)] == ["broadcast.send", "broadcast.stop"]


async def test_a_stopped_broadcast_is_not_rendered_even_if_a_row_was_left_pending(town_team, core) -> None:
    _, organizer = town_team
    await compose(organizer, event=None)
    await organizer.choose("معاينة الإعلان")
    await organizer.choose("إرسال الآن")
    broadcast = await broadcast_row(core.db)
    async with core.db.transaction() as session:
        row = await session.get(Broadcast, broadcast.id)
        row.status = "stopped"  # as if the stop landed between the queueing and a sender's claim
    channel = RecordingChannel()
    await Sender(core, {"console": channel}).drain()
    assert channel.sent == []


async def test_a_scheduled_broadcast_goes_at_its_baghdad_time_and_not_before(town_team, core, clock) -> None:
    _, organizer = town_team
    await compose(organizer)
    await organizer.choose("معاينة الإعلان")
    await organizer.choose("جدولة")
    await organizer.text("قريباً إن شاء الله")
    assert "لم أفهم التاريخ" in organizer.texts
    await organizer.text("غداً مساءً")  # a day and a part of it, but no hour
    assert "اكتب الساعة هكذا" in organizer.texts
    await organizer.text("2026-11-30 18:30")
    assert "هذا الموعد مضى" in organizer.texts
    await organizer.text("١/١٢/٢٠٢٦ ١٨:٣٠")  # today 18:30 in Baghdad = 15:30 UTC
    assert "سيُرسل الإعلان" in organizer.texts and "٦:٣٠ مساءً" in organizer.texts
    broadcast = await broadcast_row(core.db)
    assert broadcast.status == "scheduled" and broadcast.scheduled_at == datetime(2026, 12, 1, 15, 30)

    clock.now = datetime(2026, 12, 1, 15, 29)
    await run_tick(core.db)
    assert await deliveries(core.db) == []
    clock.now = datetime(2026, 12, 1, 15, 30)
    await run_tick(core.db)
    await run_tick(core.db)  # a second tick releases nothing twice
    assert len(await deliveries(core.db)) == 4
    channel = RecordingChannel()
    await Sender(core, {"console": channel}).drain()
    assert len(channel.sent) == 4
    assert [a.action for a in await audit_actions(core.db)] == ["broadcast.schedule", "broadcast.send"]
    assert (await audit_actions(core.db))[1].actor == "system"


async def test_a_scheduled_broadcast_can_be_cancelled_before_its_time(town_team, core, clock) -> None:
    _, organizer = town_team
    await compose(organizer)
    await organizer.choose("معاينة الإعلان")
    await organizer.choose("جدولة")
    await organizer.text("2026-12-01 18:30")
    await organizer.choose("إلغاء هذا الإعلان")
    assert "أُلغي الإعلان المجدول" in organizer.texts
    clock.advance(days=1)
    await run_tick(core.db)
    assert await deliveries(core.db) == []
    assert (await broadcast_row(core.db)).status == "cancelled"
    assert [a.action for a in await audit_actions(core.db)] == ["broadcast.schedule", "broadcast.cancel"]


async def test_the_tick_closes_a_broadcast_that_was_fully_sent(town_team, core) -> None:
    _, organizer = town_team
    await compose(organizer)
    await organizer.choose("معاينة الإعلان")
    await organizer.choose("إرسال الآن")
    await run_tick(core.db)
    assert (await broadcast_row(core.db)).status == "sending"
    await Sender(core, {"console": RecordingChannel()}).drain()
    await run_tick(core.db)
    assert (await broadcast_row(core.db)).status == "done"


async def test_a_message_cut_off_by_a_sender_crash_shows_as_unconfirmed_not_failed(town_team, core, clock) -> None:
    _, organizer = town_team
    await compose(organizer)
    await organizer.choose("معاينة الإعلان")
    await organizer.choose("إرسال الآن")
    wire = HangingChannel()
    crashed = Sender(core, {"console": wire}, SenderConfig(concurrency=1))
    batch = asyncio.create_task(crashed.drain_once())
    await send_started(wire)
    batch.cancel()  # the sender dies with one announcement on the wire
    with pytest.raises(asyncio.CancelledError):
        await batch
    clock.advance(seconds=crashed.config.lease_seconds + 1)
    await Sender(core, {"console": RecordingChannel()}).drain()
    assert Counter(d.state for d in await deliveries(core.db)) == Counter({"sent": 3, "unknown": 1})

    await organizer.choose("الإعلانات")
    await organizer.choose("قيد الإرسال")
    # Maybe delivered, never sent twice: the organizer sees it apart, not among the failures.
    assert "تم الإرسال ٣ من ٤ — فشل ٠ — غير متاح ٠ — يحتاج قالباً ٠" in organizer.texts
    assert "غير مؤكد: ١" in organizer.texts and "اكتمل الإرسال" in organizer.texts


async def test_recent_broadcasts_are_listed_with_their_status(town_team, core) -> None:
    _, organizer = town_team
    await compose(organizer)
    await organizer.choose("معاينة الإعلان")
    await organizer.choose("إرسال الآن")
    await organizer.choose("الإعلانات")
    assert "آخر إعلانات جمعية المثال الأولى" in organizer.texts
    await organizer.choose("قيد الإرسال")
    assert "تم الإرسال ٠ من ٤" in organizer.texts


async def test_a_console_organizer_gets_one_final_progress_message(town_team, core) -> None:
    _, organizer = town_team
    await compose(organizer)
    await organizer.choose("معاينة الإعلان")
    await organizer.choose("إرسال الآن")
    channel = RecordingChannel()
    sender = Sender(core, {"console": channel}, SenderConfig(batch_size=2))
    detach = broadcast_progress.attach(sender, min_interval=0)
    try:
        await sender.drain()
    finally:
        detach()
    # Channels that cannot edit a message get one message, at the end.
    [progress] = [m.text for m in channel.to("organizer")]
    assert "الحالة: اكتمل الإرسال" in progress
    assert "تم الإرسال ٤ من ٤ — فشل ٠ — غير متاح ٠ — يحتاج قالباً ٠" in progress


# --- authorization matrix: broadcast actions x roles, ids signed for the attacker ------------

MAY_BROADCAST = {"organizer", "admin"}


@pytest.fixture
async def staffed(core, clock):  # type: ignore[no-untyped-def]
    town = await build_town(core.db, clock)
    people = {"citizen": Person(core, "citizen")}
    await people["citizen"].onboard()
    people["coordinator"] = await make_staff(core, "coordinator", town.org, "coordinator")
    people["other_organizer"] = await make_staff(core, "other-organizer", town.other_org, "organizer")
    people["organizer"] = await make_staff(core, "organizer", town.org, "organizer")
    people["admin"] = await make_staff(core, "admin", town.org, "admin")
    async with core.db.transaction() as session:
        draft = await service.create_draft(session, town.org, await contact_id(core, people["organizer"]), TEXT)
    return town, people, draft.id


def forged_actions(town: Town, broadcast_id: int) -> list[tuple[str, tuple[Any, ...]]]:
    b = broadcast_id
    return [("bN", (town.org,)), ("bE", (b, town.upcoming)), ("bA", (b,)), ("bS", (b, "all")), ("bG", (b,)),
            ("bI", (b,)), ("bV", (b, "r")), ("bS", (b, f"r-{town.upcoming}")), ("bW", (b,)), ("bT", (b,)),
            ("bY", (b,)), ("bP", (b,)), ("bX", (b,)), ("bC", (b,))]


@pytest.mark.parametrize("role", ROLES)
async def test_matrix_broadcast_actions_are_refused_to_everyone_but_the_organisations_broadcasters(
        core, staffed, role: str) -> None:
    town, people, broadcast_id = staffed
    person = people[role]
    attacker = await contact_id(core, person)
    before = await broadcast_row(core.db, broadcast_id)
    for name, args in forged_actions(town, broadcast_id):
        await person.choose_id(core.codec.encode(attacker, name, *args))
        refused = "المخوّلين فقط" in person.texts
        if role in MAY_BROADCAST:
            assert not refused, name
        else:
            assert refused, name
    # The list of recent broadcasts shows another organisation's organizer only their own.
    await person.choose_id(core.codec.encode(attacker, "bL"))
    listed = [o.label for r in person.replies for o in r.options if "ندعوكم" in o.label]
    assert bool(listed) == (role in MAY_BROADCAST)
    assert ("المخوّلين فقط" in person.texts) == (role in ("citizen", "coordinator"))
    after = await broadcast_row(core.db, broadcast_id)
    if role in MAY_BROADCAST:
        assert after.status == "stopped"  # their forged ids worked: audience, send, stop
        return
    assert (after.status, after.audience, after.event_id) == (before.status, before.audience, before.event_id)
    assert await deliveries(core.db) == [] and await audit_actions(core.db) == []
    async with core.db.transaction() as session:
        assert not ((await session.get(Contact, attacker)).state or {}).get("await")
        assert await session.scalar(select(func.count()).select_from(Broadcast)) == 1


@pytest.mark.parametrize("role", ROLES)
async def test_matrix_the_panel_offers_broadcasts_only_to_broadcasters(core, staffed, role: str) -> None:
    _, people, _ = staffed
    person = people[role]
    await person.text("القائمة")
    labels = [o.label for r in person.replies for o in r.options]
    if "لوحة المنظمين 🛠" in labels:
        await person.choose("لوحة المنظمين")
        labels = [o.label for r in person.replies for o in r.options]
    expected = role in MAY_BROADCAST or role == "other_organizer"  # their own organisation's broadcasts
    assert ("إعلان جديد 📢" in labels) == expected


async def test_matrix_an_organizer_of_another_organisation_cannot_target_our_event(core, staffed) -> None:
    town, people, _ = staffed
    stranger = people["other_organizer"]
    async with core.db.transaction() as session:
        theirs = await service.create_draft(session, town.other_org, await contact_id(core, stranger), TEXT)
    attacker = await contact_id(core, stranger)
    for name, args in (("bE", (theirs.id, town.upcoming)), ("bS", (theirs.id, f"r-{town.upcoming}")),
                       ("bS", (theirs.id, f"w-{town.upcoming}"))):
        await stranger.choose_id(core.codec.encode(attacker, name, *args))
        assert "المخوّلين فقط" in stranger.texts
    row = await broadcast_row(core.db, theirs.id)
    assert row.event_id is None and row.audience == {"segments": []}


# --- end to end on Telegram -----------------------------------------------------------------

ORGANIZER = 7001
A, B, C, D, E = 7101, 7102, 7103, 7104, 7105


class TelegramUser:
    """One person's side of the fake Bot API: type, press buttons, wait for the bot's answer."""

    def __init__(self, tg: FakeTelegramServer, user_id: int) -> None:
        self.tg = tg
        self.user_id = user_id
        self.mark = 0

    def _deliver(self, update: dict[str, Any]) -> None:
        self.mark = len(self.tg.requests)
        self.tg.push_raw(update)

    async def command(self, name: str, payload: str | None = None) -> None:
        self._deliver(self.tg.build_command_update(self.user_id, name, payload))

    async def text(self, text: str) -> None:
        self._deliver(self.tg.build_text_update(self.user_id, text))

    async def press(self, label: str) -> None:
        """Press the button whose label contains `label` on the latest keyboard shown to this person."""
        buttons = [b for row in self.tg.last_keyboard(self.user_id) for b in row]
        chosen = next((b for b in buttons if label in b["text"]), None)
        assert chosen is not None, f"no button {label!r} in {[b['text'] for b in buttons]}"
        message_id = None
        for record in reversed(self.tg.requests):
            markup = record.params.get("reply_markup") or {}
            if record.ok and chosen in [b for row in markup.get("inline_keyboard", []) for b in row]:
                message_id = record.params.get("message_id") or (record.result or {}).get("message_id")
                break
        self._deliver(self.tg.build_callback_update(self.user_id, chosen["callback_data"], message_id))

    async def expect(self, contains: str, method: str | None = None, timeout: float = 10.0) -> dict[str, Any]:
        """Wait for a message (sent or edited) to this person, after their last action, containing `contains`."""
        fresh = {id(r) for r in self.tg.requests[: self.mark]}
        methods = [method] if method else ["sendMessage", "editMessageText"]
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for name in methods:
                for record in self.tg.calls(name):
                    if (record.ok and id(record) not in fresh and str(record.params.get("chat_id")) == str(self.user_id)
                            and contains in str(record.params.get("text", ""))):
                        return record.params
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"no {contains!r}; last texts {self.tg.sent_texts(self.user_id)[-3:]}")
            await asyncio.sleep(0.02)


@asynccontextmanager
async def telegram_bot(core: BotCore):  # type: ignore[no-untyped-def]
    """The Telegram adapter polling the fake server through the inbox, and an outbox sender on its own Bot
    (no APScheduler)."""
    async with FakeTelegramServer(TOKEN, max_poll_wait=0.2) as tg, telegram_polling(core, tg):
        # As `musharaka run` wires them: the outbox's own client sends, the replies' channel edits the card.
        outbox = TelegramOutbox(TOKEN, tg.base_url)
        editor = TelegramChannel(BotApi(f"{api_base_urls(tg.base_url)[0]}{TOKEN}/", limited=False))
        sender = Sender(core, {"telegram": outbox},
                        SenderConfig(rates={"telegram": None}, per_chat_rates={}, batch_size=2, concurrency=1))
        detach = broadcast_progress.attach(sender, min_interval=0, editors={"telegram": editor})
        try:
            yield tg, sender
        finally:
            detach()
            await outbox.close()
            await editor.close()
        assert not tg.internal_errors


async def telegram_town(core: BotCore, tg: FakeTelegramServer, clock) -> tuple[int, int, TelegramUser]:  # type: ignore[no-untyped-def]
    """An organizer on Telegram and five citizens: two segments overlap, one has two channels,
    one stopped announcements, one blocked the bot."""
    db = core.db
    async with db.transaction() as session:
        org = (await add_organization(session, "جمعية المثال الأولى")).id
    event_id = await add_event(db, title="ندوة حوارية حول مشاركة الشباب", starts_at=clock.now + timedelta(days=6),
                               organization_id=org, capacity=50)
    a = await citizen(db, "telegram", str(A))  # registrant in Baghdad: in both segments
    b = await citizen(db, "telegram", str(B))  # Baghdad, and also on WhatsApp
    async with db.transaction() as session:
        identity, _, _ = await get_or_create_identity(session, "whatsapp", "9647701234567")
        identity.contact_id = b
    c = await citizen(db, "telegram", str(C), governorate="basra")
    d = await citizen(db, "telegram", str(D), opted_out=True)
    e = await citizen(db, "telegram", str(E))
    await register(db, a, event_id)
    await register(db, c, event_id)
    async with db.transaction() as session:  # B, D and E follow the organisation
        for follower in (b, d, e):
            await audiences.follow(session, follower, org)
    tg.block_user(E)

    organizer = TelegramUser(tg, ORGANIZER)
    await organizer.command("/start")
    await organizer.expect("أهلاً بك")
    await organizer.press("أوافق")
    await organizer.expect("اختر محافظتك")
    await organizer.press("ميسان")
    await organizer.expect("القائمة الرئيسية")
    async with db.transaction() as session:
        _, me, _ = await get_or_create_identity(session, "telegram", str(ORGANIZER))
        await grant_role(session, org, me.id, "organizer", actor="test")
    return org, event_id, organizer


async def compose_on_telegram(organizer: TelegramUser, text: str) -> None:
    """The organizer's taps: panel, new broadcast, text, event, all subscribers + Baghdad, preview."""
    await organizer.text("القائمة")
    await organizer.expect("القائمة الرئيسية")
    await organizer.press("لوحة المنظمين")
    await organizer.expect("أدوارك")
    await organizer.press("إعلان جديد")
    await organizer.expect("اكتب نص الإعلان")
    await organizer.text(text)
    await organizer.expect("هل تريد ربط الإعلان")
    await organizer.press("ندوة حوارية حول مشاركة الشباب")
    await organizer.expect("اختر جمهور الإعلان")
    await organizer.press("جميع مشتركي المنظمة")
    await organizer.expect("المختار: جميع مشتركي المنظمة", "editMessageText")
    await organizer.press("حسب المحافظة")
    await organizer.expect("اختر محافظة أو أكثر")
    await organizer.press("بغداد")
    await organizer.expect("اختر محافظة أو أكثر", "editMessageText")
    await organizer.press("تم ✔")
    await organizer.expect("المقيمون في بغداد")
    await organizer.press("معاينة الإعلان")
    summary = await organizer.expect("لن يُرسل شيء قبل")
    # A, B, C and E (who blocked the bot, which only sending can tell); D stopped announcements.
    assert "سيصل إلى ٤ أشخاص" in summary["text"]


async def test_on_telegram_a_broadcast_reaches_each_person_once_and_the_organizer_sees_progress(core, clock) -> None:
    async with telegram_bot(core) as (tg, sender):
        _, event_id, organizer = await telegram_town(core, tg, clock)
        await compose_on_telegram(organizer, TEXT)
        assert not tg.sent_texts(A)  # the preview went to the organizer only
        await organizer.press("إرسال الآن")
        await organizer.expect("بدأ إرسال الإعلان إلى ٤ أشخاص")
        await sender.drain()

        for user in (A, B, C):
            received = [t for t in tg.sent_texts(user) if TEXT in t]
            assert len(received) == 1, user
        assert not tg.sent_texts(D)
        assert [r.status for r in tg.calls("sendMessage") if str(r.params.get("chat_id")) == str(E)] == [403]
        assert Counter(d.state for d in await deliveries(core.db)) == Counter({"sent": 3, "blocked": 1})
        final = "تم الإرسال ٣ من ٤ — فشل ٠ — غير متاح ١ — يحتاج قالباً ٠"
        # The progress message was sent once and then edited in place.
        progress = [r for r in tg.requests if r.ok and str(r.params.get("chat_id")) == str(ORGANIZER)
                    and "تم الإرسال" in str(r.params.get("text", ""))]
        assert progress[-1].method == "editMessageText" and final in progress[-1].params["text"]
        assert progress[0].method == "sendMessage"
        assert progress[-1].params["message_id"] == int((await broadcast_row(core.db)).progress_message)

        # The register button under the announcement works for someone who had not registered.
        person_b = TelegramUser(tg, B)
        await person_b.press("سجّلني")
        await person_b.expect("تم تسجيلك")


async def test_on_telegram_the_organizer_stops_a_broadcast_midway(core, clock) -> None:
    async with telegram_bot(core) as (tg, sender):
        _, _, organizer = await telegram_town(core, tg, clock)
        await compose_on_telegram(organizer, TEXT)
        await organizer.press("إرسال الآن")
        await organizer.expect("بدأ إرسال الإعلان")
        await sender.drain_once()  # two of four go out
        await organizer.expect("تم الإرسال ٢ من ٤")
        await organizer.press("إيقاف الإرسال")
        await organizer.expect("أُوقف الإرسال")
        await sender.drain()
        assert Counter(d.state for d in await deliveries(core.db)) == Counter({"sent": 2, "cancelled": 2})
        assert [u for u in (A, B, C, E) if any(TEXT in t for t in tg.sent_texts(u))] == [A, B]
        assert (await broadcast_row(core.db)).status == "stopped"


async def test_on_telegram_a_scheduled_broadcast_is_sent_when_its_time_comes(core, clock) -> None:
    async with telegram_bot(core) as (tg, sender):
        _, _, organizer = await telegram_town(core, tg, clock)
        await compose_on_telegram(organizer, TEXT)
        await organizer.press("جدولة")
        await organizer.expect("متى يُرسل الإعلان")
        await organizer.text("2026-12-02 09:00")
        await organizer.expect("سيُرسل الإعلان")
        await run_tick(core.db)
        await sender.drain()
        assert not any(TEXT in t for t in tg.sent_texts(A))
        clock.now = datetime(2026, 12, 2, 6, 0)  # 09:00 in Baghdad
        await run_tick(core.db)
        await sender.drain()
        for user in (A, B, C):
            assert len([t for t in tg.sent_texts(user) if TEXT in t]) == 1
        await organizer.expect("تم الإرسال ٣ من ٤")
