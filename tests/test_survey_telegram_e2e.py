"""A survey answered end to end on Telegram, across a restart of the bot, with a skipped question."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage.clock import utcnow
from storage.models import Registration, SurveyResponse
from storage.services.contacts import get_or_create_identity
from tests.fakes.fake_telegram import FakeTelegramServer
from tests.helpers import add_event
from tests.test_telegram_e2e import TOKEN, USER, TelegramDriver, start_telegram_bot


async def test_survey_on_telegram_survives_a_restart(tmp_path) -> None:
    async with FakeTelegramServer(TOKEN, max_poll_wait=0.2) as tg:
        running = await start_telegram_bot(tmp_path, tg, webhook=False)
        db = running.db
        # Someone who attended a seminar that ended three hours ago.
        event_id = await add_event(db, title="جلسة ختامية: حصد النتائج", starts_at=utcnow() - timedelta(hours=5),
                                   kind="closing")
        async with db.transaction() as session:
            _, contact, _ = await get_or_create_identity(session, "telegram", str(USER))
            contact.consent_at = utcnow()
            contact.governorate = "baghdad"
            session.add(Registration(event_id=event_id, contact_id=contact.id, status="confirmed",
                                     ticket_code="SURVEY01", confirmed_at=utcnow() - timedelta(days=2)))
        await running.stop()

        running = await start_telegram_bot_again(tmp_path, tg)
        person = TelegramDriver(tg, webhook=False)
        try:
            invitation = await tg.wait_for("sendMessage", timeout=10,
                                           predicate=lambda r: "شكراً لمشاركتك" in r.params.get("text", ""))
            assert "جلسة ختامية" in invitation[0].params["text"]
            await person.press("ابدأ الاستبيان")
            await person.expect("sendMessage", "كيف تقيّم")
            await person.press("٥")
            await person.expect("sendMessage", "الدروس المستفادة")
            await person.press("تخطي")
            await person.expect("sendMessage", "التحديات")
        finally:
            await running.stop()

        running = await start_telegram_bot_again(tmp_path, tg)
        try:
            await person.text("القائمة")
            await person.expect("sendMessage", "القائمة الرئيسية")
            await person.press("استبيان بانتظارك")
            await person.expect("sendMessage", "التحديات")
            await person.text("ضعف التنسيق بين المنظمات والسلطات المحلية")
            await person.expect("sendMessage", "مقترحاتك")
            await person.text("لقاءات شهرية في كل محافظة")
            await person.expect("sendMessage", "شكراً لك")
            async with running.db.transaction() as session:
                response = await session.scalar(select(SurveyResponse))
            assert response.answers == {"rating": 5, "challenges": "ضعف التنسيق بين المنظمات والسلطات المحلية",
                                        "plans": "لقاءات شهرية في كل محافظة"}
            invitations = [t for t in tg.sent_texts(USER) if "شكراً لمشاركتك" in t]
            assert len(invitations) == 1  # restarts did not invite twice
        finally:
            await running.stop()


async def start_telegram_bot_again(tmp_path, tg):  # type: ignore[no-untyped-def]
    """Start the bot on the existing database (no new event)."""
    from bot.runner import start_bot
    from bot.settings import Settings
    from tests.conftest import database_url

    return await start_bot(Settings(DATABASE_URL=database_url(tmp_path), TELEGRAM_BOT_TOKEN=TOKEN,
                                    TELEGRAM_API_BASE_URL=tg.base_url, MUSHARAKA_SECRET_KEY="e2e-secret"))
