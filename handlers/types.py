"""The neutral messages that flow between channel adapters and the handlers."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class InboundKind(StrEnum):
    """What the person did."""

    TEXT = "text"
    CHOICE = "choice"  # pressed a button / picked a list row / typed an option number
    COMMAND = "command"  # /start, /menu, /help, /join …
    CONTACT = "contact"  # shared their phone number (Telegram contact button)
    UNSUPPORTED = "unsupported"  # sticker, photo, location, edited message …


@dataclass(frozen=True, slots=True)
class Inbound:
    """One thing a person sent, in any channel."""

    channel: str
    external_id: str
    kind: InboundKind
    text: str = ""
    choice: str | None = None
    command: str | None = None
    payload: str | None = None
    phone: str | None = None
    display_name: str | None = None
    # The platform's id of the update/message: the same id twice has one effect.
    update_key: str | None = None
    # The language the person's app is set to (Telegram's language_code, e.g. "en", "ckb"):
    # it proposes the language of the welcome; it is never stored.
    language_hint: str | None = None


@dataclass(frozen=True, slots=True)
class Option:
    """A choice offered to the person: an opaque id and a label."""

    id: str
    label: str
    # Optional longer text (WhatsApp list row description).
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A file sent to the person (exports, calendar files, QR tickets)."""

    filename: str
    data: bytes
    mime_type: str = "application/octet-stream"


@dataclass(slots=True)
class Outbound:
    """One reply: rendered text, optional options and an optional document."""

    text: str
    options: list[Option] = field(default_factory=list)
    document: Document | None = None
    # Navigation replies may replace the message whose button was pressed (Telegram edits it).
    replace: bool = False
    # Ask the person to share their phone number (Telegram's contact request keyboard).
    request_contact: bool = False
    # The main menu: the dispatcher completes its optional entries once routing is done.
    is_main_menu: bool = False
    # The recipient's language, set on what the outbox sends (WhatsApp picks the template by it).
    language: str | None = None
