"""Word features: a small TF-IDF bag of words, computed with numpy alone.

The embedding blurs the few words that decide a label ("now", "fixed",
"believe", "soon"); a bag of words keeps them. Training and prediction share
this one implementation, so the shipped vocabulary and IDF mean exactly what
they meant when the model was fitted. Digits are folded to 0 so "10 minutes"
and "15 minutes" are one word pattern.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

_TOKEN = re.compile(r"\b\w\w+\b")
_DIGIT = re.compile(r"\d")


def words(text: str) -> list[str]:
    return _TOKEN.findall(_DIGIT.sub("0", text.lower()))


def fit_vocabulary(texts: Sequence[str], min_df: int = 2) -> tuple[tuple[str, ...], np.ndarray]:
    """Words in at least `min_df` texts (sorted) and their smoothed IDF: ln((1+n)/(1+df)) + 1."""
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(words(text)))
    vocabulary = tuple(sorted(w for w, count in df.items() if count >= min_df))
    n = len(texts)
    idf = np.array([math.log((1 + n) / (1 + df[w])) + 1.0 for w in vocabulary], dtype=np.float64)
    return vocabulary, idf


def transform(texts: Sequence[str], vocabulary: Sequence[str], idf: np.ndarray) -> np.ndarray:
    """Rows of sublinear TF × IDF, L2-normalised (a text with no known word is all zeros)."""
    index = {w: i for i, w in enumerate(vocabulary)}
    out = np.zeros((len(texts), len(vocabulary)), dtype=np.float64)
    for row, text in enumerate(texts):
        for word, count in Counter(words(text)).items():
            col = index.get(word)
            if col is not None:
                out[row, col] = (1.0 + math.log(count)) * idf[col]
        norm = np.linalg.norm(out[row])
        if norm > 0:
            out[row] /= norm
    return out
