"""`musharaka chat`: the terminal conversation, driven as a real process like a person (or a script) would.

Each test starts `python -m bot.cli chat` on a SQLite file of its own; the demo events load
themselves into the empty database.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from messages import catalog

TIMEOUT = 60


def chat_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a fresh install: only DATABASE_URL points somewhere (a file in tmp_path)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("TELEGRAM_", "WHATSAPP_", "MUSHARAKA_", "WEBHOOK_")) and name != "LOG_LEVEL"
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'chat.db'}"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def chat_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "bot.cli", "chat", *args]


class JsonlChat:
    """`musharaka chat --jsonl` as a running process: one line in, exactly one JSON line out."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.turn: dict[str, Any] = {}

    @classmethod
    async def start(cls, tmp_path: Path, *args: str) -> JsonlChat:
        process = await asyncio.create_subprocess_exec(
            *chat_command("--jsonl", *args),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            cwd=tmp_path,
            env=chat_env(tmp_path),
        )
        return cls(process)

    async def say(self, line: str) -> dict[str, Any]:
        """Type one line and read the one JSON line it produces."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write((line + "\n").encode())
        await self.process.stdin.drain()
        raw = await asyncio.wait_for(self.process.stdout.readline(), TIMEOUT)
        assert raw.endswith(b"\n"), f"no JSON line for {line!r}; stderr: {await self._stderr()}"
        self.turn = json.loads(raw)
        assert_documented_shape(self.turn)
        return self.turn

    def key_of(self, label_part: str) -> str:
        """The number to type for the option whose label contains `label_part`."""
        for reply in self.turn["replies"]:
            for option in reply["options"]:
                if label_part in option["label"]:
                    return option["key"]
        raise AssertionError(f"no option with {label_part!r} in {self.turn}")

    @property
    def texts(self) -> str:
        return "\n".join(reply["text"] for reply in self.turn["replies"])

    @property
    def labels(self) -> list[str]:
        return [option["label"] for reply in self.turn["replies"] for option in reply["options"]]

    async def finish(self) -> tuple[int, bytes]:
        """Close the input; return the exit code and anything printed after the last answer."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.close()
        rest = await asyncio.wait_for(self.process.stdout.read(), TIMEOUT)
        code = await asyncio.wait_for(self.process.wait(), TIMEOUT)
        return code, rest

    async def _stderr(self) -> str:
        self.process.kill()
        assert self.process.stderr is not None
        return (await self.process.stderr.read()).decode(errors="replace")[-3000:]


def assert_documented_shape(turn: dict[str, Any]) -> None:
    """{"replies": [{"text", "options": [{"key", "label"}], "document": null | {"filename", "bytes", "path"},
    "pushed": bool, "to": name}]}; each person's option keys number 1..n across the turn."""
    assert set(turn) == {"replies"} and isinstance(turn["replies"], list)
    keys: dict[str, list[str]] = {}
    for reply in turn["replies"]:
        assert set(reply) == {"text", "options", "document", "pushed", "to"}
        assert isinstance(reply["text"], str) and isinstance(reply["pushed"], bool) and isinstance(reply["to"], str)
        for option in reply["options"]:
            assert set(option) == {"key", "label"}
            assert isinstance(option["key"], str) and isinstance(option["label"], str)
            keys.setdefault(reply["to"], []).append(option["key"])
        document = reply["document"]
        if document is not None:
            assert set(document) == {"filename", "bytes", "path"}
            assert isinstance(document["filename"], str) and isinstance(document["bytes"], int)
            assert document["path"] is None or isinstance(document["path"], str)
    for person_keys in keys.values():
        assert person_keys == [str(n) for n in range(1, len(person_keys) + 1)], "options are numbered 1..n"


def documents(turn: dict[str, Any]) -> list[dict[str, Any]]:
    return [reply["document"] for reply in turn["replies"] if reply["document"] is not None]


async def test_the_whole_story_in_jsonl(tmp_path: Path) -> None:
    chat = await JsonlChat.start(tmp_path)

    await chat.say("/start")
    assert chat.texts == catalog.text("welcome") and chat.labels[0] == "أوافق وأبدأ"
    assert [(reply["pushed"], reply["to"]) for reply in chat.turn["replies"]] == [(False, "1")], "a direct reply"

    await chat.say("1")
    assert len(chat.labels) == 19 and chat.labels[6] == "ميسان"

    await chat.say("٧")  # Arabic-Indic seven: Maysan
    assert "تم حفظ محافظتك: ميسان" in chat.texts
    assert chat.labels == ["الفعاليات القادمة", "معلومات الانتخابات", "تسجيلاتي", "الإعدادات", "المساعدة"]

    await chat.say(chat.key_of("الفعاليات القادمة"))
    assert chat.texts.startswith("الفعاليات القادمة — ميسان")
    event_title = chat.labels[0]
    assert "ميسان" in chat.texts and documents(chat.turn) == []

    await chat.say("1")
    assert chat.texts.startswith(f"📌 {event_title}")
    assert "محتوى تجريبي" in chat.texts, "demo events are marked as sample"

    await chat.say(chat.key_of("سجّلني"))
    assert "تم تسجيلك" in chat.texts
    [ics] = documents(chat.turn)
    assert ics["filename"].endswith(".ics") and ics["bytes"] > 100
    saved = Path(ics["path"])
    assert saved.parent == (tmp_path / "musharaka-files").resolve(), "files go under musharaka-files/, not the cwd"
    assert saved.read_bytes().startswith(b"BEGIN:VCALENDAR") and saved.stat().st_size == ics["bytes"]
    assert list(tmp_path.glob("*.ics")) == []

    await chat.say("تسجيلاتي")  # typed, not a number
    assert "الحالة: مؤكد" in chat.texts
    assert any(label.startswith("إلغاء:") for label in chat.labels)

    await chat.say(chat.key_of("إلغاء:"))
    assert chat.texts.startswith(f"هل تريد إلغاء تسجيلك في «{event_title}"), "cancelling asks first"
    await chat.say(chat.key_of("نعم"))
    assert f"تم إلغاء تسجيلك في «{event_title} (تجريبي)»" in chat.texts

    await chat.say("تسجيلاتي")
    assert chat.texts == catalog.text("my-empty")

    code, rest = await chat.finish()
    assert code == 0
    assert rest == b"", "nothing is printed after the last answer"


async def test_every_input_line_gets_exactly_one_json_line(tmp_path: Path) -> None:
    lines = ["/start", "", "   ", "كلام عشوائي", "1", "٣", "99", "/menu", "/unknown", "مساعدة", "🙂"]
    process = await asyncio.create_subprocess_exec(
        *chat_command("--jsonl"), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, cwd=tmp_path, env=chat_env(tmp_path),
    )
    stdout, stderr = await asyncio.wait_for(process.communicate("\n".join(lines).encode() + b"\n"), TIMEOUT)

    assert process.returncode == 0, stderr.decode(errors="replace")
    output = stdout.decode().splitlines()
    assert len(output) == len(lines)
    for line in output:
        assert_documented_shape(json.loads(line))


async def test_options_can_be_chosen_by_their_label(tmp_path: Path) -> None:
    chat = await JsonlChat.start(tmp_path)
    await chat.say("/start")

    await chat.say("أوافق وأبدأ")
    assert len(chat.labels) == 19
    await chat.say("البصره")  # typed with ه for ة: still the label after normalisation
    assert "تم حفظ محافظتك: البصرة" in chat.texts
    await chat.say("معلومات الانتخابات")
    assert "محتوى تجريبي" in chat.texts
    await chat.say("القائمة الرئيسية")
    assert chat.labels[:5] == ["الفعاليات القادمة", "معلومات الانتخابات", "تسجيلاتي", "الإعدادات", "المساعدة"]

    code, _ = await chat.finish()
    assert code == 0


async def test_another_user_starts_fresh_and_the_first_is_remembered(tmp_path: Path) -> None:
    first = await JsonlChat.start(tmp_path)
    await first.say("/start")
    await first.say("1")
    await first.say("1")  # Baghdad
    assert (await first.finish())[0] == 0

    second = await JsonlChat.start(tmp_path, "--user", "2")
    await second.say("/start")
    assert second.texts == catalog.text("welcome"), "user 2 has not consented yet"
    assert (await second.finish())[0] == 0

    again = await JsonlChat.start(tmp_path)
    await again.say("/start")
    assert catalog.text("welcome-back") in again.texts, "user 1 is remembered across runs"
    assert (await again.finish())[0] == 0


def test_interactive_mode_prints_numbered_options(tmp_path: Path) -> None:
    result = subprocess.run(
        chat_command(), input="/start\n1\n", capture_output=True, text=True, encoding="utf-8",
        cwd=tmp_path, env=chat_env(tmp_path), timeout=TIMEOUT, check=False,
    )

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert catalog.text("welcome") in out
    assert "  1) أوافق وأبدأ" in out
    assert "  7) ميسان" in out and "  19) حلبجة" in out
    assert "{" not in out.split("\n")[0], "not JSON"


def test_the_installed_command_runs_the_same_chat(tmp_path: Path) -> None:
    executable = Path(sys.executable).parent / "musharaka"
    if not executable.exists():
        pytest.skip(f"musharaka is not installed next to {sys.executable}")
    result = subprocess.run(
        [str(executable), "chat", "--jsonl"], input="/start\n", capture_output=True, text=True, encoding="utf-8",
        cwd=tmp_path, env=chat_env(tmp_path), timeout=TIMEOUT, check=False,
    )
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    assert json.loads(line)["replies"][0]["text"] == catalog.text("welcome")
