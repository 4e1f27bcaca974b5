"""The shared glossary: `glossary/*.yml`, loaded with errors that name file and line.

Glossary rows are data: adding a banned phrase is a YAML line, never code.
Each entry's `examples` are self-tests run on load; a failing one is a load
error, so a glossary can never silently stop doing what its author meant.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from msgalign.errors import GlossaryError
from msgalign.glossary.types import AvoidPhrase, Glossary, Term
from msgalign.text.yamlbudget import BudgetMixin, YamlBudgetError, quote
from msgalign.types import Severity

TERM_KEYS = {"term", "definition", "variants", "case", "severity", "teams", "examples"}
AVOID_KEYS = {"phrase", "reason", "severity", "teams"}
TOP_KEYS = {"terms", "avoid"}
MAX_GLOSSARY_CHARS = 5_000_000


class _LineLoader(BudgetMixin, yaml.SafeLoader):
    """A safe loader that records each mapping's line as the key '__line__'.

    Aliases are budgeted (msgalign.text.yamlbudget): a billion-laughs bomb is
    refused from its node graph, before any value is built.
    """


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = {str(k): v for k, v in loader.construct_mapping(node, deep=True).items()}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _load_yaml(text: str, display: str) -> Any:
    """yaml.load with a size and alias budget; a budget breach is an E201 at the line it starts."""
    if len(text) > MAX_GLOSSARY_CHARS:
        raise GlossaryError(f"the file is over {MAX_GLOSSARY_CHARS // 1_000_000} MB; split it into smaller files.",
                            where=display)
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except YamlBudgetError as exc:
        mark = exc.problem_mark
        raise GlossaryError(f"{exc.problem}.", where=f"{display}:{mark.line + 1}" if mark else display) from None


def _kind(value: Any) -> str:
    return {str: "a string", list: "a list", dict: "a mapping", int: "a number", float: "a number",
            bool: "true/false", type(None): "nothing"}.get(type(value), type(value).__name__)


class _Entry:
    """Validation helpers bound to one YAML mapping, so errors name its line."""

    def __init__(self, raw: dict[str, Any], file: str, valid: set[str], what: str) -> None:
        self.raw = raw
        self.where = f"{file}:{raw.get('__line__', '?')}"
        for key in raw:
            if key == "__line__":
                continue
            if key not in valid:
                close = difflib.get_close_matches(str(key), sorted(valid), n=1, cutoff=0.5)
                hint = f" Did you mean '{close[0]}'?" if close else f" Valid keys: {', '.join(sorted(valid))}."
                raise GlossaryError(f"unknown key '{key}' in this {what}.{hint}", where=self.where)

    def text(self, key: str, required: bool = False, default: str = "") -> str:
        value = self.raw.get(key)
        if value is None:
            if required:
                raise GlossaryError(f"this entry has no '{key}'.", where=self.where)
            return default
        if not isinstance(value, str) or (required and not value.strip()):
            raise GlossaryError(f"'{key}' must be a non-empty string, got {_kind(value)}.", where=self.where)
        return value.strip()

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.raw.get(key, [])
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise GlossaryError(f"'{key}' must be a list of strings, got {_kind(value)}.", where=self.where)
        return tuple(v.strip() for v in value)

    def severity(self) -> Severity:
        value = self.raw.get("severity", "warning")
        try:
            return Severity.parse(str(value))
        except ValueError:
            raise GlossaryError(f"'severity' must be error, warning or info, got {quote(value)}.",
                                where=self.where) from None


def _parse_term(raw: Any, file: str) -> Term:
    if not isinstance(raw, dict):
        raise GlossaryError(f"each entry under 'terms' must be a mapping with a 'term', got {_kind(raw)}.", where=file)
    e = _Entry(raw, file, TERM_KEYS, "term")
    case = e.text("case", default="exact")
    if case not in ("exact", "any"):
        raise GlossaryError(f"'case' must be exact or any, got {quote(case)}.", where=e.where)
    examples = []
    for ex in raw.get("examples") or []:
        if not isinstance(ex, dict) or not isinstance(ex.get("from"), str) or not isinstance(ex.get("to"), str):
            raise GlossaryError("each example must be a mapping {from: ..., to: ...} of two strings.", where=e.where)
        examples.append((ex["from"], ex["to"]))
    term = Term(
        term=e.text("term", required=True),
        definition=e.text("definition"),
        variants=e.texts("variants"),
        case=case,
        severity=e.severity(),
        teams=e.texts("teams"),
        examples=tuple(examples),
        source=e.where,
    )
    for variant in term.variants:
        if variant.casefold() == term.term.casefold():
            raise GlossaryError(
                f"variant '{variant}' differs from the term '{term.term}' only in casing; "
                "remove it and keep 'case: exact' (the default), which flags wrong casing.",
                where=e.where,
            )
    return term


def _parse_avoid(raw: Any, file: str) -> AvoidPhrase:
    if isinstance(raw, str):  # shorthand: - best-in-class
        return AvoidPhrase(phrase=raw.strip(), source=file)
    if not isinstance(raw, dict):
        raise GlossaryError(f"each entry under 'avoid' must be a mapping with a 'phrase', got {_kind(raw)}.",
                            where=file)
    e = _Entry(raw, file, AVOID_KEYS, "avoid entry")
    return AvoidPhrase(e.text("phrase", required=True), e.text("reason"), e.severity(), e.texts("teams"), e.where)


def _parse_file(path: Path, display: str) -> tuple[list[Term], list[AvoidPhrase]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise GlossaryError(f"cannot read the file ({exc}).", where=display) from None
    try:
        data = _load_yaml(text, display)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{display}:{mark.line + 1}" if mark else display
        raise GlossaryError(f"not valid YAML: {exc.problem}.", where=where) from None
    except yaml.YAMLError as exc:
        raise GlossaryError(f"not valid YAML: {exc}.", where=display) from None
    if data is None:
        return [], []
    if not isinstance(data, dict):
        raise GlossaryError("the file must be a mapping with 'terms:' and/or 'avoid:'.", where=display)
    _Entry(data, display, TOP_KEYS, "file")
    for key in ("terms", "avoid"):
        if key in data and data[key] is not None and not isinstance(data[key], list):
            raise GlossaryError(f"'{key}' must be a list, got {_kind(data[key])}.",
                                where=f"{display}:{data['__line__']}")
    terms = [_parse_term(raw, display) for raw in data.get("terms") or []]
    avoid = [_parse_avoid(raw, display) for raw in data.get("avoid") or []]
    return terms, avoid


def glossary_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files += sorted(q for q in p.iterdir() if q.suffix in (".yml", ".yaml") and q.is_file())
        elif p.is_file():
            files.append(p)
        else:
            raise GlossaryError("no such file or folder.", where=str(p))
    return files


def load_glossary(paths: Iterable[Path], display: Callable[[Path], str] | None = None) -> Glossary:
    """Load and validate every glossary file; run each entry's examples."""
    show = display or (lambda p: p.as_posix())
    terms: list[Term] = []
    avoid: list[AvoidPhrase] = []
    files = glossary_files(paths)
    for path in files:
        t, a = _parse_file(path, show(path))
        terms += t
        avoid += a
    glossary = Glossary(tuple(terms), tuple(avoid), tuple(show(p) for p in files))
    _check_consistency(glossary)
    _run_examples(glossary)
    return glossary


def _check_consistency(glossary: Glossary) -> None:
    from msgalign.text.match import form_keys

    canonical: dict[tuple[str, ...], Term] = {}
    for term in glossary.terms:
        key = form_keys(term.term)
        if not key:
            raise GlossaryError(f"the term {term.term!r} has no words in it.", where=term.source)
        if key in canonical:
            raise GlossaryError(
                f"the term '{term.term}' is already defined at {canonical[key].source}.", where=term.source
            )
        canonical[key] = term
    for term in glossary.terms:
        for variant in term.variants:
            other = canonical.get(form_keys(variant))
            if other is not None:
                raise GlossaryError(
                    f"'{variant}' is listed as a variant of '{term.term}' but is itself the term at {other.source}.",
                    where=term.source,
                )


def _run_examples(glossary: Glossary) -> None:
    from msgalign.glossary.index import TermIndex

    if not any(t.examples for t in glossary.terms):
        return
    index = TermIndex(glossary)
    for term in glossary.terms:
        for source, expected in term.examples:
            got = index.fix_text(source)
            if got != expected:
                raise GlossaryError(
                    f"example for '{term.term}' fails: {source!r} becomes {got!r}, expected {expected!r}.",
                    where=term.source,
                )
