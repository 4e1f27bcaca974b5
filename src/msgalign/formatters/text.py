"""`--format text`: what a product marketer reads in a terminal.

One header per file, one aligned line per finding, a count per rule, one summary sentence:

    corpus/marketing/launch.md  (team: marketing, channel: website)
      12:5  error    Use 'Revenue Workspace' instead of 'revenue hub'.  TM001

      1  TM001  non-canonical-term

    1 problem (1 error) in 1 of 3 files · 1 fixable with --fix

With `width` (the CLI passes the terminal's), a long message wraps between words,
its next lines indented under the message's first; without it lines are never
wrapped, so a pipe or a file gets one line per finding.

Colours are plain ANSI codes and only when `color=True`: whether the terminal
wants them (and NO_COLOR) is the CLI's decision, never the formatter's. They
are the only escape sequences in the output: asset text (paths, team and
channel names, messages quoting the asset) shows its control, bidi and
invisible characters as visible escapes (`_common.shown`).
"""

from __future__ import annotations

import textwrap

from msgalign.formatters._common import RuleTable, asset_meta, group_by_path, ordered, place, shown, summary_sentence
from msgalign.text.safe import printable
from msgalign.types import Finding, Report, Severity

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
DIM = "\x1b[2m"
SEVERITY_STYLE: dict[Severity, str] = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[33m",
    Severity.INFO: "\x1b[36m",
}
CLEAN_STYLE = "\x1b[1;32m"

SEVERITY_WIDTH = max(len(sev.label) for sev in Severity)
# A finding that applies to the whole file (or corpus) has no place to show.
NO_PLACE = "-"


class _Paint:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        return f"{style}{text}{RESET}" if self.color and text else text


def _header(report: Report, path: str, findings: list[Finding], paint: _Paint) -> str:
    team, channel = asset_meta(report, path, findings)
    meta = [f"team: {printable(team)}"] if team else []
    if channel:
        meta.append(f"channel: {printable(channel)}")
    line = paint(printable(path), BOLD)
    if meta:
        line += "  " + paint(f"({', '.join(meta)})", DIM)
    return line


def _finding_lines(findings: list[Finding], paint: _Paint, width: int | None = None) -> list[str]:
    rows = [(shown(place(f)) or NO_PLACE, f.severity, shown(f.message), shown(f.rule)) for f in findings]
    # Place and severity are aligned; messages are not padded, so a long one
    # never pushes every rule code in the file past the terminal's edge.
    place_width = max(len(r[0]) for r in rows)
    indent = 2 + place_width + 2 + SEVERITY_WIDTH + 2
    lines = []
    for where, severity, message, code in rows:
        label = paint(severity.label, SEVERITY_STYLE[severity])
        head = f"  {where.ljust(place_width)}  {label}{' ' * (SEVERITY_WIDTH - len(severity.label))}  "
        body = _wrapped(message, code, indent, width)
        lines.append((head + body[0][0]).rstrip() + (f"  {paint(code, DIM)}" if body[0][1] else ""))
        for text, with_code in body[1:]:
            lines.append(" " * _hanging(indent, width) + text + (f"  {paint(code, DIM)}" if with_code else ""))
    return lines


def _hanging(indent: int, width: int | None) -> int:
    """The indent of a wrapped message's next lines: under its first, unless that leaves too little room."""
    return indent if width is None or width - indent >= 30 else 4


def _wrapped(message: str, code: str, indent: int, width: int | None) -> list[tuple[str, bool]]:
    """The message's lines, each with whether the rule code follows it (it follows the last that has room).

    When the place column leaves less than 30 characters, the message starts on the next
    line (the first entry is then empty)."""
    if width is None or indent + len(message) + 2 + len(code) <= width:
        return [(message, True)]
    hanging = _hanging(indent, width)
    room = max(width - hanging, 20)
    lines = textwrap.wrap(message, room, break_long_words=False, break_on_hyphens=False) or [""]
    if hanging != indent:
        lines = ["", *lines]
    out = [(line, False) for line in lines]
    if len(lines[-1]) + 2 + len(code) <= room and lines[-1]:
        out[-1] = (lines[-1], True)
        return out
    return [*out, (code, False)]


def _rule_counts(findings: list[Finding], paint: _Paint) -> list[str]:
    """'  3  TM001  non-canonical-term' per rule, most findings first."""
    counts: dict[str, tuple[int, str]] = {}
    for f in findings:
        n, _ = counts.get(f.rule, (0, f.name))
        counts[f.rule] = (n + 1, f.name)
    ranked = sorted(counts.items(), key=lambda item: (-item[1][0], item[0]))
    digits = len(str(ranked[0][1][0]))
    code_width = max(len(shown(code)) for code, _ in ranked)
    return [f"  {n:>{digits}}  {paint(shown(code).ljust(code_width), DIM)}  {shown(name)}"
            for code, (n, name) in ranked]


def _summary_style(report: Report) -> str:
    worst = report.max_severity()
    return CLEAN_STYLE if worst is None else SEVERITY_STYLE[worst]


def render(report: Report, *, rules: RuleTable | None = None, color: bool = False, width: int | None = None) -> str:
    """The report for people; `width` wraps long messages (None: never); `rules` is unused."""
    paint = _Paint(color)
    blocks: list[str] = []
    findings = ordered(report)
    for path, group in group_by_path(findings):
        blocks.append("\n".join([_header(report, path, group, paint), *_finding_lines(group, paint, width)]))
    if findings:
        blocks.append("\n".join(_rule_counts(findings, paint)))
    blocks.append(paint(summary_sentence(report), _summary_style(report)))
    return "\n\n".join(blocks) + "\n"
