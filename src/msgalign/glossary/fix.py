"""`check --fix`: apply the safe terminology fixes (TM001, TM002) in place.

Only Markdown, text and HTML; only the matched words change, every other byte
stays (encoding, BOM and line endings included); each file is written
atomically (a temporary file beside it, then a rename).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from msgalign.types import Document, Finding

FIXABLE_RULES = ("TM001", "TM002")
FIXABLE_FORMATS = ("markdown", "text", "html")


@dataclass(frozen=True)
class FixResult:
    path: str
    applied: int


def apply_fixes(docs: Iterable[Document], findings: Iterable[Finding]) -> list[FixResult]:
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        if f.rule in FIXABLE_RULES and f.fix_span is not None and f.suggestion is not None:
            by_path.setdefault(f.path, []).append(f)
    results = []
    for doc in docs:
        fixes = by_path.get(doc.display_path)
        if not fixes or doc.format not in FIXABLE_FORMATS or doc.source is None:
            continue
        new_text, applied = fix_source(doc.source.text, fixes)
        if applied:
            write_atomically(doc.path, encode(new_text, doc))
            results.append(FixResult(doc.display_path, applied))
    return results


def fix_source(text: str, fixes: list[Finding]) -> tuple[str, int]:
    """Replace each fix span, last first, skipping overlaps and spans whose text moved."""
    applied = 0
    last_start = len(text) + 1
    for f in sorted(fixes, key=lambda f: f.fix_span or (0, 0), reverse=True):
        assert f.fix_span is not None and f.suggestion is not None
        start, end = f.fix_span
        if end > last_start or text[start:end] != f.excerpt:
            continue  # overlapping, or the source differs from what was matched (an entity)
        text = text[:start] + f.suggestion + text[end:]
        last_start = start
        applied += 1
    return text, applied


def encode(text: str, doc: Document) -> bytes:
    encoding = doc.encoding or "utf-8"
    if encoding.replace("_", "-").lower() in ("utf-8-sig", "utf-16", "utf-32"):
        return text.encode(encoding)
    data = text.encode(encoding, errors="xmlcharrefreplace" if doc.format == "html" else "strict")
    return (b"\xef\xbb\xbf" + data) if doc.had_bom and encoding.lower().startswith("utf-8") else data


def write_atomically(path: Path, data: bytes) -> None:
    mode = path.stat().st_mode
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".msgalign-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
