"""Acceptance on real formats: the pages a docs or marketing team keeps in git, checked and fixed as a user would.

tests/acceptance/realformats/ws is a workspace written for this test (Keelson, a fictional managed-Postgres
company): an MDX pricing page with imports, an export, components with text props, an MDX comment, a code
fence and a front matter holding an impossible date; a sales e-mail in Markdown with a blockquote and a
quoted customer; a CS upgrade guide with Hugo shortcodes, Jinja, a Zulip include, a table and a front matter
with an unquoted colon; an HTML page with a Jinja macro, <code>, <script>, <title> and alt text; and an old
.ppt. Its glossary is the hyphenation list GTM teams write (go-to-market / go to market, sign-up / signup,
log in / login / log-in, on-premises / on premises / on-prem, self-hosted / self hosted, Point-in-Time
Recovery / PITR, Node.js / Node js / NodeJS) plus a/an pairs (an SFDC -> a Salesforce, a customer health
score -> an Account Health).

The expected findings below were written from the pages before msgalign was run on them; every one is
(rule, path, line, column, severity). Only the glossary rules are selected: they need no model.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from goldens import assert_golden

from msgalign.cli import main

HERE = Path(__file__).parent / "realformats"
GOLDEN = HERE / "golden"

W, N = "warning", "info"
PRICING, FOLLOWUP = "corpus/marketing/pricing.mdx", "corpus/sales/followup.md"
GUIDE, HOME = "corpus/cs/upgrade-guide.md", "corpus/marketing/index.html"

# (path, line, column, rule, severity): every TM001/TM002/TM005 finding, and nothing else.
EXPECTED = sorted([
    (GUIDE, 2, 8, "TM001", W),        # front matter title "Self hosted upgrade guide" (front matter is broken)
    (GUIDE, 7, 15, "TM001", W),       # heading "a self hosted cluster"
    (GUIDE, 10, 14, "TM001", W),      # inside {{< note >}}: "point in time recovery"
    (GUIDE, 14, 11, "TM001", W),      # "on prem" (the shortcode's name="on prem" on line 13 is not prose)
    (GUIDE, 14, 30, "TM001", W),      # "log-in"
    (GUIDE, 25, 13, "TM001", W),      # table cell "customer health score"
    (GUIDE, 26, 11, "TM001", W),      # table cell "PITR"
    (GUIDE, 29, 4, "TM001", W),       # list item "Go to market" (sentence start)
    (HOME, 8, 28, "TM001", W),        # <h1> "on premises"
    (HOME, 9, 21, "TM005", W),        # best-in-class
    (HOME, 9, 45, "TM001", W),        # "self hosted"; {{ _('Sign up') }} is a macro, <code>keelson signup</code> code
    (PRICING, 2, 26, "TM001", W),     # front matter title, front matter broken by its date
    (PRICING, 3, 32, "TM001", W),     # description: "signup"
    (PRICING, 3, 48, "TM001", W),     # description: "on-prem"
    (PRICING, 14, 14, "TM001", W),    # "self hosted" (not the import/export lines, not tags:)
    (PRICING, 16, 29, "TM001", W),    # <Callout title="Point in time recovery ...">
    (PRICING, 17, 43, "TM001", W),    # the Callout's children
    (PRICING, 20, 24, "TM001", N),    # <Quote quote="... on premises ...">: a quotation, a note without a fix
    (PRICING, 22, 14, "TM001", W),    # <Card title="Node js driver"> (href and icon="nodejs" are not prose)
    (PRICING, 23, 16, "TM001", W),    # "NodeJS" in the Card's children
    (PRICING, 27, 53, "TM001", W),    # note={`login required`}: a template-literal text prop
    (PRICING, 34, 42, "TM001", W),    # "Every signup"
    (PRICING, 34, 56, "TM001", W),    # "a customer health score dashboard"
    (PRICING, 36, 1, "TM001", W),     # "Signup takes" (sentence start)
    (PRICING, 36, 24, "TM001", W),    # "On-prem installs"
    (PRICING, 36, 48, "TM001", W),    # "an SFDC sync"
    (PRICING, 36, 64, "TM001", W),    # "a PITR window"; line 38's code, hashtag, path and URL are not prose
    (FOLLOWUP, 2, 8, "TM001", W),     # title "Self hosted follow-up"
    (FOLLOWUP, 10, 65, "TM001", W),   # "go to market plan"
    (FOLLOWUP, 12, 7, "TM001", N),    # blockquote: "signup"
    (FOLLOWUP, 12, 49, "TM001", N),   # blockquote: "on prem"
    (FOLLOWUP, 14, 27, "TM001", N),   # inside double quotes: "point in time recovery"
    (FOLLOWUP, 16, 4, "TM001", W),    # "An on-prem cluster"
    (FOLLOWUP, 16, 26, "TM001", W),   # "a Node js service"
    (FOLLOWUP, 16, 89, "TM001", W),   # "an SFDC" at the end of the line
    (FOLLOWUP, 17, 25, "TM001", W),   # "Signups" (plural, sentence start)
    (FOLLOWUP, 17, 58, "TM001", W),   # "a customer health score view"; line 19 is code and file names
])


@pytest.fixture()
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "ws"
    shutil.copytree(HERE / "ws", work)
    monkeypatch.chdir(work)
    return work


def _run(*args: str, input: str | None = None):  # noqa: ANN202 - click's Result
    return CliRunner().invoke(main, list(args), input=input)


def test_every_planted_finding_and_nothing_else(ws: Path) -> None:
    result = _run("check", "--select", "TM001,TM002,TM005", "--format", "json", "--quiet")
    assert result.exit_code == 0, result.output   # warnings and notes only; fail-level is error

    found = sorted((f["path"], f["location"]["line"], f["location"]["column"], f["rule"], f["severity"])
                   for f in json.loads(result.stdout)["findings"])
    assert found == EXPECTED


def test_line_format_and_notices(ws: Path) -> None:
    result = _run("check", "--select", "TM001,TM002,TM005", "--format", "line")
    assert_golden(GOLDEN / "check.line.txt", result.stdout)
    notices = result.stderr.splitlines()
    assert notices == [
        "msgalign: notice: skipped 1 file in a format msgalign cannot read: corpus/sales/old-deck.ppt. "
        "To check them, save decks as .pptx or .pdf.",
        "msgalign: notice: corpus/cs/upgrade-guide.md:3: the front matter (between the --- lines at the top) is "
        "not valid YAML: a value has a colon in it (put the value in quotes). It was kept out of the prose; only "
        "its simple one-line values were read",
        "msgalign: notice: corpus/marketing/pricing.mdx:4: the front matter (between the --- lines at the top) "
        "is not valid YAML: a date that does not exist (month must be in 1..12). It was kept out of the prose; "
        "only its simple one-line values were read",
    ]


def test_team_comes_from_a_broken_front_matter(ws: Path) -> None:

    result = _run("check", "--select", "TM001", "--format", "json", "--quiet")
    teams = {f["path"]: f["team"] for f in json.loads(result.stdout)["findings"]}
    assert teams[GUIDE] == "cs" and teams[FOLLOWUP] == "sales" and teams[PRICING] == "marketing"


def test_fix_diff_writes_nothing_and_fix_writes_exactly_that(ws: Path) -> None:
    def files() -> dict[Path, bytes]:
        return {p: p.read_bytes() for p in ws.rglob("*") if p.is_file() and ".msgalign-cache" not in p.parts}

    before = files()
    diff = _run("check", "--select", "TM", "--fix", "--diff")
    assert diff.exit_code == 1
    assert diff.stderr.splitlines()[-1] == "Would fix 32 terms in 4 files; nothing was written."
    assert_golden(GOLDEN / "fix.diff", diff.stdout)
    assert files() == before

    fixed = _run("check", "--select", "TM", "--fix", "--quiet")
    assert fixed.exit_code == 0
    for name in (PRICING, FOLLOWUP, GUIDE, HOME):
        assert_golden(GOLDEN / "fixed" / Path(name).name, (ws / name).read_text(encoding="utf-8"))
    # What is left: the phrase to avoid and the quotations, which --fix leaves to the writer.
    left = _run("check", "--select", "TM001,TM002,TM005", "--format", "line", "--quiet")
    assert [line.split(": TM")[0] for line in left.stdout.splitlines()] == [
        f"{HOME}:9:21", f"{PRICING}:20:24", f"{FOLLOWUP}:12:7", f"{FOLLOWUP}:12:49", f"{FOLLOWUP}:14:27"]


def test_mixed_terminology_counts_each_glossary_form_as_its_own_name(ws: Path) -> None:
    """TM004 names what each team wrote: 'on premises' (a variant) is not the term 'on-premises' it differs
    from by a hyphen, and 'Sign-ups' (the term's plural, capitalised) is the term, not a third name."""
    result = _run("check", "--select", "TM004", "--format", "line", "--quiet")
    assert_golden(GOLDEN / "tm004.line.txt", result.stdout)
    _run("check", "--select", "TM", "--fix", "--quiet")
    after = _run("check", "--select", "TM004", "--format", "line", "--quiet")
    assert after.stdout.splitlines() == [
        f"{PRICING}:20:24: TM004 'on-premises' goes by 3 names across the corpus: 'on-premises' (marketing 3, "
        "cs 1, sales 1); 'on premises' (marketing 1); 'on-prem' (sales 1).",
        f"{FOLLOWUP}:12:7: TM004 'sign-up' goes by 2 names across the corpus: 'sign-up' (marketing 5, sales 1); "
        "'signup' (sales 1).",
        f"{FOLLOWUP}:14:27: TM004 'Point-in-Time Recovery' goes by 2 names across the corpus: "
        "'Point-in-Time Recovery' (marketing 3, cs 2); 'point in time recovery' (sales 1).",
    ]


def test_a_term_wrapped_across_two_lines_is_fixed_like_any_other(ws: Path) -> None:
    """A paragraph wrapped inside a variant ("go to" / "market") is one finding, and --fix (like the rdjsonl
    suggestion for it) writes the term; it was reported as fixable, then silently left alone."""
    page = ws / "corpus/sales/wrapped.md"
    page.write_text("Our whole go to\nmarket team reads it.\n\n- Every Node\n  js service logs in once.\n",
                    encoding="utf-8")
    found = _run("check", "corpus/sales/wrapped.md", "--select", "TM001", "--format", "line", "--quiet")
    assert found.stdout.splitlines() == [
        "corpus/sales/wrapped.md:1:11: TM001 Use 'go-to-market' instead of 'go to market'.",
        "corpus/sales/wrapped.md:4:9: TM001 Use 'Node.js' instead of 'Node js'."]
    diff = _run("check", "corpus/sales/wrapped.md", "--select", "TM001", "--fix", "--diff")
    assert diff.stderr.splitlines()[-1] == "Would fix 2 terms in 1 file; nothing was written."
    _run("check", "corpus/sales/wrapped.md", "--select", "TM001", "--fix", "--quiet")
    assert page.read_text(encoding="utf-8") == ("Our whole go-to-market team reads it.\n\n"
                                                 "- Every Node.js service logs in once.\n")


# --- real Vale styles, imported and applied -------------------------------------------------------------------

ECOSYSTEM = Path(__file__).resolve().parents[2] / ".." / "shared" / "ecosystem" / "vale"


@pytest.fixture(scope="module")
def vale_glossary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Google's and Microsoft's Vale styles as `msgalign glossary import` writes them (imported once)."""
    if not ECOSYSTEM.is_dir():
        pytest.skip(f"the shared Vale styles are not here ({ECOSYSTEM}); these tests need ../shared")
    out = tmp_path_factory.mktemp("vale-import")
    for style in ("Google", "Microsoft"):
        result = _run("glossary", "import", str(ECOSYSTEM / style / style), "-o", str(out / f"{style}.yml"))
        assert result.exit_code == 0, result.output
    return out


@pytest.fixture()
def vale_ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, vale_glossary: Path) -> Path:
    work = tmp_path / "vale-ws"
    (work / "corpus" / "cs").mkdir(parents=True)
    shutil.copytree(vale_glossary, work / "glossary")
    (work / "msgalign.toml").write_text('glossary = ["glossary"]\ncorpus = ["corpus"]\n', encoding="utf-8")
    shutil.copy(HERE / "vale" / "alerts.mdx", work / "corpus" / "cs" / "alerts.mdx")
    monkeypatch.chdir(work)
    return work


ALERTS = "corpus/cs/alerts.mdx"
SELECTED = ("--select", "Google.WordList,Microsoft.Terms")


def test_imported_styles_find_what_vale_would_on_an_mdx_page(vale_ws: Path) -> None:
    """Written before the run: each finding names the rule it comes from. Not reported: 'In order to' at a
    sentence start (Google's key is case-sensitive, and Microsoft.Wordiness, which is not, is not selected),
    'Email' opening a sentence (the fix would be the same word), code, the file name, and the lines the
    vale comment switches Google.WordList off for."""
    result = _run("check", *SELECTED, "--format", "line", "--quiet")
    g, m = "(Google.WordList)", "(Microsoft.Terms)"
    quote = "is inside a quotation, so it is not fixed: if these are a customer's words, keep them; if they are ours,"
    assert result.stdout.splitlines() == [
        f"{ALERTS}:2:15: TM001 Use 'email' instead of 'e-mail'. {g}",
        f"{ALERTS}:6:10: TM001 Use 'email' instead of 'e-mail'. {g}",
        f"{ALERTS}:8:12: TM001 Use 'checkbox' instead of 'check box'. {g}",
        f"{ALERTS}:8:28: TM001 Use 'click' instead of 'click on'. {g}",
        f"{ALERTS}:8:79: TM001 Use 'administrator' instead of 'admin'. {g}",
        f"{ALERTS}:10:17: TM001 Use 'A URL' instead of 'An URL'. {m}",
        f"{ALERTS}:10:55: TM001 Use 'a URL' instead of 'an URL'. {m}",
        f"{ALERTS}:12:10: TM001 Use 'filename' instead of 'file name'. {g}",
        f"{ALERTS}:14:8: TM001 'admin' {quote} write 'administrator'. {g}",
        f"{ALERTS}:14:24: TM001 'in order to' {quote} write 'to'. (Google.WordList, Microsoft.Wordiness)",
        f"{ALERTS}:16:49: TM001 Use 'Android-powered device' instead of 'Android device'. {g}",
    ]


def test_imported_styles_fix_an_mdx_page(vale_ws: Path) -> None:
    diff = _run("check", *SELECTED, "--fix", "--diff")
    assert diff.stderr.splitlines()[-1] == "Would fix 9 terms in 1 file; nothing was written."
    assert_golden(GOLDEN / "vale-alerts.diff", diff.stdout)
    _run("check", *SELECTED, "--fix", "--quiet")
    assert_golden(GOLDEN / "fixed" / "vale-alerts.mdx", (vale_ws / ALERTS).read_text(encoding="utf-8"))


def test_a_variant_merged_from_two_styles_answers_only_to_the_rules_that_list_it(vale_ws: Path) -> None:
    """Google.WordList (case-sensitive, warning) and Microsoft.Wordiness (any case, suggestion) both turn
    'in order to' into 'to'; only Microsoft lists 'as a means to'. After the merge that lets the two styles
    load together, each variant still belongs to its own rules: their case, their severity, their switch."""
    page = vale_ws / "corpus/cs/means.md"
    page.write_text("We did it as a means to an end. In order to ship, act in order to ship.\n", encoding="utf-8")

    def found(*args: str) -> list[tuple[int, str, str]]:
        result = _run("check", "corpus/cs/means.md", "--format", "json", "--quiet", *args)
        return [(f["location"]["column"], f["severity"], (f["evidence"] or {}).get("rule"))
                for f in json.loads(result.stdout)["findings"] if f["rule"] == "TM001"]

    both = "Google.WordList, Microsoft.Wordiness"
    assert found("--select", "Google.WordList") == [(55, "warning", both)]
    assert found("--select", "TM001", "--ignore", "Microsoft.Wordiness") == [(55, "warning", both)]
    assert found("--select", "Microsoft.Wordiness") == [
        (11, "info", "Microsoft.Wordiness"), (33, "info", "Microsoft.Wordiness"), (55, "warning", both)]
    assert found("--select", "TM001", "--ignore", "Google.WordList,Microsoft.Wordiness") == []


def test_an_imported_list_never_takes_over_the_glossary_written_by_hand(ws: Path) -> None:
    """textlint's terms also define 'Node.js' (variant 'Nodejs') and 'Salesforce' (variant 'Saleforce'). Merged
    with the hand-written entries, the variants written by hand stay msgalign's own: no rule name, and
    `--ignore textlint.terminology` leaves them on; textlint's own variants answer to textlint."""
    terms = ECOSYSTEM.parent / "textlint" / "terms.jsonc"
    if not terms.is_file():
        pytest.skip(f"textlint's terms are not here ({terms}); this test needs ../shared")
    assert _run("glossary", "import", str(terms), "-o", "glossary/textlint.yml").exit_code == 0
    result = _run("check", "--select", "TM001,TM002,TM005", "--format", "json", "--quiet")
    found = json.loads(result.stdout)["findings"]
    # Every hand-written finding is still there, at its place, and none is named after textlint.
    assert sorted((f["path"], f["location"]["line"], f["location"]["column"], f["rule"], f["severity"])
                  for f in found) == EXPECTED
    assert [f for f in found if f["evidence"]] == []
    ignored = _run("check", "--select", "TM001", "--ignore", "textlint.terminology", "--format", "line", "--quiet")
    assert len(ignored.stdout.splitlines()) == len([e for e in EXPECTED if e[3] == "TM001"])
    page = ws / "corpus/sales/typo.md"
    page.write_text("Our Saleforce sync runs on Nodejs.\n", encoding="utf-8")
    typo = _run("check", "corpus/sales/typo.md", "--select", "TM001", "--format", "line", "--quiet")
    assert typo.stdout.splitlines() == [
        "corpus/sales/typo.md:1:5: TM001 Use 'Salesforce' instead of 'Saleforce'. (textlint.terminology)",
        "corpus/sales/typo.md:1:28: TM001 Use 'Node.js' instead of 'Nodejs'."]  # 'NodeJS' (any case) is ours
    off = _run("check", "corpus/sales/typo.md", "--select", "TM001", "--ignore", "textlint", "--format", "line",
               "--quiet")
    assert off.stdout.splitlines() == ["corpus/sales/typo.md:1:28: TM001 Use 'Node.js' instead of 'Nodejs'."]


def test_sentence_openings_after_quote_marks_and_brackets_keep_their_capital(ws: Path) -> None:
    """A block opening with a quote mark ('"Signup was easy," said Ana.') starts a sentence at its first word:
    the hint says 'Sign-up', as it does for the same words in a <Quote>. Also a front matter title's article
    ('An SFDC guide' -> 'A Salesforce guide') and a lower-case product name in a component's title prop."""
    shutil.copy(HERE / "edge.mdx", ws / "corpus/marketing/edge.mdx")
    result = _run("check", "corpus/marketing/edge.mdx", "--select", "TM001,TM002", "--format", "line", "--quiet")
    assert_golden(GOLDEN / "edge.line.txt", result.stdout)
    assert "write 'Sign-up'" in result.stdout.splitlines()[7]
    diff = _run("check", "corpus/marketing/edge.mdx", "--select", "TM001,TM002", "--fix", "--diff")
    assert_golden(GOLDEN / "edge.diff", diff.stdout)
    stdin = _run("check", "-", "--select", "TM001", "--format", "line", "--quiet",
                 input='(Signup is free.) "Signup was easy," said Ana.\n')
    assert stdin.stdout.splitlines() == [
        "stdin:1:2: TM001 Use 'Sign-up' instead of 'Signup'.",
        "stdin:1:20: TM001 'Signup' is inside a quotation, so it is not fixed: if these are a customer's words, "
        "keep them; if they are ours, write 'Sign-up'."]


def test_words_written_with_character_references_are_not_promised_as_fixable(ws: Path) -> None:
    """'on&#8209;prem' and 'on&nbsp;prem' read as variants, but --fix replaces only words written as they read:
    the summary said '2 fixable with --fix' before and after every --fix, which never fixed them."""
    page = ws / "corpus/marketing/entities.html"
    page.write_text("<p>Read the on&#8209;prem guide and the on&nbsp;prem one, or the on prem FAQ.</p>\n",
                    encoding="utf-8")
    first = _run("check", "corpus/marketing/entities.html", "--select", "TM001", "--fix")
    assert first.stdout.splitlines()[-1] == "2 problems (2 warnings) in 1 file"
    assert page.read_text(encoding="utf-8") == (
        "<p>Read the on&#8209;prem guide and the on&nbsp;prem one, or the on-premises FAQ.</p>\n")
