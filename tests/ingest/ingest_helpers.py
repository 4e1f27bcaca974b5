"""Helpers shared by the ingest tests (a unique name, so it never shadows another suite's)."""

from __future__ import annotations

from pathlib import Path

from msgalign.ingest import Limits, read_document
from msgalign.types import Block, Document


def write(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    # newline="" would not apply to bytes; write bytes so \r\n stays exactly as given.
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


DEFAULT_LIMITS = Limits()


def read(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8",
         limits: Limits = DEFAULT_LIMITS) -> Document:
    return read_document(write(folder, name, content, encoding), name, limits)


def block_with(doc: Document, needle: str) -> Block:
    hits = [block for block in doc.blocks if needle in block.text]
    assert len(hits) == 1, f"{needle!r} is in {len(hits)} blocks: {[b.text for b in doc.blocks]}"
    return hits[0]


def where(doc: Document, needle: str, within: str | None = None) -> tuple[int, int, int, int]:
    """(line, column, end_line, end_column) of the first `needle` in the block holding `within`."""
    block = block_with(doc, within or needle)
    start = block.text.index(needle)
    loc = doc.span_location(block, start, start + len(needle))
    assert loc.line is not None and loc.column is not None
    assert loc.end_line is not None and loc.end_column is not None
    return loc.line, loc.column, loc.end_line, loc.end_column


def source_at(doc: Document, block: Block, start: int, end: int) -> str:
    """The source text that block.text[start:end] came from (what --fix would replace)."""
    assert doc.source is not None and block.offsets is not None
    return doc.source.text[block.offsets[start] : block.offsets[end - 1] + 1]


def assert_offsets_faithful(doc: Document) -> None:
    """Every visible character maps back to itself in the source.

    Exceptions are the ones the contract allows: collapsed whitespace, and
    characters decoded from an entity (they point at its `&`).
    """
    assert doc.source is not None
    text = doc.source.text
    for block in doc.blocks:
        assert block.offsets is not None
        assert len(block.offsets) == len(block.text), block
        assert list(block.offsets) == sorted(block.offsets), block
        for char, offset in zip(block.text, block.offsets, strict=True):
            assert 0 <= offset < len(text)
            if char.isspace():
                assert text[offset].isspace() or text[offset] in "&<", (block, offset)
            else:
                assert text[offset] == char or text[offset] == "&", (block, char, offset, text[offset])
        for start, end in block.protected:
            assert 0 <= start < end <= len(block.text)
