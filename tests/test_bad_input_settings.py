"""Bad msgalign.toml and narrative.md as a user writes them: plain words, file and line, never a codec's
or a parser's own jargon alone."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from msgalign.errors import ConfigError, GlossaryError, NarrativeError
from msgalign.glossary.load import load_glossary
from msgalign.workspace.config import load_config
from msgalign.workspace.narrative import load_narrative


def config_error(tmp_path: Path, data: bytes) -> str:
    (tmp_path / "msgalign.toml").write_bytes(data)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "msgalign.toml")
    return str(info.value)


@pytest.mark.parametrize(("data", "expected"), [
    (b'corpus = ["corpus"]\ncorpus = ["pages"]\n',
     "msgalign.toml:2: not valid TOML: Cannot overwrite a value (this key is already set above; keep one of the "
     "two lines)."),
    (b"fail-level = error\n", "msgalign.toml:1: not valid TOML: Invalid value (text must be in quotes"),
    (b'[teams]\nsales = ["a/**"]\n[teams]\ncs = ["b/**"]\n',
     "msgalign.toml:3: not valid TOML: Cannot declare ('teams',) twice (this [table] is already written above"),
    (b'corpus = ["corpus"]\nfail-level "error"\n', "msgalign.toml:2: not valid TOML: Expected '=' after a key"),
    (b'corpus = ["corpus"]\n# caf\xe9\n', "msgalign.toml:2: cannot read the file: it is not UTF-8 text; save it as "
                                          "UTF-8."),
    (codecs.BOM_UTF16_LE + 'corpus = ["corpus"]\n'.encode("utf-16-le"),
     "msgalign.toml: cannot read the file: it is saved as UTF-16 text; save it as UTF-8."),
])
def test_config_mistakes_say_what_and_where(tmp_path: Path, data: bytes, expected: str) -> None:
    message = config_error(tmp_path, data)
    assert message.startswith("[E101] ") and expected in message, message
    assert "codec" not in message


def test_a_config_saved_with_a_bom_loads(tmp_path: Path) -> None:
    (tmp_path / "msgalign.toml").write_bytes(codecs.BOM_UTF8 + b'fail-level = "warning"\n')
    assert load_config(tmp_path / "msgalign.toml").fail_level.label == "warning"


@pytest.mark.parametrize(("data", "expected"), [
    (b"# Positioning\n\nWe help teams.\n\n## Pillar: Caf\xe9 speed\n",
     "[E301] narrative.md:5: cannot read the narrative: it is not UTF-8 text; save it as UTF-8."),
    (codecs.BOM_UTF16_LE + "# Positioning\n".encode("utf-16-le"),
     "[E301] narrative.md: cannot read the narrative: it is saved as UTF-16 text; save it as UTF-8."),
])
def test_a_narrative_that_is_not_utf8_says_so(tmp_path: Path, data: bytes, expected: str) -> None:
    (tmp_path / "narrative.md").write_bytes(data)
    with pytest.raises(NarrativeError) as info:
        load_narrative(tmp_path / "narrative.md", "narrative.md")
    assert str(info.value) == expected


def test_a_folder_named_as_the_narrative_says_so(tmp_path: Path) -> None:
    (tmp_path / "narrative.md").mkdir()
    with pytest.raises(NarrativeError, match=r"narrative.md: cannot read the narrative: it is a folder, not a file"):
        load_narrative(tmp_path / "narrative.md", "narrative.md")


def test_an_unreadable_glossary_says_so_in_plain_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "terms.yml"
    path.write_text("terms: []\n", encoding="utf-8")

    def refuse(*_: object, **__: object) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_text", refuse)  # chmod 000 cannot stop root, which CI often is
    with pytest.raises(GlossaryError) as info:
        load_glossary([path], display=lambda p: p.name)
    assert str(info.value) == ("[E201] terms.yml: cannot read the file: msgalign is not allowed to read it; "
                               "check the file's permissions.")
