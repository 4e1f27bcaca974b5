"""`msgalign report`: the cross-team alignment report, one HTML page for GTM leaders.

A thin wrapper: parse flags, run the same check as `msgalign check`, render with
`msgalign.report.html` (or the check JSON, or a short Markdown summary), write.
Heavy modules load inside the command so `msgalign --help` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from msgalign.cli import _codes, _fail, _guarded, _load_config, _progress

REPORT_FORMATS = ("html", "json", "markdown")


@click.command("report")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--out", "--output", "-o", "out", type=click.Path(dir_okay=False),
              help="Write the report to this file (default: print it).")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="html", show_default=True,
              help="html: the one-page report; json: the check JSON; markdown: a short summary.")
@click.option("--title", default=None, help="The page title (default: 'Messaging alignment report').")
@click.option("--select", help="Only these rule codes or prefixes (comma-separated): TM001,TM002 or TM.")
@click.option("--ignore", help="Skip these rule codes or prefixes (comma-separated).")
@click.option("--config", type=click.Path(dir_okay=False), help="Config file (default: nearest msgalign.toml).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the embedding cache.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), help="Read assets in N processes.")
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
@click.option("--fail-level", type=click.Choice(["error", "warning", "info"]),
              help="Exit 1 when a finding is at or above this severity (default: the report always exits 0).")
@_guarded
def report(paths: tuple[str, ...], out: str | None, fmt: str, title: str | None, select: str | None,
           ignore: str | None, config: str | None, no_cache: bool, jobs: int | None, quiet: bool,
           fail_level: str | None) -> None:
    """Build the cross-team alignment report for PATHS (default: the configured corpus).

    \b
    One self-contained page: do marketing, sales and customer success tell one
    story, use one vocabulary, quote one set of numbers, and is it actionable?
    Open it in any browser; it needs no network and prints well.

    \b
      msgalign report --out report.html
    """
    from msgalign.engine import check, display_path, load_workspace_glossary
    from msgalign.report.html import DEFAULT_TITLE, render_report, render_summary
    from msgalign.types import Severity

    cfg = _load_config(config)
    result, _docs = check([Path(p) for p in paths], cfg, select_=_codes(select), ignore=_codes(ignore),
                          jobs=jobs, use_cache=not no_cache, progress=_progress(quiet))
    if fmt == "json":
        from msgalign.formatters import render

        text = render("json", result)
    else:
        views: dict[str, Any] = {"narrative": _narrative(cfg), "glossary": load_workspace_glossary(cfg),
                                 "title": title or DEFAULT_TITLE}
        text = render_report(result, **views) if fmt == "html" else render_summary(result, **views)
    if out:
        target = Path(out)
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(f"[E601] cannot write the report to {out}: {exc.strerror or exc}.")
        if not quiet:
            click.echo(f"wrote {display_path(target)}", err=True)
    else:
        click.echo(text, nl=False)
    if fail_level is not None:
        level = Severity.parse(fail_level)
        sys.exit(1 if any(f.severity >= level for f in result.findings) else 0)


def _narrative(cfg: Any) -> Any:
    """The workspace narrative for names and the ICP, or None when there is none to read."""
    from msgalign.engine import display_path
    from msgalign.workspace.narrative import load_narrative

    path = cfg.narrative
    if path is None or not Path(path).is_file():
        return None
    return load_narrative(Path(path), display_path(Path(path)))


COMMANDS = [report]
