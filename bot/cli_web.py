"""`musharaka web` (serve only the coordinators' page) and `musharaka web-link` (print a sign-in link).

`web` listens on 127.0.0.1:8080 by default, on whatever DATABASE_URL names (the terminal chat's
SQLite file too), so anyone trying the project can open the page; `web-link` prints only the URL,
so it can be piped or pasted.
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import sys

from bot.cli import EXTRA_COMMANDS, open_database
from bot.settings import Settings
from handlers.permissions import PERMISSIONS
from storage.services.audit import cli_actor
from storage.services.dashboard_auth import create_link, login_url
from storage.services.staff import contact_by_identity, roles_of

CHANNELS = ("telegram", "whatsapp", "console")


def _fail(message: str) -> int:
    sys.stderr.write(f"error: {message}\n")
    return 2


async def web_link(settings: Settings, args: argparse.Namespace) -> int:
    """musharaka web-link --channel C --user ID: a one-time link (15 minutes) for an admin or coordinator."""
    if args.channel not in CHANNELS:
        return _fail(f"unknown channel {args.channel!r} (one of {', '.join(CHANNELS)})")
    person = f"{args.channel}:{args.user}"
    db = await open_database(settings)
    try:
        async with db.transaction() as session:
            contact_id = await contact_by_identity(session, args.channel, args.user)
            roles = await roles_of(session, contact_id) if contact_id is not None else {}
            if not any("export" in PERMISSIONS.get(role, ()) for held in roles.values() for role in held):
                return _fail(f"{person} is neither admin nor coordinator of any organisation "
                             "(see `musharaka staff list`)")
            assert contact_id is not None
            token = await create_link(session, contact_id, actor=cli_actor())
    finally:
        await db.dispose()
    print(login_url(settings.dashboard_url, token))
    return 0


async def serve(settings: Settings, args: argparse.Namespace) -> int:
    """musharaka web [--host H] [--port P]: serve /dashboard until Ctrl+C."""
    from aiohttp import web

    from web.app import standalone_app

    db = await open_database(settings)
    runner = web.AppRunner(standalone_app(db, settings), access_log=None)
    try:
        await runner.setup()
        try:
            await web.TCPSite(runner, args.host, args.port).start()
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return _fail(f"port {args.port} on {args.host} is already in use: choose another with --port")
            return _fail(f"cannot listen on {args.host}:{args.port} ({error.strerror or error})")
        shown = "127.0.0.1" if args.host in ("0.0.0.0", "") else args.host
        sys.stderr.write(f"dashboard on http://{shown}:{args.port}/dashboard/ — sign in with a link from "
                         "`musharaka web-link`; Ctrl+C stops\n")
        await asyncio.Event().wait()
        return 0
    finally:
        await runner.cleanup()
        await db.dispose()


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"port out of range: {port}")
    return port


def add_web_commands(sub: argparse._SubParsersAction) -> None:
    """Register `musharaka web` and `musharaka web-link`."""
    web_parser = sub.add_parser("web", help="serve only the coordinators' web page (default 127.0.0.1:8080)")
    web_parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    web_parser.add_argument("--port", type=_port, default=8080, help="port to listen on (default 8080)")
    web_parser.set_defaults(func=serve)
    link = sub.add_parser("web-link", help="print a one-time sign-in link to the web page (valid 15 minutes)")
    link.add_argument("--channel", required=True, help="telegram, whatsapp or console")
    link.add_argument("--user", required=True, help="the person's id on that channel")
    link.set_defaults(func=web_link)


EXTRA_COMMANDS.append(add_web_commands)
