"""Option ids: short, opaque, signed and bound to one contact.

An id looks like ``rg.12~Ab3dEf9h``: an action, its arguments and eight characters of an
HMAC over the contact id and the payload. Anything else that comes back — edited by hand,
issued to someone else, or plain garbage — decodes to None, so a forged button changes
nothing. Ids stay far below Telegram's 64-byte callback_data limit.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
from dataclasses import dataclass

from messages.normalize import ID_MAX

_SEP = "."
_SIG_SEP = "~"
_SIG_LEN = 8
_PART = re.compile(r"[A-Za-z0-9_-]{1,24}")
MAX_ID_BYTES = 64
# Ids remembered once signed (about 150 bytes each): a few thousand people's current menus.
ISSUED_CACHE = 16_384


@dataclass(frozen=True, slots=True)
class Decoded:
    """A verified option: its action and arguments."""

    action: str
    args: tuple[str, ...]

    def int_arg(self, index: int) -> int | None:
        """Argument `index` as an int, or None when missing, not a number or beyond the database's integers."""
        try:
            value = int(self.args[index])
        except (IndexError, ValueError):
            return None
        # Ids are PostgreSQL INTEGERs: a larger number would make the database raise, not find nothing.
        return value if abs(value) <= ID_MAX else None


class OptionCodec:
    """Issues and verifies option ids for one deployment's secret key."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret
        # The keyed state once; each signature copies it (a menu signs a dozen ids per message).
        self._keyed = hmac.new(secret, digestmod=hashlib.sha256)
        # A person gets the same menus again and again: their ids are signed once, not per message.
        self._issued = functools.lru_cache(maxsize=ISSUED_CACHE)(self._build)

    def _signature(self, contact_id: int, payload: str) -> str:
        mac = self._keyed.copy()
        mac.update(f"{contact_id}|{payload}".encode())
        digest = mac.digest()
        return base64.urlsafe_b64encode(digest[:6]).decode()

    def encode(self, contact_id: int, action: str, *args: str | int) -> str:
        """Build the id for `action(args)` as issued to `contact_id`."""
        return self._issued(contact_id, action, *args)

    def _build(self, contact_id: int, action: str, *args: str | int) -> str:
        parts = [action, *(str(a) for a in args)]
        for part in parts:
            if not _PART.fullmatch(part):
                raise ValueError(f"option id part {part!r} is not short ASCII")
        payload = _SEP.join(parts)
        encoded = f"{payload}{_SIG_SEP}{self._signature(contact_id, payload)}"
        if len(encoded.encode()) > MAX_ID_BYTES:
            raise ValueError(f"option id {encoded!r} is over {MAX_ID_BYTES} bytes")
        return encoded

    def decode(self, contact_id: int, data: str | None) -> Decoded | None:
        """Verify an id that came back from `contact_id`; None if forged, foreign or malformed."""
        if not data or len(data) > MAX_ID_BYTES or data.count(_SIG_SEP) != 1:
            return None
        payload, signature = data.split(_SIG_SEP)
        if len(signature) != _SIG_LEN or not data.isascii():
            return None
        if not hmac.compare_digest(signature, self._signature(contact_id, payload)):
            return None
        parts = payload.split(_SEP)
        if not all(_PART.fullmatch(p) for p in parts):
            return None
        return Decoded(parts[0], tuple(parts[1:]))
