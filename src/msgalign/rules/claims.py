"""CL: claims rules. The numbers an asset states, against the proof points and each other.

Every claim of the run is extracted once (from the shared sentences), and the
metric text of every claim and every proof point is encoded in one batch;
the three rules read the same `ClaimIndex`. A claim matches another when both
have the same unit family and their metric score (embedding similarity,
steadied by shared lemmas) reaches the rule's threshold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from msgalign.analysis.context import Context
from msgalign.analysis.sentences import doc_sentences
from msgalign.rules.base import Rule, RuleDoc
from msgalign.text.claims import comparable, compatible, reads_as_result
from msgalign.text.quantities import STOPWORDS, Claim, extract_claims
from msgalign.types import Block, Document, Evidence, Finding, Location, Severity
from msgalign.workspace.narrative import ProofPoint

# Lemmas that carry no metric: what is left of units and framing words.
_GENERIC = frozenset("percent pct x time times average number customer-facing".split())
# Derivational endings folded away so "renewal" meets "renew" and "reduction" meets "reduce".
_FOLD = re.compile(r"(?:ations?|ments?|als?|ity|ions?)$")


def metric_lemmas(texts: Sequence[str], nlp: object) -> list[frozenset[str]]:
    """Content-word lemmas of each metric text, folded, for the lexical signal."""
    out: list[frozenset[str]] = []
    for doc in nlp.pipe(texts):  # type: ignore[attr-defined]
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


# Defaults chosen on eval/claims.yml (eval/eval_claims.py --sweep): at 0.5 with weight 0.3,
# same-metric precision 0.84, recall 0.81 on 79 labelled pairs; higher thresholds buy
# little precision for much recall. CL002 takes a lower bar, so that a loosely worded
# proof point still counts as registered.
LEXICAL_WEIGHT = 0.3      # share of the metric score that comes from shared lemmas
DEFAULT_MATCH = 0.5       # CL001 / CL003: two claims measure the same metric
DEFAULT_REGISTERED = 0.4  # CL002: a claim this close to a proof point is not unregistered


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


def _cached_lemmas(texts: list[str], ctx: Context) -> list[frozenset[str]]:
    """metric_lemmas through the on-disk cache: a warm run never loads spaCy for them."""
    import sys

    from msgalign.analysis.sentences import cached_by_text, code_fingerprint

    kind = f"metric-lemmas:{code_fingerprint(sys.modules[__name__])}:{ctx.config.spacy_pipeline}"
    rows = cached_by_text(ctx, kind, texts, lambda miss: [sorted(x) for x in metric_lemmas(miss, ctx.nlp())])
    return [frozenset(r) for r in rows]


class ClaimIndex:
    """Every claim in the corpus and in the narrative, with metric vectors, built once per run."""

    def __init__(self, docs: Sequence[Document], ctx: Context) -> None:
        self.sites: list[ClaimSite] = []
        for doc in docs:
            for ref in doc_sentences(doc, ctx):
                block = doc.blocks[ref.block]
                context = _context(doc, ref.block)
                for claim in extract_claims(ref.text, context):
                    start, end = ref.start + claim.start, ref.start + claim.end
                    if block.is_protected(start, end):
                        continue  # inside a URL, an e-mail address or code
                    self.sites.append(ClaimSite(doc, ref.block, start, end, ref.text, claim,
                                                reads_as_result(claim, ref.text)))
        self.proofs: list[ProofClaim] = []
        if ctx.config.narrative is not None:
            narrative = ctx.narrative
            for proof in narrative.proof_points:
                for claim in extract_claims(proof.text):
                    self.proofs.append(ProofClaim(proof, f"{narrative.path}:{proof.line}", claim))
        claims = [s.claim for s in self.sites] + [p.claim for p in self.proofs]
        texts = [metric_text(c) for c in claims]
        # One batch for every claim of the run; lemmas in one spaCy pass.
        vectors = ctx.embedder.encode(texts) if texts else np.zeros((0, 0), dtype=np.float32)
        lemmas = _cached_lemmas([c.metric for c in claims], ctx) if claims else []
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
        return metric_score(float(self._site_cosines[i, j]), lexical_overlap(self._site_lemmas[i], self._site_lemmas[j]))

    def verdict(self, i: int, threshold: float) -> tuple[ProofMatch | None, bool]:
        """The proof point a claim measures against (if any), and whether the numbers agree."""
        matches = [m for m in self.proof_scores(i) if m.score >= threshold]
        if not matches:
            return None, False
        close = [m for m in matches if m.score >= matches[0].score - TIE_MARGIN]
        agreeing = next((m for m in close if compatible(self.sites[i].claim, m.proof.claim)), None)
        return (agreeing, True) if agreeing else (matches[0], False)


def claim_index(ctx: Context, extra: Sequence[Document] = ()) -> ClaimIndex:
    """The run's claim index; the first call builds it over the whole corpus (`ctx.docs`)."""
    docs = list({d.display_path: d for d in [*ctx.docs, *extra]}.values())
    key = "claims-index:" + "\n".join(sorted(d.display_path for d in docs))
    index: ClaimIndex = ctx.memo(key, lambda: ClaimIndex(docs, ctx))
    return index


def _quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_SETTINGS_MATCH = ("thresholds: CL001", f"metric score (0-1) at which an asset's claim and a proof point measure "
                   f"the same thing (default {DEFAULT_MATCH})")


class ConflictingClaim(Rule):
    code = "CL001"
    name = "conflicting-claim"
    severity = Severity.ERROR
    needs = frozenset({"embeddings"})
    doc = RuleDoc(
        summary="A number for the same metric that differs from the approved proof point.",
        why=(
            "When the website says 23% and the deck says 45%, the buyer believes neither, and "
            "legal asks where 45% came from. Proof points in narrative.md are the numbers the "
            "company can defend; every asset should use them. Qualifiers are read as bounds: "
            "'over 90%' agrees with 94%, 'in 8 minutes' agrees with 'under 10 minutes', but "
            "'under 5 minutes' does not."
        ),
        flagged="Teams that adopt Beacon cut time-to-first-deal by 45%.",
        preferred="Teams that adopt Beacon cut time-to-first-deal by 23% in two quarters.",
        settings=(_SETTINGS_MATCH,),
    )

    def check_asset(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        ctx.narrative  # noqa: B018 - raises a clear error when no narrative is configured
        index = claim_index(ctx, [doc])
        threshold = ctx.threshold(self.code, DEFAULT_MATCH)
        for i in index.of(doc):
            match, agrees = index.verdict(i, threshold)
            if match is None or agrees:
                continue
            site, proof = index.sites[i], match.proof
            yield self.finding(
                doc, site.location,
                f"{site.claim.raw} here, but the approved proof point says {proof.claim.raw} "
                f"({proof.where}: '{proof.proof.text}').",
                excerpt=site.claim.raw,
                suggestion=proof.claim.raw,
                score=match.score,
                evidence=Evidence.of(proof_point=proof.proof.text, proof_point_location=proof.where,
                                     pillar=proof.proof.pillar, similarity=round(match.score, 4)),
            )


class UnregisteredClaim(Rule):
    code = "CL002"
    name = "unregistered-claim"
    severity = Severity.INFO
    needs = frozenset({"embeddings"})
    doc = RuleDoc(
        summary="A quantitative result claim that matches no approved proof point.",
        why=(
            "A number nobody approved is a number nobody can defend in a security review or a "
            "reference call. Either add it to narrative.md as a proof point (with its source) or "
            "use one that is there. Only claims that read as results are reported (percentages, "
            "multiples, outcome counts, money saved, things made faster), not instructions "
            "('book a 30-minute call'), thresholds, prices or counts of steps."
        ),
        flagged="Beacon delivers 3x more pipeline from existing accounts.",
        preferred="Guided Plays lift expansion revenue by 18% in the first year.",
        settings=(("thresholds: CL002", f"metric score (0-1) to a proof point above which a claim counts as "
                                        f"registered (default {DEFAULT_REGISTERED})"),),
    )

    def check_asset(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        narrative = ctx.narrative
        index = claim_index(ctx, [doc])
        threshold = ctx.threshold(self.code, DEFAULT_REGISTERED)
        for i in index.of(doc):
            site = index.sites[i]
            if not site.result:
                continue
            scores = index.proof_scores(i)
            if scores and scores[0].score >= threshold:
                continue
            nearest = scores[0] if scores else None
            yield self.finding(
                doc, site.location,
                f"'{site.claim.raw}' is a quantitative claim that matches no approved proof point in "
                f"{narrative.path}; add it as a proof point with its source, or use an approved one.",
                excerpt=site.claim.raw,
                score=nearest.score if nearest else None,
                evidence=Evidence.of(nearest_proof_point=nearest.proof.proof.text,
                                     proof_point_location=nearest.proof.where,
                                     similarity=round(nearest.score, 4)) if nearest else None,
            )


class CrossAssetClaim(Rule):
    code = "CL003"
    name = "cross-asset-claim"
    severity = Severity.WARNING
    needs = frozenset({"embeddings"})
    doc = RuleDoc(
        summary="Two assets giving different numbers for the same metric.",
        why=(
            "Marketing's blog says 30%, the sales deck says 45%: whichever the buyer hears second "
            "makes the first look invented. Reported once per pair, on the later file (by path), "
            "with the other file's sentence. A pair in which one side uses the approved proof "
            "point is left to CL001, which already flags the other side."
        ),
        flagged="blog.md: 'cut time-to-first-deal by 30%' / deck.pptx: 'Cut by 45%'",
        preferred="Both use the approved proof point: 'cut time-to-first-deal by 23% in two quarters'.",
        settings=(("thresholds: CL003", f"metric score (0-1) at which two assets' claims measure the same thing "
                                        f"(default {DEFAULT_MATCH})"),
                  ("thresholds: CL001", "also decides which claims carry an approved value (and are left out)")),
    )

    def check_corpus(self, docs: Sequence[Document], ctx: Context) -> Iterable[Finding]:
        if not docs:
            return
        index = claim_index(ctx, docs)
        threshold = ctx.threshold(self.code, DEFAULT_MATCH)
        proof_threshold = ctx.threshold("CL001", DEFAULT_MATCH)
        eligible: list[int] = []
        for i, site in enumerate(index.sites):
            match, agrees = index.verdict(i, proof_threshold)
            if agrees:
                continue  # carries the approved value: the other side is CL001's
            if site.result or match is not None:
                eligible.append(i)
        eligible.sort(key=lambda i: (index.sites[i].doc.display_path, index.sites[i].block, index.sites[i].start))
        for pos, j in enumerate(eligible):
            later = index.sites[j]
            best: dict[str, tuple[float, int]] = {}  # per earlier file: its closest conflicting claim
            for i in eligible[:pos]:
                earlier = index.sites[i]
                if earlier.doc.display_path >= later.doc.display_path:
                    continue
                if not comparable(earlier.claim, later.claim) or compatible(earlier.claim, later.claim):
                    continue
                score = index.site_score(i, j)
                if score >= threshold and score > best.get(earlier.doc.display_path, (-1.0, -1))[0]:
                    best[earlier.doc.display_path] = (score, i)
            for path in sorted(best):
                score, i = best[path]
                other = index.sites[i]
                yield self.finding(
                    later.doc, later.location,
                    f"{later.claim.raw} here, but {other.where()} says {other.claim.raw} for the same metric "
                    f"('{_quote(other.sentence)}').",
                    excerpt=later.claim.raw,
                    score=score,
                    evidence=Evidence.of(other_path=path, other_location=other.location.describe(),
                                         other_text=other.sentence, other_claim=other.claim.raw,
                                         similarity=round(score, 4)),
                )


RULES: list[type[Rule]] = [ConflictingClaim, UnregisteredClaim, CrossAssetClaim]
