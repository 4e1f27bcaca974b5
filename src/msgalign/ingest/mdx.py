"""MDX (and JSX in Markdown) before markdown-it: what is not prose, and the prose that props carry.

No Python library parses MDX, and markdown-it does not know JSX: a
multi-line `<Video title="..." />` would reach it as a paragraph of markup,
and `import` lines as sentences. So one forward scan finds what is not
prose — ESM `import`/`export` blocks, JSX tags with their attributes,
`{...}` expressions, template macros — as *cuts* (source ranges), and reads
the string props of components that are prose (`title`, `alt`, `caption`,
`quote`, ...) as pieces with their source offsets. The Markdown reader then
parses the text with the cuts taken out (line breaks kept, so every line
stays the line it was) and maps what markdown-it returns back to the source.

A `{...}` that holds a string, in the text or as a prop's value, is parsed
with the TSX reader's parser and read as it reads one (`ingest.jsexpr`):
each string on either side of a condition (`{isNew ? "..." : "..."}`,
`{signedIn && "..."}`) that reads as prose becomes a prop of its own at
its exact place; the rest of the expression is code. A plain `{' '}` or
`{"more words"}` in the text stays where it is, as text. An expression
that is not valid JavaScript is a warning, and nothing in it is read.

The scan respects what JSX respects: code fences and inline code are never
scanned for tags, strings and template literals inside expressions may
hold braces, and an attribute string may span lines. It never recurses and
never rescans beyond a fixed budget, so a hostile file costs a ReadError
("too many unclosed ...") at worst. Broken markup in an MDX file (a tag
that never ends, a `{` never closed) is cut to the end of its line and
reported as a warning; the rest of the file is still read.

In a `.md` file only what is unambiguous is JSX: capitalised components
(`<Figure>`, `<Video>`) and fragments; lowercase HTML stays Markdown's.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from msgalign.errors import ReadError
from msgalign.ingest.jsexpr import expression_strings
from msgalign.ingest.limits import Limits
from msgalign.ingest.props import JS_ESCAPE, QUOTE_NAME, Piece, html_string, looks_like_prose, unescape_js
from msgalign.ingest.textspans import MacroFinder

__all__ = ["Piece", "Prop", "Scan", "looks_like_prose", "scan"]

_SPECIAL = re.compile(r"[`<{\\\n]")
_NAME = re.compile(r"[A-Za-z_$][\w$-]*(?:[.:][A-Za-z_$][\w$-]*)*")
_ATTRIBUTE = re.compile(r"[A-Za-z_$][\w$-]*(?::[A-Za-z_$][\w$-]*)?")
_SPACE = re.compile(r"\s*")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*)>")
_FENCE_OPEN = re.compile(r"[ \t]*(?:(?:>|[-*+]|\d{1,9}[.)])[ \t]*)*(`{3,}|~{3,})([^\r\n]*)")
_FENCE_CLOSE = re.compile(r"^[ \t>]*(`{3,}|~{3,})[ \t]*\r?$", re.MULTILINE)
_BLANK_LINE = re.compile(r"\n[ \t]*(?:\r?\n|\Z)")
_LINE_END = re.compile(r"\r\n|\r|\n|\Z")
# ESM as MDX has it: at the start of a line, outside any component, and unmistakably code
# (prose that happens to start with "import your data" is not matched).
_ESM = re.compile(
    r"(?:import[ \t]*(?:\{|\*|['\"]|[\w$]+[ \t]*(?:,|[ \t]from[ \t]*['\"]))"
    r"|export[ \t]+(?:(?:const|let|var|function|class|default|async|type|interface)\b|\{|\*))"
)
_JS_SPECIAL = re.compile(r"[{}'\"`]|//|/\*")
_ESM_SPECIAL = re.compile(r"[{}()\[\]'\"`]|//|/\*")
_TEMPLATE_SPECIAL = re.compile(r"[`\\]|\$\{")
_JS_STRING_END = {
    "'": re.compile(r"(?:[^'\\\n]|\\.)*'?", re.DOTALL),
    '"': re.compile(r'(?:[^"\\\n]|\\.)*"?', re.DOTALL),
}
_LITERAL = re.compile(r"\{\s*([\"'`])")
_COMMENT = re.compile(r"\{\s*/\*(.*)\*/\s*\}", re.DOTALL)
# A `{"..."}` in body text whose words can stay where they are, as Markdown text (`{' '}` before a link).
_PLAIN_LITERAL = re.compile(r"[^\\\n<>{}\[\]*_`#&|~!]*")
# An expression that may render words holds a string or a template literal.
_HAS_STRING = re.compile(r"[\"'`]")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")

# Lowercase elements whose content is never prose: cut whole, up to the end tag.
_OPAQUE = {"script", "style", "pre", "code", "svg", "math", "textarea", "template", "iframe"}
_BREAKS = {"br", "hr"}
_MAX_WARNINGS = 5
# What one token of a JavaScript scan costs against the budget, in characters: a scan of a
# million one-character tokens costs Python a million steps, not a million characters' worth.
_TOKEN_COST = 8

@dataclass(frozen=True)
class Prop:
    """A component's string prop that reads as prose, with where each character came from."""

    component: str
    name: str
    pieces: tuple[Piece, ...]
    inline: bool = False  # a string of a `{...}` in the text: it takes the kind of the block around it

    @property
    def text(self) -> str:
        return "".join(piece[0] for piece in self.pieces)

    @property
    def offset(self) -> int:
        return self.pieces[0][2] if self.pieces else 0


@dataclass
class Scan:
    """What one scan found: ranges that are not prose, prose props, quotations, comments, problems."""

    # (start, end, as_space): source ranges to take out; `as_space` leaves one space (a `<br/>` between words).
    cuts: list[tuple[int, int, bool]] = field(default_factory=list)
    props: list[Prop] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)  # the children of quotation components
    comments: list[tuple[int, str]] = field(default_factory=list)  # `{/* ... */}`: offset and body
    warnings: list[tuple[int, str]] = field(default_factory=list)  # offset and a plain-words message
    # Source ranges of the strings in JSX that were read (a prop's value, a string in a `{...}`): their
    # words are inside code, so a fix there must need no escaping.
    strings: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class _Tag:
    end: int
    name: str
    closing: bool
    self_closing: bool
    props: tuple[tuple[str, tuple[Piece, ...]], ...]


@dataclass
class _Open:
    name: str
    offset: int
    children: int


def scan(text: str, start: int = 0, *, mdx: bool, max_depth: int = 256,
         max_seconds: float = Limits.max_jsx_seconds) -> Scan:
    """Cuts, prose props and quotations of `text` from `start` (the end of its front matter).

    `max_seconds` bounds the time spent parsing the `{...}` expressions that hold strings.
    """
    return _Scanner(text, start, mdx, max_depth).run(max_seconds)


class _Scanner:
    def __init__(self, text: str, start: int, mdx: bool, max_depth: int) -> None:
        self.text = text
        self.start = start
        self.mdx = mdx
        self.max_depth = max_depth
        self.macros = MacroFinder(text)
        self.out = Scan()
        self.stack: list[_Open] = []
        # Characters a scan may look at beyond the text itself (failed searches for a closer).
        self.budget = 4 * len(text) + 100_000
        self._blank_from = -1
        self._blank_at = -1
        self._extra_warnings = 0
        # `{...}` that hold a string: (start, end, component, prop name or "text", in body text or not)
        self.pending: list[tuple[int, int, str, str, bool]] = []

    # -- bookkeeping ----------------------------------------------------------

    def spend(self, amount: int) -> None:
        self.budget -= amount
        if self.budget < 0:
            raise ReadError("the file has too many unclosed tags, braces, quotes or backticks to read "
                            "(check its markup, or split the file)")

    def warn(self, offset: int, message: str) -> None:
        if len(self.out.warnings) < _MAX_WARNINGS:
            self.out.warnings.append((offset, message))
        else:
            self._extra_warnings += 1

    def cut(self, start: int, end: int, as_space: bool = False) -> None:
        if end > start:
            self.out.cuts.append((start, end, as_space))

    def paragraph_end(self, position: int) -> int:
        """Where the blank line after `position` starts (cached: callers ask in increasing order)."""
        if not (self._blank_from <= position <= self._blank_at):
            found = _BLANK_LINE.search(self.text, position)
            self._blank_from = position
            self._blank_at = found.start() if found else len(self.text)
            self.spend(self._blank_at - position)
        return self._blank_at

    def line_end(self, position: int) -> int:
        found = _LINE_END.search(self.text, position)
        return found.start() if found else len(self.text)

    # -- the scan -------------------------------------------------------------

    def run(self, max_seconds: float) -> Scan:
        text = self.text
        i = self.start
        line_start = True
        while i < len(text):
            if line_start:
                line_start = False
                skipped = self.at_line_start(i)
                if skipped is not None:
                    i = skipped
                    line_start = True
                    continue
            found = _SPECIAL.search(text, i)
            if found is None:
                break
            j = found.start()
            char = text[j]
            if char == "\n":
                i = j + 1
                line_start = True
            elif char == "\\":
                i = j + 2
            elif char == "`":
                i = self.code_span(j)
            elif char == "{":
                i = self.brace(j)
            else:
                i = self.angle(j)
        self.read_expressions(max_seconds)
        self.finish()
        return self.out

    def finish(self) -> None:
        if self.stack and self.mdx:
            first = self.stack[0]
            others = len(self.stack) - 1
            more = f" (and {others} more tag{'s' if others != 1 else ''} after it)" if others else ""
            self.warn(first.offset, f"<{first.name or ''}> is never closed{more}; its content is read as prose")
        for item in self.stack:
            if QUOTE_NAME.search(item.name):
                self.out.quotes.append((item.children, len(self.text)))
        self.out.warnings.sort(key=lambda warning: warning[0])
        if self._extra_warnings:
            self.out.warnings.append((self.out.warnings[-1][0], f"... and {self._extra_warnings} more markup "
                                      "problems like these"))
        self.out.cuts.sort()
        self.out.strings.sort()
        self.out.quotes.sort()

    def at_line_start(self, i: int) -> int | None:
        """A code fence or an ESM block that starts at `i`: where the scan resumes after it."""
        text = self.text
        fence = _FENCE_OPEN.match(text, i)
        if fence is not None and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
            end = self.fence_end(fence.end(), fence.group(1))
            if self.mdx:
                # Code is never prose; in MDX a fence indented inside a component (four spaces or
                # more) is still a fence, which markdown-it would not know without indented code.
                self.cut(i, end)
            return end
        if not self.stack and _ESM.match(text, i):
            end = self.esm_end(i)
            self.cut(i, end)
            return end
        return None

    def esm_end(self, i: int) -> int:
        """Where an `import`/`export` block ends: at a blank line where its brackets are all closed.

        A function exported from an MDX page may hold blank lines; a blank line inside
        its braces does not end it.
        """
        text = self.text
        depth = 0
        k = i
        first_end = self.paragraph_end(i)
        while True:
            if depth <= 0:
                stop = self.paragraph_end(k)
                found = _ESM_SPECIAL.search(text, k, stop)
                if found is None:
                    return stop
            else:
                found = _ESM_SPECIAL.search(text, k)
                if found is None:
                    self.spend(len(text) - k)
                    self.warn(i, "an import or export block never closes its brackets; only its first "
                                 "paragraph is left out")
                    return first_end
            self.spend(max(_TOKEN_COST, found.end() - k))
            token = found.group()
            k = found.end()
            if token in "{([":
                depth += 1
            elif token in "})]":
                depth -= 1
            elif token in ("'", '"'):
                string = _JS_STRING_END[token].match(text, k)
                k = string.end() if string is not None else k
            elif token == "`":
                close = text.find("`", k)
                k = close + 1 if close >= 0 else len(text)
            elif token == "//":
                k = self.line_end(k)
            else:
                close = text.find("*/", k)
                k = close + 2 if close >= 0 else len(text)

    def fence_end(self, position: int, opener: str) -> int:
        """Past the line that closes a fence (same character, at least as long), or the end of the text."""
        for close in _FENCE_CLOSE.finditer(self.text, position):
            run = close.group(1)
            if run[0] == opener[0] and len(run) >= len(opener):
                self.spend(close.end() - position)
                return close.end()
        self.spend(len(self.text) - position)
        return len(self.text)

    def code_span(self, j: int) -> int:
        """Past an inline code span (its text is Markdown's business), or past a lone backtick run."""
        text = self.text
        run_end = j
        while run_end < len(text) and text[run_end] == "`":
            run_end += 1
        run = text[j:run_end]
        limit = self.paragraph_end(run_end)
        position = run_end
        while True:
            found = text.find(run, position, limit)
            if found < 0:
                self.spend(limit - position)
                return run_end
            end = found + len(run)
            while end < len(text) and text[end] == "`":
                end += 1
            if end - found == len(run):
                return end
            position = end

    def brace(self, j: int) -> int:
        macro = self.macros.end_at(j)
        if macro is not None:
            self.cut(j, macro)
            return macro
        if not self.mdx:
            return j + 1
        end = self.expression(j)
        if end is None:
            stop = self.paragraph_end(j)
            self.warn(j, "a '{' is never closed; the rest of its paragraph is left out")
            self.cut(j, stop)
            return stop
        comment = _COMMENT.fullmatch(self.text, j, end)
        if comment is not None:
            self.out.comments.append((j, comment.group(1)))
        elif _HAS_STRING.search(self.text, j, end):
            literal = self.literal(j)
            if literal is not None and literal[1] == end and literal[0]:
                first, last = literal[0][0][2], literal[0][-1][2] + len(literal[0][-1][1])
                before = j
                while before > 0 and self.text[before - 1] in " \t":
                    before -= 1
                starts_line = (before == 0 or self.text[before - 1] in "\r\n") and self.text[first:last].strip()
                if _PLAIN_LITERAL.fullmatch(self.text, first, last) and not starts_line:
                    # (at the start of a line "- words" or "1. words" would be Markdown's list)
                    # `{' '}`, `{"and more"}`: words React renders where they stand, read as the text around
                    self.cut(j, first)
                    self.cut(last, end)
                    self.out.strings.append((first, last))
                    return end
            self.pending.append((j, end, self.stack[-1].name if self.stack else "", "text", True))
        self.cut(j, end)
        return end

    def angle(self, j: int) -> int:
        text = self.text
        if text.startswith("<!--", j):
            end = text.find("-->", j + 4)
            self.spend((end if end >= 0 else len(text)) - j)
            return end + 3 if end >= 0 else j + 4
        link = _AUTOLINK.match(text, j)
        if link is not None:
            return link.end()
        mark = len(self.pending)
        tag = self.tag(j)
        if tag is None or tag.end < 0:
            del self.pending[mark:]  # nothing in a broken tag is read
        if tag is None:
            return j + 1
        if tag.end < 0:  # looked like a tag, but it does not end
            if not self.mdx:
                return j + 1
            stop = self.paragraph_end(j)
            self.warn(j, f"the tag <{tag.name}> is not complete; the rest of its paragraph is left out")
            self.cut(j, stop)
            return stop
        self.cut(j, tag.end, as_space=tag.name.lower() in _BREAKS)
        self.read_props(tag)
        if tag.closing:
            self.close(tag.name, j)
            return tag.end
        if tag.self_closing:
            return tag.end
        if tag.name in _OPAQUE:
            closing = re.compile(rf"</{re.escape(tag.name)}\s*>").search(text, tag.end)
            end = closing.end() if closing else len(text)
            self.spend(end - tag.end)
            self.cut(tag.end, end)
            return end
        if len(self.stack) >= self.max_depth:
            raise ReadError(f"the components are nested more than {self.max_depth} levels deep")
        self.stack.append(_Open(tag.name, j, tag.end))
        return tag.end

    def close(self, name: str, offset: int) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].name == name:
                for item in self.stack[index:]:
                    if QUOTE_NAME.search(item.name):
                        self.out.quotes.append((item.children, offset))
                del self.stack[index:]
                return
        if self.mdx:
            self.warn(offset, f"</{name}> closes a tag that is not open")

    def read_props(self, tag: _Tag) -> None:
        for name, pieces in tag.props:
            value = "".join(piece[0] for piece in pieces)
            if pieces and looks_like_prose(name, value):
                self.out.props.append(Prop(tag.name, name, pieces))
                self.out.strings.append(_extent(pieces))

    # -- JSX ------------------------------------------------------------------

    def tag(self, j: int) -> _Tag | None:
        """The JSX tag at `j`; None when it is not one; `end` -1 when it starts like one but is broken."""
        text = self.text
        n = len(text)
        k = j + 1
        closing = text.startswith("/", k)
        if closing:
            k += 1
        if text.startswith(">", k):
            return _Tag(k + 1, "", closing, False, ())
        name_match = _NAME.match(text, k)
        if name_match is None:
            return None
        name = name_match.group()
        if not self.mdx and not name[0].isupper():
            return None
        broken = _Tag(-1, name, closing, False, ())
        k = name_match.end()
        props: list[tuple[str, tuple[Piece, ...]]] = []
        while True:
            k = _skip_space(text, k)
            if k >= n:
                return broken
            char = text[k]
            if char == ">":
                return _Tag(k + 1, name, closing, False, tuple(props))
            if text.startswith("/>", k) and not closing:
                return _Tag(k + 2, name, closing, True, tuple(props))
            if closing:
                return broken
            if char == "{":
                end = self.expression(k)
                if end is None:
                    return broken
                k = end
                continue
            attribute = _ATTRIBUTE.match(text, k)
            if attribute is None:
                return broken
            k = attribute.end()
            after = _skip_space(text, k)
            if not text.startswith("=", after):
                continue  # a boolean attribute
            k = _skip_space(text, after + 1)
            if k >= n:
                return broken
            char = text[k]
            if char in "\"'":
                close = text.find(char, k + 1)
                self.spend((close if close >= 0 else n) - k)
                if close < 0:
                    return broken
                props.append((attribute.group(), html_string(text, k + 1, close)))
                k = close + 1
            elif char == "{":
                literal = self.literal(k)
                if literal is not None:
                    pieces, k = literal
                    props.append((attribute.group(), pieces))
                    continue
                end = self.expression(k)
                if end is None:
                    return broken
                if _HAS_STRING.search(text, k, end):
                    self.pending.append((k, end, name, attribute.group(), False))
                k = end
            else:
                return broken

    def read_expressions(self, max_seconds: float) -> None:
        """The strings each pending `{...}` may render, as the TSX reader reads them (`ingest.jsexpr`).

        A string is a prop of its own, at its exact place, when it reads as prose for the prop's name
        (`text` in body text) and has two words or more: in code, a one-word string is a label.
        """
        deadline = time.monotonic() + max_seconds
        added = False
        for start, end, component, name, inline in self.pending:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ReadError(f"the page's {{...}} expressions took more than {max_seconds:g} seconds to parse "
                                "(split the file, or leave it out of the corpus)")
            strings, broken = expression_strings(self.text, start, end, left)
            if broken is not None:
                self.warn(broken, "this {...} is not valid JavaScript, so the words in it are left out")
                continue
            for pieces in strings:
                value = "".join(piece[0] for piece in pieces)
                if len(_WORD.findall(value)) >= 2 and looks_like_prose(name, value):
                    self.out.props.append(Prop(component, name, pieces, inline))
                    self.out.strings.append(_extent(pieces))
                    added = True
        if added:
            self.out.props.sort(key=lambda prop: prop.offset)

    # -- JavaScript -----------------------------------------------------------

    def expression(self, j: int) -> int | None:
        """Past the `}` that closes the expression opened at `j`, or None when it never closes."""
        text = self.text
        modes = ["{"]  # "{" inside braces, "`" inside a template literal
        k = j + 1
        while k < len(text):
            if modes[-1] == "`":
                found = _TEMPLATE_SPECIAL.search(text, k)
                if found is None:
                    break
                self.spend(max(_TOKEN_COST, found.start() - k))
                token = found.group()
                if token == "\\":
                    k = found.start() + 2
                elif token == "`":
                    modes.pop()
                    k = found.end()
                else:
                    modes.append("{")
                    k = found.end()
                continue
            found = _JS_SPECIAL.search(text, k)
            if found is None:
                break
            self.spend(max(_TOKEN_COST, found.start() - k))
            token = found.group()
            k = found.end()
            if token == "{":
                modes.append("{")
            elif token == "}":
                modes.pop()
                if not modes:
                    return k
            elif token in ("'", '"'):
                string = _JS_STRING_END[token].match(text, k)
                k = string.end() if string is not None else k
            elif token == "`":
                modes.append("`")
            elif token == "//":
                k = self.line_end(k)
            else:
                end = text.find("*/", k)
                if end < 0:
                    break
                k = end + 2
        self.spend(len(text) - j)
        return None

    def literal(self, j: int) -> tuple[tuple[Piece, ...], int] | None:
        """`{"text"}`, `{'text'}` or `` {`text`} `` (no `${}`): the string's pieces and the end of the braces."""
        text = self.text
        opening = _LITERAL.match(text, j)
        if opening is None:
            return None
        quote = opening.group(1)
        k = opening.end()
        start = k
        pieces: list[Piece] = []
        while k < len(text):
            char = text[k]
            if char == quote:
                if k > start:
                    pieces.append((text[start:k], text[start:k], start))
                close = _skip_space(text, k + 1)
                if not text.startswith("}", close):
                    return None
                return tuple(pieces), close + 1
            if char == "\\":
                escape = JS_ESCAPE.match(text, k)
                if escape is None:
                    return None
                if k > start:
                    pieces.append((text[start:k], text[start:k], start))
                pieces.append((unescape_js(escape.group()), escape.group(), k))
                k = start = escape.end()
                continue
            if char == "\n" and quote != "`" or quote == "`" and text.startswith("${", k):
                return None
            k += 1
        return None


def _extent(pieces: tuple[Piece, ...]) -> tuple[int, int]:
    """The source range a string's pieces span."""
    return pieces[0][2], pieces[-1][2] + len(pieces[-1][1])


def _skip_space(text: str, position: int) -> int:
    found = _SPACE.match(text, position)
    return found.end() if found is not None else position
