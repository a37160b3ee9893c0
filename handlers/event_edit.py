"""Editing an event: choose a field, then type its new value or press one of the offered choices.

Everything about an event can be changed: title, kind, governorate, venue, map link, start,
duration, capacity, reminder hours, how long before the start check-in opens, and description.

Actions:
  me.<event>[.<field>[.<value>]]  pick a field to edit / ask for its new value / a value chosen by option
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from handlers import date_answers as dates
from handlers.context import Ctx
from handlers.event_card import card, checkin_minutes_text, checkin_opens_text, managed_event
from handlers.event_input import (
    CHECKIN_CHOICES,
    DURATION_CHOICES,
    EDITING,
    PERMISSION,
    REMINDER_PRESET,
    EveningQuestion,
    actor,
    error,
    parse_answer,
    question,
)
from handlers.menu import main_menu
from handlers.options import Decoded
from handlers.permissions import may
from handlers.router import action, awaiting
from handlers.staff import refuse
from handlers.typed_words import LATER, PENDING_SIGNALS
from handlers.types import Option, Outbound
from handlers.views import when
from messages.formatting import format_number
from storage.models import Event
from storage.services import event_admin as service
from storage.services.event_admin import EventInputError
from storage.services.events import get_event
from storage.vocab import EVENT_KINDS, GOVERNORATES

# Edit field -> the question that asks for it (the creation step of the same name where there is one).
EDIT_STEP = {"title": "title", "kind": "kind", "governorate": "governorate", "venue": "venue", "map_url": "map",
             "starts_at": "starts", "duration_minutes": "duration", "capacity": "capacity",
             "reminder_hours": "reminders", "checkin_opens_minutes_before": "checkin", "description": "description"}
# Fields whose name is too long for an option id go by a short code there.
FIELD_CODE = {"checkin_opens_minutes_before": "checkin"}
_CODE_FIELD = {code: name for name, code in FIELD_CODE.items()}
# Fields a typed «skip» empties (the map link); the others need a value.
SKIP_VALUE = {"map_url": None}
_INVALID = object()


def ask(ctx: Ctx, step: str, event: Event) -> Outbound:
    """The question for a field's new value, with the choices offered beside typing and 'back'."""
    options = _edit_options(ctx, step, event)
    options.append(ctx.opt("ea-back-to-card", "ma", event.id))
    return Outbound(question(ctx, step), options)


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
    if step == "checkin":
        return [ctx.option(checkin_minutes_text(ctx, m), "me", e, FIELD_CODE["checkin_opens_minutes_before"], m)
                for m in CHECKIN_CHOICES]
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
    if name == "checkin_opens_minutes_before" and value.isdigit() and int(value) in CHECKIN_CHOICES:
        return int(value)
    return _INVALID


@action("me")
async def edit(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Choose a field, then get asked for its new value (capacity may be set unlimited by option)."""
    event = await managed_event(ctx, decoded)
    if isinstance(event, list):
        return event
    if event.status == "cancelled":
        return [error(ctx, EventInputError("event-cancelled")), *await card(ctx, event)]
    name = _CODE_FIELD.get(decoded.args[1], decoded.args[1]) if len(decoded.args) > 1 else None
    if name is None:
        options = [ctx.opt(f"ea-field-{field}", "me", event.id, FIELD_CODE.get(field, field))
                   for field in service.EDITABLE]
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
    return [ctx.reply("ea-edit-current", value=_current(ctx, event, name)), ask(ctx, EDIT_STEP[name], event)]


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
    if name == "checkin_opens_minutes_before":
        return checkin_opens_text(ctx, event)
    return str(getattr(event, name))


async def _editing(ctx: Ctx) -> tuple[Event | None, str | None]:
    state = ctx.contact.state or {}
    event = await get_event(ctx.session, state.get("event")) if isinstance(state.get("event"), int) else None
    return event, state.get("field")


@awaiting(EDITING)
async def edit_answer(ctx: Ctx, text: str) -> list[Outbound]:
    """The typed new value of the field being edited."""
    event, name = await _editing(ctx)
    if event is None or name not in service.EDITABLE or not may(ctx, event.organization_id, PERMISSION):
        ctx.clear_state()
        return refuse(ctx) if event is not None else [ctx.reply("option-stale"), main_menu(ctx)]
    if name == "starts_at" and (choice := dates.evening_typed(ctx, text)) is not None:
        return await _edit_evening_chosen(ctx, event, choice)
    try:
        value = parse_answer(ctx, EDIT_STEP[name], text)
    except EventInputError as problem:
        dates.forget_evening(ctx)
        return [error(ctx, problem), ask(ctx, EDIT_STEP[name], event)]
    if isinstance(value, EveningQuestion):
        dates.remember_evening(ctx, value.typed)
        return [dates.evening_question(ctx, value.typed, "me", event.id, name,
                                       extra=[ctx.opt("ea-back-to-card", "ma", event.id)])]
    if name == "starts_at":
        value = datetime.fromisoformat(value)
    return await _apply_edit(ctx, event, name, value)


async def edit_signal(ctx: Ctx, signal: str) -> list[Outbound]:
    """Typed «skip» or «later» while editing: «skip» empties the map link; «later» leaves it unchanged."""
    event, name = await _editing(ctx)
    if event is None or name not in service.EDITABLE or not may(ctx, event.organization_id, PERMISSION):
        ctx.clear_state()
        return refuse(ctx) if event is not None else [ctx.reply("option-stale"), main_menu(ctx)]
    if signal == LATER:
        ctx.clear_state()
        return [ctx.reply("pending-postponed"), main_menu(ctx)]
    if name in SKIP_VALUE:
        return await _apply_edit(ctx, event, name, SKIP_VALUE[name])
    return [ctx.reply("pending-cannot-skip"), ask(ctx, EDIT_STEP[name], event)]


PENDING_SIGNALS[EDITING] = edit_signal


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
        outcome = await service.update_event(ctx.session, event, name, value, **actor(ctx))
    except EventInputError as problem:
        if problem.code == "event-cancelled":
            ctx.clear_state()
            return [error(ctx, problem), *await card(ctx, event)]
        return [error(ctx, problem), ask(ctx, EDIT_STEP[name], event)]
    ctx.clear_state()
    if not outcome.changed:
        return await card(ctx, event, [ctx.reply("ea-edit-unchanged")])
    notes = [ctx.t("ea-edit-saved")]
    if name in ("starts_at", *service.NOTIFY_FIELDS) and event.status == "published":
        notes.append(ctx.t("ea-edit-notified", count=outcome.notified))
    if outcome.promoted:
        notes.append(ctx.t("ea-edit-promoted", count=outcome.promoted))
    return await card(ctx, event, [Outbound("\n".join(notes))])
