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


# --- variants that differ from the term only by hyphens, spaces or punctuation --------------------------

SEPARATED = TermIndex(Glossary(terms=(
    Term("go-to-market", variants=("go to market",)),
    Term("sign-up", variants=("sign up",)),
    Term("log in", variants=("login",), inflect="verb"),
    Term("on-premises", variants=("on premises", "on-prem", "on-premise")),
    Term("self-hosted", variants=("self hosted",)),
    Term("Point-in-Time Recovery", variants=("point in time recovery",)),
    Term("Node.js", variants=("Node js", "NodeJS")),
    Term("iPhone", variants=("i-phone",)),
    Term("npm", variants=("node package manager",)),
)))


def separated(text: str) -> list[tuple[str, str, str | None]]:
    return [(h.kind, h.text, h.suggestion) for h in SEPARATED.scan(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Our go to market plan.", [("variant", "go to market", "go-to-market")]),
    ("Our go-to-market plan.", []),
    ("Our go\u2011to\u2011market plan.", []),          # non-breaking hyphens are hyphens
    ("Our go\u2013to\u2013market plan.", []),          # so are en dashes
    ("Please sign up today.", [("variant", "sign up", "sign-up")]),
    ("Two sign ups, one sign-up.", [("variant", "sign ups", "sign-ups")]),
    ("Your login page.", [("variant", "login", "log in")]),
    ("Logging in takes a second.", []),
    ("Run it on premises or on-prem, not on-premise.", [
        ("variant", "on premises", "on-premises"), ("variant", "on-prem", "on-premises"),
        ("variant", "on-premise", "on-premises")]),
    ("Run it on-premises.", []),
    ("A self hosted runner.", [("variant", "self hosted", "self-hosted")]),
    ("Enable point in time recovery.", [("variant", "point in time recovery", "Point-in-Time Recovery")]),
    ("Enable Point In Time Recovery.", [("variant", "Point In Time Recovery", "Point-in-Time Recovery")]),
    ("Enable point-in-time recovery.", [("casing", "point-in-time recovery", "Point-in-Time Recovery")]),
    ("Enable Point-in-Time Recovery.", []),
    ("Install Node js or NodeJS, then Node.js.", [
        ("variant", "Node js", "Node.js"), ("variant", "NodeJS", "Node.js")]),
    ("Install node.js first.", [("casing", "node.js", "Node.js")]),
])
def test_separator_variants_match_exactly_their_way(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert separated(text) == expected


def test_a_fix_is_never_a_finding_again() -> None:
    for text in ["Our go to market plan.", "Enable Point In Time Recovery.", "Install Node js.", "Two sign ups."]:
        fixed = SEPARATED.fix_text(text)
        assert fixed != text and SEPARATED.scan(fixed) == [], fixed


@pytest.mark.parametrize(("text", "fixed"), [
    ("Go to market in May.", "Go-to-market in May."),               # a sentence's first letter stays capital
    ("Sign up today. Sign ups doubled.", "Sign-up today. Sign-ups doubled."),
    ("I-phone owners. Node package manager installs it.", "iPhone owners. npm installs it."),  # own casing
    ("Npm installs it.", "npm installs it."),
    ("Plans: go to market.", "Plans: go-to-market."),
])
def test_fixes_keep_a_sentence_start_capital_unless_the_term_has_its_own_casing(text: str, fixed: str) -> None:
    assert SEPARATED.fix_text(text) == fixed


# --- code-like tokens and macros are never matched into -------------------------------------------------

CODE = TermIndex(Glossary(terms=(Term("Acme"), Term("Revenue Workspace", variants=("revenue hub",)),
                                 Term("Node.js"))))


@pytest.mark.parametrize("text", [
    "Call acme.reset() to start over.",
    "Call reset(acme) to start over.",
    "The acme.client.reset method.",
    "Edit acme.yaml or config/acme.toml.",
    "Open /opt/acme/bin first.",
    "Run ./acme or ~/acme/run.",
    "Set acme_client and revenue_hub.",
    "Use acmeClient in code.",
    "Pass --acme to the command.",
    "Read https://acme.example/revenue-hub and mail acme@example.com.",
    "Follow #acme and @acme.",
    "The {{ acme }} macro, {% revenue hub %} and {!acme!}.",
    "See docs/acme/revenue-hub/intro.md.",
])
def test_never_inside_code_like_tokens_or_macros(text: str) -> None:
    assert [h.text for h in CODE.scan(text)] == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Acme is great; acme is not.", ["acme"]),
    ("Use node.js, not Node.js.", ["node.js"]),            # the whole token is the term: not code
    ("The acme, the revenue hub.", ["acme", "revenue hub"]),
    ("Plans for each account(s) of acme.", ["acme"]),
])
def test_prose_around_code_is_still_checked(text: str, expected: list[str]) -> None:
    assert [h.text for h in CODE.scan(text)] == expected


@pytest.mark.parametrize(("text", "quoted"), [
    ('She said "the revenue hub works" today.', [True]),
    ("She said \u201cthe revenue hub works\u201d today.", [True]),
    ("She said \u00abthe revenue hub works\u00bb today.", [True]),
    ('"We love it," she said of the revenue hub.', [False]),
    ("\u201cThe revenue hub saved us a week", [True]),            # a quotation that goes on
    ("The revenue hub's plan, in 'quotes'.", [False]),            # single quotes are not quotations
])
def test_hits_inside_quotations_are_marked(text: str, quoted: list[bool]) -> None:
    hits = CODE.scan(text)
    assert [h.quoted for h in hits] == quoted
    assert all(h.replacement is None for h in hits if h.quoted)


def test_a_casing_fix_joins_the_words_the_terms_way() -> None:
    index = TermIndex(Glossary(terms=(Term("Spend Cap"), Term("Node.js"))))
    assert [(h.kind, h.text, h.suggestion) for h in index.scan("Set spend-caps and a spend cap; use node.js.")] == [
        ("casing", "spend-caps", "Spend Caps"), ("casing", "spend cap", "Spend Cap"), ("casing", "node.js", "Node.js")]


def test_a_variant_set_in_capitals_is_fixed_in_capitals() -> None:
    index = TermIndex(Glossary(terms=(Term("channel", variants=("stream",)), Term("Sourcegraph", variants=("SG",)))))
    assert [h.suggestion for h in index.scan("STREAMS")] == ["CHANNELS"]
    assert [h.suggestion for h in index.scan("Adoption of SG")] == ["Sourcegraph"]


def test_abbreviations_and_symbols_are_replaced_whole() -> None:
    index = TermIndex(Glossary(terms=(Term("C"), Term("for example", variants=("e.g.",)),
                                      Term("C++", variants=("cpp",)), Term(".NET", variants=("dotnet",)))))
    assert index.fix_text("Tools, e.g., a linter. Learn cpp and dotnet.") == \
        "Tools, for example, a linter. Learn C++ and .NET."
    assert index.fix_text("Some tools, e.g. Then more.") == "Some tools, for example. Then more."
    assert index.fix_text("Write C++ and .net code in C.") == "Write C++ and .NET code in C."


def test_a_leading_currency_sign_is_part_of_the_form() -> None:
    index = TermIndex(Glossary(terms=(Term("Acme Cloud", variants=("$0 plan",)),)))
    assert [(h.text, h.suggestion) for h in index.scan("Pick the $0 plan, not the €0 plan.")] == \
        [("$0 plan", "Acme Cloud")]
    assert index.fix_text("Pick the $0 plan today.") == "Pick the Acme Cloud today."
    matcher: FormMatcher[str] = FormMatcher()
    matcher.add("$0 migration", "offer")
    assert [m.text for m in matcher.find("Our $0 migration, a 0 migration and a £0 migration.")] == ["$0 migration"]


PIECES = st.sampled_from(["go", "to", "market", "go-to-market", "Node", "js", "Node.js", "NodeJS", "sign", "ups",
                          "Sign", "up", "on-prem", "premises", "on", "a", "an", "end", "user", "acme.reset()", '"',
                          "\u201c", "\u201d", "e.g.", "C++", ".", ",", "-", "\u2011", "\n", "STREAMS", "Logging", "in",
                          "{{", "}}", "src/x.md", "Revenue", "Workspace", "hub's"])
EVERYTHING = TermIndex(Glossary(
    terms=(*SEPARATED.glossary.terms, Term("user", variants=("end user",)), Term("C++"), Term("for example",
           variants=("e.g.",)), Term("channel", variants=("stream",)), Term("Acme")),
    avoid=(AvoidPhrase("leverage"),)))


@given(st.lists(PIECES, max_size=40), st.sampled_from([" ", "", "  "]))
def test_scan_and_fix_never_fail_and_stay_in_the_text(pieces: list[str], joiner: str) -> None:
    text = joiner.join(pieces)
    for h in EVERYTHING.scan(text):
        assert text[h.start:h.end] == h.text and h.start < h.end
        assert h.suggestion is None or h.suggestion.strip()
    fixed = EVERYTHING.fix_text(text)
    assert isinstance(fixed, str)


# --- a term that opens with an article or determiner ------------------------------------------------------

ARTICLED = TermIndex(Glossary(terms=(Term("The Harbor Studio", variants=("Harbour Studio", "the Harbour Hub")),
                                     Term("Our Pledge Desk"), Term("A/B Lab"))))


@pytest.mark.parametrize(("text", "expected"), [
    ("Book the Harbor Studio today.", []),                                   # the article is the sentence's
    ("The Harbor Studio opens at nine.", []),
    ("Members like The Harbor Studio.", []),                                 # a capital article is fine too
    ("Ask our Pledge Desk first.", []),
    ("Book the harbor studio today.", [("casing", "the harbor studio", "the Harbor Studio")]),
    ("The harbor studio opens.", [("casing", "The harbor studio", "The Harbor Studio")]),
    ("Run the a/b lab.", [("casing", "a/b lab", "A/B Lab")]),                # 'A' before '/' is no article
])
def test_a_leading_article_is_never_a_casing_error(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(h.kind, h.text, h.suggestion) for h in ARTICLED.scan(text)] == expected


@pytest.mark.parametrize(("text", "fixed"), [
    ("Book the Harbour Studio now.", "Book the Harbor Studio now."),        # no second article
    ("Book a Harbour Studio slot.", "Book a Harbor Studio slot."),
    ("Book Harbour Studio now.", "Book the Harbor Studio now."),            # mid-sentence: lower case
    ("Harbour Studio opens at nine.", "The Harbor Studio opens at nine."),  # a sentence start: capital
    ("Visit the Harbour Hub today.", "Visit the Harbor Studio today."),     # the variant's own article kept
    ("The Harbour Hub opens.", "The Harbor Studio opens."),
])
def test_a_fix_to_an_article_led_term_reads_as_english(text: str, fixed: str) -> None:
    assert ARTICLED.fix_text(text) == fixed
    assert ARTICLED.scan(fixed) == []


# --- dotted, domain-like glossary forms -------------------------------------------------------------------

DOMAINS = TermIndex(Glossary(terms=(Term("Harbor Cloud", variants=("Harbour.io", "help.harbor.io")), Term("Harbor"),
                                    Term("Socket.IO"))))


@pytest.mark.parametrize(("text", "expected"), [
    ("Sign up on Harbour.io today.", [("variant", "Harbour.io", "Harbor Cloud")]),
    ("Harbour.io's plans are new.", [("variant", "Harbour.io", "Harbor Cloud")]),
    ("Read help.harbor.io first.", [("variant", "help.harbor.io", "Harbor Cloud")]),  # listed in lower case
    ("We use Socket.io here.", [("casing", "Socket.io", "Socket.IO")]),
    ("Type harbour.io in the address bar.", []),           # a web address, not a misspelt name
    ("We use socket.io here.", []),
    ("Open Harbour.io/pricing now.", []),                  # a path on the domain
    ("See https://Harbour.io and mail sales@Harbour.io.", []),
    ("Open harbor.example.com now.", []),                  # 'Harbor' inside a domain is never the term
])
def test_a_dotted_form_matches_a_whole_domain_written_as_a_name(text: str,
                                                                expected: list[tuple[str, str, str]]) -> None:
    assert [(h.kind, h.text, h.suggestion) for h in DOMAINS.scan(text)] == expected


# --- phrasal verbs: the ending goes on the verb ----------------------------------------------------------

PHRASAL = TermIndex(Glossary(terms=(
    Term("turn off", variants=("disable", "disabled"), case="any", variant_case="exact"),
    Term("set up", variants=("configure",)), Term("go ahead", variants=("proceed",)),
    Term("add-on", variants=("plugin",)), Term("Daily Stand Up", variants=("scrum",)))))


@pytest.mark.parametrize(("text", "fixed"), [
    ("The switch disables the alarm.", "The switch turns off the alarm."),   # never "turn offs"
    ("The alarm is disabled at night.", "The alarm is turned off at night."),  # listed beside "disable"
    ("First disable the alarm.", "First turn off the alarm."),
    ("First disable it, then disable them.", "First turn it off, then turn them off."),  # the object in between
    ("She configures a plan.", "She sets up a plan."),
    ("Configure it today.", "Set it up today."),                               # a sentence start stays capital
    ("The page proceeds.", "The page goes ahead."),
    ("Two plugins ship today.", "Two add-ons ship today."),                    # a hyphenated noun: plural
    ("Two scrums a week.", "Two Daily Stand Ups a week."),                     # a capitalised name: plural
])
def test_a_phrasal_verb_fix_inflects_its_verb(text: str, fixed: str) -> None:
    assert PHRASAL.fix_text(text) == fixed
    assert PHRASAL.scan(fixed) == []


def test_a_phrasal_verb_message_names_the_whole_change() -> None:
    [hit] = PHRASAL.scan("Please disable it now.")
    assert (hit.text, hit.suggestion) == ("disable it", "turn it off")


# --- the adverb of an avoided word ------------------------------------------------------------------------

ADVERBS = TermIndex(Glossary(terms=(Term("Revenue Workspace", variants=("revenue hub",)), Term("quick start")),
                             avoid=(AvoidPhrase("seamless"), AvoidPhrase("easy"), AvoidPhrase("simple"),
                                    AvoidPhrase("comp"), AvoidPhrase("quite", inflect="none"),
                                    AvoidPhrase("truly powerful"))))


@pytest.mark.parametrize(("text", "expected"), [
    ("It scales seamlessly and easily.", ["seamlessly", "easily"]),
    ("Simply put, it is truly powerfully built.", ["Simply", "truly powerfully"]),
    ("We comply with comp plans.", ["comp"]),            # 'comply' is no adverb of 'comp'
    ("It is quitely done.", []),                         # inflect: none takes no ending
    ("Only early families apply.", []),
    ("Start quickly with the quick start.", []),         # a term never takes -ly
])
def test_an_avoided_word_is_found_as_its_adverb(text: str, expected: list[str]) -> None:
    assert [h.text for h in ADVERBS.scan(text) if h.kind == "avoid"] == expected


# Two old names of one product written side by side ("Acme Suite Pro Edition X2") are one name: one finding,
# and one replacement, never the new name twice.
SIDE_BY_SIDE = TermIndex(Glossary(terms=(
    Term("Beacon Scale", variants=("Beacon Suite Pro", "Pro X2", "X2")),
    Term("Beacon Start", variants=("X1",)),
)))


def test_two_variants_of_one_term_side_by_side_are_one_hit() -> None:
    found = [(h.kind, h.text, h.suggestion) for h in SIDE_BY_SIDE.scan("Ask for a Beacon Suite Pro X2 key today.")]
    assert found == [("variant", "Beacon Suite Pro X2", "Beacon Scale")]
    assert SIDE_BY_SIDE.fix_text("Ask for a Beacon Suite Pro X2 key today.") == "Ask for a Beacon Scale key today."


def test_variants_of_different_terms_or_set_apart_stay_two_hits() -> None:
    assert [h.text for h in SIDE_BY_SIDE.scan("Compare X1 X2 prices.")] == ["X1", "X2"]
    assert [h.text for h in SIDE_BY_SIDE.scan("We sold Beacon Suite Pro, X2 and more.")] == ["Beacon Suite Pro", "X2"]
    assert [h.text for h in SIDE_BY_SIDE.scan("Beacon Suite Pro. X2 came later.")] == ["Beacon Suite Pro", "X2"]


# Names listed with slashes ("Asana/Trello/Notion") are separate names; a path, "and/or", "CI/CD" and a
# lower-case pair ("plug-ins/extensions") stay one token.
SLASHED = TermIndex(Glossary(terms=(Term("FlowDesk", variants=("Flow Desk", "Flowdeck")), Term("HubSpot"),
                                    Term("CD", variants=("Cd",)), Term("extension", variants=("plug-in",)))))


@pytest.mark.parametrize(("text", "expected"), [
    ("We replace Trello/Flowdeck/Notion for most teams.", [("variant", "Flowdeck")]),
    ("Compared with Hubspot/Salesforce, setup is short.", [("casing", "Hubspot")]),
    ("Many teams move from Salesforce/Hubspot each year.", [("casing", "Hubspot")]),
    ("Teams leave Trello/Hubspot/Notion behind.", [("casing", "Hubspot")]),
])
def test_names_listed_with_slashes_are_each_read(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(h.kind, h.text) for h in SLASHED.scan(text)] == expected


@pytest.mark.parametrize("text", [
    "Open docs/hubspot/setup to start.", "Our CI/Cd runs nightly.", "Install each plug-in/theme by hand.",
    "See src/Flowdeck/main.py first.", "Edit Hubspot/config before the demo.",
    "Open C:/Users/Flowdeck/Setup to begin.", "Visit /Flowdeck/Setup now.",      # capitalised folders: a path
    "Read the notes under Guides/Hubspot/Setup.md today.",
])
def test_paths_and_joined_words_stay_one_token(text: str) -> None:
    assert SLASHED.scan(text) == []
