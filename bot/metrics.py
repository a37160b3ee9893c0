"""Prometheus metrics: the counters the sender, inbox worker and scheduler feed, and the /metrics route.

Counters and histograms live in this process (`musharaka run` serves them; a `musharaka worker`
counts its own sends only where it serves /metrics itself, see `start_metrics_server`). The
inbox and outbox figures are read from the database at scrape time (storage.services.
metrics_queries), so every process reports the same, whole picture of the queues.

/metrics is not public: it answers requests from this machine's loopback that no proxy forwarded,
and anyone else only with `Authorization: Bearer $METRICS_TOKEN`; everything else gets 403.
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import ipaddress
import logging
import re
import time
import weakref
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from prometheus_client import (
    CollectorRegistry,
    Counter,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily

from bot.channel import Throttled, Transient
from bot.cli_errors import OperatorError
from storage.db import Database
from storage.services import metrics_queries

if TYPE_CHECKING:  # aiohttp is imported by the routes only: the scheduler's tick imports this module too
    from aiohttp import web

log = logging.getLogger(__name__)
METRICS_PATH = "/metrics"
# A scrape must answer even while the database is slow: its figures are left out after this long.
QUERY_TIMEOUT = 3.0
SNAPSHOT_SECONDS = 5.0
# Headers a reverse proxy adds: a request carrying one came from outside, whatever its socket says.
FORWARDED_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Real-IP")
# The classic text format every Prometheus reads (prometheus_client's "latest" is 1.0.0, which older
# servers do not know); the names here need nothing newer.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REGISTRY = CollectorRegistry(auto_describe=True)
ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)
GCCollector(registry=REGISTRY)

SENDS = Counter("musharaka_outbox_sends", "Outbox deliveries the sender tried, by channel and result "
                "(rate() of it is sends per second)", ["channel", "result"], registry=REGISTRY)
PLATFORM_ERRORS = Counter("musharaka_platform_errors", "Platform answers that were not a success nor a refusal: "
                          "429 (slow down), 5xx (platform trouble), network (no answer)",
                          ["channel", "answer"], registry=REGISTRY)
HANDLER_SECONDS = Histogram("musharaka_handler_seconds", "Time to handle one inbox item (handlers and their "
                            "transaction, not sending the replies)", ["channel"], buckets=LATENCY_BUCKETS,
                            registry=REGISTRY)
TICK_SECONDS = Histogram("musharaka_scheduler_tick_seconds", "Duration of one scheduler tick (queueing due "
                         "reminders and surveys, then the purges)", buckets=LATENCY_BUCKETS, registry=REGISTRY)

P = ParamSpec("P")
T = TypeVar("T")
_FIVE_HUNDRED = re.compile(r"(?<!\d)5\d\d(?!\d)|bad gateway|service unavailable|gateway time-?out",
                           re.IGNORECASE)


# --- what the rest of the bot calls --------------------------------------------------------------


def record_send(channel: str, result: str) -> None:
    """One delivery attempt ended with `result` (sent, pending = retry later, failed, blocked…)."""
    SENDS.labels(channel, result).inc()


def platform_answer(error: BaseException) -> str | None:
    """"429", "5xx" or "network" for a Throttled / Transient delivery error; None for anything else."""
    if isinstance(error, Throttled):
        return "429"
    if not isinstance(error, Transient):
        return None
    status = getattr(error, "status", None)
    if isinstance(status, int):
        return "5xx" if 500 <= status <= 599 else "network"
    # Without a status: the Bot API's errors name it («Internal Server Error (500)», «Bad Gateway»).
    return "5xx" if _FIVE_HUNDRED.search(str(error)) else "network"


def record_platform_error(channel: str, error: BaseException) -> None:
    """Count a 429, 5xx or network failure of `channel` (other errors are not counted here)."""
    answer = platform_answer(error)
    if answer is not None:
        PLATFORM_ERRORS.labels(channel, answer).inc()


async def timed_handling(channel: str, work: Awaitable[T]) -> T:
    """Await `work` (handling one inbox item) and record how long it took, failed or not."""
    started = time.perf_counter()
    try:
        return await work
    finally:
        HANDLER_SECONDS.labels(channel).observe(time.perf_counter() - started)


def timed_tick(tick: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """Decorator for the scheduler tick: records each run's duration."""

    @functools.wraps(tick)
    async def timed(*args: P.args, **kwargs: P.kwargs) -> T:
        with TICK_SECONDS.time():
            return await tick(*args, **kwargs)

    return timed


# --- the database side, read at scrape time --------------------------------------------------------


class _SnapshotCollector:
    """Yields the gauges of one database snapshot (None: the database did not answer in time)."""

    def __init__(self, snapshot: metrics_queries.Snapshot | None) -> None:
        self.snapshot = snapshot

    def collect(self):  # type: ignore[no-untyped-def]
        """The metric families of the snapshot."""
        up = GaugeMetricFamily("musharaka_database_up", "1 when the database answered this scrape's queries")
        up.add_metric([], 0 if self.snapshot is None else 1)
        yield up
        snap = self.snapshot
        if snap is None:
            return
        inbox = GaugeMetricFamily("musharaka_inbox_rows", "Inbox rows by state (pending = the backlog)",
                                  labels=["state"])
        for state, count in sorted(snap.inbox.items()):
            inbox.add_metric([state], count)
        yield inbox
        yield GaugeMetricFamily("musharaka_inbox_oldest_pending_age_seconds",
                                "How long the oldest pending inbox row has waited (0: none waits)",
                                value=snap.inbox_oldest_age)
        outbox = GaugeMetricFamily("musharaka_outbox_deliveries", "Outbox rows by state and channel (pending "
                                   f"rows are '{metrics_queries.UNROUTED}' until the sender claims them)",
                                   labels=["state", "channel"])
        for (state, channel), count in sorted(snap.outbox.items()):
            outbox.add_metric([state, channel], count)
        # Zeroes, so an alert on `unknown > 0` has a series to watch before the first one.
        for state in metrics_queries.OUTBOX_STATES:
            if not any(key[0] == state for key in snap.outbox):
                outbox.add_metric([state, metrics_queries.UNROUTED], 0)
        yield outbox
        yield GaugeMetricFamily("musharaka_outbox_due", "Pending deliveries whose time has come",
                                value=snap.outbox_due)
        yield GaugeMetricFamily("musharaka_outbox_oldest_due_age_seconds",
                                "How late the most overdue pending delivery is (0: the sender keeps up)",
                                value=snap.outbox_oldest_due_age)


# The last snapshot per database: scrapes within SNAPSHOT_SECONDS of it (two Prometheus servers,
# someone with curl) reuse it instead of counting a large backlog again.
_snapshots: weakref.WeakKeyDictionary[Database, tuple[float, metrics_queries.Snapshot]] = weakref.WeakKeyDictionary()


async def _snapshot(db: Database) -> metrics_queries.Snapshot | None:
    cached = _snapshots.get(db)
    if cached is not None and time.monotonic() - cached[0] < SNAPSHOT_SECONDS:
        return cached[1]
    try:
        snapshot = await asyncio.wait_for(metrics_queries.snapshot(db), QUERY_TIMEOUT)
    except Exception as error:  # an unreachable database is itself a figure (database_up 0)
        log.warning("metrics: database figures unavailable (%s)", type(error).__name__)
        return None
    _snapshots[db] = (time.monotonic(), snapshot)
    return snapshot


async def render(db: Database | None) -> bytes:
    """The whole exposition text: this process's counters, then the database's figures."""
    snapshot = await _snapshot(db) if db is not None else None
    database = CollectorRegistry(auto_describe=False)
    database.register(_SnapshotCollector(snapshot))
    return generate_latest(REGISTRY) + generate_latest(database)


# --- the route -------------------------------------------------------------------------------------


def allowed(request: web.Request, token: str | None) -> bool:
    """The bearer token when one is configured; else (or also) a loopback request no proxy forwarded."""
    if token:
        given = request.headers.get("Authorization", "")
        if hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return True
    if any(name in request.headers for name in FORWARDED_HEADERS):
        return False
    try:
        address = ipaddress.ip_address(request.remote or "")
    except ValueError:  # a Unix socket or no peer address: not provably local
        return False
    # A dual-stack socket shows IPv4 callers as ::ffff:127.0.0.1.
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def add_metrics_route(app: web.Application, db: Database | None, token: str | None = None) -> None:
    """GET /metrics on `app`, reading the queues from `db` (when given), guarded by `allowed`."""
    from aiohttp import web

    async def metrics(request: web.Request) -> web.Response:
        if not allowed(request, token):
            return web.Response(status=403, text="forbidden")
        return web.Response(body=await render(db), headers={"Content-Type": CONTENT_TYPE})

    app.router.add_get(METRICS_PATH, metrics)


async def start_metrics_server(db: Database | None, host: str, port: int,
                               token: str | None = None) -> Callable[[], Awaitable[None]]:
    """Serve only /metrics on host:port (for `musharaka worker`, which has no web server); returns the closer."""
    from aiohttp import web

    app = web.Application()
    add_metrics_route(app, db, token)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as error:
        await runner.cleanup()
        raise OperatorError(f"cannot serve /metrics on {host}:{port} ({error.strerror or error}): set METRICS_PORT "
                            "to a free port (each worker needs its own), or unset it") from error
    log.info("metrics served on %s:%s%s", host, port, METRICS_PATH)
    return runner.cleanup
