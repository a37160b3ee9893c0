"""Logging for every command: one stderr handler on the root, chatty libraries capped, secrets redacted.

Logs are read by whoever runs the server, and political participation data is sensitive: no
phone number, message text, name or token may reach them, at DEBUG either. Two layers:

- Libraries that log what passes through them are capped whatever LOG_LEVEL says. At DEBUG
  aiosqlite and SQLAlchemy write every statement with its parameters (phone numbers, survey
  answers), httpx logs every request URL at INFO (Telegram's carry the bot token), and PTB logs
  the Bot API URL with its token and every call's parameters (texts, first names).
- A filter on the root handler redacts anything that still looks like a bot token, a WhatsApp
  access token or a phone number (Iraqi, in Western or Arabic-Indic digits, or any E.164) from
  every record, its arguments and its traceback. Names and texts cannot be recognised, so the
  project's own modules never log them (tests/test_privacy_logs.py, test_privacy_debug_logs.py).

LOG_FORMAT=json writes one JSON object per line (time, level, logger, message, exception) for a
log collector; the same filter cleans it first.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from datetime import UTC, datetime
from typing import TextIO

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# LOG_FORMAT values: plain lines for a terminal, or one JSON object per line for a log collector.
LOG_FORMATS = ("text", "json")
# Logger -> the most it may say. A child (telegram.ext, sqlalchemy.engine.Engine) follows its parent.
CAPPED: dict[str, int] = {
    "sqlalchemy": logging.WARNING,
    "aiosqlite": logging.WARNING,
    "asyncpg": logging.WARNING,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "urllib3": logging.WARNING,
    "aiohttp.access": logging.WARNING,
    "aiohttp.client": logging.WARNING,
    # INFO is start/stop and rate-limit notes; DEBUG is URLs with the token and call parameters.
    "telegram": logging.INFO,
    "alembic": logging.WARNING,
}
# Set on the handler this module installs, so configuring again replaces it instead of adding one.
_OURS = "_musharaka_handler"


def _digit(ascii_digit: str) -> str:
    """A digit in Western, Arabic-Indic or Extended Arabic-Indic form (phone numbers are typed in all three)."""
    value = int(ascii_digit)
    return f"[{ascii_digit}{chr(0x660 + value)}{chr(0x6F0 + value)}]"


_SEP = r"[\s.-]?"
_IRAQ = "".join(_digit(d) for d in "964")
REDACTIONS: list[tuple[re.Pattern[str], str]] = [
    # Telegram bot tokens: <bot id>:<secret>; also inside a Bot API URL (…/bot123456:ABC…/sendMessage).
    (re.compile(r"\d{6,}:[A-Za-z0-9_-]{30,}"), "[token]"),
    # Meta (WhatsApp Cloud API) access tokens.
    (re.compile(r"\bEAA[A-Za-z0-9]{20,}"), "[token]"),
    # Iraqi numbers: +964 / 00964 / 964 and 9-10 digits, or 07xx xxx xxxx.
    (re.compile(rf"(?<!\d)(?:\+|00)?{_IRAQ}{_SEP}\d(?:{_SEP}\d){{8,9}}(?!\d)"), "[phone]"),
    (re.compile(rf"(?<!\d){_digit('0')}{_SEP}{_digit('7')}(?:{_SEP}\d){{9}}(?!\d)"), "[phone]"),
    # Any other E.164 number.
    (re.compile(r"(?<![\w+])\+\d{8,15}(?!\d)"), "[phone]"),
]


def redact(text: str) -> str:
    """`text` with tokens and phone numbers replaced by [token] / [phone]."""
    for pattern, replacement in REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message, traceback and stack so no token or phone number is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact in place (the record is then formatted as usual); never drops a record."""
        try:
            message = record.getMessage()
        except Exception:  # a bad format string is logging's own error to report, not ours
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message and the traceback if any.

    It formats what RedactingFilter already cleaned, so JSON logs hold no more than text logs do.
    """

    def format(self, record: logging.LogRecord) -> str:
        """The record as a single line of JSON (non-ASCII kept as is)."""
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


def formatter_for(log_format: str | None) -> logging.Formatter:
    """The formatter LOG_FORMAT names: "json" gives JsonFormatter, anything else the text lines."""
    if (log_format or "").strip().lower() == "json":
        return JsonFormatter()
    return logging.Formatter(FORMAT)


def level_of(name: str) -> int:
    """The logging level a LOG_LEVEL value names (INFO when it names none)."""
    value = logging.getLevelName(name.strip().upper()) if name else logging.INFO
    return value if isinstance(value, int) else logging.INFO


def setup_logging(level: str = "INFO", *, quiet: bool = False, stream: TextIO | None = None,
                  log_format: str | None = None) -> logging.Handler | None:
    """Configure the root logger once per process (again replaces it); returns the handler installed.

    Without `stream` the handler writes to stderr, and only when nobody else has put a handler
    on the root (as logging.basicConfig: a host such as pytest keeps its own). The library caps
    apply in every case. `log_format` is "text" or "json"; None reads LOG_FORMAT from the environment.
    """
    root = logging.getLogger()
    ours = [h for h in root.handlers if getattr(h, _OURS, False)]
    foreign = [h for h in root.handlers if h not in ours]
    chosen = logging.WARNING if quiet else level_of(level)
    handler: logging.Handler | None = None
    if stream is not None or not foreign:
        for old in ours:
            root.removeHandler(old)
        handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
        handler.setFormatter(formatter_for(log_format if log_format is not None else os.environ.get("LOG_FORMAT")))
        handler.addFilter(RedactingFilter())
        setattr(handler, _OURS, True)
        root.addHandler(handler)
        root.setLevel(chosen)
    for name, cap in CAPPED.items():
        # A logger with its own level ignores the root's: never let it say more than the root does.
        logging.getLogger(name).setLevel(max(cap, chosen))
    return handler
