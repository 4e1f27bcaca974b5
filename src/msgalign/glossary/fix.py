"""Glossary fixes: what a hit should read, and applying replacements to text.

This is the one place text is rewritten with glossary terms. `TermIndex.scan`
asks it for the suggestion of each hit (the term, kept plural or recased);
`check --fix` applies the TM001/TM002 finding spans to files through
`apply_replacements`, and so do the glossary's example self-tests
(`TermIndex.fix_text`) and the briefs (`canonical_terms`). One rewrite means a
brief, a fixed file and a finding's suggestion can never disagree.

`check --fix` only touches Markdown, text and HTML; only the matched words
change, every other byte stays (encoding, BOM, byte order and line endings
included); each file is written atomically (an exclusive temporary file beside
it, then a rename), and only if nobody changed it since it was read.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from msgalign.fs import Refused, VettedLink, read_stamped, still_unchanged, write_replacing
from msgalign.text.match import Match, is_plural, pluralize, tokenize
from msgalign.types import Document, Finding, Notice, ignore_notice

FIXABLE_RULES = ("TM001", "TM002")
FIXABLE_FORMATS = ("markdown", "mdx", "text", "html")
_ARTICLE = re.compile(r"\b([Aa])n?(\s+)$")


@dataclass(frozen=True)
class FixResult:
    path: str
    applied: int


@dataclass(frozen=True)
class Replacement:
    """Put `text` where [start, end) still reads `expected`."""

    start: int
    end: int
    expected: str
    text: str


# --- what a hit should read -------------------------------------------------------

def variant_replacement(term: str, m: Match[Any], form: str) -> str:
    """The canonical term for a variant match, in the plural when the writer used the plural."""
    variant_last_plural = is_plural(m.tokens[-1]) and not _form_plural(form)
    return pluralize(term) if variant_last_plural else term


def _form_plural(form: str) -> bool:
    """A glossary form that is itself plural ("release notes") does not make its term plural."""
    toks = tokenize(form)
    return bool(toks) and is_plural(toks[-1])


def recase(m: Match[Any], term: str, at_sentence_start: bool) -> str:
    """The matched text with the term's casing on every letter the term shares."""
    canon = tokenize(term)
    out = list(m.text)
    for tok, ref in zip(m.tokens, canon, strict=False):  # as ever: a surplus token keeps its case
        for k in range(min(len(tok.text), len(ref.text))):
            a, b = tok.text[k], ref.text[k]
            if a.lower() != b.lower():
                break  # inflection differs from here on ('y' → 'ies')
            out[tok.start - m.start + k] = b
    fixed = "".join(out)
    if at_sentence_start and term[:1].islower() and m.text[:1].isupper():
        fixed = fixed[:1].upper() + fixed[1:]  # 'Play the…' opens a sentence
    return fixed


def sentence_starts(text: str) -> frozenset[int]:
    """Offsets where a sentence starts, so 'Play' may open a sentence for the term 'play'."""
    starts = {0}
    for i, ch in enumerate(text):
        if ch in ".!?:•\n" and i + 1 < len(text):
            j = i + 1
            while j < len(text) and text[j] in " \t\"'“‘(\n":
                j += 1
            starts.add(j)
    return frozenset(starts)


def is_shouting(text: str) -> bool:
    """All-caps text (a slide title in capitals) is a design choice, not a casing error."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters) and " " in text.strip()


# --- applying replacements ----------------------------------------------------------

def apply_replacements(text: str, replacements: Iterable[Replacement], *,
                       articles: bool = False) -> tuple[str, int]:
    """The text with each replacement made, and how many were.

    Last first, so earlier offsets hold; a replacement that overlaps one already
    made, or whose span no longer reads what was matched (an entity decoded to
    other characters), is skipped. With `articles`, an "a"/"an" right before a
    changed span agrees with the new text: "a territory doc" becomes "an Account
    Plan", not "a Account Plan" (briefs write new prose; `check --fix` changes
    only the matched words).
    """
    applied = 0
    last_start = len(text) + 1
    for r in sorted(replacements, key=lambda r: (r.start, r.end), reverse=True):
        if r.end > last_start or text[r.start:r.end] != r.expected:
            continue
        head, start = text[:r.start], r.start
        if articles and r.text != r.expected and (m := _ARTICLE.search(head)):
            start = m.start()  # the article changes too: nothing before it may overlap it
            head = head[:start] + m.group(1) + ("n" if r.text[:1].lower() in "aeiou" else "") + m.group(2)
        text = head + r.text + text[r.end:]
        last_start = start
        applied += 1
    return text, applied


Shape = Callable[[str, str], object]
"""(format, text) → what the text parses to: `check --fix` skips a file whose fix would change it."""


class _Skip(Exception):
    """A file `check --fix` leaves alone, and why (told through the notice)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def apply_fixes(docs: Iterable[Document], findings: Iterable[Finding],
                notice: Notice = ignore_notice, *, shape: Shape | None = None) -> list[FixResult]:
    """`check --fix`: write each fixable finding's suggestion into its file; `notice` hears of files left alone.

    A file is rewritten only if it is still byte for byte what was read (size, mtime
    and content hash), is a regular, writable file with one name (not a symbolic
    link, not read-only, not hard-linked), every new word can be written in its
    encoding, and (with `shape`, e.g. `ingest.shape.block_shape`) the fixed text
    parses into the same blocks. Only the bytes of the matched words change: the
    rest of the file is copied from the bytes on disk, never re-encoded. Any other
    file is left as it is, with a notice; one file's problem never stops the others.
    """
    by_path: dict[str, list[Replacement]] = {}
    for f in findings:
        if f.rule in FIXABLE_RULES and f.fix_span is not None and f.suggestion is not None and f.excerpt is not None:
            by_path.setdefault(f.path, []).append(Replacement(*f.fix_span, f.excerpt, f.suggestion))
    results = []
    for doc in docs:
        fixes = by_path.get(doc.display_path)
        if not fixes or doc.format not in FIXABLE_FORMATS or doc.source is None:
            continue
        chosen = choose_replacements(doc.source.text, fixes)
        if not chosen:
            continue
        try:
            _fix_file(doc, doc.source.text, chosen, shape)
        except _Skip as skip:
            notice(f"did not fix {doc.display_path}: {skip.reason}")
            continue
        results.append(FixResult(doc.display_path, len(chosen)))
    return results


def choose_replacements(text: str, replacements: Iterable[Replacement]) -> list[Replacement]:
    """The replacements `apply_replacements` (without articles) would make, in text order."""
    chosen: list[Replacement] = []
    last_start = len(text) + 1
    for r in sorted(replacements, key=lambda r: (r.start, r.end), reverse=True):
        if r.end > last_start or text[r.start:r.end] != r.expected:
            continue
        chosen.append(r)
        last_start = r.start
    return chosen[::-1]


def _fix_file(doc: Document, text: str, chosen: list[Replacement], shape: Shape | None) -> None:
    new_text = "".join(_pieces(text, chosen, [r.text for r in chosen]))
    if shape is not None and shape(doc.format, new_text) != shape(doc.format, text):
        raise _Skip("the new words would change how the file parses (its blocks would differ); fix it by hand")
    path = doc.path
    try:
        st = os.lstat(path)
    except OSError as exc:
        raise _Skip(f"cannot look at the file: {exc.strerror or exc}") from None
    if stat.S_ISLNK(st.st_mode) or isinstance(path, VettedLink):
        raise _Skip("it is a symbolic link; fix the file it points to instead")
    if not stat.S_ISREG(st.st_mode):
        raise _Skip("it is no longer a regular file")
    if not st.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        raise _Skip("it is read-only")
    if st.st_nlink > 1:
        raise _Skip(f"it has {st.st_nlink} hard links, and replacing it would separate them")
    original = _unchanged_bytes(doc, text)
    data = fixed_bytes(doc, original, text, chosen)

    def still_as_read() -> None:
        _unchanged_bytes(doc, text)

    try:
        write_replacing(path, data, mode=stat.S_IMODE(st.st_mode), check=still_as_read)
    except Refused as exc:
        raise _Skip(exc.reason) from None
    except OSError as exc:
        raise _Skip(f"could not write it ({exc.strerror or exc}); it is unchanged") from None


def _unchanged_bytes(doc: Document, text: str) -> bytes:
    """The file's bytes now, if they are still the ones `text` was read from; else `_Skip`."""
    changed = _Skip("it changed on disk after msgalign read it; run `check --fix` again")
    try:
        if doc.stamp is not None:
            data = still_unchanged(doc.path, doc.stamp)
            if data is None:
                raise changed
            return data
        data, _ = read_stamped(doc.path, 4 * len(text) + 4)
    except Refused as exc:
        raise _Skip(exc.reason) from None
    except OSError as exc:
        raise _Skip(f"cannot read it again: {exc.strerror or exc}") from None
    codec, bom = _codec(doc, data)
    try:
        if data[len(bom):].decode(codec) != text:
            raise changed
    except UnicodeDecodeError:
        raise changed from None
    return data


_BOM_CODECS = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _codec(doc: Document, data: bytes) -> tuple[str, bytes]:
    """The codec of the text after the byte-order mark, and the mark exactly as the file has it."""
    if doc.had_bom:
        for bom, codec in _BOM_CODECS:
            if data.startswith(bom):
                return codec, bom
    return doc.encoding or "utf-8", b""


def fixed_bytes(doc: Document, original: bytes, text: str, chosen: list[Replacement]) -> bytes:
    """`original` with the bytes of each chosen span replaced by its new words, every other byte kept.

    The offsets of the spans are found by encoding the text between them and checked
    by decoding the original bytes back: an encoding that does not map the text one to
    one (cp932's NEC and IBM duplicates, a stateful encoding) can never shift or
    rewrite a byte outside the matched words; at worst the file is skipped. HTML
    writes a character its encoding lacks as a character reference, as a browser
    reads it the same; other formats skip the file.
    """
    codec, bom = _codec(doc, original)
    body = original[len(bom):]
    errors = "xmlcharrefreplace" if doc.format == "html" else "strict"
    try:
        new_words = [r.text.encode(codec, errors=errors) for r in chosen]
    except UnicodeEncodeError as exc:
        raise _Skip(f"{exc.object[exc.start:exc.end]!r} in {exc.object!r} cannot be written in "
                    f"its encoding ({codec})") from None
    out = [bom]
    at_char = at_byte = 0
    try:
        for r, new in zip(chosen, new_words, strict=True):
            start = at_byte + len(text[at_char:r.start].encode(codec))
            end = start + len(r.expected.encode(codec))
            same = body[at_byte:start].decode(codec) == text[at_char:r.start]
            if not same or body[start:end].decode(codec) != r.expected:
                raise _Skip(f"its encoding ({codec}) does not map the text one to one here, so the words "
                            "cannot be replaced without touching other bytes")
            out += [body[at_byte:start], new]
            at_char, at_byte = r.end, end
        if body[at_byte:].decode(codec) != text[at_char:]:
            raise _Skip(f"its encoding ({codec}) does not map the text one to one")
        data = b"".join(out) + body[at_byte:]
        expected = "".join(_pieces(text, chosen, [w.decode(codec) for w in new_words]))
        if data[len(bom):].decode(codec) != expected:
            raise _Skip(f"its encoding ({codec}) does not map the fixed text one to one")
    except (UnicodeError, LookupError):
        raise _Skip(f"its encoding ({codec}) does not map the text one to one") from None
    return data


def _pieces(text: str, chosen: list[Replacement], words: list[str]) -> Iterator[str]:
    at = 0
    for r, word in zip(chosen, words, strict=True):
        yield text[at:r.start]
        yield word
        at = r.end
    yield text[at:]
