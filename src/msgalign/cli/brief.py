"""`msgalign brief`: one customer story → tiered content briefs (headline, talk track, playbook).

A thin wrapper: parse flags, call `msgalign.brief.build_brief`, render, write.
Heavy modules load inside the command so `msgalign --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from msgalign.cli import _fail, _guarded, _load_config

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
@click.option("--config", type=click.Path(dir_okay=False), help="Config file (default: nearest msgalign.toml).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the embedding cache.")
@click.option("--quiet", "-q", is_flag=True, help="No notes on stderr (warnings still show).")
@_guarded
def brief(story: str, tier_spec: str, out_dir: str | None, fmt: str, force: bool, config: str | None,
          no_cache: bool, quiet: bool) -> None:
    """Turn one customer STORY into briefs at three depths that agree on every fact, number and term.

    \b
    Tier 1 headline    website, social, e-mail (about 100 words)
    Tier 2 talk-track  sales: situation, problem, approach, result, pillar, questions, objection
    Tier 3 playbook    customer success: starting point, rollout, metrics, risks, expansion, handoff

    Every sentence comes from the story (see --format json for the trace) and follows the glossary.
    """
    from msgalign.analysis.context import Context
    from msgalign.brief import build_brief
    from msgalign.brief.render import make_environment, output_name, render_tier, to_json, write_outputs
    from msgalign.engine import display_path, load_workspace_glossary

    tiers = _tiers(tier_spec)
    path = Path(story)
    if not path.is_file():
        _fail(f"[E601] no such story file: {story}")
    cfg = _load_config(config)
    ctx = Context(cfg, load_workspace_glossary(cfg), use_cache=not no_cache)
    result = build_brief(path, ctx, display_path(path))
    for match in result.contradictions:
        pp = match.proof_point
        click.echo(f"warning: {result.story.display}:{result.story.span(*match.sentence.source_range()).line}: "
                   f"the story says {match.story_value.text!r} where the proof point "
                   f"'{pp.text}' ({ctx.narrative.path}:{pp.line}) says {match.claimed_value.text!r}.",
                   err=True)
    chosen = [result.tier(n) for n in tiers]
    env = make_environment(cfg.templates)
    if out_dir is None:
        if fmt == "json":
            click.echo(to_json(result, chosen), nl=False)
        else:
            pages = [render_tier(result, t, fmt, env) for t in chosen]
            click.echo((RULE if fmt == "md" else "\n").join(p.rstrip("\n") + "\n" for p in pages), nl=False)
        return
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        _fail(f"[E601] --out must be a folder: {out_dir} is a file.")
    outputs = [(folder / output_name(result, t, fmt), render_tier(result, t, fmt, env)) for t in chosen]
    write_outputs(outputs, force)
    if not quiet:
        for target, _ in outputs:
            click.echo(f"wrote {display_path(target)}", err=True)


COMMANDS = [brief]
