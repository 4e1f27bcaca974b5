"""`--format rdjsonl`: reviewdog's Diagnostic Format, one JSON object per line.

Findings without a line (slides, pages, DOCX paragraphs, corpus-wide) point at
line 1 and name their block in the message; they get no suggestion, because
reviewdog would apply it to the wrong text.

Columns are in reviewdog's unit, UTF-8 bytes from 1 (its Position schema: in
'a𐐀b' the b is column 6), taken from the text where the finding was made
(`Location.byte_columns`); a location made without the text keeps code points,
which agree on lines that are ASCII up to the column.
"""

from __future__ import annotations

from dataclasses import replace

from msgalign.formatters._common import RuleTable, Span, message_with_place, ordered, text_span
from msgalign.formatters.json import dumps
from msgalign.types import Finding, Report, Severity

SEVERITIES: dict[Severity, str] = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


def _position(line: int, column: int | None) -> dict[str, int]:
    return {"line": line} if column is None else {"line": line, "column": column}


def _range(span: Span | None) -> dict[str, object]:
    if span is None:
        return {"start": {"line": 1}}
    out: dict[str, object] = {"start": _position(span.start_line, span.start_column)}
    if span.end_line is not None:
        out["end"] = _position(span.end_line, span.end_column)
    return out


def byte_span(finding: Finding) -> Span | None:
    """The finding's span with its columns in UTF-8 bytes, where the location knows them."""
    span = text_span(finding)
    columns = finding.location.byte_columns
    if span is None or columns is None:
        return span
    start, end = columns
    return replace(span, start_column=start if span.start_column is not None else None,
                   end_column=end if span.end_column is not None else None)


def diagnostic(finding: Finding) -> dict[str, object]:
    span = byte_span(finding)
    out: dict[str, object] = {
        "message": message_with_place(finding),
        "location": {"path": finding.path, "range": _range(span)},
        "severity": SEVERITIES[finding.severity],
        "source": {"name": "msgalign"},
        "code": {"value": finding.rule},
    }
    # A suggestion replaces an exact range; without a full span there is none.
    if (
        finding.suggestion is not None
        and span is not None
        and span.start_column is not None
        and span.end_column is not None
    ):
        out["suggestions"] = [{"range": _range(span), "text": finding.suggestion}]
    return out


def render(report: Report, *, rules: RuleTable | None = None, color: bool = False) -> str:
    """One diagnostic per line (nothing at all for a clean report)."""
    return "".join(dumps(diagnostic(f), indent=None) + "\n" for f in ordered(report))
