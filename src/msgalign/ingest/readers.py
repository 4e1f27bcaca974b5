"""The dispatcher: a path's suffix picks the reader; every failure is a ReadError.

This is the one place that turns a library's exception into a plain reason.
Readers raise ReadError themselves where they can say something specific
("the PDF is encrypted"); whatever else escapes python-pptx, python-docx,
pypdf or a parser is caught here, so a bad file becomes an IN001 finding and
never a traceback that stops the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from msgalign.errors import ReadError
from msgalign.fs import Refused, VettedLink, describe_link, open_regular, read_fd, stamp_of
from msgalign.ingest.encoding import check_text_size, decode
from msgalign.ingest.limits import Limits
from msgalign.ingest.zipguard import DOCX, PPTX, check_office_zip
from msgalign.types import Block, Directive, Document, FileStamp, SourceText

Reader = Callable[[Path, str, Limits], Document]
TextReader = Callable[[Path, str, Limits, bytes], Document]  # decodes the bytes `read` took from the file

_FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "mdx",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".tsx": "jsx",
    ".jsx": "jsx",
    ".pptx": "pptx",
    ".docx": "docx",
    ".pdf": "pdf",
}
_LABELS = {
    "markdown": "Markdown file",
    "mdx": "MDX file",
    "text": "text file",
    "html": "HTML page",
    "jsx": "TSX/JSX page",
    "pptx": "PowerPoint file",
    "docx": "Word document",
    "pdf": "PDF",
}


def read(path: Path, display_path: str, limits: Limits) -> Document:
    """Read one asset into a Document; raise ReadError with a plain reason.

    The file is opened once, non-blocking, and must be a regular file; a final
    symbolic link is followed only when it is a `VettedLink` (workspace discovery
    checked that it stays inside the workspace). Text formats are decoded from the
    bytes of that one descriptor, and the Document keeps their stamp for `--fix`.
    """
    suffix = path.suffix.lower()
    fmt = _FORMATS.get(suffix)
    if not os.path.lexists(path):
        raise ReadError(_GONE)
    if fmt is None:
        raise ReadError(f"unsupported file type '{suffix}'" if suffix else "unsupported file type (no extension)")
    try:
        if fmt in _TEXT_READERS:
            data, stamp = _read_bytes(path, limits)
        else:
            size = _checked_size(path, limits)
    except OSError as exc:
        raise ReadError(_os_reason(exc, "cannot open the file")) from None
    if fmt not in _TEXT_READERS and size == 0:
        # Windows' "New > PowerPoint Presentation" makes a zero-byte file:
        # an empty asset with nothing to lint, not a broken one.
        return Document(path, display_path, fmt, ())
    try:
        if fmt in _TEXT_READERS:
            return _TEXT_READERS[fmt](path, display_path, limits, data).with_meta(stamp=stamp)
        return _READERS[fmt](path, display_path, limits)
    except ReadError:
        raise
    except MemoryError:
        raise ReadError(f"the {_LABELS[fmt]} is too large to read in memory") from None
    except RecursionError:
        raise ReadError(f"the {_LABELS[fmt]} is nested too deeply to read") from None
    except OSError as exc:
        raise ReadError(_os_reason(exc, "cannot read the file")) from None
    except Exception as exc:
        raise ReadError(f"could not read the {_LABELS[fmt]}: {_one_line(exc)}") from None


_GONE = "the file does not exist: it was moved or deleted, or its name is misspelled"


def _os_reason(exc: OSError, what: str) -> str:
    """A plain reason for a file the system would not open or read: gone, not allowed, or the system's words."""
    if isinstance(exc, FileNotFoundError):
        return _GONE
    if isinstance(exc, PermissionError):
        return "msgalign is not allowed to read it; check the file's permissions"
    return f"{what}: {exc.strerror or exc}"


def _opened(path: Path) -> AbstractContextManager[tuple[int, os.stat_result]]:
    """The open descriptor; entering raises `Refused` for a link not vetted, a folder, a FIFO, a device."""
    return open_regular(path, follow=isinstance(path, VettedLink))


def _refusal(path: Path, exc: Refused) -> ReadError:
    if exc.reason == "it is a symbolic link":
        return ReadError(describe_link(path))
    if exc.reason.startswith("it is a folder"):
        return ReadError("it is a folder, not a file")
    return ReadError(exc.reason)


def _checked_size(path: Path, limits: Limits) -> int:
    """The size of a binary asset, from its open descriptor; its reader opens it again by name."""
    try:
        with _opened(path) as (_, st):
            return _within_file_limit(st.st_size, limits)
    except Refused as exc:
        raise _refusal(path, exc) from None


def _read_bytes(path: Path, limits: Limits) -> tuple[bytes, FileStamp]:
    """A text asset's bytes and stamp from one descriptor, size-checked before the read."""
    try:
        with _opened(path) as (fd, st):
            _within_file_limit(st.st_size, limits)
            check_text_size(b"", st.st_size, limits.max_text_bytes)  # refused before a byte is read
            data = read_fd(fd, limits.max_text_bytes)
            stamp = stamp_of(st, data)
    except Refused as exc:
        raise _refusal(path, exc) from None
    check_text_size(data, st.st_size, limits.max_text_bytes)
    return data, stamp


def _within_file_limit(size: int, limits: Limits) -> int:
    if size > limits.max_file_bytes:
        raise ReadError(
            f"file is {size / 1_000_000:.1f} MB; the limit is "
            f"{limits.max_file_bytes / 1_000_000:.1f} MB (set max-file-size in msgalign.toml)"
        )
    return size


def _one_line(exc: Exception) -> str:
    # str(KeyError("x")) is "'x'": use the message itself.
    message = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    lines = message.strip().splitlines()
    text = lines[0].strip() if lines else ""
    if not text or text in ("None", "''"):
        return type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


# -- text formats --------------------------------------------------------------


def _read_markdown(path: Path, display_path: str, limits: Limits, data: bytes, *, mdx: bool = False) -> Document:
    from msgalign.ingest.markdown import read_markdown

    decoded = decode(data)
    source = SourceText(decoded.text)
    problems: list[tuple[int, str]] = []
    strings: list[tuple[int, int]] = []
    sink, front_matter, directives = read_markdown(source, limits.max_blocks, mdx=mdx, warnings=problems,
                                                   max_html_depth=limits.max_html_depth, strings=strings)
    return Document(
        path=path,
        display_path=display_path,
        format="mdx" if mdx else "markdown",
        blocks=tuple(sink.blocks),
        source=source,
        encoding=decoded.encoding,
        had_bom=decoded.had_bom,
        front_matter=front_matter,
        directives=tuple(directives),
        warnings=tuple(f"{display_path}:{source.line_col(offset)[0]}: {message}" for offset, message in problems),
        code_strings=tuple(strings),
    )


def _read_mdx(path: Path, display_path: str, limits: Limits, data: bytes) -> Document:
    return _read_markdown(path, display_path, limits, data, mdx=True)


def _read_text(path: Path, display_path: str, limits: Limits, data: bytes) -> Document:
    from msgalign.ingest.text import read_text

    decoded = decode(data)
    source = SourceText(decoded.text)
    sink, directives = read_text(source, limits.max_blocks)
    return _text_document(path, display_path, "text", sink.blocks, source, decoded.encoding, decoded.had_bom,
                          directives)


def _read_html(path: Path, display_path: str, limits: Limits, data: bytes) -> Document:
    from msgalign.ingest.html import read_html
    from msgalign.ingest.markdown import read_front_matter

    decoded = decode(data, html=True)
    source = SourceText(decoded.text)
    # A Hugo (or Jekyll) content file: front matter between --- lines, then the page.
    front = read_front_matter(source.text)
    problems: list[tuple[int, str]] = [front.problem] if front.problem is not None else []
    sink, directives = read_html(source, limits.max_html_depth, limits.max_blocks, body_start=front.body_start,
                                 front_prose=front.prose, warnings=problems)
    return _text_document(path, display_path, "html", sink.blocks, source, decoded.encoding, decoded.had_bom,
                          directives).with_meta(
        front_matter=front.data,
        warnings=tuple(f"{display_path}:{source.line_col(offset)[0]}: {message}" for offset, message in problems))


def _read_jsx(path: Path, display_path: str, limits: Limits, data: bytes) -> Document:
    from msgalign.ingest.jsx import read_jsx

    if len(data) > limits.max_jsx_bytes:
        raise ReadError(f"the page is {len(data) / 1_000_000:.1f} MB; msgalign reads .tsx and .jsx pages up to "
                        f"{limits.max_jsx_bytes / 1_000_000:.1f} MB (a larger one is generated code, not a page)")
    decoded = decode(data)
    source = SourceText(decoded.text)
    problems: list[tuple[int, str]] = []
    sink, directives = read_jsx(source, limits.max_blocks, limits.max_jsx_seconds, limits.max_html_depth,
                                warnings=problems)
    return _text_document(path, display_path, "jsx", sink.blocks, source, decoded.encoding, decoded.had_bom,
                          directives).with_meta(
        warnings=tuple(f"{display_path}:{source.line_col(offset)[0]}: {message}" for offset, message in problems))


def _text_document(
    path: Path,
    display_path: str,
    fmt: str,
    blocks: list[Block],
    source: SourceText,
    encoding: str,
    had_bom: bool,
    directives: list[Directive],
) -> Document:
    return Document(
        path=path,
        display_path=display_path,
        format=fmt,
        blocks=tuple(blocks),
        source=source,
        encoding=encoding,
        had_bom=had_bom,
        directives=tuple(directives),
    )


# -- binary formats ------------------------------------------------------------


def _read_pptx(path: Path, display_path: str, limits: Limits) -> Document:
    from msgalign.ingest.pptx import read_pptx

    check_office_zip(path, PPTX, limits)
    blocks, directives = read_pptx(path, limits.max_blocks, limits.max_text_bytes)
    return Document(path, display_path, "pptx", tuple(blocks), directives=tuple(directives))


def _read_docx(path: Path, display_path: str, limits: Limits) -> Document:
    from msgalign.ingest.docx import read_docx

    check_office_zip(path, DOCX, limits)
    return Document(path, display_path, "docx", tuple(read_docx(path, limits.max_blocks, limits.max_text_bytes)))


def _read_pdf(path: Path, display_path: str, limits: Limits) -> Document:
    from msgalign.ingest.pdf import read_pdf

    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise ReadError("not a PDF file (it does not start with %PDF-)")
    blocks = read_pdf(path, limits.max_pdf_pages, limits.max_blocks, max_content_bytes=limits.max_pdf_content_bytes,
                      max_seconds=limits.max_pdf_seconds, max_chars=limits.max_text_bytes)
    return Document(path, display_path, "pdf", tuple(blocks))


_TEXT_READERS: dict[str, TextReader] = {
    "markdown": _read_markdown,
    "mdx": _read_mdx,
    "text": _read_text,
    "html": _read_html,
    "jsx": _read_jsx,
}
_READERS: dict[str, Reader] = {
    "pptx": _read_pptx,
    "docx": _read_docx,
    "pdf": _read_pdf,
}
