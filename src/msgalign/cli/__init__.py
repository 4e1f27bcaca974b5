"""The command line: parse flags, call one library function, render, pick the exit code.

Nothing here is imported by the library. Heavy modules are imported inside the
commands that need them, so `msgalign --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from msgalign import __version__
from msgalign.errors import MsgalignError

FORMATS = ("text", "json", "sarif", "rdjsonl", "github", "markdown")


def _codes(value: str | None) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in (value or "").split(",") if c.strip())


def _fail(message: str, code: int = 2) -> NoReturn:
    click.echo(f"msgalign: {message}", err=True)
    sys.exit(code)


def _guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn MsgalignError into exit 2 with its message, and hide tracebacks from users."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except MsgalignError as exc:
            _fail(str(exc))
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            _fail("interrupted.", 130)
        except Exception as exc:  # noqa: BLE001
            if os.environ.get("MSGALIGN_DEBUG"):
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc}. Set MSGALIGN_DEBUG=1 for the traceback, "
                  "and please report it.")

    return wrapper


def _color(output: str | None) -> bool:
    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _emit(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def _progress(quiet: bool) -> Callable[[int, int, str], None] | None:
    if quiet or not sys.stderr.isatty():
        return None

    def show(done: int, total: int, path: str) -> None:
        width = 24
        filled = int(width * done / max(total, 1))
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {path[-40:]:<40}"
        click.echo(line if done < total else "\r" + " " * len(line) + "\r", err=True, nl=False)

    return show


def _load_config(config: str | None) -> Any:
    from msgalign.workspace.config import load_config

    return load_config(Path(config) if config else None)


common = [
    click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                 help="Output format."),
    click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write results to this file."),
    click.option("--select", help="Only these rule codes or prefixes (comma-separated): TM001,TM002 or TM."),
    click.option("--ignore", help="Skip these rule codes or prefixes (comma-separated)."),
    click.option("--config", type=click.Path(dir_okay=False), help="Config file (default: nearest msgalign.toml)."),
    click.option("--no-cache", is_flag=True, help="Do not read or write the embedding cache."),
    click.option("--jobs", "-j", type=click.IntRange(1, 64), help="Read assets in N processes."),
    click.option("--quiet", "-q", is_flag=True, help="No progress output."),
]


def common_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(common):
        fn = option(fn)
    return fn


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="msgalign")
def main() -> None:
    """msgalign: one story, one vocabulary, one set of numbers across marketing, sales and CS.

    Start with `msgalign init my-workspace`, then `msgalign check`.
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@common_options
@click.option("--fix", is_flag=True, help="Apply safe terminology fixes (TM001, TM002) in Markdown, text and HTML.")
@click.option("--fail-level", type=click.Choice(["error", "warning", "info"]), help="Lowest severity that fails the run.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are at or above the fail level.")
@_guarded
def check(paths: tuple[str, ...], fmt: str, output: str | None, select: str | None, ignore: str | None,
          config: str | None, no_cache: bool, jobs: int | None, quiet: bool, fix: bool,
          fail_level: str | None, exit_zero: bool) -> None:
    """Lint assets against the narrative and the glossary (default: the configured corpus)."""
    from msgalign.engine import check as run_check
    from msgalign.formatters import render
    from msgalign.types import Severity

    cfg = _load_config(config)
    kwargs = dict(select_=_codes(select), ignore=_codes(ignore), jobs=jobs, use_cache=not no_cache,
                  progress=_progress(quiet))
    report, docs = run_check([Path(p) for p in paths], cfg, **kwargs)
    if fix:
        from msgalign.glossary.fix import apply_fixes

        results = apply_fixes(docs, report.findings)
        if results and not quiet:
            total = sum(r.applied for r in results)
            click.echo(f"Fixed {total} term{'s' if total != 1 else ''} in {len(results)} "
                       f"file{'s' if len(results) != 1 else ''}.", err=True)
        if results:
            report, docs = run_check([Path(p) for p in paths], cfg, **kwargs)
    _emit(render(fmt, report, color=_color(output)), output)
    level = Severity.parse(fail_level) if fail_level else cfg.fail_level
    failed = any(f.severity >= level for f in report.findings)
    sys.exit(0 if exit_zero or not failed else 1)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_guarded
def rules_cmd(fmt: str) -> None:
    """List every rule with its code, name and default severity."""
    from msgalign.rules import all_rules

    table = all_rules()
    if fmt == "json":
        import json

        click.echo(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity.label,
                                "fixable": r.fixable, "summary": r.doc.summary} for r in table.values()], indent=2))
        return
    for rule in table.values():
        fixable = " (fixable)" if rule.fixable else ""
        click.echo(f"{rule.code}  {rule.name:<28} {rule.severity.label:<8} {rule.doc.summary}{fixable}")


@main.command("rule")
@click.argument("code")
@_guarded
def rule_cmd(code: str) -> None:
    """Explain one rule: what it flags, why it matters, examples, settings."""
    from msgalign.rules import all_rules
    from msgalign.rules.docs import explain

    table = all_rules()
    rule = table.get(code.strip().upper())
    if rule is None:
        import difflib

        close = difflib.get_close_matches(code.upper(), list(table), n=1)
        _fail(f"[E602] no rule '{code}'." + (f" Did you mean {close[0]}?" if close else " See `msgalign rules`."))
    click.echo(explain(rule))


@main.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Write into a folder that already has files.")
@_guarded
def init(directory: str, force: bool) -> None:
    """Create a workspace: config, sample narrative, glossary, templates and assets."""
    from msgalign.workspace.init import init_workspace

    written = init_workspace(Path(directory), force=force)
    click.echo(f"Created a msgalign workspace in {directory} ({len(written)} files).")
    click.echo(f"Next: cd {directory} && msgalign check")


@main.group()
def glossary() -> None:
    """Build a glossary: import one from other tools, or mine one from a corpus."""


@glossary.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the glossary YAML here.")
@_guarded
def glossary_import(files: tuple[str, ...], output: str | None) -> None:
    """Convert Vale vocabularies and substitution rules, textlint terminology JSON and prh YAML."""
    from msgalign.authoring.importer import GlossaryImportError, import_glossary

    try:
        result = import_glossary([Path(f) for f in files])
    except GlossaryImportError as exc:
        _fail(f"[E202] {exc}")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    _emit(result.yaml_text, output)
    click.echo(f"Imported {result.terms_count} terms and {result.avoid_count} phrases to avoid.", err=True)


def _register_commands() -> None:
    """Commands that live in their own modules (each imports heavy things lazily)."""
    # cli_glossary_suggest attaches `suggest` to the `glossary` group when imported.
    from msgalign.cli import brief as cli_brief
    from msgalign.cli import classify as cli_classify
    from msgalign.cli import glossary_suggest as cli_glossary_suggest  # noqa: F401
    from msgalign.cli import report as cli_report

    for module in (cli_brief, cli_classify, cli_report):
        for command in module.COMMANDS:
            main.add_command(command)


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
