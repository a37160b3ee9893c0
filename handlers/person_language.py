"""The person's language for replies made outside the dispatcher.

The flood notice, the 'temporary error', WhatsApp's own words around menus ('more', 'choose').

These replies have no handler context: the language is read on its own, and when the database
cannot answer (the very reason for an error message, sometimes) the platform's language hint,
then Arabic, is used: the person always gets the polite message.
"""

from __future__ import annotations

import logging

from handlers.types import Outbound
from messages import catalog
from storage.db import Database
from storage.services.contact_language import stored_language

log = logging.getLogger(__name__)


async def person_language(db: Database, channel: str, external_id: str | None, hint: str | None = None) -> str:
    """The stored language of a consented person, else the one `hint` (Telegram's language_code) proposes."""
    if external_id:
        try:
            async with db.reading() as session:
                stored = await stored_language(session, channel, external_id)
        except Exception as error:  # noqa: BLE001 - a polite message must never fail on the lookup
            log.warning("person language unavailable (%s): the hint is used", type(error).__name__)
            stored = None
        if stored in catalog.available_languages():
            return stored
    return catalog.language_for_hint(hint)


async def error_reply(db: Database, channel: str, external_id: str | None, hint: str | None = None) -> Outbound:
    """'Something went wrong, try again' in the person's language."""
    return Outbound(catalog.text("error-generic", await person_language(db, channel, external_id, hint)))
