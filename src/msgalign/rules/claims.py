"""Rule family module (being written)."""

from __future__ import annotations

from .base import Rule

RULES: list[type[Rule]] = []
