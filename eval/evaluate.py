"""Run every evaluation in this folder and print its figures.

Each script measures one part of msgalign on a labelled set kept in eval/
(eval/data/ and eval/claims.yml; the tone set lives in datasets/tone/; the brief
labels are eval/data/brief_stories.yml):

    eval_semantic.py   TM003  held-out glossary variants found again (synthetic and real workspaces)
    eval_narrative.py  NA001  off-narrative blocks; NA003 audiences
    eval_claims.py     CL*    claim extraction and same-metric / conflict pairs
    eval_tone.py       AC*    inspirational / actionable / neutral classifier (written and real sentences)
    eval_briefs.py     brief  real and example customer stories: results, lead, broken sentences, tiers
    eval_suggest.py    glossary suggest: top 15 a product marketer would accept, per real workspace
    eval_realworld.py  all    every rule on real companies' pages (../shared/realworld), against
                              judged findings and drift listed before the run (eval/realworld/)
    eval_mentions.py   TM001/TM005  a real style guide's own word rules are mentions, not breaches
                              (Grafana's docs with its Vale setup, ../shared/ecosystem)

    python eval/evaluate.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
SCRIPTS = ("eval_semantic.py", "eval_narrative.py", "eval_claims.py", "eval_tone.py", "eval_briefs.py",
           "eval_suggest.py", "eval_realworld.py", "eval_mentions.py")


def main() -> int:
    failed = 0
    for name in SCRIPTS:
        script = HERE / name
        print(f"\n=== {name} " + "=" * (60 - len(name)), flush=True)
        if not script.exists():
            print("(not present)")
            continue
        failed += subprocess.run([sys.executable, str(script)], check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
