"""What the checks share during one run: config, glossary, and heavy things loaded late.

Heavy objects (the sentence model, the tone classifier, spaCy) load on first
use and once per process, so terminology-only runs never import torch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from msgalign.errors import NarrativeError
from msgalign.glossary.load import Glossary
from msgalign.workspace.config import Config

if TYPE_CHECKING:
    from msgalign.glossary.index import TermIndex
    from msgalign.nlp.embed import Embedder, VectorCache
    from msgalign.types import Document
    from msgalign.workspace.narrative import Narrative


@dataclass
class Context:
    config: Config
    glossary: Glossary
    use_cache: bool = True
    docs: list[Document] = field(default_factory=list)  # the corpus of this run
    active: frozenset[str] = frozenset()                   # the rule codes this run checks
    _memo: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def term_index(self) -> TermIndex:
        from msgalign.glossary.index import TermIndex

        return TermIndex(self.glossary)

    @cached_property
    def narrative(self) -> Narrative:
        """The core narrative; rules that need it raise a clear error when it is missing."""
        from msgalign.engine import display_path
        from msgalign.workspace.narrative import load_narrative

        if self.config.narrative is None:
            raise NarrativeError("no narrative is configured: add narrative.md or set 'narrative' in msgalign.toml.")
        return load_narrative(self.config.narrative, display_path(self.config.narrative))

    @cached_property
    def cache(self) -> VectorCache | None:
        """The on-disk cache of vectors and spaCy-derived values (None with --no-cache)."""
        from msgalign.nlp.embed import VectorCache

        if not self.use_cache or self.config.cache_dir is None:
            return None
        return VectorCache(self.config.cache_dir)

    @cached_property
    def embedder(self) -> Embedder:
        from msgalign.nlp.embed import Embedder

        return Embedder(self.config.model_path, self.config.cache_dir, use_cache=self.use_cache)

    def nlp(self, ner: bool = False) -> Any:
        """The one spaCy pipeline of the run; callers switch parts off with
        `nlp.select_pipes` for their pass, so `check` loads it once, not once per
        caller. NER is off unless asked for (`glossary suggest` drops names with it)."""
        from msgalign.nlp.pipeline import load_pipeline

        return load_pipeline(self.config.spacy_pipeline, () if ner else ("ner",))

    def threshold(self, key: str, default: float) -> float:
        return self.config.threshold(key, default)

    def memo(self, key: str, factory: Any) -> Any:
        """A value computed once per run and shared between rules (e.g. embeddings)."""
        if key not in self._memo:
            self._memo[key] = factory()
        return self._memo[key]

    def per_doc(self, key: str, doc: Document, compute: Callable[[list[Document]], dict[str, Any]]) -> Any:
        """A per-document value computed corpus-wide on first use.

        The first request computes it for every document of the run not done yet
        (`compute(pending) -> {display_path: value}`), so models see one large
        batch instead of one small batch per asset.
        """
        table: dict[str, Any] = self._memo.setdefault(key, {})
        if doc.display_path not in table:
            pending = {d.display_path: d for d in [doc, *self.docs] if d.display_path not in table}
            table.update(compute(list(pending.values())))
        return table[doc.display_path]

    def scores(self, doc_path: str) -> dict[str, Any]:
        """What rules recorded about an asset (alignment, pillars, tone)."""
        return dict(self._memo.get(f"asset-scores:{doc_path}", {}))

    def record(self, doc_path: str, **scores: Any) -> None:
        """Per-asset scores for the JSON `assets[]` (alignment, pillars, tone)."""
        self._memo.setdefault(f"asset-scores:{doc_path}", {}).update(scores)
