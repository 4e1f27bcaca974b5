"""Readers: a file on disk becomes a `Document` of located `Block`s.

`read_document` is the one entry point for one file and `read_files` for a
batch. Any problem with the file itself is a `ReadError` with a plain reason
(the engine turns it into an IN001 finding); readers never let a library's
exception or traceback escape.
"""

from __future__ import annotations

from pathlib import Path

from msgalign.errors import ReadError
from msgalign.ingest.limits import SUPPORTED_SUFFIXES, Limits
from msgalign.types import Document


def read_document(path: Path, display_path: str, limits: Limits | None = None) -> Document:
    """Read one asset. Raises ReadError with a plain reason for a bad file."""
    from msgalign.ingest import readers  # late import: keeps `msgalign --help` light

    return readers.read(path, display_path, limits or Limits())


__all__ = ["SUPPORTED_SUFFIXES", "Limits", "ReadError", "read_document"]
