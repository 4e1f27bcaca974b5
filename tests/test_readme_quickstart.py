"""The README's Quick start works as written: after the README's install, in a fresh folder.

The install (`python3 -m venv .venv && .venv/bin/pip install ... -e .`) puts `msgalign` in
`.venv/bin/`, not on the PATH, so the Quick start must activate the venv (or name the path)
before its first bare `msgalign`. Then every command of the block runs, in order, in this
process (`cd` changes folder, `echo ... |` feeds stdin), and none may fail with a usage error.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from msgalign.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_the_install_line_makes_the_venv_the_quick_start_activates() -> None:
    install = README.split("```sh\n", 1)[1].split("```", 1)[0]
    assert "python3 -m venv .venv" in install and ".venv/bin/pip install" in install
    commands = _quick_start()
    first = next(i for i, c in enumerate(commands) if c.startswith("msgalign") or "| msgalign" in c)
    assert any(re.fullmatch(r"(\.|source) \.venv/bin/activate", c) for c in commands[:first]), commands


def test_every_quick_start_command_is_a_real_command() -> None:
    for command in _quick_start():
        for part in command.split("|"):
            words = shlex.split(part)
            if words and words[0] == "msgalign":
                assert words[1] in main.commands, command


@pytest.mark.model
def test_the_quick_start_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model_cache: Path) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for command in _quick_start():
        if command.startswith((". ", "source ")):
            continue  # the venv: this process is already running msgalign
        if command.startswith("cd "):
            monkeypatch.chdir(Path.cwd() / shlex.split(command)[1])
            continue
        stdin = None
        if "|" in command:
            feed, command = (part.strip() for part in command.split("|", 1))
            stdin = " ".join(shlex.split(feed)[1:]) + "\n"
        args = shlex.split(command)[1:]
        result = runner.invoke(main, args, input=stdin)
        assert result.exit_code in (0, 1), f"{command}: {result.output}"
        assert "Traceback" not in result.output and "[E" not in result.output, f"{command}: {result.output}"
        if args[0] == "init":
            config = Path.cwd() / args[1] / "msgalign.toml"
            config.write_text(f'cache-dir = "{model_cache.as_posix()}"\n' + config.read_text(encoding="utf-8"),
                              encoding="utf-8")
    assert (Path.cwd() / "report.html").is_file() and any((Path.cwd() / "briefs").iterdir())
