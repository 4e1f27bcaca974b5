"""The rule registry: one table from code to rule, and prefix selection."""

from __future__ import annotations

from collections.abc import Iterable

from msgalign.rules.base import Rule, RuleDoc


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


def select(codes: Iterable[str], select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[str]:
    """The codes left after --select (empty: all) and --ignore."""
    sel = [s for s in select if s.strip()]
    ign = [s for s in ignore if s.strip()]
    return [c for c in codes if (not sel or matches(c, sel)) and not matches(c, ign)]


__all__ = ["Rule", "RuleDoc", "all_rules", "matches", "select"]
