"""Score summitcast on the resolved questions of a forecasts folder (docs/benchmark.md).

    .venv/bin/python bench/benchmark.py [--dir DIR] [--json] [--plot PNG]

Every resolved question's daily trajectory (as of the end of each day, using only what was logged by then) is scored
with Brier, log and the Metaculus baseline score, against the outcome, beside two references: the prior with time
(no evidence) and a constant leave-one-out base rate; bootstrap 95% intervals over events for the differences.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

ROOT = Path(__file__).resolve().parents[1]


def _table(result) -> str:
    lines = [
        f"{'question':<32} {'out':<4} {'days':>5}  {'base: ours':>10} {'prior':>7} {'rate':>7}"
        f"  {'log: ours':>9} {'prior':>7} {'rate':>7}  {'brier':>6}",
    ]
    for q in sorted(result.questions, key=lambda q: q.id):
        s = q.scores
        lines.append(
            f"{q.id:<32} {'yes' if q.outcome else 'no':<4} {q.n_days:>5}  "
            f"{s['summitcast']['baseline']:>10.1f} {s['prior']['baseline']:>7.1f} "
            f"{s['base_rate']['baseline']:>7.1f}  {s['summitcast']['log']:>9.3f} "
            f"{s['prior']['log']:>7.3f} {s['base_rate']['log']:>7.3f}  "
            f"{s['summitcast']['brier']:>6.3f}"
        )
    m = result.summary
    if not m.get("events"):
        return "\n".join([*lines, "no resolved questions"])
    lines.append("")
    lines.append(
        f"{m['events']} events, {m['questions']} questions ({m['yes']} yes, {m['no']} no); "
        "means over events:"
    )
    for f in m["mean"]:
        v = m["mean"][f]
        lines.append(
            f"  {f:<11} brier {v['brier']:.4f}  log {v['log']:+.4f}  baseline {v['baseline']:+.1f}"
        )
    for key, d in m["differences"].items():
        lo, hi = d["ci95"]
        lines.append(f"  {key:<32} {d['mean']:+9.4f}  (95% CI {lo:+.4f} to {hi:+.4f})")
    lines.append(
        f"  log score better than the base rate on {100 * m['log_better_than_base_rate_share']:.0f}% "
        "of events"
    )
    lines.append(f"  learned numbers: {m.get('out_of_sample', '-')}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dir",
        default=str(ROOT / "bench" / "events"),
        help="the benchmark's folder (a summitcast DIR)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--plot", help="write the calibration diagram of all question-days (PNG)")
    parser.add_argument(
        "--tag", help="score only the events (or questions) with this tag, e.g. benchmark"
    )
    args = parser.parse_args(argv)
    from summitcast.errors import SummitcastError
    from summitcast.evaluation.benchmark import run_benchmark

    try:
        result = run_benchmark(args.dir, tag=args.tag)
    except SummitcastError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    if args.plot:
        from benchmark_plot import calibration_plot

        calibration_plot(result, args.plot)
    print(json.dumps(result.to_json(), indent=2) if args.json else _table(result))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main())
