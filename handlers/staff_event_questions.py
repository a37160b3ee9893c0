"""Organizers choose the optional registration questions of one event (from its admin card).

The standard questions are toggles; up to three questions of the organisation's own (choices or
short text) are typed: the question on the first line, each choice on a line after it (or
separated by «|»). Every action checks `events.manage` for the event's organisation again.
Actions:
  qE.<event>        the questions screen
  qT.<event>.<i>    ask / stop asking standard question i (STANDARD order)
  qN.<event>        type a question of your own
  qR.<event>.<n>    remove own question n (1-based) and its answers
"""

from __future__ import annotations

import re

from handlers import event_card
from handlers.context import Ctx
from handlers.event_card import managed_event
from handlers.menu import main_menu
from handlers.options import Decoded
from handlers.router import CONTEXT_HOOKS, action, awaiting
from handlers.typed_words import PENDING_SIGNALS
from handlers.types import InboundKind, Option, Outbound
from storage.models import Event
from storage.services import registration_questions as service
from storage.services.registration_questions import QuestionInputError

AWAIT = "event_question_text"
_CHOICE_SEPARATORS = re.compile(r"\s*[|\n]\s*")
_ERROR_LIMITS = {"question-length": service.MAX_QUESTION_TEXT, "choices-count": service.MAX_CUSTOM_CHOICES,
                 "choice-length": service.MAX_CHOICE_TEXT, "too-many": service.MAX_CUSTOM}


def card_option(ctx: Ctx, event: Event) -> list[Option]:
    """The «registration questions» option of an event's admin card (not for a cancelled event)."""
    return [] if event.status == "cancelled" else [ctx.opt("rq-staff-entry", "qE", event.id)]


def parse_custom(text: str) -> tuple[str, list[str]]:
    """An own question as typed: the first line (or the part before «|») and the choices after it."""
    parts = [part for part in _CHOICE_SEPARATORS.split(text.strip()) if part]
    return (parts[0], parts[1:]) if parts else ("", [])


async def screen(ctx: Ctx, event: Event, notes: list[Outbound] | None = None) -> list[Outbound]:
    """The event's questions: standard ones as ✅/⬜ toggles, its own listed with «remove»."""
    config = await service.config_of(ctx.session, event.id)
    chosen = set(config.standard or []) if config else set()
    custom = list(config.custom or []) if config else []
    options = [ctx.opt("rq-staff-on" if key in chosen else "rq-staff-off", "qT", event.id, index,
                       question=ctx.t(f"rq-short-{key}"))
               for index, key in enumerate(service.STANDARD)]
    lines = []
    for number, item in enumerate(custom, start=1):
        kind = (ctx.t("rq-staff-kind-choice", choices=ctx.t("list-separator").join(item.get("choices", [])))
                if item.get("kind") == service.CHOICE else ctx.t("rq-staff-kind-text"))
        lines.append(ctx.t("rq-staff-own-line", number=number, question=item.get("text", ""), kind=kind))
        options.append(ctx.opt("rq-staff-remove", "qR", event.id, number, number=number))
    if len(custom) < service.MAX_CUSTOM:
        options.append(ctx.opt("rq-staff-add", "qN", event.id))
    options.append(ctx.opt("ea-back-to-card", "ma", event.id))
    own = "\n".join(lines) or ctx.t("rq-staff-own-none")
    text = ctx.t("rq-staff-screen", title=event.title, max=service.MAX_CUSTOM, own=own)
    return [*(notes or []), Outbound(text, options, replace=not notes)]


async def _event(ctx: Ctx, decoded: Decoded) -> Event | list[Outbound]:
    event = await managed_event(ctx, decoded)
    if isinstance(event, Event) and event.status == "cancelled":
        return [ctx.reply("option-stale"), *await event_card.card(ctx, event)]
    return event


@action("qE")
async def questions(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Open the questions screen of an event."""
    event = await _event(ctx, decoded)
    if isinstance(event, list):
        return event
    if (ctx.contact.state or {}).get("await") == AWAIT:
        ctx.clear_state()
    return await screen(ctx, event)


@action("qT")
async def toggle(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Ask, or stop asking, one standard question."""
    event = await _event(ctx, decoded)
    if isinstance(event, list):
        return event
    keys = list(service.STANDARD)
    index = decoded.int_arg(1)
    if index is None or not 0 <= index < len(keys):
        return [ctx.reply("option-stale"), *await screen(ctx, event)]
    await service.toggle_standard(ctx.session, event.id, keys[index])
    return await screen(ctx, event)


@action("qN")
async def new_question(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Ask the organizer to type a question of their own."""
    event = await _event(ctx, decoded)
    if isinstance(event, list):
        return event
    ctx.set_state(**{"await": AWAIT, "event": event.id})
    return [ctx.reply("rq-staff-ask-custom", [ctx.opt("ea-back-to-card", "qE", event.id)],
                      max=service.MAX_CUSTOM_CHOICES)]


@awaiting(AWAIT)
async def typed_question(ctx: Ctx, text: str) -> list[Outbound]:
    """The typed own question: checked, then added (or the rule it breaks, and the question again)."""
    event_id = (ctx.contact.state or {}).get("event")
    event = await _event(ctx, Decoded("qN", (str(event_id),))) if isinstance(event_id, int) else None
    if not isinstance(event, Event):
        ctx.clear_state()
        return event if isinstance(event, list) else [ctx.reply("option-stale"), main_menu(ctx)]
    question, choices = parse_custom(text)
    try:
        await service.add_custom(ctx.session, event.id, question, choices)
    except QuestionInputError as error:
        note = ctx.reply(f"rq-error-{error.code}", max=_ERROR_LIMITS.get(error.code, 0))
        if error.code == "too-many":
            ctx.clear_state()
            return await screen(ctx, event, [note])
        return [note, ctx.reply("rq-staff-ask-custom", [ctx.opt("ea-back-to-card", "qE", event.id)],
                                max=service.MAX_CUSTOM_CHOICES)]
    ctx.clear_state()
    return await screen(ctx, event, [ctx.reply("rq-staff-added")])


async def _typed_signal(ctx: Ctx, signal: str) -> list[Outbound]:
    """«skip» or «later» while typing a question: back to the questions screen, nothing added."""
    event_id = (ctx.contact.state or {}).get("event")
    ctx.clear_state()
    event = await _event(ctx, Decoded("qE", (str(event_id),))) if isinstance(event_id, int) else None
    if isinstance(event, Event):
        return await screen(ctx, event)
    return event if isinstance(event, list) else [ctx.reply("option-stale"), main_menu(ctx)]


PENDING_SIGNALS[AWAIT] = _typed_signal


async def _leave_when_elsewhere(ctx: Ctx) -> None:
    """Another button pressed while a question is being typed: stop waiting for it."""
    if (ctx.contact.state or {}).get("await") != AWAIT or ctx.inbound.kind != InboundKind.CHOICE:
        return
    decoded = ctx.codec.decode(ctx.contact.id, ctx.inbound.choice)
    if decoded is None or decoded.action not in {"qE", "qT", "qN", "qR"}:
        ctx.clear_state()


CONTEXT_HOOKS.append(_leave_when_elsewhere)


@action("qR")
async def remove(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Remove one own question and the answers given to it."""
    event = await _event(ctx, decoded)
    if isinstance(event, list):
        return event
    number = decoded.int_arg(1)
    if number is None or not await service.remove_custom(ctx.session, event.id, number):
        return [ctx.reply("option-stale"), *await screen(ctx, event)]
    return await screen(ctx, event, [ctx.reply("rq-staff-removed")])


event_card.CARD_EXTRAS.append(card_option)
