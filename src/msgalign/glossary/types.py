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
    # Imported entries: the rule of the other tool they came from ("Microsoft.Terms"), which
    # findings carry and --select, --ignore and inline suppression accept.
    rule: str = ""
    # "exact": variants match only as written (a case-sensitive Vale swap key 'Once' is not 'once').
    variant_case: str = "any"
    # Entries merged from several imported rules: (variant, rule, variant_case, severity) for each rule that
    # lists the variant, so a finding names only the rules that flag it as written, at their severity.
    variant_rules: tuple[tuple[str, str, str, Severity], ...] = ()

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
    rule: str = ""       # see Term.rule
    case: str = "any"    # "exact": only this casing is flagged (a case-sensitive Vale token)

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

    def rule_names(self) -> tuple[str, ...]:
        """The imported rules' names its entries carry ("Microsoft.Terms"), sorted, each once."""
        fields = [e.rule for e in self.terms if e.rule] + [e.rule for e in self.avoid if e.rule]
        names = {name.strip() for field in fields for name in field.split(",") if name.strip()}
        return tuple(sorted(names, key=str.casefold))
