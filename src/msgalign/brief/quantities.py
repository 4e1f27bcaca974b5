"""Numbers in story prose: the value, its unit, its bound and how it changed.

Briefs rank results by their numbers and hold them against the narrative's
proof points, so "cut prep from a full day to under two hours" has to read as
a time that went from one day to at most two hours, and "12 of its 14
spreadsheets" as a count of spreadsheets. Number words count only when a unit
or a plural noun follows them: "one Account Plan per customer" is not a metric.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from msgalign.text.match import inflection_key

Kind = Literal["percent", "money", "time", "count", "multiple", "year", "number"]
Bound = Literal["<=", ">=", "~"]

_WORD_VALUES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "dozen": 12, "half": 0.5,
}
# Hours per unit: a time is compared in hours, whatever unit the writer chose.
_HOURS = {"second": 1 / 3600, "minute": 1 / 60, "min": 1 / 60, "hour": 1.0, "hr": 1.0, "day": 24.0,
          "week": 168.0, "month": 730.0, "quarter": 2190.0, "year": 8760.0}
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
_BOUNDS: dict[str, Bound] = {
    "under": "<=", "less than": "<=", "fewer than": "<=", "within": "<=", "up to": "<=", "at most": "<=",
    "below": "<=", "more than": ">=", "over": ">=", "at least": ">=", "above": ">=", "nearly": "~",
    "almost": "~", "about": "~", "around": "~", "roughly": "~", "some": "~", "approximately": "~",
}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDS = "|".join(sorted(_WORD_VALUES, key=len, reverse=True))
_UNIT = r"seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|quarters?|years?"
_QUANTITY = re.compile(
    rf"(?:(?P<bound>\b(?:{'|'.join(sorted(_BOUNDS, key=len, reverse=True))})\s+))?"
    rf"(?P<cur>[$€£])?"
    rf"(?:(?<![\w.,])(?P<num>{_NUM})(?![\w])|\b(?P<word>{_WORDS}|a full|an entire|a whole)\b)"
    rf"(?:\s?(?P<scale>k|K|M|bn|million|billion|thousand)\b)?"
    rf"(?:\s?(?P<pct>%|percent\b|per cent\b|percentage points?\b))?"
    rf"(?:[\s-]?(?P<unit>x\b|times\b|(?:{_UNIT})\b))?",
    re.IGNORECASE,
)
_SKIP_TO_NOUN = {"of", "its", "the", "their", "our", "his", "her", "more", "fewer", "additional", "new",
                 "extra", "other", "a", "an", "own", "active", "different"}
_NOT_NOUNS = {"in", "to", "per", "after", "before", "for", "and", "or", "on", "at", "by", "from", "with",
              "than", "that", "which", "who", "as", "is", "was", "were", "are", "it", "its", "this",
              "these", "those", "has", "had", "have", "the", "a", "an", "of", "into", "out", "up"}
DIGITS = re.compile(r"(?<![\w])\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class Quantity:
    text: str            # as written, e.g. "under two hours"
    start: int           # offsets in the sentence text
    end: int
    value: float         # in the kind's base unit: hours for time, 1 for percent
    kind: Kind
    raw: float = 0.0     # the number as written, before the unit
    noun: str = ""       # for counts: the inflection key of what is counted ("spreadsheet")
    bound: Bound | None = None
    relative: bool = False  # "by 23%": a change, not a level
    digits: bool = True     # written in digits, not words

    def close_to(self, other: Quantity, tolerance: float = 0.1) -> bool:
        """True when `self` (a story value) agrees with `other` (a claimed value)."""
        if other.bound == "<=":
            return self.value <= other.value * (1 + tolerance)
        if other.bound == ">=":
            return self.value >= other.value * (1 - tolerance)
        scale = max(abs(self.value), abs(other.value), 1e-9)
        return abs(self.value - other.value) / scale <= tolerance


@dataclass(frozen=True)
class Change:
    before: Quantity
    after: Quantity

    @property
    def magnitude(self) -> float:
        """Relative size of the change, 0..1: 71% → 93% is 0.24, 9 days → 2 days is 0.78."""
        high = max(abs(self.before.value), abs(self.after.value), 1e-9)
        return min(1.0, abs(self.after.value - self.before.value) / high)


def _value(m: re.Match[str]) -> tuple[float, bool]:
    if m.group("num"):
        return float(m.group("num").replace(",", "")), True
    word = m.group("word").lower()
    return float(_WORD_VALUES.get(word, 1)), False


def _noun_after(text: str, end: int) -> str:
    for word in re.findall(r"[A-Za-z][\w'-]*", text[end : end + 60])[:4]:
        low = word.lower()
        if low in _SKIP_TO_NOUN:
            continue
        if low in _NOT_NOUNS or low in _WORD_VALUES:
            return ""
        return inflection_key(low)
    return ""


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in a sentence, in order."""
    out: list[Quantity] = []
    for m in _QUANTITY.finditer(text):
        value, digits = _value(m)
        raw = value
        unit = (m.group("unit") or "").lower()
        if m.group("word") and m.group("word").lower() in ("a full", "an entire", "a whole") and not unit:
            continue
        bound = _BOUNDS.get(re.sub(r"\s+", " ", m.group("bound").strip().lower())) if m.group("bound") else None
        if m.group("scale"):
            value *= _SCALE[m.group("scale").lower()]
        before = text[max(0, m.start() - 4) : m.start()].lower()
        relative = before.rstrip().endswith("by")
        noun = ""
        kind: Kind
        if m.group("cur"):
            kind = "money"
        elif m.group("pct"):
            kind = "percent"
        elif unit in ("x", "times"):
            kind = "multiple"
        elif unit:
            kind = "time"
            value *= _HOURS[unit.rstrip("s") if unit.rstrip("s") in _HOURS else unit]
        elif digits and float(value).is_integer() and 1900 <= value <= 2100 and "," not in m.group("num"):
            kind = "year"
        else:
            noun = _noun_after(text, m.end())
            # A number word only counts with a plural noun after it ("seven spreadsheets").
            plural = bool(noun) and re.match(r"\s*(?:[\w'-]+\s+){0,3}?[A-Za-z-]+s\b", text[m.end() : m.end() + 60])
            if not digits and not plural:
                continue
            kind = "count" if noun else "number"
        start = m.start("bound") if m.group("bound") else m.start()
        out.append(Quantity(text[start : m.end()].strip(), start, m.end(), value, kind, raw, noun, bound,
                            relative, digits))
    return out


def find_changes(text: str, quantities: list[Quantity]) -> list[Change]:
    """'from X to Y' pairs; a bare 'from 9 to 2 days' lends the unit to both sides."""
    changes: list[Change] = []
    for a, b in zip(quantities, quantities[1:]):
        between = text[a.end : b.start].strip().lower()
        lead = text[max(0, a.start - 12) : a.start].lower()
        if between in ("to", "to just", "to only") and re.search(r"\bfrom(?:\s+(?:a|an|about|around|roughly))?\s*$", lead):
            if a.kind == "number" and b.kind in ("time", "percent", "money", "multiple") and b.raw:
                a = Quantity(a.text, a.start, a.end, a.raw * b.value / b.raw, b.kind, a.raw, digits=a.digits)
            changes.append(Change(a, b))
    return changes


def is_metric(q: Quantity) -> bool:
    """A value a result can be measured in (not a year, not a bare ordinal-like number)."""
    return q.kind not in ("year", "number")


def digit_numbers(text: str) -> set[str]:
    """Numbers written in digits, normalised ("1,100" → "1100"): the set the brief may use."""
    return {m.group().replace(",", "").rstrip(".") for m in DIGITS.finditer(text)}
