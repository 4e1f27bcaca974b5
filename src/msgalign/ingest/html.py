"""HTML → the prose a visitor reads, each character tied to its source offset.

The scan itself (tokens, implied end tags, what is skipped, the depth bound)
is `ingest.htmltext`, which the Markdown reader uses for the raw HTML blocks
of a Markdown page: a page and an HTML block read the same way. This reader
adds what belongs to whole pages: template macros (Jinja's `{% block %}` and
`{{ _('Sign up') }}`, Hugo's shortcodes) are turned into spaces before the
scan, so a template page reads as the page a visitor sees, with every offset
where it was; and the page's comments become directives.
"""

from __future__ import annotations

from msgalign.ingest.htmltext import VisibleText, scan_html
from msgalign.ingest.textspans import BlockSink, MacroFinder, blank_spans, directive_text
from msgalign.types import Directive, SourceText


def read_html(source: SourceText, max_depth: int, max_blocks: int) -> tuple[BlockSink, list[Directive]]:
    # Template macros (`{% block %}`, `{{ _('Sign up') }}` in a Jinja page) are not what a visitor
    # reads: they become spaces, which keeps every offset and line where it was.
    text = blank_spans(source.text, MacroFinder(source.text).spans())
    sink = BlockSink(source, max_blocks)
    directives: list[Directive] = []

    def comment(body: str, offset: int) -> None:
        found = directive_text(body)
        if found is not None:
            directives.append(Directive(text=found, line=source.line_col(offset)[0]))

    scan_html(text, VisibleText(sink.emit, max_depth, on_comment=comment))
    return sink, directives
