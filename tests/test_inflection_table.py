"""The inflection table: word pairs the glossary matcher must keep apart, and true inflections it must join.

Each row is (glossary entry, written word). The entry is a term, a variant or an avoid phrase with the
`inflect` it would have in a glossary (terms default to `noun`, avoid phrases to `both`). Many of the
"must not match" rows come from real imported styles: a swap `hers: their` used to flag "here", `quite`
flagged "quit", the term CORS turned every "core" into a casing error, and `indexes → indices` flagged
the singular "index".
"""

from __future__ import annotations

import pytest

from msgalign.glossary.index import TermIndex
from msgalign.glossary.types import AvoidPhrase, Glossary, Term


def entry(kind: str, form: str, inflect: str | None) -> Glossary:
    if kind == "term":
        return Glossary(terms=(Term(form, inflect=inflect or "noun"),))
    if kind == "variant":
        return Glossary(terms=(Term("Zzyzx Canon", variants=(form,), inflect=inflect or "noun"),))
    return Glossary(avoid=(AvoidPhrase(form, inflect=inflect or "both"),))


def matched(kind: str, form: str, inflect: str | None, written: str) -> list[str]:
    text = f"Then {written} again."
    return [text[start:end] for start, end, _, _ in TermIndex(entry(kind, form, inflect)).forms(text)]


# (kind, glossary form, inflect or None for the default, written word): must NOT match.
APART = [
    ("variant", "hers", None, "here"),
    ("avoid", "quite", None, "quit"),
    ("term", "CORS", None, "core"),
    ("variant", "indexes", None, "index"),
    ("avoid", "use", None, "user"),
    ("avoid", "sign", None, "signal"),
    ("term", "form", None, "format"),
    ("avoid", "new", None, "news"),
    ("term", "Canva", None, "canvas"),
    ("term", "Teams", None, "team"),
    ("term", "Windows", None, "window"),
    ("term", "Docs", None, "doc"),
    ("avoid", "even", None, "evening"),
    ("avoid", "see", None, "seed"),
    ("term", "fee", "both", "feed"),
    ("variant", "she", "both", "shed"),
    ("variant", "her", "both", "herring"),
    ("term", "market", None, "marketing"),
    ("term", "price", None, "pricing"),
    ("term", "organ", None, "organization"),
    ("term", "play", None, "display"),
    ("term", "hub", None, "hubble"),
    ("term", "art", None, "article"),
    ("term", "part", None, "party"),
    ("term", "port", None, "portal"),
    ("term", "plan", None, "planet"),
    ("term", "tab", None, "table"),
    ("term", "log", None, "logo"),
    ("term", "app", None, "apple"),
    ("term", "test", None, "testament"),
    ("term", "lead", None, "leader"),
    ("term", "deal", None, "dealer"),
    ("term", "access", None, "accessories"),
    ("term", "cost", None, "costume"),
    ("avoid", "it", None, "its"),
    ("avoid", "set", None, "settings"),
    ("term", "ship", None, "shipping"),
    ("term", "sync", "none", "synced"),
    ("avoid", "utilize", "none", "utilizes"),
]

# (kind, glossary form, inflect or None, written word): MUST match.
JOINED = [
    ("term", "hub", None, "hubs"),
    ("term", "hub", None, "hub's"),
    ("term", "hub", None, "hubs'"),
    ("term", "company", None, "companies"),
    ("term", "box", None, "boxes"),
    ("term", "index", None, "indexes"),
    ("term", "API", None, "APIs"),
    ("term", "CRM", None, "CRMs"),
    ("term", "match", None, "matches"),
    ("term", "revenue hub", None, "revenue hubs"),
    ("avoid", "leverage", None, "leveraging"),
    ("avoid", "leverage", None, "leveraged"),
    ("avoid", "utilize", None, "utilizes"),
    ("term", "map", "verb", "mapping"),
    ("term", "map", "verb", "mapped"),
    ("term", "sync", "verb", "synced"),
    ("term", "sync", "verb", "syncing"),
    ("term", "share", "verb", "sharing"),
    ("term", "share", "verb", "shared"),
    ("term", "log in", "verb", "logging in"),
    ("term", "sign up", "verb", "signed up"),
    ("term", "copy", "verb", "copied"),
    ("term", "embed", "verb", "embedding"),
    ("term", "go", "verb", "goes"),
    ("term", "fine-tune", "verb", "fine-tuning"),
    ("term", "market", "verb", "marketing"),
]


@pytest.mark.parametrize(("kind", "form", "inflect", "written"), APART)
def test_unrelated_words_never_meet(kind: str, form: str, inflect: str | None, written: str) -> None:
    assert matched(kind, form, inflect, written) == []


@pytest.mark.parametrize(("kind", "form", "inflect", "written"), JOINED)
def test_true_inflections_match(kind: str, form: str, inflect: str | None, written: str) -> None:
    assert matched(kind, form, inflect, written) == [written.rstrip("'").removesuffix("'s")]


def test_the_table_is_big_enough() -> None:
    assert len(APART) >= 30 and len(JOINED) >= 20


def test_an_exact_form_wins_over_an_inflection_of_another() -> None:
    """textlint's `indexes → indices`: the plural written is the variant, the singular is nobody's."""
    index = TermIndex(Glossary(terms=(Term("indices", variants=("indexes",)), Term("index"))))
    assert [(h.kind, h.text, h.suggestion) for h in index.scan("Rebuild the indexes and the index.")] == [
        ("variant", "indexes", "indices")]
