"""The pain or practice a sentence is about, as a short phrase in the story's own words.

Discovery questions and writer prompts are a fixed stem around such a
phrase ("Ask: how does your team handle <phrase> today?"), so they carry no
fact the story does not. Numbers are dropped from the phrase: a question to a
prospect must not presume the customer's figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from msgalign.nlp.pipeline import spacy_texts

MAX_PHRASE_TOKENS = 8
_POSSESSIVES = {"its", "their", "our", "his", "her", "my"}
_WHO = {"marketing", "sales", "customer", "success", "revops", "team", "teams", "company", "they", "we", "it",
        "he", "she", "i", "you", "cro", "vp", "ceo", "head", "lead", "nobody", "everyone", "which", "who", "that",
        "employees", "employee", "people", "person", "reps", "rep", "staff", "customers", "users", "members",
        "board", "leadership", "executives"}
# Phrases headed by these say when, not what.
_WHEN = {"afternoon", "morning", "evening", "day", "days", "week", "weeks", "month", "months", "quarter",
         "quarters", "year", "years", "hour", "hours", "minute", "minutes", "today", "time"}


def _clean(tokens: Sequence[Any]) -> str:
    words: list[str] = []
    for tok in tokens:
        if tok.like_num or tok.is_punct and tok.text not in ("-", "&"):
            continue
        if tok.ent_type_ in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY") and not tok.is_alpha:
            continue
        text = tok.text
        if not words and text.lower() in _POSSESSIVES:
            text = "your"
        elif not words and text.lower() in ("a", "an", "every", "each", "some", "any"):
            continue
        elif not words and tok.pos_ != "PROPN" and text[:1].isupper() and text[1:].islower():
            text = text.lower()  # "The weekly Forecast Call" goes mid-sentence
        words.append(text)
    while words and words[-1].lower() in ("of", "the", "a", "an", "to", "in", "for", "with", "and", "your"):
        words.pop()
    phrase = " ".join(words).replace(" - ", "-").replace(" 's", "'s")
    return phrase


def _is_who(head: Any, tokens: Sequence[Any], avoid: set[str]) -> bool:
    """A phrase that names who did something (a team, a person, the customer) is no pain point."""
    text = " ".join(t.text for t in tokens).lower()
    if any(name in text for name in avoid):
        return True
    if head.lower_ in _WHO or head.pos_ == "PRON":
        return True
    if head.lower_ in _WHEN and len(tokens) <= 3:
        return True
    if head.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"):
        return True  # "a single afternoon" says when, not what
    return head.pos_ == "PROPN" and all(t.pos_ in ("PROPN", "DET", "PUNCT", "CCONJ") for t in tokens)


def _subtree(token: Any, limit: int = MAX_PHRASE_TOKENS) -> list[Any] | None:
    """The token's phrase, without trailing clauses and prepositions when it is too long."""
    tokens = sorted(token.subtree, key=lambda t: t.i)
    cuttable = sorted((c for c in token.children if c.i > token.i and c.dep_ in
                       ("prep", "relcl", "advcl", "acl", "conj", "cc", "appos", "punct", "npadvmod", "advmod")),
                      key=lambda c: -c.i)
    for child in cuttable:
        subtree = list(child.subtree)
        # "from 30 days to 10 days" loses its sense without the numbers: drop it whole.
        if len(tokens) > limit or (child.dep_ == "prep" and any(t.like_num for t in subtree)):
            drop = {t.i for t in subtree}
            tokens = [t for t in tokens if t.i not in drop]
    return tokens if 0 < len(tokens) <= limit else None


def focus_phrase(doc: Any, avoid: set[str]) -> str:
    """The best short phrase for what a sentence says went wrong or was done."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return ""
    candidates: list[tuple[Any, list[Any]]] = []
    for child in root.children:
        if child.dep_ in ("nsubj", "nsubjpass") and (tokens := _subtree(child)):
            candidates.append((child, tokens))
    for tok in doc:  # a gerund clause: "reconciling 14 spreadsheets before the call"
        if tok.tag_ == "VBG" and tok.dep_ in ("csubj", "xcomp", "advcl", "pcomp", "acl", "ccomp") \
                and (tokens := _subtree(tok, 6)):
            candidates.append((tok, [t for t in tokens if t.i >= tok.i]))
    for child in root.children:
        if child.dep_ in ("dobj", "attr") and (tokens := _subtree(child)):
            candidates.append((child, tokens))
    chunks = sorted(doc.noun_chunks, key=lambda c: (-len(c), c.start))
    candidates += [(c.root, list(c)) for c in chunks if c.root.pos_ == "NOUN"]
    for head, tokens in candidates:
        if _is_who(head, tokens, avoid) or any(t.pos_ == "PRON" and t.dep_ != "poss" for t in tokens):
            continue  # "reconciling them" needs the sentence before it to mean anything
        phrase = _clean(tokens)
        content = [w for w in phrase.split() if w.lower() not in ("your", "the")]
        if not content or (len(content) == 1 and len(content[0]) <= 3) or phrase.lower() in _WHO:
            continue  # "your CS" says nothing a prospect could answer
        if any(c.isalpha() for c in phrase):
            return phrase
    return ""


def focus_phrases(texts: Iterable[str], nlp: Any, avoid: Iterable[str] = ()) -> list[str]:
    """One phrase per text ("" when none fits), from one batched spaCy pass."""
    names = {a.casefold() for a in avoid if a}
    return [focus_phrase(doc, names) for doc in nlp.pipe(spacy_texts(texts))]
