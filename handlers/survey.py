"""The post-event survey as a conversation whose place is kept in the database.

It survives restarts and can be resumed later; optional questions can be skipped; free
text is stored exactly as typed (a too-long answer is refused with a clear message).
Question kinds: rating 1–5, one choice, several choices (toggle buttons, then «done»; the
picks so far wait in the person's state), short text and long text («text» in older surveys).

Actions: sv.<survey> open, sa.<survey>.<q>.<value> rating/choice, sm.<survey>.<q>.<n> toggle a
choice, sd.<survey>.<q> done choosing, sk.<survey>.<q> skip.
"""

from __future__ import annotations

import re

from handlers.context import Ctx
from handlers.menu import MENU_EXTRAS, main_menu
from handlers.options import Decoded
from handlers.router import MENU_HOOKS, action, awaiting
from handlers.typed_words import LATER, PENDING_SIGNALS
from handlers.types import Option, Outbound
from messages.normalize import matches_any, parse_int, to_ascii_digits
from storage.models import Survey
from storage.services.events import get_event
from storage.services.registration import own_registration
from storage.services.saved_surveys import SHORT_ANSWER_MAX
from storage.services.surveys import (
    MAX_TEXT_ANSWER,
    get_survey,
    may_answer,
    record_answer,
    response_for,
)


async def _prefetch_pending(ctx: Ctx) -> None:
    if ctx.contact.consent_at is not None:
        ctx.extras["pending_surveys"] = (await ctx.menu_facts()).pending_surveys


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


def _picked(ctx: Ctx, survey: Survey, index: int) -> list[int]:
    """The choices ticked so far at a several-choices question (kept in the state while it waits)."""
    state = ctx.contact.state or {}
    if state.get("survey") != survey.id or state.get("question") != index:
        return []
    return [n for n in state.get("picked") or [] if isinstance(n, int)]


def _choice_options(ctx: Ctx, survey: Survey, index: int, question: dict, picked: list[int]) -> list[Option]:
    choices = [str(c) for c in question.get("choices", [])]
    if question["kind"] == "choice":
        return [ctx.option(choice, "sa", survey.id, index, number) for number, choice in enumerate(choices, start=1)]
    options = [ctx.option(ctx.t("survey-choice-picked", choice=choice) if number in picked else choice,
                          "sm", survey.id, index, number) for number, choice in enumerate(choices, start=1)]
    options.append(ctx.opt("survey-multi-done", "sd", survey.id, index, count=len(picked)))
    return options


def ask(ctx: Ctx, survey: Survey, index: int, picked: list[int] | None = None, *, replace: bool = False) -> Outbound:
    """Render question `index` with its answer options (rating 1–5, choices, skip, later)."""
    question = survey.questions[index]
    kind = question["kind"]
    header = ctx.t("survey-progress", number=index + 1, total=len(survey.questions))
    text = f"{header}\n{question_text(ctx, question)}"
    options: list[Option] = []
    if kind == "rating":
        options = [ctx.opt(f"survey-rating-{value}", "sa", survey.id, index, value) for value in range(1, 6)]
    elif kind in ("choice", "multi"):
        options = _choice_options(ctx, survey, index, question, picked or [])
        if kind == "multi":
            text += "\n" + ctx.t("survey-multi-hint")
    else:
        text += "\n" + ctx.t({"short": "survey-type-short", "long": "survey-type-long"}.get(kind, "survey-type-answer"))
    # Typed answers (a rating digit, a choice number, free text) go to this question.
    ctx.set_state(**{"await": "survey_text", "survey": survey.id, "question": index, "picked": picked or None})
    if not question.get("required"):
        options.append(ctx.opt("survey-skip", "sk", survey.id, index))
    options.append(ctx.opt("survey-later", "mm"))
    return Outbound(text, options, replace=replace)


def _typed_picks(text: str, choices: list[str]) -> list[int] | None:
    """Choice numbers typed for a several-choices question ("1,3", "1 and 3" in Arabic), or the choices' words.

    None when the text is neither.
    """
    # The Arabic "and" (U+0648) glued to a number joins numbers; then split on spaces and (Arabic) commas.
    spaced = re.sub(r"\u0648(?=\d)", " ", to_ascii_digits(text))
    parts = [p for p in re.split(r"[\s,\u060c\u061b]+", spaced) if p]
    numbers = [parse_int(p) for p in parts]
    if parts and all(n is not None and 1 <= n <= len(choices) for n in numbers):
        return sorted({n for n in numbers if n is not None})
    named = [number for number, choice in enumerate(choices, start=1)
             if any(matches_any(part.strip(), [choice]) for part in re.split(r"[,\u060c\n]+", text))]
    return named or None


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


@action("sm")
async def toggle_choice(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """A choice of a several-choices question ticked or unticked: the same question again, marks updated."""
    survey = await _load(ctx, decoded.int_arg(0))
    index, number = decoded.int_arg(1), decoded.int_arg(2)
    if survey is None or index is None or number is None or not 0 <= index < len(survey.questions):
        return [ctx.reply("option-stale"), main_menu(ctx)]
    question = survey.questions[index]
    elsewhere = await _not_here(ctx, survey, index)
    if elsewhere is not None:
        return elsewhere
    if question["kind"] != "multi" or not 1 <= number <= len(question.get("choices", [])):
        return [ctx.reply("option-stale"), ask(ctx, survey, index)]
    picked = _picked(ctx, survey, index)
    picked = sorted(set(picked) ^ {number})
    return [ask(ctx, survey, index, picked, replace=True)]


async def _not_here(ctx: Ctx, survey: Survey, index: int) -> list[Outbound] | None:
    """None when the person is at question `index`; else the replies that say where they are."""
    response = await response_for(ctx.session, survey, ctx.contact.id)
    if response.completed_at is not None or index != response.current_question:
        return await _next(ctx, survey, index, None)  # says "already done" or shows where they are
    return None


@action("sd")
async def done_choosing(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """«Done» at a several-choices question: the ticked choices are its answer (none ticked: skipped)."""
    survey = await _load(ctx, decoded.int_arg(0))
    index = decoded.int_arg(1)
    if survey is None or index is None or not 0 <= index < len(survey.questions):
        return [ctx.reply("option-stale"), main_menu(ctx)]
    question = survey.questions[index]
    if question["kind"] != "multi":
        return [ctx.reply("option-stale"), ask(ctx, survey, index)]
    elsewhere = await _not_here(ctx, survey, index)
    if elsewhere is not None:
        return elsewhere
    state = ctx.contact.state or {}
    if state.get("survey") != survey.id or state.get("question") != index:
        # «Done» of an old message after the person left the question: its ticks are gone, so ask
        # again rather than take nothing as the answer.
        return [ctx.reply("survey-resume"), ask(ctx, survey, index)]
    return await _multi_answer(ctx, survey, index, _picked(ctx, survey, index))


async def _multi_answer(ctx: Ctx, survey: Survey, index: int, picked: list[int]) -> list[Outbound]:
    question = survey.questions[index]
    choices = [str(c) for c in question.get("choices", [])]
    if not picked:
        if question.get("required"):
            return [ctx.reply("survey-multi-none"), ask(ctx, survey, index)]
        return await _next(ctx, survey, index, None)
    return await _next(ctx, survey, index, [choices[n - 1] for n in sorted(picked) if 1 <= n <= len(choices)])


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
    if question["kind"] == "multi":
        numbers = _typed_picks(text, [str(c) for c in question.get("choices", [])])
        if numbers is None:
            return [ctx.reply("survey-multi-invalid"), ask(ctx, survey, index, _picked(ctx, survey, index))]
        return await _multi_answer(ctx, survey, index, numbers)
    limit = SHORT_ANSWER_MAX if question["kind"] == "short" else MAX_TEXT_ANSWER
    if len(text) > limit:
        return [ctx.reply("survey-too-long", limit=limit, length=len(text))]
    if not text.strip():
        return [ctx.reply("survey-empty"), ask(ctx, survey, index)]
    return await _next(ctx, survey, index, text)


async def typed_signal(ctx: Ctx, signal: str) -> list[Outbound]:
    """Skip or later typed at a question: skip it (if optional) or leave the survey for later; never an answer."""
    state = ctx.contact.state or {}
    survey = await _load(ctx, state.get("survey"))
    index = state.get("question")
    if survey is None or not isinstance(index, int) or not 0 <= index < len(survey.questions):
        ctx.clear_state()
        return [ctx.reply("option-stale"), main_menu(ctx)]
    if signal == LATER:
        ctx.clear_state()  # the answers so far are kept: the menu's survey entry resumes here
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
