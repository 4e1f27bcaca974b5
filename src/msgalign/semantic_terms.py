"""Unlisted phrases that mean a glossary term (TM003), found with sentence embeddings.

Measured on eval/data/semantic_variants.yml with all-MiniLM-L6-v2: a phrase
compared with a term alone does not separate true variants from look-alikes
(mean 0.32 vs 0.34), but the sentence around the phrase compared with the
term's definition does (0.52 vs 0.29), and so does the sentence with the
phrase masked. Words shared with the term are a warning sign, not evidence.
A small logistic scorer over these signals, fitted on that labelled set
(eval/eval_semantic.py --fit), decides; its threshold favours precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .analysis import doc_sentences, sentence_vectors
from .context import Context
from .glossary import Term
from .model import Document
from .termmatch import form_keys

FEATURES = ("context", "masked_context", "phrase_definition", "phrase_term", "top_term", "margin", "shared_word",
            "kind")
# Head nouns that name people or groups: such a phrase can only rename a term that is one too.
PEOPLE = frozenset("""team teams staff people person director directors manager managers rep reps representative
lead leads executive executives owner owners member members customer customers user users partner partners
vendor vendors department group groups crew crews employee employees leader leaders colleague colleagues
founder founders buyer buyers champion champions officer officers analyst analysts agent agents admin admins
technician technicians specialist specialists coordinator coordinators dispatcher dispatchers""".split())
# Fitted by eval/eval_semantic.py --fit (intercept first, then FEATURES in order).
COEFFICIENTS = (-5.4187, 5.0511, 3.3784, 1.6366, 2.3791, 0.0006, 0.6969, -2.0921, 3.0206)
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


def masked(sentence: str, start: int, end: int) -> str:
    """The sentence with the phrase replaced by a neutral placeholder."""
    return sentence[:start] + "this" + sentence[end:]


def head(phrase: str) -> str:
    """The head of an English noun phrase: its last word (candidates end in a noun)."""
    words = re.findall(r"[\w]+(?:[-'’][\w]+)*", phrase)
    return re.sub(r"['’]s?$", "", words[-1]) if words else phrase


def genus(definition: str, nlp) -> str:  # type: ignore[no-untyped-def]
    """The kind of thing a definition says the term is: 'The shared *screen* where ...'."""
    for chunk in nlp(definition).noun_chunks:
        return str(chunk.root.text)
    return head(definition)


def features(sentence_vec: np.ndarray, masked_vec: np.ndarray, phrase_vec: np.ndarray,
             names: np.ndarray, definitions: np.ndarray, shared: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """One row of FEATURES per glossary term for one candidate phrase.

    `kind`: similarity of the phrase's head noun to what the term is (its
    definition's genus or its own head): a "maintenance subscription" can be a
    service agreement (a contract); an "accounting system" cannot be a screen.
    """
    context = definitions @ sentence_vec
    masked_context = definitions @ masked_vec
    phrase_definition = definitions @ phrase_vec
    phrase_term = names @ phrase_vec
    fit = context + masked_context + phrase_definition
    best = np.argmax(fit)
    top = np.zeros(len(fit))
    top[best] = 1.0
    others = np.array([np.max(np.delete(fit, i)) if len(fit) > 1 else 0.0 for i in range(len(fit))])
    return np.stack([context, masked_context, phrase_definition, phrase_term, top, fit - others,
                     shared.astype(float), kind], axis=1)


def probability(rows: np.ndarray, coefficients: Sequence[float] = COEFFICIENTS) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(rows @ np.asarray(coefficients[1:]) + coefficients[0])))


def kind_vectors(embedder, terms: Sequence[Term], nlp) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Per term, (genus vector, head vector): what kind of thing the term is."""
    vecs = embedder.encode([genus(t.definition, nlp) for t in terms] + [head(t.term) for t in terms])
    return np.stack([vecs[: len(terms)], vecs[len(terms):]], axis=1)


def kind_similarity(head_vec: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    return np.maximum(kinds[:, 0] @ head_vec, kinds[:, 1] @ head_vec)


def pair_features(embedder, terms: Sequence[Term], sentence: str, start: int, end: int, nlp) -> np.ndarray:  # type: ignore[no-untyped-def]
    """FEATURES for one phrase against every term (the evaluation's entry point)."""
    phrase = sentence[start:end]
    n = len(terms)
    vecs = embedder.encode([sentence, masked(sentence, start, end), phrase, head(phrase)]
                           + [t.term for t in terms] + [t.definition for t in terms])
    keys = frozenset(form_keys(phrase))
    shared = np.array([bool(keys & frozenset(form_keys(t.term))) for t in terms])
    kind = kind_similarity(vecs[3], kind_vectors(embedder, terms, nlp))
    return features(vecs[0], vecs[1], vecs[2], vecs[4 : 4 + n], vecs[4 + n :], shared, kind)


@dataclass(frozen=True)
class _TermVectors:
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


def _term_vectors(ctx: Context) -> _TermVectors:
    def build() -> _TermVectors:
        terms = tuple(t for t in ctx.glossary.terms if t.definition and not is_brand(t))
        vecs = ctx.embedder.encode([t.term for t in terms] + [t.definition for t in terms])
        n = len(terms)
        nlp = ctx.nlp(("ner", "lemmatizer"))
        people = np.array([head(t.term).lower() in PEOPLE or genus(t.definition, nlp).lower() in PEOPLE
                           for t in terms])
        return _TermVectors(terms, vecs[:n], vecs[n:], kind_vectors(ctx.embedder, terms, nlp), people,
                            tuple(frozenset(form_keys(t.term)) for t in terms),
                            tuple(frozenset(form_keys(t.definition)) for t in terms),
                            _narrative_phrases(ctx))

    return ctx.memo("term-vectors", build)


def _narrative_phrases(ctx: Context) -> frozenset[tuple[str, ...]]:
    """Every 1-4 word sequence of the narrative: approved language is never a rival name."""
    try:
        narrative = ctx.narrative
    except Exception:  # noqa: BLE001 - TM003 works without a narrative, just with fewer exclusions
        return frozenset()
    text = " ".join([narrative.company, narrative.product, narrative.icp, narrative.positioning,
                     *(p.name + " " + p.description + " " + " ".join(x.text for x in p.proof_points)
                       for p in narrative.pillars)])
    keys = form_keys(text)
    return frozenset(tuple(keys[i : i + n]) for n in (1, 2, 3, 4) for i in range(len(keys) - n + 1))


def semantic_hits(doc: Document, ctx: Context) -> list[SemanticHit]:
    """TM003 hits for one document (memoised: TM004 reads them too)."""
    return ctx.memo(f"semantic-hits:{doc.display_path}", lambda: _find(doc, ctx))


_NAME_LIKE = re.compile(r"^[\w][\w'’-]*(?:\s+[\w][\w'’-]*){1,3}$")


def _candidates(doc: Document, ctx: Context, todo: list[int]) -> list[tuple[int, int, int]]:
    """Noun phrases of 2-4 content words in the given sentences: (sentence, start, end)."""
    sentences = doc_sentences(doc, ctx)
    nlp = ctx.nlp(("ner", "lemmatizer"))
    out = []
    for i, parsed in zip(todo, nlp.pipe([sentences[i].text for i in todo], batch_size=64)):
        text = sentences[i].text
        block = doc.blocks[sentences[i].block]
        taken = [(s, e) for s, e, _, _ in ctx.term_index.forms(text)]
        approved = _term_vectors(ctx).approved
        for chunk in parsed.noun_chunks:
            toks = list(chunk)
            while toks and toks[0].pos_ in _SKIP_POS | {"ADJ"} and toks[0].pos_ != "PROPN" and not (
                    toks[0].pos_ == "ADJ" and len(toks) > 2):
                toks.pop(0)
            if not 2 <= len(toks) <= 4 or any(t.pos_ in _SKIP_POS for t in toks) or toks[-1].pos_ not in ("NOUN", "PROPN"):
                continue
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            if not _NAME_LIKE.match(text[start:end]) or any(start < e and s < end for s, e in taken):
                continue
            if form_keys(text[start:end]) in approved:
                continue
            if block.is_protected(sentences[i].start + start, sentences[i].start + end):
                continue
            out.append((i, start, end))
    return out


def _find(doc: Document, ctx: Context) -> list[SemanticHit]:
    tv = _term_vectors(ctx)
    sentences = doc_sentences(doc, ctx)
    if not tv.terms or not sentences:
        return []
    threshold = ctx.threshold("TM003", THRESHOLD)
    context = sentence_vectors(doc, ctx) @ tv.definitions.T
    todo = [i for i, s in enumerate(sentences) if s.words >= 4 and context[i].max() >= PREFILTER]
    if not todo:
        return []
    candidates = _candidates(doc, ctx, todo)
    if not candidates:
        return []
    texts = [sentences[i].text[s:e] for i, s, e in candidates]
    n = len(candidates)
    vecs = ctx.embedder.encode(texts + [masked(sentences[i].text, s, e) for i, s, e in candidates]
                               + [head(t) for t in texts])
    phrase_vecs, masked_vecs, head_vecs = vecs[:n], vecs[n : 2 * n], vecs[2 * n :]
    sent_vecs = sentence_vectors(doc, ctx)
    best: list[tuple[int, int, float, SemanticHit]] = []
    for k, (i, start, end) in enumerate(candidates):
        keys = frozenset(form_keys(texts[k]))
        shared = np.array([bool(keys & nk) for nk in tv.name_keys])
        rows = features(sent_vecs[i], masked_vecs[k], phrase_vecs[k], tv.names, tv.definitions, shared,
                        kind_similarity(head_vecs[k], tv.kinds))
        probs = probability(rows)
        is_people = head(texts[k]).lower() in PEOPLE
        for t, term in enumerate(tv.terms):
            # Words from a term's own definition describe it; they don't rename it.
            # A team or a person can only rename a term that names people too.
            if not term.applies_to(doc.team) or keys <= tv.definition_keys[t] or is_people != tv.people[t]:
                probs[t] = 0.0
        t = int(np.argmax(probs))
        if probs[t] >= threshold:
            s = sentences[i]
            carried = float(rows[t, 0] - rows[t, 1])  # how much the phrase itself carries the meaning
            best.append((i, t, carried, SemanticHit(
                doc.display_path, s.block, s.start + start, s.start + end, texts[k],
                tv.terms[t], float(rows[t, 0]), float(rows[t, 3]), float(probs[t]))))
    # One sentence rarely names one concept twice: keep, per sentence and term, the
    # phrase whose masking lowers the sentence's similarity to the definition most.
    kept: dict[tuple[int, int], tuple[float, SemanticHit]] = {}
    for i, t, carried, hit in best:
        if (i, t) not in kept or carried > kept[(i, t)][0]:
            kept[(i, t)] = (carried, hit)
    return [hit for _, hit in sorted(kept.values(), key=lambda x: (x[1].block, x[1].start))]
