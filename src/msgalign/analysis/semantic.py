"""Unlisted names for a glossary term (TM003): phrases that behave like the term across the corpus.

A rename is a phrase used *instead of* the term: in the term's place in the
sentence and in the same contexts across the corpus, usually by other assets
or teams. "The sentence is about the term's topic" is not evidence (on real
pages every on-topic sentence has noun phrases near every definition), so
candidates are filtered hard before anything is scored:

- names of people, companies, products and places are never candidates
  (spaCy's entities, capitalised words mid-sentence, quote attributions);
- a phrase in a sentence that already uses the term (or contrasts itself
  with it: "not X but Y", "X vs Y") is not its rename;
- generic phrases ("business days", "next step") and people nouns for a term
  that is not a role are dropped.

A surviving (phrase, term) pair is scored on: how the phrase relates to the
term as a string (a truncation or expansion of it, one word swapped, or
nothing shared), the phrase's similarity to the term and its definition, the
kind of thing its head noun names, and distributional evidence: the contexts
of the phrase's occurrences across the corpus (the sentence with the phrase
masked) against the contexts of the term's own occurrences (or its
definition when the corpus barely uses it), compared with every other term;
and the writer's own gloss ("a job sheet: the work performed, ...") against
the definitions. Each kind of evidence has bars that must all be met (GATES).

Measured by holding glossary variants out (eval/eval_semantic.py): on real
pages precision 0.86 at recall 0.55 (Sourcegraph) and 1.00 at 0.56 (Zulip);
with the shipped glossaries no finding on the three real workspaces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from msgalign.analysis.resources import Resources
from msgalign.errors import NarrativeError
from msgalign.glossary.types import Term
from msgalign.nlp.pipeline import spacy_text, spacy_texts
from msgalign.text.match import form_keys
from msgalign.text.spans import overlaps
from msgalign.types import Document

FEATURES = ("expansion", "truncation", "swap", "name", "definition", "kind", "context", "margin")
THRESHOLD = 0.5          # the score a (phrase, term) pair needs
MASK = "this"            # what a phrase or term is replaced with to read its context
PREFILTER = 0.3         # a phrase this far from a term (and from what the term is) is not read further
MAX_CONTEXTS = 20        # occurrences of one phrase or term whose contexts are read

# Head nouns that name people or groups: such a phrase can only rename a term that is one too.
PEOPLE = frozenset("""team teams staff people person director directors manager managers rep reps representative
representatives lead leads executive executives owner owners member members customer customers user users partner
partners vendor vendors department group groups crew crews employee employees leader leaders colleague colleagues
founder founders buyer buyers champion champions officer officers analyst analysts agent agents admin admins
administrator administrators technician technicians specialist specialists coordinator coordinators dispatchers
dispatcher engineer engineers developer developers advisor advisors adviser consultant consultants expert experts
contributor contributors maintainer maintainers student students company companies organization organizations
org orgs startup startups client clients seller sellers marketer marketers""".split())
# Modifiers that say nothing about which thing is meant ("a clear next step", "our own tool").
GENERIC_MODIFIERS = frozenset("""new other own many more most several various specific certain clear whole entire
full same different such main great good better best first last next few each every all any some real simple easy
quick fast single additional overall current existing potential possible important typical actual general common
particular initial final big small large larger largest huge little high low top major minor extra further usual
previous recent latest early late old much total average free open modern traditional basic advanced
dedicated right wrong ongoing multiple prior interesting organized substantive complex active optional
strategic individual temporary worthy senior junior""".split())
# Heads that are too general to be anyone's name for a glossary concept.
GENERIC_HEADS = frozenset("""thing things way ways lot lots kind kinds type types part parts case cases example
examples number numbers time times day days week weeks month months year years step steps set sets level levels
area areas point points bit bits end ends side sides issue issues question questions problem problems thing idea
ideas fact facts reason reasons result results option options place places stuff matter matters job jobs work
change changes item items detail details aspect aspects feature features value values need needs goal goals
information info data process processes approach approaches experience experiences hour hours minute minutes
percent share term terms word words name names page pages section sections list lists link links description
descriptions summary summaries definition definitions overview note notes tip tips""".split())
NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
                           "LANGUAGE"})
_SKIP_POS = frozenset({"DET", "PRON", "NUM", "PUNCT", "SYM", "CCONJ", "ADP", "PART", "SPACE", "X", "AUX", "VERB",
                       "ADV", "INTJ", "SCONJ"})
_ATTRIBUTION_BEFORE = re.compile(r"\b(?:said|says|say|explains|explained|adds|added|notes|noted|according to|"
                                 r"recalls|recalled|told|tells|writes|wrote|by|from|with|thanks to|"
                                 r"continues|continued)\s*[,:]?\s*$", re.IGNORECASE)
_ATTRIBUTION_AFTER = re.compile(r"^\s*(?:,|\(|–|—|-)\s*(?:the\s+|our\s+|a\s+)?(?:[A-Z]{2,5}\b|VP|SVP|EVP|head|"
                                r"director|manager|founder|co-founder|cofounder|engineer|lead|president|vice|"
                                r"chief|senior|staff|principal|partner|owner|member|developer|architect|"
                                r"software|product|who\b|said\b|says\b)", re.IGNORECASE)
# Words that set two things against each other: a phrase in such a sentence is compared with, not named as.
_CONTRAST = re.compile(r"\b(?:vs\.?|versus|unlike|instead of|rather than|compared (?:to|with)|as opposed to|"
                       r"alternative to|not\b[^.;]{1,60}\bbut\b|replaces?|replaced|switch(?:ed|ing)? from|"
                       r"moved? from|migrat\w+ from|formerly|previously)\b", re.IGNORECASE)


@dataclass(frozen=True)
class SemanticHit:
    doc_path: str
    block: int
    start: int          # offsets in the block's text
    end: int
    phrase: str
    term: Term
    context: float      # the phrase's contexts vs the term's, across the corpus
    similarity: float   # phrase vs term
    score: float        # the pair's score (0-1)
    evidence: str = ""  # the kind of evidence that decided: a key of GATES


def head(phrase: str) -> str:
    """The head of an English noun phrase: its last word (candidates end in a noun)."""
    words = re.findall(r"[\w]+(?:[-'’][\w]+)*", phrase)
    return re.sub(r"['’]s?$", "", words[-1]) if words else phrase


def genus(definition: str, nlp) -> str:  # type: ignore[no-untyped-def]
    """The kind of thing a definition says the term is: 'The shared *screen* where ...'."""
    for chunk in nlp(spacy_text(definition)).noun_chunks:
        return str(chunk.root.text)
    return head(definition)


def is_brand(term: Term) -> bool:
    """A product or company name ('QuickBooks', 'Beacon'): one capitalised word, exact case.

    A generic description of a brand ("accounting system" for QuickBooks) is
    not a rival name for it; brands are checked by TM001/TM002 only.
    """
    words = term.term.split()
    return term.case == "exact" and len(words) == 1 and term.term[:1].isupper()


def relation(phrase: tuple[str, ...], term: tuple[str, ...]) -> str:
    """How a phrase's word keys relate to a term's: '' when they share no structure.

    expansion: the phrase ends with the whole term ("universal code search" for "code search");
    truncation: the phrase is the term with words left out, same head ("account manager");
    swap: the same length, one word different ("private message" for "direct message").
    """
    if not phrase or not term or phrase == term:
        return ""
    n, m = len(phrase), len(term)
    if n > m and phrase[-m:] == term:
        return "expansion"
    if 2 <= n < m and phrase[-1] == term[-1] and _subsequence(phrase, term):
        return "truncation"
    if n == m >= 2 and sum(a != b for a, b in zip(phrase, term, strict=True)) == 1:
        return "swap"
    return ""


def _subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    it = iter(long)
    return all(word in it for word in short)


@dataclass(frozen=True)
class TermVectors:
    terms: tuple[Term, ...]
    names: np.ndarray
    definitions: np.ndarray
    kinds: np.ndarray      # per term: (genus vector, head vector)
    people: np.ndarray     # whether each term names people (its head or genus is a person noun)
    name_keys: tuple[tuple[str, ...], ...]
    definition_keys: tuple[frozenset[str], ...]
    approved: frozenset[tuple[str, ...]]  # phrases the narrative itself uses
    brand_keys: frozenset[str] = field(default=frozenset())  # words of brand terms (company, product names)
    # A brand's definition is the glossary's own description of the company or product: phrases made of
    # its words ("HVAC contractors" for "a platform for HVAC and plumbing contractors") describe, not rename.
    brand_definitions: tuple[frozenset[str], ...] = ()


def term_vectors(res: Resources) -> TermVectors:
    """The glossary's terms (brands aside) with their name, definition and kind vectors."""
    terms = tuple(t for t in res.glossary.terms if t.definition and not is_brand(t))
    brands = frozenset(k for t in res.glossary.terms if is_brand(t) for k in form_keys(t.term))
    if not terms:
        empty = np.zeros((0, 1))
        return TermVectors((), empty, empty, empty, np.zeros(0, bool), (), (), frozenset(), brands)
    genera = res.cached_by_text(f"genus:v1:{res.config.spacy_pipeline}", [t.definition for t in terms],
                                lambda miss: [genus(d, res.nlp()) for d in miss])
    vecs = res.embedder.encode([t.term for t in terms] + [t.definition for t in terms]
                               + list(genera) + [head(t.term) for t in terms])
    n = len(terms)
    people = np.array([head(t.term).lower() in PEOPLE or g.lower() in PEOPLE
                       for t, g in zip(terms, genera, strict=True)])
    kinds = np.stack([vecs[2 * n : 3 * n], vecs[3 * n :]], axis=1)
    return TermVectors(terms, vecs[:n], vecs[n : 2 * n], kinds, people,
                       tuple(form_keys(t.term) for t in terms),
                       tuple(frozenset(form_keys(t.definition)) for t in terms),
                       _narrative_phrases(res), brands,
                       tuple(frozenset(form_keys(t.definition)) for t in res.glossary.terms
                             if t.definition and is_brand(t)))


def _narrative_phrases(res: Resources) -> frozenset[tuple[str, ...]]:
    """Every 1-4 word sequence of the narrative: approved language is never a rival name."""
    try:
        narrative = res.narrative
    except NarrativeError:  # TM003 works without a narrative, just with fewer exclusions
        return frozenset()
    text = " ".join([narrative.company, narrative.product, narrative.icp, narrative.positioning,
                     *(p.name + " " + p.description + " " + " ".join(x.text for x in p.proof_points)
                       for p in narrative.pillars)])
    keys = form_keys(text)
    return frozenset(tuple(keys[i : i + n]) for n in (1, 2, 3, 4) for i in range(len(keys) - n + 1))


# --- parsing ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tok:
    """The parts of a spaCy token TM003 reads, as plain (cacheable) values."""

    idx: int
    text: str
    pos: str
    tag: str
    dep: str
    ent: str


def parse(texts: list[str], res: Resources) -> list[tuple[list[_Tok], list[tuple[int, int]]]]:
    """Each text's tokens and noun chunks (token ranges), parsed once and cached on disk by text hash."""

    def compute(miss: list[str]) -> list[Any]:
        nlp = res.nlp(ner=True)
        with nlp.select_pipes(disable=[p for p in ("lemmatizer",) if p in nlp.pipe_names]):
            return [[[[t.idx, t.text, t.pos_, t.tag_, t.dep_, t.ent_type_] for t in doc],
                     [[c.start, c.end] for c in doc.noun_chunks]]
                    for doc in nlp.pipe(spacy_texts(miss), batch_size=128)]

    rows = res.cached_by_text(f"tm003-parse:v1:{res.config.spacy_pipeline}", texts, compute)
    return [([_Tok(*t) for t in toks], [(int(a), int(b)) for a, b in chunks]) for toks, chunks in rows]


# --- candidates ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Occurrence:
    doc: Document
    sentence: int   # index into res.sentences(doc)
    start: int      # offsets in the sentence
    end: int
    text: str
    blocked: frozenset[int]  # terms (indexes) this occurrence cannot rename: they are in its sentence


def _title_case(tokens: list[_Tok]) -> bool:
    """A heading or a title: most words capitalised, so capitals say nothing about names."""
    words = [t for t in tokens if t.text[:1].isalpha()]
    return bool(words) and sum(t.text[:1].isupper() for t in words) >= 0.6 * len(words)


def _trim(toks: list[_Tok], brands: frozenset[str]) -> list[_Tok]:
    """The naming part of a noun chunk: no determiners, numbers, possessors, maker's names or generic
    modifiers in front ("our Sourcegraph universal code search" -> "universal code search")."""
    for k in range(len(toks) - 1, -1, -1):  # "the customer's Health Score": only what follows the possessive
        if toks[k].tag == "POS":
            toks = toks[k + 1 :]
            break
    while toks and (toks[0].pos in _SKIP_POS or toks[0].tag in ("JJR", "JJS", "PRP$")
                    or toks[0].text.lower() in GENERIC_MODIFIERS or _after_number(toks)
                    or (len(toks) > 1 and form_keys(toks[0].text)[:1] and form_keys(toks[0].text)[0] in brands)):
        toks = toks[1:]
    return toks


def _after_number(toks: list[_Tok]) -> bool:
    """'30-day plan': the first word is a unit glued to a number before the chunk."""
    return bool(re.fullmatch(r"(?:day|week|month|year|minute|hour|second|step|point|person|seat)s?",
                             toks[0].text, re.IGNORECASE)) and len(toks) > 1


def _name_like(toks: list[_Tok], sentence: str, start: int, end: int, title: bool,
               term_words: frozenset[str], named: bool = False) -> bool:
    """Whether the phrase is a name of someone or something (never a candidate)."""
    for t in toks:
        if (t.ent in NAME_ENTITIES and not named and form_keys(t.text)[:1]
                and form_keys(t.text)[0] not in term_words):
            return True
        if title or t.idx == 0:
            continue
        upper = t.text[:1].isupper()
        acronym = t.text.isupper() and len(t.text) <= 5
        if (upper or t.pos == "PROPN") and not acronym and not (form_keys(t.text) and
                                                                 form_keys(t.text)[0] in term_words):
            if not (named and toks[-1].text[:1].isupper()):  # "Universal Code Search": the term, capitalised
                return True
    return bool(_ATTRIBUTION_BEFORE.search(sentence[:start]) and toks[0].text[:1].isupper()
                or _ATTRIBUTION_AFTER.match(sentence[end:]) and toks[0].text[:1].isupper())


def _candidates(docs: Sequence[Document], res: Resources, tv: TermVectors) -> list[_Occurrence]:
    """Noun phrases of 1-4 words in the corpus that could be a term's unlisted name."""
    todo = [(d, i) for d in docs for i, s in enumerate(res.sentences(d)) if s.words >= 2]
    texts = [res.sentences(d)[i].text for d, i in todo]
    index = {t.term: k for k, t in enumerate(tv.terms)}
    term_words = frozenset(k for keys in tv.name_keys for k in keys)
    out: list[_Occurrence] = []
    for (doc, i), (toks, chunks) in zip(todo, parse(texts, res), strict=True):
        ref = res.sentences(doc)[i]
        block = doc.blocks[ref.block]
        forms = [(s, e, index.get(entry.term)) for s, e, kind, entry in res.term_index.forms(ref.text)
                 if isinstance(entry, Term)]
        contrast = bool(_CONTRAST.search(ref.text))
        title = _title_case(toks)
        for a, b in chunks:
            kept = _trim(toks[a:b], tv.brand_keys)
            if not 1 <= len(kept) <= 4 or kept[-1].pos not in ("NOUN", "PROPN"):
                continue
            if any(t.pos in _SKIP_POS for t in kept):
                continue
            spans = [kept]
            if len(kept) > 1 and kept[-1].pos == "NOUN" and kept[-1].text.islower():
                spans.append(kept[-1:])  # "the right stream": the head alone may rename a one-word term
            for span in spans:
                occ = _occurrence(doc, i, ref.text, span, forms, tv, title, term_words, contrast)
                if occ is not None and not block.is_protected(ref.start + occ.start, ref.start + occ.end):
                    out.append(occ)
    return out


def _occurrence(doc: Document, i: int, sentence: str, span: list[_Tok],
                forms: list[tuple[int, int, int | None]], tv: TermVectors, title: bool,
                term_words: frozenset[str], contrast: bool) -> _Occurrence | None:
    start, end = span[0].idx, span[-1].idx + len(span[-1].text)
    phrase = sentence[start:end]
    keys = form_keys(phrase)
    if start and sentence[start - 1] in "-‐‑/":
        return None  # the tail of a hyphenated word: "line" of "one-line"
    if (not keys or keys in tv.approved or keys in tv.name_keys or head(phrase).lower() in GENERIC_HEADS
            or len(keys[-1]) < 3):
        return None
    inside = [f for f in forms if f[0] >= start and f[1] <= end]
    if _name_like(span, sentence, start, end, title, term_words, bool(inside)):
        return None
    if any(s <= start and e >= end for s, e, _ in forms):
        return None  # it is a glossary form (or inside one)
    if any(overlaps([(s, e)], start, end) for s, e, k in forms if (s, e, k) not in inside):
        return None  # it overlaps a glossary form without containing it
    if inside and not (len(inside) == 1 and inside[0][1] == end):
        return None  # it contains a form that is not its head: "Code Search results" is about Code Search
    blocked = frozenset(k for s, e, k in forms if k is not None and (s, e, k) not in inside)
    if contrast and forms:  # "X vs Y": every term named here is compared, not renamed
        blocked |= frozenset(k for s, e, k in forms if k is not None and (s, e, k) not in inside)
    return _Occurrence(doc, i, start, end, phrase, blocked)


# --- scoring ---------------------------------------------------------------------------------------


# A gloss opens like a definition: "X, the ...", "X: a ...", "X (which ...)".
_GLOSS = re.compile(r"\s*(?:,|:|\(|—|–| - )\s*(?=(?:the|a|an|which|that|where|i\.e\.)\s)", re.IGNORECASE)


def gloss(sentence: str, end: int) -> str:
    """What the writer says the phrase is, right after it: "a job sheet: the work performed, ..."."""
    m = _GLOSS.match(sentence, end)
    if m is None:
        return ""
    text = sentence[m.end() :].strip()
    return text if len(text.split()) >= 4 else ""


def _masked(sentence: str, start: int, end: int) -> str:
    return sentence[:start] + MASK + sentence[end:]


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v


def _term_contexts(docs: Sequence[Document], res: Resources, tv: TermVectors) -> tuple[list[str], list[int]]:
    """The masked sentences the terms occur in (at most MAX_CONTEXTS per term), with their term index."""
    index = {t.term: k for k, t in enumerate(tv.terms)}
    texts: list[str] = []
    owners: list[int] = []
    seen: dict[int, int] = {}
    for doc in docs:
        for ref in res.sentences(doc):
            if ref.words < 4:
                continue
            for s, e, kind, entry in res.term_index.forms(ref.text):
                k = index.get(entry.term) if isinstance(entry, Term) and kind in ("term", "variant") else None
                if k is None or seen.get(k, 0) >= MAX_CONTEXTS:
                    continue
                seen[k] = seen.get(k, 0) + 1
                texts.append(_masked(ref.text, s, e))
                owners.append(k)
    return texts, owners


# Per kind of evidence: (feature, least value) pairs that must all hold. A pair's score is the
# logistic of its weakest margin over these bars, so it is >= 0.5 exactly when every bar is met.
GATES: dict[str, tuple[tuple[str, float], ...]] = {
    # the term with a word more, used again and again in the term's contexts: "universal code search"
    "expansion": (("uses", 2), ("context", 0.6), ("margin", 0.0)),
    # the term with words left out, same head: "account manager" for "technical account manager"
    "truncation": (("context", 0.6), ("margin", 0.0)),
    # one word swapped: close to the term and in its contexts, closer than to any other term's
    "swap": (("name", 0.55), ("context", 0.75), ("margin", 0.03)),
    # no word shared, seen across the corpus where the term would be: "streams" for "channel"
    "usage": (("uses", 3), ("name", 0.5), ("kind", 0.5), ("context", 0.65), ("margin", 0.05)),
    # no word shared, in a sentence that restates the term's definition and no other's
    # no word shared, and the writer glosses the phrase with the term's definition: "a job sheet: the ..."
    "definition": (("kind", 0.3), ("gloss", 0.5), ("gloss_margin", 0.05)),
    "definition-swap": (("meaning", 0.4), ("sentence", 0.6), ("sentence_margin", 0.1)),
}
_SCALE = {"uses": 1.0, "name": 0.1, "kind": 0.1, "context": 0.1, "margin": 0.05, "meaning": 0.1,
          "sentence": 0.1, "sentence_margin": 0.05, "gloss": 0.1, "gloss_margin": 0.05}


def score(ev: PairEvidence) -> float:
    """How well the pair meets the bars of its kind of evidence (0-1; 0.5 = just meets them).

    A phrase that keeps the term's structure (truncation, expansion, one word
    swapped) needs its contexts to be the term's; a phrase that shares no
    words with the term needs more: the term's contexts across the corpus, or
    a sentence that restates the term's definition, and the same kind of thing.
    """
    values = {"uses": float(len(ev.occurrences)), "name": ev.name, "kind": ev.kind, "context": ev.context,
              "margin": ev.margin, "meaning": max(ev.name, ev.definition), "sentence": ev.sentence,
              "sentence_margin": ev.sentence_margin, "gloss": ev.gloss, "gloss_margin": ev.gloss_margin}
    routes = [ev.relation or "usage", "definition-swap" if ev.relation == "swap" else "definition"]
    weakest = {r: min((values[f] - bar) / _SCALE[f] for f, bar in GATES[r]) for r in routes}
    ev.route = max(routes, key=lambda r: weakest[r])
    return float(1.0 / (1.0 + np.exp(-2.0 * weakest[ev.route])))


@dataclass
class PairEvidence:
    """Everything TM003 knows about one (phrase, term) pair; the evaluation reads these."""

    phrase: str
    keys: tuple[str, ...]
    term: int
    relation: str
    name: float
    definition: float
    kind: float
    context: float
    margin: float
    occurrences: list[_Occurrence]
    sentence: float = 0.0          # best sentence of the phrase vs the term's definition
    sentence_margin: float = 0.0   # ... minus that sentence's best other definition
    gloss: float = 0.0             # the writer's gloss of the phrase ("a job sheet: the work ...") vs the definition
    gloss_margin: float = 0.0      # ... minus the gloss's best other definition
    score: float = 0.0
    route: str = ""                # the kind of evidence that decided (a key of GATES)


def pair_evidence(docs: Sequence[Document], res: Resources, tv: TermVectors) -> list[PairEvidence]:
    """Every (phrase, term) pair that passed the filters, with its evidence and score."""
    if not tv.terms:
        return []
    occurrences = _candidates(docs, res, tv)
    groups: dict[tuple[str, ...], list[_Occurrence]] = {}
    for occ in occurrences:
        groups.setdefault(form_keys(occ.text), []).append(occ)
    if not groups:
        return []
    keys = list(groups)
    shown = [groups[k][0].text for k in keys]
    vecs = res.embedder.encode(shown + [head(p) for p in shown])
    phrase_vecs, head_vecs = vecs[: len(keys)], vecs[len(keys) :]
    name_sim = phrase_vecs @ tv.names.T
    def_sim = phrase_vecs @ tv.definitions.T
    kind = np.maximum(head_vecs @ tv.kinds[:, 0].T, head_vecs @ tv.kinds[:, 1].T)
    single = np.array([len(k) == 1 for k in tv.name_keys])
    # A part of a listed name belongs to that name's concept: "code intelligence" (of the variant
    # "code intelligence platform") is never another term's rename.
    owned: dict[tuple[str, ...], set[int]] = {}
    for t, term in enumerate(tv.terms):
        for form in (term.term, *term.variants):
            fk = form_keys(form)
            for n in range(1, len(fk)):
                for i in range(len(fk) - n + 1):
                    owned.setdefault(fk[i : i + n], set()).add(t)
    glossed = [any(gloss(res.sentences(o.doc)[o.sentence].text, o.end) for o in groups[k]) for k in keys]
    # Cheap pass: which pairs are worth reading contexts for.
    todo: list[tuple[int, int, str]] = []
    for p, k in enumerate(keys):
        if any(set(k) <= words for words in tv.brand_definitions):
            continue
        phrase_people = head(shown[p]).lower() in PEOPLE
        for t in range(len(tv.terms)):
            if len(k) == 1 and not single[t]:
                continue  # one word renames only a one-word term
            if phrase_people != bool(tv.people[t]) or (k in owned and t not in owned[k]):
                continue
            rel = relation(k, tv.name_keys[t])
            extra = [w for w in k if w not in tv.name_keys[t]]
            if rel == "expansion" and all(w in GENERIC_MODIFIERS for w in extra):
                continue
            usable = [o for o in groups[k] if t not in o.blocked]
            if not usable:
                continue
            if rel or kind[p, t] >= PREFILTER and (glossed[p] or max(name_sim[p, t], def_sim[p, t]) >= PREFILTER):
                todo.append((p, t, rel))
    if not todo:
        return []
    uses = {p: len(groups[keys[p]]) for p, _, _ in todo}

    def needs_context(p: int, t: int, rel: str) -> bool:
        """Only pairs whose other evidence already meets their bars are worth reading contexts for."""
        if rel == "expansion":
            return uses[p] >= 2
        if rel == "swap":
            return bool(name_sim[p, t] >= 0.55)
        return rel == "truncation" or bool(uses[p] >= 3 and name_sim[p, t] >= 0.5 and kind[p, t] >= 0.5)

    # Distributional evidence: the contexts of each phrase against each term's.
    wanted = sorted({p for p, t, rel in todo if needs_context(p, t, rel)})
    term_texts, owners = _term_contexts(docs, res, tv) if wanted else ([], [])
    phrase_texts: list[str] = []
    spans: dict[int, tuple[int, int]] = {}
    for p in wanted:
        first = groups[keys[p]][:MAX_CONTEXTS]
        spans[p] = (len(phrase_texts), len(phrase_texts) + len(first))
        phrase_texts += [_masked(res.sentences(o.doc)[o.sentence].text, o.start, o.end) for o in first]
    # The writer's own gloss of a phrase, and (for one-word swaps) its sentences: read without contexts.
    glosses = {id(o): text for p, _, _ in todo for o in groups[keys[p]]
               if (text := gloss(res.sentences(o.doc)[o.sentence].text, o.end))}
    swapped = {id(o): res.sentences(o.doc)[o.sentence].text for p, _, rel in todo if rel == "swap"
               for o in groups[keys[p]]}
    vecs = res.embedder.encode(term_texts + phrase_texts + list(glosses.values()) + list(swapped.values()))
    n_ctx = len(term_texts) + len(phrase_texts)
    gloss_vecs = dict(zip(glosses, vecs[n_ctx : n_ctx + len(glosses)], strict=True))
    sentence_vecs = dict(zip(swapped, vecs[n_ctx + len(glosses) :], strict=True))
    term_ctx, phrase_ctx = vecs[: len(term_texts)], vecs[len(term_texts) : n_ctx]
    owner = np.array(owners, dtype=int)
    centroids = []
    for t in range(len(tv.terms)):
        rows = term_ctx[owner == t] if len(owner) else np.zeros((0, tv.definitions.shape[1]))
        # A term the corpus barely uses is known by its definition too.
        weight = max(0, 3 - len(rows))
        mean = (rows.sum(axis=0) if len(rows) else 0) + weight * tv.definitions[t]
        centroids.append(_unit(np.asarray(mean, dtype=float)))
    centre = np.stack(centroids)
    out = []
    for p, t, rel in todo:
        usable = [o for o in groups[keys[p]] if t not in o.blocked]
        ev = PairEvidence(shown[p], keys[p], t, rel, float(name_sim[p, t]), float(def_sim[p, t]),
                          float(kind[p, t]), 0.0, -1.0, usable)
        if p in spans:
            a, b = spans[p]
            sims = _unit(phrase_ctx[a:b].mean(axis=0)) @ centre.T
            ev.context, ev.margin = float(sims[t]), _margin(sims, t)
        for attr, table in (("gloss", gloss_vecs), ("sentence", sentence_vecs)):
            rows = [table[id(o)] for o in usable if id(o) in table]
            if rows:
                sims = np.stack(rows) @ tv.definitions.T
                row = int(np.argmax(sims[:, t]))
                setattr(ev, attr, float(sims[row, t]))
                setattr(ev, attr + "_margin", _margin(sims[row], t))
        ev.score = score(ev)
        out.append(ev)
    return out


def _margin(sims: np.ndarray, t: int) -> float:
    """How much closer to term t than to the closest other term."""
    others = np.delete(sims, t)
    return float(sims[t] - (others.max() if len(others) else 0.0))


def find_semantic_hits(docs: Sequence[Document], res: Resources, tv: TermVectors,
                       threshold: float = THRESHOLD) -> dict[str, list[SemanticHit]]:
    """TM003 hits for each document, by display path. The documents are done in one pass
    (the evidence is corpus-wide), so callers pass the whole corpus at once."""
    found: dict[str, list[SemanticHit]] = {d.display_path: [] for d in docs}
    best: dict[tuple[str, ...], PairEvidence] = {}
    for ev in pair_evidence(docs, res, tv):  # one term per phrase: the best-scored
        if ev.keys not in best or ev.score > best[ev.keys].score:
            best[ev.keys] = ev
    for ev in best.values():
        if ev.score < threshold:
            continue
        term = tv.terms[ev.term]
        for o in ev.occurrences:
            if not term.applies_to(o.doc.team):
                continue
            ref = res.sentences(o.doc)[o.sentence]
            found[o.doc.display_path].append(SemanticHit(
                o.doc.display_path, ref.block, ref.start + o.start, ref.start + o.end, o.text, term,
                ev.context, ev.name, ev.score, ev.route))
    for hits in found.values():
        hits.sort(key=lambda h: (h.block, h.start))
    return found
