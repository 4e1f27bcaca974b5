"""Read a Vale setup as a user has it on disk: the `.vale.ini` and the styles and vocabularies it names.

    StylesPath = styles          # relative to the .vale.ini
    MinAlertLevel = suggestion
    Vocab = Docs                 # styles/config/vocabularies/Docs/{accept,reject}.txt (Vale 3; Vale 2: Vocab/Docs)
    Packages = Google            # downloaded into StylesPath by `vale sync`

    [*.md]
    BasedOnStyles = Vale, Google # Vale: the built-in style, whose Vale.Terms and Vale.Avoid read the vocabularies
    Google.WordList = NO         # a rule switched off
    Google.Will = warning        # a rule's level changed

`read_vale_config` turns that into a plan: the rule files and vocabularies to import, in order, which
rules' levels the config changes, and what Vale would not show (`MinAlertLevel`). Every part of the
setup that is missing is a warning naming the config line; a config that yields nothing to import,
or cannot be read, is a GlossaryImportError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from msgalign.errors import GlossaryImportError

CONFIG_NAMES = (".vale.ini", "_vale.ini", "vale.ini")
_LEVELS = {"suggestion": "info", "warning": "warning", "error": "error"}
_RANK = {"info": 0, "warning": 1, "error": 2}
_MAX_CONFIG_BYTES = 1_000_000
BUILTIN = "Vale"  # the built-in style: Vale.Terms (accept.txt), Vale.Avoid (reject.txt), spelling, repetition


@dataclass
class ValePlan:
    """What a Vale config says to import."""

    config: str                                   # the config, as shown to the user
    files: list[Path] = field(default_factory=list)   # rule files and vocabularies, in import order
    levels: dict[str, str] = field(default_factory=dict)  # rule name -> severity the config gives it
    min_level: str = "info"                       # below this Vale shows nothing (MinAlertLevel)
    warnings: list[str] = field(default_factory=list)
    summary: str = ""                             # "styles Google, Grafana; vocabulary Grafana"


def config_in(folder: Path) -> Path | None:
    """The Vale config in a folder (.vale.ini, _vale.ini or vale.ini), if it has one."""
    for name in CONFIG_NAMES:
        candidate = folder / name
        if _is_file(candidate):
            return candidate
    return None


# A name from the config may be no possible path (too long, a home folder of nobody): then it is no folder.
def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _files_in(folder: Path, shown: str, plan: ValePlan) -> list[Path]:
    """The files in a folder, sorted by name; a folder that cannot be listed is a warning and no files."""
    try:
        return sorted((p for p in folder.iterdir() if _is_file(p)), key=lambda p: p.name)
    except OSError as exc:
        plan.warnings.append(f"{shown}: the folder {_posix(folder)} cannot be read ({exc.strerror or exc}); skipped")
        return []


def is_config(path: Path) -> bool:
    return path.name.lower() in CONFIG_NAMES or path.suffix.lower() == ".ini"


@dataclass
class _Section:
    name: str
    line: int
    styles: list[str] = field(default_factory=list)
    styles_line: int = 0
    rules: dict[str, tuple[str, int]] = field(default_factory=dict)  # rule -> (YES / NO / a level, line)


def read_vale_config(path: Path, shown: str) -> ValePlan:
    """The plan of what to import for the Vale config at `path` (`shown` is how messages name it)."""
    text = _read(path, shown)
    plan = ValePlan(shown)
    core: dict[str, tuple[str, int]] = {}
    sections: list[_Section] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            if not line.endswith("]"):
                plan.warnings.append(f"{shown}:{number}: a section header must end with ']'; read as '{line}]'")
            sections.append(_Section(line.strip("[]").strip(), number))
            continue
        key, eq, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not eq or not key:
            plan.warnings.append(f"{shown}:{number}: not a 'key = value' line; ignored")
            continue
        if not sections and key.lower() == "basedonstyles":
            sections.append(_Section("*", number))  # before any section: read as one for every file
            sections[-1].styles, sections[-1].styles_line = _names(value), number
        elif not sections:
            core[key.lower()] = (value, number)
        elif sections[-1].name.lower() == "formats":
            continue
        elif key.lower() == "basedonstyles":
            sections[-1].styles = _names(value)
            sections[-1].styles_line = number
        elif "." in key:
            sections[-1].rules[key] = (value, number)
        elif key.lower() == "vocab":
            core.setdefault("vocab", (value, number))
    styles_path = _styles_path(path, shown, core)
    plan.min_level = _min_level(core, shown, plan)
    packages = {_package_name(p) for p in _names(core.get("packages", ("", 0))[0])}
    rule_on, style_on = _switches(sections, plan, shown)
    found: list[str] = []
    for style in style_on:
        if style == BUILTIN:
            continue
        folder = styles_path / style
        if not _is_dir(folder):
            why = ("it is a package: run `vale sync` next to the config first" if style in packages else
                   "no folder of that name is there")
            plan.warnings.append(f"{shown}:{style_on[style]}: the style '{style}' is not in {_posix(styles_path)} "
                                 f"({why}); skipped")
            continue
        rules = [p for p in _files_in(folder, shown, plan) if p.suffix.lower() in (".yml", ".yaml")]
        for rule_file in rules:
            name = f"{style}.{rule_file.stem}"
            if rule_on.get(name, True):
                plan.files.append(rule_file)
        found.append(style)
    for name, on in rule_on.items():  # a rule switched on by name, its style not based on
        style, _, _ = name.partition(".")
        if on and style not in style_on and style != BUILTIN:
            for ext in (".yml", ".yaml"):
                candidate = styles_path / style / (name.partition(".")[2] + ext)
                if _is_file(candidate):
                    plan.files.append(candidate)
                    break
    vocabularies = _vocabularies(path, shown, core, styles_path, style_on, rule_on, plan)
    for section in sections:
        for name, (value, _) in section.rules.items():
            level = _LEVELS.get(value.lower())
            if level is not None:
                plan.levels.setdefault(name, level)
    if not plan.files:
        raise GlossaryImportError(
            "names no Vale style or vocabulary that could be found to import"
            + (f" (looked in StylesPath {_posix(styles_path)})" if styles_path else "")
            + "; check StylesPath, BasedOnStyles and Vocab, or run `vale sync` first.", where=shown)
    parts = []
    if found:
        parts.append(f"style{'s' if len(found) > 1 else ''} {', '.join(found)}")
    if vocabularies:
        parts.append(f"vocabular{'ies' if len(vocabularies) > 1 else 'y'} {', '.join(vocabularies)}")
    plan.summary = "; ".join(parts)
    return plan


def _read(path: Path, shown: str) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(_MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise GlossaryImportError(f"cannot be read ({exc.strerror or exc}).", where=shown) from None
    if len(data) > _MAX_CONFIG_BYTES or b"\0" in data:
        raise GlossaryImportError("is not a Vale configuration (too large, or binary).", where=shown)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GlossaryImportError("is not UTF-8 text; save it as UTF-8 and import again.", where=shown) from None


def _names(value: str) -> list[str]:
    return [n.strip() for n in value.split(",") if n.strip()]


def _package_name(package: str) -> str:
    """'Google' or 'https://.../Hugo.zip' → the style folder `vale sync` makes: 'Google', 'Hugo'."""
    tail = package.rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"\.zip$", "", tail, flags=re.IGNORECASE)


def _styles_path(path: Path, shown: str, core: dict[str, tuple[str, int]]) -> Path:
    """StylesPath, relative to the config's folder; an error when it is not a folder."""
    value, line = core.get("stylespath", ("", 0))
    if not value:
        raise GlossaryImportError("has no StylesPath, so there is no folder to read its styles from; add "
                                  "'StylesPath = <folder of your styles>' at the top.", where=shown)
    try:
        styles = Path(value).expanduser()
    except RuntimeError:  # "~someone/styles" and there is no such user
        styles = Path(value)
    if not styles.is_absolute():
        styles = path.parent / styles
    if not _is_dir(styles):
        raise GlossaryImportError(f"StylesPath '{value}' is not a folder here ({_posix(styles)}); point it at the "
                                  "folder that holds your styles, relative to this file.", where=f"{shown}:{line}")
    return styles


def _min_level(core: dict[str, tuple[str, int]], shown: str, plan: ValePlan) -> str:
    value, line = core.get("minalertlevel", ("suggestion", 0))
    level = _LEVELS.get(value.strip().lower())
    if level is None:
        plan.warnings.append(f"{shown}:{line}: unknown MinAlertLevel '{value}'; read as suggestion")
        return "info"
    return level


def _switches(sections: list[_Section], plan: ValePlan, shown: str) -> tuple[dict[str, bool], dict[str, int]]:
    """(rule -> on?, style -> the line that bases a section on it). A rule is off when every section that
    uses its style switches it off (msgalign reads every kind of file one way); on when one names it
    with YES or a level."""
    style_on: dict[str, int] = {}
    for section in sections:
        for style in section.styles:
            style_on.setdefault(style, section.styles_line)
    rule_on: dict[str, bool] = {}
    for section in sections:
        for name, (value, line) in section.rules.items():
            setting = value.strip().lower()
            if setting not in ("yes", "no") and setting not in _LEVELS:
                plan.warnings.append(f"{shown}:{line}: '{name} = {value}' is not YES, NO or a level; ignored")
                continue
            if setting != "no":
                rule_on[name] = True
    for name in {n for s in sections for n in s.rules}:
        if rule_on.get(name):
            continue
        style = name.partition(".")[0]
        users = [s for s in sections if style in s.styles]
        if users and all(s.rules.get(name, ("yes", 0))[0].strip().lower() == "no" for s in users):
            rule_on[name] = False
        elif not users and all(s.rules.get(name, ("no", 0))[0].strip().lower() == "no" for s in sections):
            rule_on[name] = False
    return rule_on, style_on


def _vocabularies(path: Path, shown: str, core: dict[str, tuple[str, int]], styles: Path, style_on: dict[str, int],
                  rule_on: dict[str, bool], plan: ValePlan) -> list[str]:
    value, line = core.get("vocab", ("", 0))
    names = _names(value)
    if not names:
        return []
    if BUILTIN not in style_on:
        plan.warnings.append(
            f"{shown}:{line}: Vocab {', '.join(names)} is set, but the built-in style '{BUILTIN}' is not in "
            "BasedOnStyles, so Vale only lets those words pass and never checks their casing; not imported "
            f"(add {BUILTIN} to BasedOnStyles, or import accept.txt on its own)")
        return []
    read = []
    for name in names:
        folder = next((f for f in (styles / "config" / "vocabularies" / name, styles / "Vocab" / name)
                       if _is_dir(f)), None)
        if folder is None:
            plan.warnings.append(f"{shown}:{line}: the vocabulary '{name}' is not in "
                                 f"{_posix(styles / 'config' / 'vocabularies')} (nor in Vale 2's "
                                 f"{_posix(styles / 'Vocab')}); skipped")
            continue
        files = {p.name.lower(): p for p in _files_in(folder, shown, plan)}
        for kind, rule in (("accept.txt", "Vale.Terms"), ("reject.txt", "Vale.Avoid")):
            if kind in files and rule_on.get(rule, True):
                plan.files.append(files[kind])
        read.append(name)
    return read


def below_min(severity: str, plan_min: str) -> bool:
    """A rule at `severity` that Vale would not show with this MinAlertLevel."""
    return _RANK.get(severity, 1) < _RANK.get(plan_min, 0)


def _posix(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
