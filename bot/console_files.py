"""Where the terminal chat puts the files the bot sends (QR tickets, .ics, exports).

They go under `musharaka-files/` in the current folder (or `--files-dir`), never loose in the
working tree: the folder is created 0700 and each file 0600, because tickets and exports carry
personal data. A name that is already taken by different content gets a `-2`, `-3` … suffix,
so one person's file never overwrites another's.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from handlers.types import Document

log = logging.getLogger(__name__)

DEFAULT_FILES_DIR = Path("musharaka-files")
_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]")


def safe_filename(name: str) -> str:
    """A bare file name from what the bot called the document (no folders, no hidden files)."""
    cleaned = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).lstrip(".").strip()
    return cleaned[:120] or "file"


class FileSaver:
    """Saves documents under one folder, created on first use."""

    def __init__(self, folder: Path = DEFAULT_FILES_DIR) -> None:
        self.folder = folder

    def save(self, document: Document) -> Path | None:
        """Write the document and return its path, or None (with a warning) if it cannot be written."""
        try:
            self._make_folder()
            return self._write(document)
        except OSError as error:
            log.warning("could not save %s in %s: %s", safe_filename(document.filename), self.folder,
                        error.strerror or type(error).__name__)
            return None

    def _make_folder(self) -> None:
        if not self.folder.is_dir():
            self.folder.mkdir(mode=0o700, parents=True)
            # mkdir's mode is filtered by the umask; say exactly what we mean.
            os.chmod(self.folder, 0o700)

    def _write(self, document: Document) -> Path:
        name = Path(safe_filename(document.filename))
        for number in range(1, 1000):
            candidate = self.folder / (name.name if number == 1 else f"{name.stem}-{number}{name.suffix}")
            try:
                # O_EXCL: never follow a planted symlink, never clobber a file written meanwhile.
                fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                if candidate.is_file() and not candidate.is_symlink() and candidate.read_bytes() == document.data:
                    # Saved earlier, perhaps by a version that left it 0644: tighten it too.
                    os.chmod(candidate, 0o600)
                    return candidate
                continue
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), 0o600)
                handle.write(document.data)
            return candidate
        raise FileExistsError(f"too many files named {name.name}")


def shown_path(path: Path) -> str:
    """The path as the chat prints it: relative to the current folder when it is inside it."""
    absolute = path.resolve()
    try:
        return str(absolute.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(absolute)
