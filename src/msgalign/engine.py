"""The check pipeline behind `msgalign check` and `msgalign report`.

workspace (files, glossary) → read (IN001 on failure) → team and channel →
Analysis → per-asset rules → corpus rules → suppression → Report. The CLI
and the api only parse flags and render.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from msgalign._version import __version__
from msgalign.analysis.run import Analysis
from msgalign.errors import ConfigError, NarrativeError, UsageError
from msgalign.glossary.types import Glossary
from msgalign.ingest.batch import read_files
from msgalign.ingest.limits import SUPPORTED_SUFFIXES, Limits
from msgalign.rules import (
    GLOSSARY_RULES,
    all_rules,
    check_selectors,
    default_codes,
    keep_finding,
    select,
    split_selectors,
    validate_settings,
)
from msgalign.rules.base import Rule
from msgalign.rules.inputs import UnreadableInput
from msgalign.rules.narrative import OffNarrative
from msgalign.suppress import Suppressions
from msgalign.types import AssetSummary, Document, Finding, Notice, Progress, Report, ignore_notice
from msgalign.workspace.config import Config, max_jobs
from msgalign.workspace.discovery import (
    collect_files,
    place,
    unknown_teams,
    unused_settings,
    workspace_glossary,
)
from msgalign.workspace.paths import display_path


def read_assets(files: Sequence[Path], config: Config, *, jobs: int = 1, progress: Progress | None = None,
                notice: Notice = ignore_notice) -> tuple[list[Document], list[Finding]]:
    """Read the files, place each asset (team, channel); a file that cannot be read is an IN001.

    `notice` hears what a reader warned about (front matter that is not valid YAML, a tag never closed).
    """
    limits = Limits(max_text_bytes=config.max_file_size)
    docs, failures = read_files([(f, display_path(f)) for f in files], limits, jobs=min(jobs, max_jobs()),
                                progress=progress)
    for doc in docs:
        for warning in doc.warnings:
            notice(warning)
    problems = [UnreadableInput.for_file(f.display_path, f.reason) for f in failures]
    return [place(doc, config) for doc in docs], problems


@dataclass(frozen=True)
class StdinAsset:
    """`msgalign check -`: the bytes read from stdin, checked as if they were the file at `path`.

    `path` (from `--stdin-filename`) picks the format, the team and the channel, as
    it would for a file there in the workspace; nothing is read from or written to it.
    """

    data: bytes
    path: Path
    display: str


def read_stdin(asset: StdinAsset, config: Config,
               notice: Notice = ignore_notice) -> tuple[list[Document], list[Finding]]:
    """Read stdin's bytes with the reader of `asset.path`'s format; the document is placed at that path.

    The bytes go to a private temporary file with the same suffix, so every format (a deck
    piped in included) is read by the same reader, with the same limits, as a file on disk.
    """
    limits = Limits(max_text_bytes=config.max_file_size)
    with tempfile.TemporaryDirectory(prefix="msgalign-stdin-") as folder:
        temp = Path(folder) / f"stdin{asset.path.suffix.lower()}"
        temp.write_bytes(asset.data)
        docs, failures = read_files([(temp, asset.display)], limits)
    for doc in docs:
        for warning in doc.warnings:
            notice(warning)
    problems = [UnreadableInput.for_file(asset.display, f.reason) for f in failures]
    return [place(doc.with_meta(path=asset.path, stamp=None), config) for doc in docs], problems


def _unread_notice(problems: Sequence[Finding], shown: int = 5) -> str:
    names = ", ".join(f"{p.path} ({p.message.removeprefix('Cannot read this file: ')})" for p in problems[:shown])
    more = f" and {len(problems) - shown} more" if len(problems) > shown else ""
    count = f"{len(problems)} file{'s' if len(problems) != 1 else ''}"
    return (f"{count} could not be read and {'were' if len(problems) != 1 else 'was'} not checked: {names}{more}. "
            f"{UnreadableInput.code} is not selected, so this does not fail the run.")


def require_files(files: list[Path], tops: Sequence[Path]) -> list[Path]:
    """The files found, or a usage error when folders hold none: an empty corpus is not a clean one.

    A file named on the command line and skipped (a FIFO) has had its notice; that is no error."""
    if files or not all(os.path.isdir(t) for t in tops):
        return files
    where = ", ".join(display_path(Path(t)) for t in tops) or "the corpus"
    kinds = ", ".join(SUPPORTED_SUFFIXES)
    raise UsageError(f"found no asset to check in {where}: msgalign reads {kinds} files. Add assets there, "
                     "or name the files or folders to check (msgalign check PATH...).")


def active_rules(config: Config, select_: Sequence[str] = (), ignore: Sequence[str] = (),
                 glossary: Glossary | None = None) -> list[Rule]:
    """The rules to run. Imported rule names ('Microsoft.Terms', 'Microsoft') in --select run the
    glossary rules; `name_filter` then keeps only the findings they name."""
    table = all_rules()
    names = glossary.rule_names() if glossary is not None else ()
    check_selectors(select_, table, "--select", names=names)
    check_selectors(ignore, table, "--ignore", names=names)
    where = str(config.source) if config.source else None
    check_selectors(config.select, table, "'select'", ConfigError, where, names=names)
    check_selectors(config.ignore, table, "'ignore'", ConfigError, where, names=names)
    select_codes, select_names = split_selectors(select_ or config.select, table)
    ignore_codes, _ = split_selectors(tuple(ignore) + tuple(config.ignore), table)
    chosen = list(select_codes) + (list(GLOSSARY_RULES) if select_names else [])
    codes = select(table, chosen, ignore_codes, default_codes(table))
    return [table[c]() for c in codes]


def name_filter(findings: list[Finding], config: Config, select_: Sequence[str] = (),
                ignore: Sequence[str] = ()) -> list[Finding]:
    """Keep the findings --select / --ignore name by imported rule (see `rules.keep_finding`)."""
    table = all_rules()
    select_codes, select_names = split_selectors(select_ or config.select, table)
    _, ignore_names = split_selectors(tuple(ignore) + tuple(config.ignore), table)
    if not select_names and not ignore_names:
        return findings
    return [f for f in findings if keep_finding(f, select_names, select_codes, ignore_names)]


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
    stdin: StdinAsset | None = None,
) -> tuple[Report, list[Document]]:
    """Lint assets; return the report and the documents read (for --fix and report).

    `notice` hears about files skipped on purpose (see `msgalign.types.Notice`).
    With `stdin`, only that text is checked (`paths` must be empty).
    """
    config = validate_settings(config)
    glossary = workspace_glossary(config)
    for warning in glossary.warnings:
        notice(warning)
    rules = active_rules(config, select_, ignore, glossary)
    if stdin is not None:
        docs, findings = read_stdin(stdin, config, notice)
    else:
        if not paths and config.source is None and not any(c.exists() for c in config.corpus):
            raise UsageError("there is no msgalign.toml in this folder or above it, and no corpus/ folder to "
                             "check: run `msgalign init` to start a workspace here, or name the files to check "
                             "(msgalign check FILE...).")
        files = require_files(collect_files(paths or config.corpus, config, notice), paths or config.corpus)
        docs, findings = read_assets(files, config, jobs=jobs or config.jobs, progress=progress, notice=notice)
        if not paths or tuple(paths) == tuple(config.corpus):  # the whole corpus: a pattern matching none is news
            for note in unused_settings(files, docs, config) + unknown_teams(glossary, docs, config):
                notice(note)
    codes = frozenset(r.code for r in rules)
    analysis = Analysis(config, glossary, docs, active=codes, use_cache=use_cache, progress=progress)
    if UnreadableInput.code not in codes:
        if findings:  # never lost: the files that could not be read are still named, once, on stderr
            notice(_unread_notice(findings))
        findings = []
    skipped: list[str] = []
    for stage in ("asset", "corpus"):
        for rule in rules:
            if rule.code in skipped:
                continue
            try:
                findings.extend(list(rule.check_corpus(docs, analysis)) if stage == "corpus"
                                else [f for doc in docs for f in rule.check_asset(doc, analysis)])
            except NarrativeError:
                if config.narrative is not None:
                    raise  # a narrative that is there but broken is the user's to mend: file and line
                skipped.append(rule.code)
    narrative = vars(analysis).get("narrative")  # read only when a rule needed it (a cached property)
    for warning in narrative.warnings if narrative is not None else ():
        notice(warning)
    if skipped:
        notice(f"there is no narrative.md (or 'narrative' in msgalign.toml), so {', '.join(skipped)} did not run; "
               "the other rules did. Add a narrative to check assets against it (`msgalign init` writes a sample).")
    findings = name_filter(findings, config, select_, ignore)
    findings = _apply_suppressions(findings, docs, config)
    return Report.build(findings, [_summary(doc, analysis) for doc in docs], __version__), docs


def _summary(doc: Document, analysis: Analysis) -> AssetSummary:
    """Per-asset figures for the JSON `assets[]`: alignment and pillars when NA001 ran, tone when an AC rule did."""
    narrative = analysis.has_narrative and (OffNarrative.code in analysis.active or "NA002" in analysis.active)
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
