"""TM003 evaluation: how well the semantic-variant scorer separates unlisted
names for a glossary term from look-alikes, on eval/data/semantic_variants.yml.

Prints per-feature separation, 5-fold cross-validated precision / recall / F1
of the logistic scorer at the shipped threshold, and (with --fit) the
coefficients to ship in src/msgalign/analysis/semantic.py.

    python eval/eval_semantic.py [--fit]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from msgalign.analysis.semantic import COEFFICIENTS, FEATURES, THRESHOLD, pair_features, probability  # noqa: E402
from msgalign.glossary.types import Term  # noqa: E402
from msgalign.nlp.embed import Embedder  # noqa: E402
from msgalign.nlp.pipeline import load_pipeline  # noqa: E402

DATA = Path(__file__).parent / "data"
REG = 10.0  # weak regularisation: the features are similarities in [0, 1]


def load() -> tuple[np.ndarray, np.ndarray, list[dict]]:
    glossaries = yaml.safe_load((DATA / "semantic_glossaries.yml").read_text(encoding="utf-8"))
    items = yaml.safe_load((DATA / "semantic_variants.yml").read_text(encoding="utf-8"))
    embedder = Embedder(cache_dir=Path(__file__).parent / ".cache")
    nlp = load_pipeline()
    X, y = [], []
    for item in items:
        terms = [Term(t["term"], t.get("definition", ""), tuple(t.get("variants", [])))
                 for t in glossaries[item["glossary"]]["terms"]]
        index = next(i for i, t in enumerate(terms) if t.term == item["term"])
        start = item["sentence"].index(item["phrase"])
        feats = pair_features(embedder, terms, item["sentence"], start, start + len(item["phrase"]), nlp)
        X.append(feats[index])
        y.append(item["label"] == "variant")
    return np.array(X), np.array(y), items


def prf(pred: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    tp = float((pred & y).sum())
    p = tp / max(pred.sum(), 1)
    r = tp / max(y.sum(), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fit", action="store_true", help="print coefficients fitted on all the data")
    args = parser.parse_args()
    X, y, _ = load()
    print(f"{len(y)} labelled pairs: {int(y.sum())} variants, {int((~y).sum())} look-alikes\n")
    print("feature               variant  look-alike")
    for j, name in enumerate(FEATURES):
        print(f"{name:<20} {X[y, j].mean():8.3f} {X[~y, j].mean():10.3f}")

    shipped = (probability(X, COEFFICIENTS) >= THRESHOLD if len(COEFFICIENTS) == X.shape[1] + 1
               else np.zeros(len(y), bool))
    p, r, f = prf(shipped, y)
    print(f"\nshipped scorer (threshold {THRESHOLD}): precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=7)
    probs = np.zeros(len(y))
    for train, test in folds.split(X, y):
        model = LogisticRegression(C=REG, max_iter=1000).fit(X[train], y[train])
        probs[test] = model.predict_proba(X[test])[:, 1]
    print("\n5-fold cross-validated (refitted on each fold):")
    print("threshold  precision  recall  F1")
    for t in (0.4, 0.5, 0.6, 0.7, 0.8):
        p, r, f = prf(probs >= t, y)
        print(f"{t:9.2f} {p:10.3f} {r:7.3f} {f:5.3f}")
    if args.fit:
        model = LogisticRegression(C=REG, max_iter=1000).fit(X, y)
        coefs = [round(float(model.intercept_[0]), 4)] + [round(float(c), 4) for c in model.coef_[0]]
        print(f"\nCOEFFICIENTS = {tuple(coefs)}  # intercept, then {', '.join(FEATURES)}")


if __name__ == "__main__":
    main()
