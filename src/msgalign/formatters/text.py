"""`--format text`: what a product marketer reads in a terminal.

One header per file, one aligned line per finding, one summary sentence:

    corpus/marketing/launch.md  (team: marketing, channel: website)
      12:5  error    Use 'Revenue Workspace' instead of 'revenue hub'.  TM001

    1 problem (1 error) in 1 of 3 files · 1 fixable with --fix

Colours are plain ANSI codes and only when `color=True`: whether the terminal
wants them (and NO_COLOR) is the CLI's decision, never the formatter's. They
are the only escape sequences in the output: asset text (paths, team and
channel names, messages quoting the asset) shows its control, bidi and
invisible characters as visible escapes (`_common.shown`).
"""

from __future__ import annotations

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


def _finding_lines(findings: list[Finding], paint: _Paint) -> list[str]:
    rows = [(shown(place(f)) or NO_PLACE, f.severity, shown(f.message), shown(f.rule)) for f in findings]
    # Place and severity are aligned; messages are not padded, so a long one
    # never pushes every rule code in the file past the terminal's edge.
    place_width = max(len(r[0]) for r in rows)
    lines = []
    for where, severity, message, code in rows:
        label = paint(severity.label, SEVERITY_STYLE[severity])
        lines.append(
            f"  {where.ljust(place_width)}  "
            f"{label}{' ' * (SEVERITY_WIDTH - len(severity.label))}  "
            f"{message}  {paint(code, DIM)}"
        )
    return lines


def _summary_style(report: Report) -> str:
    worst = report.max_severity()
    return CLEAN_STYLE if worst is None else SEVERITY_STYLE[worst]


def render(report: Report, *, rules: RuleTable | None = None, color: bool = False) -> str:
    """The report for people; `rules` is accepted for a uniform signature and unused."""
    paint = _Paint(color)
    blocks: list[str] = []
    for path, findings in group_by_path(ordered(report)):
        blocks.append("\n".join([_header(report, path, findings, paint), *_finding_lines(findings, paint)]))
    blocks.append(paint(summary_sentence(report), _summary_style(report)))
    return "\n\n".join(blocks) + "\n"
