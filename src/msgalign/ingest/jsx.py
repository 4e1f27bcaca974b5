"""TSX and JSX pages (a Next.js or React site's `.tsx`/`.jsx`): the copy a visitor reads, at its exact place.

The file is parsed by tree-sitter's TSX grammar (a real TypeScript + JSX
parser; plain JSX is a subset of it), and the tree is walked for what
renders as words:

- JSX text children, with whitespace as React makes it: a line break and
  the indentation around it disappear, lines that are left are joined by a
  space, `{' '}` and other string-literal children are kept as written, and
  character references (`&nbsp;`, `&amp;`) read as what they stand for;
- string props whose name reads as prose (`title`, `quote`, `alt`,
  `heroTitle`...) and whose value reads as words (`props.looks_like_prose`,
  the test the MDX reader uses too);
- strings under prose keys of object literals (`description: '...'` in an
  array of cards, the page's `metadata`), and template literals without
  `${}` in the same places;
- the strings on either side of a condition, in a `{...}` child or as such
  a prop or key's value (`{signedIn ? "Open your dashboard" : "Start free"}`,
  `{isNew && "Book a demo"}`, `alt={name || "Our team"}`), each a block of
  its own; the condition itself is code (`ingest.jsexpr`, which the MDX
  reader uses for its `{...}` too).

Imports, types, code, other expressions, comments, code props (`className`,
`href`, `variant`...) and the content of `<code>`-less code elements
(`<pre>`, `<script>`, `<style>`, `<svg>`) are never prose. A top-level
`const` array or object that the page uses (`items={cards}`) is read where
it is used, so the blocks come in the order a visitor reads them; every
character keeps its own source offset either way.

In a code file most short strings are interface labels ("Close", "Next"),
so a block of fewer than two words is left out unless it is a heading.

What is not valid TSX is a warning with its line; the rest of the file is
still read, and nothing inside the broken part is taken for prose. A file
whose parse takes longer than `Limits.max_jsx_seconds` is a ReadError.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from msgalign.errors import ReadError
from msgalign.ingest.jsexpr import JsSource, parse, unwrapped
from msgalign.ingest.props import (
    QUOTE_NAME,
    Piece,
    code_name,
    html_string,
    looks_like_prose,
    name_parts,
    prose_name,
)
from msgalign.ingest.textspans import BlockSink, LocatedText, directive_text
from msgalign.types import Directive, SourceText

if TYPE_CHECKING:
    from tree_sitter import Node

_MAX_WARNINGS = 5

# Lowercase elements that start a block of their own, with the kind of block their text is.
_BLOCK_KINDS = {
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
    "title": "heading", "li": "list_item", "dt": "list_item", "dd": "list_item", "td": "table_cell",
    "th": "table_cell", "blockquote": "quote",
}
_BLOCKS = frozenset(_BLOCK_KINDS) | {
    "address", "article", "aside", "body", "caption", "center", "details", "dialog", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "form", "header", "hgroup", "hr", "html", "legend", "main", "menu", "nav",
    "ol", "p", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul", "option", "cite", "br",
    "button", "label", "head",
}
# Their content is code or drawing, never prose.
_OPAQUE = frozenset({"script", "style", "pre", "svg", "math", "textarea", "template", "iframe", "noscript",
                     "object", "canvas", "select"})
_PROTECTED = frozenset({"code", "kbd", "samp", "var", "tt"})
# Components that sit inside a line of text (and any whose name ends in "Link").
_INLINE_COMPONENTS = frozenset({
    "Link", "Trans", "Anchor", "A", "Span", "Strong", "Em", "B", "I", "Code", "Kbd", "Highlight", "Mark",
    "Tooltip", "Abbr", "Sup", "Sub", "FormattedMessage", "Emphasis", "Bold", "Italic", "InlineCode", "Br",
})
# DOM attributes that are prose (a `title` on a DOM element is a tooltip that repeats its text).
_DOM_PROSE = frozenset({"alt", "aria-label", "placeholder", "content", "label", "summary"})
# Components whose title is the page's or a section's heading.
_HEADING_COMPONENT = re.compile(r"hero|header|banner|masthead|jumbotron|pagetitle|heading|splash|section",
                                re.IGNORECASE)
_HEADING_PROPS = frozenset({"heading", "headline", "pagetitle", "herotitle"})
# Objects and props that hold the page's metadata: its title is a heading, like front matter's.
_META_NAMES = frozenset({"meta", "metadata", "seo", "head", "pagemeta", "seometa"})
_META_SKIPPED = frozenset({"opengraph", "twitter", "og"})  # copies of the title and description
# A quote component's props, in the order the blocks come: who, their role, then the words.
_SPEAKER_PROPS = ("author", "name", "byline", "attribution", "person", "speaker", "cite")
_ROLE_PROPS = ("role", "title", "position", "jobtitle", "company")
_QUOTE_PROPS = frozenset({"quote", "text", "content", "body", "testimonial", "message"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_SKIPPED_NODES = frozenset({
    "import_statement", "type_alias_declaration", "interface_declaration", "enum_declaration",
    "ambient_declaration", "type_annotation", "type_arguments", "type_parameters", "abstract_class_declaration",
    "module", "internal_module", "regex", "decorator",
})


@dataclass(frozen=True)
class _Context:
    meta: bool = False      # inside the page's metadata object
    quote: bool = False     # inside a quotation component
    heading: bool = False   # a hero or section component: its title is a heading
    computed: bool = False  # inside a `{...}` child: `{ok ? <Trans>Saved</Trans> : <Trans>Not saved</Trans>}`


@dataclass(frozen=True)
class _Prop:
    name: str
    kind: str
    pieces: tuple[Piece, ...]


def read_jsx(source: SourceText, max_blocks: int, max_seconds: float, max_depth: int,
             warnings: list[tuple[int, str]] | None = None) -> tuple[BlockSink, list[Directive]]:
    """Blocks and directives of a TSX/JSX page; `warnings` hears (offset, plain words) of code that is not valid."""
    root = parse(source.text, max_seconds)
    page = _Page(source, max_blocks, max_depth)
    # Each level of elements costs the walk a few Python frames: room for `max_depth` levels, then a ReadError.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 8 * max_depth + 1_000))
    try:
        page.run(root)
    finally:
        sys.setrecursionlimit(limit)
    if warnings is not None:
        warnings.extend(page.warnings)
        if page.extra_warnings:
            warnings.append((page.warnings[-1][0], f"... and {page.extra_warnings} more places like these"))
    return page.sink, page.directives


class _Page(JsSource):
    def __init__(self, source: SourceText, max_blocks: int, max_depth: int) -> None:
        super().__init__(source.text)
        self.source = source
        self.max_depth = max_depth
        self.sink = BlockSink(source, max_blocks)
        self.directives: list[Directive] = []
        self.warnings: list[tuple[int, str]] = []
        self.extra_warnings = 0
        self.located = LocatedText()
        self.kinds = ["paragraph"]
        self.deferred: list[_Prop] = []
        self.depth = 0
        self.consts: dict[str, Node] = {}  # top-level arrays and objects the page uses: read where used
        self.used: set[str] = set()

    # -- positions and text ---------------------------------------------------------

    def warn(self, node: Node, message: str) -> None:
        if len(self.warnings) < _MAX_WARNINGS:
            self.warnings.append((self.at(node.start_byte), message))
        else:
            self.extra_warnings += 1

    # -- blocks -------------------------------------------------------------------

    def emit(self, kind: str, located: LocatedText) -> None:
        """Emit the block unless it is too short to be copy: one word, not a heading, is a label."""
        shown = "".join(located.chars)
        words = len(_WORD.findall(shown))
        if words >= 2 or (kind == "heading" and any(c.isalnum() for c in shown)):
            self.sink.emit(kind, located)
        else:
            located.take()

    def flush(self) -> None:
        if self.located.chars:
            self.emit(self.kinds[-1], self.located)
        deferred, self.deferred = self.deferred, []
        for prop in deferred:
            self.emit(prop.kind, LocatedText.of_pieces(prop.pieces))

    def emit_props(self, props: list[_Prop], inline: bool) -> None:
        if not props:
            return
        if inline:
            self.deferred.extend(props)
            return
        self.flush()
        for prop in props:
            self.emit(prop.kind, LocatedText.of_pieces(prop.pieces))

    # -- the walk -----------------------------------------------------------------

    def run(self, root: Node) -> None:
        self.find_consts(root)
        self.descend(root, _Context())
        self.flush()
        for name in list(self.consts):
            if name not in self.used:  # referred to only where the walk does not read (a comment, a type)
                self.used.add(name)
                self.descend(self.consts[name], self.const_context(name))
                self.flush()

    def find_consts(self, root: Node) -> None:
        """Top-level `const items = [...]` / `{...}` that the file refers to again: read at the first use."""
        for statement in root.named_children:
            declaration = statement
            if statement.type == "export_statement":
                declaration = statement.child_by_field_name("declaration") or statement
            if declaration.type not in ("lexical_declaration", "variable_declaration"):
                continue
            for declarator in declaration.named_children:
                if declarator.type != "variable_declarator":
                    continue
                name = declarator.child_by_field_name("name")
                value = unwrapped(declarator.child_by_field_name("value"))
                if name is None or name.type != "identifier" or value is None \
                        or value.type not in ("array", "object"):
                    continue
                ident = self.node_text(name)
                uses = len(re.findall(rf"(?<![\w$.]){re.escape(ident)}(?![\w$])", self.text))
                if uses > 1:
                    self.consts[ident] = value

    def const_context(self, name: str) -> _Context:
        return _Context(meta=name.lower() in _META_NAMES)

    def descend(self, node: Node, ctx: _Context) -> None:
        """Walk `node` for what is prose: JSX, objects with prose keys, directives; nothing else is read."""
        stack = [node]
        while stack:
            n = stack.pop()
            kind = n.type
            if kind == "ERROR":
                # Whole statements the parser recovered are read; the broken tokens between them never are
                # (a loose text or tag is only read as a child of a complete element).
                self.warn(_first_broken(n), "this is not valid TSX or JSX code, so the words in it are left out")
                stack.extend(reversed(n.children))
                continue
            if n.is_missing:
                self.warn(n, f"the code is not valid TSX or JSX here: a '{kind}' is missing")
                continue
            if kind in _SKIPPED_NODES:
                continue
            if kind == "comment":
                self.comment(n)
            elif kind in ("jsx_element", "jsx_self_closing_element"):
                self.element(n, ctx)
            elif kind == "object":
                self.object(n, ctx)
            elif kind == "variable_declarator":
                name = n.child_by_field_name("name")
                value = unwrapped(n.child_by_field_name("value"))
                if name is not None and value is not None and self.consts.get(self.node_text(name)) == value:
                    continue  # read where it is used
                if name is not None and value is not None and name.type == "identifier" \
                        and (pieces := self.literal(value)) is not None:
                    self.string_const(self.node_text(name), pieces, ctx)
                    continue
                if name is not None and value is not None and name.type == "identifier" \
                        and value.type in ("ternary_expression", "binary_expression") \
                        and prose_name(self.node_text(name)):
                    # `const ctaText = signedIn ? "Open your dashboard" : "Start free"`: each string
                    for leaf in self.rendered(value):
                        if isinstance(leaf, tuple):
                            self.string_const(self.node_text(name), leaf, ctx)
                        else:
                            self.descend(leaf, ctx)
                    continue
                inner = _Context(meta=True) if name is not None and self.node_text(name).lower() in _META_NAMES \
                    else ctx
                if inner is not ctx and value is not None:
                    self.descend(value, inner)
                    continue
                stack.extend(reversed(n.children))
            elif kind == "identifier":
                ident = self.node_text(n)
                if ident in self.consts and ident not in self.used:
                    self.used.add(ident)
                    self.descend(self.consts[ident], self.const_context(ident))
            else:
                stack.extend(reversed(n.children))

    def string_const(self, name: str, pieces: tuple[Piece, ...], ctx: _Context) -> None:
        """`const metaTitle = '...'`, `const heroDescription = "..."`: prose when the name says so."""
        shown = "".join(p[0] for p in pieces)
        if not pieces or not prose_name(name) or not looks_like_prose(name, shown):
            return
        parts = name_parts(name) or [name]
        last = parts[-1].lower()
        meta = ctx.meta or parts[0].lower() in _META_NAMES
        heading = replace(ctx, meta=meta, heading=ctx.heading or bool(_HEADING_COMPONENT.search(parts[0])))
        self.emit_props([_Prop(last, self.prop_kind(last, heading), pieces)], inline=False)

    def comment(self, node: Node) -> None:
        raw = self.node_text(node)
        body = raw[2:-2] if raw.startswith("/*") else raw[2:]
        found = directive_text(body)
        if found is not None:
            self.directives.append(Directive(text=found, line=self.source.line_col(self.at(node.start_byte))[0]))

    # -- objects ------------------------------------------------------------------

    def object(self, node: Node, ctx: _Context) -> None:
        props: list[_Prop] = []
        for pair in node.named_children:
            if pair.type != "pair":
                if pair.type not in ("shorthand_property_identifier", "comment"):
                    self.emit_props(_ordered(props), inline=False)
                    props = []
                    self.descend(pair, ctx)
                elif pair.type == "comment":
                    self.comment(pair)
                continue
            key_node = pair.child_by_field_name("key")
            value = unwrapped(pair.child_by_field_name("value"))
            key = self.key(key_node)
            if key is None or value is None:
                continue
            lowered = key.lower()
            if ctx.meta and lowered in _META_SKIPPED or code_name(key):
                continue
            pieces = self.literal(value)
            if pieces is not None:
                shown = "".join(p[0] for p in pieces)
                if pieces and prose_name(key) and looks_like_prose(key, shown):
                    props.append(_Prop(lowered, self.prop_kind(lowered, ctx, object_key=True), pieces))
                continue
            code: list[Node] = [value]
            if prose_name(key) and value.type in ("ternary_expression", "binary_expression"):
                code = self.branches(value, key, self.prop_kind(lowered, ctx, object_key=True), props)
            self.emit_props(_ordered(props), inline=False)
            props = []
            inner = replace(ctx, meta=True) if lowered in _META_NAMES else ctx
            for part in code:
                self.descend(part, inner)
        self.emit_props(_ordered(props), inline=False)

    def key(self, node: Node | None) -> str | None:
        if node is None:
            return None
        if node.type == "property_identifier":
            return self.node_text(node)
        if node.type == "string":
            return self.node_text(node)[1:-1]
        return None

    def prop_kind(self, name: str, ctx: _Context, *, object_key: bool = False) -> str:
        if ctx.meta:
            return "heading" if name == "title" else "paragraph"
        if name in _HEADING_PROPS or (name == "title" and ctx.heading):
            return "heading"
        if name == "quote" or (ctx.quote and name in _QUOTE_PROPS) or (object_key and name == "testimonial"):
            return "quote"
        return "paragraph"

    # -- JSX ----------------------------------------------------------------------

    def element(self, node: Node, ctx: _Context) -> None:
        opening = node if node.type == "jsx_self_closing_element" else node.child_by_field_name("open_tag")
        if opening is None:
            return
        name_node = opening.child_by_field_name("name")
        name = self.node_text(name_node) if name_node is not None else ""  # "" is a fragment
        base = name.rsplit(".", 1)[-1].rsplit(":", 1)[-1]
        dom = bool(base) and base[0].islower() and "." not in name
        if dom and base in _OPAQUE:
            return
        if self.depth >= self.max_depth:
            raise ReadError(f"the page's elements are nested more than {self.max_depth} levels deep")
        self.depth += 1
        try:
            self._element(node, opening, name, base, dom, ctx)
        finally:
            self.depth -= 1

    def _element(self, node: Node, opening: Node, name: str, base: str, dom: bool, ctx: _Context) -> None:
        fragment = not name
        if ctx.computed:
            block = True  # one of the things a `{...}` may render, never glued to the text around it
        elif fragment:
            block = False
        elif dom:
            block = base in _BLOCKS
        else:
            block = not (base in _INLINE_COMPONENTS or base.endswith("Link") or self.in_a_line(node))
        quote = ctx.quote or (not dom and bool(QUOTE_NAME.search(base))) or base == "blockquote"
        inner = replace(ctx, quote=quote, heading=not dom and bool(_HEADING_COMPONENT.search(base)), computed=False)
        if block:
            self.flush()
            kind = _BLOCK_KINDS.get(base) if dom else ("quote" if quote else None)
            self.kinds.append(kind or self.kinds[-1])
        protected = dom and base in _PROTECTED
        try:
            self.attributes(opening, dom, inner, inline=not block)
            if node.type == "jsx_element" and base != "br":
                if protected:
                    self.located.begin_protected()
                self.children(node, inner)
                if protected:
                    self.located.end_protected()
            if block:
                self.flush()
        finally:
            if block:
                self.kinds.pop()

    def in_a_line(self, node: Node) -> bool:
        """A component with text right beside it on the same line (`a <Term>word</Term> in a sentence`)."""
        before, after = node.prev_sibling, node.next_sibling
        if before is not None and before.type == "jsx_text":
            tail = self.node_text(before)
            if tail.strip() and not _LINE_BREAK.search(tail[len(tail.rstrip()):]):
                return True
        if before is not None and before.type == "jsx_expression" and self.child_literal(before) is not None:
            return True
        if after is not None and after.type == "jsx_text":
            head = self.node_text(after)
            if head.strip() and not _LINE_BREAK.search(head[: len(head) - len(head.lstrip())]):
                return True
        return after is not None and after.type == "jsx_expression" and self.child_literal(after) is not None

    def attributes(self, opening: Node, dom: bool, ctx: _Context, *, inline: bool) -> None:
        props: list[_Prop] = []
        for attribute in opening.children_by_field_name("attribute"):
            if attribute.type != "jsx_attribute" or not attribute.named_children:
                continue  # a spread `{...props}`
            name = self.node_text(attribute.named_children[0])
            value = attribute.named_children[-1] if len(attribute.named_children) > 1 else None
            if value is None or code_name(name):
                continue
            pieces: tuple[Piece, ...] | None = None
            if value.type == "string":
                start, end = self.span(value)
                pieces = html_string(self.text, start + 1, end - 1)
            elif value.type == "jsx_expression":
                pieces = self.child_literal(value)
            lowered = name.lower()
            readable = (lowered in _DOM_PROSE) if dom else prose_name(name)
            if pieces is not None:
                shown = "".join(p[0] for p in pieces)
                if pieces and readable and looks_like_prose(name, shown):
                    props.append(_Prop(lowered, self.prop_kind(lowered, ctx), pieces))
                continue
            code: list[Node] = [value]
            if readable and value.type == "jsx_expression":  # `alt={name || "Profile photo"}`: each string
                code = self.branches(value, name, self.prop_kind(lowered, ctx), props)
            self.emit_props(_ordered(props, ctx.quote), inline)
            props = []
            inner = replace(ctx, meta=True) if lowered in _META_NAMES else replace(ctx, meta=False)
            for part in code:
                self.descend(part, inner)
        self.emit_props(_ordered(props, ctx.quote), inline)

    def branches(self, value: Node, name: str, kind: str, props: list[_Prop]) -> list[Node]:
        """A prose prop's or key's value that is a condition: each string it may take becomes a prop of its
        own (`props` hears them); the rest is returned, to be walked as code is."""
        code: list[Node] = []
        for leaf in self.rendered(value):
            if isinstance(leaf, tuple):
                if leaf and looks_like_prose(name, "".join(p[0] for p in leaf)):
                    props.append(_Prop(name.lower(), kind, leaf))
            else:
                code.append(leaf)
        return code

    def child_literal(self, expression: Node) -> tuple[Piece, ...] | None:
        """`{'text'}`, `{"text"}` or `` {`text`} ``: the string's pieces."""
        inside = [child for child in expression.named_children if child.type != "comment"]
        if len(inside) != 1:
            return None
        return self.literal(unwrapped(inside[0]) or inside[0])

    def children(self, node: Node, ctx: _Context) -> None:
        run: list[Node] = []
        for child in node.named_children:
            if child.type in ("jsx_opening_element", "jsx_closing_element"):
                continue
            if child.type in ("jsx_text", "html_character_reference"):
                run.append(child)
                continue
            if run:
                self.text_run(run)
                run = []
            if child.type == "jsx_expression":
                pieces = self.child_literal(child)
                if pieces is not None:
                    self.located.add_pieces(pieces)
                    continue
                # `{signedIn ? "Open your dashboard" : "Start free"}`, `{isNew && "Book a demo"}`: each string
                # it may render is a block of its own; inside a line of text, right after that text's block
                # (the sentence around it stays whole), else where it stands
                computed = replace(ctx, computed=True)
                inline = self.in_a_line(child)
                for leaf in self.rendered(child):
                    if not isinstance(leaf, tuple):
                        self.descend(leaf, computed)
                    elif looks_like_prose("text", "".join(p[0] for p in leaf)):
                        if inline:
                            self.deferred.append(_Prop("text", self.kinds[-1], leaf))
                        else:
                            self.flush()
                            self.emit(self.kinds[-1], LocatedText.of_pieces(leaf))
            else:
                self.descend(child, ctx)
        if run:
            self.text_run(run)

    def text_run(self, run: list[Node]) -> None:
        """JSX text as React renders it (Babel's cleanJSXElementLiteralChild), each character at its place."""
        chars: list[tuple[str, int]] = []
        for node in run:
            start, end = self.span(node)
            if node.type == "html_character_reference":
                for shown, _raw, offset in html_string(self.text, start, end):
                    chars.extend((c, offset) for c in shown)
            else:
                chars.extend((self.text[i], i) for i in range(start, end))
        lines: list[list[tuple[str, int]]] = [[]]
        breaks: list[int] = []
        i = 0
        while i < len(chars):
            char, offset = chars[i]
            if char in "\r\n":
                step = 2 if char == "\r" and i + 1 < len(chars) and chars[i + 1][0] == "\n" else 1
                breaks.append(offset)
                lines.append([])
                i += step
                continue
            lines[-1].append((" " if char == "\t" else char, offset))
            i += 1
        last_filled = max((k for k, line in enumerate(lines) if any(c != " " for c, _ in line)), default=-1)
        out: list[tuple[str, int]] = []
        for k, line in enumerate(lines):
            if k > 0:
                while line and line[0][0] == " ":
                    line = line[1:]
            if k < len(lines) - 1:
                while line and line[-1][0] == " ":
                    line = line[:-1]
            if line:
                out.extend(line)
                if k != last_filled:
                    out.append((" ", breaks[k] if k < len(breaks) else line[-1][1]))
        if out:
            self.located.add_mapped("".join(c for c, _ in out), [o for _, o in out])


def _first_broken(error: Node) -> Node:
    """Where an ERROR node's trouble starts: its first child that is not a complete, valid statement."""
    for child in error.children:
        if child.type.endswith(("_statement", "_declaration")) and not child.has_error:
            continue
        return child
    return error


def _ordered(props: list[_Prop], quotation: bool = False) -> list[_Prop]:
    """A quotation's props as a reader takes them: who speaks, their role, then the words."""
    if not quotation and not any(p.kind == "quote" for p in props):
        return props

    def rank(prop: _Prop) -> int:
        if prop.name in _SPEAKER_PROPS:
            return 0
        if prop.name in _ROLE_PROPS:
            return 1
        return 2 if prop.kind == "quote" else 3

    return sorted(props, key=rank)


