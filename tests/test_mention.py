"""A naming or style guide that states a rule does not break it: mentions of a word are not uses."""

from __future__ import annotations

import pytest

from msgalign.glossary.index import TermIndex
from msgalign.glossary.mention import HISTORY, MENTION, mention_blocks
from msgalign.glossary.types import AvoidPhrase, Glossary, Term
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
])
def test_words_used(text: str) -> None:
    assert [m for _, m in mentions(text)] and all(m == "" for _, m in mentions(text))


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
