"""TM: terminology rules. The glossary is the data; these classes are the kinds of check."""

from __future__ import annotations

from typing import Iterable

from ..context import Context
from ..glossary import Term
from ..model import Document, Finding, Severity
from ..terms import TermHit
from .base import Rule, RuleDoc


def glossary_hits(doc: Document, ctx: Context) -> list[tuple[int, TermHit]]:
    """Every glossary hit in a document, as (block index, hit); shared by TM001/2/5."""

    def compute() -> list[tuple[int, TermHit]]:
        hits = []
        for i, block in enumerate(doc.blocks):
            for hit in ctx.term_index.scan(block.text, team=doc.team, protected=block.protected):
                hits.append((i, hit))
        return hits

    return ctx.memo(f"glossary-hits:{id(doc)}", compute)


class _TermRule(Rule):
    kind: str

    def check_asset(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        for index, hit in glossary_hits(doc, ctx):
            if hit.kind != self.kind:
                continue
            block = doc.blocks[index]
            loc = doc.span_location(block, hit.start, hit.end)
            fix_span = None
            if block.offsets is not None and hit.suggestion is not None:
                fix_span = (block.offsets[hit.start], block.offsets[hit.end - 1] + 1)
            yield self.finding(
                doc, loc, self.message(hit),
                severity=hit.entry.severity,
                excerpt=hit.text,
                suggestion=hit.suggestion,
                fix_span=fix_span,
            )

    def message(self, hit: TermHit) -> str:
        raise NotImplementedError


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
            "variant are caught too; `--fix` rewrites them, keeping the plural."
        ),
        flagged="Open the revenue hub to see every account plan.",
        preferred="Open the Revenue Workspace to see every account plan.",
        settings=(
            ("glossary: terms[].variants", "the rejected forms of each term"),
            ("glossary: terms[].severity", "the severity of this term's findings (default warning)"),
            ("glossary: terms[].teams", "only check assets of these teams"),
        ),
    )

    def message(self, hit: TermHit) -> str:
        assert isinstance(hit.entry, Term)
        return f"Use '{hit.suggestion}' instead of '{hit.text}'."


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
            "sentence, and all-caps titles are left alone."
        ),
        flagged="Sync your deals from Hubspot into the revenue workspace.",
        preferred="Sync your deals from HubSpot into the Revenue Workspace.",
        settings=(("glossary: terms[].case", "exact (default) checks casing; any turns it off"),),
    )

    def message(self, hit: TermHit) -> str:
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
            "so the writer knows what to do instead."
        ),
        flagged="Beacon is the best-in-class platform for revenue teams.",
        preferred="Beacon teams cut time-to-first-deal by 23% in two quarters.",
        settings=(("glossary: avoid[]", "phrase, reason, severity, teams"),),
    )

    def message(self, hit: TermHit) -> str:
        reason = getattr(hit.entry, "reason", "")
        return f"Avoid '{hit.text}'." + (f" {reason}" if reason else "")


RULES: list[type[Rule]] = [NonCanonicalTerm, TermCasing, AvoidedPhrase]
