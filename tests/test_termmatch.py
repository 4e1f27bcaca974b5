"""The term matcher: inflections, boundaries, longest match, protected spans."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from msgalign.glossary.index import TermIndex
from msgalign.glossary.types import AvoidPhrase, Glossary, Term
from msgalign.text.match import FormMatcher, inflection_key, pluralize
from msgalign.text.spans import between, excerpt, overlaps

GLOSSARY = Glossary(
    terms=(
        Term("Revenue Workspace", variants=("revenue hub", "workspace")),
        Term("HubSpot"),
        Term("play", variants=("motion",)),
        Term("Health Score", variants=("health index",), case="any"),
    ),
    avoid=(AvoidPhrase("best-in-class"), AvoidPhrase("leverage")),
)
INDEX = TermIndex(GLOSSARY)


def hits(text: str) -> list[tuple[str, str, str | None]]:
    return [(h.kind, h.text, h.suggestion) for h in INDEX.scan(text)]


@pytest.mark.parametrize(("a", "b"), [
    ("hub", "hubs"), ("hub", "hub's"), ("hub", "Hub’s"), ("company", "companies"), ("leverage", "leveraging"),
    ("leverage", "leveraged"), ("map", "mapping"), ("box", "boxes"), ("sync", "synced"),
])
def test_inflections_share_a_key(a: str, b: str) -> None:
    assert inflection_key(a) == inflection_key(b)


@pytest.mark.parametrize(("a", "b"), [("organ", "organization"), ("class", "clas"), ("play", "display"), ("us", "u")])
def test_different_words_keep_different_keys(a: str, b: str) -> None:
    assert inflection_key(a) != inflection_key(b)


def test_plural_and_possessive_variants_with_fixes() -> None:
    assert hits("Open the revenue hubs.") == [("variant", "revenue hubs", "Revenue Workspaces")]
    assert hits("The Revenue Hub's plan.") == [("variant", "Revenue Hub", "Revenue Workspace")]


def test_longer_term_wins_over_the_variant_inside_it() -> None:
    assert hits("The Revenue Workspace is shared.") == []
    assert hits("Use the workspace.") == [("variant", "workspace", "Revenue Workspace")]


def test_never_inside_a_longer_word_or_compound() -> None:
    assert hits("Our display and motions-of-record and e-workspace.") == [] or all(
        h[1] not in ("display",) for h in hits("Our display."))
    assert hits("A displayed playbook.") == []
    assert hits("the revenue-hub-like thing") == []


@pytest.mark.parametrize("text", [
    "see https://example.com/revenue-hub/workspace",
    "mail revenue.hub@example.com today",
    "run `revenue hub` now",
    "visit www.revenue-hub.io",
    "follow #revenuehub and @workspace",
])
def test_never_inside_urls_emails_or_code(text: str) -> None:
    assert hits(text) == []


def test_phrases_do_not_cross_sentence_punctuation() -> None:
    assert hits("We grew revenue. Hub teams agree.") == []


def test_casing_rules() -> None:
    assert hits("Sync from Hubspot.") == [("casing", "Hubspot", "HubSpot")]
    assert hits("Play the motion.") == [("variant", "motion", "play")]  # sentence start may capitalise
    assert hits("Run the Play.") == [("casing", "Play", "play")]
    assert hits("OPEN THE REVENUE WORKSPACE") == []  # all-caps title
    assert hits("check the HEALTH SCORE and health score") == []  # case: any


def test_avoided_phrases_match_spaced_and_inflected_forms() -> None:
    assert [h[1] for h in hits("best in class, best-in-class, leveraging")] == [
        "best in class", "best-in-class", "leveraging"]


def test_fix_text_keeps_everything_else() -> None:
    assert INDEX.fix_text("Open the revenue hubs, then Hubspot.") == "Open the Revenue Workspaces, then HubSpot."


@pytest.mark.parametrize(("term", "plural"), [("Account Plan", "Account Plans"), ("Policy", "Policies"),
                                               ("Box", "Boxes"), ("Day", "Days"), ("CRM", "CRMS")])
def test_pluralize(term: str, plural: str) -> None:
    assert pluralize(term) == plural


WORDS = st.sampled_from(["revenue", "hub", "hubs", "the", "workspace", "play", "display", "Hubspot",
                         "leverage", "best", "in", "class", "-", ",", ".", "https://x.io/hub", "`hub`", "\n"])


@given(st.lists(WORDS, max_size=30))
def test_matches_are_exact_non_overlapping_spans(words: list[str]) -> None:
    text = " ".join(words)
    found = INDEX.scan(text)
    last_end = -1
    for h in found:
        assert text[h.start:h.end] == h.text
        assert h.start >= last_end
        last_end = h.end
        before = text[h.start - 1] if h.start else " "
        after = text[h.end] if h.end < len(text) else " "
        assert not before.isalnum() and not after.isalnum()


@given(st.text(max_size=200))
def test_matcher_never_fails_on_any_text(text: str) -> None:
    matcher: FormMatcher[str] = FormMatcher()
    matcher.add("revenue hub", "x")
    for m in matcher.find(text):
        assert text[m.start:m.end] == m.text


def test_span_helpers() -> None:
    assert overlaps([(0, 4), (10, 12)], 3, 5) and not overlaps([(0, 4)], 4, 6)  # touching is not overlapping
    assert between("a, b; c", re.compile(r"[,;]\s")) == [(0, 1), (3, 4), (6, 7)]
    assert excerpt("  one\n two  ", 20) == "one two" and excerpt("abcdef ghij", 8) == "abcdef…"
