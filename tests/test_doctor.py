"""`musharaka doctor`: the operator configures, runs one command, and reads what to fix, one line per check."""

from __future__ import annotations

import asyncio
import io
import shutil
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import text

from bot.cli_doctor import doctor
from bot.settings import Settings
from bot.webserver import TELEGRAM_PATH, add_telegram_route, build_app
from storage import clock as clock_module
from storage.content import CONTENT_DIR
from storage.db import Database
from tests.conftest import free_port
from tests.fakes.fake_graph_admin import FakeGraphAdmin, template
from tests.fakes.fake_telegram import FakeTelegramServer

TOKEN = "123:ABC"
SECRET = "webhook-secret-for-tests"
WA_TOKEN = "WA-TOKEN-for-doctor"


class TelegramWithDeliveryErrors(FakeTelegramServer):
    """The fake Bot API, with getWebhookInfo saying its last delivery failed (as Telegram reports it)."""

    last_error: tuple[int, str] | None = None

    async def _m_getwebhookinfo(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        info = await super()._m_getwebhookinfo(params, files)
        if self.last_error:
            info["last_error_date"], info["last_error_message"] = self.last_error
            info["pending_update_count"] = 3
        return info


@dataclass
class World:
    """A configured deployment: the database, the fake platforms and the bot's own webhook server."""

    db: Database
    telegram: TelegramWithDeliveryErrors
    graph: FakeGraphAdmin
    webhook: TestServer
    tmp: Path

    @property
    def webhook_url(self) -> str:
        return str(self.webhook.make_url(TELEGRAM_PATH))

    async def register_webhook(self, url: str | None = None, secret: str = SECRET) -> None:
        """What `musharaka run` does at start: setWebhook with the URL and the secret."""
        async with aiohttp.ClientSession() as http:
            await http.post(f"{self.telegram.api_url}{TOKEN}/setWebhook",
                            json={"url": url or self.webhook_url, "secret_token": secret})

    def env(self, **changes: str | None) -> dict[str, str]:
        values: dict[str, str | None] = {
            "DATABASE_URL": self.db.url,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": self.telegram.base_url,
            "TELEGRAM_WEBHOOK_URL": self.webhook_url,
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "WHATSAPP_ACCESS_TOKEN": WA_TOKEN,
            "WHATSAPP_PHONE_NUMBER_ID": self.graph.phone_number_id,
            "WHATSAPP_APP_SECRET": "app-secret",
            "WHATSAPP_VERIFY_TOKEN": "verify-me",
            "WHATSAPP_API_BASE_URL": self.graph.base_url,
            "WHATSAPP_BUSINESS_ACCOUNT_ID": self.graph.waba_id,
            "WHATSAPP_TEMPLATE_REMINDER": "event_reminder",
            "WHATSAPP_TEMPLATE_ANNOUNCEMENT": "org_announcement",
            "WHATSAPP_TEMPLATE_REMINDER_EN": "event_reminder",
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value is not None}

    async def run(self, **changes: str | None) -> tuple[int, list[str]]:
        """`musharaka doctor` with these settings: its exit code and lines."""
        out = io.StringIO()
        code = await doctor(Settings(_env_file=None, **self.env(**changes)), stream=out)
        return code, out.getvalue().splitlines()


@pytest.fixture
async def world(db: Database, tmp_path: Path) -> AsyncIterator[World]:
    async def sink(data: dict) -> None:
        raise AssertionError("the doctor's probe must never be written down")

    app = build_app(db)
    add_telegram_route(app, SECRET, sink)
    templates = [template("event_reminder", "ar"), template("event_reminder", "en"),
                 template("event_reminder_old", "ar"), template("org_announcement", "ar")]
    async with TelegramWithDeliveryErrors(token=TOKEN) as telegram, \
            FakeGraphAdmin(access_token=WA_TOKEN, templates=templates) as graph, TestServer(app) as webhook:
        here = World(db, telegram, graph, webhook, tmp_path)
        await here.register_webhook()
        yield here


def lines_about(lines: list[str], name: str) -> list[str]:
    return [line for line in lines if line.split(" ", 1)[1].lstrip().startswith(f"{name}:")]


def only_failure(lines: list[str]) -> str:
    failures = [line for line in lines if line.startswith("FAIL ")]
    assert len(failures) == 1, "\n".join(lines)
    return failures[0]


async def test_a_well_configured_deployment_passes_every_check(world: World) -> None:
    code, lines = await world.run()
    assert code == 0, "\n".join(lines)
    assert all(line.startswith("ok   ") for line in lines), "\n".join(lines)
    names = [line[5:].split(":", 1)[0] for line in lines]
    assert names[:4] == ["database", "migrations", "clock", "content"]
    assert {"telegram", "telegram webhook", "whatsapp", "whatsapp templates"} <= set(names)
    assert "@musharaka_test_bot" in lines_about(lines, "telegram")[0]
    assert len(lines_about(lines, "whatsapp templates")) == 3
    assert "Musharaka" in lines_about(lines, "whatsapp")[0]
    # Settings are read, nothing is changed: no message sent, the webhook left where it was.
    assert not world.telegram.calls("setWebhook")[1:] and not world.telegram.calls("deleteWebhook")
    assert not world.graph.sent


async def test_wrong_telegram_token_is_named_without_being_shown(world: World) -> None:
    code, lines = await world.run(TELEGRAM_BOT_TOKEN="999:WRONG-token")
    assert code == 1
    failure = only_failure(lines)
    assert failure.startswith("FAIL telegram: Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized)")
    assert "@BotFather" in failure
    assert not any("999:WRONG-token" in line for line in lines)


async def test_unreachable_bot_api_says_which_address_was_tried(world: World) -> None:
    port = free_port()
    _, lines = await world.run(TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}")
    failure = only_failure(lines)
    assert "cannot reach the Telegram Bot API" in failure and f"127.0.0.1:{port}" in failure


async def test_webhook_registered_at_another_url_says_to_restart_run(world: World) -> None:
    await world.register_webhook("https://old.example.org/telegram/webhook")
    code, lines = await world.run()
    assert code == 1
    failure = only_failure(lines)
    assert failure.startswith("FAIL telegram webhook: registered at https://old.example.org/telegram/webhook")
    assert "restart `musharaka run`" in failure


async def test_no_webhook_registered_says_to_start_run(world: World) -> None:
    async with aiohttp.ClientSession() as http:
        await http.post(f"{world.telegram.api_url}{TOKEN}/deleteWebhook")
    _, lines = await world.run()
    assert "no webhook is registered: start `musharaka run`" in only_failure(lines)


async def test_server_expecting_another_secret_is_caught(world: World) -> None:
    # The settings say one secret; the bot that is running was started with another one.
    code, lines = await world.run(TELEGRAM_WEBHOOK_SECRET="a-newer-secret")
    assert code == 1
    failure = only_failure(lines)
    assert "refused the webhook secret" in failure and "TELEGRAM_WEBHOOK_SECRET" in failure
    assert "a-newer-secret" not in failure and SECRET not in "\n".join(lines)


async def test_deliveries_telegram_could_not_make_are_reported(world: World) -> None:
    world.telegram.last_error = (int(datetime.now(UTC).timestamp()) - 120, "Wrong response from the webhook: "
                                 "403 Forbidden")
    _, lines = await world.run()
    failure = only_failure(lines)
    assert "could not deliver 3 waiting updates" in failure and "403 Forbidden" in failure


async def test_webhook_url_nobody_answers_at(world: World) -> None:
    dead = f"http://127.0.0.1:{free_port()}{TELEGRAM_PATH}"
    await world.register_webhook(dead)
    _, lines = await world.run(TELEGRAM_WEBHOOK_URL=dead)
    failure = only_failure(lines)
    assert f"cannot reach {dead}" in failure and "reverse proxy" in failure


async def test_long_polling_needs_no_webhook(world: World) -> None:
    code, lines = await world.run(TELEGRAM_WEBHOOK_URL=None)
    assert code == 0, "\n".join(lines)
    (mode,) = lines_about(lines, "telegram mode")
    assert "long polling" in mode and "removes when it starts" in mode


async def test_database_behind_the_newest_revision_says_run_migrate(world: World) -> None:
    async with world.db.engine.begin() as conn:
        head = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
        await conn.execute(text("UPDATE alembic_version SET version_num = '0004'"))
    try:
        code, lines = await world.run()
    finally:
        async with world.db.engine.begin() as conn:
            await conn.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
    assert code == 1
    failure = only_failure(lines)
    assert failure.startswith("FAIL migrations: the database is at revision 0004")
    assert f"needs {head}" in failure and "run `musharaka migrate`" in failure
    assert lines_about(lines, "database")[0].startswith("ok   database:")


async def test_database_never_migrated_and_missing_file_are_not_created(world: World) -> None:
    empty = world.tmp / "empty.db"
    sqlite3.connect(empty).close()
    _, lines = await world.run(DATABASE_URL=f"sqlite:///{empty}")
    assert "the database has no schema yet" in only_failure(lines)
    missing = world.tmp / "nowhere.db"
    _, lines = await world.run(DATABASE_URL=f"sqlite:///{missing}")
    assert f"the SQLite database {missing} does not exist yet: run `musharaka migrate`" in only_failure(lines)
    assert not missing.exists()


async def test_unreachable_postgres_is_one_line_and_the_other_checks_still_run(world: World) -> None:
    port = free_port()
    code, lines = await world.run(DATABASE_URL=f"postgresql://bot:pg-password@127.0.0.1:{port}/musharaka")
    assert code == 1
    assert f"FAIL database: cannot reach PostgreSQL at 127.0.0.1:{port}" in only_failure(lines)
    assert "pg-password" not in "\n".join(lines)
    assert lines_about(lines, "telegram")[0].startswith("ok   ")


async def test_a_clock_minutes_off_the_database_servers_is_caught(world: World) -> None:
    clock_module.set_clock(lambda: datetime.now(UTC).replace(tzinfo=None) + timedelta(minutes=10))
    try:
        code, lines = await world.run()
    finally:
        clock_module.set_clock(None)
    assert code == 1
    failure = only_failure(lines)
    assert failure.startswith("FAIL clock: this machine's clock is 10 min ahead of the database server's")
    assert "time sync" in failure


async def test_broken_or_missing_content_files_name_the_file(world: World) -> None:
    folder = world.tmp / "content"
    shutil.copytree(CONTENT_DIR, folder)
    (folder / "elections.yaml").write_text("topics:\n  - id: why-vote\n    title: [unclosed\n", encoding="utf-8")
    _, lines = await world.run(MUSHARAKA_CONTENT_DIR=str(folder))
    failure = only_failure(lines)
    assert failure.startswith("FAIL content: content file") and "elections.yaml is not valid YAML" in failure
    _, lines = await world.run(MUSHARAKA_CONTENT_DIR=str(world.tmp / "no-such-folder"))
    assert "MUSHARAKA_CONTENT_DIR" in only_failure(lines)


async def test_sample_content_passes_but_says_so(world: World) -> None:
    _, lines = await world.run()
    (content,) = lines_about(lines, "content")
    assert content.startswith("ok   ") and "still the sample content" in content


async def test_rejected_whatsapp_token_and_unknown_number(world: World) -> None:
    _, lines = await world.run(WHATSAPP_ACCESS_TOKEN="EXPIRED-wa-token")
    failure = only_failure(lines)
    assert failure.startswith("FAIL whatsapp: Meta rejected WHATSAPP_ACCESS_TOKEN") and "EXPIRED" not in failure
    _, lines = await world.run(WHATSAPP_PHONE_NUMBER_ID="PNID-TYPO")
    assert "WHATSAPP_PHONE_NUMBER_ID PNID-TYPO cannot be read with this token" in only_failure(lines)


@pytest.mark.parametrize(("templates", "mentions"), [
    ([template("event_reminder", "ar", status="PENDING"), template("event_reminder", "en"),
      template("org_announcement", "ar")], "event_reminder (WHATSAPP_TEMPLATE_REMINDER, ar) is PENDING, not APPROVED"),
    ([template("event_reminder", "ar"), template("event_reminder", "en"), template("org_announcement_v2", "ar")],
     "org_announcement (WHATSAPP_TEMPLATE_ANNOUNCEMENT) does not exist"),
    ([template("event_reminder", "ar"), template("event_reminder", "en_US"), template("org_announcement", "ar")],
     "event_reminder (WHATSAPP_TEMPLATE_REMINDER_EN) has no 'en' version (it has ar, en_US)"),
])
async def test_templates_that_would_not_send_are_named(world: World, templates: list[dict], mentions: str) -> None:
    world.graph.templates = templates
    code, lines = await world.run()
    assert code == 1
    assert mentions in only_failure(lines)


async def test_templates_are_found_across_pages(world: World) -> None:
    world.graph.templates = [template(f"event_reminder_{n:03}") for n in range(150)] + world.graph.templates
    code, lines = await world.run()
    assert code == 0, "\n".join(lines)


async def test_templates_without_the_business_account_id_cannot_be_checked(world: World) -> None:
    _, lines = await world.run(WHATSAPP_BUSINESS_ACCOUNT_ID=None)
    assert "set WHATSAPP_BUSINESS_ACCOUNT_ID" in only_failure(lines)
    code, lines = await world.run(WHATSAPP_BUSINESS_ACCOUNT_ID=None, WHATSAPP_TEMPLATE_REMINDER=None,
                                  WHATSAPP_TEMPLATE_ANNOUNCEMENT=None, WHATSAPP_TEMPLATE_REMINDER_EN=None)
    assert code == 0
    assert "none configured" in lines_about(lines, "whatsapp templates")[0]


async def test_half_configured_whatsapp_and_display_number_mismatch(world: World) -> None:
    _, lines = await world.run(WHATSAPP_APP_SECRET=None, WHATSAPP_VERIFY_TOKEN=None)
    failure = only_failure(lines)
    assert "WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN not set" in failure
    _, lines = await world.run(WHATSAPP_DISPLAY_NUMBER="+964 770 123 4567")
    assert "QR tickets would open a chat with another number" in only_failure(lines)
    code, _ = await world.run(WHATSAPP_DISPLAY_NUMBER=world.graph.display_phone_number)
    assert code == 0


async def test_no_channel_at_all_is_a_failure(world: World) -> None:
    code, lines = await world.run(TELEGRAM_BOT_TOKEN=None, TELEGRAM_WEBHOOK_URL=None, WHATSAPP_ACCESS_TOKEN=None,
                                  WHATSAPP_PHONE_NUMBER_ID=None, WHATSAPP_APP_SECRET=None,
                                  WHATSAPP_VERIFY_TOKEN=None)
    assert code == 1
    assert only_failure(lines).startswith("FAIL channels: no channel is configured")


async def test_doctor_is_a_musharaka_subcommand(world: World, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import bot.cli_doctor  # noqa: F401 - registers the subcommand, as bot.cli's EXTRA_MODULES does
    from bot.cli import main

    monkeypatch.chdir(world.tmp)  # no .env of the developer's
    for name, value in world.env(TELEGRAM_WEBHOOK_URL=None, WHATSAPP_BUSINESS_ACCOUNT_ID=None).items():
        monkeypatch.setenv(name, value)
    # Its own event loop, as from a shell; the fakes keep answering on this one.
    assert await asyncio.to_thread(main, ["doctor"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("ok   database:")
    assert only_failure(out).startswith("FAIL whatsapp templates: set WHATSAPP_BUSINESS_ACCOUNT_ID")
    assert WA_TOKEN not in "\n".join(out) and TOKEN not in "\n".join(out)


async def test_a_read_only_database_is_named_and_the_other_checks_still_run(world: World) -> None:
    path = world.tmp / "read-only.db"
    migrated = Database(f"sqlite+aiosqlite:///{path}")
    try:
        await migrated.migrate()
    finally:
        await migrated.dispose()
    code, lines = await world.run(DATABASE_URL=f"sqlite+aiosqlite:///file:{path}?mode=ro&uri=true")
    assert code == 1
    assert only_failure(lines).startswith(f"FAIL database: the SQLite database {path} is read-only")
    assert lines_about(lines, "migrations")[0].startswith("ok   ")


@pytest.mark.parametrize(("status", "body", "ok", "mentions"), [
    (403, "<html><center><h1>403 Forbidden</h1></center>nginx</html>", True, "admits only Telegram's networks"),
    (404, "<html>404 Not Found</html>", False, "does not pass this path"),
    (502, "<html>502 Bad Gateway</html>", False, "the bot is stopped"),
])
async def test_what_the_reverse_proxy_answers_is_explained(world: World, status: int, body: str, ok: bool,
                                                           mentions: str) -> None:
    async def proxy(request: web.Request) -> web.Response:
        return web.Response(status=status, text=body, content_type="text/html")

    app = web.Application()
    app.router.add_post(TELEGRAM_PATH, proxy)
    async with TestServer(app) as nginx:
        url = str(nginx.make_url(TELEGRAM_PATH))
        await world.register_webhook(url)
        code, lines = await world.run(TELEGRAM_WEBHOOK_URL=url)
    (webhook,) = lines_about(lines, "telegram webhook")
    assert webhook.startswith("ok   " if ok else "FAIL "), webhook
    assert mentions in webhook
    assert code == (0 if ok else 1)
