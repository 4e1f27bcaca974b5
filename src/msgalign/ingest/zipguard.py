"""Checks on an Office file (.pptx, .docx) before python-pptx/python-docx open it.

The zip checks read only the file's first bytes and the zip's central
directory, never a member's content, so a zip bomb is refused before a single
byte of it is inflated. The sizes checked are the ones zipfile itself will
stop at when the libraries later read a member, so a lying local header
cannot smuggle more data past these limits.

Then every XML part is scanned once with a streaming parser (lxml iterparse,
elements freed as they end, entities never resolved, libxml2's depth limit
on) and refused before python-docx/python-pptx would build it into a tree:
too many elements, a table cell that spans a billion columns (python-docx
makes one cell object per spanned column), too many slides or shapes, or a
DOCTYPE that declares entities (the libraries keep `&x;` as a node and drop
the text, so the file would be linted as if it were empty).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from msgalign.errors import ReadError
from msgalign.ingest.limits import Limits

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_MAGIC = b"PK\x03\x04"
# Stream names in an OLE compound file, as UTF-16LE. An encrypted OOXML file
# is an OLE container holding "EncryptionInfo"; an old binary .doc/.ppt holds
# "WordDocument" / "PowerPoint Document" instead.
_OLE_LEGACY = {
    "WordDocument".encode("utf-16-le"): "an old binary Word file (.doc)",
    "PowerPoint Document".encode("utf-16-le"): "an old binary PowerPoint file (.ppt)",
}
_OLE_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
# A high ratio on a small member costs nothing, and the total is bounded
# separately; only members that would inflate past this are ratio-checked.
_RATIO_FLOOR_BYTES = 1_000_000


@dataclass(frozen=True)
class OfficeKind:
    suffix: str           # ".pptx"
    label: str            # "PowerPoint file"
    main_part: str        # "ppt/presentation.xml"


PPTX = OfficeKind(".pptx", "PowerPoint file", "ppt/presentation.xml")
DOCX = OfficeKind(".docx", "Word document", "word/document.xml")


def check_office_zip(path: Path, kind: OfficeKind, limits: Limits) -> None:
    """Raise ReadError unless `path` is a plausible, bounded Office zip."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_OLE_MAGIC):
        raise ReadError(_ole_reason(path, kind))
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        if head.startswith(_ZIP_MAGIC):
            raise ReadError(
                f"truncated or damaged {kind.suffix} file (the zip archive has no end; "
                "was the copy or download cut short?)"
            ) from None
        raise ReadError(f"not a valid {kind.suffix} file (it is not a zip archive)") from None
    except (OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ReadError(f"not a valid {kind.suffix} file ({exc})") from None
    with archive:
        _check_members(archive.infolist(), kind, limits)
        _scan_parts(archive, kind, limits)


_DRIVE = re.compile(r"^[A-Za-z]:")


def _outside(name: str) -> bool:
    """A member name that would land outside a folder it was unpacked into: '/x', '..\\x', 'C:x', 'a/../../x'."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or bool(_DRIVE.match(name)) or ".." in parts


def _check_members(members: list[zipfile.ZipInfo], kind: OfficeKind, limits: Limits) -> None:
    if len(members) > limits.max_zip_members:
        raise ReadError(
            f"looks like a zip bomb: {len(members):,} members (the limit is {limits.max_zip_members:,})"
        )
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise ReadError("the file is password-protected")
        if _outside(member.filename):
            raise ReadError(f"it holds a part named {member.filename!r} that points outside the document, which "
                            f"Office never writes (the file was altered by another tool); save it again from "
                            f"{'PowerPoint' if kind is PPTX else 'Word'}")
        total += member.file_size
        if member.file_size > _RATIO_FLOOR_BYTES:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > limits.max_compression_ratio:
                raise ReadError(f"looks like a zip bomb: {member.filename} would expand {ratio:.0f}x")
    if total > limits.max_uncompressed_bytes:
        raise ReadError(
            f"looks like a zip bomb: it would expand to {_mb(total)} "
            f"(the limit is {_mb(limits.max_uncompressed_bytes)})"
        )
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names:
        raise ReadError(f"truncated or not a {kind.label}: it has no [Content_Types].xml")
    # Some editors number the main part (word/document2.xml); the libraries
    # find it through the package relationships, so accept those too.
    stem = kind.main_part.removesuffix(".xml")
    if not any(name.startswith(stem) and name.endswith(".xml") for name in names):
        raise ReadError(f"truncated or not a {kind.label}: it has no {kind.main_part}")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_CELLS = frozenset({f"{_W}tc", f"{_A}tc"})
_SHAPES = frozenset({f"{_P}sp", f"{_P}pic", f"{_P}graphicFrame", f"{_P}grpSp", f"{_P}cxnSp", f"{_P}contentPart"})
_SLIDE = re.compile(r"ppt/slides/slide\d+\.xml")
_APP = {".docx": "Word", ".pptx": "PowerPoint"}


def _scan_parts(archive: zipfile.ZipFile, kind: OfficeKind, limits: Limits) -> None:
    """Stream every XML part once; raise ReadError before a library would expand it."""
    parts = [m.filename for m in archive.infolist() if m.filename.endswith((".xml", ".rels"))]
    slides = sum(1 for name in parts if _SLIDE.fullmatch(name))
    if slides > limits.max_slides:
        raise ReadError(f"the deck has {slides:,} slides; the limit is {limits.max_slides:,}")
    budget = _Budget(limits)
    for name in parts:
        _scan_part(archive, name, kind, limits, budget)


@dataclass
class _Budget:
    limits: Limits
    elements: int = 0
    cells: int = 0


def _scan_part(archive: zipfile.ZipFile, name: str, kind: OfficeKind, limits: Limits, budget: _Budget) -> None:
    shapes = 0
    is_slide = _SLIDE.fullmatch(name) is not None
    with archive.open(name) as stream:
        events = etree.iterparse(stream, events=("start", "end"), resolve_entities=False, huge_tree=False,
                                 no_network=True, load_dtd=False, remove_comments=True, remove_pis=True)
        first = True
        try:
            for event, element in events:
                if event == "end":
                    # Free what has been read: memory stays at one path of the tree.
                    element.clear(keep_tail=False)
                    parent = element.getparent()
                    if parent is not None:
                        while element.getprevious() is not None:
                            del parent[0]
                    continue
                if first:
                    first = False
                    _check_doctype(element, name, kind)
                budget.elements += 1
                if budget.elements > limits.max_xml_elements:
                    raise ReadError(f"the {kind.label} has more than {limits.max_xml_elements:,} XML elements; "
                                    "it is too large to read safely")
                tag = element.tag
                if not isinstance(tag, str):
                    continue
                if tag in _CELLS:
                    budget.cells += 1
                    if budget.cells > limits.max_table_cells:
                        raise ReadError(f"the {kind.label}'s tables have more than {limits.max_table_cells:,} "
                                        f"cells; the limit is {limits.max_table_cells:,}")
                    if tag == f"{_A}tc":
                        _check_span(element.get("gridSpan"), "columns", limits)
                        _check_span(element.get("rowSpan"), "rows", limits)
                elif tag == f"{_W}gridSpan":
                    _check_span(element.get(f"{_W}val"), "columns", limits)
                elif is_slide and tag in _SHAPES:
                    shapes += 1
                    if shapes > limits.max_slide_shapes:
                        slide = name.removeprefix("ppt/slides/slide").removesuffix(".xml")
                        raise ReadError(f"slide {slide} has more than {limits.max_slide_shapes:,} shapes; "
                                        f"the limit is {limits.max_slide_shapes:,}")
        except etree.XMLSyntaxError as exc:
            raise ReadError(f"could not read the {kind.label}: {name} is not well-formed XML "
                            f"({_first_line(str(exc))})") from None


def _check_doctype(element: Any, name: str, kind: OfficeKind) -> None:
    info = element.getroottree().docinfo
    if not info.doctype:
        return
    dtd = info.internalDTD
    declares = dtd is not None and any(True for _ in dtd.iterentities())
    if declares or info.system_url or info.public_id:
        raise ReadError(f"{name} uses XML entities, which are not read; save it again from {_APP[kind.suffix]}")


def _check_span(value: str | None, what: str, limits: Limits) -> None:
    if value is None:
        return
    try:
        span = int(value)
    except ValueError:
        return  # the library reads it as it will; a number is what costs
    if span > limits.max_table_span:
        raise ReadError(f"a table cell spans {span:,} {what}; the limit is {limits.max_table_span:,}")


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "XMLSyntaxError"
    return line if len(line) <= 160 else line[:157] + "..."


def _ole_reason(path: Path, kind: OfficeKind) -> str:
    # The OLE directory can sit anywhere; the file is already size-limited.
    data = path.read_bytes()
    if _OLE_ENCRYPTED not in data:
        for marker, what in _OLE_LEGACY.items():
            if marker in data:
                return f"this is {what} with a {kind.suffix} name; save it as {kind.suffix} and try again"
    return "the file is password-protected"


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
