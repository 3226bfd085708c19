"""Benchmark of the weekly PDF report: 10 generated questions with 100 evidence items each (goal: 3 s whole process).

Run: ``.venv/bin/python bench/bench_report.py [--repeats N] [--sizes 3,10,30] [--items N] [--png] [--quick]
[--json]`` (``--quick``: 10 questions only). For each number of questions they are written as TOML into a
temporary directory (spans of about a year, windows, a few resolved questions so that the calibration page is
built, several items logged in the report's week so that tables continue), then
:func:`summitcast.render.report.build_report` is timed for week 2025-W44 (median of the repeats after a warm-up run,
which pays for matplotlib's imports and font cache), and so is the whole process ``summitcast report --week
2025-W44 --out PATH`` (median after a warm-up; the goal is for this one), with the CPU time (user + system) of
those runs beside the wall time: on a shared, loaded machine the wall time varies with the other work and the CPU
time much less. Also prints the cost of loading the ledger and of the forecasts alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from common import SUMMITCAST, emit, interleaved


def process_cpu(cmd: list[str], env: dict[str, str], repeats: int) -> float:
    """Median CPU time (user + system, seconds) of ``repeats`` runs of ``cmd`` after a warm-up run."""
    subprocess.run(cmd, env=env, capture_output=True, check=True)
    times = []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, env=env, capture_output=True, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


GOAL_SECONDS = 3.0
WEEK = "2025-W44"


def question_toml(k: int, n_items: int, rng: np.random.Generator) -> str:
    """One generated question: opens in early 2025, a window in week 44, ``n_items`` items."""
    opens = dt.date(2025, 1, 1) + dt.timedelta(days=int(rng.integers(0, 120)))
    deadline = dt.date(2025, 12, 31) if k % 4 else dt.date(2025, 11, 30)
    lines = [
        f'title = "Will leader {k}A and leader {k}B meet in person before {deadline}?"',
        'resolution_criteria = "An in-person meeting reported by two major outlets."',
        f"opens = {opens}",
        f"deadline = {deadline}",
        "",
        "[prior]",
        f"probability = {0.1 + 0.05 * (k % 6):.2f}",
        'rationale = "Generated for the benchmark."',
        "",
        "[[windows]]",
        'id = "summit"',
        'name = "Regional summit"',
        "start = 2025-10-27",
        "end = 2025-10-31",
        "hazard = 10",
    ]
    span = (dt.date(2025, 11, 2) - opens).days
    types = ["principal", "official", "analyst", "media", "market"]
    strengths = ["weak", "moderate", "strong", "very-strong"]
    for i in range(n_items):
        # most items spread over the span so far; one in ten in the report's week
        if i % 10 == 0:
            day = dt.date(2025, 10, 27) + dt.timedelta(days=int(rng.integers(0, 7)))
        else:
            day = opens + dt.timedelta(days=int(rng.integers(0, span)))
        lines += [
            "",
            "[[evidence]]",
            f'id = "e{i:03d}"',
            f"date = {day}",
            f'source = "Source {int(rng.integers(0, 25)):02d} of question {k}"',
            f'source_type = "{types[i % 5]}"',
            f'says = "Generated statement {i} about a possible meeting, long enough to be shortened '
            "in the table of the week's evidence on the report page.\"",
        ]
        if i % 3:
            lines += [
                f'strength = "{strengths[i % 4]}"',
                f'direction = "{"for" if rng.random() < 0.45 else "against"}"',
            ]
        else:
            lines.append(f"lr = {float(np.exp(rng.normal(0, 0.8))):.3f}")
        if i % 7 == 0:
            lines.append('window = "summit"')
        if i % 11 == 0:
            lines.append(f'origin = "shared-{i % 5}"')
    if k % 4 == 0:
        lines += ["", "[resolution]", 'outcome = "no"', "date = 2025-10-31"]
    return "\n".join(lines) + "\n"


def generate(directory: Path, n_questions: int, n_items: int, seed: int = 0) -> None:
    """Write ``n_questions`` question files into ``directory``."""
    rng = np.random.default_rng(seed)
    for k in range(n_questions):
        (directory / f"bench-q{k:02d}.toml").write_text(question_toml(k, n_items, rng))


def bench_size(n_questions: int, args: argparse.Namespace) -> dict:
    """Library and whole-process timings of the report for ``n_questions`` questions."""
    from summitcast.model import forecast, trajectory
    from summitcast.render import report
    from summitcast.store.workspace import Workspace

    repeats = args.repeats if n_questions <= 10 else max(1, args.repeats // 2)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / "forecasts"
        d.mkdir()
        generate(d, n_questions, args.items)
        _, sunday = report.parse_week(WEEK)

        t = time.perf_counter()
        ws = Workspace(d)
        questions = [ws.load_question(qid) for qid in ws.question_ids()]
        t_load = time.perf_counter() - t
        t = time.perf_counter()
        for q in questions:
            forecast(q, sunday)
            trajectory(
                q, [q.opens + dt.timedelta(days=i) for i in range((sunday - q.opens).days + 1)]
            )
        t_model = time.perf_counter() - t

        times = []
        result = None
        for r in range(repeats + 1):  # the first run is the warm-up
            t = time.perf_counter()
            result = report.build_report(
                ws,
                WEEK,
                Path(tmp) / "report.pdf",
                today=dt.date(2025, 11, 2),  # as the command line below is run
                png_dir=Path(tmp) / "png" if args.png else None,
                progress=False,
            )
            if r:
                times.append(time.perf_counter() - t)
        assert result is not None
        size = result.path.stat().st_size
        cmd = [*SUMMITCAST, "--dir", str(d), "report", "--week", WEEK, "--out", f"{tmp}/cli.pdf"]
        env = dict(os.environ, SUMMITCAST_TODAY="2025-11-02")
        proc = interleaved({"report": cmd}, repeats, env)["report"]
        cpu = process_cpu(cmd, env, repeats)
    return {
        "questions": n_questions,
        "items": args.items,
        "load": t_load,
        "model": t_model,
        "build_report": statistics.median(times),
        "build_min": min(times),
        "build_max": max(times),
        "runs": len(times),
        "pages": result.pages,
        "kb": size / 1e3,
        "process": proc,
        "process_cpu": cpu,
    }


def main() -> None:
    """Generate the questions, build the report repeatedly, print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default="3,10,30", help="numbers of questions (default 3,10,30)")
    parser.add_argument("--questions", type=int, help="one number of questions (overrides --sizes)")
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--png", action="store_true", help="also write PNGs")
    parser.add_argument("--quick", action="store_true", help="10 questions only")
    parser.add_argument(
        "--json", action="store_true", help="also print a RESULT line for run_all.py"
    )
    args = parser.parse_args()
    if args.questions:
        sizes = [args.questions]
    elif args.quick:
        sizes = [10]
    else:
        sizes = [int(x) for x in args.sizes.split(",")]

    t_import = time.perf_counter()
    from summitcast.render import report  # noqa: F401  (matplotlib)

    t_import = time.perf_counter() - t_import
    print(f"report {WEEK}, {args.items} items per question, png={args.png}")
    print(f"import summitcast.render.report (matplotlib): {t_import:.2f} s\n")
    print(
        f"{'questions':>9} {'load s':>7} {'model s':>8} {'build_report s':>15} {'pages':>5} "
        f"{'kB':>5} {'process s':>9} {'process CPU s':>13}",
        flush=True,
    )
    rows = []
    for n in sizes:
        row = bench_size(n, args)
        rows.append(row)
        print(
            f"{n:>9} {row['load']:>7.3f} {row['model']:>8.3f} {row['build_report']:>15.2f} "
            f"{row['pages']:>5} {row['kb']:>5.0f} {row['process']:>9.2f} {row['process_cpu']:>13.2f}",
            flush=True,
        )
    print(f"\ngoal: whole process under {GOAL_SECONDS:.0f} s at 10 questions x 100 items")
    emit({"import": t_import, "rows": rows}, args.json)


if __name__ == "__main__":
    main()
