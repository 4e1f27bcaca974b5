"""What each story sentence does: situation, problem, approach, result, and the rarer roles.

Section headings decide when a story has them ("## Results"); in free prose
the cues a writer uses ("took two hours", "rolled out", "rose from") and the
sentence's similarity to a few role prototypes decide, with a nudge from
position (stories open with the situation and close with results). Risks,
objections, expansion and handoff are only claimed with a cue or a heading
behind them: embeddings alone would find a "risk" in every story, and a brief
must never invent one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from msgalign.brief.story import Story, StorySentence
from msgalign.text.quantities import is_metric

MAIN_ROLES = ("situation", "problem", "approach", "result")

# Generic, fact-free sentences that stand for each role; they are only compared, never shown.
PROTOTYPES: dict[str, tuple[str, ...]] = {
    "situation": (
        "The company sells software to mid-sized businesses and has several hundred employees.",
        "It is a fast-growing company with sales, marketing and customer success teams.",
    ),
    "problem": (
        "Each team worked from its own spreadsheet, and reconciling the numbers took hours every week.",
        "Nobody had a shared view of the customer, so problems were found too late.",
    ),
    "approach": (
        "They connected their systems and rolled out a shared plan to every team.",
        "The team started by agreeing on one process and trained everyone to use it.",
    ),
    "result": (
        "After the rollout, the renewal rate rose and meetings took half the time.",
        "The team cut the time it spent on reports and grew revenue.",
    ),
}

_HEADINGS: dict[str, tuple[tuple[str, float], ...]] = {
    r"background|about|situation|company|overview|context|who they are|profile|^\W*(?:the )?customer\W*$":
        (("situation", 1.0),),
    r"challenge|problem|pain|before|the need|issues?\b|struggl": (("problem", 0.8), ("situation", 0.4)),
    r"approach|solution|how|implementation|roll-?out|what they did|journey|getting started|onboarding|process|steps|"
    r"why \w+\s*\??$|choosing|migrat|moving to|switch|transition|what (?:he|she|they) built":
        (("approach", 1.0),),
    r"result|outcome|impact|after|benefit|wins?\b|numbers|return": (("result", 1.2),),
    r"^\W*(?:risks?|lessons?|obstacles?|hurdles?|pitfalls?|watch out|what to watch)\b": (("risk", 1.0),),
    r"objection|concern|doubt|skeptic": (("objection", 1.0),),
    r"what's next|next steps|expansion|the future|looking ahead": (("expansion", 1.0),),
    r"hand-?off|handover": (("handoff", 1.0),),
}

_CUES: dict[str, re.Pattern[str]] = {
    "situation": re.compile(
        r"\b(sells?|builds?|makes?|provides?|serves?|offers?|employees|people|founded|headquartered|based in|"
        r"grown to|mid-sized|mid-market|enterprise|series [a-e]|is an? \w+ (?:company|provider|platform|firm))\b"),
    "problem": re.compile(
        r"\b(took|spent|spend|struggl\w*|manual\w*|reconcil\w*|no (?:view|way|single|shared)|lack\w*|without|"
        r"lost|losing|missed|slow\w*|own (?:system|spreadsheet|tool|version)s?|different (?:numbers|stories|tools)|"
        r"silo\w*|disconnect\w*|fragment\w*|repeat\w*|surprise\w*|cancell?ation|churn\w*|problem|pain\w*|"
        r"hard|difficult|frustrat\w*|broke|gaps?|lived (?:almost )?(?:entirely )?inside|on average|"
        r"every (?:monday|week|friday)|arguing)\b"),
    "approach": re.compile(
        r"\b(connected|rolled out|roll out|started by|started with|set up|agreed|moved|replac\w*|adopt\w*|"
        r"implement\w*|launch\w*|introduc\w*|deploy\w*|configured|trained|chose|switched|brought|attached|"
        r"created|built|put|now (?:open|use|run|start|review|share)\w*|ran its first|kicked off)\b"),
    "result": re.compile(
        r"\b(rose|grew|increased|improved|cut|reduced|dropped|fell|went from|saved|retired|doubled|halved|"
        r"lifted|boosted|shortened|climbed|jumped|reached|gained|won|faster|fewer|less|more than)\b"),
    "risk": re.compile(
        r"\b((?<!insurance )(?<!pricing )risks?(?!\s+(?:calculation|management|reduction|assessment|scor\w*|models?|"
        r"engines?|pricing|insurance|analytics))|at-risk|concerns?|concerned|worr\w*|obstacles?|blockers?|hurdles?|pushback|resist\w*|"
        r"skeptic\w*|hesitan\w*|doubt\w*|caveat|watch out|careful|nearly (?:lost|churned)|slipp\w*)\b"),
    "objection": re.compile(
        r"\b(expected|thought|assumed|feared|worried|skeptic\w*|doubt\w*|concerned|hesitant|"
        r"too (?:long|expensive|complex|hard)|another tool|(?:six|twelve|\d+)-month project|pushback|"
        r"(?:the )?wisdom of|questioned whether|second-guess\w*|not (?:really )?our core competenc\w*)\b"),
    "expansion": re.compile(
        r"\b(expan\w*|upsell\w*|cross-sell\w*|more (?:teams|seats|users|licen[cs]es|regions)|additional "
        r"(?:teams|seats|regions|products)|next (?:quarter|year|phase)|plans? to|rolling out to|extend\w*|"
        r"new (?:teams?|regions?|markets?|use cases?)|other teams|add(?:ed|ing)? (?:seats|teams|users)|"
        r"(?:now |also )?exploring|excited about|broadened|next feature|another feature)\b"),
    "handoff": re.compile(
        r"\b(hand-?offs?|hand(?:ed|s)? (?:off|over)|handover|from sales to|sales-to-cs|"
        r"closed the deal|close the deal|inherit\w*|during the sale|moved on after)\b"),
    "step": re.compile(r"^(?:weeks?|days?|months?|quarters?|phase|step|first|then|next|finally)\b", re.I),
}


@dataclass(frozen=True)
class SentenceRole:
    sentence: StorySentence
    role: str                          # the main role, or "lead-in" for "The results:" lines
    scores: tuple[tuple[str, float], ...]
    tags: frozenset[str]               # risk, objection, expansion, handoff, step
    strength: float                    # how strong a result it is (0 when it is no result)

    def score(self, role: str) -> float:
        return dict(self.scores).get(role, 0.0)


def _heading_priors(section: str) -> dict[str, float]:
    priors: dict[str, float] = {}
    low = section.lower()
    for pattern, roles in _HEADINGS.items():
        if re.search(pattern, low):
            for role, weight in roles:
                priors[role] = max(priors.get(role, 0.0), weight)
    return priors


def _cue_score(role: str, text: str) -> float:
    return min(1.0, 0.5 * len(_CUES[role].findall(text.lower())))


def result_strength(s: StorySentence) -> float:
    """Rank results: percentages and money over counts, real changes over levels, big over small."""
    metrics = [q for q in s.quantities if is_metric(q)]
    if not metrics:
        return 0.0
    score = 0.0
    kinds = {q.kind for q in metrics}
    score += 3.0 if "percent" in kinds else 0.0
    score += 2.0 if "money" in kinds else 0.0
    score += 1.0 if kinds & {"duration", "count", "multiple"} else 0.0
    score += sum(0.5 if q.digits else 0.25 for q in metrics[:4])
    if s.changes:
        score += 1.5 + 2.0 * max(c.magnitude for c in s.changes)
    if _CUES["result"].search(s.text.lower()):
        score += 1.0
    return round(score, 4)


def classify(story: Story, vectors: Mapping[str, np.ndarray],
             prototypes: Mapping[str, np.ndarray]) -> list[SentenceRole]:
    """A role for every narration sentence, in story order.

    `vectors` maps sentence text to its unit vector; `prototypes` maps a role to
    the mean vector of its prototype sentences.
    """
    out: list[SentenceRole] = []
    count = max(1, len(story.sentences))
    sectioned = any(s.section for s in story.sentences)
    for i, s in enumerate(story.sentences):
        low = s.text.lower()
        # The heading's priors. Under a section named for its part of the story ("The customer", "The
        # challenge"), a sub-heading is a subtitle ("Worldwide monitoring solution"): the section decides.
        outer = next((p for h in reversed(s.sections[:-1]) if len(h.split()) <= 3 and (p := _heading_priors(h))), {})
        priors = outer or _heading_priors(s.section)
        where = i / count
        scores: dict[str, float] = {}
        for role in MAIN_ROLES:
            sim = float(vectors[s.text] @ prototypes[role]) if s.text in vectors else 0.0
            score = priors.get(role, 0.0) + _cue_score(role, s.text) + sim
            if not sectioned or not priors:
                # Stories open with who and why, and end with what changed.
                score += {"situation": 0.5 * (s.paragraph_position == 0) + 0.3 * (where < 0.2),
                          "problem": 0.2 * (where < 0.5), "approach": 0.2 * (0.2 <= where <= 0.8),
                          "result": 0.2 * (where > 0.5)}[role]
            scores[role] = round(score, 4)
        if priors.get("result") or priors.get("approach"):
            # Under "Results" or "Why Supabase?" a sentence tells what changed or what they did,
            # never where the customer started.
            scores["situation"] = min(scores["situation"], -0.5)
            scores["problem"] = min(scores["problem"], -0.5) if priors.get("result") else scores["problem"]
        strength = result_strength(s)
        tags = {role for role in ("risk", "objection", "expansion", "handoff")
                if _CUES[role].search(low) or priors.get(role)}
        if strength == 0.0 and (priors.get("result", 0.0) < 1.0 or tags):
            scores["result"] = -1.0  # a result without a number is a claim, unless the story files it under results
        elif strength == 0.0:
            strength = 0.1  # an outcome in words: the weakest kind of result
        else:
            scores["result"] += min(1.0, strength / 6)
        if s.kind == "list_item" and (priors.get("approach") or _CUES["step"].search(s.text)):
            tags.add("step")
        role = max(MAIN_ROLES, key=lambda r: (scores[r], -MAIN_ROLES.index(r)))
        if s.text.rstrip().endswith(":"):
            role = "lead-in"  # "After four quarters on Beacon:" introduces a list; it says nothing alone
        out.append(SentenceRole(s, role, tuple(sorted(scores.items())), frozenset(tags),
                                strength if role != "lead-in" else 0.0))
    return out


def quote_tags(sentence: StorySentence) -> frozenset[str]:
    """Roles a customer's own sentence can play: an objection they had, a result they saw."""
    tags = {role for role in ("objection", "risk") if _CUES[role].search(sentence.text.lower())}
    if result_strength(sentence) > 0 or _CUES["result"].search(sentence.text.lower()):
        tags.add("result")
    return frozenset(tags)
