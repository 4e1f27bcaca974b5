"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Every result carries a full region (start and end line and column). Slides,
pages, DOCX paragraphs and corpus-wide findings have no line of text, so their
region is the first character of the file (1:1 to 1:2); where they really are
("slide 4 / Title 1") is in the message and in the result's `logicalLocations`.
Columns count Unicode code points, as msgalign's locations do (`columnKind`).

Artifact URIs are relative to `%SRCROOT%` (the repository root): `paths` maps a
report path to its path from that root (the CLI's `--repo-root`, by default the
git root); an absolute path becomes a `file:` URI.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
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
    """A full region: start and end line and column (the end column exclusive, as SARIF's)."""
    span = text_span(finding)
    if span is None:
        return {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 2}
    start_column = span.start_column or 1
    end_line = span.end_line if span.end_line is not None and span.end_line >= span.start_line else span.start_line
    end_column = span.end_column
    if end_column is None:
        end_column = start_column + 1 if end_line == span.start_line else 1
    if end_line == span.start_line and end_column < start_column:
        end_column = start_column
    return {"startLine": span.start_line, "startColumn": start_column, "endLine": end_line, "endColumn": end_column}


def logical_locations(finding: Finding) -> list[dict[str, object]]:
    """Where a finding without a line is: its slide, page or paragraph, as a SARIF logical location."""
    loc = finding.location
    where = loc.describe()
    if loc.line is not None or not where:
        return []
    part = "slide" if loc.slide is not None else "page" if loc.page is not None else "paragraph"
    props: dict[str, object] = {"part": part}
    number = loc.slide if loc.slide is not None else loc.page
    if number is not None:
        props["number"] = number
    out: dict[str, object] = {"name": where, "fullyQualifiedName": f"{finding.path} > {where}", "kind": "element",
                              "properties": props}
    return [out]


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


def to_log(report: Report, rules: RuleTable, paths: Mapping[str, str] | None = None) -> dict[str, object]:
    """The SARIF log as a dict; `paths` maps report paths to paths from the repository root."""
    where = dict(paths or {})

    def located(path: str) -> dict[str, str]:
        return artifact_location(where.get(path, path))

    findings = ordered(report)
    codes = sorted({f.rule for f in findings})
    index = {code: i for i, code in enumerate(codes)}
    artifacts = sorted(files_checked(report))
    artifact_index = {path: i for i, path in enumerate(artifacts)}
    results = []
    for finding, fingerprint in zip(findings, fingerprints(findings), strict=True):
        location: dict[str, object] = {
            "physicalLocation": {
                "artifactLocation": {**located(finding.path), "index": artifact_index[finding.path]},
                "region": region(finding),
            }
        }
        logical = logical_locations(finding)
        if logical:
            location["logicalLocations"] = logical
        result: dict[str, object] = {
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": LEVELS[finding.severity],
            "message": {"text": message_with_place(finding)},
            "locations": [location],
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
                "artifacts": [{"location": located(path)} for path in artifacts],
                "results": results,
            }
        ],
    }


def render(report: Report, *, rules: RuleTable | None = None, color: bool = False,
           paths: Mapping[str, str] | None = None) -> str:
    """The report as a SARIF 2.1.0 log; rule docs come from `rules` (default: the registry),
    artifact paths from `paths` (report path → path from the repository root; default: as reported)."""
    table = resolve_rules(rules) if report.findings else {}
    return dumps(to_log(report, table, paths)) + "\n"
