"""Measure `msgalign brief` on real and example customer stories, against eval/data/brief_stories.yml.

    /work/main/.venv/bin/python eval/eval_briefs.py            # the table and the checklist
    /work/main/.venv/bin/python eval/eval_briefs.py --show     # also print the three tiers of every story
    /work/main/.venv/bin/python eval/eval_briefs.py --unlabelled DIR   # held-out stories: the label-free checks

The labels say, per story, the results a reader would list (by a hash of the
sentence that states them, with the number and the metric in our own words),
which of them are headline results, the headline-worthy ones, the customer,
the people quoted and the problem. The labels were written before any brief
was looked at. Per story this reports:

  results   labelled results found in the headline tier / in the set (all tiers)
  lead      which labelled result the headline tier opens with (ok when it is one of
            the labelled headline results, or when the story has none and no number leads)
  broken    sentences of the tiers that read broken: unbalanced quotes or brackets, a
            lower-case start, a dangling "and", markup characters, template leftovers
  words     words per tier (content; the notes to the writer are not counted)
  checks    numbers all from the story, no front matter leak, people named in full,
            no "no numbers" placeholder when the story has numbers, tiers growing,
            headline within 120 words

Real stories are read from ../shared/realworld/*/stories/ (skipped with a
message when absent); they are built in an empty workspace (no glossary, no
narrative: they belong to other companies). The example stories are built in
this repository's example workspace, and their written briefs are checked with
`check --select TM001,TM002`.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import yaml

from msgalign.analysis.run import Analysis
from msgalign.brief import Brief, build_brief
from msgalign.brief.render import make_environment, render_tier, write_outputs
from msgalign.engine import check
from msgalign.errors import MsgalignError
from msgalign.ingest.markdown import split_front_matter
from msgalign.text.quantities import digit_numbers
from msgalign.workspace.config import Config, load_config
from msgalign.workspace.discovery import workspace_glossary

LABELS = Path(__file__).with_name("data") / "brief_stories.yml"
SHARED = ROOT / ".." / "shared" / "realworld"
HEADLINE_MAX = 120
# Front-matter keys whose values are not prose: none of them may reach a brief.
_NON_PROSE_KEYS = ("slug", "heroImage", "author", "authors", "author_url", "author_image_url", "authorURL",
                   "logo", "logo_inverse", "og_image", "date", "publishDate", "tags", "stats", "misc",
                   "company_url", "published")


def anchor(sentence: str) -> str:
    """The label key of a sentence: sha1 of its lower-cased alphanumeric words, first 10 hex."""
    return hashlib.sha1(re.sub(r"[^a-z0-9]+", " ", sentence.lower()).strip().encode()).hexdigest()[:10]


def file_hash(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()[:10]


def content(page: str) -> str:
    """A rendered Markdown tier as a reader reads it: no front matter, no notes to the writer."""
    page = re.sub(r"\A---\n.*?\n---\n", "", page, flags=re.S)
    return page.split("## Notes to the writer", 1)[0]


def notes(page: str) -> list[str]:
    tail = page.split("## Notes to the writer", 1)
    return [line[2:] for line in tail[1].splitlines() if line.startswith("- ")] if len(tail) > 1 else []


def content_lines(page: str) -> list[str]:
    """The sentences-bearing lines: headings of sections and the page title are labels, not prose."""
    out = []
    for line in content(page).splitlines():
        line = line.strip()
        if not line or line == ">" or re.match(r"#{2,}\s|# (?:Talk track|Customer success playbook):", line):
            continue
        line = re.sub(r"^\*\*(.*)\*\*$", r"\1", line)
        line = re.sub(r"^(?:[-*]|\d+\.|>)\s+", "", line)
        line = re.sub(r"^# ", "", line)
        line = re.sub(r"^\[(.*)\]\((https?://[^)]+)\)$", r"\1", line)  # a real link: its text is the prose
        if line.startswith("— "):
            continue  # a speaker line is checked as a name, not as a sentence
        out.append(line)
    return out


def words(page: str) -> int:
    return sum(len(re.findall(r"[\w’'%$.,-]*\w[\w’'%$.,-]*", line)) for line in content_lines(page)) + \
        sum(len(line.split()) - 1 for line in content(page).splitlines() if line.strip().startswith("> — "))


def broken_reasons(line: str) -> list[str]:
    reasons = []
    text = line.strip().strip("“”").strip()
    if text[:1].islower() and not re.match(r"[a-z][A-Z]", text):
        reasons.append("starts lower-case")
    for a, b in (("(", ")"), ("[", "]"), ("“", "”")):
        if line.count(a) != line.count(b):
            reasons.append(f"unbalanced {a}{b}")
    if line.count('"') % 2:
        reasons.append('unbalanced "')
    if re.search(r"(?i)\b(?:and|or|but|with|the|of|to)\W*$", text):
        reasons.append("dangling word at the end")
    if re.search(r"[<>{}|`]|\]\(|\*\*|(?<!\w)_\w", text):
        reasons.append("markup characters")
    if re.search(r"\{\{|\}\}|\b00,000\b|(?i:example stat|lorem ipsum|\bTODO\b|\bTBD\b)", text):
        reasons.append("template leftover")
    return reasons


@dataclass
class Outcome:
    key: str
    readable: bool = True
    reason: str = ""
    stale: bool = False
    in_headline: list[str] = field(default_factory=list)
    in_set: list[str] = field(default_factory=list)
    labelled: int = 0
    key_missing: list[str] = field(default_factory=list)
    lead: str = ""
    lead_ok: bool = True
    broken: list[tuple[int, str, list[str]]] = field(default_factory=list)
    words: tuple[int, int, int] = (0, 0, 0)
    foreign_numbers: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    part_names: list[str] = field(default_factory=list)
    placeholder: bool = False
    terminology: list[str] = field(default_factory=list)
    glossary_trap: bool = False
    pages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    customer: str = ""
    customer_ok: bool = True
    people_found: list[str] = field(default_factory=list)
    people_labelled: int = 0

    def checks(self) -> dict[str, bool]:
        w1, w2, w3 = self.words
        return {
            "lead result": self.lead_ok,
            "set carries every headline result": not self.key_missing,
            "every number is the story's": not self.foreign_numbers,
            "no front matter or markup leak": not self.leaks,
            "people named in full": not self.part_names,
            "no placeholder when the story has numbers": not self.placeholder,
            "tiers grow, headline <= 120 words": w1 < w2 < w3 and w1 <= HEADLINE_MAX,
            "no broken sentence": not self.broken,
            "TM001/TM002 clean": not self.terminology,
            "glossary never changes meaning": not self.glossary_trap,
            "customer named as labelled": self.customer_ok,
        }


def _hits(page: str, result: dict[str, Any]) -> bool:
    """The labelled number is in the tier, in a line that also names its metric."""
    for line in content(page).splitlines():
        low = line.lower()
        if any(m.lower() in low for m in result.get("match", [])):
            metric = [w.lower() for w in result.get("metric_any", [])]
            if not metric or any(w in low for w in metric):
                return True
    return False


def _lead_text(page: str) -> str:
    for line in content(page).splitlines():
        if line.strip() and line.strip() != ">":
            return line
    return ""


def evaluate_story(key: str, label: dict[str, Any], path: Path, ctx: Analysis, cfg: Config,
                   tmp: Path) -> Outcome:
    out = Outcome(key)
    out.stale = file_hash(path) != str(label.get("file", ""))
    try:
        brief = build_brief(path, ctx, key)
    except MsgalignError as exc:
        out.readable, out.reason = False, str(exc)
        return out
    out.customer = brief.customer
    out.customer_ok = brief.customer == label.get("customer")
    speakers = {q.speaker for q in brief.story.quotes}
    labelled_people = [p["name"] for p in label.get("people") or []]
    out.people_labelled = len(labelled_people)
    out.people_found = [p for p in labelled_people if p in speakers]
    env = make_environment(cfg.templates, cfg.root)
    pages = [render_tier(brief, t, "md", env) for t in brief.tiers]
    out.pages = pages
    out.notes = [n for p in pages for n in notes(p)]
    results = list(label.get("results") or [])
    out.labelled = len(results)
    for r in results:
        name = f"{r['number']} ({r['metric']})"
        if _hits(pages[0], r):
            out.in_headline.append(name)
        if any(_hits(p, r) for p in pages):
            out.in_set.append(name)
        elif r.get("key"):
            out.key_missing.append(name)
    lead = _lead_text(pages[0])
    headline_ids = set(label.get("headline") or [])
    leading = [r for r in results if any(m.lower() in lead.lower() for m in r.get("match", []))]
    out.lead = f"{leading[0]['number']} ({leading[0]['metric']})" if leading else re.sub(r"\s+", " ", lead)[:60]
    if headline_ids:
        out.lead_ok = any(r.get("id") in headline_ids for r in leading)
    else:
        out.lead_ok = not digit_numbers(lead) - digit_numbers(brief.story.text) and not leading
    story_text = path.read_text(encoding="utf-8", errors="replace")
    allowed = digit_numbers(story_text)
    for p in pages:
        out.foreign_numbers += sorted(digit_numbers(" ".join(content_lines(p))) - allowed)
    _leaks(out, brief, pages, label)
    for t, p in enumerate(pages, 1):
        for line in content_lines(p):
            if reasons := broken_reasons(line):
                out.broken.append((t, line[:80], reasons))
    out.words = tuple(words(p) for p in pages)  # type: ignore[assignment]
    has_numbers = bool(results) or bool(label.get("context"))
    out.placeholder = has_numbers and any(re.search(r"(?i)gives no numbers|no numbers to prove", content(p))
                                          for p in pages)
    for trap in label.get("glossary_traps") or []:
        rest = trap.split(" ", 2)[-1]  # the words after the noun: "built from support tickets"
        if any(re.search(rf"(?i)Health Score {re.escape(rest)}", p) for p in pages):
            out.glossary_trap = True
    if key.startswith("example/"):
        folder = tmp / re.sub(r"\W+", "-", key)
        write_outputs([(folder / f"tier{t.spec.number}.md", p) for t, p in zip(brief.tiers, pages, strict=True)],
                      force=True)
        report, _ = check([folder], cfg, select_=("TM001", "TM002"), use_cache=True)
        out.terminology = [f"{f.rule} {f.excerpt}" for f in report.findings]
    return out


def _leaks(out: Outcome, brief: Brief, pages: list[str], label: dict[str, Any]) -> None:
    front = brief.story.front_matter
    values: list[str] = []
    for k in _NON_PROSE_KEYS:
        v = front.get(k)
        if isinstance(v, str) and len(v) >= 6:
            values.append(v)
    values += [str(x) for x in label.get("template_leftovers") or []]
    for p in pages:
        body = content(p)
        for v in values:
            if re.search(rf"(?<![\w,]){re.escape(v)}(?![\w,])", body):
                out.leaks.append(v[:40])
        for line in body.splitlines():
            if re.match(r"^\s*[A-Za-z_]+:\s+\S", line) and not re.match(r"^\s*(?:[-*>]|\d+\.)", line):
                out.leaks.append(line[:40])
    full = {p["name"] for p in label.get("people") or []}
    for p in pages:
        for m in re.finditer(r"^> — ([^,\n]+)", content(p), re.M):
            name = m.group(1).strip()
            if name not in full or (" " not in name and not any(" " not in f for f in full)):
                out.part_names.append(name)


def _contexts(tmp: Path) -> dict[str, tuple[Analysis, Config]]:
    example = load_config(ROOT / "msgalign.toml")
    empty_root = tmp / "empty-workspace"
    empty_root.mkdir()
    cache = example.cache_dir if getattr(example, "cache_dir", None) else ROOT / ".msgalign-cache"
    (empty_root / "msgalign.toml").write_text(f'cache-dir = "{Path(cache).as_posix()}"\n', encoding="utf-8")
    empty = load_config(empty_root / "msgalign.toml")
    return {"example": (Analysis(example, workspace_glossary(example)), example),
            "shared": (Analysis(empty, workspace_glossary(empty)), empty)}


# Front-matter keys whose values may be told in a brief (they are prose about the story or name the customer).
_PROSE_KEYS = {"title", "description", "excerpt", "summary", "about", "customer", "customer_name", "company", "name",
               "industry", "url", "canonical_url", "canonical", "permalink", "link", "story_url"}


def _front_values(value: Any, key: str = "") -> list[str]:
    """Every string in the front matter under a key that is not prose (nested lists and maps too)."""
    if isinstance(value, dict):
        # keys in any case: Hugo pages write `Company:` in a details map
        return [v for k, x in value.items() if str(k).lower() not in _PROSE_KEYS for v in _front_values(x, str(k))]
    if isinstance(value, list):
        return [v for x in value for v in _front_values(x, key)]
    return [str(value)] if isinstance(value, str) and len(value) >= 6 else []


def unlabelled(folder: Path, show: bool) -> int:
    """The label-free checks of the issue's "Done when" on every story under `folder` (held-out stories)."""
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".mdx", ".html", ".txt") and p.is_file())
    with tempfile.TemporaryDirectory(prefix="msgalign-eval-briefs-") as name:
        ctx, cfg = _contexts(Path(name))["shared"]
        env = make_environment(cfg.templates, cfg.root)
        print(f"{'story':34} {'lead':>4} {'set':>5} {'nums':>4} {'leak':>4} {'names':>5} {'ph':>3} {'grow':>4} "
              f"{'brk':>3}  words t1/t2/t3  headline lead")
        for path in files:
            rel = path.relative_to(folder).as_posix()
            try:
                brief = build_brief(path, ctx, rel)
            except MsgalignError as exc:
                print(f"{rel:34} not read: {exc}")
                continue
            pages = [render_tier(brief, t, "md", env) for t in brief.tiers]
            lead = _lead_text(pages[0])
            key = [r for r in brief.results if r.key]
            said = [r for r in key if any(r.number in content(p) or any(m.sentence.text[:40] in content(p)
                                                                        for m in r.mentions) for p in pages)]
            lead_ok = (any(m.claim.raw in lead for r in brief.results[:3] for m in r.mentions) if brief.results
                       else not digit_numbers(lead) - digit_numbers(brief.story.text))
            allowed = digit_numbers(path.read_text(encoding="utf-8", errors="replace"))
            foreign = sorted({n for p in pages for n in digit_numbers(" ".join(content_lines(p))) - allowed})
            body = brief.story.text[split_front_matter(brief.story.text)[1]:]
            front = brief.story.front_matter
            prose = {" ".join(str(front[k]).split()) for k in _PROSE_KEYS if isinstance(front.get(k), str)}
            # (a value said in the story too, or also given under a prose key such as `description`, is no leak)
            values = [v for v in _front_values(front) if v not in body and " ".join(v.split()) not in prose]
            leaks = [v[:30] for p in pages for v in values
                     if re.search(rf"(?<![\w,]){re.escape(v)}(?![\w,])", content(p))]
            leaks += [line[:30] for p in pages for line in content(p).splitlines()
                      if re.match(r"^\s*[A-Za-z_]+:\s+\S", line) and not re.match(r"^\s*(?:[-*>]|\d+\.)", line)]
            part = [m.group(1) for p in pages for m in re.finditer(r"^> — ([^,\n]+)", content(p), re.M)
                    if " " not in m.group(1).strip()]
            placeholder = bool(digit_numbers(brief.story.text)) and any(
                re.search(r"(?i)gives no numbers|no numbers to prove", content(p)) for p in pages)
            w = tuple(words(p) for p in pages)
            grow = w[0] < w[1] < w[2] and w[0] <= HEADLINE_MAX
            broken = [(t, line) for t, p in enumerate(pages, 1) for line in content_lines(p) if broken_reasons(line)]
            flag = lambda ok: " ok" if ok else " NO"  # noqa: E731
            print(f"{rel:34} {flag(lead_ok):>4} {len(said):>2}/{len(key):<2} {flag(not foreign):>4} "
                  f"{flag(not leaks):>4} {flag(not part):>5} {flag(not placeholder):>3} {flag(grow):>4} "
                  f"{len(broken):>3}  {'/'.join(map(str, w)):>14}  {re.sub(r'[#*>]+', '', lead).strip()[:40]}")
            for item in (*(f"number not in the story: {n}" for n in foreign), *(f"leak: {x!r}" for x in leaks),
                         *(f"speaker not named in full: {x!r}" for x in part),
                         *(f"headline result not in any tier: {r.number}" for r in key if r not in said),
                         *(f"broken (tier {t}): {line[:70]!r}" for t, line in broken)):
                print(f"    {item}")
            if show:
                print("\n---\n".join(pages))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", action="store_true", help="print the three tiers of every story")
    parser.add_argument("--unlabelled", type=Path, metavar="DIR",
                        help="run the label-free checks on every story under DIR (held-out stories) instead")
    args = parser.parse_args()
    if args.unlabelled is not None:
        return unlabelled(args.unlabelled, args.show)
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))["stories"]
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="msgalign-eval-briefs-") as name:
        tmp = Path(name)
        contexts = _contexts(tmp)
        for key, label in labels.items():
            workspace, rel = key.split("/", 1)
            path = (SHARED / rel) if workspace == "shared" else ROOT / rel
            if not path.exists():
                print(f"skip {key}: {path} is absent (the shared real-world data is not on this machine)")
                continue
            ctx, cfg = contexts[workspace]
            outcomes.append(evaluate_story(key, label, path, ctx, cfg, tmp))
    if not outcomes:
        print("no stories to evaluate")
        return 0
    print(f"{'story':58} {'head':>5} {'set':>5} {'broken':>6} {'words t1/t2/t3':>15}  lead")
    for o in outcomes:
        name = o.key.split("/", 1)[1].replace("/stories/", "/")[:58]
        if not o.readable:
            print(f"{name:58} not read: {o.reason}")
            continue
        w = "/".join(str(x) for x in o.words)
        stale = " (story changed since labelling)" if o.stale else ""
        print(f"{name:58} {len(o.in_headline):>2}/{o.labelled:<2} {len(o.in_set):>2}/{o.labelled:<2} "
              f"{len(o.broken):>6} {w:>15}  {'ok ' if o.lead_ok else 'NO '}{o.lead}{stale}")
    read = [o for o in outcomes if o.readable]
    print()
    for o in read:
        problems = [k for k, v in o.checks().items() if not v]
        if problems:
            print(f"{o.key}: " + "; ".join(problems))
            for t, line, reasons in o.broken:
                print(f"    broken (tier {t}): {line!r}: {', '.join(reasons)}")
            for item in o.key_missing:
                print(f"    headline result not in any tier: {item}")
            for n in o.foreign_numbers:
                print(f"    number not in the story: {n}")
            for leak in o.leaks:
                print(f"    leak: {leak!r}")
            for n in o.part_names:
                print(f"    speaker not named in full: {n!r}")
            for t in o.terminology:
                print(f"    {t}")
            if not o.customer_ok:
                print(f"    customer read as {o.customer!r}")
    labelled = sum(o.labelled for o in read)
    print(f"\nresults: {sum(len(o.in_headline) for o in read)}/{labelled} labelled results in the headline tier, "
          f"{sum(len(o.in_set) for o in read)}/{labelled} in the set; "
          f"headline words: {', '.join(str(o.words[0]) for o in read)}")
    people = sum(o.people_labelled for o in read)
    print(f"people quoted: {sum(len(o.people_found) for o in read)}/{people} labelled speakers found by full name; "
          f"headline tiers of 60-100 words: {sum(60 <= o.words[0] <= 100 for o in read)}/{len(read)}")
    print(f"placeholders: {sum(o.placeholder for o in read)} stories; broken sentences: "
          f"{sum(len(o.broken) for o in read)}; stories read: {len(read)}/{len(outcomes)}")
    names = list(read[0].checks()) if read else []
    print("\nchecklist (stories passing / stories read):")
    green = 0
    for n in names:
        passing = sum(o.checks()[n] for o in read)
        green += passing == len(read)
        print(f"  {'ok ' if passing == len(read) else 'NO '} {n}: {passing}/{len(read)}")
    unread = [o.key for o in outcomes if not o.readable]
    if unread:
        print(f"  NO  every story readable: {len(outcomes) - len(unread)}/{len(outcomes)} "
              f"(not read: {', '.join(unread)})")
    print(f"checklist: {green}/{len(names)} green" + (f", {len(unread)} stories not read" if unread else ""))
    if args.show:
        for o in read:
            print(f"\n\n######## {o.key}\n")
            print("\n---\n".join(o.pages))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
