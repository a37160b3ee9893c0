"""After «delete my data» the audit log keeps a pseudonym (`deleted-person-<id>`), never the identity.

Rows that named the person — as actor (`staff:<id>`, `contact:<id>`, an older `whatsapp:9647…`),
by contact id in the details, by phone number or channel id — are rewritten in the deletion's
own transaction; rows about other people, and numbers that are not contact ids, stay as they were.
"""

from __future__ import annotations

import pytest

from handlers.core import BotCore
from storage.models import AuditLog, Contact
from storage.services.audit import ACTOR_PATTERN
from storage.services.contacts import delete_contact
from storage.services.staff import add_organization, create_invite
from tests.conftest import FakeClock
from tests.helpers import Person
from tests.test_least_data import WA_ID, audit_rows, person_rows


async def test_after_delete_my_data_the_audit_log_names_a_pseudonym(core: BotCore, clock: FakeClock) -> None:
    async with core.db.transaction() as session:
        organization = await add_organization(session, "جمعية المثال الأولى")
        invite = await create_invite(session, organization.id, "organizer", None, actor="cli:operator")
    person = Person(core, WA_ID, "whatsapp")
    await person.onboard()
    await person.command("join", invite.code)
    other = Person(core, "other")
    await other.onboard()
    me = (await person_rows(core.db, "whatsapp", WA_ID))[0]
    them = (await person_rows(core.db, "console", "other"))[0]
    assert me is not None and them is not None and me.phone_e164 == f"+{WA_ID}"
    async with core.db.transaction() as session:
        # Rows written the older ways (a channel id as actor, numbers in the details) and one about someone else.
        session.add_all([
            AuditLog(actor=f"whatsapp:{WA_ID}", actor_contact_id=me.id, action="export",
                     organization_id=organization.id, details={"phone": f"+{WA_ID}", "note": "sent to 0770 123 4567"}),
            AuditLog(actor="cli:operator", action="staff.remove", organization_id=organization.id,
                     details={"contact_ids": [me.id, them.id], "contact_id": me.id, "event_id": me.id}),
            AuditLog(actor=f"staff:{them.id}", actor_contact_id=them.id, action="checkin",
                     details={"contact_id": them.id, "registration_id": me.id, "phone": "+9647709999999"}),
        ])
    unrelated_before = [(r.actor, r.details) for r in await audit_rows(core.db) if r.action == "checkin"]

    await person.text("حذف بياناتي")
    await person.choose("نعم")

    name = f"deleted-person-{me.id}"
    rows = await audit_rows(core.db)
    logged = "\n".join(f"{r.actor} {r.actor_contact_id} {r.details}" for r in rows)
    for trace in (WA_ID, "7701234567", "770 123 4567", f"contact:{me.id}", f"staff:{me.id}"):
        assert trace not in logged
    by_action = {r.action: r for r in rows}
    assert by_action["staff.grant"].actor == name and by_action["staff.grant"].details["contact_id"] == name
    assert by_action["export"].actor == name
    assert by_action["export"].details == {"phone": name, "note": f"sent to {name}"}
    assert by_action["staff.remove"].details == {"contact_ids": [name, them.id], "contact_id": name,
                                                 "event_id": me.id}, "only contact ids are rewritten"
    assert [(r.actor, r.details) for r in rows if r.action == "checkin"] == unrelated_before
    assert (by_action["contact.delete"].actor, by_action["contact.delete"].details) == (
        name, {"registrations_cancelled": 0, "had_consented": True})
    assert all(ACTOR_PATTERN.match(r.actor) for r in rows if not r.actor.startswith("whatsapp:"))


async def test_a_deletion_that_fails_leaves_the_audit_log_as_it_was(core: BotCore, clock: FakeClock) -> None:
    person = Person(core, WA_ID, "whatsapp")
    await person.onboard()
    me = (await person_rows(core.db, "whatsapp", WA_ID))[0]
    assert me is not None
    async with core.db.transaction() as session:
        session.add(AuditLog(actor=f"contact:{me.id}", actor_contact_id=me.id, action="invite.use", details={}))

    with pytest.raises(RuntimeError):
        async with core.db.transaction() as session:
            contact = await session.get(Contact, me.id)
            assert contact is not None
            await delete_contact(session, contact)
            raise RuntimeError("the disk is full")

    assert [r.actor for r in await audit_rows(core.db)] == [f"contact:{me.id}"]
    assert (await person_rows(core.db, "whatsapp", WA_ID))[0] is not None
