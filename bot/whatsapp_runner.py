"""`musharaka run` with WhatsApp: the webhook routes on the shared server, the channel for the outbox.

Imported by bot.runner._load_starters; it registers one start-up step that does nothing unless
all four WHATSAPP_* variables are set, so Telegram and WhatsApp run side by side in one process.
"""

from __future__ import annotations

import logging

from aiohttp import web

from bot.cli_errors import check_http_url
from bot.runner import STARTERS, RunningBot
from bot.settings import Settings
from bot.webserver import WHATSAPP_PATH
from bot.whatsapp import GraphClient, Templates, WhatsAppAdapter, WhatsAppChannel, add_whatsapp_routes
from bot.whatsapp.pager import Pager
from storage.db import Database

log = logging.getLogger(__name__)


def build_channel(settings: Settings, db: Database) -> WhatsAppChannel:
    """The WhatsApp channel configured by the settings (client, templates, list pages in `db`)."""
    assert settings.whatsapp_phone_number_id and settings.whatsapp_access_token
    # Start-up makes no Graph API call, so a typo here would only show at the first send.
    check_http_url("WHATSAPP_API_BASE_URL", settings.whatsapp_api_base_url)
    client = GraphClient(settings.whatsapp_api_base_url, settings.whatsapp_phone_number_id,
                         settings.whatsapp_access_token)
    templates = Templates(
        reminder=settings.whatsapp_template_reminder,
        survey=settings.whatsapp_template_survey,
        announcement=settings.whatsapp_template_announcement,
        language=settings.whatsapp_template_language,
        localized=settings.whatsapp_localized_templates(),
    )
    return WhatsAppChannel(client, templates, pager=Pager(db))


async def start_whatsapp(running: RunningBot, settings: Settings, app: web.Application) -> None:
    """Add the webhook routes and make the channel available to the outbox sender."""
    if not settings.whatsapp_enabled:
        return
    assert settings.whatsapp_app_secret and settings.whatsapp_verify_token
    channel = build_channel(settings, running.db)
    # The bot's one inbox worker handles WhatsApp rows next to Telegram's.
    adapter = WhatsAppAdapter(running.core, channel, running.inbox)
    add_whatsapp_routes(app, adapter, app_secret=settings.whatsapp_app_secret,
                        verify_token=settings.whatsapp_verify_token)
    # One channel for replies and the outbox, so 'more' works on lists either of them sent.
    running.channels[channel.name] = channel
    running.stoppers.append(adapter.stop)
    log.info("whatsapp webhook ready (path %s)", WHATSAPP_PATH)


# First, so whatever starts after (the scheduler's sender) already sees the channel.
STARTERS.insert(0, start_whatsapp)
