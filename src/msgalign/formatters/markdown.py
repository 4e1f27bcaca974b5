"""`--format markdown`: a GitHub-flavoured summary for a PR comment or a job summary.

A title with the summary sentence, counts by severity and by rule, then one
table per file. Everything that comes from the input (paths, messages) is
escaped so a stray pipe, backtick or HTML comment cannot break the layout.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgalign.formatters._common import (
    RuleTable,
    asset_meta,
    group_by_path,
    ordered,
    place,
    resolve_rules,
    rule_name,
    severity_counts,
    shown,
    summary_sentence,
)
from msgalign.types import Finding, Report

TITLE = "## msgalign report"
# Backslash first, so the escapes added after it are not escaped again.
_ESCAPES = (("\\", "\\\\"), ("|", "\\|"), ("`", "\\`"), ("*", "\\*"), ("<", "&lt;"), (">", "&gt;"))


def escape(text: str) -> str:
    """Text safe inside a GFM table cell or heading: one line, no live markup, no control characters."""
    text = shown(text)
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return text


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]], *, numeric_last: bool = False) -> list[str]:
    rule = ["---"] * len(header)
    if numeric_last:
        rule[-1] = "---:"
    lines = [f"| {' | '.join(header)} |", f"|{'|'.join(rule)}|"]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return lines


def _counts(findings: list[Finding], rules: RuleTable) -> list[str]:
    by_severity = [(sev.label, str(n)) for sev, n in severity_counts(findings)]
    codes = sorted({f.rule for f in findings})
    by_rule = [
        (f"`{c}`", escape(rule_name(c, rules, findings)), str(sum(1 for f in findings if f.rule == c)))
        for c in codes
    ]
    return [
        *_table(("Severity", "Findings"), by_severity, numeric_last=True),
        "",
        *_table(("Rule", "Name", "Findings"), by_rule, numeric_last=True),
    ]


def _file_section(report: Report, path: str, findings: list[Finding], rules: RuleTable) -> list[str]:
    lines = [f"### {escape(path)}", ""]
    team, channel = asset_meta(report, path, findings)
    meta = [f"team: {escape(team)}"] if team else []
    if channel:
        meta.append(f"channel: {escape(channel)}")
    if meta:
        lines += [f"_{', '.join(meta)}_", ""]
    rows = [
        (
            escape(place(f)) or "-",
            f.severity.label,
            f"`{f.rule}` {escape(rule_name(f.rule, rules, [f]))}",
            escape(f.message),
        )
        for f in findings
    ]
    lines += _table(("Location", "Severity", "Rule", "Message"), rows)
    return lines


def render(report: Report, *, rules: RuleTable | None = None, color: bool = False) -> str:
    """The report as Markdown; `color` does not apply."""
    findings = ordered(report)
    summary = summary_sentence(report, fix_hint="`msgalign check --fix`")
    if not findings:
        return f"{TITLE}\n\n{summary}\n"
    table = resolve_rules(rules)
    lines = [TITLE, "", f"**{summary}**", "", *_counts(findings, table)]
    for path, group in group_by_path(findings):
        lines += ["", *_file_section(report, path, group, table)]
    return "\n".join(lines) + "\n"
