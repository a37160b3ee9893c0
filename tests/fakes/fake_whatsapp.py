"""A fake WhatsApp Cloud API (Graph API) server and webhook payload builders for end-to-end tests.

The server is a small aiohttp application on ``127.0.0.1`` on a free port::

    async with FakeWhatsAppServer(phone_number_id="PNID1", access_token="WA-TOKEN") as wa:
        client = WhatsAppClient(base_url=wa.base_url, ...)   # posts to {base_url}/PNID1/messages

It checks the bearer token, validates message bodies against the Cloud API limits the bot relies on
(button titles <= 20 characters, at most 3 buttons, at most 10 list rows, ...) and answers
violations with the Graph error body, so tests catch limit violations.  Every request is recorded.

Inbound traffic (what Meta POSTs to the bot's webhook) is built with :class:`WebhookPayloads`
(``wa.text_message(...)``, ``wa.button_reply(...)``, ``wa.status_update(...)``, ...; also available
as module-level functions bound to the default phone number id) and signed with :func:`sign`.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import hmac
import itertools
import json
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

__all__ = [
    "DEFAULT_PAYLOADS",
    "FakeWhatsAppServer",
    "GRAPH_ERROR_TITLES",
    "RecordedRequest",
    "SentMessage",
    "UploadedMedia",
    "WebhookPayloads",
    "button_reply",
    "combine",
    "graph_error",
    "image_message",
    "list_reply",
    "location_message",
    "reaction_message",
    "sign",
    "signed_request",
    "status_update",
    "sticker_message",
    "template_button",
    "text_message",
    "unknown_message",
    "validate_message",
]

#: Titles Meta uses for common error codes (in responses and in failed status webhooks).
GRAPH_ERROR_TITLES: dict[int, str] = {
    1: "Unknown error",
    2: "Service temporarily unavailable",
    100: "Invalid parameter",
    190: "Invalid OAuth access token",
    130429: "Rate limit hit",
    131000: "Something went wrong",
    131005: "Access denied",
    131008: "Required parameter is missing",
    131009: "Parameter value is not valid",
    131026: "Message undeliverable",
    131047: "Re-engagement message",
    131051: "Message type unknown",
    131053: "Media upload error",
    131056: "(Business Account, Consumer Account) pair rate limit hit",
    132000: "Template Param Count Mismatch",
    132001: "Template does not exist",
}

_ERROR_DETAILS: dict[int, str] = {
    131026: "Message Undeliverable.",
    131047: "Message failed to send because more than 24 hours have passed since the customer last "
    "replied to this number.",
    131051: "Message type is currently not supported.",
    130429: "Cloud API message throughput has been reached.",
    131056: "Too many messages sent from the sender phone number to the same recipient phone number "
    "in a short period of time.",
}

_MESSAGE_TYPES: frozenset[str] = frozenset(
    {"text", "interactive", "template", "document", "image", "audio", "video", "sticker", "location",
     "reaction", "contacts"}
)
_MEDIA_TYPES: frozenset[str] = frozenset({"document", "image", "audio", "video", "sticker"})
_INTERACTIVE_TYPES: frozenset[str] = frozenset(
    {"button", "list", "cta_url", "product", "product_list", "flow", "location_request_message",
     "address_message", "catalog_message"}
)
_MAX_UPLOAD_BYTES = 100 * 1024 * 1024


def _fbtrace_id() -> str:
    return secrets.token_urlsafe(16)[:22]


def graph_error(
    code: int,
    message: str | None = None,
    *,
    details: str | None = None,
    error_type: str = "OAuthException",
    subcode: int | None = None,
) -> dict[str, Any]:
    """A Graph API error body ``{"error": {...}}`` as the Cloud API returns it.

    ``message`` defaults to the known title of ``code``; codes other than 190 are prefixed with
    ``(#code)`` like Meta does.
    """
    text = message or GRAPH_ERROR_TITLES.get(code, "Unknown error")
    if code != 190 and not text.startswith("(#"):
        text = f"(#{code}) {text}"
    error: dict[str, Any] = {"message": text, "type": error_type, "code": code}
    if code != 190 or details is not None:
        error["error_data"] = {
            "messaging_product": "whatsapp",
            "details": details or _ERROR_DETAILS.get(code, text),
        }
    if subcode is not None:
        error["error_subcode"] = subcode
    error["fbtrace_id"] = _fbtrace_id()
    return {"error": error}


class _Invalid(Exception):
    """A validation failure: ``details`` goes to ``error.error_data.details``."""

    def __init__(self, details: str) -> None:
        super().__init__(details)
        self.details = details


def _str_field(obj: dict[str, Any], key: str, where: str, *, max_len: int, required: bool = True) -> str | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise _Invalid(f"The parameter {where}['{key}'] is required.")
        return None
    if not isinstance(value, str):
        raise _Invalid(f"Param {where}['{key}'] must be a string.")
    if required and not value.strip():
        raise _Invalid(f"Param {where}['{key}'] is required and must not be empty.")
    if len(value) > max_len:
        raise _Invalid(f"Param {where}['{key}'] is too long. Max length: {max_len}, actual: {len(value)}")
    return value


def _dict_field(obj: dict[str, Any], key: str, where: str, *, required: bool = True) -> dict[str, Any] | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise _Invalid(f"The parameter {where}['{key}'] is required.")
        return None
    if not isinstance(value, dict):
        raise _Invalid(f"Param {where}['{key}'] must be a JSON object.")
    return value


def _validate_text(text: dict[str, Any]) -> None:
    _str_field(text, "body", "text", max_len=4096)
    if "preview_url" in text and not isinstance(text["preview_url"], bool):
        raise _Invalid("Param text['preview_url'] must be a boolean.")


def _validate_header_footer(interactive: dict[str, Any], itype: str) -> None:
    header = _dict_field(interactive, "header", "interactive", required=False)
    if header is not None:
        htype = header.get("type")
        allowed = {"text"} if itype == "list" else {"text", "image", "video", "document"}
        if htype not in allowed:
            raise _Invalid(f"Param interactive['header']['type'] must be one of {sorted(allowed)}.")
        if htype == "text":
            _str_field(header, "text", "interactive['header']", max_len=60)
        else:
            media = _dict_field(header, htype, "interactive['header']")
            assert media is not None
            if not media.get("id") and not media.get("link"):
                raise _Invalid(f"Param interactive['header']['{htype}'] requires 'id' or 'link'.")
    footer = _dict_field(interactive, "footer", "interactive", required=False)
    if footer is not None:
        _str_field(footer, "text", "interactive['footer']", max_len=60)


def _validate_buttons(action: dict[str, Any]) -> None:
    buttons = action.get("buttons")
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
        count = len(buttons) if isinstance(buttons, list) else 0
        raise _Invalid(f"Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3, actual: {count}")
    ids: set[str] = set()
    titles: set[str] = set()
    for i, button in enumerate(buttons):
        where = f"interactive['action']['buttons'][{i}]"
        if not isinstance(button, dict) or button.get("type") != "reply":
            raise _Invalid(f"Param {where}['type'] must be 'reply'.")
        reply = _dict_field(button, "reply", where)
        assert reply is not None
        button_id = reply.get("id")
        if not isinstance(button_id, str) or not 1 <= len(button_id) <= 256:
            raise _Invalid("Button id length invalid. Min length: 1, Max length: 256")
        if button_id != button_id.strip():
            raise _Invalid("Button id cannot have leading or trailing spaces.")
        title = reply.get("title")
        if not isinstance(title, str) or not title.strip() or len(title) > 20:
            raise _Invalid("Button title length invalid. Min length: 1, Max length: 20")
        if button_id in ids:
            raise _Invalid("Duplicate button id. Button ids must be unique.")
        if title in titles:
            raise _Invalid("Duplicate button title. Button titles must be unique.")
        ids.add(button_id)
        titles.add(title)


def _validate_list(action: dict[str, Any]) -> None:
    button = action.get("button")
    if not isinstance(button, str) or not button.strip() or len(button) > 20:
        raise _Invalid("Button title length invalid. Min length: 1, Max length: 20")
    sections = action.get("sections")
    if not isinstance(sections, list) or not 1 <= len(sections) <= 10:
        count = len(sections) if isinstance(sections, list) else 0
        raise _Invalid(f"Invalid sections count. Min allowed sections: 1, Max allowed sections: 10, actual: {count}")
    total_rows = 0
    row_ids: set[str] = set()
    for s, section in enumerate(sections):
        where = f"interactive['action']['sections'][{s}]"
        if not isinstance(section, dict):
            raise _Invalid(f"Param {where} must be a JSON object.")
        title = section.get("title")
        if title is None:
            if len(sections) > 1:
                raise _Invalid("Section title is required when there is more than one section.")
        elif not isinstance(title, str) or not title.strip() or len(title) > 24:
            raise _Invalid("Section title length invalid. Min length: 1, Max length: 24")
        rows = section.get("rows")
        if not isinstance(rows, list) or not rows:
            raise _Invalid(f"Param {where}['rows'] must contain at least one row.")
        total_rows += len(rows)
        for r, row in enumerate(rows):
            if not isinstance(row, dict):
                raise _Invalid(f"Param {where}['rows'][{r}] must be a JSON object.")
            row_id = row.get("id")
            if not isinstance(row_id, str) or not 1 <= len(row_id) <= 200:
                raise _Invalid("Row id length invalid. Min length: 1, Max length: 200")
            row_title = row.get("title")
            if not isinstance(row_title, str) or not row_title.strip() or len(row_title) > 24:
                raise _Invalid("Row title length invalid. Min length: 1, Max length: 24")
            description = row.get("description")
            if description is not None and (not isinstance(description, str) or len(description) > 72):
                raise _Invalid("Row description length invalid. Max length: 72")
            if row_id in row_ids:
                raise _Invalid("Duplicate row id. Row ids must be unique across all sections.")
            row_ids.add(row_id)
    if not 1 <= total_rows <= 10:
        raise _Invalid(f"Invalid number of rows. Min allowed rows: 1, Max allowed rows: 10, actual: {total_rows}")


def _validate_interactive(interactive: dict[str, Any]) -> None:
    itype = interactive.get("type")
    if itype not in _INTERACTIVE_TYPES:
        raise _Invalid(f"Param interactive['type'] must be one of {sorted(_INTERACTIVE_TYPES)}.")
    limit = 4096 if itype == "list" else 1024
    body_required = itype in ("button", "list", "cta_url")
    body = _dict_field(interactive, "body", "interactive", required=body_required)
    if body is not None:
        _str_field(body, "text", "interactive['body']", max_len=limit)
    _validate_header_footer(interactive, itype)
    action = _dict_field(interactive, "action", "interactive", required=itype != "location_request_message")
    if itype == "button":
        assert action is not None
        _validate_buttons(action)
    elif itype == "list":
        assert action is not None
        _validate_list(action)
    elif itype == "cta_url":
        assert action is not None
        if action.get("name") != "cta_url":
            raise _Invalid("Param interactive['action']['name'] must be 'cta_url'.")
        parameters = _dict_field(action, "parameters", "interactive['action']")
        assert parameters is not None
        _str_field(parameters, "display_text", "interactive['action']['parameters']", max_len=20)
        _str_field(parameters, "url", "interactive['action']['parameters']", max_len=2000)


def _validate_template(template: dict[str, Any]) -> None:
    _str_field(template, "name", "template", max_len=512)
    language = _dict_field(template, "language", "template")
    assert language is not None
    _str_field(language, "code", "template['language']", max_len=15)
    components = template.get("components")
    if components is None:
        return
    if not isinstance(components, list):
        raise _Invalid("Param template['components'] must be an array.")
    for i, component in enumerate(components):
        where = f"template['components'][{i}]"
        if not isinstance(component, dict) or component.get("type") not in ("header", "body", "button", "footer"):
            raise _Invalid(f"Param {where}['type'] must be one of header, body, button, footer.")
        if component["type"] == "button":
            if component.get("sub_type") not in ("quick_reply", "url", "copy_code", "flow", "catalog"):
                raise _Invalid(f"Param {where}['sub_type'] is required for button components.")
            if "index" not in component:
                raise _Invalid(f"The parameter {where}['index'] is required.")
        parameters = component.get("parameters", [])
        if not isinstance(parameters, list):
            raise _Invalid(f"Param {where}['parameters'] must be an array.")
        for j, parameter in enumerate(parameters):
            if not isinstance(parameter, dict) or "type" not in parameter:
                raise _Invalid(f"The parameter {where}['parameters'][{j}]['type'] is required.")
            ptype = parameter["type"]
            if ptype == "text" and not isinstance(parameter.get("text"), str):
                raise _Invalid(f"The parameter {where}['parameters'][{j}]['text'] is required.")
            if ptype == "payload" and not isinstance(parameter.get("payload"), str):
                raise _Invalid(f"The parameter {where}['parameters'][{j}]['payload'] is required.")


def _validate_media(kind: str, media: dict[str, Any]) -> None:
    if not media.get("id") and not media.get("link"):
        raise _Invalid(f"Param {kind}['id'] or {kind}['link'] is required.")
    if media.get("id") and media.get("link"):
        raise _Invalid(f"Only one of {kind}['id'] and {kind}['link'] may be given.")
    if "caption" in media:
        if kind in ("audio", "sticker"):
            raise _Invalid(f"Param {kind}['caption'] is not allowed.")
        _str_field(media, "caption", kind, max_len=1024, required=False)
    if "filename" in media:
        if kind != "document":
            raise _Invalid(f"Param {kind}['filename'] is not allowed.")
        _str_field(media, "filename", kind, max_len=240, required=False)


def _validate_body(body: Any) -> str:
    """Validate a /messages body (not a read receipt); return the message type or raise _Invalid."""
    if not isinstance(body, dict):
        raise _Invalid("Request body must be a JSON object.")
    product = body.get("messaging_product")
    if product is None:
        raise _Invalid("The parameter messaging_product is required.")
    if product != "whatsapp":
        raise _Invalid("Param messaging_product must be 'whatsapp'.")
    recipient_type = body.get("recipient_type", "individual")
    if recipient_type != "individual":
        raise _Invalid("Param recipient_type must be 'individual'.")
    to = body.get("to")
    if not isinstance(to, str) or not re.fullmatch(r"\+?\d{5,20}", to):
        raise _Invalid("Param to must be a phone number / WhatsApp id string.")
    kind = body.get("type", "text")
    if kind not in _MESSAGE_TYPES:
        raise _Invalid(f"Param type must be one of {sorted(_MESSAGE_TYPES)}.")
    if kind == "contacts":
        if not isinstance(body.get("contacts"), list) or not body["contacts"]:
            raise _Invalid("The parameter contacts is required.")
        return kind
    payload = _dict_field(body, kind, "message")
    assert payload is not None
    if kind == "text":
        _validate_text(payload)
    elif kind == "interactive":
        _validate_interactive(payload)
    elif kind == "template":
        _validate_template(payload)
    elif kind in _MEDIA_TYPES:
        _validate_media(kind, payload)
    elif kind == "location":
        if not isinstance(payload.get("latitude"), (int, float, str)) or "longitude" not in payload:
            raise _Invalid("Params location['latitude'] and location['longitude'] are required.")
    elif kind == "reaction":
        _str_field(payload, "message_id", "reaction", max_len=200)
        if not isinstance(payload.get("emoji"), str):
            raise _Invalid("The parameter reaction['emoji'] is required.")
    context = body.get("context")
    if context is not None and (not isinstance(context, dict) or not isinstance(context.get("message_id"), str)):
        raise _Invalid("Param context['message_id'] must be a message id string.")
    return kind


def validate_message(body: Any) -> str | None:
    """Validate a Cloud API ``/messages`` body; return the error details or ``None`` if valid.

    This is the validation the fake server applies (usable directly in adapter unit tests).
    """
    try:
        _validate_body(body)
    except _Invalid as exc:
        return exc.details
    return None


@dataclass
class RecordedRequest:
    """One HTTP request received by the fake Graph API.

    ``json`` is the decoded JSON body (``None`` if the body was not JSON), ``form`` the non-file
    multipart/urlencoded fields, ``files`` maps field names to ``(filename, content_type, bytes)``.
    ``status`` / ``response`` are what the fake answered.
    """

    path: str
    json: Any
    form: dict[str, str]
    files: dict[str, tuple[str, str, bytes]]
    headers: dict[str, str]
    time: float
    method: str = "POST"
    status: int = 200
    response: Any = None

    @property
    def ok(self) -> bool:
        """Whether the fake answered this request successfully."""
        return self.status == 200


@dataclass
class SentMessage:
    """A message accepted by ``/messages``: its ``wamid``, recipient and the posted body."""

    wamid: str
    to: str
    body: dict[str, Any]


@dataclass
class UploadedMedia:
    """A file uploaded to ``/media``: ``mime_type`` is the ``type`` form field, ``content_type``
    the Content-Type of the multipart file part.
    """

    id: str
    filename: str
    mime_type: str
    data: bytes
    content_type: str = ""


@dataclass
class _FailRule:
    status: int
    code: int
    message: str
    remaining: int
    to: str | None
    details: str | None = None


def _visible_text(body: dict[str, Any]) -> str:
    kind = body.get("type", "text")
    payload = body.get(kind) if isinstance(body.get(kind), dict) else {}
    if kind == "text":
        return str(payload.get("body", ""))
    if kind == "interactive":
        return str((payload.get("body") or {}).get("text", ""))
    if kind == "template":
        return f"template:{payload.get('name', '')}"
    if kind == "document":
        return f"document:{payload.get('filename') or payload.get('id') or payload.get('link') or ''}"
    return f"{kind}:"


class WebhookPayloads:
    """Builders of the webhook bodies Meta POSTs to the bot (``object: whatsapp_business_account``).

    Each message gets ``from``, ``id`` (``wamid.<random>`` unless given), ``timestamp`` (unix
    seconds as a string) and ``type``.  The envelope's ``metadata`` uses this instance's phone
    number id and display number.
    """

    def __init__(
        self,
        phone_number_id: str = "PNID1",
        display_phone_number: str = "15550001234",
        waba_id: str = "WABA1",
        default_name: str = "مستخدم",
    ) -> None:
        """Create builders for the business phone number ``phone_number_id``."""
        self.phone_number_id = phone_number_id
        self.display_phone_number = display_phone_number
        self.waba_id = waba_id
        self.default_name = default_name

    # -- helpers

    @staticmethod
    def new_wamid() -> str:
        """A fresh, unique ``wamid.…`` message id."""
        return f"wamid.HBgM{secrets.token_hex(16).upper()}"

    def _envelope(
        self,
        *,
        messages: list[dict[str, Any]] | None = None,
        statuses: list[dict[str, Any]] | None = None,
        contacts: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        value: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "metadata": {
                "display_phone_number": self.display_phone_number,
                "phone_number_id": self.phone_number_id,
            },
        }
        if contacts:
            value["contacts"] = contacts
        if messages:
            value["messages"] = messages
        if statuses:
            value["statuses"] = statuses
        return {
            "object": "whatsapp_business_account",
            "entry": [{"id": self.waba_id, "changes": [{"value": value, "field": "messages"}]}],
        }

    def _inbound(
        self,
        wa_id: str,
        kind: str,
        content: dict[str, Any],
        *,
        wamid: str | None,
        name: str | None,
        timestamp: int | None,
        context_wamid: str | None = None,
    ) -> dict[str, Any]:
        message: dict[str, Any] = {}
        if context_wamid:
            message["context"] = {"from": self.display_phone_number, "id": context_wamid}
        message.update(
            {
                "from": wa_id,
                "id": wamid or self.new_wamid(),
                "timestamp": str(int(time.time()) if timestamp is None else timestamp),
                "type": kind,
            }
        )
        message.update(content)
        contact = {"profile": {"name": name or self.default_name}, "wa_id": wa_id}
        return self._envelope(messages=[message], contacts=[contact])

    # -- inbound messages

    def text_message(
        self,
        wa_id: str,
        body: str,
        wamid: str | None = None,
        *,
        name: str | None = None,
        timestamp: int | None = None,
    ) -> dict[str, Any]:
        """A plain text message from ``wa_id``."""
        return self._inbound(wa_id, "text", {"text": {"body": body}}, wamid=wamid, name=name, timestamp=timestamp)

    def button_reply(
        self,
        wa_id: str,
        reply_id: str,
        title: str,
        wamid: str | None = None,
        *,
        context_wamid: str | None = None,
        name: str | None = None,
        timestamp: int | None = None,
    ) -> dict[str, Any]:
        """A tap on a reply button of an interactive ``button`` message."""
        content = {"interactive": {"type": "button_reply", "button_reply": {"id": reply_id, "title": title}}}
        return self._inbound(
            wa_id, "interactive", content, wamid=wamid, name=name, timestamp=timestamp,
            context_wamid=context_wamid or self.new_wamid(),
        )

    def list_reply(
        self,
        wa_id: str,
        row_id: str,
        title: str,
        description: str = "",
        wamid: str | None = None,
        *,
        context_wamid: str | None = None,
        name: str | None = None,
        timestamp: int | None = None,
    ) -> dict[str, Any]:
        """A choice of a row of an interactive ``list`` message."""
        reply: dict[str, Any] = {"id": row_id, "title": title}
        if description:
            reply["description"] = description
        content = {"interactive": {"type": "list_reply", "list_reply": reply}}
        return self._inbound(
            wa_id, "interactive", content, wamid=wamid, name=name, timestamp=timestamp,
            context_wamid=context_wamid or self.new_wamid(),
        )

    def template_button(
        self,
        wa_id: str,
        payload: str,
        text: str,
        wamid: str | None = None,
        *,
        context_wamid: str | None = None,
        name: str | None = None,
        timestamp: int | None = None,
    ) -> dict[str, Any]:
        """A tap on a quick-reply button of a template message (``type: button``)."""
        content = {"button": {"payload": payload, "text": text}}
        return self._inbound(
            wa_id, "button", content, wamid=wamid, name=name, timestamp=timestamp,
            context_wamid=context_wamid or self.new_wamid(),
        )

    def image_message(
        self,
        wa_id: str,
        wamid: str | None = None,
        *,
        caption: str | None = None,
        name: str | None = None,
        timestamp: int | None = None,
    ) -> dict[str, Any]:
        """An image message (media id, sha256, mime type; optional caption)."""
        image: dict[str, Any] = {
            "mime_type": "image/jpeg",
            "sha256": hashlib.sha256(secrets.token_bytes(8)).hexdigest(),
            "id": str(secrets.randbelow(10**15) + 10**15),
        }
        if caption:
            image["caption"] = caption
        return self._inbound(wa_id, "image", {"image": image}, wamid=wamid, name=name, timestamp=timestamp)

    def location_message(
        self,
        wa_id: str,
        wamid: str | None = None,
        *,
        latitude: float = 33.3152,
        longitude: float = 44.3661,
        location_name: str | None = None,
        address: str | None = None,
        name: str | None = None,
        timestamp: int | None = None,
    ) -> dict[str, Any]:
        """A shared location (Baghdad by default)."""
        location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
        if location_name:
            location["name"] = location_name
        if address:
            location["address"] = address
        return self._inbound(wa_id, "location", {"location": location}, wamid=wamid, name=name, timestamp=timestamp)

    def sticker_message(
        self, wa_id: str, wamid: str | None = None, *, name: str | None = None, timestamp: int | None = None
    ) -> dict[str, Any]:
        """A sticker message."""
        sticker = {
            "mime_type": "image/webp",
            "sha256": hashlib.sha256(secrets.token_bytes(8)).hexdigest(),
            "id": str(secrets.randbelow(10**15) + 10**15),
            "animated": False,
        }
        return self._inbound(wa_id, "sticker", {"sticker": sticker}, wamid=wamid, name=name, timestamp=timestamp)

    def reaction_message(
        self,
        wa_id: str,
        wamid_reacted: str,
        emoji: str = "👍",
        wamid: str | None = None,
        *,
        name: str | None = None,
        timestamp: int | None = None,
    ) -> dict[str, Any]:
        """A reaction (``emoji``) to the message ``wamid_reacted``."""
        reaction = {"message_id": wamid_reacted, "emoji": emoji}
        return self._inbound(wa_id, "reaction", {"reaction": reaction}, wamid=wamid, name=name, timestamp=timestamp)

    def unknown_message(
        self, wa_id: str, wamid: str | None = None, *, name: str | None = None, timestamp: int | None = None
    ) -> dict[str, Any]:
        """A message of a type the Cloud API does not support (``type: unsupported``, error 131051)."""
        errors = [
            {
                "code": 131051,
                "title": "Message type unknown",
                "message": "Message type unknown",
                "error_data": {"details": _ERROR_DETAILS[131051]},
            }
        ]
        return self._inbound(wa_id, "unsupported", {"errors": errors}, wamid=wamid, name=name, timestamp=timestamp)

    # -- statuses

    def status_update(
        self,
        recipient_id: str,
        wamid: str,
        status: str,
        errors: list[dict[str, Any]] | None = None,
        *,
        timestamp: int | None = None,
    ) -> dict[str, Any]:
        """A delivery status (``sent``/``delivered``/``read``/``failed``) of our message ``wamid``.

        For ``failed``, ``errors`` entries may be partial (e.g. ``[{"code": 131047}]``); missing
        ``title``/``message``/``error_data.details``/``href`` are filled in.  Without ``errors`` a
        failed status carries 131026 "Message undeliverable".
        """
        if status not in ("sent", "delivered", "read", "failed"):
            raise ValueError(f"unknown status {status!r}")
        ts = str(int(time.time()) if timestamp is None else timestamp)
        entry: dict[str, Any] = {"id": wamid, "status": status, "timestamp": ts, "recipient_id": recipient_id}
        if status in ("sent", "delivered"):
            conversation: dict[str, Any] = {"id": secrets.token_hex(16), "origin": {"type": "service"}}
            if status == "sent":
                conversation["expiration_timestamp"] = str(int(ts) + 24 * 3600)
            entry["conversation"] = conversation
            entry["pricing"] = {"billable": True, "pricing_model": "CBP", "category": "service"}
        if status == "failed" or errors:
            entry["errors"] = [self._status_error(e) for e in (errors or [{"code": 131026}])]
        return self._envelope(statuses=[entry])

    @staticmethod
    def _status_error(error: dict[str, Any]) -> dict[str, Any]:
        code = int(error.get("code", 131026))
        title = error.get("title") or GRAPH_ERROR_TITLES.get(code, "Unknown error")
        full = {
            "code": code,
            "title": title,
            "message": error.get("message") or title,
            "error_data": error.get("error_data") or {"details": _ERROR_DETAILS.get(code, title)},
            "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
        }
        full.update({k: v for k, v in error.items() if k not in full})
        return full

    # -- combining

    @staticmethod
    def combine(*payloads: dict[str, Any]) -> dict[str, Any]:
        """Merge several webhook payloads into one envelope (one entry, one change).

        Messages, statuses and contacts (deduplicated by ``wa_id``) are concatenated in order;
        the metadata of the first payload is kept.
        """
        if not payloads:
            raise ValueError("combine() needs at least one payload")
        result = copy.deepcopy(payloads[0])
        value = result["entry"][0]["changes"][0]["value"]
        messages: list[dict[str, Any]] = []
        statuses: list[dict[str, Any]] = []
        contacts: list[dict[str, Any]] = []
        seen: set[str] = set()
        for payload in payloads:
            for entry in payload["entry"]:
                for change in entry["changes"]:
                    part = change["value"]
                    messages.extend(copy.deepcopy(part.get("messages", [])))
                    statuses.extend(copy.deepcopy(part.get("statuses", [])))
                    for contact in part.get("contacts", []):
                        if contact["wa_id"] not in seen:
                            seen.add(contact["wa_id"])
                            contacts.append(copy.deepcopy(contact))
        for key, items in (("contacts", contacts), ("messages", messages), ("statuses", statuses)):
            value.pop(key, None)
            if items:
                value[key] = items
        return result


def sign(body_bytes: bytes, app_secret: str) -> str:
    """The ``X-Hub-Signature-256`` header value: ``"sha256=<hex hmac-sha256 of body>"``."""
    digest = hmac.new(app_secret.encode(), body_bytes, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signed_request(payload: dict[str, Any], app_secret: str) -> tuple[bytes, dict[str, str]]:
    """Serialise ``payload`` like Meta does and return ``(body, headers)`` with the signature."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body, app_secret)}
    return body, headers


#: Builders bound to the default phone number id ``PNID1``.
DEFAULT_PAYLOADS = WebhookPayloads()
text_message = DEFAULT_PAYLOADS.text_message
button_reply = DEFAULT_PAYLOADS.button_reply
list_reply = DEFAULT_PAYLOADS.list_reply
template_button = DEFAULT_PAYLOADS.template_button
image_message = DEFAULT_PAYLOADS.image_message
location_message = DEFAULT_PAYLOADS.location_message
sticker_message = DEFAULT_PAYLOADS.sticker_message
reaction_message = DEFAULT_PAYLOADS.reaction_message
unknown_message = DEFAULT_PAYLOADS.unknown_message
status_update = DEFAULT_PAYLOADS.status_update
combine = WebhookPayloads.combine


class _Signal:
    """A re-armable broadcast notification for 'something changed' waits."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()

    async def wait(self, timeout: float) -> None:
        """Wait until the next ``notify`` or ``timeout`` seconds, whichever is first."""
        if timeout <= 0:
            return
        try:
            await asyncio.wait_for(self._event.wait(), timeout)
        except TimeoutError:
            pass


class _GraphError(Exception):
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(body["error"]["message"])
        self.status = status
        self.body = body


class FakeWhatsAppServer(WebhookPayloads):
    """A fake WhatsApp Cloud API on 127.0.0.1, recording every request.

    Use as ``async with FakeWhatsAppServer() as wa: ...`` or :meth:`start` / :meth:`stop`.  The
    webhook payload builders of :class:`WebhookPayloads` are available as methods
    (``wa.text_message(...)``) with this server's phone number id in the metadata.
    """

    def __init__(
        self,
        phone_number_id: str = "PNID1",
        access_token: str = "WA-TOKEN",
        *,
        api_version: str = "v21.0",
        display_phone_number: str = "15550001234",
        waba_id: str = "WABA1",
        strict_media: bool = True,
        latency: float = 0.0,
    ) -> None:
        """Create the server (not yet listening).

        With ``strict_media`` a document/image ``id`` must have been uploaded to ``/media`` first.
        ``latency`` adds an artificial delay (seconds) to every request.
        """
        super().__init__(phone_number_id, display_phone_number, waba_id)
        self.access_token = access_token
        self.api_version = api_version
        self.strict_media = strict_media
        self.latency = latency
        self.requests: list[RecordedRequest] = []
        self.sent: list[SentMessage] = []
        self.media: dict[str, UploadedMedia] = {}
        #: Exceptions raised by the fake itself (bugs in the fake, not in the bot).
        self.internal_errors: list[BaseException] = []
        self._fail_rules: list[_FailRule] = []
        self._media_ids = itertools.count(1_000_000_000_000_001)
        self._port: int | None = None
        self._runner: web.AppRunner | None = None
        self._signal = _Signal()

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> FakeWhatsAppServer:
        """Start listening on a free port of 127.0.0.1 and return ``self``."""
        app = web.Application(client_max_size=_MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        """Stop the server."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeWhatsAppServer:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        if self._port is None:
            raise RuntimeError("FakeWhatsAppServer is not started")
        return self._port

    @property
    def root_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no version)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/v21.0`` — the Graph API base URL for the bot's client."""
        return f"{self.root_url}/{self.api_version}"

    @property
    def messages_url(self) -> str:
        """``{base_url}/{phone_number_id}/messages``."""
        return f"{self.base_url}/{self.phone_number_id}/messages"

    # ------------------------------------------------------------------ inspection helpers

    def sent_messages(self, to: str | None = None) -> list[SentMessage]:
        """Messages accepted by ``/messages`` (wamid, recipient, body), optionally for one recipient."""
        return [m for m in self.sent if to is None or m.to == to]

    def messages(self, to: str | None = None) -> list[dict[str, Any]]:
        """Bodies of messages accepted by ``/messages`` (read receipts and rejected posts excluded)."""
        return [m.body for m in self.sent_messages(to)]

    def texts(self, to: str | None = None) -> list[str]:
        """Visible texts of accepted messages: ``text.body``, interactive ``body.text``,
        ``"template:<name>"``, ``"document:<filename>"`` (other types: ``"<type>:"``).
        """
        return [_visible_text(body) for body in self.messages(to)]

    def last_wamid(self, to: str | None = None) -> str:
        """The wamid of the last accepted message (to ``to``); ``AssertionError`` if none."""
        sent = self.sent_messages(to)
        if not sent:
            raise AssertionError(f"no message was sent{f' to {to}' if to else ''}. {self._describe()}")
        return sent[-1].wamid

    def last_options(self, to: str | None = None) -> list[tuple[str, str]]:
        """``(id, title)`` of the buttons or list rows of the last interactive message (to ``to``)."""
        for body in reversed(self.messages(to)):
            interactive = body.get("interactive")
            if body.get("type") != "interactive" or not isinstance(interactive, dict):
                continue
            action = interactive.get("action", {})
            if interactive.get("type") == "button":
                return [(b["reply"]["id"], b["reply"]["title"]) for b in action.get("buttons", [])]
            if interactive.get("type") == "list":
                return [(r["id"], r["title"]) for s in action.get("sections", []) for r in s.get("rows", [])]
        return []

    def read_receipts(self) -> list[str]:
        """Message ids the bot marked as read (``status: read`` posts), in order."""
        return [
            r.json["message_id"]
            for r in self.requests
            if r.ok and isinstance(r.json, dict) and r.json.get("status") == "read"
        ]

    def uploads(self) -> list[UploadedMedia]:
        """Files uploaded to ``/media``, in order."""
        return list(self.media.values())

    async def wait_for(
        self,
        predicate: Callable[[RecordedRequest], bool],
        count: int = 1,
        timeout: float = 5.0,
    ) -> list[RecordedRequest]:
        """Wait until ``count`` recorded requests satisfy ``predicate``; return them."""
        deadline = time.monotonic() + timeout
        while True:
            matching = [r for r in self.requests if predicate(r)]
            if len(matching) >= count:
                return matching
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {count} matching requests, got "
                    f"{len(matching)}. {self._describe()}"
                )
            await self._signal.wait(remaining)

    async def wait_for_messages(self, count: int, to: str | None = None, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Wait until at least ``count`` messages (to ``to``) were accepted; return their bodies.

        Raises ``AssertionError`` listing the recorded traffic on timeout.
        """
        deadline = time.monotonic() + timeout
        while True:
            bodies = self.messages(to)
            if len(bodies) >= count:
                return bodies
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {count} messages"
                    f"{f' to {to}' if to else ''}, got {len(bodies)}. {self._describe()}"
                )
            await self._signal.wait(remaining)

    def _describe(self) -> str:
        rejected = [
            (r.path, r.status, (r.response or {}).get("error", {}).get("error_data", {}).get("details"))
            for r in self.requests
            if not r.ok
        ]
        return (
            f"Accepted texts: {self.texts()[-8:]}; requests: {len(self.requests)}; "
            f"rejected (path, status, details): {rejected[-5:]}"
        )

    def clear(self) -> None:
        """Forget recorded requests and sent messages (uploaded media and failure rules are kept)."""
        self.requests.clear()
        self.sent.clear()

    # ------------------------------------------------------------------ failure injection

    def fail_next(
        self,
        status: int,
        code: int,
        message: str | None = None,
        times: int = 1,
        to: str | None = None,
        *,
        details: str | None = None,
    ) -> None:
        """Make the next ``times`` message sends (to ``to``, if given) fail with a Graph error.

        E.g. ``(429, 130429, "Rate limit hit")``, ``(400, 131047, "Re-engagement message")``,
        ``(400, 131056, "pair rate limit")``, ``(500, 1, "Unknown error")``.  Read receipts and
        media uploads are not affected.
        """
        title = message or GRAPH_ERROR_TITLES.get(code, "Unknown error")
        self._fail_rules.append(_FailRule(status, code, title, times, to, details))

    def _take_failure(self, to: Any) -> _GraphError | None:
        for rule in self._fail_rules:
            if rule.to is not None and rule.to != to:
                continue
            rule.remaining -= 1
            if rule.remaining <= 0:
                self._fail_rules.remove(rule)
            return _GraphError(rule.status, graph_error(rule.code, rule.message, details=rule.details))
        return None

    # ------------------------------------------------------------------ HTTP plumbing

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        arrived = time.monotonic()
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        record = RecordedRequest(
            path=request.path,
            json=None,
            form={},
            files={},
            headers=dict(request.headers),
            time=arrived,
            method=request.method,
        )
        raw_response: web.StreamResponse | None = None
        try:
            try:
                await self._read_body(request, record)
                raw_response = await self._route(request, record)
            except _GraphError as exc:
                record.status, record.response = exc.status, exc.body
        except Exception as exc:  # a bug in the fake: report it loudly but keep serving
            self.internal_errors.append(exc)
            record.status, record.response = 500, graph_error(1, f"fake crashed: {exc!r}")
        self.requests.append(record)
        self._signal.notify()
        if raw_response is not None:
            return raw_response
        return web.json_response(record.response, status=record.status)

    async def _read_body(self, request: web.Request, record: RecordedRequest) -> None:
        ctype = request.content_type
        if ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
            post = await request.post()
            for key, value in post.items():
                if isinstance(value, web.FileField):
                    record.files[key] = (value.filename, value.content_type, value.file.read())
                else:
                    record.form[key] = value.decode() if isinstance(value, (bytes, bytearray)) else str(value)
            return
        raw = await request.read()
        if raw.strip():
            try:
                record.json = json.loads(raw)
            except ValueError:
                record.json = None
                record.form["_raw"] = raw.decode(errors="replace")

    def _check_auth(self, request: web.Request) -> None:
        header = request.headers.get("Authorization", "")
        if header != f"Bearer {self.access_token}":
            message = (
                "An active access token must be used to query information about the current user."
                if not header
                else "Invalid OAuth access token - Cannot parse access token"
            )
            raise _GraphError(401, graph_error(190, message))

    async def _route(self, request: web.Request, record: RecordedRequest) -> web.StreamResponse | None:
        parts = [p for p in request.path.split("/") if p]
        if parts and parts[0] == "media-download" and len(parts) == 2 and request.method == "GET":
            self._check_auth(request)
            media = self.media.get(parts[1])
            if media is None:
                raise _GraphError(404, graph_error(100, "Invalid parameter", details="Unknown media id."))
            record.response = {"bytes": len(media.data)}
            return web.Response(body=media.data, content_type=media.mime_type)
        if not parts or not re.fullmatch(r"v\d+\.\d+", parts[0]):
            raise _GraphError(400, graph_error(2500, "Unknown path components: " + request.path))
        self._check_auth(request)
        if len(parts) == 3 and request.method == "POST":
            object_id, edge = parts[1], parts[2]
            if object_id != self.phone_number_id:
                raise _GraphError(
                    400,
                    graph_error(
                        100,
                        f"Unsupported post request. Object with ID '{object_id}' does not exist, cannot be "
                        "loaded due to missing permissions, or does not support this operation.",
                        error_type="GraphMethodException",
                        subcode=33,
                    ),
                )
            if edge == "messages":
                record.response = self._post_message(record)
                return None
            if edge == "media":
                record.response = self._post_media(record)
                return None
        if len(parts) == 2 and parts[1] in self.media:
            media = self.media[parts[1]]
            if request.method == "GET":
                record.response = {
                    "messaging_product": "whatsapp",
                    "url": f"{self.root_url}/media-download/{media.id}",
                    "mime_type": media.mime_type,
                    "sha256": hashlib.sha256(media.data).hexdigest(),
                    "file_size": len(media.data),
                    "id": media.id,
                }
                return None
            if request.method == "DELETE":
                del self.media[media.id]
                record.response = {"success": True}
                return None
        raise _GraphError(
            400, graph_error(100, "Unsupported request - method type: " + request.method.lower(),
                             error_type="GraphMethodException")
        )

    def _post_message(self, record: RecordedRequest) -> dict[str, Any]:
        body = record.json
        if body is None:
            raise _GraphError(400, graph_error(100, "Invalid parameter", details="Request body must be JSON."))
        if isinstance(body, dict) and body.get("status") == "read":
            if body.get("messaging_product") != "whatsapp" or not isinstance(body.get("message_id"), str):
                raise _GraphError(400, graph_error(100, "Invalid parameter", details="message_id is required."))
            return {"success": True}
        failure = self._take_failure(body.get("to") if isinstance(body, dict) else None)
        if failure is not None:
            raise failure
        try:
            kind = _validate_body(body)
            if self.strict_media and kind in _MEDIA_TYPES:
                media_id = body[kind].get("id")
                if media_id and str(media_id) not in self.media:
                    raise _Invalid(
                        f"Param {kind}['id'] is not a valid whatsapp business account media attachment ID"
                    )
        except _Invalid as exc:
            raise _GraphError(400, graph_error(100, "Invalid parameter", details=exc.details)) from exc
        wamid = self.new_wamid()
        self.sent.append(SentMessage(wamid=wamid, to=body["to"], body=copy.deepcopy(body)))
        message: dict[str, Any] = {"id": wamid}
        if kind == "template":
            message["message_status"] = "accepted"
        return {
            "messaging_product": "whatsapp",
            "contacts": [{"input": body["to"], "wa_id": body["to"].lstrip("+")}],
            "messages": [message],
        }

    def _post_media(self, record: RecordedRequest) -> dict[str, Any]:
        def invalid(details: str) -> _GraphError:
            return _GraphError(400, graph_error(100, "Invalid parameter", details=details))

        if record.form.get("messaging_product") != "whatsapp":
            raise invalid("The parameter messaging_product is required and must be 'whatsapp'.")
        upload = record.files.get("file")
        if upload is None:
            raise invalid("The parameter file is required.")
        mime_type = record.form.get("type")
        if not mime_type:
            raise invalid("The parameter type is required.")
        filename, content_type, data = upload
        if not data:
            raise invalid("The uploaded file is empty.")
        media_id = str(next(self._media_ids))
        self.media[media_id] = UploadedMedia(
            id=media_id, filename=filename, mime_type=mime_type, data=data, content_type=content_type
        )
        return {"id": media_id}
