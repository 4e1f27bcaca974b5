"""Plain-text reader and the text decoding rules shared by .md, .txt and .html."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from ingest_helpers import assert_offsets_faithful, read, where

from msgalign.errors import ReadError
from msgalign.ingest import Limits, read_document
from msgalign.types import Directive

EMAIL = """\
Subject: Your Revenue Workspace is ready

Hi Dana,

Thanks for the call. Beacon connects marketing,
sales and CS in one place.
<!-- msgalign disable-next-line AC003 -->
It is the best-in-class hub.

   Book a 30-minute review:   https://example.com/book
"""


def test_email_paragraphs(tmp_path: Path) -> None:
    doc = read(tmp_path, "email.txt", EMAIL)
    assert doc.format == "text"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "Subject: Your Revenue Workspace is ready"),
        ("paragraph", "Hi Dana,"),
        ("paragraph", "Thanks for the call. Beacon connects marketing, sales and CS in one place."),
        ("paragraph", "It is the best-in-class hub."),
        ("paragraph", "Book a 30-minute review: https://example.com/book"),
    ]
    assert doc.directives == (Directive(text="disable-next-line AC003", line=7),)
    assert {b.section_index for b in doc.blocks} == {0}
    assert_offsets_faithful(doc)


def test_email_positions(tmp_path: Path) -> None:
    doc = read(tmp_path, "email.txt", EMAIL)
    assert where(doc, "Revenue Workspace") == (1, 15, 1, 32)
    assert where(doc, "sales")[:2] == (6, 1)
    assert where(doc, "best-in-class")[:2] == (8, 11)
    assert where(doc, "Book")[:2] == (10, 4)
    assert where(doc, "https")[:2] == (10, 31)


def test_crlf_text_kept_and_located(tmp_path: Path) -> None:
    raw = b"First line\r\nsecond line\r\n\r\nNext para\r\n"
    doc = read(tmp_path, "crlf.txt", raw)
    assert doc.source is not None and doc.source.text.encode() == raw
    assert [b.text for b in doc.blocks] == ["First line second line", "Next para"]
    assert where(doc, "second")[:2] == (2, 1)
    assert where(doc, "para")[:2] == (4, 6)


def test_utf16_with_bom(tmp_path: Path) -> None:
    doc = read(tmp_path, "u16.txt", codecs.BOM_UTF16_LE + "Caf\u00e9 one\n\ntwo\n".encode("utf-16-le"))
    assert doc.encoding == "utf-16" and doc.had_bom is True
    assert [b.text for b in doc.blocks] == ["Caf\u00e9 one", "two"]
    assert where(doc, "two")[:2] == (3, 1)


def test_cp1252_and_latin1_fallbacks(tmp_path: Path) -> None:
    doc = read(tmp_path, "w.txt", "\u201cQuoted\u201d caf\u00e9".encode("cp1252"))
    assert doc.encoding == "cp1252"
    assert doc.blocks[0].text == "\u201cQuoted\u201d caf\u00e9"
    # 0x81 is undefined in cp1252, so only latin-1 can read this one.
    doc = read(tmp_path, "l.txt", b"caf\xe9 \x81 ok")
    assert doc.encoding == "iso8859-1"
    assert doc.blocks[0].text == "caf\u00e9 \x81 ok"


def test_binary_data_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^this looks like binary data, not text \(NUL bytes at offset 17\)$"):
        read(tmp_path, "bin.txt", b"seventeen bytes..\x00rest")
    controls = bytes(range(1, 9)) * 20 + b"some text"
    with pytest.raises(ReadError, match=r"binary data, not text \(\d+% control characters\)"):
        read(tmp_path, "ctl.md", controls)


def test_bad_bom_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="UTF-8 byte-order mark but is not valid UTF-8"):
        read(tmp_path, "bad.md", codecs.BOM_UTF8 + b"caf\xe9")


def test_oversized_text_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * 2_460_000)  # 12.3 MB
    with pytest.raises(ReadError) as caught:
        read_document(path, "huge.txt")
    assert caught.value.reason == (
        "file is 12.3 MB; the limit for text files is 5.0 MB (set max-file-size in msgalign.toml)"
    )


def test_block_limit(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="more than 3 blocks"):
        read(tmp_path, "many.txt", "a\n\nb\n\nc\n\nd\n", limits=Limits(max_blocks=3))
