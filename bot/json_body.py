"""Read a webhook body as a JSON object, refusing what would crash the reader.

A body of 100,000 nested lists passes the secret or signature check (anyone holding the secret,
or a broken proxy, can send it) and makes `json.loads` raise RecursionError, which is not a
ValueError: the handler answered 500 and logged a traceback. Real updates nest a few levels
(a Telegram update about five, a WhatsApp notification about eight), so the nesting is counted
first, cheaply and without recursion, and anything deeper than MAX_DEPTH is refused before
parsing. The callers answer 400 to None.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["MAX_DEPTH", "nesting_depth_exceeds", "parse_json_body"]

MAX_DEPTH = 64
# A JSON string (brackets inside it are text, not nesting) or one bracket. Unrolled so that the
# regex engine does not backtrack per character inside long strings.
_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_OPEN = frozenset(b"[{")


def nesting_depth_exceeds(raw: bytes, limit: int = MAX_DEPTH) -> bool:
    """True when the brackets of `raw` (outside strings) nest deeper than `limit`."""
    depth = 0
    for match in _TOKENS.finditer(raw):
        first = match.group()[0]
        if first in _OPEN:
            depth += 1
            if depth > limit:
                return True
        elif first != 0x22:  # a closing bracket; 0x22 is the quote that starts a string
            depth -= 1
    return False


def parse_json_body(raw: bytes) -> dict[str, Any] | None:
    """The body as a dict, or None when it is not a JSON object (bad JSON, bad UTF-8, too deep, a list…)."""
    if nesting_depth_exceeds(raw):
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    return data if isinstance(data, dict) else None
