"""Organizers create and manage their organisation's events from the panel.

'new event' is a guided conversation whose place and answers are kept in the person's
state in the database (it survives restarts and works with several workers); 'my organisation's events'
lists the organisation's upcoming events and drafts, each with an admin card of live counts,
edits, publish, close/reopen registration and cancel.

Option ids only prove to whom an option was issued, not what that person may do now, so every
action loads the event and asks `may(ctx, event.organization_id, "events.manage")` again.

Actions:
  ne[.<org>]                    start creating (choose the organisation first if several)
  nw.<step>.<value>             an option pressed inside the creation conversation
  ml.<org>.<page>               the organisation's events, paged
  ma.<event>                    the admin card with live counts
  me.<event>[.<field>[.<value>]]  pick a field to edit / ask for its new value / a value chosen by option
  mp.<event>                    publish a draft
  mr.<event>.<0|1>              close (0) or reopen (1) registration
  mx.<event> / mX.<event>       ask to confirm cancelling / cancel
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from handlers import date_answers as dates
from handlers.context import Ctx
from handlers.menu import main_menu
from handlers.notifications import renderer
from handlers.options import Decoded
from handlers.permissions import may, organizations_with
from handlers.router import action, awaiting
from handlers.staff import PANEL_ENTRIES, organization_for, refuse
from handlers.types import Option, Outbound
from handlers.views import LABEL_LIMIT, event_details, place, short_date, when
from messages.dates_input import read_date_time
from messages.formatting import DEFAULT_LOCALE, format_number
from messages.normalize import keyword_match, normalize_arabic, parse_int, to_ascii_digits
from messages.normalize_places import match_governorate
from messages.textsplit import shorten_label
from storage.clock import utcnow
from storage.models import Delivery, Event
from storage.services import event_admin as service
from storage.services.event_admin import EventInputError
from storage.services.events import EventCounts, active_registration_id, get_event
from storage.services.staff import get_organization
from storage.vocab import EVENT_KINDS, GOVERNORATES

PERMISSION = "events.manage"
CREATING = "event_create"
EDITING = "event_edit"
# Six events plus previous, next, new and back stay within a WhatsApp list's ten rows.
PAGE_SIZE = 6
DURATION_CHOICES = (60, 120, 180)
# The questions of the creation conversation, in order, and the draft field each one fills.
STEPS = ("title", "kind", "governorate", "venue", "map", "starts", "duration", "capacity", "description")
DRAFT_FIELD = {
    "title": "title", "kind": "kind", "governorate": "governorate", "venue": "venue", "map": "map_url",
    "starts": "starts_at", "duration": "duration_minutes", "capacity": "capacity", "description": "description",
}
PREVIEW = "preview"
# Edit field -> the creation question that asks for it.
EDIT_STEP = {"title": "title", "kind": "kind", "governorate": "governorate", "venue": "venue", "map_url": "map",
             "starts_at": "starts", "duration_minutes": "duration", "capacity": "capacity",
             "reminder_hours": "reminders", "description": "description"}
# Reminder choices offered when editing: the usual day-and-hour-before, or none.
REMINDER_PRESET = (24, 1)
# «و» (U+0648, Arabic "and") or "and" between hours, or any list separator.
_HOURS_SEPARATORS = re.compile(r"\s*(?:\u0648|and)\s*|[\s,;\u060c\u061b]+")

_NEGATIVE = re.compile(r"[-\u2212\u2013]\s*\d+")
_GROUPED = re.compile(r"\d{1,3}(?:[,\u066c]\d{3})+")
_AMOUNT = re.compile(r"(\d+(?:[.,\u066b]\d+)?)\s*(.*)")


def _new_entry(ctx: Ctx) -> list[Option]:
    return [ctx.opt("ea-panel-new", "ne")]


def _mine_entry(ctx: Ctx) -> list[Option]:
    return [ctx.opt("ea-panel-mine", "ml")]


PANEL_ENTRIES.append((PERMISSION, _new_entry))
PANEL_ENTRIES.append((PERMISSION, _mine_entry))


def _actor(ctx: Ctx) -> dict[str, Any]:
    return {"actor": f"staff:{ctx.contact.id}", "actor_contact_id": ctx.contact.id}


def _words(ctx: Ctx, key: str) -> list[str]:
    return list(ctx.words(key))  # the person's language, then Arabic


def _error(ctx: Ctx, error: EventInputError) -> Outbound:
    return ctx.reply(f"ea-error-{error.code}", **error.args_)


# --- reading what people type -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EveningQuestion:
    """A start typed between 00:00 and 06:59 without ص/م: ask whether twelve hours later was meant."""

    typed: datetime  # naive UTC, as typed


def parse_starts(text: str, locale: str = DEFAULT_LOCALE) -> tuple[datetime, datetime | None]:
    """A typed Baghdad start as naive UTC in the future, or EventInputError saying precisely why not.

    The second value is the evening reading (twelve hours later) of a time from 00:00 to 06:59
    typed without ص/م, for the organizer to choose between; otherwise None.
    """
    reading = read_date_time(text)
    if reading.wall is None:
        raise EventInputError(f"starts-{reading.problem}", **dates.problem_args(reading, locale))
    typed = dates.naive_utc(reading.wall)
    if reading.maybe_evening:
        evening = typed + timedelta(hours=12)
        service.check_starts(evening)  # if even the evening is past (or too far), say so now
        return typed, evening
    return service.check_starts(typed), None


def parse_duration(ctx: Ctx, text: str) -> int:
    """Minutes from «90», '90 minutes' (Arabic-Indic digits), '2 hours', '1.5 hours', 'two hours'."""
    if keyword_match(text, _words(ctx, "ea-kw-two-hours")):
        return service.check_duration(120)
    if keyword_match(text, _words(ctx, "ea-kw-one-hour")):
        return service.check_duration(60)
    match = _AMOUNT.fullmatch(normalize_arabic(text))
    if match is None:
        raise EventInputError("duration-invalid")
    amount = float(match[1].replace(",", ".").replace("\u066b", "."))
    unit = match[2]
    if not unit or keyword_match(unit, _words(ctx, "ea-kw-minutes")):
        minutes = amount
    elif keyword_match(unit, _words(ctx, "ea-kw-hours")):
        minutes = amount * 60
    else:
        raise EventInputError("duration-invalid")
    return service.check_duration(round(minutes))


def parse_capacity(ctx: Ctx, text: str) -> int | None:
    """Seats from a typed number (any digits, «1,000» too) or None for 'unlimited'."""
    if keyword_match(text, _words(ctx, "ea-kw-unlimited")):
        return None
    digits = to_ascii_digits(text).strip()
    if _GROUPED.fullmatch(digits):
        digits = re.sub(r"[,\u066c]", "", digits)
    number = parse_int(digits)
    if number is None:
        # «-5» is a number on the wrong side of the range: say so rather than "not a number".
        if _NEGATIVE.fullmatch(digits):
            raise EventInputError("capacity-range", max=service.CAPACITY_MAX)
        raise EventInputError("capacity-invalid")
    return service.check_capacity(number)


def _pick(ctx: Ctx, text: str, codes: tuple[str, ...], prefix: str) -> str:
    """A kind or governorate typed by its Arabic name or code instead of pressed."""
    for code in codes:
        if keyword_match(text, [ctx.t(f"{prefix}-{code}"), code]):
            return code
    raise EventInputError("choice")


def _parse_answer(ctx: Ctx, step: str, text: str) -> Any:
    """The stored value of a typed answer to `step` (raises EventInputError for a bad one)."""
    if step == "title":
        return service.check_title(text)
    if step == "kind":
        return _pick(ctx, text, EVENT_KINDS, "kind")
    if step == "governorate":
        return match_governorate(text) or _pick(ctx, text, GOVERNORATES, "gov")
    if step == "venue":
        return service.check_venue(text)
    if step == "map":
        return None if keyword_match(text, [ctx.t("ea-skip-map")]) else service.check_map_url(text)
    if step == "starts":
        typed, evening = parse_starts(text, ctx.locale)
        return EveningQuestion(typed) if evening is not None else typed.isoformat()
    if step == "duration":
        return parse_duration(ctx, text)
    if step == "capacity":
        return parse_capacity(ctx, text)
    if step == "description":
        return service.check_description(text)
    if step == "reminders":
        return parse_reminder_hours(ctx, text)
    raise EventInputError("choice")


def parse_reminder_hours(ctx: Ctx, text: str) -> list[int]:
    """Hours before the start from «24, 1», «٢٤ و ١», «48 24 1»; [] for «بدون تذكير»."""
    if keyword_match(text, _words(ctx, "ea-kw-no-reminders")):
        return []
    items = [item for item in _HOURS_SEPARATORS.split(to_ascii_digits(text).strip()) if item]
    hours = [parse_int(item) for item in items]
    if not hours or any(h is None for h in hours):
        raise EventInputError("reminders-invalid", max=service.REMINDER_HOURS_MAX, count=service.REMINDER_COUNT_MAX)
    return service.check_reminder_hours([h for h in hours if h is not None])


# --- the creation conversation -----------------------------------------------------------------------


def _creating(ctx: Ctx) -> dict[str, Any] | None:
    state = ctx.contact.state or {}
    return state if state.get("await") == CREATING else None


def _remember(ctx: Ctx, organization_id: int, step: str, draft: dict[str, Any]) -> None:
    # A fresh dict every time: the JSON column is only written when it is assigned a new value.
    ctx.set_state(**{"await": CREATING, "org": organization_id, "step": step, "draft": dict(draft)})


def ask(ctx: Ctx, step: str, *, editing: Event | None = None) -> Outbound:
    """The question of one step with its options (creation, or editing `editing`)."""
    question = ctx.t(f"ea-ask-{step}", min=service.TITLE_MIN, max=_limit(step))
    options: list[Option] = []
    if editing is None:
        header = ctx.t("ea-step", number=STEPS.index(step) + 1, total=len(STEPS))
        question = f"{header}\n{question}"
        if step == "kind":
            options = [ctx.opt(f"kind-{code}", "nw", "kind", code) for code in EVENT_KINDS]
        elif step == "governorate":
            options = [ctx.opt(f"gov-{code}", "nw", "governorate", code) for code in GOVERNORATES]
        elif step == "map":
            options = [ctx.opt("ea-skip-map", "nw", "map", "skip")]
        elif step == "duration":
            options = [ctx.opt("ea-duration-hours", "nw", "duration", m, hours=m // 60) for m in DURATION_CHOICES]
        elif step == "capacity":
            options = [ctx.opt("ea-unlimited", "nw", "capacity", "u")]
        options.append(ctx.opt("ea-wizard-cancel", "nw", "x", "x"))
    else:
        options = _edit_options(ctx, step, editing)
        options.append(ctx.opt("ea-back-to-card", "ma", editing.id))
    return Outbound(question, options)


def _edit_options(ctx: Ctx, step: str, event: Event) -> list[Option]:
    """The choices offered beside typing when editing one field (they come back as me.<event>.<field>.<value>)."""
    e = event.id
    if step == "kind":
        return [ctx.opt(f"kind-{code}", "me", e, "kind", code) for code in EVENT_KINDS]
    if step == "governorate":
        return [ctx.opt(f"gov-{code}", "me", e, "governorate", code) for code in GOVERNORATES]
    if step == "map":
        return [ctx.opt("ea-skip-map", "me", e, "map_url", "none")]
    if step == "duration":
        return [ctx.opt("ea-duration-hours", "me", e, "duration_minutes", m, hours=m // 60) for m in DURATION_CHOICES]
    if step == "capacity":
        return [ctx.opt("ea-unlimited", "me", e, "capacity", "u")]
    if step == "reminders":
        return [ctx.opt("ea-reminders-preset", "me", e, "reminder_hours", "d"),
                ctx.opt("ea-reminders-none", "me", e, "reminder_hours", "none")]
    return []


def _edit_option_value(name: str, value: str) -> Any:
    """The new value an edit option stands for, or _INVALID."""
    if name == "kind" and value in EVENT_KINDS:
        return value
    if name == "governorate" and value in GOVERNORATES:
        return value
    if name == "map_url" and value == "none":
        return None
    if name == "duration_minutes" and value.isdigit() and int(value) in DURATION_CHOICES:
        return int(value)
    if name == "capacity" and value == "u":
        return None
    if name == "reminder_hours" and value in ("d", "none"):
        return list(REMINDER_PRESET) if value == "d" else []
    return _INVALID


def _limit(step: str) -> int:
    return {"title": service.TITLE_MAX, "venue": service.VENUE_MAX}.get(step, service.DESCRIPTION_MAX)


@action("ne")
async def new_event(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Start creating an event, after choosing the organisation when the person has several."""
    organization_id = await organization_for(ctx, decoded, PERMISSION, "ne")
    if isinstance(organization_id, list):
        return organization_id
    organization = await get_organization(ctx.session, organization_id)
    if organization is None:
        return refuse(ctx)
    _remember(ctx, organization.id, STEPS[0], {})
    return [ctx.reply("ea-wizard-intro", organization=organization.name), ask(ctx, STEPS[0])]


@awaiting(CREATING)
async def creation_answer(ctx: Ctx, text: str) -> list[Outbound]:
    """A typed answer to the current question: stored and the next question asked, or refused and asked again."""
    state = _creating(ctx)
    if state is None or not may(ctx, state.get("org"), PERMISSION):
        ctx.clear_state()
        return refuse(ctx)
    step = state.get("step")
    if step == PREVIEW:
        return [ctx.reply("ea-error-choice"), *await _preview(ctx, state)]
    if step not in STEPS:
        ctx.clear_state()
        return [ctx.reply("option-stale"), main_menu(ctx)]
    if step == "starts" and (choice := dates.evening_typed(ctx, text)) is not None:
        return await _evening_chosen(ctx, state, choice)
    try:
        value = _parse_answer(ctx, step, text)
    except EventInputError as error:
        dates.forget_evening(ctx)
        return [_error(ctx, error), ask(ctx, step)]
    if isinstance(value, EveningQuestion):
        dates.remember_evening(ctx, value.typed)
        return [dates.evening_question(ctx, value.typed, "nw", "starts",
                                       extra=[ctx.opt("ea-wizard-cancel", "nw", "x", "x")])]
    return await _advance(ctx, state, value)


async def _evening_chosen(ctx: Ctx, state: dict[str, Any], choice: str) -> list[Outbound]:
    """The answer to "did you mean the evening?" during creation: the start it chose, checked again."""
    moment = dates.evening_pick(ctx, choice)
    if moment is None:
        return [ctx.reply("ea-wizard-stale"), ask(ctx, "starts")]
    try:
        service.check_starts(moment)
    except EventInputError as error:
        return [_error(ctx, error), ask(ctx, "starts")]
    return await _advance(ctx, state, moment.isoformat())


@action("nw")
async def creation_option(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """An option pressed during creation: a kind, a governorate, skip, a duration, unlimited, publish…"""
    if not organizations_with(ctx, PERMISSION):
        return refuse(ctx)
    state = _creating(ctx)
    if state is None:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    if not may(ctx, state.get("org"), PERMISSION):
        ctx.clear_state()
        return refuse(ctx)
    step, value = (decoded.args + ("", ""))[:2]
    if step == "x":
        ctx.clear_state()
        return [ctx.reply("ea-wizard-cancelled"), main_menu(ctx)]
    if step != state.get("step"):
        # An old button from a question already answered: show where they really are.
        current = state.get("step")
        again = await _preview(ctx, state) if current == PREVIEW else [ask(ctx, current)]
        return [ctx.reply("ea-wizard-stale"), *again]
    if step == PREVIEW:
        return await _finish(ctx, state, publish=value == "publish")
    if step == "starts" and value in dates.CHOICES:
        return await _evening_chosen(ctx, state, value)
    chosen = _option_value(step, value)
    if chosen is _INVALID:
        return [ctx.reply("ea-error-choice"), ask(ctx, step)]
    return await _advance(ctx, state, chosen)


_INVALID = object()


def _option_value(step: str, value: str) -> Any:
    if step == "kind" and value in EVENT_KINDS:
        return value
    if step == "governorate" and value in GOVERNORATES:
        return value
    if step == "map" and value == "skip":
        return None
    if step == "duration" and value.isdigit() and int(value) in DURATION_CHOICES:
        return int(value)
    if step == "capacity" and value == "u":
        return None
    return _INVALID


async def _advance(ctx: Ctx, state: dict[str, Any], value: Any) -> list[Outbound]:
    step = state["step"]
    draft = {**state.get("draft", {}), DRAFT_FIELD[step]: value}
    position = STEPS.index(step) + 1
    if position < len(STEPS):
        _remember(ctx, state["org"], STEPS[position], draft)
        return [ask(ctx, STEPS[position])]
    _remember(ctx, state["org"], PREVIEW, draft)
    return await _preview(ctx, _creating(ctx) or {})


async def _draft_event(ctx: Ctx, state: dict[str, Any]) -> service.NewEvent:
    draft = state.get("draft", {})
    organization = await get_organization(ctx.session, state.get("org"))
    return service.NewEvent(
        organization_id=state["org"], title=draft["title"], kind=draft["kind"], governorate=draft["governorate"],
        venue=draft["venue"], map_url=draft.get("map_url"), starts_at=datetime.fromisoformat(draft["starts_at"]),
        duration_minutes=draft["duration_minutes"], capacity=draft.get("capacity"),
        description=draft["description"], organizer_name=organization.name if organization else "",
    )


async def _preview(ctx: Ctx, state: dict[str, Any]) -> list[Outbound]:
    """The event exactly as citizens will see it, then publish / save as draft / cancel."""
    new = await _draft_event(ctx, state)
    # Never added to the session: only rendered.
    event = Event(title=new.title, kind=new.kind, governorate=new.governorate, venue=new.venue,
                  map_url=new.map_url, organizer_name=new.organizer_name, starts_at=new.starts_at,
                  description=new.description, capacity=new.capacity, is_sample=False)
    counts = EventCounts(0, 0, 0, new.capacity)
    options = [ctx.opt("ea-publish", "nw", PREVIEW, "publish"), ctx.opt("ea-save-draft", "nw", PREVIEW, "draft"),
               ctx.opt("ea-wizard-cancel", "nw", "x", "x")]
    return [ctx.reply("ea-preview-header"), Outbound(event_details(ctx, event, counts)),
            ctx.reply("ea-preview-question", options)]


async def _finish(ctx: Ctx, state: dict[str, Any], *, publish: bool) -> list[Outbound]:
    new = await _draft_event(ctx, state)
    new.status = "published" if publish else "draft"
    try:
        event = await service.create_event(ctx.session, new, **_actor(ctx))
    except EventInputError as error:
        # Time passed while they were typing: ask for the start again, keeping the other answers.
        if error.code.startswith("starts-"):
            _remember(ctx, state["org"], "starts", state.get("draft", {}))
            return [_error(ctx, error), ask(ctx, "starts")]
        raise
    ctx.clear_state()
    key = "ea-created-published" if publish else "ea-created-draft"
    options = [ctx.opt("ea-manage-this", "ma", event.id), ctx.opt("ea-panel-new", "ne", event.organization_id),
               ctx.opt("menu-staff-panel", "op")]
    return [ctx.reply(key, options, title=event.title)]


# --- the organisation's events ----------------------------------------------------------------------


@action("ml")
async def list_events(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """A page of the organisation's upcoming events and drafts."""
    organization_id = await organization_for(ctx, decoded, PERMISSION, "ml")
    if isinstance(organization_id, list):
        return organization_id
    organization = await get_organization(ctx.session, organization_id)
    name = organization.name if organization else ""
    result = await service.organization_events(ctx.session, organization_id, page=decoded.int_arg(1) or 0,
                                               page_size=PAGE_SIZE)
    options: list[Option] = []
    if not result.events:
        text = ctx.t("ea-list-empty", organization=name)
    else:
        counts = await service.counts_for(ctx.session, result.events)
        lines = []
        for index, event in enumerate(result.events, start=result.page * PAGE_SIZE + 1):
            draft = event.status == "draft"
            marker = ctx.t("ea-draft-marker") + " " if draft else ""
            lines.append(ctx.t("ea-list-line", index=index, marker=marker, title=event.title,
                               date=short_date(event.starts_at, ctx.locale), confirmed=counts[event.id].confirmed,
                               waiting=counts[event.id].waitlisted))
            label = shorten_label(event.title, LABEL_LIMIT)
            options.append(ctx.option(ctx.t("ea-draft-label", title=label) if draft else label, "ma", event.id))
        header = ctx.t("ea-list-header", organization=name, page=result.page + 1, pages=result.pages)
        text = header + "\n\n" + "\n".join(lines)
    if result.page + 1 < result.pages:
        options.append(ctx.opt("events-next", "ml", organization_id, result.page + 1))
    if result.page > 0:
        options.append(ctx.opt("events-prev", "ml", organization_id, result.page - 1))
    options.append(ctx.opt("ea-panel-new", "ne", organization_id))
    options.append(ctx.opt("menu-staff-panel", "op"))
    return [Outbound(text, options, replace=True)]


async def _managed_event(ctx: Ctx, decoded: Decoded) -> Event | list[Outbound]:
    """The event an option points at, if this person may manage it now; else the replies to send."""
    event_id = decoded.int_arg(0)
    event = await get_event(ctx.session, event_id)
    if event is None:
        if not organizations_with(ctx, PERMISSION):
            return refuse(ctx)
        return [ctx.reply("event-unavailable"), main_menu(ctx)]
    if not may(ctx, event.organization_id, PERMISSION):
        return refuse(ctx)
    return event


@action("ma")
async def admin_card(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """The event as citizens see it, then status, registration and live counts with the admin options."""
    event = await _managed_event(ctx, decoded)
    if isinstance(event, list):
        return event
    if (ctx.contact.state or {}).get("await") == EDITING:
        ctx.clear_state()
    return await card(ctx, event)


async def card(ctx: Ctx, event: Event, notes: list[Outbound] | None = None) -> list[Outbound]:
    """Render the admin card of `event` (after optional notes such as 'saved')."""
    counts = await service.live_counts(ctx.session, event)
    seats = ctx.t("ea-seats-unlimited") if counts.seats_left is None else counts.seats_left
    registration = "ea-registration-is-open" if event.registration_open else "ea-registration-is-closed"
    admin = ctx.t("ea-card", status=ctx.t(f"ea-status-{event.status}"), registration=ctx.t(registration),
                  confirmed=counts.confirmed, waiting=counts.waitlisted, checked_in=counts.checked_in, seats=seats)
    options: list[Option] = []
    if event.status != "cancelled":
        options.append(ctx.opt("ea-edit", "me", event.id))
        if event.status == "draft":
            options.append(ctx.opt("ea-publish-draft", "mp", event.id))
        elif event.registration_open:
            options.append(ctx.opt("ea-close-registration", "mr", event.id, 0))
        else:
            options.append(ctx.opt("ea-reopen-registration", "mr", event.id, 1))
        options.append(ctx.opt("ea-cancel-event", "mx", event.id))
    options.append(ctx.opt("ea-refresh", "ma", event.id))
    if event.organization_id is not None:
        options.append(ctx.opt("ea-back-to-list", "ml", event.organization_id, 0))
    return [*(notes or []), Outbound(event_details(ctx, event, counts)), Outbound(admin, options)]


# --- editing ----------------------------------------------------------------------------------------


@action("me")
async def edit(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Choose a field, then get asked for its new value (capacity may be set unlimited by option)."""
    event = await _managed_event(ctx, decoded)
    if isinstance(event, list):
        return event
    if event.status == "cancelled":
        return [_error(ctx, EventInputError("event-cancelled")), *await card(ctx, event)]
    name = decoded.args[1] if len(decoded.args) > 1 else None
    if name is None:
        options = [ctx.opt(f"ea-field-{field}", "me", event.id, field) for field in service.EDITABLE]
        options.append(ctx.opt("ea-back-to-card", "ma", event.id))
        return [ctx.reply("ea-edit-which", options, title=event.title)]
    if name not in service.EDITABLE:
        return [ctx.reply("option-stale"), *await card(ctx, event)]
    if name == "starts_at" and decoded.args[2:3] and decoded.args[2] in dates.CHOICES:
        return await _edit_evening_chosen(ctx, event, decoded.args[2])
    if len(decoded.args) > 2:
        chosen = _edit_option_value(name, decoded.args[2])
        if chosen is _INVALID:
            return [ctx.reply("option-stale"), *await card(ctx, event)]
        return await _apply_edit(ctx, event, name, chosen)
    ctx.set_state(**{"await": EDITING, "event": event.id, "field": name})
    return [ctx.reply("ea-edit-current", value=_current(ctx, event, name)), ask(ctx, EDIT_STEP[name], editing=event)]


def _current(ctx: Ctx, event: Event, name: str) -> str:
    if name == "starts_at":
        return when(ctx, event.starts_at)
    if name == "capacity":
        return ctx.t("ea-unlimited") if event.capacity is None else str(event.capacity)
    if name == "kind":
        return ctx.t(f"kind-{event.kind}")
    if name == "governorate":
        return ctx.t(f"gov-{event.governorate}")
    if name == "map_url":
        return event.map_url or ctx.t("ea-skip-map")
    if name == "duration_minutes":
        return ctx.t("ea-current-duration", minutes=event.duration_minutes)
    if name == "reminder_hours":
        if not event.reminder_hours:
            return ctx.t("ea-reminders-none")
        return ctx.t("ea-current-reminders", hours=ctx.t("broadcast-list-separator").join(
            format_number(h, ctx.locale) for h in event.reminder_hours))
    return str(getattr(event, name))


@awaiting(EDITING)
async def edit_answer(ctx: Ctx, text: str) -> list[Outbound]:
    """The typed new value of the field being edited."""
    state = ctx.contact.state or {}
    event = await get_event(ctx.session, state.get("event")) if isinstance(state.get("event"), int) else None
    name = state.get("field")
    if event is None or name not in service.EDITABLE or not may(ctx, event.organization_id, PERMISSION):
        ctx.clear_state()
        return refuse(ctx) if event is not None else [ctx.reply("option-stale"), main_menu(ctx)]
    if name == "starts_at" and (choice := dates.evening_typed(ctx, text)) is not None:
        return await _edit_evening_chosen(ctx, event, choice)
    try:
        value = _parse_answer(ctx, EDIT_STEP[name], text)
    except EventInputError as error:
        dates.forget_evening(ctx)
        return [_error(ctx, error), ask(ctx, EDIT_STEP[name], editing=event)]
    if isinstance(value, EveningQuestion):
        dates.remember_evening(ctx, value.typed)
        return [dates.evening_question(ctx, value.typed, "me", event.id, name,
                                       extra=[ctx.opt("ea-back-to-card", "ma", event.id)])]
    if name == "starts_at":
        value = datetime.fromisoformat(value)
    return await _apply_edit(ctx, event, name, value)


async def _edit_evening_chosen(ctx: Ctx, event: Event, choice: str) -> list[Outbound]:
    """The answer to "did you mean the evening?" while editing the start of `event`."""
    state = ctx.contact.state or {}
    asked_here = state.get("await") == EDITING and state.get("event") == event.id
    moment = dates.evening_pick(ctx, choice) if asked_here else None
    if moment is None:
        return [ctx.reply("option-stale"), *await card(ctx, event)]
    return await _apply_edit(ctx, event, "starts_at", moment)


async def _apply_edit(ctx: Ctx, event: Event, name: str, value: Any) -> list[Outbound]:
    try:
        outcome = await service.update_event(ctx.session, event, name, value, **_actor(ctx))
    except EventInputError as error:
        if error.code == "event-cancelled":
            ctx.clear_state()
            return [_error(ctx, error), *await card(ctx, event)]
        return [_error(ctx, error), ask(ctx, EDIT_STEP[name], editing=event)]
    ctx.clear_state()
    if not outcome.changed:
        return await card(ctx, event, [ctx.reply("ea-edit-unchanged")])
    notes = [ctx.t("ea-edit-saved")]
    if name in ("starts_at", *service.NOTIFY_FIELDS) and event.status == "published":
        notes.append(ctx.t("ea-edit-notified", count=outcome.notified))
    if outcome.promoted:
        notes.append(ctx.t("ea-edit-promoted", count=outcome.promoted))
    return await card(ctx, event, [Outbound("\n".join(notes))])


# --- publish, registration, cancel --------------------------------------------------------------------


@action("mp")
async def publish(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Publish a draft so citizens see it."""
    event = await _managed_event(ctx, decoded)
    if isinstance(event, list):
        return event
    try:
        done = await service.publish_event(ctx.session, event, **_actor(ctx))
    except EventInputError as error:
        return [_error(ctx, error), *await card(ctx, event)]
    return await card(ctx, event, [ctx.reply("ea-published" if done else "ea-already-published", title=event.title)])


@action("mr")
async def registration(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Close (0) or reopen (1) registration; people already registered stay registered."""
    event = await _managed_event(ctx, decoded)
    if isinstance(event, list):
        return event
    flag = decoded.int_arg(1)
    if flag not in (0, 1):
        return [ctx.reply("option-stale"), *await card(ctx, event)]
    try:
        await service.set_registration_open(ctx.session, event, bool(flag), **_actor(ctx))
    except EventInputError as error:
        return [_error(ctx, error), *await card(ctx, event)]
    key = "ea-registration-opened-done" if flag else "ea-registration-closed-done"
    return await card(ctx, event, [ctx.reply(key, title=event.title)])


@action("mx")
async def cancel_ask(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Ask for confirmation before cancelling, saying how many people will be told."""
    event = await _managed_event(ctx, decoded)
    if isinstance(event, list):
        return event
    if event.status == "cancelled":
        return await card(ctx, event, [ctx.reply("ea-already-cancelled", title=event.title)])
    registrants = await _registrants(ctx, event)
    options = [ctx.opt("ea-cancel-yes", "mX", event.id), ctx.opt("ea-cancel-no", "ma", event.id)]
    return [ctx.reply("ea-cancel-confirm", options, title=event.title, count=registrants)]


@action("mX")
async def cancel_confirmed(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Cancel the event; registrants get a cancellation notice through the outbox."""
    event = await _managed_event(ctx, decoded)
    if isinstance(event, list):
        return event
    if event.status == "cancelled":
        return await card(ctx, event, [ctx.reply("ea-already-cancelled", title=event.title)])
    told = await service.cancel(ctx.session, event, **_actor(ctx))
    return await card(ctx, event, [ctx.reply("ea-cancelled-done", title=event.title, count=told)])


async def _registrants(ctx: Ctx, event: Event) -> int:
    counts = await service.live_counts(ctx.session, event)
    return counts.confirmed + counts.waitlisted


# --- what registrants receive -----------------------------------------------------------------------


@renderer(service.EVENT_CHANGED, "reminder")
async def event_changed(ctx: Ctx, delivery: Delivery) -> list[Outbound] | None:
    """Tell a registrant the venue or governorate of their event changed (nothing if they left or it is over)."""
    event = await get_event(ctx.session, delivery.payload.get("event_id"))
    if event is None or event.status != "published" or event.starts_at <= utcnow():
        return None
    still_registered = await active_registration_id(ctx.session, event.id, ctx.contact.id)
    field = delivery.payload.get("field")
    if still_registered is None or field not in service.NOTIFY_FIELDS:
        return None
    if field == "governorate":
        old = delivery.payload.get("old", "")
        return [ctx.reply("ea-changed-governorate-notice", [ctx.opt("menu-my", "my")], title=event.title,
                          governorate=ctx.t(f"gov-{event.governorate}"), venue=place(ctx, event),
                          old=ctx.t(f"gov-{old}") if old in GOVERNORATES else old, when=when(ctx, event.starts_at))]
    return [ctx.reply("ea-changed-venue-notice", [ctx.opt("menu-my", "my")], title=event.title, venue=place(ctx, event),
                      old=delivery.payload.get("old", ""),
                      when=when(ctx, event.starts_at))]
