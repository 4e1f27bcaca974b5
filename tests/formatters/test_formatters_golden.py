"""Golden files pin exactly what users and tools see, byte for byte.

Compared with tests/goldens.assert_golden; how to regenerate and review is in its docstring.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from goldens import assert_golden

from msgalign.formatters import render

GOLDEN_DIR = Path(__file__).parent / "golden"

# (golden file, format, report fixture, options)
CASES = [
    ("report.txt", "text", "report", {}),
    ("report.color.txt", "text", "report", {"color": True}),
    ("report.width60.txt", "text", "report", {"width": 60}),
    ("empty.txt", "text", "empty_report", {}),
    ("report.json", "json", "report", {}),
    ("report.md", "markdown", "report", {}),
    ("empty.md", "markdown", "empty_report", {}),
    ("report.sarif", "sarif", "report", {}),
    ("report.rdjsonl", "rdjsonl", "report", {}),
    ("report.github.txt", "github", "report", {}),
    ("report.line.txt", "line", "report", {}),
]


@pytest.mark.parametrize(("golden", "fmt", "fixture", "opts"), CASES, ids=[c[0] for c in CASES])
def test_golden(golden: str, fmt: str, fixture: str, opts: dict, request: pytest.FixtureRequest, fake_rules) -> None:
    actual = render(fmt, request.getfixturevalue(fixture), rules=fake_rules, **opts)
    assert_golden(GOLDEN_DIR / golden, actual)


def test_every_format_has_a_golden() -> None:
    from msgalign.formatters import FORMATS

    assert {fmt for _, fmt, _, _ in CASES} == set(FORMATS)
