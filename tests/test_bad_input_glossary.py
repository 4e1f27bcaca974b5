"""Bad glossary input as a user writes it: a clear message with file and line, and the run goes on
wherever msgalign can tell what was meant.

A glossary entry that only repeats a term in another casing is a notice, never an exit 2: casing is
TM002's job, so the extra entry or variant is left out and every other term still checks the corpus.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from msgalign.cli import main
from msgalign.errors import GlossaryError
from msgalign.glossary.load import load_glossary


def load(tmp_path: Path, text: str, name: str = "terms.yml"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_glossary([path], display=lambda p: p.name)


@pytest.fixture()
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "corpus").mkdir()
    (tmp_path / "msgalign.toml").write_text('glossary = ["glossary"]\ncorpus = ["corpus"]\n', encoding="utf-8")
    (tmp_path / "corpus" / "page.md").write_text(
        "Book a room in Harbour Studio, then open harbor studio from the tideboard.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", "--select", "TM001,TM002,TM005", *args])


# --------------------------------------------------------------------------- one word in two casings


def test_a_variant_in_another_casing_is_a_notice_and_the_term_still_checks(tmp_path: Path) -> None:
    g = load(tmp_path, "terms:\n  - term: Harbor Studio\n    variants: [harbor studio, Harbour Studio]\n"
                       "  - term: Tide Board\n    variants: [tideboard]\n")
    assert [(t.term, t.variants) for t in g.terms] == [("Harbor Studio", ("Harbour Studio",)),
                                                        ("Tide Board", ("tideboard",))]
    assert g.warnings == (
        "terms.yml:2: the variant 'harbor studio' differs from the term 'Harbor Studio' only in casing, so it is "
        "left out. TM002 already flags every casing of 'Harbor Studio' but its own ('case: exact', the default), "
        "'harbor studio' included. Remove 'harbor studio' from 'variants'.",)


def test_a_casing_variant_of_a_term_with_case_any_says_to_set_case_exact(tmp_path: Path) -> None:
    g = load(tmp_path, "terms:\n  - term: Tide Board\n    case: any\n    variants: [TIDE BOARD, tideboard]\n")
    assert g.terms[0].variants == ("tideboard",)
    assert len(g.warnings) == 1
    assert "terms.yml:2: the variant 'TIDE BOARD'" in g.warnings[0]
    assert "'Tide Board' has 'case: any', so its casing is not checked: set 'case: exact'" in g.warnings[0]


@pytest.mark.parametrize(("second", "how"), [
    ("harbor studio", "differs from the term 'Harbor Studio' only in casing"),
    ("harbor studios", "is a form of 'Harbor Studio' written in another casing"),
])
def test_two_terms_in_two_casings_keep_the_first_with_a_notice(tmp_path: Path, second: str, how: str) -> None:
    g = load(tmp_path, f"terms:\n  - term: Harbor Studio\n    variants: [Harbour Studio]\n"
                       f"  - term: Tide Board\n  - term: {second}\n    variants: [HarbourStudio]\n")
    assert [t.term for t in g.terms] == ["Harbor Studio", "Tide Board"]
    assert g.warnings == (
        f"terms.yml:5: the term '{second}' {how} (at terms.yml:2), so this entry is left out and 'Harbor Studio' "
        f"is kept. TM002 already flags every casing of 'Harbor Studio' but its own ('case: exact', the default), "
        f"'{second}' included. Remove this entry, or, if '{second}' is the casing you want, correct the entry at "
        "terms.yml:2.",)


def test_two_casings_in_two_files_are_the_same_notice(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text("terms:\n  - term: JavaScript\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("terms:\n  - term: Javascript\n", encoding="utf-8")
    g = load_glossary([tmp_path / "a.yml", tmp_path / "b.yml"], display=lambda p: p.name)
    assert [t.term for t in g.terms] == ["JavaScript"]
    assert len(g.warnings) == 1 and g.warnings[0].startswith(
        "b.yml:2: the term 'Javascript' differs from the term 'JavaScript' only in casing (at a.yml:2)")


def test_the_run_goes_on_with_the_rest_of_the_glossary(ws: Path) -> None:
    (ws / "glossary" / "terms.yml").write_text(
        "terms:\n  - term: Harbor Studio\n    variants: [harbor studio, Harbour Studio]\n"
        "  - term: Tide Board\n    variants: [tideboard]\n  - term: HARBOR STUDIO\n", encoding="utf-8")
    result = check("--format", "json")
    assert result.exit_code == 0, result.output  # warnings only: below the default fail level
    assert "glossary/terms.yml:2: the variant 'harbor studio'" in result.stderr
    assert "glossary/terms.yml:6: the term 'HARBOR STUDIO'" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    found = sorted((f["rule"], f["excerpt"] if "excerpt" in f else f["message"])
                   for f in json.loads(result.stdout)["findings"])
    assert [rule for rule, _ in found] == ["TM001", "TM001", "TM002"]


# --------------------------------------------------------------------------- the rest of the audit


@pytest.mark.parametrize(("text", "expected"), [
    # a broken YAML line: the line, what is wrong, exit 2 (the glossary is configuration)
    ("terms:\n  - term: Harbor Studio\n    variants: [Harbour Studio\n  - term: Tide Board\n",
     "[E201] terms.yml:4: not valid YAML"),
    ("terms:\n  - definition: A room you book.\n", "[E201] terms.yml:2: this entry has no 'term'."),
    ("terms:\n  - term: ''\n", "[E201] terms.yml:2: 'term' must be a non-empty string, got a string."),
    ("terms:\n  - term: Harbor Studio\n    variants: [Harbour Studio, '']\n",
     "[E201] terms.yml:2: 'variants' must be a list of strings, got a list holding an empty string."),
    ("terms:\n  - term: Harbor Studio\n  - term: Tide Board\n    variants: [harbor studio]\n",
     "[E201] terms.yml:3: 'harbor studio' is listed as a variant of 'Tide Board' but is itself the term at "
     "terms.yml:2."),
    ("terms:\n  - {term: Harbor Studio, teams: [sales]}\n  - {term: Harbor Studio, teams: [cs]}\n",
     "[E201] terms.yml:3: the term 'Harbor Studio' is already defined at terms.yml:2 with a different teams"),
])
def test_glossary_mistakes_name_file_and_line(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(GlossaryError) as info:
        load(tmp_path, text)
    assert expected in str(info.value)


def test_duplicate_terms_that_agree_are_merged(tmp_path: Path) -> None:
    g = load(tmp_path, "terms:\n  - {term: Harbor Studio, variants: [Harbour Studio]}\n"
                       "  - {term: Harbor Studio, variants: [HarborStudio]}\n")
    assert [(t.term, t.variants) for t in g.terms] == [("Harbor Studio", ("Harbour Studio", "HarborStudio"))]


@pytest.mark.parametrize("pattern", ["[Tt]ideboard", "tide.*board", "tide ?board|tidal board", r"\btideboard\b"])
def test_a_regex_looking_variant_is_left_out_with_a_notice(tmp_path: Path, pattern: str) -> None:
    """Read as words, '[Tt]ideboard' was fixed into 'Open the [Tide Board.': a broken sentence."""
    from msgalign.glossary.index import TermIndex

    g = load(tmp_path, f"terms:\n  - term: Tide Board\n    variants: [tideboard, '{pattern}']\n"
                       f"avoid:\n  - 'best.*class'\n  - world-class\n")
    assert g.terms[0].variants == ("tideboard",) and [a.phrase for a in g.avoid] == ["world-class"]
    assert len(g.warnings) == 2
    assert g.warnings[0].startswith(f"terms.yml:2: the variant of 'Tide Board' '{pattern}' looks like a pattern")
    assert "use `msgalign glossary import`" in g.warnings[0]
    assert g.warnings[1].startswith("terms.yml:5: the phrase to avoid 'best.*class' looks like a pattern ('.*')")
    index = TermIndex(g)
    assert index.fix_text(f"Open the {pattern} or the tideboard.") == f"Open the {pattern} or the Tide Board."


@pytest.mark.parametrize("word", ["C++", "Node.js", "$0 migration", "Harbor (beta)", "AT&T", "Q&A", "U.S."])
def test_words_with_punctuation_are_not_patterns(tmp_path: Path, word: str) -> None:
    g = load(tmp_path, f"terms:\n  - term: Tide Board\n    variants: ['{word}']\n")
    assert g.terms[0].variants == (word,) and g.warnings == ()


def test_non_utf8_bytes_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "terms.yml"
    path.write_bytes(b"terms:\n  - term: Caf\xe9 Board\n")
    with pytest.raises(GlossaryError) as info:
        load_glossary([path], display=lambda p: p.name)
    message = str(info.value)
    assert message.startswith("[E201] terms.yml:2: ") and "UTF-8" in message
    assert "codec" not in message and "0xe9" not in message


def test_a_bom_is_read_as_nothing(tmp_path: Path) -> None:
    path = tmp_path / "terms.yml"
    path.write_bytes("\ufeffterms:\n  - term: Harbor Studio\n".encode())
    assert [t.term for t in load_glossary([path]).terms] == ["Harbor Studio"]


def test_a_huge_glossary_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "terms.yml"
    path.write_text("terms:\n" + "  # padding\n" * 600_000, encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"terms.yml: the file is over 5 MB; split it into smaller files"):
        load_glossary([path], display=lambda p: p.name)


def _big_glossary(count: int) -> str:
    """`count` distinct two-word terms, each with one variant: no alias anywhere."""
    def word(n: int, salt: int) -> str:
        letters = ""
        n = n * 7919 + salt
        for _ in range(6):
            n, r = divmod(n, 26)
            letters += "abcdefghijklmnopqrstuvwxyz"[r]
        return letters

    rows = [f"  - term: {word(i, 1).title()} {word(i, 2).title()}\n    variants: [{word(i, 3)}{i}]"
            for i in range(count)]
    return "terms:\n" + "\n".join(rows) + "\n"


def test_a_big_glossary_without_aliases_loads(tmp_path: Path) -> None:
    """17,000 terms are 102,000 YAML values: the alias budget refused them as "expands through its aliases"."""
    g = load(tmp_path, _big_glossary(17_000))
    assert len(g.terms) == 17_000 and g.warnings == ()


def test_libyaml_and_pyyaml_read_a_glossary_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    text = (_big_glossary(50) + "avoid:\n  - best-in-class\n  - {phrase: seamless, reason: Say how., severity: info}\n"
            "  - &a {phrase: world-class}\n")
    fast = load(tmp_path, text)
    monkeypatch.delattr(yaml, "CSafeLoader")
    assert load(tmp_path, text) == fast


@pytest.mark.parametrize(("name", "text", "kind"), [
    ("prh.yml", "version: 1\nrules:\n  - expected: Harbor Studio\n    pattern: Harbour Studio\n", "a prh dictionary"),
    ("Terms.yml", "extends: substitution\nmessage: Use '%s'.\nswap:\n  Harbour Studio: Harbor Studio\n",
     "a Vale rule"),
    ("accept.txt", "Harbor Studio\nTide Board\n", "a Vale vocabulary (one word per line)"),
    ("terms.json", '[["Harbour Studio", "Harbor Studio"]]', "a textlint terminology list"),
    ("terms.jsonc", '// terms\n[["Harbour Studio", "Harbor Studio"]]', "a textlint terminology list"),
    (".vale.ini", "StylesPath = styles\n[*.md]\nBasedOnStyles = Vale\n", "a Vale configuration"),
])
def test_another_tools_file_says_to_import_it(tmp_path: Path, name: str, text: str, kind: str) -> None:
    with pytest.raises(GlossaryError) as info:
        load(tmp_path, text, name)
    stem = Path(name).stem.lstrip(".")
    assert str(info.value) == (f"[E201] {name}: this is {kind}, not a msgalign glossary. Convert it with "
                               f"`msgalign glossary import {name} -o glossary/{stem}-terms.yml`, and keep the "
                               "original out of the glossary list.")


def test_a_glossary_written_as_json_still_loads(tmp_path: Path) -> None:
    g = load(tmp_path, '{"terms": [{"term": "Harbor Studio", "variants": ["Harbour Studio"]}]}', "terms.json")
    assert [(t.term, t.variants) for t in g.terms] == [("Harbor Studio", ("Harbour Studio",))]


def test_a_variant_written_as_the_term_itself_is_a_notice(tmp_path: Path) -> None:
    g = load(tmp_path, "terms:\n  - term: Harbor Studio\n"
                       "    variants: [Harbor Studio, Harbour Studio, Harbour Studio]\n")
    assert g.terms[0].variants == ("Harbour Studio",)  # and the one written twice is one
    assert g.warnings == ("terms.yml:2: the variant 'Harbor Studio' is the term itself, so it is left out; remove it "
                          "from 'variants'.",)


def test_a_phrase_to_avoid_that_is_a_term_or_a_variant_is_a_notice(tmp_path: Path) -> None:
    g = load(tmp_path, "terms:\n  - term: Harbor Studio\n    variants: [Harbour Studio]\n"
                       "avoid:\n  - Harbor Studio\n  - harbour studio\n  - best-in-class\n")
    assert [a.phrase for a in g.avoid] == ["best-in-class"] and g.terms[0].variants == ("Harbour Studio",)
    assert g.warnings == (
        "terms.yml:5: the phrase to avoid 'Harbor Studio' is the term 'Harbor Studio' (at terms.yml:2), so it is "
        "left out of the phrases to avoid. A term is what to write: keep it as the term or as a phrase to avoid, "
        "not both.",
        "terms.yml:6: the phrase to avoid 'harbour studio' is a variant of 'Harbor Studio' (at terms.yml:2), so it "
        "is left out of the phrases to avoid. TM001 already reports it and fixes it: remove it from 'avoid'.",
    )


def test_a_huge_value_is_quoted_short_in_a_notice(tmp_path: Path) -> None:
    g = load(tmp_path, "terms:\n  - term: " + "Harbor " * 3000 + "\n")
    assert len(g.warnings) == 1 and len(g.warnings[0]) < 400
