"""Glossary hits in a piece of prose: variants, casing errors and avoided phrases.

One `TermIndex` per glossary; the terminology rules, `--fix`, the briefs and the
glossary's own example self-tests all go through `scan`, so they can never
disagree. What a hit should read, and rewriting text with it, is
`msgalign.glossary.fix`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from msgalign.glossary.fix import (
    Replacement,
    apply_replacements,
    capitalise,
    is_phrasal_verb,
    is_shouting,
    joined_like,
    leading_function_word,
    quotation_spans,
    recase,
    sentence_starts,
    shouted_like,
    variant_replacement,
)
from msgalign.glossary.mention import MentionReader
from msgalign.glossary.types import AvoidPhrase, Glossary, Term
from msgalign.text.match import FormMatcher, Match, as_matched
from msgalign.text.normalize import IGNORABLE_RE, describe, invisibles, lookalikes
from msgalign.text.spans import overlaps
from msgalign.types import Severity

HitKind = Literal["variant", "casing", "avoid"]

# A pronoun object right after a variant that a phrasal verb replaces ("disable it" → "turn it off"); in
# capitals only when the verb is too ("DISABLE IT"): "disable IT alerts" and "US billing" hold no pronoun.
_OBJECT_PRONOUN = re.compile(r"([ \t\u00a0])(it|them|me|us|him)\b(?![\w'’-])", re.IGNORECASE)

# An article or determiner right before a match: a term that opens with one ("The Foo Center") does not
# bring a second.
_ARTICLE_BEFORE = re.compile(r"(?<![\w'’-])(?:the|a|an|our|your|their|my|its|his|her)[ \t\u00a0]+$",
                             re.IGNORECASE)


@dataclass(frozen=True)
class _Form:
    kind: Literal["term", "variant", "avoid"]
    entry: Term | AvoidPhrase
    form: str


# A determiner, possessive or quantifier, then up to two lower-case words, right before a hit.
_DETERMINED = re.compile(r"\b(?i:a|an|the|your|our|their|its|his|her|my|this|these|those|every|each|any|no|"
                         r"whose|entire|whole)\s+(?:[a-z][\w'-]*\s+){0,2}$")


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
    quoted: bool = False              # inside a quotation ("…"): someone's words, not ours to rewrite
    rule: str | None = None           # of a merged entry: the rules that flag this variant as written ("": ours)
    severity: Severity | None = None  # and the highest of their severities (None: the entry's)
    mention: str = ""                 # the words talked about, not used ("not X"): mention.MENTION or HISTORY

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
        """The fix this hit asks for, for `apply_replacements`; None when there is none, or when the hit is
        inside a quotation (`check --fix` rewrites quotations only with `[fix] quotations = true`)."""
        if self.suggestion is None or self.quoted or self.mention:
            return None
        return Replacement(self.start, self.end, self.text, self.suggestion)


class TermIndex:
    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._matcher: FormMatcher[_Form] = FormMatcher()
        self._fixes: dict[tuple[object, ...], str] = {}  # a variant's fix depends only on what was written
        # Canonical terms first: among forms that read a text equally well, the first added wins, so a
        # term beats an avoid phrase written the same way.
        for term in glossary.terms:
            self._matcher.add(term.term, _Form("term", term, term.term), inflect=term.inflect)
        strictness = variant_strictness(glossary.terms)
        for term in glossary.terms:
            for variant in term.variants:
                gaps, words = strictness.get((term.term, variant), (False, False))
                self._matcher.add(variant, _Form("variant", term, variant), inflect=term.inflect,
                                  strict_gaps=gaps, strict_words=words)
        for phrase in glossary.avoid:
            self._matcher.add(phrase.phrase, _Form("avoid", phrase, phrase.phrase), inflect=phrase.inflect,
                              derive=True)

    def scan(
        self,
        text: str,
        *,
        team: str | None = None,
        protected: Iterable[tuple[int, int]] = (),
    ) -> list[TermHit]:
        return self._scan(text, team, protected, checked=True)

    def _scan(self, text: str, team: str | None, protected: Iterable[tuple[int, int]], *,
              checked: bool) -> list[TermHit]:
        starts = sentence_starts(text)
        shouting = is_shouting(text)
        quotes = quotation_spans(text)
        hits: list[TermHit] = []
        reader = MentionReader(text)
        for m in self._matcher.find(text, protected):
            form = m.payload
            if team is not None and not form.entry.applies_to(team):
                continue
            if not _case_holds(form, m.text):
                continue
            seen = as_matched(m)  # what the matcher read: the suggestion is made from it
            similar, hidden = _disguises(m)
            quoted = overlaps(quotes, m.start, m.end)
            if form.kind == "variant":
                assert isinstance(form.entry, Term)
                rules = [r for r in form.entry.variant_rules if r[0].casefold() == form.form.casefold()
                         and (r[2] != "exact" or same_letter_case(m.text, r[0]))]
                if form.entry.variant_rules and not rules:
                    continue  # every rule that lists this variant is case-sensitive, and it is written otherwise
                fixed = self._variant_fix(form.entry, seen, form.form, m.start in starts, checked,
                                          bool(_ARTICLE_BEFORE.search(text, max(0, m.start - 8), m.start)))
                if m.text.endswith(".") and not fixed.endswith(".") and _ends_sentence(text, m.end):
                    fixed += "."  # "… with e.g." → "… with for example." keeps the sentence's full stop
                end = m.end
                if (pronoun := _OBJECT_PRONOUN.match(text, m.end)) and is_phrasal_verb(form.entry.term) \
                        and " " in fixed and (not pronoun.group(2).isupper() or m.text.isupper()):
                    # "disable it" → "turn it off": a pronoun object goes between the verb and its particle
                    verb, _, particle = fixed.rpartition(" ")
                    fixed, end = f"{verb}{pronoun.group(1)}{pronoun.group(2)} {particle}", pronoun.end()
                hits.append(TermHit("variant", m.start, end, text[m.start:end], form.entry, form.form, fixed,
                                    similar, hidden, quoted, _rule_names(rules) if rules else None,
                                    max((r[3] for r in rules), default=None),
                                    reader.mention(m.start, m.end, form.entry.term)))
            elif form.kind == "avoid":
                hits.append(TermHit("avoid", m.start, m.end, m.text, form.entry, form.form, None, similar, hidden,
                                    quoted, mention=reader.mention(m.start, m.end)))
            else:
                assert isinstance(form.entry, Term)
                exact = form.entry.case == "exact" and not shouting
                fixed = recase(seen, form.entry.term, m.start in starts) if exact else seen.text
                if fixed != seen.text:
                    fixed = joined_like(fixed, seen, form.entry.term)
                # A look-alike letter is always wrong; an invisible one alone (a soft hyphen in a
                # correctly written term) is not a casing error.
                if similar or fixed != seen.text:
                    hits.append(TermHit("casing", m.start, m.end, m.text, form.entry, form.form, fixed,
                                        similar, hidden, quoted))
        return _join_side_by_side(text, hits)

    def _variant_fix(self, term: Term, seen: Match[_Form], form: str, at_start: bool, checked: bool,
                     article_before: bool = False) -> str:
        """The canonical term for a variant: the writer's number and inflection kept, a sentence's first
        letter kept capital (unless the term has its own casing, "iPhone", "npm"), and never a text that
        would itself be a finding ("sign ups" → "sign-ups" only if "sign-ups" is not a variant too).
        A term that opens with an article ("The Foo Center") has it in lower case mid-sentence, and
        none when the text already puts one before the variant ("the Foo Centre" → "the Foo Center")."""
        key = (term.term, form, seen.text, seen.labels, at_start, checked, article_before)
        if key not in self._fixes:
            if len(self._fixes) > 4096:
                self._fixes.clear()
            self._fixes[key] = self._compute_variant_fix(term, seen, form, at_start, checked, article_before)
        return self._fixes[key]

    def _compute_variant_fix(self, term: Term, seen: Match[_Form], form: str, at_start: bool, checked: bool,
                             article_before: bool) -> str:
        opens = at_start and seen.text[:1].isupper()
        fixed = variant_replacement(term.term, seen, form, inflect=term.inflect, variants=term.variants)
        canonical = term.term
        lead = leading_function_word(term.term)
        if lead and not leading_function_word(form) and fixed.startswith(lead + " "):
            if article_before:
                fixed, canonical = fixed[len(lead) + 1:], canonical[len(lead) + 1:]
            elif not opens:
                fixed, canonical = lead.lower() + fixed[len(lead):], lead.lower() + canonical[len(lead):]
        elif lead and leading_function_word(form) and not opens and fixed.startswith(lead + " "):
            fixed = seen.text[:len(lead)] + fixed[len(lead):]  # the variant's own article, as written
        if opens:
            fixed = capitalise(fixed, term.term)
        if checked and fixed != canonical and any(h.kind != "avoid" for h in self._scan(fixed, None, (),
                                                                                        checked=False)):
            fixed = capitalise(canonical, term.term) if opens else canonical
        return shouted_like(fixed, seen.text, form)

    def forms(self, text: str,
              protected: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int, str, Term | AvoidPhrase]]:
        """Every glossary form in the text, correct uses included: (start, end, kind, entry)."""
        return [(m.start, m.end, m.payload.kind, m.payload.entry) for m in self._matcher.find(text, protected)]

    def named_forms(self, text: str, protected: Iterable[tuple[int, int]] = ()
                    ) -> list[tuple[int, int, str, Term | AvoidPhrase, str]]:
        """Like `forms`, with the glossary form each match is a use of: (start, end, kind, entry, form).
        "Sign-ups" is a use of the term "sign-up"; "on premises" of the variant "on premises", not of the
        term "on-premises" it differs from only by a hyphen."""
        return [(m.start, m.end, m.payload.kind, m.payload.entry, m.payload.form)
                for m in self._matcher.find(text, protected)]

    def fix_text(self, text: str, *, team: str | None = None) -> str:
        """Apply every variant and casing fix to a string (used by glossary examples); quotations stay."""
        fixes = [r for hit in self.scan(text, team=team) if (r := hit.replacement) is not None]
        return apply_replacements(text, fixes)[0]


# Only spaces between two hits: "Suite Pro X2" is one name written with two old words.
_ONLY_SPACES = re.compile(r"[ \t\u00a0]+")


def _join_side_by_side(text: str, hits: list[TermHit]) -> list[TermHit]:
    """Two variants of one term with only spaces between them are one old name ("Beacon Suite Pro X2" for
    "Beacon Scale"): one hit over both, replaced once, never the new name written twice. The later one must
    ask for the term exactly (no plural or sentence capital of its own) and both read the same way
    (quoted, mentioned, disguised alike)."""
    out: list[TermHit] = []
    for hit in hits:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == hit.kind == "variant" and prev.entry is hit.entry \
                and isinstance(hit.entry, Term) and hit.suggestion == hit.entry.term \
                and prev.quoted == hit.quoted and prev.mention == hit.mention and prev.rule == hit.rule \
                and _ONLY_SPACES.fullmatch(text, prev.end, hit.start):
            out[-1] = TermHit("variant", prev.start, hit.end, text[prev.start:hit.end], prev.entry,
                              f"{prev.form} {hit.form}", prev.suggestion, prev.lookalikes + hit.lookalikes,
                              prev.hidden + hit.hidden, prev.quoted, prev.rule, prev.severity, prev.mention)
            continue
        out.append(hit)
    return out


def variant_strictness(terms: Iterable[Term]) -> dict[tuple[str, str], tuple[bool, bool]]:
    """(term, variant) → (strict_gaps, strict_words) for each variant that reads like a term.

    A variant that differs from a term only by how its words are joined ("go to market" for
    "go-to-market", "Node js" for "Node.js") matches only when joined exactly its way; one that is an
    inflection of a term ("on-premise" for "on-premises") matches only as written. Either way the term
    itself is never reported as its own variant.
    """
    terms = list(terms)
    matcher: FormMatcher[Term] = FormMatcher()
    for term in terms:
        matcher.add(term.term, term, inflect=term.inflect)
    out: dict[tuple[str, str], tuple[bool, bool]] = {}
    for term in terms:
        for variant in term.variants:
            found = matcher.full_matches(variant)
            if found:
                out[(term.term, variant)] = (True, any(any(m.labels) for m in found))
    return out


def _rule_names(rules: list[tuple[str, str, str, Severity]]) -> str:
    """The imported rules a variant's finding names; none ("") when a hand-written entry lists it too."""
    names = [r[1] for r in rules]
    return "" if "" in names else ", ".join(dict.fromkeys(names))


def _ends_sentence(text: str, end: int) -> bool:
    rest = text[end:end + 3]
    return not rest.strip() or (rest[:1].isspace() and rest.lstrip()[:1].isupper())


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


def everyday_word(text: str, hit: TermHit) -> bool:
    """'your fleet of laptops' for the product Fleet: a casing hit that is the everyday word the name is.

    Only for a one-word name written as a capitalised word ('Fleet', 'Linear'), written all in lower
    case right after a determiner or possessive; a name with its own casing ('HubSpot', 'iPhone') never is.
    """
    name = getattr(hit.entry, "term", "")
    return hit.kind == "casing" and hit.text.isalpha() and hit.text.islower() and name.isalpha() \
        and name[:1].isupper() and name[1:].islower() \
        and bool(_DETERMINED.search(text[max(0, hit.start - 80):hit.start]))

