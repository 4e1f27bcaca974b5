"""The check pipeline behind `msgalign check` and `msgalign report`.

workspace (files, glossary) → read (IN001 on failure) → team and channel →
Analysis → per-asset rules → corpus rules → suppression → Report. The CLI
and the api only parse flags and render.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from msgalign._version import __version__
from msgalign.analysis.run import Analysis
from msgalign.errors import ConfigError, UsageError
from msgalign.ingest.batch import read_files
from msgalign.ingest.limits import Limits
from msgalign.rules import all_rules, check_selectors, default_codes, select, validate_settings
from msgalign.rules.base import Rule
from msgalign.rules.inputs import UnreadableInput
from msgalign.rules.narrative import OffNarrative
from msgalign.suppress import Suppressions
from msgalign.types import AssetSummary, Document, Finding, Notice, Progress, Report, ignore_notice
from msgalign.workspace.config import Config, max_jobs
from msgalign.workspace.discovery import collect_files, place, workspace_glossary
from msgalign.workspace.paths import display_path


def read_assets(files: Sequence[Path], config: Config, *, jobs: int = 1,
                progress: Progress | None = None) -> tuple[list[Document], list[Finding]]:
    """Read the files, place each asset (team, channel); a file that cannot be read is an IN001."""
    limits = Limits(max_text_bytes=config.max_file_size)
    docs, failures = read_files([(f, display_path(f)) for f in files], limits, jobs=min(jobs, max_jobs()),
                                progress=progress)
    problems = [UnreadableInput.for_file(f.display_path, f.reason) for f in failures]
    return [place(doc, config) for doc in docs], problems


def active_rules(config: Config, select_: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[Rule]:
    table = all_rules()
    check_selectors(select_, table, "--select")
    check_selectors(ignore, table, "--ignore")
    where = str(config.source) if config.source else None
    check_selectors(config.select, table, "'select'", ConfigError, where)
    check_selectors(config.ignore, table, "'ignore'", ConfigError, where)
    codes = select(table, select_ or config.select, tuple(ignore) + tuple(config.ignore), default_codes(table))
    return [table[c]() for c in codes]


def check(
    paths: Sequence[Path],
    config: Config,
    *,
    select_: Sequence[str] = (),
    ignore: Sequence[str] = (),
    jobs: int | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
    notice: Notice = ignore_notice,
) -> tuple[Report, list[Document]]:
    """Lint assets; return the report and the documents read (for --fix and report).

    `notice` hears about files skipped on purpose (see `msgalign.types.Notice`).
    """
    config = validate_settings(config)
    glossary = workspace_glossary(config)
    rules = active_rules(config, select_, ignore)
    if not paths and config.source is None and not any(c.exists() for c in config.corpus):
        raise UsageError("there is no msgalign.toml in this folder or above it, and no corpus/ folder to check: "
                         "run `msgalign init` to start a workspace here, or name the files to check "
                         "(msgalign check FILE...).")
    files = collect_files(paths or config.corpus, config, notice)
    docs, findings = read_assets(files, config, jobs=jobs or config.jobs, progress=progress)
    codes = frozenset(r.code for r in rules)
    analysis = Analysis(config, glossary, docs, active=codes, use_cache=use_cache)
    if UnreadableInput.code not in codes:
        findings = []
    for rule in rules:
        for doc in docs:
            findings.extend(rule.check_asset(doc, analysis))
    for rule in rules:
        findings.extend(rule.check_corpus(docs, analysis))
    findings = _apply_suppressions(findings, docs, config)
    return Report.build(findings, [_summary(doc, analysis) for doc in docs], __version__), docs


def _summary(doc: Document, analysis: Analysis) -> AssetSummary:
    """Per-asset figures for the JSON `assets[]`: alignment and pillars when NA001 ran, tone when an AC rule did."""
    narrative = OffNarrative.code in analysis.active or "NA002" in analysis.active
    return analysis.summary(
        doc,
        alignment_threshold=OffNarrative.setting(analysis) if narrative else None,
        min_words=int(OffNarrative.setting(analysis, "NA001-min-words")),
        tone=any(code.startswith("AC") for code in analysis.active),
    )


def _apply_suppressions(findings: list[Finding], docs: list[Document], config: Config) -> list[Finding]:
    by_path = {doc.display_path: Suppressions(doc) for doc in docs}
    kept = []
    for f in findings:
        sup = by_path.get(f.path)
        if sup is not None and sup.is_suppressed(f):
            continue
        if f.rule in config.severities:
            f = replace(f, severity=config.severities[f.rule])
        kept.append(f)
    return kept
