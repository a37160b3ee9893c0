"""Long Arabic documents for the tests: the project's own samples, plus the real seeds when present.

The samples in tests/data/arabic were written for this project in the style of Iraqi
civil-society announcements and workshop reports (long lines, Arabic punctuation, mixed
Arabic-Indic, Persian and ASCII digits, dates, phone-like numbers, Latin names, URLs, bullet
lists, NBSP and bidi marks). Every organisation, person, phone number and address in them is
invented; URLs use the reserved example.org / example.net domains.

The real seed documents live in ../shared/seeds beside the repository (CI has them, a fresh
clone does not); MUSHARAKA_SEEDS_DIR points elsewhere. This module is the one place that decides.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

SEEDS_ENV = "MUSHARAKA_SEEDS_DIR"
SAMPLES_DIR = Path(__file__).resolve().parent / "data" / "arabic"
DEFAULT_SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEEDS_DIR = Path(os.environ[SEEDS_ENV]) if os.environ.get(SEEDS_ENV) else DEFAULT_SEEDS_DIR
SEEDS_MISSING = f"{SEEDS_DIR}/*.txt not found: real seed documents not available"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@cache
def samples() -> dict[str, str]:
    """The project's own long Arabic documents, by file stem (e.g. «01_workshop_announcement»)."""
    return {path.stem: _read(path) for path in sorted(SAMPLES_DIR.glob("[0-9][0-9]_*.txt"))}


@cache
def short_announcement() -> str:
    """A real-looking announcement short enough to be accepted as a broadcast (under 900 characters)."""
    return _read(SAMPLES_DIR / "short_announcement.txt")


def seed_files() -> list[Path]:
    """The real seed documents (*.txt in SEEDS_DIR), or none when the folder is absent or empty."""
    return sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []


@cache
def real_seeds() -> dict[str, str]:
    """The real seed documents by file stem; empty on a clone without ../shared."""
    return {path.stem: _read(path) for path in seed_files()}


def require_real_seeds() -> dict[str, str]:
    """The real seed documents, or skip the calling test with a one-line reason when there are none."""
    seeds = real_seeds()
    if not seeds:
        pytest.skip(SEEDS_MISSING)
    return seeds


def documents() -> dict[str, str]:
    """Every long Arabic document by a readable id: the samples always, then the seeds when present."""
    return {**{f"sample-{name}": text for name, text in samples().items()},
            **{f"seed-{name}": text for name, text in real_seeds().items()}}


def document_texts() -> list[str]:
    """The texts of documents(), in the same order (samples first)."""
    return list(documents().values())


def long_paragraphs() -> list[str]:
    """Every line over 80 characters of every document, stripped: real-length free-text answers."""
    return [line.strip() for text in document_texts() for line in text.splitlines() if len(line.strip()) > 80]
