"""The inspirational / actionable / neutral classifier (SPEC §4.1).

    from msgalign import tone
    tone.classify_texts(["Book a 30-minute pipeline review."], ctx)  # -> [ToneLabel(...)]
    tone.classify_document(doc, ctx)  # -> [(SentenceRef, ToneLabel), ...], memoised per run

The model is a calibrated logistic regression over the sentence embedding,
linguistic features (features.py) and a small bag of words (ngrams.py),
shipped as plain arrays in msgalign/data/tone/ and rebuilt with numpy only.
Importing this package loads neither spaCy nor torch.
"""

from __future__ import annotations

from .classify import (ClassifiedSentence, ToneLabel, ToneSentence, classify_document, classify_documents,
                       classify_lines, classify_paths, classify_texts, document_tone, tone_shares)
from .predictor import LABELS, ToneModel, load_model, packaged_model

__all__ = [
    "LABELS", "ClassifiedSentence", "ToneLabel", "ToneModel", "ToneSentence", "classify_document", "classify_documents",
    "classify_lines", "classify_paths", "classify_texts", "document_tone",
    "load_model", "packaged_model", "tone_shares",
]
