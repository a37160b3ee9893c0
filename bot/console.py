"""The terminal chat: the same handlers as Telegram and WhatsApp, for trying the bot and its content.

Options are printed as numbered lines; the person answers with the number (ASCII or
Arabic-Indic digits) or the option's label. With --jsonl every input line produces exactly
one JSON line: {"replies": [{"text", "options": [{"key", "label"}], "document"}]}.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from handlers.core import BotCore
from handlers.types import Inbound, InboundKind, Option, Outbound
from messages import catalog
from messages.normalize import matches_any, parse_int

CHANNEL = "console"


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
        number = parse_int(stripped)
        if number is not None and 1 <= number <= len(self.offered):
            return Inbound(CHANNEL, self.user_id, InboundKind.CHOICE, text=stripped,
                           choice=self.offered[number - 1].id)
        for option in self.offered:
            if matches_any(stripped, [option.label]):
                return Inbound(CHANNEL, self.user_id, InboundKind.CHOICE, text=stripped, choice=option.id)
        return Inbound(CHANNEL, self.user_id, InboundKind.TEXT, text=line.rstrip("\n"))

    async def send(self, line: str) -> list[Outbound]:
        """Handle one typed line and remember the options of the replies."""
        replies = await self.core.handle(self.parse(line))
        offered = [option for reply in replies for option in reply.options]
        if offered or replies:
            self.offered = offered
        return replies


def reply_to_json(replies: list[Outbound]) -> dict:
    """The --jsonl form of one turn's replies; option keys number across the whole turn."""
    out = []
    key = 0
    for reply in replies:
        options = []
        for option in reply.options:
            key += 1
            options.append({"key": str(key), "label": option.label})
        document = None
        if reply.document is not None:
            document = {"filename": reply.document.filename, "bytes": len(reply.document.data)}
        out.append({"text": reply.text, "options": options, "document": document})
    return {"replies": out}


def render_text(replies: list[Outbound], documents_dir: Path | None = None) -> str:
    """The human form of one turn: texts, numbered options, and where documents were saved."""
    lines: list[str] = []
    key = 0
    for reply in replies:
        lines.append(reply.text)
        for option in reply.options:
            key += 1
            lines.append(f"  {key}) {option.label}")
        if reply.document is not None:
            target = (documents_dir or Path.cwd()) / reply.document.filename
            target.write_bytes(reply.document.data)
            lines.append(f"  📎 {target}")
        lines.append("")
    return "\n".join(lines)


async def run_chat(core: BotCore, *, user_id: str, jsonl: bool, stdin: TextIO = sys.stdin,
                   stdout: TextIO = sys.stdout) -> None:
    """Read lines until end of input and answer each one (interactive or --jsonl)."""
    session = ConsoleSession(core, user_id)
    interactive = not jsonl and stdin.isatty()
    if interactive:
        stdout.write(catalog.text("console-banner") + "\n")
        stdout.flush()
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        replies = await session.send(line)
        if jsonl:
            stdout.write(json.dumps(reply_to_json(replies), ensure_ascii=False) + "\n")
        else:
            stdout.write(render_text(replies) + "\n")
        stdout.flush()
