"""One run's analysis: its inputs, the heavy helpers loaded late, and every product the rules share.

Rules read products from here (`analysis.sentences(doc)`, `analysis.tone(doc)`,
`analysis.claims()` …) instead of computing them. Each product is computed on
first use, once, for the whole corpus at a time — the model sees one large
batch, not one per asset — and kept in a typed table for the rest of the run.
Heavy objects (the sentence model, the tone classifier, spaCy) load on first
use and once per process, so terminology-only runs never import torch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any, TypeVar

import numpy as np

from msgalign.analysis.claims import ClaimIndex
from msgalign.analysis.pillars import (
    MIN_BLOCK_WORDS,
    MIN_SECTION_WORDS,
    PillarIndex,
    Section,
    alignment,
    build_pillar_index,
    section_scores,
    unit_scores,
)
from msgalign.analysis.semantic import THRESHOLD, SemanticHit, TermVectors, find_semantic_hits, term_vectors
from msgalign.analysis.sentences import SentenceRef, block_vectors, split_document
from msgalign.analysis.tone import ToneSentence, label_documents, model_for, tone_shares
from msgalign.errors import NarrativeError
from msgalign.glossary.index import TermHit, TermIndex
from msgalign.glossary.types import Glossary
from msgalign.nlp.cache import cached_by_text
from msgalign.nlp.embed import Embedder, VectorCache
from msgalign.nlp.tone.predictor import ToneModel
from msgalign.types import AssetSummary, Document, Progress
from msgalign.workspace.config import Config
from msgalign.workspace.narrative import Narrative, load_narrative
from msgalign.workspace.paths import display_path

V = TypeVar("V")
UnitScores = list[tuple[list[int], np.ndarray]]


class Analysis:
    """The shared, cached products of one run over a corpus (`docs`)."""

    def __init__(self, config: Config, glossary: Glossary, docs: Sequence[Document] = (), *,
                 active: frozenset[str] = frozenset(), use_cache: bool = True,
                 progress: Progress | None = None) -> None:
        """`progress` hears of the model phase: loading, embedding and spaCy passes, chunk by chunk."""
        self.config = config
        self.progress = progress
        self.glossary = glossary
        self.docs: tuple[Document, ...] = tuple(docs)
        self.active = active            # the rule codes this run checks (empty: not a check run)
        self.use_cache = use_cache
        self._sentences: dict[str, list[SentenceRef]] = {}
        self._vectors: dict[str, np.ndarray] = {}
        self._term_hits: dict[str, list[tuple[int, TermHit]]] = {}
        self._units: dict[tuple[str, int], UnitScores] = {}
        self._semantic: dict[float, dict[str, list[SemanticHit]]] = {}
        self._tone: dict[str, list[ToneSentence]] = {}
        self._claims: dict[tuple[str, ...], ClaimIndex] = {}

    # --- inputs and heavy helpers, loaded late -------------------------------------------------

    @cached_property
    def term_index(self) -> TermIndex:
        return TermIndex(self.glossary)

    @property
    def has_narrative(self) -> bool:
        return self.config.narrative is not None

    @cached_property
    def narrative(self) -> Narrative:
        """The core narrative; rules that need it raise a clear error when it is missing."""
        if self.config.narrative is None:
            raise NarrativeError("no narrative is configured: add narrative.md or set 'narrative' in msgalign.toml.")
        return load_narrative(self.config.narrative, display_path(self.config.narrative))

    @cached_property
    def cache(self) -> VectorCache | None:
        """The on-disk cache of vectors and spaCy-derived values (None with --no-cache)."""
        if not self.use_cache or self.config.cache_dir is None:
            return None
        return VectorCache(self.config.cache_dir)

    @cached_property
    def embedder(self) -> Embedder:
        embedder = Embedder(self.config.model_path, self.config.cache_dir, use_cache=self.use_cache,
                            cache=self.cache)
        embedder.progress = self.progress
        return embedder

    def nlp(self, ner: bool = False) -> Any:
        """The one spaCy pipeline of the run; callers switch parts off with
        `nlp.select_pipes` for their pass, so `check` loads it once, not once per
        caller. NER is off unless asked for (`glossary suggest` drops names with it)."""
        from msgalign.nlp.pipeline import load_pipeline  # late: spaCy is heavy

        return load_pipeline(self.config.spacy_pipeline, () if ner else ("ner",))

    def cached_by_text(self, kind: str, texts: Sequence[str],
                       compute: Callable[[list[str]], list[Any]]) -> list[Any]:
        """JSON values of an expensive per-text function, through the run's on-disk cache."""
        return cached_by_text(self.cache, kind, texts, compute, progress=self.progress)

    # --- products ------------------------------------------------------------------------------

    def _per_doc(self, table: dict[str, V], doc: Document,
                 compute: Callable[[list[Document]], dict[str, V]]) -> V:
        """A per-document product computed corpus-wide on first use: the first request
        computes it for every document of the run not done yet, in one batch."""
        if doc.display_path not in table:
            pending = {d.display_path: d for d in [doc, *self.docs] if d.display_path not in table}
            table.update(compute(list(pending.values())))
        return table[doc.display_path]

    def sentences(self, doc: Document) -> list[SentenceRef]:
        """The sentences of a document, in order (headings count as one sentence)."""
        if doc.display_path not in self._sentences:
            self._sentences[doc.display_path] = split_document(doc)
        return self._sentences[doc.display_path]

    def sentence_vectors(self, doc: Document) -> np.ndarray:
        """Vectors of `sentences(doc)`; the first call encodes the whole corpus in one batch."""

        def encode(docs: list[Document]) -> dict[str, np.ndarray]:
            per_doc = [(d.display_path, self.sentences(d)) for d in docs]
            matrix = self.embedder.encode([s.text for _, sents in per_doc for s in sents])
            out, i = {}, 0
            for path, sents in per_doc:
                out[path] = matrix[i : i + len(sents)]
                i += len(sents)
            return out

        return self._per_doc(self._vectors, doc, encode)

    def block_vectors(self, doc: Document) -> dict[int, np.ndarray]:
        """One vector per block that has sentences of at least three words."""
        return block_vectors(self.sentences(doc), self.sentence_vectors(doc))

    def term_hits(self, doc: Document) -> list[tuple[int, TermHit]]:
        """Every glossary hit in a document, as (block index, hit)."""
        if doc.display_path not in self._term_hits:
            self._term_hits[doc.display_path] = [
                (i, hit) for i, block in enumerate(doc.blocks)
                for hit in self.term_index.scan(block.text, team=doc.team, protected=block.protected)]
        return self._term_hits[doc.display_path]

    @cached_property
    def pillar_index(self) -> PillarIndex:
        """The narrative's pillar sentences and ICP, encoded once."""
        return build_pillar_index(self.narrative, self.embedder.encode)

    def unit_scores(self, doc: Document, min_words: int = MIN_BLOCK_WORDS) -> UnitScores:
        """(blocks, per-pillar similarity) for each judged unit of the document."""
        key = (doc.display_path, min_words)
        if key not in self._units:
            self._units[key] = unit_scores(doc, self.block_vectors(doc), self.pillar_index, min_words)
        return self._units[key]

    def section_scores(self, doc: Document, min_words: int = MIN_SECTION_WORDS,
                       block_words: int = MIN_BLOCK_WORDS) -> list[tuple[Section, np.ndarray]]:
        """(section, per-pillar similarity) for each section or slide NA001 judges."""
        return section_scores(doc, self.block_vectors(doc), self.pillar_index, min_words, block_words)

    @cached_property
    def term_vectors(self) -> TermVectors:
        return term_vectors(self)

    def semantic_hits(self, doc: Document, threshold: float = THRESHOLD) -> list[SemanticHit]:
        """TM003 hits for one document; the first call does the whole corpus in one pass."""
        table = self._semantic.setdefault(threshold, {})
        return self._per_doc(table, doc, lambda pending: find_semantic_hits(pending, self, self.term_vectors,
                                                                             threshold))

    @cached_property
    def tone_model(self) -> ToneModel:
        return model_for(self.embedder)

    def tone(self, doc: Document) -> list[ToneSentence]:
        """The labelled sentences of a document; the first call labels the whole corpus."""
        return self._per_doc(self._tone, doc, lambda pending: label_documents(pending, self, self.tone_model))

    def claims(self, extra: Sequence[Document] = ()) -> ClaimIndex:
        """Every claim of the corpus (and of `extra`) with the proof points' claims, built once."""
        docs = list({d.display_path: d for d in [*self.docs, *extra]}.values())
        key = tuple(sorted(d.display_path for d in docs))
        if key not in self._claims:
            self._claims[key] = ClaimIndex(docs, self)
        return self._claims[key]

    # --- per-asset figures ---------------------------------------------------------------------

    def summary(self, doc: Document, *, alignment_threshold: float | None = None,
                min_words: int = MIN_BLOCK_WORDS, tone: bool = False) -> AssetSummary:
        """Per-asset figures for the JSON `assets[]`.

        `alignment` and `pillars` when an alignment threshold is given (NA001
        ran), the tone mix when `tone` (an AC rule ran).
        """
        share: float | None = None
        pillars: dict[str, float] = {}
        if alignment_threshold is not None:
            share, pillars = alignment(self.unit_scores(doc, min_words), self.pillar_index.ids, alignment_threshold)
        shares = tone_shares(self.tone(doc)) if tone else None
        return AssetSummary(
            path=doc.display_path,
            team=doc.team,
            channel=doc.channel,
            blocks=len(doc.blocks),
            sentences=len(self.sentences(doc)),
            alignment=share,
            pillars=tuple(sorted(pillars.items())),
            tone=tuple(shares.items()) if shares else (),
        )
