"""The rule registry: one table from code to rule, prefix selection, and the settings rules declare."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Sequence
from dataclasses import replace

from msgalign.errors import ConfigError, MsgalignError, UsageError
from msgalign.rules.base import Rule, RuleDoc, Setting
from msgalign.suppress import name_matches, source_rules
from msgalign.types import Finding
from msgalign.workspace.config import Config, config_where


def all_rules() -> dict[str, type[Rule]]:
    """Every rule, by code, in code order. Families import late (they may be heavy)."""
    from msgalign.rules import actionability, claims, inputs, narrative, terminology

    table: dict[str, type[Rule]] = {}
    for family in (terminology, narrative, claims, actionability, inputs):
        for rule in family.RULES:
            if rule.code in table:
                raise RuntimeError(f"rule code {rule.code} registered twice")
            table[rule.code] = rule
    return dict(sorted(table.items()))


def matches(code: str, selectors: Iterable[str]) -> bool:
    """True when a code is named by any selector: a full code or a prefix ('TM', 'TM00')."""
    return any(code.startswith(sel.strip().upper()) for sel in selectors if sel.strip())


def select(codes: Iterable[str], select: Iterable[str] = (), ignore: Iterable[str] = (),
           default: Iterable[str] | None = None) -> list[str]:
    """The codes left after --select and --ignore.

    With no selection, the `default` codes (the rules on by default; None: all of them); a
    selection names rules by code or prefix, opt-in rules included.
    """
    sel = [s for s in select if s.strip()]
    ign = [s for s in ignore if s.strip()]
    on = None if default is None else set(default)
    return [c for c in codes
            if (matches(c, sel) if sel else on is None or c in on) and not matches(c, ign)]


def default_codes(table: dict[str, type[Rule]] | None = None) -> list[str]:
    """The codes of the rules that run when nothing is selected."""
    return [code for code, rule in (table or all_rules()).items() if rule.on_by_default]


def check_selectors(selectors: Iterable[str], table: dict[str, type[Rule]], what: str,
                    error: type[MsgalignError] = UsageError, where: str | None = None,
                    names: Iterable[str] = ()) -> None:
    """Refuse a rule code or prefix that names no rule (`--select XX999` must not check nothing and pass).

    Codes and prefixes are matched without regard to case; `what` says where they came from.
    `names` are the imported rules the glossary's entries come from ('Microsoft.Terms'): they,
    and their styles ('Microsoft'), are valid selectors too.
    """
    known = list(names)
    for selector in (s.strip() for s in selectors):
        if not selector or any(code.startswith(selector.upper()) for code in table):
            continue
        if any(name_matches(name, selector) for name in known):
            continue
        options = {n.split(".", 1)[0].casefold(): n.split(".", 1)[0] for n in known}
        options |= {n.casefold(): n for n in known} | {code.casefold(): code for code in table}
        close = difflib.get_close_matches(selector.casefold(), list(options), n=1, cutoff=0.4)
        hint = f" Did you mean {options[close[0]]}?" if close else " See `msgalign rules` for the codes."
        imported = " or imported rule" if known else ""
        raise error(f"{what} names '{selector}', which is no rule code or prefix{imported}.{hint}", where=where)


def split_selectors(selectors: Iterable[str], table: dict[str, type[Rule]]) -> tuple[list[str], list[str]]:
    """(rule codes and prefixes, imported rule names and styles): 'TM001' is a code, 'Microsoft.Terms' a name."""
    codes, names = [], []
    for selector in (s.strip() for s in selectors):
        if not selector:
            continue
        if any(code.startswith(selector.upper()) for code in table):
            codes.append(selector)
        else:
            names.append(selector)
    return codes, names


GLOSSARY_RULES = ("TM001", "TM002", "TM005")
"""The rules whose findings come from glossary entries, and so from imported rules."""


def keep_finding(finding: Finding, select_names: Sequence[str], select_codes: Sequence[str],
                 ignore_names: Sequence[str]) -> bool:
    """--select and --ignore by imported rule name, applied to findings (codes pick the rules to run).

    With names selected, a finding stays when its code is selected or it comes from a selected
    imported rule; an ignored name drops a finding when every rule it comes from is ignored.
    """
    sources = source_rules(finding)
    if ignore_names and sources and all(any(name_matches(s, n) for n in ignore_names) for s in sources):
        return False
    if not select_names:
        return True
    if select_codes and matches(finding.rule, select_codes):
        return True
    return any(name_matches(s, n) for s in sources for n in select_names)


def declared_settings(table: dict[str, type[Rule]] | None = None) -> dict[str, Setting]:
    """Every `[thresholds]` key any rule reads, with its declaration."""
    return {s.key: s for rule in (table or all_rules()).values() for s in rule.settings}


def _nearest(key: str, valid: Iterable[str]) -> str:
    options = sorted(valid)
    close = difflib.get_close_matches(key.upper(), [o.upper() for o in options], n=1, cutoff=0.4)
    if close:
        return f" Did you mean '{next(o for o in options if o.upper() == close[0])}'?"
    return f" Valid keys: {', '.join(options)}."


def validate_settings(config: Config, table: dict[str, type[Rule]] | None = None) -> Config:
    """The config with its `[thresholds]` and `[severity]` keys checked against the rules.

    A key no rule reads is an error that names the nearest valid key (a typo
    must never silently leave a default in force); keys are matched without
    regard to case and returned in the case the rules declare. Errors say file:line.
    """
    table = table or all_rules()
    declared = declared_settings(table)
    by_upper = {k.upper(): k for k in declared}
    thresholds: dict[str, float] = {}
    for key, value in config.thresholds.items():
        name = by_upper.get(key.upper())
        where = config_where(config, "thresholds", key)
        if name is None:
            raise ConfigError(f"unknown key [thresholds] '{key}'.{_nearest(key, declared)}", where=where)
        # A Config built in code (not from a file) may hold anything: true/false, NaN and inf are no threshold.
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ConfigError(f"[thresholds] '{key}' must be a finite number, got {value!r}.", where=where)
        if declared[name].whole and float(value) != int(value):
            raise ConfigError(f"[thresholds] '{key}' must be a whole number, got {value!r}.", where=where)
        thresholds[name] = value
    for code in config.severities:
        if code not in table:
            raise ConfigError(f"unknown rule [severity] '{code}'.{_nearest(code, table)}",
                              where=config_where(config, "severity", code))
    return replace(config, thresholds=thresholds)


__all__ = ["GLOSSARY_RULES", "Rule", "RuleDoc", "Setting", "all_rules", "check_selectors", "declared_settings",
           "default_codes", "keep_finding", "matches", "select", "split_selectors", "validate_settings"]
