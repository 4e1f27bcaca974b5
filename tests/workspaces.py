"""Test helper: write a small msgalign workspace (imported by the rule tests)."""

from __future__ import annotations

from pathlib import Path

FIXTURE_WORKSPACE = Path(__file__).parent / "fixtures" / "rules" / "_workspace"


def write_workspace(root: Path, files: dict[str, str | bytes], *, narrative: str | None = None,
                    glossary: str | None = None, config: str = "") -> None:
    """A small workspace for rule tests: the shared fixture glossary and narrative
    (tests/fixtures/rules/_workspace/) unless given, a config, and the files."""
    (root / "glossary").mkdir(exist_ok=True)
    (root / "glossary" / "glossary.yml").write_text(
        glossary if glossary is not None else (FIXTURE_WORKSPACE / "glossary.yml").read_text(encoding="utf-8"),
        encoding="utf-8")
    (root / "narrative.md").write_text(
        narrative if narrative is not None else (FIXTURE_WORKSPACE / "narrative.md").read_text(encoding="utf-8"),
        encoding="utf-8")
    (root / "msgalign.toml").write_text(config + "\n", encoding="utf-8")
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")
