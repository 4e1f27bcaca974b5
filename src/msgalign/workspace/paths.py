"""How a file's path is shown to the user: POSIX, relative to the working directory when under it."""

from __future__ import annotations

from pathlib import Path

from msgalign.text.safe import undecodable


def display_path(path: Path, cwd: Path | None = None) -> str:
    """POSIX, relative to the working directory when under it; always valid Unicode.

    A file name that is not valid UTF-8 (the byte 0xE9 of a Latin-1 'café.md')
    shows each undecodable byte as `\\xNN` ('caf\\xe9.md'), so every report
    format can carry it; `msgalign.text.safe.raw_path_bytes` gives the bytes back.
    """
    cwd = (cwd or Path.cwd()).resolve()
    resolved = path.resolve()
    try:
        shown = resolved.relative_to(cwd).as_posix()
    except ValueError:
        shown = resolved.as_posix()
    return undecodable(shown)
