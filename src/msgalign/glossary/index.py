"""Glossary hits in a piece of prose: variants, casing errors and avoided phrases.

One `TermIndex` per glossary; the terminology rules, `--fix`, the briefs and the
glossary's own example self-tests all go through `scan`, so they can never
disagree. What a hit should read, and rewriting text with it, is
`msgalign.glossary.fix`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from msgalign.glossary.fix import (
    Replacement,
    apply_replacements,
    is_shouting,
    recase,
    sentence_starts,
    variant_replacement,
)
from msgalign.glossary.types import AvoidPhrase, Glossary, Term
from msgalign.text.match import FormMatcher

HitKind = Literal["variant", "casing", "avoid"]


@dataclass(frozen=True)
class _Form:
    kind: Literal["term", "variant", "avoid"]
    entry: Term | AvoidPhrase
    form: str


@dataclass(frozen=True)
class TermHit:
    kind: HitKind
    start: int
    end: int
    text: str
    entry: Term | AvoidPhrase
    form: str                   # the glossary form that matched
    suggestion: str | None      # the replacement text (None for avoided phrases)

    @property
    def replacement(self) -> Replacement | None:
        """The fix this hit asks for, for `apply_replacements`; None when there is none."""
        return None if self.suggestion is None else Replacement(self.start, self.end, self.text, self.suggestion)


class TermIndex:
    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._matcher: FormMatcher[_Form] = FormMatcher()
        # Canonical terms first: a key sequence that is both a term and a
        # variant elsewhere is rejected on load, so order only settles ties
        # between avoid phrases and terms.
        for term in glossary.terms:
            self._matcher.add(term.term, _Form("term", term, term.term))
        for term in glossary.terms:
            for variant in term.variants:
                self._matcher.add(variant, _Form("variant", term, variant))
        for phrase in glossary.avoid:
            self._matcher.add(phrase.phrase, _Form("avoid", phrase, phrase.phrase))

    def scan(
        self,
        text: str,
        *,
        team: str | None = None,
        protected: Iterable[tuple[int, int]] = (),
    ) -> list[TermHit]:
        starts = sentence_starts(text)
        shouting = is_shouting(text)
        hits: list[TermHit] = []
        for m in self._matcher.find(text, protected):
            form = m.payload
            if team is not None and not form.entry.applies_to(team):
                continue
            if form.kind == "variant":
                assert isinstance(form.entry, Term)
                hits.append(TermHit("variant", m.start, m.end, m.text, form.entry, form.form,
                                    variant_replacement(form.entry.term, m, form.form)))
            elif form.kind == "avoid":
                hits.append(TermHit("avoid", m.start, m.end, m.text, form.entry, form.form, None))
            else:
                assert isinstance(form.entry, Term)
                if form.entry.case == "exact" and not shouting:
                    fixed = recase(m, form.entry.term, m.start in starts)
                    if fixed != m.text:
                        hits.append(TermHit("casing", m.start, m.end, m.text, form.entry, form.form, fixed))
        return hits

    def forms(self, text: str,
              protected: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int, str, Term | AvoidPhrase]]:
        """Every glossary form in the text, correct uses included: (start, end, kind, entry)."""
        return [(m.start, m.end, m.payload.kind, m.payload.entry) for m in self._matcher.find(text, protected)]

    def fix_text(self, text: str, *, team: str | None = None) -> str:
        """Apply every variant and casing fix to a string (used by glossary examples)."""
        fixes = [r for hit in self.scan(text, team=team) if (r := hit.replacement) is not None]
        return apply_replacements(text, fixes)[0]
