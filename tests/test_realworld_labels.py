"""The real-text labels in eval/realworld/ parse and are well keyed.

eval/eval_realworld.py matches findings on ../shared/realworld to judgments in
eval/realworld/judgments/<RULE>.yml and measures recall against
eval/realworld/drift.yml. A malformed row would silently never match, so every
row is checked here: keys, types, verdicts, hashes, rule codes, and (when the
shared pages are on this machine) that every drift entry's line exists and its
hash is that line's.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from msgalign.rules import all_rules

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "eval" / "realworld"
SHARED = ROOT / ".." / "shared" / "realworld"
WORKSPACES = ("sourcegraph", "zulip", "supabase")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_realworld", ROOT / "eval" / "eval_realworld.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eval_realworld", module)
    spec.loader.exec_module(module)
    return module


def test_judgment_files_parse_and_are_keyed_by_rule() -> None:
    script = _script()
    judgments = script.load_judgments()  # raises with file and entry on any malformed row
    codes = set(all_rules())
    assert judgments, "no judgment files"
    for rule, rows in judgments.items():
        assert rule in codes, f"judgments/{rule}.yml names no rule"
        keys = [(r["ws"], r["path"], r["line"], r["hash"]) for r in rows]
        assert len(keys) == len(set(keys)), f"{rule}: a finding is judged twice"
        for row in rows:
            assert row["ws"] in WORKSPACES, f"{rule}: unknown workspace {row['ws']!r}"
            assert row["path"].startswith(("corpus/", "stories/")), f"{rule}: {row['path']} is not in a workspace"


def test_malformed_judgments_are_refused() -> None:
    problem = _script().judgment_problem
    good = {"ws": "zulip", "path": "corpus/sales/a.md", "line": 3, "hash": "0123456789", "verdict": "useful",
            "note": "ours"}
    assert problem(good) is None
    assert problem({**good, "verdict": "great"})
    assert problem({**good, "hash": 123456789})        # YAML read an unquoted all-digit hash as a number
    assert problem({**good, "hash": "12345"})
    assert problem({**good, "path": "/abs/a.md"})
    assert problem({**good, "path": "corpus/../../a.md"})
    assert problem({**good, "line": "3"})
    assert problem({**good, "extra": 1})
    assert problem({k: v for k, v in good.items() if k != "verdict"})


def test_finding_hash_is_the_normalised_excerpt() -> None:
    script = _script()
    assert script.text_hash("  Hello\n World ") == script.text_hash("hello world")
    assert re.fullmatch(r"[0-9a-f]{10}", script.text_hash("x"))


def test_drift_entries_are_well_formed() -> None:
    data = yaml.safe_load((LABELS / "drift.yml").read_text(encoding="utf-8"))
    codes = set(all_rules())
    entries = data["drift"]
    assert len(entries) >= 100
    for e in entries:
        assert set(e) == {"ws", "path", "line", "kind", "hash", "note"}, e
        assert e["ws"] in WORKSPACES and e["kind"] in codes, e
        assert isinstance(e["line"], int) and e["line"] > 0, e
        assert isinstance(e["hash"], str) and re.fullmatch(r"[0-9a-f]{10}", e["hash"]), e


def test_drift_entries_point_at_their_lines() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the real-world workspaces are not on this machine")
    script = _script()
    for e in yaml.safe_load((LABELS / "drift.yml").read_text(encoding="utf-8"))["drift"]:
        lines = (SHARED / e["ws"] / e["path"]).read_text(encoding="utf-8").splitlines()
        assert script.text_hash(lines[e["line"] - 1]) == e["hash"], f"{e['ws']}/{e['path']}:{e['line']} changed"
