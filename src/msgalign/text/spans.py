"""Character spans of a text: whether they overlap, the pieces between separators, a short excerpt.

Spans are half-open [start, end) offsets, as everywhere in msgalign. These few
helpers were written out again in the matcher, the glossary suggester, the
story reader, the brief and the report; one copy keeps "overlaps" meaning the
same thing (touching spans do not overlap) wherever it is asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def overlaps(spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) shares a character with any of the spans."""
    return any(start < s_end and s_start < end for s_start, s_end in spans)


def between(text: str, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    """The spans of text between the separator's matches (clauses between breaks), empty ones kept."""
    cuts = [0] + [p for m in separator.finditer(text) for p in (m.start(), m.end())] + [len(text)]
    return list(zip(cuts[::2], cuts[1::2], strict=True))


def excerpt(text: str, limit: int) -> str:
    """The text on one line, cut to `limit` characters with an ellipsis when longer."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
