"""A cold run shows progress through the model phase, and Ctrl-C keeps the vectors already computed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from msgalign.cli import main
from msgalign.nlp import cache as derived_cache
from msgalign.nlp import embed
from msgalign.nlp.embed import Embedder, VectorCache, text_hash

TEXTS = [f"Customer {n} booked a pipeline review in week {n}." for n in range(10)]


class Interrupting:
    """The real sentence model, interrupted (as by Ctrl-C) on the encode call numbered `stop_at`."""

    def __init__(self, model: Any, stop_at: int) -> None:
        self.model, self.stop_at, self.calls = model, stop_at, 0

    def encode(self, texts: list[str], **kwargs: Any) -> Any:
        self.calls += 1
        if self.calls == self.stop_at:
            raise KeyboardInterrupt
        return self.model.encode(texts, **kwargs)


@pytest.mark.model
def test_ctrl_c_keeps_the_chunks_already_encoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "CHUNK", 4)
    seen: list[tuple[int, int, str]] = []
    first = Embedder(cache_dir=tmp_path)
    first.progress = lambda done, total, what: seen.append((done, total, what))
    first._model = Interrupting(first._load(), stop_at=3)
    with pytest.raises(KeyboardInterrupt):
        first.encode(TEXTS)
    assert seen == [(4, 10, "embedding sentences"), (8, 10, "embedding sentences")]
    # A new run finds the two chunks done before the interruption in the cache.
    kept = VectorCache(tmp_path).get_many(Embedder(cache_dir=tmp_path).fingerprint(), [text_hash(t) for t in TEXTS])
    assert set(kept) == {text_hash(t) for t in TEXTS[:8]}
    again = Embedder(cache_dir=tmp_path)
    again.encode(TEXTS)
    assert again.encoded == 2


def test_derived_values_are_stored_chunk_by_chunk_with_progress(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(derived_cache, "CHUNK", 3)
    store = VectorCache(tmp_path)
    seen: list[tuple[int, int, str]] = []

    def compute(texts: list[str]) -> list[int]:
        if "Customer 7 booked a pipeline review in week 7." in texts:
            raise KeyboardInterrupt
        return [len(t) for t in texts]

    with pytest.raises(KeyboardInterrupt):
        derived_cache.cached_by_text(store, "length", TEXTS, compute,
                                     progress=lambda d, t, w: seen.append((d, t, w)), label="counting")
    assert seen == [(3, 10, "counting"), (6, 10, "counting")]
    assert len(store.get_derived("length", [text_hash(t) for t in TEXTS])) == 6


def test_ctrl_c_exits_130_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from msgalign import api

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.chdir(tmp_path)
    (tmp_path / "msgalign.toml").write_text('corpus = ["corpus"]\n', encoding="utf-8")
    monkeypatch.setattr(api, "check", interrupted)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 130
    assert result.output == ("msgalign: interrupted; the vectors computed so far are kept in the cache, "
                             "so the next run starts from there.\n")
