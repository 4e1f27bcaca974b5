"""Training the tone classifier: labelled sentences in, a `ToneModel` out.

Used by `scripts/train_tone.py` (ship a model) and `eval/eval_tone.py`
(measure one). scikit-learn is imported here only: the runtime predictor in
`predictor.py` needs numpy alone.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from msgalign.nlp.embed import DIM, EXPECTED_SHA256
from msgalign.nlp.tone import ngrams
from msgalign.nlp.tone.features import FEATURE_NAMES, analyse_texts, matrix
from msgalign.nlp.tone.predictor import LABELS, ToneModel, softmax


@dataclass(frozen=True)
class Dataset:
    texts: tuple[str, ...]
    labels: tuple[str, ...]
    contexts: tuple[str, ...]
    industries: tuple[str, ...]
    sources: tuple[str, ...]  # the file each row came from
    sha256: str          # of the files' bytes, in path order: pins what a model was trained on
    files: tuple[str, ...]

    @property
    def y(self) -> np.ndarray:
        return np.array([LABELS.index(label) for label in self.labels], dtype=np.int64)

    def counts(self) -> dict[str, int]:
        return {label: self.labels.count(label) for label in LABELS}


def load_dataset(paths: Sequence[Path]) -> Dataset:
    """Read the labelled TSV files (text, label, context, industry), rejecting unknown labels."""
    digest = hashlib.sha256()
    texts: list[str] = []
    labels: list[str] = []
    contexts: list[str] = []
    industries: list[str] = []
    sources: list[str] = []
    for path in sorted(paths):
        raw = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw)
        # QUOTE_NONE: the data uses typographic quotes, and a leading " is text, not quoting.
        reader = csv.DictReader(raw.decode("utf-8").splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
        for line, row in enumerate(reader, start=2):
            text, label = (row.get("text") or "").strip(), (row.get("label") or "").strip()
            if not text and not label:
                continue
            if label not in LABELS:
                raise ValueError(f"{path}:{line}: label {label!r} is not one of {', '.join(LABELS)}")
            texts.append(text)
            labels.append(label)
            contexts.append((row.get("context") or "").strip())
            industries.append((row.get("industry") or "").strip())
            sources.append(path.name)
    return Dataset(tuple(texts), tuple(labels), tuple(contexts), tuple(industries), tuple(sources), digest.hexdigest(),
                   tuple(p.name for p in sorted(paths)))


@dataclass(frozen=True, eq=False)
class Inputs:
    """Everything the classifier reads about a set of sentences."""

    texts: tuple[str, ...]
    embeddings: np.ndarray   # (n, 384) unit vectors
    features: np.ndarray     # (n, len(FEATURE_NAMES))

    def take(self, rows: np.ndarray) -> Inputs:
        return Inputs(tuple(self.texts[i] for i in rows), self.embeddings[rows], self.features[rows])


def featurize(texts: Sequence[str], embedder: Any, nlp: Any) -> Inputs:
    """The sentence embeddings and linguistic features of the texts (the word block is fitted later)."""
    return Inputs(tuple(texts), embedder.encode(list(texts)).astype(np.float64), matrix(analyse_texts(texts, nlp)))


Block = Literal["embeddings", "features", "words"]
ALL_BLOCKS: tuple[Block, ...] = ("embeddings", "features", "words")


@dataclass(frozen=True)
class Settings:
    """Chosen by stratified 5-fold CV (eval/eval_tone.py --tune); see eval/README in the report."""

    C: float = 0.005                # inverse L2 strength: 1,500 inputs, 1,040 rows, so keep it small
    feature_weight: float = 2.5     # linguistic features next to 384 embedding dims
    word_weight: float = 20.0       # TF-IDF rows are unit-length; this lifts them to the others' scale
    word_min_df: int = 2
    balanced: bool = False          # weight classes by inverse frequency (neutral is the smallest)
    blocks: tuple[Block, ...] = ALL_BLOCKS
    seed: int = 13
    real_weight: float = 2.0        # a labelled real sentence counts as this many written ones


@dataclass(frozen=True, eq=False)
class Fitted:
    """A fitted linear model as plain arrays (what `ToneModel` holds), for any choice of blocks."""

    blocks: tuple[Block, ...]
    vocabulary: tuple[str, ...]
    idf: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray

    def matrix(self, data: Inputs) -> np.ndarray:
        parts = []
        if "embeddings" in self.blocks:
            parts.append(data.embeddings)
        if "features" in self.blocks:
            parts.append(data.features)
        if "words" in self.blocks:
            parts.append(ngrams.transform(data.texts, self.vocabulary, self.idf))
        return np.hstack(parts)

    def logits(self, data: Inputs) -> np.ndarray:
        logits: np.ndarray = ((self.matrix(data) - self.mean) / self.scale) @ self.coef.T + self.intercept
        return logits


def fit(data: Inputs, y: np.ndarray, settings: Settings, weights: np.ndarray | None = None) -> Fitted:
    """Standardise each block, weight it, and fit a multinomial logistic regression."""
    from sklearn.linear_model import LogisticRegression

    vocabulary, idf = ngrams.fit_vocabulary(data.texts, settings.word_min_df) if "words" in settings.blocks \
        else ((), np.zeros(0))
    shell = Fitted(settings.blocks, vocabulary, idf, np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0))
    x = shell.matrix(data)
    means: list[np.ndarray] = []
    scales: list[np.ndarray] = []
    for block in settings.blocks:
        width = {"embeddings": data.embeddings.shape[1], "features": data.features.shape[1],
                 "words": len(vocabulary)}[block]
        cols = x[:, sum(len(m) for m in means): sum(len(m) for m in means) + width]
        if block == "words":
            # Sparse TF-IDF is already on a common scale; centring it would only blur the zeros.
            mean, scale = np.zeros(width), np.full(width, 1.0 / settings.word_weight)
        else:
            mean, scale = cols.mean(axis=0), cols.std(axis=0)
            scale[scale < 1e-9] = 1.0  # a constant column carries nothing; keep it finite
            if block == "features":
                scale = scale / settings.feature_weight
        means.append(mean)
        scales.append(scale)
    mean, scale = np.concatenate(means), np.concatenate(scales)
    clf = LogisticRegression(C=settings.C, max_iter=10000, random_state=settings.seed,
                             class_weight="balanced" if settings.balanced else None)
    clf.fit((x - mean) / scale, y, sample_weight=weights)
    return Fitted(settings.blocks, vocabulary, idf, mean, scale, clf.coef_.copy(), clf.intercept_.copy())


def out_of_fold_logits(data: Inputs, y: np.ndarray, settings: Settings, folds: int = 5,
                       seed: int | None = None, weights: np.ndarray | None = None,
                       groups: Sequence[str] | None = None) -> np.ndarray:
    """Each row's logits from a model that never saw it (stratified k-fold).

    With `groups` (e.g. the page a real sentence came from), a group's rows
    stay in one fold, so a page's wording never helps to predict itself.
    """
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    out = np.zeros((len(y), len(LABELS)))
    state = settings.seed if seed is None else seed
    if groups is None:
        splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=state).split(data.embeddings, y)
    else:
        splits = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=state).split(
            data.embeddings, y, list(groups))
    for train, test in splits:
        w = None if weights is None else weights[train]
        out[test] = fit(data.take(train), y[train], settings, w).logits(data.take(test))
    return out


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature that minimises the negative log-likelihood of held-out logits."""
    from scipy.optimize import minimize_scalar

    def nll(t: float) -> float:
        p = softmax(logits / t)
        return float(-np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None)).mean())

    return float(minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded").x)


def expected_calibration_error(proba: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """The gap between confidence and accuracy, averaged over confidence bins."""
    conf = proba.max(axis=1)
    right = proba.argmax(axis=1) == y
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        inside = (conf > lo) & (conf <= hi)
        if inside.any():
            total += inside.mean() * abs(conf[inside].mean() - right[inside].mean())
    return float(total)


@dataclass(frozen=True)
class RealPart:
    """Labelled real sentences appended after a Dataset's rows (see nlp/tone/real.py)."""

    labels: tuple[str, ...]
    groups: tuple[str, ...]   # the page each sentence came from
    sha256: str

    @property
    def y(self) -> np.ndarray:
        return np.array([LABELS.index(label) for label in self.labels], dtype=np.int64)


def combined(dataset: Dataset, real: RealPart | None, settings: Settings) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Labels, sample weights and CV groups for the dataset's rows followed by the real rows."""
    n = len(dataset.labels)
    y = dataset.y if real is None else np.concatenate([dataset.y, real.y])
    weights = np.ones(len(y))
    weights[n:] = settings.real_weight
    groups = [f"written:{i}" for i in range(n)] + ([f"real:{g}" for g in real.groups] if real else [])
    return y, weights, groups


def train(dataset: Dataset, data: Inputs, settings: Settings = Settings(),
          embedding_sha256: str = EXPECTED_SHA256, version: str = "1.0.0",
          real: RealPart | None = None) -> ToneModel:
    """The shipped model: fitted on every row, calibrated on out-of-fold logits.

    `data` holds the dataset's rows and then, when `real` is given, the real
    sentences' rows (weighted `settings.real_weight`, folded by page).
    """
    if settings.blocks != ALL_BLOCKS:
        raise ValueError("the shipped model reads all three input blocks")
    from sklearn.metrics import f1_score

    y, weights, groups = combined(dataset, real, settings)
    if len(y) != len(data.texts):
        raise ValueError(f"{len(data.texts)} featurized rows for {len(y)} labels")
    oof = out_of_fold_logits(data, y, settings, weights=weights, groups=groups)
    temperature = fit_temperature(oof, y)
    fitted = fit(data, y, settings, weights)
    calibrated = softmax(oof / temperature)
    meta = {
        "version": version,
        "training": {
            "data_sha256": dataset.sha256,
            "files": list(dataset.files),
            "rows": len(y),
            "counts": {label: int((y == i).sum()) for i, label in enumerate(LABELS)},
            "C": settings.C,
            "feature_weight": settings.feature_weight,
            "word_weight": settings.word_weight,
            "word_min_df": settings.word_min_df,
            "seed": settings.seed,
            "real_rows": 0 if real is None else len(real.labels),
            "real_sha256": None if real is None else real.sha256,
            "real_weight": settings.real_weight,
            "cv_folds": 5,
            "cv_macro_f1": round(float(f1_score(y, oof.argmax(axis=1), average="macro")), 4),
            "cv_ece_raw": round(expected_calibration_error(softmax(oof), y), 4),
            "cv_ece_calibrated": round(expected_calibration_error(calibrated, y), 4),
        },
    }
    return ToneModel(LABELS, FEATURE_NAMES, fitted.vocabulary, DIM, embedding_sha256, fitted.idf, fitted.mean,
                     fitted.scale, fitted.coef, fitted.intercept, temperature, meta)
