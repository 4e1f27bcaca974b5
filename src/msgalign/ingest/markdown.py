"""Markdown → blocks whose every character knows its line and column.

markdown-it-py gives line ranges for blocks but no positions inside a line,
so each inline token is located by walking its parent's raw content with a
cursor: markup tokens carry their markup, text tokens their verbatim text,
and the link and image rules are wrapped to record where they end (a link
destination leaves no token of its own). The raw content is then aligned to
the source lines, which is exact except where markdown-it rewrote a line
(an expanded tab, an escaped table pipe): there a character-by-character
alignment takes over.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.autolink import autolink
from markdown_it.rules_inline.image import image
from markdown_it.rules_inline.link import link
from markdown_it.token import Token

from msgalign.ingest.textspans import (
    BlockSink,
    LocatedText,
    check_markup_budget,
    comment_directives,
    directive_text,
    line_spans,
)
from msgalign.text.yamlbudget import BudgetMixin
from msgalign.types import Directive, SourceText


class _FrontMatterLoader(BudgetMixin, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's C safe loader when it is installed (several times faster), with the alias budget."""


_SAFE_LOADER = _FrontMatterLoader

_FRONT_MATTER_OPEN = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_MAX_FRONT_MATTER = 64_000
_CONTAINERS = {
    "blockquote_open": "quote",
    "list_item_open": "list_item",
    "th_open": "table_cell",
    "td_open": "table_cell",
    "heading_open": "heading",
}
_BREAK_TAG = re.compile(r"<br\b", re.IGNORECASE)

InlineRule = Callable[[StateInline, bool], bool]


def _recording_end(rule: InlineRule) -> InlineRule:
    """Wrap an inline rule so its last token records where its source ends."""

    def wrapped(state: StateInline, silent: bool) -> bool:
        count = len(state.tokens)
        matched = rule(state, silent)
        if matched and not silent and len(state.tokens) > count:
            state.tokens[-1].meta["src_end"] = state.pos
        return matched

    return wrapped


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    # Keep escapes and entities as their own tokens: they are the only
    # places where the text differs from the source it came from.
    md.disable("text_join")
    md.inline.ruler.at("link", _recording_end(link))
    md.inline.ruler.at("image", _recording_end(image))
    md.inline.ruler.at("autolink", _recording_end(autolink))
    return md


def split_front_matter(text: str) -> tuple[dict[str, object], int]:
    """The YAML front matter as a dict, and where the Markdown body starts.

    Only a mapping counts: a document that opens with `---`, a line and `---`
    but is not YAML is a thematic break and a heading, so it stays Markdown.
    """
    opening = _FRONT_MATTER_OPEN.match(text)
    if opening is None:
        return {}, 0
    closing = _FRONT_MATTER_CLOSE.search(text, opening.end(), opening.end() + _MAX_FRONT_MATTER)
    if closing is None:
        return {}, 0
    try:
        data = yaml.load(text[opening.end() : closing.start()], Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    except Exception:  # any YAML problem (a nesting or alias bomb too) means "not front matter"
        return {}, 0
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, 0
    return {str(key): value for key, value in data.items()}, closing.end()


def read_markdown(source: SourceText, max_blocks: int) -> tuple[BlockSink, dict[str, object], list[Directive]]:
    text = source.text
    check_markup_budget(text)
    front_matter, body_start = split_front_matter(text)
    lines = line_spans(text)
    # Blank the front matter but keep its line breaks, so markdown-it's line
    # numbers stay the source's line numbers.
    body = re.sub(r"[^\r\n]", " ", text[:body_start]) + text[body_start:]
    tokens = _parser().parse(body)
    sink = BlockSink(source, max_blocks)
    directives: list[Directive] = []
    containers: list[str] = []
    row_cursor: dict[int, int] = {}
    for token in tokens:
        kind = _CONTAINERS.get(token.type)
        if kind is not None:
            containers.append(kind)
        elif token.type in ("blockquote_close", "list_item_close", "th_close", "td_close", "heading_close"):
            if containers:
                containers.pop()
        elif token.type == "html_block" and token.map:
            start = lines[token.map[0]][0]
            end = lines[min(token.map[1], len(lines)) - 1][1]
            directives.extend(comment_directives(source, start, end))
        elif token.type == "inline" and token.map:
            kind = containers[-1] if containers else "paragraph"
            if kind == "table_cell":
                content_map = _cell_map(token.content, text, lines[token.map[0]], row_cursor, token.map[0])
            else:
                content_map = _content_map(token.content, text, lines, token.map[0])
            located = LocatedText()
            _walk_inline(token, content_map, located, source, directives)
            sink.emit(kind, located)
    return sink, front_matter, directives


def _walk_inline(
    token: Token, cmap: list[int], located: LocatedText, source: SourceText, directives: list[Directive]
) -> None:
    content = token.content
    cursor = 0

    def find(needle: str) -> int:
        # The next token's source starts at the cursor, or after whitespace
        # the newline rule skipped; the search stays near it, so a token
        # that cannot be found costs little, not a scan of the paragraph.
        if not needle or content.startswith(needle, cursor):
            return cursor
        start = cursor
        while start < len(content) and content[start].isspace():
            start += 1
        found = content.find(needle, cursor, start + len(needle) + 64)
        return cursor if found < 0 else found

    for child in token.children or []:
        kind = child.type
        if kind == "text":
            at = find(child.content)
            if content.startswith(child.content, at):
                located.add_mapped(child.content, cmap[at : at + len(child.content)])
                cursor = at + len(child.content)
            else:  # an autolink's normalised URL: no exact source, protected anyway
                for char in child.content:
                    located.add_char(char, cmap[at])
        elif kind == "text_special":
            at = find(child.markup)
            located.add_decoded(child.content, child.markup, cmap[at])
            cursor = at + len(child.markup)
        elif kind == "code_inline":
            cursor = _add_code(child, content, find(child.markup), cmap, located)
        elif kind in ("softbreak", "hardbreak"):
            newline = content.find("\n", cursor)
            # Point at the first trailing space, or at the line break itself
            # when the break is a backslash.
            at = cursor if content[cursor : cursor + 1].isspace() or newline < 0 else newline
            located.add_space(cmap[at])
            cursor = newline + 1 if newline >= 0 else cursor
        elif kind == "link_open" and child.markup == "autolink":
            cursor = find("<") + 1
            located.begin_protected()  # the visible text is the URL itself
        elif kind == "link_close" and child.markup == "autolink":
            located.end_protected()
            cursor = child.meta.get("src_end", cursor)
        elif kind == "link_open":
            cursor = find("[") + 1
        elif kind == "link_close":
            cursor = child.meta.get("src_end", cursor)  # past `](url "title")`
        elif kind.endswith(("_open", "_close")) and child.markup:
            cursor = find(child.markup) + len(child.markup)
        elif kind == "image":
            cursor = child.meta.get("src_end", cursor)
        elif kind == "html_inline":
            at = find(child.content)
            body = child.content
            if body.startswith("<!--") and body.endswith("-->"):
                text = directive_text(body[4:-3])
                if text is not None:
                    directives.append(Directive(text=text, line=source.line_col(cmap[at])[0]))
            elif _BREAK_TAG.match(body):
                located.add_space(cmap[at])
            cursor = at + len(body)
        cursor = min(cursor, len(content))


def _add_code(child: Token, content: str, opening: int, cmap: list[int], located: LocatedText) -> int:
    """Inline code: its text stays (so sentences read right) but is protected."""
    start = opening + len(child.markup)
    code = child.content
    raw = content[start : start + len(code)].replace("\n", " ")
    if raw != code and content[start : start + 1] in (" ", "\n"):
        start += 1  # markdown-it strips one space from each side of `` ` x ` ``
    located.begin_protected()
    located.add_mapped(code, cmap[start : start + len(code)])
    located.end_protected()
    end = start + len(code)
    closing = content.find(child.markup, end, end + len(child.markup) + 2)
    return closing + len(child.markup) if closing >= 0 else end


def _content_map(content: str, text: str, lines: list[tuple[int, int]], first_line: int) -> list[int]:
    """Source offset of every character of an inline token's raw content.

    Line k of the content is the tail of source line first_line + k (block
    markers and indentation are what markdown-it cut from its front). The
    extra last entry maps the end of the content.
    """
    cmap: list[int] = []
    pieces = content.split("\n")
    for k, piece in enumerate(pieces):
        start, end = lines[min(first_line + k, len(lines) - 1)]
        cmap.extend(_align(piece, text, start, end, tail=True))
        if k < len(pieces) - 1:
            cmap.append(end)  # the line break itself
    cmap.append(cmap[-1] + 1 if cmap else lines[min(first_line, len(lines) - 1)][0])
    return cmap


def _cell_map(
    content: str, text: str, line: tuple[int, int], row_cursor: dict[int, int], row: int
) -> list[int]:
    """A table cell: its content is the next piece of its row after the last cell."""
    start = row_cursor.get(row, line[0])
    cmap = _align(content, text, start, line[1], tail=False)
    row_cursor[row] = (cmap[-1] + 1) if cmap else start
    cmap.append(cmap[-1] + 1 if cmap else start)
    return cmap


def _align(piece: str, text: str, start: int, end: int, *, tail: bool) -> list[int]:
    """Offsets of `piece` inside text[start:end], exact when it is a substring.

    Searches use bounds rather than slices: a table row of 10,000 cells must
    not copy the rest of the row for every cell.
    """
    if not piece:
        return []
    if tail:
        if text.endswith(piece, start, end):
            return list(range(end - len(piece), end))
        stripped = end
        while stripped > start and text[stripped - 1].isspace():
            stripped -= 1
        if text.endswith(piece, start, stripped):
            return list(range(stripped - len(piece), stripped))
    else:
        # A table cell starts right after the cursor (past spaces and its
        # pipe) and its source is at most twice its text (`\\|` escapes), so
        # a failed search must not scan the rest of a 10,000-cell row.
        while start < end and text[start] in " \t|":
            start += 1
        end = min(end, start + 2 * len(piece) + 2)
    found = text.find(piece, start, end)
    if found >= 0:
        return list(range(found, found + len(piece)))
    # markdown-it rewrote the line (a tab became spaces, `\\|` became `|`):
    # match character by character, leaving unmatched ones on their neighbour.
    out: list[int] = []
    position = start
    last = max(start, end - 1)
    for char in piece:
        hit = text.find(char, position, min(end, position + 8))
        if hit < 0:
            out.append(min(position, last))
            continue
        out.append(hit)
        position = hit + 1
    return out
