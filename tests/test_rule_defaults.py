"""Rules that are off by default: they say why, and run only when a selection names them."""

from __future__ import annotations

from msgalign.rules import all_rules, default_codes, select
from msgalign.rules.docs import explain


def test_every_opt_in_rule_says_why_and_every_default_rule_does_not() -> None:
    for code, rule in all_rules().items():
        if rule.on_by_default:
            assert not rule.doc.off_by_default, f"{code} is on by default but its docs say it is off"
        else:
            assert len(rule.doc.off_by_default) > 40, f"{code} is off by default and must say why"
            text = explain(rule)
            assert "Off by default" in text and f"--select {code}" in text


def test_no_selection_runs_the_default_rules_only() -> None:
    table = all_rules()
    on = default_codes(table)
    off = [c for c in table if c not in on]
    assert off, "some rule is opt-in"
    assert select(table, (), (), on) == on
    assert not set(off) & set(select(table, (), (), on))


def test_a_selection_names_opt_in_rules_by_code_or_prefix() -> None:
    table = all_rules()
    on = default_codes(table)
    off = next(c for c in table if c not in on)
    assert select(table, [off], (), on) == [off]
    assert off in select(table, [off[:2]], (), on)
    assert off not in select(table, [off[:2]], [off], on)   # --ignore still wins
