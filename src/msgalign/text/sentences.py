"""A fast, rule-based sentence splitter that keeps offsets.

spaCy's parser splits better on odd prose but costs ~10x more; marketing copy
is short, punctuated blocks, and offsets must map back to exact locations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {
    "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "inc", "ltd", "co", "corp", "jr", "sr",
    "st", "no", "approx", "dept", "est", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "u.s", "a.m", "p.m",
}
# Linear by construction: a run of end marks is matched only from its first
# mark (the lookbehind) and never given back (possessive `++`, `*+`), so a
# table-of-contents leader of 40,000 dots is one failed attempt, not 40,000
# attempts that each rescan the rest of the run.
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’)\]]*+(?:(?=\s+[\"'“‘(\[]?[A-Z0-9•\-–])|$)")
# An abbreviation is short: the word before a boundary is looked for only this far back.
_LAST_WORD_CHARS = 32


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a block with their [start, end) offsets, stripped of outer space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        last = _last_word(text, start, m.start()).lower().rstrip(".")
        if m.group().startswith(".") and (last in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last)):
            continue
        spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if trail > lead:
            out.append(Sentence(s + lead, s + trail, text[s + lead : s + trail]))
    return out


def _last_word(text: str, start: int, end: int) -> str:
    """The run of non-space characters that ends at `end` (not before `start`), if it is short.

    Bounded: a boundary skipped after "e.g." keeps `start` where it was, so
    slicing from `start` for every boundary would be quadratic.
    """
    begin = end
    floor = max(start, end - _LAST_WORD_CHARS - 1)
    while begin > floor and not text[begin - 1].isspace():
        begin -= 1
    if begin == floor and begin > start and not text[begin - 1].isspace():
        return text[begin:end] + "x"  # longer than any abbreviation: never one
    return text[begin:end]
