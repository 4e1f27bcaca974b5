"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

    ::error file=a.md,line=12,col=5,endLine=12,endColumn=16,title=TM001 non-canonical-term::Use ...

Escaping follows @actions/core: the message escapes % CR LF; property values
also escape ':' and ','. Before that, asset text loses its control, bidi and
invisible characters to visible escapes (`_common.shown`): nothing can end the
line, so a value can never start a `::` command of its own. A finding without
a line annotates the whole file and names its slide, page or block in the message.
A span over several lines has no `col` or `endColumn` (GitHub takes columns only
on one line). `paths` maps report paths to paths from the repository root, which
is what GitHub attaches annotations to.
"""

from __future__ import annotations

from collections.abc import Mapping

from msgalign.formatters._common import RuleTable, message_with_place, ordered, shown, text_span
from msgalign.text.safe import printable
from msgalign.types import Finding, Report, Severity

COMMANDS: dict[Severity, str] = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, paths: Mapping[str, str] | None = None) -> str:
    props: list[tuple[str, object]] = []
    if finding.path:
        props.append(("file", printable((paths or {}).get(finding.path, finding.path))))
    span = text_span(finding)
    if span is not None:
        one_line = span.end_line is None or span.end_line == span.start_line
        props.append(("line", span.start_line))
        if span.start_column is not None and one_line:
            props.append(("col", span.start_column))
        if span.end_line is not None:
            props.append(("endLine", span.end_line))
        if span.end_column is not None and one_line:
            props.append(("endColumn", span.end_column))
    props.append(("title", shown(f"{finding.rule} {finding.name}")))
    rendered = ",".join(f"{key}={escape_property(str(value))}" for key, value in props)
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(shown(message_with_place(finding)))}"


def render(report: Report, *, rules: RuleTable | None = None, color: bool = False,
           paths: Mapping[str, str] | None = None) -> str:
    """One workflow command per line (nothing at all for a clean report)."""
    return "".join(annotation(f, paths) + "\n" for f in ordered(report))
