"""MUSHARAKA_STAFF: the first admin of an organisation, named in the environment.

An entry is ``channel:external_id@ORG`` (ORG: the organisation's id or exact name), e.g.
``telegram:42@<organisation name>``. While ORG has no admin, that person's next message (after
consenting) makes them its admin: a real, audited role (actor ``system``) that can be removed like
any other. Once ORG has an admin the entry does nothing. An entry without ``@ORG`` is ignored.
The bot logs a warning at every start while the variable is set. Log lines never carry the
external id (a WhatsApp id is a phone number): entries are named by channel and organisation.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from storage.services.audit import SYSTEM
from storage.services.staff import find_organization, grant_role, has_admin

log = logging.getLogger(__name__)
VIA = "MUSHARAKA_STAFF"


@dataclass(frozen=True, slots=True)
class BootstrapEntry:
    """One MUSHARAKA_STAFF entry: who ("telegram:42") and for which organisation (id or name)."""

    identity: str
    organization: str

    @property
    def channel(self) -> str:
        """The channel part of the identity, safe to log."""
        return self.identity.partition(":")[0]


def split_entries(raw: str) -> frozenset[str]:
    """The comma-separated entries of the variable, trimmed."""
    return frozenset(part.strip() for part in raw.split(",") if part.strip())


def parse_entry(entry: str) -> BootstrapEntry | None:
    """`channel:external_id@ORG` as an entry; None when it names no organisation or no identity."""
    identity, at, organization = entry.strip().partition("@")
    channel, colon, external_id = identity.strip().partition(":")
    if not (at and organization.strip() and colon and channel.strip() and external_id.strip()):
        return None
    return BootstrapEntry(f"{channel.strip()}:{external_id.strip()}", organization.strip())


def entries_for(identity: str, raw_entries: Iterable[str]) -> list[BootstrapEntry]:
    """The well-formed entries that name this identity ("channel:external_id")."""
    parsed = (parse_entry(entry) for entry in raw_entries)
    return sorted((e for e in parsed if e is not None and e.identity == identity), key=lambda e: e.organization)


async def apply_bootstrap_staff(session: AsyncSession, contact_id: int, entries: list[BootstrapEntry]) -> list[int]:
    """Make the contact admin of each named organisation that has no admin yet; returns those organisations."""
    granted = []
    for entry in entries:
        organization = await find_organization(session, entry.organization)
        if organization is None or await has_admin(session, organization.id):
            continue
        await grant_role(session, organization.id, contact_id, "admin", actor=SYSTEM, via=VIA)
        log.warning("MUSHARAKA_STAFF made a %s user admin of organisation %s (it had no admin)",
                    entry.channel, organization.id)
        granted.append(organization.id)
    return granted


async def bootstrap_staff_warnings(session: AsyncSession, raw_entries: Iterable[str]) -> list[str]:
    """The warnings to log at start while MUSHARAKA_STAFF is set: one overall, one per ignored entry."""
    raw_entries = sorted(raw_entries)
    if not raw_entries:
        return []
    warnings = ["MUSHARAKA_STAFF is set: each entry makes that person admin of the named organisation while it "
                "has no admin; unset it once every organisation has an admin"]
    for raw in raw_entries:
        entry = parse_entry(raw)
        if entry is None:
            channel = raw.partition(":")[0] if ":" in raw else "malformed"
            warnings.append(f"MUSHARAKA_STAFF: a {channel} entry without @ORG is ignored "
                            "(write channel:external_id@ORG, ORG an organisation id or name)")
            continue
        organization = await find_organization(session, entry.organization)
        if organization is None:
            warnings.append(f"MUSHARAKA_STAFF: no organisation {entry.organization!r} (yet): its {entry.channel} "
                            "entry does nothing until `musharaka org add` creates it")
        elif await has_admin(session, organization.id):
            warnings.append(f"MUSHARAKA_STAFF: organisation {organization.name!r} already has an admin: its "
                            f"{entry.channel} entry is ignored")
    return warnings


async def log_bootstrap_staff_warnings(session: AsyncSession, raw_entries: Iterable[str]) -> list[str]:
    """Log bootstrap_staff_warnings (at start-up) and return them."""
    warnings = await bootstrap_staff_warnings(session, raw_entries)
    for warning in warnings:
        log.warning("%s", warning)
    return warnings
