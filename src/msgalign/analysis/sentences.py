"""Sentences and their vectors, computed once per run and shared by every rule.

Every semantic rule works on the same sentences: they are split once, encoded
once for the whole corpus in one batched call (cache first), and looked up by
document. Block vectors are the normalised mean of their sentences' vectors, so
blocks cost no extra encoding.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from msgalign.analysis.context import Context
from msgalign.nlp.embed import text_hash
from msgalign.text.sentences import split_sentences
from msgalign.types import Block, Document

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


def doc_sentences(doc: Document, ctx: Context) -> list[SentenceRef]:
    """The sentences of a document, in order (headings count as one sentence)."""

    def compute() -> list[SentenceRef]:
        out = []
        for i, block in enumerate(doc.blocks):
            for s in split_sentences(block.text):
                out.append(SentenceRef(i, s.start, s.end, s.text))
        return out

    return ctx.memo(f"sentences:{doc.display_path}", compute)


def sentence_vectors(doc: Document, ctx: Context) -> np.ndarray:
    """Vectors of `doc_sentences(doc)`. The first call encodes the whole corpus
    (`ctx.docs`) in one batch, so the model sees large batches and loads once."""

    def encode(docs: list[Document]) -> dict[str, np.ndarray]:
        per_doc = [(d.display_path, doc_sentences(d, ctx)) for d in docs]
        matrix = ctx.embedder.encode([s.text for _, sents in per_doc for s in sents])
        out, i = {}, 0
        for path, sents in per_doc:
            out[path] = matrix[i : i + len(sents)]
            i += len(sents)
        return out

    return ctx.per_doc("sentence-vectors", doc, encode)


def unit(v: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(norm == 0, 1, norm)


def mean_vector(vectors: np.ndarray) -> np.ndarray:
    """A block's vector: the normalised mean of its sentences' vectors."""
    return unit(vectors.mean(axis=0))


def block_vectors(doc: Document, ctx: Context) -> dict[int, np.ndarray]:
    """One vector per block that has sentences with at least MIN_WORDS words."""
    sents = doc_sentences(doc, ctx)
    vecs = sentence_vectors(doc, ctx)
    groups: dict[int, list[int]] = {}
    for i, s in enumerate(sents):
        if s.words >= MIN_WORDS:
            groups.setdefault(s.block, []).append(i)
    return {b: mean_vector(vecs[idx]) for b, idx in groups.items()}


def block_of(doc: Document, ref: SentenceRef) -> Block:
    return doc.blocks[ref.block]


def code_fingerprint(*sources: Any) -> str:
    """A short hash of the modules (and data files) that compute a cached value, so
    a code change never serves values computed by the old code."""
    digest = hashlib.sha256()
    for source in sources:
        digest.update(Path(getattr(source, "__file__", source)).read_bytes())
    return digest.hexdigest()[:16]


def cached_by_text(ctx: Context, kind: str, texts: Sequence[str],
                   compute: Callable[[list[str]], list[Any]]) -> list[Any]:
    """JSON values of an expensive per-text function (a spaCy pass), cached on disk
    by text hash like vectors, so a warm run never loads spaCy for unchanged text.
    `compute` receives only the texts not in the cache, in one batch."""
    cache = ctx.cache
    hashes = [text_hash(t) for t in texts]
    unique = dict(zip(hashes, texts))
    found: dict[bytes, Any] = {h: json.loads(v) for h, v in (cache.get_derived(kind, list(unique)) if cache else {}).items()}
    missing = [h for h in unique if h not in found]
    if missing:
        values = compute([unique[h] for h in missing])
        fresh = [(h, json.dumps(v, separators=(",", ":"))) for h, v in zip(missing, values)]
        if cache:
            cache.put_derived(kind, fresh)
        found.update({h: json.loads(v) for h, v in fresh})  # same shape whether fresh or cached
    return [found[h] for h in hashes]
