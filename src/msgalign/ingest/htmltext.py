"""The visible text of HTML, each character tied to its source offset: shared by two readers.

The HTML reader reads whole pages with it; the Markdown reader reads the raw
HTML blocks of a Markdown page with it (`<div><p>…</p></div>`, which
CommonMark passes through untouched), so both read HTML the same way: the
same elements are skipped (script, style, navigation, hidden and cookie
banners), the same ones are headings, list items, quotes and table cells, and
the same ones protect their text as code. No attribute value is prose.

Tokenising is a single forward regex scan (`_TOKEN`), not the standard
library's HTMLParser: on Python 3.11 that parser, with `convert_charrefs=False`
(needed to map `&amp;` back to its `&`), stops tokenising after a malformed
`&#` and turns the rest of the page into literal text, and its `close()`
rescans to the end of the file for every unterminated `<!--`, which made a
1 MB page of `<!--` run for many minutes. Every pattern below either matches
up to its terminator or to the end of the file, so the scan never backtracks
and never rescans: time is linear in the text's size.

The scan is a loop and the open-element stack a list whose length is checked
on every push, so HTML nested 10,000 deep costs a ReadError, not a
RecursionError. Elements that browsers close implicitly (`<p>`, `<li>`,
`<td>` ...) are closed here too, so old hand-written pages without end tags
do not look deeply nested.

The text scanned need not be the source itself: given `offsets` (the source
offset of each character scanned, as the Markdown reader has for an HTML
block inside a list or a quote), every character is mapped through it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from msgalign.errors import ReadError
from msgalign.ingest.textspans import LocatedText

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


# Where a finished block goes: its kind (paragraph, heading, list_item, quote, table_cell) and its text.
Emit = Callable[[str, LocatedText], object]
# A comment: its body and the source offset of its `<!--`.
OnComment = Callable[[str, int], object]


class VisibleText:
    """Turns tag, text and reference events into blocks of visible prose.

    `base_kind` is the kind of text outside any element that has one of its
    own (the Markdown reader passes "quote" for HTML inside a blockquote).
    `offsets[i]` is the source offset of character i of the scanned text
    (one more entry for its end); None when the scanned text is the source.
    """

    def __init__(self, emit: Emit, max_depth: int, *, base_kind: str = "paragraph",
                 offsets: Sequence[int] | None = None, on_comment: OnComment | None = None) -> None:
        self.emit = emit
        self.max_depth = max_depth
        self.base_kind = base_kind
        self.offsets = offsets
        self.on_comment = on_comment
        self.stack: list[_Open] = []
        self.open_counts: dict[str, int] = {}
        self.located = LocatedText()
        self.quoting = 0  # inside this many quotations that are not elements (Hugo's quote shortcodes)

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1].skipped

    @property
    def in_code(self) -> bool:
        """Inside an element whose text is code (`<code>`, `<kbd>` ...)."""
        return any(item.protected for item in self.stack)

    def at(self, position: int) -> int:
        """The source offset of character `position` of the scanned text."""
        if self.offsets is None:
            return position
        return self.offsets[min(position, len(self.offsets) - 1)]

    def start_tag(self, tag: str, attrs: Attributes, position: int, self_closing: bool) -> None:
        self._close_implied(tag)
        if tag in _VOID:
            if tag in _BLOCKS:
                self._flush()
            elif tag == "br" and not self.skipping:
                self.located.add_space(self.at(position))
            return
        if tag in _BLOCKS:
            self._flush()
        if len(self.stack) >= self.max_depth:
            raise ReadError(f"HTML is nested more than {self.max_depth} levels deep")
        skipped = self.skipping or tag in _SKIPPED or is_boilerplate(attrs)
        protected = tag in _PROTECTED and not skipped
        parent = self.stack[-1] if self.stack else None
        kind = _KINDS.get(tag) or (parent.kind if parent else self.base_kind)
        p_in_scope = tag == "p" or (parent is not None and parent.p_in_scope and tag not in _P_SCOPE)
        self.stack.append(_Open(tag, skipped, protected, kind, p_in_scope))
        self.open_counts[tag] = self.open_counts.get(tag, 0) + 1
        if protected:
            self.located.begin_protected()
        if self_closing:  # `<svg/>`, `<div/>`: opened and closed at once
            self.end_tag(tag, position)

    def end_tag(self, tag: str, position: int) -> None:
        if tag == "br":  # browsers read a stray </br> as <br>
            self.start_tag("br", [], position, False)
            return
        if not self.open_counts.get(tag):
            return  # an end tag with nothing to close
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                self._pop_to(index)
                return

    def text(self, text: str, position: int) -> None:
        if self.skipping:
            return
        if self.offsets is None:
            self.located.add_text(text, position)
        else:
            self.located.add_mapped(text, self.offsets[position : position + len(text)])

    def reference(self, raw: str, position: int) -> None:
        if self.skipping:
            return
        decoded = html.unescape(raw)
        if self.offsets is None:
            self.located.add_decoded(decoded, raw, position)
            return
        # As LocatedText.add_decoded, through the map: characters the two share at the end keep
        # their own offsets, the rest point at the reference's `&`.
        shared = 0
        while shared < min(len(decoded), len(raw)) and decoded[-1 - shared] == raw[-1 - shared]:
            shared += 1
        head = len(decoded) - shared
        for i, char in enumerate(decoded):
            self.located.add_char(char, self.at(position if i < head else position + len(raw) - (len(decoded) - i)))

    def comment(self, body: str, position: int) -> None:
        if self.on_comment is not None:
            self.on_comment(body, self.at(position))

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

    def flush(self) -> None:
        """End the block being read here (a boundary the markup does not show, as a shortcode's tag)."""
        self._flush()

    def _flush(self) -> None:
        kind = self.stack[-1].kind if self.stack else self.base_kind
        self.emit("quote" if self.quoting and kind == "paragraph" else kind, self.located)


def is_boilerplate(attrs: Attributes) -> bool:
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


def attributes(raw: str) -> Attributes:
    attrs: Attributes = []
    for match in _ATTRIBUTE.finditer(raw):
        value = next((v for v in match.group(2, 3, 4) if v is not None), "")
        attrs.append((match.group(1).lower(), html.unescape(value)))
    return attrs


def _raw_text_end(tag: str) -> re.Pattern[str]:
    return re.compile(rf"</{tag}(?=[\s/>])[^>]*>?|\Z", re.IGNORECASE)


_RAW_TEXT_ENDS = {tag: _raw_text_end(tag) for tag in _RAW_TEXT}


Mark = tuple[int, Callable[[], object]]


def scan_html(text: str, page: VisibleText, marks: Sequence[Mark] = ()) -> None:
    """Feed every tag, text run, reference and comment of `text` to `page`, in order, then finish it.

    `marks` are (offset, action) in offset order: each action runs when the
    scan reaches its offset (a mark inside a tag runs just before the tag).
    """
    position = 0
    pending = list(marks)
    pending.reverse()

    def run_text(start: int, end: int) -> None:
        while pending and pending[-1][0] < end:
            at = max(start, pending[-1][0])
            if at > start:
                page.text(text[start:at], start)
                start = at
            pending.pop()[1]()
        if end > start:
            page.text(text[start:end], start)

    while position < len(text):
        match = _TOKEN.search(text, position)
        if match is None:
            run_text(position, len(text))
            break
        if match.start() > position:
            run_text(position, match.start())
        while pending and pending[-1][0] < match.end():
            pending.pop()[1]()
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
            page.start_tag(tag, attributes(attrs), match.start(), self_closing)
        elif match.group(0).startswith("<!--"):
            page.comment(match.group("comment") or "", match.start())
        # else: a doctype, processing instruction or junk markup: not prose
    while pending:
        pending.pop()[1]()
    page.finish()


@dataclass(frozen=True)
class Tag:
    """One tag on its own (as Markdown's inline HTML gives them): its name and what it does to text."""

    name: str
    closing: bool
    void: bool        # never has content: <br>, <img>, or written `<x/>`
    hides: bool       # its content is not prose (script, style, nav, hidden, a cookie banner ...)
    protects: bool    # its content is code (code, kbd, samp ...)
    breaks: bool      # reads as a space between words (<br>)


_ONE_TAG = re.compile(r"<(?P<end>/)?(?P<tag>[a-zA-Z][^\s/>]*)(?P<attrs>.*?)>?\Z", re.DOTALL)


def read_tag(raw: str) -> Tag | None:
    """What the single tag `raw` is (`<span hidden>`, `</script>`, `<br/>`); None for a comment or other markup."""
    match = _ONE_TAG.match(raw)
    if match is None:
        return None
    name = match.group("tag").lower()
    attrs = match.group("attrs") or ""
    closing = bool(match.group("end"))
    self_closing = attrs.rstrip().endswith("/")
    hides = name in _RAW_TEXT or name in _SKIPPED or (not closing and is_boilerplate(attributes(attrs)))
    return Tag(name, closing, name in _VOID or self_closing, hides, name in _PROTECTED, name == "br")
