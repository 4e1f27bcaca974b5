"""The three tiers: one story told as a headline, a talk track and a playbook.

Every brief sentence is a story sentence (or a clause of one), the speaker of
a quote, a pillar name from the narrative, or a fixed stem around a phrase in
the story's own words; each keeps the story span(s) it came from. Glossary
fixes are applied last, to the text only, so the trace still points at what
the story says. Where the story is silent the section says so, or gives the
writer a labelled prompt, instead of inventing something.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from msgalign.brief.mapping import PillarMatch, ProofPointMatch
from msgalign.brief.roles import SentenceRole, quote_tags
from msgalign.brief.story import Quote, Story, StorySentence
from msgalign.text.spans import between

HEADLINE_WORDS = 100   # the headline tier must read in one breath (the "~100 words")
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:and|but|while|so)\s+|\s+[—–]\s+|:\s+")


@dataclass(frozen=True)
class TierSpec:
    number: int
    name: str
    title: str
    audience: str
    team: str
    channel: str


TIER_SPECS: dict[int, TierSpec] = {
    1: TierSpec(1, "headline", "Headline", "website, social and e-mail", "marketing", "website"),
    2: TierSpec(2, "talk-track", "Talk track", "sales", "sales", "deck"),
    3: TierSpec(3, "playbook", "Customer success playbook", "customer success", "cs", "playbook"),
}


@dataclass(frozen=True)
class Source:
    start: int
    end: int
    line: int
    end_line: int
    text: str        # the story text at [start, end), verbatim


@dataclass(frozen=True)
class BriefSentence:
    text: str
    kind: str        # story, quote, speaker, pillar, question, prompt, call-to-action
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    sentences: tuple[BriefSentence, ...]
    note: str = ""   # shown when the story has nothing for this section

    @property
    def words(self) -> int:
        return len(self.title.split()) + len(self.note.split()) + sum(len(s.text.split()) for s in self.sentences)


@dataclass(frozen=True)
class Tier:
    spec: TierSpec
    sections: tuple[Section, ...]

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sections)

    def section(self, name: str) -> Section:
        return next(s for s in self.sections if s.name == name)


@dataclass(frozen=True)
class Analysis:
    """What the tiers are cut from: the story, read, classified and mapped."""

    story: Story
    customer: str
    roles: tuple[SentenceRole, ...]
    phrases: dict[int, str]              # sentence index → focus phrase in the story's words
    pillars: tuple[PillarMatch, ...]
    proof_points: tuple[ProofPointMatch, ...]
    terms: tuple[tuple[str, int], ...] = ()  # glossary terms the approach uses, most used first, with a sentence index


class TierBuilder:
    def __init__(self, analysis: Analysis, fix: Callable[[str], str]) -> None:
        self.a = analysis
        self.story = analysis.story
        self.fix = fix
        self.roles = [r for r in analysis.roles if r.role != "lead-in"]

    # --- pieces ------------------------------------------------------------------
    def source(self, start: int, end: int) -> Source:
        span = self.story.span(start, end)
        return Source(start, end, span.line, span.end_line, self.story.text[start:end])

    def sentence(self, s: StorySentence, kind: str = "story", max_words: int | None = None,
                 prefer_numbers: bool = False) -> BriefSentence:
        start, end = 0, len(s.text)
        if max_words is not None and s.words > max_words:
            start, end = _clip(s, max_words, prefer_numbers)
        text = s.text[start:end].strip()
        if (start, end) != (0, len(s.text)):
            text = text[:1].upper() + text[1:]
            text = re.sub(r"[,;:—–\s]+$", "", text)
            text += "" if re.search(r"[.!?…][\"'”’)]*$", text) else "."
        return BriefSentence(self.fix(text), kind, (self.source(*s.source_range(start, end)),))

    def stem(self, template: str, s: StorySentence, kind: str) -> BriefSentence | None:
        phrase = self.a.phrases.get(s.index, "")
        if not phrase:
            return None
        return BriefSentence(self.fix(template.format(phrase)), kind, (self.source(*s.source_range()),))

    def ranked(self, role: str) -> list[SentenceRole]:
        if role == "result":
            return sorted((r for r in self.roles if r.role == "result"), key=lambda r: (-r.strength, r.sentence.index))
        return sorted((r for r in self.roles if r.role == role), key=lambda r: (-r.score(role), r.sentence.index))

    def top(self, role: str, n: int) -> list[StorySentence]:
        """The n best sentences for a role, in story order."""
        return sorted((r.sentence for r in self.ranked(role)[:n]), key=lambda s: s.index)

    def tagged(self, tag: str, n: int) -> list[StorySentence]:
        return [r.sentence for r in self.roles if tag in r.tags][:n]

    def customer_sources(self) -> tuple[Source, ...]:
        c = self.story.customer
        if c is not None:
            return (self.source(c.start, c.end),)
        first = self.story.title or (self.story.sentences[0] if self.story.sentences else None)
        return (self.source(*first.source_range()),) if first else ()

    def quote(self) -> Quote | None:
        quotes = sorted(self.story.quotes, key=lambda q: (not q.speaker, -sum(len(s.text) for s in q.sentences) // 200))
        return quotes[0] if quotes else None

    # --- tiers -------------------------------------------------------------------
    def headline(self) -> Tier:
        results = self.ranked("result")
        title = self.story.title
        if title is not None:
            headline = self.sentence(title, max_words=20)
        elif results:
            headline = self.sentence(results.pop(0).sentence, max_words=20, prefer_numbers=True)
        else:
            first = self.story.sentences[0] if self.story.sentences else self.story.quotes[0].sentences[0]
            headline = self.sentence(first, max_words=20)
        used = {headline.sources[0].start}
        opener = next((s for s in self.story.sentences if s.source_range()[0] not in used
                       and not s.text.rstrip().endswith(":")
                       and (not results or s.index != results[0].sentence.index)), None)
        proof = next((r.sentence for r in results if r.sentence.source_range()[0] not in used), None)
        summary_budgets, proof_budgets = (40, 30, 22, 0), (30, 20, 14)
        for summary_words in summary_budgets:
            for proof_words in proof_budgets:
                summary = [self.sentence(opener, max_words=summary_words)] if opener and summary_words else []
                proof_s = [self.sentence(proof, max_words=proof_words, prefer_numbers=True)] if proof else []
                tier = self._headline_tier(headline, summary, proof_s)
                if tier.words <= HEADLINE_WORDS:
                    return tier
        return self._headline_tier(headline, [], proof_s[:1])

    def _headline_tier(self, headline: BriefSentence, summary: list[BriefSentence],
                       proof: list[BriefSentence]) -> Tier:
        name = self.a.customer
        cta_text = f"Read the full {name} story." if name else "Read the full story."
        cta = BriefSentence(self.fix(cta_text), "call-to-action", self.customer_sources())
        return Tier(TIER_SPECS[1], (
            Section("headline", "Headline", (headline,)),
            Section("summary", "Summary", tuple(summary), "" if summary else "The story is too short for a summary."),
            Section("proof", "Proof point", tuple(proof), "" if proof else (
                "The headline carries the story's only result." if self.ranked("result")
                else "The story gives no numbers to prove it.")),
            Section("cta", "Call to action", (cta,)),
        ))

    def talk_track(self, questions: int = 3, results: int = 3, per_role: int = 2, quote: int = 3,
                   compact: bool = False) -> Tier:
        """Sales depth. `compact` shows each story sentence once (a short story's talk track
        must stay shorter than its playbook)."""
        result_rank = [r.sentence for r in self.ranked("result")]
        shown_results = result_rank[:results]
        objection, answer = self._objection(result_rank)
        taken: set[int] = set()
        if compact:
            taken = {src.start for b in objection.sentences + answer.sentences for src in b.sources}
            if answer.sentences and shown_results and answer.sentences[0].sources[0].start == \
                    shown_results[0].source_range()[0]:
                answer = Section("answer", "Answer", (), "Answer with the result above.")
        sections = [
            self._situation(self.top("situation", per_role)),
            self._section("problem", "Problem", self.top("problem", per_role), "The story does not name a problem."),
            self._section("approach", "Approach", self.top("approach", per_role),
                          "The story does not say what the customer did."),
            self._results("result", "Result", shown_results, "add a measured result before using it in a deal"),
            self._pillar_section(),
            self._quote_section(quote, taken),
            self._questions(questions),
            objection,
            answer,
        ]
        return Tier(TIER_SPECS[2], tuple(sections))

    def playbook(self) -> Tier:
        start = sorted(self.top("situation", 3) + self.top("problem", 4), key=lambda s: s.index)
        # Listed steps first, then what else the customer did, told in story order.
        rollout = sorted({s.index: s for s in self.tagged("step", 10) + self.top("approach", 8)}.values(),
                         key=lambda s: s.index)[:12]
        metrics = sorted((r.sentence for r in self.ranked("result")), key=lambda s: s.index)
        problem, approach = self.ranked("problem"), self.ranked("approach")
        evidence = (self.ranked("result") + self.ranked("approach") + [SentenceRole(s, "", (), frozenset(), 0.0)
                                                                       for s in self.story.sentences[:1]])
        starting = self._situation(start, name="starting-point", title="Starting point",
                                   missing="The story does not describe where the customer started.")
        sections = [
            starting,
            self._section("rollout", "Rollout steps", rollout, "The story does not describe the rollout."),
            self._results("metrics", "Success metrics", metrics, "agree success metrics with the customer"),
        ]
        # A risk or a handoff may repeat a metric or a starting point (that is where stories put
        # them), but one sentence serves one of risks, expansion and handoff.
        used: set[int] = set()
        for name, title, tag, pool, stem, fallback in (
            ("risks", "Risks", "risk", problem, "To the writer: ask the customer what could bring back {}.",
             "To the writer: ask the customer what could put these results at risk."),
            ("expansion", "Expansion signals", "expansion", approach,
             "To the writer: note which other teams ask about {}; that is an expansion signal.",
             "To the writer: ask the customer which other teams want the same results."),
            ("handoff", "Handoff from sales", "handoff", problem,
             "To the writer: record what sales learned about {} before the handoff.",
             "To the writer: record what sales promised the customer before the handoff."),
        ):
            section = self._tag_or_prompt(name, title, tag, pool, stem, used, fallback, evidence)
            used |= {src.start for b in section.sentences for src in b.sources if b.kind != "prompt"}
            sections.append(section)
        # The customer's own words, whole: a Customer Success Manager quotes them back in reviews.
        voice = self._quote_section(limit=12)
        sections.append(replace(voice, name="voice", title="Customer voice"))
        return Tier(TIER_SPECS[3], tuple(sections))

    # --- sections ----------------------------------------------------------------
    def _section(self, name: str, title: str, sentences: Sequence[StorySentence], missing: str) -> Section:
        return Section(name, title, tuple(self.sentence(s) for s in sentences), "" if sentences else missing)

    def _results(self, name: str, title: str, sentences: Sequence[StorySentence], todo: str) -> Section:
        section = self._section(name, title, sentences, f"The story gives no numbers: {todo}.")
        if sentences and not any(q.kind != "year" for s in sentences for q in s.quantities):
            return replace(section, note=f"The story gives no numbers: {todo}.")
        return section

    def _situation(self, sentences: Sequence[StorySentence], name: str = "situation", title: str = "Situation",
                   missing: str = "The story does not describe the customer's situation.") -> Section:
        """Situation sentences; else who the customer is, from an appositive or the front matter."""
        if sentences:
            return self._section(name, title, sentences, "")
        story, c = self.story, self.story.customer
        if c is not None:
            for s in story.sentences:
                m = re.match(rf"({re.escape(s.text[:len(c.value)])}),\s+((?:a|an|the)\s[^,;]{{3,80}}),", s.text)
                if m and s.text.startswith(c.value):
                    described = self.fix(m.group(1) + ", " + m.group(2) + ".")
                    return Section(name, title, (BriefSentence(described, "story",
                                                               (self.source(*s.source_range(0, m.end(2))),)),))
            facts = [f for f in (story.industry, story.size) if f is not None]
            if facts:
                text = self.fix(f"{c.value}: " + ", ".join(f.value for f in facts) + ".")
                sources = tuple(self.source(f.start, f.end) for f in (c, *facts))
                return Section(name, title, (BriefSentence(text, "story", sources),))
        return Section(name, title, (), missing)

    def _pillar_section(self) -> Section:
        proven = [p for p in self.a.pillars if p.proves][:2]
        out = []
        for p in proven:
            ev = p.evidence
            sources = (self.source(*ev.source_range()),) if ev else ()
            out.append(BriefSentence(self.fix(p.pillar.name), "pillar", sources))
        note = "" if out else "The story proves no pillar of the narrative clearly; check it against narrative.md."
        return Section("pillar", "Pillar it proves", tuple(out), note)

    def _quote_section(self, limit: int = 3, taken: set[int] = frozenset()) -> Section:  # type: ignore[assignment]
        q = self.quote()
        if q is None:
            return Section("quote", "In their words", (), "No quote in the story.")
        kept = [s for s in q.sentences if s.source_range()[0] not in taken][:limit]
        said = [self.sentence(s, "quote") for s in kept]
        note = "" if said else "The quote is used in the objection and answer below."
        if q.speaker and q.speaker_range:
            who = self.fix(f"{q.speaker}, {q.role}" if q.role else q.speaker)
            said.append(BriefSentence(who, "speaker", (self.source(*q.speaker_range),)))
            return Section("quote", "In their words", tuple(said), note)
        return Section("quote", "In their words", tuple(said), note or "The story does not say who said this.")

    def _questions(self, limit: int) -> Section:
        stems = ("Ask: how does your team handle {} today?", "Ask: who owns {} on your side?",
                 "Ask: what would change for you if {} were solved?")
        pool = [r.sentence for r in self.ranked("problem")] or [r.sentence for r in self.ranked("result")] \
            or [r.sentence for r in self.ranked("approach")]
        out: list[BriefSentence] = []
        seen: set[str] = set()
        for s in pool:
            phrase = self.a.phrases.get(s.index, "").lower()
            if not phrase or phrase in seen or len(out) >= limit:
                continue
            seen.add(phrase)
            if (q := self.stem(stems[len(out)], s, "question")) is not None:
                out.append(q)
        note = "" if out else "The story names no problem to build discovery questions from."
        return Section("questions", "Discovery questions", tuple(out), note)

    def _objection(self, results: list[StorySentence]) -> tuple[Section, Section]:
        said = [s for q in self.story.quotes for s in q.sentences]
        objection = next((s for s in said if "objection" in quote_tags(s)), None) \
            or next(iter(self.tagged("objection", 1)), None)
        answer: StorySentence | None = None
        first: BriefSentence | None
        if objection is not None:
            first = self.sentence(objection, "quote" if objection.quoted else "story")
            follow = next((s for s in said if s.index == objection.index + 1 and s.block == objection.block), None)
            answer = follow if follow is not None and "objection" not in quote_tags(follow) else None
        else:
            base = next(iter(self.ranked("problem")), None)
            first = self.stem("To the writer: name the doubt a buyer raises about changing {}, and answer it "
                              "with this story's result.", base.sentence, "prompt") if base else None
            if first is None and results:
                first = BriefSentence(self.fix("To the writer: name the doubt a buyer raises before a change like "
                                               "this one, and answer it with this story's result."), "prompt",
                                      (self.source(*results[0].source_range()),))
        answer = answer or (results[0] if results else None)
        obj = Section("objection", "Objection", (first,) if first else (),
                      "" if first else "The story gives nothing to build an objection from.")
        said_answer = (self.sentence(answer, "quote" if answer.quoted else "story"),) if answer else ()
        ans = Section("answer", "Answer", said_answer,
                      "" if answer else "The story has no result to answer an objection with.")
        return obj, ans

    def _tag_or_prompt(self, name: str, title: str, tag: str, pool: list[SentenceRole], stem: str,
                       used: set[int], fallback: str, evidence: list[SentenceRole]) -> Section:
        """Story sentences with the tag; else a prompt around a phrase of the story; else a
        fact-free prompt that points at the results it is about."""
        found = [s for s in self.tagged(tag, 12) if s.source_range()[0] not in used][:3]
        if found:
            return self._section(name, title, found, "")
        note = f"The story names no {title.lower()}."
        if tag == "expansion" and self.a.terms:
            # What the customer adopted ("Guided Plays") is what other teams will ask for.
            term, index = self.a.terms[0]
            s = next(x for x in self.story.sentences if x.index == index)
            text = self.fix(stem.format(term))
            return Section(name, title, (BriefSentence(text, "prompt", (self.source(*s.source_range()),)),), note)
        for r in pool:
            if (prompt := self.stem(stem, r.sentence, "prompt")) is not None:
                return Section(name, title, (prompt,), note)
        if evidence:
            source = self.source(*evidence[0].sentence.source_range())
            return Section(name, title, (BriefSentence(self.fix(fallback), "prompt", (source,)),), note)
        return Section(name, title, (), note)


def _clip(s: StorySentence, max_words: int, prefer_numbers: bool) -> tuple[int, int]:
    """The clause of a long sentence that fits: the one with the most numbers, or the first."""
    clauses = [(a, b) for a, b in between(s.text, _CLAUSE_BREAK) if len(s.text[a:b].split()) >= 4]
    fitting = [c for c in clauses if len(s.text[c[0]:c[1]].split()) <= max_words]
    if not fitting:
        return 0, len(s.text)

    def numbers(c: tuple[int, int]) -> int:
        return sum(1 for q in s.quantities if c[0] <= q.start < c[1] and q.kind != "year")

    return max(fitting, key=lambda c: (numbers(c), -c[0])) if prefer_numbers else fitting[0]


_DEPTHS = ((3, 3, 2, 3, False), (2, 2, 2, 3, False), (2, 2, 1, 2, False), (1, 1, 1, 1, False), (1, 1, 1, 1, True))


# The talk track has more sections than the playbook, so its template adds more words around
# the same sentences: it must be this much shorter before rendering to stay shorter after.
LENGTH_MARGIN = 0.85


def balance(talk_track: Callable[..., Tier], playbook: Tier) -> Tier:
    """A talk track shorter than the playbook: shed optional depth until it is."""
    for questions, results, per_role, quote, compact in _DEPTHS:
        tier = talk_track(questions=questions, results=results, per_role=per_role, quote=quote, compact=compact)
        if tier.words < playbook.words * LENGTH_MARGIN:
            return tier
    return tier

