"""Rule settings are data: declared once on the rule, read by the code, printed by `msgalign rule`,
and the only `[thresholds]` keys msgalign.toml accepts."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from msgalign.cli import main
from msgalign.glossary.load import AVOID_KEYS, TERM_KEYS
from msgalign.rules import all_rules, declared_settings, validate_settings
from msgalign.rules.base import Rule
from msgalign.workspace.config import CHANNEL_KEYS, FIX_KEYS, TOP_KEYS, from_table

RULES_DIR = Path(__file__).resolve().parents[1] / "src" / "msgalign" / "rules"
ALL = all_rules()


def _settings_section(text: str) -> list[tuple[str, str]]:
    """(key, default) pairs from the 'Settings' section of `msgalign rule CODE`."""
    if "Settings (" not in text:
        return []
    section = text.split("Settings (", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^  (\S+) = (\S+)$", section, flags=re.M)


@pytest.mark.parametrize("code", list(ALL))
def test_rule_docs_show_exactly_the_declared_settings(code: str) -> None:
    result = CliRunner().invoke(main, ["rule", code])
    assert result.exit_code == 0, result.output
    shown = _settings_section(result.output)
    assert shown == [(s.key, str(s.default)) for s in ALL[code].settings]


def _keys_read_by_code() -> set[str]:
    """Every settings key a rule module reads: `X.setting(analysis)` (X's own code) or `.setting(analysis, "KEY")`."""
    codes = {cls.__name__: cls.code for cls in ALL.values()}
    read: set[str] = set()
    for path in RULES_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            for call in (n for n in ast.walk(cls) if isinstance(n, ast.Call)):
                func = call.func
                if not (isinstance(func, ast.Attribute) and func.attr == "setting"):
                    continue
                if len(call.args) > 1:
                    assert isinstance(call.args[1], ast.Constant), f"{path.name}: a setting key must be a literal"
                    read.add(str(call.args[1].value))
                elif isinstance(func.value, ast.Name) and func.value.id in codes:
                    read.add(codes[func.value.id])
                else:
                    read.add(codes[cls.name])
    return read


def test_every_declared_setting_is_read_and_every_read_one_declared() -> None:
    assert _keys_read_by_code() == set(declared_settings())


def test_setting_keys_belong_to_their_rule() -> None:
    for code, rule in ALL.items():
        for setting in rule.settings:
            assert setting.key == code or setting.key.startswith(f"{code}-"), setting
            assert setting.meaning and not setting.meaning.endswith(".")


def test_what_a_rule_reads_names_real_configuration() -> None:
    """`reads` entries name keys the config, glossary or narrative loaders really accept."""
    declared = declared_settings()
    for code, rule in ALL.items():
        for where, what in rule.doc.reads:
            assert what, (code, where)
            if where.startswith("thresholds."):
                assert where.removeprefix("thresholds.") in declared, (code, where)
            elif where.startswith("fix."):
                assert where.removeprefix("fix.") in FIX_KEYS, (code, where)
            elif where.startswith("channels.NAME."):
                assert where.removeprefix("channels.NAME.") in CHANNEL_KEYS, (code, where)
            elif where.startswith("glossary: terms[]."):
                assert where.removeprefix("glossary: terms[].") in TERM_KEYS, (code, where)
            elif where == "glossary: avoid[]":
                assert AVOID_KEYS
            elif where.startswith("glossary: avoid[]."):
                assert where.removeprefix("glossary: avoid[].") in AVOID_KEYS, (code, where)
            elif where.startswith("fix."):
                assert where.removeprefix("fix.") in FIX_KEYS, (code, where)
            elif where.startswith("narrative: "):
                assert where.removeprefix("narrative: ") in ("icp",), (code, where)
            else:
                assert where in TOP_KEYS or where in ("data/superlatives.txt", "teams"), (code, where)


def _config(tmp_path: Path, table: dict[str, object]):  # type: ignore[no-untyped-def]
    return from_table(table, tmp_path, tmp_path / "msgalign.toml")


def test_an_unknown_threshold_names_the_nearest_key(tmp_path: Path) -> None:
    from msgalign.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        validate_settings(_config(tmp_path, {"thresholds": {"TM003-contxt": 0.5}}))
    assert "unknown key [thresholds] 'TM003-contxt'" in str(caught.value)
    assert "Did you mean 'TM003'?" in str(caught.value)
    assert str(tmp_path / "msgalign.toml") in str(caught.value)


def test_an_unknown_severity_code_is_refused(tmp_path: Path) -> None:
    from msgalign.errors import ConfigError

    with pytest.raises(ConfigError, match=r"unknown rule \[severity\] 'XX999'"):
        validate_settings(_config(tmp_path, {"severity": {"XX999": "error"}}))
    with pytest.raises(ConfigError, match="Did you mean 'TM001'"):
        validate_settings(_config(tmp_path, {"severity": {"TM0001": "error"}}))


def test_keys_match_without_case_and_whole_numbers_stay_whole(tmp_path: Path) -> None:
    from msgalign.errors import ConfigError

    config = validate_settings(_config(tmp_path, {"thresholds": {"ac001-MIN-sentences": 3, "na001": 0.3}}))
    assert config.thresholds == {"AC001-min-sentences": 3, "NA001": 0.3}
    with pytest.raises(ConfigError, match="must be a whole number"):
        validate_settings(_config(tmp_path, {"thresholds": {"AC002-min-sentences": 2.5}}))


def test_a_setting_value_reaches_the_rule(tmp_path: Path) -> None:
    from msgalign.analysis.run import Analysis
    from msgalign.glossary.types import Glossary
    from msgalign.rules.narrative import OffNarrative

    config = validate_settings(_config(tmp_path, {"thresholds": {"NA001": 0.2, "NA001-min-words": 30}}))
    analysis = Analysis(config, Glossary())
    assert OffNarrative.setting(analysis) == 0.2
    assert OffNarrative.setting(analysis, "NA001-min-words") == 30
    assert isinstance(OffNarrative.setting(analysis, "NA001-min-words"), int)
    with pytest.raises(KeyError):
        OffNarrative.setting(analysis, "NA001-no-such-key")


@pytest.mark.parametrize("command", [["check"], ["classify", "x.md"], ["brief", "story.md"], ["report"]])
def test_the_cli_exits_2_on_an_unknown_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                command: list[str]) -> None:
    (tmp_path / "msgalign.toml").write_text('[thresholds]\nNA01 = 0.3\n', encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2, result.output
    assert "[E101]" in result.output and "unknown key [thresholds] 'NA01'. Did you mean 'NA001'?" in result.output


def test_rule_base_declares_no_settings() -> None:
    assert Rule.settings == ()
