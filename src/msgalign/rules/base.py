"""What every rule is: a code, a name, a default severity, its docs, its settings, and a check.

New *kinds* of check are code (a `Rule` subclass in its family's module); new
*instances* are data (a glossary row). A test walks the registry and fails if
any rule lacks docs or a fixture file.

A rule's tunable numbers are declared once, as `Setting`s on the rule: the
rule reads them with `self.setting(analysis, name)`, `msgalign rule CODE`
prints them, and the config validator accepts exactly these keys under
`[thresholds]` — so documentation cannot name a setting the code does not read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from msgalign.analysis.run import Analysis
from msgalign.types import Document, Evidence, Finding, Location, Severity

EXCERPT = 90  # characters of asset text a finding quotes


@dataclass(frozen=True)
class Setting:
    """One `[thresholds]` key a rule reads: `CODE` itself, or `CODE-name`."""

    key: str               # as written in msgalign.toml: "NA001" or "NA001-min-words"
    default: float | int   # an int default means the setting is a whole number
    meaning: str           # one line for `msgalign rule CODE`

    @property
    def whole(self) -> bool:
        return isinstance(self.default, int) and not isinstance(self.default, bool)


@dataclass(frozen=True)
class RuleDoc:
    """The documentation `msgalign rule CODE` prints; required for every rule."""

    summary: str          # one line: what it flags
    why: str              # why it matters to a revenue team
    flagged: str          # an example that is flagged
    preferred: str        # the same, fixed
    # What else the rule reads from the workspace (glossary fields, channel targets, the
    # narrative), as (where, what it does); tunable numbers are `Rule.settings`, not here.
    reads: tuple[tuple[str, str], ...] = ()
    # True when the examples describe a situation (two assets, a whole playbook, an unreadable
    # file) instead of quoting text; the rule's fixture file then builds each one.
    situation: bool = False
    # Set for a rule that is off by default (`Rule.on_by_default = False`): why, in plain words,
    # with what was measured on real writing. `msgalign rule CODE` prints it.
    off_by_default: str = ""


class Rule:
    """Base class. Per-asset rules override `check_asset`; corpus rules `check_corpus`."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    doc: ClassVar[RuleDoc]
    fixable: ClassVar[bool] = False
    settings: ClassVar[tuple[Setting, ...]] = ()
    # False: opt-in. The rule runs only when `--select` or the config's `select` names it (its code
    # or a prefix of it); its RuleDoc says why it is off (measured on real writing, see eval/).
    on_by_default: ClassVar[bool] = True

    def check_asset(self, doc: Document, analysis: Analysis) -> Iterable[Finding]:
        return ()

    def check_corpus(self, docs: Sequence[Document], analysis: Analysis) -> Iterable[Finding]:
        return ()

    @classmethod
    def declared(cls, key: str) -> Setting:
        """The declaration of one of this rule's settings (a programming error if there is none)."""
        for setting in cls.settings:
            if setting.key == key:
                return setting
        raise KeyError(f"{cls.code} declares no setting {key!r}")

    @classmethod
    def setting(cls, analysis: Analysis, key: str = "") -> float:
        """The value of a declared setting for this run: msgalign.toml's `[thresholds]`, else the default.

        `key` is the full key ("NA001-min-words"); empty means the rule's own code.
        """
        declared = cls.declared(key or cls.code)
        value = analysis.config.thresholds.get(declared.key, declared.default)
        return int(value) if declared.whole else float(value)

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
