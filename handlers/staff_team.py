"""The organisation's team, for admins: members, role changes, removal, invites.

Every action reads the organisation from its option id and asks `may(org, "staff.manage")` again
(roles are reloaded for every message), so an old button of someone no longer admin does nothing.
Actions:
  Tm.<org>.<page>             the team, paged
  Tp.<org>.<contact>          one member: roles, since when, last action; change role / remove
  Tr.<org>.<contact>          the roles to choose from
  TR.<org>.<contact>.<role>   make that the member's only role
  Tx.<org>.<contact>          "remove X from the team?" yes / no
  TX.<org>.<contact>          remove (every role in this organisation)
  Ti.<org>                    pending invites (role and expiry, never the code), each with revoke
  Tv.<org>.<invite>           revoke that invite
The last admin can neither be removed nor demoted here, so an organisation always keeps one.
"""

from __future__ import annotations

import unicodedata

from handlers.context import Ctx
from handlers.options import Decoded
from handlers.permissions import may, staff_audit
from handlers.router import action
from handlers.staff import PANEL_ENTRIES, organization_for, organization_names, refuse
from handlers.types import Option, Outbound
from handlers.views import LABEL_LIMIT, short_date, when
from messages import catalog
from messages.textsplit import shorten_label
from storage.services import staff as service
from storage.vocab import ROLES

PERMISSION = "staff.manage"
# Five members, pending invites, a new invite, next, previous and the panel: ten options (a WhatsApp list).
PAGE_SIZE = 5
NAME_LIMIT = 40


def _panel_entry(ctx: Ctx) -> list[Option]:
    return [ctx.opt("team-entry", "Tm")]


PANEL_ENTRIES.append((PERMISSION, _panel_entry))


def _clean(text: str) -> str:
    """A name as typed by its owner, safe to show: no control or direction characters, one line."""
    kept = "".join(" " if unicodedata.category(ch) in ("Zl", "Zp", "Cc") else ch
                   for ch in text if unicodedata.category(ch) not in ("Cf", "Co", "Cs", "Cn"))
    return shorten_label(" ".join(kept.split()), NAME_LIMIT)


def member_name(ctx: Ctx, member: service.TeamMember) -> str:
    """How a member is named: their display name, else their channel and id (a WhatsApp number masked)."""
    for _, _, display_name in member.identities:
        if display_name and _clean(display_name):
            name = _clean(display_name)
            break
    else:
        if not member.identities:
            name = ctx.t("team-name-unknown")
        else:
            channel, external_id, _ = member.identities[0]
            if channel == "whatsapp":
                # The WhatsApp id is the person's phone number: only its end is shown.
                name = ctx.t("team-name-whatsapp", last=_clean(external_id)[-4:])
            else:
                key = f"team-name-{channel}" if catalog.has_message(f"team-name-{channel}") else "team-name-other"
                name = ctx.t(key, id=_clean(external_id))
    if member.contact_id == ctx.contact.id:
        name = ctx.t("team-name-you", name=name)
    return name


def _roles(ctx: Ctx, roles: list[str]) -> str:
    return ctx.t("list-separator").join(ctx.t(f"role-{role}") for role in roles)


def _last_action(ctx: Ctx, member: service.TeamMember) -> str:
    entry = member.last_action
    if entry is None:
        return ctx.t("team-no-activity")
    kind = entry.action.partition(".")[0]
    key = f"team-activity-{kind}" if catalog.has_message(f"team-activity-{kind}") else "team-activity-other"
    return ctx.t("team-last-action", activity=ctx.t(key), when=when(ctx, entry.at))


async def _organization(ctx: Ctx, decoded: Decoded) -> int | list[Outbound]:
    return await organization_for(ctx, decoded, PERMISSION, "Tm")


async def _member(ctx: Ctx, decoded: Decoded) -> tuple[int, service.TeamMember] | list[Outbound]:
    """The organisation and member an option points at, if this person manages that team now."""
    organization_id, contact_id = decoded.int_arg(0), decoded.int_arg(1)
    if not may(ctx, organization_id, PERMISSION):
        return refuse(ctx)
    assert organization_id is not None
    member = next((m for m in await service.list_team(ctx.session, organization_id) if m.contact_id == contact_id),
                  None)
    if member is None:
        return [ctx.reply("team-member-gone"), *await _team(ctx, organization_id, 0)]
    return organization_id, member


@action("Tm")
async def team(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """The team of the organisation (asked first when the admin has several)."""
    organization_id = await _organization(ctx, decoded)
    if isinstance(organization_id, list):
        return organization_id
    return await _team(ctx, organization_id, decoded.int_arg(1) or 0)


async def _team(ctx: Ctx, organization_id: int, page: int) -> list[Outbound]:
    members = await service.list_team(ctx.session, organization_id)
    pages = max(1, -(-len(members) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = members[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    lines = [ctx.t("team-line", index=page * PAGE_SIZE + n, name=member_name(ctx, m), roles=_roles(ctx, m.roles))
             for n, m in enumerate(shown, start=1)]
    options = [ctx.option(shorten_label(ctx.t("team-member-option", name=member_name(ctx, m),
                                              roles=_roles(ctx, m.roles)), LABEL_LIMIT),
                          "Tp", organization_id, m.contact_id) for m in shown]
    invites = await service.pending_invites(ctx.session, organization_id)
    options.append(ctx.opt("team-invites", "Ti", organization_id, count=len(invites)))
    options.append(ctx.opt("team-new-invite", "iv", organization_id))
    if page + 1 < pages:
        options.append(ctx.opt("team-next", "Tm", organization_id, page + 1))
    if page > 0:
        options.append(ctx.opt("team-prev", "Tm", organization_id, page - 1))
    options.append(ctx.opt("menu-staff-panel", "op"))
    names = await organization_names(ctx, [organization_id])
    text = ctx.t("team-header", organization=names.get(organization_id, ""), count=len(members),
                 page=page + 1, pages=pages, lines="\n".join(lines))
    return [Outbound(text, options, replace=True)]


@action("Tp")
async def member(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """One member: roles, since when, last action, and what the admin can do."""
    found = await _member(ctx, decoded)
    if isinstance(found, list):
        return found
    organization_id, chosen = found
    return [_member_card(ctx, organization_id, chosen)]


def _member_card(ctx: Ctx, organization_id: int, chosen: service.TeamMember, note: str | None = None) -> Outbound:
    c = chosen.contact_id
    options = [ctx.opt("team-change-role", "Tr", organization_id, c), ctx.opt("team-remove", "Tx", organization_id, c),
               ctx.opt("team-back", "Tm", organization_id, 0)]
    text = ctx.t("team-member", name=member_name(ctx, chosen), roles=_roles(ctx, chosen.roles),
                 since=short_date(chosen.since, ctx.locale), last=_last_action(ctx, chosen))
    return Outbound(f"{note}\n\n{text}" if note else text, options, replace=True)


@action("Tr")
async def choose_role(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """The roles the member can be given (their only role from then on)."""
    found = await _member(ctx, decoded)
    if isinstance(found, list):
        return found
    organization_id, chosen = found
    options = [ctx.opt(f"role-{role}", "TR", organization_id, chosen.contact_id, role) for role in ROLES]
    options.append(ctx.opt("team-back-member", "Tp", organization_id, chosen.contact_id))
    return [ctx.reply("team-choose-role", options, name=member_name(ctx, chosen), roles=_roles(ctx, chosen.roles))]


@action("TR")
async def set_role(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Make the chosen role the member's only role in the organisation (audited)."""
    role = decoded.args[2] if len(decoded.args) > 2 else ""
    found = await _member(ctx, decoded)
    if isinstance(found, list):
        return found
    if role not in ROLES:
        return refuse(ctx)
    organization_id, chosen = found
    try:
        changed = await service.change_role(ctx.session, organization_id, chosen.contact_id, role,
                                            keep_an_admin=True, **staff_audit(ctx))
    except service.LastAdminError:
        return [_member_card(ctx, organization_id, chosen, ctx.t("team-last-admin"))]
    note = ctx.t("team-role-changed" if changed else "team-role-unchanged", name=member_name(ctx, chosen),
                 role=ctx.t(f"role-{role}"))
    chosen.roles = [role]
    if chosen.contact_id == ctx.contact.id:
        ctx.staff_roles[organization_id] = {role}
    if not may(ctx, organization_id, PERMISSION):
        # An admin who made themselves organizer no longer manages the team.
        return [Outbound(note), *refuse(ctx)[1:]]
    return [_member_card(ctx, organization_id, chosen, note)]


@action("Tx")
async def remove_ask(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Ask before removing someone from the team."""
    found = await _member(ctx, decoded)
    if isinstance(found, list):
        return found
    organization_id, chosen = found
    names = await organization_names(ctx, [organization_id])
    options = [ctx.opt("team-remove-yes", "TX", organization_id, chosen.contact_id),
               ctx.opt("team-remove-no", "Tp", organization_id, chosen.contact_id)]
    return [ctx.reply("team-remove-confirm", options, name=member_name(ctx, chosen), roles=_roles(ctx, chosen.roles),
                      organization=names.get(organization_id, ""))]


@action("TX")
async def remove(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Remove every role of the member in this organisation (audited); their next tap does nothing."""
    found = await _member(ctx, decoded)
    if isinstance(found, list):
        return found
    organization_id, chosen = found
    try:
        await service.remove_role(ctx.session, organization_id, chosen.contact_id, keep_an_admin=True,
                                  **staff_audit(ctx))
    except service.LastAdminError:
        return [_member_card(ctx, organization_id, chosen, ctx.t("team-last-admin"))]
    done = ctx.reply("team-removed", name=member_name(ctx, chosen))
    if chosen.contact_id == ctx.contact.id:
        ctx.staff_roles.pop(organization_id, None)
        return [done, *refuse(ctx)[1:]]
    return [done, *await _team(ctx, organization_id, 0)]


@action("Ti")
async def invites(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Pending invites: role and expiry (the code is never shown again), each with revoke."""
    organization_id = decoded.int_arg(0)
    if not may(ctx, organization_id, PERMISSION):
        return refuse(ctx)
    assert organization_id is not None
    return _invites(ctx, organization_id, await service.pending_invites(ctx.session, organization_id))


def _invites(ctx: Ctx, organization_id: int, pending: list, note: str | None = None) -> list[Outbound]:
    lines = [ctx.t("team-invite-line", index=n, role=ctx.t(f"role-{i.role}"), expires=when(ctx, i.expires_at))
             for n, i in enumerate(pending, start=1)]
    options = [ctx.option(shorten_label(ctx.t("team-revoke-option", index=n, role=ctx.t(f"role-{i.role}"),
                                              expires=short_date(i.expires_at, ctx.locale)), LABEL_LIMIT),
                          "Tv", organization_id, i.id) for n, i in enumerate(pending, start=1)]
    options += [ctx.opt("team-new-invite", "iv", organization_id), ctx.opt("team-back", "Tm", organization_id, 0)]
    text = ctx.t("team-invites-header", count=len(pending), lines="\n".join(lines))
    return [Outbound(f"{note}\n\n{text}" if note else text, options, replace=True)]


@action("Tv")
async def revoke(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Revoke a pending invite (audited): its code no longer works."""
    organization_id, invite_id = decoded.int_arg(0), decoded.int_arg(1)
    if not may(ctx, organization_id, PERMISSION) or invite_id is None:
        return refuse(ctx)
    assert organization_id is not None
    done = await service.revoke_invite(ctx.session, organization_id, invite_id, **staff_audit(ctx))
    pending = await service.pending_invites(ctx.session, organization_id)
    return _invites(ctx, organization_id, pending, ctx.t("team-invite-revoked" if done else "team-invite-gone"))
