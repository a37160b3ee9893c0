"""The plain text messages and button presses read without PTB mean exactly what PTB's reading
means; every other shape, and anything of an unexpected type, is left to PTB."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from telegram import Bot, Update

from bot.telegram import _edit_target, parse_quick, parse_update, person_key
from bot.telegram_quick import quick_read
from tests.fakes.fake_telegram import FakeTelegramServer

BOT = Bot("123:ABC")
USERNAME = "musharaka_bot"


def fake() -> FakeTelegramServer:
    """The fake Bot API only as a builder of updates (never started)."""
    return FakeTelegramServer("123:ABC")


def through_ptb(data: dict[str, Any]) -> tuple[Any, ...]:
    """What the bot reads of an update through PTB's objects."""
    update = Update.de_json(copy.deepcopy(data), BOT)
    query = update.callback_query
    message = _edit_target(update)  # the bot's own reading of it
    edit = (message.chat_id, message.message_id, message.text) if message is not None else None
    return (parse_update(update, USERNAME), query.id if query else None, edit, person_key(update))


def through_quick(data: dict[str, Any]) -> tuple[Any, ...]:
    """What the bot reads of the same update without PTB."""
    quick = quick_read(data)
    assert quick is not None, "read without PTB"
    edit = (quick.pressed.chat_id, quick.pressed.message_id, quick.pressed.text) if quick.pressed else None
    return (parse_quick(quick, USERNAME), quick.callback_id, edit, quick.person_key)


def common_updates() -> list[dict[str, Any]]:
    """Texts, commands (with a mention of this bot and of another), presses under texts."""
    tg = fake()
    updates = [
        tg.build_text_update(7, "الفعاليات"),
        tg.build_text_update(7, "  متى موعد الانتخابات؟ "),
        tg.build_command_update(7, "/start", "ev_12"),
        tg.build_command_update(7, f"/menu@{USERNAME}"),
        tg.build_command_update(7, "/menu@another_bot"),
        tg.build_text_update(7, "/"),
        tg.build_callback_update(7, "ev.3~AbCdEfGh"),
        tg.build_callback_update(8, "mm~12345678", message_id=99),
    ]
    no_language = tg.build_text_update(9, "help")
    del no_language["message"]["from"]["language_code"]
    updates.append(no_language)
    return updates


@pytest.mark.parametrize("index", range(9))
def test_a_plain_update_reads_the_same_without_ptb(index: int) -> None:
    data = common_updates()[index]
    assert through_quick(data) == through_ptb(data)


def shapes_left_to_ptb() -> list[dict[str, Any]]:
    """Other kinds of update, and plain ones with a field of an unexpected type or an unknown key."""
    tg = fake()
    contact = tg.build_contact_update(7, "+9647701234567")
    group = tg.build_text_update(7, "مرحبا")
    group["message"]["chat"] = {"id": -100123, "type": "supergroup", "title": "مجموعة"}
    edited = tg.build_edited_text_update(7, "تصحيح") if hasattr(tg, "build_edited_text_update") else None
    text_id = tg.build_text_update(7, "x")
    text_id["message"]["from"]["id"] = "7"
    bool_update_id = tg.build_text_update(7, "x")
    bool_update_id["update_id"] = True
    no_text = tg.build_text_update(7, "x")
    del no_text["message"]["text"]
    photo = tg.build_text_update(7, "x")
    photo["message"]["photo"] = [{"file_id": "a", "file_unique_id": "b", "width": 1, "height": 1}]
    bad_entity = tg.build_command_update(7, "/start")
    bad_entity["message"]["entities"] = [{"type": "bot_command", "offset": "0", "length": 6}]
    no_data = tg.build_callback_update(7, "x")
    del no_data["callback_query"]["data"]
    game = tg.build_callback_update(7, "x")
    game["callback_query"]["game_short_name"] = "g"
    document_under = tg.build_callback_update(7, "x")
    document_under["callback_query"]["message"]["document"] = {"file_id": "a", "file_unique_id": "b"}
    no_from = tg.build_text_update(7, "x")
    del no_from["message"]["from"]
    two_kinds = tg.build_text_update(7, "x")
    two_kinds["edited_message"] = two_kinds["message"]
    inaccessible = tg.build_callback_update(7, "x")
    inaccessible["callback_query"]["message"]["date"] = 0
    shapes = [contact, group, text_id, bool_update_id, no_text, photo, bad_entity, no_data, game, document_under,
              no_from, two_kinds, inaccessible, {"update_id": 5}, {"update_id": 5, "message": "نص"}, [], None]
    return shapes + ([edited] if edited else [])


def test_every_other_shape_is_left_to_ptb() -> None:
    for data in shapes_left_to_ptb():
        assert quick_read(data) is None, data
