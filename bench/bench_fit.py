"""Benchmark and validate the reliability fit (``summitcast fit``).

Usage::

    .venv/bin/python bench/bench_fit.py               # timings: 200 questions x 20 items, cold + warm cache
    .venv/bin/python bench/bench_fit.py --modes C,NUMBA --samplers pymc,nutpie   # compile modes, samplers
    .venv/bin/python bench/bench_fit.py --validate    # recovery and backtest tables (docs/learning.md)
    .venv/bin/python bench/bench_fit.py --sizes 50,200,800 --cold-only --samplers pymc [--json]   # scaling

Each row is one fresh process. "cold" points PyTensor's ``base_compiledir`` (its C modules and its Numba
cache) and ``NUMBA_CACHE_DIR`` at a new empty folder, so everything is compiled; "warm" runs a new process
again with the same folder (a warm on-disk cache, as on a machine that has run ``fit`` before). Each row
reports: importing PyMC, compiling the model's log-density and gradient (``compile``), sampling (``sample``,
2 chains x 1000 draws after 500 tuning steps, including PyMC's helper functions and computing the
deterministics), and the whole process (from launching Python to the end of the first fit). Then the same
process refits on a time-ordered fold (the first three quarters of the questions), as the backtest does:
``refit compile`` shows that the compiled model is reused. ``--modes`` picks PyTensor's mode for the pymc
sampler's log-density (C or NUMBA); nutpie rows appear with ``--samplers nutpie`` when nutpie is installed.
``--sizes`` runs several numbers of questions (of 20 items); ``--cold-only`` skips the warm runs; ``--json``
also prints a RESULT line for ``bench/run_all.py``. Each simulated question has a trip (a window) and
``WINDOW_SHARE`` of its items are about it, so the fit's hazard groups are exercised (the benchmark
events have about 38% window items). The worker simulates the questions in memory
(``fit.simulate_questions``) and calls ``fit_questions``: reading 200 TOML files and saving the draws, which
``summitcast fit`` adds, cost well under a second.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))

#: The benchmark ledger: 200 resolved questions of 20 items, five source types, 10 sources each.
ACCURACY = {"principal": 0.6, "official": 0.7, "analyst": 0.85, "media": 0.5, "market": 0.8}
N_QUESTIONS = 200
N_ITEMS = 20
SEED = 7
#: Share of items about a trip (a window); the benchmark events have about 38% (docs/learning.md).
WINDOW_SHARE = 0.3


def _sampler(sampler: str, mode: str):
    """The sampler object a worker uses: PyMC with a PyTensor compile mode, or nutpie."""
    from summitcast.fit import PyMCSampler

    if sampler == "pymc":
        return PyMCSampler(mode=None if mode == "C" else mode)
    return sampler


def worker(
    sampler: str,
    draws: int,
    chains: int,
    n_questions: int = N_QUESTIONS,
    mode: str = "C",
    tune: int = 1000,
) -> None:
    """One fit in this process, then a refit on a time-ordered fold; prints a JSON line of timings.

    ``process`` is the wall time from the parent's launch of this process (``BENCH_T0``, so it
    includes starting Python) to the end of the first fit; the refit reuses the compiled model.
    """
    launched = float(os.environ.get("BENCH_T0", time.time()))
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pymc  # noqa: F401

        t_import = time.perf_counter() - t0
        from summitcast import fit

        qs = fit.simulate_questions(
            n_questions,
            N_ITEMS,
            accuracy=ACCURACY,
            sources_per_type=10,
            seed=SEED,
            window_share=WINDOW_SHARE,
        )
        run = _sampler(sampler, mode)
        kw = {"draws": draws, "tune": tune, "chains": chains, "progressbar": False, "sampler": run}
        res = fit.fit_questions(qs, seed=0, **kw)
        process = time.time() - launched
        cpu = sum(
            getattr(resource.getrusage(who), f)
            for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
            for f in ("ru_utime", "ru_stime")
        )
        fold = qs[: (3 * n_questions) // 4]  # the questions that opened first
        t1 = time.perf_counter()
        again = fit.fit_questions(fold, seed=1, **kw)
        refit_wall = time.perf_counter() - t1
    out = {
        "sampler": sampler,
        "mode": mode if sampler == "pymc" else "numba",
        "questions": n_questions,
        "import": t_import,
        "compile": res.timings["compile"],
        "sample": res.timings["sample"],
        "fit_total": res.timings["total"],
        "process": process,
        "cpu": cpu,
        "load": os.getloadavg()[0],
        "divergences": res.divergences,
        "max_r_hat": max(r["r_hat"] for r in res.summary),
        "min_ess_bulk": min(r["ess_bulk"] for r in res.summary),
        "n_sources": len(res.sources),
        "refit_questions": len(fold),
        "refit_compile": again.timings["compile"],
        "refit_sample": again.timings["sample"],
        "refit_wall": refit_wall,
        "refit_divergences": again.divergences,
        "refit_max_r_hat": max(r["r_hat"] for r in again.summary),
    }
    print("RESULT " + json.dumps(out))


def run_timings(
    samplers: list[str],
    draws: int,
    chains: int,
    n_questions: int = N_QUESTIONS,
    runs: tuple[str, ...] = ("cold", "warm"),
    modes: tuple[str, ...] = ("C",),
    tune: int = 1000,
) -> list[dict]:
    """Fit in fresh subprocesses, cold (empty PyTensor/Numba caches) then warm; print a row each.

    "cold" points PyTensor's ``base_compiledir`` (its C modules and its Numba cache) and
    ``NUMBA_CACHE_DIR`` at a new empty folder; "warm" runs again with the same folder.
    """
    rows = []
    combos = [(s, m) for s in samplers for m in (modes if s == "pymc" else ("numba",))]
    for sampler, mode in combos:
        with tempfile.TemporaryDirectory(prefix="pytensor-bench-") as cache:
            env = dict(
                os.environ,
                PYTENSOR_FLAGS=f"base_compiledir={cache}",
                NUMBA_CACHE_DIR=str(Path(cache) / "numba-global"),
            )
            for label in runs:
                env["BENCH_T0"] = repr(time.time())
                proc = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--worker",
                        sampler,
                        "--mode",
                        mode,
                        "--draws",
                        str(draws),
                        "--chains",
                        str(chains),
                        "--tune",
                        str(tune),
                        "--n-questions",
                        str(n_questions),
                    ],
                    env=env,
                    capture_output=True,
                    text=True,
                )
                line = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")]
                if proc.returncode or not line:
                    print(proc.stderr[-2000:], file=sys.stderr)
                    raise SystemExit(f"{sampler} {label} failed")
                row = json.loads(line[0][7:])
                row |= {"run": label, "wall": row["process"]}  # run_all.py reads "wall"
                rows.append(row)
                print(
                    f"| {n_questions} | {sampler} | {row['mode']} | {label} | {row['import']:.1f} | "
                    f"{row['compile']:.1f} | {row['sample']:.1f} | {row['process']:.1f} | "
                    f"{row['cpu']:.1f} | {row['load']:.1f} | "
                    f"{row['divergences']} | {row['max_r_hat']:.3f} | {row['min_ess_bulk']:.0f} | "
                    f"{row['refit_compile']:.2f} | {row['refit_sample']:.1f} | "
                    f"{row['refit_wall']:.1f} |",
                    flush=True,
                )
    return rows


# ------------------------------------------------------------------------------------ validation


def recovery(seed: int = 11, rows: list | None = None) -> None:
    """Recovery: one informative type (analyst, right 85%) and one noise type (media, 50%)."""
    from summitcast import fit as rel

    print("\n## Parameter recovery (analyst right 85% of the time, media 50% or 30%)\n")
    print("| media right | questions x items | analyst mean [80%] | media mean [80%] | P(a > m) |")
    print("|---|---|---|---|---|")
    rows = rows or [
        (0.5, 30, 10, 0.0),
        (0.5, 70, 12, 0.0),
        (0.5, 200, 20, 0.0),
        (0.3, 70, 12, 0.0),
        (0.5, 70, 12, 0.3),  # with trips: 30% of the items about a window
    ]
    for media, n_q, n_i, share in rows:
        acc = {"analyst": 0.85, "media": media}
        qs = rel.simulate_questions(n_q, n_i, accuracy=acc, seed=seed, window_share=share)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = rel.fit_questions(qs, draws=1000, chains=2, seed=0, progressbar=False)
        t = {s.name: s for s in res.types}
        k_a = res.types.index(t["analyst"])
        k_m = res.types.index(t["media"])
        prob = float(np.mean(res.type_draws[:, k_a] > res.type_draws[:, k_m]))
        a, m = t["analyst"], t["media"]
        print(
            f"| {media:.0%} | {n_q} x {n_i}{f', {share:.0%} about a trip' if share else ''} | "
            f"{a.mean:.2f} [{a.low:.2f}, {a.high:.2f}] | "
            f"{m.mean:.2f} [{m.low:.2f}, {m.high:.2f}] | {prob:.3f} |"
        )


def backtest(questions: list | None = None, folds: tuple[int, ...] = (60, 100, 140)) -> None:
    """Time-ordered backtest: fit on the questions resolved before each fold, forecast the fold.

    ``questions`` are resolved questions in order of opening (default: a simulated ledger of 180).
    Each fold's questions are forecast as of the day of their last evidence item, to the deadline.
    """
    from summitcast import fit as rel
    from summitcast import model
    from summitcast.fit.pymc_model import source_capacity

    qs = questions or rel.simulate_questions(
        180, 15, accuracy=ACCURACY, sources_per_type=6, seed=21
    )
    qs = sorted(qs, key=lambda q: q.opens)
    # one compiled model for every fold: room for all the sources of the whole ledger
    sampler = rel.PyMCSampler(capacity=source_capacity(len(rel.fit_data(qs).source_names)))
    rows = {"defaults": [], "learned": []}
    outcomes = []
    for k, start in enumerate(folds):
        cut = qs[start].opens  # fit on the questions resolved before the fold's first one opens
        train = [q for q in qs if q.resolution.date < cut]
        test = qs[start : folds[k + 1] if k + 1 < len(folds) else len(qs)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = rel.fit_questions(
                train, draws=1000, chains=2, seed=0, progressbar=False, sampler=sampler
            )
        learned = model.LearnedReliability(
            by_type={t.name: res.type_draws[:, i] for i, t in enumerate(res.types)},
            by_source={s.name: res.source_draws[:, i] for i, s in enumerate(res.sources)},
        )
        for q in test:
            if not q.evidence:
                continue
            as_of = max(e.logged for e in q.evidence)
            outcomes.append(q.resolution.outcome == "yes")
            rows["defaults"].append(model.forecast(q, as_of).probability)
            rows["learned"].append(model.forecast(q, as_of, learned=learned).probability)
    y = np.array(outcomes, dtype=float)
    print(f"\n## Backtest (time-ordered, {len(y)} forecast questions, {len(folds)} folds)\n")
    print("| reliability | Brier | log score (mean ln p(outcome)) |")
    print("|---|---|---|")
    for name, ps in rows.items():
        p = np.clip(np.array(ps), 0.001, 0.999)
        brier = float(np.mean((p - y) ** 2))
        log = float(np.mean(np.log(np.where(y == 1, p, 1 - p))))
        print(f"| {name} | {brier:.4f} | {log:.4f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--worker", metavar="SAMPLER")
    ap.add_argument("--mode", default="C", help=argparse.SUPPRESS)
    ap.add_argument(
        "--modes", default="C", help="PyTensor modes for the pymc sampler, e.g. C,NUMBA"
    )
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--chains", type=int, default=2)
    ap.add_argument("--tune", type=int, default=500)
    ap.add_argument("--samplers", default=None, help="comma-separated (default: pymc[,nutpie])")
    ap.add_argument("--validate", action="store_true")
    ap.add_argument("--n-questions", type=int, default=N_QUESTIONS, help=argparse.SUPPRESS)
    ap.add_argument(
        "--sizes", default=str(N_QUESTIONS), help="numbers of questions, e.g. 50,200,800"
    )
    ap.add_argument("--cold-only", action="store_true", help="skip the warm runs")
    ap.add_argument("--json", action="store_true", help="also print a RESULT line for run_all.py")
    args = ap.parse_args()
    if args.worker:
        worker(args.worker, args.draws, args.chains, args.n_questions, args.mode, args.tune)
        return
    if args.validate:
        import logging

        logging.getLogger("pymc").setLevel(logging.ERROR)
        recovery()
        backtest()
        return
    samplers = args.samplers.split(",") if args.samplers else ["pymc"]
    if args.samplers is None:
        try:
            import nutpie  # noqa: F401

            samplers.append("nutpie")
        except ImportError:
            pass
    sizes = [int(x) for x in args.sizes.split(",")]
    print(
        f"{N_ITEMS} items per question, {args.chains} chains x {args.draws} draws after "
        f"{args.tune} tuning steps, "
        f"{os.cpu_count()} cores\n"
    )
    print(
        "| questions | sampler | mode | cache | import s | compile s | sample s | process wall s | "
        "process CPU s | load | divergences | max r_hat | min ess_bulk | refit compile s | refit sample s | refit wall s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|", flush=True)
    runs = ("cold",) if args.cold_only else ("cold", "warm")
    rows = []
    for n in sizes:
        rows += run_timings(
            samplers, args.draws, args.chains, n, runs, tuple(args.modes.split(",")), args.tune
        )
    from common import emit

    emit({"rows": rows}, args.json)


if __name__ == "__main__":
    main()
