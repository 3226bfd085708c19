"""The calibration diagram of all benchmark question-days (bench/benchmark.py --plot PNG)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summitcast.evaluation.benchmark import BenchmarkResult

import numpy as np


def calibration_plot(result: BenchmarkResult, path: str | Path) -> Path:
    """Draw the calibration of the model's and the prior's daily forecasts (each question weighted equally)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from summitcast.render.plotting import plot_calibration
    from summitcast.scoring.rules import calibration_bins

    fig = Figure(figsize=(8.4, 4.2), dpi=110)
    for k, name in enumerate(("summitcast", "prior")):
        obs = np.concatenate([np.full(len(d.days), int(d.outcome)) for d in result.days])
        fct = np.concatenate([np.clip(d.forecasts[name], 0, 1) for d in result.days])
        w = np.concatenate([np.full(len(d.days), 1.0 / len(d.days)) for d in result.days])
        bins = calibration_bins(obs, fct, n_bins=10, weights=w)
        ax = fig.add_subplot(1, 2, k + 1)
        plot_calibration(ax, bins.edges, bins.count, bins.mean_forecast, bins.observed)
        label = "summitcast (evidence)" if name == "summitcast" else "prior + time (no evidence)"
        ax.set_title(f"{label}: {len(result.days)} questions", fontsize=9)
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out, metadata={"Software": None})
    return out
