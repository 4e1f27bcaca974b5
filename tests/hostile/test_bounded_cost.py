"""Bounded cost by construction: each hostile input, generated here, ends in seconds and well under 2 GB.

Every case runs in a child process with a 2 GB address-space limit and a
timeout, through the real reader, loader or CLI; a regression to quadratic
time or to an expansion bomb fails the timeout or the memory limit instead of
hanging the suite. The child reports its own peak RSS (VmHWM). Nothing here is a
committed binary: the files are made at test time.

The fuzz targets at the end feed every reader mutated small files and random
bytes: only a Document or a ReadError may come out.
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import subprocess
import sys
import textwrap
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import msgalign
from msgalign.errors import ReadError
from msgalign.ingest import Limits, read_document
from msgalign.types import Document

SRC = Path(msgalign.__file__).resolve().parents[1]
MEMORY_LIMIT = 2 << 30
SECONDS = 30.0

# -- generators ------------------------------------------------------------------------------------------


def base_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Open the revenue hub.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "left"
    table.cell(0, 1).text = "right"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def base_pptx() -> bytes:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "Revenue hub"
    slide.placeholders[1].text = "Open the revenue hub."
    slide.shapes.add_table(2, 2, Inches(1), Inches(3), Inches(4), Inches(1)).table.cell(0, 0).text = "cell"
    slide.notes_slide.notes_text_frame.text = "msgalign: disable TM001"
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def replace_member(data: bytes, name: str, edit: Callable[[bytes], bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            target.writestr(info.filename, edit(body) if info.filename == name else body)
    return out.getvalue()


def docx_grid_span(span: int = 999_999_999) -> bytes:
    return replace_member(base_docx(), "word/document.xml",
                          lambda xml: xml.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="%d"/>' % span, 1))


def docx_entity() -> bytes:
    def edit(xml: bytes) -> bytes:
        xml = xml.replace(b"?>", b'?>\n<!DOCTYPE w:document [<!ENTITY x "hello">]>', 1)
        return xml.replace(b">Open the revenue hub.<", b">&x; Open the revenue hub.<", 1)

    return replace_member(base_docx(), "word/document.xml", edit)


def docx_vertical_merge(rows: int = 3_000) -> bytes:
    """A one-column table whose every row continues the merge above (python-docx recursed once per row)."""
    cells = b"".join(b"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>" for _ in range(rows))
    table = (b'<w:tbl><w:tblGrid><w:gridCol w:w="100"/></w:tblGrid><w:tr><w:tc><w:tcPr>'
             b'<w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>merged</w:t></w:r></w:p></w:tc></w:tr>'
             + cells + b"</w:tbl>")
    return replace_member(base_docx(), "word/document.xml", lambda xml: xml.replace(b"<w:body>", b"<w:body>" + table))


def pptx_grid_span() -> bytes:
    def edit(xml: bytes) -> bytes:
        return xml.replace(b"<a:tc>", b'<a:tc gridSpan="999999999">', 1)

    data = base_pptx()
    return replace_member(data, "ppt/slides/slide1.xml", edit)


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


_PDF_LINE = b"BT /F1 12 Tf 72 720 Td (Open the revenue hub today) Tj ET\n"
_PDF_PAGE = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
             b"/Resources << /Font << /F1 3 0 R >> >> >>")


def pdf_shared_stream(pages: int = 500, repeat: int = 2_000) -> bytes:
    """Every page draws the same compressed content stream: 78 KB on disk, 57 s to read before."""
    content = zlib.compress(_PDF_LINE * repeat, 9)
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages)).encode()
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        *[_PDF_PAGE % 4 for _ in range(pages)],
    ])


def pdf_distinct_streams(pages: int = 500, repeat: int = 2_000) -> bytes:
    """The same drawing, one stream per page: nothing to share, 58 MB of instructions decoded."""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages)).encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i in range(pages):
        content = zlib.compress(b"%% page %d\n" % i + _PDF_LINE * repeat, 9)
        objects.append(_PDF_PAGE % (5 + 2 * i))
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream")
    return _pdf(objects)


def billion_laughs(levels: int = 9) -> str:
    """A list of 9**levels strings in about 250 bytes, as one flow sequence."""
    names = "abcdefghi"
    parts = ["&a [l,l,l,l,l,l,l,l,l]"]
    parts += [f"&{names[n]} [" + ",".join([f"*{names[n - 1]}"] * 9) + "]" for n in range(1, levels)]
    return "[" + ",".join(parts) + "]"


# -- the child process -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildRun:
    returncode: int
    result: Any
    seconds: float
    peak_mb: int
    stderr: str


_PRELUDE = """
import json, resource, sys, time
from pathlib import Path
_started = time.monotonic()
"""
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child forked from a pytest process that
# holds torch would report the parent's size; the new address space's high-water mark is the child's own.
_REPORT = """
_hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print("\\n" + json.dumps({"result": result, "seconds": time.monotonic() - _started, "peak_mb": _hwm // 1024}))
"""


def run_child(code: str, *args: str, cwd: Path | None = None, timeout: float = SECONDS) -> ChildRun:
    """Run `code` (which sets `result`) in a fresh interpreter limited to 2 GB of address space."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", _PRELUDE + textwrap.dedent(code) + _REPORT, *args],
        capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env, preexec_fn=limit, check=False,
    )
    seconds = time.monotonic() - started
    lines = proc.stdout.strip().splitlines()
    report: dict[str, Any] = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    return ChildRun(proc.returncode, report.get("result"), seconds, int(report.get("peak_mb", -1)), proc.stderr[-2000:])


_READ = """
from msgalign.errors import ReadError
from msgalign.ingest import read_document
try:
    doc = read_document(Path(sys.argv[1]), Path(sys.argv[1]).name)
    result = {"blocks": [block.text for block in doc.blocks][:20]}
except ReadError as exc:
    result = {"reason": exc.reason}
"""


def read_in_child(path: Path) -> ChildRun:
    run = run_child(_READ, str(path))
    assert run.returncode == 0, run.stderr
    assert run.peak_mb < 1_500, run
    return run


# -- each case through the real reader -------------------------------------------------------------------

def _long_props() -> bytes:
    values = (b"Hi " + b"-" * 80_000 + b"@", b"Hi a" + b"'" * 80_000 + b"#", b"Hi " + b"a" * 80_000,
              b"Go: " + b"b" * 80_000 + b" c")
    return b"".join(b'<Card title="' + value + b'" />\n\n' for value in values)


READER_CASES: dict[str, tuple[Callable[[], bytes], str | None]] = {
    # name: (make the file, the reason it must give, or None: it must read)
    "grid-span.docx": (docx_grid_span, r"^a table cell spans 999,999,999 columns; the limit is 1,000$"),
    "entity.docx": (docx_entity,
                    r"^word/document\.xml uses XML entities, which are not read; save it again from Word$"),
    "vertical-merge.docx": (docx_vertical_merge, None),
    "grid-span.pptx": (pptx_grid_span, r"^a table cell spans 999,999,999 columns; the limit is 1,000$"),
    "shared-stream.pdf": (pdf_shared_stream, r"^the PDF has more than 5,000,000 characters of text$"),
    "shared-small.pdf": (lambda: pdf_shared_stream(500, 40), None),
    "distinct-streams.pdf": (pdf_distinct_streams,
                             r"^the PDF's pages hold more than 10\.0 MB of drawing instructions"),
    "brackets.md": (lambda: b"[" * 200_000, r"^the Markdown has 200,000 brackets, emphasis marks and line breaks"),
    "images.md": (lambda: b"![" * 2_000_000, r"^the Markdown has 4,000,000 brackets"),
    "nested.mdx": (lambda: b"<Box>" * 400_000, r"^the components are nested more than 256 levels deep$"),
    "braces.mdx": (lambda: b"Words { `\n\n" * 70_000,
                   r"^the file has too many unclosed tags, braces, quotes or backticks"),
    "exports.mdx": (lambda: b"export const a = {\n\n" * 70_000,
                    r"^the file has too many unclosed tags, braces, quotes or backticks"),
    "attributes.mdx": (lambda: b'Prose here. <Card title="x\n\n' * 10_000, None),
    # Sizes where a quadratic scan would take minutes; markdown-it itself spends microseconds on each
    # backtick run, brace or tag, so these stay well under the 5 MB a text file may have.
    "backticks.mdx": (lambda: b"`` `" * 50_000, None),
    "macros.md": (lambda: b"{{ {% {# " * 40_000, None),
    "closing.mdx": (lambda: b"Text </Card> " * 30_000, None),
    # TSX: tree-sitter recovers from broken code in linear time, but at 3-8 µs a byte; the page limit and the
    # parse deadline bound it, and the walk never recurses past the element depth limit.
    "nested.tsx": (lambda: b"const a = " + b"<div>" * 300 + b"Deep words" + b"</div>" * 300,
                   r"^the page's elements are nested more than 256 levels deep$"),
    "open-tags.tsx": (lambda: b"const a = <p>Two words here</p>;\n" + b"<a>" * 300_000, None),
    "big.tsx": (lambda: b"export const a = <p>Two words</p>;\n" * 100_000, r"^the page is 3\.5 MB; msgalign reads"),
    "quotes.tsx": (lambda: b"const a = <p>Two words here</p>;\n" + b"'abc" * 250_000, None),
    "pages.tsx": (lambda: b"export const P = () => <p>Plans stay shared across teams.</p>;\n" * 25_000, None),
    # A prop's value is tested for prose (CSS, class lists, words) in linear time, however long its one word.
    "long-props.tsx": (lambda: b"export const P = () => <p>Two words here</p>;\n" + _long_props(), None),
    "long-props.mdx": (lambda: b"Two words here.\n\n" + _long_props(), None),
    # MDX `{...}` with strings are each parsed by tree-sitter: linear in their number, depth costs no recursion.
    "conditions.mdx": (lambda: b'{a ? "bc de" : "fg hi"} ' * 20_000, None),
    "broken-conditions.mdx": (lambda: b'Two words here. {a ? "bc de" : } ' * 60_000, None),
    "deep-conditions.mdx": (lambda: b"{" + b"a ? 'bc de' : " * 20_000 + b"'fg hi'}", None),
    "parenthesised.mdx": (lambda: b"{" + b"(" * 100_000 + b"'fg hi'" + b")" * 100_000 + b"}", None),
}


@pytest.mark.parametrize("name", sorted(READER_CASES))
def test_hostile_file_is_read_or_refused_in_bounded_cost(tmp_path: Path, name: str) -> None:
    make, reason = READER_CASES[name]
    path = tmp_path / name
    path.write_bytes(make())
    run = read_in_child(path)
    assert run.seconds < 15, run
    if reason is None:
        assert run.result.get("blocks"), run.result
    else:
        import re

        assert "reason" in run.result, run.result
        assert re.search(reason, run.result["reason"]), run.result["reason"]


def test_docx_vertical_merge_reads_the_merged_cell_once(tmp_path: Path) -> None:
    path = tmp_path / "merge.docx"
    path.write_bytes(docx_vertical_merge(5))
    doc = read_document(path, "merge.docx")
    assert [b.text for b in doc.blocks].count("merged") == 1
    assert [b.location.block for b in doc.blocks if b.text == "merged"] == ["table 1, row 1, cell 1"]


def test_office_element_budgets(tmp_path: Path) -> None:
    path = tmp_path / "deck.pptx"
    path.write_bytes(base_pptx())
    with pytest.raises(ReadError, match=r"^the PowerPoint file has more than 100 XML elements"):
        read_document(path, "deck.pptx", Limits(max_xml_elements=100))
    with pytest.raises(ReadError, match=r"^the deck has 1 slides; the limit is 0$"):
        read_document(path, "deck.pptx", Limits(max_slides=0))
    with pytest.raises(ReadError, match=r"^slide 1 has more than 1 shapes; the limit is 1$"):
        read_document(path, "deck.pptx", Limits(max_slide_shapes=1))
    path = tmp_path / "doc.docx"
    path.write_bytes(base_docx())
    with pytest.raises(ReadError, match=r"^the Word document's tables have more than 2 cells; the limit is 2$"):
        read_document(path, "doc.docx", Limits(max_table_cells=2))


# -- the whole CLI: every hostile asset an IN001, the good file still checked ------------------------------

_CLI = """
from msgalign.cli import main
try:
    main(sys.argv[1:])
    result = 0
except SystemExit as exc:
    result = exc.code if isinstance(exc.code, int) else 1
"""


def _workspace(root: Path, glossary: str = "terms:\n  - term: Revenue Workspace\n    variants: [revenue hub]\n",
               toml: str = "") -> Path:
    (root / "corpus").mkdir(parents=True)
    (root / "glossary").mkdir()
    (root / "glossary" / "g.yml").write_text(glossary, encoding="utf-8")
    (root / "msgalign.toml").write_text(toml, encoding="utf-8")
    return root / "corpus"


def test_cli_run_over_hostile_assets_completes(tmp_path: Path) -> None:
    corpus = _workspace(tmp_path)
    for name in ("grid-span.docx", "entity.docx", "shared-stream.pdf", "brackets.md"):
        (corpus / name).write_bytes(READER_CASES[name][0]())
    word = "x" * 100_000
    (corpus / "long-word.md").write_text(f"Open the revenue hub {word}.\n", encoding="utf-8")
    (corpus / "toc.md").write_text("Contents" + "." * 40_000 + "3\n\nThe revenue hub.\n", encoding="utf-8")
    comments = "".join(f"<!-- msgalign disable TM001 -->\nOpen the revenue hub {i}.\n<!-- msgalign enable TM001 -->\n"
                       for i in range(20_000))
    (corpus / "suppressed.txt").write_text(comments + "Use the revenue hub.\n", encoding="utf-8")  # 40,000 comments
    (corpus / "good.md").write_text("Open the revenue hub.\n", encoding="utf-8")
    run = run_child(_CLI, "check", "--select", "TM001,IN", "--format", "json", cwd=tmp_path, timeout=60)
    assert run.result == 1, run.stderr
    assert run.seconds < 45 and run.peak_mb < 1_500, run


def test_cli_findings_for_hostile_assets(tmp_path: Path) -> None:
    """Same kind of run in this process, to read the findings (the child above bounds the cost)."""
    from click.testing import CliRunner

    from msgalign.cli import main

    corpus = _workspace(tmp_path)
    for name in ("grid-span.docx", "entity.docx", "shared-stream.pdf", "brackets.md"):
        (corpus / name).write_bytes(READER_CASES[name][0]())
    (corpus / "long-word.md").write_text("Open the revenue hub " + "x" * 100_000 + ".\n", encoding="utf-8")
    comments = "".join(f"<!-- msgalign disable TM001 -->\nOpen the revenue hub {i}.\n<!-- msgalign enable TM001 -->\n"
                       for i in range(2_000))
    (corpus / "suppressed.txt").write_text(comments + "Use the revenue hub.\n", encoding="utf-8")
    (corpus / "good.md").write_text("Open the revenue hub.\n", encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["check", "--select", "TM001,IN", "--format", "json"])
    finally:
        os.chdir(cwd)
    findings = json.loads(result.output)["findings"]
    unreadable = {Path(f["path"]).name: f["message"] for f in findings if f["rule"] == "IN001"}
    assert set(unreadable) == {"grid-span.docx", "entity.docx", "shared-stream.pdf", "brackets.md"}
    assert "spans 999,999,999 columns" in unreadable["grid-span.docx"]
    assert "uses XML entities" in unreadable["entity.docx"]
    hits = sorted(Path(f["path"]).name for f in findings if f["rule"] == "TM001")
    assert hits == ["good.md", "long-word.md", "suppressed.txt"], hits


# -- glossary, front matter, templates, jobs ---------------------------------------------------------------


def test_glossary_alias_bomb_is_e201_at_its_line(tmp_path: Path) -> None:
    glossary = f"terms:\n  - term: Revenue Workspace\n    severity: {billion_laughs()}\n"
    assert len(billion_laughs()) < 300
    _workspace(tmp_path, glossary=glossary)
    (tmp_path / "corpus" / "a.md").write_text("Hello.\n", encoding="utf-8")
    run = run_child(_CLI, "check", "--select", "TM001", cwd=tmp_path)
    assert run.result == 2, run
    assert "[E201] glossary/g.yml:3: it expands to more than 100,000 values" in run.stderr, run.stderr
    assert len(run.stderr) < 1_000 and run.seconds < 15 and run.peak_mb < 500, run


def test_glossary_bad_value_is_quoted_briefly(tmp_path: Path) -> None:
    from msgalign.errors import GlossaryError
    from msgalign.glossary.load import load_glossary

    path = tmp_path / "g.yml"
    path.write_text("terms:\n  - term: Revenue Workspace\n    severity: " + "x" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"g\.yml:2: 'severity' must be") as caught:
        load_glossary([path])
    assert len(str(caught.value)) < 300
    path.write_text("terms:\n  - term: &a [*a]\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"g\.yml:2: an alias \(\*name\) refers to a value that contains it"):
        load_glossary([path])


def test_front_matter_alias_bomb_is_not_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "bomb.md"
    path.write_text(f"---\ntitle: {billion_laughs()}\n---\n# Open the revenue hub\n", encoding="utf-8")
    run = run_child(_READ + "\nresult['front_matter'] = len(doc.front_matter)\n", str(path))
    assert run.returncode == 0, run.stderr
    assert run.result["front_matter"] == 0 and run.seconds < 10 and run.peak_mb < 500, run


_TEMPLATE = """
from msgalign.brief.render import make_environment, render_template
from msgalign.errors import TemplateError
folder = Path(sys.argv[1])
try:
    render_template(make_environment(folder), "tier1-headline.md.j2", {"brief": {"customer": "Acme"}})
    result = "rendered"
except TemplateError as exc:
    result = str(exc)
"""

TEMPLATES = {
    "chain": ('# {{ brief.customer }}\n{% set a = "x" * 1000 %}\n'
              + "".join("{% set a = a ~ a ~ a ~ a %}\n" for _ in range(20)) + "{{ a|length }}\n",
              r"tier1-headline\.md\.j2:7: the template builds a value of 1,024,000 characters"),
    "plus": ('{% set a = "x" * 1000 %}\n' + "".join("{% set a = a + a %}\n" for _ in range(40)),
             r"tier1-headline\.md\.j2:11: the template builds a value of 1,024,000 characters"),
    "repeat-twice": ('{% set a = "x" * 1000 %}\n{% set b = a * 1000 %}\n{% set c = b * 1000 %}\n{{ c }}\n',
                     r"tier1-headline\.md\.j2:3: the template builds a value of 1,000,000,000 characters"),
    "macro-loop": ('{% macro m(s) %}{% for a in s %}{% for b in s %}' + "y" * 1000
                   + '{% endfor %}{% endfor %}{% endmacro %}\n{% set s = "x" * 1000 %}\n{{ m(s)|length }}\n',
                   r"tier1-headline\.md\.j2:1: the template writes more than 2,000,000 characters"),
}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_template_budget_is_e401_at_file_and_line(tmp_path: Path, name: str) -> None:
    source, expected = TEMPLATES[name]
    (tmp_path / "tier1-headline.md.j2").write_text(source, encoding="utf-8")
    run = run_child(_TEMPLATE, str(tmp_path))
    assert run.returncode == 0, run.stderr
    import re

    assert run.result.startswith("[E401] ") and re.search(expected, run.result), run.result
    assert run.seconds < 10 and run.peak_mb < 500, run


def test_ordinary_template_still_renders(tmp_path: Path) -> None:
    from msgalign.brief.render import make_environment, render_template

    (tmp_path / "tier1-headline.md.j2").write_text('# {{ brief.customer ~ "!" }} {{ ["a"] * 3 }}\n', encoding="utf-8")
    (tmp_path / "tier1-headline.html.j2").write_text("<p>{{ '<b>' ~ brief.customer }}</p>\n", encoding="utf-8")
    env = make_environment(tmp_path)
    assert render_template(env, "tier1-headline.md.j2", {"brief": {"customer": "Acme"}}) == "# Acme! ['a', 'a', 'a']\n"
    html = render_template(env, "tier1-headline.html.j2", {"brief": {"customer": "A&B"}})
    assert html == "<p>&lt;b&gt;A&amp;B</p>\n"


def test_jobs_are_capped_at_the_cpu_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from msgalign.ingest import batch
    from msgalign.workspace.config import load_config

    (tmp_path / "msgalign.toml").write_text("jobs = 400\n", encoding="utf-8")
    config = load_config(tmp_path / "msgalign.toml")
    assert config.jobs == min(400, os.cpu_count() or 1)

    from msgalign import engine

    seen: list[int] = []

    def fake_read_files(files: Any, limits: Limits, *, jobs: int = 1, progress: Any = None) -> Any:
        seen.append(jobs)
        return [], []

    monkeypatch.setattr(engine, "read_files", fake_read_files)
    engine.read_assets([], config, jobs=64)
    assert seen == [min(64, os.cpu_count() or 1)]
    assert batch.read_files is not fake_read_files


# -- regexes over user text: linear on pathological input ------------------------------------------------------

_REGEXES = """
from msgalign.ingest.textspans import directive_text
from msgalign.text.match import code_spans, protected_spans, tokenize
from msgalign.glossary.fix import quotation_spans
from msgalign.text.sentences import split_sentences
from msgalign.text.quantities import content_words, digit_numbers, extract_claims, find_quantities
from msgalign.nlp.tone.lexicon import superlative_hits
from msgalign.nlp.tone.ngrams import words
inputs = {"word": "a" * 100_000, "a.": "a." * 50_000, "a-": "a-" * 50_000, "a@": "a@" * 50_000,
          "dots": "Contents" + "." * 40_000 + "3 Next", "dashes": "-" * 100_000, "spaces": " " * 100_000,
          "brackets": "[" * 100_000, "e.g.": "e.g. " * 20_000, "digits": "1" * 100_000, "1,": "1," * 50_000,
          "1.": "1." * 50_000, "%": "9%" * 50_000, "$": "$1" * 50_000, "{{": "{{" * 50_000,
          "a(": "a(" * 50_000, "quotes": '"' * 100_000, "a a": "a " * 50_000, "a.b": "a.b " * 25_000,
          "a-.": "a-." * 33_000, "_.": "x_." * 33_000}
functions = {"protected_spans": protected_spans, "tokenize": tokenize, "split_sentences": split_sentences,
             "code_spans": code_spans, "quotation_spans": quotation_spans,
             "content_words": content_words, "extract_claims": extract_claims, "find_quantities": find_quantities,
             "digit_numbers": digit_numbers, "superlative_hits": superlative_hits, "words": words,
             "directive_text": lambda text: directive_text("msgalign disable TM001 " + text + " x")}
result = {}
for fname, function in functions.items():
    for iname, text in inputs.items():
        started = time.monotonic()
        function(text)
        result[f"{fname}({iname})"] = time.monotonic() - started
"""


def test_regexes_over_user_text_are_linear() -> None:
    """100,000 characters of each pathological shape through every text function, each well under a second.

    The quantity extractor is here too: it used to search everything before each number, so
    "9%" * 5,000 took 88 s; it now looks at a bounded window before each one.
    """
    run = run_child(_REGEXES, timeout=120)
    assert run.returncode == 0, run.stderr
    # "9%" * 50,000 is 50,000 claims to build: a few seconds, linear (it was 88 s for a tenth of it).
    slow = {name: round(seconds, 2) for name, seconds in run.result.items()
            if seconds > (5.0 if name.startswith(("extract_claims", "find_quantities")) else 1.0)}
    assert not slow, slow


def test_suppression_is_not_quadratic() -> None:
    from msgalign.suppress import Suppressions
    from msgalign.types import Directive, Finding, Location, Severity

    directives = []
    for i in range(20_000):
        directives += [Directive(text="disable TM001", line=3 * i + 1), Directive(text="enable TM001", line=3 * i + 3)]
    doc = Document(Path("x.md"), "x.md", "markdown", (), directives=tuple(directives))
    started = time.monotonic()
    suppressions = Suppressions(doc)
    findings = [Finding(rule="TM001", name="n", severity=Severity.WARNING, message="m", path="x.md",
                        location=Location(line=line)) for line in range(1, 60_001)]
    suppressed = sum(suppressions.is_suppressed(f) for f in findings)
    assert suppressed == 40_000  # lines 3i+1 and 3i+2 of every three
    assert time.monotonic() - started < 5


def test_reading_mentions_is_bounded_per_hit() -> None:
    """A glossary hit is read as a mention or a use in a bounded window, however the page is built: a cue
    word and a comma list before every one of thousands of hits stays seconds, not minutes."""
    from msgalign.glossary.index import TermIndex
    from msgalign.glossary.types import AvoidPhrase, Glossary, Term

    index = TermIndex(Glossary(terms=(Term("Revenue Workspace", variants=("revenue hub",)),),
                               avoid=(AvoidPhrase("leverage"),)))
    for text in ("not a b, c d, e f, leverage " * 2_000, "avoid " + "x, " * 30_000 + "leverage",
                 "leverage: " * 10_000, "Use Revenue Workspace, not revenue hub or " * 2_500):
        started = time.monotonic()
        assert index.scan(text)
        assert time.monotonic() - started < 20, text[:40]


# -- fuzz: only a Document or a ReadError ------------------------------------------------------------------------

_FUZZ = settings(max_examples=100, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
_SEEDS: dict[str, Callable[[], bytes]] = {
    ".md": lambda: (b"---\ntitle: x\n---\n# Revenue hub\n\n- [a](http://x.io) *b* `c`\n\n"
                    b"| a | b |\n|---|---|\n| c | d |\n"),
    ".mdx": lambda: (b"---\ntitle: Hub\ndate: 2024-31-12\n---\nimport A from './a'\n\n# Hub {props.x}\n\n"
                     b"<Quote caption=\"Ana, CFO\" n={1}>\n\nIt *works*.\n\n</Quote>\n\n"
                     b"- <B label={`Two words`}/> `c`\n"),
    ".html": lambda: b"<html><body><h1>Hub</h1><p>Open <b>the</b> hub &amp; <!-- msgalign off --></p></body></html>",
    ".txt": lambda: b"Subject: hello\n\nOpen the revenue hub.\n<!-- msgalign disable TM001 -->\n",
    ".tsx": lambda: (b"import A from './a'\nconst items = [{ title: 'Two words', href: '/x' }]\n"
                     b"export default () => <A items={items}><p>Open {' '}<b>the</b> hub &amp;</p>"
                     b"<Quote quote=\"It works here.\" author=\"Ana Li, CFO\" />{/* msgalign off */}</A>\n"),
    ".docx": base_docx,
    ".pptx": base_pptx,
    ".pdf": lambda: pdf_shared_stream(2, 3),
}
_seed_cache: dict[str, bytes] = {}


def _seed(suffix: str) -> bytes:
    if suffix not in _seed_cache:
        _seed_cache[suffix] = _SEEDS[suffix]()
    return _seed_cache[suffix]


def _mutate(data: bytes, rng: random.Random, edits: int) -> bytes:
    buffer = bytearray(data)
    for _ in range(edits):
        at = rng.randrange(max(1, len(buffer)))
        choice = rng.random()
        if choice < 0.4 and buffer:
            buffer[at] = rng.randrange(256)
        elif choice < 0.7:
            buffer[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
        else:
            del buffer[at : at + rng.randrange(1, 16)]
    return bytes(buffer)


def _mutate_zip(data: bytes, rng: random.Random, edits: int) -> bytes:
    """Mutate one XML member of an Office zip (mutating the zip bytes only ever tests the zip layer)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = [n for n in source.namelist() if n.endswith(".xml")]
    target = rng.choice(names)
    return replace_member(data, target, lambda xml: _mutate(xml, rng, edits))


def _check_reader(tmp_path: Path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    started = time.monotonic()
    try:
        doc = read_document(path, path.name)
        assert isinstance(doc, Document)
    except ReadError as exc:
        assert exc.reason and "\n" not in exc.reason
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("suffix", sorted(_SEEDS))
@_FUZZ
@given(seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 12), raw=st.booleans())
def test_fuzz_reader(tmp_path: Path, suffix: str, seed: int, edits: int, raw: bool) -> None:
    rng = random.Random(seed)
    base = _seed(suffix)
    if raw and rng.random() < 0.3:
        data = rng.randbytes(rng.randrange(0, 2_000))
    elif suffix in (".docx", ".pptx") and not raw:
        data = _mutate_zip(base, rng, edits)
    else:
        data = _mutate(base, rng, edits)
    _check_reader(tmp_path, suffix, data)
