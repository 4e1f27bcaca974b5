"""What `msgalign glossary import` carries over from real styles, and textlint vs msgalign on real docs.

    .venv/bin/python benchmarks/import_vs_textlint.py [--node-dir DIR] [--sample 20] [--no-results]

1. The import table: every Vale style, vocabulary and term list in ../shared/ecosystem is
   imported on its own; per style, how many rules came in, were converted whole, in part, or
   skipped (with the reasons). Written to benchmarks/results/glossary_import_table.md.
2. textlint (pinned textlint + textlint-rule-terminology, with the rule's default terms) and
   msgalign (TM001, TM002, TM005 with those same default terms imported by `glossary import`)
   lint the 52 Markdown pages of ../shared/ecosystem/grafana-docs. Findings are matched on
   (file, line, matched text, ignoring case): shared, textlint only, msgalign only.
3. A seeded sample of the one-sided findings, each way, is printed with its line for judging;
   the verdicts (who is right, and why, in our words) live in
   benchmarks/results/import_vs_textlint_judgments.json, keyed by path, line, side and a short
   hash of the matched text. No sentence of the docs is copied into the results.

Needs node >= 20 and npm for textlint (installed into --node-dir, never globally); without them
the textlint half is skipped with a message and the import table is still written.
Results: a table on stdout and benchmarks/results/import_vs_textlint.json.
"""

from __future__ import annotations

import argparse
import hashlib
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
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _common import REPO_ROOT, RESULTS_DIR, WORK_DIR, environment, table, write_results  # noqa: E402

from msgalign.authoring.importer import RuleReport, import_glossary, import_table  # noqa: E402

NAME = "import_vs_textlint"
TEXTLINT_VERSION = "15.8.0"
RULE_VERSION = "5.2.16"
ECOSYSTEM = REPO_ROOT / ".." / "shared" / "ecosystem"
DOCS = ECOSYSTEM / "grafana-docs"
BENCH_WORK = WORK_DIR / NAME
JUDGMENTS = RESULTS_DIR / f"{NAME}_judgments.json"
_MESSAGE = re.compile(r"Incorrect term: “(.*?)”, use “(.*?)” instead")

Key = tuple[str, int, str]  # (path under grafana-docs, line, matched text folded)


# --------------------------------------------------------------------------- the import table

def sources() -> list[Path]:
    """Every Vale style folder (rule files), every vocabulary, and textlint's default terms."""
    vale = ECOSYSTEM / "vale"
    styles = sorted({p.parent for p in vale.rglob("*.yml")
                     if "fixtures" not in p.parts and "tools" not in p.parts})
    return styles + sorted(vale.rglob("accept.txt")) + [ECOSYSTEM / "textlint" / "terms.jsonc"]


def import_everything() -> tuple[list[tuple[str, RuleReport]], dict[str, Any], str]:
    reports: list[tuple[str, RuleReport]] = []
    per_source = {}
    tables = []
    here = Path.cwd()
    os.chdir(ECOSYSTEM)  # warnings and the table name files as they sit in the ecosystem folder
    try:
        results = [(source, import_glossary([source])) for source in sources()]
    finally:
        os.chdir(here)
    for source, result in results:
        shown = source.resolve().relative_to(ECOSYSTEM.resolve()).as_posix()
        reports += [(shown, r) for r in result.rules]
        per_source[shown] = {"terms": result.terms_count, "avoid": result.avoid_count,
                             "warnings": len(result.warnings)}
        tables.append(f"## {shown}\n\n" + import_table(result.rules))
    return reports, per_source, "\n".join(tables)


def style_rows(reports: list[tuple[str, RuleReport]]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for source, r in reports:
        row = rows.setdefault(source, {"source": source, "style": r.style, "rules": 0, "converted": 0, "partly": 0,
                                       "skipped": 0, "entries": 0, "entries_kept": 0, "skip_reasons": Counter()})
        row["rules"] += 1
        row[r.status] += 1
        row["entries"] += r.entries
        row["entries_kept"] += r.converted
        for why in r.skipped:
            row["skip_reasons"][_reason_kind(why)] += 1
    return [{**row, "skip_reasons": dict(row["skip_reasons"].most_common())} for row in rows.values()]


def _summary_md(rows: list[dict[str, Any]]) -> str:
    head = ("| source | style | rules | converted | partly | skipped | entries | entries kept |\n"
            "|---|---|---|---|---|---|---|---|\n")
    return head + "".join(f"| {r['source']} | {r['style']} | {r['rules']} | {r['converted']} | {r['partly']} | "
                          f"{r['skipped']} | {r['entries']} | {r['entries_kept']} |\n" for r in rows)


def _reason_kind(why: str) -> str:
    """A skip reason in a few words, for counting ('regex: \\d', 'scope', 'possessive', ...)."""
    for marker, kind in (("rules have no glossary equivalent", "rule kind with no glossary equivalent"),
                         ("scope:", "scope narrower than all prose"), ("possessive", "possessive"),
                         ("nonword", "nonword (inside words)"), ("no letters or digits", "punctuation or spacing"),
                         ("raw: pattern", "raw: pattern not finite"), ("look-around", "regex: look-around"),
                         ("any digit", "regex: \\d"), ("any word character", "regex: \\w"),
                         ("negated class", "regex: [^...]"), ("open-ended", "regex: .* or .+"),
                         ("repeats", "regex: unbounded repeat"), ("stands for too many", "regex: wide range"),
                         ("more than", "regex: too many forms")):
        if marker in why:
            return kind
    return "other"


# --------------------------------------------------------------------------- the tools

def ensure_textlint(node_dir: Path) -> dict[str, str] | None:
    """Pinned textlint into node_dir; None (and why, on stderr) when node or npm is missing or fails."""
    if not (shutil.which("node") and shutil.which("npm")):
        print("skipping the textlint comparison: node and npm are not installed.", file=sys.stderr)
        return None
    bin_path = node_dir / "node_modules" / ".bin" / "textlint"

    def installed(pkg: str) -> str | None:
        p = node_dir / "node_modules" / pkg / "package.json"
        return json.loads(p.read_text())["version"] if p.is_file() else None

    if not (bin_path.exists() and installed("textlint") == TEXTLINT_VERSION
            and installed("textlint-rule-terminology") == RULE_VERSION):
        node_dir.mkdir(parents=True, exist_ok=True)
        print(f"installing textlint@{TEXTLINT_VERSION} textlint-rule-terminology@{RULE_VERSION} into {node_dir} ...",
              file=sys.stderr)
        done = subprocess.run(["npm", "install", "--prefix", str(node_dir), "--no-audit", "--no-fund",
                               "--loglevel=error", f"textlint@{TEXTLINT_VERSION}",
                               f"textlint-rule-terminology@{RULE_VERSION}"], check=False)
        if done.returncode != 0:
            print("skipping the textlint comparison: npm could not install textlint.", file=sys.stderr)
            return None
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout.strip()
    return {"textlint": installed("textlint") or "?", "textlint-rule-terminology": installed(
        "textlint-rule-terminology") or "?", "node": node, "bin": str(bin_path)}


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def run_textlint(tools: dict[str, str], node_dir: Path) -> dict[Key, dict[str, Any]]:
    config = node_dir / ".textlintrc.json"
    config.write_text(json.dumps({"rules": {"terminology": True}}) + "\n", encoding="utf-8")  # default terms
    out = subprocess.run([tools["bin"], "--config", str(config), "--format", "json",
                          *[p.as_posix() for p in pages()]], cwd=DOCS, capture_output=True, text=True)
    found: dict[Key, dict[str, Any]] = {}
    for result in json.loads(out.stdout):
        path = Path(result["filePath"]).resolve().relative_to(DOCS.resolve()).as_posix()
        for m in result["messages"]:
            match = _MESSAGE.search(m.get("message", ""))
            if m.get("ruleId") != "terminology" or not match:
                continue
            found[(path, m["line"], match.group(1).casefold())] = {
                "column": m["column"], "text": match.group(1), "suggestion": match.group(2)}
    return found


def run_msgalign() -> tuple[dict[Key, dict[str, Any]], dict[str, Any]]:
    """msgalign with textlint's default terms, imported; TM001, TM002, TM005 only."""
    work = BENCH_WORK / "workspace"
    if work.exists():
        shutil.rmtree(work)
    (work / "glossary").mkdir(parents=True)
    imported = import_glossary([ECOSYSTEM / "textlint" / "terms.jsonc"])
    (work / "glossary" / "textlint.yml").write_text(imported.yaml_text, encoding="utf-8")
    (work / "msgalign.toml").write_text('corpus = ["corpus"]\n', encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT / "src"), OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", "import sys; from msgalign.cli import main; sys.exit(main())",
                          "check", DOCS.resolve().as_posix(), "--select", "TM001,TM002,TM005",
                          "--format", "json", "--no-cache", "--quiet",
                          "--exit-zero"], cwd=work, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"msgalign failed ({out.returncode}): {out.stderr.strip()}")
    data = json.loads(out.stdout)
    found: dict[Key, dict[str, Any]] = {}
    for f in data["findings"]:
        path = Path(f["path"]).resolve().relative_to(DOCS.resolve()).as_posix()
        line = f["location"]["line"]
        found[(path, line, (f["excerpt"] or "").casefold())] = {
            "column": f["location"]["column"], "text": f["excerpt"], "suggestion": f["suggestion"],
            "rule": f["rule"]}
    return found, {"terms": imported.terms_count, "warnings": len(imported.warnings)}


# --------------------------------------------------------------------------- comparing and judging

def label(side: str, key: Key) -> str:
    """A judgment's key: workspace, path, line, side and a short hash of the matched text."""
    digest = hashlib.sha1(" ".join(key[2].split()).encode("utf-8")).hexdigest()[:10]
    return f"grafana-docs:{key[0]}:{key[1]}:{side}:{digest}"


def line_of(path: str, line: int) -> str:
    lines = (DOCS / path).read_text(encoding="utf-8").splitlines()
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def sample(keys: list[Key], n: int, seed: int) -> list[Key]:
    rng = random.Random(seed)
    chosen = sorted(keys)
    rng.shuffle(chosen)
    return sorted(chosen[:n])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--node-dir", type=Path, default=WORK_DIR / "node", help="where textlint is installed")
    parser.add_argument("--sample", type=int, default=20, help="one-sided findings to judge, each way")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", action="store_true", help="print each sampled finding with its line")
    parser.add_argument("--no-results", action="store_true", help="print only; write no files")
    args = parser.parse_args()
    if not ECOSYSTEM.is_dir():
        print(f"{ECOSYSTEM} is not here: nothing to measure.", file=sys.stderr)
        return 0

    reports, per_source, text_table = import_everything()
    rows = style_rows(reports)
    print("glossary import, per style:\n")
    print(table(["source", "style", "rules", "converted", "partly", "skipped", "entries", "kept"],
                [[r["source"], r["style"], r["rules"], r["converted"], r["partly"], r["skipped"], r["entries"],
                  r["entries_kept"]] for r in rows]))
    results: dict[str, Any] = {"environment": environment(), "import": {"styles": rows, "sources": per_source}}

    tools = ensure_textlint(args.node_dir.resolve())
    if tools is not None:
        textlint = run_textlint(tools, args.node_dir.resolve())
        msgalign, imported = run_msgalign()
        shared = sorted(set(textlint) & set(msgalign))
        only_t = sorted(set(textlint) - set(msgalign))
        only_m = sorted(set(msgalign) - set(textlint))
        judgments = json.loads(JUDGMENTS.read_text(encoding="utf-8")) if JUDGMENTS.is_file() else {}
        picked = {"textlint": sample(only_t, args.sample, args.seed), "msgalign": sample(only_m, args.sample,
                                                                                        args.seed)}
        verdicts: dict[str, Counter[str]] = {side: Counter() for side in picked}
        judged: dict[str, list[dict[str, Any]]] = {side: [] for side in picked}
        for side, keys in picked.items():
            source = textlint if side == "textlint" else msgalign
            for key in keys:
                tag = label(side, key)
                verdict = judgments.get(tag, {})
                verdicts[side][verdict.get("right", "not judged")] += 1
                judged[side].append({"label": tag, "text": source[key]["text"],
                                     "suggestion": source[key]["suggestion"], **verdict})
                if args.show:
                    print(f"\n[{side} only] {tag}\n  {source[key]['text']!r} -> {source[key]['suggestion']!r}\n"
                          f"  {line_of(key[0], key[1])[:240]}")
        print(f"\ntextlint {tools['textlint']} + textlint-rule-terminology {tools['textlint-rule-terminology']} "
              f"(default terms) vs msgalign (the same terms imported: {imported['terms']} terms), "
              f"{len(pages())} pages:\n")
        print(table(["", "findings"], [["textlint", len(textlint)], ["msgalign", len(msgalign)],
                                       ["shared", len(shared)], ["textlint only", len(only_t)],
                                       ["msgalign only", len(only_m)]]))
        for side in picked:
            print(f"\njudged sample of {side}-only findings ({len(picked[side])}): "
                  + ", ".join(f"{k}: {v}" for k, v in sorted(verdicts[side].items())))
        results["comparison"] = {
            "tools": {k: v for k, v in tools.items() if k != "bin"}, "pages": len(pages()),
            "imported_terms": imported, "textlint": len(textlint), "msgalign": len(msgalign),
            "shared": len(shared), "textlint_only": len(only_t), "msgalign_only": len(only_m),
            "msgalign_by_rule": dict(Counter(v["rule"] for v in msgalign.values()).most_common()),
            "textlint_only_terms": dict(Counter(textlint[k]["suggestion"] for k in only_t).most_common(15)),
            "msgalign_only_terms": dict(Counter(str(msgalign[k]["suggestion"]) for k in only_m).most_common(15)),
            "judged": {side: {"verdicts": dict(verdicts[side]), "items": judged[side]} for side in picked},
        }
    if not args.no_results:
        (RESULTS_DIR / "glossary_import_table.md").write_text(
            "# `msgalign glossary import` on the real styles in ../shared/ecosystem\n\n"
            "Written by `benchmarks/import_vs_textlint.py`. Each source imported on its own; a rule is\n"
            "*converted* when every entry came over, *partly* when some were skipped (each with a warning),\n"
            "*skipped* when none could be (a warning says why).\n\n" + _summary_md(rows) + "\n"
            + text_table.replace("## ", "```\n\n## ").replace(":\n\n", ":\n\n```\n").removeprefix("```\n\n")
            + "```\n",
            encoding="utf-8")
        print(f"\nwrote {write_results(NAME, results)} and {RESULTS_DIR / 'glossary_import_table.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
