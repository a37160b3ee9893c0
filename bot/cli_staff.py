"""Shell commands for bootstrapping: `musharaka org add`, `musharaka staff add|list`, `musharaka audit`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from sqlalchemy import select

from bot.cli import EXTRA_COMMANDS, open_database
from bot.settings import Settings
from storage.models import Identity, Organization, Staff
from storage.services.audit import entries_since
from storage.services.contacts import get_or_create_identity
from storage.services.staff import StaffError, add_organization, find_organization, grant_role
from storage.vocab import ROLES

CHANNELS = ("telegram", "whatsapp", "console")


def _fail(message: str) -> int:
    sys.stderr.write(f"error: {message}\n")
    return 2


async def org_add(settings: Settings, args: argparse.Namespace) -> int:
    """musharaka org add NAME."""
    db = await open_database(settings)
    try:
        async with db.transaction() as session:
            organization = await add_organization(session, args.name)
        print(f"organisation {organization.id}: {organization.name}")
        return 0
    except StaffError as error:
        return _fail(str(error))
    finally:
        await db.dispose()


async def org_list(settings: Settings, _: argparse.Namespace) -> int:
    """musharaka org list."""
    db = await open_database(settings)
    try:
        async with db.transaction() as session:
            for organization in (await session.scalars(select(Organization).order_by(Organization.id))).all():
                print(f"{organization.id}\t{organization.name}")
        return 0
    finally:
        await db.dispose()


async def staff_add(settings: Settings, args: argparse.Namespace) -> int:
    """musharaka staff add --org ORG --channel CH --user ID --role ROLE."""
    db = await open_database(settings)
    try:
        async with db.transaction() as session:
            organization = await find_organization(session, args.org)
            if organization is None:
                return _fail(f"no organisation {args.org!r} (see `musharaka org list`)")
            _, contact, _ = await get_or_create_identity(session, args.channel, args.user)
            await grant_role(session, organization.id, contact.id, args.role, actor="cli")
        print(f"{args.channel}:{args.user} is {args.role} of {organization.name}")
        return 0
    except StaffError as error:
        return _fail(str(error))
    finally:
        await db.dispose()


async def staff_list(settings: Settings, _: argparse.Namespace) -> int:
    """musharaka staff list: organisation, role, channel:user."""
    db = await open_database(settings)
    try:
        async with db.transaction() as session:
            rows = (
                await session.execute(
                    select(Organization.name, Staff.role, Identity.channel, Identity.external_id)
                    .join(Staff, Staff.organization_id == Organization.id)
                    .join(Identity, Identity.contact_id == Staff.contact_id)
                    .order_by(Organization.name, Staff.role, Identity.channel, Identity.external_id)
                )
            ).all()
        for name, role, channel, external_id in rows:
            print(f"{name}\t{role}\t{channel}:{external_id}")
        return 0
    finally:
        await db.dispose()


async def audit_show(settings: Settings, args: argparse.Namespace) -> int:
    """musharaka audit --since DATE: one JSON line per entry."""
    try:
        since = datetime.fromisoformat(args.since)
    except ValueError:
        return _fail(f"--since {args.since!r} is not a date like 2026-12-01 or 2026-12-01T10:00")
    if since.tzinfo is not None:
        since = since.astimezone(UTC).replace(tzinfo=None)
    db = await open_database(settings)
    try:
        async with db.transaction() as session:
            for entry in await entries_since(session, since):
                print(json.dumps({"at": entry.at.isoformat() + "Z", "actor": entry.actor, "action": entry.action,
                                  "organization_id": entry.organization_id, "details": entry.details},
                                 ensure_ascii=False))
        return 0
    finally:
        await db.dispose()


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register the org, staff and audit subcommands."""
    org = sub.add_parser("org", help="organisations").add_subparsers(dest="org_command", required=True)
    add = org.add_parser("add", help="create an organisation")
    add.add_argument("name")
    add.set_defaults(func=org_add)
    org.add_parser("list", help="list organisations").set_defaults(func=org_list)

    staff = sub.add_parser("staff", help="staff roles").add_subparsers(dest="staff_command", required=True)
    grant = staff.add_parser("add", help="give someone a role in an organisation")
    grant.add_argument("--org", required=True, help="organisation id or exact name")
    grant.add_argument("--channel", required=True, choices=CHANNELS)
    grant.add_argument("--user", required=True, help="their external id on that channel")
    grant.add_argument("--role", required=True, choices=ROLES)
    grant.set_defaults(func=staff_add)
    staff.add_parser("list", help="list staff").set_defaults(func=staff_list)

    audit = sub.add_parser("audit", help="print the audit log")
    audit.add_argument("--since", required=True, help="date or datetime (UTC), e.g. 2026-12-01")
    audit.set_defaults(func=audit_show)


EXTRA_COMMANDS.append(add_commands)
