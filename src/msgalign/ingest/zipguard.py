"""Checks on an Office file (.pptx, .docx) before python-pptx/python-docx open it.

Everything here reads only the file's first bytes and the zip's central
directory, never a member's content, so a zip bomb is refused before a single
byte of it is inflated. The sizes checked are the ones zipfile itself will
stop at when the libraries later read a member, so a lying local header
cannot smuggle more data past these limits.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

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


def _check_members(members: list[zipfile.ZipInfo], kind: OfficeKind, limits: Limits) -> None:
    if len(members) > limits.max_zip_members:
        raise ReadError(
            f"looks like a zip bomb: {len(members):,} members (the limit is {limits.max_zip_members:,})"
        )
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise ReadError("the file is password-protected")
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
