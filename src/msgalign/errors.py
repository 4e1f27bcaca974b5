"""Errors that stop a run, each with a code and a sentence that says what to do.

Only the CLI turns these into exit codes (2). A bad *asset* is never one of
these: it becomes an IN001 finding and the run goes on.
"""

from __future__ import annotations


class MsgalignError(Exception):
    """A usage, config, glossary, template or model error (exit 2)."""

    code = "E000"

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(str(self))

    def __str__(self) -> str:
        prefix = f"[{self.code}] "
        return f"{prefix}{self.where}: {self.message}" if self.where else f"{prefix}{self.message}"


class ConfigError(MsgalignError):
    code = "E101"


class GlossaryError(MsgalignError):
    code = "E201"


class NarrativeError(MsgalignError):
    code = "E301"


class TemplateError(MsgalignError):
    code = "E401"


class ModelError(MsgalignError):
    code = "E501"


class UsageError(MsgalignError):
    code = "E601"


class ReadError(Exception):
    """An asset that cannot be read. Carries a plain reason; becomes IN001."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)
