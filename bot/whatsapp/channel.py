"""WhatsAppChannel: delivers rendered replies to one person, inside or outside the 24-hour window.

Replies to a message the person just sent go out as they are. Anything the bot starts (a
reminder, a survey invitation, an announcement) to someone whose last message is older than
24 hours must be an approved template: the configured one for that purpose, with the text as
its variable — or NeedsTemplate, so the outbox records `needs_template` instead of dropping it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError

from bot.channel import NeedsTemplate, Throttled, Transient
from bot.whatsapp.client import GraphClient
from bot.whatsapp.pager import Page, Pager
from bot.whatsapp.parse import CHANNEL
from bot.whatsapp.render import (
    FILENAME_LIMIT,
    DocumentUpload,
    Part,
    Stash,
    page_body,
    render_options,
    render_reply,
    template_message,
)
from handlers.types import Option, Outbound
from messages.catalog import DEFAULT_LANGUAGE
from storage.clock import utcnow

log = logging.getLogger(__name__)

WINDOW = timedelta(hours=24)
# A message queued at 23h59 may reach Meta after the window closed; stay on the safe side.
WINDOW_MARGIN = timedelta(minutes=10)
REPLY = "reply"
# Retries of one message for direct replies (the outbox sender does its own backoff).
REPLY_RETRIES = 2
MAX_RETRY_WAIT = 8.0


@dataclass(frozen=True, slots=True)
class Templates:
    """Approved template names per purpose (WHATSAPP_TEMPLATE_*) and their language, and per reader's language.

    A person who reads English gets the English template of the purpose when one is configured
    (WHATSAPP_TEMPLATE_REMINDER_EN …), else the plain one. Meta has no Kurdish template language,
    so Kurdish readers get the plain (Arabic) template, with their Kurdish text as its variable.
    """

    reminder: str | None = None
    survey: str | None = None
    announcement: str | None = None
    language: str = "ar"
    # Catalog language -> ({purpose: template name}, Meta language code), e.g. {"en": ({...}, "en")}.
    localized: dict[str, tuple[dict[str, str], str]] = field(default_factory=dict, hash=False)

    def for_purpose(self, purpose: str) -> str | None:
        """The template name for "reminder", "survey" or "announcement"; None if not configured."""
        return {"reminder": self.reminder, "survey": self.survey, "announcement": self.announcement}.get(purpose)

    def choose(self, purpose: str, reader_language: str | None) -> tuple[str, str] | None:
        """(template name, Meta language code) for a reader of `reader_language`; None if none is configured."""
        names, code = self.localized.get(reader_language or "", ({}, ""))
        if names.get(purpose):
            return names[purpose], code
        plain = self.for_purpose(purpose)
        return (plain, self.language) if plain else None


def _reader_language(replies: list[Outbound]) -> str | None:
    """The language the outbox rendered these replies in (None for direct replies)."""
    return next((reply.language for reply in replies if reply.language), None)


def window_open(last_inbound_at: datetime | None, now: datetime | None = None) -> bool:
    """Whether free-form messages may still be sent: the person wrote within the last 24 hours."""
    if last_inbound_at is None:
        return False
    return (now or utcnow()) - last_inbound_at < WINDOW - WINDOW_MARGIN


class WhatsAppChannel:
    """Sends replies to a wa_id through the Cloud API; used for direct replies and by the outbox."""

    name = CHANNEL

    def __init__(self, client: GraphClient, templates: Templates | None = None, *, pager: Pager) -> None:
        self.client = client
        self.templates = templates or Templates()
        # Long menus keep their next pages in the database (a Pager over the bot's Database).
        self.pager = pager

    async def send(self, external_id: str, replies: list[Outbound], *, purpose: str = REPLY,
                   last_inbound_at: datetime | None = None) -> list[str]:
        """Deliver replies to one person; returns the wamids or raises a DeliveryError.

        `purpose` is "reply" (an answer to the person's message) or what the bot starts on its
        own ("reminder", "survey", "announcement"), which needs a template outside the window.
        """
        return await self._send(external_id, replies, purpose, last_inbound_at, retries=0)

    async def reply(self, external_id: str, replies: list[Outbound], lang: str | None = None) -> list[str]:
        """Answer a message the person just sent, retrying a throttled or failed post a little.

        `lang` is the person's language: WhatsApp's own words around the menus ('more', 'choose')
        are written in it.
        """
        return await self._send(external_id, replies, REPLY, None, retries=REPLY_RETRIES, lang=lang)

    async def send_page(self, external_id: str, page: Page, lang: str | None = None) -> list[str]:
        """Show the next page of a long menu (after 'more'), its own words in the person's language."""
        stash = self._stash_for(external_id)
        lang = lang or DEFAULT_LANGUAGE
        parts = await render_options(page_body(page.page, page.pages, lang), page.options, stash, page=page.page,
                                     lang=lang)
        sent: list[str] = []
        for part in parts:
            sent.append(await self._post(external_id, part, REPLY_RETRIES))
        return sent

    async def _send(self, to: str, replies: list[Outbound], purpose: str, last_inbound_at: datetime | None,
                    *, retries: int, lang: str | None = None) -> list[str]:
        if purpose != REPLY and not window_open(last_inbound_at):
            return [await self._send_template(to, replies, purpose)]
        sent: list[str] = []
        stash = self._stash_for(to)
        # Everything is rendered (and list pages stored) before the first post, so a database
        # failure while storing a page sends nothing rather than half a reply.
        parts: list[Part] = []
        for reply in replies:
            # The outbox sets each reply's language; direct replies take the person's.
            parts += await render_reply(reply, stash, lang or DEFAULT_LANGUAGE)
        try:
            for part in parts:
                sent.append(await self._post(to, part, retries))
        except NeedsTemplate:
            # Meta says the window is closed (our clock or last_inbound_at was off). Only when
            # nothing went out yet may the whole message go again, as a template.
            if purpose != REPLY and not sent and self.templates.choose(purpose, _reader_language(replies)):
                return [await self._send_template(to, replies, purpose)]
            raise
        return sent

    async def _send_template(self, to: str, replies: list[Outbound], purpose: str) -> str:
        chosen = self.templates.choose(purpose, _reader_language(replies))
        if not chosen:
            raise NeedsTemplate(f"outside the 24-hour window and no template is configured for {purpose!r}")
        name, language = chosen
        text = "\n".join(r.text for r in replies if r.text.strip())
        if any(r.document is not None for r in replies):
            log.info("whatsapp template send leaves out a document purpose=%s", purpose)
        return await self._post(to, template_message(name, language, text), 0)

    def _stash_for(self, person: str) -> Stash:
        async def stash(options: list[Option], page: int, pages: int) -> str:
            try:
                return await self.pager.stash(person, options, page, pages)
            except (SQLAlchemyError, OSError) as error:
                # Nothing was posted yet: the outbox retries the whole message later.
                raise Transient(f"list page could not be stored: {type(error).__name__}") from error

        return stash

    async def _post(self, to: str, part: Part, retries: int) -> str:
        attempt = 0
        while True:
            try:
                return await self._post_once(to, part)
            except (Throttled, Transient) as error:
                if attempt >= retries:
                    raise
                attempt += 1
                wait = error.retry_after if isinstance(error, Throttled) else float(attempt)
                await asyncio.sleep(min(wait, MAX_RETRY_WAIT))

    async def _post_once(self, to: str, part: Part) -> str:
        if isinstance(part, DocumentUpload):
            media_id = await self.client.upload_media(part.document)
            document = {"id": media_id, "filename": part.document.filename[-FILENAME_LIMIT:]}
            if part.caption:
                document["caption"] = part.caption
            return await self.client.send_message(to, {"type": "document", "document": document})
        return await self.client.send_message(to, part)
