"""What a text asset parses to, in a form that compares: `check --fix` must not change it.

Replacing a few words must never turn a paragraph into a link reference
definition, a list item into a heading or text into markup. The shape is each
block's kind, its section and how many protected spans (code, URLs) it has,
plus the front matter's keys and the number of inline directives.
"""

from __future__ import annotations

from msgalign.ingest.limits import Limits
from msgalign.types import Block, SourceText

Shape = tuple[tuple[tuple[str, int, int], ...], tuple[str, ...], int]


def block_shape(fmt: str, text: str) -> Shape | str:
    """The shape of `text` read as `fmt` ("markdown", "mdx", "text", "html", "jsx"); a parse error is its own shape."""
    limits = Limits()
    source = SourceText(text)
    keys: tuple[str, ...] = ()
    try:
        if fmt in ("markdown", "mdx"):
            from msgalign.ingest.markdown import read_markdown

            warned: list[tuple[int, str]] = []
            sink, front_matter, directives = read_markdown(source, limits.max_blocks, mdx=fmt == "mdx",
                                                           warnings=warned)
            # markup that no longer parses (a `{...}` that is not valid JavaScript) is another shape
            keys = tuple(sorted(front_matter)) + tuple(message for _, message in warned)
        elif fmt == "jsx":
            from msgalign.ingest.jsx import read_jsx

            problems: list[tuple[int, str]] = []
            sink, directives = read_jsx(source, limits.max_blocks, limits.max_jsx_seconds, limits.max_html_depth,
                                        warnings=problems)
            keys = tuple(message for _, message in problems)  # code that no longer parses is another shape
        elif fmt == "html":
            from msgalign.ingest.html import read_html

            sink, directives = read_html(source, limits.max_html_depth, limits.max_blocks)
        else:
            from msgalign.ingest.text import read_text

            sink, directives = read_text(source, limits.max_blocks)
    except Exception as exc:  # noqa: BLE001 - a text that no longer parses has a shape of its own
        return f"unreadable: {type(exc).__name__}"
    return tuple(_block(b) for b in sink.blocks), keys, len(directives)


def _block(block: Block) -> tuple[str, int, int]:
    return block.kind, block.section_index, len(block.protected)
