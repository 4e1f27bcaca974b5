"""Hugo shortcodes (`{{< quote author="Ana Ruiz, CTO" >}}…{{< /quote >}}`) read as markup, not text.

Hugo sites (customer stories, case studies, docs) put shortcodes in their
Markdown and in `.html` content files with front matter. The Markdown and
HTML readers already find each `{{< … >}}` and `{{% … %}}` tag (outside code)
and take it out of the text; this module says what the tags mean:

- a paired shortcode's tags are block boundaries: the text between them is
  read as ordinary blocks at their exact places, never run into the text
  around them;
- a quote-like shortcode (its name has quote, blockquote, testimonial or
  pullquote in it) is a quotation: the blocks inside are quotes, and its
  `author` (or `name`, `cite`, `attribution`) parameter, with `title`, `role`
  and `company`, becomes one more quote block right after them, as a
  `<cite>` inside a `<blockquote>` is read: the quote's speaker;
- a figure-like shortcode's `caption` is read as a paragraph, as a
  `<figcaption>` is; its `alt` and `title` are not, as an image's alt text
  and title are not read anywhere;
- no other parameter (src, ref, link, class, ids) is ever read.

A closing tag that closes nothing and a quote that is never closed are
reported with their line; the rest of the file is read.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from msgalign.ingest.props import Piece
from msgalign.ingest.textspans import LocatedText

_TAG = re.compile(r"\{\{([<%])\s*(/)?\s*([^\s<>%/\"'`{}]+(?:/[^\s<>%/\"'`{}]+)*)?(.*?)(/)?\s*[>%]\}\}\Z",
                  re.DOTALL)
_PARAM = re.compile(r"""([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|'([^']*)'|([^\s"'`]+))""",
                    re.DOTALL)
_QUOTE_LIKE = re.compile(r"(?i)quote|testimonial")
_FIGURE_LIKE = re.compile(r"(?i)figure|image|img|picture|photo|screenshot")
_SPEAKER_KEYS = ("author", "name", "cite", "attribution", "speaker", "by")
_ROLE_KEYS = ("title", "role", "position", "company", "org", "organization")
_OPENER = re.compile(r"\{\{[<%]")
_NEAR = 200  # how far a tag's line is looked at on each side (a page on one line must not cost a scan per tag)
UNTERMINATED = "a Hugo shortcode starts here but never ends (no >}} or %}} after it); the rest of its line was left out"


@dataclass(frozen=True)
class Event:
    """What a shortcode tag does at `offset`: break, quote_open, quote_close (with the speaker) or caption."""

    offset: int
    action: str
    pieces: tuple[Piece, ...] = ()


@dataclass
class Shortcodes:
    events: list[Event] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)  # the inside of each quote-like shortcode
    warnings: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Tag:
    start: int
    end: int
    name: str
    closing: bool
    self_closing: bool
    params: dict[str, tuple[Piece, ...]]


def is_shortcode(text: str, start: int) -> bool:
    return text.startswith(("{{<", "{{%"), start)


def read_shortcodes(text: str, spans: Sequence[tuple[int, int]]) -> Shortcodes:
    """What the shortcode tags among `spans` (macro ranges in source order) mean; other macros are ignored."""
    out = Shortcodes()
    tags = [tag for start, end in spans if is_shortcode(text, start) and (tag := _read_tag(text, start, end))]
    closers: dict[str, int] = {}
    for tag in tags:
        if tag.closing:
            closers[tag.name] = closers.get(tag.name, 0) + 1
    opened: list[tuple[_Tag, bool]] = []  # (tag, paired)
    for tag in tags:
        quote_like = bool(_QUOTE_LIKE.search(tag.name))
        if tag.closing:
            closers[tag.name] -= 1  # now: the closers of this name still ahead
            index = next((i for i in range(len(opened) - 1, -1, -1) if opened[i][0].name == tag.name), None)
            if index is None:
                out.warnings.append((tag.start, f"the shortcode closing tag for '{tag.name}' closes nothing "
                                                 "(no opening tag before it); it was left out"))
                out.events.append(Event(tag.start, "break"))
                continue
            opening, _ = opened[index]
            del opened[index:]
            if quote_like:
                out.quotes.append((opening.end, tag.start))
                out.events.append(Event(tag.start, "quote_close", _speaker(opening.params)))
            else:
                out.events.append(Event(tag.start, "break"))
            continue
        waiting = sum(1 for other, _ in opened if other.name == tag.name)  # opened before, closed by those ahead
        paired = not tag.self_closing and closers.get(tag.name, 0) > waiting
        if paired:
            opened.append((tag, True))
            out.events.append(Event(tag.start, "quote_open" if quote_like else "break"))
        elif quote_like and not tag.self_closing and "text" not in tag.params and "quote" not in tag.params:
            out.warnings.append((tag.start, f"the '{tag.name}' shortcode is never closed (no {{{{< /{tag.name} >}}}} "
                                            "after it); the text after it was read as ordinary text"))
        elif _standalone(text, tag.start, tag.end):
            out.events.append(Event(tag.start, "break"))
        if not tag.closing and _FIGURE_LIKE.search(tag.name) and (caption := tag.params.get("caption")):
            out.events.append(Event(tag.start, "caption", caption))
    out.events.sort(key=lambda event: event.offset)
    out.quotes.sort()
    return out


def unterminated(text: str, spans: Sequence[tuple[int, int]], start: int = 0) -> list[tuple[int, int]]:
    """Shortcode openers of `text` outside `spans` (the macros found, in order) that never end (no `>}}`
    before a blank line): each from its `{{` to the end of its line."""
    found: list[tuple[int, int]] = []
    starts = [s for s, _ in spans]
    for match in _OPENER.finditer(text, start):
        at = bisect.bisect_right(starts, match.start()) - 1
        if at >= 0 and match.start() < spans[at][1] or found and match.start() < found[-1][1]:
            continue
        line_end = text.find("\n", match.start())
        found.append((match.start(), len(text) if line_end < 0 else line_end))
    return found


def _standalone(text: str, start: int, end: int) -> bool:
    """The tag is alone on its line(s): only whitespace before it and after it."""
    before = text[max(0, start - _NEAR) : start]
    after = text[end : end + _NEAR]
    return not before[before.rfind("\n") + 1 :].strip() and ("\n" in before or start <= _NEAR) \
        and not after.split("\n", 1)[0].strip() and ("\n" in after or end + _NEAR >= len(text))


def _read_tag(text: str, start: int, end: int) -> _Tag | None:
    match = _TAG.match(text[start:end])
    if match is None or match.group(3) is None:
        return None
    params: dict[str, tuple[Piece, ...]] = {}
    body_start = start + match.start(4)
    for param in _PARAM.finditer(match.group(4)):
        key = param.group(1).lower()
        group = next(g for g in (2, 3, 4, 5) if param.group(g) is not None)
        value_start = body_start + param.start(group)
        value = param.group(group)
        params.setdefault(key, _unescaped(value, value_start) if group == 2 else ((value, value, value_start),))
    return _Tag(start, end, match.group(3), bool(match.group(2)), bool(match.group(5)), params)


def _unescaped(value: str, offset: int) -> tuple[Piece, ...]:
    pieces: list[Piece] = []
    run = 0
    k = value.find("\\")
    while 0 <= k < len(value) - 1:
        if k > run:
            pieces.append((value[run:k], value[run:k], offset + run))
        pieces.append((value[k + 1], value[k : k + 2], offset + k))
        run = k + 2
        k = value.find("\\", run)
    if run < len(value):
        pieces.append((value[run:], value[run:], offset + run))
    return tuple(piece for piece in pieces if piece[0].strip() or piece[0])


def _speaker(params: dict[str, tuple[Piece, ...]]) -> tuple[Piece, ...]:
    """The quote's speaker: the author's name, then the role and company it gives, joined with commas."""
    who = next((params[key] for key in _SPEAKER_KEYS if _words(params.get(key))), ())
    if not who:
        return ()
    pieces = list(who)
    for key in _ROLE_KEYS:
        value = params.get(key)
        if _words(value) and value is not None:
            pieces.append((", ", "", value[0][2]))
            pieces.extend(value)
    return tuple(pieces)


def _words(pieces: tuple[Piece, ...] | None) -> bool:
    """The value reads as words: not empty, not an address (`cite="https://…"` is where the quote is from)."""
    value = "".join(shown for shown, _, _ in pieces or ()).strip()
    return bool(value) and not _ADDRESS.match(value)


_ADDRESS = re.compile(r"(?i)(?:[a-z][a-z0-9+.-]*:|/|#|\.\.?/|www\.)\S*$")


def drop_unterminated(located: LocatedText, text: str, warnings: list[tuple[int, str]]) -> None:
    """Take out of a block being read each shortcode opener that never ends (`{{< quote author="…"` with no
    `>}}`): from its `{{` to the end of its source line, with a warning. Protected text (code) is left alone."""
    shown = "".join(located.chars)
    position = shown.find("{{")
    if position < 0:
        return
    protected = located._protected
    offsets = located.offsets
    drops: list[tuple[int, int]] = []
    while position >= 0:
        at = offsets[position]
        if shown.startswith(("{{<", "{{%"), position) and is_shortcode(text, at):
            line_end = text.find("\n", at)
            line_end = len(text) if line_end < 0 else line_end
            stop = position
            while stop < len(offsets) and offsets[stop] < line_end:
                stop += 1
            if not any(s < stop and position < e for s, e in protected):
                warnings.append((at, UNTERMINATED))
                drops.append((position, stop))
                position = shown.find("{{", stop)
                continue
        position = shown.find("{{", position + 2)
    for start, stop in reversed(drops):
        del located.chars[start:stop]
        del offsets[start:stop]
        removed = stop - start
        located._protected = [(s - removed, e - removed) if s >= stop else (s, e) for s, e in located._protected]
