"""Errors that stop a run, each with a code and a sentence that says what to do.

Every code is in `CODES`, one table, and on one class; only the CLI turns an
error into its class's `exit_code` (2: the run could not be done as asked).
A bad *asset* is never one of these: it becomes an IN001 finding and the run
goes on (`ReadError` carries its reason to the engine).
"""

from __future__ import annotations

from typing import ClassVar


class MsgalignError(Exception):
    """A usage, config, glossary, narrative, template or model error."""

    code: ClassVar[str] = "E000"
    exit_code: ClassVar[int] = 2

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(str(self))

    def __str__(self) -> str:
        prefix = f"[{self.code}] "
        return f"{prefix}{self.where}: {self.message}" if self.where else f"{prefix}{self.message}"


class ConfigError(MsgalignError):
    """msgalign.toml (or [tool.msgalign]) is not valid: unknown key, wrong type, bad value."""

    code = "E101"


class GlossaryError(MsgalignError):
    """A glossary file is not valid, or an entry's own examples fail."""

    code = "E201"


class GlossaryImportError(GlossaryError):
    """A source for `glossary import` that cannot be read, parsed or recognised at all.

    One unconvertible entry is only a warning; a whole unreadable file stops
    the import, because going on would silently drop every term in it.
    """

    code = "E202"


class NarrativeError(MsgalignError):
    """narrative.md is missing where a rule needs it, or cannot be read."""

    code = "E301"


class TemplateError(MsgalignError):
    """A brief or report template that cannot be loaded or rendered safely."""

    code = "E401"


class ModelError(MsgalignError):
    """The sentence model, the spaCy pipeline or the tone model is missing or does not match."""

    code = "E501"


class UsageError(MsgalignError):
    """A command asked for something that cannot be done: a missing file, an output that cannot be written."""

    code = "E601"


class UnknownRuleError(UsageError):
    """A rule code that no rule has (`msgalign rule XX999`)."""

    code = "E602"


CODES: dict[str, type[MsgalignError]] = {
    cls.code: cls
    for cls in (ConfigError, GlossaryError, GlossaryImportError, NarrativeError, TemplateError, ModelError,
                UsageError, UnknownRuleError)
}


class ReadError(Exception):
    """An asset that cannot be read. Carries a plain reason; becomes IN001."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)
