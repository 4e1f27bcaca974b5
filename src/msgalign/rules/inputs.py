"""IN: input rules. IN001 is raised by the engine when a reader gives up on a file."""

from __future__ import annotations

from msgalign.rules.base import Rule, RuleDoc
from msgalign.types import Finding, Location, Severity


class UnreadableInput(Rule):
    code = "IN001"
    name = "unreadable-input"
    severity = Severity.ERROR
    doc = RuleDoc(
        summary="A file that cannot be read: corrupt, encrypted, over the limits, a link out of the workspace.",
        why=(
            "A deck that msgalign cannot open is a deck nobody checked. The run goes on with the "
            "other files, and this finding says what is wrong with this one so you can re-export "
            "it, remove the password, or raise the limit. Files are read only from inside the "
            "workspace: a symbolic link that points out of it (or in a loop) is reported here and "
            "never followed, so a pull request cannot make CI publish a file from beyond it."
        ),
        flagged="corpus/sales/q3-pitch.pptx is password-protected, or is not a presentation at all",
        preferred="corpus/sales/q3-pitch.pptx saved again from PowerPoint without a password",
        situation=True,
        reads=(("max-file-size", "the largest text file read (default 5 MB)"),),
    )

    @classmethod
    def for_file(cls, path: str, reason: str, team: str | None = None) -> Finding:
        return Finding(
            rule=cls.code,
            name=cls.name,
            severity=cls.severity,
            message=f"Cannot read this file: {reason}",
            path=path,
            location=Location(),
            team=team,
        )


RULES: list[type[Rule]] = [UnreadableInput]
