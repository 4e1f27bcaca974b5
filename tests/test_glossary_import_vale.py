"""`glossary import` keeps what each Vale or textlint rule means, and the rule's name goes with it.

The fixtures (tests/fixtures/import/vale/styles/Acme) are shaped like real Vale styles — a
passive-voice rule of `raw:` + `tokens:`, advice in swap values, case-sensitive keys, scopes,
`nonword`, exceptions, possessive tokens — in sentences of our own. The last tests import the
real styles in ../shared/ecosystem and skip when it is absent.
"""

from __future__ import annotations

import functools
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from msgalign.authoring.importer import ImportResult, import_glossary
from msgalign.cli import main
from msgalign.errors import GlossaryImportError, UsageError
from msgalign.glossary.index import TermIndex
from msgalign.glossary.load import load_glossary
from msgalign.rules import all_rules, check_selectors, keep_finding
from msgalign.suppress import Suppressions, parse
from msgalign.types import Directive, Document, Evidence, Finding, Location, Severity

FIXTURES = Path(__file__).parent / "fixtures" / "import"
ACME = Path("vale/styles/Acme")
ACME_VOCAB = Path("vale/styles/config/vocabularies/Acme/accept.txt")
ECOSYSTEM = Path(__file__).resolve().parents[1] / ".." / "shared" / "ecosystem"


@pytest.fixture()
def fixtures(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(FIXTURES)
    return FIXTURES


def entries(result: ImportResult) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    data = yaml.safe_load(result.yaml_text)
    return ({t["term"]: t for t in data["terms"] or []}, {a["phrase"]: a for a in data["avoid"] or []})


def glossary_of(result: ImportResult, tmp_path: Path, name: str = "imported.yml"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(result.yaml_text, encoding="utf-8")
    return load_glossary([path])


# ---------------------------------------------------------------- what each Vale rule means


def test_raw_and_tokens_are_one_pattern_never_bare_words(fixtures: Path) -> None:
    result = import_glossary([ACME / "Passive.yml"])
    terms, avoid = entries(result)

    assert terms == {}
    # Vale reads raw + \b(?:token)\b: 'was built', never 'built' on its own.
    assert sorted(avoid) == sorted(f"{be} {word}" for be in ("is", "was", "were", "been")
                                   for word in ("built", "given", "shipped"))
    assert avoid["was built"]["reason"] == "'was built' reads as passive voice; say who does it."
    assert {a["rule"] for a in avoid.values()} == {"Acme.Passive"}
    assert {a["severity"] for a in avoid.values()} == {"info"}  # level: suggestion
    assert result.warnings == (
        "vale/styles/Acme/Passive.yml:9: regex '[\\w]+ed' cannot be turned into a plain term; skipped "
        "('\\w' matches any word character, not one spelling)",
    )
    [report] = result.rules
    assert (report.name, report.entries, report.converted, report.status) == ("Acme.Passive", 4, 3, "partly")


def test_a_raw_pattern_that_cannot_be_spelled_out_skips_the_rule(tmp_path: Path) -> None:
    rule = tmp_path / "Units.yml"
    rule.write_text("extends: existence\nmessage: x\nraw:\n  - '[a-z]+\\s'\ntokens:\n  - miles\n  - pounds\n",
                    encoding="utf-8")

    result = import_glossary([rule])

    assert entries(result) == ({}, {})  # never 'miles' alone
    assert any("tokens only count after its raw: pattern" in w and "skipped the rule" in w for w in result.warnings)
    assert [(r.status, r.entries, r.converted) for r in result.rules] == [("skipped", 2, 0)]


def test_swap_values_that_are_advice_become_phrases_to_avoid(fixtures: Path, tmp_path: Path) -> None:
    result = import_glossary([ACME / "Wordy.yml", ACME / "Words.yml"])
    terms, avoid = entries(result)

    assert avoid["basically"] == {"phrase": "basically", "reason": "Remove 'basically'; it adds nothing.",
                                  "severity": "info", "rule": "Acme.Wordy"}
    assert avoid["in order to"]["reason"] == "Write 'to' instead of 'in order to'."
    # Two words quoted into the message: a choice for the writer, not one replacement.
    assert avoid["since"] == {"phrase": "since", "reason": "Use 'because' or 'after' instead of 'since'.",
                              "case": "exact", "severity": "warning", "rule": "Acme.Words"}
    # An apostrophe inside a word is a replacement, not a quotation.
    assert terms["it's"]["variants"] == ["it is"]
    for text in ("basically", "in order to", "since"):
        assert text not in terms
    # --fix never writes advice into prose: nothing but TM001/TM002 replacements, all of them terms.
    index = TermIndex(glossary_of(result, tmp_path))
    prose = "Basically, in order to ship since May, it is done. Basically fine."
    fixed = index.fix_text(prose)
    assert "Remove" not in fixed and "'" not in fixed.replace("it's", "")
    assert fixed == "Basically, in order to ship since May, it's done. Basically fine."


def test_case_sensitive_keys_match_only_as_written(fixtures: Path, tmp_path: Path) -> None:
    result = import_glossary([ACME / "Words.yml"])
    terms, _ = entries(result)

    # 'Once' → 'After' is about a sentence opening with 'Once'; Vale never checks 'After' itself.
    assert terms["After"] == {"term": "After", "variants": ["Once"], "case": "any", "variant_case": "exact",
                              "severity": "warning", "rule": "Acme.Words"}
    # '[Rr]oadmap' differs from 'RoadMap' only in case: that is a casing rule.
    assert terms["RoadMap"] == {"term": "RoadMap", "case": "exact", "severity": "warning", "rule": "Acme.Words"}
    index = TermIndex(glossary_of(result, tmp_path))
    hits = [(h.kind, h.text, h.suggestion) for h in index.scan("Once it runs, after lunch, do it at once.")]
    assert hits == [("variant", "Once", "After")]  # not 'at once', not the lower-case 'after'
    assert [(h.kind, h.text) for h in index.scan("The roadmap and the Roadmap.")] == [
        ("casing", "roadmap"), ("casing", "Roadmap")]


def test_scope_nonword_possessives_and_exceptions(fixtures: Path, tmp_path: Path) -> None:
    result = import_glossary([ACME / "Hype.yml", ACME / "HeadingCase.yml", ACME / "Suffixes.yml",
                              ACME / "Spacing.yml"])
    _, avoid = entries(result)

    # 'simply the best' is the rule's exception; "Acme's" would be read as every 'Acme'.
    assert sorted(avoid) == ["simple", "turnkey"]
    assert avoid["simple"]["case"] == "exact"  # ignorecase is false: 'Simple' is not flagged
    index = TermIndex(glossary_of(result, tmp_path))
    assert [h.text for h in index.scan("Simple setup, simple price.")] == ["simple"]
    assert avoid["simple"]["severity"] == "error"
    status = {r.name: r.status for r in result.rules}
    assert status == {"Acme.Hype": "partly", "Acme.HeadingCase": "skipped", "Acme.Suffixes": "skipped",
                      "Acme.Spacing": "skipped"}
    warned = "\n".join(result.warnings)
    assert "HeadingCase.yml:3: 'scope: heading' limits the rule" in warned
    assert "Hype.yml:9: 'Acme's' is a possessive" in warned
    assert "Suffixes.yml:6: 'wise' has 'nonword: true'" in warned
    assert "Spacing.yml:6:" in warned and "no letters or digits" in warned


def test_accept_list_keeps_the_last_casing_like_vale(fixtures: Path) -> None:
    result = import_glossary([ACME_VOCAB])
    terms, _ = entries(result)

    assert sorted(terms) == ["Acme Cloud", "pipeDrive"]
    assert terms["pipeDrive"]["rule"] == "Vale.Terms"
    assert result.warnings == (
        f"{ACME_VOCAB.as_posix()}:3: 'pipeDrive' and 'Pipedrive' ({ACME_VOCAB.as_posix()}:2) are one word to "
        "msgalign; Vale uses the last line's casing, so the term is 'pipeDrive'",
    )


def test_a_style_folder_imports_every_rule_and_the_table_counts_them(fixtures: Path) -> None:
    result = import_glossary([ACME, ACME_VOCAB])

    assert [r.name for r in result.rules] == [
        "Acme.HeadingCase", "Acme.Hype", "Acme.Passive", "Acme.Spacing", "Acme.Suffixes", "Acme.Words",
        "Acme.Wordy", "Vale.Terms"]
    table = result.table().splitlines()
    assert table[0].split() == ["style", "rules", "converted", "partly", "skipped", "entries", "entries", "kept"]
    assert table[1].split() == ["Acme", "7", "1", "3", "3", "20", "14"]
    assert table[2].split() == ["Vale", "1", "1", "0", "0", "3", "3"]
    assert any(line.startswith("skipped Acme.HeadingCase (vale/styles/Acme/HeadingCase.yml") for line in table)
    # Every rule not carried over whole has a warning at its file.
    for report in result.rules:
        if report.status != "converted":
            assert any(w.startswith(report.file + ":") for w in result.warnings), report.name


def test_two_imported_styles_load_together(fixtures: Path, tmp_path: Path) -> None:
    first = tmp_path / "first"
    first.mkdir()
    (first / "Terms.yml").write_text("extends: substitution\nignorecase: true\nswap:\n  e-mail: email\n"
                                     "  Javascript: JavaScript\n", encoding="utf-8")
    second = tmp_path / "second"
    second.mkdir()
    (second / "WordList.yml").write_text("extends: substitution\nignorecase: true\nswap:\n  e mail: email\n"
                                         "  javascript: JavaScript\n", encoding="utf-8")
    one = tmp_path / "one.yml"
    one.write_text(import_glossary([first]).yaml_text, encoding="utf-8")
    two = tmp_path / "two.yml"
    two.write_text(import_glossary([second]).yaml_text, encoding="utf-8")

    glossary = load_glossary([one, two])  # no E201: one entry per word, naming both rules

    email = glossary.term("email")
    assert email is not None and email.variants == ("e-mail", "e mail")
    assert email.rule == "first.Terms, second.WordList"
    assert [t.term for t in glossary.terms].count("JavaScript") == 1
    assert glossary.rule_names() == ("first.Terms", "second.WordList")


def test_a_hand_written_term_and_an_imported_one_merge_when_they_agree(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text("terms:\n  - term: email\n    variants: [e-mail]\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("terms:\n  - term: email\n    variants: [electronic mail]\n"
                                    "    rule: Google.WordList\n", encoding="utf-8")
    glossary = load_glossary([tmp_path / "a.yml", tmp_path / "b.yml"])
    (term,) = [t for t in glossary.terms if t.term == "email"]
    assert set(term.variants) == {"e-mail", "electronic mail"}
    # The hand-written entry stays msgalign's own (ignoring Google.WordList must not silence it); the variant
    # only Google lists answers to Google.
    assert term.rule == ""
    assert {(v, rule) for v, rule, _, _ in term.variant_rules} == {("e-mail", ""),
                                                                  ("electronic mail", "Google.WordList")}


def test_hand_written_duplicates_that_disagree_in_one_file_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text("terms:\n  - term: email\n    teams: [sales]\n  - term: email\n    teams: [cs]\n",
                                    encoding="utf-8")
    with pytest.raises(Exception, match="already defined"):
        load_glossary([tmp_path / "a.yml"])


# ---------------------------------------------------------------- rule names in findings, selection, comments


def finding(rule: str, line: int, source: str = "") -> Finding:
    evidence = Evidence.of(rule=source) if source else None
    return Finding(rule, "x", Severity.WARNING, "m", "a.md", Location(line=line), evidence=evidence)


def doc(*directives: Directive) -> Document:
    return Document(path=Path("a.md"), display_path="a.md", format="markdown", blocks=(), directives=directives)


def test_vale_comments_parse() -> None:
    off = parse(Directive("vale off", line=1))
    assert off is not None and off.action == "disable" and off.codes == frozenset({"TM001", "TM002", "TM005"})
    on = parse(Directive("vale on", line=2))
    assert on is not None and on.action == "enable"
    no = parse(Directive("vale Google.WordList = NO", line=3))
    assert no is not None and no.action == "disable" and no.codes == frozenset({"@google.wordlist"})
    yes = parse(Directive("vale Google.WordList = YES", line=4))
    assert yes is not None and yes.action == "enable"
    assert parse(Directive("vale is a linter we also run", line=5)) is None


def test_vale_and_msgalign_comments_switch_imported_rules() -> None:
    s = Suppressions(doc(
        Directive("vale Acme.Wordy = NO", line=10), Directive("vale Acme.Wordy = YES", line=20),
        Directive("vale off", line=30), Directive("vale on", line=40),
        Directive("disable acme -- the whole style", line=50), Directive("enable Acme", line=60),
        Directive("disable-next-line Acme.Words", line=70),
    ))
    assert s.is_suppressed(finding("TM005", 15, "Acme.Wordy"))
    assert not s.is_suppressed(finding("TM005", 15, "Acme.Words"))
    assert not s.is_suppressed(finding("TM005", 15))            # a hand-written entry
    assert not s.is_suppressed(finding("TM005", 25, "Acme.Wordy"))
    # vale off: every glossary finding, imported or not; the other rules go on.
    assert s.is_suppressed(finding("TM001", 35)) and s.is_suppressed(finding("TM005", 35, "Acme.Wordy"))
    assert not s.is_suppressed(finding("AC001", 35)) and not s.is_suppressed(finding("TM003", 35))
    assert not s.is_suppressed(finding("TM001", 45))
    assert s.is_suppressed(finding("TM001", 55, "Acme.Words")) and not s.is_suppressed(finding("TM001", 55))
    assert not s.is_suppressed(finding("TM001", 65, "Acme.Words"))
    assert s.is_suppressed(finding("TM001", 71, "Acme.Words")) and not s.is_suppressed(finding("TM001", 72,
                                                                                                "Acme.Words"))
    # An entry two rules share stays until both are off.
    shared = Suppressions(doc(Directive("vale Acme.Words = NO", line=1)))
    assert not shared.is_suppressed(finding("TM001", 5, "Acme.Words, Other.Terms"))


def test_selectors_accept_imported_rule_names_and_styles() -> None:
    table = all_rules()
    names = ("Acme.Words", "Acme.Wordy", "Vale.Terms")
    check_selectors(["acme.wordy", "ACME", "TM001", "vale"], table, "--select", names=names)
    with pytest.raises(UsageError, match="Did you mean Acme.Words"):
        check_selectors(["Acme.Wrods"], table, "--select", names=names)
    with pytest.raises(UsageError, match="no rule code or prefix or imported rule"):
        check_selectors(["Nothing.Here"], table, "--select", names=names)
    wordy = finding("TM005", 1, "Acme.Wordy")
    own = finding("TM005", 1)
    assert keep_finding(wordy, ["acme.wordy"], [], []) and not keep_finding(own, ["acme.wordy"], [], [])
    assert keep_finding(own, ["Acme"], ["TM005"], [])
    assert not keep_finding(wordy, [], [], ["Acme"]) and keep_finding(own, [], [], ["Acme"])


def test_check_names_selects_and_fixes_by_imported_rule(fixtures: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "acme.yml").write_text(import_glossary([ACME]).yaml_text, encoding="utf-8")
    (tmp_path / "msgalign.toml").write_text('corpus = ["corpus"]\n', encoding="utf-8")
    page = tmp_path / "corpus" / "page.md"
    page.parent.mkdir()
    page.write_text("Once the sync runs, basically it is done.\n\n<!-- vale Acme.Words = NO -->\n\n"
                    "Once more, it is quiet.\n\n<!-- vale Acme.Words = YES -->\n\nIt was built since May.\n",
                    encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    data = json.loads(runner.invoke(main, ["check", "--select", "acme", "--format", "json"]).output)
    found = [(f["location"]["line"], f["rule"], f["excerpt"], (f["evidence"] or {}).get("rule"))
             for f in data["findings"]]
    assert found == [(1, "TM001", "Once", "Acme.Words"), (1, "TM005", "basically", "Acme.Wordy"),
                     (1, "TM001", "it is", "Acme.Words"), (9, "TM005", "was built", "Acme.Passive"),
                     (9, "TM005", "since", "Acme.Words")]
    assert data["findings"][0]["message"] == "Use 'After' instead of 'Once'. (Acme.Words)"
    ignored = json.loads(runner.invoke(main, ["check", "--select", "TM", "--ignore", "Acme.Words,acme.passive",
                                              "--format", "json"]).output)
    assert [f["excerpt"] for f in ignored["findings"]] == ["basically"]
    unknown = runner.invoke(main, ["check", "--select", "Acme.Wrods"])
    assert unknown.exit_code == 2 and "Did you mean Acme.Words?" in unknown.output

    runner.invoke(main, ["check", "--select", "acme", "--fix"])
    text = page.read_text(encoding="utf-8")
    assert text.startswith("After the sync runs, basically it's done.")  # advice is never written
    assert "Once more, it is quiet." in text  # switched off there by the vale comment
    assert "It was built since May." in text


def test_import_command_prints_warnings_and_the_table(fixtures: Path) -> None:
    result = CliRunner().invoke(main, ["glossary", "import", str(ACME), str(ACME_VOCAB)])
    assert result.exit_code == 0
    assert "warning: vale/styles/Acme/HeadingCase.yml:3: 'scope: heading'" in result.output
    assert re.search(r"^Acme\s+7\s+1\s+3\s+3\s+20\s+14$", result.output, re.MULTILINE)
    assert "Imported 7 terms and 17 phrases to avoid." in result.output
    assert "rule: Acme.Passive" in result.output


# ---------------------------------------------------------------- the real styles users have


def real_sources() -> list[Path]:
    vale = ECOSYSTEM / "vale"
    styles = sorted({p.parent for p in vale.rglob("*.yml") if "fixtures" not in p.parts
                     and p.read_text(encoding="utf-8", errors="replace").lstrip().startswith(("extends", '"extends',
                                                                                             "---", "#"))})
    vocabularies = sorted(p for p in vale.rglob("accept.txt"))
    return styles + vocabularies + [ECOSYSTEM / "textlint" / "terms.jsonc"]


@functools.lru_cache(maxsize=1)
def real_imports() -> tuple[tuple[Path, ImportResult, Path], ...]:
    """Each real source imported on its own and written out (read once for every test below)."""
    folder = Path(tempfile.mkdtemp(prefix="msgalign-real-imports-"))
    out = []
    for number, source in enumerate(real_sources()):
        result = import_glossary([source])
        path = folder / f"{number}.yml"
        path.write_text(result.yaml_text, encoding="utf-8")
        out.append((source, result, path))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def real_glossary():  # type: ignore[no-untyped-def]
    """Every real import loaded at once: merged where they overlap, never an E201."""
    return load_glossary([path for _, _, path in real_imports()])


needs_ecosystem = pytest.mark.skipif(not (ECOSYSTEM / "vale").is_dir(),
                                     reason="../shared/ecosystem (the real Vale styles) is not here")


@needs_ecosystem
def test_every_real_rule_is_converted_or_warned_and_every_import_loads() -> None:
    assert len(real_imports()) >= 8
    files = []
    for source, result, path in real_imports():
        assert result.rules, source
        for report in result.rules:
            if report.status != "converted":
                assert report.skipped, report.name
                assert any(w.startswith(report.file + ":") or w.startswith(report.file) for w in result.warnings), \
                    report.name
        terms, avoid = entries(result)
        for term in terms.values():
            assert term["rule"], term
            # What --fix writes is a word or a name, never advice.
            assert not re.search(r"[\"“”]|(?<!\w)'|'(?!\w)", term["term"]), term
            assert not term["term"].rstrip().endswith((".", "!", "?")) or term["term"].count(" ") < 2, term
        assert all(a["rule"] for a in avoid.values())
        files.append(path)
    assert len(real_glossary().rule_names()) > 50


@needs_ecosystem
def test_real_passive_rules_never_flag_a_bare_participle() -> None:
    for style in ("Microsoft", "Google"):
        result = import_glossary([ECOSYSTEM / "vale" / style / style / "Passive.yml"])
        _, avoid = entries(result)
        assert avoid and all(len(phrase.split()) == 2 for phrase in avoid), style
        assert "made" not in avoid and "was made" in avoid


def test_a_pair_says_nothing_about_the_replacements_own_casing(tmp_path: Path) -> None:
    terms = tmp_path / "terms.json"
    terms.write_text('[["Golang", "Go"], ["type ?script", "TypeScript"]]', encoding="utf-8")

    result = import_glossary([terms])
    found, _ = entries(result)

    assert found["Go"]["case"] == "any"  # textlint never flags the verb 'go'
    assert found["TypeScript"]["case"] == "exact"  # 'type ?script' matches 'Typescript' too
    index = TermIndex(glossary_of(result, tmp_path))
    assert [(h.kind, h.text) for h in index.scan("Go to the docs; we go on Golang.")] == [("variant", "Golang")]


def test_a_plural_alone_is_skipped_when_msgalign_would_flag_the_singular(tmp_path: Path) -> None:
    terms = tmp_path / "terms.json"
    terms.write_text('[["indexes", "indices"], ["boxes", "crates"], ["box", "crate"], ["HTTPs", "HTTPS"]]',
                     encoding="utf-8")

    result = import_glossary([terms])
    found, _ = entries(result)

    # 'indexes' would also flag 'index', which the list leaves alone; 'boxes' goes with 'box'.
    assert "indices" not in found
    assert found["HTTPS"] == {"term": "HTTPS", "case": "exact", "rule": "textlint.terminology"}  # a casing rule
    assert found["crates"]["variants"] == ["boxes"]  # "box" is the same form to msgalign
    assert any("'indexes' is an inflected form" in w and "'index'" in w for w in result.warnings)


def test_an_inflected_word_alone_is_skipped_and_a_trailing_apostrophe_is_a_possessive(tmp_path: Path) -> None:
    rule = tmp_path / "Timeless.yml"
    rule.write_text("extends: existence\nmessage: Avoid '%s'.\nignorecase: true\ntokens:\n  - existing\n"
                    "  - currently\n  - Kubernetes'\n", encoding="utf-8")
    swap = tmp_path / "British.yml"
    swap.write_text("extends: substitution\nignorecase: true\nswap:\n  cancelled: canceled\n  colour: color\n",
                    encoding="utf-8")

    result = import_glossary([rule, swap])
    terms, avoid = entries(result)

    # 'existing' would also flag 'exist'; 'cancelled' -> 'canceled' is about spelling, and its other
    # forms map alike ('cancelling' -> 'canceling'), so it stays.
    assert sorted(avoid) == ["currently"]
    assert sorted(terms) == ["canceled", "color"]
    warned = "\n".join(result.warnings)
    assert "'existing' is an inflected form" in warned and "cancelled" not in warned
    assert "'Kubernetes'' is a possessive" in warned


@needs_ecosystem
def test_fixing_with_any_real_style_writes_only_terms() -> None:
    """--fix on a sentence around every variant of every real import writes a term, never advice."""
    # A quotation mark (not an apostrophe in a word), or a sentence of advice ending in a full stop.
    advice = re.compile(r"[\"“”]|(?<!\w)'|'(?!\w)|\w+ \w+ \w+[.!?]$")
    glossary = real_glossary()
    index = TermIndex(glossary)
    terms = {t.term.casefold() for t in glossary.terms}
    for source in ("all",):
        for term in glossary.terms:
            for variant in term.variants:
                sentence = f"Then {variant} works."
                for hit in index.scan(sentence):
                    if hit.suggestion is None:
                        continue
                    assert not advice.search(hit.suggestion), (source, variant, hit.suggestion)
                    assert hit.kind == "casing" or hit.entry.term.casefold() in terms
                fixed = index.fix_text(sentence)
                assert not advice.search(fixed.removeprefix("Then ").removesuffix(" works.")), (source, fixed)


def test_a_possessive_inside_a_phrase_is_kept(tmp_path: Path) -> None:
    rule = tmp_path / "Cliches.yml"
    rule.write_text("extends: existence\nmessage: Try a plainer phrase than '%s'.\nignorecase: true\ntokens:\n"
                    "  - the lion's share\n  - Acme Cloud's\n", encoding="utf-8")

    result = import_glossary([rule])

    assert sorted(entries(result)[1]) == ["the lion's share"]  # the other words keep it apart
    assert any("'Acme Cloud's' is a possessive" in w for w in result.warnings)


def test_an_optional_group_that_makes_another_word_is_kept(tmp_path: Path) -> None:
    terms = tmp_path / "terms.json"
    terms.write_text('[["copy[- ]past(e|ed)?", "copypast$1"], ["web[- ]?site(s)?", "site$1"]]', encoding="utf-8")

    found, _ = entries(import_glossary([terms]))

    # 'past' + 'e' is another word, not an inflection: the form with the group stays.
    assert "copy-paste" in found["copypaste"]["variants"]
    assert found["site"]["variants"] == ["web-site", "website"]  # 'sites' is only the plural


def test_a_variant_that_differs_only_by_a_space_or_a_dot_is_kept(tmp_path: Path) -> None:
    terms = tmp_path / "terms.json"
    terms.write_text('[["kebab[- ]case", "kebab-case"], ["React[ .]?js", "React"], ["Node[ .]?js", "Node.js"]]',
                     encoding="utf-8")

    result = import_glossary([terms])
    found, _ = entries(result)

    assert found["kebab-case"]["variants"] == ["kebab case"]
    assert found["Node.js"]["variants"] == ["Node js", "Nodejs"]
    index = TermIndex(glossary_of(result, tmp_path))
    assert [(h.text, h.suggestion) for h in index.scan("Write kebab case with Node js.")] == [
        ("kebab case", "kebab-case"), ("Node js", "Node.js")]


@needs_ecosystem
def test_fixing_with_the_real_google_word_list_inflects_a_phrasal_verb(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Google's list swaps 'disable' for 'turn off': --fix writes 'turns off', never 'turn offs'."""
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    result = import_glossary([ECOSYSTEM / "vale" / "Google" / "Google" / "WordList.yml"])
    (glossary / "google.yml").write_text(result.yaml_text, encoding="utf-8")
    (tmp_path / "msgalign.toml").write_text('corpus = ["corpus"]\n', encoding="utf-8")
    page = tmp_path / "corpus" / "page.md"
    page.parent.mkdir()
    page.write_text("The night switch disables every alarm. Alarms are disabled at ten.\n\n"
                    "To rest, disable it.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    CliRunner().invoke(main, ["check", "--select", "Google.WordList", "--fix"])

    assert page.read_text(encoding="utf-8") == ("The night switch turns off every alarm. Alarms are turned off at "
                                                "ten.\n\nTo rest, turn it off.\n")


# ---------------------------------------------------------------- a Vale setup as it is on disk


STYLES = FIXTURES / "vale" / "styles"


def vale_setup(root: Path, ini: str, *, styles: tuple[str, ...] = ("Acme", "Northwind"),
               vocabularies: tuple[str, ...] = ("Northwind",)) -> Path:
    """A project as a Vale user has it: .vale.ini beside a styles folder (copies of the fixture styles)."""
    import shutil

    for style in styles:
        shutil.copytree(STYLES / style, root / "styles" / style)
    for vocab in vocabularies:
        shutil.copytree(STYLES / "config" / "vocabularies" / vocab, root / "styles" / "config" / "vocabularies" / vocab)
    (root / ".vale.ini").write_text(ini, encoding="utf-8")
    return root


NORTHWIND_INI = """\
StylesPath = styles
MinAlertLevel = suggestion
Vocab = Northwind
Packages = Google

[*.md]
BasedOnStyles = Vale, Northwind, Google
Northwind.Headings = NO

[*.html]
BasedOnStyles = Northwind
Northwind.Headings = NO
Northwind.Hype = error
"""


def test_a_vale_config_imports_the_styles_and_vocabularies_it_uses(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    vale_setup(tmp_path, NORTHWIND_INI)
    monkeypatch.chdir(tmp_path)

    for source in (Path("."), Path(".vale.ini")):  # the folder with the config, or the config itself
        result = import_glossary([source])
        terms, avoid = entries(result)
        assert {r.name for r in result.rules} == {"Northwind.Hype", "Northwind.Terms", "Vale.Terms", "Vale.Avoid"}
        assert "Acme.Words" not in {r.name for r in result.rules}      # a style the config does not use
        assert terms["Revenue Workspace"]["variants"] and terms["HubSpot"]["rule"] == "Vale.Terms"
        assert avoid["synergy"]["rule"] == "Vale.Avoid"
        assert avoid["seamless"]["severity"] == "error"                # the level the config gives the rule
        assert any(".vale.ini:7: the style 'Google' is not in styles" in w and "vale sync" in w
                   for w in result.warnings)
        assert result.yaml_text.splitlines()[1] == ("#   - .vale.ini (Vale configuration: style Northwind; "
                                                    "vocabulary Northwind)")
        glossary_of(result, tmp_path)  # it loads


def test_a_vale_config_leaves_out_what_vale_would_not_show(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vale_setup(tmp_path, "StylesPath = styles\nMinAlertLevel = warning\nVocab = Northwind\n\n[*]\n"
                         "BasedOnStyles = Acme, Northwind\nAcme.Words = NO\nAcme.Wordy = suggestion\n")
    monkeypatch.chdir(tmp_path)

    result = import_glossary([Path(".")])

    names = {r.name: r for r in result.rules}
    assert "Acme.Words" not in names                                     # switched off
    assert names["Acme.Wordy"].status == "skipped"                       # below MinAlertLevel
    assert "below MinAlertLevel" in names["Acme.Wordy"].skipped[0]
    assert "Vale.Terms" not in names                                     # the built-in style is not on
    assert any("Vocab Northwind is set, but the built-in style 'Vale' is not in BasedOnStyles" in w
               for w in result.warnings)


def test_based_on_styles_before_any_section_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vale_setup(tmp_path, "StylesPath = styles\nBasedOnStyles = Northwind\n")
    monkeypatch.chdir(tmp_path)
    assert {r.name for r in import_glossary([Path(".vale.ini")]).rules} == {"Northwind.Headings", "Northwind.Hype",
                                                                           "Northwind.Terms"}


@pytest.mark.parametrize(("ini", "message"), [
    ("MinAlertLevel = warning\n[*]\nBasedOnStyles = Acme\n", ".vale.ini: has no StylesPath"),
    ("StylesPath = nowhere\n[*]\nBasedOnStyles = Acme\n", ".vale.ini:1: StylesPath 'nowhere' is not a folder here"),
    ("StylesPath = styles\n[*]\nBasedOnStyles = Google\n", ".vale.ini: names no Vale style or vocabulary"),
])
def test_a_vale_config_that_cannot_be_used_says_what_to_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           ini: str, message: str) -> None:
    vale_setup(tmp_path, ini)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["glossary", "import", "."])
    assert result.exit_code == 2 and "E202" in result.output and message in result.output, result.output
    assert "Traceback" not in result.output


LONG = "x" * 300  # longer than a file name may be


@pytest.mark.parametrize(("ini", "message"), [
    ("StylesPath = ~nobody-review2/styles\n[*]\nBasedOnStyles = Acme\n",
     ".vale.ini:1: StylesPath '~nobody-review2/styles' is not a folder here"),
    (f"StylesPath = {LONG}\n[*]\nBasedOnStyles = Acme\n", f".vale.ini:1: StylesPath '{LONG}' is not a folder here"),
])
def test_a_styles_path_that_cannot_be_a_folder_is_e202(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       ini: str, message: str) -> None:
    vale_setup(tmp_path, ini)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["glossary", "import", "."])
    assert result.exit_code == 2 and "E202" in result.output and message in result.output, result.output
    assert "internal error" not in result.output


def test_a_style_or_vocabulary_name_that_cannot_be_a_folder_is_a_warning(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    vale_setup(tmp_path, f"StylesPath = styles\nVocab = Northwind, {LONG}\n[*]\nBasedOnStyles = Vale, Acme, {LONG}\n")
    monkeypatch.chdir(tmp_path)
    result = import_glossary([Path(".")])
    assert "Acme.Words" in {r.name for r in result.rules} and "Vale.Terms" in {r.name for r in result.rules}
    assert any(f"the style '{LONG}' is not in styles" in w for w in result.warnings), result.warnings
    assert any(f"the vocabulary '{LONG}' is not in" in w for w in result.warnings), result.warnings


def test_a_folder_of_styles_names_what_to_point_at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vale_setup(tmp_path, "StylesPath = styles\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["glossary", "import", "styles"])
    assert result.exit_code == 2 and "is a folder of Vale styles (Acme, Northwind)" in result.output
    assert "styles/Acme" in result.output and ".vale.ini" in result.output


def test_a_vocabulary_under_another_name_is_read_as_one(tmp_path: Path) -> None:
    words = tmp_path / "words.txt"       # opens with a regex in brackets: not JSON
    words.write_text("[Oo]bservability\nHubSpot\n# a comment\nAcme Cloud\n", encoding="utf-8")
    banned = tmp_path / "reject-words.txt"
    banned.write_text("synergy\n", encoding="utf-8")
    bare = tmp_path / "vocab"            # no extension at all
    bare.write_text("[Pp]ipedrive\n", encoding="utf-8")

    result = import_glossary([words, banned, bare])

    terms, avoid = entries(result)
    assert sorted(terms) == ["Acme Cloud", "HubSpot", "Observability", "Pipedrive"]
    assert terms["HubSpot"] == {"term": "HubSpot", "case": "exact", "severity": "error", "rule": "Vale.Terms"}
    assert "synergy" in avoid and avoid["synergy"]["rule"] == "Vale.Avoid"
    assert any("words.txt: read as a Vale vocabulary of accepted terms" in w for w in result.warnings)
    assert any("reject-words.txt: read as a Vale vocabulary of rejected terms" in w for w in result.warnings)
    broken = tmp_path / "terms.txt"
    broken.write_text('["Golang", "Go"],\n', encoding="utf-8")   # JSON that does not parse stays a JSON error
    with pytest.raises(GlossaryImportError, match="not valid JSON"):
        import_glossary([broken])


@needs_ecosystem
def test_a_real_vale_setup_imports_from_its_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Grafana's style, the Google style it extends and its vocabulary, laid out as `vale sync` leaves them,
    with a config like the one Grafana publishes (Google rules switched off, a package not synced)."""
    import shutil

    grafana = ECOSYSTEM / "vale" / "grafana"
    shutil.copytree(grafana / "Google", tmp_path / "styles" / "Google")
    shutil.copytree(grafana / "Grafana" / "styles" / "Grafana", tmp_path / "styles" / "Grafana")
    shutil.copytree(grafana / "Grafana" / "styles" / "config" / "vocabularies" / "Grafana",
                    tmp_path / "styles" / "config" / "vocabularies" / "Grafana")
    (tmp_path / ".vale.ini").write_text(
        "StylesPath = styles\nMinAlertLevel = suggestion\nVocab = Grafana\n"
        "Packages = https://example.invalid/releases/Hugo.zip\n\n[*]\nBasedOnStyles = Vale, Google, Grafana, Hugo\n"
        "Google.Headings = NO\nGoogle.WordList = NO\nGrafana.Timeless = warning\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    result = import_glossary([Path(".")])

    names = {r.name for r in result.rules}
    assert "Google.WordList" not in names and "Google.Headings" not in names
    assert {"Google.Latin", "Grafana.WordList", "Vale.Terms"} <= names
    assert all(not r.file.endswith(".yml") for r in result.rules if r.name in ("Vale.Terms", "Vale.Avoid"))
    _, avoid = entries(result)
    assert {a["severity"] for a in avoid.values() if a["rule"] == "Grafana.Timeless"} == {"warning"}
    assert any("'Hugo' is not in styles" in w for w in result.warnings)
    glossary_of(result, tmp_path)
