"""Secrets generated once per deployment and kept in the database."""

from __future__ import annotations

import secrets

from sqlalchemy.exc import IntegrityError

from storage.db import Database
from storage.models import AppSecret


async def get_or_create_secret(db: Database, name: str) -> str:
    """Return the named secret, creating a random one on first use (safe with several workers).

    It opens its own transactions: call it at start-up, never from inside another transaction
    (on SQLite that would wait for the caller's write lock until the busy timeout).
    """
    async with db.transaction() as session:
        existing = await session.get(AppSecret, name)
        if existing is not None:
            return existing.value
    try:
        async with db.transaction() as session:
            session.add(AppSecret(name=name, value=secrets.token_urlsafe(32)))
    except IntegrityError:
        pass
    async with db.transaction() as session:
        stored = await session.get(AppSecret, name)
        assert stored is not None
        return stored.value
