"""TM: terminology rules. The glossary is the data; these classes are the kinds of check."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from msgalign.analysis.run import Analysis
from msgalign.analysis.semantic import THRESHOLD, SemanticHit
from msgalign.glossary.fix import quotation_spans, still_reads
from msgalign.glossary.index import TermHit, everyday_word
from msgalign.glossary.mention import HISTORY, MENTION, MentionReader, mention_blocks
from msgalign.glossary.types import Term
from msgalign.rules.base import Rule, RuleDoc, Setting
from msgalign.suppress import Suppressions
from msgalign.text.match import form_keys
from msgalign.types import Document, Evidence, Finding, Severity


class _TermRule(Rule):
    kind: str

    def check_asset(self, doc: Document, analysis: Analysis) -> Iterable[Finding]:
        quotations = analysis.config.fix_quotations
        source = doc.source.text if doc.source else None
        listed = mention_blocks(doc.blocks, source) if self.kind != "casing" else frozenset()
        hits = analysis.term_hits(doc)
        everyday = self.everyday_names(doc, hits)
        defined = entry_headings(doc, hits) if self.kind != "casing" else frozenset()
        for index, hit in hits:
            if hit.kind != self.kind or self.talked_about(hit) or index in listed \
                    or (hit.text.islower() and getattr(hit.entry, "term", None) in everyday) \
                    or (index, hit.start) in defined or self.denied(doc.blocks[index].text, hit):
                continue
            block = doc.blocks[index]
            loc = doc.span_location(block, hit.start, hit.end)
            # Inside a quotation (quote marks, a blockquote, a quote component) the words may be a
            # customer's: a note without a fix, unless `[fix] quotations = true`.
            quoted = (hit.quoted or block.kind == "quote") and not quotations
            fix_span = None
            if block.offsets is not None and hit.suggestion is not None and not quoted:
                fix_span = (block.offsets[hit.start], block.offsets[hit.end - 1] + 1)
                if doc.source is not None and not still_reads(doc.source.text[fix_span[0]:fix_span[1]], hit.text):
                    fix_span = None  # written with character references ('on&#8209;prem'): --fix cannot replace it
            # Imported entries name the rule they came from ('Microsoft.Terms'); a variant of an entry merged
            # from several rules names the ones that list it.
            rule = hit.entry.rule if hit.rule is None else hit.rule
            yield self.finding(
                doc, loc, (self.quoted_message(hit) if quoted else self.message(hit)) + (f" ({rule})" if rule else ""),
                severity=Severity.INFO if quoted else (hit.entry.severity if hit.severity is None else hit.severity),
                excerpt=hit.text,
                suggestion=None if quoted else hit.suggestion,
                fix_span=fix_span,
                evidence=Evidence.of(rule=rule) if rule else None,
            )

    def talked_about(self, hit: TermHit) -> bool:
        """The words are mentioned, not used: a naming guide's "Use X, not Y" (see glossary.mention)."""
        return hit.mention == MENTION

    def everyday_names(self, doc: Document, hits: Sequence[tuple[int, TermHit]]) -> frozenset[str]:
        """Names this page also uses as the everyday word they are made of (TM002 only)."""
        return frozenset()

    def denied(self, text: str, hit: TermHit) -> bool:
        """The words are a claim the sentence denies ("we are not ISO certified"): TM005 only."""
        return False

    def message(self, hit: TermHit) -> str:
        raise NotImplementedError

    def quoted_message(self, hit: TermHit) -> str:
        instead = f" if they are ours, write '{hit.suggestion}'." if hit.suggestion else " if they are ours, rephrase."
        return (f"'{hit.text}' is inside a quotation, so it is not fixed: if these are a customer's words, "
                f"keep them;{instead}")


_WORDS = re.compile(r"[\W_]+")
# "is not", "are not", "isn't", "wasn't" ... right before a phrase to avoid: the sentence denies the claim.
_DENIED = re.compile(r"(?i)\b(?:(?:am|is|are|was|were|be|been|being)\s+not|(?:is|are|was|were)n['’]t)\s+$")
# Words about a name's past or its replacement: "previously", "the old spelling", "replaced by".
_SUPERSEDED = re.compile(r"(?i)\b(?:previously|formerly|originally|no longer|deprecated|retired|replaced|renamed|"
                         r"old (?:name|spelling|term|word))\b")


def entry_headings(doc: Document, hits: Sequence[tuple[int, TermHit]]) -> frozenset[tuple[int, int]]:
    """(block, start) of hits that are a glossary page's entry title: a heading that is only the old or
    avoided word, when the first block under it defines it as such: it names the same word as one not to
    use ("We do not use the word 'synergy'"), or names the term that replaces it with words about the
    change ("The old spelling; now one word, see Workbench"). A heading over copy that uses the word ("Now
    you can see the Workbench"), or over a section about something else, is still reported."""
    out: set[tuple[int, int]] = set()
    by_block: dict[int, list[TermHit]] = {}
    for index, hit in hits:
        by_block.setdefault(index, []).append(hit)
    for index, block_hits in by_block.items():
        block = doc.blocks[index]
        if not block.is_heading or index + 1 >= len(doc.blocks) or doc.blocks[index + 1].is_heading:
            continue
        body = doc.blocks[index + 1]
        for hit in block_hits:
            if hit.kind == "casing" or _WORDS.sub(" ", block.text).strip().casefold() \
                    != _WORDS.sub(" ", hit.text).strip().casefold():
                continue
            mentioned = any(h.kind == hit.kind and h.mention and (h.entry is hit.entry or
                                                                  form_keys(h.text) == form_keys(hit.text))
                            for h in by_block.get(index + 1, ()))  # "Best Practices" over "... 'best practice'"
            term = getattr(hit.entry, "term", None) if hit.kind == "variant" else None
            replaced = term is not None and bool(_SUPERSEDED.search(body.text)) and _names(body.text, term)
            if mentioned or replaced:
                out.add((index, hit.start))
    return frozenset(out)


def _names(text: str, term: str) -> bool:
    """The text writes the term as a word ("see Workbench"), in any casing."""
    return re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text, re.IGNORECASE) is not None


class NonCanonicalTerm(_TermRule):
    code = "TM001"
    name = "non-canonical-term"
    severity = Severity.WARNING
    fixable = True
    kind = "variant"
    doc = RuleDoc(
        summary="A glossary variant where the canonical term belongs.",
        why=(
            "When marketing says 'revenue hub', sales says 'GTM workspace' and CS says 'the "
            "workspace', buyers hear three products. One name, used everywhere, is the cheapest "
            "way to sound like one company. Plurals, possessives and hyphenated forms of a "
            "variant are caught too (-ing and -ed forms for entries with `inflect: verb`), never a "
            "different word that merely looks like one ('here' is not 'hers'). A variant may differ "
            "from its term only by hyphens, spaces or punctuation ('go to market' for "
            "'go-to-market', 'Node js' for 'Node.js'): it is matched only when written its way, so "
            "the term itself is never reported. `--fix` rewrites a variant keeping the plural, a "
            "sentence's capital and an adjacent a/an ('a customer health view' becomes 'an Account "
            "Health view'); a phrasal verb takes the ending on its verb ('disables' becomes 'turns "
            "off', 'disable it' 'turn it off'); it never rewrites code-like tokens (`acme.reset()`, file names, paths, "
            "identifiers, macros), which are not reported at all, while names listed with slashes "
            "('Trello/Flowdeck/Notion') are each read; a variant written as a domain "
            "('Harbor.io') matches that whole domain written as a name, never a link, a path on it "
            "or an all-lower-case web address ('harbor.io'). A naming guide that states the rule is "
            "no drift: a variant set apart as a word, named to be replaced ('Use Revenue Workspace, "
            "not revenue hub', 'instead of', '(formerly revenue hub)', 'revenue hub is now Revenue "
            "Workspace', 'Starter - the old tier name, no longer available'), in a table's \"Old "
            "name\" or \"Don't\" column, in a sentence telling the name's history ('Previously, "
            "we called it ...'), or as a glossary page's entry heading that is only the old name, over a "
            "first paragraph naming it as such or its replacement ('Previously hyphenated, see "
            "Workbench') is not reported, while the old name used in copy still is ('Teams "
            "that use Beacon love it, not the revenue hub', 'Formerly on spreadsheets, Acme now plans in "
            "the revenue hub'); inside a quotation (quote "
            "marks or a blockquote) the finding is an info note without a fix, unless "
            "`[fix] quotations = true`."
        ),
        flagged="Open the revenue hub to see every account plan.",
        preferred="Open the Revenue Workspace to see every account plan.",
        reads=(
            ("glossary: terms[].variants", "the rejected forms of each term"),
            ("glossary: terms[].severity", "the severity of this term's findings (default warning)"),
            ("glossary: terms[].teams", "only check assets of these teams"),
            ("glossary: terms[].inflect", "noun (default: plural, possessive), verb (-s, -ing, -ed), both or none"),
            ("fix.quotations", "true lets --fix rewrite inside quotations (default false: a note)"),
            ("glossary: terms[].variant_case", "exact: variants match only as written (imported case-sensitive rules)"),
            ("glossary: terms[].rule", "the imported rule it came from; the message ends with it, and --select, "
                                       "--ignore and inline comments accept it"),
        ),
    )

    def talked_about(self, hit: TermHit) -> bool:
        return hit.mention in (MENTION, HISTORY)  # a variant is often an old name: its history is no drift

    def message(self, hit: TermHit) -> str:
        assert isinstance(hit.entry, Term)
        message = f"Use '{hit.suggestion}' instead of '{hit.text}'."
        return f"{message} {hit.disguise}" if hit.disguise else message


class TermCasing(_TermRule):
    code = "TM002"
    name = "term-casing"
    severity = Severity.WARNING
    fixable = True
    kind = "casing"
    doc = RuleDoc(
        summary="A glossary term written with the wrong casing.",
        why=(
            "Product and partner names have one spelling: 'Hubspot' or 'revenue workspace' in a "
            "customer-facing deck looks careless and weakens the brand. Only terms with "
            "`case: exact` (the default) are checked; a lower-case term may still open a "
            "sentence unless it has its own casing ('iPhone', 'npm'), and all-caps titles are left "
            "alone. A term that opens with an article or determiner ('The Harbor Studio') takes it in "
            "the sentence's casing: 'book the Harbor Studio' is right. A one-word name that is also an "
            "everyday word ('Fleet', 'Linear') is the word, not the name, on a page that writes it in lower case after "
            "a determiner or possessive ('your fleet of laptops'): its lower-case uses there are left "
            "alone. A form written with other hyphens or spaces that the glossary lists as a variant is "
            "TM001, not a casing error. "
            "Code-like tokens ('hubspot.sync()', 'hubspot.yaml') are "
            "never reported; inside a quotation the finding is an info note without a fix."
        ),
        flagged="Sync your deals from Hubspot into the revenue workspace.",
        preferred="Sync your deals from HubSpot into the Revenue Workspace.",
        reads=(("glossary: terms[].case", "exact (default) checks casing; any turns it off"),
               ("fix.quotations", "true lets --fix rewrite inside quotations (default false: a note)")),
    )

    def everyday_names(self, doc: Document, hits: Sequence[tuple[int, TermHit]]) -> frozenset[str]:
        """One-word names a page also uses as the everyday word: 'your fleet of laptops' for the product Fleet.

        A name written as a capitalised word ('Fleet', 'Linear') that the page writes in lower case
        after a determiner or possessive is that word there; every lower-case use of it on the page
        is then left alone ('based on fleet size'), since casing alone cannot tell the word from the
        name. A name with its own casing ('HubSpot', 'iPhone') is always checked.
        """
        return frozenset(getattr(hit.entry, "term", "") for index, hit in hits
                         if everyday_word(doc.blocks[index].text, hit))

    def message(self, hit: TermHit) -> str:
        if hit.lookalikes:
            return f"Write '{hit.suggestion}' in Latin letters, not '{hit.text}'. {hit.disguise}"
        return f"Write '{hit.suggestion}' with this casing, not '{hit.text}'."


class AvoidedPhrase(_TermRule):
    code = "TM005"
    name = "avoided-phrase"
    severity = Severity.WARNING
    kind = "avoid"
    doc = RuleDoc(
        summary="A phrase from the glossary's `avoid` list.",
        why=(
            "Some words cost trust: unprovable superlatives, jargon, phrases legal asked you to "
            "drop. The glossary's `avoid` list says which and why; this rule quotes the reason "
            "so the writer knows what to do instead. Spaced, hyphenated and inflected forms count "
            "('leveraging'), and so does the -ly adverb of the last word ('seamlessly' for 'seamless'), "
            "never a different word ('quit' is not 'quite'; `inflect: none` keeps "
            "an entry to the form written). A glossary term that reads as a message (an imported "
            "'Remove quite, as it is wordy.') is taken as the reason for avoiding its variants. "
            "Code-like tokens are never reported; inside a quotation the finding is an info note. A "
            "style guide's own rule is not a breach of it: the phrase set apart as a word ('the word "
            "\"leverage\"'), named to be avoided ('Avoid: best-in-class, world-class', 'Don't say "
            "seamless.', 'say proven, not best-in-class'), defined as retired ('seamless: avoid, ...'), "
            "in a table's \"Don't\" column, in the list after a lead-in such as 'Words to avoid:', "
            "or as a glossary page's entry heading defined below as a word not to use (a heading "
            "'Synergy' over 'We do not use the word \"synergy\"') is not reported; the same phrase "
            "used in copy is, unless the sentence denies it ('we are not ISO certified'; 'not only seamless' "
            "still claims it) ('Avoid downtime with best-in-class "
            "support', 'We made onboarding truly \"seamless\"', or the items after a lead-in into copy such as "
            "'Avoid the usual rollout pain:')."
        ),
        flagged="Beacon is the best-in-class platform for revenue teams.",
        preferred="Beacon teams cut time-to-first-deal by 23% in two quarters.",
        reads=(("glossary: avoid[]", "phrase, reason, severity, teams, inflect (default both)"),
               ("glossary: avoid[].case", "exact: only this casing is flagged (imported case-sensitive rules)"),
               ("glossary: avoid[].rule", "the imported rule it came from, as for TM001")),
    )

    def denied(self, text: str, hit: TermHit) -> bool:
        """'We are not ISO certified', 'the import isn't seamless': a form of "be" then "not" right before
        the phrase denies it; "not only seamless" still claims it."""
        return _DENIED.search(text, max(0, hit.start - 40), hit.start) is not None

    def message(self, hit: TermHit) -> str:
        reason = getattr(hit.entry, "reason", "")
        disguise = f" {hit.disguise}" if hit.disguise else ""
        return f"Avoid '{hit.text}'.{disguise}" + (f" {reason}" if reason else "")

    def quoted_message(self, hit: TermHit) -> str:
        reason = getattr(hit.entry, "reason", "")
        return (f"'{hit.text}' is inside a quotation: if these are a customer's words, keep them; if they are "
                "ours, rephrase." + (f" {reason}" if reason else ""))


class SemanticVariant(Rule):
    code = "TM003"
    name = "semantic-variant"
    severity = Severity.WARNING
    doc = RuleDoc(
        summary="A phrase not listed in the glossary that the corpus uses as another name for a term.",
        why=(
            "Teams invent their own names faster than any glossary can list them: the old name "
            "lives on in the older pages ('streams' where the product now says 'channels'), sales "
            "adds a word ('universal code search' for Code Search), CS coins its own ('the deal "
            "huddle, the weekly meeting where ...'). A phrase is reported only with evidence that "
            "it renames the term: it is the term with a word added, left out or changed and is used "
            "in the contexts where the corpus uses the term (the sentences around each use, across "
            "assets, closer to this term's than to any other's); or, sharing no word, it is used "
            "again and again where the term would be; or the text explains it with the term's "
            "definition. Never candidates: names of people, companies, products and places "
            "(entities, capitalised words mid-sentence, quote attributions), a phrase in a sentence "
            "that already uses the term or sets something against it ('X vs Y', 'unlike X', 'not X "
            "but Y'), generic phrases ('business days', 'next step') and approved narrative "
            "language. A sentence that is merely on the term's topic is no evidence. Add "
            "confirmed phrases to the term's `variants` so TM001 catches them from then on. "
            "Measured by holding glossary variants out on real companies' pages (README, "
            "'Measured')."
        ),
        flagged=("Bring every open deal to the deal huddle, the weekly meeting where sales leaders inspect "
                 "each one."),
        preferred="Bring every open deal to the Pipeline Review, where sales leaders inspect each one.",
        reads=(("glossary: terms[].definition", "what each term means; terms without one are not checked"),
               ("glossary: terms[].variants", "listed names are TM001's; a part of one belongs to its term")),
        off_by_default=(
            "With the shipped glossaries it reports nothing on our three development companies, and "
            "with their variants held out 35 of 39 findings are renames a marketer would fix; but on a "
            "real company outside that set (eval/results/heldout-2026-12-02.md) all 9 of its findings "
            "were wrong. Its findings are proposals to confirm: select it with --select TM003 (TM004 "
            "then counts them too)."
        ),
    )
    on_by_default = False
    settings = (Setting("TM003", THRESHOLD,
                        "the score (0-1) a phrase's evidence must reach; 0.5 means every bar of its kind of "
                        "evidence is just met, higher asks for more than the bars"),)

    def check_asset(self, doc: Document, analysis: Analysis) -> Iterable[Finding]:
        for _, finding in self.reported(doc, analysis):
            yield finding

    def reported(self, doc: Document, analysis: Analysis) -> list[tuple[SemanticHit, Finding]]:
        """This asset's TM003 findings with their hits, as the user sees them: at the run's
        threshold, not suppressed by a directive in the asset (TM004 is built from these)."""
        suppressions = Suppressions(doc)
        out = []
        for hit in analysis.semantic_hits(doc, self.setting(analysis)):
            block = doc.blocks[hit.block]
            finding = self.finding(
                doc, doc.span_location(block, hit.start, hit.end),
                f"'{hit.phrase}' reads like another name for '{hit.term.term}': "
                f"{_EVIDENCE.get(hit.evidence, _EVIDENCE['usage']).format(term=hit.term.term)}. "
                f"Use '{hit.term.term}', or add the phrase to the glossary as a variant.",
                excerpt=hit.phrase, suggestion=hit.term.term, score=hit.score,
                evidence=Evidence.of(term=hit.term.term, evidence=hit.evidence,
                                     context_similarity=round(hit.context, 4),
                                     phrase_similarity=round(hit.similarity, 4)),
            )
            if not suppressions.is_suppressed(finding):
                out.append((hit, finding))
        return out


# What a TM003 message says about its evidence (semantic.GATES), for a non-engineer.
_EVIDENCE = {
    "expansion": "it is '{term}' with a word added, used where the corpus uses '{term}'",
    "truncation": "it is '{term}' shortened, used where the corpus uses '{term}'",
    "swap": "it is '{term}' with one word changed, used where the corpus uses '{term}'",
    "usage": "it is used across the corpus where '{term}' is used",
    "definition": "the text explains it with the definition of '{term}'",
    "definition-swap": "it is '{term}' with one word changed, in a sentence that restates its definition",
}


class MixedTerminology(Rule):
    code = "TM004"
    name = "mixed-terminology"
    severity = Severity.WARNING
    doc = RuleDoc(
        summary="Across the corpus, one concept named differently by different teams or assets.",
        why=(
            "One finding per concept, for the GTM leader: who says what, where. When marketing "
            "says 'Revenue Workspace', sales 'revenue hub' and CS 'retention cockpit', the buyer "
            "meets three products in one quarter. Listed variants (TM001) and semantic variants "
            "(TM003) count together. An old name that quotation marks hold on its own after words that "
            "name it (a company history: 'first sold as \"Lanternly, Inc.\"', 'formerly \"revenue hub\"') "
            "is talked about, not used, and is not counted; a quoted label ('click \"revenue hub\"') or a "
            "customer's quoted sentence that uses it still is."
        ),
        flagged="Marketing's page says 'Revenue Workspace', the sales e-mail 'revenue hub': one finding lists both.",
        preferred="Marketing and sales both write 'Revenue Workspace'.",
        situation=True,
        reads=(("select", "TM004 counts the TM003 findings that are reported (at TM003's threshold, not "
                          "suppressed); with TM003 not selected it counts listed variants only"),),
    )

    def check_corpus(self, docs: Sequence[Document], analysis: Analysis) -> Iterable[Finding]:
        # Each use is keyed by the name it is a use of: a glossary match by the form it matched (the term,
        # in any casing or inflection, or one variant), so "Sign-ups" is the term "sign-up" and "on premises"
        # is not the term "on-premises"; a semantic hit by its words.
        names: dict[str, list[tuple[str, str, Document, int, int, int, str, str]]] = {}
        for doc in docs:
            listed = mention_blocks(doc.blocks, doc.source.text if doc.source else None)
            for index, block in enumerate(doc.blocks):
                reader = MentionReader(block.text)
                quotes = quotation_spans(block.text)
                for start, end, kind, entry, form in analysis.term_index.named_forms(block.text, block.protected):
                    if kind == "variant" and (index in listed or reader.mention(start, end, entry.term
                                                                                if isinstance(entry, Term) else "")):
                        continue  # a naming guide's "not X" is no use of X
                    if kind == "variant" and _quoted_alone(block.text, quotes, start, end):
                        continue  # 'first sold as "Lanternly, Inc."': the name talked about, not used
                    if isinstance(entry, Term) and kind in ("term", "variant") and entry.applies_to(doc.team):
                        key = _TERM_KEY if kind == "term" else "variant " + form.casefold()
                        names.setdefault(entry.term, []).append(
                            (block.text[start:end], kind, doc, index, start, end, key, form))
            if SemanticVariant.code in analysis.active:  # only what TM003 reports: threshold, suppression
                for hit, _ in SemanticVariant().reported(doc, analysis):
                    names.setdefault(hit.term.term, []).append(
                        (hit.phrase, "semantic", doc, hit.block, hit.start, hit.end, _name_key(hit.phrase),
                         hit.phrase))
        for term, uses in sorted(names.items()):
            keyed = [(u[6] if u[6] != _name_key(term) else _TERM_KEY, u) for u in uses]
            distinct = {k for k, _ in keyed}
            odd = [u for u in uses if u[1] != "term"]
            if len(distinct) < 2 or not odd or len({u[2].display_path for u in uses}) < 2:
                continue
            parts = _names_by_team(term, [(k, u[7], u[2].team) for k, u in keyed])
            first = min(odd, key=lambda u: (u[2].display_path, u[3], u[4]))
            doc, block = first[2], first[2].blocks[first[3]]
            yield self.finding(
                doc, doc.span_location(block, first[4], first[5]),
                f"'{term}' goes by {len(distinct)} names across the corpus: " + "; ".join(parts) + ".",
                excerpt=first[0], suggestion=term, score=float(len(distinct)),
                evidence=Evidence.of(term=term, names=[
                    {"name": n, "kind": k, "team": d.team, "path": d.display_path,
                     "location": d.span_location(d.blocks[b], s, e).to_dict()}
                    for n, k, d, b, s, e, _, _ in sorted(uses, key=lambda u: (u[2].display_path, u[3], u[4]))]),
            )


def _quoted_alone(text: str, quotes: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """The quotation marks hold only the name (and at most a short suffix: ', Inc.'): the name is talked
    about, as in a company history. A customer's quoted sentence that uses an old name still counts."""
    return any(s <= start and end <= e and len(text[s:e].strip()) - (end - start) <= 8
               and _NAMED_AS.search(text, max(0, s - 41), s - 1) is not None for s, e in quotes)


# Right before the quotation: words that name it ('sold as', 'markets itself as a', 'called', 'formerly',
# 'the original name of our company,').
# 'Click "Revenue hub" in the sidebar' quotes a label the page uses, and still counts.
_NAMED_AS = re.compile(r"(?i)\b(?:as|called|named|known as|formerly|previously|originally|renamed|rebranded|"
                       r"(?:old|former|first|original) name(?: of (?:our|the|its|their|this) \w+(?: \w+)?)?"
                       r"|name was)\s*[,:(]?\s*(?:(?:a|an|the)\s+)?$")


_TERM_KEY = "\0term"   # the key of every use of the term itself (no form or phrase key starts with NUL)


def _names_by_team(term: str, uses: list[tuple[str, str, str]]) -> list[str]:
    """"'revenue hub' (sales 5, cs 1)" per name (key, shown as, team): the canonical term first, then by use."""
    counts: dict[str, dict[str, int]] = {}
    shown: dict[str, str] = {}
    for key, name, team in uses:
        shown.setdefault(key, name)
        counts.setdefault(key, {}).setdefault(team, 0)
        counts[key][team] += 1
    canonical = _TERM_KEY
    if canonical in shown:
        shown[canonical] = term
    order = sorted(counts, key=lambda k: (k != canonical, -sum(counts[k].values()), shown[k].lower()))
    def teams(key: str) -> str:
        return ", ".join(f"{team} {n}" for team, n in sorted(counts[key].items(), key=lambda x: (-x[1], x[0])))

    return [f"'{shown[k]}' ({teams(k)})" for k in order]


def _name_key(name: str) -> str:
    return " ".join(form_keys(name))


RULES: list[type[Rule]] = [NonCanonicalTerm, TermCasing, SemanticVariant, MixedTerminology, AvoidedPhrase]
