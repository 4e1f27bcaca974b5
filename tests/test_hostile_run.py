"""A folder of hostile files through the whole CLI: one IN001 each, the rest still checked.

Time and memory for the same run are measured in benchmarks/hostile.py, not here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from msgalign.cli import main

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
BAD = {
    "deep-300.html": "nested more than 256 levels",
    "encrypted.docx": "password-protected",
    "encrypted.pdf": "encrypted",
    "fake.pdf": "not a PDF",
    "nul-laden.txt": "binary data",
    "random-bytes.md": "binary data",
    "truncated.pptx": "truncated",
    "zip-bomb.docx": "zip bomb",
    "zip-bomb.pptx": "zip bomb",
}


def test_hostile_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus" / "sales"
    shutil.copytree(HOSTILE, corpus)
    (corpus / "good.md").write_text("Open the revenue hub.\n", encoding="utf-8")
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "g.yml").write_text("terms:\n  - term: Revenue Workspace\n    variants: [revenue hub]\n",
                                                 encoding="utf-8")
    (tmp_path / "msgalign.toml").write_text("", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--select", "TM001,TM002,TM005,IN", "--format", "json"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    findings = json.loads(result.output)["findings"]
    unreadable = {Path(f["path"]).name: f["message"] for f in findings if f["rule"] == "IN001"}
    assert set(unreadable) == set(BAD)
    for name, reason in BAD.items():
        assert reason in unreadable[name], (name, unreadable[name])
    assert [f["excerpt"] for f in findings if f["rule"] == "TM001"] == ["revenue hub"]
    assert {p.name: p.read_bytes() for p in corpus.iterdir()} == before
