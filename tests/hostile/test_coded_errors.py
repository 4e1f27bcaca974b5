"""Whatever a user writes, the outcome is a result or a coded error: never "internal error".

Hypothesis writes random msgalign.toml files (the valid keys with values of every
TOML type), random glossary YAML (the valid keys with random structures), random
narrative.md files and random `glossary import` sources, and runs the real loaders;
a handful go through the CLI (`check --select TM001`). Each outcome must be success
or a MsgalignError subclass that names the file, never another exception.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from msgalign.api import load_config
from msgalign.authoring.importer import import_glossary
from msgalign.cli import main
from msgalign.errors import MsgalignError
from msgalign.glossary.load import AVOID_KEYS, TERM_KEYS, load_glossary
from msgalign.nlp.pipeline import MAX_SPACY_CHARS, spacy_text, spacy_texts
from msgalign.workspace.config import CHANNEL_KEYS, MODEL_KEYS, TOP_KEYS
from msgalign.workspace.narrative import load_narrative

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.data_too_large])
CLI_FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.data_too_large])


def outcome(run: Callable[[], object], file: Path | None) -> MsgalignError | None:
    """Run a loader: None on success, the coded error otherwise (which must name `file`, when given)."""
    try:
        run()
    except MsgalignError as exc:
        assert re.fullmatch(r"E\d{3}", exc.code)
        assert file is None or (exc.where is not None and file.name in exc.where), exc
        return exc
    return None


# --------------------------------------------------------------------------- random values

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_WORDS = st.sampled_from(["", " ", "error", "warning", "info", "fatal", "5 MB", "0 MB", "-1", "TM001", "tm003",
                          "corpus", "glossary", "**/*.md", "exact", "any", "Revenue Workspace", "a\u0000b",
                          "nan", "1e999 GB", "../x", "/", "{#id}"])
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True), _WORDS, _TEXT,
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 1, 1)),
)


def values(keys: list[str]) -> st.SearchStrategy[Any]:
    """Any nesting of scalars, lists and mappings whose keys are mostly the ones a loader reads."""
    key = st.one_of(st.sampled_from(keys), _TEXT.filter(bool)) if keys else _TEXT.filter(bool)
    return st.recursive(_SCALARS, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(key, inner, max_size=4)), max_leaves=12)


# --------------------------------------------------------------------------- msgalign.toml

_CONFIG_KEYS = sorted(TOP_KEYS | CHANNEL_KEYS | MODEL_KEYS | {"website", "deck", "email", "sales", "marketing",
                                                              "TM001", "TM003", "NA001-min-words", "AC001"})


def _toml_string(text: str) -> str:
    escaped = json.dumps(text, ensure_ascii=False)
    return re.sub(r"[\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def toml_value(value: Any) -> str:
    """A value as TOML writes it inline; None (which TOML lacks) as an empty array."""
    if value is None:
        return "[]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{_toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_document(table: dict[str, Any]) -> str:
    """Scalars and lists first, then each mapping as a [section] (its own mappings as [section.sub])."""
    lines = [f"{_toml_key(k)} = {toml_value(v)}" for k, v in table.items() if not isinstance(v, dict)]
    for key, value in table.items():
        if isinstance(value, dict):
            lines.append(f"\n[{_toml_key(key)}]")
            lines += [f"{_toml_key(k)} = {toml_value(v)}" for k, v in value.items() if not isinstance(v, dict)]
            for sub, inner in value.items():
                if isinstance(inner, dict):
                    lines.append(f"\n[{_toml_key(key)}.{_toml_key(sub)}]")
                    lines += [f"{_toml_key(k)} = {toml_value(v)}" for k, v in inner.items()]
    return "\n".join(lines) + "\n"


_CONFIGS = st.dictionaries(st.sampled_from(sorted(TOP_KEYS)), values(_CONFIG_KEYS), max_size=6)


def _check_config(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "msgalign.toml"
        path.write_text(text, encoding="utf-8")
        error = outcome(lambda: load_config(start=Path(tmp)), path)
        if error is not None:
            assert error.code == "E101", error


@FUZZ
@given(_CONFIGS)
def test_random_config_values_are_loaded_or_a_config_error(table: dict[str, Any]) -> None:
    _check_config(toml_document(table))


@FUZZ
@given(st.text(st.sampled_from("[]{}=\"'.,#\n abc15-+:TM001channels"), max_size=80))
def test_random_config_text_is_loaded_or_a_config_error(text: str) -> None:
    _check_config(text)


# --------------------------------------------------------------------------- glossary YAML

_GLOSSARY_KEYS = sorted(TERM_KEYS | AVOID_KEYS | {"terms", "avoid", "from", "to"})
_ENTRY = st.dictionaries(st.sampled_from(sorted(TERM_KEYS | AVOID_KEYS)), values(_GLOSSARY_KEYS), max_size=5)
_GLOSSARIES = st.one_of(
    st.fixed_dictionaries({}, optional={"terms": st.one_of(st.lists(st.one_of(_ENTRY, values([])), max_size=4),
                                                           values(_GLOSSARY_KEYS)),
                                        "avoid": st.one_of(st.lists(st.one_of(_ENTRY, _WORDS), max_size=4),
                                                           values(_GLOSSARY_KEYS))}),
    values(_GLOSSARY_KEYS),
)
_YAML_NOISE = st.sampled_from(["\t", ":", "- ", "[", "]", "{", "}", "&a ", "*a", "!!int ", "---\n", "? ", "|",
                               "\n", "'", '"', "%YAML 1.1\n", "<<: ", "2024-13-45", "\ufeff"])


@st.composite
def noisy(draw: st.DrawFn, text: str) -> str:
    """The text with a few YAML-significant characters put in at random places."""
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(_YAML_NOISE) + text[at:]
    return text


@st.composite
def glossary_texts(draw: st.DrawFn) -> str:
    text = yaml.safe_dump(draw(_GLOSSARIES), allow_unicode=True, sort_keys=False)
    return draw(st.one_of(st.just(text), noisy(text)))


@FUZZ
@given(glossary_texts())
def test_random_glossaries_load_or_are_a_glossary_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "terms.yml"
        path.write_text(text, encoding="utf-8")
        error = outcome(lambda: load_glossary([path]), path)
        if error is not None:
            assert error.code == "E201", error


# --------------------------------------------------------------------------- narrative.md

_NARRATIVE_LINES = st.one_of(
    st.sampled_from(["## Pillar: One set of numbers {#one}", "## Pillar:", "## Pillar: {#x}", "## Pillar: Two",
                     "## Pillar: Dup {#one}", "# Positioning", "## Positioning", "Proof points:", "**Proof points**",
                     "- Churn fell 9% in a year.", "---", "...", "", "### Detail", "Every team quotes one number."]),
    _TEXT,
)


@st.composite
def narratives(draw: st.DrawFn) -> str:
    lines = draw(st.lists(_NARRATIVE_LINES, max_size=12))
    if draw(st.booleans()):
        front = draw(st.dictionaries(st.sampled_from(["company", "product", "icp", "other"]), values([]),
                                     max_size=4))
        matter = yaml.safe_dump(front, allow_unicode=True) if front else ""
        lines = ["---", *draw(noisy(matter)).splitlines(), *(["---"] if draw(st.booleans()) else []), *lines]
    return "\n".join(lines) + "\n"


@FUZZ
@given(narratives())
def test_random_narratives_load_or_are_a_narrative_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "narrative.md"
        path.write_text(text, encoding="utf-8")
        error = outcome(lambda: load_narrative(path), path)
        if error is not None:
            assert error.code == "E301", error


@pytest.mark.parametrize(("text", "expected"), [
    ("---\ncompany: 42\n---\n", "[E301] narrative.md:2: 'company' must be one line of text, got the number 42; "
                               "quote it if it is meant as text (company: \"...\")."),
    ("---\nproduct: P\nicp: [a, b]\n---\n", "[E301] narrative.md:3: 'icp' must be one line of text, got a list;"),
    ("---\ncompany: {name: Acme}\n---\n", "[E301] narrative.md:2: 'company' must be one line of text, got a mapping"),
    ("---\ncompany: 2024-13-45\n---\n", "[E301] narrative.md:1: the front matter has a value that cannot be read"),
    ("---\ncompany: Acme\nicp: : :\n---\n", "[E301] narrative.md:3: the front matter is not valid YAML"),
    ("---\n!!int \n---\n", "[E301] narrative.md:1: the front matter has a value that cannot be read"),
    ("---\n" + "[" * 5_000 + "\n---\n", "[E301] narrative.md:1: the front matter nests too deeply to read."),
    ("---\n- a\n---\n", "[E301] narrative.md:1: the front matter must be key: value lines."),
    ("---\ncompany: Acme\n", "[E301] narrative.md:1: the front matter that starts on line 1 is never closed"),
    ("# Story\n\n## Pillar:\nText.\n", "[E301] narrative.md:3: this pillar has no name; write '## Pillar: Its name "
                                       "{#its-id}'."),
    ("## Pillar: {#one}\nText.\n", "[E301] narrative.md:1: this pillar has no name"),
    ("## Pillar: A {#a}\nx\n## Pillar: B {#a}\n", "[E301] narrative.md:3: two pillars have the id 'a' (the first on "
                                               "line 1); give one a different {#id}."),
])
def test_narrative_errors_say_file_and_line(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "narrative.md").write_text(text, encoding="utf-8")
    with pytest.raises(MsgalignError) as caught:
        load_narrative(tmp_path / "narrative.md", "narrative.md")
    assert str(caught.value).startswith(expected), str(caught.value)


# --------------------------------------------------------------------------- glossary import sources

_REGEX = st.text(st.sampled_from("ab AB-()[]{}|?*+.\\^$:1,2iw#/"), max_size=20)
_IMPORT_KEYS = ["extends", "swap", "tokens", "level", "ignorecase", "message", "version", "rules", "expected",
                "pattern", "patterns", "specs", "from", "to", "imports", "path", "ignoreRules", "disableImports",
                "options", "regex", "wordBoundary", "prh"]


@st.composite
def import_sources(draw: st.DrawFn) -> tuple[str, str]:
    kind = draw(st.sampled_from(["accept.txt", "reject.txt", "terms.json", "terms.jsonc", "Swap.yml", "prh.yml"]))
    if kind.endswith(".txt"):
        return kind, "\n".join(draw(st.lists(_REGEX, max_size=6))) + "\n"
    if kind.startswith("terms"):
        items = draw(st.lists(st.one_of(_REGEX, st.tuples(_REGEX, st.one_of(_REGEX, st.lists(_REGEX, max_size=3)))
                                        .map(list), values([])), max_size=5))
        text = json.dumps(items, ensure_ascii=False, default=str)
        if kind.endswith("jsonc"):
            text = "// terms\n" + text.replace(",", ", /* c */", 1)
        return kind, draw(st.one_of(st.just(text), noisy(text)))
    if kind == "Swap.yml":
        data: Any = {"extends": draw(st.sampled_from(["substitution", "existence", "capitalization", 5])),
                     "level": draw(st.one_of(st.sampled_from(["error", "warning", "suggestion"]), values([]))),
                     "swap": draw(st.one_of(st.dictionaries(_REGEX.filter(bool), _REGEX, max_size=4),
                                            values(_IMPORT_KEYS))),
                     "tokens": draw(st.one_of(st.lists(_REGEX, max_size=4), values(_IMPORT_KEYS))),
                     "ignorecase": draw(values([]))}
    else:
        rule = st.dictionaries(st.sampled_from(["expected", "pattern", "patterns", "specs", "options"]),
                               st.one_of(_REGEX, st.lists(_REGEX, max_size=3), values(_IMPORT_KEYS)), max_size=4)
        data = {"version": draw(st.one_of(st.just(1), values([]))),
                "rules": draw(st.one_of(st.lists(rule, max_size=4), values(_IMPORT_KEYS))),
                **({"imports": draw(values(_IMPORT_KEYS))} if draw(st.booleans()) else {})}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return kind, draw(st.one_of(st.just(text), noisy(text)))


@FUZZ
@given(import_sources())
@example(("prh.yml", 'version: 1\nrules: []\nimports: "a\\0b"\n'))  # a null character in an import path
def test_random_import_sources_import_or_are_a_glossary_import_error(source: tuple[str, str]) -> None:
    name, text = source
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        error = outcome(lambda: import_glossary([path]), None)  # the error may name a file it imports
        if error is not None:
            assert error.code == "E202", error


# --------------------------------------------------------------------------- the CLI

def _cli(folder: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--select", "TM001", "--no-cache", str(folder / "corpus")],
                                catch_exceptions=False)
    assert "internal error" not in result.output, result.output
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        assert re.search(r"^msgalign: \[E\d{3}\] \S", result.output, re.M), result.output


def _workspace(tmp: str, config: str = "", glossary: str = "terms: []\n") -> Path:
    folder = Path(tmp)
    (folder / "corpus").mkdir()
    (folder / "corpus" / "a.md").write_text("Open the revenue hub. Book a pipeline review.\n", encoding="utf-8")
    (folder / "glossary").mkdir()
    (folder / "glossary" / "terms.yml").write_text(glossary, encoding="utf-8")
    (folder / "msgalign.toml").write_text(config, encoding="utf-8")
    return folder


@contextlib.contextmanager
def inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@CLI_FUZZ
@given(table=_CONFIGS)
def test_random_configs_through_the_cli(table: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = _workspace(tmp, config=toml_document(table))
        with inside(folder):
            _cli(folder)


@CLI_FUZZ
@given(text=glossary_texts())
def test_random_glossaries_through_the_cli(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = _workspace(tmp, glossary=text)
        with inside(folder):
            _cli(folder)


# --------------------------------------------------------------------------- the cases measured

@pytest.mark.parametrize(("config", "glossary", "expected"), [
    ("[thresholds]\nTM003 = true\n", "terms: []\n",
     "msgalign: [E101] {root}/msgalign.toml:2: [thresholds] 'TM003' must be a number, got true (true/false).\n"),
    ("[channels.deck]\npillars = 'two'\n", "terms: []\n",
     "msgalign: [E101] {root}/msgalign.toml:2: 'channels.deck.pillars' must be a whole number of pillars (0 or "
     "more), got the string 'two'.\n"),
    ("", "terms:\n  - term: A\n    examples:\n      - from: a\n        to: 5\n",
     "msgalign: [E201] glossary/terms.yml:4: each example must be a mapping {from: ..., to: ...} of two strings "
     "('to' is a number).\n"),
    ("", "terms:\n  - term: A\n    term: B\n",
     "msgalign: [E201] glossary/terms.yml:3: the key 'term' appears twice in one mapping (first on line 2); "
     "keep one.\n"),
])
def test_the_cli_says_code_file_line_and_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str,
                                                 glossary: str, expected: str) -> None:
    folder = _workspace(str(tmp_path), config=config, glossary=glossary)
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["check", "--select", "TM001", "--no-cache"])
    assert result.exit_code == 2
    assert result.output == expected.replace("{root}", str(folder.resolve()))


def test_glossary_import_of_a_deep_source_in_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "terms.json").write_text("[" * 100_000, encoding="utf-8")
    result = CliRunner().invoke(main, ["glossary", "import", "terms.json"])
    assert result.exit_code == 2
    assert result.output == "msgalign: [E202] terms.json:1: nests deeper than 100 levels; that is not a terminology " \
                            "list.\n"


def test_spacy_text_keeps_a_prefix_of_at_most_the_limit() -> None:
    assert spacy_text("short") == "short"
    long = "word " * 300_000
    capped = spacy_text(long)
    assert len(capped) <= MAX_SPACY_CHARS and long.startswith(capped) and not capped.endswith(" ")
    solid = "x" * (MAX_SPACY_CHARS + 5)
    assert spacy_text(solid) == solid[:MAX_SPACY_CHARS]
    assert spacy_texts(["a", solid]) == ["a", solid[:MAX_SPACY_CHARS]]


@pytest.mark.spacy
@pytest.mark.model
def test_a_megabyte_sentence_is_checked_by_every_spacy_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """1.2 MB with no full stop: over spaCy's max_length, once a whole-run ValueError."""
    folder = _workspace(str(tmp_path), glossary="terms:\n  - term: Pipeline Review\n    definition: The weekly "
                                                "meeting where sales leaders inspect every open deal.\n")
    words = "pipeline review churn revenue forecast deal quota renewal customer the a of and".split()
    (folder / "corpus" / "long.md").write_text(" ".join(words[i * 7 % len(words)] for i in range(150_000)) + "\n",
                                               encoding="utf-8")
    (folder / "narrative.md").write_text("## Pillar: One set of numbers {#one}\nEvery team reports from the same "
                                         "data.\n\nProof points:\n- Churn fell 9% in a year.\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["check", "--select", "TM003,CL,AC", "--format", "json", "--no-cache"])
    assert result.exit_code in (0, 1), result.output[-2000:]
    assert json.loads(result.output)["summary"]["assets"] == 2
