"""Creating an event: a guided conversation, one question at a time, then a preview to publish or save.

Its place and answers are kept in the person's state in the database (it survives restarts and
works with several workers). Typed «skip» skips the one optional question (the map link);
«later» leaves the conversation without saving anything.

Actions:
  ne[.<org>]          start creating (choose the organisation first if several)
  nw.<step>.<value>   an option pressed inside the creation conversation
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from handlers import date_answers as dates
from handlers import event_card
from handlers.context import Ctx
from handlers.event_input import (
    CREATING,
    DURATION_CHOICES,
    PERMISSION,
    EveningQuestion,
    actor,
    error,
    parse_answer,
    question,
)
from handlers.menu import main_menu
from handlers.options import Decoded
from handlers.permissions import may, organizations_with
from handlers.router import action, awaiting
from handlers.staff import organization_for, refuse
from handlers.typed_words import LATER, PENDING_SIGNALS
from handlers.types import Option, Outbound
from handlers.views import event_details
from storage.models import Event
from storage.services import event_admin as service
from storage.services.event_admin import EventInputError
from storage.services.events import EventCounts
from storage.services.staff import get_organization
from storage.vocab import EVENT_KINDS, GOVERNORATES

# The questions of the creation conversation, in order, and the draft field each one fills.
STEPS = ("title", "kind", "governorate", "venue", "map", "starts", "duration", "capacity", "description")
DRAFT_FIELD = {
    "title": "title", "kind": "kind", "governorate": "governorate", "venue": "venue", "map": "map_url",
    "starts": "starts_at", "duration": "duration_minutes", "capacity": "capacity", "description": "description",
}
# The questions a typed «skip» answers with "nothing" (the others need an answer).
SKIPPABLE = {"map": None}
PREVIEW = "preview"
_INVALID = object()


def _creating(ctx: Ctx) -> dict[str, Any] | None:
    state = ctx.contact.state or {}
    return state if state.get("await") == CREATING else None


def _remember(ctx: Ctx, organization_id: int, step: str, draft: dict[str, Any]) -> None:
    # A fresh dict every time: the JSON column is only written when it is assigned a new value.
    ctx.set_state(**{"await": CREATING, "org": organization_id, "step": step, "draft": dict(draft)})


def ask(ctx: Ctx, step: str) -> Outbound:
    """The question of one creation step, numbered, with its options."""
    header = ctx.t("ea-step", number=STEPS.index(step) + 1, total=len(STEPS))
    options: list[Option] = []
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
    return Outbound(f"{header}\n{question(ctx, step)}", options)


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
        value = parse_answer(ctx, step, text)
    except EventInputError as problem:
        dates.forget_evening(ctx)
        return [error(ctx, problem), ask(ctx, step)]
    if isinstance(value, EveningQuestion):
        dates.remember_evening(ctx, value.typed)
        return [dates.evening_question(ctx, value.typed, "nw", "starts",
                                       extra=[ctx.opt("ea-wizard-cancel", "nw", "x", "x")])]
    return await _advance(ctx, state, value)


async def creation_signal(ctx: Ctx, signal: str) -> list[Outbound]:
    """Typed «skip» or «later» during creation: skip the optional map link; leave without saving."""
    state = _creating(ctx)
    if state is None or not may(ctx, state.get("org"), PERMISSION):
        ctx.clear_state()
        return refuse(ctx)
    if signal == LATER:
        ctx.clear_state()
        return [ctx.reply("pending-postponed"), main_menu(ctx)]
    step = state.get("step")
    if step in SKIPPABLE:
        return await _advance(ctx, state, SKIPPABLE[step])
    again = await _preview(ctx, state) if step == PREVIEW else [ask(ctx, step)] if step in STEPS else []
    return [ctx.reply("pending-cannot-skip"), *again]


PENDING_SIGNALS[CREATING] = creation_signal


async def _evening_chosen(ctx: Ctx, state: dict[str, Any], choice: str) -> list[Outbound]:
    """The answer to "did you mean the evening?" during creation: the start it chose, checked again."""
    moment = dates.evening_pick(ctx, choice)
    if moment is None:
        return [ctx.reply("ea-wizard-stale"), ask(ctx, "starts")]
    try:
        service.check_starts(moment)
    except EventInputError as problem:
        return [error(ctx, problem), ask(ctx, "starts")]
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
        event = await service.create_event(ctx.session, new, **actor(ctx))
    except EventInputError as problem:
        # Time passed while they were typing: ask for the start again, keeping the other answers.
        if problem.code.startswith("starts-"):
            _remember(ctx, state["org"], "starts", state.get("draft", {}))
            return [error(ctx, problem), ask(ctx, "starts")]
        raise
    ctx.clear_state()
    key = "ea-created-published" if publish else "ea-created-draft"
    options = [ctx.opt("ea-manage-this", "ma", event.id),
               # The card's extra options (registration questions, survey) right after creating, too.
               *(option for extra in event_card.CARD_EXTRAS for option in extra(ctx, event)),
               ctx.opt("ea-panel-new", "ne", event.organization_id), ctx.opt("menu-staff-panel", "op")]
    return [ctx.reply(key, options, title=event.title)]
