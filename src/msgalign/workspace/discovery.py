"""What a run reads and how each asset is placed: the files, the glossary, each asset's team and channel."""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from msgalign.errors import UsageError
from msgalign.fs import VettedLink, inside, real_path, special_kind
from msgalign.glossary.load import load_glossary
from msgalign.glossary.types import Glossary
from msgalign.ingest.limits import SUPPORTED_SUFFIXES
from msgalign.types import Document, Notice, ignore_notice
from msgalign.workspace.config import FORMAT_CHANNELS, Config
from msgalign.workspace.paths import display_path, located


def collect_files(paths: Iterable[Path], config: Config, notice: Notice = ignore_notice) -> list[Path]:
    """Supported files under the given paths, sorted; hidden folders and excludes skipped.

    Confinement: a file is read only when its real path is inside the workspace
    root or inside a path named on the command line (`paths`, when they are not
    simply the configured corpus). A symbolic link that qualifies comes back as a
    `VettedLink`, the only kind of link the readers follow; any other link (one
    pointing out, a loop, a link to nothing) comes back as it is, so the reader
    refuses it and the run reports an IN001. A FIFO, device or socket is never
    opened: it is left out and `notice` hears why, as it does of a corpus folder
    outside the workspace and of links to folders, which are not followed.
    """
    tops = [Path(p) for p in paths]
    named = tops if tuple(tops) != tuple(Path(c) for c in config.corpus) else []
    roots = _roots(config, named)
    found: set[Path] = set()
    unreadable: list[Path] = []
    missing = [top for top in tops if not os.path.lexists(top)]
    if missing and len(missing) == len(tops):
        raise UsageError(f"no such file or folder: {', '.join(map(str, missing))}")
    for top in tops:
        if top in missing:
            found.add(top)  # among paths that exist: the reader's IN001 names it, and the others are checked
            continue
        if not named and not _top_inside(top, roots):
            notice(f"skipped the corpus folder {display_path(top)}: it is outside the workspace "
                   f"({display_path(config.root)}); name it on the command line to check it")
            continue
        if os.path.isdir(top):
            found.update(_walk(top, roots, notice, unreadable))
            continue
        chosen = _candidate(top, roots, notice)
        if chosen is not None:
            found.add(chosen)
    files = sorted(found, key=lambda p: display_path(p))
    skipped = sorted((f for f in unreadable if not _excluded(f, config)), key=lambda p: display_path(p))
    if skipped:
        notice(_unsupported_notice(skipped))
    return [f for f in files if not _excluded(f, config)]


# Office and other document formats found in folders that msgalign cannot read, and what to save them as.
UNSUPPORTED_FORMATS: dict[str, str] = {
    ".ppt": "deck", ".pps": "deck", ".pot": "deck", ".pptm": "deck", ".key": "deck", ".odp": "deck",
    ".doc": "document", ".docm": "document", ".dot": "document", ".rtf": "document", ".odt": "document",
    ".pages": "document", ".wpd": "document",
    ".xls": "other", ".xlsx": "other", ".xlsm": "other", ".numbers": "other", ".ods": "other",
}
_SHOWN_UNSUPPORTED = 5


def _unsupported_notice(paths: list[Path]) -> str:
    """One notice for every file skipped for its format: which, and what to save them as."""
    shown = ", ".join(display_path(p) for p in paths[:_SHOWN_UNSUPPORTED])
    more = f" and {len(paths) - _SHOWN_UNSUPPORTED} more" if len(paths) > _SHOWN_UNSUPPORTED else ""
    kinds = {UNSUPPORTED_FORMATS[p.suffix.lower()] for p in paths}
    advice = [text for kind, text in (("deck", "decks as .pptx or .pdf"), ("document", "documents as .docx or .pdf"),
                                      ("other", "spreadsheets as .pdf")) if kind in kinds]
    count = f"{len(paths)} file{'s' if len(paths) != 1 else ''}"
    return f"skipped {count} in a format msgalign cannot read: {shown}{more}. To check them, save {', '.join(advice)}."


def _roots(config: Config, named: Sequence[Path]) -> tuple[Path, ...]:
    """Real paths under which files may be read: the workspace root and what the user named."""
    return tuple(Path(os.path.realpath(p)) for p in (config.root, *named))


_DEV_COMPONENT = re.compile(r"(?:\A|[.\-_])(?:stories|story|test|spec)\.[jt]sx\Z", re.IGNORECASE)


def _top_inside(top: Path, roots: tuple[Path, ...]) -> bool:
    try:
        return inside(real_path(top), roots)
    except OSError:
        return True  # a loop or a link to nothing: the reader says which, as an IN001


def _walk(top: Path, roots: tuple[Path, ...], notice: Notice, unreadable: list[Path]) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(top):
        folder = Path(dirpath)
        for d in sorted(dirnames):
            if not d.startswith(".") and os.path.islink(folder / d):
                notice(f"skipped {display_path(folder / d)}: links to folders are not followed")
        # os.walk lists a link to a folder among the folders and does not descend into it.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not os.path.islink(folder / d))
        for name in filenames:
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                if Path(name).suffix.lower() in UNSUPPORTED_FORMATS and not name.startswith("~$"):
                    unreadable.append(folder / name)
                continue
            if _DEV_COMPONENT.search(name):
                continue  # a component's stories or tests: developers' examples, not a page's copy
            chosen = _candidate(folder / name, roots, notice)
            if chosen is not None:
                yield chosen


def _candidate(path: Path, roots: tuple[Path, ...], notice: Notice) -> Path | None:
    """The path to hand the reader (a `VettedLink` for a link it may follow), or None to leave it out."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return path  # gone or unreadable: the reader's IN001 says so
    if stat.S_ISLNK(mode):
        try:
            real = real_path(path)
            mode = os.stat(real).st_mode
        except OSError:
            return path  # a loop or a link to nothing
        if not inside(real, roots):
            return path  # refused by the reader: "links outside the workspace are not followed"
        if stat.S_ISDIR(mode):
            return None
        kind = special_kind(mode)
        if kind is not None:
            notice(f"skipped {display_path(path)}: it links to {kind}, not a regular file")
            return None
        return VettedLink(path)
    kind = special_kind(mode)
    if kind is not None and not stat.S_ISDIR(mode):
        notice(f"skipped {display_path(path)}: it is {kind}, not a regular file")
        return None
    return path


def workspace_glossary(config: Config) -> Glossary:
    """The glossary the config names; a missing default `glossary/` folder is an empty glossary."""
    paths = [p for p in config.glossary if p.exists() or p != config.root / "glossary"]
    for path in paths:
        if not os.path.lexists(path):
            from msgalign.errors import GlossaryError
            from msgalign.workspace.config import config_where

            where = config_where(config, "glossary") if config.source else display_path(path)
            raise GlossaryError(f"the glossary '{display_path(path)}' does not exist; create it, or correct the path "
                                "in 'glossary'.", where=where)
    return load_glossary(paths, display=display_path)


def _rel(path: Path, config: Config) -> str:
    """Where the file is in the workspace (a link where it is, not where it points)."""
    where = located(path)
    try:
        return where.relative_to(os.path.realpath(config.root)).as_posix()
    except ValueError:
        return where.as_posix()


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
            parts = located(doc.path).relative_to(os.path.realpath(corpus)).parts
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


def unused_settings(files: Sequence[Path], docs: Sequence[Document], config: Config) -> list[str]:
    """Notices for a `[teams]` or `[channels]` entry whose patterns match none of the corpus's files,
    and for a channel of one's own that no file is in: a path mistyped there silently puts every file
    in "other", so the targets meant for it are never checked. (One pattern of several that matches
    nothing, `*.html` beside `*.md`, is taken as meant.)"""
    from msgalign.workspace.config import DEFAULT_CHANNEL_TARGETS, config_where

    rels = [_rel(f, config) for f in files]
    used = {doc.channel for doc in docs}
    notes = []
    for kind, table in (("team", config.teams), ("channel", {n: t.globs for n, t in config.channels.items()})):
        for name, globs in table.items():
            if globs and not any(fnmatch.fnmatchcase(rel, glob) for rel in rels for glob in globs):
                key = ("teams", name) if kind == "team" else ("channels", name, "globs")
                shown = ", ".join(f"'{g}'" for g in globs)
                notes.append(f"{config_where(config, *key)}: no file in the corpus matches the {kind} '{name}' "
                             f"({shown}), so no file is placed there by path; patterns are paths from the folder "
                             f"of msgalign.toml, such as 'corpus/{name}/**'.")
    for name, target in config.channels.items():
        if name not in DEFAULT_CHANNEL_TARGETS and name not in used and not target.globs:
            notes.append(f"{config_where(config, 'channels', name)}: no file is in the channel '{name}': it has "
                         f"no 'globs' and no file's front matter says 'channel: {name}'.")
    return notes


def unknown_teams(glossary: Glossary, docs: Sequence[Document], config: Config) -> list[str]:
    """Notices for glossary entries that name a team no file of the corpus is in ('salez', 'Sales'):
    such an entry silently never applies."""
    known = set(config.teams) | {doc.team for doc in docs}
    notes = []
    entries: list[tuple[str, tuple[str, ...], str]] = [(t.term, t.teams, t.source) for t in glossary.terms]
    entries += [(a.phrase, a.teams, a.source) for a in glossary.avoid]
    for name, teams, source in entries:
        for team in teams:
            if team not in known:
                near = next((k for k in sorted(known) if k.casefold() == team.casefold()), None)
                hint = f"did you mean '{near}'?" if near else f"the corpus's teams are {', '.join(sorted(known))}."
                notes.append(f"{source}: no file of the corpus is in the team '{team}' that '{name}' is for, "
                             f"so it never applies there; {hint}")
    return notes


def place(doc: Document, config: Config) -> Document:
    """The document with its team and channel resolved."""
    with_team = doc.with_meta(team=resolve_team(doc, config))
    return with_team.with_meta(channel=resolve_channel(with_team, config))
