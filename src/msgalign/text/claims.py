"""Comparing quantitative claims, and whether a claim reads as a result.

Two values for the same metric agree when both can be true: a written number
covers its rounding ("23%" is 22.5–23.5), a qualifier makes a bound ("over
90%"), "about" widens by `APPROX`. `compatible` is the one test of "the same
number" for the claims rules and the briefs alike (a Claim and a prose
Quantity both qualify), so a story's 25% contradicts a proof point's 23% for
both. Extraction lives in `msgalign.text.quantities`.
"""

from __future__ import annotations

import math
import re
from typing import Protocol

from msgalign.text.quantities import RESULT_VERB, Claim

# "about 90%" is taken to mean within this relative distance of 90.
APPROX = 0.05


# --- comparing values -------------------------------------------------------

class Measured(Protocol):
    """What value comparison reads; `Claim` and `Quantity` both have it."""

    @property
    def value(self) -> float: ...
    @property
    def upper(self) -> float | None: ...
    @property
    def baseline(self) -> float | None: ...
    @property
    def bound(self) -> str: ...
    @property
    def resolution(self) -> float: ...
    @property
    def scale(self) -> float: ...


def _interval(c: Measured) -> tuple[float, float]:
    lo = c.value * c.scale
    hi = (c.upper if c.upper is not None else c.value) * c.scale
    r = c.resolution * c.scale
    if c.bound == "min":  # "over 95%" is no rounding of 95: 94.6% is not over it
        return lo, math.inf
    if c.bound == "max":
        return -math.inf, hi
    if c.bound == "approx":
        return min(lo * (1 - APPROX), lo - r), max(hi * (1 + APPROX), hi + r)
    return lo - r, hi + r


def comparable(a: Claim, b: Claim) -> bool:
    """Same unit family, and for money the same currency."""
    return a.unit == b.unit and (a.unit != "money" or a.unit_detail == b.unit_detail)


def compatible(a: Measured, b: Measured) -> bool:
    """True when two values for the same metric can both be true.

    Bounds read as bounds ("over 90%" agrees with 94%), except that two bounds
    in the same direction must name the same number: "under 5 minutes" and
    "under 10 minutes" are different promises even though both could hold.
    """
    if a.bound == b.bound and a.bound in ("min", "max"):
        if abs(a.value * a.scale - b.value * b.scale) > max(a.resolution * a.scale, b.resolution * b.scale):
            return False
    else:
        a_lo, a_hi = _interval(a)
        b_lo, b_hi = _interval(b)
        if a_hi < b_lo or b_hi < a_lo:
            return False
    if a.baseline is not None and b.baseline is not None:
        tolerance = max(a.resolution * a.scale, b.resolution * b.scale)
        return abs(a.baseline * a.scale - b.baseline * b.scale) <= tolerance
    return True


# --- does a claim read like a result? ------------------------------------------

# Instructions open with a verb: "Book a 30-minute call", "Talk for no more than 40% of the meeting".
_IMPERATIVE = re.compile(
    r"(?i)^\W*(?:book|schedule|ask|send|talk|spend|keep|aim|target|limit|check|use|add|pick|set|plan|offer|"
    r"give|allow|budget|reserve|block|hold|share|review|write|call|email|invite|join|bring|agree|note|"
    r"flag|escalate|follow|skip|start|open|make|prepare|confirm|expect|leave|allocate|cap|achieve|reach|hit|"
    r"maintain|ensure|complete|track|monitor|enable|deploy|update)\b")
# A number that sets a threshold or a condition, not a result: "anything under 70%", "if it drops below 50".
_THRESHOLD = re.compile(
    r"(?i)\b(?:if|when|whenever|unless|anything|any|accounts?|deals?|those|ones|customers?|companies|teams?|"
    r"score|scores)\b[^.;]{0,25}\b(?:under|over|below|above|less than|more than|fewer than|at least|exceeds?|"
    r"drops? (?:below|under)|falls? (?:below|under)|is|are)\s*$")
_PRICE_WORDS = re.compile(r"(?i)\b(?:off|discount|coupon|promo|trial|free|per seat|per user|pricing|price|"
                          r"plan costs?)\b")
_SOCIAL = re.compile(r"(?i)\b(?:trust|use|rely|choose|chose|join|run on|switch|love|serve|power|support)\w*")
_CUSTOMERS = frozenset("customer team company organisation organization business brand user rep seller "
                       "account enterprise partner school hospital clinic retailer bank".split())
_FASTER = re.compile(r"(?i)\b(?:faster|quicker|sooner|less time|shorter|saves?|saved|saving|cut|cuts|reduc\w*|"
                     r"shrink\w*|shorten\w*|drop\w*|fell|fall\w*|instead of)\b")
# Time-to-value promises ("live in 3 weeks", "up and running in 10 minutes") are
# claims buyers compare across teams, though nothing "got faster" in the sentence.
_TIME_TO_VALUE = re.compile(r"(?i)\b(?:go(?:es)? live|(?:are|is|be|fully) live|live on \w+ in|up and running|"
                            r"time[- ]to[- ](?:value|live|first)|(?:deploy|implement|roll(?:ed)? out|onboard)\w* in)\b")
_COUNT_RESULT = re.compile(r"(?i)\b(?:(?:retir|sav|clos|add|gain|generat|sourc|book|reduc|cut|eliminat|replac|recover|"
                           r"creat|deliver|resolv|prevent|avoid|hir)(?:e|ed|es|ing|s)?|won|win|wins|winning|sourced|"
                           r"added|gained|hired)\b")


def reads_as_result(claim: Claim, sentence: str) -> bool:
    """Whether a claim reads as a result or proof worth registering (CL002).

    Kept narrow on purpose: percent and multiples almost always are results;
    counts only when something was achieved ("retired 11 spreadsheets",
    "trusted by 4,000 teams"); money only when saved or earned; durations
    only when something got faster ("from 6 weeks to 10 days", "6 fewer
    hours"). Instructions, thresholds and prices are never results.
    """
    before = sentence[:claim.start] + (claim.qualifier + " " if claim.qualifier else "")
    if claim.baseline is None and (_IMPERATIVE.search(sentence) or _THRESHOLD.search(before)):
        return False
    window = sentence[max(0, claim.start - 40):claim.end + 40]
    if _PRICE_WORDS.search(window):
        return False
    if claim.unit in ("percent", "multiple"):
        return True
    if claim.unit == "money":
        return bool(RESULT_VERB.search(sentence) or re.search(r"(?i)\b(?:ROI|return|savings|benefits?)\b", sentence))
    if claim.unit == "count":
        return bool(_COUNT_RESULT.search(window) or re.search(r"(?i)\b(?:fewer|more|additional|extra)\s", claim.raw)
                    or (claim.unit_detail in _CUSTOMERS and _SOCIAL.search(sentence)))
    comparative = re.search(r"(?i)\b(?:fewer|less|more|extra|additional)\b", claim.raw)
    lead = sentence[max(0, claim.start - 50):claim.start]
    return claim.baseline is not None or bool(comparative or _FASTER.search(sentence) or _TIME_TO_VALUE.search(lead))


# --- what a number is about ----------------------------------------------------------------------

# A number that sets a goal, a bar or a limit, not a result: "the goal is to get to 50%", "until they
# hit 30%", "at least 80% of seats at all times", "no more than 7 days", "triggers a review below 80%".
_TARGET = re.compile(
    r"(?i)\b(?:goals?|targets?|targeted|aims?|aiming|aspire|threshold|objectives?|quotas?|kpis?|benchmarks? of|"
    r"requirements?|required|requires?|must|should|needs? to|expected to|eligible|criteria|limit(?:s|ed)?|"
    r"cap(?:s|ped)?|maximum|minimum|no more than|at most|until|unless|once (?:they|it|you|the)|before they|"
    r"trigger\w*|healthy|consider\w*|maintain\w*|surpass\w*|hit|exceed\w*|reach(?:es)? (?:at least|the)|"
    r"or (?:more|higher|above|lower|less)|ramp\w*|sla|deadline)\b")
# Verbs that make a bounded number a result ("over 90% of customers renew"), not a bar.
_OUTCOME = re.compile(r"(?i)\b(?:renew\w*|retain\w*|adopt\w*|report\w*|saw|see[sn]?|got|achieved|improv\w*|"
                      r"increas\w*|reduc\w*|cut|cuts|sav\w*|grow\w*|grew|faster|quicker|quickly|drop\w*|fell|"
                      r"lift\w*|boost\w*|won|closed|delivered|shipped|resolved|found|handled|served|used|trust\w*)\b")
# Someone else's figure: a survey, a report, an analyst ("a recent survey found 72% of leaders …").
_ATTRIBUTED = re.compile(r"(?i)\b(?:survey\w*|stud(?:y|ies)|report(?:s|ed)? (?:that|found|estimates?)|the report|"
                         r"research(?:ers)?|according to|estimates?|analysts?|polls?|census|gartner|forrester|"
                         r"idc|mckinsey)\b")
# A counter-example or a hypothetical: "don't say 'saves 50%'", "if you save 20% …", "e.g. 3x".
_COUNTER = re.compile(r"(?i)\b(?:don['’]t|do not|never|avoid|instead of saying|not:|wrong:|bad:|incorrect)\b")
_HYPOTHETICAL = re.compile(r"(?i)\b(?:if|imagine|suppose|say|e\.g\.|for example|for instance|could|would|might|"
                           r"hypothetical\w*|example)\b")


# A number that names something, not how much: "Stage 2-4 opportunities", "step 3", "version 5.0".
_LABEL = re.compile(r"(?i)\b(?:stages?|steps?|phases?|levels?|tiers?|versions?|v|no\.|number|#|s|q|fy|type|day)\s*$")


def reads_as_target(claim: Claim, sentence: str, section: str = "") -> bool:
    """Whether a number sets a goal, a bar or a limit ("get to 50% by day 60", "no more than 7 days",
    "churn above $150k", anything under a "Requirements" or "Targets" heading), or only names
    something ("Stage 2-4 opportunities"): either way it is no result."""
    before = sentence[max(0, claim.start - 80):claim.start] + " " + claim.qualifier
    after = sentence[claim.end:claim.end + 60]
    if re.search(r"[<>≤≥]\s*[`'\"]?\s*$", sentence[:claim.start]) or _LABEL.search(sentence[:claim.start]):
        return True
    if section and _TARGET.search(section):
        return True
    if _IMPERATIVE.search(sentence) and claim.baseline is None:
        return True
    if claim.bound in ("min", "max") and not _OUTCOME.search(sentence) and not _FASTER.search(sentence):
        return True  # "up to 5 changesets", "below 80% … triggers a project", "no more than 7 days"
    return bool(_TARGET.search(before) or _TARGET.search(after))


def reads_as_someone_elses(claim: Claim, sentence: str) -> bool:
    """A survey's or a report's figure, a counter-example or a hypothetical: not the company's own claim."""
    before = sentence[max(0, claim.start - 60):claim.start]
    return bool(_ATTRIBUTED.search(sentence) or _COUNTER.search(sentence) or _HYPOTHETICAL.search(before))


_CAPITALISED = re.compile(r"(?<![\w'’.@/-])([A-Z][a-z]+(?:[A-Z][a-z]+)*|[A-Z][a-z]*\d\w*)(?=['’]s\b|[^\w'’-]|$)")


def capitalised_words(text: str) -> list[str]:
    """Words written with a capital (not all caps, so no MAU, DAU or ARR), in order."""
    return _CAPITALISED.findall(text)
