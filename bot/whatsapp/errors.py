"""Graph API errors -> the shared delivery vocabulary of bot/channel.py.

Codes from Meta's Cloud API error list: 130429 (throughput), 131056 (too many messages to one
person), 4 / 80007 (app or account rate limits) slow us down; 131047 means the 24-hour window is
closed; 131026 means the message cannot reach this person; 5xx and a few "temporarily" codes are
worth a retry; everything else is a permanent failure whose message is recorded.
"""

from __future__ import annotations

from typing import Any

from bot.channel import ContactStopped, DeliveryError, NeedsTemplate, SendFailed, Throttled, Transient

REENGAGEMENT = 131047
UNDELIVERABLE = 131026
# Seconds to wait when Meta gives no Retry-After: its pair limit allows about one message per
# six seconds to the same person; the throughput limits clear within seconds; app limits in a minute.
_RETRY_AFTER = {130429: 2.0, 131056: 6.0, 4: 60.0, 80007: 60.0}
_TRANSIENT_CODES = {1, 2, 131000, 133004}


def _retry_after(header: str | None, code: int | None) -> float:
    if header:
        try:
            return max(0.0, float(header))
        except ValueError:
            pass
    return _RETRY_AFTER.get(code or 0, 2.0)


def describe(error: dict[str, Any]) -> str:
    """«(#131026) Message undeliverable: details» from a Graph error object (no personal data in it)."""
    message = str(error.get("message") or "unknown error")
    data = error.get("error_data")
    details = data.get("details") if isinstance(data, dict) else None
    if isinstance(details, str) and details and details not in message:
        message = f"{message}: {details}"
    return message[:500]


def map_graph_error(status: int, body: Any, retry_after: str | None = None) -> DeliveryError:
    """The delivery error for a failed Graph API call (HTTP status, JSON body, Retry-After header)."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        error = {"message": f"HTTP {status}"}
    code = error.get("code") if isinstance(error.get("code"), int) else None
    text = describe(error)
    if status == 429 or code in _RETRY_AFTER:
        return Throttled(_retry_after(retry_after, code), text)
    if code == REENGAGEMENT:
        return NeedsTemplate(text)
    lowered = text.lower()
    if code == UNDELIVERABLE or "blocked" in lowered or "undeliverable" in lowered:
        return ContactStopped(text)
    if status >= 500 or code in _TRANSIENT_CODES:
        transient = Transient(text)
        transient.status = status
        return transient
    return SendFailed(text)
