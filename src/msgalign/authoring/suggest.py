"""Mine a starter glossary from a corpus: candidate terms and their variants, ranked.

Noun phrases and product-like names are counted per team and per asset,
merged by inflection (`form_keys`), filtered for what looks like terminology,
and grouped into variant clusters. The result is glossary YAML a person
reviews and pastes; nothing here decides for them.

Why variants are found mostly by rule: on the example workspace's own glossary
(terms and their rejected variants as the labels), all-MiniLM-L6-v2 phrase
vectors rank variant pairs below look-alikes ("renewal number" / "renewal
date" 0.80, "revenue hub" / "Revenue Workspace" 0.60), and the sentences a
phrase is used in are no better: every GTM sentence talks about teams,
accounts and revenue. So casing, hyphens, inflection, run-together words
("Hub Spot"), acronyms ("CSM") and clipped words ("pipe review") are merged by
rule; vectors merge only near-paraphrases ("handoff note" / "handover note",
"deal desk" / "deal approval desk"), under constraints that held on that
labelled set: phrases used in one
sentence name different things, a phrase is not a variant of a longer phrase
containing it, phrases that share a word but not their head noun ("stage
mapping" / "stage definitions") are different kinds of thing, and brand names
merge only by spelling. Closer-than-usual pairs that fail those tests are
shown as review hints, never merged: a wrong variant in a pasted glossary
would flag correct copy as an error.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from msgalign.analysis.run import Analysis
from msgalign.glossary.types import Term
from msgalign.nlp.pipeline import spacy_texts
from msgalign.text.match import (  # the linter's own rules
    form_keys,
    inside_compound,
    joinable,
    protected_spans,
    tokenize,
)
from msgalign.text.safe import printable
from msgalign.text.spans import overlaps
from msgalign.types import Document, Progress

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from msgalign.types import Finding
    from msgalign.workspace.config import Config

MAX_WORDS = 4
MAX_POOL = 1500           # most frequent specific forms compared pairwise (memory is quadratic)
# Cosine distances, chosen on the labelled pairs in tests/test_glossary_suggest.py.
MERGE_DISTANCE = 0.228    # near-paraphrases only: every pair in a cluster this close (complete linkage)
HINT_DISTANCE = 0.50      # closer than unrelated terms usually are: worth a reviewer's look
CLIPPED_DISTANCE = 0.50   # a clipped phrase must still read like the whole ("rev workspace": 0.49)
# Two phrases that differ in one word are one term only if those words mean the same: "handover" /
# "handoff" 0.34, "team" / "group" 0.35, but "precise" / "contextual" 0.69 ("precise code
# intelligence" is a feature, "contextual code intelligence" a description).
SWAP_DISTANCE = 0.50
DOMINANT_CASING = 0.6     # share of running-text uses one casing needs before we suggest `case: exact`
# Spans that mean a time, a number, a person or a place are not discovered as terms. Only the
# time and number labels are reliable enough to veto a phrase found elsewhere: the small
# pipeline tags "Beacon" as a PERSON 13 times and a GPE 11 times in the example workspace.
_DROP_ENTITIES = frozenset({"PERSON", "GPE", "LOC", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY",
                            "CARDINAL", "ORDINAL", "NORP", "FAC", "LANGUAGE"})
_TIME_ENTITIES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
_NAME_ENTITIES = frozenset({"ORG", "PRODUCT", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "PERSON"})
_QUOTE = re.compile(r"“[^”]{1,400}”|\"[^\"]{1,400}\"")
_STRIP_POS = frozenset({"DET", "PRON", "NUM", "PUNCT", "SYM", "PART", "ADP", "CCONJ", "SCONJ", "AUX",
                        "ADV", "INTJ", "SPACE", "VERB"})
_SPLIT_POS = frozenset({"CCONJ", "ADP", "PART", "SCONJ", "VERB", "AUX"})
# Modifiers that say nothing about which thing is meant ("a clear next step", "our new plan").
_VAGUE_MODIFIERS = frozenset("""new good great best better clear simple whole entire real right wrong big
small large huge long short hard easy quick fast slow key main major minor important special certain
particular different similar usual typical current existing old recent latest early late high low
single multiple full true open live own additional extra specific general overall total average
strong weak free actual senior junior powerful innovative leading unique modern robust flexible
scalable seamless intuitive unmatched unparalleled amazing incredible perfect ultimate world-class
industry-leading best-in-class cutting-edge next-generation""".split())
# Everyday nouns the vocabulary ranks below the cut, and time words.
_GENERIC = frozenset("""customer customers client clients user users people person team teams company
companies thing things way ways step steps today tomorrow yesterday time times day days week weeks month
months quarter quarters year years hour hours minute minutes second seconds morning afternoon evening
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december lot lots kind kinds sort part parts bit example examples
question questions answer answers number numbers result results goal goals idea ideas problem problems
end start moment moments chance option options case cases place places point points world everyone
anyone someone""".split())
# Job titles, departments and pipeline words: every company has them, so a capitalised one
# ("Director", "Engineering", "Stage", "Sales") is an org chart, not terminology.
_ORG_WORDS = frozenset("""engineer engineers engineering eng director directors manager managers sales sale
marketing stage stages vp vps svp evp avp ceo cto cfo coo cro cmo ciso cio head lead leads leader leaders
officer president founder cofounder co-founder ops operations support success staff department dept org
division executive executives exec execs admin admins administrator""".split())
# Acronyms of the trade that no company owns: not a glossary entry on their own.
_TRADE_ACRONYMS = frozenset("""api apis ui ux cli sdk sdks sql ai ml llm llms url urls html css json http https
saas b2b b2c crm erp kpi kpis roi faq faqs pdf csv it hr pr qa os gb mb tb kb""".split())
# A lowercase word between two capitalised ones keeps a name whole ("Point in Time Recovery").
_NAME_JOINERS = r"(?:in|of|for|on|at|to|the|and|de|du|la|von|van)"
_NAME_BEFORE = re.compile(rf"([A-Z][\w'’.]*)(?:[ ‑-]{_NAME_JOINERS})?[ ‑-]$")
_NAME_AFTER = re.compile(rf"^(?:\.[A-Za-z0-9]|[ ‑-]{_NAME_JOINERS}[ ‑-][A-Z])")
# Whole words above this position in the sentence model's WordPiece vocabulary (ordered
# roughly by frequency in general English) are everyday words: "team" is 2136,
# "revenue" 6599, "retention" 20125; "workspace" is not a whole word at all.
COMMON_RANK = 4500
# E-mail and legal boilerplate that the parser takes for names.
_BOILERPLATE = frozenset("""inc ltd llc corp gmbh plc hi hello hey dear thanks regards cheers subject re fwd
cc bcc ps""".split())
_NAME_TEXT = re.compile(r"^[A-Za-z0-9][\w'’&.-]*(?: [\w'’&.-]+){0,3}$")
_ACRONYM = re.compile(r"^[A-Z]{2,5}s?$")
_PLAIN_YAML = re.compile(r"^[A-Za-z][A-Za-z0-9 '’&.-]*[A-Za-z0-9.]$|^[A-Za-z]$")
_YAML_WORDS = frozenset("yes no true false on off null y n".split())


@dataclass(frozen=True)
class Occurrence:
    key: tuple[str, ...]
    text: str
    team: str
    asset: str
    sentence: int           # a corpus-wide sentence id
    cased: str | None       # the casing as evidence (None: a Title Case line or a capitalised first word)
    known: Term | None = None
    nested: bool = False    # part of a longer phrase ("account temperature" in "account temperature column")
    entity: bool = False    # inside a date, time or number the parser found
    person: bool = False    # inside a person's name the parser found
    quoted: bool = False    # inside quotation marks: someone else's words
    named: bool = False     # inside a name the parser found (organisation, product, place, person)


@dataclass
class Form:
    """One candidate phrase, all its inflections and casings together."""

    key: tuple[str, ...]
    surfaces: Counter[str] = field(default_factory=Counter)
    cased: Counter[str] = field(default_factory=Counter)     # running-text evidence only
    cased_alone: Counter[str] = field(default_factory=Counter)  # ... from uses outside longer phrases
    teams: Counter[str] = field(default_factory=Counter)
    assets: set[str] = field(default_factory=set)
    sentences: set[int] = field(default_factory=set)
    count: int = 0
    alone: int = 0          # uses as a phrase of its own, not inside a longer one
    entity: int = 0         # uses the parser took for a date, time or number
    person: int = 0         # uses the parser took for a person
    quoted: int = 0         # uses inside quotation marks
    named: int = 0          # uses inside a name the parser found

    def add(self, occ: Occurrence) -> None:
        self.count += 1
        self.alone += not occ.nested
        self.entity += occ.entity
        self.person += occ.person
        self.quoted += occ.quoted
        self.named += occ.named
        self.surfaces[occ.text] += 1
        if occ.cased is not None:
            self.cased[occ.cased] += 1
            if not occ.nested:
                self.cased_alone[occ.cased] += 1
        self.teams[occ.team] += 1
        self.assets.add(occ.asset)
        self.sentences.add(occ.sentence)

    @property
    def words(self) -> int:
        return len(self.key)

    @property
    def someone_elses(self) -> bool:
        """Mostly a person's name, or quoted words (a customer's or a competitor's): never merged into a
        term. (Organisation tags are no evidence: the small pipeline tags our own products as ORG.)"""
        return self.person * 2 > self.count or self.quoted * 2 >= self.count

    @property
    def text(self) -> str:
        """The form as it should be written: the dominant casing, singular where the corpus has it."""
        if not self.cased:
            return _neutral_casing(min(self.surfaces, key=lambda s: (-self.surfaces[s], s)))
        casing = self.dominant_casing
        singular = [s for s in self.surfaces if not _is_plural_surface(s)]
        # A singular seen only now and then ("Sale" beside "Sales") is not how the corpus writes it.
        if sum(self.surfaces[s] for s in singular) * 4 < self.count:
            singular = []
        pool = singular or list(self.surfaces)
        return min(pool, key=lambda s: (not _same_casing(s, casing), -self.surfaces[s], s))

    @property
    def dominant_casing(self) -> str:
        return min(self.cased, key=lambda s: (-self.casing_votes(s), s)) if self.cased else self.text

    def casing_votes(self, text: str) -> int:
        return sum(n for s, n in self.cased.items() if _same_casing(s, text))

    @property
    def casing_share(self) -> float:
        total = sum(self.cased.values())
        return self.casing_votes(self.dominant_casing) / total if total else 0.0

    @property
    def name_like(self) -> bool:
        """Capitalised in running text most of the time when used on its own: a product, feature or
        brand name ("Review" inside "Business Review" is no evidence that "Review" is a name)."""
        capital = sum(n for s, n in self.cased_alone.items() if any(c.isupper() for c in s))
        return capital * 2 > sum(self.cased_alone.values()) > 0


def _is_plural_surface(text: str) -> bool:
    last = text.rsplit(" ", 1)[-1].lower()
    return len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _same_casing(a: str, b: str) -> bool:
    """Same capitals on the letters two inflections share ("Guided Plays" ~ "Guided Play")."""
    wa, wb = re.split(r"[\s‑-]+", a), re.split(r"[\s‑-]+", b)
    return len(wa) == len(wb) and all(x[: min(len(x), len(y))] == y[: min(len(x), len(y))]
                                      for x, y in zip(wa, wb, strict=True))


def _neutral_casing(text: str) -> str:
    """A form seen only in headlines and at sentence starts: keep capitals past the first letter
    ("Lumen Analytics", "HubSpot"), lower a lone first capital ("Pricing" → "pricing")."""
    return text if any(c.isupper() for c in text[1:]) else text[:1].lower() + text[1:]


# ---------------------------------------------------------------- mining


@dataclass(frozen=True)
class _Sentence:
    team: str
    asset: str
    sid: int
    text: str
    blocked: tuple[tuple[int, int], ...]     # URLs, code, avoided phrases and glossary forms
    headline: bool
    entities: tuple[tuple[int, int], ...]    # dates, times and numbers the parser found
    people: tuple[tuple[int, int], ...]      # names of people the parser found
    quotes: tuple[tuple[int, int], ...] = ()  # spans inside quotation marks
    names: tuple[tuple[int, int], ...] = ()  # names of organisations, products, places and people


def mine(docs: Sequence[Document], ctx: Analysis) -> tuple[list[Occurrence], list[Occurrence]]:
    """(candidate occurrences, occurrences of existing glossary terms) in corpus order.

    The parser only discovers which phrases are candidates; they are then counted
    everywhere with the linter's own tokenizer, so the counts are what `msgalign
    check` will see once the entries are pasted, whatever the parser made of a
    sentence.
    """
    nlp = ctx.nlp(ner=True)
    vocabulary: set[tuple[str, ...]] = set()
    known: list[Occurrence] = []
    sentences: list[_Sentence] = []
    for doc in docs:
        refs = ctx.sentences(doc)
        for ref, parsed in zip(refs, nlp.pipe(spacy_texts(s.text for s in refs), batch_size=64), strict=True):
            block = doc.blocks[ref.block]
            blocked = [(s - ref.start, e - ref.start) for s, e in block.protected] + protected_spans(ref.text)
            # Existing glossary forms (and avoided phrases) are blocked too: nothing inside them is
            # a new candidate ("Health Score history" is a compound of a known term).
            forms = ctx.term_index.forms(ref.text, blocked)
            blocked += [(start, end) for start, end, _, _ in forms]
            sentence = _Sentence(
                doc.team, doc.display_path, len(sentences), ref.text, tuple(blocked), _title_case(ref.text),
                tuple((e.start_char, e.end_char) for e in parsed.ents if e.label_ in _TIME_ENTITIES),
                tuple((e.start_char, e.end_char) for e in parsed.ents if e.label_ == "PERSON"),
                _quoted_spans(ref.text),
                tuple((e.start_char, e.end_char) for e in parsed.ents if e.label_ in _NAME_ENTITIES))
            sentences.append(sentence)
            known += [_occurrence(sentence, start, end, entry) for start, end, _, entry in forms
                      if isinstance(entry, Term)]
            vocabulary.update(form_keys(ref.text[s:e]) for s, e in _spans(parsed) if not overlaps(blocked, s, e))
    vocabulary.discard(())
    return [occ for sentence in sentences for occ in _count(sentence, vocabulary)], known


def _count(sentence: _Sentence, vocabulary: set[tuple[str, ...]]) -> list[Occurrence]:
    """Every use of a candidate in one sentence; uses inside a longer candidate are marked nested."""
    text = sentence.text
    tokens = tokenize(text)
    hits: list[tuple[int, int]] = []
    for i in range(len(tokens)):
        for n in range(1, MAX_WORDS + 1):
            j = i + n - 1
            if j >= len(tokens) or (n > 1 and not joinable(text, tokens[j - 1], tokens[j])):
                break
            if tuple(t.key for t in tokens[i : j + 1]) not in vocabulary:
                continue
            start, end = tokens[i].start, tokens[j].end
            if not inside_compound(text, start, tokens[j].start + len(tokens[j].text)) \
                    and not overlaps(sentence.blocked, start, end):
                hits.append((start, end))
    return [_occurrence(sentence, s, e, None, any(o != (s, e) and o[0] <= s and e <= o[1] for o in hits)
                        or (not sentence.headline and _name_fragment(text, s, e)))
            for s, e in hits]


def _name_fragment(text: str, start: int, end: int) -> bool:
    """A capitalised span that is part of a longer capitalised name: "Time Recovery" in "Point in Time
    Recovery", "Rocket" in "Rocket.Chat", "Recovery" in "Point-in-Time Recovery"."""
    if not text[start:start + 1].isupper():
        return False
    if _NAME_AFTER.match(text[end:end + 40]):
        return True
    before = _NAME_BEFORE.search(text[max(0, start - 40):start])
    if before is None:
        return False
    joined = before.group(0)[len(before.group(1)):].strip(" ‑-") != ""
    first_word = not re.search(r"[A-Za-z0-9]", text[: start - len(before.group(0))])
    return joined or not first_word  # "Connect HubSpot": a capitalised first word is no name


def _quoted_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in _QUOTE.finditer(text))


def _occurrence(sentence: _Sentence, start: int, end: int, known: Term | None,
                nested: bool = False) -> Occurrence:
    text = sentence.text[start:end]
    at_start = not re.search(r"[A-Za-z0-9]", sentence.text[:start])
    cased = casing_evidence(text, at_start, sentence.headline)
    return Occurrence(form_keys(text), text, sentence.team, sentence.asset, sentence.sid, cased, known, nested,
                      overlaps(sentence.entities, start, end), overlaps(sentence.people, start, end),
                      any(a <= start and end <= b for a, b in sentence.quotes), overlaps(sentence.names, start, end))


def casing_evidence(text: str, at_start: bool, headline: bool) -> str | None:
    """How the writer cased the phrase, where that was a choice.

    A Title Case line capitalises everything, and a sentence's first word is
    capitalised anyway ("Connect Salesforce in minutes" says nothing about
    "connect"), so only running text counts, plus inner capitals ("HubSpot").
    """
    if headline:
        return None
    if not at_start:
        return text
    return text if any(c.isupper() for c in text.split(" ")[0][1:]) else None


def _spans(parsed: Doc) -> set[tuple[int, int]]:
    """Character spans of candidate phrases in one parsed sentence: noun phrases, names, and the
    shorter noun phrases inside a longer one ("account temperature" in "account temperature column")."""
    groups: list[list[Token]] = []
    for chunk in parsed.noun_chunks:
        current: list[Token] = []
        for tok in chunk:  # split "Salesforce and HubSpot sync", "the CRO's problem"
            if tok.pos_ in _SPLIT_POS or tok.tag_ == "POS" or (tok.pos_ == "PUNCT" and tok.text not in "-‑"):
                groups.append(current)
                current = []
            else:
                current.append(tok)
        groups.append(current)
    run: list[Token] = []
    for tok in parsed:  # product names the parser put in a verb phrase or an adjective slot
        if tok.pos_ == "PROPN" and not tok.is_sent_start:
            run.append(tok)
        else:
            groups.append(run)
            run = []
    groups.append(run)
    spans: set[tuple[int, int]] = set()
    for group in groups:
        toks = _clean(group)
        if not toks:
            continue
        if len(toks) <= MAX_WORDS:
            spans.add(_span(toks))
        for i in range(len(toks)):
            # A phrase of at most MAX_WORDS words once cleaned comes from a slice not much longer (the
            # cleaning drops a few vague words at its ends): bounding j keeps a 10,000-word "noun chunk"
            # in a run-on sentence linear instead of cubic.
            for j in range(i + 1, min(len(toks) - (i == 0), i + 2 * MAX_WORDS + 1)):
                inner = _clean(toks[i : j + 1])
                if inner and 2 <= len(inner) <= MAX_WORDS:
                    spans.add(_span(inner))
    return spans


def _span(toks: list[Token]) -> tuple[int, int]:
    start = toks[0].idx
    return start, start + len(toks[0].doc.text[start : toks[-1].idx + len(toks[-1].text)].rstrip("."))


def _clean(toks: list[Token]) -> list[Token] | None:
    """The phrase without leading determiners, numbers and vague words; None if it is no term."""
    toks = list(toks)
    while toks and _strippable(toks[0]):
        glued = not toks[0].whitespace_
        toks.pop(0)
        while glued and toks and toks[0].idx > 0:  # "30-minute demo": drop the whole "30-minute"
            glued = not toks[0].whitespace_
            toks.pop(0)
    while toks and (toks[-1].pos_ in ("PUNCT", "PART", "SYM") or not _has_letter(toks[-1].text)):
        toks.pop()
    if not toks:
        return None
    if toks[-1].pos_ not in ("NOUN", "PROPN") or any(t.ent_type_ in _DROP_ENTITIES for t in toks):
        return None
    if any(t.like_url or t.like_email or t.like_num or t.lower_.rstrip(".") in _BOILERPLATE for t in toks):
        return None
    start, end = _span(toks)
    return toks if _NAME_TEXT.match(toks[0].doc.text[start:end]) else None


def _strippable(tok: Token) -> bool:
    if not _has_letter(tok.text) or tok.pos_ in _STRIP_POS:
        return True
    if tok.pos_ == "PROPN" or any(c.isupper() for c in tok.text[1:]):
        return False
    return tok.is_stop or tok.lower_ in _VAGUE_MODIFIERS


def _has_letter(text: str) -> bool:
    return any(c.isalpha() for c in text)


def _title_case(sentence: str) -> bool:
    """Headline casing ("Pricing That Grows With You") says nothing about a term's casing."""
    # Every longer word after the first is capitalised, everyday words included: prose dense with
    # terms keeps its verbs in lower case, and a line of names ("Confirm the CRM: Salesforce or
    # Hubspot.") capitalises no everyday word.
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", sentence)[1:] if len(w) > 3]
    return len(words) >= 2 and all(w[0].isupper() for w in words) and any(is_common(w) for w in words)


# ---------------------------------------------------------------- what looks like a term


@lru_cache(maxsize=1)
def _vocabulary_ranks() -> dict[str, int]:
    """The sentence model's WordPiece vocabulary: position ~ frequency in general English."""
    from msgalign.nlp.embed import packaged_model_dir

    try:
        words = (packaged_model_dir() / "vocab.txt").read_text(encoding="utf-8").split("\n")
    except Exception:  # noqa: BLE001 - without it the word lists alone judge what is generic
        return {}
    return {w: i for i, w in enumerate(words) if w.isalpha()}


def is_common(word: str) -> bool:
    """An everyday English word: a stop word, a generic or vague word, or high in the vocabulary."""
    from spacy.lang.en.stop_words import STOP_WORDS

    lower = word.lower().strip("'’")
    if not _has_letter(lower) or lower in STOP_WORDS or lower in _GENERIC or lower in _VAGUE_MODIFIERS:
        return True
    ranks = _vocabulary_ranks()
    singular = lower[:-1] if lower.endswith("s") and not lower.endswith("ss") else lower
    return min(ranks.get(lower, 1 << 30), ranks.get(singular, 1 << 30)) < COMMON_RANK


def looks_like_term(form: Form) -> bool:
    """Specific enough to be terminology rather than everyday prose.

    One word must be a name in running text ("RevOps", "Beacon"): single
    lowercase words are the language itself. A lowercase phrase needs one
    word that is not everyday English ("stage mapping", not "next step").
    """
    words = re.findall(r"[\w'’]+", form.text)
    if form.entity * 2 > form.count or form.person * 2 >= form.count:
        return False  # mostly a date or a number ("Q3", "June"), or a person half the time ("Priya")
    if not words or all(w.lower() in _GENERIC or w.lower() in _VAGUE_MODIFIERS for w in words):
        return False
    if len(words) == 1:
        lower = words[0].lower()
        return form.name_like and lower not in _ORG_WORDS and lower not in _TRADE_ACRONYMS
    return form.name_like or not all(is_common(w) for w in words)


# ---------------------------------------------------------------- grouping


def collect_forms(occurrences: Iterable[Occurrence]) -> list[Form]:
    forms: dict[tuple[str, ...], Form] = {}
    for occ in occurrences:
        if occ.key:
            forms.setdefault(occ.key, Form(occ.key)).add(occ)
    return sorted(forms.values(), key=lambda f: f.key)


def trust_own_names(forms: Iterable[Form], names: Iterable[str]) -> None:
    """The company's and product's own names (the narrative's front matter) are never a person's or
    someone else's, whatever the parser thinks: the small pipeline calls "Zulip" a person 336 times
    in 349 uses."""
    own = {k for name in names for k in form_keys(name) if any(c.isupper() for c in name)}
    own -= {w for w in own if is_common(w)}
    for f in forms:
        if f.key and f.key[0] in own:
            f.person = f.named = 0


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return sorted(out.values())


def spelling_groups(forms: Sequence[Form]) -> list[list[int]]:
    """Forms that are one term by spelling: "HubSpot" / "Hub Spot", "CSM" / "customer success manager".

    (Inflection, casing and hyphens are already one form: they share `form_keys`.)
    """
    union = _Union(len(forms))
    by_joined: dict[str, int] = {}
    initials: dict[str, list[int]] = {}
    for i, f in enumerate(forms):
        by_joined.setdefault("".join(f.key), i)
        union.union(i, by_joined["".join(f.key)])
        if f.words >= 2:
            initials.setdefault("".join(k[0] for k in f.key), []).append(i)
    for i, f in enumerate(forms):
        acronym = max(f.surfaces, key=lambda s: (f.surfaces[s], s))
        if f.words == 1 and _ACRONYM.match(acronym):
            expansions = initials.get(acronym.rstrip("s").lower(), [])
            # An ambiguous acronym stays on its own, and so does one whose only match is a fragment of a
            # longer name, a name that is someone else's, or a phrase seen once in another sentence
            # ("SVP" is not "Stages Vitally Playbook").
            if len(expansions) == 1 and expands(f, forms[expansions[0]]):
                union.union(i, expansions[0])
    return union.groups()


def expands(acronym: Form, expansion: Form) -> bool:
    """Evidence that a phrase with the acronym's initials spells it out."""
    if expansion.someone_elses or acronym.person * 2 > acronym.count or expansion.alone * 3 < expansion.count:
        return False
    together = bool(acronym.sentences & expansion.sentences)  # "row level security (RLS)"
    return together or expansion.alone >= 2


def clipped(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """The same words except that some are clipped ("rev" for "revenue"), and one is the same."""
    if len(a) != len(b):
        return False
    same = clips = 0
    for x, y in zip(a, b, strict=True):
        if x == y:
            same += 1
        elif min(len(x), len(y)) >= 3 and (x.startswith(y) or y.startswith(x)):
            clips += 1
        else:
            return False
    return same >= 1 and clips >= 1


def _nested(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return any(long_[i : i + len(short)] == short for i in range(len(long_) - len(short) + 1))


def related(a: Form, b: Form) -> bool:
    """Could be one concept at all: not used in one sentence, neither contains the other, and
    neither is a one-word name (brands and acronyms are variants by spelling only)."""
    if (a.words == 1 and a.name_like) or (b.words == 1 and b.name_like) or a.someone_elses or b.someone_elses:
        return False
    return not (a.sentences & b.sentences) and not _nested(a.key, b.key)


def swapped_word(a: tuple[str, ...], b: tuple[str, ...]) -> int | None:
    """Where two same-length phrases differ, if in one word only ("precise" / "contextual")."""
    if len(a) != len(b):
        return None
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return diff[0] if len(diff) == 1 and not clipped(a, b) else None


def _word_at(form: Form, at: int) -> str:
    """The word at a position as written (the key is stemmed: "precis" for "precise")."""
    words = re.split(r"[\s‑-]+", form.text.lower())
    return words[at] if len(words) == form.words else form.key[at]


def mergeable(a: Form, b: Form) -> bool:
    """May vectors alone make these one term? (The constraints in the module docstring.)"""
    return related(a, b) and (not (set(a.key) & set(b.key)) or a.key[-1] == b.key[-1])


def cluster(groups: Sequence[Sequence[Form]], vectors: np.ndarray,
            allowed: Callable[[Form, Form], bool] | None = None) -> list[list[int]]:
    """Complete-linkage clusters of groups: every pair close, and every pair allowed to merge."""
    n = len(groups)
    distance = np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0) if n else np.zeros((0, 0))
    np.fill_diagonal(distance, 0.0)
    # Only pairs under the threshold can merge, so only they need the (slower) constraint checks.
    for i, j in zip(*np.nonzero(np.triu(distance < MERGE_DISTANCE, k=1)), strict=True):
        if not all(mergeable(a, b) and (allowed is None or allowed(a, b)) for a in groups[i] for b in groups[j]):
            distance[i, j] = distance[j, i] = 2.0
    if n < 2 or not np.triu(distance < MERGE_DISTANCE, k=1).any():
        return [[i] for i in range(n)]  # nothing to merge: spare the import
    from sklearn.cluster import AgglomerativeClustering

    labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="complete",
                                     distance_threshold=MERGE_DISTANCE).fit_predict(distance)
    out: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        out.setdefault(int(label), []).append(i)
    return sorted(out.values())


# ---------------------------------------------------------------- the suggestion


@dataclass(frozen=True)
class FormStat:
    text: str
    count: int
    teams: tuple[tuple[str, int], ...]   # busiest team first


@dataclass(frozen=True)
class Candidate:
    term: str                              # the canonical form, casing as suggested
    case: str                              # exact | any
    variants: tuple[str, ...]              # the other forms seen, most used first
    count: int
    assets: int
    teams: tuple[tuple[str, int], ...]     # uses per team, busiest first
    forms: tuple[FormStat, ...]            # every form, the canonical one first
    casings: tuple[tuple[str, int], ...]   # running-text casings of the canonical form
    similar: tuple[str, ...] = ()          # other terms worth comparing (not merged)
    other_name: bool = False               # another company's or product's name, always written one way


@dataclass(frozen=True)
class KnownTerm:
    term: str
    count: int
    assets: int
    teams: tuple[tuple[str, int], ...]
    similar: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    candidates: tuple[Candidate, ...]
    known: tuple[KnownTerm, ...]          # glossary terms the corpus uses, not repeated as candidates
    assets: int
    teams: tuple[tuple[str, int], ...]    # assets per team
    yaml_text: str
    others: tuple[Candidate, ...] = ()    # other companies' and products' names, listed, not suggested


def _by_team(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def suggest_glossary(docs: Sequence[Document], ctx: Analysis, *, max_terms: int = 40,
                     min_count: int = 2) -> Suggestion:
    """Candidate terms and their variants, ranked by spread across teams, then frequency."""
    found, known_occ = mine(docs, ctx)
    forms = collect_forms(found)
    if ctx.has_narrative:
        trust_own_names(forms, (ctx.narrative.company, ctx.narrative.product))
    groups = [[forms[i] for i in g] for g in spelling_groups(forms)]
    # A phrase never used on its own is a fragment of a longer one ("Success Plan" only ever in
    # "Mutual Success Plan"), not a term.
    groups = [g for g in groups if any(looks_like_term(f) for f in g)
              and sum(f.alone for f in g) * 3 >= sum(f.count for f in g) and any(f.alone for f in g)]
    groups.sort(key=lambda g: (-sum(f.count for f in g), min(f.key for f in g)))
    groups = groups[:MAX_POOL]
    known_terms = _known_terms(known_occ)
    pool = [f for g in groups for f in g]
    texts = [f.text for f in pool] + [t.term for t, _ in known_terms]
    vectors = ctx.embedder.encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)
    form_vec = {f.key: vectors[i] for i, f in enumerate(pool)}
    groups = _merge_clipped(groups, form_vec)
    group_vecs = (np.stack([_unit(sum(f.count * form_vec[f.key] for f in g)) for g in groups]) if groups
                  else np.zeros((0, vectors.shape[1]), dtype=np.float32))
    clusters = [[f for i in c for f in groups[i]] for c in cluster(groups, group_vecs, _swap_check(ctx))]
    kept = _drop_extensions([c for c in clusters if _keep(c, min_count)])
    ranked = sorted((_candidate(c) for c in kept),
                    key=lambda c: (-len(c.teams), -c.count, -c.assets, c.term.casefold(), c.term))
    # Competitors', customers' and vendors' names that are always written the same way give the linter
    # nothing to check and crowd out the company's own terms: they are listed, not suggested.
    others = tuple(c for c in ranked if c.other_name)
    candidates = [c for c in ranked if not c.other_name]
    candidates = candidates[:max_terms] if max_terms > 0 else []
    candidates, known = _with_hints(candidates, clusters, form_vec, known_terms, vectors[len(pool):])
    team_assets = Counter({d.display_path: d.team for d in docs}.values())
    suggestion = Suggestion(tuple(candidates), tuple(known), sum(team_assets.values()), _by_team(team_assets), "",
                            others[:max_terms])
    return replace(suggestion, yaml_text=render_yaml(suggestion))


def _swap_check(ctx: Analysis) -> Callable[[Form, Form], bool]:
    """Allow a one-word swap only between words of (nearly) the same meaning."""
    cache: dict[str, np.ndarray] = {}

    def allowed(a: Form, b: Form) -> bool:
        at = swapped_word(a.key, b.key)
        if at is None:
            return True
        pair = (_word_at(a, at), _word_at(b, at))
        missing = [w for w in pair if w not in cache]
        if missing:
            cache.update(zip(missing, ctx.embedder.encode(missing), strict=True))
        return 1.0 - float(cache[pair[0]] @ cache[pair[1]]) <= SWAP_DISTANCE

    return allowed


def _unit(v: npt.ArrayLike) -> np.ndarray:
    arr = np.asarray(v, dtype=np.float32)
    norm = float(np.linalg.norm(arr))
    return arr / norm if norm else arr


def _merge_clipped(groups: list[list[Form]], vec: dict[tuple[str, ...], np.ndarray]) -> list[list[Form]]:
    """Join groups with a clipped form of each other ("pipe review" / "pipeline review")."""
    union = _Union(len(groups))
    # Clipped phrases have the same length and share a word in the same place.
    buckets: dict[tuple[int, int, str], list[tuple[int, Form]]] = {}
    for i, group in enumerate(groups):
        for f in group:
            for at, word in enumerate(f.key):
                buckets.setdefault((f.words, at, word), []).append((i, f))
    for members in buckets.values():
        for x, (i, a) in enumerate(members):
            for j, b in members[x + 1 :]:
                if i != j and clipped(a.key, b.key) and related(a, b) \
                        and 1.0 - float(vec[a.key] @ vec[b.key]) <= CLIPPED_DISTANCE:
                    union.union(i, j)
    return [[f for i in g for f in groups[i]] for g in union.groups()]


def _keep(forms: Sequence[Form], min_count: int) -> bool:
    """Recurs, and is shared (two assets) or is a name someone chose to capitalise."""
    count = sum(f.count for f in forms)
    assets = set().union(*(f.assets for f in forms))
    return count >= min_count and (len(assets) >= 2 or any(f.name_like for f in forms))


def _drop_extensions(clusters: list[list[Form]]) -> list[list[Form]]:
    """Drop a candidate that is another one plus everyday words: "B2B SaaS companies" next to
    "B2B SaaS", "Beacon ships" (a misparsed verb) next to "Beacon". A capitalised extension
    of a phrase is a name of its own ("Mutual Success Plan" is not "Success Plan")."""
    tops = [_order(c)[0] for c in clusters]

    def extends(long_: Form, short: Form) -> bool:
        if long_.words <= short.words or not _nested(long_.key, short.key):
            return False
        at = next(i for i in range(long_.words) if long_.key[i : i + short.words] == short.key)
        words = re.split(r"[\s‑-]+", long_.text)
        extra = words[:at] + words[at + short.words :] if len(words) == long_.words else []
        if short.words == 1 and short.name_like:  # "connect Salesforce", "Beacon ships"
            return bool(extra) and all(w.islower() for w in extra)
        return bool(extra) and all(is_common(w) and w.islower() for w in extra)

    return [c for c, top in zip(clusters, tops, strict=True)
            if not any(extends(top, other) for other in tops if other is not top)]


def _order(forms: Sequence[Form]) -> list[Form]:
    """Most used first; ties go to the form marketing uses, then the alphabet."""
    return sorted(forms, key=lambda f: (-f.count, "marketing" not in f.teams, f.text.casefold(), f.text))


def _candidate(forms: Sequence[Form]) -> Candidate:
    ordered = _order(forms)
    top = ordered[0]
    term = top.text
    exact = any(c.isupper() for c in term) and top.casing_share >= DOMINANT_CASING
    teams: Counter[str] = Counter()
    for f in forms:
        teams.update(f.teams)
    casings = Counter({s: top.casing_votes(s) for s in top.cased})
    unique_casings: dict[str, int] = {}
    for s, n in sorted(casings.items(), key=lambda kv: (-kv[1], kv[0])):
        if not any(_same_casing(s, seen) for seen in unique_casings):
            unique_casings[s] = n
    variants = tuple(dict.fromkeys(f.text for f in ordered[1:] if f.text.casefold() != term.casefold()))
    named = sum(f.named for f in forms) * 2 > sum(f.count for f in forms)
    # Acronyms stay: the parser tags "TA" and "SDR" as organisations, but they are the teams' own words.
    # and so do names with an everyday word in them ("Mutual Success Plan" is tagged as an organisation).
    one_way = len(forms) == 1 and len(unique_casings) <= 1 and all(f.name_like for f in forms) \
        and not _ACRONYM.match(term) and not any(is_common(w) for w in re.findall(r"[\w'’]+", term))
    return Candidate(
        term=term,
        case="exact" if exact else "any",
        variants=variants,
        count=sum(f.count for f in forms),
        assets=len(set().union(*(f.assets for f in forms))),
        teams=_by_team(teams),
        forms=tuple(FormStat(f.text, f.count, _by_team(f.teams)) for f in ordered),
        casings=tuple(unique_casings.items()),
        other_name=named and one_way,
    )


def _known_terms(occurrences: Sequence[Occurrence]) -> list[tuple[Term, Form]]:
    by_term: dict[str, tuple[Term, Form]] = {}
    for occ in occurrences:
        if occ.known is not None:
            by_term.setdefault(occ.known.term, (occ.known, Form(form_keys(occ.known.term))))[1].add(occ)
    return sorted(by_term.values(), key=lambda tf: (-len(tf[1].teams), -tf[1].count, tf[0].term))


def _with_hints(candidates: list[Candidate], clusters: Sequence[Sequence[Form]],
                vec: dict[tuple[str, ...], np.ndarray], known: Sequence[tuple[Term, Form]],
                known_vecs: np.ndarray) -> tuple[list[Candidate], list[KnownTerm]]:
    """Pairs closer than unrelated terms usually are, but not merged: the reviewer decides.

    A hint may point at a form too rare to be suggested itself ("revenue hub", used
    5× in one sales deck, next to "Revenue Workspace"): that is where variants hide.
    """
    by_term = {_order(c)[0].text: c for c in clusters}
    shown = [c.term for c in candidates]
    others = sorted(set(by_term) - set(shown))
    entries: list[tuple[str, Sequence[Form], np.ndarray]] = [
        (term, by_term[term], _unit(sum(f.count * vec[f.key] for f in by_term[term]))) for term in shown + others]
    entries += [(t.term, [form], known_vecs[i]) for i, (t, form) in enumerate(known)]
    first_known = len(entries) - len(known)

    def label(j: int) -> str:
        term, forms, _ = entries[j]
        if j < len(shown) or j >= first_known:
            return term
        teams: Counter[str] = Counter()
        for f in forms:
            teams.update(f.teams)
        return f"{term} ({sum(f.count for f in forms)}×: {', '.join(t for t, _ in _by_team(teams))})"

    def hints(index: int) -> tuple[str, ...]:
        _, forms, v = entries[index]
        scored = []
        for j, (_, other_forms, w) in enumerate(entries):
            if j == index or (j >= first_known and index >= first_known):
                continue  # two glossary terms are the glossary's business
            if 1.0 - float(v @ w) <= HINT_DISTANCE and all(related(a, b) for a in forms for b in other_forms):
                scored.append((-float(v @ w), label(j)))
        return tuple(text for _, text in sorted(scored)[:3])

    out = [replace(c, similar=hints(i)) for i, c in enumerate(candidates)]
    known_out = [KnownTerm(t.term, form.count, len(form.assets), _by_team(form.teams), hints(first_known + i))
                 for i, (t, form) in enumerate(known)]
    return out, known_out


# ---------------------------------------------------------------- YAML


def _scalar(text: str) -> str:
    """A YAML scalar: plain when that is unambiguous, else a JSON (= YAML) double-quoted string."""
    if _PLAIN_YAML.match(text) and text.lower() not in _YAML_WORDS and ": " not in text and " #" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _uses(count: int, assets: int, teams: Sequence[tuple[str, int]]) -> str:
    spread = ", ".join(f"{team} {n}" for team, n in teams)
    return f"seen {count}× in {assets} asset{'s' if assets != 1 else ''}: {spread}"


def render_yaml(s: Suggestion) -> str:
    """Glossary YAML (SPEC §2.2) with the evidence as comments; the same corpus gives the same bytes."""
    teams = ", ".join(f"{team} {n}" for team, n in s.teams)
    lines = [
        f"# Glossary suggestions mined by `msgalign glossary suggest` from {s.assets} "
        f"asset{'s' if s.assets != 1 else ''}{f' ({teams})' if teams else ''}.",
        "# Ranked by how many teams use a term, then by how often it is used.",
        "#",
        "# How to review:",
        "#   1. Delete entries that are not your terminology (names of people, customers, slogans).",
        "#   2. Check each `term`: it is the form most used. `variants` are the other forms seen; the",
        "#      linter will flag them, so delete any that names a different thing. `case: exact` means",
        "#      one casing dominates and other casings will be flagged too.",
        "#   3. Lines marked `compare:` are similar terms that were NOT merged; merge by hand if they",
        "#      name the same thing (move one into the other's `variants`).",
        "#   4. Write each definition: one sentence a new hire would understand.",
        "#   5. Paste the entries under `terms:` in glossary/*.yml and run `msgalign check`.",
    ]
    if not s.candidates:
        lines += ["", "terms: []  # no recurring, specific terms found; try more assets or --min-count 1"]
    else:
        lines += ["", "terms:"]
    for c in s.candidates:
        lines.append(f"  # {_uses(c.count, c.assets, c.teams)}")
        if len(c.forms) > 1:
            lines.append("  # forms: " + "; ".join(
                f"{f.text} {f.count}× ({', '.join(t for t, _ in f.teams)})" for f in c.forms))
        if len(c.casings) > 1:
            lines.append("  # casings in running text: " + ", ".join(f"{t} {n}" for t, n in c.casings))
        if c.similar:
            lines.append("  # compare: " + ", ".join(c.similar))
        lines.append(f"  - term: {_scalar(c.term)}")
        lines.append('    definition: ""  # TODO: one sentence a new hire would understand')
        if c.variants:
            lines.append(f"    variants: [{', '.join(_scalar(v) for v in c.variants)}]")
        lines.append(f"    case: {c.case}")
        lines.append("")
    if s.others:
        lines += ["", "# Names of other companies and products, always written the same way, so not suggested",
                  "# (paste one if you want its casing or a definition in the glossary):"]
        lines += [f"#   {c.term}: {_uses(c.count, c.assets, c.teams)}" for c in s.others]
    if s.known:
        lines += ["", "# Already in the glossary, so not suggested again:"]
        for k in s.known:
            hint = f"; compare: {', '.join(k.similar)}" if k.similar else ""
            lines.append(f"#   {k.term}: {_uses(k.count, k.assets, k.teams)}{hint}")
    # Comments quote asset text (forms, team names from front matter): one line each, no control
    # characters, so nothing in an asset can end a comment and write YAML of its own.
    return "\n".join(printable(line) for line in lines).rstrip("\n") + "\n"


def suggest_for_workspace(paths: Sequence[Path], config: Config, *, use_cache: bool = True,
                          jobs: int | None = None, progress: Progress | None = None,
                          max_terms: int = 40, min_count: int = 2) -> tuple[Suggestion, list[Finding]]:
    """Read the corpus (default: the configured one) and suggest; unreadable files come back as findings."""
    from msgalign.engine import read_assets
    from msgalign.workspace.discovery import collect_files, workspace_glossary

    files = collect_files(paths or config.corpus, config)
    docs, problems = read_assets(files, config, jobs=jobs or config.jobs, progress=progress)
    ctx = Analysis(config, workspace_glossary(config), docs, use_cache=use_cache)
    return suggest_glossary(docs, ctx, max_terms=max_terms, min_count=min_count), problems
