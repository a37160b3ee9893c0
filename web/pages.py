"""The overview, event and programme pages, the counts that refresh, and the downloads.

Figures come from storage.services.dashboard_stats, scoped to the organisations where the viewer
holds the "export" permission (an event of another organisation is simply not found: 404).
Event files go through the bot's exporter registry (storage.exports), audited as the bot's are.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta

from aiohttp import web
from markupsafe import Markup

from messages.formatting import to_baghdad
from messages.normalize import normalize_arabic, to_ascii_digits
from storage.clock import utcnow
from storage.exports.donor import filename as donor_filename
from storage.exports.donor import write_donor_summary
from storage.exports.registry import EXPORTERS, Cell, Selection
from storage.exports.writers import FORMATS, ExportOutput, render, write_csv, write_xlsx
from storage.services import dashboard_stats as stats
from storage.services.audit import audit
from storage.services.exports import exportable_event
from storage.services.staff import organization_names
from web import charts, donor
from web.auth import Access, requires
from web.render import Speaker
from web.templating import page

# Free-text answers shown per question before the page says how many more there are.
ANSWERS_SHOWN = 200
# How often the event page asks for fresh counts (web/static/dashboard.js reads it from the page).
REFRESH_SECONDS = 30


def parse_day(text: str | None) -> date | None:
    """A YYYY-MM-DD form value (any digits); None when empty or not a date."""
    if not text:
        return None
    try:
        return date.fromisoformat(to_ascii_digits(text.strip())[:10])
    except ValueError:
        return None


def period(request: web.Request, default_days: int | None) -> Selection:
    """The ?from=&to= Baghdad dates (inclusive) as a Selection; `default_days` back from today when missing."""
    since, until = parse_day(request.query.get("from")), parse_day(request.query.get("to"))
    if default_days is not None:
        today = to_baghdad(utcnow()).date()
        until = until or today
        since = since or until - timedelta(days=default_days)
    if since and until and since > until:
        since, until = until, since
    return Selection(since=since, until=until)


def chart(say: Speaker, chart_id: str, title: str, rows: list[tuple[str, int]]) -> Markup | None:
    """The server-drawn SVG bar chart (web/charts.py); the template puts the same figures in a table beside it."""
    if not rows:
        return None
    return charts.bar_chart(rows, chart_id=f"{chart_id}-chart", title=title, rtl=say.direction == "rtl",
                            fmt=charts.number_formatter(say.lang))


async def _names(access: Access) -> str:
    names = await organization_names(access.session, access.organization_ids)
    return access.say.t("list-separator").join(names[org] for org in access.organization_ids if org in names)


@requires("export")
async def overview(request: web.Request, access: Access) -> web.StreamResponse:
    """GET /dashboard/: upcoming and recent events with their counts, and totals for a chosen period."""
    chosen = period(request, None)
    start, end = chosen.utc_bounds()
    figures = await stats.overview(access.session, access.organization_ids, period_start=start, period_end=end,
                                   now=utcnow())
    return page(request, "overview.html", access.say, viewer=access.viewer, overview=figures,
                since=chosen.since, until=chosen.until, organizations=await _names(access))


def _event_id(request: web.Request) -> int | None:
    raw = request.match_info.get("event_id", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None


def _not_found(request: web.Request, say: Speaker, access: Access) -> web.StreamResponse:
    return page(request, "message.html", say, status=404, viewer=access.viewer, title_key="dash-not-found-title",
                body_key="dash-not-found-body")


def _matching(answers: list[tuple[str, int]], query: str) -> list[tuple[str, int]]:
    if not query:
        return answers
    # Compared after the bot's normalisation: alef forms, tatweel, diacritics and digits do not matter.
    wanted = normalize_arabic(query)
    return [(text, count) for text, count in answers if wanted in normalize_arabic(text)]


@requires("export")
async def event(request: web.Request, access: Access) -> web.StreamResponse:
    """GET /dashboard/events/{id}: one event's figures, free-text answers (?q= to search) and files."""
    say = access.say
    event_id = _event_id(request)
    report = await stats.event_figures(access.session, access.organization_ids, event_id) if event_id else None
    if report is None:
        return _not_found(request, say, access)
    query = request.query.get("q", "").strip()[:200]
    answers = {key: _matching(found, query) for key, found in report.free_text.items()}
    days = [(say.day(day), count) for day, count in report.per_day]
    places = [(say.governorate(code), count) for code, count in report.by_governorate]
    ratings = [(say.number(score), report.ratings.get(score, 0)) for score in sorted(set(report.ratings) | {1, 2, 3,
                                                                                                           4, 5})]
    exports = [(identifier, exporter.name(say.lang), list(FORMATS)) for identifier, exporter in EXPORTERS.items()]
    assert event_id is not None
    breakdowns = await donor.event_breakdowns(access.session, say, access.organization_ids, event_id)
    return page(
        request, "event.html", say, viewer=access.viewer, report=report, figures=report.figures, query=query,
        answers=answers, shown=ANSWERS_SHOWN, days=days, places=places, ratings=ratings, exports=exports,
        refresh=REFRESH_SECONDS, breakdowns=breakdowns,
        day_chart=chart(say, "per-day", say.t("dash-per-day"), days),
        place_chart=chart(say, "by-governorate", say.t("dash-by-governorate"), places),
        rating_chart=chart(say, "ratings", say.t("dash-ratings"), ratings),
        attendance_chart=chart(say, "attended-vs-registered", say.t("dash-attended-vs-registered"),
                               [(say.t("dash-registered"), report.figures.registered),
                                (say.t("dash-attended"), report.figures.attended)]),
    )


@requires("export", json=True)
async def event_json(request: web.Request, access: Access) -> web.StreamResponse:
    """GET /dashboard/events/{id}/figures.json: the counts the event page refreshes."""
    event_id = _event_id(request)
    report = await stats.event_figures(access.session, access.organization_ids, event_id) if event_id else None
    if report is None:
        return web.json_response({"error": "not-found"}, status=404)
    say, figures = access.say, report.figures
    counts = {"registered": figures.registered, "waiting": figures.waiting, "attended": figures.attended,
              "survey_answers": figures.survey_answers}
    shown = {name: say.number(value) for name, value in counts.items()}
    shown["attendance_rate"] = say.percent(figures.attendance_rate)
    shown["average_rating"] = say.decimal(report.average_rating)
    return web.json_response({"counts": counts, "shown": shown})


def _attachment(data: bytes, filename: str, mimetype: str) -> web.Response:
    return web.Response(body=data, content_type=mimetype.split(";")[0],
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@requires("export", write=True)
async def export(request: web.Request, access: Access) -> web.StreamResponse:
    """GET /dashboard/events/{id}/export/{exporter}.{csv|xlsx}: the bot's export, audited as the viewer's."""
    identifier, fmt = request.match_info["exporter"], request.match_info["fmt"]
    event_id = _event_id(request)
    found = await exportable_event(access.session, access.organization_ids, event_id) if event_id else None
    if identifier not in EXPORTERS or fmt not in FORMATS or found is None or not found[1]:
        return _not_found(request, access.say, access)
    assert event_id is not None
    # The least data: no phone numbers and no cancelled registrations from the page (the bot can add them).
    selection = Selection(event_id=event_id, lang=access.viewer.language)
    result = await render(access.session, identifier, fmt, selection, actor=access.viewer.actor,
                          actor_contact_id=access.viewer.contact_id)
    return _attachment(result.data, result.filename, result.mimetype)


def _programme_period(request: web.Request) -> tuple[Selection, datetime, datetime]:
    chosen = period(request, 365)
    start, end = chosen.utc_bounds()
    assert start is not None and end is not None
    return chosen, start, end


@requires("export")
async def programme(request: web.Request, access: Access) -> web.StreamResponse:
    """GET /dashboard/programme?from=&to=: the period's figures a donor report needs."""
    say = access.say
    chosen, start, end = _programme_period(request)
    figures = await stats.programme(access.session, access.organization_ids, start, end)
    kinds = [(say.kind(code), count) for code, count in figures.events_by_kind]
    event_places = [(say.governorate(code), count) for code, count in figures.events_by_governorate]
    people_places = [(say.governorate(code), count) for code, count in figures.people_by_governorate]
    assert chosen.since is not None and chosen.until is not None
    summaries = await donor.summaries(access.session, access.organization_ids, chosen.since, chosen.until)
    return page(request, "programme.html", say, viewer=access.viewer, programme=figures, since=chosen.since,
                until=chosen.until, kinds=kinds, event_places=event_places, people_places=people_places,
                organizations=await _names(access),
                donor_summaries=[(summary, donor.donor_tables(say, summary)) for summary in summaries],
                kind_chart=chart(say, "events-by-kind", say.t("dash-events-by-kind"), kinds),
                event_place_chart=chart(say, "events-by-governorate", say.t("dash-events-by-governorate"),
                                        event_places),
                people_place_chart=chart(say, "people-by-governorate", say.t("dash-people-by-governorate"),
                                         people_places))


async def _rows(rows: list[list[Cell]]) -> AsyncIterator[list[Cell]]:
    for row in rows:
        yield row


@requires("export", write=True)
async def programme_file(request: web.Request, access: Access) -> web.StreamResponse:
    """GET /dashboard/programme.{csv|xlsx}?from=&to=: the programme figures as a file, audited."""
    fmt = request.match_info["fmt"]
    if fmt not in FORMATS:
        return _not_found(request, access.say, access)
    chosen, start, end = _programme_period(request)
    figures = await stats.programme(access.session, access.organization_ids, start, end)
    table = stats.programme_rows(figures, access.viewer.language)
    header, body = (table[0], table[1:]) if table else ([], [])
    output = ExportOutput(title=access.say.t("dash-programme-title"), header=[str(cell) for cell in header],
                          rows=_rows(body), summary=None, lang=access.viewer.language)
    buffer = io.BytesIO()
    count = await (write_csv(output, buffer) if fmt == "csv" else write_xlsx(output, buffer))
    for organization_id in access.organization_ids:
        await audit(access.session, actor=access.viewer.actor, actor_contact_id=access.viewer.contact_id,
                    action="export", organization_id=organization_id,
                    details={"exporter": "programme", "since": str(chosen.since), "until": str(chosen.until),
                             "format": fmt, "rows": count})
    filename = f"musharaka-programme-{chosen.since}_{chosen.until}.{fmt}"
    return _attachment(buffer.getvalue(), filename, FORMATS[fmt])


@requires("export", write=True)
async def donor_file(request: web.Request, access: Access) -> web.StreamResponse:
    """GET /dashboard/programme/donor-summary.{csv|xlsx}?from=&to=&org=: the donor summary file, audited."""
    fmt = request.match_info["fmt"]
    raw = request.query.get("org", "")
    # One organisation per file (the bot's and the shell's file too); the viewer's first by default.
    wanted = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None
    organization_id = wanted if raw else (access.organization_ids[0] if access.organization_ids else None)
    if fmt not in FORMATS or organization_id not in access.organization_ids:
        return _not_found(request, access.say, access)
    chosen, _, _ = _programme_period(request)
    assert chosen.since is not None and chosen.until is not None
    found = await donor.summaries(access.session, [organization_id], chosen.since, chosen.until)
    if not found:
        return _not_found(request, access.say, access)
    buffer = io.BytesIO()
    await write_donor_summary(access.session, found[0], fmt, buffer, lang=access.viewer.language,
                              actor=access.viewer.actor, actor_contact_id=access.viewer.contact_id)
    return _attachment(buffer.getvalue(), donor_filename(found[0], fmt), FORMATS[fmt])
