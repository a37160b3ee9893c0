"""A typo keeps your place on every channel, the terminal chat too (issue 12, item 6).

`musharaka chat` (the console channel) numbers and matches the options it showed itself, but a
word that matches none of them reaches the bot as text: the bot remembers the options it last
offered on the console as on Telegram and WhatsApp, so a typo inside a submenu shows that
submenu again with a short hint instead of dropping to the main menu.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.console_sim import ConsoleSession
from handlers.core import BotCore
from handlers.typed_words import option_key
from handlers.types import Outbound
from messages import catalog
from tests.conftest import FakeClock
from tests.helpers import Person, add_event
from tests.test_staff_events import organisation, staff_member


def labels(replies: list[Outbound]) -> list[str]:
    return [o.label for r in replies for o in r.options]


def texts(replies: list[Outbound]) -> str:
    return "\n".join(r.text for r in replies)


async def terminal_person(core: BotCore, name: str = "typo") -> ConsoleSession:
    """Someone at `musharaka chat`, onboarded by typing what the options say."""
    person = ConsoleSession(core, name)
    await person.send("/start")
    await person.send("أوافق")
    await person.send("بغداد")
    return person


async def test_a_typo_in_settings_on_the_terminal_shows_settings_again(core: BotCore) -> None:
    person = await terminal_person(core)
    settings = labels(await person.send("الإعدادات"))
    replies = await person.send("لغهه")
    assert replies[0].text == catalog.text("typo-hint")
    assert labels(replies) == settings, "the same submenu, not the main menu"
    replies = await person.send("1")  # the numbers still mean the submenu's options
    assert labels(replies) != settings and catalog.text("typo-hint") not in texts(replies)


async def test_a_typo_in_the_event_list_on_the_terminal_keeps_the_page(core: BotCore, clock: FakeClock) -> None:
    for number in range(7):
        await add_event(core.db, title=f"فعالية رقم {number + 1}", starts_at=clock.now + timedelta(days=2 + number))
    person = await terminal_person(core, "pages")
    await person.send("الفعاليات")
    page_two = await person.send("الصفحة التالية")
    assert "الصفحة ٢ من ٢" in texts(page_two)
    replies = await person.send("فعالية غلط")
    assert replies[0].text == catalog.text("typo-hint")
    assert labels(replies) == labels(page_two), "still on page two"


async def test_a_typo_at_the_terminal_main_menu_still_says_not_understood(core: BotCore) -> None:
    person = await terminal_person(core, "main")
    await person.send("القائمة")
    replies = await person.send("كلام غير مفهوم")
    assert replies[0].text == catalog.text("not-understood")


@pytest.mark.parametrize("channel", ["console", "telegram", "whatsapp"])
async def test_every_channel_remembers_the_offered_options(core: BotCore, channel: str) -> None:
    # The same story on each channel, pressing nothing, only typing.
    person = Person(core, f"every-{channel}", channel=channel)
    await person.command("start")
    await person.text("أوافق")
    await person.text("بغداد")
    await person.text("الإعدادات")
    settings = labels(person.replies)
    await person.text("لغهه")
    assert person.replies[0].text == catalog.text("typo-hint") and labels(person.replies) == settings


@pytest.mark.parametrize("label", ["تعديل ✏️", "1️⃣ واحد", "👨‍👩‍👧 العائلة"])
def test_emoji_variation_selectors_and_joiners_do_not_change_the_key(label: str) -> None:
    typed = label.split(" ", 1)[1] if not label.startswith("تعديل") else "تعديل"
    assert option_key(label).endswith(option_key(typed)) and "\ufe0f" not in option_key(label)


async def test_edit_typed_on_an_event_card_opens_editing(core: BotCore, clock: FakeClock) -> None:
    hope = await organisation(core, "جمعية المثال الأولى")
    organizer = await staff_member(core, "970", (hope, "organizer"))
    await add_event(core.db, title="ندوة حوارية حول الانتخابات", starts_at=clock.now + timedelta(days=3),
                    organization_id=hope)
    await organizer.text("القائمة")
    await organizer.choose("لوحة المنظمين")
    await organizer.choose("فعاليات منظمتي")
    await organizer.choose("ندوة حوارية")
    assert "تعديل ✏️" in labels(organizer.replies)
    await organizer.text("تعديل")  # the label is «تعديل ✏️», whose emoji carries a variation selector
    assert "ماذا تريد أن تعدّل" in organizer.texts
