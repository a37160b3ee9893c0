"""The aiohttp routes of /whatsapp/webhook: Meta's verification GET and the signed POSTs.

Thin on purpose: check the signature on the raw bytes, parse, write every message and status
down (the inbox), answer 200 only after that commit — 503 if it could not be written, so Meta
delivers the post again. The work happens afterwards, in the inbox worker.
"""

from __future__ import annotations

import logging

from aiohttp import web

from bot.inbox_channel import Unavailable
from bot.json_body import parse_json_body
from bot.webserver import WHATSAPP_PATH, unavailable
from bot.whatsapp.adapter import STATUS, WhatsAppAdapter, webhook_items
from bot.whatsapp.signature import SIGNATURE_HEADER, Signature, check_signature, verification_challenge

log = logging.getLogger(__name__)


def add_whatsapp_routes(app: web.Application, adapter: WhatsAppAdapter, *, app_secret: str,
                        verify_token: str) -> None:
    """GET and POST /whatsapp/webhook on the shared aiohttp application."""

    async def verify(request: web.Request) -> web.Response:
        challenge = verification_challenge(request.query, verify_token)
        if challenge is None:
            log.warning("whatsapp webhook verification refused")
            return web.Response(status=403, text="forbidden")
        log.info("whatsapp webhook verified by meta")
        return web.Response(text=challenge)

    async def receive(request: web.Request) -> web.Response:
        # Bodies over the app's client_max_size (MAX_BODY_BYTES) are refused by aiohttp with 413.
        raw = await request.read()
        signature = check_signature(raw, request.headers.get(SIGNATURE_HEADER), app_secret)
        if signature is Signature.MISSING:
            log.warning("whatsapp webhook without a signature refused")
            return web.Response(status=401, text="unauthorized")
        if signature is Signature.INVALID:
            log.warning("whatsapp webhook with a wrong signature refused")
            return web.Response(status=403, text="forbidden")
        # Not JSON, not an object, or nested deeper than any notification (a RecursionError otherwise): 400.
        data = parse_json_body(raw)
        if data is None:
            log.warning("whatsapp webhook body is not a JSON object (%d bytes)", len(raw))
            return web.Response(status=400, text="bad request")
        if adapter.closing:
            # Shutting down: Meta will deliver it again, to us or to another worker.
            return unavailable()
        items = webhook_items(data)
        try:
            # 200 only once everything in the post is committed: Meta forgets what got a 200.
            await adapter.worker.accept(items)
        except Unavailable:
            return unavailable()
        statuses = sum(1 for item in items if item.kind == STATUS)
        log.info("whatsapp webhook accepted messages=%d statuses=%d", len(items) - statuses, statuses)
        return web.Response(text="ok")

    app.router.add_get(WHATSAPP_PATH, verify)
    app.router.add_post(WHATSAPP_PATH, receive)
