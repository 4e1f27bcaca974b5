"""PowerPoint decks → slide titles, body paragraphs, table cells and notes.

A slide is a section: its title names it and its number indexes it, so a
finding reads "slide 4 / Title 1". Group shapes are walked with an explicit
stack (a deck can nest groups arbitrarily). Speaker notes are prose too,
except `msgalign: disable TM001` lines, which suppress findings on that slide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pptx import Presentation
from pptx.shapes.autoshape import Shape
from pptx.shapes.base import BaseShape
from pptx.shapes.graphfrm import GraphicFrame
from pptx.shapes.group import GroupShape
from pptx.shapes.shapetree import SlideShapes

from msgalign.errors import ReadError
from msgalign.ingest.limits import Limits
from msgalign.types import Block, Directive, Location

# `(.*)` then strip, not a lazy `(.*?)\s*$`, which is quadratic in a run of spaces.
_NOTES_DIRECTIVE = re.compile(r"^\s*msgalign\s*:(.*)$", re.IGNORECASE)
_SPACE_RUN = re.compile(r"\s+")


def read_pptx(path: Path, max_blocks: int,
              max_chars: int = Limits.max_text_bytes) -> tuple[list[Block], list[Directive]]:
    deck = Presentation(str(path))
    blocks: list[Block] = []
    directives: list[Directive] = []
    chars = 0

    def add(kind: str, text: str, number: int, where: str, title: str) -> None:
        nonlocal chars
        text = _SPACE_RUN.sub(" ", text).strip()
        if not text:
            return
        chars += len(text)
        if chars > max_chars:
            raise ReadError(f"the deck has more than {max_chars:,} characters of text")
        if len(blocks) >= max_blocks:
            raise ReadError(f"the deck has more than {max_blocks:,} blocks of text")
        blocks.append(
            Block(
                kind=kind,
                text=text,
                location=Location(slide=number, block=f"slide {number} / {where}", order=len(blocks) + 1),
                section=title,
                section_index=number,
            )
        )

    for number, slide in enumerate(deck.slides, start=1):
        title_shape = slide.shapes.title
        title = _SPACE_RUN.sub(" ", title_shape.text_frame.text).strip() if title_shape is not None else ""
        if title_shape is not None:
            add("slide_title", title, number, title_shape.name, title)
        title_key = (title_shape.shape_id, title_shape.name) if title_shape is not None else None
        for shape in _shapes_in_order(slide.shapes):
            if (shape.shape_id, shape.name) == title_key:
                continue
            if isinstance(shape, Shape) and shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    add("slide_body", paragraph.text, number, shape.name, title)
            elif isinstance(shape, GraphicFrame) and shape.has_table:
                for r, row in enumerate(shape.table.rows, start=1):
                    for c, cell in enumerate(row.cells, start=1):
                        if cell.is_spanned:  # covered by a merged cell: already read
                            continue
                        add("table_cell", cell.text, number, f"{shape.name}, row {r}, cell {c}", title)
        if slide.has_notes_slide:
            frame = slide.notes_slide.notes_text_frame
            for paragraph in frame.paragraphs if frame is not None else ():
                prose: list[str] = []
                for line in paragraph.text.replace("\v", "\n").split("\n"):
                    match = _NOTES_DIRECTIVE.match(line)
                    if match and match.group(1).strip():
                        directives.append(Directive(text=_SPACE_RUN.sub(" ", match.group(1).strip()), slide=number))
                    else:
                        prose.append(line)
                add("slide_notes", " ".join(prose), number, "notes", title)
    return blocks, directives


def _shapes_in_order(shapes: SlideShapes) -> Iterator[BaseShape]:
    """Every shape, depth-first in document order, groups opened in place."""
    stack: list[BaseShape] = list(reversed(list(shapes)))
    while stack:
        shape = stack.pop()
        if isinstance(shape, GroupShape):
            stack.extend(reversed(list(shape.shapes)))
        else:
            yield shape
