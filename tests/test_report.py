"""`msgalign report`: the one-page HTML report, its Markdown summary and the command.

Golden files pin the page byte for byte, compared with tests/goldens.assert_golden
(how to regenerate: its docstring), except the stylesheet: in the goldens the
content of <style> is a marker, so a CSS tweak rewrites no golden, and
test_the_page_embeds_exactly_the_packaged_stylesheet checks that the page
inlines src/msgalign/data/report/report.css. After an intended change, review
the diff (open the rendered pages in a browser, too).
"""

from __future__ import annotations

import json
import random
import re
import struct
import subprocess
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from goldens import assert_golden

import msgalign
from msgalign.cli import main
from msgalign.glossary.types import Glossary, Term
from msgalign.report.html import CARRIED, heat_colour, render_report, render_summary, report_context
from msgalign.types import AssetSummary, Evidence, Finding, Location, Report, Severity
from msgalign.workspace.narrative import Narrative, Pillar, ProofPoint

GOLDEN_DIR = Path(__file__).parent / "golden" / "report"
STYLESHEET = Path(msgalign.__file__).parent / "data" / "report" / "report.css"
STYLE = re.compile(r"<style>(.*?)</style>", re.S)
CSS_MARKER = "\n/* report.css: see test_the_page_embeds_exactly_the_packaged_stylesheet */\n"
CHROMIUM = Path("/usr/bin/chromium")

HOME, BLOG, PITCH, BROKEN = ("corpus/marketing/homepage.html", "corpus/marketing/blog.md",
                             "corpus/sales/q3-pitch.pptx", "corpus/sales/broken.pptx")
PLAYBOOK, PARTNER = "corpus/cs/onboarding-playbook.md", "corpus/partners/intro.txt"
HOSTILE = '<script>alert("pwned")</script><img src="https://evil.example/x.png" onerror="steal()">'

NARRATIVE = Narrative(
    path="narrative.md", company="Northwind", product="Beacon",
    icp="Revenue leaders at B2B SaaS companies with 200-2,000 employees",
    pillars=(
        Pillar("shared-language", "One shared language", "Same words.",
               (ProofPoint("Teams cut time-to-first-deal by 23% in two quarters.", "shared-language", 31),), 22),
        Pillar("one-number", "One set of numbers", "Same numbers.",
               (ProofPoint("94% of customers renew after year one.", "one-number", 43),), 35),
        Pillar("fast-time-to-value", "Live in days, not quarters", "Fast.", (), 59),
    ),
)
GLOSSARY = Glossary(terms=(
    Term("Revenue Workspace", definition="The shared space where every team plans each account.",
         variants=("revenue hub",)),
))


def _f(rule: str, name: str, severity: Severity, message: str, path: str, location: Location, team: str,
       **extra: object) -> Finding:
    return Finding(rule=rule, name=name, severity=severity, message=message, path=path, location=location,
                   team=team, **extra)  # type: ignore[arg-type]


def _use(name: str, kind: str, team: str, path: str, line: int | None = None, block: str | None = None) -> dict:
    return {"name": name, "kind": kind, "team": team, "path": path,
            "location": Location(line=line, column=1 if line else None, block=block).to_dict()}


def full_report() -> Report:
    """A hand-built report with something in every section of the page."""
    w, e, i = Severity.WARNING, Severity.ERROR, Severity.INFO
    findings = [
        _f("TM001", "non-canonical-term", e, "Use 'Revenue Workspace' instead of 'revenue hub'.", PITCH,
           Location(slide=4, block="slide 4 / Title 1"), "sales", excerpt="revenue hub",
           suggestion="Revenue Workspace"),
        _f("TM001", "non-canonical-term", e, "Use 'Revenue Workspaces' instead of 'revenue hubs'.", PITCH,
           Location(slide=6, block="slide 6 / Body 2"), "sales", excerpt="revenue hubs",
           suggestion="Revenue Workspaces"),
        _f("TM001", "non-canonical-term", w, "Use 'Account Plan' instead of 'account map'.", BLOG,
           Location(line=9, column=14), "marketing", excerpt="account map", suggestion="Account Plan"),
        _f("TM002", "term-casing", w, "Write 'HubSpot' with this casing, not 'Hubspot'.", PLAYBOOK,
           Location(line=12, column=3), "cs", excerpt="Hubspot", suggestion="HubSpot"),
        _f("TM003", "semantic-variant", w, "'retention cockpit' reads like another name for 'Revenue Workspace'.",
           PLAYBOOK, Location(line=20, column=8), "cs", excerpt="retention cockpit", suggestion="Revenue Workspace",
           score=0.91, evidence=Evidence.of(term="Revenue Workspace", context_similarity=0.52, phrase_similarity=0.39)),
        _f("TM004", "mixed-terminology", w, "'Revenue Workspace' goes by 3 names across the corpus.", PLAYBOOK,
           Location(line=20, column=8), "cs", excerpt="retention cockpit", suggestion="Revenue Workspace", score=3.0,
           evidence=Evidence.of(term="Revenue Workspace", names=[
               _use("retention cockpit", "semantic", "cs", PLAYBOOK, 20),
               _use("Revenue Workspace", "term", "marketing", BLOG, 3),
               _use("Revenue Workspaces", "term", "marketing", HOME, 8),
               _use("revenue hub", "variant", "sales", PITCH, block="slide 4 / Title 1"),
               _use("revenue hubs", "variant", "sales", PITCH, block="slide 6 / Body 2"),
           ])),
        _f("TM005", "avoided-phrase", w, "Avoid 'seamless'. Say how long it takes.", HOME, Location(line=14, column=5),
           "marketing", excerpt="seamless"),
        _f("NA001", "off-narrative", i, "This block supports no pillar of the narrative.", BLOG,
           Location(line=40, column=1), "marketing", excerpt="Our office dog, Biscuit, greets every visitor.",
           score=0.18, evidence=Evidence.of(nearest_pillar="shared-language", similarity=0.18)),
        _f("NA001", "off-narrative", i, "This slide supports no pillar of the narrative.", PITCH,
           Location(slide=9, block="slide 9 / Title 1"), "sales", excerpt=HOSTILE,
           score=0.21, evidence=Evidence.of(nearest_pillar="one-number", similarity=0.21)),
        _f("NA002", "pillar-gap", w, "This deck asset carries one pillar ('One shared language'); its channel asks "
           "for at least 2 pillars. Of the others it comes closest to 'Fast time to value'.", PITCH,
           Location(slide=1, block="slide 1 / Title 1"), "sales", score=1.0,
           evidence=Evidence.of(carried=["shared-language"], expected=2,
                                scores={"shared-language": 0.61, "one-number": 0.31, "fast-time-to-value": 0.4})),
        _f("NA003", "icp-drift", w, "This describes an audience that is not the ICP.", HOME,
           Location(line=23, column=10), "marketing", excerpt="Perfect for solo freelancers.", score=0.28,
           evidence=Evidence.of(icp=NARRATIVE.icp, similarity=0.28, size_out_of_range=False)),
        _f("CL001", "conflicting-claim", e, "91% here, but the approved proof point says 94%.", PLAYBOOK,
           Location(line=19, column=5), "cs", excerpt="91%", suggestion="94%", score=0.61,
           evidence=Evidence.of(proof_point="94% of customers renew after year one.",
                                proof_point_location="narrative.md:43", pillar="one-number", similarity=0.61)),
        _f("CL002", "unregistered-claim", i, "'3x more pipeline' matches no approved proof point.", HOME,
           Location(line=30, column=12), "marketing", excerpt="3x more pipeline", score=0.22,
           evidence=Evidence.of(nearest_proof_point="Teams cut time-to-first-deal by 23% in two quarters.",
                                proof_point_location="narrative.md:31", similarity=0.22)),
        _f("CL003", "cross-asset-claim", w, "45% here, but corpus/marketing/blog.md:31 says 30%.", PITCH,
           Location(slide=5, block="slide 5 / Table 1, row 2, cell 2"), "sales", excerpt="45%", score=0.77,
           evidence=Evidence.of(other_path=BLOG, other_location="31:12",
                                other_text="Teams cut time-to-first-deal by 30% in week one.",
                                other_claim="30%", similarity=0.77)),
        _f("AC001", "inspiration-without-action", w, "An inspirational block with no proof, mechanism or step.", HOME,
           Location(line=5, column=1), "marketing", excerpt="Empower every team to do their best work."),
        _f("AC002", "tone-balance", w, "58% of sentences are inspirational; a deck should stay under 40%.", PITCH,
           Location(slide=1, block="slide 1 / Title 1"), "sales"),
        _f("AC003", "vague-superlative", w, "'world-class' is an unquantified superlative.", PLAYBOOK,
           Location(line=28, column=4), "cs", excerpt="world-class"),
        _f("AC004", "missing-next-step", w, "This playbook never tells the reader what to do next.", PLAYBOOK,
           Location(line=1, column=1), "cs"),
        _f("IN001", "unreadable-input", e, "The file is encrypted; save it without a password.", BROKEN,
           Location(), "sales"),
    ]
    assets = [
        AssetSummary(HOME, "marketing", "website", 20, 40, 0.9,
                     (("fast-time-to-value", 0.38), ("one-number", 0.51), ("shared-language", 0.72)),
                     (("inspirational", 0.42), ("actionable", 0.31), ("neutral", 0.27))),
        AssetSummary(BLOG, "marketing", "website", 14, 20, 0.75,
                     (("fast-time-to-value", 0.22), ("one-number", 0.44), ("shared-language", 0.66)),
                     (("inspirational", 0.2), ("actionable", 0.5), ("neutral", 0.3))),
        AssetSummary(PITCH, "sales", "deck", 40, 60, 0.8,
                     (("fast-time-to-value", 0.4), ("one-number", 0.31), ("shared-language", 0.61)),
                     (("inspirational", 0.58), ("actionable", 0.22), ("neutral", 0.2))),
        AssetSummary(PLAYBOOK, "cs", "playbook", 30, 50, 1.0,
                     (("fast-time-to-value", 0.79), ("one-number", 0.55), ("shared-language", 0.47)),
                     (("inspirational", 0.1), ("actionable", 0.7), ("neutral", 0.2))),
        AssetSummary(PARTNER, "partners", "email", 4, 6),  # no scores: the narrative rules did not run on it
    ]
    return Report.build(findings, assets, "0.1.0")


def partial_report() -> Report:
    """Only terminology ran: no pillar or tone scores, no claims; every other section shows its empty state."""
    full = full_report()
    findings = [f for f in full.findings if f.rule in ("TM001", "TM002")]
    assets = [replace(a, alignment=None, pillars=(), tone=()) for a in full.assets]
    return Report.build(findings, assets, "0.1.0")


CASES = {
    "full.html": (full_report, NARRATIVE, GLOSSARY),
    "partial.html": (partial_report, NARRATIVE, None),
    "empty.html": (lambda: Report.build([], [], "0.1.0"), None, None),
}


def _render(name: str) -> str:
    build, narrative, glossary = CASES[name]
    return render_report(build(), narrative=narrative, glossary=glossary, title="Messaging alignment report")


def _style(html: str) -> str:
    """The content of the page's one <style> element."""
    blocks = STYLE.findall(html)
    assert len(blocks) == 1 and html.count("<style") == 1, f"{len(blocks)} <style> elements"
    return blocks[0]


def _without_css(html: str) -> str:
    _style(html)
    return STYLE.sub(lambda _: f"<style>{CSS_MARKER}</style>", html)


@pytest.mark.parametrize("golden", sorted(CASES))
def test_golden(golden: str) -> None:
    assert_golden(GOLDEN_DIR / golden, _without_css(_render(golden)))


@pytest.mark.parametrize("page", sorted(CASES))
def test_the_page_embeds_exactly_the_packaged_stylesheet(page: str) -> None:
    css = STYLESHEET.read_text(encoding="utf-8")
    # The renderer drops blank lines page-wide; every other character of the file is inlined, in order.
    lines = [line for line in css.strip().splitlines() if line.strip()]
    assert len(lines) > 100 and "color-scheme:light" in css  # it is the real stylesheet
    assert _style(_render(page)) == "\n" + "\n".join(lines) + "\n"


def test_every_section_is_on_the_full_page() -> None:
    html = _render("full.html")
    for heading in ("Do we tell one story?", "Do we use one vocabulary?", "Do we quote one set of numbers?",
                    "Is it actionable?", "Asset by asset"):
        assert f"<h2>{heading}</h2>" in html
    for shown in ("Northwind · Beacon", "One shared language", "retention cockpit", "HubSpot", "91%", "94%",
                  "94% of customers renew after year one.", "Teams cut time-to-first-deal by 30% in week one.",
                  "3x more pipeline", "Empower every team to do their best work.",
                  "This playbook never tells the reader what to do next.", "Could not be read", "Partners"):
        assert shown in html, shown
    assert "No conflicting numbers found" not in html


def test_empty_sections_say_so() -> None:
    html = _render("partial.html")
    for empty in ("No conflicting numbers found", "No numbers found that differ between assets",
                  "No pillar scores in this run", "No off-narrative passages found", "No tone mix to show",
                  "No assets without a next step found", "No concept found that goes by more than one name"):
        assert empty in html, empty
    assert "Retired terms" in html  # what did run is still shown
    page = _render("empty.html")
    assert "No assets in this run." in page and "No assets were read." in page


def test_same_input_same_bytes_whatever_the_order() -> None:
    report = full_report()
    shuffled = list(report.findings), list(report.assets)
    random.Random(7).shuffle(shuffled[0])
    random.Random(7).shuffle(shuffled[1])
    again = Report(findings=tuple(shuffled[0]), assets=tuple(shuffled[1]), tool_version=report.tool_version)
    first = render_report(report, narrative=NARRATIVE, glossary=GLOSSARY, title="T")
    assert first == render_report(again, narrative=NARRATIVE, glossary=GLOSSARY, title="T")
    assert first == render_report(report, narrative=NARRATIVE, glossary=GLOSSARY, title="T")


def test_hostile_text_is_escaped_everywhere() -> None:
    report = full_report()
    evil_path = 'corpus/sales/"><script>x()</script>.md'
    report = replace(report, findings=report.findings + (
        _f("TM001", "non-canonical-term", Severity.ERROR, HOSTILE, evil_path, Location(line=1, column=1), "sales",
           excerpt=HOSTILE, suggestion="</style><b>bold</b>"),))
    html = render_report(report, narrative=NARRATIVE, glossary=GLOSSARY, title="<script>t()</script>")
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "</style><b>" not in html
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in html
    assert "&lt;script&gt;t()&lt;/script&gt;" in html
    assert 'onerror="' not in html


class _Tags(HTMLParser):
    """Every tag the browser will build, with its attributes (text stays text)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_the_page_is_self_contained() -> None:
    html = _render("full.html")  # holds a URL inside hostile text: it must stay text
    parser = _Tags()
    parser.feed(html)
    names = {tag for tag, _ in parser.tags}
    assert not names & {"script", "img", "link", "iframe", "object", "embed", "image", "use", "base", "form"}, names
    refs = [value or "" for _, attrs in parser.tags for key, value in attrs.items()
            if key in ("src", "href", "xlink:href", "action", "srcset", "poster", "data")]
    assert refs and all(ref.startswith("#") for ref in refs), refs
    assert not any(key.startswith("on") for _, attrs in parser.tags for key in attrs)
    style = html[html.index("<style>"):html.index("</style>")].lower()
    for forbidden in ("@import", "url(", "@font-face", "http:", "https:"):
        assert forbidden not in style, forbidden
    inline = " ".join(attrs.get("style") or "" for _, attrs in parser.tags).lower()
    assert "url(" not in inline and "http" not in inline
    assert "svg" in names


def test_team_by_pillar_heatmap_is_the_mean_of_asset_scores() -> None:
    ctx = report_context(full_report(), narrative=NARRATIVE, glossary=GLOSSARY)
    heat = ctx["story"]["heatmap"]  # type: ignore[index]
    assert [p["id"] for p in heat["pillars"]] == ["shared-language", "one-number", "fast-time-to-value"]
    marketing = heat["rows"][0]
    assert marketing["team"]["key"] == "marketing"
    assert [c["text"] for c in marketing["cells"]] == ["0.69", "0.47", "0.30"]  # (0.72+0.66)/2, ...
    assert [r["team"]["key"] for r in heat["rows"]] == ["marketing", "sales", "cs", "partners"]
    assert heat["rows"][3]["cells"] == [None, None, None]
    assert ctx["page"]["alignment"]["pct"] == "86%"  # type: ignore[index]  # mean of 0.9, 0.75, 0.8, 1.0


def test_names_are_grouped_per_team_with_inflections_together() -> None:
    ctx = report_context(full_report(), narrative=NARRATIVE, glossary=GLOSSARY)
    concept = ctx["vocab"]["concepts"][0]  # type: ignore[index]
    assert concept["term"] == "Revenue Workspace"
    assert concept["definition"] == "The shared space where every team plans each account."
    chips = {row["team"]["key"]: [(c["name"], c["count"], c["kind"]) for c in row["chips"]] for row in concept["rows"]}
    assert chips == {
        "marketing": [("Revenue Workspace", 2, "term")],
        "sales": [("revenue hub", 2, "variant")],
        "cs": [("retention cockpit", 1, "semantic")],
    }
    sales = next(g for g in ctx["vocab"]["swaps"] if g["team"]["key"] == "sales")  # type: ignore[index]
    assert [(i["said"], i["use"], i["count"]) for i in sales["retired"]["items"]] == \
        [("revenue hub", "Revenue Workspace", 2)]


def test_tone_mix_weights_assets_by_their_sentences() -> None:
    ctx = report_context(full_report(), narrative=NARRATIVE, glossary=GLOSSARY)
    marketing = ctx["action"]["by_team"][0]  # type: ignore[index]
    shares = {s["key"]: s["pct"] for s in marketing["segments"]}
    # (0.31*40 + 0.5*20) / 60 = 0.373 actionable; (0.42*40 + 0.2*20) / 60 = 0.347 inspirational
    assert shares == {"actionable": "37%", "inspirational": "35%", "neutral": "28%"}
    assert [b["label"] for b in ctx["action"]["by_channel"]] == ["Website", "Deck", "Playbook"]  # type: ignore[index]


def test_carried_threshold_matches_the_pillar_gap_rule() -> None:
    from msgalign.rules.narrative import CARRIES_PILLAR

    assert CARRIED == CARRIES_PILLAR


@pytest.mark.parametrize("value", [i / 20 for i in range(21)])
def test_heatmap_numbers_are_legible_on_every_colour(value: float) -> None:
    bg, fg = heat_colour(value)

    def lum(c: str) -> float:
        ch = [int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        ch = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in ch]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]

    hi, lo = sorted((lum(bg), lum(fg)), reverse=True)
    assert (hi + 0.05) / (lo + 0.05) >= 4.5


def test_markdown_summary_answers_the_four_questions() -> None:
    text = render_summary(full_report(), narrative=NARRATIVE, glossary=GLOSSARY, title="Q3 alignment")
    lines = text.splitlines()
    assert lines[0] == "## Q3 alignment"
    assert "**Northwind · Beacon**" in lines
    assert "5 assets (marketing 2, sales 1, customer success 1, partners 1) · overall alignment 86%" in text
    assert [line.split("**")[1] for line in lines if line.startswith("- ")] == [
        "Do we tell one story?", "Do we use one vocabulary?", "Do we quote one set of numbers?", "Is it actionable?"]
    assert "2 conflicting numbers (1 vs proof points · 1 between assets · 1 not approved)" in text


# --------------------------------------------------------------------------- the command

TERMS = ("terms:\n  - term: Revenue Workspace\n    definition: Where every team plans each account.\n"
         "    variants: [revenue hub]\n    severity: error\n"
         "avoid:\n  - {phrase: seamless, reason: Say how long it takes.}\n")
SELECT = ("--select", "TM001,TM002,TM004,TM005")  # no embedding model needed


@pytest.fixture()
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "terms.yml").write_text(TERMS, encoding="utf-8")
    (tmp_path / "msgalign.toml").write_text('corpus = ["corpus"]\nnarrative = "narrative.md"\n', encoding="utf-8")
    (tmp_path / "narrative.md").write_text("---\ncompany: Acme\nproduct: Rocket\n---\n# Positioning\nFast.\n\n"
                                           "## Pillar: Speed {#speed}\nWe are fast.\n", encoding="utf-8")
    for team, text in (("sales", "Open the revenue hub.\n\nIt is seamless.\n"),
                       ("marketing", "Plan in the Revenue Workspace.\n")):
        (tmp_path / "corpus" / team).mkdir(parents=True)
        (tmp_path / "corpus" / team / "a.md").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def test_report_writes_out_and_exits_0_despite_errors(ws: Path) -> None:
    result = invoke("report", *SELECT, "--out", "report.html", "--quiet")
    assert result.exit_code == 0, result.output
    html = (ws / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "Acme · Rocket" in html and "revenue hub" in html and "Revenue Workspace" in html
    assert result.stdout == ""
    again = invoke("report", *SELECT, "--quiet")  # no --out: the page on stdout, byte for byte the same
    assert again.exit_code == 0 and again.stdout == html


def test_report_fail_level_turns_findings_into_exit_1(ws: Path) -> None:
    assert invoke("report", *SELECT, "--fail-level", "error", "-o", "r.html").exit_code == 1
    assert invoke("report", "--select", "TM005", "--fail-level", "error", "-o", "r.html").exit_code == 0
    assert invoke("report", "--select", "TM005", "--fail-level", "warning", "-o", "r.html").exit_code == 1


def test_report_json_and_markdown_formats(ws: Path) -> None:
    data = json.loads(invoke("report", *SELECT, "--format", "json").stdout)
    assert list(data) == ["version", "tool", "findings", "assets", "summary"]
    assert data["summary"]["by_rule"] == {"TM001": 1, "TM004": 1, "TM005": 1}
    summary = invoke("report", *SELECT, "--format", "markdown", "--title", "Weekly check").stdout
    assert summary.startswith("## Weekly check\n") and "**Do we use one vocabulary?** 1 concept goes by" in summary


def test_report_config_errors_exit_2(ws: Path) -> None:
    result = invoke("report", "--config", "missing.toml", "--out", "r.html")
    assert result.exit_code == 2 and "config file not found" in result.output
    assert not (ws / "r.html").exists()
    unwritable = invoke("report", *SELECT, "--out", "no-such-folder/r.html")
    assert unwritable.exit_code == 2 and "cannot write the report to no-such-folder/r.html" in unwritable.output
    (ws / "glossary" / "terms.yml").write_text("terms:\n  - term: X\n    variants: nope\n", encoding="utf-8")
    assert invoke("report", *SELECT).exit_code == 2


# --------------------------------------------------------------------------- in a real browser

def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                    "(apt-get install -y chromium)")
def test_page_renders_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(_render("full.html"), encoding="utf-8")
    shot = tmp_path / "report.png"
    profile = tmp_path / "profile"
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         f"--user-data-dir={profile}", "--window-size=1280,2000", f"--screenshot={shot}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    data = shot.read_bytes()
    assert _png_size(data) == (1280, 2000)
    # A blank or unstyled page compresses to a few kilobytes; the report has colour and text everywhere.
    assert len(data) > 60_000
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with sentence-transformers
        return
    with Image.open(shot) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 500  # text, chips, the heatmap's scale: not a blank page

