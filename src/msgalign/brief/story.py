"""A customer story, read: its customer, sentences and quotes, each with where it came from.

Stories are Markdown (front matter optional) or plain text, in sections
(Challenge, Approach, Results, Quote) or free prose. Every sentence keeps its
offsets in the decoded story text, so a brief built from it can point at the
exact words it came from. Quoted speech is kept apart from narration: a
customer's own words make a quote or an objection, never a "fact" about them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from msgalign.errors import ReadError, UsageError
from msgalign.ingest import Limits, read_document
from msgalign.ingest.markdown import split_front_matter
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
_BARE_NAME = re.compile(r"^\s*[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}\s*$")
_CAPTION = re.compile(rf"^\s*(?P<name>{_NAME})\s*(?:,|\s[-–—]\s)\s*(?P<role>[^.;]{{3,80}}?)\.?\s*$")
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
    sections: tuple[str, ...] = ()  # the headings above it, outermost first ("The challenge", "Modernizing ...")

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
    headings: tuple[StorySentence, ...] = ()  # section headings but the title ("How X doubled its signups")
    url: Field | None = None                  # the story's own address, from its front matter
    described: Field | None = None            # a story that names no customer: how it describes them

    @property
    def text(self) -> str:
        return self.source.text

    def span(self, start: int, end: int) -> Span:
        line = self.source.line_col(start)[0]
        end_line = self.source.line_col(max(start, end - 1))[0]
        return Span(start, end, line, end_line)


def read_story(path: Path, display: str, *, known_names: Iterable[str] = ()) -> Story:
    """Read a story file through the readers `msgalign check` uses. `known_names` (the
    company, the product, glossary terms) are never taken for the customer's name."""
    if not path.exists():
        raise UsageError(f"no such story: {display}.")
    try:
        document = read_document(path, display, Limits(max_file_bytes=MAX_STORY_BYTES,
                                                       max_text_bytes=MAX_STORY_BYTES, max_blocks=10_000))
    except ReadError as exc:
        raise UsageError(f"cannot read the story: {exc.reason}.", where=display) from None
    if document.source is None:
        raise UsageError("cannot build a brief from this kind of file; use a Markdown, MDX, HTML, TSX or text story.",
                         where=display)
    source = document.source
    front = dict(document.front_matter)
    blocks = [_without_label(b, source) for b in document.blocks
              if b.offsets is not None and not _raw_markup(b, source)]
    heading_blocks = [b for b in blocks if b.kind == "heading"]
    front_title = _front_field(source.text, "title")
    keys = ("customer", "customer_name", "company", "name")
    customer = next((f for key in keys if (f := _front_field(source.text, key))), None) or next(
        (f for key in keys[:3] if (f := _front_field(source.text, key, in_list=True))), None)
    if front_title is not None and _bare_name(front_title.value, customer) \
            and any(b.kind == "heading" and b.offsets and b.offsets[0] != front_title.start for b in blocks[:3]):
        # `title: Paessler PRTG` names the customer; the page's own heading names the story.
        blocks = [b for b in blocks if not (b.kind == "heading" and b.offsets and b.offsets[0] == front_title.start)]
        heading_blocks = [b for b in blocks if b.kind == "heading"]
        front_title = None
    title, blocks = _title(blocks, source, front_title)
    if title is not None and title.kind == "heading" and title.block == -1:
        blocks = [b for b in blocks if not (b.offsets and b.offsets[0] == title.offsets[0])]  # read as the title
    heading_blocks = [b for b in heading_blocks if not (title and b.offsets and b.offsets[0] == title.offsets[0])]
    sentences, quotes = _sentences(blocks, source, name_captions=document.format == "jsx")
    sentences = _front_sentences(source, sentences) + sentences
    if not sentences and not quotes and title is None:
        raise UsageError("the story has no prose to build a brief from.", where=display)
    headings = tuple(_heading_sentence(b, i) for i, b in enumerate(heading_blocks)
                     if title is None or b.offsets != title.offsets)
    quotes = _resolve_speakers(quotes, source.text)
    people = [w for q in quotes for w in q.speaker.split()]  # a person quoted is not the customer
    customer = customer or _customer_from_prose(path, title, sentences, [*known_names, *people])
    return Story(
        path=path, display=display, source=source, front_matter=front, title=title,
        customer=customer,
        described=None if customer else _described(title, sentences),
        industry=_front_field(source.text, "industry"),
        size=_front_field(source.text, "size") or _size_from_prose(sentences),
        sentences=tuple(sentences), quotes=tuple(quotes), headings=headings,
        url=next((f for key in _URL_KEYS if (f := _front_field(source.text, key))
                  and re.fullmatch(r"https?://[^\s<>\"'`]+", f.value)), None),
    )


# Front-matter keys that hold the story's own address (never `company_url`: that is the customer's site).
_URL_KEYS = ("url", "canonical_url", "canonical", "permalink", "link", "story_url")
# Text a reader left in: JSX expressions, tags, template placeholders. Such a block is not prose.
_MARKUP = re.compile(r"[{}<>]|\[\[|\]\(|^\s*(?:import|export)\s|\bclassName=|\{\{|\}\}")


def _without_label(block: Block, source: SourceText) -> Block:
    """A paragraph that opens with a short bold label and a hard line break ("**Reduced
    codebase**\\" then the sentence) is the sentence; the label is a heading, not its first words."""
    if block.kind != "paragraph" or block.offsets is None:
        return block
    offs = block.offsets
    for i in range(1, min(len(offs) - 1, 80)):
        if not block.text[i].isspace():
            continue
        gap = source.text[offs[i - 1] + 1 : offs[i + 1]]  # what the reader read as this space
        if "\n" in gap and ("\\\n" in gap or "  \n" in gap):
            label = block.text[:i].strip()
            if len(label.split()) <= 6 and not re.search(r"[.!?:]$", label):
                rest = len(block.text[:i]) + (len(block.text[i:]) - len(block.text[i:].lstrip()))
                return replace(block, text=block.text[rest:], offsets=offs[rest:])
            break
    return block


def _raw_markup(block: Block, source: SourceText) -> bool:
    """Markup a reader left in the text as written (a JSX expression, a tag), not text the writer
    escaped ("&lt;script&gt;" is prose about a script tag)."""
    assert block.offsets is not None
    for m in _MARKUP.finditer(block.text):
        at = block.offsets[min(m.start(), len(block.offsets) - 1)]
        if source.text[at:at + 1] == block.text[m.start():m.start() + 1]:
            return True
    return False


def _front_sentences(source: SourceText, body: list[StorySentence]) -> list[StorySentence]:
    """The front matter's `description` and `about`: prose the story's writer wrote about it,
    read as the story's opening (unless the body says the same)."""
    seen = {" ".join(s.text.lower().split()) for s in body}
    out: list[StorySentence] = []
    for key in ("description", "about", "summary"):
        f = _front_field(source.text, key)
        if f is None or source.text[f.start:f.end] != f.value or _markup(f.value):
            continue
        for s in _split(f.value):
            if " ".join(s.text.lower().split()) in seen or len(s.text.split()) < 4:
                continue
            seen.add(" ".join(s.text.lower().split()))
            qs = find_quantities(s.text)
            out.append(StorySentence(-100_000 + len(out), s.text, tuple(range(f.start + s.start, f.start + s.end)), -1,
                                     "paragraph", "", 0, tuple(qs), tuple(find_changes(qs))))
    return out


def _markup(text: str) -> bool:
    return bool(_MARKUP.search(text))


def _heading_sentence(block: Block, index: int) -> StorySentence:
    assert block.offsets is not None
    qs = find_quantities(block.text)
    return StorySentence(-2 - index, block.text, block.offsets, -1, "heading", block.text, -1,
                         tuple(qs), tuple(find_changes(qs)))


# Words of a job title or of a sentence that a name pattern can pick up in front of a name
# ("says Senior IT Consultant Tor Hveem", "When John discovered", "Head of Retreat Rachel Petacat says").
_NOT_NAME = re.compile(
    r"(?i)^(?:senior|junior|lead|chief|head|director|manager|consultant|engineer|officer|founder|co-founder|"
    r"ceo|cto|cfo|coo|cro|vp|svp|evp|president|owner|partner|principal|staff|it|of|retreat|operations|global|"
    r"launch|customer|success|sales|marketing|product|engineering|enterprise|solutions?|architect|developer|"
    r"devops|platform|infrastructure|software|security|data|cloud|systems?|technical|tech|"
    r"when|after|then|as|but|and|so|while|"
    r"over|once|also|our|their|his|her|the|rc’s|rc's|[A-Z]+[’']s)$")


def _clean_name(name: str) -> tuple[str, str]:
    """The person's name alone (no job title or sentence word in front of it, no full stop after
    it), and the job title that stood in front of it ("Senior IT Consultant Tor Hveem")."""
    words = re.sub(r"[.,;:]+$", "", name.strip()).split()
    if any(w.endswith(".") for w in words[:-1]):
        words = words[: next(i for i, w in enumerate(words) if w.endswith(".")) + 1]
        words[-1] = words[-1].rstrip(".")
    dropped: list[str] = []
    while len(words) > 1 and _NOT_NAME.match(words[0]):
        dropped.append(words.pop(0))
    if words and _NOT_NAME.match(words[0]):
        return "", ""
    title = [w for w in dropped if not re.match(r"(?i)^(?:when|after|then|as|but|and|so|while|over|once|also)$", w)]
    return " ".join(words), (" ".join(title) if len(title) >= 2 else "")


def _resolve_speakers(quotes: list[Quote], text: str) -> list[Quote]:
    """A speaker the story names in full once ("— Gaute Lund, co-founder and owner") is named in
    full, with that role, wherever a quote gives only a part of the name or no role."""
    known: dict[str, tuple[str, tuple[int, int] | None]] = {}
    cleaned = []
    for q in quotes:
        name, title = _clean_name(q.speaker)
        cleaned.append(replace(q, speaker=name, role=q.role or title))
    quotes = cleaned
    for q in sorted(quotes, key=lambda q: -len(q.role)):
        if " " in q.speaker and q.role and q.speaker not in known:
            known[q.speaker] = (q.role, q.speaker_range)
    out = []
    for q in quotes:
        name, role, where = q.speaker, q.role, q.speaker_range
        if name and " " not in name:
            full = next((k for k in known if k.split()[0] == name or k.split()[-1] == name), None)
            if full is not None:
                name = full
            else:
                name, role, where = _full_name(name, role, where, text)
        if name and not role and name in known:
            role = known[name][0]
        out.append(replace(q, speaker=name, role=role, speaker_range=where))
    # One person, one role: the fullest the story gives ("Webshare’s founder and CEO", not "Webshare’s").
    fullest: dict[str, str] = {}
    for q in out:
        if q.speaker and len(q.role) > len(fullest.get(q.speaker, "")):
            fullest[q.speaker] = q.role
    return [replace(q, role=fullest.get(q.speaker, q.role)) if q.speaker else q for q in out]


def _heading_level(block: Block, source: SourceText) -> int:
    line_text = source.text[source.line_offset(block.location.line or 1):].split("\n", 1)[0]
    m = re.match(r"\s{0,3}(#{1,6})\s", line_text)
    if m:
        return len(m.group(1))
    if block.offsets:  # an HTML heading: <h2 class="...">
        html = re.search(r"<[hH]([1-6])\b[^<>]*>\s*$", source.text[max(0, block.offsets[0] - 300) : block.offsets[0]])
        if html:
            return int(html.group(1))
    return 1  # a setext heading counts as a title


def _bare_name(value: str, customer: Field | None) -> bool:
    """A front-matter title that is only a name ("Paessler PRTG", the customer's): it says nothing of the story."""
    words = value.split()
    if customer is not None:
        return value.casefold() == customer.value.casefold() or (
            value.casefold().startswith(customer.value.casefold() + " ") and len(words) <= 3)
    return 0 < len(words) <= 3 and all(w[:1].isupper() for w in words) and not re.search(r"\d", value)


# Headings that name a part of a story, not the story: never its title.
GENERIC_HEADINGS = re.compile(
    r"(?i)^\W*(?:the\s+)?(?:challenges?|problems?|situation|background|overview|about(?: us| the customer)?|"
    r"approach|solution|results?|outcomes?|impact|quotes?|summary|introduction|conclusion|next steps|"
    r"the results?|what(?:'s| is) next|case study|customer story)\W*$")


def _title(blocks: list[Block], source: SourceText,
           front_title: Field | None = None) -> tuple[StorySentence | None, list[Block]]:
    """The front matter's `title`; else the first heading when it opens the story at level one or
    two and names the story ("Lumen: one number in the Forecast Call", not "Challenge")."""
    if front_title is not None and source.text[front_title.start:front_title.end] == front_title.value:
        text = front_title.value
        qs = find_quantities(text)
        offsets = tuple(range(front_title.start, front_title.end))
        return StorySentence(-1, text, offsets, -1, "heading", "", -1, tuple(qs), tuple(find_changes(qs))), blocks
    levels = [_heading_level(b, source) for b in blocks if b.kind == "heading"]
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            return None, blocks
        level = _heading_level(block, source)
        # A level-two heading names the story only when no other heading stands at its level.
        if (level == 1 or (level == 2 and levels.count(2) == 1)) and block.offsets \
                and not GENERIC_HEADINGS.match(block.text):
            qs = find_quantities(block.text)
            title = StorySentence(-1, block.text, block.offsets, i, "heading", "", -1, tuple(qs),
                                  tuple(find_changes(qs)))
            return title, blocks[:i] + blocks[i + 1 :]
        return None, blocks
    return None, blocks


def _sentences(blocks: list[Block], source: SourceText,
               name_captions: bool = False) -> tuple[list[StorySentence], list[Quote]]:
    sentences: list[StorySentence] = []
    quotes: list[Quote] = []
    section = ""
    position = 0
    pending: list[StorySentence] = []  # an unattributed blockquote, waiting for a "— Name" line
    pending_unmarked = False           # ... written without quotation marks
    counter = iter(range(1_000_000))

    def make(text: str, offsets: tuple[int, ...], block: int, kind: str, quoted: bool) -> StorySentence:
        qs = find_quantities(text)
        # The headings above, outermost first; a level-one heading (the page's title) only when it is the nearest.
        above = tuple(h for i, (level, h) in enumerate(path) if level >= 2 or i == len(path) - 1)
        return StorySentence(next(counter), text, offsets, block, kind, section, position, tuple(qs),
                             tuple(find_changes(qs)), quoted, above)

    caption: tuple[str, str, tuple[int, int] | None] | None = None  # "Name, Role" just before a quote
    skip_next = 0  # blocks a pattern already used (a caption's name and title lines)
    path: list[tuple[int, str]] = []   # (level, heading) of the headings above, outermost first
    said_by: tuple[int, tuple[str, str, tuple[int, int] | None]] | None = None  # the last block's speaker
    for b, block in enumerate(blocks):
        if block.offsets is None:
            continue
        if block.kind == "heading":
            section = block.text
            level = _heading_level(block, source)
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, block.text))
            continue
        following = blocks[b + 1] if b + 1 < len(blocks) else None
        after = blocks[b + 2] if b + 2 < len(blocks) else None
        if skip_next:
            skip_next -= 1
            continue
        if block.kind == "paragraph" and following is not None and following.kind == "paragraph" \
                and after is not None and after.kind == "quote" and _BARE_NAME.match(block.text) \
                and len(following.text.split()) <= 10 and not re.search(r"[.!?]$", following.text.strip()):
            # A quote component's `name` and `title` props, read as two short lines before its words.
            caption = (block.text.strip(), following.text.strip().rstrip(","),
                       _field_range(block, block.text, block.text.strip()))
            skip_next = 1
            continue
        if block.kind == "paragraph" and following is not None and following.kind == "quote" \
                and (m := _CAPTION.match(block.text)):
            # A quote component's caption ("Jakob Steinn - Lead Developer at Good Tape") names its speaker.
            caption = (m.group("name"), m.group("role").strip(), _field_range(block, block.text, m.group("name")))
            continue
        if name_captions and block.kind == "paragraph" and following is not None and following.kind == "quote" \
                and _BARE_NAME.match(block.text):
            # A TSX quote component's `author` prop alone ("Jon Kohler"), read just before its words.
            caption = (block.text.strip(), "", _field_range(block, block.text, block.text.strip()))
            continue
        if block.kind == "paragraph" and not pending and following is not None and following.kind == "paragraph" \
                and block.offsets is not None and following.offsets is not None \
                and _BARE_NAME.match(following.text) and _italic(source.text, block.offsets[0], block.offsets[-1]) \
                and _bold(source.text, following.offsets[0], following.offsets[-1]):
            # A pull quote set in italics with its speaker in bold below, and often a role line:
            # "*We moved in a week.*" / "**Ana Ruiz**" / "Head of IT, Acme" (CMS and handbook pages).
            role = after.text.strip().rstrip(",") if after is not None and after.kind == "paragraph" \
                and len(after.text.split()) <= 10 and not re.search(r"[.!?]$", after.text.strip()) else ""
            said = [make(re.sub(r"[,;:]$", ".", x.text), block.offsets[x.start : x.end], b, block.kind, True)
                    for x in _split(block.text)]
            name = following.text.strip()
            quotes.append(Quote(tuple(said), name, role, _field_range(following, following.text, name)))
            said_by = (b, (name, role, _field_range(following, following.text, name)))
            skip_next = 2 if role else 1
            continue
        if pending:
            attribution = _attribution(block.text)
            if attribution is None and block.kind == "quote" and not _quote_segments(block.text) \
                    and (m := _CAPTION.match(block.text)):
                attribution = (m.group("name"), m.group("role").strip())  # <cite>Name, Role</cite> in the quote
            if attribution:
                speaker = (attribution[0], attribution[1], _field_range(block, block.text, attribution[0]))
                quotes.append(Quote(tuple(pending), *speaker))
                pending = []
                continue
            _settle(pending, pending_unmarked, quotes, sentences)
            pending = []
        segments = _quote_segments(block.text)
        unmarked = block.kind == "quote" and not segments
        if unmarked and not _attribution(block.text):
            segments = [(0, len(block.text))]
        quote_sentences: list[StorySentence] = []
        segment_of: list[int] = []  # which quoted segment each quote sentence comes from
        for k, (start, end) in enumerate(segments):
            for s in _split(block.text[start:end]):
                text = re.sub(r"[,;:]$", ".", s.text)
                quote_sentences.append(make(text, block.offsets[start + s.start : start + s.end], b, block.kind, True))
                segment_of.append(k)
        told = not (_label(block, source) or _PROMO_HEADING.match(section))
        for s in _split(block.text) if told else []:
            if overlaps(segments, s.start, s.end):
                continue  # the sentence is speech or its attribution
            if re.fullmatch(r"[\W\d]*", s.text) or (segments and _is_attribution(s.text)):
                continue
            if re.match(r"\s*[“\"]", s.text) and block.kind != "quote":
                continue  # speech whose quotation marks could not be matched (“a “nested” quote”): not narration
            if block.kind == "list_item" and s.start == 0 and s.end < len(block.text.rstrip()) \
                    and len(s.text.split()) <= 8 \
                    and _bold(source.text, block.offsets[s.start], block.offsets[s.end - 1]):
                continue  # "**Less wasted time and money.** The branching model …": the item's label, not a sentence
            sentences.append(make(s.text, block.offsets[s.start : s.end], b, block.kind, False))
        if quote_sentences:
            rest = _outside(block.text, segments)
            attribution = _attribution(rest) or _lead_attribution(block.text, segments)
            if attribution is None and block.kind == "quote" and caption is not None:
                quotes.append(Quote(tuple(quote_sentences), *caption))
                caption = None
            elif attribution is None and block.kind == "quote":
                pending = quote_sentences
                pending_unmarked = unmarked
            elif block.kind != "quote" and len(set(who := _segment_speakers(block.text, segments))) > 1:
                # Two people speak in one paragraph ("… ," says Thibault. "… ," says Martinet): each segment
                # is said by the person its attribution names.
                for said_by_one, group in itertools.groupby(zip(segment_of, quote_sentences, strict=True),
                                                            key=lambda x: who[x[0]]):
                    name, role = said_by_one
                    speaker_range = _field_range(block, block.text, name)
                    name, role, speaker_range = _full_name(name, role, speaker_range, source.text)
                    quotes.append(Quote(tuple(x[1] for x in group), name, role, speaker_range))
                    said_by = (b, (name, role, speaker_range))
            else:
                name, role = attribution or ("", "")
                speaker_range = _field_range(block, block.text, name)
                name, role, speaker_range = _full_name(name, role, speaker_range, source.text)
                if not name and said_by is not None and said_by[0] == b - 1 \
                        and not _outside_words(block.text, segments):
                    # A paragraph that is all speech, right after one the story attributes: the same
                    # speaker goes on (a writer names them once for consecutive quoted paragraphs).
                    name, role, speaker_range = said_by[1]
                quotes.append(Quote(tuple(quote_sentences), name, role, speaker_range))
                if name:
                    said_by = (b, (name, role, speaker_range))
        if block.kind != "quote" or not quote_sentences:
            position += 1
    if pending:
        _settle(pending, pending_unmarked, quotes, sentences)
    return sentences, quotes


# Sections that point elsewhere ("Learn more about GitLab Premium", "Related stories"): not the story.
_PROMO_HEADING = re.compile(r"(?i)^\W*(?:learn more|read more|related\b|more (?:customer )?(?:stories|case studies)|"
                            r"see also|further reading|other (?:customer )?stories|explore more|get started|"
                            r"start (?:small|building|now|today|for free|free)\b|start \w+ (?:today|now)\b|"
                            r"try \w+ (?:free|today|now)|sign up|"
                            r"create your first|ready to)")


def _label(block: Block, source: SourceText) -> bool:
    """A paragraph that is a label, not a sentence: a caption, an image title or a button ("Mention Me’s
    Product Stack", "Learn more"), or nothing but a link to another page."""
    if block.kind != "paragraph" or block.offsets is None:
        return False
    text = block.text.strip()
    if len(text.split()) <= 6 and not re.search(r"[.!?…:][\"'”’)]*$", text):
        return True
    first, last = block.offsets[0], block.offsets[-1]
    before = source.text[max(0, first - 300) : first]
    after = source.text[last + 1 : last + 300]
    return (before.endswith("[") and after.startswith("](")) or (
        re.search(r"<a\b[^<>]*>\s*$", before) is not None and re.match(r"\s*</a>", after) is not None)


def _italic(text: str, first: int, last: int) -> bool:
    """text[first..last] is all one italic run (`*…*` or `_…_`, not bold), its stop inside or just outside."""
    before, after = text[max(0, first - 2) : first], text[last + 1 : last + 3]
    return before[-1:] in ("*", "_") and before[:1] not in ("*", "_") \
        and (after[:1] in ("*", "_") or after[1:2] in ("*", "_")) and not after.startswith(("**", "__"))


def _bold(text: str, first: int, last: int) -> bool:
    """text[first..last] is all one bold run (`**…**` or `__…__`), its stop inside or just outside."""
    before = text[max(0, first - 2) : first]
    after = text[last + 1 : last + 4]
    return before in ("**", "__") and (after.startswith(("**", "__")) or after[1:3] in ("**", "__"))


def _outside_words(text: str, segments: list[tuple[int, int]]) -> bool:
    """Words outside the quoted segments (an attribution, narration), not only marks and spaces."""
    rest = text
    for start, end in sorted(segments, reverse=True):
        rest = rest[: max(0, start - 1)] + " " + rest[end + 1 :]
    return bool(re.search(r"\w", rest))


def _settle(pending: list[StorySentence], unmarked: bool, quotes: list[Quote],
            sentences: list[StorySentence]) -> None:
    """A blockquote nobody is named for: speech when it is in quotation marks, else a call-out
    of the story's own ("… the community sent 2.52 million messages"), read as narration."""
    if not unmarked:
        quotes.append(Quote(tuple(pending), "", "", None))
        return
    sentences.extend(replace(s, quoted=False, kind="paragraph") for s in pending)
    sentences.sort(key=lambda s: s.offsets[0])


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
        # "Whitfield" after "Dana", or "Utku" before "Zihnioglu" (a capitalised word, not a sentence's next one)
        if m := re.search(rf"\b([A-Z][\w'’-]+[ \t]*\n?[ \t]*{re.escape(name)})\b", text):
            name, where = " ".join(m.group(1).split()), (m.start(1), m.end(1))  # "Dan\nHughes" across a line break
        elif m := re.search(rf"\b({re.escape(name)} (?!(?:The|A|An|And|But|We|I|It|He|She|They)\b)[A-Z][\w'’-]+)\b",
                            text):
            name, where = m.group(1), (m.start(1), m.end(1))
    if name and not role:
        spaced = r"\s+".join(re.escape(w) for w in name.split())  # a name may run across a line break
        after = re.escape(name) + r",\s*(?:who (?:became|is|was|joined as)\s+)?(?:the |our |its |their )?"
        if m := re.search(after + r"(?P<role>[A-Z][\w&'’/-]*(?:\s+(?:of\s+)?[A-Z][\w&'’/-]*)*)", text):
            role = m.group("role")
        elif m := re.search(r"(?:\b[A-Z][\w&]*['’]s\s+|\b(?:the|its|their|our|his|her)\s+)"
                            rf"(?P<role>(?:[A-Za-z-]+\s+){{0,5}}?[A-Za-z-]+),\s*{spaced}\b", text):
            role = m.group("role")  # "Marlow's head of customer success, Priya Raman"
        elif m := re.search(rf"\b{spaced}\s+is\s+(?:the\s+|a\s+|an\s+|our\s+)?"
                            r"(?P<role>[A-Z][\w&'’/-]*(?:\s+(?:of\s+)?[A-Z][\w&'’/-]*)*)", text):
            role = m.group("role")  # "Jacob Foard is Tech Lead for the platform team"
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
            name = m.group("name").strip()
            words = name.split()
            stop = next((i for i, w in enumerate(words[:-1]) if w.endswith(".") and len(w) > 3), None)
            if stop is not None:
                # "says Thibault. Plus, for dedicated systems, …": the sentence ended after the name,
                # and what follows is neither the name nor a role.
                return " ".join(words[: stop + 1]).rstrip("."), ""
            return name, role
    return None


def _segment_speakers(text: str, segments: list[tuple[int, int]]) -> list[tuple[str, str]]:
    """Who says each quoted segment of a paragraph: the attribution right after it (or right before
    it: 'Adds Khouzam: "…"'); a segment with none is said by the speaker before it (a writer names
    a speaker once for consecutive quotes), or, at the start, by the next one named."""
    found: list[tuple[str, str] | None] = []
    for k, (start, end) in enumerate(segments):
        after = text[end + 1 : segments[k + 1][0] - 1 if k + 1 < len(segments) else len(text)]
        before = text[segments[k - 1][1] + 1 if k else 0 : max(0, start - 1)]
        lead = _LEAD_ATTRIBUTION.search(before) or re.search(rf"(?:Adds|Says|Explains)\s+(?P<name>{_NAME})\s*:\s*$",
                                                            before)
        att = _attribution(after.lstrip(" ,.")) or (
            (lead.group("name").strip(), (lead.groupdict().get("role") or "").strip()) if lead else None)
        found.append(att)
    out: list[tuple[str, str]] = []
    for k, att in enumerate(found):
        if att is None:
            att = out[-1] if out else next((a for a in found[k:] if a is not None), ("", ""))
        out.append(att)
    return out


def _lead_attribution(text: str, segments: list[tuple[int, int]]) -> tuple[str, str] | None:
    if m := _LEAD_ATTRIBUTION.search(text[: max(0, segments[0][0] - 1)]):
        return m.group("name").strip(), (m.group("role") or "").strip()
    return None


def _field_range(block: Block, text: str, value: str) -> tuple[int, int] | None:
    at = text.find(value) if value else -1
    if at < 0 or block.offsets is None:
        return None
    return block.offsets[at], block.offsets[at + len(value) - 1] + 1


def _front_field(text: str, key: str, in_list: bool = False) -> Field | None:
    """A front-matter value by its key; `in_list` also reads it from a list of details
    ("case_study_details:" then "  - Company: City of Montréal")."""
    _, body_start = split_front_matter(text)
    lead = r"[ \t]*-[ \t]+" if in_list else ""
    m = re.search(rf"^{lead}{key}\s*:[ \t]*([\"']?)(.+?)\1[ \t]*\r?$", text[:body_start], re.MULTILINE | re.IGNORECASE)
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
        for m in re.finditer(r"\b(?:[A-Z]|[a-z][A-Z])[\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|&))*", s.text):
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
    # (Unless the title gives it alone: "Case study: Booking.com", where the prose runs "Booking.com Built".)
    alone = {c for c in candidates if title is not None
             and re.search(rf"(?<![\w.]){re.escape(c)}(?![\w.]|\s+[A-Z])", title.text)}
    for short in [c for c in candidates if any(o.startswith(c + " ") for o in candidates) and c not in alone]:
        del candidates[short]
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower())
    if title is not None:
        # A Title Case title runs the name into the words after it ("How Sharing Excess Ships Faster"):
        # a leading part of it that the file name spells is the name.
        for name in [c for c in candidates if len(c.split()) >= 3]:
            start = candidates[name][0]
            for n in range(len(name.split()) - 1, 0, -1):
                part = " ".join(name.split()[:n])
                slug = re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-")
                if len(slug) >= 4 and re.search(rf"(?:^|-){re.escape(slug)}(?:-|$)", stem):
                    candidates.setdefault(part, (start, start + len(part)))
                    break
        # The vendor a title names after "on", "with" or "using" ("… Ships Faster on Neon") is not the customer.
        for m in re.finditer(r"\b(?:on|with|using|via|powered by)\s+([A-Z][\w.-]+)", title.text):
            candidates.pop(m.group(1), None)
    if not candidates:
        return None
    body = " ".join(s.text for s in sentences)

    def score(name: str) -> tuple[float, int, int]:
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        first = slug.split("-")[0]
        in_stem = 10.0 * len(slug) / max(len(stem), 1) if slug and slug in stem else (
            5.0 * len(first) / max(len(stem), 1) if len(first) >= 4 and re.search(rf"(?:^|-){first}(?:-|$)", stem)
            else 0.0)
        count = body.count(name) + 0.5 * body.count(name.split()[0])
        return (in_stem + count, len(name.split()), -candidates[name][0])

    best = max(sorted(candidates), key=score)
    if score(best)[0] < 1.5:
        return None  # a name mentioned once is a person or a partner, not the subject
    head = re.sub(r"[^a-z0-9]+", "-", best.split()[0].lower()).strip("-")  # "iDrift" of "iDrift AS"
    named_in_title = title is not None and re.search(rf"(?i)(?<!\w){re.escape(best.split()[0])}(?!\w)", title.text)
    opens = bool(sentences) and sentences[0].text.startswith(best)  # "Kestrel Freight cut onboarding …"
    if not named_in_title and not opens \
            and not (len(head) >= 3 and re.search(rf"(?:^|-){re.escape(head)}(?:-|$)", stem)):
        # A story that names its customer says so in its title or its file name; one that does not
        # ("an agritech producer") is anonymous, and a name from its prose is a place, a product or a partner.
        return None
    start, end = candidates[best]
    return Field(best, start, end)


# The head noun of how a story describes a customer it does not name ("an agritech producer").
_ORG_NOUN = (r"(?:compan(?:y|ies)|producer|platform|provider|bank|lender|insurer|retailer|manufacturer|start-?up|firm|"
             r"agency|business|organi[sz]ation|institution|enterprise|brand|marketplace|operator|publisher|studio|chain|"
             r"university|school|college|hospital|clinic|network|fintech|utility|distributor|carrier|airline|nonprofit|"
             r"non-profit|charity|municipality|scale-?up|vendor|supplier|reseller|consultancy|group|cooperative|"
             r"exchange|broker|developer|maker|grocer|bakery|restaurant|hotel|factory|farm|lab|laboratory|practice|"
             r"council|authority|ministry|foundation|association|museum|library|newsroom|broadcaster|telco)")


def _described(title: StorySentence | None, sentences: list[StorySentence]) -> Field | None:
    """How a story that names no customer describes them: the title's subject ("Agritech producer
    replaces …"), else the first "a/an/the … producer" of its opening sentences. None when neither."""
    if title is not None:
        m = re.match(rf"(?:How\s+)?(?P<np>(?:(?:an?|the|An?|The)\s+)?[A-Za-z][\w-]*(?:\s+[a-z][\w-]*){{0,3}}?\s+"
                     rf"{_ORG_NOUN})\s+(?!of\b|for\b|in\b|and\b)[a-z]+", title.text)
        if m and not re.match(r"(?i)(?:our|your|my)\b", m.group("np")):
            start, end = title.source_range(m.start("np"), m.end("np"))
            return Field(m.group("np"), start, end)
    for s in [s for s in sentences if s.paragraph_position < 2][:3]:
        m = re.search(rf"\b(?:an?|the|An?|The)\s+(?:[\w-]+\s+){{0,5}}?{_ORG_NOUN}\b", s.text)
        if m:
            start, end = s.source_range(m.start(), m.end())
            return Field(m.group(), start, end)
    return None


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
