"""Golden files: the one mechanism every test that pins output byte for byte uses.

    from goldens import assert_golden
    assert_golden(GOLDEN_DIR / "report.txt", actual)

compares `actual` with the file and fails with a unified diff (control
characters such as ANSI colour codes shown escaped, a missing final newline
spelled out). A golden is never rewritten silently: after an intended change,
regenerate with

    MSGALIGN_UPDATE_GOLDENS=1 python -m pytest            # or a narrower selection

which writes every golden the selected tests compare, and review `git diff
tests/`: it is the change in what users see. A missing golden fails the test
(create it the same way). An environment variable, not a `--update-goldens`
flag: pytest only accepts new options from the rootdir conftest.

Goldens are UTF-8 and written and read as bytes, so line endings are compared too.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

UPDATE_VARIABLE = "MSGALIGN_UPDATE_GOLDENS"
MAX_DIFF_LINES = 300


def updating() -> bool:
    """True when this run rewrites goldens (MSGALIGN_UPDATE_GOLDENS=1)."""
    return os.environ.get(UPDATE_VARIABLE) == "1"


def assert_golden(path: Path, actual: str) -> None:
    """Fail unless `actual` equals the golden file at `path`; with MSGALIGN_UPDATE_GOLDENS=1, write it instead."""
    if updating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    assert path.is_file(), f"missing golden {path}; create it with {UPDATE_VARIABLE}=1 and review it"
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        raise AssertionError(f"output differs from the golden {path}\n{golden_diff(expected, actual, path)}\n"
                             f"If the change is intended, regenerate with {UPDATE_VARIABLE}=1 and review the diff.")


def golden_diff(expected: str, actual: str, path: Path) -> str:
    """A unified diff, golden first, readable in a terminal."""
    lines = list(difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                      fromfile=f"{path.name} (golden)", tofile=f"{path.name} (actual)", lineterm=""))
    shown = []
    for i, line in enumerate(lines):
        if i < 2 or line.startswith("@@"):
            shown.append(line)
            continue
        body = line[1:]
        text = body[:-1] if body.endswith("\n") else body
        shown.append(line[0] + _escape(text) + ("" if body.endswith("\n") else "  [no newline at end]"))
    if len(shown) > MAX_DIFF_LINES:
        shown = shown[:MAX_DIFF_LINES] + [f"... {len(shown) - MAX_DIFF_LINES} more diff lines"]
    return "\n".join(shown)


def _escape(text: str) -> str:
    return "".join(c if c.isprintable() or c == "\t" else repr(c)[1:-1] for c in text)
