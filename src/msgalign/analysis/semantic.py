"""Unlisted phrases that mean a glossary term (TM003), found with sentence embeddings.

Measured on eval/data/semantic_variants.yml with all-MiniLM-L6-v2: a phrase
compared with a term alone does not separate true variants from look-alikes
(mean 0.32 vs 0.34), but the sentence around the phrase compared with the
term's definition does (0.52 vs 0.29). Words shared with the term are a warning sign, not evidence.
A small logistic scorer over these signals, fitted on that labelled set
(eval/eval_semantic.py --fit), decides; its threshold favours precision.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from msgalign.analysis.resources import Resources
from msgalign.errors import NarrativeError
from msgalign.glossary.types import Term
from msgalign.nlp.pipeline import spacy_text, spacy_texts
from msgalign.text.match import form_keys
from msgalign.text.spans import overlaps
from msgalign.types import Document

FEATURES = ("context", "phrase_definition", "phrase_term", "top_term", "margin", "shared_word", "kind")
# Head nouns that name people or groups: such a phrase can only rename a term that is one too.
PEOPLE = frozenset("""team teams staff people person director directors manager managers rep reps representative
lead leads executive executives owner owners member members customer customers user users partner partners
vendor vendors department group groups crew crews employee employees leader leaders colleague colleagues
founder founders buyer buyers champion champions officer officers analyst analysts agent agents admin admins
technician technicians specialist specialists coordinator coordinators dispatcher dispatchers""".split())
# Fitted by eval/eval_semantic.py --fit (intercept first, then FEATURES in order).
COEFFICIENTS = (-4.8606, 7.3748, 0.9178, 2.2217, 0.0554, 0.9718, -2.065, 2.8161)
THRESHOLD = 0.60         # probability a candidate needs; precision matters more than recall
PREFILTER = 0.30         # a sentence this far from every definition is not parsed at all
_SKIP_POS = {"DET", "PRON", "NUM", "PUNCT", "SYM", "CCONJ", "ADP", "PART", "SPACE", "X", "AUX", "VERB"}


@dataclass(frozen=True)
class SemanticHit:
    doc_path: str
    block: int
    start: int          # offsets in the block's text
    end: int
    phrase: str
    term: Term
    context: float      # sentence vs definition
    similarity: float   # phrase vs term
    score: float        # the scorer's probability


def head(phrase: str) -> str:
    """The head of an English noun phrase: its last word (candidates end in a noun)."""
    words = re.findall(r"[\w]+(?:[-'’][\w]+)*", phrase)
    return re.sub(r"['’]s?$", "", words[-1]) if words else phrase


def genus(definition: str, nlp) -> str:  # type: ignore[no-untyped-def]
    """The kind of thing a definition says the term is: 'The shared *screen* where ...'."""
    for chunk in nlp(spacy_text(definition)).noun_chunks:
        return str(chunk.root.text)
    return head(definition)


def features(sentence_vec: np.ndarray, phrase_vec: np.ndarray,
             names: np.ndarray, definitions: np.ndarray, shared: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """One row of FEATURES per glossary term for one candidate phrase.

    `kind`: similarity of the phrase's head noun to what the term is (its
    definition's genus or its own head): a "maintenance subscription" can be a
    service agreement (a contract); an "accounting system" cannot be a screen.
    """
    context = definitions @ sentence_vec
    phrase_definition = definitions @ phrase_vec
    phrase_term = names @ phrase_vec
    fit = context + phrase_definition
    best = np.argmax(fit)
    top = np.zeros(len(fit))
    top[best] = 1.0
    others = np.array([np.max(np.delete(fit, i)) if len(fit) > 1 else 0.0 for i in range(len(fit))])
    return np.stack([context, phrase_definition, phrase_term, top, fit - others,
                     shared.astype(float), kind], axis=1)


def probability(rows: np.ndarray, coefficients: Sequence[float] = COEFFICIENTS) -> np.ndarray:
    logits: np.ndarray = rows @ np.asarray(coefficients[1:]) + coefficients[0]
    probabilities: np.ndarray = 1.0 / (1.0 + np.exp(-logits))
    return probabilities


def kind_vectors(embedder, terms: Sequence[Term], genera: Sequence[str]) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Per term, (genus vector, head vector): what kind of thing the term is."""
    vecs = embedder.encode(list(genera) + [head(t.term) for t in terms])
    return np.stack([vecs[: len(terms)], vecs[len(terms):]], axis=1)


def kind_similarity(head_vec: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    genus: np.ndarray = kinds[:, 0] @ head_vec
    own_head: np.ndarray = kinds[:, 1] @ head_vec
    best: np.ndarray = np.maximum(genus, own_head)
    return best


def pair_features(embedder, terms: Sequence[Term], sentence: str, start: int, end: int, nlp) -> np.ndarray:  # type: ignore[no-untyped-def]
    """FEATURES for one phrase against every term (the evaluation's entry point)."""
    phrase = sentence[start:end]
    n = len(terms)
    vecs = embedder.encode([sentence, phrase, head(phrase)] + [t.term for t in terms] + [t.definition for t in terms])
    keys = frozenset(form_keys(phrase))
    shared = np.array([bool(keys & frozenset(form_keys(t.term))) for t in terms])
    kind = kind_similarity(vecs[2], kind_vectors(embedder, terms, [genus(t.definition, nlp) for t in terms]))
    return features(vecs[0], vecs[1], vecs[3 : 3 + n], vecs[3 + n :], shared, kind)


@dataclass(frozen=True)
class TermVectors:
    terms: tuple[Term, ...]
    names: np.ndarray
    definitions: np.ndarray
    kinds: np.ndarray
    people: np.ndarray  # whether each term names people (its head or genus is a person noun)
    name_keys: tuple[frozenset[str], ...]
    definition_keys: tuple[frozenset[str], ...]
    approved: frozenset[tuple[str, ...]]  # phrases the narrative itself uses


def is_brand(term: Term) -> bool:
    """A product or company name ('QuickBooks', 'Beacon'): one capitalised word, exact case.

    A generic description of a brand ("accounting system" for QuickBooks) is
    not a rival name for it; brands are checked by TM001/TM002 only.
    """
    words = term.term.split()
    return term.case == "exact" and len(words) == 1 and term.term[:1].isupper()


def term_vectors(res: Resources) -> TermVectors:
    """The glossary's terms (brands aside) with their name, definition and kind vectors."""
    terms = tuple(t for t in res.glossary.terms if t.definition and not is_brand(t))
    vecs = res.embedder.encode([t.term for t in terms] + [t.definition for t in terms])
    n = len(terms)
    genera = res.cached_by_text(f"genus:v1:{res.config.spacy_pipeline}", [t.definition for t in terms],
                                lambda miss: [genus(d, res.nlp()) for d in miss])
    people = np.array([head(t.term).lower() in PEOPLE or g.lower() in PEOPLE
                       for t, g in zip(terms, genera, strict=True)])
    return TermVectors(terms, vecs[:n], vecs[n:], kind_vectors(res.embedder, terms, genera), people,
                       tuple(frozenset(form_keys(t.term)) for t in terms),
                       tuple(frozenset(form_keys(t.definition)) for t in terms),
                       _narrative_phrases(res))


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


_NAME_LIKE = re.compile(r"^[\w][\w'’-]*(?:\s+[\w][\w'’-]*){1,3}$")


@dataclass(frozen=True)
class _Candidate:
    doc: Document
    sentence: int   # index into Analysis.sentences(doc)
    start: int      # offsets in the sentence
    end: int
    text: str


class _Tok(NamedTuple):
    """The parts of a spaCy token TM003 reads, as plain (cacheable) values."""

    idx: int
    text: str
    pos_: str


def noun_chunks(texts: list[str], res: Resources) -> list[list[list[_Tok]]]:
    """Each text's noun chunks, parsed once and cached on disk by text hash."""

    def parse(miss: list[str]) -> list[Any]:
        nlp = res.nlp()
        with nlp.select_pipes(disable=[p for p in ("lemmatizer",) if p in nlp.pipe_names]):
            return [[[[t.idx, t.text, t.pos_] for t in chunk] for chunk in doc.noun_chunks]
                    for doc in nlp.pipe(spacy_texts(miss), batch_size=128)]

    rows = res.cached_by_text(f"noun-chunks:v1:{res.config.spacy_pipeline}", texts, parse)
    return [[[_Tok(*t) for t in chunk] for chunk in chunks] for chunks in rows]


def _candidates(todo: list[tuple[Document, int]], res: Resources, approved: frozenset[tuple[str, ...]],
                ) -> list[_Candidate]:
    """Noun phrases of 2-4 content words in the given sentences, not glossary forms."""
    texts = [res.sentences(d)[i].text for d, i in todo]
    out = []
    for (doc, i), chunks in zip(todo, noun_chunks(texts, res), strict=True):
        ref = res.sentences(doc)[i]
        block = doc.blocks[ref.block]
        taken = [(s, e) for s, e, _, _ in res.term_index.forms(ref.text)]
        for chunk in chunks:
            toks = list(chunk)
            while toks and toks[0].pos_ in _SKIP_POS | {"ADJ"} and toks[0].pos_ != "PROPN" and not (
                    toks[0].pos_ == "ADJ" and len(toks) > 2):
                toks.pop(0)
            if (not 2 <= len(toks) <= 4 or any(t.pos_ in _SKIP_POS for t in toks)
                    or toks[-1].pos_ not in ("NOUN", "PROPN")):
                continue
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            phrase = ref.text[start:end]
            if not _NAME_LIKE.match(phrase) or overlaps(taken, start, end):
                continue
            if form_keys(phrase) in approved or block.is_protected(ref.start + start, ref.start + end):
                continue
            out.append(_Candidate(doc, i, start, end, phrase))
    return out


def find_semantic_hits(docs: Sequence[Document], res: Resources, tv: TermVectors,
                       threshold: float = THRESHOLD) -> dict[str, list[SemanticHit]]:
    """TM003 hits for each document, by display path: the documents are done in one
    pass (one spaCy pipe, one encode call), so callers pass the whole corpus at once."""
    found: dict[str, list[SemanticHit]] = {d.display_path: [] for d in docs}
    if not tv.terms:
        return found
    # Only sentences that are about some term go through the parser: a cheap prefilter.
    todo: list[tuple[Document, int]] = []
    context: dict[str, np.ndarray] = {}
    for doc in docs:
        context[doc.display_path] = res.sentence_vectors(doc) @ tv.definitions.T
        todo += [(doc, i) for i, s in enumerate(res.sentences(doc))
                 if s.words >= 4 and context[doc.display_path][i].max() >= PREFILTER]
    candidates = _candidates(todo, res, tv.approved) if todo else []
    if not candidates:
        return found
    # A brand's definition is the glossary's own description of the company or product: phrases made of
    # its words ("HVAC contractors" for "a platform for HVAC and plumbing contractors") describe, not rename.
    brand_words = [frozenset(form_keys(t.definition)) for t in res.glossary.terms if t.definition and is_brand(t)]
    n = len(candidates)
    vecs = res.embedder.encode([c.text for c in candidates] + [head(c.text) for c in candidates])
    kept: dict[tuple[str, int, int], tuple[float, SemanticHit]] = {}
    for k, c in enumerate(candidates):
        keys = frozenset(form_keys(c.text))
        shared = np.array([bool(keys & nk) for nk in tv.name_keys])
        sentence_vec = res.sentence_vectors(c.doc)[c.sentence]
        rows = features(sentence_vec, vecs[k], tv.names, tv.definitions, shared,
                        kind_similarity(vecs[n + k], tv.kinds))
        probs = probability(rows)
        is_people = head(c.text).lower() in PEOPLE
        if any(keys <= words for words in brand_words):
            continue
        for t, term in enumerate(tv.terms):
            # Words from a term's own definition describe it; they don't rename it.
            # A team or a person can only rename a term that names people too.
            if not term.applies_to(c.doc.team) or keys <= tv.definition_keys[t] or is_people != tv.people[t]:
                probs[t] = 0.0
        t = int(np.argmax(probs))
        if probs[t] < threshold:
            continue
        ref = res.sentences(c.doc)[c.sentence]
        hit = SemanticHit(c.doc.display_path, ref.block, ref.start + c.start, ref.start + c.end, c.text,
                          tv.terms[t], float(rows[t, 0]), float(rows[t, 2]), float(probs[t]))
        # One sentence rarely names one concept twice: keep, per sentence and term,
        # the phrase that is itself closest to the term's definition.
        key = (c.doc.display_path, c.sentence, t)
        if key not in kept or rows[t, 1] > kept[key][0]:
            kept[key] = (float(rows[t, 1]), hit)
    for _, hit in kept.values():
        found[hit.doc_path].append(hit)
    for hits in found.values():
        hits.sort(key=lambda h: (h.block, h.start))
    return found
