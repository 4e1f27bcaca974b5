"""How many of `msgalign glossary suggest`'s top 15 suggestions a product marketer would accept.

    /work/main/.venv/bin/python eval/eval_suggest.py

Each shared real workspace (../shared/realworld/{sourcegraph,zulip,supabase})
is copied to a temporary folder with its glossary emptied, as a new user
would run `glossary suggest` to start one, and the top 15 suggestions are
looked up in eval/data/suggest_judgments.yml: judgments made as that
company's product marketer ("would I paste this entry, variants and all, into
our glossary?"), keyed by workspace and a hash of the suggestion (its term
and variants), never by its text. A suggestion with no judgment is counted
and listed as unjudged, so a change in what is suggested shows up here.

Supabase's pages are MDX; until msgalign reads .mdx, the copy gives them a .md
name so the Markdown reader reads them (JSX and all). Skipped with a message
when ../shared is absent. Never writes into ../shared.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from msgalign.authoring.suggest import Candidate, suggest_for_workspace  # noqa: E402
from msgalign.ingest.limits import SUPPORTED_SUFFIXES  # noqa: E402
from msgalign.workspace.config import load_config  # noqa: E402

REALWORLD = ROOT / ".." / "shared" / "realworld"
JUDGMENTS = ROOT / "eval" / "data" / "suggest_judgments.yml"
WORKSPACES = ("sourcegraph", "zulip", "supabase")
TOP = 15


def suggestion_hash(c: Candidate) -> str:
    """SHA-1 (10 hex digits) of the term and its variants, whitespace-normalised and case-folded."""
    text = " ".join(f"{c.term} | {', '.join(c.variants)}".split()).casefold()
    return hashlib.sha1(text.encode()).hexdigest()[:10]


def bare_copy(source: Path, target: Path) -> Path:
    """The workspace without its glossary; .mdx pages renamed .md while no reader takes .mdx."""
    shutil.copytree(source, target)
    for entry in (target / "glossary").glob("*"):
        entry.unlink()
    if ".mdx" not in SUPPORTED_SUFFIXES:
        for page in sorted(target.rglob("*.mdx")):
            page.rename(page.with_suffix(".md"))
    return target


def main() -> int:
    if not REALWORLD.is_dir():
        print(f"skipped: {REALWORLD} is absent (the shared real workspaces)")
        return 0
    judged: dict[str, dict[str, dict[str, object]]] = yaml.safe_load(JUDGMENTS.read_text(encoding="utf-8"))
    total_accepted = total = 0
    with tempfile.TemporaryDirectory(prefix="msgalign-eval-suggest-") as tmp:
        for ws in WORKSPACES:
            root = bare_copy(REALWORLD / ws, Path(tmp) / ws)
            config = load_config(start=root)
            suggestion, problems = suggest_for_workspace([], config, use_cache=False, max_terms=TOP)
            verdicts = judged.get(ws, {})
            accepted, unjudged, rejected = [], [], []
            for rank, c in enumerate(suggestion.candidates[:TOP], start=1):
                verdict = verdicts.get(suggestion_hash(c))
                if verdict is None:
                    unjudged.append((rank, c))
                elif verdict.get("accept"):
                    accepted.append(rank)
                else:
                    rejected.append((rank, str(verdict.get("why", ""))))
            shown = len(suggestion.candidates[:TOP])
            total_accepted += len(accepted)
            total += shown
            print(f"{ws}: {len(accepted)} of the top {shown} accepted ({suggestion.assets} assets read, "
                  f"{len(problems)} unreadable); rejected: "
                  + (", ".join(f"#{r} {why}" for r, why in rejected) or "none"))
            for rank, c in unjudged:
                print(f"  unjudged #{rank}: {suggestion_hash(c)} {c.term} {list(c.variants)}")
    print(f"\nall: {total_accepted} of {total} accepted ({total_accepted / max(total, 1):.0%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
