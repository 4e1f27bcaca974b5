"""A retired variant or an avoided phrase disguised with invisible characters or look-alike letters is still found.

"revenue h\u200bub" and "rеvenue hub" (a Cyrillic 'е') render like "revenue hub";
"best-in\u00ad-class" like "best-in-class"; "HubSpоt" (a Cyrillic 'о') like the
canonical "HubSpot". Each is written into an asset, run through the real CLI,
and checked: the rule, the exact location and excerpt (the real text), a
message that names the disguise, and a `--fix` that rewrites exactly that span.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from workspaces import write_workspace

from msgalign.cli import main

# The string-matching rules (TM003 needs the embedding model, and nothing here is about it) and IN.
TM_RULES = "TM001,TM002,TM004,TM005,IN"
ZWSP, ZWNJ, ZWJ, WJ, SHY, BOM = "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff"
CYR_IE, CYR_O, GREEK_OMICRON = "\u0435", "\u043e", "\u03bf"


def _check(root: Path, monkeypatch: pytest.MonkeyPatch, text: str, *args: str) -> list[dict]:
    write_workspace(root, {"corpus/sales/a.md": text}, config='corpus = ["corpus"]')
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check", "--select", TM_RULES, "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return [f for f in json.loads(result.stdout)["findings"] if f["path"] == "corpus/sales/a.md"]


def _only(findings: list[dict]) -> dict:
    assert len(findings) == 1, [(f["rule"], f["excerpt"]) for f in findings]
    return findings[0]


def _span(text: str, finding: dict) -> str:
    """The text a finding's location points at (one line, columns 1-based, end exclusive)."""
    loc = finding["location"]
    line = text.split("\n")[loc["line"] - 1]
    return line[loc["column"] - 1:loc["end_column"] - 1]


@pytest.mark.parametrize(("disguised", "hidden"), [
    (f"revenue h{ZWSP}ub", "U+200B ZERO WIDTH SPACE"),
    (f"revenue hu{ZWNJ}b", "U+200C ZERO WIDTH NON-JOINER"),
    (f"reve{ZWJ}nue hub", "U+200D ZERO WIDTH JOINER"),
    (f"rev{WJ}enue hub", "U+2060 WORD JOINER"),
    (f"revenue{SHY} hub", "U+00AD SOFT HYPHEN"),
    (f"revenue {BOM}hub", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
])
def test_invisible_character_in_a_variant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, disguised: str,
                                          hidden: str) -> None:
    text = f"Open the {disguised} today.\n"
    finding = _only(_check(tmp_path, monkeypatch, text))
    assert finding["rule"] == "TM001"
    assert finding["excerpt"] == disguised == _span(text, finding)
    assert (finding["location"]["line"], finding["location"]["column"]) == (1, 10)
    assert finding["suggestion"] == "Revenue Workspace"
    assert finding["message"] == (f"Use 'Revenue Workspace' instead of '{disguised}'. "
                                  f"It hides an invisible character: {hidden}.")
    _check(tmp_path, monkeypatch, text, "--fix")
    assert (tmp_path / "corpus/sales/a.md").read_text(encoding="utf-8") == "Open the Revenue Workspace today.\n"


def test_invisible_characters_in_an_avoided_phrase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"Our best-in{SHY}-class tool and a best{ZWSP}-in-class team.\n"
    findings = _check(tmp_path, monkeypatch, text)
    assert [(f["rule"], f["excerpt"], f["location"]["column"], f["location"]["end_column"]) for f in findings] == [
        ("TM005", f"best-in{SHY}-class", 5, 19), ("TM005", f"best{ZWSP}-in-class", 31, 45)]
    assert findings[0]["message"] == (f"Avoid 'best-in{SHY}-class'. It hides an invisible character: U+00AD SOFT "
                                      "HYPHEN. Unprovable superlative; cite a proof point instead.")
    assert all(_span(text, f) == f["excerpt"] for f in findings)


def test_look_alike_letter_in_a_variant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"Plans live in the r{CYR_IE}venue hubs.\n"
    finding = _only(_check(tmp_path, monkeypatch, text))
    assert finding["rule"] == "TM001"
    assert finding["excerpt"] == f"r{CYR_IE}venue hubs" == _span(text, finding)
    assert finding["suggestion"] == "Revenue Workspaces"
    assert finding["message"] == (f"Use 'Revenue Workspaces' instead of 'r{CYR_IE}venue hubs'. It is written with a "
                                  f"look-alike letter: '{CYR_IE}' (U+0435 CYRILLIC SMALL LETTER IE).")
    _check(tmp_path, monkeypatch, text, "--fix")
    assert (tmp_path / "corpus/sales/a.md").read_text(encoding="utf-8") == "Plans live in the Revenue Workspaces.\n"


@pytest.mark.parametrize(("disguised", "letter"), [
    (f"HubSp{CYR_O}t", f"'{CYR_O}' (U+043E CYRILLIC SMALL LETTER O)"),
    (f"HubSp{GREEK_OMICRON}t", f"'{GREEK_OMICRON}' (U+03BF GREEK SMALL LETTER OMICRON)"),
    (f"Hubsp{CYR_O}t", f"'{CYR_O}' (U+043E CYRILLIC SMALL LETTER O)"),  # wrong casing as well
])
def test_look_alike_letter_in_the_canonical_term(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, disguised: str,
                                                 letter: str) -> None:
    text = f"Sync deals from {disguised} daily.\n"
    finding = _only(_check(tmp_path, monkeypatch, text))
    assert finding["rule"] == "TM002"
    assert finding["excerpt"] == disguised == _span(text, finding)
    assert finding["suggestion"] == "HubSpot"
    assert finding["message"] == (f"Write 'HubSpot' in Latin letters, not '{disguised}'. "
                                  f"It is written with a look-alike letter: {letter}.")
    _check(tmp_path, monkeypatch, text, "--fix")
    assert (tmp_path / "corpus/sales/a.md").read_text(encoding="utf-8") == "Sync deals from HubSpot daily.\n"


def test_invisible_character_and_wrong_casing_in_the_canonical_term(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    finding = _only(_check(tmp_path, monkeypatch, f"Sync deals from hub{ZWSP}spot daily.\n"))
    assert (finding["rule"], finding["excerpt"], finding["suggestion"]) == ("TM002", f"hub{ZWSP}spot", "HubSpot")


def test_text_output_shows_the_disguise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_workspace(tmp_path, {"corpus/sales/a.md": f"Open the revenue h{ZWSP}ub and r{CYR_IE}venue hub.\n"},
                    config='corpus = ["corpus"]')
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(main, ["check", "--select", TM_RULES]).stdout
    assert out.splitlines()[1:3] == [
        "  1:10  error    Use 'Revenue Workspace' instead of 'revenue h\\u200bub'. "
        "It hides an invisible character: U+200B ZERO WIDTH SPACE.  TM001",
        f"  1:27  error    Use 'Revenue Workspace' instead of 'r{CYR_IE}venue hub'. "
        f"It is written with a look-alike letter: '{CYR_IE}' (U+0435 CYRILLIC SMALL LETTER IE).  TM001",
    ]


@pytest.mark.parametrize("text", [
    f"The Revenue Work{SHY}space is ready.",          # a soft hyphen in a correctly written term: fine
    "Наш продукт — хорошо.",                          # Russian prose is not a disguised English term
    "Еще раз: рос, сор, ехе.",                        # words made only of look-alike letters stay Cyrillic
    "Our team 👩‍💻 ships weekly.",                    # an emoji ZWJ sequence
    "The revenue hubble and the revenue\u200bhub.",   # a glued word is one word, as on screen
])
def test_no_false_alarms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    assert _check(tmp_path, monkeypatch, text + "\n") == []
