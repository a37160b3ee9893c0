"""The "data dashboard" entry of the organizers' panel: a one-time sign-in link to the coordinators' web page.

For people with the "export" permission somewhere (admins and data coordinators), the same people
who may download files in the bot. The link is bound to this person, works once within 15
minutes, and is stored only as a hash (storage/services/dashboard_auth.py); what the page shows
is decided by their roles at every click, so the link itself grants nothing lasting.
"""

from __future__ import annotations

from handlers.context import Ctx
from handlers.menu import main_menu
from handlers.options import Decoded
from handlers.permissions import organizations_with, staff_audit
from handlers.router import action
from handlers.staff import PANEL_ENTRIES
from handlers.types import Option, Outbound
from storage.services.dashboard_auth import create_link, login_url

PERMISSION = "export"


def _panel_entry(ctx: Ctx) -> list[Option]:
    return [ctx.opt("dash-panel-entry", "wD")]


PANEL_ENTRIES.append((PERMISSION, _panel_entry))


@action("wD")
async def send_link(ctx: Ctx, _: Decoded | None = None) -> list[Outbound]:
    """Make a fresh link for this person and send it (checked again here: an old button proves nothing)."""
    if not organizations_with(ctx, PERMISSION):
        return [ctx.reply("dash-link-refused"), main_menu(ctx)]
    token = await create_link(ctx.session, ctx.contact.id, actor=staff_audit(ctx)["actor"])
    base = getattr(ctx.core.config, "dashboard_url", None)
    options = [ctx.opt("menu-staff-panel", "op"), ctx.opt("back-to-menu", "mm")]
    return [ctx.reply("dash-link-sent", options, url=login_url(base, token))]
