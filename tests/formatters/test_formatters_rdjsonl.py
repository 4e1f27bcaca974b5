from __future__ import annotations

import json
from dataclasses import replace

from msgalign.formatters import render
from msgalign.types import Location, Report


def _lines(report: Report) -> list[dict]:
    out = render("rdjsonl", report)
    assert out.endswith("\n")
    return [json.loads(line) for line in out.splitlines()]


def test_one_diagnostic_per_line_with_the_reviewdog_fields(report: Report) -> None:
    diagnostics = _lines(report)
    assert len(diagnostics) == len(report.findings)
    for d, f in zip(diagnostics, sorted(report.findings, key=lambda f: f.sort_key()), strict=True):
        assert set(d) <= {"message", "location", "severity", "source", "code", "suggestions"}
        assert d["source"] == {"name": "msgalign"}
        assert d["code"] == {"value": f.rule}
        assert d["severity"] == {"error": "ERROR", "warning": "WARNING", "info": "INFO"}[f.severity.label]
        assert d["location"]["path"] == f.path
        assert d["location"]["range"]["start"]["line"] >= 1


def test_text_finding_has_its_range_and_a_suggestion(report: Report) -> None:
    d = next(d for d in _lines(report) if d["code"]["value"] == "TM001" and "slide" not in d["message"])
    span = {"start": {"line": 12, "column": 5}, "end": {"line": 12, "column": 16}}
    assert d["location"]["range"] == span
    assert d["suggestions"] == [{"range": span, "text": "Revenue Workspace"}]


def test_finding_without_a_line_points_at_line_1_and_has_no_suggestion(report: Report) -> None:
    d = next(d for d in _lines(report) if d["code"]["value"] == "TM001" and "slide" in d["message"])
    assert d["location"]["range"] == {"start": {"line": 1}}
    assert d["message"].endswith("(slide 4 / Title 1)")
    assert "suggestions" not in d


def test_no_suggestion_without_an_exact_range(report: Report) -> None:
    finding = next(f for f in report.findings if f.rule == "TM001" and f.location.line)
    no_end = replace(finding, location=Location(line=12, column=5))
    [d] = _lines(Report.build([no_end], [], "0.1.0"))
    assert d["location"]["range"] == {"start": {"line": 12, "column": 5}}
    assert "suggestions" not in d


def test_clean_run_prints_nothing(empty_report: Report) -> None:
    assert render("rdjsonl", empty_report) == ""
