"""The core narrative (`narrative.md`): positioning, pillars, proof points and the ICP."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from msgalign.errors import NarrativeError

_PILLAR = re.compile(r"^##\s+Pillar:\s*(?P<name>.+?)\s*(?:\{#(?P<id>[\w-]+)\})?\s*$", re.I)
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_ITEM = re.compile(r"^\s*[-*+]\s+(.*)$")
_PROOF_LINE = re.compile(r"^\s*\**proof points?\**\s*:?\s*\**\s*$", re.I)


@dataclass(frozen=True)
class ProofPoint:
    text: str
    pillar: str
    line: int


@dataclass(frozen=True)
class Pillar:
    id: str
    name: str
    description: str
    proof_points: tuple[ProofPoint, ...]
    line: int

    @property
    def text(self) -> str:
        """What the pillar says, for embedding: name, description and proof points."""
        return " ".join([self.name + ".", self.description, *(p.text for p in self.proof_points)]).strip()


@dataclass(frozen=True)
class Narrative:
    path: str
    company: str = ""
    product: str = ""
    icp: str = ""
    positioning: str = ""
    pillars: tuple[Pillar, ...] = ()

    @property
    def proof_points(self) -> tuple[ProofPoint, ...]:
        return tuple(p for pillar in self.pillars for p in pillar.proof_points)

    def pillar(self, pillar_id: str) -> Pillar | None:
        return next((p for p in self.pillars if p.id == pillar_id), None)


@dataclass
class _PillarDraft:
    """A pillar while its section is still being read."""

    id: str
    name: str
    line: int
    desc: list[str] = field(default_factory=list)
    proofs: list[ProofPoint] = field(default_factory=list)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "pillar"


def parse_narrative(text: str, where: str = "narrative.md") -> Narrative:
    lines = text.splitlines()
    front: dict[str, object] = {}
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is None:
            raise NarrativeError("the front matter that starts on line 1 is never closed with '---'.", where=where)
        try:
            loaded = yaml.safe_load("\n".join(lines[1:end])) or {}
        except yaml.YAMLError as exc:
            raise NarrativeError(f"the front matter is not valid YAML ({exc}).", where=f"{where}:1") from None
        if not isinstance(loaded, dict):
            raise NarrativeError("the front matter must be key: value lines.", where=f"{where}:1")
        front = loaded
        start = end + 1

    positioning: list[str] = []
    pillars: list[Pillar] = []
    current: _PillarDraft | None = None
    in_positioning = False
    in_proofs = False

    def close() -> None:
        if current is not None:
            pillars.append(Pillar(
                id=current.id, name=current.name,
                description=" ".join(current.desc).strip(),
                proof_points=tuple(current.proofs),
                line=current.line,
            ))

    for n, line in enumerate(lines[start:], start=start + 1):
        if m := _PILLAR.match(line):
            close()
            name = m.group("name").strip()
            current = _PillarDraft(id=m.group("id") or slug(name), name=name, line=n)
            in_positioning = in_proofs = False
            continue
        if m := _HEADING.match(line):
            if current is not None and len(m.group(1)) <= 2:
                close()
                current = None
            in_positioning = m.group(2).strip().lower().startswith("positioning")
            in_proofs = False
            continue
        if current is not None:
            if _PROOF_LINE.match(line):
                in_proofs = True
            elif in_proofs and (item := _ITEM.match(line)):
                current.proofs.append(ProofPoint(item.group(1).strip(), current.id, n))
            elif line.strip() and not in_proofs:
                current.desc.append(line.strip())
        elif in_positioning and line.strip():
            positioning.append(line.strip())
    close()

    ids = [p.id for p in pillars]
    dup = next((i for i in ids if ids.count(i) > 1), None)
    if dup:
        raise NarrativeError(f"two pillars have the id '{dup}'; give one a different {{#id}}.", where=where)
    return Narrative(
        path=where,
        company=str(front.get("company", "") or ""),
        product=str(front.get("product", "") or ""),
        icp=str(front.get("icp", "") or "").strip(),
        positioning=" ".join(positioning),
        pillars=tuple(pillars),
    )


def load_narrative(path: Path, display: str | None = None) -> Narrative:
    where = display or path.as_posix()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NarrativeError(
            "the narrative file does not exist; set 'narrative' in msgalign.toml.", where=where
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise NarrativeError(f"cannot read the narrative ({exc}).", where=where) from None
    return parse_narrative(text, where)
