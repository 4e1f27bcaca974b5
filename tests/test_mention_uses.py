"""Mention reading never hides drift in ordinary marketing copy: a retired name or an avoided word used
next to 'not', 'instead of', 'formerly', 'avoid', quotes or a naming verb is still reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from msgalign.api import check, load_config
from tests.workspaces import write_workspace

GLOSSARY = """terms:
  - term: Revenue Workspace
    variants: [revenue hub]
  - term: on-premises
    variants: [on-prem]
avoid:
  - phrase: best-in-class
  - phrase: world-class
  - phrase: leverage
  - phrase: seamless
"""

# Each sentence uses a variant (TM001) or an avoided word (TM005) as copy, not as a word being talked about.
USES = [
    ("Our on-prem edition is not just for banks.", "TM001"),
    ("Teams that use Beacon run it in the cloud, not on-prem.", "TM001"),
    ("We use the cloud, not on-prem servers.", "TM001"),
    ("Why use spreadsheets instead of a revenue hub?", "TM001"),
    ("Use Beacon in the cloud, not on-prem.", "TM001"),
    ("Formerly a spreadsheet shop, Acme now plans in the revenue hub.", "TM001"),
    ("Customers who previously juggled five tools love the revenue hub.", "TM001"),
    ("Teams formerly stuck on spreadsheets now run on the revenue hub.", "TM001"),
    ("Previously, setup took weeks. Now the revenue hub is ready in a day.", "TM001"),
    ("Instead of five dashboards, you get one revenue hub.", "TM001"),
    ("It is not a spreadsheet, it's a revenue hub.", "TM001"),
    ("Not every team needs on-prem, but yours might.", "TM001"),
    ("Your data never leaves your on-prem servers.", "TM001"),
    ("Write your plan in the revenue hub, not in a spreadsheet.", "TM001"),
    ("Our customers call it \"the best tool they own\", and the revenue hub proves it.", "TM001"),
    ("Rather than a generic CRM, you get a seamless planning flow.", "TM005"),
    ("Avoid surprises with world-class support.", "TM005"),
    ("Avoid the guesswork: leverage your pipeline data.", "TM005"),
    ("Don't settle for less than best-in-class security.", "TM005"),
    ("Use our world-class onboarding, not a PDF.", "TM005"),
    ("Acme replaced three tools with one seamless workspace.", "TM005"),
    ("Teams formerly on spreadsheets now leverage live forecasts.", "TM005"),
    ("In short, use the cloud, not on-prem.", "TM001"),                # 'use' after a comma is copy
    ("Teams moved away from on-prem servers to the cloud.", "TM001"),   # things replaced, not a name
    ("Acme evolved from on-prem installs to a cloud service.", "TM001"),
    ("Our planner replaced the on-prem servers we ran.", "TM001"),
    ("Originally, Beacon ran on-prem servers only.", "TM001"),          # a company's past, not a name's
    ("Previously, setup took weeks on on-prem servers.", "TM001"),
    ('Our "on-prem" edition ships Friday.', "TM001"),                  # quote marks round a name in copy
    ('Try the new "revenue hub" today.', "TM001"),
    ('We made onboarding truly "seamless".', "TM005"),                 # scare quotes round a boast
    ("We prefer the cloud over on-prem servers.", "TM001"),            # 'over' with no term named
    ("We retired the on-prem servers last spring.", "TM001"),          # things retired, not a name
    ("Built for the cloud, never on-prem.", "TM001"),                  # 'never' with no naming verb
    ("Avoid downtime and leverage live forecasts.", "TM005"),          # 'and' joins two actions
    ("Instead of a PDF, you get world-class onboarding.", "TM005"),
]


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> dict[int, set[str]]:
    root: Path = tmp_path_factory.mktemp("review2-mentions")
    page = "\n\n".join(text for text, _ in USES) + "\n"
    write_workspace(root, {"corpus/web/page.md": page}, glossary=GLOSSARY, config='corpus = ["corpus"]')
    report = check([], load_config(root / "msgalign.toml"), select=["TM001", "TM005"]).report
    found: dict[int, set[str]] = {}
    for finding in report.findings:
        assert finding.location.line is not None
        found.setdefault(finding.location.line, set()).add(finding.rule)
    return found


@pytest.mark.parametrize(("index", "text", "rule"), [(i, t, r) for i, (t, r) in enumerate(USES)])
def test_a_use_next_to_a_cue_word_is_reported(findings: dict[int, set[str]], index: int, text: str,
                                              rule: str) -> None:
    assert rule in findings.get(2 * index + 1, set()), text


LEAD_INS = """Avoid the usual rollout pain:

- weeks of on-prem setup
- a seamless promise nobody keeps

Instead of spreadsheets, you get:

- one revenue hub for every team
- world-class support
"""


def test_a_marketing_lead_in_does_not_turn_its_list_into_mentions(tmp_path: Path) -> None:
    write_workspace(tmp_path, {"corpus/web/list.md": LEAD_INS}, glossary=GLOSSARY, config='corpus = ["corpus"]')
    report = check([], load_config(tmp_path / "msgalign.toml"), select=["TM001", "TM005"]).report
    assert sorted((f.location.line, f.rule) for f in report.findings) == [
        (3, "TM001"), (4, "TM005"), (8, "TM001"), (9, "TM005")]


def test_emphasis_in_plain_text_is_a_use_not_a_word_set_apart(tmp_path: Path) -> None:
    page = ("Get **best-in-class** support.\n\nOur *seamless* sync.\n\nRun it *on-prem* today.\n\n"
            "Write *on-premises*, not *on-prem*.\n")
    write_workspace(tmp_path, {"corpus/web/mail.txt": page}, glossary=GLOSSARY, config='corpus = ["corpus"]')
    report = check([], load_config(tmp_path / "msgalign.toml"), select=["TM001", "TM005"]).report
    assert sorted((f.location.line, f.rule) for f in report.findings) == [(1, "TM005"), (3, "TM005"), (5, "TM001")]
