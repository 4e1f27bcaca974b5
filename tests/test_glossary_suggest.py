"""`msgalign glossary suggest`: candidate terms and variant clusters mined from a corpus.

A small three-team corpus is written with planted clusters (a clipped word, a
run-together brand, an acronym, a British/American spelling), planted casing
splits, planted look-alikes that must stay apart, and everyday phrases that
must not be suggested. Tests that parse or embed use the real spaCy pipeline
and sentence model (they are the product) and are marked `model`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from msgalign.authoring.suggest import (
    MERGE_DISTANCE,
    Candidate,
    Form,
    Occurrence,
    Suggestion,
    _scalar,
    casing_evidence,
    clipped,
    looks_like_term,
    spelling_groups,
    suggest_for_workspace,
)
from msgalign.glossary.load import load_glossary
from msgalign.text.match import form_keys
from msgalign.workspace.config import load_config

CORPUS = {
    "marketing/homepage.md": """# One workspace for every revenue team

Beacon gives marketing, sales and customer success one Revenue Workspace. Every Account Plan lives in
the Revenue Workspace, next to the Mutual Success Plan for each deal.

Connect HubSpot in minutes: our customers see the first HubSpot sync finish within the hour. After that,
the team agrees the stage definitions once, and the next step is simple.

Each account gets a Customer Success Manager who writes a handover note after every renewal.
""",
    "marketing/pricing.md": """# Pricing

Every plan includes the Revenue Workspace, unlimited Account Plans and the native HubSpot sync.
This quarter our customers also get a Guided Play library, and the team reviews the stage definitions
with you next week.

Your Customer Success Manager shares a handover note with your exec sponsor. The next step is a demo.
""",
    "marketing/blog.md": """# Why shared words matter

When the Revenue Workspace holds every Account Plan, the team stops arguing about numbers. Our
customers told us the guided play they run most is the renewal check. Book a demo this quarter; the
next step is a call with the team.
""",
    "sales/talk-track.md": """# Talk track

Open the rev workspace and show the Account Plan, then the Mutual Success Plan for the deal. Our
customers connect HubSpot in ten minutes, and the team reviews the stage mapping on the call.

After the call, the account executive writes a handoff note for the CSM and books the next step this
quarter. Ask who the executive sponsor is before the demo.
""",
    "sales/follow-up.md": """# Follow-up e-mail

Thanks for the call. The rev workspace we showed you keeps every Account Plan in one place, and the
HubSpot sync is read-only. Your CSM will send a handoff note after signature; the next step is a
working session next week with the team. Our customers usually invite their exec sponsor.
""",
    "cs/onboarding.md": """# Onboarding playbook

Open the Revenue Workspace with the customer and check the Account Plan together. Confirm the CRM is
Hubspot or Salesforce; in the Hub Spot case, ask for a read-only user. The Customer Success Manager
runs the stage mapping with the team this quarter. Invite the executive sponsor to the kickoff call;
the next step is the first working session.
""",
    "cs/renewal.md": """# Renewal playbook

Before the renewal, the Customer Success Manager reviews the Account Plan in the Revenue Workspace
and picks one Guided Play for the executive sponsor. Our customers expect the team to bring the stage
mapping, and the next step is the renewal call next week. Every Customer Success Manager keeps the
guided play list short.
""",
}
GLOSSARY = """terms:
  - term: Beacon
    definition: The product.
"""
GENERIC = ["customer", "team", "next step", "quarter", "next week", "step", "week", "call", "demo", "deal",
           "plan", "renewal"]


def write_workspace(root: Path) -> Path:
    for name, text in CORPUS.items():
        path = root / "corpus" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "glossary").mkdir(exist_ok=True)
    (root / "glossary" / "terms.yml").write_text(GLOSSARY, encoding="utf-8")
    return root


def run(root: Path, cache: Path, max_terms: int = 40, min_count: int = 2) -> Suggestion:
    config = load_config(start=root).with_overrides(cache_dir=cache)
    suggestion, problems = suggest_for_workspace([root / "corpus"], config, max_terms=max_terms,
                                                 min_count=min_count)
    assert problems == []
    return suggestion


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workspace(tmp_path_factory.mktemp("suggest"))


@pytest.fixture(scope="module")
def suggestion(workspace: Path, model_cache: Path) -> Suggestion:
    return run(workspace, model_cache)


def entry(suggestion: Suggestion, term: str) -> Candidate:
    found = [c for c in suggestion.candidates if c.term == term]
    assert found, f"{term!r} not suggested; got {[c.term for c in suggestion.candidates]}"
    return found[0]


def keys_of(suggestion: Suggestion) -> set[tuple[str, ...]]:
    return {form_keys(f.text) for c in suggestion.candidates for f in c.forms}


# ---------------------------------------------------------------- the merge threshold

# Same concept or not, as a product marketer would label them. Pairs that share a word
# but not their head noun, or where one contains the other, never reach the vectors
# (`mergeable`), so the check holds only pairs the threshold alone decides.
LABELLED = [
    ("handoff note", "handover note", True), ("deal desk", "deal approval desk", True),
    ("client success rep", "customer success rep", True), ("signal feed", "signal stream", True),
    ("renewal forecast", "renewal projection", True), ("business review", "account review", True),
    ("mutual action plan", "mutual success plan", True), ("usage analytics", "usage insights", True),
    ("GTM workspace", "revenue workspace", True), ("commit call", "forecast call", True),
    ("sales team", "marketing team", False), ("sales leader", "revenue leader", False),
    ("revenue team", "finance team", False), ("marketing lead", "qualified lead", False),
    ("forecast accuracy", "data accuracy", False), ("account executive", "sales executive", False),
    ("success criteria", "exit criteria", False), ("forecast call", "sales call", False),
    ("read-only sync", "sandbox sync", False), ("account plan", "onboarding plan", False),
    ("pipeline review", "business review", False), ("health score", "lead score", False),
    ("renewal date", "close date", False), ("sales playbook", "onboarding playbook", False),
]


@pytest.mark.model
def test_the_merge_threshold_is_the_precise_one_on_the_labelled_pairs(model_cache: Path) -> None:
    from msgalign.nlp.embed import Embedder

    embedder = Embedder(cache_dir=model_cache)
    texts = sorted({t for a, b, _ in LABELLED for t in (a, b)})
    vec = dict(zip(texts, embedder.encode(texts), strict=True))
    distance = np.array([1.0 - float(vec[a] @ vec[b]) for a, b, _ in LABELLED])
    same = np.array([s for _, _, s in LABELLED])

    def f_half(threshold: float) -> float:  # precision counts four times as much as recall
        merged = distance <= threshold
        tp = int((merged & same).sum())
        precision = tp / merged.sum() if merged.any() else 1.0
        recall = tp / same.sum()
        return 0.0 if tp == 0 else 1.25 * precision * recall / (0.25 * precision + recall)

    grid = [round(0.05 + 0.01 * i, 2) for i in range(46)]
    best = max(f_half(t) for t in grid)
    assert f_half(MERGE_DISTANCE) == pytest.approx(best)
    assert not (distance[~same] <= MERGE_DISTANCE).any(), "a labelled look-alike would be merged"
    assert (distance[same] <= MERGE_DISTANCE).sum() >= 2
    # ...and no stricter than it must be: the closest look-alike sits just above it.
    assert distance[~same].min() - MERGE_DISTANCE < 0.05


# ---------------------------------------------------------------- the planted corpus


@pytest.mark.model
def test_variants_are_clustered_under_the_most_used_form(suggestion: Suggestion) -> None:
    assert entry(suggestion, "Customer Success Manager").variants == ("CSM",)             # acronym
    assert entry(suggestion, "HubSpot").variants == ("Hub Spot",)                         # run together
    assert entry(suggestion, "executive sponsor").variants == ("exec sponsor",)           # clipped
    assert entry(suggestion, "handover note").variants == ("handoff note",)               # near-paraphrase


@pytest.mark.model
def test_a_tie_goes_to_the_form_marketing_uses(suggestion: Suggestion) -> None:
    note = entry(suggestion, "handover note")
    assert [(f.text, f.count) for f in note.forms] == [("handover note", 2), ("handoff note", 2)]
    assert dict(note.forms[0].teams) == {"marketing": 2}


@pytest.mark.model
def test_a_dominant_brand_casing_becomes_case_exact(suggestion: Suggestion) -> None:
    hubspot = entry(suggestion, "HubSpot")
    assert hubspot.case == "exact"
    assert hubspot.casings[0] == ("HubSpot", 5) and ("Hubspot", 1) in hubspot.casings
    # A split casing is for the reviewer to settle, so nothing is flagged yet.
    assert entry(suggestion, "Guided Play").case == "any"
    assert entry(suggestion, "Revenue Workspace").case == "exact"
    assert entry(suggestion, "stage mapping").case == "any"


@pytest.mark.model
def test_related_terms_stay_apart(suggestion: Suggestion) -> None:
    # One sentence names both; they share a word but not a head noun.
    assert entry(suggestion, "Account Plan").variants == ()
    assert entry(suggestion, "Mutual Success Plan").variants == ()
    assert entry(suggestion, "stage mapping").variants == ()
    assert entry(suggestion, "stage definitions").variants == ()
    assert "stage definitions" in entry(suggestion, "stage mapping").similar  # a hint, not a merge


@pytest.mark.model
def test_everyday_phrases_are_not_suggested(suggestion: Suggestion) -> None:
    found = keys_of(suggestion)
    for phrase in GENERIC:
        assert form_keys(phrase) not in found, phrase


@pytest.mark.model
def test_ranked_by_spread_across_teams_then_frequency(suggestion: Suggestion) -> None:
    ranks = [(-len(c.teams), -c.count) for c in suggestion.candidates]
    assert ranks == sorted(ranks)
    # Three teams each; then 8 uses before 7; then 7 assets before 6 before 5.
    assert [(c.term, c.count, c.assets) for c in suggestion.candidates[:4]] == [
        ("Revenue Workspace", 8, 7), ("Account Plan", 7, 7), ("Customer Success Manager", 7, 6), ("HubSpot", 7, 5)]
    assert entry(suggestion, "Revenue Workspace").teams == (("marketing", 4), ("cs", 2), ("sales", 2))
    assert entry(suggestion, "Account Plan").teams == (("marketing", 3), ("cs", 2), ("sales", 2))


@pytest.mark.model
def test_glossary_terms_are_listed_not_suggested_again(suggestion: Suggestion) -> None:
    assert form_keys("Beacon") not in keys_of(suggestion)
    assert [(k.term, k.count) for k in suggestion.known] == [("Beacon", 1)]
    assert "# Already in the glossary" in suggestion.yaml_text and "#   Beacon: seen 1×" in suggestion.yaml_text


@pytest.mark.model
def test_the_yaml_loads_as_a_glossary_and_says_what_it_saw(suggestion: Suggestion, tmp_path: Path) -> None:
    path = tmp_path / "suggested.yml"
    path.write_text(suggestion.yaml_text, encoding="utf-8")
    loaded = load_glossary([path])
    assert [(t.term, t.variants, t.case, t.definition) for t in loaded.terms] == [
        (c.term, c.variants, c.case, "") for c in suggestion.candidates]
    text = suggestion.yaml_text
    assert "# Glossary suggestions mined by `msgalign glossary suggest` from 7 assets" in text
    assert "(marketing 3, cs 2, sales 2)" in text.splitlines()[0]
    assert "  # seen 7× in 7 assets: marketing 3, cs 2, sales 2\n  - term: Account Plan\n" in text
    assert '    definition: ""  # TODO' in text
    assert "  # forms: Customer Success Manager 5× (cs, marketing); CSM 2× (sales)" in text


@pytest.mark.model
def test_the_same_corpus_gives_the_same_bytes(workspace: Path, model_cache: Path,
                                              suggestion: Suggestion) -> None:
    assert run(workspace, model_cache).yaml_text == suggestion.yaml_text


@pytest.mark.model
def test_max_terms_and_min_count(workspace: Path, model_cache: Path, suggestion: Suggestion) -> None:
    top = run(workspace, model_cache, max_terms=3)
    assert [c.term for c in top.candidates] == [c.term for c in suggestion.candidates[:3]]
    strict = run(workspace, model_cache, min_count=5)
    assert strict.candidates and all(c.count >= 5 for c in strict.candidates)
    assert {c.term for c in strict.candidates} < {c.term for c in suggestion.candidates}


@pytest.mark.model
def test_the_command_writes_the_file_and_summarises_on_stderr(workspace: Path, model_cache: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from msgalign.cli import main

    (workspace / "msgalign.toml").write_text(f'cache-dir = "{model_cache.as_posix()}"\n', encoding="utf-8")
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(main, ["glossary", "suggest", "corpus", "--output", "out.yml", "--max-terms", "5"])
    assert result.exit_code == 0, result.output
    assert "Suggested 5 terms" in result.output
    assert len(load_glossary([workspace / "out.yml"]).terms) == 5


@pytest.mark.model
def test_an_empty_corpus_still_gives_a_glossary_that_loads(tmp_path: Path, model_cache: Path) -> None:
    (tmp_path / "corpus").mkdir()
    result = run(tmp_path, model_cache)
    assert result.candidates == () and result.known == () and result.assets == 0
    path = tmp_path / "empty.yml"
    path.write_text(result.yaml_text, encoding="utf-8")
    assert load_glossary([path]).terms == ()


def test_the_command_is_in_the_glossary_group() -> None:
    from msgalign.cli import main

    result = CliRunner().invoke(main, ["glossary", "--help"])
    assert result.exit_code == 0 and "suggest" in result.output


def test_a_missing_path_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from msgalign.cli import main

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["glossary", "suggest", "nowhere"])
    assert result.exit_code == 2 and "no such file or folder" in result.output


# ---------------------------------------------------------------- the parts, without models


def form(*uses: tuple[str, str, bool], team: str = "sales") -> Form:
    """A form from (text, asset, at sentence start) uses."""
    f = Form(form_keys(uses[0][0]))
    for i, (text, asset, at_start) in enumerate(uses):
        f.add(Occurrence(form_keys(text), text, team, asset, i, casing_evidence(text, at_start, False)))
    return f


def test_spelling_groups_join_acronyms_and_run_together_words() -> None:
    forms = [form(("Customer Success Manager", "a", False)), form(("CSM", "b", False)),
             form(("HubSpot", "a", False)), form(("Hub Spot", "b", False)),
             form(("CS", "a", False)), form(("customer success", "a", False)),
             form(("customer support", "a", False))]
    groups = {tuple(sorted(forms[i].text for i in g)) for g in spelling_groups(forms)}
    assert ("CSM", "Customer Success Manager") in groups
    assert ("Hub Spot", "HubSpot") in groups
    assert ("CS",) in groups  # "customer success" or "customer support"? ambiguous, so alone


def test_clipped_words() -> None:
    assert clipped(form_keys("pipe review"), form_keys("pipeline review"))
    assert clipped(form_keys("exec sponsor"), form_keys("executive sponsors"))
    assert not clipped(form_keys("pipe"), form_keys("pipeline"))           # nothing left the same
    assert not clipped(form_keys("pipe review"), form_keys("pipeline stage"))


def test_casing_evidence_ignores_headlines_and_sentence_starts() -> None:
    assert casing_evidence("Revenue Workspace", False, False) == "Revenue Workspace"
    assert casing_evidence("Revenue Workspace", False, True) is None
    assert casing_evidence("Connect Salesforce", True, False) is None
    assert casing_evidence("HubSpot sync", True, False) == "HubSpot sync"


def test_looks_like_term() -> None:
    assert looks_like_term(form(("RevOps", "a", False), ("RevOps", "b", False)))
    assert looks_like_term(form(("stage mapping", "a", False)))
    assert looks_like_term(form(("Guided Play", "a", False)))
    assert not looks_like_term(form(("next step", "a", False)))
    assert not looks_like_term(form(("sales team", "a", False)))
    assert not looks_like_term(form(("spreadsheets", "a", False)))           # one lowercase word
    assert not looks_like_term(form(("Pricing", "a", True)))                 # capital only at a start


# YAML itself forbids control characters; terms are words, digits and a little punctuation.
@given(st.text(st.characters(whitelist_categories=("L", "N", "P", "Zs", "Sm", "Sc")), min_size=1,
               max_size=40).filter(lambda s: s.strip() == s))
def test_every_term_text_survives_yaml(text: str) -> None:
    assert yaml.safe_load(f"k: {_scalar(text)}")["k"] == text


def test_plain_scalars_stay_plain() -> None:
    assert [_scalar(t) for t in ("Revenue Workspace", "read-only sync", "B2B SaaS", "yes", "a: b")] == [
        "Revenue Workspace", "read-only sync", "B2B SaaS", '"yes"', '"a: b"']
    assert Counter(_scalar(t)[0] for t in ("#tag", "@handle", "-dash", "*star")) == Counter({'"': 4})


def test_asset_text_in_the_comments_cannot_write_yaml() -> None:
    """A team name from front matter (or any quoted form) stays inside its comment line."""
    import yaml

    from msgalign.authoring.suggest import Candidate, FormStat, Suggestion, render_yaml

    team = "sales\n- term: Injected\x1b[2J"
    candidate = Candidate("Revenue Workspace", "exact", ("revenue hub",), 4, 2, ((team, 4),),
                          (FormStat("Revenue Workspace", 3, ((team, 3),)), FormStat("revenue hub", 1, ((team, 1),))),
                          (("Revenue Workspace", 3),))
    text = render_yaml(Suggestion((candidate,), (), 2, ((team, 2),), ""))
    assert "\x1b" not in text and "\\n- term: Injected" in text
    assert [t["term"] for t in yaml.safe_load(text)["terms"]] == ["Revenue Workspace"]


# ---------------------------------------------------------------- real writing (issue 8)


def test_a_capitalised_span_inside_a_longer_name_is_a_fragment() -> None:
    from msgalign.authoring.suggest import _name_fragment

    text = "Turn on Point in Time Recovery, then import your Rocket.Chat workspace."
    assert _name_fragment(text, text.index("Time Recovery"), text.index(","))          # a joiner inside
    assert _name_fragment(text, text.index("Rocket"), text.index(".Chat"))            # a dotted name
    hyphen = "Every project has Point-in-Time Recovery."
    assert _name_fragment(hyphen, hyphen.index("Recovery"), len(hyphen) - 1)
    assert not _name_fragment("Connect HubSpot in minutes.", 8, 15)                   # a first word is no name
    assert not _name_fragment("Our Revenue Workspace holds it.", 4, 21)
    assert not _name_fragment("the native HubSpot sync", 11, 18)                      # lower case before


def test_an_acronym_needs_evidence_for_its_expansion() -> None:
    from msgalign.authoring.suggest import expands

    once = Form(form_keys("Stages Vitally Playbook"))
    once.add(Occurrence(once.key, "Stages Vitally Playbook", "cs", "a", 50, None))
    inside = Form(form_keys("Stages Vitally Playbook"))
    for i in range(3):
        inside.add(Occurrence(inside.key, "Stages Vitally Playbook", "cs", "a", i, None, nested=True))
    svp = form(("SVP", "b", False), ("SVP", "c", False))
    assert not expands(svp, once)     # seen once, in another sentence
    assert not expands(svp, inside)   # only ever part of a longer name
    manager = form(("Customer Success Manager", "a", False), ("Customer Success Manager", "b", False))
    assert expands(form(("CSM", "c", False)), manager)
    together = Form(form_keys("row level security"))
    together.add(Occurrence(together.key, "row level security", "cs", "a", 7, "row level security"))
    rls = Form(form_keys("RLS"))
    rls.add(Occurrence(rls.key, "RLS", "cs", "a", 7, "RLS"))
    assert expands(rls, together)     # "row level security (RLS)": one sentence spells it out
    person = form(("SVP", "b", False))
    person.person = 1
    assert not expands(person, manager)


def test_quoted_words_and_people_never_merge_into_a_term() -> None:
    from msgalign.authoring.suggest import related

    quoted = Form(form_keys("Group chat"))
    quoted.add(Occurrence(quoted.key, "Group chat", "sales", "a", 51, None, quoted=True))
    team_chat = form(("team chat", "b", False), ("team chat", "c", False))
    assert not related(quoted, team_chat)
    plain = Form(form_keys("group chat"))
    plain.add(Occurrence(plain.key, "group chat", "sales", "d", 52, "group chat"))
    assert related(plain, team_chat)


def test_a_one_word_swap_merges_only_words_of_one_meaning(model_cache: Path) -> None:
    from msgalign.authoring.suggest import SWAP_DISTANCE, swapped_word
    from msgalign.nlp.embed import Embedder

    assert swapped_word(form_keys("precise code intelligence"), form_keys("contextual code intelligence")) == 0
    assert swapped_word(form_keys("exec sponsor"), form_keys("executive sponsor")) is None  # clipped
    assert swapped_word(form_keys("deal desk"), form_keys("deal approval desk")) is None
    embedder = Embedder(cache_dir=model_cache)
    words = ["handover", "handoff", "precise", "contextual"]
    v = dict(zip(words, embedder.encode(words), strict=True))
    assert 1 - float(v["handover"] @ v["handoff"]) <= SWAP_DISTANCE
    assert 1 - float(v["precise"] @ v["contextual"]) > SWAP_DISTANCE


def test_org_chart_words_and_trade_acronyms_are_not_terms() -> None:
    for word in ("Director", "Engineering", "Stage", "VP", "API", "CLI"):
        assert not looks_like_term(form((word, "a", False), (word, "b", False))), word
    assert looks_like_term(form(("PITR", "a", False), ("PITR", "b", False)))


def test_a_rare_singular_does_not_rename_the_plural() -> None:
    f = form(*[("Sales", str(i), False) for i in range(9)], ("Sale", "x", False))
    assert f.text == "Sales"
    assert form(("Guided Plays", "a", False), ("Guided Play", "b", False)).text == "Guided Play"


def test_the_narratives_own_names_are_never_people() -> None:
    from msgalign.authoring.suggest import trust_own_names

    zulip = Form(form_keys("Quillstack"))
    for i in range(4):
        zulip.add(Occurrence(zulip.key, "Quillstack", "cs", str(i), i, "Quillstack", person=True))
    cloud = Form(form_keys("Quillstack Cloud"))
    cloud.add(Occurrence(cloud.key, "Quillstack Cloud", "cs", "a", 9, "Quillstack Cloud", person=True))
    cloud.add(Occurrence(cloud.key, "Quillstack Cloud", "cs", "b", 10, "Quillstack Cloud", person=True))
    gaute = form(("Maren Holt", "a", False), ("Maren Holt", "b", False))
    gaute.person = 2
    assert not looks_like_term(zulip)
    trust_own_names([zulip, cloud, gaute], ("Quillstack", "Quillstack (Quillstack Cloud and self-hosted)"))
    assert looks_like_term(zulip) and looks_like_term(cloud) and not looks_like_term(gaute)


def test_other_companies_names_written_one_way_are_listed_not_suggested() -> None:
    from msgalign.authoring.suggest import _candidate, render_yaml

    slack = Form(form_keys("Slack"))
    for i in range(3):
        slack.add(Occurrence(slack.key, "Slack", "sales", str(i), i, "Slack", named=True))
    assert _candidate([slack]).other_name
    hubspot = Form(form_keys("HubSpot"))
    for i, text in enumerate(("HubSpot", "HubSpot", "Hubspot")):
        hubspot.add(Occurrence(hubspot.key, text, "sales", str(i), i, text, named=True))
    assert not _candidate([hubspot]).other_name          # its casing varies: worth an entry
    sdr = Form(form_keys("SDR"))
    for i in range(3):
        sdr.add(Occurrence(sdr.key, "SDR", "sales", str(i), i, "SDR", named=True))
    assert not _candidate([sdr]).other_name              # an acronym is the team's own word
    text = render_yaml(Suggestion((), (), 3, (("sales", 3),), "", (_candidate([slack]),)))
    assert "#   Slack: seen 3× in 3 assets: sales 3" in text and "- term: Slack" not in text
    assert yaml.safe_load(text)["terms"] == []
