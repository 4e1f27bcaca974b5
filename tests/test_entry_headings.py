"""Words talked about are no use of them: an entry heading defined below it, a claim the sentence denies."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from msgalign.cli import main
from tests.workspaces import write_workspace

GLOSSARY = ("terms:\n  - term: Workbench\n    definition: The planning view.\n    variants: [Work-bench, Planboard]\n"
            "avoid:\n  - {phrase: synergy, reason: Say what the two teams now do together.}\n"
            "  - {phrase: quick win, reason: Say what changes and when.}\n  - {phrase: quick wins, reason: Idem.}\n")


def findings(root: Path, text: str) -> list[tuple[int, str, str]]:
    write_workspace(root, {"corpus/marketing/terms.md": text}, glossary=GLOSSARY, config='corpus = ["corpus"]')
    result = CliRunner().invoke(main, ["check", "--select", "TM001,TM005", "--format", "json", "-q",
                                       "--config", str(root / "msgalign.toml")])
    assert result.exit_code in (0, 1), result.output
    return [(f["location"]["line"], f["rule"], f["excerpt"]) for f in json.loads(result.stdout)["findings"]]


def test_entry_headings_defined_below_as_old_or_avoided_are_not_reported(tmp_path: Path) -> None:
    text = ("# Our words\n\n## Synergy\n\nWe do not use the word \"synergy\"; say what changed instead.\n\n"
            "## Work-bench\n\nThe old spelling, with a hyphen; now one word, see Workbench.\n\n"
            "## Quick Wins\n\nWe avoid the phrase \"quick win\": name the change instead.\n")
    assert findings(tmp_path, text) == []


def test_a_heading_that_uses_the_old_word_in_copy_is_still_reported(tmp_path: Path) -> None:
    text = ("# Release notes\n\n## Synergy\n\nSales and success now share one account plan.\n\n"
            "## Planboard\n\nNow you can see the Workbench and every renewal due this quarter.\n\n"
            "## Planboard exports\n\nPreviously one file; now see Workbench for a file per team.\n")
    assert findings(tmp_path, text) == [(3, "TM005", "Synergy"), (7, "TM001", "Planboard"),
                                        (11, "TM001", "Planboard")]


NEGATED = ("terms:\n  - term: Workbench\n    definition: The planning view.\n"
           "avoid:\n  - {phrase: ISO certified, reason: We are not certified yet; never imply it.}\n"
           "  - {phrase: seamless, reason: Say what it takes.}\n")


def tm005(root: Path, text: str) -> list[str]:
    write_workspace(root, {"corpus/sales/faq.md": text}, glossary=NEGATED, config='corpus = ["corpus"]')
    result = CliRunner().invoke(main, ["check", "--select", "TM005", "--format", "json", "-q",
                                       "--config", str(root / "msgalign.toml")])
    return [f["excerpt"] for f in json.loads(result.stdout)["findings"]]


def test_a_denied_claim_is_no_use_of_the_phrase(tmp_path: Path) -> None:
    text = ("Most buyers are a fit, but we are not ISO certified yet. The import isn't seamless: plan a day.\n\n"
            "Beacon is ISO certified and seamless. It is not only seamless but fast.\n")
    assert tm005(tmp_path, text) == ["ISO certified", "seamless", "seamless"]
