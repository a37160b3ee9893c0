"""Reading an events file for `musharaka events import`: its encoding, its delimiter, its rows.

A CSV comes as the spreadsheet saved it. Excel in an Arabic locale writes `;` between cells,
CRLF line ends and, depending on the "Save as" type, UTF-8 with a byte-order mark, UTF-16
(little- or big-endian, with a BOM; "Unicode Text" is also tab-separated) or the Windows Arabic
code page (cp1256, plain "CSV"). The BOM tells the encoding; without one the text is UTF-8 if it
decodes as UTF-8 and cp1256 otherwise. The delimiter is sniffed from the header row among
`,` `;` and tab. YAML is a list of events (or `events:` with a list).

Messages here are for the operator at a shell and are English like the rest of the CLI.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = ["ImportFailed", "RowError", "decode", "read_rows"]

_FORMULA_START = ("=", "+", "-", "@")
_DELIMITERS = ",;\t"
# The Windows code page of Arabic, which Excel uses for a plain "CSV" on an Arabic system.
_LEGACY_ENCODING = "cp1256"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    # UTF-32 LE starts like UTF-16 LE, but no spreadsheet writes it; checked first all the same.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem of the file: where it is and why (every reason of one row, joined by «; »)."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class ImportFailed(Exception):
    """The file was not imported; `errors` says where and why."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def decode(raw: bytes) -> str:
    """The text of a file from its bytes: the encoding its BOM names, else UTF-8, else cp1256."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding)
    head = raw[:400]
    if head and head.count(0) * 3 >= len(head):
        # UTF-16 without a BOM: every other byte of ASCII text (the header row) is NUL.
        return raw.decode("utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode(_LEGACY_ENCODING)


def read_rows(path: Path, columns: tuple[str, ...], required: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
    """The rows of a .csv or .yaml/.yml file with the line each starts on; ImportFailed if unreadable."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".yaml", ".yml"):
        raise ImportFailed([RowError(0, f"{path.name}: use a .csv or .yaml file")])
    try:
        text = decode(path.read_bytes())
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFailed([RowError(0, f"cannot read {path}: {error}")]) from None
    if suffix == ".csv":
        return _csv_rows(text, columns, required)
    return _yaml_rows(text, columns)


def _delimiter(header_line: str) -> str:
    try:
        return csv.Sniffer().sniff(header_line, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        # A single column, or a line the sniffer cannot decide on: the most frequent candidate.
        return max(_DELIMITERS, key=header_line.count) if any(d in header_line for d in _DELIMITERS) else ","


def _csv_rows(text: str, columns: tuple[str, ...], required: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.partition("\n")[0]))
    try:
        header = [h.strip().lower() for h in next(reader)]
        while header and not header[-1]:
            header.pop()  # «a;b;c;»: a separator at the end of the header row names no column
    except StopIteration:
        raise ImportFailed([RowError(1, "the file is empty (a header row is needed)")]) from None
    except csv.Error as error:
        raise ImportFailed([RowError(1, f"not valid CSV: {error}")]) from None
    unknown = [h for h in header if h not in columns]
    missing = [c for c in required if c not in header]
    if unknown or missing:
        parts = [f"unknown column {h!r}" for h in unknown] + [f"missing column {c!r}" for c in missing]
        raise ImportFailed([RowError(1, "; ".join(parts) + f" (columns: {', '.join(columns)})")])
    rows = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            # A quoted description may span lines: the row starts where the previous one ended.
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            # Excel pads a row with empty cells up to the widest row: those are not extra cells.
            while len(cells) > len(header) and not cells[-1].strip():
                cells = cells[:-1]
            if len(cells) != len(header):
                rows.append((start, {"__error__": f"has {len(cells)} cells, the header has {len(header)}"}))
                continue
            rows.append((start, {h: _unescape(c) for h, c in zip(header, cells, strict=True)}))
    except csv.Error as error:
        raise ImportFailed([RowError(reader.line_num, f"not valid CSV: {error}")]) from None
    return rows


def _unescape(cell: str) -> str:
    # Undo the apostrophe the export puts before a leading = + - @ (so Excel shows text, not a formula).
    if cell.startswith("'") and cell[1:2] in _FORMULA_START:
        return cell[1:]
    return cell


def _yaml_rows(text: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ImportFailed([RowError(mark.line + 1 if mark else 1, f"not valid YAML: {error}")]) from None
    items_node = node
    if isinstance(data, dict):
        items_node = next((v for k, v in node.value if k.value == "events"), None)  # type: ignore[union-attr]
        data = data.get("events")
    if not isinstance(data, list) or items_node is None:
        raise ImportFailed([RowError(1, "expected a list of events (or 'events:' with a list)")])
    rows = []
    for item, item_node in zip(data, items_node.value, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            rows.append((line, {"__error__": "an event must be a mapping of field: value"}))
            continue
        unknown = [str(k) for k in item if str(k) not in columns]
        if unknown:
            rows.append((line, {"__error__": "; ".join(f"unknown field {k!r}" for k in unknown)}))
            continue
        rows.append((line, {str(k): v for k, v in item.items()}))
    return rows
