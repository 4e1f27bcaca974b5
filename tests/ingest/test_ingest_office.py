"""PPTX, DOCX and PDF readers, against real files built with the same libraries users' tools use."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as WordDocument
from fpdf import FPDF
from pptx import Presentation
from pptx.util import Inches

from msgalign.errors import ReadError
from msgalign.ingest import Limits, read_document
from msgalign.types import Block, Directive, Location


def _textbox(shapes, name: str, text: str, top: float):  # type: ignore[no-untyped-def]
    box = shapes.add_textbox(Inches(1), Inches(top), Inches(4), Inches(0.5))
    box.name = name
    box.text_frame.text = text
    return box


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    prs = Presentation()
    title_only, title_content, blank = prs.slide_layouts[5], prs.slide_layouts[1], prs.slide_layouts[6]

    slide = prs.slides.add_slide(prs.slide_layouts[0])  # 1: title slide
    slide.shapes.title.text = "Beacon: the Revenue Workspace"
    slide.placeholders[1].text = "One story for marketing, sales and CS"

    slide = prs.slides.add_slide(title_content)  # 2: bullets
    slide.shapes.title.text = "Why now"
    body = slide.placeholders[1].text_frame
    body.text = "Buyers expect one story."
    body.add_paragraph().text = ""
    body.add_paragraph().text = "Teams   cut ramp time\vby 23%."

    slide = prs.slides.add_slide(title_only)  # 3: a table with a merged cell
    slide.shapes.title.text = "Proof points"
    frame = slide.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(6), Inches(2))
    frame.name = "Proof table"
    table = frame.table
    table.cell(0, 0).text = "Metric"
    table.cell(0, 1).text = "Result"
    table.cell(1, 0).text = "Win rate"
    table.cell(1, 1).text = "31%"
    table.cell(2, 0).merge(table.cell(2, 1))
    table.cell(2, 0).text = "Source: 2024 customer survey"

    slide = prs.slides.add_slide(title_only)  # 4: groups, nested
    slide.shapes.title.text = "How it works"
    group = slide.shapes.add_group_shape()
    group.name = "Steps"
    _textbox(group.shapes, "Step 1", "Connect Salesforce in ten minutes.", 2)
    inner = group.shapes.add_group_shape()
    inner.name = "Inner"
    _textbox(inner.shapes, "Step 2", "Share one glossary.", 3)
    _textbox(group.shapes, "Step 3", "Review the pipeline weekly.", 4)

    slide = prs.slides.add_slide(title_content)  # 5: speaker notes with a directive
    slide.shapes.title.text = "Pricing"
    slide.placeholders[1].text = "Plans start at $30 per seat."
    notes = slide.notes_slide.notes_text_frame
    notes.text = "Mention the annual discount."
    notes.add_paragraph().text = "MSGALIGN: disable TM001 -- customer quote"
    notes.add_paragraph().text = "Ask about budget.\vmsgalign: disable-next-line AC003"

    slide = prs.slides.add_slide(blank)  # 6: no title at all
    _textbox(slide.shapes, "Callout", "Best-in-class onboarding.", 1)

    slide = prs.slides.add_slide(title_only)  # 7: title only
    slide.shapes.title.text = "Customer stories"

    slide = prs.slides.add_slide(title_content)  # 8: the next step
    slide.shapes.title.text = "Next steps"
    slide.placeholders[1].text = "Book a 30-minute pipeline review."

    path = tmp_path_factory.mktemp("pptx") / "q3-pitch.pptx"
    prs.save(str(path))
    return path


def _kinds_texts(blocks: tuple[Block, ...], slide: int) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in blocks if b.location.slide == slide]


def test_pptx_slides_in_order(deck: Path) -> None:
    doc = read_document(deck, "corpus/sales/q3-pitch.pptx")
    assert doc.format == "pptx" and doc.source is None
    assert _kinds_texts(doc.blocks, 1) == [
        ("slide_title", "Beacon: the Revenue Workspace"),
        ("slide_body", "One story for marketing, sales and CS"),
    ]
    assert _kinds_texts(doc.blocks, 2) == [
        ("slide_title", "Why now"),
        ("slide_body", "Buyers expect one story."),
        ("slide_body", "Teams cut ramp time by 23%."),
    ]
    assert _kinds_texts(doc.blocks, 3) == [
        ("slide_title", "Proof points"),
        ("table_cell", "Metric"),
        ("table_cell", "Result"),
        ("table_cell", "Win rate"),
        ("table_cell", "31%"),
        ("table_cell", "Source: 2024 customer survey"),
    ]
    assert _kinds_texts(doc.blocks, 4) == [
        ("slide_title", "How it works"),
        ("slide_body", "Connect Salesforce in ten minutes."),
        ("slide_body", "Share one glossary."),
        ("slide_body", "Review the pipeline weekly."),
    ]
    assert _kinds_texts(doc.blocks, 5) == [
        ("slide_title", "Pricing"),
        ("slide_body", "Plans start at $30 per seat."),
        ("slide_notes", "Mention the annual discount."),
        ("slide_notes", "Ask about budget."),
    ]
    assert _kinds_texts(doc.blocks, 6) == [("slide_body", "Best-in-class onboarding.")]
    assert _kinds_texts(doc.blocks, 7) == [("slide_title", "Customer stories")]
    assert _kinds_texts(doc.blocks, 8) == [
        ("slide_title", "Next steps"),
        ("slide_body", "Book a 30-minute pipeline review."),
    ]


def test_pptx_locations_and_sections(deck: Path) -> None:
    doc = read_document(deck, "q3-pitch.pptx")
    by_text = {b.text: b for b in doc.blocks}
    assert by_text["Why now"].location == Location(slide=2, block="slide 2 / Title 1")
    assert by_text["31%"].location == Location(slide=3, block="slide 3 / Proof table, row 2, cell 2")
    assert by_text["Share one glossary."].location == Location(slide=4, block="slide 4 / Step 2")
    assert by_text["Ask about budget."].location == Location(slide=5, block="slide 5 / notes")
    assert by_text["Best-in-class onboarding."].location == Location(slide=6, block="slide 6 / Callout")
    assert [(b.section, b.section_index) for b in doc.blocks if b.location.slide == 4] == [("How it works", 4)] * 4
    assert by_text["Best-in-class onboarding."].section == ""
    assert all(b.offsets is None for b in doc.blocks)
    assert len(doc.sections()) == 8
    # Shapes have no line: `order` keeps findings in reading order.
    assert [b.location.order for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))


def test_pptx_notes_directives(deck: Path) -> None:
    doc = read_document(deck, "q3-pitch.pptx")
    assert doc.directives == (
        Directive(text="disable TM001 -- customer quote", slide=5),
        Directive(text="disable-next-line AC003", slide=5),
    )
    assert not any("msgalign" in b.text.lower() for b in doc.blocks)


@pytest.fixture(scope="module")
def word_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    document = WordDocument()
    document.add_heading("Beacon battlecard", level=0)
    document.add_paragraph("Beacon is the Revenue Workspace for GTM teams.")
    document.add_heading("Why we win", level=1)
    document.add_paragraph("One shared glossary.", style="List Bullet")
    document.add_paragraph("Approved proof points.", style="List Number")
    document.add_paragraph("")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "Competitor"
    table.cell(0, 1).text = "Gap"
    table.cell(0, 2).text = "Our answer"
    table.cell(1, 0).text = "Acme"
    table.cell(1, 1).merge(table.cell(1, 2)).text = "No shared   narrative"
    table.cell(2, 0).merge(table.cell(2, 2))
    document.add_paragraph("Text after the table.")
    document.add_heading("Next step", level=2)
    document.add_paragraph("Book a pipeline review.")
    path = tmp_path_factory.mktemp("docx") / "battlecard.docx"
    document.save(str(path))
    return path


def test_docx_blocks_in_document_order(word_file: Path) -> None:
    doc = read_document(word_file, "battlecard.docx")
    assert doc.format == "docx"
    assert [(b.kind, b.text, b.location.block) for b in doc.blocks] == [
        ("heading", "Beacon battlecard", "paragraph 1"),
        ("paragraph", "Beacon is the Revenue Workspace for GTM teams.", "paragraph 2"),
        ("heading", "Why we win", "paragraph 3"),
        ("list_item", "One shared glossary.", "paragraph 4"),
        ("list_item", "Approved proof points.", "paragraph 5"),
        ("table_cell", "Competitor", "table 1, row 1, cell 1"),
        ("table_cell", "Gap", "table 1, row 1, cell 2"),
        ("table_cell", "Our answer", "table 1, row 1, cell 3"),
        ("table_cell", "Acme", "table 1, row 2, cell 1"),
        ("table_cell", "No shared narrative", "table 1, row 2, cell 2"),
        ("paragraph", "Text after the table.", "paragraph 7"),
        ("heading", "Next step", "paragraph 8"),
        ("paragraph", "Book a pipeline review.", "paragraph 9"),
    ]
    assert [(b.section, b.section_index) for b in doc.blocks if b.kind != "table_cell"] == [
        ("Beacon battlecard", 1),
        ("Beacon battlecard", 1),
        ("Why we win", 2),
        ("Why we win", 2),
        ("Why we win", 2),
        ("Why we win", 2),
        ("Next step", 3),
        ("Next step", 3),
    ]


def test_docx_paragraph_numbers_match_python_docx(word_file: Path) -> None:
    doc = read_document(word_file, "battlecard.docx")
    assert [b.location.order for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))
    paragraphs = WordDocument(str(word_file)).paragraphs
    for block in doc.blocks:
        if block.location.block and block.location.block.startswith("paragraph "):
            index = int(block.location.block.split()[1])
            assert paragraphs[index - 1].text.strip() == block.text


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Beacon one-pager")
    pdf.ln(10)
    pdf.multi_cell(0, 6, "The Revenue Workspace gives marketing, sales and customer success one shared story, "
                         "one glossary and one set of approved numbers for every account.")
    pdf.ln(10)
    pdf.multi_cell(0, 6, "Book a 30-minute pipeline review.")
    pdf.add_page()
    pdf.multi_cell(0, 6, "Teams cut time-to-first-deal by 23%.")
    path = tmp_path_factory.mktemp("pdf") / "one-pager.pdf"
    pdf.output(str(path))
    return path


def test_pdf_pages_and_paragraphs(pdf_file: Path) -> None:
    doc = read_document(pdf_file, "one-pager.pdf")
    assert doc.format == "pdf"
    assert [(b.text, b.location) for b in doc.blocks] == [
        ("Beacon one-pager", Location(page=1, block="page 1")),
        (
            "The Revenue Workspace gives marketing, sales and customer success one shared story, "
            "one glossary and one set of approved numbers for every account.",
            Location(page=1, block="page 1"),
        ),
        ("Book a 30-minute pipeline review.", Location(page=1, block="page 1")),
        ("Teams cut time-to-first-deal by 23%.", Location(page=2, block="page 2")),
    ]
    assert [b.section_index for b in doc.blocks] == [1, 1, 1, 2]
    assert {b.kind for b in doc.blocks} == {"paragraph"}


def test_pdf_page_limit(pdf_file: Path) -> None:
    with pytest.raises(ReadError, match="the PDF has 2 pages; the limit is 1"):
        read_document(pdf_file, "one-pager.pdf", Limits(max_pdf_pages=1))


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50, style="F")  # a drawing, no text: what a scan looks like to us
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(ReadError) as caught:
        read_document(path, "scan.pdf")
    assert caught.value.reason == "the PDF has no text layer (scanned image?); nothing to lint"


def test_owner_password_only_pdf_is_read(pdf_file: Path, tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(pdf_file))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "restricted.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    doc = read_document(path, "restricted.pdf")
    assert doc.blocks[0].text == "Beacon one-pager"
