"""What msgalign reads, and the bounds that keep a hostile file from costing unbounded time or memory."""

from __future__ import annotations

from dataclasses import dataclass

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
