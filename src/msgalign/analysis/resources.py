"""What the analysis products need from a run, as a protocol.

`Analysis` (analysis/run.py) implements it; the product modules (pillars,
semantic variants, tone, claims) are written against this protocol, so they
never import the class that caches them and the package has no import cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from msgalign.analysis.sentences import SentenceRef
from msgalign.glossary.index import TermIndex
from msgalign.glossary.types import Glossary
from msgalign.nlp.embed import Embedder
from msgalign.types import Document
from msgalign.workspace.config import Config
from msgalign.workspace.narrative import Narrative


class Resources(Protocol):
    """A run's inputs, heavy helpers loaded late, and the shared sentence products."""

    @property
    def config(self) -> Config: ...

    @property
    def glossary(self) -> Glossary: ...

    @property
    def embedder(self) -> Embedder: ...

    @property
    def term_index(self) -> TermIndex: ...

    @property
    def narrative(self) -> Narrative:
        """The core narrative; raises NarrativeError when none is configured."""
        ...

    @property
    def has_narrative(self) -> bool: ...

    def nlp(self, ner: bool = False) -> Any:
        """The run's spaCy pipeline (untyped: spaCy ships no stubs for Language)."""
        ...

    def sentences(self, doc: Document) -> list[SentenceRef]: ...

    def sentence_vectors(self, doc: Document) -> np.ndarray: ...

    def cached_by_text(self, kind: str, texts: Sequence[str],
                       compute: Callable[[list[str]], list[Any]]) -> list[Any]: ...
