"""The terminal chat as a simulator: several people in one session, the outbox, and a clock to move.

`/as NAME` and `/clock …` are answered here, before the core: Telegram and WhatsApp never see
them. Around every typed line the scheduler's tick (scheduler.jobs.run_tick) and the outbox
sender (scheduler.sender.Sender with the console channel) run, so what the bot sends on its own
— a waiting-list promotion, reminders, event changes, survey invitations, announcements — shows
up in the terminal, marked as pushed and addressed to its console person.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

import scheduler.broadcast_jobs  # noqa: F401 - the tick also releases scheduled announcements
from bot.console_channel import CHANNEL, ConsoleChannel
from bot.console_clock import ClockInputError, SimulatedClock, checkpoints, parse_clock_target, simulated_when
from handlers.core import BotCore
from handlers.typed_words import LEADING_WORDS
from handlers.types import Inbound, InboundKind, Option, Outbound
from messages import catalog
from messages.normalize import keyword_match, label_key, matches_any, parse_int
from scheduler.broadcast_progress import attach as attach_progress
from scheduler.jobs import run_tick
from scheduler.sender import Sender, SenderConfig
from storage import clock as clock_module
from storage.models import Contact, Identity
from storage.services.contacts import find_identity

log = logging.getLogger(__name__)

# A console person's name is their external id (the identities column holds 64 characters).
_NAME = re.compile(r"[^\s/][^\s]{0,63}")


def valid_name(name: str) -> bool:
    """Whether `name` can be a console person: 1-64 characters, no spaces, not starting with '/'."""
    return _NAME.fullmatch(name) is not None


class ConsoleSession:
    """One person's conversation in the terminal; remembers the options last offered."""

    def __init__(self, core: BotCore, user_id: str = "1") -> None:
        self.core = core
        self.user_id = user_id
        self.offered: list[Option] = []

    def parse(self, line: str) -> Inbound:
        """Turn a typed line into an Inbound: a command, a chosen option, or free text."""
        stripped = line.strip()
        if stripped.startswith("/") and len(stripped) > 1:
            name, _, payload = stripped[1:].partition(" ")
            return Inbound(CHANNEL, self.user_id, InboundKind.COMMAND, text=stripped, command=name.lower(),
                           payload=payload.strip() or None)
        if stripped.startswith("\\"):
            # «\1»: the number itself, when the bot asks for one while options are on screen.
            return Inbound(CHANNEL, self.user_id, InboundKind.TEXT, text=stripped[1:])
        number = parse_int(stripped)
        if number is not None and 1 <= number <= len(self.offered):
            return Inbound(CHANNEL, self.user_id, InboundKind.CHOICE, text=stripped,
                           choice=self.offered[number - 1].id)
        for option in self.offered:
            # The label as shown, or typed without its emoji and punctuation ("register me" without its check mark).
            typed = label_key(stripped)
            if matches_any(stripped, [option.label]) or (typed and typed == label_key(option.label)):
                return Inbound(CHANNEL, self.user_id, InboundKind.CHOICE, text=stripped, choice=option.id)
        leading = self._leading_word_choice(stripped)
        if leading is not None:
            return Inbound(CHANNEL, self.user_id, InboundKind.CHOICE, text=stripped, choice=leading)
        return Inbound(CHANNEL, self.user_id, InboundKind.TEXT, text=line.rstrip("\n"))

    def _leading_word_choice(self, typed: str) -> str | None:
        """Yes / no / back typed: the one offered option whose label starts with that word."""
        for catalog_key in LEADING_WORDS:
            words = [w for lang in catalog.available_languages() for w in catalog.words(catalog_key, lang)]
            if keyword_match(typed, words):
                ids = {o.id for o in self.offered
                       if label_key(o.label) and keyword_match(label_key(o.label).split()[0], words)}
                return ids.pop() if len(ids) == 1 else None
        return None

    def remember(self, replies: list[Outbound]) -> None:
        """What this person saw last decides what their next number means."""
        offered = [option for reply in replies for option in reply.options]
        if offered or replies:
            self.offered = offered

    async def send(self, line: str) -> list[Outbound]:
        """Handle one typed line and remember the options of the replies."""
        replies = await self.core.handle(self.parse(line))
        self.remember(replies)
        return replies


@dataclass(frozen=True, slots=True)
class Shown:
    """One message the terminal shows: who it is for, and whether the bot sent it on its own."""

    reply: Outbound
    to: str
    pushed: bool = False
    # The simulator's own answers (/as, /clock) change nobody's numbered options.
    note: bool = False


def simulator_command(line: str) -> tuple[str, str] | None:
    """('as' | 'clock', argument) when the line is one of the simulator's own commands."""
    stripped = line.strip()
    if not stripped.startswith("/"):
        return None
    name, _, payload = stripped[1:].partition(" ")
    if name.lower() in ("as", "clock"):
        return name.lower(), payload.strip()
    return None


class Simulator:
    """Everyone in one terminal: the current speaker, each person's offered options, the outbox, the clock."""

    def __init__(self, core: BotCore, *, user_id: str = "1", clock: SimulatedClock | None = None) -> None:
        self.core = core
        self.current = user_id
        self.sessions: dict[str, ConsoleSession] = {}
        self.clock = clock or SimulatedClock()
        self.channel = ConsoleChannel()
        # No rate limits: the terminal is one reader, not a platform.
        self.sender = Sender(core, {CHANNEL: self.channel},
                             SenderConfig(rates={CHANNEL: None}, per_chat_rates={CHANNEL: None}))
        self._detach: Callable[[], None] | None = None
        self._warned = False

    async def __aenter__(self) -> Simulator:
        clock_module.set_clock(self.clock)
        # An organizer's announcement ends with one summary message, as on WhatsApp.
        self._detach = attach_progress(self.sender)
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._detach is not None:
            self._detach()
        clock_module.set_clock(None)

    def session(self, user_id: str) -> ConsoleSession:
        """The conversation of one console person (created on first use)."""
        if user_id not in self.sessions:
            self.sessions[user_id] = ConsoleSession(self.core, user_id)
        return self.sessions[user_id]

    async def turn(self, line: str) -> list[Shown]:
        """Handle one typed line; returns what to show, replies first, then what the bot pushed."""
        command = simulator_command(line)
        if command is not None and command[0] == "as":
            shown = [Shown(reply, self.current, note=True) for reply in await self._switch(command[1])]
        elif command is not None:
            shown = await self._move_clock(command[1])
        else:
            inbound = self.session(self.current).parse(line)
            # Anything that came due while the person was typing arrives before the answer.
            shown = await self.run_due()
            shown += [Shown(reply, self.current) for reply in await self.core.handle(inbound)]
        shown += await self.run_due()
        self._remember(shown)
        return shown

    async def run_due(self) -> list[Shown]:
        """One scheduler tick and an outbox drain; returns what was delivered to console people."""
        if not await self._outbox_is_ours():
            return []
        await run_tick(self.core.db)
        await self.sender.drain()
        return [Shown(reply, pushed.external_id, pushed=True)
                for pushed in self.channel.take() for reply in pushed.replies]

    def _remember(self, shown: list[Shown]) -> None:
        people: dict[str, list[Outbound]] = {}
        for item in shown:
            if not item.note:
                people.setdefault(item.to, []).append(item.reply)
        for user_id, replies in people.items():
            self.session(user_id).remember(replies)

    async def _switch(self, name: str) -> list[Outbound]:
        if not name:
            return [Outbound(catalog.text("console-as-who", name=self.current))]
        if not valid_name(name):
            return [Outbound(catalog.text("console-as-usage"))]
        self.current = name
        async with self.core.db.transaction() as session:
            identity = await find_identity(session, CHANNEL, name)
            contact = await session.get(Contact, identity.contact_id) if identity is not None else None
            known = contact is not None and contact.consent_at is not None
        return [Outbound(catalog.text("console-as-now" if known else "console-as-new", name=name))]

    async def _move_clock(self, argument: str) -> list[Shown]:
        def say(key: str, **args: object) -> list[Shown]:
            return [Shown(Outbound(catalog.text(key, **args)), self.current, note=True)]

        now = self.clock()
        if not argument:
            return say("console-clock-now", when=simulated_when(now))
        try:
            target = parse_clock_target(argument, now)
        except ClockInputError as error:
            return say(error.key, when=simulated_when(now))
        if not await self._outbox_is_ours():
            return say("console-clock-real-people")
        async with self.core.db.transaction() as session:
            moments = await checkpoints(session, now, target)
        pushed: list[Shown] = []
        for moment in [*moments, target]:
            self.clock.move_to(moment)
            pushed += await self.run_due()
        return say("console-clock-moved", when=simulated_when(target)) + pushed

    async def _outbox_is_ours(self) -> bool:
        """Whether this database holds only console people.

        The chat's sender knows only the console channel: on a database that Telegram or WhatsApp
        people use it would mark their messages undeliverable, and a moved clock would remind real
        people at the wrong time. There the simulator leaves the outbox and the clock alone.
        """
        async with self.core.db.transaction() as session:
            other = await session.scalar(select(Identity.id).where(Identity.channel != CHANNEL).limit(1))
        if other is not None and not self._warned:
            self._warned = True
            log.warning("this database has Telegram or WhatsApp people: the chat does not send the outbox or "
                        "move the clock here (point DATABASE_URL at another database to simulate)")
        return other is None
