"""The fake Cloud API with the two read endpoints `musharaka doctor` uses.

``GET /{version}/{phone_number_id}`` answers the phone number object and
``GET /{version}/{waba_id}/message_templates`` the account's templates, filtered by ``name``
(Meta matches part of the name, so the caller must compare exactly) and paged with ``limit`` /
``after`` like the Graph API (``paging.cursors`` always, ``paging.next`` only when more follow).
Everything else is :class:`FakeWhatsAppServer`'s.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from tests.fakes.fake_whatsapp import FakeWhatsAppServer, RecordedRequest, _GraphError, graph_error

__all__ = ["FakeGraphAdmin", "template"]


def template(name: str, language: str = "ar", status: str = "APPROVED", category: str = "UTILITY") -> dict[str, Any]:
    """A message template as the Business Management API lists it."""
    return {"name": name, "language": language, "status": status, "category": category,
            "id": str(abs(hash((name, language))) % 10**15)}


class FakeGraphAdmin(FakeWhatsAppServer):
    """FakeWhatsAppServer plus the phone number object and the account's message templates."""

    def __init__(self, *args: Any, verified_name: str = "Musharaka", quality_rating: str = "GREEN",
                 templates: list[dict[str, Any]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.verified_name = verified_name
        self.quality_rating = quality_rating
        self.templates: list[dict[str, Any]] = list(templates or [])

    async def _route(self, request: web.Request, record: RecordedRequest) -> web.StreamResponse | None:
        parts = [p for p in request.path.split("/") if p]
        if request.method != "GET" or len(parts) not in (2, 3) or parts[1] in self.media:
            return await super()._route(request, record)
        self._check_auth(request)
        if len(parts) == 2 and parts[1] == self.phone_number_id:
            record.response = self._phone_number(request.query.get("fields"))
            return None
        if len(parts) == 3 and parts[1] == self.waba_id and parts[2] == "message_templates":
            record.response = self._message_templates(request)
            return None
        raise _GraphError(400, graph_error(
            100, f"Unsupported get request. Object with ID '{parts[1]}' does not exist, cannot be loaded due to "
                 "missing permissions, or does not support this operation.",
            error_type="GraphMethodException", subcode=33))

    def _phone_number(self, fields: str | None) -> dict[str, Any]:
        number = {"id": self.phone_number_id, "display_phone_number": self.display_phone_number,
                  "verified_name": self.verified_name, "quality_rating": self.quality_rating,
                  "code_verification_status": "VERIFIED", "platform_type": "CLOUD_API"}
        if fields:
            wanted = set(fields.split(",")) | {"id"}
            number = {key: value for key, value in number.items() if key in wanted}
        return number

    def _message_templates(self, request: web.Request) -> dict[str, Any]:
        name = request.query.get("name")
        rows = [t for t in self.templates if not name or name in t["name"]]
        limit = int(request.query.get("limit") or 25)
        start = int(request.query.get("after") or 0)
        page = rows[start:start + limit]
        fields = request.query.get("fields")
        if fields:
            wanted = set(fields.split(",")) | {"id"}
            page = [{key: value for key, value in t.items() if key in wanted} for t in page]
        paging: dict[str, Any] = {"cursors": {"before": str(start), "after": str(start + len(page))}}
        if start + limit < len(rows):
            paging["next"] = f"{self.base_url}/{self.waba_id}/message_templates?after={start + limit}"
        return {"data": page, "paging": paging}
