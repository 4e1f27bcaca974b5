"""The inspirational / actionable / neutral classifier's model (SPEC §4.1).

The model is a calibrated logistic regression over the sentence embedding,
linguistic features (features.py) and a small bag of words (ngrams.py),
shipped as plain arrays in msgalign/data/tone/ and rebuilt with numpy only.
Importing this package loads neither spaCy nor torch. Labelling a run's
documents with it is `msgalign.analysis.tone`.
"""
