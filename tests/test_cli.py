"""The CLI: exit codes 0/1/2, formats, selection, rule docs, init, and start-up cost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_subprocess import run_cli
from click.testing import CliRunner

from msgalign.cli import main

GLOSSARY = ("terms:\n  - term: Revenue Workspace\n    variants: [revenue hub]\n    severity: error\n"
            "avoid:\n  - {phrase: seamless, reason: Say how long it takes.}\n")


@pytest.fixture()
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "g.yml").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "msgalign.toml").write_text('corpus = ["corpus"]\n', encoding="utf-8")
    (tmp_path / "corpus" / "sales").mkdir(parents=True)
    (tmp_path / "corpus" / "sales" / "a.md").write_text("Open the revenue hub.\n\nIt is seamless.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def test_exit_1_on_error_findings_and_0_with_exit_zero(ws: Path) -> None:
    assert invoke("check", "--select", "TM").exit_code == 1
    assert invoke("check", "--select", "TM", "--exit-zero").exit_code == 0
    assert invoke("check", "--select", "TM005").exit_code == 0          # only a warning
    assert invoke("check", "--select", "TM005", "--fail-level", "warning").exit_code == 1


def test_select_and_ignore_by_prefix(ws: Path) -> None:
    rules = lambda *a: {f["rule"] for f in json.loads(invoke("check", "--format", "json", *a).output)["findings"]}  # noqa: E731
    assert rules("--select", "TM") == {"TM001", "TM005"}
    assert rules("--select", "TM", "--ignore", "TM00") == set()
    assert rules("--select", "TM001,TM005", "--ignore", "TM005") == {"TM001"}


def test_json_is_the_spec_shape_and_deterministic(ws: Path) -> None:
    first = invoke("check", "--select", "TM", "--format", "json").output
    assert first == invoke("check", "--select", "TM", "--format", "json").output
    data = json.loads(first)
    assert list(data) == ["version", "tool", "findings", "assets", "summary"]
    f = data["findings"][0]
    assert (f["rule"], f["path"], f["location"]["line"], f["location"]["column"]) == (
        "TM001", "corpus/sales/a.md", 1, 10)
    assert data["summary"] == {"assets": 1, "findings": 2, "by_severity": {"error": 1, "warning": 1},
                               "by_rule": {"TM001": 1, "TM005": 1}}


def test_output_file_and_every_format(ws: Path) -> None:
    for fmt in ("text", "json", "sarif", "rdjsonl", "github", "markdown"):
        result = invoke("check", "--select", "TM", "--format", fmt, "--output", f"out.{fmt}")
        assert result.exit_code == 1 and result.output == ""
        assert "revenue hub" in (ws / f"out.{fmt}").read_text(encoding="utf-8")


@pytest.mark.parametrize(("setup", "args", "message"), [
    (lambda ws: (ws / "glossary" / "g.yml").write_text("terms:\n  - term: X\n    variants: y\n"), ["check"],
     "[E201] glossary/g.yml:2: 'variants' must be a list of strings, got a string."),
    (lambda ws: (ws / "msgalign.toml").write_text("corpsu = ['x']\n"), ["check"], "Did you mean 'corpus'?"),
    (lambda ws: None, ["check", "nowhere"], "no such file or folder: nowhere"),
    (lambda ws: None, ["rule", "TM01"], "no rule 'TM01'"),
])
def test_exit_2_with_a_plain_message(ws: Path, setup, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    setup(ws)
    result = invoke(*args)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_unreadable_file_is_in001_exit_1_and_others_still_checked(ws: Path) -> None:
    (ws / "corpus" / "sales" / "deck.pptx").write_bytes(b"not a zip at all")
    data = json.loads(invoke("check", "--select", "TM,IN", "--format", "json").output)
    assert {f["rule"] for f in data["findings"]} == {"IN001", "TM001", "TM005"}


def test_rules_and_rule_docs() -> None:
    listing = invoke("rules").output
    assert "TM001  non-canonical-term" in listing and "IN001" in listing
    doc = invoke("rule", "tm001").output
    for part in ("What it flags", "Why it matters", "Flagged", "Preferred", "Default severity: warning"):
        assert part in doc


def test_help_never_imports_torch() -> None:
    run = run_cli("--help")
    assert run.exit_code == 0, run.stderr
    assert "Usage: " in run.stdout and "check" in run.stdout and "rules" in run.stdout
    assert run.heavy == [], f"msgalign --help imported {run.heavy}"


def test_rule_listing_and_docs_never_import_torch() -> None:
    listing = run_cli("rules")
    assert listing.exit_code == 0, listing.stderr
    assert "TM001  non-canonical-term" in listing.stdout and "IN001" in listing.stdout
    assert listing.heavy == [], f"msgalign rules imported {listing.heavy}"
    doc = run_cli("rule", "TM003")
    assert doc.exit_code == 0, doc.stderr
    assert "TM003 semantic-variant" in doc.stdout and "Preferred" in doc.stdout
    assert doc.heavy == [], f"msgalign rule TM003 imported {doc.heavy}"


def test_terminology_only_run_never_imports_torch(ws: Path) -> None:
    run = run_cli("check", "--select", "TM001,TM002,TM005", "-q", "--format", "json", cwd=ws)
    assert run.exit_code == 1, run.stderr  # the revenue hub finding is an error
    assert {f["rule"] for f in json.loads(run.stdout)["findings"]} == {"TM001", "TM005"}
    assert run.heavy == [], f"a terminology-only run imported {run.heavy}"


def test_jobs_read_in_parallel_with_identical_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    args = ["check", "corpus", "--select", "TM001,TM002,TM005,IN001", "--format", "json"]
    assert invoke(*args, "--jobs", "2").output == invoke(*args, "--jobs", "1").output


def test_output_file_is_written_whole_and_never_through_a_link(ws: Path,
                                                              tmp_path_factory: pytest.TempPathFactory) -> None:
    out = ws / "findings.json"
    assert invoke("check", "--select", "TM", "--format", "json", "-o", str(out)).exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["findings"]
    victim = tmp_path_factory.mktemp("outside") / "victim.txt"
    victim.write_text("untouched\n", encoding="utf-8")
    link = ws / "link.json"
    link.symlink_to(victim)
    result = invoke("check", "--select", "TM", "--format", "json", "-o", str(link))
    assert result.exit_code == 2 and "[E601]" in result.output and "symbolic link" in result.output
    assert victim.read_text(encoding="utf-8") == "untouched\n" and link.is_symlink()


@pytest.mark.parametrize(("args", "message"), [
    (["--select", "XX999"], "--select names 'XX999', which is no rule code or prefix."),
    (["--ignore", "TM0001"], "--ignore names 'TM0001', which is no rule code or prefix. Did you mean TM001?"),
])
def test_unknown_rule_codes_are_usage_errors(ws: Path, args: list[str], message: str) -> None:
    result = invoke("check", *args)
    assert result.exit_code == 2 and "[E601]" in result.output and message in result.output


def test_codes_and_prefixes_match_without_case(ws: Path) -> None:
    data = json.loads(invoke("check", "--select", "tm00", "--ignore", "tm005", "--format", "json").output)
    assert {f["rule"] for f in data["findings"]} == {"TM001"}


def test_an_unknown_code_in_the_config_is_a_config_error(ws: Path) -> None:
    (ws / "msgalign.toml").write_text('corpus = ["corpus"]\nselect = ["TM", "NA0O1"]\n', encoding="utf-8")
    result = invoke("check")
    assert result.exit_code == 2 and "[E101]" in result.output and "msgalign.toml" in result.output
    assert "'select' names 'NA0O1', which is no rule code or prefix. Did you mean NA001?" in result.output


def test_no_config_and_no_corpus_points_to_init(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("check")
    assert result.exit_code == 2 and "run `msgalign init`" in result.output
    assert "no such file or folder" not in result.output
