"""Briefs on the page: Markdown and HTML through sandboxed Jinja2 templates, and JSON.

Templates are workspace files, so they are treated as untrusted: they run in an
immutable sandbox with strict undefined, see only plain data (dicts, lists,
strings, numbers), can load no template but the brief templates themselves,
call nothing but their own macros, and have no globals. Anything a template
gets wrong — syntax, an unknown variable, a forbidden attribute, an include —
becomes a TemplateError that names the file and the line (exit 2).
"""

from __future__ import annotations

import json
import os
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound, TemplateSyntaxError, Undefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.exceptions import TemplateError as JinjaTemplateError
from jinja2.runtime import BlockReference, LoopContext, Macro, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from msgalign.brief import Brief
from msgalign.brief.results import Result
from msgalign.brief.tiers import BriefSentence, Section, Tier
from msgalign.errors import TemplateError, UsageError
from msgalign.fs import Refused, commit_temp, describe_link, discard_temp, inside, read_stamped, real_path, write_temp
from msgalign.text.safe import printable

BASE_HTML = "brief.html.j2"
MAX_TEMPLATE_BYTES = 256_000
MAX_OUTPUT_CHARS = 2_000_000
# One value built by `*`, `+` or `~`, and all of them in one render together: a chain of
# operations each under the per-operation cap must not build gigabytes.
MAX_VALUE_CHARS = 1_000_000
MAX_BUILT_CHARS = 20_000_000
RENDER_SECONDS = 10
_SAFE_FILTERS = {
    "abs", "capitalize", "count", "d", "default", "dictsort", "e", "escape", "first", "float", "forceescape",
    "groupby", "int", "join", "last", "length", "list", "lower", "map", "max", "min", "reject", "rejectattr",
    "round", "safe", "select", "selectattr", "slice", "batch", "sort", "string", "striptags", "sum", "title",
    "tojson", "trim", "truncate", "unique", "upper", "urlencode", "wordcount",
}


def template_names() -> tuple[str, ...]:
    """Every name a template may be loaded by: the tier templates and the HTML base."""
    from msgalign.brief.tiers import TIER_SPECS

    names = [f"tier{n}-{spec.name}.{fmt}.j2" for n, spec in sorted(TIER_SPECS.items()) for fmt in ("md", "html")]
    return (*names, BASE_HTML)


def template_name(tier: Tier, fmt: str) -> str:
    return f"tier{tier.spec.number}-{tier.spec.name}.{fmt}.j2"


class TierTemplateLoader(BaseLoader):
    """Serves only the brief templates: the workspace's copy by that name, else the packaged one.

    No other name resolves, so `{% include '/etc/passwd' %}` or `'../x'` is a missing
    template, never a file read. A workspace copy is read only when its real path is
    inside `root` (the workspace root; without one, the templates folder itself): a
    link out of it, a link loop or a FIFO by a template's name is a TemplateError
    that names the file, never a read and never a hang.
    """

    def __init__(self, workspace: Path | None, root: Path | None = None) -> None:
        self.workspace = workspace
        self.allowed = frozenset(template_names())
        base = root if root is not None else workspace
        self.roots = (Path(os.path.realpath(base)),) if base is not None else ()

    def display(self, name: str) -> str:
        """The file a template comes from, as errors name it."""
        override = self._override(name)
        return override.as_posix() if override else str(resources.files("msgalign").joinpath("data", "templates", name))

    def _override(self, name: str) -> Path | None:
        if self.workspace is None or name not in self.allowed:
            return None
        path = self.workspace / name
        return path if os.path.lexists(path) else None

    def _read_override(self, path: Path) -> bytes:
        if os.path.islink(path):
            try:
                real = real_path(path)
            except OSError:
                raise TemplateError(describe_link(path) + ".", where=path.as_posix()) from None
            if not inside(real, self.roots):
                raise TemplateError("the template is a symbolic link to a file outside the workspace; links "
                                    "outside the workspace are not followed.", where=path.as_posix())
        try:
            data, _ = read_stamped(path, MAX_TEMPLATE_BYTES, follow=True)
        except Refused as exc:
            raise TemplateError(f"cannot use the template: {exc.reason}.", where=path.as_posix()) from None
        return data

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        if template not in self.allowed:
            raise TemplateNotFound(template)
        override = self._override(template)
        try:
            if override is not None:
                data = self._read_override(override)
            else:
                data = resources.files("msgalign").joinpath("data", "templates", template).read_bytes()
        except (OSError, FileNotFoundError):
            raise TemplateNotFound(template) from None
        if len(data) > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"the template is larger than {MAX_TEMPLATE_BYTES // 1000} KB.",
                                where=self.display(template))
        try:
            source = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TemplateError("the template is not UTF-8 text.", where=self.display(template)) from None
        return source, self.display(template), lambda: True


class BudgetError(JinjaTemplateError):
    """A template built more text than a brief can need (the message says which limit)."""


@dataclass
class _Budget:
    built: int = 0   # characters (or items) made by *, + and ~ in this render
    output: int = 0  # characters written by {{ ... }} and by the page itself


_BUDGET: ContextVar[_Budget | None] = ContextVar("brief_template_budget", default=None)


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


def _charge_built(size: int) -> None:
    if size > MAX_VALUE_CHARS:
        raise BudgetError(f"the template builds a value of {size:,} characters with *, + or ~; "
                          f"the limit is {MAX_VALUE_CHARS:,}")
    budget = _BUDGET.get()
    if budget is not None:
        budget.built += size
        if budget.built > MAX_BUILT_CHARS:
            raise BudgetError(f"the template builds more than {MAX_BUILT_CHARS:,} characters with *, + or ~ "
                              "in one render; does it build text in a loop?")


def _charge_output(value: Any) -> Any:
    """Jinja's `finalize`: every {{ ... }} written, inside macros too, counts towards the output limit.

    What a macro returns is counted again when it is written: a page that
    calls its macros is charged up to twice for their text, well within
    the limit for any real brief.
    """
    budget = _BUDGET.get()
    if budget is not None:
        size = len(value) if isinstance(value, str) else 0
        budget.output += size
        if budget.output > MAX_OUTPUT_CHARS or size > MAX_VALUE_CHARS:
            raise BudgetError(f"the template writes more than {MAX_OUTPUT_CHARS:,} characters")
    return value


class _BudgetCodeGenerator(CodeGenerator):
    """Compiles `a ~ b ~ c` to a call the sandbox sees (Jinja joins it inline otherwise), and the
    template's own text to a charge against the output limit (a loop in a macro repeats it)."""

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        return f"environment.charge_text({super()._output_const_repr(group)})"

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        escape = "None" if frame.eval_ctx.volatile else repr(bool(frame.eval_ctx.autoescape))
        self.write("environment.call_concat(context, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write(f"), {escape})")


class BriefEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, tightened: no calls but macros and loop helpers, no `**`, bounded `*` and `%`.

    Every value built by `*`, `+` and `~` is sized before it is built, one
    value and all of them in a render together, and so is all that is
    written: a chain of operations, each under the per-operation cap,
    cannot build gigabytes (a 12 GB value before these budgets).
    """

    intercepted_binops = frozenset({"**", "*", "%", "+"})
    code_generator_class = _BudgetCodeGenerator

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("finalize", _charge_output)
        super().__init__(*args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            raise SecurityError("the power operator is not available in brief templates")
        if operator == "%" and isinstance(left, str):
            raise SecurityError("string formatting with % is not available in brief templates; use filters")
        if operator == "*" and any(isinstance(x, (str, list, tuple)) for x in (left, right)):
            count = right if isinstance(right, int) else left if isinstance(left, int) else 0
            if isinstance(count, int) and count > 1000:
                raise SecurityError("repeating text more than 1000 times is not available in brief templates")
            if isinstance(count, int):
                _charge_built(max(0, count) * max(_size(left), _size(right)))
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            _charge_built(len(left) + len(right))
        return super().call_binop(context, operator, left, right)

    def charge_text(self, text: str) -> str:
        """The template's own text, each time it is written."""
        return _charge_output(text)  # type: ignore[no-any-return]

    def call_concat(self, context: Any, parts: tuple[Any, ...], escape: bool | None) -> str:
        """`a ~ b`: each part as text, sized before they are joined."""
        if escape is None:
            escape = bool(context.eval_ctx.volatile)
        joined = markup_join if escape else str_join
        texts = [part if isinstance(part, str) else str(part) for part in parts]
        _charge_built(sum(len(text) for text in texts))
        return joined(texts)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        obj = __obj
        if isinstance(obj, Undefined):
            obj._fail_with_undefined_error()  # "'range' is undefined": no globals in brief templates
        bound_to = getattr(obj, "__self__", None)
        allowed = isinstance(obj, (Macro, LoopContext, BlockReference)) or isinstance(bound_to, LoopContext) \
            or (isinstance(bound_to, dict) and getattr(obj, "__name__", "") in ("items", "keys", "values", "get"))
        if not allowed:
            raise SecurityError(f"templates cannot call {getattr(obj, '__name__', type(obj).__name__)!r}; "
                                "they can only format the brief (use filters and macros)")
        return super().call(__context, obj, *args, **kwargs)


def _printable(value: object) -> object:
    """Every value a brief template prints: the story's text loses control, bidi and invisible
    characters to visible escapes, in Markdown and HTML alike (escaping HTML alone lets ESC through)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return printable(value, newlines=True)
    return value


def make_environment(workspace_templates: Path | None, root: Path | None = None) -> BriefEnvironment:
    """The sandbox with the brief templates; workspace copies are read only from inside `root`."""
    env = BriefEnvironment(
        loader=TierTemplateLoader(workspace_templates, root),
        undefined=StrictUndefined,
        autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        finalize=_printable,
    )
    env.globals.clear()  # no range, dict, lipsum, cycler, joiner, namespace: nothing to reach through
    env.filters = {name: f for name, f in env.filters.items() if name in _SAFE_FILTERS}
    env.tests = dict(env.tests)
    return env


@contextmanager
def _time_limit(seconds: int, where: str) -> Iterator[None]:
    """A template that loops forever must not hang the run (main thread on POSIX only)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise TemplateError(f"rendering took longer than {seconds} seconds; does the template loop without end?",
                            where=where)

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _template_line(tb: TracebackType | None, files: set[str]) -> tuple[str, int] | None:
    """The deepest frame that runs template code: Jinja rewrites frames to the template's file and line."""
    found = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in files:
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _explain(exc: BaseException) -> str:
    if isinstance(exc, TemplateNotFound):
        return (f"templates can only use the brief templates; '{exc.name}' is not one of them "
                f"(allowed: {', '.join(template_names())})")
    if isinstance(exc, SecurityError):
        return f"the template tried something templates may not do: {exc}"
    if isinstance(exc, UndefinedError):
        return f"{exc.message}; see templates/README.md for the variables a brief template gets"
    if isinstance(exc, RecursionError):
        return "the template calls itself without end"
    if isinstance(exc, JinjaTemplateError):
        return exc.message or type(exc).__name__
    return f"{type(exc).__name__}: {exc}"


def render_template(env: BriefEnvironment, name: str, context: dict[str, Any]) -> str:
    loader: TierTemplateLoader = env.loader  # type: ignore[assignment]
    where = loader.display(name)
    files = {loader.display(n) for n in template_names()}
    token = _BUDGET.set(_Budget())
    try:
        with _time_limit(RENDER_SECONDS, where):
            template = env.get_template(name)
            out = template.render(**context)
    except TemplateError:
        raise
    except TemplateSyntaxError as exc:
        file = exc.filename or where
        message = (exc.message or "invalid syntax").rstrip(".")
        raise TemplateError(f"syntax error: {message}.", where=f"{file}:{exc.lineno}") from None
    except (Exception, RecursionError) as exc:  # noqa: BLE001 - any template failure is the template's
        located = _template_line(exc.__traceback__, files)
        spot = f"{located[0]}:{located[1]}" if located else where
        raise TemplateError(_explain(exc).rstrip(".") + ".", where=spot) from None
    finally:
        _BUDGET.reset(token)
    if len(out) > MAX_OUTPUT_CHARS:
        raise TemplateError(f"the rendered brief is over {MAX_OUTPUT_CHARS:,} characters.", where=where)
    return out


# --- the data a template sees ---------------------------------------------------------

def _sentence_data(s: BriefSentence) -> dict[str, Any]:
    return {"text": s.text, "kind": s.kind, "lines": [src.line for src in s.sources], "link": s.link,
            "speaker": s.speaker}


def _section_data(section: Section) -> dict[str, Any]:
    sentences = [_sentence_data(s) for s in section.sentences]
    return {"name": section.name, "title": section.title, "note": section.note, "sentences": sentences,
            "text": " ".join(s["text"] for s in sentences if s["kind"] != "speaker"), "empty": not sentences}


def _result_data(brief: Brief, r: Result) -> dict[str, Any]:
    c = r.claim
    return {"number": r.number, "unit": c.unit, "value": c.value, "baseline": c.baseline, "metric": r.metric,
            "direction": r.direction, "headline": r.key, "strength": r.strength,
            "sources": [dict(_source_data(brief, *m.sentence.source_range()), where=m.where) for m in r.mentions]}


def tier_context(brief: Brief, tier: Tier) -> dict[str, Any]:
    sections = [_section_data(s) for s in tier.sections]
    spec = tier.spec
    return {
        "brief": {
            "customer": brief.customer,
            "described": brief.story.described.value if brief.story.described else "",
            "industry": brief.story.industry.value if brief.story.industry else "",
            "size": brief.story.size.value if brief.story.size else "",
            "story": brief.story.display,
            "url": brief.story.url.value if brief.story.url else "",
            "pillars": [{"id": p.pillar.id, "name": p.pillar.name, "similarity": p.similarity, "proves": p.proves}
                        for p in brief.pillars],
        },
        "tier": {"number": spec.number, "name": spec.name, "title": spec.title, "audience": spec.audience,
                 "team": spec.team, "channel": spec.channel},
        "sections": sections,
        "section": {s["name"]: s for s in sections},
        "notes": list(tier.notes),
    }


def render_tier(brief: Brief, tier: Tier, fmt: str, env: BriefEnvironment) -> str:
    if fmt == "json":
        return to_json(brief, [tier])
    if fmt not in ("md", "html"):
        raise UsageError(f"unknown brief format '{fmt}'; use md, html or json.")
    page = render_template(env, template_name(tier, fmt), tier_context(brief, tier))
    if fmt == "md":
        # Template macros leave blank-line runs; Markdown reads one blank line the same.
        page = re.sub(r"\n{3,}", "\n\n", page).strip("\n") + "\n"
    return page


# --- JSON -----------------------------------------------------------------------------

def brief_data(brief: Brief, tiers: list[Tier]) -> dict[str, Any]:
    return {
        "story": brief.story.display,
        "customer": brief.customer or None,
        # A story that names no customer: how it describes them ("Agritech producer"), with where it says so.
        "customer_description": ({"text": brief.story.described.value,
                                  **_source_data(brief, brief.story.described.start, brief.story.described.end)}
                                 if brief.story.described else None),
        "industry": brief.story.industry.value if brief.story.industry else None,
        "size": brief.story.size.value if brief.story.size else None,
        "pillars": [{"id": p.pillar.id, "name": p.pillar.name, "similarity": round(p.similarity, 4),
                     "proves": p.proves} for p in brief.pillars],
        "proof_points": [{
            "text": p.proof_point.text, "pillar": p.proof_point.pillar, "line": p.proof_point.line,
            "status": p.status, "claimed": p.claimed_value.text, "story_value": p.story_value.text,
            "similarity": round(p.similarity, 4),
            "sources": [_source_data(brief, *p.sentence.source_range())],
        } for p in brief.proof_points],
        "url": brief.story.url.value if brief.story.url else None,
        "results": [_result_data(brief, r) for r in brief.results],
        "people": [{"name": name, "role": role} for name, role in _people(brief)],
        "tiers": [{
            "tier": t.spec.number, "name": t.spec.name, "title": t.spec.title, "audience": t.spec.audience,
            "words": t.words, "notes": list(t.notes),
            "sections": [{
                "name": s.name, "title": s.title, "note": s.note or None,
                "sentences": [{"text": x.text, "kind": x.kind, **({"link": x.link} if x.link else {}),
                               **({"speaker": x.speaker} if x.speaker else {}),
                               "sources": [{"start": src.start, "end": src.end, "line": src.line,
                                            "end_line": src.end_line, "text": src.text} for src in x.sources]}
                              for x in s.sentences],
            } for s in t.sections],
        } for t in tiers],
    }


def _people(brief: Brief) -> list[tuple[str, str]]:
    """Everyone the story quotes, by full name, with the longest role it gives them."""
    roles: dict[str, str] = {}
    for q in brief.story.quotes:
        if q.speaker and len(q.role) >= len(roles.get(q.speaker, "")):
            roles[q.speaker] = q.role
    return sorted(roles.items(), key=lambda p: min(q.sentences[0].index for q in brief.story.quotes
                                                   if q.speaker == p[0]))


def _source_data(brief: Brief, start: int, end: int) -> dict[str, Any]:
    span = brief.story.span(start, end)
    return {"start": start, "end": end, "line": span.line, "end_line": span.end_line,
            "text": brief.story.text[start:end]}


def to_json(brief: Brief, tiers: list[Tier]) -> str:
    return json.dumps(brief_data(brief, tiers), indent=2, ensure_ascii=False) + "\n"


# --- files ----------------------------------------------------------------------------

def output_name(brief: Brief, tier: Tier, fmt: str) -> str:
    return f"{brief.story.path.stem}.tier{tier.spec.number}-{tier.spec.name}.{fmt}"


def write_outputs(outputs: list[tuple[Path, str]], force: bool) -> None:
    """Write every file or none: existing files stop the run unless `force`; links are never written through.

    Each file goes to an exclusively created temporary file beside it (a name nobody
    can plant a link at), and only when all are written are they renamed into place.
    """
    existing = [p for p, _ in outputs if os.path.lexists(p)]
    links = [p for p in existing if os.path.islink(p)]
    if links:
        names = ", ".join(p.as_posix() for p in links)
        what, them = ("they are symbolic links", "them") if len(links) > 1 else ("it is a symbolic link", "it")
        raise UsageError(f"will not write {names}: {what}, and msgalign never writes where a link points; "
                         f"remove {them} or choose another --out.")
    if existing and not force:
        names = ", ".join(p.as_posix() for p in existing)
        raise UsageError(f"will not overwrite {names}; use --force to replace {'them' if len(existing) > 1 else 'it'}.")
    temps: list[tuple[Path, Path]] = []
    try:
        for path, text in outputs:
            path.parent.mkdir(parents=True, exist_ok=True)
            temps.append((write_temp(path, text.encode("utf-8")), path))
        while temps:
            tmp, path = temps[0]
            commit_temp(tmp, path)
            temps.pop(0)
    except Refused as exc:
        raise UsageError(f"cannot write the briefs: {exc.reason}.") from None
    except OSError as exc:
        raise UsageError(f"cannot write the briefs: {exc}.") from None
    finally:
        for tmp, _ in temps:
            discard_temp(tmp)


__all__ = ["make_environment", "output_name", "render_tier", "to_json", "write_outputs", "template_names"]
