"""What msgalign reads, and the bounds that keep a hostile file from costing unbounded time or memory."""

from __future__ import annotations

from dataclasses import dataclass

SUPPORTED_SUFFIXES = (".md", ".markdown", ".mdx", ".txt", ".html", ".htm", ".tsx", ".jsx", ".pptx", ".docx", ".pdf")


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
    # Office XML, counted by a streaming scan before python-docx/python-pptx build a tree (zipguard).
    max_xml_elements: int = 3_000_000       # every element of every XML part of one file
    max_table_cells: int = 200_000          # <w:tc>/<a:tc> in one file
    max_table_span: int = 1_000             # gridSpan/rowSpan of one cell (Word stops at 63 columns)
    max_slides: int = 2_000
    max_slide_shapes: int = 10_000          # shapes on one slide, groups opened
    # PDF: content streams are decoded (shared ones once) and sized before any text is extracted.
    max_pdf_content_bytes: int = 10_000_000
    max_pdf_seconds: float = 30.0
    # Markdown: markdown-it-py costs 20-80 µs per '[', '!', '*', '_' or line break, ~2.5 µs per other character.
    max_markdown_markup: int = 150_000
    # TSX/JSX: a page component is tens of kilobytes; tree-sitter parses broken input at 3-8 µs a byte.
    max_jsx_bytes: int = 2_000_000
    max_jsx_seconds: float = 10.0
