"""AC: actionability rules. Does the copy give the reader something to check or do?

All four read one labelling of the run (`Analysis.tone`): every sentence
with its inspirational / actionable / neutral label, calibrated confidence and
the grammar facts behind it (imperative, call to action, number, time frame).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from msgalign.analysis.run import Analysis
from msgalign.analysis.sentences import MIN_WORDS
from msgalign.analysis.tone import ToneSentence, tone_shares
from msgalign.nlp.tone.lexicon import superlative_hits
from msgalign.rules.base import EXCERPT, Rule, RuleDoc, Setting
from msgalign.text.spans import excerpt
from msgalign.types import Document, Evidence, Finding, Location, Severity

# AC001 counts a sentence as inspirational from this confidence: a coin-flip
# label should not open a finding on its own.
INSPIRATIONAL_CONFIDENCE = 0.6
# One vision line among plain description (a sign-off, a tagline) is voice, not a gap;
# two or more with nothing to check is a section that only aspires.
MIN_INSPIRATIONAL = 2
TONE_MIN_SENTENCES = 8        # AC002: fewer sentences make a share meaningless
# AC003: how sure the classifier must be before a non-lexicon superlative counts. The model is calibrated
# on real pages, where it is right about two times in three: 0.5 means "more likely vision than both other
# labels together" (at 0.8 the tone model 2.1 found neither ranking claim of the real drift lists).
CLASSIFIER_SUPERLATIVE = 0.5
NEXT_STEP_TEAMS = ("sales", "cs")
# "the best way to reach me" is advice, not a claim about the product.
_NOT_A_CLAIM_AFTER = frozenset("way ways time times practice practices part place person fit answer address "
                               "version".split())
# A JJS is a claim when it ranks something: "the fastest", "the world's easiest", "Beacon's smartest".
_RANKING = re.compile(r"(?:\bthe|['’]s)\s*$", re.IGNORECASE)


def _location(doc: Document, s: ToneSentence) -> Location:
    return doc.span_location(doc.blocks[s.ref.block], s.ref.start, s.ref.end)


def _percent(share: float, bound: float | None = None) -> str:
    """Whole percent, or one decimal where rounding would hide which side of a bound it is on."""
    if bound is not None and round(share * 100) == round(bound * 100) and share != bound:
        return f"{share * 100:.1f}%"
    return f"{round(share * 100)}%"


class InspirationWithoutAction(Rule):
    code = "AC001"
    name = "inspiration-without-action"
    severity = Severity.WARNING
    doc = RuleDoc(
        summary="A section or slide whose inspirational sentences have no actionable support (proof, mechanism, step).",
        why=(
            "Vision earns attention; proof earns belief. A section that only aspires (\"Empower every "
            "team\") leaves the buyer asking how, and a rep with nothing to say next. Each section or "
            "slide that inspires should also carry one checkable thing: a number, a named "
            "capability, a mechanism or a step. Reported once per section, at its first "
            "inspirational sentence."
        ),
        flagged="Why Beacon: Empower every team to do their best work. Unlock the future of revenue together.",
        preferred=("Why Beacon: Empower every team to do their best work. Guided Plays give each Signal an owner "
                   "and a due date, and teams cut time-to-first-deal by 23% in two quarters."),
        off_by_default=(
            "On the pages of real companies (eval/eval_realworld.py and a held-out check on two more "
            "companies) none of its findings was worth acting on: the tone classifier, trained on written "
            "and real sentences, reaches macro-F1 0.59 on held-out real pages (0.87 on our written set), "
            "and a customer quote or a product claim read as vision makes a false finding. It stays for "
            "teams that want the check; select it with --select AC001."
        ),
    )
    on_by_default = False
    settings = (
        Setting("AC001", INSPIRATIONAL_CONFIDENCE,
                "classifier confidence from which a sentence counts as inspirational"),
        Setting("AC001-min-sentences", MIN_INSPIRATIONAL,
                "inspirational sentences a section needs before it is judged"),
    )

    def check_asset(self, doc: Document, analysis: Analysis) -> Iterable[Finding]:
        confidence = self.setting(analysis)
        minimum = self.setting(analysis, "AC001-min-sentences")
        sections: dict[int, list[ToneSentence]] = {}
        for s in analysis.tone(doc):
            sections.setdefault(doc.blocks[s.ref.block].section_index, []).append(s)
        for sentences in sections.values():
            if any(s.label == "actionable" for s in sentences):
                continue
            inspiring = [s for s in sentences if s.label == "inspirational" and s.tone.confidence >= confidence
                         and s.ref.words >= MIN_WORDS]
            if not inspiring or len(inspiring) < minimum:
                continue
            first = inspiring[0]
            n = len(inspiring)
            where = "slide" if doc.format == "pptx" else "section"
            title = doc.blocks[first.ref.block].section
            named = f" '{excerpt(title, 50)}'" if title and doc.format != "pptx" else ""
            yield self.finding(
                doc, _location(doc, first),
                f"{n} inspirational sentence{'s' if n != 1 else ''} in this {where}{named} with no actionable "
                "support: add a proof point, a mechanism or a step the reader can check or take.",
                excerpt=excerpt(first.ref.text, EXCERPT),
                score=round(sum(s.tone.confidence for s in inspiring) / n, 4),
                evidence=Evidence.of(inspirational=n, sentences=len(sentences)),
            )


class ToneBalance(Rule):
    code = "AC002"
    name = "tone-balance"
    severity = Severity.INFO
    doc = RuleDoc(
        summary="An asset whose inspirational/actionable mix is outside its channel's target.",
        why=(
            "Each channel has a job: a homepage may lead with vision, a deck must show proof, a "
            "playbook is mostly steps. A playbook that is half vision leaves CSMs without a plan; a "
            "deck without proof leaves the buyer unconvinced. Targets are shares of sentences (of "
            "at least three words) per channel, set in msgalign.toml."
        ),
        flagged="A CS playbook where 8 of 9 sentences are about partnership and trust and 1 is a step.",
        preferred=("The same playbook as day-by-day steps with owners and dates: kickoff by day 5, first "
                   "review by day 30."),
        situation=True,
        reads=(
            ("channels.NAME.actionable", "[min, max] share of actionable sentences"),
            ("channels.NAME.inspirational", "[min, max] share of inspirational sentences"),
        ),
        off_by_default=(
            "The tone mix per asset inherits the tone classifier's error on real pages (macro-F1 0.59 on "
            "held-out real pages, eval/eval_tone.py); on three real companies' pages none of its findings "
            "was worth acting on. Select it with --select AC002 to see the mix per asset."
        ),
    )
    on_by_default = False
    settings = (Setting("AC002-min-sentences", TONE_MIN_SENTENCES,
                        "assets with fewer sentences (of at least three words) are not judged"),)

    def check_asset(self, doc: Document, analysis: Analysis) -> Iterable[Finding]:
        sentences = analysis.tone(doc)
        target = analysis.config.channels.get(doc.channel)
        shares = tone_shares(sentences)
        counted = sum(1 for s in sentences if s.ref.words >= MIN_WORDS)
        minimum = self.setting(analysis, "AC002-min-sentences")
        if target is None or shares is None or counted < minimum:
            return
        off = []
        for label, (low, high) in (("actionable", target.actionable), ("inspirational", target.inspirational)):
            if not low <= shares[label] <= high:
                side = "below" if shares[label] < low else "above"
                bound = low if side == "below" else high
                off.append(f"{label} {_percent(shares[label], bound)} is {side} the {doc.channel} target "
                           f"{_percent(low)}–{_percent(high)}")
        if not off:
            return
        yield self.finding(
            doc, doc.blocks[0].location,
            f"Tone mix of {counted} sentences: {_percent(shares['actionable'])} actionable, "
            f"{_percent(shares['inspirational'])} inspirational, {_percent(shares['neutral'])} neutral; "
            + "; ".join(off) + ".",
            score=round(shares["actionable"], 4),
            evidence=Evidence.of(sentences=counted, **{k: round(v, 4) for k, v in shares.items()},
                                 target_actionable=list(target.actionable),
                                 target_inspirational=list(target.inspirational)),
        )


class VagueSuperlative(Rule):
    code = "AC003"
    name = "vague-superlative"
    severity = Severity.WARNING
    doc = RuleDoc(
        summary="An unquantified superlative or empty claim (\"world-class\", \"seamless\", \"the best\").",
        why=(
            "Buyers discount what they cannot check, and every competitor is 'industry-leading'. A "
            "superlative with a number next to it is a claim; without one it is noise that costs "
            "trust. Phrases come from a maintained lexicon (msgalign/data/superlatives.txt); a "
            "sentence that carries a number or a measured time span is not flagged, and phrases "
            "your glossary's avoid list already reports (TM005, when it runs) are not reported "
            "twice. The classifier also flags a ranking superlative ('the smartest') in a clearly "
            "inspirational sentence, at info level."
        ),
        flagged="Beacon is a world-class platform with seamless integrations.",
        preferred="Beacon connects Salesforce in under 10 minutes; 94% of customers renew after year one.",
        reads=(("data/superlatives.txt", "the lexicon: one phrase per line, # comments"),),
        off_by_default=(
            "On our three development companies 8 of 10 findings were worth acting on, but on two real "
            "companies outside that set (eval/results/heldout-2026-12-02.md) 4 of 39 were: superlatives "
            "in customers' words, in job and plan names and about other things. Select it with --select "
            "AC003."
        ),
    )
    on_by_default = False
    settings = (Setting("AC003", CLASSIFIER_SUPERLATIVE,
                        "classifier confidence for superlatives outside the lexicon"),)

    def check_asset(self, doc: Document, analysis: Analysis) -> Iterable[Finding]:
        sentences = analysis.tone(doc)
        # TM005 reports avoid-list phrases with the glossary's own reason; say it once.
        tm005 = not analysis.active or "TM005" in analysis.active
        avoided = {(i, h.start, h.end) for i, h in analysis.term_hits(doc) if h.kind == "avoid"} if tm005 else set()
        # A glossary term is a name, even when it is a superlative ("Ultimate Plan", "Premier Support").
        terms = {(i, h.start, h.end) for i, h in analysis.term_hits(doc) if h.kind != "avoid"}
        narrative_text, own = _own_words(analysis)
        names = _names(doc, own)
        flagged: set[tuple[int, int, int]] = set()
        for s in sentences:
            if s.features.quantified:
                continue  # "the fastest setup: 10 minutes" is a checkable claim
            block = doc.blocks[s.ref.block]
            for m in superlative_hits(s.ref.text):
                start, end = s.ref.start + m.start, s.ref.start + m.end
                if block.is_protected(start, end) or _overlaps(avoided, s.ref.block, start, end):
                    continue
                if _names_something(s.ref.text, m.start, m.end) or _advice(s.ref.text, m.end) \
                        or _about_a_category(m.payload, s.ref.text, m.end) \
                        or _overlaps(terms, s.ref.block, start, end) or _plain_meaning(s.ref.text, m.start, m.end) \
                        or _approved(s.ref.text, m.start, m.end, narrative_text) \
                        or _quoted(block, start) or _a_need(s.ref.text, m.start) \
                        or _about_someone_else(s.ref.text, m.start, m.end, own, names) \
                        or _about_someone_else(block.section, 0, 0, own, names):
                    continue
                flagged.add((s.ref.block, start, end))
                yield self.finding(
                    doc, doc.span_location(block, start, end),
                    f"'{m.text}' is a claim nobody can check: replace it with a number, a proof point or "
                    "what the product actually does.",
                    excerpt=m.text,
                    evidence=Evidence.of(source="lexicon", phrase=m.payload),
                )
        yield from self._classifier_findings(doc, self.setting(analysis), sentences, avoided | flagged | terms,
                                             (narrative_text, own, names))

    def _classifier_findings(self, doc: Document, confidence: float, sentences: list[ToneSentence],
                             taken: set[tuple[int, int, int]],
                             context: tuple[str, frozenset[str], frozenset[str]]) -> Iterable[Finding]:
        """Ranking superlatives outside the lexicon, only in sentences the model is sure are pure vision."""
        for s in sentences:
            if s.label != "inspirational" or s.tone.confidence < confidence or s.features.quantified:
                continue
            block = doc.blocks[s.ref.block]
            for rel_start, rel_end in s.features.superlatives:
                start, end = s.ref.start + rel_start, s.ref.start + rel_end
                if _overlaps(taken, s.ref.block, start, end) or block.is_protected(start, end):
                    continue
                word = s.ref.text[rel_start:rel_end]
                narrative_text, own, names = context
                text = s.ref.text
                if not _RANKING.search(text[:rel_start]) or _advice(text, rel_end) \
                        or _about_a_category(f"the {word}", text, rel_end) \
                        or _plain_meaning(text, rel_start, rel_end) or _quoted(block, start) \
                        or _IMPORTANCE.match(word.split()[-1]) \
                        or _approved(text, max(0, rel_start - 4), rel_end, narrative_text) \
                        or _about_someone_else(text, rel_start, rel_end, own, names) \
                        or _about_someone_else(block.section, 0, 0, own, names):
                    continue
                yield self.finding(
                    doc, doc.span_location(block, start, end),
                    f"'{word}' ranks the product with nothing to check it by: add the number or the "
                    "benchmark behind it, or drop it.",
                    severity=Severity.INFO,
                    excerpt=word,
                    score=round(s.tone.confidence, 4),
                    evidence=Evidence.of(source="classifier", inspirational=round(s.tone.confidence, 4)),
                )


def _overlaps(spans: set[tuple[int, int, int]], block: int, start: int, end: int) -> bool:
    return any(b == block and start < e and s < end for b, s, e in spans)


def _names_something(text: str, start: int, end: int) -> bool:
    """A capitalised phrase inside a name ("Fast Company's Most Innovative Companies list").

    Not in a Title Case heading, where every word is capitalised anyway.
    """
    if start == 0 or not text[start:start + 1].isupper():
        return False
    words = [w for w in text.split() if w[:1].isalpha()]
    if words and sum(w[:1].isupper() for w in words) / len(words) > 0.6:
        return False
    before = text[:start].split()
    after = text[end:].split()
    neighbour = [w for w in (before[-1:] + after[:1]) if w[:1].isalpha()]
    return any(w[:1].isupper() for w in neighbour)


def _about_a_category(phrase: str, text: str, end: int) -> bool:
    """True for 'the best QBRs are…' (about a kind of thing), not 'the best platform' (a claim to be it)."""
    if not phrase.lower().startswith("the "):
        return False
    nxt = re.match(r"[\s-]*([A-Za-z]+)", text[end:])
    if nxt is None:
        return False
    word = nxt.group(1)
    return len(word) > 3 and word.endswith("s") and not word.endswith("ss")


# Lexicon words in their plain sense: "the ultimate decision maker", "an exceptional number of repos",
# "the best of email and chat", "robust to noise".
_PLAIN = re.compile(r"(?i)^[\s-]*(?:decision|decision-maker|goal|aim|metric|objective|responsibilit\w*|owner\w*|"
                    r"authority|purpose|test|number|case|cases|circumstances?|situations?|basis|of (?:both|all|the|"
                    r"email|two|\w+ and \w+))\b")
_PEOPLE = re.compile(r"(?i)\b(?:you|they|he|she|we)(?:['’]re| are| were| is| was)\s+(?:all\s+|so\s+|truly\s+)?$")
_CLAUSE = re.compile(r"[,;:()—–]|\s(?:that|which|who|while|whereas|but|from|to)\s")


_IMPORTANCE = re.compile(r"(?i)^\s*(?:crucial|important|critical|essential|common|likely|relevant|urgent)\b")
_NEED = re.compile(r"(?i)\b(?:requires?|required|need|needs|needed|demands?|expects?|wants?|looking for)\s+"
                   r"(?:\w+\s+){0,2}$")
_COMPARED = re.compile(r"(?i)\b(?:than|compared (?:to|with)|vs\.?|versus|instead of|over|unlike|from)\s+"
                       r"(?:\w+\s+){0,3}$")


def _plain_meaning(text: str, start: int, end: int) -> bool:
    """The word in its plain sense ("the ultimate decision maker", "the most crucial part"), or said of people."""
    return bool(_PLAIN.match(text[end:]) or _PEOPLE.search(text[:start]) or _IMPORTANCE.match(text[end:]))


def _a_need(text: str, start: int) -> bool:
    """What a reader needs, not what the product is: "applications that require enterprise-grade resilience"."""
    return bool(_NEED.search(text[:start]))


def _quoted(block: object, start: int) -> bool:
    """Inside a quotation: a customer's or a reviewer's words, which the marketer cannot reword."""
    if getattr(block, "kind", "") == "quote":
        return True
    text = getattr(block, "text", "")[:start]
    opened = text.count("“") - text.count("”")
    return opened > 0 or (text.count('"') % 2 == 1)


def _approved(text: str, start: int, end: int, narrative: str) -> bool:
    """The narrative's own wording ("combines the best of email and chat"): approved, not vague."""
    words = re.findall(r"[\w'’-]+", text[start:])[:4]
    return len(words) >= 3 and " ".join(words).casefold() in narrative


def _own_words(analysis: Analysis) -> tuple[str, frozenset[str]]:
    """The narrative's text (casefolded, one space between words) and the company's, product's and
    glossary terms' words."""
    words: set[str] = set()
    text = ""
    if analysis.has_narrative:
        n = analysis.narrative
        text = " ".join(re.findall(r"[\w'’-]+", " ".join([n.positioning, *(p.text for p in n.pillars)]))).casefold()
        # Names only: "Supabase (Postgres development platform)" names Supabase and Postgres, not "platform".
        words.update(w.casefold() for w in re.findall(r"[A-Z][\w-]*", f"{n.company} {n.product}"))
    for term in analysis.glossary.terms:
        words.update(w.casefold() for w in re.findall(r"[A-Za-z][\w-]*", term.term))
    return text, frozenset(words)


def _names(doc: Document, own: frozenset[str]) -> frozenset[str]:
    """Names the asset uses for others: words capitalised inside sentences, never in lowercase, not ours."""
    lower = {w for b in doc.blocks for w in re.findall(r"[a-z][\w-]*", b.text)}
    seen: dict[str, int] = {}
    for b in doc.blocks:
        for sentence in re.split(r"(?<=[.!?:])\s+", b.text):
            for w in re.findall(r"(?<=\s)[A-Z][\w-]*\d*\w*", sentence):
                seen[w] = seen.get(w, 0) + 1
    return frozenset(w for w, n in seen.items() if n >= 2 and w.casefold() not in own and w.lower() not in lower)


def _about_someone_else(text: str, start: int, end: int, own: frozenset[str], names: frozenset[str]) -> bool:
    """A superlative about a competitor, a partner or a model ("Slack has the best UI", "GPT-4 is an amazing
    model"): its clause names someone else and not the company, the product or "we"."""
    lo = max((m.end() for m in _CLAUSE.finditer(text, 0, start)), default=0)
    hi = next((m.start() for m in _CLAUSE.finditer(text, end)), len(text))
    def mentions(part: str, pronouns: bool) -> tuple[bool, bool]:
        ours = theirs = False
        for m in re.finditer(r"[\w'’-]+", part):
            w = m.group(0)
            bare = w.split("'")[0].split("’")[0]
            if bare.casefold() in own or w.casefold() in ("we", "our", "us"):
                ours = True
            elif (bare in names or re.fullmatch(r"[A-Z]{2,}-?\d\w*", w)
                  or (pronouns and w.casefold() in ("they", "he", "she"))) \
                    and not _COMPARED.search(part[:m.start()]):
                theirs = True  # a name the comparison is against ("than Slack") is not the subject
        return ours, theirs
    ours, theirs = mentions(text[lo:hi], True)
    if ours or theirs:
        return theirs and not ours
    ours, theirs = mentions(text, False)
    return theirs  # someone else named in the sentence, and the phrase's own clause names nobody


def _advice(text: str, end: int) -> bool:
    """Advice to the reader, not a claim: "the best way to…", "pick the best option for your team"."""
    nxt = re.match(r"\W*(\w+)", text[end:])
    if re.match(r"[\s-]*[\w-]+\s+for\s+(?:your|you)\b", text[end:], re.IGNORECASE):
        return True
    return nxt is not None and nxt.group(1).lower() in _NOT_A_CLAIM_AFTER


class MissingNextStep(Rule):
    code = "AC004"
    name = "missing-next-step"
    severity = Severity.WARNING
    doc = RuleDoc(
        summary="A sales or CS asset with no concrete next step.",
        why=(
            "Every sales e-mail, talk track and CS playbook exists to move an account forward. "
            "Without one named step (book, schedule, reply, send) with a time or a channel, the "
            "reader agrees and does nothing. A step is an actionable imperative or call to action "
            "with a time frame, a channel (call, e-mail, calendar) or a named action."
        ),
        flagged="Thanks for the time today. We think Beacon could really help your team grow.",
        preferred=("Thanks for the time today. Reply with two times that work next week and I'll send a "
                   "30-minute invite."),
        reads=(("teams", "checked for assets of team sales or cs"),),
        off_by_default=(
            "On real sales and CS handbook pages (eval/eval_realworld.py) the pages it reported were "
            "reference pages, not e-mails or talk tracks, and the steps they did give were missed by the "
            "tone classifier (macro-F1 0.59 on held-out real pages): none of its findings was worth "
            "acting on. Select it with --select AC004 for e-mails and talk tracks."
        ),
    )
    on_by_default = False

    def check_asset(self, doc: Document, analysis: Analysis) -> Iterable[Finding]:
        if doc.team not in NEXT_STEP_TEAMS or not doc.blocks:
            return
        sentences = [s for s in analysis.tone(doc) if s.ref.words >= MIN_WORDS]
        if not sentences or any(is_next_step(s) for s in sentences):
            return
        last = doc.blocks[-1]
        yield self.finding(
            doc, last.location,
            f"No concrete next step in this {doc.team} {doc.channel if doc.channel != 'other' else 'asset'}: "
            "end with one action the reader takes, with a time or a channel "
            "(e.g. 'Book a 30-minute review for Tuesday: reply with a time').",
            excerpt=excerpt(last.text, EXCERPT),
            evidence=Evidence.of(sentences=len(sentences)),
        )


def is_next_step(s: ToneSentence) -> bool:
    """An imperative or call to action that names when, where or what ("Book…", "Reply by Friday")."""
    f = s.features
    when_or_where = f.time_frame or f.channel or f.value("date_time") > 0
    if f.cta and when_or_where:
        return True  # an explicit call to action with a time or a channel stands on its own
    return (f.imperative or f.cta) and (when_or_where or f.cta) and s.label == "actionable"


RULES: list[type[Rule]] = [InspirationWithoutAction, ToneBalance, VagueSuperlative, MissingNextStep]
