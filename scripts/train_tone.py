"""Train the tone classifier on datasets/tone/ and ship it to src/msgalign/data/tone/.

    /work/main/.venv/bin/python scripts/train_tone.py
    /work/main/.venv/bin/python scripts/train_tone.py --version 1.1.0   # after the data changed

The data is every written sentence in datasets/tone/*.tsv plus the labelled
real sentences of datasets/tone/real/*.tsv on the pages that are not held out
(nlp/tone/real.py: labels are kept by hash, the text is read from
../shared/realworld/). Held-out pages are never trained on, so
eval/eval_tone.py can score the shipped model on them. Without the shared
folder the script stops (exit 2) rather than ship a different model; pass
--no-real to train on the written sentences only.

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
from msgalign.nlp.tone.real import load_real  # noqa: E402
from msgalign.nlp.tone.training import RealPart, Settings, featurize, load_dataset, train  # noqa: E402

REALWORLD = ROOT / ".." / "shared" / "realworld"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "datasets" / "tone", help="folder of *.tsv files")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "msgalign" / "data" / "tone")
    parser.add_argument("--version", default="2.0.0", help="the model's version, recorded in tone.json")
    parser.add_argument("--realworld", type=Path, default=REALWORLD, help="the shared real workspaces")
    parser.add_argument("--no-real", action="store_true", help="train on the written sentences only")
    args = parser.parse_args(argv)

    files = sorted(args.data.glob("*.tsv"))
    if not files:
        print(f"no *.tsv files in {args.data}", file=sys.stderr)
        return 2
    dataset = load_dataset(files)
    print(f"data: {len(dataset.texts)} sentences from {', '.join(dataset.files)}  {dataset.counts()}")
    print(f"data sha256: {dataset.sha256}")

    texts = list(dataset.texts)
    real = None
    if not args.no_real:
        if not args.realworld.is_dir():
            print(f"the real workspaces are not at {args.realworld}; pass --realworld PATH, or --no-real",
                  file=sys.stderr)
            return 2
        found = load_real(sorted((args.data / "real").glob("*.tsv")), args.realworld)
        keep = [i for i, held in enumerate(found.held_out()) if not held]
        real = RealPart(tuple(found.rows[i].label for i in keep),
                        tuple(f"{found.rows[i].ws}/{found.rows[i].path}" for i in keep), found.sha256)
        texts += [found.texts[i] for i in keep]
        print(f"real: {len(keep)} labelled sentences on training pages ({len(found.rows) - len(keep)} held out, "
              f"{len(found.missing)} not found), sha256 {found.sha256[:12]}")

    started = time.perf_counter()
    inputs = featurize(texts, Embedder(use_cache=False), load_pipeline())
    print(f"features: {time.perf_counter() - started:.1f}s")
    model = train(dataset, inputs, Settings(), embedding_sha256=EXPECTED_SHA256, version=args.version, real=real)
    npz, meta = save_model(model, args.out)
    reloaded = load_model(args.out)  # the shipped files must load with the runtime loader
    assert reloaded.n_inputs == model.n_inputs
    stats = model.meta["training"]
    print(f"model {args.version}: {len(model.vocabulary)} words, temperature {model.temperature:.3f}, "
          f"CV macro-F1 {stats['cv_macro_f1']:.3f}, ECE {stats['cv_ece_raw']:.3f} -> {stats['cv_ece_calibrated']:.3f}")
    def shown(path: Path) -> str:
        return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)

    print(f"wrote {shown(npz)} ({npz.stat().st_size // 1024} KiB) and {shown(meta)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
