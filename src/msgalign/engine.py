"""The one library entry point behind `msgalign check` and `msgalign report`.

files → read (IN001 on failure) → team and channel → per-asset rules →
corpus rules → suppression → Report. The CLI only parses flags and renders.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from msgalign import __version__
from msgalign.analysis.context import Context
from msgalign.errors import ReadError, UsageError
from msgalign.glossary.load import Glossary, load_glossary
from msgalign.ingest import SUPPORTED_SUFFIXES, Limits, read_document
from msgalign.rules import all_rules, select
from msgalign.rules.base import Rule
from msgalign.rules.inputs import UnreadableInput
from msgalign.suppress import Suppressions
from msgalign.types import AssetSummary, Document, Finding, Report
from msgalign.workspace.config import FORMAT_CHANNELS, Config

Progress = Callable[[int, int, str], None]


def display_path(path: Path, cwd: Path | None = None) -> str:
    """POSIX, relative to the working directory when under it."""
    cwd = (cwd or Path.cwd()).resolve()
    resolved = path.resolve()
    try:
        return resolved.relative_to(cwd).as_posix()
    except ValueError:
        return resolved.as_posix()


def collect_files(paths: Iterable[Path], config: Config) -> list[Path]:
    """Supported files under the given paths, sorted; hidden folders and excludes skipped."""
    found: set[Path] = set()
    for root in paths:
        if not root.exists():
            raise UsageError(f"no such file or folder: {root}")
        if root.is_file():
            found.add(root)
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in filenames:
                p = Path(dirpath) / name
                if p.suffix.lower() in SUPPORTED_SUFFIXES and not name.startswith("."):
                    found.add(p)
    files = sorted(found, key=lambda p: display_path(p))
    return [f for f in files if not _excluded(f, config)]


def _rel(path: Path, config: Config) -> str:
    try:
        return path.resolve().relative_to(config.root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _excluded(path: Path, config: Config) -> bool:
    rel = _rel(path, config)
    return any(fnmatch.fnmatchcase(rel, pattern) for pattern in config.exclude)


def resolve_team(doc: Document, config: Config) -> str:
    fm = doc.front_matter.get("team")
    if isinstance(fm, str) and fm.strip():
        return fm.strip().lower()
    rel = _rel(doc.path, config)
    for team, globs in config.teams.items():
        if any(fnmatch.fnmatchcase(rel, g) for g in globs):
            return team
    for corpus in config.corpus:
        try:
            parts = doc.path.resolve().relative_to(corpus.resolve()).parts
        except ValueError:
            continue
        if len(parts) > 1:
            return parts[0].lower()
    return "other"


def resolve_channel(doc: Document, config: Config) -> str:
    fm = doc.front_matter.get("channel")
    if isinstance(fm, str) and fm.strip():
        return fm.strip().lower()
    rel = _rel(doc.path, config)
    for channel, target in config.channels.items():
        if any(fnmatch.fnmatchcase(rel, g) for g in target.globs):
            return channel
    suffix = doc.path.suffix.lower()
    if suffix in FORMAT_CHANNELS:
        return FORMAT_CHANNELS[suffix]
    name = rel.lower()
    for hint, channel in (("playbook", "playbook"), ("e-mail", "email"), ("email", "email"),
                          ("deck", "deck"), ("pitch", "deck"), ("talk-track", "deck")):
        if hint in name:
            return channel
    if doc.format == "text" and doc.blocks and doc.blocks[0].text.lower().startswith("subject:"):
        return "email"
    return "other"


@dataclass(frozen=True)
class _ReadJob:
    path: Path
    shown: str
    limits: Limits


def _read(job: _ReadJob) -> Document | Finding:
    try:
        return read_document(job.path, job.shown, job.limits)
    except ReadError as exc:
        return UnreadableInput.for_file(job.shown, exc.reason)
    except MemoryError:
        return UnreadableInput.for_file(job.shown, "the file needs more memory than is safe to use")
    except Exception as exc:  # noqa: BLE001 - a reader bug must not cost the other files
        return UnreadableInput.for_file(job.shown, f"unexpected problem while reading ({type(exc).__name__}: {exc})")


def read_assets(files: Sequence[Path], config: Config, *, jobs: int = 1,
                progress: Progress | None = None) -> tuple[list[Document], list[Finding]]:
    limits = Limits(max_text_bytes=config.max_file_size)
    read_jobs = [_ReadJob(f, display_path(f), limits) for f in files]
    if jobs > 1 and len(read_jobs) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(_read, read_jobs, chunksize=max(1, len(read_jobs) // (jobs * 4))))
    else:
        results = []
        for i, job in enumerate(read_jobs):
            results.append(_read(job))
            if progress:
                progress(i + 1, len(read_jobs), job.shown)
    docs: list[Document] = []
    problems: list[Finding] = []
    for result in results:
        if isinstance(result, Finding):
            problems.append(result)
        else:
            result = _with_reading_order(result)
            with_team = result.with_meta(team=resolve_team(result, config))
            docs.append(with_team.with_meta(channel=resolve_channel(with_team, config)))
    return docs, problems


def _with_reading_order(doc: Document) -> Document:
    blocks = tuple(replace(b, location=replace(b.location, order=i)) for i, b in enumerate(doc.blocks))
    return doc.with_meta(blocks=blocks)


def active_rules(config: Config, select_: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[Rule]:
    table = all_rules()
    codes = select(table, select_ or config.select, tuple(ignore) + tuple(config.ignore))
    return [table[c]() for c in codes]


def load_workspace_glossary(config: Config) -> Glossary:
    paths = [p for p in config.glossary if p.exists() or p != config.root / "glossary"]
    return load_glossary(paths, display=display_path)


def check(
    paths: Sequence[Path],
    config: Config,
    *,
    select_: Sequence[str] = (),
    ignore: Sequence[str] = (),
    jobs: int | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> tuple[Report, list[Document]]:
    """Lint assets; return the report and the documents read (for --fix and report)."""
    glossary = load_workspace_glossary(config)
    ctx = Context(config, glossary, use_cache=use_cache)
    rules = active_rules(config, select_, ignore)
    files = collect_files(paths or config.corpus, config)
    docs, findings = read_assets(files, config, jobs=jobs or config.jobs, progress=progress)
    ctx.docs = docs
    ctx.active = frozenset(r.code for r in rules)
    if not any(r.code == UnreadableInput.code for r in rules):
        findings = []
    for rule in rules:
        for doc in docs:
            findings.extend(rule.check_asset(doc, ctx))
    for rule in rules:
        findings.extend(rule.check_corpus(docs, ctx))
    findings = _apply_suppressions(findings, docs, config)
    summaries = [summarize(doc, ctx) for doc in docs]
    return Report.build(findings, summaries, __version__), docs


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


def summarize(doc: Document, ctx: Context) -> AssetSummary:
    """Per-asset figures for the JSON `assets[]`; scores come from the rules that computed them."""
    scores = ctx.scores(doc.display_path)
    return AssetSummary(
        path=doc.display_path,
        team=doc.team,
        channel=doc.channel,
        blocks=len(doc.blocks),
        sentences=scores.get("sentences", _count_sentences(doc)),
        alignment=scores.get("alignment"),
        pillars=tuple(sorted(scores.get("pillars", {}).items())),
        tone=tuple(scores.get("tone", {}).items()),
    )


def _count_sentences(doc: Document) -> int:
    from msgalign.text.sentences import split_sentences

    return sum(len(split_sentences(b.text)) for b in doc.blocks)
