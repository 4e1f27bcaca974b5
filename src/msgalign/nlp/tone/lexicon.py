"""Word lists behind the tone features and the AC rules.

The superlative lexicon is data (`data/superlatives.txt`, maintained by
content leads); the short lists here are the linguistic cues the classifier
was trained with, so changing them changes the feature layout's meaning and
needs a retrain (`scripts/train_tone.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from msgalign.text.match import FormMatcher, Match, tokenize

# Vision, value and aspiration words: what inspirational copy is made of.
VISION = frozenset("""
future futures potential journey journeys transform transforms transformed transforming transformation
empower empowers empowered empowering empowerment possibility possibilities possible dream dreams
vision visions believe believes belief beliefs passion passionate inspire inspires inspired inspiring
unleash unlock unlocks reimagine reimagined reinvent reinvented imagine imagined mission purpose
together world worlds deserve deserves limitless limits boundless extraordinary thrive thrives thriving
tomorrow brighter better best greatness excellence innovation innovate elevate elevates ambition
ambitious bold brave courage heart hearts meaningful meaning impact community communities opportunity
opportunities freedom promise promises confidence confident love loved loves proud pride human humans
legacy soul spirit thrive success succeed successful shine excel matter matters revolution revolutionize
effortless simplicity smarter power powerful powered next-level magic wonder joy peace
forward ahead horizon destiny calm clarity freedom belong belonging values
""".split())

# Feeling words: the emotional-benefit half of inspirational copy.
EMOTION = frozenset("""
love loved feel feels feeling felt happy happier joy proud excited exciting delight delightful calm
peace stress stressful worry worries worry-free fear afraid confident confidence hope hopeful
care cares caring deserve deserves seen heard known welcome welcomed brave
""".split())

# Verbs a writer opens an imperative with. Taggers often read a capitalised
# sentence-initial verb ("Book a demo") as a proper noun, so these rescue it.
IMPERATIVE_VERBS = frozenset("""
add apply ask attach automate book bring build call cancel change check choose claim click compare
complete confirm connect contact copy create cut deploy download drag drop email enable end enter
explore export fill find follow forward get give go grab help import install invite join keep learn
let list log make map meet move open order pay pick plan post print read register reply request
reserve restart review run save schedule see select send set share ship sign start stop submit
switch sync take talk tell test text track try turn update upgrade upload use verify visit wait
watch write align allow assign close configure consider customize decrease define describe document
escalate evaluate expand explain filter flag generate identify include inform install introduce
investigate mark merge migrate modify monitor organize prepare present provide qualify rate record
reduce relay remove research retain route scope set share show tag tie think understand utilize
leverage capture collect deactivate notify prioritize walk
empower reimagine reinvent unleash unlock transform discover elevate embrace imagine
redefine rethink inspire dream believe grow thrive experience rediscover supercharge accelerate
future-proof simplify
""".split())

# Imperative verbs that only point at vision ("Reimagine…", "Unleash…").
VAGUE_VERBS = frozenset("""
empower reimagine reinvent unleash unlock transform discover elevate embrace imagine redefine rethink
inspire dream believe thrive experience rediscover supercharge future-proof
""".split())

# Calls to action: one named step the reader can take.
CTA_VERBS = frozenset("""
book schedule reply register download join call email contact request claim save start try sign
grab pick reserve rsvp subscribe order buy upgrade apply enroll submit send text visit
""".split())
CTA_PHRASES = (
    "next step", "next steps", "reach out", "get in touch", "sign up", "set up a call", "set up time",
    "hop on a call", "jump on a call", "let me know", "calendar link", "book a", "schedule a",
    "free trial", "start your", "save your seat", "grab a time", "pick a time", "worth a",
    "works for you", "work for you", "does that work", "open to a", "free for a", "time for a",
)

# Where a next step happens.
CHANNELS = frozenset("""
call calls email e-mail inbox calendar invite link zoom meeting meetings demo slack phone text
reply thread portal webinar session workshop review chat dm form page app dashboard console
""".split())

PROOF_WORDS = frozenset("""
certified certification compliant award awards awarded rated rating ratings named ranked according
audited benchmark benchmarks customers clients users soc iso gdpr hipaa pci fedramp sla uptime
guarantee guarantees guaranteed case study
""".split())

MECHANISM_WORDS = frozenset("""
automatically automatic auto via through using integrates integration integrations sync syncs synced
native api apis export imports import plugin connector connectors template templates workflow
workflows dashboard alerts alert report reports checklist
""".split())

# Openers of small talk: greetings, thanks, pleasantries ("Hope the conference…").
GREETINGS = frozenset("""
hi hello hey thanks thank congrats congratulations welcome cheers regards happy dear sincerely hope
hoping wishing good great loved enjoyed saw nice pleasure quick fun
""".split())

# Words of the customer's situation and objections: context, not vision.
PROBLEM = frozenset("""
too already budget expensive afraid concern concerns concerned worried worry risk risks stressful awkward
hard difficult struggle struggling pain manual manually frozen overlapping legacy stuck slow late
""".split())

# Things on a screen or in a process that a reader can find and use.
UI_NOUNS = frozenset("""
button tab menu field column header table view settings page toggle dropdown filter sidebar panel icon
screen form report template checklist calendar invite ticket portal console admin dashboard app widget
tile link export csv pdf api sso
""".split())

LOGISTICS = frozenset("""
agenda appendix attached below above section slide slides booth session webinar recording faq
minutes notes recap schedule timeline
""".split())

UNITS = frozenset("""
second seconds sec secs minute minutes min mins hour hours hr hrs day days week weeks month months
quarter quarters year years ms gb tb mb kb x users user seats seat stores sites accounts customers
clicks steps step times point points percent pct mph kwh mw gw miles km kg lbs units regions
languages integrations countries hospitals teams employees people transactions orders
""".split())

ABSTRACT_SUFFIXES = ("tion", "tions", "ness", "ity", "ities", "ment", "ments", "ship", "ence", "ance")

UNIVERSALS = frozenset("every everyone everything everywhere all always never nothing anything anyone".split())

MODALS = frozenset("can could would should might may must".split())

# Words that make a sentence a duty or a rule for its reader or a named role.
OBLIGATION = re.compile(
    r"\b(?:should|must|needs? to|has to|have to|are to|is to|required to|is required|are required|"
    r"responsible for|owns|no later than|only|never)\b", re.I)

# Roles and owners a handbook step opens with ("The SDR books…", "TAs complete…").
ROLE_WORDS = frozenset("""
sdr sdrs ae aes se ses ce ces ta tas csm csms am ams tam tams rep reps admin admins administrator
administrators owner owners manager managers champion champions engineer engineers advisor advisors
team teams we customer customers user users member members lead leads sponsor sponsors agent agents
""".split())

# Openers that point at more content rather than give a step ("Learn more…", "See our guide").
POINTER = re.compile(
    r"^\W*(?:learn (?:more|how|about)|see (?:our|the|how|also|more|what)|see\b|read (?:more|our|the|about)|"
    r"for more|more (?:info|information|details)|find out|take a look|check out our|watch (?:the|our)|"
    r"visit (?:this|our|the)|in this (?:post|case study|guide|article|page|video)|here (?:is|are)|"
    r"this (?:page|post|guide|section|document|template|email) (?:is|will|describes|lists|covers|explains)|"
    r"let['’]s (?:take|look|dig|dive))",
    re.I)

# Effortless-benefit claims: inspirational unless something concrete backs them.
EASY = re.compile(
    r"\b(?:easy|easier|easiest|easily|effortless\w*|simple|simpler|simply|a snap|a breeze|seamless\w*|"
    r"never been|just works|finally|hassle|painless|intuitive|delight\w*|love)\b", re.I)

# "Goal:", "Description:", "Note:": a label that introduces a description.
LABEL_PREFIX = re.compile(r"^\W*(?:goal|goals|description|note|purpose|summary|overview|example|examples|"
                          r"audience|context|background|definition)\s*[:\-–—]", re.I)

# Quotes and their attribution: a story's voice, labelled by what the quote says.
QUOTE_MARK = re.compile(r"^\W{0,2}[“\"‘]|[”\"’]\s*(?:,\s*)?(?:says|said|explains|recalls|adds|notes)\b|"
                        r"\b(?:says|said|explains|recalls)\s+[A-Z]")

FUTURE = frozenset("will 'll shall".split())


@lru_cache(maxsize=1)
def superlative_phrases() -> tuple[str, ...]:
    """The maintained lexicon of unquantified superlatives (comments and blanks skipped)."""
    text = resources.files("msgalign").joinpath("data/superlatives.txt").read_text(encoding="utf-8")
    phrases = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            phrases.append(line)
    return tuple(phrases)


@lru_cache(maxsize=1)
def superlative_matchers() -> tuple[FormMatcher[str], FormMatcher[str]]:
    """Inflection-aware matchers over the lexicon (payload: the phrase as listed).

    Phrases opening with "the" get their own matcher: in one shared trie
    "the best" would claim "the best-in-class", be dropped as part of a
    compound, and hide the "best-in-class" entry behind it.
    """
    words: FormMatcher[str] = FormMatcher()
    articled: FormMatcher[str] = FormMatcher()
    for phrase in superlative_phrases():
        (articled if phrase.lower().startswith("the ") else words).add(phrase, phrase)
    return words, articled


@lru_cache(maxsize=1)
def superlative_hint() -> re.Pattern[str]:
    """A cheap pre-check: the start of each phrase's longest word, at a word boundary.

    A sentence without any of them cannot hold a lexicon phrase, so the
    matcher (which tokenises) runs only on the few sentences that might.
    Six letters keep inflections ("revolutionizes") and skip common words
    that merely share a prefix.
    """
    stems = set()
    for phrase in superlative_phrases():
        longest = max(re.findall(r"\w+", phrase), key=len)
        stems.add(re.escape(longest[:6].lower()))
    return re.compile(r"\b(?:" + "|".join(sorted(stems)) + ")", re.IGNORECASE)


def superlative_hits(text: str, protected: Iterable[tuple[int, int]] = ()) -> list[Match[str]]:
    """Lexicon phrases in a text, as written or inflected ("revolutionizes", "game-changers").

    The shared matcher folds inflections both ways, so "marketing lead" would
    meet "market-leading"; here every word must *start with* the listed word
    (less a final e, or y for "-ies"), which keeps inflections and drops the
    look-alikes.
    """
    if not superlative_hint().search(text):
        return []
    hits: list[Match[str]] = []
    protected = list(protected)
    for matcher in superlative_matchers():
        for m in matcher.find(text, protected):
            listed = tokenize(m.payload)
            if len(listed) != len(m.tokens) or not all(_inflects(t.text.lower(), w.text.lower())
                                                        for t, w in zip(m.tokens, listed, strict=True)):
                continue
            if not any(m.start < h.end and h.start < m.end for h in hits):
                hits.append(m)
    return sorted(hits, key=lambda h: h.start)


def _inflects(written: str, listed: str) -> bool:
    stem = listed[:-1] if listed.endswith(("e", "y")) and len(listed) > 3 else listed
    return written.startswith(stem)
