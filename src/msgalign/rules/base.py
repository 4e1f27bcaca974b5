"""What every rule is: a code, a name, a default severity, its docs, and a check.

New *kinds* of check are code (a `Rule` subclass in its family's module); new
*instances* are data (a glossary row). A test walks the registry and fails if
any rule lacks docs or a fixture file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from msgalign.types import Document, Evidence, Finding, Location, Severity

if TYPE_CHECKING:
    from msgalign.analysis.context import Context


@dataclass(frozen=True)
class RuleDoc:
    """The documentation `msgalign rule CODE` prints; required for every rule."""

    summary: str          # one line: what it flags
    why: str              # why it matters to a revenue team
    flagged: str          # an example that is flagged
    preferred: str        # the same, fixed
    settings: tuple[tuple[str, str], ...] = ()  # (name, what it does)


class Rule:
    """Base class. Per-asset rules override `check_asset`; corpus rules `check_corpus`."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    doc: ClassVar[RuleDoc]
    fixable: ClassVar[bool] = False
    # What the rule needs loaded: "embeddings" (the sentence model), "tone" (the classifier).
    needs: ClassVar[frozenset[str]] = frozenset()

    def check_asset(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        return ()

    def check_corpus(self, docs: Sequence[Document], ctx: Context) -> Iterable[Finding]:
        return ()

    def finding(
        self,
        doc: Document,
        location: Location,
        message: str,
        *,
        severity: Severity | None = None,
        excerpt: str | None = None,
        suggestion: str | None = None,
        score: float | None = None,
        evidence: Evidence | None = None,
        fix_span: tuple[int, int] | None = None,
    ) -> Finding:
        return Finding(
            rule=self.code,
            name=self.name,
            severity=self.severity if severity is None else severity,
            message=message,
            path=doc.display_path,
            location=location,
            excerpt=excerpt,
            suggestion=suggestion,
            team=doc.team,
            score=score,
            evidence=evidence,
            fix_span=fix_span,
        )
