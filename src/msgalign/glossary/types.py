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

    def applies_to(self, team: str) -> bool:
        return not self.teams or team in self.teams


@dataclass(frozen=True)
class AvoidPhrase:
    phrase: str
    reason: str = ""
    severity: Severity = Severity.WARNING
    teams: tuple[str, ...] = ()
    source: str = ""

    def applies_to(self, team: str) -> bool:
        return not self.teams or team in self.teams


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    avoid: tuple[AvoidPhrase, ...] = ()
    files: tuple[str, ...] = ()

    def term(self, name: str) -> Term | None:
        return next((t for t in self.terms if t.term.casefold() == name.casefold()), None)
