"""Inline suppression: parsing and which findings each directive covers."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from msgalign.suppress import Suppressions, parse
from msgalign.types import Directive, Document, Finding, Location, Severity


def doc(*directives: Directive) -> Document:
    return Document(path=Path("a.md"), display_path="a.md", format="markdown", blocks=(), directives=directives)


def finding(rule: str, line: int | None = None, slide: int | None = None) -> Finding:
    return Finding(rule, "x", Severity.WARNING, "m", "a.md", Location(line=line, slide=slide))


def test_parse_forms() -> None:
    assert parse(Directive("disable TM001,AC003 -- analyst quote", line=3)).codes == frozenset({"TM001", "AC003"})
    assert parse(Directive("off", line=1)).action == "disable"
    assert parse(Directive("enable", line=1)).codes == frozenset({"*"})
    assert parse(Directive("disable-next-line TM", line=1)).codes == frozenset({"TM"})
    assert parse(Directive("frobnicate TM001", line=1)) is None


def test_ranges_next_line_prefixes_and_slides() -> None:
    s = Suppressions(doc(
        Directive("disable TM001 -- legal asked", line=10), Directive("enable TM001", line=20),
        Directive("disable-next-line TM", line=30), Directive("off", line=40), Directive("on", line=50),
        Directive("disable TM005", slide=6),
    ))
    assert not s.is_suppressed(finding("TM001", 9))
    assert s.is_suppressed(finding("TM001", 15)) and not s.is_suppressed(finding("TM002", 15))
    assert not s.is_suppressed(finding("TM001", 21))
    assert s.is_suppressed(finding("TM002", 31)) and not s.is_suppressed(finding("AC001", 31))
    assert not s.is_suppressed(finding("TM002", 32))
    assert s.is_suppressed(finding("AC001", 45)) and not s.is_suppressed(finding("AC001", 51))
    assert s.is_suppressed(finding("TM005", slide=6)) and not s.is_suppressed(finding("TM005", slide=7))
    assert not s.is_suppressed(finding("TM001", slide=6))


def test_asset_level_findings_follow_a_file_wide_disable() -> None:
    assert Suppressions(doc(Directive("disable AC002", line=1))).is_suppressed(finding("AC002"))
    assert not Suppressions(doc(Directive("disable AC002", line=1), Directive("enable AC002", line=5))).is_suppressed(
        finding("AC002"))


@given(st.text(max_size=80))
def test_any_directive_text_parses_or_is_ignored(text: str) -> None:
    parsed = parse(Directive(text, line=1))
    assert parsed is None or parsed.codes
