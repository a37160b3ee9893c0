"""The terminal chat as a simulator: several people, pushed messages from the outbox, a clock to move.

The story runs `python -m bot.cli chat --jsonl` as a process on a SQLite file of its own (cwd is
tmp_path, so saved files land there); the unit tests drive bot.console_sim.Simulator in-process
with the test clock.
"""

from __future__ import annotations

import asyncio
import json
import re
import signal
import stat
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.console_clock import ClockInputError, SimulatedClock, parse_clock_target, simulated_when
from bot.console_files import FileSaver, safe_filename
from bot.console_sim import Shown, Simulator
from handlers.core import BotCore
from handlers.router import COMMANDS
from handlers.types import Document
from messages import catalog
from storage.db import Database
from storage.models import Delivery
from storage.services.contacts import get_or_create_identity
from storage.services.outbox import enqueue
from storage.services.staff import add_organization, grant_role
from tests.conftest import FakeClock
from tests.helpers import add_event
from tests.test_console_chat import TIMEOUT, JsonlChat, chat_command, chat_env, documents

TITLE = "ورشة: كيف نكتب مطالب الحي؟"
TICKET = re.compile("رمز تذكرتك: \u2066?([A-Z0-9]+)")  # the code may sit in a left-to-right isolate


def pushed(turn: dict, to: str | None = None) -> list[dict]:
    return [reply for reply in turn["replies"] if reply["pushed"] and (to is None or reply["to"] == to)]


async def prepare_database(tmp_path: Path, *, starts_in: timedelta) -> None:
    """chat.db with an organisation whose admin is console:boss and one capacity-1 event of theirs."""
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}")
    try:
        await db.migrate()
        async with db.transaction() as session:
            organization = await add_organization(session, "جمعية المثال الأولى")
            _, boss, _ = await get_or_create_identity(session, "console", "boss")
            await grant_role(session, organization.id, boss.id, "admin", actor="test")
        # The chat's clock starts at the real time, so the event is placed relative to it.
        real_now = datetime.now(UTC).replace(tzinfo=None)
        await add_event(db, title=TITLE, starts_at=real_now + starts_in, capacity=1, organization_id=organization.id)
    finally:
        await db.dispose()


async def onboard_and_register(chat: JsonlChat, name: str) -> None:
    await chat.say(f"/as {name}")
    assert chat.texts == catalog.text("console-as-new", name=name)
    await chat.say("/start")
    await chat.say(chat.key_of("أوافق"))
    await chat.say(chat.key_of("بغداد"))
    await chat.say(chat.key_of("الفعاليات القادمة"))
    await chat.say(chat.key_of(TITLE))
    # A full event offers the waiting list in the place of «register me».
    await chat.say(chat.key_of("سجّلني" if any("سجّلني" in label for label in chat.labels) else "انتظار"))


async def test_a_promoted_person_and_a_reminded_person_see_what_the_bot_pushed(tmp_path: Path) -> None:
    await prepare_database(tmp_path, starts_in=timedelta(days=3))
    chat = await JsonlChat.start(tmp_path)

    await onboard_and_register(chat, "ahmad")
    assert "تم تسجيلك" in chat.texts and pushed(chat.turn) == []
    await onboard_and_register(chat, "sara")
    assert "قائمة الانتظار" in chat.texts, "the only seat is taken: sara waits"

    await chat.say("/as ahmad")
    assert chat.texts == catalog.text("console-as-now", name="ahmad")
    await chat.say("تسجيلاتي")
    await chat.say(chat.key_of("إلغاء:"))
    await chat.say(chat.key_of("نعم"))
    direct = [reply for reply in chat.turn["replies"] if not reply["pushed"]]
    assert f"تم إلغاء تسجيلك في «{TITLE}»" in direct[0]["text"] and direct[0]["to"] == "ahmad"
    promotion, calendar = pushed(chat.turn, "sara")
    assert promotion["text"].startswith("خبر سار") and TITLE in promotion["text"]
    assert chat.turn["replies"].index(promotion) > chat.turn["replies"].index(direct[-1]), "the answer comes first"
    [ticket] = TICKET.findall(promotion["text"])
    [ics] = documents({"replies": [calendar]})
    saved = Path(ics["path"])
    assert saved.parent == (tmp_path / "musharaka-files").resolve()
    assert saved.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600 and stat.S_IMODE(saved.parent.stat().st_mode) == 0o700

    # Sara's numbers refer to what was pushed to her, not to ahmad's screen.
    await chat.say("/as sara")
    await chat.say("1")
    assert "الحالة: مؤكد" in chat.texts and ticket in chat.texts

    # The organizer moves the clock: the day-before reminder reaches sara, not ahmad who cancelled.
    await chat.say("/as boss")
    await chat.say("/clock +2d1h")
    assert chat.texts.startswith("⏩") and pushed(chat.turn, "ahmad") == []
    [reminder] = pushed(chat.turn, "sara")
    assert reminder["text"].startswith("⏰") and TITLE in reminder["text"] and ticket in reminder["text"]
    assert [option["label"] for option in reminder["options"]] == [catalog.text("rsvp-yes"), catalog.text("rsvp-no")]

    # At the door the organizer types sara's ticket code.
    await chat.say("/start")
    await chat.say(chat.key_of("أوافق"))
    await chat.say(chat.key_of("بغداد"))
    await chat.say(chat.key_of("لوحة المنظمين"))
    await chat.say(chat.key_of("تسجيل الحضور"))
    await chat.say(ticket)
    # A day before the start the door is not open yet: the organizer confirms the early check-in.
    assert chat.texts.startswith("⏰") and ticket in chat.texts
    await chat.say(chat.key_of("نعم"))
    assert catalog.text("checkin-done", ticket=ticket, title=TITLE) in chat.texts

    # One jump past the start delivers the hour-before reminder at its own time; the survey comes after the end.
    await chat.say("/clock +1d")
    [hour_before] = pushed(chat.turn, "sara")
    assert hour_before["text"].startswith("⏰") and ticket in hour_before["text"]
    await chat.say("/clock +4h")
    [invitation] = pushed(chat.turn, "sara")
    assert TITLE in invitation["text"] and invitation["options"][0]["label"] == catalog.text("survey-start")
    await chat.say("/as sara")
    await chat.say("1")
    assert "السؤال ١ من ٤" in chat.texts, "sara's 1 starts the survey that was pushed to her"

    code, rest = await chat.finish()
    assert code == 0 and rest == b""


def test_text_mode_shows_pushed_messages_under_who_they_are_for(tmp_path: Path) -> None:
    lines = ["/as ahmad", "/start", "1", "1", "1", "1", "1",
             "/as sara", "/start", "1", "1", "1", "1", "1",
             "/as ahmad", "تسجيلاتي", "3", "1"]  # 3: «cancel» (after the ticket and the menu), 1: «yes»
    asyncio.run(prepare_database(tmp_path, starts_in=timedelta(days=3)))
    result = subprocess.run(
        [*chat_command("--files-dir", "out/files")], input="\n".join(lines) + "\n", capture_output=True,
        text=True, encoding="utf-8", cwd=tmp_path, env=chat_env(tmp_path), timeout=TIMEOUT, check=False,
    )

    assert result.returncode == 0, result.stderr
    after_cancel = result.stdout.split(f"تم إلغاء تسجيلك في «{TITLE}»")[1]
    assert after_cancel.count(catalog.text("console-pushed-to", name="sara")) == 2
    assert "خبر سار" in after_cancel
    [line] = [line for line in after_cancel.splitlines() if "📎" in line]
    saved = tmp_path / line.split("📎 ")[1]
    assert saved.parent.resolve() == (tmp_path / "out" / "files").resolve() and saved.suffix == ".ics"
    assert not (tmp_path / "musharaka-files").exists(), "--files-dir replaces the default folder"


async def test_ctrl_c_ends_the_chat_at_once_while_it_waits_for_input(tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        *chat_command(), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, cwd=tmp_path, env=chat_env(tmp_path),
    )
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    process.stdin.write(b"/start\n")
    await process.stdin.drain()
    first = await asyncio.wait_for(process.stdout.readline(), TIMEOUT)
    assert "مشاركة" in first.decode(), "the chat answered, and now waits for the next line"

    process.send_signal(signal.SIGINT)  # stdin stays open: nobody presses Enter
    code = await asyncio.wait_for(process.wait(), 15)

    assert code == 130
    assert b"Traceback" not in await process.stderr.read()


def test_the_files_dir_must_be_a_folder(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("not a folder")
    result = subprocess.run(
        chat_command("--files-dir", "taken"), input="", capture_output=True, text=True, cwd=tmp_path,
        env=chat_env(tmp_path), timeout=TIMEOUT, check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: --files-dir taken is a file") and result.stderr.count("\n") == 1


# --- in-process: /as, /clock and the outbox ------------------------------------------------------


@pytest.fixture
async def sim(core: BotCore, clock: FakeClock):  # type: ignore[no-untyped-def]
    """A simulator whose clock starts at the test clock's time (2026-12-01 12:00 in Baghdad)."""
    async with Simulator(core, user_id="ahmad", clock=SimulatedClock(base=clock)) as simulator:
        yield simulator


def texts(shown: list[Shown]) -> str:
    return "\n".join(item.reply.text for item in shown)


async def test_as_switches_the_speaker_and_each_keeps_their_own_options(sim: Simulator) -> None:
    await sim.turn("/start")
    await sim.turn("1")
    assert sim.sessions["ahmad"].offered[6].label == "ميسان"

    shown = await sim.turn("/as sara")
    assert texts(shown) == catalog.text("console-as-new", name="sara") and sim.current == "sara"
    await sim.turn("/start")
    sara_screen = list(sim.sessions["sara"].offered)
    assert sara_screen[0].label == "أوافق وأبدأ"

    shown = await sim.turn("/as ahmad")
    assert texts(shown) == catalog.text("console-as-now", name="ahmad")
    shown = await sim.turn("7")  # ahmad's seventh option is still Maysan
    assert "تم حفظ محافظتك: ميسان" in texts(shown)
    assert sim.sessions["sara"].offered == sara_screen, "sara's screen did not change"


@pytest.mark.parametrize("line, key", [("/as", "console-as-who"), ("/as two words", "console-as-usage"),
                                       ("/as " + "x" * 65, "console-as-usage"), ("/AS //x", "console-as-usage")])
async def test_as_without_a_usable_name_says_how(sim: Simulator, line: str, key: str) -> None:
    shown = await sim.turn(line)
    assert texts(shown) == catalog.text(key, name="ahmad") and sim.current == "ahmad"


async def test_clock_shows_the_simulated_baghdad_time(sim: Simulator) -> None:
    shown = await sim.turn("/clock")
    assert texts(shown) == catalog.text("console-clock-now", when="الثلاثاء ١ كانون الأول ٢٠٢٦، الساعة ١٢:٠٠ ظهراً")

    await sim.turn("/clock +3d")
    shown = await sim.turn("/clock")
    assert "الجمعة ٤ كانون الأول ٢٠٢٦، الساعة ١٢:٠٠ ظهراً" in texts(shown)


@pytest.mark.parametrize("argument, expected", [
    ("+26h", datetime(2026, 12, 2, 11, 0)),
    ("+3d", datetime(2026, 12, 4, 9, 0)),
    ("+90m", datetime(2026, 12, 1, 10, 30)),
    ("+1d2h30m", datetime(2026, 12, 2, 11, 30)),
    ("+ ٣D", datetime(2026, 12, 4, 9, 0)),
    ("2026-12-07 12:00", datetime(2026, 12, 7, 9, 0)),  # Baghdad noon is 09:00 UTC
    ("٧/١٢/٢٠٢٦ ١٢:٠٠", datetime(2026, 12, 7, 9, 0)),
    ("2026-12-01 12:00", datetime(2026, 12, 1, 9, 0)),  # this very minute: no move, not "back"
])
def test_clock_arguments_move_forward(argument: str, expected: datetime) -> None:
    assert parse_clock_target(argument, datetime(2026, 12, 1, 9, 0)) == expected


@pytest.mark.parametrize("argument, key", [
    ("yesterday", "console-clock-usage"),
    ("+3", "console-clock-usage"),
    ("3d", "console-clock-usage"),
    ("2026-12-07", "console-clock-usage"),
    ("-3d", "console-clock-back"),
    ("2026-11-30 12:00", "console-clock-back"),
    ("+4000d", "console-clock-too-far"),
    ("9999-12-31 23:59", "console-clock-too-far"),
])
def test_clock_arguments_that_cannot_be_used(argument: str, key: str) -> None:
    with pytest.raises(ClockInputError) as raised:
        parse_clock_target(argument, datetime(2026, 12, 1, 9, 0))
    assert raised.value.key == key


async def test_clock_refuses_to_go_back_and_says_the_time(sim: Simulator) -> None:
    for line in ("/clock -3d", "/clock 2026-11-30 12:00"):
        shown = await sim.turn(line)
        assert texts(shown) == catalog.text("console-clock-back", when=simulated_when(datetime(2026, 12, 1, 9, 0)))
    shown = await sim.turn("/clock yesterday")
    assert texts(shown) == catalog.text("console-clock-usage")
    assert sim.clock() == datetime(2026, 12, 1, 9, 0), "the clock did not move"


async def test_a_jump_delivers_each_reminder_at_its_own_time(sim: Simulator, core: BotCore) -> None:
    await add_event(core.db, title=TITLE, starts_at=datetime(2026, 12, 3, 15, 0))
    for line in ("/start", "1", "1", "1", "1", "1"):  # consent, Baghdad, events, the event, register
        await sim.turn(line)
    await sim.turn("/as boss")  # the jump is made by someone else

    shown = await sim.turn("/clock +3d")

    assert not shown[0].pushed and shown[0].reply.text.startswith("⏩")
    day_before, hour_before, survey = [item for item in shown if item.pushed]
    assert {day_before.to, hour_before.to, survey.to} == {"ahmad"}
    assert day_before.reply.text.startswith("⏰ تذكير: موعدك غداً")
    assert hour_before.reply.text.startswith("⏰ تذكير: تبدأ الفعالية بعد ساعة")
    assert TITLE in survey.reply.text and survey.reply.options[0].label == catalog.text("survey-start")
    # Ahmad's numbers follow what the jump showed him, numbered 1..6 across the three messages.
    pushed_options = [option for item in (day_before, hour_before, survey) for option in item.reply.options]
    assert sim.sessions["ahmad"].offered == pushed_options


async def test_the_simulator_leaves_a_database_with_telegram_people_alone(sim: Simulator, core: BotCore) -> None:
    async with core.db.transaction() as session:
        _, contact, _ = await get_or_create_identity(session, "telegram", "4242")
        await enqueue(session, purpose="test", kind="promoted", contact_id=contact.id, payload={})

    shown = await sim.turn("/clock +1d")
    assert texts(shown) == catalog.text("console-clock-real-people")
    await sim.turn("/start")

    async with core.db.transaction() as session:
        [state] = (await session.scalars(select(Delivery.state))).all()
    assert state == "pending", "the console's sender must not mark a Telegram person's message undeliverable"
    assert sim.clock() == datetime(2026, 12, 1, 9, 0)


def test_telegram_and_whatsapp_never_see_the_simulator_commands() -> None:
    import handlers.features  # noqa: F401 - registers every command route

    assert "start" in COMMANDS and "as" not in COMMANDS and "clock" not in COMMANDS


def test_files_are_private_and_never_overwrite_another_file(tmp_path: Path) -> None:
    saver = FileSaver(tmp_path / "musharaka-files")
    first = saver.save(Document("event-6.ics", b"ahmad"))
    again = saver.save(Document("event-6.ics", b"ahmad"))
    other = saver.save(Document("event-6.ics", b"sara"))
    sneaky = saver.save(Document("../../etc/passwd", b"x"))

    assert first == again == tmp_path / "musharaka-files" / "event-6.ics"
    assert other == tmp_path / "musharaka-files" / "event-6-2.ics" and other.read_bytes() == b"sara"
    assert sneaky == tmp_path / "musharaka-files" / "passwd"
    assert stat.S_IMODE((tmp_path / "musharaka-files").stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "musharaka-files").iterdir()} == {0o600}
    assert safe_filename(".hidden") == "hidden" and safe_filename("") == "file"


def test_a_file_that_cannot_be_saved_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "blocked").write_text("a file where the folder should be")
    assert FileSaver(tmp_path / "blocked" / "files").save(Document("t.png", b"x")) is None


def test_the_jsonl_document_has_its_saved_path(tmp_path: Path) -> None:
    from bot.console import turn_to_json
    from handlers.types import Outbound

    shown = [Shown(Outbound("تذكرتك", document=Document("ticket-AB.png", b"png")), "ahmad", pushed=True)]
    [reply] = turn_to_json(shown, FileSaver(tmp_path / "files"))["replies"]
    assert reply["pushed"] is True and reply["to"] == "ahmad"
    saved = (tmp_path / "files" / "ticket-AB.png").resolve()
    assert reply["document"] == {"filename": "ticket-AB.png", "bytes": 3, "path": str(saved)}
    assert json.dumps(reply)
