"""`msgalign glossary import` and `glossary suggest`: build a glossary from other tools or from a corpus."""

from __future__ import annotations

from pathlib import Path

import click

from msgalign.cli.common import CONFIG, JOBS, NO_CACHE, emit, guarded, load_config, notice, progress, warn
from msgalign.text.safe import printable


@click.group()
def glossary() -> None:
    """Build a glossary: import one from other tools, or mine one from a corpus."""


@glossary.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the glossary YAML here.")
@click.option("--quiet", "-q", is_flag=True, help="No warnings, table or summary on stderr.")
@guarded
def glossary_import(files: tuple[str, ...], output: str | None, quiet: bool) -> None:
    """Convert a Vale setup (the folder with its .vale.ini, or the .vale.ini: the styles and
    vocabularies it uses, as it switches them), Vale styles (a style's folder, or its rule files),
    Vale vocabularies (accept.txt, reject.txt), textlint terminology JSON and prh YAML into
    glossary YAML.

    Each entry keeps the name of the rule it came from (`rule: Microsoft.Terms`), which
    --select, --ignore and inline comments accept. Every rule that cannot be carried over
    whole is a warning saying why, and the table at the end counts them per style.
    """
    from msgalign import api
    from msgalign.errors import UsageError

    if output is not None and any(Path(output).resolve() == Path(f).resolve() for f in files):
        other = f"glossary/{Path(output).stem.lstrip('.') or 'imported'}-terms.yml"
        raise UsageError(f"-o {output} is one of the files being imported, and writing there would replace it; "
                         f"write the glossary to another file, such as {other}.")
    result = api.import_glossary([Path(f) for f in files])
    if not quiet:
        for warning in result.warnings:
            warn(warning)
    emit(result.yaml_text, output)
    if not quiet:
        click.echo(printable(result.table().rstrip("\n"), newlines=True), err=True)
        click.echo(f"Imported {result.terms_count} terms and {result.avoid_count} phrases to avoid.", err=True)


@glossary.command("suggest")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the glossary YAML to this file.")
@click.option("--max-terms", type=click.IntRange(1, 1000), default=40, show_default=True,
              help="Suggest at most this many terms.")
@click.option("--min-count", type=click.IntRange(1, 1000), default=2, show_default=True,
              help="A term must be used at least this often across the corpus.")
@CONFIG
@NO_CACHE
@JOBS
@click.option("--quiet", "-q", is_flag=True, help="No progress or summary on stderr.")
@guarded
def suggest(paths: tuple[str, ...], output: str | None, max_terms: int, min_count: int, config: str | None,
            no_cache: bool, jobs: int | None, quiet: bool) -> None:
    """Mine candidate terms and variant clusters from a corpus (default: the configured one).

    Prints glossary YAML with the evidence as comments: review it, write the
    definitions, and paste the entries into glossary/*.yml.
    """
    from msgalign import api

    cfg = load_config(config)
    for message in api.glossary_warnings(cfg):
        notice(message)
    result, problems = api.suggest_glossary([Path(p) for p in paths], cfg, use_cache=not no_cache, jobs=jobs,
                                            progress=progress(quiet), max_terms=max_terms, min_count=min_count)
    for problem in problems:
        warn(f"{problem.path}: {problem.message} (skipped)")
    emit(result.yaml_text, output)
    if not quiet:
        merged = sum(1 for c in result.candidates if c.variants)
        click.echo(f"Suggested {len(result.candidates)} terms ({merged} with variants) from {result.assets} "
                   f"assets{f' into {output}' if output else ''}. Review before pasting into glossary/.", err=True)


COMMANDS = [glossary]
