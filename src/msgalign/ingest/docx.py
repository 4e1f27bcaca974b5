"""Word documents → headings, paragraphs, list items and table cells, in order.

The body's XML children are walked directly (python-docx's `paragraphs` and
`tables` lists lose where a table sits between two paragraphs). Paragraphs
are numbered as `document.paragraphs` numbers them, so "paragraph 12" is the
twelfth paragraph a script or a reviewer counting in Word would find.
Content controls (`w:sdt`, e.g. cover-page fields) are read in place, with
their own numbering.

Tables are read from their XML, not through python-docx's `row.cells`, which
makes one cell object per spanned grid column and follows a vertical merge
up the rows recursively for every cell: one cell with a span of 999,999,999
cost 8.6 GB. Here a cell is read once, wherever it sits; zipguard has
already bounded the element count and the spans.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

from msgalign.errors import ReadError
from msgalign.ingest.limits import Limits
from msgalign.types import Block, Location

_SPACE_RUN = re.compile(r"\s+")


class _DocxBlocks:
    def __init__(self, max_blocks: int, max_chars: int) -> None:
        self.max_blocks = max_blocks
        self.max_chars = max_chars
        self.chars = 0
        self.blocks: list[Block] = []
        self.section = ""
        self.section_index = 0

    def add(self, kind: str, text: str, where: str) -> None:
        text = _SPACE_RUN.sub(" ", text).strip()
        if not text:
            return
        self.chars += len(text)
        if self.chars > self.max_chars:
            raise ReadError(f"the document has more than {self.max_chars:,} characters of text")
        if kind == "heading":
            self.section = text
            self.section_index += 1
        if len(self.blocks) >= self.max_blocks:
            raise ReadError(f"the document has more than {self.max_blocks:,} blocks of text")
        self.blocks.append(
            Block(
                kind=kind,
                text=text,
                location=Location(block=where, order=len(self.blocks) + 1),
                section=self.section,
                section_index=self.section_index,
            )
        )


def read_docx(path: Path, max_blocks: int, max_chars: int = Limits.max_text_bytes) -> list[Block]:
    document = docx.Document(str(path))
    body = document.element.body
    out = _DocxBlocks(max_blocks, max_chars)
    styles = _StyleNames(document)
    paragraph_tag, table_tag, control_tag = qn("w:p"), qn("w:tbl"), qn("w:sdt")
    content_tag = qn("w:sdtContent")
    paragraph_number = table_number = control_number = 0
    for child in body.iterchildren():
        if child.tag == paragraph_tag:
            paragraph_number += 1
            paragraph = Paragraph(child, document._body)
            out.add(styles.kind(paragraph), paragraph.text, f"paragraph {paragraph_number}")
        elif child.tag == table_tag:
            table_number += 1
            _read_table(child, table_number, out, document._body)
        elif child.tag == control_tag:
            control_number += 1
            inner = 0
            for content in child.iterchildren(content_tag):
                for element in content.iterchildren(paragraph_tag):
                    inner += 1
                    paragraph = Paragraph(element, document._body)
                    where = f"content control {control_number}, paragraph {inner}"
                    out.add(styles.kind(paragraph), paragraph.text, where)
    return out.blocks


class _StyleNames:
    """Paragraph style names by style id, read once.

    `paragraph.style` looks the default style up with a scan of every style
    for each paragraph (2 ms each: 50,000 paragraphs took 90 s). This keeps
    its answer: the style the id names if it is a paragraph style, else the
    default paragraph style.
    """

    def __init__(self, document: Any) -> None:
        self.names: dict[str, str] = {}
        for style in document.styles:
            if style.type == WD_STYLE_TYPE.PARAGRAPH and style.style_id:
                self.names[style.style_id] = style.name or ""
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.default = (default.name or "") if default is not None else ""

    def kind(self, paragraph: Paragraph) -> str:
        style_id = paragraph._p.style
        name = self.names.get(style_id, self.default) if style_id else self.default
        if name.startswith("Heading") or name == "Title":
            return "heading"
        properties = paragraph._p.pPr
        if name.startswith("List") or (properties is not None and properties.numPr is not None):
            return "list_item"
        return "paragraph"


def _read_table(table: BaseOxmlElement, number: int, out: _DocxBlocks, parent: Any) -> None:
    """Each cell once, numbered by its first grid column, as Word's grid counts them.

    A cell that continues a vertical merge (`<w:vMerge/>` without
    "restart") holds no text of its own: the merged cell was read in the row
    where it starts. Nested tables stay inside their cell, unread, as before.
    """
    row_tag, cell_tag, paragraph_tag = qn("w:tr"), qn("w:tc"), qn("w:p")
    for r, row in enumerate(table.iterchildren(row_tag), start=1):
        column = 1
        for cell in row.iterchildren(cell_tag):
            properties = cell.find(qn("w:tcPr"))
            span, continues = 1, False
            if properties is not None:
                grid_span = properties.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = _span(grid_span.get(qn("w:val")))
                merge = properties.find(qn("w:vMerge"))
                continues = merge is not None and merge.get(qn("w:val"), "continue") == "continue"
            if not continues:
                text = " ".join(Paragraph(p, parent).text for p in cell.iterchildren(paragraph_tag))
                out.add("table_cell", text, f"table {number}, row {r}, cell {column}")
            column += span


def _span(value: str | None) -> int:
    try:
        return max(1, int(value)) if value is not None else 1
    except ValueError:
        return 1
