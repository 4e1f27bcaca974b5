"""`msgalign check`, `rules`, `rule CODE` and `init`: lint, explain, start a workspace."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from msgalign.cli.common import (
    CONFIG,
    FAIL_LEVEL,
    FORMAT,
    IGNORE,
    JOBS,
    NO_CACHE,
    OUTPUT,
    QUIET,
    SELECT,
    SEVERITY,
    codes,
    color,
    emit,
    end_of_input_hint,
    guarded,
    load_config,
    notice,
    options,
    progress,
    terminal_width,
)

if TYPE_CHECKING:
    from msgalign.types import Report


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@options(FORMAT, OUTPUT, SELECT, IGNORE, CONFIG, NO_CACHE, JOBS, QUIET)
@click.option("--fix", is_flag=True,
              help="Apply safe terminology fixes (TM001, TM002) in Markdown, MDX, text, HTML and TSX/JSX.")
@click.option("--diff", is_flag=True,
              help="With --fix: write nothing, print a unified diff of what --fix would change.")
@click.option("--stdin-filename", type=click.Path(), metavar="PATH",
              help="With '-': check stdin as if it were this file (its format, team and channel).")
@click.option("--repo-root", type=click.Path(file_okay=False), metavar="DIR",
              help="SARIF and GitHub paths are relative to this folder (default: the git root, else here).")
@SEVERITY
@FAIL_LEVEL
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are at or above the fail level.")
@guarded
def check(paths: tuple[str, ...], fmt: str, output: str | None, select: str | None, ignore: str | None,
          config: str | None, no_cache: bool, jobs: int | None, quiet: bool, fix: bool, diff: bool,
          stdin_filename: str | None, repo_root: str | None, min_severity: str | None, fail_level: str | None,
          exit_zero: bool) -> None:
    """Lint assets against the narrative and the glossary (default: the configured corpus).

    \b
    With `-`, check the text on stdin (Markdown unless --stdin-filename names
    another file type); nothing is written. `--fix -` prints the fixed text on
    stdout and what is left on stderr. `--fix --diff` prints a diff instead of
    writing, and exits 1 when there is something to fix.
    """
    from msgalign import api
    from msgalign.errors import UsageError
    from msgalign.formatters import render
    from msgalign.types import Severity

    stdin = None
    if "-" in paths and len(paths) > 1:
        raise UsageError("'-' checks the text on stdin and cannot be combined with other paths.")
    if stdin_filename and "-" not in paths:
        raise UsageError("--stdin-filename only applies when checking stdin: msgalign check - --stdin-filename PATH")
    if diff and not fix:
        raise UsageError("--diff shows what --fix would change: use msgalign check --fix --diff.")
    cfg = load_config(config)
    if "-" in paths:
        stdin = api.read_stdin_asset(read_stdin(STDIN_LIMIT), Path(stdin_filename) if stdin_filename else None)
    result = api.check([Path(p) for p in paths if p != "-"], cfg, select=codes(select), ignore=codes(ignore),
                       jobs=jobs, use_cache=not no_cache, progress=progress(quiet), fix=fix, dry_run=diff,
                       stdin=stdin, notice=notice)
    terms, files = result.fixed_terms, result.fixed_files
    counted = f"{terms} term{'s' if terms != 1 else ''} in {files} file{'s' if files != 1 else ''}"
    if diff:
        if output:
            api.refuse_input_as_output(Path(output), cfg, result.report, "the diff")
        emit(api.fixes_diff(result.planned), output)
        if not quiet:
            click.echo(f"Would fix {counted}; nothing was written." if files else "Nothing to fix.", err=True)
        sys.exit(1 if files else 0)
    report = result.report
    if output:
        api.refuse_input_as_output(Path(output), cfg, report)
    shown = api.at_least(report, Severity.parse(min_severity)) if min_severity else report
    if stdin is not None and fix:
        # Like ruff: the fixed text on stdout (for an editor to take), the findings left on stderr.
        write_stdout(result.stdin_output if result.stdin_output is not None else stdin.data)
        if shown.findings:
            click.echo(render(fmt, shown, color=False), err=True, nl=False)
    else:
        if result.fixed_files and not quiet:
            click.echo(f"Fixed {counted}.", err=True)
        emit(render(fmt, shown, **render_options(fmt, shown, repo_root, output)), output)
    if min_severity and not quiet and len(shown.findings) < len(report.findings):
        hidden = len(report.findings) - len(shown.findings)
        notice(f"{hidden} finding{'s' if hidden != 1 else ''} below {min_severity} not shown (--severity).")
    level = Severity.parse(fail_level) if fail_level else cfg.fail_level
    failed = any(f.severity >= level for f in report.findings)
    sys.exit(0 if exit_zero or not failed else 1)


STDIN_LIMIT = 50_000_000  # bytes: the reader's own limits (max-file-size) apply after this


def render_options(fmt: str, report: Report, repo_root: str | None, output: str | None) -> dict[str, object]:
    """Colour and the terminal's width for text on a terminal; repository paths for SARIF and GitHub."""
    from msgalign import api

    if fmt in ("sarif", "github"):
        root = Path(repo_root) if repo_root else api.repository_root()
        return {"paths": api.repository_paths(report, root)}
    if fmt == "text":
        return {"color": color(output), "width": terminal_width(output)}
    return {"color": color(output)}


def read_stdin(limit: int) -> bytes:
    """All of stdin, as bytes (the reader decodes them as it decodes a file); more than `limit` is refused."""
    from msgalign.errors import UsageError

    end_of_input_hint("the text to check")
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise UsageError(f"stdin holds more than {limit // 1_000_000} MB; check the file by its path instead.")
    return data


def write_stdout(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


@click.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@guarded
def rules_cmd(fmt: str) -> None:
    """List every rule with its code, name and default severity."""
    from msgalign import api

    table = api.list_rules()
    if fmt == "json":
        click.echo(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity.label,
                                "fixable": r.fixable, "summary": r.doc.summary} for r in table.values()], indent=2))
        return
    for rule in table.values():
        fixable = " (fixable)" if rule.fixable else ""
        opt_in = "" if rule.on_by_default else " (off by default: --select it)"
        click.echo(f"{rule.code}  {rule.name:<28} {rule.severity.label:<8} {rule.doc.summary}{fixable}{opt_in}")


@click.command("rule")
@click.argument("code")
@guarded
def rule_cmd(code: str) -> None:
    """Explain one rule: what it flags, why it matters, examples, settings."""
    from msgalign import api

    click.echo(api.explain_rule(code))


@click.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Write into a folder that already has files.")
@guarded
def init(directory: str, force: bool) -> None:
    """Create a workspace: config, sample narrative, glossary, templates and assets."""
    from msgalign import api

    written = api.init_workspace(Path(directory), force=force)
    click.echo(f"Created a msgalign workspace in {directory} ({len(written)} files).")
    click.echo(f"Next: cd {shlex.quote(directory)} && {command_name()} check")


def command_name() -> str:
    """How to run msgalign again from another folder: `msgalign` when that is what the shell finds,
    else the full path of the program that ran (a venv that is not activated)."""
    import os
    import shutil

    program = Path(sys.argv[0])
    if program.name != "msgalign":
        return "msgalign"
    found = shutil.which("msgalign")
    if found and os.path.realpath(found) == os.path.realpath(program if program.parent != Path() else found):
        return "msgalign"
    return shlex.quote(str(Path(os.path.abspath(program))))


COMMANDS = [check, rules_cmd, rule_cmd, init]
