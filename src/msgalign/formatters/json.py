"""`--format json`: the SPEC §5 document, the data every other format is a view of."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import PurePath

from msgalign.formatters._common import RuleTable, ordered
from msgalign.text.safe import json_text
from msgalign.types import Report

SCHEMA_VERSION = 1


def to_document(report: Report) -> dict[str, object]:
    """The report as the SPEC §5 JSON object (keys in the documented order)."""
    findings = ordered(report)
    assets = sorted(report.assets, key=lambda a: a.path)
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "msgalign", "version": report.tool_version},
        "findings": [f.to_dict() for f in findings],
        "assets": [a.to_dict() for a in assets],
        "summary": {
            "assets": len(assets),
            "findings": len(findings),
            "by_severity": report.by_severity(),
            "by_rule": report.by_rule(),
        },
    }


def jsonable(value: object) -> object:
    """Evidence is free-form; give the odd value a stable JSON form instead of failing."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if isinstance(value, PurePath):
        return value.as_posix()
    if isinstance(value, Enum):
        return value.name.lower()
    return str(value)


def dumps(document: object, *, indent: int | None = 2) -> str:
    """JSON that is always valid UTF-8 and inert on a terminal: control, bidi and invisible characters
    are `\\uXXXX` escapes (the same text once parsed), a lone surrogate the visible text `\\xNN`."""
    return json_text(json.dumps(document, indent=indent, ensure_ascii=False, sort_keys=False, default=jsonable))


def render(report: Report, *, rules: RuleTable | None = None, color: bool = False) -> str:
    """The report as pretty-printed JSON; `rules` and `color` do not apply."""
    return dumps(to_document(report)) + "\n"
