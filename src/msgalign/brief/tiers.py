"""The three tiers: one story told as a headline, a talk track and a playbook.

Every brief sentence is a story sentence (or a whole clause of one), a quote
in the customer's words with its speaker, a pillar name from the narrative,
or one of a few fixed sentences of our own (discovery questions picked by the
problem the story names, the call to action); none carries a number, a name
or a claim the story does not. Each keeps the story span(s) it came from.

The headline leads with the story's strongest result and one quote, in about
60 to 100 words. The talk track tells situation, problem, approach, every
result and a quote, with an objection only when the story gives one. The
playbook has rollout steps, success metrics and the customer's voice, with
risks, expansion signals and a handoff only when the story names them. A
section the story cannot fill is left out and listed once, at the end of the
tier, in a note to the writer.

Glossary fixes are applied to narration only when they are safe: a sentence
that needs a rewrite that would change what it says ("the customer score they
had before" is not the Health Score) and every quote that uses a retired word
is left out and named in a note; quotes are never rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from msgalign.brief.mapping import PillarMatch, ProofPointMatch
from msgalign.brief.results import PROMO, Mention, Result, describes_customer, problem_section
from msgalign.brief.roles import SentenceRole, quote_tags
from msgalign.brief.story import Quote, Story, StorySentence

HEADLINE_WORDS = 95    # the headline tier reads in one breath: about 60 to 100 words as a reader counts them
HEADLINE_MIN_WORDS = 60


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
    kind: str        # story, quote, speaker, pillar, question, call-to-action, connective
    sources: tuple[Source, ...]
    link: str = ""   # a call to action's address (the story's URL from its front matter)
    speaker: str = ""  # who said a quote listed among results ("Gaute Lund, co-founder and owner")


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    sentences: tuple[BriefSentence, ...]
    note: str = ""   # kept for templates written for older briefs; notes now go to Tier.notes

    @property
    def words(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)


@dataclass(frozen=True)
class Tier:
    spec: TierSpec
    sections: tuple[Section, ...]
    notes: tuple[str, ...] = ()   # to the writer: what the story could not fill, said once

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sections)

    def section(self, name: str) -> Section:
        return next(s for s in self.sections if s.name == name)

    def has(self, name: str) -> bool:
        return any(s.name == name for s in self.sections)


@dataclass(frozen=True)
class Fixer:
    """Glossary rewriting: `narration` gives the fixed text, or None when no safe rewrite exists;
    `quote_ok` says whether a quote can stand verbatim (it uses no retired word)."""

    narration: Callable[[str], str | None]
    quote_ok: Callable[[str], bool]
    template: Callable[[str], str]


@dataclass(frozen=True)
class Analysis:
    """What the tiers are cut from: the story, read, classified and mapped."""

    story: Story
    customer: str
    roles: tuple[SentenceRole, ...]
    results: tuple[Result, ...]
    pillars: tuple[PillarMatch, ...]
    proof_points: tuple[ProofPointMatch, ...]
    has_narrative: bool = False
    terms: tuple[tuple[str, int], ...] = field(default=())


# --- discovery questions: our own words, picked by the problem the story names ------------------
# (pattern over the problem sentences, question). Fixed sentences: grammatical, no number, no name.
QUESTION_THEMES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.I), q) for p, q in (
    (r"\b(?:cost|bill|pricing|expens\w*|spend\w*|budget)\b",
     "What does your current setup cost you each month, and how fast is that cost growing?"),
    (r"\b(?:went down|goes down|outages?|downtime|reliab\w*|uptime|hang|crash\w*|irreparable|failed|failures?)\b",
     "What happens to your team's work when the system it depends on goes down?"),
    (r"\b(?:vulnerab\w*|exploit\w*|patch\w*|log4j|CVEs?)\b",
     "If a vulnerable library turned up tomorrow, how would you find every place it is used?"),
    (r"\b(?:legacy|deprecat\w*|sunset\w*|retir\w*)\b",
     "Before you retire an old system, how do you make sure nothing still depends on it?"),
    (r"\b(?:spreadsheets?|reconcil\w*)\b",
     "How much of your team's week goes into reconciling spreadsheets?"),
    (r"\b(?:manual\w*|by hand)\b",
     "How much of your team's week goes into work done by hand?"),
    (r"\b(?:own system|no view|silo\w*|different (?:pipeline )?numbers|each team|shared view)\b",
     "Does every team work from one shared view, or does each keep its own system?"),
    (r"\b(?:catch up|asynchronous|async|overview|overlapping conversations|threads?|missed)\b",
     "How does your team catch up on the discussions it missed?"),
    (r"\b(?:compliance|sensitive data|privacy|third[- ]part(?:y|ies)(?! cookies)|GDPR|data security)\b",
     "Where does your customers' data go today, and who outside your company can see it?"),
    (r"\b(?:ad ?blockers?|third-party cookies|user data|tracking plans?|instrument\w*)\b",
     "How much of what your users do never reaches your analytics today?"),
    (r"\b(?:log ?in|sign(?:ed)? (?:in|up)|authenticat\w*|duplicate users?)\b",
     "How often do your users get stuck signing in, and what does that cost you?"),
    (r"\b(?:hand-?offs?|moved on after|repeat(?:ed)? their goals)\b",
     "What does a new customer have to repeat when they move from sales to customer success?"),
    (r"\b(?:repl(?:y|ies)|respon(?:se|ses|d)|wait\w*|inbox|tickets?|backlog)\b",
     "How long do your customers wait for an answer today, and what happens when the volume doubles?"),
    (r"\b(?:renewals?|cancell?ation|churn\w*)\b",
     "How early do you learn that a customer may not renew?"),
    (r"\b(?:forecast\w*|pipeline numbers?)\b",
     "How many versions of the pipeline number reach your forecast call?"),
    (r"\b(?:only (?:full-time )?developer|small team|by himself|by herself|no team|didn’t have a team|"
     r"didn't have a team|one developer|burden)\b",
     "Who on your team carries the work of running this today, and what else would they build?"),
    (r"\b(?:scal\w+|hyper-growth|growth|grew)\b",
     "What breaks first in your current setup as you grow?"),
    (r"\b(?:up and running|set(?:ting)? up|configur\w*|servers?|data cent(?:er|re)s?)\b",
     "How long does your team spend setting up tools before it can start building?"),
    (r"\b(?:rapidly|competitive edge|quickly|move fast|speed)\b",
     "How long does it take you today to go from an idea to something customers can use?"),
))


class TierBuilder:
    def __init__(self, analysis: Analysis, fixer: Fixer) -> None:
        self.a = analysis
        self.story = analysis.story
        self.fixer = fixer
        self.left_out: dict[str, str] = {}  # note key → note, in the order found
        self.result_sentences = {m.sentence.index for r in analysis.results for m in r.mentions}
        # A sentence the roles call a result but that states no result (a number that describes the
        # customer) tells the situation, problem or approach it scores best for.
        self.roles = [r if r.role != "result" or r.sentence.index in self.result_sentences
                      else replace(r, role=max(("situation", "problem", "approach"), key=r.score))
                      for r in analysis.roles if r.role != "lead-in"]

    # --- pieces ------------------------------------------------------------------
    def source(self, start: int, end: int) -> Source:
        span = self.story.span(start, end)
        return Source(start, end, span.line, span.end_line, self.story.text[start:end])

    def sentence(self, s: StorySentence, kind: str = "story", max_words: int | None = None,
                 prefer: int | None = None) -> BriefSentence | None:
        """A story sentence (or a whole clause of it that fits), glossary-fixed; None when it cannot
        be used as written (broken, or a rewrite would change what it says)."""
        start, end = 0, len(s.text)
        if kind != "quote" and (seq := _SEQUENCE.match(s.text)):
            start = seq.end()  # "First, their configuration had become too complex": the list word is the story's order
        if max_words is not None and s.words > max_words:
            clipped = _clip(s, max_words, prefer)
            if clipped is None:
                return None
            start, end = max(start, clipped[0]), clipped[1]
        text = s.text[start:end].strip()
        if (start, end) != (0, len(s.text)):
            text = text[:1].upper() + text[1:]
            text = re.sub(r"[,;:—–\s]+$", "", text)
            text += "" if re.search(r"[.!?…][\"'”’)]*$", text) else "."
        if broken(text) and s.kind != "heading":
            return None
        if s.kind != "heading" and kind != "quote" and not re.search(r"[.!?…][\"'”’)]*$", text):
            text += "."  # a list item or a caption told as a sentence
        where = self._where(s)
        if kind == "quote":
            if not self.fixer.quote_ok(text):
                self.left_out.setdefault(f"quote-term-{s.index}", (
                    f"A quote {where} uses a word the glossary retires; quotes stay as the customer said "
                    "them, so it is left out. Ask the customer to approve the current wording, or use another "
                    "quote."))
                return None
            fixed = text
        else:
            rewritten = self.fixer.narration(text)
            if rewritten is None:
                self.left_out.setdefault(f"term-{s.index}", (
                    f"A sentence {where} is left out: it uses a word the glossary retires, and rewriting it "
                    "would change what the story says."))
                return None
            fixed = rewritten
        named: list[Source] = []
        if kind != "quote":
            fixed, named = self._full_names(fixed)
        return BriefSentence(fixed, kind, (self.source(*s.source_range(start, end)), *named))

    def _where(self, s: StorySentence) -> str:
        """Where a sentence stands, for a note: under its heading (no line numbers: a note carries no
        number the story does not)."""
        if s.section and self.fixer.quote_ok(s.section) and not re.search(r"\d", s.section):
            return f"under “{s.section}”"
        return "in the story"

    def usable(self, sentences: Sequence[StorySentence], kind: str = "story", max_words: int | None = None,
               limit: int = 99) -> list[BriefSentence]:
        out: list[BriefSentence] = []
        for s in sentences:
            if len(out) >= limit:
                break
            if (b := self.sentence(s, kind, max_words)) is not None \
                    and not any(b.text == x.text or _same_words(b.text, x.text) for x in out):
                out.append(b)  # (what the summary and the body both say, nearly word for word, is said once)
        return out

    def ranked(self, role: str, exclude_results: bool = True) -> list[StorySentence]:
        rs = [r for r in self.roles if r.role == role
              and not (exclude_results and role != "result" and r.sentence.index in self.result_sentences)]
        return [r.sentence for r in sorted(rs, key=lambda r: (-r.score(role), r.sentence.index))]

    def top(self, role: str, n: int) -> list[StorySentence]:
        """The n best usable sentences for a role, in story order."""
        later = {r.sentence.index for r in self.roles if "expansion" in r.tags} if role == "approach" else set()
        picked = [s for s in self.ranked(role) if self._fits(s) and s.index not in later
                  and not (role == "approach" and describes_customer(s.text))
                  and not (role in ("situation", "approach") and self._someone_else(s.text))
                  and not (role == "approach" and is_pain(s.text, self.a.customer))][:n]
        # (plans are no approach, and neither is who the customer is: "Acme helps its members …"; the
        # vendor's own paragraph about itself is neither the customer's situation nor its approach)
        return sorted(picked, key=lambda s: s.index)

    def _someone_else(self, text: str) -> bool:
        """A sentence about another organisation than the customer: "Fleet is the open-source …" in a
        story about someone else, or the vendor speaking ("Our API-first approach …") in a story told
        about the customer in the third person."""
        m = _NAMED_SUBJECT.match(text)
        if m and m.group(1) not in _NOT_SUBJECT:
            name, customer = m.group(1).casefold(), self.a.customer.casefold()
            if not customer or (name not in customer and customer.split()[0] not in name
                                and customer.split()[0] not in text.casefold()):
                return True  # (not "Sourcegraph enables SoFi to …": that is about the customer too)
        if re.match(r"^\W*(?:Our|We)\b", text):
            told = [s.text for s in self.story.sentences]
            first = sum(bool(re.search(r"\b(?:we|our|us)\b", t, re.I)) for t in told)
            return first * 5 < len(told)  # the story speaks of the customer as "they"
        return False

    def problems(self, n: int) -> list[StorySentence]:
        """The n sentences that best tell the customer's pain (what was slow, costly, broken, risky
        or missing before), in story order. A sentence the roles call a problem but that names no
        pain (what the customer does, a plan, a general statement about the field) is context, not
        the problem; so is a decision ("decided to break down those silos")."""
        later = {r.sentence.index for r in self.roles if "expansion" in r.tags}
        pool = [r for r in self.roles if r.sentence.index not in self.result_sentences and r.sentence.index not in later
                and (r.role == "problem" or (r.role != "result" and problem_section(r.sentence)))
                and self._fits(r.sentence) and is_pain(r.sentence.text, self.a.customer)]
        ranked = sorted(pool, key=lambda r: (-(r.score("problem") + 0.25 * min(3, len(_PAIN.findall(r.sentence.text)))),
                                             r.sentence.index))
        return sorted((r.sentence for r in ranked[:n]), key=lambda s: s.index)

    def _fits(self, s: StorySentence) -> bool:
        return 4 <= s.words <= 60 and not broken(s.text) and not s.text.rstrip().endswith(("?", ":")) \
            and not PROMO.search(s.text) and not self._part_name(s.text) and not _LEANS_BACK.match(s.text)

    def _people(self) -> list[str]:
        return sorted({q.speaker for q in self.story.quotes if " " in q.speaker})

    def _part_name(self, text: str) -> bool:
        """A part of a quoted person's name that could be more than one of them ("John" when the
        story quotes two Johns): such a sentence cannot name them in full, so it is not used."""
        for person in self._people():
            for part in person.split():
                if len(part) > 2 and person not in text and re.search(rf"\b{re.escape(part)}\b", text):
                    if sum(part in p.split() for p in self._people()) > 1:
                        return True
        return False

    def _full_names(self, text: str) -> tuple[str, list[Source]]:
        """Name a quoted person in full where a sentence uses a part of the name ("Steinn ran a POC"
        → "Jakob Steinn ran a POC"), once per sentence; the name comes from where the story gives it."""
        sources: list[Source] = []
        for person in self._people():
            if person in text:
                continue
            for part in person.split():
                if len(part) <= 2 or sum(part in p.split() for p in self._people()) > 1:
                    continue
                m = re.search(rf"(?<![\w-]){re.escape(part)}(?![\w-])", text)
                at = self.story.text.find(person)
                if m and at >= 0:
                    text = text[:m.start()] + person + text[m.end():]
                    sources.append(self.source(at, at + len(person)))
                    break
        return text, sources

    def tagged(self, tag: str, n: int) -> list[StorySentence]:
        return [r.sentence for r in self.roles if tag in r.tags and self._fits(r.sentence)][:n]

    def speaker(self, q: Quote) -> BriefSentence | None:
        if not q.speaker or q.speaker_range is None:
            return None
        role = re.split(r",\s+and\s+|;\s+|\s+[—–]\s+", q.role)[0]  # the role, not a career
        who = f"{q.speaker}, {role}" if role else q.speaker
        return BriefSentence(self.fixer.template(who), "speaker", (self.source(*q.speaker_range),))

    def quotes(self) -> list[Quote]:
        """Quotes worth repeating, best first: named in full, pulled out by the writer (a
        blockquote), saying a result, and neither a fragment nor a speech."""
        def score(q: Quote) -> tuple[float, int]:
            words = sum(s.words for s in q.sentences)
            value = 0.0
            value += 2.0 if " " in q.speaker else (0.5 if q.speaker else -3.0)
            value += 1.0 if q.role else 0.0
            value += 1.0 if any(s.kind == "quote" for s in q.sentences) else 0.0
            # Saying one of the story's results (not merely a number: "dropped 30% of user data" is the problem).
            value += 1.5 if any(s.index in self.result_sentences for s in q.sentences) else 0.0
            value -= abs(words - 30) / 30
            value -= 2.0 if any(broken(s.text) for s in q.sentences) else 0.0
            value -= 2.0 if _LEANS_BACK.match(q.sentences[0].text) else 0.0  # "And, perhaps more importantly, …"
            return (-value, q.sentences[0].index)

        seen: set[str] = set()
        out = []
        for q in sorted(self.story.quotes, key=score):
            norm = " ".join(q.text.lower().split())
            if any(norm in s or s in norm or _same_words(norm, s) for s in seen):
                continue  # a pull quote repeats words said in the prose
            seen.add(norm)
            out.append(q)
        return out

    def _said_result(self, q: Quote) -> Quote:
        """The part of a quote that says a result, when its opening sentences do not ("… is really great.
        We recently used it to … We found that users … sent 40% more messages"): that sentence, and the
        one before it when it does not lean back on what came before."""
        at = next((i for i, s in enumerate(q.sentences) if s.index in self.result_sentences), None)
        if at is None or at < 2:
            return q
        start = at - 1 if q.sentences[at - 1].words + q.sentences[at].words <= 40 \
            and not _LEANS_BACK.match(q.sentences[at - 1].text) else at
        return replace(q, sentences=q.sentences[start : at + 1])

    def quote_lines(self, q: Quote, max_sentences: int, max_words: int) -> list[BriefSentence]:
        said: list[BriefSentence] = []
        words = 0
        for s in q.sentences[:max_sentences]:
            b = self.sentence(s, "quote")
            if b is None or (said and words + s.words > max_words):
                break
            said.append(b)
            words += s.words
        if not said or words > max_words * 1.3:
            return []
        # One passage in one pair of quotation marks, traced to each sentence it joins.
        joined = BriefSentence(_closed(" ".join(b.text for b in said)), "quote",
                               tuple(src for b in said for src in b.sources))
        who = self.speaker(q)
        return [joined, who] if who else [joined]

    def note(self, key: str, text: str) -> None:
        self.left_out.setdefault(key, text)

    def cta(self) -> BriefSentence | None:
        url = self.story.url
        if url is None:
            return None
        name = self.a.customer
        text = self.fixer.template(f"Read the full {name} story." if name else "Read the full story.")
        return BriefSentence(text, "call-to-action", (self.source(url.start, url.end),), link=url.value)

    def finish(self, spec: TierSpec, sections: list[Section], missing: list[str]) -> Tier:
        kept = tuple(s for s in sections if s.sentences)
        notes = [*missing, *self.left_out.values()]
        if self.story.url is None and spec.number == 1:
            notes.append("The story's front matter has no `url:`, so the brief has no link to it; add one to get "
                         "a call to action.")
        return Tier(spec, kept, tuple(dict.fromkeys(notes)))

    # --- tier 1 ------------------------------------------------------------------
    def headline(self, max_words: int = HEADLINE_WORDS) -> Tier:
        """`max_words` lowers the budget below HEADLINE_WORDS for a story too short to fill three tiers."""
        self.left_out = {}
        results = list(self.a.results)
        title = self.story.title
        lead: BriefSentence | None = None
        lead_quote: Quote | None = None
        used: set[int] = set()
        missing: list[str] = []
        for r0 in results[:3]:
            # The strongest result that can be said in a headline's words leads.
            if lead is not None or lead_quote is not None:
                break
            if title is not None and r0.in_title():
                lead = self.sentence(title, max_words=24)
                used.add(title.index)
            if lead is None:
                for m in r0.mentions:
                    if m.where == "quote":
                        q = next((q for q in self.story.quotes if m.sentence in q.sentences), None)
                        if q is not None:
                            at = q.sentences.index(m.sentence)
                            part = replace(q, sentences=q.sentences[max(0, at - 1):at + 1])
                            if sum(x.words for x in part.sentences) > 45 or not q.speaker:
                                part = replace(q, sentences=(m.sentence,))
                            if self.quote_lines(part, 2, 45):
                                lead_quote = part
                                break
                        continue
                    lead = self.sentence(m.sentence, max_words=30, prefer=m.claim.start)
                    if lead is not None:
                        used.add(m.sentence.index)
                        break
            if lead is not None or lead_quote is not None:
                if r0 is not results[0]:
                    results.remove(r0)
                    results.insert(0, r0)  # the lead result is said first; the others are proof
        if not results:
            missing.append("The story gives no measured result, so the headline cannot lead with one; ask the "
                           "customer for a number before publishing.")
        if lead is None and lead_quote is None:
            if title is not None:
                lead = self.sentence(title, max_words=24)
                used.add(title.index)
            if lead is None:
                firsts = self.top("situation", 1) or [s for s in self.story.sentences if self._fits(s)][:1]
                got = self.usable(firsts, max_words=30, limit=1)
                lead = got[0] if got else None
                used |= {s.index for s in firsts[:1]}
        # Candidates, in the order they are worth their words.
        quote_lines: list[BriefSentence] = []
        quotes = self.quotes()
        lead_lines = self.quote_lines(lead_quote, 2, 45) if lead_quote else []
        named = lead_quote if lead_quote is not None and lead_quote.speaker else \
            next((p for q in quotes if q.speaker and self.quote_lines(p := self._said_result(q), 2, 40)), None)
        if named is not None and named is not lead_quote:
            quote_lines = self.quote_lines(named, 2, 40)
        elif named is None:
            missing.append("The story has no quote from a named person; the headline goes without one.")
        if lead_lines:
            quote_lines = lead_lines + quote_lines
        proofs: list[BriefSentence] = []
        taken = {src.start for b in ([lead] if lead else []) for src in b.sources}
        if results:
            used |= {m.sentence.index for m in results[0].mentions}  # say the lead result once
        for r in results[1:]:
            for m in r.mentions:
                if m.where == "quote":
                    continue
                b = _stated(self.sentence(m.sentence, max_words=28, prefer=m.claim.start), m)
                if b is None:
                    continue
                span = (b.sources[0].start, b.sources[0].end)
                whole = span == m.sentence.source_range()
                repeats_lead = any(x.sentence is m.sentence and span[0] <= x.sentence.source_range(x.claim.start)[0]
                                   < span[1] for x in results[0].mentions)
                if repeats_lead or m.sentence.index in used and (whole or any(
                        src.start < span[1] and span[0] < src.end for x in [lead, *proofs] if x for src in x.sources)):
                    continue  # that sentence (or that clause of it) is said already
                if b.sources[0].start not in taken:
                    proofs.append(b)
                    taken.add(b.sources[0].start)
                    used.add(m.sentence.index)
                    break
            if len(proofs) >= 2:
                break
        situation = [s for s in self.top("situation", 2) if s.index not in used]
        problem = [s for s in self.problems(2) if s.index not in used]
        approach = [s for s in self.top("approach", 1) if s.index not in used]
        pool: list[tuple[str, list[BriefSentence]]] = []
        lead_said = [b for b in lead_lines]
        other_said = quote_lines[len(lead_lines):]
        if lead is None and lead_said:
            pool.append(("lead", lead_said))
        if other_said:
            pool.append(("quote", other_said))
        pool += [("summary", [b]) for b in self.usable(situation[:1], max_words=30, limit=1)]
        pool += [("proof", [b]) for b in proofs[:1]]
        pool += [("summary", [b]) for b in self.usable(problem[:1], max_words=30, limit=1)]
        pool += [("proof", [b]) for b in proofs[1:]]
        pool += [("summary", [b]) for b in self.usable(approach, max_words=25, limit=1)]
        cta = self.cta()
        budget = min(max_words, HEADLINE_WORDS) - (len(lead.text.split()) if lead else 0) \
            - (len(cta.text.split()) if cta else 0)
        picked: list[tuple[str, list[BriefSentence]]] = []
        for section, bs in pool:
            cost = sum(len(b.text.split()) for b in bs)
            if cost <= budget or section == "lead":
                picked.append((section, bs))
                budget -= cost
        summary = sorted((b for s, bs in picked if s == "summary" for b in bs), key=lambda b: b.sources[0].start)
        said = [b for s, bs in picked if s == "lead" for b in bs]
        others = [b for s, bs in picked if s == "quote" for b in bs]
        proof = [b for s, bs in picked if s == "proof" for b in bs]
        if lead is None:
            # The strongest result is in the customer's words: the quote is the headline.
            sections = [Section("headline", "Headline", tuple(said)), Section("summary", "Summary", tuple(summary)),
                        Section("proof", "Proof point", tuple(proof)), Section("quote", "In their words",
                                                                               tuple(others))]
        else:
            sections = [Section("headline", "Headline", (lead,)), Section("summary", "Summary", tuple(summary)),
                        Section("proof", "Proof point", tuple(proof)),
                        Section("quote", "In their words", tuple(others))]
        sections.append(Section("cta", "Call to action", (cta,) if cta else ()))
        return self.finish(TIER_SPECS[1], sections, missing)

    # --- tier 2 ------------------------------------------------------------------
    def talk_track(self, questions: int = 3, results: int = 99, per_role: int = 2, quote: int = 3,
                   compact: bool = False) -> Tier:
        self.left_out = {}
        missing: list[str] = []
        situation = self.usable(self.top("situation", per_role))
        problem_s = self.problems(per_role + 1)
        problem = self.usable(problem_s)
        approach = self.usable(self.top("approach", per_role + (0 if compact else 1)))
        shown: list[BriefSentence] = []
        for r in self.a.results[:results]:
            for m in r.mentions:
                if any(src.start == m.sentence.offsets[0] for b in shown for src in b.sources):
                    break  # that sentence is already listed for another result
                b = self._result_line(m, max_words=45)
                if b is not None:
                    shown.append(b)
                    break
        if not situation:
            situation = self._appositive()
        said: list[tuple[StorySentence, BriefSentence]] = []
        if len(problem) < per_role:
            # The story tells (more of) its problem in the customer's words: say it in them, with who said it.
            said = self._quoted_problems(per_role - len(problem))
            problem = problem + [line for _, line in said]
            problem_s = problem_s + [s for s, _ in said]
        told = {s.index for s, _ in said}
        q = next((q for q in self.quotes() if not any(s.index in told for s in q.sentences)
                  and self.quote_lines(q, quote, 70)), None)
        voice = self.quote_lines(q, quote, 70) if q else []
        for label, got in (("situation", situation), ("problem", problem), ("approach", approach)):
            if not got:
                missing.append(f"The story does not describe the customer's {label}, so the talk track has no "
                               f"{label} section.")
        if not shown:
            missing.append("The story gives no measured result: add one before using it in a deal.")
        pillar = self._pillars()
        if not voice:
            missing.append("The story has no quote from a named person.")
        asked = self._questions(problem_s or self.problems(6), questions)
        if not asked:
            missing.append("The story names no problem a discovery question could follow from.")
        objection, answer = self._objection()
        if objection and voice and objection[0].sources[0].start in {src.start for src in voice[0].sources}:
            voice = []  # the quote is the objection and its answer below
        if not objection:
            missing.append("The story gives no objection a buyer raised, so there is none here; do not invent one.")
        sections = [
            Section("situation", "Situation", tuple(situation)),
            Section("problem", "Problem", tuple(problem)),
            Section("approach", "Approach", tuple(approach)),
            Section("result", "Results", tuple(shown)),
            pillar,
            Section("quote", "In their words", tuple(voice)),
            Section("questions", "Discovery questions", tuple(asked)),
            Section("objection", "Objection", tuple(objection)),
            Section("answer", "Answer", tuple(answer) if objection else ()),
        ]
        return self.finish(TIER_SPECS[2], sections, missing)

    def _result_line(self, m: Mention, max_words: int | None = None) -> BriefSentence | None:
        """A result as the story says it: narration, or the customer's own words with who said them."""
        if m.where != "quote":
            return _stated(self.sentence(m.sentence, max_words=max_words, prefer=m.claim.start), m)
        q = next((q for q in self.story.quotes if m.sentence in q.sentences), None)
        if q is None or not q.speaker:
            return None
        b = self.sentence(m.sentence, "quote")
        who = self.speaker(q)
        if b is None or who is None:
            return None
        return replace(b, text=_closed(b.text), speaker=who.text, sources=b.sources + who.sources)

    def _quoted_problems(self, n: int) -> list[tuple[StorySentence, BriefSentence]]:
        """Up to n sentences of named speakers that tell a problem, each as one line with the speaker
        ("Cat Li, Product Lead: “… dropped 30% of user data …”")."""
        out: list[tuple[StorySentence, BriefSentence]] = []
        for q in self.story.quotes:
            who = self.speaker(q)
            if who is None or " " not in q.speaker:
                continue  # (a problem is told with who said it, named in full)
            for s in q.sentences:
                if len(out) >= n or s.index in self.result_sentences \
                        or not _QUOTED_PROBLEM.search(s.text) or _LEANS_BACK.match(s.text) \
                        or _ANAPHOR.search(s.text) or not 6 <= s.words <= 45:
                    continue
                b = self.sentence(s, "quote")
                if b is None or any(_same_words(b.text, x.text) or b.text[:40] in x.text for _, x in out):
                    continue  # (a pull quote that repeats what the prose quoted)
                if out and out[-1][1].text.startswith(who.text + ": "):  # the same speaker again: one line
                    last = out[-1][1]
                    out.append((s, replace(last, text=f"{last.text} “{_closed(b.text)}”",
                                           sources=last.sources[:-1] + b.sources + who.sources)))
                    del out[-2]
                else:
                    out.append((s, BriefSentence(f"{who.text}: “{_closed(b.text)}”", "connective",
                                                 b.sources + who.sources)))
        return out

    def _appositive(self) -> list[BriefSentence]:
        """Who the customer is, from an appositive ("Brightline HR, a 310-person HR software company,")."""
        c = self.story.customer
        if c is None:
            return []
        for s in self.story.sentences:
            m = re.match(rf"({re.escape(c.value)}),\s+((?:a|an|the)\s[^,;]{{3,80}}),", s.text)
            if m:
                text = self.fixer.narration(m.group(1) + " is " + m.group(2) + ".")
                if text is not None:
                    # "is" is ours; the rest is the story's words.
                    return [BriefSentence(text, "connective", (self.source(*s.source_range(0, m.end(2))),))]
        return []

    def _pillars(self) -> Section:
        proven = [p for p in self.a.pillars if p.proves][:2]
        out = []
        for p in proven:
            ev = p.evidence
            sources = (self.source(*ev.source_range()),) if ev else ()
            out.append(BriefSentence(self.fixer.template(p.pillar.name), "pillar", sources))
        if self.a.has_narrative and not out:
            self.note("pillar", "The story proves no pillar of the narrative clearly; check it against the "
                                "narrative before using it.")
        return Section("pillar", "Pillar it proves", tuple(out))

    def _questions(self, problems: Sequence[StorySentence], limit: int) -> list[BriefSentence]:
        out: list[BriefSentence] = []
        asked: set[str] = set()
        pool = list(problems) + [s for s in self.problems(6) if s not in problems]
        if self.story.title is not None:
            pool.append(self.story.title)
        pool += [h for h in self.story.headings if re.search(r"(?i)challenge|problem|issue|risk", h.text)]
        # The customer's own words about what was wrong ("we didn't want compliance issues with third parties").
        pool += [s for q in self.story.quotes if q.speaker for s in q.sentences
                 if s.index not in self.result_sentences and (_QUOTED_PROBLEM.search(s.text) or _NOT.search(s.text))]
        tools = self._old_tools(pool)
        # A result that tells how long a task took before ("provisioning a new customer could take up to 3
        # weeks … reduced to one hour") gives a question about that task; its theme (a result) gives none.
        before = [m.sentence for r in self.a.results for m in r.mentions
                  if m.where in ("prose", "quote") and _TASK_TOOK.search(m.sentence.text)]
        # Questions on the story's own pain first (its task and how long it took, its old tool, its manual
        # work), in the story's words; then fixed questions picked by the theme. One per sentence.
        told = [s for s in self.story.sentences if s.index in tools and s not in pool]  # "Initially, they used X to …"
        own = [(s, self._own_questions(s, tools)) for s in pool + [s for s in before + told if s not in pool]]
        themed = [(s, [(q, ()) for pattern, q in QUESTION_THEMES if pattern.search(s.text)]) for s in pool]
        used: set[int] = set()
        for s, questions in own + themed:
            if len(out) >= limit:
                break
            if id(s) in used:
                continue
            for question, spans in questions:
                if question in asked:
                    continue
                asked.add(question)
                used.add(id(s))
                out.append(BriefSentence(self.fixer.template(question), "question",
                                         (self.source(*s.source_range()), *(self.source(*x) for x in spans))))
                break
        return out

    def _old_tools(self, pool: Sequence[StorySentence]) -> dict[int, list[tuple[str, tuple[int, int]]]]:
        """The tools the customer had before, as the story names them, per sentence of the problem:
        "relied heavily on manual data entry and Excel", "Previous solution: Workspace ONE", "used
        Terraform". Never the customer, a person quoted or the vendor (the name the story uses most)."""
        names: dict[str, int] = {}
        for s in self.story.sentences:
            for m in re.finditer(_TOOL_NAME, s.text):
                names[m.group()] = names.get(m.group(), 0) + 1
        vendor = {n for n, c in names.items() if c >= 4 and c == max(names.values())}
        people = {w for q in self.story.quotes for w in q.speaker.split()}
        customer = set(self.a.customer.split())
        scan = list(pool) + [s for s in self.story.sentences if s not in pool and s.index not in self.result_sentences
                             and (problem_section(s) or _BEFORE_TIME.match(s.text))]
        everyday = " ".join(s.text for s in self.story.sentences)
        out: dict[int, list[tuple[str, tuple[int, int]]]] = {}
        for s in scan:
            for m in _OLD_TOOL.finditer(s.text):
                group = "used" if m.group("used") else "tool"
                name = m.group(group)
                if name in vendor or set(name.split()) & (people | customer) or name.lower() in _SENTENCE_WORDS \
                        or re.search(rf"\b{re.escape(name.lower())}\b", everyday):
                    continue  # (a word the story also writes in lower case is a word, not a tool: "Manual tracking")
                out.setdefault(s.index, []).append((name, s.source_range(m.start(group), m.end(group))))
        return out

    def _own_questions(self, s: StorySentence, tools: dict[int, list[tuple[str, tuple[int, int]]]]) -> list[Asked]:
        """Discovery questions built on the story's own pain, with the spans of the words they take."""
        out: list[Asked] = []
        text = s.text
        if s.kind == "heading":
            return out
        if (m := _TASK_TOOK.search(text)) and not _DECISION.search(text):
            task = m.group("task")
            out.append((f"How long does {task} take your team today?",
                        (s.source_range(m.start("task"), m.end("task")),)))
        elif (m := _THING_TOOK.match(text)) and m.group("thing").split()[0].lower() not in _SENTENCE_WORDS:
            thing = m.group("thing")
            first = thing.split()[0]
            if re.search(rf"\b{re.escape(first.lower())}\b", self.story.text):
                thing = thing[0].lower() + thing[1:]  # capitalised only to open the sentence ("Handoffs …")
            verb = "do" if re.search(r"(?<!s)s$", thing.split(" ")[0]) else "does"
            out.append((f"How long {verb} your {thing} take today?",
                        (s.source_range(m.start("thing"), m.end("thing")),)))
        for name, span in tools.get(s.index, [])[:1]:
            out.append((f"If your team works in {name} today, where does it slow you down?", (span,)))
        if (m := _MANUAL_WORK.search(text)) and not s.quoted:
            out.append((f"How much of your team's week goes into {m.group('work')}?",
                        (s.source_range(m.start("work"), m.end("work")),)))
        return out

    def _objection(self) -> tuple[list[BriefSentence], list[BriefSentence]]:
        """A doubt the story itself gives (the customer's "we expected a six-month project"), and
        what answered it: the next thing they said, or the strongest result."""
        said = [(q, s) for q in self.story.quotes for s in q.sentences]
        found = next(((q, s) for q, s in said if "objection" in quote_tags(s) and _DOUBT.search(s.text)), None)
        objection: list[BriefSentence] = []
        answer: list[BriefSentence] = []
        if found is not None:
            q, s = found
            b = self.sentence(s, "quote")
            if b is not None:
                objection = [b] + ([w] if (w := self.speaker(q)) else [])
                follow = next((x for x in q.sentences if x.index == s.index + 1), None)
                if follow is not None and (f := self.sentence(follow, "quote")) is not None:
                    answer = [f]
        else:
            narrated = next(iter(s for s in self.tagged("objection", 3) if s.index not in self.result_sentences
                                 and _DOUBT.search(s.text)), None)
            if narrated is not None and (b := self.sentence(narrated)) is not None:
                objection = [b]
        if objection and not answer and self.a.results:
            m = self.a.results[0].best
            if (b := self.sentence(m.sentence, "quote" if m.where == "quote" else "story", 45, m.claim.start)):
                answer = [b]
        return objection, answer

    # --- tier 3 ------------------------------------------------------------------
    def playbook(self) -> Tier:
        self.left_out = {}
        missing: list[str] = []
        start = sorted(self.top("situation", 3) + self.problems(4), key=lambda s: s.index)
        starting = self.usable(list(dict.fromkeys(start))) or self._appositive()
        steps = self.tagged("step", 10)
        # What the customer did, in story order: the listed steps and the approach around them.
        later = {r.sentence.index for r in self.roles if "expansion" in r.tags}  # what comes next is no step
        approach = [s for s in self.ranked("approach", exclude_results=False)
                    if self._fits(s) and s.index not in later and not is_pain(s.text, self.a.customer)
                    ][:4 if steps else 6]  # (what hurt before is the starting point, not the rollout)
        rollout_s = sorted({s.index: s for s in steps + approach}.values(), key=lambda s: s.index)
        rollout = self.usable(rollout_s)
        metrics: list[BriefSentence] = []
        for r in self.a.results:
            for m in r.mentions:
                if any(src.start == m.sentence.offsets[0] for b in metrics for src in b.sources):
                    break
                b = self._result_line(m)
                if b is not None:
                    metrics.append(b)
                    break
        if not starting:
            missing.append("The story does not say where the customer started.")
        if not rollout:
            missing.append("The story does not describe the rollout, so there are no rollout steps.")
        if not metrics:
            missing.append("The story gives no measured result to track as a success metric; agree one with the "
                           "customer.")
        used = {b.sources[0].start for b in starting + rollout + metrics}
        extra: list[Section] = []
        for name, title, tag in (("risks", "Risks", "risk"), ("expansion", "Expansion signals", "expansion"),
                                 ("handoff", "Handoff from sales", "handoff")):
            before = {r.sentence.index for r in self.roles if r.role in ("problem", "situation")}
            found = [s for s in self.tagged(tag, 12)
                     if s.offsets[0] not in used and s.index not in self.result_sentences
                     and not (tag == "risk" and (_positive(s.text) or s.index in before))
                     and not (tag == "expansion" and problem_section(s))][:3]
            # (a worry the customer had before the change is its problem, not a risk to watch now; a growth
            # told under the challenge, "the rapid expansion of its IT team", is where they started, not a signal)
            got = self.usable(found)
            used |= {b.sources[0].start for b in got}
            if not got:
                missing.append({"risks": "The story names no risks; the playbook has no risks section.",
                                "expansion": "The story names no expansion signals; the playbook has none.",
                                "handoff": "The story says nothing about the handoff from sales; the playbook "
                                           "has no handoff section."}[name])
            extra.append(Section(name, title, tuple(got)))
        voice: list[BriefSentence] = []
        for q in [q for q in self.quotes() if q.speaker][:5]:
            voice += self.quote_lines(q, 4, 80)
        if not voice:
            missing.append("The story has no quote from a named person for the customer's voice.")
        sections = [
            Section("starting-point", "Starting point", tuple(starting)),
            # Most published stories tell the rollout as narrative, not as steps: say which it is.
            Section("rollout", "Rollout steps" if len(steps) >= 2 else "How they rolled it out", tuple(rollout)),
            Section("metrics", "Success metrics", tuple(metrics)),
            *extra,
            Section("voice", "Customer voice", tuple(voice)),
        ]
        return self.finish(TIER_SPECS[3], sections, missing)


# Sentences that lean on the one before ("But the most crucial aspect…") or read as a title
# ("How Yasser leveraged Supabase…"): out of their place they read broken.
_LEANS_BACK = re.compile(r"^\W*(?:(?:That|This|These|Those)\b(?!\s+(?:is|was)\b)|(?:But|And|Or|So|Yet|Also|Plus|"
                         r"Additionally|Furthermore|Moreover|Further|In particular|In addition|Beyond (?:just )?th\w+|"
                         r"One of (?:which|them|these)|Which)\b)|"
                         r"^\W*(?:How|Why|What)\s+(?!.*\?\s*$)|"
                         # a connective that points at what came before ("As a result of this shift", "However,")
                         r"^\W*(?:As a result|As such|However|Therefore|Thus|Hence|Consequently|Nevertheless|"
                         r"Nonetheless|Still|Instead|Otherwise|Likewise|Similarly|In turn|Even so|Because of th\w+|"
                         r"Thanks to th\w+|Due to th\w+|On top of th\w+|Despite th\w+|"
                         r"With th(?:is|at|ese|ose)\b(?!\s+\w+,)|After th(?:is|at)\b(?!\s+\w+\s+\w+,)|"
                         r"The (?:latter|former|same)\b|At (?:that|the) time|Back then|By then|Until then|"
                         r"To \w+ (?:this|that|these|it)\b|"
                         r"(?:First|Second|Third|Then|Finally),?\s+(?:it|they|this|that)\b)\b")
# A word that only numbers a point in the story's list ("First, …", "Finally, …"), or a connective that
# only points back ("As a result, GreenPark increased …"): the sentence says the same without it.
_SEQUENCE = re.compile(r"^(?:(?:First|Second|Third|Finally|Lastly),\s+(?=[a-z])|"
                       r"(?:As a result|Ultimately|In the end|Overall|In short|All together|Altogether),\s+"
                       r"(?=[A-Z][\w’'-]*\s+[a-z]|(?:the|its|their|they|we|it)\s))")
# A problem in the customer's own words ("dropped 30% of user data", "weren't robust enough").
_QUOTED_PROBLEM = re.compile(r"(?i)\b(?:dropp(?:ed|ing)\s+(?:\w+\s+){0,2}\d[\d.,]*\s?%\s+of|lost|losing|missed|"
                             r"too (?:expensive|slow|complex|hard|manual)|(?:weren't|wasn't|isn't|aren't|couldn't) "
                             r"(?:robust|reliable|enough|able)|hard to|difficult|painful|struggl\w*|mess\b|manual\w*|"
                             r"unclear|frustrat\w*|outages?|huge amount of (?:work|time)|took (?:hours|days|weeks)|"
                             r"(?:a|an|one|two|three|\w+) (?:days?|weeks?|months?) of (?:work|effort)|"
                             r"(?:could|would|can) take (?:\w+ )?(?:hours|days|weeks|months)|limitations|siloed|"
                             r"(?:didn['’]t|did not) (?:have|know)|fragile|bottleneck)")
_NOT = re.compile(r"(?i)\b(?:didn|doesn|wasn|weren|couldn)['’]t\b")
# Words that point back at something said before ("those issues"): out of place, they say nothing.
_ANAPHOR = re.compile(r"(?i)\b(?:those|these|the same|such) (?:issues|problems|things|tools)\b|"
                      r"^\W*(?:\w+\s+){0,3}(?:that|this) (?:fact|issue|problem|setup|approach)\b")
# Pain: what was slow, costly, broken, risky or missing before the change.
_PAIN = re.compile(
    r"(?i)\b(?:slow\w*|(?:took|takes|taking) (?:\w+ )?(?:minutes|hours|days|weeks|months)|took \d|"
    r"(?:could|would|can|might) take|spen[dt]\w* (?:\w+ )?(?:hours|days|weeks|months|mondays?|fridays?|\d|too)|"
    r"wait\w*|delay\w*|time-consuming|backlogs?|reconcil\w*|repeat(?:ed|ing)|"
    r"different (?:numbers|stories|tools|versions)|own (?:system|spreadsheet|tool|version)s?|gaps?|"
    r"cost(?:s|ly)?|expensive|bills?|overhead|burden\w*|"
    r"broke|broken|fail(?:ed|ing|s|ures?)?|outages?|downtime|crash\w*|errors?|bugs?|drift|unreliab\w*|inconsisten\w*|"
    r"risks?|risky|exposed|vulnerab\w*|blind spots?|"
    r"lack\w*|missing|uphill|no (?:way|view|single|shared|visibility|insight)|couldn['’]t|could not|cannot|can['’]t|"
    r"unable|"
    r"inability|limit(?:ed|ation|ations)|barriers?|bottlenecks?|showstoppers?|obstacles?|"
    r"too (?:complex|slow|expensive|hard|manual|many|much|long)|complexity|highly[- ]complex|complicated|daunting|"
    r"(?:was|were|is|are|became|become|had become|grew|got) (?:\w+ )?complex|difficult|hard to|"
    r"painful|pain points?|struggl\w*|frustrat\w*|manual(?:ly)?|by hand|spreadsheets?|siloe?d?s?|fragment\w*|"
    r"disconnect\w*|(?:wasn['’]t|weren['’]t|isn['’]t|aren['’]t|not) (?:\w+ )?(?:successful|enough|able|reliable|"
    r"robust|effective|efficient|scalable|secure|fast|easy|sustainable|feasible|viable|practical)|problems?|issues|"
    r"cancell?ations?|fragile|"
    r"(?:didn['’]t|did not|don['’]t|do not) have|had no|"
    r"(?:didn['’]t|did not|doesn['’]t|wasn['’]t|weren['’]t) (?:\w+ ){0,2}(?:work|feel|scale|fit|help|great|good)\b|"
    r"impeded|hamper\w*|held back|holding back|lost|losing|missed|churn\w*|surprise\w*|worr(?:y|ied|ies))\b")
# A discovery question of ours and the story spans of the words it takes from the story.
Asked = tuple[str, tuple[tuple[int, int], ...]]
# The story's own pain, as a discovery question can take it up: a task and how long it took ("provisioning a new
# customer could take up to 3 weeks"), a thing that took long ("The weekly Forecast Call took two hours"), an
# old tool ("relied heavily on manual data entry and Excel"), manual work ("manual data entry").
_DURATION = r"(?:(?:up to|about|around|nearly|almost|over|more than|a full|an?)\s+)?" \
            r"(?:(?:one|two|three|four|five|six|several|many|\d+)\s+)?(?:minutes|hours?|days?|weeks?|months?)"
_TASK_TOOK = re.compile(rf"(?:^|[,;:]\s+)(?P<task>[a-z]+ing(?: (?:a|an|the|new|each|every|one))*(?: [a-z]+){{1,2}}?) "
                        rf"(?:could |would |can |used to |often |)(?:take|took|takes)\s+(?:\w+\s+)?{_DURATION}\b")
_THING_TOOK = re.compile(rf"^(?:The |Their |Its )?(?P<thing>[A-Za-z][\w-]*(?: (?!took\b)[A-Za-z][\w-]*){{0,5}}?) "
                         rf"(?:took|could take|would take|takes|used to take)\s+(?:\w+\s+)?{_DURATION}\b")
_MANUAL_WORK = re.compile(r"\b(?P<work>manual (?!(?:and|or|to|for|in|of|with|that|the)\b)[a-z]+"
                          r"(?: (?!(?:and|or|to|for|in|of|with|that|the|was|were|is)\b)[a-z]+)?)\b")
_TOOL_NAME = r"(?:[A-Z][\w.+-]*[A-Za-z0-9](?:\s+(?:[A-Z][\w.+-]*[A-Za-z0-9]))*)"
_OLD_TOOL = re.compile(
    rf"\b(?:(?i:used|using|use of)\s+(?P<used>{_TOOL_NAME})(?=\s+(?:to|for)\s)|"
    r"(?i:relied (?:\w+ )?on|ran on|running on|built (?:on|in)|(?:moving|moved|migrating|migrated|"
    r"switching|switched|away) (?:away )?from|away from|replac\w* (?:their |its |the )?|previous solution:|"
    r"(?:failures?|problems?|issues?|struggles?)[\"”’']? with)\s+"
    r"(?:[a-z][\w-]*\s+){0,4}?(?:and\s+)?"
    rf"(?P<tool>{_TOOL_NAME}))")
_BEFORE_TIME = re.compile(r"^\W*(?:Initially|Originally|Previously|Before\b(?! the (?:end|launch))|At first|"
                          r"In the past)\b")
_SENTENCE_WORDS = {"the", "a", "an", "it", "they", "we", "this", "that", "there", "he", "she", "our", "their", "its",
                   "his", "her", "i", "you", "every", "each", "one", "what", "how", "when", "in", "on", "at"}
# "Fleet is the …", "Acme provides …": a sentence about what a named organisation is or does.
_NAMED_SUBJECT = re.compile(r"^\W*((?:[A-Z]|[a-z][A-Z])[\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*)*)\s+(?:now\s+)?"
                            r"(?:helps|builds|has|offers|provides|sells|makes|serves|operates|employs|runs|is|are|"
                            r"gives|delivers|enables|lets)\b")
_NOT_SUBJECT = {"The", "It", "They", "We", "This", "That", "There", "These", "Those", "He", "She", "Our", "Their",
                "Its", "His", "Her", "Every", "Each", "Everyone", "Nobody", "One", "A", "An"}
# A decision or a step taken: what the customer did about the pain, not the pain.
_DECISION = re.compile(r"(?i)\b(?:decided|chose|opted|selected|turned to|switched|adopted|migrated|moved to|"
                       r"started (?:using|with)|began (?:using|with))\b")
# The pain solved ("instantly solved their users' login issues", "were now managed by …"): an outcome.
_RESOLVED = re.compile(r"(?i)\b(?:solved|resolved|fixed|eliminated|removed|no longer|were now|are now|is now|"
                       r"identified every|found every|caught every|"
                       r"now (?:managed|handled|automated|gone)|went away|disappeared)\b")
# A general statement about the field, not about the customer ("Like many companies, …", "In today's market …").
_GENERAL = re.compile(r"(?i)^\W*(?:like (?:many|most|all|other)\b|in today['’]s\b|today['’]s\b|across the\b|"
                      r"(?:many|most|all) (?:companies|teams|organi[sz]ations|businesses|enterprises)\b|"
                      r"every (?:company|team|business|organi[sz]ation)\b)")


def is_pain(text: str, customer: str = "") -> bool:
    """The sentence tells a pain the customer had (not what they do, what they decided, or the field in general)."""
    without = re.match(r"^\W*Without\b", text) and not re.search(r"\b(?:(?:is|are|was|were) able to|can|now)\b", text)
    solved = _RESOLVED.search(text) and not re.match(r"(?i)^\W*(?:lack|no|not|without)\b", text)
    if not (_PAIN.search(text) or without) or _DECISION.search(text) or solved:
        return False
    if describes_customer(text) and not re.search(r"(?i)\b(?:was|were|had|used to)\b", text):
        return False  # "Acme helps teams avoid costly errors": who they are
    if _GENERAL.match(text):
        own = r"\b(?:they|their|its|we|our|the team|the company)\b" + (rf"|{re.escape(customer)}" if customer else "")
        return bool(re.search(own, text, re.I))
    return not _ANAPHOR.search(text)
# A doubt about the change itself, as a buyer would raise it (not a worry about the old tool).
_DOUBT = re.compile(r"(?i)\b(?:expected|skeptic\w*|doubt\w*|hesitan\w*|feared|assumed|pushback|"
                    r"\w+-month project|would (?:take|be) too|worried|concerned|(?:was|were) a (?:big |real )?concern|"
                    r"reluctan\w*|(?:not|wasn't|weren't) sure|unsure|risky|thought (?:it|this|that) would|"
                    r"(?:the )?wisdom of|questioned whether|second-guess\w*|not (?:really )?our core competenc\w*)\b")
_POSITIVE = re.compile(r"(?i)\b(?:saved|rescued|won back|kept|renewed|protected|avoided)\b|"
                       r"\b(?:without|no|free of)\s+(?:any\s+)?(?:concerns?|worr\w*|risks?|doubts?)\b")


def _stated(b: BriefSentence | None, m: Mention) -> BriefSentence | None:
    """A heading that states a result ("How Y Combinator gathers 30% more data …") told as the
    statement it makes, not as a title."""
    if b is None or m.where not in ("title", "heading"):
        return b
    stated = re.sub(r"^How\s+(?=[A-Z])", "", b.text)
    return replace(b, text=stated if re.search(r"[.!?]$", stated) else stated + ".")


def _same_words(a: str, b: str) -> bool:
    """Two tellings of one quote (a pull quote that drops a filler word): nearly the same words."""
    wa, wb = set(re.findall(r"\w+", a)), set(re.findall(r"\w+", b))
    return min(len(wa), len(wb)) >= 6 and len(wa & wb) / min(len(wa), len(wb)) >= 0.9


def _closed(text: str) -> str:
    """Quoted words end as a sentence does: the story's closing stop sometimes stands outside the marks."""
    return text if re.search(r"[.!?…][\"'”’)]*$", text) else text + "."


def _positive(text: str) -> bool:
    """A success story told with risk words ("flagged three at-risk accounts … saved two"): no risk."""
    return bool(_POSITIVE.search(text))


_OPEN_CLOSE = (("(", ")"), ("[", "]"), ("“", "”"))


def broken(text: str) -> bool:
    """A sentence that would read broken in a brief: unbalanced quotes or brackets, a lower-case
    start, a dangling conjunction, markup characters or template leftovers."""
    t = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07?", "", text).strip()  # escapes are shown, not read
    if not t:
        return True
    if t[0].islower() and not re.match(r"[a-z][A-Z]", t):  # "iDrift" opens a sentence
        return True
    for a, b in _OPEN_CLOSE:
        if t.count(a) != t.count(b):
            return True
    if t.count('"') % 2:
        return True
    if re.search(r"(?i)\b(?:and|or|but|with|the|a|an|of|to)\W*$", t):
        return True
    if re.search(r"[{}|`]|\]\(|\*\*|\$\{|\b(?:TODO|TBD|lorem ipsum|Example stat)\b|\b00,000\b", t):
        return True
    return False


_CLAUSE_BREAK = re.compile(r";\s+|\s+[—–]\s+|:\s+|,\s+(?:and|but|while)\s+(?=(?:the|its|their|our|his|her|[A-Z])\w*\s)")


def _in_list(text: str, brk: re.Match[str]) -> bool:
    """A ", and" that closes a series ("Terraform, Troposphere, and Serverless"): a clause break there
    would cut the list in two. It does when the stretch since the comma before is a list item (1-3 words)."""
    if not brk.group().startswith(","):
        return False
    before = text[: brk.start()]
    comma = before.rfind(",")
    return comma >= 0 and len(before[comma + 1 :].split()) <= 3


def _clip(s: StorySentence, max_words: int, prefer: int | None) -> tuple[int, int] | None:
    """A whole clause of a long sentence that fits: the one holding offset `prefer` (the number),
    else the first. Only clauses that can stand alone: the opening one, or one after a semicolon,
    a dash or a colon. None when no such clause fits."""
    breaks = [m for m in _CLAUSE_BREAK.finditer(s.text) if not _in_list(s.text, m)]
    cuts = [0] + [m.end() for m in breaks]
    ends = [m.start() for m in breaks] + [len(s.text)]
    clauses = [(a, b) for a, b in zip(cuts, ends, strict=True) if len(s.text[a:b].split()) >= 4]
    fitting = [c for c in clauses if len(s.text[c[0]:c[1]].split()) <= max_words]
    if not fitting:
        return None
    if prefer is not None:
        holding = [c for c in fitting if c[0] <= prefer < c[1]]
        return holding[0] if holding else None
    return fitting[0]


# The talk track depth steps down until it is shorter than the playbook.
_DEPTHS = ((3, 99, 2, 3, False), (3, 99, 2, 2, True), (3, 99, 1, 1, True), (2, 99, 1, 1, True),
           (1, 99, 1, 1, True), (1, 3, 1, 1, True))
# Sections a short story's talk track sheds last, when even its shallowest depth is as long as the playbook.
_SHED = ("pillar", "answer", "objection", "questions", "approach", "quote", "problem")


def page_words(tier: Tier) -> int:
    """Words as the page reads: the sentences, each section's title and the page title."""
    return tier.words + sum(len(s.title.split()) for s in tier.sections) + 4


def balance(talk_track: Callable[..., Tier], playbook: Tier) -> Tier:
    """A talk track shorter than the playbook: shed optional depth until it is."""
    limit = page_words(playbook) - 4  # clearly shorter, as a reader counts: not by a section title

    def shorter(tier: Tier) -> bool:  # by the page and by its sentences alone
        return page_words(tier) < limit and tier.words < playbook.words

    for questions, results, per_role, quote, compact in _DEPTHS:
        tier = talk_track(questions=questions, results=results, per_role=per_role, quote=quote, compact=compact)
        if shorter(tier):
            return tier
    for name in _SHED:
        if shorter(tier) or len(tier.sections) <= 1:
            break
        if tier.has(name):
            tier = Tier(tier.spec, tuple(s for s in tier.sections if s.name != name), tier.notes + (
                f"The story is short, so the talk track leaves out its {name} section to stay shorter than the "
                "playbook.",))
    return tier
