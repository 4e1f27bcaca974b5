"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One embedding cache for the whole session: the model encodes each text once."""
    return tmp_path_factory.mktemp("msgalign-cache")

