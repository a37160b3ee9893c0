"""Shared set-up of the web page tests: organisations, staff with roles, sign-in links, a client of the page."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from types import SimpleNamespace

from aiohttp.test_utils import TestClient, TestServer

from storage.db import Database
from storage.models import Contact
from storage.services.audit import SYSTEM
from storage.services.contacts import get_or_create_identity
from storage.services.dashboard_auth import create_link
from storage.services.staff import add_organization, grant_role
from web.app import standalone_app

LOGIN_PATH = "/dashboard/login/"


@dataclass(frozen=True, slots=True)
class Person:
    """A staff member of the tests: their contact id and console name."""

    contact_id: int
    name: str


async def organization(db: Database, name: str) -> int:
    """Create an organisation; returns its id."""
    async with db.transaction() as session:
        return (await add_organization(session, name, actor=SYSTEM)).id


async def staff(db: Database, name: str, organization_id: int, *roles: str, language: str = "ar") -> Person:
    """A console person holding `roles` in the organisation (consented, in `language`)."""
    async with db.transaction() as session:
        _, contact, _ = await get_or_create_identity(session, "console", name)
        contact.language = language
        for role in roles:
            await grant_role(session, organization_id, contact.id, role, actor=SYSTEM)
        return Person(contact.id, name)


async def set_language(db: Database, person: Person, language: str) -> None:
    """Change the person's language, as the bot's settings would."""
    async with db.transaction() as session:
        contact = await session.get(Contact, person.contact_id)
        assert contact is not None
        contact.language = language


async def link_token(db: Database, person: Person) -> str:
    """A fresh one-time sign-in token for the person."""
    async with db.transaction() as session:
        return await create_link(session, person.contact_id, actor=SYSTEM)


@asynccontextmanager
async def page_client(db: Database, dashboard_url: str | None = None) -> AsyncIterator[TestClient]:
    """A client of `musharaka web`'s application over the test database."""
    app = standalone_app(db, SimpleNamespace(dashboard_url=dashboard_url))
    async with TestClient(TestServer(app)) as client:
        yield client


async def sign_in(client: TestClient, db: Database, person: Person) -> None:
    """Open a fresh link as that person (the client keeps the cookie)."""
    response = await client.get(LOGIN_PATH + await link_token(db, person), allow_redirects=False)
    assert response.status == 303, await response.text()


async def csrf_of(client: TestClient, path: str = "/dashboard/") -> str:
    """The CSRF token the page puts in its forms."""
    html = await (await client.get(path)).text()
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)
