"""MDX `{...}` expressions read as the TSX reader reads them: the strings either side of a condition, never code."""

from __future__ import annotations

from pathlib import Path

from ingest_helpers import assert_offsets_faithful, block_with, read, where

from msgalign.ingest.jsexpr import expression_strings
from msgalign.types import Document

PAGE = """\
---
title: Pricing for crews
---
import { Hero, Cta, Button } from '@/parts'

<Hero title={isNew ? "Plan your first season" : 'Plan the next season'} image="/img/crew.png" />

# Crews that {plan === "pro" ? "ship every week" : "ship when ready"}

Pick a plan {signedIn && "and open your crew board"} below.

{user.tier === "gold" ? <b>Gold perks</b> : `See what the free tier offers`}

<Cta label={"Book a crew tour"} href={region ? "https://example.com/eu" : "/tour"} />

<Button
  className={open ? "px-4 text-lg font-bold" : "hidden md:block"}
  title={t("cta.title")}
  label={discount ?? "Save on yearly plans"}
/>

Open the{' '}<a href="/board">crew board</a> today.

{`Hello ${name}, welcome back`}

{isAdmin ? "Yes" : "No"}

{formatPrice(total, "Price per seat today")}

Use `{on ? "inline code words" : "more code words"}` in a page.

```jsx
<Hero title={on ? "fenced code words" : "other fenced words"} />
```

export const cta = on ? "exported code words" : "other exported words"
"""


def texts(doc: Document) -> list[str]:
    return [block.text for block in doc.blocks]


def test_condition_strings_are_blocks_in_reading_order(tmp_path: Path) -> None:
    doc = read(tmp_path, "pricing.mdx", PAGE)
    assert texts(doc) == [
        "Pricing for crews",
        "Plan your first season", "Plan the next season",
        "Crews that",
        "ship every week", "ship when ready",
        "Pick a plan below.",
        "and open your crew board",
        "See what the free tier offers",
        "Book a crew tour",
        "Save on yearly plans",
        "Open the crew board today.",
        'Use {on ? "inline code words" : "more code words"} in a page.',
    ]
    assert doc.warnings == ()
    assert_offsets_faithful(doc)


def test_each_string_has_its_exact_line_and_column(tmp_path: Path) -> None:
    doc = read(tmp_path, "pricing.mdx", PAGE)
    assert where(doc, "Plan your first season") == (6, 23, 6, 45)
    assert where(doc, "Plan the next season") == (6, 50, 6, 70)
    assert where(doc, "ship when ready") == (8, 53, 8, 68)
    assert where(doc, "and open your crew board") == (10, 27, 10, 51)
    assert where(doc, "See what the free tier offers") == (12, 46, 12, 75)
    assert where(doc, "Save on yearly plans") == (19, 23, 19, 43)


def test_code_in_expressions_is_never_read(tmp_path: Path) -> None:
    doc = read(tmp_path, "pricing.mdx", PAGE)
    joined = "\n".join(texts(doc))
    for leak in ("isNew", "plan", "pro", "signedIn", "gold", "Gold perks", "example.com", "/tour", "px-4",
                 "hidden", "cta.title", "discount", "Hello", "welcome", "Yes", "No", "Price per seat",
                 "formatPrice", "fenced", "exported", "{", "}", "?", "===", "/img/"):
        assert leak not in joined.replace("Pick a plan", "").replace("yearly plans", "").replace(
            'Use {on ? "inline code words" : "more code words"} in a page.', ""), leak
    inline = block_with(doc, "inline code words")
    assert [inline.text[s:e] for s, e in inline.protected] == ['{on ? "inline code words" : "more code words"}']


def test_a_space_literal_before_a_link_keeps_the_words_apart(tmp_path: Path) -> None:
    doc = read(tmp_path, "space.mdx", "Open the{' '}<a href=\"/b\">crew board</a>{\" \"}and{' '}rest.\n")
    assert texts(doc) == ["Open the crew board and rest."]
    assert_offsets_faithful(doc)


def test_columns_stay_exact_after_wide_characters(tmp_path: Path) -> None:
    text = "Café crews 🚀 {ready ? \"Start the season — now\" : \"Wait for spring\"}\n"
    doc = read(tmp_path, "wide.mdx", text)
    assert texts(doc) == ["Café crews 🚀", "Start the season — now", "Wait for spring"]
    assert where(doc, "Start the season — now") == (1, 24, 1, 46)
    assert where(doc, "Wait for spring") == (1, 51, 1, 66)
    assert_offsets_faithful(doc)


def test_escapes_and_multi_line_expressions(tmp_path: Path) -> None:
    text = ("<Hero\n  title={\n    isNew\n      ? \"Crews \\u201cship\\u201d weekly\"\n"
            "      : `Crews plan\n  ahead`\n  }\n/>\n\nAfter the hero.\n")
    doc = read(tmp_path, "multi.mdx", text)
    assert texts(doc) == ["Crews “ship” weekly", "Crews plan ahead", "After the hero."]
    assert where(doc, "ship", "Crews “ship”") == (4, 22, 4, 26)
    assert where(doc, "“ship”") == (4, 16, 4, 27)  # a decoded escape is at its backslash
    assert where(doc, "ahead") == (6, 3, 6, 8)


def test_broken_expression_is_a_warning_and_the_rest_is_read(tmp_path: Path) -> None:
    text = ("First words here.\n\n{ready ? \"Start the season\" : }\n\n"
            "<Hero title={isNew ? \"Plan the year\" \"twice\" : \"x\"} />\n\nLast words here.\n")
    doc = read(tmp_path, "broken.mdx", text)
    assert texts(doc) == ["First words here.", "Last words here."]
    assert doc.warnings == (
        "broken.mdx:3: this {...} is not valid JavaScript, so the words in it are left out",
        "broken.mdx:5: this {...} is not valid JavaScript, so the words in it are left out",
    )


def test_markdown_reads_the_props_of_its_components(tmp_path: Path) -> None:
    doc = read(tmp_path, "notes.md", "Intro text.\n\n<Note title={beta ? \"Beta crews only\" : \"All crews\"} />\n")
    assert texts(doc) == ["Intro text.", "Beta crews only", "All crews"]
    assert doc.source is not None
    assert [doc.source.text[s:e] for s, e in doc.code_strings] == ["Beta crews only", "All crews"]


def test_strings_read_inside_code_are_recorded_for_fixes(tmp_path: Path) -> None:
    text = "Plain crew text.\n\n<Cta label={on ? \"Book a crew tour\" : 'Ask the crew'} title=\"Crew tours\" />\n"
    doc = read(tmp_path, "cta.mdx", text)
    assert doc.source is not None
    assert [doc.source.text[s:e] for s, e in doc.code_strings] == ["Book a crew tour", "Ask the crew", "Crew tours"]


def test_expression_strings_maps_offsets_into_the_page() -> None:
    text = "lead {a ? 'one two' : b || `three four`} tail"
    strings, broken = expression_strings(text, 5, 40, 5.0)
    assert broken is None
    assert [("".join(p[0] for p in s), s[0][2]) for s in strings] == [("one two", 11), ("three four", 28)]
    assert text[11:18] == "one two" and text[28:38] == "three four"
    strings, broken = expression_strings("x {a ? 'b' }", 2, 12, 5.0)
    assert strings == [] and broken is not None and 2 <= broken < 12


def test_a_hero_title_block_is_one_of_the_page_blocks(tmp_path: Path) -> None:
    doc = read(tmp_path, "pricing.mdx", PAGE)
    block = block_with(doc, "Plan your first season")
    assert block.kind == "paragraph"


def test_a_literal_is_text_where_it_stands_but_never_makes_markdown_of_itself(tmp_path: Path) -> None:
    text = ("{\"- a dash that starts no list\"}\n\nText then {\"- a dash in text\"} and on.\n\n"
            "  {' '}Spaced start words.\n\n{'Crews \\'plan\\' ahead'} here.\n")
    doc = read(tmp_path, "literal.mdx", text)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "- a dash that starts no list"),
        ("paragraph", "Text then - a dash in text and on."),
        ("paragraph", "Spaced start words."),
        ("paragraph", "Crews 'plan' ahead"),  # escapes: a block of its own, at its place
        ("paragraph", "here."),
    ]
    assert where(doc, "a dash that starts") == (1, 5, 1, 23)
    assert where(doc, "plan", "Crews 'plan'") == (7, 11, 7, 15)


def test_nothing_in_a_tag_that_never_ends_is_read(tmp_path: Path) -> None:
    text = "Before the card.\n\n<Card title={on ? \"Half a card here\" : \"Other half here\"}\n\nAfter the card.\n"
    doc = read(tmp_path, "half.mdx", text)
    assert texts(doc) == ["Before the card.", "After the card."]
    assert doc.warnings == ("half.mdx:3: the tag <Card> is not complete; the rest of its paragraph is left out",)


KINDS_PAGE = """\
# Crews that {plan ? "ship every week" : "ship when ready"}

- Pick {on ? "the crew plan" : "the solo plan"} now
- Second item

| Plan | Note |
| --- | --- |
| Crew | {on ? "billed each month" : "billed each year"} |

<Quote>
Said {on ? "we ship weekly" : "we plan ahead"} today.
</Quote>

Plain {on ? "paragraph words here" : "other paragraph words"}
{later ? "a second line here" : "or this one"} end.

{on ? "a paragraph of its own" : "or another one"}
"""


def test_strings_in_a_heading_item_cell_or_quote_take_its_kind(tmp_path: Path) -> None:
    doc = read(tmp_path, "kinds.mdx", KINDS_PAGE)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Crews that"), ("heading", "ship every week"), ("heading", "ship when ready"),
        ("list_item", "Pick now"), ("list_item", "the crew plan"), ("list_item", "the solo plan"),
        ("list_item", "Second item"),
        ("table_cell", "Plan"), ("table_cell", "Note"), ("table_cell", "Crew"),
        ("table_cell", "billed each month"), ("table_cell", "billed each year"),
        ("quote", "Said today."), ("quote", "we ship weekly"), ("quote", "we plan ahead"),
        ("paragraph", "Plain end."), ("paragraph", "paragraph words here"), ("paragraph", "other paragraph words"),
        ("paragraph", "a second line here"), ("paragraph", "or this one"),
        ("paragraph", "a paragraph of its own"), ("paragraph", "or another one"),
    ]
    assert where(doc, "billed each year") == (8, 39, 8, 55)
    assert_offsets_faithful(doc)
