"""Contacts and their channel identities."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.clock import utcnow
from storage.models import Contact, Identity, Registration
from storage.services.registration import ACTIVE, cancel

SEEN_PRECISION = timedelta(minutes=1)


async def find_identity(session: AsyncSession, channel: str, external_id: str) -> Identity | None:
    """The identity for a channel address, if the person has written before."""
    return await session.scalar(
        select(Identity).where(Identity.channel == channel, Identity.external_id == external_id)
    )


async def get_or_create_identity(
    session: AsyncSession, channel: str, external_id: str, display_name: str | None = None
) -> tuple[Identity, Contact, bool]:
    """Resolve who is writing; a first message creates the contact. Returns (identity, contact, new)."""
    row = (
        await session.execute(
            select(Identity, Contact).join(Contact, Contact.id == Identity.contact_id)
            .where(Identity.channel == channel, Identity.external_id == external_id)
        )
    ).first()
    identity = row[0] if row else None
    created = False
    if identity is None:
        contact = Contact(language="ar", interests=[], state={})
        try:
            async with session.begin_nested():
                session.add(contact)
                await session.flush()
                identity = Identity(contact_id=contact.id, channel=channel, external_id=external_id)
                session.add(identity)
                await session.flush()
            created = True
        except IntegrityError:
            # Another worker created it between our read and our insert.
            identity = await find_identity(session, channel, external_id)
            if identity is None:
                raise
    contact = await session.get(Contact, identity.contact_id)
    assert contact is not None
    now = utcnow()
    # Minute precision is plenty (WhatsApp's 24-hour window) and saves two UPDATEs per message.
    if contact.last_seen_at is None or now - contact.last_seen_at >= SEEN_PRECISION:
        contact.last_seen_at = now
    if identity.last_inbound_at is None or now - identity.last_inbound_at >= SEEN_PRECISION:
        identity.last_inbound_at = now
    # Writing to us again means they unblocked the bot.
    identity.unreachable = False
    if display_name and identity.display_name != display_name:
        identity.display_name = display_name[:200]
    return identity, contact, created


async def delete_contact(session: AsyncSession, contact: Contact) -> int:
    """Delete a person's data: cancel their seats (promoting the waiting list), then the contact.

    Returns how many active registrations were cancelled.
    """
    registrations = (
        await session.scalars(
            select(Registration).where(Registration.contact_id == contact.id, Registration.status.in_(ACTIVE))
        )
    ).all()
    for registration in registrations:
        await cancel(session, registration)
    await session.execute(delete(Registration).where(Registration.contact_id == contact.id))
    await session.execute(delete(Identity).where(Identity.contact_id == contact.id))
    await session.delete(contact)
    await session.flush()
    return len(registrations)
