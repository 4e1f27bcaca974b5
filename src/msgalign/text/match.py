"""Find glossary forms in prose: inflection-aware, longest match, whole words only.

A form ("revenue hub") matches "Revenue Hubs", "revenue hub's" and
"revenue-hub", but never "revenue hubble", never inside a longer glossary form
("Revenue Workspace" wins over the variant "workspace"), and never inside a
URL, an e-mail address, a template macro or code (`acme.reset()`, a file name,
a path). Inflection is read from the text to the form only ("hubs" is "hub" +
s; "hub" never reaches "hubs"), so "core" never meets "CORS". This module is
deliberately free of spaCy and torch: terminology-only runs must stay fast.

`Token.key` and `form_keys` are a coarser key (inflections folded both ways)
for grouping forms, as `glossary suggest` and the report do; matching uses
`word_forms`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

from msgalign.text.normalize import IGNORABLE_RE, skeleton
from msgalign.text.spans import overlaps

T = TypeVar("T")

_WORD = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)
# The e-mail and bare-domain patterns may start only where their run of
# characters starts (a lookbehind, not `\b`, which also holds after a '-' or
# a '.'), so a 100,000-character word is scanned once, not once from each of
# its positions. A domain may still start after "..." or "+" ("see…acme.com").
_PROTECTED = re.compile(
    r"(?:https?|ftp)://\S+|www\.\S+"                                # URLs
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"                   # e-mail addresses
    r"|`[^`\n]+`"                                                    # inline code in plain text
    # bare domains, read from the start of a dotted name only ("a-." * 33,000 was quadratic: 77 s)
    r"|(?P<domain>(?<![\w-])(?<![\w-]\.)[\w-]+(?:\.[\w-]+)*\.(?:com|io|ai|net|org|co|app|dev)(?:/\S*)?\b)"
    r"|(?<!\w)[#@][\w-]+"                                            # hashtags and handles
    r"|\{\{[^{}\n]{0,300}\}\}|\{%[^{}%\n]{0,300}%\}|\{![^{}!\n]{0,300}!\}",  # template macros: {{ x }}, {% x %}
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"['’]s$|['’]$", re.IGNORECASE)


@lru_cache(maxsize=65536)
def inflection_key(word: str) -> str:
    """A key shared by a word's inflected forms (plural, possessive, -ed, -ing).

    Deliberately only inflection, not derivation: 'organization' must not meet
    'organ'. Both glossary forms and prose go through the same function, so an
    imperfect stem still matches consistently.
    """
    w = _POSSESSIVE.sub("", word.lower())
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "shes", "ches", "xes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    elif w.endswith("ing") and len(w) > 5:
        w = _undouble(w[:-3])
    elif w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ed") and len(w) > 4:
        w = _undouble(w[:-2])
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def _undouble(stem: str) -> str:
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
        return stem[:-1]
    return stem


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int  # end of the word without a possessive suffix
    key: str


def word_key(word: str) -> str:
    """The key a word matches by: invisible characters dropped, look-alike letters made Latin, inflection removed."""
    return inflection_key(skeleton(word))


def tokenize(text: str) -> list[Token]:
    """The words of the text. A word's offsets and `text` are the original's; its key ignores
    invisible characters inside it ("h\u200bub" is one word, "hub") and look-alike letters."""
    if text.isascii() or not IGNORABLE_RE.search(text):
        tokens = []
        for m in _WORD.finditer(text):
            word = m.group()
            poss = _POSSESSIVE.search(word)
            end = m.end() - (len(poss.group()) if poss and poss.group() else 0)
            tokens.append(Token(word, m.start(), end, word_key(word)))
        return tokens
    return _tokenize_visible(text)


def _tokenize_visible(text: str) -> list[Token]:
    """Tokenize the text as it looks: words found with the invisible characters left out, placed in the original."""
    kept = [i for i, ch in enumerate(text) if not IGNORABLE_RE.match(ch)]
    visible = "".join(text[i] for i in kept)
    tokens = []
    for m in _WORD.finditer(visible):
        word = m.group()
        start, stop = kept[m.start()], kept[m.end() - 1] + 1
        poss = _POSSESSIVE.search(word)
        end = kept[m.end() - len(poss.group()) - 1] + 1 if poss and poss.group() else stop
        tokens.append(Token(text[start:stop], start, end, word_key(word)))
    return tokens


def form_keys(form: str) -> tuple[str, ...]:
    return tuple(t.key for t in tokenize(form))


def protected_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PROTECTED.finditer(text)]


def _protected_split(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(spans never matched into, bare domains): a domain may be matched whole by a dotted form."""
    blocked: list[tuple[int, int]] = []
    domains: list[tuple[int, int]] = []
    for m in _PROTECTED.finditer(text):
        (domains if m.lastgroup == "domain" else blocked).append(m.span())
    return blocked, domains


def _domain_allows(domains: list[tuple[int, int]], text: str, start: int, end: int, entry: _Entry[Any]) -> bool:
    """A match that touches a bare domain ("Example.com") counts only when it is that whole domain, the
    glossary form is itself written with a dot ("Example.com" listed as a term or variant, never "Example"
    inside "example.com/pricing"), and the text is not an all-lower-case web address read against a form
    with capitals ("example.com" is where a reader types it, not a misspelt name)."""
    for d_start, d_end in domains:
        if start < d_end and d_start < end:
            if (start, end) != (d_start, d_end) or "." not in entry.gaps:
                return False
            written = text[start:end]
            return entry.lower or written != written.lower()
    return True


@dataclass(frozen=True)
class Match(Generic[T]):
    start: int
    end: int
    text: str
    payload: T
    tokens: tuple[Token, ...]
    labels: tuple[str, ...] = ()   # per token: "" as listed, or the inflection read ("s", "ing", "ed")
    same_gaps: bool = True         # the words are joined exactly as the form joins them


# --- inflection: what a written word can be an inflection of -------------------------------------------

Inflect = str
"""How a glossary form inflects: "noun" (plural and possessive of the last word), "verb" (-s, -ing and -ed
of the first or last word), "both", or "none" (only as written, possessive allowed)."""
INFLECTIONS = ("noun", "verb", "both", "none")

# Words that look like another word plus an ending but are not its inflection ("news" is not "new"+s,
# "evening" not "even"+ing, "seed" not "see"+d). Only the pairs that can meet a glossary word matter.
NOT_INFLECTED = frozenset("""
news its his hers ours yours theirs this thus plus bus gas yes was has always perhaps whereas besides
sometimes afterwards series species lens canvas atlas alias bias chaos cosmos ethos kudos physics economics
politics ethics analytics logistics statistics mathematics means
evening morning during nothing something anything everything thing ceiling sibling darling herring lightning
pudding awning cunning inkling shilling wedding bedding spring string bring king ring sing wing sting swing
seed need feed speed shed bleed breed deed weed reed greed indeed hundred sacred naked wicked kindred rugged
dogged ragged jagged
""".split())


def _doubled(stem: str) -> str | None:
    """'mapp' -> 'map': a stem whose last consonant was doubled before -ing or -ed."""
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiouyw":
        return stem[:-1]
    return None


@lru_cache(maxsize=65536)
def word_forms(word: str) -> tuple[tuple[str, str], ...]:
    """What a written word can be: itself (label ""), and the words it can be a regular inflection of.

    Read in one direction only, from the text to the glossary: "hubs" can be "hub" + s, but "hub"
    never reaches "hubs", so a glossary form ("Teams", "CORS", "indexes") never matches a shorter word
    ("team", "core", "index"). Each pair is (base, label) with label "s", "ing" or "ed"; whether a
    form takes the label is the form's `inflect`.
    """
    w = _POSSESSIVE.sub("", skeleton(word)).lower()
    forms = [(w, "")]
    if len(w) < 3 or w in NOT_INFLECTED or not w.isalpha():
        return tuple(forms)
    if w.endswith("ies") and len(w) > 4:
        forms.append((w[:-3] + "y", "s"))
    if w.endswith("es") and len(w) > 3 and w[:-2].endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.append((w[:-2], "s"))
    if w.endswith("s") and not w.endswith("ss") and len(w) > 2 and not w[:-1].endswith(("x", "z", "ch", "sh")):
        forms.append((w[:-1], "s"))
    if w.endswith("ing") and len(w) >= 5:
        stem = w[:-3]
        forms += [(stem, "ing"), (stem + "e", "ing")]
        if (single := _doubled(stem)) is not None:
            forms.append((single, "ing"))
    if w.endswith("ed") and len(w) >= 4:
        stem = w[:-2]
        forms += [(stem, "ed"), (w[:-1], "ed")]
        if w.endswith("ied") and len(w) > 4:
            forms.append((w[:-3] + "y", "ed"))
        if (single := _doubled(stem)) is not None:
            forms.append((single, "ed"))
    return tuple(dict.fromkeys(forms))


# Words that end in -ly but are no adverb of the word before it ("only" is not "on" + ly).
NOT_ADVERBS = frozenset("only early family supply reply apply imply comply multiply assembly ally rally belly "
                        "jelly bully holy italy july lily silly hilly jolly folly".split())


@lru_cache(maxsize=65536)
def adverb_forms(word: str) -> tuple[tuple[str, str], ...]:
    """The adjective an -ly adverb is made from, labelled "ly": "seamlessly" → "seamless", "easily" →
    "easy", "simply" → "simple". Only phrases to avoid take it (`FormMatcher.add(derive=True)`): the
    adverb of a hype word is the same hype. Bases shorter than five letters (four for -ily) are left
    out, so "comply" never meets "comp"."""
    w = _POSSESSIVE.sub("", skeleton(word)).lower()
    if not w.endswith("ly") or w in NOT_ADVERBS or not w.isalpha():
        return ()
    forms = []
    if len(w) - 2 >= 5:
        forms.append((w[:-2], "ly"))
    if w.endswith("ily") and len(w) - 3 >= 3:
        forms.append((w[:-3] + "y", "ly"))
    if w[-3:-2] in tuple("bcdgkptz") and len(w) - 1 >= 5:
        forms.append((w[:-1] + "e", "ly"))       # simply → simple, reliably → reliable
    if w.endswith("lly") and len(w) - 1 >= 5:
        forms.append((w[:-1], "ly"))             # fully → full (as the last word of a longer phrase)
    return tuple(dict.fromkeys(forms))


def _allowed(inflect: Inflect, position: int, count: int) -> frozenset[str]:
    """The labels a form's word at `position` (of `count`) may carry."""
    last, first = position == count - 1, position == 0
    labels = {""}
    if inflect in ("noun", "both") and last:
        labels.add("s")
    if inflect in ("verb", "both") and (first or last):
        labels |= {"s", "ing", "ed"}
    return frozenset(labels)


# --- what joins two words of a phrase --------------------------------------------------------------------

HYPHENS = "-‐‑‒–"  # hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash
_LOOSE = frozenset((" ", "-"))


def gap_class(gap: str) -> str | None:
    """How two words are joined: " " (spaces), "-" (one hyphen or en dash), the punctuation itself when it
    is one or two characters without spaces ("." in "Node.js", "/", "&"), or None: not one phrase."""
    g = IGNORABLE_RE.sub("", gap)
    stripped = g.strip()
    if not stripped:
        return " "
    if len(stripped) == 1 and stripped in HYPHENS:
        return "-"
    if len(g) <= 2 and not any(c.isspace() for c in g):
        return g
    return None


def _is_currency(lead: str) -> bool:
    """One currency sign ("$", "£", "€"): it names the amount, so "$0 plan" is not "€0 plan"."""
    return len(lead) == 1 and unicodedata.category(lead) == "Sc"


def _edges(form: str, tokens: list[Token]) -> tuple[str, str]:
    """Punctuation that is part of a form's name: a leading dot (".NET") or currency sign ("$0 plan",
    "£1 trial"), trailing + and # ("C++", "C#"). So is the final dot of an abbreviation ("e.g.", "etc.").
    Other punctuation around a form (a final full stop, quotes) is not part of what it names."""
    lead = form[: tokens[0].start].strip()
    trail = form[tokens[-1].start + len(tokens[-1].text) :].strip()
    dotted = trail == "." and (len(tokens) == 1 and len(tokens[0].text) <= 4
                               or any(form[a.start + len(a.text) : b.start] == "." for a, b in zip(tokens, tokens[1:],
                                                                                                     strict=False)))
    named_lead = lead if lead == "." or _is_currency(lead) else ""
    return (named_lead, trail if trail and (set(trail) <= {"+", "#"} or dotted) else "")


# --- code-like tokens -----------------------------------------------------------------------------------

_CHUNK = re.compile(r"\S+")
_CHUNK_OPEN = "([{\"'“‘«<*_"
_CHUNK_CLOSE = ".,;:!?\"'”’»>*_"
_FILE_EXT = (r"md|mdx|markdown|txt|rst|adoc|py|pyi|ipynb|js|jsx|mjs|cjs|ts|tsx|json|jsonc|ya?ml|toml|ini|cfg|conf|"
             r"env|lock|html?|css|scss|sass|less|xml|svg|png|jpe?g|gif|webp|ico|pdf|docx?|pptx?|xlsx?|csv|tsv|"
             r"sh|bash|zsh|ps1|bat|go|rs|rb|php|java|kt|kts|swift|c|h|cc|cpp|hpp|cs|sql|graphql|proto|vue|"
             r"svelte|lua|pl|r|dart|tf|hcl|gradle|zip|tar|gz|tgz|whl|jar|exe|dmg|log|out|bin|wasm")
_CODE = re.compile(
    r"[\w$]\((?!(?:e?s)\))[^\s()]*\)"                         # a call: reset(), acme.reset(x) (not "plan(s)")
    r"|^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\.[A-Za-z_$][\w$]+$"  # a dotted name: acme.reset, os.path
    rf"|^[\w./~-]*\.(?i:{_FILE_EXT})$"                            # a file name or path with an extension
    r"|^(?:\.{0,2}/|~/)\w|^\w[\w.-]*(?:/[\w.-]+){2,}/?$|\w\\\w"  # /etc/x, ./run, ~/x, a/b/c, C:\x
    r"|^[A-Za-z0-9]+_\w|\w_[A-Za-z0-9]"                         # snake_case
    r"|^[a-z]+[A-Z][A-Za-z0-9]*$"                                # camelCase
    r"|^--?[a-z][\w-]*(?:=\S*)?$",                              # a command-line option: --fix, -q
)
_MAX_PROSE_CHUNK = 200


def code_spans(text: str) -> list[tuple[int, int]]:
    """Code-like tokens in prose: calls, dotted names, file names, paths, snake_case and camelCase
    identifiers, command-line options. Each span is the token without the punctuation around it.

    `FormMatcher.find` drops a match inside one unless the match is the whole token (the term "Node.js"
    is a token that looks like a file name). Every check runs on one bounded token, so the cost is linear.
    """
    spans = []
    for m in _CHUNK.finditer(text):
        start, end = m.span()
        while start < end and text[start] in _CHUNK_OPEN:
            start += 1
        while end > start and text[end - 1] in _CHUNK_CLOSE:
            end -= 1
        if end > start and text[end - 1] == ")" and "(" not in text[start:end]:
            end -= 1
        core = text[start:end]
        if core.endswith(("'s", "’s")):
            core = core[:-2]
        if not core:
            continue
        if end - start > _MAX_PROSE_CHUNK or (any(c in core for c in "._/\\()$-") or not core.islower()) \
                and _CODE.search(core) and not _NAME_LIST.fullmatch(core):  # 'Trello/Flowdeck/Notion' is prose
            spans.append((start, start + len(core)))
    return spans


class _Entry(Generic[T]):
    """One form at a trie node's end: its payload and how strictly it reads the text."""

    __slots__ = ("derive", "edges", "gaps", "inflect", "lower", "order", "payload", "strict_gaps", "strict_words")

    def __init__(self, payload: T, gaps: tuple[str, ...], edges: tuple[str, str], inflect: Inflect,
                 strict_gaps: bool, strict_words: bool, order: int, lower: bool = False,
                 derive: bool = False) -> None:
        self.payload, self.gaps, self.edges, self.inflect = payload, gaps, edges, inflect
        self.strict_gaps, self.strict_words, self.order = strict_gaps, strict_words, order
        self.lower = lower    # the form is written without capitals ("example.com")
        self.derive = derive  # its last word may also be read as an -ly adverb ("seamlessly")

    def score(self, gaps: tuple[str, ...], labels: tuple[str, ...]) -> tuple[int, int, int, int, int] | None:
        """How well the text fits the form (higher is better), or None when the form does not accept it."""
        if "ly" in labels:  # an adverb: only a phrase to avoid, and only on its last word
            if not self.derive or self.inflect == "none" or labels.index("ly") != len(labels) - 1:
                return None
            labels = labels[:-1] + ("",)
        if self.strict_words or self.inflect == "none":
            if any(labels):
                return None
        elif any(label not in _allowed(self.inflect, k, len(labels)) for k, label in enumerate(labels) if label):
            return None
        same = gaps == self.gaps
        if not same and (self.strict_gaps or not (_LOOSE.issuperset(gaps) and _LOOSE.issuperset(self.gaps))):
            return None
        return (labels.count(""), int(same), len(self.edges[0]) + len(self.edges[1]),
                int(self.strict_gaps) + int(self.strict_words), -self.order)


class _Node(Generic[T]):
    """A trie node: the next words, and the forms that end here."""

    __slots__ = ("children", "entries")

    def __init__(self) -> None:
        self.children: dict[str, _Node[T]] = {}
        self.entries: list[_Entry[T]] = []


class FormMatcher(Generic[T]):
    """A trie over the words of glossary forms, each form with a payload (which entry it is).

    A written word reaches the trie through `word_forms` (itself, or what it is an inflection of); a
    form says which inflections it takes (`inflect`) and whether the text must join its words exactly
    as the form does (`strict_gaps`: "go to market" as a variant of "go-to-market") or also write every
    word exactly (`strict_words`: "on-premise" as a variant of "on-premises"). Otherwise spaces and
    hyphens are interchangeable, and other punctuation ("Node.js") must be as written.
    """

    def __init__(self) -> None:
        self._root: _Node[T] = _Node()
        self._max_len = 0
        self._count = 0
        self._derive = False  # some form reads -ly adverbs: the walk looks them up too

    def add(self, form: str, payload: T, *, inflect: Inflect = "both", strict_gaps: bool = False,
            strict_words: bool = False, derive: bool = False) -> None:
        tokens = tokenize(form)
        if not tokens:
            return
        gaps = []
        for left, right in zip(tokens, tokens[1:], strict=False):
            gap = gap_class(form[left.start + len(left.text) : right.start])
            if gap is None:  # a form with a sentence break inside can never match: as before, skip it
                return
            gaps.append(gap)
        node = self._root
        for tok in tokens:
            node = node.children.setdefault(word_forms(tok.text)[0][0], _Node())
        node.entries.append(_Entry(payload, tuple(gaps), _edges(form, tokens), inflect, strict_gaps,
                                   strict_words, self._count, form == form.lower(), derive))
        self._derive = self._derive or derive
        self._count += 1
        self._max_len = max(self._max_len, len(tokens))

    def find(self, text: str, protected: Iterable[tuple[int, int]] = ()) -> Iterator[Match[T]]:
        """Leftmost-longest, non-overlapping matches outside protected spans and code-like tokens."""
        tokens = tokenize(text)
        found_blocked, domains = _protected_split(text)
        blocked = list(protected) + found_blocked
        code = code_spans(text)
        i = 0
        while i < len(tokens):
            found = self._best(text, tokens, i)
            if found is None:
                i += 1
                continue
            length, entry, labels, gaps = found
            first, last = tokens[i], tokens[i + length - 1]
            start, end = first.start - len(entry.edges[0]), last.end + len(entry.edges[1])
            if inside_compound(text, start, last.start + len(last.text)) or overlaps(blocked, start, end) \
                    or not _domain_allows(domains, text, start, end, entry) or _in_code(code, text, start, end):
                i += length
                continue
            yield Match(start, end, text[start:end], entry.payload, tuple(tokens[i : i + length]), labels,
                        gaps == entry.gaps)
            i += length

    def full_matches(self, text: str) -> list[Match[T]]:
        """Every form that reads the whole text, best first (used to compare glossary forms with each other)."""
        tokens = tokenize(text)
        if not tokens:
            return []
        found = [f for f in self._walk(text, tokens, 0) if f[0] == len(tokens)]
        found.sort(key=lambda f: f[4], reverse=True)
        return [Match(0, len(text), text, e.payload, tuple(tokens), labels, gaps == e.gaps)
                for _, e, labels, gaps, _ in found]

    def _best(self, text: str, tokens: list[Token], i: int) -> tuple[int, _Entry[T], tuple[str, ...],
                                                                   tuple[str, ...]] | None:
        best = None
        for found in self._walk(text, tokens, i):
            if best is None or (found[0], found[4]) > (best[0], best[4]):
                best = found
        return None if best is None else best[:4]

    def _walk(self, text: str, tokens: list[Token], i: int) -> Iterator[tuple[
            int, _Entry[T], tuple[str, ...], tuple[str, ...], tuple[int, int, int, int, int]]]:
        """Every form that starts at token i: (length, entry, labels, gaps, score)."""
        stack: list[tuple[_Node[T], int, tuple[str, ...], tuple[str, ...]]] = [(self._root, i, (), ())]
        while stack:
            node, j, labels, gaps = stack.pop()
            if j > i:
                for entry in node.entries:
                    if not _edges_fit(text, tokens[i], tokens[j - 1], entry.edges):
                        continue
                    score = entry.score(gaps, labels)
                    if score is not None:
                        yield j - i, entry, labels, gaps, score
            if j >= len(tokens) or j - i >= self._max_len or not node.children:
                continue
            gap_now = gaps
            if j > i:
                left = tokens[j - 1]
                if left.end != left.start + len(left.text):  # a possessive ends the phrase
                    continue
                gap = gap_class(text[left.start + len(left.text) : tokens[j].start])
                if gap is None:
                    continue
                gap_now = gaps + (gap,)
            forms = word_forms(tokens[j].text)
            if self._derive:
                forms = forms + adverb_forms(tokens[j].text)
            for base, label in forms:
                child = node.children.get(base)
                if child is not None:
                    stack.append((child, j + 1, labels + (label,), gap_now))


def _edges_fit(text: str, first: Token, last: Token, edges: tuple[str, str]) -> bool:
    lead, trail = edges
    if lead and text[max(0, first.start - len(lead)) : first.start] != lead:
        return False
    return not trail or (last.end == last.start + len(last.text)
                         and text[last.end : last.end + len(trail)] == trail)


def _in_code(code: list[tuple[int, int]], text: str, start: int, end: int) -> bool:
    """The match is inside a code-like token and is not that whole token."""
    for c_start, c_end in code:
        if start < c_end and c_start < end:
            return not (start <= c_start and end >= c_end)
    return False


def as_matched(m: Match[T]) -> Match[T]:
    """The match as the matcher read it, at offset 0: invisible characters dropped, look-alike letters made Latin.

    What a fix is computed from ("HubSpot" for "HubSp\u043et"); the original
    match keeps the offsets and the text the fix replaces.
    """
    if m.text.isascii():
        return m
    text = _WORD.sub(lambda w: skeleton(w.group()), IGNORABLE_RE.sub("", m.text))
    tokens = tuple(tokenize(text))
    labels = m.labels if len(m.labels) == len(tokens) else ()
    return Match(0, len(text), text, m.payload, tokens, labels, m.same_gaps)


def joinable(text: str, left: Token, right: Token) -> bool:
    """Two words belong to one phrase when only spaces or one hyphen sit between them."""
    if left.end != left.start + len(left.text):  # a possessive ends the phrase
        return False
    gap = IGNORABLE_RE.sub("", text[left.start + len(left.text) : right.start]).strip()
    return gap == "" or gap in ("-", "‑")


# A capitalised word with a lower-case letter: a name in a list of names written with slashes.
_NAME_WORD = r"[A-Z][A-Za-z]*[a-z][A-Za-z]*"
_NAME_BEFORE_SLASH = re.compile(rf"(?<![\w.-]){_NAME_WORD}/$")
_NAME_AFTER_SLASH = re.compile(rf"/{_NAME_WORD}(?![\w.-])")
_NAME_LIST = re.compile(rf"{_NAME_WORD}(?:/{_NAME_WORD})+")


def inside_compound(text: str, start: int, end: int) -> bool:
    """True when the span is part of a longer hyphenated or dotted word ('e-commerce'). A slash between
    two names ('Trello/Flowdeck/Notion': capitalised words with a lower-case letter) separates them; a path
    ('docs/hubspot'), 'CI/CD' and a lower-case pair ('plug-in/theme') stay one word."""
    before = IGNORABLE_RE.sub("", text[max(0, start - 8) : start])[-2:]
    after = IGNORABLE_RE.sub("", text[end : end + 8])[:2]
    glued = ("-", "‑", "_", "/", ".")
    words = text[start:end].split()
    if len(before) == 2 and before[1] in glued and before[0].isalnum() \
            and not (before[1] == "/" and words and re.fullmatch(_NAME_WORD, words[0])
                     and _NAME_BEFORE_SLASH.search(text, max(0, start - 40), start) and _in_name_list(text, start)):
        return True
    if len(after) == 2 and after[0] in glued[:4] and after[1].isalnum() \
            and not (after[0] == "/" and words and re.fullmatch(_NAME_WORD, words[-1])
                     and _NAME_AFTER_SLASH.match(text, end) and _in_name_list(text, end)):
        return True
    return False


_CHUNK_BEFORE = re.compile(r"\S{0,200}$")
_CHUNK_AFTER = re.compile(r"\S{0,200}")
_CHUNK_EDGES = "\"'“”‘’«»()[]{},.;:!?*_`"


def _in_name_list(text: str, at: int) -> bool:
    """The whole word around `at` (up to spaces, without the punctuation around it) is names and slashes
    only: 'Trello/Flowdeck/Notion' is, a path such as 'C:/Users/Flowdeck/Setup' or '/Flowdeck/Setup' is not."""
    left = _CHUNK_BEFORE.search(text, max(0, at - 200), at)
    right = _CHUNK_AFTER.match(text, at)
    chunk = (left.group() if left else "") + (right.group() if right else "")
    chunk = chunk.strip(_CHUNK_EDGES)
    if chunk.endswith(("'s", "’s")):
        chunk = chunk[:-2]
    return _NAME_LIST.fullmatch(chunk) is not None


def pluralize(term: str) -> str:
    """The plural of a term's last word, for fixes that keep the writer's number."""
    head, _, last = term.rpartition(" ")
    lower = last.lower()
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        plural = last[:-1] + ("IES" if last.isupper() else "ies")
    elif lower.endswith(("s", "x", "z", "ch", "sh")):
        plural = last + ("ES" if last.isupper() else "es")
    else:
        plural = last + ("S" if last.isupper() else "s")
    return f"{head} {plural}" if head else plural


def is_plural(token: Token) -> bool:
    word = _POSSESSIVE.sub("", skeleton(token.text).lower())
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))
