"""`--format line`: one finding per line, `path:line:col: CODE message`, as compilers and ruff's concise format.

    corpus/sales/a.md:1:10: TM001 Use 'Revenue Workspace' instead of 'revenue hub'.

Editors, `grep` and `vim -q` read it. A finding without a line (a slide, a page,
a DOCX paragraph, the whole corpus) points at 1:1 and names its place in the
message, as the SARIF and rdjsonl formats do. No summary line: every line is a finding.
"""

from __future__ import annotations

from msgalign.formatters._common import RuleTable, message_with_place, ordered, shown
from msgalign.text.safe import printable
from msgalign.types import Finding, Report


def line(finding: Finding) -> str:
    loc = finding.location
    row, col = (loc.line, loc.column or 1) if loc.line is not None else (1, 1)
    return f"{printable(finding.path)}:{row}:{col}: {shown(finding.rule)} {shown(message_with_place(finding))}"


def render(report: Report, *, rules: RuleTable | None = None, color: bool = False) -> str:
    """One line per finding (nothing at all for a clean report); `rules` and `color` do not apply."""
    return "".join(line(f) + "\n" for f in ordered(report))
