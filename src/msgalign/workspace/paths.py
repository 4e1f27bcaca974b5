"""How a file's path is shown to the user: POSIX, relative to the working directory when under it."""

from __future__ import annotations

import os
from pathlib import Path

from msgalign.text.safe import undecodable


def display_path(path: Path, cwd: Path | None = None) -> str:
    """POSIX, relative to the working directory when under it; always valid Unicode.

    The folders are resolved, the file itself is not: a symbolic link is shown
    where it is (never where it points, which may be outside the workspace),
    and a link loop is shown instead of stopping the run.

    A file name that is not valid UTF-8 (the byte 0xE9 of a Latin-1 'café.md')
    shows each undecodable byte as `\\xNN` ('caf\\xe9.md'), so every report
    format can carry it; `msgalign.text.safe.raw_path_bytes` gives the bytes back.
    """
    cwd = Path(os.path.realpath(cwd or Path.cwd()))
    resolved = located(path)
    try:
        shown = resolved.relative_to(cwd).as_posix()
    except ValueError:
        shown = resolved.as_posix()
    return undecodable(shown)


def located(path: Path) -> Path:
    """The absolute path with every folder resolved but the last component kept as it is."""
    absolute = path if path.is_absolute() else Path.cwd() / path
    if absolute.name in ("", ".", ".."):
        return Path(os.path.realpath(absolute))
    return Path(os.path.realpath(absolute.parent)) / absolute.name
