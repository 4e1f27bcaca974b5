"""Glossary fixes: what a hit should read, and applying replacements to text.

This is the one place text is rewritten with glossary terms. `TermIndex.scan`
asks it for the suggestion of each hit (the term, kept plural or recased);
`check --fix` applies the TM001/TM002 finding spans to files through
`apply_replacements`, and so do the glossary's example self-tests
(`TermIndex.fix_text`) and the briefs (`canonical_terms`). One rewrite means a
brief, a fixed file and a finding's suggestion can never disagree.

`check --fix` only touches Markdown, text and HTML; only the matched words
change, every other byte stays (encoding, BOM and line endings included); each
file is written atomically (a temporary file beside it, then a rename).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from msgalign.text.match import Match, is_plural, pluralize, tokenize
from msgalign.types import Document, Finding, Notice, ignore_notice

FIXABLE_RULES = ("TM001", "TM002")
FIXABLE_FORMATS = ("markdown", "text", "html")
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


def apply_fixes(docs: Iterable[Document], findings: Iterable[Finding],
                notice: Notice = ignore_notice) -> list[FixResult]:
    """`check --fix`: write each fixable finding's suggestion into its file; `notice` hears of files left alone."""
    by_path: dict[str, list[Replacement]] = {}
    for f in findings:
        if f.rule in FIXABLE_RULES and f.fix_span is not None and f.suggestion is not None and f.excerpt is not None:
            by_path.setdefault(f.path, []).append(Replacement(*f.fix_span, f.excerpt, f.suggestion))
    results = []
    for doc in docs:
        fixes = by_path.get(doc.display_path)
        if not fixes or doc.format not in FIXABLE_FORMATS or doc.source is None:
            continue
        new_text, applied = apply_replacements(doc.source.text, fixes)
        if applied:
            write_atomically(doc.path, encode(new_text, doc))
            results.append(FixResult(doc.display_path, applied))
    return results


def encode(text: str, doc: Document) -> bytes:
    encoding = doc.encoding or "utf-8"
    if encoding.replace("_", "-").lower() in ("utf-8-sig", "utf-16", "utf-32"):
        return text.encode(encoding)
    data = text.encode(encoding, errors="xmlcharrefreplace" if doc.format == "html" else "strict")
    return (b"\xef\xbb\xbf" + data) if doc.had_bom and encoding.lower().startswith("utf-8") else data


def write_atomically(path: Path, data: bytes) -> None:
    mode = path.stat().st_mode
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".msgalign-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
