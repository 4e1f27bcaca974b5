"""Integrations, run with the real tools: pre-commit (manifest and a real run), the GitHub Actions doc."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

import msgalign

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(msgalign.__file__).resolve().parents[1]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def _pre_commit() -> str:
    found = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(found).exists():
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    return found


def test_the_manifest_passes_pre_commit_validate_manifest() -> None:
    run = subprocess.run([_pre_commit(), "validate-manifest", str(MANIFEST)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args], cwd=repo, check=True,
                   capture_output=True)


def test_the_hook_passes_only_assets_and_lints_them(tmp_path: Path) -> None:
    """A real `pre-commit run` on a git repository with a workspace, the hooks as the manifest declares them
    (repo: local, so the entry runs this checkout's msgalign): the glossary, the config, pyproject.toml and
    code are not passed; assets are, in any case of extension, and a variant fails the commit."""
    pre_commit = _pre_commit()
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    hooks = {h["id"]: h for h in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}
    repo = tmp_path / "repo"
    for rel, text in {
        "msgalign.toml": 'corpus = ["corpus"]\n',
        "pyproject.toml": "[project]\nname = 'x'\n",
        "glossary/terms.yml": "terms:\n  - term: Revenue Workspace\n    variants: [revenue hub]\n    severity: error\n",
        "scripts/build.py": "print('revenue hub')\n",
        "corpus/sales/call.md": "Open the revenue hub.\n",
        "corpus/sales/NOTES.TXT": "Nothing to fix here.\n",
        "corpus/site/home.html": "<p>All good.</p>\n",
        "corpus/site/docs/intro.mdx": "import X from './x'\n\n# Welcome\n\nAll set.\n",
        "corpus/data.json": "{}\n",
    }.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text, encoding="utf-8")
    terms = hooks["msgalign-terms"]
    program = f"{sys.executable} -c 'from msgalign.cli import main; main()'"
    entry = f"{program} {terms['entry'].removeprefix('msgalign ')} --format line"
    listing = f"{sys.executable} -c 'import sys; print(\"PASSED\", sorted(sys.argv[1:]))'"
    local = {"repos": [{"repo": "local", "hooks": [
        {**{k: terms[k] for k in ("id", "name", "files", "types", "require_serial")}, "entry": entry,
         "language": "system"},
        {"id": "list", "name": "list", "entry": listing, "language": "system", "files": terms["files"],
         "types": terms["types"], "require_serial": True},
    ]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(local), encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PYTHONPATH": str(SRC),
           "NO_COLOR": "1"}
    run = subprocess.run([pre_commit, "run", "--all-files", "--verbose", "--color", "never"], cwd=repo, env=env,
                         capture_output=True, text=True)
    out = run.stdout + run.stderr
    passed = next(line for line in out.splitlines() if line.startswith("PASSED"))
    assert passed == ("PASSED ['corpus/sales/NOTES.TXT', 'corpus/sales/call.md', 'corpus/site/docs/intro.mdx', "
                      "'corpus/site/home.html']"), out
    assert "corpus/sales/call.md:1:10: TM001 Use 'Revenue Workspace' instead of 'revenue hub'." in out
    assert "IN001" not in out and run.returncode == 1, out


def test_every_hook_selects_exactly_the_formats_msgalign_reads() -> None:
    import re

    from msgalign.ingest.limits import SUPPORTED_SUFFIXES

    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    for hook in hooks:
        pattern = re.compile(hook["files"])
        missing = [s for s in SUPPORTED_SUFFIXES if not pattern.search(f"site/page{s.upper()}")]
        assert not missing, f"{hook['id']} leaves out {missing}"
        for other in ("a.py", "a.ts", "a.toml", "a.yml", "a.json", "a.css", "a.tsx.map"):
            assert not pattern.search(other), (hook["id"], other)


def test_pre_commit_is_in_the_test_extra() -> None:
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert any(req.startswith("pre-commit") for req in extra["test"])


def _workflow_runs() -> list[str]:
    text = (ROOT / "docs" / "github-actions.md").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text.split("```yaml\n", 1)[1].split("```", 1)[0])
    return [step["run"] for step in workflow["jobs"]["msgalign"]["steps"] if "run" in step]


def test_the_actions_doc_installs_msgalign_from_its_source() -> None:
    """msgalign is not on PyPI: the workflow must install a folder (or git), never the bare name."""
    name = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    installs = [run.split("pip install", 1)[1].split() for run in _workflow_runs() if "pip install" in run]
    targets = [arg for args in installs for arg in args if not arg.startswith("-") and "torch" not in arg
               and "download.pytorch.org" not in arg]
    assert targets == ["./.msgalign-src"], targets
    assert name not in targets
    assert all(run.split()[0] in ("pip", "msgalign") for run in _workflow_runs())


def test_a_folder_install_of_this_source_resolves_to_msgalign(tmp_path: Path) -> None:
    """`pip install ./.msgalign-src` (the doc's step) on this checkout: pip builds it and names it msgalign."""
    report = tmp_path / "report.json"
    run = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--no-deps", "--no-build-isolation",
                          "--no-index", "--quiet", "--report", str(report), str(ROOT)],
                         capture_output=True, text=True)
    if run.returncode != 0 and "No module named" in run.stderr:
        pytest.skip(f"pip cannot build here: {run.stderr.strip()[:200]}")
    assert run.returncode == 0, run.stderr
    import json

    installed = json.loads(report.read_text(encoding="utf-8"))["install"]
    assert [item["metadata"]["name"] for item in installed] == ["msgalign"]
