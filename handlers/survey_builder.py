"""Organizers build, keep and choose per event the survey sent after an event (issue 15).

The panel's «surveys» entry lists the organisation's saved surveys; «new survey» is a short
conversation (a name, then up to eight questions: kind, wording, and the answers of a choice
question) whose draft is kept in the person's state in the database. An event's admin card
offers «survey»: the default, a saved survey, or a new one built right there. Choosing copies
the questions into the event (storage.services.saved_surveys), and once the invitations went out
the event's survey no longer changes. Every action re-checks `events.manage` for the
organisation it touches.

Actions:
  Sl.<org>                    the organisation's saved surveys
  Sv.<org>.<survey>           one saved survey's questions
  Sr.<org>.<survey> / SR.…    ask to delete / delete a saved survey
  Sn.<org>[.<event>]          build a new survey (then choose it for the event)
  Sk.<kind>                   the kind of the next question, in the builder
  Sf / Sx                     save / cancel the survey being built
  Se.<event>                  the survey an event sends, and the other choices
  Sc.<event>.<survey|0>       choose a saved survey (0: the default) for the event
"""

from __future__ import annotations

from typing import Any

from handlers import event_card
from handlers.context import Ctx
from handlers.menu import main_menu
from handlers.options import Decoded
from handlers.permissions import may, staff_audit
from handlers.router import action, awaiting
from handlers.staff import PANEL_ENTRIES, organization_for, refuse
from handlers.survey import question_text
from handlers.types import Option, Outbound
from handlers.views import LABEL_LIMIT
from messages.textsplit import shorten_label
from storage.models import Event
from storage.models_surveys import SavedSurvey
from storage.services import saved_surveys as service
from storage.services.events import get_event
from storage.services.saved_surveys import SurveyInputError, SurveyLocked, SurveyProblem

PERMISSION = "events.manage"
BUILDING = "survey_build"


def _panel_entry(ctx: Ctx) -> list[Option]:
    return [ctx.opt("sb-panel", "Sl")]


PANEL_ENTRIES.append((PERMISSION, _panel_entry))


def _problem(ctx: Ctx, problem: SurveyProblem) -> str:
    return ctx.t(f"sb-error-{problem.code}", **problem.args)


def _summary(ctx: Ctx, questions: list[dict[str, Any]]) -> str:
    """The questions as numbered lines: «1. (rating) How do you rate…»."""
    lines = []
    for number, question in enumerate(questions, start=1):
        line = ctx.t("sb-question-line", number=number, kind=ctx.t(f"sb-kind-{question.get('kind')}"),
                     text=question_text(ctx, question))
        choices = question.get("choices") or []
        if choices:
            line += "\n" + ctx.t("sb-question-choices", choices=ctx.t("list-separator").join(map(str, choices)))
        lines.append(line)
    return "\n".join(lines)


# --- the saved surveys of an organisation -----------------------------------------------------------


@action("Sl")
async def saved_list(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """The organisation's saved surveys, each opening its questions; «new survey»; back to the panel."""
    organization_id = await organization_for(ctx, decoded, PERMISSION, "Sl")
    if isinstance(organization_id, list):
        return organization_id
    ctx.clear_state()
    surveys = await service.list_saved(ctx.session, organization_id)
    options = [ctx.option(shorten_label(s.name, LABEL_LIMIT), "Sv", organization_id, s.id)
               for s in surveys[:service.LIST_LIMIT]]
    options.append(ctx.opt("sb-new", "Sn", organization_id))
    options.append(ctx.opt("menu-staff-panel", "op"))
    key = "sb-list" if surveys else "sb-list-empty"
    return [ctx.reply(key, options, replace=True, count=len(surveys), shown=min(len(surveys), service.LIST_LIMIT))]


async def _own_saved(ctx: Ctx, decoded: Decoded) -> SavedSurvey | list[Outbound]:
    """The saved survey an option points at (organisation, survey), if the person may manage it now."""
    organization_id = decoded.int_arg(0)
    if not may(ctx, organization_id, PERMISSION):
        return refuse(ctx)
    saved = await service.get_saved(ctx.session, organization_id or 0, decoded.int_arg(1))
    return saved if saved is not None else [ctx.reply("option-stale"), main_menu(ctx)]


@action("Sv")
async def saved_view(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """One saved survey: its name and questions, and «delete»."""
    saved = await _own_saved(ctx, decoded)
    if isinstance(saved, list):
        return saved
    back = ctx.opt("sb-back-to-list", "Sl", saved.organization_id)
    options = [ctx.opt("sb-delete", "Sr", saved.organization_id, saved.id), back]
    text = ctx.t("sb-view", name=saved.name, count=len(saved.questions)) + "\n" + _summary(ctx, saved.questions)
    return [Outbound(text, options, replace=True)]


@action("Sr")
async def delete_ask(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Ask before deleting a saved survey (events that chose it keep their copy)."""
    saved = await _own_saved(ctx, decoded)
    if isinstance(saved, list):
        return saved
    back = ctx.opt("sb-back-to-list", "Sl", saved.organization_id)
    options = [ctx.opt("sb-delete-yes", "SR", saved.organization_id, saved.id), back]
    return [ctx.reply("sb-delete-confirm", options, name=saved.name)]


@action("SR")
async def delete_do(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Delete a saved survey."""
    saved = await _own_saved(ctx, decoded)
    if isinstance(saved, list):
        return saved
    organization_id, name = saved.organization_id, saved.name
    await service.delete_saved(ctx.session, organization_id, saved.id, **staff_audit(ctx))
    return [ctx.reply("sb-deleted", [ctx.opt("sb-back-to-list", "Sl", organization_id)], name=name)]


# --- building a new survey --------------------------------------------------------------------------


def _draft(ctx: Ctx) -> dict[str, Any] | None:
    state = ctx.contact.state or {}
    return state if state.get("await") == BUILDING else None


def _keep(ctx: Ctx, draft: dict[str, Any], **changes: Any) -> None:
    ctx.set_state(**{**{k: v for k, v in draft.items() if k != "offered"}, **changes})


def _cancel_option(ctx: Ctx) -> Option:
    return ctx.opt("sb-cancel", "Sx")


def _ask_kind(ctx: Ctx, draft: dict[str, Any]) -> Outbound:
    """Which kind the next question is (or save, once there is one)."""
    questions = draft.get("questions") or []
    options = [ctx.opt(f"sb-kind-{kind}", "Sk", kind) for kind in service.KINDS]
    if questions:
        options.append(ctx.opt("sb-finish", "Sf"))
    options.append(_cancel_option(ctx))
    _keep(ctx, draft, step="kind", kind=None)
    text = ctx.t("sb-ask-kind", number=len(questions) + 1, max=service.MAX_QUESTIONS, name=draft.get("name", ""))
    if questions:
        text = _summary(ctx, questions) + "\n\n" + text
    return Outbound(text, options)


@action("Sn")
async def build_start(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Start a new survey: its name first."""
    organization_id = await organization_for(ctx, decoded, PERMISSION, "Sn")
    if isinstance(organization_id, list):
        return organization_id
    event_id = decoded.int_arg(1)
    if event_id is not None:
        event = await _managed_event(ctx, event_id)
        if isinstance(event, list):
            return event
        if event.organization_id != organization_id:
            return refuse(ctx)
    ctx.set_state(**{"await": BUILDING, "org": organization_id, "event": event_id, "step": "name", "questions": []})
    return [ctx.reply("sb-ask-name", [_cancel_option(ctx)], max=service.NAME_MAX)]


@action("Sk")
async def build_kind(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """The kind of the next question chosen: ask its wording."""
    draft = _draft(ctx)
    kind = decoded.args[0] if decoded.args else ""
    if draft is None or kind not in service.KINDS or not may(ctx, draft.get("org"), PERMISSION):
        return [ctx.reply("option-stale"), main_menu(ctx)]
    if len(draft.get("questions") or []) >= service.MAX_QUESTIONS:
        return await _save(ctx, draft)
    _keep(ctx, draft, step="text", kind=kind)
    return [ctx.reply("sb-ask-text", [_cancel_option(ctx)], kind=ctx.t(f"sb-kind-{kind}"), max=service.QUESTION_MAX)]


@awaiting(BUILDING)
async def build_answer(ctx: Ctx, text: str) -> list[Outbound]:
    """A typed name, question wording or list of choices, checked with the same rules as the import."""
    draft = _draft(ctx)
    if draft is None or not may(ctx, draft.get("org"), PERMISSION):
        ctx.clear_state()
        return refuse(ctx)
    step = draft.get("step")
    if step == "name":
        problems = service.name_problems(text)
        if not problems and await service.find_saved(ctx.session, draft["org"], text) is not None:
            problems = [SurveyProblem("name-taken", {"name": text.strip()})]
        if problems:
            return [Outbound(_problem(ctx, problems[0]), [_cancel_option(ctx)])]
        draft["name"] = text.strip()
        return [_ask_kind(ctx, draft)]
    if step == "text":
        problems = service.text_problems(text)
        if problems:
            return [Outbound(_problem(ctx, problems[0]), [_cancel_option(ctx)])]
        if draft.get("kind") in service.CHOICE_KINDS:
            _keep(ctx, draft, step="choices", text=text.strip())
            return [ctx.reply("sb-ask-choices", [_cancel_option(ctx)], min=service.CHOICES_MIN,
                              max=service.CHOICES_MAX)]
        return await _add(ctx, draft, text, [])
    if step == "choices":
        return await _add(ctx, draft, str(draft.get("text", "")), service.split_choices(text))
    # At the kind question a typed word is not a kind: show the kinds again.
    return [ctx.reply("sb-choose-kind"), _ask_kind(ctx, draft)]


async def _add(ctx: Ctx, draft: dict[str, Any], text: str, choices: list[str]) -> list[Outbound]:
    questions = list(draft.get("questions") or [])
    try:
        question = service.make_question(len(questions) + 1, str(draft.get("kind")), text, choices)
    except SurveyInputError as error:
        return [Outbound(_problem(ctx, error.problem), [_cancel_option(ctx)])]
    draft["questions"] = [*questions, question]
    if len(draft["questions"]) >= service.MAX_QUESTIONS:
        return await _save(ctx, draft)
    return [ctx.reply("sb-question-added"), _ask_kind(ctx, draft)]


@action("Sf")
async def build_finish(ctx: Ctx, _: Decoded) -> list[Outbound]:
    """Save the survey being built."""
    draft = _draft(ctx)
    if draft is None or not draft.get("questions") or not may(ctx, draft.get("org"), PERMISSION):
        return [ctx.reply("option-stale"), main_menu(ctx)]
    return await _save(ctx, draft)


async def _save(ctx: Ctx, draft: dict[str, Any]) -> list[Outbound]:
    organization_id = int(draft["org"])
    try:
        saved = await service.create_saved(ctx.session, organization_id, str(draft.get("name", "")),
                                           list(draft.get("questions") or []), **staff_audit(ctx))
    except SurveyInputError as error:
        # The name was taken meanwhile (another organizer): ask for another one, keeping the questions.
        _keep(ctx, draft, step="name")
        return [Outbound(_problem(ctx, error.problem), [_cancel_option(ctx)])]
    ctx.clear_state()
    notes = [Outbound(ctx.t("sb-saved", name=saved.name, count=len(saved.questions)) + "\n"
                      + _summary(ctx, saved.questions))]
    event_id = draft.get("event")
    if event_id is None:
        return [*notes, ctx.reply("sb-what-next", [ctx.opt("sb-back-to-list", "Sl", organization_id),
                                                   ctx.opt("menu-staff-panel", "op")])]
    return notes + await _choose(ctx, int(event_id), saved)


@action("Sx")
async def build_cancel(ctx: Ctx, _: Decoded) -> list[Outbound]:
    """Drop the survey being built."""
    draft = _draft(ctx)
    ctx.clear_state()
    options = [ctx.opt("menu-staff-panel", "op")]
    if draft is not None and draft.get("event"):
        options.insert(0, ctx.opt("ea-back-to-card", "ma", int(draft["event"])))
    return [ctx.reply("sb-cancelled", options)]


# --- the survey of one event ------------------------------------------------------------------------


async def _managed_event(ctx: Ctx, event_id: int | None) -> Event | list[Outbound]:
    event = await get_event(ctx.session, event_id)
    if event is None:
        return [ctx.reply("event-unavailable"), main_menu(ctx)]
    if not may(ctx, event.organization_id, PERMISSION):
        return refuse(ctx)
    return event


def card_option(ctx: Ctx, event: Event) -> list[Option]:
    """The «survey» option of an event's admin card (not for a cancelled event)."""
    return [] if event.status == "cancelled" else [ctx.opt("ea-survey", "Se", event.id)]


event_card.CARD_EXTRAS.append(card_option)


@action("Se")
async def event_survey(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """What the event's survey asks, and (until it is sent) the default, the saved surveys and «new»."""
    event = await _managed_event(ctx, decoded.int_arg(0))
    if isinstance(event, list):
        return event
    chosen = await service.chosen_for_event(ctx.session, event)
    questions = await service.event_questions(ctx.session, event.id)
    name = chosen.name if chosen is not None else ctx.t("sb-default-name")
    text = ctx.t("sb-event-current", name=name) + "\n" + _summary(ctx, questions)
    back = ctx.opt("ea-back-to-card", "ma", event.id)
    if await service.is_locked(ctx.session, event):
        return [Outbound(text + "\n\n" + ctx.t("sb-event-locked"), [back])]
    options = [ctx.opt("sb-default-name", "Sc", event.id, 0)]
    saved = await service.list_saved(ctx.session, event.organization_id or 0)
    options += [ctx.option(shorten_label(s.name, LABEL_LIMIT), "Sc", event.id, s.id)
                for s in saved[:service.LIST_LIMIT] if chosen is None or s.id != chosen.id]
    options += [ctx.opt("sb-new", "Sn", event.organization_id or 0, event.id), back]
    return [Outbound(text + "\n\n" + ctx.t("sb-event-choose"), options)]


@action("Sc")
async def event_choose(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Choose the default (0) or a saved survey for the event."""
    event = await _managed_event(ctx, decoded.int_arg(0))
    if isinstance(event, list):
        return event
    saved_id = decoded.int_arg(1)
    saved = None
    if saved_id:
        saved = await service.get_saved(ctx.session, event.organization_id or 0, saved_id)
        if saved is None:
            return [ctx.reply("option-stale"), ctx.reply("sb-back", [ctx.opt("ea-back-to-card", "ma", event.id)])]
    return await _choose(ctx, event.id, saved)


async def _choose(ctx: Ctx, event_id: int, saved: SavedSurvey | None) -> list[Outbound]:
    event = await _managed_event(ctx, event_id)
    if isinstance(event, list):
        return event
    options = [ctx.opt("ea-back-to-card", "ma", event.id), ctx.opt("menu-staff-panel", "op")]
    try:
        await service.choose_for_event(ctx.session, event, saved, **staff_audit(ctx))
    except SurveyLocked:
        return [ctx.reply("sb-event-locked", options)]
    name = saved.name if saved is not None else ctx.t("sb-default-name")
    return [ctx.reply("sb-event-chosen", options, name=name, title=event.title)]
