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
from msgalign.text.match import FormMatcher, Match, as_matched
from msgalign.text.normalize import IGNORABLE_RE, describe, invisibles, lookalikes

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
    lookalikes: tuple[str, ...] = ()  # Cyrillic or Greek letters standing in for Latin ones ("rеvenue")
    hidden: tuple[str, ...] = ()      # invisible characters inside the match ("revenue h\u200bub")

    @property
    def disguise(self) -> str:
        """A sentence naming the look-alike letters and invisible characters in the match, or ''."""
        parts = []
        if self.lookalikes:
            letters = " and ".join(f"'{c}' ({describe(c)})" for c in dict.fromkeys(self.lookalikes))
            parts.append(f"It is written with a look-alike letter: {letters}.")
        if self.hidden:
            chars = " and ".join(describe(c) for c in dict.fromkeys(self.hidden))
            parts.append(f"It hides an invisible character: {chars}.")
        return " ".join(parts)

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
            if not _case_holds(form, m.text):
                continue
            seen = as_matched(m)  # what the matcher read: the suggestion is made from it
            similar, hidden = _disguises(m)
            if form.kind == "variant":
                assert isinstance(form.entry, Term)
                hits.append(TermHit("variant", m.start, m.end, m.text, form.entry, form.form,
                                    variant_replacement(form.entry.term, seen, form.form), similar, hidden))
            elif form.kind == "avoid":
                hits.append(TermHit("avoid", m.start, m.end, m.text, form.entry, form.form, None, similar, hidden))
            else:
                assert isinstance(form.entry, Term)
                exact = form.entry.case == "exact" and not shouting
                fixed = recase(seen, form.entry.term, m.start in starts) if exact else seen.text
                # A look-alike letter is always wrong; an invisible one alone (a soft hyphen in a
                # correctly written term) is not a casing error.
                if similar or fixed != seen.text:
                    hits.append(TermHit("casing", m.start, m.end, m.text, form.entry, form.form, fixed,
                                        similar, hidden))
        return hits

    def forms(self, text: str,
              protected: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int, str, Term | AvoidPhrase]]:
        """Every glossary form in the text, correct uses included: (start, end, kind, entry)."""
        return [(m.start, m.end, m.payload.kind, m.payload.entry) for m in self._matcher.find(text, protected)]

    def fix_text(self, text: str, *, team: str | None = None) -> str:
        """Apply every variant and casing fix to a string (used by glossary examples)."""
        fixes = [r for hit in self.scan(text, team=team) if (r := hit.replacement) is not None]
        return apply_replacements(text, fixes)[0]


def _case_holds(form: _Form, text: str) -> bool:
    """A case-sensitive variant or avoided phrase (imported from a case-sensitive Vale rule) only
    matches when its letters are written in its casing: 'Once' is not 'once'."""
    entry = form.entry
    exact = (form.kind == "variant" and isinstance(entry, Term) and entry.variant_case == "exact") or (
        form.kind == "avoid" and isinstance(entry, AvoidPhrase) and entry.case == "exact")
    return not exact or same_letter_case(text, form.form)


def same_letter_case(text: str, form: str) -> bool:
    """The letters of `text` and `form`, read in order, have the same case until they stop agreeing
    (an inflected ending, a possessive): 'Widgets' has the casing of 'Widget', 'widget' has not."""
    for have, want in zip((c for c in text if c.isalpha()), (c for c in form if c.isalpha()), strict=False):
        if have.casefold() != want.casefold():
            return True
        if have != want:
            return False
    return True


def _disguises(m: Match[_Form]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(look-alike letters, invisible characters) in a match; both empty for plain text."""
    if m.text.isascii():
        return (), ()
    similar = tuple(c for tok in m.tokens for c in lookalikes(IGNORABLE_RE.sub("", tok.text)))
    return similar, invisibles(m.text)
