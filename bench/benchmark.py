"""Score summitcast on the resolved questions of the benchmark's folder (docs/benchmark.md).

    .venv/bin/python bench/benchmark.py [--dir DIR] [--fit] [--folds K] [--json] [--plot PNG]

With ``--fit`` the shipped method (``summitcast``) forecasts each event with the numbers ``fit`` learns from the
events of the other folds only (the fit is saved and loaded as ``summitcast fit`` does, guard included), so every
figure is out of sample; without it, ``summitcast`` is the v3 model with its documented defaults.

Every resolved question's daily trajectory (as of the end of each day, using only what was logged by then) is scored
with Brier, log and the Metaculus baseline score, against the outcome, beside two references: the prior with time
(no evidence) and a constant leave-one-out base rate; bootstrap 95% intervals over events for the differences.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
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


def fold_learner(draws: int, chains: int, record: list[dict], without: tuple[str, ...] = ()):
    """A ``learn(train_pairs)`` for run_benchmark: fit, save and load as ``summitcast fit`` does (guard included).

    Each fit's guard verdict and learned summaries are appended to ``record``.
    """
    import tempfile

    def learn(train):
        from summitcast.fit import fit_questions
        from summitcast.fit.storage import load_learned, save_fit

        res = fit_questions(
            train, draws=draws, chains=chains, seed=0, progressbar=False, tune=draws
        )
        with tempfile.TemporaryDirectory() as tmp:
            save_fit(Path(tmp), res, input_digest="benchmark-fold", tune=draws)
            learned = load_learned(Path(tmp))
        if (
            learned is not None and without
        ):  # a variant: some learned numbers left at their defaults
            learned = replace(
                learned,
                rate=None if "rate" in without else learned.rate,
                chance_by_kind={} if "chances" in without else learned.chance_by_kind,
                by_type={} if "reliability" in without else learned.by_type,
                by_source={} if "reliability" in without else learned.by_source,
            )
        record.append(
            {
                "events": len({ev.id for _, ev in train}),
                "guard": res.guard,
                "applied": learned is not None,
                "chances": {c.name: [c.mean, c.low, c.high] for c in res.chances},
                "rate": None if res.rate is None else [res.rate.mean, res.rate.low, res.rate.high],
                "divergences": res.divergences,
                "max_r_hat": max(
                    (float(r.get("r_hat", 0) or 0) for r in _rows(res.summary)), default=None
                ),
            }
        )
        return learned

    return learn


def _rows(summary) -> list[dict]:
    """The fit summary's rows as dicts (whatever container the fit returns)."""
    if isinstance(summary, dict):
        return [v for v in summary.values() if isinstance(v, dict)]
    return [r if isinstance(r, dict) else getattr(r, "__dict__", {}) for r in summary]


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
    parser.add_argument(
        "--fit", action="store_true", help="learn the rubric's numbers out of sample"
    )
    parser.add_argument(
        "--folds", type=int, default=5, help="folds of the cross-fit (0: one per event)"
    )
    parser.add_argument(
        "--draws", type=int, default=500, help="posterior draws per chain of each fit"
    )
    parser.add_argument("--chains", type=int, default=2, help="chains of each fit")
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        choices=("rate", "chances", "reliability"),
        help="with --fit: leave these learned numbers at their defaults (a variant)",
    )
    args = parser.parse_args(argv)
    from summitcast.errors import SummitcastError
    from summitcast.evaluation.benchmark import run_benchmark
    from summitcast.store.workspace import Workspace

    folds: list[dict] = []
    learn = fold_learner(args.draws, args.chains, folds, tuple(args.without)) if args.fit else None
    try:
        result = run_benchmark(Workspace(args.dir), tag=args.tag, learn=learn, folds=args.folds)
    except SummitcastError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    if folds:
        result.summary["fits"] = folds
    if args.plot:
        from benchmark_plot import calibration_plot

        calibration_plot(result, args.plot)
    print(json.dumps(result.to_json(), indent=2) if args.json else _table(result))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main())
