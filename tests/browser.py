"""Real-browser harness: the dashboard served by `musharaka web`, driven in the Debian Chromium by Playwright.

The browser is Debian's `chromium` package, launched by path: Playwright never downloads one.
Outside CI a machine without it skips the browser tests with the reason; under CI (env CI set,
as .ci/run does) a missing browser is a failure, so the stories cannot silently stop running.
One browser per test module; each test gets a fresh context (cookies, downloads) and page.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.conftest import free_port

T = TypeVar("T")
CHROMIUM = "/usr/bin/chromium"
IN_CI = bool(os.environ.get("CI"))
# Environment variables of the channels: the page server needs none of them.
_CHANNEL_VARIABLES = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_URL", "WHATSAPP_ACCESS_TOKEN",
                      "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN")


def chromium_path() -> str:
    """The Debian Chromium's path; skip (or fail under CI) when it or Playwright is missing."""
    path = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    missing = None
    if path is None:
        missing = "Debian chromium is not installed (apt-get install chromium fonts-noto-core)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "Playwright for Python is not installed (pip install -e '.[test]')"
    if missing:
        if IN_CI:
            pytest.fail(f"browser tests cannot run under CI: {missing}")
        pytest.skip(missing)
    return path  # type: ignore[return-value]


def run_async(work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to the end from a sync test: in its own thread, since Playwright's sync API
    keeps an event loop running in the test's thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(work())).result()


def cli_env(database_url: str, base_url: str | None = None) -> dict[str, str]:
    """The environment of a `musharaka` subprocess over the test database."""
    env = {k: v for k, v in os.environ.items() if k not in _CHANNEL_VARIABLES}
    env["DATABASE_URL"] = database_url
    if base_url is not None:
        env["DASHBOARD_URL"] = base_url
    return env


def musharaka(*args: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `musharaka ARGS…` (as `python -m bot.cli`) and return what it did."""
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=Path(__file__).resolve().parent.parent)


@dataclass
class Server:
    """A running `musharaka web` and how to reach it."""

    base_url: str
    database_url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def env(self) -> dict[str, str]:
        """The environment its CLI commands run with."""
        return cli_env(self.database_url, self.base_url)

    def sign_in_link(self, user: str, channel: str = "console") -> str:
        """A one-time link printed by `musharaka web-link` for that person (only the URL is on stdout)."""
        done = musharaka("web-link", "--channel", channel, "--user", user, env=self.env)
        assert done.returncode == 0, done.stderr
        lines = done.stdout.strip().splitlines()
        assert len(lines) == 1, f"web-link printed more than the URL: {done.stdout!r}"
        return lines[0]

    def log_text(self) -> str:
        """What the server wrote so far (for failure messages)."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def _wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"musharaka web stopped (exit {process.returncode}):\n{log.read_text()}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"musharaka web did not listen on {port} within {timeout}s:\n{log.read_text()}")


def start_server(database_url: str, folder: Path) -> Server:
    """Start `musharaka web` on a free port over `database_url`, waiting until it listens."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = folder / "musharaka-web.log"
    handle = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "web", "--host", "127.0.0.1", "--port", str(port)],
        stdout=handle, stderr=subprocess.STDOUT, env=cli_env(database_url, base_url),
        cwd=Path(__file__).resolve().parent.parent,
    )
    handle.close()
    try:
        _wait_for_port(port, process, log)
    except BaseException:
        process.kill()
        process.wait()
        raise
    return Server(base_url, database_url, process, log)


def stop_server(server: Server) -> None:
    """Stop the server started by start_server."""
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


# Named explicitly: test modules import these as browser_fixture / page_fixture and use "browser" / "page".
@pytest.fixture(scope="module", name="browser")
def browser_fixture() -> Iterator[Any]:
    """One headless Debian Chromium for the whole test module."""
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(name="page")
def page_fixture(browser: Any) -> Iterator[Any]:
    """A fresh page in its own context (no cookies), Arabic locale, desktop size, downloads allowed."""
    context = browser.new_context(locale="ar-IQ", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def screenshot(page: Any, folder: Path, name: str) -> Path:
    """Save a full-page screenshot under the test's folder and print where it is."""
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def right_gap(page: Any, selector: str = "#page-title") -> float:
    """How far (CSS px) the element's right edge is from the viewport's right edge."""
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not visible"
    width = page.evaluate("document.documentElement.clientWidth")
    return float(width - (box["x"] + box["width"]))


def text_gap_left(page: Any, selector: str = "#page-title") -> float:
    """How far the element's text starts from the element's left edge (large for right-aligned text)."""
    return float(page.evaluate(
        """(selector) => {
            const el = document.querySelector(selector);
            const range = document.createRange();
            range.selectNodeContents(el);
            const text = range.getBoundingClientRect();
            return text.left - el.getBoundingClientRect().left;
        }""",
        selector,
    ))


def platform_fonts(page: Any, selector: str) -> list[dict[str, Any]]:
    """The fonts Chromium really drew the element's text with (family, PostScript name, glyph count)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, f"no element {selector}"
        return list(cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"])
    finally:
        cdp.detach()
