"""One person, two channels: link a Telegram contact and a WhatsApp contact by their phone number.

A WhatsApp identity carries its number (the wa_id), so a WhatsApp contact gets `phone_e164`
from consent on (contacts.record_consent; before consent only the identity is kept). On
Telegram the number is known only when the person shares their own contact card; when it
equals another contact's number the two contacts are merged into one. Nothing is linked
without that action: a WhatsApp newcomer joins an existing contact only if that contact's
number was shared on Telegram by its owner.

Every function runs inside the caller's transaction, so a merge is all or nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.clock import utcnow
from storage.models import (
    Broadcast,
    Contact,
    Delivery,
    Identity,
    Invite,
    Registration,
    Staff,
    SurveyResponse,
)
from storage.phones import wa_id_to_e164
from storage.services.audiences import merge_relationships
from storage.services.contacts import find_identity
from storage.services.registration import ACTIVE, CANCELLED, CONFIRMED, WAITLISTED, cancel
from storage.vocab import INTERESTS

log = logging.getLogger(__name__)

WHATSAPP = "whatsapp"
_STATUS_RANK = {CONFIRMED: 2, WAITLISTED: 1, CANCELLED: 0}
# Deliveries in these states went (or may have gone) out: never replace them by a pending twin.
_DELIVERY_DONE = {"sent", "sending", "unknown"}


@dataclass(slots=True)
class LinkResult:
    """The contact the person is from now on, and whether two contacts became one."""

    contact: Contact
    merged: bool


async def share_phone(session: AsyncSession, contact: Contact, phone_e164: str) -> LinkResult:
    """Record a number the person shared themselves; merge with the contact that already has it.

    The contact that already held the number is kept (its WhatsApp buttons stay valid) and
    `contact` is merged into it; the caller must use the returned contact from then on.
    """
    holder = await session.scalar(
        select(Contact).where(Contact.phone_e164 == phone_e164, Contact.id != contact.id).order_by(Contact.id).limit(1)
    )
    if holder is None:
        contact.phone_e164 = phone_e164
        return LinkResult(contact, merged=False)
    await merge_contacts(session, keep=holder, absorb=contact)
    holder.phone_e164 = phone_e164
    return LinkResult(holder, merged=True)


async def attach_whatsapp_identity(session: AsyncSession, wa_id: str) -> bool:
    """Before a WhatsApp message is handled: make sure its contact carries the number.

    A known identity whose contact has no number gets it. An unknown wa_id whose number was
    shared on Telegram gets its identity on that contact, so the person is recognised at once.
    Returns True when the identity does not exist yet and no contact holds the number, i.e.
    the dispatcher will create a new contact: call `remember_whatsapp_number` after it did.
    """
    phone = wa_id_to_e164(wa_id)
    if phone is None:
        return False
    identity = await find_identity(session, WHATSAPP, wa_id)
    if identity is not None:
        contact = await session.get(Contact, identity.contact_id)
        # Before consent the number is not kept (least data); record_consent stores it.
        if contact is not None and contact.phone_e164 is None and contact.consent_at is not None:
            contact.phone_e164 = phone
        return False
    holder = await session.scalar(select(Contact).where(Contact.phone_e164 == phone).order_by(Contact.id).limit(1))
    if holder is None:
        return True
    try:
        async with session.begin_nested():
            session.add(Identity(contact_id=holder.id, channel=WHATSAPP, external_id=wa_id))
            await session.flush()
    except IntegrityError:
        # Another worker attached (or created) it a moment ago; the dispatcher will find it.
        return False
    log.info("whatsapp identity joined a contact linked on telegram contact=%s", holder.id)
    return False


async def remember_whatsapp_number(session: AsyncSession, wa_id: str) -> None:
    """After a new WhatsApp contact was created: store its number (if nobody else holds it)."""
    phone = wa_id_to_e164(wa_id)
    if phone is None:
        return
    identity = await find_identity(session, WHATSAPP, wa_id)
    if identity is None:
        return  # the person deleted their data in this very message
    contact = await session.get(Contact, identity.contact_id)
    if contact is None or contact.phone_e164 is not None or contact.consent_at is None:
        return
    taken = await session.scalar(select(Contact.id).where(Contact.phone_e164 == phone, Contact.id != contact.id))
    if taken is None:
        contact.phone_e164 = phone


async def merge_contacts(session: AsyncSession, *, keep: Contact, absorb: Contact) -> None:
    """Move everything of `absorb` onto `keep`, without duplicates, then delete `absorb`."""
    if keep.id == absorb.id:
        return
    await session.flush()
    await _merge_registrations(session, keep.id, absorb.id)
    await _merge_survey_responses(session, keep.id, absorb.id)
    await _merge_staff(session, keep.id, absorb.id)
    await _merge_deliveries(session, keep.id, absorb.id)
    await merge_relationships(session, keep.id, absorb.id)
    await _repoint(session, keep.id, absorb.id)
    _merge_settings(keep, absorb)
    # Identities last: moving them is what makes both channels reach `keep`.
    await session.execute(update(Identity).where(Identity.contact_id == absorb.id).values(contact_id=keep.id))
    await session.execute(delete(Contact).where(Contact.id == absorb.id))
    await session.flush()
    log.info("contacts merged keep=%s absorbed=%s", keep.id, absorb.id)


def _merge_settings(keep: Contact, absorb: Contact) -> None:
    """Consent kept, interests united, any stop (opt-out, reminders off) wins."""
    consents = [c for c in (keep.consent_at, absorb.consent_at) if c is not None]
    keep.consent_at = min(consents) if consents else None
    keep.governorate = keep.governorate or absorb.governorate
    joined = set(keep.interests or []) | set(absorb.interests or [])
    # A new list object, so the JSON column is seen as changed; vocabulary order, unknown codes last.
    keep.interests = [c for c in INTERESTS if c in joined] + sorted(joined - set(INTERESTS))
    keep.opted_out = bool(keep.opted_out or absorb.opted_out)
    keep.reminders_off = bool(keep.reminders_off or absorb.reminders_off)
    keep.created_at = min(keep.created_at or utcnow(), absorb.created_at or utcnow())
    seen = [s for s in (keep.last_seen_at, absorb.last_seen_at) if s is not None]
    keep.last_seen_at = max(seen) if seen else None


def _registration_rank(registration: Registration) -> tuple[int, int, float]:
    """Bigger is better: confirmed > waitlisted > cancelled, attended first, then the earlier one."""
    moment: datetime | None = (
        registration.confirmed_at if registration.status == CONFIRMED else registration.waitlisted_at
    )
    return (
        _STATUS_RANK.get(registration.status, 0),
        1 if registration.checked_in_at is not None else 0,
        -moment.timestamp() if moment is not None else float("-inf"),
    )


async def _merge_registrations(session: AsyncSession, keep_id: int, absorb_id: int) -> None:
    theirs = (await session.scalars(select(Registration).where(Registration.contact_id == absorb_id))).all()
    for registration in theirs:
        twin = await session.scalar(
            select(Registration).where(Registration.event_id == registration.event_id,
                                       Registration.contact_id == keep_id)
        )
        if twin is None:
            registration.contact_id = keep_id
            continue
        # max() keeps the first on a tie, so the kept contact's own registration wins ties.
        winner = max((twin, registration), key=_registration_rank)
        loser = registration if winner is twin else twin
        if loser.status in ACTIVE:
            # Free the duplicate seat the proper way, so the waiting list moves up.
            await cancel(session, loser)
        await session.delete(loser)
        await session.flush()
        winner.contact_id = keep_id
    await session.flush()


async def _merge_survey_responses(session: AsyncSession, keep_id: int, absorb_id: int) -> None:
    theirs = (await session.scalars(select(SurveyResponse).where(SurveyResponse.contact_id == absorb_id))).all()
    for response in theirs:
        twin = await session.scalar(
            select(SurveyResponse).where(SurveyResponse.survey_id == response.survey_id,
                                         SurveyResponse.contact_id == keep_id)
        )
        if twin is None:
            response.contact_id = keep_id
            continue

        def progress(r: SurveyResponse) -> tuple[int, int]:
            return (1 if r.completed_at is not None else 0, len(r.answers or {}))

        winner = max((twin, response), key=progress)
        loser = response if winner is twin else twin
        await session.delete(loser)
        await session.flush()
        winner.contact_id = keep_id
    await session.flush()


async def _merge_staff(session: AsyncSession, keep_id: int, absorb_id: int) -> None:
    held = {
        (s.organization_id, s.role)
        for s in (await session.scalars(select(Staff).where(Staff.contact_id == keep_id))).all()
    }
    for role in (await session.scalars(select(Staff).where(Staff.contact_id == absorb_id))).all():
        if (role.organization_id, role.role) in held:
            await session.delete(role)
        else:
            role.contact_id = keep_id
            held.add((role.organization_id, role.role))
    await session.flush()


async def _merge_deliveries(session: AsyncSession, keep_id: int, absorb_id: int) -> None:
    ours = {d.purpose: d for d in (await session.scalars(select(Delivery).where(Delivery.contact_id == keep_id))).all()}
    for delivery in (await session.scalars(select(Delivery).where(Delivery.contact_id == absorb_id))).all():
        twin = ours.get(delivery.purpose)
        if twin is None:
            delivery.contact_id = keep_id
            continue
        # The same message queued for both contacts: keep the one that went out, so the person
        # does not get it a second time on the other channel.
        if delivery.state in _DELIVERY_DONE and twin.state not in _DELIVERY_DONE:
            await session.delete(twin)
            await session.flush()
            delivery.contact_id = keep_id
        else:
            await session.delete(delivery)
    await session.flush()


async def _repoint(session: AsyncSession, keep_id: int, absorb_id: int) -> None:
    """References that are not ownership (who created an invite, who checked someone in)."""
    for column in (Invite.created_by, Invite.used_by, Registration.checked_in_by, Broadcast.created_by):
        await session.execute(
            update(column.class_).where(column == absorb_id).values({column.key: keep_id})
        )
