"""`msgalign report`: the cross-team alignment report, one HTML page for GTM leaders.

A thin wrapper: parse flags, run the same check as `msgalign check`, render with
`msgalign.api.render_report` (or the check JSON, or a short Markdown summary), write.
Heavy modules load inside the command so `msgalign --help` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from msgalign.cli.common import (
    CONFIG,
    IGNORE,
    JOBS,
    NO_CACHE,
    QUIET,
    SELECT,
    codes,
    guarded,
    load_config,
    notice,
    options,
    progress,
    stdout_is_terminal,
)

REPORT_FORMATS = ("html", "json", "markdown")
DEFAULT_REPORT = "msgalign-report.html"  # in the workspace, when the page would go to a terminal


@click.command("report")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--out", "--output", "-o", "out", type=click.Path(dir_okay=False),
              help="Write the report to this file (default: print it; on a terminal the HTML page goes to "
                   f"{DEFAULT_REPORT} in the workspace).")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="html", show_default=True,
              help="html: the one-page report; json: the check JSON; markdown: a short summary.")
@click.option("--title", default=None, help="The page title (default: 'Messaging alignment report').")
@options(SELECT, IGNORE, CONFIG, NO_CACHE, JOBS, QUIET)
@click.option("--fail-level", type=click.Choice(["error", "warning", "info"]),
              help="Exit 1 when a finding is at or above this severity (default: the report always exits 0).")
@guarded
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
    from msgalign import api
    from msgalign.types import Severity
    from msgalign.workspace.paths import display_path

    cfg = load_config(config)
    result = api.check([Path(p) for p in paths], cfg, select=codes(select), ignore=codes(ignore),
                       jobs=jobs, use_cache=not no_cache, progress=progress(quiet), notice=notice).report
    text = api.render_report(result, cfg, fmt=fmt, title=title)
    defaulted = out is None and fmt == "html" and stdout_is_terminal()
    if defaulted:
        # A page of HTML is no use on a terminal: write it to a file in the workspace and say where.
        out = str(cfg.root / DEFAULT_REPORT)
    if out:
        target = Path(out)
        api.refuse_input_as_output(target, cfg, result, "the report")
        api.write_report(target, text)
        if not quiet or defaulted:
            hint = " (open it in a browser; --out FILE picks another name)" if defaulted else ""
            click.echo(f"wrote {display_path(target)}{hint}", err=True)
    else:
        click.echo(text, nl=False)
    if fail_level is not None:
        level = Severity.parse(fail_level)
        sys.exit(1 if any(f.severity >= level for f in result.findings) else 0)


COMMANDS = [report]
