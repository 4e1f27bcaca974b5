"""Every reader against tests/fixtures/hostile/: a plain ReadError (or a Document) in bounded time."""

from __future__ import annotations

import io
import random
import time
import zipfile
from pathlib import Path

import pytest

from msgalign.errors import ReadError
from msgalign.ingest import Limits, read_document

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
_SECONDS = 10.0

# file → the reason it must give (or None: it must read as a normal Document).
EXPECTED: dict[str, str | None] = {
    "zip-bomb.pptx": r"^looks like a zip bomb: ppt/presentation\.xml would expand \d+x$",
    "zip-bomb.docx": r"^looks like a zip bomb: word/document\.xml would expand \d+x$",
    "truncated.pptx": r"^truncated or damaged \.pptx file",
    "encrypted.docx": r"^the file is password-protected$",
    "random-bytes.md": r"^this looks like binary data, not text \(NUL bytes at offset \d+\)$",
    "nul-laden.txt": r"^this looks like binary data, not text \(NUL bytes at offset 520\)$",
    "fake.pdf": r"^damaged or not a PDF \(.+\)$",
    "encrypted.pdf": r"^the PDF is encrypted$",
    "deep-300.html": r"^HTML is nested more than 256 levels deep$",
    "latin1-undeclared.html": None,
    "empty.md": None,
    "empty.txt": None,
    "empty.html": None,
    "empty.pptx": None,
    "empty.docx": None,
    "empty.pdf": None,
}


def test_the_hostile_folder_is_complete_and_small() -> None:
    present = {path.name for path in HOSTILE.iterdir()}
    assert present == set(EXPECTED)
    assert all(path.stat().st_size < 200_000 for path in HOSTILE.iterdir())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file(name: str) -> None:
    path = HOSTILE / name
    started = time.monotonic()
    expected = EXPECTED[name]
    if expected is None:
        doc = read_document(path, f"hostile/{name}")
        assert doc.display_path == f"hostile/{name}"
    else:
        with pytest.raises(ReadError, match=expected) as caught:
            read_document(path, f"hostile/{name}")
        assert "\n" not in caught.value.reason and "Traceback" not in caught.value.reason
    assert time.monotonic() - started < _SECONDS


def test_latin1_without_declaration_reads_as_cp1252() -> None:
    doc = read_document(HOSTILE / "latin1-undeclared.html", "latin1.html")
    assert doc.encoding == "cp1252"
    assert [b.text for b in doc.blocks] == [
        "Caf\u00e9 cr\u00e8me",
        "Na\u00efve r\u00e9sum\u00e9 for the Revenue Workspace ? sold \u00a9 2024.",
    ]


@pytest.mark.parametrize("suffix", [".md", ".txt", ".html", ".pptx", ".docx", ".pdf"])
def test_empty_files_are_empty_documents(suffix: str) -> None:
    doc = read_document(HOSTILE / f"empty{suffix}", f"empty{suffix}")
    assert doc.blocks == ()
    assert doc.format == {".md": "markdown", ".txt": "text", ".html": "html"}.get(suffix, suffix[1:])


def test_oversized_file_is_refused_before_opening(tmp_path: Path) -> None:
    path = tmp_path / "big.pptx"
    path.write_bytes(b"PK" + bytes(2_000))
    with pytest.raises(ReadError, match=r"^file is 0\.0 MB; the limit is 0\.0 MB"):
        read_document(path, "big.pptx", Limits(max_file_bytes=1_000))


def test_oversized_text_is_generated_not_committed(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    path.write_bytes(b"# Heading\n\n" + b"revenue hub " * 500_000)  # 6 MB
    started = time.monotonic()
    with pytest.raises(ReadError, match=r"^file is 6\.0 MB; the limit for text files is 5\.0 MB"):
        read_document(path, "huge.md")
    assert time.monotonic() - started < _SECONDS


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "deck.key"
    path.write_bytes(b"anything")
    with pytest.raises(ReadError, match=r"^unsupported file type '\.key'$"):
        read_document(path, "deck.key")
    (tmp_path / "README").write_bytes(b"anything")
    with pytest.raises(ReadError, match=r"^unsupported file type \(no extension\)$"):
        read_document(tmp_path / "README", "README")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="^the file does not exist: it was moved or deleted, or its name is misspel"):
        read_document(tmp_path / "gone.md", "gone.md")
    with pytest.raises(ReadError, match="^the file does not exist"):  # whatever its suffix
        read_document(tmp_path / "gone", "gone")
    (tmp_path / "folder.md").mkdir()
    with pytest.raises(ReadError, match="folder"):
        read_document(tmp_path / "folder.md", "folder.md")


# -- zip guard: each limit, from the central directory alone ------------------


def _office_zip(path: Path, members: dict[str, bytes], encrypt_flag: bool = False) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    data = bytearray(buffer.getvalue())
    if encrypt_flag:
        # Set the "encrypted" bit in every central-directory entry.
        at = data.find(b"PK\x01\x02")
        while at >= 0:
            data[at + 8] |= 0x01
            at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def test_too_many_members(tmp_path: Path) -> None:
    members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}
    members.update({f"word/media/{i}.xml": b"x" for i in range(10)})
    path = _office_zip(tmp_path / "many.docx", members)
    with pytest.raises(ReadError, match=r"^looks like a zip bomb: 12 members \(the limit is 5\)$"):
        read_document(path, "many.docx", Limits(max_zip_members=5))


def test_total_uncompressed_size(tmp_path: Path) -> None:
    members = {"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": random.Random(7).randbytes(1_024_000)}
    path = _office_zip(tmp_path / "big.pptx", members)
    with pytest.raises(ReadError,
                       match=r"^looks like a zip bomb: it would expand to 1\.0 MB \(the limit is 0\.5 MB\)$"):
        read_document(path, "big.pptx", Limits(max_uncompressed_bytes=500_000))


def test_missing_required_parts(tmp_path: Path) -> None:
    path = _office_zip(tmp_path / "notes.pptx", {"[Content_Types].xml": b"<Types/>", "readme.txt": b"hi"})
    with pytest.raises(ReadError, match=r"^truncated or not a PowerPoint file: it has no ppt/presentation\.xml$"):
        read_document(path, "notes.pptx")
    path = _office_zip(tmp_path / "plain.docx", {"word/document.xml": b"<w/>"})
    with pytest.raises(ReadError, match=r"^truncated or not a Word document: it has no \[Content_Types\]\.xml$"):
        read_document(path, "plain.docx")


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "renamed.pptx"
    path.write_bytes(b"<html>this was a web page</html>")
    with pytest.raises(ReadError, match=r"^not a valid \.pptx file \(it is not a zip archive\)$"):
        read_document(path, "renamed.pptx")


def test_encrypted_zip_members(tmp_path: Path) -> None:
    members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}
    path = _office_zip(tmp_path / "locked.docx", members, encrypt_flag=True)
    with pytest.raises(ReadError, match="^the file is password-protected$"):
        read_document(path, "locked.docx")


def test_legacy_binary_office_file_with_new_suffix(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + "WordDocument".encode("utf-16-le"))
    with pytest.raises(ReadError, match=r"^this is an old binary Word file \(\.doc\) with a \.docx name"):
        read_document(path, "old.docx")


def test_broken_xml_inside_a_valid_zip(tmp_path: Path) -> None:
    members = {"[Content_Types].xml": b"<Types", "ppt/presentation.xml": b"<p:presentation"}
    path = _office_zip(tmp_path / "broken.pptx", members)
    with pytest.raises(ReadError, match=r"^could not read the PowerPoint file: .+") as caught:
        read_document(path, "broken.pptx")
    assert "\n" not in caught.value.reason


@pytest.mark.parametrize("suffix", [".md", ".txt", ".html", ".pptx", ".docx", ".pdf"])
def test_every_reader_survives_every_hostile_file(tmp_path: Path, suffix: str) -> None:
    """The same bytes under every extension: a renamed file must not get further."""
    for source in sorted(HOSTILE.iterdir()):
        path = tmp_path / f"{source.stem}{suffix}"
        path.write_bytes(source.read_bytes())
        started = time.monotonic()
        try:
            read_document(path, path.name)
        except ReadError as exc:
            assert exc.reason and "\n" not in exc.reason
        assert time.monotonic() - started < _SECONDS, source.name
