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
    return written
