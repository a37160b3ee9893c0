"""One `musharaka doctor` check's outcome and its line (shared by bot.cli_doctor and bot.doctor_channels)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Check:
    """One check's outcome: `detail` says what was found, or what is wrong and how to fix it."""

    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        """`ok   name: detail` or `FAIL name: detail`, on one line."""
        return f"{'ok  ' if self.ok else 'FAIL'} {self.name}: {' '.join(self.detail.split())}"


def passed(name: str, detail: str) -> Check:
    """A check that found nothing wrong."""
    return Check(name, True, detail)


def failed(name: str, detail: str) -> Check:
    """A check that found a problem; `detail` ends with what to do about it."""
    return Check(name, False, detail)


def short(error: BaseException) -> str:
    """An exception in a few words (its first line, or its type)."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return (text or type(error).__name__)[:200]
