"""`msgalign glossary import`: turn other tools' terminology lists into glossary YAML.

Teams rarely start from nothing: a docs team keeps a Vale vocabulary, an
engineering team a textlint terminology list, a Japanese team a prh file.
Each format is read for what it *means*, not just how it looks:

- Vale `accept.txt` / `reject.txt`: one case-sensitive regex a line (the last casing of
  a word wins, as in Vale).
- Vale rules (a style's folder, or its files): `extends: substitution` (`swap:` rejected
  form -> preferred form; a value that is advice becomes a phrase to avoid) and
  `extends: existence` (`raw:` + `tokens:` as one pattern, to avoid). `level`, `ignorecase`,
  `exceptions` are honoured; a narrow `scope`, `nonword` matches inside words and
  possessives are skipped with a warning.
- textlint-rule-terminology JSON: a list of correct spellings and
  `[pattern, replacement]` pairs, all matched case-insensitively.
- prh YAML: `rules:` of `expected` with optional `pattern(s)` and `specs`,
  plus `imports:`.

Regexes are spelled out into plain forms when they are small and finite
(`Git(?:Hub|Lab)`, `[Oo]bservability`, `web[- ]?site(s)?`); anything else is
a warning naming the file and line, never a silent loss. The result is a
draft for a person to review, and it always loads: entries that msgalign's
matcher would see as the same form (it ignores case, inflection and the
punctuation between words) are merged or dropped here, with a warning,
instead of failing later in `load_glossary`.

Every entry keeps the name of its source rule (`rule: Microsoft.Terms`), and the
result says per rule how many entries came over (`ImportResult.rules`, `table()`).
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from msgalign.authoring.vale_config import ValePlan, below_min, config_in, read_vale_config
from msgalign.authoring.vale_config import is_config as is_vale_config
from msgalign.errors import GlossaryImportError
from msgalign.glossary.index import TermIndex
from msgalign.glossary.types import AvoidPhrase, Glossary, Term
from msgalign.text.match import FormMatcher, form_keys, tokenize

__all__ = ["GlossaryImportError", "ImportResult", "import_glossary"]

MAX_FORMS = 24
"""A regex that spells out to more plain forms than this is not a term list."""

MAX_BYTES = 5_000_000
"""Terminology lists are small; a bigger file is almost surely the wrong one."""

MAX_DEPTH = 100
"""Lists and mappings (and regex groups) nest a few levels in a terminology list; deeper is refused
before anything reads it recursively (a '[' * 100,000 file would exhaust Python's stack)."""

_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
_VALE_LEVELS = {"error": "error", "warning": "warning", "suggestion": "info"}
_VALE_DEFAULT_LEVEL = "suggestion"  # what Vale assumes when a rule has no `level`
_VALE_VOCAB_SEVERITY = "error"      # Vale.Terms and Vale.Avoid report at error level
_NULL_TAG = "tag:yaml.org,2002:null"
_WIDE = 1_000_000


@dataclass(frozen=True)
class RuleReport:
    """What became of one source rule: a Vale rule file, a vocabulary, a term list."""

    name: str           # the rule's own name: "Microsoft.Terms", "Vale.Terms", "textlint.terminology"
    file: str
    entries: int        # swap pairs, tokens, vocabulary lines or list items read
    converted: int      # of those, carried over
    skipped: tuple[str, ...]  # why the others (or the whole rule) were not

    @property
    def style(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def status(self) -> str:
        """converted (every entry), partly (some), skipped (none)."""
        if not self.converted:
            return "skipped"
        return "converted" if self.converted == self.entries and not self.skipped else "partly"


@dataclass(frozen=True)
class ImportResult:
    """The drafted glossary and what could not be carried over."""

    yaml_text: str
    warnings: tuple[str, ...]
    terms_count: int
    avoid_count: int
    rules: tuple[RuleReport, ...] = ()

    def table(self) -> str:
        """Per style: rules read, converted whole, converted in part, skipped; then each skipped rule and why."""
        return import_table(self.rules)


def import_table(rules: Sequence[RuleReport]) -> str:
    """The import table, in plain words (the command prints it; benchmarks commit it)."""
    styles: dict[str, list[RuleReport]] = {}
    for rule in rules:
        styles.setdefault(rule.style, []).append(rule)
    head = ("style", "rules", "converted", "partly", "skipped", "entries", "entries kept")
    rows = [head]
    for style, reports in styles.items():
        count = {status: sum(1 for r in reports if r.status == status) for status in ("converted", "partly", "skipped")}
        rows.append((style, str(len(reports)), str(count["converted"]), str(count["partly"]), str(count["skipped"]),
                     str(sum(r.entries for r in reports)), str(sum(r.converted for r in reports))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths,
                                                                                                     strict=True)))
             for row in rows]
    for rule in rules:
        if rule.status == "converted":
            continue
        kept = f"{rule.converted} of {rule.entries} entries kept" if rule.entries else "nothing to read"
        reasons = "; ".join(dict.fromkeys(rule.skipped)) or "no entry could be carried over"
        lines.append(f"{rule.status} {rule.name} ({rule.file}, {kept}): {_short(reasons, 300)}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# What each source file contributes, before merging


@dataclass(frozen=True)
class _TermDraft:
    term: str
    origin: str  # "file:line", shown to the reviewer
    variants: tuple[str, ...] = ()
    case: str = "exact"  # _UNSAID: the source does not check the term's own casing
    severity: str | None = None  # None: the source does not say; msgalign's default applies
    examples: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    rule: str = ""
    variant_case: str = "any"


_UNSAID = ""
"""A term's case when its source never checks the term's own casing (a Vale swap value): 'any',
unless another source (or a key that differs only in case) says 'exact'."""


@dataclass(frozen=True)
class _AvoidDraft:
    phrase: str
    reason: str
    origin: str
    severity: str | None = None
    rule: str = ""
    case: str = "any"


@dataclass
class _RuleTally:
    name: str
    file: str
    entries: int = 0
    converted: int = 0
    skipped: list[str] = field(default_factory=list)

    def report(self) -> RuleReport:
        return RuleReport(self.name, self.file, self.entries, self.converted, tuple(self.skipped))


@dataclass
class _Harvest:
    """Everything read so far, in input order: the order decides every tie."""

    terms: list[_TermDraft] = field(default_factory=list)
    avoid: list[_AvoidDraft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    seen: set[Path] = field(default_factory=set)
    rules: list[_RuleTally] = field(default_factory=list)
    rule: _RuleTally | None = None  # the rule being read: warnings name it, skips are counted against it
    vale: ValePlan | None = None    # the Vale config whose files are being read: its levels and MinAlertLevel
    _marks: tuple[int, int] = (0, 0)

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(f"{where}: {message}")

    def begin_rule(self, name: str, file: str) -> _RuleTally:
        self.end_rule()
        self.rule = _RuleTally(name, file)
        self.rules.append(self.rule)
        self._marks = (len(self.terms), len(self.avoid))
        return self.rule

    def end_rule(self) -> None:
        """Every entry drafted while the rule was read carries its name."""
        if self.rule is not None:
            name, (terms, avoid) = self.rule.name, self._marks
            _drop_lone_inflections(self, terms, avoid)
            self.terms[terms:] = [d if d.rule else replace(d, rule=name) for d in self.terms[terms:]]
            self.avoid[avoid:] = [d if d.rule else replace(d, rule=name) for d in self.avoid[avoid:]]
        self.rule = None

    def skip(self, where: str, why: str, *, whole_rule: bool = False) -> None:
        """An entry (or the whole rule) not carried over: a warning naming the rule and why."""
        self.warn(where, f"{why}; skipped{' the file' if whole_rule else ''}")
        if self.rule is not None:
            self.rule.skipped.append(why)


def import_glossary(paths: Sequence[Path | str]) -> ImportResult:
    """Read every source file (a folder: the Vale style in it), merge what they say and render one draft."""
    if not paths:
        raise GlossaryImportError("give at least one file to import.")
    harvest = _Harvest()
    for path in paths:
        config = _vale_config_of(Path(path))
        if config is not None:
            plan = read_vale_config(config, _display(config))
            harvest.sources.append(f"{plan.config} (Vale configuration: {plan.summary})")
            harvest.warnings += plan.warnings
            harvest.vale = plan
            for file in plan.files:
                _read_source(file, harvest)
                harvest.end_rule()
            harvest.vale = None
            continue
        for file in _style_files(Path(path)):
            _read_source(file, harvest)
            harvest.end_rule()
    terms = _merge_terms(harvest)
    avoid = _merge_avoid(harvest, terms)
    _drop_failing_examples(terms, avoid, harvest)
    return ImportResult(
        yaml_text=_render(harvest.sources, terms, avoid),
        warnings=tuple(harvest.warnings),
        terms_count=len(terms),
        avoid_count=len(avoid),
        rules=tuple(r.report() for r in harvest.rules),
    )


def _vale_config_of(path: Path) -> Path | None:
    """The Vale config to read for a path: the path itself (a .vale.ini), or the one in a folder."""
    if path.is_file():
        return path if is_vale_config(path) else None
    return config_in(path) if path.is_dir() else None


def _style_files(path: Path) -> list[Path]:
    """A file as itself; a folder as the Vale style (or vocabulary) in it: its rule files and vocabularies."""
    if not path.is_dir():
        return [path]
    files = sorted((p for p in path.iterdir() if p.is_file() and (
        p.suffix.lower() in (".yml", ".yaml") or p.name.lower() in ("accept.txt", "reject.txt"))),
        key=lambda p: p.name)
    if not files:
        styles = sorted(d.name for d in path.iterdir() if d.is_dir() and any(
            f.suffix.lower() in (".yml", ".yaml") for f in d.iterdir() if f.is_file()))
        if styles:
            raise GlossaryImportError(
                f"is a folder of Vale styles ({', '.join(styles[:6])}{', ...' if len(styles) > 6 else ''}), not "
                f"one style; name a style's folder ({_display(path / styles[0])}), or the folder with your "
                ".vale.ini (or the .vale.ini itself) to import what it uses.", where=_display(path))
        raise GlossaryImportError("is a folder with no Vale rules (.yml), vocabularies (accept.txt, reject.txt) "
                                  "or .vale.ini in it; name the files to import.", where=_display(path))
    return files


# --------------------------------------------------------------------------
# Reading and recognising files


def _read_source(path: Path, harvest: _Harvest) -> None:
    """Recognise one file by name and content, then hand it to its reader."""
    if not _first_visit(path, harvest):
        return
    shown = _display(path)
    text = _read_text(path, shown)
    name = path.name.lower()
    if name in ("accept.txt", "reject.txt"):
        _read_vocabulary(text, shown, name == "accept.txt", harvest)
        return
    if not text.strip():
        harvest.sources.append(f"{shown} (empty)")
        harvest.warn(shown, "the file is empty; nothing imported")
        return
    vocabulary = _vocabulary_like(path, text, shown)
    if _looks_like_json(path, text) and not vocabulary:
        harvest.sources.append(f"{shown} (textlint terminology)")
        harvest.begin_rule(TEXTLINT_RULE, shown)
        _textlint_terms(_json_array(text, shown), shown, harvest)
        return
    if vocabulary:
        # Vale reads vocabularies only as accept.txt and reject.txt; a copy saved under another name
        # ("vocab.txt", "terms-accept.txt") is read as one, and the user is told how.
        accept = "reject" not in name
        harvest.warn(shown, f"read as a Vale vocabulary of {'accepted' if accept else 'rejected'} terms (Vale "
                            "itself reads only accept.txt and reject.txt; a name with 'reject' in it is read as "
                            "rejected terms)")
        _read_vocabulary(text, shown, accept, harvest)
        return
    root = _yaml_root(text, shown)
    if isinstance(root, yaml.MappingNode) and _get(root, "extends") is not None:
        _vale_rule(root, path, shown, harvest)
    elif isinstance(root, yaml.MappingNode) and _get(root, "rules") is not None:
        harvest.sources.append(f"{shown} (prh rules)")
        harvest.begin_rule(PRH_RULE, shown)
        _prh_file(root, path, shown, harvest, frozenset(), follow_imports=True)
    else:
        raise GlossaryImportError(_UNKNOWN_FORMAT, where=shown)


TEXTLINT_RULE = "textlint.terminology"  # how textlint names the rule's findings
PRH_RULE = "prh"

_UNKNOWN_FORMAT = (
    "format not recognised. Give a Vale vocabulary (accept.txt or reject.txt), a Vale rule "
    "(YAML with 'extends: substitution' or 'extends: existence'), a textlint terminology list "
    "(a JSON array of terms and [pattern, replacement] pairs) or a prh file (YAML with "
    "'version: 1' and 'rules:')."
)


def _first_visit(path: Path, harvest: _Harvest) -> bool:
    """Read each file once, so a prh import named twice (or in a cycle) adds nothing twice."""
    try:
        key = path.resolve()
    except (OSError, ValueError, RuntimeError):
        key = path.absolute()  # a name the system cannot resolve: reading it will say why
    if key in harvest.seen:
        return False
    harvest.seen.add(key)
    return True


def _display(path: Path) -> str:
    """POSIX and relative to the working directory when under it, like every msgalign path."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _read_text(path: Path, shown: str) -> str:
    """Read UTF-8 text, refusing what cannot be a terminology list (binary, huge)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise GlossaryImportError("is a folder; name the files inside it.", where=shown) from None
    except FileNotFoundError:
        raise GlossaryImportError("no such file.", where=shown) from None
    except OSError as exc:
        raise GlossaryImportError(f"cannot be read ({exc.strerror or exc}).", where=shown) from None
    if len(data) > MAX_BYTES:
        raise GlossaryImportError(f"is larger than {MAX_BYTES // 1_000_000} MB; that is not a terminology list.",
                                  where=shown)
    if b"\0" in data:
        raise GlossaryImportError("holds binary data, not text.", where=shown)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaryImportError("is not UTF-8 text; save it as UTF-8 and import again.",
                                  where=f"{shown}:{line}") from None


def _read_vocabulary(text: str, shown: str, accept: bool, harvest: _Harvest) -> None:
    harvest.sources.append(f"{shown} (Vale vocabulary, {'accepted' if accept else 'rejected'} terms)")
    harvest.begin_rule("Vale.Terms" if accept else "Vale.Avoid", shown)
    _vale_vocabulary(text, shown, accept, harvest)


_VOCAB_LINE = re.compile(r"^[^\s\"]+(?: [^\s\"]+){0,5}$")


def _vocabulary_like(path: Path, text: str, shown: str) -> bool:
    """A Vale vocabulary saved under another name: a `.txt` file, or a file without a JSON extension that
    opens with '[' ('[Oo]bservability') but is not JSON, whose every line is one term or pattern (a few
    words, no quotes, no sentence). Prose notes and broken JSON lists are not."""
    suffix = path.suffix.lower()
    if suffix in (".json", ".jsonc", ".json5", ".yml", ".yaml"):
        return False
    clean = _strip_json_comments(text)
    if suffix != ".txt":
        if not clean.lstrip().startswith("["):
            return False
        _check_json_depth(clean, shown)
        try:
            json.loads(clean)
            return False
        except ValueError:
            pass
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return bool(lines) and all(_VOCAB_LINE.match(line) and not re.search(r"(?<!\\)[.!?,:;]$", line)
                               for line in lines)


def _looks_like_json(path: Path, text: str) -> bool:
    """JSON by extension, or by an opening '[' (textlint lists are often saved as .jsonc or without one)."""
    if path.suffix.lower() in (".json", ".jsonc", ".json5"):
        return True
    return _strip_json_comments(text).lstrip().startswith("[")


class _TooDeep(Exception):
    """A source nests deeper than MAX_DEPTH; carries the line where it does."""

    def __init__(self, line: int) -> None:
        self.line = line
        super().__init__(line)


class _DepthLoader(yaml.SafeLoader):
    """A safe loader that refuses to compose nodes nested deeper than MAX_DEPTH (composing recurses)."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _too_deep(where: str) -> GlossaryImportError:
    return GlossaryImportError(f"nests deeper than {MAX_DEPTH} levels; that is not a terminology list.", where=where)


def _yaml_root(text: str, shown: str) -> yaml.Node | None:
    """Compose, not load: nodes keep their line numbers, and scalars stay text as written."""
    try:
        return yaml.compose(text, Loader=_DepthLoader)
    except _TooDeep as exc:
        raise _too_deep(f"{shown}:{exc.line}") from None
    except RecursionError:
        raise _too_deep(shown) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{shown}:{mark.line + 1}" if mark else shown
        raise GlossaryImportError(f"not valid YAML: {exc.problem or exc.context}; fix it and import again.",
                                  where=where) from None
    except yaml.YAMLError as exc:
        raise GlossaryImportError(f"not valid YAML: {exc}.", where=shown) from None


def _get(mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
    pairs: list[tuple[yaml.Node, yaml.Node]] = mapping.value  # a mapping node's value: its (key, value) nodes
    for key_node, value_node in pairs:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value_node
    return None


def _key_line(mapping: yaml.MappingNode, key: str) -> int | None:
    """The line a key is written on: what a reviewer looks for, not where its value starts."""
    for key_node, _ in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return _line(key_node)
    return None


def _text(node: yaml.Node | None) -> str | None:
    """A scalar exactly as written ('yes' stays 'yes'); None for null, lists and mappings."""
    if isinstance(node, yaml.ScalarNode) and node.tag != _NULL_TAG:
        return str(node.value)
    return None


def _flag(node: yaml.Node | None) -> bool:
    return (_text(node) or "").strip().lower() in ("true", "yes", "on")


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _items(node: yaml.Node | None) -> list[yaml.Node]:
    """A list, or one scalar standing for a list of one (prh allows `pattern: text`)."""
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if node is not None and _text(node) is not None:
        return [node]
    return []


# --------------------------------------------------------------------------
# Vale


def _vale_vocabulary(text: str, shown: str, accept: bool, harvest: _Harvest) -> None:
    """accept.txt lines become casing rules (Vale.Terms); reject.txt lines phrases to avoid (Vale.Avoid).

    Vocabulary entries are case-sensitive regexes. Two accepted lines that are one word to
    msgalign ('graphql', then 'GraphQL'): Vale keeps the last one's casing, and so does the import.
    """
    reason = f"Rejected in the Vale vocabulary {shown}."
    rule = harvest.rule.name if harvest.rule else ""
    severity = harvest.vale.levels.get(rule, _VALE_VOCAB_SEVERITY) if harvest.vale else _VALE_VOCAB_SEVERITY
    if harvest.vale is not None and below_min(severity, harvest.vale.min_level):
        harvest.skip(shown, f"its level ({severity}) is below MinAlertLevel in {harvest.vale.config}, so Vale "
                            "does not show it", whole_rule=True)
        return
    accepted: dict[tuple[str, ...], int] = {}  # form keys -> index in harvest.terms
    for number, raw in enumerate(text.splitlines(), start=1):
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        where = f"{shown}:{number}"
        _count_entry(harvest)
        forms = _expand(entry, where, harvest, ignore_case=False)
        kept = False
        for spelling, case in _spellings(forms or []):
            if not form_keys(spelling):
                harvest.skip(where, f"'{spelling}' has no letters or digits; msgalign matches words")
                continue
            kept = True
            if not accept:
                harvest.avoid.append(_AvoidDraft(spelling, reason, where, severity, rule,
                                                 "any" if case == "any" else "exact"))
                continue
            draft = _TermDraft(spelling, where, case=case, severity=severity, rule=rule)
            keys = form_keys(spelling)
            if keys in accepted:
                earlier = harvest.terms[accepted[keys]]
                if earlier.term != spelling:
                    harvest.warn(where, f"'{spelling}' and '{earlier.term}' ({earlier.origin}) are one word to "
                                        f"msgalign; Vale uses the last line's casing, so the term is '{spelling}'")
                harvest.terms[accepted[keys]] = replace(draft, origin=f"{earlier.origin}, {where}")
            else:
                accepted[keys] = len(harvest.terms)
                harvest.terms.append(draft)
        if kept:
            _count_converted(harvest)


def _count_entry(harvest: _Harvest) -> None:
    if harvest.rule is not None:
        harvest.rule.entries += 1


def _count_converted(harvest: _Harvest) -> None:
    if harvest.rule is not None:
        harvest.rule.converted += 1


def _spellings(forms: list[_Form]) -> list[tuple[str, str]]:
    """One spelling per term as msgalign matches it; 'case: any' when several casings were allowed.

    'Co[- ]?[Pp]ilot' is one term to msgalign ('Co-Pilot' and 'Co Pilot' read
    the same), so one vocabulary line never competes with itself.
    """
    kept = [form for form, _ in _drop_plurals([(form, "") for form in forms])]
    groups: dict[tuple[str, ...], list[_Form]] = {}
    for form in kept:
        groups.setdefault(form_keys(form.text) or (form.text.casefold(),), []).append(form)
    out = []
    for group in groups.values():
        texts = {form.text for form in group}
        any_case = len(texts) > len({t.casefold() for t in texts}) or any(form.folded for form in group)
        out.append((group[0].text, "any" if any_case else "exact"))
    return out


_VALE_TEXT_SCOPES = frozenset({"text", "paragraph", "sentence", "summary"})
"""Scopes that cover all prose (as a glossary entry does); any other scope narrows the rule."""


def _vale_rule_name(root: yaml.MappingNode, path: Path) -> str:
    """What Vale calls the rule: its folder (the style) and file name, 'Microsoft.Terms'."""
    named = (_text(_get(root, "name")) or "").strip()
    return named if "." in named else f"{path.parent.name}.{path.stem}"


def _vale_rule(root: yaml.MappingNode, path: Path, shown: str, harvest: _Harvest) -> None:
    extends = (_text(_get(root, "extends")) or "").strip()
    where = f"{shown}:{_key_line(root, 'extends')}"
    harvest.begin_rule(_vale_rule_name(root, path), shown)
    severity = _vale_severity(root, shown, harvest)
    harvest.sources.append(f"{shown} (Vale {extends or 'unknown'} rule)")
    if harvest.vale is not None and harvest.rule is not None:
        severity = harvest.vale.levels.get(harvest.rule.name, severity)
        if below_min(severity, harvest.vale.min_level):
            harvest.skip(where, f"its level ({severity}) is below MinAlertLevel in {harvest.vale.config}, so Vale "
                                "does not show it", whole_rule=True)
            return
    if extends not in ("substitution", "existence"):
        harvest.skip(where, f"Vale '{extends}' rules have no glossary equivalent", whole_rule=True)
        return
    scopes = [s.strip() for node in _items(_get(root, "scope")) for s in (_text(node) or "").split(",") if s.strip()]
    narrow = [s for s in scopes if s not in _VALE_TEXT_SCOPES]
    if narrow:
        harvest.skip(f"{shown}:{_key_line(root, 'scope')}",
                     f"'scope: {', '.join(narrow)}' limits the rule to part of a page, but glossary entries "
                     "apply to all prose", whole_rule=True)
        return
    rule = _ValeRule(
        name=harvest.rule.name if harvest.rule else "",
        severity=severity,
        ignore_case=_flag(_get(root, "ignorecase")),
        nonword=_flag(_get(root, "nonword")),
        message=" ".join((_text(_get(root, "message")) or "").split()),
        exceptions=tuple(e for n in _items(_get(root, "exceptions")) if (e := _text(n))),
    )
    if extends == "substitution":
        _vale_substitution(root, shown, rule, harvest)
    else:
        _vale_existence(root, shown, rule, harvest)


@dataclass(frozen=True)
class _ValeRule:
    """The settings of one Vale rule that decide what its entries mean."""

    name: str
    severity: str
    ignore_case: bool
    nonword: bool
    message: str
    exceptions: tuple[str, ...]

    @property
    def case(self) -> str:
        return "any" if self.ignore_case else "exact"

    def excepted(self, text: str) -> bool:
        """Vale leaves a match that is one of the rule's `exceptions` alone."""
        if self.ignore_case:
            return text.casefold() in {e.casefold() for e in self.exceptions}
        return text in self.exceptions

    def render(self, *values: str) -> str:
        """The rule's message with its '%s' filled in order, as Vale shows it."""
        message = self.message or f"Flagged by the Vale rule {self.name}."
        for value in values:
            message = message.replace("%s", value, 1)
        return message.replace("%s", values[-1] if values else "")


def _vale_severity(root: yaml.MappingNode, shown: str, harvest: _Harvest) -> str:
    level = (_text(_get(root, "level")) or _VALE_DEFAULT_LEVEL).strip().lower()
    if level not in _VALE_LEVELS:
        harvest.warn(f"{shown}:{_key_line(root, 'level')}", f"unknown Vale level '{level}'; used warning")
        return "warning"
    return _VALE_LEVELS[level]


_TRAILING_APOSTROPHE = re.compile(r"\w['’](?!\w)")


def _possessive(text: str) -> bool:
    """'Grafana's', 'Asserts'': msgalign reads a possessive as the bare word, so a form that ends in one
    would flag every use of the name. Inside a phrase ('all in a day's work') the other words keep it apart."""
    tokens = tokenize(text)
    if not tokens:
        return False
    last = tokens[-1]
    return last.end != last.start + len(last.text) or _TRAILING_APOSTROPHE.search(text.rstrip()[-3:]) is not None


# A quotation mark, not an apostrophe inside a word ("it's", "don't" are replacements).
_QUOTE = re.compile(r"[\"“”]|(?<!\w)['‘’]|['‘’](?!\w)")


def _is_message(value: str, rule: _ValeRule) -> bool:
    """A swap value that is advice, not a replacement: "Remove 'quite', as it's wordy.", or
    "because' or 'after" (two words quoted into the rule's message)."""
    if rule.message.strip() in ("%s", "'%s'", '"%s"'):
        return True
    return _QUOTE.search(value) is not None or value.rstrip().endswith((".", "!", "?", ":"))


_NONWORD = ("has 'nonword: true': Vale matches it without word boundaries (inside longer words, or by "
            "the spacing around it); msgalign matches whole words")


def _word_edges(pattern: str, form: _Form, rule: _ValeRule) -> bool:
    """With `nonword: true` Vale finds the pattern inside longer words too ('ly-' in 'quickly-'), unless
    the pattern itself starts and ends at a word boundary; msgalign only matches whole words."""
    if not rule.nonword:
        return True
    text, core = form.text, pattern.strip()
    starts = core.startswith(("\\b", "^")) or not text[:1].isalnum()
    ends = core.endswith(("\\b", "$")) or not text[-1:].isalnum()
    return starts and ends


def _vale_substitution(root: yaml.MappingNode, shown: str, rule: _ValeRule, harvest: _Harvest) -> None:
    """Each swap entry: rejected forms become variants of one preferred form (TM001, fixable); an entry
    whose value is advice or offers several words becomes phrases to avoid with that advice (TM005),
    so `--fix` never writes a message or picks among alternatives."""
    swap = _get(root, "swap")
    if swap is None or (isinstance(swap, yaml.ScalarNode) and swap.tag == _NULL_TAG):
        harvest.skip(shown, "the substitution rule has no 'swap' entries", whole_rule=True)
        return
    if not isinstance(swap, yaml.MappingNode):
        raise GlossaryImportError("'swap' must map each rejected form to the preferred one.",
                                  where=f"{shown}:{_line(swap)}")
    for key_node, value_node in swap.value:
        where = f"{shown}:{_line(key_node)}"
        _count_entry(harvest)
        pattern, value = _text(key_node), _text(value_node)
        if not pattern or not value or not value.strip():
            harvest.skip(where, "a swap entry must map text to text")
            continue
        if _vale_swap(pattern, " ".join(value.split()), where, rule, harvest):
            _count_converted(harvest)


_OPTIONAL_PLURAL = re.compile(r"(?<=\w)\(e?s\)")


def _vale_swap(pattern: str, value: str, where: str, rule: _ValeRule, harvest: _Harvest) -> bool:
    """One swap entry; True when something was carried over."""
    forms = _expand(pattern, where, harvest, ignore_case=rule.ignore_case, split_case=not rule.ignore_case)
    if not forms:
        return False
    if any(_possessive(f.text) for f in forms):
        harvest.skip(where, f"'{_short(pattern)}' is a possessive, which msgalign reads as the bare word "
                            "(it would flag every use of the word)")
        return False
    edged = [f for f in forms if _word_edges(pattern, f, rule)]
    if len(edged) < len(forms):
        harvest.skip(where, f"'{_short(pattern)}' {_NONWORD}")
        return False
    forms = [f for f in forms if not rule.excepted(f.text)]
    value = _OPTIONAL_PLURAL.sub("", value)  # 'bot(s)': msgalign finds the plural on its own
    choices = [choice.strip() for choice in value.split("|") if choice.strip()]
    if _is_message(value, rule):
        for phrase, case in _spellings(forms):
            if not form_keys(phrase):
                continue
            reason = value if rule.message.strip() in ("%s", "'%s'", '"%s"') else rule.render(value, phrase)
            harvest.avoid.append(_AvoidDraft(phrase, reason, where, rule.severity, rule.name,
                                             "any" if rule.ignore_case or case == "any" else "exact"))
        return True
    # Vale never checks the preferred word's own casing: only a key that differs from it in case alone
    # (the merge turns those into a casing rule). A case-sensitive key matches only as written.
    notes = (f"Vale also accepts: {', '.join(choices[1:])}",) if len(choices) > 1 else ()
    accepted = {choice if not rule.ignore_case else choice.casefold() for choice in choices[1:]}
    forms = [f for f in forms if (f.text if not rule.ignore_case else f.text.casefold()) not in accepted]
    folded = any(f.folded for f in forms)
    variant_case = "any" if rule.ignore_case or folded else "exact"
    kept = False
    for term, variants in _rewrites(forms, choices[0]):
        harvest.terms.append(_TermDraft(term, where, variants, _UNSAID, rule.severity, notes=notes, rule=rule.name,
                                        variant_case=variant_case))
        kept = True
    return kept


def _vale_existence(root: yaml.MappingNode, shown: str, rule: _ValeRule, harvest: _Harvest) -> None:
    """Each token becomes phrases to avoid with the rule's message as the reason.

    Vale reads `raw:` (joined) followed by `\b(?:token|...)\b` (`append: true` puts raw after), so
    a raw 'is |was ' before the token 'made' means 'is made' and 'was made', never 'made' alone.
    """
    tokens = _get(root, "tokens")
    raw_nodes = _items(_get(root, "raw"))
    token_nodes = list(tokens.value) if isinstance(tokens, yaml.SequenceNode) else []
    if not token_nodes and not raw_nodes:
        line = _key_line(root, "tokens") or _key_line(root, "extends")
        harvest.skip(f"{shown}:{line}", "an existence rule needs a 'tokens:' or 'raw:' list", whole_rule=True)
        return
    raw_forms: list[_Form] | None = None
    if raw_nodes:
        raw_where = f"{shown}:{_key_line(root, 'raw')}"
        raw_pattern = "".join(_text(n) or "" for n in raw_nodes)
        raw_forms = _expand(raw_pattern, raw_where, harvest, ignore_case=rule.ignore_case, keep_space=True)
        if raw_forms is None:
            if harvest.rule is not None:
                harvest.rule.entries += len(token_nodes) or 1
                harvest.rule.skipped.append(f"its raw: pattern '{_short(raw_pattern)}' cannot be spelled out")
            harvest.warn(raw_where, "the rule's tokens only count after its raw: pattern, which cannot be "
                                    "spelled out; skipped the rule")
            return
        if not token_nodes:  # a rule of raw alone: the raw pattern is the one entry
            _count_entry(harvest)
            if _vale_phrases(raw_forms, raw_pattern, raw_where, rule, harvest):
                _count_converted(harvest)
            return
    append = _flag(_get(root, "append"))
    for node in token_nodes:
        where = f"{shown}:{_line(node)}"
        _count_entry(harvest)
        token = _text(node)
        if not token:
            harvest.skip(where, "a token must be text")
            continue
        forms = _expand(token, where, harvest, ignore_case=rule.ignore_case, keep_space=True)
        if forms is None:
            continue
        if raw_forms is not None:
            forms = _joined(raw_forms, forms, append, rule)
        if _vale_phrases(forms, token, where, rule, harvest):
            _count_converted(harvest)


def _joined(raw: list[_Form], tokens: list[_Form], append: bool, rule: _ValeRule) -> list[_Form]:
    """raw + token (or token + raw): a word boundary sits at the token's edge unless `nonword`,
    so two letters glued across it ('is' + 'made' with no space) are no match at all."""
    out = []
    for left, right in ((t, r) for t in tokens for r in raw) if append else ((r, t) for r in raw for t in tokens):
        if not rule.nonword and left.text[-1:].isalnum() and right.text[:1].isalnum():
            continue
        out.append(left + right)
    return out


def _vale_phrases(forms: list[_Form], pattern: str, where: str, rule: _ValeRule, harvest: _Harvest) -> bool:
    """Phrases to avoid from the spelled-out forms of one entry; True when any was kept."""
    if any(_possessive(f.text) for f in forms):
        harvest.skip(where, f"'{_short(pattern)}' is a possessive, which msgalign reads as the bare word "
                            "(it would flag every use of the word)")
        return False
    if not all(_word_edges(pattern, f, rule) for f in forms):
        harvest.skip(where, f"'{_short(pattern)}' {_NONWORD}")
        return False
    cleaned = [replace(f, text=" ".join(f.text.split())) for f in forms if not rule.excepted(f.text.strip())]
    if forms and not cleaned:
        return True  # every form is one of the rule's exceptions: Vale never flags it, and neither will msgalign
    phrases = [(p, c) for p, c in _spellings([f for f in cleaned if f.text]) if form_keys(p)]
    if not phrases:
        harvest.skip(where, f"'{_short(pattern)}' has no letters or digits (punctuation and spacing rules are "
                            "not glossary entries)")
        return False
    for phrase, case in phrases:
        harvest.avoid.append(_AvoidDraft(phrase, rule.render(phrase), where, rule.severity, rule.name,
                                         "any" if rule.ignore_case or case == "any" else "exact"))
    return True


# --------------------------------------------------------------------------
# textlint-rule-terminology


def _strip_json_comments(text: str) -> str:
    """Blank out // and /* */ comments (terms.jsonc has them), keeping every line number."""
    out: list[str] = []
    i, n, in_string = 0, len(text), False
    while i < n:
        char = text[i]
        if in_string:
            step = 2 if char == "\\" else 1
            out.append(text[i : i + step])
            in_string = char != '"'
            i += step
        elif char == '"':
            in_string = True
            out.append(char)
            i += 1
        elif text.startswith("//", i) or text.startswith("/*", i):
            end = text.find("\n", i) if text[i + 1] == "/" else text.find("*/", i + 2)
            end = n if end < 0 else end + (2 if text[i + 1] == "*" else 0)
            out.append(re.sub(r"[^\n]", " ", text[i:end]))
            i = end
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _json_array(text: str, shown: str) -> list[tuple[object, int]]:
    """The items of a top-level JSON array with the line each starts on (json.loads loses them)."""
    clean = _strip_json_comments(text)
    decoder = json.JSONDecoder()
    pos = _skip_space(clean, 0)
    if not clean.startswith("[", pos):
        hint = (" If this is a .textlintrc, import the file named in its 'terms' option instead."
                if clean.startswith("{", pos) else "")
        raise GlossaryImportError(_UNKNOWN_FORMAT + hint, where=shown)
    _check_json_depth(clean, shown)
    items: list[tuple[object, int]] = []
    pos = _skip_space(clean, pos + 1)
    while not clean.startswith("]", pos):
        try:
            value, end = decoder.raw_decode(clean, pos)
        except json.JSONDecodeError as exc:
            raise GlossaryImportError(f"not valid JSON: {exc.msg}; fix it and import again.",
                                      where=f"{shown}:{exc.lineno}") from None
        except RecursionError:  # the depth check above should have caught it; never a traceback
            raise _too_deep(f"{shown}:{clean.count(chr(10), 0, pos) + 1}") from None
        items.append((value, clean.count("\n", 0, pos) + 1))
        pos = _skip_space(clean, end)
        if clean.startswith(",", pos):
            pos = _skip_space(clean, pos + 1)
        elif not clean.startswith("]", pos):
            line = clean.count("\n", 0, pos) + 1
            raise GlossaryImportError("not valid JSON: expected ',' or ']' after an item; fix it and import again.",
                                      where=f"{shown}:{line}")
    if _skip_space(clean, pos + 1) != len(clean):
        line = clean.count("\n", 0, pos) + 1
        raise GlossaryImportError("not valid JSON: text after the closing ']'.", where=f"{shown}:{line}")
    return items


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]')


def _check_json_depth(clean: str, shown: str) -> None:
    """Refuse JSON nested deeper than MAX_DEPTH before the (recursive) decoder reads it."""
    depth = 0
    for match in _JSON_TOKEN.finditer(clean):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(f"{shown}:{clean.count(chr(10), 0, match.start()) + 1}")
        elif token in "]}":
            depth -= 1


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _textlint_terms(items: list[tuple[object, int]], shown: str, harvest: _Harvest) -> None:
    """Strings are correct spellings; pairs map a case-insensitive regex to a replacement."""
    understood = 0
    for item, line in items:
        where = f"{shown}:{line}"
        _count_entry(harvest)
        before = len(harvest.terms)
        if isinstance(item, str) and item.strip():
            harvest.terms.append(_TermDraft(" ".join(item.split()), where))
        elif (pair := _pair(item)) is not None:
            pattern, replacement = pair
            _textlint_pair(pattern, replacement, where, harvest)
        else:
            harvest.skip(where, "an item must be a term or a [pattern, replacement] pair")
            continue
        if len(harvest.terms) > before:
            _count_converted(harvest)
        understood += 1
    if items and not understood:
        raise GlossaryImportError(_UNKNOWN_FORMAT, where=shown)


def _pair(item: object) -> tuple[str, str | list[str]] | None:
    """A `[pattern, replacement]` item as its two parts; None for anything else."""
    if not isinstance(item, list) or len(item) != 2:
        return None
    pattern, replacement = item
    if not isinstance(pattern, str):
        return None
    if isinstance(replacement, str) or (
            isinstance(replacement, list) and bool(replacement) and all(isinstance(r, str) for r in replacement)):
        return pattern, replacement
    return None


def _textlint_pair(pattern: str, replacement: str | list[str], where: str, harvest: _Harvest) -> None:
    slashed = _slash_regex(pattern)
    source = slashed[0] if slashed else pattern
    forms = _expand(source, where, harvest, ignore_case=True, written=pattern)  # textlint always uses 'i'
    if not forms:
        return
    if isinstance(replacement, str):
        # Like a Vale swap, a pair checks the replacement's own casing only where the pattern
        # matches it ('javascript' -> 'JavaScript'); ['Golang', 'Go'] says nothing about 'go'.
        for term, variants in _rewrites(forms, replacement):
            harvest.terms.append(_TermDraft(term, where, variants, case=_UNSAID))
        return
    # A list of replacements: textlint picks the one spelled like the match, so
    # each listed word is a casing rule of its own.
    choices = {choice.casefold(): choice for choice in replacement}
    for form in forms:
        if form.text.casefold() not in choices:
            harvest.warn(where, f"'{form.text}' matches the pattern but none of its replacements; skipped it")
    for choice in replacement:
        harvest.terms.append(_TermDraft(" ".join(choice.split()), where))


_SLASH_REGEX = re.compile(r"^/(.+)/([a-z]*)$", re.DOTALL)


def _slash_regex(text: str) -> tuple[str, str] | None:
    """'/Java[- ]?script/i' -> ('Java[- ]?script', 'i'); None for anything else."""
    match = _SLASH_REGEX.match(text.strip())
    return (match.group(1), match.group(2)) if match else None


# --------------------------------------------------------------------------
# prh


def _prh_file(root: yaml.MappingNode, path: Path, shown: str, harvest: _Harvest,
              ignored: frozenset[str], *, follow_imports: bool) -> None:
    version = _text(_get(root, "version"))
    if version is not None and version.strip() != "1":
        harvest.warn(shown, f"prh version {version} is unknown; read it as version 1")
    rules = _get(root, "rules")
    if isinstance(rules, yaml.SequenceNode):
        for node in rules.value:
            _prh_rule(node, shown, harvest, ignored)
    elif rules is not None and (_text(rules) is not None or isinstance(rules, yaml.MappingNode)):
        raise GlossaryImportError("'rules' must be a list of rules.", where=f"{shown}:{_line(rules)}")
    if follow_imports:
        for node in _items(_get(root, "imports")):
            _prh_import(node, path, shown, harvest, ignored)


def _prh_rule(node: yaml.Node, shown: str, harvest: _Harvest, ignored: frozenset[str]) -> None:
    where = f"{shown}:{_line(node)}"
    _count_entry(harvest)
    if not isinstance(node, yaml.MappingNode):
        harvest.skip(where, "a prh rule must be a mapping with 'expected'")
        return
    expected = " ".join((_text(_get(node, "expected")) or "").split())
    if not expected:
        harvest.skip(where, "a prh rule without 'expected'")
        return
    raw_patterns = [_text(p) or "" for p in _items(_get(node, "patterns") or _get(node, "pattern"))]
    if expected in ignored or ignored.intersection(raw_patterns):
        if harvest.rule is not None:
            harvest.rule.entries -= 1  # left out on purpose by the importing file's ignoreRules
        return
    comment = " ".join((_text(_get(node, "prh")) or "").split())
    notes = (f"prh: {comment}",) if comment else ()
    drafts = _prh_drafts(expected, raw_patterns, where, harvest)
    examples = _prh_specs(_get(node, "specs"), where, harvest)
    if examples and len(drafts) != 1:
        harvest.warn(where, "the rule's specs cannot be tied to a single term; left out of examples")
        examples = ()
    for draft in drafts:
        harvest.terms.append(replace(draft, examples=examples, notes=notes))
    if drafts:
        _count_converted(harvest)


def _prh_drafts(expected: str, raw_patterns: list[str], where: str, harvest: _Harvest) -> list[_TermDraft]:
    """Without patterns prh matches `expected` in any case: that is a casing rule."""
    if not raw_patterns:
        return [_TermDraft(expected, where)]
    forms: list[_Form] = []
    for raw in raw_patterns:
        slashed = _slash_regex(raw)
        if slashed:
            forms += _expand(slashed[0], where, harvest, ignore_case="i" in slashed[1], written=raw) or []
        elif raw.strip():
            forms.append(_Form(" ".join(raw.split())))
    return [_TermDraft(term, where, variants) for term, variants in _rewrites(forms, expected)]


def _prh_specs(node: yaml.Node | None, where: str, harvest: _Harvest) -> tuple[tuple[str, str], ...]:
    specs = []
    for spec in _items(node):
        source = _text(_get(spec, "from")) if isinstance(spec, yaml.MappingNode) else None
        target = _text(_get(spec, "to")) if isinstance(spec, yaml.MappingNode) else None
        if source is None or target is None:
            harvest.warn(f"{where.rsplit(':', 1)[0]}:{_line(spec)}", "a spec must have 'from' and 'to'; skipped")
            continue
        specs.append((source, target))
    return tuple(dict.fromkeys(specs))


def _prh_import(node: yaml.Node, importer: Path, importer_shown: str, harvest: _Harvest,
                ignored: frozenset[str]) -> None:
    """Follow `imports:` like prh does: relative to the importing file, with its ignoreRules."""
    where = f"{importer_shown}:{_line(node)}"
    follow = True
    if isinstance(node, yaml.MappingNode):
        target = _text(_get(node, "path"))
        follow = not _flag(_get(node, "disableImports"))
        ignored = ignored | _prh_ignored(_get(node, "ignoreRules"))
    else:
        target = _text(node)
    if not target:
        harvest.warn(where, "an import without a path; skipped")
        return
    if "\0" in target:
        harvest.warn(where, "an import path with a null character, which no file can have; skipped")
        return
    path = importer.parent / target
    if not _first_visit(path, harvest):
        return
    shown = _display(path)
    try:
        root = _yaml_root(_read_text(path, shown), shown)
    except GlossaryImportError as exc:
        raise GlossaryImportError(f"{exc.message} (imported at {where})", where=exc.where) from None
    if not isinstance(root, yaml.MappingNode) or _get(root, "rules") is None:
        raise GlossaryImportError(f"imported at {where} as prh rules, but it has no 'rules:' list.", where=shown)
    harvest.sources.append(f"{shown} (prh rules, imported by {importer_shown})")
    _prh_file(root, path, shown, harvest, ignored, follow_imports=follow)


def _prh_ignored(node: yaml.Node | None) -> frozenset[str]:
    names: set[str] = set()
    for item in _items(node):
        if isinstance(item, yaml.MappingNode):
            names.update(t for t in (_text(_get(item, "expected")), _text(_get(item, "pattern"))) if t)
        elif _text(item):
            names.add(_text(item) or "")
    return frozenset(names)


# --------------------------------------------------------------------------
# Spelling out regexes


class _Unsupported(Exception):
    """Why a pattern cannot be spelled out as a short list of plain forms."""


@dataclass(frozen=True)
class _Form:
    """One plain string a regex matches, with what each capture group held."""

    text: str
    groups: tuple[tuple[int, str], ...] = ()
    folded: bool = False  # a case class like [Oo] or (?i) stood for several casings

    def __add__(self, other: _Form) -> _Form:
        return _Form(self.text + other.text, self.groups + other.groups, self.folded or other.folded)


_EMPTY = _Form("")
_ANCHORS = frozenset("bAZzG")  # zero-width: glossary matching is whole-word already
_CHARACTER_SETS = {"d": "any digit", "D": "any non-digit", "w": "any word character",
                   "W": "any non-word character", "S": "any non-space character",
                   "B": "a position inside a word", "p": "a Unicode category", "P": "a Unicode category"}
_BOUNDED_REPEAT = re.compile(r"\{(\d+)(?:(,)(\d*))?\}")
_INLINE_FLAGS = re.compile(r"\?([a-zA-Z]*)(?:-[a-zA-Z]*)?([:)])")
_OPEN_SUFFIX = re.compile(r"\(\\w\*\)(?:\\b)?$")


def _check_size(count: int) -> None:
    if count > MAX_FORMS:
        raise _Unsupported(f"it spells out to more than {MAX_FORMS} forms")


class _Expander:
    """Spell out a regex as every plain string it matches, when there are few.

    A recursive-descent reader of the subset real vocabularies use: literals,
    escapes, character classes, groups, alternation, `?`, bounded `{m,n}` and
    inline `(?i)`. Anything open-ended or context-dependent (`.*`, `\\w`,
    look-arounds, back-references) raises `_Unsupported` with a reason.
    """

    def __init__(self, pattern: str, ignore_case: bool, split_case: bool = False) -> None:
        self.split_case = split_case  # '[Rr]' as two forms, for a case-sensitive source
        self.src = pattern
        self.pos = 0
        self.group_count = 0
        self.depth = 0
        self.ignore_case = ignore_case

    def expand(self) -> list[_Form]:
        forms = self._alternation()
        if self.pos < len(self.src):
            raise _Unsupported(f"unbalanced ')' at character {self.pos + 1}")
        return [replace(f, folded=True) for f in forms] if self.ignore_case else forms

    def _peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.src[index] if index < len(self.src) else ""

    def _alternation(self) -> list[_Form]:
        forms = self._sequence()
        while self._peek() == "|":
            self.pos += 1
            forms = forms + self._sequence()
            _check_size(len(forms))
        return forms

    def _sequence(self) -> list[_Form]:
        forms = [_EMPTY]
        while self._peek() not in ("", "|", ")"):
            start = self.pos
            atom = self._atom()
            atom = self._quantify(atom, self.src[start : self.pos])
            _check_size(len(forms) * len(atom))
            forms = [left + right for left in forms for right in atom]
        return forms

    def _atom(self) -> list[_Form]:
        char = self._peek()
        if char == "(":
            return self._group()
        if char == "[":
            return self._char_class()
        if char == "\\":
            escaped = self._escape(in_class=False)
            return [_EMPTY if escaped is None else _Form(escaped)]
        self.pos += 1
        if char in "^$":
            return [_EMPTY]
        if char == "." and self._peek() in ("*", "+", "?", "{"):
            raise _Unsupported(f"'.{self._peek()}' matches open-ended text")
        if char in "*+?":
            raise _Unsupported(f"'{char}' has nothing to repeat")
        return [_Form(char)]  # a lone '.' is read as a dot: 'Node.js' in a vocabulary means the dot

    def _quantify(self, atom: list[_Form], atom_src: str) -> list[_Form]:
        char = self._peek()
        if char == "?":
            self.pos += 1
            self._skip_lazy()
            return atom + [_EMPTY]
        if char in ("*", "+"):
            self.pos += 1
            self._skip_lazy()
            if all(f.text.isspace() for f in atom):
                # '\s+' or ' +': one space is how a person writes it; '\s*' may also be none
                return atom if char == "+" else atom + [_EMPTY]
            raise _Unsupported(f"'{atom_src}{char}' repeats without limit")
        if char == "{":
            match = _BOUNDED_REPEAT.match(self.src, self.pos)
            if match is None:
                return atom  # a literal '{', read as the next atom
            self.pos = match.end()
            self._skip_lazy()
            return self._repeat(atom, atom_src, match)
        return atom

    def _skip_lazy(self) -> None:
        if self._peek() in ("?", "+"):
            self.pos += 1

    def _repeat(self, atom: list[_Form], atom_src: str, match: re.Match[str]) -> list[_Form]:
        low = int(match.group(1))
        high = low if match.group(2) is None else (int(match.group(3)) if match.group(3) else None)
        if high is None or high > MAX_FORMS or high < low:
            raise _Unsupported(f"'{atom_src}{match.group(0)}' repeats too often to spell out")
        result: list[_Form] = []
        for count in range(high, low - 1, -1):
            forms = [_EMPTY]
            for _ in range(count):
                _check_size(len(forms) * len(atom))
                forms = [left + right for left in forms for right in atom]
            result += forms
            _check_size(len(result))
        return result

    def _group(self) -> list[_Form]:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Unsupported(f"its groups nest deeper than {MAX_DEPTH} levels")
        try:
            return self._group_body()
        finally:
            self.depth -= 1

    def _group_body(self) -> list[_Form]:
        self.pos += 1
        capture, fold = True, False
        if self._peek() == "?":
            head = self.src[self.pos : self.pos + 3]
            if head.startswith("?:"):
                self.pos += 2
                capture = False
            elif head.startswith(("?=", "?!", "?<=", "?<!")):
                raise _Unsupported("look-around assertions depend on the surrounding text")
            elif head.startswith(("?P<", "?<")):
                close = self.src.find(">", self.pos)
                if close < 0:
                    raise _Unsupported("a named group is never closed")
                self.pos = close + 1
            elif head.startswith("?P="):
                raise _Unsupported("back-references depend on the matched text")
            else:
                match = _INLINE_FLAGS.match(self.src, self.pos)
                if match is None or set(match.group(1)) - set("imsu"):
                    raise _Unsupported(f"the group '({head}' is not supported")
                self.pos = match.end()
                if match.group(2) == ")":  # '(?i)' applies to the whole pattern
                    self.ignore_case = self.ignore_case or "i" in match.group(1)
                    return [_EMPTY]
                capture, fold = False, "i" in match.group(1)
        index = 0
        if capture:
            self.group_count += 1
            index = self.group_count
        inner = self._alternation()
        if self._peek() != ")":
            raise _Unsupported("'(' is never closed")
        self.pos += 1
        if fold:
            inner = [replace(f, folded=True) for f in inner]
        if capture:
            inner = [replace(f, groups=f.groups + ((index, f.text),)) for f in inner]
        return inner

    def _char_class(self) -> list[_Form]:
        start = self.pos
        self.pos += 1
        if self._peek() == "^":
            raise _Unsupported("a negated class '[^...]' matches almost anything")
        chars: list[str] = []
        while True:
            char = self._peek()
            if char == "":
                raise _Unsupported("'[' is never closed")
            if char == "]" and self.pos > start + 1:
                self.pos += 1
                break
            low = self._class_char()
            if self._peek() == "-" and self._peek(1) not in ("]", ""):
                self.pos += 1
                high = self._class_char()
                if not 0 <= ord(high) - ord(low) < MAX_FORMS:
                    raise _Unsupported(f"the range '{low}-{high}' stands for too many characters")
                chars.extend(chr(code) for code in range(ord(low), ord(high) + 1))
            else:
                chars.append(low)
        distinct = list(dict.fromkeys(chars))
        if len(distinct) > 1 and len({c.casefold() for c in distinct}) == 1 and not self.split_case:
            return [_Form(distinct[0], folded=True)]  # '[Oo]': one letter in either case
        _check_size(len(distinct))
        return [_Form(c) for c in distinct]

    def _class_char(self) -> str:
        if self._peek() == "\\":
            return self._escape(in_class=True) or ""
        char = self._peek()
        self.pos += 1
        return char

    def _escape(self, in_class: bool) -> str | None:
        """One escape as its character; None for a zero-width anchor such as '\\b'."""
        char = self._peek(1)
        if not char:
            raise _Unsupported("the pattern ends with '\\'")
        self.pos += 2
        if char == "s":
            return " "
        if char in _CHARACTER_SETS:
            raise _Unsupported(f"'\\{char}' matches {_CHARACTER_SETS[char]}, not one spelling")
        if char in _ANCHORS and not in_class:
            return None
        if char in ("x", "u"):
            width = 2 if char == "x" else 4
            digits = self.src[self.pos : self.pos + width]
            if len(digits) != width or not all(d in string.hexdigits for d in digits):
                raise _Unsupported(f"'\\{char}{digits}' is not a valid escape")
            self.pos += width
            return chr(int(digits, 16))
        if char.isdigit() or char == "k":
            raise _Unsupported("back-references depend on the matched text")
        if char.isalnum():
            raise _Unsupported(f"'\\{char}' is not supported")
        return char


def _expand(pattern: str, where: str, harvest: _Harvest, *, ignore_case: bool,
            written: str | None = None, split_case: bool = False, keep_space: bool = False) -> list[_Form] | None:
    """The plain forms of a regex, or None after a warning saying why there are none.

    `written` is the pattern as the source spells it ('/Java[- ]?script/i'),
    so the warning quotes what the reviewer will search for.
    """
    written = written or pattern
    # A trailing '(\w*)' only carries a word's ending along ('front[- ]end(\w*)');
    # msgalign's matching is inflection-aware, so an empty ending says the same.
    source = _OPEN_SUFFIX.sub("()", pattern.strip())
    try:
        forms = _Expander(source, ignore_case, split_case).expand()
    except _Unsupported as why:
        harvest.warn(where, f"regex '{_short(written)}' cannot be turned into a plain term; skipped ({why})")
        _tally(harvest, f"regex '{_short(written, 40)}' cannot be spelled out ({why})")
        return None
    except RecursionError:  # the group depth limit should have caught it; never a traceback
        harvest.warn(where, f"regex '{_short(written)}' nests too deeply to read; skipped")
        _tally(harvest, f"regex '{_short(written, 40)}' nests too deeply")
        return None
    if keep_space:  # the spacing at the edges still tells where words meet
        cleaned = [f for f in forms if f.text.strip()]
    else:
        cleaned = [replace(f, text=" ".join(f.text.split())) for f in forms]
        cleaned = [f for f in cleaned if f.text]
    if not cleaned:
        harvest.warn(where, f"regex '{written}' matches only empty text; skipped")
        _tally(harvest, f"regex '{_short(written, 40)}' matches only empty text")
        return None
    return cleaned



def _base_forms(word: str) -> list[str]:
    """The plain word a plural comes from, where English spells it plainly: 'indexes' -> 'index',
    'HTTPs' -> 'HTTP'. Only endings that leave a real word behind ('-es' after s, x, z, ch, sh;
    an acronym's 's'); other endings are too often part of the word to tell."""
    low = word.lower()
    if low.endswith("es") and len(low) > 4 and low[:-2].endswith(("x", "z", "ch", "sh")):
        return [word[:-2]]
    if word.endswith("s") and len(word) > 2 and word[:-1].isalpha() and word[:-1].isupper():
        return [word[:-1]]
    for suffix, cut in (("ing", 3), ("ed", 2)):  # 'existing' also matches 'exist', 'disabled' 'disable'
        if low.endswith(suffix) and len(low) > cut + 3 and not low.endswith("eed"):
            stem = word[:-cut]
            doubled = len(stem) > 1 and stem[-1].lower() == stem[-2].lower()  # 'labell-': no word ends so
            return [stem] if doubled else [stem, stem + "e"]
    return []


def _inflected_alone(text: str, others: set[str]) -> str | None:
    """The plain form msgalign would also flag when the source names only an inflected one
    ('indexes' for a rule that wants 'indices' but leaves 'index' alone); None when the source
    names that plain form too, or the text ends in no inflection."""
    tokens = tokenize(text)
    if len(tokens) != 1:  # in a phrase, the other words keep the match specific
        return None
    last = tokens[-1]
    word = text[last.start: last.start + len(last.text)]
    bases = [b for b in _base_forms(word) if form_keys(b) == form_keys(word)]
    wholes = [text[: last.start] + b + text[last.start + len(word):] for b in bases]
    if not wholes or any(w.casefold() in others for w in wholes):
        return None
    return wholes[0]


def _same_ending(variant: str, term: str) -> bool:
    """Both end in -ing, or both in -ed: the rule is about spelling, not about which form to use."""
    a, b = variant.lower().rstrip(), term.lower().rstrip()
    return any(a.endswith(suffix) and b.endswith(suffix) for suffix in ("ing", "ed"))


def _drop_lone_inflections(harvest: _Harvest, terms: int, avoid: int) -> None:
    """Variants and phrases a rule names only in an inflected form are skipped, with a warning:
    msgalign matches every form of a word, so 'indexes' would also flag 'index', and 'HTTPs' 'HTTP'."""
    drafts_t, drafts_a = harvest.terms[terms:], harvest.avoid[avoid:]
    written = {" ".join(t.split()).casefold() for d in harvest.terms for t in (d.term, *d.variants)}
    written |= {" ".join(d.phrase.split()).casefold() for d in harvest.avoid}

    def lone(text: str, where: str, term: str = "") -> bool:
        if term and text.casefold() == term.casefold():
            return False  # a casing rule, not a variant
        if term and _same_ending(text, term):
            return False  # a spelling rule ('labelled' -> 'labeled'): the plain forms map alike
        base = _inflected_alone(" ".join(text.split()), written)
        if base is None:
            return False
        plural = text.lower().endswith("es") or (text.endswith("s") and base.isupper())
        plain = f"'{base}'" if plural else "its plain form"
        why = (f"'{text}' is an inflected form, and msgalign matches every form of a word: it would also "
               f"flag {plain}, which the rule leaves alone")
        harvest.warn(where, f"{why}; skipped")
        _tally(harvest, why)
        return True

    kept_t = [(d, replace(d, variants=tuple(v for v in d.variants if not lone(v, d.origin, d.term))))
              for d in drafts_t]
    # A replacement that carried only skipped variants (and checks no casing of its own) says nothing.
    harvest.terms[terms:] = [new for old, new in kept_t if new.variants or not old.variants or new.case != _UNSAID]
    harvest.avoid[avoid:] = [d for d in drafts_a if not lone(d.phrase, d.origin)]

def _tally(harvest: _Harvest, why: str) -> None:
    if harvest.rule is not None:
        harvest.rule.skipped.append(why)


def _short(text: str, limit: int = 80) -> str:
    """A pattern as a warning quotes it: whole, or its start when it is longer than a line."""
    return text if len(text) <= limit else text[:limit] + "…"


_GROUP_REF = re.compile(r"\$(?:(\d{1,2})|\{(\d{1,2})\}|(&)|(\$))")


def _substitute(template: str, form: _Form) -> str:
    """Fill '$1', '${1}', '$&' and '$$' the way JavaScript's and Go's replace do."""
    groups = dict(form.groups)

    def one(match: re.Match[str]) -> str:
        if match.group(4):
            return "$"
        if match.group(3):
            return form.text
        return groups.get(int(match.group(1) or match.group(2)), "")

    return " ".join(_GROUP_REF.sub(one, template).split())


def _rewrites(forms: list[_Form], template: str) -> list[tuple[str, tuple[str, ...]]]:
    """Group the forms by the term they are rewritten to: [(term, variants), ...].

    A form spelled exactly like its term is kept only when it was matched
    case-insensitively: then the source flags the term's other casings, which
    the merge turns into a casing rule.
    """
    referenced = {int(a or b) for a, b, *_ in _GROUP_REF.findall(template) if a or b}
    if referenced:
        # Optional groups fed into the replacement ('site(s)?' -> 'site$1') only
        # inflect; msgalign matches inflections itself, so keep the bare forms.
        # Not when the group makes another word ('copy[- ]past(e|ed)?': 'past' is no form of 'paste').
        bare = [f for f in forms if not any(dict(f.groups).get(i) for i in referenced)]
        matcher: FormMatcher[int] = FormMatcher()
        for number, form in enumerate(bare):
            matcher.add(form.text, number)
        if bare and all(matcher.full_matches(f.text) for f in forms):
            forms = bare
    grouped: dict[str, list[str]] = {}
    for form, term in _drop_plurals([(f, _substitute(template, f)) for f in forms]):
        if not term:
            continue
        variants = grouped.setdefault(term, [])
        if (form.text != term or form.folded) and form.text not in variants:
            variants.append(form.text)
    return [(term, tuple(variants)) for term, variants in grouped.items()]


def _drop_plurals(pairs: list[tuple[_Form, str]]) -> list[tuple[_Form, str]]:
    """'widgets?' is 'widget': msgalign finds the plural on its own."""
    present = {(form.text, term) for form, term in pairs}

    def plural_copy(text: str, term: str) -> bool:
        for suffix in ("s", "es"):
            stem = text[: -len(suffix)]
            if text.endswith(suffix) and stem and (
                (stem, term) in present or (term.endswith(suffix) and (stem, term[: -len(suffix)]) in present)
            ):
                return True
        return False

    return [(form, term) for form, term in pairs if not plural_copy(form.text, term)]


# --------------------------------------------------------------------------
# Merging


@dataclass
class _Entry:
    """One glossary term being assembled from every source that names it."""

    term: str
    keys: tuple[str, ...]  # how msgalign's matcher sees the term
    case: str
    severity: str | None
    origins: list[str]
    variants: list[tuple[str, str]]  # (variant, origin)
    examples: list[tuple[str, str]]
    notes: list[str]
    case_conflict: bool = False  # reported once per term, not once per source line
    rules: list[str] = field(default_factory=list)
    variant_case: str = "any"


@dataclass
class _AvoidEntry:
    phrase: str
    keys: tuple[str, ...]
    reason: str
    severity: str | None
    origins: list[str]
    rules: list[str] = field(default_factory=list)
    case: str = "any"


def _as_casing_rule(draft: _TermDraft) -> _TermDraft:
    """A variant that only differs in case means the source enforces the term's casing."""
    folded = draft.term.casefold()
    kept = tuple(dict.fromkeys(v for v in draft.variants if v.casefold() != folded))
    if len(kept) == len(draft.variants):
        return draft
    return replace(draft, variants=kept, case="exact")


def _merge_terms(harvest: _Harvest) -> list[_Entry]:
    """One entry per term as msgalign matches it; sorted by term, ignoring case."""
    entries: dict[tuple[str, ...], _Entry] = {}
    for draft in harvest.terms:
        keys = form_keys(draft.term)
        if not keys:
            harvest.warn(draft.origin, f"'{draft.term}' has no letters or digits, so it cannot be a term; skipped")
            continue
        draft = _as_casing_rule(draft)
        entry = entries.get(keys)
        if entry is None:
            entries[keys] = _Entry(draft.term, keys, draft.case, draft.severity, [draft.origin],
                                   [(v, draft.origin) for v in draft.variants], list(draft.examples),
                                   list(draft.notes), rules=[draft.rule] if draft.rule else [],
                                   variant_case=draft.variant_case)
        else:
            _absorb(entry, draft, harvest)
    merged = list(entries.values())
    _settle_variants(merged, harvest)
    return sorted(merged, key=lambda e: (e.term.casefold(), e.term))


def _absorb(entry: _Entry, draft: _TermDraft, harvest: _Harvest) -> None:
    if draft.term != entry.term:
        harvest.warn(draft.origin, f"'{draft.term}' is the same term as '{entry.term}' ({entry.origins[0]}) to "
                                   f"msgalign, which ignores case and inflection; merged into '{entry.term}'")
    if entry.case == _UNSAID or draft.case == _UNSAID:
        entry.case = entry.case or draft.case
    elif draft.case != entry.case:
        if not entry.case_conflict:
            harvest.warn(draft.origin, f"'{entry.term}' is case: {draft.case} here but case: {entry.case} at "
                                       f"{entry.origins[0]}; kept case: exact")
            entry.case_conflict = True
        entry.case = "exact"
    entry.severity = _stricter(entry.severity, draft.severity)
    if draft.origin not in entry.origins:
        entry.origins.append(draft.origin)
    if draft.rule and draft.rule not in entry.rules:
        entry.rules.append(draft.rule)
    if draft.variants and draft.variant_case != entry.variant_case:
        if entry.variants:
            harvest.warn(draft.origin, f"'{entry.term}': some rules match its variants only as written, others in "
                                       "any case; kept any case")
            entry.variant_case = "any"
        else:
            entry.variant_case = draft.variant_case
    entry.variants += [(v, draft.origin) for v in draft.variants]
    entry.examples += [e for e in draft.examples if e not in entry.examples]
    entry.notes += [n for n in draft.notes if n not in entry.notes]


def _stricter(left: str | None, right: str | None) -> str | None:
    if left is None or right is None:
        return left or right
    return left if _SEVERITY_RANK[left] >= _SEVERITY_RANK[right] else right


def _settle_variants(entries: list[_Entry], harvest: _Harvest) -> None:
    """Keep each variant once, under one term, and never one that is a term itself.

    `load_glossary` rejects a variant that reads as a term, so the conflict is
    reported here where the reviewer can still see both sources.
    """
    terms = {entry.keys: entry for entry in entries}
    claimed: dict[tuple[str, ...], _Entry] = {}
    for entry in entries:
        kept: list[tuple[str, str]] = []
        for variant, origin in entry.variants:
            keys = form_keys(variant)
            owner, other = claimed.get(keys), terms.get(keys)
            if not keys:
                harvest.warn(origin, f"variant '{variant}' has no letters or digits; skipped")
            elif other is entry and _separators_only(variant, entry.term):
                kept.append((variant, origin))  # 'kebab case' for 'kebab-case': msgalign tells them apart
            elif other is entry:
                harvest.warn(origin, f"variant '{variant}' reads as the term '{entry.term}' itself to msgalign, "
                                     "which ignores inflection; dropped")
            elif other is not None:
                harvest.warn(origin, f"'{variant}' is a variant of '{entry.term}' but also a term in its own right "
                                     f"({other.origins[0]}); dropped the variant, decide which is meant")
            elif owner is not None and owner is not entry:
                harvest.warn(origin, f"'{variant}' is a variant of both '{owner.term}' and '{entry.term}'; "
                                     f"kept it under '{owner.term}'")
            elif owner is None:
                claimed[keys] = entry
                kept.append((variant, origin))
            elif entry.variant_case == "exact" and _letters(variant) not in {_letters(v) for v, _ in kept}:
                kept.append((variant, origin))  # 'Readme' and 'readme': as written, each is a form of its own
        entry.variants = kept


def _separators_only(variant: str, term: str) -> bool:
    """'kebab case', 'Node js' for 'kebab-case', 'Node.js': the same words joined another way, which
    msgalign's matcher tells apart (an inflection or a trailing mark it does not)."""
    matcher: FormMatcher[int] = FormMatcher()
    matcher.add(term, 0)
    found = matcher.full_matches(variant)
    return not any(m.same_gaps or any(m.labels) for m in found)


def _letters(text: str) -> str:
    return "".join(c for c in text if c.isalpha())


def _merge_avoid(harvest: _Harvest, terms: list[_Entry]) -> list[_AvoidEntry]:
    """One entry per phrase; a phrase that is also a term or variant is flagged, not dropped."""
    term_forms = {e.keys: e.term for e in terms}
    term_forms.update({form_keys(v): e.term for e in terms for v, _ in e.variants})
    entries: dict[tuple[str, ...], _AvoidEntry] = {}
    for draft in harvest.avoid:
        keys = form_keys(draft.phrase)
        if not keys:
            harvest.warn(draft.origin, f"'{draft.phrase}' has no letters or digits; skipped")
            continue
        if keys in term_forms and keys not in entries:
            harvest.warn(draft.origin, f"'{draft.phrase}' is to be avoided but is also a form of the term "
                                       f"'{term_forms[keys]}'; msgalign will treat it as the term")
        entry = entries.get(keys)
        if entry is None:
            entries[keys] = _AvoidEntry(draft.phrase, keys, draft.reason, draft.severity, [draft.origin],
                                        [draft.rule] if draft.rule else [], draft.case)
            continue
        entry.severity = _stricter(entry.severity, draft.severity)
        if draft.origin not in entry.origins:
            entry.origins.append(draft.origin)
        if draft.rule and draft.rule not in entry.rules:
            entry.rules.append(draft.rule)
        if entry.case == "exact" and (draft.case != "exact" or draft.phrase != entry.phrase):
            if draft.phrase.casefold() == entry.phrase.casefold() and draft.phrase != entry.phrase:
                harvest.warn(draft.origin, f"'{draft.phrase}' and '{entry.phrase}' are avoided as written, but "
                                           "msgalign keeps one casing per phrase; it flags them in any case")
            entry.case = "any"
    return sorted(entries.values(), key=lambda a: (a.phrase.casefold(), a.phrase))


def _drop_failing_examples(terms: list[_Entry], avoid: list[_AvoidEntry], harvest: _Harvest) -> None:
    """Run each example the way `load_glossary` will; a failing one would stop every msgalign run."""
    if not any(entry.examples for entry in terms):
        return
    glossary = Glossary(
        terms=tuple(Term(term=e.term, variants=tuple(v for v, _ in e.variants), case=e.case or "any",
                         variant_case=e.variant_case) for e in terms),
        avoid=tuple(AvoidPhrase(phrase=a.phrase, case=a.case) for a in avoid),
    )
    index = TermIndex(glossary)
    for entry in terms:
        kept = []
        for source, target in entry.examples:
            got = index.fix_text(source)
            if got == target:
                kept.append((source, target))
            else:
                harvest.warn(entry.origins[0], f"the example '{source}' -> '{target}' does not hold in msgalign "
                                               f"(it gives '{got}'); left out of examples")
        entry.examples = kept


# --------------------------------------------------------------------------
# Rendering


class _Dumper(yaml.SafeDumper):
    """Block style for entries, one line for lists of words: what a reviewer scans fastest."""

    def ignore_aliases(self, data: object) -> bool:
        return True


class _Inline(list[str]):
    """A list written on one line: `variants: [a, b]`."""


class _InlineMap(dict[str, str]):
    """A mapping written on one line: `{from: ..., to: ...}`."""


_Dumper.add_representer(
    _Inline, lambda d, data: d.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True))
_Dumper.add_representer(
    _InlineMap, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True))


def _render(sources: list[str], terms: list[_Entry], avoid: list[_AvoidEntry]) -> str:
    lines = ["# Glossary drafted by `msgalign glossary import` from:"]
    lines += [f"#   - {_one_line(source)}" for source in sources]
    lines += ["# Review every entry before adding this file to glossary/: write the",
              "# definitions marked TODO and check each note.", ""]
    lines.append("terms:" if terms else "terms: []")
    for entry in terms:
        lines += ["  # TODO: definition", f"  # from {', '.join(entry.origins)}"]
        lines += [f"  # {_one_line(note)}" for note in entry.notes]
        lines += _dump_item(_term_mapping(entry))
    lines += ["", "avoid:" if avoid else "avoid: []"]
    for phrase in avoid:
        lines.append(f"  # from {', '.join(phrase.origins)}")
        lines += _dump_item(_avoid_mapping(phrase))
    return "\n".join(lines) + "\n"


def _term_mapping(entry: _Entry) -> dict[str, object]:
    """Keys in the order of SPEC §2.2, leaving out what no source said."""
    mapping: dict[str, object] = {"term": entry.term}
    if entry.variants:
        mapping["variants"] = _Inline(v for v, _ in entry.variants)
    mapping["case"] = entry.case or "any"
    if entry.variant_case != "any" and entry.variants:
        mapping["variant_case"] = entry.variant_case
    if entry.severity:
        mapping["severity"] = entry.severity
    if entry.rules:
        mapping["rule"] = ", ".join(entry.rules)
    if entry.examples:
        mapping["examples"] = [_InlineMap({"from": s, "to": t}) for s, t in entry.examples]
    return mapping


def _avoid_mapping(entry: _AvoidEntry) -> dict[str, object]:
    mapping: dict[str, object] = {"phrase": entry.phrase, "reason": entry.reason}
    if entry.case != "any":
        mapping["case"] = entry.case
    if entry.severity:
        mapping["severity"] = entry.severity
    if entry.rules:
        mapping["rule"] = ", ".join(entry.rules)
    return mapping


def _dump_item(mapping: dict[str, object]) -> list[str]:
    text = yaml.dump([mapping], Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=_WIDE)
    return ["  " + line for line in text.splitlines()]


def _one_line(text: str) -> str:
    return " ".join(text.split())
