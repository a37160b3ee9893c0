"""Wires the WhatsApp webhook to the core: each message in the background, in order per person.

The webhook route answers Meta at once and hands the parsed envelope here. Every message is
handled in its own task (several messages in one post each get their answer); one person's
messages wait for each other through a KeyedLock, so replies never overtake each other.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from sqlalchemy.exc import IntegrityError

from bot.channel import ContactStopped, DeliveryError
from bot.keyed_lock import KeyedLock
from bot.whatsapp.channel import WhatsAppChannel
from bot.whatsapp.pager import is_more
from bot.whatsapp.parse import CHANNEL, Envelope, StatusUpdate
from bot.whatsapp.statuses import apply_statuses
from handlers.core import BotCore
from handlers.types import Inbound, InboundKind, Outbound
from messages import catalog
from storage.clock import utcnow
from storage.models import ProcessedUpdate
from storage.services.contacts import find_identity
from storage.services.linking import attach_whatsapp_identity, remember_whatsapp_number

log = logging.getLogger(__name__)
STOP_TIMEOUT = 10.0


class WhatsAppAdapter:
    """Turns webhook envelopes into core calls and replies; keeps its background tasks."""

    def __init__(self, core: BotCore, channel: WhatsAppChannel) -> None:
        self.core = core
        self.channel = channel
        self._locks = KeyedLock()
        # asyncio keeps only weak references to tasks: without these, one could vanish mid-way.
        self._tasks: set[asyncio.Task[None]] = set()
        self.closing = False

    def accept(self, envelope: Envelope) -> None:
        """Schedule everything one webhook post carried; returns at once."""
        for inbound in envelope.messages:
            self._spawn(self.handle_message(inbound))
        if envelope.statuses:
            self._spawn(self.handle_statuses(envelope.statuses))

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def idle(self, timeout: float = STOP_TIMEOUT) -> None:
        """Wait until every message received so far has been handled (or `timeout` passed)."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)

    async def stop(self) -> None:
        """Refuse new posts, finish the ones in flight, close the HTTP session."""
        self.closing = True
        await self.idle()
        await self.channel.client.close()

    async def handle_message(self, inbound: Inbound) -> None:
        """Answers one message; messages of one person are handled one after the other."""
        async with self._locks.hold(inbound.external_id):
            try:
                if inbound.kind == InboundKind.CHOICE and is_more(inbound.choice):
                    await self._next_page(inbound)
                    return
                replies = await self._answer(inbound)
            except Exception:
                log.exception("whatsapp message could not be handled kind=%s", inbound.kind)
                return
            await self._deliver(inbound.external_id, replies)

    async def handle_statuses(self, updates: list[StatusUpdate]) -> None:
        """Records delivery statuses on the outbox rows."""
        try:
            await apply_statuses(self.core.db, updates)
        except Exception:
            log.exception("whatsapp statuses could not be recorded")

    async def _answer(self, inbound: Inbound) -> list[Outbound]:
        # Linking by number is a nicety: if it fails, the person still gets their answer.
        new_contact = False
        try:
            async with self.core.db.transaction() as session:
                new_contact = await attach_whatsapp_identity(session, inbound.external_id)
        except Exception:
            log.exception("whatsapp number could not be checked")
        replies = await self.core.handle(inbound)
        if new_contact:
            try:
                async with self.core.db.transaction() as session:
                    await remember_whatsapp_number(session, inbound.external_id)
            except Exception:
                log.exception("whatsapp number could not be stored")
        return replies

    async def _next_page(self, inbound: Inbound) -> None:
        page = self.channel.pager.take(inbound.external_id, inbound.choice)
        if page is None:
            # Restarted or too old: say so and show the main menu (the core decides what it holds).
            menu = Inbound(CHANNEL, inbound.external_id, InboundKind.COMMAND, text="/menu", command="menu",
                           update_key=inbound.update_key)
            replies = await self.core.handle(menu)
            if replies:
                await self._deliver(inbound.external_id, [Outbound(catalog.text("wa-more-stale")), *replies])
            return
        if not await self._first_time(inbound):
            return
        try:
            await self.channel.send_page(inbound.external_id, page)
        except ContactStopped:
            await self._mark_unreachable(inbound.external_id)
        except DeliveryError as error:
            log.warning("whatsapp page not delivered error=%s", type(error).__name__)

    async def _first_time(self, inbound: Inbound) -> bool:
        """Idempotency for 'more', which does not pass the dispatcher; also counts as contact."""
        async with self.core.db.transaction() as session:
            if inbound.update_key:
                try:
                    async with session.begin_nested():
                        session.add(ProcessedUpdate(channel=CHANNEL, update_key=inbound.update_key))
                        await session.flush()
                except IntegrityError:
                    return False
            identity = await find_identity(session, CHANNEL, inbound.external_id)
            if identity is not None:
                identity.last_inbound_at = utcnow()
        return True

    async def _deliver(self, wa_id: str, replies: list[Outbound]) -> None:
        if not replies:
            return
        try:
            await self.channel.reply(wa_id, replies)
        except ContactStopped:
            await self._mark_unreachable(wa_id)
        except DeliveryError as error:
            log.warning("whatsapp reply not delivered error=%s", type(error).__name__)
        except Exception:
            log.exception("whatsapp reply failed")

    async def _mark_unreachable(self, wa_id: str) -> None:
        """Remember that messages cannot reach this person, so the outbox skips them."""
        async with self.core.db.transaction() as session:
            identity = await find_identity(session, CHANNEL, wa_id)
            if identity is not None:
                identity.unreachable = True
