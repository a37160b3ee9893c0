"""The aiohttp server that receives webhooks: /telegram/webhook, /whatsapp/webhook, /healthz, /metrics and /dashboard.

Routes stay thin: check the secret, write the update down (the inbox), answer 200 only after
that commit — 503 when it could not be written (database down, shutting down), so the platform
delivers it again. /healthz says whether the database answers.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.inbox_channel import Unavailable
from bot.json_body import parse_json_body
from bot.metrics import add_metrics_route
from storage.db import Database
from storage.services.inbox import database_reachable

log = logging.getLogger(__name__)
TELEGRAM_PATH = "/telegram/webhook"
WHATSAPP_PATH = "/whatsapp/webhook"
HEALTH_PATH = "/healthz"
# Telegram and Meta payloads are small; anything bigger is not for us.
MAX_BODY_BYTES = 1024 * 1024
DATABASE = web.AppKey("database", Database)

# Reads an update and writes it down; raises TypeError/ValueError… when it is not an update, Unavailable when
# it could not be written.
TelegramSink = Callable[[dict], Awaitable[None]]


def build_app(db: Database | None = None, metrics_token: str | None = None,
              settings: Any = None) -> web.Application:
    """An aiohttp application with the health check and /metrics (of `db`, when given); channels add their routes."""
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    if db is not None:
        app[DATABASE] = db
        # The coordinators' web page under /dashboard (web/app.py; DASHBOARD_URL decides Secure cookies).
        from web.app import mount

        mount(app, db, settings)
    app.router.add_get(HEALTH_PATH, _health)
    # Loopback callers, or anyone with METRICS_TOKEN as bearer (bot.metrics).
    add_metrics_route(app, db, metrics_token)
    return app


async def _health(request: web.Request) -> web.Response:
    db = request.app.get(DATABASE)
    if db is None:
        return web.json_response({"status": "ok"})
    if not await database_reachable(db):
        return web.json_response({"status": "unavailable", "database": "unreachable"}, status=503)
    return web.json_response({"status": "ok", "database": "ok"})


def unavailable() -> web.Response:
    """503: nothing was written down, the platform will deliver it again."""
    return web.Response(status=503, text="unavailable", headers={"Retry-After": "5"})


def add_telegram_route(app: web.Application, secret: str, sink: TelegramSink) -> None:
    """POST /telegram/webhook: check X-Telegram-Bot-Api-Secret-Token, then write the update down."""

    async def telegram_webhook(request: web.Request) -> web.Response:
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("telegram webhook with a wrong secret token refused")
            return web.Response(status=403, text="forbidden")
        # Not JSON, not an object, or nested deeper than any update (a RecursionError otherwise): 400.
        data = parse_json_body(await request.read())
        if data is None or not isinstance(data.get("update_id"), int):
            log.warning("telegram webhook body is not an update")
            return web.Response(status=400, text="bad request")
        try:
            await sink(data)
        except Unavailable:
            return unavailable()
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            # Missing fields PTB needs: not an update we can read. Say so once in the log.
            log.warning("telegram webhook update %s could not be parsed: %s", data["update_id"], type(error).__name__)
            return web.Response(status=400, text="bad request")
        return web.Response(text="ok")

    app.router.add_post(TELEGRAM_PATH, telegram_webhook)


async def start_site(app: web.Application, host: str, port: int) -> web.AppRunner:
    """Start serving `app` on host:port; returns the runner to clean up with."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    log.info("webhook server listening on %s:%s", host, port)
    return runner
