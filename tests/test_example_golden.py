"""Golden files for what a user sees on the example workspace.

Compared with tests/goldens.assert_golden (how to regenerate: its docstring);
after an intended change, read the diff: it is the change in what users see.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from goldens import assert_golden

from msgalign.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "example"


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_example_terminology_check(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["check", "corpus", "--select", "TM001,TM002,TM005,IN001", "--format", fmt])
    assert result.exit_code == 1
    assert_golden(GOLDEN / f"check-terminology.{fmt}", result.output)


@pytest.mark.parametrize("code", ["TM001", "TM003", "NA001", "CL001", "IN001"])
def test_rule_docs(code: str) -> None:
    result = CliRunner().invoke(main, ["rule", code])
    assert result.exit_code == 0
    assert_golden(GOLDEN / f"rule-{code}.txt", result.output)


def test_rules_listing() -> None:
    assert_golden(GOLDEN / "rules.txt", CliRunner().invoke(main, ["rules"]).output)
