"""Rule fixtures: one YAML file per rule code under tests/fixtures/rules/.

Each case writes its files into a fresh workspace (the shared glossary and
narrative in _workspace/ unless the case gives its own), runs the engine with
only that rule selected, and compares the findings with `expect` exactly:
every expected finding must be there and nothing else may be.

Unknown keys are an error, so a misspelt `partial` or `selcet` cannot be
silently ignored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from workspaces import write_workspace

from msgalign.engine import check
from msgalign.rules import all_rules
from msgalign.workspace.config import load_config

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
# Rules whose fixtures need the sentence model or the tone classifier.
MODEL_FAMILIES = ("TM003", "TM004", "NA", "CL", "AC")
# What the runner reads: a case and an expected finding.
SETUP_KEYS = {"glossary", "narrative", "config", "select"}
CASE_KEYS = {"name", "files", "expect", "partial"} | SETUP_KEYS
LOCATION_KEYS = ("line", "column", "end_line", "end_column", "slide", "page", "block")
EXPECT_KEYS = {"rule", "name", "severity", "message", "path", "excerpt", "suggestion", "team"} | set(LOCATION_KEYS)


def _entries(code: str) -> list[dict[str, Any]]:
    path = FIXTURES / f"{code}.yml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for entry in entries:
        unknown = set(entry) - CASE_KEYS
        assert not unknown, f"{path.name} '{entry.get('name')}': keys the runner does not read: {sorted(unknown)}"
        for expected in entry.get("expect", []):
            unknown = set(expected) - EXPECT_KEYS
            assert not unknown, f"{path.name} '{entry['name']}': expect keys not read: {sorted(unknown)}"
    return entries


def _cases() -> list[Any]:
    params = []
    for path in sorted(FIXTURES.glob("*.yml")):
        code = path.stem
        marks = [pytest.mark.model] if code.startswith(MODEL_FAMILIES) else []
        for case in _entries(code):
            params.append(pytest.param(code, case, id=f"{code}-{case['name']}", marks=marks))
    return params


def _write_workspace(root: Path, case: dict[str, Any]) -> None:
    glossary = case.get("glossary")
    write_workspace(root, case["files"], narrative=case.get("narrative"), config=case.get("config", ""),
                    glossary=glossary if glossary is None or isinstance(glossary, str) else yaml.safe_dump(glossary))


def _matches(expected: dict[str, Any], finding: dict[str, Any], default_path: str) -> bool:
    loc = finding["location"]
    for key, value in expected.items():
        if key in LOCATION_KEYS:
            if loc[key] != value:
                return False
        elif key == "message":
            if str(value) not in finding["message"]:
                return False
        elif key == "path":
            if finding["path"] != value:
                return False
        elif finding.get(key) != value:
            return False
    return "path" in expected or finding["path"] == default_path


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_fixture(code: str, case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      model_cache: Path) -> None:
    _write_workspace(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    config = load_config(start=tmp_path).with_overrides(cache_dir=model_cache)
    select = case.get("select", [code])
    report, _ = check([tmp_path / "corpus"], config, select_=select)
    found = [f.to_dict() for f in report.findings]
    default_path = sorted(case["files"])[0]
    unmatched = list(found)
    for expected in case["expect"]:
        hit = next((f for f in unmatched if _matches(expected, f, default_path)), None)
        assert hit is not None, f"expected {expected}, found {found}"
        unmatched.remove(hit)
    if not case.get("partial", False):
        assert not unmatched, f"unexpected findings: {unmatched}"


def test_every_rule_has_docs_and_a_fixture_file() -> None:
    for code, rule in all_rules().items():
        assert rule.code == code and len(code) == 5 and code[:2].isalpha() and code[2:].isdigit()
        assert rule.name and rule.name == rule.name.lower() and " " not in rule.name, code
        for part in ("summary", "why", "flagged", "preferred"):
            assert getattr(rule.doc, part).strip(), f"{code} has no {part} in its docs"
        fixture = FIXTURES / f"{code}.yml"
        assert fixture.is_file(), f"{code} has no fixture file {fixture.name}"
        cases = _entries(code)
        assert any(c["expect"] for c in cases), f"{code} fixtures have no failing case"
        assert any(not c["expect"] for c in cases), f"{code} fixtures have no passing case"
