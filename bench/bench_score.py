"""Benchmark of ``score_files``: synthetic questions and forecast series at three scales.

Run: ``.venv/bin/python bench/bench_score.py [--repeats N] [--quick] [--json]``. For each scale (100, 1,000 and
10,000 questions; ``--quick``: 1,000 only) it writes a questions CSV, an ``--ours`` CSV and a ``--community`` CSV
(30 forecast points per question on average in each) into a temporary directory, then times ``score_files`` (CSV
parsing and scoring) and ``to_json`` (which adds the bootstrap intervals), reporting the median over the repeats,
and the whole process ``summitcast score --questions Q --ours A --community B --json`` (median after a warm-up;
goal: under 5 s at 1,000 questions with 30,000 points).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from common import SUMMITCAST, emit, interleaved
from summitcast.evaluation.comparison import score_files

SCALES = ((100, 3_000), (1_000, 30_000), (10_000, 300_000))


def generate(directory: Path, n_questions: int, n_points: int, seed: int = 0) -> tuple[Path, ...]:
    """Write questions.csv, ours.csv and community.csv with ``n_points`` forecasts each."""
    rng = np.random.default_rng(seed)
    t0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC).timestamp()
    opens = t0 + rng.integers(0, 365, n_questions) * 86400.0
    closes = opens + rng.integers(10, 400, n_questions) * 86400.0
    resolved = np.where(rng.random(n_questions) < 0.3, opens + (closes - opens) * 0.7, np.nan)
    outcome = rng.integers(0, 2, n_questions)

    def iso(t: float) -> str:
        return dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    q = directory / "questions.csv"
    with q.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "opens", "closes", "outcome", "resolved"])
        for i in range(n_questions):
            r = "" if np.isnan(resolved[i]) else iso(resolved[i])
            w.writerow([f"q{i}", iso(opens[i]), iso(closes[i]), "yes" if outcome[i] else "no", r])
    paths = [q]
    for name in ("ours", "community"):
        g = rng.integers(0, n_questions, n_points)
        t = opens[g] + rng.uniform(-0.1, 1.1, n_points) * (closes[g] - opens[g])
        p = rng.random(n_points).round(4)
        path = directory / f"{name}.csv"
        with path.open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "timestamp", "probability"])
            w.writerows((f"q{gi}", iso(ti), f"{pi}") for gi, ti, pi in zip(g, t, p, strict=True))
        paths.append(path)
    return tuple(paths)


def main() -> None:
    """Time the scales and print the table (and a RESULT line with ``--json``)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="1,000 questions only")
    ap.add_argument("--json", action="store_true", help="also print a RESULT line for run_all.py")
    args = ap.parse_args()
    scales = [s for s in SCALES if s[0] == 1_000] if args.quick else SCALES
    print(
        f"{'questions':>9} {'points/series':>13} {'score_files s':>13} {'+ to_json s':>11} "
        f"{'process s':>9}",
        flush=True,
    )
    rows = []
    for n_q, n_p in scales:
        small = n_q <= 1_000
        with tempfile.TemporaryDirectory() as tmp:
            q, ours, comm = generate(Path(tmp), n_q, n_p)
            load, total = [], []
            for _ in range(args.repeats if small else max(1, args.repeats // 2)):
                t = time.perf_counter()
                report = score_files(q, ours, comm)
                t1 = time.perf_counter()
                report.to_json()
                t2 = time.perf_counter()
                load.append(t1 - t)
                total.append(t2 - t)
            cmd = [
                *SUMMITCAST,
                "score",
                "--questions",
                str(q),
                "--ours",
                str(ours),
                "--community",
                str(comm),
                "--json",
            ]
            proc = interleaved({"score": cmd}, 3 if small else 1, os.environ)["score"]
        row = {
            "questions": n_q,
            "points": n_p,
            "lib_score_files": statistics.median(load),
            "lib_with_json": statistics.median(total),
            "process": proc,
        }
        rows.append(row)
        print(
            f"{n_q:>9,} {n_p:>13,} {row['lib_score_files']:>13.3f} {row['lib_with_json']:>11.3f} "
            f"{proc:>9.2f}",
            flush=True,
        )
    emit({"rows": rows}, args.json)


if __name__ == "__main__":
    main()
