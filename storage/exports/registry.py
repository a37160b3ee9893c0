"""Exporters as a registry: each one has an identifier, an Arabic name, a header and streamed rows.

The exporters live in `storage.exports.people` (registrations, attendance) and
`storage.exports.feedback` (survey answers and their summary); what they share is in
`storage.exports.base`, whose names are re-exported here for callers that need a Selection.
"""

from __future__ import annotations

from storage.exports.base import RATINGS, Cell, Exporter, Selection, Summary
from storage.exports.feedback import FeedbackExporter, FeedbackSummaryExporter, question_title
from storage.exports.people import AttendanceExporter, RegistrationsExporter

__all__ = ["EXPORTERS", "RATINGS", "Cell", "Exporter", "Selection", "Summary", "get_exporter", "question_title"]

EXPORTERS: dict[str, Exporter] = {
    exporter.identifier: exporter
    for exporter in (RegistrationsExporter(), AttendanceExporter(), FeedbackExporter(), FeedbackSummaryExporter())
}


def get_exporter(identifier: str) -> Exporter:
    """The exporter registered under `identifier`; KeyError for an unknown one."""
    return EXPORTERS[identifier]
