"""NA: narrative rules. Does each asset tell the story in the core narrative, to the ICP?"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np

from msgalign.analysis.pillars import MIN_BLOCK_WORDS, MIN_SECTION_WORDS, OFF_NARRATIVE, off_narrative
from msgalign.analysis.run import Analysis
from msgalign.rules.base import EXCERPT, Rule, RuleDoc, Setting
from msgalign.text.spans import excerpt
from msgalign.types import Document, Evidence, Finding, Location, Severity
from msgalign.workspace.narrative import icp_names

CARRIES_PILLAR = 0.45  # at or above this, an asset carries a pillar
# Chosen on eval/data/audiences.yml: every ICP statement there scores >= 0.50, 9 of 10 others < 0.48.
ICP_MISMATCH = 0.48    # an audience sentence this far from the ICP describes someone else


class OffNarrative(Rule):
    code = "NA001"
    name = "off-narrative"
    severity = Severity.INFO
    doc = RuleDoc(
        summary="A section or slide that supports no pillar of the narrative, in a channel that should tell the story.",
        why=(
            "Every section a buyer reads either builds the story or dilutes it. A slide about "
            "the new office or a section of generic industry trivia spends attention the "
            "narrative needs. Sections and slides are judged whole (one on-story paragraph keeps a "
            "section on the story), and only in channels expected to tell it: website and deck by "
            "default, marketing's assets in no channel, and any channel with `narrative = true`; "
            "playbooks and e-mails are procedures and are not judged unless you say so. The "
            "finding names the nearest pillar and how close it came, so you can tie the section "
            "to it or cut it."
        ),
        flagged=("Our office dog, Biscuit, has become the unofficial greeter at our Lisbon office. She sleeps "
                 "under the reception desk, the kitchen now stocks three kinds of oat milk, and Friday "
                 "breakfast moves to the roof terrace in June."),
        preferred=("Teams cut time-to-first-deal by 23% in two quarters with one shared Revenue Workspace, "
                   "because marketing, sales and customer success finally read the same pipeline, the same "
                   "forecast and the same renewal dates every week."),
        reads=(("channels.NAME.narrative", "whether the channel's assets are judged (true or false)"),),
        off_by_default=(
            "On the marketing pages of three real companies (eval/eval_realworld.py) the sections far "
            "from every pillar were FAQ definitions and feature blurbs that belong where they are, "
            "not drift: 0 of 1 finding worth acting on at the shipped threshold (202 findings, none "
            "useful, before it judged sections). It finds office news and off-topic sections well in "
            "workspaces that plant them, so it stays for teams that want that check."
        ),
    )
    on_by_default = False
    settings = (
        Setting("NA001", OFF_NARRATIVE, "similarity to the nearest pillar below which a section carries none"),
        Setting("NA001-section-words", MIN_SECTION_WORDS, "sections and slides with fewer words are not judged"),
        Setting("NA001-min-words", MIN_BLOCK_WORDS,
                "a paragraph needs this many words to keep its section on the story alone "
                "(also the unit NA002 and the report's alignment judge)"),
    )

    def check_asset(self, doc: Document, analysis: Analysis) -> Iterable[Finding]:
        target = analysis.config.channels.get(doc.channel)
        if target is None or not target.tells_story(doc.team):
            return
        threshold = self.setting(analysis)
        index = analysis.pillar_index
        scored = analysis.section_scores(doc, int(self.setting(analysis, "NA001-section-words")),
                                         int(self.setting(analysis, "NA001-min-words")))
        for section, scores in scored:
            best = int(np.argmax(scores))
            if not off_narrative(scores[best], threshold):
                continue
            pillar = analysis.narrative.pillars[best]
            heading = doc.blocks[section.heading] if section.heading is not None else None
            title = f" '{excerpt(heading.text, 60)}'" if heading is not None else ""
            # Reported where the section's text starts (its heading is named in the message).
            yield self.finding(
                doc, doc.blocks[section.blocks[0]].location,
                f"This {_unit_name(doc)}{title} supports no pillar of the narrative; the nearest is "
                f"'{pillar.name}' at similarity {_floor2(scores[best])} (a {_unit_name(doc)} needs "
                f"{threshold:.2f}).",
                excerpt=excerpt(" ".join(doc.blocks[i].text for i in section.blocks), EXCERPT),
                score=float(scores[best]),
                evidence=Evidence.of(nearest_pillar=index.ids[best], similarity=round(float(scores[best]), 4),
                                     blocks=len(section.blocks)),
            )


def _floor2(x: float) -> str:
    """Two decimals, rounded down, so 0.249 never reads as the 0.25 it missed."""
    import math

    return f"{math.floor(x * 100) / 100:.2f}"


def _unit_name(doc: Document) -> str:
    return "slide" if doc.format == "pptx" else "section"


class PillarGap(Rule):
    code = "NA002"
    name = "pillar-gap"
    severity = Severity.WARNING
    doc = RuleDoc(
        summary="An asset whose channel is expected to carry pillars that it does not.",
        why=(
            "A website page or a sales deck is where buyers meet the story. If a deck carries "
            "only one of the pillars the narrative rests on, the rep tells half the story. Each "
            "channel asks for at least a number of pillars (config: [channels.NAME] pillars = N); "
            "the finding names the pillars the asset carries and the ones it comes closest to among "
            "those it leaves out, as many as it is short."
        ),
        flagged="A deck that only talks about guided plays, where a deck should carry two pillars.",
        preferred="The same deck with a slide on one set of numbers: every team reports from the same data.",
        situation=True,
        reads=(("channels.NAME.pillars", "how many pillars an asset of this channel should carry"),
               ("thresholds.NA001-min-words", "also decides which blocks are judged, as for NA001")),
        off_by_default=(
            "A real site's story channel holds more than story pages: the folders a team points at the "
            "website channel also carry glossaries, team directories, how-tos and logo lists that are not "
            "meant to carry a pillar. On the public pages of four companies outside the development set, "
            "0 of 9 findings were worth acting on (and it made none on the three shared real workspaces). "
            "It does its job when a channel's paths hold only the pages that tell the story, so it stays "
            "for teams that set their channels that way."
        ),
    )
    on_by_default = False
    settings = (Setting("NA002", CARRIES_PILLAR, "similarity at which a block carries a pillar"),)

    def check_asset(self, doc: Document, analysis: Analysis) -> Iterable[Finding]:
        target = analysis.config.channels.get(doc.channel)
        if target is None or target.pillars <= 0:
            return
        carry = self.setting(analysis)
        index = analysis.pillar_index
        scored = analysis.unit_scores(doc, int(OffNarrative.setting(analysis, "NA001-min-words")))
        if not scored:
            return  # nothing long enough to judge (a page that only includes another one, a link list)
        best = np.stack([s for _, s in scored]).max(axis=0)
        carried = [pid for pid, s in zip(index.ids, best, strict=True) if s >= carry]
        expected = min(target.pillars, len(index.ids))
        if len(carried) >= expected:
            return
        by_score = sorted(zip(index.ids, best, strict=True), key=lambda x: -x[1])
        names = {pid: p.name for pid in index.ids if (p := analysis.narrative.pillar(pid)) is not None}
        missing = [names.get(pid, pid) for pid, _ in by_score if pid not in carried]
        yield self.finding(
            doc, doc.blocks[0].location if doc.blocks else Location(),
            gap_message(doc.channel, [names.get(pid, pid) for pid in carried], expected, missing),
            score=float(len(carried)),
            evidence=Evidence.of(carried=carried, expected=expected,
                                 scores={pid: round(float(s), 4) for pid, s in zip(index.ids, best, strict=True)}),
        )


def gap_message(channel: str, carried: Sequence[str], expected: int, missing: Sequence[str]) -> str:
    """NA002's message, right in the singular and the plural, naming only the nearest pillars it would take
    to reach the expectation: "This website asset carries none of the narrative's pillars; its channel
    asks for at least one pillar. It comes closest to 'X'." The channel's number is a least: "asks for at
    least 2 pillars", never "asks for 2" (which reads as exactly two)."""
    def listed(names: Sequence[str]) -> str:
        quoted = [f"'{n}'" for n in names]
        return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]

    def count(n: int) -> str:
        return "one" if n == 1 else str(n)

    if carried:
        has = f"carries {count(len(carried))} pillar{'s' if len(carried) > 1 else ''} ({listed(carried)})"
    else:
        has = "carries none of the narrative's pillars"
    wants = f"at least {count(expected)} pillar{'s' if expected > 1 else ''}"
    nearest = list(missing[:max(1, expected - len(carried))])
    close = ""
    if nearest:
        close = f" {'Of the others it' if carried else 'It'} comes closest to {listed(nearest)}."
    return f"This {channel} asset {has}; its channel asks for {wants}.{close}"


_WHO = (r"(?:teams?|leaders?|managers?|directors?|heads?|vps?|owners?|operators?|founders?|freelancers?|"
        r"compan(?:y|ies)|business(?:es)?|organi[sz]ations?|enterprises?|brands?|retailers?|shoppers?|"
        r"consumers?|customers|students?|parents?|homeowners?|agenc(?:y|ies)|practitioners?|therapists?|"
        r"truckers?|administrators?|[cv][eofirt]os?|executives?|trusts?|clinics?|hospitals?|groups?|"
        r"wholesalers?|manufacturers?|distributors?|shippers?|sellers?|buyers?|developers?|engineers?|"
        r"marketers?|reps?|people|individuals|anyone|everyone|professionals?|consultanc(?:y|ies)|"
        r"consultants?|contractors?|startups?|smbs?|families|hobbyists|creators?|nonprofits?|schools?|"
        r"universities|agencies|governments?|departments?|side hustles?)\b")
# An audience noun ends its phrase: punctuation, a clause or a preposition follows it ("freelancers
# who", "leaders at", "teams, "), never another noun ("business use", "developer tools").
_ENDS = (r"(?=\s*(?:$|[,.;:!?)\]—–]|\s-\s|\b(?:who|whose|that|which|with|at|in|of|across|from|looking|running|"
         r"using|preparing|and|or|to|like|than|on|for|all|will|are|is|can|need|want|shipping|moving|selling|"
         r"building|doing|juggling)\b))")
WHO = _WHO + _ENDS
# Words between a cue and its audience: modifiers, never the start of a clause or another purpose
# ("designed for maintainability to ensure that we can serve our customers" names no audience).
_BETWEEN = r"(?:(?!(?:to|that|which|so|we|our|you|your|it|its|can|will|and then|for|with)\b)[\w'’-]+\W+)"
# A sentence that says who the product is for: a cue followed closely by an
# audience noun ("built for solo freelancers"), a bare "For X at/with/who …",
# or a vocative that addresses one ("Homeowners, …", "COOs of …: here is …").
# A vocative names its audience directly ("Homeowners, …"); "Three teams, one …" counts, it does not call.
_COUNTING = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+|the|a|an|our|their|your|every|all|many|most)\b"
# In a sales or CS asset, "This playbook is for CSMs" names the document's reader, not the market.
_READER = re.compile(r"\bthis (?:playbook|guide|deck|document|doc|page|card|email|e-mail|note|section)"
                     r"\s+is\s+(?:for|written for)\b", re.IGNORECASE)
_GENERIC = r"(?:customers|users|people|anyone|everyone|teams|organi[sz]ations|compan(?:y|ies)|business(?:es)?)\b"
_ADDRESSES = r"(?=[^.?!]*\b(?:you|your)\b|\s*(?:take|book|practi[sc]e|try|check|get|start|see|here|meet|join)\b)"
# "for" then an audience, never a purpose ("perfect for coordinating"), a number ("works for 98% of our
# customers"), our or your own ("for your organization", "for our enterprise customers") or one
# hypothetical ("for an organization with N users").
_FOR_WHOM = r"for\s+(?!\w+ing\b|\d|(?:our|your|their|my|an?|this|that)\b)"
_AUDIENCE_PATTERNS = (
    r"\b(?:built|made|designed|written|tailored|perfect|ideal|great|meant|intended|created)\s+" + _FOR_WHOM
    + _BETWEEN + r"{0,6}?" + WHO,
    r"\b(?:aimed|targeted)\s+at\s+" + _BETWEEN + r"{0,6}?" + WHO,
    # "also works for small agencies" names an audience; "works for most teams" only says it fits.
    r"\bworks?\s+(?:well\s+)?" + _FOR_WHOM + r"(?!(?:most|many|all|any|the)\b)" + _BETWEEN + r"{0,6}?" + WHO,
    # "For VPs of logistics at growing manufacturers …" (not "For the platform team at Workiva, …", a story,
    # nor "For teams that …", which says what they need, not who they are).
    r"(?:^\W*|\b(?:is|are|course|guide|playbook|plan|tool|product)\s+)" + _FOR_WHOM + r"(?!the\b)(?:[\w-]+\s+){0,5}?"
    + r"(?!" + _GENERIC + ")" + _WHO + r"(?!['’]s)" + r"(?=\s*(?:,|\b(?:who|whose|with|at|that|in|of|across|"
    r"preparing|looking|running)\b))",
    r"\bif you (?:run|lead|manage|own)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,4}?" + WHO,
    r"\bif you(?:'re|’re| are) an?\s+(?:[\w-]+\s+){0,4}?" + WHO,
    r"\bwhether you(?:'re|’re| are) an?\s+(?:[\w-]+\s+){0,4}?" + WHO,
    r"\b(?:we serve|our customers are)\s+(?:[\w-]+\s+){0,4}?" + WHO,
    r"^\W*(?:(?!" + _COUNTING + r"|lots\b|of\b)[\w-]+\s+){0,3}?(?!" + _GENERIC + ")" + _WHO
    + r"(?:\s+(?:of|at|in|and)\s+[^.?!:,]{0,80})?\s*[,:]" + _ADDRESSES,
    r"^\W*(?:[\w-]+\s+){0,10}?" + _WHO + r"[^.?!]{0,120}\bwill (?:recogni[sz]e|get|find|love|benefit|see)\b",
)
AUDIENCE_CUE = re.compile("|".join(f"(?:{p})" for p in _AUDIENCE_PATTERNS), re.IGNORECASE)
_WHO_WORD = re.compile(_WHO, re.IGNORECASE)


def audience_phrase(sentence: str) -> str | None:
    """The audience a sentence names ("solo freelancers", "DevOps and security teams"): its cue's last
    audience noun with the few words before it, or None when the sentence names none."""
    cue = AUDIENCE_CUE.search(sentence)
    if cue is None:
        return None
    text = cue.group(0)
    nouns = list(_WHO_WORD.finditer(text))
    if not nouns:
        return text
    last = nouns[-1]
    before = re.findall(r"[\w'’-]+", text[: last.start()])[-4:]
    return " ".join([*before, last.group(0)])


_HEADCOUNT = re.compile(r"(\d[\d,]*)\s*(?:\+|-|–|to)?\s*(\d[\d,]*)?\s*(?:employees|people|staff|seats|reps)", re.I)


def _icp_range(icp: str) -> tuple[int, int] | None:
    m = _HEADCOUNT.search(icp)
    if not m:
        return None
    low = int(m.group(1).replace(",", ""))
    high = int(m.group(2).replace(",", "")) if m.group(2) else low * 10
    return (low, high)


class IcpDrift(Rule):
    code = "NA003"
    name = "icp-drift"
    severity = Severity.WARNING
    doc = RuleDoc(
        summary="An audience described in an asset that is not the ideal customer profile (ICP).",
        why=(
            "Copy written for solo freelancers or Fortune-50 procurement teams attracts buyers "
            "sales cannot close and CS cannot keep. Sentences that say who the product is for are "
            "compared with the narrative's `icp`; a company size outside the ICP's range is "
            "flagged too."
        ),
        flagged="Beacon is perfect for solo freelancers who juggle a handful of clients.",
        preferred="Beacon is built for revenue leaders at B2B SaaS companies with 200 to 2,000 employees.",
        reads=(("narrative: icp", "the ideal customer profile, in front matter"),),
        off_by_default=(
            "Real pages rarely say who they are for outside the ICP: on three companies' pages "
            "(eval/eval_realworld.py) the one sentence left after the audience detector was tightened "
            "named who a feature is for (guest accounts for contractors), not a market (18 of 18 wrong "
            "before). An audience the ICP names (a role, a plural, an abbreviation such as CISO) is "
            "never flagged."
        ),
    )
    on_by_default = False
    settings = (Setting("NA003", ICP_MISMATCH, "similarity to the ICP below which an audience is flagged"),)

    def check_asset(self, doc: Document, analysis: Analysis) -> Iterable[Finding]:
        narrative = analysis.narrative
        index = analysis.pillar_index
        if not narrative.icp or index.icp is None:
            return
        threshold = self.setting(analysis)
        icp_range = _icp_range(narrative.icp)
        sentences = analysis.sentences(doc)
        vectors = None
        for i, s in enumerate(sentences):
            audience = audience_phrase(s.text)
            if audience is None:
                continue
            if doc.team in ("sales", "cs") and _READER.search(s.text):
                continue
            size = _HEADCOUNT.search(s.text)
            if icp_names(narrative.icp, audience) and not size:
                continue  # the ICP names this audience (a role, function or industry it lists)
            if vectors is None:
                vectors = analysis.sentence_vectors(doc)
            sim = float(vectors[i] @ index.icp)
            out_of_range = False
            if size and icp_range:
                n = int(size.group(1).replace(",", ""))
                out_of_range = n > icp_range[1] or (n < icp_range[0] and not size.group(2))
            if sim >= threshold and not out_of_range:
                continue
            block = doc.blocks[s.block]
            reason = "a company size outside the ICP" if out_of_range else f"similarity to the ICP {sim:.2f}"
            yield self.finding(
                doc, doc.span_location(block, s.start, s.end),
                f"This describes an audience that is not the ICP ({reason}). The ICP is: {narrative.icp}",
                excerpt=excerpt(s.text, EXCERPT), score=sim,
                evidence=Evidence.of(icp=narrative.icp, similarity=round(sim, 4), size_out_of_range=out_of_range),
            )


RULES: list[type[Rule]] = [OffNarrative, PillarGap, IcpDrift]
