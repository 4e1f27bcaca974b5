from __future__ import annotations

import json
from dataclasses import replace
from pathlib import PurePosixPath

from msgalign.formatters import render
from msgalign.types import Evidence, Report

TOP_KEYS = ["version", "tool", "findings", "assets", "summary"]
FINDING_KEYS = ["rule", "name", "severity", "message", "path", "location", "excerpt", "suggestion", "team",
                "score", "evidence"]
LOCATION_KEYS = ["line", "column", "end_line", "end_column", "slide", "page", "block"]
ASSET_KEYS = ["path", "team", "channel", "blocks", "sentences", "alignment", "pillars", "tone"]
SUMMARY_KEYS = ["assets", "findings", "by_severity", "by_rule"]


def test_keys_are_exactly_the_spec_keys_in_spec_order(report: Report) -> None:
    doc = json.loads(render("json", report))
    assert list(doc) == TOP_KEYS
    assert doc["version"] == 1
    assert doc["tool"] == {"name": "msgalign", "version": "0.1.0"}
    assert list(doc["summary"]) == SUMMARY_KEYS
    assert doc["findings"] and doc["assets"]
    for finding in doc["findings"]:
        assert list(finding) == FINDING_KEYS
        assert list(finding["location"]) == LOCATION_KEYS
    for asset in doc["assets"]:
        assert list(asset) == ASSET_KEYS


def test_round_trips_to_the_model(report: Report) -> None:
    doc = json.loads(render("json", report))
    assert doc["findings"] == [f.to_dict() for f in sorted(report.findings, key=lambda f: f.sort_key())]
    assert doc["assets"] == [a.to_dict() for a in report.assets]
    assert doc["summary"] == {
        "assets": 6,
        "findings": 9,
        "by_severity": {"error": 5, "warning": 3, "info": 1},
        "by_rule": {"AC001": 1, "CL001": 1, "CL002": 1, "IN001": 1, "NA001": 1, "TM001": 2, "TM002": 1,
                    "TM004": 1},
    }


def test_findings_sorted_by_path_then_position_then_rule(report: Report) -> None:
    doc = json.loads(render("json", report))
    keys = [(f["path"], f["location"]["slide"] or 0, f["location"]["page"] or 0, f["location"]["line"] or 0,
             f["location"]["column"] or 0, f["rule"]) for f in doc["findings"]]
    assert keys == sorted(keys)


def test_pretty_utf8_and_one_trailing_newline(report: Report) -> None:
    out = render("json", report)
    assert out.startswith('{\n  "version": 1,\n')
    assert out.endswith("}\n") and not out.endswith("\n\n")
    assert "—" in out and "\\u2014" not in out


def test_odd_evidence_values_still_serialise_stably(report: Report) -> None:
    odd = replace(report.findings[0], evidence=Evidence.of(teams={"sales", "cs"}, file=PurePosixPath("a/b.md")))
    out = render("json", Report.build([odd], [], "0.1.0"))
    assert json.loads(out)["findings"][0]["evidence"] == {"teams": ["cs", "sales"], "file": "a/b.md"}


def test_empty_report(empty_report: Report) -> None:
    doc = json.loads(render("json", empty_report))
    assert doc["findings"] == []
    assert doc["summary"] == {"assets": 14, "findings": 0, "by_severity": {}, "by_rule": {}}
