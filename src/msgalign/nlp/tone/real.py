"""Labels on real companies' sentences, kept by hash: the real half of the tone data.

The project never copies real pages' text, so `datasets/tone/real/*.tsv` holds
only where a sentence is and a short hash of it (workspace, path, line,
`sentence_hash`, label, team). The text is read back from the shared real
workspaces (`../shared/realworld/` next to the project) with msgalign's own
readers and sentence splitter, and matched by path and hash. Used by
`scripts/train_tone.py` and `eval/eval_tone.py` only; nothing at check time
reads it.

Held-out rows are chosen by page, not by sentence (`held_out_page`), so no
page's wording leaks from training into the score.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from msgalign.errors import ReadError
from msgalign.ingest import read_document
from msgalign.text.sentences import split_sentences

# `label` is the gold label; `first` and `second` are the two blind labels it was settled from.
COLUMNS = ("ws", "path", "line", "sha1", "label", "team", "first", "second")


def sentence_hash(text: str) -> str:
    """The first 10 hex digits of the SHA-1 of the whitespace-normalised, case-folded sentence."""
    return hashlib.sha1(" ".join(text.split()).casefold().encode()).hexdigest()[:10]


def held_out_page(ws: str, path: str) -> bool:
    """About two pages in five are held out, fixed by a hash of the page (never by sentence)."""
    return int(hashlib.sha1(f"{ws}/{path}".encode()).hexdigest()[:8], 16) % 5 in (1, 3)


@dataclass(frozen=True)
class RealRow:
    ws: str
    path: str
    line: int
    sha1: str
    label: str
    team: str
    first: str = ""    # the two blind labels the gold `label` was settled from
    second: str = ""


@dataclass(frozen=True)
class RealSet:
    """Labelled real sentences that were found again in the shared workspaces."""

    rows: tuple[RealRow, ...]
    texts: tuple[str, ...]
    missing: tuple[RealRow, ...]   # labelled, but not found (page changed or absent)
    sha256: str                    # of the label files and the matched texts

    def held_out(self) -> list[bool]:
        return [held_out_page(r.ws, r.path) for r in self.rows]


def read_labels(paths: Sequence[Path]) -> list[RealRow]:
    rows: list[RealRow] = []
    for path in sorted(paths):
        reader = csv.DictReader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t",
                                quoting=csv.QUOTE_NONE)
        for n, row in enumerate(reader, start=2):
            try:
                rows.append(RealRow(row["ws"], row["path"], int(row["line"]), row["sha1"], row["label"], row["team"],
                                    row.get("first") or "", row.get("second") or ""))
            except (KeyError, TypeError, ValueError):
                raise ValueError(f"{path}:{n}: expected the columns {', '.join(COLUMNS)}") from None
    return rows


def page_sentences(workspace: Path, rel: str) -> list[tuple[int, str]]:
    """(line, text) of every sentence of one page, split as msgalign splits it; [] when unreadable."""
    try:
        doc = read_document(workspace / rel, rel)
    except ReadError:
        return []
    out = []
    for block in doc.blocks:
        for s in split_sentences(block.text):
            line = doc.span_location(block, s.start, s.end).line or 0
            out.append((line, " ".join(s.text.split())))
    return out


def load_real(label_files: Sequence[Path], realworld: Path) -> RealSet:
    """The labelled sentences' texts, read from `realworld/<ws>/<path>` and matched by hash (then line)."""
    rows = read_labels(label_files)
    digest = hashlib.sha256()
    for path in sorted(label_files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    pages: dict[tuple[str, str], dict[str, list[tuple[int, str]]]] = {}
    found: list[RealRow] = []
    texts: list[str] = []
    missing: list[RealRow] = []
    for row in rows:
        key = (row.ws, row.path)
        if key not in pages:
            by_hash: dict[str, list[tuple[int, str]]] = {}
            for line, text in page_sentences(realworld / row.ws, row.path):
                by_hash.setdefault(sentence_hash(text), []).append((line, text))
            pages[key] = by_hash
        hits = pages[key].get(row.sha1)
        if not hits:
            missing.append(row)
            continue
        _, text = min(hits, key=lambda hit: abs(hit[0] - row.line))
        found.append(row)
        texts.append(text)
        digest.update(text.encode() + b"\0")
    return RealSet(tuple(found), tuple(texts), tuple(missing), digest.hexdigest())
