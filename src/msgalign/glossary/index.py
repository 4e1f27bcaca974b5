"""Glossary hits in a piece of prose: variants, casing errors and avoided phrases.

One `TermIndex` per glossary; the terminology rules, `--fix` and the glossary's
own example self-tests all go through `scan`, so they can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from msgalign.glossary.types import AvoidPhrase, Glossary, Term
from msgalign.text.match import FormMatcher, Match, Token, is_plural, pluralize

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
        shouting = _is_shouting(text)
        hits: list[TermHit] = []
        for m in self._matcher.find(text, protected):
            form = m.payload
            if team is not None and not form.entry.applies_to(team):
                continue
            if form.kind == "variant":
                assert isinstance(form.entry, Term)
                hits.append(TermHit("variant", m.start, m.end, m.text, form.entry, form.form,
                                    _replacement(form.entry.term, m)))
            elif form.kind == "avoid":
                hits.append(TermHit("avoid", m.start, m.end, m.text, form.entry, form.form, None))
            else:
                assert isinstance(form.entry, Term)
                if form.entry.case == "exact" and not shouting:
                    fixed = _recase(m, form.entry.term, m.start in starts)
                    if fixed != m.text:
                        hits.append(TermHit("casing", m.start, m.end, m.text, form.entry, form.form, fixed))
        return hits

    def forms(self, text: str,
              protected: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int, str, Term | AvoidPhrase]]:
        """Every glossary form in the text, correct uses included: (start, end, kind, entry)."""
        return [(m.start, m.end, m.payload.kind, m.payload.entry) for m in self._matcher.find(text, protected)]

    def fix_text(self, text: str, *, team: str | None = None) -> str:
        """Apply every variant and casing fix to a string (used by glossary examples)."""
        out = text
        for hit in sorted(self.scan(text, team=team),
                          key=lambda h: h.start, reverse=True):
            if hit.suggestion is not None:
                out = out[: hit.start] + hit.suggestion + out[hit.end :]
        return out


def sentence_starts(text: str) -> frozenset[int]:
    """Offsets where a sentence starts, so 'Play' may open a sentence for the term 'play'."""
    starts = {0}
    for i, ch in enumerate(text):
        if ch in ".!?:•\n" and i + 1 < len(text):
            j = i + 1
            while j < len(text) and text[j] in " \t\"'“‘(\n":
                j += 1
            starts.add(j)
    return frozenset(starts)


def _is_shouting(text: str) -> bool:
    """All-caps text (a slide title in capitals) is a design choice, not a casing error."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters) and " " in text.strip()


def _replacement(term: str, m: Match[_Form]) -> str:
    """The canonical term, in the plural when the writer used the plural."""
    last: Token = m.tokens[-1]
    variant_last_plural = is_plural(last) and not _form_plural(m.payload.form)
    return pluralize(term) if variant_last_plural else term


def _form_plural(form: str) -> bool:
    from msgalign.text.match import tokenize

    toks = tokenize(form)
    return bool(toks) and is_plural(toks[-1])


def _recase(m: Match[_Form], term: str, at_sentence_start: bool) -> str:
    """The matched text with the term's casing on every letter the term shares."""
    from msgalign.text.match import tokenize

    canon = tokenize(term)
    out = list(m.text)
    for tok, ref in zip(m.tokens, canon, strict=False):  # a variant may have more words than the term
        for k in range(min(len(tok.text), len(ref.text))):
            a, b = tok.text[k], ref.text[k]
            if a.lower() != b.lower():
                break  # inflection differs from here on ('y' → 'ies')
            out[tok.start - m.start + k] = b
    fixed = "".join(out)
    if at_sentence_start and term[:1].islower() and m.text[:1].isupper():
        fixed = fixed[:1].upper() + fixed[1:]  # 'Play the…' opens a sentence
    return fixed
