"""Expensive per-text values (spaCy passes) cached on disk by text hash, like vectors.

A warm run never loads spaCy for unchanged text: `cached_by_text` asks the
cache first and computes only what is missing, in batches of `CHUNK`, each
stored as soon as it is done.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from msgalign.nlp.embed import VectorCache, text_hash
from msgalign.types import Progress

CHUNK = 500  # texts per compute call: large enough for spaCy's nlp.pipe, small enough to show progress


def code_fingerprint(*sources: Any) -> str:
    """A short hash of the modules (and data files) that compute a cached value, so
    a code change never serves values computed by the old code."""
    digest = hashlib.sha256()
    for source in sources:
        digest.update(Path(getattr(source, "__file__", source)).read_bytes())
    return digest.hexdigest()[:16]


def cached_by_text(cache: VectorCache | None, kind: str, texts: Sequence[str],
                   compute: Callable[[list[str]], list[Any]], *, progress: Progress | None = None,
                   label: str = "analysing sentences") -> list[Any]:
    """JSON values of an expensive per-text function, cached by text hash under `kind`.

    `compute` receives only the texts not in the cache, in batches of `CHUNK`, each
    stored as soon as it is done (an interrupted run keeps them) and told to
    `progress` as `label`; values come back in the same shape whether fresh or cached.
    """
    hashes = [text_hash(t) for t in texts]
    unique = dict(zip(hashes, texts, strict=True))
    stored = cache.get_derived(kind, list(unique)) if cache else {}
    found: dict[bytes, Any] = {h: json.loads(v) for h, v in stored.items()}
    missing = [h for h in unique if h not in found]
    for i in range(0, len(missing), CHUNK):
        chunk = missing[i : i + CHUNK]
        values = compute([unique[h] for h in chunk])
        fresh = [(h, json.dumps(v, separators=(",", ":"))) for h, v in zip(chunk, values, strict=True)]
        if cache:
            cache.put_derived(kind, fresh)
        found.update({h: json.loads(v) for h, v in fresh})
        if progress:
            progress(i + len(chunk), len(missing), label)
    return [found[h] for h in hashes]
