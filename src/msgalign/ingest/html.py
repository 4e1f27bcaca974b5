"""HTML → the prose a visitor reads, each character tied to its source offset.

The scan itself (tokens, implied end tags, what is skipped, the depth bound)
is `ingest.htmltext`, which the Markdown reader uses for the raw HTML blocks
of a Markdown page: a page and an HTML block read the same way. This reader
adds what belongs to whole pages: template macros (Jinja's `{% block %}` and
`{{ _('Sign up') }}`, Hugo's shortcodes) are turned into spaces before the
scan, so a template page reads as the page a visitor sees, with every offset
where it was; and the page's comments become directives.

A Hugo content file (`.html` with front matter) reads as Hugo shows it: the
front matter is not prose (its title and description are, as in Markdown;
the dispatcher reads it and passes where the body starts), and a shortcode's
tags mean what `ingest.shortcodes` says: block boundaries, quotations with
their speaker, figure captions.
"""

from __future__ import annotations

from collections.abc import Callable

from msgalign.ingest.htmltext import Mark, VisibleText, scan_html
from msgalign.ingest.props import Piece
from msgalign.ingest.shortcodes import UNTERMINATED, Event, read_shortcodes, unterminated
from msgalign.ingest.textspans import BlockSink, LocatedText, MacroFinder, blank_spans, directive_text
from msgalign.types import Directive, SourceText


def read_html(source: SourceText, max_depth: int, max_blocks: int, *, body_start: int = 0,
              front_prose: tuple[tuple[str, tuple[Piece, ...]], ...] = (),
              warnings: list[tuple[int, str]] | None = None) -> tuple[BlockSink, list[Directive]]:
    # Template macros (`{% block %}`, `{{ _('Sign up') }}` in a Jinja page) are not what a visitor
    # reads: they become spaces, which keeps every offset and line where it was. So does the
    # front matter of a Hugo content file (text[:body_start]).
    spans = MacroFinder(source.text).spans(body_start)
    broken = unterminated(source.text, spans, body_start)  # `{{< quote author="…"` and no `>}}`: to its line's end
    cuts = sorted(([(0, body_start)] if body_start else []) + spans + broken)
    text = blank_spans(source.text, cuts)
    sink = BlockSink(source, max_blocks)
    directives: list[Directive] = []

    def comment(body: str, offset: int) -> None:
        found = directive_text(body)
        if found is not None:
            directives.append(Directive(text=found, line=source.line_col(offset)[0]))

    for kind, pieces in front_prose:
        sink.emit(kind, LocatedText.of_pieces(pieces))
    page = VisibleText(sink.emit, max_depth, on_comment=comment)
    shortcodes = read_shortcodes(source.text, spans)
    if warnings is not None:
        warnings.extend(sorted(shortcodes.warnings + [(start, UNTERMINATED) for start, _ in broken]))
    marks: list[Mark] = [(event.offset, _action(event, page, sink)) for event in shortcodes.events]
    scan_html(text, page, marks)
    return sink, directives


def _action(event: Event, page: VisibleText, sink: BlockSink) -> Callable[[], None]:
    """What the page does at a shortcode's tag: end the block, open or close a quotation, read a caption."""

    def run() -> None:
        if page.in_code:
            return  # a shortcode written out in <code> is an example, not markup
        page.flush()
        if event.action == "quote_open":
            page.quoting += 1
        elif event.action == "quote_close":
            page.quoting = max(0, page.quoting - 1)
        if event.pieces and not page.skipping:
            sink.emit("quote" if event.action == "quote_close" else "paragraph", LocatedText.of_pieces(event.pieces))

    return run
