"""Every quantitative claim of a run, against the proof points and each other.

Every claim of the run is extracted once (from the shared sentences), and the
metric text of every claim and every proof point is encoded in one batch;
the CL rules read the same `ClaimIndex`. A claim matches another when both
have the same unit family and their metric score (embedding similarity,
steadied by shared lemmas) reaches the rule's threshold.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from msgalign.analysis.resources import Resources
from msgalign.nlp.cache import code_fingerprint
from msgalign.nlp.pipeline import spacy_texts
from msgalign.text.claims import (
    capitalised_words,
    comparable,
    compatible,
    reads_as_result,
    reads_as_someone_elses,
    reads_as_target,
)
from msgalign.text.quantities import STOPWORDS, Claim, extract_claims
from msgalign.types import Block, Document, Location
from msgalign.workspace.narrative import ProofPoint

# Lemmas that carry no metric: what is left of units and framing words.
_GENERIC = frozenset("percent pct x time times average number customer-facing".split())
# Derivational endings folded away so "renewal" meets "renew" and "reduction" meets "reduce".
_FOLD = re.compile(r"(?:ations?|ments?|als?|ity|ions?)$")


def metric_lemmas(texts: Sequence[str], nlp: object) -> list[frozenset[str]]:
    """Content-word lemmas of each metric text, folded, for the lexical signal."""
    out: list[frozenset[str]] = []
    for doc in nlp.pipe(spacy_texts(texts)):  # type: ignore[attr-defined]
        words = set()
        for tok in doc:
            if tok.is_stop or tok.is_punct or tok.like_num or not tok.text[:1].isalpha():
                continue
            lemma = tok.lemma_.lower()
            if lemma in STOPWORDS or lemma in _GENERIC or len(lemma) < 2:
                continue
            folded = _FOLD.sub("", lemma)
            words.add(folded if len(folded) >= 4 else lemma)
        out.append(frozenset(words))
    return out


def lexical_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared lemmas over the smaller set: a short metric inside a long one still counts."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


# Chosen on eval/claims.yml (eval/eval_claims.py --sweep) with the CL rules' match threshold 0.5:
# same-metric precision 0.84, recall 0.81 on 79 labelled pairs.
LEXICAL_WEIGHT = 0.3      # share of the metric score that comes from shared lemmas


def metric_text(claim: Claim) -> str:
    """What is embedded for a claim: the words next to the number first, then its clause.

    The key words lead so that the measured thing ("expansion revenue",
    "customers renew") weighs more than the rest of the clause.
    """
    return f"{claim.key}. {claim.metric}" if claim.key and claim.key != claim.metric else claim.metric


def metric_score(cosine: float, overlap: float, weight: float = LEXICAL_WEIGHT) -> float:
    """One number for "same metric": the embedding similarity, steadied by shared words.

    Embeddings catch paraphrase ("renewal rate" / "customers renew"); shared
    lemmas keep apart metrics that embed alike but name different things
    ("support tickets fall" / "time-to-first-deal falls").
    """
    return (1 - weight) * cosine + weight * overlap


# Proof points this close to the best match are as good as it: if any of them
# agrees with the asset's number, the number is not a conflict.
TIE_MARGIN = 0.05


@dataclass(frozen=True)
class ClaimSite:
    """A claim where it stands: the asset, the block, and offsets in the block's text."""

    doc: Document
    block: int
    start: int
    end: int
    sentence: str
    claim: Claim
    result: bool
    target: bool = False              # a goal, bar or limit ("get to 50% by day 60"), not a result
    subjects: frozenset[str] = frozenset()  # who the sentence is about: names other than the company's

    @property
    def location(self) -> Location:
        return self.doc.span_location(self.doc.blocks[self.block], self.start, self.end)

    def where(self) -> str:
        loc = self.location
        if loc.line is not None:
            return f"{self.doc.display_path}:{loc.line}"
        return f"{self.doc.display_path} ({loc.describe()})"


@dataclass(frozen=True)
class ProofClaim:
    proof: ProofPoint
    where: str  # "narrative.md:31"
    claim: Claim
    subjects: frozenset[str] = frozenset()  # the customer or other name the proof point is about


_WORD = re.compile(r"[A-Za-z][\w-]*")
_STOP = frozenset(w.casefold() for w in STOPWORDS)


def _lowercase_words(texts: Sequence[str]) -> set[str]:
    return {w for t in texts for w in _WORD.findall(t) if w[:1].islower()}


def names_in(texts: Sequence[str], own: frozenset[str]) -> frozenset[str]:
    """The names a text uses, other than the company's and its products': words it writes with a capital
    in two places at least, one of them inside a sentence, and never in lowercase ("Workiva", "Nutanix",
    "Rust"; not "Batch", "Reduce", a heading's "Time")."""
    common = _lowercase_words(texts)
    seen: dict[str, int] = {}
    inside: set[str] = set()
    for text in texts:
        for sentence in re.split(r"(?<=[.!?:])\s+", text):
            words = capitalised_words(sentence)
            for n, w in enumerate(words):
                seen[w] = seen.get(w, 0) + 1
                if n > 0 or not sentence.lstrip(" \t\"“'‘(*_#>-").startswith(w):
                    inside.add(w)
    return frozenset(w for w, n in seen.items()
                     if n >= 2 and w in inside and w.casefold() not in own and _fold(w) not in own
                     and w.lower() not in common)


def subjects_of(sentence: str, names: frozenset[str]) -> frozenset[str]:
    """The names (see `names_in`) a sentence mentions."""
    return frozenset(w for w in capitalised_words(sentence) if w in names)


def _fold(word: str) -> str:
    w = word.casefold()
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def own_names(res: Resources) -> frozenset[str]:
    """The company's, the product's and the glossary terms' words, casefolded: never someone else's name."""
    words: set[str] = set()
    if res.has_narrative:
        n = res.narrative
        # Names only: "Supabase (Postgres development platform)" names Supabase and Postgres, not "platform".
        words.update(w.casefold() for w in re.findall(r"[A-Z][\w-]*", f"{n.company} {n.product}"))
    for entry in res.glossary.terms:
        words.update(w.casefold() for w in _WORD.findall(entry.term))
    return frozenset(words | {_fold(w) for w in words})


@dataclass(frozen=True)
class ProofMatch:
    proof: ProofClaim
    score: float


_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "first": 1, "two": 2, "second": 2, "three": 3, "third": 3, "four": 4,
                 "fourth": 4, "five": 5, "six": 6, "twelve": 12}
_PERIOD = re.compile(r"(?i)\b(\d+|a|an|one|first|two|second|three|third|four|fourth|five|six|twelve)?\s*"
                     r"(?:[a-z]+\s+){0,1}?(day|week|month|quarter|year|sprint)s?\b(?:\s+(one|two|three|four|1|2|3|4))?")


def _period_key(period: str) -> tuple[int, str] | None:
    m = _PERIOD.search(period)
    if m is None:
        return None
    count = m.group(1) or m.group(3) or "1"
    n = int(count) if count.isdigit() else _NUMBER_WORDS.get(count.casefold(), 1)
    return n, m.group(2).casefold()


def _same_period(a: Claim, b: Claim) -> bool:
    """Both claims over the same period, when both name one ("in two quarters" is not "in the first year";
    "in the first year" is "in year one")."""
    if not a.period or not b.period:
        return True
    ka, kb = _period_key(a.period), _period_key(b.period)
    return ka is None or kb is None or ka == kb


def _context(doc: Document, index: int) -> str:
    """What a thin block leans on: the earlier cells of its table row, or its section title.

    A proof table's "Cut by 45%" only means something next to its row header
    "Time-to-first-deal"; `extract_claims` uses this only when the sentence
    itself names too little.
    """
    block = doc.blocks[index]
    if block.kind != "table_cell":
        return block.section
    row = _row(block)
    cells: list[str] = []
    for earlier in reversed(doc.blocks[:index]):
        if earlier.kind != "table_cell" or earlier.section_index != block.section_index:
            break
        if row is None:  # rows unknown (HTML cells on lines of their own): the cell before will do
            cells.insert(0, earlier.text)
            break
        if _row(earlier) != row:
            break
        cells.insert(0, earlier.text)
    return " ".join(cells) or block.section


def _row(block: Block) -> object | None:
    """A key shared by the cells of one table row, when the reader says which row."""
    where = block.location.block or ""
    if "row" in where:
        return re.sub(r",?\s*cell \d+\s*$", "", where)
    if block.location.line is not None and block.location.line == block.location.end_line:
        return block.location.line  # a Markdown row is one line
    return None


_NAME_LABELS = frozenset({"ORG", "PERSON", "GPE", "PRODUCT", "NORP", "FAC", "LOC", "WORK_OF_ART", "EVENT"})


def _cached_entities(texts: list[str], res: Resources) -> list[frozenset[str]]:
    """The words of each text that spaCy's NER reads as part of a name, through the on-disk cache."""
    if not texts:
        return []
    kind = f"proof-names-2:{code_fingerprint(sys.modules[__name__])}:{res.config.spacy_pipeline}"

    def compute(miss: list[str]) -> list[list[str]]:
        nlp = res.nlp(ner=True)
        # Only the entity's nouns: "Connect Salesforce or HubSpot …" is no customer called Connect.
        return [sorted({t.text for ent in doc.ents if ent.label_ in _NAME_LABELS for t in ent
                        if t.pos_ in ("PROPN", "NOUN", "X")})
                for doc in nlp.pipe(spacy_texts(miss))]

    return [frozenset(r) for r in res.cached_by_text(kind, texts, compute)]


def _cached_lemmas(texts: list[str], res: Resources) -> list[frozenset[str]]:
    """metric_lemmas through the on-disk cache: a warm run never loads spaCy for them."""
    kind = f"metric-lemmas:{code_fingerprint(sys.modules[__name__])}:{res.config.spacy_pipeline}"
    rows = res.cached_by_text(kind, texts, lambda miss: [sorted(x) for x in metric_lemmas(miss, res.nlp())])
    return [frozenset(r) for r in rows]


class ClaimIndex:
    """Every claim in the corpus and in the narrative, with metric vectors, built once per run."""

    def __init__(self, docs: Sequence[Document], res: Resources) -> None:
        self.sites: list[ClaimSite] = []
        self.own = own_names(res)
        self.names: dict[str, frozenset[str]] = {}  # per asset: every name it mentions
        self._doc_words: dict[str, frozenset[str]] = {}
        for doc in docs:
            sentences = res.sentences(doc)
            known = names_in([b.text for b in doc.blocks], self.own)
            names: set[str] = set()
            for ref in sentences:
                subjects = subjects_of(ref.text, known)
                names |= subjects
                block = doc.blocks[ref.block]
                context = _context(doc, ref.block)
                for claim in extract_claims(ref.text, context):
                    start, end = ref.start + claim.start, ref.start + claim.end
                    if block.is_protected(start, end):
                        continue  # inside a URL, an e-mail address or code
                    target = reads_as_target(claim, ref.text, block.section)
                    result = (reads_as_result(claim, ref.text) and not target
                              and not reads_as_someone_elses(claim, ref.text))
                    self.sites.append(ClaimSite(doc, ref.block, start, end, ref.text, claim, result, target,
                                                subjects))
            self.names[doc.display_path] = frozenset(names)
        self.proofs: list[ProofClaim] = []
        if res.has_narrative:
            narrative = res.narrative
            texts = [narrative.positioning, *(p.description for p in narrative.pillars),
                     *(p.text for p in narrative.proof_points)]
            # A proof point usually names its customer once, often as its first word: the words spaCy
            # reads as a name (an organisation, a person, a place, a product) or a possessive that opens
            # it ("Chatbase's founder …"), capitalised, that the narrative never writes in lowercase and
            # that are not the company's, a product's or a glossary term's.
            common = _lowercase_words(texts)
            entities = _cached_entities([p.text for p in narrative.proof_points], res)
            for proof, named in zip(narrative.proof_points, entities, strict=True):
                possessive = re.match(r"\W*([A-Z][\w-]*)['’]s\b", proof.text)
                subjects = frozenset(
                    w for w in capitalised_words(proof.text)
                    if _fold(w) not in self.own and w.casefold() not in self.own and w.lower() not in common
                    and (w in named or (possessive is not None and w == possessive.group(1))))
                for claim in extract_claims(proof.text):
                    self.proofs.append(ProofClaim(proof, f"{narrative.path}:{proof.line}", claim, subjects))
        # Numbers the narrative states outside its proof points, with the words around them.
        self.stated: list[tuple[Claim, frozenset[str]]] = []
        if res.has_narrative:
            narrative = res.narrative
            for text in [narrative.positioning, *(p.description for p in narrative.pillars)]:
                for sentence in re.split(r"(?<=[.!?])\s+", text):
                    for claim in extract_claims(sentence):
                        self.stated.append((claim, frozenset(w.casefold() for w in _WORD.findall(sentence)) - _STOP))
        claims = [s.claim for s in self.sites] + [p.claim for p in self.proofs]
        texts = [metric_text(c) for c in claims]
        # One batch for every claim of the run; lemmas in one spaCy pass.
        vectors = res.embedder.encode(texts) if texts else np.zeros((0, 0), dtype=np.float32)
        lemmas = _cached_lemmas([c.metric for c in claims], res) if claims else []
        n = len(self.sites)
        self._site_vectors, self._proof_vectors = vectors[:n], vectors[n:]
        self._site_lemmas, self._proof_lemmas = lemmas[:n], lemmas[n:]

    def about_us(self, i: int) -> bool:
        """Whether a claim is about the company or its product: its sentence names the company, a product
        or a glossary term, says "we"/"our", or names nobody else ("Thorn helps law enforcement cut …
        by 60%" is about Thorn, a survey's 72% about its respondents)."""
        site = self.sites[i]
        if not site.subjects:
            return True
        words = {w.casefold() for w in _WORD.findall(site.sentence)}
        return bool(words & self.own) or bool(words & {"we", "our", "us"})

    def registered_value(self, i: int, floor: float) -> bool:
        """An approved proof point's number said again: same unit and value, metric score at least `floor`
        (a proof point reworded in a story is still the proof point)."""
        site = self.sites[i]
        if any(comparable(site.claim, p.claim) and site.claim.value == p.claim.value
               and site.claim.upper == p.claim.upper and m.score >= floor
               for m in self.proof_scores(i) for p in [m.proof]):
            return True
        # A number the narrative itself states (its positioning or a pillar): "100% open-source software".
        words = {w.casefold() for w in _WORD.findall(site.sentence)} - _STOP
        return any(comparable(site.claim, c) and site.claim.value == c.value and site.claim.upper == c.upper
                   and words & shared for c, shared in self.stated)

    def only_of_unit(self, i: int) -> bool:
        """True when the claim is the one number of its unit in its sentence (which number measures what is
        clear)."""
        site = self.sites[i]
        return sum(1 for s in self.sites if s.doc is site.doc and s.block == site.block
                   and s.sentence == site.sentence and s.claim.unit == site.claim.unit) == 1

    def of(self, doc: Document) -> list[int]:
        return [i for i, s in enumerate(self.sites) if s.doc.display_path == doc.display_path]

    @cached_property
    def _proof_cosines(self) -> np.ndarray:
        return self._site_vectors @ self._proof_vectors.T if self.proofs else np.zeros((len(self.sites), 0))

    @cached_property
    def _site_cosines(self) -> np.ndarray:
        return self._site_vectors @ self._site_vectors.T if self.sites else np.zeros((0, 0))

    def proof_scores(self, i: int) -> list[ProofMatch]:
        """Every comparable proof point with its metric score, best first."""
        site = self.sites[i]
        if site.claim.unit == "count" and not site.result:
            return []  # "run the quarter on three spreadsheets" describes, it does not claim
        out = [ProofMatch(p, metric_score(float(self._proof_cosines[i, j]),
                                          lexical_overlap(self._site_lemmas[i], self._proof_lemmas[j])))
               for j, p in enumerate(self.proofs) if comparable(site.claim, p.claim)]
        return sorted(out, key=lambda m: -m.score)

    def site_score(self, i: int, j: int) -> float:
        overlap = lexical_overlap(self._site_lemmas[i], self._site_lemmas[j])
        return metric_score(float(self._site_cosines[i, j]), overlap)

    def same_subject(self, i: int, proof: ProofClaim) -> bool:
        """Whether a claim can be about what a proof point is about: the same customer (a proof point that
        names one is only comparable in an asset that names it too), or the company itself (a sentence
        that names someone else is not), over the same period when both name one."""
        site = self.sites[i]
        if proof.subjects:
            if not proof.subjects & self._words(site.doc):
                return False  # the asset never mentions the customer (or tool) the proof point is about
        elif site.subjects and not site.subjects & set(_WORD.findall(proof.proof.text)):
            return False  # the sentence names someone the proof point does not
        return _same_period(site.claim, proof.claim)

    def _words(self, doc: Document) -> frozenset[str]:
        if doc.display_path not in self._doc_words:
            self._doc_words[doc.display_path] = frozenset(w for b in doc.blocks for w in _WORD.findall(b.text))
        return self._doc_words[doc.display_path]

    def same_site_subject(self, i: int, j: int) -> bool:
        """CL003's test for two assets' claims: over the same period, and when both sentences name someone,
        a name in common (two customers' results are no conflict)."""
        a, b = self.sites[i], self.sites[j]
        if a.subjects and b.subjects and not a.subjects & b.subjects:
            return False
        return _same_period(a.claim, b.claim)

    def verdict(self, i: int, threshold: float) -> tuple[ProofMatch | None, bool]:
        """The proof point a claim measures against (if any), and whether the numbers agree."""
        matches = [m for m in self.proof_scores(i) if m.score >= threshold and self.same_subject(i, m.proof)]
        if not matches:
            return None, False
        close = [m for m in matches if m.score >= matches[0].score - TIE_MARGIN]
        claim = self.sites[i].claim
        agreeing = next((m for m in close if compatible(claim, m.proof.claim) or _states_start(claim, m.proof.claim)),
                        None)
        return (agreeing, True) if agreeing else (matches[0], False)


def _states_start(claim: Claim, proof: Claim) -> bool:
    """The asset gives the proof point's starting value ("it took 30 minutes" for "from 30 minutes to
    2-3 minutes"): the same story told from its first half, not another number."""
    if proof.baseline is None or claim.baseline is not None:
        return False
    return compatible(claim, replace(proof, value=proof.baseline, baseline=None, bound="exact", upper=None))

