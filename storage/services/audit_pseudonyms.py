"""After «delete my data» the audit log keeps a pseudonym (`deleted-person-17`), never the identity.

The audit log is append-only for what was done, but who it was done by (or to) must not outlive
the person's wish to be forgotten. Rows whose actor or details name the person — as
`staff:<id>` / `contact:<id>`, an older `telegram:42` / `whatsapp:9647…` actor, a contact id
in the details, a phone number or a channel id — are rewritten in the deletion's own transaction,
so either the person and their names are gone or neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import phonenumbers
from sqlalchemy import Text, cast, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditLog, Contact, Identity
from storage.phones import wa_id_to_e164

WHATSAPP = "whatsapp"
# Detail keys whose integer value (or list of integers) is a contact id.
CONTACT_KEYS = frozenset({
    "contact", "contact_id", "contact_ids", "actor_contact_id", "by", "member", "members", "person",
    "checked_in_by", "created_by", "used_by", "revoked_by",
})
# Detail keys whose string value may be a bare channel id (a Telegram user id, a wa_id).
ADDRESS_KEYS = frozenset({"external_id", "user", "user_id", "wa_id", "chat_id", "identity", "phone", "number"})
# People per prefilter query (each brings a dozen LIKE patterns).
CHUNK = 50


def pseudonym(contact_id: int) -> str:
    """What the audit log calls a person whose data was deleted."""
    return f"deleted-person-{contact_id}"


@dataclass(frozen=True, slots=True)
class Forgotten:
    """Everything that named one person: contact id, channel addresses and phone numbers (E.164)."""

    contact_id: int
    addresses: tuple[tuple[str, str], ...]
    phones: tuple[str, ...]

    @property
    def name(self) -> str:
        """The pseudonym that replaces every mention."""
        return pseudonym(self.contact_id)

    def needles(self) -> list[str]:
        """Substrings one of which is in any row that may name the person (a cheap SQL prefilter)."""
        cid = self.contact_id
        # Details are JSON written by json.dumps: an id is a value after ": ", or in a list.
        found = [f"staff:{cid}", f"contact:{cid}", f": {cid},", f": {cid}}}", f"[{cid},", f"[{cid}]",
                 f", {cid},", f", {cid}]"]
        for channel, external_id in self.addresses:
            found += [f"{channel}:{external_id}", f'"{external_id}"']
        for phone in self.phones:
            national = _national_digits(phone)
            if national:
                found.append(national)
        return found

    def pattern(self) -> re.Pattern[str]:
        """Mentions inside a string: actor names, channel addresses, the phone in its usual forms."""
        parts = [rf"(?<![\w-])(?:staff|contact):{self.contact_id}(?!\d)"]
        parts += [rf"(?<![\w-]){re.escape(f'{channel}:{external_id}')}(?![\w-])"
                  for channel, external_id in self.addresses]
        for phone in self.phones:
            national = _national_digits(phone)
            if national:
                country = phone[1:len(phone) - len(national)]
                digits = r"[\s-]?".join(national)
                parts.append(rf"(?<!\d)(?:(?:\+|00)?{country}[\s-]?|0)?{digits}(?!\d)")
        return re.compile("|".join(parts))


def _national_digits(phone: str) -> str | None:
    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return None
    return str(number.national_number)


async def describe(session: AsyncSession, contact: Contact) -> Forgotten:
    """What names this person, read before their identities are deleted."""
    addresses = tuple(
        (channel, external_id)
        for channel, external_id in (
            await session.execute(select(Identity.channel, Identity.external_id)
                                  .where(Identity.contact_id == contact.id).order_by(Identity.id))
        ).all()
    )
    phones = {contact.phone_e164} if contact.phone_e164 else set()
    for channel, external_id in addresses:
        if channel == WHATSAPP and (number := wa_id_to_e164(external_id)):
            # The wa_id is the number, kept or not.
            phones.add(number)
    return Forgotten(contact.id, addresses, tuple(sorted(phones)))


async def pseudonymise(session: AsyncSession, people: Iterable[Forgotten]) -> int:
    """Rewrite every audit row that names one of `people`; returns how many rows changed."""
    people = list(people)
    changed = 0
    for start in range(0, len(people), CHUNK):
        chunk = people[start:start + CHUNK]
        details_text = cast(AuditLog.details, Text)
        conditions = [AuditLog.actor_contact_id.in_([p.contact_id for p in chunk])]
        for person in chunk:
            for needle in person.needles():
                like = f"%{_escape_like(needle)}%"
                conditions += [AuditLog.actor.like(like, escape="\\"), details_text.like(like, escape="\\")]
        rows = (await session.scalars(select(AuditLog).where(or_(*conditions)).order_by(AuditLog.id))).all()
        matchers = [(person, person.pattern()) for person in chunk]
        for row in rows:
            if _rewrite_row(row, matchers):
                changed += 1
    if changed:
        await session.flush()
    return changed


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _rewrite_row(row: AuditLog, matchers: list[tuple[Forgotten, re.Pattern[str]]]) -> bool:
    actor, details = row.actor, row.details
    for person, pattern in matchers:
        actor = pattern.sub(person.name, actor)
        details = _rewrite(details, None, person, pattern)
    if actor == row.actor and details == row.details:
        return False
    row.actor = actor[:120]
    # A new object, so the JSON column is seen as changed.
    row.details = details
    return True


def _rewrite(value: Any, key: str | None, person: Forgotten, pattern: re.Pattern[str]) -> Any:
    """`value` with every mention of `person` replaced by their pseudonym (containers copied)."""
    if isinstance(value, dict):
        return {k: _rewrite(v, k, person, pattern) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite(v, key, person, pattern) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return person.name if key in CONTACT_KEYS and value == person.contact_id else value
    if isinstance(value, str):
        if key in ADDRESS_KEYS and any(value == external_id for _, external_id in person.addresses):
            return person.name
        return pattern.sub(person.name, value)
    return value
