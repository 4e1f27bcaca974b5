"""msgalign TM001/TM002 against textlint + textlint-rule-terminology, on the same corpus and terms.

    .venv/bin/python benchmarks/terminology_vs_textlint.py [--files 500] [--runs 3] [--seed 7]

1. Generates (seeded, deterministic) N Markdown files of ~400 words of GTM prose
   into benchmarks/.work/terminology/corpus, with YAML front matter, fenced code,
   inline code and URLs. The 14 glossary variants appear in prose (singular,
   plural, possessive, hyphenated) and also inside code, URLs and front matter,
   where they must not be flagged.
2. Writes the same 14 entries as a msgalign glossary (glossary/terms.yml) and as
   a textlint-rule-terminology config (.textlintrc.json).
3. Installs pinned textlint + textlint-rule-terminology into benchmarks/.work/node
   (npm install --prefix; never global).
4. Times both tools, interleaved, after one untimed warm-up run each: wall time
   (perf_counter around subprocess.run) and peak RSS (getrusage(RUSAGE_CHILDREN)
   in a fresh runner process per run).
5. Compares findings normalised to (file, line, column, matched text) and counts
   findings inside code, URLs and front matter.

Results: a table on stdout and benchmarks/results/terminology_vs_textlint.json.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
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

NAME = "terminology_vs_textlint"
TEXTLINT_VERSION = "15.8.0"
RULE_VERSION = "5.2.16"
NODE_DIR = WORK_DIR / "node"
BENCH_WORK = WORK_DIR / "terminology"


# --------------------------------------------------------------------------- corpus

def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def make_file(rng: random.Random, index: int) -> tuple[str, str, int]:
    """One Markdown asset: (team, text, words of prose)."""
    f = P.Filler(rng)
    team = rng.choice(["marketing", "sales", "cs"])
    channel = {"marketing": "website", "sales": "deck", "cs": "playbook"}[team]
    title = _cap(f.fill(rng.choice(P.TITLES)))
    fm = [
        "---",
        f"title: \"{title}\"",
        f"team: {team}",
        f"channel: {channel}",
        f"date: 2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        f"author: {rng.choice(['Lena Ortiz', 'Sam Okafor', 'Priya Nair', 'Jonas Berg', 'Mei Chen'])}",
        f"slug: {rng.choice(['revenue-hub', 'account-map', 'buying-alerts', 'runbook', 'evangelists'])}-{index:03d}",
        *rng.sample(P.FRONT_MATTER_EXTRAS, 2),
        "---",
    ]
    parts: list[str] = [f"# {title}", f.paragraph(rng.randint(3, 4))]
    prose_words = P.words(parts[-1]) + P.words(title)
    target = rng.randint(360, 410)
    extras = ["code", "url", "inline", "url"]
    if rng.random() < 0.4:
        extras.append("quote")
    if rng.random() < 0.25:
        extras.append("table")
    if rng.random() < 0.3:
        extras.append("code")
    rng.shuffle(extras)
    while prose_words < target:
        kind = extras.pop() if extras and rng.random() < 0.6 else rng.choice(["para", "para", "list", "heading"])
        if kind == "heading" and parts[-1].startswith("#"):
            kind = "para"
        if kind == "heading":
            text = "## " + _cap(f.fill(rng.choice(P.HEADINGS)))
        elif kind == "para":
            text = f.paragraph(rng.randint(2, 5))
        elif kind == "list":
            items = rng.sample(P.LIST_ITEMS, rng.randint(3, 5))
            marker = "- " if rng.random() < 0.7 else "1. "
            text = "\n".join(marker + f.fill(i) for i in items)
        elif kind == "code":
            lang, body = rng.choice(P.CODE_BLOCKS)
            parts.append(f"```{lang}\n{body}```")
            continue
        elif kind == "url":
            s = rng.choice(P.URL_SENTENCES).replace("{url}", rng.choice(P.URLS))
            text = f.paragraph(rng.randint(1, 2)) + " " + s
        elif kind == "inline":
            s = rng.choice(P.INLINE_CODE_SENTENCES).replace("{code}", rng.choice(P.INLINE_CODE))
            text = s + " " + f.paragraph(rng.randint(1, 2))
        elif kind == "quote":
            text = ("> " + f.fill(rng.choice(P.QUOTES))
                    + f"\n> — {rng.choice(P.ROLES).title()}, {rng.choice(P.CUSTOMERS)}")
        else:  # table
            rows = rng.sample(P.METRICS, 3)
            text = "| Metric | Before | After |\n|---|---|---|\n" + "\n".join(
                f"| {_cap(m)} | {rng.choice(P.NUMBERS)} | {rng.choice(P.NUMBERS)} |" for m in rows)
        parts.append(text)
        prose_words += P.words(text)
    parts.append(f.fill(rng.choice(P.CTAS)))
    prose_words += P.words(parts[-1])
    return team, "\n".join(fm) + "\n\n" + "\n\n".join(parts) + "\n", prose_words


def generate_corpus(root: Path, n_files: int, seed: int) -> dict[str, Any]:
    corpus = root / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    rng = random.Random(seed)
    total_words = prose = 0
    for i in range(n_files):
        team, text, prose_words = make_file(rng, i)
        prose += prose_words
        path = corpus / team / f"{i:03d}-asset.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        total_words += P.words(text)
    return {"files": n_files, "seed": seed, "words_total": total_words,
            "words_per_file_mean": round(total_words / n_files, 1),
            "prose_words_per_file_mean": round(prose / n_files, 1),
            "bytes_total": sum(p.stat().st_size for p in corpus.rglob("*.md"))}


def write_glossaries(root: Path) -> None:
    (root / "glossary").mkdir(parents=True, exist_ok=True)
    lines = ["# 14 entries: 12 substitutions (variant -> term) and 2 casing-only names.", "terms:"]
    for e in P.ENTRIES:
        lines.append(f"  - term: {e.term}")
        if e.definition:
            lines.append(f"    definition: {e.definition}")
        if e.variant:
            lines.append(f"    variants: [{e.variant}]")
            lines.append("    case: any")
        else:
            lines.append("    case: exact")
    (root / "glossary" / "terms.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "msgalign.toml").write_text(
        'glossary = ["glossary"]\ncorpus = ["corpus"]\ncache-dir = ".msgalign-cache"\n', encoding="utf-8")
    (root / ".textlintrc.json").write_text(json.dumps(textlint_config(plural_aware=True), indent=2) + "\n")
    (root / ".textlintrc.literal.json").write_text(json.dumps(textlint_config(plural_aware=False), indent=2) + "\n")


def textlint_config(plural_aware: bool) -> dict[str, Any]:
    """The same 14 entries for textlint-rule-terminology.

    plural_aware: the idiom from the rule's README (`["web[- ]?site(s?)", "site$1"]`):
    words joined by space or hyphen, an optional plural `s` carried into the term.
    Otherwise: the literal variant -> term pairs a user would paste first.
    `skip: []` so blockquotes are checked too (the rule skips them by default;
    msgalign checks quoted prose).
    """
    terms: list[Any] = []
    for e in P.ENTRIES:
        if e.variant is None:
            terms.append(e.term)  # exact spelling, any other casing is reported
        elif plural_aware:
            pattern = r"[- ]".join(re.escape(w) for w in e.variant.split(" ")) + "(s?)"
            terms.append([pattern, e.term + "$1"])
        else:
            terms.append([e.variant, e.term])
    return {"rules": {"terminology": {"defaultTerms": False, "skip": [], "terms": terms}}}


# --------------------------------------------------------------------------- tools

def ensure_textlint() -> dict[str, str]:
    bin_path = NODE_DIR / "node_modules" / ".bin" / "textlint"

    def installed(pkg: str) -> str | None:
        p = NODE_DIR / "node_modules" / pkg / "package.json"
        return json.loads(p.read_text())["version"] if p.is_file() else None

    if not (bin_path.exists() and installed("textlint") == TEXTLINT_VERSION
            and installed("textlint-rule-terminology") == RULE_VERSION):
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        (NODE_DIR / "package.json").write_text(json.dumps({
            "name": "msgalign-benchmark-peers", "private": True,
            "dependencies": {"textlint": TEXTLINT_VERSION, "textlint-rule-terminology": RULE_VERSION},
        }, indent=2) + "\n")
        print(f"installing textlint@{TEXTLINT_VERSION} textlint-rule-terminology@{RULE_VERSION} "
              f"into {NODE_DIR} ...", file=sys.stderr)
        subprocess.run(["npm", "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund",
                        "--loglevel=error"], check=True)
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout.strip()
    return {"textlint": installed("textlint") or "?",
            "textlint-rule-terminology": installed("textlint-rule-terminology") or "?",
            "node": node, "bin": str(bin_path)}


def msgalign_cmd() -> list[str]:
    return [msgalign_executable(), "check", "corpus", "--format", "json", "--select", "TM001,TM002",
            "--no-cache", "--quiet"]


def textlint_cmd(bin_path: str, config: str = ".textlintrc.json") -> list[str]:
    return [bin_path, "--config", config, "--format", "json", "corpus/**/*.md"]


# --------------------------------------------------------------------------- findings

class FileIndex:
    """Line starts and the regions of one file that must never be flagged."""

    _FENCE = re.compile(r"^```[^\n]*\n.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)
    _INLINE = re.compile(r"`[^`\n]+`")
    _URL = re.compile(r"https?://[^\s)>\]]+")

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.regions: list[tuple[int, int, str]] = []
        fm = re.match(r"---\n.*?\n---\n", text, re.DOTALL)
        if fm:
            self.regions.append((0, fm.end(), "front matter"))
        fences = [(m.start(), m.end()) for m in self._FENCE.finditer(text)]
        self.regions += [(s, e, "code block") for s, e in fences]
        for rx, kind in ((self._INLINE, "inline code"), (self._URL, "url")):
            for m in rx.finditer(text):
                if not any(s <= m.start() < e for s, e in fences):
                    self.regions.append((m.start(), m.end(), kind))

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line - 1] + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def region(self, start: int, end: int) -> str:
        for s, e, kind in self.regions:
            if start < e and s < end:
                return kind
        return "prose"

    def context(self, start: int, end: int, width: int = 40) -> str:
        a, b = max(0, start - width), min(len(self.text), end + width)
        snippet = self.text[a:start] + "[" + self.text[start:end] + "]" + self.text[end:b]
        return snippet.replace("\n", "⏎")


Key = tuple[str, int, int, str]


def msgalign_findings(out: Path, root: Path, files: dict[str, FileIndex]) -> dict[Key, dict[str, Any]]:
    data = json.loads(out.read_text(encoding="utf-8"))
    found = {}
    for f in data["findings"]:
        if f["rule"] not in ("TM001", "TM002"):
            continue
        path = f["path"]
        loc = f["location"]
        idx = files[path]
        start = idx.offset(loc["line"], loc["column"])
        end = start + len(f["excerpt"])
        found[(path, loc["line"], loc["column"], f["excerpt"])] = {
            "rule": f["rule"], "start": start, "end": end, "region": idx.region(start, end)}
    return found


_MESSAGE = re.compile(r"Incorrect term: “(.*?)”")


def textlint_findings(out: Path, root: Path, files: dict[str, FileIndex]) -> dict[Key, dict[str, Any]]:
    data = json.loads(out.read_text(encoding="utf-8"))
    found = {}
    for result in data:
        path = Path(result["filePath"]).resolve().relative_to(root.resolve()).as_posix()
        idx = files[path]
        for m in result["messages"]:
            if m.get("ruleId") != "terminology":
                continue
            if m.get("fix"):
                start, end = m["fix"]["range"]
            else:
                start = idx.offset(m["line"], m["column"])
                mm = _MESSAGE.search(m["message"])
                end = start + len(mm.group(1) if mm else "")
            line, col = idx.position(start)
            found[(path, line, col, idx.text[start:end])] = {
                "rule": "terminology", "start": start, "end": end, "region": idx.region(start, end)}
    return found


_VARIANTS = {e.variant.lower() for e in P.ENTRIES if e.variant}


def why_different(idx: FileIndex, info: dict[str, Any]) -> str:
    if info["region"] != "prose":
        return f"inside {info['region']}"
    after = idx.text[info["end"]: info["end"] + 2]
    matched = idx.text[info["start"]: info["end"]].lower()
    if after[:1] in ("'", "’") and after[1:2] == "s":
        return "possessive ('s)"
    if after[:1] in ("'", "’"):
        return "possessive (')"
    if "-" in matched and matched.replace("-", " ").rstrip("s") in _VARIANTS:
        return "hyphenated"
    if matched not in _VARIANTS and matched.endswith("s") and matched[:-1] in _VARIANTS:
        return "plural"
    return "other"


def compare(ma: dict[Key, dict[str, Any]], tl: dict[Key, dict[str, Any]],
            files: dict[str, FileIndex], n_examples: int = 5) -> dict[str, Any]:
    both = ma.keys() & tl.keys()
    only_ma = sorted(ma.keys() - tl.keys())
    only_tl = sorted(tl.keys() - ma.keys())

    def describe(keys: list[Key], src: dict[Key, dict[str, Any]]) -> dict[str, Any]:
        reasons = Counter(why_different(files[k[0]], src[k]) for k in keys)
        examples = []
        seen: set[str] = set()
        for k in keys:  # one example per reason first, then fill up
            reason = why_different(files[k[0]], src[k])
            if reason not in seen:
                seen.add(reason)
                examples.append(k)
        examples += [k for k in keys if k not in examples][: max(0, n_examples - len(examples))]
        return {
            "count": len(keys),
            "by_reason": dict(reasons.most_common()),
            "examples": [{"path": k[0], "line": k[1], "column": k[2], "text": k[3],
                          "reason": why_different(files[k[0]], src[k]),
                          "context": files[k[0]].context(src[k]["start"], src[k]["end"])} for k in examples],
        }

    def regions(src: dict[Key, dict[str, Any]]) -> dict[str, int]:
        c = Counter(v["region"] for v in src.values())
        return {k: c.get(k, 0) for k in ("prose", "front matter", "code block", "inline code", "url")}

    ma_prose = {k for k, v in ma.items() if v["region"] == "prose"}
    tl_prose = {k for k, v in tl.items() if v["region"] == "prose"}
    return {
        "msgalign_total": len(ma), "textlint_total": len(tl), "both": len(both),
        "prose": {"msgalign": len(ma_prose), "textlint": len(tl_prose), "both": len(ma_prose & tl_prose),
                  "only_msgalign": len(ma_prose - tl_prose), "only_textlint": len(tl_prose - ma_prose)},
        "only_msgalign": describe(only_ma, ma), "only_textlint": describe(only_tl, tl),
        "msgalign_by_region": regions(ma), "textlint_by_region": regions(tl),
        "msgalign_by_rule": dict(Counter(v["rule"] for v in ma.values())),
    }


def profile_msgalign(root: Path, env: dict[str, str], top: int = 15) -> dict[str, Any]:
    """One cProfile'd run; the msgalign (and markdown/yaml) functions with the most cumulative time."""
    import pstats

    prof = root / "out" / "msgalign.prof"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), *msgalign_cmd()]
    subprocess.run(cmd, cwd=root, env=env, stdout=subprocess.DEVNULL, check=False)
    stats = pstats.Stats(str(prof))
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if "/msgalign/" in file or "/markdown_it/main" in file or "/yaml/__init__" in file:
            short = file.split("/msgalign/", 1)[-1] if "/msgalign/" in file else file.rsplit("/site-packages/", 1)[-1]
            rows.append({"function": f"{short}:{line}({func})", "calls": nc,
                         "tottime_s": round(tt, 3), "cumtime_s": round(ct, 3)})
    rows.sort(key=lambda r: -r["cumtime_s"])
    skip = ("cli/", "api.py")
    rows = [r for r in rows if not r["function"].startswith(skip)]
    return {"total_s": round(stats.total_tt, 3), "top": rows[:top]}  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-results", action="store_true", help="do not write results/*.json")
    ap.add_argument("--profile", action="store_true",
                    help="also run msgalign once under cProfile and report its hottest functions")
    args = ap.parse_args()

    root = BENCH_WORK
    root.mkdir(parents=True, exist_ok=True)
    corpus_info = generate_corpus(root, args.files, args.seed)
    write_glossaries(root)
    tools = ensure_textlint()
    env = dict(os.environ, NO_COLOR="1")

    files = {p.relative_to(root).as_posix(): FileIndex(p.read_text(encoding="utf-8"))
             for p in sorted((root / "corpus").rglob("*.md"))}
    out_dir = root / "out"
    out_dir.mkdir(exist_ok=True)
    commands = {"msgalign": msgalign_cmd(), "textlint": textlint_cmd(tools["bin"])}

    print(f"corpus: {corpus_info['files']} files, {corpus_info['words_total']} words "
          f"(~{corpus_info['words_per_file_mean']:.0f}/file, ~{corpus_info['prose_words_per_file_mean']:.0f} "
          f"of them prose) in {root / 'corpus'}", file=sys.stderr)
    load_before = os.getloadavg()
    src_before = source_fingerprint()
    env_info = environment()
    for name, cmd in commands.items():  # warm-up: disk cache, .pyc, node's compile cache
        measured_run(cmd, cwd=root, env=env, stdout_path=out_dir / f"{name}.warmup.json")
    runs: dict[str, list[dict[str, Any]]] = {n: [] for n in commands}
    for i in range(args.runs):
        for name, cmd in (commands.items() if i % 2 == 0 else reversed(commands.items())):
            r = measured_run(cmd, cwd=root, env=env, stdout_path=out_dir / f"{name}.{i}.json")
            if r["returncode"] not in (0, 1):
                print(f"{name} failed (exit {r['returncode']}):\n{r['stderr']}", file=sys.stderr)
                return 2
            print(f"  run {i + 1}: {name:<9} {r['wall_s']:.3f} s  {r['peak_rss_mib']:.0f} MiB", file=sys.stderr)
            runs[name].append(r)

    load_after = os.getloadavg()
    stable = {name: len({(out_dir / f"{name}.{i}.json").read_bytes() for i in range(args.runs)}) == 1
              for name in commands}
    for name, same in stable.items():
        if not same:
            print(f"warning: {name} printed different output across the timed runs", file=sys.stderr)
    literal = measured_run(textlint_cmd(tools["bin"], ".textlintrc.literal.json"), cwd=root, env=env,
                           stdout_path=out_dir / "textlint-literal.json")

    ma = msgalign_findings(out_dir / "msgalign.0.json", root, files)
    tl = textlint_findings(out_dir / "textlint.0.json", root, files)
    tl_literal = textlint_findings(out_dir / "textlint-literal.json", root, files)
    cmp = compare(ma, tl, files)
    cmp_literal = compare(ma, tl_literal, files)
    stats = {name: summarize_runs(rs) for name, rs in runs.items()}
    ratio_min = stats["textlint"]["min_s"] / stats["msgalign"]["min_s"]
    ratio_median = stats["textlint"]["median_s"] / stats["msgalign"]["median_s"]
    ratio_cpu = min(stats["textlint"]["cpu_s"]) / min(stats["msgalign"]["cpu_s"])

    print()
    print(table(["tool", "min s", "median s", "min CPU s", "peak RSS MiB", "findings"], [
        [f"msgalign {env_info['msgalign']} (TM001,TM002)", stats["msgalign"]["min_s"],
         stats["msgalign"]["median_s"], min(stats["msgalign"]["cpu_s"]), stats["msgalign"]["peak_rss_mib_max"],
         cmp["msgalign_total"]],
        [f"textlint {tools['textlint']} + terminology {tools['textlint-rule-terminology']}",
         stats["textlint"]["min_s"], stats["textlint"]["median_s"], min(stats["textlint"]["cpu_s"]),
         stats["textlint"]["peak_rss_mib_max"], cmp["textlint_total"]],
    ], title=f"{args.runs} runs each, {args.files} Markdown files, 14 glossary entries"))
    print(f"\ntextlint / msgalign wall time: {ratio_min:.2f}x (min), {ratio_median:.2f}x (median)"
          f"  -> msgalign {'is' if ratio_median >= 1 else 'is NOT'} at least as fast;"
          f" CPU time: {ratio_cpu:.2f}x")
    print(f"load average (1 min) before/after the timed runs: {load_before[0]:.2f} / {load_after[0]:.2f}"
          f" on {os.cpu_count()} CPUs"
          + ("  (busy machine: wall times are noisy)" if max(load_before[0], load_after[0]) > 1.0 else ""))
    print()
    print(table(["region", "msgalign", "textlint", "textlint (literal pairs)"], [
        [k, cmp["msgalign_by_region"][k], cmp["textlint_by_region"][k], cmp_literal["textlint_by_region"][k]]
        for k in cmp["msgalign_by_region"]], title="Findings by where they are"))
    print()
    print(table(["", "plural-aware textlint config", "literal-pairs textlint config"], [
        ["same (file, line, col, text)", cmp["both"], cmp_literal["both"]],
        ["only msgalign", cmp["only_msgalign"]["count"], cmp_literal["only_msgalign"]["count"]],
        ["only textlint", cmp["only_textlint"]["count"], cmp_literal["only_textlint"]["count"]],
        ["in prose: same", cmp["prose"]["both"], cmp_literal["prose"]["both"]],
        ["in prose: only msgalign", cmp["prose"]["only_msgalign"], cmp_literal["prose"]["only_msgalign"]],
        ["in prose: only textlint", cmp["prose"]["only_textlint"], cmp_literal["prose"]["only_textlint"]],
    ], title="Agreement (findings normalised to file, line, column, matched text)"))
    for label, part in (("only msgalign", cmp["only_msgalign"]), ("only textlint", cmp["only_textlint"])):
        if part["count"]:
            print(f"\n{label}, by reason: {part['by_reason']}")
            for ex in part["examples"]:
                print(f"  {ex['path']}:{ex['line']}:{ex['column']}  {ex['reason']:<16} …{ex['context']}…")
    if cmp_literal["only_msgalign"]["count"]:
        print(f"\nliteral-pairs config misses (only msgalign), by reason: {cmp_literal['only_msgalign']['by_reason']}")

    result = {
        "benchmark": NAME,
        "claim": ("msgalign check --select TM001,TM002 is at least as fast as textlint with "
                  "textlint-rule-terminology on the same files and terms, with the same findings in "
                  "prose and none in code, URLs or front matter."),
        "environment": env_info | {"src_fingerprint": src_before,
                                        "src_changed_during_run": source_fingerprint() != src_before},
        "tools": tools | {"bin": None},
        "corpus": corpus_info | {"glossary_entries": len(P.ENTRIES),
                                 "substitutions": sum(1 for e in P.ENTRIES if e.variant),
                                 "casing_entries": sum(1 for e in P.ENTRIES if not e.variant)},
        "commands": {name: " ".join([name, *cmd[1:]]) for name, cmd in commands.items()},
        "timing": stats,
        "ratio_textlint_over_msgalign": {"min": round(ratio_min, 3), "median": round(ratio_median, 3),
                                         "cpu_min": round(ratio_cpu, 3)},
        "load_average_1min": {"before": round(load_before[0], 2), "after": round(load_after[0], 2)},
        "output_identical_across_runs": stable,
        "findings": cmp,
        "findings_textlint_literal_pairs": {k: cmp_literal[k] for k in
                                            ("textlint_total", "both", "textlint_by_region")}
        | {"only_msgalign": {k: cmp_literal["only_msgalign"][k] for k in ("count", "by_reason")},
           "only_textlint": {k: cmp_literal["only_textlint"][k] for k in ("count", "by_reason")},
           "wall_s_single_run": round(literal["wall_s"], 3)},
        "verdict": {
            "msgalign_at_least_as_fast": ratio_median >= 1.0,
            "msgalign_findings_outside_prose": sum(v for k, v in cmp["msgalign_by_region"].items() if k != "prose"),
            "textlint_findings_outside_prose": sum(v for k, v in cmp["textlint_by_region"].items() if k != "prose"),
            "same_findings_in_prose": cmp["prose"]["only_msgalign"] == 0 == cmp["prose"]["only_textlint"],
        },
    }
    if args.profile:
        result["profile"] = profile_msgalign(root, env)
        print("\nmsgalign under cProfile (one run; times inflated by the profiler):")
        print(table(["function", "calls", "own s", "cumulative s"],
                    [[r["function"], r["calls"], r["tottime_s"], r["cumtime_s"]] for r in result["profile"]["top"]]))
    if not args.no_results:
        print(f"\nwrote {write_results(NAME, result)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
