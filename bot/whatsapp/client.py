"""The WhatsApp Cloud API client: POST /{phone_number_id}/messages and /media, over aiohttp.

The base URL is configurable (WHATSAPP_API_BASE_URL, the Graph API with a pinned version by
default) so tests point it at a fake server on 127.0.0.1. Failures come out as the shared
delivery errors; network trouble is Transient.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp

from bot.channel import SendFailed, Transient
from bot.whatsapp.errors import map_graph_error
from handlers.types import Document

log = logging.getLogger(__name__)
DEFAULT_TIMEOUT = 20.0


class GraphClient:
    """One business phone number's messaging endpoints, with one pooled HTTP session."""

    def __init__(self, base_url: str, phone_number_id: str, access_token: str, *,
                 timeout: float = DEFAULT_TIMEOUT) -> None:
        self.base_url = base_url.rstrip("/")
        self.phone_number_id = phone_number_id
        self._token = access_token
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    def _http(self) -> aiohttp.ClientSession:
        # Created on first use, inside the running event loop.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=self._timeout, headers={"Authorization": f"Bearer {self._token}"}
            )
        return self._session

    async def close(self) -> None:
        """Close the HTTP session (on shutdown)."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def send_message(self, to: str, message: dict[str, Any]) -> str:
        """Send one message body to `to` (a wa_id); returns its wamid."""
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, **message}
        result = await self._call("messages", json=body)
        try:
            return str(result["messages"][0]["id"])
        except (KeyError, IndexError, TypeError) as error:
            raise SendFailed("the Cloud API answered without a message id") from error

    async def upload_media(self, document: Document) -> str:
        """Upload a file to /media and return its media id (for a document message)."""
        form = aiohttp.FormData()
        form.add_field("messaging_product", "whatsapp")
        form.add_field("type", document.mime_type)
        form.add_field("file", document.data, filename=document.filename, content_type=document.mime_type)
        result = await self._call("media", data=form)
        media_id = result.get("id") if isinstance(result, dict) else None
        if not media_id:
            raise SendFailed("the Cloud API answered a media upload without an id")
        return str(media_id)

    async def _call(self, edge: str, **kwargs: Any) -> Any:
        url = f"{self.base_url}/{self.phone_number_id}/{edge}"
        try:
            async with self._http().post(url, **kwargs) as response:
                try:
                    payload = await response.json(content_type=None)
                except ValueError:
                    payload = None
                if response.status == 200 and isinstance(payload, dict):
                    return payload
                error = map_graph_error(response.status, payload, response.headers.get("Retry-After"))
                log.warning("whatsapp %s failed status=%s error=%s", edge, response.status, type(error).__name__)
                raise error
        except (TimeoutError, aiohttp.ClientError) as error:
            raise Transient(f"network: {type(error).__name__}") from error
