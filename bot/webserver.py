"""The aiohttp server that receives webhooks: /telegram/webhook, /whatsapp/webhook and /healthz.

Routes stay thin: check the secret, hand the update over, answer 200 at once.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

log = logging.getLogger(__name__)
TELEGRAM_PATH = "/telegram/webhook"
WHATSAPP_PATH = "/whatsapp/webhook"
HEALTH_PATH = "/healthz"
# Telegram and Meta payloads are small; anything bigger is not for us.
MAX_BODY_BYTES = 1024 * 1024

TelegramSink = Callable[[dict], Awaitable[None]]


def build_app() -> web.Application:
    """An aiohttp application with the health check; channels add their routes."""
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_get(HEALTH_PATH, _health)
    return app


async def _health(_: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def add_telegram_route(app: web.Application, secret: str, sink: TelegramSink) -> None:
    """POST /telegram/webhook: check X-Telegram-Bot-Api-Secret-Token, then pass the update on."""

    async def telegram_webhook(request: web.Request) -> web.Response:
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("telegram webhook with a wrong secret token refused")
            return web.Response(status=403, text="forbidden")
        try:
            data = json.loads(await request.read())
        except (ValueError, UnicodeDecodeError):
            log.warning("telegram webhook body is not JSON")
            return web.Response(status=400, text="bad request")
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            log.warning("telegram webhook body is not an update")
            return web.Response(status=400, text="bad request")
        try:
            await sink(data)
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
