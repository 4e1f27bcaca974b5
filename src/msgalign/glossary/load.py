"""The shared glossary: `glossary/*.yml`, loaded with errors that name file and line.

Glossary rows are data: adding a banned phrase is a YAML line, never code.
Each entry's `examples` are self-tests run on load; a failing one is a load
error, so a glossary can never silently stop doing what its author meant.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import yaml

from msgalign.errors import GlossaryError
from msgalign.fs import read_problem
from msgalign.glossary.types import AvoidPhrase, Glossary, Term
from msgalign.text.match import tokenize
from msgalign.text.yamlbudget import BudgetMixin, YamlBudgetError, quote
from msgalign.types import Severity

_E = TypeVar("_E", Term, AvoidPhrase)

TERM_KEYS = {"term", "definition", "variants", "case", "severity", "teams", "examples", "inflect", "rule",
             "variant_case"}
AVOID_KEYS = {"phrase", "reason", "severity", "teams", "inflect", "rule", "case"}
INFLECTIONS = ("noun", "verb", "both", "none")
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


def _load_yaml(text: str, display: str) -> tuple[Any, yaml.Node | None]:
    """The value and its node graph, composed once (a 20,000-term file takes seconds to compose in PyYAML),
    with a size and alias budget; a budget breach is an E201 at the line it starts."""
    if len(text) > MAX_GLOSSARY_CHARS:
        raise GlossaryError(f"the file is over {MAX_GLOSSARY_CHARS // 1_000_000} MB; split it into smaller files.",
                            where=display)
    loader = _LineLoader(text)  # a SafeLoader subclass
    try:
        node = _fast_compose(text)
        if node is _NOT_COMPOSED:  # no libyaml, or text it refuses: PyYAML's own reading, and its messages
            node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    except YamlBudgetError as exc:
        mark = exc.problem_mark
        raise GlossaryError(f"{exc.problem}.", where=f"{display}:{mark.line + 1}" if mark else display) from None
    finally:
        loader.dispose()


_NOT_COMPOSED: Any = object()


def _fast_compose(text: str) -> Any:
    """The node graph from libyaml (ten times PyYAML's speed on a big glossary), or _NOT_COMPOSED.

    Only composing is done in C; the nodes are the same classes, resolved by the same resolver, and
    built by the same constructor. A document libyaml cannot compose is read again by PyYAML, so
    every error message is PyYAML's, with its line.
    """
    loader_class = getattr(yaml, "CSafeLoader", None)
    if loader_class is None:
        return _NOT_COMPOSED
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError):
        return _NOT_COMPOSED
    finally:
        loader.dispose()


def _kind(value: Any) -> str:
    return {str: "a string", list: "a list", dict: "a mapping", int: "a number", float: "a number",
            bool: "true/false", type(None): "nothing", datetime.date: "a date", datetime.datetime: "a date and time",
            bytes: "binary data"}.get(type(value), type(value).__name__)


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
        if not isinstance(value, list):
            raise GlossaryError(f"'{key}' must be a list of strings, got {_kind(value)}.", where=self.where)
        for item in value:
            if not isinstance(item, str) or not item.strip():
                got = "an empty string" if isinstance(item, str) else _kind(item)
                raise GlossaryError(f"'{key}' must be a list of strings, got a list holding {got}.",
                                    where=self.line_of(item))
        return tuple(v.strip() for v in value)

    def severity(self) -> Severity:
        value = self.raw.get("severity", "warning")
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            return Severity.parse(value)
        except ValueError:
            got = quote(value) if isinstance(value, str) else _kind(value)
            raise GlossaryError(f"'severity' must be error, warning or info, got {got}.",
                                where=self.where) from None

    def inflect(self, default: str) -> str:
        value = self.text("inflect", default=default)
        if value not in INFLECTIONS:
            raise GlossaryError(f"'inflect' must be noun, verb, both or none, got {quote(value)}.", where=self.where)
        return value

    def line_of(self, value: Any) -> str:
        """Where a nested value is: its own line when it is a mapping, else the entry's."""
        if isinstance(value, dict) and "__line__" in value:
            return f"{self.where.rsplit(':', 1)[0]}:{value['__line__']}"
        return self.where

    def examples(self) -> tuple[tuple[str, str], ...]:
        """`examples:` as (from, to) pairs: a list of mappings of two strings each."""
        value = self.raw.get("examples")
        if value is None:
            return ()
        if not isinstance(value, list):
            raise GlossaryError(f"'examples' must be a list of {{from: ..., to: ...}}, got {_kind(value)}.",
                                where=self.where)
        pairs = []
        for ex in value:
            if not isinstance(ex, dict) or not isinstance(ex.get("from"), str) or not isinstance(ex.get("to"), str):
                got = _kind(ex) if not isinstance(ex, dict) else \
                    "; ".join(f"'{k}' is {_kind(ex.get(k))}" for k in ("from", "to") if not isinstance(ex.get(k), str))
                raise GlossaryError(f"each example must be a mapping {{from: ..., to: ...}} of two strings ({got}).",
                                    where=self.line_of(ex))
            extra = sorted(k for k in ex if k not in ("from", "to", "__line__"))
            if extra:
                raise GlossaryError(f"unknown key '{extra[0]}' in this example; an example has only 'from' and 'to'.",
                                    where=self.line_of(ex))
            pairs.append((ex["from"], ex["to"]))
        return tuple(pairs)


def _parse_term(raw: Any, file: str, line: int | None = None) -> Term:
    if not isinstance(raw, dict):
        raise GlossaryError(f"each entry under 'terms' must be a mapping with a 'term', got {_kind(raw)}.",
                            where=f"{file}:{line}" if line else file)
    e = _Entry(raw, file, TERM_KEYS, "term")
    case = _case(e, "case", "exact")
    term = Term(
        term=e.text("term", required=True),
        definition=e.text("definition"),
        variants=tuple(dict.fromkeys(e.texts("variants"))),  # one written twice is one
        case=case,
        severity=e.severity(),
        teams=e.texts("teams"),
        examples=e.examples(),
        source=e.where,
        inflect=e.inflect("noun"),
        rule=e.text("rule"),
        variant_case=_case(e, "variant_case", "any"),
    )
    return term


def _parse_avoid(raw: Any, file: str, line: int | None = None) -> AvoidPhrase:
    where = f"{file}:{line}" if line else file
    if isinstance(raw, str):  # shorthand: - best-in-class
        if not raw.strip():
            raise GlossaryError("an entry under 'avoid' is an empty string; write the phrase to avoid.", where=where)
        return AvoidPhrase(phrase=raw.strip(), source=where)
    if not isinstance(raw, dict):
        raise GlossaryError(f"each entry under 'avoid' must be a mapping with a 'phrase', got {_kind(raw)}.",
                            where=where)
    e = _Entry(raw, file, AVOID_KEYS, "avoid entry")
    return AvoidPhrase(e.text("phrase", required=True), e.text("reason"), e.severity(), e.texts("teams"), e.where,
                       e.inflect("both"), rule=e.text("rule"), case=_case(e, "case", "any"))


def _case(e: _Entry, key: str, default: str) -> str:
    """`case` and `variant_case`: exact or any."""
    value = e.text(key, default=default)
    if value not in ("exact", "any"):
        raise GlossaryError(f"'{key}' must be exact or any, got {quote(value)}.", where=e.where)
    return value


_YAML_HINTS = {
    "expected a single document": "a glossary file is one YAML document; remove the second '---' or split the file",
    "found character '\\t'": "YAML indents with spaces, never tabs",
}


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    problem = str(exc.problem or exc.context or "")
    if exc.context and problem.startswith("but "):  # "expected a single document in the stream but found ..."
        problem = f"{exc.context} {problem}"
    hint = next((h for k, h in _YAML_HINTS.items() if k in problem), "")
    return f"{problem} ({hint})" if hint else problem


def _parse_file(path: Path, display: str) -> tuple[list[Term], list[AvoidPhrase]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason, line = read_problem(exc)
        where = f"{display}:{line}" if line else display
        raise GlossaryError(f"cannot read the file: {reason}.", where=where) from None
    foreign = _foreign_kind(path, text)
    try:
        data, root = _load_yaml(text, display)
    except (yaml.YAMLError, ValueError) as exc:
        if foreign:
            raise _foreign_error(foreign, path, display) from None
        raise _unreadable(exc, display) from None
    except RecursionError:
        raise GlossaryError("not valid for a glossary: its lists or mappings nest too deeply to read.",
                            where=display) from None
    # A scalar PyYAML's constructors cannot build raises what they happen to hit: a date 2024-13-45
    # ValueError, `!!int ''` IndexError, `!!bool maybe` KeyError.
    except (TypeError, OverflowError, IndexError, KeyError, AttributeError) as exc:
        raise GlossaryError(f"not valid YAML: a value cannot be read ({exc}).", where=display) from None
    if foreign and not (isinstance(data, dict) and set(data) - {"__line__"} <= TOP_KEYS):
        raise _foreign_error(foreign, path, display)
    return _parse_data(data, root, display)


def _foreign_kind(path: Path, text: str) -> str:
    """What another tool's file placed among the glossary files is ('a prh dictionary'), or ''."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return "a Vale vocabulary (one word per line)"
    if suffix == ".ini":
        return "a Vale configuration"
    if suffix in (".json", ".jsonc", ".json5"):
        return "a textlint terminology list"
    if re.search(r"(?m)^extends:[ \t]*\w", text[:100_000]):
        return "a Vale rule"
    if re.search(r"(?m)^rules:", text[:100_000]) and re.search(r"(?m)^[ \t-]*expected:", text[:100_000]):
        return "a prh dictionary"
    return ""


def _foreign_error(kind: str, path: Path, display: str) -> GlossaryError:
    target = f"glossary/{path.stem.lstrip('.') or 'imported'}-terms.yml"
    return GlossaryError(f"this is {kind}, not a msgalign glossary. Convert it with `msgalign glossary import "
                         f"{display} -o {target}`, and keep the original out of the glossary list.", where=display)


def _unreadable(exc: Exception, display: str) -> GlossaryError:
    """A YAML error, or a value PyYAML's constructors cannot build, as an E201 at its line."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        where = f"{display}:{mark.line + 1}" if mark else display
        return GlossaryError(f"not valid YAML: {_yaml_problem(exc)}.", where=where)
    if isinstance(exc, yaml.YAMLError):
        return GlossaryError(f"not valid YAML: {exc}.", where=display)
    return GlossaryError(f"not valid YAML: a value cannot be read ({exc}).", where=display)


def _parse_data(data: Any, root: yaml.Node | None, display: str) -> tuple[list[Term], list[AvoidPhrase]]:
    if data is None:
        return [], []
    shape = _Shape(root)
    if not isinstance(data, dict):
        raise GlossaryError(f"the file must be a mapping with 'terms:' and/or 'avoid:', got {_kind(data)}.",
                            where=f"{display}:{shape.root_line}")
    if shape.duplicate is not None:
        key, line, first = shape.duplicate
        raise GlossaryError(f"the key '{key}' appears twice in one mapping (first on line {first}); keep one.",
                            where=f"{display}:{line}")
    _Entry(data, display, TOP_KEYS, "file")
    for key in ("terms", "avoid"):
        if key in data and data[key] is not None and not isinstance(data[key], list):
            raise GlossaryError(f"'{key}' must be a list, got {_kind(data[key])}.",
                                where=f"{display}:{data['__line__']}")
    terms = [_parse_term(raw, display, shape.item_line("terms", i)) for i, raw in enumerate(data.get("terms") or [])]
    avoid = [_parse_avoid(raw, display, shape.item_line("avoid", i)) for i, raw in enumerate(data.get("avoid") or [])]
    return terms, avoid


class _Shape:
    """What the loaded values lose: the line of each list item, and keys written twice.

    PyYAML keeps the last of two equal keys without a word; a glossary entry with two
    `term:` lines would silently lose one. Read from the node tree, without recursion.
    """

    def __init__(self, root: yaml.Node | None) -> None:
        self.root_line = 1
        self.duplicate: tuple[str, int, int] | None = None
        self.items: dict[str, list[int]] = {}
        if root is None:
            return
        self.root_line = root.start_mark.line + 1
        if isinstance(root, yaml.MappingNode):
            for key_node, value_node in root.value:
                if isinstance(key_node, yaml.ScalarNode) and isinstance(value_node, yaml.SequenceNode):
                    self.items[str(key_node.value)] = [item.start_mark.line + 1 for item in value_node.value]
        seen: set[int] = set()
        todo: list[yaml.Node] = [root]
        while todo and self.duplicate is None:
            node = todo.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, yaml.MappingNode):
                lines: dict[str, int] = {}
                for key_node, value_node in node.value:
                    todo += [key_node, value_node]
                    if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                        continue
                    line = key_node.start_mark.line + 1
                    if key_node.value in lines:
                        self.duplicate = (str(key_node.value), line, lines[key_node.value])
                        break
                    lines[key_node.value] = line
            elif isinstance(node, yaml.SequenceNode):
                todo += node.value

    def item_line(self, key: str, index: int) -> int | None:
        lines = self.items.get(key, [])
        return lines[index] if index < len(lines) else None


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
    """Load and validate every glossary file; merge terms defined twice; run each entry's examples."""
    show = display or (lambda p: p.as_posix())
    terms: list[Term] = []
    avoid: list[AvoidPhrase] = []
    warnings: list[str] = []
    files = glossary_files(paths)
    for path in files:
        t, a = _parse_file(path, show(path))
        terms += t
        avoid += a
    terms, avoid = _no_patterns(terms, avoid, warnings)
    terms, moved = _messages_to_avoid(terms, warnings)
    terms, avoid, notes = merge_imported(terms, avoid + moved)
    warnings += [f"glossary: {note}" for note in notes]
    merged = _check_variants(_merge_terms(terms, warnings), warnings)
    avoid = _avoid_not_written(avoid, merged, warnings)
    glossary = Glossary(tuple(merged), tuple(avoid), tuple(show(p) for p in files), tuple(warnings))
    _run_examples(glossary)
    return glossary


# What only a regular expression writes: a character class, an escape, a wildcard or repeat, a group
# option, alternatives, an anchor, a count. "C++", "Node.js", "$0 migration" and "(beta)" are words.
_PATTERN = re.compile(r"\[[^\]\s]+\]|\\[bBsSwWdD]|[.\])][*+?]|\(\?|\||^\^|\w\$$|\{\d+(?:,\d*)?\}")


def _no_patterns(terms: list[Term], avoid: list[AvoidPhrase],
                 warnings: list[str]) -> tuple[list[Term], list[AvoidPhrase]]:
    """Variants and phrases written as regular expressions ('[Tt]ideboard', 'best.*class') are left out
    with a notice: msgalign matches words as written, and a pattern read as words would be fixed wrongly."""
    def looks_like_pattern(text: str, what: str, source: str) -> bool:
        m = _PATTERN.search(text)
        if m is None:
            return False
        warnings.append(f"{source}: {what} '{text}' looks like a pattern ('{m.group(0)}'), but msgalign reads "
                        "each entry as the words written, so it is left out. Write each form out on its own "
                        "(other casings need no entry: TM002 checks them); to convert Vale or textlint patterns, "
                        "use `msgalign glossary import`.")
        return True

    out_terms = []
    for term in terms:
        what = f"the variant of '{term.term}'"
        kept = tuple(v for v in term.variants if not looks_like_pattern(v, what, term.source))
        out_terms.append(term if len(kept) == len(term.variants) else replace(term, variants=kept))
    out_avoid = [a for a in avoid if not looks_like_pattern(a.phrase, "the phrase to avoid", a.source)]
    return out_terms, out_avoid


_STRAY_QUOTE = re.compile(r"['‘’\"“”](?=\s)|(?<=\s)['‘’\"“”]")
_QUOTED_WORD = re.compile(r"(?:^|\s)['‘\"“][^'’\"”]+['’\"”](?:\W|$)")


def reads_as_message(text: str) -> bool:
    """True for a sentence or an instruction rather than a word to write: "Remove 'quite', as it's wordy.",
    "Use %s instead.", "Consider rephrasing this sentence". A name such as "Acme Inc." or "Node.js" is not."""
    words = text.split()
    if "%s" in text or "{}" in text or len(words) > 8:
        return True
    if len(words) >= 3 and text.rstrip().endswith((".", "!", "?")):
        return True
    if len(words) >= 2 and _STRAY_QUOTE.search(text):  # "Because' or 'after": alternatives, quoted
        return True
    return len(words) >= 3 and (_QUOTED_WORD.search(text) is not None or ", " in text)


def _messages_to_avoid(terms: list[Term], warnings: list[str]) -> tuple[list[Term], list[AvoidPhrase]]:
    """Terms that read as a message (an imported Vale swap value such as "Remove 'quite', as it's wordy.")
    are never written into a text: their variants become phrases to avoid, with the message as the reason."""
    kept: list[Term] = []
    moved: list[AvoidPhrase] = []
    for term in terms:
        if not reads_as_message(term.term):
            kept.append(term)
            continue
        what = (f"its variants ({', '.join(repr(v) for v in term.variants)}) are checked as phrases to avoid "
                "(TM005) with it as the reason" if term.variants else "it is not used")
        warnings.append(f"{term.source}: the term {quote(term.term)} reads as a message, not a word to write, so "
                        f"--fix will never write it; {what}. Move it under 'avoid:' as a 'reason:'.")
        moved += [AvoidPhrase(v, term.term, term.severity, term.teams, term.source) for v in term.variants]
    return kept, moved


def _merge_terms(terms: list[Term], warnings: list[str]) -> list[Term]:
    """One entry per term. The same term written twice (in two files, or twice in one) is merged when the
    entries agree (variants and examples joined; of two severities the higher is kept, of two casing rules
    the laxer, each with a warning);
    otherwise it is an error naming both places. Two terms that read the same words are an error when
    they disagree on casing ("Account Plan" and "account plans"); "API" and "APIs" may both be listed."""
    from msgalign.glossary.fix import recase
    from msgalign.text.match import FormMatcher

    matcher: FormMatcher[int] = FormMatcher()
    for i, term in enumerate(terms):
        if not tokenize(term.term):
            raise GlossaryError(f"the term {term.term!r} has no words in it.", where=term.source)
        matcher.add(term.term, i, inflect=term.inflect)
    merged: dict[int, Term] = {}
    home: dict[int, int] = {}  # each entry's index → the index of the entry it was merged into
    for j, term in enumerate(terms):
        earlier = [m for m in matcher.full_matches(term.term) if m.same_gaps and m.payload < j]
        same = [m for m in earlier if terms[m.payload].term == term.term]
        clash = next((m for m in earlier if terms[m.payload].term != term.term
                      and (not any(m.labels) or recase(m, terms[m.payload].term, False) != term.term)), None)
        if clash is not None:
            warnings.append(_casing_twice(term, terms[clash.payload], inflected=any(clash.labels)))
            continue
        if not same:
            merged[j] = term
            home[j] = j
            continue
        owner = home.get(same[0].payload)
        if owner is None:
            continue  # the entry it repeats was left out
        try:
            merged[owner] = _merged(merged[owner], term, warnings)
        except GlossaryError as exc:
            _conflict(exc.message, term.source, merged[owner].source, warnings,
                      "This entry is left out (the first file wins).")
            continue
        home[j] = owner
    return list(merged.values())


def _casing_twice(term: Term, other: Term, *, inflected: bool) -> str:
    """Two entries for one word in two casings: a notice, never an error. Which casing is right is the
    writer's call, and TM002 checks casing from one entry, so the later one gives way."""
    how = (f"is a form of '{other.term}' written in another casing" if inflected
           else f"differs from the term '{other.term}' only in casing")
    return (f"{term.source}: the term '{term.term}' {how} (at {other.source}), so this entry is left out and "
            f"'{other.term}' is kept. {_casing_advice(other, term.term)} Remove this entry, or, if '{term.term}' "
            f"is the casing you want, correct the entry at {other.source}.")


def _casing_advice(term: Term, wrong: str) -> str:
    if term.case == "exact":
        return (f"TM002 already flags every casing of '{term.term}' but its own ('case: exact', the default), "
                f"'{wrong}' included.")
    return (f"'{term.term}' has 'case: any', so its casing is not checked: set 'case: exact' to have TM002 flag "
            f"'{wrong}'.")


def _merged(first: Term, second: Term, warnings: list[str]) -> Term:
    """`first` with `second`'s variants and examples added, if the two agree on what the term is."""
    differences = [
        (what, a, b) for what, a, b in (
            ("teams", ", ".join(sorted(first.teams)) or "all", ", ".join(sorted(second.teams)) or "all"),
            ("'inflect'", first.inflect, second.inflect),
        ) if a != b
    ]
    if first.definition and second.definition and first.definition != second.definition:
        differences.append(("definition", "one", "another"))
    if differences:
        what, a, b = differences[0]
        detail = "" if what == "definition" else f" ({a} there, {b} here)"
        raise GlossaryError(f"the term '{second.term}' is already defined at {first.source} with a different "
                            f"{what}{detail}; make the two entries agree to merge them, or keep one.",
                            where=second.source)
    severity = max(first.severity, second.severity)
    if first.severity != second.severity:
        warnings.append(f"{second.source}: the term '{second.term}' is also defined at {first.source}, with severity "
                        f"{first.severity.label} there and {second.severity.label} here; the two are merged with "
                        f"the higher, {severity.label}.")
    case = "exact" if first.case == second.case == "exact" else "any"
    if first.case != second.case:
        warnings.append(f"{second.source}: the term '{second.term}' is also defined at {first.source}, with 'case: "
                        f"{first.case}' there and 'case: {second.case}' here; the two are merged with 'case: any', "
                        "so its casing is not checked.")
    variants = tuple(dict.fromkeys((*first.variants, *second.variants)))
    examples = tuple(dict.fromkeys((*first.examples, *second.examples)))
    # An entry written by hand is always on: merged with an imported one, it keeps no rule name (ignoring the
    # imported rule must not silence it), and each variant answers to the rules that list it.
    rule = _join_rules(first.rule, second.rule) if first.rule and second.rule else ""
    variant_rules = (_variant_rules(first) + _variant_rules(second) if first.rule != second.rule
                     else first.variant_rules + second.variant_rules)
    return replace(first, definition=first.definition or second.definition, variants=variants, examples=examples,
                   severity=severity, case=case, rule=rule, variant_rules=variant_rules)


def _file_of(source: str) -> str:
    return source.rsplit(":", 1)[0]


def _conflict(message: str, where: str, other: str, warnings: list[str], dropped: str) -> None:
    """A conflict inside one file is an error; between two files (two imported styles, say) the later
    entry gives way, with a warning that names both places, and the rest of the glossary loads."""
    if _file_of(where) == _file_of(other):
        raise GlossaryError(message, where=where)
    warnings.append(f"{where}: {message} {dropped}")


def _check_variants(terms: list[Term], warnings: list[str]) -> list[Term]:
    """A variant may not be written exactly as a term, nor be listed under two terms."""
    from msgalign.text.match import FormMatcher

    matcher: FormMatcher[Term] = FormMatcher()
    for term in terms:
        matcher.add(term.term, term, inflect=term.inflect)
    owners: FormMatcher[Term] = FormMatcher()
    out = []
    for term in terms:
        kept = []
        for variant in term.variants:
            if not _variant_fits(variant, term, matcher, owners, warnings):
                continue
            kept.append(variant)
            owners.add(variant, term, inflect="none", strict_gaps=True)
        out.append(term if len(kept) == len(term.variants) else replace(term, variants=tuple(kept)))
    return out


def _variant_fits(variant: str, term: Term, matcher: Any, owners: Any, warnings: list[str]) -> bool:
    if variant.casefold() == term.term.casefold():
        return _own_casing(variant, term, warnings)
    for m in matcher.full_matches(variant):
        if not m.same_gaps or any(m.labels):
            continue  # joined another way, or an inflection: matched exactly its own way
        if m.payload is term:
            return _own_casing(variant, term, warnings)
        _conflict(f"'{variant}' is listed as a variant of '{term.term}' but is itself the term at "
                  f"{m.payload.source}.", term.source, m.payload.source, warnings,
                  "The variant is left out; the term stays.")
        return False
    for owned in owners.full_matches(variant):
        other = owned.payload
        if owned.same_gaps and not any(owned.labels) and other is not term:
            _conflict(f"'{variant}' is listed as a variant of both '{other.term}' (at {other.source}) and "
                      f"'{term.term}'; a fix can only have one term: keep it under one of them.",
                      term.source, other.source, warnings, f"It stays a variant of '{other.term}' only.")
            return False
    return True


def _own_casing(variant: str, term: Term, warnings: list[str]) -> bool:
    """A variant that is the term in another casing is left out with a notice (False): casing is TM002's."""
    if variant == term.term:
        warnings.append(f"{term.source}: the variant '{variant}' is the term itself, so it is left out; remove it "
                        "from 'variants'.")
        return False
    warnings.append(f"{term.source}: the variant '{variant}' differs from the term '{term.term}' only in casing, "
                    f"so it is left out. {_casing_advice(term, variant)} Remove '{variant}' from 'variants'.")
    return False


def _avoid_not_written(avoid: list[AvoidPhrase], terms: list[Term], warnings: list[str]) -> list[AvoidPhrase]:
    """A phrase to avoid that is written, by hand, as a term or a variant is left out with a notice: the
    term or variant wins those words, so the phrase never did anything, and the author should know."""
    from msgalign.text.match import form_keys

    written: dict[tuple[str, ...], tuple[str, Term]] = {}
    for term in terms:
        if not term.rule:
            for form in (*term.variants, term.term):
                written[form_keys(form)] = (form, term)
    kept = []
    for phrase in avoid:
        hit = written.get(form_keys(phrase.phrase)) if not phrase.rule else None
        if hit is None:
            kept.append(phrase)
            continue
        form, term = hit
        what, advice = ((f"is the term '{term.term}' (at {term.source})",
                         "A term is what to write: keep it as the term or as a phrase to avoid, not both.")
                        if form == term.term else
                        (f"is a variant of '{term.term}' (at {term.source})",
                         "TM001 already reports it and fixes it: remove it from 'avoid'."))
        warnings.append(f"{phrase.source}: the phrase to avoid '{phrase.phrase}' {what}, so it is left out of the "
                        f"phrases to avoid. {advice}")
    return kept


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


def merge_imported(terms: list[Term],
                   avoid: list[AvoidPhrase]) -> tuple[list[Term], list[AvoidPhrase], list[str]]:
    """Entries imported from other tools' rules (they carry `rule:`) that name the same word are one entry.

    Two imported styles (Google and Microsoft both prefer 'email') must load together: the first
    entry's spelling is kept, the variants are joined, the stricter severity and case win, and the
    entry names every rule it came from ("Google.WordList, Microsoft.Terms"). A variant that another
    imported file has as a term of its own is dropped there: the term wins, as a Vale vocabulary
    wins over a style's rules. Two casings of one term (textlint 'Ajax', Google 'AJAX') keep the
    first file's. Each such choice comes back as a note for the user. Entries written by hand (no
    `rule:`) are never merged.
    """
    from msgalign.text.match import form_keys

    if not any(t.rule for t in terms) and not any(a.rule for a in avoid):
        return terms, avoid, []
    notes: list[str] = []

    def join_terms(first: Term, term: Term) -> Term:
        if not _same_word(first, term):
            notes.append(f"the imported term '{term.term}' ({term.source}, {term.rule}) is spelled "
                         f"'{first.term}' at {first.source} ({first.rule}); kept '{first.term}', the first loaded.")
        variants = first.variants + tuple(v for v in term.variants if v not in first.variants)
        return replace(
            first, variants=variants, variant_rules=_variant_rules(first) + _variant_rules(term),
            case="exact" if "exact" in (first.case, term.case) else "any",
            variant_case=first.variant_case if first.variant_case == term.variant_case else "any",
            severity=max(first.severity, term.severity),
            rule=_join_rules(first.rule, term.rule),
            examples=first.examples + tuple(e for e in term.examples if e not in first.examples),
        )

    merged = _join_imported(terms, lambda t: form_keys(t.term), join_terms)
    imported_terms = {form_keys(t.term): t for t in merged if t.rule}
    for at, term in enumerate(merged):
        if not term.rule:
            continue
        dropped = [v for v in term.variants if imported_terms.get(form_keys(v), term) is not term]
        for variant in dropped:
            other = imported_terms[form_keys(variant)]
            notes.append(f"'{variant}' is a variant of '{term.term}' ({term.source}, {term.rule}) but the term "
                         f"'{other.term}' at {other.source} ({other.rule}); kept it as the term.")
        if dropped:
            merged[at] = replace(term, variants=tuple(v for v in term.variants if v not in dropped),
                                 variant_rules=tuple(r for r in term.variant_rules if r[0] not in dropped))
    kept = _join_imported(avoid, lambda a: form_keys(a.phrase), lambda earlier, phrase: replace(
        earlier, severity=max(earlier.severity, phrase.severity), rule=_join_rules(earlier.rule, phrase.rule),
        case=earlier.case if (earlier.case, earlier.phrase) == (phrase.case, phrase.phrase) else "any"))
    return merged, kept, notes


def _join_imported(entries: list[_E], keys_of: Callable[[_E], tuple[str, ...]],
                   join: Callable[[_E, _E], _E]) -> list[_E]:
    """Imported entries (with `rule:`) with the same form keys, joined into the first one, in file order.

    Entries written by hand are kept as they are and never absorb an imported one.
    """
    out: list[_E] = []
    first_at: dict[tuple[str, ...], int] = {}
    for entry in entries:
        keys = keys_of(entry)
        at = first_at.get(keys) if entry.rule else None
        if at is None or not out[at].rule:
            if entry.rule and keys not in first_at:
                first_at[keys] = len(out)
            out.append(entry)
            continue
        out[at] = join(out[at], entry)
    return out


def _variant_rules(term: Term) -> tuple[tuple[str, str, str, Severity], ...]:
    """Which rule lists each variant of an imported entry, with that rule's case and severity."""
    return term.variant_rules or tuple((v, term.rule, term.variant_case, term.severity) for v in term.variants)


def _same_word(first: Term, other: Term) -> bool:
    """Two imported entries are one when they spell the term alike, or neither checks its casing."""
    return first.term == other.term or (first.case == "any" and other.case == "any")


def _join_rules(left: str, right: str) -> str:
    names = [n.strip() for n in f"{left},{right}".split(",") if n.strip()]
    return ", ".join(dict.fromkeys(names))
