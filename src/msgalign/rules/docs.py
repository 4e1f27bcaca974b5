"""Rule documentation as `msgalign rule CODE` prints it."""

from __future__ import annotations

import textwrap

from msgalign.rules.base import Rule


def explain(rule: type[Rule], width: int = 78) -> str:
    def para(text: str) -> str:
        return textwrap.fill(text, width=width, initial_indent="  ", subsequent_indent="  ")

    doc = rule.doc
    lines = [
        f"{rule.code} {rule.name}",
        f"Default severity: {rule.severity.label}" + ("  ·  fixable with --fix" if rule.fixable else ""),
        "",
        "What it flags",
        para(doc.summary),
        "",
        "Why it matters",
        para(doc.why),
        "",
        "Flagged",
        para(doc.flagged),
        "",
        "Preferred",
        para(doc.preferred),
    ]
    if not rule.on_by_default:
        lines += ["", "Off by default", para(doc.off_by_default or "This rule is opt-in."),
                  para(f"Turn it on with --select TM,NA,CL,AC,IN (every rule) or --select {rule.code} (only it); "
                       f"in msgalign.toml the same list goes in select = [...].")]
    if rule.settings:
        lines += ["", "Settings (msgalign.toml, under [thresholds])"]
        for setting in rule.settings:
            lines.append(f"  {setting.key} = {setting.default}")
            lines.append(textwrap.fill(setting.meaning, width=width, initial_indent="      ",
                                       subsequent_indent="      "))
    if doc.reads:
        lines += ["", "Also reads"]
        lines += [f"  {where}: {what}" for where, what in doc.reads]
    lines += ["", f"Turn it off for a run with --ignore {rule.code}, or in msgalign.toml: ignore = [\"{rule.code}\"]."]
    return "\n".join(lines) + "\n"
