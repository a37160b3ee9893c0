"""The conversation never misleads a citizen (issue 12, items 1, 2, 3 and 9).

Every story goes through the dispatcher (BotCore.handle), as a person presses or types:
the event card says where the person stands, cancelling always asks first and never sits
where «register» was, a cancelled event looks cancelled everywhere, full and closed events
say so, a waiting-list place shows no ticket, and help says how to stop, resume, find a
ticket and cancel.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from handlers.core import BotCore
from handlers.types import Outbound
from messages import catalog
from storage.models import Contact, Event, Identity, Registration
from storage.services import checkin as checkin_service
from storage.services.event_admin import cancel as cancel_event
from tests.conftest import FakeClock
from tests.helpers import Person, add_event, plain

TITLE = "ندوة حوارية حول المشاركة في الانتخابات"
REGISTER, JOIN_WAITLIST = catalog.text("register-button"), catalog.text("register-waitlist-button")
CANCEL_SEAT, CANCEL_WAITING = catalog.text("cancel-registration"), catalog.text("cancel-waitlist-place")
YES_SEAT, NO_SEAT = catalog.text("cancel-yes"), catalog.text("cancel-no")
YES_WAITING, NO_WAITING = catalog.text("cancel-waitlist-yes"), catalog.text("cancel-waitlist-no")
REMOVE = catalog.text("remove-item", title=TITLE)


# --- helpers -------------------------------------------------------------------------------


def labels(replies: list[Outbound]) -> list[str]:
    return [plain(option.label) for reply in replies for option in reply.options]


def texts(replies: list[Outbound]) -> str:
    return plain("\n".join(reply.text for reply in replies))


async def person_in(core: BotCore, name: str) -> Person:
    # On Telegram (and WhatsApp) the bot remembers the options it offered, so typed «نعم» / «لا»
    # choose the yes / no option (the console simulator keeps its own options).
    person = Person(core, name, channel="telegram")
    await person.onboard()
    return person


async def open_event(person: Person, title: str = TITLE) -> list[Outbound]:
    await person.text("الفعاليات")
    return await person.choose(title[:20])


async def take_place(person: Person) -> list[Outbound]:
    """Open the event and press its first option: «register me» or «join the waiting list»."""
    await open_event(person)
    offered = labels(person.replies)
    return await person.choose(REGISTER if REGISTER in offered else JOIN_WAITLIST)


async def registration_of(core: BotCore, person: Person, event_id: int) -> Registration:
    async with core.db.transaction() as session:
        identity = await session.scalar(select(Identity).where(Identity.external_id == person.external_id))
        assert identity is not None
        found = await session.scalar(select(Registration).where(Registration.event_id == event_id,
                                                                Registration.contact_id == identity.contact_id))
        assert found is not None
        return found


async def event_with(core: BotCore, clock: FakeClock, **fields: Any) -> int:
    fields.setdefault("title", TITLE)
    return await add_event(core.db, starts_at=clock.now + timedelta(days=4), **fields)


async def organizer_cancels(core: BotCore, event_id: int) -> None:
    async with core.db.transaction() as session:
        event = await session.get(Event, event_id)
        assert event is not None
        await cancel_event(session, event, actor="test")


async def seated_and_waiting(core: BotCore, clock: FakeClock) -> tuple[int, Person, Person]:
    """A one-seat event: amal holds the seat, basim waits first in line."""
    event_id = await event_with(core, clock, capacity=1)
    amal, basim = await person_in(core, "amal"), await person_in(core, "basim")
    await take_place(amal)
    clock.advance(seconds=1)
    await take_place(basim)
    return event_id, amal, basim


# --- 1. status before action ---------------------------------------------------------------

STANDING = [
    # who opens the details, the status line they read, the first and the last option
    ("amal", "✅ أنت مسجّل — تذكرتك: {ticket}", "🎟 تذكرتي: " + TITLE, CANCEL_SEAT),
    ("basim", "⏳ أنت على قائمة الانتظار (الترتيب ١)", "العودة إلى الفعاليات", CANCEL_WAITING),
]


@pytest.mark.parametrize(("who", "status", "first", "last"), STANDING, ids=["seat", "waiting list"])
async def test_event_details_say_where_i_stand_and_put_cancel_last(core: BotCore, clock: FakeClock, who: str,
                                                                   status: str, first: str, last: str) -> None:
    event_id, amal, basim = await seated_and_waiting(core, clock)
    person = {"amal": amal, "basim": basim}[who]
    registration = await registration_of(core, person, event_id)

    replies = await open_event(person)

    assert status.format(ticket=registration.ticket_code) in texts(replies)
    offered = labels(replies)
    assert offered[0] == first and offered[-1] == last
    assert REGISTER not in offered and JOIN_WAITLIST not in offered


async def test_someone_not_registered_reads_no_status_line(core: BotCore, clock: FakeClock) -> None:
    await event_with(core, clock)
    person = await person_in(core, "amal")

    replies = await open_event(person)

    assert "أنت مسجّل" not in texts(replies) and "قائمة الانتظار (الترتيب" not in texts(replies)
    assert labels(replies)[0] == REGISTER


async def test_typing_1_twice_on_the_details_never_gives_the_seat_away(core: BotCore, clock: FakeClock) -> None:
    event_id = await event_with(core, clock)
    person = await person_in(core, "amal")
    await open_event(person)
    await person.choose_id(person.replies[0].options[0].id)  # «1»: register

    await open_event(person)
    replies = await person.choose_id(person.replies[0].options[0].id)  # «1» again: the ticket, not cancel

    assert (await registration_of(core, person, event_id)).status == "confirmed"
    assert any(reply.document is not None for reply in replies), "option 1 now opens the QR ticket"


CANCEL_ANSWERS = [
    # where the question is asked, whose place, how the person answers, cancelled?, what they read
    ("details", "amal", ("press", YES_SEAT), True, "cancelled"),
    ("details", "amal", ("press", NO_SEAT), False, "cancel-kept"),
    ("details", "amal", ("type", "نعم"), True, "cancelled"),
    ("details", "amal", ("type", "لا"), False, "cancel-kept"),
    ("my", "amal", ("press", YES_SEAT), True, "cancelled"),
    ("my", "amal", ("type", "لا"), False, "cancel-kept"),
    ("details", "basim", ("press", YES_WAITING), True, "cancelled-waitlist"),
    ("details", "basim", ("type", "لا"), False, "cancel-kept"),
    ("my", "basim", ("type", "نعم"), True, "cancelled-waitlist"),
    ("my", "basim", ("press", NO_WAITING), False, "cancel-kept"),
]


@pytest.mark.parametrize(("where", "who", "answer", "cancelled", "says"), CANCEL_ANSWERS,
                         ids=[f"{w}-{p}-{a[0]} {'yes' if 'نعم' in a[1] else 'no'}" for w, p, a, _, _ in CANCEL_ANSWERS])
async def test_cancelling_asks_first_and_the_answer_decides(core: BotCore, clock: FakeClock, where: str, who: str,
                                                            answer: tuple[str, str], cancelled: bool,
                                                            says: str) -> None:
    event_id, amal, basim = await seated_and_waiting(core, clock)
    person = {"amal": amal, "basim": basim}[who]
    before = await registration_of(core, person, event_id)
    if where == "details":
        await open_event(person)
        await person.choose(CANCEL_SEAT if who == "amal" else CANCEL_WAITING)
    else:
        await person.text("تسجيلاتي")
        await person.choose("إلغاء:")

    question = "cancel-confirm" if who == "amal" else "cancel-waitlist-confirm"
    assert texts(person.replies) == plain(catalog.text(question, title=TITLE))
    assert (await registration_of(core, person, event_id)).status == before.status, "asking changes nothing"

    how, words = answer
    replies = await (person.choose(words) if how == "press" else person.text(words))

    after = await registration_of(core, person, event_id)
    assert (after.status == "cancelled") is cancelled
    assert plain(catalog.text(says, title=TITLE)) in texts(replies)
    if not cancelled:
        assert after.status == before.status
        # «No» goes back to where the question was asked, showing the place kept.
        back_to = "أنت" if where == "details" else "الحالة:"
        assert back_to in texts(replies)


async def test_cancelling_my_seat_promotes_the_first_person_waiting_only_after_yes(core: BotCore,
                                                                                  clock: FakeClock) -> None:
    event_id, amal, basim = await seated_and_waiting(core, clock)
    await open_event(amal)
    await amal.choose(CANCEL_SEAT)
    assert (await registration_of(core, basim, event_id)).status == "waitlisted"

    await amal.text("نعم")

    assert (await registration_of(core, basim, event_id)).status == "confirmed"


# --- 2. a cancelled event looks cancelled --------------------------------------------------


async def test_my_registrations_show_a_cancelled_event_with_when_and_no_ticket(core: BotCore,
                                                                              clock: FakeClock) -> None:
    event_id, amal, basim = await seated_and_waiting(core, clock)
    ticket = (await registration_of(core, amal, event_id)).ticket_code
    clock.advance(hours=1)  # the organizer cancels at 13:00 Baghdad time
    await organizer_cancels(core, event_id)

    for person in (amal, basim):
        replies = await person.text("تسجيلاتي")
        shown = texts(replies)
        assert "❌ أُلغيت الفعالية — أعلن المنظم إلغاءها يوم الثلاثاء ١ كانون الأول ٢٠٢٦، الساعة ١:٠٠ ظهراً" in shown
        assert "الحالة:" not in shown and ticket not in shown and "🎟" not in shown
        assert labels(replies) == ["القائمة الرئيسية", plain(REMOVE)]


TICKET_SCREENS = [
    ("typed «تذاكري»", lambda person, _: person.text("تذاكري")),
    ("the ticket option kept from before", lambda person, kept: person.choose_id(kept)),
]


@pytest.mark.parametrize("screen", [s for _, s in TICKET_SCREENS], ids=[why for why, _ in TICKET_SCREENS])
async def test_no_qr_ticket_for_a_cancelled_event(core: BotCore, clock: FakeClock, screen: Any) -> None:
    event_id, amal, _ = await seated_and_waiting(core, clock)
    await amal.text("تسجيلاتي")
    kept = amal.option_id("🎟 تذكرتي")
    await organizer_cancels(core, event_id)

    replies = await screen(amal, kept)

    assert all(reply.document is None for reply in replies)
    assert (await registration_of(core, amal, event_id)).ticket_code not in texts(replies)
    menu = await amal.text("القائمة")
    assert "تذاكري 🎟" not in labels(menu), "the main menu offers no ticket for a cancelled event"


async def test_check_in_refuses_a_ticket_of_a_cancelled_event(core: BotCore, clock: FakeClock) -> None:
    event_id, amal, _ = await seated_and_waiting(core, clock)
    registration = await registration_of(core, amal, event_id)
    await organizer_cancels(core, event_id)

    async with core.db.transaction() as session:
        outcome = await checkin_service.check_in(session, registration.id, None)

    assert outcome.result == "event_cancelled"
    assert (await registration_of(core, amal, event_id)).checked_in_at is None


async def test_a_cancelled_event_can_be_removed_from_my_list(core: BotCore, clock: FakeClock) -> None:
    kept_id = await event_with(core, clock, title="ورشة عمل للشباب", capacity=5)
    event_id, amal, _ = await seated_and_waiting(core, clock)
    await open_event(amal, "ورشة عمل للشباب")
    await amal.choose(REGISTER)
    await organizer_cancels(core, event_id)
    await amal.text("تسجيلاتي")

    replies = await amal.choose(REMOVE)

    assert plain(catalog.text("my-removed", title=TITLE)) in texts(replies)
    assert TITLE not in texts(replies[1:]) and "ورشة عمل للشباب" in texts(replies[1:])
    assert (await registration_of(core, amal, event_id)).status == "cancelled"
    assert (await registration_of(core, amal, kept_id)).status == "confirmed", "only that event leaves the list"


async def test_remove_from_list_is_refused_for_an_event_that_still_runs(core: BotCore, clock: FakeClock) -> None:
    event_id, amal, _ = await seated_and_waiting(core, clock)
    registration = await registration_of(core, amal, event_id)
    async with core.db.transaction() as session:
        contact_id = (await session.get(Registration, registration.id)).contact_id  # type: ignore[union-attr]

    replies = await amal.choose_id(core.codec.encode(contact_id, "cR", registration.id))

    assert texts(replies).startswith(plain(catalog.text("option-stale")))
    assert (await registration_of(core, amal, event_id)).status == "confirmed"


# --- 3. full and closed say so; a waiting-list place shows no ticket -----------------------

SEATS = [
    # capacity, people already in, registration open, seats line, register option offered
    (3, 1, True, "🎟 بقي مقعدان", REGISTER),
    (1, 1, True, "🎟 اكتمل العدد — لا أحد على قائمة الانتظار بعد", JOIN_WAITLIST),
    (3, 1, False, "🎟 🔒 التسجيل مغلق", None),
    (1, 1, False, "🎟 🔒 التسجيل مغلق", None),
]


@pytest.mark.parametrize(("capacity", "taken", "is_open", "line", "offered"), SEATS,
                         ids=["open", "full", "closed", "closed and full"])
async def test_full_and_closed_events_say_so(core: BotCore, clock: FakeClock, capacity: int, taken: int,
                                             is_open: bool, line: str, offered: str | None) -> None:
    event_id = await event_with(core, clock, capacity=capacity)
    for n in range(taken):
        await take_place(await person_in(core, f"early{n}"))
    if not is_open:
        async with core.db.transaction() as session:
            (await session.get(Event, event_id)).registration_open = False  # type: ignore[union-attr]
    person = await person_in(core, "late")

    replies = await open_event(person)

    assert line in texts(replies)
    assert "اكتمل العدد" not in texts(replies) or is_open, "a closed event never claims a waiting list"
    options = labels(replies)
    assert (options[0] == offered) if offered else not ({REGISTER, JOIN_WAITLIST} & set(options))


async def test_a_waiting_list_place_shows_no_ticket_code_anywhere(core: BotCore, clock: FakeClock) -> None:
    event_id, _, basim = await seated_and_waiting(core, clock)
    ticket = (await registration_of(core, basim, event_id)).ticket_code
    seen = [basim.replies]  # the confirmation of the waiting-list place
    seen.append(await open_event(basim))
    seen.append(await basim.text("تسجيلاتي"))
    async with core.db.transaction() as session:
        contact = await session.scalar(select(Contact).join(Identity).where(Identity.external_id == "basim"))
    seen.append(await basim.choose_id(core.codec.encode(contact.id, "rg", event_id)))  # an old «register» again

    for replies in seen:
        assert ticket not in texts(replies)
        assert "🎟 تذكرتي" not in " ".join(labels(replies))
    assert "الترتيب ١" in texts(seen[-1]), "the «already» answer gives the place instead"


# --- 9. help -------------------------------------------------------------------------------

HELP = [
    ("ar", ("«إيقاف»", "«اشتراك»", "«تذاكري»", "«نعم»", "«إلغاء: …»", "QR")),
    ("en", ("“stop”", "“subscribe”", "“My tickets”", "“yes”", "“Cancel: …”", "QR")),
    ("ckb", ("«ڕاگرتن»", "«ئابوونە»", "«بلیتەکانم»", "«بەڵێ»", "«هەڵوەشاندنەوە: …»", "QR")),
]


@pytest.mark.parametrize(("language", "mentions"), HELP, ids=[lang for lang, _ in HELP])
async def test_help_says_how_to_stop_resume_find_a_ticket_and_cancel(core: BotCore, clock: FakeClock,
                                                                     language: str, mentions: tuple[str, ...]) -> None:
    person = await person_in(core, "amal")
    async with core.db.transaction() as session:
        contact = await session.scalar(select(Contact).join(Identity).where(Identity.external_id == "amal"))
        contact.language = language  # type: ignore[union-attr]

    replies = await person.command("help")

    for words in mentions:
        assert words in texts(replies), words
