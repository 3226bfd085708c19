"""Helpers shared by the benchmark scripts: timing subprocesses, the machine, JSON results.

Every script prints a human-readable table; with ``--json`` it prints instead one line ``RESULT {...}`` that
``bench/run_all.py`` reads.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SUMMITCAST = [PYTHON, "-m", "summitcast"]
FLOOR = [PYTHON, "-c", "import numpy"]


def run(cmd: Sequence[str], env: Mapping[str, str] | None = None) -> float:
    """Wall time of one run of ``cmd`` (which must succeed)."""
    t0 = time.perf_counter()
    proc = subprocess.run(list(cmd), env=dict(env or os.environ), capture_output=True)
    wall = time.perf_counter() - t0
    if proc.returncode:
        sys.stderr.write(proc.stderr.decode(errors="replace")[-2000:])
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return wall


def interleaved(
    cmds: Mapping[str, Sequence[str]], repeats: int, env: Mapping[str, str] | None = None
) -> dict[str, float]:
    """Median wall time of each command: one warm-up run each, then ``repeats`` rounds taking each in turn.

    Taking the commands in turn (the floor among them) spreads any drift of the machine over all of them, so
    their ratios are fairer than those of back-to-back series.
    """
    for cmd in cmds.values():
        run(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(repeats):
        for name, cmd in cmds.items():
            times[name].append(run(cmd, env))
    return {name: statistics.median(t) for name, t in times.items()}


def library_time(fn: Callable[[], object], repeats: int = 20) -> float:
    """Median wall time of ``fn()`` after a warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def machine() -> dict[str, str | int]:
    """CPU model, cores, Python and numpy versions, and whether Python writes bytecode caches."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import numpy

    return {
        "cpu": cpu,
        "cores": os.cpu_count() or 0,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "platform": platform.platform(),
        "dont_write_bytecode": bool(os.environ.get("PYTHONDONTWRITEBYTECODE")),
    }


def emit(result: dict, as_json: bool) -> None:
    """Print the ``RESULT`` line for ``run_all.py`` when ``as_json``."""
    if as_json:
        print("RESULT " + json.dumps(result), flush=True)


def ms(seconds: float) -> str:
    """Seconds as milliseconds, for tables."""
    return f"{1000 * seconds:.0f} ms"
