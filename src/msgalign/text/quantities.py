"""Numbers in prose: quantitative claims with what they measure, and every quantity a story states.

One reading of numbers serves the claims rules and the briefs, so a number
means the same thing to both: `extract_claims` for the claims a sentence
makes, `find_quantities` for every number in a story sentence (bare numbers
and years included, and "from X to Y" changes), both built on the same atoms.

A claim is a number with a unit family (percent, multiple, count, money,
duration) and the words around it that say what is measured (its *metric*).
Extraction is rule-based and keeps offsets, so a finding points at the exact
characters of the number. Numbers that are not claims are masked first:
years, dates, times of day, versions, phone numbers, list numbering, labels
("Step 2", "slide 4", "Q3", "top 20"), ordinals, fractions like 24/7, URLs and
e-mail addresses.

Prices are not claims. A price ("€29 per seat per month", "starts at $49")
says what something costs, not what it achieved; a pricing page that changes a
price is not message drift, and flagging it would drown the result claims that
are. Money is a claim when it is about results ("saved $1.2M", "$640,000 ARR
protected").

A duration that only frames another claim ("by 23% *in two quarters*") is that
claim's `period`, not a claim of its own.

Comparing claims (is 94% "over 90%"?) and deciding whether one reads as a
result live in `msgalign.text.claims`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, cast

UNITS = ("percent", "multiple", "count", "money", "duration")

_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
          "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_FOLDS = {"twofold": 2, "threefold": 3, "fourfold": 4, "fivefold": 5, "tenfold": 10}
# "a full day", "an entire quarter", "a single month": one of the unit that follows, and nothing without one.
_WHOLE = ("a full", "an entire", "a whole", "a single")
# Bare "hundred" is left out on purpose: "several hundred employees" is not 100 of them.
_PHRASES = {"a dozen": 12.0, "a hundred": 100.0, "half": 0.5, **dict.fromkeys(_WHOLE, 1.0)}
# "zero trust", "zero-day": names of things, not a count of none.
_ZERO_NAMES = frozenset("trust day days shot knowledge copy etl based sum point gravity".split())
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# "sixty-five teams" is 65 teams, not "five teams" after a stray word.
_COMPOUND = rf"(?:{'|'.join(_TENS)})-(?:{'|'.join(_ONES)})"
# "within a day", "in under an hour", "from two weeks to a day": one of the duration that follows, only
# after a word that bounds or ends a span ("once a day", "a day in the life" hold no number).
_BOUNDED_ARTICLE = r"(?:(?<=within )|(?<=under )|(?<=than )|(?<=just )|(?<=inside )|(?<=to )|(?<=in ))an?"
_WORD_NUMBERS = "|".join([_COMPOUND, *sorted([*_WORDS, *_FOLDS, *(p.replace(" ", r"\s+") for p in _PHRASES)],
                                             key=len, reverse=True), _BOUNDED_ARTICLE])  # last: "a single" first
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "million": 1e6,
           "b": 1e9, "bn": 1e9, "billion": 1e9}
_CURRENCIES = {"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "dollar": "USD",
               "€": "EUR", "eur": "EUR", "euros": "EUR", "euro": "EUR",
               "£": "GBP", "gbp": "GBP", "pounds": "GBP"}
# Seconds per unit, so "two quarters" equals "6 months" and "4 days" equals "96 hours".
_DAY = 86_400.0
_SECONDS = {"second": 1.0, "minute": 60.0, "hour": 3_600.0, "day": _DAY, "business day": _DAY * 7 / 5,
            "week": 7 * _DAY, "month": 30.4375 * _DAY, "quarter": 91.3125 * _DAY, "year": 365.25 * _DAY}
_UNIT_ALIASES = {"sec": "second", "secs": "second", "min": "minute", "mins": "minute", "hr": "hour",
                 "hrs": "hour", "wk": "week", "wks": "week", "mo": "month", "mos": "month",
                 "yr": "year", "yrs": "year"}
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?")
# Spans that hold digits but never a claim; they are blanked (same length) before scanning.
_YEAR = re.compile(r"(?<![\w.,$€£])(?:19|20)\d{2}(?![\w%,.]|\.\d|\s?(?:%|percent|x\b))")
_NOT_CLAIMS = [_YEAR, *(re.compile(p) for p in (
    r"(?i)\b(?:https?://|www\.)\S+",
    r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # starts where its run starts: linear on a long word
    r"\b\d{4}-\d{2}-\d{2}\b",
    r"\b\d{1,4}/\d{1,4}(?:/\d{1,4})?\b",                        # 24/7, 12/05/2024, 4.8/5
    r"(?i)\b\d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?|\b\d{1,2}\s?[ap]\.?m\.?(?!\w)",
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?",
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?|\b{_MONTH}\s+\d{{4}}\b",
    r"(?i)\bv(?:ersion)?\.?\s?\d+(?:\.\d+)*\b|\b\d+\.\d+\.\d+\b",
    r"(?i)\b(?:Q[1-4]|H[12]|FY\s?\d{2,4})\b(?:\s+\d{4})?",
    r"\b\d+(?:st|nd|rd|th)\b",
    r"(?i)\b(?:step|slide|page|chapter|section|part|phase|tier|level|option|figure|fig\.|table|item|no\.|"
    r"number|day|week|month|year|top|fortune|series|round|t-minus|#)\s*#?\d+(?:\.\d+)?\b",
    r"^\s*(?:[-*•]\s*)?\(?\d{1,2}[.)](?=\s)",                   # list numbering
    r"(?i)\b\d+(?:\.\d+)?\s?(?:out of|in)\s+\d+\s+(?:stars?|rating)\b",
))]

# Phone-like runs of digit groups; only a run with 8+ digits is a phone number ("2 or 3 10" is not).
_PHONE = re.compile(r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,5}){2,}")

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ATOM = re.compile(
    rf"(?P<cur>US\$|[$€£]|(?:USD|EUR|GBP)\s?)?"
    rf"(?:(?P<num>{_NUM})|(?P<word>(?i:{_WORD_NUMBERS}))\b)"
    r"(?P<scale>(?:\s?(?i:thousand|million|billion)\b)|(?:k|K|M|MM|mn|bn|B|m|b)(?![\w]))?"
    r"(?P<plus>\+)?")
_DURATION = re.compile(
    r"(?P<sep>[\s-]+)(?P<cmp>(?i:fewer|more|less|extra|additional)\s+)?"
    r"(?P<qual>(?i:business|working|calendar)\s+)?"
    r"(?P<u>(?i:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|mos?|quarters?|years?|yrs?))\b")
_PERCENT = re.compile(r"\s?(?:%|(?i:percent|per\s+cent|pct)\b)(?:\s?(?i:points?)\b)?|\s(?i:percentage\s+points?)\b")
# "N times" is a multiple only when compared ("three times faster"); "ran 37 times" is a frequency.
_MULTIPLE = re.compile(r"(?:\s?[x×X](?![\w])|(?i:-fold)\b|\s+(?i:times)\b"
                       r"(?=\s+(?i:faster|more|higher|better|larger|bigger|greater|quicker|as|the|over|lower|fewer|less)\b))")
_MONEY_AFTER = re.compile(r"\s?(?i:dollars?|euros?|pounds|USD|EUR|GBP)\b")
_COUNT = re.compile(r"(?P<sep> +)(?P<cmp>(?i:more|fewer|new|additional|extra)\s+)?"
                    r"(?P<np>[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,2})")
_PRICE_AFTER = re.compile(r"\s*(?:/\s?(?:mo|month|yr|year|user|seat|license|licence)\b|(?i:per|a|an|each)\s+"
                          r"(?:user|seat|license|licence|rep|agent|member|head)\b|(?i:off|discount)\b)")
_PER_PERIOD = re.compile(r"(?i)\s*(?:per|a|an|each)\s+(?:month|year|annum)\b")
# Verbs of a result ("saved", "grew"): per-period money with one is a result, not a price;
# `reads_as_result` uses the same list.
RESULT_VERB = re.compile(r"(?i)\b(?:sav|generat|add|recover|protect|return|earn|increas|lift|grow|grew|win|won|"
                          r"unlock|creat|driv|captur|booked|closed|cut|reduc|lower|eliminat|avoid)\w*")
_PRICE_BEFORE = re.compile(r"(?i)\b(?:costs?|priced at|price of|starts? at|starting at|only|just|pay|for)\s+$")

_QUALIFIERS = re.compile(
    r"(?i)(?:\b(?P<q>more than|over|above|at least|upwards of|in excess of|north of|beyond|under|less than|"
    r"fewer than|below|up to|at most|no more than|not more than|within|inside|nearly|almost|about|around|"
    r"roughly|approximately|approx\.|an estimated|close to|some)\s+|(?P<t>~)\s?)$")
_BOUNDS = {"more than": "min", "over": "min", "above": "min", "at least": "min", "upwards of": "min",
           "in excess of": "min", "north of": "min", "beyond": "min", "under": "max", "less than": "max",
           "fewer than": "max", "below": "max", "up to": "max", "at most": "max", "no more than": "max",
           "not more than": "max", "within": "max", "inside": "max"}
# A duration introduced like this frames another claim ("in the first 90 days") when one is near.
_PERIOD_LEAD = re.compile(
    r"(?i)\b(?:in|within|over|after|during|across|for|inside)\s+(?:(?:the|their|your|our|its|just|only)\s+)?"
    r"(?:(?:first|last|past|next)\s+)?(?:(?:under|less than)\s+)?$")
# Where one claim's words end and the next claim's begin.
_SENTENCE_BREAK = re.compile(r";|,\s+(?:and|but|while|so|whereas|which)\s|\s[–—]\s")
_CLAUSE_BREAK = re.compile(r";|:\s|,\s+(?:and|but|while|so|whereas)\s|\s(?:and|but|while|whereas)\s|,\s|\s[–—]\s")
_DETERMINERS = re.compile(r"(?i)\b(?:the|these|those|its|their|our|your|his|her|all|both|each|every|first|"
                          r"last|next|top|other|another)\s+$")
STOPWORDS = frozenset("""
a an the of to and or in on at for with by from per is are was were be been will would can could than that
which who as if so but this these those it its we our you your they their them my me us he she his her
up down about into over under after before during within out off via more less fewer just only also has
have had do does did get gets got not no any some all each every there here what when where how why
""".split())
# Words that follow a number without being what it counts ("11 on average", "61 when", "37 times").
_NOT_NOUNS = STOPWORDS | frozenset("being times percent across vs plus minus run runs since until then now yet".split())


@dataclass(frozen=True)
class Claim:
    """One quantitative claim in a sentence.

    `value` is normalised (1.2M → 1200000) in the unit named by `unit_detail`
    ('percent', 'x', 'USD', 'minute', or the counted noun, singular). A range
    keeps its top in `upper`; a change ("from 4 days to under 24 hours")
    keeps where it started in `baseline`, in the same unit as `value`.
    `bound` says how a qualifier reads: exact, min ("over 90%"), max ("under
    10 minutes", "within 14 days") or approx ("about 90%"). `start`/`end` are
    offsets in the sentence; `metric` is the sentence around the claim with
    the numbers masked, the text that says what is measured.
    """

    value: float
    unit: str
    unit_detail: str
    raw: str
    start: int
    end: int
    metric: str
    bound: str = "exact"
    upper: float | None = None
    baseline: float | None = None
    period: str | None = None
    qualifier: str = ""      # the word that made the bound: "over", "under", "within", "about"
    key: str = ""            # the few content words right around the number: the measured thing
    resolution: float = 0.5  # half the last written digit: "23%" covers 22.5–23.5

    @property
    def scale(self) -> float:
        """Factor to a common base: seconds for durations, 1 otherwise."""
        return _SECONDS.get(self.unit_detail, 1.0) if self.unit == "duration" else 1.0


@dataclass
class _Atom:
    start: int
    end: int
    core: tuple[int, int]          # the numeric part, masked out of the metric
    value: float
    resolution: float
    unit: str | None = None
    detail: str = ""
    bound: str = "exact"
    comparative: bool = False
    upper: float | None = None
    baseline: float | None = None
    factor: float = 1.0            # the scale written after the number (k, M, million)
    qualifier: str = ""
    period_lead: int | None = None  # where "in the first" starts, for a duration
    cores: list[tuple[int, int]] | None = None
    digits: bool = True            # written in digits, not words
    parts: tuple[_Atom, _Atom] | None = None  # what a change (before, after) or a range was joined from
    joined: str = ""               # "change" or "range" when it was


def _blank(text: str) -> str:
    """The text with every not-a-claim span blanked, same length, so offsets still hold."""
    out = list(text)
    spans = [m.span() for pattern in _NOT_CLAIMS for m in pattern.finditer(text)]
    spans += [m.span() for m in _PHONE.finditer(text) if sum(c.isdigit() for c in m.group()) >= 8]
    for start, end in spans:
        out[start:end] = " " * (end - start)
    return "".join(out)


def _number(m: re.Match[str]) -> tuple[float, float, float] | None:
    """The value, resolution and scale factor of an atom's number, scale applied."""
    if m.group("num"):
        digits = m.group("num").replace(",", "")
        value = float(digits)
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        resolution = 0.5 * 10 ** -decimals
    else:
        word = re.sub(r"\s+", " ", m.group("word").lower())
        value = 1.0 if word in ("a", "an") else \
            _PHRASES.get(word, float(sum(_WORDS.get(w, _FOLDS.get(w, 0)) for w in word.split("-"))))
        resolution = 0.5 if value >= 1 else 0.05
    scale = (m.group("scale") or "").strip()
    factor = 1.0
    if scale:
        key = scale.lower()
        if scale in ("m", "b") and not m.group("cur"):
            return None  # "10m" may be metres; only money takes lower-case m/b
        factor = _SCALES[key]
        value *= factor
        resolution *= factor
    return value, resolution, factor


_IRREGULAR_PLURALS = frozenset("people staff children men women personnel".split())


def _plural(word: str) -> bool:
    w = word.lower()
    return w in _IRREGULAR_PLURALS or (len(w) > 2 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s")))


# How far around a number its qualifier, unit, lead words and price cues can reach. Patterns that
# look behind a number run on this window, not on everything before it, so a sentence of N numbers
# costs N windows, not N prefixes (a 10,000-character list of "9%" took 88 s).
_WINDOW = 200


def _before(text: str, start: int) -> tuple[int, str]:
    """(offset, text) of the window just before `start`, cut after a space so it starts on a word."""
    lo = max(0, start - _WINDOW)
    if lo:
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else start
    return lo, text[lo:start]


def _is_price(after: str, before: str) -> bool:
    """Per-seat money, money after 'costs' or 'starts at', or per-period money with no result verb."""
    if _PRICE_AFTER.match(after) or _PRICE_BEFORE.search(before):
        return True
    return bool(_PER_PERIOD.match(after)) and not RESULT_VERB.search(before)


def _singular(word: str) -> str:
    w = word.lower().strip("'’")
    if w == "people":
        return "person"
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if re.search(r"(?:ss|sh|ch|x)es$", w):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def _atoms(masked: str) -> list[_Atom]:
    """Every number with its unit (or none: a bare number may join a range), qualifier included."""
    atoms: list[_Atom] = []
    consumed = 0
    for m in _ATOM.finditer(masked):
        start, end = m.start(), m.end()
        if start < consumed:
            continue
        if ratio := _ratio(m, masked):
            atoms.append(ratio)
            consumed = ratio.end
            continue
        if start > 0 and (masked[start - 1].isalnum() or masked[start - 1] in "._/:#@,"):
            continue
        if m.group("num") and masked[end:end + 1].isdigit():
            continue
        parsed = _number(m)
        if parsed is None:
            continue
        value, resolution, factor = parsed
        atom = _Atom(start, end, (start, end), value, resolution, factor=factor, digits=bool(m.group("num")))
        if m.group("plus"):
            atom.bound = "min"  # "100,000+ employees"
        if not _unit(atom, m, masked):
            continue
        if atom.unit is None and m.group("num") and (noun := _OF_NOUN.match(masked, end)) \
                and _plural(noun.group("noun")) and noun.group("noun").lower() not in _NOT_NOUNS:
            atom.unit, atom.detail = "count", _singular(noun.group("noun"))  # "retired 12 of its 14 spreadsheets"
        if atom.unit in ("percent", "multiple", "money"):
            atom.core = (atom.start, atom.end)  # the unit is part of the number; counts and durations keep their noun
        lo, lead_text = _before(masked, atom.start)
        if q := _QUALIFIERS.search(lead_text):
            atom.qualifier = (q.group("q") or "~").lower()
            atom.bound = _BOUNDS.get(atom.qualifier, "approx")
            atom.start = lo + q.start()
            atom.core = (lo + q.start(), atom.core[1])
        if atom.unit == "duration" and (lead := _PERIOD_LEAD.search(lead_text)):
            atom.period_lead = lo + lead.start()
        atoms.append(atom)
    return atoms


_RATIO = re.compile(rf"\s+(?:in|out\s+of)\s+(?:(?P<num>\d+)|(?P<word>(?i:{'|'.join(_WORDS)}|a hundred)))\b")


def _ratio(m: re.Match[str], masked: str) -> _Atom | None:
    """'one in five customers', '9 out of 10 teams': a share, read as a percent."""
    r = _RATIO.match(masked, m.end())
    if r is None or m.group("cur") or m.group("scale") or m.group("plus"):
        return None
    word = (m.group("word") or "").lower()
    top = float(m.group("num").replace(",", "")) if m.group("num") else float(_WORDS.get(word, 0))
    bottom_word = (r.group("word") or "").lower()
    bottom = float(r.group("num")) if r.group("num") else float(_WORDS.get(bottom_word, _PHRASES.get(bottom_word, 0)))
    if not 0 < top < bottom or (m.start() > 0 and masked[m.start() - 1].isalnum()):
        return None
    value = round(100 * top / bottom, 1)
    atom = _Atom(m.start(), r.end(), (m.start(), r.end()), value, 0.05, unit="percent", detail="percent",
                 digits=bool(m.group("num")))
    lo, lead_text = _before(masked, atom.start)
    if q := _QUALIFIERS.search(lead_text):
        atom.qualifier = (q.group("q") or "~").lower()
        atom.bound = _BOUNDS.get(atom.qualifier, "approx")
        atom.start = lo + q.start()
        atom.core = (lo + q.start(), atom.end)
    return atom


def _unit(atom: _Atom, m: re.Match[str], masked: str) -> bool:
    """Read the unit after (or the currency before) a number; False drops the number."""
    start, end = m.start(), m.end()
    word = re.sub(r"\s+", " ", (m.group("word") or "").lower())
    cur = (m.group("cur") or "").strip().lower()
    rest = masked[end : end + _WINDOW]
    before_at, before = _before(masked, start)
    if word == "zero" and (_DURATION.match(rest) or not re.match(r" +[A-Za-z]", rest)
                           or re.search(r"(?:[-/]|\bto\s+)$", masked[max(0, start - 4):start])):
        return False  # "zero-day", "zero to one", "scale-to-zero": a name or a figure of speech, no count
    if (word in _WHOLE or word in ("a", "an")) and not _DURATION.match(rest):
        return False  # "a whole story", "to a customer" hold no number
    if word in _FOLDS:
        atom.unit, atom.detail = "multiple", "x"
    elif cur:
        if _is_price(rest, before):
            return False  # a price, not a result
        atom.unit, atom.detail = "money", _CURRENCIES[cur]
    elif word == "half":
        in_half = re.search(r"(?i)\bin\s+$", before)
        if hm := re.match(r"(?i)\s+an?\s+(hour|day|week|month|quarter|year)\b", rest):
            atom.unit, atom.detail, atom.end = "duration", hm.group(1).lower(), end + hm.end()
        elif in_half or re.match(r"(?i)\s+(?:of|the|our|their|your|all)\b", rest):
            atom.unit, atom.detail, atom.value, atom.resolution = "percent", "percent", 50.0, 0.5
            if in_half:  # "cut onboarding time in half"
                atom.start = before_at + in_half.start()
        else:
            return False
    elif pm := _PERCENT.match(rest):
        if re.match(r"(?i)\s+(?:off|discount)\b", rest[pm.end():]):
            return False  # "20% off": a price
        atom.unit, atom.detail, atom.end = "percent", "percent", end + pm.end()
    elif xm := _MULTIPLE.match(rest):
        atom.unit, atom.detail, atom.end = "multiple", "x", end + xm.end()
    elif mm := _MONEY_AFTER.match(rest):
        if _is_price(rest[mm.end():], before):
            return False
        atom.unit, atom.detail, atom.end = "money", _CURRENCIES[mm.group().strip().lower()], end + mm.end()
    elif dm := _DURATION.match(rest):
        unit = dm.group("u").lower()
        unit = _UNIT_ALIASES.get(unit, unit)
        unit = unit[:-1] if unit.endswith("s") and unit[:-1] in _SECONDS else unit
        if dm.group("qual") and unit == "day" and dm.group("qual").strip().lower() != "calendar":
            unit = "business day"
        atom.unit, atom.detail, atom.end = "duration", unit, end + dm.end()
        atom.comparative = bool(dm.group("cmp"))
    elif word in ("one", "half"):
        return False  # "one shared language" is not a count
    elif (cm := _COUNT.match(rest)) and cm.group("np").split()[0].lower() not in _NOT_NOUNS:
        if word and _DETERMINERS.search(before):
            return False  # "the three goals": a description, not a count
        if m.group("num") and not float(m.group("num").replace(",", "")).is_integer() and atom.factor == 1.0:
            return False  # "Beacon 2.1 ships": nobody counts 2.1 of anything
        # The phrase runs to its first plural ("120 Beacon customers", "three different numbers");
        # with no plural in reach, the number counts nothing ("61 when", "2.1 ships").
        np: list[str] = []
        for w in cm.group("np").split():
            if w.lower() in _NOT_NOUNS or w.lower() in STOPWORDS:
                break
            np.append(w)
            if _plural(w):
                break
        if word == "zero":
            if not np or np[0].lower() in _ZERO_NAMES:
                return False  # "zero trust policies": a name, not none of the policies
            np = np[:2]  # "zero context switching", "zero downtime": none of it, plural or not
        elif not np or not _plural(np[-1]):
            return bool(m.group("num"))  # a bare number: it may still join a range
        atom.unit, atom.detail = "count", _singular(np[-1])
        atom.end = end + cm.start("np") + len(" ".join(np))
        atom.comparative = bool(cm.group("cmp"))
    elif word and word != "a dozen":
        return bool(re.match(r"\s*(?:-|–|—|to|or|and)\s", rest))  # "two to three weeks"
    elif word:
        return False
    return True


def _join(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """Ranges ("10-15%", "between 78 and 84") and changes ("from 4 days to under 24 hours").

    Ranges are joined first, so a change can end (or start) in one: "2–3 minutes instead of 30",
    "from 30 minutes to 2-3 minutes" are one change each, not a range and a stray number.
    Bare numbers that joined nothing stay (unit None): claims drop them, prose keeps them.
    """
    return _join_pass(text, _join_pass(text, atoms, ranges_only=True), ranges_only=False)


def _join_pass(text: str, atoms: list[_Atom], ranges_only: bool) -> list[_Atom]:
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if b is not None:
            between = text[a.end:b.start]
            before = _before(text, a.start)[1]
            joined = None
            if a.unit is None or b.unit is None or a.unit == b.unit:
                if re.fullmatch(r"\s*(?:→|->|–>)\s*", between) or (
                        re.fullmatch(r"\s*(?:to|–|-|—)\s*", between) and re.search(r"(?i)\bfrom\s+$", before)):
                    joined = "change"
                elif a.unit == b.unit == "count" and a.detail == b.detail and re.search(r"(?i)\bfrom\s+$", before) \
                        and re.fullmatch(r"\s+of\s+[A-Za-z]+(?:\s+[A-Za-z]+)?\s+to\s+", between):
                    joined = "change"  # "from 730k lines of code to 95k lines of code"
                elif re.fullmatch(r"\s*(?:–|-|—|to|or)\s*", between) or (
                        re.fullmatch(r"\s+and\s+", between) and re.search(r"(?i)\bbetween\s+$", before)):
                    joined = "range"
            if ranges_only and joined != "range":
                joined = None
            if joined and (b.unit or a.unit) and not (a.unit and a.unit != b.unit and b.unit):
                out.append(_merge(text, a, b, joined))
                i += 2
                continue
            tail = None if ranges_only else \
                re.match(r"(?i),?\s+(?:(?:up|down)\s+from|instead\s+of)\s+$", text[a.end:b.start])
            if tail and a.unit and b.unit in (None, a.unit):
                merged = _merge(text, b, a, "change")
                merged.start, merged.end = a.start, b.end
                out.append(merged)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _merge(text: str, first: _Atom, last: _Atom, kind: str) -> _Atom:
    unit = last.unit or first.unit
    detail = last.detail or first.detail
    first_value = first.value
    if first.factor == 1.0 and last.factor != 1.0 and first.value < 1000:
        first_value *= last.factor  # "$1-2M": the bare side takes the written side's scale
    if unit == "duration" and first.unit == "duration" and first.detail != detail:
        first_value = first_value * _SECONDS[first.detail] / _SECONDS[detail]
    start = first.start
    lo, lead_text = _before(text, start)
    if kind == "change" and (fm := re.search(r"(?i)\b(?:up\s+|down\s+)?from\s+$", lead_text)):
        start = lo + fm.start()
    elif kind == "range" and (bm := re.search(r"(?i)\bbetween\s+$", lead_text)):
        start = lo + bm.start()
    merged = _Atom(start=start, end=last.end, core=(start, last.end), value=last.value,
                   resolution=max(first.resolution, last.resolution), unit=unit, detail=detail, bound=last.bound,
                   comparative=first.comparative or last.comparative, qualifier=last.qualifier,
                   cores=[first.core, last.core], digits=last.digits, parts=(first, last), joined=kind)
    if kind == "change":
        merged.baseline = first_value
        merged.upper = last.upper if last.joined == "range" else None  # "2–3 minutes instead of 30"
    else:
        merged.value, merged.upper, merged.bound = first_value, last.value, "exact"
    merged.period_lead = None
    return merged


def extract_claims(text: str, context: str = "") -> list[Claim]:
    """The quantitative claims in one sentence, in order.

    `context` (e.g. the row header of a table cell) is prepended to a claim's
    metric when the sentence itself says too little about what is measured.
    """
    masked = _blank(text)
    atoms = [a for a in _join(text, _atoms(masked)) if a.unit is not None]
    if not atoms:
        return []
    anchors = [a for a in atoms if not _period_candidate(a)]
    solid = sorted(anchors, key=lambda a: a.start)  # the anchors a period can attach to
    solid_starts = [a.start for a in solid]
    periods: dict[int, list[_Atom]] = {}
    for atom in atoms:
        if not _period_candidate(atom):
            continue
        host = _nearest_unbroken(text, atom, solid, solid_starts)
        if host is None:
            anchors.append(atom)
        else:
            periods.setdefault(id(host), []).append(atom)
    anchors.sort(key=lambda a: a.start)
    # What is masked out of every claim's metric: every number and period (the same for all claims).
    removed = _Spans([c for a in anchors for c in (a.cores or [a.core])]
                     + [(p.period_lead if p.period_lead is not None else p.start, p.end)
                        for ps in periods.values() for p in ps])
    whole: str | None = None
    claims = []
    for i, atom in enumerate(anchors):
        lo = _break_between(text, anchors[i - 1], atom) if i > 0 else 0
        hi = _break_between(text, atom, anchors[i + 1]) if i + 1 < len(anchors) else len(text)
        lo, hi = _clause(text, lo, hi, atom)
        own = periods.get(id(atom), [])
        metric = _mask(text, lo, hi, removed)
        if len(content_words(metric)) < 2:
            if whole is None:
                whole = _mask(text, 0, len(text), removed)
            metric = whole  # a thin clause borrows the whole sentence's words
        if context and len(content_words(metric)) < 2:
            metric = f"{context.strip()} {metric}".strip()
        key = _key(text, lo, hi, atom, removed)
        period = None
        if own:
            p = own[0]
            period = text[p.period_lead if p.period_lead is not None else p.start:p.end]
        claims.append(Claim(
            value=atom.value, unit=atom.unit or "count", unit_detail=atom.detail, raw=text[atom.start:atom.end],
            start=atom.start, end=atom.end, metric=metric, bound=atom.bound, upper=atom.upper,
            baseline=atom.baseline, period=period, qualifier=atom.qualifier, key=key or metric,
            resolution=atom.resolution,
        ))
    return claims


def _key(text: str, lo: int, hi: int, atom: _Atom, removed: _Spans) -> str:
    """Up to KEY_WORDS content words on each side of the number, inside its clause."""
    left = content_words(_mask(text, lo, atom.start, removed))[-KEY_WORDS:]
    right = content_words(_mask(text, atom.end, hi, removed))[:KEY_WORDS]
    noun = [atom.detail] if atom.unit == "count" else []
    return " ".join(left + noun + right)


KEY_WORDS = 3


def _period_candidate(atom: _Atom) -> bool:
    return (atom.unit == "duration" and atom.period_lead is not None and atom.baseline is None
            and atom.upper is None and not atom.comparative)


def _nearest_unbroken(text: str, period: _Atom, solid: Sequence[_Atom], starts: Sequence[int]) -> _Atom | None:
    """The closest anchor with no clause break between it and the period (the earlier one on a tie).

    `solid` is sorted by start. Only the nearest anchor on each side can win: a break between the
    period and its neighbour is also between the period and anything farther away.
    """
    i = bisect.bisect_left(starts, period.start)
    left = next((a for a in reversed(solid[max(0, i - 8):i]) if a.end <= period.start), None)
    right = next((a for a in solid[i:i + 8] if a.start >= period.end), None)
    best: tuple[int, _Atom] | None = None
    for a in (left, right):
        if a is None:
            continue
        lo, hi = (a.end, period.start) if a.end <= period.start else (period.end, a.start)
        if _CLAUSE_BREAK.search(text, lo, hi):
            continue
        if best is None or hi - lo < best[0]:
            best = (hi - lo, a)
    return best[1] if best else None


def _clause(text: str, lo: int, hi: int, atom: _Atom) -> tuple[int, int]:
    """Narrow [lo, hi) to the clause around the claim ("…by 30%, and it is why…" stops at ", and")."""
    for m in _SENTENCE_BREAK.finditer(text, lo, hi):
        if m.end() <= atom.start:
            lo = m.end()
        elif m.start() >= atom.end:
            return lo, m.start()
    return lo, hi


def _break_between(text: str, a: _Atom, b: _Atom) -> int:
    """The offset where a's clause ends and b's begins: after the last break between them."""
    last = None
    for m in _CLAUSE_BREAK.finditer(text, a.end, b.start):
        last = m
    return last.end() if last else a.end


class _Spans:
    """Spans sorted by start, with the running maximum of their ends, to find those that meet [lo, hi)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.reach: list[int] = []
        for _, e in self.spans:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)

    def meeting(self, lo: int, hi: int) -> Iterable[tuple[int, int]]:
        first = bisect.bisect_right(self.reach, lo)  # every span before it ends at or before lo
        for k in range(first, bisect.bisect_left(self.starts, hi)):
            yield self.spans[k]


def _mask(text: str, lo: int, hi: int, removed: _Spans) -> str:
    chars = list(text[lo:hi])
    for s, e in removed.meeting(lo, hi):
        for i in range(max(s, lo), min(e, hi)):
            chars[i - lo] = " "
    out = _SPACES.sub(" ", "".join(chars))
    out = _DASH_PREFIX.sub(r"\1", out)  # "a 30-minute call" → "a minute call"
    out = _SPACE_BEFORE_PUNCT.sub(r"\1", out)
    out = _EMPTY_RANGE.sub("", out)  # what is left of a masked range
    out = _EDGE_CONJUNCTION.sub("", out.strip(" ,;:.-–—"))
    return out.strip(" ,;:.-–—").strip()


_SPACES = re.compile(r"\s+")
_DASH_PREFIX = re.compile(r"(^|\s)-(?=\w)")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?%])")
_EMPTY_RANGE = re.compile(r"(?i)\b(?:from|between)\s+(?:to|and|[-–—])\s+")
_EDGE_CONJUNCTION = re.compile(r"(?i)^(?:and|or|but|while|so)\s+|\s+(?:and|or|but|while|so)$")
_CONTENT_WORD = re.compile(r"[A-Za-z][\w'-]*")


def content_words(text: str) -> list[str]:
    return [w for w in _CONTENT_WORD.findall(text.lower()) if w not in STOPWORDS]


# --- every quantity in prose (briefs) -------------------------------------------

Kind = Literal["percent", "multiple", "count", "money", "duration", "year", "number"]


@dataclass(frozen=True)
class Quantity:
    """One number in a sentence of prose, read from the same atoms as a Claim.

    Briefs rank a story's results by their numbers and hold them against the
    narrative's proof points, so every number counts here, not just claims: a
    bare number is kind 'number' and a year 'year' (neither is a metric).
    Values read as a Claim's do: `value` in `unit_detail` ('percent', 'x',
    'USD', 'hour', or the counted noun, singular), `scale` to a common base,
    `bound` exact/min/max/approx, `resolution` half the last written digit.
    The start of a change is read in the unit of its end, so "from a full day
    to under two hours" has a `before` of 24 (hours). `text` is the quantity
    as written, qualifier included and, for a count, without the noun.
    """

    text: str
    start: int
    end: int
    value: float
    kind: Kind
    unit_detail: str = ""
    bound: str = "exact"
    upper: float | None = None
    resolution: float = 0.5
    relative: bool = False           # "by 23%": a change, not a level
    digits: bool = True              # written in digits, not words
    frames: bool = False             # a time frame for another number: "in the first 90 days"
    before: Quantity | None = None   # where a change started

    @property
    def scale(self) -> float:
        """Factor to a common base: seconds for durations, 1 otherwise (as `Claim.scale`)."""
        return _SECONDS.get(self.unit_detail, 1.0) if self.kind == "duration" else 1.0

    @property
    def baseline(self) -> float | None:
        """Where a change started, in this quantity's unit (as `Claim.baseline`)."""
        return self.before.value if self.before is not None else None

    @property
    def noun(self) -> str:
        """What a count counts ("spreadsheet"); empty for every other kind."""
        return self.unit_detail if self.kind == "count" else ""


@dataclass(frozen=True)
class Change:
    before: Quantity
    after: Quantity

    @property
    def magnitude(self) -> float:
        """Relative size of the change, 0..1: 71% → 93% is 0.24, 9 days → 2 days is 0.78."""
        before, after = self.before.value * self.before.scale, self.after.value * self.after.scale
        return min(1.0, abs(after - before) / max(abs(before), abs(after), 1e-9))


# "12 of its 14 spreadsheets": the 12 counts spreadsheets too.
_OF_NOUN = re.compile(r"\s+of\s+(?:(?:its|the|their|our|his|her|these|those|all)\s+)?(?:\d[\d,.]*\s+)?"
                      r"(?P<noun>[A-Za-z][\w'-]*)")
_DIGITS = re.compile(rf"(?<!\w)(?:{_NUM})")


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in a sentence, in order: claims, bare numbers, years, and both ends of a change."""
    masked = _blank(text)
    out: list[Quantity] = []
    for atom in _join(text, _atoms(masked)):
        if atom.parts is not None and atom.joined == "change":
            first, last = atom.parts
            assert atom.baseline is not None
            ratio = atom.baseline / first.value if first.value else 1.0
            before = _quantity(text, first, _kind(atom.unit), atom.detail, value=atom.baseline,
                               resolution=first.resolution * ratio)
            out += [before, _quantity(text, last, _kind(atom.unit), atom.detail, value=atom.value,
                                      bound=atom.bound, before=before)]
        elif atom.parts is not None:  # a range: one quantity, both ends
            out.append(_quantity(text, atom, _kind(atom.unit), atom.detail, end_atom=atom.parts[1]))
        elif atom.unit is not None:
            out.append(_quantity(text, atom, _kind(atom.unit), atom.detail))
        elif atom.digits:
            out.append(_bare(text, atom))
    seen = {q.start for q in out}
    out += [Quantity(m.group(), m.start(), m.end(), float(m.group()), "year")
            for m in _YEAR.finditer(text) if m.start() not in seen]
    return sorted(out, key=lambda q: q.start)


def _kind(unit: str | None) -> Kind:
    """An atom's unit (one of UNITS once joined) as a quantity kind."""
    return cast(Kind, unit or "number")


def _quantity(text: str, atom: _Atom, kind: Kind, detail: str, *, value: float | None = None,
              resolution: float | None = None, bound: str | None = None, before: Quantity | None = None,
              end_atom: _Atom | None = None) -> Quantity:
    """A Quantity from an atom; a change's ends pass the values the change gave them."""
    last = end_atom or atom
    end = last.core[1] if kind == "count" else atom.end  # a count's text is its number, not the noun
    return Quantity(
        text=text[atom.start:end], start=atom.start, end=end,
        value=atom.value if value is None else value, kind=kind,
        unit_detail=detail, bound=atom.bound if bound is None else bound, upper=atom.upper,
        resolution=atom.resolution if resolution is None else resolution,
        relative=bool(re.search(r"(?i)\bby\s+$", _before(text, atom.start)[1])), digits=atom.digits,
        frames=atom.period_lead is not None, before=before,
    )


def _bare(text: str, atom: _Atom) -> Quantity:
    """A number with no unit: a year, part of a count ("12 of its 14 spreadsheets"), or just a number."""
    written = text[atom.start:atom.end]
    if atom.value.is_integer() and 1900 <= atom.value <= 2100 and atom.factor == 1.0 and "," not in written:
        return Quantity(written, atom.start, atom.end, atom.value, "year")
    noun = _OF_NOUN.match(text, atom.end)
    if noun and _plural(noun.group("noun")):
        return _quantity(text, atom, "count", _singular(noun.group("noun")))
    return _quantity(text, atom, "number", "")


def find_changes(quantities: Sequence[Quantity]) -> list[Change]:
    """The "from X to Y" changes among a sentence's quantities (see `Quantity.before`)."""
    return [Change(q.before, q) for q in quantities if q.before is not None]


def is_metric(q: Quantity) -> bool:
    """A value a result can be measured in (not a year, not a bare number)."""
    return q.kind not in ("year", "number")


def digit_numbers(text: str) -> set[str]:
    """Numbers written in digits, normalised ("1,100" → "1100"): what a brief may repeat from its story."""
    return {m.group().replace(",", "") for m in _DIGITS.finditer(text)}
