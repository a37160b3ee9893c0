"""The optional registration questions, asked right after a seat or a waiting-list place.

Every question can be skipped, «prefer not to say» is always offered, and an answer given once
(sex, age group…) is reused at the next event: it is shown with a «change» option instead of
being asked again. The answers can be changed or deleted from the settings. Answers are never
logged. Actions (event 0 means the settings screen):
  qa.<event>.<i>.<n|p>   answer question i with choice n (1-based) or p (prefer not to say)
  qs.<event>.<i>         skip question i
  qx.<event>             stop: no more questions now
  qc.<event>.<i>         change the answer to question i
  qL / qD / qY           settings: my answers / ask to delete them all / delete them
"""

from __future__ import annotations

from handlers.context import Ctx
from handlers.menu import main_menu
from handlers.options import Decoded
from handlers.router import CONTEXT_HOOKS, action, awaiting
from handlers.settings_menu import SETTINGS_EXTRAS
from handlers.typed_words import PENDING_SIGNALS, SKIP
from handlers.types import InboundKind, Option, Outbound
from messages.normalize import matches_any, parse_int
from storage.services import registration_questions as service
from storage.services.events import get_event
from storage.services.registration_questions import PREFER_NOT, Question

AWAIT = "reg_question"
SETTINGS = 0
PREFER = "p"


def question_text(ctx: Ctx, question: Question) -> str:
    """The question's wording in the person's language (an own question as the organizer wrote it)."""
    return ctx.t(f"rq-q-{question.key}") if question.standard else question.text


def question_name(ctx: Ctx, question: Question) -> str:
    """A short name of the question for lists and buttons."""
    return ctx.t(f"rq-short-{question.key}") if question.standard else question.text


def answer_label(ctx: Ctx, question: Question, answer: str) -> str:
    """How a stored answer reads: the catalog label of a code, or the text as typed."""
    if answer == PREFER_NOT:
        return ctx.t("rq-prefer-not")
    if question.standard and question.kind == service.CHOICE:
        return ctx.t(f"rq-a-{question.key}-{answer}")
    return answer


def _choice_label(ctx: Ctx, question: Question, choice: str) -> str:
    return ctx.t(f"rq-a-{question.key}-{choice}") if question.standard else choice


async def _questions(ctx: Ctx, event_id: int) -> list[Question]:
    if event_id == SETTINGS:
        return [service.standard_question(key) for key in service.STANDARD]
    return await service.event_questions(ctx.session, event_id)


def ask(ctx: Ctx, event_id: int, questions: list[Question], index: int) -> Outbound:
    """Question `index` with its choices, «prefer not to say», «skip» and «stop»."""
    question = questions[index]
    header = "" if event_id == SETTINGS else ctx.t("rq-progress", number=index + 1, total=len(questions)) + "\n"
    text = header + question_text(ctx, question)
    options: list[Option] = [
        ctx.option(_choice_label(ctx, question, choice), "qa", event_id, index, number)
        for number, choice in enumerate(question.choices, start=1)
    ]
    if question.kind == service.TEXT:
        text += "\n" + ctx.t("rq-type-answer", limit=service.MAX_TEXT_ANSWER)
        # Typed text (or «skip») answers this question. Only the place in the questions is kept in
        # the state, never an answer.
        ctx.set_state(**{"await": AWAIT, "event": event_id, "question": index})
    elif (ctx.contact.state or {}).get("await") == AWAIT:
        # Choices are pressed (or their labels typed): a person who types something else instead
        # is not held by an optional question.
        ctx.clear_state()
    options.append(ctx.opt("rq-prefer-not", "qa", event_id, index, PREFER))
    if event_id == SETTINGS:
        options.append(ctx.opt("rq-back-to-answers", "qL"))
    else:
        options += [ctx.opt("rq-skip", "qs", event_id, index), ctx.opt("rq-stop", "qx", event_id)]
    return Outbound(text, options)


def _next_index(questions: list[Question], known: dict[str, str], after: int) -> int | None:
    return next((i for i in range(after + 1, len(questions)) if questions[i].key not in known), None)


async def follow_up(ctx: Ctx, event_id: int) -> list[Outbound]:
    """After a seat or a waiting-list place: the event's questions, known answers shown with «change»."""
    questions = await service.event_questions(ctx.session, event_id)
    if not questions:
        return []
    known = await service.known_answers(ctx.session, ctx.contact.id)
    replies: list[Outbound] = []
    reused = [(i, q) for i, q in enumerate(questions) if q.key in known]
    first = _next_index(questions, known, -1)
    if reused:
        lines = "\n".join(ctx.t("rq-reused-line", question=question_name(ctx, q),
                                answer=answer_label(ctx, q, known[q.key])) for _, q in reused)
        changes = [ctx.opt("rq-change", "qc", event_id, i, question=question_name(ctx, q)) for i, q in reused]
        if first is None:
            changes.append(ctx.opt("rq-keep-all", "qx", event_id))
        replies.append(ctx.reply("rq-reused", changes, answers=lines))
    if first is not None:
        replies.append(ask(ctx, event_id, questions, first))
    # One message fewer: the intro heads the first of them.
    replies[0].text = ctx.t("rq-intro") + "\n\n" + replies[0].text
    return replies


async def _after(ctx: Ctx, event_id: int, questions: list[Question], index: int) -> list[Outbound]:
    """What follows question `index`: the next unanswered one, or thanks (or the settings list)."""
    if event_id == SETTINGS:
        return [ctx.reply("rq-saved"), *await my_answers(ctx)]
    known = await service.known_answers(ctx.session, ctx.contact.id)
    following = _next_index(questions, known, index)
    if following is None:
        ctx.clear_state()
        return [ctx.reply("rq-thanks", [ctx.opt("menu-my", "my"), ctx.opt("back-to-menu", "mm")])]
    return [ask(ctx, event_id, questions, following)]


async def _located(ctx: Ctx, decoded: Decoded) -> tuple[int, list[Question], int] | None:
    event_id, index = decoded.int_arg(0), decoded.int_arg(1)
    if event_id is None or index is None:
        return None
    if event_id != SETTINGS and await get_event(ctx.session, event_id) is None:
        return None
    questions = await _questions(ctx, event_id)
    if not 0 <= index < len(questions):
        return None
    return event_id, questions, index


@action("qa")
async def answer_option(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """A choice (or «prefer not to say») pressed: store it and go on."""
    located = await _located(ctx, decoded)
    if located is None:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    event_id, questions, index = located
    question = questions[index]
    raw = decoded.args[2] if len(decoded.args) > 2 else ""
    number = decoded.int_arg(2)
    if raw == PREFER:
        answer = PREFER_NOT
    elif number is not None and 1 <= number <= len(question.choices):
        answer = question.choices[number - 1]
    else:
        return [ctx.reply("option-stale"), ask(ctx, event_id, questions, index)]
    await service.save_answer(ctx.session, ctx.contact.id, question, answer)
    return await _after(ctx, event_id, questions, index)


@action("qs")
async def skip(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Skip one question: nothing is stored, and it may be asked again at another event."""
    located = await _located(ctx, decoded)
    if located is None:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    return await _after(ctx, *located)


@action("qx")
async def stop(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """No more questions now: what was answered is kept."""
    if (ctx.contact.state or {}).get("await") == AWAIT:
        ctx.clear_state()
    return [ctx.reply("rq-stopped", [ctx.opt("menu-my", "my"), ctx.opt("back-to-menu", "mm")])]


@action("qc")
async def change(ctx: Ctx, decoded: Decoded) -> list[Outbound]:
    """Ask a question again whose answer is known, to change it."""
    located = await _located(ctx, decoded)
    if located is None:
        return [ctx.reply("option-stale"), main_menu(ctx)]
    return [ask(ctx, *located)]


@awaiting(AWAIT)
async def typed_answer(ctx: Ctx, text: str) -> list[Outbound]:
    """A typed answer: short text kept as typed; a choice typed by its number or its words."""
    state = ctx.contact.state or {}
    event_id, index = state.get("event"), state.get("question")
    located = None
    if isinstance(event_id, int) and isinstance(index, int):
        located = await _located(ctx, Decoded("qa", (str(event_id), str(index))))
    if located is None:
        ctx.clear_state()
        return [ctx.reply("option-stale"), main_menu(ctx)]
    event_id, questions, index = located
    question = questions[index]
    if matches_any(text, [ctx.t("rq-prefer-not")]):
        answer = PREFER_NOT
    elif question.kind == service.CHOICE:
        labels = [_choice_label(ctx, question, c) for c in question.choices]
        number = parse_int(text)
        picked = number if number is not None and 1 <= number <= len(labels) else None
        picked = picked or next((i for i, label in enumerate(labels, start=1) if matches_any(text, [label])), None)
        if picked is None:
            return [ctx.reply("rq-choice-invalid"), ask(ctx, event_id, questions, index)]
        answer = question.choices[picked - 1]
    else:
        answer = text.strip()
        if len(answer) > service.MAX_TEXT_ANSWER:
            return [ctx.reply("rq-too-long", limit=service.MAX_TEXT_ANSWER, length=len(answer))]
        if not answer:
            return [ask(ctx, event_id, questions, index)]
    ctx.clear_state()
    await service.save_answer(ctx.session, ctx.contact.id, question, answer)
    return await _after(ctx, event_id, questions, index)


async def typed_signal(ctx: Ctx, signal: str) -> list[Outbound]:
    """«skip» typed at a question skips it; «later» stops the questions."""
    state = ctx.contact.state or {}
    event_id, index = state.get("event"), state.get("question")
    ctx.clear_state()
    if signal == SKIP and isinstance(event_id, int) and isinstance(index, int):
        located = await _located(ctx, Decoded("qs", (str(event_id), str(index))))
        if located is not None:
            return await _after(ctx, *located)
    return [ctx.reply("rq-stopped", [ctx.opt("menu-my", "my"), ctx.opt("back-to-menu", "mm")])]


PENDING_SIGNALS[AWAIT] = typed_signal
OWN_ACTIONS = frozenset({"qa", "qs", "qx", "qc"})


async def _leave_when_elsewhere(ctx: Ctx) -> None:
    """A button of anything else pressed while a text question waits: the question is left, so a
    later message is never stored as an answer the person did not mean to give."""
    if (ctx.contact.state or {}).get("await") != AWAIT or ctx.inbound.kind != InboundKind.CHOICE:
        return
    decoded = ctx.codec.decode(ctx.contact.id, ctx.inbound.choice)
    if decoded is None or decoded.action not in OWN_ACTIONS:
        ctx.clear_state()


CONTEXT_HOOKS.append(_leave_when_elsewhere)


# --- settings: my answers -------------------------------------------------------------------------


def _settings_entry(ctx: Ctx) -> list[Option]:
    return [ctx.opt("rq-settings-entry", "qL")]


SETTINGS_EXTRAS.append(_settings_entry)


@action("qL")
async def my_answers(ctx: Ctx, _: Decoded | None = None) -> list[Outbound]:
    """My answers to the standard questions, each with «change», and «delete my answers»."""
    if (ctx.contact.state or {}).get("await") == AWAIT:
        ctx.clear_state()
    known = await service.known_answers(ctx.session, ctx.contact.id)
    questions = await _questions(ctx, SETTINGS)
    lines = [ctx.t("rq-reused-line", question=question_name(ctx, q),
                   answer=answer_label(ctx, q, known[q.key]) if q.key in known else ctx.t("rq-not-answered"))
             for q in questions]
    options = [ctx.opt("rq-change", "qc", SETTINGS, i, question=question_name(ctx, q)) for i, q in enumerate(questions)]
    if known:
        options.append(ctx.opt("rq-delete-all", "qD"))
    options += [ctx.opt("rq-back-to-settings", "st"), ctx.opt("back-to-menu", "mm")]
    return [ctx.reply("rq-settings-list", options, replace=True, answers="\n".join(lines))]


@action("qD")
async def delete_ask(ctx: Ctx, _: Decoded) -> list[Outbound]:
    """Ask before deleting every answer."""
    return [ctx.reply("rq-delete-confirm", [ctx.opt("rq-delete-yes", "qY"), ctx.opt("rq-delete-no", "qL")])]


@action("qY")
async def delete_confirmed(ctx: Ctx, _: Decoded) -> list[Outbound]:
    """Delete every answer of this person (the rest of their data stays)."""
    await service.forget_all(ctx.session, ctx.contact.id)
    return [ctx.reply("rq-deleted"), *await my_answers(ctx)]
