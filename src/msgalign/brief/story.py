"""A customer story, read: its customer, sentences and quotes, each with where it came from.

Stories are Markdown (front matter optional) or plain text, in sections
(Challenge, Approach, Results, Quote) or free prose. Every sentence keeps its
offsets in the decoded story text, so a brief built from it can point at the
exact words it came from. Quoted speech is kept apart from narration: a
customer's own words make a quote or an objection, never a "fact" about them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from msgalign.errors import ReadError, UsageError
from msgalign.ingest.encoding import decode, read_text_bytes
from msgalign.ingest.markdown import read_markdown, split_front_matter
from msgalign.ingest.text import read_text
from msgalign.text.quantities import Change, Quantity, find_changes, find_quantities
from msgalign.text.sentences import Sentence, split_sentences
from msgalign.text.spans import overlaps
from msgalign.types import Block, SourceText

MAX_STORY_BYTES = 1_000_000
MIN_QUOTE_WORDS = 4  # shorter quoted text is a scare quote ("one number"), not speech
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"\n]+)\"")
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|da|di|le))*"
_SAYS = r"(?:says|said|explains|explained|adds|added|recalls|recalled|notes|noted|puts it|tells us|told us)"
_ATTRIBUTIONS = (
    re.compile(rf"^\s*[(\[]\s*(?P<name>{_NAME})\s*(?:,\s*(?P<role>[^)\]]+))?[)\]]"),
    re.compile(rf"^\s*[,.]?\s*{_SAYS}\s+(?P<name>{_NAME})(?:\s*,\s*(?P<role>[^.;]+))?"),
    re.compile(rf"^\s*[,.]?\s*(?P<name>{_NAME})\s*,\s*(?P<role>[^,.;]+?),\s*{_SAYS}\b"),
    re.compile(rf"^\s*[,.]?\s*(?P<name>{_NAME})\s+{_SAYS}\b"),
    re.compile(rf"^\s*[—–―-]{{1,2}}\s*(?P<name>{_NAME})(?:\s*,\s*(?P<role>.+?))?\s*$"),
)
_LEAD_ATTRIBUTION = re.compile(rf"(?:As\s+)?(?P<name>{_NAME})(?:\s*,\s*(?P<role>[^,]+),)?\s+{_SAYS}[:,]?\s*$")
_SENTENCE_OPENERS = {
    "how", "why", "what", "when", "where", "who", "the", "a", "an", "after", "before", "within", "over",
    "in", "at", "for", "with", "by", "from", "to", "our", "we", "their", "its", "this", "that", "these",
    "then", "now", "today", "as", "on", "once", "while", "during", "since", "two", "three",
    "four", "five", "six", "seven", "eight", "nine", "ten", "every", "each", "one", "no", "nobody",
    "meet", "inside", "case", "study", "story", "customer", "results", "challenge", "approach", "quote",
}


@dataclass(frozen=True)
class Span:
    """Characters [start, end) of the decoded story text; lines are 1-based."""

    start: int
    end: int
    line: int
    end_line: int


@dataclass(frozen=True)
class StorySentence:
    index: int
    text: str                    # as a reader sees it: markup removed, whitespace collapsed
    offsets: tuple[int, ...]     # story offset of every character of `text`
    block: int
    kind: str                    # the block's kind: paragraph, list_item, quote, ...
    section: str                 # the heading above it ("" before the first one)
    paragraph_position: int      # 0 for the first prose block of the story, 1 for the next, ...
    quantities: tuple[Quantity, ...]
    changes: tuple[Change, ...]
    quoted: bool = False         # the customer's own words

    @property
    def words(self) -> int:
        return len(self.text.split())

    def source_range(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """Story offsets of text[start:end]."""
        end = len(self.text) if end is None else end
        return self.offsets[start], self.offsets[max(start, end - 1)] + 1


@dataclass(frozen=True)
class Quote:
    sentences: tuple[StorySentence, ...]
    speaker: str
    role: str
    speaker_range: tuple[int, int] | None

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class Field:
    """A value the story states (front matter or prose), with where it says it."""

    value: str
    start: int
    end: int


@dataclass(frozen=True)
class Story:
    path: Path
    display: str
    source: SourceText
    front_matter: dict[str, object]
    title: StorySentence | None
    customer: Field | None
    industry: Field | None
    size: Field | None
    sentences: tuple[StorySentence, ...]   # narration, in story order (no headings, no quotes)
    quotes: tuple[Quote, ...]

    @property
    def text(self) -> str:
        return self.source.text

    def span(self, start: int, end: int) -> Span:
        line = self.source.line_col(start)[0]
        end_line = self.source.line_col(max(start, end - 1))[0]
        return Span(start, end, line, end_line)


def read_story(path: Path, display: str, *, known_names: Iterable[str] = ()) -> Story:
    """Read a story file. `known_names` (the company, the product, glossary terms)
    are never taken for the customer's name."""
    try:
        decoded = decode(read_text_bytes(path, MAX_STORY_BYTES))
    except FileNotFoundError:
        raise UsageError(f"no such story: {display}.") from None
    except (OSError, ReadError) as exc:
        reason = exc.reason if isinstance(exc, ReadError) else str(exc)
        raise UsageError(f"cannot read the story: {reason}.", where=display) from None
    source = SourceText(decoded.text)
    front: dict[str, object] = {}
    if path.suffix.lower() in (".md", ".markdown", ".mdx"):
        sink, front, _ = read_markdown(source, 10_000, mdx=path.suffix.lower() == ".mdx")
    else:
        sink, _ = read_text(source, 10_000)
    blocks = list(sink.blocks)
    title, blocks = _title(blocks, source)
    sentences, quotes = _sentences(blocks, source)
    if not sentences and not quotes and title is None:
        raise UsageError("the story has no prose to build a brief from.", where=display)
    return Story(
        path=path, display=display, source=source, front_matter=front, title=title,
        customer=_front_field(source.text, "customer") or _customer_from_prose(path, title, sentences, known_names),
        industry=_front_field(source.text, "industry"),
        size=_front_field(source.text, "size") or _size_from_prose(sentences),
        sentences=tuple(sentences), quotes=tuple(quotes),
    )


def _heading_level(block: Block, source: SourceText) -> int:
    line_text = source.text[source.line_offset(block.location.line or 1):].split("\n", 1)[0]
    m = re.match(r"\s{0,3}(#{1,6})\s", line_text)
    return len(m.group(1)) if m else 1  # a setext heading counts as a title


def _title(blocks: list[Block], source: SourceText) -> tuple[StorySentence | None, list[Block]]:
    """The first heading is the title when it opens the story at level one or two."""
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            return None, blocks
        if _heading_level(block, source) <= 2 and block.offsets:
            title = StorySentence(-1, block.text, block.offsets, i, "heading", "", -1, (), ())
            return title, blocks[:i] + blocks[i + 1 :]
        return None, blocks
    return None, blocks


def _sentences(blocks: list[Block], source: SourceText) -> tuple[list[StorySentence], list[Quote]]:
    sentences: list[StorySentence] = []
    quotes: list[Quote] = []
    section = ""
    position = 0
    pending: list[StorySentence] = []  # an unattributed blockquote, waiting for a "— Name" line
    counter = iter(range(1_000_000))

    def make(text: str, offsets: tuple[int, ...], block: int, kind: str, quoted: bool) -> StorySentence:
        qs = find_quantities(text)
        return StorySentence(next(counter), text, offsets, block,
                             kind, section, position, tuple(qs), tuple(find_changes(qs)), quoted)

    for b, block in enumerate(blocks):
        if block.offsets is None:
            continue
        if block.kind == "heading":
            section = block.text
            continue
        if pending:
            attribution = _attribution(block.text)
            speaker = (attribution[0], attribution[1], _field_range(block, block.text, attribution[0])) \
                if attribution else ("", "", None)
            quotes.append(Quote(tuple(pending), *speaker))
            pending = []
            if attribution:
                continue
        segments = _quote_segments(block.text)
        if block.kind == "quote" and not segments and not _attribution(block.text):
            segments = [(0, len(block.text))]
        quote_sentences: list[StorySentence] = []
        for start, end in segments:
            for s in _split(block.text[start:end]):
                text = re.sub(r"[,;:]$", ".", s.text)
                quote_sentences.append(make(text, block.offsets[start + s.start : start + s.end], b, block.kind, True))
        for s in _split(block.text):
            if overlaps(segments, s.start, s.end):
                continue  # the sentence is speech or its attribution
            if re.fullmatch(r"[\W\d]*", s.text) or (segments and _is_attribution(s.text)):
                continue
            sentences.append(make(s.text, block.offsets[s.start : s.end], b, block.kind, False))
        if quote_sentences:
            rest = _outside(block.text, segments)
            attribution = _attribution(rest) or _lead_attribution(block.text, segments)
            if attribution is None and block.kind == "quote":
                pending = quote_sentences
            else:
                name, role = attribution or ("", "")
                speaker_range = _field_range(block, block.text, name)
                name, role, speaker_range = _full_name(name, role, speaker_range, source.text)
                quotes.append(Quote(tuple(quote_sentences), name, role, speaker_range))
        if block.kind != "quote" or not quote_sentences:
            position += 1
    if pending:
        quotes.append(Quote(tuple(pending), "", "", None))
    return sentences, quotes


def _split(text: str) -> list[Sentence]:
    """Sentences, also split after a lone capital ("Series C. Two years ago") when a
    sentence opener follows: the shared splitter keeps those together as initials."""
    out: list[Sentence] = []
    for s in split_sentences(text):
        cut = s.start
        for m in re.finditer(r"(?<=\s[A-Z])\.\s+(?=([A-Z][a-z]+)\b)", s.text):
            if m.group(1).lower() in _SENTENCE_OPENERS:
                piece = text[cut : s.start + m.start() + 1]
                out.append(Sentence(cut, cut + len(piece), piece))
                cut = s.start + m.end()
        out.append(Sentence(cut, s.end, text[cut : s.end]))
    return out


def _is_attribution(text: str) -> bool:
    return len(text.split()) <= 14 and (_attribution(text) is not None or bool(re.fullmatch(r"\s*\(.*\)\s*\.?", text)))


def _full_name(name: str, role: str, where: tuple[int, int] | None,
               text: str) -> tuple[str, str, tuple[int, int] | None]:
    """'Whitfield says' → the 'Dana Whitfield' the story introduced, and a role it gave her."""
    if name and " " not in name:
        if m := re.search(rf"\b([A-Z][\w'’-]+ {re.escape(name)})\b", text):
            name, where = m.group(1), (m.start(1), m.end(1))
    if name and not role:
        after = re.escape(name) + r",\s*(?:who (?:became|is|was|joined as)\s+)?(?:the |our |its |their )?"
        if m := re.search(after + r"(?P<role>[A-Z][\w&'’/-]*(?:\s+(?:of\s+)?[A-Z][\w&'’/-]*)*)", text):
            role = m.group("role")
        elif m := re.search(r"(?:\b[A-Z][\w&]*['’]s\s+|\b(?:the|its|their|our)\s+)"
                            rf"(?P<role>(?:[A-Za-z-]+\s+){{0,5}}?[A-Za-z-]+),\s*{re.escape(name)}\b", text):
            role = m.group("role")  # "Marlow's head of customer success, Priya Raman"
    return name, role, where


def _quote_segments(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _QUOTED.finditer(text):
        group = 1 if m.group(1) is not None else 2
        if len(m.group(group).split()) >= MIN_QUOTE_WORDS:
            out.append((m.start(group), m.end(group)))
    return out


def _outside(text: str, segments: list[tuple[int, int]]) -> str:
    """The text after the last quoted segment, or between segments when that is all there is."""
    tail = text[segments[-1][1] + 1 :] if segments else text
    if len(tail.strip(" .,;\"”")) > 2:
        return tail
    between = [text[a[1] + 1 : b[0] - 1] for a, b in zip(segments, segments[1:], strict=False)]  # neighbours
    return next((x for x in between if len(x.strip(" .,;\"“”")) > 2), tail)


def _attribution(text: str) -> tuple[str, str] | None:
    for pattern in _ATTRIBUTIONS:
        if m := pattern.match(text):
            role = (m.groupdict().get("role") or "").strip().rstrip(".")
            return m.group("name").strip(), role
    return None


def _lead_attribution(text: str, segments: list[tuple[int, int]]) -> tuple[str, str] | None:
    if m := _LEAD_ATTRIBUTION.search(text[: max(0, segments[0][0] - 1)]):
        return m.group("name").strip(), (m.group("role") or "").strip()
    return None


def _field_range(block: Block, text: str, value: str) -> tuple[int, int] | None:
    at = text.find(value) if value else -1
    if at < 0 or block.offsets is None:
        return None
    return block.offsets[at], block.offsets[at + len(value) - 1] + 1


def _front_field(text: str, key: str) -> Field | None:
    _, body_start = split_front_matter(text)
    m = re.search(rf"^{key}\s*:[ \t]*([\"']?)(.+?)\1[ \t]*\r?$", text[:body_start], re.MULTILINE | re.IGNORECASE)
    if m is None or not m.group(2).strip():
        return None
    return Field(m.group(2).strip(), m.start(2), m.end(2))


def _customer_from_prose(path: Path, title: StorySentence | None, sentences: list[StorySentence],
                         known: Iterable[str]) -> Field | None:
    """The proper name the story is about: one the file name spells, else the most frequent.

    Only names in the title and the first two paragraphs are candidates:
    that is where a story introduces its customer.
    """
    excluded = {k.casefold() for k in known}
    early = ([title] if title else []) + [s for s in sentences if s.paragraph_position < 2]
    candidates: dict[str, tuple[int, int]] = {}
    for s in early:
        for m in re.finditer(r"\b[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|&))*", s.text):
            words = m.group().split()
            offset = m.start()
            while words and words[0].lower() in _SENTENCE_OPENERS:
                offset += len(words[0]) + 1
                words = words[1:]
            name = re.sub(r"['’]s?$", "", " ".join(words).rstrip("."))
            if " " not in name and not _mid_sentence(name, early):
                continue  # "Only" or "Today" is capitalised by where it stands, not because it is a name
            if len(name) < 3 or name.casefold() in excluded or any(k in name.casefold().split() for k in excluded):
                continue
            candidates.setdefault(name, s.source_range(offset, offset + len(name)))
    # "Marlow" is the short form of "Marlow Health": the story introduced the full name.
    for short in [c for c in candidates if any(o.startswith(c + " ") for o in candidates)]:
        del candidates[short]
    if not candidates:
        return None
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower())
    body = " ".join(s.text for s in sentences)

    def score(name: str) -> tuple[float, int, int]:
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        in_stem = 10.0 * len(slug) / max(len(stem), 1) if slug and slug in stem else 0.0
        count = body.count(name) + 0.5 * body.count(name.split()[0])
        return (in_stem + count, len(name.split()), -candidates[name][0])

    best = max(sorted(candidates), key=score)
    if score(best)[0] < 1.5:
        return None  # a name mentioned once is a person or a partner, not the subject
    start, end = candidates[best]
    return Field(best, start, end)


def _mid_sentence(word: str, sentences: list[StorySentence]) -> bool:
    return any(re.search(rf"(?<=[\w,;:)] ){re.escape(word)}\b", s.text) for s in sentences)


def _size_from_prose(sentences: list[StorySentence]) -> Field | None:
    for s in sentences[:6]:
        m = re.search(r"\b(?:about |around |some |nearly )?\d[\d,]*(?:[- ](?:person|people|employee)s?\b| employees\b)",
                      s.text)
        if m:
            start, end = s.source_range(m.start(), m.end())
            return Field(m.group(), start, end)
    return None
