"""Optional registration questions (issue 15): which an event asks, and what people answered.

Standard questions have stable keys and answer codes (``sex=female``); their wording lives in
the catalog (``rq-q-<key>``, ``rq-a-<key>-<code>``). An event may add up to three questions of its
own (choices or short text), stored literally. Answers to standard questions belong to the
person and are reused at their next event; answers to an event's own questions are keyed
``e<event>.c<n>``. Answers are personal data: they are never written to logs, and only the
organising organisation's coordinators and admins see them (exports, dashboard).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from messages import catalog
from messages.normalize import matches_any
from storage.clock import utcnow
from storage.models_questions import ContactAnswer, EventQuestions

PREFER_NOT = "prefer_not"
TEXT = "text"
CHOICE = "choice"
# Standard questions in the order they are asked; None marks a short-text question.
STANDARD: dict[str, tuple[str, ...] | None] = {
    "sex": ("male", "female"),
    "age": ("under18", "18_24", "25_34", "35_44", "45_59", "60plus"),
    "role": ("personal", "cso", "government", "university", "media", "other"),
    "organisation": None,
    "disability": ("yes", "no"),
    "displaced": ("yes", "no"),
}
MAX_CUSTOM = 3
MAX_CUSTOM_CHOICES = 6
MAX_QUESTION_TEXT = 120
MAX_CHOICE_TEXT = 40
MAX_TEXT_ANSWER = 120


class QuestionInputError(ValueError):
    """An own question that breaks a rule; `code` names the rule (rq-error-<code> in the catalog)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class Question:
    """One question as asked: where its answer is stored and how it is answered."""

    key: str
    kind: str
    # Standard: answer codes; own question: the literal choices.
    choices: tuple[str, ...]
    standard: bool
    # Literal wording of an own question ("" for standard ones, which use the catalog).
    text: str = ""


def custom_key(event_id: int, number: int) -> str:
    """The answer key of an event's own question number `number` (1-based)."""
    return f"e{event_id}.c{number}"


def standard_question(key: str) -> Question:
    """The standard question `key` (KeyError for an unknown key)."""
    choices = STANDARD[key]
    return Question(key, TEXT if choices is None else CHOICE, choices or (), True)


async def config_of(session: AsyncSession, event_id: int) -> EventQuestions | None:
    """The questions configured for an event, or None when it asks none."""
    return await session.get(EventQuestions, event_id)


async def _config_for_update(session: AsyncSession, event_id: int) -> EventQuestions:
    config = await session.get(EventQuestions, event_id)
    if config is None:
        config = EventQuestions(event_id=event_id, standard=[], custom=[], updated_at=utcnow())
        session.add(config)
    return config


def questions_of(config: EventQuestions | None) -> list[Question]:
    """Every question an event asks, standard ones first (in the standard order), then its own."""
    if config is None:
        return []
    chosen = set(config.standard or [])
    asked = [standard_question(key) for key in STANDARD if key in chosen]
    for number, item in enumerate(config.custom or [], start=1):
        asked.append(Question(custom_key(config.event_id, number), item.get("kind", TEXT),
                              tuple(item.get("choices") or ()), False, str(item.get("text", ""))))
    return asked


async def event_questions(session: AsyncSession, event_id: int) -> list[Question]:
    """The questions event `event_id` asks after registration (none by default)."""
    return questions_of(await config_of(session, event_id))


async def set_standard(session: AsyncSession, event_id: int, keys: list[str]) -> None:
    """Choose which standard questions an event asks (unknown keys are refused)."""
    unknown = [key for key in keys if key not in STANDARD]
    if unknown:
        raise QuestionInputError("unknown-standard")
    config = await _config_for_update(session, event_id)
    config.standard = [key for key in STANDARD if key in keys]


async def toggle_standard(session: AsyncSession, event_id: int, key: str) -> bool:
    """Ask, or stop asking, standard question `key` at an event; returns whether it is now asked."""
    if key not in STANDARD:
        raise QuestionInputError("unknown-standard")
    config = await _config_for_update(session, event_id)
    current = list(config.standard or [])
    now_asked = key not in current
    current = [*current, key] if now_asked else [k for k in current if k != key]
    config.standard = [k for k in STANDARD if k in current]
    return now_asked


def check_custom(text: str, choices: list[str]) -> dict:
    """An own question as stored, or QuestionInputError: wording 1-120 characters, 2-6 short choices or none."""
    text = " ".join(text.split())
    if not text or len(text) > MAX_QUESTION_TEXT:
        raise QuestionInputError("question-length")
    cleaned = [" ".join(choice.split()) for choice in choices]
    cleaned = [choice for choice in cleaned if choice]
    if not cleaned:
        return {"text": text, "kind": TEXT, "choices": []}
    if len(cleaned) < 2 or len(cleaned) > MAX_CUSTOM_CHOICES:
        raise QuestionInputError("choices-count")
    if any(len(choice) > MAX_CHOICE_TEXT for choice in cleaned) or len(set(cleaned)) != len(cleaned):
        raise QuestionInputError("choice-length")
    return {"text": text, "kind": CHOICE, "choices": cleaned}


async def add_custom(session: AsyncSession, event_id: int, text: str, choices: list[str]) -> dict:
    """Add an own question to an event (at most three); returns it as stored."""
    item = check_custom(text, choices)
    config = await _config_for_update(session, event_id)
    if len(config.custom or []) >= MAX_CUSTOM:
        raise QuestionInputError("too-many")
    config.custom = [*(config.custom or []), item]
    return item


async def remove_custom(session: AsyncSession, event_id: int, number: int) -> bool:
    """Remove an event's own question number `number` (1-based); its answers go too."""
    config = await config_of(session, event_id)
    if config is None or not 1 <= number <= len(config.custom or []):
        return False
    custom = list(config.custom)
    del custom[number - 1]
    config.custom = custom
    # Later questions move up a number: their answers are keyed by number, so drop them all.
    await session.execute(delete(ContactAnswer).where(ContactAnswer.question.like(f"e{event_id}.c%")))
    return True


async def replace_config(session: AsyncSession, event_id: int, standard: list[str], custom: list[dict]) -> None:
    """Set an event's questions in one go (events import)."""
    config = await _config_for_update(session, event_id)
    config.standard = [key for key in STANDARD if key in standard]
    config.custom = list(custom)[:MAX_CUSTOM]


async def known_answers(session: AsyncSession, contact_id: int) -> dict[str, str]:
    """Every answer this person gave: question key -> answer code or text."""
    rows = await session.execute(
        select(ContactAnswer.question, ContactAnswer.answer).where(ContactAnswer.contact_id == contact_id))
    return {question: answer for question, answer in rows.all()}


def valid_answer(question: Question, answer: str) -> bool:
    """Whether `answer` is one the question accepts (a code, prefer-not, or short text)."""
    if answer == PREFER_NOT:
        return True
    if question.kind == CHOICE:
        return answer in question.choices
    return 0 < len(answer) <= MAX_TEXT_ANSWER


async def save_answer(session: AsyncSession, contact_id: int, question: Question, answer: str) -> None:
    """Store (or replace) a person's answer; ValueError for an answer the question does not accept."""
    answer = answer.strip() if question.kind == TEXT and answer != PREFER_NOT else answer
    if not valid_answer(question, answer):
        raise QuestionInputError("answer-invalid")
    row = await session.scalar(select(ContactAnswer).where(
        ContactAnswer.contact_id == contact_id, ContactAnswer.question == question.key))
    if row is None:
        session.add(ContactAnswer(contact_id=contact_id, question=question.key, answer=answer, updated_at=utcnow()))
    else:
        row.answer = answer
        row.updated_at = utcnow()
    await session.flush()


async def forget_answer(session: AsyncSession, contact_id: int, key: str) -> None:
    """Remove one of a person's answers."""
    await session.execute(delete(ContactAnswer).where(ContactAnswer.contact_id == contact_id,
                                                      ContactAnswer.question == key))


async def forget_all(session: AsyncSession, contact_id: int) -> None:
    """Remove every answer of a person (settings: "delete my answers")."""
    await session.execute(delete(ContactAnswer).where(ContactAnswer.contact_id == contact_id))


async def questions_of_events(session: AsyncSession, event_ids: list[int]) -> list[Question]:
    """The questions asked at any of these events: standard ones once, then each event's own."""
    if not event_ids:
        return []
    configs = (await session.scalars(
        select(EventQuestions).where(EventQuestions.event_id.in_(event_ids)).order_by(EventQuestions.event_id)
    )).all()
    chosen = {key for config in configs for key in (config.standard or [])}
    asked = [standard_question(key) for key in STANDARD if key in chosen]
    for config in configs:
        asked.extend(q for q in questions_of(config) if not q.standard)
    return asked


# --- the `questions` column of `musharaka events import` / `events export` ---------------------------

_ITEM_SEPARATORS = re.compile(r"\s*[;\n\u061b]\s*")
_KEY_SEPARATORS = re.compile(r"\s*[,\u060c]\s*")
_ALIASES = {"organization": "organisation", "gender": "sex", "age_group": "age", "capacity": "role"}
_ALL, _NONE = "all", "none"


def _standard_key(word: str) -> str | None:
    key = word.strip().lower().replace("-", "_")
    key = _ALIASES.get(key, key)
    if key in STANDARD:
        return key
    for code in STANDARD:
        if catalog.has_message(f"rq-short-{code}", catalog.DEFAULT_LANGUAGE) and matches_any(
                word, [catalog.text(f"rq-short-{code}", catalog.DEFAULT_LANGUAGE)]):
            return code
    return None


def parse_questions_cell(value: Any) -> tuple[list[str], list[dict]] | str:
    """The `questions` column: standard keys and own questions, or the English reason it is wrong.

    Items are separated by «;» or new lines (a YAML list works too); standard keys (sex, age, role,
    organisation, disability, displaced, or their Arabic names) may also be separated by commas;
    `all` asks every standard question. An own question is `text: Question?` (short text) or
    `choice: Question? | first | second …`; a YAML item may be {text: …, choices: […]}.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return [], []
    items: list[Any] = list(value) if isinstance(value, list) else _ITEM_SEPARATORS.split(str(value).strip())
    standard: list[str] = []
    custom: list[dict] = []
    for item in items:
        try:
            if isinstance(item, dict):
                choices = item.get("choices") or []
                custom.append(check_custom(str(item.get("text", "")), [str(c) for c in choices]))
                continue
            text = str(item).strip()
            head, _, rest = text.partition(":")
            if head.strip().lower() in (TEXT, CHOICE) and rest.strip():
                question, *choices = [part.strip() for part in rest.split("|")]
                if head.strip().lower() == CHOICE and not choices:
                    return f"questions: the choice question «{question}» has no choices (separate them with |)"
                custom.append(check_custom(question, choices))
                continue
        except QuestionInputError as error:
            return f"questions: {_CUSTOM_REASONS[error.code]}"
        for word in (w for w in _KEY_SEPARATORS.split(text) if w):
            if word.lower() == _ALL:
                standard.extend(STANDARD)
            elif word.lower() != _NONE:
                key = _standard_key(word)
                if key is None:
                    return (f"questions: unknown question «{word}» (one of: {', '.join(STANDARD)}, all; or "
                            "text: Question? / choice: Question? | a | b)")
                standard.append(key)
    if len(custom) > MAX_CUSTOM:
        return f"questions: at most {MAX_CUSTOM} questions of the organisation's own (has {len(custom)})"
    return [key for key in STANDARD if key in standard], custom


_CUSTOM_REASONS = {
    "question-length": f"an own question must be 1-{MAX_QUESTION_TEXT} characters",
    "choices-count": f"an own choice question needs 2-{MAX_CUSTOM_CHOICES} choices",
    "choice-length": f"each choice at most {MAX_CHOICE_TEXT} characters, none repeated",
}


def questions_cell(config: EventQuestions | None) -> str:
    """An event's questions written as the `questions` column reads them (empty when none)."""
    if config is None:
        return ""
    items = list(config.standard or [])
    for item in config.custom or []:
        if item.get("kind") == CHOICE:
            items.append(" | ".join([f"choice: {item.get('text', '')}", *item.get("choices", [])]))
        else:
            items.append(f"text: {item.get('text', '')}")
    return "; ".join(items)


async def questions_cells(session: AsyncSession, event_ids: list[int]) -> dict[int, str]:
    """The `questions` column of several events, by event id (events that ask nothing are left out)."""
    if not event_ids:
        return {}
    configs = (await session.scalars(select(EventQuestions).where(EventQuestions.event_id.in_(event_ids)))).all()
    return {config.event_id: questions_cell(config) for config in configs if config.standard or config.custom}
