"""TM001/TM005 on a real style guide: does msgalign tell a page that states a word rule from one that breaks it?

    /work/main/.venv/bin/python eval/eval_mentions.py            # counts and the share rightly dropped
    /work/main/.venv/bin/python eval/eval_mentions.py --unjudged # list dropped findings nobody judged

A naming or style guide names the words to avoid ("Don't use 'we' ...", a "Don't use" column). Those
sentences are mentions, not uses (msgalign.glossary.mention). This measures it on real pages nobody on
this project wrote: Grafana's 52 docs pages (../shared/ecosystem/grafana-docs, including its word
list, style conventions and inclusive-writing guides), checked with Grafana's own Vale setup (its
style, the Google style it extends and its vocabulary, laid out in a temporary folder as `vale sync`
leaves them, with a .vale.ini like the one Grafana publishes) imported by `glossary import`.

TM001 and TM005 run twice: as shipped, and with mention reading switched off. Every finding the
mention reading drops is judged in eval/data/mention_judgments.yml (keyed by path under the docs
folder, line and sha1 of the excerpt, first 10 hex, as eval_realworld.py does): `mention` (rightly
dropped: the page talks about the word) or `use` (wrongly dropped: a real use). Precision is the
mention share of the judged drops. Skips with a message when ../shared/ecosystem is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from msgalign import api
from msgalign.authoring.importer import import_glossary
from msgalign.glossary import mention as mention_module
from msgalign.rules import terminology

ECOSYSTEM = ROOT / ".." / "shared" / "ecosystem"
JUDGMENTS = Path(__file__).resolve().parent / "data" / "mention_judgments.yml"
VALE_INI = """\
StylesPath = styles
MinAlertLevel = suggestion
Vocab = Grafana
Packages = https://example.invalid/releases/Hugo.zip

[*]
BasedOnStyles = Vale, Google, Grafana, Hugo
Google.Headings = NO
Google.Quotes = NO
Google.Units = NO
Google.WordList = NO
"""


def text_hash(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).casefold().encode()).hexdigest()[:10]


def build(tmp: Path) -> Path:
    """The workspace: Grafana's Vale setup imported as its glossary, its docs pages as the corpus."""
    grafana = ECOSYSTEM / "vale" / "grafana"
    setup = tmp / "vale"
    shutil.copytree(grafana / "Google", setup / "styles" / "Google")
    shutil.copytree(grafana / "Grafana" / "styles" / "Grafana", setup / "styles" / "Grafana")
    shutil.copytree(grafana / "Grafana" / "styles" / "config" / "vocabularies" / "Grafana",
                    setup / "styles" / "config" / "vocabularies" / "Grafana")
    (setup / ".vale.ini").write_text(VALE_INI, encoding="utf-8")
    ws = tmp / "ws"
    (ws / "glossary").mkdir(parents=True)
    (ws / "glossary" / "grafana.yml").write_text(import_glossary([setup]).yaml_text, encoding="utf-8")
    shutil.copytree(ECOSYSTEM / "grafana-docs" / "docs", ws / "corpus" / "marketing" / "docs")
    (ws / "msgalign.toml").write_text('corpus = ["corpus"]\n', encoding="utf-8")
    return ws


def run(ws: Path, cache: Path) -> dict[tuple[str, str, int, str], str]:
    """(rule, path under docs/, line, excerpt hash) -> excerpt, for TM001 and TM005."""
    config = api.load_config(ws / "msgalign.toml").with_overrides(cache_dir=cache)
    report = api.check([], config, select=["TM001", "TM005"]).report
    docs = (ws / "corpus" / "marketing").resolve()

    def shown(path: str) -> str:
        full = Path(path) if Path(path).is_absolute() else ws / path
        return full.resolve().relative_to(docs).as_posix()
    return {(f.rule, shown(f.path), f.location.line or 0, text_hash(f.excerpt or f.message)):
            f.excerpt or "" for f in report.findings}


def without_mentions() -> Any:
    """Mention reading switched off, for the comparison run (restored by calling the result)."""
    reader, blocks = mention_module.MentionReader.mention, terminology.mention_blocks
    mention_module.MentionReader.mention = lambda self, start, end, term="": ""  # type: ignore[method-assign]
    terminology.mention_blocks = lambda blocks, source=None: frozenset()  # type: ignore[assignment]

    def restore() -> None:
        mention_module.MentionReader.mention = reader  # type: ignore[method-assign]
        terminology.mention_blocks = blocks  # type: ignore[assignment]
    return restore


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--unjudged", action="store_true", help="list dropped findings that have no judgment yet")
    args = ap.parse_args(argv)
    if not (ECOSYSTEM / "grafana-docs").is_dir() or not (ECOSYSTEM / "vale" / "grafana").is_dir():
        print("skipped: ../shared/ecosystem (Grafana's docs and Vale style) is not here")
        return 0
    with tempfile.TemporaryDirectory(prefix="msgalign-mentions-") as tmp:
        ws = build(Path(tmp))
        shipped = run(ws, Path(tmp) / "cache")
        restore = without_mentions()
        try:
            plain = run(ws, Path(tmp) / "cache")
        finally:
            restore()
    dropped = sorted(set(plain) - set(shipped))
    added = sorted(set(shipped) - set(plain))
    rows = yaml.safe_load(JUDGMENTS.read_text(encoding="utf-8")) if JUDGMENTS.exists() else []
    verdicts = {(r["rule"], r["path"], r["line"], str(r["hash"])): r["verdict"] for r in rows or []}
    judged = [verdicts[k] for k in dropped if k in verdicts]
    mentions = judged.count("mention")
    for rule in ("TM001", "TM005"):
        print(f"{rule}: {sum(1 for k in plain if k[0] == rule)} findings without mention reading, "
              f"{sum(1 for k in shipped if k[0] == rule)} with it")
    print(f"dropped as mentions: {len(dropped)} ({len(judged)} judged: {mentions} mentions, "
          f"{judged.count('use')} uses); precision of dropping "
          f"{mentions / len(judged):.2f}" if judged else f"dropped as mentions: {len(dropped)} (none judged)")
    if added:
        print(f"found only with mention reading (should be none): {len(added)}")
    if args.unjudged:
        for key in dropped:
            if key not in verdicts:
                rule, path, line, digest = key
                print(f"- {{rule: {rule}, path: {path}, line: {line}, hash: '{digest}', verdict: ?, note: \"\"}}")
    return 0 if not added and judged.count("use") <= len(judged) // 5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
