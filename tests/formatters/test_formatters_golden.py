"""Golden files pin exactly what users and tools see, byte for byte.

A golden is never rewritten silently. After an intended change, regenerate with

    MSGALIGN_UPDATE_GOLDENS=1 python -m pytest tests/formatters

and review the diff. (An environment variable, not a `--update-goldens` flag:
pytest only accepts new options from the top-level conftest, which is not ours.)
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from msgalign.formatters import render

GOLDEN_DIR = Path(__file__).parent / "golden"
UPDATE = os.environ.get("MSGALIGN_UPDATE_GOLDENS") == "1"

# (golden file, format, report fixture, options)
CASES = [
    ("report.txt", "text", "report", {}),
    ("report.color.txt", "text", "report", {"color": True}),
    ("empty.txt", "text", "empty_report", {}),
    ("report.json", "json", "report", {}),
    ("report.md", "markdown", "report", {}),
    ("empty.md", "markdown", "empty_report", {}),
    ("report.sarif", "sarif", "report", {}),
    ("report.rdjsonl", "rdjsonl", "report", {}),
    ("report.github.txt", "github", "report", {}),
]


@pytest.mark.parametrize(("golden", "fmt", "fixture", "opts"), CASES, ids=[c[0] for c in CASES])
def test_golden(golden: str, fmt: str, fixture: str, opts: dict, request: pytest.FixtureRequest, fake_rules) -> None:
    actual = render(fmt, request.getfixturevalue(fixture), rules=fake_rules, **opts)
    path = GOLDEN_DIR / golden
    if UPDATE:
        path.write_bytes(actual.encode("utf-8"))
    assert path.exists(), f"missing golden {path.name}; create it with MSGALIGN_UPDATE_GOLDENS=1"
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{fmt} output differs from {path.name}; if intended, regenerate (see module docstring)"


def test_every_format_has_a_golden() -> None:
    from msgalign.formatters import FORMATS

    assert {fmt for _, fmt, _, _ in CASES} == set(FORMATS)
