"""Saved surveys in and out of YAML files, for `musharaka surveys import|export`.

A file holds one survey (``name:`` and ``questions:``), a list of them, or ``surveys:`` with a
list. Each question has ``kind`` (rating, choice, multi, short, long), ``text``, ``choices`` (a
list, for choice and multi) and optionally ``required: yes``. Import is all or nothing, like
`events import`: every problem is reported as ``line N: reason`` on the line of the survey or
question it is about, and only a file without problems is saved, in the caller's transaction.
Export writes the same shape, so an exported survey imports again (into another organisation).

Messages here are for the operator at a shell and are English like the rest of the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.ext.asyncio import AsyncSession

from storage.event_files import ImportFailed, RowError, decode
from storage.models_surveys import SavedSurvey
from storage.services import saved_surveys as service
from storage.services.saved_surveys import SurveyInputError, SurveyProblem

__all__ = ["ImportFailed", "ParsedSurvey", "RowError", "dump_survey", "import_surveys", "parse_surveys"]

SURVEY_FIELDS = ("name", "questions")
QUESTION_FIELDS = ("kind", "text", "choices", "required")
# Other words people write for the kinds (the stored kinds are service.KINDS).
_KIND_WORDS = {"several": "multi", "multiple": "multi", "checkboxes": "multi", "text": "short",
               "paragraph": "long", "stars": "rating"}
_TRUE = {"yes", "true", "1", "y"}
_FALSE = {"no", "false", "0", "n", ""}

# English wording of each rule of storage.services.saved_surveys.
_REASONS = {
    "name-length": "name must be {min}-{max} characters (has {length})",
    "name-taken": "a survey named {name!r} already exists in this organisation",
    "question-length": "question text must be {min}-{max} characters (has {length})",
    "question-count": "a survey has 1-{max} questions (has {count})",
    "choice-count": "give {min}-{max} choices (has {count})",
    "choice-length": "choice {number} must be 1-{max} characters (has {length})",
    "choice-repeated": "choice {choice!r} is given twice",
    "choices-not-allowed": "a {kind} question has no choices",
    "kind-unknown": "unknown kind {kind!r} (use one of: {kinds})",
}


def reason(problem: SurveyProblem) -> str:
    """The English reason of a broken rule, for `line N: reason`."""
    return _REASONS[problem.code].format(**problem.args)


@dataclass(slots=True)
class ParsedSurvey:
    """One survey of the file, checked: its name, its line and its questions in the stored shape."""

    name: str
    line: int
    questions: list[dict[str, Any]] = field(default_factory=list)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _value(node: yaml.Node) -> Any:
    return yaml.constructor.SafeConstructor().construct_object(node, deep=True)  # type: ignore[no-untyped-call]


def _mapping(node: yaml.Node) -> dict[str, yaml.Node] | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return {str(_value(key)): value for key, value in node.value}


def _survey_nodes(root: yaml.Node | None) -> list[yaml.Node]:
    if isinstance(root, yaml.SequenceNode):
        return list(root.value)
    fields = _mapping(root) if root is not None else None
    if fields is not None and "surveys" in fields and isinstance(fields["surveys"], yaml.SequenceNode):
        return list(fields["surveys"].value)
    if fields is not None and "name" in fields:
        return [root]  # type: ignore[list-item]
    raise ImportFailed([RowError(1, "expected a survey (name: and questions:), a list of surveys, "
                                    "or 'surveys:' with a list")])


def _flag(node: yaml.Node) -> bool | None:
    value = _value(node)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return True if text in _TRUE else False if text in _FALSE else None


def _question(node: yaml.Node, number: int, errors: list[RowError]) -> dict[str, Any] | None:
    fields = _mapping(node)
    if fields is None:
        errors.append(RowError(_line(node), "a question must be a mapping of field: value"))
        return None
    unknown = [f"unknown field {k!r} (fields: {', '.join(QUESTION_FIELDS)})"
               for k in fields if k not in QUESTION_FIELDS]
    missing = [f"missing field {k!r}" for k in ("kind", "text") if k not in fields]
    if unknown or missing:
        errors.append(RowError(_line(node), "; ".join(unknown + missing)))
        return None
    kind = str(_value(fields["kind"]) or "").strip().lower()
    kind = _KIND_WORDS.get(kind, kind)
    text = _value(fields["text"])
    choices: list[str] = []
    if "choices" in fields:
        raw = _value(fields["choices"])
        if not isinstance(raw, list) or any(isinstance(c, (dict, list)) or c is None for c in raw):
            errors.append(RowError(_line(fields["choices"]), "choices must be a list of words"))
            return None
        choices = [str(c) for c in raw]
    elif kind in service.CHOICE_KINDS:
        errors.append(RowError(_line(node), f"a {kind} question needs 'choices:' with a list"))
        return None
    required = _flag(fields["required"]) if "required" in fields else False
    if required is None:
        errors.append(RowError(_line(fields["required"]), "required must be yes or no"))
        return None
    try:
        return service.make_question(number, kind, "" if text is None else str(text), choices, required=required)
    except SurveyInputError as error:
        errors.append(RowError(_line(node), reason(error.problem)))
        return None


def _survey(node: yaml.Node, errors: list[RowError]) -> ParsedSurvey | None:
    fields = _mapping(node)
    if fields is None:
        errors.append(RowError(_line(node), "a survey must be a mapping with name: and questions:"))
        return None
    unknown = [f"unknown field {k!r} (fields: {', '.join(SURVEY_FIELDS)})" for k in fields if k not in SURVEY_FIELDS]
    missing = [f"missing field {k!r}" for k in SURVEY_FIELDS if k not in fields]
    if unknown or missing:
        errors.append(RowError(_line(node), "; ".join(unknown + missing)))
        return None
    name = str(_value(fields["name"]) or "").strip()
    problems = service.name_problems(name)
    if problems:
        errors.append(RowError(_line(fields["name"]), reason(problems[0])))
    items = fields["questions"]
    if not isinstance(items, yaml.SequenceNode):
        errors.append(RowError(_line(items), "questions must be a list"))
        return None
    for problem in service.count_problems(len(items.value)):
        errors.append(RowError(_line(items), reason(problem)))
    before = len(errors)
    parsed = ParsedSurvey(name, _line(node))
    for number, item in enumerate(items.value[:service.MAX_QUESTIONS], start=1):
        question = _question(item, number, errors)
        if question is not None:
            parsed.questions.append(question)
    return parsed if not problems and len(errors) == before else None


def parse_surveys(text: str) -> list[ParsedSurvey]:
    """Every survey of a YAML text, checked; ImportFailed with every problem's line and reason."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ImportFailed([RowError(mark.line + 1 if mark else 1, f"not valid YAML: {error}")]) from None
    errors: list[RowError] = []
    surveys: list[ParsedSurvey] = []
    seen: dict[str, int] = {}
    for node in _survey_nodes(root):
        # A repeated name is reported even when the first survey of that name has problems of its own.
        name_node = (_mapping(node) or {}).get("name")
        name = str(_value(name_node) or "").strip() if name_node is not None else ""
        if name and name in seen:
            errors.append(RowError(_line(node), f"survey {name!r} is also on line {seen[name]}"))
            continue
        if name:
            seen[name] = _line(node)
        parsed = _survey(node, errors)
        if parsed is not None:
            surveys.append(parsed)
    if not surveys and not errors:
        errors.append(RowError(1, "the file has no surveys"))
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.line))
    return surveys


async def import_surveys(session: AsyncSession, path: Path, organization_id: int, *, actor: str) -> list[SavedSurvey]:
    """Save every survey of a YAML file for the organisation, or none (ImportFailed says why)."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise ImportFailed([RowError(0, f"{path.name}: use a .yaml file")])
    try:
        text = decode(path.read_bytes())
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFailed([RowError(0, f"cannot read {path}: {error}")]) from None
    surveys = parse_surveys(text)
    taken = [RowError(s.line, reason(SurveyProblem("name-taken", {"name": s.name})))
             for s in surveys if await service.find_saved(session, organization_id, s.name) is not None]
    if taken:
        raise ImportFailed(taken)
    return [await service.create_saved(session, organization_id, s.name, s.questions, actor=actor) for s in surveys]


def dump_survey(saved: SavedSurvey) -> str:
    """A saved survey as YAML in the import's shape (Arabic kept readable, not escaped)."""
    questions = []
    for question in saved.questions:
        item: dict[str, Any] = {"kind": question.get("kind"), "text": question.get("text", "")}
        if question.get("choices"):
            item["choices"] = list(question["choices"])
        if question.get("required"):
            item["required"] = True
        questions.append(item)
    document = {"surveys": [{"name": saved.name, "questions": questions}]}
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)
