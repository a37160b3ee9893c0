"""Jinja2 (aiohttp-jinja2) set-up and the one function every page is rendered through."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web

from handlers.permissions import PERMISSIONS
from storage.services.dashboard_auth import Viewer
from web.render import Speaker

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"


def setup(app: web.Application) -> None:
    """Templates from web/templates, autoescaped (citizens' free text is shown here)."""
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                         undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _may(viewer: Viewer | None, permission: str) -> bool:
    if viewer is None:
        return False
    return any(permission in PERMISSIONS.get(role, ()) for roles in viewer.roles.values() for role in roles)


def page(request: web.Request, template: str, say: Speaker, *, status: int = 200, viewer: Viewer | None = None,
         headers: dict[str, str] | None = None, **context: Any) -> web.Response:
    """Render `template` in the viewer's language (lang and dir on <html>) with the navigation they may use."""
    context.setdefault("title_key", None)
    context.setdefault("body_key", None)
    context.update(
        say=say,
        viewer=viewer,
        csrf=viewer.csrf_token if viewer else "",
        may_export=_may(viewer, "export"),
        may_manage=_may(viewer, "staff.manage"),
        url=lambda name, **parts: str(request.app.router[name].url_for(**{k: str(v) for k, v in parts.items()})),
    )
    response = aiohttp_jinja2.render_template(template, request, context, status=status)
    if headers:
        response.headers.update(headers)
    return response
