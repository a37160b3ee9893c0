"""/metrics: an operator's Prometheus scrapes the queues and the send rates, and nobody else does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families

from bot import metrics
from bot.channel import SendFailed, Throttled, Transient
from bot.cli_errors import OperatorError
from bot.webserver import build_app
from storage.db import Database
from storage.models import Contact, Delivery, InboxItem
from tests.conftest import FakeClock, free_port

TOKEN = "scrape-me-7f3a"
OUTSIDER = "203.0.113.7"


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of an exposition text, parsed by prometheus_client's own parser."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def _value(samples: dict, name: str, **labels: str) -> float | None:
    return samples.get((name, tuple(sorted(labels.items()))))


def _from(address: str):  # type: ignore[no-untyped-def]
    """A middleware that makes every request look as if it came from `address`."""

    @web.middleware
    async def elsewhere(request: web.Request, handler):  # type: ignore[no-untyped-def]
        return await handler(request.clone(remote=address))

    return elsewhere


@pytest.fixture
async def local_http(db: Database) -> AsyncIterator[TestClient]:
    """The bot's web server with METRICS_TOKEN set, called from this machine."""
    async with TestClient(TestServer(build_app(db, metrics_token=TOKEN))) as http:
        yield http


@pytest.fixture
async def outside_http(db: Database) -> AsyncIterator[TestClient]:
    """The same server, called from another machine."""
    app = build_app(db, metrics_token=TOKEN)
    app.middlewares.append(_from(OUTSIDER))
    async with TestClient(TestServer(app)) as http:
        yield http


async def test_metrics_page_is_prometheus_text_naming_every_figure(local_http: TestClient) -> None:
    response = await local_http.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    names = {family.name for family in text_string_to_metric_families(await response.text())}
    assert {
        "musharaka_inbox_rows", "musharaka_inbox_oldest_pending_age_seconds", "musharaka_outbox_deliveries",
        "musharaka_outbox_due", "musharaka_outbox_oldest_due_age_seconds", "musharaka_outbox_sends",
        "musharaka_platform_errors", "musharaka_handler_seconds", "musharaka_scheduler_tick_seconds",
        "musharaka_database_up", "process_resident_memory_bytes",
    } <= names


async def test_loopback_caller_reads_metrics_without_a_token(local_http: TestClient) -> None:
    response = await local_http.get("/metrics")
    assert response.status == 200
    assert _value(_samples(await response.text()), "musharaka_database_up") == 1


async def test_caller_from_another_machine_is_refused_without_the_token(outside_http: TestClient) -> None:
    response = await outside_http.get("/metrics")
    assert response.status == 403
    assert "musharaka" not in await response.text()
    wrong = await outside_http.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
    assert wrong.status == 403


async def test_bearer_token_opens_metrics_to_another_machine(outside_http: TestClient) -> None:
    response = await outside_http.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status == 200
    assert _value(_samples(await response.text()), "musharaka_database_up") == 1


async def test_request_forwarded_by_the_reverse_proxy_is_not_local(local_http: TestClient) -> None:
    # nginx on the same machine connects from 127.0.0.1 on behalf of anyone on the internet.
    for header in ("X-Forwarded-For", "X-Real-IP", "Forwarded"):
        response = await local_http.get("/metrics", headers={header: OUTSIDER})
        assert response.status == 403, header
    proxied = await local_http.get("/metrics", headers={"X-Forwarded-For": OUTSIDER,
                                                        "Authorization": f"Bearer {TOKEN}"})
    assert proxied.status == 200


async def test_without_a_configured_token_only_loopback_gets_in(db: Database) -> None:
    app = build_app(db)
    app.middlewares.append(_from(OUTSIDER))
    async with TestClient(TestServer(app)) as http:
        assert (await http.get("/metrics", headers={"Authorization": "Bearer "})).status == 403
        assert (await http.get("/metrics", headers={"Authorization": "Bearer None"})).status == 403


async def test_queue_figures_reflect_the_inbox_and_outbox_rows(db: Database, clock: FakeClock,
                                                               local_http: TestClient) -> None:
    now = clock.now
    async with db.transaction() as session:
        people = [Contact() for _ in range(6)]
        session.add_all(people)
        await session.flush()
        # Three pending inbox rows, the oldest 90 seconds old; one handled, one failed.
        for number, (state, age) in enumerate([("pending", 90), ("pending", 30), ("pending", 5), ("done", 400),
                                               ("failed", 800), ("processing", 2)]):
            session.add(InboxItem(channel="telegram", platform_key=str(number), kind="update", state=state,
                                  received_at=now - timedelta(seconds=age)))
        # Outbox: two pending and due (one 120 s late), one pending tomorrow, one on the wire to
        # Telegram, one cut off mid-send on WhatsApp, one sent.
        rows = [("pending", None, -120), ("pending", None, -10), ("pending", None, 86400),
                ("sending", "telegram", -3), ("unknown", "whatsapp", -600), ("sent", "telegram", -60)]
        for person, (state, channel, due_in) in zip(people, rows, strict=True):
            session.add(Delivery(purpose=f"broadcast:{person.id}", kind="broadcast", contact_id=person.id,
                                 state=state, channel=channel, due_at=now + timedelta(seconds=due_in)))
    samples = _samples(await (await local_http.get("/metrics")).text())
    assert _value(samples, "musharaka_inbox_rows", state="pending") == 3
    assert _value(samples, "musharaka_inbox_rows", state="processing") == 1
    assert _value(samples, "musharaka_inbox_rows", state="failed") == 1
    assert _value(samples, "musharaka_inbox_oldest_pending_age_seconds") == pytest.approx(90)
    assert _value(samples, "musharaka_outbox_deliveries", state="pending", channel="unrouted") == 3
    assert _value(samples, "musharaka_outbox_deliveries", state="sending", channel="telegram") == 1
    assert _value(samples, "musharaka_outbox_deliveries", state="unknown", channel="whatsapp") == 1
    assert _value(samples, "musharaka_outbox_deliveries", state="sent", channel="telegram") is None
    assert _value(samples, "musharaka_outbox_due") == 2
    assert _value(samples, "musharaka_outbox_oldest_due_age_seconds") == pytest.approx(120)


async def test_empty_queues_read_zero(local_http: TestClient) -> None:
    samples = _samples(await (await local_http.get("/metrics")).text())
    assert _value(samples, "musharaka_inbox_rows", state="pending") == 0
    assert _value(samples, "musharaka_inbox_oldest_pending_age_seconds") == 0
    for state in ("pending", "sending", "unknown"):
        assert _value(samples, "musharaka_outbox_deliveries", state=state, channel="unrouted") == 0
    assert _value(samples, "musharaka_outbox_oldest_due_age_seconds") == 0


async def test_sends_and_platform_trouble_are_counted_per_channel(local_http: TestClient) -> None:
    before = _samples(await (await local_http.get("/metrics")).text())
    for result in ("sent", "sent", "pending"):
        metrics.record_send("whatsapp", result)
    metrics.record_platform_error("whatsapp", Throttled(2.0, "(#130429) Rate limit hit"))
    metrics.record_platform_error("telegram", Transient("Bad Gateway"))
    metrics.record_platform_error("telegram", Transient("Internal Server Error (500)"))
    metrics.record_platform_error("telegram", Transient("network: ClientConnectorError"))
    metrics.record_platform_error("telegram", SendFailed("Bad Request: chat not found"))  # not platform trouble
    after = _samples(await (await local_http.get("/metrics")).text())

    def grew(name: str, **labels: str) -> float:
        return (_value(after, name, **labels) or 0) - (_value(before, name, **labels) or 0)

    assert grew("musharaka_outbox_sends_total", channel="whatsapp", result="sent") == 2
    assert grew("musharaka_outbox_sends_total", channel="whatsapp", result="pending") == 1
    assert grew("musharaka_platform_errors_total", channel="whatsapp", answer="429") == 1
    assert grew("musharaka_platform_errors_total", channel="telegram", answer="5xx") == 2
    assert grew("musharaka_platform_errors_total", channel="telegram", answer="network") == 1


def test_a_transient_error_carrying_its_http_status_is_classified_by_it() -> None:
    error = Transient("Graph API trouble")
    error.status = 503  # type: ignore[attr-defined]
    assert metrics.platform_answer(error) == "5xx"
    assert metrics.platform_answer(Transient("network: TimeoutError")) == "network"
    assert metrics.platform_answer(ValueError("500")) is None


async def test_handler_latency_and_tick_duration_are_histograms(local_http: TestClient) -> None:
    before = _samples(await (await local_http.get("/metrics")).text())

    async def handle() -> str:
        return "handled"

    @metrics.timed_tick
    async def tick(value: int, *, extra: int) -> int:
        return value + extra

    assert await metrics.timed_handling("telegram", handle()) == "handled"
    assert await tick(1, extra=2) == 3
    with pytest.raises(RuntimeError):
        await metrics.timed_handling("telegram", _failing())
    after = _samples(await (await local_http.get("/metrics")).text())
    count = ("musharaka_handler_seconds_count", {"channel": "telegram"})
    assert (_value(after, count[0], **count[1]) or 0) - (_value(before, count[0], **count[1]) or 0) == 2
    ticks = "musharaka_scheduler_tick_seconds_count"
    assert (_value(after, ticks) or 0) - (_value(before, ticks) or 0) == 1
    assert tick.__name__ == "tick"


async def _failing() -> None:
    raise RuntimeError("handler bug")


async def test_scrape_still_answers_when_the_database_is_down() -> None:
    gone = Database(f"postgresql://nobody@127.0.0.1:{free_port()}/nothing")
    try:
        async with TestClient(TestServer(build_app(gone))) as http:
            response = await http.get("/metrics")
            assert response.status == 200
            samples = _samples(await response.text())
    finally:
        await gone.dispose()
    assert _value(samples, "musharaka_database_up") == 0
    assert _value(samples, "musharaka_inbox_rows", state="pending") is None


async def test_a_worker_can_serve_metrics_on_a_port_of_its_own(db: Database) -> None:
    port = free_port()
    close = await metrics.start_metrics_server(db, "127.0.0.1", port, token=TOKEN)
    try:
        async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/metrics") as response:
            assert response.status == 200
            assert _value(_samples(await response.text()), "musharaka_database_up") == 1
            other = await session.get(f"http://127.0.0.1:{port}/healthz")
            assert other.status == 404
    finally:
        await close()


async def test_scrapes_close_together_share_one_count(db: Database, local_http: TestClient,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # Two Prometheus servers scraping a large backlog must not count it twice in a row.
    first = _samples(await (await local_http.get("/metrics")).text())
    async with db.transaction() as session:
        session.add(InboxItem(channel="telegram", platform_key="late", kind="update", state="pending"))
    again = _samples(await (await local_http.get("/metrics")).text())
    assert _value(first, "musharaka_inbox_rows", state="pending") == 0
    assert _value(again, "musharaka_inbox_rows", state="pending") == 0
    monkeypatch.setattr(metrics, "SNAPSHOT_SECONDS", 0.0)
    fresh = _samples(await (await local_http.get("/metrics")).text())
    assert _value(fresh, "musharaka_inbox_rows", state="pending") == 1


@pytest.mark.parametrize("address", ["::1", "::ffff:127.0.0.1", "127.0.0.53"])
async def test_every_form_of_loopback_is_local(db: Database, address: str) -> None:
    app = build_app(db)
    app.middlewares.append(_from(address))
    async with TestClient(TestServer(app)) as http:
        assert (await http.get("/metrics")).status == 200


async def test_a_metrics_port_already_taken_is_one_operator_line(db: Database) -> None:
    port = free_port()
    close = await metrics.start_metrics_server(db, "127.0.0.1", port)
    try:
        with pytest.raises(OperatorError, match=f"cannot serve /metrics on 127.0.0.1:{port}.*METRICS_PORT"):
            await metrics.start_metrics_server(db, "127.0.0.1", port)
    finally:
        await close()
