"""`musharaka run` with nothing configured says what to set and starts nothing."""

from __future__ import annotations

import os
import subprocess
import sys

CHANNEL_VARIABLES = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_URL", "WHATSAPP_ACCESS_TOKEN",
                     "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN")


def test_run_without_tokens_names_the_variables_and_exits(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in CHANNEL_VARIABLES}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
    done = subprocess.run([sys.executable, "-m", "bot.cli", "run"], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    for variable in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_URL", "WHATSAPP_ACCESS_TOKEN", "musharaka chat"):
        assert variable in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.db").exists(), "nothing was started, not even the database"
