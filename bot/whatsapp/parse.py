"""Meta's webhook envelope -> neutral Inbound messages and delivery status updates.

The envelope is ``entry[].changes[].value`` with ``messages[]`` (what people sent) and
``statuses[]`` (what happened to what we sent). Parsing is defensive: a malformed item is
skipped, never a reason to drop the rest of the post.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from handlers.types import Inbound, InboundKind

CHANNEL = "whatsapp"
# Option ids issued by the handlers carry their signature after this character (handlers.options).
_OPTION_ID_MARK = "~"


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    """What Meta says happened to a message we sent (sent / delivered / read / failed)."""

    message_id: str
    status: str
    error_code: int | None = None
    error_title: str | None = None


@dataclass(slots=True)
class Envelope:
    """Everything one webhook post carried."""

    messages: list[Inbound] = field(default_factory=list)
    statuses: list[StatusUpdate] = field(default_factory=list)


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def parse_envelope(data: dict[str, Any]) -> Envelope:
    """Collects the messages and statuses of every entry and change of a webhook body."""
    envelope = Envelope()
    if data.get("object") not in (None, "whatsapp_business_account"):
        return envelope
    for entry in _dicts(data.get("entry")):
        for change in _dicts(entry.get("changes")):
            if change.get("field", "messages") != "messages":
                continue
            value = change.get("value")
            if not isinstance(value, dict):
                continue
            for message in _dicts(value.get("messages")):
                inbound = parse_message(message)
                if inbound is not None:
                    envelope.messages.append(inbound)
            for status in _dicts(value.get("statuses")):
                update = parse_status(status)
                if update is not None:
                    envelope.statuses.append(update)
    return envelope


def parse_message(message: dict[str, Any]) -> Inbound | None:
    """One message -> Inbound; None when it is not a person talking (system notices, no sender)."""
    wa_id = _text(message.get("from"))
    wamid = _text(message.get("id"))
    if not wa_id or not wamid:
        return None
    kind = message.get("type")

    def inbound(inbound_kind: InboundKind, **fields: Any) -> Inbound:
        # The wamid is the update key: Meta delivers at least once, the dispatcher keeps one effect.
        return Inbound(CHANNEL, wa_id, inbound_kind, update_key=wamid, **fields)

    if kind == "text":
        body = _text((message.get("text") or {}).get("body"))
        if body.startswith("/") and len(body) > 1:
            name, _, payload = body[1:].partition(" ")
            return inbound(InboundKind.COMMAND, text=body, command=name.lower(), payload=payload.strip() or None)
        return inbound(InboundKind.TEXT, text=body)
    if kind == "interactive":
        interactive = message.get("interactive") or {}
        reply_type = interactive.get("type") if isinstance(interactive, dict) else None
        if reply_type in ("button_reply", "list_reply"):
            reply = interactive.get(reply_type) or {}
            choice = _text(reply.get("id")) if isinstance(reply, dict) else ""
            if choice:
                return inbound(InboundKind.CHOICE, choice=choice)
        return inbound(InboundKind.UNSUPPORTED)
    if kind == "button":
        # A quick-reply button of a template: our option id as payload, or a static button whose
        # text is a menu word ('main menu') that the keyword matcher understands.
        button = message.get("button") or {}
        payload = _text(button.get("payload")) if isinstance(button, dict) else ""
        text = _text(button.get("text")) if isinstance(button, dict) else ""
        if _OPTION_ID_MARK in payload:
            return inbound(InboundKind.CHOICE, choice=payload)
        return inbound(InboundKind.TEXT, text=text or payload)
    if kind == "request_welcome":
        # The person opened the chat for the first time: greet them as /start would.
        return inbound(InboundKind.COMMAND, text="/start", command="start")
    if kind == "system":
        return None
    # image, audio, video, document, sticker, location, contacts, reaction, unsupported, …
    return inbound(InboundKind.UNSUPPORTED)


def parse_status(status: dict[str, Any]) -> StatusUpdate | None:
    """One status item -> StatusUpdate, with the first error's code and title for failures."""
    message_id = _text(status.get("id"))
    state = _text(status.get("status"))
    if not message_id or not state:
        return None
    errors = _dicts(status.get("errors"))
    if not errors:
        return StatusUpdate(message_id, state)
    error = errors[0]
    code = error.get("code")
    details = (error.get("error_data") or {}).get("details") if isinstance(error.get("error_data"), dict) else None
    title = _text(error.get("title")) or _text(error.get("message"))
    if isinstance(details, str) and details and details != title:
        title = f"{title}: {details}" if title else details
    return StatusUpdate(message_id, state, code if isinstance(code, int) else None, title or None)
