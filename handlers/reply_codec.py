"""Outbound replies <-> JSON, so replies decided in a transaction can be sent after a crash.

The inbox records the replies of an item in the transaction of its effects; whoever sends them
(the same process a moment later, or another after a restart) rebuilds them from this form.
"""

from __future__ import annotations

import base64
from typing import Any

from handlers.types import Document, Option, Outbound


def reply_to_json(reply: Outbound) -> dict[str, Any]:
    """One reply as plain JSON (a document's bytes in base64)."""
    data: dict[str, Any] = {"text": reply.text}
    if reply.options:
        data["options"] = [[o.id, o.label, o.description] for o in reply.options]
    if reply.document is not None:
        data["document"] = {"filename": reply.document.filename, "mime_type": reply.document.mime_type,
                            "data": base64.b64encode(reply.document.data).decode("ascii")}
    for flag in ("replace", "request_contact", "is_main_menu"):
        if getattr(reply, flag):
            data[flag] = True
    if reply.language:
        data["language"] = reply.language
    return data


def reply_from_json(data: dict[str, Any]) -> Outbound:
    """The reply back from its JSON form."""
    document = data.get("document")
    return Outbound(
        text=data.get("text", ""),
        options=[Option(option[0], option[1], option[2] if len(option) > 2 else None)
                 for option in data.get("options", [])],
        document=Document(document["filename"], base64.b64decode(document["data"]),
                          document.get("mime_type", "application/octet-stream")) if document else None,
        replace=bool(data.get("replace")),
        request_contact=bool(data.get("request_contact")),
        is_main_menu=bool(data.get("is_main_menu")),
        language=data.get("language"),
    )


def replies_to_json(replies: list[Outbound]) -> list[dict[str, Any]]:
    """Several replies as JSON."""
    return [reply_to_json(reply) for reply in replies]
