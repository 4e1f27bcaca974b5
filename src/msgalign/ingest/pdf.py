"""PDF text layer → paragraph blocks, one page at a time.

pypdf's layout mode keeps vertical gaps as blank lines, which is the only
paragraph signal a PDF has; plain mode is the fallback when layout fails on
an odd font. Lines are rejoined into paragraphs; a line that ends in a hyphen
joins the next without a space (the hyphen stays: "time-to-" + "value").

Cost is bounded before any text is extracted: every page's content streams
are decoded and sized, a stream shared by many pages once, and the total is
capped; a page whose content and resources are the same objects as an
earlier page's reads as that page did, without extracting it again (a 78 KB
file of 500 pages sharing one stream took 57 s). A clock across pages and a
cap on the text extracted stop whatever still costs too much.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pypdf import PageObject, PdfReader
from pypdf.generic import IndirectObject

from msgalign.errors import ReadError
from msgalign.ingest.limits import Limits
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


def read_pdf(path: Path, max_pages: int, max_blocks: int, *,
             max_content_bytes: int = Limits.max_pdf_content_bytes,
             max_seconds: float = Limits.max_pdf_seconds,
             max_chars: int = Limits.max_text_bytes) -> list[Block]:
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
        pages = list(reader.pages)
        keys = [_page_key(page, number) for number, page in enumerate(pages)]
        _check_content_size(pages, max_content_bytes)
        started = time.monotonic()
        texts: dict[Hashable, str] = {}
        blocks: list[Block] = []
        chars = 0
        for number, (page, key) in enumerate(zip(pages, keys, strict=True), start=1):
            if time.monotonic() - started > max_seconds:
                raise ReadError(f"reading the PDF's text took over {max_seconds:.0f} seconds "
                                f"(stopped at page {number:,} of {count:,})")
            text = texts.get(key)
            if text is None:
                text = texts[key] = _page_text(page)
            for paragraph in _paragraphs(text):
                chars += len(paragraph)
                if chars > max_chars:
                    raise ReadError(f"the PDF has more than {max_chars:,} characters of text")
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


def _refs(value: object) -> tuple[tuple[int, int], ...] | None:
    """The indirect objects `value` is (or lists): what makes two pages' content the same."""
    if isinstance(value, IndirectObject):
        return ((value.idnum, value.generation),)
    if isinstance(value, list) and value and all(isinstance(v, IndirectObject) for v in value):
        return tuple((v.idnum, v.generation) for v in value)
    return None


def _page_key(page: PageObject, index: int) -> Hashable:
    """Pages with the same content streams and the same resources extract to the same text."""
    contents = _refs(page.raw_get("/Contents")) if "/Contents" in page else ()
    resources = page.raw_get("/Resources") if "/Resources" in page else None
    shared: Hashable = _refs(resources)
    if shared is None and resources is not None:
        # A direct resource dictionary (often just font references): its
        # printed form is the same for pages that share everything it names.
        shown = repr(resources)
        shared = shown if len(shown) <= 4096 else None
    if contents is None or shared is None:
        return ("page", index)
    return (contents, shared, repr(page.get("/Rotate", 0)))


def _check_content_size(pages: list[PageObject], limit: int) -> None:
    """Decode each content stream once (pypdf caps one stream's output) and cap the total."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for page in pages:
        contents = page.raw_get("/Contents") if "/Contents" in page else None
        streams = contents if isinstance(contents, list) else [contents] if contents is not None else []
        for stream in streams:
            if isinstance(stream, IndirectObject):
                ref = (stream.idnum, stream.generation)
                if ref in seen:
                    continue
                seen.add(ref)
            try:
                data = stream.get_object().get_data()
            except Exception:
                continue  # extraction meets the same damage and reads what it can
            total += len(data) if isinstance(data, (bytes, str)) else 0
            if total > limit:
                raise ReadError(f"the PDF's pages hold more than {limit / 1_000_000:.1f} MB of drawing instructions "
                                f"(decoded); the limit is {limit / 1_000_000:.1f} MB")


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
