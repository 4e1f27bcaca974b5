"""Plain text → one paragraph block per run of non-blank lines.

E-mails and call scripts are written as plain text; a `Subject:` line is
prose like any other. A line that is only a `<!-- msgalign ... -->` comment
is a suppression directive, not prose, and ends the paragraph before it.
"""

from __future__ import annotations

import re

from msgalign.ingest.textspans import BlockSink, LocatedText, directive_text
from msgalign.types import Directive, SourceText

_DIRECTIVE_LINE = re.compile(r"\A\s*<!--(.*?)-->\s*\Z", re.DOTALL)


def read_text(source: SourceText, max_blocks: int) -> tuple[BlockSink, list[Directive]]:
    text = source.text
    sink = BlockSink(source, max_blocks)
    directives: list[Directive] = []
    located = LocatedText()
    start = 0
    line_number = 0
    while start <= len(text):
        newline = text.find("\n", start)
        end = len(text) if newline < 0 else newline
        line_number += 1
        line = text[start:end]
        comment = _DIRECTIVE_LINE.match(line)
        directive = directive_text(comment.group(1)) if comment else None
        if directive is not None:
            directives.append(Directive(text=directive, line=line_number))
            sink.emit("paragraph", located)
        elif not line.strip():
            sink.emit("paragraph", located)
        else:
            located.add_text(line, start)
            # The break between two lines of a paragraph reads as a space;
            # it points at the \r or \n where the line ends.
            located.add_space(end - 1 if line.endswith("\r") else end)
        if newline < 0:
            break
        start = newline + 1
    sink.emit("paragraph", located)
    return sink, directives
