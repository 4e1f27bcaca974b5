from __future__ import annotations

import re
from dataclasses import replace

from msgalign.formatters import render
from msgalign.formatters.markdown import escape
from msgalign.types import Report


def _cells(row: str) -> list[str]:
    """Split a GFM table row on unescaped pipes."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def test_escape() -> None:
    assert escape("a | b") == "a \\| b"
    assert escape("see `narrative.md`") == "see \\`narrative.md\\`"
    assert escape("C:\\path") == "C:\\\\path"
    assert escape("<!-- msgalign off -->") == "&lt;!-- msgalign off --&gt;"
    assert escape("**bold**\nnext") == "\\*\\*bold\\*\\* next"


def test_counts_by_severity_and_by_rule_with_names(report: Report, fake_rules) -> None:
    out = render("markdown", report, rules=fake_rules)
    assert out.startswith("## msgalign report\n\n**9 problems (5 errors, 3 warnings, 1 info) in 5 of 7 files")
    assert "| error | 5 |" in out and "| warning | 3 |" in out and "| info | 1 |" in out
    assert "| `TM001` | non-canonical-term | 2 |" in out
    assert "| `NA001` | off-narrative | 1 |" in out


def test_every_table_row_keeps_its_columns(report: Report, fake_rules) -> None:
    out = render("markdown", report, rules=fake_rules)
    rows = [line for line in out.splitlines() if line.startswith("| ") and "Location" not in line]
    file_rows = [r for r in rows if len(_cells(r)) == 4]
    assert len(file_rows) == len(report.findings)
    assert all(len(_cells(r)) in (2, 3, 4) for r in rows)
    pipe_row = next(r for r in file_rows if "3x faster" in r)
    assert _cells(pipe_row)[3] == (
        "'3x faster \\| 50% cheaper' is not an approved proof point; see \\`narrative.md\\` &lt;!-- proof --&gt;."
    )


def test_one_table_per_file(report: Report, fake_rules) -> None:
    out = render("markdown", report, rules=fake_rules)
    headings = [line for line in out.splitlines() if line.startswith("### ")]
    assert headings == [f"### {p}" for p in sorted({f.path for f in report.findings})]
    assert out.count("| Location | Severity | Rule | Message |") == len(headings)


def test_rule_name_falls_back_to_the_finding(report: Report) -> None:
    stranger = replace(report.findings[0], rule="ZZ900", name="plugin-rule")
    out = render("markdown", Report.build([stranger], [], "0.1.0"), rules={})
    assert "| `ZZ900` | plugin-rule | 1 |" in out


def test_clean_run(empty_report: Report) -> None:
    assert render("markdown", empty_report) == "## msgalign report\n\nNo problems found in 14 files.\n"
