"""CLI conventions shared with ruff, Vale and textlint: `check -` with `--stdin-filename`,
`--severity` (what is shown), `--fix --diff` (nothing written) and `--format line`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from goldens import assert_golden

from msgalign.cli import main

GOLDEN = Path(__file__).parent / "golden" / "cli"
GLOSSARY = ("terms:\n  - term: Revenue Workspace\n    variants: [revenue hub]\n    severity: error\n"
            "  - term: Account Plan\n    variants: [territory doc]\n"
            "avoid:\n  - {phrase: seamless, reason: Say how long it takes.}\n")
# Each entry also matches a file on disk: a team or channel whose patterns match no corpus file is a notice.
CONFIG = ('corpus = ["corpus"]\n[teams]\nsales = ["corpus/deals/**", "corpus/sales/**"]\n[channels.playbook]\n'
          'globs = ["**/plays/**", "corpus/sales/b.txt"]\n')
PAGE = "Open the revenue hub.\n\nSetup is seamless.\n"


@pytest.fixture()
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "g.yml").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "msgalign.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "corpus" / "sales").mkdir(parents=True)
    (tmp_path / "corpus" / "sales" / "a.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "corpus" / "sales" / "b.txt").write_text("Every revenue hub user agrees.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str, input: bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), input=input)


def findings(output: str) -> list[dict]:  # type: ignore[type-arg]
    return json.loads(output)["findings"]


# --- check - -----------------------------------------------------------------------------------------

def test_stdin_is_checked_as_the_file_it_names(ws: Path) -> None:
    result = invoke("check", "-", "--stdin-filename", "corpus/deals/plays/new.md", "--select", "TM",
                    "--format", "json", input=b"The revenue hub is seamless.\n")
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert [(f["rule"], f["path"], f["location"]["line"], f["location"]["column"]) for f in data["findings"]] == [
        ("TM001", "corpus/deals/plays/new.md", 1, 5), ("TM005", "corpus/deals/plays/new.md", 1, 20)]
    # Team and channel come from the path named, as if the file were there.
    assert [(a["path"], a["team"], a["channel"]) for a in data["assets"]] == [
        ("corpus/deals/plays/new.md", "sales", "playbook")]
    assert not (ws / "corpus" / "deals").exists()  # nothing is written


def test_stdin_filename_picks_the_format(ws: Path) -> None:
    html = b"<html><body><p>Open the <b>revenue hub</b>.</p><script>var revenue_hub = 1;</script></body></html>"
    result = invoke("check", "-", "--stdin-filename", "site/page.html", "--select", "TM001", "--format", "json",
                    input=html)
    assert [(f["rule"], f["location"]["column"]) for f in findings(result.output)] == [("TM001", 28)]
    # Without a name stdin is Markdown, shown as 'stdin'.
    plain = invoke("check", "-", "--select", "TM001", "--format", "line", input=b"# The revenue hub\n")
    assert plain.output == "stdin:1:7: TM001 Use 'Revenue Workspace' instead of 'revenue hub'.\n"


def test_stdin_that_cannot_be_read_is_an_in001(ws: Path) -> None:
    result = invoke("check", "-", "--stdin-filename", "deck.pptx", "--format", "line", input=b"not a zip")
    assert result.exit_code == 1
    assert result.output.startswith("deck.pptx:1:1: IN001 ")


def test_fix_on_stdin_prints_the_fixed_text_and_what_is_left_on_stderr(ws: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["check", "-", "--fix", "--select", "TM", "--format", "line"],
                           input=b"Open the revenue hub.\r\n\r\nIt is seamless.\r\n")
    assert result.stdout_bytes == b"Open the Revenue Workspace.\r\n\r\nIt is seamless.\r\n"
    assert result.stderr == "stdin:3:7: TM005 Avoid 'seamless'. Say how long it takes.\n"
    assert result.exit_code == 0  # what is left is a warning
    clean = runner.invoke(main, ["check", "-", "--fix", "--select", "TM"], input=b"Nothing to change.\n")
    assert clean.exit_code == 0 and clean.stdout_bytes == b"Nothing to change.\n"


def test_stdin_misuse_is_a_usage_error(ws: Path) -> None:
    both = invoke("check", "-", "corpus", input=b"x")
    assert both.exit_code == 2 and "cannot be combined" in both.output
    name = invoke("check", "corpus", "--stdin-filename", "a.md")
    assert name.exit_code == 2 and "--stdin-filename only applies when checking stdin" in name.output


# --- --severity ----------------------------------------------------------------------------------------

def test_severity_filters_what_is_shown_not_what_fails(ws: Path) -> None:
    every = {f["rule"] for f in findings(invoke("check", "--select", "TM", "--format", "json").output)}
    assert every == {"TM001", "TM005"}
    errors = invoke("check", "--select", "TM", "--format", "json", "--severity", "error")
    assert {f["rule"] for f in findings(errors.stdout)} == {"TM001"} and errors.exit_code == 1
    # Only a warning is left when TM001 is ignored: hidden by --severity error, yet it still fails --fail-level.
    hidden = CliRunner().invoke(main, ["check", "--select", "TM005", "--severity", "error", "--fail-level",
                                       "warning", "--format", "line"])
    assert hidden.stdout == "" and hidden.exit_code == 1
    assert "1 finding below error not shown (--severity)" in hidden.stderr


# --- --fix --diff ---------------------------------------------------------------------------------------

def test_fix_diff_writes_nothing_and_prints_exactly_the_change(ws: Path) -> None:
    before = {p: p.read_bytes() for p in (ws / "corpus").rglob("*") if p.is_file()}
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--fix", "--diff", "--select", "TM"])
    assert result.exit_code == 1  # there is something to fix
    assert {p: p.read_bytes() for p in before} == before
    assert_golden(GOLDEN / "fix-diff.txt", result.stdout)
    assert result.stderr == "Would fix 2 terms in 2 files; nothing was written.\n"
    # The diff is exactly what --fix then writes.
    import subprocess

    patched = ws.parent / f"{ws.name}-patched"
    subprocess.run(["cp", "-r", str(ws / "corpus"), str(patched)], check=True)
    subprocess.run(["patch", "-s", "-p2", "-d", str(patched)], input=result.stdout.encode(), check=True)
    assert runner.invoke(main, ["check", "--fix", "--select", "TM", "-q"]).exit_code == 0
    for path in before:
        assert (patched / path.relative_to(ws / "corpus")).read_bytes() == path.read_bytes()


def test_fix_diff_and_fix_agree_on_articles(ws: Path) -> None:
    """Whatever --fix does with an "a" before the new words, --diff shows the same."""
    plan = ws / "corpus" / "sales" / "plan.md"
    plan.write_text("Write a territory doc first.\n", encoding="utf-8")
    runner = CliRunner()
    diff = runner.invoke(main, ["check", "corpus/sales/plan.md", "--fix", "--diff", "--select", "TM"]).stdout
    assert runner.invoke(main, ["check", "corpus/sales/plan.md", "--fix", "--select", "TM", "-q"]).exit_code == 0
    removed, added = (line[1:] for line in diff.splitlines()[3:5])
    assert removed == "Write a territory doc first." and added == plan.read_text(encoding="utf-8").rstrip("\n")


def test_fix_diff_with_nothing_to_fix_exits_0(ws: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--fix", "--diff", "--select", "TM005"])
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == "Nothing to fix.\n"


def test_diff_needs_fix(ws: Path) -> None:
    result = invoke("check", "--diff")
    assert result.exit_code == 2 and "msgalign check --fix --diff" in result.output


def test_fix_diff_on_stdin(ws: Path) -> None:
    result = CliRunner().invoke(main, ["check", "-", "--stdin-filename", "notes.txt", "--fix", "--diff", "-q",
                                      "--select", "TM"],
                                input=b"First line.\nThe revenue hub")
    assert result.stdout == ("--- a/notes.txt\n+++ b/notes.txt\n@@ -1,2 +1,2 @@\n First line.\n-The revenue hub\n"
                             "\\ No newline at end of file\n+The Revenue Workspace\n\\ No newline at end of file\n")


# --- --format line -------------------------------------------------------------------------------------

def test_line_format(ws: Path) -> None:
    result = invoke("check", "--select", "TM", "--format", "line")
    assert result.output == (
        "corpus/sales/a.md:1:10: TM001 Use 'Revenue Workspace' instead of 'revenue hub'.\n"
        "corpus/sales/a.md:3:10: TM005 Avoid 'seamless'. Say how long it takes.\n"
        "corpus/sales/b.txt:1:7: TM001 Use 'Revenue Workspace' instead of 'revenue hub'.\n")


# --- the first five minutes ---------------------------------------------------------------------------

def test_unsupported_files_are_named_once_with_what_to_do(ws: Path) -> None:
    for name in ("old-pitch.ppt", "Q3 plan.KEY", "guide.doc", "pricing.xlsx", "notes.rtf", "~$guide.doc"):
        (ws / "corpus" / "sales" / name).write_bytes(b"\xd0\xcf\x11\xe0")
    (ws / "corpus" / "sales" / "logo.png").write_bytes(b"\x89PNG")
    result = CliRunner().invoke(main, ["check", "--select", "TM", "--format", "json"])
    notices = [line for line in result.stderr.splitlines() if "format msgalign cannot read" in line]
    assert notices == [
        "msgalign: notice: skipped 5 files in a format msgalign cannot read: corpus/sales/Q3 plan.KEY, "
        "corpus/sales/guide.doc, corpus/sales/notes.rtf, corpus/sales/old-pitch.ppt, corpus/sales/pricing.xlsx. "
        "To check them, save decks as .pptx or .pdf, documents as .docx or .pdf, spreadsheets as .pdf."]
    assert {f["path"] for f in findings(result.stdout)} == {"corpus/sales/a.md", "corpus/sales/b.txt"}


def test_an_empty_corpus_is_a_usage_error(ws: Path) -> None:
    for path in (ws / "corpus" / "sales").iterdir():
        path.unlink()
    (ws / "corpus" / "sales" / "deck.ppt").write_bytes(b"\xd0\xcf\x11\xe0")
    result = CliRunner().invoke(main, ["check", "--select", "TM"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "msgalign: [E601] found no asset to check in corpus: msgalign reads .md, .markdown, .mdx, .txt, .html, "
        ".htm, .tsx, .jsx, .pptx, .docx, .pdf files. Add assets there, or name the files or folders to check "
        "(msgalign check PATH...).")
    assert "deck.ppt" in result.stderr  # and the notice says why the deck was not read
    report = CliRunner().invoke(main, ["report", "--select", "TM", "-o", "r.html"])
    assert report.exit_code == 2 and "found no asset to check" in report.stderr and not (ws / "r.html").exists()


def test_report_never_prints_html_to_a_terminal(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import msgalign.cli.report as report_cli

    piped = CliRunner().invoke(main, ["report", "--select", "TM"])
    assert piped.exit_code == 0 and piped.stdout.lstrip().lower().startswith("<!doctype html")
    monkeypatch.setattr(report_cli, "stdout_is_terminal", lambda: True)
    shown = CliRunner().invoke(main, ["report", "--select", "TM", "-q"])
    assert shown.exit_code == 0 and shown.stdout == ""
    assert shown.stderr == ("wrote msgalign-report.html (open it in a browser; --out FILE picks another name)\n")
    assert (ws / "msgalign-report.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    # Markdown and JSON are fine on a terminal.
    summary = CliRunner().invoke(main, ["report", "--select", "TM", "--format", "markdown"])
    assert summary.stdout.startswith("## ") or summary.stdout.startswith("# ")


@pytest.mark.parametrize("args", [["classify", "-"], ["check", "-", "--select", "TM"]])
def test_reading_stdin_from_a_terminal_says_how_to_end_it(ws: Path, monkeypatch: pytest.MonkeyPatch,
                                                          args: list[str]) -> None:
    import msgalign.cli.common as common

    monkeypatch.setattr(common, "stdin_is_terminal", lambda: True)
    result = CliRunner().invoke(main, args, input=b"")
    assert "press Ctrl-D on a new line to finish (Ctrl-Z then Enter on Windows)." in result.stderr
    monkeypatch.setattr(common, "stdin_is_terminal", lambda: False)
    assert "Ctrl-D" not in CliRunner().invoke(main, args, input=b"").stderr
