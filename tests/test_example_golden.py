"""Golden files for what a user sees on the example workspace.

Regenerate with MSGALIGN_UPDATE_GOLDENS=1 after an intended change, and read
the diff: it is the change in what users see.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from msgalign.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "example"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("MSGALIGN_UPDATE_GOLDENS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"missing golden {path}; run with MSGALIGN_UPDATE_GOLDENS=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_example_terminology_check(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["check", "corpus", "--select", "TM001,TM002,TM005,IN001", "--format", fmt])
    assert result.exit_code == 1
    check_golden(f"check-terminology.{fmt}", result.output)


@pytest.mark.parametrize("code", ["TM001", "TM003", "NA001", "CL001", "IN001"])
def test_rule_docs(code: str) -> None:
    result = CliRunner().invoke(main, ["rule", code])
    assert result.exit_code == 0
    check_golden(f"rule-{code}.txt", result.output)


def test_rules_listing() -> None:
    check_golden("rules.txt", CliRunner().invoke(main, ["rules"]).output)
