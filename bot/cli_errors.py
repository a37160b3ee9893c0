"""Operator mistakes as one line: `error: <what is wrong and what to fix>`, exit code 2.

Where the context is known (opening the database, Telegram's getMe, binding the webhook port)
the code raises OperatorError with a precise text; `explain` is the fallback `musharaka` main()
uses for errors that surface later (a read-only database on the first write, a bad token in
`musharaka worker`). Anything it does not recognise is a bug and keeps its traceback.
"""

from __future__ import annotations

import asyncio
import errno
import getpass
import os
import re
import socket
import sqlite3
import sys
import traceback
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from bot.settings import Settings

EXIT_OPERATOR = 2
DATABASE_URL_HELP = "use sqlite:///PATH/musharaka.db or postgresql://USER:PASSWORD@HOST:5432/DATABASE"
T = TypeVar("T")


class OperatorError(Exception):
    """A problem the operator can fix: `musharaka` prints `error: <message>` and exits 2."""


def hide_password(url: str) -> str:
    """DATABASE_URL as it may be shown on screen: with `***` for the password."""
    return re.sub(r"(//[^/:@]*:)[^@/]*@", r"\1***@", url)


def check_http_url(name: str, value: str) -> None:
    """Refuse a variable that should hold an http(s) URL but does not (no retrying a typo)."""
    try:
        parts = urlsplit(value.strip())
        _ = parts.port  # a port that is not a number raises here
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        valid = False
    if not valid:
        raise OperatorError(f"{name} {value!r} is not an http(s) URL: give one like https://host/path")


# ------------------------------------------------------------------------------------------ database


@contextmanager
def database_errors(url: str) -> Iterator[None]:
    """Turn what connecting to / migrating DATABASE_URL can raise into one precise OperatorError."""
    try:
        yield
    except OperatorError:
        raise
    except Exception as error:
        message = describe_database_error(error, url, connecting=True)
        if message is None:
            raise
        raise OperatorError(message) from error


def check_database_url(url: str) -> None:
    """Refuse a DATABASE_URL that is not SQLite or PostgreSQL before anything connects."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from storage.db import normalize_database_url

    try:
        driver = make_url(normalize_database_url(url)).drivername
    except ArgumentError:
        raise OperatorError(f"DATABASE_URL {hide_password(url)!r} is not a database URL: {DATABASE_URL_HELP}") from None
    if driver not in ("sqlite+aiosqlite", "postgresql+asyncpg"):
        raise OperatorError(f"DATABASE_URL uses {driver!r}, which Musharaka does not support: {DATABASE_URL_HELP}")


def describe_database_error(error: BaseException, url: str, *, connecting: bool = False) -> str | None:
    """One line for a database error the operator can fix, or None for anything else (a bug)."""
    from sqlalchemy.exc import ArgumentError, DBAPIError

    if isinstance(error, ArgumentError) and connecting:
        return f"DATABASE_URL {hide_password(url)!r} is not a database URL: {DATABASE_URL_HELP}"
    sqlite = url.startswith("sqlite")
    if isinstance(error, DBAPIError):
        orig = error.orig
        if isinstance(orig, sqlite3.Error):
            return _sqlite_problem(str(orig), url)
        return _postgres_problem(orig, url)
    if isinstance(error, OSError):
        if sqlite and isinstance(error, (FileExistsError, NotADirectoryError)):
            # create_engine makes the database's folder, and a file stands where a folder should be.
            return (f"{error.filename} is a file, not a folder, so the SQLite database cannot be created "
                    "there: fix the path in DATABASE_URL")
        if sqlite and error.filename:
            return (f"cannot create the folder {error.filename} for the SQLite database "
                    f"({error.strerror or error}): fix the path in DATABASE_URL")
        if not sqlite and connecting:
            return _postgres_unreachable(error, url)
    return None


def _sqlite_path(url: str) -> Path:
    from sqlalchemy.engine import make_url

    database = make_url(url).database or ""
    if database.startswith("file:"):
        database = database[len("file:"):]
    return Path(database.split("?")[0])


def _sqlite_problem(text: str, url: str) -> str | None:
    path = _sqlite_path(url)
    side_files = f"{path.name}-wal and {path.name}-shm"
    if "readonly database" in text:
        return (f"the SQLite database {path} is read-only: make the file and its folder writable "
                f"(SQLite writes {side_files} beside it), or set DATABASE_URL to a writable file")
    if "unable to open database file" in text:
        if path.is_dir():
            return f"cannot open the SQLite database {path}: it is a folder; point DATABASE_URL at a file"
        return (f"cannot open the SQLite database {path}: the file must exist or be creatable, and its "
                f"folder {path.parent} must be writable (SQLite creates {side_files} there)")
    if "file is not a database" in text:
        return f"{path} is not a SQLite database: point DATABASE_URL at the bot's database file"
    if "database is locked" in text:
        return f"the SQLite database {path} is locked by another program: stop it, or try again"
    if "disk is full" in text or "disk I/O error" in text:
        return f"the SQLite database {path} cannot be written ({text}): free space or check the disk"
    return None


def _postgres_problem(orig: BaseException | None, url: str) -> str | None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    state = str(getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None) or "")
    detail = str(getattr(orig, "__cause__", None) or orig or "").splitlines()[0] if orig else ""
    if state == "3D000":
        return (f'the PostgreSQL database "{parsed.database}" does not exist on {where}: create it '
                f"(createdb {parsed.database}) or fix the database name in DATABASE_URL")
    if state in ("28P01", "28000"):
        return f"PostgreSQL on {where} refused the login ({detail}): check the user and password in DATABASE_URL"
    if state == "25006":
        return (f'the PostgreSQL database "{parsed.database}" on {where} is read-only: '
                "point DATABASE_URL at the primary server")
    if state.startswith(("08", "57P", "53")):
        return f"PostgreSQL on {where} is not accepting connections ({detail}): start it or try again"
    return None


def _postgres_unreachable(error: OSError, url: str) -> str:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    host, port = parsed.host or "localhost", parsed.port or 5432
    if isinstance(error, socket.gaierror):
        return f"cannot find the PostgreSQL host {host!r}: fix the host in DATABASE_URL"
    reason = error.strerror or type(error).__name__
    if isinstance(error, ConnectionRefusedError):
        reason = "connection refused"
    return f"cannot reach PostgreSQL at {host}:{port} ({reason}): start it, or fix the host and port in DATABASE_URL"


# ------------------------------------------------------------------------------------------ channels


def telegram_token_problem(error: BaseException) -> str:
    """The line for PTB's InvalidToken (its own message holds the token, so it is never shown)."""
    cause = str(error.__cause__ or "")
    status = "404 Not Found" if "not found" in cause.lower() else "401 Unauthorized"
    return f"Telegram rejected TELEGRAM_BOT_TOKEN ({status}): check the token from @BotFather"


def telegram_unreachable(base_url: str, error: BaseException, tries: int | None = None) -> str:
    """The line for a Bot API that cannot be reached (after `tries` attempts)."""
    after = f" after {tries} {'try' if tries == 1 else 'tries'}" if tries else ""
    return (f"cannot reach the Telegram Bot API at {base_url}{after} ({_short(error)}): "
            "check the network, or TELEGRAM_API_BASE_URL")


async def with_retries(what: str, call: Callable[[], Awaitable[T]], *, attempts: int, delay: float,
                       retry_on: tuple[type[BaseException], ...], give_up: tuple[type[BaseException], ...] = (),
                       on_failure: Callable[[BaseException, int], str], stream: TextIO | None = None) -> T:
    """Await `call`, retrying `retry_on` errors with a short note on stderr, then raise OperatorError.

    `delay` doubles after each try. `give_up` are subclasses of `retry_on` not worth retrying.
    """
    stream = stream or sys.stderr
    attempts = max(1, attempts)
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except give_up:
            raise
        except retry_on as error:
            if attempt == attempts:
                raise OperatorError(on_failure(error, attempts)) from error
            wait = delay * 2 ** (attempt - 1)
            stream.write(f"warning: cannot reach {what} ({_short(error)}); "
                         f"trying again in {wait:g} s ({attempt} of {attempts})\n")
            stream.flush()
            await asyncio.sleep(wait)
    raise AssertionError("unreachable")


@contextmanager
def listen_errors(host: str, port: int) -> Iterator[None]:
    """Turn a failure to listen on WEBHOOK_HOST:WEBHOOK_PORT into one line."""
    try:
        yield
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise OperatorError(f"port {port} on {host} is already in use: stop the program using it, "
                                "or set WEBHOOK_PORT to a free port") from error
        if error.errno == errno.EACCES:
            raise OperatorError(f"not allowed to listen on port {port}: set WEBHOOK_PORT to 1024 or above") from error
        raise OperatorError(f"cannot listen on {host}:{port} ({error.strerror or error}): "
                            "check WEBHOOK_HOST and WEBHOOK_PORT") from error


def _short(error: BaseException) -> str:
    text = str(getattr(error, "message", None) or error or type(error).__name__)
    text = text.removeprefix("httpx.").splitlines()[0] if text else type(error).__name__
    return text[:200]


# ------------------------------------------------------------------------------------------ main()


def explain(error: BaseException, settings: Settings | None) -> OperatorError | None:
    """The operator error behind an exception that reached main(), or None for a bug."""
    if isinstance(error, OperatorError):
        return error
    from storage.content import ContentError

    if isinstance(error, ContentError):
        if str(error).endswith(" is missing"):
            return OperatorError(f"{error}: set MUSHARAKA_CONTENT_DIR to the folder that holds elections.yaml "
                                 "and demo_events.yaml, or unset it to use the bundled content")
        return OperatorError(f"{error}: fix the file, or set MUSHARAKA_CONTENT_DIR to another folder")
    if settings is not None:
        message = describe_database_error(error, settings.database_url)
        if message:
            return OperatorError(message)
        telegram = _telegram_problem(error, settings)
        if telegram:
            return OperatorError(telegram)
    if isinstance(error, OSError) and error.filename:
        return OperatorError(f"{error.filename}: {error.strerror or error}")
    return None


def _telegram_problem(error: BaseException, settings: Settings) -> str | None:
    if "telegram" not in sys.modules:
        return None  # PTB was never imported, so this cannot be one of its errors
    from telegram.error import BadRequest, InvalidToken, NetworkError

    if isinstance(error, InvalidToken):
        return telegram_token_problem(error)
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        return telegram_unreachable(settings.telegram_api_base_url, error)
    return None


def settings_problem(error: Exception) -> OperatorError:
    """One line for an environment variable pydantic could not read (WEBHOOK_PORT=abc…)."""
    first = error.errors()[0] if hasattr(error, "errors") else {}  # type: ignore[attr-defined]
    name = ".".join(str(part) for part in first.get("loc", ())) or "a setting"
    given = first.get("input")
    reason = first.get("msg", error)
    return OperatorError(f"{name}={given!r} is not valid ({reason}): fix it in the environment or .env")


def report(problem: OperatorError, cause: BaseException, *, debug: bool, secrets: tuple[str | None, ...] = (),
           stream: TextIO | None = None) -> int:
    """Print `error: …` (after the traceback when debugging, secrets masked) and return exit code 2."""
    stream = stream or sys.stderr
    if debug:
        text = "".join(traceback.format_exception(cause))
        for secret in secrets:
            if secret:
                text = text.replace(secret, "***")
        stream.write(text)
    line = " ".join(str(problem).split())
    stream.write(f"error: {line}\n")
    stream.flush()
    return EXIT_OPERATOR


def settings_secrets(settings: Settings) -> tuple[str | None, ...]:
    """Values a DEBUG traceback must not show: tokens, app secret, the database password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        password = make_url(settings.database_url).password
    except ArgumentError:
        password = None
    return (settings.telegram_bot_token, settings.whatsapp_access_token, settings.whatsapp_app_secret,
            settings.secret_key, settings.metrics_token, str(password) if password else None)


def debug_requested(settings: Settings | None) -> bool:
    """LOG_LEVEL=DEBUG (read from the environment when the settings themselves failed)."""
    level = settings.log_level if settings is not None else os.environ.get("LOG_LEVEL", "")
    return level.strip().upper() == "DEBUG"


def output_path_problem(path: Path) -> str | None:
    """Why no file can be written at `path` (given with -o), in one line; None when it can."""
    if path.is_dir():
        return f"{path} is a folder: give a file name with -o"
    if not path.parent.is_dir():
        return f"folder {path.parent} does not exist: create it, or choose another path with -o"
    return None


def operator_name() -> str:
    """Who ran the command, for the audit log (`cli:<user>`); a container may have no login name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def discard(path: str) -> None:
    """Remove a half-written file, if it is there."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass

