"""Fixtures for the formatter tests: one hand-built report that exercises every
kind of location, and a small fake rule table so rule docs in the goldens do
not change whenever a real rule's wording does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

try:
    import msgalign  # noqa: F401
except ModuleNotFoundError:  # running from a checkout without PYTHONPATH=src
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from msgalign.rules.base import Rule, RuleDoc
from msgalign.types import AssetSummary, Evidence, Finding, Location, Report, Severity


def _rule(code: str, name: str, severity: Severity, summary: str, *, fixable: bool = False,
          reads: tuple[tuple[str, str], ...] = ()) -> type[Rule]:
    doc = RuleDoc(
        summary=summary,
        why=f"Why {name} matters: buyers hear one story.",
        flagged=f"A sentence that {name} flags.",
        preferred=f"The same sentence, fixed for {name}.",
        reads=reads,
    )
    attrs = {"code": code, "name": name, "severity": severity, "doc": doc, "fixable": fixable}
    return type(f"Fake{code}", (Rule,), attrs)


FAKE_RULES: dict[str, type[Rule]] = {
    r.code: r
    for r in (
        _rule("TM001", "non-canonical-term", Severity.ERROR, "A glossary variant where the canonical term belongs.",
              fixable=True),
        _rule("TM002", "term-casing", Severity.ERROR, "A glossary term with the wrong casing.", fixable=True),
        _rule("TM004", "mixed-terminology", Severity.WARNING, "One concept named differently across the corpus."),
        _rule("NA001", "off-narrative", Severity.WARNING, "A block that supports no pillar.",
              reads=(("min-similarity", "Below this similarity a block supports no pillar."),)),
        _rule("CL001", "conflicting-claim", Severity.ERROR, "A number that differs from the approved proof point."),
        _rule("CL002", "unregistered-claim", Severity.WARNING, "A quantitative claim that is not a proof point."),
        _rule("AC001", "inspiration-without-action", Severity.INFO,
              "An inspirational block with no actionable support."),
        _rule("IN001", "unreadable-input", Severity.ERROR, "A file that cannot be read."),
    )
}

LAUNCH = "corpus/marketing/launch page.md"
PITCH = "corpus/sales/q3-pitch.pptx"
RENEWAL = "corpus/cs/renewal-guide.pdf"
ONBOARDING = "corpus/cs/onboarding.docx"
BATTLECARD = "corpus/sales/battlecard.pptx"


def _finding(code: str, severity: Severity, message: str, path: str, location: Location, **extra: object) -> Finding:
    return Finding(rule=code, name=FAKE_RULES[code].name, severity=severity, message=message, path=path,
                   location=location, **extra)  # type: ignore[arg-type]


def build_report() -> Report:
    findings = [
        # Markdown, exact line and column, safe to fix.
        _finding("TM001", Severity.ERROR, "Use 'Revenue Workspace' instead of 'revenue hub'.", LAUNCH,
                 Location(line=12, column=5, end_line=12, end_column=16, block="paragraph 3"),
                 excerpt="revenue hub", suggestion="Revenue Workspace", team="marketing", fix_span=(310, 321)),
        _finding("TM002", Severity.ERROR, "Write 'Beacon', not 'BEACON'.", LAUNCH,
                 Location(line=3, column=1, end_line=3, end_column=7),
                 excerpt="BEACON", suggestion="Beacon", team="marketing", fix_span=(40, 46)),
        # A message with a pipe, a backtick, an HTML comment and a percent sign.
        _finding("CL002", Severity.WARNING,
                 "'3x faster | 50% cheaper' is not an approved proof point; see `narrative.md` <!-- proof -->.",
                 LAUNCH, Location(line=27, column=14, end_line=28, end_column=3),
                 excerpt="3x faster | 50% cheaper", team="marketing"),
        # PPTX: a slide and a shape, no line; a suggestion that --fix cannot apply.
        _finding("TM001", Severity.ERROR, "Use 'Revenue Workspace' instead of 'revenue hub'.", PITCH,
                 Location(slide=4, block="slide 4 / Title 1"),
                 excerpt="revenue hub", suggestion="Revenue Workspace", team="sales"),
        # PPTX, with a score and evidence.
        _finding("NA001", Severity.WARNING, "This slide supports no pillar; the nearest is 'One shared language'.",
                 PITCH, Location(slide=7, block="slide 7 / Content Placeholder 2"),
                 excerpt="We are a family.", team="sales", score=0.31245,
                 evidence=Evidence.of(pillar="shared-language", similarity=0.3125)),
        # Corpus-wide: one concept, three names, reported on the asset that strays.
        _finding("TM004", Severity.WARNING,
                 "'Revenue Workspace' is called 'revenue hub' by sales and 'rev workspace' by cs.", PITCH,
                 Location(), excerpt="revenue hub", team="sales",
                 evidence=Evidence.of(concept="Revenue Workspace",
                                      names={"marketing": ["Revenue Workspace"], "sales": ["revenue hub"],
                                             "cs": ["rev workspace"]},
                                      assets=[LAUNCH, PITCH, ONBOARDING])),
        # PDF page.
        _finding("CL001", Severity.ERROR,
                 "Time-to-first-deal is 31% here — the approved proof point says 23%.", RENEWAL,
                 Location(page=2, block="page 2"), excerpt="31%", team="cs",
                 evidence=Evidence.of(metric="time-to-first-deal", approved="23%", found="31%")),
        # DOCX paragraph.
        _finding("AC001", Severity.INFO,
                 "This paragraph inspires but gives no step, number or proof to act on.", ONBOARDING,
                 Location(block="paragraph 7"), excerpt="Empower every team to do their best work.", team="cs"),
        # A file that could not be read: no asset summary, no location.
        _finding("IN001", Severity.ERROR, "Cannot read this file: it is password-protected.", BATTLECARD,
                 Location(), team="sales"),
    ]
    assets = [
        AssetSummary(LAUNCH, "marketing", "website", blocks=14, sentences=38, alignment=0.7812,
                     pillars=(("shared-language", 0.81), ("one-number", 0.52)),
                     tone=(("inspirational", 0.2), ("actionable", 0.55), ("neutral", 0.25))),
        AssetSummary(PITCH, "sales", "deck", blocks=12, sentences=41, alignment=0.62,
                     pillars=(("shared-language", 0.71), ("one-number", 0.44)),
                     tone=(("inspirational", 0.32), ("actionable", 0.41), ("neutral", 0.27))),
        AssetSummary(RENEWAL, "cs", "other", blocks=9, sentences=22),
        AssetSummary(ONBOARDING, "cs", "playbook", blocks=20, sentences=57, alignment=0.55),
        AssetSummary("corpus/marketing/pricing.md", "marketing", "website", blocks=6, sentences=15),
        AssetSummary("corpus/cs/faq.md", "cs", "other", blocks=11, sentences=30),
    ]
    return Report.build(findings, assets, "0.1.0")


def build_empty_report() -> Report:
    assets = [AssetSummary(f"corpus/marketing/page-{i:02d}.md", "marketing", "website", 3, 9) for i in range(14)]
    return Report.build([], assets, "0.1.0")


@pytest.fixture
def report() -> Report:
    return build_report()


@pytest.fixture
def make_report():
    """The builder itself, for tests that need two independent reports."""
    return build_report


@pytest.fixture
def empty_report() -> Report:
    return build_empty_report()


@pytest.fixture
def fake_rules() -> dict[str, type[Rule]]:
    return dict(FAKE_RULES)
