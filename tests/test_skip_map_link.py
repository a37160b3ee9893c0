"""Typed «تخطي» at the optional map-link question skips it (issue 12, item 5).

The map link is the one optional question of creating an event: «تخطي» (or «تخطى», "skip")
typed there moves on to the date without a map, exactly like the «بدون خريطة» button, and is
never stored as the link. At a question that needs an answer it says so and asks again; while
editing, «تخطي» at the map link removes the link.
"""

from __future__ import annotations

import pytest

from handlers.core import BotCore
from messages import catalog
from tests.conftest import FakeClock
from tests.test_staff_events import create_until, only_event, organisation, staff_member, state_of


@pytest.mark.parametrize("word", ["تخطي", "تخطى", "skip"])
async def test_skip_typed_at_the_map_link_moves_on_without_a_map(core: BotCore, clock: FakeClock, word: str) -> None:
    hope = await organisation(core, "جمعية المثال الأولى")
    organizer = await staff_member(core, "960", (hope, "organizer"))
    await create_until(organizer, "map")
    assert "رابط الموقع على الخريطة" in organizer.texts
    await organizer.text(word)
    assert "متى تبدأ الفعالية؟" in organizer.texts
    state = await state_of(core, organizer)
    assert state["step"] == "starts" and state["draft"]["map_url"] is None


async def test_skip_typed_at_a_required_question_says_it_cannot_be_skipped(core: BotCore, clock: FakeClock) -> None:
    hope = await organisation(core, "جمعية المثال الأولى")
    organizer = await staff_member(core, "961", (hope, "organizer"))
    await create_until(organizer, "venue")
    await organizer.text("تخطي")
    assert catalog.text("pending-cannot-skip") in organizer.texts
    assert "أين تُقام بالضبط" in organizer.texts, "the same question again"
    assert (await state_of(core, organizer))["step"] == "venue"


async def test_skip_while_editing_the_map_link_removes_it(core: BotCore, clock: FakeClock) -> None:
    hope = await organisation(core, "جمعية المثال الأولى")
    organizer = await staff_member(core, "962", (hope, "organizer"))
    await create_until(organizer, "map")
    await organizer.text("https://maps.app.goo.gl/abc123")
    for answer in ("٧/١٢/٢٠٢٦ ١٠:٠٠", "٩٠", "٤٠", "وصف قصير للفعالية"):
        await organizer.text(answer)
    await organizer.choose("نشر")
    assert (await only_event(core)).map_url == "https://maps.app.goo.gl/abc123"
    await organizer.choose("إدارة هذه الفعالية")
    await organizer.choose("تعديل")
    await organizer.choose("رابط الخريطة")
    await organizer.text("تخطي")
    assert "تم حفظ التعديل" in organizer.texts
    assert (await only_event(core)).map_url is None
