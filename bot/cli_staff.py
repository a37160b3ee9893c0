"""Shell commands: `musharaka org add|list`, `musharaka staff add|remove|list`, `musharaka audit`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from sqlalchemy import select

from bot.cli import EXTRA_COMMANDS, open_database
from bot.settings import Settings
from storage.models import Organization
from storage.services.audit import cli_actor, entries_since
from storage.services.contacts import get_or_create_identity
from storage.services.staff import (
    StaffError,
    add_organization,
    contact_by_identity,
    find_organization,
    grant_role,
    has_admin,
    list_team,
    remove_role,
    roles_in,
)
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
            organization = await add_organization(session, args.name, actor=cli_actor())
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
            await grant_role(session, organization.id, contact.id, args.role, actor=cli_actor())
        print(f"{args.channel}:{args.user} is {args.role} of {organization.name}")
        return 0
    except StaffError as error:
        return _fail(str(error))
    finally:
        await db.dispose()


async def staff_remove(settings: Settings, args: argparse.Namespace) -> int:
    """musharaka staff remove --org ORG --channel CH --user ID [--role ROLE]: without --role, every role there."""
    if args.channel not in CHANNELS:
        return _fail(f"unknown channel {args.channel!r} (one of {', '.join(CHANNELS)})")
    if args.role is not None and args.role not in ROLES:
        return _fail(f"unknown role {args.role!r} (one of {', '.join(ROLES)})")
    person = f"{args.channel}:{args.user}"
    db = await open_database(settings)
    try:
        async with db.transaction() as session:
            organization = await find_organization(session, args.org)
            if organization is None:
                return _fail(f"no organisation {args.org!r} (see `musharaka org list`)")
            contact_id = await contact_by_identity(session, args.channel, args.user)
            held = await roles_in(session, organization.id, contact_id) if contact_id is not None else []
            if not held:
                return _fail(f"{person} has no role in {organization.name} (see `musharaka staff list`)")
            if args.role is not None and args.role not in held:
                return _fail(f"{person} is not {args.role} of {organization.name} (roles: {', '.join(held)})")
            assert contact_id is not None
            removed = await remove_role(session, organization.id, contact_id, args.role, actor=cli_actor())
            orphaned = not await has_admin(session, organization.id)
        print(f"{person} is no longer {' or '.join(removed)} of {organization.name}")
        if orphaned:
            sys.stderr.write(f"warning: {organization.name} has no admin now; give it one with "
                             "`musharaka staff add --role admin`\n")
        return 0
    except StaffError as error:
        return _fail(str(error))
    finally:
        await db.dispose()


async def staff_list(settings: Settings, args: argparse.Namespace) -> int:
    """musharaka staff list [--org ORG]: organisation, person, roles, last action (from the audit log)."""
    db = await open_database(settings)
    try:
        async with db.transaction() as session:
            if args.org is not None:
                organization = await find_organization(session, args.org)
                if organization is None:
                    return _fail(f"no organisation {args.org!r} (see `musharaka org list`)")
                organizations = [organization]
            else:
                organizations = list((await session.scalars(select(Organization).order_by(Organization.id))).all())
            lines = []
            for organization in organizations:
                for member in await list_team(session, organization.id):
                    person = ",".join(f"{channel}:{external_id}" for channel, external_id, _ in member.identities)
                    last = "-"
                    if member.last_action is not None:
                        last = f"{member.last_action.at:%Y-%m-%d %H:%M}Z {member.last_action.action}"
                    lines.append(f"{organization.name}\t{person or '-'}\t{','.join(member.roles)}\t{last}")
        if not lines:
            sys.stderr.write("no staff yet (`musharaka staff add` or an invite from an admin adds some)\n")
        for line in lines:
            print(line)
        return 0
    finally:
        await db.dispose()


async def audit_show(settings: Settings, args: argparse.Namespace) -> int:
    """musharaka audit [--since DATE] [--org ORG] [--action PREFIX]: one JSON line per entry."""
    since = datetime(1970, 1, 1)
    if args.since is not None:
        try:
            since = datetime.fromisoformat(args.since)
        except ValueError:
            return _fail(f"--since {args.since!r} is not a date like 2026-12-01 or 2026-12-01T10:00")
        if since.tzinfo is not None:
            since = since.astimezone(UTC).replace(tzinfo=None)
    db = await open_database(settings)
    try:
        async with db.transaction() as session:
            organization_id = None
            if args.org is not None:
                organization = await find_organization(session, args.org)
                if organization is None:
                    return _fail(f"no organisation {args.org!r} (see `musharaka org list`)")
                organization_id = organization.id
            entries = await entries_since(session, since, organization_id=organization_id,
                                          action_prefix=args.action)
            for entry in entries:
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
    drop = staff.add_parser("remove", help="take someone's role (or every role) in an organisation")
    drop.add_argument("--org", required=True, help="organisation id or exact name")
    drop.add_argument("--channel", required=True, help=f"one of {', '.join(CHANNELS)}")
    drop.add_argument("--user", required=True, help="their external id on that channel")
    drop.add_argument("--role", help=f"one of {', '.join(ROLES)}; without it, every role they hold there")
    drop.set_defaults(func=staff_remove)
    listing = staff.add_parser("list", help="list staff: organisation, person, roles, last action")
    listing.add_argument("--org", help="only this organisation (id or exact name)")
    listing.set_defaults(func=staff_list)

    audit = sub.add_parser("audit", help="print the audit log, one JSON line per entry")
    audit.add_argument("--since", help="date or datetime (UTC), e.g. 2026-12-01 (default: everything)")
    audit.add_argument("--org", help="only this organisation (id or exact name)")
    audit.add_argument("--action", metavar="PREFIX", help="only actions starting with PREFIX, e.g. staff or export")
    audit.set_defaults(func=audit_show)


EXTRA_COMMANDS.append(add_commands)
