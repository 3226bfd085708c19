"""Print what the model says about the shipped questions, as quoted in docs/questions.md.

Usage (from the repository root)::

    .venv/bin/python docs/questions_numbers.py

Everything is computed by summitcast itself: ``model.forecast`` (what ``summitcast show --as-of`` prints) on the
eve of Trump's visit to South Korea and after it, and the scores (``scoring.series_scores``, the same code as
``summitcast score``) of each resolved question's daily trajectory (``comparison.trajectory_series``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from summitcast.comparison import question_span, trajectory_series
from summitcast.ledger import load_all
from summitcast.model import forecast
from summitcast.scoring import series_scores

FORECASTS = Path(__file__).resolve().parents[1] / "forecasts"
DAYS = (dt.date(2025, 10, 27), dt.date(2025, 10, 31))


def pct(p: float | None) -> str:
    """A probability as a percentage with two decimals."""
    return "-" if p is None else f"{100 * p:.2f}%"


def main() -> None:
    """Print two markdown tables."""
    questions = load_all(FORECASTS)
    print("| question | " + " | ".join(f"as of {d} (80% interval)" for d in DAYS) + " |")
    print("|---|" + "---|" * len(DAYS))
    for q in questions:
        cells = []
        for d in DAYS:
            f = forecast(q, d)
            cells.append(f"{pct(f.probability)} ({pct(f.low)} to {pct(f.high)}), {f.status}")
        print(f"| {q.id} | " + " | ".join(cells) + " |")
    print()
    print("| resolved question | outcome | days scored | Brier | log | baseline | coverage |")
    print("|---|---|---|---|---|---|---|")
    for q in questions:
        if q.resolution is None or q.resolution.outcome == "annulled":
            continue
        made = trajectory_series(q)
        if made is None:
            continue
        series, probs = made
        obs = 1 if q.resolution.outcome == "yes" else 0
        opens, closes, resolved = question_span(q)
        s = series_scores(obs, series, opens=opens, closes=closes, resolved=resolved)
        print(
            f"| {q.id} | {q.resolution.outcome} | {len(probs)} | {s['brier']:.4f} | {s['log']:.4f} "
            f"| {s['baseline']:+.2f} | {100 * s['coverage']:.1f}% |"
        )


if __name__ == "__main__":
    main()
