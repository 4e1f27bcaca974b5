"""Markdown reader: blocks, sections, skipped boilerplate and exact positions."""

from __future__ import annotations

from pathlib import Path

from ingest_helpers import assert_offsets_faithful, block_with, read, source_at, where

from msgalign.types import Directive

ONE_PAGER = """\
---
team: sales
channel: email
tags: [launch, q3]
---
# Beacon for *revenue* teams

Use the **Revenue Workspace** to plan accounts.
It connects [marketing and sales](https://example.com/mkt "Title") in one place.

## Proof points

- Teams cut time-to-first-deal by 23%.
- 94% of customers renew.
  - Nested *detail* here.

> Beacon gave us one story.

| Metric | Value |
|--------|-------|
| Win rate | 31% |

```python
revenue_hub = "not prose"
```

    indented code is not prose either

<div class="note">Raw HTML is read <em>too</em>.</div>

<script>var hidden_hub = "not prose";</script>

![Diagram of the revenue hub](https://example.com/img.png)
"""


def test_blocks_kinds_and_sections(tmp_path: Path) -> None:
    doc = read(tmp_path, "one-pager.md", ONE_PAGER)
    assert doc.format == "markdown"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Beacon for revenue teams"),
        ("paragraph", "Use the Revenue Workspace to plan accounts. It connects marketing and sales in one place."),
        ("heading", "Proof points"),
        ("list_item", "Teams cut time-to-first-deal by 23%."),
        ("list_item", "94% of customers renew."),
        ("list_item", "Nested detail here."),
        ("quote", "Beacon gave us one story."),
        ("table_cell", "Metric"),
        ("table_cell", "Value"),
        ("table_cell", "Win rate"),
        ("table_cell", "31%"),
        ("paragraph", "Raw HTML is read too."),
    ]
    assert [(b.section, b.section_index) for b in doc.blocks[:3]] == [
        ("Beacon for revenue teams", 1),
        ("Beacon for revenue teams", 1),
        ("Proof points", 2),
    ]
    assert {b.section for b in doc.blocks[3:]} == {"Proof points"}
    assert doc.front_matter == {"team": "sales", "channel": "email", "tags": ["launch", "q3"]}
    assert doc.encoding == "utf-8" and doc.had_bom is False
    assert doc.team == "other" and doc.channel == "other"
    assert_offsets_faithful(doc)


def test_exact_positions_through_emphasis_links_lists_tables(tmp_path: Path) -> None:
    doc = read(tmp_path, "one-pager.md", ONE_PAGER)
    assert where(doc, "revenue", "Beacon for")[:2] == (6, 15)
    assert where(doc, "Revenue Workspace") == (8, 11, 8, 28)
    assert where(doc, "sales", "It connects")[:2] == (9, 28)
    assert where(doc, "in one place")[:2] == (9, 68)
    assert where(doc, "23%")[:2] == (13, 35)
    assert where(doc, "detail")[:2] == (15, 13)
    assert where(doc, "one story")[:2] == (17, 18)
    assert where(doc, "Win rate")[:2] == (21, 3)
    assert where(doc, "31%")[:2] == (21, 14)
    # The heading block itself starts after the `# ` marker.
    heading = doc.blocks[0]
    assert (heading.location.line, heading.location.column) == (6, 3)


def test_fix_span_covers_the_source_including_markup(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.md", "Open the **revenue hub** now.\n")
    block = doc.blocks[0]
    start = block.text.index("revenue hub")
    assert source_at(doc, block, start, start + len("revenue hub")) == "revenue hub"
    # A span across emphasis markers covers them in the source too.
    start = block.text.index("the revenue")
    assert source_at(doc, block, start, start + len("the revenue")) == "the **revenue"


def test_code_urls_images_and_html_are_not_prose(tmp_path: Path) -> None:
    doc = read(tmp_path, "one-pager.md", ONE_PAGER)
    everything = " ".join(b.text for b in doc.blocks)
    for absent in ("revenue_hub", "indented code", "hidden_hub", "example.com", "Diagram", "Title", "team: sales"):
        assert absent not in everything


def test_inline_code_is_kept_but_protected(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.md", "Run `revenue hub sync` daily.\n")
    block = doc.blocks[0]
    assert block.text == "Run revenue hub sync daily."
    start = block.text.index("revenue hub sync")
    assert block.protected == ((start, start + len("revenue hub sync")),)
    assert block.is_protected(start + 2, start + 5)
    assert not block.is_protected(0, 3)
    assert where(doc, "sync") == (1, 18, 1, 22)


def test_code_span_with_padding_and_double_backticks(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.md", "Type `` a`b `` then ` x ` done.\n")
    block = doc.blocks[0]
    assert block.text == "Type a`b then x done."
    assert where(doc, "a`b")[:2] == (1, 9)
    assert where(doc, "x", "then x")[:2] == (1, 23)
    assert len(block.protected) == 2
    assert_offsets_faithful(doc)


def test_escapes_and_entities_keep_exact_offsets(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.md", "Save 5\\* now &amp; later &copy; Beacon.\n")
    block = doc.blocks[0]
    assert block.text == "Save 5* now & later © Beacon."
    assert where(doc, "*")[:2] == (1, 8)  # the star itself, after its backslash
    assert where(doc, "&")[:2] == (1, 14)
    assert where(doc, "©")[:2] == (1, 26)  # points at the `&` of `&copy;`
    assert where(doc, "Beacon")[:2] == (1, 33)


def test_reference_links_and_autolinks(tmp_path: Path) -> None:
    text = "See [the guide][g] or <https://example.com/a> for more.\n\n[g]: https://example.com/guide\n"
    doc = read(tmp_path, "a.md", text)
    assert [b.text for b in doc.blocks] == ["See the guide or https://example.com/a for more."]
    block = doc.blocks[0]
    url = block.text.index("https://")
    assert block.is_protected(url, url + 5)
    assert where(doc, "for more")[:2] == (1, 47)


def test_soft_and_hard_breaks_collapse_to_one_space(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.md", "First line  \nsecond   line\\\nthird\n")
    block = doc.blocks[0]
    assert block.text == "First line second line third"
    space = block.text.index(" second")
    assert block.offsets is not None and doc.source is not None
    assert doc.source.text[block.offsets[space]] == " "  # first of the two trailing spaces
    assert where(doc, "third")[:2] == (3, 1)
    assert where(doc, "line", "second")[:2] == (1, 7)


def test_crlf_file_positions_and_source_kept_byte_for_byte(tmp_path: Path) -> None:
    text = "# Title\r\n\r\nOne **bold**\r\nclaim here.\r\n\r\n- item *one*\r\n"
    doc = read(tmp_path, "crlf.md", text.encode())
    assert doc.source is not None and doc.source.text == text
    assert [b.text for b in doc.blocks] == ["Title", "One bold claim here.", "item one"]
    assert where(doc, "claim") == (4, 1, 4, 6)
    assert where(doc, "bold")[:2] == (3, 7)
    assert where(doc, "one", "item")[:2] == (6, 9)
    assert_offsets_faithful(doc)


def test_utf8_bom(tmp_path: Path) -> None:
    doc = read(tmp_path, "bom.md", "\ufeff# Café\n\nRevenue Workspace\n".encode("utf-8"))
    assert doc.encoding == "utf-8-sig" and doc.had_bom is True
    assert doc.source is not None and not doc.source.text.startswith("\ufeff")
    assert where(doc, "Café")[:2] == (1, 3)
    assert where(doc, "Workspace")[:2] == (3, 9)


def test_setext_heading_and_closing_hashes(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.md", "Big Idea\n========\n\n## Second ##\n\nBody text.\n")
    assert [(b.kind, b.text, b.section_index) for b in doc.blocks] == [
        ("heading", "Big Idea", 1),
        ("heading", "Second", 2),
        ("paragraph", "Body text.", 2),
    ]
    assert where(doc, "Second")[:2] == (4, 4)


def test_escaped_pipe_in_table_cell(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.md", "| a | b \\| c | d |\n|---|---|---|\n| 1 | 2 | 3 |\n")
    assert [b.text for b in doc.blocks[:3]] == ["a", "b | c", "d"]
    assert where(doc, "c", "b | c")[:2] == (1, 12)
    assert where(doc, "d")[:2] == (1, 16)


def test_paragraphs_in_blockquote_and_list_continuations(tmp_path: Path) -> None:
    text = "> Quoted *claim*\n> goes on.\n\n1. First step\n   continues here\n2. Second step\n"
    doc = read(tmp_path, "a.md", text)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("quote", "Quoted claim goes on."),
        ("list_item", "First step continues here"),
        ("list_item", "Second step"),
    ]
    assert where(doc, "goes")[:2] == (2, 3)
    assert where(doc, "continues")[:2] == (5, 4)


def test_directives_from_html_comments(tmp_path: Path) -> None:
    text = (
        "<!-- msgalign off -->\n"
        "Legacy copy.\n"
        "<!-- msgalign on -->\n"
        "\n"
        "<!-- msgalign disable TM001,AC003 -- quoting a customer -->\n"
        "\n"
        "Text <!-- msgalign disable-next-line TM001 --> inline.\n"
        "\n"
        "<!-- an ordinary comment -->\n"
        "<!-- msgalign enable TM001 -->\n"
    )
    doc = read(tmp_path, "a.md", text)
    assert doc.directives == (
        Directive(text="off", line=1),
        Directive(text="on", line=3),
        Directive(text="disable TM001,AC003 -- quoting a customer", line=5),
        Directive(text="disable-next-line TM001", line=7),
        Directive(text="enable TM001", line=10),
    )
    assert [b.text for b in doc.blocks] == ["Legacy copy.", "Text inline."]


def test_invalid_front_matter_does_not_crash(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.md", "---\nteam: [unclosed\n---\n\nBody.\n")
    assert doc.front_matter == {}
    assert doc.blocks[-1].text == "Body."


def test_front_matter_that_is_not_a_mapping_stays_markdown(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.md", "---\nJust a heading\n---\n\nBody.\n")
    assert doc.front_matter == {}
    assert [(b.kind, b.text) for b in doc.blocks] == [("heading", "Just a heading"), ("paragraph", "Body.")]


def test_front_matter_lines_keep_line_numbers(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.md", "---\r\ntitle: x\r\n---\r\nFirst words.\r\n")
    assert doc.front_matter == {"title": "x"}
    assert where(doc, "words")[:2] == (4, 7)


def test_tabs_and_unicode_columns(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.md", "-\tÉlan **vital** ✓ here\n")
    assert doc.blocks[0].text == "Élan vital ✓ here"
    assert where(doc, "vital")[:2] == (1, 10)
    assert where(doc, "here")[:2] == (1, 20)
    assert_offsets_faithful(doc)


def test_block_location_spans_the_block(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.md", "\n\n  Two lines\n  of prose.\n")
    location = block_with(doc, "Two lines").location
    assert (location.line, location.column, location.end_line, location.end_column) == (3, 3, 4, 12)


def test_tab_indented_continuation_of_a_list_item_maps_exactly(tmp_path: Path) -> None:
    # markdown-it gives the tab back as spaces; the words after it keep their own places.
    doc = read(tmp_path, "a.md", "- Plan the quarter\n\twith every account owner.\n")
    assert doc.blocks[0].text == "Plan the quarter with every account owner."
    assert where(doc, "every account")[:2] == (2, 7)
    assert_offsets_faithful(doc)
