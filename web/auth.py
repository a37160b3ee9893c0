"""Who is looking at the page, and what they may see: sign-in links, the session cookie, CSRF, rate limits.

The session cookie only names the person (storage.services.dashboard_auth); what they may see is
decided at every request from their roles in the database with the bot's own permission matrix
(handlers.permissions.PERMISSIONS): "export" (admins and coordinators) for figures and files,
"staff.manage" (admins) for the team and the audit log.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.permissions import PERMISSIONS
from storage.db import Database
from storage.services.dashboard_auth import (
    SESSION_TTL,
    Viewer,
    csrf_matches,
    end_session,
    redeem_link,
    viewer_for,
)
from web.render import Speaker
from web.templating import page

COOKIE = "musharaka_dashboard"
COOKIE_PATH = "/dashboard"
DATABASE = web.AppKey("dashboard_database", Database)
SECURE_COOKIE = web.AppKey("dashboard_secure_cookie", bool)
# Link previews fetch a URL before the person taps it; they must not spend the one-time link.
_PREVIEW_AGENTS = ("telegrambot", "whatsapp", "facebookexternalhit", "twitterbot", "slackbot", "discordbot")


class BadLinkLimiter:
    """At most `limit` wrong, used or expired links per client address in `window` seconds, then 429."""

    def __init__(self, limit: int = 10, window: float = 900.0) -> None:
        self.limit = limit
        self.window = window
        self._hits: dict[str, deque[float]] = {}

    def _recent(self, client: str) -> deque[float]:
        hits = self._hits.setdefault(client, deque())
        cutoff = time.monotonic() - self.window
        while hits and hits[0] < cutoff:
            hits.popleft()
        if not hits:
            # Forget quiet clients, so the table cannot grow without bound.
            self._hits.pop(client, None)
        return hits

    def blocked(self, client: str) -> bool:
        """Whether this client has used up its tries for now."""
        return len(self._recent(client)) >= self.limit

    def hit(self, client: str) -> None:
        """Count one bad link from this client."""
        self._recent(client)
        self._hits.setdefault(client, deque()).append(time.monotonic())


LIMITER = web.AppKey("dashboard_bad_links", BadLinkLimiter)


def organizations_with(viewer: Viewer, permission: str) -> list[int]:
    """The organisations where the viewer may do `permission`, by the bot's matrix."""
    return sorted(org for org, roles in viewer.roles.items()
                  if any(permission in PERMISSIONS.get(role, ()) for role in roles))


@dataclass(slots=True)
class Access:
    """One request of a signed-in viewer: who, the organisations they may see for it, the database session."""

    viewer: Viewer
    organization_ids: list[int]
    session: AsyncSession

    @property
    def say(self) -> Speaker:
        """The viewer's language."""
        return Speaker(self.viewer.language)


Handler = Callable[[web.Request, Access], Awaitable[web.StreamResponse]]


def _client(request: web.Request) -> str:
    return request.remote or "unknown"


def signed_out(request: web.Request, *, json: bool = False) -> web.StreamResponse:
    """401: no valid session (never had one, expired, signed out, or no longer staff)."""
    if json:
        return web.json_response({"error": "signed-out"}, status=401)
    response = page(request, "message.html", Speaker("ar"), status=401, title_key="dash-signed-out-title",
                    body_key="dash-signed-out-body")
    if COOKIE in request.cookies:
        response.del_cookie(COOKIE, path=COOKIE_PATH)
    return response


def requires(permission: str, *, write: bool = False, json: bool = False) -> Callable[[Handler], Callable]:
    """Wrap a page: a valid session, the permission in some organisation, and a CSRF token on POST.

    `write` opens a write transaction (downloads and admin actions are audited); pages read in a
    read-only one, which on SQLite never waits for the bot's writers.
    """

    def wrap(handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def checked(request: web.Request) -> web.StreamResponse:
            db = request.app[DATABASE]
            form = await request.post() if request.method == "POST" else None
            opener = db.transaction() if write or request.method == "POST" else db.reading()
            async with opener as session:
                viewer = await viewer_for(session, request.cookies.get(COOKIE))
                if viewer is None:
                    return signed_out(request, json=json)
                say = Speaker(viewer.language)
                if form is not None and not csrf_matches(viewer.csrf_token, _field(form, "csrf")):
                    return page(request, "message.html", say, status=403, title_key="dash-csrf-title",
                                body_key="dash-csrf-body", viewer=viewer)
                organization_ids = organizations_with(viewer, permission)
                if not organization_ids:
                    if json:
                        return web.json_response({"error": "forbidden"}, status=403)
                    return page(request, "message.html", say, status=403, title_key="dash-forbidden-title",
                                body_key="dash-forbidden-body", viewer=viewer)
                return await handler(request, Access(viewer, organization_ids, session))

        checked.__name__ = handler.__name__
        checked.__doc__ = handler.__doc__
        return checked

    return wrap


def _field(form: object, name: str) -> str | None:
    value = form.get(name) if hasattr(form, "get") else None  # type: ignore[union-attr]
    return value if isinstance(value, str) else None


async def login(request: web.Request) -> web.StreamResponse:
    """GET /dashboard/login/{token}: spend the link, set the session cookie, go to the overview."""
    limiter = request.app[LIMITER]
    client = _client(request)
    if limiter.blocked(client):
        return page(request, "message.html", Speaker("ar"), status=429, title_key="dash-too-many-title",
                    body_key="dash-too-many-body", headers={"Retry-After": str(int(limiter.window))})
    agent = request.headers.get("User-Agent", "").lower()
    if any(name in agent for name in _PREVIEW_AGENTS):
        return page(request, "message.html", Speaker("ar"), title_key="dash-preview-title",
                    body_key="dash-preview-body")
    token = request.match_info.get("token", "")[:200]
    async with request.app[DATABASE].transaction() as session:
        outcome = await redeem_link(session, token)
    if outcome.result != "ok":
        limiter.hit(client)
        say = Speaker(outcome.language or "ar")
        status = 404 if outcome.result == "unknown" else 410
        return page(request, "message.html", say, status=status, title_key=f"dash-link-{outcome.result}-title",
                    body_key="dash-link-new")
    response = web.Response(status=303, headers={"Location": str(request.app.router["overview"].url_for())})
    assert outcome.session_token is not None
    response.set_cookie(COOKIE, outcome.session_token, path=COOKIE_PATH, httponly=True, samesite="Lax",
                        secure=request.app[SECURE_COOKIE], max_age=int(SESSION_TTL.total_seconds()))
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    """POST /dashboard/logout (with the CSRF token): end the session and drop the cookie."""
    form = await request.post()
    token = request.cookies.get(COOKIE)
    async with request.app[DATABASE].transaction() as session:
        viewer = await viewer_for(session, token)
        if viewer is not None and not csrf_matches(viewer.csrf_token, _field(form, "csrf")):
            return page(request, "message.html", Speaker(viewer.language), status=403, title_key="dash-csrf-title",
                        body_key="dash-csrf-body", viewer=viewer)
        await end_session(session, token)
    say = Speaker(viewer.language if viewer else "ar")
    response = page(request, "message.html", say, title_key="dash-logged-out-title", body_key="dash-link-new")
    response.del_cookie(COOKIE, path=COOKIE_PATH)
    return response
