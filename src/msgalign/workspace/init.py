"""`msgalign init`: write a starter workspace from the copy packaged in data/workspace/."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from msgalign.errors import UsageError


def _files(root: resources.abc.Traversable, prefix: str = "") -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        rel = f"{prefix}{entry.name}"
        if entry.is_dir():
            out += _files(entry, rel + "/")
        elif entry.name != "__pycache__":
            out.append((rel, entry.read_bytes()))
    return out


def init_workspace(target: Path, *, force: bool = False) -> list[str]:
    """Create a workspace in `target`. Never overwrites a file, even with force.

    Without `force` the folder must be empty or new; with it, files that exist
    are kept and only the missing ones are written.
    """
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a folder.")
    if target.exists() and any(target.iterdir()) and not force:
        raise UsageError(f"{target} is not empty; use --force to add the missing workspace files "
                         "(existing files are never overwritten).")
    written = []
    for rel, data in _files(resources.files("msgalign") / "data" / "workspace"):
        path = target / rel
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(rel)
    if _ignore_cache(target / ".gitignore"):
        written.append(".gitignore")
    return written


CACHE_LINE = ".msgalign-cache/"
_CACHE_FORMS = {".msgalign-cache", ".msgalign-cache/", "/.msgalign-cache", "/.msgalign-cache/",
                ".msgalign-cache/*", "/.msgalign-cache/*"}


def _ignore_cache(path: Path) -> bool:
    """Keep the embedding cache out of git (and out of pre-commit's "files were modified"):
    write a `.gitignore`, or add the line to the one there. True when the file was written."""
    if path.is_symlink() or (path.exists() and not path.is_file()):
        return False  # never write through a link or over a folder
    if not path.exists():
        path.write_text(f"# msgalign's embedding cache: safe to delete, never worth committing\n{CACHE_LINE}\n",
                        encoding="utf-8")
        return True
    data = path.read_bytes()
    lines = {line.strip() for line in data.decode("utf-8", errors="replace").splitlines()}
    if lines & _CACHE_FORMS:
        return False
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    lead = b"" if not data or data.endswith(b"\n") else newline
    with path.open("ab") as handle:
        handle.write(lead + CACHE_LINE.encode("utf-8") + newline)
    return True
