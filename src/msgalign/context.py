"""What the checks share during one run: config, glossary, and heavy things loaded late.

Heavy objects (the sentence model, the tone classifier, spaCy) load on first
use and once per process, so terminology-only runs never import torch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .config import Config
from .glossary import Glossary

if TYPE_CHECKING:
    from .terms import TermIndex


@dataclass
class Context:
    config: Config
    glossary: Glossary
    use_cache: bool = True
    _memo: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def term_index(self) -> "TermIndex":
        from .terms import TermIndex

        return TermIndex(self.glossary)

    def threshold(self, key: str, default: float) -> float:
        return self.config.threshold(key, default)

    def memo(self, key: str, factory: Any) -> Any:
        """A value computed once per run and shared between rules (e.g. embeddings)."""
        if key not in self._memo:
            self._memo[key] = factory()
        return self._memo[key]
