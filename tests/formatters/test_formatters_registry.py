from __future__ import annotations

import pytest

import msgalign.rules as registry
from msgalign.formatters import FORMATS, render
from msgalign.types import Report

ALL = sorted(FORMATS)


def test_registry_lists_the_spec_formats() -> None:
    assert set(FORMATS) == {"text", "line", "json", "sarif", "rdjsonl", "github", "markdown"}


def test_unknown_format_names_the_valid_ones(report: Report) -> None:
    with pytest.raises(ValueError) as err:
        render("xml", report)
    message = str(err.value)
    assert "'xml'" in message
    for fmt in FORMATS:
        assert fmt in message


@pytest.mark.parametrize("fmt", ALL)
def test_render_is_deterministic(fmt: str, make_report, fake_rules) -> None:
    # Two reports built independently (not the same object) give the same bytes.
    first = render(fmt, make_report(), rules=fake_rules)
    second = render(fmt, make_report(), rules=fake_rules)
    assert first.encode() == second.encode()
    assert first  # a report with findings is never rendered as nothing


@pytest.mark.parametrize("fmt", ALL)
def test_order_does_not_depend_on_report_order(fmt: str, report: Report, fake_rules) -> None:
    shuffled = Report(findings=tuple(reversed(report.findings)), assets=tuple(reversed(report.assets)),
                      tool_version=report.tool_version)
    assert render(fmt, shuffled, rules=fake_rules) == render(fmt, report, rules=fake_rules)


@pytest.mark.parametrize("fmt", ALL)
def test_color_only_when_asked(fmt: str, report: Report, fake_rules) -> None:
    assert "\x1b[" not in render(fmt, report, rules=fake_rules)
    colored = render(fmt, report, rules=fake_rules, color=True)
    # Only the text format has colours; machine formats ignore the option.
    assert ("\x1b[" in colored) == (fmt == "text")


@pytest.mark.parametrize("fmt", ["markdown", "sarif"])
def test_rule_docs_default_to_the_registry(fmt: str, report: Report, fake_rules, monkeypatch) -> None:
    calls = []

    def fake_all_rules():
        calls.append(1)
        return fake_rules

    monkeypatch.setattr(registry, "all_rules", fake_all_rules)
    assert render(fmt, report) == render(fmt, report, rules=fake_rules)
    assert calls == [1]


@pytest.mark.parametrize("fmt", ["text", "json", "rdjsonl", "github"])
def test_formats_without_rule_docs_never_load_the_registry(fmt: str, report: Report, monkeypatch) -> None:
    def boom():
        raise AssertionError("the registry was loaded")

    monkeypatch.setattr(registry, "all_rules", boom)
    render(fmt, report)


def test_clean_report_never_loads_the_registry(empty_report: Report, monkeypatch) -> None:
    def boom():
        raise AssertionError("the registry was loaded")

    monkeypatch.setattr(registry, "all_rules", boom)
    for fmt in ALL:
        render(fmt, empty_report)

