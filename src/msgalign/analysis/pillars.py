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


# Chosen on eval/data/pillar_blocks.yml (eval/eval_narrative.py): F1 0.93 there.
OFF_NARRATIVE = 0.35


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
