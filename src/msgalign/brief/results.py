"""A story's results: a number with what it measures and which way it went.

Results are found wherever a story states them: the title ("scales to $1M in
5 months"), a heading ("… within 2 days"), prose and the customer's own words.
Numbers come from the one quantity reader the claims rules use
(`msgalign.text.quantities.extract_claims`, and `reads_as_result` as one of
the signals); what makes a number a *result* here is the story around it:
a change ("from 71% to 93%"), a verb of achievement ("cut", "reached",
"delivered … in under 4 days"), a results heading or the title. A number that
describes the customer ("helps over 200,000 creators", "has 20,000
customers") or the problem they had ("5 million API requests per month", under
a Challenge heading) is context, never a result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from msgalign.brief.story import Story, StorySentence
from msgalign.text.claims import reads_as_result
from msgalign.text.quantities import Claim, extract_claims

# A verb of achievement near the number: what the customer did or got.
_ACHIEVED = re.compile(
    r"(?i)\b(?:reach(?:ed|es)?|scal(?:ed|es) to|grew|grown|crossed|crossing|deliver(?:ed|s)?|identif(?:ied|y)|"
    r"fix(?:ed)?|migrat(?:ed|es)|mov(?:ed|es)|built|build|launch(?:ed)?|went|go(?:ne)? from|live in|went live|"
    r"saved?|sav(?:es|ing)|cut|lowered|reduc(?:ed|es|tion)|rose|rise|increased?|doubled|tripled|halved|"
    r"now has|sent|whereas previously|retired|dropped|fell|improved|achiev(?:ed|es)|remediat(?:ed|es)|"
    r"released?|resolved|shipped|gain(?:ed)?|won|boost(?:ed)?|faster|fewer|less than|more than|previously|"
    r"connected|set up|went live|up and running|ran (?:its|their) first|onboarded|rolled out|grip|took)\b")
# The customer described in the present tense: who they are, not what they achieved.
_DESCRIBES = re.compile(
    r"^\W*(?!(?:There|This|That|It|We|They|I|He|She|You|Our|Their)\b)(?:[A-Z]|[a-z][A-Z])[\w&'’.-]*"
    r"(?:\s+[A-Z][\w&'’.-]*)*\s+(?:now\s+)?"
    r"(?:helps|builds|has|offers|provides|sells|makes|serves|operates|employs|runs|is|are)\b")


def describes_customer(text: str) -> bool:
    """The sentence says who the customer is, in the present tense ("Acme helps teams …", "Acme is a …")."""
    return bool(_DESCRIBES.match(text))


# A plan or a hope, not something that happened ("sees a near future where 60% …", "plans to reach 90%").
_FUTURE = re.compile(r"(?i)\b(?:will|plans? to|planning to|aims? to|expects? to|hopes? to|(?:goal|target|aim) is|"
                     r"near future|in the future|going forward|would like to|wants? to)\b")
# A section that says who the customer is ("About Credijusto", "Company overview"): its numbers describe them.
_ABOUT_HEADING = re.compile(r"(?i)^\W*(?:about\b|background\b|(?:company )?(?:overview|profile)\W*$|"
                            r"who (?:they|we) are|the (?:customer|company)\W*$)")
_SINCE = re.compile(r"(?i)^\W*since (?:launching|its (?:launch|founding)|founding|it was founded|opening)\b")
# What a size figure counts: the customer, not a result.
_SIZE_NOUNS = re.compile(r"(?i)^(?:employee|staff|person|people|office|countr|member|participant|customer|"
                         r"client|user|creator|vendor|repositor|language|cit|engineer|developer|team)")
_BEFORE_DURATION = re.compile(r"(?i)\b(?:in|within|under|less than|after|in just|in under|in less than|"
                              r"in only|to|later|took(?: just| only)?|takes(?: just| only)?)\s*$")
_PROBLEM_HEADING = re.compile(r"(?i)challenge|problem|pain|issue|before|the need|struggle|risk")
_RESULT_HEADING = re.compile(r"(?i)result|outcome|impact|benefit|numbers|wins?\b|saves|helps|doubl|grow")
# The state before the change, told as such ("At that time, the repository was more than 500 gigabytes").
_PAST_STATE = re.compile(r"(?i)\b(?:used to|were making|was making|had been|before (?:the|we|they)|"
                         r"at (?:that|the) time|back then|than before|before,? when)\b")
_NOW = re.compile(r"(?i)\b(?:now|today|saved|cut|reduc\w*|lowered|down to|went from)\b")
# A share of something lost ("dropped 30% of user data", "lost 20% of sessions"): a problem, never a result.
_LOSS = re.compile(r"(?i)\b(?:dropp(?:ed|ing|s)|drops|lost|los(?:es|ing)|miss(?:ed|es|ing)|wast(?:ed|es|ing))\s+"
                   r"(?:(?:about|around|over|nearly|almost|up to|some)\s+)?$")


# A share that uses, adopts or keeps what the story is about ("30% of the community is regularly active"): an outcome.
_ADOPTED = re.compile(r"(?i)\b(?:active|uses?|used|using|adopt\w*|engag\w*|renew\w*|retain\w*|return\w*|"
                      r"log(?:s|ged)? in|sign(?:s|ed)? up|recommend\w*|satisfied|prefer\w*)\b")


def problem_section(s: StorySentence) -> bool:
    """Under a heading that tells the problem: its own, or the section it is part of ("The challenge",
    then "Modernizing to improve the development experience")."""
    if _PROBLEM_HEADING.search(s.section or ""):
        return True
    return not _RESULT_HEADING.search(s.section or "") and any(_PROBLEM_HEADING.search(h) for h in s.sections[:-1])


def results_section(s: StorySentence) -> bool:
    """Under a heading that tells results: its own or the section it is part of."""
    if _RESULT_HEADING.search(s.section or ""):
        return True
    return not _PROBLEM_HEADING.search(s.section or "") and any(_RESULT_HEADING.search(h) for h in s.sections[:-1])


@dataclass(frozen=True)
class Mention:
    """One place the story states a result."""

    sentence: StorySentence
    claim: Claim
    where: str            # title, heading, prose, quote


@dataclass(frozen=True)
class Result:
    """One result of the story: its strongest statement first, every other place it is said after."""

    mentions: tuple[Mention, ...]
    strength: float
    key: bool             # a headline result: in the title, a heading, a results section or a change

    @property
    def best(self) -> Mention:
        return self.mentions[0]

    @property
    def claim(self) -> Claim:
        return self.best.claim

    @property
    def number(self) -> str:
        return self.claim.raw if self.claim.unit != "count" else _count_number(self.claim)

    @property
    def direction(self) -> str:
        c = self.claim
        if c.baseline is not None:
            return "up" if c.value > c.baseline else "down"
        text = self.best.sentence.text.lower()
        if re.search(r"\b(cut|reduc|decreas|lower|drop|fell|fewer|less|halved|retired)\w*", text) or (
                c.unit == "duration" and re.search(r"\b(?:under|within|in)\b", text)):
            return "down"
        if re.search(r"\b(grew|rose|increas|doubl|tripl|boost|gain|more|up)\w*", text):
            return "up"
        return "reached"

    @property
    def metric(self) -> str:
        """What is measured, in the story's words around the number (numbers masked)."""
        return " ".join(self.claim.metric.split())

    def in_title(self) -> bool:
        return any(m.where == "title" for m in self.mentions)


def _count_number(c: Claim) -> str:
    m = re.match(r"(?i)(?:(?:over|more than|nearly|almost|about|around|under|some)\s+)?[\d.,]+(?:\s?[-–]\s?[\d.,]+)?"
                 r"(?:\s?(?:million|billion|thousand|[kKmMbB])\b)?|\w+", c.raw)
    return m.group() if m else c.raw


# The page's own calls to action ("learn more", "sign up for the free tier"): not the customer's story.
PROMO = re.compile(r"(?i)\b(?:learn more|learn how|discover how|find out how|see how|in this case study|"
                   r"reach out to us|sign up|check out|"
                   r"contact us|get started|book a demo|free tier|read (?:the|more)|"
                   r"(?:open|create) a free account)\b")
MIN_SURE = 1.5   # one signal of a result (a change, an achievement verb, a results heading) and the number
_KIND_WEIGHT = {"percent": 3.0, "multiple": 3.0, "money": 2.5, "duration": 1.5, "count": 1.0}


def _same(a: Claim, b: Claim) -> bool:
    if a.unit != b.unit:
        return False
    if a.unit == "count" and a.unit_detail != b.unit_detail and a.value != b.value:
        return False
    return abs(a.value * a.scale - b.value * b.scale) <= 1e-6 * max(1.0, abs(a.value * a.scale))


def _is_result(c: Claim, s: StorySentence, where: str, customer: str, others: list[Claim]) -> float:
    """How sure it is that this claim is a result: <= 0 means context or no result."""
    text = s.text
    before = text[max(0, c.start - 60):c.start]
    window = text[max(0, c.start - 80):c.end + 80]
    score = 0.0
    if PROMO.search(text):
        return 0.0  # the page's own call to action ("Sign up … in less than 2 minutes")
    if re.search(r"\d[\d,]*\s+of\s+(?:(?:its|the|their|our|his|her|all)\s+)?$", before):
        return 0.0  # the 14 of "12 of its 14 spreadsheets" is the whole, not the result
    if c.baseline is not None:
        score += 3.0
    if reads_as_result(c, text):
        score += 1.5
    if _ACHIEVED.search(window):
        score += 1.5
    if where == "title":
        score += 2.0
    elif where == "heading" or results_section(s):
        score += 1.0
        if s.kind == "list_item" and c.start <= 3 and s.words <= 8 and where != "heading":
            score += 1.0  # a stat under Results ("**75%** Reduction in build time"): the story's own headline figure
    if c.unit == "percent" and c.baseline is None and where in ("prose", "quote") and not _ACHIEVED.search(window) \
            and not results_section(s) and re.match(r"\s+of\s+(?!the time\b)", text[c.end:]) \
            and not _ADOPTED.search(text[c.end:c.end + 100]):
        return 0.0  # "nearly 40% of food goes to waste", "roughly half of its services": a share, with no change
    if c.unit == "duration" and c.baseline is None:
        solid = [o for o in others if o.unit != "duration"]
        took = reads_as_result(c, text) or (_BEFORE_DURATION.search(before) and _ACHIEVED.search(text))
        if not took or (solid and not reads_as_result(c, text)):
            return 0.0  # a time frame ("five months after launching"), not a time it took
    if c.unit == "count" and c.baseline is None and _SIZE_NOUNS.match(c.unit_detail or "") \
            and not re.search(r"(?i)\b(?:migrat|mov|crossed|crossing|now has|grew|reached|whereas|previously|"
                              r"grip|added|won|gained|signed)\w*", window):
        return 0.0  # "over 6,000 employees" says how big the customer is
    if c.unit == "money" and c.baseline is None and not re.search(r"(?i)revenue|arr\b|saved|savings|worth|"
                                                                  r"recurring|cost|expens|reach|scal", window):
        return 0.0
    if c.unit == "percent" and re.search(r"(?i)\bto\s+$", text[max(0, c.start - 4):c.start]) and \
            re.match(r"(?i)\s+of\s+(?:the\s+)?(?:users|traffic|customers|visitors|accounts)\b", text[c.end:]):
        return 0.0  # "issue changes to 50% of users": a rollout's share, not a result
    if c.baseline is None and where in ("prose", "quote") and _FUTURE.search(text[max(0, c.start - 100):c.start]):
        return 0.0  # "sees a near future where 60% of workloads run on it": a plan, not a result
    if c.baseline is None and where == "prose" and _ABOUT_HEADING.search(s.section or "") \
            and not results_section(s):
        return 0.0  # "is growing at a monthly rate of 15%", under "About Credijusto": who they are
    if c.baseline is None and where in ("prose", "quote") and re.search(
            r"(?i)\b(?:handles?|process(?:es)?|serves?|hosts?|runs?|supports?)\s+(?:(?:more than|over|about|around|"
            r"nearly|some|up to)\s+)?$", before):
        return 0.0  # "the site handles more than 1.5 million reservations a day": how big they are
    if _SINCE.search(text) and c.baseline is None and where not in ("title", "heading"):
        return 0.0  # "Since launching in 2013 the platform has driven over £1bn": the customer's own history
    if _DESCRIBES.match(text) and c.baseline is None and where not in ("title", "heading"):
        return 0.0  # "Thorn builds technology … helping law enforcement cut times by 60%": who they are
    if problem_section(s) and c.baseline is None and where != "heading" \
            and not re.search(r"(?i)\b(?:saved|cut|reduc|lowered|now|after|since)\w*", text):
        return 0.0  # "making 5 million API requests per month", under "Scaling issues": the problem
    if _PAST_STATE.search(text) and c.baseline is None and not _NOW.search(text):
        return 0.0  # the state before the change: a problem number, not a result
    if _LOSS.search(text[max(0, c.start - 40):c.start]) and re.match(r"\s*of\b", text[c.end:]):
        return 0.0
    return score


def _strength(c: Claim, where: str) -> float:
    score = _KIND_WEIGHT.get(c.unit, 1.0)
    if c.baseline is not None:
        before, after = c.baseline * c.scale, c.value * c.scale
        score += 1.5 + 2.0 * min(1.0, abs(after - before) / max(abs(before), abs(after), 1e-9))
    if where == "title":
        score += 2.0
    elif where == "heading":
        score += 1.0
    return round(score, 4)


def find_results(story: Story, sentences: Iterable[tuple[StorySentence, str]] | None = None) -> list[Result]:
    """Every result the story states, strongest first; each said once, with all the places it is said."""
    customer = story.customer.value if story.customer else ""
    if sentences is None:
        pool: list[tuple[StorySentence, str]] = []
        if story.title is not None:
            pool.append((story.title, "title"))
        pool += [(h, "heading") for h in story.headings]
        pool += [(s, "prose") for s in story.sentences]
        pool += [(s, "quote") for q in story.quotes for s in q.sentences]
    else:
        pool = list(sentences)
    found: list[tuple[Mention, float, float]] = []
    for s, where in pool:
        claims = extract_claims(s.text)
        for c in claims:
            sure = _is_result(c, s, where, customer, [o for o in claims if o is not c])
            if sure >= MIN_SURE:
                found.append((Mention(s, c, where), _strength(c, where), sure))
    results: list[Result] = []
    groups: list[list[tuple[Mention, float, float]]] = []
    for item in found:
        group = next((g for g in groups if _same(g[0][0].claim, item[0].claim)), None)
        if group is None:
            groups.append([item])
        else:
            group.append(item)
    order = {"prose": 0, "quote": 1, "heading": 2, "title": 3}
    for group in groups:
        # The statement to show: prose says it in a whole sentence; a quote, heading or title next.
        ranked = sorted(group, key=lambda x: (order[x[0].where], -x[2], x[0].sentence.words > 40,
                                              x[0].sentence.index))
        strength = max(x[1] for x in group)
        key = any(x[0].where in ("title", "heading") or x[0].claim.baseline is not None
                  or results_section(x[0].sentence) for x in group)
        results.append(Result(tuple(x[0] for x in ranked), strength, key))
    first_seen = {id(r): min(m.sentence.offsets[0] for m in r.mentions) for r in results}
    results.sort(key=lambda r: (-r.strength, first_seen[id(r)]))
    if not any(r.key for r in results) and results:
        results[0] = Result(results[0].mentions, results[0].strength, True)
    return results
