"""Property tests: offsets always point back at the character, and nothing but ReadError escapes."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_helpers import assert_offsets_faithful

from msgalign.errors import ReadError
from msgalign.ingest import read_document
from msgalign.types import Document

_WORDS = st.sampled_from(["Revenue", "hub", "café", "23%", "best-in-class", "Élan", "x", "a_b", "✓", "naïve"])
_SPACE = st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\n\n", "\r\n\r\n", ""])

_MARKDOWN_BITS = st.sampled_from([
    "**", "*", "_", "__", "`", "``", "[", "]", "(", ")", "](https://example.com/a)", "][ref]",
    "\n[ref]: https://example.com/r\n", "&amp;", "&copy;", "&#65;", "&#x2014;", "&nope;", "\\*", "\\_",
    "\\", "\\|", "<b>", "</b>", "<br>", "<!-- msgalign off -->", "<!-- note -->", "# ", "## ", "- ",
    "1. ", "> ", "|", " | ", "\n|---|---|\n", "    ", "```\n", "~~~", "![", "<https://a.example>",
    "---\n", "===\n", "{#id}", "<div>", "</div>", "&", "<",
])
_HTML_BITS = st.sampled_from([
    "<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<div>", "</div>", "<li>", "<ul>", "</ul>", "<br>",
    "<br/>", "<h1>", "</h1>", "<h2>", "<td>", "<tr>", "<table>", "</table>", "<blockquote>", "<code>",
    "</code>", "<nav>", "</nav>", "<script>", "</script>", "<style>", "</style>", "&amp;", "&nbsp;",
    "&ldquo;", "&#x41;", "&#169;", "&bogus;", "&ampx", "&", "<", ">", "<!-- msgalign off -->",
    "<!-- c -->", '<div class="cookie">', "<span hidden>", "</span>", "<!DOCTYPE html>", "<head>", "<body>",
])
_MDX_BITS = st.sampled_from([
    "<Quote caption=\"Ana Li, CFO\">", "</Quote>", "<Card title={`Two words here`} />", "<>", "</>", "{x}",
    "{/* c */}", "{/* msgalign off */}", "import A from './a'\n", "export const m = {\n", "}\n", "- ", "# ",
    "> ", "`code`", "```\n", "{{ m }}", "{% t %}", "{!file.md!}", "{tab|web}", "It's fine. ", "<br/>",
    "<Note\n  text=\"Multi line\n  prop\"\n/>", "<Tip label={'A \\'quoted\\' tip'} />", "&amp;", "\\{", "<", ">",
    "{", "}", "\"", "'", "`", "---\n", "title: Hello world\n", "date: 2024-31-12\n", "[link](http://x)", "*em*",
    "| a | b |\n|---|---|\n| c | d |\n", "<img alt=\"A chart of wins\" src=\"a.png\" />", "<Box>", "</Box>",
])
_JSX_BITS = st.sampled_from([
    "<p>", "</p>", "<h2>", "</h2>", "<Quote quote=\"Ana said it twice\" author=\"Ana Li, CFO\" />", "<>", "</>",
    "{' '}", "{\"a \\u2019 b\"}", "{`two words`}", "{`x ${y} z`}", "{x}", "{/* msgalign off */}", "// c\n",
    "&amp;", "&nbsp;", "&bogus;", "<Card title={'A \\'quoted\\' tip'} />", "<img alt=\"A chart of wins\" />",
    "<a href=\"/x\">", "</a>", "<Link>", "</Link>", "<code>", "</code>", "<pre>", "</pre>", "{", "}", "<", ">",
    "'", "\"", "`", "import A from './a'\n", "export default () => (", ")", ";\n", "const items = [",
    "{ title: 'Two words', href: '/x' }", "]\n", "items", "<List items={items} />", "type T = { a: string }\n",
    "\\n", "\\", "=>", "(", "<T,>", "caf\u00e9 \U0001F680",
])
_TEXT_BITS = st.sampled_from(["<!-- msgalign off -->", "Subject: ", "- ", "&amp;", "<b>", "\f", "\v"])


def _document(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(_WORDS, _SPACE, pieces), max_size=60).map("".join)


_COUNTER = itertools.count()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("props")


def _read(folder: Path, suffix: str, data: bytes) -> Document | None:
    path = folder / f"f{next(_COUNTER)}{suffix}"
    path.write_bytes(data)
    try:
        return read_document(path, path.name)
    except ReadError as exc:
        assert exc.reason and "\n" not in exc.reason
        return None
    finally:
        path.unlink()


_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(text=_document(_MARKDOWN_BITS))
def test_markdown_offsets_point_back(folder: Path, text: str) -> None:
    doc = _read(folder, ".md", text.encode())
    assert doc is not None
    assert_offsets_faithful(doc)


@_SETTINGS
@given(text=_document(_MDX_BITS))
def test_mdx_and_markdown_offsets_point_back(folder: Path, text: str) -> None:
    for suffix in (".mdx", ".md"):
        doc = _read(folder, suffix, text.encode())
        assert doc is not None
        assert_offsets_faithful(doc)


@_SETTINGS
@given(text=_document(_JSX_BITS))
def test_tsx_and_jsx_offsets_point_back(folder: Path, text: str) -> None:
    """Escapes point at their backslash, references at their `&`; every other character at itself."""
    for suffix in (".tsx", ".jsx"):
        doc = _read(folder, suffix, text.encode("utf-8", "surrogatepass"))
        assert doc is not None and doc.source is not None
        source = doc.source.text
        lines = source.split("\n")
        for block in doc.blocks:
            assert block.offsets is not None and len(block.offsets) == len(block.text)
            assert list(block.offsets) == sorted(block.offsets)
            for i, (char, offset) in enumerate(zip(block.text, block.offsets, strict=True)):
                if char.isspace():
                    assert source[offset].isspace() or source[offset] in "&\\", (block, offset)
                    continue
                assert source[offset] == char or source[offset] in "&\\", (block, char, source[offset])
                if source[offset] == char:
                    location = doc.span_location(block, i, i + 1)
                    assert location.line is not None and location.column is not None
                    assert lines[location.line - 1][location.column - 1] == char


@_SETTINGS
@given(text=_document(_HTML_BITS))
def test_html_offsets_point_back(folder: Path, text: str) -> None:
    doc = _read(folder, ".html", text.encode())
    assert doc is not None
    assert_offsets_faithful(doc)


@_SETTINGS
@given(text=_document(_TEXT_BITS))
def test_text_offsets_point_back(folder: Path, text: str) -> None:
    doc = _read(folder, ".txt", text.encode())
    assert doc is not None
    assert_offsets_faithful(doc)


@_SETTINGS
@given(text=_document(st.one_of(_MARKDOWN_BITS, _HTML_BITS)))
def test_span_location_is_the_characters_own_line_and_column(folder: Path, text: str) -> None:
    for suffix in (".md", ".html"):
        doc = _read(folder, suffix, text.encode())
        assert doc is not None and doc.source is not None
        lines = doc.source.text.split("\n")
        for block in doc.blocks:
            for i, char in enumerate(block.text):
                if char.isspace() or not block.offsets or doc.source.text[block.offsets[i]] != char:
                    continue
                location = doc.span_location(block, i, i + 1)
                assert location.line is not None and location.column is not None
                assert lines[location.line - 1][location.column - 1] == char


_PREFIXES = st.sampled_from(
    [b"", b"PK\x03\x04", b"%PDF-1.4\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<html>"]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    suffix=st.sampled_from([".md", ".mdx", ".txt", ".html", ".tsx", ".jsx", ".pptx", ".docx", ".pdf"]),
    prefix=_PREFIXES,
    body=st.binary(max_size=2048),
)
def test_random_bytes_never_raise_anything_but_read_error(folder: Path, suffix: str, prefix: bytes,
                                                          body: bytes) -> None:
    _read(folder, suffix, prefix + body)


def _small_office_files() -> dict[str, bytes]:
    from docx import Document as WordDocument
    from pptx import Presentation

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "Revenue Workspace"
    slide.placeholders[1].text = "One story."
    slide.notes_slide.notes_text_frame.text = "msgalign: off"
    pptx_bytes = io.BytesIO()
    deck.save(pptx_bytes)
    word = WordDocument()
    word.add_heading("Battlecard", 1)
    word.add_table(rows=2, cols=2).cell(0, 0).text = "cell"
    docx_bytes = io.BytesIO()
    word.save(docx_bytes)
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "One story for every team.")
    return {".pptx": pptx_bytes.getvalue(), ".docx": docx_bytes.getvalue(), ".pdf": bytes(pdf.output())}


_OFFICE = _small_office_files()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    suffix=st.sampled_from(sorted(_OFFICE)),
    cuts=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=16)), min_size=1, max_size=4),
    truncate=st.one_of(st.none(), st.floats(0, 1)),
)
def test_corrupted_office_files_never_raise_anything_but_read_error(
    folder: Path, suffix: str, cuts: list[tuple[float, bytes]], truncate: float | None
) -> None:
    data = bytearray(_OFFICE[suffix])
    for where, junk in cuts:
        at = int(where * (len(data) - 1))
        data[at : at + len(junk)] = junk
    if truncate is not None:
        data = data[: int(truncate * len(data))]
    _read(folder, suffix, bytes(data))
