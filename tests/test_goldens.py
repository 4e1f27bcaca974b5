"""The golden helper itself: it compares, fails with a readable diff, and writes only when asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from goldens import UPDATE_VARIABLE, assert_golden


def test_equal_output_passes_and_leaves_the_file_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(UPDATE_VARIABLE, raising=False)
    golden = tmp_path / "a.txt"
    golden.write_bytes(b"one\ntwo\n")
    assert_golden(golden, "one\ntwo\n")
    assert golden.read_bytes() == b"one\ntwo\n"


@pytest.mark.parametrize("value", [None, "0", "true", ""])
def test_a_difference_fails_with_a_diff_and_is_not_written(value: str | None, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    if value is None:
        monkeypatch.delenv(UPDATE_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(UPDATE_VARIABLE, value)
    golden = tmp_path / "a.txt"
    golden.write_bytes(b"one\ntwo\nthree\n")
    with pytest.raises(AssertionError) as failure:
        assert_golden(golden, "one\n2\nthree\n")
    message = str(failure.value)
    assert str(golden) in message and f"{UPDATE_VARIABLE}=1" in message
    assert "-two\n+2\n" in message and "--- a.txt (golden)" in message and "+++ a.txt (actual)" in message
    assert golden.read_bytes() == b"one\ntwo\nthree\n"


def test_invisible_differences_are_spelled_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(UPDATE_VARIABLE, raising=False)
    golden = tmp_path / "a.txt"
    golden.write_bytes(b"\x1b[1mbold\x1b[0m\nend\n")
    with pytest.raises(AssertionError) as failure:
        assert_golden(golden, "\x1b[1mbold\x1b[0m\r\nend")
    message = str(failure.value)
    assert "+\\x1b[1mbold\\x1b[0m\\r\n" in message and "\x1b" not in message
    assert "+end  [no newline at end]" in message


def test_a_missing_golden_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(UPDATE_VARIABLE, raising=False)
    with pytest.raises(AssertionError, match="missing golden"):
        assert_golden(tmp_path / "none.txt", "x")
    assert not (tmp_path / "none.txt").exists()


def test_update_mode_writes_utf8_bytes_exactly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(UPDATE_VARIABLE, "1")
    golden = tmp_path / "new" / "a.txt"
    assert_golden(golden, "Café\r\nno final newline")
    assert golden.read_bytes() == "Café\r\nno final newline".encode()
    golden.write_bytes(b"stale\n")
    assert_golden(golden, "fresh\n")
    assert golden.read_bytes() == b"fresh\n"
