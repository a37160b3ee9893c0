"""The WhatsApp channel (Cloud API): webhook in, Graph API out, the same menus as Telegram.

Modules, one job each:
- signature: X-Hub-Signature-256 and the verification GET;
- parse: webhook envelope -> Inbound messages and status updates;
- render: Outbound -> text / buttons / list / document / template bodies within Meta's limits;
- pager: the options of long menus waiting behind 'more';
- errors, client: the Graph API over aiohttp, failures in the shared delivery vocabulary;
- channel: WhatsAppChannel.send, with the 24-hour window and templates;
- statuses: delivery statuses -> outbox rows;
- adapter, webhook: the aiohttp routes and the background handling of each message.
"""

from bot.whatsapp.adapter import WhatsAppAdapter
from bot.whatsapp.channel import Templates, WhatsAppChannel, window_open
from bot.whatsapp.client import GraphClient
from bot.whatsapp.webhook import add_whatsapp_routes

__all__ = ["GraphClient", "Templates", "WhatsAppAdapter", "WhatsAppChannel", "add_whatsapp_routes", "window_open"]
