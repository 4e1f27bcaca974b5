"""Test helper: run the msgalign CLI in a fresh interpreter and report what it imported.

A fresh process matters for start-up tests: inside the pytest session, torch and
spaCy are usually imported already by earlier tests, so `'torch' in sys.modules`
proves nothing there. The child imports msgalign from the same place the test
session does (not whatever copy the venv has installed), runs `main(args)`, and
writes its exit code and the heavy modules it loaded to a JSON file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import msgalign

HEAVY_MODULES = ("torch", "spacy", "sentence_transformers", "transformers")
SRC = Path(msgalign.__file__).resolve().parents[1]

_PROBE = f"""
import json, sys
report = sys.argv[1]
import msgalign
from msgalign.cli import main
try:
    main(sys.argv[2:])
    code = 0
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
heavy = sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules)
with open(report, "w", encoding="utf-8") as fh:
    json.dump({{"exit_code": code, "heavy": heavy, "msgalign": msgalign.__file__}}, fh)
"""


@dataclass(frozen=True)
class CliRun:
    exit_code: int
    stdout: str
    stderr: str
    heavy: list[str]  # the HEAVY_MODULES the child had imported when main() returned


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> CliRun:
    """`msgalign ARGS` in a new Python process, with this session's msgalign sources first on the path."""
    child_env = {**os.environ, **(env or {})}
    child_env["PYTHONPATH"] = os.pathsep.join([str(SRC), *filter(None, [child_env.get("PYTHONPATH")])])
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "probe.json"
        proc = subprocess.run([sys.executable, "-c", _PROBE, str(report), *args], cwd=cwd, env=child_env,
                              capture_output=True, text=True, timeout=600)
        assert report.is_file(), f"the CLI probe did not finish (exit {proc.returncode}):\n{proc.stderr}"
        data = json.loads(report.read_text(encoding="utf-8"))
    assert Path(data["msgalign"]).resolve() == Path(msgalign.__file__).resolve(), (
        f"the child imported {data['msgalign']}, not the sources under test ({msgalign.__file__})")
    return CliRun(data["exit_code"], proc.stdout, proc.stderr, data["heavy"])
