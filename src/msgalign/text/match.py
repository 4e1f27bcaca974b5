"""Find glossary forms in prose: inflection-aware, longest match, whole words only.

A form ("revenue hub") matches "Revenue Hubs", "revenue hub's" and
"revenue-hub", but never "revenue hubble", never inside a longer glossary form
("Revenue Workspace" wins over the variant "workspace"), and never inside a
URL, an e-mail address or code. This module is deliberately free of spaCy and
torch: terminology-only runs must stay fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

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
    r"|(?<![\w-])(?<!\w\.)[\w-]+(?:\.[\w-]+)*\.(?:com|io|ai|net|org|co|app|dev)(?:/\S*)?\b"  # bare domains
    r"|(?<!\w)[#@][\w-]+",                                           # hashtags and handles
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


@dataclass(frozen=True)
class Match(Generic[T]):
    start: int
    end: int
    text: str
    payload: T
    tokens: tuple[Token, ...]


class _Node(Generic[T]):
    """A trie node: the next token keys, and the payload of the form that ends here, if one does."""

    __slots__ = ("children", "entry")

    def __init__(self) -> None:
        self.children: dict[str, _Node[T]] = {}
        self.entry: tuple[T] | None = None  # boxed, so a payload of None still marks a form's end


class FormMatcher(Generic[T]):
    """A trie over token keys; each form carries a payload (which entry it is)."""

    def __init__(self) -> None:
        self._root: _Node[T] = _Node()
        self._max_len = 0

    def add(self, form: str, payload: T) -> None:
        keys = form_keys(form)
        if not keys:
            return
        node = self._root
        for key in keys:
            node = node.children.setdefault(key, _Node())
        if node.entry is None:  # the first form added for a key sequence wins
            node.entry = (payload,)
        self._max_len = max(self._max_len, len(keys))

    def find(self, text: str, protected: Iterable[tuple[int, int]] = ()) -> Iterator[Match[T]]:
        """Leftmost-longest, non-overlapping matches outside protected spans."""
        tokens = tokenize(text)
        blocked = list(protected) + protected_spans(text)
        i = 0
        while i < len(tokens):
            found = self._longest(text, tokens, i)
            if found is None:
                i += 1
                continue
            length, payload = found
            first, last = tokens[i], tokens[i + length - 1]
            start, end = first.start, last.end
            if inside_compound(text, start, last.start + len(last.text)) or overlaps(blocked, start, end):
                i += length
                continue
            yield Match(start, end, text[start:end], payload, tuple(tokens[i : i + length]))
            i += length

    def _longest(self, text: str, tokens: list[Token], i: int) -> tuple[int, T] | None:
        node = self._root
        best: tuple[int, T] | None = None
        for j in range(i, min(len(tokens), i + self._max_len)):
            if j > i and not joinable(text, tokens[j - 1], tokens[j]):
                break
            nxt = node.children.get(tokens[j].key)
            if nxt is None:
                break
            node = nxt
            if node.entry is not None:
                best = (j - i + 1, node.entry[0])
        return best


def as_matched(m: Match[T]) -> Match[T]:
    """The match as the matcher read it, at offset 0: invisible characters dropped, look-alike letters made Latin.

    What a fix is computed from ("HubSpot" for "HubSp\u043et"); the original
    match keeps the offsets and the text the fix replaces.
    """
    if m.text.isascii():
        return m
    text = _WORD.sub(lambda w: skeleton(w.group()), IGNORABLE_RE.sub("", m.text))
    return Match(0, len(text), text, m.payload, tuple(tokenize(text)))


def joinable(text: str, left: Token, right: Token) -> bool:
    """Two words belong to one phrase when only spaces or one hyphen sit between them."""
    if left.end != left.start + len(left.text):  # a possessive ends the phrase
        return False
    gap = IGNORABLE_RE.sub("", text[left.start + len(left.text) : right.start]).strip()
    return gap == "" or gap in ("-", "‑")


def inside_compound(text: str, start: int, end: int) -> bool:
    """True when the span is part of a longer hyphenated or dotted word ('e-commerce')."""
    before = IGNORABLE_RE.sub("", text[max(0, start - 8) : start])[-2:]
    after = IGNORABLE_RE.sub("", text[end : end + 8])[:2]
    glued = ("-", "‑", "_", "/", ".")
    if len(before) == 2 and before[1] in glued and before[0].isalnum():
        return True
    if len(after) == 2 and after[0] in glued[:4] and after[1].isalnum():
        return True
    return False


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
