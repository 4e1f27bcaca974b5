"""Rule fixtures: one YAML file per rule code under tests/fixtures/rules/.

Each case writes its files into a fresh workspace (the shared glossary and
narrative in _workspace/ unless the case gives its own), runs the engine with
only that rule selected, and compares the findings with `expect` exactly:
every expected finding must be there and nothing else may be.

Each file also has one `doc:` entry: the file (and so the team and channel) in
which the rule's documented examples run — or, for a rule whose examples
describe a situation (`RuleDoc.situation`: two assets, a whole playbook, an
unreadable file), the files that build each example. The examples themselves come from the
rule's RuleDoc at test time, so `msgalign rule CODE` cannot drift from what the
rule does: `doc.flagged` must be reported with the rule's code, `doc.preferred`
must not.

Unknown keys are an error, so a misspelt `partial` or `selcet` cannot be
silently ignored.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from workspaces import write_workspace

from msgalign.engine import check
from msgalign.rules import all_rules
from msgalign.types import Severity
from msgalign.workspace.config import load_config

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
# Rules whose fixtures need the sentence model or the tone classifier.
MODEL_FAMILIES = ("TM003", "TM004", "NA", "CL", "AC")
# What the runner reads: a case, the one `doc` entry per file, and an expected finding.
SETUP_KEYS = {"glossary", "narrative", "config", "select"}
CASE_KEYS = {"name", "files", "expect", "partial"} | SETUP_KEYS
DOC_KEYS = {"name", "doc"} | SETUP_KEYS
LOCATION_KEYS = ("line", "column", "end_line", "end_column", "slide", "page", "block")
EXPECT_KEYS = {"rule", "name", "severity", "message", "path", "excerpt", "suggestion", "team"} | set(LOCATION_KEYS)


def _entries(code: str) -> list[dict[str, Any]]:
    path = FIXTURES / f"{code}.yml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for entry in entries:
        keys = DOC_KEYS if "doc" in entry else CASE_KEYS
        unknown = set(entry) - keys
        assert not unknown, f"{path.name} '{entry.get('name')}': keys the runner does not read: {sorted(unknown)}"
        # Only corpus/ is checked: a file elsewhere would make a passing case pass vacuously.
        outside = [f for f in _files_of(entry) if not f.startswith("corpus/")]
        assert not outside, f"{path.name} '{entry.get('name')}': files outside corpus/ are never checked: {outside}"
        for expected in entry.get("expect", []):
            unknown = set(expected) - EXPECT_KEYS
            assert not unknown, f"{path.name} '{entry['name']}': expect keys not read: {sorted(unknown)}"
    return entries


def _marks(code: str) -> list[pytest.MarkDecorator]:
    return [pytest.mark.model] if code.startswith(MODEL_FAMILIES) else []


def _cases() -> list[Any]:
    params = []
    for path in sorted(FIXTURES.glob("*.yml")):
        code = path.stem
        for case in _entries(code):
            if "doc" not in case:
                params.append(pytest.param(code, case, id=f"{code}-{case['name']}", marks=_marks(code)))
    return params


def _doc_setup(code: str) -> dict[str, Any] | None:
    """The fixture file's one `doc:` entry (None when it has none or several: the docs test fails then)."""
    docs = [e for e in _entries(code) if "doc" in e] if (FIXTURES / f"{code}.yml").is_file() else []
    return docs[0] if len(docs) == 1 else None


def _files_of(entry: dict[str, Any]) -> list[str]:
    if "doc" not in entry:
        return list(entry["files"])
    if isinstance(entry["doc"], dict):
        return [f for kind in ("flagged", "preferred") for f in entry["doc"][kind]]
    return [entry["doc"]]


def _doc_cases() -> list[Any]:
    """Two cases per rule, built from its RuleDoc: `doc-flagged` and `doc-preferred`."""
    params = []
    for code, rule in all_rules().items():
        entry = _doc_setup(code)
        if entry is None:
            continue  # test_every_rule_has_docs_and_a_fixture_file reports it
        setup = {k: v for k, v in entry.items() if k in SETUP_KEYS}
        for kind in ("flagged", "preferred"):
            expect: list[dict[str, Any]] = [{"rule": code}] if kind == "flagged" else []
            if isinstance(entry["doc"], dict):
                # The docs describe a situation (two assets, a whole playbook, an unreadable file):
                # the fixture builds it, one set of files per example, and names where it is reported.
                files = entry["doc"][kind]
                if expect and "reported" in entry["doc"]:
                    expect = [{"rule": code, "path": entry["doc"]["reported"]}]
            else:
                files = {entry["doc"]: getattr(rule.doc, kind) + "\n"}
            case = {**setup, "name": f"doc-{kind}", "files": files,
                    # flagged: at least one finding of this rule; preferred: none of it.
                    "expect": expect, "partial": kind == "flagged"}
            params.append(pytest.param(code, case, id=f"{code}-doc-{kind}", marks=_marks(code)))
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


def _run(code: str, case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model_cache: Path) -> None:
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


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_fixture(code: str, case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      model_cache: Path) -> None:
    _run(code, case, tmp_path, monkeypatch, model_cache)


@pytest.mark.parametrize(("code", "case"), _doc_cases())
def test_documented_example(code: str, case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            model_cache: Path) -> None:
    """`msgalign rule CODE` shows doc.flagged as reported and doc.preferred as clean: both must be true."""
    _run(code, case, tmp_path, monkeypatch, model_cache)


def test_every_rule_has_docs_and_a_fixture_file() -> None:
    rules = all_rules()
    assert rules, "no rules registered"
    names = [rule.name for rule in rules.values()]
    assert len(set(names)) == len(names), f"two rules share a name: {names}"
    for code, rule in rules.items():
        assert rule.code == code and re.fullmatch(r"[A-Z]{2}\d{3}", code), code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), f"{code}: name {rule.name!r} is not kebab-case"
        assert isinstance(rule.severity, Severity), f"{code}: severity {rule.severity!r}"
        for part in ("summary", "why", "flagged", "preferred"):
            text = getattr(rule.doc, part)
            assert isinstance(text, str) and text.strip(), f"{code} has no {part} in its docs"
        assert rule.doc.flagged.strip() != rule.doc.preferred.strip(), f"{code}: flagged and preferred are the same"
        fixture = FIXTURES / f"{code}.yml"
        assert fixture.is_file(), f"{code} has no fixture file {fixture.name}"
        cases = [c for c in _entries(code) if "doc" not in c]
        assert any(c["expect"] for c in cases), f"{code} fixtures have no failing case"
        assert any(not c["expect"] for c in cases), f"{code} fixtures have no passing case"
        entry = _doc_setup(code)
        assert entry is not None, f"{code}.yml needs exactly one `doc:` entry (where its examples run)"
        # A rule whose examples describe a situation says so, and its fixture builds the situation;
        # a rule whose examples are text gets them written into one file, verbatim.
        situation = isinstance(entry["doc"], dict)
        assert rule.doc.situation == situation, (
            f"{code}: RuleDoc.situation is {rule.doc.situation} but its `doc:` entry "
            + ("builds files" if situation else "names one file"))
        if situation:
            assert {"flagged", "preferred"} <= set(entry["doc"]) <= {"flagged", "preferred", "reported"}, \
                f"{code}: `doc:` needs flagged and preferred files (and `reported`, the path of the finding)"


def test_every_fixture_file_names_a_rule() -> None:
    stray = {p.stem for p in FIXTURES.glob("*.yml")} - set(all_rules())
    assert not stray, f"fixture files for no rule (never run as doc examples): {sorted(stray)}"
