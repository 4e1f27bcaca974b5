"""Train the tone classifier on datasets/tone/*.tsv and ship it to src/msgalign/data/tone/.

    /work/main/.venv/bin/python scripts/train_tone.py
    /work/main/.venv/bin/python scripts/train_tone.py --version 1.1.0   # after the data changed

The model is written as tone.npz (arrays, no pickle) and tone.json (labels,
feature layout, vocabulary, embedding fingerprint, data hash, calibration,
version, cross-validated macro-F1). Retraining on the same data on the same
machine gives the same bytes. Measure a model with eval/eval_tone.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from msgalign.nlp.embed import EXPECTED_SHA256, Embedder  # noqa: E402
from msgalign.nlp.pipeline import load_pipeline  # noqa: E402
from msgalign.nlp.tone.predictor import load_model, save_model  # noqa: E402
from msgalign.nlp.tone.training import Settings, featurize, load_dataset, train  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "datasets" / "tone", help="folder of *.tsv files")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "msgalign" / "data" / "tone")
    parser.add_argument("--version", default="1.0.0", help="the model's version, recorded in tone.json")
    args = parser.parse_args(argv)

    files = sorted(args.data.glob("*.tsv"))
    if not files:
        print(f"no *.tsv files in {args.data}", file=sys.stderr)
        return 2
    dataset = load_dataset(files)
    print(f"data: {len(dataset.texts)} sentences from {', '.join(dataset.files)}  {dataset.counts()}")
    print(f"data sha256: {dataset.sha256}")

    started = time.perf_counter()
    inputs = featurize(dataset.texts, Embedder(use_cache=False), load_pipeline())
    print(f"features: {time.perf_counter() - started:.1f}s")
    model = train(dataset, inputs, Settings(), embedding_sha256=EXPECTED_SHA256, version=args.version)
    npz, meta = save_model(model, args.out)
    reloaded = load_model(args.out)  # the shipped files must load with the runtime loader
    assert reloaded.n_inputs == model.n_inputs
    stats = model.meta["training"]
    print(f"model {args.version}: {len(model.vocabulary)} words, temperature {model.temperature:.3f}, "
          f"CV macro-F1 {stats['cv_macro_f1']:.3f}, ECE {stats['cv_ece_raw']:.3f} -> {stats['cv_ece_calibrated']:.3f}")
    print(f"wrote {npz.relative_to(ROOT)} ({npz.stat().st_size // 1024} KiB) and {meta.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
