"""The choice questions' tallies on the XLSX summary sheet, below the rating table (issue 15).

`storage.exports.feedback` counts, per choice question (one choice or several), how many
complete responses picked each answer into `Summary.choices`; this writes those counts.
"""

from __future__ import annotations

from typing import Any

from messages import catalog


def write_choice_tallies(sheet: Any, choices: dict[str, dict[str, int]], first: int, lang: str,
                         styles: dict[str, Any]) -> int:
    """Write each question's answers and counts from row `first` on; return the row after the last.

    Rows only go down: the workbook is written in constant-memory mode, where a row cannot be revisited.
    """
    row = first
    if not choices:
        return row
    sheet.write_string(row, 0, catalog.text("export-summary-choices", lang), styles["bold"])
    row += 1
    for title, counts in choices.items():
        sheet.write_string(row, 0, title, styles["header"])
        sheet.write_string(row, 1, catalog.text("export-summary-count", lang), styles["header"])
        row += 1
        for choice, count in counts.items():
            sheet.write_string(row, 0, choice)
            sheet.write_number(row, 1, count)
            row += 1
        row += 1
    return row
