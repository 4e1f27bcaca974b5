"""Hostile files and workspaces, rebuilt from their descriptions, run through the real CLI, timed and weighed.

Each case builds a fresh workspace in a temporary folder, runs one `msgalign`
command in a child process under /usr/bin/time, and checks what the user is
promised (SPEC §7): an IN001 or a coded error with file:line, within 60 s and
2 GB, nothing outside the workspace read or quoted, no file changed but by the
words `--fix` means to change, exit 0/1/2 as SPEC §3.1 says.

    python benchmarks/hostile_cases.py              # the cases that need no model
    python benchmarks/hostile_cases.py --with-model # also the ones that load the sentence model
    python benchmarks/hostile_cases.py --json out.json

The unit tests for each case live in tests/hostile/; this script is the
end-to-end check and the source of the time and memory figures.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
TIME_LIMIT_S = 60.0
MEMORY_LIMIT_MB = 2048.0
SECRET = "SECRET-7431-do-not-publish"
# The rules that need no narrative or model: what every case that is not about the model runs.
TERMS = ["--select", "TM001,TM002,TM005,IN001"]
GLOSSARY = """terms:
  - term: Revenue Workspace
    definition: The shared space where marketing, sales and customer success plan every account together.
    variants: [revenue hub]
avoid:
  - phrase: best-in-class
    reason: Unprovable superlative.
"""
GOOD = "Open the revenue hub before the call.\n"


@dataclass(frozen=True)
class Run:
    code: int
    stdout: bytes
    stderr: bytes
    seconds: float
    peak_mb: float


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], list[str]]        # makes the workspace, returns the msgalign arguments
    check: Callable[[Run, Path], str | None]  # None when the promise holds, else what broke
    model: bool = False


def workspace(root: Path, files: dict[str, str | bytes], config: str = 'corpus = ["corpus"]\n',
              glossary: str = GLOSSARY) -> Path:
    (root / "glossary").mkdir(parents=True, exist_ok=True)
    (root / "glossary" / "terms.yml").write_text(glossary, encoding="utf-8")
    (root / "msgalign.toml").write_text(config, encoding="utf-8")
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def run(args: list[str], cwd: Path) -> Run:
    code = "import sys; from msgalign.cli import main; sys.argv = ['msgalign', *sys.argv[1:]]; main()"
    env = {**os.environ, "PYTHONPATH": str(SRC), "NO_COLOR": "1"}
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        cmd = ["/usr/bin/time", "-f", "%e %M", "-o", stats.name, sys.executable, "-c", code, *args]
        start = time.perf_counter()
        try:
            done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, timeout=TIME_LIMIT_S + 10,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            return Run(-9, exc.stdout or b"", exc.stderr or b"", time.perf_counter() - start, 0.0)
        fields = Path(stats.name).read_text().split()
    seconds, peak_kb = (float(fields[-2]), float(fields[-1])) if len(fields) >= 2 else (0.0, 0.0)
    return Run(done.returncode, done.stdout, done.stderr, seconds, peak_kb / 1024)


def findings(r: Run) -> list[dict[str, object]]:
    return list(json.loads(r.stdout.decode("utf-8"))["findings"])


def rules_of(r: Run) -> set[str]:
    return {str(f["rule"]) for f in findings(r)}


def no_internal_error(r: Run) -> str | None:
    if b"internal error" in r.stderr or b"Traceback" in r.stderr:
        return "internal error: " + r.stderr.decode("utf-8", "replace")[-300:]
    if r.code not in (0, 1, 2):
        return f"exit {r.code}: " + r.stderr.decode("utf-8", "replace")[-300:]
    return None


def coded(code: str, where: str) -> Callable[[Run, Path], str | None]:
    def check(r: Run, ws: Path) -> str | None:
        err = r.stderr.decode("utf-8", "replace")
        if r.code != 2 or f"[{code}]" not in err or where not in err:
            return f"expected exit 2 with [{code}] at {where}, got {r.code}: {err[-300:]}"
        if len(err) > 2000:
            return f"the message is {len(err)} characters long"
        return no_internal_error(r)

    return check


# --- escape from the workspace ---------------------------------------------------------------------


def outside(ws: Path, name: str = "secret.md", text: str = f"{SECRET}: revenue hub\n") -> Path:
    folder = ws.parent / f"{ws.name}-outside"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def build_symlink_out(ws: Path) -> list[str]:
    workspace(ws, {"corpus/sales/good.md": GOOD})
    (ws / "corpus/sales/notes.md").symlink_to(outside(ws))
    return ["check", "--format", "json", *TERMS]


def check_symlink_out(r: Run, ws: Path) -> str | None:
    if SECRET.encode() in r.stdout + r.stderr:
        return "the outside file's text was quoted"
    if "IN001" not in rules_of(r) or "TM001" not in rules_of(r):
        return f"expected IN001 for the link and TM001 for the good file, got {sorted(rules_of(r))}"
    return no_internal_error(r)


def build_symlink_loop(ws: Path) -> list[str]:
    workspace(ws, {"corpus/sales/good.md": GOOD})
    (ws / "corpus/sales/a.md").symlink_to(ws / "corpus/sales/b.md")
    (ws / "corpus/sales/b.md").symlink_to(ws / "corpus/sales/a.md")
    return ["check", "--format", "json", *TERMS]


def check_loop(r: Run, ws: Path) -> str | None:
    if r.code != 1 or "TM001" not in rules_of(r) or "IN001" not in rules_of(r):
        return f"expected exit 1 with IN001 and the good file's TM001, got {r.code}: {r.stderr[-300:]!r}"
    return no_internal_error(r)


def build_fifo(ws: Path) -> list[str]:
    workspace(ws, {"corpus/sales/good.md": GOOD})
    os.mkfifo(ws / "corpus/sales/notes.md")
    return ["check", "--format", "json", *TERMS]


def check_fifo(r: Run, ws: Path) -> str | None:
    if r.code == -9:
        return "the run hung on the FIFO"
    if "TM001" not in rules_of(r):
        return "the good file's finding is missing"
    return no_internal_error(r)


def build_template_symlink(ws: Path) -> list[str]:
    workspace(ws, {"stories/acme.md": "# Acme\n\nAcme cut onboarding from 9 days to 2 days with Beacon.\n"})
    (ws / "templates").mkdir()
    target = outside(ws, "tier1.md", SECRET + "\n")
    (ws / "templates" / "tier1-headline.md.j2").symlink_to(target)
    return ["brief", "stories/acme.md", "--tier", "1", "--no-cache"]


def check_no_secret(r: Run, ws: Path) -> str | None:
    if SECRET.encode() in r.stdout + r.stderr:
        return "the outside file's text was rendered"
    if r.code != 2 or b"[E401]" not in r.stderr:
        return f"expected E401 naming the template, got {r.code}: {r.stderr[-300:]!r}"
    return no_internal_error(r)


def build_brief_out_symlink(ws: Path) -> list[str]:
    workspace(ws, {"stories/acme.md": "# Acme\n\nAcme cut onboarding from 9 days to 2 days with Beacon.\n"})
    target = outside(ws, "victim.md", "untouched\n")
    (ws / "out").mkdir()
    for name in ("acme.tier1-headline.md", ".acme.tier1-headline.md.tmp", "acme.tier1-headline.md.tmp"):
        (ws / "out" / name).symlink_to(target)
    return ["brief", "stories/acme.md", "--tier", "1", "--out", "out", "--force", "--no-cache"]


def check_victim(r: Run, ws: Path) -> str | None:
    victim = ws.parent / f"{ws.name}-outside" / "victim.md"
    if victim.read_text(encoding="utf-8") != "untouched\n":
        return "the write followed a planted link"
    return no_internal_error(r)


# --- data loss ---------------------------------------------------------------------------------------


def build_fix_symlink(ws: Path) -> list[str]:
    workspace(ws, {"corpus/sales/good.md": GOOD})
    real = outside(ws, "real.md", GOOD)
    (ws / "corpus/sales/link.md").symlink_to(real)
    return ["check", "--fix", "--format", "json", *TERMS]


def check_fix_symlink(r: Run, ws: Path) -> str | None:
    link = ws / "corpus/sales/link.md"
    if not link.is_symlink():
        return "the symlink was replaced by a regular file"
    if (ws.parent / f"{ws.name}-outside" / "real.md").read_text(encoding="utf-8") != GOOD:
        return "the file outside the workspace was changed"
    return no_internal_error(r)


def build_fix_readonly(ws: Path) -> list[str]:
    workspace(ws, {"corpus/sales/ro.md": GOOD})
    (ws / "corpus/sales/ro.md").chmod(0o444)
    return ["check", "--fix", "--format", "json", *TERMS]


def check_readonly(r: Run, ws: Path) -> str | None:
    if (ws / "corpus/sales/ro.md").read_text(encoding="utf-8") != GOOD:
        return "a read-only file was rewritten"
    return no_internal_error(r)


def fixed_bytes(encoding: str, bom: bytes) -> tuple[bytes, bytes]:
    before = bom + ("Héllo. " + GOOD).encode(encoding)
    after = bom + ("Héllo. " + GOOD.replace("revenue hub", "Revenue Workspace")).encode(encoding)
    return before, after


def build_fix_encoding(encoding: str, bom: bytes) -> Callable[[Path], list[str]]:
    def build(ws: Path) -> list[str]:
        workspace(ws, {"corpus/sales/a.txt": fixed_bytes(encoding, bom)[0]})
        return ["check", "--fix", "--format", "json", *TERMS]

    return build


def check_fix_encoding(encoding: str, bom: bytes) -> Callable[[Run, Path], str | None]:
    def check(r: Run, ws: Path) -> str | None:
        got = (ws / "corpus/sales/a.txt").read_bytes()
        if got != fixed_bytes(encoding, bom)[1]:
            return f"the {encoding} file's bytes are not the original with only the term changed"
        return no_internal_error(r)

    return check


def build_fix_unencodable(ws: Path) -> list[str]:
    glossary = GLOSSARY.replace("Revenue Workspace", "Łódź Workspace")
    workspace(ws, {"corpus/sales/a.txt": "Caf\xe9 notes. Open the revenue hub.\n".encode("cp1252"),
                   "corpus/sales/b.md": GOOD}, glossary=glossary)
    return ["check", "--fix", "--format", "json", *TERMS]


def check_unencodable(r: Run, ws: Path) -> str | None:
    if (ws / "corpus/sales/a.txt").read_bytes() != "Caf\xe9 notes. Open the revenue hub.\n".encode("cp1252"):
        return "the cp1252 file changed although the fix cannot be encoded in it"
    if "Łódź Workspace" not in (ws / "corpus/sales/b.md").read_text(encoding="utf-8"):
        return "the UTF-8 file was not fixed (the run stopped at the unencodable one)"
    return no_internal_error(r)


def build_fix_cp932(ws: Path) -> list[str]:
    text = "\u2460\u2170\uffe2 NEC and IBM codes. Open the revenue hub.\n"  # ① ⅰ ￢
    workspace(ws, {"corpus/sales/a.txt": text.encode("cp932")})
    return ["check", "--fix", "--format", "json", *TERMS]


def check_cp932(r: Run, ws: Path) -> str | None:
    original = "\u2460\u2170\uffe2 NEC and IBM codes. Open the revenue hub.\n".encode("cp932")
    got = (ws / "corpus/sales/a.txt").read_bytes()
    head = original[: original.index(b"revenue hub")]
    if got != original and not got.startswith(head):
        return "bytes away from the fixed word changed"
    return no_internal_error(r)


# --- unbounded cost ----------------------------------------------------------------------------------


def docx_bytes(document_xml_patch: Callable[[str], str]) -> bytes:
    import docx  # python-docx, a dependency

    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("Open the revenue hub before the call.")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "cell"
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = document_xml_patch(data.decode("utf-8")).encode("utf-8")
            z.writestr(item, data)
    return out.getvalue()


def build_docx_gridspan(ws: Path) -> list[str]:
    data = docx_bytes(lambda xml: xml.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="999999999"/>', 1))
    workspace(ws, {"corpus/sales/big.docx": data, "corpus/sales/good.md": GOOD})
    return ["check", "--format", "json", *TERMS]


def check_in001_and_good(r: Run, ws: Path) -> str | None:
    if "IN001" not in rules_of(r) or "TM001" not in rules_of(r):
        return f"expected IN001 and the good file's TM001, got {sorted(rules_of(r))}"
    return no_internal_error(r)


def build_docx_entity(ws: Path) -> list[str]:
    def patch(xml: str) -> str:
        xml = xml.replace("<w:document ", '<!DOCTYPE w:document [<!ENTITY x "the revenue hub">]><w:document ', 1)
        return xml.replace("Open the revenue hub before the call.", "Open &x; before the call.", 1)

    workspace(ws, {"corpus/sales/entity.docx": docx_bytes(patch)})
    return ["check", "--format", "json", *TERMS]


def check_entity(r: Run, ws: Path) -> str | None:
    if not rules_of(r) & {"IN001", "TM001"}:
        return "the document's text was silently dropped (no IN001, no finding)"
    return no_internal_error(r)


def build_pdf_shared_stream(ws: Path) -> list[str]:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    stream = DecodedStreamObject()
    body = "".join(f"BT /F1 12 Tf 72 {700 - (i % 60) * 10} Td (Open the revenue hub {i}.) Tj ET\n"
                   for i in range(4000))
    stream.set_data(body.encode("latin-1"))
    shared = writer._add_object(stream.flate_encode())
    for _ in range(500):
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Contents")] = shared
    buf = io.BytesIO()
    writer.write(buf)
    workspace(ws, {"corpus/sales/shared.pdf": buf.getvalue(), "corpus/sales/good.md": GOOD})
    return ["check", "--format", "json", "--select", "TM001,IN001"]


def check_bounded(r: Run, ws: Path) -> str | None:
    if r.code == -9:
        return "timed out"
    return no_internal_error(r)


def build_template_chain(ws: Path) -> list[str]:
    workspace(ws, {"stories/acme.md": "# Acme\n\nAcme cut onboarding from 9 days to 2 days with Beacon.\n"})
    (ws / "templates").mkdir()
    chain = " ~ ".join(['("x" * 900000)'] * 3000)
    (ws / "templates" / "tier1-headline.md.j2").write_text("{{ " + chain + " }}\n", encoding="utf-8")
    return ["brief", "stories/acme.md", "--tier", "1", "--no-cache"]


def check_template(r: Run, ws: Path) -> str | None:
    if r.code != 2 or b"[E401]" not in r.stderr:
        return f"expected E401, got {r.code}: {r.stderr[-300:]!r}"
    return no_internal_error(r)


ALIAS_BOMB = """terms:
  - term: Revenue Workspace
    severity: &a9 [&a8 [&a7 [&a6 [&a5 [&a4 [&a3 [&a2 [&a1 [&a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol],*a0,*a0,*a0,
      *a0,*a0,*a0,*a0,*a0],*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1],*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2],*a3,*a3,*a3,*a3,*a3,
      *a3,*a3,*a3],*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4],*a5,*a5,*a5,*a5,*a5,*a5,*a5,*a5],*a6,*a6,*a6,*a6,*a6,*a6,*a6,*a6],
      *a7,*a7,*a7,*a7,*a7,*a7,*a7,*a7],*a8,*a8,*a8,*a8,*a8,*a8,*a8,*a8]
"""


def build_alias_bomb(ws: Path) -> list[str]:
    workspace(ws, {"corpus/sales/good.md": GOOD}, glossary=ALIAS_BOMB)
    return ["check", "--format", "json", *TERMS]


def build_big_glossary(ws: Path) -> list[str]:
    """20,000 distinct terms written out, no alias: a big glossary, no bomb (it was refused as one)."""
    rows = [f"  - term: Term{i} Studio\n    variants: [term{i} studo]" for i in range(20_000)]
    workspace(ws, {"corpus/sales/good.md": GOOD}, glossary=GLOSSARY.replace("avoid:\n", "\n".join(rows) + "\navoid:\n"))
    return ["check", "--format", "json", *TERMS]


def check_big_glossary(r: Run, ws: Path) -> str | None:
    if r.code != 0 or "TM001" not in rules_of(r):
        return f"expected the good file's TM001 and exit 0, got exit {r.code}: {r.stderr.decode()[-200:]}"
    return no_internal_error(r)


def build_jobs_400(ws: Path) -> list[str]:
    workspace(ws, {f"corpus/sales/f{i}.md": GOOD for i in range(8)}, config='corpus = ["corpus"]\njobs = 400\n')
    return ["check", "--format", "json", "--select", "TM001"]


def check_jobs(r: Run, ws: Path) -> str | None:
    if len(findings(r)) != 8:
        return f"expected 8 TM001 findings, got {len(findings(r))}"
    return no_internal_error(r)


def build_text(text: str) -> Callable[[Path], list[str]]:
    def build(ws: Path) -> list[str]:
        workspace(ws, {"corpus/sales/x.md": text, "corpus/sales/good.md": GOOD})
        return ["check", "--format", "json", *TERMS]

    return build


def build_tsx(files: dict[str, bytes]) -> Callable[[Path], list[str]]:
    def build(ws: Path) -> list[str]:
        assets: dict[str, str | bytes] = {f"corpus/marketing/{name}": data for name, data in files.items()}
        workspace(ws, {**assets, "corpus/sales/good.md": GOOD})
        return ["check", "--format", "json", *TERMS]

    return build


def check_fast_and_good(r: Run, ws: Path) -> str | None:
    """Within 30 s (a 2 MB Markdown file alone takes markdown-it-py about 6 s), the other file's finding kept."""
    if r.code == -9 or r.seconds > 30:
        return f"took {r.seconds:.1f} s"
    if "TM001" not in rules_of(r):
        return "the good file's finding is missing"
    return no_internal_error(r)


# --- internal errors ---------------------------------------------------------------------------------


def build_non_utf8_name(fmt: str) -> Callable[[Path], list[str]]:
    def build(ws: Path) -> list[str]:
        workspace(ws, {})
        (ws / "corpus" / "sales").mkdir(parents=True)
        with open(os.path.join(os.fsencode(ws / "corpus" / "sales"), b"caf\xe9.md"), "wb") as f:
            f.write(GOOD.encode())
        return ["check", "--format", fmt, *TERMS]

    return build


def check_utf8_json(r: Run, ws: Path) -> str | None:
    try:
        data = json.loads(r.stdout.decode("utf-8", "strict"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return f"output is not valid UTF-8 JSON: {exc}"
    if not (data.get("findings") or data.get("runs", [{}])[0].get("results")):
        return f"expected the file's finding, got exit {r.code} and none"
    return no_internal_error(r)


def build_config_types(ws: Path) -> list[str]:
    workspace(ws, {"corpus/sales/good.md": GOOD},
              config='corpus = ["corpus"]\n[channels.deck]\npillars = []\n')
    return ["check", "--format", "json", *TERMS]


def build_glossary_types(ws: Path) -> list[str]:
    workspace(ws, {"corpus/sales/good.md": GOOD}, glossary="terms:\n  - term: 42\n    variants: [[a, b]]\n")
    return ["check", "--format", "json", *TERMS]


def build_deep_import(ws: Path) -> list[str]:
    workspace(ws, {"deep.json": "[" * 100_000 + "]" * 100_000})
    return ["glossary", "import", "deep.json"]


def build_cache_wrong_type(ws: Path) -> list[str]:
    workspace(ws, {"corpus/sales/a.md": "Marketing and sales plan every account together in one shared place.\n"},
              config='corpus = ["corpus"]\ncache-dir = ".cache"\n')
    narrative = "---\ncompany: Beacon\nproduct: Beacon\nicp: revenue teams\n---\n\n## Pillar: One shared place {#one}\n"
    (ws / "narrative.md").write_text(narrative + "\nEvery team plans accounts together.\n", encoding="utf-8")
    first = run(["check", "--format", "json", "--select", "NA001"], ws)
    if first.code not in (0, 1):
        raise RuntimeError(first.stderr.decode()[-300:])
    database = next(p for p in (ws / ".cache").iterdir() if p.suffix in (".sqlite", ".db", ".sqlite3"))
    with sqlite3.connect(database) as db:
        for (table,) in db.execute("select name from sqlite_master where type='table'").fetchall():
            columns = [c[1] for c in db.execute(f"pragma table_info({table})")]
            blob = next((c for c in columns if c in ("v", "vector", "vec", "value", "data")), None)
            if blob:
                db.execute(f"update {table} set {blob} = 'not a vector'")  # every value, wrong type
    return ["check", "--format", "json", "--select", "NA001"]


def build_long_sentence(ws: Path) -> list[str]:
    workspace(ws, {"corpus/sales/long.md": ("word " * 290_000) + "\n", "corpus/sales/good.md": GOOD},
              config='corpus = ["corpus"]\n')
    return ["check", "--format", "json", "--select", "TM001,TM003,AC001"]


# --- injection and evasion ---------------------------------------------------------------------------


def build_escapes(ws: Path) -> list[str]:
    workspace(ws, {"corpus/sales/a.md": "---\nteam: \"\\e]0;pwned\\a\\e[2J\"\n---\n\nOpen the revenue hub \x1b[2J.\n",
                   "corpus/sales/\x1b]8;;http://x\x07link.md": GOOD})
    return ["check", "--format", "text", *TERMS]


def check_no_escape(r: Run, ws: Path) -> str | None:
    if b"\x1b" in r.stdout or b"\x1b" in r.stderr:
        return "an escape sequence from the asset reached the terminal"
    return no_internal_error(r)


def build_evasion(ws: Path) -> list[str]:
    workspace(ws, {"corpus/sales/zw.md": "Open the revenue h\u200bub now.\n",
                   "corpus/sales/lookalike.md": "Open the r\u0435venue hub now.\n",
                   "corpus/sales/shy.md": "Our best-in\u00ad-class plans.\n"})
    return ["check", "--format", "json", *TERMS]


def check_evasion(r: Run, ws: Path) -> str | None:
    paths = {(str(f["path"]).rsplit("/", 1)[-1], str(f["rule"])) for f in findings(r)}
    missing = {("zw.md", "TM001"), ("lookalike.md", "TM001"), ("shy.md", "TM005")} - paths
    return f"not reported: {sorted(missing)}" if missing else no_internal_error(r)


CASES = [
    Case("symlink out of the workspace", build_symlink_out, check_symlink_out),
    Case("symlink loop", build_symlink_loop, check_loop),
    Case("FIFO named notes.md", build_fifo, check_fifo),
    Case("template that is a symlink out", build_template_symlink, check_no_secret, model=True),
    Case("brief --out through a planted symlink", build_brief_out_symlink, check_victim, model=True),
    Case("--fix on a symlinked file", build_fix_symlink, check_fix_symlink),
    Case("--fix on a read-only file", build_fix_readonly, check_readonly),
    Case("--fix on UTF-16BE", build_fix_encoding("utf-16-be", b"\xfe\xff"),
         check_fix_encoding("utf-16-be", b"\xfe\xff")),
    Case("--fix on UTF-32BE", build_fix_encoding("utf-32-be", b"\x00\x00\xfe\xff"),
         check_fix_encoding("utf-32-be", b"\x00\x00\xfe\xff")),
    Case("--fix that cp1252 cannot hold", build_fix_unencodable, check_unencodable),
    Case("--fix on cp932 with NEC/IBM codes", build_fix_cp932, check_cp932),
    Case(".docx with gridSpan 999999999", build_docx_gridspan, check_in001_and_good),
    Case(".docx whose text is a DTD entity", build_docx_entity, check_entity),
    Case("PDF pages sharing one content stream", build_pdf_shared_stream, check_bounded),
    Case("template chain of ~ and *", build_template_chain, check_template, model=True),
    Case("YAML alias bomb in a glossary", build_alias_bomb, coded("E201", "terms.yml")),
    Case("glossary of 20,000 terms", build_big_glossary, check_big_glossary),
    Case("jobs = 400", build_jobs_400, check_jobs),
    Case("one 100,000-character word", build_text("x" * 100_000 + "@\n"), check_fast_and_good),
    Case("40,000 dots with no space", build_text("Contents" + "." * 40_000 + "7\n"), check_fast_and_good),
    Case("40,000 suppression comments",
         build_text("<!-- msgalign disable TM005 -->\nOpen the revenue hub.\n" * 40_000),
         check_fast_and_good),
    Case("non-UTF-8 file name, --format json", build_non_utf8_name("json"), check_utf8_json),
    Case("non-UTF-8 file name, --format sarif", build_non_utf8_name("sarif"), check_utf8_json),
    Case("wrong-typed config values", build_config_types, coded("E101", "msgalign.toml")),
    Case("wrong-typed glossary values", build_glossary_types, coded("E201", "terms.yml:2")),
    Case("glossary import nested 100,000 deep", build_deep_import, coded("E202", "deep.json")),
    Case("cache values of the wrong type", build_cache_wrong_type, check_bounded, model=True),
    Case("one 1.4 MB sentence with no full stop", build_long_sentence, check_bounded, model=True),
    Case("escape sequences in asset text and names", build_escapes, check_no_escape),
    # tree-sitter recovers from broken TSX at 3-8 µs a byte: a page under the 2 MB limit costs seconds at most.
    Case(".tsx of 1.9 MB unclosed quotes", build_tsx({"q.tsx": b"'abc" * 475_000}), check_fast_and_good),
    Case(".tsx nested 100,000 elements deep",
         build_tsx({"deep.tsx": b"const a = " + b"<div>" * 100_000 + b"x" + b"</div>" * 100_000}),
         check_in001_and_good),
    Case(".jsx of 3 MB", build_tsx({"big.jsx": b"export const a = <p>Two words</p>;\n" * 90_000}),
         check_in001_and_good),
    Case("zero-width, soft hyphen and look-alike letters", build_evasion, check_evasion),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--with-model", action="store_true", help="also run the cases that load the sentence model")
    ap.add_argument("--json", type=Path, help="write the results here")
    ap.add_argument("-k", help="only cases whose name contains this")
    args = ap.parse_args()
    rows = []
    for case in CASES:
        if (case.model and not args.with_model) or (args.k and args.k not in case.name):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            ws = Path(tmp) / "ws"
            ws.mkdir()
            try:
                r = run(case.build(ws), ws)
                broke = case.check(r, ws)
                if broke is None and (r.seconds > TIME_LIMIT_S or r.peak_mb > MEMORY_LIMIT_MB):
                    broke = f"over the bound: {r.seconds:.1f} s, {r.peak_mb:.0f} MB"
            except Exception as exc:  # noqa: BLE001 - a broken case is reported, the others still run
                r, broke = Run(-1, b"", b"", 0.0, 0.0), f"{type(exc).__name__}: {exc}"
            finally:
                for path in Path(tmp).rglob("*"):
                    if not path.is_symlink():
                        path.chmod(0o755 if path.is_dir() else 0o644)
                shutil.rmtree(Path(tmp), ignore_errors=True)
        rows.append({"case": case.name, "ok": broke is None, "problem": broke, "exit": r.code,
                     "seconds": round(r.seconds, 2), "peak_mb": round(r.peak_mb)})
        mark = "ok  " if broke is None else "FAIL"
        print(f"{mark} {case.name:<48} exit {r.code:>2}  {r.seconds:6.2f} s  {r.peak_mb:7.0f} MB"
              + (f"  {broke}" if broke else ""), flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
