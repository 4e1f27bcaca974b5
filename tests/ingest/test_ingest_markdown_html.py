"""Raw HTML in Markdown: its visible text is prose at its exact places; script, style, comments and
attribute values never are. Fixtures are our own sentences, shaped like real story pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_helpers import assert_offsets_faithful, block_with, read, source_at, where

from msgalign.engine import check
from msgalign.types import Directive
from msgalign.workspace.config import load_config

STORY = """\
---
title: How Kestrel Freight plans its routes
---
# How Kestrel Freight plans its routes

Kestrel runs depots in four countries.

<div class="text-image-in-row">
  <p class="text-image-in-row-text">
    Mara Quint coordinates the depot crews &mdash; forty of them.
    <br/><br/>
    “Nine in ten handoffs now happen in one thread,” Mara says.
  </p>
  <figure>
      <!-- keep the picture small -->
      <img
          class="row-image"
          src="/img/depot.jpg"
          alt="A depot at dawn"
      >
      <figcaption class="caption">Loading bay in Gdansk</figcaption>
  </figure>
</div>

<h2 class="section">What changed</h2>

<ul>
  <li>Routes are planned by Tuesday.</li>
  <li>Drivers get one message a day.</li>
</ul>

<script>
window.track("Kestrel story page");
</script>

<style>
.caption { color: grey }
</style>

Back to Markdown.
"""


def test_visible_text_of_html_blocks_is_prose(tmp_path: Path) -> None:
    doc = read(tmp_path, "story.md", STORY)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "How Kestrel Freight plans its routes"),   # the front matter title
        ("heading", "How Kestrel Freight plans its routes"),
        ("paragraph", "Kestrel runs depots in four countries."),
        ("paragraph", "Mara Quint coordinates the depot crews \u2014 forty of them. "
                      "\u201cNine in ten handoffs now happen in one thread,\u201d Mara says."),
        ("paragraph", "Loading bay in Gdansk"),
        ("heading", "What changed"),
        ("list_item", "Routes are planned by Tuesday."),
        ("list_item", "Drivers get one message a day."),
        ("paragraph", "Back to Markdown."),
    ]
    assert_offsets_faithful(doc)


def test_html_text_has_its_exact_line_and_column(tmp_path: Path) -> None:
    doc = read(tmp_path, "story.md", STORY)
    lines = STORY.split("\n")
    for needle, within in (("Mara Quint", None), ("forty of them", "Mara Quint"), ("Nine in ten", "Mara Quint"),
                           ("Mara says", "Mara Quint"), ("Gdansk", None), ("What changed", None),
                           ("Tuesday", None), ("one message", None)):
        line, column, end_line, end_column = where(doc, needle, within)
        assert lines[line - 1][column - 1 : column - 1 + len(needle)] == needle, needle
        assert (end_line, end_column) == (line, column + len(needle)), needle
    block = block_with(doc, "Mara Quint")
    start = block.text.index("\u2014")
    assert doc.source is not None and block.offsets is not None
    assert doc.source.text.startswith("&mdash;", block.offsets[start])  # the entity's `&`, for --fix
    start = block.text.index("forty")
    assert source_at(doc, block, start - 2, start + 5) == "&mdash; forty"


def test_script_style_comments_and_attributes_are_not_prose(tmp_path: Path) -> None:
    doc = read(tmp_path, "story.md", STORY)
    everything = " ".join(b.text for b in doc.blocks)
    for absent in ("window.track", "story page", "grey", "keep the picture", "A depot at dawn", "row-image",
                   "text-image-in-row", "depot.jpg", "section"):
        assert absent not in everything, absent


def test_an_html_heading_opens_a_section(tmp_path: Path) -> None:
    doc = read(tmp_path, "story.md", STORY)
    assert block_with(doc, "Tuesday").section == "What changed"
    assert block_with(doc, "Back to Markdown").section == "What changed"
    assert block_with(doc, "Gdansk").section == "How Kestrel Freight plans its routes"


def test_html_inside_quotes_and_list_items_keeps_their_kind(tmp_path: Path) -> None:
    text = "> <p>Quoted from a panel.</p>\n\n- An item.\n  <div>More of the same item.</div>\n"
    doc = read(tmp_path, "a.md", text)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("quote", "Quoted from a panel."), ("list_item", "An item."), ("list_item", "More of the same item.")]
    assert where(doc, "panel") == (1, 20, 1, 25)
    assert where(doc, "More of")[:2] == (4, 8)
    assert_offsets_faithful(doc)


def test_inline_html_hides_script_and_hidden_text_and_protects_code(tmp_path: Path) -> None:
    text = ('Plans <b>ship</b> weekly<script>var x = "no";</script> and <span hidden>secret</span>'
            'on time, with <code>route_plan</code> and <kbd>Ctrl</kbd>.<br>Next line.\n')
    doc = read(tmp_path, "a.md", text)
    block = doc.blocks[0]
    assert block.text == "Plans ship weekly and on time, with route_plan and Ctrl. Next line."
    protected = [block.text[s:e] for s, e in block.protected]
    assert protected == ["route_plan", "Ctrl"]
    assert where(doc, "on time")[:2] == (1, 86)
    assert_offsets_faithful(doc)


def test_an_unclosed_inline_script_hides_the_rest_of_its_paragraph_only(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.md", "Shown <script>hidden to the end\n\nA new paragraph.\n")
    assert [b.text for b in doc.blocks] == ["Shown", "A new paragraph."]


def test_crlf_tabs_and_components_before_html_keep_positions(tmp_path: Path) -> None:
    text = ("---\r\ntitle: Depots\r\n---\r\n<Banner label=\"New\" />\r\n\r\n<div>\r\n\t<p>Crews plan on "
            "<b>Mondays</b>.</p>\r\n</div>\r\n")
    doc = read(tmp_path, "a.md", text)
    assert [b.text for b in doc.blocks] == ["Depots", "New", "Crews plan on Mondays."]
    assert where(doc, "Mondays") == (7, 22, 7, 29)
    assert_offsets_faithful(doc)


def test_directives_in_html_blocks_still_apply(tmp_path: Path) -> None:
    text = "<div>\n<!-- msgalign disable TM001 -- a quoted product name -->\n<p>Text here.</p>\n</div>\n"
    doc = read(tmp_path, "a.md", text)
    assert doc.directives == (Directive(text="disable TM001 -- a quoted product name", line=2),)
    assert [b.text for b in doc.blocks] == ["Text here."]


def test_check_lints_prose_inside_html_blocks(tmp_path: Path) -> None:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "terms.yml").write_text(
        "terms:\n  - term: Route Plan\n    variants: [routing sheet]\n", encoding="utf-8")
    (tmp_path / "msgalign.toml").write_text('corpus = ["corpus"]\nglossary = ["glossary"]\n', encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    page = tmp_path / "corpus" / "story.md"
    page.write_text("# Depots\n\n<div class=\"row\">\n  <p>Every crew opens the routing sheet first.</p>\n</div>\n",
                    encoding="utf-8")
    config = load_config(tmp_path / "msgalign.toml")
    report, _ = check([page], config, select_=["TM001"])
    hits = [(f.rule, f.location.line, f.location.column) for f in report.findings]
    assert hits == [("TM001", 4, 27)]


_BITS = st.sampled_from([
    "<div>", "</div>", "<p>", "</p>", "<h2>", "</h2>", "<li>", "<ul>", "</ul>", "<br>", "<br/>", "<b>", "</b>",
    "<script>", "</script>", "<style>", "</style>", "<span hidden>", "</span>", "<code>", "</code>", "&mdash;",
    "&amp;", "&#x41;", "<!-- c -->", "<!-- msgalign off -->", '<img alt="A chart" src="a.png">', "> ", "- ",
    "\t", "  ", "# ", "<Card title=\"A card title\" />", "<pre>", "</pre>", "---\n", "title: Depot plans\n",
])
_WORDS = st.sampled_from(["Crews", "plan", "café", "23%", "best-in-class", "x", "✓"])
_SPACE = st.sampled_from([" ", "\n", "\r\n", "\n\n", "\r\n\r\n", ""])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(st.one_of(_WORDS, _SPACE, _BITS), max_size=60).map("".join))
def test_html_in_markdown_offsets_point_back(tmp_path: Path, text: str) -> None:
    doc = read(tmp_path, "p.md", text)
    assert_offsets_faithful(doc)
    assert doc.source is not None
    lines = doc.source.text.split("\n")
    for block in doc.blocks:
        for i, char in enumerate(block.text):
            if char.isspace() or doc.source.text[block.offsets[i]] != char:  # type: ignore[index]
                continue
            location = doc.span_location(block, i, i + 1)
            assert location.line is not None and location.column is not None
            assert lines[location.line - 1][location.column - 1] == char


@pytest.mark.parametrize("suffix", [".md", ".mdx"])
def test_md_and_mdx_read_the_same_html_block_alike(tmp_path: Path, suffix: str) -> None:
    text = "Intro.\n\n<div>\n  <p>Crews plan on Mondays.</p>\n</div>\n"
    doc = read(tmp_path, "a" + suffix, text)
    assert [b.text for b in doc.blocks] == ["Intro.", "Crews plan on Mondays."]
    assert where(doc, "Mondays") == (4, 20, 4, 27)


def test_html_nested_too_deep_is_a_read_error(tmp_path: Path) -> None:
    from msgalign.errors import ReadError
    from msgalign.ingest import Limits

    with pytest.raises(ReadError, match="nested more than 8 levels"):
        read(tmp_path, "deep.md", "<div>" * 20 + "Text" + "</div>" * 20 + "\n", limits=Limits(max_html_depth=8))
    assert read(tmp_path, "ok.md", "<div>" * 6 + "Text" + "</div>" * 6 + "\n",
                limits=Limits(max_html_depth=8)).blocks[0].text == "Text"
