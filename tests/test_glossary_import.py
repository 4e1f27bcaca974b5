"""`msgalign glossary import`: Vale, textlint and prh terminology into glossary YAML.

Every test parses `yaml_text` and compares whole structures, so a change in
what a reviewer would receive shows up as a diff, not as a passing test.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from msgalign.authoring.importer import (  # the regex speller, for its property test
    GlossaryImportError,
    ImportResult,
    _Expander,
    _Unsupported,
    import_glossary,
)
from msgalign.errors import GlossaryError
from msgalign.glossary.load import load_glossary

FIXTURES = Path(__file__).parent / "fixtures" / "import"
VOCAB = "vale/styles/config/vocabularies/Northwind"
RULES = "vale/styles/Northwind"
REJECTED = f"Rejected in the Vale vocabulary {VOCAB}/reject.txt."
HYPE = "it is hype; cite a proof point instead."


@pytest.fixture()
def fixtures(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the fixture folder so paths in warnings read as a user would see them."""
    monkeypatch.chdir(FIXTURES)
    return FIXTURES


@pytest.fixture()
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def parsed(result: ImportResult) -> dict[str, Any]:
    """The draft as data, without each entry's `rule` (every entry must name one; the tests of
    rule names below compare them)."""
    data = yaml.safe_load(result.yaml_text)
    assert set(data) == {"terms", "avoid"}
    assert (len(data["terms"]), len(data["avoid"])) == (result.terms_count, result.avoid_count)
    for entry in (data["terms"] or []) + (data["avoid"] or []):
        assert isinstance(entry.pop("rule", None), str) and entry, entry
    return data


def rules_of(result: ImportResult) -> dict[str, str]:
    """Each entry's term or phrase -> the rule it came from."""
    data = yaml.safe_load(result.yaml_text)
    return {e.get("term", e.get("phrase")): e["rule"] for e in (data["terms"] or []) + (data["avoid"] or [])}


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- Vale


def test_vale_vocabulary_accept_and_reject(fixtures: Path) -> None:
    result = import_glossary([Path(VOCAB, "accept.txt"), Path(VOCAB, "reject.txt")])

    vocab = {"case": "exact", "severity": "error"}
    assert parsed(result) == {
        "terms": [
            {"term": "GitHub", **vocab},
            {"term": "GitLab", **vocab},
            {"term": "HubSpot", **vocab},
            {"term": "kubernetes", "case": "any", "severity": "error"},
            {"term": "Node.js", **vocab},
            {"term": "Observability", "case": "any", "severity": "error"},
            {"term": "Revenue Workspace", **vocab},
            {"term": "Salesforce", **vocab},
            {"term": "Widget", "case": "any", "severity": "error"},
        ],
        "avoid": [
            {"phrase": "best-in-class", "reason": REJECTED, "case": "exact", "severity": "error"},
            {"phrase": "cutting-edge", "reason": REJECTED, "case": "exact", "severity": "error"},
            {"phrase": "leading-edge", "reason": REJECTED, "case": "exact", "severity": "error"},
            {"phrase": "synergy", "reason": REJECTED, "case": "exact", "severity": "error"},
        ],
    }
    assert result.warnings == (
        f"{VOCAB}/accept.txt:7: regex '[Pp]y.*' cannot be turned into a plain term; skipped "
        "('.*' matches open-ended text)",
        f"{VOCAB}/reject.txt:5: regex '[a-z]+ware' cannot be turned into a plain term; skipped "
        "(the range 'a-z' stands for too many characters)",
    )


def test_vale_substitution_existence_and_unconvertible_rule(fixtures: Path) -> None:
    result = import_glossary([Path(RULES, "Terms.yml"), Path(RULES, "Hype.yml"), Path(RULES, "Headings.yml")])

    assert parsed(result) == {
        "terms": [
            {"term": "deal review", "variants": ["pipeline review"], "case": "any", "severity": "error"},
            # 'e-?mail' also matches 'Email' case-insensitively: Vale enforces the casing.
            {"term": "email", "variants": ["e-mail"], "case": "exact", "severity": "error"},
            {"term": "JavaScript", "case": "exact", "severity": "error"},
            {"term": "lead to", "variants": ["give rise to", "gave rise to"], "case": "any", "severity": "error"},
            {"term": "pitch deck", "variants": ["sales enablement deck", "revenue enablement deck"],
             "case": "any", "severity": "error"},
            {"term": "Revenue Workspace", "variants": ["revenue hub", "rev hub", "GTM workspace"],
             "case": "any", "severity": "error"},
        ],
        "avoid": [
            {"phrase": "game-changer", "reason": f"Avoid 'game-changer': {HYPE}", "severity": "warning"},
            {"phrase": "seamless", "reason": f"Avoid 'seamless': {HYPE}", "severity": "warning"},
            {"phrase": "seamlessly", "reason": f"Avoid 'seamlessly': {HYPE}", "severity": "warning"},
            {"phrase": "world-class", "reason": f"Avoid 'world-class': {HYPE}", "severity": "warning"},
        ],
    }
    assert result.warnings == (
        f"{RULES}/Terms.yml:15: regex '(?<!\\w)CRM(?!\\w)' cannot be turned into a plain term; skipped "
        "(look-around assertions depend on the surrounding text)",
        f"{RULES}/Hype.yml:9: regex '\\w+-first' cannot be turned into a plain term; skipped "
        "('\\w' matches any word character, not one spelling)",
        f"{RULES}/Headings.yml:1: Vale 'capitalization' rules have no glossary equivalent; skipped the file",
    )
    assert "  # Vale also accepts: sales deck\n  - term: pitch deck\n" in result.yaml_text


@pytest.mark.parametrize(
    ("level", "severity"), [("error", "error"), ("warning", "warning"), ("suggestion", "info"), (None, "info")]
)
def test_vale_levels_map_to_msgalign_severities(work: Path, level: str | None, severity: str) -> None:
    level_line = f"level: {level}\n" if level else ""  # Vale's default level is suggestion
    rule = write(work, "Brand.yml", f"extends: substitution\n{level_line}swap:\n  rev hub: Revenue Workspace\n")

    assert parsed(import_glossary([rule]))["terms"] == [
        # Vale's default is case-sensitive: the key matches only as written, and the preferred
        # form's own casing is not checked (Vale never checks it either).
        {"term": "Revenue Workspace", "variants": ["rev hub"], "case": "any", "variant_case": "exact",
         "severity": severity}
    ]


def test_vale_existence_of_raw_alone_is_spelled_out(work: Path) -> None:
    rule = write(work, "Raw.yml", "extends: existence\nmessage: No.\nraw:\n  - '\\b(?:foo|bar)\\b'\n")

    result = import_glossary([rule])

    # Vale's default is case-sensitive, so the phrases are too.
    assert parsed(result) == {"terms": [], "avoid": [
        {"phrase": "bar", "reason": "No.", "case": "exact", "severity": "info"},
        {"phrase": "foo", "reason": "No.", "case": "exact", "severity": "info"},
    ]}
    assert result.warnings == ()


def test_vale_existence_without_tokens_or_raw_is_a_warning(work: Path) -> None:
    rule = write(work, "Empty.yml", "extends: existence\nmessage: No.\n")

    result = import_glossary([rule])

    assert parsed(result) == {"terms": [], "avoid": []}
    assert result.warnings == (
        "Empty.yml:1: an existence rule needs a 'tokens:' or 'raw:' list; skipped the file",
    )
    assert [(r.name, r.status) for r in result.rules] == [(f"{work.name}.Empty", "skipped")]


# ---------------------------------------------------------------- textlint


def test_textlint_terminology_json(fixtures: Path) -> None:
    result = import_glossary([Path("textlint/terms.jsonc")])

    assert parsed(result) == {
        "terms": [
            # A pair checks its replacement's casing only where its pattern matches the replacement:
            # 'e[- ]mail' never matches 'Email', so textlint leaves 'Email' alone, and so does msgalign.
            {"term": "email", "variants": ["e-mail"], "case": "any"},
            {"term": "frontend", "variants": ["front-end"], "case": "any"},
            {"term": "HubSpot", "case": "exact"},
            {"term": "JavaScript", "variants": ["Java-script"], "case": "exact"},
            {"term": "readme", "case": "exact"},  # ["readme(s)?", "readme$1"]: "Don't allow README"
            {"term": "Revenue Workspace", "variants": ["revenue-hub", "revenuehub"], "case": "any"},
            {"term": "Salesforce", "variants": ["sales-force"], "case": "exact"},
            {"term": "website", "variants": ["web-site"], "case": "exact"},
        ],
        "avoid": [],
    }
    assert result.warnings == (
        "textlint/terms.jsonc:13: regex '(?<=\\s)crm\\b' cannot be turned into a plain term; skipped "
        "(look-around assertions depend on the surrounding text)",
    )


def test_textlint_list_replacement_gives_one_casing_rule_per_word(work: Path) -> None:
    terms = write(work, "terms.json", '[["(?:web)?site", ["website", "site"]], ["docs?", ["doc", "docs"]]]')

    result = import_glossary([terms])

    assert parsed(result)["terms"] == [
        {"term": "doc", "case": "exact"},
        {"term": "site", "case": "exact"},
        {"term": "website", "case": "exact"},
    ]
    assert result.warnings == (
        "terms.json:1: 'docs' is the same term as 'doc' (terms.json:1) to msgalign, which ignores case "
        "and inflection; merged into 'doc'",
    )


def test_textlint_items_that_are_neither_term_nor_pair_are_warned(work: Path) -> None:
    terms = write(work, "terms.json", '[\n  "CRM",\n  42,\n  ["only-a-pattern"]\n]\n')

    result = import_glossary([terms])

    assert parsed(result)["terms"] == [{"term": "CRM", "case": "exact"}]
    assert result.warnings == (
        "terms.json:3: an item must be a term or a [pattern, replacement] pair; skipped",
        "terms.json:4: an item must be a term or a [pattern, replacement] pair; skipped",
    )


# ---------------------------------------------------------------- prh


def test_prh_rules_with_imports_specs_and_comments(fixtures: Path) -> None:
    result = import_glossary([Path("prh/prh.yml")])

    assert parsed(result) == {
        "terms": [
            {"term": "GitHub", "variants": ["git-hub"], "case": "exact"},
            {"term": "jQuery", "case": "exact",
             "examples": [{"from": "Load jquery first.", "to": "Load jQuery first."}]},
            {"term": "Northwind", "case": "exact"},
            {"term": "Revenue Workspace", "variants": ["revenue hub", "rev-workspace"], "case": "exact",
             "examples": [{"from": "Open the revenue hub.", "to": "Open the Revenue Workspace."}]},
            {"term": "Salesforce", "variants": ["SFDC"], "case": "exact"},
            {"term": "サーバー", "variants": ["サーバ"], "case": "exact"},
        ],
        "avoid": [],
    }
    assert result.warnings == (
        "prh/prh.yml:25: regex '/（([^）]+)）/' cannot be turned into a plain term; skipped "
        "(a negated class '[^...]' matches almost anything)",
        # prh matches inside words; msgalign only matches whole words, so this spec cannot hold.
        "prh/prh.yml:19: the example 'サーバを起動する' -> 'サーバーを起動する' does not hold in msgalign "
        "(it gives 'サーバを起動する'); left out of examples",
    )
    assert "  # prh: The product name from the 2024 naming guide.\n  - term: Revenue Workspace\n" in result.yaml_text
    assert "#   - prh/dict/brands.yml (prh rules, imported by prh/prh.yml)\n" in result.yaml_text


def test_prh_import_options_ignore_rules_and_disable_imports(work: Path) -> None:
    write(work, "deep.yml", "version: 1\nrules:\n  - expected: Deep\n")
    write(work, "shared.yml", "version: 1\nimports: [deep.yml]\nrules:\n  - expected: Kept\n  - expected: Dropped\n")
    main = write(work, "prh.yml", (
        "version: 1\n"
        "imports:\n"
        "  - path: shared.yml\n"
        "    disableImports: true\n"
        "    ignoreRules:\n"
        "      - expected: Dropped\n"
        "rules:\n"
        "  - expected: Main\n"
    ))

    result = import_glossary([main])

    assert [t["term"] for t in parsed(result)["terms"]] == ["Kept", "Main"]
    assert result.warnings == ()


def test_prh_import_that_cannot_be_read_names_the_importing_line(work: Path) -> None:
    main = write(work, "prh.yml", "version: 1\nimports:\n  - ./missing.yml\nrules: []\n")

    with pytest.raises(GlossaryImportError) as caught:
        import_glossary([main])

    assert str(caught.value) == "[E202] missing.yml: no such file. (imported at prh.yml:3)"


def test_prh_import_cycle_is_read_once(work: Path) -> None:
    first = write(work, "a.yml", "version: 1\nimports: [b.yml]\nrules:\n  - expected: Alpha\n")
    write(work, "b.yml", "version: 1\nimports: [a.yml]\nrules:\n  - expected: Beta\n")

    assert [t["term"] for t in parsed(import_glossary([first]))["terms"]] == ["Alpha", "Beta"]


# ---------------------------------------------------------------- regex expansion

ACCEPTED: list[tuple[str, list[dict[str, str]]]] = [
    ("HubSpot", [{"term": "HubSpot", "case": "exact"}]),
    ("[Oo]bservability", [{"term": "Observability", "case": "any"}]),
    ("(?i)kubernetes", [{"term": "kubernetes", "case": "any"}]),
    ("(?i:HubSpot)", [{"term": "HubSpot", "case": "any"}]),
    ("Git(?:Hub|Lab)", [{"term": "GitHub", "case": "exact"}, {"term": "GitLab", "case": "exact"}]),
    ("(?:GitHub|Github)", [{"term": "GitHub", "case": "any"}]),
    ("Python [23]", [{"term": "Python 2", "case": "exact"}, {"term": "Python 3", "case": "exact"}]),
    ("Node\\.js", [{"term": "Node.js", "case": "exact"}]),
    ("\\bCRM\\b", [{"term": "CRM", "case": "exact"}]),
    ("^Beacon$", [{"term": "Beacon", "case": "exact"}]),
    ("[Ww]idgets?", [{"term": "Widget", "case": "any"}]),
    ("Co[- ]?[Pp]ilot", [{"term": "Co-Pilot", "case": "any"}, {"term": "CoPilot", "case": "any"}]),
    ("Revenue\\s+Workspace", [{"term": "Revenue Workspace", "case": "exact"}]),
    ("MS{1,2}P", [{"term": "MSP", "case": "exact"}, {"term": "MSSP", "case": "exact"}]),
    ("(?P<brand>North)wind", [{"term": "Northwind", "case": "exact"}]),
    ("caf\\u00e9", [{"term": "café", "case": "exact"}]),
]


@pytest.mark.parametrize(("line", "expected"), ACCEPTED, ids=[line for line, _ in ACCEPTED])
def test_vocabulary_regexes_are_spelled_out(work: Path, line: str, expected: list[dict[str, str]]) -> None:
    accept = write(work, "accept.txt", f"{line}\n")

    result = import_glossary([accept])

    assert parsed(result)["terms"] == [{**entry, "severity": "error"} for entry in expected]
    assert result.warnings == ()


UNSUPPORTED: list[tuple[str, str]] = [
    ("[Pp]y.*", "'.*' matches open-ended text"),
    ("Kube.+", "'.+' matches open-ended text"),
    ("\\w+ware", "'\\w' matches any word character, not one spelling"),
    ("v\\d", "'\\d' matches any digit, not one spelling"),
    ("(?<=the )cloud", "look-around assertions depend on the surrounding text"),
    ("cloud(?! native)", "look-around assertions depend on the surrounding text"),
    ("[^x]ray", "a negated class '[^...]' matches almost anything"),
    ("a{2,}", "'a{2,}' repeats too often to spell out"),
    ("go+gle", "'o+' repeats without limit"),
    ("(ha)\\1", "back-references depend on the matched text"),
    ("(?:a|b|c|d|e)(?:f|g|h|i|j)", "it spells out to more than 24 forms"),
    ("Revenue (Workspace", "'(' is never closed"),
    ("Revenue) Workspace", "unbalanced ')' at character 8"),
    ("C++", "'C+' repeats without limit"),  # Vale needs 'C\\+\\+'; Python reads '++' as possessive
    ("+1", "'+' has nothing to repeat"),
]


@pytest.mark.parametrize(("line", "why"), UNSUPPORTED, ids=[line for line, _ in UNSUPPORTED])
def test_unsupported_regexes_are_warned_with_file_and_line(work: Path, line: str, why: str) -> None:
    accept = write(work, "accept.txt", f"# Vocabulary\nHubSpot\n{line}\n")

    result = import_glossary([accept])

    assert parsed(result)["terms"] == [{"term": "HubSpot", "case": "exact", "severity": "error"}]
    assert result.warnings == (f"accept.txt:3: regex '{line}' cannot be turned into a plain term; skipped ({why})",)


_PIECES = st.one_of(
    st.text(alphabet="abXY2 -.", min_size=1, max_size=3).map(re.escape),
    st.sampled_from(["[Oo]", "[- ]", "[23]", "\\s", "\\b", "[a-c]"]),
)
_PATTERNS = st.recursive(
    _PIECES,
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=3).map("".join),
        st.lists(inner, min_size=2, max_size=3).map(lambda alts: "(?:" + "|".join(alts) + ")"),
        inner.map(lambda body: f"(?:{body})?"),
        inner.map(lambda body: f"({body})"),
    ),
    max_leaves=8,
)


@given(pattern=_PATTERNS, ignore_case=st.booleans())
def test_every_spelled_out_form_is_matched_by_the_regex(pattern: str, ignore_case: bool) -> None:
    """Soundness: the speller never invents a spelling (or a casing) the regex would not match."""
    try:
        forms = _Expander(pattern, ignore_case).expand()
    except _Unsupported as why:
        assert "more than 24 forms" in str(why)
        return
    oracle = pattern.replace("\\b", "")  # '\b' is dropped on purpose: glossary matching is whole-word
    for form in forms:
        assert re.fullmatch(oracle, form.text), (pattern, form.text)
        assert form.folded or not ignore_case


SWAPS: list[tuple[str, str, list[dict[str, Any]]]] = [
    ("'(?:revenue|rev) hubs?'", "Revenue Workspace",
     [{"term": "Revenue Workspace", "variants": ["revenue hub", "rev hub"]}]),
    ("'revenue hub|rev hub'", "Revenue Workspace",
     [{"term": "Revenue Workspace", "variants": ["revenue hub", "rev hub"]}]),
    ("'web[- ]?site(s)?'", "site$1", [{"term": "site", "variants": ["web-site", "website"]}]),
    ("'pre[- ]?load(ing|ed)?'", "preload$1", [{"term": "preload", "variants": ["pre-load"]}]),
    ("'(?:Sales|Revenue) (?:Ops|Operations)'", "RevOps",
     [{"term": "RevOps", "variants": ["Sales Ops", "Sales Operations", "Revenue Ops", "Revenue Operations"]}]),
    ("'co-?sell(ing)?'", "co-sell$1", [{"term": "co-sell", "variants": ["cosell"]}]),
]


@pytest.mark.parametrize(("key", "value", "expected"), SWAPS, ids=[key for key, _, _ in SWAPS])
def test_substitution_keys_are_spelled_out_and_grouped(work: Path, key: str, value: str,
                                                       expected: list[dict[str, Any]]) -> None:
    rule = write(work, "Brand.yml", f"extends: substitution\nlevel: warning\nswap:\n  {key}: {value}\n")

    result = import_glossary([rule])

    # A case-sensitive key (Vale's default) matches only as written; the term's casing is not checked.
    assert parsed(result)["terms"] == [{**e, "case": "any", "variant_case": "exact", "severity": "warning"}
                                       for e in expected]


def test_slash_regex_flags_in_textlint_and_prh(work: Path) -> None:
    terms = write(work, "terms.json", '[["/Java[- ]?script/i", "JavaScript"], ["/type script/", "TypeScript"]]')
    prh = write(work, "prh.yml", "version: 1\nrules:\n  - expected: GitHub\n    pattern: /git[- ]hub/i\n")

    result = import_glossary([terms, prh])

    assert parsed(result)["terms"] == [
        {"term": "GitHub", "variants": ["git-hub"], "case": "exact"},
        {"term": "JavaScript", "variants": ["Java-script"], "case": "exact"},
        # '/type script/' never matches 'typescript': textlint does not check the term's own casing.
        {"term": "TypeScript", "variants": ["type script"], "case": "any"},
    ]


# ---------------------------------------------------------------- merging


def test_merging_every_fixture_into_one_glossary(fixtures: Path) -> None:
    files = [Path(VOCAB, "accept.txt"), Path(VOCAB, "reject.txt"), Path(RULES, "Terms.yml"),
             Path("textlint/terms.jsonc"), Path("prh/prh.yml")]

    result = import_glossary(files)
    terms = {t["term"]: t for t in parsed(result)["terms"]}

    assert terms["Revenue Workspace"] == {
        "term": "Revenue Workspace",
        "variants": ["revenue hub", "rev hub", "GTM workspace", "revenuehub", "rev-workspace"],
        "case": "exact",
        "severity": "error",
        "examples": [{"from": "Open the revenue hub.", "to": "Open the Revenue Workspace."}],
    }
    assert terms["Salesforce"] == {"term": "Salesforce", "variants": ["sales-force", "SFDC"],
                                   "case": "exact", "severity": "error"}
    assert terms["JavaScript"] == {"term": "JavaScript", "variants": ["Java-script"],
                                   "case": "exact", "severity": "error"}
    assert list(terms) == sorted(terms, key=str.casefold)
    # A Vale substitution never checks its preferred form's own casing, so it does not disagree with
    # the vocabulary that does: no conflict to report.
    assert [w for w in result.warnings if "case: any here" in w] == []
    origins = (f"  # from {VOCAB}/accept.txt:10, {RULES}/Terms.yml:8, {RULES}/Terms.yml:9, "
               "textlint/terms.jsonc:12, prh/prh.yml:10\n")
    assert origins in result.yaml_text


def test_variant_that_is_a_term_elsewhere_is_dropped_with_a_warning(work: Path) -> None:
    accept = write(work, "accept.txt", "Workspace\n")
    rule = write(work, "Terms.yml", (
        "extends: substitution\nlevel: error\nswap:\n"
        "  Workspace: Revenue Workspace\n"
        "  rev hub: Revenue Workspace\n"
        "  revenue hubs?: Beacon\n"
    ))
    terms = write(work, "terms.json", '[["rev hub", "Beacon"]]')

    result = import_glossary([accept, rule, terms])

    assert parsed(result)["terms"] == [
        {"term": "Beacon", "variants": ["revenue hub"], "case": "any", "severity": "error"},
        {"term": "Revenue Workspace", "variants": ["rev hub"], "case": "any", "variant_case": "exact",
         "severity": "error"},
        {"term": "Workspace", "case": "exact", "severity": "error"},
    ]
    assert result.warnings == (
        "terms.json:1: 'Beacon': some rules match its variants only as written, others in any case; "
        "kept any case",
        "Terms.yml:4: 'Workspace' is a variant of 'Revenue Workspace' but also a term in its own right "
        "(accept.txt:1); dropped the variant, decide which is meant",
        "terms.json:1: 'rev hub' is a variant of both 'Revenue Workspace' and 'Beacon'; "
        "kept it under 'Revenue Workspace'",
    )


def test_same_term_from_two_files_unions_variants_in_order(work: Path) -> None:
    first = write(work, "terms.json", '[["rev hub", "Revenue Workspace"], ["revenue hub", "Revenue Workspace"]]')
    second = write(work, "prh.yml", (
        "version: 1\nrules:\n  - expected: Revenue Workspace\n"
        "    patterns: [GTM workspace, Revenue hub, revenue workspace]\n"
    ))

    result = import_glossary([first, second])

    # 'Revenue hub' repeats 'revenue hub'; 'revenue workspace' only differs in case: a casing rule.
    assert parsed(result)["terms"] == [
        {"term": "Revenue Workspace", "variants": ["rev hub", "revenue hub", "GTM workspace"], "case": "exact"}
    ]
    assert result.warnings == ()


def test_avoided_phrase_that_is_also_a_term_is_warned(work: Path) -> None:
    accept = write(work, "accept.txt", "Synergy\n")
    reject = write(work, "reject.txt", "synergy\nsynergies\n")

    result = import_glossary([accept, reject])

    assert parsed(result)["avoid"] == [
        {"phrase": "synergy", "reason": "Rejected in the Vale vocabulary reject.txt.", "severity": "error"}
    ]
    assert result.warnings == (
        "reject.txt:1: 'synergy' is to be avoided but is also a form of the term 'Synergy'; "
        "msgalign will treat it as the term",
    )


# ---------------------------------------------------------------- bad input


def test_broken_json_names_file_and_line(fixtures: Path) -> None:
    with pytest.raises(GlossaryImportError) as caught:
        import_glossary([Path("bad/broken.json")])

    assert str(caught.value) == (
        "[E202] bad/broken.json:3: not valid JSON: Expecting ',' delimiter; fix it and import again."
    )


def test_missing_comma_between_items_names_the_line(work: Path) -> None:
    path = write(work, "terms.jsonc", '[\n  // brands\n  "HubSpot"\n  "Salesforce"\n]\n')

    with pytest.raises(GlossaryImportError) as caught:
        import_glossary([path])

    assert str(caught.value) == (
        "[E202] terms.jsonc:4: not valid JSON: expected ',' or ']' after an item; fix it and import again."
    )


def test_broken_yaml_names_file_and_line(fixtures: Path) -> None:
    with pytest.raises(GlossaryImportError) as caught:
        import_glossary([Path("bad/broken.yml")])

    assert str(caught.value).startswith("[E202] bad/broken.yml:4: not valid YAML: ")


@pytest.mark.parametrize("name", ["bad/settings.yml", "bad/notes.txt"])
def test_unknown_format_is_an_error(fixtures: Path, name: str) -> None:
    with pytest.raises(GlossaryImportError, match=r"format not recognised") as caught:
        import_glossary([Path(name)])

    assert caught.value.where == name


def test_textlintrc_points_at_the_terms_file(fixtures: Path) -> None:
    with pytest.raises(GlossaryImportError, match=r"import the file named in its 'terms' option"):
        import_glossary([Path("bad/textlintrc.json")])


def test_json_array_with_nothing_recognisable_is_an_error(work: Path) -> None:
    path = write(work, "config.json", '[{"incorrect": "rev hub", "correct": "Revenue Workspace"}]')

    with pytest.raises(GlossaryImportError, match=r"^\[E202\] config\.json: format not recognised"):
        import_glossary([path])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("terms.json", b'["HubSpot",\x00\x01]', "[E202] terms.json: holds binary data, not text."),
        ("accept.txt", b"HubSpot\nCaf\xe9\n",
         "[E202] accept.txt:2: is not UTF-8 text; save it as UTF-8 and import again."),
    ],
)
def test_unreadable_bytes_are_an_error(work: Path, name: str, content: bytes, message: str) -> None:
    (work / name).write_bytes(content)

    with pytest.raises(GlossaryImportError) as caught:
        import_glossary([work / name])

    assert str(caught.value) == message


DEEP = 100_000
TOO_DEEP = "nests deeper than 100 levels; that is not a terminology list."


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("terms.json", "[" * DEEP, f"[E202] terms.json:1: {TOO_DEEP}"),
        ("terms.json", '["Alpha",\n ' + "[" * DEEP + "]" * DEEP + "]", f"[E202] terms.json:2: {TOO_DEEP}"),
        ("terms.jsonc", "// terms\n[\n" + "{" * DEEP, f"[E202] terms.jsonc:3: {TOO_DEEP}"),
        ("terms", "[" * DEEP, f"[E202] terms:1: {TOO_DEEP}"),  # JSON by its opening '['
        ("Swap.yml", "extends: substitution\nswap:\n  a: " + "[" * DEEP + "\n", f"[E202] Swap.yml:3: {TOO_DEEP}"),
        ("Avoid.yml", "extends: existence\ntokens:\n" + "".join("  " * i + "-\n" for i in range(1, 300)),
         f"[E202] Avoid.yml:102: {TOO_DEEP}"),
        ("prh.yml", "version: 1\nrules:\n  - expected: A\n    pattern: " + "{" * DEEP + "\n",
         f"[E202] prh.yml:4: {TOO_DEEP}"),
        ("flow.yml", "[" * DEEP, f"[E202] flow.yml:1: {TOO_DEEP}"),
    ],
)
def test_deep_nesting_is_refused_before_it_is_read(work: Path, name: str, text: str, message: str) -> None:
    write(work, name, text)
    with pytest.raises(GlossaryImportError) as caught:
        import_glossary([work / name])
    assert str(caught.value) == message


def test_a_deeply_imported_prh_file_is_refused_with_the_importing_line(work: Path) -> None:
    write(work, "prh.yml", "version: 1\nrules:\n  - expected: A\nimports:\n  - deep.yml\n")
    write(work, "deep.yml", "rules: " + "[" * DEEP + "\n")
    with pytest.raises(GlossaryImportError) as caught:
        import_glossary([work / "prh.yml"])
    assert str(caught.value) == f"[E202] deep.yml:1: {TOO_DEEP} (imported at prh.yml:5)"


@pytest.mark.parametrize("name", ["accept.txt", "reject.txt"])
def test_a_deeply_nested_vocabulary_regex_is_a_warning(work: Path, name: str) -> None:
    write(work, name, "(" * DEEP + "Alpha" + ")" * DEEP + "\nBeta\n")
    result = import_glossary([work / name])
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith(f"{name}:1: regex '" + "(" * 80 + "…' cannot be turned into a plain term")
    assert result.warnings[0].endswith("(its groups nest deeper than 100 levels)")
    assert result.terms_count + result.avoid_count == 1


def test_missing_file_folder_and_no_files(work: Path) -> None:
    with pytest.raises(GlossaryImportError, match=r"^\[E202\] nowhere\.txt: no such file\.$"):
        import_glossary([Path("nowhere.txt")])
    with pytest.raises(GlossaryImportError, match=r"is a folder"):
        import_glossary([work])
    with pytest.raises(GlossaryImportError, match=r"at least one file"):
        import_glossary([])


def test_empty_files_import_nothing(work: Path) -> None:
    accept = write(work, "accept.txt", "# nothing yet\n")
    rule = write(work, "Empty.yml", "\n")

    result = import_glossary([accept, rule])

    assert parsed(result) == {"terms": [], "avoid": []}
    assert result.warnings == ("Empty.yml: the file is empty; nothing imported",)


def test_the_error_is_a_glossary_error_the_cli_maps_to_exit_2() -> None:
    assert issubclass(GlossaryImportError, GlossaryError)
    assert issubclass(GlossaryImportError, Exception)


def test_the_cli_says_the_code_once_and_exits_2(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from msgalign.cli import main

    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02binary")
    result = CliRunner().invoke(main, ["glossary", "import", str(bad)])
    assert result.exit_code == 2
    assert result.output.count("[E202]") == 1 and "holds binary data, not text." in result.output


# ---------------------------------------------------------------- output


ALL_FIXTURES = [Path(VOCAB, "accept.txt"), Path(VOCAB, "reject.txt"), Path(RULES, "Terms.yml"),
                Path(RULES, "Hype.yml"), Path(RULES, "Headings.yml"), Path("textlint/terms.jsonc"),
                Path("prh/prh.yml")]


def test_same_input_gives_the_same_bytes(fixtures: Path) -> None:
    first = import_glossary(ALL_FIXTURES)
    second = import_glossary(ALL_FIXTURES)

    assert first.yaml_text.encode() == second.yaml_text.encode()
    assert first.warnings == second.warnings


def test_output_loads_as_a_msgalign_glossary(fixtures: Path, tmp_path: Path) -> None:
    result = import_glossary(ALL_FIXTURES)
    draft = tmp_path / "imported.yml"
    draft.write_text(result.yaml_text, encoding="utf-8")

    glossary = load_glossary([draft])

    assert (len(glossary.terms), len(glossary.avoid)) == (result.terms_count, result.avoid_count) == (20, 8)


def test_output_is_commented_for_a_reviewer(fixtures: Path) -> None:
    result = import_glossary([Path(RULES, "Terms.yml")])

    assert result.yaml_text.startswith(
        "# Glossary drafted by `msgalign glossary import` from:\n"
        f"#   - {RULES}/Terms.yml (Vale substitution rule)\n"
    )
    assert result.yaml_text.count("  # TODO: definition\n") == result.terms_count
    assert (
        "  # TODO: definition\n"
        f"  # from {RULES}/Terms.yml:12\n"
        "  - term: lead to\n"
        "    variants: [give rise to, gave rise to]\n"
        "    case: any\n"
        "    severity: error\n"
    ) in result.yaml_text


def test_scalars_that_yaml_would_misread_are_quoted(work: Path) -> None:
    terms = write(work, "terms.json", '["yes", "No", "3.0", "#hashtag", "a: b", "[draft]"]')

    result = import_glossary([terms])

    assert [t["term"] for t in parsed(result)["terms"]] == ["#hashtag", "3.0", "[draft]", "a: b", "No", "yes"]


def test_result_is_frozen(work: Path) -> None:
    result = import_glossary([write(work, "accept.txt", "HubSpot\n")])

    with pytest.raises(dataclasses.FrozenInstanceError):
        result.terms_count = 2  # type: ignore[misc]
