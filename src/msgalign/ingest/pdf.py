"""PDF text layer → paragraph blocks, one page at a time.

pypdf's layout mode keeps vertical gaps as blank lines, which is the only
paragraph signal a PDF has; plain mode is the fallback when layout fails on
an odd font. Lines are rejoined into paragraphs; a line that ends in a hyphen
joins the next without a space (the hyphen stays: "time-to-" + "value").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pypdf import PageObject, PdfReader

from msgalign.errors import ReadError
from msgalign.types import Block, Location

_BLANK_LINES = re.compile(r"\n[ \t\f\v]*\n")
_SPACE_RUN = re.compile(r"\s+")


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    # pypdf logs a warning for every repairable flaw; a linter's user cannot
    # act on "Xref table not zero-indexed", and the run's output stays clean.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def read_pdf(path: Path, max_pages: int, max_blocks: int) -> list[Block]:
    with _quiet_pypdf():
        try:
            reader = PdfReader(str(path), strict=False)
        except Exception as exc:
            raise ReadError(f"damaged or not a PDF ({_one_line(exc)})") from None
        if reader.is_encrypted:
            # An owner-password-only PDF opens with the empty password, as it
            # does in every viewer; anything else needs a password we lack.
            try:
                opened = bool(reader.decrypt(""))
            except Exception:  # e.g. AES without a crypto library installed
                opened = False
            if not opened:
                raise ReadError("the PDF is encrypted")
        count = len(reader.pages)
        if count == 0:
            raise ReadError("the PDF has no pages")
        if count > max_pages:
            raise ReadError(f"the PDF has {count:,} pages; the limit is {max_pages:,}")
        blocks: list[Block] = []
        for number, page in enumerate(reader.pages, start=1):
            for paragraph in _paragraphs(_page_text(page)):
                if len(blocks) >= max_blocks:
                    raise ReadError(f"the PDF has more than {max_blocks:,} blocks of text")
                blocks.append(
                    Block(
                        kind="paragraph",
                        text=paragraph,
                        location=Location(page=number, block=f"page {number}", order=len(blocks) + 1),
                        section="",  # a PDF has no headings we can trust
                        section_index=number,
                    )
                )
    if not blocks:
        raise ReadError("the PDF has no text layer (scanned image?); nothing to lint")
    return blocks


def _one_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


def _page_text(page: PageObject) -> str:
    try:
        text = page.extract_text(extraction_mode="layout")
    except Exception:
        text = page.extract_text()
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def _paragraphs(text: str) -> list[str]:
    out: list[str] = []
    for chunk in _BLANK_LINES.split(text):
        joined = ""
        for line in chunk.split("\n"):
            line = _SPACE_RUN.sub(" ", line).strip()
            if not line:
                continue
            if joined.endswith("-") and len(joined) > 1 and joined[-2].isalpha():
                joined += line
            else:
                joined = f"{joined} {line}" if joined else line
        if joined:
            out.append(joined)
    return out
