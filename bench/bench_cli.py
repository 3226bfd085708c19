"""Whole-process timings of the fast commands, as ratios to ``python -c "import numpy"`` in the same run.

Usage::

    .venv/bin/python bench/bench_cli.py            # 30, 300 and 3,000 items; list over 10, 100, 1,000 files
    .venv/bin/python bench/bench_cli.py --quick    # 300 items only, fewer repeats
    .venv/bin/python bench/bench_cli.py --json     # one RESULT line for bench/run_all.py

For each ledger size it times, as the median of repeated runs after a warm-up (the commands and the floor
``python -c "import numpy"`` taken in turn, so that the ratios compare runs made at the same moment):

* ``summitcast show`` (goal: at most 3x the floor at 300 items),
* ``summitcast history`` over 365 days (goal: at most 12x the floor at 300 items),
* ``summitcast list`` on a directory of 10 such questions,

and the library calls behind them: parsing the file (``load_question``), ``forecast`` and a 365-day
``trajectory`` (goal under 50 ms). It also times ``show`` at 300 items with Python's bytecode cache enabled (in a
temporary ``PYTHONPYCACHEPREFIX``), since ``PYTHONDONTWRITEBYTECODE=1`` makes every run recompile summitcast's
own modules, and ``list`` over 10, 100 and 1,000 files of 30 items (not with ``--quick``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
from pathlib import Path

import numpy as np

from common import FLOOR, SUMMITCAST, emit, interleaved, library_time, machine
from summitcast import model
from summitcast.store.workspace import Workspace

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


def history_cmd(d: Path, qid: str = "q0") -> list[str]:
    """``summitcast history`` over the 365 days of 2025."""
    return [
        *SUMMITCAST,
        "--dir",
        str(d),
        "history",
        qid,
        "--start",
        "2025-01-01",
        "--end",
        "2025-12-31",
    ]


def bench_sizes(tmp: Path, sizes: list[int], repeats: int, env: dict[str, str]) -> list[dict]:
    """Whole-process and library timings at each ledger size (10 questions of ``n`` items)."""
    rows = []
    for n in sizes:
        d = tmp / f"n{n}"
        d.mkdir()
        for k in range(10):
            write_ledger(d / f"q{k}.toml", n, seed=k)
        t = interleaved(
            {
                "floor": FLOOR,
                "show": [*SUMMITCAST, "--dir", str(d), "show", "q0"],
                "history": history_cmd(d),
                "list": [*SUMMITCAST, "--dir", str(d), "list"],
            },
            repeats,
            env,
        )
        q = Workspace(d).load_question("q0")
        days = [dt.date(2025, 1, 1) + dt.timedelta(days=k) for k in range(365)]
        lib_repeats = 20 if n <= 300 else 5
        row = {
            "items": n,
            **t,
            "lib_parse": library_time(lambda d=d: Workspace(d).load_question("q0"), lib_repeats),
            "lib_forecast": library_time(
                lambda q=q: model.forecast(q, dt.date(2025, 10, 27)), lib_repeats
            ),
            "lib_trajectory": library_time(
                lambda q=q, days=days: model.trajectory(q, days), max(3, lib_repeats // 2)
            ),
        }
        rows.append(row)
        print(
            f"{n:>6} {1000 * row['floor']:>6.0f} ms "
            f"{1000 * row['show']:>6.0f} ms {row['show'] / row['floor']:>4.1f}x "
            f"{1000 * row['history']:>7.0f} ms {row['history'] / row['floor']:>5.1f}x "
            f"{1000 * row['list']:>6.0f} ms {row['list'] / row['floor']:>5.1f}x "
            f"{1000 * row['lib_parse']:>7.1f} ms {1000 * row['lib_forecast']:>7.1f} ms "
            f"{1000 * row['lib_trajectory']:>8.1f} ms",
            flush=True,
        )
    return rows


def bench_pyc(tmp: Path, repeats: int, env: dict[str, str]) -> dict:
    """``show`` at 300 items with and without Python's bytecode cache for summitcast's modules."""
    d = tmp / "n300"
    if not d.exists():
        d.mkdir()
        for k in range(10):
            write_ledger(d / f"q{k}.toml", 300, seed=k)
    cached = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    show = [*SUMMITCAST, "--dir", str(d), "show", "q0"]
    a = interleaved({"floor": FLOOR, "show": show}, repeats, env)
    b = interleaved({"floor": FLOOR, "show": show}, repeats, cached)
    out = {
        "floor": a["floor"],
        "show": a["show"],
        "floor_cached": b["floor"],
        "show_cached": b["show"],
        "env_dont_write_bytecode": bool(env.get("PYTHONDONTWRITEBYTECODE")),
    }
    print(
        f"\nshow at 300 items, environment as is (PYTHONDONTWRITEBYTECODE="
        f"{env.get('PYTHONDONTWRITEBYTECODE', '')!r}): {1000 * a['show']:.0f} ms = "
        f"{a['show'] / a['floor']:.2f}x floor; with a bytecode cache: {1000 * b['show']:.0f} ms = "
        f"{b['show'] / b['floor']:.2f}x floor",
        flush=True,
    )
    return out


def bench_list(tmp: Path, counts: list[int], repeats: int, env: dict[str, str]) -> list[dict]:
    """``summitcast list`` over ``counts`` files of 30 items each."""
    rows = []
    print(f"\n{'files':>6} {'floor':>9} {'list':>9} {'ratio':>6} {'per file':>9}")
    for n_files in counts:
        d = tmp / f"files{n_files}"
        d.mkdir()
        for k in range(n_files):
            write_ledger(d / f"q{k}.toml", 30, seed=k)
        t = interleaved(
            {"floor": FLOOR, "list": [*SUMMITCAST, "--dir", str(d), "list"]},
            repeats if n_files <= 100 else max(2, repeats // 3),
            env,
        )
        rows.append({"files": n_files, **t})
        print(
            f"{n_files:>6} {1000 * t['floor']:>6.0f} ms {1000 * t['list']:>6.0f} ms "
            f"{t['list'] / t['floor']:>5.1f}x {1000 * (t['list'] - t['floor']) / n_files:>6.1f} ms",
            flush=True,
        )
    return rows


def main() -> None:
    """Run the benchmark and print the tables (or one RESULT line with ``--json``)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="300 items only, fewer repeats")
    ap.add_argument("--json", action="store_true", help="also print a RESULT line for run_all.py")
    ap.add_argument(
        "--repeats", type=int, default=None, help="rounds per command (default 11; 5 quick)"
    )
    args = ap.parse_args()
    sizes = [300] if args.quick else [30, 300, 3000]
    repeats = args.repeats or (5 if args.quick else 11)
    env = dict(os.environ, SUMMITCAST_TODAY="2025-12-31")
    m = machine()
    print(f"machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}, numpy {m['numpy']}\n")
    header = (
        f"{'items':>6} {'floor':>9} {'show':>15} {'history 365d':>16} {'list x10':>15} "
        f"{'lib parse':>10} {'lib fcst':>10} {'lib traj':>11}"
    )
    print(header)
    print("-" * len(header), flush=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        rows = bench_sizes(tmp, sizes, repeats, env)
        pyc = bench_pyc(tmp, repeats, env)
        lists = [] if args.quick else bench_list(tmp, [10, 100, 1000], max(3, repeats // 2), env)
    print(
        "\ngoals at 300 items: show <= 3x floor, history <= 12x floor, library trajectory < 50 ms"
    )
    emit({"machine": m, "rows": rows, "pyc": pyc, "list": lists}, args.json)


if __name__ == "__main__":
    main()
