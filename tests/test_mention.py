"""A naming or style guide that states a rule does not break it: mentions of a word are not uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from msgalign.glossary.index import TermIndex
from msgalign.glossary.mention import HISTORY, MENTION, mention_blocks
from msgalign.glossary.types import AvoidPhrase, Glossary, Term
from msgalign.ingest import read_document
from msgalign.types import Block, Location

INDEX = TermIndex(Glossary(
    terms=(Term("Revenue Workspace", variants=("revenue hub",)), Term("Free", variants=("Starter",)),
           Term("email", variants=("e-mail",))),
    avoid=(AvoidPhrase("best-in-class"), AvoidPhrase("world-class"), AvoidPhrase("leverage"),
           AvoidPhrase("seamless"))))


def mentions(text: str) -> list[tuple[str, str]]:
    return [(h.text, h.mention) for h in INDEX.scan(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Use Revenue Workspace, not revenue hub.", [("revenue hub", MENTION)]),
    ("Write email (not e-mail).", [("e-mail", MENTION)]),
    ("Say Revenue Workspace instead of revenue hub.", [("revenue hub", MENTION)]),
    ("Avoid: best-in-class, world-class.", [("best-in-class", MENTION), ("world-class", MENTION)]),
    ("Avoid best-in-class, world-class and other claims.", [("best-in-class", MENTION), ("world-class", MENTION)]),
    ("Don't say best-in-class.", [("best-in-class", MENTION)]),
    ('Never write "revenue hub" in copy.', [("revenue hub", MENTION)]),
    ("The word 'leverage' is jargon.", [("leverage", MENTION)]),
    ("Starter is now Free.", [("Starter", MENTION)]),
    ("Starter was renamed to Free in May.", [("Starter", MENTION)]),
    ("Starter - the old tier name, no longer available.", [("Starter", MENTION)]),
    ("Revenue Workspace (formerly revenue hub) syncs nightly.", [("revenue hub", MENTION)]),
    ("Previously, we positioned it as the revenue hub.", [("revenue hub", HISTORY)]),
    ("Our story evolved from a revenue hub to a platform.", [("revenue hub", MENTION)]),
    ("We say proven, not best-in-class.", [("best-in-class", MENTION)]),          # a naming verb heads it
    ("Always write clear, not seamless.", [("seamless", MENTION)]),
    ("Our voice is plain. Say proven, not best-in-class.", [("best-in-class", MENTION)]),  # after a sentence
    ("In headlines, say proven, not best-in-class.", [("best-in-class", MENTION)]),  # a verb of words
    ('"Seamless" is vague.', [("Seamless", MENTION)]),                  # quoted words, talked about
    ('Skip "seamless" or "world-class".', [("seamless", MENTION), ("world-class", MENTION)]),
    ("You can use 'leverage' in engineering notes.", [("leverage", MENTION)]),
    ("Formerly, we called it the revenue hub.", [("revenue hub", HISTORY)]),
    # every member of a list after the cue, joined by "and" or "or" as much as by commas
    ("Avoid best-in-class and world-class.", [("best-in-class", MENTION), ("world-class", MENTION)]),
    ("Avoid seamless, leverage, or world-class.",
     [("seamless", MENTION), ("leverage", MENTION), ("world-class", MENTION)]),
    ("Don't say seamless, world-class, or best-in-class.",
     [("seamless", MENTION), ("world-class", MENTION), ("best-in-class", MENTION)]),
    ("Never write leverage or seamless in a headline.", [("leverage", MENTION), ("seamless", MENTION)]),
    ("Words to avoid: seamless, leverage and world-class.",
     [("seamless", MENTION), ("leverage", MENTION), ("world-class", MENTION)]),
    ("Instead of best-in-class, world-class or seamless, say proven.",
     [("best-in-class", MENTION), ("world-class", MENTION), ("seamless", MENTION)]),   # the verb comes after
    ("Rather than leverage, write use.", [("leverage", MENTION)]),
    ("Please avoid words like seamless and leverage.", [("seamless", MENTION), ("leverage", MENTION)]),
    ("The word leverage can mean three things.", [("leverage", MENTION)]),     # 'the word' names it
    ("We use the term revenue hub for the old tier.", [("revenue hub", MENTION)]),
])
def test_words_talked_about(text: str, expected: list[tuple[str, str]]) -> None:
    assert mentions(text) == expected
    assert all(h.replacement is None for h in INDEX.scan(text))  # nothing to fix in a rule about words


@pytest.mark.parametrize("text", [
    "Open the revenue hub today.",
    "Avoid downtime, and get best-in-class support.",            # 'avoid' is about downtime
    "Teams that do not leverage data fall behind.",              # a negated use is a use
    "Instead of leveraging spreadsheets, teams plan here.",      # a contrast of things, not of words
    "Don't use the revenue hub to plan renewals.",               # about the product, not the name
    "The revenue hub is now faster than ever.",                  # 'is now' followed by no new name
    "He said it was \"best-in-class support\".",                 # a quotation, not the word alone
    "Once the revenue hub syncs, you are done.",
    "Avoid churn, cut costs, and leverage a seamless tool.",
    "Avoid downtime and leverage our world-class support.",     # 'and' joins two actions, not two words
    "Instead of a seamless promise, you get a working import.",  # copy: no verb of words after it
    "Always fast, never seamless.",                              # 'never' with no naming verb
    "We prefer the cloud over a seamless on-prem promise.",
    "Spread the word: seamless sync is here.",                   # 'the word' as in news
    "Get the word out about our seamless sync.",
    "Check the words leveraged in each headline.",                # a participle after 'the words'
])
def test_words_used(text: str) -> None:
    assert [m for _, m in mentions(text)] and all(m == "" for _, m in mentions(text))


# A CS or sales handbook line that names the right term and the wrong one states the rule: the wrong
# one is named, not used.
@pytest.mark.parametrize(("text", "wrong"), [
    ("Use 'Revenue Workspace' instead of 'revenue hub'.", "revenue hub"),
    ("On renewal calls, say Free, not Starter.", "Starter"),
    ("Revenue Workspace (not revenue hub) in every quote.", "revenue hub"),
    ("Call it Free, never Starter.", "Starter"),
    ("Call it the Revenue Workspace, never the revenue hub.", "revenue hub"),
    ("Reps should say Free rather than Starter.", "Starter"),
    ("Refer to it as Revenue Workspace rather than revenue hub.", "revenue hub"),
    ("We no longer say revenue hub.", "revenue hub"),
    ("We now say Revenue Workspace; we no longer say revenue hub.", "revenue hub"),
    ("We stopped calling it the revenue hub.", "revenue hub"),
    ("Prefer Revenue Workspace over revenue hub.", "revenue hub"),
    ("The product is no longer called revenue hub.", "revenue hub"),
    ("We retired the name revenue hub.", "revenue hub"),
    ("The revenue hub name is retired.", "revenue hub"),
])
def test_a_handbook_line_naming_the_right_and_the_wrong_term(text: str, wrong: str) -> None:
    assert mentions(text) == [(wrong, MENTION)]


@pytest.mark.parametrize("text", [
    "We prefer Revenue Workspace over the revenue hub for planning.",   # a preference of products
    "We retired the revenue hub servers in May.",                      # things retired, not a name
    "Call the team, never the revenue hub bot.",
])
def test_words_near_a_handbook_cue_still_used(text: str) -> None:
    assert [m for _, m in mentions(text)] == [""]


VERBS = TermIndex(Glossary(avoid=(AvoidPhrase("using", inflect="none"), AvoidPhrase("OK", case="exact"),
                                  AvoidPhrase("leverage"))))


@pytest.mark.parametrize(("text", "expected"), [
    ("Avoid using images to replace text.", [("using", "")]),             # the cue's own verb, used
    ("Spell out database instead of using db.", [("using", "")]),
    ("Rather than using OK or Cancel, be specific.", [("using", ""), ("OK", MENTION)]),
    ("Avoid naming these elements, using just the label instead.", [("using", "")]),  # no list of words
    ("Avoid leveraging.", [("leveraging", MENTION)]),
    ("Avoid leveraging data you lack.", [("leveraging", "")]),
    ("Avoid: OK, using.", [("OK", MENTION), ("using", MENTION)]),
])
def test_a_verb_after_a_cue_is_used_unless_it_ends_the_clause(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(h.text, h.mention) for h in VERBS.scan(text)] == expected


def _cell(text: str, line: int | None, block: str | None = None) -> Block:
    return Block("table_cell", text, Location(line=line, block=block))


def test_a_dont_column_lists_words_not_to_use() -> None:
    md = [Block("paragraph", "Our names.", Location(line=1)),
          _cell("Write", 3), _cell("Don't write", 3), _cell("Revenue Workspace", 5), _cell("revenue hub", 5),
          _cell("Free", 6), _cell("Starter", 6)]
    assert mention_blocks(md) == {4, 6}
    word = [_cell("Old name", None, "table 1, row 1, cell 1"), _cell("Name", None, "table 1, row 1, cell 2"),
            _cell("Starter", None, "table 1, row 2, cell 1"), _cell("Free", None, "table 1, row 2, cell 2")]
    assert mention_blocks(word) == {2}
    html = [_cell("Don't", None), _cell("Do", None), _cell("Starter", None), _cell("Free", None)]
    assert mention_blocks(html) == set()  # no rows to read: every cell is checked as before
    plans = [_cell("Plan", 1), _cell("What you get", 1), _cell("Team", 2), _cell("seamless sync", 2)]
    assert mention_blocks(plans) == set()


def test_items_under_a_lead_in_list_words_not_to_use() -> None:
    blocks = [Block("paragraph", "Never use these words in headlines:", Location(line=1)),
              Block("list_item", "best-in-class", Location(line=3)),
              Block("list_item", "world-class", Location(line=4)),
              Block("heading", "Avoid downtime", Location(line=6)),
              Block("list_item", "seamless sync", Location(line=8)),
              Block("heading", "Words to avoid", Location(line=10)),
              Block("list_item", "leverage", Location(line=12)),
              Block("paragraph", "Say proven results, not:", Location(line=14)),
              Block("list_item", "world-class", Location(line=16))]
    assert mention_blocks(blocks) == {1, 2, 6, 8}


def test_a_long_list_is_read_in_linear_time() -> None:
    text = "Avoid " + ", ".join(f"w{i}" for i in range(2000)) + ", best-in-class."
    assert [h.text for h in INDEX.scan(text)] == ["best-in-class"]


def _read_cells(tmp_path: Path, name: str, text: str) -> tuple[list[str], set[str]]:
    """The cells a real reader finds in a page, and those that list words not to use."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = read_document(path, name)
    listed = mention_blocks(doc.blocks, doc.source.text if doc.source else None)
    cells = [b.text for b in doc.blocks if b.kind == "table_cell"]
    return cells, {doc.blocks[i].text for i in listed}


MD_TABLES = """# Plan names

| Old | New | Notes |
|---|---|---|
| revenue hub | Revenue Workspace | since May |
| | Free | the old one had no name |

| No | Plan | Includes |
|---|---|---|
| 1 | Team | seamless sync |
| 2 | Scale | world-class support |

> | Instead of | Write |
> |---|---|
> | leverage | use |

| Name | Notes |
|---|---|
| Starter | renamed |
"""


def test_markdown_table_columns_are_read_from_the_source(tmp_path: Path) -> None:
    cells, listed = _read_cells(tmp_path, "names.md", MD_TABLES)
    assert "Free" in cells and "seamless sync" in cells
    # an empty first cell does not move "Free" into the Old column; "No" numbers rows, "Name" names them
    assert listed == {"revenue hub", "leverage"}


HTML_TABLES = """<html><body>
<table>
  <tr><th>Do not use</th><th>Use</th></tr>
  <tr>
    <td>revenue hub</td>
    <td>Revenue Workspace</td>
  </tr>
  <tr><td></td><td>Free plan</td></tr>
</table>
<table>
  <tr><th>No</th><th>Feature</th></tr>
  <tr><td>1</td><td>seamless sync</td></tr>
</table>
<table><tr><th>Deprecated</th><th>Current</th></tr><tr><td><strong>Starter</strong></td><td>Free</td></tr></table>
</body></html>
"""


def test_html_table_columns_are_counted_from_its_tags(tmp_path: Path) -> None:
    cells, listed = _read_cells(tmp_path, "names.html", HTML_TABLES)
    assert "Revenue Workspace" in cells and "Free plan" in cells
    # a row written over several lines is one row; an empty cell keeps its column
    assert listed == {"revenue hub", "Starter"}


TSX_TABLE = """export default function Names() {
  return (
    <table>
      <thead>
        <tr><th>Row no</th><th>Old name</th><th>New name</th></tr>
      </thead>
      <tbody>
        <tr>
          <td>first row</td>
          <td>revenue hub</td>
          <td>Revenue Workspace</td>
        </tr>
      </tbody>
    </table>
  );
}
"""


def test_a_tsx_table_is_read_like_html(tmp_path: Path) -> None:
    _, listed = _read_cells(tmp_path, "names.tsx", TSX_TABLE)
    assert listed == {"revenue hub"}


@pytest.mark.parametrize(("header", "listed"), [
    ("Old", True), ("Old name", True), ("Don't", True), ("Do not use", True), ("Avoid", True),
    ("Instead of", True), ("Incorrect", True), ("Wrong", True), ("Deprecated", True), ("Deprecated terms", True),
    ("❌", True), ("❌ Don't", True),
    ("No", False), ("No.", False), ("Notes", False), ("Name", False), ("Now", False), ("Yes", False),
    ("Do", False), ("Use", False), ("Current", False),
    ("Not this", True), ("Old Name", True), ("Use this", False), ("Do this", False), ("#", False),
])
def test_which_column_headers_hold_mentions(header: str, listed: bool) -> None:
    cells = [_cell(header, 1), _cell("Revenue Workspace", 1), _cell("revenue hub", 3), _cell("the name", 3)]
    assert mention_blocks(cells) == ({2} if listed else set())


def test_rules_in_sentences_under_an_incorrect_usage_heading_are_not_a_word_list() -> None:
    blocks = [Block("heading", "Incorrect usage", Location(line=1)),
              Block("list_item", "Do not stretch the revenue hub logo", Location(line=3)),
              Block("heading", "Deprecated terms", Location(line=5)),
              Block("list_item", "revenue hub", Location(line=7))]
    assert mention_blocks(blocks) == {3}
    # a table column of that name holds examples of the wrong words
    cells = [_cell("Incorrect usage", 1), _cell("Correct usage", 1), _cell("the revenue hub", 3), _cell("Free", 3)]
    assert mention_blocks(cells) == {2}


def test_a_slide_table_names_its_rows_and_columns() -> None:
    def cell(text: str, row: int, column: int) -> Block:
        return Block("table_cell", text, Location(slide=3, block=f"slide 3 / Table 4, row {row}, cell {column}"))

    # an empty Old cell in row 2 is no block: its row still has its New cell in column 2
    deck = [cell("New name", 1, 2), cell("Old name", 1, 1), cell("Free", 2, 2), cell("revenue hub", 3, 1),
            cell("Revenue Workspace", 3, 2)]
    assert mention_blocks(deck) == {3}


STYLE_WORDS = TermIndex(Glossary(avoid=(AvoidPhrase("should"), AvoidPhrase("simply"), AvoidPhrase("will"))))


@pytest.mark.parametrize(("text", "expected"), [
    ("This term should only be used in sales decks.", [("should", "")]),   # the sentence goes on
    ("This phrase simply means we ship weekly.", [("simply", "")]),
    ("Avoid words such as should, would, and will.", [("should", MENTION), ("will", MENTION)]),
])
def test_after_the_word_a_verb_or_an_adverb_is_in_use(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(h.text, h.mention) for h in STYLE_WORDS.scan(text)] == expected


AMOUNTS = TermIndex(Glossary(avoid=(AvoidPhrase("downtime"), AvoidPhrase("manual work")),
                             terms=(Term("Revenue Workspace", variants=("revenue hub",)),)))


@pytest.mark.parametrize("text", [
    "The team dropped downtime to zero.",                  # 'dropped X to' a figure: an amount, not a new name
    "Acme dropped manual work to 2 hours a week.",
    "We dropped downtime to under a minute a month.",
    "Customers retired manual work to nearly nothing.",
])
def test_an_amount_dropped_to_a_figure_is_copy(text: str) -> None:
    assert [h.mention for h in AMOUNTS.scan(text)] == [""]


def test_a_name_that_evolved_into_another_is_still_named() -> None:
    assert [h.mention for h in AMOUNTS.scan("Our story evolved from a revenue hub to a platform.")] == [MENTION]
