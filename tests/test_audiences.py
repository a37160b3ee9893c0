"""Audiences belong to a relationship: an organisation reaches (and counts) only the people who
registered for one of its events or follow it, never another organisation's people or staff.

The boundary matrix runs every segment for both organisations; the stories drive the bot as a
citizen (settings, event details, «إيقاف» after an announcement) and as an organizer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from handlers.core import BotCore
from messages import catalog
from scheduler.sender import Sender
from storage.models import Broadcast, Contact, Delivery, Follow, OrganizationOptOut, Registration
from storage.services import audiences
from storage.services import broadcasts as service
from storage.services.contacts import delete_contact, find_identity, get_or_create_identity
from storage.services.linking import merge_contacts
from storage.services.staff import add_organization, grant_role
from tests.channels import RecordingChannel
from tests.helpers import Person, add_event
from tests.test_checkin import contact_id, make_staff

AMAL = "جمعية المثال الأولى"
SHABAB = "شبكة شباب أربيل"
SILENT = "منتدى بلا فعاليات منشورة"


async def someone(db, name: str, *, governorate: str = "baghdad", interests: tuple[str, ...] = ("youth",),  # type: ignore[no-untyped-def]
                  consent: bool = True) -> int:
    """A person who onboarded earlier: Baghdad and 'youth', so every governorate and interest segment matches."""
    async with db.transaction() as session:
        _, contact, _ = await get_or_create_identity(session, "console", name)
        contact.consent_at = datetime(2026, 11, 1) if consent else None
        contact.governorate = governorate
        contact.interests = list(interests)
        return contact.id


async def seat(db, contact: int, event_id: int, status: str = "confirmed", *, attended: bool = False) -> None:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        session.add(Registration(event_id=event_id, contact_id=contact, status=status,
                                 ticket_code=f"A{contact:03d}E{event_id:03d}", checked_in_at=datetime(2026, 11, 25)
                                 if attended else None))


@dataclass
class World:
    """Two organisations (A = الأمل, B = شباب أربيل), their events, and people related to one, both or neither."""

    a: int
    b: int
    silent: int
    a_upcoming: int
    a_past: int
    b_upcoming: int
    ids: dict[str, int]

    def names(self, contact_ids: set[int] | list[int]) -> set[str]:
        by_id = {v: k for k, v in self.ids.items()}
        return {by_id[i] for i in contact_ids}


A_ONLY = {"a_registrant", "a_waiting", "a_attendee", "a_cancelled"}
B_AUDIENCE = {"b_follower", "b_registrant", "a_staff_following_b", "both_follower"}
A_AUDIENCE = A_ONLY | {"quitter", "both_follower"}


async def build_world(core: BotCore, clock) -> World:  # type: ignore[no-untyped-def]
    db = core.db
    async with db.transaction() as session:
        a = (await add_organization(session, AMAL)).id
        b = (await add_organization(session, SHABAB)).id
        silent = (await add_organization(session, SILENT)).id
    a_upcoming = await add_event(db, title="ندوة حوارية حول الانتخابات", starts_at=clock.now + timedelta(days=5),
                                 organization_id=a)
    a_past = await add_event(db, title="جلسة ختامية", kind="closing", starts_at=clock.now - timedelta(days=5),
                             organization_id=a)
    b_upcoming = await add_event(db, title="ورشة عمل للشباب في أربيل", kind="workshop",
                                 starts_at=clock.now + timedelta(days=3), organization_id=b)
    await add_event(db, title="مسودة لم تُنشر", starts_at=clock.now + timedelta(days=9), organization_id=silent,
                    status="draft")
    ids = {name: await someone(db, name) for name in (
        "a_registrant", "a_waiting", "a_attendee", "a_cancelled", "b_follower", "b_registrant", "quitter",
        "both_follower", "stranger", "a_stopped_all")}
    ids["a_unconsented"] = await someone(db, "a_unconsented", consent=False)
    await seat(db, ids["a_registrant"], a_upcoming)
    await seat(db, ids["a_waiting"], a_upcoming, "waitlisted")
    await seat(db, ids["a_attendee"], a_past, attended=True)
    await seat(db, ids["a_cancelled"], a_upcoming, "cancelled")
    await seat(db, ids["a_unconsented"], a_upcoming)
    await seat(db, ids["a_stopped_all"], a_upcoming)
    await seat(db, ids["b_registrant"], b_upcoming)
    await seat(db, ids["quitter"], a_upcoming)
    await seat(db, ids["quitter"], b_upcoming)
    async with db.transaction() as session:
        await audiences.follow(session, ids["b_follower"], b)
        await audiences.follow(session, ids["both_follower"], a)
        await audiences.follow(session, ids["both_follower"], b)
        await audiences.stop_organization(session, ids["quitter"], b)
        (await session.get(Contact, ids["a_stopped_all"])).opted_out = True
    # A's staff: ordinary people. One has no relationship with B, the other follows B.
    for name, follows_b in (("a_staff", False), ("a_staff_following_b", True)):
        await make_staff(core, name, a, "organizer")
        async with db.transaction() as session:
            ids[name] = (await find_identity(session, "console", name)).contact_id
            if follows_b:
                await audiences.follow(session, ids[name], b)
    return World(a, b, silent, a_upcoming, a_past, b_upcoming, ids)


@pytest.fixture
async def world(core, clock) -> World:  # type: ignore[no-untyped-def]
    return await build_world(core, clock)


async def reach(db, organization_id: int, *keys: str) -> tuple[set[int], int]:  # type: ignore[no-untyped-def]
    """Who the segments reach for the organisation, and the count a preview would show."""
    async with db.transaction() as session:
        ids = set(await audiences.audience_ids(session, organization_id, keys))
        count = await audiences.audience_count(session, organization_id, keys)
    return ids, count


def every_segment(world: World) -> list[str]:
    """Every segment an organizer could ask for, with both organisations' events (forged or not)."""
    keys = ["all", "g-baghdad", "i-youth"]
    for event_id in (world.a_upcoming, world.a_past, world.b_upcoming):
        keys += [f"r-{event_id}", f"a-{event_id}", f"w-{event_id}"]
    return keys


# --- the boundary matrix ----------------------------------------------------------------------


async def test_matrix_organisation_b_can_neither_reach_nor_count_as_people_through_any_segment(world: World,
                                                                                              core) -> None:
    outsiders = {world.ids[n] for n in (A_ONLY | {"a_staff", "stranger", "quitter", "a_unconsented",
                                                   "a_stopped_all"})}
    for key in every_segment(world):
        ids, count = await reach(core.db, world.b, key)
        assert not ids & outsiders, (key, world.names(ids & outsiders))
        assert count == len(ids), key
    ids, count = await reach(core.db, world.b, *every_segment(world))
    assert world.names(ids) == B_AUDIENCE and count == len(B_AUDIENCE)


async def test_matrix_each_organisations_whole_audience_is_its_registrants_and_followers(world: World, core) -> None:
    a_ids, _ = await reach(core.db, world.a, "all")
    b_ids, _ = await reach(core.db, world.b, "all")
    assert world.names(a_ids) == A_AUDIENCE
    assert world.names(b_ids) == B_AUDIENCE
    silent_ids, silent_count = await reach(core.db, world.silent, *every_segment(world))
    assert silent_ids == set() and silent_count == 0


@pytest.mark.parametrize(("segment", "expected"), [
    ("g-baghdad", A_AUDIENCE),
    ("i-youth", A_AUDIENCE),
    ("r-{a_upcoming}", {"a_registrant", "quitter"}),
    ("a-{a_past}", {"a_attendee"}),
    ("w-{a_upcoming}", {"a_waiting"}),
    ("r-{b_upcoming}", set()),
    ("w-{b_upcoming}", set()),
])
async def test_matrix_a_governorate_or_interest_reaches_only_the_organisations_own_audience(
        world: World, core, segment: str, expected: set[str]) -> None:
    key = segment.format(a_upcoming=world.a_upcoming, a_past=world.a_past, b_upcoming=world.b_upcoming)
    ids, count = await reach(core.db, world.a, key)
    assert world.names(ids) == expected and count == len(expected)


async def test_matrix_staff_of_another_organisation_are_ordinary_people(world: World, core) -> None:
    ids, _ = await reach(core.db, world.b, "all", "g-baghdad", "i-youth")
    assert world.ids["a_staff"] not in ids
    assert world.ids["a_staff_following_b"] in ids  # only because they chose to follow B
    a_ids, _ = await reach(core.db, world.a, "all")
    assert world.ids["a_staff"] not in a_ids  # a role in A is not a relationship with A either


async def test_matrix_stopping_one_organisation_leaves_the_other(world: World, core) -> None:
    quitter = world.ids["quitter"]
    async with core.db.transaction() as session:
        assert await audiences.in_audience(session, world.a, quitter)
        assert not await audiences.in_audience(session, world.b, quitter)
        assert await audiences.in_audience(session, world.b, world.ids["b_follower"])


@pytest.mark.parametrize("organization", ["a", "b"])
async def test_matrix_the_preview_count_is_what_gets_queued_for_every_segment(world: World, core,
                                                                              organization: str) -> None:
    org = getattr(world, organization)
    for key in every_segment(world):
        async with core.db.transaction() as session:
            broadcast = Broadcast(organization_id=org, text="إعلان", audience={"segments": [key]}, status="draft")
            session.add(broadcast)
            await session.flush()
            counted = await service.audience_size(session, broadcast)
            queued = await service.start_sending(session, broadcast, actor="test", actor_contact_id=None)
            rows = set(await session.scalars(select(Delivery.contact_id).where(Delivery.broadcast_id == broadcast.id)))
        expected, _ = await reach(core.db, org, key)
        assert counted == queued == len(rows), key
        assert rows == expected, key


# --- the organizer's side, through the bot ----------------------------------------------------


async def test_bs_organizer_choosing_baghdad_reaches_only_bs_audience(world: World, core) -> None:
    organizer = await make_staff(core, "b_organizer", world.b, "organizer", governorate="أربيل")
    await organizer.text("القائمة")
    await organizer.choose("لوحة المنظمين")
    await organizer.choose("إعلان جديد")
    await organizer.text("ورشة جديدة للشباب يوم الجمعة")
    await organizer.choose("بدون فعالية")
    assert "لن يصل الإعلان الآن إلى أحد" in organizer.texts
    await organizer.choose("حسب المحافظة")
    await organizer.choose("بغداد")
    await organizer.choose("تم ✔")
    assert "سيصل الإعلان الآن إلى ٤ أشخاص" in organizer.texts  # B's four, not the eleven people of Baghdad
    await organizer.choose("معاينة الإعلان")
    assert "سيصل إلى ٤ أشخاص" in organizer.texts and "جمهور منظمتك فقط" in organizer.texts
    await organizer.choose("إرسال الآن")
    async with core.db.transaction() as session:
        queued = set(await session.scalars(select(Delivery.contact_id)))
    assert world.names(queued) == B_AUDIENCE


async def test_bs_organizer_cannot_tick_as_events_with_forged_ids_and_counts_stay_zero(world: World, core) -> None:
    organizer = await make_staff(core, "b_organizer", world.b, "organizer")
    me = await contact_id(core, organizer)
    async with core.db.transaction() as session:
        draft = await service.create_draft(session, world.b, me, "إعلان")
    for key in (f"r-{world.a_upcoming}", f"a-{world.a_past}", f"w-{world.a_upcoming}"):
        await organizer.choose_id(core.codec.encode(me, "bS", draft.id, key))
        assert "المخوّلين فقط" in organizer.texts
    await organizer.choose_id(core.codec.encode(me, "bW", draft.id))
    assert "اختر جمهور الإعلان أولاً" in organizer.texts and "لن يصل الإعلان الآن إلى أحد" in organizer.texts
    # Even a stored audience naming A's events (written around the buttons) counts and sends nobody.
    async with core.db.transaction() as session:
        row = await session.get(Broadcast, draft.id)
        row.audience = {"segments": [f"r-{world.a_upcoming}", f"a-{world.a_past}", f"w-{world.a_upcoming}"]}
    await organizer.choose_id(core.codec.encode(me, "bW", draft.id))
    assert "لن يصل الإعلان إلى أحد الآن" in organizer.texts
    assert not [o for r in organizer.replies for o in r.options if "إرسال الآن" in o.label]


# --- following: settings and event details ----------------------------------------------------


@pytest.fixture
async def citizen(world: World, core) -> Person:  # type: ignore[no-untyped-def]
    person = Person(core, "citizen")
    await person.onboard()
    return person


def labels(person: Person) -> list[str]:
    return [o.label for r in person.replies for o in r.options]


async def follows_of(core: BotCore, person: Person) -> set[int]:
    async with core.db.transaction() as session:
        return await audiences.followed_ids(session, await contact_id(core, person))


async def test_settings_list_the_organisations_that_published_events_to_follow_and_unfollow(
        world: World, core, citizen: Person) -> None:
    await citizen.text("الإعدادات")
    await citizen.choose("منظمات أتابعها")
    assert "تصلك إعلانات منظمة إذا تابعتها أو سجّلت في إحدى فعالياتها" in citizen.texts
    assert f"⬜ {AMAL}" in labels(citizen) and f"⬜ {SHABAB}" in labels(citizen)
    assert not [label for label in labels(citizen) if SILENT in label]  # nothing published: nothing to follow

    await citizen.choose(f"⬜ {SHABAB}")
    assert f"أصبحت تتابع «{SHABAB}»" in citizen.texts and f"✅ {SHABAB}" in labels(citizen)
    assert await follows_of(core, citizen) == {world.b}
    ids, _ = await reach(core.db, world.b, "all")
    assert await contact_id(core, citizen) in ids

    await citizen.choose(f"✅ {SHABAB}")
    assert f"ألغيت متابعة «{SHABAB}»، ولن تصلك إعلاناتها" in citizen.texts and f"⬜ {SHABAB}" in labels(citizen)
    assert await follows_of(core, citizen) == set()
    ids, _ = await reach(core.db, world.b, "all")
    assert await contact_id(core, citizen) not in ids


async def test_the_organisation_list_is_paged(core, clock, citizen: Person) -> None:
    for number in range(1, 11):
        async with core.db.transaction() as session:
            organization_id = (await add_organization(session, f"منظمة رقم {number:02d}")).id
        await add_event(core.db, starts_at=clock.now + timedelta(days=2), organization_id=organization_id)
    await citizen.text("الإعدادات")
    await citizen.choose("منظمات أتابعها")
    first = [label for label in labels(citizen) if label.startswith("⬜")]
    assert len(first) == 8 and "(الصفحة ١ من ٢)" in citizen.texts
    await citizen.choose("منظمات أخرى")
    second = [label for label in labels(citizen) if label.startswith("⬜")]
    assert len(second) == 4 and not set(first) & set(second)  # 10 here + the world's two
    await citizen.choose(second[0])
    assert "أصبحت تتابع" in citizen.texts and "(الصفحة ٢ من ٢)" in citizen.texts


async def test_unfollowing_an_organisation_i_registered_with_says_so_and_offers_to_stop_it(
        world: World, core, citizen: Person) -> None:
    me = await contact_id(core, citizen)
    await seat(core.db, me, world.a_upcoming)
    await citizen.text("الإعدادات")
    await citizen.choose("منظمات أتابعها")
    await citizen.choose(f"⬜ {AMAL}")
    await citizen.choose(f"✅ {AMAL}")
    assert "لكنك مسجّل في إحدى فعالياتها" in citizen.texts
    await citizen.choose(f"إيقاف إعلانات {AMAL} فقط")
    assert f"لن تصلك إعلانات «{AMAL}» بعد الآن" in citizen.texts
    async with core.db.transaction() as session:
        assert not await audiences.in_audience(session, world.a, me)
    # The list shows the stop, and following again lifts it.
    await citizen.text("الإعدادات")
    await citizen.choose("منظمات أتابعها")
    await citizen.choose(f"🔕 {AMAL}")
    assert f"أصبحت تتابع «{AMAL}»" in citizen.texts
    async with core.db.transaction() as session:
        assert await audiences.in_audience(session, world.a, me)


async def test_event_details_offer_to_follow_the_organisation_and_then_to_unfollow(
        world: World, core, citizen: Person) -> None:
    await citizen.command("start", f"ev_{world.b_upcoming}")
    assert "متابعة هذه المنظمة" in labels(citizen) and "إلغاء المتابعة" not in labels(citizen)
    await citizen.choose("متابعة هذه المنظمة")
    assert f"أصبحت تتابع «{SHABAB}»" in citizen.texts
    assert "ورشة عمل للشباب في أربيل" in citizen.texts  # the details again
    assert "إلغاء المتابعة" in labels(citizen) and "سجّلني ✅" in labels(citizen)
    assert await follows_of(core, citizen) == {world.b}
    await citizen.choose("إلغاء المتابعة")
    assert f"ألغيت متابعة «{SHABAB}»" in citizen.texts and "متابعة هذه المنظمة" in labels(citizen)
    assert await follows_of(core, citizen) == set()


async def test_an_event_without_an_organisation_offers_nothing_to_follow(core, clock, citizen: Person) -> None:
    event_id = await add_event(core.db, starts_at=clock.now + timedelta(days=2))
    await citizen.command("start", f"ev_{event_id}")
    assert "سجّلني ✅" in labels(citizen)
    assert not [label for label in labels(citizen) if "متابعة" in label]


async def test_following_while_all_announcements_are_stopped_says_they_stay_stopped(
        world: World, core, citizen: Person) -> None:
    await citizen.text("إيقاف")
    await citizen.command("start", f"ev_{world.a_upcoming}")
    await citizen.choose("متابعة هذه المنظمة")
    assert "لكنك أوقفت الإعلانات كلها" in citizen.texts and "«اشتراك»" in citizen.texts


async def test_a_follow_option_issued_to_someone_else_changes_nothing(world: World, core, citizen: Person) -> None:
    other = Person(core, "other")
    await other.onboard()
    forged = core.codec.encode(await contact_id(core, other), "fwT", world.a, 0)
    await citizen.choose_id(forged)
    assert "لم يعد متاحاً" in citizen.texts
    assert await follows_of(core, citizen) == set()
    # Nor can a well-signed id follow an organisation that has published nothing.
    await citizen.choose_id(core.codec.encode(await contact_id(core, citizen), "fwT", world.silent, 0))
    assert "لم يعد متاحاً" in citizen.texts and await follows_of(core, citizen) == set()


# --- «إيقاف» after an announcement ---------------------------------------------------------------


async def announce(core: BotCore, organization_id: int, text: str, *segments: str) -> int:
    """An organisation's announcement, queued now (sent when the test drains the sender)."""
    async with core.db.transaction() as session:
        broadcast = await service.create_draft(session, organization_id, None, text)  # type: ignore[arg-type]
        for key in segments or ("all",):
            service.toggle_segment(broadcast, key)
        await service.start_sending(session, broadcast, actor="test", actor_contact_id=None)
        return broadcast.id


@pytest.fixture
async def listener(world: World, core, citizen: Person) -> Person:
    """A citizen who follows both organisations and just received an announcement from B."""
    me = await contact_id(core, citizen)
    async with core.db.transaction() as session:
        await audiences.follow(session, me, world.a)
        await audiences.follow(session, me, world.b)
    await announce(core, world.b, "ورشة جديدة في أربيل")
    await Sender(core, {"console": RecordingChannel()}).drain()
    return citizen


async def opted(core: BotCore, person: Person) -> tuple[bool, set[int]]:
    async with core.db.transaction() as session:
        me = await contact_id(core, person)
        return (await session.get(Contact, me)).opted_out, await audiences.stopped_ids(session, me)


@pytest.mark.parametrize("how", ["إيقاف", "/stop"])
async def test_stop_after_an_announcement_offers_this_organisation_only_or_everything(
        world: World, core, listener: Person, how: str) -> None:
    await (listener.command("stop") if how == "/stop" else listener.text(how))
    assert f"آخر إعلان وصلك كان من «{SHABAB}»" in listener.texts
    assert labels(listener) == [f"إيقاف إعلانات {SHABAB} فقط", "إيقاف كل الإعلانات", "تراجع، لا توقف شيئاً"]
    assert await opted(core, listener) == (False, set())  # nothing changes before a choice


async def test_stopping_this_organisation_only_keeps_the_others_announcements(world: World, core,
                                                                             listener: Person) -> None:
    await listener.text("إيقاف")
    await listener.choose(f"إيقاف إعلانات {SHABAB} فقط")
    assert f"لن تصلك إعلانات «{SHABAB}» بعد الآن" in listener.texts
    assert await opted(core, listener) == (False, {world.b})
    assert await follows_of(core, listener) == {world.a}
    channel = RecordingChannel()
    await announce(core, world.b, "إعلان ثانٍ من شباب أربيل")
    await announce(core, world.a, "إعلان من الأمل")
    await Sender(core, {"console": channel}).drain()
    [received] = channel.to("citizen")
    assert "إعلان من الأمل" in received.text and AMAL in received.text
    assert [m for m in channel.sent if "إعلان ثانٍ" in m.text]  # B's other people still got B's


async def test_stopping_everything_after_an_announcement_stops_every_organisation(world: World, core,
                                                                                 listener: Person) -> None:
    await listener.text("إيقاف")
    await listener.choose("إيقاف كل الإعلانات")
    assert "تم إيقاف الإعلانات" in listener.texts
    assert await opted(core, listener) == (True, set())
    channel = RecordingChannel()
    await announce(core, world.a, "إعلان من الأمل")
    await Sender(core, {"console": channel}).drain()
    assert channel.to("citizen") == []


async def test_changing_ones_mind_stops_nothing(world: World, core, listener: Person) -> None:
    await listener.text("إيقاف")
    await listener.choose("تراجع")
    assert "القائمة الرئيسية" in listener.texts
    assert await opted(core, listener) == (False, set())


async def test_an_announcement_queued_before_stopping_its_organisation_is_not_sent(world: World, core,
                                                                                 listener: Person) -> None:
    await announce(core, world.b, "إعلان ينتظر دوره")
    await listener.text("إيقاف")
    await listener.choose(f"إيقاف إعلانات {SHABAB} فقط")
    channel = RecordingChannel()
    await Sender(core, {"console": channel}).drain()
    assert channel.to("citizen") == []
    me = await contact_id(core, listener)
    async with core.db.transaction() as session:
        states = list(await session.scalars(select(Delivery.state).where(Delivery.contact_id == me)
                                            .order_by(Delivery.id)))
    assert states == ["sent", "cancelled"]


async def test_stop_long_after_the_last_announcement_stops_everything_at_once(world: World, core, clock,
                                                                              listener: Person) -> None:
    clock.advance(days=31)
    await listener.text("إيقاف")
    assert "تم إيقاف الإعلانات" in listener.texts
    assert await opted(core, listener) == (True, set())


async def test_stop_again_after_stopping_that_organisation_stops_everything(world: World, core,
                                                                            listener: Person) -> None:
    await listener.text("إيقاف")
    await listener.choose(f"إيقاف إعلانات {SHABAB} فقط")
    await listener.text("إيقاف")
    assert "تم إيقاف الإعلانات" in listener.texts
    assert await opted(core, listener) == (True, {world.b})


async def test_subscribe_resumes_every_announcement_including_a_stopped_organisation(world: World, core,
                                                                                    listener: Person) -> None:
    await listener.text("إيقاف")
    await listener.choose(f"إيقاف إعلانات {SHABAB} فقط")
    await listener.text("اشتراك")
    assert "ستصلك إعلانات المنظمات من جديد" in listener.texts
    assert await opted(core, listener) == (False, set())
    await listener.text("اشتراك")
    assert "مشترك في الإعلانات بالفعل" in listener.texts


# --- what the person is told, and data kept in step ------------------------------------------------


def test_the_consent_and_help_texts_say_who_can_contact_you_and_how_to_stop() -> None:
    welcome = catalog.text("welcome")
    assert "لا نشارك بياناتك مع أحد خارج المنظمات المنظِّمة للفعاليات التي تسجّل فيها" in welcome
    assert "المنظمات التي سجّلت في إحدى فعالياتها، والمنظمات التي تختار متابعتها، ولا أحد غيرها" in welcome
    assert "إيقاف إعلانات منظمة واحدة أو كل الإعلانات" in welcome and "«إيقاف»" in welcome
    help_text = catalog.text("help")
    assert "«منظمات أتابعها»" in help_text
    assert "من المنظمات التي سجّلت في إحدى فعالياتها أو التي تتابعها" in help_text
    assert "إعلانات تلك المنظمة وحدها أم كل الإعلانات" in help_text and "«اشتراك»" in help_text


async def test_linking_two_channels_keeps_follows_and_every_stop(world: World, core) -> None:
    async with core.db.transaction() as session:
        _, keep, _ = await get_or_create_identity(session, "telegram", "501")
        _, absorb, _ = await get_or_create_identity(session, "whatsapp", "9647701112233")
        await audiences.follow(session, keep.id, world.a)
        await audiences.follow(session, absorb.id, world.b)
        await audiences.follow(session, absorb.id, world.a)
        await audiences.stop_organization(session, absorb.id, world.a)
        await merge_contacts(session, keep=keep, absorb=absorb)
        assert await audiences.followed_ids(session, keep.id) == {world.b}
        assert await audiences.stopped_ids(session, keep.id) == {world.a}


async def test_deleting_my_data_forgets_my_follows_and_stops(world: World, core) -> None:
    async with core.db.transaction() as session:
        _, contact, _ = await get_or_create_identity(session, "telegram", "777")
        await audiences.follow(session, contact.id, world.a)
        await audiences.stop_organization(session, contact.id, world.b)
        await delete_contact(session, contact)
        assert await session.scalar(select(func.count()).select_from(Follow)) == 4  # the world's own follows
        assert await session.scalar(select(func.count()).select_from(OrganizationOptOut)) == 1  # the quitter's


async def test_staff_role_does_not_put_anyone_in_their_own_organisations_audience(world: World, core) -> None:
    async with core.db.transaction() as session:
        await grant_role(session, world.b, world.ids["stranger"], "admin", actor="test")
        assert not await audiences.in_audience(session, world.b, world.ids["stranger"])
