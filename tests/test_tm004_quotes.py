"""TM004 counts the names the company's pages use, not an old name quoted on its own in a history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from msgalign.cli import main
from tests.workspaces import write_workspace

GLOSSARY = ("terms:\n  - term: Beacon\n    definition: The product.\n    variants: [Lanternly]\n"
            "  - term: Revenue Workspace\n    definition: Where teams plan.\n    variants: [revenue hub]\n")
TWO_NAMES = ("'Revenue Workspace' goes by 2 names across the corpus: 'Revenue Workspace' (cs 1); "
             "'revenue hub' (sales 1).")


def tm004(root: Path, files: dict[str, str]) -> list[str]:
    write_workspace(root, files, glossary=GLOSSARY, config='corpus = ["corpus"]')
    result = CliRunner().invoke(main, ["check", "--select", "TM004", "--format", "json", "-q",
                                       "--config", str(root / "msgalign.toml")])
    assert result.exit_code in (0, 1), result.output
    return [f["message"] for f in json.loads(result.stdout)["findings"]]


def test_an_old_name_quoted_on_its_own_in_a_history_is_no_second_name(tmp_path: Path) -> None:
    files = {"corpus/marketing/about.md": 'Beacon began as a side project, first sold as "Lanternly, Inc." from a '
                                          "garage.\n\nBeacon now plans every account.\n",
             "corpus/sales/call.md": "Open Beacon before the call.\n"}
    assert tm004(tmp_path, files) == []


@pytest.mark.parametrize("line", [
    'The product was first called "revenue hub".',
    'Revenue Workspace, formerly "revenue hub", plans every account.',
    'A rival markets itself as a "revenue hub"; it is a report on the CRM.',      # a competitor's name for itself
    'The word comes from the original name of our company, "revenue hub", before the rename.',
])
def test_an_old_name_quoted_after_words_that_name_it_is_no_second_name(tmp_path: Path, line: str) -> None:
    files = {"corpus/sales/call.md": line + "\n", "corpus/cs/guide.md": "Plan renewals in the Revenue Workspace.\n"}
    assert tm004(tmp_path, files) == []


@pytest.mark.parametrize("line", [
    "Open the revenue hub before the call.",
    "Open the 'revenue hub' tab first.",                                        # single quotes: our own label
    "\u201cWe open the revenue hub every morning before stand-up,\u201d says their head of sales.",
    "> Every rep opens the revenue hub first thing.",
    'In the sidebar, click "revenue hub" to open your plan.',                 # a label in double quotes: used
])
def test_the_old_name_in_copy_or_in_a_customer_quote_still_counts(tmp_path: Path, line: str) -> None:
    files = {"corpus/sales/call.md": line + "\n", "corpus/cs/guide.md": "Plan renewals in the Revenue Workspace.\n"}
    assert tm004(tmp_path, files) == [TWO_NAMES]
