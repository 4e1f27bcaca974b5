"""`msgalign classify`: label each sentence inspirational, actionable or neutral.

A thin wrapper over `msgalign.api.classify_paths`: read PATHS (or one sentence per line of
stdin with `-`), label, render a table or JSON Lines (SPEC §5), exit 0 — or 1
when a file could not be read, 2 on a usage, config or model error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from msgalign.cli.common import (
    CONFIG,
    NO_CACHE,
    color,
    emit,
    end_of_input_hint,
    guarded,
    load_config,
    notice,
    progress,
)
from msgalign.text.safe import json_text, printable

if TYPE_CHECKING:
    from msgalign.api import ClassifiedSentence

LABEL_COLORS = {"inspirational": "magenta", "actionable": "green", "neutral": "bright_black"}


def render_text(rows: Sequence[ClassifiedSentence], color: bool = False) -> str:
    """A readable table: label, confidence, location, sentence."""
    if not rows:
        return ""
    places = [printable(f"{r.path}:{r.location.describe()}") for r in rows]
    width = min(max(len("LOCATION"), *(len(p) for p in places)), 40)
    lines = [f"{'LABEL':<13}  {'CONF':>4}  {'LOCATION':<{width}}  SENTENCE"]
    for row, place in zip(rows, places, strict=True):
        label = f"{row.label:<13}"
        if color:
            label = click.style(label, fg=LABEL_COLORS.get(row.label))
        lines.append(f"{label}  {row.confidence:4.2f}  {place:<{width}}  {printable(row.text)}")
    return "\n".join(lines) + "\n"


def render_json_lines(rows: Sequence[ClassifiedSentence]) -> str:
    return "".join(json_text(json.dumps(r.to_dict(), ensure_ascii=False)) + "\n" for r in rows)


def _summary(rows: Sequence[ClassifiedSentence]) -> str:
    from msgalign.nlp.tone.predictor import LABELS

    parts = []
    for label in LABELS:
        n = sum(r.label == label for r in rows)
        parts.append(f"{n} {label} ({round(100 * n / len(rows))}%)")
    return f"{len(rows)} sentence{'s' if len(rows) != 1 else ''}: " + ", ".join(parts)


@click.command("classify")
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: a table; json: JSON Lines, one object per sentence.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write results to this file.")
@CONFIG
@NO_CACHE
@click.option("--quiet", "-q", is_flag=True, help="No progress or summary on stderr.")
@guarded
def classify(paths: tuple[str, ...], fmt: str, output: str | None, config: str | None, no_cache: bool,
             quiet: bool) -> None:
    """Label each sentence of PATHS inspirational, actionable or neutral.

    With `-`, read one sentence per line from stdin. Without PATHS, classify
    the configured corpus.
    """
    from msgalign import api
    from msgalign.errors import UsageError
    from msgalign.types import Finding

    cfg = load_config(config)
    problems: list[Finding] = []
    if "-" in paths:
        if len(paths) > 1:
            raise UsageError("'-' reads sentences from stdin and cannot be combined with paths.")
        end_of_input_hint("one sentence per line")
        rows = api.classify_lines(sys.stdin.read().splitlines(), cfg, use_cache=not no_cache)
    else:
        rows, problems = api.classify_paths([Path(p) for p in paths], cfg, use_cache=not no_cache,
                                            progress=progress(quiet), notice=notice)
    rendered = render_json_lines(rows) if fmt == "json" else render_text(rows, color=color(output))
    emit(rendered, output)
    for problem in problems:
        click.echo(printable(f"{problem.path}: {problem.message}"), err=True)
    if rows and not quiet and fmt == "text":
        click.echo(_summary(rows), err=True)
    sys.exit(1 if problems else 0)


COMMANDS = [classify]
