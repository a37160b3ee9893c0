"""The outbox on WhatsApp end to end: a survey answered, and an announcement inside and outside
the 24-hour window — `musharaka run` with a signed webhook in and the fake Graph API out."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage.clock import utcnow
from storage.models import Delivery, Registration, SurveyResponse
from storage.services import audiences, broadcasts
from storage.services.contacts import get_or_create_identity
from storage.services.staff import add_organization
from tests.fakes.fake_whatsapp import FakeWhatsAppServer
from tests.helpers import add_event
from tests.test_whatsapp_e2e import WhatsAppPerson, start_whatsapp_bot, visible

PERSON = "9647801112233"


async def test_a_survey_is_answered_on_whatsapp(tmp_path) -> None:
    async with FakeWhatsAppServer() as wa:
        running, url = await start_whatsapp_bot(tmp_path, wa)
        try:
            event_id = await add_event(running.db, title="طاولة حوارية في النجف", kind="roundtable",
                                       starts_at=utcnow() - timedelta(hours=5), governorate="najaf")
            async with running.db.transaction() as session:
                _, contact, _ = await get_or_create_identity(session, "whatsapp", PERSON)
                contact.consent_at = utcnow()
                contact.governorate = "najaf"
                session.add(Registration(event_id=event_id, contact_id=contact.id, status="confirmed",
                                         ticket_code="WASURVEY", confirmed_at=utcnow() - timedelta(days=3)))
            from scheduler.jobs import run_tick

            await run_tick(running.db)
            person = WhatsAppPerson(wa, url, PERSON)
            await person.expect("شكراً لمشاركتك", timeout=15)
            await person.press("ابدأ الاستبيان")
            await person.expect("كيف تقيّم")
            await person.press("٤")
            await person.expect("الدروس المستفادة")
            await person.press("تخطي")
            await person.expect("التحديات")
            await person.say("صعوبة الوصول إلى القاعة")
            await person.expect("مقترحاتك")
            await person.say("جلسات في الأقضية")
            await person.expect("شكراً لك")
            async with running.db.transaction() as session:
                response = await session.scalar(select(SurveyResponse))
            assert response.answers == {"rating": 4, "challenges": "صعوبة الوصول إلى القاعة",
                                        "plans": "جلسات في الأقضية"}
        finally:
            await running.stop()
        assert not [r for r in wa.requests if r.path.endswith("/messages") and r.status != 200]


async def _announce(db, text: str, wa_ids: dict[str, float]) -> int:  # type: ignore[no-untyped-def]
    """An announcement to people in Baghdad, each last seen `hours` ago on WhatsApp."""
    async with db.transaction() as session:
        org = await add_organization(session, "شبكة شباب بغداد")
        for wa_id, hours in wa_ids.items():
            identity, contact, _ = await get_or_create_identity(session, "whatsapp", wa_id)
            contact.consent_at = utcnow()
            contact.governorate = "baghdad"
            identity.last_inbound_at = utcnow() - timedelta(hours=hours)
            await audiences.follow(session, contact.id, org.id)  # an organisation reaches its followers
        draft = await broadcasts.create_draft(session, org.id, contact.id, text)
        broadcasts.toggle_segment(draft, "g-baghdad")
        await broadcasts.start_sending(session, draft, actor="test", actor_contact_id=None)
        return draft.id


async def test_an_announcement_uses_the_template_outside_the_window(tmp_path) -> None:
    async with FakeWhatsAppServer() as wa:
        running, _ = await start_whatsapp_bot(tmp_path, wa, WHATSAPP_TEMPLATE_ANNOUNCEMENT="musharaka_announcement")
        try:
            await _announce(running.db, "ندوة جديدة عن المشاركة السياسية للشباب يوم السبت",
                            {"9647700000001": 1, "9647700000002": 25})
            await wa.wait_for_messages(2, timeout=15)
        finally:
            await running.stop()
        inside = [m.body for m in wa.sent_messages("9647700000001")]
        outside = [m.body for m in wa.sent_messages("9647700000002")]
        assert "ندوة جديدة" in visible(inside[0])
        assert outside[0]["type"] == "template" and outside[0]["template"]["name"] == "musharaka_announcement"


async def test_without_a_template_the_announcement_is_recorded_needs_template(tmp_path) -> None:
    async with FakeWhatsAppServer() as wa:
        running, _ = await start_whatsapp_bot(tmp_path, wa)
        try:
            await _announce(running.db, "إعلان", {"9647700000003": 30})
            for _ in range(100):
                async with running.db.transaction() as session:
                    states = (await session.scalars(select(Delivery.state))).all()
                if states and "pending" not in states and "sending" not in states:
                    break
                import asyncio

                await asyncio.sleep(0.1)
        finally:
            await running.stop()
        assert states == ["needs_template"]
        assert wa.sent_messages("9647700000003") == []
