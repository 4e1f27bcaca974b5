"""Readers: a file on disk becomes a `Document` of located `Block`s.

`read_document` is the one entry point. Any problem with the file itself is a
`ReadError` with a plain reason (it becomes an IN001 finding); readers never
let a library's exception or traceback escape.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from msgalign.errors import ReadError
from msgalign.types import Document

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pptx", ".docx", ".pdf")


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile file from costing unbounded time or memory."""

    max_file_bytes: int = 50_000_000        # any file on disk
    max_text_bytes: int = 5_000_000         # decoded text of .md/.txt/.html
    max_uncompressed_bytes: int = 100_000_000  # sum of a zip's members (PPTX/DOCX)
    max_compression_ratio: float = 100.0    # per zip member
    max_zip_members: int = 10_000
    max_html_depth: int = 256
    max_pdf_pages: int = 500
    max_blocks: int = 50_000


def read_document(path: Path, display_path: str, limits: Limits = Limits()) -> Document:
    """Read one asset. Raises ReadError with a plain reason for a bad file."""
    from msgalign.ingest import readers  # late import: keeps `msgalign --help` light

    return readers.read(path, display_path, limits)


__all__ = ["Limits", "ReadError", "SUPPORTED_SUFFIXES", "read_document"]
