"""Who holds an inbox row, and whether that worker is gone (so its rows may be taken back).

A worker id is host:pid:random. A worker on this host is gone when its process is (checked at
once, so a restarted `musharaka run` takes back its predecessor's rows at start-up); a worker
elsewhere is gone when it has not refreshed its claims for a lease (live workers refresh them
every few seconds).
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import datetime, timedelta
from pathlib import Path

from storage.clock import utcnow

# Worker ids alive in this process (tests may run several workers side by side).
LIVE: set[str] = set()


def new_worker_id() -> str:
    """host:pid:random — the host and pid let a restarted process see its predecessor is gone."""
    return f"{_host()}:{os.getpid()}:{secrets.token_hex(4)}"


def _host() -> str:
    return socket.gethostname()[:40]


def pid_alive(pid: int) -> bool:
    """Whether a process of this host is still running (a zombie, killed but not reaped, is not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


# Our own row, not in hand, claimed this long ago: left by a failure in this process (database down
# mid-way). Younger ones may be on their way to a task (claimed as they were written down).
OWN_ROW_SECONDS = 5.0


def owner_gone(owner: str | None, claimed_at: datetime | None, me: str, lease_seconds: float) -> bool:
    """Whether the worker `owner` no longer handles its rows; `me` is the asking worker."""
    if owner is None:
        return True
    if owner == me:
        return claimed_at is None or utcnow() - claimed_at > timedelta(seconds=OWN_ROW_SECONDS)
    if owner in LIVE:
        return False
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host == _host() and pid.isdigit():
        # This host: the process is gone, or it was an earlier run that had our pid.
        return int(pid) == os.getpid() or not pid_alive(int(pid))
    return claimed_at is None or utcnow() - claimed_at > timedelta(seconds=lease_seconds)
