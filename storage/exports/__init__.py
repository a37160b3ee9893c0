"""Exports for coordinators: a registry of exporters and one CSV/XLSX writer (see DESIGN.md, pretix style).

Use `render(session, identifier, fmt, selection, actor=...)` for bytes (the bot) or
`export_to_file(...)` to stream into an open file (the CLI); both write an audit-log entry.
"""

from storage.exports.registry import EXPORTERS, Exporter, Selection, Summary, get_exporter
from storage.exports.writers import (
    FORMATS,
    ExportOutput,
    ExportResult,
    export_to_file,
    filename_for,
    open_output,
    render,
    write_csv,
    write_xlsx,
)

__all__ = [
    "EXPORTERS",
    "FORMATS",
    "ExportOutput",
    "ExportResult",
    "Exporter",
    "Selection",
    "Summary",
    "export_to_file",
    "filename_for",
    "get_exporter",
    "open_output",
    "render",
    "write_csv",
    "write_xlsx",
]
