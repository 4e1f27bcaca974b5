from __future__ import annotations

import re
from dataclasses import replace

import pytest

from msgalign.formatters import render
from msgalign.types import AssetSummary, Finding, Location, Report, Severity


def _finding(path: str = "site/home.md", severity: Severity = Severity.ERROR, **changes: object) -> Finding:
    base = Finding(rule="TM001", name="non-canonical-term", severity=severity,
                   message="Use 'Revenue Workspace' instead of 'revenue hub'.", path=path,
                   location=Location(line=12, column=5, end_line=12, end_column=16), team="marketing")
    return replace(base, **changes)  # type: ignore[arg-type]


def _assets(*paths: str) -> list[AssetSummary]:
    return [AssetSummary(p, "marketing", "website", 1, 1) for p in paths]


def test_one_line_per_finding_in_the_documented_layout() -> None:
    out = render("text", Report.build([_finding()], _assets("site/home.md"), "0.1.0"))
    assert out.splitlines()[:2] == [
        "site/home.md  (team: marketing, channel: website)",
        "  12:5  error    Use 'Revenue Workspace' instead of 'revenue hub'.  TM001",
    ]


def test_places_and_severities_line_up_within_a_file() -> None:
    findings = [
        _finding(location=Location(slide=4, block="slide 4 / Title 1")),
        _finding(severity=Severity.WARNING, location=Location(slide=11, block="slide 11 / Notes"), rule="AC003"),
        _finding(severity=Severity.INFO, location=Location(slide=12), rule="AC001"),
    ]
    lines = render("text", Report.build(findings, [], "0.1.0")).splitlines()[1:4]
    assert lines == [
        "  slide 4 / Title 1  error    Use 'Revenue Workspace' instead of 'revenue hub'.  TM001",
        "  slide 11 / Notes   warning  Use 'Revenue Workspace' instead of 'revenue hub'.  AC003",
        "  slide 12           info     Use 'Revenue Workspace' instead of 'revenue hub'.  AC001",
    ]


def test_header_without_an_asset_summary_shows_the_team_only() -> None:
    out = render("text", Report.build([_finding(path="deck.pptx", team="sales")], [], "0.1.0"))
    assert out.splitlines()[0] == "deck.pptx  (team: sales)"


def test_line_breaks_in_a_message_do_not_break_the_layout() -> None:
    out = render("text", Report.build([_finding(message="First line.\n  Second line.")], [], "0.1.0"))
    assert "  12:5  error    First line. Second line.  TM001" in out.splitlines()


@pytest.mark.parametrize(
    ("findings", "paths", "summary"),
    [
        ([], [f"p{i}.md" for i in range(14)], "No problems found in 14 files."),
        ([], ["a.md"], "No problems found in 1 file."),
        ([], [], "No files were checked."),
        ([_finding(path="a.md", fix_span=(1, 12), suggestion="Revenue Workspace")], ["a.md"],
         "1 problem (1 error) in 1 file · 1 fixable with --fix"),
        ([_finding(path="a.md"), _finding(path="b.md", severity=Severity.WARNING),
          _finding(path="b.md", severity=Severity.WARNING, location=Location(line=20)),
          _finding(path="b.md", severity=Severity.INFO, location=Location(line=30)),
          _finding(path="b.md", severity=Severity.INFO, location=Location(line=40))],
         ["a.md", "b.md", "c.md"], "5 problems (1 error, 2 warnings, 2 info) in 2 of 3 files"),
        # A suggestion without a fix span (a PPTX, say) is not fixable.
        ([_finding(path="a.pptx", suggestion="Revenue Workspace", location=Location(slide=2))], ["a.pptx", "b.md"],
         "1 problem (1 error) in 1 of 2 files"),
    ],
)
def test_summary_sentence(findings: list[Finding], paths: list[str], summary: str) -> None:
    out = render("text", Report.build(findings, _assets(*paths), "0.1.0"))
    assert out.endswith("\n") and out.splitlines()[-1] == summary


def test_unreadable_files_count_as_checked_files() -> None:
    # An IN001 file has no asset summary but was still one of the files looked at.
    unreadable = _finding(path="broken.docx", rule="IN001", location=Location(), message="Cannot read this file.")
    out = render("text", Report.build([unreadable], _assets("a.md", "b.md"), "0.1.0"))
    assert out.splitlines()[-1] == "1 problem (1 error) in 1 of 3 files"
    assert "  -  error    Cannot read this file.  IN001" in out.splitlines()


def test_colors_mark_severity_path_and_code() -> None:
    report = Report.build([_finding(), _finding(severity=Severity.WARNING, location=Location(line=20))],
                          _assets("site/home.md"), "0.1.0")
    out = render("text", report, color=True)
    assert "\x1b[1msite/home.md\x1b[0m" in out
    assert "\x1b[1;31merror\x1b[0m" in out and "\x1b[33mwarning\x1b[0m" in out
    assert "\x1b[2mTM001\x1b[0m" in out
    plain = render("text", report)
    # Colours change nothing but the escape codes.
    assert re.sub(r"\x1b\[[0-9;]*m", "", out) == plain


def test_clean_run_is_green_when_colored() -> None:
    out = render("text", Report.build([], _assets("a.md"), "0.1.0"), color=True)
    assert out == "\x1b[1;32mNo problems found in 1 file.\x1b[0m\n"


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_wrapping_at_a_width_breaks_only_between_words(report: Report, width: int) -> None:
    wrapped = render("text", report, width=width)
    plain = render("text", report)
    assert wrapped.split() == plain.split()  # the same words, in the same order: no word was cut
    for line in wrapped.splitlines():
        # Only headers and a place column wider than the terminal may stick out; a message never does.
        assert len(line) <= width or not line.startswith(" ") or line.split()[-1] in ("error", "warning", "info"), line
    assert render("text", report, width=None) == plain


def test_the_text_report_ends_with_a_count_per_rule() -> None:
    findings = [_finding(path="a.md"), _finding(path="b.md"),
                _finding(path="b.md", rule="TM005", name="avoided-phrase", location=Location(line=20))]
    lines = render("text", Report.build(findings, _assets("a.md", "b.md"), "0.1.0")).splitlines()
    assert lines[-4:] == ["  2  TM001  non-canonical-term", "  1  TM005  avoided-phrase", "",
                          "3 problems (3 errors) in 2 of 2 files"]
