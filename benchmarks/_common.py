"""Shared helpers for the benchmark scripts: measured runs, tables, environment facts.

Each measured command runs under a fresh Python "runner" process, which times
the command with `time.perf_counter()` around `subprocess.run` and reads
`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss` afterwards. Because the runner
has exactly one child, that figure is the peak RSS of that one run (Linux
reports it in KiB), not the maximum over every run of the session.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
WORK_DIR = BENCH_DIR / ".work"
RESULTS_DIR = BENCH_DIR / "results"

_RUNNER = r"""
import json, resource, subprocess, sys, time
spec = json.loads(sys.argv[1])
with open(spec["stdout"], "wb") as out:
    t0 = time.perf_counter()
    proc = subprocess.run(spec["cmd"], cwd=spec["cwd"], env=spec["env"], stdout=out,
                          stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall_s": wall, "maxrss_kib": usage.ru_maxrss, "user_s": usage.ru_utime,
                  "sys_s": usage.ru_stime, "returncode": proc.returncode,
                  "stderr": proc.stderr.decode("utf-8", "replace")[-4000:]}))
"""


def measured_run(cmd: Sequence[str], *, cwd: Path, stdout_path: Path,
                 env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run `cmd` once in a fresh runner process; stdout goes to `stdout_path`."""
    spec = {"cmd": list(map(str, cmd)), "cwd": str(cwd), "stdout": str(stdout_path),
            "env": dict(env if env is not None else os.environ)}
    proc = subprocess.run([sys.executable, "-c", _RUNNER, json.dumps(spec)],
                          capture_output=True, text=True, check=True)
    result = json.loads(proc.stdout)
    result["peak_rss_mib"] = round(result.pop("maxrss_kib") / 1024, 1)
    return result


def summarize_runs(runs: list[dict[str, Any]]) -> dict[str, Any]:
    walls = [r["wall_s"] for r in runs]
    rss = [r["peak_rss_mib"] for r in runs]
    return {
        "runs": len(runs),
        "wall_s": [round(w, 4) for w in walls],
        "min_s": round(min(walls), 4),
        "median_s": round(statistics.median(walls), 4),
        "peak_rss_mib": rss,
        "peak_rss_mib_max": max(rss),
        "cpu_s": [round(r["user_s"] + r["sys_s"], 3) for r in runs],
        "returncodes": [r["returncode"] for r in runs],
    }


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None = None) -> str:
    """A plain-text table with right-aligned numbers."""
    cells = [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in cells)) if cells else len(str(h))
              for i, h in enumerate(headers)]

    def line(values: Sequence[str], numeric: Sequence[bool]) -> str:
        # widths and numeric have one entry per header; a caller's row longer than that is cut to them.
        return "  ".join(v.rjust(w) if n else v.ljust(w) for v, w, n in zip(values, widths, numeric, strict=False))

    numeric = [all(_is_num(r[i]) for r in rows) if rows else False for i in range(len(headers))]
    out = []
    if title:
        out.append(title)
    out.append(line([str(h) for h in headers], numeric))
    out.append("  ".join("-" * w for w in widths))
    out.extend(line(r, numeric) for r in cells)
    return "\n".join(out)


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.3f}" if abs(v) < 100 else f"{v:.1f}"
    return str(v)


def msgalign_executable() -> str:
    """The `msgalign` console script of the interpreter running the benchmark."""
    beside = Path(sys.executable).parent / "msgalign"
    if beside.is_file():
        return str(beside)
    found = shutil.which("msgalign")
    if found:
        return found
    venv = REPO_ROOT / ".venv" / "bin" / "msgalign"
    if venv.is_file():
        return str(venv)
    sys.exit("msgalign is not installed for this interpreter: run with the project's venv, "
             "e.g. `.venv/bin/python benchmarks/<name>.py`.")


def git_revision() -> dict[str, Any]:
    try:
        rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=REPO_ROOT,
                                    capture_output=True, text=True, check=True).stdout.strip())
        return {"commit": rev, "src_dirty": dirty}
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "src_dirty": None}


def source_fingerprint() -> str:
    """A hash of src/msgalign, to notice the code changing under a running benchmark."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((REPO_ROOT / "src" / "msgalign").rglob("*.py")):
        digest.update(path.relative_to(REPO_ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def environment() -> dict[str, Any]:
    try:
        from importlib.metadata import version

        msgalign_version = version("msgalign")
    except Exception:  # noqa: BLE001 - informational only
        msgalign_version = None
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "msgalign": msgalign_version,
        "git": git_revision(),
    }


def write_results(name: str, data: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return path
