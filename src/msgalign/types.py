"""The values that flow through msgalign: assets, blocks, locations, findings.

Data flows one way: ingest builds `Document`s of `Block`s, checks turn them
into `Finding`s, formatters render a `Report`. All values are frozen.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import IntEnum
from pathlib import Path

# Reading progress: (files done, files in all, the file just read), for a progress bar.
Progress = Callable[[int, int, str], None]

# Told to the user on stderr, not a finding: a file skipped on purpose (a FIFO, a fix that would
# overwrite an edit), with what and where. The CLI prints them; library callers collect them.
Notice = Callable[[str], None]


def ignore_notice(message: str) -> None:
    """The default `Notice`: library callers that pass none do not hear about skipped files."""


class Severity(IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r}; use error, warning or info") from None


@dataclass(frozen=True)
class Location:
    """Where a piece of text came from. Lines and columns are 1-based."""

    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    slide: int | None = None
    page: int | None = None
    block: str | None = None
    # Reading order of the block within its asset: sorts DOCX paragraphs and
    # shapes on a slide, which have no line. Not part of the JSON contract.
    order: int = field(default=0, compare=False)
    # The start and end columns counted in UTF-8 bytes (reviewdog's unit), where the text
    # is known (`Document.span_location`). Not part of the JSON contract.
    byte_columns: tuple[int, int] | None = field(default=None, compare=False)

    def sort_key(self) -> tuple[int, int, int, int, int]:
        return (self.slide or 0, self.page or 0, self.line or 0, self.order, self.column or 0)

    def describe(self) -> str:
        """A short human label: '12:5', 'slide 4 / Title 1', 'page 2'."""
        if self.line is not None:
            return f"{self.line}:{self.column or 1}"
        if self.block:
            return self.block
        if self.slide is not None:
            return f"slide {self.slide}"
        if self.page is not None:
            return f"page {self.page}"
        return ""

    def to_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "slide": self.slide,
            "page": self.page,
            "block": self.block,
        }


class SourceText:
    """The decoded text of a text-format file, for turning offsets into lines."""

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                starts.append(i + 1)
        self._line_starts = starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset (columns count code points)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def utf8_column(self, offset: int) -> int:
        """1-based column of a character offset counted in UTF-8 bytes (reviewdog's unit)."""
        offset = max(0, min(offset, len(self.text)))
        start = self._line_starts[bisect.bisect_right(self._line_starts, offset) - 1]
        return len(self.text[start:offset].encode("utf-8", "surrogatepass")) + 1

    def line_offset(self, line: int) -> int:
        """Offset of the first character of a 1-based line."""
        return self._line_starts[max(0, min(line - 1, len(self._line_starts) - 1))]


@dataclass(frozen=True)
class Directive:
    """An inline suppression comment as written, e.g. 'disable TM001 -- reason'.

    Text formats give the 1-based `line` of the comment; PPTX gives the
    `slide` whose speaker notes hold a `msgalign: ...` line.
    """

    text: str
    line: int | None = None
    slide: int | None = None


@dataclass(frozen=True)
class Block:
    """One unit of prose: a heading, paragraph, list item, table cell, slide part.

    `text` is the prose as a reader sees it (markup removed). For text formats
    `offsets[i]` is the source offset of `text[i]`, so a span of the text maps
    back to an exact line and column, and `--fix` can edit the source. Spans in
    `protected` (URLs, e-mail addresses, inline code) are never linted.
    """

    kind: str
    text: str
    location: Location
    section: str = ""
    section_index: int = 0
    offsets: tuple[int, ...] | None = None
    protected: tuple[tuple[int, int], ...] = ()

    @property
    def is_heading(self) -> bool:
        return self.kind in ("heading", "slide_title")

    def is_protected(self, start: int, end: int) -> bool:
        return any(start < p_end and p_start < end for p_start, p_end in self.protected)


@dataclass(frozen=True)
class FileStamp:
    """A file as it was when its bytes were read: `--fix` writes only while it still is."""

    size: int
    mtime_ns: int
    sha256: str
    device: int = 0
    inode: int = 0


@dataclass(frozen=True)
class Document:
    """One asset, read: its blocks in reading order and where it came from."""

    path: Path
    display_path: str
    format: str
    blocks: tuple[Block, ...]
    team: str = "other"
    channel: str = "other"
    source: SourceText | None = None
    encoding: str | None = None
    had_bom: bool = False
    front_matter: dict[str, object] = field(default_factory=dict)
    directives: tuple[Directive, ...] = ()
    # Text formats: the file as read (size, mtime, hash of the bytes `source` was decoded from).
    stamp: FileStamp | None = None
    # What was read but is not right ("path:line: the front matter is not valid YAML ..."), told as notices.
    warnings: tuple[str, ...] = ()
    # Source ranges of words read from inside code (an MDX page's JSX strings): a fix there must need no escaping.
    code_strings: tuple[tuple[int, int], ...] = ()

    def with_meta(self, **changes: object) -> Document:
        # replace() checks the field names at run time; their types cannot be checked through **changes.
        return replace(self, **changes)  # type: ignore[arg-type]

    def span_location(self, block: Block, start: int, end: int) -> Location:
        """The location of text[start:end] in a block: exact for text formats."""
        if self.source is None or block.offsets is None or not block.offsets:
            return block.location
        start = max(0, min(start, len(block.offsets) - 1))
        last = max(start, min(end - 1, len(block.offsets) - 1))
        line, col = self.source.line_col(block.offsets[start])
        end_line, end_col = self.source.line_col(block.offsets[last] + 1)
        utf8 = (self.source.utf8_column(block.offsets[start]), self.source.utf8_column(block.offsets[last] + 1))
        return replace(block.location, line=line, column=col, end_line=end_line, end_column=end_col, byte_columns=utf8)

    def sections(self) -> list[list[Block]]:
        """Blocks grouped by section (a heading and what follows it, or a slide)."""
        groups: dict[int, list[Block]] = {}
        for block in self.blocks:
            groups.setdefault(block.section_index, []).append(block)
        return [groups[k] for k in sorted(groups)]


@dataclass(frozen=True)
class Evidence:
    """Extra facts behind a finding: the other side of a conflict, a similarity."""

    data: tuple[tuple[str, object], ...]

    @classmethod
    def of(cls, **items: object) -> Evidence:
        return cls(tuple(items.items()))

    def to_dict(self) -> dict[str, object]:
        return dict(self.data)


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    severity: Severity
    message: str
    path: str
    location: Location
    excerpt: str | None = None
    suggestion: str | None = None
    team: str | None = None
    score: float | None = None
    evidence: Evidence | None = None
    # For --fix: the source offsets [start, end) the suggestion replaces.
    fix_span: tuple[int, int] | None = None

    def sort_key(self) -> tuple[object, ...]:
        return (self.path, self.location.sort_key(), self.rule, self.message)

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.label,
            "message": self.message,
            "path": self.path,
            "location": self.location.to_dict(),
            "excerpt": self.excerpt,
            "suggestion": self.suggestion,
            "team": self.team,
            "score": None if self.score is None else round(self.score, 4),
            "evidence": None if self.evidence is None else self.evidence.to_dict(),
        }


@dataclass(frozen=True)
class AssetSummary:
    path: str
    team: str
    channel: str
    blocks: int
    sentences: int
    alignment: float | None = None
    pillars: tuple[tuple[str, float], ...] = ()
    tone: tuple[tuple[str, float], ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "team": self.team,
            "channel": self.channel,
            "blocks": self.blocks,
            "sentences": self.sentences,
            "alignment": None if self.alignment is None else round(self.alignment, 4),
            "pillars": {k: round(v, 4) for k, v in self.pillars},
            "tone": {k: round(v, 4) for k, v in self.tone},
        }


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    assets: tuple[AssetSummary, ...]
    tool_version: str = "0.1.0"

    @classmethod
    def build(cls, findings: Iterable[Finding], assets: Iterable[AssetSummary], version: str) -> Report:
        return cls(
            findings=tuple(sorted(findings, key=Finding.sort_key)),
            assets=tuple(sorted(assets, key=lambda a: a.path)),
            tool_version=version,
        )

    def by_severity(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for sev in sorted({f.severity for f in self.findings}, reverse=True):
            counts[sev.label] = sum(1 for f in self.findings if f.severity == sev)
        return counts

    def by_rule(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for f in self.findings:
            counts[f.rule] = counts.get(f.rule, 0) + 1
        return dict(sorted(counts.items()))

    def max_severity(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)
