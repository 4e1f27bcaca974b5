"""Bad msgalign.toml and narrative.md as a user writes them: plain words, file and line, never a codec's
or a parser's own jargon alone."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from msgalign.errors import ConfigError, GlossaryError, NarrativeError
from msgalign.glossary.load import load_glossary
from msgalign.workspace.config import load_config
from msgalign.workspace.narrative import load_narrative


def config_error(tmp_path: Path, data: bytes) -> str:
    (tmp_path / "msgalign.toml").write_bytes(data)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "msgalign.toml")
    return str(info.value)


@pytest.mark.parametrize(("data", "expected"), [
    (b'corpus = ["corpus"]\ncorpus = ["pages"]\n',
     "msgalign.toml:2: not valid TOML: Cannot overwrite a value (this key is already set above; keep one of the "
     "two lines)."),
    (b"fail-level = error\n", "msgalign.toml:1: not valid TOML: Invalid value (text must be in quotes"),
    (b'[teams]\nsales = ["a/**"]\n[teams]\ncs = ["b/**"]\n',
     "msgalign.toml:3: not valid TOML: Cannot declare ('teams',) twice (this [table] is already written above"),
    (b'corpus = ["corpus"]\nfail-level "error"\n', "msgalign.toml:2: not valid TOML: Expected '=' after a key"),
    (b'corpus = ["corpus"]\n# caf\xe9\n', "msgalign.toml:2: cannot read the file: it is not UTF-8 text; save it as "
                                          "UTF-8."),
    (codecs.BOM_UTF16_LE + 'corpus = ["corpus"]\n'.encode("utf-16-le"),
     "msgalign.toml: cannot read the file: it is saved as UTF-16 text; save it as UTF-8."),
])
def test_config_mistakes_say_what_and_where(tmp_path: Path, data: bytes, expected: str) -> None:
    message = config_error(tmp_path, data)
    assert message.startswith("[E101] ") and expected in message, message
    assert "codec" not in message


def test_a_config_saved_with_a_bom_loads(tmp_path: Path) -> None:
    (tmp_path / "msgalign.toml").write_bytes(codecs.BOM_UTF8 + b'fail-level = "warning"\n')
    assert load_config(tmp_path / "msgalign.toml").fail_level.label == "warning"


@pytest.mark.parametrize(("data", "expected"), [
    (b"# Positioning\n\nWe help teams.\n\n## Pillar: Caf\xe9 speed\n",
     "[E301] narrative.md:5: cannot read the narrative: it is not UTF-8 text; save it as UTF-8."),
    (codecs.BOM_UTF16_LE + "# Positioning\n".encode("utf-16-le"),
     "[E301] narrative.md: cannot read the narrative: it is saved as UTF-16 text; save it as UTF-8."),
])
def test_a_narrative_that_is_not_utf8_says_so(tmp_path: Path, data: bytes, expected: str) -> None:
    (tmp_path / "narrative.md").write_bytes(data)
    with pytest.raises(NarrativeError) as info:
        load_narrative(tmp_path / "narrative.md", "narrative.md")
    assert str(info.value) == expected


def test_a_folder_named_as_the_narrative_says_so(tmp_path: Path) -> None:
    (tmp_path / "narrative.md").mkdir()
    with pytest.raises(NarrativeError, match=r"narrative.md: cannot read the narrative: it is a folder, not a file"):
        load_narrative(tmp_path / "narrative.md", "narrative.md")


def test_an_unreadable_glossary_says_so_in_plain_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "terms.yml"
    path.write_text("terms: []\n", encoding="utf-8")

    def refuse(*_: object, **__: object) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_text", refuse)  # chmod 000 cannot stop root, which CI often is
    with pytest.raises(GlossaryError) as info:
        load_glossary([path], display=lambda p: p.name)
    assert str(info.value) == ("[E201] terms.yml: cannot read the file: msgalign is not allowed to read it; "
                               "check the file's permissions.")


@pytest.mark.parametrize(("toml", "expected"), [
    ('corpus = ["corpus"]\ncorpsu = ["pages"]\n', "msgalign.toml:2: unknown key 'corpsu'. Did you mean 'corpus'?"),
    ('corpus = "corpus"\nfail-level = 3\n', "msgalign.toml:2: 'fail-level': got the number 3; use error, warning or "
                                            "info."),
    ('[teams]\nsales = 5\n', "msgalign.toml:2: 'teams.sales' must be a string or a list of strings, got the number 5."),
])
def test_unknown_keys_and_wrong_types_name_the_line(tmp_path: Path, toml: str, expected: str) -> None:
    assert expected in config_error(tmp_path, toml.encode())


# --------------------------------------------------------------------------- patterns that match nothing


def test_team_and_channel_patterns_that_match_no_file_are_notices(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from msgalign.cli import main

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "page.md").write_text("Book a room today.\n", encoding="utf-8")
    (tmp_path / "msgalign.toml").write_text(
        'corpus = ["corpus"]\n'
        '[teams]\nsales = ["sales/**", "corpus/*.md"]\n'
        '[channels.radio]\nglobs = ["corpus/radio/*.md"]\n'
        '[channels.podcast]\nactionable = [0.1, 1.0]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--select", "TM001"])
    assert result.exit_code == 0, result.output
    source = tmp_path / "msgalign.toml"
    assert result.stderr.splitlines() == [
        f"msgalign: notice: {source}:5: no file in the corpus matches the channel 'radio' ('corpus/radio/*.md'), "
        "so no file is placed there by path; patterns are paths from the folder of msgalign.toml, such as "
        "'corpus/radio/**'.",
        f"msgalign: notice: {source}:6: no file is in the channel 'podcast': it has no 'globs' and no file's front "
        "matter says 'channel: podcast'.",
    ]
    (tmp_path / "msgalign.toml").write_text('corpus = ["corpus"]\n[teams]\nsales = ["sales/**", "sale/*.md"]\n',
                                            encoding="utf-8")
    assert CliRunner().invoke(main, ["check", "--select", "TM001"]).stderr == (
        f"msgalign: notice: {source}:3: no file in the corpus matches the team 'sales' ('sales/**', 'sale/*.md'), "
        "so no file is placed there by path; patterns are paths from the folder of msgalign.toml, such as "
        "'corpus/sales/**'.\n")
    # Checking one file says nothing of patterns: they are about the corpus.
    assert CliRunner().invoke(main, ["check", "corpus/page.md", "--select", "TM001"]).stderr == ""


# --------------------------------------------------------------------------- narrative.md

NARRATIVE = """---
company: Tidewater
---
# Positioning

Tidewater helps teams book meeting rooms.

## Pillar: Fast booking {#fast}

A room is booked in seconds, from any calendar.

Proof points:
<marker with a space after it>
-
- Teams book rooms 3x,5 faster by 1.2.3% and 10e999 rooms.
- Saves $-4..5 million, 0x12 hours and 99999999999999999999999999% of the time.

## Pillar: Empty {#empty}

""".replace("<marker with a space after it>", "- ")


def test_empty_proof_points_and_an_empty_pillar_are_notices(tmp_path: Path) -> None:
    from msgalign.workspace.narrative import parse_narrative

    narrative = parse_narrative(NARRATIVE, "narrative.md")
    assert [p.text for p in narrative.proof_points] == [
        "Teams book rooms 3x,5 faster by 1.2.3% and 10e999 rooms.",
        "Saves $-4..5 million, 0x12 hours and 99999999999999999999999999% of the time."]
    assert narrative.warnings == (
        "narrative.md:13: this proof point is empty, so it is left out; write the claim after the '-', or remove "
        "the line.",
        "narrative.md:14: this proof point is empty, so it is left out; write the claim after the '-', or remove "
        "the line.",
        "narrative.md:18: the pillar 'Empty' has no text and no proof points, so assets have nothing of it to be "
        "compared with; describe it under its heading.",
    )


@pytest.mark.parametrize(("text", "expected"), [
    ("# Positioning\n\n## Pillar: {#fast}\n", "[E301] narrative.md:3: this pillar has no name; write '## Pillar: "
                                               "Its name {#its-id}'."),
    ("# Positioning\n\n## Pillar:\n", "[E301] narrative.md:3: this pillar has no name"),
    ("## Pillar: Fast {#a}\n\nText.\n\n## Pillar: Quick {#a}\n\nText.\n",
     "[E301] narrative.md:5: two pillars have the id 'a' (the first on line 1); give one a different {#id}."),
    ("---\ncompany: [a, b]\n---\n", "[E301] narrative.md:2: 'company' must be one line of text, got a list"),
    ("---\ncompany: Tidewater\n", "[E301] narrative.md:1: the front matter that starts on line 1 is never closed"),
])
def test_narrative_mistakes_name_the_line(text: str, expected: str) -> None:
    from msgalign.workspace.narrative import parse_narrative

    with pytest.raises(NarrativeError) as info:
        parse_narrative(text, "narrative.md")
    assert expected in str(info.value)


def test_a_run_shows_the_narrative_notices_and_reads_odd_numbers(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The claims rules read malformed figures in proof points and pages without an internal error."""
    from click.testing import CliRunner

    from msgalign.cli import main

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "page.md").write_text(
        "Teams book rooms 2x faster and save 12 hours. Tidewater is 3.4.5% cheaper, 1e400 times over.\n",
        encoding="utf-8")
    (tmp_path / "narrative.md").write_text(NARRATIVE, encoding="utf-8")
    (tmp_path / "msgalign.toml").write_text('corpus = ["corpus"]\nnarrative = "narrative.md"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--select", "CL,NA002", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "msgalign: notice: narrative.md:13: this proof point is empty" in result.stderr
    assert "msgalign: notice: narrative.md:18: the pillar 'Empty' has no text" in result.stderr


@pytest.mark.parametrize("text", ["", "# Positioning\n\nTidewater helps teams book rooms.\n"])
def test_a_narrative_without_pillars_is_a_notice(text: str) -> None:
    from msgalign.workspace.narrative import parse_narrative

    assert parse_narrative(text, "narrative.md").warnings == (
        "narrative.md: the narrative has no pillars ('## Pillar: Its name' headings), so no asset is checked "
        "against them.",)


def test_a_glossary_path_that_does_not_exist_names_the_config_line(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from msgalign.workspace.discovery import workspace_glossary

    monkeypatch.chdir(tmp_path)
    (tmp_path / "msgalign.toml").write_text('corpus = ["corpus"]\nglossary = ["glossary", "glosary/terms.yml"]\n',
                                            encoding="utf-8")
    (tmp_path / "glossary").mkdir()
    config = load_config(tmp_path / "msgalign.toml")
    with pytest.raises(GlossaryError) as info:
        workspace_glossary(config)
    assert str(info.value).endswith("msgalign.toml:2: the glossary 'glosary/terms.yml' does not exist; create it, or "
                                    "correct the path in 'glossary'.")


def test_a_glossary_team_no_file_is_in_is_a_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from msgalign.cli import main

    (tmp_path / "corpus" / "sales").mkdir(parents=True)
    (tmp_path / "corpus" / "sales" / "page.md").write_text("Book Harbour Studio today.\n", encoding="utf-8")
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "terms.yml").write_text(
        "terms:\n  - term: Harbor Studio\n    variants: [Harbour Studio]\n    teams: [Sales, salez, sales]\n",
        encoding="utf-8")
    (tmp_path / "msgalign.toml").write_text('corpus = ["corpus"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--select", "TM001", "--format", "json"])
    assert result.exit_code == 0 and len(result.stdout) > 0
    assert result.stderr.splitlines() == [
        "msgalign: notice: glossary/terms.yml:2: no file of the corpus is in the team 'Sales' that 'Harbor Studio' "
        "is for, so it never applies there; did you mean 'sales'?",
        "msgalign: notice: glossary/terms.yml:2: no file of the corpus is in the team 'salez' that 'Harbor Studio' "
        "is for, so it never applies there; the corpus's teams are sales.",
    ]
