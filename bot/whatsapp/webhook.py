"""The aiohttp routes of /whatsapp/webhook: Meta's verification GET and the signed POSTs.

Thin on purpose: check the signature on the raw bytes, parse, hand over, answer 200. Meta
retries anything that is not a quick 200, so the work happens in the adapter's background tasks.
"""

from __future__ import annotations

import json
import logging

from aiohttp import web

from bot.webserver import WHATSAPP_PATH
from bot.whatsapp.adapter import WhatsAppAdapter
from bot.whatsapp.parse import parse_envelope
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
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            log.warning("whatsapp webhook body is not JSON (%d bytes)", len(raw))
            return web.Response(status=400, text="bad request")
        if not isinstance(data, dict):
            log.warning("whatsapp webhook body is not an object")
            return web.Response(status=400, text="bad request")
        if adapter.closing:
            # Shutting down: Meta will deliver it again, to us or to another worker.
            return web.Response(status=503, text="unavailable")
        envelope = parse_envelope(data)
        adapter.accept(envelope)
        log.info("whatsapp webhook accepted messages=%d statuses=%d", len(envelope.messages), len(envelope.statuses))
        return web.Response(text="ok")

    app.router.add_get(WHATSAPP_PATH, verify)
    app.router.add_post(WHATSAPP_PATH, receive)
