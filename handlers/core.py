"""BotCore: the channel-agnostic bot that every adapter feeds (Inbound -> list[Outbound])."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from handlers.flood import FloodGuard
from handlers.options import OptionCodec
from handlers.types import Inbound, Outbound
from storage.content import CONTENT_DIR, ElectionsContent, load_elections
from storage.db import Database
from storage.services.secrets import get_or_create_secret

if TYPE_CHECKING:
    from storage.services.inbox import Claimed


@dataclass(frozen=True, slots=True)
class CoreConfig:
    """Settings the handlers need, independent of how they were configured."""

    # MUSHARAKA_STAFF entries, "channel:external_id@ORG": the first admin of an organisation without one
    # (storage/services/staff_bootstrap.py).
    staff_ids: frozenset[str] = field(default_factory=frozenset)
    content_dir: Path = CONTENT_DIR
    secret_key: str | None = None
    # Flood control: at most this many messages per person in `flood_window` seconds (None: off).
    flood_limit: int | None = None
    flood_window: float = 10.0
    bot_username: str | None = None
    # WHATSAPP_DISPLAY_NUMBER (digits, international form): QR tickets become wa.me links to it.
    whatsapp_number: str | None = None
    # DASHBOARD_URL: the public base URL of the coordinators' web page; sign-in links start with it.
    dashboard_url: str | None = None


class BotCore:
    """Holds the database, the option codec and the content; handles one inbound at a time."""

    def __init__(self, db: Database, codec: OptionCodec, elections: ElectionsContent, config: CoreConfig) -> None:
        self.db = db
        self.codec = codec
        self.elections = elections
        self.config = config
        self.flood = FloodGuard(config.flood_limit, config.flood_window) if config.flood_limit else None

    @classmethod
    async def create(cls, db: Database, config: CoreConfig | None = None) -> BotCore:
        """Build the core: load content and the option-signing key (generated once per database)."""
        config = config or CoreConfig()
        secret = config.secret_key or await get_or_create_secret(db, "option_ids")
        return cls(db, OptionCodec(secret.encode()), load_elections(config.content_dir), config)

    async def handle(self, inbound: Inbound, inbox: Claimed | None = None) -> list[Outbound]:
        """Answer one inbound message; never raises (errors become a polite reply).

        With `inbox`, the inbox row it came from is marked done with the replies in the same
        transaction, and errors are raised for the inbox worker instead (see dispatch).
        """
        from handlers.dispatcher import dispatch, record_replies
        from handlers.flood import flood_notice

        verdict = self.flood.check(f"{inbound.channel}:{inbound.external_id}") if self.flood else "ok"
        if verdict == "ok":
            return await dispatch(self, inbound, inbox=inbox)
        replies = [await flood_notice(self.db, inbound)] if verdict == "warn" else []
        if inbox is not None:
            await record_replies(self, inbox, replies)
        return replies
