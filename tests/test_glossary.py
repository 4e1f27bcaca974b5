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


def load_two(tmp_path: Path, first: str, second: str):  # type: ignore[no-untyped-def]
    (tmp_path / "a.yml").write_text(first, encoding="utf-8")
    (tmp_path / "b.yml").write_text(second, encoding="utf-8")
    return load_glossary([tmp_path / "a.yml", tmp_path / "b.yml"], display=lambda p: p.name)


def test_separator_variants_load(tmp_path: Path) -> None:
    g = load_glossary([write(tmp_path, "terms:\n"
                                       "  - {term: go-to-market, variants: [go to market]}\n"
                                       "  - {term: sign-up, variants: [sign up]}\n"
                                       "  - {term: log in, variants: [login, log-in], inflect: verb}\n"
                                       "  - {term: on-premises, variants: [on premises, on-prem, on-premise]}\n"
                                       "  - {term: self-hosted, variants: [self hosted]}\n"
                                       "  - {term: Point-in-Time Recovery, variants: [point in time recovery]}\n"
                                       "  - {term: Node.js, variants: [Node js, NodeJS]}\n")])
    assert len(g.terms) == 7 and g.term("log in") is not None and g.term("log in").inflect == "verb"  # type: ignore[union-attr]


def test_two_files_defining_one_term_alike_are_merged(tmp_path: Path) -> None:
    g = load_two(tmp_path, "terms:\n  - term: JavaScript\n    variants: [Javascript-lang, JS]\n",
                 "terms:\n  - term: JavaScript\n    variants: [JS, java script]\n    definition: The language.\n")
    assert [(t.term, t.variants, t.definition, t.source) for t in g.terms] == [
        ("JavaScript", ("Javascript-lang", "JS", "java script"), "The language.", "a.yml:2")]


def test_one_term_twice_in_one_file_is_merged(tmp_path: Path) -> None:
    g = load_glossary([write(tmp_path, "terms:\n  - {term: Acme, variants: [ACME Corp]}\n"
                                       "  - {term: Acme, variants: [Acme Inc]}\n")], display=lambda p: p.name)
    assert [(t.term, t.variants) for t in g.terms] == [("Acme", ("ACME Corp", "Acme Inc"))]


DISAGREE = [
    ("  - {term: JavaScript, teams: [sales]}\n",
     "the term 'JavaScript' is already defined at a.yml:2 with a different teams (all there, sales here)"),
    ("  - {term: JavaScript, definition: Another.}\n",
     "the term 'JavaScript' is already defined at a.yml:2 with a different definition; make the two entries agree"),
    ("  - {term: JavaScript, inflect: verb}\n",
     "the term 'JavaScript' is already defined at a.yml:2 with a different 'inflect' (noun there, verb here)"),
    ("  - {term: Script, variants: [JS]}\n",
     "'JS' is listed as a variant of both 'JavaScript' (at a.yml:2) and 'Script'; a fix can only have one term"),
    ("  - {term: Script, variants: [javascript]}\n",
     "'javascript' is listed as a variant of 'Script' but is itself the term at a.yml:2."),
]
FIRST = "terms:\n  - {term: JavaScript, definition: The language., variants: [JS]}\n"


@pytest.mark.parametrize(("second", "expected"), DISAGREE)
def test_entries_that_disagree_in_one_file_are_an_error_naming_both_places(
        tmp_path: Path, second: str, expected: str) -> None:
    with pytest.raises(GlossaryError) as info:
        load_glossary([write(tmp_path, FIRST + second)], display=lambda p: p.name)
    assert f"[E201] terms.yml:3: {expected}".replace("a.yml", "terms.yml") in str(info.value)


@pytest.mark.parametrize(("second", "expected"), DISAGREE)
def test_two_files_that_disagree_load_with_a_warning_naming_both_places(
        tmp_path: Path, second: str, expected: str) -> None:
    """Two imported styles load together: the later file's entry gives way, and the warning says so."""
    g = load_two(tmp_path, FIRST, "terms:\n" + second)
    assert len(g.warnings) == 1 and g.warnings[0].startswith(f"b.yml:2: {expected}"), g.warnings
    assert g.term("JavaScript") == load_glossary([tmp_path / "a.yml"], display=lambda p: p.name).terms[0]


def test_a_message_is_never_a_term(tmp_path: Path) -> None:
    g = load_glossary([write(tmp_path, "terms:\n  - term: \"Remove 'quite', as it's wordy.\"\n    variants: [quite]\n"
                                       "  - term: Acme Inc.\n  - term: Node.js\n")], display=lambda p: p.name)
    assert [t.term for t in g.terms] == ["Acme Inc.", "Node.js"]
    assert [(a.phrase, a.reason, a.source) for a in g.avoid] == [("quite", "Remove 'quite', as it's wordy.",
                                                                 "terms.yml:2")]
    assert g.warnings == ("terms.yml:2: the term \"Remove 'quite', as it's wordy.\" reads as a message, not a word "
                          "to write, so --fix will never write it; its variants ('quite') are checked as phrases to "
                          "avoid (TM005) with it as the reason. Move it under 'avoid:' as a 'reason:'.",)


def test_inflect_is_validated(tmp_path: Path) -> None:
    assert "[E201] terms.yml:2: 'inflect' must be noun, verb, both or none, got 'verbs'." in load_error(
        tmp_path, "terms:\n  - {term: sync, inflect: verbs}\n")
    assert "[E201] terms.yml:2: 'inflect' must be a non-empty string, got a number." in load_error(
        tmp_path, "avoid:\n  - {phrase: x, inflect: 3}\n")


def test_two_severities_merge_into_the_higher_with_a_warning(tmp_path: Path) -> None:
    g = load_two(tmp_path, "terms:\n  - {term: JavaScript, variants: [JS], severity: info}\n",
                 "terms:\n  - {term: JavaScript, variants: [Javascript-lang], severity: error}\n")
    assert [(t.term, t.variants, t.severity) for t in g.terms] == [
        ("JavaScript", ("JS", "Javascript-lang"), Severity.ERROR)]
    assert g.warnings == ("b.yml:2: the term 'JavaScript' is also defined at a.yml:2, with severity info there and "
                          "error here; the two are merged with the higher, error.",)


def test_two_casing_rules_merge_into_any_with_a_warning(tmp_path: Path) -> None:
    g = load_two(tmp_path, "terms:\n  - {term: phone}\n", "terms:\n  - {term: phone, case: any}\n")
    assert [(t.term, t.case) for t in g.terms] == [("phone", "any")]
    assert g.warnings == ("b.yml:2: the term 'phone' is also defined at a.yml:2, with 'case: exact' there and "
                          "'case: any' here; the two are merged with 'case: any', so its casing is not checked.",)


def test_a_term_and_its_plural_may_both_be_listed_when_they_agree_on_casing(tmp_path: Path) -> None:
    g = load_glossary([write(tmp_path, "terms:\n  - term: API\n  - term: APIs\n")])
    assert [t.term for t in g.terms] == ["API", "APIs"]
    # One that does not is left out with a notice (casing is TM002's), and the rest loads.
    g = load_glossary([write(tmp_path, "terms:\n  - term: API\n  - term: Apis\n")], display=lambda p: p.name)
    assert [t.term for t in g.terms] == ["API"]
    assert g.warnings[0].startswith("terms.yml:3: the term 'Apis' is a form of 'API' written in another casing")


@pytest.mark.parametrize(("text", "message"), [
    ("Remove 'quite', as it's wordy.", True), ("Because' or 'after", True), ("Use %s instead", True),
    ("Consider rephrasing this sentence.", True), ("Acme Inc.", False), ("Node.js", False), ("that's", False),
    ("Acme's Cloud", False), ("Point-in-Time Recovery", False), ("first-year student(s)", False),
])
def test_what_reads_as_a_message(text: str, message: bool) -> None:
    from msgalign.glossary.load import reads_as_message

    assert reads_as_message(text) is message
