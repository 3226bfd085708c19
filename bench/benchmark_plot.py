"""The reliability diagrams of the benchmark's question-days by horizon (bench/benchmark.py --plot PNG)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summitcast.evaluation.benchmark import BenchmarkResult

import numpy as np

#: The horizons of the benchmark's questions (days from opens), as bench/benchmark.py labels them.
HORIZONS = ("90", "180", "365")


def calibration_plot(result: BenchmarkResult, path: str | Path) -> Path:
    """Draw the shipped method's calibration over question-days, one panel per horizon (each question weighs 1).

    Each panel's title gives its expected calibration error beside the base rate's and rubric v2's.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from summitcast.evaluation.benchmark import _horizon
    from summitcast.render.plotting import plot_calibration
    from summitcast.scoring.rules import calibration_bins, expected_calibration_error

    fig = Figure(figsize=(11.0, 4.0), dpi=110)
    for k, h in enumerate(HORIZONS):
        days = [d for d in result.days if _horizon(d.question) == h]
        ax = fig.add_subplot(1, len(HORIZONS), k + 1)
        if not days:
            continue
        obs = np.concatenate([np.full(len(d.days), int(d.outcome)) for d in days])
        w = np.concatenate([np.full(len(d.days), 1.0 / len(d.days)) for d in days])

        def ece(name: str, obs=obs, w=w, days=days) -> float:
            fct = np.clip(np.concatenate([d.forecasts[name] for d in days]), 0, 1)
            return expected_calibration_error(obs, fct, n_bins=10, weights=w)

        fct = np.clip(np.concatenate([d.forecasts["summitcast"] for d in days]), 0, 1)
        bins = calibration_bins(obs, fct, n_bins=10, weights=w)
        plot_calibration(ax, bins.edges, bins.count, bins.mean_forecast, bins.observed)
        ax.set_title(
            f"by opens + {h} days: {len(days)} questions\n"
            f"ECE {ece('summitcast'):.3f} (v2 {ece('v2'):.3f}, base rate {ece('base_rate'):.3f})",
            fontsize=8.5,
            pad=16,  # above the row of bin counts
        )
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out, metadata={"Software": None})
    return out
