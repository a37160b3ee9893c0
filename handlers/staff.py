"""The organizers' panel ('organizers' panel'), invite codes and /join.

Feature modules add their panel entries to PANEL_ENTRIES; every action re-checks the
person's role for the organisation it touches. The team screen (members, roles, invites) is
handlers/staff_team.py; invites are created here.
"""

from __future__ import annotations

from collections.abc import Callable

from handlers.context import Ctx
from handlers.menu import MENU_EXTRAS, main_menu
from handlers.options import Decoded
from handlers.permissions import is_staff, may, organizations_with, staff_audit
from handlers.router import action, command, prefix
from handlers.types import Option, Outbound
from storage.services import staff as staff_service
from storage.services.staff import create_invite, redeem_invite
from storage.vocab import ROLES

# (permission, fn(ctx) -> options) shown in the panel to people who hold that permission somewhere.
PANEL_ENTRIES: list[tuple[str, Callable[[Ctx], list[Option]]]] = []


def _panel_menu_entry(ctx: Ctx) -> list[Option]:
    return [ctx.opt("menu-staff-panel", "op")] if is_staff(ctx) else []


MENU_EXTRAS.append(_panel_menu_entry)


def refuse(ctx: Ctx) -> list[Outbound]:
    """The polite refusal for a staff action the person may not do."""
    return [ctx.reply("staff-not-allowed"), main_menu(ctx)]


@action("op")
async def panel(ctx: Ctx, _: Decoded | None = None) -> list[Outbound]:
    """The organizers' panel with the entries this person's roles allow."""
    if not is_staff(ctx):
        return refuse(ctx)
    options: list[Option] = []
    for permission, entry in PANEL_ENTRIES:
        if organizations_with(ctx, permission):
            options.extend(entry(ctx))
    options.append(ctx.opt("back-to-menu", "mm"))
    names = await organization_names(ctx, sorted(ctx.staff_roles))
    separator = ctx.t("list-separator")
    roles = separator.join(
        f"{names.get(org, '')}: " + separator.join(ctx.t(f"role-{r}") for r in sorted(ctx.staff_roles[org]))
        for org in sorted(ctx.staff_roles)
    ) or ctx.t("none")
    return [ctx.reply("staff-panel", options, replace=True, roles=roles)]


async def organization_names(ctx: Ctx, ids: list[int]) -> dict[int, str]:
    """Names of organisations by id."""
    return await staff_service.organization_names(ctx.session, ids)


async def choose_organization(ctx: Ctx, permission: str, action_name: str, *args: str | int) -> list[Outbound] | int:
    """The organisation to act for: the only one, or a question listing them (returned as replies)."""
    organizations = organizations_with(ctx, permission)
    if not organizations:
        return refuse(ctx)
    if len(organizations) == 1:
        return organizations[0]
    names = await organization_names(ctx, organizations)
    options = [ctx.option(names.get(org, str(org)), action_name, *args, org) for org in organizations]
    return [ctx.reply("staff-choose-organization", options)]


async def organization_for(ctx: Ctx, decoded: Decoded, permission: str, action_name: str) -> int | list[Outbound]:
    """The organisation a staff action is for: its first argument, or asked when the person has
    several; returns replies instead (the question, or a refusal) when it cannot go on."""
    organization_id = decoded.int_arg(0)
    if organization_id is None:
        chosen = await choose_organization(ctx, permission, action_name)
        if isinstance(chosen, list):
            return chosen
        organization_id = chosen
    if not may(ctx, organization_id, permission):
        return refuse(ctx)
    return organization_id


@action("iv")
async def invite_start(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Admin: pick the organisation (if several), then the role to invite for."""
    organization_id = await organization_for(ctx, decoded, "staff.invite", "iv")
    if isinstance(organization_id, list):
        return organization_id
    options = [ctx.opt(f"role-{role}", "iR", organization_id, role) for role in ROLES]
    options.append(ctx.opt("team-back", "Tm", organization_id, 0))
    return [ctx.reply("staff-invite-role", options)]


@action("iR")
async def invite_create(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Admin: create a one-time code for the chosen role."""
    organization_id = decoded.int_arg(0)
    role = decoded.args[1] if len(decoded.args) > 1 else ""
    if role not in ROLES or not may(ctx, organization_id, "staff.invite"):
        return refuse(ctx)
    assert organization_id is not None
    invite = await create_invite(ctx.session, organization_id, role, ctx.contact.id, actor=staff_audit(ctx)["actor"])
    organization = await staff_service.get_organization(ctx.session, organization_id)
    options = [ctx.opt("team-entry", "Tm", organization_id), ctx.opt("menu-staff-panel", "op")]
    return [ctx.reply("staff-invite-created", options, code=invite.code,
                      role=ctx.t(f"role-{role}"), organization=organization.name if organization else "")]


@command("join")
async def join_command(ctx: Ctx, payload: str) -> list[Outbound]:
    """/join CODE: take the role an invite code grants."""
    return await _join(ctx, payload)


@prefix("kw-join")
async def join_word(ctx: Ctx, rest: str) -> list[Outbound]:
    """'join CODE' (in Arabic)."""
    return await _join(ctx, rest)


async def _join(ctx: Ctx, code: str) -> list[Outbound]:
    if not code.strip():
        return [ctx.reply("join-usage")]
    outcome = await redeem_invite(ctx.session, code.strip()[:64], ctx.contact)
    if outcome.result != "joined":
        return [ctx.reply(f"join-{outcome.result}")]
    ctx.staff_roles.setdefault(outcome.organization.id, set()).add(outcome.role)  # type: ignore[union-attr]
    return [ctx.reply("join-done", organization=outcome.organization.name,  # type: ignore[union-attr]
                      role=ctx.t(f"role-{outcome.role}")), main_menu(ctx)]
