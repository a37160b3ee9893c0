"""LOG_FORMAT=json: a log collector reads one JSON object per line, as redacted as the text lines."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.logging_setup import setup_logging


@pytest.fixture
def restore_root() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


def test_json_lines_carry_time_level_logger_and_a_redacted_message(restore_root: None) -> None:
    out = io.StringIO()
    setup_logging("INFO", stream=out, log_format="json")
    log = logging.getLogger("musharaka.test")
    log.info("sent to %s: «%s»", "+9647701234567", "موعد الندوة")
    try:
        raise ValueError("bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw in a traceback")
    except ValueError:
        log.exception("send failed")
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["level"] == "INFO" and first["logger"] == "musharaka.test"
    assert first["message"] == "sent to [phone]: «موعد الندوة»"
    assert first["time"].endswith("+00:00")
    assert second["level"] == "ERROR" and "ValueError" in second["exception"]
    assert "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw" not in second["exception"] and "[token]" in second["exception"]


def test_log_format_comes_from_the_environment_and_defaults_to_text(restore_root: None,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setenv("LOG_FORMAT", "JSON")
    setup_logging("INFO", stream=out)
    logging.getLogger("musharaka.test").warning("one")
    assert json.loads(out.getvalue())["message"] == "one"
    monkeypatch.delenv("LOG_FORMAT")
    text = io.StringIO()
    setup_logging("INFO", stream=text)
    logging.getLogger("musharaka.test").warning("two")
    assert text.getvalue().rstrip().endswith("WARNING musharaka.test: two")
