"""--fix changes only the matched words, keeps every other byte, writes atomically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from msgalign.cli import main
from msgalign.glossary.fix import Replacement, apply_replacements

GLOSSARY = "terms:\n  - term: Revenue Workspace\n    variants: [revenue hub]\n  - term: HubSpot\n"


@pytest.fixture()
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "g.yml").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "msgalign.toml").write_text('corpus = ["corpus"]\n', encoding="utf-8")
    (tmp_path / "corpus" / "sales").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_fix(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", "--fix", "--select", "TM", *args])


@pytest.mark.parametrize(("data", "expected"), [
    (b"Open the revenue hubs.\r\nUse Hubspot.\r\n", b"Open the Revenue Workspaces.\r\nUse HubSpot.\r\n"),
    (b"\xef\xbb\xbfThe revenue hub\xe2\x80\x99s plan \xe2\x80\x94 ok.\n",
     b"\xef\xbb\xbfThe Revenue Workspace\xe2\x80\x99s plan \xe2\x80\x94 ok.\n"),
    (b"Caf\xe9 team: the revenue hub.\n", b"Caf\xe9 team: the Revenue Workspace.\n"),  # latin-1 stays latin-1
    (b"Keep `revenue hub` and https://x.io/revenue-hub; fix revenue hub.",
     b"Keep `revenue hub` and https://x.io/revenue-hub; fix Revenue Workspace."),
])
def test_fix_is_byte_exact(ws: Path, data: bytes, expected: bytes) -> None:
    target = ws / "corpus" / "sales" / "a.txt"
    target.write_bytes(data)
    result = run_fix()
    assert target.read_bytes() == expected
    assert result.exit_code == 0, result.output
    assert not list(target.parent.glob(".*msgalign-tmp"))


def test_fix_markdown_and_html_but_not_code(ws: Path) -> None:
    md = ws / "corpus" / "sales" / "a.md"
    md.write_text("# The **revenue hub**\n\n```\nrevenue hub\n```\n", encoding="utf-8")
    html = ws / "corpus" / "sales" / "b.html"
    html.write_text("<p>The <b>revenue hub</b></p><script>'revenue hub'</script>", encoding="utf-8")
    run_fix()
    assert md.read_text(encoding="utf-8") == "# The **Revenue Workspace**\n\n```\nrevenue hub\n```\n"
    assert html.read_text(encoding="utf-8") == "<p>The <b>Revenue Workspace</b></p><script>'revenue hub'</script>"


MDX_PAGE = """\
---
title: Plan with the revenue hub
tags: [revenue hub]
---
import { Quote } from './quote'

<Quote caption="Ana Li, CFO" img="revenue-hub.png" quote={"We run the quarter in the revenue hub."}>
Every rep opens the revenue hub first.
</Quote>

<Card href="/revenue-hub" title="Revenue hub tour" />

```jsx
<Quote caption="revenue hub" />
```
"""


def test_fix_mdx_prose_props_and_front_matter_title_only(ws: Path) -> None:
    """A quote component's `quote` prop and children are a customer's words: notes, not fixed."""
    page = ws / "corpus" / "sales" / "a.mdx"
    page.write_text(MDX_PAGE, encoding="utf-8")
    result = run_fix()
    assert result.exit_code == 0, result.output
    assert page.read_text(encoding="utf-8") == (
        MDX_PAGE.replace("title: Plan with the revenue hub", "title: Plan with the Revenue Workspace")
        .replace('title="Revenue hub tour"', 'title="Revenue Workspace tour"')
    )


def test_fix_mdx_quote_components_when_quotations_are_fixable(ws: Path) -> None:
    (ws / "msgalign.toml").write_text('corpus = ["corpus"]\n[fix]\nquotations = true\n', encoding="utf-8")
    page = ws / "corpus" / "sales" / "a.mdx"
    page.write_text(MDX_PAGE, encoding="utf-8")
    result = run_fix()
    assert result.exit_code == 0, result.output
    assert page.read_text(encoding="utf-8") == (
        MDX_PAGE.replace("title: Plan with the revenue hub", "title: Plan with the Revenue Workspace")
        .replace("quarter in the revenue hub.", "quarter in the Revenue Workspace.")
        .replace("opens the revenue hub first", "opens the Revenue Workspace first")
        .replace('title="Revenue hub tour"', 'title="Revenue Workspace tour"')
    )


TSX_PAGE = """\
import { Hero } from '@components'

const cards = [{ title: 'Tour the revenue hub', href: '/revenue-hub' }]

export default function Page() {
    const slug = 'revenue hub'
    return (
        <main className="revenue-hub">
            <Hero title={"Plan in the revenue hub"} image="/img/revenue-hub.png" />
            <p>
                Every rep opens the revenue
                hub first, and the{' '}<Link href="/revenue-hub">revenue hub</Link> tour shows how.
            </p>
            <Cards items={cards} />
            <code>revenue hub</code>
        </main>
    )
}
"""


def test_fix_tsx_changes_only_the_words_inside_text_and_strings(ws: Path) -> None:
    page = ws / "corpus" / "sales" / "page.tsx"
    page.write_text(TSX_PAGE, encoding="utf-8")
    result = run_fix()
    assert result.exit_code == 0, result.output
    assert page.read_text(encoding="utf-8") == (
        TSX_PAGE.replace("'Tour the revenue hub'", "'Tour the Revenue Workspace'")
        .replace('"Plan in the revenue hub"', '"Plan in the Revenue Workspace"')
        .replace("opens the revenue\n                hub first", "opens the Revenue Workspace first")
        .replace(">revenue hub</Link>", ">Revenue Workspace</Link>")
    )
    from msgalign.ingest.shape import block_shape

    assert block_shape("jsx", page.read_text(encoding="utf-8")) == block_shape("jsx", TSX_PAGE)


def test_fix_tsx_refuses_words_that_would_need_escaping(ws: Path) -> None:
    (ws / "glossary" / "g.yml").write_text("terms:\n  - term: Rep's Desk\n    variants: [sales desk]\n",
                                           encoding="utf-8")
    page = ws / "corpus" / "sales" / "page.tsx"
    source = "export default () => <Hero title={'Open the sales desk today'} />\n"
    page.write_text(source, encoding="utf-8")
    result = run_fix()
    assert page.read_text(encoding="utf-8") == source
    assert ("did not fix 'sales desk' in corpus/sales/page.tsx: the new words \"Rep's Desk\" hold a quote mark"
            in result.stderr), result.stderr


def test_fix_tsx_still_fixes_the_words_that_need_no_escaping(ws: Path) -> None:
    (ws / "glossary" / "g.yml").write_text("terms:\n  - term: Rep's Desk\n    variants: [sales desk]\n"
                                           "  - term: Revenue Workspace\n    variants: [revenue hub]\n",
                                           encoding="utf-8")
    page = ws / "corpus" / "sales" / "page.tsx"
    source = "export default () => <p>Open the sales desk, then the revenue hub.</p>\n"
    page.write_text(source, encoding="utf-8")
    result = run_fix()
    assert page.read_text(encoding="utf-8") == source.replace("revenue hub", "Revenue Workspace"), result.stderr
    assert "did not fix 'sales desk' in corpus/sales/page.tsx" in result.stderr


def test_without_fix_no_input_is_touched(ws: Path) -> None:
    target = ws / "corpus" / "sales" / "a.md"
    target.write_text("the revenue hub\n", encoding="utf-8")
    before = target.stat().st_mtime_ns
    result = CliRunner().invoke(main, ["check", "--select", "TM"])
    assert target.read_text(encoding="utf-8") == "the revenue hub\n" and target.stat().st_mtime_ns == before
    assert result.exit_code == 0  # a warning is below the default fail level


def test_replacements_skip_overlaps_and_moved_text() -> None:
    text = "the revenue hub and the revenue hub"
    fixes = [Replacement(4, 15, "revenue hub", "Revenue Workspace"),    # overlaps the one after it: skipped
             Replacement(12, 19, "hub and", "X"),                       # last first: this one is made
             Replacement(24, 35, "revenue hubs", "Revenue Workspaces")]  # the text moved: skipped
    assert apply_replacements(text, fixes) == ("the revenue X the revenue hub", 1)


def test_articles_agree_only_when_asked() -> None:
    text = "Open a territory doc, then an alert board."
    fixes = [Replacement(7, 20, "territory doc", "Account Plan"), Replacement(30, 41, "alert board", "Signal Board")]
    assert apply_replacements(text, fixes, articles=True) == ("Open an Account Plan, then a Signal Board.", 2)
    # check --fix changes the matched words only
    assert apply_replacements(text, fixes) == ("Open a Account Plan, then an Signal Board.", 2)


SAFETY = ("terms:\n  - term: Acme\n  - term: Account Health\n    variants: [customer health]\n"
          "  - term: user\n    variants: [end user]\n  - term: Revenue Workspace\n    variants: [revenue hub]\n"
          "  - term: go-to-market\n    variants: [go to market]\n")


@pytest.fixture()
def safety(ws: Path) -> Path:
    (ws / "glossary" / "g.yml").write_text(SAFETY, encoding="utf-8")
    return ws


@pytest.mark.parametrize(("before", "after"), [
    ("Open a customer health view.\n", "Open an Account Health view.\n"),
    ("A customer health view.\n", "An Account Health view.\n"),
    ("Ask an end user.\n", "Ask a user.\n"),
    ("An end user asks.\n", "A user asks.\n"),
    ("Open a **customer health** view.\n", "Open a **Account Health** view.\n"),  # not adjacent: left alone
    ("Go to market in May. Our go to market plan.\n", "Go-to-market in May. Our go-to-market plan.\n"),
])
def test_fix_keeps_articles_and_sentence_starts(safety: Path, before: str, after: str) -> None:
    target = safety / "corpus" / "sales" / "a.md"
    target.write_text(before, encoding="utf-8")
    run_fix()
    assert target.read_text(encoding="utf-8") == after


def test_fix_never_touches_code_like_tokens(safety: Path) -> None:
    text = ("# Call acme.reset() first\n\nEdit acme.yaml, src/acme/main.py and acme_client; run --acme; "
            "see {{ acme }} and @acme. Then ask acme.\n")
    target = safety / "corpus" / "sales" / "a.md"
    target.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--select", "TM", "--format", "json"])
    assert [f["excerpt"] for f in json.loads(result.output)["findings"]] == ["acme"]  # only the prose one
    run_fix()
    assert target.read_text(encoding="utf-8") == text.replace("ask acme", "ask Acme")


QUOTED = 'The customer said "the revenue hub saved us a week".\n\n> Our revenue hub is great.\n\nThe revenue hub.\n'


def test_quotations_are_notes_without_a_fix(safety: Path) -> None:
    target = safety / "corpus" / "sales" / "a.md"
    target.write_text(QUOTED, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--select", "TM", "--format", "json"])
    found = [(f["location"]["line"], f["severity"], f["suggestion"]) for f in json.loads(result.output)["findings"]]
    assert found == [(1, "info", None), (3, "info", None), (5, "warning", "Revenue Workspace")]
    run_fix()
    assert target.read_text(encoding="utf-8") == QUOTED.replace("The revenue hub.", "The Revenue Workspace.")


def test_quotations_are_fixed_when_configured(safety: Path) -> None:
    (safety / "msgalign.toml").write_text('corpus = ["corpus"]\n[fix]\nquotations = true\n', encoding="utf-8")
    target = safety / "corpus" / "sales" / "a.md"
    target.write_text(QUOTED, encoding="utf-8")
    run_fix()
    assert target.read_text(encoding="utf-8") == QUOTED.replace("revenue hub", "Revenue Workspace")


def test_plan_fixes_says_what_would_change_and_writes_nothing(safety: Path) -> None:
    from msgalign.api import check, load_config
    from msgalign.glossary.fix import plan_fixes

    target = safety / "corpus" / "sales" / "a.md"
    target.write_text("Open a customer health view.\n", encoding="utf-8")
    config = load_config(safety / "msgalign.toml")
    report = check([], config, select=["TM"]).report
    from msgalign.engine import check as run_check

    _, docs = run_check([], config, select_=["TM"])
    plans = plan_fixes(docs, report.findings)
    assert [(p.path, p.new_text, [(r.expected, r.text) for r in p.replacements]) for p in plans] == [
        ("corpus/sales/a.md", "Open an Account Health view.\n", [("a customer health", "an Account Health")])]
    assert target.read_text(encoding="utf-8") == "Open a customer health view.\n"


ENGLISH = ("terms:\n  - term: The Harbor Studio\n    variants: [Harbour Studio, Ocean Room]\n"
           "  - term: turn on\n    variants: [enable, enabled]\n"
           "  - term: Account Plan\n    variants: [territory doc]\n")


@pytest.mark.parametrize(("before", "after"), [
    ("Book the Harbour Studio today.\n", "Book the Harbor Studio today.\n"),             # no second article
    ("Book Harbour Studio today.\n", "Book the Harbor Studio today.\n"),                 # the article, lower case
    ("Harbour Studio opens at nine.\n", "The Harbor Studio opens at nine.\n"),           # a sentence start
    ("Book an Ocean Room slot.\n", "Book a Harbor Studio slot.\n"),                      # a/an follows the new words
    ("The switch enables every alarm.\n", "The switch turns on every alarm.\n"),         # the verb takes the -s
    ("An enabled alarm rings. Enable it now.\n", "A turned on alarm rings. Turn it on now.\n"),
    ("Open a territory doc; two territory docs.\n", "Open an Account Plan; two Account Plans.\n"),
    ("Enable IT alerts first.\n", "Turn on IT alerts first.\n"),                       # IT is no pronoun
    ("Enable US billing today.\n", "Turn on US billing today.\n"),
    ("ENABLE IT NOW.\n", "TURN IT ON NOW.\n"),                                           # shouted, it is
])
def test_fix_reads_as_english(ws: Path, before: str, after: str) -> None:
    (ws / "glossary" / "g.yml").write_text(ENGLISH, encoding="utf-8")
    target = ws / "corpus" / "sales" / "a.md"
    target.write_text(before, encoding="utf-8")
    run_fix()
    assert target.read_text(encoding="utf-8") == after


def test_fix_tsx_reaches_both_sides_of_a_condition(ws: Path) -> None:
    page = ws / "corpus" / "sales" / "page.tsx"
    source = ('export default ({ on }) => (\n'
              '  <p>{on ? "Open the revenue hub now" : `Try the revenue hub free`}</p>\n)\n')
    page.write_text(source, encoding="utf-8")
    result = run_fix()
    assert result.exit_code == 0, result.output
    assert page.read_text(encoding="utf-8") == source.replace("revenue hub", "Revenue Workspace")


def test_fix_mdx_reaches_both_sides_of_a_condition(ws: Path) -> None:
    page = ws / "corpus" / "sales" / "a.mdx"
    source = ('Plan the week.\n\n<Hero title={on ? "Open the revenue hub now" : `Try the revenue hub free`} />\n\n'
              'Then {ready && "open the revenue hub again"} later.\n')
    page.write_text(source, encoding="utf-8")
    result = run_fix()
    assert result.exit_code == 0, result.output
    assert page.read_text(encoding="utf-8") == source.replace("revenue hub", "Revenue Workspace")


def test_fix_mdx_refuses_words_that_would_need_escaping_inside_code_only(ws: Path) -> None:
    (ws / "glossary" / "g.yml").write_text("terms:\n  - term: Rep's Desk\n    variants: [sales desk]\n",
                                           encoding="utf-8")
    page = ws / "corpus" / "sales" / "a.mdx"
    source = ("Open the sales desk first.\n\n<Cta label={on ? 'Book the sales desk tour' : \"Ask us\"} />\n\n"
              "<Note title='Meet the sales desk team' />\n")
    page.write_text(source, encoding="utf-8")
    result = run_fix()
    assert page.read_text(encoding="utf-8") == source.replace("Open the sales desk", "Open the Rep's Desk")
    assert result.stderr.count("did not fix 'sales desk' in corpus/sales/a.mdx: the new words \"Rep's Desk\" "
                               "hold a quote mark") == 2, result.stderr
