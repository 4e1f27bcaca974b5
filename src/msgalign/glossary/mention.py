"""Is a glossary hit a *use* of the word, or a *mention* of it?

A naming or style guide says which name is right and which to avoid: "Use Revenue Workspace, not
revenue hub", "Avoid: best-in-class, world-class", "'Starter' is now Free", a "Don't use" column.
Those sentences state the rule; they do not break it, and a finding on them is noise. A page that
tells the history of a name ("Previously, we called it the revenue hub") is no drift either.

`mention` reads one hit in its block of text (every member of a list after a cue is named, not
only the first: "Avoid X and Y", "Don't say X, Y, or Z"); `mention_blocks` finds the blocks of a
document that list words not to use (a do/don't table's "Don't" column, each cell placed by the row
and column it really has in the source; the items under "Avoid:"). Everything here
is plain text and regular expressions (no NLP), run once per hit on a bounded window, so the cost
stays linear.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from msgalign.types import Block

MENTION = "mention"   # the words are talked about, not used: TM001 and TM005 skip it
HISTORY = "history"   # a sentence about a name's past: TM001 (old names) skips it, TM005 does not

_WINDOW = 160  # characters of the sentence read on each side of a hit

# Quote marks that set a word apart as a word: "revenue hub", 'revenue hub', “revenue hub”, `revenue hub`.
# Emphasis marks do not: Markdown's never reach the text, and in plain text `**seamless** sync` stresses
# a word in use.
_OPEN_QUOTES = "\"'“‘«‹„`"
_CLOSE_QUOTES = "\"'”’»›“`"

# Verbs of naming: a sentence with one of these is about words ("Use X, not Y"; "say Y instead of X").
_NAMING = (r"say(?:s|ing)?|said|write|writes|writing|call(?:s|ed|ing)?|prefer(?:s|red)?|nam(?:e|es|ed|ing)|"
           r"refer(?:s|red)? to|spell(?:s|ed|ing)?|capitali[sz]e[sd]?|wording")
_SAYING = re.compile(r"\b(?:use[sd]?|using|" + _NAMING + r"|term|word|phrase)\b", re.IGNORECASE)

# What can stand between a cue and the words it is about: quotes, an article, "the word", "words like",
# and earlier items of the same list ("Avoid X, Y, or Z").
_FILLER_TAIL = re.compile(
    r"(?:[\s\"'“”‘’«»‹›(*_`]+|(?<![\w'’-])(?:the|a|an|words?|terms?|phrases?|names?|labels?|expressions?|like|"
    r"such as|saying|using|writing|calling (?:it|us|them)|as|e\.g\.|for example)[\s:,]*)$", re.IGNORECASE)
# (the fillers read before it take the space after "and": "Avoid X and" is as much a list as "Avoid X and ")
_LIST_SEP_TAIL = re.compile(r"(?:,\s*(?:or|and|nor)|,|;|/|\s(?:or|and|nor))\s*$", re.IGNORECASE)
_ITEM_WORD_TAIL = re.compile(r"(?<![^\s,;/:.!?()\"'“”‘’«»])[\"'“‘«(*_`]*[^\s,;/:.!?()\"'“”‘’«»]+[\"'”’»)*_`]*\s*$")

# A cue right before the words (after fillers): the words are named to be avoided or replaced.
_CUE_BEFORE = re.compile(
    r"(?:"
    r"(?P<contrast>(?:^|[,(;—–]\s*|\s-\s*|(?<![\w'’-])(?:but|and|or)\s+)not|(?:^|[,(;—–]\s*|\s-\s*)never|"
    r"(?<![\w'’-])instead of|"
    r"(?<![\w'’-])rather than)"
    r"|(?P<over>(?<![\w'’-])over)"
    r"|(?P<avoid>(?<![\w'’-])avoid(?:s|ed|ing)?(?: (?:using|saying|writing|the use of|calling (?:it|us|them)))?)"
    r"|(?P<verb>(?<![\w'’-])(?:don[’']t|do not|never|no longer|please don[’']t|stop|quit|we don[’']t)"
    r" (?:use|say|write|call (?:it|us|them|this)|refer to (?:it|us|them|this) as)|(?<![\w'’-])(?:stop(?:ped)?|quit) "
    r"(?:using|saying|writing|calling (?:it|us|them)))"
    r"|(?P<former>(?<![\w'’-])(?:formerly|previously (?:known as|called|named)|once (?:known as|called|named)|"
    r"originally (?:known as|called|named)|used to be (?:known as|called|named)|"
    r"(?:was|were) (?:once )?(?:called|named)|"
    r"renamed from|rebranded from|replaces|replaced|evolved from|moved away from|formerly known as|"
    r"no longer (?:known as|called|named)|retired|dropped))"
    r"|(?P<word>(?<![\w'’-])(?:the|a|this|that)\s+(?:word|term|phrase|expression|buzzword)s?(?=\s*$))"
    r"|(?P<label>(?:^|[\s(])(?:don[’']t(?: (?:use|say|write))?|do not use|avoid|incorrect|wrong|not|no|never|bad|"
    r"instead of|old(?: name)?|former(?: name)?|retired|deprecated|❌|✗|✘)\s*[:：])"
    r")[\s:\-–—]*$",
    re.IGNORECASE,
)

# A cue right after the words: "X is now called Y", "X was renamed", "X (deprecated)", "X → Y".
_CUE_AFTER = re.compile(
    r"^[\"'”’»›`*_]*(?:['’]s)?[\"'”’»›`*_]*\s*(?:"
    r"\((?:formerly|previously|deprecated|retired|old name|legacy|no longer)[^)]{0,80}\)"
    r"|(?:(?:name|term|label|brand)\s+)?(?:is|are|was|were|has been|have been|got|gets)\s+(?:now\s+)?"
    r"(?:renamed|rebranded|deprecated|retired|"
    r"replaced|discontinued|sunset|called|named|known as|no longer (?:available|offered|sold|supported|used|called))\b"
    r"|(?:→|->|=>|⇒)"
    r"|[:–—-]\s*(?:use|say|write|prefer)\b"
    r")",
    re.IGNORECASE,
)
_IS_NOW = re.compile(r"^[\"'”’»›`*_]*\s*(?:(?:is|are) now|became|becomes|(?:was|were|has been|have been) renamed"
                     r"(?: to)?)\s+(?:the\s+)?[\"'“‘]?", re.IGNORECASE)

# A definition line: the words open the block and a description follows that retires them.
_DEFINITION_SEP = re.compile(r"^[\"'”’»›`*_]*\s*(?:[:–—]|\s-\s|\s=\s)")
_RETIRED = re.compile(r"\b(?:no longer|deprecated|retired|discontinued|renamed|rebranded|replaced by|formerly|"
                      r"old name|former name|legacy name|do not use|don[’']t use|avoid|instead,? use|obsolete|"
                      r"sunset|not (?:to be )?used)\b", re.IGNORECASE)

# Anywhere earlier in the sentence: it tells the history of a name.
_HISTORY = re.compile(r"\b(?:previously|formerly|originally|evolved from|renamed|rebranded|(?:was|were) (?:once )?"
                      r"called|old name|former name)\b", re.IGNORECASE)

# A cheap test before the exact ones: a cue before the words needs one of these.
_ANY_CUE = ("not", "instead", "rather", "avoid", "don", "never", "longer", "stop", "quit", "formerly", "previously",
            "once", "originally", "used to", "called", "named", "known", "renamed", "rebranded", "replace", "evolved",
            "away", "dropped", "over", "word", "term", "phrase", "expression", "buzzword", "incorrect", "wrong",
            "old", "former", "retired", "deprecated", "bad", "no",
            "❌", "✗", "✘")


def _cue_positions(text: str) -> list[int]:
    """Where a word that could start or end a cue occurs (a substring search per word: fast on any text)."""
    lower = text.lower() if text.isascii() else text.casefold() if len(text.casefold()) == len(text) else text
    found: list[int] = []
    for word in _ANY_CUE:
        at = lower.find(word)
        while at >= 0:
            found.append(at)
            at = lower.find(word, at + len(word))
    found.sort()
    return found

_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


class MentionReader:
    """Reads one text once (where its sentences end, where a cue word could be), then says for each
    glossary hit in it whether it is a mention: linear in the text, however many hits it holds."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._ends: list[int] | None = None
        self._cues: list[int] | None = None

    def mention(self, start: int, end: int, term: str = "") -> str:
        """MENTION, HISTORY or '' for the glossary hit text[start:end].

        `term` is the canonical term of a variant's entry: "X is now <term>" names the rename, and a
        contrast ("<term>, not X") with the term in the sentence is a naming statement."""
        text = self.text
        enclosed = _enclosed(text, start, end)
        if self._ends is None:
            self._ends = [m.start() for m in _SENTENCE_END.finditer(text)]
            self._cues = _cue_positions(text)
        assert self._cues is not None
        k = bisect_left(self._ends, start)
        lo = max(self._ends[k - 1] + 1 if k else 0, start - _WINDOW)
        j = bisect_left(self._ends, end)
        hi = min(self._ends[j] if j < len(self._ends) else len(text), end + _WINDOW)
        left, right = text[lo:start], text[end:hi]
        c = bisect_left(self._cues, lo)
        cue_before = c < len(self._cues) and self._cues[c] < start
        if enclosed and (cue_before or _about_words(left, right, text[lo:hi])):
            return MENTION
        if cue_before and _cued_before(left, right, text[lo:hi], term, text[start:end],
                                       [x - lo for x in self._cues[c:bisect_left(self._cues, start, c)]]):
            return MENTION
        if _CUE_AFTER.match(right) or (term and _is_now(right, term)):
            return MENTION
        if not left.strip(" \t\"'“‘«*_(") and _DEFINITION_SEP.match(tail := text[end:end + _WINDOW]) \
                and _RETIRED.search(tail):
            return MENTION
        if cue_before:
            clause = max((left.rfind(ch) for ch in ";:—"), default=-1)
            if _tells_history(left, right, clause + 1):
                return HISTORY
        return ""


def mention(text: str, start: int, end: int, term: str = "") -> str:
    """`MentionReader(text).mention(start, end, term)`, for one hit."""
    return MentionReader(text).mention(start, end, term)


# Words that put the rest of the sentence in the present ("Formerly on spreadsheets, Acme now plans in
# ..."), and a relative pronoun that makes the past about someone, not a name ("teams who previously ...").
_PRESENT = re.compile(r"\b(?:now|today|nowadays|these days|currently|still)\b", re.IGNORECASE)
_RELATIVE_TAIL = re.compile(r"\b(?:who|that|which|whose)\s+$", re.IGNORECASE)


def _tells_history(left: str, right: str, start: int) -> bool:
    """The clause before the words tells a name's past ("Previously, we called it ..."): a history word,
    with no present-tense marker after it and not inside a relative clause about someone else, and the
    words a name (a naming verb before them, or they end the clause): "Acme evolved from on-prem
    installs to a cloud service" is the past of a company, not of a name."""
    found = list(_HISTORY.finditer(left, start))
    if not found:
        return False
    last = found[-1]
    if _PRESENT.search(left, last.end()) or _RELATIVE_TAIL.search(left[:last.start()]):
        return False
    return _NAMING_PAST.search(left, last.start()) is not None or _CLAUSE_ENDS.match(right) is not None


_NAMING_PAST = re.compile(r"\b(?:call(?:ed|ing)?|nam(?:ed|ing)|known as|position(?:ed|ing)?|describ(?:ed|ing)|"
                          r"market(?:ed|ing)|brand(?:ed|ing)|refer(?:red)? to|sold|pitch(?:ed|ing)|as|renamed|"
                          r"rebranded|old name|former name)\b", re.IGNORECASE)


# Quote marks alone do not make a word a word: copy puts them round a name or a boast too ('Our "on-prem"
# edition ships Friday', 'We made onboarding truly "seamless"'). They set it apart when the sentence
# talks about words, the quoted word is what the sentence says something about ('"Seamless" is vague'),
# or it is one of a list of quoted words ('"seamless", "world-class"').
_WORDS_TALK = re.compile(r"\b(?:" + _NAMING + r"|terms?|words?|phrases?|means|meaning|jargon|buzzwords?|"
                         r"clich[eé]s?|vague|wordy|synonyms?|spelling|hyphen(?:ated)?|capital(?:s|ised|ized)?)\b",
                         re.IGNORECASE)
_SUBJECT_AFTER = re.compile(r"^[\"'”’»›`]\s*(?:is|are|was|means|sounds|implies|reads|suggests|feels|promises|"
                            r"claims|can|should|does|isn[’']t|aren[’']t)\b", re.IGNORECASE)
_QUOTED_NEIGHBOUR = re.compile(r"^[\"'”’»›`]\s*(?:,|;|/|\bor\b|\band\b|\bnor\b)\s*[\"'“‘«‹„`]", re.IGNORECASE)
_QUOTED_BEFORE = re.compile(r"[\"'”’»›`]\s*(?:,|;|/|\bor\b|\band\b|\bnor\b)\s*[\"'“‘«‹„`]$", re.IGNORECASE)


_NAMED_RIGHT_BEFORE = re.compile(r"\b(?:use|using|such as|like|e\.g\.,?|for example,?|i\.e\.,?)\s*[\"'“‘«‹„`]$",
                                 re.IGNORECASE)


def _about_words(left: str, right: str, sentence: str) -> bool:
    """Quoted words (`left` ends, `right` starts with the quote mark) set apart as words, not stressed copy."""
    if _WORDS_TALK.search(sentence) or _QUOTED_NEIGHBOUR.match(right) or _QUOTED_BEFORE.search(left[-8:]) \
            or _NAMED_RIGHT_BEFORE.search(left[-16:]):
        return True  # ('You can use "we" ...', 'first person, such as "we"')
    return not left[:-1].strip(" \t([*_") and _SUBJECT_AFTER.match(right) is not None


def _enclosed(text: str, start: int, end: int) -> bool:
    """The words alone inside quote marks (or code marks): 'write "revenue hub"'."""
    if start == 0 or end >= len(text):
        return False
    before, after = text[start - 1], text[end]
    if after in "'’" and text[end:end + 2] in ("'s", "’s"):
        return False
    if before not in _OPEN_QUOTES or after not in _CLOSE_QUOTES:
        return False
    if before in "'‘" and start >= 2 and text[start - 2].isalnum():
        return False  # an apostrophe inside a word ("rock'n'roll")
    return not (after in "'’" and end + 1 < len(text) and text[end + 1].isalnum())


def _cued_before(left: str, right: str, sentence: str, term: str, words: str, cues: list[int]) -> bool:
    """`left` (the sentence up to the words) ends with a cue, read past fillers and earlier list items;
    `cues` are where the words that could be one start in it."""
    trace = {"list": False}
    cue = _cue_through_fillers(left, 0, [_BUDGET], cues, trace)
    if cue is None:
        return False
    if cue.group("word") is not None and _NOT_NAMED_BY_NOUN.search(words):
        return False  # "the words used", "this term should only be used", "this phrase simply means": in use
    if trace["list"] or words.casefold().endswith("ing"):
        # Reached through a list ("avoid naming these, using ...") or a verb after the cue ("avoid
        # using images", "instead of leveraging data"): words named, not used, end their clause.
        if not _CLAUSE_ENDS.match(right):
            return False
    return _cue_holds(cue, left, right, sentence, term)


# After "the word", "this term": a verb, an auxiliary or an adverb is the sentence going on, not the word named.
_NOT_NAMED_BY_NOUN = re.compile(r"^(?:will|would|should|shall|can|could|may|might|must|is|are|was|were|be|been|being|"
                                r"has|have|had|do|does|did|just|really|very|also|only|often|always|still|even|now|"
                                r"then)$|(?:ly|ed|ing)$", re.IGNORECASE)


# The last word of every cue in _CUE_BEFORE (a label ends with a colon instead): a cheap test before it.
_CUE_LAST_WORDS = frozenset("""
not never of than avoid avoids avoided avoiding using saying writing use say write it us them this as called named
formerly from replaces replaced retired dropped over word words term terms phrase phrases expression
expressions buzzword buzzwords
""".split())


def _may_end_with_cue(rest: str) -> bool:
    tail = rest.rstrip(" \t\n-–—")
    if tail.endswith((":", "：")):
        return True
    if not tail.strip():
        return False
    word = tail[-12:].rsplit(None, 1)[-1]
    return word[max(word.rfind(c) for c in "([{\"'“‘«(/") + 1:].casefold() in _CUE_LAST_WORDS


_BUDGET = 12  # steps of reading back through a list, per hit: bounded work on any text
_TAIL = 48    # each step reads only this much of the end of what is left: cues and list items are short


def _cue_through_fillers(rest: str, depth: int, budget: list[int], cues: list[int],
                        trace: dict[str, bool]) -> re.Match[str] | None:
    """The cue that `rest` ends with once fillers and earlier list items ("X, Y, or") are read past
    (`trace["list"]`: it took a list item to get there)."""
    budget[0] -= 1
    if depth > 8 or budget[0] < 0 or not cues or cues[0] >= len(rest):
        return None  # out of steps, or no word left that could be a cue
    while True:
        near = bisect_left(cues, len(rest) - _TAIL)
        if near < len(cues) and cues[near] < len(rest) and _may_end_with_cue(rest):
            m = _CUE_BEFORE.search(rest, max(0, len(rest) - _TAIL))
            if m is not None:
                trace["list"] = depth > 0
                return m
        cut = _FILLER_TAIL.search(rest, max(0, len(rest) - 24))
        if cut is None:
            break
        rest = rest[:cut.start()]
    sep = _LIST_SEP_TAIL.search(rest, max(0, len(rest) - 12))
    if sep is None:
        return None
    item = rest[:sep.start()]
    for _ in range(4):  # an earlier item of up to four words, the shortest that leaves a cue
        word = _ITEM_WORD_TAIL.search(item, max(0, len(item) - _TAIL))
        if word is None:
            return None
        item = item[:word.start()]
        found = _cue_through_fillers(item, depth + 1, budget, cues, trace)
        if found is not None:
            return found
    return None


_CLAUSE_ENDS = re.compile(r"^[\"'”’»›`*_]*\s*(?:$|[.,;:!?)\n—–]|\s-\s|(?:or|and|nor|instead|anymore|either|"
                          r"claims?|language|wording|phrasing|words?|terms?|phrases?|names?|"
                          r"in (?:(?:a|an|the|any|your|our)\s+)?(?:copy|headlines?|titles?|prose|docs|emails?|slides?|"
                          r"decks?|ads?|posts?|subject lines?))\b)", re.IGNORECASE)


def _cue_holds(cue: re.Match[str], left: str, right: str, sentence: str, term: str) -> bool:
    if cue.group("contrast") is not None:
        # "Y, not X" is about words when it sets the term against them, or when a naming verb heads
        # the clause right before ("Use Y, not X", "We say Y instead of X"); "teams that use Beacon run
        # it in the cloud, not on-prem" or "we use the cloud, not on-prem servers" is a use.
        if term and term.casefold() in sentence.casefold():
            return True
        named = _naming_clause(left[:cue.start()]) or _SAYING.search(left, cue.end()) is not None
        if named:
            return bool(_CLAUSE_ENDS.match(right))  # ('rather than using OK or Cancel')
        # ... or when a verb of words heads the clause after the words and the rest of their list
        # ("Instead of X, Y or Z, say W"): "Instead of five dashboards, you get one" is copy.
        return _says_next(right)
    if cue.group("over") is not None:
        # "Prefer Revenue Workspace over revenue hub": a naming verb heads it and the term is there;
        # "we prefer the cloud over on-prem servers" is copy.
        return bool(term and term.casefold() in sentence.casefold() and _naming_clause(left[:cue.start()])
                    and _CLAUSE_ENDS.match(right))
    if cue.group("verb") is not None:
        # "Don't say X." is about words; "don't use the revenue hub to plan" is about the product.
        return bool(_CLAUSE_ENDS.match(right))
    former = cue.group("former")
    if former is not None and _THINGS_REPLACED.search(former):
        # "Revenue Workspace replaces the revenue hub." renames; "teams moved away from on-prem servers"
        # or "our planner replaced the on-prem servers" is about things: the words must end their clause
        # (or lead to the new one: "evolved from a revenue hub to a platform"), or the term be there.
        # "dropped downtime to zero", "retired the revenue hub to 2%": a figure after "to" is a change of amount
        to_new = _TO_THE_NEW.match(right) is not None and not _TO_A_FIGURE.match(right)
        return bool(_CLAUSE_ENDS.match(right) or to_new or (term and term.casefold() in sentence.casefold()))
    return True


_NEXT_ITEM = re.compile(r"^[\"'”’»›`*_)]*\s*(?:,\s*(?:(?:or|and|nor)\s+)?|;\s*|/\s*|\s+(?:or|and|nor)\s+)"
                        r"[\"'“‘«(*_`]*[^\s,;:.!?()]+(?:\s+[^\s,;:.!?()]+){0,3}", re.IGNORECASE)


def _says_next(right: str) -> bool:
    """After the words (and at most a few more items of their list), a clause headed by a verb of
    words: ", say proven", "; write 'Free'"."""
    for _ in range(6):
        if _SAYS_NEXT.match(right):
            return True
        item = _NEXT_ITEM.match(right)
        if item is None:
            return False
        right = right[item.end():]
    return False


_THINGS_REPLACED = re.compile(r"(?:replaces|replaced|evolved from|moved away from|retired|dropped)$", re.IGNORECASE)
_TO_THE_NEW = re.compile(r"^[\"'”’»›`]*\s+(?:to|into)\b", re.IGNORECASE)
_TO_A_FIGURE = re.compile(r"^[\"'”’»›`]*\s+to\s+(?:(?:almost|nearly|near|just|about|under|below|less than|"
                          r"zero|nothing|none|minutes|seconds|hours|days)\b|[$€£~<]?\d)", re.IGNORECASE)


# A naming verb that heads its clause, as a rule does ("Use", "Always write", "We say", "You should
# call it"), with at most three words after it: the word the rule asks for ("Use Revenue Workspace").
_RULE_HEAD = (r"\s*(?:(?:always|please|just|only|then|instead,?|so)\s+)?"
              r"(?:(?:we|you|they|i)\s+(?:(?:should|must|always|now|prefer to|want to)\s+)?)?")
_NAMING_CLAUSE = re.compile(
    # after a comma only a verb of words ("In headlines, say proven, not ..."): "In short, use the cloud,
    # not on-prem" is copy
    r"(?:(?:^|[.!?:;(—–]|\s-)" + _RULE_HEAD + _SAYING.pattern + r"|," + _RULE_HEAD + r"\b(?:" + _NAMING + r")\b)"
    + r"\s+(?:[^\s,;:.!?()]+\s+){0,2}[^\s,;:.!?()]+\s*[\s,(;—–-]*$", re.IGNORECASE)


_SAYS_NEXT = re.compile(r"^[\"'”’»›`*_)]*\s*[,;:—–]" + _RULE_HEAD + r"\b(?:" + _NAMING + r")\b", re.IGNORECASE)


def _naming_clause(before_cue: str) -> bool:
    return _NAMING_CLAUSE.search(before_cue[-_TAIL * 2:]) is not None


def _is_now(right: str, term: str) -> bool:
    m = _IS_NOW.match(right)
    return m is not None and right[m.end():].casefold().startswith(term.casefold())


# --- blocks that list words not to use ----------------------------------------------------------------

# A column header (or a heading) that says its words are not to be used: "Don't", "Avoid", "Old name",
# "Instead of", "Incorrect", "Deprecated terms". "No" is not one: it heads a numbering or a yes/no column.
_DONT = (r"^(?:(?:don[’']?t|do not|never)(?: use| say| write| call it)?|avoid(?: using| saying| writing)?|"
         r"(?:incorrect|wrong|bad|old|former|previous|retired|deprecated|legacy|outdated|obsolete|discouraged|"
         r"not recommended|instead of|rather than|replace|not this|not)"
         r"(?: names?| terms?| words?| phrases?| labels?| wording| spellings?{})?|"
         r"(?:words|terms|phrases|names) to avoid|don[’']ts)$")
_DONT_HEADER = re.compile(_DONT.format(""), re.IGNORECASE)
# A table column also holds examples of the wrong words ("Incorrect usage", "Old text"); the items under a
# heading such as "Incorrect usage" are rules in sentences ("Do not rotate the logo"), not words.
_DONT_COLUMN = re.compile(_DONT.format("| usage| forms?| versions?| text| copy| examples?"), re.IGNORECASE)
_DONT_MARKS = frozenset("❌✗✘👎🚫⛔")  # a column header that is only such a mark
# A lead-in before a list of words: the cue alone ("Avoid:", "Don't say:") or one that names words
# ("Never use these words in headlines:"); "Avoid the usual rollout pain:" or "Instead of
# spreadsheets, you get:" leads into copy.
_LEAD_IN = re.compile(
    r"(?:\b(?:avoid|don[’']t (?:use|say|write)|do not (?:use|say|write)|never (?:use|say|write)|instead of|"
    r"incorrect|retired|deprecated|old names?|former names?|words to avoid|terms to avoid|phrases to avoid|"
    r"don[’']ts)\b(?:\s*(?:using|saying|writing)?|[^.!?:]{0,60}?\b(?:words?|terms?|phrases?|names?|wording|"
    r"language|expressions?|jargon|labels?|buzzwords?|claims?|superlatives?|these|the following|like|such as)\b"
    r"[^.!?:]{0,40}?)\s*:\s*$|,\s*not\s*:\s*$"
    r"|\b(?:words?|terms?|phrases?|names?)\b[^.!?:]{0,40}?\b(?:avoid|retired|deprecated|don[’']t use|do not use|"
    r"never use)\b[^.!?:]{0,40}:\s*$)", re.IGNORECASE)


def _label(text: str) -> str:
    return re.sub(r"[^\w'’ ]+", " ", text).strip().casefold().replace("  ", " ")


def _dont_column(text: str) -> bool:
    mark = text.strip()
    return bool(_DONT_COLUMN.match(_label(text))) or (bool(mark) and all(ch in _DONT_MARKS for ch in mark))


def mention_blocks(blocks: Sequence[Block], source: str | None = None) -> frozenset[int]:
    """Indices of blocks that list words not to use: the cells under a "Don't" (or "Avoid", "Old name")
    column header of a table, and the list items right after a lead-in that ends "...avoid:" or a
    heading that is only such a label ("Words to avoid").

    `source` is the file's text (text formats): it tells which row and column each cell of a Markdown
    or HTML table is in, where an empty cell or a row over several lines would shift them."""
    out: set[int] = set()
    i = 0
    while i < len(blocks):
        if blocks[i].kind == "table_cell":
            j = i
            while j < len(blocks) and blocks[j].kind == "table_cell":
                j += 1
            for table in _tables(blocks, i, j, source):
                out |= _dont_columns(blocks, table)
            i = j
            continue
        block = blocks[i]
        lead = _LEAD_IN.search(block.text) or (block.is_heading and _DONT_HEADER.match(_label(block.text)))
        if lead and block.kind != "list_item":
            j = i + 1
            while j < len(blocks) and blocks[j].kind == "list_item":
                out.add(j)
                j += 1
        i += 1
    return frozenset(out)


# A table's cells as rows of (column, block index), the header row first.
Table = list[list[tuple[int, int]]]


def _dont_columns(blocks: Sequence[Block], rows: Table) -> set[int]:
    """The cells of a table under a column header that says "don't"."""
    if len(rows) < 2:
        return set()
    columns = {column for row in rows for column, _ in row}
    dont = {column for column, index in rows[0] if _dont_column(blocks[index].text)}
    if not dont or dont == columns:
        return set()
    return {index for row in rows[1:] for column, index in row if column in dont}


_OFFICE_CELL = re.compile(r"^(?P<table>.*?)\brow (?P<row>\d+), cell (?P<column>\d+)$")
# The source right before a cell's text is an HTML (or JSX) cell's start tag, perhaps with inline tags or a
# JSX expression's opening after it: `<td>`, `<th scope="col"><strong>`, `<td>{"`.
_HTML_CELL_OPEN = re.compile(r"<t[dh]\b[^<>]*>(?:\s|<[a-z][^<>]*>|\{\s*[\"'`]?)*$", re.IGNORECASE)
_HTML_TABLE_TAG = re.compile(r"<(/?)(table|tr|td|th)\b", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t>]*\n")
_LOOK_BACK = 4000  # how far before a table's first cell its <table> tag is looked for


def _tables(blocks: Sequence[Block], start: int, stop: int, source: str | None) -> list[Table]:
    """The tables that the table cells blocks[start:stop] make, each as rows of (column, index).

    A Word or PowerPoint cell names its table, row and column; a Markdown cell's row is its line and
    its column the count of `|` before it on that line; an HTML cell's row and column are counted from
    the <tr>, <td> and <th> tags before it. Cells with none of these are read by line, in order."""
    cells = range(start, stop)
    office = [_OFFICE_CELL.search(blocks[k].location.block or "") for k in cells]
    if all(office):
        grid: dict[tuple[object, ...], dict[int, list[tuple[int, int]]]] = {}
        for k, m in zip(cells, office, strict=True):
            assert m is not None
            key = (blocks[k].location.slide, m.group("table"))
            grid.setdefault(key, {}).setdefault(int(m.group("row")), []).append((int(m.group("column")), k))
        return [[row for _, row in sorted(rows.items())] for rows in grid.values()]
    if source is not None and all(blocks[k].offsets for k in cells):
        # Markdown cells and an HTML table's cells may follow each other: each run is read its own way
        html = [_is_html_cell(blocks[k], source) for k in cells]
        tables: list[Table] = []
        run = 0
        for k in range(1, len(cells) + 1):
            if k == len(cells) or html[k] != html[run]:
                read = _html_tables if html[run] else _markdown_tables
                tables += read(blocks, cells[run:k], source)
                run = k
        return tables
    rows: dict[int, list[tuple[int, int]]] = {}
    for k in cells:
        line = blocks[k].location.line
        if line is None:
            return []  # cells with no row to read: no column can be told
        row = rows.setdefault(line, [])
        row.append((len(row), k))
    return [list(rows.values())]


def _is_html_cell(block: Block, source: str) -> bool:
    assert block.offsets
    at = block.offsets[0]
    return _HTML_CELL_OPEN.search(source, max(0, at - 300), at) is not None


def _html_tables(blocks: Sequence[Block], cells: range, source: str) -> list[Table]:
    first = blocks[cells[0]].offsets
    assert first
    at = source.rfind("<table", max(0, first[0] - _LOOK_BACK), first[0])
    if at < 0:
        at = max(0, first[0] - 300)
    tables: list[dict[int, list[tuple[int, int]]]] = [{}]
    row, column = 0, 0
    for k in cells:
        offsets = blocks[k].offsets
        assert offsets
        for tag in _HTML_TABLE_TAG.finditer(source, at, offsets[0]):
            if tag.group(1):
                continue
            name = tag.group(2).lower()
            if name == "table":
                tables.append({})
                row, column = 0, 0
            elif name == "tr":
                row, column = row + 1, 0
            else:
                column += 1
        tables[-1].setdefault(row, []).append((column, k))
        at = offsets[-1] + 1
    return [[cells for _, cells in sorted(rows.items())] for rows in tables if rows]


_PIPE = re.compile(r"(?<!\\)\|")


def _markdown_tables(blocks: Sequence[Block], cells: range, source: str) -> list[Table]:
    """Each line a row, each cell's column the count of unescaped `|` before it on its line (read once,
    left to right, however long the line), a blank line between two rows a new table."""
    tables: list[dict[int, list[tuple[int, int]]]] = [{}]
    first = blocks[cells[0]].offsets
    assert first
    pos = line_start = source.rfind("\n", 0, first[0]) + 1
    pipes, leading = 0, source[line_start:first[0]].lstrip(" \t>").startswith("|")
    for k in cells:
        offsets = blocks[k].offsets
        assert offsets
        at = offsets[0]
        newline = source.rfind("\n", pos, at)
        if newline >= 0:
            if _BLANK_LINE.search(source, pos, newline + 1):
                tables.append({})
            pos = line_start = newline + 1
            pipes, leading = 0, source[line_start:at].lstrip(" \t>").startswith("|")
        pipes += len(_PIPE.findall(source, pos, at))
        tables[-1].setdefault(line_start, []).append((pipes - 1 if leading else pipes, k))
        pos = at
    return [[cells for _, cells in sorted(rows.items())] for rows in tables if rows]
