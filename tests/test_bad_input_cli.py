"""Bad input on the command line, as a user hits it: what is wrong and where, the rest of the run goes on,
exit 2 only when nothing is left to check, and never a traceback."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from msgalign.cli import main

GLOSSARY = "terms:\n  - term: Harbor Studio\n    variants: [Harbour Studio]\n"
PAGE = "Book a room in Harbour Studio today.\n"


@pytest.fixture()
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "terms.yml").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "page.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "msgalign.toml").write_text('glossary = ["glossary"]\ncorpus = ["corpus"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output and "internal error" not in result.output.lower(), result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result


def findings(result: Result) -> list[tuple[str, str]]:
    return sorted((f["path"], f["rule"]) for f in json.loads(result.stdout)["findings"])


def test_check_on_a_missing_path_alone_is_a_usage_error(ws: Path) -> None:
    result = run("check", "corpus/nope.md", "--select", "TM")
    assert result.exit_code == 2
    assert result.stderr == "msgalign: [E601] no such file or folder: corpus/nope.md\n"


def test_a_missing_path_among_others_is_an_in001_and_the_others_are_checked(ws: Path) -> None:
    result = run("check", "corpus/nope.md", "corpus/page.md", "--select", "TM,IN", "--format", "json")
    assert result.exit_code == 1  # IN001 is an error
    assert findings(result) == [("corpus/nope.md", "IN001"), ("corpus/page.md", "TM001")]
    (missing,) = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "IN001"]
    assert missing["message"] == ("Cannot read this file: the file does not exist: it was moved or deleted, or its "
                                  "name is misspelled")


def test_a_file_not_read_is_named_even_when_in001_is_not_selected(ws: Path) -> None:
    (ws / "corpus" / "deck.pptx").write_bytes(b"PK\x03\x04 cut short")
    result = run("check", "corpus", "nope.md", "--select", "TM001")
    assert result.exit_code == 0
    assert ("msgalign: notice: 2 files could not be read and were not checked: corpus/deck.pptx (truncated or "
            "damaged .pptx file") in result.stderr
    assert "nope.md (the file does not exist: it was moved or deleted" in result.stderr
    assert "IN001 is not selected, so this does not fail the run." in result.stderr
    assert "corpus/page.md" in result.stdout


def test_an_unknown_format_lists_the_formats(ws: Path) -> None:
    result = run("check", "--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format': 'xml' is not one of 'text', 'line', 'json'" in result.stderr


def test_fix_leaves_a_read_only_file_alone_and_says_so(ws: Path) -> None:
    page = ws / "corpus" / "page.md"
    page.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        result = run("check", "--fix", "--select", "TM001")
        assert page.read_text(encoding="utf-8") == PAGE
        assert "msgalign: notice: did not fix corpus/page.md: it is read-only" in result.stderr
        assert "Use 'Harbor Studio' instead of 'Harbour Studio'." in result.stdout  # still reported
    finally:
        page.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_brief_on_an_empty_story_is_a_usage_error(ws: Path) -> None:
    (ws / "story.md").write_text("", encoding="utf-8")
    result = run("brief", "story.md")
    assert result.exit_code == 2
    assert result.stderr == "msgalign: [E601] story.md: the story has no prose to build a brief from.\n"


def test_brief_on_a_story_with_only_a_title_says_the_brief_is_notes_only(ws: Path) -> None:
    (ws / "story.md").write_text("---\ntitle: Harbor Studio at Tidewater\n---\n", encoding="utf-8")
    result = run("brief", "story.md", "--tier", "1")
    assert result.exit_code == 0
    assert result.stderr.startswith("warning: story.md: the story has a title ('Harbor Studio at Tidewater') and "
                                    "no text under it, so the briefs hold the title and notes only")


@pytest.mark.parametrize(("code", "expected"), [
    ("TM01", "msgalign: [E602] no rule 'TM01'. Did you mean TM001?\n"),
    ("XX999", "msgalign: [E602] no rule 'XX999'. See `msgalign rules`.\n"),
])
def test_rule_with_an_unknown_code(ws: Path, code: str, expected: str) -> None:
    result = run("rule", code)
    assert result.exit_code == 2 and result.stderr == expected


def test_rules_that_need_a_narrative_are_skipped_with_a_notice_when_there_is_none(ws: Path) -> None:
    result = run("check", "--select", "NA,CL,TM001", "--format", "json")
    assert result.exit_code == 0, result.output
    assert findings(result) == [("corpus/page.md", "TM001")]
    assert "there is no narrative.md (or 'narrative' in msgalign.toml), so CL001, CL002, NA003 did not run" \
        in result.stderr


def test_the_default_rules_run_without_a_narrative(ws: Path) -> None:
    """The per-asset summary asked for the narrative and stopped the whole run with E301."""
    result = run("check", "--format", "json", "--no-cache")
    assert result.exit_code == 0, result.output
    assert ("corpus/page.md", "TM001") in findings(result)


def test_a_file_that_vanishes_mid_run_is_an_in001(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from msgalign import engine

    (ws / "corpus" / "gone.md").write_text(PAGE, encoding="utf-8")
    collect = engine.collect_files

    def collect_then_delete(*args: object, **kwargs: object) -> list[Path]:
        files = collect(*args, **kwargs)  # type: ignore[arg-type]
        (ws / "corpus" / "gone.md").unlink()
        return files

    monkeypatch.setattr(engine, "collect_files", collect_then_delete)
    result = run("check", "--select", "TM,IN", "--format", "json")
    assert findings(result) == [("corpus/gone.md", "IN001"), ("corpus/page.md", "TM001")]
    assert "the file does not exist" in result.stdout


def test_an_unreadable_file_is_an_in001_and_the_others_are_checked(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = ws / "corpus" / "locked.md"
    locked.write_text(PAGE, encoding="utf-8")
    if os.geteuid() == 0:  # chmod 000 does not stop root: refuse the open the way the system would
        from msgalign.ingest import readers

        real_open = readers.open_regular

        def refuse(path: Path, **kwargs: bool):  # type: ignore[no-untyped-def]
            if Path(path).name == "locked.md":
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, **kwargs)

        monkeypatch.setattr(readers, "open_regular", refuse)
    locked.chmod(0)
    try:
        result = run("check", "--select", "TM,IN", "--format", "json")
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert result.exit_code == 1
    assert findings(result) == [("corpus/locked.md", "IN001"), ("corpus/page.md", "TM001")]
    assert "msgalign is not allowed to read it; check the file's permissions" in result.stdout


def test_glossary_import_never_writes_over_its_own_source(ws: Path) -> None:
    source = ws / "prh.yml"
    source.write_text("version: 1\nrules:\n  - expected: Harbor Studio\n    pattern: Harbour Studio\n",
                      encoding="utf-8")
    before = source.read_bytes()
    result = run("glossary", "import", "prh.yml", "-o", "./prh.yml")
    assert result.exit_code == 2 and source.read_bytes() == before
    assert result.stderr == ("msgalign: [E601] -o ./prh.yml is one of the files being imported, and writing there "
                             "would replace it; write the glossary to another file, such as "
                             "glossary/prh-terms.yml.\n")


def test_an_output_in_a_folder_that_does_not_exist_says_so(ws: Path) -> None:
    result = run("check", "--select", "TM001", "-o", "reports/today/check.txt")
    assert result.exit_code == 2
    assert result.stderr == ("msgalign: [E601] cannot write the results to reports/today/check.txt: the folder "
                             "reports/today does not exist.\n")


def test_brief_shows_what_the_glossary_left_out(ws: Path) -> None:
    (ws / "glossary" / "terms.yml").write_text(
        "terms:\n  - term: Harbor Studio\n    variants: [harbor studio, Harbour Studio]\n", encoding="utf-8")
    (ws / "story.md").write_text("# Tidewater books rooms\n\nTidewater moved every booking to Harbour Studio.\n",
                                 encoding="utf-8")
    result = run("brief", "story.md", "--tier", "1")
    assert result.exit_code == 0
    assert result.stderr.startswith("msgalign: notice: glossary/terms.yml:2: the variant 'harbor studio' differs "
                                    "from the term 'Harbor Studio' only in casing")


@pytest.mark.parametrize(("target", "kind"), [
    ("corpus/page.md", "an asset the run checks"),
    ("glossary/terms.yml", "a glossary file"),
    ("msgalign.toml", "the workspace's msgalign.toml"),
])
def test_results_are_never_written_over_a_file_the_run_reads(ws: Path, target: str, kind: str) -> None:
    before = (ws / target).read_bytes()
    result = run("check", "--select", "TM", "-o", target)
    assert result.exit_code == 2
    assert f"cannot write the results to {target}: it is {kind}" in result.stderr
    assert (ws / target).read_bytes() == before
    diff = run("check", "--fix", "--diff", "--select", "TM", "-o", target)
    assert diff.exit_code == 2 and "cannot write the diff" in diff.stderr
    assert (ws / target).read_bytes() == before


def test_results_are_never_written_over_another_asset_of_the_corpus(ws: Path) -> None:
    (ws / "corpus" / "other.md").write_text("# Other\n\nA second page.\n", encoding="utf-8")
    result = run("check", "corpus/page.md", "--select", "TM", "-o", "corpus/other.md")
    assert result.exit_code == 2
    assert "cannot write the results to corpus/other.md: it is an asset of the workspace's corpus" in result.stderr
    assert (ws / "corpus" / "other.md").read_text(encoding="utf-8") == "# Other\n\nA second page.\n"
    assert run("check", "corpus/page.md", "--select", "TM", "--format", "json", "-o", "corpus/out.json").exit_code == 0
    assert run("check", "corpus/page.md", "--select", "TM", "--format", "json", "-o", "corpus/out.json").exit_code == 0


def test_the_report_is_never_written_over_an_asset_but_a_new_file_is_fine(ws: Path) -> None:
    result = run("report", "--select", "TM", "--format", "markdown", "-o", "corpus/page.md")
    assert result.exit_code == 2 and "cannot write the report to corpus/page.md: it is an asset" in result.stderr
    assert (ws / "corpus" / "page.md").read_text(encoding="utf-8") == PAGE
    assert run("check", "--select", "TM", "-o", "results.txt").exit_code == 0   # a warning, written
    assert "Harbour Studio" in (ws / "results.txt").read_text(encoding="utf-8")
    assert run("check", "--select", "TM", "-o", "results.txt").exit_code == 0   # its own earlier output is no input
