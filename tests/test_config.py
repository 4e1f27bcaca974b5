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


def test_pyproject_tool_table_and_parent_discovery(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n[tool.msgalign]\nignore = ['AC']\n",
                                             encoding="utf-8")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    c = load_config(start=sub)
    assert c.ignore == ("AC",) and c.root == tmp_path


def test_sizes() -> None:
    assert parse_size("5 MB") == 5_000_000 and parse_size("512kb") == 512_000 and parse_size(1024) == 1024
