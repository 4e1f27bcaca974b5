"""Glossary fixes: what a hit should read, and applying replacements to text.

This is the one place text is rewritten with glossary terms. `TermIndex.scan`
asks it for the suggestion of each hit (the term, kept plural or recased);
`check --fix` applies the TM001/TM002 finding spans to files through
`apply_replacements`, and so do the glossary's example self-tests
(`TermIndex.fix_text`) and the briefs (`canonical_terms`). One rewrite means a
brief, a fixed file and a finding's suggestion can never disagree.

`check --fix` only touches Markdown, text and HTML; only the matched words
change, every other byte stays (encoding, BOM, byte order and line endings
included); each file is written atomically (an exclusive temporary file beside
it, then a rename), and only if nobody changed it since it was read.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from msgalign.fs import Refused, VettedLink, read_stamped, still_unchanged, write_replacing
from msgalign.text.match import Match, Token, pluralize, tokenize, word_forms
from msgalign.types import Document, Finding, Notice, ignore_notice

FIXABLE_RULES = ("TM001", "TM002")
FIXABLE_FORMATS = ("markdown", "mdx", "text", "html", "jsx")
# In a TSX/JSX page the words sit inside code (a JSX text, a quoted prop, a JavaScript string): new words
# holding one of these would need escaping there, so such a fix is left for a person (the others are made).
_CODE_SENSITIVE = re.compile(r"[\\'\"`{}<>$]")
_ARTICLE = re.compile(r"(?<![\w'’-])([Aa])(n?)([ \t\u00a0]+)$")


@dataclass(frozen=True)
class FixResult:
    path: str
    applied: int


@dataclass(frozen=True)
class Replacement:
    """Put `text` where [start, end) still reads `expected`."""

    start: int
    end: int
    expected: str
    text: str


# --- what a hit should read -------------------------------------------------------

# The particles of a phrasal verb ("turn off", "log in", "set up"): a term of two or three words written
# with spaces whose last word is one of these is a verb, so its -s, -ing and -ed go on its first word.
PARTICLES = frozenset("""
off on up down out in into over back away through around about along ahead apart aside together
""".split())


def is_phrasal_verb(term: str) -> bool:
    """"turn off", "log in", "back up": a verb and a particle, in lower case and written with spaces (the
    hyphenated or closed "log-in", "backup" are nouns, and take the plural on their last word; a
    capitalised "Daily Stand Up" is a name)."""
    canon = tokenize(term)
    if term != term.lower() or not 2 <= len(canon) <= 3 or canon[-1].text.casefold() not in PARTICLES \
            or not canon[0].text.isalpha():
        return False
    return all(term[a.start + len(a.text):b.start] == " " for a, b in zip(canon, canon[1:], strict=False))


def variant_replacement(term: str, m: Match[Any], form: str, *, inflect: str = "noun",
                        variants: tuple[str, ...] = ()) -> str:
    """The canonical term for a variant match, inflected as the writer inflected the variant.

    A variant with the term's own words ("sign up" for "sign-up", "point in time recovery" for
    "Point-in-Time Recovery") keeps the written words, joined and cased the term's way ("sign ups" →
    "sign-ups"). Any other variant gives the term, in the plural when the writer used the plural, or
    with the -ing/-ed the writer put on its first or last word (verb terms only). A phrasal verb
    ("turn off") takes the ending on its verb: "disables" → "turns off", never "turn offs"; so does a
    listed variant that is another listed variant inflected ("disabled" beside "disable" → "turned off").
    """
    labels = m.labels or ("",) * len(m.tokens)
    canon = tokenize(term)
    if not canon:
        return term
    bases = [word_forms(t.text)[0][0] for t in canon]
    read = [next((b for b, label in word_forms(t.text) if label == lab), "") for t, lab in zip(m.tokens, labels,
                                                                                           strict=True)]
    if read == bases:  # the term's own words, joined another way
        words = [_cased_like(m.text[t.start - m.start:t.end - m.start], ref.text) for t, ref in zip(m.tokens, canon,
                                                                                                    strict=True)]
        return _rebuild(term, canon, words)
    words = [t.text for t in canon]
    if is_phrasal_verb(term):
        ending = next((lab for lab in (labels[-1], labels[0]) if lab), "") or _listed_inflection(form, variants)
        if ending:
            head = _inflected(words[0], ending)
            if head is None:
                return term  # an irregular verb whose -ed form cannot be told (went or gone): the term as written
            words[0] = head
        return _rebuild(term, canon, words)
    if labels[-1] == "s" and inflect in ("noun", "both"):
        return pluralize(term)
    if labels[0] in ("s", "ing", "ed") and inflect in ("verb", "both"):
        words[0] = _inflected(words[0], labels[0]) or words[0]
    elif labels[-1] in ("s", "ing", "ed") and inflect in ("verb", "both"):
        words[-1] = _inflected(words[-1], labels[-1]) or words[-1]
    return _rebuild(term, canon, words)


def _listed_inflection(form: str, variants: tuple[str, ...]) -> str:
    """The ending a one-word variant carries when the glossary also lists it bare: "disabled" beside
    "disable" is -ed, "disables" -s; '' for any other variant."""
    if " " in form.strip() or not variants:
        return ""
    listed = {v.casefold() for v in variants if v.casefold() != form.casefold()}
    return next((label for base, label in word_forms(form) if label and base in listed), "")


def _rebuild(term: str, canon: list[Token], words: list[str], *, edges: bool = True) -> str:
    """The term with its words replaced, every separator (and, with `edges`, what comes before its first
    word and after its last: ".NET", "C++") as the term writes it."""
    out, at = [], canon[0].start if not edges else 0
    for tok, word in zip(canon, words, strict=True):
        out += [term[at:tok.start], word]
        at = tok.start + len(tok.text)
    return "".join(out) + (term[at:] if edges else "")


def joined_like(fixed: str, m: Match[Any], term: str) -> str:
    """A casing fix with the term's separators when the text joined the words another way
    ("spend-caps" → "Spend Caps" for the term "Spend Cap", not "Spend-Caps")."""
    canon = tokenize(term)
    if m.same_gaps or len(canon) != len(m.tokens) or len(canon) < 2:
        return fixed
    words = [fixed[t.start - m.start:t.end - m.start] for t in m.tokens]
    lead, trail = fixed[:m.tokens[0].start - m.start], fixed[m.tokens[-1].end - m.start:]
    return lead + _rebuild(term, canon, words, edges=False) + trail


def shouted_like(fixed: str, written: str, form: str) -> str:
    """A fix in capitals when the writer set a lower-case variant in capitals ("STREAMS" → "CHANNELS")."""
    letters = [c for c in written if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters) and not form.isupper():
        return fixed.upper()
    return fixed


def _cased_like(written: str, ref: str) -> str:
    """The written word with the reference word's casing on every letter the two share."""
    out = list(written)
    for k in range(min(len(written), len(ref))):
        if written[k].lower() != ref[k].lower():
            break
        out[k] = ref[k]
    return "".join(out)


# Irregular verbs whose past tense and past participle are one word ("set up", "held off"). The others
# ("go": went, gone) cannot be told from an -ed reading, so `_inflected` gives None for them.
_IRREGULAR_PAST = {
    "set": "set", "put": "put", "cut": "cut", "shut": "shut", "let": "let", "hit": "hit", "spread": "spread",
    "hold": "held", "keep": "kept", "bring": "brought", "build": "built", "send": "sent", "find": "found",
    "leave": "left", "lead": "led", "pay": "paid", "say": "said", "sell": "sold", "tell": "told",
    "think": "thought", "stand": "stood", "sit": "sat", "spin": "spun", "wind": "wound", "lay": "laid",
    "make": "made", "buy": "bought", "feel": "felt", "meet": "met", "spend": "spent", "lose": "lost",
    "light": "lit", "read": "read", "hang": "hung", "stick": "stuck", "dig": "dug", "sign": "signed",
}
_IRREGULAR_UNKNOWN = frozenset("""
go come take give run break write draw throw see show grow know begin blow fall drive ride rise shake
speak steal swear tear wake wear do be get
""".split())


def _inflected(word: str, label: str) -> str | None:
    """A regular -s, -ing or -ed form of a verb ("log" → "logging", "share" → "shared", "go" → "goes"),
    the past of a few irregular ones ("set" → "set", "hold" → "held"); None for an -ed form that
    cannot be told ("go": went or gone)."""
    lower = word.lower()
    if label == "s":
        if lower in ("go", "do") or (lower.endswith("o") and len(lower) > 2 and lower[-2] not in "aeiou"):
            return word + ("ES" if word.isupper() else "es")
        return pluralize(word)
    if label == "ed" and lower in _IRREGULAR_PAST:
        past = _IRREGULAR_PAST[lower]
        return past.upper() if word.isupper() else (past.capitalize() if word[:1].isupper() else past)
    if label == "ed" and lower in _IRREGULAR_UNKNOWN:
        return None
    short_cvc = (len(lower) <= 4 and len(lower) >= 3 and lower[-1] not in "aeiouwxy" and lower[-2] in "aeiou"
                 and lower[-3] not in "aeiou")
    if label == "ing":
        if lower.endswith("e") and not lower.endswith(("ee", "ye", "oe")):
            return word[:-1] + "ing"
        return word + (word[-1] if short_cvc else "") + "ing"
    if lower.endswith("e"):
        return word + "d"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ied"
    return word + (word[-1] if short_cvc else "") + "ed"


def has_own_casing(term: str) -> bool:
    """A lower-case term that keeps its casing even at a sentence start: "iPhone", "eBay", "npm".

    Only its first word counts: "a URL" or "sign in with Google" opens a sentence as "A URL", "Sign in ..."."""
    letters = [c for c in term if c.isalpha()]
    if not letters or not letters[0].islower():
        return False
    first_word = tokenize(term)[0].text
    return any(c.isupper() for c in first_word) or not any(c in "aeiouy" for c in first_word.lower())


def capitalise(fixed: str, term: str) -> str:
    """The fix opening a sentence: its first letter capital, unless the term has its own casing."""
    if not fixed[:1].islower() or has_own_casing(term):
        return fixed
    return fixed[:1].upper() + fixed[1:]


# Words a name may open with that English writes in lower case mid-sentence ("visit the Foo Center" for
# the term "The Foo Center"): articles and possessive determiners. Their casing is the sentence's, not
# the name's, so it is never a casing error and a fix leaves it as written.
LEADING_FUNCTION_WORDS = frozenset(("the", "a", "an", "our", "your", "my", "their", "its", "his", "her"))


def leading_function_word(term: str) -> str:
    """The article or determiner a name of several words opens with ("The" in "The Foo Center"), or ''.

    Only a word followed by a space counts: "A/B Testing" opens with no article."""
    canon = tokenize(term)
    if len(canon) < 2 or canon[0].text.casefold() not in LEADING_FUNCTION_WORDS:
        return ""
    if term[canon[0].start + len(canon[0].text):canon[1].start] != " ":
        return ""
    return canon[0].text


def recase(m: Match[Any], term: str, at_sentence_start: bool) -> str:
    """The matched text with the term's casing on every letter the term shares (a leading article or
    determiner of the term keeps the writer's casing: "the Foo Center" is "The Foo Center" mid-sentence)."""
    canon = tokenize(term)
    out = list(m.text)
    skip = 1 if leading_function_word(term) else 0
    for tok, ref in list(zip(m.tokens, canon, strict=False))[skip:]:  # a surplus token keeps its case
        for k in range(min(len(tok.text), len(ref.text))):
            a, b = tok.text[k], ref.text[k]
            if a.lower() != b.lower():
                break  # inflection differs from here on ('y' → 'ies')
            out[tok.start - m.start + k] = b
    fixed = "".join(out)
    if at_sentence_start and m.text[:1].isupper():
        fixed = capitalise(fixed, term)  # 'Play the…' opens a sentence
    return fixed


_QUOTE_PAIRS = {"“": "”", "«": "»", "„": "“"}


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside double quotation marks: “curly”, «guillemets», „low-high“ and "straight" ones.

    Straight quotes pair in order; an opening mark never closed runs to the end of the text (a
    quotation over several paragraphs leaves its first ones open). Single quotes are apostrophes too
    often to count.
    """
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        close = _QUOTE_PAIRS.get(ch, '"' if ch == '"' else None)
        if close is None:
            i += 1
            continue
        j = text.find(close, i + 1)
        end = n if j < 0 else j
        spans.append((i + 1, end))
        i = end + 1
    return spans


def sentence_starts(text: str) -> frozenset[int]:
    """Offsets where a sentence starts, so 'Play' may open a sentence for the term 'play' (also after the
    opening quote mark or bracket of a block that starts with one: '"Signup was easy," she said')."""
    def past_openers(j: int) -> int:
        while j < len(text) and text[j] in " \t\"'“‘”’()[]\n":
            j += 1
        return j

    starts = {0, past_openers(0)}
    for i, ch in enumerate(text):
        if ch in ".!?:•\n" and i + 1 < len(text):
            starts.add(past_openers(i + 1))
    return frozenset(starts)


def is_shouting(text: str) -> bool:
    """All-caps text (a slide title in capitals) is a design choice, not a casing error."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters) and " " in text.strip()


# --- applying replacements ----------------------------------------------------------

_AN_STARTS = ("hour", "honest", "honor", "honour", "heir")
_A_STARTS = ("unique", "unit", "univers", "unif", "union", "unison", "unix", "usab", "use", "usual", "usu", "utili",
             "utopi", "ura", "ure", "uri", "euro", "eu", "ewe", "one", "once", "ubiq", "ukulele")


def indefinite_article(phrase: str) -> str:
    """'a' or 'an' for the phrase, by the sound of its first word: "an Account Plan", "a user", "an hour",
    "an SDK", "a CRM", "an 8-step plan"."""
    m = re.search(r"[^\W_]+", phrase)
    if m is None:
        return "a"
    word = m.group()
    if word[0].isdigit():
        return "an" if re.match(r"8|1[18](?!\d)", word) else "a"
    if word.isupper() and (len(word) == 1 or len(word) <= 5):  # an acronym, read letter by letter
        return "an" if word[0] in "AEFHILMNORSX" else "a"
    lower = word.lower()
    if lower.startswith(_AN_STARTS):
        return "an"
    if lower.startswith(_A_STARTS):
        return "a"
    return "an" if lower[0] in "aeiou" else "a"


def with_article(text: str, r: Replacement, floor: int = 0) -> Replacement:
    """The replacement, widened to the "a"/"an" right before it when the new words need the other one.

    Only an article adjacent to the span (spaces between, no markup) changes, and only when it agreed
    with the old words: "a customer plan" → "an Account Plan", "an end user" → "a user"; a writer's
    "an historic" stays theirs. `floor` is where the text before may no longer change.
    """
    if r.text == r.expected:
        return r
    m = _ARTICLE.search(text, max(floor, r.start - 12), r.start)
    if m is None or m.start() < floor:
        return r
    article = (m.group(1) + m.group(2)).lower()
    new = indefinite_article(r.text)
    if indefinite_article(r.expected) != article or new == article:
        return r
    start = m.start()
    return Replacement(start, r.end, text[start:r.end], m.group(1) + ("n" if new == "an" else "") + m.group(3) + r.text)


def apply_replacements(text: str, replacements: Iterable[Replacement], *,
                       articles: bool = False) -> tuple[str, int]:
    """The text with each replacement made, and how many were.

    Last first, so earlier offsets hold; a replacement that overlaps one already
    made, or whose span no longer reads what was matched (an entity decoded to
    other characters), is skipped. With `articles`, an "a"/"an" right before a
    changed span agrees with the new text (`with_article`): "a territory doc"
    becomes "an Account Plan", not "a Account Plan". `check --fix` does the same
    through `plan_fixes`.
    """
    chosen = choose_replacements(text, replacements)
    if articles:
        chosen = _with_articles(text, chosen)
    return "".join(_pieces(text, chosen, [r.text for r in chosen])), len(chosen)


def _with_articles(text: str, chosen: list[Replacement]) -> list[Replacement]:
    out: list[Replacement] = []
    for r in chosen:
        out.append(with_article(text, r, out[-1].end if out else 0))
    return out


Shape = Callable[[str, str], object]
"""(format, text) → what the text parses to: `check --fix` skips a file whose fix would change it."""


class _Skip(Exception):
    """A file `check --fix` leaves alone, and why (told through the notice)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class FilePlan:
    """What `check --fix` would write into one file: the replacements (articles included) and the new text."""

    doc: Document
    replacements: tuple[Replacement, ...]
    old_text: str
    new_text: str

    @property
    def path(self) -> str:
        return self.doc.display_path


def plan_fixes(docs: Iterable[Document], findings: Iterable[Finding], notice: Notice = ignore_notice, *,
               shape: Shape | None = None) -> list[FilePlan]:
    """The edits `check --fix` would make, file by file, without writing anything (`--diff` shows these).

    Each fixable finding (TM001, TM002 with a suggestion and a source span) becomes a replacement;
    an adjacent "a"/"an" is made to agree with the new words. A file whose fixed text would parse into
    other blocks (with `shape`) is left out, with a notice.
    """
    by_path: dict[str, list[Replacement]] = {}
    for f in findings:
        if f.rule in FIXABLE_RULES and f.fix_span is not None and f.suggestion is not None and f.excerpt is not None:
            by_path.setdefault(f.path, []).append(Replacement(*f.fix_span, f.excerpt, f.suggestion))
    plans = []
    for doc in docs:
        fixes = by_path.get(doc.display_path)
        if not fixes or doc.format not in FIXABLE_FORMATS or doc.source is None:
            continue
        text = doc.source.text
        chosen = _with_articles(text, choose_replacements(text, fixes))
        if not chosen:
            continue
        if doc.format == "jsx" or doc.code_strings:
            risky = [r for r in chosen if _CODE_SENSITIVE.search(r.text)
                     and (doc.format == "jsx" or _in_code(doc.code_strings, r))]
            for r in risky:
                notice(f"did not fix '{text[r.start:r.end]}' in {doc.display_path}: the new words \"{r.text}\" hold "
                       "a quote mark, brace, angle bracket or backslash, which would need escaping in the page's "
                       "code; fix it by hand (the file's other fixes are made)")
            chosen = [r for r in chosen if r not in risky]
            if not chosen:
                continue
        new_text = "".join(_pieces(text, chosen, [r.text for r in chosen]))
        if shape is not None and shape(doc.format, new_text) != shape(doc.format, text):
            notice(f"did not fix {doc.display_path}: the new words would change how the file parses (its blocks "
                   "would differ); fix it by hand")
            continue
        plans.append(FilePlan(doc, tuple(chosen), text, new_text))
    return plans


def _in_code(ranges: tuple[tuple[int, int], ...], replacement: Replacement) -> bool:
    """The replacement touches words read from inside code (an MDX page's JSX string)."""
    return any(start < replacement.end and replacement.start < end for start, end in ranges)


def apply_fixes(docs: Iterable[Document], findings: Iterable[Finding],
                notice: Notice = ignore_notice, *, shape: Shape | None = None) -> list[FixResult]:
    """`check --fix`: write each fixable finding's suggestion into its file; `notice` hears of files left alone.

    A file is rewritten only if it is still byte for byte what was read (size, mtime
    and content hash), is a regular, writable file with one name (not a symbolic
    link, not read-only, not hard-linked), every new word can be written in its
    encoding, and (with `shape`, e.g. `ingest.shape.block_shape`) the fixed text
    parses into the same blocks. Only the bytes of the matched words (and an
    adjacent article) change: the rest of the file is copied from the bytes on
    disk, never re-encoded. Any other file is left as it is, with a notice; one
    file's problem never stops the others.
    """
    results = []
    for plan in plan_fixes(docs, findings, notice, shape=shape):
        try:
            _fix_file(plan.doc, plan.old_text, list(plan.replacements))
        except _Skip as skip:
            notice(f"did not fix {plan.path}: {skip.reason}")
            continue
        results.append(FixResult(plan.path, len(plan.replacements)))
    return results


def choose_replacements(text: str, replacements: Iterable[Replacement]) -> list[Replacement]:
    """The replacements `apply_replacements` (without articles) would make, in text order."""
    chosen: list[Replacement] = []
    last_start = len(text) + 1
    for r in sorted(replacements, key=lambda r: (r.start, r.end), reverse=True):
        written = text[r.start:r.end]
        if r.end > last_start or not still_reads(written, r.expected):
            continue
        chosen.append(r if written == r.expected else Replacement(r.start, r.end, written, r.text))
        last_start = r.start
    return chosen[::-1]


_SPACES = re.compile(r"\s+")


def still_reads(source: str, expected: str) -> bool:
    """The source span reads the matched words: as written, or with a line break (and the next line's
    indent) where the block read a space, as in a paragraph wrapped inside a term ("go to" / "market")."""
    if source == expected:
        return True
    return "\n" in source and _SPACES.sub(" ", source) == _SPACES.sub(" ", expected)


def _fix_file(doc: Document, text: str, chosen: list[Replacement]) -> None:
    path = doc.path
    try:
        st = os.lstat(path)
    except OSError as exc:
        raise _Skip(f"cannot look at the file: {exc.strerror or exc}") from None
    if stat.S_ISLNK(st.st_mode) or isinstance(path, VettedLink):
        raise _Skip("it is a symbolic link; fix the file it points to instead")
    if not stat.S_ISREG(st.st_mode):
        raise _Skip("it is no longer a regular file")
    if not st.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        raise _Skip("it is read-only")
    if st.st_nlink > 1:
        raise _Skip(f"it has {st.st_nlink} hard links, and replacing it would separate them")
    original = _unchanged_bytes(doc, text)
    data = fixed_bytes(doc, original, text, chosen)

    def still_as_read() -> None:
        _unchanged_bytes(doc, text)

    try:
        write_replacing(path, data, mode=stat.S_IMODE(st.st_mode), check=still_as_read)
    except Refused as exc:
        raise _Skip(exc.reason) from None
    except OSError as exc:
        raise _Skip(f"could not write it ({exc.strerror or exc}); it is unchanged") from None


def _unchanged_bytes(doc: Document, text: str) -> bytes:
    """The file's bytes now, if they are still the ones `text` was read from; else `_Skip`."""
    changed = _Skip("it changed on disk after msgalign read it; run `check --fix` again")
    try:
        if doc.stamp is not None:
            data = still_unchanged(doc.path, doc.stamp)
            if data is None:
                raise changed
            return data
        data, _ = read_stamped(doc.path, 4 * len(text) + 4)
    except Refused as exc:
        raise _Skip(exc.reason) from None
    except OSError as exc:
        raise _Skip(f"cannot read it again: {exc.strerror or exc}") from None
    codec, bom = _codec(doc, data)
    try:
        if data[len(bom):].decode(codec) != text:
            raise changed
    except UnicodeDecodeError:
        raise changed from None
    return data


_BOM_CODECS = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _codec(doc: Document, data: bytes) -> tuple[str, bytes]:
    """The codec of the text after the byte-order mark, and the mark exactly as the file has it."""
    if doc.had_bom:
        for bom, codec in _BOM_CODECS:
            if data.startswith(bom):
                return codec, bom
    return doc.encoding or "utf-8", b""


def fixed_bytes(doc: Document, original: bytes, text: str, chosen: list[Replacement]) -> bytes:
    """`original` with the bytes of each chosen span replaced by its new words, every other byte kept.

    The offsets of the spans are found by encoding the text between them and checked
    by decoding the original bytes back: an encoding that does not map the text one to
    one (cp932's NEC and IBM duplicates, a stateful encoding) can never shift or
    rewrite a byte outside the matched words; at worst the file is skipped. HTML
    writes a character its encoding lacks as a character reference, as a browser
    reads it the same; other formats skip the file.
    """
    codec, bom = _codec(doc, original)
    body = original[len(bom):]
    errors = "xmlcharrefreplace" if doc.format == "html" else "strict"
    try:
        new_words = [r.text.encode(codec, errors=errors) for r in chosen]
    except UnicodeEncodeError as exc:
        raise _Skip(f"{exc.object[exc.start:exc.end]!r} in {exc.object!r} cannot be written in "
                    f"its encoding ({codec})") from None
    out = [bom]
    at_char = at_byte = 0
    try:
        for r, new in zip(chosen, new_words, strict=True):
            start = at_byte + len(text[at_char:r.start].encode(codec))
            end = start + len(r.expected.encode(codec))
            same = body[at_byte:start].decode(codec) == text[at_char:r.start]
            if not same or body[start:end].decode(codec) != r.expected:
                raise _Skip(f"its encoding ({codec}) does not map the text one to one here, so the words "
                            "cannot be replaced without touching other bytes")
            out += [body[at_byte:start], new]
            at_char, at_byte = r.end, end
        if body[at_byte:].decode(codec) != text[at_char:]:
            raise _Skip(f"its encoding ({codec}) does not map the text one to one")
        data = b"".join(out) + body[at_byte:]
        expected = "".join(_pieces(text, chosen, [w.decode(codec) for w in new_words]))
        if data[len(bom):].decode(codec) != expected:
            raise _Skip(f"its encoding ({codec}) does not map the fixed text one to one")
    except (UnicodeError, LookupError):
        raise _Skip(f"its encoding ({codec}) does not map the text one to one") from None
    return data


def _pieces(text: str, chosen: list[Replacement], words: list[str]) -> Iterator[str]:
    at = 0
    for r, word in zip(chosen, words, strict=True):
        yield text[at:r.start]
        yield word
        at = r.end
    yield text[at:]
