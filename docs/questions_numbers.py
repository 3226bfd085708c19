"""Print what the model says about the shipped questions and events, as quoted in docs/questions.md.

Usage (from the repository root)::

    .venv/bin/python docs/questions_numbers.py

Everything is computed by summitcast itself, from the files in forecasts/ loaded by ``Workspace``:
``model.forecast(question, as_of, event=event)`` (what ``summitcast show ID --as-of D`` prints) on the eve of Trump's
visit to South Korea and after it; the event's own curve (``model.compute_event``, what ``summitcast show EVENT``
prints) by its horizon's end and, for the questions not yet open then, by their deadlines; and the scores
(``scoring.series_scores``, the same code as ``summitcast score``) of each resolved question's daily trajectory
(``comparison.trajectory_series``). No reliability fit is used (the shipped folder has none).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from summitcast.evaluation.comparison import question_span, trajectory_series
from summitcast.model import compute_event, event_forecast, forecast
from summitcast.scoring.series import series_scores
from summitcast.store.workspace import Workspace

FORECASTS = Path(__file__).resolve().parents[1] / "forecasts"
DAYS = (dt.date(2025, 10, 27), dt.date(2025, 10, 31))
#: The questions docs/questions.md is about (forecasts/ also holds the benchmark's events, docs/benchmark.md).
QUESTIONS = ("trump-kim-2025", "trump-kim-2026", "trump-kim-apec-2025", "trump-xi-apec-2025")


def pct(p: float | None) -> str:
    """A probability as a percentage with two decimals."""
    return "-" if p is None else f"{100 * p:.2f}%"


def main() -> None:
    """Print three markdown tables: questions on two days, events on two days, scores."""
    ws = Workspace(FORECASTS)
    loaded = [ws.load(qid) for qid in QUESTIONS]

    print("| question | " + " | ".join(f"as of {d} (80% interval)" for d in DAYS) + " |")
    print("|---|" + "---|" * len(DAYS))
    for q, ev in loaded:
        cells = []
        for d in DAYS:
            f = forecast(q, d, event=ev)
            cells.append(f"{pct(f.probability)} ({pct(f.low)} to {pct(f.high)}), {f.status}")
        print(f"| {q.id} | " + " | ".join(cells) + " |")
    print()

    events = {ev.id: ev for _, ev in loaded if not ev.standalone}
    print("| event: P(meeting ...) | " + " | ".join(f"as of {d}" for d in DAYS) + " |")
    print("|---|" + "---|" * len(DAYS))
    for ev in events.values():
        rows: list[tuple[str, dt.date, dt.date | None]] = [(f"by {ev.until}", ev.until, None)]
        for q, e in loaded:
            if e.id == ev.id and q.opens > DAYS[0]:
                # a question not yet open: the event's P of a meeting within its span, (opens - 1, deadline]
                rows.append((f"in {q.id}'s span", q.deadline, q.opens - dt.timedelta(days=1)))
        questions = [q for q, e in loaded if e.id == ev.id]
        for label, by, after in rows:
            cells = []
            for d in DAYS:
                # by until: what `summitcast show EVENT --as-of D` prints (status "met" after a yes)
                if after is None:
                    f = event_forecast(ev, questions, d)
                    band = f"({pct(f.low)} to {pct(f.high)})"
                    cells.append(f"{pct(f.probability)} {band}, {f.status}")
                else:
                    a = compute_event(ev, [d], [after, by], with_interval=False)
                    cells.append(pct(float(a.point[0, 1] - a.point[0, 0])))
            print(f"| {ev.id}, {label} | " + " | ".join(cells) + " |")
    print()

    print("| resolved question | outcome | days scored | Brier | log | baseline | coverage |")
    print("|---|---|---|---|---|---|---|")
    for q, ev in loaded:
        if q.resolution is None or q.resolution.outcome == "annulled":
            continue
        made = trajectory_series(q, event=ev)
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
