"""JavaScript expressions in JSX, parsed by tree-sitter: what a `{...}` may render, shared by the TSX and MDX readers.

The TSX/JSX reader parses a whole page with it; the MDX reader parses each
`{...}` of a page (in body text or as a prop's value) on its own, so both
read the same strings from the same expressions: the strings and template
literals without `${}` on either side of a condition (`a ? "x" : "y"`,
`a && "x"`, `a || "x"`, `a ?? "x"`, nested), never the condition, a call,
a compared string or anything else that is code. Every decoded character
keeps the source offset it came from.
"""

from __future__ import annotations

import bisect
import re
import time
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from msgalign.errors import ReadError
from msgalign.ingest.props import JS_ESCAPE, Piece, unescape_js

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

__all__ = ["JsSource", "Piece", "expression_strings", "parse", "unwrapped"]

_CHUNK = 16_384
_BARE_AMPERSAND = re.compile(rb"&(?!#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
WRAPPERS = frozenset({"as_expression", "satisfies_expression", "parenthesized_expression", "non_null_expression"})


@lru_cache(maxsize=1)
def _parser() -> Parser:
    import tree_sitter_typescript
    from tree_sitter import Language, Parser

    return Parser(Language(tree_sitter_typescript.language_tsx()))


class _Offsets:
    """UTF-8 byte offsets (tree-sitter's) to character offsets (the source's)."""

    def __init__(self, text: str) -> None:
        self.bytes_at: list[int] = []  # byte offset just past each non-ASCII character
        self.extra: list[int] = []     # bytes beyond one per character, up to and including it
        position = extra = 0
        if text.isascii():
            return
        for index, char in enumerate(text):
            code = ord(char)
            if code < 0x80:
                continue
            width = 1 if code < 0x800 else 2 if code < 0x10000 else 3
            extra += width
            position = index + extra + 1
            self.bytes_at.append(position)
            self.extra.append(extra)

    def char(self, byte: int) -> int:
        at = bisect.bisect_right(self.bytes_at, byte)
        return byte - (self.extra[at - 1] if at else 0)


def parse(text: str, max_seconds: float) -> Node:
    """The root of `text`'s TSX tree; ReadError when parsing takes longer than `max_seconds`."""
    # tree-sitter's JSX text stops at a bare `&` ("Q&A", "sales & success", "R&&D", "a &= b"), which React
    # renders as it is. Each `&` that starts no character reference is parsed as `|`: text in JSX, a union in
    # a type, and in code `&&` becomes `||`, `&=` `|=`, `&&=` `||=`, `a & b` `a | b`: an operator of the same
    # shape, so what parses stays valid (the reader never asks which operator it is). Same length, so no
    # offset moves; text is read from the source, where the `&` still is.
    data = _BARE_AMPERSAND.sub(b"|", text.encode("utf-8", "surrogatepass"))
    deadline = time.monotonic() + max_seconds
    late = False

    def read(byte: int, _point: tuple[int, int]) -> bytes:
        nonlocal late
        if time.monotonic() > deadline:
            late = True
            return b""
        return data[byte : byte + _CHUNK]

    tree = _parser().parse(read)
    if late or tree is None:
        raise ReadError(f"the page took more than {max_seconds:g} seconds to parse; it is probably not "
                        "TSX or JSX, or is generated code (split it, or leave it out of the corpus)")
    return tree.root_node


def unwrapped(node: Node | None) -> Node | None:
    """`node` without the parentheses, `as T`, `satisfies T` and `!` around it."""
    while node is not None and node.type in WRAPPERS:
        inner = [child for child in node.named_children if child.type != "comment"]
        if not inner:
            return node
        node = inner[0]
    return node


class JsSource:
    """A parsed text's nodes read back as source: character spans, strings decoded, what an expression renders."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offsets = _Offsets(text)

    def at(self, byte: int) -> int:
        return self.offsets.char(byte)

    def span(self, node: Node) -> tuple[int, int]:
        return self.at(node.start_byte), self.at(node.end_byte)

    def node_text(self, node: Node) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def literal(self, node: Node) -> tuple[Piece, ...] | None:
        """A string or a template literal without `${}`: its decoded pieces; None for anything else."""
        if node.type == "string":
            start, end = self.span(node)
            return self.js_string(start + 1, end - 1)
        if node.type == "template_string":
            if any(child.type == "template_substitution" for child in node.children):
                return None
            start, end = self.span(node)
            return self.js_string(start + 1, end - 1)
        return None

    def js_string(self, start: int, end: int) -> tuple[Piece, ...]:
        text = self.text
        pieces: list[Piece] = []
        position = start
        for escape in JS_ESCAPE.finditer(text, start, end):
            if escape.start() > position:
                pieces.append((text[position : escape.start()], text[position : escape.start()], position))
            pieces.append((unescape_js(escape.group()), escape.group(), escape.start()))
            position = escape.end()
        if end > position:
            pieces.append((text[position:end], text[position:end], position))
        return tuple(piece for piece in pieces if piece[0])

    def rendered(self, node: Node) -> Iterator[tuple[Piece, ...] | Node]:
        """What an expression may render, in order: the strings (and template literals without `${}`) on
        either side of a condition (`a ? "x" : "y"`, `a && "x"`, `a || "x"`, `a ?? "x"`, nested), each as its
        pieces; everything else (the conditions, calls, JSX, comments) as nodes to walk. Iterative, so a long
        chain of conditions costs no recursion."""
        stack: list[Node] = [node]
        while stack:
            top = stack.pop()
            n = unwrapped(top) or top
            if n.type == "jsx_expression":
                stack.extend(reversed(n.named_children))
                continue
            pieces = self.literal(n)
            if pieces is not None:
                yield pieces
                continue
            parts: list[Node | None] = []
            if n.type == "ternary_expression":
                parts = [n.child_by_field_name(f) for f in ("condition", "consequence", "alternative")]
            elif n.type == "binary_expression":
                operator = n.child_by_field_name("operator")
                # the source's operator (the parse reads every `&` as `|`): `&&` renders its right side only
                op = self.node_text(operator) if operator is not None else ""
                if op in ("&&", "||", "??"):
                    left = n.child_by_field_name("left")
                    parts = [n.child_by_field_name("right")]
                    if op == "&&":
                        if left is not None:
                            yield left
                    else:
                        parts.insert(0, left)
            if not parts:
                yield n
                continue
            if n.type == "ternary_expression":
                condition = parts.pop(0)
                if condition is not None:
                    yield condition  # code, walked for JSX only
            stack.extend(reversed([part for part in parts if part is not None]))


def expression_strings(text: str, start: int, end: int, max_seconds: float,
                       ) -> tuple[list[tuple[Piece, ...]], int | None]:
    """The strings the JSX expression `text[start:end]` (its braces included) may render, as the TSX
    reader reads a `{...}` child: each string's pieces, at their offsets in `text`; nothing else in it.

    The second value is the offset where the expression stops being valid JavaScript (None when it
    is valid); a broken expression gives no strings.
    """
    prefix = "<>"
    snippet = JsSource(prefix + text[start:end] + "</>")
    root = parse(snippet.text, max_seconds)
    shift = start - len(prefix)
    if root.has_error:
        return [], max(start, min(end - 1, _first_error(snippet, root) + shift))
    element = root.named_children[0] if root.named_children else None
    while element is not None and element.type != "jsx_element":
        element = element.named_children[0] if element.named_children else None
    expression = next((c for c in element.named_children if c.type == "jsx_expression"), None) \
        if element is not None else None
    if expression is None:
        return [], None
    found: list[tuple[Piece, ...]] = []
    for leaf in snippet.rendered(expression):
        if isinstance(leaf, tuple) and leaf:
            found.append(tuple((shown, raw, offset + shift) for shown, raw, offset in leaf))
    return found, None


def _first_error(source: JsSource, root: Node) -> int:
    """The character offset of the first ERROR or missing node under `root`."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            return source.at(node.start_byte)
        stack.extend(reversed([child for child in node.children if child.has_error or child.is_missing]))
    return source.at(root.start_byte)
