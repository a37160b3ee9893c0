"""The organizer's live progress message of a broadcast, kept up to date by the sender.

After each batch the sender calls its AFTER_BATCH hooks with the broadcasts whose deliveries
changed. On Telegram the first call sends the organizer a progress message and later calls
edit it (at most every `min_interval` seconds, and always at the end). Channels that cannot
edit (WhatsApp, the console) get one message when the broadcast is finished. The card's
'progress' option shows the same counts on demand, with or without this hook.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from sqlalchemy import select

from bot.channel import DeliveryError
from bot.telegram import TelegramChannel, reply_markup
from handlers.broadcasts import card_options, card_text
from handlers.notifications import delivery_context
from handlers.types import Outbound
from scheduler.sender import AFTER_BATCH, Sender
from storage.models import Broadcast, Contact, Identity
from storage.services import broadcasts as service

log = logging.getLogger(__name__)


class ProgressReporter:
    """An AFTER_BATCH hook bound to one sender's database and channels."""

    def __init__(self, sender: Sender, *, min_interval: float = 3.0,
                 editors: dict[str, TelegramChannel] | None = None) -> None:
        self.core = sender.core
        self.channels = sender.channels
        # The channels that can edit a message they sent, by name: the outbox's own client only sends.
        self.editors = dict(editors or {})
        for name, channel in self.channels.items():
            if isinstance(channel, TelegramChannel):
                self.editors.setdefault(name, channel)
        self.min_interval = min_interval
        self._last_edit: dict[int, float] = {}

    async def __call__(self, broadcast_ids: set[int]) -> None:
        """Update the progress message of each broadcast; a failure here never stops the sender."""
        for broadcast_id in sorted(broadcast_ids):
            try:
                await self._update(broadcast_id)
            except Exception:
                log.exception("progress message of broadcast %s could not be updated", broadcast_id)

    async def _update(self, broadcast_id: int) -> None:
        async with self.core.db.transaction() as session:
            broadcast = await session.get(Broadcast, broadcast_id)
            if broadcast is None or not broadcast.progress_channel or not broadcast.progress_chat:
                return
            counts = await service.progress(session, broadcast_id)
            just_finished = await service.finish_if_done(session, broadcast, counts)
            identity = await session.scalar(
                select(Identity).where(Identity.channel == broadcast.progress_channel,
                                       Identity.external_id == broadcast.progress_chat)
            )
            contact = await session.get(Contact, identity.contact_id) if identity is not None else None
            if identity is None or contact is None:
                return
            # Rendered in the organizer's language, with option ids issued to the organizer.
            ctx = delivery_context(self.core, session, contact, identity)
            reply = Outbound(card_text(ctx, broadcast, counts), card_options(ctx, broadcast))
            channel_name, chat = broadcast.progress_channel, broadcast.progress_chat
            message_id = broadcast.progress_message
        editor = self.editors.get(channel_name)
        if editor is not None:
            await self._telegram(editor, broadcast_id, chat, message_id, reply, final=counts.finished)
        elif just_finished and (channel := self.channels.get(channel_name)) is not None:
            await self._send(channel, chat, reply)

    async def _telegram(self, channel: TelegramChannel, broadcast_id: int, chat: str, message_id: str | None,
                        reply: Outbound, *, final: bool) -> None:
        if message_id is None:
            ids = await self._send(channel, chat, reply)
            if ids:
                await self._remember(broadcast_id, ids[0])
            self._last_edit[broadcast_id] = time.monotonic()
            return
        if not final and time.monotonic() - self._last_edit.get(broadcast_id, 0.0) < self.min_interval:
            return
        self._last_edit[broadcast_id] = time.monotonic()
        try:
            # "message is not modified" (the counts did not change since the last edit) counts as edited.
            if not await channel.edit(int(chat), int(message_id), reply.text, reply_markup(reply)):
                log.info("progress message could not be edited")
        except DeliveryError as error:
            log.info("progress message could not be edited: %s", type(error).__name__)

    async def _send(self, channel: object, chat: str, reply: Outbound) -> list[str]:
        try:
            return await channel.send(chat, [reply])  # type: ignore[attr-defined]
        except DeliveryError as error:
            log.info("progress message could not be sent: %s", type(error).__name__)
            return []

    async def _remember(self, broadcast_id: int, message_id: str) -> None:
        async with self.core.db.transaction() as session:
            broadcast = await session.get(Broadcast, broadcast_id)
            if broadcast is not None:
                broadcast.progress_message = message_id


def attach(sender: Sender, *, min_interval: float = 3.0,
           editors: dict[str, TelegramChannel] | None = None) -> Callable[[], None]:
    """Report broadcast progress after each of this sender's batches; returns a function that detaches it.

    `editors`: channels that edit the progress message in place, by channel name (the replies'
    Telegram channel where the sender's own client cannot edit).
    """
    reporter = ProgressReporter(sender, min_interval=min_interval, editors=editors)
    AFTER_BATCH.append(reporter)

    def detach() -> None:
        if reporter in AFTER_BATCH:
            AFTER_BATCH.remove(reporter)

    return detach
