"""Depth-tiered content briefs: one customer story as a headline, a talk track and a playbook.

`build_brief` is the one library entry point behind `msgalign brief`: story →
sentences and quotes → roles (headings, cues, embeddings) → pillars and proof
points → three tiers, every sentence traced to the story. `render` turns a
tier into Markdown, HTML or JSON through sandboxed templates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from msgalign.analysis.resources import Resources
from msgalign.brief.mapping import PillarMatch, ProofPointMatch, pillar_matches, proof_point_matches
from msgalign.brief.results import Result, find_results
from msgalign.brief.roles import PROTOTYPES, SentenceRole, classify
from msgalign.brief.story import Story, read_story
from msgalign.brief.tiers import Analysis, Fixer, Tier, TierBuilder, balance, page_words
from msgalign.glossary.fix import apply_replacements
from msgalign.glossary.index import everyday_word
from msgalign.text.match import FormMatcher
from msgalign.workspace.narrative import Narrative


@dataclass(frozen=True)
class Brief:
    story: Story
    customer: str
    pillars: tuple[PillarMatch, ...]
    proof_points: tuple[ProofPointMatch, ...]
    tiers: tuple[Tier, ...]
    results: tuple[Result, ...] = ()

    def tier(self, number: int) -> Tier:
        return next(t for t in self.tiers if t.spec.number == number)

    @property
    def contradictions(self) -> tuple[ProofPointMatch, ...]:
        return tuple(p for p in self.proof_points if p.status == "contradicts")


def _narrative(ctx: Resources) -> Narrative | None:
    """The narrative when the workspace has one; a brief without it just proves no pillar."""
    if ctx.config.narrative is None:
        return None
    return ctx.narrative


# A clause about what the customer had before: a variant there names the old thing, not the term.
_BEFORE_STATE = re.compile(r"(?i)\b(?:had been|used to|previously|formerly|until then|before (?:that|beacon|"
                           r"the switch|the move)|old|legacy|replac\w*|instead of|its own|their own)\b")


def canonical_terms(ctx: Resources) -> Callable[[str], str]:
    """Rewrite every glossary variant (for every team: a brief travels) to its term, and keep
    the article in agreement: "a territory doc" becomes "an Account Plan", not "a Account Plan"."""

    def fix(text: str) -> str:
        # "your fleet" stays the everyday word when the product is Fleet, as TM002 reads it.
        fixes = [r for hit in ctx.term_index.scan(text)
                 if (r := hit.replacement) is not None and not everyday_word(text, hit)]
        return apply_replacements(text, fixes, articles=True)[0]

    return fix


def make_fixer(ctx: Resources) -> Fixer:
    """Glossary rewriting for briefs: only the glossary's listed variants and casings (never a
    semantic guess), articles kept in agreement, quotes never touched.

    A narration sentence is rewritten unless the rewrite could change what it says: a variant in
    a sentence about what the customer had before ("had been using a customer score built from
    support tickets alone": that old score is not the Health Score), or a retired phrase with no
    replacement. Such a sentence is not used (None).
    """
    fix = canonical_terms(ctx)

    def narration(text: str) -> str | None:
        hits = ctx.term_index.scan(text)
        if any(h.kind == "avoid" for h in hits):
            return None
        variants = [h for h in hits if h.kind == "variant"]
        if variants and _BEFORE_STATE.search(text):
            return None
        return fix(text) if hits else text

    def quote_ok(text: str) -> bool:
        return not any(h.kind in ("variant", "avoid") for h in ctx.term_index.scan(text))

    return Fixer(narration, quote_ok, fix)


def build_brief(story_path: Path, ctx: Resources, display: str | None = None) -> Brief:
    """Read a story and cut the three tiers from it. Deterministic for the same inputs."""
    narrative = _narrative(ctx)
    fix = canonical_terms(ctx)
    known = [t.term for t in ctx.glossary.terms] + [v for t in ctx.glossary.terms for v in t.variants]
    if narrative is not None:
        known += [narrative.company, narrative.product]
    story = read_story(story_path, display or story_path.as_posix(), known_names=[k for k in known if k])

    prototype_texts = [t for texts in PROTOTYPES.values() for t in texts]
    pillar_texts = [p.text for p in narrative.pillars] if narrative else []
    texts = sorted({s.text for s in story.sentences} | set(prototype_texts) | set(pillar_texts))
    vectors = dict(zip(texts, ctx.embedder.encode(texts), strict=True))
    prototypes = {}
    for role, examples in PROTOTYPES.items():
        mean = np.mean([vectors[t] for t in examples], axis=0)
        prototypes[role] = mean / max(float(np.linalg.norm(mean)), 1e-9)
    roles = classify(story, vectors, prototypes)

    proofs: tuple[ProofPointMatch, ...] = ()
    pillars: tuple[PillarMatch, ...] = ()
    if narrative is not None:
        proofs = proof_point_matches(narrative, roles, ctx.embedder.encode, fix)
        supported = {p.proof_point.pillar for p in proofs if p.status == "supports"}
        pillars = pillar_matches(narrative, roles, vectors, supported)

    customer = fix(story.customer.value) if story.customer else ""
    results = tuple(find_results(story))
    analysis = Analysis(story, customer, tuple(roles), results, pillars, proofs, narrative is not None,
                        _adopted_terms(ctx, story, roles, narrative))
    builder = TierBuilder(analysis, make_fixer(ctx))
    playbook = builder.playbook()
    talk_track = balance(builder.talk_track, playbook)
    # The headline is the shortest telling: a story too short for three tiers gets a shorter one.
    headline = builder.headline(max_words=page_words(talk_track) - 12)
    return Brief(story, customer, pillars, proofs, (headline, talk_track, playbook), results)


def _adopted_terms(ctx: Resources, story: Story, roles: list[SentenceRole],
                   narrative: Narrative | None) -> tuple[tuple[str, int], ...]:
    """Glossary terms in the approach, most used in the whole story first (ties: first seen)."""
    matcher: FormMatcher[str] = FormMatcher()
    skip = {narrative.company.casefold(), narrative.product.casefold()} if narrative else set()
    for term in ctx.glossary.terms:
        if term.term.casefold() not in skip:
            for form in (term.term, *term.variants):
                matcher.add(form, term.term)
    counts: dict[str, int] = {}
    for s in story.sentences:
        for m in matcher.find(s.text):
            counts[m.payload] = counts.get(m.payload, 0) + 1
    first: dict[str, int] = {}
    for r in roles:
        if r.role == "approach" or "step" in r.tags:
            for m in matcher.find(r.sentence.text):
                first.setdefault(m.payload, r.sentence.index)
    ranked = sorted(first, key=lambda t: (-counts.get(t, 0), first[t], t))
    return tuple((t, first[t]) for t in ranked)


__all__ = ["Brief", "Tier", "build_brief", "canonical_terms", "make_fixer"]
