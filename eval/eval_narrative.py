"""NA001 / NA003 evaluation on eval/data/pillar_blocks.yml and audiences.yml.

For each labelled block: its best similarity to each pillar (as NA001 computes
it) and whether NA001 calls it off-narrative; reports precision, recall and F1
of the off-narrative call, and how often on-pillar blocks get the right pillar.

    python eval/eval_narrative.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from msgalign.analysis.pillars import off_narrative, pillar_sentences  # noqa: E402
from msgalign.analysis.sentences import mean_vector  # noqa: E402
from msgalign.nlp.embed import Embedder  # noqa: E402
from msgalign.rules.narrative import AUDIENCE_CUE, ICP_MISMATCH  # noqa: E402
from msgalign.text.sentences import split_sentences  # noqa: E402
from msgalign.workspace.narrative import parse_narrative  # noqa: E402

DATA = Path(__file__).parent / "data"


def prf(pred: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    tp = float((pred & y).sum())
    p, r = tp / max(pred.sum(), 1), tp / max(y.sum(), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    embedder = Embedder(cache_dir=Path(__file__).parent / ".cache")
    narratives = {k: parse_narrative(v["markdown"]) for k, v in
                  yaml.safe_load((DATA / "narratives.yml").read_text(encoding="utf-8")).items()}
    blocks = yaml.safe_load((DATA / "pillar_blocks.yml").read_text(encoding="utf-8"))
    y_none, pred_none, right_pillar, on_pillar = [], [], 0, 0
    sweep: dict[float, list[bool]] = {}
    for name, narrative in narratives.items():
        texts, owners = pillar_sentences(narrative)
        pv = embedder.encode(texts)
        mine = [b for b in blocks if b["narrative"] == name]
        # Exactly as NA001 sees a block: the normalised mean of its sentences' vectors.
        bv = [mean_vector(embedder.encode([s.text for s in split_sentences(b["text"])])) for b in mine]
        scores = np.stack([np.array([max(float(pv[j] @ v) for j in range(len(texts)) if owners[j] == i)
                                     for i in range(len(narrative.pillars))]) for v in bv])
        flags = off_narrative(scores.max(axis=1))
        for t in (0.25, 0.30, 0.35, 0.40):
            sweep.setdefault(t, []).extend(off_narrative(scores.max(axis=1), t))
        for b, s, flag in zip(mine, scores, flags, strict=True):
            y_none.append(b["pillar"] == "none")
            pred_none.append(bool(flag))
            if b["pillar"] != "none":
                on_pillar += 1
                right_pillar += narrative.pillars[int(np.argmax(s))].id == b["pillar"]
    p, r, f = prf(np.array(pred_none), np.array(y_none))
    print(f"NA001 off-narrative on {len(y_none)} blocks ({sum(y_none)} off): "
          f"precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    for t, flags_at in sweep.items():
        p, r, f = prf(np.array(flags_at), np.array(y_none))
        print(f"  threshold {t:.2f}: precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    print(f"pillar assignment of on-pillar blocks: {right_pillar}/{on_pillar} = {right_pillar / on_pillar:.3f}")

    audiences = yaml.safe_load((DATA / "audiences.yml").read_text(encoding="utf-8"))
    y, pred, cued = [], [], 0
    for a in audiences:
        icp = embedder.encode([narratives[a["narrative"]].icp, a["text"]])
        cued += bool(AUDIENCE_CUE.search(a["text"]))
        y.append(a["audience"] == "not_icp")
        pred.append(float(icp[0] @ icp[1]) < ICP_MISMATCH)
    p, r, f = prf(np.array(pred), np.array(y))
    print(f"NA003 ICP similarity on {len(y)} audience statements: precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}"
          f"  (audience cue found in {cued}/{len(y)})")


if __name__ == "__main__":
    main()
