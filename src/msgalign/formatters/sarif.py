"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Code scanning needs a region with a startLine on every result. Slides, pages,
DOCX paragraphs and corpus-wide findings have no line, so they point at line 1
and say where they really are in the message ("... (slide 4 / Title 1)").
Columns count Unicode code points, as msgalign's locations do (`columnKind`).
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from msgalign.formatters._common import (
    FAMILIES,
    RuleTable,
    files_checked,
    message_with_place,
    ordered,
    resolve_rules,
    text_span,
)
from msgalign.formatters.json import dumps
from msgalign.text.safe import raw_path_bytes, utf8
from msgalign.types import Finding, Report, Severity

if TYPE_CHECKING:
    from msgalign.rules.base import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://github.com/msgalign/msgalign"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "msgalignFindingHash/v1"

LEVELS: dict[Severity, str] = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

_WINDOWS_DRIVE = re.compile(rb"^[A-Za-z]:/")
_ESCAPED_BYTE = re.compile(r"\\x[89a-f][0-9a-f]")


def artifact_location(path: str) -> dict[str, str]:
    """A relative path becomes a URI under %SRCROOT%; an absolute one a file: URI.

    The URI percent-encodes the file name's real bytes: a name that is not
    UTF-8 (shown as 'caf\\xe9.md') becomes 'caf%E9.md'.
    """
    if path.count("\\") == len(_ESCAPED_BYTE.findall(path)):  # only display_path's byte escapes
        posix = raw_path_bytes(path)
    else:  # a Windows path: backslashes are separators
        posix = utf8(path.replace("\\", "/"))
    if _WINDOWS_DRIVE.match(posix):
        return {"uri": "file:///" + quote(posix, safe="/:")}
    if posix.startswith(b"/"):
        return {"uri": "file://" + quote(posix, safe="/")}
    return {"uri": quote(posix, safe="/"), "uriBaseId": SRCROOT}


def _help(rule: type[Rule]) -> tuple[str, str]:
    doc = rule.doc
    text = f"{doc.why}\n\nFlagged: {doc.flagged}\nPreferred: {doc.preferred}"
    markdown = f"{doc.why}\n\n**Flagged:** {doc.flagged}\n\n**Preferred:** {doc.preferred}"
    settings = [(f"thresholds.{s.key} (default {s.default})", s.meaning) for s in getattr(rule, "settings", ())]
    settings += list(doc.reads)
    if settings:
        text += "\n\nSettings:\n" + "\n".join(f"- {name}: {what}" for name, what in settings)
        markdown += "\n\n**Settings:**\n\n" + "\n".join(f"- `{name}`: {what}" for name, what in settings)
    return text, markdown


def _tags(code: str, fixable: bool) -> list[str]:
    tags = [FAMILIES.get(code[:2], code[:2].lower())]
    if fixable:
        tags.append("fixable")
    return tags


def reporting_descriptor(code: str, rules: RuleTable, findings: list[Finding]) -> dict[str, object]:
    """One `rules[]` entry, from the rule's docs; a code missing from the table
    (a plugin, a test) still gets a valid entry built from its findings."""
    rule = rules.get(code)
    if rule is None:
        sample = next(f for f in findings if f.rule == code)
        return {
            "id": code,
            "name": sample.name,
            "shortDescription": {"text": sample.name},
            "defaultConfiguration": {"level": LEVELS[sample.severity]},
            "properties": {"tags": _tags(code, False)},
        }
    help_text, help_markdown = _help(rule)
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.doc.summary},
        "fullDescription": {"text": rule.doc.why},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": _tags(code, bool(getattr(rule, "fixable", False)))},
    }


def region(finding: Finding) -> dict[str, int]:
    span = text_span(finding)
    if span is None:
        return {"startLine": 1}
    out = {"startLine": span.start_line}
    if span.start_column is not None:
        out["startColumn"] = span.start_column
    if span.end_line is not None:
        out["endLine"] = span.end_line
    if span.end_column is not None:
        out["endColumn"] = span.end_column
    return out


def finding_hash(finding: Finding) -> str:
    """Rule, path, excerpt and message: not the line, so edits above keep the hash."""
    key = "\0".join((finding.rule, finding.path, finding.excerpt or "", finding.message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def fingerprints(findings: list[Finding]) -> list[str]:
    """A hash per finding, with ':n' counting repeats in the file (like GitHub's
    primaryLocationLineHash), so the same phrase twice is two alerts, not one."""
    seen: dict[str, int] = {}
    out = []
    for finding in findings:
        digest = finding_hash(finding)
        seen[digest] = seen.get(digest, 0) + 1
        out.append(f"{digest}:{seen[digest]}")
    return out


def _properties(finding: Finding) -> dict[str, object]:
    props: dict[str, object] = {}
    if finding.team:
        props["team"] = finding.team
    if finding.excerpt is not None:
        props["excerpt"] = finding.excerpt
    if finding.suggestion is not None:
        props["suggestion"] = finding.suggestion
    if finding.score is not None:
        props["score"] = round(finding.score, 4)
    if finding.evidence is not None:
        props["evidence"] = finding.evidence.to_dict()
    where = finding.location.describe()
    if finding.location.line is None and where:
        props["block"] = where
    return props


def to_log(report: Report, rules: RuleTable) -> dict[str, object]:
    """The SARIF log as a dict."""
    findings = ordered(report)
    codes = sorted({f.rule for f in findings})
    index = {code: i for i, code in enumerate(codes)}
    artifacts = sorted(files_checked(report))
    artifact_index = {path: i for i, path in enumerate(artifacts)}
    results = []
    for finding, fingerprint in zip(findings, fingerprints(findings), strict=True):
        result: dict[str, object] = {
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": LEVELS[finding.severity],
            "message": {"text": message_with_place(finding)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {**artifact_location(finding.path), "index": artifact_index[finding.path]},
                        "region": region(finding),
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        }
        props = _properties(finding)
        if props:
            result["properties"] = props
        results.append(result)
    return {
        "$schema": SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "msgalign",
                        "version": report.tool_version,
                        "informationUri": INFORMATION_URI,
                        "rules": [reporting_descriptor(code, rules, findings) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "artifacts": [{"location": artifact_location(path)} for path in artifacts],
                "results": results,
            }
        ],
    }


def render(report: Report, *, rules: RuleTable | None = None, color: bool = False) -> str:
    """The report as a SARIF 2.1.0 log; rule docs come from `rules` (default: the registry)."""
    table = resolve_rules(rules) if report.findings else {}
    return dumps(to_log(report, table)) + "\n"
