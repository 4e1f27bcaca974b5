"""Where tools put a finding: full SARIF regions, repository-relative URIs, GitHub columns on one line
only, rdjsonl columns in UTF-8 bytes; SARIF and rdjsonl validated against the published schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from msgalign.cli import main
from msgalign.formatters import render
from msgalign.types import Finding, Location, Report, Severity

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / ".." / "shared" / "ecosystem" / "schemas"
FULL = {"startLine", "startColumn", "endLine", "endColumn"}


def _schema(name: str) -> dict:  # type: ignore[type-arg]
    path = SCHEMAS / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (the shared ecosystem folder is not next to the project)")
    return json.loads(path.read_text(encoding="utf-8"))


def _validate(schema: dict, document: object) -> None:  # type: ignore[type-arg]
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft4Validator(schema).validate(document)


def _full_regions(log: dict) -> list[dict]:  # type: ignore[type-arg]
    regions = [loc["physicalLocation"]["region"] for r in log["runs"][0]["results"] for loc in r["locations"]]
    for region in regions:
        assert set(region) == FULL, region
        assert all(isinstance(v, int) and v >= 1 for v in region.values()), region
        assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"]), region
    return regions


def test_sarif_validates_and_every_result_has_a_full_region(report: Report, fake_rules) -> None:
    log = json.loads(render("sarif", report, rules=fake_rules))
    _validate(_schema("sarif-schema-2.1.0.json"), log)
    assert len(_full_regions(log)) == len(report.findings)
    blocks = [r for r in log["runs"][0]["results"] if "logicalLocations" in r["locations"][0]]
    assert {r["locations"][0]["logicalLocations"][0]["properties"]["part"] for r in blocks} == {
        "slide", "page", "paragraph"}


def test_sarif_of_the_example_decks_and_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real PPTX, DOCX and PDF assets of the example workspace: every result a full region."""
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["check", "corpus", "--select", "TM001,TM002,TM005,IN001",
                                       "--format", "sarif"])
    log = json.loads(result.stdout)
    _validate(_schema("sarif-schema-2.1.0.json"), log)
    results = log["runs"][0]["results"]
    assert len(_full_regions(log)) == len(results)
    binary = [r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        (".pptx", ".docx", ".pdf"))]
    assert binary and all(r["locations"][0]["logicalLocations"][0]["name"] for r in binary)


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    site = repo / "site"
    (site / "glossary").mkdir(parents=True)
    (site / "glossary" / "g.yml").write_text(
        "terms:\n  - term: Revenue Workspace\n    variants: [revenue hub]\n    severity: error\n", encoding="utf-8")
    (site / "msgalign.toml").write_text('corpus = ["corpus"]\n', encoding="utf-8")
    (site / "corpus").mkdir()
    (site / "corpus" / "a.md").write_text("Café crème — the revenue hub\nspans the revenue\nhub.\n", encoding="utf-8")
    return site


def test_sarif_and_github_paths_are_relative_to_the_git_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_repo(tmp_path))
    log = json.loads(CliRunner().invoke(main, ["check", "--select", "TM001", "--format", "sarif"]).stdout)
    where = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert (where["uri"], where["uriBaseId"]) == ("site/corpus/a.md", "%SRCROOT%")
    assert log["runs"][0]["artifacts"][0]["location"] == {"uri": "site/corpus/a.md", "uriBaseId": "%SRCROOT%"}
    github = CliRunner().invoke(main, ["check", "--select", "TM001", "--format", "github"]).stdout
    assert github.startswith("::error file=site/corpus/a.md,line=1,col=18,endLine=1,endColumn=29,")
    # --repo-root names another root; the text and JSON formats keep paths as shown.
    here = json.loads(CliRunner().invoke(main, ["check", "--select", "TM001", "--format", "sarif",
                                                "--repo-root", "."]).stdout)
    assert here["runs"][0]["artifacts"][0]["location"]["uri"] == "corpus/a.md"
    plain = json.loads(CliRunner().invoke(main, ["check", "--select", "TM001", "--format", "json"]).stdout)
    assert plain["findings"][0]["path"] == "corpus/a.md"


def test_github_sends_no_columns_across_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_repo(tmp_path))
    lines = CliRunner().invoke(main, ["check", "--select", "TM001", "--format", "github"]).stdout.splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("::error file=site/corpus/a.md,line=2,endLine=3,title=TM001 ")


def test_rdjsonl_columns_are_utf8_bytes_and_validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_repo(tmp_path))
    out = CliRunner().invoke(main, ["check", "--select", "TM001", "--format", "rdjsonl"]).stdout
    schema = _schema("Diagnostic.json")
    diagnostics = [json.loads(line) for line in out.splitlines()]
    for diagnostic in diagnostics:
        _validate(schema, diagnostic)
    # 'Café crème — the ' is 17 characters and 21 bytes: 'revenue hub' starts at byte column 22.
    first = diagnostics[0]["location"]["range"]
    assert first == {"start": {"line": 1, "column": 22}, "end": {"line": 1, "column": 33}}
    assert diagnostics[0]["suggestions"][0]["range"] == first
    assert diagnostics[1]["location"]["range"] == {"start": {"line": 2, "column": 11}, "end": {"line": 3, "column": 4}}


def test_rdjsonl_without_known_bytes_keeps_the_columns() -> None:
    finding = Finding("TM001", "non-canonical-term", Severity.ERROR, "m", "a.md",
                      Location(line=3, column=5, end_line=3, end_column=9))
    line = render("rdjsonl", Report((finding,), ()))
    assert json.loads(line)["location"]["range"] == {"start": {"line": 3, "column": 5}, "end": {"line": 3, "column": 9}}
