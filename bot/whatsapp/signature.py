"""Is a webhook call really from Meta? The X-Hub-Signature-256 check and the GET verification.

Meta signs the raw body with the app secret (HMAC-SHA256). The check runs on the bytes as they
arrived, before anything is parsed, and compares in constant time so the signature cannot be
guessed byte by byte from response times.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from enum import StrEnum

SIGNATURE_HEADER = "X-Hub-Signature-256"
_PREFIX = "sha256="


class Signature(StrEnum):
    """The outcome of checking a webhook signature."""

    VALID = "valid"
    MISSING = "missing"
    INVALID = "invalid"


def expected_signature(body: bytes, app_secret: str) -> str:
    """The header value Meta sends for `body`: «sha256=<hex HMAC-SHA256>»."""
    return _PREFIX + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def check_signature(body: bytes, header: str | None, app_secret: str) -> Signature:
    """Checks the X-Hub-Signature-256 header against the raw body."""
    if not header:
        return Signature.MISSING
    given = header.strip()
    if not given.lower().startswith(_PREFIX):
        return Signature.INVALID
    given = _PREFIX + given[len(_PREFIX):].lower()
    expected = expected_signature(body, app_secret)
    # Bytes, because compare_digest refuses non-ASCII str and a forged header may contain anything.
    if hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode()):
        return Signature.VALID
    return Signature.INVALID


def verification_challenge(query: Mapping[str, str], verify_token: str) -> str | None:
    """The challenge to echo for Meta's subscription GET, or None when the token is wrong."""
    if query.get("hub.mode") != "subscribe":
        return None
    token = query.get("hub.verify_token", "")
    if not hmac.compare_digest(token.encode("utf-8", "replace"), verify_token.encode()):
        return None
    challenge = query.get("hub.challenge")
    return challenge or None
