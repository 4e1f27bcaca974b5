"""The shipped tone classifier, rebuilt from plain arrays with numpy only.

A model is two files in `data/tone/`: `tone.npz` (word IDF, scaler mean and
scale, coefficients, intercepts; loaded with `allow_pickle=False`) and
`tone.json` (label order, feature layout, word vocabulary, the embedding
model's fingerprint, the training data hash, the calibration temperature and
the version). Nothing is
unpickled, so a model file can never run code, and the JSON says exactly what
the arrays were trained on: a model trained on other features or another
embedding model is refused with a ModelError that says how to fix it.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from msgalign.errors import ModelError
from msgalign.nlp.embed import DIM, EXPECTED_SHA256
from msgalign.nlp.tone import ngrams
from msgalign.nlp.tone.features import FEATURE_NAMES, FEATURES_VERSION

FORMAT = "msgalign-tone"
FORMAT_VERSION = 1
LABELS: tuple[str, ...] = ("inspirational", "actionable", "neutral")
_ARRAYS = ("idf", "mean", "scale", "coef", "intercept")
RETRAIN_HINT = "retrain it with `python scripts/train_tone.py` or reinstall msgalign."


@dataclass(frozen=True, eq=False)
class ToneModel:
    """A multinomial logistic regression on standardised [embedding ‖ features ‖ words], temperature-calibrated."""

    labels: tuple[str, ...]
    feature_names: tuple[str, ...]
    vocabulary: tuple[str, ...]
    embedding_dim: int
    embedding_sha256: str
    idf: np.ndarray         # (vocabulary,)
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray        # (labels, inputs)
    intercept: np.ndarray   # (labels,)
    temperature: float = 1.0
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def n_inputs(self) -> int:
        return self.embedding_dim + len(self.feature_names) + len(self.vocabulary)

    def logits(self, embeddings: np.ndarray, features: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        emb = np.asarray(embeddings, dtype=np.float64)
        feats = np.asarray(features, dtype=np.float64)
        if emb.ndim != 2 or emb.shape[1] != self.embedding_dim or feats.ndim != 2 \
                or feats.shape[1] != len(self.feature_names) or not len(emb) == len(feats) == len(texts):
            raise ModelError(f"the tone model expects {self.embedding_dim} embedding values and "
                             f"{len(self.feature_names)} features per sentence, got {emb.shape} and {feats.shape}; "
                             + RETRAIN_HINT)
        x = np.hstack([emb, feats, ngrams.transform(texts, self.vocabulary, self.idf)])
        logits: np.ndarray = ((x - self.mean) / self.scale) @ self.coef.T + self.intercept
        return logits

    def predict_proba(self, embeddings: np.ndarray, features: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, one row per sentence, columns in `labels` order."""
        if len(texts) == 0:
            return np.zeros((0, len(self.labels)))
        return softmax(self.logits(embeddings, features, texts) / self.temperature)

    def check_embedder(self, fingerprint: str) -> None:
        """Refuse vectors from another sentence model: the coefficients would mean nothing."""
        if fingerprint != self.embedding_sha256:
            raise ModelError(
                f"the tone classifier was trained on embeddings from the model with fingerprint "
                f"{self.embedding_sha256[:12]}…, but the configured sentence model is {fingerprint[:12]}…. "
                "Use the packaged all-MiniLM-L6-v2 (remove [model] embedding from msgalign.toml), or "
                + RETRAIN_HINT
            )


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    probabilities: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return probabilities


def packaged_model_dir() -> Path:
    return Path(str(resources.files("msgalign").joinpath("data/tone")))


def save_model(model: ToneModel, folder: Path, stem: str = "tone") -> tuple[Path, Path]:
    """Write the arrays and their description; the JSON pins the arrays' SHA-256."""
    folder.mkdir(parents=True, exist_ok=True)
    npz_path, json_path = folder / f"{stem}.npz", folder / f"{stem}.json"
    arrays = {name: np.asarray(getattr(model, name), dtype=np.float64) for name in _ARRAYS}
    _write_npz(npz_path, arrays)
    description = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        **model.meta,
        "labels": list(model.labels),
        "features": {"version": FEATURES_VERSION, "names": list(model.feature_names)},
        "words": {"vocabulary": list(model.vocabulary)},
        "embedding": {"name": "all-MiniLM-L6-v2", "dim": model.embedding_dim, "sha256": model.embedding_sha256},
        "calibration": {"method": "temperature", "temperature": model.temperature},
        "arrays_sha256": _sha256(npz_path),
    }
    json_path.write_text(json.dumps(description, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return npz_path, json_path


def load_model(folder: Path | None = None, stem: str = "tone") -> ToneModel:
    """Rebuild a model from its files, checking that it matches this code's feature layout."""
    folder = folder or packaged_model_dir()
    npz_path, json_path = folder / f"{stem}.npz", folder / f"{stem}.json"
    if not npz_path.is_file() or not json_path.is_file():
        raise ModelError(f"no tone model in {folder} (expected {stem}.npz and {stem}.json); " + RETRAIN_HINT)
    try:
        meta = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read {json_path}: {exc}; " + RETRAIN_HINT) from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"{json_path} is not a msgalign tone model of format version {FORMAT_VERSION}; "
                         + RETRAIN_HINT)
    if meta.get("arrays_sha256") != _sha256(npz_path):
        raise ModelError(f"{npz_path.name} does not match {json_path.name} (SHA-256 differs); " + RETRAIN_HINT)
    try:
        features = meta["features"]
        embedding = meta["embedding"]
        labels = tuple(meta["labels"])
        names = tuple(features["names"])
        vocabulary = tuple(str(w) for w in meta["words"]["vocabulary"])
        temperature = float(meta["calibration"]["temperature"])
        dim = int(embedding["dim"])
        sha = str(embedding["sha256"])
        version = int(features["version"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"{json_path} lacks {exc}; " + RETRAIN_HINT) from None
    if names != FEATURE_NAMES or version != FEATURES_VERSION:
        raise ModelError(
            f"the tone model was trained on feature layout v{version} ({len(names)} features), but this msgalign "
            f"computes layout v{FEATURES_VERSION} ({len(FEATURE_NAMES)} features); " + RETRAIN_HINT)
    if dim != DIM:
        raise ModelError(f"the tone model expects {dim}-dimensional embeddings, the sentence model gives {DIM}; "
                         + RETRAIN_HINT)
    if set(labels) != set(LABELS) or len(labels) != len(LABELS):
        raise ModelError(f"the tone model's labels {labels} are not {LABELS}; " + RETRAIN_HINT)
    try:
        with np.load(npz_path, allow_pickle=False) as data:
            arrays = {name: np.asarray(data[name], dtype=np.float64) for name in _ARRAYS}
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"cannot read {npz_path}: {exc}; " + RETRAIN_HINT) from None
    d, k = dim + len(names) + len(vocabulary), len(labels)
    shapes = {"idf": (len(vocabulary),), "mean": (d,), "scale": (d,), "coef": (k, d), "intercept": (k,)}
    for name, shape in shapes.items():
        if arrays[name].shape != shape:
            raise ModelError(f"{npz_path.name}: '{name}' has shape {arrays[name].shape}, expected {shape}; "
                             + RETRAIN_HINT)
    if not all(np.isfinite(a).all() for a in arrays.values()) or (arrays["scale"] <= 0).any() or temperature <= 0:
        raise ModelError(f"{npz_path.name} holds non-finite or non-positive values; " + RETRAIN_HINT)
    rest = {k_: v for k_, v in meta.items() if k_ in ("version", "training", "created_by")}
    return ToneModel(labels, names, vocabulary, dim, sha, arrays["idf"], arrays["mean"], arrays["scale"],
                     arrays["coef"], arrays["intercept"], temperature, rest)


@lru_cache(maxsize=1)
def packaged_model() -> ToneModel:
    """The model shipped with msgalign, loaded once per process."""
    model = load_model()
    if model.embedding_sha256 != EXPECTED_SHA256:
        raise ModelError("the packaged tone model was trained on another sentence model than the packaged "
                         "all-MiniLM-L6-v2; " + RETRAIN_HINT)
    return model


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """An .npz with fixed member dates, so retraining on the same data gives the same bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            archive.writestr(zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0)), buffer.getvalue())


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
