"""Inline suppression comments (SPEC §3.2), turned into a filter over findings.

Text formats:  <!-- msgalign off --> … <!-- msgalign on -->,
<!-- msgalign disable TM001,AC003 -- reason --> … <!-- msgalign enable TM001 -->,
<!-- msgalign disable-next-line TM001 -->.
PPTX: a speaker-notes line `msgalign: disable TM001` applies to its slide.
Codes may be prefixes ('TM'); no codes means every rule.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from msgalign.types import Directive, Document, Finding

ALL = "*"
_CODES = re.compile(r"[A-Za-z]{2}\d{0,3}")


@dataclass(frozen=True)
class ParsedDirective:
    action: str                # off | on | disable | enable | disable-next-line
    codes: frozenset[str]      # {'*'} for every rule
    line: int | None
    slide: int | None


def parse(directive: Directive) -> ParsedDirective | None:
    """Parse one directive; None for text that is not a directive we know."""
    body = directive.text.split("--", 1)[0].strip()
    if not body:
        return None
    action, _, rest = body.partition(" ")
    action = action.lower()
    if action not in ("off", "on", "disable", "enable", "disable-next-line"):
        return None
    codes = frozenset(c.upper() for c in _CODES.findall(rest)) if action not in ("off", "on") else frozenset()
    if action == "off":
        action, codes = "disable", frozenset()
    elif action == "on":
        action, codes = "enable", frozenset()
    return ParsedDirective(action, codes or frozenset({ALL}), directive.line, directive.slide)


def _covers(codes: frozenset[str], rule: str) -> bool:
    return ALL in codes or any(rule.startswith(c) for c in codes)


class Suppressions:
    """Which rules are off where, for one document."""

    def __init__(self, doc: Document) -> None:
        parsed = [p for d in doc.directives if (p := parse(d)) is not None]
        self._slides: dict[int, set[str]] = {}
        self._next_line: dict[int, set[str]] = {}
        # (line, action, codes) in line order: a running state answers "off at line L?"
        self._ranges = sorted(
            ((p.line, p.action, p.codes) for p in parsed if p.line is not None and p.action in ("disable", "enable")),
            key=lambda r: r[0],
        )
        for p in parsed:
            if p.slide is not None and p.action in ("disable", "disable-next-line"):
                self._slides.setdefault(p.slide, set()).update(p.codes)
            if p.line is not None and p.action == "disable-next-line":
                self._next_line.setdefault(p.line + 1, set()).update(p.codes)
        self._empty = not (self._slides or self._next_line or self._ranges)
        self._timelines: dict[str, tuple[list[int], list[bool]]] = {}

    def _disabled_at(self, line: int, rule: str) -> bool:
        lines, states = self._timeline(rule)
        at = bisect_right(lines, line)
        return states[at - 1] if at else False

    def _timeline(self, rule: str) -> tuple[list[int], list[bool]]:
        """Where `rule` turns off or on, in line order, and the state from there: one pass per rule.

        Answering each finding by replaying every directive above it made a
        file of 40,000 directives quadratic; a rule's timeline is built once
        and each question is a binary search.
        """
        cached = self._timelines.get(rule)
        if cached is not None:
            return cached
        lines: list[int] = []
        states: list[bool] = []
        off = False
        for at, action, codes in self._ranges:
            if _covers(codes, rule):
                off = action == "disable"
            elif action == "enable" and ALL in codes:
                off = False
            if lines and lines[-1] == at:
                states[-1] = off
            else:
                lines.append(at)
                states.append(off)
        self._timelines[rule] = (lines, states)
        return lines, states

    def is_suppressed(self, finding: Finding) -> bool:
        if self._empty:
            return False
        loc = finding.location
        if loc.slide is not None and _covers(frozenset(self._slides.get(loc.slide, ())), finding.rule):
            return True
        if loc.line is not None:
            if _covers(frozenset(self._next_line.get(loc.line, ())), finding.rule):
                return True
            return self._disabled_at(loc.line, finding.rule)
        # A finding about the whole asset: suppressed when the rule is off at the end.
        return self._disabled_at(10**9, finding.rule)
