"""Claims: extraction, value comparison, the result filter, and CL001-CL003 through the engine.

Extraction and comparison are pure and fast. The rule tests use the real
sentence model (marked `model`); one Embedder is shared by the whole module
so the model loads once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from workspaces import write_workspace

from msgalign.analysis.run import Analysis
from msgalign.engine import check
from msgalign.nlp.embed import Embedder
from msgalign.text.claims import compatible, reads_as_result
from msgalign.text.quantities import Claim, extract_claims
from msgalign.types import Report
from msgalign.workspace.config import load_config


def one(text: str) -> Claim:
    claims = extract_claims(text)
    assert len(claims) == 1, [c.raw for c in claims]
    return claims[0]


# --- extraction ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "value", "unit", "detail", "raw"), [
    ("Teams cut time-to-first-deal by 23% in two quarters.", 23, "percent", "percent", "23%"),
    ("Churn fell 23 percent last year.", 23, "percent", "percent", "23 percent"),
    ("NPS rose 12 pct.", 12, "percent", "percent", "12 pct"),
    ("Uptime is 99.9% in the contract.", 99.9, "percent", "percent", "99.9%"),
    ("Pipeline grew 3x after the switch.", 3, "multiple", "x", "3x"),
    ("Pipeline grew 3× after the switch.", 3, "multiple", "x", "3×"),
    ("Reps ramp three times faster.", 3, "multiple", "x", "three times"),
    ("Output rose 2.5X on every line.", 2.5, "multiple", "x", "2.5X"),
    ("Trusted by 4,000 teams.", 4000, "count", "team", "4,000 teams"),
    ("Beacon ships 12 integrations.", 12, "count", "integration", "12 integrations"),
    ("We looked at 120 Beacon customers.", 120, "count", "customer", "120 Beacon customers"),
    ("The SDK serves 1.2M users.", 1_200_000, "count", "user", "1.2M users"),
    ("A dozen spreadsheets were retired.", 12, "count", "spreadsheet", "A dozen spreadsheets"),
    ("Customers saved $1.2M last year.", 1_200_000, "money", "USD", "$1.2M"),
    ("Recover €40k of failed payments.", 40_000, "money", "EUR", "€40k"),
    ("Payouts reach 2 million dollars.", 2_000_000, "money", "USD", "2 million dollars"),
    ("Save £350,000 on agency fees.", 350_000, "money", "GBP", "£350,000"),
    ("Connect Salesforce in 10 minutes.", 10, "duration", "minute", "10 minutes"),
    ("The rollout takes two quarters.", 2, "duration", "quarter", "two quarters"),
    ("Implementation takes 6 weeks.", 6, "duration", "week", "6 weeks"),
    ("Replies go out in 48 hours.", 48, "duration", "hour", "48 hours"),
    ("Book a 30-minute pipeline review.", 30, "duration", "minute", "30-minute"),
    ("Contracts close in 10 business days.", 10, "duration", "business day", "10 business days"),
    ("Cut reporting time in half.", 50, "percent", "percent", "in half"),
    ("Half of our customers expand.", 50, "percent", "percent", "Half"),
    ("Nine out of 10 patients book online.", 90, "percent", "percent", "Nine out of 10"),
    ("One in five customers cancelled.", 20, "percent", "percent", "One in five"),
])
def test_extracts_value_unit_and_raw(text: str, value: float, unit: str, detail: str, raw: str) -> None:
    claim = one(text)
    assert claim.value == pytest.approx(value)
    assert (claim.unit, claim.unit_detail, claim.raw) == (unit, detail, raw)
    assert text[claim.start:claim.end] == claim.raw


@pytest.mark.parametrize(("text", "bound", "qualifier"), [
    ("Over 90% of customers renew.", "min", "over"),
    ("More than 1,500 retailers use it.", "min", "more than"),
    ("Trusted by 100,000+ employees.", "min", ""),
    ("Connect in under 10 minutes.", "max", "under"),
    ("Save up to $3,000 per truck.", "max", "up to"),
    ("First review within 14 days.", "max", "within"),
    ("Nearly 80% of buyers research first.", "approx", "nearly"),
    ("Setup takes about 15 minutes.", "approx", "about"),
    ("Churn is ~4% a year.", "approx", "~"),
    ("Renewal is 94%.", "exact", ""),
])
def test_qualifiers_make_bounds(text: str, bound: str, qualifier: str) -> None:
    claim = one(text)
    assert (claim.bound, claim.qualifier) == (bound, qualifier)
    assert claim.raw.lower().startswith(qualifier) or not qualifier


def test_ranges_keep_both_ends() -> None:
    employees, win_rate = extract_claims("Companies with 200-2,000 employees see 10–15% higher win rates.")
    assert (employees.value, employees.upper, employees.unit, employees.raw) == (
        200, 2000, "count", "200-2,000 employees")
    assert (win_rate.value, win_rate.upper, win_rate.raw) == (10, 15, "10–15%")
    reps = one("Teams of two to three reps.")
    assert (reps.value, reps.upper, reps.unit_detail) == (2, 3, "rep")
    between = one("The score held between 78 and 84 points.")
    assert (between.value, between.upper, between.raw) == (78, 84, "between 78 and 84 points")
    money = one("Deals of $1-2M close faster.")
    assert (money.value, money.upper) == (1_000_000, 2_000_000)


@pytest.mark.parametrize(("text", "value", "unit", "detail", "raw"), [
    ("Fourteen clinics went live.", 14, "count", "clinic", "Fourteen clinics"),
    ("Sixty-five teams went live.", 65, "count", "team", "Sixty-five teams"),
    ("They hired a hundred reps.", 100, "count", "rep", "a hundred reps"),
    ("It took an entire quarter.", 1, "duration", "quarter", "an entire quarter"),
    ("Win rates rose 5 percentage points.", 5, "percent", "percent", "5 percentage points"),
])
def test_number_words_past_twelve_and_whole_units(text: str, value: float, unit: str, detail: str, raw: str) -> None:
    claim = one(text)
    assert (claim.value, claim.unit, claim.unit_detail, claim.raw) == (value, unit, detail, raw)


def test_number_words_need_something_to_count() -> None:
    assert extract_claims("They have several hundred employees.") == []  # "hundred" alone is no number
    assert extract_claims("It is a whole story.") == []
    prep = one("Prep went from a full day to under two hours.")
    assert (prep.value, prep.baseline, prep.unit_detail, prep.bound) == (2, 24, "hour", "max")


def test_changes_keep_where_they_started() -> None:
    handoff = one("Handoffs drop from 4 days to under 24 hours.")
    assert (handoff.value, handoff.baseline, handoff.unit_detail, handoff.bound) == (24, 96, "hour", "max")
    assert handoff.raw == "from 4 days to under 24 hours"
    nrr = one("Net revenue retention went up from 104% to 117%.")
    assert (nrr.value, nrr.baseline, nrr.raw) == (117, 104, "up from 104% to 117%")
    days = one("Handoffs went from 9 to 2 days.")
    assert (days.value, days.baseline, days.unit) == (2, 9, "duration")
    arrow = one("Forecast accuracy 71% → 93%.")
    assert (arrow.value, arrow.baseline) == (93, 71)
    trailing = one("NRR reached 117%, up from 104%.")
    assert (trailing.value, trailing.baseline) == (117, 104)


def test_a_range_with_instead_of_is_one_change() -> None:
    ready = one("New laptops are ready in 2–3 minutes instead of 30.")
    assert (ready.value, ready.upper, ready.baseline, ready.unit_detail) == (2, 3, 30, "minute")
    assert ready.raw == "2–3 minutes instead of 30"
    setup = one("Setup went from 30 minutes to 2-3 minutes.")
    assert (setup.value, setup.upper, setup.baseline, setup.raw) == (2, 3, 30, "from 30 minutes to 2-3 minutes")
    written = one("Setup takes 2 to 3 minutes instead of half an hour.")
    assert (written.value, written.upper, written.baseline) == (2, 3, 30)
    # A plain change and a plain range read as before.
    assert (one("Handoffs went from 2 to 3 days.").baseline, one("Teams of two to three reps.").upper) == (2, 3)


def test_a_time_frame_is_the_period_of_the_claim_it_frames() -> None:
    claim = one("Teams cut time-to-first-deal by 23% in two quarters.")
    assert claim.period == "in two quarters"
    assert one("Forecast accuracy reaches 92% within two quarters.").period == "within two quarters"
    assert one("RevOps retires 11 spreadsheets in the first 90 days.").period == "in the first 90 days"
    both = extract_claims("Customers reach 92% forecast accuracy within two quarters and retire "
                          "an average of 11 spreadsheets in the first 90 days.")
    assert [(c.raw, c.period) for c in both] == [("92%", "within two quarters"),
                                                 ("11 spreadsheets", "in the first 90 days")]


def test_a_duration_alone_is_a_claim_not_a_period() -> None:
    claims = extract_claims("Connect Salesforce in under 10 minutes, and most teams run their first "
                            "Pipeline Review within 14 days.")
    assert [(c.raw, c.period) for c in claims] == [("under 10 minutes", None), ("within 14 days", None)]


def test_metric_names_what_is_measured_without_the_numbers() -> None:
    ttfd = one("Teams cut time-to-first-deal by 23% in two quarters.")
    assert "time-to-first-deal" in ttfd.metric and "23" not in ttfd.metric and "quarters" not in ttfd.metric
    renew = one("94% of customers renew after year one.")
    assert "customers renew" in renew.metric and "94" not in renew.metric
    first, second = extract_claims("Blog readers cut time-to-first-deal by 30%, and their handoffs "
                                   "dropped from 4 days to under 24 hours.")
    assert "time-to-first-deal" in first.metric and "handoffs" not in first.metric
    assert "handoffs" in second.metric and "time-to-first-deal" not in second.metric


def test_a_thin_sentence_borrows_its_context() -> None:
    claim = extract_claims("Cut by 45%", context="Time-to-first-deal")[0]
    assert claim.metric.startswith("Time-to-first-deal")
    assert "Time-to-first-deal" not in extract_claims("Teams cut time to close by 45%.", context="Ignored")[0].metric


@pytest.mark.parametrize("text", [
    "Founded in 2019, Northwind serves customers in 2024.",
    "Beacon v2.1 and version 3.0.1 ship today.",
    "Beacon 2.1 ships with the new sync.",
    "Call +1 510 555 0142 or +49 30 5550 1187.",
    "(555) 123-4567 is our support line.",
    "Support is open 24/7.",
    "Step 1 connects the CRM; step 2 maps the stages.",
    "1. Connect the CRM.",
    "The review is on Tuesday 3 June at 14:00 CET.",
    "Join us on May 13 at 9am PT.",
    "Our 3rd annual benchmark is out for FY25 and Q3.",
    "Read https://docs.example.com/v2/setup-10-minutes today.",
    "Write to team-45@example.com today.",
    "Plans start at €29 per seat per month.",
    "The Growth plan is $49/user/month.",
    "Beacon costs $30k a year.",
    "Get 20% off your first year.",
    "Review your top 20 accounts.",
    "One shared language for every team.",
    "The three goals from the Account Plan come first.",
    "Rated 4.8 out of 5 stars since March 2023.",
    "The score moved from 61 when you went live.",
    "Your reps ran the play 37 times.",
    "B2B SaaS teams on G2 agree.",
])
def test_not_claims(text: str) -> None:
    assert extract_claims(text) == [], [c.raw for c in extract_claims(text)]


def test_offsets_are_exact_for_every_claim() -> None:
    text = "Over 90% renew, 4,000 teams save $1.2M, and reps ramp 3x faster within 6 weeks."
    for claim in extract_claims(text):
        assert text[claim.start:claim.end] == claim.raw


# --- comparing values -------------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "agree"), [
    ("Renewal is 23%.", "Renewal is 23.0%.", True),
    ("Renewal is 94%.", "Renewal is 94.4%.", True),
    ("Renewal is 94%.", "Renewal is 96%.", False),
    ("Renewal is 94%.", "Renewal is over 90%.", True),
    ("Renewal is 94%.", "Renewal is over 95%.", False),
    ("Renewal is 94%.", "Renewal is nearly 95%.", True),
    ("Renewal is 94%.", "Renewal is about 80%.", False),
    ("Connect in under 10 minutes.", "Connect in 8 minutes.", True),
    ("Connect in under 10 minutes.", "Connect in under 5 minutes.", False),
    ("Connect in under 10 minutes.", "Connect in 10 minutes.", True),
    ("Review within 14 days.", "Review within two weeks.", True),
    ("Review within 14 days.", "Review within 30 days.", False),
    ("Rollout takes two quarters.", "Rollout takes 6 months.", True),
    ("Close in 90 days.", "Close in 3 months.", True),
    ("Saved $1.2M.", "Saved $1,200,000.", True),
    ("Saved $1.2M.", "Saved $2M.", False),
    ("Pipeline grew 3x.", "Pipeline grew three times faster.", True),
    ("Win rates rise 10–15%.", "Win rates rise 12%.", True),
    ("Win rates rise 10–15%.", "Win rates rise 20%.", False),
    ("Handoffs drop from 4 days to under 24 hours.", "Handoffs drop from 96 hours to under 24 hours.", True),
    ("Handoffs drop from 4 days to under 24 hours.", "Handoffs drop from 9 days to under 24 hours.", False),
    ("Laptops are ready in 2–3 minutes instead of 30.", "A laptop is ready in 2 to 3 minutes.", True),
    ("Laptops are ready in 2–3 minutes instead of 30.", "Laptops went from 30 minutes to 2-3 minutes.", True),
    ("Laptops are ready in 2–3 minutes instead of 30.", "Laptops are ready in 2–3 minutes instead of 45.", False),
    ("Laptops are ready in 2–3 minutes instead of 30.", "A laptop is ready in 10 minutes.", False),
])
def test_compatible(a: str, b: str, agree: bool) -> None:
    assert compatible(one(a), one(b)) is agree
    assert compatible(one(b), one(a)) is agree


@pytest.mark.parametrize(("text", "result"), [
    ("Beacon delivers 3x more pipeline.", True),
    ("Customers saved $1.2M in tooling.", True),
    ("Trusted by 4,000 revenue teams.", True),
    ("RevOps retired 3,000 spreadsheets.", True),
    ("Cut onboarding from 6 weeks to 10 days.", True),
    ("CSMs spend 6 fewer hours a week on research.", True),
    ("Book a 30-minute call.", False),
    ("Talk for no more than 40% of the meeting.", False),
    ("Anything under 70% is a risk.", False),
    ("For accounts over $100k ARR, bring your CS director.", False),
    ("Beacon ships with 40 Guided Plays.", False),
    ("Onboarding has three steps.", False),
    ("The first review happens within 30 days.", False),
])
def test_reads_as_result(text: str, result: bool) -> None:
    assert reads_as_result(one(text), text) is result


# --- the rules, through the engine, with the real model --------------------------

@pytest.fixture(scope="module")
def shared_embedder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Embedder]:
    """One Embedder (and so one model load) for every engine run in this module."""
    embedder = Embedder(cache_dir=tmp_path_factory.mktemp("claims-cache"))
    patch = pytest.MonkeyPatch()
    patch.setattr(Analysis, "embedder", property(lambda self: embedder))
    yield embedder
    patch.undo()


FIXTURE_NARRATIVE = (Path(__file__).parent / "fixtures" / "rules" / "_workspace" / "narrative.md").read_text(
    encoding="utf-8")


def _workspace(root: Path, files: dict[str, str], narrative: str | None = None, config: str = "") -> None:
    write_workspace(root, files, narrative=narrative, config=config)


def _run(root: Path, monkeypatch: pytest.MonkeyPatch, select: list[str]) -> Report:
    monkeypatch.chdir(root)
    report, _ = check([root / "corpus"], load_config(start=root), select_=select)
    return report


@pytest.mark.model
def test_agreeing_numbers_across_assets_give_no_claim_findings(
        shared_embedder: Embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _workspace(tmp_path, {
        "corpus/marketing/home.md": "# Proof\n\n94% of customers renew after year one.\n\n"
                                    "Teams cut time-to-first-deal by 23% in two quarters.\n",
        "corpus/sales/deck.md": "| Metric | Result |\n|---|---|\n| Customers who renew after year one | 94% |\n"
                                "| Time-to-first-deal | Cut by 23% |\n",
        "corpus/cs/email.txt": "Over 90% of our customers renew after their first year.\n",
    })
    assert _run(tmp_path, monkeypatch, ["CL"]).findings == ()


@pytest.mark.model
def test_cl001_agrees_with_a_range_that_replaced_a_longer_time(
        shared_embedder: Embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    narrative = (FIXTURE_NARRATIVE.replace("- Teams cut time-to-first-deal by 23% in two quarters.",
                                           "- New laptops are ready for work in 2–3 minutes instead of 30."))
    _workspace(tmp_path, {
        "corpus/marketing/story.md": "# Kestrel Freight\n\nWith Beacon, a new laptop is ready for work in 2 to 3 "
                                     "minutes.\n\nBefore Beacon, getting a new laptop ready for work took 30 "
                                     "minutes.\n",
    }, narrative=narrative)
    assert _run(tmp_path, monkeypatch, ["CL001"]).findings == ()
    other = tmp_path / "other"
    other.mkdir()
    _workspace(other, {"corpus/marketing/story.md": "# Kestrel Freight\n\nWith Beacon, a new laptop is ready for "
                                                    "work in 12 minutes.\n"}, narrative=narrative)
    assert [f.rule for f in _run(other, monkeypatch, ["CL001"]).findings] == ["CL001"]  # a real conflict still is one


@pytest.mark.model
def test_cl001_location_and_evidence_are_exact(
        shared_embedder: Embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "# Why Beacon\n\nRenewals matter.\n  That is why 96% of customers renew after their first year.\n"
    _workspace(tmp_path, {"corpus/cs/a.md": text})
    (finding,) = _run(tmp_path, monkeypatch, ["CL001"]).findings
    loc = finding.location
    line = text.splitlines()[loc.line - 1]  # type: ignore[operator]
    assert (loc.line, loc.column, loc.end_line, loc.end_column) == (4, 15, 4, 18)
    assert line[loc.column - 1:loc.end_column - 1] == "96%"  # type: ignore[operator]
    evidence = finding.evidence.to_dict() if finding.evidence else {}
    assert evidence["proof_point"] == "94% of customers renew after year one."
    assert evidence["proof_point_location"] == "narrative.md:19"
    assert 0.5 <= float(evidence["similarity"]) <= 1.0  # type: ignore[arg-type]
    assert finding.message == ("96% here, but the approved proof point says 94% "
                               "(narrative.md:19: '94% of customers renew after year one.').")


@pytest.mark.model
def test_cl003_reports_the_later_file_with_the_other_side(
        shared_embedder: Embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _workspace(tmp_path, {
        "corpus/sales/deck.md": "Reps save 8 hours a week on CRM updates.\n",
        "corpus/marketing/blog.md": "# Time back\n\nReps save 5 hours a week on CRM updates.\n",
    })
    report = _run(tmp_path, monkeypatch, ["CL003"])
    (finding,) = report.findings
    assert finding.path == "corpus/sales/deck.md" and finding.excerpt == "8 hours"
    assert (finding.location.line, finding.location.column) == (1, 11)
    evidence = finding.evidence.to_dict() if finding.evidence else {}
    assert evidence["other_path"] == "corpus/marketing/blog.md"
    assert evidence["other_location"] == "3:11"
    assert evidence["other_text"] == "Reps save 5 hours a week on CRM updates."
    assert evidence["other_claim"] == "5 hours"
    again = _run(tmp_path, monkeypatch, ["CL003"])
    assert [f.to_dict() for f in again.findings] == [f.to_dict() for f in report.findings]


@pytest.mark.model
def test_thresholds_come_from_the_config(
        shared_embedder: Embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {"corpus/cs/a.md": "That is why 91% of our customers renew after the first year.\n",
             "corpus/cs/b.md": "Win rates rise 45% with Beacon.\n"}
    _workspace(tmp_path, files)
    assert [f.rule for f in _run(tmp_path, monkeypatch, ["CL001", "CL002"]).findings] == ["CL001", "CL002"]
    strict = tmp_path / "strict"
    strict.mkdir()
    _workspace(strict, files, config="[thresholds]\nCL001 = 0.99\nCL002 = -1.0")
    assert _run(strict, monkeypatch, ["CL001", "CL002"]).findings == ()


@pytest.mark.model
def test_no_claim_findings_without_numbers(
        shared_embedder: Embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _workspace(tmp_path, {"corpus/marketing/a.md": "# Hello\n\nOne shared language for every team.\n"})
    assert _run(tmp_path, monkeypatch, ["CL"]).findings == ()


def test_rules_are_registered_with_docs() -> None:
    from msgalign.rules import all_rules

    table = all_rules()
    for code, severity in (("CL001", "error"), ("CL002", "info"), ("CL003", "warning")):
        rule = table[code]
        assert rule.severity.label == severity
        assert rule.settings and rule.settings[0].key == code
        assert rule.doc.summary and rule.doc.why and rule.doc.flagged and rule.doc.preferred
        assert extract_claims(rule.doc.flagged) or code == "CL003"
