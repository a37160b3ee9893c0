"""The coordinators' web page as an aiohttp app: at /dashboard in `musharaka run`, alone in `musharaka web`.

Every response carries the security headers: a Content-Security-Policy that allows only this
origin (no CDN, fonts or scripts from elsewhere; no inline scripts or styles), no framing, no
referrer (a sign-in link never leaks through one), and no caching of anything but the stylesheet
and script: every page shows personal data or figures about people.
"""

from __future__ import annotations

import logging
import os
from typing import Protocol

from aiohttp import web

from storage.db import Database
from web import admin, auth, pages, templating
from web.render import Speaker

log = logging.getLogger(__name__)
PREFIX = "/dashboard"
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class DashboardSettings(Protocol):
    """What the page reads from bot.settings.Settings."""

    dashboard_url: str | None


def _secure_base(settings: DashboardSettings | None) -> bool:
    # Mounted by bot.webserver without the settings object: the variable itself says it.
    url = (settings.dashboard_url if settings is not None else os.environ.get("DASHBOARD_URL")) or ""
    return url.strip().lower().startswith("https://")


@web.middleware
async def _headers(request: web.Request, handler: web.RequestHandler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as error:
        if error.status in (404, 405):
            response = templating.page(request, "message.html", Speaker("ar"), status=error.status,
                                       title_key="dash-not-found-title", body_key="dash-not-found-body")
        else:
            raise
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    static = request.path.startswith(f"{PREFIX}/static/")
    # The stylesheet and script may be cached; nothing else (every page is about people).
    response.headers["Cache-Control"] = "public, max-age=3600" if static else "no-store"
    if not static:
        response.headers["Pragma"] = "no-cache"
    return response


def dashboard_app(database: Database, settings: DashboardSettings | None = None) -> web.Application:
    """The /dashboard sub-application over `database`; cookies are Secure when DASHBOARD_URL is https."""
    app = web.Application(middlewares=[_headers], client_max_size=64 * 1024)
    app[auth.DATABASE] = database
    app[auth.SECURE_COOKIE] = _secure_base(settings)
    app[auth.LIMITER] = auth.BadLinkLimiter()
    templating.setup(app)
    router = app.router
    # No HEAD: a crawler checking the link must not spend it.
    router.add_get("/login/{token}", auth.login, name="login", allow_head=False)
    router.add_post("/logout", auth.logout, name="logout")
    router.add_get("/", pages.overview, name="overview")
    router.add_get("/events/{event_id}", pages.event, name="event")
    router.add_get("/events/{event_id}/figures.json", pages.event_json, name="event_json")
    router.add_get("/events/{event_id}/export/{exporter}.{fmt}", pages.export, name="export")
    router.add_get("/programme", pages.programme, name="programme")
    router.add_get("/programme.{fmt}", pages.programme_file, name="programme_file")
    router.add_get("/programme/donor-summary.{fmt}", pages.donor_file, name="donor_file")
    router.add_get("/admin", admin.admin_page, name="admin")
    router.add_post("/admin/staff/{contact_id}/remove", admin.remove_member, name="admin_remove")
    router.add_post("/admin/invite", admin.invite, name="admin_invite")
    router.add_static("/static", templating.STATIC, name="static")
    return app


def mount(app: web.Application, database: Database, settings: DashboardSettings | None = None) -> None:
    """Add the page under /dashboard to an existing server (the webhooks' one)."""
    app.add_subapp(PREFIX, dashboard_app(database, settings))


async def _to_dashboard(_: web.Request) -> web.StreamResponse:
    raise web.HTTPFound(f"{PREFIX}/")


def standalone_app(database: Database, settings: DashboardSettings | None = None) -> web.Application:
    """Only the page (`musharaka web`): /dashboard/… and / sending there."""
    app = web.Application()
    app.router.add_get("/", _to_dashboard)
    mount(app, database, settings)
    return app
