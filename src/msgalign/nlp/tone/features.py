"""Linguistic features of a sentence, next to its embedding, for the tone classifier.

The embedding knows what a sentence is about; these features say how it is
built: an imperative with a named action and a time frame is a step, a
question that starts "What if" is a vision, a number with a unit is a proof.
Only spaCy's tagger runs (no parser, lemmatizer or NER): the tag of the first
word, proper nouns and JJS/RBS are all the grammar the features need, and the
tagger alone costs about half of the full pipeline.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from msgalign.nlp.pipeline import spacy_texts
from msgalign.nlp.tone import lexicon as lx

# Bump when a feature's meaning or order changes: a shipped model trained on
# another layout is then refused with a clear error instead of mispredicting.
FEATURES_VERSION = 2

FEATURE_NAMES: tuple[str, ...] = (
    "words_log", "question", "rhetorical_question", "discovery_question", "exclamation",
    "no_final_punct", "no_verb", "colon",
    "imperative", "imperative_vague", "cta", "channel",
    "numbers", "year", "percent", "currency", "multiplier", "unit", "time_frame", "date_time",
    "named", "camel_or_acronym", "ui_path",
    "second_person", "first_plural", "first_singular", "modal", "future", "past",
    "vision", "emotion", "superlative", "superlative_lexicon", "comparative", "adjective",
    "abstract", "universal", "greeting", "logistics", "coming_soon", "proof_words", "mechanism",
    "imperative_concrete", "imperative_bare", "cta_short", "now", "release_verb", "news_event", "award",
    "negation", "hedge", "contrast", "definition",
    "lets", "deadline", "event_time", "dateline", "built_for", "problem", "ui_nouns",
    # v2: what handbooks, playbooks, help pages and customer stories are made of.
    "heading_like", "title_case", "all_caps", "imperative_heading", "step_label", "conditional_step",
    "obligation", "role_step", "pointer", "label_prefix", "quote", "easy_claim", "question_you",
    "question_we", "checklist_question", "first_word_verb", "present_role", "vague_when",
)

# Tokens a sentence may open with before its verb: bullets, list numbers,
# politeness and adverbs ("Please", "Just", "Never miss…").
_LEAD_SKIP = frozenset("please just now simply then also first next finally never always still today".split())
_CLAUSE_BREAKS = frozenset(":;,—–-")
_NOT_SUPERLATIVE = frozenset("most least latest last earliest next best-known".split())
_YOU = frozenset("you your yours yourself yourselves you're you'll you've".split())
_WE = frozenset("we our us ours ourselves we're we'll we've".split())
_I = frozenset("i me my mine i'm i'll i'd i've".split())

# "one" is left out: "one shared language", "one story" are slogans, not counts.
_NUMBER_WORDS = frozenset("""
two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty
sixty hundred thousand million billion half dozen
""".split())
_YEAR = re.compile(r"^(19|20)\d\d(s)?$")
# A quantity, not a name that holds a digit ("5G", "HL7", "Q3" are names).
_NUMERIC = re.compile(r"^[$€£¥₹#~+-]?\d[\d,.:/]*(?:%|x|×|k|m|bn|b|\+|st|nd|rd|th)?$", re.I)
_MULTIPLIER = re.compile(
    r"\b\d+(?:\.\d+)?\s?[x×]\b|\b(?:twice|double|doubled|triple|tripled|halve|halved)\b", re.I)
_CURRENCY = re.compile(r"[$€£¥₹]\s?\d|\b\d[\d,.]*\s?(?:usd|eur|gbp|dollars|euros|cents)\b", re.I)
_PERCENT = re.compile(r"\d\s?%|\bpercent\b|\bpercentage points?\b", re.I)
_QTY = (r"(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|"
        r"fifty|sixty|ninety|a few|a couple of)")
_SPAN = (r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|business days?|working days?|weeks?|months?|quarters?|"
         r"years?|sprints?)")
_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri)"
_MONTHS = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
           r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)")
_SPAN_LEAD = (r"(?:in|within|under|over|after|before|for|every|each|per|up to|less than|more than|no later than|"
              r"at least|at most|inside|across)")
# A measured span ("in 10 minutes", "under a day", "30-minute"): proof, unlike "today" or "real-time".
_MEASURED = (rf"\b{_SPAN_LEAD}\s+(?:the\s+(?:first|next|last)\s+)?{_QTY}[\s-]+{_SPAN}\b"
             rf"|\b{_QTY}-(?:second|minute|hour|day|week|month|quarter|year)\b")
_MEASURED_TIME = re.compile(_MEASURED, re.I)
_TIME_FRAME = re.compile(
    _MEASURED
    + rf"|\bby\s+(?:the\s+end\s+of|end\s+of|eod|eow|tomorrow|tonight|next|this|{_DAYS}|{_MONTHS}|q[1-4]|day\s+\d)"
    + r"|\b(?:day|week|month|sprint)\s+\d+\b"
    + rf"|\b(?:next|this|on|every)\s+(?:{_DAYS}|week|month|quarter)\b"
    + r"|\b(?:tomorrow|tonight|today|daily|weekly|monthly|nightly|hourly|quarterly|annually|same-day|overnight|"
      r"real-time)\b",
    re.I,
)
_DATE_TIME = re.compile(
    rf"\b{_MONTHS}\.?\s+\d{{1,2}}\b|\b\d{{1,2}}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am|pm)\b|\b{_DAYS}\b|\bq[1-4]\b"
    r"|\b\d{1,2}/\d{1,2}\b",
    re.I,
)
_RHETORICAL = re.compile(
    r"^\W*(?:what if|why settle|imagine|what would|what could|what might|how would it feel|why not|who says|"
    r"isn't it time|ready to|what's possible)\b",
    re.I,
)
_DISCOVERY = re.compile(
    r"^\W*(?:how many|how much|how often|how do you|how are you|what's your|what is your|what are your|what does your|"
    r"which|do you|are you|does your|is your|have you|walk me|tell me|who owns|who is|where do you|when did|"
    r"what tools)\b",
    re.I,
)
_UI_PATH = re.compile(r"\w\s?(?:>|→|›|»)\s?\w|`[^`]+`|[“\"'‘][A-Z][^”\"'’]{1,30}[”\"'’]")
_COMING_SOON = re.compile(
    r"\b(?:coming soon|later this year|in the coming|will be available|roadmap|in beta|waitlist)\b", re.I)
_NEWS = re.compile(r"\b(?:announc\w*|raises|raised|acquir\w*|appoint\w*|joins|joined|hires|hired|opens|opened|"
                   r"partners with|partnership|founded|headquartered|series [a-e]|funding|exhibit\w*|"
                   r"publishes)\b", re.I)
_AWARD = re.compile(r"\b(?:named (?:to|a|one|the)|recogni[sz]ed|winner|won(?!['’])|award\w*|rated|ranked|certified|"
                    r"g2|gartner|forrester|leader in)\b", re.I)
_HEDGES = frozenset("usually often typically sometimes rarely many most some several generally tend tends "
                    "can may might often frequently".split())
_NEGATION = frozenset("not n't no never won't don't doesn't isn't aren't can't cannot without".split())
_CONTRAST = re.compile(r"\b(?:without|not just|not only|more than|beyond|instead of|rather than|, not|isn't a|"
                       r"is not a|doesn't have to|don't have to|no more|not a)\b", re.I)
_DEFINITION = re.compile(
    r"^(?:an?|the)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:is|are|means|refers to|lets|let|help|helps)\b", re.I)
_RELEASE = re.compile(r"^\W*(?:(?:we(?:'ve| have)?\s+)?(?:fixed|added|improved|removed|updated|renamed|resolved|"
                      r"introduced|released|shipped)\b)|\b(?:is|are|can) now\b|\bnow (?:supports?|available|live|"
                      r"shows?|works?|includes?)\b", re.I)
_DEADLINE = re.compile(r"\b(?:due|deadline|no later than|expires?|closes|ends|last day|before|until|by)\b", re.I)
_DATELINE = re.compile(r"^[A-Z][A-Z .]{2,},\s")
_BUILT_FOR = re.compile(r"\b(?:built|designed|made|engineered|crafted|created|purpose-built)\s+(?:for|by|to)\b", re.I)
_NOT_IMPERATIVE = frozenset("hope thank thanks wish please".split())
_STEP_LABEL = re.compile(r"^\W*(?:step\s+\d+|phase\s+\d+|\d+[.)]\s|next steps?\s*:|-\s?[A-Z])", re.I)
_CONDITIONAL = re.compile(r"^\W*(?:if|when|once|before|after|whenever|until|as soon as)\b", re.I)
# "Reach out whenever it feels right": an open invitation names no step and no time.
_VAGUE_WHEN = re.compile(r"\b(?:whenever|anytime|any time|at any point|any day|if you ever|"
                         r"when(?:ever)? you(?:'re| are)? ready|when it feels right|when the time is right|"
                         r"as needed|if needed|feel free)\b", re.I)
# "Has the champion…?", "Is the trial…?", "Does the SE…?": a checklist item asks whether a step is done.
_CHECKLIST_Q = re.compile(r"^\W*(?:has|have|is|are|does|do|did|was|were)\s+(?:the|a|an|all|every|each|our)\b", re.I)
_SMALL_WORDS = frozenset("a an the and or of for to in on at by with from vs via per & your our".split())
_CAMEL = re.compile(r"^(?:[A-Z]{2,}\d*|[A-Z]+\d+\w*|[a-z]+[A-Z]\w*|[A-Z][a-z]+[A-Z]\w*)$")


@dataclass(frozen=True)
class SentenceFeatures:
    """What the grammar says about one sentence: the classifier's input and the rules' facts."""

    values: tuple[float, ...]                 # in FEATURE_NAMES order
    imperative: bool                          # opens with (or turns into) a base-form verb
    cta: bool                                 # names one step: book, schedule, reply, "next step"
    channel: bool                             # says where: a call, an e-mail, a calendar, a link
    quantified: bool                          # carries a number, a price, a percentage or a measured time span
    time_frame: bool
    superlatives: tuple[tuple[int, int], ...]  # character spans of JJS/RBS words ("fastest", "most …")

    def value(self, name: str) -> float:
        return self.values[FEATURE_NAMES.index(name)]


class Tok(NamedTuple):
    """A tagged token as plain values: spaCy builds a Token object on every access."""

    text: str
    low: str
    tag: str
    idx: int
    punct: bool


def tokens_of(doc: Any) -> list[Tok]:
    return [Tok(t.text, t.lower_, t.tag_, t.idx, t.is_punct or t.is_space or t.text in ("•", "·")) for t in doc]


def _skip_openers(tokens: Sequence[Tok], i: int) -> int:
    while i < len(tokens) and (tokens[i].punct or tokens[i].low in _LEAD_SKIP
                               or (i == 0 and tokens[i].tag in ("LS", "CD"))):
        i += 1
    return i


def _verb_at(tokens: Sequence[Tok], i: int) -> bool:
    """True when token i is a base-form verb with no subject before it."""
    tok = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if tok.low in ("do", "don't", "dont") and nxt is not None and nxt.low in ("not", "n't"):
        return True
    if tok.low in _NOT_IMPERATIVE:
        return False
    if tok.tag == "VB":
        return True
    # A capitalised verb the tagger took for a name ("Book a demo", "Empower every team").
    return (tok.low in lx.IMPERATIVE_VERBS and tok.tag in ("NNP", "NN", "VBP", "JJ")
            and (nxt is None or nxt.tag not in ("VBZ", "VBD", "VBP", "MD", "POS")))


def _imperative(tokens: Sequence[Tok]) -> tuple[bool, str]:
    """Imperative at the start or right after a lead-in ("Next step: book…", "If X, restart Y")."""
    i = _skip_openers(tokens, 0)
    if i < len(tokens) and _verb_at(tokens, i):
        return True, tokens[i].low
    for i, tok in enumerate(tokens[:13]):
        if tok.text in _CLAUSE_BREAKS and i + 1 < len(tokens) and (i == 0 or tokens[i - 1].tag not in ("MD", "TO")):
            nxt = tokens[i + 1]
            if nxt.tag == "VB" or (nxt.low in lx.IMPERATIVE_VERBS and nxt.tag in ("NNP", "VBP")):
                return True, nxt.low
    return False, ""


def _superlative_spans(tokens: Sequence[Tok]) -> list[tuple[int, int]]:
    """JJS words and 'most/least + adjective'; quantifiers ('most teams', 'at least') are not claims."""
    spans = []
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1].low if i > 0 else ""
        if prev == "at":
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.low in ("most", "least") and nxt is not None and nxt.tag in ("JJ", "RB"):
            spans.append((tok.idx, nxt.idx + len(nxt.text)))
        elif tok.tag == "JJS" and tok.low not in _NOT_SUPERLATIVE:
            spans.append((tok.idx, tok.idx + len(tok.text)))
    return spans


def _density(words: Sequence[Tok], vocabulary: frozenset[str]) -> float:
    return sum(w.low in vocabulary for w in words) / max(len(words), 1)


def analyse(text: str, tokens: Sequence[Tok]) -> SentenceFeatures:
    """The features of one tagged sentence."""
    low_text = text.lower()
    words = [t for t in tokens if not t.punct]
    n = max(len(words), 1)
    lows = [w.low for w in words]
    tags = [w.tag for w in words]

    imperative, verb = _imperative(tokens)
    first = _skip_openers(tokens, 0)
    # "Let's dig in" invites, it does not instruct: a transition, not a step.
    lets = first + 1 < len(tokens) and tokens[first].low == "let" and tokens[first + 1].low in ("'s", "’s", "us")
    imperative = imperative and not lets
    date_time = bool(_DATE_TIME.search(text))
    deadline = (date_time or bool(_TIME_FRAME.search(text))) and bool(_DEADLINE.search(text))
    numbers = [k for k, w in enumerate(tokens) if not w.punct and (_NUMERIC.match(w.text) or w.low in _NUMBER_WORDS)]
    years = [k for k in numbers if _YEAR.match(tokens[k].text)]
    counted = [k for k in numbers if not _YEAR.match(tokens[k].text)]
    unit = any(
        tokens[j].low in lx.UNITS
        for k in counted
        for j in (k + 1, k + 2)
        if j < len(tokens) and (j == k + 1 or tokens[k + 1].text == "-")
    )
    time_frame = bool(_TIME_FRAME.search(text))
    percent = bool(_PERCENT.search(text))
    currency = bool(_CURRENCY.search(text))
    multiplier = bool(_MULTIPLIER.search(text))
    ui_path = bool(_UI_PATH.search(text))
    # Proper nouns after the first word: a capitalised opener is not a name.
    named = sum(1 for k, w in enumerate(words) if k > 0 and w.tag in ("NNP", "NNPS"))
    camel = sum(1 for w in words if len(w.text) > 1 and _CAMEL.match(w.text) and w.text != "OK")
    sup_spans = _superlative_spans(tokens)
    lexicon_hits = len(lx.superlative_hits(text))
    cta = verb in lx.CTA_VERBS or any(p in low_text for p in lx.CTA_PHRASES)
    channel = any(w in lx.CHANNELS for w in lows)
    has_verb = imperative or any(t.startswith("VB") or t == "MD" for t in tags)
    measured = bool(counted) or percent or currency or multiplier
    ui = sum(w in lx.UI_NOUNS for w in lows)
    concrete = measured or time_frame or named > 0 or camel > 0 or cta or channel or ui_path or ui > 0
    stripped = text.rstrip()
    end = stripped[-1:]
    abstract = sum(1 for w in words
                   if w.tag.startswith("NN") and len(w.low) > 6 and w.low.endswith(lx.ABSTRACT_SUFFIXES))

    first_low = tokens[first].low if first < len(tokens) else ""
    caps = [w.text for w in words if w.text[:1].isalpha()]
    big = [c for c in caps if c.lower() not in _SMALL_WORDS]
    title_case = sum(c[:1].isupper() for c in big) / max(len(big), 1)
    all_caps = len(caps) >= 2 and all(c.isupper() for c in caps)
    heading_like = end not in (".", "?", "!", "”", "\"", ")", ":") and len(words) <= 10 and not imperative
    question = end == "?" and not _RHETORICAL.search(text)
    you = any(w in _YOU for w in lows)
    we = any(w in _WE for w in lows)
    role_first = first_low in lx.ROLE_WORDS or (first_low in ("the", "our", "each", "every", "an", "a")
                                                 and first + 1 < len(tokens)
                                                 and tokens[first + 1].low in lx.ROLE_WORDS)
    present = any(t in ("VBZ", "VBP", "MD") for t in tags[:6])

    values = {
        "words_log": math.log1p(len(words)),
        "question": float(end == "?"),
        "rhetorical_question": float(bool(_RHETORICAL.search(text))),
        "discovery_question": float(end == "?" and bool(_DISCOVERY.search(text))),
        "exclamation": float("!" in text),
        "no_final_punct": float(end not in (".", "?", "!", "”", "\"", ")")),
        "no_verb": float(not has_verb),
        "colon": float(":" in text),
        "imperative": float(imperative),
        "imperative_vague": float(imperative and verb in lx.VAGUE_VERBS),
        "cta": float(cta),
        "channel": float(channel),
        "numbers": math.log1p(len(counted)),
        "year": float(bool(years)),
        "percent": float(percent),
        "currency": float(currency),
        "multiplier": float(multiplier),
        "unit": float(unit),
        "time_frame": float(time_frame),
        "date_time": float(date_time),
        "named": math.log1p(named),
        "camel_or_acronym": math.log1p(camel),
        "ui_path": float(ui_path),
        "second_person": _density(words, _YOU),
        "first_plural": _density(words, _WE),
        "first_singular": _density(words, _I),
        "modal": _density(words, lx.MODALS),
        "future": _density(words, lx.FUTURE),
        "past": sum(t in ("VBD", "VBN") for t in tags) / n,
        "vision": _density(words, lx.VISION),
        "emotion": _density(words, lx.EMOTION),
        "superlative": (len(sup_spans) + lexicon_hits) / n,
        "superlative_lexicon": float(lexicon_hits > 0),
        "comparative": sum(t in ("JJR", "RBR") for t in tags) / n,
        "adjective": sum(t.startswith("JJ") for t in tags) / n,
        "abstract": abstract / n,
        "universal": _density(words, lx.UNIVERSALS),
        "greeting": float((bool(lows) and lows[0] in lx.GREETINGS) or "thank" in low_text),
        "logistics": _density(words, lx.LOGISTICS),
        "coming_soon": float(bool(_COMING_SOON.search(text))),
        "proof_words": _density(words, lx.PROOF_WORDS),
        "mechanism": _density(words, lx.MECHANISM_WORDS),
        "imperative_concrete": float(imperative and concrete),
        "imperative_bare": float(imperative and not concrete),
        "cta_short": float(cta and len(words) <= 6),
        "now": float("now" in lows[1:]),
        "release_verb": float(bool(_RELEASE.search(text))),
        "news_event": float(bool(_NEWS.search(text))),
        "award": float(bool(_AWARD.search(text))),
        "negation": sum(w in _NEGATION or w.endswith("n't") for w in lows) / n,
        "hedge": _density(words, _HEDGES),
        "contrast": float(bool(_CONTRAST.search(text))),
        "definition": float(bool(_DEFINITION.search(text))),
        "lets": float(lets),
        "deadline": float(deadline),
        "event_time": float(date_time and not deadline and not imperative),
        "dateline": float(bool(_DATELINE.match(text))),
        "built_for": float(bool(_BUILT_FOR.search(text))),
        "problem": _density(words, lx.PROBLEM),
        "ui_nouns": _density(words, lx.UI_NOUNS),
        "heading_like": float(heading_like),
        "title_case": title_case if len(big) >= 2 else 0.0,
        "all_caps": float(all_caps),
        "imperative_heading": float(imperative and end not in (".", "!", "?")),
        "step_label": float(bool(_STEP_LABEL.match(text))),
        "conditional_step": float(bool(_CONDITIONAL.match(text)) and imperative),
        "obligation": float(bool(lx.OBLIGATION.search(text))),
        "role_step": float(role_first and present and not question),
        "pointer": float(bool(lx.POINTER.search(text))),
        "label_prefix": float(bool(lx.LABEL_PREFIX.match(text))),
        "quote": float(bool(lx.QUOTE_MARK.search(text))),
        "easy_claim": float(bool(lx.EASY.search(text))),
        "question_you": float(question and you and not we),
        "question_we": float(question and (we or not you)),
        "checklist_question": float(question and bool(_CHECKLIST_Q.match(text))),
        "first_word_verb": float(first < len(tokens) and tokens[first].tag == "VB"),
        "present_role": float(role_first and not question),
        "vague_when": float(bool(_VAGUE_WHEN.search(text))),
    }
    return SentenceFeatures(
        values=tuple(float(values[name]) for name in FEATURE_NAMES),
        imperative=imperative,
        cta=cta,
        channel=channel,
        quantified=measured or bool(_MEASURED_TIME.search(text)),
        time_frame=time_frame,
        superlatives=tuple(sup_spans),
    )


TAGGER_ONLY = ("parser", "lemmatizer", "ner", "senter")


def analyse_texts(texts: Sequence[str], nlp: Any, batch_size: int = 256) -> list[SentenceFeatures]:
    """Features for many sentences in one batched tagger pass (nlp.pipe).

    Components other than the tagger are switched off for the pass, so a
    pipeline shared with other rules stays whole for them.
    """
    off = [name for name in TAGGER_ONLY if name in nlp.pipe_names]
    with nlp.select_pipes(disable=off):
        return [analyse(doc.text, tokens_of(doc)) for doc in nlp.pipe(spacy_texts(texts), batch_size=batch_size)]


def matrix(features: Iterable[SentenceFeatures]) -> np.ndarray:
    rows = [f.values for f in features]
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURE_NAMES))
