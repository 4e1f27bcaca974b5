"""What every formatter shares: order, places, spans, counts and the summary sentence.

Formatters are pure: they read a `Report` (and, for rule docs, a rule table)
and return a string. Nothing here looks at the terminal, the clock or the
working directory, so the same report always renders to the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from msgalign.text.safe import printable
from msgalign.types import Finding, Report, Severity

if TYPE_CHECKING:
    from msgalign.rules.base import Rule

RuleTable = Mapping[str, "type[Rule]"]

# Families by code prefix, for tags and headings; a new family falls back to its prefix.
FAMILIES: dict[str, str] = {
    "TM": "terminology",
    "NA": "narrative",
    "CL": "claims",
    "AC": "actionability",
    "IN": "input",
}

_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def resolve_rules(rules: RuleTable | None) -> RuleTable:
    """The rule table to describe rules with: the one given, else the registry.

    The registry is imported only here, and only by formatters that print rule
    docs, because rule families may import heavy modules.
    """
    if rules is not None:
        return rules
    from msgalign.rules import all_rules

    return all_rules()


def ordered(report: Report) -> list[Finding]:
    """Findings by path, then position, then rule, whatever order the report holds."""
    return sorted(report.findings, key=Finding.sort_key)


def one_line(text: str) -> str:
    """Text on one line: line breaks (and the space around them) become one space."""
    return _LINE_BREAKS.sub(" ", text).strip()


def shown(text: str) -> str:
    """Asset text for a terminal or a log, on one line: control, bidi and invisible characters
    as visible escapes (`msgalign.text.safe.printable`), so none of them acts on the screen."""
    return printable(one_line(text))


def place(finding: Finding) -> str:
    """Where a finding is, for people: '12:5', 'slide 4 / Title 1', 'page 2', or ''."""
    return finding.location.describe()


def message_with_place(finding: Finding) -> str:
    """The message, with the slide, page or block added when there is no line.

    Line-based viewers (code scanning, reviewdog, annotations) can only pin such
    a finding to line 1, so the message has to say where it really is.
    """
    message = one_line(finding.message)
    where = place(finding)
    if finding.location.line is None and where:
        return f"{message} ({where})"
    return message


@dataclass(frozen=True)
class Span:
    """A text range with 1-based lines and columns; the end column is exclusive."""

    start_line: int
    start_column: int | None
    end_line: int | None
    end_column: int | None


def text_span(finding: Finding) -> Span | None:
    """The finding's range in a text file, or None when it has no line."""
    loc = finding.location
    if loc.line is None:
        return None
    end_line = loc.end_line
    if end_line is None and loc.end_column is not None:
        end_line = loc.line
    end_column = loc.end_column if end_line is not None else None
    return Span(loc.line, loc.column, end_line, end_column)


def is_fixable(finding: Finding) -> bool:
    """True when `check --fix` can apply the finding's suggestion."""
    return finding.fix_span is not None and finding.suggestion is not None


def files_checked(report: Report) -> set[str]:
    """Every file the run looked at: the assets, plus files that only have findings
    (an unreadable file has an IN001 finding but no asset summary)."""
    return {a.path for a in report.assets} | {f.path for f in report.findings}


def asset_meta(report: Report, path: str, findings: list[Finding]) -> tuple[str | None, str | None]:
    """(team, channel) of a file: from its asset summary, else the team on its findings."""
    for asset in report.assets:
        if asset.path == path:
            return asset.team, asset.channel
    team = next((f.team for f in findings if f.team), None)
    return team, None


def group_by_path(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Ordered findings grouped by file, files in path order."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.path, []).append(finding)
    return sorted(groups.items())


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


# "info" is not counted with an -s: "2 info", like "2 errors, 1 warning".
_SEVERITY_NOUNS: dict[Severity, tuple[str, str]] = {
    Severity.ERROR: ("error", "errors"),
    Severity.WARNING: ("warning", "warnings"),
    Severity.INFO: ("info", "info"),
}


def severity_counts(findings: list[Finding]) -> list[tuple[Severity, int]]:
    """Non-zero counts per severity, most severe first."""
    counts = [(sev, sum(1 for f in findings if f.severity == sev)) for sev in sorted(Severity, reverse=True)]
    return [(sev, n) for sev, n in counts if n]


def summary_sentence(report: Report, *, fix_hint: str = "--fix") -> str:
    """'7 problems (3 errors, 4 warnings) in 5 of 14 files · 2 fixable with --fix'."""
    findings = list(report.findings)
    total = len(files_checked(report))
    if not findings:
        if total == 0:
            return "No files were checked."
        return f"No problems found in {plural(total, 'file')}."
    parts = ", ".join(
        plural(n, *_SEVERITY_NOUNS[sev]) for sev, n in severity_counts(findings)
    )
    with_problems = len({f.path for f in findings})
    files = plural(total, "file") if total == 1 else f"{with_problems} of {plural(total, 'file')}"
    sentence = f"{plural(len(findings), 'problem')} ({parts}) in {files}"
    fixable = sum(1 for f in findings if is_fixable(f))
    if fixable:
        sentence += f" · {fixable} fixable with {fix_hint}"
    return sentence


def rule_name(code: str, rules: RuleTable, findings: list[Finding]) -> str:
    """A rule's kebab-case name: from the table, else from its findings."""
    rule = rules.get(code)
    if rule is not None:
        return rule.name
    return next((f.name for f in findings if f.rule == code), code)
