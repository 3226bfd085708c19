"""Run every benchmark in fresh subprocesses and print one report with the goals, PASS or MISS.

Usage::

    .venv/bin/python bench/run_all.py            # all sizes (scaling tables); fit at 50, 200, 800 questions
    .venv/bin/python bench/run_all.py --quick    # the goal sizes only, fewer repeats; fit at 200 questions
    .venv/bin/python bench/run_all.py --no-fit   # skip the PyMC fit (minutes)

Each benchmark script (bench_cli, bench_score, bench_report, bench_fit) runs as its own process with ``--json``;
its table is passed through as it runs and its ``RESULT`` line is collected. The report then gives the machine,
the floor ``python -c "import numpy"`` measured in this run, the goal table, the scaling tables and an
``-X importtime`` audit of ``show``, ``add`` and ``list`` (no matplotlib, scipy, PyMC, pytensor or arviz).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_cli import write_ledger  # noqa: E402
from common import FLOOR, PYTHON, interleaved, machine  # noqa: E402

HEAVY = ("matplotlib", "scipy", "pymc", "pytensor", "arviz")


def bench(script: str, *args: str) -> dict:
    """Run ``bench/<script>`` with ``--json`` in a fresh process, echo its output, return its RESULT."""
    print(f"\n$ {Path(PYTHON).name} bench/{script} {' '.join(args)} --json", flush=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [PYTHON, str(HERE / script), *args, "--json"], stdout=subprocess.PIPE, text=True
    )
    result = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
        else:
            print("  " + line, end="", flush=True)
    if proc.wait() or result is None:
        raise SystemExit(f"bench/{script} failed (exit {proc.returncode})")
    print(f"  ({time.perf_counter() - t0:.0f} s)", flush=True)
    return result


def import_audit(top: int = 15) -> dict:
    """``-X importtime`` of ``show``, ``add`` (on a copy) and ``list`` at 300 items; heavy modules on each path."""
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / "f"
        d.mkdir()
        for k in range(3):
            write_ledger(d / f"q{k}.toml", 300, seed=k)
        env = dict(os.environ, SUMMITCAST_TODAY="2025-12-31")
        cmds = {
            "show": ["show", "q0"],
            "add": [
                "add",
                "q1",
                "--source",
                "S",
                "--says",
                "x",
                "--lr",
                "2",
                "--date",
                "2025-12-30",
            ],
            "list": ["list"],
        }
        for name, args in cmds.items():
            # one run to warm the file cache, then the measured one
            for _ in range(2):
                proc = subprocess.run(
                    [PYTHON, "-X", "importtime", "-m", "summitcast", "--dir", str(d), *args],
                    env=env,
                    capture_output=True,
                    text=True,
                )
                if proc.returncode:
                    raise SystemExit(proc.stderr[-2000:])
            rows = []
            for line in proc.stderr.splitlines():
                m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
                if m:
                    rows.append((m[4], int(m[1]), int(m[2]), len(m[3]) // 2))
            heavy = sorted({r[0] for r in rows if r[0].split(".")[0] in HEAVY})
            out[name] = {"modules": len(rows), "heavy": heavy, "rows": rows}
    rows = out["show"]["rows"]
    total = sum(r[1] for r in rows)
    print(
        f"\n## -X importtime of `summitcast show` (300 items): {len(rows)} modules, {total / 1e3:.0f} ms"
    )
    print("\nTop-level imports by cumulative time (self = the module's own code):\n")
    print("| module | cumulative ms | self ms |")
    print("|---|---|---|")
    for name, self_us, cum_us, depth in sorted(rows, key=lambda r: -r[2]):
        if depth <= 1 and name.split(".")[0] not in ("encodings", "site"):
            print(f"| {'  ' * depth}{name} | {cum_us / 1e3:.1f} | {self_us / 1e3:.1f} |")
            top -= 1
            if not top:
                break
    print("\nModules with the largest own (self) time:\n")
    print("| module | self ms |")
    print("|---|---|")
    for name, self_us, _, _ in sorted(rows, key=lambda r: -r[1])[:12]:
        print(f"| {name} | {self_us / 1e3:.1f} |")
    print()
    for name, info in out.items():
        verdict = "none" if not info["heavy"] else ", ".join(info["heavy"])
        print(f"{name}: {info['modules']} modules imported; heavy ({', '.join(HEAVY)}): {verdict}")
    return {k: {"modules": v["modules"], "heavy": v["heavy"]} for k, v in out.items()}


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="goal sizes only, fewer repeats")
    ap.add_argument("--no-fit", action="store_true", help="skip the PyMC fit benchmark")
    args = ap.parse_args()
    t_start = time.perf_counter()
    m = machine()
    print("# summitcast benchmarks\n")
    print(f"machine: {m['cpu']}, {m['cores']} cores; Python {m['python']}; numpy {m['numpy']}")
    print(
        f"platform: {m['platform']}; PYTHONDONTWRITEBYTECODE={'1' if m['dont_write_bytecode'] else 'unset'}"
    )
    floor = interleaved({"floor": FLOOR}, 7 if args.quick else 15)["floor"]
    print(
        f"floor (python -c 'import numpy', median of {'7' if args.quick else '15'}): {1000 * floor:.0f} ms"
    )

    q = ["--quick"] if args.quick else []
    cli = bench("bench_cli.py", *q)
    score = bench("bench_score.py", *q, *(["--repeats", "3"] if args.quick else []))
    report = bench("bench_report.py", *(["--quick", "--repeats", "1"] if args.quick else []))
    fit = None
    if not args.no_fit:
        fit = bench(
            "bench_fit.py",
            "--samplers",
            "pymc",
            "--cold-only",
            "--sizes",
            "200" if args.quick else "50,200,800",
        )
    events = bench("bench_events.py", "--repeats", "3" if args.quick else "7")
    audit = import_audit()

    r300 = next(r for r in cli["rows"] if r["items"] == 300)
    s1000 = next(r for r in score["rows"] if r["questions"] == 1000)
    rep10 = next(r for r in report["rows"] if r["questions"] == 10)
    goals = [
        (
            "show, 300 items",
            f"{1000 * r300['show']:.0f} ms (floor {1000 * r300['floor']:.0f} ms)",
            f"{r300['show'] / r300['floor']:.2f}x",
            "<= 3x floor",
            r300["show"] / r300["floor"] <= 3,
        ),
        (
            "history 365 d, 300 items",
            f"{1000 * r300['history']:.0f} ms (floor {1000 * r300['floor']:.0f} ms)",
            f"{r300['history'] / r300['floor']:.2f}x",
            "<= 12x floor",
            r300["history"] / r300["floor"] <= 12,
        ),
        (
            "model.trajectory 365 d, 300 items",
            f"{1000 * r300['lib_trajectory']:.1f} ms",
            f"{r300['lib_trajectory']:.3f} s",
            "< 50 ms",
            r300["lib_trajectory"] < 0.05,
        ),
        (
            "score 1,000 q x 30,000 points",
            f"{s1000['process']:.2f} s whole process",
            f"{s1000['process']:.2f} s",
            "< 5 s",
            s1000["process"] < 5,
        ),
        (
            "report 10 q x 100 items",
            f"{rep10['process']:.2f} s whole process",
            f"{rep10['process']:.2f} s",
            "<= 3 s (issue 15)",
            rep10["process"] <= 3,
        ),
    ]
    for row in events["rows"]:
        goal = {"show question": 2.0, "history of a year": 3.0, "show EVENT": 3.0}.get(row["name"])
        if goal is not None:
            goals.append(
                (
                    f"event (300 items, 4 years): {row['name']}",
                    f"{1000 * row['seconds']:.0f} ms",
                    f"{row['ratio']:.2f}x",
                    f"<= {goal:g}x floor (issue 12)",
                    row["ratio"] <= goal,
                )
            )
        elif row["name"].startswith("list"):
            goals.append(
                (
                    "list 1,000 question files (250 events)",
                    f"{1000 * row['seconds']:.0f} ms",
                    f"{row['seconds']:.2f} s",
                    "< 1 s (issue 12)",
                    row["seconds"] < 1,
                )
            )
    if fit:
        f200 = next(r for r in fit["rows"] if r["questions"] == 200)
        goals.append(
            (
                "fit 200 q x 20 items, cold",
                f"{f200['wall']:.1f} s (compile {f200['compile']:.1f}, sample {f200['sample']:.1f})",
                f"{f200['wall']:.1f} s",
                "<= 10 s (issue 13)",
                f200["wall"] <= 10,
            )
        )
    else:
        goals.append(("fit 200 q x 20 items, cold", "skipped (--no-fit)", "-", "<= 10 s", None))
    goals.append(
        (
            "no heavy imports on show/add/list",
            "; ".join(f"{k}: {', '.join(v['heavy']) or 'none'}" for k, v in audit.items()),
            "-",
            "none",
            not any(v["heavy"] for v in audit.values()),
        )
    )

    print("\n## Goals\n")
    print(f"machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}, numpy {m['numpy']}")
    print(
        f"floor in this run: {1000 * floor:.0f} ms (run_all), {1000 * r300['floor']:.0f} ms (next to show)\n"
    )
    print("| goal | measured | ratio / seconds | target | result |")
    print("|---|---|---|---|---|")
    for name, figure, value, target, ok in goals:
        print(f"| {name} | {figure} | {value} | {target} | {'-' if ok is None else verdict(ok)} |")

    print("\n## Scaling\n")
    print(
        "| items | floor ms | show ms (x floor) | history 365 d ms (x floor) | list x10 ms | parse ms | "
        "forecast ms | trajectory ms |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in cli["rows"]:
        print(
            f"| {r['items']:,} | {1000 * r['floor']:.0f} | {1000 * r['show']:.0f} ({r['show'] / r['floor']:.2f}x) | "
            f"{1000 * r['history']:.0f} ({r['history'] / r['floor']:.2f}x) | {1000 * r['list']:.0f} | "
            f"{1000 * r['lib_parse']:.1f} | {1000 * r['lib_forecast']:.1f} | {1000 * r['lib_trajectory']:.1f} |"
        )
    if cli["list"]:
        print("\n| files (30 items each) | list ms | x floor | ms per file above the floor |")
        print("|---|---|---|---|")
        for r in cli["list"]:
            print(
                f"| {r['files']:,} | {1000 * r['list']:.0f} | {r['list'] / r['floor']:.1f}x | "
                f"{1000 * (r['list'] - r['floor']) / r['files']:.2f} |"
            )
    p = cli["pyc"]
    print(
        f"\nshow at 300 items with a bytecode cache: {1000 * p['show_cached']:.0f} ms = "
        f"{p['show_cached'] / p['floor_cached']:.2f}x floor (as run: {p['show'] / p['floor']:.2f}x)"
    )
    print("\n| questions | points per series | score_files s | + to_json s | whole process s |")
    print("|---|---|---|---|---|")
    for r in score["rows"]:
        print(
            f"| {r['questions']:,} | {r['points']:,} | {r['lib_score_files']:.3f} | "
            f"{r['lib_with_json']:.3f} | {r['process']:.2f} |"
        )
    print(
        "\n| questions x 100 items | load s | model s | build_report s | pages | whole process s |"
    )
    print("|---|---|---|---|---|---|")
    for r in report["rows"]:
        print(
            f"| {r['questions']} | {r['load']:.3f} | {r['model']:.3f} | {r['build_report']:.2f} | "
            f"{r['pages']} | {r['process']:.2f} |"
        )
    if fit:
        print(
            "\n| questions x 20 items (cold) | import PyMC s | compile s | sample s | whole process s |"
        )
        print("|---|---|---|---|---|")
        for r in fit["rows"]:
            print(
                f"| {r['questions']} | {r['import']:.1f} | {r['compile']:.1f} | {r['sample']:.1f} | "
                f"{r['wall']:.1f} |"
            )
    print(f"\n(total {time.perf_counter() - t_start:.0f} s)")


if __name__ == "__main__":
    main()
