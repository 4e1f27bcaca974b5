"""Reading many assets at once, in this process or in a pool: documents, and the files that failed.

A failure is a value (`ReadFailure`), not a finding: what becomes of it
(IN001, a warning, a skipped file) is the caller's decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from msgalign.errors import ReadError
from msgalign.fs import Refused
from msgalign.ingest import read_document
from msgalign.ingest.limits import Limits
from msgalign.types import Document, Progress


@dataclass(frozen=True)
class ReadFailure:
    """A file that could not be read, with the plain reason shown to the user."""

    path: Path
    display_path: str
    reason: str


@dataclass(frozen=True)
class _ReadJob:
    path: Path
    shown: str
    limits: Limits


def _read(job: _ReadJob) -> Document | ReadFailure:
    try:
        return _with_reading_order(read_document(job.path, job.shown, job.limits))
    except (ReadError, Refused) as exc:
        return ReadFailure(job.path, job.shown, exc.reason)
    except MemoryError:
        return ReadFailure(job.path, job.shown, "the file needs more memory than is safe to use")
    except Exception as exc:  # noqa: BLE001 - a reader bug must not cost the other files
        return ReadFailure(job.path, job.shown,
                           f"unexpected problem while reading ({type(exc).__name__}: {exc})")


def _with_reading_order(doc: Document) -> Document:
    blocks = tuple(replace(b, location=replace(b.location, order=i)) for i, b in enumerate(doc.blocks))
    return doc.with_meta(blocks=blocks)


def _ignore_interrupts() -> None:
    """In a reader process: Ctrl-C is the main process's to handle (one line, exit 130); a worker
    that took it too would print a traceback of its own."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def read_files(files: Sequence[tuple[Path, str]], limits: Limits, *, jobs: int = 1,
               progress: Progress | None = None) -> tuple[list[Document], list[ReadFailure]]:
    """Read (path, display path) pairs in order; `jobs` > 1 reads in that many processes."""
    read_jobs = [_ReadJob(path, shown, limits) for path, shown in files]
    if jobs > 1 and len(read_jobs) > 1:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupts) as pool:
            results = list(pool.map(_read, read_jobs, chunksize=max(1, len(read_jobs) // (jobs * 4))))
    else:
        results = []
        for i, job in enumerate(read_jobs):
            results.append(_read(job))
            if progress:
                progress(i + 1, len(read_jobs), job.shown)
    docs = [r for r in results if isinstance(r, Document)]
    failures = [r for r in results if isinstance(r, ReadFailure)]
    return docs, failures
