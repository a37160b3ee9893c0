"""Contacts and their channel identities: who is writing, consent, deletion, and the purge of people who never agreed.

Least data: before consent a person is an identities row (channel and id) and a contact row
holding only defaults and, in `state`, the link or invite they came with. No display name is
ever stored (the bot needs none: staff screens name people by channel), and the WhatsApp
number becomes `phone_e164` only at consent, because from then on it is the address the
reminders and announcements they asked for go to.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, delete, exists, func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.clock import utcnow
from storage.models import Contact, Identity, ListPage, Registration, Staff
from storage.models_questions import ContactAnswer
from storage.phones import wa_id_to_e164
from storage.services.audit import SYSTEM, audit
from storage.services.audit_pseudonyms import describe, pseudonym, pseudonymise
from storage.services.registration import ACTIVE, cancel

SEEN_PRECISION = timedelta(minutes=1)
WHATSAPP = "whatsapp"
# People deleted per purge call: a backlog (after downtime) is worked off over a few ticks.
PURGE_BATCH = 200


async def find_identity(session: AsyncSession, channel: str, external_id: str) -> Identity | None:
    """The identity for a channel address, if the person has written before."""
    return await session.scalar(
        select(Identity).where(Identity.channel == channel, Identity.external_id == external_id)
    )


async def get_or_create_identity(
    session: AsyncSession, channel: str, external_id: str
) -> tuple[Identity, Contact, bool]:
    """Resolve who is writing; a first message creates the contact (defaults only). Returns (identity, contact, new)."""
    identity, contact, created, _ = await identify_writer(session, channel, external_id)
    return identity, contact, created


# Every message runs this query: built once (building and keying a statement costs more CPU than
# SQLite takes to run it).
_WRITER = (
    select(Identity, Contact, exists().where(Staff.contact_id == Contact.id))
    .join(Contact, Contact.id == Identity.contact_id)
    .where(Identity.channel == bindparam("channel"), Identity.external_id == bindparam("external_id"))
)


async def identify_writer(
    session: AsyncSession, channel: str, external_id: str
) -> tuple[Identity, Contact, bool, bool]:
    """get_or_create_identity, and whether the person holds any staff role: (identity, contact, new, staff).

    The staff test rides along in the same query, so the roles themselves are read only for staff.
    """
    row = (await session.execute(_WRITER, {"channel": channel, "external_id": external_id})).first()
    identity, contact = (row[0], row[1]) if row else (None, None)
    staff = bool(row[2]) if row else False
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
            staff = True  # not known: let the roles be read
        contact = await session.get(Contact, identity.contact_id)
    assert contact is not None
    now = utcnow()
    # Minute precision is plenty (WhatsApp's 24-hour window) and saves two UPDATEs per message.
    if contact.last_seen_at is None or now - contact.last_seen_at >= SEEN_PRECISION:
        contact.last_seen_at = now
    if identity.last_inbound_at is None or now - identity.last_inbound_at >= SEEN_PRECISION:
        identity.last_inbound_at = now
    # Writing to us again means they unblocked the bot. (Set only when it changes: an attribute set
    # to the value it had still makes the ORM look for changes at the next flush.)
    if identity.unreachable:
        identity.unreachable = False
    return identity, contact, created, staff


async def record_consent(session: AsyncSession, contact: Contact, identity: Identity) -> None:
    """The person agreed: note when, and on WhatsApp keep their number from now on (it is the address)."""
    if contact.consent_at is None:
        contact.consent_at = utcnow()
    if identity.channel != WHATSAPP or contact.phone_e164 is not None:
        return
    phone = wa_id_to_e164(identity.external_id)
    if phone is None:
        return
    # A number shared on Telegram by another contact stays theirs; linking happens only on their action.
    taken = await session.scalar(select(Contact.id).where(Contact.phone_e164 == phone, Contact.id != contact.id))
    if taken is None:
        contact.phone_e164 = phone


async def delete_contact(session: AsyncSession, contact: Contact, *, audited: bool = True) -> int:
    """Delete a person's data: cancel their seats (promoting the waiting list), then everything else.

    Identities, registrations, WhatsApp list pages and the contact go (survey answers, follows,
    stops, staff roles and queued messages follow the contact by cascade); audit rows that
    named the person name `deleted-person-<id>` instead, in this same transaction. With
    `audited` the deletion itself is audited under that pseudonym. Returns how many active
    registrations were cancelled.
    """
    forgotten = await describe(session, contact)
    registrations = (
        await session.scalars(
            select(Registration).where(Registration.contact_id == contact.id, Registration.status.in_(ACTIVE))
        )
    ).all()
    for registration in registrations:
        await cancel(session, registration)
    person_keys = [f"{channel}:{external_id}" for channel, external_id in forgotten.addresses]
    if person_keys:
        await session.execute(delete(ListPage).where(ListPage.person_key.in_(person_keys)))
    await session.execute(delete(Registration).where(Registration.contact_id == contact.id))
    # Answers to the optional registration questions (sex, age group…) go with the person.
    await session.execute(delete(ContactAnswer).where(ContactAnswer.contact_id == contact.id))
    await session.execute(delete(Identity).where(Identity.contact_id == contact.id))
    consented = contact.consent_at is not None
    await session.delete(contact)
    await session.flush()
    await pseudonymise(session, [forgotten])
    if audited:
        await audit(session, actor=pseudonym(forgotten.contact_id), actor_contact_id=forgotten.contact_id,
                    action="contact.delete",
                    details={"registrations_cancelled": len(registrations), "had_consented": consented})
    return len(registrations)


async def purge_unconsented(session: AsyncSession, days: int, *, limit: int = PURGE_BATCH) -> int:
    """Delete people who never consented and have not written for `days` days; returns how many.

    Someone `musharaka staff add` named before they ever wrote (a staff role, no consent yet)
    is kept: the role is the organisation's decision, and they consent at their first message.
    """
    cutoff = utcnow() - timedelta(days=days)
    holds_role = exists().where(Staff.contact_id == Contact.id)
    ids = (
        await session.scalars(
            select(Contact.id)
            .where(Contact.consent_at.is_(None), func.coalesce(Contact.last_seen_at, Contact.created_at) < cutoff,
                   ~holds_role)
            .order_by(Contact.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    ).all()
    for contact_id in ids:
        contact = await session.get(Contact, contact_id)
        if contact is not None:
            await delete_contact(session, contact, audited=False)
    if ids:
        # One entry for the batch: ids of people who never agreed to anything are not worth keeping.
        await audit(session, actor=SYSTEM, action="contact.purge-unconsented",
                    details={"count": len(ids), "days": days})
    return len(ids)


def still_stored(contact: Contact) -> bool:
    """Whether the contact is still a row of this session: not deleted ("delete my data") nor detached."""
    state = inspect(contact)
    return not (state.deleted or state.was_deleted or state.detached)
