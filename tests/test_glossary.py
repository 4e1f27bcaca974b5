"""Glossary loading: errors name the file and line and say what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from msgalign.errors import GlossaryError
from msgalign.glossary.load import load_glossary
from msgalign.types import Severity


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "terms.yml"
    p.write_text(text, encoding="utf-8")
    return p


def load_error(tmp_path: Path, text: str) -> str:
    with pytest.raises(GlossaryError) as info:
        load_glossary([write(tmp_path, text)], display=lambda p: p.name)
    return str(info.value)


def test_a_valid_glossary_loads_with_defaults(tmp_path: Path) -> None:
    g = load_glossary([write(tmp_path, "terms:\n  - term: Revenue Workspace\n    variants: [revenue hub]\n"
                                       "avoid:\n  - best-in-class\n"
                                       "  - {phrase: seamless, reason: Vague., severity: info}\n")])
    assert g.terms[0].term == "Revenue Workspace" and g.terms[0].case == "exact"
    assert g.terms[0].severity is Severity.WARNING
    assert [a.phrase for a in g.avoid] == ["best-in-class", "seamless"] and g.avoid[1].severity is Severity.INFO


@pytest.mark.parametrize(("text", "expected"), [
    ("terms:\n  - term: A\n    variants: b\n",
     "[E201] terms.yml:2: 'variants' must be a list of strings, got a string."),
    ("terms:\n  - term: A\n    varients: [b]\n",
     "[E201] terms.yml:2: unknown key 'varients' in this term. Did you mean 'variants'?"),
    ("terms:\n  - term: A\n  - term: B\n    case: exakt\n",
     "[E201] terms.yml:3: 'case' must be exact or any, got 'exakt'."),
    ("terms:\n  - definition: no term\n", "[E201] terms.yml:2: this entry has no 'term'."),
    ("terms:\n  - term: A\n    severity: fatal\n",
     "[E201] terms.yml:2: 'severity' must be error, warning or info, got 'fatal'."),
    ("terms: [\n", "[E201] terms.yml:2: not valid YAML"),
    ("terms:\n  - term: HubSpot\n    variants: [Hubspot]\n", "differs from the term 'HubSpot' only in casing"),
    ("terms:\n  - term: Account Plan\n  - term: account plans\n",
     "[E201] terms.yml:3: the term 'account plans' is already defined at terms.yml:2."),
    ("terms:\n  - term: Alpha\n    variants: [beta]\n  - term: Beta\n",
     "'beta' is listed as a variant of 'Alpha' but is itself the term"),
    ("terms: {term: A}\n", "'terms' must be a list, got a mapping."),
    ("termz: []\n", "unknown key 'termz' in this file. Did you mean 'terms'?"),
])
def test_errors_name_file_line_and_fix(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in load_error(tmp_path, text)


@pytest.mark.parametrize(("text", "expected"), [
    ("terms:\n  - term: 5\n", "[E201] terms.yml:2: 'term' must be a non-empty string, got a number."),
    ("terms:\n  - term: [a, b]\n", "[E201] terms.yml:2: 'term' must be a non-empty string, got a list."),
    ("terms:\n  - term: A\n    variants: [b, 3]\n",
     "[E201] terms.yml:2: 'variants' must be a list of strings, got a list holding a number."),
    ("terms:\n  - term: A\n    variants: [b, [c]]\n", "got a list holding a list."),
    ("terms:\n  - term: A\n    variants: [b, '  ']\n", "got a list holding an empty string."),
    ("terms:\n  - term: A\n    examples: 5\n",
     "[E201] terms.yml:2: 'examples' must be a list of {from: ..., to: ...}, got a number."),
    ("terms:\n  - term: A\n    examples: {from: a, to: b}\n", "got a mapping."),
    ("terms:\n  - term: A\n    examples:\n      - from: a\n        to: 5\n",
     "[E201] terms.yml:4: each example must be a mapping {from: ..., to: ...} of two strings ('to' is a number)."),
    ("terms:\n  - term: A\n    examples: [x]\n", "of two strings (a string)."),
    ("terms:\n  - term: A\n    examples:\n      - from: a\n        to: A\n        extra: c\n",
     "[E201] terms.yml:4: unknown key 'extra' in this example"),
    ("terms:\n  - term: A\n    teams: {sales: 1}\n", "[E201] terms.yml:2: 'teams' must be a list of strings, got a m"),
    ("terms:\n  - term: A\n    case: [exact]\n", "[E201] terms.yml:2: 'case' must be a non-empty string, got a list."),
    ("terms:\n  - term: A\n    severity: [error]\n", "'severity' must be error, warning or info, got a list."),
    ("terms:\n  - term: A\n    definition: 2024-01-01\n", "'definition' must be a non-empty string, got a date."),
    ("terms:\n  - term: A\n    term: B\n",
     "[E201] terms.yml:3: the key 'term' appears twice in one mapping (first on line 2); keep one."),
    ("terms:\n  - term: A\nterms: []\n", "[E201] terms.yml:3: the key 'terms' appears twice"),
    ("- term: A\n", "[E201] terms.yml:1: the file must be a mapping with 'terms:' and/or 'avoid:', got a list."),
    ("just a string\n", "[E201] terms.yml:1: the file must be a mapping with 'terms:' and/or 'avoid:', got a string."),
    ("\n42\n", "[E201] terms.yml:2: the file must be a mapping with 'terms:' and/or 'avoid:', got a number."),
    ("terms: []\n---\navoid: []\n", "[E201] terms.yml:2: not valid YAML: expected a single document in the stream but "
                                     "found another document (a glossary file is one YAML document"),
    ("terms:\n\t- term: A\n", "[E201] terms.yml:2: not valid YAML: found character '\\t' that cannot start any token "
                               "(YAML indents with spaces, never tabs)."),
    ("terms:\n  - term: A\n  - 5\n",
     "[E201] terms.yml:3: each entry under 'terms' must be a mapping with a 'term', got a number."),
    ("avoid:\n  - seamless\n  - ''\n", "[E201] terms.yml:3: an entry under 'avoid' is an empty string"),
    ("avoid:\n  - [a]\n", "[E201] terms.yml:2: each entry under 'avoid' must be a mapping with a 'phrase'"),
    ("terms:\n  - term: A\n    definition: 2024-13-45\n", "[E201] terms.yml: not valid YAML: a value cannot be read"),
    ("terms: " + "[" * 5_000 + "\n", "[E201] terms.yml: not valid for a glossary: its lists or mappings nest"),
    ("a: &a [*a]\n", "[E201] terms.yml:1: an alias (*name) refers to a value that contains it, so it never ends."),
])
def test_wrong_types_are_glossary_errors_at_file_and_line(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in load_error(tmp_path, text)


def test_the_shorthand_avoid_entry_names_its_line(tmp_path: Path) -> None:
    g = load_glossary([write(tmp_path, "avoid:\n  - seamless\n  - best-in-class\n")], display=lambda p: p.name)
    assert [a.source for a in g.avoid] == ["terms.yml:2", "terms.yml:3"]


def test_failing_example_is_a_load_error(tmp_path: Path) -> None:
    message = load_error(tmp_path, "terms:\n  - term: Revenue Workspace\n    variants: [revenue hub]\n"
                                   "    examples:\n"
                                   "      - {from: 'Open the revenue hub.', to: 'Open the Workspace.'}\n")
    assert "terms.yml:2: example for 'Revenue Workspace' fails" in message
    assert "'Open the Revenue Workspace.'" in message


def test_passing_examples_load(tmp_path: Path) -> None:
    g = load_glossary([write(tmp_path, "terms:\n  - term: Revenue Workspace\n    variants: [revenue hub]\n"
                                       "    examples:\n"
                                       "      - {from: 'Two revenue hubs.', to: 'Two Revenue Workspaces.'}\n")])
    assert g.terms[0].examples == (("Two revenue hubs.", "Two Revenue Workspaces."),)


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="no such file or folder"):
        load_glossary([tmp_path / "nope"])


def test_folder_loads_every_yaml_file_in_order(tmp_path: Path) -> None:
    (tmp_path / "b.yml").write_text("terms:\n  - term: Beta\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text("terms:\n  - term: Alpha\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    assert [t.term for t in load_glossary([tmp_path]).terms] == ["Alpha", "Beta"]
