"""TM003's evidence, piece by piece (no model: the fixtures in tests/fixtures/rules/TM003.yml run it whole)."""

from __future__ import annotations

import pytest

from msgalign.analysis.semantic import GATES, PairEvidence, gloss, relation, score
from msgalign.text.match import form_keys


@pytest.mark.parametrize(("phrase", "term", "expected"), [
    ("universal code search", "Code Search", "expansion"),
    ("account manager", "Technical Account Manager", "truncation"),
    ("private messages", "direct message", "swap"),
    ("code intelligence platform", "code AI platform", "swap"),
    ("recent topics", "Recent conversations", "swap"),
    ("Code Search", "code search", ""),              # the term itself
    ("code search results", "Code Search", ""),      # the term as a modifier: about the term, not a name for it
    ("technical manager", "Technical Account Manager", "truncation"),
    ("account", "Technical Account Manager", ""),    # one word of a longer term is not a name for it
    ("streams", "channel", ""),                      # no structure shared: other evidence must carry it
    ("weekly deal inspection", "Pipeline Review", ""),
])
def test_relation(phrase: str, term: str, expected: str) -> None:
    assert relation(form_keys(phrase), form_keys(term)) == expected


@pytest.mark.parametrize(("sentence", "phrase", "expected"), [
    ("Bring it to the deal huddle, the weekly meeting where leaders inspect deals.", "deal huddle",
     "the weekly meeting where leaders inspect deals."),
    ("Close each job with a job sheet: the work performed, parts and a signature.", "job sheet",
     "the work performed, parts and a signature."),
    ("We met in the deal huddle and then went home.", "deal huddle", ""),   # no gloss
    ("Open the deal huddle, then.", "deal huddle", ""),                     # too short to be a gloss
])
def test_gloss(sentence: str, phrase: str, expected: str) -> None:
    assert gloss(sentence, sentence.index(phrase) + len(phrase)) == expected


def _evidence(relation_: str, **values: float) -> PairEvidence:
    ev = PairEvidence(phrase="x y", keys=("x", "y"), term=0, relation=relation_, name=0.0, definition=0.0,
                      kind=0.0, context=0.0, margin=-1.0, occurrences=[])
    for key, value in values.items():
        setattr(ev, key, value)
    return ev


def test_score_needs_every_bar_of_one_kind_of_evidence() -> None:
    # A swap close to the term and in its contexts, closer than to any other term's: reported.
    strong = _evidence("swap", name=0.87, context=0.87, margin=0.08)
    assert score(strong) > 0.5 and strong.route == "swap"
    # The same phrase whose contexts are closer to another term's: not reported, however close its name.
    assert score(_evidence("swap", name=0.95, context=0.87, margin=-0.05)) < 0.5
    # Sharing no word with the term, one use in an on-topic sentence is no evidence at all.
    assert score(_evidence("", name=0.6, definition=0.7, kind=0.9, sentence=0.8, sentence_margin=0.3)) < 0.5
    # ... but a gloss that restates the term's definition (and no other's) is.
    glossed = _evidence("", kind=0.35, gloss=0.9, gloss_margin=0.4)
    assert score(glossed) > 0.5 and glossed.route == "definition"


def test_every_gate_reads_a_known_feature() -> None:
    for rel in ("", "expansion", "truncation", "swap"):
        score(_evidence(rel))  # raises KeyError on a feature the scorer does not compute
    features = {f for bars in GATES.values() for f, _ in bars}
    assert features <= {"uses", "name", "kind", "context", "margin", "meaning", "sentence", "sentence_margin",
                        "gloss", "gloss_margin"}
