"""Measure every rule on real companies' pages: ../shared/realworld/{sourcegraph,zulip,supabase}.

    /work/main/.venv/bin/python eval/eval_realworld.py              # per rule and workspace
    /work/main/.venv/bin/python eval/eval_realworld.py --unjudged   # also list findings nobody judged
    /work/main/.venv/bin/python eval/eval_realworld.py --ws zulip --rule NA001 --all   # every finding

Every rule runs (default-on and opt-in: the run selects all codes) on each shared workspace, with
the embedding cache in a temporary folder so nothing is written under ../shared. Each finding is
matched to a judgment in eval/realworld/judgments/<RULE>.yml, made by reading the finding as that
company's product marketer would:

    - {ws: sourcegraph, path: corpus/sales/x.md, line: 12, hash: 1a2b3c4d5e, verdict: useful, note: "..."}

`verdict` is useful (worth acting on), noise (true but not worth anyone's time) or wrong (the
finding is false). `hash` is sha1 of the finding's excerpt (its message when it has none),
whitespace-normalised and casefolded, first 10 hex; `path` is relative to the workspace root.
Precision is the useful share of the judged findings. Recall is against eval/realworld/drift.yml:
the drift listed by reading the pages before msgalign was run on them, each entry naming the rule
that should catch it; an entry is found when a finding of that rule covers its line.

The pages are a development set: msgalign is also measured on other companies' writing.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from msgalign import api
from msgalign.types import Finding

SHARED = ROOT / ".." / "shared" / "realworld"
HERE = Path(__file__).resolve().parent / "realworld"
JUDGMENTS = HERE / "judgments"
DRIFT = HERE / "drift.yml"
VERDICTS = ("useful", "noise", "wrong")
KEYS = ("ws", "path", "line", "hash", "verdict", "note")
BAR = 0.8   # precision every default-on rule must reach


def text_hash(text: str) -> str:
    """The key a judgment or drift entry uses for a piece of text."""
    return hashlib.sha1(" ".join(text.split()).casefold().encode()).hexdigest()[:10]


def finding_hash(finding: Finding) -> str:
    return text_hash(finding.excerpt or finding.message)


def load_judgments(folder: Path = JUDGMENTS) -> dict[str, list[dict[str, Any]]]:
    """Judgments by rule code (the file name), each checked; a malformed file is an error that says where."""
    out: dict[str, list[dict[str, Any]]] = {}
    for file in sorted(folder.glob("*.yml")):
        rows = yaml.safe_load(file.read_text(encoding="utf-8")) or []
        if not isinstance(rows, list):
            raise ValueError(f"{file}: expected a list of judgments")
        for n, row in enumerate(rows, start=1):
            problem = judgment_problem(row)
            if problem:
                raise ValueError(f"{file} entry {n}: {problem}")
        out[file.stem.upper()] = rows
    return out


def judgment_problem(row: object) -> str | None:
    """What is wrong with one judgment row, or None."""
    if not isinstance(row, dict):
        return "not a mapping"
    missing = [k for k in KEYS if k not in row and k != "note"]
    if missing:
        return f"missing {', '.join(missing)}"
    extra = sorted(set(row) - set(KEYS))
    if extra:
        return f"unknown keys {', '.join(extra)}"
    if not isinstance(row["ws"], str) or not row["ws"]:
        return "ws must be a workspace name"
    path = row["path"]
    if not isinstance(path, str) or path.startswith("/") or ".." in Path(path).parts or "\\" in path:
        return "path must be relative to the workspace root, with forward slashes"
    if isinstance(row["line"], bool) or not isinstance(row["line"], int) or row["line"] < 0:
        return "line must be a whole number (0: the finding has no line)"
    h = row["hash"]
    if not isinstance(h, str) or len(h) != 10 or any(c not in "0123456789abcdef" for c in h):
        return "hash must be 10 lowercase hex digits"
    if row["verdict"] not in VERDICTS:
        return f"verdict must be one of {', '.join(VERDICTS)}"
    if "note" in row and not isinstance(row["note"], str):
        return "note must be text"
    return None


def load_drift() -> list[dict[str, Any]]:
    data = yaml.safe_load(DRIFT.read_text(encoding="utf-8")) or {}
    return list(data.get("drift", []))


@dataclass
class Found:
    ws: str
    path: str        # relative to the workspace root
    line: int        # 0 when the finding has no line
    end_line: int
    hash: str
    finding: Finding

    @property
    def key(self) -> tuple[str, str, int, str]:
        return (self.ws, self.path, self.line, self.hash)


def relative(path: str, root: Path) -> str:
    p = Path(path)
    p = (p if p.is_absolute() else Path.cwd() / p).resolve()
    try:
        return p.relative_to(root.resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def run_workspace(ws: Path, codes: list[str], cache: Path) -> list[Found]:
    config = api.load_config(ws / "msgalign.toml")
    config = config.with_overrides(cache_dir=cache / ws.name)
    report = api.check([], config, select=codes).report
    out = []
    for f in report.findings:
        line = f.location.line or 0
        out.append(Found(ws.name, relative(f.path, ws), line, f.location.end_line or line, finding_hash(f), f))
    return out


def covers(found: Found, entry: dict[str, Any]) -> bool:
    return (found.ws == entry["ws"] and found.path == entry["path"]
            and found.line <= int(entry["line"]) <= max(found.end_line, found.line) and found.line > 0)


def fmt(x: float | None) -> str:
    return "   -" if x is None else f"{x:.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--unjudged", action="store_true", help="list findings that have no judgment yet")
    ap.add_argument("--all", action="store_true", help="list every finding with its verdict")
    ap.add_argument("--ws", action="append", default=[], help="only this workspace (repeatable)")
    ap.add_argument("--rule", action="append", default=[], help="only this rule code (repeatable)")
    ap.add_argument("--missed", action="store_true", help="list drift entries no finding covers")
    args = ap.parse_args(argv)

    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is absent (the real-world workspaces are not on this machine)")
        return 0
    table = api.list_rules()
    codes = [c for c in table if not args.rule or c in {r.upper() for r in args.rule}]
    judgments = load_judgments()
    verdict_of: dict[tuple[str, tuple[str, str, int, str]], str] = {}
    for rule, rows in judgments.items():
        for row in rows:
            verdict_of[(rule, (row["ws"], row["path"], int(row["line"]), row["hash"]))] = row["verdict"]
    drift = load_drift()
    workspaces = sorted(p for p in SHARED.iterdir() if (p / "msgalign.toml").is_file()
                        and (not args.ws or p.name in args.ws))

    found: list[Found] = []
    with tempfile.TemporaryDirectory(prefix="msgalign-realeval-") as tmp:
        for ws in workspaces:
            got = run_workspace(ws, codes, Path(tmp))
            print(f"{ws.name}: {len(got)} findings", flush=True)
            found.extend(got)

    by: dict[tuple[str, str], list[Found]] = defaultdict(list)
    for f in found:
        by[(f.finding.rule, f.ws)].append(f)
    names = [w.name for w in workspaces]
    print(f"\n{'rule':6} {'on':3} {'ws':12} {'found':>5} {'judged':>6} {'useful':>6} {'noise':>5} {'wrong':>5} "
          f"{'unjdg':>5} {'prec':>5} {'drift':>5} {'hit':>4} {'recall':>6}")
    failing: list[str] = []
    for code in codes:
        on = getattr(table[code], "on_by_default", True)
        totals: Counter[str] = Counter()
        for ws in [*names, "ALL"]:
            items = [f for w in names for f in by[(code, w)]] if ws == "ALL" else by[(code, ws)]
            counts = Counter(verdict_of.get((code, f.key), "unjudged") for f in items)
            entries = [e for e in drift if e["kind"] == code and (ws == "ALL" or e["ws"] == ws)]
            hit = sum(any(covers(f, e) for f in items) for e in entries)
            judged = sum(counts[v] for v in VERDICTS)
            prec = counts["useful"] / judged if judged else None
            rec = hit / len(entries) if entries else None
            if ws == "ALL":
                totals = counts
                if not items and not entries:
                    continue
            elif not items and not entries:
                continue
            label = "yes" if on else "no"
            print(f"{code:6} {label:3} {ws:12} {len(items):5} {judged:6} {counts['useful']:6} {counts['noise']:5} "
                  f"{counts['wrong']:5} {counts['unjudged']:5} {fmt(prec):>5} {len(entries):5} {hit:4} {fmt(rec):>6}")
        judged_all = sum(totals[v] for v in VERDICTS)
        if on and judged_all and totals["useful"] / judged_all < BAR:
            failing.append(code)
    if failing:
        print(f"\ndefault-on rules below precision {BAR}: {', '.join(failing)}")
    else:
        print(f"\nevery default-on rule with judged findings reaches precision {BAR}")

    if args.unjudged or args.all:
        print("\n# findings" + ("" if args.all else " without a judgment") + " (paste into judgments/<RULE>.yml "
              "with your own verdict and note; do not copy the excerpt)")
        for f in sorted(found, key=lambda f: (f.finding.rule, f.ws, f.path, f.line)):
            verdict = verdict_of.get((f.finding.rule, f.key))
            if verdict and not args.all:
                continue
            print(f"# {f.finding.rule} {f.finding.message}\n#   excerpt: {f.finding.excerpt!r}")
            print(f"- {{ws: {f.ws}, path: {f.path}, line: {f.line}, hash: '{f.hash}', "
                  f"verdict: {verdict or '?'}, note: \"\"}}")
    if args.missed:
        print("\n# drift entries no finding of their rule covers")
        for e in drift:
            if e["kind"] in codes and e["ws"] in names and not any(
                    covers(f, e) for f in by[(e["kind"], e["ws"])]):
                print(f"- {e['kind']} {e['ws']} {e['path']}:{e['line']}  {e['note']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
