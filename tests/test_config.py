"""Config: validation with 'did you mean', discovery, pyproject, paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from msgalign.errors import ConfigError
from msgalign.types import Severity
from msgalign.workspace.config import load_config, parse_size


def cfg(tmp_path: Path, text: str, name: str = "msgalign.toml"):  # type: ignore[no-untyped-def]
    (tmp_path / name).write_text(text, encoding="utf-8")
    return load_config(start=tmp_path)


def test_defaults_without_a_file(tmp_path: Path) -> None:
    c = load_config(start=tmp_path)
    assert c.source is None and c.fail_level is Severity.ERROR and c.corpus == (tmp_path / "corpus",)


def test_values_and_paths_resolve_against_the_file(tmp_path: Path) -> None:
    c = cfg(tmp_path, 'corpus = ["assets"]\nselect = "TM001, tm002"\nfail-level = "warning"\n'
                      'max-file-size = "2 MB"\n[teams]\nmarketing = ["assets/web/**"]\n'
                      '[channels.deck]\npillars = 3\nactionable = [0.5, 1.0]\n[thresholds]\ntm003 = 0.9\n')
    assert c.corpus == (tmp_path / "assets",)
    assert c.select == ("TM001", "TM002") and c.fail_level is Severity.WARNING
    assert c.max_file_size == 2_000_000 and c.teams == {"marketing": ("assets/web/**",)}
    assert c.channels["deck"].pillars == 3 and c.channels["deck"].actionable == (0.5, 1.0)
    assert c.channels["deck"].inspirational == (0.0, 0.4)  # untouched default
    assert c.thresholds == {"TM003": 0.9}


@pytest.mark.parametrize(("text", "message"), [
    ("narative = 'x.md'\n", "unknown key 'narative'. Did you mean 'narrative'?"),
    ("[channels.deck]\npilars = 2\n", "unknown key [channels.deck] 'pilars'. Did you mean 'pillars'?"),
    ("[model]\nembeding = 'x'\n", "Did you mean 'embedding'?"),
    ("fail-level = 'fatal'\n", "'fail-level': unknown severity 'fatal'"),
    ("max-file-size = 'big'\n", "'max-file-size' must be a size"),
    ("[channels.deck]\nactionable = [0.9, 0.1]\n", "must be [min, max] shares between 0 and 1"),
    ("corpus = 3\n", "'corpus' must be a string or a list of strings"),
    ("jobs = 0\n", "'jobs' must be a whole number of at least 1"),
    ("this is not toml", "not valid TOML"),
])
def test_errors_say_what_to_do(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        cfg(tmp_path, text)
    assert message in str(info.value) and str(info.value).startswith("[E101] ")


@pytest.mark.parametrize(("text", "line", "message"), [
    ("[teams]\nsales = 5\n", 2, "'teams.sales' must be a string or a list of strings, got the number 5."),
    ("teams = 'x'\n", 1, "[teams] must map a team name to path globs, got the string 'x'."),
    ("[teams]\nsales = ['a', 3]\n", 2, "got a list holding the number 3"),
    ("\n[channels.deck]\npillars = 'two'\n", 3, "'channels.deck.pillars' must be a whole number of pillars"),
    ("[channels.deck]\npillars = 1.5\n", 2, "'channels.deck.pillars' must be a whole number"),
    ("[channels.deck]\npillars = -1\n", 2, "'channels.deck.pillars' must be a whole number"),
    ("[channels.playbook]\nnarrative = 'yes'\n", 2, "'channels.playbook.narrative' must be true or false"),
    ("[channels.deck]\nactionable = 3\n", 2, "'channels.deck.actionable' must be [min, max] shares"),
    ("[channels.deck]\nactionable = [true, 1]\n", 2, "must be [min, max] shares"),
    ("[channels.deck]\nglobs = {a = 1}\n", 2, "'channels.deck.globs' must be a string or a list of strings"),
    ("[channels]\ndeck = 3\n", 2, "[channels.deck] must be a table or a list of globs, got the number 3."),
    ("channels = 'x'\n", 1, "[channels] must be a table of channel names"),
    ("[channels]\ndeck = {pillars = 'x'}\n", 2, "'channels.deck.pillars' must be a whole number"),
    ("channels.deck.pillars = 'x'\n", 1, "'channels.deck.pillars' must be a whole number"),
    ("[thresholds]\nTM003 = 'high'\n", 2, "[thresholds] 'TM003' must be a number, got the string 'high'."),
    ("[thresholds]\nTM003 = true\n", 2, "[thresholds] 'TM003' must be a number, got true (true/false)."),
    ("[thresholds]\nTM003 = {a = 1}\n", 2, "[thresholds] 'TM003' must be a number, got a table."),
    ("[thresholds]\nTM003 = nan\n", 2, "[thresholds] 'TM003' must be a number, got the number nan."),
    ("[thresholds]\nTM003 = -inf\n", 2, "[thresholds] 'TM003' must be a number"),
    ("thresholds = 'x'\n", 1, "[thresholds] must be a table, got the string 'x'."),
    ("[severity]\nTM001 = 3\n", 2, "[severity] TM001: got the number 3; use error, warning or info."),
    ("[severity]\nTM001 = ['error']\n", 2, "[severity] TM001: got a list"),
    ("severity = ['TM001']\n", 1, "[severity] must be a table, got a list."),
    ("[model]\nembedding = 5\n", 2, "'model.embedding' must be a path string, got the number 5."),
    ("[model]\nspacy = []\n", 2, "'model.spacy' must be a spaCy package name or path, got a list."),
    ("model = 'x'\n", 1, "[model] must be a table, got the string 'x'."),
    ("cache-dir = ['a']\n", 1, "'cache-dir' must be a path string, got a list."),
    ("exclude = 5\n", 1, "'exclude' must be a string or a list of strings, got the number 5."),
    ("fail-level = ['error']\n", 1, "'fail-level': got a list; use error, warning or info."),
    ("max-file-size = true\n", 1, "or a whole number of bytes, got true"),
    ("max-file-size = -5\n", 1, "'max-file-size' must be a size"),
    ("max-file-size = '0 MB'\n", 1, "'max-file-size' must be a size"),
    ("max-file-size = '" + "9" * 400 + " GB'\n", 1, "'max-file-size' must be a size"),
    ("narrative = {a = 1}\n", 1, "'narrative' must be a path string, got a table."),
    ("x = 1\n[narrative]\na = 1\n", 1, "unknown key 'x'"),
    ("[narrative]\na = 1\n", 1, "'narrative' must be a path string, got a table."),
    ("narrative = \"a\\u0000b\"\n", 1, "'narrative' must be a path string, got a string with a NUL character."),
    ("glossary = [1]\n", 1, "'glossary' must be a string or a list of strings, got a list holding the number 1."),
    ("a = 1\nb = [1,\n", 2, "not valid TOML"),
    ("a = 1\nb = = 2\n", 2, "not valid TOML"),
])
def test_wrong_types_name_the_key_and_its_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        cfg(tmp_path, text)
    assert info.value.where == f"{tmp_path / 'msgalign.toml'}:{line}"
    assert message in info.value.message


def test_validate_settings_names_the_line(tmp_path: Path) -> None:
    from msgalign.rules import validate_settings

    with pytest.raises(ConfigError) as info:
        validate_settings(cfg(tmp_path, "# thresholds\n\n[thresholds]\n\"tm003\" = 0.5\nTM003-contxt = 0.5\n"))
    assert info.value.where == f"{tmp_path / 'msgalign.toml'}:5" and "Did you mean 'TM003'?" in info.value.message
    with pytest.raises(ConfigError) as info:
        validate_settings(cfg(tmp_path, "[severity]\nxx999 = 'error'\n"))
    assert info.value.where == f"{tmp_path / 'msgalign.toml'}:2"


@pytest.mark.parametrize("value", [True, float("nan"), float("inf"), "0.5", None])
def test_validate_settings_refuses_values_a_config_built_in_code_may_hold(tmp_path: Path, value: object) -> None:
    from dataclasses import replace

    from msgalign.rules import validate_settings

    config = replace(load_config(start=tmp_path), thresholds={"TM003": value})  # type: ignore[dict-item]
    with pytest.raises(ConfigError, match="'TM003' must be a finite number"):
        validate_settings(config)


def test_deep_nesting_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nest too deeply"):
        cfg(tmp_path, "a = " + "[" * 100_000 + "\n")


@pytest.mark.parametrize("text", ["[tool]\nmsgalign = 5\n", "[tool.msgalign]\nfail-level = 1\n"])
def test_a_wrong_tool_msgalign_in_pyproject_is_a_config_error(tmp_path: Path, text: str) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n" + text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(start=tmp_path)
    assert info.value.where == f"{tmp_path / 'pyproject.toml'}:4"


@pytest.mark.parametrize("text", ["tool = 5\n", "[tool]\nother = 1\n"])
def test_a_pyproject_without_a_msgalign_table_is_not_a_config(tmp_path: Path, text: str) -> None:
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    assert load_config(start=tmp_path).source is None
    assert load_config(tmp_path / "pyproject.toml").source == tmp_path / "pyproject.toml"


def test_pyproject_tool_table_and_parent_discovery(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n[tool.msgalign]\nignore = ['AC']\n",
                                             encoding="utf-8")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    c = load_config(start=sub)
    assert c.ignore == ("AC",) and c.root == tmp_path


def test_sizes() -> None:
    assert parse_size("5 MB") == 5_000_000 and parse_size("512kb") == 512_000 and parse_size(1024) == 1024


@pytest.mark.parametrize("key", ["narrative", "glossary", "templates"])
def test_quoted_inputs_must_be_inside_the_workspace(tmp_path: Path, key: str) -> None:
    """A config in a pull request cannot make CI read (and echo) a file from elsewhere on the runner."""
    ws, elsewhere = tmp_path / "ws", tmp_path / "elsewhere"
    ws.mkdir()
    elsewhere.mkdir()
    (elsewhere / "secret.md").write_text("root:x:0:0\n", encoding="utf-8")
    value = f'"{(elsewhere / "secret.md").as_posix()}"' if key != "glossary" else f'["{elsewhere.as_posix()}"]'
    (ws / "msgalign.toml").write_text(f"{key} = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(start=ws)
    assert f"'{key}' points outside the workspace" in str(caught.value) and "msgalign.toml:1" in str(caught.value)


def test_a_default_narrative_that_links_out_is_refused(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (tmp_path / "secret.md").write_text("root:x:0:0\n", encoding="utf-8")
    (ws / "narrative.md").symlink_to(tmp_path / "secret.md")
    with pytest.raises(ConfigError, match="'narrative' points outside the workspace"):
        load_config(start=ws)
    (ws / "narrative.md").unlink()
    (ws / "real.md").write_text("# Narrative\n", encoding="utf-8")
    (ws / "narrative.md").symlink_to(ws / "real.md")  # a link inside the workspace is fine
    assert load_config(start=ws).narrative == ws / "narrative.md"


def test_fix_quotations_is_a_checked_switch(tmp_path: Path) -> None:
    assert cfg(tmp_path, "").fix_quotations is False
    assert cfg(tmp_path, "[fix]\nquotations = true\n").fix_quotations is True
    with pytest.raises(ConfigError) as info:
        cfg(tmp_path, "[fix]\nquotations = 'yes'\n")
    assert str(info.value).endswith("msgalign.toml:2: 'fix.quotations' must be true or false, got the string 'yes'.")
    with pytest.raises(ConfigError, match=r"unknown key \[fix\] 'quotation'. Did you mean 'quotations'\?"):
        cfg(tmp_path, "[fix]\nquotation = true\n")
    with pytest.raises(ConfigError, match=r"\[fix\] must be a table, got the number 1"):
        cfg(tmp_path, "fix = 1\n")


def test_channel_narrative_defaults_and_override(tmp_path: Path) -> None:
    """NA001 judges website and deck by default, not playbook or email; `narrative = true` opts a channel in."""
    (tmp_path / "msgalign.toml").write_text('[channels.playbook]\nglobs = ["cs/*"]\nnarrative = true\n',
                                            encoding="utf-8")
    c = load_config(tmp_path / "msgalign.toml")
    assert c.channels["playbook"].narrative is True and c.channels["playbook"].tells_story("cs")
    assert c.channels["website"].tells_story("sales") and not c.channels["email"].tells_story("marketing")
    assert c.channels["other"].tells_story("marketing") and not c.channels["other"].tells_story("cs")
    assert c.channels["playbook"].pillars == 0
