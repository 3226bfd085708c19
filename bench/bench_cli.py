"""Whole-process timings of the fast commands, as ratios to ``python -c "import numpy"`` in the same run.

Usage::

    .venv/bin/python bench/bench_cli.py            # 30, 300 and 3,000 items
    .venv/bin/python bench/bench_cli.py --quick    # 300 items only, fewer repeats

For each ledger size it times, as the median of repeated runs after a warm-up:

* ``summitcast show`` (goal: at most 3x the floor at 300 items),
* ``summitcast history`` over 365 days (goal: at most 12x the floor at 300 items),
* ``summitcast list`` on a directory of 10 such questions,

and the model's library calls behind them (``forecast`` and a 365-day ``trajectory``; goal under 50 ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from summitcast import model
from summitcast.ledger import load_question

SOURCE_TYPES = ["principal", "official", "analyst", "media", "market"]
STRENGTHS = ["weak", "moderate", "strong", "very-strong"]


def write_ledger(path: Path, n_items: int, seed: int = 0) -> None:
    """Write a synthetic question with ``n_items`` evidence items over 2025 (windows, origins, decay)."""
    rng = np.random.default_rng(seed)
    lines = [
        'title = "Will A and B meet in person before 1 January 2026?"',
        'resolution_criteria = "An in-person meeting reported by two major outlets."',
        "opens = 2025-01-01",
        "deadline = 2025-12-31",
        "",
        "[prior]",
        "probability = 0.2",
        "weight = 20",
        'rationale = "synthetic"',
        "",
        "[[windows]]",
        'id = "summit"',
        'name = "A summit"',
        "start = 2025-10-29",
        "end = 2025-10-30",
        "hazard = 60",
    ]
    for i in range(n_items):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=int(rng.integers(0, 330)))
        lines += [
            "",
            "[[evidence]]",
            f'id = "e{i}"',
            f"date = {day}",
            f"logged = {day + dt.timedelta(days=int(rng.integers(0, 3)))}",
            f'source = "source {i % 37}"',
            f'source_type = "{SOURCE_TYPES[i % 5]}"',
            f'origin = "o{i // 3}"' if i % 4 == 0 else f'origin = "u{i}"',
            f'says = "statement number {i}"',
            f'strength = "{STRENGTHS[i % 4]}"',
            f'direction = "{"for" if rng.random() < 0.5 else "against"}"',
        ]
        if i % 7 == 0:
            lines.append('window = "summit"')
        if i % 5 == 0:
            lines.append("half_life_days = 30")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def median_time(cmd: list[str], repeats: int, env: dict[str, str]) -> float:
    """Median wall time of running ``cmd`` ``repeats`` times after one warm-up run."""
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def library_time(fn, repeats: int = 20) -> float:
    """Median wall time of ``fn()`` after a warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    """Run the benchmark and print a table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="300 items only, fewer repeats")
    args = ap.parse_args()
    sizes = [300] if args.quick else [30, 300, 3000]
    repeats = 5 if args.quick else 11
    exe = [sys.executable, "-m", "summitcast"]
    env = dict(os.environ, SUMMITCAST_TODAY="2025-12-31")
    floor = median_time([sys.executable, "-c", "import numpy"], repeats, env)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"floor (python -c 'import numpy'): {1000 * floor:.0f} ms\n")
    header = (
        f"{'items':>6} {'show':>14} {'history 365d':>16} {'list x10':>14} "
        f"{'lib forecast':>13} {'lib trajectory':>15}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            d = Path(tmp) / f"n{n}"
            d.mkdir()
            for k in range(10):
                write_ledger(d / f"q{k}.toml", n, seed=k)
            t_show = median_time([*exe, "--dir", str(d), "show", "q0"], repeats, env)
            t_hist = median_time(
                [
                    *exe,
                    "--dir",
                    str(d),
                    "history",
                    "q0",
                    "--start",
                    "2025-01-01",
                    "--end",
                    "2025-12-31",
                ],
                repeats,
                env,
            )
            t_list = median_time([*exe, "--dir", str(d), "list"], repeats, env)
            q = load_question(d, "q0")
            days = [dt.date(2025, 1, 1) + dt.timedelta(days=k) for k in range(365)]
            t_fc = library_time(lambda q=q: model.forecast(q, dt.date(2025, 10, 27)))
            t_tr = library_time(lambda q=q, days=days: model.trajectory(q, days), repeats=10)
            print(
                f"{n:>6} {1000 * t_show:>6.0f} ms {t_show / floor:>4.1f}x "
                f"{1000 * t_hist:>8.0f} ms {t_hist / floor:>4.1f}x "
                f"{1000 * t_list:>6.0f} ms {t_list / floor:>4.1f}x "
                f"{1000 * t_fc:>10.1f} ms {1000 * t_tr:>12.1f} ms"
            )
    print(
        "\ngoals at 300 items: show <= 3x floor, history <= 12x floor, library trajectory < 50 ms"
    )


if __name__ == "__main__":
    main()
