"""The suite passes on a fresh clone: no ../shared beside it, and no coverage lost for that.

The project carries its own long Arabic documents (tests/data/arabic); the real seed documents
of ../shared/seeds join them where they exist (CI) and the tests that need only the seeds skip
with a one-line reason elsewhere. MUSHARAKA_SEEDS_DIR points the suite at another seeds folder.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

from storage.services.broadcasts import TEXT_LIMIT
from storage.services.surveys import MAX_TEXT_ANSWER
from tests.arabic_samples import documents, samples, short_announcement
from tests.corpus import corpus

ROOT = Path(__file__).resolve().parents[1]

# What a real announcement or workshop report is made of, as the text code paths see it.
KINDS: dict[str, str] = {
    "arabic letters": r"[\u0621-\u064a]",
    "harakat and tanwin": r"[\u064b-\u0652]",
    "tatweel": "\u0640",
    "arabic-indic digits": r"[\u0660-\u0669]",
    "persian digits": r"[\u06f0-\u06f9]",
    "ascii digits": r"[0-9]",
    "latin letters": r"[A-Za-z]",
    "arabic comma": "،",
    "arabic semicolon": "؛",
    "arabic question mark": "؟",
    "guillemets": "[«»]",
    "curly quotes": "[“”]",
    "ellipsis": "…|\\.\\.\\.",
    "full stop": r"\.",
    "exclamation mark": "!",
    "colon": ":",
    "parentheses": r"[()]",
    "slash": "/",
    "asterisk": r"\*",
    "hyphen": "-",
    "dashes": "[–—]",
    "percent": "[%٪]",
    "no-break space": "\u00a0",
    "bidi marks": "[\u200e\u200f]",
    "emoji": "[\U0001f300-\U0001faff\u2600-\u27bf]",
    "url": r"https?://\S+",
    "email": r"\S+@\S+\.[a-z]+",
    "phone number": r"(?:\+964|0|٠)[ -]?[7٧][0-9٠-٩۰-۹][0-9٠-٩۰-۹ -]{7,}",
    "date": r"[0-9٠-٩۰-۹]{1,4}/[0-9٠-٩۰-۹]{1,2}/[0-9٠-٩۰-۹]{2,4}",
    "month names": "كانون|تشرين|شباط|آذار",
    "paragraph break": r"\n[^\S\n]*\n",
    "bullet list": r"(?m)^[•*-] ",
    "numbered list": r"(?m)^[0-9٠-٩]+[.-] ",
}


def kinds(text: str) -> set[str]:
    """The kinds of KINDS that occur in ``text``."""
    return {kind for kind, pattern in KINDS.items() if re.search(pattern, text)}


def shingles(text: str, size: int = 6) -> set[tuple[str, ...]]:
    """Every run of ``size`` consecutive words."""
    words = text.split()
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


# --- the project's own samples --------------------------------------------------------------------


def test_the_project_carries_long_arabic_documents_of_its_own() -> None:
    texts = list(samples().values())
    assert len(texts) >= 4
    for text in texts:
        assert 1500 <= len(text) <= 6000
        letters = [ch for ch in text if ch.isalpha()]
        assert sum("\u0600" <= ch <= "\u06ff" for ch in letters) > 0.8 * len(letters), "mostly Arabic"
    assert kinds("\n\n".join(texts)) == set(KINDS), "every kind of character a real document has"


def test_the_samples_reach_every_length_limit_in_the_product() -> None:
    lengths = [len(text) for text in samples().values()]
    # Longer than a Telegram message, and short enough to be stored as a survey answer.
    assert max(lengths) > 4096
    assert min(lengths) <= MAX_TEXT_ANSWER
    # One paragraph longer than a caption or a WhatsApp interactive body.
    assert max(len(line) for text in samples().values() for line in text.splitlines()) > 1024
    # And one announcement an organizer may actually send.
    assert 300 < len(short_announcement()) <= TEXT_LIMIT


def test_the_corpus_and_the_document_list_always_hold_the_samples() -> None:
    cases = corpus()
    for name, text in samples().items():
        assert documents()[f"sample-{name}"] == text
        assert cases[f"sample {name}"] == text
    assert cases["short announcement"] == short_announcement()


# --- with the real seeds (CI) ---------------------------------------------------------------------


def test_the_real_seeds_join_the_documents_when_present(real_seed_texts: list[str]) -> None:
    assert list(documents().values())[-len(real_seed_texts):] == real_seed_texts
    assert all(text in corpus().values() for text in real_seed_texts)


def test_the_samples_use_every_kind_of_character_the_seeds_use(real_seed_texts: list[str]) -> None:
    missing = kinds("\n\n".join(real_seed_texts)) - kinds("\n\n".join(samples().values()))
    assert not missing, f"the seeds have {missing}; add them to tests/data/arabic so a fresh clone tests them too"
    assert max(len(t) for t in samples().values()) >= max(len(t) for t in real_seed_texts) * 0.5


def test_the_samples_are_written_fresh_not_copied_from_the_seeds(real_seed_texts: list[str]) -> None:
    seeds = set().union(*(shingles(text) for text in real_seed_texts))
    for name, text in samples().items():
        assert not shingles(text) & seeds, f"{name} repeats six words in a row from a seed document"


# --- a clone with no seeds at all -----------------------------------------------------------------


def run_pytest_without_seeds(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m pytest ARGS` in the project with MUSHARAKA_SEEDS_DIR pointed at an empty folder."""
    empty = tmp_path / "no-seeds"
    empty.mkdir(exist_ok=True)
    # A fresh process of its own: not an xdist worker, on this test's database if it is PostgreSQL.
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTEST_XDIST", "PYTEST_CURRENT_TEST"))}
    env["MUSHARAKA_SEEDS_DIR"] = str(empty)
    serial = ["-n", "0"] if importlib.util.find_spec("xdist") else []
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *serial, *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_a_clone_without_seeds_collects_every_test_without_errors(tmp_path: Path) -> None:
    done = run_pytest_without_seeds(tmp_path, "--collect-only", "-q", "tests")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert not re.search(r"(?m)^ERROR|errors? during collection|Traceback", done.stdout + done.stderr), done.stdout
    # Every module is there, the ones that read long Arabic documents included.
    counts = dict(re.findall(r"(?m)^(tests/test_\w+\.py): (\d+)$", done.stdout))
    expected = {f"tests/{path.name}" for path in (ROOT / "tests").glob("test_*.py")}
    assert set(counts) == expected
    for module in ("test_textsplit", "test_exports", "test_bad_input", "test_whatsapp_e2e", "test_handler_stories"):
        assert int(counts[f"tests/{module}.py"]) > 0


def test_a_clone_without_seeds_runs_the_document_tests_and_skips_the_seed_only_ones(tmp_path: Path) -> None:
    done = run_pytest_without_seeds(
        tmp_path, "-rA",
        "tests/test_textsplit.py::test_long_announcement_is_split_into_whole_words_within_the_limit",
        "tests/test_textsplit.py::test_chunks_read_in_the_original_order",
        "tests/test_textsplit.py::test_headlines_fit_button_labels",
        "tests/test_handler_stories.py::test_twelve_events_are_paged_five_at_a_time",
        "tests/test_exports.py::test_feedback_csv_has_one_row_per_response_and_one_column_per_question",
        "tests/test_fresh_clone.py::test_the_samples_use_every_kind_of_character_the_seeds_use",
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    summary = output.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary) and "1 skipped" in summary, summary
    assert "error" not in summary and "failed" not in summary, summary
    # The skip says why in one line, naming the folder it looked in.
    [reason] = [line for line in output.splitlines() if line.startswith("SKIPPED")]
    assert f"{tmp_path / 'no-seeds'}/*.txt not found: real seed documents not available" in reason
    # The samples ran where the seeds would have.
    passed = [line for line in output.splitlines() if line.startswith("PASSED")]
    assert any("test_long_announcement_is_split" in line and "sample-05_monitoring_statement" in line
               for line in passed)
    assert any("test_twelve_events_are_paged_five_at_a_time" in line for line in passed)
    assert not any("seed-" in line or "seed 0" in line for line in passed)
