"""`msgalign brief`: one customer story → tiered content briefs (headline, talk track, playbook).

A thin wrapper: parse flags, call `msgalign.api.build_brief`, render, write.
Heavy modules load inside the command so `msgalign --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from msgalign.cli.common import CONFIG, NO_CACHE, guarded, load_config, notice, warn

RULE = "\n---\n\n"  # between tiers on stdout: a Markdown thematic break


def _tiers(value: str) -> tuple[int, ...]:
    picked: list[int] = []
    for part in value.split(","):
        part = part.strip().lower()
        if not part:
            continue
        names = {"1": 1, "2": 2, "3": 3, "headline": 1, "talk-track": 2, "playbook": 3}
        if part not in names:
            raise click.BadParameter(f"'{part}' is not a tier; use 1, 2, 3 (or headline, talk-track, playbook).",
                                     param_hint="--tier")
        if names[part] not in picked:
            picked.append(names[part])
    if not picked:
        raise click.BadParameter("name at least one tier, e.g. --tier 1,3.", param_hint="--tier")
    return tuple(sorted(picked))


@click.command("brief")
@click.argument("story", type=click.Path(dir_okay=False))
@click.option("--tier", "tier_spec", default="1,2,3", show_default=True, metavar="1,2,3",
              help="Which tiers: 1 headline, 2 talk-track, 3 playbook (comma-separated).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Write one file per tier into this folder instead of printing.")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True,
              help="Markdown, a self-contained HTML page, or JSON that traces every sentence to the story.")
@click.option("--force", is_flag=True, help="Overwrite brief files that already exist in --out.")
@CONFIG
@NO_CACHE
@click.option("--quiet", "-q", is_flag=True, help="No notes on stderr (warnings still show).")
@guarded
def brief(story: str, tier_spec: str, out_dir: str | None, fmt: str, force: bool, config: str | None,
          no_cache: bool, quiet: bool) -> None:
    """Turn one customer STORY into briefs at three depths that agree on every fact, number and term.

    \b
    Tier 1 headline    website, social, e-mail: the strongest result and one quote (60-100 words)
    Tier 2 talk-track  sales: situation, problem, approach, every result, quote, questions, objection
    Tier 3 playbook    customer success: starting point, rollout, metrics, voice, risks, expansion, handoff

    Every sentence comes from the story (see --format json for the trace) and follows the glossary.
    A section the story cannot fill is left out and listed in the notes to the writer.
    """
    from msgalign import api
    from msgalign.workspace.paths import display_path

    tiers = _tiers(tier_spec)
    cfg = load_config(config)
    result = api.build_brief(Path(story), cfg, use_cache=not no_cache)
    for message in api.glossary_warnings(cfg):
        notice(message)
    if not result.story.sentences and not result.story.quotes and result.story.title is not None:
        warn(f"{result.story.display}: the story has a title ('{result.story.title.text}') and no text under it, "
             "so the briefs hold the title and notes only; write the story under its title.")
    for match in result.contradictions:
        pp = match.proof_point
        where = f"{display_path(cfg.narrative)}:{pp.line}" if cfg.narrative else f"line {pp.line}"
        warn(f"{result.story.display}:{result.story.span(*match.sentence.source_range()).line}: "
             f"the story says {match.story_value.text!r} where the proof point "
             f"'{pp.text}' ({where}) says {match.claimed_value.text!r}.")
    if out_dir is None:
        if fmt == "json":
            click.echo(api.brief_json(result, tiers), nl=False)
        else:
            pages = [text for _, text in api.render_brief(result, tiers, fmt, cfg)]
            click.echo((RULE if fmt == "md" else "\n").join(p.rstrip("\n") + "\n" for p in pages), nl=False)
        return
    written = api.write_brief(Path(out_dir), api.render_brief(result, tiers, fmt, cfg), force=force)
    if not quiet:
        for target in written:
            click.echo(f"wrote {display_path(target)}", err=True)


COMMANDS = [brief]
