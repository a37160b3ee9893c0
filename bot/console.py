"""The terminal chat: the same handlers as Telegram and WhatsApp, for trying the bot and its content.

Options are printed as numbered lines; the person answers with the number (ASCII or
Arabic-Indic digits) or the option's label. With --jsonl every input line produces exactly
one JSON line: {"replies": [{"text", "options": [{"key", "label"}], "document", "pushed", "to"}]};
"to" is the console person a message is for, and "pushed" is true for what the bot sent on its own.
`/as NAME` and `/clock …` belong to the simulator (bot/console_sim.py); files are saved under
musharaka-files/ (bot/console_files.py).
"""

from __future__ import annotations

import asyncio
import codecs
import io
import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any, TextIO

from bot.console_channel import CHANNEL
from bot.console_files import DEFAULT_FILES_DIR, FileSaver, shown_path
from bot.console_sim import ConsoleSession, Shown, Simulator
from handlers.core import BotCore
from messages import catalog

__all__ = ["CHANNEL", "ConsoleSession", "run_chat", "turn_to_json", "render_text"]

EXIT_INTERRUPTED = 130


def _numbered(shown: list[Shown]) -> list[list[str]]:
    """Option keys per message: each person's options number 1..n across the turn, in order."""
    counters: dict[str, int] = {}
    keys = []
    for item in shown:
        start = counters.get(item.to, 0)
        keys.append([str(start + n) for n in range(1, len(item.reply.options) + 1)])
        counters[item.to] = start + len(item.reply.options)
    return keys


def turn_to_json(shown: list[Shown], files: FileSaver) -> dict[str, Any]:
    """The --jsonl form of one turn; documents are saved and their "path" given (null if not saved)."""
    out = []
    for item, keys in zip(shown, _numbered(shown), strict=True):
        reply = item.reply
        document = None
        if reply.document is not None:
            path = files.save(reply.document)
            document = {"filename": reply.document.filename, "bytes": len(reply.document.data),
                        "path": str(path.resolve()) if path is not None else None}
        entry: dict[str, Any] = {
            "text": reply.text,
            "options": [{"key": key, "label": option.label} for key, option in zip(keys, reply.options, strict=True)],
            "document": document,
            "pushed": item.pushed,
            "to": item.to,
        }
        out.append(entry)
    return {"replies": out}


def render_text(shown: list[Shown], files: FileSaver) -> str:
    """The human form of one turn: pushed messages under a '📨 → name:' line, numbered options, saved files."""
    lines: list[str] = []
    for item, keys in zip(shown, _numbered(shown), strict=True):
        reply = item.reply
        if item.pushed:
            lines.append(catalog.text("console-pushed-to", name=item.to))
        lines.append(reply.text)
        lines.extend(f"  {key}) {option.label}" for key, option in zip(keys, reply.options, strict=True))
        if reply.document is not None:
            path = files.save(reply.document)
            if path is None:
                lines.append("  " + catalog.text("console-file-not-saved", name=reply.document.filename))
            else:
                lines.append(f"  📎 {shown_path(path)}")
        lines.append("")
    return "\n".join(lines)


class LineReader:
    """Typed lines, read without blocking the event loop, so Ctrl+C ends the chat at once.

    A real stdin (terminal, pipe or file) is read by a daemon thread with os.read, which leaves
    no lock behind when the process exits mid-read; an in-memory stream is read directly.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        try:
            self.fd: int | None = stream.fileno()
        except (AttributeError, OSError, io.UnsupportedOperation):
            self.fd = None
        self._queue: asyncio.Queue[str] | None = None

    async def readline(self) -> str:
        """The next line with its newline; '' at the end of input."""
        if self.fd is None:
            return self.stream.readline()
        if self._queue is None:
            self._queue = asyncio.Queue()
            loop = asyncio.get_running_loop()
            encoding = getattr(self.stream, "encoding", None) or "utf-8"
            threading.Thread(target=self._pump, args=(loop, self._queue, encoding), name="chat-stdin",
                             daemon=True).start()
        return await self._queue.get()

    def _pump(self, loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[str], encoding: str) -> None:
        assert self.fd is not None
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        pending = ""
        try:
            while chunk := os.read(self.fd, 65536):
                pending += decoder.decode(chunk)
                *lines, pending = pending.split("\n")
                for line in lines:
                    loop.call_soon_threadsafe(queue.put_nowait, line + "\n")
            pending += decoder.decode(b"", final=True)
            if pending:
                loop.call_soon_threadsafe(queue.put_nowait, pending)
            loop.call_soon_threadsafe(queue.put_nowait, "")
        except (OSError, RuntimeError):
            # stdin closed under us, or the chat already ended and closed its loop.
            try:
                loop.call_soon_threadsafe(queue.put_nowait, "")
            except RuntimeError:
                pass


async def run_chat(core: BotCore, *, user_id: str, jsonl: bool, stdin: TextIO = sys.stdin,
                   stdout: TextIO = sys.stdout, files_dir: Path = DEFAULT_FILES_DIR,
                   simulator: Simulator | None = None) -> int:
    """Read lines until end of input (or Ctrl+C) and answer each one; returns the exit code."""
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    interrupted: list[bool] = []

    def on_interrupt() -> None:
        interrupted.append(True)
        if task is not None:
            task.cancel()

    try:
        loop.add_signal_handler(signal.SIGINT, on_interrupt)
        handles_signal = True
    except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or not Unix
        handles_signal = False
    interactive = not jsonl and stdin.isatty()
    try:
        async with simulator or Simulator(core, user_id=user_id) as sim:
            await _converse(sim, LineReader(stdin), stdout, FileSaver(files_dir), jsonl=jsonl,
                            interactive=interactive)
        return 0
    except asyncio.CancelledError:
        if not interrupted:
            raise
        if task is not None:
            task.uncancel()
        if interactive:
            stdout.write("\n")
            stdout.flush()
        return EXIT_INTERRUPTED
    finally:
        if handles_signal:
            loop.remove_signal_handler(signal.SIGINT)


async def _converse(sim: Simulator, reader: LineReader, stdout: TextIO, files: FileSaver, *, jsonl: bool,
                    interactive: bool) -> None:
    if interactive:
        stdout.write(catalog.text("console-banner") + "\n")
        stdout.flush()
    while True:
        if interactive:
            stdout.write(f"{sim.current}> ")
            stdout.flush()
        line = await reader.readline()
        if not line:
            break
        shown = await sim.turn(line)
        if jsonl:
            stdout.write(json.dumps(turn_to_json(shown, files), ensure_ascii=False) + "\n")
        else:
            stdout.write(render_text(shown, files) + "\n")
        stdout.flush()
