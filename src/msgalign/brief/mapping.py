"""Where a story sits in the narrative: the pillars it proves, the proof points it backs or breaks.

A pillar is proven by what the customer did and got, so only result and
approach sentences are compared with it. A proof point is compared number to
number, with the test the claims rules use (`msgalign.text.claims.compatible`):
the story backs it when it gives the same metric a value that can be the same
number (23% for 23%, 8 minutes for "under 10 minutes"), and contradicts it when
it gives the same metric a different one (25% for 23%). "Same metric"
needs the same kind of value and shared words around it, read after glossary
fixes so "deal scrub" and "Pipeline Review" are one thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from msgalign.brief.roles import SentenceRole
from msgalign.brief.story import StorySentence
from msgalign.text.claims import compatible
from msgalign.text.match import tokenize
from msgalign.text.quantities import Quantity, find_changes, find_quantities, is_metric
from msgalign.text.spans import between
from msgalign.workspace.narrative import Narrative, Pillar, ProofPoint

MIN_PILLAR_SIMILARITY = 0.25   # below this the story proves no pillar
PILLAR_MARGIN = 0.03           # pillars this close to the best one are proven too
MIN_METRIC_SIMILARITY = 0.35   # a proof point and a story clause must be about the same thing
# A contradiction becomes a warning for the writer, so it needs surer evidence than support does.
MIN_CONTRADICTION_SIMILARITY = 0.55

Status = Literal["supports", "contradicts"]
_GENERIC = {
    "the", "a", "an", "of", "in", "to", "for", "from", "by", "on", "at", "and", "or", "with", "its", "their",
    "our", "your", "per", "after", "before", "within", "under", "over", "first", "than", "more", "less",
    "fewer", "most", "team", "teams", "customer", "customers", "company", "average", "year", "quarter",
    "month", "week", "day", "hour", "minute", "percent", "rose", "grew", "cut", "drop", "dropped", "fell",
    "reach", "rise", "grow", "lift", "went", "had", "has", "have", "was", "were", "is", "are", "it", "that",
    "this", "they", "we", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "every", "each", "all", "only", "just", "also", "into", "about", "up", "out", "new", "same",
}
_CLAUSE = re.compile(r"[;:,]\s+|\s+(?:and|but|while|so)\s+")


@dataclass(frozen=True)
class PillarMatch:
    pillar: Pillar
    similarity: float
    proves: bool
    evidence: StorySentence | None   # the story sentence closest to the pillar


@dataclass(frozen=True)
class ProofPointMatch:
    proof_point: ProofPoint
    status: Status
    sentence: StorySentence
    story_value: Quantity
    claimed_value: Quantity
    similarity: float


def pillar_matches(narrative: Narrative, roles: Sequence[SentenceRole],
                   vectors: Mapping[str, np.ndarray], supported: set[str]) -> tuple[PillarMatch, ...]:
    """Every pillar with its similarity to the story, best first; `supported` pillar ids are proven."""
    evidence = [r.sentence for r in roles if r.role in ("result", "approach")] or [r.sentence for r in roles]
    evidence = [s for s in evidence if s.text in vectors]
    scored: list[tuple[float, Pillar, StorySentence | None]] = []
    for pillar in narrative.pillars:
        pv = vectors[pillar.text]
        sims = [(float(vectors[s.text] @ pv), s) for s in evidence]
        best = max(sims, key=lambda x: (x[0], -x[1].index), default=(0.0, None))
        scored.append((round(best[0], 4), pillar, best[1]))
    scored.sort(key=lambda x: (-x[0], x[1].id))
    top = scored[0][0] if scored else 0.0
    return tuple(
        PillarMatch(pillar, sim,
                    sim >= MIN_PILLAR_SIMILARITY and (sim >= top - PILLAR_MARGIN or pillar.id in supported),
                    evidence_sentence)
        for sim, pillar, evidence_sentence in scored
    )


def _keys(text: str) -> set[str]:
    return {t.key for t in tokenize(text.lower())
            if t.key not in _GENERIC and not t.key[0].isdigit() and len(t.key) > 2}


def _shared(a: set[str], b: set[str]) -> int:
    """Shared metric words; 'renew' and 'renewal' count as one."""
    return sum(1 for x in a if any(x == y or (min(len(x), len(y)) >= 5 and (x.startswith(y) or y.startswith(x)))
                                   for y in b))


def _primary(quantities: list[Quantity]) -> Quantity | None:
    """The claimed value: where a change ends ("from 4 days to under 24 hours"), and not a
    time frame ("in two quarters") when something else is measured."""
    befores = {c.before.start for c in find_changes(quantities)}
    metrics = [q for q in quantities if is_metric(q) and q.start not in befores]
    measured = [q for q in metrics if not q.frames]
    return next(iter(measured or metrics), None)


def _comparable(story: Quantity, claim: Quantity) -> bool:
    if story.kind != claim.kind or story.relative != claim.relative:
        return False
    if story.kind == "count":
        return _shared({story.noun}, {claim.noun}) > 0
    return True


def proof_point_matches(narrative: Narrative, roles: Sequence[SentenceRole],
                        encode: Callable[[list[str]], np.ndarray],
                        canonical: Callable[[str], str]) -> tuple[ProofPointMatch, ...]:
    """Each proof point the story gives a number for, with whether the number agrees."""
    candidates: list[tuple[StorySentence, Quantity, str]] = []
    # What the customer did and got counts; "handoffs took 8 days" is where they started.
    for s in (r.sentence for r in roles if r.role in ("result", "approach")):
        befores = {c.before.start for c in s.changes}
        spans = between(s.text, _CLAUSE)
        for q in s.quantities:
            if not is_metric(q) or q.start in befores:
                continue
            clause = next((s.text[a:b] for a, b in spans if a <= q.start < max(b, a + 1)), s.text)
            candidates.append((s, q, canonical(clause)))
    if not candidates or not narrative.proof_points:
        return ()
    clause_texts = sorted({c[2] for c in candidates})
    proof_texts = [canonical(p.text) for p in narrative.proof_points]
    matrix = encode(clause_texts + proof_texts)
    vec = dict(zip(clause_texts + proof_texts, matrix, strict=True))
    out: list[ProofPointMatch] = []
    for proof, proof_text in zip(narrative.proof_points, proof_texts, strict=True):
        claim = _primary(find_quantities(proof_text))
        if claim is None:
            continue
        proof_keys = _keys(proof_text)
        best: tuple[float, int, StorySentence, Quantity, float] | None = None
        for s, q, clause in candidates:
            if not _comparable(q, claim):
                continue
            shared = _shared(_keys(clause), proof_keys)
            sim = float(vec[clause] @ vec[proof_text])
            if shared == 0 or sim < MIN_METRIC_SIMILARITY:
                continue
            key = (shared + sim, -s.index)
            if best is None or key > (best[0], best[1]):
                best = (shared + sim, -s.index, s, q, sim)
        if best is not None:
            _, _, s, q, sim = best
            status: Status = "supports" if compatible(q, claim) else "contradicts"
            if status == "contradicts" and (sim < MIN_CONTRADICTION_SIMILARITY or best[0] - sim < 2):
                continue
            out.append(ProofPointMatch(proof, status, s, q, claim, round(min(sim, 1.0), 4)))
    return tuple(out)
