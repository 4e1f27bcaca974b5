"""What the glossary matcher ignores and maps: invisible characters, and Latin look-alike letters.

Two tricks make a retired variant or an avoided phrase render exactly like the
real thing while escaping a string match:

* an invisible character inside it ("revenue h\\u200bub", "best-in\\u00ad-class"):
  `IGNORABLE` characters are skipped when words are matched;
* a Cyrillic or Greek letter that looks like a Latin one ("rеvenue hub" with
  U+0435): inside a word that also has Latin letters, `skeleton` maps it to
  the Latin letter it imitates, so the word matches what it pretends to be.

Both only change how words are *compared*; offsets, excerpts and fixes keep
the original text. A word written wholly in Cyrillic or Greek is left alone:
it is Russian or Greek, not a disguised English term.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Zero-width and invisible characters that can sit inside a word and change nothing on screen:
# soft hyphen, combining grapheme joiner, Arabic letter mark, Mongolian vowel separator, zero-width
# space / non-joiner / joiner, left-to-right and right-to-left marks and embeddings, word joiner and
# the invisible operators, the bidi isolates, and the BOM (a zero-width no-break space).
IGNORABLE = (
    "\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
IGNORABLE_RE = re.compile(f"[{IGNORABLE}]")

# Cyrillic and Greek letters that are drawn like a Latin letter in common fonts
# (the unambiguous part of Unicode's confusables.txt for these scripts).
CONFUSABLES: dict[str, str] = {
    # Cyrillic, lower case
    "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0443": "y",
    "\u0445": "x", "\u0455": "s", "\u0456": "i", "\u0458": "j", "\u04bb": "h", "\u0501": "d",
    "\u051b": "q", "\u051d": "w", "\u04cf": "l",
    # Cyrillic, upper case
    "\u0410": "A", "\u0412": "B", "\u0415": "E", "\u041a": "K", "\u041c": "M", "\u041d": "H",
    "\u041e": "O", "\u0420": "P", "\u0421": "C", "\u0422": "T", "\u0425": "X", "\u0423": "Y",
    "\u0405": "S", "\u0406": "I", "\u0408": "J", "\u04ae": "Y", "\u051a": "Q", "\u051c": "W",
    "\u04c0": "I",
    # Greek, lower case
    "\u03bf": "o", "\u03b1": "a", "\u03bd": "v", "\u03b9": "i", "\u03c1": "p", "\u03c5": "u",
    "\u03ba": "k", "\u03f2": "c", "\u03f3": "j",
    # Greek, upper case
    "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0396": "Z", "\u0397": "H", "\u0399": "I",
    "\u039a": "K", "\u039c": "M", "\u039d": "N", "\u039f": "O", "\u03a1": "P", "\u03a4": "T",
    "\u03a5": "Y", "\u03a7": "X", "\u03f9": "C", "\u037f": "J",
}
_CONFUSABLE_TABLE = str.maketrans(CONFUSABLES)


def _has_latin_letter(word: str) -> bool:
    return any(("a" <= c.lower() <= "z") or ("\u00c0" <= c <= "\u024f" and c.isalpha()) for c in word)


@lru_cache(maxsize=65536)
def lookalikes(word: str) -> tuple[str, ...]:
    """The look-alike letters `skeleton` replaces in this word, in order (none unless it mixes scripts)."""
    if word.isascii() or not _has_latin_letter(word):
        return ()
    return tuple(c for c in word if c in CONFUSABLES)


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """The word as matched: invisible characters dropped, look-alikes in a mixed-script word made Latin."""
    if word.isascii():
        return word
    word = IGNORABLE_RE.sub("", word)
    return word.translate(_CONFUSABLE_TABLE) if lookalikes(word) else word


def invisibles(text: str) -> tuple[str, ...]:
    """The invisible characters in the text, in order."""
    return tuple(IGNORABLE_RE.findall(text))


def describe(ch: str) -> str:
    """'U+0435 CYRILLIC SMALL LETTER IE', for a message."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED CHARACTER')}"
