"""Bytes of a text asset (.md, .txt, .html) → decoded text, or a ReadError.

The order is the one a person would use: a byte-order mark is certain; an
HTML page's own declaration comes next; then strict UTF-8 (what nearly every
tool writes today); then cp1252 (what Word and old CMSs write); and latin-1
last, because it decodes anything. Binary data is refused before any of that,
so a renamed image never turns into a page of mojibake findings.

Newlines are never translated: `--fix` rewrites the file byte for byte, so
`\\r\\n` must survive in the decoded text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from msgalign.errors import ReadError
from msgalign.fs import Refused, open_regular, read_fd

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control bytes that plain text does not contain (tab, LF, VT, FF, CR and ESC
# are allowed: ESC shows up in pasted terminal output).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
_MAX_CONTROL_SHARE = 0.10

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_DECLARATION_WINDOW = 2048

# Browsers read these labels as windows-1252 (WHATWG Encoding Standard), so a
# page declared latin-1 with curly quotes in 0x80-0x9F shows curly quotes.
_AS_CP1252 = {"latin-1", "iso8859-1", "ascii", "cp819"}
# A page cannot really be UTF-16 if we could read its <meta> as ASCII.
_AS_UTF8 = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
# Codecs that are not character encodings of a web page, or change lengths
# in ways no author intends.
_REFUSED = {"utf-7", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined", "mbcs", "oem"}


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    had_bom: bool = False


def read_text_bytes(path: Path, max_bytes: int, *, follow_links: bool = True) -> bytes:
    """Read at most `max_bytes`; a larger file is refused, not truncated.

    The file is opened non-blocking and must be a regular file (a FIFO would block
    the run); its size comes from the open descriptor. `follow_links=False` refuses
    a final symbolic link.
    """
    try:
        with open_regular(path, follow=follow_links) as (fd, st):
            check_text_size(b"", st.st_size, max_bytes)  # refused before a byte is read
            data = read_fd(fd, max_bytes)
    except Refused as exc:
        raise ReadError(exc.reason) from None
    check_text_size(data, st.st_size, max_bytes)
    return data


def check_text_size(data: bytes, size: int, max_bytes: int) -> None:
    """ReadError when a text file (`size` on disk, `data` read so far) is over `max_bytes`."""
    if len(data) > max_bytes or size > max_bytes:
        raise ReadError(
            f"file is {_mb(max(size, len(data)))}; the limit for text files is {_mb(max_bytes)} "
            "(set max-file-size in msgalign.toml)"
        )


def decode(data: bytes, *, html: bool = False) -> DecodedText:
    """Decode a text asset's bytes; raise ReadError for binary data."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data, codec)
    _refuse_binary(data)
    candidates: list[str] = []
    if html:
        declared = declared_charset(data)
        if declared:
            candidates.extend(declared)
    candidates.extend(["utf-8", "cp1252", "latin-1"])
    for codec in candidates:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        return DecodedText(_no_nul(text), codecs.lookup(codec).name)
    raise ReadError("the text encoding could not be recognised")  # latin-1 never fails


def declared_charset(data: bytes) -> list[str]:
    """Codecs to try for an HTML page's own `<meta charset>`, best first."""
    match = _META_CHARSET.search(data[:_DECLARATION_WINDOW])
    if not match:
        return []
    label = match.group(1).decode("ascii", "replace").strip().lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return []
    if name.replace("_", "-") in _REFUSED:
        return []
    if name in _AS_UTF8:
        return ["utf-8"]
    if name in _AS_CP1252:
        return ["cp1252", name]
    return [name]


def _decode_with_bom(data: bytes, codec: str) -> DecodedText:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        label = codec.replace("-sig", "").upper()
        raise ReadError(
            f"the file starts with a {label} byte-order mark but is not valid {label} (byte {exc.start})"
        ) from None
    return DecodedText(_no_nul(text), codec, had_bom=True)


def _refuse_binary(data: bytes) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ReadError(f"this looks like binary data, not text (NUL bytes at offset {nul})")
    if not data:
        return
    controls = len(data.translate(None, _NOT_CONTROL))
    if controls > _MAX_CONTROL_SHARE * len(data):
        share = round(100 * controls / len(data))
        raise ReadError(f"this looks like binary data, not text ({share}% control characters)")


def _no_nul(text: str) -> str:
    # A UTF-16/32 file may still carry NULs; markup parsers replace them,
    # which would break the offset mapping, and prose never contains them.
    nul = text.find("\x00")
    if nul >= 0:
        raise ReadError(f"this looks like binary data, not text (NUL characters at character {nul})")
    return text


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
