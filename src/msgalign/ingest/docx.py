"""Word documents → headings, paragraphs, list items and table cells, in order.

The body's XML children are walked directly (python-docx's `paragraphs` and
`tables` lists lose where a table sits between two paragraphs). Paragraphs
are numbered as `document.paragraphs` numbers them, so "paragraph 12" is the
twelfth paragraph a script or a reviewer counting in Word would find.
Content controls (`w:sdt`, e.g. cover-page fields) are read in place, with
their own numbering.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from msgalign.errors import ReadError
from msgalign.types import Block, Location

_SPACE_RUN = re.compile(r"\s+")


class _DocxBlocks:
    def __init__(self, max_blocks: int) -> None:
        self.max_blocks = max_blocks
        self.blocks: list[Block] = []
        self.section = ""
        self.section_index = 0

    def add(self, kind: str, text: str, where: str) -> None:
        text = _SPACE_RUN.sub(" ", text).strip()
        if not text:
            return
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


def read_docx(path: Path, max_blocks: int) -> list[Block]:
    document = docx.Document(str(path))
    body = document.element.body
    out = _DocxBlocks(max_blocks)
    paragraph_tag, table_tag, control_tag = qn("w:p"), qn("w:tbl"), qn("w:sdt")
    content_tag = qn("w:sdtContent")
    paragraph_number = table_number = control_number = 0
    for child in body.iterchildren():
        if child.tag == paragraph_tag:
            paragraph_number += 1
            paragraph = Paragraph(child, document._body)
            out.add(_paragraph_kind(paragraph), paragraph.text, f"paragraph {paragraph_number}")
        elif child.tag == table_tag:
            table_number += 1
            _read_table(Table(child, document._body), table_number, out)
        elif child.tag == control_tag:
            control_number += 1
            inner = 0
            for content in child.iterchildren(content_tag):
                for element in content.iterchildren(paragraph_tag):
                    inner += 1
                    paragraph = Paragraph(element, document._body)
                    where = f"content control {control_number}, paragraph {inner}"
                    out.add(_paragraph_kind(paragraph), paragraph.text, where)
    return out.blocks


def _paragraph_kind(paragraph: Paragraph) -> str:
    style = paragraph.style
    name = (style.name or "") if style is not None else ""
    if name.startswith("Heading") or name == "Title":
        return "heading"
    properties = paragraph._p.pPr
    if name.startswith("List") or (properties is not None and properties.numPr is not None):
        return "list_item"
    return "paragraph"


def _read_table(table: Table, number: int, out: _DocxBlocks) -> None:
    # Merged cells come back once per grid position; read each cell once.
    # Holding the elements keeps their proxies (and so their ids) alive.
    seen: dict[int, object] = {}
    for r, row in enumerate(table.rows, start=1):
        for c, cell in enumerate(row.cells, start=1):
            if id(cell._tc) in seen:
                continue
            seen[id(cell._tc)] = cell._tc
            text = " ".join(p.text for p in cell.paragraphs)
            out.add("table_cell", text, f"table {number}, row {r}, cell {c}")
