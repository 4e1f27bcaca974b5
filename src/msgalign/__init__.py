"""msgalign: an offline messaging-alignment linter for go-to-market teams.

The public API is the plain functions every command calls (`msgalign.api`)
and the values they return::

    import msgalign

    config = msgalign.load_config()
    result = msgalign.check([], config)          # the configured corpus
    for finding in result.report.findings:
        print(finding.rule, finding.path, finding.message)
"""

from msgalign._version import __version__
from msgalign.api import (
    CheckResult,
    ClassifiedSentence,
    brief_json,
    build_brief,
    check,
    classify_lines,
    classify_paths,
    explain_rule,
    import_glossary,
    init_workspace,
    list_rules,
    load_config,
    render_brief,
    render_report,
    suggest_glossary,
    write_brief,
)
from msgalign.errors import MsgalignError
from msgalign.types import AssetSummary, Block, Document, Evidence, Finding, Location, Report, Severity

__all__ = [
    "AssetSummary", "Block", "CheckResult", "ClassifiedSentence", "Document", "Evidence", "Finding", "Location",
    "MsgalignError", "Report", "Severity", "__version__", "brief_json", "build_brief", "check", "classify_lines",
    "classify_paths", "explain_rule", "import_glossary", "init_workspace", "load_config", "render_brief",
    "render_report", "list_rules", "suggest_glossary", "write_brief",
]
