"""HTML reader: visible prose only, entities mapped to their source, bounded depth."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from ingest_helpers import assert_offsets_faithful, read, source_at, where

from msgalign.errors import ReadError
from msgalign.ingest import Limits
from msgalign.types import Directive

LANDING = """\
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Beacon | Revenue hub</title>
  <style>.hero { color: red }</style>
  <script>var claim = "best-in-class";</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/pricing">Pricing</a></nav>
<div class="cookie-banner"><p>We use cookies to improve your experience.</p></div>
<header><h1>The Revenue&nbsp;Workspace &amp; you</h1></header>
<main>
  <p>Plan <b>accounts <i>together</i></b> with &ldquo;one story&rdquo;.</p>
  <ul role="navigation"><li>Skip me</li></ul>
  <h2>Proof</h2>
  <ul>
    <li>Cut ramp time by 23%</li>
    <li>Renewals at 94%</li>
  </ul>
  <blockquote>It changed how we sell.</blockquote>
  <table><tr><th>Metric</th><td>31%</td></tr></table>
  <div hidden>Hidden copy</div>
  <span aria-hidden="true">Decorative copy</span>
  <div id="gdpr-consent">Accept all</div>
  <div>Loose text<br>after a break</div>
  <noscript>Enable JavaScript</noscript>
  <template><p>Template copy</p></template>
  <svg><text>Chart label</text></svg>
</main>
<footer><p>&copy; 2024 Northwind &#8211; all rights reserved</p></footer>
</body>
</html>
"""


def test_visible_prose_in_reading_order(tmp_path: Path) -> None:
    doc = read(tmp_path, "index.html", LANDING)
    assert doc.format == "html"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "The Revenue Workspace & you"),
        ("paragraph", "Plan accounts together with \u201cone story\u201d."),
        ("heading", "Proof"),
        ("list_item", "Cut ramp time by 23%"),
        ("list_item", "Renewals at 94%"),
        ("quote", "It changed how we sell."),
        ("table_cell", "Metric"),
        ("table_cell", "31%"),
        ("paragraph", "Loose text after a break"),
        ("paragraph", "\u00a9 2024 Northwind \u2013 all rights reserved"),
    ]
    assert [(b.section, b.section_index) for b in (doc.blocks[0], doc.blocks[1], doc.blocks[3])] == [
        ("The Revenue Workspace & you", 1),
        ("The Revenue Workspace & you", 1),
        ("Proof", 2),
    ]
    assert_offsets_faithful(doc)


def test_exact_positions_through_nested_tags_and_entities(tmp_path: Path) -> None:
    doc = read(tmp_path, "index.html", LANDING)
    assert where(doc, "Workspace")[:2] == (12, 30)
    assert where(doc, "&", "you")[:2] == (12, 40)  # the `&` of `&amp;`
    assert where(doc, "together")[:2] == (14, 26)
    assert where(doc, "\u201c")[:2] == (14, 48)
    assert where(doc, "one story")[:2] == (14, 55)
    assert where(doc, "23%")[:2] == (18, 26)
    assert where(doc, "\u2013")[:2] == (31, 34)  # `&#8211;`
    assert where(doc, "after a break")[:2] == (26, 22)


def test_fix_span_over_an_entity_covers_the_whole_reference(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.html", "<p>Rev&shy;enue hub &amp; more</p>")
    block = doc.blocks[0]
    assert block.text == "Rev\u00adenue hub & more"
    start = block.text.index("Rev")
    end = block.text.index("hub") + 3
    assert source_at(doc, block, start, end) == "Rev&shy;enue hub"


def test_boilerplate_is_skipped(tmp_path: Path) -> None:
    doc = read(tmp_path, "index.html", LANDING)
    everything = " ".join(b.text for b in doc.blocks)
    for absent in (
        "Revenue hub", "best-in-class", "color", "Home", "Pricing", "cookies", "Skip me",
        "Hidden copy", "Decorative", "Accept all", "JavaScript", "Template copy", "Chart label",
    ):
        assert absent not in everything


def test_code_is_kept_but_protected_and_pre_is_skipped(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.html", "<p>Run <code>revenue hub</code> now.</p><pre>revenue hub --sync</pre>")
    assert [b.text for b in doc.blocks] == ["Run revenue hub now."]
    block = doc.blocks[0]
    assert block.protected == ((4, 15),)


def test_implied_end_tags_do_not_count_as_nesting(tmp_path: Path) -> None:
    page = "<ul>" + "<li>item" * 400 + "</ul>" + "<p>para" * 400
    doc = read(tmp_path, "old.html", page)
    assert len(doc.blocks) == 800
    assert {b.kind for b in doc.blocks[:400]} == {"list_item"}
    assert {b.kind for b in doc.blocks[400:]} == {"paragraph"}


def test_table_cells_without_end_tags(tmp_path: Path) -> None:
    doc = read(tmp_path, "t.html", "<table><tr><td>a<td>b<tr><td>c</table><p>after")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("table_cell", "a"), ("table_cell", "b"), ("table_cell", "c"), ("paragraph", "after"),
    ]


def test_head_without_end_tag_ends_at_body_content(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.html", "<html><head><title>Skip</title><p>Visible copy")
    assert [b.text for b in doc.blocks] == ["Visible copy"]


def test_directives_with_their_lines(tmp_path: Path) -> None:
    page = ("<p>one</p>\n<!-- msgalign off -->\n<p>two</p>\n"
            "<!--\n  msgalign disable TM001 -- legal copy\n-->\n<!-- note -->")
    doc = read(tmp_path, "a.html", page)
    assert doc.directives == (
        Directive(text="off", line=2),
        Directive(text="disable TM001 -- legal copy", line=4),
    )


def test_crlf_positions(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.html", b"<p>\r\nFirst\r\n  second</p>\r\n<p>third</p>")
    assert [b.text for b in doc.blocks] == ["First second", "third"]
    assert where(doc, "second")[:2] == (3, 3)
    assert where(doc, "third")[:2] == (4, 4)
    assert doc.source is not None and "\r\n" in doc.source.text


def test_latin1_with_meta_charset(tmp_path: Path) -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Caf\u00e9 cr\u00e8me \u00bd price</p></body></html>'
    doc = read(tmp_path, "latin1.html", page.encode("latin-1"))
    # Browsers read a latin-1 label as windows-1252 (WHATWG); both agree here.
    assert doc.encoding == "cp1252"
    assert [b.text for b in doc.blocks] == ["Caf\u00e9 cr\u00e8me \u00bd price"]
    assert where(doc, "cr\u00e8me")[:2] == (1, 61)


def test_declared_windows_1252_curly_quotes(tmp_path: Path) -> None:
    page = ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            '<p>\u201cOne story\u201d \u2014 every team</p>')
    doc = read(tmp_path, "w.html", page.encode("cp1252"))
    assert doc.encoding == "cp1252"
    assert doc.blocks[0].text == "\u201cOne story\u201d \u2014 every team"


def test_declared_charset_that_does_not_decode_falls_back(tmp_path: Path) -> None:
    page = '<meta charset="utf-8"><p>Caf\u00e9</p>'
    doc = read(tmp_path, "lie.html", page.encode("cp1252"))
    assert doc.encoding == "cp1252"
    assert doc.blocks[0].text == "Caf\u00e9"


def test_unknown_or_unsafe_declared_charset_is_ignored(tmp_path: Path) -> None:
    for label in ("x-klingon", "utf-7", "unicode_escape", "rot13"):
        doc = read(tmp_path, "odd.html", f'<meta charset="{label}"><p>Plain \\u0041 text</p>')
        assert doc.encoding == "utf-8"
        assert doc.blocks[0].text == "Plain \\u0041 text"


def test_depth_limit_is_a_read_error_not_a_recursion_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="HTML is nested more than 256 levels deep"):
        read(tmp_path, "deep.html", "<div>" * 300 + "x" + "</div>" * 300)
    started = time.monotonic()
    with pytest.raises(ReadError, match="more than 256 levels"):
        read(tmp_path, "deeper.html", "<span>" * 100_000)
    assert time.monotonic() - started < 5
    doc = read(tmp_path, "ok.html", "<div>" * 250 + "fine" + "</div>" * 250)
    assert [b.text for b in doc.blocks] == ["fine"]
    with pytest.raises(ReadError, match="more than 10 levels"):
        read(tmp_path, "ten.html", "<div>" * 11, limits=Limits(max_html_depth=10))


def test_broken_markup_still_reads(tmp_path: Path) -> None:
    doc = read(tmp_path, "broken.html", "<p>a < b & c <b>bold</i> &unknown; &ampx end")
    assert doc.blocks[0].text == "a < b & c bold &unknown; &x end"
    assert_offsets_faithful(doc)


def test_malformed_char_ref_does_not_stop_tokenising(tmp_path: Path) -> None:
    # Python 3.11's HTMLParser turns everything after `&#z` into literal text.
    doc = read(tmp_path, "a.html", "<p>a &#zzz; <b>bold</b> &#x; c</p><p>next</p>")
    assert [b.text for b in doc.blocks] == ["a &#zzz; bold &#x; c", "next"]
    assert_offsets_faithful(doc)


@pytest.mark.parametrize(
    "page",
    [
        "<!--" * 100_000,
        "<![CDATA[" * 50_000,
        '<a href="x' * 50_000,
        "<p>&#z " * 50_000,
        "<" * 400_000,
        "<p><button>" + "<div>" * 250 + "<hr>" * 100_000,
        "<div>" * 250 + "</span>" * 60_000,
    ],
    ids=["unclosed-comments", "unclosed-cdata", "unclosed-quotes", "bad-charrefs", "lt", "deep-scan", "stray-ends"],
)
def test_hostile_markup_is_read_in_linear_time(tmp_path: Path, page: str) -> None:
    started = time.monotonic()
    try:
        read(tmp_path, "hostile.html", page, limits=Limits(max_blocks=1_000_000))
    except ReadError:
        pass
    assert time.monotonic() - started < 10


def test_unclosed_comment_hides_the_rest_like_a_browser(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.html", "<p>seen</p><!-- <p>not seen</p>")
    assert [b.text for b in doc.blocks] == ["seen"]


def test_quotes_only_open_after_an_equals_sign(tmp_path: Path) -> None:
    doc = read(tmp_path, "a.html", '<p title=x"y>one</p><p class=\'>two</p>')
    assert [b.text for b in doc.blocks] == ["one"]
