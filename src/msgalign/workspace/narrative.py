"""The core narrative (`narrative.md`): positioning, pillars, proof points and the ICP."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from msgalign.errors import NarrativeError
from msgalign.fs import read_problem

_PILLAR = re.compile(r"^##\s+Pillar:\s*(?P<name>.+?)\s*(?:\{#(?P<id>[\w-]+)\})?\s*$", re.I)
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_ITEM = re.compile(r"^\s*[-*+]\s+(.*)$")
_EMPTY_ITEM = re.compile(r"^\s*[-*+]()\s*$")  # a list marker with nothing after it
_PROOF_LINE = re.compile(r"^\s*\**proof points?\**\s*:?\s*\**\s*$", re.I)
# "## Pillar:" with nothing after it but perhaps an {#id}: a pillar with no name.
_NAMELESS_PILLAR = re.compile(r"^##\s+Pillar\s*:\s*(?:\{#[^}]*\})?\s*$", re.I)
# The front-matter keys msgalign reads; each is one line of text.
FRONT_KEYS = ("company", "product", "icp")


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
    warnings: tuple[str, ...] = ()  # "narrative.md:line: what was left out, and why", for a notice

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
            raise NarrativeError("the front matter that starts on line 1 is never closed with '---'.",
                                 where=f"{where}:1")
        front = _front_matter(lines[1:end], where)
        start = end + 1

    positioning: list[str] = []
    pillars: list[Pillar] = []
    current: _PillarDraft | None = None
    in_positioning = False
    in_proofs = False
    warnings: list[str] = []

    def close() -> None:
        if current is not None:
            if not current.desc and not current.proofs:
                warnings.append(f"{where}:{current.line}: the pillar '{current.name}' has no text and no proof "
                                "points, so assets have nothing of it to be compared with; describe it under its "
                                "heading.")
            pillars.append(Pillar(
                id=current.id, name=current.name,
                description=" ".join(current.desc).strip(),
                proof_points=tuple(current.proofs),
                line=current.line,
            ))

    for n, line in enumerate(lines[start:], start=start + 1):
        if _NAMELESS_PILLAR.match(line):
            raise NarrativeError("this pillar has no name; write '## Pillar: Its name {#its-id}'.",
                                 where=f"{where}:{n}")
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
            elif in_proofs and (item := _ITEM.match(line) or _EMPTY_ITEM.match(line)):
                if item.group(1).strip():
                    current.proofs.append(ProofPoint(item.group(1).strip(), current.id, n))
                else:
                    warnings.append(f"{where}:{n}: this proof point is empty, so it is left out; write the claim "
                                    "after the '-', or remove the line.")
            elif line.strip() and not in_proofs:
                current.desc.append(line.strip())
        elif in_positioning and line.strip():
            positioning.append(line.strip())
    close()

    if not pillars:
        warnings.append(f"{where}: the narrative has no pillars ('## Pillar: Its name' headings), so no asset "
                        "is checked against them.")
    first: dict[str, Pillar] = {}
    for pillar in pillars:
        if pillar.id in first:
            raise NarrativeError(f"two pillars have the id '{pillar.id}' (the first on line {first[pillar.id].line}); "
                                 "give one a different {#id}.", where=f"{where}:{pillar.line}")
        first[pillar.id] = pillar
    return Narrative(
        path=where,
        company=str(front.get("company") or ""),
        product=str(front.get("product") or ""),
        icp=str(front.get("icp") or "").strip(),
        positioning=" ".join(positioning),
        pillars=tuple(pillars),
        warnings=tuple(warnings),
    )


def _front_matter(lines: list[str], where: str) -> dict[str, object]:
    """The front matter (the lines between the '---' fences, from line 2) as a mapping of text values."""
    try:
        loaded = yaml.safe_load("\n".join(lines))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        problem = exc.problem or exc.context
        raise NarrativeError(f"the front matter is not valid YAML ({problem}).", where=f"{where}:{line}") from None
    except yaml.YAMLError as exc:
        raise NarrativeError(f"the front matter is not valid YAML ({exc}).", where=f"{where}:1") from None
    except RecursionError:
        raise NarrativeError("the front matter nests too deeply to read.", where=f"{where}:1") from None
    # A scalar PyYAML's constructors cannot build raises what they happen to hit: a date 2024-13-45
    # ValueError, `!!int ''` IndexError, `!!bool maybe` KeyError.
    except (ValueError, TypeError, OverflowError, IndexError, KeyError, AttributeError) as exc:
        raise NarrativeError(f"the front matter has a value that cannot be read ({exc}).", where=f"{where}:1") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise NarrativeError("the front matter must be key: value lines.", where=f"{where}:1")
    for key in FRONT_KEYS:
        value = loaded.get(key)
        if value is not None and not isinstance(value, str):
            line = next((i for i, text in enumerate(lines, start=2) if re.match(rf"\s*['\"]?{key}['\"]?\s*:", text)), 1)
            kind = "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else \
                "true/false" if isinstance(value, bool) else f"the number {value!r}" \
                if isinstance(value, (int, float)) else f"a date ({value})" if isinstance(value, datetime.date) \
                else f"a {type(value).__name__}"
            raise NarrativeError(f"'{key}' must be one line of text, got {kind}; quote it if it is meant as text "
                                 f"({key}: \"...\").", where=f"{where}:{line}")
    return loaded


def load_narrative(path: Path, display: str | None = None) -> Narrative:
    where = display or path.as_posix()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NarrativeError(
            "the narrative file does not exist; set 'narrative' in msgalign.toml.", where=where
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason, line = read_problem(exc)
        raise NarrativeError(f"cannot read the narrative: {reason}.", where=f"{where}:{line}" if line else where) \
            from None
    return parse_narrative(text, where)


# --- who the ICP names ------------------------------------------------------------------------------

# Role abbreviations and the words they stand for, both ways: an ICP that says "CISOs" names the
# chief information security officer, one that says "VP of Sales" names vice presidents.
ROLE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "ceo": ("chief", "executive"), "coo": ("chief", "operating", "operations"),
    "cfo": ("chief", "financial", "finance"),
    "cto": ("chief", "technology", "technical"), "cio": ("chief", "information"),
    "ciso": ("chief", "information", "security"), "cso": ("chief", "security"), "cmo": ("chief", "marketing"),
    "cro": ("chief", "revenue"), "cpo": ("chief", "product"), "cdo": ("chief", "data"),
    "vp": ("vice", "president"), "svp": ("senior", "vice", "president"), "evp": ("executive", "vice", "president"),
    "revops": ("revenue", "operations"), "devops": ("development", "operations"), "secops": ("security", "operations"),
    "sre": ("site", "reliability"), "it": ("information", "technology"), "hr": ("human", "resources"),
    "pm": ("product", "manager", "project"), "em": ("engineering", "manager"),
    "smb": ("small", "business"), "sme": ("small", "mid-sized", "business"), "saas": ("software", "service"),
    "dev": ("developer",), "eng": ("engineering",), "infra": ("infrastructure",), "ops": ("operations",),
}
# Words that say nothing about who someone is: an ICP and an audience both using them is no match.
_NOT_WHO = frozenset("""
    a an the and or of for with at in on to by from who whose that which their our your its is are be
    team company business organization organisation group people person user customer individual
    professional member everyone anyone other every all many most some any more less
    small large big mid mid-sized mid-market growing new global local independent modern good best
    leader head manager director lead owner plus up over under than more across
    chief vice senior junior officer president executive backed
    built made designed written tailored perfect ideal great meant intended created aimed targeted
    work works course guide playbook plan tool product if you run own whether serve we
""".split())


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def who_words(text: str) -> frozenset[str]:
    """The words of a text that say who someone is, singular and lowercase, with role abbreviations
    spelt out ("CISOs" gives ciso, chief, information, security)."""
    out: set[str] = set()
    for raw in re.findall(r"[A-Za-z][A-Za-z-]*", text):
        word = _singular(raw.casefold())
        if raw.isupper() and len(raw) > 1 and raw.casefold().rstrip("s") in ROLE_ABBREVIATIONS:
            word = raw.casefold().rstrip("s")
        if word in _NOT_WHO or len(word) < 2:
            continue
        out.add(word)
        out.update(w for w in ROLE_ABBREVIATIONS.get(word, ()) if w not in _NOT_WHO)
    return frozenset(out)


def icp_names(icp: str, audience: str) -> bool:
    """True when an audience phrase ("CISOs at fintech banks", "platform engineers") names someone the
    ICP names: a word that says who (a role, a function, an industry, an abbreviation spelt out) in both."""
    return bool(who_words(icp) & who_words(audience))
