"""What the benchmark's fold fits learned: each occasion kind's chance and the floated rate against their priors.

    .venv/bin/python bench/learned_plot.py bench/results/benchmark_fit_all.json docs/learning_chances.png

Reads ``summary.fits`` of a ``bench/benchmark.py --fit --json`` document (one entry per fold: the posterior mean and
central 90% interval of each kind's chance and of the rate) and draws, per number, the prior's 90% interval (the
documented default held as Beta(q·6, (1 − q)·6), or the rate's log-normal) beside each fold's posterior interval.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Draw the figure."""
    args = sys.argv[1:] if argv is None else argv
    fits = json.loads(Path(args[0]).read_text())["summary"]["fits"]
    out = Path(args[1])
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from scipy import stats

    from summitcast.domain.question import DEFAULT_FLOATED_RATE
    from summitcast.model.routes import CHANCE_PRIOR_WEIGHT, DEFAULT_CHANCE, RATE_PRIOR_SD

    fig = Figure(figsize=(9.0, 3.6), dpi=110)
    ax, axr = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
    kinds = list(DEFAULT_CHANCE)
    for i, kind in enumerate(kinds):
        q0 = DEFAULT_CHANCE[kind]
        prior = stats.beta(q0 * CHANCE_PRIOR_WEIGHT, (1 - q0) * CHANCE_PRIOR_WEIGHT)
        lo, hi = prior.ppf(0.05), prior.ppf(0.95)
        ax.plot(
            [i - 0.25, i - 0.25], [lo, hi], color="0.6", lw=3, label="prior" if i == 0 else None
        )
        ax.plot(i - 0.25, q0, "o", color="0.4")
        for k, f in enumerate(fits):
            m, a, b = f["chances"][kind]
            x = i + 0.05 + 0.12 * k
            ax.plot(
                [x, x], [a, b], color="C0", lw=1.5, label="fold posteriors" if i == k == 0 else None
            )
            ax.plot(x, m, "o", color="C0", ms=3)
    ax.set_xticks(range(len(kinds)), kinds)
    ax.set_ylim(0, 1)
    ax.set_ylabel("chance of a meeting during the occasion")
    ax.set_title("occasion chances: prior (grey) and 3 fold fits (90%)", fontsize=9)
    ax.legend(fontsize=7, loc="lower left")
    mu = math.log(DEFAULT_FLOATED_RATE)
    lo, hi = math.exp(mu - 1.645 * RATE_PRIOR_SD), math.exp(mu + 1.645 * RATE_PRIOR_SD)
    axr.plot([-0.25, -0.25], [lo, hi], color="0.6", lw=3)
    axr.plot(-0.25, DEFAULT_FLOATED_RATE, "o", color="0.4")
    for k, f in enumerate(fits):
        if f["rate"] is None:
            continue
        m, a, b = f["rate"]
        x = 0.05 + 0.12 * k
        axr.plot([x, x], [a, b], color="C0", lw=1.5)
        axr.plot(x, m, "o", color="C0", ms=3)
    axr.set_xticks([0], ["floated rate λ (per year)"])
    axr.set_xlim(-0.8, 0.8)
    axr.set_ylim(0, max(hi, 1.0) * 1.05)
    axr.set_title("the floated rule's rate: prior and fold fits", fontsize=9)
    fig.tight_layout()
    fig.savefig(out, metadata={"Software": None})
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
