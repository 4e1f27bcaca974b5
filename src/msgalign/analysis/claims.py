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
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from msgalign.analysis.resources import Resources
from msgalign.nlp.cache import code_fingerprint
from msgalign.nlp.pipeline import spacy_texts
from msgalign.text.claims import comparable, compatible, reads_as_result
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


@dataclass(frozen=True)
class ProofMatch:
    proof: ProofClaim
    score: float


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


def _cached_lemmas(texts: list[str], res: Resources) -> list[frozenset[str]]:
    """metric_lemmas through the on-disk cache: a warm run never loads spaCy for them."""
    kind = f"metric-lemmas:{code_fingerprint(sys.modules[__name__])}:{res.config.spacy_pipeline}"
    rows = res.cached_by_text(kind, texts, lambda miss: [sorted(x) for x in metric_lemmas(miss, res.nlp())])
    return [frozenset(r) for r in rows]


class ClaimIndex:
    """Every claim in the corpus and in the narrative, with metric vectors, built once per run."""

    def __init__(self, docs: Sequence[Document], res: Resources) -> None:
        self.sites: list[ClaimSite] = []
        for doc in docs:
            for ref in res.sentences(doc):
                block = doc.blocks[ref.block]
                context = _context(doc, ref.block)
                for claim in extract_claims(ref.text, context):
                    start, end = ref.start + claim.start, ref.start + claim.end
                    if block.is_protected(start, end):
                        continue  # inside a URL, an e-mail address or code
                    self.sites.append(ClaimSite(doc, ref.block, start, end, ref.text, claim,
                                                reads_as_result(claim, ref.text)))
        self.proofs: list[ProofClaim] = []
        if res.has_narrative:
            narrative = res.narrative
            for proof in narrative.proof_points:
                for claim in extract_claims(proof.text):
                    self.proofs.append(ProofClaim(proof, f"{narrative.path}:{proof.line}", claim))
        claims = [s.claim for s in self.sites] + [p.claim for p in self.proofs]
        texts = [metric_text(c) for c in claims]
        # One batch for every claim of the run; lemmas in one spaCy pass.
        vectors = res.embedder.encode(texts) if texts else np.zeros((0, 0), dtype=np.float32)
        lemmas = _cached_lemmas([c.metric for c in claims], res) if claims else []
        n = len(self.sites)
        self._site_vectors, self._proof_vectors = vectors[:n], vectors[n:]
        self._site_lemmas, self._proof_lemmas = lemmas[:n], lemmas[n:]

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

    def verdict(self, i: int, threshold: float) -> tuple[ProofMatch | None, bool]:
        """The proof point a claim measures against (if any), and whether the numbers agree."""
        matches = [m for m in self.proof_scores(i) if m.score >= threshold]
        if not matches:
            return None, False
        close = [m for m in matches if m.score >= matches[0].score - TIE_MARGIN]
        agreeing = next((m for m in close if compatible(self.sites[i].claim, m.proof.claim)), None)
        return (agreeing, True) if agreeing else (matches[0], False)
