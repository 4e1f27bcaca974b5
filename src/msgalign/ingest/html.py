"""HTML → the prose a visitor reads, each character tied to its source offset.

Tokenising is a single forward regex scan (`_TOKEN`), not the standard
library's HTMLParser: on Python 3.11 that parser, with `convert_charrefs=False`
(needed to map `&amp;` back to its `&`), stops tokenising after a malformed
`&#` and turns the rest of the page into literal text, and its `close()`
rescans to the end of the file for every unterminated `<!--`, which made a
1 MB page of `<!--` run for many minutes. Every pattern below either matches
up to its terminator or to the end of the file, so the scan never backtracks
and never rescans: time is linear in the page size.

The scan is a loop and the open-element stack a list whose length is checked
on every push, so a page nested 10,000 deep costs a ReadError, not a
RecursionError. Elements that browsers close implicitly (`<p>`, `<li>`,
`<td>` ...) are closed here too, so old hand-written pages without end tags
do not look deeply nested.

Template macros (Jinja's `{% block %}` and `{{ _('Sign up') }}`, Hugo's
shortcodes) are turned into spaces before the scan: a template page reads
as the page a visitor sees, with every offset where it was.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from msgalign.errors import ReadError
from msgalign.ingest.textspans import BlockSink, LocatedText, MacroFinder, blank_spans, directive_text
from msgalign.types import Directive, SourceText

_TOKEN = re.compile(
    r"""
    <!--(?: -?> | (?P<comment>.*?) (?: --!?> | \Z ) )                # comment, even unclosed
  | <(?P<end>/)?(?P<tag>[a-zA-Z][^\s/>]*)                            # start or end tag
      (?P<attrs>(?: =\s*"[^"]*(?:"|\Z) | =\s*'[^']*(?:'|\Z) | [^>] )*) (?: > | \Z )
  | <[!?/][^>]*(?: > | \Z )                                          # doctype, PI, CDATA, junk
  | &(?P<ref> \#[0-9]{1,10};? | \#[xX][0-9a-fA-F]{1,8};? | [a-zA-Z][a-zA-Z0-9]{0,31};? )
    """,
    re.VERBOSE | re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s>]+)))?""")
# Their content is text, not markup, up to the matching end tag; none of it is prose.
_RAW_TEXT = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"}

_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "param", "source", "track", "wbr", "keygen",
}
_SKIPPED = {
    "template", "svg", "math", "head", "nav", "object", "canvas", "select", "pre", "datalist",
}
_HEAD_CONTENT = {"meta", "link", "title", "style", "script", "base", "noscript", "template"}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
    "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "option",
}
_KINDS = {
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
    "h6": "heading", "li": "list_item", "td": "table_cell", "th": "table_cell",
    "blockquote": "quote",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_PROTECTED = {"code", "kbd", "samp", "var", "tt"}
# A start tag of the key closes an open element of the first set, unless one
# of the second set (its container) is met first. Browsers do the same.
_IMPLIED_END: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu", "table"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl", "table"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl", "table"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "tbody", "thead", "tfoot"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "tbody": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
    "thead": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
    "tfoot": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
    "option": (frozenset({"option"}), frozenset({"select", "datalist"})),
}
# A block-level start tag closes an open <p> unless one of these is met first.
_P = frozenset({"p"})
_P_SCOPE = frozenset({"html", "table", "td", "th", "caption", "button", "object", "template"})
_P_CLOSERS = _BLOCKS - {"body", "html", "td", "th", "tr", "tbody", "thead", "tfoot", "caption", "option"}
_BOILERPLATE_MARKS = ("cookie", "consent", "gdpr")
# How far down the stack an implied end tag (other than </p>) looks. Real
# pages close an <li> or <td> a few levels up; the bound keeps a hostile page
# from making every tag walk a 256-deep stack.
_IMPLIED_SEARCH = 32

Attributes = list[tuple[str, str]]


@dataclass(frozen=True)
class _Open:
    tag: str
    skipped: bool
    protected: bool
    kind: str  # the block kind of text inside: its own, or the nearest ancestor's
    p_in_scope: bool  # a <p> is open here that a block-level start tag would close


class _VisibleText:
    """Turns tag, text and reference events into blocks of visible prose."""

    def __init__(self, source: SourceText, max_depth: int, max_blocks: int) -> None:
        self.source = source
        self.max_depth = max_depth
        self.sink = BlockSink(source, max_blocks)
        self.directives: list[Directive] = []
        self.stack: list[_Open] = []
        self.open_counts: dict[str, int] = {}
        self.located = LocatedText()

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1].skipped

    def start_tag(self, tag: str, attrs: Attributes, offset: int, self_closing: bool) -> None:
        self._close_implied(tag)
        if tag in _VOID:
            if tag in _BLOCKS:
                self._flush()
            elif tag == "br" and not self.skipping:
                self.located.add_space(offset)
            return
        if tag in _BLOCKS:
            self._flush()
        if len(self.stack) >= self.max_depth:
            raise ReadError(f"HTML is nested more than {self.max_depth} levels deep")
        skipped = self.skipping or tag in _SKIPPED or _is_boilerplate(attrs)
        protected = tag in _PROTECTED and not skipped
        parent = self.stack[-1] if self.stack else None
        kind = _KINDS.get(tag) or (parent.kind if parent else "paragraph")
        p_in_scope = tag == "p" or (parent is not None and parent.p_in_scope and tag not in _P_SCOPE)
        self.stack.append(_Open(tag, skipped, protected, kind, p_in_scope))
        self.open_counts[tag] = self.open_counts.get(tag, 0) + 1
        if protected:
            self.located.begin_protected()
        if self_closing:  # `<svg/>`, `<div/>`: opened and closed at once
            self.end_tag(tag, offset)

    def end_tag(self, tag: str, offset: int) -> None:
        if tag == "br":  # browsers read a stray </br> as <br>
            self.start_tag("br", [], offset, False)
            return
        if not self.open_counts.get(tag):
            return  # an end tag with nothing to close
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                self._pop_to(index)
                return

    def text(self, text: str, offset: int) -> None:
        if not self.skipping:
            self.located.add_text(text, offset)

    def reference(self, raw: str, offset: int) -> None:
        if not self.skipping:
            self.located.add_decoded(html.unescape(raw), raw, offset)

    def comment(self, body: str, offset: int) -> None:
        text = directive_text(body)
        if text is not None:
            self.directives.append(Directive(text=text, line=self.source.line_col(offset)[0]))

    def finish(self) -> None:
        self._flush()

    def _pop_to(self, index: int) -> None:
        """Close stack[index] and everything opened inside it."""
        if any(item.tag in _BLOCKS for item in self.stack[index:]):
            self._flush()
        while len(self.stack) > index:
            closed = self.stack.pop()
            self.open_counts[closed.tag] -= 1
            if closed.protected:
                self.located.end_protected()

    def _close_implied(self, tag: str) -> None:
        if tag not in _HEAD_CONTENT and self.open_counts.get("head"):
            # Content outside the head's vocabulary means the head has ended.
            self._close_open(frozenset({"head"}), frozenset(), len(self.stack))
        rule = _IMPLIED_END.get(tag)
        if rule is not None:
            self._close_open(*rule, _IMPLIED_SEARCH)
        if tag in _P_CLOSERS and self.stack and self.stack[-1].p_in_scope:
            # Known to succeed, and everything it walks past is popped.
            self._close_open(_P, _P_SCOPE, len(self.stack))
        if tag in _HEADINGS and self.stack and self.stack[-1].tag in _HEADINGS:
            self._pop_to(len(self.stack) - 1)  # <h2> inside an open <h1>

    def _close_open(self, closes: frozenset[str], stops: frozenset[str], search: int) -> None:
        """Close the nearest open element in `closes`, unless a `stops` comes first."""
        if not any(self.open_counts.get(tag) for tag in closes):
            return
        for index in range(len(self.stack) - 1, max(-1, len(self.stack) - 1 - search), -1):
            if self.stack[index].tag in closes:
                self._pop_to(index)
                return
            if self.stack[index].tag in stops:
                return

    def _flush(self) -> None:
        self.sink.emit(self.stack[-1].kind if self.stack else "paragraph", self.located)


def _is_boilerplate(attrs: Attributes) -> bool:
    """Hidden elements, navigation and cookie/consent banners are not prose."""
    for name, value in attrs:
        value = value.lower().strip()
        if name == "hidden":
            return True
        if name == "aria-hidden" and value == "true":
            return True
        if name == "role" and value == "navigation":
            return True
        if name in ("id", "class") and any(mark in value for mark in _BOILERPLATE_MARKS):
            return True
        if name == "style" and "display:none" in value.replace(" ", ""):
            return True
    return False


def _attributes(raw: str) -> Attributes:
    attrs: Attributes = []
    for match in _ATTRIBUTE.finditer(raw):
        value = next((v for v in match.group(2, 3, 4) if v is not None), "")
        attrs.append((match.group(1).lower(), html.unescape(value)))
    return attrs


def _raw_text_end(tag: str) -> re.Pattern[str]:
    return re.compile(rf"</{tag}(?=[\s/>])[^>]*>?|\Z", re.IGNORECASE)


_RAW_TEXT_ENDS = {tag: _raw_text_end(tag) for tag in _RAW_TEXT}


def read_html(source: SourceText, max_depth: int, max_blocks: int) -> tuple[BlockSink, list[Directive]]:
    # Template macros (`{% block %}`, `{{ _('Sign up') }}` in a Jinja page) are not what a visitor
    # reads: they become spaces, which keeps every offset and line where it was.
    text = blank_spans(source.text, MacroFinder(source.text).spans())
    page = _VisibleText(source, max_depth, max_blocks)
    position = 0
    while position < len(text):
        match = _TOKEN.search(text, position)
        if match is None:
            page.text(text[position:], position)
            break
        if match.start() > position:
            page.text(text[position : match.start()], position)
        position = match.end()
        if match.group("ref") is not None:
            page.reference(match.group(0), match.start())
        elif match.group("tag") is not None:
            tag = match.group("tag").lower()
            if match.group("end"):
                page.end_tag(tag, match.start())
                continue
            attrs = match.group("attrs") or ""
            self_closing = attrs.rstrip().endswith("/") and tag not in _VOID
            if tag in _RAW_TEXT and not self_closing:
                # Script, style, title ...: skip to the end tag; nothing inside is prose.
                end = _RAW_TEXT_ENDS[tag].search(text, position)
                position = end.end() if end is not None else len(text)
                continue
            page.start_tag(tag, _attributes(attrs), match.start(), self_closing)
        elif match.group(0).startswith("<!--"):
            page.comment(match.group("comment") or "", match.start())
        # else: a doctype, processing instruction or junk markup: not prose
    page.finish()
    return page.sink, page.directives
