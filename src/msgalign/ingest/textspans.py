"""Shared pieces of the text-format readers: located text, blocks, directives.

Markdown, HTML and plain text all end the same way: visible characters, each
with the offset in the decoded source it came from, cut into blocks. Keeping
that in one place keeps the three readers' whitespace and offset rules the
same, which is what lets `--fix` trust any of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from msgalign.errors import ReadError
from msgalign.ingest.limits import Limits
from msgalign.types import Block, Directive, Location, SourceText

# `<!-- msgalign off -->`, `<!-- msgalign disable TM001 -- reason -->`, ...
# The word must stand alone so `<!-- msgalignment notes -->` is just a comment.
# The rest is taken whole and stripped in Python: a lazy `(.*?)\s*\Z` rescans
# a run of spaces once per character of it (quadratic in a 20,000-space comment).
_DIRECTIVE_BODY = re.compile(r"\A\s*msgalign(?![\w-])(.*)\Z", re.IGNORECASE | re.DOTALL)
# Vale's own comments (`<!-- vale off -->`, `<!-- vale Google.WordList = NO -->`) come back as
# 'vale off', 'vale Google.WordList = NO': msgalign.suppress reads them.
_VALE_BODY = re.compile(r"\A\s*vale\s+(.*)\Z", re.DOTALL)
# An unclosed comment runs to the end (as in a browser), so a page of
# unclosed `<!--` is scanned once, not once per comment.
_COMMENT = re.compile(r"<!--(.*?)(?:-->|\Z)", re.DOTALL)
_SPACE_RUN = re.compile(r"\s+")
_NEEDS_COLLAPSE = re.compile(r"[^\S ]|  ")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def directive_text(comment_body: str) -> str | None:
    """'disable TM001 -- why' for the body of a msgalign comment, 'vale off' for a Vale one, else None."""
    match = _DIRECTIVE_BODY.match(comment_body)
    if match is None:
        vale = _VALE_BODY.match(comment_body)
        text = _SPACE_RUN.sub(" ", vale.group(1)).strip() if vale else ""
        return f"vale {text}" if text else None
    text = _SPACE_RUN.sub(" ", match.group(1)).strip()
    return text or None


def comment_directives(source: SourceText, start: int, end: int) -> list[Directive]:
    """Directives from every `<!-- msgalign ... -->` in source.text[start:end]."""
    found: list[Directive] = []
    for match in _COMMENT.finditer(source.text, start, end):
        if not match.group(0).endswith("-->"):
            break
        text = directive_text(match.group(1))
        if text is not None:
            found.append(Directive(text=text, line=source.line_col(match.start())[0]))
    return found


# markdown-it-py spends 20-80 µs on each of these (a link, image or emphasis
# attempt, a line), against ~2.5 µs for any other character.
_COSTLY_MARKUP = ("[", "!", "*", "_", "\n")


def check_markup_budget(text: str, limit: int = Limits.max_markdown_markup) -> None:
    """Refuse Markdown whose structure alone would take markdown-it-py more than seconds.

    "[" * 200,000 takes 4.5 s and "![" * 100,000 8 s; within the 5 MB text
    limit either would take minutes. Counting is linear and exact, so the
    same file is refused on every machine.
    """
    count = sum(text.count(mark) for mark in _COSTLY_MARKUP)
    if count > limit:
        raise ReadError(f"the Markdown has {count:,} brackets, emphasis marks and line breaks; "
                        f"the limit is {limit:,} (split the file)")


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line's content, end excluding the line break.

    Lines break at \\r\\n, \\r and \\n alike, as Markdown parsers count them.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _LINE_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


class LocatedText:
    """The visible characters of one block being read, with source offsets.

    Whitespace runs collapse to one space that points at the run's first
    character; leading and trailing whitespace is dropped. Protected spans
    (inline code, URLs) are indices into the collapsed text.
    """

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self._protected: list[tuple[int, int]] = []
        self._protect_depth = 0
        self._protect_start = 0

    def add_char(self, char: str, offset: int) -> None:
        if char.isspace():
            if not self.chars or self.chars[-1] == " ":
                return
            char = " "
        self.chars.append(char)
        self.offsets.append(offset)

    def add_text(self, text: str, start: int) -> None:
        """Text copied verbatim from the source at `start`."""
        self.add_mapped(text, range(start, start + len(text)))

    def add_mapped(self, text: str, offsets: Sequence[int]) -> None:
        if len(offsets) < len(text):  # never let text and offsets drift apart
            last = offsets[-1] if len(offsets) else 0
            offsets = list(offsets) + [last] * (len(text) - len(offsets))
        # Copy in slices, not characters: a 5 MB page must not cost five
        # million Python calls. Prose with single spaces needs no collapsing.
        if not _NEEDS_COLLAPSE.search(text):
            if text.startswith(" ") and (not self.chars or self.chars[-1] == " "):
                text, offsets = text[1:], offsets[1:]
            self.chars.extend(text)
            self.offsets.extend(offsets[: len(text)])
            return
        position = 0
        for run in _SPACE_RUN.finditer(text):
            if run.start() > position:
                self.chars.extend(text[position : run.start()])
                self.offsets.extend(offsets[position : run.start()])
            self.add_char(" ", offsets[run.start()])
            position = run.end()
        if position < len(text):
            self.chars.extend(text[position:])
            self.offsets.extend(offsets[position : len(text)])

    def add_decoded(self, decoded: str, raw: str, start: int) -> None:
        """An entity or escape: `raw` at `start` in the source reads as `decoded`.

        Characters the two share at the end (the `*` of `\\*`, the tail of a
        legacy `&ampfoo`) keep their exact offsets; the rest point at the
        start of the reference.
        """
        shared = 0
        while shared < min(len(decoded), len(raw)) and decoded[-1 - shared] == raw[-1 - shared]:
            shared += 1
        head = len(decoded) - shared
        for i, char in enumerate(decoded):
            self.add_char(char, start if i < head else start + len(raw) - (len(decoded) - i))

    def add_pieces(self, pieces: Iterable[tuple[str, str, int]]) -> None:
        """Source pieces (shown text, raw text, offset): copied where the two agree, decoded where not."""
        for shown, raw, offset in pieces:
            if shown == raw:
                self.add_text(shown, offset)
            else:
                self.add_decoded(shown, raw, offset)

    @classmethod
    def of_pieces(cls, pieces: Iterable[tuple[str, str, int]]) -> LocatedText:
        located = cls()
        located.add_pieces(pieces)
        return located

    def add_space(self, offset: int) -> None:
        self.add_char(" ", offset)

    def begin_protected(self) -> None:
        if self._protect_depth == 0:
            self._protect_start = len(self.chars)
        self._protect_depth += 1

    def end_protected(self) -> None:
        if self._protect_depth == 0:
            return
        self._protect_depth -= 1
        if self._protect_depth == 0:
            self._close_protected()

    def _close_protected(self) -> None:
        start = self._protect_start
        # A protected span that starts with a collapsed space should not
        # swallow the word boundary before it.
        while start < len(self.chars) and self.chars[start] == " ":
            start += 1
        if start < len(self.chars):
            self._protected.append((start, len(self.chars)))

    def take(self) -> tuple[str, tuple[int, ...], tuple[tuple[int, int], ...]] | None:
        """The block's text, offsets and protected spans; resets for the next."""
        if self._protect_depth:
            self._close_protected()
        while self.chars and self.chars[-1] == " ":
            self.chars.pop()
            self.offsets.pop()
        text = "".join(self.chars)
        offsets = tuple(self.offsets)
        protected = tuple(
            (s, min(e, len(text))) for s, e in self._protected if s < min(e, len(text))
        )
        self.chars, self.offsets, self._protected = [], [], []
        self._protect_start = 0
        return (text, offsets, protected) if text else None


@dataclass
class BlockSink:
    """Collects blocks of a text format, tracking sections and the block limit."""

    source: SourceText
    max_blocks: int
    section: str = ""
    section_index: int = 0

    def __post_init__(self) -> None:
        self.blocks: list[Block] = []

    def emit(self, kind: str, located: LocatedText) -> Block | None:
        taken = located.take()
        if taken is None:
            return None
        text, offsets, protected = taken
        if kind == "heading":
            self.section = text
            self.section_index += 1
        if len(self.blocks) >= self.max_blocks:
            raise ReadError(f"the file has more than {self.max_blocks:,} blocks of text")
        line, column = self.source.line_col(offsets[0])
        end_line, end_column = self.source.line_col(offsets[-1] + 1)
        block = Block(
            kind=kind,
            text=text,
            location=Location(
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                order=len(self.blocks) + 1,
            ),
            section=self.section,
            section_index=self.section_index,
            offsets=offsets,
            protected=protected,
        )
        self.blocks.append(block)
        return block


# -- template macros -------------------------------------------------------------

# Jinja/Liquid/Hugo tags (`{{ x }}`, `{% if %}`, `{# note #}`, `{{< shortcode >}}`, `{{% x %}}`) and
# Zulip's includes (`{!file.md!}`): an opener and the closer that ends it. Hugo's `>}}` and `%}}`
# end with `}}`, so `{{` covers them.
_MACRO_CLOSERS = {"{": "}}", "%": "%}", "#": "#}", "!": "!}"}
# Zulip's tab and link macros and a Markdown heading id (`## Title {#title}`): one line, no braces inside.
_MACRO_WORD = re.compile(r"\{(?:start_tabs|end_tabs|(?:tab|relative|settings_tab)\|[^{}\n]{0,200}|#[\w-]{1,100})\}")
# A macro longer than this is a stray `{{` in prose, not a template tag.
_MAX_MACRO = 4_000


class MacroFinder:
    """Where each template macro of a text ends; linear in the text however many `{` it has.

    For each kind of closer the finder keeps the position of the next one: a
    `{{` with no `}}` near it costs one lookup, not a scan to the end of the file.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._next: dict[str, int] = {}

    def end_at(self, position: int) -> int | None:
        """The end of the macro that starts at `position` (a `{`), or None."""
        text = self.text
        word = _MACRO_WORD.match(text, position)
        if word is not None:
            return word.end()
        closer = _MACRO_CLOSERS.get(text[position + 1 : position + 2])
        if closer is None:
            return None
        found = self._next.get(closer, -2)
        if found < position + 2 and found != -1:
            found = text.find(closer, position + 2)
            self._next[closer] = found
        if found < 0 or found - position > _MAX_MACRO or _BLANK_LINE.search(text, position, found):
            return None
        return found + len(closer)

    def spans(self, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Every macro in text[start:end], in order."""
        stop = len(self.text) if end is None else end
        found: list[tuple[int, int]] = []
        position = self.text.find("{", start, stop)
        while position >= 0:
            macro_end = self.end_at(position)
            if macro_end is not None and macro_end <= stop:
                found.append((position, macro_end))
                position = self.text.find("{", macro_end, stop)
            else:
                position = self.text.find("{", position + 1, stop)
        return found


def blank_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` with each span's characters turned to spaces; line breaks stay, so offsets and lines do not move."""
    if not spans:
        return text
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        pieces.append(text[position:start])
        pieces.append(_NOT_BREAK.sub(" ", text[start:end]))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


_NOT_BREAK = re.compile(r"[^\r\n]")
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
