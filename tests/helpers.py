"""Small helpers for driving the bot in tests: a person who talks and presses options by label."""

from __future__ import annotations

import re
from datetime import datetime

from handlers.core import BotCore
from handlers.types import Inbound, InboundKind, Outbound
from storage.models import Event

# Bidi marks and isolates (LRM, RLM, ALM, LRE…RLO, LRI…PDI): the catalog puts them around Latin
# runs in Arabic text (messages/bidi.py). They are invisible, so assertions about what a person
# reads compare plain(text); tests/test_bidi.py checks where the marks themselves go.
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """`text` as the person reads it: without the invisible bidi marks and isolates."""
    return _BIDI_CONTROLS.sub("", text)


class Person:
    """A citizen talking to the core directly (no adapter), pressing options by their label."""

    def __init__(self, core: BotCore, external_id: str = "1", channel: str = "console") -> None:
        self.core = core
        self.channel = channel
        self.external_id = external_id
        self.replies: list[Outbound] = []

    async def send(self, inbound: Inbound) -> list[Outbound]:
        """Send any inbound and keep the replies."""
        self.replies = await self.core.handle(inbound)
        return self.replies

    async def command(self, name: str, payload: str | None = None) -> list[Outbound]:
        """Type /name [payload]."""
        return await self.send(Inbound(self.channel, self.external_id, InboundKind.COMMAND, text=f"/{name}",
                                       command=name, payload=payload))

    async def text(self, text: str) -> list[Outbound]:
        """Type free text."""
        return await self.send(Inbound(self.channel, self.external_id, InboundKind.TEXT, text=text))

    async def choose_id(self, option_id: str) -> list[Outbound]:
        """Press an option by its raw id (also forged ones)."""
        return await self.send(Inbound(self.channel, self.external_id, InboundKind.CHOICE, choice=option_id))

    def option_id(self, label_part: str) -> str:
        """The id of the last offered option whose label contains `label_part`."""
        for reply in self.replies:
            for option in reply.options:
                if label_part in option.label:
                    return option.id
        labels = [o.label for r in self.replies for o in r.options]
        raise AssertionError(f"no option with {label_part!r} among {labels}")

    async def choose(self, label_part: str) -> list[Outbound]:
        """Press the offered option whose label contains `label_part`."""
        return await self.choose_id(self.option_id(label_part))

    @property
    def texts(self) -> str:
        """All reply texts of the last turn, joined."""
        return "\n".join(r.text for r in self.replies)

    async def onboard(self, governorate: str = "بغداد") -> None:
        """/start, consent, pick a governorate."""
        await self.command("start")
        await self.choose("أوافق")
        await self.choose(governorate)


async def add_event(db, *, title: str = "ندوة حوارية حول الانتخابات", starts_at: datetime,  # type: ignore[no-untyped-def]
                    capacity: int | None = 10, governorate: str = "baghdad", kind: str = "seminar",
                    **fields) -> int:
    """Insert a published event and return its id."""
    async with db.transaction() as session:
        event = Event(title=title, kind=kind, governorate=governorate, organizer_name="جمعية المثال الأولى",
                      venue="بغداد — قاعة", description=fields.pop("description", "وصف"), starts_at=starts_at,
                      capacity=capacity, status=fields.pop("status", "published"), **fields)
        session.add(event)
        await session.flush()
        return event.id
