"""Time-ordered backtest of the reliability fit on the benchmark events (issue 13.4, docs/learning.md).

    .venv/bin/python bench/backtest.py [--dir DIR] [--json] [--cuts D1,D2,...] [--draws N]

The resolved events tagged ``benchmark`` in DIR (default forecasts/) are ordered by their outcome date
(the date of their questions' resolution: the meeting's day, or the day after the deadline for a
``no``). For each cut date, the fit learns from the events whose outcome came before the cut, and
the events whose outcome falls between this cut and the next are forecast with and without the
learned reliabilities and scored as ``summitcast.evaluation.benchmark.run_benchmark(DIR, learned=...,
only={events}, tag="benchmark")`` does (the daily trajectory of each question against its outcome:
Brier, log, Metaculus baseline; means over events). So every later event is scored once, with the
fit available when its block began (an expanding window). Differences learned − defaults come with
seeded bootstrap 95% intervals over events, per fold and overall (and overall as forecasts would
have had it: the learned reliabilities only in the folds whose fit the guard applies, the
defaults elsewhere). Then the fit on all the
benchmark events: each source type's posterior mean and central 90% interval.

Default cuts: the first after ``--min-train`` events (8), then the remaining events split into four
blocks of about equal size, each cut moved back to the first event of its outcome date (events of
one date stay on one side). One compiled model serves every fold (``PyMCSampler`` with the
capacity of the largest), so only the first fit compiles; the table gives each fold's times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from summitcast.evaluation.benchmark import run_benchmark  # noqa: E402
from summitcast.model import LearnedReliability  # noqa: E402
from summitcast.scoring.rules import bootstrap_mean_ci  # noqa: E402
from summitcast.store.workspace import Workspace  # noqa: E402

TAG = "benchmark"
SCORES = ("brier", "log", "baseline")
#: Central mass of the per-type intervals reported on all events.
TYPE_INTERVAL = 0.90


def benchmark_events(directory: Path) -> tuple[list, dict[str, dt.date], dict[str, bool]]:
    """The (question, event) pairs of the resolved benchmark events, each event's outcome date and
    whether it met."""
    pairs, bad = Workspace(directory).load_all()
    if bad:
        raise bad[0]
    chosen = [
        (q, ev)
        for q, ev in pairs
        if TAG in (*ev.tags, *q.tags)
        and q.resolution is not None
        and q.resolution.outcome in ("yes", "no")
    ]
    when: dict[str, dt.date] = {}
    met: dict[str, bool] = {}
    for q, ev in chosen:
        r = q.resolution
        yes = r.outcome == "yes"
        if yes and (not met.get(ev.id) or r.date < when[ev.id]):
            when[ev.id], met[ev.id] = r.date, True
        elif not met.get(ev.id):
            when[ev.id] = max(when.get(ev.id, r.date), r.date)
            met[ev.id] = False
    return chosen, when, met


def default_cuts(when: dict[str, dt.date], min_train: int = 8, blocks: int = 4) -> list[dt.date]:
    """The first cut after ``min_train`` events, then ``blocks`` blocks of about equal size."""
    dates = sorted(when.values())
    rest = len(dates) - min_train
    idx = [min_train + round(i * rest / blocks) for i in range(blocks)]
    cuts = []
    for i in idx:
        while i > 0 and dates[i - 1] == dates[i]:
            i -= 1  # keep events of one outcome date on one side
        if dates[i] not in cuts:
            cuts.append(dates[i])
    return cuts


def learned_from(result: Any) -> LearnedReliability:
    """The fit's draws as forecasts use them (``load_learned`` would return the same)."""
    return LearnedReliability(
        by_type={t.name: result.type_draws[:, i] for i, t in enumerate(result.types)},
        by_source={s.name: result.source_draws[:, i] for i, s in enumerate(result.sources)},
    )


def _per_event(directory: Path, learned: LearnedReliability | None, only: set[str]) -> dict:
    res = run_benchmark(Workspace(directory), learned=learned, only=only, tag=TAG)
    return {e: v["summitcast"] for e, v in res.summary.get("per_event", {}).items()}


def _compare(defaults: dict, learned: dict, events: list[str]) -> dict[str, Any]:
    """Means of both and the paired difference learned − defaults, with a bootstrap 95% interval."""
    out: dict[str, Any] = {"events": len(events)}
    for k in SCORES:
        a = np.array([defaults[e][k] for e in events])
        b = np.array([learned[e][k] for e in events])
        lo, hi = bootstrap_mean_ci(b - a, n_boot=10_000, seed=0)
        out[k] = {
            "defaults": float(a.mean()),
            "learned": float(b.mean()),
            "difference": float((b - a).mean()),
            "ci95": [lo, hi],
        }
    return out


def _fit(pairs: list, sampler: Any, draws: int) -> Any:
    from summitcast.fit import fit_questions

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fit_questions(
            pairs, draws=draws, tune=500, chains=2, seed=0, progressbar=False, sampler=sampler
        )


def _types(result: Any, prob: float = TYPE_INTERVAL) -> dict[str, dict[str, float]]:
    tail = (1 - prob) / 2
    out = {}
    for i, t in enumerate(result.types):
        lo, hi = np.quantile(result.type_draws[:, i], [tail, 1 - tail])
        out[t.name] = {
            "mean": t.mean,
            "low": float(lo),
            "high": float(hi),
            "default": t.default,
            "items": t.n_items,
        }
    return out


def backtest(directory: Path, cuts: list[dt.date] | None = None, draws: int = 1000) -> dict:
    """Run the folds and the fit on all events; the JSON document (module docstring)."""
    from summitcast.fit import PyMCSampler, fit_data
    from summitcast.fit.pymc_model import source_capacity

    pairs, when, met = benchmark_events(directory)
    cuts = cuts or default_cuts(when)
    sampler = PyMCSampler(capacity=source_capacity(len(fit_data(pairs).source_names)))
    folds, all_defaults, all_learned, all_guarded, tested = [], {}, {}, {}, []
    bounds = [*cuts, dt.date.max]
    for k, cut in enumerate(cuts):
        train = [(q, ev) for q, ev in pairs if when[ev.id] < cut]
        test = sorted(e for e, d in when.items() if cut <= d < bounds[k + 1])
        if not train or not test:
            continue
        t0 = time.perf_counter()
        res = _fit(train, sampler, draws)
        wall = time.perf_counter() - t0
        defaults = _per_event(directory, None, set(test))
        learned = _per_event(directory, learned_from(res), set(test))
        all_defaults |= defaults
        all_learned |= learned
        all_guarded |= learned if res.guard["passes"] else defaults  # what forecasts would use
        tested += test
        folds.append(
            {
                "cut": cut.isoformat(),
                "train_events": len(res.event_ids),
                "train_met": int(sum(met[e] for e in res.event_ids)),
                "test": test,
                "test_met": int(sum(met[e] for e in test)),
                "guard": res.guard,
                "types": _types(res),
                "divergences": res.divergences,
                "timings": {**res.timings, "wall": wall},
                "scores": _compare(defaults, learned, test),
            }
        )
    t0 = time.perf_counter()
    full = _fit(pairs, sampler, draws)
    return {
        "dir": str(directory),
        "events": len(when),
        "met": int(sum(met.values())),
        "folds": folds,
        "overall": _compare(all_defaults, all_learned, tested),
        "overall_guarded": _compare(all_defaults, all_guarded, tested),
        "all_events": {
            "types": _types(full),
            "guard": full.guard,
            "divergences": full.divergences,
            "max_r_hat": max(r["r_hat"] for r in full.summary),
            "timings": {**full.timings, "wall": time.perf_counter() - t0},
        },
    }


def _score_row(label: str, s: dict) -> str:
    cells = []
    for k in SCORES:
        v = s[k]
        fmt = ".1f" if k == "baseline" else ".3f"
        cells.append(
            f"{v['defaults']:{fmt}} → {v['learned']:{fmt}} ({v['difference']:+{fmt}} "
            f"[{v['ci95'][0]:+{fmt}}, {v['ci95'][1]:+{fmt}}])"
        )
    return f"| {label} | " + " | ".join(cells) + " |"


def render(doc: dict) -> str:
    """The markdown tables docs/learning.md shows."""
    lines = [
        f"Backtest on {doc['events']} benchmark events ({doc['met']} met) in {doc['dir']}",
        "",
        "| fold (cut) | train events (met) | applied by the guard | test events (met) | "
        "refit compile s | refit sample s |",
        "|---|---|---|---|---|---|",
    ]
    for f in doc["folds"]:
        lines.append(
            f"| {f['cut']} | {f['train_events']} ({f['train_met']}) | "
            f"{'yes' if f['guard']['passes'] else 'no'} | {len(f['test'])} ({f['test_met']}) | "
            f"{f['timings']['compile']:.1f} | {f['timings']['sample']:.1f} |"
        )
    lines += [
        "",
        "Scores, defaults → learned (difference learned − defaults [bootstrap 95% over events]); "
        "Brier lower is better, log and baseline higher:",
        "",
        "| fold | Brier | log | baseline |",
        "|---|---|---|---|",
    ]
    for f in doc["folds"]:
        lines.append(_score_row(f"{f['cut']} ({len(f['test'])} events)", f["scores"]))
    lines.append(_score_row(f"**all folds** ({doc['overall']['events']} events)", doc["overall"]))
    lines.append(
        _score_row("all folds, learned only where the guard applies it", doc["overall_guarded"])
    )
    lines += [
        "",
        "What the fit learns per source type "
        f"(posterior mean [central {TYPE_INTERVAL:.0%}]; default; items):",
        "",
        "| source type | "
        + " | ".join(f"fold {f['cut']}" for f in doc["folds"])
        + " | all events |",
        "|---|" + "---|" * (len(doc["folds"]) + 1),
    ]
    for name in doc["all_events"]["types"]:
        cells = [f["types"][name] for f in doc["folds"]] + [doc["all_events"]["types"][name]]
        lines.append(
            f"| {name} (default {cells[-1]['default']:.2f}) | "
            + " | ".join(
                f"{c['mean']:.2f} [{c['low']:.2f}, {c['high']:.2f}] ({c['items']})" for c in cells
            )
            + " |"
        )
    a = doc["all_events"]
    lines += [
        "",
        f"All events: {a['guard']['message']} Divergences {a['divergences']}, max r_hat "
        f"{a['max_r_hat']:.3f}; fit {a['timings']['wall']:.1f} s (compile "
        f"{a['timings']['compile']:.1f} s, sample {a['timings']['sample']:.1f} s).",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--dir", type=Path, default=ROOT / "forecasts")
    ap.add_argument("--json", action="store_true", help="print one JSON document")
    ap.add_argument("--cuts", help="comma-separated cut dates (default: see above)")
    ap.add_argument("--draws", type=int, default=1000, help="draws per chain (2 chains)")
    args = ap.parse_args()
    import logging

    logging.getLogger("pymc").setLevel(logging.ERROR)
    cuts = [dt.date.fromisoformat(c) for c in args.cuts.split(",")] if args.cuts else None
    doc = backtest(args.dir, cuts, args.draws)
    print(json.dumps(doc, indent=1) if args.json else render(doc))


if __name__ == "__main__":
    main()
