"""Asset text made safe to show: no control, bidi or invisible characters reach a terminal or a log.

Asset text (front matter, file names, quoted sentences, excerpts) is untrusted:
an ESC sequence in a `team:` value could retitle the terminal, clear the
screen or plant a hyperlink; a bidi override makes a line read differently
from what it says; a zero-width space hides inside a word. `printable` shows
each such character as a visible escape instead (`\\x1b`, `\\u202e`), so the
reader sees exactly what the file holds and the terminal interprets nothing.

Undecodable bytes in a file name (Python's surrogateescape, '\\udce9' for the
byte 0xE9) are shown as `\\xe9`; `undecodable` does only that, for display
paths, and `raw_path_bytes` turns such a display path back into its bytes.

`json_text` does the same for serialised JSON without changing what it
decodes to: the risky characters become JSON `\\uXXXX` escapes, so a JSON
document printed to a terminal is inert, and always valid UTF-8.
"""

from __future__ import annotations

import re
import unicodedata

# Categories that never belong raw on a terminal: controls, format characters
# (bidi controls, zero-width characters, soft hyphen, BOM, tags), surrogates,
# and the Unicode line and paragraph separators.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Candidates for escaping, as a quick scan: C0 and C1 controls, DEL, and any
# character outside Latin-1 (checked by category one by one). Plain ASCII and
# Latin-1 letters never reach the slow path.
_CANDIDATE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\xad\u0100-\U0010ffff]")
_ZWJ, _ZWNJ = "\u200d", "\u200c"
_BLACK_FLAG = "\U0001f3f4"
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ESCAPED_BYTE = re.compile(r"\\x([89a-f][0-9a-f])")


def _is_latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha() or ("\u00c0" <= ch <= "\u024f" and ch.isalpha())


def escape_char(ch: str) -> str:
    """One character as a visible escape: `\\x1b`, `\\u202e`, `\\U000e0041`; an undecodable byte as `\\xe9`."""
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the raw byte
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _keep(text: str, i: int, ch: str) -> bool:
    """Format characters that are part of ordinary writing, not tricks: kept as they are."""
    if ch in (_ZWJ, _ZWNJ):
        # Emoji sequences (👩‍💻) and Persian or Indic words need them; next to a
        # Latin letter they only hide a word from a search or a linter.
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        return not (_is_latin_letter(before) or _is_latin_letter(after))
    if "\U000e0020" <= ch <= "\U000e007f":  # tag characters: only inside a flag emoji (🏴 + tags)
        j = i
        while j > 0 and "\U000e0020" <= text[j - 1] <= "\U000e007f":
            j -= 1
        return j > 0 and text[j - 1] == _BLACK_FLAG
    return False


def is_unsafe(ch: str) -> bool:
    """True for a character `printable` escapes wherever it stands (controls, bidi, zero-width, surrogates)."""
    return unicodedata.category(ch) in _UNSAFE_CATEGORIES


def printable(text: str, *, newlines: bool = False) -> str:
    """The text with every control, bidi, invisible and undecodable character shown as an escape.

    A tab is kept (it moves the cursor, nothing more). A line feed is shown as
    `\\n`, so one value stays on one line, unless `newlines` keeps line breaks
    (then a CRLF or a lone CR becomes a plain line feed). Ordinary text, any
    script, emoji included, is returned unchanged.
    """
    if text.isprintable() or not _CANDIDATE.search(text):
        return text
    if newlines:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == "\t" or (ch == "\n" and newlines):
            out.append(ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif is_unsafe(ch) and not _keep(text, i, ch):
            out.append(escape_char(ch))
        else:
            out.append(ch)
    return "".join(out)


def undecodable(text: str) -> str:
    """Undecodable file-name bytes (surrogateescape) shown as `\\xNN`; everything else unchanged."""
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(lambda m: escape_char(m.group()), text)


def raw_path_bytes(shown: str) -> bytes:
    """A display path's bytes: UTF-8, with each `\\xNN` that `undecodable` wrote (NN ≥ 80) as the raw byte.

    A real file name that contains a backslash, an 'x' and two such hex digits
    reads as that byte too; on the systems that allow it, that name is rare.
    """
    out = bytearray()
    pos = 0
    for m in _ESCAPED_BYTE.finditer(shown):
        out += utf8(shown[pos:m.start()])
        out.append(int(m.group(1), 16))
        pos = m.end()
    out += utf8(shown[pos:])
    return bytes(out)


def utf8(text: str) -> bytes:
    """The text's UTF-8 bytes; an undecodable byte (surrogateescape) is that byte, another lone surrogate `\\udXXX`."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace")


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:  # a lone surrogate is not Unicode: say so visibly, in valid UTF-8
        return escape_char(ch).replace("\\", "\\\\")
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def json_text(serialised: str) -> str:
    """Serialised JSON with control, bidi, invisible and surrogate characters as `\\uXXXX` escapes.

    Such characters can only stand inside JSON strings, so escaping them keeps
    the document valid and decoding to the same text (a lone surrogate, which
    no UTF-8 document may hold, decodes to the visible `\\xNN` instead).
    """
    if serialised.isprintable() or not _CANDIDATE.search(serialised):
        return serialised
    out: list[str] = []
    for ch in serialised:
        if ch in "\n\t" or not is_unsafe(ch):  # structural whitespace from indent=; json escapes them in strings
            out.append(ch)
        else:
            out.append(_json_escape(ch))
    return "".join(out)
