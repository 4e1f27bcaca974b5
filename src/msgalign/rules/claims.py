"""CL: claims rules. The numbers an asset states, against the proof points and each other.

The three rules read one `ClaimIndex` of the run (`Analysis.claims`): every
claim with its metric vector and lemmas, and every proof point's claims.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from msgalign.analysis.run import Analysis
from msgalign.rules.base import Rule, RuleDoc, Setting
from msgalign.text.claims import comparable, compatible
from msgalign.text.spans import excerpt
from msgalign.types import Document, Evidence, Finding, Severity

# Defaults chosen on eval/claims.yml (eval/eval_claims.py --sweep): at 0.5 with weight 0.3,
# same-metric precision 0.84, recall 0.81 on 79 labelled pairs; higher thresholds buy
# little precision for much recall. CL002 takes a lower bar, so that a loosely worded
# proof point still counts as registered.
DEFAULT_MATCH = 0.5       # CL001 / CL003: two claims measure the same metric
DEFAULT_REGISTERED = 0.4  # CL002: a claim this close to a proof point is not unregistered
# CL002: the same number as a proof point, in the same unit, counts as that proof point from this
# metric score (a story rewords the proof point: "lowered total costs … a 60% reduction").
SAME_VALUE_FLOOR = 0.2




class ConflictingClaim(Rule):
    code = "CL001"
    name = "conflicting-claim"
    severity = Severity.ERROR
    doc = RuleDoc(
        summary="A number for the same metric that differs from the approved proof point.",
        why=(
            "When the website says 23% and the deck says 45%, the buyer believes neither, and "
            "legal asks where 45% came from. Proof points in narrative.md are the numbers the "
            "company can defend; every asset should use them. Qualifiers are read as bounds: "
            "'over 90%' agrees with 94%, 'in 8 minutes' agrees with 'under 10 minutes', but "
            "'under 5 minutes' does not. A proof point about one customer is only compared with "
            "assets about that customer, and one over a stated period only with the same period. "
            "The starting value of an approved change agrees with it: 'it took 30 minutes' tells "
            "the first half of 'from 30 minutes to 3 minutes'."
        ),
        flagged="Teams that adopt Beacon cut time-to-first-deal by 45%.",
        preferred="Teams that adopt Beacon cut time-to-first-deal by 23% in two quarters.",
        off_by_default=(
            "On the pages of two real companies outside our development set (a held-out check, "
            "eval/results/heldout-2026-12-02.md) every one of its findings was a false conflict: a "
            "number of another customer or another metric set against a proof point, or the proof "
            "point's own line. It is error severity and would fail CI on them, so it is opt-in until it "
            "is: select it with --select CL001."
        ),
    )
    on_by_default = False
    settings = (Setting("CL001", DEFAULT_MATCH,
                        "metric score (0-1) at which an asset's claim and a proof point measure the same thing"),)

    def check_asset(self, doc: Document, analysis: Analysis) -> Iterable[Finding]:
        analysis.narrative  # noqa: B018 - raises a clear error when no narrative is configured
        index = analysis.claims([doc])
        threshold = self.setting(analysis)
        for i in index.of(doc):
            match, agrees = index.verdict(i, threshold)
            if match is None or agrees:
                continue
            site, proof = index.sites[i], match.proof
            yield self.finding(
                doc, site.location,
                f"{site.claim.raw} here, but the approved proof point says {proof.claim.raw} "
                f"({proof.where}: '{proof.proof.text}').",
                excerpt=site.claim.raw,
                suggestion=proof.claim.raw,
                score=match.score,
                evidence=Evidence.of(proof_point=proof.proof.text, proof_point_location=proof.where,
                                     pillar=proof.proof.pillar, similarity=round(match.score, 4)),
            )


class UnregisteredClaim(Rule):
    code = "CL002"
    name = "unregistered-claim"
    severity = Severity.INFO
    doc = RuleDoc(
        summary="A quantitative result claim that matches no approved proof point.",
        why=(
            "A number nobody approved is a number nobody can defend in a security review or a "
            "reference call. Either add it to narrative.md as a proof point (with its source) or "
            "use one that is there. Only claims that read as results about the company or its "
            "product are reported (percentages, multiples, outcome counts, money saved, things made "
            "faster): not goals, thresholds and limits ('get to 80% of seats by day 60', 'up to 5 "
            "changesets'), prices, instructions ('book a 30-minute call'), counter-examples ('don't "
            "say 50%'), hypotheticals, a survey's or another company's figures, nor a proof point's "
            "own number said in other words."
        ),
        flagged="Beacon delivers 3x more pipeline from existing accounts.",
        preferred="Guided Plays lift expansion revenue by 18% in the first year.",
        off_by_default=(
            "On the pages of two real companies outside our development set "
            "(eval/results/heldout-2026-12-02.md) 1 of 60 findings was worth acting on: thresholds, "
            "rules of thumb, a customer's own business figures and the proof-point library itself read "
            "as unregistered claims. Select it with --select CL002 to review every number against the "
            "proof points."
        ),
    )
    on_by_default = False
    settings = (Setting("CL002", DEFAULT_REGISTERED,
                        "metric score (0-1) to a proof point from which a claim counts as registered"),)

    def check_asset(self, doc: Document, analysis: Analysis) -> Iterable[Finding]:
        narrative = analysis.narrative
        index = analysis.claims([doc])
        threshold = self.setting(analysis)
        for i in index.of(doc):
            site = index.sites[i]
            if not site.result or not index.about_us(i):
                continue
            scores = index.proof_scores(i)
            if scores and scores[0].score >= threshold:
                continue
            if index.registered_value(i, SAME_VALUE_FLOOR):
                continue
            nearest = scores[0] if scores else None
            yield self.finding(
                doc, site.location,
                f"'{site.claim.raw}' is a quantitative claim that matches no approved proof point in "
                f"{narrative.path}; add it as a proof point with its source, or use an approved one.",
                excerpt=site.claim.raw,
                score=nearest.score if nearest else None,
                evidence=Evidence.of(nearest_proof_point=nearest.proof.proof.text,
                                     proof_point_location=nearest.proof.where,
                                     similarity=round(nearest.score, 4)) if nearest else None,
            )


class CrossAssetClaim(Rule):
    code = "CL003"
    name = "cross-asset-claim"
    severity = Severity.WARNING
    doc = RuleDoc(
        summary="Two assets giving different numbers for the same metric.",
        why=(
            "Marketing's blog says 30%, the sales deck says 45%: whichever the buyer hears second "
            "makes the first look invented. Reported once per pair, on the later file (by path), "
            "with the other file's sentence. Only the same metric for the same subject is compared: "
            "two customers' results, two periods, or a goal against a result are not a conflict. "
            "Goals and bars ('get to 80% of seats by day 60') are compared with each other. A pair in "
            "which one side uses the approved proof point is left to CL001, which already flags the "
            "other side."
        ),
        flagged="The blog says teams 'cut time-to-first-deal by 30%'; the deck's table says 'Cut by 45%'.",
        preferred="Both use the approved proof point: 'cut time-to-first-deal by 23% in two quarters'.",
        situation=True,
        reads=(("thresholds.CL001", "also decides which claims carry an approved value (and are left out)"),),
        off_by_default=(
            "On the pages of two real companies outside our development set "
            "(eval/results/heldout-2026-12-02.md) every one of its findings compared two different "
            "things (weights, thresholds and targets on different pages), so it is opt-in: select it "
            "with --select CL003."
        ),
    )
    on_by_default = False
    settings = (Setting("CL003", DEFAULT_MATCH,
                        "metric score (0-1) at which two assets' claims measure the same thing"),)

    def check_corpus(self, docs: Sequence[Document], analysis: Analysis) -> Iterable[Finding]:
        if not docs:
            return
        index = analysis.claims(docs)
        threshold = self.setting(analysis)
        proof_threshold = ConflictingClaim.setting(analysis)
        eligible: list[int] = []
        for i, site in enumerate(index.sites):
            match, agrees = index.verdict(i, proof_threshold)
            if agrees:
                continue  # carries the approved value: the other side is CL001's
            # Goals and bars count too ("get to 50% of seats by day 60" / "80% within 45 days"): shares,
            # when the number is the only share in its sentence, so which metric it sets is clear.
            if site.result or match is not None or (site.target and site.claim.unit == "percent"
                                                     and index.only_of_unit(i)):
                eligible.append(i)
        eligible.sort(key=lambda i: (index.sites[i].doc.display_path, index.sites[i].block, index.sites[i].start))
        for pos, j in enumerate(eligible):
            later = index.sites[j]
            best: dict[str, tuple[float, int]] = {}  # per earlier file: its closest conflicting claim
            for i in eligible[:pos]:
                earlier = index.sites[i]
                if earlier.doc.display_path >= later.doc.display_path:
                    continue
                if not comparable(earlier.claim, later.claim) or compatible(earlier.claim, later.claim):
                    continue
                if earlier.target != later.target or not index.same_site_subject(i, j):
                    continue  # a goal against a result, or another customer's or period's number
                score = index.site_score(i, j)
                if score >= threshold and score > best.get(earlier.doc.display_path, (-1.0, -1))[0]:
                    best[earlier.doc.display_path] = (score, i)
            for path in sorted(best):
                score, i = best[path]
                other = index.sites[i]
                yield self.finding(
                    later.doc, later.location,
                    f"{later.claim.raw} here, but {other.where()} says {other.claim.raw} for the same metric "
                    f"('{excerpt(other.sentence, 160)}').",
                    excerpt=later.claim.raw,
                    score=score,
                    evidence=Evidence.of(other_path=path, other_location=other.location.describe(),
                                         other_text=other.sentence, other_claim=other.claim.raw,
                                         similarity=round(score, 4)),
                )


RULES: list[type[Rule]] = [ConflictingClaim, UnregisteredClaim, CrossAssetClaim]
