"""Markdown → blocks whose every character knows its line and column.

markdown-it-py gives line ranges for blocks but no positions inside a line,
so each inline token is located by walking its parent's raw content with a
cursor: markup tokens carry their markup, text tokens their verbatim text,
and the link and image rules are wrapped to record where they end (a link
destination leaves no token of its own). The raw content is then aligned to
the source lines, which is exact except where markdown-it rewrote a line
(an expanded tab, an escaped table pipe): there a character-by-character
alignment takes over.

Before markdown-it, the front matter and what `ingest.mdx` finds is not
prose (ESM lines, JSX tags, `{...}` expressions, template macros) are taken
out of the text, line breaks kept; what markdown-it reads of the rest is
mapped back to the source offset by offset. The front matter's `title` and
`description`, and the prose props of components, become blocks of their
own at their exact places.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.autolink import autolink
from markdown_it.rules_inline.image import image
from markdown_it.rules_inline.link import link
from markdown_it.token import Token

from msgalign.ingest.htmltext import VisibleText, read_tag, scan_html
from msgalign.ingest.limits import Limits
from msgalign.ingest.mdx import Piece, Prop, scan
from msgalign.ingest.shortcodes import drop_unterminated, read_shortcodes
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
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

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


@lru_cache(maxsize=2)
def _parser(mdx: bool = False) -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    if mdx:
        md.disable("code")  # MDX has no indented code: indentation is how components nest
    # Keep escapes and entities as their own tokens: they are the only
    # places where the text differs from the source it came from.
    md.disable("text_join")
    md.inline.ruler.at("link", _recording_end(link))
    md.inline.ruler.at("image", _recording_end(image))
    md.inline.ruler.at("autolink", _recording_end(autolink))
    return md


@dataclass(frozen=True)
class FrontMatter:
    """The YAML block at the top of a page: its values, where the body starts, what in it is prose.

    `problem` is (offset, plain-words reason) when the YAML is not valid; the
    block is still kept out of the prose, and `data` then holds what its
    one-line `key: value` entries say.
    """

    data: dict[str, object] = field(default_factory=dict)
    body_start: int = 0
    prose: tuple[tuple[str, tuple[Piece, ...]], ...] = ()
    problem: tuple[int, str] | None = None


def split_front_matter(text: str) -> tuple[dict[str, object], int]:
    """The front matter's values, and where the Markdown body starts (see `read_front_matter`)."""
    front = read_front_matter(text)
    return front.data, front.body_start


def read_front_matter(text: str) -> FrontMatter:
    """The front matter between a first line `---` and the next `---` (or `...`) line.

    A block that YAML reads as a mapping is front matter. So is one that is
    not valid YAML but opens like a mapping (a `key:` line): a date such as
    2024-31-12, a tab or an unquoted colon must not turn the page's metadata
    into prose; `problem` says what is wrong. A block that is valid YAML but
    not a mapping (a lone line of text) is Markdown: a thematic break and a
    heading. A block that opens like a mapping but has no closing line ends
    at its first blank line, with a `problem` that says so.
    """
    opening = _FRONT_MATTER_OPEN.match(text)
    if opening is None:
        return FrontMatter()
    start = opening.end()
    problem: tuple[int, str] | None = None
    closing = _FRONT_MATTER_CLOSE.search(text, start, start + _MAX_FRONT_MATTER)
    if closing is not None:
        raw_end, body_start = closing.start(), closing.end()
    elif _OPENS_LIKE_MAPPING.match(text, start, start + _MAX_FRONT_MATTER):
        blank = _BLANK_LINE.search(text, start, start + _MAX_FRONT_MATTER)
        raw_end = body_start = blank.start() + 1 if blank else min(len(text), start + _MAX_FRONT_MATTER)
        problem = (0, "the front matter (the block that starts with --- at the top) has no closing --- line; "
                      "it was taken to end at the first blank line and kept out of the prose")
    else:
        return FrontMatter()
    raw = text[start:raw_end]
    unread_prose: set[str] = set()
    try:
        data = yaml.load(raw, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    except Exception as exc:  # any YAML problem (a nesting or alias bomb too)
        if not _OPENS_LIKE_MAPPING.match(raw):
            return FrontMatter()
        data, bad_line, unread_prose = _simple_entries(raw, start)
        mark = getattr(exc, "problem_mark", None)
        at = start + mark.index if mark is not None and 0 <= mark.index <= len(raw) else bad_line
        problem = problem or (at if at is not None else start,
                   f"the front matter (between the --- lines at the top) is not valid YAML: {_yaml_reason(exc)}. "
                   "It was kept out of the prose; only its simple one-line values were read")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return FrontMatter()
    values = {str(key): value for key, value in data.items()}
    prose = tuple(
        (kind, pieces)
        for key, kind in _FRONT_MATTER_PROSE
        if (isinstance(values.get(key), str) or key in unread_prose)
        and (pieces := _scalar_pieces(text, key, start, raw_end))
    )
    return FrontMatter(values, body_start, prose, problem)


# Front matter keys read as prose, and the kind of block each becomes.
_FRONT_MATTER_PROSE = (("title", "heading"), ("description", "paragraph"))
_PROSE_KEYS = frozenset(key for key, _ in _FRONT_MATTER_PROSE)
_OPENS_LIKE_MAPPING = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\r?\n)*[\"']?[A-Za-z_][\w .-]*[\"']?[ \t]*:(?:[ \t]|\r?$)",
                                 re.MULTILINE)
_KEY_OR_ITEM = re.compile(r"(?:[\w.\"'-]+[ \t]*:(?:[ \t]|\r?$)|-[ \t]|-\r?$|#)")
_COMMENT_START = re.compile(r"[ \t]#")
_BLANK_LINE = re.compile(r"\n[ \t]*(?:\r?\n|\r|\Z)")
_BLOCK_INDICATOR = re.compile(r"[|>][+-]?[1-9]?[+-]?(?:[ \t]+#.*)?")
_ENTRY = re.compile(r"^([A-Za-z_][\w.-]*)[ \t]*:[ \t]*(.*?)[ \t]*\r?$", re.MULTILINE)


def _yaml_reason(exc: Exception) -> str:
    """What is wrong with the YAML, in plain words."""
    problem = str(getattr(exc, "problem", "") or "")
    if "\\t" in problem or "\t" in problem or "tab" in problem:
        return "it has a tab character where YAML allows only spaces"
    if "mapping values are not allowed" in problem:
        return "a value has a colon in it (put the value in quotes)"
    if isinstance(exc, ValueError) and not isinstance(exc, yaml.YAMLError):
        return f"a date that does not exist ({exc})" if re.search(r"month|day|year", str(exc)) else str(exc)
    if problem:
        return problem
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _simple_entries(raw: str, base: int) -> tuple[dict[str, object], int | None, set[str]]:
    """The top-level `key: value` entries of a front matter YAML cannot read, and the offset of the first bad one.

    A value is one line, or a block (`|`, `>`) of the indented lines under it;
    a value that YAML cannot read on its own line either is left out. The
    third value names the prose keys (title, description) whose value is
    left out but still reads as words, so it is still linted.
    """
    entries: dict[str, object] = {}
    prose: set[str] = set()
    bad: int | None = None
    for entry in _ENTRY.finditer(raw):
        key, value = entry.group(1), entry.group(2)
        if _BLOCK_INDICATOR.fullmatch(value):
            lines = _indented_lines(raw, entry.end(), len(raw))
            entries[key] = "".join(piece[0] for piece in lines)
            continue
        if not value or value.startswith("#"):
            continue
        try:
            parsed = yaml.load(value, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
        except Exception:  # noqa: BLE001 - a value YAML cannot read is left out, not guessed at
            if bad is None:
                bad = base + entry.start()
            if key in _PROSE_KEYS and value[:1].isalnum():  # prose all the same ("title: Pricing: simple")
                prose.add(key)
            continue
        entries[key] = parsed if isinstance(parsed, (str, int, float, bool)) or parsed is None else value
    return entries, bad, prose


_YAML_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", " ": " ", "/": "/", "\\": "\\", '"': '"',
                 "_": "\u00a0", "N": "\u0085", "L": "\u2028", "P": "\u2029", "e": "\x1b", "a": "\x07",
                 "b": "\b", "f": "\f", "v": "\v", "\t": "\t"}
_YAML_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\r?\n|.)", re.DOTALL)


def _scalar_pieces(text: str, key: str, start: int, end: int) -> tuple[Piece, ...]:
    """The source pieces of a top-level `key:` scalar in text[start:end]: plain, quoted, or a block (| or >)."""
    line = re.compile(rf"^{re.escape(key)}[ \t]*:[ \t]*", re.MULTILINE).search(text, start, end)
    if line is None:
        return ()
    position = line.end()
    line_end = _line_end(text, position, end)
    char = text[position] if position < line_end else ""
    if char in ("'", '"'):
        return _quoted(text, position, end)
    if char in ("|", ">"):
        return _indented_lines(text, line_end, end)
    if not char or char == "#":
        return _indented_lines(text, line_end, end, plain=True)
    comment = _COMMENT_START.search(text, position, line_end)
    stop = comment.start() if comment else line_end
    while stop > position and text[stop - 1] in " \t\r":
        stop -= 1
    return ((text[position:stop], text[position:stop], position), *_indented_lines(text, line_end, end, plain=True))


def _line_end(text: str, position: int, end: int) -> int:
    newline = text.find("\n", position, end)
    return end if newline < 0 else newline


def _indented_lines(text: str, position: int, end: int, *, plain: bool = False) -> tuple[Piece, ...]:
    """The lines after `position` that are indented (a block scalar or a plain scalar's continuation).

    A plain scalar's continuation stops at a line that reads as a key or a list item of its own.
    """
    pieces: list[Piece] = []
    while position < end:
        start = position + 1 if text[position] == "\n" else position
        line_end = _line_end(text, start, end)
        content = start
        while content < line_end and text[content] in " \t":
            content += 1
        if content == start and content < line_end and text[content] not in "\r":
            break  # a line at column one: the next key
        if plain and _KEY_OR_ITEM.match(text, content, line_end):
            break
        comment = _COMMENT_START.search(text, content, line_end) if plain else None
        stop = comment.start() if comment else line_end
        while stop > content and text[stop - 1] in " \t\r":
            stop -= 1
        if stop > content:
            if pieces:
                pieces.append((" ", text[position], position))
            pieces.append((text[content:stop], text[content:stop], content))
        position = line_end
        if line_end >= end:
            break
    return tuple(pieces)


def _quoted(text: str, position: int, end: int) -> tuple[Piece, ...]:
    """A quoted YAML scalar: `''` in single quotes, backslash escapes in double quotes; line breaks fold."""
    quote = text[position]
    pieces: list[Piece] = []
    run = k = position + 1
    while k < end:
        char = text[k]
        if quote == "'" and char == "'" and text.startswith("''", k):
            pieces.append((text[run:k], text[run:k], run))
            pieces.append(("'", "''", k))
            k = run = k + 2
            continue
        if char == quote:
            break
        if quote == '"' and char == "\\":
            escape = _YAML_ESCAPE.match(text, k)
            if escape is not None:
                pieces.append((text[run:k], text[run:k], run))
                pieces.append((_yaml_unescape(escape.group()), escape.group(), k))
                k = run = escape.end()
                continue
        k += 1
    pieces.append((text[run:k], text[run:k], run))
    return tuple(piece for piece in pieces if piece[1])


def _yaml_unescape(escape: str) -> str:
    body = escape[1:]
    if body[0] in "xuU" and len(body) > 1:
        code = int(body[1:], 16)
        return chr(code) if code <= 0x10FFFF else "\ufffd"
    if body in ("\n", "\r\n"):
        return ""
    return _YAML_ESCAPES.get(body, body)


def read_markdown(source: SourceText, max_blocks: int, *, mdx: bool = False,
                  warnings: list[tuple[int, str]] | None = None, max_html_depth: int = Limits.max_html_depth,
                  strings: list[tuple[int, int]] | None = None,
                  ) -> tuple[BlockSink, dict[str, object], list[Directive]]:
    """Blocks, front matter and directives of a Markdown (or, with `mdx`, an MDX) text.

    `warnings` hears (offset, plain-words message) for what was read but is
    not right: front matter that is not valid YAML, a tag that never closes.
    Raw HTML blocks (`<div><p>…</p></div>`) are read as the HTML reader reads
    a page (`ingest.htmltext`): their visible text, at its exact places, with
    `<h2>` a heading and `<li>` a list item; never script, style, comments or
    attribute values. `max_html_depth` bounds how deep their elements nest.
    `strings` hears the source ranges of the JSX strings that were read (props, `{...}`).
    """
    text = source.text
    check_markup_budget(text)
    front = read_front_matter(text)
    scanned = scan(text, front.body_start, mdx=mdx)
    cuts = ([(0, front.body_start, False)] if front.body_start else []) + scanned.cuts
    body, body_map = _without(text, cuts)
    lines = line_spans(body)
    source_lines = line_spans(text) if body_map is not None else lines
    tokens = _parser(mdx).parse(body)
    sink = BlockSink(source, max_blocks)
    directives: list[Directive] = [
        Directive(text=found, line=source.line_col(offset)[0])
        for offset, comment in scanned.comments
        if (found := directive_text(comment)) is not None
    ]
    for front_kind, pieces in front.prose:
        sink.emit(front_kind, LocatedText.of_pieces(pieces))
    # Hugo shortcodes (`{{< quote author="…" >}}…{{< /quote >}}`): what their tags, which the scan cut, mean.
    shortcodes = read_shortcodes(text, sorted((s, e) for s, e, _ in scanned.cuts)) if not mdx else None
    quotes = sorted(scanned.quotes + shortcodes.quotes) if shortcodes else scanned.quotes
    quote_starts = [start for start, _ in quotes]
    props = list(scanned.props)
    props.reverse()  # popped from the end, in source order
    # A quote shortcode's speaker (after its words) and a figure shortcode's caption, in source order.
    extras = [(e.offset, "quote" if e.action == "quote_close" else "paragraph", e.pieces)
              for e in (shortcodes.events if shortcodes else ()) if e.pieces]
    extras.reverse()
    problems: list[tuple[int, str]] = []
    containers: list[str] = []
    row_cursor: dict[int, int] = {}

    previous_kind = ["paragraph"]
    previous_lines = [0, 0]  # the first and last line of the block emitted last

    def emit_pending(before: int) -> None:
        """The JSX strings, then the shortcode speakers and captions, that start before `before`."""
        while props and props[-1].offset < before:
            prop = props.pop()
            # a string of a `{...}` on the lines of a heading, item or cell is a block of that kind
            inline = prop.inline and previous_lines[0] <= source.line_col(prop.offset)[0] <= previous_lines[1]
            _emit_prop(sink, prop, previous_kind[0] if inline else "paragraph")
        while extras and extras[-1][0] < before:
            _, extra_kind, pieces = extras.pop()
            sink.emit(extra_kind, LocatedText.of_pieces(pieces))

    def emit(kind: str, located: LocatedText) -> None:
        if located.offsets:
            if shortcodes is not None:
                drop_unterminated(located, text, problems)
        if located.offsets:
            first = located.offsets[0]
            emit_pending(first)
            if kind == "paragraph" and _inside(quotes, quote_starts, first):
                kind = "quote"
            previous_kind[0] = kind
            previous_lines[:] = [source.line_col(first)[0], source.line_col(located.offsets[-1])[0]]
        sink.emit(kind, located)

    for token in tokens:
        kind = _CONTAINERS.get(token.type)
        if kind is not None:
            containers.append(kind)
        elif token.type in ("blockquote_close", "list_item_close", "th_close", "td_close", "heading_close"):
            if containers:
                containers.pop()
        elif token.type == "html_block" and token.map:
            start = source_lines[token.map[0]][0]
            end = source_lines[min(token.map[1], len(source_lines)) - 1][1]
            directives.extend(comment_directives(source, start, end))
            html_map = _content_map(token.content, body, lines, token.map[0])
            if body_map is not None:
                html_map = [body_map[offset] for offset in html_map]
            base = containers[-1] if containers else "paragraph"
            scan_html(token.content, VisibleText(emit, max_html_depth, base_kind=base, offsets=html_map))
        elif token.type == "inline" and token.map:
            kind = containers[-1] if containers else "paragraph"
            if kind == "table_cell":
                content_map = _cell_map(token.content, body, lines[token.map[0]], row_cursor, token.map[0])
            else:
                content_map = _content_map(token.content, body, lines, token.map[0])
            if body_map is not None:
                content_map = [body_map[offset] for offset in content_map]
            located = LocatedText()
            _walk_inline(token, content_map, located, source, directives)
            emit(kind, located)
    emit_pending(len(text) + 1)
    if warnings is not None:
        if front.problem is not None:
            warnings.append(front.problem)
        warnings.extend(scanned.warnings)
        if shortcodes is not None:
            warnings.extend(sorted(shortcodes.warnings + problems))
    if strings is not None:
        strings.extend(scanned.strings)
    return sink, front.data, directives


def _emit_prop(sink: BlockSink, prop: Prop, kind: str = "paragraph") -> None:
    sink.emit("quote" if prop.name.lower() == "quote" else kind, LocatedText.of_pieces(prop.pieces))


def _inside(spans: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    """`offset` is inside one of the sorted spans (nested ones are looked for a few levels out)."""
    at = bisect.bisect_right(starts, offset)
    return any(start <= offset < end for start, end in spans[max(0, at - 8) : at])


def _without(text: str, cuts: list[tuple[int, int, bool]]) -> tuple[str, list[int] | None]:
    """`text` with the cuts taken out (their line breaks stay), and each character's offset in `text`.

    The map has one more entry than the text, for its end. No cuts: the text itself and no map.
    """
    if not cuts:
        return text, None
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    for start, end, as_space in sorted(cuts):
        start = max(start, position)
        if end <= start:
            continue
        pieces.append(text[position:start])
        offsets.extend(range(position, start))
        if as_space:
            pieces.append(" ")
            offsets.append(start)
        for brk in _LINE_BREAK.finditer(text, start, end):
            pieces.append(brk.group())
            offsets.extend(range(brk.start(), brk.end()))
        position = end
    pieces.append(text[position:])
    offsets.extend(range(position, len(text) + 1))
    return "".join(pieces), offsets


def _walk_inline(
    token: Token, cmap: list[int], located: LocatedText, source: SourceText, directives: list[Directive]
) -> None:
    content = token.content
    cursor = 0
    # Inline HTML: the text inside <script>, <style>, <span hidden> ... goes nowhere; inside <code>
    # or <kbd> it is protected, as the HTML reader protects it.
    shown, hidden = located, LocatedText()
    hiding: list[str] = []
    protecting: list[str] = []

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
        out = hidden if hiding else shown
        kind = child.type
        if kind == "text":
            at = find(child.content)
            if content.startswith(child.content, at):
                out.add_mapped(child.content, cmap[at : at + len(child.content)])
                cursor = at + len(child.content)
            else:  # an autolink's normalised URL: no exact source, protected anyway
                for char in child.content:
                    out.add_char(char, cmap[at])
        elif kind == "text_special":
            at = find(child.markup)
            out.add_decoded(child.content, child.markup, cmap[at])
            cursor = at + len(child.markup)
        elif kind == "code_inline":
            cursor = _add_code(child, content, find(child.markup), cmap, out)
        elif kind in ("softbreak", "hardbreak"):
            newline = content.find("\n", cursor)
            # Point at the first trailing space, or at the line break itself
            # when the break is a backslash.
            at = cursor if content[cursor : cursor + 1].isspace() or newline < 0 else newline
            out.add_space(cmap[at])
            cursor = newline + 1 if newline >= 0 else cursor
        elif kind == "link_open" and child.markup == "autolink":
            cursor = find("<") + 1
            out.begin_protected()  # the visible text is the URL itself
        elif kind == "link_close" and child.markup == "autolink":
            out.end_protected()
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
            elif (tag := read_tag(body)) is not None:
                if tag.breaks:
                    out.add_space(cmap[at])
                elif tag.closing:
                    if hiding and hiding[-1] == tag.name:
                        hiding.pop()
                    elif not hiding and protecting and protecting[-1] == tag.name:
                        protecting.pop()
                        shown.end_protected()
                elif tag.void:
                    pass
                elif hiding and hiding[-1] == tag.name or not hiding and tag.hides:
                    hiding.append(tag.name)
                elif not hiding and tag.protects:
                    protecting.append(tag.name)
                    shown.begin_protected()
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
        # A tab in a list item's continuation line comes back as spaces: the rest is exact,
        # and the spaces point at the whitespace before it.
        core = piece.lstrip(" \t")
        if core and len(core) < len(piece):
            for stop in (end, stripped):
                if text.endswith(core, start, stop):
                    at = stop - len(core)
                    return [max(start, at - 1)] * (len(piece) - len(core)) + list(range(at, stop))
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
