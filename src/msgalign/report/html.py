"""The cross-team alignment report: one self-contained HTML page for GTM leaders.

Pure: `render_report(report, narrative=..., glossary=..., title=...)` reads a
`Report` (and, for names and definitions, the narrative and the glossary) and
returns the page. Nothing here looks at the clock, the terminal or the file
system beyond the packaged template, so the same input gives the same bytes.

The page answers four questions — one story? one vocabulary? one set of
numbers? actionable? — and then lists every asset. Everything shown is computed
here into plain data (lists, dicts, strings); the Jinja2 template in
`data/report/` only lays it out. It runs in an immutable sandbox with
autoescaping and strict undefined, so text from the corpus can never become
markup and a template typo is an error, not a blank.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, TypedDict

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from msgalign.text.match import form_keys
from msgalign.text.safe import printable
from msgalign.text.spans import excerpt
from msgalign.types import AssetSummary, Finding, Location, Report, Severity

if TYPE_CHECKING:
    from msgalign.glossary.types import Glossary
    from msgalign.workspace.narrative import Narrative

DEFAULT_TITLE = "Messaging alignment report"
TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"

# NA002's default (rules.narrative.CARRIES_PILLAR): at or above it an asset carries
# a pillar. Duplicated so rendering never imports the rules; a test keeps them equal.
CARRIED = 0.45
# The heatmap's colour domain: pillar scores cluster here; values outside are clamped.
HEAT_LOW, HEAT_HIGH = 0.2, 0.8
# YlGnBu (ColorBrewer): sequential, colour-blind safe, prints legibly in greyscale.
HEAT_STOPS = ("#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84")
# Cell text: black or white, whichever contrasts more. Pure black matters: with any
# lighter ink, mid-scale blues leave a band where neither reaches WCAG's 4.5:1.
INK, PAPER = "#000000", "#ffffff"

TEAM_ORDER = ("marketing", "sales", "cs")
TEAM_LABELS = {"marketing": "Marketing", "sales": "Sales", "cs": "Customer success", "other": "Other"}
TEAM_COLOURS = 6  # CSS classes t0..t5; more teams reuse them in order
CHANNEL_ORDER = ("website", "deck", "playbook", "email", "other")
CHANNEL_LABELS = {"website": "Website", "deck": "Deck", "playbook": "Playbook", "email": "E-mail", "other": "Other"}
SEVERITY_LABELS = {Severity.ERROR: "Must fix", Severity.WARNING: "Should fix", Severity.INFO: "For information"}
TONES = (("actionable", "Actionable"), ("inspirational", "Inspirational"), ("neutral", "Neutral"))

# Plain names for people; the code is shown small beside them.
RULE_TITLES = {
    "TM001": "Retired term", "TM002": "Wrong casing", "TM003": "Possible synonym",
    "TM004": "One concept, several names", "TM005": "Phrase to avoid",
    "NA001": "Off the narrative", "NA002": "Missing pillars", "NA003": "Audience outside the ICP",
    "CL001": "Number differs from proof point", "CL002": "Number not approved",
    "CL003": "Numbers differ between assets",
    "AC001": "Inspiration without action", "AC002": "Tone mix off target", "AC003": "Vague superlative",
    "AC004": "No next step", "IN001": "File could not be read",
}

EXCERPT_LIMIT = 240
TOP_TERMS = 8  # retired terms and casing slips listed per team before "and N more"
TOP_SYNONYMS = 8  # possible synonyms shown before the rest fold away
TOP_PER_TEAM = 3  # off-narrative passages (and promises without action) shown per team before folding


# --------------------------------------------------------------------------- helpers

def _clip(text: str | None, limit: int = EXCERPT_LIMIT) -> str:
    return excerpt(text or "", limit)


def _num(value: float) -> str:
    return f"{value:.2f}"


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def _width(value: float) -> str:
    """A CSS width for a 0-1 share, rounded so tiny float noise never changes the bytes."""
    return f"{max(0.0, min(1.0, value)) * 100:.1f}%"


def _words(key: str) -> str:
    return key.replace("-", " ").replace("_", " ").strip().capitalize() or key


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _place(loc: Location) -> str:
    """Where in a file, for people: 'line 12', 'slide 4 / Title 1', 'paragraph 2', 'page 3'."""
    if loc.line is not None:
        return f"line {loc.line}"
    return loc.describe()


def _place_text(described: object) -> str:
    """A place that arrives as text ('19:5', 'slide 4'): lines read as 'line 19'."""
    text = str(described or "")
    m = re.fullmatch(r"(\d+)(?::\d+)?", text)
    return f"line {m.group(1)}" if m else text


def _location(data: object) -> Location:
    if not isinstance(data, Mapping):
        return Location()
    return Location(line=data.get("line"), column=data.get("column"), end_line=data.get("end_line"),
                    end_column=data.get("end_column"), slide=data.get("slide"), page=data.get("page"),
                    block=data.get("block"))


def _path(path: str) -> dict[str, str]:
    head, sep, name = path.rpartition("/")
    return {"full": path, "dir": head + sep, "name": name}


def _evidence(f: Finding) -> dict[str, object]:
    return f.evidence.to_dict() if f.evidence is not None else {}


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _rule_title(f: Finding) -> str:
    return RULE_TITLES.get(f.rule) or _words(f.name)


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def heat_colour(value: float) -> tuple[str, str]:
    """(background, text) for a pillar score: the scale colour, and the more legible ink on it."""
    t = (min(max(value, HEAT_LOW), HEAT_HIGH) - HEAT_LOW) / (HEAT_HIGH - HEAT_LOW)
    pos = t * (len(HEAT_STOPS) - 1)
    i = min(int(pos), len(HEAT_STOPS) - 2)
    a, b = _rgb(HEAT_STOPS[i]), _rgb(HEAT_STOPS[i + 1])
    frac = pos - i
    bg = _hex([x + (y - x) * frac for x, y in zip(a, b, strict=True)])
    fg = INK if _contrast(bg, INK) >= _contrast(bg, PAPER) else PAPER
    return bg, fg


def _commonest(forms: Mapping[str, int]) -> str:
    """The form written most often (ties: the first in sort order), for a group of inflections."""
    return min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0] if forms else ""


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


# --------------------------------------------------------------------------- the page

class _Concept(TypedDict):
    """One TM004 concept: a glossary term and the names each team gives it."""

    term: str
    definition: str
    count: int
    rows: list[dict[str, object]]
    code: str
    message: str


class ReportContext(TypedDict):
    """What the template (and the Markdown summary) reads: one entry per section of the page."""

    page: dict[str, object]
    story: dict[str, object]
    vocab: dict[str, object]
    numbers: dict[str, object]
    action: dict[str, object]
    assets: list[dict[str, object]]
    glance: list[dict[str, str]]


class _Page:
    """Everything the template shows, computed once from the report."""

    def __init__(self, report: Report, narrative: Narrative | None, glossary: Glossary | None, title: str) -> None:
        self.report = report
        self.narrative = narrative
        self.glossary = glossary
        self.title = title.strip() or DEFAULT_TITLE
        self.findings = sorted(report.findings, key=Finding.sort_key)
        self.assets = sorted(report.assets, key=lambda a: a.path)
        self.asset_by_path = {a.path: a for a in self.assets}
        self.teams = self._team_refs()
        self.pillars = self._pillars()

    # -- lookups

    def _team_of(self, f: Finding) -> str:
        asset = self.asset_by_path.get(f.path)
        return f.team or (asset.team if asset else "other")

    def _team_refs(self) -> dict[str, dict[str, str]]:
        names = {a.team for a in self.assets} | {self._team_of(f) for f in self.findings}
        ordered = [t for t in TEAM_ORDER if t in names] + sorted(names - set(TEAM_ORDER))
        return {t: {"key": t, "label": TEAM_LABELS.get(t, _words(t)), "cls": f"t{i % TEAM_COLOURS}"}
                for i, t in enumerate(ordered)}

    def team(self, name: str | None) -> dict[str, str]:
        name = name or "other"
        return self.teams.get(name) or {"key": name, "label": TEAM_LABELS.get(name, _words(name)), "cls": "t0"}

    def _pillars(self) -> list[dict[str, str]]:
        known: list[dict[str, str]] = []
        if self.narrative is not None:
            known = [{"id": p.id, "name": p.name} for p in self.narrative.pillars]
        seen = {p["id"] for p in known}
        extra = sorted({pid for a in self.assets for pid, _ in a.pillars} - seen)
        return known + [{"id": pid, "name": _words(pid)} for pid in extra]

    def pillar_name(self, pillar_id: object) -> str:
        pid = str(pillar_id or "")
        return next((p["name"] for p in self.pillars if p["id"] == pid), _words(pid))

    def of(self, *codes: str) -> list[Finding]:
        return [f for f in self.findings if f.rule in codes]

    def finding(self, f: Finding) -> dict[str, object]:
        return {
            "sev": f.severity.label, "sev_label": SEVERITY_LABELS[f.severity], "title": _rule_title(f),
            "code": f.rule, "message": f.message, "path": _path(f.path), "place": _place(f.location),
            "excerpt": _clip(f.excerpt), "team": self.team(self._team_of(f)),
        }

    def by_team(self, findings: Sequence[Finding],
                view: Callable[[Finding], dict[str, object]]) -> list[dict[str, object]]:
        groups: dict[str, list[dict[str, object]]] = {}
        for f in findings:
            groups.setdefault(self._team_of(f), []).append(view(f))
        return [{"team": ref, "items": groups[key][:TOP_PER_TEAM], "rest": groups[key][TOP_PER_TEAM:]}
                for key, ref in self.teams.items() if key in groups]

    # -- 1. header

    def header(self) -> dict[str, object]:
        counts = {t: sum(1 for a in self.assets if a.team == t) for t in self.teams}
        alignment = _mean(a.alignment for a in self.assets if a.alignment is not None)
        severities = [{"key": s.label, "label": SEVERITY_LABELS[s],
                       "count": sum(1 for f in self.findings if f.severity == s)}
                      for s in sorted(Severity, reverse=True)]
        n = self.narrative
        brand = " · ".join(x for x in ((n.company, n.product) if n else ()) if x)
        ring = None
        if alignment is not None:
            circumference = 2 * math.pi * 42  # the ring's radius in the SVG
            ring = {"pct": _pct(alignment), "dash": f"{circumference * alignment:.2f} {circumference:.2f}"}
        labels = [ref["label"].lower() for ref in self.teams.values()]
        who = (", ".join(labels[:-1]) + " and " + labels[-1]) if len(labels) > 1 else (labels[0] if labels else "")
        return {
            "title": self.title, "brand": brand, "version": self.report.tool_version, "who": who or "your teams",
            "assets": len(self.assets), "files": len({a.path for a in self.assets} | {f.path for f in self.findings}),
            "teams": [{"team": ref, "count": counts[key]} for key, ref in self.teams.items() if counts[key]],
            "alignment": ring, "severities": severities, "findings": len(self.findings),
        }

    # -- 2. one story?

    def story(self) -> dict[str, object]:
        na001, na002, na003 = self.of("NA001"), self.of("NA002"), self.of("NA003")
        return {
            "heatmap": self._heatmap(), "legend": self._legend(),
            "off": self.by_team(na001, self._off_narrative), "off_count": len(na001),
            "gaps": [self._gap(f) for f in na002],
            "drift": [self._drift(f) for f in na003],
            "icp": self.narrative.icp if self.narrative is not None else "",
        }

    def _heatmap(self) -> dict[str, object]:
        rows: list[dict[str, object]] = []
        has_scores = False  # whether any cell of any row has a score
        for key, ref in self.teams.items():
            assets = [a for a in self.assets if a.team == key]
            if not assets:
                continue
            cells: list[dict[str, str] | None] = []
            for p in self.pillars:
                scores = [dict(a.pillars)[p["id"]] for a in assets if p["id"] in dict(a.pillars)]
                mean = _mean(scores)
                if mean is None:
                    cells.append(None)
                    continue
                has_scores = True
                bg, fg = heat_colour(mean)
                tip = f"{ref['label']} · {p['name']}: {_num(mean)} (mean of {_plural(len(scores), 'asset')})"
                cells.append({"text": _num(mean), "bg": bg, "fg": fg, "tip": tip})
            alignment = _mean(a.alignment for a in assets if a.alignment is not None)
            rows.append({"team": ref, "cells": cells, "assets": len(assets),
                         "alignment": _pct(alignment) if alignment is not None else ""})
        return {"pillars": self.pillars, "rows": rows if has_scores else []}

    def _legend(self) -> dict[str, object]:
        stops = ", ".join(f"{c} {i * 100 / (len(HEAT_STOPS) - 1):.1f}%" for i, c in enumerate(HEAT_STOPS))
        ticks = [{"text": _num(v), "left": _width((v - HEAT_LOW) / (HEAT_HIGH - HEAT_LOW))}
                 for v in (0.2, 0.35, 0.5, 0.65, 0.8)]
        return {"gradient": f"linear-gradient(90deg, {stops})", "ticks": ticks, "carried": _num(CARRIED),
                "carried_left": _width((CARRIED - HEAT_LOW) / (HEAT_HIGH - HEAT_LOW))}

    def _off_narrative(self, f: Finding) -> dict[str, object]:
        ev = _evidence(f)
        sim = _float(ev.get("similarity")) if "similarity" in ev else f.score
        nearest = ev.get("nearest_pillar")
        return {**self.finding(f), "nearest": self.pillar_name(nearest) if nearest else "",
                "similarity": _num(sim) if sim is not None else ""}

    def _gap(self, f: Finding) -> dict[str, object]:
        ev = _evidence(f)
        asset = self.asset_by_path.get(f.path)
        raw_carried, raw_scores = ev.get("carried"), ev.get("scores")
        carried = [str(c) for c in raw_carried] if isinstance(raw_carried, list) else []
        scores = {str(k): _float(v) or 0.0 for k, v in raw_scores.items()} if isinstance(raw_scores, Mapping) else {}
        missing = sorted((k for k in scores if k not in carried), key=lambda k: (-scores[k], k))
        expected = ev.get("expected")
        has = "no pillar" if not carried else "one pillar" if len(carried) == 1 else f"{len(carried)} pillars"
        return {
            **self.finding(f), "channel": CHANNEL_LABELS.get(asset.channel, _words(asset.channel)) if asset else "",
            "summary": (f"Carries {has}; its channel asks for at least "
                        f"{'one pillar' if expected == 1 else f'{expected} pillars'}."
                        if isinstance(expected, int) else ""),
            "missing": [self.pillar_name(m) for m in missing],
        }

    def _drift(self, f: Finding) -> dict[str, object]:
        ev = _evidence(f)
        sim = _float(ev.get("similarity")) if "similarity" in ev else f.score
        reason = "company size outside the ICP" if ev.get("size_out_of_range") else (
            f"similarity to the ICP {_num(sim)}" if sim is not None else "")
        return {**self.finding(f), "reason": reason}

    # -- 3. one vocabulary?

    def vocabulary(self) -> dict[str, object]:
        tm004 = self.of("TM004")
        concepts = sorted((self._concept(f) for f in tm004), key=lambda c: (-c["count"], c["term"].casefold()))
        tm003 = sorted(self.of("TM003"), key=lambda f: (-(f.score or 0.0), f.path, f.location.sort_key()))
        return {
            "concepts": concepts,
            "swaps": self._swaps(),
            "retired_count": len(self.of("TM001")), "casing_count": len(self.of("TM002")),
            "avoid": self._avoided(), "avoid_count": len(self.of("TM005")),
            "semantic": [self._semantic(f) for f in tm003[:TOP_SYNONYMS]],
            "semantic_more": [self._semantic(f) for f in tm003[TOP_SYNONYMS:]],
            "semantic_count": len(tm003),
        }

    def _concept(self, f: Finding) -> _Concept:
        ev = _evidence(f)
        term = str(ev.get("term") or f.suggestion or "")
        raw_names = ev.get("names")
        names = raw_names if isinstance(raw_names, list) else []
        groups: dict[tuple[str, tuple[str, ...]], dict[str, Any]] = {}
        for use in names:
            if not isinstance(use, Mapping):
                continue
            name = str(use.get("name", ""))
            team = str(use.get("team") or "other")
            key = (team, form_keys(name) or (name.casefold(),))
            group = groups.setdefault(key, {"name": name, "count": 0, "kinds": set(), "places": []})
            group["count"] += 1
            group["kinds"].add(str(use.get("kind", "")))
            where = _place(_location(use.get("location")))
            group["places"].append(f"{use.get('path', '')}" + (f" ({where})" if where else ""))
        canonical = form_keys(term)
        rows: list[dict[str, object]] = []
        for team_key, ref in self.teams.items():
            chips = []
            for (t, forms), g in groups.items():
                if t != team_key:
                    continue
                kind = "term" if forms == canonical or "term" in g["kinds"] else (
                    "semantic" if g["kinds"] == {"semantic"} else "variant")
                chips.append({"name": g["name"], "count": g["count"], "kind": kind,
                              "tip": "; ".join(sorted(set(g["places"])))})
            if chips:
                chips.sort(key=lambda c: (c["kind"] != "term", -c["count"], c["name"].casefold()))
                rows.append({"team": ref, "chips": chips})
        distinct = {key for _, key in groups}
        term_entry = self.glossary.term(term) if self.glossary is not None and term else None
        return {"term": term, "definition": term_entry.definition if term_entry else "",
                "count": len(distinct) if distinct else int(f.score or 0), "rows": rows, "code": f.rule,
                "message": f.message}

    def _term_counts(self, findings: Sequence[Finding], *,
                     with_suggestion: bool = True) -> dict[str, dict[str, Any]]:
        """Per team: what was written and what the glossary wants, counted; inflections count together."""
        per_team: dict[str, dict[tuple[object, ...], dict[str, Any]]] = {}
        for f in findings:
            said = " ".join((f.excerpt or "").split())
            use = (f.suggestion or "") if with_suggestion else ""
            key = (form_keys(said) or (said.casefold(),), form_keys(use) if use else ())
            entry = per_team.setdefault(self._team_of(f), {}).setdefault(
                key, {"said": {}, "use": {}, "count": 0, "files": set()})
            entry["said"][said] = entry["said"].get(said, 0) + 1
            entry["use"][use] = entry["use"].get(use, 0) + 1
            entry["count"] += 1
            entry["files"].add(f.path)
        out: dict[str, dict[str, Any]] = {}
        for team_key, entries in per_team.items():
            items = sorted(({"said": _commonest(e["said"]), "use": _commonest(e["use"]), "count": e["count"],
                             "tip": ", ".join(sorted(e["files"]))} for e in entries.values()),
                           key=lambda e: (-e["count"], e["said"].casefold(), e["use"]))
            out[team_key] = {"items": items[:TOP_TERMS], "more": max(0, len(items) - TOP_TERMS),
                             "total": sum(e["count"] for e in items)}
        return out

    def _swaps(self) -> list[dict[str, object]]:
        """Per team: retired terms (TM001) and casing slips (TM002), most frequent first."""
        retired, casing = self._term_counts(self.of("TM001")), self._term_counts(self.of("TM002"))
        return [{"team": ref, "retired": retired.get(key), "casing": casing.get(key),
                 "total": sum(t[key]["total"] for t in (retired, casing) if key in t)}
                for key, ref in self.teams.items() if key in retired or key in casing]

    def _avoided(self) -> list[dict[str, object]]:
        counts = self._term_counts(self.of("TM005"), with_suggestion=False)
        return [{"team": ref, **counts[key]} for key, ref in self.teams.items() if key in counts]

    def _semantic(self, f: Finding) -> dict[str, object]:
        ev = _evidence(f)
        context, phrase = _float(ev.get("context_similarity")), _float(ev.get("phrase_similarity"))
        detail = " · ".join(part for part in (
            f"sentence vs definition {_num(context)}" if context is not None else "",
            f"phrase vs term {_num(phrase)}" if phrase is not None else "") if part)
        return {**self.finding(f), "term": str(ev.get("term") or f.suggestion or ""),
                "score": _num(f.score) if f.score is not None else "", "detail": detail}

    # -- 4. one set of numbers?

    def numbers(self) -> dict[str, object]:
        cl002 = self.of("CL002")
        return {
            "conflicts": [self._conflict(f) for f in self.of("CL001")],
            "cross": [self._cross(f) for f in self.of("CL003")],
            "unregistered": [self._unregistered(f) for f in cl002],
            "unregistered_teams": ", ".join(
                f"{ref['label']} {sum(1 for f in cl002 if self._team_of(f) == key)}"
                for key, ref in self.teams.items() if any(self._team_of(f) == key for f in cl002)),
        }

    def _side(self, f: Finding) -> dict[str, object]:
        ev = _evidence(f)
        quote = ev.get("sentence") or ev.get("text") or ""
        return {"value": _clip(f.excerpt, 60) or "—", "quote": _clip(str(quote)), "path": _path(f.path),
                "place": _place(f.location), "team": self.team(self._team_of(f))}

    def _conflict(self, f: Finding) -> dict[str, object]:
        ev = _evidence(f)
        sim = _float(ev.get("similarity"))
        similarity = sim if sim is not None else f.score
        pillar = ev.get("pillar")
        return {
            **self.finding(f), "ours": self._side(f),
            "approved": {"value": _clip(f.suggestion, 60) or "—", "quote": _clip(str(ev.get("proof_point") or "")),
                         "where": str(ev.get("proof_point_location") or ""),
                         "pillar": self.pillar_name(pillar) if pillar else ""},
            "similarity": _num(similarity) if similarity is not None else "",
        }

    def _cross(self, f: Finding) -> dict[str, object]:
        ev = _evidence(f)
        other_path = str(ev.get("other_path") or "")
        other_asset = self.asset_by_path.get(other_path)
        sim = _float(ev.get("similarity"))
        similarity = sim if sim is not None else f.score
        return {
            **self.finding(f), "ours": self._side(f),
            "theirs": {"value": _clip(str(ev.get("other_claim") or ""), 60) or "—",
                       "quote": _clip(str(ev.get("other_text") or "")),
                       "path": _path(other_path), "place": _place_text(ev.get("other_location")),
                       "team": self.team(other_asset.team) if other_asset else None},
            "similarity": _num(similarity) if similarity is not None else "",
        }

    def _unregistered(self, f: Finding) -> dict[str, object]:
        ev = _evidence(f)
        return {**self.finding(f), "nearest": _clip(str(ev.get("nearest_proof_point") or ""))}

    # -- 5. actionable?

    def action(self) -> dict[str, object]:
        toned = [a for a in self.assets if a.tone and a.sentences > 0]
        by_team = [self._tone_bar(ref["label"], [a for a in toned if a.team == key], ref)
                   for key, ref in self.teams.items()]
        channels = sorted({a.channel for a in toned},
                          key=lambda c: (CHANNEL_ORDER.index(c) if c in CHANNEL_ORDER else len(CHANNEL_ORDER), c))
        by_channel = [self._tone_bar(CHANNEL_LABELS.get(c, _words(c)), [a for a in toned if a.channel == c], None)
                      for c in channels]
        overall = self._tone_shares(toned)
        return {
            "by_team": [b for b in by_team if b is not None], "by_channel": [b for b in by_channel if b is not None],
            "tones": [{"key": k, "label": label} for k, label in TONES],
            "actionable": _pct(overall["actionable"]) if overall else "",
            "ac001": self.by_team(self.of("AC001"), self.finding), "ac001_count": len(self.of("AC001")),
            "ac004": [{**self.finding(f), "channel": self._channel_of(f)} for f in self.of("AC004")],
            "ac002_count": len(self.of("AC002")), "ac003_count": len(self.of("AC003")),
        }

    def _channel_of(self, f: Finding) -> str:
        asset = self.asset_by_path.get(f.path)
        return CHANNEL_LABELS.get(asset.channel, _words(asset.channel)) if asset else ""

    @staticmethod
    def _tone_shares(assets: Sequence[AssetSummary]) -> dict[str, float] | None:
        """Shares of all sentences in these assets (each asset weighted by its sentences)."""
        total = sum(a.sentences for a in assets)
        if not total:
            return None
        return {k: sum(dict(a.tone).get(k, 0.0) * a.sentences for a in assets) / total for k, _ in TONES}

    def _tone_bar(self, label: str, assets: Sequence[AssetSummary],
                  team: dict[str, str] | None) -> dict[str, object] | None:
        shares = self._tone_shares(assets)
        if shares is None:
            return None
        total = sum(shares.values()) or 1.0
        segments = [{"key": k, "label": name, "width": _width(shares[k] / total), "pct": _pct(shares[k] / total),
                     "show": shares[k] / total >= 0.09} for k, name in TONES]
        return {"label": label, "team": team, "segments": segments,
                "note": f"{_plural(len(assets), 'asset')}, {_plural(sum(a.sentences for a in assets), 'sentence')}"}

    # -- 6. per asset

    def asset_rows(self) -> list[dict[str, object]]:
        paths = sorted({a.path for a in self.assets} | {f.path for f in self.findings})
        rows = []
        for path in paths:
            asset = self.asset_by_path.get(path)
            findings = [f for f in self.findings if f.path == path]
            team = asset.team if asset else next((self._team_of(f) for f in findings), "other")
            scores = dict(asset.pillars) if asset else {}
            pillars = [{"name": p["name"], "score": _num(scores[p["id"]]), "carried": scores[p["id"]] >= CARRIED}
                       for p in self.pillars if p["id"] in scores]
            rows.append({
                "path": _path(path), "team": self.team(team), "read": asset is not None,
                "channel": CHANNEL_LABELS.get(asset.channel, _words(asset.channel)) if asset else "",
                "alignment": _pct(asset.alignment) if asset and asset.alignment is not None else "",
                "alignment_width": _width(asset.alignment) if asset and asset.alignment is not None else "0%",
                "pillars": pillars, "carried": sum(1 for p in pillars if p["carried"]),
                "counts": [{"key": s.label, "label": SEVERITY_LABELS[s],
                            "count": sum(1 for f in findings if f.severity == s)}
                           for s in sorted(Severity, reverse=True)],
                "findings": [self.finding(f) for f in findings],
            })
        return rows

    # -- at a glance

    def glance(self, header: Mapping[str, Any], story: Mapping[str, Any], vocab: Mapping[str, Any],
               numbers: Mapping[str, Any], action: Mapping[str, Any]) -> list[dict[str, str]]:
        conflicts = len(numbers["conflicts"]) + len(numbers["cross"])
        ring = header["alignment"]
        return [
            {"anchor": "story", "question": "Do we tell one story?",
             "value": ring["pct"] if ring else "—",
             "caption": "of blocks support a pillar" if ring else "no narrative scores in this run",
             "detail": f"{_plural(story['off_count'], 'off-narrative block')}"
                       f" · {_plural(len(story['gaps']), 'pillar gap')}"
                       f" · {_plural(len(story['drift']), 'off-ICP audience', 'off-ICP audiences')}",
             "state": "neutral"},
            {"anchor": "vocabulary", "question": "Do we use one vocabulary?",
             "value": str(len(vocab["concepts"])),
             "caption": ("concept goes by several names" if len(vocab["concepts"]) == 1
                         else "concepts go by several names"),
             "detail": f"{_plural(vocab['retired_count'], 'retired term')}"
                       f" · {_plural(vocab['casing_count'], 'casing slip')}"
                       f" · {_plural(vocab['semantic_count'], 'possible synonym')}",
             "state": "bad" if vocab["concepts"] else "good"},
            {"anchor": "numbers", "question": "Do we quote one set of numbers?",
             "value": str(conflicts), "caption": "conflicting number" if conflicts == 1 else "conflicting numbers",
             "detail": f"{len(numbers['conflicts'])} vs proof points · {len(numbers['cross'])} between assets"
                       f" · {len(numbers['unregistered'])} not approved",
             "state": "bad" if conflicts else "good"},
            {"anchor": "actionable", "question": "Is it actionable?",
             "value": action["actionable"] or "—",
             "caption": "of sentences are actionable" if action["actionable"] else "no tone figures in this run",
             "detail": f"{_plural(action['ac001_count'], 'promise', 'promises')} without action"
                       f" · {_plural(len(action['ac004']), 'asset')} without a next step",
             "state": "neutral"},
        ]

    def context(self) -> ReportContext:
        header, story, vocab = self.header(), self.story(), self.vocabulary()
        numbers, action = self.numbers(), self.action()
        return {"page": header, "story": story, "vocab": vocab, "numbers": numbers, "action": action,
                "assets": self.asset_rows(), "glance": self.glance(header, story, vocab, numbers, action)}


# --------------------------------------------------------------------------- rendering

class _PackagedLoader(BaseLoader):
    """Serves only the report's own template, from the package; no other name resolves."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        if template != TEMPLATE:
            raise TemplateNotFound(template)
        return _resource(TEMPLATE), TEMPLATE, lambda: True


def _resource(name: str) -> str:
    return resources.files("msgalign").joinpath("data", "report", name).read_text(encoding="utf-8")


def _finalize(value: object) -> object:
    """Every value the template prints, before autoescaping: text loses its control, bidi and
    invisible characters to visible escapes (HTML escaping alone lets an ESC byte through)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return printable(value, newlines=True)
    return value


@lru_cache(maxsize=1)
def _environment() -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(
        loader=_PackagedLoader(), autoescape=True, undefined=StrictUndefined, finalize=_finalize,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )


@lru_cache(maxsize=1)
def _stylesheet() -> Markup:
    css = _resource(STYLESHEET)
    if "</" in css:  # the stylesheet is inlined in <style>; it must not be able to close it
        raise ValueError(f"{STYLESHEET} must not contain '</'")
    return Markup(css.strip())


def report_context(report: Report, *, narrative: Narrative | None = None, glossary: Glossary | None = None,
                   title: str = DEFAULT_TITLE) -> ReportContext:
    """The plain data the page shows (also what the Markdown summary reads)."""
    return _Page(report, narrative, glossary, title).context()


def render_report(report: Report, *, narrative: Narrative | None, glossary: Glossary | None, title: str) -> str:
    """The report as one self-contained HTML page: inline CSS and SVG, no scripts, no external files."""
    context = report_context(report, narrative=narrative, glossary=glossary, title=title)
    html = _environment().get_template(TEMPLATE).render(**context, css=_stylesheet())
    # Blank lines left by template logic carry nothing; dropping them keeps the file tidy.
    return re.sub(r"\n\s*\n+", "\n", html)


def render_summary(report: Report, *, narrative: Narrative | None, glossary: Glossary | None, title: str) -> str:
    """`--format markdown`: the page's headline answers in a few lines, for a chat message or a PR."""
    from msgalign.formatters.markdown import escape

    ctx = report_context(report, narrative=narrative, glossary=glossary, title=title)
    page: Any = ctx["page"]
    lines = [f"## {escape(page['title'])}", ""]
    if page["brand"]:
        lines += [f"**{escape(page['brand'])}**", ""]
    teams = ", ".join(f"{escape(t['team']['label'].lower())} {t['count']}" for t in page["teams"])
    severities = ", ".join(f"{s['count']} {s['label'].lower()}" for s in page["severities"])
    alignment = f" · overall alignment {page['alignment']['pct']}" if page["alignment"] else ""
    lines.append(f"{_plural(page['assets'], 'asset')}" + (f" ({teams})" if teams else "") + alignment
                 + f" · {_plural(page['findings'], 'finding')} ({severities})")
    lines.append("")
    for tile in ctx["glance"]:
        lines.append(f"- **{tile['question']}** {tile['value']} {tile['caption']} ({tile['detail']})")
    return "\n".join(lines) + "\n"


__all__ = ["CARRIED", "DEFAULT_TITLE", "heat_colour", "render_report", "render_summary", "report_context"]
