"""What every command shares: the options declared once, error handling, output and progress."""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from msgalign.errors import MsgalignError
from msgalign.text.safe import printable
from msgalign.types import Progress
from msgalign.workspace.config import Config

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("text", "line", "json", "sarif", "rdjsonl", "github", "markdown")


def codes(value: str | None) -> tuple[str, ...]:
    """`--select TM001,na,Microsoft.Terms` → ("TM001", "NA", "Microsoft.Terms"): codes in upper case,
    imported rule names as written (they are matched without regard to case)."""
    words = (c.strip() for c in (value or "").split(","))
    return tuple(w.upper() if re.fullmatch(r"[A-Za-z]{2}\d{0,3}", w) else w for w in words if w)


def fail(message: str, code: int = 2) -> NoReturn:
    click.echo(f"msgalign: {printable(message, newlines=True)}", err=True)
    sys.exit(code)


def guarded(fn: F) -> F:
    """Turn a MsgalignError into its exit code with its message, and hide tracebacks from users."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except MsgalignError as exc:
            fail(str(exc), exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            if sys.stderr.isatty():
                click.echo(err=True)  # off the progress bar's line
            fail("interrupted; the vectors computed so far are kept in the cache, so the next run starts "
                 "from there.", 130)
        except Exception as exc:
            if os.environ.get("MSGALIGN_DEBUG"):
                raise
            fail(f"internal error: {type(exc).__name__}: {exc}. Set MSGALIGN_DEBUG=1 for the traceback, "
                 "and please report it.")

    return wrapper  # type: ignore[return-value]  # functools.wraps keeps the signature click reads


def color(output: str | None) -> bool:
    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def end_of_input_hint(what: str) -> None:
    """On a terminal, say how to end typed input (it would otherwise look like a hang)."""
    if stdin_is_terminal():
        click.echo(f"msgalign: type or paste {what}, then press Ctrl-D on a new line to finish "
                   "(Ctrl-Z then Enter on Windows).", err=True)


def terminal_width(output: str | None) -> int | None:
    """The width to wrap text output at: the terminal's, when results go to one; else None (no wrapping)."""
    if output is not None or not stdout_is_terminal():
        return None
    import shutil

    return max(shutil.get_terminal_size().columns, 40)


def emit(text: str, output: str | None) -> None:
    if output:
        from msgalign.api import write_output

        write_output(Path(output), text)
    else:
        click.echo(text, nl=False)


def progress(quiet: bool) -> Progress | None:
    """A one-line progress bar on stderr, when it is a terminal."""
    if quiet or not sys.stderr.isatty():
        return None

    def show(done: int, total: int, path: str) -> None:
        width = 24
        filled = int(width * done / max(total, 1))
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {printable(path)[-40:]:<40}"
        click.echo(line if done < total else "\r" + " " * len(line) + "\r", err=True, nl=False)

    return show


def notice(message: str) -> None:
    """A `Notice`: what was skipped and why, on stderr, whatever --quiet says."""
    click.echo(f"msgalign: notice: {printable(message)}", err=True)


def warn(message: str) -> None:
    """A warning line on stderr; asset text in it shows control characters as escapes."""
    click.echo(f"warning: {printable(message)}", err=True)


def load_config(config: str | None) -> Config:
    from msgalign.api import load_config as load

    return load(Path(config) if config else None)


# Options several commands take, declared once.
CONFIG = click.option("--config", type=click.Path(dir_okay=False),
                      help="Config file (default: nearest msgalign.toml).")
NO_CACHE = click.option("--no-cache", is_flag=True, help="Do not read or write the embedding cache.")
JOBS = click.option("--jobs", "-j", type=click.IntRange(1, 64), help="Read assets in N processes.")
QUIET = click.option("--quiet", "-q", is_flag=True, help="No progress output.")
SELECT = click.option("--select", help="Only these rule codes or prefixes (comma-separated): TM001,TM002 or TM.")
IGNORE = click.option("--ignore", help="Skip these rule codes or prefixes (comma-separated).")
FORMAT = click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                      help="Output format.")
OUTPUT = click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write results to this file.")
FAIL_LEVEL = click.option("--fail-level", type=click.Choice(["error", "warning", "info"]),
                          help="Lowest severity that fails the run.")
SEVERITY = click.option("--severity", "min_severity", type=click.Choice(["error", "warning", "info"]),
                        help="Show only findings at or above this severity (the exit code still follows "
                             "--fail-level over every finding).")


def options(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    """Apply click options in the order written (click applies decorators bottom-up)."""

    def apply(fn: F) -> F:
        for option in reversed(decorators):
            fn = option(fn)
        return fn

    return apply
