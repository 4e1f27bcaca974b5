"""How strongly each block of an asset carries each narrative pillar.

A pillar is represented by its sentences (name, description, proof points);
a block's similarity to a pillar is its best match among them, because one
block usually echoes one sentence of a pillar, not the pillar's average.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from msgalign.analysis.sentences import mean_vector
from msgalign.text.sentences import split_sentences
from msgalign.types import Document
from msgalign.workspace.narrative import Narrative

MIN_BLOCK_WORDS = 12  # shorter blocks (titles, buttons, table cells) are not judged alone
# NA001 judges sections and slides with at least this many words: shorter ones (one feature
# blurb under its own heading, a caption, a button row) say too little to be off the story.
MIN_SECTION_WORDS = 30


@dataclass(frozen=True)
class PillarIndex:
    ids: tuple[str, ...]
    owners: np.ndarray        # pillar index of each row of `vectors`
    vectors: np.ndarray       # one row per pillar sentence
    icp: np.ndarray | None    # the ICP's vector

    def scores(self, vec: np.ndarray) -> np.ndarray:
        """Best similarity of `vec` to each pillar."""
        sims = self.vectors @ vec
        best = np.full(len(self.ids), -1.0, dtype=np.float32)
        np.maximum.at(best, self.owners, sims)
        return best


def pillar_sentences(narrative: Narrative) -> tuple[list[str], list[int]]:
    """Each pillar's sentences (name, description, proof points) and which pillar owns each."""
    texts: list[str] = []
    owners: list[int] = []
    for i, pillar in enumerate(narrative.pillars):
        parts = [pillar.name] + [s.text for s in split_sentences(pillar.description)]
        parts += [p.text for p in pillar.proof_points]
        texts += parts
        owners += [i] * len(parts)
    return texts, owners


# Calibrated on real pages (eval/eval_realworld.py: the marketing pages of three companies) and the
# planted off-story sections of the example and acceptance workspaces: sections of real marketing
# pages that are on the story but about a feature or a step score from 0.30 up; office news,
# a team outing and a home-repair tip written for another audience score 0.19-0.28.
# (eval/eval_narrative.py measures single blocks of eval/data/pillar_blocks.yml at 0.35.)
OFF_NARRATIVE = 0.30


def off_narrative(best: np.ndarray, threshold: float = OFF_NARRATIVE) -> np.ndarray:
    """Which judged units carry no pillar, given each unit's best pillar similarity."""
    return best < threshold


def build_pillar_index(narrative: Narrative, encode: Callable[[list[str]], np.ndarray]) -> PillarIndex:
    """Every pillar sentence and the ICP, encoded in one batch."""
    texts, owners = pillar_sentences(narrative)
    vectors = encode(texts + ([narrative.icp] if narrative.icp else []))
    return PillarIndex(
        ids=tuple(p.id for p in narrative.pillars),
        owners=np.array(owners, dtype=np.int64),
        vectors=vectors[: len(texts)],
        icp=vectors[-1] if narrative.icp else None,
    )


_SIGN_OFF = re.compile(r"^(best|warm(est)? regards|kind regards|regards|thanks|thank you|cheers|sincerely|"
                       r"talk soon|all the best)\b[,!.]?", re.IGNORECASE)


def judged_units(doc: Document) -> list[list[int]]:
    """The units NA001 judges, as lists of block indexes.

    A slide (all its body text) in a deck; elsewhere each paragraph alone, and
    the list items or table cells of one section together — one step of a
    procedure says little about the story, the list as a whole does. E-mail
    sign-offs are neither on nor off the story and are not judged.
    """
    if doc.format == "pptx":
        slides: dict[int, list[int]] = {}
        for i, b in enumerate(doc.blocks):
            if b.kind != "slide_notes":
                slides.setdefault(b.section_index, []).append(i)
        return list(slides.values())
    units: list[list[int]] = []
    grouped: dict[tuple[int, str], list[int]] = {}
    for i, b in enumerate(doc.blocks):
        if b.is_heading or _SIGN_OFF.match(b.text.strip()):
            continue
        if b.kind in ("list_item", "table_cell"):
            key = (b.section_index, b.kind)
            if key not in grouped:
                grouped[key] = []
                units.append(grouped[key])
            grouped[key].append(i)
        else:
            units.append([i])
    return units


@dataclass(frozen=True)
class Section:
    """What NA001 judges: one section (a heading and the blocks under it) or one slide."""

    heading: int | None        # block index of the section's heading (a slide's title)
    blocks: tuple[int, ...]    # the section's other blocks (no speaker notes, no sign-offs)

    @property
    def first(self) -> int:
        return self.heading if self.heading is not None else self.blocks[0]


def judged_sections(doc: Document) -> list[Section]:
    """The sections of a document (slides of a deck), each with its heading if it has one.

    Every heading starts a section; the text before the first heading is a section too.
    Speaker notes and e-mail sign-offs are neither on nor off the story and are left out.
    """
    groups: dict[int, list[int]] = {}
    for i, b in enumerate(doc.blocks):
        if b.kind == "slide_notes" or (not b.is_heading and _SIGN_OFF.match(b.text.strip())):
            continue
        groups.setdefault(b.section_index, []).append(i)
    out = []
    for members in groups.values():
        heading = next((i for i in members if doc.blocks[i].is_heading), None)
        body = tuple(i for i in members if i != heading)
        if body:
            out.append(Section(heading, body))
    return out


def section_scores(doc: Document, vectors: dict[int, np.ndarray], index: PillarIndex,
                   min_words: int = MIN_SECTION_WORDS,
                   block_words: int = MIN_BLOCK_WORDS) -> list[tuple[Section, np.ndarray]]:
    """(section, per-pillar similarity) for each section or slide with at least `min_words` words.

    A section's similarity to a pillar is the better of its whole text's (the mean of its
    blocks' vectors) and its best single block's (blocks of at least `block_words` words):
    one paragraph that tells the story is enough to keep a section on it.
    """
    if not index.ids:
        return []
    out = []
    for section in judged_sections(doc):
        members = [i for i in section.blocks if i in vectors]
        words = sum(len(doc.blocks[i].text.split()) for i in section.blocks)
        if not members or words < min_words:
            continue
        best = index.scores(mean_vector(np.stack([vectors[i] for i in members])))
        for i in members:
            if len(doc.blocks[i].text.split()) >= block_words:
                best = np.maximum(best, index.scores(vectors[i]))
        out.append((section, best))
    return out


def unit_scores(doc: Document, vectors: dict[int, np.ndarray], index: PillarIndex,
                min_words: int = MIN_BLOCK_WORDS) -> list[tuple[list[int], np.ndarray]]:
    """(blocks, per-pillar similarity) for each judged unit with at least `min_words` words."""
    if not index.ids:
        return []
    out = []
    for unit in judged_units(doc):
        members = [i for i in unit if i in vectors]
        words = sum(len(doc.blocks[i].text.split()) for i in unit)
        if not members or words < min_words:
            continue
        out.append((unit, index.scores(mean_vector(np.stack([vectors[i] for i in members])))))
    return out


def alignment(scored: list[tuple[list[int], np.ndarray]], ids: tuple[str, ...],
              threshold: float) -> tuple[float | None, dict[str, float]]:
    """An asset's `alignment` (share of judged units on the narrative) and `pillars` (best unit per pillar)."""
    if not scored:
        return None, {pid: 0.0 for pid in ids}
    matrix = np.stack([s for _, s in scored])
    return (float(np.mean(matrix.max(axis=1) >= threshold)),
            {pid: float(max(0.0, matrix[:, i].max())) for i, pid in enumerate(ids)})
