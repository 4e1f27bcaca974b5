"""Files on disk, opened and replaced safely: the one place msgalign calls `os.open` for assets and outputs.

Reading: regular files only (a FIFO, device or socket is refused before it can
block), opened non-blocking, without following a final symbolic link unless
the caller vetted it, sized from the open descriptor. Writing: a uniquely
named temporary file created exclusively beside the target, then renamed over
it, never through a link. Imports only `msgalign.types` and `msgalign.errors`.
"""

from __future__ import annotations

from msgalign.fs.io import (
    Refused,
    VettedLink,
    commit_temp,
    describe_link,
    discard_temp,
    inside,
    open_regular,
    read_fd,
    read_problem,
    read_stamped,
    real_path,
    special_kind,
    stamp_of,
    still_unchanged,
    write_replacing,
    write_temp,
)

__all__ = [
    "Refused",
    "VettedLink",
    "commit_temp",
    "describe_link",
    "discard_temp",
    "inside",
    "open_regular",
    "read_fd",
    "read_problem",
    "read_stamped",
    "real_path",
    "special_kind",
    "stamp_of",
    "still_unchanged",
    "write_replacing",
    "write_temp",
]
