"""The command line: parse flags, call one `msgalign.api` function, render, pick the exit code.

Nothing here is imported by the library. Each command lives in its own module
and imports heavy modules inside the command, so `msgalign --help` stays fast;
`COMMANDS` below is the one list of them.
"""

from __future__ import annotations

import click

from msgalign._version import __version__
from msgalign.cli import brief, check, classify, glossary, report

COMMANDS: list[click.Command] = [*check.COMMANDS, *glossary.COMMANDS, *brief.COMMANDS, *classify.COMMANDS,
                                 *report.COMMANDS]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="msgalign")
def main() -> None:
    """msgalign: one story, one vocabulary, one set of numbers across marketing, sales and CS.

    Start with `msgalign init my-workspace`, then `msgalign check`.
    """


for _command in COMMANDS:
    main.add_command(_command)

if __name__ == "__main__":  # pragma: no cover
    main()
