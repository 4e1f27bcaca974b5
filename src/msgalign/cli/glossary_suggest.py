"""`msgalign glossary suggest`: mine a starter glossary from a corpus, as YAML to review.

A thin wrapper: parse flags, call `msgalign.authoring.suggest.suggest_for_workspace`,
write the YAML. It attaches itself to the `glossary` group when imported (see
`cli._register_commands`); the spaCy pipeline and the sentence model load only
when the command runs.
"""

from __future__ import annotations

from pathlib import Path

import click

from msgalign.cli import _emit, _guarded, _load_config, _progress, glossary


@click.command("suggest")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the glossary YAML to this file.")
@click.option("--max-terms", type=click.IntRange(1, 1000), default=40, show_default=True,
              help="Suggest at most this many terms.")
@click.option("--min-count", type=click.IntRange(1, 1000), default=2, show_default=True,
              help="A term must be used at least this often across the corpus.")
@click.option("--config", type=click.Path(dir_okay=False), help="Config file (default: nearest msgalign.toml).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the embedding cache.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), help="Read assets in N processes.")
@click.option("--quiet", "-q", is_flag=True, help="No progress or summary on stderr.")
@_guarded
def suggest(paths: tuple[str, ...], output: str | None, max_terms: int, min_count: int, config: str | None,
            no_cache: bool, jobs: int | None, quiet: bool) -> None:
    """Mine candidate terms and variant clusters from a corpus (default: the configured one).

    Prints glossary YAML with the evidence as comments: review it, write the
    definitions, and paste the entries into glossary/*.yml.
    """
    from msgalign.authoring.suggest import suggest_for_workspace

    cfg = _load_config(config)
    result, problems = suggest_for_workspace([Path(p) for p in paths], cfg, use_cache=not no_cache, jobs=jobs,
                                             progress=_progress(quiet), max_terms=max_terms,
                                             min_count=min_count)
    for problem in problems:
        click.echo(f"warning: {problem.path}: {problem.message} (skipped)", err=True)
    _emit(result.yaml_text, output)
    if not quiet:
        merged = sum(1 for c in result.candidates if c.variants)
        click.echo(f"Suggested {len(result.candidates)} terms ({merged} with variants) from {result.assets} "
                   f"assets{f' into {output}' if output else ''}. Review before pasting into glossary/.", err=True)


glossary.add_command(suggest)
