"""Bad assets in one corpus, as a user's folder holds them: each is named with what is wrong, the good
pages are still checked, nothing is written (not even by --fix, except the words it fixes), and no
traceback or internal error. Corrupt files are built here, byte by byte; none is committed."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from msgalign.cli import main
from msgalign.errors import ReadError
from msgalign.ingest import read_document

GLOSSARY = "terms:\n  - term: Harbor Studio\n    variants: [Harbour Studio]\n"
PAGE = "Book a room in Harbour Studio today.\n"


def _docx(text: str, extra: dict[str, bytes] | None = None) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_members(buffer.getvalue(), extra or {})


def _with_members(data: bytes, extra: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for name, member in extra.items():
            target.writestr(name, member)
    return out.getvalue()


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * 20_000_000 + b"</w:document>")
    return out.getvalue()


# path in the corpus → (bytes, what the user is told: an IN001 message, or None when the file is read)
ASSETS: dict[str, tuple[bytes, str | None]] = {
    "good.md": (PAGE.encode(), None),
    "corrupt.pptx": (b"PK\x03\x04 the copy stopped here",
                     "truncated or damaged .pptx file (the zip archive has no end; was the copy or download cut "
                     "short?)"),
    "corrupt.docx": (b"a page saved with the wrong name", "not a valid .docx file (it is not a zip archive)"),
    "corrupt.pdf": (b"%PDF-1.4\n1 0 obj << /Type /Catalog", "damaged or not a PDF"),
    "bomb.docx": (_bomb(), "looks like a zip bomb: word/document.xml would expand"),
    "empty.md": (b"", None),
    "nul.md": (b"Book Harbour\x00 Studio now.\n", "this looks like binary data, not text (NUL bytes at offset 12)"),
    "utf16.md": ("# Rooms\n\nBook Harbour Studio today.\n".encode("utf-16"), None),
    "unclosed.mdx": (b"# Rooms\n\n<Card title=\"Rooms\">\nBook Harbour Studio today.\n\n<Other\n", None),
    "broken.tsx": (b"export default function P() { return (<div>Book Harbour Studio <b>now</div> ; }\n", None),
    "long.md": (("Book Harbour Studio. " * 10_000 + "\n").encode(), None),
}


@pytest.fixture()
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ws"
    (root / "glossary").mkdir(parents=True)
    (root / "glossary" / "terms.yml").write_text(GLOSSARY, encoding="utf-8")
    (root / "msgalign.toml").write_text('glossary = ["glossary"]\ncorpus = ["corpus"]\n', encoding="utf-8")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, (data, _) in ASSETS.items():
        (corpus / name).write_bytes(data)
    (corpus / "traversal.docx").write_bytes(_docx("Book Harbour Studio today.", {"../../evil.xml": b"<x/>"}))
    (tmp_path / "secret.md").write_text("Harbour Studio is outside the workspace.\n", encoding="utf-8")
    (corpus / "outside.md").symlink_to(tmp_path / "secret.md")
    (corpus / "loop").mkdir()
    (corpus / "loop" / "up").symlink_to("..", target_is_directory=True)
    monkeypatch.chdir(root)
    return root


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "internal error" not in result.output.lower(), result.output
    return result


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink() and ".msgalign-cache" not in p.parts}


def test_every_bad_asset_is_named_and_the_rest_is_checked(ws: Path) -> None:
    before = snapshot(ws)
    result = run("check", "--select", "TM001,IN001", "--format", "json")
    assert result.exit_code == 1  # IN001 is an error
    findings = json.loads(result.stdout)["findings"]
    unread = {f["path"].removeprefix("corpus/"): f["message"] for f in findings if f["rule"] == "IN001"}
    for name, (_, told) in ASSETS.items():
        if told is None:
            assert name not in unread, (name, unread.get(name))
        else:
            assert unread[name].startswith(f"Cannot read this file: {told}"), (name, unread[name])
    assert unread["traversal.docx"] == (
        "Cannot read this file: it holds a part named '../../evil.xml' that points outside the document, which "
        "Office never writes (the file was altered by another tool); save it again from Word")
    assert unread["outside.md"] == "Cannot read this file: links outside the workspace are not followed"
    fixed = {f["path"].removeprefix("corpus/") for f in findings if f["rule"] == "TM001"}
    assert {"good.md", "utf16.md", "unclosed.mdx", "long.md"} <= fixed
    assert sum(1 for f in findings if f["path"] == "corpus/long.md") == 10_000
    notices = result.stderr
    assert "skipped corpus/loop/up: links to folders are not followed" in notices
    assert "corpus/unclosed.mdx:3: <Card> is never closed; its content is read as prose" in notices
    assert "corpus/broken.tsx:1: this is not valid TSX or JSX code, so the words in it are left out" in notices
    assert snapshot(ws) == before  # check never writes


def test_fix_changes_only_the_words_it_fixes(ws: Path) -> None:
    before = snapshot(ws)
    run("check", "--select", "TM001", "--fix")
    after = snapshot(ws)
    changed = {name for name in before if before[name] != after.get(name)}
    assert changed <= {"corpus/good.md", "corpus/utf16.md", "corpus/unclosed.mdx", "corpus/long.md"}, changed
    assert "corpus/good.md" in changed
    assert (ws / "corpus" / "good.md").read_text(encoding="utf-8") == "Book a room in Harbor Studio today.\n"
    assert (ws / "corpus" / "utf16.md").read_bytes().decode("utf-16") == "# Rooms\n\nBook Harbor Studio today.\n"
    assert (ws.parent / "secret.md").read_text(encoding="utf-8") == "Harbour Studio is outside the workspace.\n"


@pytest.mark.parametrize("name", ["/etc/evil.xml", "word/../../../evil.bin", "..\\evil.xml", "C:evil.xml"])
def test_zip_members_that_point_outside_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / "deck.docx"
    path.write_bytes(_docx("Book Harbour Studio today.", {name: b"x"}))
    with pytest.raises(ReadError, match=r"^it holds a part named .* that points outside the document"):
        read_document(path, "deck.docx")


def test_a_member_name_with_two_dots_inside_is_a_name(tmp_path: Path) -> None:
    path = tmp_path / "deck.docx"
    path.write_bytes(_docx("Book Harbour Studio today.", {"word/media/v1..2.bin": b"x"}))
    assert [b.text for b in read_document(path, "deck.docx").blocks] == ["Book Harbour Studio today."]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_file_link_loop_is_an_in001(ws: Path) -> None:
    (ws / "corpus" / "self.md").symlink_to("self.md")
    result = run("check", "--select", "TM001,IN001", "--format", "json")
    (loop,) = [f for f in json.loads(result.stdout)["findings"] if f["path"] == "corpus/self.md"]
    assert loop["rule"] == "IN001" and "loop" in loop["message"]
