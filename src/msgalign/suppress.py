"""Inline suppression comments (SPEC §3.2), turned into a filter over findings.

Text formats:  <!-- msgalign off --> … <!-- msgalign on -->,
<!-- msgalign disable TM001,AC003 -- reason --> … <!-- msgalign enable TM001 -->,
<!-- msgalign disable-next-line TM001 -->.
PPTX: a speaker-notes line `msgalign: disable TM001` applies to its slide.
Codes may be prefixes ('TM'); no codes means every rule. Imported rules are named like codes:
<!-- msgalign disable Microsoft.Wordiness -->, or a whole style: <!-- msgalign disable Microsoft -->.

Vale's own comments are honoured too, for pages written for Vale:
<!-- vale Google.WordList = NO --> … <!-- vale Google.WordList = YES --> switch one imported rule
(or a whole style, `vale Google = NO`) off and on; <!-- vale off --> … <!-- vale on --> switch off
what Vale would report: every glossary finding (TM001, TM002, TM005), imported or written by hand.
The other rules (narrative, claims, tone) go on: a writer who quiets the style linter has not
asked for the messaging checks to stop.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from msgalign.types import Directive, Document, Finding

ALL = "*"
_CODE = re.compile(r"[A-Za-z]{2}\d{0,3}")
_NAME = re.compile(r"[A-Za-z][\w-]*(?:\.[\w-]+)*")
_SEPARATORS = re.compile(r"[\s,]+")
NAME_MARK = "@"  # keys for imported rule names: '@microsoft.wordiness'
VALE_RULES = frozenset({"TM001", "TM002", "TM005"})  # what `<!-- vale off -->` silences
_VALE_SWITCH = re.compile(r"([A-Za-z][\w-]*(?:\.[\w-]+)*)\s*=\s*(YES|NO)\b", re.IGNORECASE)


def source_rules(finding: Finding) -> tuple[str, ...]:
    """The imported rules a finding comes from ("Microsoft.Terms"): none for msgalign's own entries."""
    value = finding.evidence.to_dict().get("rule") if finding.evidence is not None else None
    if not isinstance(value, str):
        return ()
    return tuple(n.strip() for n in value.split(",") if n.strip())


def name_matches(name: str, selector: str) -> bool:
    """'Microsoft.Terms' is named by 'microsoft.terms' and by its style, 'Microsoft' (any case)."""
    name, selector = name.casefold(), selector.strip().casefold()
    return bool(selector) and (name == selector or name.startswith(selector + "."))


def is_code(selector: str) -> bool:
    return _CODE.fullmatch(selector.strip()) is not None


def _keys(text: str) -> frozenset[str]:
    """Codes (upper case) and imported rule names (NAME_MARK + lower case) in a directive's list."""
    keys = set()
    for word in _SEPARATORS.split(text):
        word = word.strip(".;:")
        if _CODE.fullmatch(word):
            keys.add(word.upper())
        elif _NAME.fullmatch(word):
            keys.add(NAME_MARK + word.casefold())
    return frozenset(keys)


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
    if action == "vale":
        return _parse_vale(rest.strip(), directive)
    if action not in ("off", "on", "disable", "enable", "disable-next-line"):
        return None
    codes = _keys(rest) if action not in ("off", "on") else frozenset()
    if action == "off":
        action, codes = "disable", frozenset()
    elif action == "on":
        action, codes = "enable", frozenset()
    return ParsedDirective(action, codes or frozenset({ALL}), directive.line, directive.slide)


def _parse_vale(rest: str, directive: Directive) -> ParsedDirective | None:
    """`vale off`, `vale on`, `vale Style.Rule = NO` / `= YES` (Vale's inline comments)."""
    word = rest.lower()
    if word in ("off", "on"):
        return ParsedDirective("disable" if word == "off" else "enable", VALE_RULES, directive.line, directive.slide)
    switches = _VALE_SWITCH.findall(rest)
    if not switches:
        return None
    # One comment may switch several rules; they all go the same way in practice, the first one decides.
    action = "disable" if switches[0][1].upper() == "NO" else "enable"
    names = frozenset(NAME_MARK + name.casefold() for name, value in switches
                      if (value.upper() == "NO") == (action == "disable"))
    return ParsedDirective(action, names, directive.line, directive.slide)


def _covers(codes: frozenset[str], rule: str, names: tuple[str, ...] = ()) -> bool:
    """The keys name the finding's rule code, or every imported rule it comes from."""
    if ALL in codes or any(rule.startswith(c) for c in codes if not c.startswith(NAME_MARK)):
        return True
    wanted = [c[len(NAME_MARK):] for c in codes if c.startswith(NAME_MARK)]
    return bool(names) and bool(wanted) and all(any(name_matches(n, w) for w in wanted) for n in names)


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

    def _disabled_at(self, line: int, rule: str, names: tuple[str, ...] = ()) -> bool:
        """Off by its code, or by every imported rule it comes from (each may be switched on its own)."""
        if self._state(line, rule):
            return True
        return bool(names) and all(self._state(line, NAME_MARK + n.casefold()) for n in names)

    def _state(self, line: int, key: str) -> bool:
        lines, states = self._timeline(key)
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
            if _covers(codes, rule, (rule[len(NAME_MARK):],) if rule.startswith(NAME_MARK) else ()):
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
        names = source_rules(finding)
        if loc.slide is not None and _covers(frozenset(self._slides.get(loc.slide, ())), finding.rule, names):
            return True
        if loc.line is not None:
            if _covers(frozenset(self._next_line.get(loc.line, ())), finding.rule, names):
                return True
            return self._disabled_at(loc.line, finding.rule, names)
        # A finding about the whole asset: suppressed when the rule is off at the end.
        return self._disabled_at(10**9, finding.rule, names)
