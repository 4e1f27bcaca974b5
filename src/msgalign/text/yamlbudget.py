"""A budget for YAML aliases: a 250-byte "billion laughs" must not become gigabytes.

PyYAML builds an alias (`*name`) as a second reference to the same object,
so loading a bomb is cheap; the cost comes later, when anything walks,
copies or prints the value (a 9-level bomb prints as 470 MB). So the check
runs on the composed node graph, before a single value is constructed: every
node is counted once per path that reaches it, shared subtrees are sized
once (memoised), and a node that contains itself has no finite size at all.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_YAML_VALUES = 100_000  # scalars, lists and mappings that aliases add, beyond those written out
MAX_YAML_ALIASES = 10_000  # `*name` references in one document


class YamlBudgetError(yaml.MarkedYAMLError):
    """The document expands past the budget; `problem` says how, `problem_mark` where."""


def check_budget(node: yaml.Node, max_values: int = MAX_YAML_VALUES, max_aliases: int = MAX_YAML_ALIASES) -> None:
    """Raise YamlBudgetError when aliases make `node` expand to more than `max_values` values beyond the
    ones the document writes out. Those are bounded by the file's size (a 20,000-term glossary is some
    150,000 of them, and no bomb); only what aliases repeat is not."""
    limit = max_values
    max_values += _written(node)
    sizes: dict[int, int] = {}
    aliases = 0
    # An explicit stack (a document nested 10,000 deep must not recurse); a
    # node is "open" while its children are being sized.
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, children_done = stack.pop()
        key = id(current)
        if children_done:
            open_nodes.discard(key)
            total = 1 + sum(sizes[id(child)] for child in _children(current))
            sizes[key] = total
            if total > max_values:
                raise YamlBudgetError(
                    problem=f"it expands to more than {limit:,} values through its aliases (*name); "
                    f"the limit is {limit:,}",
                    problem_mark=current.start_mark,
                )
            continue
        if key in sizes:
            aliases += 1  # a node met again is an alias (PyYAML composes `*x` as the anchored node itself)
            if aliases > max_aliases:
                raise YamlBudgetError(problem=f"it has more than {max_aliases:,} aliases (*name); "
                                      f"the limit is {max_aliases:,}", problem_mark=current.start_mark)
            continue
        if key in open_nodes:
            raise YamlBudgetError(problem="an alias (*name) refers to a value that contains it, so it never ends",
                                  problem_mark=current.start_mark)
        open_nodes.add(key)
        stack.append((current, True))
        stack.extend((child, False) for child in _children(current))


def _written(node: yaml.Node) -> int:
    """How many distinct nodes the document has: each written once, however often an alias reaches it."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) not in seen:
            seen.add(id(current))
            stack.extend(_children(current))
    return len(seen)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


class BudgetMixin:
    """Mix into a PyYAML loader (before it in the bases): documents are budget-checked before construction."""

    def construct_document(self, node: yaml.Node) -> Any:
        check_budget(node)
        return super().construct_document(node)  # type: ignore[misc]


def quote(value: object, limit: int = 80) -> str:
    """repr(value) cut to about `limit` characters, for error messages about hostile values."""
    if isinstance(value, (list, dict, tuple)) and len(value) > limit:
        return f"{type(value).__name__} of {len(value):,} items"
    text = repr(value) if not isinstance(value, str) or len(value) <= limit else repr(value[:limit]) + "..."
    return text if len(text) <= limit + 5 else text[:limit] + "..."
