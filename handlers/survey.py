"""The post-event survey as a conversation whose place is kept in the database.

It survives restarts and can be resumed later; optional questions can be skipped; free
text is stored exactly as typed (a too-long answer is refused with a clear message).
"""

from __future__ import annotations

from handlers.context import Ctx
from handlers.menu import MENU_EXTRAS, main_menu
from handlers.options import Decoded
from handlers.router import MENU_HOOKS, action, awaiting
from handlers.typed_words import LATER, PENDING_SIGNALS
from handlers.types import Option, Outbound
from messages.normalize import matches_any, parse_int
from storage.models import Survey
from storage.services.events import get_event
from storage.services.registration import own_registration
from storage.services.surveys import (
    MAX_TEXT_ANSWER,
    get_survey,
    may_answer,
    pending_surveys,
    record_answer,
    response_for,
)


async def _prefetch_pending(ctx: Ctx) -> None:
    if ctx.contact.consent_at is not None:
        ctx.extras["pending_surveys"] = await pending_surveys(ctx.session, ctx.contact.id)


def _menu_entry(ctx: Ctx) -> list[Option]:
    pending = ctx.extras.get("pending_surveys") or []
    return [ctx.opt("menu-surveys", "sv", pending[0], count=len(pending))] if pending else []


MENU_HOOKS.append(_prefetch_pending)
MENU_EXTRAS.append(_menu_entry)


def question_text(ctx: Ctx, question: dict) -> str:
    """A question's wording: a catalog key for built-in questions, literal text for custom ones."""
    if question.get("text_key"):
        return ctx.t(question["text_key"])
    return str(question.get("text", question.get("key", "")))


async def _load(ctx: Ctx, survey_id: int | None) -> Survey | None:
    survey = await get_survey(ctx.session, survey_id)
    if survey is None or not await may_answer(ctx.session, survey, ctx.contact.id):
        return None
    return survey


def ask(ctx: Ctx, survey: Survey, index: int) -> Outbound:
    """Render question `index` with its answer options (rating 1–5, choices, skip, later)."""
    question = survey.questions[index]
    header = ctx.t("survey-progress", number=index + 1, total=len(survey.questions))
    text = f"{header}\n{question_text(ctx, question)}"
    options: list[Option] = []
    if question["kind"] == "rating":
        options = [ctx.opt(f"survey-rating-{value}", "sa", survey.id, index, value) for value in range(1, 6)]
    elif question["kind"] == "choice":
        options = [ctx.option(str(choice), "sa", survey.id, index, number)
                   for number, choice in enumerate(question.get("choices", []), start=1)]
    else:
        text += "\n" + ctx.t("survey-type-answer")
    # Typed answers (a rating digit, a choice number, free text) go to this question.
    ctx.set_state(**{"await": "survey_text", "survey": survey.id, "question": index})
    if not question.get("required"):
        options.append(ctx.opt("survey-skip", "sk", survey.id, index))
    options.append(ctx.opt("survey-later", "mm"))
    return Outbound(text, options)


async def _next(ctx: Ctx, survey: Survey, index: int, value: object) -> list[Outbound]:
    response = await response_for(ctx.session, survey, ctx.contact.id)
    if response.completed_at is not None:
        ctx.clear_state()
        return [ctx.reply("survey-already-done"), main_menu(ctx)]
    if index != response.current_question:
        # An old button from a question already answered: show where they really are.
        return [ctx.reply("survey-resume"), ask(ctx, survey, response.current_question)]
    record_answer(survey, response, index, value)
    ctx.clear_state()
    if response.completed_at is not None:
        ctx.extras["pending_surveys"] = [s for s in ctx.extras.get("pending_surveys", []) if s != survey.id]
        return [ctx.reply("survey-thanks"), main_menu(ctx)]
    return [ask(ctx, survey, response.current_question)]


@action("sv")
async def start_or_resume(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Open a survey at the first unanswered question (or say it is already done)."""
    survey = await _load(ctx, decoded.int_arg(0))
    if survey is None:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    response = await response_for(ctx.session, survey, ctx.contact.id)
    if response.completed_at is not None:
        return [ctx.reply("survey-already-done"), main_menu(ctx)]
    event = await get_event(ctx.session, survey.event_id)
    intro = ctx.reply("survey-intro" if response.current_question == 0 else "survey-resume",
                      title=event.title if event else "")
    return [intro, ask(ctx, survey, response.current_question)]


@action("sa")
async def answer_option(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """A rating or a choice pressed."""
    survey = await _load(ctx, decoded.int_arg(0))
    index, value = decoded.int_arg(1), decoded.int_arg(2)
    if survey is None or index is None or value is None or not 0 <= index < len(survey.questions):
        return [ctx.reply("option-stale"), main_menu(ctx)]
    question = survey.questions[index]
    if question["kind"] == "rating" and not 1 <= value <= 5:
        return [ctx.reply("option-stale"), ask(ctx, survey, index)]
    if question["kind"] == "choice":
        choices = question.get("choices", [])
        if not 1 <= value <= len(choices):
            return [ctx.reply("option-stale"), ask(ctx, survey, index)]
        return await _next(ctx, survey, index, str(choices[value - 1]))
    return await _next(ctx, survey, index, value)


@action("sk")
async def skip(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Skip an optional question."""
    survey = await _load(ctx, decoded.int_arg(0))
    index = decoded.int_arg(1)
    if survey is None or index is None or not 0 <= index < len(survey.questions):
        return [ctx.reply("option-stale"), main_menu(ctx)]
    if survey.questions[index].get("required"):
        return [ctx.reply("survey-required"), ask(ctx, survey, index)]
    return await _next(ctx, survey, index, None)


@awaiting("survey_text")
async def typed_answer(ctx: Ctx, text: str) -> list[Outbound]:
    """A typed answer: free text kept exactly; a typed 1–5 also answers a rating."""
    state = ctx.contact.state or {}
    survey = await _load(ctx, state.get("survey"))
    index = state.get("question")
    if survey is None or not isinstance(index, int) or not 0 <= index < len(survey.questions):
        ctx.clear_state()
        return [ctx.reply("option-stale"), main_menu(ctx)]
    question = survey.questions[index]
    if question["kind"] == "rating":
        value = parse_int(text)
        if value is None or not 1 <= value <= 5:
            return [ctx.reply("survey-rating-invalid"), ask(ctx, survey, index)]
        return await _next(ctx, survey, index, value)
    if question["kind"] == "choice":
        choices = [str(c) for c in question.get("choices", [])]
        number = parse_int(text)
        picked = choices[number - 1] if number is not None and 1 <= number <= len(choices) else None
        picked = picked or next((c for c in choices if matches_any(text, [c])), None)
        if picked is None:
            return [ctx.reply("survey-choice-invalid"), ask(ctx, survey, index)]
        return await _next(ctx, survey, index, picked)
    if len(text) > MAX_TEXT_ANSWER:
        return [ctx.reply("survey-too-long", limit=MAX_TEXT_ANSWER, length=len(text))]
    if not text.strip():
        return [ctx.reply("survey-empty"), ask(ctx, survey, index)]
    return await _next(ctx, survey, index, text)


async def typed_signal(ctx: Ctx, signal: str) -> list[Outbound]:
    """«تخطي» or «لاحقاً» typed at a question: skip it (if optional) or leave the survey for later; never an answer."""
    state = ctx.contact.state or {}
    survey = await _load(ctx, state.get("survey"))
    index = state.get("question")
    if survey is None or not isinstance(index, int) or not 0 <= index < len(survey.questions):
        ctx.clear_state()
        return [ctx.reply("option-stale"), main_menu(ctx)]
    if signal == LATER:
        ctx.clear_state()  # the answers so far are kept: «استبيان» in the menu resumes here
        return [ctx.reply("pending-postponed"), main_menu(ctx)]
    if survey.questions[index].get("required"):
        return [ctx.reply("survey-required"), ask(ctx, survey, index)]
    return await _next(ctx, survey, index, None)


PENDING_SIGNALS["survey_text"] = typed_signal


@action("rv")
async def will_attend(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """'I will come' pressed on a reminder."""
    registration = await own_registration(ctx.session, ctx.contact.id, decoded.int_arg(0))
    if registration is None or registration.status != "confirmed":
        return [ctx.reply("option-stale"), main_menu(ctx)]
    registration.rsvp = "yes"
    return [ctx.reply("rsvp-thanks", ticket=registration.ticket_code)]
