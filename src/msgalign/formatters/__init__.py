"""Output formats: pure functions from a `Report` to the text a user or a tool reads.

Every formatter has the signature
`render(report, *, rules=None, color=False) -> str`: `rules` is the rule table
for formats that print rule docs (default: the registry, imported only then),
`color` asks for ANSI colours where a format has any. Two formats take one
more option: `text` a `width` to wrap at, `sarif` and `github` the `paths`
from the repository root. The CLI picks the format, decides on colour
(terminal, NO_COLOR), width and root, and writes the string.
"""

from __future__ import annotations

from collections.abc import Callable

from msgalign.formatters import github, json, line, markdown, rdjsonl, sarif, text
from msgalign.types import Report

Formatter = Callable[..., str]

FORMATS: dict[str, Formatter] = {
    "text": text.render,
    "json": json.render,
    "sarif": sarif.render,
    "rdjsonl": rdjsonl.render,
    "github": github.render,
    "markdown": markdown.render,
    "line": line.render,
}


def render(fmt: str, report: Report, **opts: object) -> str:
    """Render `report` in format `fmt`; options (`rules`, `color`) pass through."""
    try:
        formatter = FORMATS[fmt]
    except KeyError:
        valid = ", ".join(sorted(FORMATS))
        raise ValueError(f"unknown format {fmt!r}; use one of: {valid}") from None
    return formatter(report, **opts)


__all__ = ["FORMATS", "Formatter", "render"]
