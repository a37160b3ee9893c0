"""The language a person chose, read on its own (for what is said outside a handled message)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Contact, Identity


async def stored_language(session: AsyncSession, channel: str, external_id: str) -> str | None:
    """The language of the person behind a channel address; None before consent or for a stranger."""
    row = (
        await session.execute(
            select(Contact.language, Contact.consent_at)
            .join(Identity, Identity.contact_id == Contact.id)
            .where(Identity.channel == channel, Identity.external_id == external_id)
        )
    ).first()
    # Before consent the stored value is only the default: the platform's hint says more.
    if row is None or row.consent_at is None:
        return None
    return row.language
