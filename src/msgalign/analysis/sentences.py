"""Sentences and their vectors: the unit every semantic rule works on.

Every semantic rule works on the same sentences: they are split once, encoded
once for the whole corpus in one batched call (cache first), and looked up by
document (`Analysis.sentences`, `Analysis.sentence_vectors`). Block vectors are
the normalised mean of their sentences' vectors, so blocks cost no extra encoding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from msgalign.text.sentences import split_sentences
from msgalign.types import Document

MIN_WORDS = 3  # shorter fragments ("Pricing", "Q&A") carry no meaning worth scoring


@dataclass(frozen=True)
class SentenceRef:
    block: int     # index into doc.blocks
    start: int     # offsets in the block's text
    end: int
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


def split_document(doc: Document) -> list[SentenceRef]:
    """The sentences of a document, in order (headings count as one sentence)."""
    return [SentenceRef(i, s.start, s.end, s.text)
            for i, block in enumerate(doc.blocks) for s in split_sentences(block.text)]


def unit(v: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(norm == 0, 1, norm)


def mean_vector(vectors: np.ndarray) -> np.ndarray:
    """A block's vector: the normalised mean of its sentences' vectors."""
    return unit(vectors.mean(axis=0))


def block_vectors(sentences: list[SentenceRef], vectors: np.ndarray) -> dict[int, np.ndarray]:
    """One vector per block that has sentences with at least MIN_WORDS words."""
    groups: dict[int, list[int]] = {}
    for i, s in enumerate(sentences):
        if s.words >= MIN_WORDS:
            groups.setdefault(s.block, []).append(i)
    return {b: mean_vector(vectors[idx]) for b, idx in groups.items()}
