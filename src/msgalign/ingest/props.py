"""What reads as prose in JSX, shared by the MDX and the TSX/JSX readers (neither is the other's).

A component's string prop, or a string under a key of an object literal,
is prose when its name is not one that holds code (`className`, `href`,
`variant`...) and its value reads as words, not as an identifier, URL,
path, class list or CSS. JavaScript strings and JSX attribute strings are
decoded here too, each decoded character keeping the source offset it came
from (an escape or a character reference points at its first character).
"""

from __future__ import annotations

import html
import re

# (text as read, text in the source, offset of the source text)
Piece = tuple[str, str, int]

# Props that hold prose when their value reads like it (a single capitalised word counts: a card's title).
PROSE_PROPS = frozenset({
    "title", "alt", "caption", "label", "quote", "description", "text", "name", "role", "author", "heading",
    "subtitle", "subheading", "summary", "content", "message", "tooltip", "placeholder", "cta", "ctatext",
    "buttontext", "aria-label", "arialabel", "excerpt", "tagline", "company", "position", "jobtitle",
    "question", "answer", "headline", "note", "linktext", "byline", "attribution", "about", "bio", "blurb",
    "intro", "lede", "subtext", "eyebrow", "kicker", "footnote", "disclaimer", "testimonial", "body",
})
# Props that never hold prose, whatever their value looks like.
_CODE_PROPS = frozenset({
    "classname", "class", "id", "href", "src", "srcset", "type", "variant", "size", "color", "icon", "img",
    "image", "width", "height", "style", "key", "ref", "target", "rel", "as", "lang", "language", "slug",
    "to", "url", "path", "layout", "theme", "format", "poster", "mp4", "webm", "align", "loading", "media",
    "sizes", "fill", "stroke", "viewbox", "xmlns", "d", "htmlfor", "for", "method", "action", "value",
    "autoplay", "tabindex", "level", "mode", "sandbox", "allow", "frameborder", "lines", "highlight",
})
_STYLE_PROPS = frozenset({"sx", "css", "tw", "styles", "classnames", "classes", "variants", "config"})
_CODE_SUFFIXES = ("class", "classes", "classname", "style", "id", "url", "href", "src", "icon", "color", "path",
                  "image", "img", "key", "type", "variant", "size")
_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|mailto:|tel:|www\.)", re.IGNORECASE)
_FILE = re.compile(r"\S+\.[A-Za-z0-9]{2,5}")
# Linear on any value (a prop may hold one 100,000-character word): a declaration is read from the start
# of its name only, a class token is its characters with one separator among them, and a word's body
# never gives characters back to its closing marks (each was quadratic: 90 s for one long prop).
_CSS = re.compile(r"(?<![a-z-])[a-z-]+\s*:[^;:]++;|\A[a-z-]+:\s*[\w#%.(),-]+;?\Z")
_CLASS_TOKEN = re.compile(r"(?=[^-:\[\]/]*+[-:\[\]/])[\w\[\]&>():/.%#!-]*+")
_WORD = re.compile(r"[(\"'“‘]*[^\W\d_][\w'’.&+-]*+[)\"'”’.,;:!?…]*")
_SINGLE_WORD = re.compile(r"[^\W\d_a-z][\w'’.&+-]*[.!?]?")
# Components whose words are a quotation (`<Quote>`, `<Blockquote>`, `<TestimonialCard>`).
QUOTE_NAME = re.compile(r"quote|testimonial", re.IGNORECASE)
_NAME_PARTS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")

JS_ESCAPE = re.compile(r"\\(?:u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def looks_like_prose(prop: str, value: str) -> bool:
    """A string prop's value reads as prose: words, not an identifier, URL, path, class list or CSS."""
    key = prop.lower()
    v = value.strip()
    if key in _CODE_PROPS or (key not in PROSE_PROPS and (key.endswith(_CODE_SUFFIXES) or key.startswith(
            ("data-", "on", "aria-")))):
        return False
    if not v or not re.search(r"[^\W\d_]{2}", v) or _URL.match(v) or v.startswith(("/", "./", "../", "~/", "#")):
        return False
    tokens = v.split()
    if len(tokens) == 1:
        if _FILE.fullmatch(v) and not v.endswith((".", "!", "?")) or "/" in v:
            return False
        return key in PROSE_PROPS and _SINGLE_WORD.fullmatch(v) is not None and "_" not in v
    if _CSS.search(v):
        return False
    if sum(1 for t in tokens if _CLASS_TOKEN.fullmatch(t)) * 2 >= len(tokens):
        return False
    words = sum(1 for t in tokens if _WORD.fullmatch(t))
    return words * 2 > len(tokens)


def prose_name(name: str) -> bool:
    """The name of a prop or key says it holds prose: `title`, `heroTitle`, `cta_label`, `quote-text`.

    Stricter than `looks_like_prose` alone, for code files where most strings are not copy: the
    name itself, or its last word, must be a prose name, and never a code name (`titleClassName`).
    """
    key = name.lower()
    if key in PROSE_PROPS:
        return True
    if key in _CODE_PROPS or key.endswith(_CODE_SUFFIXES):
        return False
    parts = name_parts(name)
    return len(parts) > 1 and parts[-1].lower() in PROSE_PROPS


def name_parts(name: str) -> list[str]:
    """The words of a camelCase, snake_case or kebab-case name: `heroTitle` → hero, Title; `CTA_label` → CTA, label."""
    return _NAME_PARTS.findall(name)


def code_name(name: str) -> bool:
    """The name of a prop or key that holds code, never prose (`className`, `href`, `data-id`, `onClick`)."""
    key = name.lower()
    if key in PROSE_PROPS:
        return False
    return key in _CODE_PROPS or key in _STYLE_PROPS or key.endswith(_CODE_SUFFIXES) \
        or key.startswith("data-") or re.match(r"on[A-Z_-]", name) is not None \
        or (key.startswith("aria-") and key != "aria-label")


def unescape_js(escape: str) -> str:
    r"""What a JavaScript escape (`\n`, `\u2019`, `\'`, a line continuation) reads as."""
    body = escape[1:]
    if body.startswith("u{"):
        code = int(body[2:-1], 16)
        return chr(code) if code <= 0x10FFFF else "\ufffd"
    if body[0] in "ux" and len(body) > 1:
        return chr(int(body[1:], 16))
    if body in ("\n", "\r\n", "\r"):
        return ""  # a line continuation
    return _ESCAPES.get(body, body)


def html_string(text: str, start: int, end: int) -> tuple[Piece, ...]:
    """A JSX attribute string: no backslash escapes, HTML character references decoded."""
    pieces: list[Piece] = []
    position = start
    for entity in _ENTITY.finditer(text, start, end):
        if entity.start() > position:
            pieces.append((text[position : entity.start()], text[position : entity.start()], position))
        pieces.append((html.unescape(entity.group()), entity.group(), entity.start()))
        position = entity.end()
    if end > position:
        pieces.append((text[position:end], text[position:end], position))
    return tuple(pieces)
