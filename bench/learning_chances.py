"""What ``fit`` learns on forecasts/: each occasion kind's chance and the floated rate, against their priors.

Usage::

    .venv/bin/python bench/learning_chances.py [--dir forecasts] [--draws 1000] [--seed 1] [--out docs/learning_chances.png]

Two fits of the resolved events of DIR (nothing is written to DIR):

* **as recorded**: the events as the ledger holds them. Their priors are hand-set numbers (the benchmark events
  state rule 8 of docs/encoding.md in their rationale but give ``probability``), so no event informs the rate.
* **rule named**: the same events, with every prior whose rationale cites "Rule 8" read as ``rule = "floated"``
  (in memory: its probability then comes from the rule, 1 − e^(−λY), instead of the rounded number written),
  which is how the rate would be learned once the ledger names the rule.

It prints, per learned number, the posterior mean, the central 90% interval, r_hat, bulk ESS, and the divergences
and wall time of each fit (``--json`` for the document), and draws docs/learning_chances.png: each kind's prior
(Beta at its default) and posterior, and the rate's prior and posterior.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def _named(pairs: list) -> tuple[list, int]:
    """The pairs with every "Rule 8" prior read as the floated rule; how many were changed."""
    from summitcast.domain.event import Event
    from summitcast.domain.question import Prior, floated_probability
    from summitcast.model.routes import horizon_years

    out, changed, seen = [], 0, {}
    for q, ev in pairs:
        if ev.id not in seen:
            new = ev
            if "Rule 8" in ev.prior.rationale and ev.prior.rule is None:
                p = floated_probability(horizon_years(ev))
                new = dataclasses.replace(
                    ev, prior=Prior(p, ev.prior.weight, ev.prior.rationale, rule="floated")
                )
                changed += 1
            seen[ev.id] = new
        ev2: Event = seen[ev.id]
        if q.event is None:  # a self-contained question is its own event: carry the prior over
            q = dataclasses.replace(q, prior=ev2.prior)
        out.append((q, ev2))
    return out, changed


def _row(result, name: str, draws: np.ndarray) -> dict:
    lo, hi = np.quantile(draws, [0.05, 0.95])
    diag = next(r for r in result.summary if r["name"] == name)
    return {
        "name": name,
        "mean": round(float(draws.mean()), 3),
        "low90": round(float(lo), 3),
        "high90": round(float(hi), 3),
        "r_hat": round(diag["r_hat"], 3),
        "ess_bulk": round(diag["ess_bulk"]),
    }


def main() -> None:
    """Run both fits, print the table, draw the figure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=ROOT / "forecasts")
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "learning_chances.png")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    logging.getLogger("pymc").setLevel(logging.ERROR)
    from summitcast.fit import fit_questions
    from summitcast.store.workspace import Workspace

    pairs, bad = Workspace(args.dir).load_all()
    if bad:
        raise SystemExit(str(bad[0]))
    named, changed = _named(pairs)
    doc: dict = {"dir": str(args.dir), "draws": args.draws, "chains": 2, "seed": args.seed}
    results = {}
    for label, items in (("as recorded", pairs), ("rule named", named)):
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = fit_questions(
                items, draws=args.draws, chains=2, seed=args.seed, progressbar=False
            )
        wall = time.perf_counter() - t0
        results[label] = res
        rows = [
            _row(res, f"chance[{k}]", res.chance_draws[:, j]) for j, k in enumerate(res.kind_names)
        ]
        rows.append(_row(res, "rate", res.rate_draws))
        for t in res.types:
            col = res.type_draws[:, [x.name for x in res.types].index(t.name)]
            rows.append(_row(res, f"r_type[{t.name}]", col))
        doc[label] = {
            "events": len(res.event_ids),
            "rule_events": changed if label == "rule named" else 0,
            "occasions": {c.name: c.n_items for c in res.chances},
            "divergences": res.divergences,
            "max_r_hat": round(max(r["r_hat"] for r in res.summary), 3),
            "min_ess_bulk": round(min(r["ess_bulk"] for r in res.summary)),
            "wall_seconds": round(wall, 1),
            "guard": res.guard.get("message"),
            "rows": rows,
        }
    _plot(results, args.out)
    doc["figure"] = str(args.out)
    if args.json:
        print(json.dumps(doc, indent=2))
        return
    for label in ("as recorded", "rule named"):
        d = doc[label]
        print(
            f"\n{label}: {d['events']} events ({d['rule_events']} naming the rule), occasions {d['occasions']}; "
            f"divergences {d['divergences']}, max r_hat {d['max_r_hat']}, min ESS {d['min_ess_bulk']}, "
            f"{d['wall_seconds']} s"
        )
        for r in d["rows"]:
            print(
                f"  {r['name']:<20} {r['mean']:.3f}  [{r['low90']:.3f}, {r['high90']:.3f}]  "
                f"r_hat {r['r_hat']:.3f}  ess {r['ess_bulk']}"
            )
    print(f"\nfigure: {args.out}", file=sys.stderr)


def _plot(results: dict, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from scipy import stats

    from summitcast.domain.question import DEFAULT_FLOATED_RATE
    from summitcast.model.routes import CHANCE_PRIOR_WEIGHT, DEFAULT_CHANCE, RATE_PRIOR_SD

    recorded, named = results["as recorded"], results["rule named"]
    fig, axes = plt.subplots(1, 5, figsize=(15, 3.2), constrained_layout=True)
    x = np.linspace(0.001, 0.999, 400)
    for j, kind in enumerate(recorded.kind_names):
        ax = axes[j]
        q0 = DEFAULT_CHANCE[kind]
        prior = stats.beta(q0 * CHANCE_PRIOR_WEIGHT, (1 - q0) * CHANCE_PRIOR_WEIGHT)
        ax.plot(x, prior.pdf(x), color="0.55", lw=1.5, ls="--", label="prior")
        post = recorded.chance_draws[:, j]
        ax.hist(post, bins=40, range=(0, 1), density=True, color="C0", alpha=0.6, label="posterior")
        ax.axvline(q0, color="0.3", lw=1, ls=":")
        ax.axvline(post.mean(), color="C0", lw=1.5)
        n = recorded.chances[j].n_items
        ax.set_title(f"{kind} ({n} occasions)", fontsize=10)
        ax.set_xlabel("chance q")
        ax.set_yticks([])
    ax = axes[4]
    r = np.linspace(0.02, 3.0, 400)
    prior = stats.lognorm(s=RATE_PRIOR_SD, scale=DEFAULT_FLOATED_RATE)
    ax.plot(r, prior.pdf(r), color="0.55", lw=1.5, ls="--", label="prior")
    post = named.rate_draws
    ax.hist(post, bins=40, range=(0, 3), density=True, color="C1", alpha=0.6, label="posterior")
    ax.axvline(DEFAULT_FLOATED_RATE, color="0.3", lw=1, ls=":", label="default")
    ax.axvline(post.mean(), color="C1", lw=1.5)
    ax.set_title(f"floated rate ({named.rate.n_items} events, rule named)", fontsize=10)
    ax.set_xlabel("rate per year")
    ax.set_yticks([])
    ax.legend(fontsize=8, frameon=False)
    fig.suptitle(
        "What summitcast fit learns on forecasts/: occasion chances (as recorded) and the floated rate "
        '(rule 8 read as rule = "floated")',
        fontsize=10,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    main()
