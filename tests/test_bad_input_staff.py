"""The staff entry points against the awkward-input corpus: event creation fields and broadcast text.

A polite reply every time (never the generic error), and what is stored is what was typed —
titles and venues with their runs of white space folded to one line, descriptions trimmed at
the ends, announcements byte for byte.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from messages import catalog
from storage.models import Broadcast, Contact, Identity
from storage.services.staff import add_organization, grant_role
from tests.corpus import corpus
from tests.helpers import Person

CASES = corpus()
ERROR = catalog.text("error-generic")


async def organizer(core, external_id: str = "org1") -> Person:  # type: ignore[no-untyped-def]
    person = Person(core, external_id)
    await person.onboard("بغداد")
    async with core.db.transaction() as session:
        org = await add_organization(session, f"جمعية {external_id}")
        contact_id = await session.scalar(select(Identity.contact_id).where(Identity.external_id == external_id))
        await grant_role(session, org.id, contact_id, "organizer", actor="test")
    return person


async def state(core, person: Person) -> dict:  # type: ignore[no-untyped-def]
    async with core.db.transaction() as session:
        contact_id = await session.scalar(select(Identity.contact_id).where(Identity.external_id == person.external_id))
        return (await session.get(Contact, contact_id)).state


def polite(replies, caplog) -> None:  # type: ignore[no-untyped-def]
    assert replies and all(ERROR not in r.text for r in replies)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def open_new_event(person: Person) -> None:
    await person.text("القائمة")
    await person.choose("لوحة المنظمين")
    await person.choose("فعالية جديدة")


@pytest.mark.parametrize("name", list(CASES))
async def test_any_title_venue_and_description_is_stored_as_typed_or_refused_politely(core, clock, name, caplog):
    typed = CASES[name].replace("\x00", "")  # NUL is dropped on the way in (PostgreSQL cannot store it)
    person = await organizer(core)
    await open_new_event(person)
    polite(await person.text(CASES[name]), caplog)
    draft = (await state(core, person)).get("draft", {})
    if "title" in draft:
        assert draft["title"] == " ".join(typed.split())
    else:
        await person.text("ندوة حوارية عن المشاركة")
    await person.choose("ندوة حوارية")
    await person.choose("بغداد")
    polite(await person.text(typed), caplog)
    draft = (await state(core, person)).get("draft", {})
    if "venue" in draft:
        assert draft["venue"] == " ".join(typed.split())
    else:
        await person.text("قاعة الجمعية")
    await person.choose("بدون خريطة")
    await person.text("٢٠/١٢/٢٠٢٦ ١٠:٠٠")
    await person.choose("ساعتان")
    await person.text("٣٠")
    polite(await person.text(typed), caplog)
    draft = (await state(core, person)).get("draft", {})
    if "description" in draft:
        assert draft["description"] == typed.strip()
        assert "معاينة" in person.texts


@pytest.mark.parametrize("name", list(CASES))
async def test_any_announcement_text_is_kept_byte_for_byte_or_refused_politely(core, clock, name, caplog):
    typed = CASES[name].replace("\x00", "")  # NUL is dropped on the way in (PostgreSQL cannot store it)
    person = await organizer(core)
    await person.text("القائمة")
    await person.choose("لوحة المنظمين")
    await person.choose("إعلان جديد")
    polite(await person.text(CASES[name]), caplog)
    async with core.db.transaction() as session:
        stored = (await session.scalars(select(Broadcast.text))).all()
    assert stored in ([], [typed])
    if not typed.strip() or len(typed) > 900:
        assert stored == []
