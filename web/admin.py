"""The admin page: the organisation's team (roles, remove, invite) and its audit log with filters.

Only for organisations where the viewer holds "staff.manage" (admins), through the same staff
service as the bot's team screen: the last admin cannot be removed here either, and every
change is audited with the viewer as `staff:<id>`.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, time, timedelta

from aiohttp import web

from messages import catalog
from messages.formatting import BAGHDAD, to_baghdad, to_utc
from messages.normalize import parse_id
from storage.clock import utcnow
from storage.services.audit import entries_since
from storage.services.staff import (
    LastAdminError,
    TeamMember,
    create_invite,
    list_team,
    organization_names,
    pending_invites,
    remove_role,
)
from storage.vocab import ROLES
from web.auth import Access, requires
from web.pages import parse_day
from web.render import Speaker
from web.templating import page

# The audit log shows this many of the newest matching entries.
AUDIT_ROWS = 200
AUDIT_DEFAULT_DAYS = 30


def member_name(say: Speaker, member: TeamMember, viewer_id: int) -> str:
    """How the team list names a member: display name, else channel and id (a WhatsApp number masked)."""
    name = None
    for _, _, display_name in member.identities:
        cleaned = _clean(display_name or "")
        if cleaned:
            name = cleaned
            break
    if name is None:
        if not member.identities:
            name = say.t("team-name-unknown")
        else:
            channel, external_id, _ = member.identities[0]
            if channel == "whatsapp":
                # The WhatsApp id is the person's phone number: only its end is shown.
                name = say.t("team-name-whatsapp", last=_clean(external_id)[-4:])
            else:
                key = f"team-name-{channel}" if catalog.has_message(f"team-name-{channel}") else "team-name-other"
                name = say.t(key, id=_clean(external_id))
    return say.t("team-name-you", name=name) if member.contact_id == viewer_id else name


def _clean(text: str) -> str:
    kept = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc", "Co", "Cs", "Cn"))
    return " ".join(kept.split())[:60]


def _organization(access: Access, raw: str | None) -> int:
    """The organisation asked for, if the viewer administers it; else their first one."""
    chosen = parse_id(raw or "")
    return chosen if chosen in access.organization_ids else access.organization_ids[0]


async def _render(request: web.Request, access: Access, organization_id: int, *, status: int = 200,
                  notice_key: str | None = None, invite_code: str | None = None,
                  invite_role: str | None = None) -> web.StreamResponse:
    say = access.say
    query = request.query
    since_day = parse_day(query.get("since")) or (to_baghdad(utcnow()).date() - timedelta(days=AUDIT_DEFAULT_DAYS))
    since = to_utc(datetime.combine(since_day, time(), BAGHDAD)).replace(tzinfo=None)
    action = "".join(ch for ch in query.get("action", "") if ch.isascii() and (ch.isalnum() or ch in "._-"))[:40]
    actor = query.get("actor", "").strip()[:60]
    entries = await entries_since(access.session, since, organization_id=organization_id, action_prefix=action or None)
    if actor:
        entries = [entry for entry in entries if entry.actor == actor]
    entries = list(reversed(entries))[:AUDIT_ROWS]
    team = await list_team(access.session, organization_id)
    names = await organization_names(access.session, access.organization_ids)
    members = [(member, member_name(say, member, access.viewer.contact_id)) for member in team]
    actors = {f"staff:{member.contact_id}": name for member, name in members}
    return page(
        request, "admin.html", say, status=status, viewer=access.viewer, organization_id=organization_id,
        organizations=[(org, names.get(org, str(org))) for org in access.organization_ids],
        members=members, invites=await pending_invites(access.session, organization_id), roles=ROLES,
        entries=entries, actors=actors, since=since_day, action=action, actor=actor, notice_key=notice_key,
        invite_code=invite_code, invite_role=invite_role,
    )


@requires("staff.manage")
async def admin_page(request: web.Request, access: Access) -> web.StreamResponse:
    """GET /dashboard/admin?org=&since=&action=&actor=: team, pending invites, audit log."""
    notice = request.query.get("done")
    notice_key = f"dash-admin-{notice}" if notice in ("removed", "last-admin", "not-member", "not-confirmed") else None
    return await _render(request, access, _organization(access, request.query.get("org")), notice_key=notice_key)


def _back(request: web.Request, organization_id: int, done: str) -> web.StreamResponse:
    location = request.app.router["admin"].url_for().with_query(org=str(organization_id), done=done)
    # 303: the browser comes back with a GET, so reloading never posts twice.
    return web.Response(status=303, headers={"Location": str(location)})


@requires("staff.manage", write=True)
async def remove_member(request: web.Request, access: Access) -> web.StreamResponse:
    """POST /dashboard/admin/staff/{contact_id}/remove (org, csrf): take every role the person holds there."""
    form = await request.post()
    organization_id = parse_id(str(form.get("org", "")))
    contact_id = parse_id(request.match_info.get("contact_id", ""))
    if organization_id not in access.organization_ids or contact_id is None:
        return page(request, "message.html", access.say, status=403, viewer=access.viewer,
                    title_key="dash-forbidden-title", body_key="dash-forbidden-body")
    if form.get("confirm") != "yes":
        # The box next to the button is the yes/no question the bot asks before removing someone.
        return _back(request, organization_id, "not-confirmed")
    try:
        removed = await remove_role(access.session, organization_id, contact_id, actor=access.viewer.actor,
                                    actor_contact_id=access.viewer.contact_id, keep_an_admin=True)
    except LastAdminError:
        return _back(request, organization_id, "last-admin")
    return _back(request, organization_id, "removed" if removed else "not-member")


@requires("staff.manage", write=True)
async def invite(request: web.Request, access: Access) -> web.StreamResponse:
    """POST /dashboard/admin/invite (org, role, csrf): a one-time invite code, shown once on the page."""
    form = await request.post()
    organization_id = parse_id(str(form.get("org", "")))
    role = str(form.get("role", ""))
    if organization_id not in access.organization_ids or role not in ROLES:
        return page(request, "message.html", access.say, status=403, viewer=access.viewer,
                    title_key="dash-forbidden-title", body_key="dash-forbidden-body")
    created = await create_invite(access.session, organization_id, role, access.viewer.contact_id,
                                  actor=access.viewer.actor)
    return await _render(request, access, organization_id, invite_code=created.code,  # type: ignore[attr-defined]
                         invite_role=role)
