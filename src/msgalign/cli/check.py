"""`msgalign check`, `rules`, `rule CODE` and `init`: lint, explain, start a workspace."""

from __future__ import annotations

import json
import sys
from pathlib import Path

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
    codes,
    color,
    emit,
    guarded,
    load_config,
    notice,
    options,
    progress,
)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@options(FORMAT, OUTPUT, SELECT, IGNORE, CONFIG, NO_CACHE, JOBS, QUIET)
@click.option("--fix", is_flag=True, help="Apply safe terminology fixes (TM001, TM002) in Markdown, text and HTML.")
@FAIL_LEVEL
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are at or above the fail level.")
@guarded
def check(paths: tuple[str, ...], fmt: str, output: str | None, select: str | None, ignore: str | None,
          config: str | None, no_cache: bool, jobs: int | None, quiet: bool, fix: bool,
          fail_level: str | None, exit_zero: bool) -> None:
    """Lint assets against the narrative and the glossary (default: the configured corpus)."""
    from msgalign import api
    from msgalign.formatters import render
    from msgalign.types import Severity

    cfg = load_config(config)
    result = api.check([Path(p) for p in paths], cfg, select=codes(select), ignore=codes(ignore), jobs=jobs,
                       use_cache=not no_cache, progress=progress(quiet), fix=fix, notice=notice)
    if result.fixed_files and not quiet:
        terms, files = result.fixed_terms, result.fixed_files
        click.echo(f"Fixed {terms} term{'s' if terms != 1 else ''} in {files} file{'s' if files != 1 else ''}.",
                   err=True)
    emit(render(fmt, result.report, color=color(output)), output)
    level = Severity.parse(fail_level) if fail_level else cfg.fail_level
    failed = any(f.severity >= level for f in result.report.findings)
    sys.exit(0 if exit_zero or not failed else 1)


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
    click.echo(f"Next: cd {directory} && msgalign check")


COMMANDS = [check, rules_cmd, rule_cmd, init]
