"""TM003 evaluation, measured the way TM003 is used: held-out glossary variants.

For each workspace, the glossary variants that occur in its corpus (TM001's
findings) are removed from a copy of the glossary; `msgalign check --select
TM003` then runs on a copy of the workspace. Recall is the share of those
held-out occurrences TM003 reports, mapped to the right term; precision is
the share of TM003's findings that are held-out occurrences or that a
product marketer would act on (eval/realworld/judgments/TM003.yml, keyed by
workspace, path, line and excerpt hash; the held-out run's findings are the
shipped run's findings plus the held-out ones, so the same labels apply).

Workspaces: the synthetic ones in this repository (the example at the
root, tests/acceptance/workspace) and the real ones in ../shared/realworld
(skipped with a message when absent). Nothing is written outside a
temporary folder.

    python eval/eval_semantic.py [--show]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from msgalign.text.match import form_keys  # noqa: E402

REAL = ROOT / ".." / "shared" / "realworld"
JUDGMENTS = Path(__file__).parent / "realworld" / "judgments" / "TM003.yml"
SYNTHETIC = {"example": ROOT, "acceptance": ROOT / "tests" / "acceptance" / "workspace"}
REAL_NAMES = ("sourcegraph", "zulip", "supabase")
COPIED = ("msgalign.toml", "narrative.md", "glossary", "corpus", "templates")


def finding_hash(f: dict[str, Any]) -> str:
    text = " ".join((f.get("excerpt") or f["message"]).split()).casefold()
    return hashlib.sha1(text.encode()).hexdigest()[:10]


def where(f: dict[str, Any]) -> Any:
    loc = f["location"]
    return loc.get("line") or loc.get("block") or loc.get("slide") or loc.get("page")


def run(workspace: Path, select: str) -> tuple[list[dict[str, Any]], float]:
    code = (f"import sys; sys.path.insert(0, {str(ROOT / 'src')!r}); from msgalign.cli import main; "
            f"main(['check', '--select', {select!r}, '--format', 'json', '--quiet'])")
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], cwd=workspace, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if out.returncode not in (0, 1):
        raise SystemExit(f"msgalign failed in {workspace}: {out.stderr[-2000:]}")
    return json.loads(out.stdout)["findings"], seconds


def hold_out(workspace: Path) -> None:
    """Remove every term's variants from the workspace's glossary files (comments are lost)."""
    for path in sorted((workspace / "glossary").glob("*.y*ml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for term in data.get("terms") or []:
            term.pop("variants", None)
            term.pop("examples", None)  # examples use the variants
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def same_term(f: dict[str, Any], g: dict[str, Any]) -> bool:
    """TM001 keeps the variant's plural in its suggestion ('channels'); TM003 names the term."""
    return form_keys(f.get("suggestion") or "") == form_keys(g.get("suggestion") or "")


def same_place(f: dict[str, Any], g: dict[str, Any]) -> bool:
    a, b = f["location"], g["location"]
    if f["path"] != g["path"] or where(f) != where(g):
        return False
    if a.get("column") is None or b.get("column") is None:
        return (g.get("excerpt") or "").lower() in (f.get("excerpt") or "").lower()
    return bool(a["column"] <= b["column"] <= (a.get("end_column") or a["column"]) or
                b["column"] <= a["column"] <= (b.get("end_column") or b["column"]))


def _planted(f: dict[str, Any]) -> bool:
    """One of the TM003 findings the acceptance workspace's reviewer planted (tests/acceptance/expected.yml)."""
    expected = yaml.safe_load((ROOT / "tests" / "acceptance" / "expected.yml").read_text(encoding="utf-8"))
    return any(spec["rule"] == "TM003" and spec["path"] == f["path"] and str(spec.get("line", spec.get("block")))
               == str(where(f)) and spec["excerpt"].lower() in (f.get("excerpt") or "").lower()
               for spec in expected["findings"])


def evaluate(name: str, source: Path, labels: dict[tuple[str, str, str, str], str], show: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="tm003-eval-") as tmp:
        work = Path(tmp) / name
        work.mkdir()
        for part in COPIED:
            if (source / part).is_dir():
                shutil.copytree(source / part, work / part)
            elif (source / part).is_file():
                shutil.copy2(source / part, work / part)
        gold, _ = run(work, "TM001")
        hold_out(work)
        found, held_seconds = run(work, "TM003")
    found = [f for f in found if f["rule"] == "TM003"]
    gold = [g for g in gold if g["rule"] == "TM001"]
    recovered = [g for g in gold if any(same_place(f, g) and same_term(f, g)
                                        for f in found)]
    verdicts = []
    for f in found:
        if any(same_place(f, g) and same_term(f, g) for g in gold):
            verdicts.append("held-out")
        elif name == "acceptance" and _planted(f):
            verdicts.append("useful")
        else:
            verdicts.append(labels.get((name, f["path"], str(where(f)), finding_hash(f)), "unjudged"))
    good = sum(v in ("held-out", "useful") for v in verdicts)
    if show:
        for f, v in zip(found, verdicts, strict=True):
            print(f"    {v:<9} {f['path']}:{where(f)} {f['excerpt']!r} -> {f['suggestion']}")
    return {"name": name, "held_out": len(gold), "recovered": len(recovered), "findings": len(found),
            "good": good, "unjudged": verdicts.count("unjudged"),
            "held_seconds": held_seconds}


def load_labels() -> dict[tuple[str, str, str, str], str]:
    if not JUDGMENTS.exists():
        return {}
    rows = yaml.safe_load(JUDGMENTS.read_text(encoding="utf-8")) or []
    return {(r["ws"], r["path"], str(r["line"]), r["hash"]): r["verdict"] for r in rows}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", action="store_true", help="print every finding with its verdict")
    parser.add_argument("--only", help="one workspace by name")
    args = parser.parse_args()
    labels = load_labels()
    spaces = dict(SYNTHETIC)
    if REAL.is_dir():
        spaces.update({n: REAL / n for n in REAL_NAMES if (REAL / n).is_dir()})
    else:
        print(f"(real workspaces skipped: {REAL.resolve()} is absent)")
    print("TM003 held-out recovery: glossary variants removed, TM003 asked to find them again\n")
    print(f"{'workspace':<12} {'held out':>8} {'found':>6} {'recall':>7} {'findings':>9} {'precision':>10} "
          f"{'unjudged':>9} {'seconds':>8}")
    for name, source in spaces.items():
        if args.only and name != args.only:
            continue
        r = evaluate(name, source, labels, args.show)
        recall = r["recovered"] / r["held_out"] if r["held_out"] else 0.0
        precision = r["good"] / r["findings"] if r["findings"] else 0.0
        print(f"{name:<12} {r['held_out']:>8} {r['recovered']:>6} {recall:>7.2f} {r['findings']:>9} "
              f"{precision:>10.2f} {r['unjudged']:>9} {r['held_seconds']:>8.1f}", flush=True)
    print("\nprecision = (held-out occurrences + findings judged useful) / findings; "
          "unjudged findings count as not useful.")


if __name__ == "__main__":
    main()
