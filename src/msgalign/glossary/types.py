"""Glossary entries as values: a term with its variants, a phrase to avoid, the whole glossary."""

from __future__ import annotations

from dataclasses import dataclass

from msgalign.types import Severity


@dataclass(frozen=True)
class Term:
    term: str
    definition: str = ""
    variants: tuple[str, ...] = ()
    case: str = "exact"
    severity: Severity = Severity.WARNING
    teams: tuple[str, ...] = ()
    examples: tuple[tuple[str, str], ...] = ()
    source: str = ""
    inflect: str = "noun"   # noun: plural, possessive; verb: -s, -ing, -ed; both; none (see text.match.Inflect)

    def applies_to(self, team: str) -> bool:
        return not self.teams or team in self.teams


@dataclass(frozen=True)
class AvoidPhrase:
    phrase: str
    reason: str = ""
    severity: Severity = Severity.WARNING
    teams: tuple[str, ...] = ()
    source: str = ""
    inflect: str = "both"

    def applies_to(self, team: str) -> bool:
        return not self.teams or team in self.teams


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    avoid: tuple[AvoidPhrase, ...] = ()
    files: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # "file:line: what was not taken as written, and why", for a notice

    def term(self, name: str) -> Term | None:
        return next((t for t in self.terms if t.term.casefold() == name.casefold()), None)
