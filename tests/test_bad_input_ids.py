"""Ids and bodies that used to raise: «/start ev_²», thirty digits, 100,000 nested lists.

`²` passes str.isdigit() but not int(); thirty digits pass int() but not the database; a webhook
body of deeply nested JSON with a valid secret made json.loads raise RecursionError (a 500).
Every id a person or a payload sends goes through messages.normalize.parse_id, and every webhook
body through bot.json_body.parse_json_body: the person is told «هذه الفعالية لم تعد متاحة», the
platform gets 400, and nothing lands in the error log.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.cli import main
from bot.json_body import MAX_DEPTH, nesting_depth_exceeds, parse_json_body
from bot.webserver import TELEGRAM_PATH, WHATSAPP_PATH, add_telegram_route, build_app
from bot.whatsapp import add_whatsapp_routes
from handlers.options import Decoded
from messages import catalog
from messages.normalize import ID_MAX, parse_id
from storage.models import Identity
from storage.services.audiences import parse_segment
from storage.services.staff import add_organization, find_organization
from tests.conftest import database_url
from tests.corpus import AWKWARD
from tests.fakes.fake_whatsapp import sign
from tests.helpers import Person, add_event

UNAVAILABLE = "هذه الفعالية لم تعد متاحة"
ERROR = catalog.text("error-generic")
SUPERSCRIPT = "ev_²"
THIRTY_DIGITS = "ev_" + "1" * 30
NESTED = b"[" * 100_000 + b"]" * 100_000


# --- the one helper -------------------------------------------------------------------------------

IDS = [
    ("12", 12), ("١٢", 12), (" 12 ", 12), ("\u200f١٢\u200f", 12), ("0012", 12), ("1", 1), (str(ID_MAX), ID_MAX),
    ("١" + "٢" * 3, 1222),
    ("²", None), ("¹²", None), ("１２", None), ("१२", None), ("۱۲", None), ("0", None), ("000", None), ("-1", None),
    ("+1", None), (str(ID_MAX + 1), None), ("1" * 30, None), ("9" * 5000, None), ("1 2", None), ("12abc", None),
    ("1.5", None), ("", None), ("   ", None), ("ev_1", None),
]


@pytest.mark.parametrize(("text", "expected"), IDS, ids=[repr(t)[:24] for t, _ in IDS])
def test_an_id_is_only_ascii_or_arabic_indic_digits_within_the_database_range(text: str, expected: int | None) -> None:
    assert parse_id(text) == expected


def test_the_awkward_corpus_holds_the_deep_links_that_used_to_raise() -> None:
    assert {SUPERSCRIPT, THIRTY_DIGITS} <= set(AWKWARD.values())


# --- deep links -----------------------------------------------------------------------------------


def assert_no_error(replies, caplog) -> None:  # type: ignore[no-untyped-def]
    assert all(ERROR not in reply.text for reply in replies)
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


@pytest.mark.parametrize("payload", [SUPERSCRIPT, THIRTY_DIGITS, "ev_" + str(ID_MAX + 1), "ev_-5", "ev_"])
async def test_a_deep_link_with_an_impossible_id_says_the_event_is_not_available(core, caplog,
                                                                                  payload: str) -> None:
    person = Person(core, "p")
    await person.onboard()
    replies = await person.command("start", payload)
    assert_no_error(replies, caplog)
    assert UNAVAILABLE in person.texts


async def test_an_impossible_deep_link_kept_through_onboarding_is_refused_politely(core, caplog) -> None:
    person = Person(core, "p")
    await person.command("start", THIRTY_DIGITS)
    await person.choose("أوافق")
    replies = await person.choose("بغداد")
    assert_no_error(replies, caplog)
    assert UNAVAILABLE in person.texts and "القائمة الرئيسية" in person.texts


async def test_a_deep_link_in_arabic_indic_digits_opens_the_event(core, clock) -> None:
    event_id = await add_event(core.db, title="ندوة حوارية في بغداد", starts_at=clock.now + timedelta(days=3))
    person = Person(core, "p")
    await person.onboard()
    await person.command("start", "ev_" + str(event_id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")))
    assert "ندوة حوارية في بغداد" in person.texts


# --- option payloads and services ----------------------------------------------------------------


def test_an_option_argument_beyond_the_database_integers_reads_as_no_number() -> None:
    assert Decoded("ev", ("9" * 24,)).int_arg(0) is None
    assert Decoded("ev", (str(ID_MAX),)).int_arg(0) == ID_MAX
    assert Decoded("el", ("0",)).int_arg(0) == 0  # a page number


async def test_a_signed_option_with_a_huge_event_id_is_polite(core, caplog) -> None:
    person = Person(core, "p")
    await person.onboard()
    async with core.db.transaction() as session:
        contact_id = await session.scalar(select(Identity.contact_id).where(Identity.external_id == "p"))
    replies = await person.choose_id(core.codec.encode(contact_id, "ev", "9" * 24))
    assert_no_error(replies, caplog)
    assert UNAVAILABLE in person.texts


@pytest.mark.parametrize("key", ["r-²", "r-" + "1" * 30, "a-0", "w--1", "r-١٢"])
def test_an_audience_segment_with_an_impossible_event_id_is_no_segment(key: str) -> None:
    assert parse_segment(key) is None


async def test_an_organisation_named_by_an_impossible_id_is_looked_up_by_name(db) -> None:
    async with db.transaction() as session:
        real = await add_organization(session, "جمعية المثال الأولى")
        assert await find_organization(session, "²") is None
        assert await find_organization(session, "1" * 30) is None
        assert (await find_organization(session, str(real.id))).id == real.id
        assert (await find_organization(session, "١")).id == real.id


@pytest.mark.parametrize("typed", ["9" * 20, "²", "0", "-3"])
def test_the_operator_retrying_an_impossible_inbox_id_gets_one_error_line(tmp_path, monkeypatch, capsys,
                                                                          typed: str) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url(tmp_path))
    with pytest.raises(SystemExit) as exit_:
        main(["inbox", "retry", typed])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "is not an inbox item id" in err and "Traceback" not in err


# --- webhook bodies -------------------------------------------------------------------------------


def test_a_deeply_nested_body_is_refused_before_parsing_and_quickly() -> None:
    started = time.perf_counter()
    assert parse_json_body(NESTED) is None
    assert time.perf_counter() - started < 1.0


def nested_objects(depth: int) -> bytes:
    """{"a":{"a":…1…}} with `depth` objects."""
    return b'{"a":' * depth + b"1" + b"}" * depth


@pytest.mark.parametrize(("body", "expected"), [
    (b'{"update_id": 1}', {"update_id": 1}),
    (json.dumps({"text": "[[[[" * 100}).encode(), {"text": "[[[[" * 100}),  # brackets in a string are text
    (json.dumps({"text": 'a \\" [[['}).encode(), {"text": 'a \\" [[['}),
    (b"[" * MAX_DEPTH + b"]" * MAX_DEPTH, None),  # deep enough, but a list is not an update
    (nested_objects(MAX_DEPTH), json.loads(nested_objects(MAX_DEPTH))),  # as deep as allowed
    (nested_objects(MAX_DEPTH + 1), None),
    (b"", None), (b"not json", None), (b"\xff\xfe\x00", None), (b"null", None), (b'"text"', None),
    (b"{" * 10, None),
])
def test_a_webhook_body_is_a_json_object_or_nothing(body: bytes, expected: Any) -> None:
    assert parse_json_body(body) == expected


def test_the_nesting_count_ignores_brackets_in_strings() -> None:
    assert not nesting_depth_exceeds(b'{"t": "' + b"[" * 1000 + b'"}')
    assert nesting_depth_exceeds(b"[" * (MAX_DEPTH + 1))


class _Untouchable:
    """Stands in for the WhatsApp adapter: a refused body must not reach it."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the adapter was used ({name}) for a body that should have been refused")


async def test_a_nested_telegram_body_with_the_right_secret_gets_400(caplog) -> None:
    received: list[dict] = []

    async def sink(update: dict) -> None:
        received.append(update)

    app = build_app()
    add_telegram_route(app, "s3cret", sink)
    headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
    async with TestClient(TestServer(app)) as http:
        refused = await http.post(TELEGRAM_PATH, data=NESTED, headers=headers)
        accepted = await http.post(TELEGRAM_PATH, data=b'{"update_id": 7}', headers=headers)
    assert (refused.status, accepted.status) == (400, 200)
    assert received == [{"update_id": 7}]
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


async def test_a_nested_whatsapp_body_with_a_valid_signature_gets_400(caplog) -> None:
    app = build_app()
    add_whatsapp_routes(app, _Untouchable(), app_secret="app-secret", verify_token="token")  # type: ignore[arg-type]
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(NESTED, "app-secret")}
    async with TestClient(TestServer(app)) as http:
        response = await http.post(WHATSAPP_PATH, data=NESTED, headers=headers)
    assert response.status == 400
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
