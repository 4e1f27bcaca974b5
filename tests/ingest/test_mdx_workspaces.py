"""MDX in workspaces: folder scans find it, teams and channels place it, and the real workspaces read clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from msgalign.engine import read_assets
from msgalign.errors import ReadError
from msgalign.ingest import read_document
from msgalign.workspace.config import load_config
from msgalign.workspace.discovery import collect_files

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared" / "realworld"
WORKSPACES = ("sourcegraph", "zulip", "supabase")

CONFIG = """\
corpus = ["corpus"]

[teams]
partners = ["corpus/web/partners-*"]

[channels.website]
globs = ["corpus/web/*"]
"""


def _workspace(tmp_path: Path) -> Path:
    (tmp_path / "msgalign.toml").write_text(CONFIG, encoding="utf-8")
    web = tmp_path / "corpus" / "web"
    web.mkdir(parents=True)
    (web / "pricing.mdx").write_text("import X from './x'\n\n# Pricing\n\nPlans for every team.\n", encoding="utf-8")
    (web / "partners-intro.mdx").write_text("Partners sell the plan.\n", encoding="utf-8")
    (web / "about.md").write_text("About the team.\n", encoding="utf-8")
    (tmp_path / "corpus" / "sales").mkdir()
    (tmp_path / "corpus" / "sales" / "call.mdx").write_text(
        "---\nchannel: playbook\ndate: 2024-31-12\n---\nOpen with the plan.\n", encoding="utf-8")
    return tmp_path


def test_folder_scan_includes_mdx(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    config = load_config(root / "msgalign.toml")
    names = [p.name for p in collect_files(config.corpus, config)]
    assert names == ["call.mdx", "about.md", "partners-intro.mdx", "pricing.mdx"]


def test_mdx_named_on_the_command_line_is_read(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    doc = read_document(root / "corpus" / "web" / "pricing.mdx", "corpus/web/pricing.mdx")
    assert [b.text for b in doc.blocks] == ["Pricing", "Plans for every team."]


def test_teams_and_channels_place_mdx_like_md(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    config = load_config(root / "msgalign.toml")
    notices: list[str] = []
    docs, problems = read_assets(collect_files(config.corpus, config), config, notice=notices.append)
    assert problems == []
    placed = {d.path.name: (d.team, d.channel, d.format) for d in docs}
    assert placed == {
        "pricing.mdx": ("web", "website", "mdx"),
        "partners-intro.mdx": ("partners", "website", "mdx"),
        "about.md": ("web", "website", "markdown"),
        "call.mdx": ("sales", "playbook", "mdx"),  # the channel of a front matter with a bad date still counts
    }
    assert len(notices) == 1 and "corpus/sales/call.mdx:3: the front matter" in notices[0]


# -- the real workspaces ---------------------------------------------------------------------------------

# What must never reach a block: code, markup and template syntax.
_LEAKS = re.compile(
    r"(?m)^\s*(?:import|export)\s+(?:\{|\*|default\b|const\b|[\w$]+\s+from\b)"
    r"|\{\{|\}\}|\{%|%\}|\{!|\{#|\{start_tabs\}|\{end_tabs\}|\{tab\||\{relative\|"
    r"|<[A-Z][A-Za-z]*[\s/>]|</[A-Z]|=\{|className=|\bhref=|\bsrc="
)


def _shared_or_skip(name: str) -> Path:
    path = SHARED / name
    if not (path / "msgalign.toml").is_file():
        pytest.skip(f"the shared workspace {name} is not here ({path.resolve()})")
    return path


@pytest.mark.parametrize("name", WORKSPACES)
def test_real_workspace_blocks_hold_no_code_or_markup(name: str) -> None:
    root = _shared_or_skip(name)
    config = load_config(root / "msgalign.toml")
    files = collect_files(config.corpus, config)
    stories = sorted(p for p in (root / "stories").glob("*") if p.suffix in (".md", ".mdx", ".tsx"))
    assert files, name
    read = 0
    for path in [*files, *stories]:
        try:
            doc = read_document(path, path.name)
        except ReadError as exc:  # pragma: no cover - would be a regression
            pytest.fail(f"{path.name}: {exc.reason}")
        read += 1
        for block in doc.blocks:
            protected = "".join(block.text[s:e] for s, e in block.protected)
            visible = block.text
            for s, e in sorted(block.protected, reverse=True):
                visible = visible[:s] + visible[e:]
            leak = _LEAKS.search(visible)
            assert leak is None, (path.name, block.location.line, block.text[:120], protected[:40])
            assert doc.source is not None and block.offsets is not None
            assert len(block.offsets) == len(block.text)
            for char, offset in zip(block.text, block.offsets, strict=True):
                source_char = doc.source.text[offset]
                assert char == source_char or char.isspace() or source_char in "&\\'\"<", (path.name, char, offset)
    assert read == len(files) + len(stories)


def test_supabase_mdx_pages_are_all_read() -> None:
    root = _shared_or_skip("supabase")
    config = load_config(root / "msgalign.toml")
    files = collect_files(config.corpus, config)
    assert len(files) == len(list((root / "corpus").rglob("*.mdx")))
    docs, problems = read_assets(files, config)
    assert problems == [] and all(d.format == "mdx" and d.blocks for d in docs)
