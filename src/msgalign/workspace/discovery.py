"""What a run reads and how each asset is placed: the files, the glossary, each asset's team and channel."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from pathlib import Path

from msgalign.errors import UsageError
from msgalign.glossary.load import load_glossary
from msgalign.glossary.types import Glossary
from msgalign.ingest.limits import SUPPORTED_SUFFIXES
from msgalign.types import Document, Notice, ignore_notice
from msgalign.workspace.config import FORMAT_CHANNELS, Config
from msgalign.workspace.paths import display_path


def collect_files(paths: Iterable[Path], config: Config, notice: Notice = ignore_notice) -> list[Path]:
    """Supported files under the given paths, sorted; hidden folders and excludes skipped.

    `notice` hears about files left out on purpose, with the reason.
    """
    found: set[Path] = set()
    for root in paths:
        if not root.exists():
            raise UsageError(f"no such file or folder: {root}")
        if root.is_file():
            found.add(root)
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in filenames:
                p = Path(dirpath) / name
                if p.suffix.lower() in SUPPORTED_SUFFIXES and not name.startswith("."):
                    found.add(p)
    files = sorted(found, key=lambda p: display_path(p))
    return [f for f in files if not _excluded(f, config)]


def workspace_glossary(config: Config) -> Glossary:
    """The glossary the config names; a missing default `glossary/` folder is an empty glossary."""
    paths = [p for p in config.glossary if p.exists() or p != config.root / "glossary"]
    return load_glossary(paths, display=display_path)


def _rel(path: Path, config: Config) -> str:
    try:
        return path.resolve().relative_to(config.root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _excluded(path: Path, config: Config) -> bool:
    rel = _rel(path, config)
    return any(fnmatch.fnmatchcase(rel, pattern) for pattern in config.exclude)


def resolve_team(doc: Document, config: Config) -> str:
    """Front matter `team`, then `[teams]` globs, then the first folder under the corpus, else "other"."""
    fm = doc.front_matter.get("team")
    if isinstance(fm, str) and fm.strip():
        return fm.strip().lower()
    rel = _rel(doc.path, config)
    for team, globs in config.teams.items():
        if any(fnmatch.fnmatchcase(rel, g) for g in globs):
            return team
    for corpus in config.corpus:
        try:
            parts = doc.path.resolve().relative_to(corpus.resolve()).parts
        except ValueError:
            continue
        if len(parts) > 1:
            return parts[0].lower()
    return "other"


_NAME_HINTS = (("playbook", "playbook"), ("e-mail", "email"), ("email", "email"),
               ("deck", "deck"), ("pitch", "deck"), ("talk-track", "deck"))


def resolve_channel(doc: Document, config: Config) -> str:
    """Front matter `channel`, then `[channels]` globs, the format, a hint in the name, else "other"."""
    fm = doc.front_matter.get("channel")
    if isinstance(fm, str) and fm.strip():
        return fm.strip().lower()
    rel = _rel(doc.path, config)
    for channel, target in config.channels.items():
        if any(fnmatch.fnmatchcase(rel, g) for g in target.globs):
            return channel
    suffix = doc.path.suffix.lower()
    if suffix in FORMAT_CHANNELS:
        return FORMAT_CHANNELS[suffix]
    name = rel.lower()
    for hint, channel in _NAME_HINTS:
        if hint in name:
            return channel
    if doc.format == "text" and doc.blocks and doc.blocks[0].text.lower().startswith("subject:"):
        return "email"
    return "other"


def place(doc: Document, config: Config) -> Document:
    """The document with its team and channel resolved."""
    with_team = doc.with_meta(team=resolve_team(doc, config))
    return with_team.with_meta(channel=resolve_channel(with_team, config))
