"""Compare every language catalog with the Arabic one: missing and extra keys, variables, plurals.

Run it from the repository root after anyone adds a key to messages/ar/:

    .venv/bin/python -m messages.check_catalogs          # every language folder
    .venv/bin/python -m messages.check_catalogs en ckb   # only these

For each language it lists the keys the Arabic catalog has and it lacks (with the Arabic text to
translate and the file it belongs in), the keys it has and Arabic does not, messages whose
variables differ from the Arabic ones, counts the Arabic selects by plural form that it does not
(English and Kurdish need one/other too), plural variants that can never be chosen in its locale
(a [few] in English: use [0] for a zero form), and Fluent syntax errors. Exit status 0 when
every catalog matches, 1 when something differs, 2 for an unknown language.

tests/test_languages.py runs the same checks.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from fluent.syntax import FluentParser, ast

if __package__ in (None, ""):  # run as a file: python messages/check_catalogs.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from messages.formatting import locale_of  # noqa: E402 - after the path fix above

MESSAGES_DIR = Path(__file__).resolve().parent
SOURCE_LANGUAGE = "ar"
PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})


@dataclass
class Entry:
    """One message of a catalog: where it is, its Arabic-comparable shape and its source text."""

    file: str
    variables: set[str] = field(default_factory=set)
    # Variables a select expression chooses on by plural category or exact number.
    plural_selectors: set[str] = field(default_factory=set)
    # Plural categories used as variant keys, per selector variable.
    categories: dict[str, set[str]] = field(default_factory=dict)
    # Word keys ([yes] / [no]) of the other select expressions, per selector variable.
    choices: dict[str, set[str]] = field(default_factory=dict)
    references: set[str] = field(default_factory=set)
    source: str = ""


@dataclass
class Catalog:
    """The parsed .ftl files of one language folder."""

    lang: str
    entries: dict[str, Entry]
    syntax_errors: list[str]


def _walk(node: object, entry: Entry) -> None:
    """Collect variables, plural selectors and message references below `node`."""
    if isinstance(node, ast.VariableReference):
        entry.variables.add(node.id.name)
    elif isinstance(node, ast.MessageReference):
        entry.references.add(node.id.name)
    elif isinstance(node, ast.SelectExpression) and isinstance(node.selector, ast.VariableReference):
        name = node.selector.id.name
        keys = [variant.key for variant in node.variants]
        categories = {k.name for k in keys if isinstance(k, ast.Identifier) and k.name in PLURAL_CATEGORIES}
        if categories or any(isinstance(k, ast.NumberLiteral) for k in keys):
            entry.plural_selectors.add(name)
            entry.categories.setdefault(name, set()).update(categories)
        else:
            entry.choices.setdefault(name, set()).update(k.name for k in keys if isinstance(k, ast.Identifier))
    if isinstance(node, ast.BaseNode):
        for value in vars(node).values():
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, ast.BaseNode):
                    _walk(child, entry)


def read_catalog(lang: str, root: Path = MESSAGES_DIR) -> Catalog:
    """Parse messages/<lang>/*.ftl; variables reached through message references count as the message's."""
    parser = FluentParser()
    entries: dict[str, Entry] = {}
    errors: list[str] = []
    for path in sorted((root / lang).glob("*.ftl")):
        text = path.read_text(encoding="utf-8")
        for item in parser.parse(text).body:
            if isinstance(item, ast.Junk):
                line = text.count("\n", 0, item.span.start) + 1 if item.span else 0
                errors.append(f"{path.name}:{line}: {item.content.strip().splitlines()[0][:80]}")
            elif isinstance(item, ast.Message):
                entry = Entry(path.name)
                _walk(item, entry)
                if item.span is not None:
                    entry.source = text[item.span.start:item.span.end].rstrip()
                entries.setdefault(item.id.name, entry)
    # A referenced message is rendered with the same arguments: its variables are this one's.
    changed = True
    while changed:
        changed = False
        for entry in entries.values():
            for name in entry.references:
                extra = entries[name].variables - entry.variables if name in entries else set()
                if extra:
                    entry.variables |= extra
                    changed = True
    return Catalog(lang, entries, errors)


def languages(root: Path = MESSAGES_DIR) -> list[str]:
    """The language folders beside the Arabic one."""
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.name != SOURCE_LANGUAGE and any(p.glob("*.ftl")))


def compare(source: Catalog, target: Catalog) -> list[str]:
    """Every difference of `target` from the Arabic `source`, one line each (empty when they match)."""
    problems = [f"syntax error {error}" for error in target.syntax_errors]
    tags = set(Locale.parse(locale_of(target.lang)).plural_form.tags) | {"other"}
    for key in sorted(source.entries.keys() - target.entries.keys()):
        entry = source.entries[key]
        problems.append(f"missing {key} (in {entry.file}):\n    " + entry.source.replace("\n", "\n    "))
    for key in sorted(target.entries.keys() - source.entries.keys()):
        problems.append(f"extra {key} (in {target.entries[key].file}): Arabic has no such key")
    for key in sorted(source.entries.keys() & target.entries.keys()):
        want, have = source.entries[key], target.entries[key]
        if want.variables != have.variables:
            lacking, unknown = sorted(want.variables - have.variables), sorted(have.variables - want.variables)
            problems.append(f"variables {key}: lacks {lacking or '-'}, unknown {unknown or '-'}")
        for name in sorted(want.plural_selectors - have.plural_selectors):
            problems.append(f"plural {key}: Arabic selects on ${name} by plural form, {target.lang} does not")
        for name, categories in sorted(have.categories.items()):
            dead = sorted(categories - tags)
            if dead:
                problems.append(f"plural {key}: [{'], ['.join(dead)}] on ${name} never match in {target.lang} "
                                "(use an exact number such as [0])")
    return problems


def main(argv: list[str]) -> int:
    """Print the differences of each requested catalog from the Arabic one; the exit status says if any."""
    present = languages()
    wanted = argv or present
    unknown = [lang for lang in wanted if lang not in present]
    if unknown:
        print(f"error: no catalog folder messages/{unknown[0]}/ (present: {', '.join(present) or 'none'})",
              file=sys.stderr)
        return 2
    source = read_catalog(SOURCE_LANGUAGE)
    status = 0
    if source.syntax_errors:
        status = 1
        print(f"ar: {len(source.syntax_errors)} syntax error(s)")
        for error in source.syntax_errors:
            print(f"  syntax error {error}")
    for lang in wanted:
        problems = compare(source, read_catalog(lang))
        print(f"{lang}: {'matches the Arabic catalog' if not problems else f'{len(problems)} difference(s)'}")
        for problem in problems:
            print(f"  {problem}")
        status = status or (1 if problems else 0)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
