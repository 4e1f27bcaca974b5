from __future__ import annotations

from dataclasses import replace

import pytest

from msgalign.formatters import render
from msgalign.formatters.github import escape_data, escape_property
from msgalign.types import Finding, Location, Report, Severity


def _finding(**changes: object) -> Finding:
    base = Finding(rule="TM001", name="non-canonical-term", severity=Severity.ERROR,
                   message="Use 'Revenue Workspace' instead of 'revenue hub'.", path="site/home.md",
                   location=Location(line=12, column=5, end_line=12, end_column=16))
    return replace(base, **changes)  # type: ignore[arg-type]


def _render(*findings: Finding) -> list[str]:
    return render("github", Report.build(findings, [], "0.1.0")).splitlines()


def test_documented_command_shape() -> None:
    assert _render(_finding()) == [
        "::error file=site/home.md,line=12,col=5,endLine=12,endColumn=16,"
        "title=TM001 non-canonical-term::Use 'Revenue Workspace' instead of 'revenue hub'."
    ]


@pytest.mark.parametrize(("severity", "command"),
                         [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")])
def test_severity_picks_the_command(severity: Severity, command: str) -> None:
    assert _render(_finding(severity=severity))[0].startswith(f"::{command} ")


def test_escaping_follows_the_actions_toolkit() -> None:
    assert escape_data("50% off\r\nnow: a, b") == "50%25 off%0D%0Anow: a, b"
    assert escape_property("50% off\r\nnow: a, b") == "50%25 off%0D%0Anow%3A a%2C b"


def test_properties_and_message_are_escaped_in_the_command() -> None:
    line = _render(_finding(path="deals/q3, final: v2.md", message="Cut churn 50%:\nsee page 2, too."))
    assert line == [
        "::error file=deals/q3%2C final%3A v2.md,line=12,col=5,endLine=12,endColumn=16,"
        "title=TM001 non-canonical-term::Cut churn 50%25: see page 2, too."
    ]


def test_finding_without_a_line_annotates_the_file_and_names_the_slide() -> None:
    assert _render(_finding(location=Location(slide=4, block="slide 4 / Title 1"))) == [
        "::error file=site/home.md,title=TM001 non-canonical-term::"
        "Use 'Revenue Workspace' instead of 'revenue hub'. (slide 4 / Title 1)"
    ]


def test_one_command_per_finding_and_nothing_for_a_clean_run(report: Report, empty_report: Report) -> None:
    lines = render("github", report).splitlines()
    assert len(lines) == len(report.findings)
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert render("github", empty_report) == ""
