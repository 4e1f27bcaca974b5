"""Hostile text in a workspace never acts on the terminal, a CI log or a browser, and every output is valid UTF-8.

Front matter (`team:`, `channel:`), file names, quoted asset text and glossary
text carry escape sequences (an OSC title change, an OSC 8 hyperlink, a screen
clear), C1 controls, bidi overrides and isolates and zero-width characters;
a file name is not even UTF-8. Each is run through the real CLI in a fresh
process and the bytes it writes are checked: no ESC anywhere (but msgalign's
own colours), strict UTF-8, parseable JSON, SARIF valid against its schema,
and each hostile character shown as a visible escape where people read it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workspaces import write_workspace

import msgalign
from msgalign.cli import main
from msgalign.cli.common import notice
from msgalign.formatters import render
from msgalign.text.safe import json_text, printable
from msgalign.types import Location, Report, Severity

SRC = Path(msgalign.__file__).resolve().parents[1]
SARIF_SCHEMA = Path("/work/shared/ecosystem/schemas/sarif-schema-2.1.0.json")
RDJSON_SCHEMA = Path("/work/shared/ecosystem/schemas/Diagnostic.json")
# The string-matching rules (TM003 needs the embedding model, and nothing here is about it) and IN.
TM_RULES = "TM001,TM002,TM004,TM005,IN"
FORMATS = ("text", "line", "json", "sarif", "rdjsonl", "github", "markdown")

ESC = "\x1b"
OSC_TITLE = "\x1b]0;pwned\x07"
OSC_LINK = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
CLEAR = "\x1b[2J"
# Raw UTF-8 of characters that must never reach a terminal: C1 controls and the bidi controls.
FORBIDDEN_BYTES = re.compile(rb"\x1b|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xe2\x80[\x8b-\x8d]")

HOSTILE_MD = (
    "---\n"
    'team: "sa\\e]0;pwned\\ales"\n'
    'channel: "web\\e[2J\\x9b31m\\u202esite\\e]8;;https://evil.example/\\e\\\\click\\e]8;;\\e\\\\"\n'
    "---\n\n"
    "Open the revenue\u202e hub today.\n\n"
    "Our best-in-class tool\x1b[2J is here.\n"
)


def run(args: list[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """`msgalign ARGS` in a fresh process, as a user runs it; stdout and stderr as raw bytes."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "LC_ALL": "C.UTF-8", "NO_COLOR": "1"}
    env.pop("PYTHONIOENCODING", None)
    return subprocess.run([sys.executable, "-c", "import sys; from msgalign.cli import main; main(sys.argv[1:])",
                           *args], cwd=cwd, env=env, input=stdin, capture_output=True, timeout=300)


def assert_inert(data: bytes) -> str:
    """Strict UTF-8, and none of the bytes a terminal would act on."""
    text = data.decode("utf-8")  # strict: raises on a single invalid byte
    found = FORBIDDEN_BYTES.search(data)
    assert found is None, f"raw {found.group()!r} in the output: {data[max(0, found.start() - 60):found.end() + 20]!r}"
    return text


def make_hostile(root: Path) -> Path:
    """A workspace with a hostile Markdown asset, a Latin-1 file name and a file name full of escapes."""
    write_workspace(root, {"corpus/sales/hostile.md": HOSTILE_MD}, config='corpus = ["corpus"]')
    sales = os.fsencode(root / "corpus" / "sales")
    with open(sales + b"/caf\xe9.md", "wb") as fh:  # not UTF-8: Python sees 'caf\udce9.md'
        fh.write(b"Open the revenue hub.\n")
    with open(sales + os.fsencode("/ev" + CLEAR + "il" + OSC_TITLE + ".md"), "wb") as fh:
        fh.write(b"Open the revenue hub.\n")
    return root


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return make_hostile(tmp_path)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, subprocess.CompletedProcess[bytes]]:
    """`msgalign check --select TM --format F` on the hostile workspace, once per format."""
    root = make_hostile(tmp_path_factory.mktemp("hostile"))
    return {fmt: run(["check", "--select", TM_RULES, "--format", fmt], root) for fmt in FORMATS}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_inert_utf8(outputs: dict[str, subprocess.CompletedProcess[bytes]], fmt: str) -> None:
    proc = outputs[fmt]
    assert proc.returncode == 1, proc.stderr.decode("utf-8", "replace")
    out = assert_inert(proc.stdout)
    assert_inert(proc.stderr)
    if fmt == "json":
        doc = json.loads(out)
        paths = sorted({f["path"] for f in doc["findings"]})
        assert paths == ["corpus/sales/caf\\xe9.md", "corpus/sales/ev\x1b[2Jil\x1b]0;pwned\x07.md",
                         "corpus/sales/hostile.md"]
        # The data itself is exact: JSON escapes (\u001b, \u202e) decode to the real text.
        asset = next(a for a in doc["assets"] if a["path"] == "corpus/sales/hostile.md")
        assert asset["team"] == "sa\x1b]0;pwned\x07les"
        assert asset["channel"].startswith("web\x1b[2j\x9b31m\u202esite\x1b]8;;https://evil.example/")
        excerpts = [f["excerpt"] for f in doc["findings"] if f["path"] == "corpus/sales/hostile.md"]
        assert excerpts == ["revenue\u202e hub", "best-in-class"]
    elif fmt == "sarif":
        log = json.loads(out)
        jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(log)
        run_ = log["runs"][0]
        uris = [a["location"]["uri"] for a in run_["artifacts"]]
        assert uris == ["corpus/sales/caf%E9.md", "corpus/sales/ev%1B%5B2Jil%1B%5D0%3Bpwned%07.md",
                        "corpus/sales/hostile.md"]
        assert all(u.isascii() and " " not in u for u in uris)
    elif fmt == "rdjsonl":
        schema = json.loads(RDJSON_SCHEMA.read_text(encoding="utf-8"))
        lines = out.splitlines()
        assert len(lines) == 4
        for line in lines:
            jsonschema.Draft4Validator(schema).validate(json.loads(line))


def test_text_shows_hostile_values_as_escapes(outputs: dict[str, subprocess.CompletedProcess[bytes]]) -> None:
    out = assert_inert(outputs["text"].stdout)
    assert out.splitlines() == [
        "corpus/sales/caf\\xe9.md  (team: sales, channel: other)",
        "  1:10  error    Use 'Revenue Workspace' instead of 'revenue hub'.  TM001",
        "",
        "corpus/sales/ev\\x1b[2Jil\\x1b]0;pwned\\x07.md  (team: sales, channel: other)",
        "  1:10  error    Use 'Revenue Workspace' instead of 'revenue hub'.  TM001",
        "",
        "corpus/sales/hostile.md  (team: sa\\x1b]0;pwned\\x07les, channel: web\\x1b[2j\\x9b31m\\u202esite"
        "\\x1b]8;;https://evil.example/\\x1b\\click\\x1b]8;;\\x1b\\)",
        "  6:10  error    Use 'Revenue Workspace' instead of 'revenue\\u202e hub'. It hides an invisible character: "
        "U+202E RIGHT-TO-LEFT OVERRIDE.  TM001",
        "  8:5   warning  Avoid 'best-in-class'. Unprovable superlative; cite a proof point instead.  TM005",
        "",
        "  3  TM001  non-canonical-term",
        "  1  TM005  avoided-phrase",
        "",
        "4 problems (3 errors, 1 warning) in 3 of 3 files · 3 fixable with --fix",
    ]


def test_github_values_cannot_start_a_command(tmp_path: Path) -> None:
    evil = "a\n::warning title=pwned::gotcha,x:y%0A\u2028::error::z.md"
    write_workspace(tmp_path, {"corpus/sales/" + evil: "Open the revenue hub.\n"}, config='corpus = ["corpus"]')
    out = assert_inert(run(["check", "--select", TM_RULES, "--format", "github"], tmp_path).stdout)
    assert out == (
        "::error file=corpus/sales/a\\n%3A%3Awarning title=pwned%3A%3Agotcha%2Cx%3Ay%250A\\u2028%3A%3Aerror%3A%3Az.md,"
        "line=1,col=10,endLine=1,endColumn=21,title=TM001 non-canonical-term::"
        "Use 'Revenue Workspace' instead of 'revenue hub'.\n"
    )


def test_markdown_escapes_after_sanitising(outputs: dict[str, subprocess.CompletedProcess[bytes]]) -> None:
    out = assert_inert(outputs["markdown"].stdout)
    assert "### corpus/sales/ev\\\\x1b[2Jil\\\\x1b]0;pwned\\\\x07.md" in out.splitlines()
    assert ("| 6:10 | error | `TM001` non-canonical-term | Use 'Revenue Workspace' instead of 'revenue\\\\u202e hub'. "
            "It hides an invisible character: U+202E RIGHT-TO-LEFT OVERRIDE. |") in out.splitlines()


def test_colour_codes_are_the_only_escapes(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(hostile)
    result = CliRunner().invoke(main, ["check", "--select", TM_RULES, "--format", "json"])
    report = _report_from_json(result.stdout)
    coloured = render("text", report, color=True)
    ours = re.compile(r"\x1b\[(?:0|1|2|33|36|1;31|1;32)m")
    assert ESC in coloured
    assert ESC not in ours.sub("", coloured)


def _report_from_json(text: str) -> Report:
    from msgalign.types import Finding

    doc = json.loads(text)
    findings = [
        Finding(rule=f["rule"], name=f["name"], severity=Severity.parse(f["severity"]), message=f["message"],
                path=f["path"], location=Location(line=f["location"]["line"], column=f["location"]["column"]),
                excerpt=f["excerpt"], suggestion=f["suggestion"], team=f["team"])
        for f in doc["findings"]
    ]
    return Report.build(findings, [], "0.1.0")


@pytest.mark.model
def test_cl003_quote_is_escaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model_cache: Path) -> None:
    from msgalign.analysis.run import Analysis
    from msgalign.nlp.embed import Embedder

    embedder = Embedder(cache_dir=model_cache)
    monkeypatch.setattr(Analysis, "embedder", property(lambda self: embedder))
    write_workspace(tmp_path, {
        "corpus/sales/deck.md": "Reps save 8 hours a week on CRM updates.\n",
        "corpus/marketing/blog.md": f"# Time back\n\nReps save 5 hours a week on CRM{OSC_TITLE} updates\u202e today.\n",
    }, config='corpus = ["corpus"]')
    monkeypatch.chdir(tmp_path)
    outputs = {fmt: CliRunner().invoke(main, ["check", "--select", "CL003", "--format", fmt]).stdout_bytes
               for fmt in FORMATS}
    for data in outputs.values():
        assert_inert(data)
    assert assert_inert(outputs["text"]).splitlines()[1] == (
        "  1:11  warning  8 hours here, but corpus/marketing/blog.md:3 says 5 hours for the same metric "
        "('Reps save 5 hours a week on CRM\\x1b]0;pwned\\x07 updates\\u202e today.').  CL003")
    (finding,) = json.loads(outputs["json"])["findings"]
    assert finding["evidence"]["other_text"] == f"Reps save 5 hours a week on CRM{OSC_TITLE} updates\u202e today."


# --------------------------------------------------------------------------- glossary text, CLI messages

def test_glossary_text_is_escaped_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    glossary = ('terms:\n  - term: "Revenue\\e[2J Workspace"\n    variants: [revenue hub]\n'
                'avoid:\n  - phrase: leverage\n    reason: "Say use.\\e]0;pwned\\a"\n')
    write_workspace(tmp_path, {"corpus/sales/a.md": "Open the revenue hub and leverage it.\n"},
                    glossary=glossary, config='corpus = ["corpus"]')
    monkeypatch.chdir(tmp_path)
    for fmt in FORMATS:
        result = CliRunner().invoke(main, ["check", "--select", TM_RULES, "--format", fmt])
        assert result.exit_code == 0, result.output  # warnings only
        out = assert_inert(result.stdout_bytes)
        if fmt == "text":
            assert "  1:10  warning  Use 'Revenue\\x1b[2J Workspace' instead of 'revenue hub'.  TM001" in out
            assert "Avoid 'leverage'. Say use.\\x1b]0;pwned\\x07  TM005" in out


def test_cli_error_and_notice_lines_are_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_workspace(tmp_path, {}, config='corpus = ["corpus"]')
    proc = run(["check", "nowhere" + OSC_TITLE + CLEAR], tmp_path)
    assert proc.returncode == 2
    assert assert_inert(proc.stderr) == "msgalign: [E601] no such file or folder: nowhere\\x1b]0;pwned\\x07\\x1b[2J\n"
    notice("skipped corpus/x" + OSC_LINK + "\u202e.md\nmsgalign: fake line")
    assert capsys.readouterr().err == (
        "msgalign: notice: skipped corpus/x\\x1b]8;;https://evil.example/\\x1b\\click\\x1b]8;;\\x1b\\\\u202e.md"
        "\\nmsgalign: fake line\n")


def test_glossary_import_warnings_are_escaped(tmp_path: Path) -> None:
    vale = tmp_path / "Rule.yml"
    vale.write_text('extends: "occ\\e]0;pwned\\aurrence"\nmessage: x\n', encoding="utf-8")
    proc = run(["glossary", "import", str(vale)], tmp_path)
    err = assert_inert(proc.stderr)
    assert "warning: Rule.yml:1: Vale 'occ\\x1b]0;pwned\\x07urrence' rules have no glossary equivalent" in err


@pytest.mark.spacy
def test_classify_table_is_escaped(tmp_path: Path) -> None:
    write_workspace(tmp_path, {}, config='corpus = ["corpus"]')
    proc = run(["classify", "-"], tmp_path, stdin=("Book a demo\x1b[2J today" + OSC_TITLE + ".\n").encode())
    out = assert_inert(proc.stdout)
    assert out.splitlines()[1].endswith("Book a demo\\x1b[2J today\\x1b]0;pwned\\x07.")
    with contextlib.chdir(tmp_path):
        result = CliRunner().invoke(main, ["classify", "-", "--format", "json"],
                                    input="Book a demo\x1b[2J\x9b today.\n")
    (row,) = [json.loads(line) for line in assert_inert(result.stdout_bytes).splitlines()]
    assert row["text"] == "Book a demo\x1b[2J\x9b today."


# --------------------------------------------------------------------------- HTML

def test_html_report_escapes_markup_and_controls(tmp_path: Path) -> None:
    team = '<script>alert(1)</script>" onload="x'
    files = {
        'corpus/sales/<script>alert(2)<\\script>" onload="y.md':
            "---\nteam: '" + team + "'\n---\n\nOpen the revenue hub <script>alert(3)</script>\" onload=\"z.\n",
        "corpus/sales/b" + CLEAR + ".md": "---\nteam: \"te\\e]0;pwned\\aam\"\n---\n\nOpen the revenue hub\x1b[2J.\n",
    }
    write_workspace(tmp_path, files, config='corpus = ["corpus"]')
    proc = run(["report", "--select", TM_RULES], tmp_path)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    html = assert_inert(proc.stdout)
    assert "<script" not in html and 'onload="' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34; onload=&#34;x" in html
    assert "&lt;script&gt;alert(2)" in html
    assert "te\\x1b]0;pwned\\x07am" in html


# --------------------------------------------------------------------------- the helpers themselves

@pytest.mark.parametrize(("raw", "shown"), [
    ("plain text, café, 日本語, 👩‍💻", "plain text, café, 日本語, 👩‍💻"),
    ("tab\tkept", "tab\tkept"),
    ("two\nlines\r\n", "two\\nlines\\r\\n"),
    (OSC_TITLE, "\\x1b]0;pwned\\x07"),
    ("\x9b2J\x85", "\\x9b2J\\x85"),
    ("\u202aa\u202bb\u202cc\u202dd\u202ee\u2066f\u2067g\u2068h\u2069", "\\u202aa\\u202bb\\u202cc\\u202dd\\u202ee"
     "\\u2066f\\u2067g\\u2068h\\u2069"),
    ("h\u200bu\u200cb\u200d\u2060\u00ad\ufeff", "h\\u200bu\\u200cb\\u200d\\u2060\\xad\\ufeff"),
    ("caf\udce9.md", "caf\\xe9.md"),
    ("line\u2028sep", "line\\u2028sep"),
])
def test_printable(raw: str, shown: str) -> None:
    assert printable(raw) == shown


def test_printable_keeps_line_breaks_when_asked() -> None:
    assert printable("a\r\nb\rc\n\x1b", newlines=True) == "a\nb\nc\n\\x1b"


def test_json_text_escapes_but_decodes_to_the_same_text() -> None:
    raw = {"k": "a\x1b\x9b\u202e\u200b\U000e0041b", "p": "caf\udce9"}
    out = json_text(json.dumps(raw, ensure_ascii=False))
    out.encode("utf-8")  # strict
    assert out == '{"k": "a\\u001b\\u009b\\u202e\\u200b\\udb40\\udc41b", "p": "caf\\\\xe9"}'
    assert json.loads(out) == {"k": raw["k"], "p": "caf\\xe9"}


# --------------------------------------------------------------------------- property

HOSTILE_CHARS = ["\x1b", "\x07", "\x00", "\x7f", "\x9b", "\x85", "\r", "\n", "\t", "\u202e", "\u2066", "\u2069",
                 "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u2028", "\U000e0041"]
FRAGMENTS = ["revenue", " ", "hub", "best-in-class", "HubSpot", "r\u0435venue", "-", "'s", ". ", "%", ":", ",",
             "::", "<script>", '"', "&", "|", "`", "\\", "é", "日本", "👩‍💻"]
hostile_text = st.lists(st.sampled_from(FRAGMENTS + HOSTILE_CHARS), max_size=24).map("".join)
hostile_name = st.lists(st.one_of(st.sampled_from(FRAGMENTS + HOSTILE_CHARS).map(lambda s: s.encode("utf-8")),
                                  st.binary(min_size=1, max_size=2)), max_size=8).map(
    lambda parts: b"".join(parts).replace(b"/", b"_").replace(b"\x00", b"_")[:60])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(team=hostile_text, channel=hostile_text, body=hostile_text, name=hostile_name,
       fmt=st.sampled_from(FORMATS))
def test_any_hostile_text_gives_inert_valid_output(team: str, channel: str, body: str, name: bytes, fmt: str) -> None:
    from msgalign import api
    from msgalign.formatters import FORMATS as RENDERERS

    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        root = Path(tmp)
        front = f"---\nteam: {json.dumps(team)}\nchannel: {json.dumps(channel)}\n---\n\n"
        write_workspace(root, {"corpus/sales/a.md": front + f"Open the revenue hub. {body} {body}\n"},
                        config='corpus = ["corpus"]')
        with open(os.fsencode(root / "corpus" / "sales") + b"/" + name + b".md", "wb") as fh:
            fh.write(body.encode("utf-8") + b" revenue hub\n")
        config = api.load_config(start=root)
        report = api.check([root / "corpus"], config, select=tuple(TM_RULES.split(","))).report
        for each in RENDERERS:
            data = render(each, report).encode("utf-8")  # strict, as the CLI writes it
            _assert_valid(each, data)
        for page in ("html", "markdown"):  # `msgalign report`
            _assert_valid(page, api.render_report(report, config, fmt=page).encode("utf-8"))
        result = CliRunner().invoke(main, ["check", "--select", TM_RULES, "--format", fmt])
        assert result.exit_code in (0, 1), result.output
        _assert_valid(fmt, result.stdout_bytes)


def _assert_valid(fmt: str, data: bytes) -> None:
    text = data.decode("utf-8")
    assert b"\x1b" not in data
    if fmt in ("json", "sarif"):
        json.loads(text)
    elif fmt == "rdjsonl":
        for line in text.splitlines():
            json.loads(line)
    elif fmt == "github":
        assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in text.splitlines())


@pytest.mark.parametrize(("path", "uri"), [
    ("corpus/caf\\xe9.md", "corpus/caf%E9.md"),                 # display_path's escape: the real byte
    ("corpus/ev\x1b[2J.md", "corpus/ev%1B%5B2J.md"),
    ("C:\\build\\x86\\a.md", "file:///C:/build/x86/a.md"),     # a Windows path: backslashes are separators
])
def test_sarif_uris_carry_the_real_bytes(path: str, uri: str) -> None:
    from msgalign.formatters.sarif import artifact_location

    assert artifact_location(path)["uri"] == uri


def test_display_path_of_a_non_utf8_name(tmp_path: Path) -> None:
    from msgalign.workspace.paths import display_path

    name = Path(os.fsdecode(b"caf\xe9 \xff.md"))
    assert display_path(tmp_path / name, tmp_path) == "caf\\xe9 \\xff.md"
