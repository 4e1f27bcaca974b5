"""The plain functions behind every command: no click, no printing, no exit codes.

Each `msgalign` command is a thin wrapper that parses flags, calls one of
these, renders what comes back and picks the exit code (spaCy's
`evaluate_cli` → `evaluate` pattern). Errors are `MsgalignError`s with a
code; a file that cannot be read comes back as an IN001 finding.
Heavy modules are imported inside the functions that need them, so
importing this module stays cheap.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from msgalign.errors import UnknownRuleError, UsageError
from msgalign.glossary.types import Glossary
from msgalign.types import Document, Finding, Location, Notice, Progress, Report, Severity, ignore_notice
from msgalign.workspace.config import Config

if TYPE_CHECKING:
    from msgalign.authoring.importer import ImportResult
    from msgalign.authoring.suggest import Suggestion
    from msgalign.brief import Brief
    from msgalign.engine import StdinAsset
    from msgalign.rules.base import Rule
    from msgalign.workspace.narrative import Narrative

def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """The workspace config (the file named, or the nearest one), with every rule setting checked."""
    from msgalign.rules import validate_settings
    from msgalign.workspace.config import load_config as read_config

    return validate_settings(read_config(path, start))


# --- check -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileFix:
    """The fixes one file would get: its text before and after, and how many terms change."""

    path: str
    before: str
    after: str
    count: int


@dataclass(frozen=True)
class CheckResult:
    report: Report
    fixed_terms: int = 0   # with fix=True: terms rewritten, and in how many files
    fixed_files: int = 0
    # With fix and dry_run (or stdin): the fixes computed in memory, in path order; nothing was written.
    planned: tuple[FileFix, ...] = ()
    # With fix and stdin (not dry_run): the fixed text in the encoding it came in.
    stdin_output: bytes | None = None


def check(paths: Sequence[Path], config: Config, *, select: Sequence[str] = (), ignore: Sequence[str] = (),
          jobs: int | None = None, use_cache: bool = True, progress: Progress | None = None,
          fix: bool = False, dry_run: bool = False, stdin: StdinAsset | None = None,
          notice: Notice = ignore_notice) -> CheckResult:
    """Lint assets (default: the configured corpus). With `fix`, apply the safe terminology
    fixes in place and report what is left after them. `notice` hears about files skipped on purpose.

    With `stdin` (`msgalign check -`), only that text is checked, as if it were the file at
    `stdin.path`. `fix` with `dry_run`, or with `stdin`, writes nothing: the fixes come back in
    `planned` (for `--diff`, or for the fixed text on stdout). With `dry_run` the report is
    what is found now; with `stdin` and not `dry_run`, what is left after the fixes.
    """
    from msgalign.engine import check as run_check

    def run(stdin_asset: StdinAsset | None = stdin, tell: Notice = notice) -> tuple[Report, list[Document]]:
        return run_check(paths, config, select_=select, ignore=ignore, jobs=jobs, use_cache=use_cache,
                         progress=progress, notice=tell, stdin=stdin_asset)

    report, docs = run()
    if not fix:
        return CheckResult(report)
    if dry_run or stdin is not None:
        from msgalign.engine import StdinAsset

        planned = tuple(plan_fixes(docs, report.findings, notice))
        output = None
        if stdin is not None and planned and not dry_run:
            # What is left after the fixes: the fixed text, checked again.
            output = _encoded(planned[0].after, docs[0])
            report, _ = run(StdinAsset(output, stdin.path, stdin.display), ignore_notice)
        return CheckResult(report, sum(p.count for p in planned), len(planned), planned, output)
    from msgalign.glossary.fix import apply_fixes
    from msgalign.ingest.shape import block_shape

    results = apply_fixes(docs, report.findings, notice, shape=block_shape)
    if not results:
        return CheckResult(report)
    # What is left after the fixes: the files changed, so every finding is computed again.
    report, _ = run(None, ignore_notice)
    return CheckResult(report, sum(r.applied for r in results), len(results))


def at_least(report: Report, level: Severity) -> Report:
    """The report with only the findings at or above `level` (`check --severity`); the assets stay."""
    from dataclasses import replace

    return replace(report, findings=tuple(f for f in report.findings if f.severity >= level))


def repository_root(start: Path | None = None) -> Path:
    """The root SARIF and GitHub paths are relative to: the git work tree around `start` (default: the
    working folder; a `.git` folder or file marks it), else `start` itself."""
    import os

    here = Path(os.path.realpath(start or Path.cwd()))
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def repository_paths(report: Report, root: Path, cwd: Path | None = None) -> dict[str, str]:
    """Each report path (relative to `cwd`, or absolute) → its POSIX path from `root`; a file outside
    `root` keeps its absolute path."""
    import os

    from msgalign.formatters._common import files_checked

    base = Path(os.path.realpath(cwd or Path.cwd()))
    top = Path(os.path.realpath(root))
    out = {}
    for path in files_checked(report):
        if not path:
            continue
        absolute = Path(path) if Path(path).is_absolute() else base / path
        try:
            out[path] = absolute.relative_to(top).as_posix()
        except ValueError:
            out[path] = absolute.as_posix()
    return out


def plan_fixes(docs: Sequence[Document], findings: Sequence[Finding],
               notice: Notice = ignore_notice) -> list[FileFix]:
    """The text each file would have after `check --fix`, computed in memory; nothing is written.

    The same replacements `glossary.fix.apply_fixes` chooses, and the same refusal of a
    fix that would change how the file parses (told through `notice`).
    """
    from msgalign.glossary.fix import plan_fixes as plan
    from msgalign.ingest.shape import block_shape

    ordered_docs = sorted(docs, key=lambda d: d.display_path)
    return [FileFix(p.path, p.old_text, p.new_text, len(p.replacements))
            for p in plan(ordered_docs, findings, notice, shape=block_shape) if p.new_text != p.old_text]


def fixes_diff(planned: Sequence[FileFix]) -> str:
    """`check --fix --diff`: a unified diff (a/PATH, b/PATH, as `git apply` and `patch -p1` read it)."""
    out: list[str] = []
    for fix in planned:
        lines = difflib.unified_diff(fix.before.splitlines(keepends=True), fix.after.splitlines(keepends=True),
                                     fromfile=f"a/{fix.path}", tofile=f"b/{fix.path}")
        for line in lines:
            if line.endswith("\n"):
                out.append(line)
            else:  # the last line of a file with no final line break
                out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _encoded(text: str, doc: Document) -> bytes:
    """Fixed stdin text in the encoding it came in (with its byte-order mark)."""
    import codecs

    encoding = doc.encoding or "utf-8"
    try:
        data = text.encode(encoding)
    except (UnicodeError, LookupError):
        return text.encode("utf-8")
    return (codecs.BOM_UTF8 if doc.had_bom and encoding.replace("-", "").lower() == "utf8" else b"") + data


def read_stdin_asset(data: bytes, filename: Path | None) -> StdinAsset:
    """`msgalign check -`: stdin's bytes, checked as the file `filename` (default: Markdown, shown as 'stdin')."""
    from msgalign.engine import StdinAsset
    from msgalign.workspace.paths import display_path

    if filename is None:
        return StdinAsset(data, Path.cwd() / "stdin.md", "stdin")
    path = filename if filename.is_absolute() else Path.cwd() / filename
    return StdinAsset(data, path, display_path(path))


# --- rules -----------------------------------------------------------------------------------------


def list_rules() -> dict[str, type[Rule]]:
    """Every rule, by code."""
    from msgalign.rules import all_rules

    return all_rules()


def explain_rule(code: str) -> str:
    """`msgalign rule CODE`: what the rule flags, why, examples, and the settings it reads."""
    from msgalign.rules.docs import explain

    table = list_rules()
    rule = table.get(code.strip().upper())
    if rule is None:
        close = difflib.get_close_matches(code.strip().upper(), list(table), n=1)
        hint = f" Did you mean {close[0]}?" if close else " See `msgalign rules`."
        raise UnknownRuleError(f"no rule '{code}'.{hint}")
    return explain(rule)


# --- workspace and glossary authoring -----------------------------------------------------------------


def init_workspace(target: Path, *, force: bool = False) -> list[str]:
    """Write a starter workspace; returns the files written."""
    from msgalign.workspace.init import init_workspace as write

    return write(target, force=force)


def import_glossary(files: Sequence[Path]) -> ImportResult:
    """Convert Vale, textlint and prh terminology lists into glossary YAML."""
    from msgalign.authoring.importer import import_glossary as convert

    return convert(list(files))


def glossary_warnings(config: Config) -> tuple[str, ...]:
    """What the workspace glossary left out or merged, and why ("file:line: ..."), for commands that
    load it without `check`'s notices (brief, glossary suggest)."""
    from msgalign.workspace.discovery import workspace_glossary

    return workspace_glossary(config).warnings


def suggest_glossary(paths: Sequence[Path], config: Config, *, use_cache: bool = True, jobs: int | None = None,
                     progress: Progress | None = None, max_terms: int = 40,
                     min_count: int = 2) -> tuple[Suggestion, list[Finding]]:
    """Mine candidate terms and variants from a corpus; unreadable files come back as findings."""
    from msgalign.authoring.suggest import suggest_for_workspace

    return suggest_for_workspace(paths, config, use_cache=use_cache, jobs=jobs, progress=progress,
                                 max_terms=max_terms, min_count=min_count)


# --- classify --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassifiedSentence:
    """One line of `msgalign classify` output (SPEC §5)."""

    path: str
    location: Location
    text: str
    label: str
    confidence: float

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "location": self.location.to_dict(), "text": self.text,
                "label": self.label, "confidence": round(self.confidence, 4)}


def classify_lines(lines: Sequence[str], config: Config, *, use_cache: bool = True,
                   path: str = "-") -> list[ClassifiedSentence]:
    """One sentence per input line (blank lines skipped, line numbers kept)."""
    from msgalign.analysis.run import Analysis
    from msgalign.analysis.tone import classify_texts

    # Labelling needs no glossary: a broken glossary must not stop `classify`.
    analysis = Analysis(config, Glossary(), use_cache=use_cache)
    kept = [(n, line.rstrip("\r\n")) for n, line in enumerate(lines, start=1) if line.strip()]
    texts = [line.strip() for _, line in kept]
    tones = classify_texts(texts, analysis.embedder, analysis.nlp(), analysis.tone_model) if texts else []
    out = []
    for (n, line), tone in zip(kept, tones, strict=True):
        lead = len(line) - len(line.lstrip())
        loc = Location(line=n, column=lead + 1, end_line=n, end_column=len(line.rstrip()) + 1)
        out.append(ClassifiedSentence(path, loc, line.strip(), tone.label, tone.confidence))
    return out


def classify_paths(paths: Sequence[Path], config: Config, *, use_cache: bool = True,
                   progress: Progress | None = None,
                   notice: Notice = ignore_notice) -> tuple[list[ClassifiedSentence], list[Finding]]:
    """Label every sentence of the assets (default: the configured corpus), in path and reading order.

    Files that cannot be read come back as IN001 findings; the others are still classified.
    """
    from msgalign.analysis.run import Analysis
    from msgalign.engine import read_assets, require_files
    from msgalign.workspace.discovery import collect_files

    files = require_files(collect_files(paths or config.corpus, config, notice), paths or config.corpus)
    docs, problems = read_assets(files, config, progress=progress, notice=notice)
    analysis = Analysis(config, Glossary(), docs, use_cache=use_cache, progress=progress)
    out = []
    for doc in sorted(docs, key=lambda d: d.display_path):
        for s in analysis.tone(doc):
            loc = doc.span_location(doc.blocks[s.ref.block], s.ref.start, s.ref.end)
            out.append(ClassifiedSentence(doc.display_path, loc, " ".join(s.ref.text.split()), s.label,
                                          s.tone.confidence))
    return out, problems


# --- brief -----------------------------------------------------------------------------------------


def build_brief(story: Path, config: Config, *, use_cache: bool = True) -> Brief:
    """One customer story → the three tiers, every sentence traced to the story."""
    from msgalign.analysis.run import Analysis
    from msgalign.brief import build_brief as build
    from msgalign.workspace.discovery import workspace_glossary
    from msgalign.workspace.paths import display_path

    if not story.is_file():
        raise UsageError(f"no such story file: {story}")
    analysis = Analysis(config, workspace_glossary(config), use_cache=use_cache)
    return build(story, analysis, display_path(story))


def render_brief(brief: Brief, tiers: Sequence[int], fmt: str, config: Config) -> list[tuple[str, str]]:
    """(file name, text) per tier in `fmt` (md, html or json: one file per tier)."""
    from msgalign.brief.render import make_environment, output_name, render_tier

    env = make_environment(config.templates, config.root)
    chosen = [brief.tier(n) for n in tiers]
    return [(output_name(brief, t, fmt), render_tier(brief, t, fmt, env)) for t in chosen]


def brief_json(brief: Brief, tiers: Sequence[int]) -> str:
    """The chosen tiers as JSON that traces every sentence to the story."""
    from msgalign.brief.render import to_json

    return to_json(brief, [brief.tier(n) for n in tiers])


def write_brief(folder: Path, pages: Sequence[tuple[str, str]], *, force: bool = False) -> list[Path]:
    """Write rendered tiers into `folder`: never over an existing file without `force`, never partly."""
    from msgalign.brief.render import write_outputs

    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--out must be a folder: {folder} is a file.")
    outputs = [(folder / name, text) for name, text in pages]
    write_outputs(outputs, force)
    return [target for target, _ in outputs]


# --- report ----------------------------------------------------------------------------------------


def render_report(report: Report, config: Config, *, fmt: str = "html", title: str | None = None) -> str:
    """The cross-team report of a check: one HTML page, the check JSON, or a short Markdown summary."""
    from msgalign.formatters import render
    from msgalign.report.html import DEFAULT_TITLE, render_summary
    from msgalign.report.html import render_report as render_page
    from msgalign.workspace.discovery import workspace_glossary

    if fmt == "json":
        return render("json", report)
    narrative = _workspace_narrative(config)
    glossary = workspace_glossary(config)
    page = render_page if fmt == "html" else render_summary
    return page(report, narrative=narrative, glossary=glossary, title=title or DEFAULT_TITLE)


def write_report(target: Path, text: str) -> None:
    """Write a rendered report as `target`, whole or not at all (see `write_output`)."""
    write_output(target, text, "the report")


def write_output(target: Path, text: str, what: str = "the results") -> None:
    """Write `text` as `target`, whole or not at all (an exclusive temporary file, then a rename).

    Never writes through a symbolic link or over anything but a regular file.
    """
    from msgalign.fs import Refused, write_replacing

    try:
        write_replacing(target, text.encode("utf-8"))
    except Refused as exc:
        raise UsageError(f"cannot write {what} to {target.as_posix()}: {exc.reason}.") from None
    except FileNotFoundError:
        raise UsageError(f"cannot write {what} to {target.as_posix()}: the folder {target.parent.as_posix()} "
                         "does not exist.") from None
    except OSError as exc:
        raise UsageError(f"cannot write {what} to {target.as_posix()}: {exc.strerror or exc}.") from None


def refuse_input_as_output(target: Path, config: Config, report: Report, what: str = "the results") -> None:
    """Stop before results are written over a file the run reads: an asset, the glossary, the narrative, the config.

    `-o corpus/sales/deck.md` is a slip of the keyboard, and only `--fix` may touch an asset.
    """
    if not target.exists():
        return
    try:
        aim = target.resolve()
    except OSError:
        return
    read: dict[Path, str] = {}

    def add(path: Path | str | None, kind: str) -> None:
        if path is None:
            return
        try:
            read.setdefault(Path(path).resolve(), kind)
        except OSError:
            pass

    add(config.source, "the workspace's msgalign.toml")
    add(config.narrative, "the narrative")
    for entry in config.glossary:
        if Path(entry).is_dir():
            for file in Path(entry).rglob("*"):
                add(file, "a glossary file")
        else:
            add(entry, "a glossary file")
    for asset in report.assets:
        add(asset.path, "an asset the run checks")
    for finding in report.findings:
        add(finding.path, "an asset the run checks")
    kind = read.get(aim)
    if kind is None:
        kind = _corpus_asset(aim, config)  # 'check page.md -o other-page.md': another asset of the corpus
    if kind:
        raise UsageError(f"cannot write {what} to {target.as_posix()}: it is {kind}, and only --fix changes "
                         "files the run reads. Pick another file name.")


def _corpus_asset(aim: Path, config: Config) -> str | None:
    """'an asset of the corpus' when the resolved path is a file msgalign would read under the configured corpus."""
    from msgalign.ingest import SUPPORTED_SUFFIXES

    if aim.suffix.casefold() not in SUPPORTED_SUFFIXES:
        return None  # an earlier results file (.json, .sarif) in the corpus folder may be written over
    for entry in config.corpus:
        try:
            root = Path(entry).resolve()
        except OSError:
            continue
        if aim == root or root in aim.parents:
            return "an asset of the workspace's corpus"
    return None


def _workspace_narrative(config: Config) -> Narrative | None:
    """The workspace narrative for names and the ICP, or None when there is none to read."""
    from msgalign.workspace.narrative import load_narrative
    from msgalign.workspace.paths import display_path

    path = config.narrative
    if path is None or not Path(path).is_file():
        return None
    return load_narrative(Path(path), display_path(Path(path)))
