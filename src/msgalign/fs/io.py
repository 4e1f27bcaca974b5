"""Open-for-read with confinement, exclusive temporary files with an atomic rename, and "unchanged since read".

A workspace may be hostile: a cloned repository can hold a symbolic link to a
file in the user's home folder, a link that points at itself, or a FIFO named
`notes.md` that blocks whoever opens it. Every asset and template msgalign
reads goes through `open_regular` and every file it writes through
`write_temp` + `commit_temp`, so those cases are refused in one place.

What is left open (documented, not handled): a folder component of a path
swapped for a link while the run is under way (there is no portable
`openat2(RESOLVE_BENEATH)`), and an edit saved in the instant between the last
"unchanged" check and the rename.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PosixPath, WindowsPath

from msgalign.types import FileStamp

_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NOCTTY = getattr(os, "O_NOCTTY", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)
_READ_FLAGS = os.O_RDONLY | _O_NONBLOCK | _O_CLOEXEC | _O_NOCTTY | _O_BINARY
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC | _O_NOCTTY | _O_BINARY
_CHUNK = 1 << 20
TEMP_SUFFIX = ".msgalign-tmp"


class Refused(Exception):
    """A file msgalign will not open or write, with the plain reason shown to the user."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


if sys.platform == "win32":
    _ConcretePath = WindowsPath
else:
    _ConcretePath = PosixPath


class VettedLink(_ConcretePath):
    """A symbolic link whose real path the workspace rules allow; readers follow no other link.

    `workspace.discovery` decides and marks the path with this type. The mark is the
    type alone, so it survives pickling into a reader process; `Path(str(link))`
    drops it, and then the link is refused (fail closed).
    """


# --- where a path really is ------------------------------------------------------------------------


def real_path(path: Path) -> Path:
    """Every link resolved; OSError for a loop (ELOOP) or a link to nothing (ENOENT)."""
    return Path(os.path.realpath(path, strict=True))


def inside(real: Path, roots: Iterable[Path]) -> bool:
    """Whether a real path is one of `roots` (real paths too) or under one."""
    text = os.path.normcase(str(real))
    for root in roots:
        base = os.path.normcase(str(root))
        try:
            if os.path.commonpath([base, text]) == base:
                return True
        except ValueError:  # different drives
            continue
    return False


def special_kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def describe_link(path: Path) -> str:
    """Why a symbolic link that was not vetted is not followed."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "it is a symbolic link loop (the link never reaches a file)"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return "it is a symbolic link to a file that does not exist"
        return f"cannot follow the symbolic link: {exc.strerror or exc}"
    return "links outside the workspace are not followed"


# --- reading -----------------------------------------------------------------------------------------


@contextmanager
def open_regular(path: Path, *, follow: bool = False) -> Iterator[tuple[int, os.stat_result]]:
    """An open, read-only, non-blocking descriptor of a regular file, and its fstat.

    Not a regular file (FIFO, device, socket, folder) → `Refused`, checked before the
    open (opening some devices has effects) and again on the descriptor. With
    `follow=False` a final symbolic link is refused (O_NOFOLLOW). Other problems
    (missing file, no permission) are the OSError itself.
    """
    before = os.stat(path, follow_symlinks=follow)
    if stat.S_ISLNK(before.st_mode):
        raise Refused("it is a symbolic link")
    kind = special_kind(before.st_mode)
    if kind is not None:
        raise Refused(f"it is {kind}, not a regular file")
    try:
        fd = os.open(path, _READ_FLAGS | (0 if follow else _O_NOFOLLOW))
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow:
            raise Refused("it is a symbolic link") from None
        raise
    try:
        now = os.fstat(fd)
        kind = special_kind(now.st_mode)
        if kind is not None:
            raise Refused(f"it is {kind}, not a regular file")
        if (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
            raise Refused("the file was replaced while it was being opened")
        yield fd, now
    finally:
        os.close(fd)


def read_fd(fd: int, limit: int) -> bytes:
    """At most `limit + 1` bytes from the descriptor: one more than allowed tells the caller it is too large."""
    chunks: list[bytes] = []
    left = limit + 1
    while left > 0:
        try:
            chunk = os.read(fd, min(_CHUNK, left))
        except BlockingIOError:  # cannot happen for a regular file; never spin on one that is not
            break
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_problem(exc: OSError | UnicodeDecodeError) -> tuple[str, int | None]:
    """Why a file could not be read, in plain words, and the line at fault (None when no line is).

    For the files msgalign reads as settings (msgalign.toml, the glossary, the narrative), whose
    errors name the file: "it is not UTF-8 text; save it as UTF-8", never a codec's own message.
    """
    if isinstance(exc, UnicodeDecodeError):
        data = bytes(exc.object)
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "it is saved as UTF-16 text; save it as UTF-8", None
        return "it is not UTF-8 text; save it as UTF-8", data[: exc.start].count(b"\n") + 1
    if isinstance(exc, FileNotFoundError):
        return "the file does not exist", None
    if isinstance(exc, IsADirectoryError):
        return "it is a folder, not a file", None
    if isinstance(exc, PermissionError):
        return "msgalign is not allowed to read it; check the file's permissions", None
    return str(exc.strerror or exc), None


def stamp_of(st: os.stat_result, data: bytes) -> FileStamp:
    return FileStamp(st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest(), st.st_dev, st.st_ino)


def read_stamped(path: Path, limit: int, *, follow: bool = False) -> tuple[bytes, FileStamp]:
    """The file's bytes (at most `limit + 1`) and its stamp, from one open descriptor."""
    with open_regular(path, follow=follow) as (fd, st):
        data = read_fd(fd, limit)
    return data, stamp_of(st, data)


def still_unchanged(path: Path, stamp: FileStamp) -> bytes | None:
    """The file's bytes if size, mtime, identity and content hash are still those of `stamp`, else None."""
    with open_regular(path) as (fd, st):
        if (st.st_size, st.st_mtime_ns) != (stamp.size, stamp.mtime_ns):
            return None
        if stamp.inode and (st.st_dev, st.st_ino) != (stamp.device, stamp.inode):
            return None
        data = read_fd(fd, stamp.size)
    return data if hashlib.sha256(data).hexdigest() == stamp.sha256 else None


# --- writing -----------------------------------------------------------------------------------------


def _target_state(target: Path) -> os.stat_result | None:
    """The target's lstat, or None when there is none; `Refused` for a link or anything but a file."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        raise Refused("it is a symbolic link, and msgalign never writes where a link points")
    kind = special_kind(st.st_mode)
    if kind is not None:
        raise Refused(f"it is {kind}, not a regular file")
    return st


def write_temp(target: Path, data: bytes, *, mode: int | None = None) -> Path:
    """A new temporary file beside `target` holding `data`, synced to disk, ready for `commit_temp`.

    Created exclusively (O_CREAT|O_EXCL|O_NOFOLLOW) under a random name, so nothing
    planted in the folder can redirect the write. Its permissions are `mode`, else the
    existing target's, else the usual ones for a new file (0666 less the umask).
    """
    existing = _target_state(target)
    if mode is None and existing is not None:
        mode = stat.S_IMODE(existing.st_mode)
    stem = target.name[:80]
    for _ in range(16):
        tmp = target.with_name(f".{stem}.{secrets.token_hex(8)}{TEMP_SUFFIX}")
        try:
            fd = os.open(tmp, _CREATE_FLAGS, 0o600 if mode is not None else 0o666)
        except FileExistsError:
            continue
        break
    else:  # pragma: no cover - 16 collisions of 64 random bits
        raise Refused("could not create a temporary file beside it")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
            if existing is not None and hasattr(os, "fchown") and os.geteuid() == 0:
                try:
                    os.fchown(handle.fileno(), existing.st_uid, existing.st_gid)
                except OSError:
                    pass
            os.fsync(handle.fileno())
    except BaseException:
        discard_temp(tmp)
        raise
    return tmp


def commit_temp(tmp: Path, target: Path, *, check: Callable[[], None] | None = None) -> None:
    """Rename `tmp` over `target` (atomic on one file system); `check` may raise to stop at the last moment."""
    try:
        _target_state(target)
        if check is not None:
            check()
        os.replace(tmp, target)
    except BaseException:
        discard_temp(tmp)
        raise
    _sync_folder(target.parent)


def discard_temp(tmp: Path) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


def write_replacing(target: Path, data: bytes, *, mode: int | None = None,
                    check: Callable[[], None] | None = None) -> None:
    """Write `data` as `target` through an exclusive temporary file and a rename: whole or not at all."""
    commit_temp(write_temp(target, data, mode=mode), target, check=check)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows opening a folder."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _O_CLOEXEC
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
