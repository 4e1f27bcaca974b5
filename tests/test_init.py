"""`msgalign init`: a workspace that passes `msgalign check` out of the box."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from msgalign.cli import main


def test_init_writes_the_workspace_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "ws"
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 0, result.output
    for rel in ("msgalign.toml", "narrative.md", "glossary/terms.yml", "templates/README.md",
                "corpus/marketing/home.md", "corpus/sales/discovery-call.md", "corpus/cs/onboarding.md",
                "stories/northbeam.md"):
        assert (target / rel).is_file(), rel
    (target / "narrative.md").write_text("mine", encoding="utf-8")
    again = CliRunner().invoke(main, ["init", str(target)])
    assert again.exit_code == 2 and "not empty" in again.output
    (target / "corpus" / "cs" / "onboarding.md").unlink()
    forced = CliRunner().invoke(main, ["init", str(target), "--force"])
    assert forced.exit_code == 0 and "(1 files)" in forced.output
    assert (target / "narrative.md").read_text(encoding="utf-8") == "mine"


@pytest.mark.model
def test_a_new_workspace_passes_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model_cache: Path) -> None:
    CliRunner().invoke(main, ["init", str(tmp_path / "ws")])
    monkeypatch.chdir(tmp_path / "ws")
    config = tmp_path / "ws" / "msgalign.toml"
    config.write_text(f'cache-dir = "{model_cache.as_posix()}"\n' + config.read_text(encoding="utf-8"),
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["summary"]["assets"] == 3
    assert not [f for f in data["findings"] if f["severity"] == "error"]


def test_init_keeps_the_cache_out_of_git(tmp_path: Path) -> None:
    target = tmp_path / "ws"
    assert CliRunner().invoke(main, ["init", str(target)]).exit_code == 0
    assert ".msgalign-cache/" in (target / ".gitignore").read_text(encoding="utf-8").splitlines()
    # An existing .gitignore is kept, and the line added once.
    other = tmp_path / "other"
    other.mkdir()
    (other / ".gitignore").write_bytes(b"node_modules/\r\n*.log")
    assert CliRunner().invoke(main, ["init", str(other), "--force"]).exit_code == 0
    assert (other / ".gitignore").read_bytes() == b"node_modules/\r\n*.log\r\n.msgalign-cache/\r\n"
    (other / "narrative.md").unlink()
    again = CliRunner().invoke(main, ["init", str(other), "--force"])
    assert again.exit_code == 0 and "(1 files)" in again.output
    assert (other / ".gitignore").read_bytes() == b"node_modules/\r\n*.log\r\n.msgalign-cache/\r\n"


def test_init_never_writes_the_gitignore_through_a_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("mine\n", encoding="utf-8")
    target = tmp_path / "ws"
    target.mkdir()
    (target / ".gitignore").symlink_to(victim)
    assert CliRunner().invoke(main, ["init", str(target), "--force"]).exit_code == 0
    assert victim.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(("argv0", "on_path", "expected"), [
    ("msgalign", True, "msgalign"),
    ("/opt/tool/.venv/bin/msgalign", False, "/opt/tool/.venv/bin/msgalign"),
    (".venv/bin/msgalign", False, "{cwd}/.venv/bin/msgalign"),
])
def test_init_says_how_to_run_msgalign_from_the_new_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          argv0: str, on_path: bool, expected: str) -> None:
    """After a venv install without activation, the bare `msgalign` is "command not found": the
    next step names the program by its path."""
    import shutil
    import sys

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [argv0])
    monkeypatch.setattr(shutil, "which", lambda name: argv0 if on_path else None)
    result = CliRunner().invoke(main, ["init", "ws"])
    assert result.output.splitlines()[-1] == f"Next: cd ws && {expected.format(cwd=tmp_path)} check"
